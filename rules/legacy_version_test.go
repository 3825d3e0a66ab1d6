package rules

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
	"github.com/buildspec-lint/buildspec-lint/lint/linttest"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
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
		{[]string{"cd src && make", "make test"}, "", 0}, // the cd is used in its own command
		{[]string{"cd src; make", "make test"}, "", 0},
		{[]string{"make && cd out", "ls"}, "cd", 1}, // nothing after it uses the cd
		{[]string{"export X=1", "make"}, "export", 1},
		{[]string{"export X=1 && make", "echo $X"}, "export", 1}, // a later command reads X
		{[]string{"export X=1 && make", "make test"}, "", 0},
		{[]string{"TAG=$(git rev-parse HEAD) && echo $TAG", "docker build -t app:${TAG} ."}, "assignment of TAG", 1},
		{[]string{"cd a && make", "cd b", "make"}, "cd", 2},
	}
	for _, tt := range tests {
		src := "version: 0.1\nphases:\n  build:\n    commands:\n"
		for _, c := range tt.cmds {
			src += "      - " + c + "\n"
		}
		spec := buildspec.Parse(source.NewSource("t.yml", []byte(src)))[0]
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

func TestCarriedCd(t *testing.T) {
	tests := []struct {
		cmds []string
		line int // 0 when there is none
	}{
		{[]string{"cd src && make", "make test"}, 1},
		{[]string{"make", "cd src && make"}, 0}, // the last command: nothing after it
		{[]string{"cd src", "make"}, 0},         // lost, not carried: the message names it already
		{[]string{"(cd src && make)", "make"}, 0},
		{[]string{"make", "pushd x && make && popd", "make"}, 2},
	}
	for _, tt := range tests {
		src := "version: 0.1\nphases:\n  build:\n    commands:\n"
		for _, c := range tt.cmds {
			src += "      - " + c + "\n"
		}
		spec := buildspec.Parse(source.NewSource("t.yml", []byte(src)))[0]
		at, what := carriedCd(spec.CommandsInOrder())
		if got := map[bool]int{true: at.Start.Line - 4}[what != ""]; got != tt.line {
			t.Errorf("%q: carriedCd on command %d, want %d", tt.cmds, got, tt.line)
		}
	}
}

// TestLostStateLinear: a 0.1 file of many commands that each set variables, one of them with
// thousands of cds, is checked in linear time (one walk per command, not one per statement).
func TestLostStateLinear(t *testing.T) {
	var b strings.Builder
	b.WriteString("version: 0.1\nphases:\n  build:\n    commands:\n")
	b.WriteString("      - " + strings.Repeat("cd a && ", 20000) + "make\n")
	for i := range 5000 {
		fmt.Fprintf(&b, "      - V%d=1 && echo $V%d\n", i, i)
	}
	b.WriteString("      - make\n")
	spec := buildspec.Parse(source.NewSource("t.yml", []byte(b.String())))[0]
	done := make(chan string, 1)
	go func() { _, what := lostState(spec.CommandsInOrder()); done <- what }()
	select {
	case what := <-done:
		if what != "" {
			t.Errorf("lostState = %q, want nothing lost", what)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("lostState took over 10 s: quadratic")
	}
}
