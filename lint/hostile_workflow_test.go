package lint_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
	"github.com/buildspec-lint/buildspec-lint/lint/finding"
	"github.com/buildspec-lint/buildspec-lint/lint/image"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
	"github.com/buildspec-lint/buildspec-lint/lint/workflow"
	"github.com/buildspec-lint/buildspec-lint/rules"
)

// Hostile workflows: linted with every rule in every environment, at bounded cost, what went
// over a limit reported with a position.

// lintHostileWorkflow lints data as a workflow with a runner for every job, checks every
// finding's range, fails past maxMB, and returns the findings as "RULE LINE:COL message".
func lintHostileWorkflow(t *testing.T, data string, maxMB uint64) []string {
	t.Helper()
	l := &lint.Linter{Rules: rules.All()}
	src := source.NewSource(".github/workflows/hostile.yml", []byte(data))
	envs := 0
	fs := &lint.FileSettings{Runner: func(env *workflow.Env) *image.Inventory {
		envs++
		return &image.Inventory{Name: "runner", Tools: map[string]*image.Tool{"jq": {Name: "jq"}}, PackageManager: "apt-get",
			Runner: &image.Runner{Kind: image.RunnerGitHub, OS: "linux", Label: strings.Join(env.Labels, ",")}}
	}}
	var found []*finding.Finding
	if n := allocated(func() { found = l.Lint(src, fs) }); n > maxMB<<20 {
		t.Errorf("linting %d bytes allocated %d MB, want at most %d", len(data), n>>20, maxMB)
	}
	if envs > 2*workflow.MaxEnvs+2 { // the lint and the fixes' verification
		t.Errorf("%d environments resolved, want at most %d per lint", envs, workflow.MaxEnvs)
	}
	var out []string
	for _, f := range found {
		checkRange(t, src, f.RuleID(), f.Range)
		out = append(out, fmt.Sprintf("%s %d:%d %s", f.RuleID(), f.Range.Start.Line, f.Range.Start.Col, f.Message))
	}
	return out
}

func TestHostileWorkflowAliases(t *testing.T) {
	// 10^9 steps if expanded: the workflow parser would walk each.
	data := "on: push\nx:\n" + laughs(9, "  ", false) + "jobs:\n  a:\n    runs-on: ubuntu-latest\n    steps: *x8\n"
	var f []string
	timed(t, "alias bomb", func() { f = lintHostileWorkflow(t, data, 64) })
	wantFinding(t, f, "BSL001 ")
}

func TestHostileWorkflowMatrix(t *testing.T) {
	// 1,000 x 1,000 x 1,000 runners: the job is linted in at most MaxEnvs of them.
	var vals []string
	for i := range 1000 {
		vals = append(vals, fmt.Sprintf("r%d", i))
	}
	row := "[" + strings.Join(vals, ", ") + "]"
	data := "on: push\njobs:\n  a:\n    strategy:\n      matrix:\n        a: " + row + "\n        b: " + row + "\n        c: " + row +
		"\n    runs-on: [\"${{ matrix.a }}\", \"${{ matrix.b }}\", \"${{ matrix.c }}\"]\n    steps:\n      - run: sudo apt-get install -y jq\n"
	var f []string
	timed(t, "matrix", func() { f = lintHostileWorkflow(t, data, 64) })
	wantFinding(t, f, "BSL101 11:38 ")
}

func TestHostileWorkflowScripts(t *testing.T) {
	// 400,000 tokens of run: scripts in a job that runs in 16 environments: the budget holds in
	// each, and the steps are read once.
	one := strings.Repeat("a;", 2000) + "a"
	var b strings.Builder
	b.WriteString("on: push\njobs:\n  a:\n    strategy:\n      matrix:\n        os: [")
	for i := range 40 {
		fmt.Fprintf(&b, "os%d, ", i)
	}
	b.WriteString("x]\n    runs-on: ${{ matrix.os }}\n    steps:\n")
	for range 100 {
		b.WriteString("      - run: " + one + "\n")
	}
	var f []string
	timed(t, "scripts", func() { f = lintHostileWorkflow(t, b.String(), 512) })
	wantFinding(t, f, fmt.Sprintf("BSL013 58:14 the commands of this job have more than %d words", buildspec.MaxDocumentTokens))
}

