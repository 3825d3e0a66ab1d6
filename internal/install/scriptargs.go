package install

import (
	"strings"

	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
)

// An installer script takes the version to install from its arguments or its environment:
// `curl -fsSL https://deno.land/install.sh | sh -s v1.41.0`, `curl https://get.pulumi.com | sh
// -s -- --version 3.100.0`, `... get-helm-3 | DESIRED_VERSION=v3.14.0 bash`, `bash install.sh
// --version 1.2.3` after downloading it. chooseVersion reads that choice into the install's
// Version, so that it chooses a version (ChoosesVersion) like any other pinned install.

// versionOpt is what an installer script's option says about the version it installs.
type versionOpt int

const (
	// optVersionAny: the option's value is the version, whatever its shape (--version nightly).
	optVersionAny versionOpt = iota + 1
	// optVersionShaped: the value is the version only when it looks like one: a short option that
	// other scripts use for something else (-v is also --verbose).
	optVersionShaped
	// optToolchain: the value is the toolchain that the installer installs besides itself
	// (rustup's --default-toolchain 1.78.0 chooses rustc and cargo, not rustup).
	optToolchain
)

// versionOpts are the options with which installer scripts take the version to install.
var versionOpts = map[string]versionOpt{
	"--version": optVersionAny, "--release": optVersionAny, "--tag": optVersionAny, "--channel": optVersionAny,
	"-v":                  optVersionShaped,
	"--default-toolchain": optToolchain, "--toolchain": optToolchain,
}

// toolchain is what an installer's toolchain option chooses: a package of other tools than the
// installer's own.
type toolchain struct {
	pkg   string
	tools []string
}

// toolchains are the installers whose toolchain option chooses other tools than the installer
// itself, by the installer's first tool.
var toolchains = map[string]toolchain{
	"rustup": {"rust", []string{"rustc", "cargo"}},
}

// scriptChoice is the version that an installer script's arguments or environment choose.
type scriptChoice struct {
	version string // the version, as written ("" when none is chosen)
	// upgrade is true when they ask for the newest release by name (--version latest, stable).
	upgrade bool
	// toolchain is true when the version is that of a toolchain (optToolchain); none is true for
	// a toolchain of "none" (rustup alone).
	toolchain, none bool
}

func (s scriptChoice) chosen() bool { return s.version != "" || s.upgrade || s.none }

// latestName reports whether a version word asks for the newest release rather than naming one.
func latestName(v string) bool {
	switch strings.ToLower(v) {
	case "latest", "stable":
		return true
	}
	return false
}

// versionShaped reports whether v looks like a version: digits with an optional leading "v",
// dots between them (at least one when needDot), and an optional suffix after "-", "+" or "~"
// (1.55.2, v3.14.0, 1.78, 17.0.8-amzn, v1.28.5+k3s1).
func versionShaped(v string, needDot bool) bool {
	s := strings.TrimPrefix(v, "v")
	if s == "" || s[0] < '0' || s[0] > '9' {
		return false
	}
	i, dots := 0, 0
	for i < len(s) && (s[i] >= '0' && s[i] <= '9' || s[i] == '.') {
		if s[i] == '.' {
			if s[i-1] == '.' {
				return false
			}
			dots++
		}
		i++
	}
	if s[i-1] == '.' || needDot && dots == 0 {
		return false
	}
	if i == len(s) {
		return true
	}
	if s[i] != '-' && s[i] != '+' && s[i] != '~' || i+1 == len(s) {
		return false
	}
	for _, r := range s[i+1:] {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '-' || r == '+' || r == '_') {
			return false
		}
	}
	return true
}

// namedValue reports whether v can be the value of a version option: a version, a release name
// (nightly, lts, 1.78.0-beta) or a value the build computes ($VERSION, $(cat .version)); not an
// option, a path or text with spaces.
func namedValue(v string) bool {
	if v == "" || v[0] == '-' || strings.HasPrefix(v, "/") || strings.HasPrefix(v, "./") {
		return false
	}
	if strings.HasPrefix(v, "$") || strings.HasPrefix(v, "v$") {
		return true
	}
	return !strings.ContainsAny(v, " \t\r\n/\\\"'`;|&<>(){}[]*?=")
}

