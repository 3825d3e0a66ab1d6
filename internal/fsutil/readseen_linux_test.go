package fsutil

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// readCalls returns the read system calls the process has made (/proc/self/io's syscr).
func readCalls(t *testing.T) int {
	t.Helper()
	data, err := os.ReadFile("/proc/self/io")
	if err != nil {
		t.Fatalf("reading /proc/self/io: %v", err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "syscr: "); ok {
			n, err := strconv.Atoi(v)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
	}
	t.Fatalf("no syscr in /proc/self/io:\n%s", data)
	return 0
}

// TestReadSeenOneRead: a regular file is read in one read system call (no second one to see its
// end: it holds what it held when it was checked), and read whole.
func TestReadSeenOneRead(t *testing.T) {
	p := filepath.Join(t.TempDir(), "buildspec.yml")
	want := bytes.Repeat([]byte("phases: {}\n"), 100)
	if err := os.WriteFile(p, want, 0o644); err != nil {
		t.Fatal(err)
	}
	const n = 200
	before := readCalls(t)
	for range n {
		got, err := ReadSeenRegularFile(p, 1<<20)
		if err != nil || !bytes.Equal(got, want) {
			t.Fatalf("read %d bytes (%v), want %d", len(got), err, len(want))
		}
	}
	// The other reads of the process meanwhile (reading /proc/self/io is one) are a few.
	if calls := readCalls(t) - before; calls > n+n/10 {
		t.Errorf("%d files read with %d read system calls, want one each", n, calls)
	}
}