func TestHostileWorkflowShapes(t *testing.T) {
	for name, data := range map[string]string{
		"jobs a list":          "on: push\njobs: [a, b]\n",
		"steps a string":       "on: push\njobs:\n  a:\n    runs-on: x\n    steps: run\n",
		"run a mapping":        "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: {a: b}\n",
		"unclosed expression":  "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: echo ${{ github.ref\n",
		"expression at end":    "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: echo ${{}}\n",
		"nested expressions":   "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: echo ${{ ${{ a }} }} ${{\n",
		"matrix expression":    "on: push\njobs:\n  a:\n    strategy:\n      matrix: ${{ fromJSON(x) }}\n    runs-on: ${{ matrix.os }}\n    steps:\n      - run: make\n",
		"runs-on from objects": "on: push\njobs:\n  a:\n    strategy:\n      matrix:\n        c: [{os: [a, {b: c}]}]\n    runs-on: ${{ matrix.c.os }}\n    steps:\n      - run: make\n",
		"control characters":   "on: push\njobs:\n  a:\n    runs-on: \"\\u001b[31m\"\n    steps:\n      - run: \"echo \\u001b]0;x\\u0007\"\n",
		"not yaml":             "on: push\njobs:\n  a: [\n",
	} {
		t.Run(name, func(t *testing.T) {
			for _, f := range lintHostileWorkflow(t, data, 16) {
				if strings.ContainsAny(f, "\x1b\x07") {
					t.Errorf("raw control character in %q", f)
				}
			}
		})
	}
}

// budgetMatrixWorkflow is a job in two environments, listed in the order given, whose
// commands go over the document's token budget in big only: steps of 9,999 tokens each run
// there alone, and a step after them (a redundant install, BSL101) runs in both. With atShared,
// the shared step is the one that goes over (20 big steps and its own 60 tokens); otherwise the
// 21st big step is, and the shared step is past it.
func budgetMatrixWorkflow(atShared bool, order ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "on: push\njobs:\n  a:\n    strategy:\n      matrix:\n        os: [%s]\n    runs-on: ${{ matrix.os }}\n    steps:\n", strings.Join(order, ", "))
	one := strings.Repeat("a;", buildspec.MaxShellTokens/2-1) + "a"
	big := buildspec.MaxDocumentTokens / buildspec.MaxShellTokens
	if !atShared {
		big++
	}
	for range big {
		b.WriteString("      - if: matrix.os == 'big'\n        run: " + one + "\n")
	}
	b.WriteString("      - run: sudo apt-get install -y jq" + strings.Repeat("; a", 25) + "\n")
	return b.String()
}

// TestWorkflowBudgetPerEnvironment: the environments of a job share its steps' commands, and
// each environment's commands have a token budget of their own. A command past the budget in
// one environment is still checked in the others, whichever environment comes first.
func TestWorkflowBudgetPerEnvironment(t *testing.T) {
	for _, tt := range []struct {
		name     string
		atShared bool
		// over is where the budget goes over, in big only.
		over string
	}{
		{"past the budget", false, "BSL013 50:14 the commands of this job have more than 200000 words and operators in all: this one and the rest are not checked; split the job\n"},
		{"over the budget", true, "BSL013 49:14 the commands of this job have more than 200000 words and operators in all: this one and the rest are not checked; split the job (only for matrix.os = big)\n"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			last := strings.Count(budgetMatrixWorkflow(tt.atShared, "small", "big"), "\n")
			// The install is checked in small, where the budget holds.
			want := tt.over + fmt.Sprintf("BSL101 %d:38 jq is already on GitHub's runner runner image; remove it from this install (only for matrix.os = small)\n", last)
			for _, order := range [][]string{{"small", "big"}, {"big", "small"}} {
				var got string
				for _, f := range lintHostileWorkflow(t, budgetMatrixWorkflow(tt.atShared, order...), 256) {
					got += f + "\n"
				}
				if got != want {
					t.Errorf("environments %s: findings\n%swant\n%s", strings.Join(order, ", "), got, want)
				}
			}
		})
	}
}
