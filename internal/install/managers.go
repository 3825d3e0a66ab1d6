package install

// osManager is an OS package manager that osPackages reads.
type osManager struct {
	// verbs are the subcommands that install packages.
	verbs []string
	// format is the package format of the distributions that ship the manager (OSFamily):
	// "deb", "rpm", "apk", "zypper", or "" for brew and snap, which no distribution is built on.
	format string
}

// osManagers are the OS package managers the recogniser reads, the one list that the handler
// table, OSFamily and the install verbs come from. packages.yaml's family os lists the same
// names (TestManagerLists), so that a package entry under os applies to each of them.
var osManagers = map[string]osManager{
	"apt-get":             {verbs: []string{"install", "reinstall"}, format: "deb"},
	"apt":                 {verbs: []string{"install", "reinstall"}, format: "deb"},
	"aptitude":            {verbs: []string{"install"}, format: "deb"},
	"yum":                 {verbs: []string{"install", "reinstall", "localinstall"}, format: "rpm"},
	"dnf":                 {verbs: []string{"install", "reinstall"}, format: "rpm"},
	"microdnf":            {verbs: []string{"install", "reinstall"}, format: "rpm"},
	"tdnf":                {verbs: []string{"install", "reinstall"}, format: "rpm"},
	"amazon-linux-extras": {verbs: []string{"install"}, format: "rpm"},
	"apk":                 {verbs: []string{"add"}, format: "apk"},
	"zypper":              {verbs: []string{"install", "in"}, format: "zypper"},
	"brew":                {verbs: []string{"install", "reinstall"}},
	"snap":                {verbs: []string{"install"}},
}

// packageTools are the low-level package tools of a format (dpkg -i x.deb, rpm -i x.rpm): no
// OS manager of their own (placement reads them), but the image data names them among an
// image's managers and an install with them fails on an image of another format.
var packageTools = map[string]string{"dpkg": "deb", "rpm": "rpm"}

// IsOSManager reports whether name is an OS package manager the recogniser reads (apt-get,
// yum, apk, ...) or a low-level package tool of a format (dpkg, rpm).
func IsOSManager(name string) bool {
	_, ok := osManagers[name]
	return ok || packageTools[name] != ""
}
