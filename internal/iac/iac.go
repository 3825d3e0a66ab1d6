// Package iac reads the AWS CodeBuild projects that infrastructure as code defines:
// CloudFormation and SAM templates (YAML and JSON), the templates CDK synthesizes under cdk.out,
// and Terraform's aws_codebuild_project. A project says which buildspec it runs (a path, or the
// buildspec itself, written inline) and on what: its image, compute type, privileged mode and
// Docker server. The CLI binds each buildspec to its projects, so the image rules need no
// configuration; an inline buildspec is linted in place (buildspec.Embedded).
package iac

import (
	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
	"github.com/buildspec-lint/buildspec-lint/lint/image"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// Kind is the kind of file a project is defined in.
type Kind string

// The kinds of files read.
const (
	CloudFormation Kind = "CloudFormation"
	SAM            Kind = "SAM"
	CDK            Kind = "CDK"
	Terraform      Kind = "Terraform"
)

// Project is one CodeBuild project: where it is defined and what it says about its builds.
// A value that the file does not give as a literal (a reference that resolves to nothing
// literal) is "" with its Known flag false; ranges are zero when the key is absent.
type Project struct {
	// Name is the project's logical ID (CloudFormation, CDK) or resource name (Terraform).
	Name string
	Kind Kind
	// ProjectName is the CodeBuild project's own name (Properties.Name, Terraform's name), which
	// a CodeBuild-hosted runner label names (codebuild-NAME-${{ github.run_id }}-...): the
	// literal it resolves to through parameters, variables and locals, "" when the file does not
	// give it as one (CloudFormation then generates a name). ProjectNameAt is where it is
	// written (zero when absent).
	ProjectName   string
	ProjectNameAt source.Range
	// Source is the template or .tf file; At is the resource's name or logical ID in it.
	Source *source.Source
	At     source.Range

	// Image is the image reference (Environment.Image, environment { image }), resolved through
	// parameters, variables, locals and repositories of the same template or module when a
	// literal is reachable. ImageKnown is false when it is not: a custom image, unknown.
	Image      string
	ImageKnown bool
	ImageAt    source.Range
	// Privileged is the privileged mode; PrivilegedAt is where it is written, or where it would
	// go (the environment block) when absent.
	Privileged   image.Privileged
	PrivilegedAt source.Range
	// ComputeType (BUILD_GENERAL1_SMALL, BUILD_LAMBDA_2GB, ...) and EnvType (LINUX_CONTAINER,
	// LINUX_LAMBDA_CONTAINER, ARM_CONTAINER, WINDOWS_SERVER_2019_CONTAINER, ...), "" when not
	// given as literals.
	ComputeType string
	ComputeAt   source.Range
	EnvType     string
	// DockerServer is true when the environment configures the Docker server.
	DockerServer bool

	// BuildSpecPath is the buildspec's path as written, relative to the project's source root
	// ("" when the buildspec is inline or not given: then CodeBuild reads buildspec.yml at the
	// source root, unless Inline is set). BuildSpecAt is where the path or the inline text is.
	BuildSpecPath string
	BuildSpecAt   source.Range
	// BuildSpecTemplate is true when BuildSpecPath is a Terraform template (templatefile()):
	// ReadTemplateFile reads it.
	BuildSpecTemplate bool
	// Inline is the buildspec written in the file itself, nil when it is a path or absent.
	Inline *buildspec.Embedded
	// BuildSpecUnknown is true when the project names a buildspec that cannot be read: a value
	// built by a function (!Join, !If, a !Sub of what the template does not hold) or an S3
	// object. Neither the default buildspec.yml nor any file of the repository is then known
	// to be the project's; BuildSpecAt is where the value is.
	BuildSpecUnknown bool
	// Dir is the directory that a relative BuildSpecPath resolves against when it is not the
	// repository root: Terraform's path.module for file() and templatefile(); "" for the source
	// root (the root of the git repository that holds the file).
	Dir string
}

// Label names the project and where it is defined, for messages: "template.yaml:42, project
// BuildProject".
func (p *Project) Label() string {
	return p.Source.Path + ":" + itoa(p.At.Start.Line) + ", project " + p.Name
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for ; n > 0; n /= 10 {
		i--
		b[i] = byte('0' + n%10)
	}
	return string(b[i:])
}

// Problem is what makes a file, or a project in it, unreadable: a syntax error, a BuildSpec of
// the wrong type. The CLI reports it as a finding at Range.
type Problem struct {
	Range   source.Range
	Message string
}

// File is what one file defines.
type File struct {
	Projects []*Project
	Problems []Problem
}

// Read reads the CodeBuild projects of one file: a .tf file as Terraform, anything else as a
// CloudFormation, SAM or CDK template (YAML or JSON). A file that defines no CodeBuild project
// (MayDefine false) costs a byte scan.
func Read(src *source.Source) *File {
	if !MayDefine(src.Path, src.Data) {
		return &File{}
	}
	if isTerraform(src.Path) {
		return readTerraform(src)
	}
	return readTemplate(src)
}
