package iac

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/buildspec-lint/buildspec-lint/internal/inventory"
	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
	"github.com/buildspec-lint/buildspec-lint/lint/finding"
	"github.com/buildspec-lint/buildspec-lint/lint/image"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
	"github.com/buildspec-lint/buildspec-lint/rules"
)

// markRule reports every shell word "mark", on the word: the inline buildspecs of the fixtures
// write it where a finding must land.
var markRule = &lint.Rule{
	Rule: finding.Rule{ID: "BSL996", Name: "mark", Severity: finding.SeverityWarning},
	Check: func(p *lint.Pass) {
		for _, c := range p.Calls() {
			for _, w := range c.Args {
				if w.Lit && w.Value == "mark" {
					p.Report(w.Range(), "mark")
				}
			}
		}
	},
}

// loadModule reads the .tf and .tfvars files of a fixture directory, in name order.
func loadModule(t *testing.T, dir string) []*source.Source {
	t.Helper()
	names, err := filepath.Glob(filepath.Join("..", "..", "testdata", "iac", "terraform", dir, "*.tf"))
	vars, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "iac", "terraform", dir, "*.tfvars"))
	names = append(names, vars...)
	if err != nil || len(names) == 0 {
		t.Fatalf("no fixture in %s: %v", dir, err)
	}
	slices.Sort(names)
	var out []*source.Source
	for _, n := range names {
		data, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, source.NewSource(n, data))
	}
	return out
}

// span describes a range: "line:col text", the text being what the file holds there.
func span(src *source.Source, r source.Range) string {
	if !r.IsValid() {
		return ""
	}
	return fmt.Sprintf("%d:%d %s", r.Start.Line, r.Start.Col, src.Data[r.Start.Offset:r.End.Offset])
}

// marks lints an inline buildspec with markRule and returns where its findings are in the host
// file ("line:col text"), and the host file.
func marks(t *testing.T, e *buildspec.Embedded) []string {
	t.Helper()
	l := &lint.Linter{Rules: lint.RuleSet{markRule}}
	res := l.Run([]lint.Input{{Path: e.Host.Path, Embed: e}})
	if len(res.Errors) > 0 {
		t.Fatalf("lint errors: %v", res.Errors)
	}
	var out []string
	for _, f := range res.Findings {
		if f.Source != e.Host {
			t.Errorf("finding in %v, want the host %s", f.Source, e.Host.Path)
		}
		out = append(out, span(e.Host, f.Range))
	}
	return out
}

// projectWant is what a test expects of a Project; ranges as span gives them.
type projectWant struct {
	At                   string
	Image                string
	ImageKnown           bool
	ImageAt              string
	Privileged           image.Privileged
	PrivilegedAt         string
	ComputeType          string
	ComputeAt            string
	EnvType              string
	DockerServer         bool
	BuildSpecPath        string
	BuildSpecTemplate    bool
	BuildSpecAt          string
	Dir                  string
	InlineHost           string   // base name of the inline buildspec's host, "" when not inline
	Marks                []string // where markRule's findings land in the inline host
	InlineText, NotInDoc string   // a piece of the inline text, a piece that must not be in it
}

