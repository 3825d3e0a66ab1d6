package iac

import "github.com/buildspec-lint/buildspec-lint/lint/source"

// readTerraform reads the aws_codebuild_project resources of a .tf file.
func readTerraform(src *source.Source) *File { return &File{} }
