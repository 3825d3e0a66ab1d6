package inventory

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"mvdan.cc/sh/v3/expand"
	"mvdan.cc/sh/v3/syntax"

	"github.com/buildspec-lint/buildspec-lint/internal/install"
	"github.com/buildspec-lint/buildspec-lint/internal/lazyregexp"
	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
	"github.com/buildspec-lint/buildspec-lint/lint/image"
)

// stage is one build stage: FROM and the instructions up to the next FROM.
type stage struct {
	Name   string // lower case, "" when unnamed
	Base   string // the FROM image (ARGs substituted)
	From   *instruction
	Instrs []*instruction
	parent *stage
}

// defaultPath is the PATH of a Linux image that sets none (Docker's default).
var defaultPath = []string{"/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"}

// fromDockerfile builds the inventory of the image that the Dockerfile data (read from path)
// builds: what its base image brings and what the final stage's chain of stages adds. It is
// a custom image: CodeBuild runs it with its own entrypoint, so nothing starts dockerd
// (CodeBuild's Docker documentation: only the curated images' entrypoint starts it), and
// runtime-versions does not apply.
func fromDockerfile(path string, data []byte) (*image.Inventory, error) {
	df, err := parseDockerfile(path, data)
	if err != nil {
		return nil, err
	}
	b := &builder{df: df, inv: &image.Inventory{
		Dockerfile: path, Tools: map[string]*image.Tool{}, Dockerd: image.DockerdManual, Custom: true,
	}, meta: map[string]string{}}
	stages := b.stages()
	if b.err != nil {
		return nil, b.err
	}
	final := stages[len(stages)-1]
	var chain []*stage
	for s := final; s != nil; s = s.parent {
		chain = append(chain, s)
	}
	slices.Reverse(chain) // the first stage of the chain first
	b.inv.Ref = chain[0].Base
	b.base(chain[0])
	b.env = map[string]string{}
	b.dialect = buildspec.DialectShell
	for _, s := range chain {
		b.args = map[string]string{}
		for _, ins := range s.Instrs {
			if b.instruction(ins); b.err != nil {
				return nil, b.err
			}
		}
	}
	b.recognise()
	b.addUsed()
	return b.inv, nil
}

// MaxExpansion bounds the bytes that ARG and ENV values bring into one Dockerfile's
// instructions (`ARG B=${A}${A}`, `RUN echo $B`): each level of such ARGs can double the text,
// so 30 levels in 627 bytes would expand to gigabytes. Past it, the Dockerfile is not read.
const MaxExpansion = 1 << 20

// errAt records, once, that the Dockerfile cannot be read because of the text at file offset
// off.
func (b *builder) errAt(off int, format string, args ...any) {
	if b.err == nil {
		p := b.df.Src.Pos(off)
		b.err = &ParseError{Path: b.df.Path, Line: p.Line, Col: p.Col, Msg: fmt.Sprintf(format, args...)}
	}
}

// charge counts n more bytes of expanded values against MaxExpansion, reporting at file offset
// off the first time the budget runs out; it returns false from then on.
func (b *builder) charge(n, off int) bool {
	if b.err != nil {
		return false
	}
	if b.expanded += n; b.expanded > MaxExpansion {
		b.errAt(off, "ARG and ENV values expand to more than %d bytes here (variables built from variables, each doubling?): the Dockerfile is not read; write the values out", MaxExpansion)
		return false
	}
	return true
}

// expand is expandDocker with lookup's values counted against MaxExpansion (off is the file
// offset of the word, for the report): past it, every variable expands to nothing.
func (b *builder) expand(s string, off int, lookup func(string) (string, bool)) string {
	return expandDocker(s, b.df.Escape, func(name string) (string, bool) {
		v, ok := lookup(name)
		if ok && !b.charge(len(v), off) {
			return "", true
		}
		return v, ok
	})
}

