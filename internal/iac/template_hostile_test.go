package iac_test

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/buildspec-lint/buildspec-lint/internal/iac"
	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/image"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// read reads a template given as text.
func read(path, text string) (*source.Source, *iac.File) {
	src := source.NewSource(path, []byte(text))
	return src, iac.Read(src)
}

// checkRanges fails when a range of f is not a range of src, or an inline buildspec maps
// outside it.
func checkRanges(t testing.TB, src *source.Source, f *iac.File) {
	t.Helper()
	for _, p := range f.Problems {
		if err := src.CheckRange(p.Range); err != nil || !p.Range.IsValid() {
			t.Fatalf("problem %q: %v (%s)", p.Message, err, p.Range)
		}
		if strings.ContainsAny(p.Message, "\x00\x1b\r") {
			t.Fatalf("problem message with control characters: %q", p.Message)
		}
	}
	for _, p := range f.Projects {
		for _, r := range []source.Range{p.At, p.ImageAt, p.PrivilegedAt, p.ComputeAt, p.BuildSpecAt, p.ProjectNameAt} {
			if err := src.CheckRange(r); err != nil {
				t.Fatalf("project %q: %v", p.Name, err)
			}
		}
		if !p.At.IsValid() || !p.PrivilegedAt.IsValid() {
			t.Fatalf("project %q without a place (%s) or a privileged place (%s)", p.Name, p.At, p.PrivilegedAt)
		}
		if p.Inline != nil {
			n := len(p.Inline.Text)
			whole := p.Inline.HostRange(source.Range{Start: source.Pos{Line: 1, Col: 1}, End: source.Pos{Line: 1, Offset: n}})
			if err := src.CheckRange(whole); err != nil {
				t.Fatalf("inline buildspec of %q: %v", p.Name, err)
			}
		}
	}
}

// A !Sub's variables that the shell would misread keep their length, so positions after them
// stay exact; ${Name} and ${!Literal} stay as written.
func TestSubPlaceholders(t *testing.T) {
	src, f := read("t.yaml", `Resources:
  P:
    Type: AWS::CodeBuild::Project
    Properties:
      Source:
        BuildSpec: !Sub
          - |
            version: 0.2
            phases:
              build:
                commands:
                  - echo ${AWS::Region} ${Bucket.Arn} ${Name} ${!Literal} ${1x} ${é} && jq .
          - Name: literal
`)
	checkRanges(t, src, f)
	if len(f.Projects) != 1 || f.Projects[0].Inline == nil {
		t.Fatalf("projects %+v", f.Projects)
	}
	p := f.Projects[0]
	want := "echo ${AWS__Region} ${Bucket_Arn} ${Name} ${!Literal} ${_x} ${__} && jq ."
	if !strings.Contains(p.Inline.Text, want) {
		t.Errorf("inline text %q, want it to hold %q", p.Inline.Text, want)
	}
	res := (&lint.Linter{Rules: lint.RuleSet{jqRule}}).Run([]lint.Input{{Path: src.Path, Embed: p.Inline}})
	if len(res.Findings) != 1 || res.Findings[0].Range.Start.String() != "12:89" || at(src, res.Findings[0].Range) != "jq" {
		t.Errorf("findings %v, want jq at 12:89", res.Findings)
	}
}

