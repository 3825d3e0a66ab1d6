package rules

import (
	"testing"

	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/linttest"
)

func TestLegacyVersion(t *testing.T) {
	linttest.Run(t, lint.RuleSet{LegacyVersion}, linttest.TestData(t, "rules", "legacy-version"), nil)
}

func TestLostState(t *testing.T) {
	tests := []struct {
		cmds []string
		want string // "" when nothing is lost
		line int
	}{
		{[]string{"make", "make test"}, "", 0},
		{[]string{"cd app", "make"}, "cd", 1},
		{[]string{"make", "cd app && make"}, "", 0}, // the last command: nothing after it
		{[]string{"echo $(cd x; pwd)", "make"}, "", 0},
		{[]string{"FOO=bar make", "make"}, "", 0}, // a prefix assignment lasts one call
		{[]string{"FOO=bar", "echo $FOO"}, "assignment of FOO", 1},
		{[]string{"make", "export A=1", "echo $A"}, "export", 2},
		{[]string{"sh -c 'cd x'", "make"}, "", 0},
		{[]string{"(cd x && make)", "make"}, "", 0},
		{[]string{"f() { make; }", "f"}, "function f", 1},
		{[]string{"if true; then cd x; fi", "make"}, "cd", 1},
		{[]string{". ./env.sh", "make"}, ".", 1},
	}
	for _, tt := range tests {
		src := "version: 0.1\nphases:\n  build:\n    commands:\n"
		for _, c := range tt.cmds {
			src += "      - " + c + "\n"
		}
		spec := lint.Parse(lint.NewSource("t.yml", []byte(src)))[0]
		at, what := lostState(spec.CommandsInOrder())
		if what != tt.want {
			t.Errorf("%q: lostState = %q, want %q", tt.cmds, what, tt.want)
			continue
		}
		if what != "" && at.Start.Line != 4+tt.line {
			t.Errorf("%q: line %d, want %d", tt.cmds, at.Start.Line, 4+tt.line)
		}
	}
}
