//go:build unix

package main

import (
	"os"
	"syscall"
)

// keepOwner gives f the owner and group of the file st describes, when the process may (root
// may; a user may keep their own): a --fix run as root in a container must not leave the
// checkout's files owned by root. A failure leaves the process's own.
func keepOwner(f *os.File, st os.FileInfo) {
	if sys, ok := st.Sys().(*syscall.Stat_t); ok {
		_ = f.Chown(int(sys.Uid), int(sys.Gid))
	}
}
