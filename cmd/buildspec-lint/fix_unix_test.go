//go:build unix

package main

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestWriteFixedKeepsOwner checks that --fix run as root keeps a file's owner and group (only
// root may give a file away, so as another user the test checks that the write keeps the
// user's own).
func TestWriteFixedKeepsOwner(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	p := filepath.Join(dir, "owned.yml")
	if err := os.WriteFile(p, []byte("a\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	uid, gid := os.Geteuid(), os.Getegid()
	if uid == 0 {
		uid, gid = 4242, 4243
		if err := os.Chown(p, uid, gid); err != nil {
			t.Fatal(err)
		}
	}
	if err := writeFixed("owned.yml", []byte("a\n"), []byte("b\n")); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	if sys, ok := st.Sys().(*syscall.Stat_t); !ok || int(sys.Uid) != uid || int(sys.Gid) != gid {
		t.Errorf("owner %+v, want %d:%d", st.Sys(), uid, gid)
	}
}
