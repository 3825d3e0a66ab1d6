package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/buildspec-lint/buildspec-lint/lint/finding"
)

// panicReader panics when read: standard input is read by the discovery phase, in run's own
// goroutine.
type panicReader struct{}

func (panicReader) Read([]byte) (int, error) { panic("read of standard input\x1b[2J") }

// TestPanicInAPhaseIsAnInternalError: a panic outside the linter's workers (here in discovery)
// ends the run with exit code 3 and a cleaned message with the stack on stderr.
func TestPanicInAPhaseIsAnInternalError(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run([]string{"-"}, panicReader{}, &stdout, &stderr); code != exitInternal {
		t.Errorf("exit code %d, want %d", code, exitInternal)
	}
	got := stderr.String()
	if !strings.HasPrefix(got, "buildspec-lint: internal error: read of standard input\\x1b[2J\n") || !strings.Contains(got, "goroutine ") {
		t.Errorf("stderr:\n%s", got)
	}
	if stdout.Len() != 0 {
		t.Errorf("stdout: %q", stdout.String())
	}
}

// TestExitCodeOrder: an internal error outranks an input error, which outranks findings.
func TestExitCodeOrder(t *testing.T) {
	kept := []*finding.Finding{{Path: "buildspec.yml", Severity: finding.SeverityWarning, Message: "m"}}
	for _, c := range []struct {
		p    problems
		want int
	}{
		{problems{}, exitFindings},
		{problems{inputs: true}, exitUsage},
		{problems{inputs: true, internal: true}, exitInternal},
	} {
		if got := c.p.exitCode(kept, finding.SeverityWarning); got != c.want {
			t.Errorf("%+v: exit %d, want %d", c.p, got, c.want)
		}
	}
}

// TestFailLevelDecidesFindings: findings below the fail level, or --fail-level none, exit 0.
func TestFailLevelDecidesFindings(t *testing.T) {
	kept := []*finding.Finding{{Path: "buildspec.yml", Severity: finding.SeverityWarning, Message: "m"}}
	for _, level := range []finding.Severity{finding.SeverityError, finding.SeverityNone} {
		if got := (problems{}).exitCode(kept, level); got != exitOK {
			t.Errorf("a warning under --fail-level %v: exit %d, want 0", level, got)
		}
	}
}
