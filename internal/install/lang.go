package install

import (
	"strings"

	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
)

// pipOptArgs are pip install options that take a value (-r and -e: the project's dependencies,
// not tools).
var pipOptArgs = map[string]bool{
	"-r": true, "--requirement": true, "-e": true, "--editable": true,
	"-i": true, "--index-url": true, "--extra-index-url": true, "-f": true, "--find-links": true,
	"-t": true, "--target": true, "--prefix": true, "--root": true, "--trusted-host": true,
	"-c": true, "--constraint": true, "--platform": true, "--python-version": true,
	"--implementation": true, "--abi": true, "--only-binary": true, "--no-binary": true,
	"--progress-bar": true, "--cache-dir": true, "--src": true, "--upgrade-strategy": true,
	"--python": true, "--log": true, "--timeout": true, "--retries": true, "--proxy": true,
	"--cert": true, "--client-cert": true, "--global-option": true, "--install-option": true,
	"--config-settings": true, "-C": true, "--pip-args": true, "--suffix": true,
	"--spec": true, "--index": true,
}

// pipInstall recognises `pip install TOOL`, `python3 -m pip install TOOL`, `pipx install TOOL`
// and `uv tool install TOOL`, and leaves out project dependencies: `-r requirements.txt`,
// `.`, `-e .`, paths and archives.
func pipInstall(st *state, c *buildspec.Call, args []*buildspec.Word) []*Install {
	mgr := programName(c.Name())
	switch {
	case strings.HasPrefix(mgr, "python"):
		// python3 -m pip install ...: skip interpreter options up to -m.
		i := 0
		for i < len(args) && strings.HasPrefix(args[i].Value, "-") && args[i].Value != "-m" {
			i++
		}
		if i < len(args) && args[i].Value != "-m" {
			// python3 get-pip.py: a downloaded installer
			st.ran(c, args[i].Value, args[i+1:])
			return nil
		}
		if i+1 >= len(args) || args[i].Value != "-m" {
			return nil
		}
		mod := args[i+1].Value
		if mod != "pip" && mod != "pip3" && mod != "pipx" {
			return nil
		}
		mgr = mod
		args = args[i+2:]
	case mgr == "uv":
		// uv tool install TOOL, uv pip install TOOL
		if len(args) < 2 || args[0].Value != "tool" && args[0].Value != "pip" {
			return nil
		}
		if args[0].Value == "pip" {
			mgr = "pip"
		}
		args = args[1:]
	}
	if mgr == "pip3" || mgr == "pip2" {
		mgr = "pip"
	}
	i := 0
	for i < len(args) && strings.HasPrefix(args[i].Value, "-") {
		i++
	}
	if i >= len(args) || args[i].Value != "install" {
		return nil
	}
	var out []*Install
	upgrade := false
	for j := i + 1; j < len(args); j++ {
		w := args[j]
		v := w.Value
		if strings.HasPrefix(v, "-") {
			name, _, hasEq := strings.Cut(v, "=")
			switch name {
			case "-t", "--target":
				return nil // dependencies vendored into a directory (a Lambda package), not tools
			case "-U", "--upgrade":
				upgrade = true
			}
			if !strings.HasPrefix(v, "--") && len(v) > 2 && strings.Contains(v[1:], "U") && strings.Trim(v[1:], "qvUI") == "" {
				upgrade = true // -qU, -Uq
			}
			if pipOptArgs[name] && !hasEq {
				j++
			}
			continue
		}
		v, ok := pinned(w)
		if !ok {
			continue
		}
		pkg, ver, ok := splitPipSpec(v)
		if !ok {
			st.installedFile(c, v) // pip install ./downloaded-tool.tar.gz
			continue
		}
		if hasExpansion(pkg) {
			continue
		}
		out = append(out, newInstall(mgr, pkg, ver, w, c))
	}
	for _, in := range out {
		if upgrade && strings.HasPrefix(in.Version, ">") {
			in.Version = "" // pip install --upgrade 'sam>=1': the latest release
		}
		in.Upgrade = upgrade && in.Version == ""
	}
	return out
}