// versionVarStem returns what a variable's name says it holds the version of: the name without
// its VERSION or TAG suffix (DESIRED_VERSION: DESIRED, INSTALL_K3S_VERSION: INSTALL_K3S, TAG:
// ""); ok is false when the name does not say it holds a version.
func versionVarStem(name string) (stem string, ok bool) {
	n := strings.ToUpper(name)
	for _, suf := range [...]string{"_VERSION", "VERSION", "_TAG", "TAG"} {
		if strings.HasSuffix(n, suf) {
			return n[:len(n)-len(suf)], true
		}
	}
	return "", false
}

// genericStems are the stems of version variables that name no tool: installer scripts read
// them for their own tool (DESIRED_VERSION of Helm's get-helm-3, k3d's TAG).
var genericStems = map[string]bool{"": true, "DESIRED": true, "INSTALL": true, "RELEASE": true, "TARGET": true, "REQUESTED": true}

// scriptVersionVar reports whether a version variable given to the script of tools chooses
// their version: its name names one of the tools (PULUMI_VERSION) or none (DESIRED_VERSION,
// TAG). NODE_VERSION given to nvm's installer chooses node, not nvm.
func scriptVersionVar(name string, tools []string) bool {
	stem, ok := versionVarStem(name)
	return ok && (genericStems[stem] || namesTool(stem, tools))
}

// isVarValue reports whether a value is a variable the build sets (${HELM_VERSION},
// v$VERSION) or a command substitution: a version chosen, at a value the recogniser does not know.
func isVarValue(v string) bool {
	v = strings.TrimPrefix(v, "v")
	return isVarRef(v) || strings.HasPrefix(v, "$(") || strings.HasPrefix(v, "`")
}

// wordText returns an argument's text: its value, or, for a word with expansions, its text
// without surrounding quotes and with the variables the commands assigned replaced.
func (st *state) wordText(w *buildspec.Word) string {
	if w.Lit {
		return w.Value
	}
	return st.expand(unquote(w))
}

// argsChoice reads the version that an installer script's arguments choose: the value of a
// version option (versionOpts), else the first positional argument that looks like a version
// (v1.55.2 in `-b /usr/local/bin v1.55.2`) or is a release tag of one of the tools (bun-v1.1.0). The word after an option that versionOpts does not
// know and that starts with "--" is taken as that option's value, never as the version
// (`--profile minimal`, `--python 3.12`); short options are taken as flags (`-y`, `-d`), but
// their value in `-b DIR` is a path, never version-shaped.
func (st *state) argsChoice(args []*buildspec.Word, tools []string) scriptChoice {
	positional := ""
	for j := 0; j < len(args); j++ {
		v := st.wordText(args[j])
		if v == "--" {
			continue
		}
		if strings.HasPrefix(v, "-") && len(v) > 1 {
			name, val, inline := strings.Cut(v, "=")
			kind, ok := versionOpts[name]
			if !inline && j+1 < len(args) {
				if next := st.wordText(args[j+1]); !strings.HasPrefix(next, "-") {
					val = next
					if ok || strings.HasPrefix(name, "--") {
						j++ // the option's value
					}
				}
			}
			if !ok || val == "" {
				continue
			}
			if c, ok := optionChoice(kind, val); ok {
				return c
			}
			continue
		}
		if positional != "" {
			continue
		}
		if versionShaped(v, true) || isVersionRef(v) {
			positional = v
		} else if tv := toolTag(v, tools); tv != "" {
			positional = tv
		}
	}
	return scriptChoice{version: positional}
}

// toolTag returns the version of a release tag that names one of the tools (bun-v1.1.0,
// tool@1.2.3, tool_1.2.3), "" for any other word.
func toolTag(v string, tools []string) string {
	l := strings.ToLower(v)
	for _, t := range tools {
		if len(l) > len(t)+1 && strings.HasPrefix(l, t) && strings.ContainsRune("-@_", rune(l[len(t)])) {
			if rest := v[len(t)+1:]; versionShaped(rest, true) {
				return rest
			}
		}
	}
	return ""
}

// isVersionRef reports whether v is a reference to a variable whose name says it holds a
// version ($GOLANGCI_VERSION, v${TAG}).
func isVersionRef(v string) bool {
	v = strings.TrimPrefix(v, "v")
	if !isVarRef(v) {
		return false
	}
	_, ok := versionVarStem(strings.Trim(v, "${}"))
	return ok
}

