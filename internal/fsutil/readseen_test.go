package fsutil

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// TestReadSeenRegularFile: ReadSeenRegularFile reads what readSeen (through package os) reads,
// and fails where it fails, with the same error: files within and over the limit, empty files,
// a directory, a missing path, links to a file and to a directory.
func TestReadSeenRegularFile(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, n int) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, bytes.Repeat([]byte("ab\n"), n)[:n], 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	const max = 4096
	paths := []string{
		write("empty", 0), write("small", 10), write("at-max", max), write("over-max", max+1),
		write("large", 3*max), dir, filepath.Join(dir, "missing"),
	}
	if err := os.Symlink(filepath.Join(dir, "small"), filepath.Join(dir, "link")); err == nil {
		paths = append(paths, filepath.Join(dir, "link"))
	}
	if err := os.Symlink(dir, filepath.Join(dir, "dirlink")); err == nil {
		paths = append(paths, filepath.Join(dir, "dirlink"))
	}
	for _, p := range paths {
		for _, m := range []int64{0, 10, max, max + 1, 1 << 62} {
			got, gerr := ReadSeenRegularFile(p, m)
			want, werr := readSeen(p, m)
			if fmt.Sprint(gerr) != fmt.Sprint(werr) || !bytes.Equal(got, want) || (got == nil) != (want == nil) {
				t.Errorf("%s, max %d: read %d bytes (%v), want %d bytes (%v)", filepath.Base(p), m, len(got), gerr, len(want), werr)
			}
		}
	}
	if data, err := ReadSeenRegularFile(filepath.Join(dir, "at-max"), max); err != nil || len(data) != max {
		t.Errorf("a file of max bytes: %d bytes, %v", len(data), err)
	}
	if _, err := ReadSeenRegularFile(filepath.Join(dir, "over-max"), max); fmt.Sprint(err) != fmt.Sprint(&SizeError{Size: max + 1, Max: max}) {
		t.Errorf("a file over max: %v", err)
	}
}