// splitPipSpec splits `awscli==1.2`, `awscli>=1`, `awscli[extra]~=1`, `"awscli<2"` into name and
// version. ok is false for paths, archives, URLs and `.`.
func splitPipSpec(v string) (pkg, ver string, ok bool) {
	if v == "" || strings.ContainsAny(v, "/\\") || strings.HasPrefix(v, ".") ||
		strings.HasSuffix(v, ".whl") || strings.HasSuffix(v, ".tar.gz") || strings.HasSuffix(v, ".zip") ||
		strings.HasSuffix(v, ".txt") {
		return "", "", false
	}
	if i := strings.IndexByte(v, ';'); i >= 0 {
		v = strings.TrimSpace(v[:i]) // environment markers
	}
	end := strings.IndexAny(v, "=<>!~ ")
	name := v
	if end >= 0 {
		name = v[:end]
		spec := strings.TrimLeft(v[end:], " ")
		rest := strings.TrimLeft(spec, "=<>!~ ")
		op := strings.TrimSpace(spec[:len(spec)-len(rest)])
		switch {
		case op == "==" || op == "===":
			ver = rest
		case op == "<" || op == "<=" || op == "~=" || op == ">=" || op == ">":
			// "pip<21", "tox < 4.0", "awscli~=1.29", "pip>=23": a cap, a floor or a release
			// series chooses which versions the build gets, as a pin does (a floor above the
			// image's version upgrades it); the version keeps its operator.
			ver = op + rest
		}
		if k := strings.IndexByte(ver, ','); k >= 0 {
			ver = ver[:k]
		}
	}
	if k := strings.IndexByte(name, '['); k >= 0 {
		name = name[:k]
	}
	if name == "" || !validName(name) {
		return "", "", false
	}
	return name, ver, true
}

// validName reports whether s looks like a package name (letters, digits, - _ . @ /).
func validName(s string) bool {
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
		case strings.ContainsRune("-_.@/+", r):
		default:
			return false
		}
	}
	return true
}

// npmInstall recognises global installs: `npm install -g TOOL` (or i, add, --global,
// --location=global), `yarn global add TOOL`, `pnpm add -g TOOL`. Installs into the project
// (`npm install`, `npm ci`, `yarn add`) are dependencies, not tools.
func npmInstall(st *state, c *buildspec.Call, args []*buildspec.Word) []*Install {
	mgr := strings.ToLower(c.Name())
	global := false
	verbAt := -1
	for i, w := range args {
		v := w.Value
		switch {
		case v == "-g" || v == "--global" || v == "--location=global" || v == "-location=global":
			global = true
		case v == "global" && mgr == "yarn" && verbAt < 0:
			global = true
		case strings.HasPrefix(v, "-"):
		case verbAt < 0:
			verbAt = i
		}
	}
	if !global || verbAt < 0 {
		return nil
	}
	verb := args[verbAt].Value
	if mgr == "yarn" && verb == "global" {
		// yarn global add X: the verb is the word after global
		for k := verbAt + 1; k < len(args); k++ {
			if !strings.HasPrefix(args[k].Value, "-") {
				verbAt, verb = k, args[k].Value
				break
			}
		}
	}
	switch verb {
	case "install", "i", "add", "in", "isntall", "update", "upgrade":
	default:
		return nil
	}
	var out []*Install
	for _, w := range args[verbAt+1:] {
		v, ok := pinned(w)
		if strings.HasPrefix(v, "-") || !ok || v == "" {
			continue
		}
		if st.installedFile(c, v) {
			continue // npm i -g ./downloaded-tool.tgz
		}
		pkg, ver := splitAt(v)
		if pkg == "" || hasExpansion(pkg) || strings.HasPrefix(pkg, ".") || strings.Contains(pkg, "://") || strings.HasSuffix(pkg, ".tgz") {
			continue
		}
		in := newInstall(mgr, pkg, ver, w, c)
		if ver == "latest" || verb == "update" || verb == "upgrade" {
			// npm update -g npm, npm i -g npm@latest: the newest release, not a chosen one
			in.Version, in.Upgrade = "", ver == "" || ver == "latest"
		}
		out = append(out, in)
	}
	return out
}

// splitAt splits `name@version` and `@scope/name@version`.
func splitAt(v string) (string, string) {
	i := strings.LastIndexByte(v, '@')
	if i <= 0 {
		return v, ""
	}
	return v[:i], v[i+1:]
}

