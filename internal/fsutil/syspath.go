package fsutil

import (
	"fmt"
	"os"
	pathpkg "path"
	"runtime"
	"strings"
	"sync"
	"syscall"
)

// systemDirs hold the kernel's and the devices' files: /proc/self/environ is the process's
// environment (a CI token among it), /proc/<pid>/fd/N another process's open files, /dev/stdin
// whatever the linter was given. A regular-looking file there is never a buildspec, a
// configuration or a Dockerfile, and printing it (in a finding's snippet, say) would leak it.
var systemDirs = []string{"/proc", "/sys", "/dev"}

// SystemPathError is a path that is, or leads through a symbolic link into, a system directory.
type SystemPathError struct {
	Dir    string // /proc, /sys or /dev
	Target string // the path in it that was reached
}

func (e *SystemPathError) Error() string {
	return fmt.Sprintf("leads into %s (%s): system files are not read", e.Dir, e.Target)
}

// CheckSystemPath returns a *SystemPathError when path is in /proc, /sys or /dev, or when
// resolving it meets a symbolic link (in any component, at any hop) that points into one of
// them; nil otherwise, also when path does not exist or loops (reading it reports why). It
// resolves the path itself, component by component, instead of asking only where it ends: a link
// to /proc/self/fd/3 ends outside /proc, at whatever that descriptor is. A directory found to
// hold no link on its way is remembered for the rest of the run, so that the many files of one
// directory named on a command line (by pre-commit, say) cost one system call each. On Windows it
// does nothing.
func CheckSystemPath(path string) error {
	if runtime.GOOS == "windows" || path == "" {
		return nil
	}
	if !strings.HasPrefix(path, "/") {
		wd, err := syscall.Getwd()
		if err != nil {
			return nil
		}
		path = wd + "/" + path // not cleaned: ".." after a link is resolved from the link's target
	}
	dir, base := "/", path
	if i := strings.LastIndexByte(path, '/'); i > 0 {
		dir, base = path[:i], path[i+1:]
	}
	if _, ok := plainDirs.Load(dir); !ok || base == ".." {
		_, linked, err := walkPath("/", strings.Split(path, "/"))
		if err == nil && !linked && base != "" && base != "." && base != ".." {
			plainDirs.Store(dir, true) // dir was walked on the way, without a link
		}
		return err
	}
	_, _, err := walkPath(dir, []string{base})
	return err
}

// plainDirs are the directories (absolute, as written) that CheckSystemPath walked without
// meeting a symbolic link or a system directory.
var plainDirs sync.Map

// walkPath resolves the components rest from the directory resolved, as the kernel would, and
// reports whether it followed a link; a component in a system directory is an error. It stops
// without an error at a component that does not exist or at a loop.
func walkPath(resolved string, rest []string) (string, bool, error) {
	linked := false
	for hops := 0; len(rest) > 0; {
		c := rest[0]
		rest = rest[1:]
		switch c {
		case "", ".":
			continue
		case "..":
			resolved = parentDir(resolved)
			continue
		}
		next := strings.TrimSuffix(resolved, "/") + "/" + c
		if d := systemDir(next); d != "" {
			return "", true, &SystemPathError{Dir: d, Target: pathpkg.Clean(next + "/" + strings.Join(rest, "/"))}
		}
		st, err := os.Lstat(next)
		if err != nil {
			return "", true, nil
		}
		if st.Mode()&os.ModeSymlink == 0 {
			resolved = next
			continue
		}
		linked = true
		if hops++; hops > 255 {
			return "", true, nil
		}
		target, err := os.Readlink(next)
		if err != nil {
			return "", true, nil
		}
		if strings.HasPrefix(target, "/") {
			resolved = "/"
		}
		rest = append(strings.Split(target, "/"), rest...)
	}
	return resolved, linked, nil
}

func systemDir(p string) string {
	for _, d := range systemDirs {
		if p == d || strings.HasPrefix(p, d+"/") {
			return d
		}
	}
	return ""
}

func parentDir(p string) string {
	i := strings.LastIndexByte(strings.TrimSuffix(p, "/"), '/')
	if i <= 0 {
		return "/"
	}
	return p[:i]
}
