package imageread

// contents reads a flattened image's executables on path (symbolic links resolved inside the
// image), its BusyBox applets and its os-release.
func contents(t *Tree, path []string) *Contents { return &Contents{Path: path} }

// isOSRelease reports whether path is an os-release file (/etc/os-release, /usr/lib/os-release).
func isOSRelease(path string) bool { return path == "/etc/os-release" || path == "/usr/lib/os-release" }