// gemInstall recognises `gem install TOOL [-v VERSION]`.
func gemInstall(st *state, c *buildspec.Call, args []*buildspec.Word) []*Install {
	if len(args) == 0 || args[0].Value != "install" {
		return nil
	}
	var out []*Install
	ver := ""
	for j := 1; j < len(args); j++ {
		v := args[j].Value
		switch {
		case v == "-v" || v == "--version":
			if j+1 < len(args) {
				ver = strings.Trim(args[j+1].Value, "=~> ")
				j++
			}
		case strings.HasPrefix(v, "--version="):
			ver = strings.TrimPrefix(v, "--version=")
		case v == "-i" || v == "--install-dir" || v == "-n" || v == "--bindir" || v == "--source" || v == "-s" || v == "-P" || v == "--trust-policy" || v == "--platform":
			j++
		case strings.HasPrefix(v, "-"):
		case strings.HasSuffix(v, ".gem") || strings.Contains(v, "/"):
			st.installedFile(c, v) // gem install ./downloaded-tool.gem
		default:
			pv, ok := pinned(args[j])
			if !ok {
				continue
			}
			pkg := pv
			pv = ""
			if i := strings.IndexByte(pkg, ':'); i > 0 {
				pkg, pv = pkg[:i], pkg[i+1:]
			}
			if hasExpansion(pkg) {
				continue
			}
			out = append(out, newInstall("gem", pkg, pv, args[j], c))
		}
	}
	if ver != "" {
		for _, in := range out {
			if in.Version == "" {
				in.Version = ver
			}
		}
	}
	return out
}

// goInstall recognises `go install mod/path/cmd/x@v` (and the old `go get` of a command with
// GO111MODULE=off or -u): the tool is the last path element that is not a major version (v2).
func goInstall(st *state, c *buildspec.Call, args []*buildspec.Word) []*Install {
	if len(args) == 0 || args[0].Value != "install" && args[0].Value != "get" {
		return nil
	}
	get := args[0].Value == "get"
	var out []*Install
	for j := 1; j < len(args); j++ {
		w := args[j]
		v := w.Value
		if strings.HasPrefix(v, "-") {
			if v == "-tags" || v == "-ldflags" || v == "-gcflags" || v == "-mod" || v == "-o" {
				j++
			}
			continue
		}
		v, ok := pinned(w)
		if !ok || !strings.Contains(v, "/") || strings.HasPrefix(v, ".") {
			continue // ./cmd/x and ./... build the project
		}
		path, ver := v, ""
		if i := strings.LastIndexByte(v, '@'); i > 0 {
			path, ver = v[:i], v[i+1:]
		}
		if hasExpansion(path) {
			continue
		}
		if ver == "latest" {
			ver = ""
		}
		// go get adds a dependency to the module; in GOPATH mode it also builds commands, so
		// only the paths of commands (.../cmd/x, or a tool the data file knows) count.
		if get && !strings.Contains(path, "/cmd/") && goTools(path) == nil {
			continue
		}
		in := newInstall("go", path, ver, w, c)
		if tools, ok := loadData().pkg("go", strings.ToLower(path)); ok {
			in.Tools = tools
		} else {
			in.Tools = []string{goToolName(path)}
		}
		out = append(out, in)
	}
	return out
}

// goToolName is the executable `go install` builds from an import path: the last element,
// skipping major-version suffixes (github.com/x/y/v2 -> y) and /... patterns.
func goToolName(path string) string {
	parts := strings.Split(strings.TrimSuffix(path, "/..."), "/")
	for i := len(parts) - 1; i >= 0; i-- {
		p := parts[i]
		if isMajorVersion(p) {
			continue
		}
		return p
	}
	return path
}

