package fsutil

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// ReadRegularFile reads the file at path when it is a regular file of at most max bytes. Anything
// else is refused without being read: a directory, a FIFO or a device (opening a FIFO for reading
// blocks until something writes to it), or a file over max, so that hostile inputs cost neither
// time nor memory. The file is checked again once open, and read no further than max, in case it
// is replaced or grows meanwhile. A path that leads into /proc, /sys or /dev is refused
// (CheckSystemPath). Errors carry no path; *fs.PathError is unwrapped.
func ReadRegularFile(path string, max int64) ([]byte, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, unwrapPath(err)
	}
	if err := regular(st, max); err != nil {
		return nil, err
	}
	if err := CheckSystemPath(path); err != nil {
		return nil, err
	}
	return ReadSeenRegularFile(path, max)
}

// readSeen is ReadSeenRegularFile through package os.
func readSeen(path string, max int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, unwrapPath(err)
	}
	defer f.Close()
	return readOpen(f, max)
}

// readOpen checks and reads the open file f as ReadSeenRegularFile does.
func readOpen(f *os.File, max int64) ([]byte, error) {
	st, err := f.Stat()
	if err != nil {
		return nil, unwrapPath(err)
	}
	if err := regular(st, max); err != nil {
		return nil, err
	}
	// Read into a buffer of the size the file claims (one allocation, like os.ReadFile), and
	// no further than max+1 bytes whatever it turns out to hold (max+1 must not overflow).
	max = min(max, maxReadable)
	data := make([]byte, 0, min(st.Size(), max)+1)
	for int64(len(data)) <= max {
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
		n, err := f.Read(data[len(data):min(cap(data), int(max+1))])
		data = data[:len(data)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, unwrapPath(err)
		}
	}
	if int64(len(data)) > max {
		return nil, &SizeError{Size: int64(len(data)), Max: max}
	}
	return data, nil
}

// maxReadable bounds the max of ReadRegularFile, which could not hold more in memory anyway.
const maxReadable = 1 << 40

// SizeError is a file over the size limit of ReadRegularFile (Size is what was seen of it).
type SizeError struct{ Size, Max int64 }

func (e *SizeError) Error() string {
	return fmt.Sprintf("file is %d bytes, over the limit of %d", e.Size, e.Max)
}

func regular(st fs.FileInfo, max int64) error {
	switch m := st.Mode(); {
	case m.IsDir():
		return fmt.Errorf("is a directory")
	case m&fs.ModeNamedPipe != 0:
		return fmt.Errorf("is a named pipe (FIFO), not a regular file: not read")
	case !m.IsRegular():
		return fmt.Errorf("not a regular file")
	}
	if st.Size() > max {
		return &SizeError{Size: st.Size(), Max: max}
	}
	return nil
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// MaxFileSizeLimit is the most limits.max-file-size can be: the model of a file costs up to
// about 100 times its size in memory, so a larger file could not be linted anyway.
const MaxFileSizeLimit = 64 << 20
