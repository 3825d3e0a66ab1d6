// Package install recognises the tools that shell commands install: OS packages, language
// installers of tools, downloads of release binaries, installer scripts, version managers and
// Windows package managers. The same recogniser reads buildspec commands
// and Dockerfile RUN lines.
package install

import (
	"slices"
	"strings"

	"mvdan.cc/sh/v3/syntax"

	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// Install is one package (or downloaded tool) that a command installs.
type Install struct {
	// Manager is what installs it: apt, apk, yum, dnf, microdnf, zypper, pip, pipx, npm, yarn,
	// pnpm, gem, go, cargo, curl, wget, installer-script, tfenv, asdf, nvm, n, sdk, goenv, pyenv,
	// rbenv, nodenv, conda, choco, winget, nuget, cygwin, msiexec, Invoke-WebRequest, WebClient.
	Manager string
	// Package is the package as written, without its version. For a download it is the tool's
	// name as derived from the URL or the destination.
	Package string
	// Version is the pinned version, "" if none.
	Version string
	// Upgrade is true when the install asks for the newest release of the tool without naming a
	// version: `pip install -U awscli`, `npm update -g npm`, `conda update conda`, a download of a
	// URL's latest release (releases/latest/download/..., $(curl .../stable.txt)). On an image
	// that has the tool it replaces the image's version with a newer one on every build.
	Upgrade bool
	// Pinned is true when the install fixes which build it installs without naming the tool's
	// own version: the Kubernetes version in an EKS bucket path of aws-iam-authenticator.
	Pinned bool
	// Tools are the executables it provides (packages.yaml; default: the package name).
	Tools []string
	// Range is the word the user deletes to drop the install: the package word for package
	// managers, the URL word of a download (the download line is where the install is written)
	// and of a piped installer script, the version word of `n 18`.
	Range source.Range
	// Call is the call that installs it (the download call for downloads).
	Call *buildspec.Call
	// Related are other parts of the same install: an `apt-get update` before it, the unzip,
	// chmod, mv, install or ./aws/install of a download.
	Related []source.Range
	// File is the local file a download writes ("awscliv2.zip", "/tmp/kubectl"), "" for any
	// other install and for a download piped to its reader.
	File string
	// Shared are calls that handle a download's files together with other files (`rm -rf
	// awscliv2.zip build/`): they belong to the install only in part, so removing the install
	// cannot remove them.
	Shared []source.Range
	// Guard is the tool whose presence skips the install (`command -v jq || apt-get install
	// jq`, `if ! command -v terraform; then ...; fi`), "" when nothing guards it.
	Guard string
	// Installer is the host of an installer script piped into a shell whose URL the data does
	// not know (https://x/ci/make.sh | bash): what it installs is unknown, so Tools is empty
	// and messages name the script by its host. "" for every other install.
	Installer string
}

// handler recognises the installs of one call; st carries what earlier calls did.
type handler func(st *state, c *buildspec.Call, args []*buildspec.Word) []*Install

// handlers by program name (the base name of Args[0]).
var handlers = map[string]handler{}

func init() {
	for m := range osManagers {
		handlers[m] = osPackages
	}
	for _, m := range []string{"pip", "pip3", "pip2", "python", "python3", "python2", "pipx", "uv"} {
		handlers[m] = pipInstall
	}
	for _, m := range []string{"npm", "yarn", "pnpm"} {
		handlers[m] = npmInstall
	}
	for _, m := range []string{"curl", "wget", "aws"} {
		handlers[m] = fetch
	}
	for _, m := range []string{"unzip", "tar", "gunzip", "7z", "chmod", "mv", "cp", "install", "ln", "bash", "sh", "zsh", "dpkg", "rpm", "rm"} {
		handlers[m] = placement
	}
	for m := range versionManagers {
		handlers[m] = versionManager
	}
	handlers["n"] = nInstall
	handlers["conda"] = condaInstall
	handlers["mamba"] = condaInstall
	handlers["micromamba"] = condaInstall
	handlers["dotnet"] = dotnetTool
	handlers["rustup"] = rustupInstall
	handlers["gem"] = gemInstall
	handlers["go"] = goInstall
	handlers["cargo"] = cargoInstall
	handlers["gcloud"] = gcloudInstall
	handlers["az"] = azInstall
}

// state is what Recognise remembers across calls: updates waiting for their install, files
// downloaded and not yet placed.
type state struct {
	updates   map[string][]source.Range // by OS manager family: apt-get update ranges not yet used
	out       []*Install
	downloads []*download
	fetched   map[*Install]*download // the downloads among out, kept only when confirmed
	calls     []*buildspec.Call
	i         int             // the index of the call being read
	next      *buildspec.Call // the call after it, nil at the end
	// vars are the literal values that the commands read so far assign (URL=https://...,
	// export TF_VERSION=1.5.7), to read a download URL held in a variable.
	vars map[string]string
	// versionExports are the version variables (versionVarStem) among vars that the commands
	// export (export NAME=..., a buildspec's env.variables), sorted, at most maxVersionExports:
	// an installer script that a later call runs sees them, and each such call reads them all.
	versionExports []string
	pending        []*buildspec.Command // commands whose assignments are not read yet, in order
	read           *buildspec.Command   // the last command whose assignments were read
	// repoVersions are the versions that repository setups choose for an OS package
	// (deb.nodesource.com/setup_20.x: nodejs 20), by package.
	repoVersions map[string]string
}

// enclosing returns the first later call whose range holds c (the call that a command
// substitution belongs to).
func (st *state) enclosing(c *buildspec.Call) *buildspec.Call {
	for _, n := range st.calls[st.i+1:] {
		if n.Command == c.Command && n.Range().Contains(c.Range()) {
			return n
		}
		if n.Command != c.Command {
			break
		}
	}
	return nil
}

// Recognise returns the installs that calls perform. calls are in execution order: one
// command, or all the commands of a buildspec or a Dockerfile, since a download and the unzip
// and mv that place it may span commands.
func Recognise(calls []*buildspec.Call) []*Install {
	var cmds []*buildspec.Command
	for _, c := range calls {
		if c.Command != nil && (len(cmds) == 0 || cmds[len(cmds)-1] != c.Command) {
			cmds = append(cmds, c.Command)
		}
	}
	return recognise(calls, cmds)
}

// RecogniseCommands returns the installs of commands in execution order (a buildspec's
// CommandsInOrder): Recognise of their calls, which also reads the assignments of commands
// that call nothing (URL=https://... on a line of its own). env holds the variables set before
// the first command (a buildspec's env.variables), nil if none.
func RecogniseCommands(cmds []*buildspec.Command, env map[string]string) []*Install {
	st := newState(buildspec.CallsOf(cmds), cmds)
	for k, v := range env {
		st.vars[k] = v
		st.export(k)
	}
	return st.run()
}

func recognise(calls []*buildspec.Call, cmds []*buildspec.Command) []*Install {
	return newState(calls, cmds).run()
}

func newState(calls []*buildspec.Call, cmds []*buildspec.Command) *state {
	return &state{updates: map[string][]source.Range{}, fetched: map[*Install]*download{}, calls: calls,
		vars: map[string]string{}, pending: cmds}
}

// run reads the calls in order and returns the confirmed installs.
func (st *state) run() []*Install {
	calls := st.calls
	for i, c := range calls {
		st.readAssignments(c.Command)
		if len(c.Args) == 0 {
			continue
		}
		st.i, st.next = i, nil
		if i+1 < len(calls) {
			st.next = calls[i+1]
		}
		if c.Command != nil && c.Command.Script != nil && c.Command.Script.Dialect != buildspec.DialectShell {
			st.out = append(st.out, windowsCall(st, c)...)
			continue
		}
		h := handlers[programName(c.Name())]
		if strings.ContainsAny(c.Args[0].Value, `/\`) && (h == nil || programName(c.Name()) == "install") {
			h = placement // a program run by its path: maybe a downloaded installer
		}
		if h == nil {
			continue
		}
		st.out = append(st.out, h(st, c, c.Args[1:])...)
	}
	out := st.out[:0]
	for _, in := range st.out {
		if d := st.fetched[in]; d != nil && !d.confirmed {
			continue
		}
		out = append(out, in)
	}
	markGuards(out)
	return out
}

// readAssignments records the assignments of the pending commands up to cmd. The calls of a
// command come one after another: once its first is read, the rest find it read (without a
// look through the commands still pending, which made a file's calls cost their product).
func (st *state) readAssignments(cmd *buildspec.Command) {
	if cmd == nil || cmd == st.read {
		return
	}
	for k, p := range st.pending {
		if p == cmd {
			for _, q := range st.pending[:k+1] {
				st.assignments(q)
			}
			st.pending = st.pending[k+1:]
			st.read = cmd
			return
		}
	}
}

// assignments records the literal assignments of a command (NAME=value, export NAME=value).
func (st *state) assignments(cmd *buildspec.Command) {
	if cmd == nil || cmd.Script == nil || cmd.Script.File == nil || strings.IndexByte(cmd.Value, '=') < 0 && !strings.Contains(cmd.Value, "export") {
		return // an assignment with a value is written with "=" (the tree is of cmd.Value)
	}
	for _, n := range cmd.Script.Decls() {
		switch x := n.(type) {
		case *syntax.Assign:
			if x.Name != nil && x.Value != nil && !x.Append {
				if v, ok := st.value(x.Value); ok {
					st.vars[x.Name.Value] = v
				}
			}
		case *syntax.DeclClause:
			if x.Variant != nil && x.Variant.Value == "export" {
				for _, a := range x.Args {
					if a.Name != nil {
						st.export(a.Name.Value)
					}
				}
			}
		}
	}
}

// export records that the commands export variable name, when it is a version variable.
func (st *state) export(name string) {
	if _, ok := versionVarStem(name); !ok {
		return
	}
	i, found := slices.BinarySearch(st.versionExports, name)
	if !found && len(st.versionExports) < maxVersionExports {
		st.versionExports = slices.Insert(st.versionExports, i, name)
	}
}

// maxVersionExports bounds the exported version variables kept: a real build exports a few,
// and every installer script call reads them (a document of thousands of each would cost
// their product).
const maxVersionExports = 64

// value returns the value of an assigned word made of literal text, quotes and plain variable
// references ($V, ${V}): those recorded are replaced, the others kept as written. ok is false
// for command substitutions and parameter operations.
func (st *state) value(w *syntax.Word) (string, bool) {
	var b strings.Builder
	var part func(p syntax.WordPart) bool
	part = func(p syntax.WordPart) bool {
		switch x := p.(type) {
		case *syntax.Lit:
			b.WriteString(x.Value)
		case *syntax.SglQuoted:
			b.WriteString(x.Value)
		case *syntax.DblQuoted:
			for _, q := range x.Parts {
				if !part(q) {
					return false
				}
			}
		case *syntax.ParamExp:
			if x.Param == nil || x.Exp != nil || x.Repl != nil || x.Slice != nil || x.Index != nil || x.Length || x.Excl || x.Width {
				return false
			}
			if v, ok := st.vars[x.Param.Value]; ok {
				b.WriteString(v)
			} else {
				b.WriteString("${" + x.Param.Value + "}")
			}
		default:
			return false
		}
		return true
	}
	for _, p := range w.Parts {
		if !part(p) {
			return "", false
		}
	}
	return b.String(), true
}

// expand replaces the references to recorded variables in s ($NAME, ${NAME}); others stay.
func (st *state) expand(s string) string {
	if !strings.Contains(s, "$") || len(st.vars) == 0 {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '$' {
			b.WriteByte(s[i])
			continue
		}
		name, end := "", i+1
		if end < len(s) && s[end] == '{' {
			if k := strings.IndexByte(s[end:], '}'); k > 0 {
				name, end = s[end+1:end+k], end+k+1
			}
		} else {
			for end < len(s) && (s[end] == '_' || s[end] >= 'a' && s[end] <= 'z' || s[end] >= 'A' && s[end] <= 'Z' || s[end] >= '0' && s[end] <= '9') {
				end++
			}
			name = s[i+1 : end]
		}
		if v, ok := st.vars[name]; ok && name != "" {
			b.WriteString(v)
			i = end - 1
			continue
		}
		b.WriteByte('$')
	}
	return b.String()
}

// newInstall makes an Install of pkg (with version) by manager from word w of call c, its tools
// taken from the data file.
func newInstall(manager, pkg, version string, w *buildspec.Word, c *buildspec.Call) *Install {
	return &Install{Manager: manager, Package: pkg, Version: version, Tools: Tools(manager, pkg), Range: w.Range(), Call: c}
}

// pinned returns a package word's text: its value, or, for a word whose version is a variable
// (awscli==$AWSCLI_VERSION, "aws-cdk@${CDK_VERSION}", jq=${JQ_VERSION}, terraform-${TF_VERSION}),
// its text with the expansion kept, so that handlers split the name off and the version stays
// unknown (a version holding "$"). ok is false when the name itself is an expansion ($PACKAGES).
func pinned(w *buildspec.Word) (string, bool) {
	if w.Lit {
		return w.Value, true
	}
	v := unquote(w)
	i := strings.IndexAny(v, "$`")
	if i <= 0 || strings.ContainsAny(v[:i], `"'\`) {
		return "", false
	}
	if !strings.ContainsAny(v[:i], "=@:<>~") && !strings.ContainsAny(v[i-1:i], "-_") {
		return "", false
	}
	return v, true
}

// hasExpansion reports whether a package name still holds a shell expansion.
func hasExpansion(s string) bool { return strings.ContainsAny(s, "$`{}") }

// programName normalises a program's name for the handler table: lower case, and versioned
// interpreters and pips named by their family (python3.11 -> python3, pip3.8 -> pip3).
func programName(name string) string {
	n := strings.ToLower(name)
	for _, fam := range [...]string{"python3", "python2", "pip3", "pip2"} {
		// fam, a dot and digits (no string is built: this runs for every call)
		if len(n) > len(fam) && n[len(fam)] == '.' && n[:len(fam)] == fam && isDigits(n[len(fam)+1:]) {
			return fam
		}
	}
	return strings.TrimSuffix(n, ".exe")
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}
