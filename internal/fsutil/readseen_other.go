//go:build !unix

package fsutil

// ReadSeenRegularFile is ReadRegularFile for a path already seen to be a regular file (by a
// stat, or by its directory entry during discovery): it opens the file, then checks it and
// reads it as ReadRegularFile does. One system call fewer per file of a monorepo.
func ReadSeenRegularFile(path string, max int64) ([]byte, error) {
	return readSeen(path, max)
}
