package install

import (
	"strings"

	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
)

// versionManagers maps a version manager to the tools an `install` of a version provides.
// asdf and sdk name the tool in the next word (asdf install terraform 1.5.7, sdk install java 17).
var versionManagers = map[string][]string{
	"tfenv":  {"terraform"},
	"tgenv":  {"terragrunt"},
	"nvm":    {"node", "npm", "npx"},
	"nodenv": {"node", "npm", "npx"},
	"fnm":    {"node", "npm", "npx"},
	"goenv":  {"go"},
	"gvm":    {"go"},
	"pyenv":  {"python", "pip"},
	"rbenv":  {"ruby", "gem"},
	"rvm":    {"ruby", "gem"},
	"jenv":   {},
	"asdf":   nil,
	"sdk":    nil,
	"volta":  nil,
	"mise":   nil,
	"rtx":    nil,
}

// versionManager recognises `tfenv install 1.5.7`, `nvm install 18`, `goenv install 1.21.1`,
// `pyenv install 3.12`, `rbenv install 2.5.8`, `asdf install terraform 1.5.7`,
// `sdk install java 17.0.8-amzn`, `volta install node@18`, `mise install node@20`.
// `asdf install` alone (the .tool-versions file) installs what the project names: left out.
func versionManager(st *state, c *buildspec.Call, args []*buildspec.Word) []*Install {
	mgr := strings.ToLower(c.Name())
	var ops []*buildspec.Word
	for _, a := range args {
		if !strings.HasPrefix(a.Value, "-") {
			ops = append(ops, a)
		}
	}
	if len(ops) == 0 || ops[0].Value != "install" {
		return nil
	}
	if len(ops) == 1 {
		// nvm install --lts; nvm install, pyenv install -s, tfenv install: the version the
		// project's version file names (.nvmrc, .python-version, .terraform-version).
		tools := versionManagers[mgr]
		if len(tools) == 0 {
			return nil // asdf install: every tool of .tool-versions, which one cannot tell
		}
		w, ver := ops[0], ""
		for _, a := range args {
			if a.Value == "--lts" || strings.HasPrefix(a.Value, "--lts=") {
				w, ver = a, "lts"
			}
		}
		in := newInstall(mgr, tools[0], ver, w, c)
		in.Tools = tools
		return []*Install{in}
	}
	switch mgr {
	case "asdf", "sdk":
		// asdf install NAME VERSION; sdk install NAME [VERSION]
		w := ops[1]
		if !w.Lit {
			return nil
		}
		ver := ""
		if len(ops) > 2 {
			ver = ops[2].Value
		}
		in := newInstall(mgr, w.Value, ver, w, c)
		in.Tools = runtimeTools(w.Value)
		return []*Install{in}
	case "volta", "mise", "rtx":
		var out []*Install
		for _, w := range ops[1:] {
			if !w.Lit {
				continue
			}
			pkg, ver := splitAt(w.Value)
			in := newInstall(mgr, pkg, ver, w, c)
			in.Tools = runtimeTools(pkg)
			out = append(out, in)
		}
		return out
	}
	w := ops[1]
	in := newInstall(mgr, mgr, w.Value, w, c)
	if !w.Lit {
		in.Version = ""
	}
	in.Tools = versionManagers[mgr]
	if len(in.Tools) > 0 {
		in.Package = in.Tools[0]
	}
	return []*Install{in}
}

// runtimeTools names the executables of a runtime or tool that asdf, sdk, volta or mise install.
func runtimeTools(name string) []string {
	switch strings.ToLower(name) {
	case "nodejs", "node":
		return []string{"node", "npm", "npx"}
	case "golang", "go":
		return []string{"go"}
	case "python":
		return []string{"python", "pip"}
	case "ruby":
		return []string{"ruby", "gem"}
	case "java":
		return []string{"java", "javac"}
	case "maven":
		return []string{"mvn"}
	case "awscli":
		return []string{"aws"}
	}
	return []string{strings.ToLower(name)}
}

// nInstall recognises `n 18`, `n lts`, `n latest`, `n install 20` (tj/n, the node version
// manager): the version word is the install.
func nInstall(st *state, c *buildspec.Call, args []*buildspec.Word) []*Install {
	var ops []*buildspec.Word
	for _, a := range args {
		if !strings.HasPrefix(a.Value, "-") {
			ops = append(ops, a)
		}
	}
	if len(ops) == 0 {
		return nil
	}
	w := ops[0]
	if w.Value == "install" || w.Value == "i" {
		if len(ops) < 2 {
			return nil
		}
		w = ops[1]
	}
	v := w.Value
	switch {
	case v == "lts" || v == "latest" || v == "current" || v == "stable" || v == "auto" || v == "engine":
	case !w.Lit:
		// n "$NODE_VERSION"
	case v != "" && (v[0] >= '0' && v[0] <= '9' || v[0] == 'v' && len(v) > 1 && v[1] >= '0' && v[1] <= '9'):
	default:
		return nil // n rm, n ls, n prune, n which, ...
	}
	in := newInstall("n", "node", "", w, c)
	if w.Lit && v[0] != 'l' && v[0] != 'c' && v[0] != 's' && v[0] != 'a' && v[0] != 'e' {
		in.Version = strings.TrimPrefix(v, "v")
	} else {
		in.Version = namedVersion(w) // n lts, n "$NODE_VERSION"
	}
	in.Tools = []string{"node", "npm", "npx"}
	return []*Install{in}
}

// condaInstall recognises `conda install [-y] [-c CHANNEL] pkg=1.2 ...` and
// `conda update [-y] conda`; `conda install --file requirements.txt` and `conda env create`
// install the project's dependencies and are left out.
func condaInstall(st *state, c *buildspec.Call, args []*buildspec.Word) []*Install {
	mgr := strings.ToLower(c.Name())
	if len(args) == 0 || args[0].Value != "install" && args[0].Value != "update" && args[0].Value != "upgrade" {
		return nil
	}
	var out []*Install
	for j := 1; j < len(args); j++ {
		w := args[j]
		v := w.Value
		switch v {
		case "--file", "-f":
			return nil
		case "-c", "--channel", "-n", "--name", "-p", "--prefix", "--override-channels-from":
			j++
			continue
		}
		v, ok := pinned(w)
		if strings.HasPrefix(v, "-") || !ok || v == "" {
			continue
		}
		pkg, ver := v, ""
		if i := strings.IndexAny(v, "=<>"); i > 0 {
			pkg, ver = v[:i], strings.TrimLeft(v[i:], "=<>")
		}
		if k := strings.IndexByte(pkg, ':'); k >= 0 {
			pkg = pkg[k+1:] // channel::pkg
		}
		if !validName(pkg) {
			continue
		}
		in := newInstall(mgr, pkg, ver, w, c)
		in.Upgrade = ver == "" && args[0].Value != "install" // conda update conda
		out = append(out, in)
	}
	return out
}