// Values that reach a literal through the template resolve; what needs deployment state does
// not, and its text says what it is.
func TestResolve(t *testing.T) {
	src, f := read("t.yaml", `Parameters:
  Tag: {Type: String, Default: "7.0"}
  Spec:
    Type: String
    Default: |
      version: 0.2
      phases:
        build:
          commands:
            - jq .
  Privileged: {Type: String, Default: "TRUE"}
Mappings:
  Images:
    us-east-1: {build: "aws/codebuild/standard:6.0"}
Resources:
  Joined:
    Type: AWS::CodeBuild::Project
    Properties:
      Environment:
        Image: {"Fn::Join": ["", ["aws/codebuild/standard:", {"Ref": "Tag"}]]}
        PrivilegedMode: !Ref Privileged
        ComputeType: !If [Big, BUILD_GENERAL1_LARGE, BUILD_GENERAL1_SMALL]
      Source: {Type: NO_SOURCE, BuildSpec: !Ref Spec}
  Mapped:
    Type: AWS::CodeBuild::Project
    Properties:
      Environment:
        Image: !FindInMap [Images, us-east-1, build]
        PrivilegedMode: !If [Prod, true, false]
        DockerServer: !If [Prod, {ComputeType: BUILD_GENERAL1_SMALL}, !Ref "AWS::NoValue"]
      Source: {Type: S3, BuildSpec: !Sub "ci/${Tag}/buildspec.yml"}
  Remote:
    Type: AWS::CodeBuild::Project
    Properties:
      Environment: !If [Prod, {Image: a}, {Image: b}]
      Source:
        BuildSpec: "arn:aws:s3:::bucket/buildspec.yml"
  Regional:
    Type: AWS::CodeBuild::Project
    Properties:
      Environment:
        Image: !Sub "${AWS::AccountId}.dkr.ecr.${AWS::Region}.amazonaws.com/tools:${Tag}"
      Source:
        BuildSpec: !Sub "ci/${AWS::Region}.yml"
`)
	checkRanges(t, src, f)
	if len(f.Projects) != 4 || len(f.Problems) != 0 {
		t.Fatalf("projects %d problems %v", len(f.Projects), f.Problems)
	}
	j, m, r, g := f.Projects[0], f.Projects[1], f.Projects[2], f.Projects[3]
	if j.Image != "aws/codebuild/standard:7.0" || !j.ImageKnown || j.Privileged != image.PrivilegedOn || j.ComputeType != "" || at(src, j.ComputeAt) != "!If [Big, BUILD_GENERAL1_LARGE, BUILD_GENERAL1_SMALL]" {
		t.Errorf("Joined: %q %v %v %q at %q", j.Image, j.ImageKnown, j.Privileged, j.ComputeType, at(src, j.ComputeAt))
	}
	if j.Inline == nil || j.BuildSpecAt.Start.String() != "5:14" {
		t.Errorf("Joined: the parameter's default is the inline buildspec, at 5:14; got %v at %s", j.Inline != nil, j.BuildSpecAt)
	} else {
		res := (&lint.Linter{Rules: lint.RuleSet{jqRule}}).Run([]lint.Input{{Path: src.Path, Embed: j.Inline}})
		if len(res.Findings) != 1 || res.Findings[0].Range.Start.String() != "10:15" {
			t.Errorf("Joined: findings %v, want jq at 10:15", res.Findings)
		}
	}
	if m.Image != "aws/codebuild/standard:6.0" || !m.ImageKnown || m.Privileged != image.PrivilegedUnknown || at(src, m.PrivilegedAt) != "PrivilegedMode: !If [Prod, true, false]" || !m.DockerServer || m.BuildSpecPath != "ci/7.0/buildspec.yml" {
		t.Errorf("Mapped: %q %v %v at %q docker server %v path %q", m.Image, m.ImageKnown, m.Privileged, at(src, m.PrivilegedAt), m.DockerServer, m.BuildSpecPath)
	}
	if r.Image != "" || r.Privileged != image.PrivilegedUnknown || !r.BuildSpecUnknown || r.BuildSpecPath != "" {
		t.Errorf("Remote: %q %v unknown %v path %q", r.Image, r.Privileged, r.BuildSpecUnknown, r.BuildSpecPath)
	}
	if g.Image != "${AWS::AccountId}.dkr.ecr.${AWS::Region}.amazonaws.com/tools:7.0" || g.ImageKnown || !g.BuildSpecUnknown || at(src, g.BuildSpecAt) != `!Sub "ci/${AWS::Region}.yml"` {
		t.Errorf("Regional: %q %v unknown %v at %q", g.Image, g.ImageKnown, g.BuildSpecUnknown, at(src, g.BuildSpecAt))
	}
}

