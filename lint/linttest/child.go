package linttest

import (
	"os"
	"os/exec"
	"regexp"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
)

// InChild runs the calling test again in a child process with a 64 MB stack and a memory limit
// (a soft one of 1 GiB, and on Linux a hard one on the address space, which sh's ulimit -v
// sets), and reports its result. A hostile shape that overflows the stack kills the process (a
// fatal error, not a panic) and must not take the other tests, or the machine, with it. In the
// child it sets the limits and returns true: the test then runs its cases; in the parent it
// returns false once the child has passed.
func InChild(t *testing.T) bool {
	t.Helper()
	if os.Getenv("BUILDSPEC_LINT_HOSTILE_CHILD") == t.Name() {
		debug.SetMaxStack(64 << 20)
		debug.SetMemoryLimit(1 << 30)
		return true
	}
	args := []string{"-test.run=^" + regexp.QuoteMeta(t.Name()) + "$", "-test.count=1", "-test.v"}
	cmd := exec.Command(os.Args[0], args...)
	if runtime.GOOS == "linux" {
		cmd = exec.Command("sh", append([]string{"-c", `ulimit -v 4000000 && exec "$@"`, "sh", os.Args[0]}, args...)...)
	}
	cmd.Env = append(os.Environ(), "BUILDSPEC_LINT_HOSTILE_CHILD="+t.Name())
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- PASS: "+t.Name()) {
		s := string(out)
		if i := strings.Index(s, "\ngoroutine "); i >= 0 {
			s = s[:i] // the dumps after a fatal error
		}
		t.Fatalf("child process: %v\n%.4000s", err, s)
	}
	return false
}