func checkProject(t *testing.T, p *Project, w projectWant) {
	t.Helper()
	src := p.Source
	got := projectWant{
		At: span(src, p.At), Image: p.Image, ImageKnown: p.ImageKnown, ImageAt: span(src, p.ImageAt),
		Privileged: p.Privileged, PrivilegedAt: span(src, p.PrivilegedAt), ComputeType: p.ComputeType,
		ComputeAt: span(src, p.ComputeAt), EnvType: p.EnvType, DockerServer: p.DockerServer,
		BuildSpecPath: p.BuildSpecPath, BuildSpecTemplate: p.BuildSpecTemplate, BuildSpecAt: firstLine(span(src, p.BuildSpecAt)), Dir: p.Dir,
		InlineText: w.InlineText, NotInDoc: w.NotInDoc,
	}
	if p.Kind != Terraform {
		t.Errorf("%s: kind %s", p.Name, p.Kind)
	}
	if p.Inline != nil {
		got.InlineHost = filepath.Base(p.Inline.Host.Path)
		got.Marks = marks(t, p.Inline)
		if !strings.Contains(p.Inline.Text, w.InlineText) || w.NotInDoc != "" && strings.Contains(p.Inline.Text, w.NotInDoc) {
			t.Errorf("%s: inline text %q, want it to hold %q and not %q", p.Name, p.Inline.Text, w.InlineText, w.NotInDoc)
		}
	}
	gs, ws := fmt.Sprintf("%+v", got), fmt.Sprintf("%+v", w)
	if gs != ws {
		t.Errorf("project %s:\n got %s\nwant %s", p.Name, gs, ws)
	}
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// readOne reads a one-file fixture and returns its projects by name, failing on problems.
func readOne(t *testing.T, dir string) (map[string]*Project, *File) {
	t.Helper()
	files := loadModule(t, dir)
	f := Read(files[0])
	byName := map[string]*Project{}
	for _, p := range f.Projects {
		byName[p.Name] = p
	}
	return byName, f
}

func TestTerraformHeredoc(t *testing.T) {
	ps, f := readOne(t, "heredoc")
	if len(f.Problems) != 0 || len(ps) != 1 {
		t.Fatalf("problems %v, projects %v", f.Problems, ps)
	}
	checkProject(t, ps["app"], projectWant{
		At: `6:34 "app"`, Image: "aws/codebuild/standard:7.0", ImageKnown: true, ImageAt: `16:23 "aws/codebuild/standard:7.0"`,
		Privileged: image.PrivilegedOn, PrivilegedAt: "18:23 true", ComputeType: "BUILD_GENERAL1_MEDIUM",
		ComputeAt: `15:23 "BUILD_GENERAL1_MEDIUM"`, EnvType: "LINUX_CONTAINER",
		BuildSpecAt: "24:17 <<EOF", InlineHost: "main.tf",
		// after the interpolation ${var.region}, after the escape $${HOME} and after two
		// interpolations in a row: exact columns
		Marks:      []string{"29:61 mark", "30:28 mark", "31:45 mark"},
		InlineText: `--region __var_region_ | mark login` + "\n" + `      - echo "${HOME}"`,
	})
}

func TestTerraformFlushHeredocAndDockerServer(t *testing.T) {
	ps, f := readOne(t, "flush")
	if len(f.Problems) != 0 || len(ps) != 1 {
		t.Fatalf("problems %v, projects %v", f.Problems, ps)
	}
	checkProject(t, ps["images"], projectWant{
		At: `1:34 "images"`, Image: "aws/codebuild/amazonlinux-x86_64-standard:5.0", ImageKnown: true,
		ImageAt:    `6:20 "aws/codebuild/amazonlinux-x86_64-standard:5.0"`,
		Privileged: image.PrivilegedOff, PrivilegedAt: "4:3 environment", // absent: where it would go
		ComputeType: "BUILD_GENERAL1_SMALL", ComputeAt: `5:20 "BUILD_GENERAL1_SMALL"`, EnvType: "LINUX_CONTAINER",
		DockerServer: true, BuildSpecAt: "17:17 <<-YAML", InlineHost: "main.tf",
		Marks: []string{"22:68 mark"},
		// the indentation is stripped, each interpolation becomes a placeholder
		InlineText: "version: 0.2\nphases:\n  build:\n    commands:\n      - docker buildx build -t __local_repo_:__var_tag_ . && mark push\n",
	})
}

func TestTerraformFilesAndPaths(t *testing.T) {
	ps, f := readOne(t, "files")
	if len(f.Problems) != 0 || len(ps) != 5 {
		t.Fatalf("problems %v, projects %v", f.Problems, ps)
	}
	dir := filepath.Join("..", "..", "testdata", "iac", "terraform", "files")
	std := func(w projectWant, line int) projectWant {
		w.Image, w.ImageKnown, w.EnvType = "aws/codebuild/standard:7.0", true, "LINUX_CONTAINER"
		w.ImageAt = fmt.Sprintf(`%d:20 "aws/codebuild/standard:7.0"`, line)
		w.ComputeType, w.ComputeAt = "BUILD_GENERAL1_SMALL", fmt.Sprintf(`%d:20 "BUILD_GENERAL1_SMALL"`, line-1)
		return w
	}
	checkProject(t, ps["module_file"], projectWant{
		At: `1:34 "module_file"`, Image: "aws/codebuild/amazonlinux-x86_64-lambda-standard:nodejs20", ImageKnown: true,
		ImageAt:    `5:20 "aws/codebuild/amazonlinux-x86_64-lambda-standard:nodejs20"`,
		Privileged: image.PrivilegedOff, PrivilegedAt: "3:3 environment", ComputeType: "BUILD_LAMBDA_2GB",
		ComputeAt: `4:20 "BUILD_LAMBDA_2GB"`, EnvType: "LINUX_LAMBDA_CONTAINER",
		BuildSpecPath: "ci/buildspec.yml", Dir: dir, BuildSpecAt: `10:17 file("${path.module}/ci/buildspec.yml")`,
	})
	w := std(projectWant{At: `14:34 "bare_file"`, Privileged: image.PrivilegedOff, PrivilegedAt: "20:23 false",
		BuildSpecPath: "buildspec.yml", Dir: dir, BuildSpecAt: `24:17 file("buildspec.yml")`}, 18)
	w.ImageAt, w.ComputeAt = `18:23 "aws/codebuild/standard:7.0"`, `17:23 "BUILD_GENERAL1_SMALL"`
	checkProject(t, ps["bare_file"], w)
	checkProject(t, ps["template"], std(projectWant{At: `28:34 "template"`, Privileged: image.PrivilegedOff,
		PrivilegedAt: "30:3 environment", BuildSpecPath: "templates/deploy.yml.tpl", BuildSpecTemplate: true, Dir: dir,
		BuildSpecAt: `37:17 templatefile("${path.module}/templates/deploy.yml.tpl", {`}, 32))
	// a plain path: relative to the source root
	checkProject(t, ps["path"], std(projectWant{At: `44:34 "path"`, Privileged: image.PrivilegedOff,
		PrivilegedAt: "46:3 environment", BuildSpecPath: "ci/buildspec-test.yml", BuildSpecAt: `54:17 "ci/buildspec-test.yml"`}, 48))
	// no buildspec: CodeBuild reads buildspec.yml at the source root
	checkProject(t, ps["default"], std(projectWant{At: `58:34 "default"`, Privileged: image.PrivilegedOff,
		PrivilegedAt: "60:3 environment"}, 62))
}

// A module: the image, compute type, privileged mode and buildspec come from variables and locals
// in other files of the module (terraform.tfvars sets the compute type over the variable's
// default); the inline buildspec's findings land in locals.tf.
func TestTerraformModule(t *testing.T) {
	files := loadModule(t, "module")
	out := ReadModule(files)
	if len(out) != 4 {
		t.Fatalf("%d files", len(out))
	}
	var main *File
	for i, f := range out {
		if len(f.Problems) != 0 {
			t.Errorf("%s: problems %v", files[i].Path, f.Problems)
		}
		if filepath.Base(files[i].Path) == "main.tf" {
			main = f
		} else if len(f.Projects) != 0 {
			t.Errorf("%s: projects %v", files[i].Path, f.Projects)
		}
	}
	if main == nil || len(main.Projects) != 1 {
		t.Fatalf("main.tf: %+v", main)
	}
	checkProject(t, main.Projects[0], projectWant{
		At: `1:34 "node"`, Image: "public.ecr.aws/docker/library/node:20", ImageKnown: true, ImageAt: "5:23 var.build_image",
		Privileged: image.PrivilegedOn, PrivilegedAt: "7:23 var.privileged", ComputeType: "BUILD_GENERAL1_2XLARGE",
		ComputeAt: "4:23 var.compute", EnvType: "LINUX_CONTAINER", BuildSpecAt: "11:17 local.buildspec",
		InlineHost: "locals.tf", Marks: []string{"8:23 mark"}, InlineText: "version: 0.2\nphases:\n",
	})

	// Read of main.tf alone knows no variable: the values are unknown, the buildspec too.
	alone := Read(files[0])
	if filepath.Base(files[0].Path) != "locals.tf" || len(alone.Projects) != 0 {
		t.Fatalf("files out of order: %s", files[0].Path)
	}
	alone = Read(files[1])
	p := alone.Projects[0]
	if p.ImageKnown || p.Image != "var.build_image" || p.ComputeType != "" || p.Privileged != image.PrivilegedUnknown ||
		!p.BuildSpecUnknown {
		t.Errorf("main.tf alone: %+v", p)
	}
}

func TestTerraformUnresolvableImage(t *testing.T) {
	ps, f := readOne(t, "ecr")
	if len(f.Problems) != 0 || len(ps) != 2 {
		t.Fatalf("problems %v, projects %v", f.Problems, ps)
	}
	checkProject(t, ps["custom"], projectWant{
		At: `5:34 "custom"`, Image: "${aws_ecr_repository.builder.repository_url}:latest", ImageKnown: false,
		ImageAt:    `9:35 "${aws_ecr_repository.builder.repository_url}:latest"`,
		Privileged: image.PrivilegedUnknown, PrivilegedAt: "12:35 var.needs_docker",
		ComputeType: "BUILD_GENERAL1_SMALL", ComputeAt: `8:35 "BUILD_GENERAL1_SMALL"`, EnvType: "LINUX_CONTAINER",
	})
	// a buildspec that only a data source knows: given, but neither a path nor inline
	checkProject(t, ps["by_reference"], projectWant{
		At: `19:34 "by_reference"`, Image: "aws_ecr_repository.builder.repository_url", ImageKnown: false,
		ImageAt:    "23:20 aws_ecr_repository.builder.repository_url",
		Privileged: image.PrivilegedOff, PrivilegedAt: "21:3 environment",
		ComputeType: "BUILD_GENERAL1_SMALL", ComputeAt: `22:20 "BUILD_GENERAL1_SMALL"`, EnvType: "LINUX_CONTAINER",
		BuildSpecAt: "28:17 data.template_file.buildspec.rendered",
	})
	if !ps["by_reference"].BuildSpecUnknown || ps["custom"].BuildSpecUnknown {
		t.Errorf("BuildSpecUnknown: by_reference %v, custom %v", ps["by_reference"].BuildSpecUnknown, ps["custom"].BuildSpecUnknown)
	}
}

// A quoted string with \n escapes is an inline buildspec; positions count the escapes.
func TestTerraformQuoted(t *testing.T) {
	ps, f := readOne(t, "quoted")
	if len(f.Problems) != 0 || len(ps) != 1 {
		t.Fatalf("problems %v, projects %v", f.Problems, ps)
	}
	checkProject(t, ps["quoted"], projectWant{
		At: `1:34 "quoted"`, Image: "aws/codebuild/standard:7.0", ImageKnown: true, ImageAt: `4:20 "aws/codebuild/standard:7.0"`,
		Privileged: image.PrivilegedOff, PrivilegedAt: "3:3 environment", ComputeType: "BUILD_GENERAL1_SMALL",
		ComputeAt: `5:20 "BUILD_GENERAL1_SMALL"`, EnvType: "LINUX_CONTAINER",
		BuildSpecAt: `10:17 "version: 0.2\nphases:\n  build:\n    commands:\n      - echo \"${var.greeting}\" && mark run\n"`,
		InlineHost:  "main.tf", Marks: []string{"10:102 mark"}, InlineText: `- echo "__var_greeting_" && mark run`,
	})
}

// A heredoc with template directives is not linted in place, and raises nothing.
func TestTerraformDirectives(t *testing.T) {
	ps, f := readOne(t, "directive")
	if len(f.Problems) != 0 || len(ps) != 1 {
		t.Fatalf("problems %v, projects %v", f.Problems, ps)
	}
	p := ps["conditional"]
	if p.Inline != nil || p.BuildSpecPath != "" || span(p.Source, p.BuildSpecAt) == "" || !p.BuildSpecUnknown {
		t.Errorf("conditional: inline %v, path %q, at %s", p.Inline, p.BuildSpecPath, p.BuildSpecAt)
	}
}

func f0(t *testing.T, dir string) *source.Source { return loadModule(t, dir)[0] }

func TestTerraformMalformed(t *testing.T) {
	ps, f := readOne(t, "malformed")
	if len(ps) != 0 || len(f.Problems) == 0 {
		t.Fatalf("problems %v, projects %v", f.Problems, ps)
	}
	pr := f.Problems[0]
	// hcl blames the brace of the block left open
	if span(f0(t, "malformed"), pr.Range) != "1:43 {" || !strings.HasPrefix(pr.Message, "invalid terraform: ") || strings.HasSuffix(pr.Message, ".") {
		t.Errorf("problem at %s: %q", pr.Range, pr.Message)
	}
}

// Every rule runs on the fixtures' inline buildspecs, placeholders and all, and none finds
// anything: the placeholders read as plain words.
func TestTerraformInlineAllRules(t *testing.T) {
	l := &lint.Linter{Rules: rules.All()}
	for _, dir := range []string{"heredoc", "flush", "module", "quoted"} {
		for _, f := range ReadModule(loadModule(t, dir)) {
			for _, p := range f.Projects {
				if p.Inline == nil {
					t.Fatalf("%s: %s is not inline", dir, p.Name)
				}
				res := l.Run([]lint.Input{{Path: p.Inline.Host.Path, Embed: p.Inline}})
				for _, fd := range res.Findings {
					t.Errorf("%s: %s %s %s", dir, span(p.Inline.Host, fd.Range), fd.Rule.ID, fd.Message)
				}
			}
		}
	}
}

// The same heredoc with CRLF line ends: the findings stay on the same lines and columns.
func TestTerraformHeredocCRLF(t *testing.T) {
	lf := loadModule(t, "heredoc")[0]
	src := source.NewSource("main.tf", []byte(strings.ReplaceAll(string(lf.Data), "\n", "\r\n")))
	f := Read(src)
	if len(f.Problems) != 0 || len(f.Projects) != 1 || f.Projects[0].Inline == nil {
		t.Fatalf("problems %v, projects %v", f.Problems, f.Projects)
	}
	got := marks(t, f.Projects[0].Inline)
	if want := []string{"29:61 mark", "30:28 mark", "31:45 mark"}; !slices.Equal(got, want) {
		t.Errorf("marks %v, want %v", got, want)
	}
}

// A dynamic environment block over a one-element list of a variable's object reads as the block
// itself, its iterator's fields resolved; over anything else the values are unknown. A buildspec
// of "" is CodeBuild's default.
func TestTerraformDynamicEnvironment(t *testing.T) {
	ps, f := readOne(t, "dynamic")
	if len(f.Problems) != 0 || len(ps) != 2 {
		t.Fatalf("problems %v, projects %v", f.Problems, ps)
	}
	checkProject(t, ps["dynamic"], projectWant{
		At: `19:34 "dynamic"`, Image: "aws/codebuild/standard:7.0", ImageKnown: true, ImageAt: "24:25 environment.value.image",
		Privileged: image.PrivilegedOn, PrivilegedAt: "27:25 environment.value.privileged_mode",
		ComputeType: "BUILD_GENERAL1_SMALL", ComputeAt: "25:25 environment.value.compute_type", EnvType: "LINUX_CONTAINER",
	})
	checkProject(t, ps["conditional"], projectWant{
		At: `36:34 "conditional"`, Privileged: image.PrivilegedUnknown, PrivilegedAt: `36:34 "conditional"`,
	})
}

// A buildspec that is an object (here through a local) is a problem at the attribute; one
// encoded by yamlencode is not, but it is not text the linter can place either.
func TestTerraformBuildspecWrongType(t *testing.T) {
	ps, f := readOne(t, "wrongtype")
	if len(ps) != 2 || len(f.Problems) != 1 {
		t.Fatalf("problems %v, projects %v", f.Problems, ps)
	}
	src := ps["object"].Source
	if pr := f.Problems[0]; span(src, pr.Range) != "17:17 local.spec" ||
		pr.Message != "the buildspec of project object is an object, not a string; give a path, the buildspec's text in a heredoc, or yamlencode(...) of the object" {
		t.Errorf("problem at %s: %q", span(src, pr.Range), pr.Message)
	}
	for _, p := range ps {
		if !p.BuildSpecUnknown {
			t.Errorf("%s: buildspec %q, inline %v", p.Name, p.BuildSpecPath, p.Inline)
		}
	}
}

// Interpolations in every kind of place of an inline buildspec (version, env values, runtime
// versions, on-failure, commands, artifacts, cache): every rule runs, with the project's image,
// and none reports a placeholder's text as a value; a true finding beside them stays, on its
// host line and column.
func TestTerraformPlaceholdersRaiseNothing(t *testing.T) {
	ps, f := readOne(t, "placeholders")
	if len(f.Problems) != 0 || len(ps) != 1 || ps["p"].Inline == nil {
		t.Fatalf("problems %v, projects %v", f.Problems, ps)
	}
	e := ps["p"].Inline
	l := &lint.Linter{Rules: rules.All()}
	res := l.Run([]lint.Input{{Path: e.Host.Path, Embed: e, Settings: &lint.FileSettings{Image: inventory.Builtin("aws/codebuild/standard:7.0")}}})
	var got []string
	for _, fd := range res.Findings {
		got = append(got, span(e.Host, fd.Range)+" "+fd.Rule.ID)
	}
	if want := []string{"18:21 1.12 BSL103"}; !slices.Equal(got, want) {
		t.Errorf("findings %q, want %q", got, want)
	}
}

// The template a project renders with templatefile() is linted with its ${...} as placeholders:
// findings keep their columns after them, none is raised on them (node_version is not a
// version), and a template with directives is left to be linted as a file.
func TestTerraformReadTemplateFile(t *testing.T) {
	path := filepath.Join("..", "..", "testdata", "iac", "terraform", "files", "templates", "deploy.yml.tpl")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	src := source.NewSource(path, data)
	e, ok := ReadTemplateFile(src)
	if !ok {
		t.Fatalf("template not read")
	}
	if got, want := marks(t, e), []string{"11:83 mark", "12:42 mark"}; !slices.Equal(got, want) {
		t.Errorf("marks %v, want %v", got, want)
	}
	l := &lint.Linter{Rules: rules.All()}
	res := l.Run([]lint.Input{{Path: path, Embed: e, Settings: &lint.FileSettings{Image: inventory.Builtin("aws/codebuild/standard:7.0")}}})
	for _, fd := range res.Findings {
		t.Errorf("finding %s %s %s", span(src, fd.Range), fd.Rule.ID, fd.Message)
	}
	for _, text := range []string{"version: 0.2\n%{ if x }\nphases: {}\n%{ endif }\n", "version: ${", "${x}\n"} {
		if _, ok := ReadTemplateFile(source.NewSource("t.yml", []byte(text))); ok {
			t.Errorf("%q read as a template to lint in place", text)
		}
	}
}

// The project's own name: a literal, or what variables (a .tfvars value over a default) and
// locals resolve it to; a name built from a resource's attribute or count.index is unknown.
func TestTerraformProjectName(t *testing.T) {
	main := source.NewSource("infra/main.tf", []byte(`variable "stage" {
  default = "dev"
}
locals {
  runner = "gha-${var.stage}"
}
resource "aws_codebuild_project" "literal" {
  name = "my-proj"
}
resource "aws_codebuild_project" "local" {
  name = local.runner
}
resource "aws_codebuild_project" "counted" {
  count = 2
  name  = "runner-${count.index}"
}
resource "aws_codebuild_project" "attribute" {
  name = "${aws_s3_bucket.b.id}-runner"
}
resource "aws_codebuild_project" "unnamed" {
}
`))
	vars := source.NewSource("infra/terraform.tfvars", []byte("stage = \"prod\"\n"))
	f := ReadModule([]*source.Source{main, vars})[0]
	if len(f.Problems) != 0 {
		t.Fatalf("problems %v", f.Problems)
	}
	want := map[string][2]string{ // resource name: the name, "line:col text" at ProjectNameAt
		"literal":   {"my-proj", `8:10 "my-proj"`},
		"local":     {"gha-prod", "11:10 local.runner"},
		"counted":   {"", `15:11 "runner-${count.index}"`},
		"attribute": {"", `18:10 "${aws_s3_bucket.b.id}-runner"`},
		"unnamed":   {"", ""},
	}
	if len(f.Projects) != len(want) {
		t.Fatalf("%d projects, want %d", len(f.Projects), len(want))
	}
	for _, p := range f.Projects {
		w := want[p.Name]
		got := span(main, p.ProjectNameAt)
		if p.ProjectName != w[0] || got != w[1] {
			t.Errorf("%s: name %q at %q, want %q at %q", p.Name, p.ProjectName, got, w[0], w[1])
		}
	}
}
