package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/buildspec-lint/buildspec-lint/internal/iac"
	"github.com/buildspec-lint/buildspec-lint/internal/imageread"
	"github.com/buildspec-lint/buildspec-lint/internal/inventory"
	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
	"github.com/buildspec-lint/buildspec-lint/lint/image"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// The binding is tested on projects that fakeRead makes from a small subset of CloudFormation
// YAML, so that it does not wait for the readers of package iac (tested there): under
// Resources, a two-space-indented logical ID with Type AWS::CodeBuild::Project, and its
// Image, PrivilegedMode, ComputeType, the environment's Type, DockerServer and BuildSpec
// (a path, a | block, or a !Join or other function: unknown). A .tf file's projects resolve their path against its directory
// (Dir, as Terraform's path.module). A line holding !!broken is a problem.

// fakeReads counts the files fakeRead is given: only those iac.MayDefine passes.
var fakeReads atomic.Int64

func fakeRead(src *source.Source) *iac.File {
	fakeReads.Add(1)
	f := &iac.File{}
	var p *iac.Project
	flush := func() {
		if p != nil && p.Kind != "" {
			f.Projects = append(f.Projects, p)
		}
		p = nil
	}
	lines := strings.SplitAfter(string(src.Data), "\n")
	off := 0
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		start := off
		off += len(line)
		text := strings.TrimRight(line, "\r\n")
		trimmed := strings.TrimLeft(text, " ")
		indent := len(text) - len(trimmed)
		key, val, _ := strings.Cut(trimmed, ":")
		val = strings.TrimSpace(val)
		rng := func() source.Range {
			at := start + indent + len(key) + 2
			return src.Range(at, start+len(text))
		}
		switch {
		case strings.Contains(text, "!!broken"):
			f.Problems = append(f.Problems, iac.Problem{Range: src.Range(start+indent, start+len(text)), Message: "the template is not valid YAML: fix the syntax"})
		case indent == 2 && val == "":
			flush()
			p = &iac.Project{Name: key, Source: src, At: src.Range(start+2, start+2+len(key))}
			if strings.HasSuffix(src.Path, ".tf") {
				p.Dir = filepath.Dir(src.Path)
			}
		case p == nil:
		case key == "Type" && val == "AWS::CodeBuild::Project":
			p.Kind = iac.CloudFormation
		case key == "Image":
			p.Image, p.ImageKnown, p.ImageAt = val, !strings.HasPrefix(val, "!"), rng()
			if !p.ImageKnown {
				p.Image = ""
			}
		case key == "PrivilegedMode":
			p.Privileged, p.PrivilegedAt = image.PrivilegedOff, rng()
			if val == "true" {
				p.Privileged = image.PrivilegedOn
			}
		case key == "ComputeType":
			p.ComputeType, p.ComputeAt = val, rng()
		case key == "Type":
			p.EnvType = val
		case key == "DockerServer":
			p.DockerServer = true
		case key == "BuildSpec" && val == "|":
			body := off
			var text strings.Builder
			for i+1 < len(lines) && (strings.HasPrefix(lines[i+1], strings.Repeat(" ", indent+2)) || strings.TrimSpace(lines[i+1]) == "") {
				i++
				text.WriteString(strings.TrimPrefix(lines[i], strings.Repeat(" ", indent+2)))
				off += len(lines[i])
			}
			p.Inline, _ = buildspec.Embed(src, text.String(), body, 0)
			p.BuildSpecAt = src.Range(body, off)
		case key == "BuildSpec" && strings.HasPrefix(val, "!"):
			p.BuildSpecUnknown, p.BuildSpecAt = true, rng()
		case key == "BuildSpec":
			p.BuildSpecPath, p.BuildSpecAt = val, rng()
		}
	}
	flush()
	return f
}

// lintTree writes files into a new repository (a directory with .git), runs the CLI there
// with fakeRead as the reader, and returns its exit code, stdout and stderr.
func lintTree(t *testing.T, files map[string]string, args ...string) (int, string, string) {
	t.Helper()
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	return lintIn(t, dir, files, args...)
}

