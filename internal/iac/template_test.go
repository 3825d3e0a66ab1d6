package iac_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/buildspec-lint/buildspec-lint/internal/iac"
	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/finding"
	"github.com/buildspec-lint/buildspec-lint/lint/image"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
	"github.com/buildspec-lint/buildspec-lint/rules"
)

// readFixture reads a template of testdata/iac by its path there.
func readFixture(t testing.TB, rel string) (*source.Source, *iac.File) {
	t.Helper()
	path := filepath.Join("..", "..", "testdata", "iac", filepath.FromSlash(rel))
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	src := source.NewSource(filepath.ToSlash(filepath.Join("testdata", "iac", rel)), data)
	return src, iac.Read(src)
}

// at returns the host text of r.
func at(src *source.Source, r source.Range) string {
	if !r.IsValid() || r.End.Offset > len(src.Data) || r.Start.Offset > r.End.Offset {
		return "<invalid " + r.String() + ">"
	}
	return string(src.Data[r.Start.Offset:r.End.Offset])
}

// want is what a test expects of one project; the ranges are given by the text they cover and
// the line:col they start at.
type want struct {
	name               string
	kind               iac.Kind
	at                 string // line:col of the logical ID
	image              string
	imageKnown         bool
	imageText          string // the host text at ImageAt ("" when absent)
	privileged         image.Privileged
	privilegedText     string // the host text at PrivilegedAt
	compute, envType   string
	dockerServer       bool
	buildSpecPath      string
	buildSpecUnknown   bool
	inline             bool
	jqAt               string // line:col of the jq call inside the inline buildspec
	buildSpecAtStarts  string // line:col where BuildSpecAt starts ("" when not checked)
	computeText        string
	noShellSyntaxIssue bool
}

