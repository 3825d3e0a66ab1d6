package iac

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/buildspec-lint/buildspec-lint/lint/linttest"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// Hostile modules cost bounded work: brackets nested, or unary operators and conditionals
// chained, past what the parser may recurse into are a problem at the place; locals that refer
// to each other in a cycle or that double at each step resolve to nothing, quickly; a file with
// thousands of syntax errors reports a few. In a child process with a 64 MB stack.
func TestTerraformHostile(t *testing.T) {
	if !linttest.InChild(t) {
		return
	}
	project := "resource \"aws_codebuild_project\" \"p\" {\n  environment {\n    image = local.l0\n  }\n  source {\n    buildspec = local.l0\n  }\n}\n"
	var doubling strings.Builder
	doubling.WriteString("locals {\n")
	for i := 0; i < 60; i++ {
		fmt.Fprintf(&doubling, "  l%d = \"${local.l%d}${local.l%d}\"\n", i, i+1, i+1)
	}
	doubling.WriteString("  l60 = \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"\n}\n")
	deep := "resource \"aws_codebuild_project\" \"p\" {\n  x = " + strings.Repeat("(", 100000) + "\n}\n"
	chain := func(op string) string {
		return "resource \"aws_codebuild_project\" \"p\" {\n  x = " + strings.Repeat(op, 400000) + "1\n}\n"
	}
	cases := []struct {
		name, text string
		problem    string // "line:col" of the problem, "" for none
	}{
		{"cycle", project + "locals {\n  l0 = local.l1\n  l1 = local.l0\n}\n", ""},
		{"doubling", project + doubling.String(), ""},
		{"wide", strings.Replace(project, "image = local.l0", "image = \""+strings.Repeat("${local.l0}", 50000)+"\"", 1) + doubling.String(), ""},
		{"deep", deep, fmt.Sprintf("2:%d", 6+maxNesting)},
		{"not", chain("!"), fmt.Sprintf("2:%d", 7+maxChain)},
		{"minus", chain("- "), fmt.Sprintf("2:%d", 7+2*maxChain)},
		{"conditional", chain("x ? y : "), fmt.Sprintf("2:%d", 9+8*maxChain)},
		{"errors", "resource \"aws_codebuild_project\" \"p\" {}\n" + strings.Repeat("a = 1\n", 100000), "3:1"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			src := source.NewSource("main.tf", []byte(tc.text))
			start := time.Now()
			f := Read(src)
			// Logged, not asserted: the tests do not time things (a loaded machine is slow);
			// the work is bounded by the limits the problems below show.
			t.Logf("%s: %v", tc.name, time.Since(start).Round(time.Millisecond))
			checkFile(t, src, f)
			if tc.problem == "" {
				if len(f.Problems) != 0 || len(f.Projects) != 1 {
					t.Fatalf("problems %v, projects %d", f.Problems, len(f.Projects))
				}
				p := f.Projects[0]
				if p.ImageKnown || p.Inline != nil || p.BuildSpecPath != "" {
					t.Errorf("image %q known %v, inline %v, path %q", p.Image, p.ImageKnown, p.Inline, p.BuildSpecPath)
				}
				return
			}
			if len(f.Problems) == 0 || len(f.Problems) > maxProblems || f.Problems[0].Range.Start.String() != tc.problem {
				t.Errorf("problems %v, want one at %s", f.Problems, tc.problem)
			}
		})
	}
}