// builder carries the state of one Dockerfile's reading.
type builder struct {
	df   *dockerfile
	inv  *image.Inventory
	meta map[string]string // ARGs before the first FROM
	// args are the current stage's ARGs, env the ENVs of the chain so far.
	args, env map[string]string
	pathDirs  []string // the PATH directories of ENV PATH, split once (see inPath)
	dialect   buildspec.Dialect
	// calls are the RUN calls in order, with ARG and ENV values substituted.
	calls []*buildspec.Call
	// expanded counts the bytes of ARG and ENV values substituted so far (MaxExpansion), tokens
	// the shell tokens of the RUN instructions read so far (lint.MaxDocumentTokens).
	expanded, tokens int
	// err is what stops the reading: a limit reached (MaxExpansion, a RUN over the shell limits).
	err *ParseError
	// pathOf is the PATH that pathDirs were split from.
	pathOf string
}

// origin cites a file offset as "path:LINE".
func (b *builder) origin(off int) string {
	return fmt.Sprintf("%s:%d", b.df.Path, b.df.Src.Pos(off).Line)
}

// stages splits the instructions into stages and links each to the stage it is built FROM.
func (b *builder) stages() []*stage {
	var out []*stage
	var cur *stage
	named := map[string]*stage{} // the latest stage of each name
	for _, ins := range b.df.Instrs {
		if ins.Cmd == "FROM" {
			ws := b.df.words(ins.Args)
			for len(ws) > 0 && strings.HasPrefix(ws[0].Value, "--") {
				ws = ws[1:] // --platform=...
			}
			cur = &stage{From: ins}
			if len(ws) > 0 {
				cur.Base = b.expand(ws[0].Raw, ins.fileOffset(ws[0].Start), lookupIn(b.meta))
			}
			if len(ws) >= 3 && strings.EqualFold(ws[1].Value, "AS") {
				cur.Name = strings.ToLower(ws[2].Value)
			}
			// FROM builds on the latest earlier stage of that name: a map, not a search back
			// through every stage, which took 88,000 chained stages 49 s.
			cur.parent = named[strings.ToLower(cur.Base)]
			if cur.Name != "" {
				named[cur.Name] = cur
			}
			out = append(out, cur)
			continue
		}
		if cur == nil {
			if ins.Cmd == "ARG" {
				b.declareArgs(ins, b.meta, nil, lookupIn(b.meta))
			}
			continue
		}
		cur.Instrs = append(cur.Instrs, ins)
	}
	return out
}

// base adds what the base image of the chain's first stage brings.
func (b *builder) base(root *stage) {
	ref := normalizeRef(root.Base)
	origin := fmt.Sprintf("base image %s at %s", root.Base, b.origin(root.From.Start))
	switch {
	case ref == "scratch":
		return
	case strings.Contains(ref, "$"):
		b.inv.Notes = append(b.inv.Notes, fmt.Sprintf("base image %s is not known (an ARG without a default): only what %s adds is known", root.Base, b.df.Path))
		return
	}
	if im := Builtin(ref); im != nil {
		for _, t := range im.Tools {
			addTool(b.inv, &image.Tool{Name: t.Name, Version: t.Version, Package: t.Package, Origin: origin})
		}
		b.inv.AWSCLIMajor = im.AWSCLIMajor
		b.inv.OS, b.inv.PackageManager = im.OS, im.PackageManager
		if im.Curated {
			// A self-built image FROM a curated one is a custom image: users report no daemon
			// even with privileged mode (docs/sources.md, "Docker in CodeBuild").
			b.inv.Notes = append(b.inv.Notes, fmt.Sprintf("%s is built FROM the curated image %s, so CodeBuild runs it as a custom image: dockerd is not started and runtime-versions is ignored", b.df.Path, im.Name))
		}
		return
	}
	bd := baseFor(ref)
	if bd == nil {
		b.inv.Notes = append(b.inv.Notes, fmt.Sprintf("unknown base image %s: only what %s adds is known", root.Base, b.df.Path))
		return
	}
	if bd.Image != "" {
		if im := Builtin(bd.Image); im != nil {
			without := map[string]bool{}
			for _, w := range bd.Without {
				without[w] = true
			}
			for _, t := range im.Tools {
				if !without[t.Name] {
					addTool(b.inv, &image.Tool{Name: t.Name, Version: t.Version, Package: t.Package, Origin: origin})
				}
			}
			b.inv.AWSCLIMajor = im.AWSCLIMajor
			b.inv.OS, b.inv.PackageManager = im.OS, im.PackageManager
		}
	}
	if bd.Manager != "" {
		b.inv.OS, b.inv.PackageManager = bd.OS, bd.Manager
	}
	for _, t := range bd.Tools {
		addTool(b.inv, &image.Tool{Name: t[0], Version: t[1], Package: t[2], Origin: origin})
	}
}