func TestReadTemplate(t *testing.T) {
	for _, tc := range []struct {
		file     string
		projects []want
		problems []string // "line:col message-substring"
	}{
		{file: "cloudformation/short-tags.yaml", projects: []want{{
			name: "ReportProject", kind: iac.CloudFormation, at: "8:3",
			image: "aws/codebuild/standard:7.0", imageKnown: true, imageText: "aws/codebuild/standard:7.0",
			privileged: image.PrivilegedOff, privilegedText: "Environment",
			compute: "BUILD_GENERAL1_SMALL", computeText: "BUILD_GENERAL1_SMALL", envType: "LINUX_CONTAINER",
			inline: true, jqAt: "30:19", buildSpecAtStarts: "24:20", noShellSyntaxIssue: true,
		}}},
		{file: "cloudformation/template.json", projects: []want{{
			name: "ImageBuild", kind: iac.CloudFormation, at: "4:5",
			image: "aws/codebuild/amazonlinux-x86_64-standard:5.0", imageKnown: true, imageText: `"aws/codebuild/amazonlinux-x86_64-standard:5.0"`,
			privileged: image.PrivilegedOn, privilegedText: `"PrivilegedMode": true`,
			compute: "BUILD_GENERAL1_MEDIUM", computeText: `"BUILD_GENERAL1_MEDIUM"`, envType: "LINUX_CONTAINER",
			inline: true, jqAt: "16:168", buildSpecAtStarts: "16:24", noShellSyntaxIssue: true,
		}}},
		{file: "cloudformation/sam.yaml", projects: []want{{
			name: "TestProject", kind: iac.SAM, at: "11:3",
			image: "aws/codebuild/amazonlinux-x86_64-lambda-standard:python3.12", imageKnown: true,
			imageText:  "aws/codebuild/amazonlinux-x86_64-lambda-standard:python3.12",
			privileged: image.PrivilegedOff, privilegedText: "Environment",
			compute: "BUILD_LAMBDA_2GB", computeText: "BUILD_LAMBDA_2GB", envType: "LINUX_LAMBDA_CONTAINER",
			inline: true, jqAt: "20:110", buildSpecAtStarts: "20:20", noShellSyntaxIssue: true,
		}}},
		{file: "cloudformation/param-image.yaml", projects: []want{{
			name: "DockerBuild", kind: iac.CloudFormation, at: "9:3",
			image: "aws/codebuild/standard:7.0", imageKnown: true, imageText: "!Ref BuildImage",
			privileged: image.PrivilegedOff, privilegedText: `PrivilegedMode: "false"`,
			compute: "BUILD_GENERAL1_LARGE", computeText: "!Ref Compute", envType: "LINUX_CONTAINER",
			dockerServer: true, buildSpecPath: "ci/buildspec-docker.yml", buildSpecAtStarts: "23:20",
		}}},
		{file: "cloudformation/ecr-image.yaml", projects: []want{{
			name: "EcrBuild", kind: iac.CloudFormation, at: "6:3",
			image: "${AWS::AccountId}.dkr.ecr.${AWS::Region}.amazonaws.com/ci-tools:2024", imageKnown: false,
			imageText:  `!Sub "${AWS::AccountId}.dkr.ecr.${AWS::Region}.amazonaws.com/${ToolsRepo}:2024"`,
			privileged: image.PrivilegedOff, privilegedText: "Environment",
			compute: "BUILD_GENERAL1_SMALL", computeText: "BUILD_GENERAL1_SMALL", envType: "ARM_CONTAINER",
		}, {
			name: "UnknownImage", kind: iac.CloudFormation, at: "16:3",
			image: "", imageKnown: false, imageText: "!GetAtt ToolsRepo.RepositoryUri",
			privileged: image.PrivilegedOff, privilegedText: "Environment",
			compute: "BUILD_GENERAL1_SMALL", computeText: "BUILD_GENERAL1_SMALL", envType: "LINUX_CONTAINER",
			buildSpecUnknown: true, buildSpecAtStarts: "26:20",
		}, {
			name: "MappingSpec", kind: iac.CloudFormation, at: "27:3",
			image: "", imageKnown: false, imageText: "!ImportValue SharedBuildImage",
			privileged: image.PrivilegedOff, privilegedText: "Environment",
			buildSpecAtStarts: "35:11",
		}}, problems: []string{"35:11 BuildSpec of project MappingSpec is a mapping"}},
		{file: "cloudformation/malformed.yaml", problems: []string{"7:8 template is not valid YAML"}},
		{file: "cdk/cdk.out/PipelineStack.template.json", projects: []want{{
			name: "SynthProject8C3D1C2A", kind: iac.CDK, at: "3:3",
			image: "aws/codebuild/standard:7.0", imageKnown: true, imageText: `"aws/codebuild/standard:7.0"`,
			privileged: image.PrivilegedOff, privilegedText: `"PrivilegedMode": false`,
			compute: "BUILD_GENERAL1_SMALL", computeText: `"BUILD_GENERAL1_SMALL"`, envType: "LINUX_CONTAINER",
			inline: true, jqAt: "23:154", buildSpecAtStarts: "23:19", noShellSyntaxIssue: true,
		}}},
		{file: "cdk/cdk.out/DeployStack.template.json", projects: []want{{
			name: "DeployProjectA1B2C3D4", kind: iac.CDK, at: "3:3",
			image: "${AWS::AccountId}.dkr.ecr.${AWS::Region}.amazonaws.com/deploy-tools:3", imageKnown: false,
			privileged: image.PrivilegedOff, privilegedText: `"PrivilegedMode": false`,
			compute: "BUILD_GENERAL1_MEDIUM", computeText: `"BUILD_GENERAL1_MEDIUM"`, envType: "LINUX_CONTAINER",
			buildSpecPath: "buildspecs/deploy.yml", buildSpecAtStarts: "31:19",
		}}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			src, f := readFixture(t, tc.file)
			var problems []string
			for _, p := range f.Problems {
				problems = append(problems, p.Range.Start.String()+" "+p.Message)
			}
			if len(problems) != len(tc.problems) {
				t.Errorf("problems = %q, want %q", problems, tc.problems)
			}
			for i := range min(len(problems), len(tc.problems)) {
				if !strings.HasPrefix(problems[i], tc.problems[i]) {
					t.Errorf("problem %d = %q, want %q...", i, problems[i], tc.problems[i])
				}
			}
			if len(f.Projects) != len(tc.projects) {
				t.Fatalf("%d projects, want %d", len(f.Projects), len(tc.projects))
			}
			for i, w := range tc.projects {
				checkProject(t, src, f.Projects[i], w)
			}
		})
	}
}

