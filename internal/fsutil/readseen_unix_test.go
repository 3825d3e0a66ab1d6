//go:build unix

package fsutil

import (
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestReadSeenFIFO: a FIFO where a regular file was seen is refused with readSeen's error, and
// its content is not read.
func TestReadSeenFIFO(t *testing.T) {
	p := filepath.Join(t.TempDir(), "buildspec.yml")
	if err := syscall.Mkfifo(p, 0o644); err != nil {
		t.Fatal(err)
	}
	// A writer that holds it open, so that opening it for reading does not wait.
	w, err := os.OpenFile(p, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	w.WriteString("version: 0.2\n")
	data, err := ReadSeenRegularFile(p, 1<<20)
	_, want := readSeen(p, 1<<20)
	if data != nil || err == nil || fmt.Sprint(err) != fmt.Sprint(want) {
		t.Errorf("a FIFO: %q, %v; want nothing and %v", data, err, want)
	}
}
