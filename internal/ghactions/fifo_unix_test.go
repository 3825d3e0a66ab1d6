//go:build unix

package ghactions

import (
	"bytes"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/buildspec-lint/buildspec-lint/lint/finding"
	"github.com/buildspec-lint/buildspec-lint/lint/format"
)

// TestRunnerFilesThatAreFIFOs: a GITHUB_STEP_SUMMARY or GITHUB_OUTPUT that names a named pipe is
// an error on stderr, not a run blocked forever on opening it; the annotations are written.
func TestRunnerFilesThatAreFIFOs(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	o := &Options{Getenv: env(map[string]string{"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": fifo, "GITHUB_OUTPUT": fifo})}
	var stdout, stderr bytes.Buffer
	done := make(chan error, 1)
	go func() {
		_, err := o.Output(&stdout, &stderr, "github", &format.Report{Findings: findings("", "b.yml", 1)}, format.Options{}, finding.SeverityWarning)
		done <- err
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("writing the runner's files blocked on a named pipe")
	}
	if got := stderr.String(); strings.Count(got, "is a named pipe (FIFO), not a file: not written") != 2 {
		t.Errorf("stderr:\n%s", got)
	}
	if strings.Count(stdout.String(), "::") < 3 {
		t.Errorf("the annotations are missing:\n%s", stdout.String())
	}
}