func checkProject(t *testing.T, src *source.Source, p *iac.Project, w want) {
	t.Helper()
	errorf := func(format string, args ...any) { t.Helper(); t.Errorf(p.Name+": "+format, args...) }
	if p.Name != w.name || p.Kind != w.kind || p.Source != src {
		errorf("name %q kind %q, want %q %q", p.Name, p.Kind, w.name, w.kind)
	}
	if p.At.Start.String() != w.at || strings.Trim(at(src, p.At), `"`) != w.name {
		errorf("At = %s %q, want %s", p.At, at(src, p.At), w.at)
	}
	if p.Image != w.image || p.ImageKnown != w.imageKnown {
		errorf("Image = %q known %v, want %q known %v", p.Image, p.ImageKnown, w.image, w.imageKnown)
	}
	if w.imageText != "" && at(src, p.ImageAt) != w.imageText {
		errorf("ImageAt covers %q, want %q", at(src, p.ImageAt), w.imageText)
	}
	if p.Privileged != w.privileged || at(src, p.PrivilegedAt) != w.privilegedText {
		errorf("Privileged = %v at %q, want %v at %q", p.Privileged, at(src, p.PrivilegedAt), w.privileged, w.privilegedText)
	}
	if p.ComputeType != w.compute || p.EnvType != w.envType || p.DockerServer != w.dockerServer {
		errorf("compute %q type %q docker server %v, want %q %q %v", p.ComputeType, p.EnvType, p.DockerServer, w.compute, w.envType, w.dockerServer)
	}
	if w.computeText != "" && at(src, p.ComputeAt) != w.computeText {
		errorf("ComputeAt covers %q, want %q", at(src, p.ComputeAt), w.computeText)
	}
	if p.BuildSpecPath != w.buildSpecPath || p.BuildSpecUnknown != w.buildSpecUnknown || (p.Inline != nil) != w.inline {
		errorf("BuildSpecPath %q unknown %v inline %v, want %q %v %v", p.BuildSpecPath, p.BuildSpecUnknown, p.Inline != nil, w.buildSpecPath, w.buildSpecUnknown, w.inline)
	}
	if w.buildSpecAtStarts != "" && p.BuildSpecAt.Start.String() != w.buildSpecAtStarts {
		errorf("BuildSpecAt = %s (%q), want it to start at %s", p.BuildSpecAt, at(src, p.BuildSpecAt), w.buildSpecAtStarts)
	}
	if w.buildSpecPath != "" && strings.Trim(at(src, p.BuildSpecAt), `"'`) != w.buildSpecPath {
		errorf("BuildSpecAt covers %q, want the path", at(src, p.BuildSpecAt))
	}
	if p.Inline == nil {
		return
	}
	// The inline buildspec, linted in place: the jq call sits on its exact host line:col.
	l := &lint.Linter{Rules: lint.RuleSet{jqRule}}
	res := l.Run([]lint.Input{{Path: src.Path, Embed: p.Inline}})
	if len(res.Findings) != 1 || len(res.Errors) != 0 {
		errorf("findings %v errors %v, want one jq", res.Findings, res.Errors)
		return
	}
	fd := res.Findings[0]
	if fd.Range.Start.String() != w.jqAt || at(src, fd.Range) != "jq" || fd.Path != src.Path {
		errorf("jq found at %s (%q in %s), want %s", fd.Range, at(src, fd.Range), fd.Path, w.jqAt)
	}
	if w.noShellSyntaxIssue {
		all := &lint.Linter{Rules: rules.All()}
		for _, f := range all.Run([]lint.Input{{Path: src.Path, Embed: p.Inline}}).Findings {
			if f.Rule.ID == rules.ShellSyntax.ID || strings.HasPrefix(f.Rule.ID, "BSL00") {
				errorf("the inline buildspec has %s at %s: %s", f.Rule.ID, f.Range, f.Message)
			}
			if f.Range.End.Offset > len(src.Data) || !f.Range.IsValid() {
				errorf("finding %s %s outside the template", f.Rule.ID, f.Range)
			}
		}
	}
}