func lintIn(t *testing.T, dir string, files map[string]string, args ...string) (int, string, string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	old := readProjects
	readProjects = func(src *source.Source) *iac.File {
		if !iac.MayDefine(src.Path, src.Data) {
			t.Errorf("%s: read although it names no CodeBuild project", src.Path)
		}
		return fakeRead(src)
	}
	t.Cleanup(func() { readProjects = old })
	t.Chdir(dir)
	t.Setenv("NO_COLOR", "1")
	var stdout, stderr bytes.Buffer
	code := run(append([]string{"--no-snippet"}, args...), strings.NewReader(""), &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// project writes a template with one CodeBuild project.
func project(name string, env ...string) string {
	var b strings.Builder
	b.WriteString("AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  " + name + ":\n    Type: AWS::CodeBuild::Project\n    Properties:\n")
	for _, e := range env {
		b.WriteString("      " + e + "\n")
	}
	return b.String()
}

const installsJq = "version: 0.2\nphases:\n  install:\n    commands:\n      - apt-get install -y jq\n"

func wantLines(t *testing.T, out string, res ...string) {
	t.Helper()
	for _, re := range res {
		if !regexp.MustCompile("(?m)" + re).MatchString(out) {
			t.Errorf("no line matches %q in:\n%s", re, out)
		}
	}
}

func notLines(t *testing.T, out string, res ...string) {
	t.Helper()
	for _, re := range res {
		if regexp.MustCompile("(?m)" + re).MatchString(out) {
			t.Errorf("a line matches %q in:\n%s", re, out)
		}
	}
}

// A buildspec that a project names, whatever its file name, is linted with the project's image,
// and the message says where the image comes from.
func TestBindProjectImage(t *testing.T) {
	code, out, errOut := lintTree(t, map[string]string{
		"infra/template.yaml": project("BuildProject", "Image: aws/codebuild/standard:7.0", "BuildSpec: ci/build.yml"),
		"ci/build.yml":        installsJq,
	})
	if code != exitFindings {
		t.Errorf("exit %d, want %d; stderr:\n%s", code, exitFindings, errOut)
	}
	wantLines(t, out, `^ci/build\.yml:5:28: warning: jq is already in image aws/codebuild/standard:7\.0 \(infra/template\.yaml:3, project BuildProject\); remove it from this install`)
}

// Discovery reads the files that may be templates only when their bytes name a CodeBuild
// project, never under the directories it skips, and a directory with a project but no
// buildspec*.yml is not an error.
func TestBindDiscovery(t *testing.T) {
	fakeReads.Store(0)
	bucket := "Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n"
	code, out, errOut := lintTree(t, map[string]string{
		"template.yaml":                    project("Build", "Image: aws/codebuild/standard:7.0", "BuildSpec: ci/build.yml"),
		"ci/build.yml":                     installsJq,
		"bucket.yaml":                      bucket,
		"data.json":                        `{"a": 1}`,
		"main.tf":                          "resource \"aws_s3_bucket\" \"b\" {}\n",
		"stack.template":                   bucket,
		"node_modules/pkg/template.yaml":   project("Vendored", "BuildSpec: ci/build.yml"),
		".github/workflows/template.yaml":  project("Workflow", "BuildSpec: ci/build.yml"),
		"cdk.out/App.template.json":        "{\"Resources\": {\"B\": {\"Type\": \"AWS::S3::Bucket\"}}}\n",
		"vendor/x/main.tf":                 "resource \"aws_codebuild_project\" \"x\" {}\n",
		"docs/notes.txt":                   "AWS::CodeBuild::Project\n",
		"excluded/template.yaml":           project("Excluded", "BuildSpec: ci/build.yml"),
		".buildspec-lint.yaml":             "exclude: [\"excluded/**\"]\n",
		"ci/other-not-a-buildspec.yml.bak": "",
	}, ".")
	if code != exitFindings {
		t.Errorf("exit %d, want %d; stderr:\n%s", code, exitFindings, errOut)
	}
	if n := fakeReads.Load(); n != 1 {
		t.Errorf("%d files read as templates, want 1 (template.yaml)", n)
	}
	wantLines(t, out, `^ci/build\.yml:5:28: warning: jq is already in image aws/codebuild/standard:7\.0 \(template\.yaml:3, project Build\)`)
	notLines(t, errOut, `no buildspec found`)
}

// A directory whose templates define no CodeBuild project, and no buildspec, is still an error.
func TestBindNoProjectNoBuildspec(t *testing.T) {
	code, _, errOut := lintTree(t, map[string]string{
		"bucket.yaml": "Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n",
		"infra.yaml":  "# AWS::CodeBuild::Project is mentioned, none is defined\nResources: {}\n",
	}, ".")
	if code != exitUsage {
		t.Errorf("exit %d, want %d", code, exitUsage)
	}
	wantLines(t, errOut, `^buildspec-lint: \.: no buildspec found`)
}

// A project that names no buildspec runs buildspec.yml at the root of the repository that
// holds the template; when there is none, nothing is bound and nothing is reported.
func TestBindDefaultBuildspec(t *testing.T) {
	code, out, errOut := lintTree(t, map[string]string{
		"deploy/cfn/template.yaml": project("Build", "Image: aws/codebuild/standard:7.0"),
		"buildspec.yml":            installsJq,
	}, "--verbose", ".")
	if code != exitFindings {
		t.Errorf("exit %d, want %d; stderr:\n%s", code, exitFindings, errOut)
	}
	wantLines(t, out, `^buildspec\.yml:5:28: warning: jq is already in image aws/codebuild/standard:7\.0 \(deploy/cfn/template\.yaml:3, project Build\)`)
	wantLines(t, errOut, `^buildspec-lint: buildspec\.yml: linted with image aws/codebuild/standard:7\.0 \(deploy/cfn/template\.yaml:3, project Build\)$`)

	code, out, errOut = lintTree(t, map[string]string{
		"template.yaml": project("Build", "Image: aws/codebuild/standard:7.0"),
	}, ".")
	if code != exitOK || strings.Contains(out, "BSL") || errOut != "" {
		t.Errorf("no buildspec.yml: exit %d, stdout %q, stderr %q; want 0 and no finding", code, out, errOut)
	}
}

// A path that names no file is a finding of BSL017 at the path in the template.
func TestBindMissingBuildspec(t *testing.T) {
	code, out, _ := lintTree(t, map[string]string{
		"infra/template.yaml": project("Build", "Image: aws/codebuild/standard:7.0", "BuildSpec: ci/missing.yml"),
		"buildspec.yml":       "version: 0.2\nphases:\n  build:\n    commands:\n      - make\n",
	}, ".")
	if code != exitFindings {
		t.Errorf("exit %d, want %d", code, exitFindings)
	}
	wantLines(t, out, `^infra/template\.yaml:7:18: error: project Build names the buildspec ci/missing\.yml, which is not at ci/missing\.yml \(its builds fail with YAML_FILE_ERROR\): correct the path, relative to the root of the repository \[BSL017 invalid-template\]`)
}

// A path that is an S3 object or holds a substitution, or a buildspec the template does not
// give as a literal (BuildSpecUnknown), names no file that can be told: no finding, and the
// default buildspec.yml is not the project's.
func TestBindRemoteBuildspec(t *testing.T) {
	for _, path := range []string{"arn:aws:s3:::ci-bucket/buildspec.yml", "s3://ci-bucket/buildspec.yml", "ci/${Stage}/buildspec.yml", `!Join ["/", [ci, !Ref Stage, buildspec.yml]]`} {
		code, out, errOut := lintTree(t, map[string]string{
			"template.yaml": project("Build", "Image: aws/codebuild/standard:7.0", "BuildSpec: "+path),
			"buildspec.yml": installsJq,
		}, ".")
		if code != exitOK || strings.Contains(out, "BSL017") || strings.Contains(out, "project Build") {
			t.Errorf("%s: exit %d, stdout:\n%s\nstderr:\n%s", path, code, out, errOut)
		}
	}
}

// Without a repository, the path is relative to the template's directory; a .tf file's project
// resolves against its module directory (Dir).
func TestBindSourceRoot(t *testing.T) {
	dir := t.TempDir() // no .git
	code, out, errOut := lintIn(t, dir, map[string]string{
		"app/template.yaml": project("Build", "Image: aws/codebuild/standard:7.0", "BuildSpec: ci/build.yml"),
		"app/ci/build.yml":  installsJq,
		"mod/main.tf":       "# aws_codebuild_project\n" + strings.TrimPrefix(project("tf", "Image: aws/codebuild/standard:7.0", "BuildSpec: bs.yml"), "AWSTemplateFormatVersion: \"2010-09-09\"\n"),
		"mod/bs.yml":        installsJq,
	}, "app", "mod")
	if code != exitFindings {
		t.Errorf("exit %d, want %d; stderr:\n%s", code, exitFindings, errOut)
	}
	wantLines(t, out,
		`^app/ci/build\.yml:5:28: warning: jq is already in image aws/codebuild/standard:7\.0 \(app/template\.yaml:3, project Build\)`,
		`^mod/bs\.yml:5:28: warning: jq is already in image aws/codebuild/standard:7\.0 \(mod/main\.tf:3, project tf\)`)
}

// --image, an image= directive and the configuration win over the project's image.
func TestBindPrecedence(t *testing.T) {
	files := map[string]string{
		"template.yaml": project("Build", "Image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/ci:1", "BuildSpec: ci/build.yml"),
		"ci/build.yml":  installsJq,
	}
	_, out, _ := lintTree(t, files)
	wantLines(t, out, `^ci/build\.yml:5:28: notice: jq is installed on every build, and what image 123456789012\.dkr\.ecr\.us-east-1\.amazonaws\.com/ci:1 \(template\.yaml:3, project Build\) contains is known only in part`)

	_, out, _ = lintTree(t, files, "--image", "aws/codebuild/amazonlinux-x86_64-standard:5.0")
	notLines(t, out, `project Build`)
	wantLines(t, out, `^ci/build\.yml:5:9: error: apt-get is not on image aws/codebuild/amazonlinux-x86_64-standard:5\.0`)

	files[".buildspec-lint.yaml"] = "image: aws/codebuild/standard:7.0\n"
	_, out, errOut := lintTree(t, files, "--verbose", ".")
	wantLines(t, out, `^ci/build\.yml:5:28: warning: jq is already in image aws/codebuild/standard:7\.0 \(built-in inventory\); remove it`)
	notLines(t, out, `project Build`)
	wantLines(t, errOut, `^buildspec-lint: ci/build\.yml: linted with image aws/codebuild/standard:7\.0; the command line or the configuration names it, not project Build \(template\.yaml:3, project Build\)$`)

	delete(files, ".buildspec-lint.yaml")
	files["ci/build.yml"] = "# buildspec-lint image=aws/codebuild/standard:7.0\n" + installsJq
	_, out, _ = lintTree(t, files)
	wantLines(t, out, `^ci/build\.yml:6:28: warning: jq is already in image aws/codebuild/standard:7\.0 \(built-in inventory\); remove it`)
}

// A file that two projects with different images run is linted once per image: a finding both
// raise is reported once, one that differs names its project.
func TestBindTwoProjects(t *testing.T) {
	spec := installsJq + "env:\n  variables:\n    PATH: /opt/bin:$PATH\n"
	tmpl := project("Curated", "Image: aws/codebuild/standard:7.0", "BuildSpec: ci/build.yml") +
		"  Custom:\n    Type: AWS::CodeBuild::Project\n    Properties:\n      Image: !Ref CustomImage\n      BuildSpec: ci/build.yml\n" +
		"  Same:\n    Type: AWS::CodeBuild::Project\n    Properties:\n      Image: aws/codebuild/standard:7.0\n      BuildSpec: ci/build.yml\n"
	code, out, errOut := lintTree(t, map[string]string{"template.yaml": tmpl, "ci/build.yml": spec}, "--verbose", ".")
	if code != exitFindings {
		t.Errorf("exit %d, want %d; stderr:\n%s", code, exitFindings, errOut)
	}
	wantLines(t, out,
		`^ci/build\.yml:5:28: warning: jq is already in image aws/codebuild/standard:7\.0 \(template\.yaml:3, project Curated\); remove it from this install \(project Curated\)`,
		`^ci/build\.yml:5:28: notice: jq is installed on every build, and what the image contains is known only in part: .* \(project Custom\)`)
	if n := strings.Count(out, "BSL401"); n != 1 {
		t.Errorf("the finding both images raise is reported %d times, want once:\n%s", n, out)
	}
	notLines(t, out, `BSL401.*\(project`, `project Same`)
	wantLines(t, errOut,
		`^buildspec-lint: ci/build\.yml: linted with image aws/codebuild/standard:7\.0 \(template\.yaml:3, project Curated\)$`,
		`^buildspec-lint: ci/build\.yml: linted with an image of unknown contents \(template\.yaml:8, project Custom\)$`,
		`^buildspec-lint: ci/build\.yml: also run by project Same \(template\.yaml:13, project Same\), with the same image$`)
}

// An inline buildspec is linted in place: its findings sit in the template.
func TestBindInline(t *testing.T) {
	tmpl := project("Build", "Image: aws/codebuild/standard:7.0", "BuildSpec: |") +
		"        version: 0.2\n        phases:\n          install:\n            commands:\n              - apt-get install -y jq\n"
	code, out, errOut := lintTree(t, map[string]string{"template.yaml": tmpl}, "--verbose", ".")
	if code != exitFindings {
		t.Errorf("exit %d, want %d; stderr:\n%s", code, exitFindings, errOut)
	}
	wantLines(t, out, `^template\.yaml:12:36: warning: jq is already in image aws/codebuild/standard:7\.0 \(template\.yaml:3, project Build\)`)
	wantLines(t, errOut, `^buildspec-lint: template\.yaml:8: inline buildspec of project Build: linted with image aws/codebuild/standard:7\.0 \(template\.yaml:3, project Build\)$`)
}

// A template named on the command line is read as one, not linted as a buildspec; its
// problems are BSL017 findings, which the configuration can turn off.
func TestBindNamedTemplate(t *testing.T) {
	files := map[string]string{
		"template.yaml": project("Build", "Image: aws/codebuild/standard:7.0", "BuildSpec: ci/build.yml", "Broken: !!broken"),
		"ci/build.yml":  installsJq,
	}
	code, out, _ := lintTree(t, files, "template.yaml")
	if code != exitFindings {
		t.Errorf("exit %d, want %d", code, exitFindings)
	}
	wantLines(t, out,
		`^template\.yaml:8:7: error: the template is not valid YAML: fix the syntax \[BSL017 invalid-template\]`,
		`^ci/build\.yml:5:28: warning: jq is already in image`)
	notLines(t, out, `^template\.yaml:.*BSL00`)

	files[".buildspec-lint.yaml"] = "rules: {invalid-template: off}\n"
	_, out, _ = lintTree(t, files, "template.yaml")
	notLines(t, out, `BSL017`)
}

// The project's privileged mode, compute and Docker server reach the inventory.
func TestProjectSpec(t *testing.T) {
	src := source.NewSource("t.yaml", []byte("x\n"))
	p := &iac.Project{Name: "B", Source: src, Image: "aws/codebuild/standard:7.0", ImageKnown: true,
		Privileged: image.PrivilegedOff, PrivilegedAt: src.Range(0, 1), ComputeType: "BUILD_GENERAL1_SMALL", ComputeAt: src.Range(0, 1)}
	spec := projectSpec(p)
	if spec.Image != "aws/codebuild/standard:7.0" || spec.Dockerd != "" || spec.Compute != image.ComputeEC2 || spec.ComputeOrigin != "t.yaml:1:1" {
		t.Errorf("curated: %+v", spec)
	}
	if spec.Privileged != image.PrivilegedOff || spec.PrivilegedAt == nil || spec.PrivilegedAt.Source != src || spec.PrivilegedAt.Project != "B" || spec.Project != "t.yaml:0, project B" {
		t.Errorf("privileged: %+v", spec)
	}
	inv, err := (&inventories{}).get("", spec)
	if err != nil {
		t.Fatal(err)
	}
	if inv.Privileged != image.PrivilegedOff || inv.PrivilegedAt != spec.PrivilegedAt || inv.Defined != spec.Project || inv.Compute != image.ComputeEC2 {
		t.Errorf("inventory: privileged %v at %v, defined %q, compute %v", inv.Privileged, inv.PrivilegedAt, inv.Defined, inv.Compute)
	}

	p = &iac.Project{Name: "C", Source: src, Image: "my/ci:1", ImageKnown: true, DockerServer: true}
	spec = projectSpec(p)
	if spec.Image != "" || spec.Name != "my/ci:1" || spec.Ref != "my/ci:1" || spec.Platform != "" || spec.Docker != image.DockerServer || spec.Dockerd != "" {
		t.Errorf("custom with Docker server: %+v", spec)
	}
	// The image is read by reference; when it cannot be, it is a custom image of unknown contents.
	readImage = func(context.Context, string, imageread.Options) (*imageread.Contents, error) {
		return nil, errors.New("no credentials")
	}
	defer func() { readImage = imageread.Read }()
	var re *inventory.ReadError
	if _, err := (&inventories{reads: &imageReads{}}).get("", spec); !errors.As(err, &re) || re.Ref != "my/ci:1" {
		t.Errorf("reading my/ci:1: %v, want a ReadError", err)
	}
	spec.Ref = ""
	inv, err = (&inventories{}).get("", spec)
	if err != nil {
		t.Fatal(err)
	}
	if !inv.Custom || !inv.Partial || inv.Docker != image.DockerServer {
		t.Errorf("custom inventory: custom %v partial %v docker %v", inv.Custom, inv.Partial, inv.Docker)
	}

	for _, tt := range []struct {
		image, envType, ref, platform string
	}{
		{"123456789012.dkr.ecr.eu-west-1.amazonaws.com/ci:2026-11", "ARM_CONTAINER", "123456789012.dkr.ecr.eu-west-1.amazonaws.com/ci:2026-11", "linux/arm64"},
		{"public.ecr.aws/docker/library/alpine:3.20", "LINUX_CONTAINER", "public.ecr.aws/docker/library/alpine:3.20", ""},
		{"aws/codebuild/amazonlinux2-x86_64-standard:1.0", "LINUX_CONTAINER", "", ""}, // CodeBuild's own: no registry serves it
		{"Not A Ref", "", "", ""},
		{"oci:layout", "", "", ""},
	} {
		spec := projectSpec(&iac.Project{Name: "E", Source: src, Image: tt.image, ImageKnown: true, EnvType: tt.envType})
		if spec.Ref != tt.ref || spec.Platform != tt.platform {
			t.Errorf("%s (%s): ref %q platform %q, want %q %q", tt.image, tt.envType, spec.Ref, spec.Platform, tt.ref, tt.platform)
		}
	}

	spec = projectSpec(&iac.Project{Name: "D", Source: src})
	if spec.Image != "" || spec.Name != "" || spec.Dockerd != "manual" {
		t.Errorf("unknown image: %+v", spec)
	}
	spec = projectSpec(&iac.Project{Name: "L", Source: src, Image: "aws/codebuild/amazonlinux-x86_64-lambda-standard:python3.12", ImageKnown: true, ComputeType: "BUILD_LAMBDA_1GB", EnvType: "LINUX_LAMBDA_CONTAINER"})
	if spec.Compute != image.ComputeLambda || spec.Dockerd != "" {
		t.Errorf("lambda: %+v", spec)
	}
}

func TestProjectCompute(t *testing.T) {
	for _, tt := range []struct {
		ct, et string
		want   image.Compute
	}{
		{"BUILD_GENERAL1_SMALL", "LINUX_CONTAINER", image.ComputeEC2},
		{"BUILD_GENERAL1_2XLARGE", "LINUX_GPU_CONTAINER", image.ComputeEC2},
		{"BUILD_EC2_MEDIUM", "", image.ComputeEC2},
		{"BUILD_LAMBDA_2GB", "LINUX_LAMBDA_CONTAINER", image.ComputeLambda},
		{"", "ARM_LAMBDA_CONTAINER", image.ComputeLambda},
		{"build_lambda_4gb", "", image.ComputeLambda},
		{"", "", image.ComputeUnknown},
		{"ATTRIBUTE_BASED_COMPUTE", "LINUX_CONTAINER", image.ComputeUnknown},
	} {
		if got := projectCompute(tt.ct, tt.et); got != tt.want {
			t.Errorf("projectCompute(%q, %q) = %v, want %v", tt.ct, tt.et, got, tt.want)
		}
	}
}

func TestTemplateTopLevel(t *testing.T) {
	for _, tt := range []struct {
		data string
		want bool
	}{
		{"AWSTemplateFormatVersion: 2010-09-09\n", true},
		{"Transform: AWS::Serverless-2016-10-31\nResources:\n  B: {}\n", true},
		{"Resources :\n", true},
		{"{\n  \"Resources\": {}\n}\n", true},
		{"{\"Resources\":{}}", true},
		{"{\"Parameters\":{},\"Resources\":{}}", true},
		{"version: 0.2\nphases:\n  build:\n    commands:\n      - echo AWS::CodeBuild::Project\n", false},
		{"version: 0.2\nenv:\n  variables:\n    Resources: x\n", false},
		{"ResourcesDir: x\n", false},
		{"Description: x\r\nResources:\r\n", true},
		{"{ \"Description\": \"x\", \"Resources\" : {} }", true},
		{"a:\n  Resources:\n", false},
		{"{\"ResourcesX\": 1, \"x\": \"Resources\"}", false},
		{"Resources", false},
	} {
		if got := templateTopLevel([]byte(tt.data)); got != tt.want {
			t.Errorf("templateTopLevel(%q) = %v, want %v", tt.data, got, tt.want)
		}
	}
}

// --fix does not fix a file that projects with different images run (a fix right for one
// image may be wrong for the other), and says so; a file that one project runs is fixed with
// its image.
func TestBindFix(t *testing.T) {
	tmpl := project("Curated", "Image: aws/codebuild/standard:7.0", "BuildSpec: ci/build.yml") +
		"  Custom:\n    Type: AWS::CodeBuild::Project\n    Properties:\n      Image: !Ref CustomImage\n      BuildSpec: ci/build.yml\n" +
		"  Other:\n    Type: AWS::CodeBuild::Project\n    Properties:\n      Image: aws/codebuild/standard:7.0\n      BuildSpec: ci/other.yml\n"
	spec := "version: 0.2\nphases:\n  install:\n    commands:\n      - apt-get install -y jq\n      - make deps\n"
	code, out, errOut := lintTree(t, map[string]string{"template.yaml": tmpl, "ci/build.yml": spec, "ci/other.yml": spec}, "--fix", ".")
	got, err := os.ReadFile("ci/build.yml")
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != spec {
		t.Errorf("a file two images judge differently is fixed:\n%s", got)
	}
	if got, _ := os.ReadFile("ci/other.yml"); strings.Contains(string(got), "jq") {
		t.Errorf("the install of jq, which image aws/codebuild/standard:7.0 has, is not removed:\n%s", got)
	}
	wantLines(t, errOut, `ci/build\.yml: not fixed: projects with different images run it \(Curated, Custom\)`)
	wantLines(t, out, `^ci/build\.yml:5:28: warning: jq is already in image .*\(project Curated\)`)
	notLines(t, out, `^ci/other\.yml`, `--fix applies it`)
	if code != exitFindings {
		t.Errorf("exit %d, want 1; stdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
}

// A file that a discover: glob finds is read as a template when it is one, and not linted as a
// buildspec then; a buildspec that merely mentions the resource type is linted as one.
func TestBindDiscoverGlob(t *testing.T) {
	mention := "version: 0.2\nphases:\n  build:\n    commands:\n      - echo AWS::CodeBuild::Project\n"
	code, out, errOut := lintTree(t, map[string]string{
		".buildspec-lint.yaml": "discover: [\"ci/*.yml\"]\n",
		"ci/stack.yml":         project("Build", "Image: aws/codebuild/standard:7.0", "BuildSpec: ci/run.yml"),
		"ci/run.yml":           installsJq,
		"ci/mention.yml":       mention,
	}, "--verbose", ".")
	if code != exitFindings {
		t.Errorf("exit %d, want 1; stderr:\n%s", code, errOut)
	}
	wantLines(t, out, `^ci/run\.yml:5:28: warning: jq is already in image aws/codebuild/standard:7\.0 \(ci/stack\.yml:3, project Build\)`)
	wantLines(t, errOut, `^buildspec-lint: ci/mention\.yml: linted with no build image`)
	notLines(t, out+errOut, `ci/stack\.yml: (skipped|linted)`, `^ci/stack\.yml:.*BSL0`)
}

// The example repository's IaC variant: the buildspec that examples/iac/template.yaml's
// BuildProject names, and DeployProject's inline buildspec, get their projects' image.
func TestBindExample(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	code, out, errOut := lintIn(t, root, nil, "--verbose", "examples/")
	if code != exitFindings {
		t.Errorf("exit %d, want 1; stderr:\n%s", code, errOut)
	}
	wantLines(t, out,
		`^examples/iac/ci/build\.yml:8:46: warning: jq is already in image aws/codebuild/standard:7\.0 \(examples/iac/template\.yaml:17, project BuildProject\); remove it from this install \[BSL101 redundant-install\]`,
		`^examples/iac/template\.yaml:54:31: warning: aws is already in image aws/codebuild/standard:7\.0 \(examples/iac/template\.yaml:35, project DeployProject\)`)
	wantLines(t, errOut,
		`^buildspec-lint: examples/iac/ci/build\.yml: linted with image aws/codebuild/standard:7\.0 \(examples/iac/template\.yaml:17, project BuildProject\)$`,
		`^buildspec-lint: examples/iac/template\.yaml:50: inline buildspec of project DeployProject: linted with image aws/codebuild/standard:7\.0 \(examples/iac/template\.yaml:35, project DeployProject\)$`)
}

// A template both named and found is read once: its inline buildspec's findings are not
// doubled. A directory whose buildspec*.yml is another format is not "without buildspec" when
// its templates define projects.
func TestBindTemplateOnce(t *testing.T) {
	tmpl := project("Build", "Image: aws/codebuild/standard:7.0", "BuildSpec: |") +
		"        version: 0.2\n        phases:\n          install:\n            commands:\n              - apt-get install -y jq\n"
	code, out, errOut := lintTree(t, map[string]string{
		"template.yaml":         tmpl,
		"buildspec-compose.yml": "services:\n  web:\n    image: nginx\n",
	}, ".", "template.yaml")
	if code != exitFindings {
		t.Errorf("exit %d, want 1; stderr:\n%s", code, errOut)
	}
	if n := strings.Count(out, "jq is already"); n != 1 {
		t.Errorf("%d findings of the inline buildspec, want 1:\n%s", n, out)
	}
	notLines(t, errOut, `no buildspec found`)
}

// However many projects with different images run a file, it is linted with at most
// maxVariants of them.
func TestBindManyProjects(t *testing.T) {
	var b strings.Builder
	b.WriteString("Resources:\n")
	for i := range 500 {
		fmt.Fprintf(&b, "  P%d:\n    Type: AWS::CodeBuild::Project\n    Properties:\n      Image: registry.example.com/ci:%d\n      BuildSpec: buildspec.yml\n", i, i)
	}
	code, out, errOut := lintTree(t, map[string]string{"template.yaml": "AWSTemplateFormatVersion: \"2010-09-09\"\n" + b.String(), "buildspec.yml": installsJq}, "--verbose", "--fail-level", "none", ".")
	if code != exitOK {
		t.Errorf("exit %d; stderr:\n%s", code, errOut)
	}
	if n := strings.Count(errOut, "buildspec.yml: linted with"); n != maxVariants {
		t.Errorf("linted with %d images, want %d", n, maxVariants)
	}
	if n := strings.Count(out, "jq is installed on every build"); n != maxVariants {
		t.Errorf("%d findings, want one per image (%d):\n%s", n, maxVariants, out)
	}
	wantLines(t, errOut, `^buildspec-lint: buildspec\.yml: also run by project P499 \(template\.yaml:\d+, project P499\), not linted with its image: at most 8 images per file$`)
}

// TestModuleFiles: a .tf file's module is the other .tf files of its directory, with its
// terraform.tfvars and *.auto.tfvars; not the file itself, other files, subdirectories or links.
func TestModuleFiles(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"main.tf", "variables.tf", "terraform.tfvars", "prod.auto.tfvars", "dev.tfvars", "README.md", "sub/other.tf"} {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("# "+name+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(filepath.Join(dir, "variables.tf"), filepath.Join(dir, "link.tf")); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, src := range moduleFiles(filepath.Join(dir, "main.tf")) {
		got = append(got, filepath.Base(src.Path))
	}
	sort.Strings(got)
	if want := []string{"prod.auto.tfvars", "terraform.tfvars", "variables.tf"}; !slices.Equal(got, want) {
		t.Errorf("moduleFiles = %v, want %v", got, want)
	}
}

// A CodeBuild-hosted runner label names a project of the same repository (else of the same
// search, for files in no repository) by its exact name; its image is a built-in one, and
// projects of that name agree on it, or it is unknown.
func TestRunnerProjects(t *testing.T) {
	root := t.TempDir()
	for _, d := range []string{"a/.git", "b/.git", "x/infra"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	m := &settingsMaker{cfgs: &configs{cwd: root}, invs: &inventories{}}
	m.noteSearches(&collected{searches: []search{
		{dir: filepath.Join(root, "a")},
		{dir: filepath.Join(root, "x"), files: []string{filepath.Join(root, "x", ".github", "workflows", "ci.yml")}},
	}})
	add := func(path, name, img string, known bool, search int) {
		p := filepath.Join(root, path)
		src := source.NewSource(p, []byte("Resources:\n  R:\n"))
		m.addProject(&iac.Project{Name: "R", Source: src, At: src.Range(13, 14), ProjectName: name, Image: img, ImageKnown: known}, search)
	}
	add("a/infra/one.yaml", "my-proj", "aws/codebuild/standard:7.0", true, 0)
	add("a/infra/two.yaml", "my-proj", "aws/codebuild/standard:7.0", true, 0) // the same project in two stacks
	add("a/infra/one.yaml", "stages", "aws/codebuild/standard:7.0", true, 0)
	add("a/infra/two.yaml", "stages", "aws/codebuild/standard:6.0", true, 0)
	add("a/infra/one.yaml", "custom", "123.dkr.ecr.us-east-1.amazonaws.com/ci:1", true, 0)
	add("a/infra/one.yaml", "unresolved", "${Repo}:latest", false, 0)
	add("a/infra/one.yaml", "", "aws/codebuild/standard:7.0", true, 0) // no literal name: never bound
	add("b/t.yaml", "other", "aws/codebuild/standard:7.0", true, -1)
	add("x/infra/t.yaml", "in-x", "aws/codebuild/standard:7.0", true, 1)

	for _, tt := range []struct {
		workflow, name string
		want           string // the inventory's Name and Defined, "" for unknown
	}{
		{"a/.github/workflows/ci.yml", "my-proj", "aws/codebuild/standard:7.0 @ " + filepath.Join(root, "a/infra/one.yaml") + ":2, project my-proj"},
		{"a/.github/workflows/ci.yml", "My-Proj", ""},
		{"a/.github/workflows/ci.yml", "my", ""},
		{"a/.github/workflows/ci.yml", "stages", ""},
		{"a/.github/workflows/ci.yml", "custom", ""},
		{"a/.github/workflows/ci.yml", "unresolved", ""},
		{"a/.github/workflows/ci.yml", "", ""},
		{"a/.github/workflows/ci.yml", "other", ""}, // another repository's
		{"b/.github/workflows/ci.yml", "other", "aws/codebuild/standard:7.0 @ " + filepath.Join(root, "b/t.yaml") + ":2, project other"},
		{"x/.github/workflows/ci.yml", "in-x", "aws/codebuild/standard:7.0 @ " + filepath.Join(root, "x/infra/t.yaml") + ":2, project in-x"},
		{"x/other.yml", "in-x", ""}, // named, not found by the search: the working directory's scope
	} {
		inv := m.runnerProjects(filepath.Join(root, tt.workflow))(tt.name)
		got := ""
		if inv != nil {
			got = inv.Name + " @ " + inv.Defined
		}
		if got != tt.want {
			t.Errorf("%s, project %q: %q, want %q", tt.workflow, tt.name, got, tt.want)
		}
	}
	if (&settingsMaker{cfgs: &configs{cwd: root}}).runnerProjects("ci.yml")("my-proj") != nil {
		t.Error("a run that read no project binds a label")
	}
}
