package iac

import (
	"bytes"
	"path/filepath"
	"strings"
)

// isTerraform reports whether path is a Terraform file.
func isTerraform(path string) bool { return strings.EqualFold(filepath.Ext(path), ".tf") }

// MayDefine reports whether the file may define a CodeBuild project: its text names the
// resource type. Every other template or .tf file is passed over after this scan.
func MayDefine(path string, data []byte) bool {
	if isTerraform(path) {
		return bytes.Contains(data, []byte("aws_codebuild_project"))
	}
	return bytes.Contains(data, []byte("AWS::CodeBuild::Project"))
}
