// Package image is what rules know of the build image: an Inventory of the tools it contains
// (with versions and where each fact came from), how its Docker daemon starts (DockerdMode),
// and Spec, the configuration's description of an image. Package internal/inventory builds
// inventories from the built-in data, Dockerfiles and tool lists.
package image
