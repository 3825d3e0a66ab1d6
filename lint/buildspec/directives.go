package buildspec

import (
	"bytes"
	"sort"
	"strings"

	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// This file finds `# buildspec-lint ...` directives in a file's comments and applies the ignores
// among them. A directive is a YAML comment, or a shell comment inside a literal (`|`) block
// scalar (there `#` is shell text, which the shell skips the same way), on a line of its own or
// after a command, outside the shell's quotes:
//
//	# buildspec-lint ignore=RULE,RULE -- the reason
//	# buildspec-lint ignore-file=RULE -- the reason
//	# buildspec-lint image=ci
//
// An ignore on a line of its own covers the next line that is not blank or a comment (and, when
// that line opens a list item or a block scalar, the whole item or block); an ignore after
// content covers its own line (with the same extension). ignore-file covers the whole file.

// The directive kinds.
const (
	DirectiveIgnore     = "ignore"
	DirectiveIgnoreFile = "ignore-file"
	DirectiveImage      = "image"
)

// directivePrefix starts every directive comment (after "#" and optional spaces).
const directivePrefix = "buildspec-lint"

// lineKind classifies a source line for directive coverage.
type lineKind uint8

const (
	lineBlank   lineKind = iota
	lineComment          // only a comment (a YAML comment, or a shell comment line in a `|` block)
	lineContent
)

// lineInfo is what the comment scanner learned about one line.
type lineInfo struct {
	kind lineKind
	// indent is the number of leading spaces.
	indent int
	// item is the column (0-based byte index) of the dash when the line starts a list item, -1 otherwise.
	item int
	// blockEnd is the last content line of the block scalar this line opens (0: opens none).
	blockEnd int
	// block is the header line of the block scalar whose content this line is (0: none).
	block int
	// cont is set on a block content line that ends with a shell line continuation (a backslash).
	cont bool
}

// comment is a `#` comment found by the scanner.
type comment struct {
	line  int
	start int // byte offset of '#'
	end   int // byte offset of the end of the comment (trailing blanks trimmed)
	own   bool
	shell bool
}

// scanComments finds the comments of a YAML file: `#` that starts a YAML comment (at the start
// of a line or after a blank, outside quoted scalars and block scalars), and shell comment lines
// inside literal block scalars. It is a small lexer rather than a YAML parser: it tracks block
// scalars, quoted scalars (also across lines) and flow collections, which is all that decides
// whether a `#` is a comment. In a literal block, a shell comment after content on a line
// (`apt-get install -y jq  # buildspec-lint ignore=...`) is one too. lines is indexed by line number (lines[0] is unused).
func scanComments(src *source.Source) (comments []comment, lines []lineInfo) {
	n := src.Lines()
	s := &commentScanner{src: src, lines: make([]lineInfo, n+1)}
	for ln := 1; ln <= n; ln++ {
		text := src.Line(ln)
		indent := len(text) - len(strings.TrimLeft(text, " "))
		info := &s.lines[ln]
		info.indent, info.item = indent, -1
		if strings.TrimSpace(text) == "" || s.blockContent(ln, text, indent) {
			continue
		}
		info.kind = lineContent
		if !s.documentMarker(ln, text) {
			s.scanLine(ln, text, indent)
		}
	}
	return s.comments, s.lines
}

// commentScanner is scanComments' state: what it found, and what is open at the end of a line
// (a multi-line quoted scalar, flow collections, a block scalar).
type commentScanner struct {
	src      *source.Source
	comments []comment
	lines    []lineInfo

	quote       byte // the open quote of a multi-line quoted scalar, 0 outside one
	flow        int  // depth of flow collections
	blockHeader int  // line of the open block scalar's header, 0 outside one
	blockParent int  // indentation the block's content must exceed
	blockLit    bool // the open block is literal (|), not folded (>)
}

// blockContent records line ln as content of the open block scalar and reports whether it is
// one; a line indented no deeper than the block's parent closes the block. In a literal block,
// a line that starts with # is a shell comment.
func (s *commentScanner) blockContent(ln int, text string, indent int) bool {
	if s.blockHeader == 0 {
		return false
	}
	if indent <= s.blockParent {
		s.blockHeader = 0
		return false
	}
	info := &s.lines[ln]
	info.block = s.blockHeader
	s.lines[s.blockHeader].blockEnd = ln
	info.kind = lineContent
	info.cont = strings.HasSuffix(strings.TrimRight(text, " \t"), "\\")
	if !s.blockLit {
		return true
	}
	base := s.src.LineStart(ln)
	end := base + len(strings.TrimRight(text, " \t"))
	if text[indent] == '#' {
		info.kind = lineComment
		s.comments = append(s.comments, comment{line: ln, start: base + indent, end: end, own: true, shell: true})
		return true
	}
	if i := shellComment(text, indent); i >= 0 {
		s.comments = append(s.comments, comment{line: ln, start: base + i, end: end, shell: true})
		info.cont = false // a backslash in a comment continues nothing
	}
	return true
}

// shellComment returns the offset in text of the shell comment that ends a content line of a
// literal block, or -1: a # that starts a word (after a blank or an operator), outside the
// quotes of that line, as the shell reads it. Quotes are read on the line alone: a quote of a
// heredoc's text ("it's") must not hide the directives of the lines after it.
func shellComment(text string, from int) int {
	var quote byte
	for i := from; i < len(text); i++ {
		c := text[i]
		switch quote {
		case '\'':
			if c == '\'' {
				quote = 0
			}
			continue
		case '"':
			switch c {
			case '\\':
				i++
			case '"':
				quote = 0
			}
			continue
		}
		switch c {
		case '\\':
			i++
		case '\'', '"':
			quote = c
		case '#':
			if i > from && strings.IndexByte(" \t;&|()", text[i-1]) >= 0 {
				return i
			}
		}
	}
	return -1
}

// documentMarker reports whether line ln is a document marker (--- or ...), outside a quoted
// scalar; it closes every flow collection, and its comment is recorded.
func (s *commentScanner) documentMarker(ln int, text string) bool {
	if s.quote != 0 || !strings.HasPrefix(text, "---") && !strings.HasPrefix(text, "...") ||
		len(text) != 3 && text[3] != ' ' && text[3] != '\t' {
		return false
	}
	s.flow = 0
	if i := strings.Index(text, " #"); i >= 0 {
		base := s.src.LineStart(ln)
		s.comments = append(s.comments, comment{line: ln, start: base + i + 1, end: base + len(strings.TrimRight(text, " \t"))})
	}
	return true
}

// scanLine lexes one line of YAML content: it skips quoted scalars (a quote left open goes on
// at the next line), records the comment that ends the line, and follows the structure that
// decides what comes next: list items (info.item), keys, flow collections, and a block scalar
// header, whose block starts at the next line.
func (s *commentScanner) scanLine(ln int, text string, indent int) {
	info := &s.lines[ln]
	atStart := s.quote == 0 // at a place where a node may start
	prevSpace := true
	keyCol, dashCol := -1, -1
	scalarCol := -1
	header := false
	for i := 0; i < len(text); {
		c := text[i]
		if s.quote != 0 {
			var closed bool
			if i, closed = quotedEnd(text, i, s.quote); closed {
				s.quote = 0
				prevSpace = false
			}
			continue
		}
		if c == ' ' || c == '\t' {
			prevSpace = true
			i++
			continue
		}
		if c == '#' && prevSpace {
			own := strings.TrimSpace(text[:i]) == ""
			if own {
				info.kind = lineComment
			}
			base := s.src.LineStart(ln)
			s.comments = append(s.comments, comment{line: ln, start: base + i, end: base + len(strings.TrimRight(text, " \t")), own: own})
			break
		}
		spaceNext := i+1 >= len(text) || text[i+1] == ' ' || text[i+1] == '\t'
		wasSpace := prevSpace
		prevSpace = false
		switch {
		case atStart && (c == '-' || c == '?') && spaceNext:
			if c == '-' {
				if dashCol < 0 && strings.TrimSpace(text[:i]) == "" {
					info.item = i
				}
				dashCol = i
			}
			i++
		case atStart && (c == '\'' || c == '"'):
			s.quote = c
			scalarCol = i
			atStart = false
			i++
		case atStart && (c == '[' || c == '{'):
			s.flow++
			i++
		case atStart && (c == '&' || c == '!'):
			for i < len(text) && text[i] != ' ' && text[i] != '\t' {
				i++
			}
		case atStart && s.flow == 0 && (c == '|' || c == '>'):
			end, ok := blockIndicator(text, i)
			if ok {
				header = true
				s.blockLit = c == '|'
				switch {
				case keyCol >= 0:
					s.blockParent = keyCol
				case dashCol >= 0:
					s.blockParent = dashCol
				default:
					s.blockParent = indent - 1
				}
			}
			atStart = false
			i = end
		case c == ':' && (spaceNext || (s.flow > 0 && i+1 < len(text) && strings.IndexByte(",]}", text[i+1]) >= 0)):
			if scalarCol >= 0 {
				keyCol = scalarCol
			}
			atStart = true
			scalarCol = -1
			i++
		case s.flow > 0 && c == ',':
			atStart = true
			scalarCol = -1
			i++
		case s.flow > 0 && (c == ']' || c == '}'):
			s.flow--
			atStart = false
			i++
		default:
			if atStart || (wasSpace && scalarCol < 0) {
				scalarCol = i
			}
			atStart = false
			i++
		}
	}
	if header {
		s.blockHeader = ln
	}
}

// quotedEnd skips the text of a scalar quoted with quote from text[i] on: it returns the offset
// after its closing quote and true, or an offset at or past the end of the line and false when
// the scalar goes on at the next line. In single quotes a doubled quote is a quote; in double
// quotes a backslash escapes the next byte.
func quotedEnd(text string, i int, quote byte) (int, bool) {
	for i < len(text) {
		c := text[i]
		switch {
		case quote == '\'' && c == '\'' && i+1 < len(text) && text[i+1] == '\'':
			i += 2
		case quote == '"' && c == '\\':
			i += 2
		case c == quote:
			return i + 1, true
		default:
			i++
		}
	}
	return i, false
}

// blockIndicator reads the block scalar indicator (| or >) at text[i] with its indentation and
// chomping indicators, and returns the offset after them and whether they make a block scalar
// header: nothing may follow but a comment after a blank.
func blockIndicator(text string, i int) (int, bool) {
	j := i + 1
	for j < len(text) && (text[j] == '+' || text[j] == '-' || (text[j] >= '0' && text[j] <= '9')) {
		j++
	}
	rest := strings.TrimLeft(text[j:], " \t")
	return j, rest == "" || (rest[0] == '#' && j < len(text) && (text[j] == ' ' || text[j] == '\t'))
}

// ParseDirectives returns the directives of src, in file order, with the lines each ignore
// covers. It never fails: a malformed directive is returned with what could be read of it
// (the directive rules report it). It costs time in proportion to the file, whatever the number
// of directives and the lines they cover.
func ParseDirectives(src *source.Source) []*Directive {
	if !bytes.Contains(src.Data, []byte(directivePrefix)) {
		return nil
	}
	comments, lines := scanComments(src)
	var cv *coverer
	var out []*Directive
	for _, c := range comments {
		d := parseDirective(src, c)
		if d == nil {
			continue
		}
		if d.Kind == DirectiveIgnore {
			if cv == nil {
				cv = newCoverer(lines)
			}
			d.Covers = cv.covers(c)
		}
		out = append(out, d)
	}
	return out
}

// parseDirective reads one comment; nil when it is not a directive. A directive is
// `# buildspec-lint KIND=VALUE[,VALUE...] [-- reason]`; a comment that merely mentions
// buildspec-lint ("# buildspec-lint is run in CI") is not one.
func parseDirective(src *source.Source, c comment) *Directive {
	text := string(src.Data[c.start+1 : c.end]) // after '#'
	body := strings.TrimLeft(text, " \t")
	if !strings.HasPrefix(body, directivePrefix) {
		return nil
	}
	rest := body[len(directivePrefix):]
	if rest == "" || (rest[0] != ' ' && rest[0] != '\t') {
		return nil
	}
	restOff := c.start + 1 + (len(text) - len(body)) + len(directivePrefix) // file offset of rest
	spec, reason := rest, ""
	if i := reasonSep(rest); i >= 0 {
		spec, reason = rest[:i], strings.TrimSpace(rest[i+2:])
	}
	eq := strings.IndexByte(spec, '=')
	if eq < 0 {
		return nil
	}
	kind := strings.TrimSpace(spec[:eq])
	if kind == "" || strings.ContainsAny(kind, " \t") {
		return nil
	}
	d := &Directive{Kind: kind, Reason: reason, Range: src.Range(c.start, c.end)}
	// Values are comma-separated; blanks around them are tolerated. Past MaxDirectiveNames
	// they are counted, not kept.
	list, off := spec[eq+1:], eq+1
	for {
		part, more := list, false
		if i := strings.IndexByte(list, ','); i >= 0 {
			part, list, more = list[:i], list[i+1:], true
		}
		if v := strings.TrimSpace(part); v != "" {
			s := restOff + off + strings.Index(part, v)
			if len(d.Values) < MaxDirectiveNames {
				d.Values = append(d.Values, v)
				d.ValueRanges = append(d.ValueRanges, src.Range(s, s+len(v)))
			} else {
				if d.Dropped == 0 {
					d.DroppedRange = src.Range(s, s+len(v))
				}
				d.Dropped++
			}
		}
		if !more {
			break
		}
		off += len(part) + 1
	}
	return d
}

// reasonSep returns the index of the "--" that starts the reason (at the start or after a
// blank), or -1.
func reasonSep(s string) int {
	for i := 0; i+1 < len(s); i++ {
		if s[i] == '-' && s[i+1] == '-' && (i == 0 || s[i-1] == ' ' || s[i-1] == '\t') {
			return i
		}
	}
	return -1
}

// coverer computes the lines ignore comments cover. It finds the next content line of any line
// in one step and remembers how far each covered line extends, so that many directives (above
// one long list item, say) cost no more than one.
type coverer struct {
	lines []lineInfo
	// next[l] is the first content line after line l (0: none).
	next []int
	// last[t] is the last line covered when line t is covered (t's item, block or continuation).
	last map[int]int
}

func newCoverer(lines []lineInfo) *coverer {
	next := make([]int, len(lines))
	for l := len(lines) - 2; l >= 0; l-- {
		if lines[l+1].kind == lineContent {
			next[l] = l + 1
		} else {
			next[l] = next[l+1]
		}
	}
	return &coverer{lines: lines, next: next, last: map[int]int{}}
}

// covers returns the lines an ignore comment applies to.
func (cv *coverer) covers(c comment) []LineSpan {
	lines := cv.lines
	own := LineSpan{c.line, c.line}
	target := c.line
	if c.own {
		target = cv.next[c.line]
		// A shell comment line covers the next line of its own block only.
		if target > 0 && c.shell && lines[target].block != lines[c.line].block {
			target = 0
		}
		if target == 0 {
			return []LineSpan{own}
		}
	}
	span := LineSpan{target, cv.extent(target)}
	if span.First == c.line || span.First == c.line+1 {
		return []LineSpan{{c.line, span.Last}}
	}
	return []LineSpan{own, span}
}

// extent returns the last line covered along with the content line target: its continuation
// lines in a block scalar, or the block scalar or list item it opens.
func (cv *coverer) extent(target int) int {
	if last, ok := cv.last[target]; ok {
		return last
	}
	lines := cv.lines
	t := lines[target]
	last := target
	switch {
	case t.block > 0:
		// A shell line continued with a backslash: cover its continuation lines.
		for l := target; l < len(lines)-1 && lines[l+1].block == t.block; l++ {
			if !lines[l].cont {
				break
			}
			last = l + 1
		}
	default:
		if t.blockEnd > 0 {
			last = t.blockEnd
		}
		if t.item >= 0 {
			for l := target + 1; l < len(lines); l++ {
				if lines[l].kind == lineBlank {
					continue
				}
				if lines[l].indent <= t.item {
					break
				}
				last = max(last, l)
			}
		}
	}
	cv.last[target] = last
	return last
}

// attachDirectives gives each document the directives written in it (file-wide ones too: the
// linter applies those to the whole file, so they are attached once, not once per document).
func attachDirectives(src *source.Source, docs []*Buildspec) {
	ds := ParseDirectives(src)
	if len(ds) == 0 || len(docs) == 0 {
		return
	}
	// Directives and documents are both in file order: the owner of a directive is the first
	// document that ends at or after it (the last one when none does).
	j := 0
	for _, d := range ds {
		for j < len(docs) && !(docs[j].Root.IsValid() && docs[j].Root.End.Line >= d.Range.Start.Line) {
			j++
		}
		owner := docs[len(docs)-1]
		if j < len(docs) {
			owner = docs[j]
		}
		owner.Directives = append(owner.Directives, d)
	}
}

// FileDirectives returns the directives of a file's documents, in file order.
func FileDirectives(docs []*Buildspec) []*Directive {
	var out []*Directive
	for _, b := range docs {
		out = append(out, b.Directives...)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Range.Start.Offset < out[j].Range.Start.Offset })
	return out
}