// Kinds: SAM by its transform (also in a list), CDK by the cdk.out directory, a path buildspec.
func TestKinds(t *testing.T) {
	const project = `"Resources": {"P": {"Type": "AWS::CodeBuild::Project", "Properties": {"Source": {"BuildSpec": "b.yml"}}}}`
	for _, tc := range []struct {
		path, text string
		want       iac.Kind
	}{
		{"template.yaml", "{" + project + "}", iac.CloudFormation},
		{"template.yaml", `{"Transform": ["AWS::LanguageExtensions", "AWS::Serverless-2016-10-31"], ` + project + "}", iac.SAM},
		{"infra/cdk.out/App.template.json", "{" + project + "}", iac.CDK},
		{"cdk.out/assembly-Prod/Prod.template.json", "{" + project + "}", iac.CDK},
		{"infra/cdk.out/manifest.json", "{" + project + "}", iac.CloudFormation},
	} {
		src, f := read(tc.path, tc.text)
		checkRanges(t, src, f)
		if len(f.Projects) != 1 || f.Projects[0].Kind != tc.want || f.Projects[0].BuildSpecPath != "b.yml" || at(src, f.Projects[0].BuildSpecAt) != `"b.yml"` {
			t.Errorf("%s: %+v, want one %s project with b.yml", tc.path, f.Projects, tc.want)
		}
	}
}

// Malformed templates are one problem at the line and column of the error; a JSON template
// indented with tabs (YAML forbids them) is read.
func TestMalformed(t *testing.T) {
	for _, tc := range []struct {
		name, text, at, msg string
	}{
		{"json missing comma", "{\n  \"Resources\": {\n    \"P\": {\"Type\": \"AWS::CodeBuild::Project\"}\n    \"Q\": 1\n  }\n}\n", "4:5", "template is not valid JSON"},
		{"yaml bad indent", "Resources:\n  P:\n    Type: AWS::CodeBuild::Project\n    Properties:\n      Source:\n        Type: S3\n     BuildSpec: x\n", "7:6", "template is not valid YAML"},
		{"yaml unclosed quote", "Resources:\n  P:\n    Type: \"AWS::CodeBuild::Project\n", "3:5", "template is not valid YAML"},
		{"invalid utf-8", "Resources:\n  P:\n    Type: AWS::CodeBuild::Project\n    Properties: \xff\xfe\n", "1:1", "template is not valid YAML"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src, f := read("t.yaml", tc.text)
			checkRanges(t, src, f)
			if len(f.Problems) != 1 || f.Problems[0].Range.Start.String() != tc.at || !strings.HasPrefix(f.Problems[0].Message, tc.msg) {
				t.Errorf("problems %+v, want one at %s: %s", f.Problems, tc.at, tc.msg)
			}
		})
	}
	// A malformed YAML file that only mentions the type is not a template: its own linting
	// reports its syntax.
	if _, f := read("buildspec.yml", "version: 0.2\n# deploys the AWS::CodeBuild::Project\nphases:\n  build:\n   commands:\n    - a\n  - b\n"); len(f.Problems) != 0 {
		t.Errorf("a buildspec is reported as a template: %+v", f.Problems)
	}
	src, f := read("t.json", "{\n\t\"Resources\": {\n\t\t\"P\": {\n\t\t\t\"Type\": \"AWS::CodeBuild::Project\",\n\t\t\t\"Properties\": {\"Source\": {\"BuildSpec\": \"version: 0.2\\nphases:\\n  build:\\n    commands:\\n      - jq .\\n\"}}\n\t\t}\n\t}\n}\n")
	checkRanges(t, src, f)
	if len(f.Problems) != 0 || len(f.Projects) != 1 || f.Projects[0].Inline == nil {
		t.Fatalf("tab-indented JSON: problems %v, projects %d", f.Problems, len(f.Projects))
	}
	res := (&lint.Linter{Rules: lint.RuleSet{jqRule}}).Run([]lint.Input{{Path: src.Path, Embed: f.Projects[0].Inline}})
	if len(res.Findings) != 1 || res.Findings[0].Range.Start.String() != "5:100" || at(src, res.Findings[0].Range) != "jq" {
		t.Errorf("tab-indented JSON: findings %v, want jq at 5:100", res.Findings)
	}
}

