package lint

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
)

// This file finds `# buildspec-lint ...` directives in a file's comments and applies the ignores
// among them. A directive is a YAML comment, or a shell comment line inside a literal (`|`)
// block scalar (there `#` is shell text, which the shell skips the same way):
//
//	# buildspec-lint ignore=BSL101,per-run-install -- the image lags behind, see #123
//	# buildspec-lint ignore-file=BSL102 -- generated file
//	# buildspec-lint image=ci
//
// An ignore on a line of its own covers the next line that is not blank or a comment (and, when
// that line opens a list item or a block scalar, the whole item or block); an ignore after
// content covers its own line (with the same extension). ignore-file covers the whole file.

// The IDs of the rules about directives (their Rule values live in package rules). The linter
// itself reports RuleUnusedIgnore, since only it knows which findings an ignore suppressed.
const (
	RuleIgnoreWithoutReason = "BSL901"
	RuleUnusedIgnore        = "BSL902"
	RuleUnknownIgnoredRule  = "BSL903"
	RuleInvalidDirective    = "BSL904"
)

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
// whether a `#` is a comment. lines is indexed by line number (lines[0] is unused).
func scanComments(src *Source) (comments []comment, lines []lineInfo) {
	n := src.Lines()
	lines = make([]lineInfo, n+1)
	var (
		quote       byte // the open quote of a multi-line quoted scalar, 0 outside one
		flow        int  // depth of flow collections
		blockHeader int  // line of the open block scalar's header, 0 outside one
		blockParent int  // indentation the block's content must exceed
		blockLit    bool // the open block is literal (|), not folded (>)
	)
	for ln := 1; ln <= n; ln++ {
		text := src.Line(ln)
		base := src.lineStart(ln)
		indent := len(text) - len(strings.TrimLeft(text, " "))
		info := &lines[ln]
		info.indent, info.item = indent, -1
		if strings.TrimSpace(text) == "" {
			continue
		}
		if blockHeader > 0 {
			if indent > blockParent {
				info.block = blockHeader
				lines[blockHeader].blockEnd = ln
				info.kind = lineContent
				info.cont = strings.HasSuffix(strings.TrimRight(text, " \t"), "\\")
				if blockLit && text[indent] == '#' {
					info.kind = lineComment
					comments = append(comments, comment{line: ln, start: base + indent,
						end: base + len(strings.TrimRight(text, " \t")), own: true, shell: true})
				}
				continue
			}
			blockHeader = 0
		}
		info.kind = lineContent
		if quote == 0 && (strings.HasPrefix(text, "---") || strings.HasPrefix(text, "...")) &&
			(len(text) == 3 || text[3] == ' ' || text[3] == '\t') {
			flow = 0
			if i := strings.Index(text, " #"); i >= 0 {
				comments = append(comments, comment{line: ln, start: base + i + 1, end: base + len(strings.TrimRight(text, " \t"))})
			}
			continue
		}
		atStart := quote == 0 // at a place where a node may start
		prevSpace := true
		keyCol, dashCol := -1, -1
		scalarCol := -1
		header := false
		for i := 0; i < len(text); {
			c := text[i]
			if quote != 0 {
				switch {
				case quote == '\'' && c == '\'' && i+1 < len(text) && text[i+1] == '\'':
					i += 2
				case quote == '"' && c == '\\':
					i += 2
				case c == quote:
					quote = 0
					i++
					prevSpace = false
				default:
					i++
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
				comments = append(comments, comment{line: ln, start: base + i, end: base + len(strings.TrimRight(text, " \t")), own: own})
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
				quote = c
				scalarCol = i
				atStart = false
				i++
			case atStart && (c == '[' || c == '{'):
				flow++
				i++
			case atStart && (c == '&' || c == '!'):
				for i < len(text) && text[i] != ' ' && text[i] != '\t' {
					i++
				}
			case atStart && flow == 0 && (c == '|' || c == '>'):
				j := i + 1
				for j < len(text) && (text[j] == '+' || text[j] == '-' || (text[j] >= '0' && text[j] <= '9')) {
					j++
				}
				rest := strings.TrimLeft(text[j:], " \t")
				if rest == "" || (rest[0] == '#' && j < len(text) && (text[j] == ' ' || text[j] == '\t')) {
					header = true
					blockLit = c == '|'
					switch {
					case keyCol >= 0:
						blockParent = keyCol
					case dashCol >= 0:
						blockParent = dashCol
					default:
						blockParent = indent - 1
					}
				}
				atStart = false
				i = j
			case c == ':' && (spaceNext || (flow > 0 && i+1 < len(text) && strings.IndexByte(",]}", text[i+1]) >= 0)):
				if scalarCol >= 0 {
					keyCol = scalarCol
				}
				atStart = true
				scalarCol = -1
				i++
			case flow > 0 && c == ',':
				atStart = true
				scalarCol = -1
				i++
			case flow > 0 && (c == ']' || c == '}'):
				flow--
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
			blockHeader = ln
		}
	}
	return comments, lines
}

// ParseDirectives returns the directives of src, in file order, with the lines each ignore
// covers. It never fails: a malformed directive is returned with what could be read of it
// (the rules of BSL9xx report it).
func ParseDirectives(src *Source) []*Directive {
	if !bytes.Contains(src.Data, []byte(directivePrefix)) {
		return nil
	}
	comments, lines := scanComments(src)
	var out []*Directive
	for _, c := range comments {
		d := parseDirective(src, c)
		if d == nil {
			continue
		}
		if d.Kind == DirectiveIgnore {
			d.Covers = covers(c, lines)
		}
		out = append(out, d)
	}
	return out
}

// parseDirective reads one comment; nil when it is not a directive. A directive is
// `# buildspec-lint KIND=VALUE[,VALUE...] [-- reason]`; a comment that merely mentions
// buildspec-lint ("# buildspec-lint is run in CI") is not one.
func parseDirective(src *Source, c comment) *Directive {
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
	// Values are comma-separated; blanks around them are tolerated.
	off := eq + 1
	for _, part := range strings.Split(spec[eq+1:], ",") {
		v := strings.TrimSpace(part)
		if v != "" {
			s := restOff + off + strings.Index(part, v)
			d.Values = append(d.Values, v)
			d.ValueRanges = append(d.ValueRanges, src.Range(s, s+len(v)))
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

// covers returns the lines an ignore comment applies to.
func covers(c comment, lines []lineInfo) []int {
	out := []int{c.line}
	target := c.line
	if c.own {
		target = 0
		for l := c.line + 1; l < len(lines); l++ {
			if lines[l].kind == lineContent {
				target = l
				break
			}
		}
		// A shell comment line covers the next line of its own block only.
		if target > 0 && c.shell && lines[target].block != lines[c.line].block {
			target = 0
		}
		if target == 0 {
			return out
		}
		if target != c.line {
			out = append(out, target)
		}
	}
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
				last = l
			}
		}
	}
	for l := target + 1; l <= last; l++ {
		out = append(out, l)
	}
	return out
}

// attachDirectives gives each document the directives written in it: ignore directives go to
// the document they are written in, file-wide ones (ignore-file, image) to every document.
func attachDirectives(src *Source, docs []*Buildspec) {
	ds := ParseDirectives(src)
	if len(ds) == 0 || len(docs) == 0 {
		return
	}
	for _, d := range ds {
		if d.Kind != DirectiveIgnore {
			for _, b := range docs {
				b.Directives = append(b.Directives, d)
			}
			continue
		}
		owner := docs[len(docs)-1]
		for _, b := range docs {
			if b.Root.IsValid() && b.Root.End.Line >= d.Range.Start.Line {
				owner = b
				break
			}
		}
		owner.Directives = append(owner.Directives, d)
	}
}

// fileDirectives returns the directives of a file's documents, each once (file-wide ones are
// attached to every document), in file order.
func fileDirectives(docs []*Buildspec) []*Directive {
	var out []*Directive
	seen := map[*Directive]bool{}
	for _, b := range docs {
		for _, d := range b.Directives {
			if !seen[d] {
				seen[d] = true
				out = append(out, d)
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Range.Start.Offset < out[j].Range.Start.Offset })
	return out
}

// applyIgnores drops the findings that the file's directives ds suppress (marking them Used),
// and reports the ignores that suppressed nothing (RuleUnusedIgnore, when that rule is in rules
// and enabled).
func applyIgnores(src *Source, ds []*Directive, fs []*Finding, rules RuleSet, settings *FileSettings) []*Finding {
	if len(ds) == 0 {
		return fs
	}
	if settings == nil {
		settings = &FileSettings{}
	}
	enabled := settings.enabled
	type key struct {
		d *Directive
		i int
	}
	used := map[key]bool{}
	ids := map[key]string{}
	for _, d := range ds {
		if d.Kind != DirectiveIgnore && d.Kind != DirectiveIgnoreFile {
			continue
		}
		for i, v := range d.Values {
			if r := rules.Lookup(v); r != nil {
				ids[key{d, i}] = r.ID
			}
		}
	}
	out := fs[:0]
	for _, f := range fs {
		suppressed := false
		if id := f.RuleID(); id != "" {
			line := f.Range.Start.Line
			for _, d := range ds {
				if d.Kind == DirectiveIgnore && !coversLine(d, line) || d.Kind != DirectiveIgnore && d.Kind != DirectiveIgnoreFile {
					continue
				}
				for i := range d.Values {
					if ids[key{d, i}] == id {
						used[key{d, i}] = true
						d.Used = true
						suppressed = true
					}
				}
			}
		}
		if !suppressed {
			out = append(out, f)
		}
	}
	unused := rules.Lookup(RuleUnusedIgnore)
	if unused == nil || !enabled(unused.ID) {
		return out
	}
	sev := settings.severity(unused.ID, unused.Severity)
	for _, d := range ds {
		if d.Kind != DirectiveIgnore && d.Kind != DirectiveIgnoreFile {
			continue
		}
		// Unknown rules are BSL903's; ignores of rules the config turns off are not stale.
		var stale []int
		known := 0
		for i := range d.Values {
			id, ok := ids[key{d, i}]
			if !ok || !enabled(id) {
				continue
			}
			known++
			if !used[key{d, i}] {
				stale = append(stale, i)
			}
		}
		if len(stale) == 0 {
			continue
		}
		f := &Finding{Path: src.Path, Rule: unused, Severity: sev, Source: src}
		if len(stale) == known && !d.Used {
			f.Range = d.Range
			f.Message = fmt.Sprintf("this %s directive suppressed no finding: remove it (or check the rule and the line it is on)", d.Kind)
		} else {
			i := stale[0]
			f.Range = d.ValueRanges[i]
			names := make([]string, len(stale))
			for k, i := range stale {
				names[k] = d.Values[i]
			}
			f.Message = fmt.Sprintf("%s suppressed no finding here: remove it from this %s directive", strings.Join(names, ", "), d.Kind)
		}
		out = append(out, f)
	}
	return out
}

// coversLine reports whether an ignore directive covers line.
func coversLine(d *Directive, line int) bool {
	for _, l := range d.Covers {
		if l == line {
			return true
		}
	}
	return false
}