// optionChoice reads the value of a version option of the given kind; ok is false when the
// value is no version (-v /usr/local/bin).
func optionChoice(kind versionOpt, val string) (scriptChoice, bool) {
	c := scriptChoice{toolchain: kind == optToolchain}
	switch {
	case kind == optVersionShaped && !versionShaped(val, true) && !isVarValue(val):
		return c, false
	case kind == optToolchain && strings.ToLower(val) == "none":
		c.none = true
	case latestName(val):
		c.upgrade = true
	case namedValue(val) || isVarValue(val):
		c.version = val
	default:
		return c, false
	}
	return c, true
}

// envChoice reads the version that the environment of an installer script of tools chooses: a
// version variable (scriptVersionVar) assigned on the call that runs the script
// (DESIRED_VERSION=v3.14.0 bash, env TAG=v5.6.0 bash, sudo PULUMI_VERSION=3.100.0 sh), else one
// that the commands exported before it (export PULUMI_VERSION=3.100.0, a buildspec's
// env.variables) whose name names one of the tools, or is DESIRED_VERSION, which only
// installers read: an exported VERSION or TAG is more likely the project's own, an exported
// NODE_VERSION says nothing about a pulumi installer, and a variable assigned without export
// does not reach the script. Only a value that is a version, a variable or latest counts.
func (st *state) envChoice(r *buildspec.Call, tools []string) scriptChoice {
	var c scriptChoice
	st.callAssigns(r, func(name, val string) bool {
		if scriptVersionVar(name, tools) {
			c = envValue(val)
		}
		return !c.chosen()
	})
	if c.chosen() {
		return c
	}
	for _, name := range st.versionExports {
		stem, ok := versionVarStem(name)
		if !ok || stem != "DESIRED" && !namesTool(stem, tools) {
			continue
		}
		if v, ok := st.vars[name]; ok {
			if c = envValue(v); c.chosen() {
				return c
			}
		}
	}
	return scriptChoice{}
}

// envValue reads a version variable's value.
func envValue(v string) scriptChoice {
	switch {
	case latestName(v):
		return scriptChoice{upgrade: true}
	case versionShaped(v, false) || isVarValue(v):
		return scriptChoice{version: v}
	}
	return scriptChoice{}
}

// namesTool reports whether a version variable's stem (versionVarStem) names one of the tools
// (PULUMI of pulumi, GOLANGCI_LINT and GOLANGCI of golangci-lint, INSTALL_K3S of k3s).
func namesTool(stem string, tools []string) bool {
	n := stem
	for _, t := range tools {
		t = strings.ToUpper(strings.ReplaceAll(t, "-", "_"))
		first, _, _ := strings.Cut(t, "_")
		if len(t) >= 2 && strings.Contains(n, t) || len(first) >= 3 && strings.Contains(n, first) {
			return true
		}
	}
	return false
}

// callAssigns calls f with each variable that call r assigns for the program it runs (its
// NAME=value prefixes, those given to env or sudo), its value with the recorded variables
// replaced, until f returns false.
func (st *state) callAssigns(r *buildspec.Call, f func(name, val string) bool) {
	if r.Expr != nil {
		for _, a := range r.Expr.Assigns {
			if a.Name == nil || a.Value == nil || a.Append {
				continue
			}
			if v, ok := st.value(a.Value); ok && !f(a.Name.Value, v) {
				return
			}
		}
	}
	if len(r.Words) < len(r.Args) {
		return
	}
	// env NAME=value and sudo NAME=value: the words before the program
	for _, w := range r.Words[:len(r.Words)-len(r.Args)] {
		name, val, ok := strings.Cut(unquote(w), "=")
		if !ok || !isVarRef("$"+name) {
			continue
		}
		if !f(name, st.expand(strings.Trim(val, `"'`))) {
			return
		}
	}
}