// Hostile templates cost bounded time: an alias bomb over the project's properties, a deep
// merge chain, a file of a million values.
func TestHostileTemplates(t *testing.T) {
	var b strings.Builder
	b.WriteString("x0: &a0 {Image: aws/codebuild/standard:7.0}\n")
	for i := 1; i < 30; i++ {
		b.WriteString("x" + strconv.Itoa(i) + ": &a" + strconv.Itoa(i) + " {<<: [")
		for k := 0; k < 10; k++ {
			if k > 0 {
				b.WriteString(", ")
			}
			b.WriteString("*a" + strconv.Itoa(i-1))
		}
		b.WriteString("]}\n")
	}
	b.WriteString("Resources:\n")
	for i := 0; i < 200; i++ {
		b.WriteString("  P" + strconv.Itoa(i) + ":\n    Type: AWS::CodeBuild::Project\n    Properties: {Environment: *a29}\n")
	}
	bomb := b.String()
	huge := "Resources:\n  P: {Type: AWS::CodeBuild::Project}\n  L: [" + strings.Repeat("1,", 600_000) + "1]\n"
	for _, tc := range []struct{ name, text, msg string }{
		{"alias bomb", bomb, "aliases and merge keys expand"},
		{"a million values", huge, "the template holds more than"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			src, f := read("t.yaml", tc.text)
			if d := time.Since(start); d > 10*time.Second {
				t.Errorf("took %s", d)
			}
			checkRanges(t, src, f)
			if len(f.Problems) != 1 || !strings.HasPrefix(f.Problems[0].Message, tc.msg) {
				t.Errorf("problems %+v, want one: %s", f.Problems, tc.msg)
			}
		})
	}
}

// FuzzReadTemplate: no template makes the reader panic, and every range it returns is inside
// the file.
func FuzzReadTemplate(f *testing.F) {
	for _, dir := range []string{"cloudformation", filepath.Join("cdk", "cdk.out")} {
		entries, err := os.ReadDir(filepath.Join("..", "..", "testdata", "iac", dir))
		if err != nil {
			f.Fatal(err)
		}
		for _, e := range entries {
			data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "iac", dir, e.Name()))
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
	f.Add([]byte("Resources: {P: {Type: AWS::CodeBuild::Project, Properties: {Source: {BuildSpec: !Sub \"version: 0.2\\n${X}\"}}}}"))
	f.Add([]byte("{\"Resources\": {\"P\": {\"Type\": \"AWS::CodeBuild::Project\", \"Properties\": {\"Source\": {\"BuildSpec\": \"version: 0.2\\nphases: {b: {commands: [\\\"a\\/b \\ud83d\\ude00\\\"]}}\"}}}}}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, path := range []string{"template.yaml", "cdk.out/S.template.json"} {
			src := source.NewSource(path, data)
			checkRanges(t, src, iac.Read(src))
		}
	})
}

// The long form of the functions reads as the short one, and AWS::NoValue removes a property.
func TestLongFormAndNoValue(t *testing.T) {
	src, f := read("t.json", `{"Resources": {"P": {"Type": "AWS::CodeBuild::Project", "Properties": {
  "Environment": {"Image": {"Ref": "AWS::NoValue"}, "PrivilegedMode": {"Ref": "AWS::NoValue"}, "DockerServer": {"Ref": "AWS::NoValue"}},
  "Source": {"BuildSpec": {"Fn::Sub": ["version: 0.2\nphases:\n  build:\n    commands:\n      - echo ${AWS::Region} && jq .\n", {}]}}}}}}`)
	checkRanges(t, src, f)
	if len(f.Projects) != 1 || len(f.Problems) != 0 {
		t.Fatalf("projects %d problems %v", len(f.Projects), f.Problems)
	}
	p := f.Projects[0]
	if p.Image != "" || p.ImageAt.IsValid() || p.Privileged != image.PrivilegedOff || at(src, p.PrivilegedAt) != `"Environment"` || p.DockerServer {
		t.Errorf("NoValue: image %q at %s, privileged %v at %q, docker server %v", p.Image, p.ImageAt, p.Privileged, at(src, p.PrivilegedAt), p.DockerServer)
	}
	if p.Inline == nil || !strings.Contains(p.Inline.Text, "${AWS__Region}") {
		t.Fatalf("Fn::Sub: inline %v", p.Inline)
	}
	res := (&lint.Linter{Rules: lint.RuleSet{jqRule}}).Run([]lint.Input{{Path: src.Path, Embed: p.Inline}})
	if len(res.Findings) != 1 || res.Findings[0].Range.Start.String() != "3:120" || at(src, res.Findings[0].Range) != "jq" {
		t.Errorf("findings %v, want jq at 3:120", res.Findings)
	}
}

