//go:build !unix

package linttest

import "testing"

// Mkfifo skips the test: there are no named pipes in the file system here.
func Mkfifo(t testing.TB, path string) {
	t.Skip("no named pipes on this system")
}