// chooseVersion sets the version that the arguments args and the environment of call r choose
// for the installer script of in: the arguments first, then r's assignments, then the
// exported variables that name the tool. A version chosen this way replaces the one the URL
// names (the script's own release, raw.githubusercontent.com/helm/helm/v3.14.0/scripts/...).
func (st *state) chooseVersion(in *Install, r *buildspec.Call, args []*buildspec.Word) {
	c := st.argsChoice(args, in.Tools)
	if !c.chosen() {
		c = st.envChoice(r, in.Tools)
	}
	if !c.chosen() {
		return
	}
	if len(in.Tools) > 0 && c.toolchain {
		if tc, ok := toolchains[in.Tools[0]]; ok {
			installer := in.Tools[0]
			if c.none {
				in.Tools, in.Package = []string{installer}, installer
				return // the installer alone
			}
			// judged by the toolchain's tools, whose version it is; the installer comes last
			in.Package = tc.pkg
			in.Tools = append(append([]string(nil), tc.tools...), installer)
		}
	}
	if c.none {
		return
	}
	v := c.version
	if len(v) > 1 && v[0] == 'v' && v[1] >= '0' && v[1] <= '9' {
		v = v[1:] // v3.14.0: release tags name the version 3.14.0, as a URL's do
	}
	in.Version, in.Pinned, in.Upgrade = v, false, c.upgrade
}

// stdinScriptArgs returns the arguments that a shell (or python) reading a script from its input
// passes to it: those after `sh -s` (and `--`), `bash /dev/stdin`, `python3 -`. ok is false
// when the shell runs a command string (-c) or a file of its own: then the piped script is
// not what it runs.
func stdinScriptArgs(r *buildspec.Call) (args []*buildspec.Word, ok bool) {
	words := r.Args[1:]
	python := strings.HasPrefix(programName(r.Name()), "python")
	for j := 0; j < len(words); j++ {
		v := words[j].Value
		switch {
		case (v == "--" || v == "-") && !python:
			// the end of the options: what follows is a file, unless -s came before
			if j+1 < len(words) && words[j+1].Value == "/dev/stdin" {
				return words[j+2:], true
			}
			return words[j+1:], stdinMode(words[:j]) || j+1 == len(words)
		case v == "-" || v == "/dev/stdin":
			return words[j+1:], true // python3 -, bash /dev/stdin
		case (v == "-o" || v == "+o" || v == "-O" || v == "+O") && !python:
			j++ // bash -o pipefail
		case strings.HasPrefix(v, "-") || strings.HasPrefix(v, "+") && !python:
			if !python && !strings.HasPrefix(v, "--") && strings.Contains(v[1:], "c") {
				return nil, false
			}
			if python && (v == "-c" || v == "-m") {
				return nil, false
			}
		default:
			// a file operand: bash runs it with the arguments after it, unless -s reads stdin
			if stdinMode(words[:j]) {
				return words[j:], true
			}
			return nil, false
		}
	}
	return nil, true
}

// stdinMode reports whether shell options include -s (read the script from standard input).
func stdinMode(opts []*buildspec.Word) bool {
	for _, o := range opts {
		v := o.Value
		if strings.HasPrefix(v, "-") && !strings.HasPrefix(v, "--") && strings.Contains(v[1:], "s") {
			return true
		}
	}
	return false
}

// fileScriptArgs returns the arguments that a shell or interpreter call passes to the script
// file it runs (bash -x install.sh --version 1.2.3: --version 1.2.3), and that file's word;
// nil when it runs none.
func fileScriptArgs(args []*buildspec.Word) (file *buildspec.Word, rest []*buildspec.Word) {
	for j := 0; j < len(args); j++ {
		v := args[j].Value
		switch {
		case v == "--":
			if j+1 < len(args) {
				return args[j+1], args[j+2:]
			}
			return nil, nil
		case v == "-o" || v == "+o" || v == "-O" || v == "+O":
			j++
		case strings.HasPrefix(v, "-") && len(v) > 1, strings.HasPrefix(v, "+") && len(v) > 1:
		default:
			return args[j], args[j+1:]
		}
	}
	return nil, nil
}

// substScriptArgs returns the arguments that shell call r passes to the script that call c's
// output makes: those after the word holding c (bash <(curl URL) --version 1.2), past $0 when
// the word is a command string (bash -c "$(curl URL)" bash --version 1.2).
func substScriptArgs(r, c *buildspec.Call) []*buildspec.Word {
	cmdString := false
	for j, w := range r.Args[1:] {
		if w.Range().Contains(c.Range()) {
			rest := r.Args[j+2:]
			if cmdString && len(rest) > 0 {
				rest = rest[1:] // $0
			}
			return rest
		}
		if v := w.Value; strings.HasPrefix(v, "-") && !strings.HasPrefix(v, "--") && strings.Contains(v[1:], "c") {
			cmdString = true
		}
	}
	return nil
}
