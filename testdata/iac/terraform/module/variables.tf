variable "build_image" {
  description = "the image the builds run on"
  type        = string
  default     = "public.ecr.aws/docker/library/node:20"
}

variable "compute" {
  type    = string
  default = "BUILD_GENERAL1_LARGE"
}

variable "privileged" {
  type    = bool
  default = true
}
