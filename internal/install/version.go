package install

import (
	"strings"

	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
)

// ChoosesVersion reports whether the install chooses which version of the tool the build uses,
// rather than just making the tool available: a version manager's install (`goenv install
// 1.21.1`, `nvm install 18`, `n "$NODE_VERSION"`, `nvm install` of .nvmrc), a pinned package
// (`pip install pip==20.1`, `gem install bundler -v 1.17.3`, `npm i -g npm@9`, `jq=1.6`), a
// download whose URL names a version (of the tool, or of something else that pins the build:
// Pinned), an installer script given a version (`| sh -s -- --version 3.100.0`,
// `| DESIRED_VERSION=v3.14.0 bash`: chooseVersion). Removing such an install changes what the build builds
// with, even when the image has the tool, so it is never simply redundant. Version is the
// version when the install names it (it holds "$" when a variable names it, and is "" when a
// project file such as .nvmrc does).
func (in *Install) ChoosesVersion() bool {
	if in.Version != "" || in.Pinned {
		return true
	}
	if _, ok := versionManagers[in.Manager]; ok {
		return true
	}
	return in.Manager == "n"
}

// incidental are the executables that a bundle brings along for itself: a Miniconda or Google
// Cloud SDK download carries its own python. They do not say what the bundle is for.
var incidental = map[string]bool{"python": true, "python3": true, "pip": true, "pip3": true}

// JudgedTools returns the tools that an install is for, which decide whether the image already
// has what it installs: its Tools, less the executables a bundle only brings along (the python
// of Miniconda, whose install is an install of conda). A package whose first tool is python
// itself keeps it.
func (in *Install) JudgedTools() []string {
	if len(in.Tools) < 2 || incidental[in.Tools[0]] {
		return in.Tools
	}
	out := make([]string, 0, len(in.Tools))
	for _, t := range in.Tools {
		if !incidental[t] {
			out = append(out, t)
		}
	}
	return out
}

// assetVersion returns the version that a downloaded file's name carries:
// terraform_1.5.7_linux_amd64.zip -> 1.5.7, go1.21.1.linux-amd64.tar.gz -> 1.21.1,
// helm-v3.12.0-linux-amd64.tar.gz -> 3.12.0, or a variable whose name says it holds a version
// (go${GO_VERSION}.linux-amd64.tar.gz -> ${GO_VERSION}). "" when the name has none
// (yq_linux_amd64, tool-latest.tar.gz).
func assetVersion(name string) string {
	for i := 0; i < len(name); i++ {
		c := name[i]
		if c == '$' {
			ref := varRefAt(name[i:])
			if ref != "" && strings.Contains(strings.ToUpper(ref), "VER") {
				return ref
			}
			continue
		}
		if c < '0' || c > '9' || i > 0 && name[i-1] >= '0' && name[i-1] <= '9' || i > 0 && name[i-1] == '.' {
			continue
		}
		j := i
		for j < len(name) && (name[j] >= '0' && name[j] <= '9' || name[j] == '.') {
			j++
		}
		if v := strings.TrimRight(name[i:j], "."); isVersion(v) {
			return v
		}
		i = j - 1
	}
	return ""
}

// varRefAt returns the variable reference ($NAME or ${NAME}) at the start of s, or "".
func varRefAt(s string) string {
	if strings.HasPrefix(s, "${") {
		if k := strings.IndexByte(s, '}'); k > 2 && isVarRef(s[:k+1]) {
			return s[:k+1]
		}
		return ""
	}
	j := 1
	for j < len(s) && (s[j] == '_' || s[j] >= 'a' && s[j] <= 'z' || s[j] >= 'A' && s[j] <= 'Z' || s[j] >= '0' && s[j] <= '9') {
		j++
	}
	if j == 1 {
		return ""
	}
	return s[:j]
}

// namedVersion is the version that a version manager's word names without giving its number:
// a name (lts, latest, stable) or a variable ("$NODE_VERSION" -> $NODE_VERSION).
func namedVersion(w *buildspec.Word) string {
	if w.Lit {
		return w.Value
	}
	return unquote(w)
}

// originalCase returns v as u spells it: urlVersion reads a lower-cased URL, and a variable's
// name keeps its case (${TF_VERSION}).
func originalCase(u, v string) string {
	if i := strings.Index(strings.ToLower(u), v); v != "" && i >= 0 {
		return u[i : i+len(v)]
	}
	return v
}
