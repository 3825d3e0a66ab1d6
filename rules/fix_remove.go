package rules

import (
	"bytes"
	"slices"
	"strings"

	"mvdan.cc/sh/v3/syntax"

	"github.com/buildspec-lint/buildspec-lint/internal/install"
	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
	"github.com/buildspec-lint/buildspec-lint/lint/finding"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// This file plans the edits that remove installs from a buildspec: a package word from its
// install, or a whole install call with the calls that only serve it (an `apt-get update`
// before it, the unzip, tar, chmod, mv, install and rm of a download). A call goes with its part
// of an `&&` chain or its statement (its line of a `|` block, its `;`-separated part, the same
// inside `sh -c '...'`), a command that is left with nothing goes with its list item (and the
// ignore directive above it), and a phase left with no command goes whole. Every plan is built
// from the original bytes and refused (nil) when the text around does not have one of these
// shapes: no fix is better than a wrong one.

// removable reports whether an install's manager is one whose install a fix may remove: a
// package manager whose finding sits on the package word, or a download of a release binary.
func removable(in *install.Install) bool {
	if isDownload(in) {
		return true
	}
	switch install.Family(in.Manager) {
	case "os", "pip", "npm", "gem", "cargo":
		return true
	}
	return false
}

// isDownload reports whether the install is a curl or wget download of a file, or of an
// installer script that a shell runs.
func isDownload(in *install.Install) bool {
	return in.Manager == "curl" || in.Manager == "wget" || in.Manager == "installer-script"
}

// installVerbs are the words of a package manager's call that are neither options nor packages.
var installVerbs = map[string]bool{
	"install": true, "add": true, "i": true, "in": true, "reinstall": true, "localinstall": true,
	"global": true, "pip": true, "pip3": true,
}

// wordIndex returns the index in c.Words of the word at rng, or -1.
func wordIndex(c *buildspec.Call, rng source.Range) int {
	for i, w := range c.Words {
		if r := w.Range(); r.Start.Offset == rng.Start.Offset && r.End.Offset == rng.End.Offset {
			return i
		}
	}
	return -1
}

// wholeCall reports whether the installs gone are every package of their call: each word after
// the program that is not an option or a verb is one of them. A word that is neither (an
// option's value, a package held in a variable) keeps the call.
func wholeCall(c *buildspec.Call, gone []*install.Install) bool {
	if len(c.Args) < 2 {
		return false
	}
	covered := map[int]bool{}
	for _, in := range gone {
		covered[in.Range.Start.Offset] = true
	}
	for _, a := range c.Args[1:] {
		if strings.HasPrefix(a.Value, "-") || installVerbs[a.Value] && a.Lit {
			continue
		}
		if !covered[a.Range().Start.Offset] {
			return false
		}
	}
	return true
}

// wordEdit returns the edit that deletes the package word of in from its call: the word and the
// blanks (and line continuations) between it and the word before it. Deleting the blanks before
// rather than after keeps the edits of two neighbouring words apart.
func wordEdit(src *source.Source, in *install.Install) (finding.Edit, bool) {
	c := in.Call
	k := wordIndex(c, in.Range)
	if k < 1 || !wordAfterWord(src, c.Words[k-1].Range(), c.Words[k].Range()) {
		return finding.Edit{}, false
	}
	return finding.Edit{Range: src.Range(c.Words[k-1].Range().End.Offset, c.Words[k].Range().End.Offset)}, true
}

// wordAfterWord reports whether the file holds only blanks, line continuations and line breaks
// between the words a and b.
func wordAfterWord(src *source.Source, a, b source.Range) bool {
	s, e := a.End.Offset, b.Start.Offset
	if s >= e || e > len(src.Data) {
		return false
	}
	for _, ch := range src.Data[s:e] {
		switch ch {
		case ' ', '\t', '\\', '\n', '\r':
		default:
			return false
		}
	}
	return true
}

// remover plans the removal of a set of calls from one document.
type remover struct {
	spec  *buildspec.Buildspec
	src   *source.Source
	gone  map[*buildspec.Call]bool
	edits []finding.Edit
	// emptied are the commands the plan leaves with nothing.
	emptied map[*buildspec.Command]bool
}

// plan returns the edits that remove the calls, or false when some call cannot be removed.
func (r *remover) plan() bool {
	// The calls by the command they belong to, and within it by the script they were read from.
	byCmd := map[*buildspec.Command][]*buildspec.Call{}
	var cmds []*buildspec.Command
	for _, c := range r.spec.CommandsInOrder() {
		if c.Script == nil {
			continue
		}
		for _, call := range c.Script.Calls {
			if r.gone[call] {
				if _, ok := byCmd[c]; !ok {
					cmds = append(cmds, c)
				}
				byCmd[c] = append(byCmd[c], call)
			}
		}
	}
	if len(cmds) == 0 {
		return false
	}
	emptied := map[*buildspec.Command]bool{}
	r.emptied = emptied
	for _, cmd := range cmds {
		if cmd.Script.Err != nil || cmd.Script.File == nil || cmd.Script.Dialect != buildspec.DialectShell {
			return false
		}
		empty, ok := r.command(cmd, byCmd[cmd])
		if !ok {
			return false
		}
		if empty {
			emptied[cmd] = true
		}
	}
	if len(emptied) > 0 {
		if workflowUnit(r.spec) {
			// A workflow step's run: script left with nothing: deleting the value would leave
			// the step broken, and the step is not the linter's to remove.
			return false
		}
		return r.items(emptied)
	}
	return true
}

// command plans the removal of calls from one command; empty is true when nothing would be
// left of it (then the command's list item goes, which the caller plans).
func (r *remover) command(cmd *buildspec.Command, calls []*buildspec.Call) (empty, ok bool) {
	// The scripts the calls were read from (the command's, `sh -c` strings), planned deepest
	// first: a string that would be left empty removes its sh call from the script around it.
	type script struct {
		any   *buildspec.Call // a call of the script, for its text and positions
		exprs map[*syntax.CallExpr]bool
	}
	scripts := map[*syntax.File]*script{}
	add := func(c *buildspec.Call) bool {
		if c.Expr == nil {
			return false
		}
		f := c.Inner
		if f == nil {
			f = cmd.Script.File
		}
		s := scripts[f]
		if s == nil {
			s = &script{any: c, exprs: map[*syntax.CallExpr]bool{}}
			scripts[f] = s
		}
		s.exprs[c.Expr] = true
		return true
	}
	for _, c := range calls {
		if !add(c) {
			return false, false
		}
	}
	for {
		var f *syntax.File
		for k, s := range scripts {
			if f == nil || s.any.Depth > scripts[f].any.Depth || s.any.Depth == scripts[f].any.Depth && k.Pos().Offset() < f.Pos().Offset() {
				f = k
			}
		}
		if f == nil {
			return false, true
		}
		s := scripts[f]
		delete(scripts, f)
		edits, all, ok := removeStmts(r.src, f, s.any, s.exprs)
		switch {
		case !ok:
			return false, false
		case !all:
			r.edits = append(r.edits, edits...)
		case s.any.Via == nil:
			return true, true
		case !add(s.any.Via):
			return false, false
		}
	}
}

// removeStmts plans the removal of the calls exprs from the script f (c is one of its calls,
// for its text and positions): each call must be a statement of its own or a part of an `&&`
// chain. all is true when nothing of the script would be left.
func removeStmts(src *source.Source, f *syntax.File, c *buildspec.Call, exprs map[*syntax.CallExpr]bool) (edits []finding.Edit, all, ok bool) {
	text := c.Text()
	type stmt struct {
		s     *syntax.Stmt
		items []*syntax.Stmt
		gone  []bool
		n     int // items gone
	}
	var stmts []stmt
	found, allGone := 0, true
	for _, s := range f.Stmts {
		st := stmt{s: s, items: andItems(s)}
		st.gone = make([]bool, len(st.items))
		for i, it := range st.items {
			if n := goneCalls(it, exprs); n > 0 {
				st.gone[i] = true
				st.n++
				found += n
			}
		}
		if st.n < len(st.items) {
			allGone = false
		}
		stmts = append(stmts, st)
	}
	if found != len(exprs) {
		return nil, false, false // a call inside something else (a pipe, an if, `||`)
	}
	if allGone {
		return nil, true, true
	}
	// Offsets of the text in the file: where the byte at off starts, and where the text before
	// off ends (they differ across indentation and folds).
	at := func(off int) int { return c.TextRange(off, off).Start.Offset }
	end := func(off int) int { return c.TextRange(off, off).End.Offset }
	var out []finding.Edit
	del := func(s, e int) bool {
		if s < 0 || e < s || e > len(src.Data) {
			return false
		}
		out = append(out, finding.Edit{Range: src.Range(s, e)})
		return true
	}
	for i := 0; i < len(stmts); i++ {
		st := stmts[i]
		if st.n == 0 {
			continue
		}
		if st.n < len(st.items) {
			// Part of an && chain: a run at its start takes the && after it, any other run the
			// && before it, so that the edits of neighbouring calls never overlap.
			for a := 0; a < len(st.items); a++ {
				if !st.gone[a] {
					continue
				}
				b := a
				for b+1 < len(st.items) && st.gone[b+1] {
					b++
				}
				var ok bool
				if a == 0 {
					s, e := pos(st.items[0]), pos(st.items[b+1])
					ok = !strings.Contains(text[stmtEnd(st.items[b]):e], "#") && del(at(s), at(e))
				} else {
					s, e := stmtEnd(st.items[a-1]), stmtEnd(st.items[b])
					ok = !strings.Contains(text[s:pos(st.items[a])], "#") && del(end(s), end(e))
				}
				if !ok {
					return nil, false, false
				}
				a = b
			}
			continue
		}
		// A run of whole statements.
		j := i
		for j+1 < len(stmts) && stmts[j+1].n == len(stmts[j+1].items) {
			j++
		}
		s, e := pos(stmts[i].s), stmtEnd(stmts[j].s)
		ls, le := lineStart(text, s), lineEnd(text, e)
		alone := blank(text[ls:s]) && blankOrComment(text[e:le])
		var ok bool
		if l0, l1, lines := fileLines(src, at(s), end(e)); alone && lines {
			ok = del(l0, l1)
		} else if next := j + 1; next < len(stmts) && noBreak(text[e:pos(stmts[next].s)]) {
			ok = del(at(s), at(pos(stmts[next].s)))
		} else if i > 0 && (noBreak(text[stmtEnd(stmts[i-1].s):s]) || blank(text[e:])) && !strings.Contains(text[stmtEnd(stmts[i-1].s):s], "#") {
			ok = del(end(cmdEnd(stmts[i-1].s)), end(e))
		}
		if !ok {
			return nil, false, false
		}
		i = j
	}
	return out, false, true
}

// goneCalls returns how many calls the statement is when it is nothing but calls of exprs: one
// call, or a pipeline of them (`curl -fsSL URL | sh`); 0 otherwise.
func goneCalls(st *syntax.Stmt, exprs map[*syntax.CallExpr]bool) int {
	if st.Negated || st.Background || st.Coprocess {
		return 0
	}
	switch x := st.Cmd.(type) {
	case *syntax.CallExpr:
		if exprs[x] {
			return 1
		}
	case *syntax.BinaryCmd:
		if x.Op != syntax.Pipe && x.Op != syntax.PipeAll || len(st.Redirs) > 0 {
			return 0
		}
		a, b := goneCalls(x.X, exprs), goneCalls(x.Y, exprs)
		if a > 0 && b > 0 {
			return a + b
		}
	}
	return 0
}

// andItems returns the parts of an `a && b && c` statement in order, or the statement itself.
func andItems(s *syntax.Stmt) []*syntax.Stmt {
	var rev []*syntax.Stmt
	cur := s
	for {
		b, ok := cur.Cmd.(*syntax.BinaryCmd)
		if !ok || b.Op != syntax.AndStmt || cur.Negated || cur.Background || cur.Coprocess || len(cur.Redirs) > 0 {
			break
		}
		rev = append(rev, b.Y)
		cur = b.X
	}
	rev = append(rev, cur)
	out := make([]*syntax.Stmt, len(rev))
	for i, x := range rev {
		out[len(rev)-1-i] = x
	}
	return out
}

// pos is the offset of a statement's first byte in its script's text.
func pos(s *syntax.Stmt) int { return int(s.Pos().Offset()) }

// stmtEnd is the offset after a statement, its `;` or `&` included.
func stmtEnd(s *syntax.Stmt) int { return int(s.End().Offset()) }

// cmdEnd is the offset after a statement without its `;`.
func cmdEnd(s *syntax.Stmt) int {
	if s.Semicolon.IsValid() {
		return int(s.Semicolon.Offset())
	}
	return stmtEnd(s)
}

// lineStart is the offset of the start of the line that holds off; lineEnd the offset of the
// line break that ends it, or len(text).
func lineStart(text string, off int) int { return strings.LastIndexByte(text[:off], '\n') + 1 }

func lineEnd(text string, off int) int {
	if i := strings.IndexByte(text[off:], '\n'); i >= 0 {
		return off + i
	}
	return len(text)
}

// blank reports whether s holds only spaces and tabs.
func blank(s string) bool { return strings.Trim(s, " \t") == "" }

// blankOrComment reports whether s holds only spaces and tabs, then maybe a shell comment.
func blankOrComment(s string) bool {
	t := strings.TrimLeft(s, " \t")
	return t == "" || t[0] == '#'
}

// noBreak reports whether the text between two statements is on one line with no comment.
func noBreak(s string) bool { return !strings.ContainsAny(s, "\n#") }

// fileLines returns the file's whole lines [l0, l1) that hold the bytes [s, e) when nothing
// else is on them but blanks and, after e, a comment; l1 is past the line break.
func fileLines(src *source.Source, s, e int) (l0, l1 int, ok bool) {
	d := src.Data
	l0 = s
	for l0 > 0 && (d[l0-1] == ' ' || d[l0-1] == '\t') {
		l0--
	}
	if l0 > 0 && d[l0-1] != '\n' {
		return 0, 0, false
	}
	l1 = e
	for l1 < len(d) && (d[l1] == ' ' || d[l1] == '\t') {
		l1++
	}
	if l1 < len(d) && d[l1] == '#' && (l1 == e || l1 > e) {
		for l1 < len(d) && d[l1] != '\n' && d[l1] != '\r' {
			l1++
		}
	}
	switch {
	case l1 < len(d) && d[l1] == '\n':
		return l0, l1 + 1, true
	case l1+1 < len(d) && d[l1] == '\r' && d[l1+1] == '\n':
		return l0, l1 + 2, true
	case l1 == len(d):
		return l0, l1, true
	}
	return 0, 0, false
}

// items plans the removal of the list items of the emptied commands: whole lines in a block
// sequence (with the ignore directives above that apply only to them), the item and a comma in
// a flow sequence. A list that would be left empty is not changed: no fix.
func (r *remover) items(emptied map[*buildspec.Command]bool) bool {
	for _, ph := range r.spec.Phases {
		for _, list := range [][]*buildspec.Command{ph.Commands, ph.Finally} {
			n := 0
			for _, c := range list {
				if emptied[c] {
					n++
				}
			}
			switch {
			case n == 0:
				continue
			case n == len(list):
				// The phase's list would be empty: the phase goes when it has nothing else.
				if !r.phase(ph, list) {
					return false
				}
				continue
			}
			if !r.list(list, emptied) {
				return false
			}
		}
	}
	return true
}

// list plans the removal of the emptied items of one list.
func (r *remover) list(list []*buildspec.Command, emptied map[*buildspec.Command]bool) bool {
	d := r.src.Data
	for i := 0; i < len(list); i++ {
		c := list[i]
		if !emptied[c] {
			continue
		}
		s := c.Range.Start.Offset
		k := s
		for k > 0 && (d[k-1] == ' ' || d[k-1] == '\t') {
			k--
		}
		if k > 0 && d[k-1] == '-' {
			l0, l1, ok := fileLines(r.src, k-1, blockEnd(d, c.Range.End.Offset))
			if !ok {
				return false
			}
			l0 = r.directivesAbove(l0, c)
			r.edits = append(r.edits, finding.Edit{Range: r.src.Range(l0, l1)})
			continue
		}
		// A flow sequence: a run that ends the list takes the comma before it, any other the
		// comma after it.
		j := i
		for j+1 < len(list) && emptied[list[j+1]] {
			j++
		}
		var a, b int
		if j+1 < len(list) {
			a, b = s, list[j+1].Range.Start.Offset
			if strings.ContainsAny(string(d[list[j].Range.End.Offset:b]), "#") {
				return false
			}
		} else {
			a, b = list[i-1].Range.End.Offset, list[j].Range.End.Offset
			if strings.ContainsAny(string(d[a:s]), "#") {
				return false
			}
		}
		if !flowGap(d, k) {
			return false
		}
		r.edits = append(r.edits, finding.Edit{Range: r.src.Range(a, b)})
		i = j
	}
	return true
}

// blockEnd returns where a list item's value ends for line removal: a block scalar's range
// may end past its last line break.
func blockEnd(d []byte, end int) int {
	for end > 0 && (d[end-1] == '\n' || d[end-1] == '\r' || d[end-1] == ' ' || d[end-1] == '\t') {
		end--
	}
	return end
}

// flowGap reports whether the item at k is in a flow sequence: a `[` or `,` before it.
func flowGap(d []byte, k int) bool {
	for k > 0 && strings.IndexByte(" \t\r\n", d[k-1]) >= 0 {
		k--
	}
	return k > 0 && (d[k-1] == '[' || d[k-1] == ',')
}

// directivesAbove extends the start l0 of a removed item's lines over the ignore directives on
// the lines right above it that apply to nothing but the item: left alone they would match
// nothing.
func (r *remover) directivesAbove(l0 int, c *buildspec.Command) int {
	first, last := c.Range.Start.Line, c.Range.End.Line
	d := r.src.Data
	for l0 > 0 {
		p := l0 - 1 // the line break of the line above
		ps := bytes.LastIndexByte(d[:p], '\n') + 1
		var dir *buildspec.Directive
		for _, x := range r.spec.Directives {
			if x.Kind == "ignore" && x.Range.Start.Offset >= ps && x.Range.Start.Offset < p && blank(string(d[ps:x.Range.Start.Offset])) {
				dir = x
			}
		}
		if dir == nil || len(dir.Covers) == 0 {
			return l0
		}
		for _, sp := range dir.Covers {
			if sp.First < first-1 || sp.Last > last {
				return l0
			}
		}
		l0 = ps
	}
	return l0
}

// removal is an install whose finding tells the user to remove it, with that finding.
type removal struct {
	in *install.Install
	f  *finding.Finding
}

// removalFixes sets the fixes of the findings that tell the user to remove an install. all are
// every install of the document: a package word goes alone when another package of its call
// stays; when none stays the whole call goes, with the calls that only serve it. The calls of
// one command (and of the commands a download spans) are removed by one plan, which each of
// their findings carries: the plan for one of them alone could leave the others' `&&` or an
// `apt-get update` they need, and identical edits of two findings merge when both apply.
func removalFixes(spec *buildspec.Buildspec, all []*install.Install, rs []removal) {
	src := spec.Source
	gone := map[*buildspec.Call][]removal{}
	var order []*buildspec.Call
	for _, r := range rs {
		if r.in.Call == nil || !removable(r.in) || r.in.Call.Command == nil || r.in.Call.Command.Script == nil ||
			r.in.Call.Command.Script.Dialect != buildspec.DialectShell {
			continue
		}
		if _, ok := gone[r.in.Call]; !ok {
			order = append(order, r.in.Call)
		}
		gone[r.in.Call] = append(gone[r.in.Call], r)
	}
	if len(order) == 0 {
		return // no finding to fix (the rest only plans the fixes of these calls)
	}
	byCall := map[*buildspec.Call][]*install.Install{}
	for _, in := range all {
		if in.Call != nil {
			byCall[in.Call] = append(byCall[in.Call], in)
		}
	}
	var whole []*buildspec.Call
	for _, c := range order {
		rem := gone[c]
		ins := make([]*install.Install, len(rem))
		for i, r := range rem {
			ins[i] = r.in
		}
		switch {
		case isDownload(rem[0].in):
			if len(byCall[c]) == 1 {
				whole = append(whole, c)
			}
		case wholeCall(c, ins):
			whole = append(whole, c)
		case len(byCall[c]) > len(rem):
			// Another package of the call stays: delete the word.
			for _, r := range rem {
				if e, ok := wordEdit(src, r.in); ok {
					r.f.Fix = &finding.Fix{Message: "remove " + r.in.Package + " from this install", Edits: []finding.Edit{e}}
				}
			}
		}
	}
	if len(whole) == 0 {
		return // no call goes whole: nothing to plan
	}
	calls := spec.CommandsInOrder()
	n := 0
	for _, cmd := range calls {
		if cmd.Script != nil {
			n += len(cmd.Script.Calls)
		}
	}
	index := make(map[*buildspec.Call]int, n)
	seq := make([]*buildspec.Call, 0, n)
	for _, cmd := range calls {
		if cmd.Script != nil {
			for _, c := range cmd.Script.Calls {
				index[c] = len(seq)
				seq = append(seq, c)
			}
		}
	}
	// Whole calls: the calls that only serve them go too; the commands they touch make one
	// plan (components of commands linked by a download's calls).
	parent := map[*buildspec.Command]*buildspec.Command{}
	var find func(c *buildspec.Command) *buildspec.Command
	find = func(c *buildspec.Command) *buildspec.Command {
		for parent[c] != nil && parent[c] != c {
			c = parent[c]
		}
		return c
	}
	union := func(a, b *buildspec.Command) {
		if ra, rb := find(a), find(b); ra != rb {
			parent[ra] = rb
		}
	}
	related := map[*buildspec.Call][]*buildspec.Call{}
	bad := map[*buildspec.Call]bool{}
	for _, c := range whole {
		parent[c.Command] = find(c.Command)
		for _, in := range byCall[c] {
			if len(in.Shared) > 0 {
				bad[c] = true
			}
			for _, rg := range in.Related {
				rc := callAt(seq, rg)
				if rc == nil {
					bad[c] = true
					continue
				}
				related[c] = append(related[c], rc)
				union(c.Command, rc.Command)
			}
		}
	}
	pl := &planner{spec: spec, byCall: byCall, seq: seq, index: index, related: related, bad: bad}
	// Components whose plans together would empty a list of commands are one: applied together
	// their fixes would leave `commands:` with nothing, so they must be planned together.
	var roots []*buildspec.Command
	groups := map[*buildspec.Command][]*buildspec.Call{}
	plans := map[*buildspec.Command]*remover{}
	for {
		roots, groups, plans = nil, map[*buildspec.Command][]*buildspec.Call{}, map[*buildspec.Command]*remover{}
		for _, c := range whole {
			root := find(c.Command)
			if _, ok := groups[root]; !ok {
				roots = append(roots, root)
			}
			groups[root] = append(groups[root], c)
		}
		emptiedBy := map[*buildspec.Command]*buildspec.Command{}
		for _, root := range roots {
			if rm, ok := pl.build(groups[root]); ok {
				plans[root] = rm
				for c := range rm.emptied {
					emptiedBy[c] = root
				}
			}
		}
		merged := false
		for _, ph := range spec.Phases {
			for _, list := range [][]*buildspec.Command{ph.Commands, ph.Finally} {
				var by []*buildspec.Command
				for _, c := range list {
					root := emptiedBy[c]
					if root == nil {
						by = nil
						break
					}
					if !slices.Contains(by, root) {
						by = append(by, root)
					}
				}
				for _, root := range by[min(1, len(by)):] {
					union(by[0], root)
					merged = true
				}
			}
		}
		if !merged {
			break
		}
	}
	for _, root := range roots {
		rm := plans[root]
		if rm == nil {
			continue
		}
		for _, c := range groups[root] {
			for _, r := range gone[c] {
				r.f.Fix = &finding.Fix{Message: "remove this install", Edits: append([]finding.Edit(nil), rm.edits...)}
			}
		}
	}
}

// planner holds what the plans of a document's removals share: its installs by call, its
// calls in order, and the calls related to each call that goes whole.
type planner struct {
	spec    *buildspec.Buildspec
	byCall  map[*buildspec.Call][]*install.Install
	seq     []*buildspec.Call
	index   map[*buildspec.Call]int
	related map[*buildspec.Call][]*buildspec.Call
	bad     map[*buildspec.Call]bool // calls that cannot go whole (a shared rm, an unknown related call)
}

// build plans the removal of one component's calls, with the calls that only serve them.
func (pl *planner) build(members []*buildspec.Call) (*remover, bool) {
	rm := &remover{spec: pl.spec, src: pl.spec.Source, gone: map[*buildspec.Call]bool{}}
	ok := true
	for _, c := range members {
		ok = ok && !pl.bad[c]
		rm.gone[c] = true
	}
	for _, c := range members {
		for _, rc := range pl.related[c] {
			rm.gone[rc] = true
		}
	}
	// A package manager call that serves the install and is not an update stays (a
	// repository setup, `yum update`, which upgrades every package); an update stays when
	// a package manager call that stays comes after it before the next update.
	var updates []*buildspec.Call
	for _, c := range members {
		for _, rc := range pl.related[c] {
			if install.IsOSManager(strings.ToLower(rc.Name())) && !slices.Contains(members, rc) {
				if isUpdate(rc) {
					updates = append(updates, rc)
				} else {
					delete(rm.gone, rc)
				}
			}
		}
	}
	var kept []*buildspec.Call
	for _, u := range updates {
		for _, later := range pl.seq[pl.index[u]+1:] {
			if isUpdate(later) {
				break
			}
			if !rm.gone[later] && install.IsOSManager(strings.ToLower(later.Name())) {
				kept = append(kept, u)
				break
			}
		}
	}
	for _, u := range kept {
		delete(rm.gone, u)
	}
	// A related call that goes and installs something else too (`apt-get install -y
	// ./tool.deb git`) cannot go.
	for _, c := range members {
		for _, rc := range pl.related[c] {
			for _, in := range pl.byCall[rc] {
				if rm.gone[rc] && !slices.Contains(members, in.Call) {
					ok = false
				}
			}
		}
	}
	// A download whose file a call that stays still names cannot go.
	for _, c := range members {
		for _, in := range pl.byCall[c] {
			if in.File == "" {
				continue
			}
			base := in.File[strings.LastIndexByte(in.File, '/')+1:]
			for _, other := range pl.seq {
				if !rm.gone[other] && namesFile(other, base) {
					ok = false
				}
			}
		}
	}
	return rm, ok && rm.plan()
}

// callAt returns the call whose range is rng, or nil.
func callAt(seq []*buildspec.Call, rng source.Range) *buildspec.Call {
	for _, c := range seq {
		if r := c.Range(); r.Start.Offset == rng.Start.Offset && r.End.Offset == rng.End.Offset {
			return c
		}
	}
	return nil
}

// namesFile reports whether a word of the call holds the file name base.
func namesFile(c *buildspec.Call, base string) bool {
	if base == "" {
		return false
	}
	for _, w := range c.Words {
		if strings.Contains(w.Value, base) {
			return true
		}
	}
	return false
}

// isUpdate reports whether a call only refreshes an OS package manager's package lists:
// `apt-get update`, `apk update`, `yum makecache` (`yum update` and `dnf update` upgrade every
// package instead).
func isUpdate(c *buildspec.Call) bool {
	name := strings.ToLower(c.Name())
	if !install.IsOSManager(name) {
		return false
	}
	for _, a := range c.Args[1:] {
		if !strings.HasPrefix(a.Value, "-") {
			switch name {
			case "apt-get", "apt", "aptitude", "apk":
				return a.Value == "update"
			}
			return a.Value == "makecache" || a.Value == "check-update"
		}
	}
	return false
}

// phase plans the removal of a phase whose commands all go: its key and its commands, when the
// phase has nothing else (no finally, runtime-versions, run-as or on-failure, no comment but the
// ignore directives of its commands) and another phase stays.
func (r *remover) phase(ph *buildspec.Phase, list []*buildspec.Command) bool {
	if len(list) != len(ph.Commands) || len(ph.Finally) > 0 || len(ph.RuntimeVersions) > 0 || ph.RuntimeKey != nil ||
		ph.RunAs != nil || ph.OnFailure != nil || len(r.spec.Phases) < 2 {
		return false
	}
	for _, e := range r.edits {
		if e.Range.Start.Offset <= ph.Key.Range.Start.Offset && ph.Key.Range.Start.Offset < e.Range.End.Offset {
			return false
		}
	}
	d := r.src.Data
	last := list[len(list)-1]
	end := blockEnd(d, last.Range.End.Offset)
	for end < len(d) && strings.IndexByte(" \t]}", d[end]) >= 0 {
		end++ // the end of a flow sequence or mapping: `commands: [a, b]`, `{commands: [a]}`
	}
	l0, l1, ok := fileLines(r.src, ph.Key.Range.Start.Offset, end)
	if !ok {
		return false
	}
	// Every line is the key, `commands:`, blank, a line of a command or a directive of them.
	line := ph.Key.Range.Start.Line
	first, lastLine := ph.Key.Range.Start.Line, last.Range.End.Line
	for _, text := range strings.SplitAfter(string(d[l0:l1]), "\n") {
		if text == "" {
			continue
		}
		t := strings.TrimSpace(text)
		inCmd := false
		for _, c := range list {
			if c.Range.Start.Line <= line && line <= c.Range.End.Line {
				inCmd = true
			}
		}
		switch {
		case inCmd || t == "":
		case line == first:
			if strings.TrimSpace(strings.TrimPrefix(t, ph.Key.Name+":")) != "" {
				return false
			}
		case strings.HasPrefix(t, "commands:") && !strings.HasPrefix(strings.TrimSpace(strings.TrimPrefix(t, "commands:")), "#"):
		case strings.HasPrefix(t, "#") && r.directiveWithin(line, first, lastLine):
		default:
			return false
		}
		line++
	}
	r.edits = append(r.edits, finding.Edit{Range: r.src.Range(l0, l1)})
	return true
}

// directiveWithin reports whether an ignore directive is written on line and applies only to
// lines first to last.
func (r *remover) directiveWithin(line, first, last int) bool {
	for _, x := range r.spec.Directives {
		if x.Kind != "ignore" || x.Range.Start.Line != line || len(x.Covers) == 0 {
			continue
		}
		for _, sp := range x.Covers {
			if sp.First < first || sp.Last > last {
				return false
			}
		}
		return true
	}
	return false
}
