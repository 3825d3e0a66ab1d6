package iac

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// checkFile holds every range that a read file yields to the file it is in, and lints each
// inline buildspec, whose findings must land in its host.
func checkFile(t *testing.T, src *source.Source, f *File) {
	t.Helper()
	for _, pr := range f.Problems {
		if err := src.CheckRange(pr.Range); err != nil || !pr.Range.IsValid() {
			t.Errorf("problem %q: %v (%s)", pr.Message, err, pr.Range)
		}
	}
	l := &lint.Linter{Rules: lint.RuleSet{markRule}}
	for _, p := range f.Projects {
		for _, r := range []source.Range{p.At, p.ImageAt, p.PrivilegedAt, p.ComputeAt, p.BuildSpecAt} {
			if err := src.CheckRange(r); err != nil {
				t.Errorf("project %s: %v", p.Name, err)
			}
		}
		if p.Inline != nil {
			res := l.Run([]lint.Input{{Path: p.Inline.Host.Path, Embed: p.Inline}})
			for _, fd := range res.Findings {
				if err := p.Inline.Host.CheckRange(fd.Range); err != nil {
					t.Errorf("inline finding: %v", err)
				}
			}
		}
	}
}

// checkTemplate reads src as a template file and lints it: the findings land in the file.
func checkTemplate(t *testing.T, src *source.Source) {
	t.Helper()
	e, ok := ReadTemplateFile(src)
	if !ok {
		return
	}
	l := &lint.Linter{Rules: lint.RuleSet{markRule}}
	for _, fd := range l.Run([]lint.Input{{Path: src.Path, Embed: e}}).Findings {
		if err := src.CheckRange(fd.Range); err != nil {
			t.Errorf("template finding: %v", err)
		}
	}
}

// FuzzReadTerraform: no input panics the reader (as a .tf file and as a template file), and
// every range it yields is inside the file.
func FuzzReadTerraform(f *testing.F) {
	names, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "iac", "terraform", "*", "*.tf"))
	for _, n := range names {
		data, err := os.ReadFile(n)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(data))
	}
	f.Add("resource \"aws_codebuild_project\" \"p\" {\n  source {\n    buildspec = <<-EOF\n\t  - ${a}${b}\n  %{ for x in y }${x}%{ endfor }\n    EOF\n  }\n}\n")
	f.Add("resource \"aws_codebuild_project\" \"p\" {\r\n  source {\r\n    buildspec = \"a\\u00e9\\n  - ${x} b\\\\\\\"\"\r\n  }\r\n}\r\n")
	f.Fuzz(func(t *testing.T, text string) {
		if !strings.Contains(text, "aws_codebuild_project") {
			text = "# aws_codebuild_project\n" + text
		}
		src := source.NewSource("main.tf", []byte(text))
		checkFile(t, src, Read(src))
		checkTemplate(t, source.NewSource("buildspec.yml.tpl", []byte(text)))
	})
}

// Every fixture with a byte deleted, or a quote, brace, interpolation or directive opener put in,
// at every other place: no panic, and every range inside the file (FuzzReadTerraform, swept).
func TestTerraformMutations(t *testing.T) {
	names, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "iac", "terraform", "*", "*.tf"))
	inserts := []string{"\"", "{", "}", "${", "%{", "<<", "\n", "\\"}
	for _, n := range names {
		data, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		text := string(data)
		for i := 0; i < len(text); i += 2 {
			variants := []string{text[:i] + text[i+1:]}
			ins := inserts[i%len(inserts)]
			variants = append(variants, text[:i]+ins+text[i:])
			for _, v := range variants {
				if !strings.Contains(v, "aws_codebuild_project") {
					continue
				}
				src := source.NewSource("main.tf", []byte(v))
				checkFile(t, src, Read(src))
				checkTemplate(t, src)
			}
		}
	}
}
