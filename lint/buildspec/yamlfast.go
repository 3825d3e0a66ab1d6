package buildspec

import (
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// fastDecode decodes data as yaml v3's Decoder does, into the same one document node (every
// field but the comments, which nothing reads), for the block style most buildspecs are
// written in: a top-level mapping of plain keys (indented or not), block mappings and
// sequences (indentless ones too), plain scalars, single-line quoted scalars, literal and
// folded block scalars, comments and one leading "---". It returns nil for anything else, and
// for anything it cannot prove valid (control characters, tabs outside block scalars, flow
// collections, anchors, aliases, tags, multi-line quoted scalars, more-indented folded lines,
// ...): the caller decodes that with yaml v3, which says what is wrong with it.
// TestFastDecode and FuzzFastDecode compare its trees with yaml v3's.
//
// yaml v3 reads a token at a time through a queue and builds events before nodes; a buildspec
// is read here in one pass over its lines, with its nodes and their children's slices
// allocated in blocks and its plain scalars cut from one copy of the text.
func fastDecode(data []byte, a *nodeArena) *yaml.Node {
	if len(data) == 0 || len(data) > maxFastDecode {
		return nil
	}
	p := yamlFast{text: string(data), arena: a}
	if !p.splitLines() {
		return nil
	}
	// The lines that make nodes: content lines, less the lines of block scalars (a script's
	// lines make one node in all). Telling those apart here is a guess that only sizes the
	// first block: the header ends the line, and the lines below it are indented deeper.
	content, body := 0, -1 // body: the indentation of the block scalar's header line, or -1
	for i, l := range p.lines {
		if body >= 0 {
			if l.kind == yfBlank || l.kind == yfTab || l.indent > body {
				continue
			}
			body = -1
		}
		if l.kind != yfBlank && l.kind != yfComment {
			content++
			if blockHeader(p.line(i)) {
				body = l.indent
			}
		}
	}
	// Most lines make a key and a value, or an item; more nodes take blocks of their own. The
	// first block is bounded: a text may be declined after its first lines.
	m := a.mark()
	p.nodes = a.nodeBlock(min(2*content+2, maxNodeBlock))
	// Every node but the document is the child of one node: the first block's nodes need fewer
	// Content pointers than there are nodes.
	p.slabs = a.slabBlock(cap(p.nodes))
	doc := p.document()
	if doc == nil {
		a.rewind(m)
	}
	return doc
}

// blockHeader reports whether line looks like it ends in a block scalar's header ("key: |",
// "- >-"): an indicator after ": " or "- ".
func blockHeader(line string) bool {
	line = strings.TrimRight(line, " ")
	for _, ind := range [...]string{"|", "|-", "|+", ">", ">-", ">+"} {
		if rest, ok := strings.CutSuffix(line, ind); ok {
			return strings.HasSuffix(rest, ": ") || strings.HasSuffix(rest, "- ")
		}
	}
	return false
}

// maxFastDecode and maxFastLines bound the text fastDecode reads (buildspecs are a few KiB and
// a few hundred lines), and with it the line table it allocates first; larger texts, and
// nesting deeper than maxFastDepth, go to yaml v3 with its own limits.
const (
	maxFastDecode = 256 << 10
	maxFastLines  = 1 << 14
	maxFastDepth  = 64
)

// maxNodeBlock is the most nodes allocated at once (152 KiB).
const maxNodeBlock = 1024

// yfLine is a line of the text: its bytes are text[start:end] (no line break), indent is the
// number of spaces it starts with, kind what follows them.
type yfLine struct {
	start, end, indent int
	kind               uint8
	ascii              bool
}

// printable reports whether r (size bytes of UTF-8) is a character yaml v3 reads as text and
// not as a line break or a byte order mark.
func printable(r rune, size int) bool {
	return !(r == utf8.RuneError && size <= 1) && r >= 0xa0 && r != 0x2028 && r != 0x2029 && r != 0xfeff && r != 0xfffe && r != 0xffff
}

// col returns the column yaml v3 gives byte k of line i: it counts characters.
func (p *yamlFast) col(i, k int) int {
	if p.lines[i].ascii {
		return k + 1
	}
	return utf8.RuneCountInString(p.text[p.lines[i].start:p.lines[i].start+k]) + 1
}

const (
	yfBlank   uint8 = iota // nothing but spaces
	yfComment              // spaces, then #
	yfContent              // spaces, then anything else but a tab
	yfTab                  // spaces, then a tab: text in a block scalar, else not read here
)

type yamlFast struct {
	text  string
	lines []yfLine
	i     int // the line being read
	depth int
	nodes []yaml.Node  // the block the next node is cut from
	arena *nodeArena   // where blocks come from (nil: allocated)
	kids  []*yaml.Node // children of the collections being read, stacked
	slabs []*yaml.Node // the block the next Content slice is cut from
}

// splitLines fills p.lines, and reports false for a byte fastDecode does not read (control
// characters, a carriage return that does not end every line), or a document marker past the
// first line.
func (p *yamlFast) splitLines() bool {
	t := p.text
	n := strings.Count(t, "\n") + 1
	if n > maxFastLines {
		return false
	}
	p.lines = make([]yfLine, 0, n)
	crlf := 0 // 1 when the lines end with CR LF, -1 with LF alone: yaml v3 reads both
	for start := 0; start <= len(t); {
		nl := strings.IndexByte(t[start:], '\n')
		if nl < 0 {
			nl = len(t)
		} else {
			nl += start
		}
		end := nl
		if nl < len(t) {
			kind := -1
			if nl > start && t[nl-1] == '\r' {
				kind, end = 1, nl-1
			}
			if crlf != 0 && crlf != kind {
				return false // mixed line ends
			}
			crlf = kind
		}
		l := yfLine{start: start, end: end}
		l.ascii = true
		for k := start; k < end; k++ {
			c := t[k]
			if c < 0x7f && (c >= 0x20 || c == '\t') {
				continue
			}
			r, size := utf8.DecodeRuneInString(t[k:end])
			if c < 0x80 || !printable(r, size) {
				return false
			}
			l.ascii = false
			k += size - 1
		}
		for l.indent = 0; start+l.indent < end && t[start+l.indent] == ' '; l.indent++ {
		}
		switch {
		case start+l.indent == end:
			l.kind = yfBlank
		case t[start+l.indent] == '#':
			l.kind = yfComment
		case t[start+l.indent] == '\t':
			l.kind = yfTab
		default:
			l.kind = yfContent
		}
		if l.indent == 0 && marker(t[start:end], "...") {
			return false // the end of a document is yaml v3's to read
		}
		if l.indent == 0 && marker(t[start:end], "---") && len(p.lines) > 0 {
			// A document marker past the first content line: another document, yaml v3's to
			// read. "---" on the first content line is read in document.
			for _, prev := range p.lines {
				if prev.kind != yfBlank && prev.kind != yfComment {
					return false
				}
			}
		}
		p.lines = append(p.lines, l)
		if nl == len(t) {
			break
		}
		start = nl + 1
	}
	// The last line of a text that ends with a line break is empty: not a line of its own.
	if len(p.lines) > 1 && p.lines[len(p.lines)-1].start == len(t) {
		p.lines = p.lines[:len(p.lines)-1]
	}
	return true
}

// marker reports whether line starts with the document marker m, alone or followed by blanks.
func marker(line, m string) bool {
	return strings.HasPrefix(line, m) && (len(line) == len(m) || line[len(m)] == ' ' || line[len(m)] == '\t')
}

func (p *yamlFast) line(i int) string { return p.text[p.lines[i].start:p.lines[i].end] }

// node returns a new node, cut from a block.
func (p *yamlFast) node(kind yaml.Kind, tag string, line, col int) *yaml.Node {
	if len(p.nodes) == cap(p.nodes) {
		p.nodes = p.arena.nodeBlock(min(2*cap(p.nodes), maxNodeBlock))
	}
	p.nodes = p.nodes[:len(p.nodes)+1]
	n := &p.nodes[len(p.nodes)-1]
	*n = yaml.Node{Kind: kind, Tag: tag, Line: line, Column: col}
	return n
}

// children returns the nodes stacked since mark as a slice of their own capacity (an append
// to it copies), and unstacks them.
func (p *yamlFast) children(mark int) []*yaml.Node {
	k := len(p.kids) - mark
	if k == 0 {
		return nil
	}
	if cap(p.slabs)-len(p.slabs) < k {
		p.slabs = p.arena.slabBlock(max(k, 256))
	}
	a := len(p.slabs)
	p.slabs = append(p.slabs, p.kids[mark:]...)
	clear(p.kids[mark:])
	p.kids = p.kids[:mark]
	return p.slabs[a : a+k : a+k]
}

// skipBlank moves past blank and comment lines; false for a line that starts with a tab
// outside a block scalar.
func (p *yamlFast) skipBlank() bool {
	for ; p.i < len(p.lines); p.i++ {
		switch p.lines[p.i].kind {
		case yfContent:
			return true
		case yfTab:
			return false
		}
	}
	return true
}

func (p *yamlFast) document() *yaml.Node {
	if !p.skipBlank() || p.i == len(p.lines) {
		return nil
	}
	doc := p.node(yaml.DocumentNode, "", p.i+1, p.lines[p.i].indent+1)
	if l := p.line(p.i); p.lines[p.i].indent == 0 && marker(l, "---") {
		if rest := strings.TrimLeft(l[3:], " "); rest != "" && rest[0] != '#' {
			return nil
		}
		p.i++
		if !p.skipBlank() || p.i == len(p.lines) {
			return nil
		}
	}
	// The top-level mapping may be indented (its keys all at one column).
	n := p.lines[p.i].indent
	if !p.keyAt(p.line(p.i), n) {
		return nil
	}
	root := p.mapping(n)
	if root == nil || !p.skipBlank() || p.i != len(p.lines) {
		return nil
	}
	doc.Content = []*yaml.Node{root}
	return doc
}

// keyAt reports whether line has a plain key at byte col: a plain scalar ended by ':' and a
// blank or the end of the line. Lines with a tab are not read here.
func (p *yamlFast) keyAt(line string, col int) bool {
	_, ok := p.key(line, col)
	return ok
}

// key returns the index of the ':' that ends the plain key at col of line.
func (p *yamlFast) key(line string, col int) (int, bool) {
	if strings.IndexByte(line, '\t') >= 0 || !plainStart(line, col) {
		return 0, false
	}
	for k := col; k < len(line) && k-col <= 1024; k++ {
		switch line[k] {
		case ':':
			if k+1 == len(line) || line[k+1] == ' ' {
				if line[k-1] == ' ' { // "key :": a trimmed key, yaml v3's to read
					return 0, false
				}
				return k, true
			}
		case '#':
			if line[k-1] == ' ' {
				return 0, false
			}
		}
	}
	return 0, false
}

// plainStart reports whether a plain scalar can start at line[col]: not an indicator, except
// -, ? and : before a character other than a blank.
func plainStart(line string, col int) bool {
	if col >= len(line) {
		return false
	}
	switch line[col] {
	case '-', '?', ':':
		return col+1 < len(line) && line[col+1] != ' '
	case ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`', ' ':
		return false
	}
	return true
}

// seqEntry reports whether line has a block sequence entry ("-" then a blank or the end) at col.
func seqEntry(line string, col int) bool {
	return col < len(line) && line[col] == '-' && (col+1 == len(line) || line[col+1] == ' ')
}

// mapping reads a block mapping whose keys are at column n, the first on line p.i (after
// "- " when it is a sequence entry's).
func (p *yamlFast) mapping(n int) *yaml.Node {
	if p.depth++; p.depth > maxFastDepth {
		return nil
	}
	m := p.node(yaml.MappingNode, "!!map", p.i+1, n+1)
	mark := len(p.kids)
	for first := true; ; first = false {
		if !first {
			if !p.skipBlank() {
				return nil
			}
			if p.i == len(p.lines) || p.lines[p.i].indent < n {
				break
			}
			if p.lines[p.i].indent > n {
				return nil
			}
		}
		line := p.line(p.i)
		colon, ok := p.key(line, n)
		if !ok || line[n:colon] == "<<" {
			return nil
		}
		p.kids = append(p.kids, p.plain(line[n:colon], p.i+1, n+1))
		v := p.value(line, colon+1, n, true, false)
		if v == nil {
			return nil
		}
		p.kids = append(p.kids, v)
	}
	m.Content = p.children(mark)
	p.depth-- // a nil return ends the whole read: only a node read leaves its depth
	return m
}

// sequence reads a block sequence whose entries are at column d, the first on line p.i.
func (p *yamlFast) sequence(d int) *yaml.Node {
	if p.depth++; p.depth > maxFastDepth {
		return nil
	}
	s := p.node(yaml.SequenceNode, "!!seq", p.i+1, d+1)
	mark := len(p.kids)
	for first := true; ; first = false {
		if !first {
			if !p.skipBlank() {
				return nil
			}
			if p.i == len(p.lines) || p.lines[p.i].indent < d {
				break
			}
			if p.lines[p.i].indent > d {
				return nil
			}
			if !seqEntry(p.line(p.i), d) {
				break // a key after an indentless sequence: the mapping's
			}
		}
		v := p.value(p.line(p.i), d+1, d, false, true)
		if v == nil {
			return nil
		}
		p.kids = append(p.kids, v)
	}
	s.Content = p.children(mark)
	p.depth--
	return s
}

// value reads the node that follows a key's ':' or an entry's '-' at byte from of line (on
// line p.i, which it moves past): inline, on the lines below, or an empty (null) node. owner
// is the column of the mapping or sequence it belongs to; indentless allows a sequence at
// owner's column (a mapping value's), compact a mapping on the same line (an entry's).
func (p *yamlFast) value(line string, from, owner int, indentless, compact bool) *yaml.Node {
	if strings.IndexByte(line, '\t') >= 0 {
		return nil
	}
	j := from
	for j < len(line) && line[j] == ' ' {
		j++
	}
	if j == len(line) || line[j] == '#' {
		// Nothing on the line: the node is below it, or empty (null, where the line ends
		// its indicator).
		at := p.i
		p.i++
		if !p.skipBlank() {
			return nil
		}
		if p.i < len(p.lines) {
			l, next := p.lines[p.i], p.line(p.i)
			switch {
			case l.indent > owner && seqEntry(next, l.indent):
				return p.sequence(l.indent)
			case l.indent > owner && p.keyAt(next, l.indent):
				return p.mapping(l.indent)
			case l.indent > owner:
				return nil // a scalar on the lines below, or not YAML
			case l.indent == owner && indentless && seqEntry(next, owner):
				return p.sequence(owner)
			}
		}
		return p.node(yaml.ScalarNode, "!!null", at+1, p.col(at, from))
	}
	switch c := line[j]; {
	case c == '|' || c == '>':
		return p.blockScalar(line, j, owner)
	case c == '"' || c == '\'':
		v, end, ok := quoted(line, j)
		if !ok || !restBlank(line, end) {
			return nil
		}
		style := yaml.SingleQuotedStyle
		if c == '"' {
			style = yaml.DoubleQuotedStyle
		}
		n := p.node(yaml.ScalarNode, "!!str", p.i+1, p.col(p.i, j))
		n.Value, n.Style = v, style
		return p.inlineEnd(n, owner)
	case compact && p.keyAt(line, j):
		return p.mapping(j)
	case !plainStart(line, j):
		return nil
	}
	end := len(line)
	for k := j + 1; k < len(line); k++ {
		if line[k] == '#' && line[k-1] == ' ' {
			end = k
			break
		}
		if line[k] == ':' && (k+1 == len(line) || line[k+1] == ' ') {
			return nil // a key where a key cannot be
		}
	}
	v := strings.TrimRight(line[j:end], " ")
	if v == "<<" {
		return nil
	}
	at, col := p.i+1, p.col(p.i, j)
	if end == len(line) {
		// No comment ends it: the lines below indented past owner go on with it, each
		// trimmed, joined by a space, or by a line break for each empty line between.
		var ok bool
		if v, ok = p.continued(v, owner); !ok {
			return nil
		}
	}
	return p.inlineEnd(p.plain(v, at, col), owner)
}

// continued returns v with the lines below line p.i that continue it (a plain scalar's), and
// leaves p.i on the last of them; false for a line that may be something else than text (a
// key's ": ", a comment after text) or that has a tab. An indicator that starts a line below
// is text (`--username AWS`, `*pr/*) ...`): yaml v3 reads one as an indicator only where a
// node starts.
func (p *yamlFast) continued(v string, owner int) (string, bool) {
	var b strings.Builder
	blanks := 0
	for k := p.i + 1; k < len(p.lines); k++ {
		l := p.lines[k]
		if l.kind == yfBlank {
			blanks++
			continue
		}
		if l.kind != yfContent || l.indent <= owner {
			break // a comment or a line of spaces and a tab ends it; less indented, so does the line
		}
		text := strings.TrimRight(p.text[l.start+l.indent:l.end], " ")
		if strings.IndexByte(text, '\t') >= 0 || text[0] == ':' && (len(text) == 1 || text[1] == ' ') ||
			strings.Contains(text, ": ") || strings.HasSuffix(text, ":") || strings.Contains(text, " #") {
			return "", false
		}
		if b.Len() == 0 {
			b.WriteString(v)
		}
		if blanks == 0 {
			b.WriteByte(' ')
		} else {
			b.WriteString(strings.Repeat("\n", blanks))
		}
		b.WriteString(text)
		blanks = 0
		p.i = k
	}
	if b.Len() == 0 {
		return v, true
	}
	return b.String(), true
}

// inlineEnd moves past the line of n, an inline scalar, and returns it, or nil when the next
// line that is neither blank nor a comment is indented past owner (a scalar's continuation, or
// not YAML). A comment ends a plain scalar, and the lines after it are the collection's.
func (p *yamlFast) inlineEnd(n *yaml.Node, owner int) *yaml.Node {
	p.i++
	for k := p.i; k < len(p.lines); k++ {
		switch l := p.lines[k]; l.kind {
		case yfBlank:
			continue
		case yfComment:
			return n
		case yfTab:
			return nil
		default:
			if l.indent > owner {
				return nil
			}
			return n
		}
	}
	return n
}

// plain returns a plain scalar node of value v, tagged as yaml v3 resolves it.
func (p *yamlFast) plain(v string, line, col int) *yaml.Node {
	tag := "!!str"
	if v == "" || strings.IndexByte(resolvable, v[0]) >= 0 {
		probe := yaml.Node{Kind: yaml.ScalarNode, Value: v}
		tag = probe.ShortTag()
	}
	n := p.node(yaml.ScalarNode, tag, line, col)
	n.Value = v
	return n
}

// resolvable are the first bytes of the plain scalars that yaml v3 may resolve to a tag other
// than !!str (a sign, a digit, a dot, and the first letters of true, false, null, yes, no, on,
// off, ~ and <<); it resolves the others to !!str at once.
const resolvable = "+-0123456789.yYnNtTfFoO~<"

// restBlank reports whether line holds only blanks from end, then maybe a comment.
func restBlank(line string, end int) bool {
	k := end
	for k < len(line) && line[k] == ' ' {
		k++
	}
	return k == len(line) || (line[k] == '#' && k > end)
}

// quoted reads the single- or double-quoted scalar that starts at line[j] and ends on the
// line: its value and the index past its closing quote. Escapes that are not ASCII, and a
// scalar that goes on to the next line, are not read here.
func quoted(line string, j int) (string, int, bool) {
	q := line[j]
	var b []byte
	start := j + 1
	for k := start; k < len(line); k++ {
		c := line[k]
		switch {
		case q == '\'' && c == '\'':
			if k+1 < len(line) && line[k+1] == '\'' {
				b = append(b, line[start:k+1]...)
				k++
				start = k + 1
				continue
			}
			return string(append(b, line[start:k]...)), k + 1, true
		case q == '"' && c == '"':
			if b == nil {
				return line[start:k], k + 1, true
			}
			return string(append(b, line[start:k]...)), k + 1, true
		case q == '"' && c == '\\':
			if k+1 == len(line) {
				return "", 0, false
			}
			b = append(b, line[start:k]...)
			k++
			switch e := line[k]; e {
			case '0':
				b = append(b, 0)
			case 'a':
				b = append(b, '\a')
			case 'b':
				b = append(b, '\b')
			case 't':
				b = append(b, '\t')
			case 'n':
				b = append(b, '\n')
			case 'v':
				b = append(b, '\v')
			case 'f':
				b = append(b, '\f')
			case 'r':
				b = append(b, '\r')
			case 'e':
				b = append(b, 0x1b)
			case ' ', '"', '\\':
				b = append(b, e)
			case 'x':
				if k+2 >= len(line) {
					return "", 0, false
				}
				h, ok := hexByte(line[k+1], line[k+2])
				if !ok || h >= 0x80 {
					return "", 0, false
				}
				b = append(b, h)
				k += 2
			default:
				return "", 0, false
			}
			start = k + 1
		}
	}
	return "", 0, false
}

func hexByte(a, b byte) (byte, bool) {
	h := func(c byte) (byte, bool) {
		switch {
		case c >= '0' && c <= '9':
			return c - '0', true
		case c >= 'a' && c <= 'f':
			return c - 'a' + 10, true
		case c >= 'A' && c <= 'F':
			return c - 'A' + 10, true
		}
		return 0, false
	}
	x, ok1 := h(a)
	y, ok2 := h(b)
	return x<<4 | y, ok1 && ok2
}

// blockScalar reads the literal or folded scalar whose header is at line[j] (on line p.i),
// with the content lines below it indented past owner.
func (p *yamlFast) blockScalar(line string, j, owner int) *yaml.Node {
	folded := line[j] == '>'
	k := j + 1
	var chomp byte
	if k < len(line) && (line[k] == '-' || line[k] == '+') {
		chomp = line[k]
		k++
	}
	if !restBlank(line, k) {
		return nil // an indentation indicator, or text after the header
	}
	n := p.node(yaml.ScalarNode, "!!str", p.i+1, p.col(p.i, j))
	n.Style = yaml.LiteralStyle
	if folded {
		n.Style = yaml.FoldedStyle
	}
	p.i++
	if p.i == len(p.lines) || p.lines[p.i].kind == yfBlank {
		return nil // empty, or leading empty lines: yaml v3 works out the indentation
	}
	ind := p.lines[p.i].indent
	if ind <= owner {
		return nil
	}
	var b strings.Builder
	blanks, body := 0, false
	for ; p.i < len(p.lines); p.i++ {
		l := p.lines[p.i]
		if l.kind == yfBlank && l.indent <= ind {
			blanks++
			continue
		}
		if l.kind == yfBlank && folded {
			return nil // spaces past the indentation: a more-indented line
		}
		// A literal's line of spaces past the indentation is text: those spaces.
		if l.indent < ind {
			if l.kind == yfTab {
				return nil
			}
			break
		}
		if l.kind == yfTab {
			return nil // a tab after the indentation: yaml v3 may take it for indentation
		}
		text := p.text[l.start+ind : l.end]
		if folded && text[0] == ' ' {
			return nil // a more-indented line keeps its breaks
		}
		if body {
			switch {
			case folded && blanks == 0:
				b.WriteByte(' ')
			case folded:
				b.WriteString(strings.Repeat("\n", blanks))
			default:
				b.WriteString(strings.Repeat("\n", blanks+1))
			}
		}
		b.WriteString(text)
		body, blanks = true, 0
	}
	// The last line of a text may have no line break: then the scalar has none either.
	atEOF := p.i == len(p.lines) && !strings.HasSuffix(p.text, "\n")
	switch {
	case chomp == '-':
	case chomp == '+' && atEOF:
		return nil
	case chomp == '+':
		b.WriteString(strings.Repeat("\n", blanks+1))
	case !atEOF || blanks > 0:
		b.WriteByte('\n')
	}
	n.Value = b.String()
	return n
}