func isMajorVersion(p string) bool {
	if len(p) < 2 || p[0] != 'v' {
		return false
	}
	for _, r := range p[1:] {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// cargoInstall recognises `cargo install TOOL [--version V]` (not `cargo install --path .`).
func cargoInstall(st *state, c *buildspec.Call, args []*buildspec.Word) []*Install {
	if len(args) == 0 || args[0].Value != "install" {
		return nil
	}
	var out []*Install
	ver := ""
	for j := 1; j < len(args); j++ {
		v := args[j].Value
		switch {
		case v == "--path":
			return nil
		case v == "--version" || v == "--vers":
			if j+1 < len(args) {
				ver = args[j+1].Value
				j++
			}
		case v == "--git" || v == "--branch" || v == "--tag" || v == "--rev" || v == "--root" || v == "--bin" || v == "--features" || v == "-F" || v == "--target" || v == "--registry" || v == "--index" || v == "-j" || v == "--jobs" || v == "--profile":
			j++
		case strings.HasPrefix(v, "-"):
		default:
			pkg, ok := pinned(args[j])
			if !ok {
				continue
			}
			pv := ""
			if i := strings.IndexByte(pkg, '@'); i > 0 {
				pkg, pv = pkg[:i], pkg[i+1:]
			}
			if hasExpansion(pkg) {
				continue
			}
			out = append(out, newInstall("cargo", pkg, pv, args[j], c))
		}
	}
	for _, in := range out {
		if in.Version == "" {
			in.Version = ver
		}
	}
	return out
}

// dotnetTool recognises `dotnet tool install -g|--global|--tool-path DIR NAME [--version V]`;
// a local tool (the project's manifest) is a dependency.
func dotnetTool(st *state, c *buildspec.Call, args []*buildspec.Word) []*Install {
	if len(args) < 3 || args[0].Value != "tool" || args[1].Value != "install" && args[1].Value != "update" {
		return nil
	}
	global := false
	var pkg *buildspec.Word
	ver := ""
	for j := 2; j < len(args); j++ {
		v := args[j].Value
		switch v {
		case "-g", "--global":
			global = true
		case "--tool-path":
			global = true
			j++
		case "--version":
			if j+1 < len(args) {
				ver = args[j+1].Value
			}
			j++
		case "--add-source", "--configfile", "--framework", "-a", "--arch", "--verbosity", "-v":
			j++
		default:
			if !strings.HasPrefix(v, "-") && pkg == nil && args[j].Lit {
				pkg = args[j]
			}
		}
	}
	if !global || pkg == nil {
		return nil
	}
	return []*Install{newInstall("dotnet", pkg.Value, ver, pkg, c)}
}

// rustupInstall recognises `rustup install|toolchain install TOOLCHAIN`.
func rustupInstall(st *state, c *buildspec.Call, args []*buildspec.Word) []*Install {
	var ops []*buildspec.Word
	for _, a := range args {
		if !strings.HasPrefix(a.Value, "-") {
			ops = append(ops, a)
		}
	}
	if len(ops) >= 2 && ops[0].Value == "toolchain" {
		ops = ops[1:]
	}
	if len(ops) < 2 || ops[0].Value != "install" {
		return nil
	}
	in := newInstall("rustup", "rust", ops[1].Value, ops[1], c)
	in.Tools = []string{"rustc", "cargo"}
	return []*Install{in}
}

// gcloudInstall recognises `gcloud components install kubectl gke-gcloud-auth-plugin`; the
// alpha and beta command groups are not executables.
func gcloudInstall(st *state, c *buildspec.Call, args []*buildspec.Word) []*Install {
	var ops []*buildspec.Word
	for _, a := range args {
		if !strings.HasPrefix(a.Value, "-") {
			ops = append(ops, a)
		}
	}
	if len(ops) < 3 || ops[0].Value != "components" || ops[1].Value != "install" && ops[1].Value != "update" {
		return nil
	}
	var out []*Install
	for _, w := range ops[2:] {
		if !w.Lit || !validName(w.Value) {
			continue
		}
		in := newInstall("gcloud", w.Value, "", w, c)
		if w.Value == "alpha" || w.Value == "beta" {
			in.Tools = nil
		}
		out = append(out, in)
	}
	return out
}

// azInstall recognises the Azure CLI's installers of tools: `az aks install-cli` (kubectl and
// kubelogin) and `az bicep install`.
func azInstall(st *state, c *buildspec.Call, args []*buildspec.Word) []*Install {
	if len(args) < 2 {
		return nil
	}
	switch {
	case args[0].Value == "aks" && args[1].Value == "install-cli":
		in := newInstall("az", "kubectl", "", args[1], c)
		in.Tools = []string{"kubectl", "kubelogin"}
		return []*Install{in}
	case args[0].Value == "bicep" && args[1].Value == "install":
		return []*Install{newInstall("az", "bicep", "", args[1], c)}
	}
	return nil
}

// goTools returns the tools listed for a Go package path, or nil.
func goTools(path string) []string {
	tools, _ := loadData().pkg("go", strings.ToLower(path))
	return tools
}