// JSON that YAML does not read is read as JSON, with the same positions: `\/`, a surrogate
// pair, tab indentation, a key longer than 1024 characters.
func TestJSONThatIsNotYAML(t *testing.T) {
	long := strings.Repeat("k", 1100)
	text := "{\n\t\"Description\": \"build \\ud83d\\ude00 and deploy\",\n\t\"Metadata\": {\"" + long + "\": 1.5, \"n\": null, \"b\": false},\n\t\"Resources\": {\"P\": {\"Type\": \"AWS::CodeBuild::Project\", \"Properties\": {\n\t\t\"Environment\": {\"Image\": \"aws\\/codebuild\\/standard:7.0\", \"PrivilegedMode\": true, \"ComputeType\": \"BUILD_GENERAL1_SMALL\"},\n\t\t\"Source\": {\"BuildSpec\": \"version: 0.2\\nphases:\\n  build:\\n    commands:\\n      - cd src\\/app && jq .\\n\"}}}}\n}\n"
	src, f := read("t.json", text)
	checkRanges(t, src, f)
	if len(f.Problems) != 0 || len(f.Projects) != 1 {
		t.Fatalf("problems %v, projects %d", f.Problems, len(f.Projects))
	}
	p := f.Projects[0]
	if p.Name != "P" || p.At.Start.String() != "4:16" || p.Image != "aws/codebuild/standard:7.0" || !p.ImageKnown || at(src, p.ImageAt) != `"aws\/codebuild\/standard:7.0"` ||
		p.Privileged != image.PrivilegedOn || at(src, p.PrivilegedAt) != `"PrivilegedMode": true` || p.ComputeType != "BUILD_GENERAL1_SMALL" || p.Inline == nil {
		t.Fatalf("project %+v (image at %q, privileged at %q)", p, at(src, p.ImageAt), at(src, p.PrivilegedAt))
	}
	res := (&lint.Linter{Rules: lint.RuleSet{jqRule}}).Run([]lint.Input{{Path: src.Path, Embed: p.Inline}})
	if len(res.Findings) != 1 || res.Findings[0].Range.Start.String() != "6:99" || at(src, res.Findings[0].Range) != "jq" {
		t.Errorf("findings %v, want jq at 6:99", res.Findings)
	}
}

// A template with CRLF line ends and a byte order mark places its inline findings as one with
// LF line ends does.
func TestCRLF(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "iac", "cloudformation", "short-tags.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	src, f := read("t.yaml", "\ufeff"+strings.ReplaceAll(string(data), "\n", "\r\n"))
	checkRanges(t, src, f)
	if len(f.Projects) != 1 || f.Projects[0].Inline == nil || at(src, f.Projects[0].ImageAt) != "aws/codebuild/standard:7.0" {
		t.Fatalf("projects %+v", f.Projects)
	}
	res := (&lint.Linter{Rules: lint.RuleSet{jqRule}}).Run([]lint.Input{{Path: src.Path, Embed: f.Projects[0].Inline}})
	if len(res.Findings) != 1 || res.Findings[0].Range.Start.String() != "30:19" || at(src, res.Findings[0].Range) != "jq" {
		t.Errorf("findings %v, want jq at 30:19", res.Findings)
	}
}
