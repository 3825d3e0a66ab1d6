//go:build unix

package lint

import (
	"syscall"
	"testing"
)

// Mkfifo makes a named pipe at path for the tests (package lint_test sees it too).
func Mkfifo(t testing.TB, path string) {
	t.Helper()
	if err := syscall.Mkfifo(path, 0o644); err != nil {
		t.Fatal(err)
	}
}