// lookup returns the value of a variable for the current instruction: ENV wins over ARG.
func (b *builder) lookup(name string) (string, bool) {
	if v, ok := b.env[name]; ok {
		return v, true
	}
	v, ok := b.args[name]
	return v, ok
}

func lookupIn(m map[string]string) func(string) (string, bool) {
	return func(name string) (string, bool) { v, ok := m[name]; return v, ok }
}

// declareArgs reads `ARG NAME[=default] ...` into into, defaults expanded with lookup; global
// holds the defaults of the ARGs declared before the first FROM, which `ARG NAME` without a
// default brings into a stage.
func (b *builder) declareArgs(ins *instruction, into, global map[string]string, lookup func(string) (string, bool)) {
	for _, w := range b.df.words(ins.Args) {
		name, val, hasVal := strings.Cut(w.Raw, "=")
		name = unquote(name, b.df.Escape)
		if hasVal {
			into[name] = b.expand(val, ins.fileOffset(w.Start), lookup)
		} else if v, ok := global[name]; ok {
			into[name] = v
		}
	}
}

// instruction reads one instruction of the chain; a limit reached sets b.err.
func (b *builder) instruction(ins *instruction) {
	switch ins.Cmd {
	case "ARG":
		b.declareArgs(ins, b.args, b.meta, b.lookup)
	case "ENV":
		ws := b.df.words(ins.Args)
		if len(ws) > 0 && !strings.Contains(ws[0].Raw, "=") {
			// The legacy form: ENV NAME the rest of the line.
			b.env[ws[0].Value] = b.expand(strings.TrimSpace(ins.Args[ws[0].End:]), ins.fileOffset(ws[0].End), b.lookup)
			break
		}
		vals := map[string]string{}
		for _, w := range ws {
			if name, val, ok := strings.Cut(w.Raw, "="); ok {
				vals[unquote(name, b.df.Escape)] = b.expand(val, ins.fileOffset(w.Start), b.lookup)
			}
		}
		for k, v := range vals { // one ENV sees the values from before it
			b.env[k] = v
		}
	case "SHELL":
		if len(ins.JSON) > 0 {
			sh := strings.ToLower(path.Base(strings.ReplaceAll(ins.JSON[0].Value, `\`, "/")))
			switch {
			case strings.Contains(sh, "powershell") || strings.HasPrefix(sh, "pwsh"):
				b.dialect = buildspec.DialectPowerShell
			case sh == "cmd" || sh == "cmd.exe":
				b.dialect = buildspec.DialectCmd
			default:
				b.dialect = buildspec.DialectShell
			}
		}
	case "RUN":
		b.run(ins)
	case "COPY", "ADD":
		b.copy(ins)
	}
}

// run reads a RUN instruction's commands: shell form, exec form and heredocs.
func (b *builder) run(ins *instruction) {
	src := b.df.Src
	if ins.JSON != nil {
		ws := ins.JSON
		for len(ws) > 0 && strings.HasPrefix(ws[0].Value, "--") {
			ws = ws[1:]
		}
		if len(ws) == 0 {
			return
		}
		// ["sh", "-c", "script"]: the script is shell.
		if isShell(ws[0].Value) {
			for i := 1; i+1 < len(ws); i++ {
				if strings.HasPrefix(ws[i].Value, "-") && strings.Contains(ws[i].Value, "c") && !strings.HasPrefix(ws[i].Value, "--") {
					b.parse(buildspec.NewString(src, ws[i+1].Value, ins.fileOffset(ws[i+1].Start)), buildspec.DialectShell)
					return
				}
			}
		}
		// Any other program: its words are literal; quote the ones the shell would split.
		parts := make([]string, len(ws))
		for i, w := range ws {
			parts[i] = shellQuote(w.Value)
		}
		b.parse(buildspec.NewString(src, strings.Join(parts, " "), ins.fileOffset(ws[0].Start)), buildspec.DialectShell)
		return
	}
	// Shell form. Options (--mount=..., --network=...) come first.
	args, off := ins.Args, 0
	for {
		w, ok := b.df.nextWord(args, off)
		if !ok || !strings.HasPrefix(w.Raw, "--") {
			break
		}
		off = w.End
	}
	for off < len(args) && isSpace(args[off]) {
		off++
	}
	text := args[off:]
	if len(ins.Heredocs) == 0 {
		b.parse(buildspec.NewString(src, text, ins.fileOffset(off)), b.dialect)
		return
	}
	// With heredocs the shell reads the command line followed by the documents, as buildkit
	// runs it; the documents follow the instruction in the file.
	var full strings.Builder
	full.WriteString(text)
	for _, h := range ins.Heredocs {
		full.WriteString("\n" + h.Content + h.Name)
	}
	calls := b.parse(buildspec.NewString(src, full.String(), ins.fileOffset(off)), buildspec.DialectShell)
	// A document that a shell reads as its script (`RUN <<EOF`, `RUN bash <<EOF`) is commands.
	bare := len(calls) == 0
	shellReads := false
	for _, c := range calls {
		if isShell(c.Name()) && !hasScriptArg(c) {
			shellReads = true
		}
	}
	for _, h := range ins.Heredocs {
		script := bare || shellReads
		if strings.HasPrefix(h.Content, "#!") {
			first, _, _ := strings.Cut(h.Content, "\n")
			f := strings.Fields(strings.TrimPrefix(first, "#!"))
			script = len(f) > 0 && (isShell(f[0]) || path.Base(f[0]) == "env" && len(f) > 1 && isShell(f[1]))
		}
		if script {
			b.parse(buildspec.NewString(src, h.Content, h.Start), b.dialect)
		}
		bare = false // only the first document is the script of a bare `RUN <<EOF`
	}
}

// parse reads s as one command and keeps its calls, ARG and ENV values substituted.
func (b *builder) parse(s *buildspec.String, d buildspec.Dialect) []*buildspec.Call {
	if b.err != nil {
		return nil
	}
	n, _ := buildspec.ShellTokens(s.Value, buildspec.MaxShellTokens)
	if b.tokens += n; b.tokens > buildspec.MaxDocumentTokens {
		b.errAt(s.Range.Start.Offset, "RUN instructions have more than %d words and operators in all: the Dockerfile is not read; move the commands into script files", buildspec.MaxDocumentTokens)
		return nil
	}
	cmd := buildspec.NewCommand(s, "", d)
	if cmd.Script == nil {
		return nil
	}
	if e := cmd.Script.Err; e != nil && e.Limit {
		b.errAt(e.Range.Start.Offset, "RUN %s", strings.Replace(e.Message, "it is not checked", "the Dockerfile is not read", 1))
		return nil
	}
	var out []*buildspec.Call
	for _, c := range cmd.Script.Calls {
		out = append(out, b.substitute(c))
	}
	b.calls = append(b.calls, out...)
	return out
}

// substitute returns c with the words that use ARG or ENV values ($TF_VERSION) replaced by
// their values, so that `terraform_${TF_VERSION}_linux_amd64.zip` reads as 1.5.7. A word is
// replaced only when every variable in it is known and it has no command substitution.
func (b *builder) substitute(c *buildspec.Call) *buildspec.Call {
	if len(b.args) == 0 && len(b.env) == 0 {
		return c
	}
	// The variables are looked up where they are, not copied for every call.
	cfg := &expand.Config{Env: builderEnv{b}, NoUnset: true}
	var args []*buildspec.Word
	for i, w := range c.Args {
		if w.Lit || w.Node == nil {
			continue
		}
		size, ok := b.knownVars(w.Node)
		if !ok || !b.charge(size, w.Range().Start.Offset) {
			continue
		}
		v, err := expand.Literal(cfg, w.Node)
		if err != nil {
			continue
		}
		if args == nil {
			args = append([]*buildspec.Word(nil), c.Args...)
		}
		nw := *w
		nw.Value, nw.Lit = v, true
		args[i] = &nw
	}
	if args == nil {
		return c
	}
	nc := *c
	nc.Args = args
	return &nc
}

// builderEnv is the ARG and ENV values of the instruction being read, for package expand.
type builderEnv struct{ b *builder }

func (e builderEnv) Get(name string) expand.Variable {
	if v, ok := e.b.lookup(name); ok {
		return expand.Variable{Set: true, Kind: expand.String, Str: v}
	}
	return expand.Variable{}
}

func (e builderEnv) Each(f func(string, expand.Variable) bool) {
	for k := range e.b.args {
		if !f(k, e.Get(k)) {
			return
		}
	}
	for k := range e.b.env {
		if !f(k, e.Get(k)) {
			return
		}
	}
}

// knownVars reports whether every parameter in w is an ARG or ENV and w runs no command, and
// how many bytes of values substituting them brings at most. Operations that can make the
// value bigger than the variables in it (${A//x/yyyy}, ${!A}) are not substituted.
func (b *builder) knownVars(w *syntax.Word) (int, bool) {
	ok := true
	size := 0
	syntax.Walk(w, func(n syntax.Node) bool {
		switch n := n.(type) {
		case *syntax.CmdSubst, *syntax.ArithmExp, *syntax.ProcSubst, *syntax.ExtGlob:
			ok = false
		case *syntax.ParamExp:
			if n.Param == nil || n.Repl != nil || n.Excl {
				ok = false
			} else if v, known := b.lookup(n.Param.Value); !known {
				ok = false
			} else {
				size += len(v)
			}
		}
		return ok
	})
	return size, ok
}

// recognise runs the install recogniser over every RUN call of the chain at once (a download
// and the mv that puts it on PATH may be in different RUNs) and adds the tools it installs.
func (b *builder) recognise() {
	for _, in := range install.Recognise(b.calls) {
		// The package word's own line: a download's range may start at its call's line (the
		// recogniser's choice for buildspecs), the URL is on the line where its range ends.
		off := max(in.Range.Start.Offset, in.Range.End.Offset-1)
		if !in.Range.IsValid() && in.Call != nil {
			off = in.Call.Range().Start.Offset
		}
		for _, t := range in.Tools {
			addTool(b.inv, &image.Tool{Name: t, Version: in.Version, Package: in.Package, Origin: b.origin(off)})
			if t == "aws" {
				b.inv.AWSCLIMajor = AWSCLIMajor(in)
			}
		}
	}
}

// AWSCLIMajor says which AWS CLI an install brings: the version's major, else pip's awscli is
// v1 and the downloaded awscli-exe installer v2; 0 when unknown.
func AWSCLIMajor(in *install.Install) int {
	switch {
	case strings.HasPrefix(in.Version, "1."):
		return 1
	case strings.HasPrefix(in.Version, "2."):
		return 2
	case install.Family(in.Manager) == "pip":
		return 1
	case in.Manager == "curl" || in.Manager == "wget" || in.Manager == "download":
		return 2
	}
	return 0
}

// copy reads COPY and ADD: a file put into a PATH directory is a tool, named by the
// destination (or by the source when the destination is a directory).
func (b *builder) copy(ins *instruction) {
	ws := ins.JSON
	if ws == nil {
		ws = b.df.words(ins.Args)
	}
	from := ""
	for len(ws) > 0 && strings.HasPrefix(ws[0].Value, "--") {
		if v, ok := strings.CutPrefix(ws[0].Value, "--from="); ok {
			from = b.expand(v, ins.fileOffset(ws[0].Start), b.lookup)
		}
		ws = ws[1:]
	}
	if len(ws) < 2 {
		return
	}
	srcs, dst := ws[:len(ws)-1], ws[len(ws)-1]
	dest := b.expand(dst.Raw, ins.fileOffset(dst.Start), b.lookup)
	if ins.JSON != nil {
		dest = dst.Value
	}
	// A destination ending in / or naming a PATH directory (which every image has) is a
	// directory: the files keep their names there.
	clean := path.Clean(dest)
	dirDest := strings.HasSuffix(dest, "/") || b.inPath(clean)
	onPath := b.inPath(clean)
	if !dirDest {
		onPath = b.inPath(path.Dir(clean))
	}
	if !onPath {
		return
	}
	for _, s := range srcs {
		src := s.Value
		if ins.JSON == nil {
			src = b.expand(s.Raw, ins.fileOffset(s.Start), b.lookup)
		}
		isURL := strings.Contains(src, "://")
		name := path.Base(clean)
		switch {
		case reHeredoc().MatchString(s.Raw):
			// COPY <<EOF /usr/local/bin/x: a script written in place.
			if dirDest {
				name = ""
			}
		case dirDest:
			name = path.Base(strings.TrimSuffix(urlPath(src), "/"))
			if !isURL && ins.Cmd == "ADD" && isArchive(name) {
				name = "" // a local archive is extracted: its files are not known
			}
		}
		if name == "" || name == "." || name == "/" || strings.ContainsAny(name, "*?[$") {
			continue
		}
		t := &image.Tool{Name: name, Origin: b.origin(ins.fileOffset(s.Start))}
		switch {
		case isURL:
			t.Package = src
			t.Version = versionInURL(src)
		case from != "":
			t.Package = "COPY --from=" + from
			// COPY --from=hashicorp/terraform:1.5.7 /bin/terraform ...: the tag is its version.
			if repo, tag, ok := strings.Cut(normalizeRef(from), ":"); ok && path.Base(repo) == name && versionRE().MatchString(tag) {
				t.Version = strings.TrimPrefix(tag, "v")
			}
		}
		addTool(b.inv, t)
	}
}

// inPath reports whether dir is on the image's PATH (Docker's default, or ENV PATH).
func (b *builder) inPath(dir string) bool {
	dirs := defaultPath
	if p, ok := b.env["PATH"]; ok {
		if p != b.pathOf || b.pathDirs == nil {
			b.pathOf, b.pathDirs = p, strings.Split(p, ":")
		}
		dirs = b.pathDirs
	}
	for _, d := range dirs {
		if d != "" && path.Clean(d) == dir {
			return true
		}
	}
	return false
}

func urlPath(s string) string {
	if i := strings.Index(s, "://"); i >= 0 {
		s = s[i+3:]
		if j := strings.IndexAny(s, "?#"); j >= 0 {
			s = s[:j]
		}
	}
	return s
}

func isArchive(name string) bool {
	for _, ext := range []string{".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz", ".tar.zst"} {
		if strings.HasSuffix(strings.ToLower(name), ext) {
			return true
		}
	}
	return false
}

var (
	versionRE    = lazyregexp.New(`^v?[0-9]+(\.[0-9]+)*([-+.][0-9A-Za-z.]+)?$`)
	urlVersionRE = lazyregexp.New(`(?:^|[/_-])v?([0-9]+\.[0-9]+(?:\.[0-9]+)*)(?:[/_-]|$)`)
)

// versionInURL returns the first version-like part of a download URL's path
// (.../download/v4.40.5/yq_linux_amd64 gives 4.40.5), or "".
func versionInURL(u string) string {
	m := urlVersionRE().FindStringSubmatch(urlPath(u))
	if m == nil {
		return ""
	}
	return m[1]
}

// isShell reports whether program is a POSIX shell.
func isShell(program string) bool {
	switch path.Base(program) {
	case "sh", "bash", "ash", "dash", "zsh", "ksh", "busybox":
		return true
	}
	return false
}

// hasScriptArg reports whether a shell call runs something other than its standard input
// (`bash -c "..."`, `sh script.sh`).
func hasScriptArg(c *buildspec.Call) bool {
	for _, a := range c.Args[1:] {
		if a.Value == "-s" {
			return false
		}
		if !strings.HasPrefix(a.Value, "-") || strings.HasPrefix(a.Value, "-") && strings.Contains(a.Value, "c") && !strings.HasPrefix(a.Value, "--") {
			return true
		}
	}
	return false
}

// shellQuote quotes s for the shell when it is not a plain word.
func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./:=@+,%^", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// expandDocker substitutes variables in an instruction's word as Docker does ($NAME, ${NAME},
// ${NAME:-default}, ${NAME:+alt}; not inside single quotes) and removes quotes and escapes. A
// variable that lookup does not know is kept as written; a nil lookup expands nothing (unquote).
func expandDocker(s string, esc byte, lookup func(string) (string, bool)) string {
	var out strings.Builder
	var quote byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == esc && quote != '\'' && i+1 < len(s):
			i++
			out.WriteByte(s[i])
		case quote != 0 && c == quote:
			quote = 0
		case quote == 0 && (c == '"' || c == '\''):
			quote = c
		case c == '$' && lookup != nil && quote != '\'' && i+1 < len(s):
			n, text := expandVar(s[i:], lookup)
			out.WriteString(text)
			i += n - 1
		default:
			out.WriteByte(c)
		}
	}
	return out.String()
}

// expandVar expands the variable at the start of s ("$NAME..." or "${...}"), returning how
// many bytes it used and its text.
func expandVar(s string, lookup func(string) (string, bool)) (int, string) {
	isName := func(c byte, first bool) bool {
		return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || !first && c >= '0' && c <= '9'
	}
	if s[1] != '{' {
		n := 1
		for n < len(s) && isName(s[n], n == 1) {
			n++
		}
		if n == 1 {
			return 1, "$"
		}
		if v, ok := lookup(s[1:n]); ok {
			return n, v
		}
		return n, s[:n]
	}
	end := strings.IndexByte(s, '}')
	if end < 0 {
		return len(s), s
	}
	inner := s[2:end]
	name, op, word := inner, "", ""
	for _, o := range []string{":-", ":+", "-", "+"} {
		if i := strings.Index(inner, o); i > 0 {
			name, op, word = inner[:i], o, inner[i+len(o):]
			break
		}
	}
	v, ok := lookup(name)
	switch op {
	case ":-", "-":
		if !ok || op == ":-" && v == "" {
			return end + 1, expandDocker(word, '\\', lookup)
		}
	case ":+", "+":
		if ok && (op == "+" || v != "") {
			return end + 1, expandDocker(word, '\\', lookup)
		}
		return end + 1, ""
	}
	if !ok {
		return end + 1, s[:end+1]
	}
	return end + 1, v
}