// jqRule reports every call of jq, on its name.
var jqRule = &lint.Rule{
	Rule: finding.Rule{ID: "BSL995", Name: "jq", Severity: finding.SeverityWarning},
	Check: func(p *lint.Pass) {
		for _, c := range p.Calls() {
			if c.Name() == "jq" {
				p.Report(c.Args[0].Range(), "jq")
			}
		}
	},
}

// The project's own name, which a CodeBuild-hosted runner label names: a literal, or one that
// parameters' defaults, !Sub and !Join resolve to; a name the template does not give as a
// literal (the stack's name, a condition) is unknown, and an absent one is CloudFormation's to
// generate.
func TestProjectName(t *testing.T) {
	src, f := read("names.yaml", `Parameters:
  Stage: {Type: String, Default: prod}
  Runner: {Type: String, Default: gha-runner}
Resources:
  Literal:
    Type: AWS::CodeBuild::Project
    Properties:
      Name: my-proj
  Referenced:
    Type: AWS::CodeBuild::Project
    Properties:
      Name: !Ref Runner
  Substituted:
    Type: AWS::CodeBuild::Project
    Properties:
      Name: !Sub "runner-${Stage}"
  Joined:
    Type: AWS::CodeBuild::Project
    Properties:
      Name: {"Fn::Join": ["-", [runner, {"Ref": "Stage"}, x86]]}
  StackNamed:
    Type: AWS::CodeBuild::Project
    Properties:
      Name: !Sub "${AWS::StackName}-runner"
  Conditional:
    Type: AWS::CodeBuild::Project
    Properties:
      Name: !If [Prod, a, b]
  Generated:
    Type: AWS::CodeBuild::Project
    Properties:
      Environment: {Image: aws/codebuild/standard:7.0}
`)
	checkRanges(t, src, f)
	want := map[string][2]string{ // logical ID: the name, the text at ProjectNameAt
		"Literal":     {"my-proj", "my-proj"},
		"Referenced":  {"gha-runner", "!Ref Runner"},
		"Substituted": {"runner-prod", `!Sub "runner-${Stage}"`},
		"Joined":      {"runner-prod-x86", `{"Fn::Join": ["-", [runner, {"Ref": "Stage"}, x86]]}`},
		"StackNamed":  {"", `!Sub "${AWS::StackName}-runner"`},
		"Conditional": {"", "!If [Prod, a, b]"},
		"Generated":   {"", ""},
	}
	if len(f.Projects) != len(want) {
		t.Fatalf("%d projects, want %d", len(f.Projects), len(want))
	}
	for _, p := range f.Projects {
		w := want[p.Name]
		got := ""
		if p.ProjectNameAt.IsValid() {
			got = at(src, p.ProjectNameAt)
		}
		if p.ProjectName != w[0] || got != w[1] {
			t.Errorf("%s: name %q at %q, want %q at %q", p.Name, p.ProjectName, got, w[0], w[1])
		}
	}
}

// A template CDK synthesizes writes the name it was given (projectName) as Properties.Name.
func TestProjectNameCDK(t *testing.T) {
	src, f := read("cdk.out/App.template.json", `{"Resources": {"RunnerA1B2C3": {"Type": "AWS::CodeBuild::Project",
  "Properties": {"Name": "app-runner", "Environment": {"Image": "aws/codebuild/standard:7.0"}}}}}`)
	checkRanges(t, src, f)
	if len(f.Projects) != 1 {
		t.Fatalf("%d projects", len(f.Projects))
	}
	p := f.Projects[0]
	if p.Kind != iac.CDK || p.Name != "RunnerA1B2C3" || p.ProjectName != "app-runner" || at(src, p.ProjectNameAt) != `"app-runner"` {
		t.Errorf("%s %s: name %q at %q", p.Kind, p.Name, p.ProjectName, at(src, p.ProjectNameAt))
	}
}
