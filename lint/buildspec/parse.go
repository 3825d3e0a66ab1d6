package buildspec

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/buildspec-lint/buildspec-lint/internal/lazyregexp"
	"github.com/buildspec-lint/buildspec-lint/internal/suggest"
	"github.com/buildspec-lint/buildspec-lint/lint/finding"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// Limits bounds what the parser accepts, so hostile input costs bounded time and memory. A zero
// field takes its value from DefaultLimits. What goes over a limit is reported as a problem of
// that layer (YAMLSyntax, ShellSyntax) and the rest is still read.
type Limits struct {
	// MaxAliasDepth bounds how many aliases and merge keys are followed in a chain.
	MaxAliasDepth int
	// MaxNodes bounds the number of values reached through aliases and merge keys in one
	// document (alias bombs, "billion laughs"). Config: limits.max-alias-nodes.
	MaxNodes int
	// MaxCommands bounds the commands of one document that are read; the rest are not
	// checked. Config: limits.max-commands.
	MaxCommands int
	// MaxFindings bounds the problems of one kind in one document that are kept in Problems (the
	// rest are only counted, in OverProblems), as the linter bounds the findings of one rule in
	// one file that are shown. Config: limits.max-findings-per-rule.
	MaxFindings int
}

// DefaultLimits are the limits used when none are given. Real buildspecs have a few hundred
// values and commands at most; these leave two orders of magnitude of room.
var DefaultLimits = Limits{MaxAliasDepth: 32, MaxNodes: 100_000, MaxCommands: 20_000, MaxFindings: 1000}

// MaxLimits are the largest values a limit can be raised to: past them no file of the largest
// size allowed (fsutil.MaxFileSizeLimit) could fit in memory. Larger values are clamped to them.
var MaxLimits = Limits{MaxAliasDepth: 32, MaxNodes: 10_000_000, MaxCommands: 1_000_000, MaxFindings: 100_000}

// WithDefaults fills the zero fields of l from DefaultLimits and clamps the others to MaxLimits.
func (l Limits) WithDefaults() Limits {
	if l.MaxAliasDepth <= 0 {
		l.MaxAliasDepth = DefaultLimits.MaxAliasDepth
	}
	if l.MaxNodes <= 0 {
		l.MaxNodes = DefaultLimits.MaxNodes
	}
	if l.MaxCommands <= 0 {
		l.MaxCommands = DefaultLimits.MaxCommands
	}
	if l.MaxFindings <= 0 {
		l.MaxFindings = DefaultLimits.MaxFindings
	}
	l.MaxAliasDepth = min(l.MaxAliasDepth, MaxLimits.MaxAliasDepth)
	l.MaxNodes = min(l.MaxNodes, MaxLimits.MaxNodes)
	l.MaxCommands = min(l.MaxCommands, MaxLimits.MaxCommands)
	l.MaxFindings = min(l.MaxFindings, MaxLimits.MaxFindings)
	return l
}

// Parse reads every YAML document of src into a Buildspec. It never fails: syntax errors and
// schema problems become Problems of the returned documents, and a file that is not valid YAML
// is read as far as it can be, so that the rest of it is still linted.
func Parse(src *source.Source) []*Buildspec {
	return ParseWithLimits(src, DefaultLimits)
}

// ParseWithLimits is Parse with explicit limits.
func ParseWithLimits(src *source.Source, lim Limits) []*Buildspec {
	lim = lim.WithDefaults()
	if len(bytes.TrimSpace(src.Data)) == 0 || onlyComments(src) {
		b := &Buildspec{Source: src}
		b.problem(InvalidDocument, src.Range(0, 0), "file is empty: a buildspec needs version and phases")
		out := []*Buildspec{b}
		attachDirectives(src, out)
		return out
	}
	var tabs []Problem
	tabs = tabIndents(src)
	// Past MaxYAMLValues the rest of the file is not read (the YAML library's tree of it would
	// not fit in the memory a file may cost).
	data, truncated := src.Data, false
	cut := -1
	if len(src.Data)*maxValuesPerByte > MaxYAMLValues { // else the count cannot reach it
		cut = valueBudget(src, MaxYAMLValues)
	}
	if cut >= 0 {
		data, truncated = src.Data[:cut], true
	}
	nodes, synErr := decodeAll(data)
	if synErr != nil {
		// yaml v3 often names the line where the enclosing block started, not the line that
		// broke it: find the first line whose inclusion breaks the file.
		synErr.line = locateSyntaxError(src, synErr.line, synErr.msg)
		if synErr.line <= 0 {
			// yaml's reader names no line for bytes it refuses: point at the first one.
			if off := badByte(src.Data, synErr.msg); off >= 0 {
				synErr.off, synErr.line = off, src.Pos(off).Line
			}
		}
		// Read the part before the error, so the rest of the rules still see something.
		if line := synErr.line; line > 1 {
			cut := src.LineStart(line)
			if partial, err := decodeAll(src.Data[:cut]); err == nil && len(partial) >= len(nodes) {
				nodes, truncated = partial, true
			}
		}
	}
	spaces := missingSpaces(src, nodes, synErr)
	var out []*Buildspec
	for i, n := range nodes {
		p := &parser{src: src, lim: lim}
		b := p.document(n, i)
		out = append(out, b)
	}
	foreignDocuments(out)
	if truncated && len(out) > 0 {
		// The document was cut at the syntax error: what it seems to miss may come after the cut,
		// and a command that reaches the cut may go on past it (its shell error is the YAML
		// error's, not one of its own).
		last := out[len(out)-1]
		var cutLine int // the last line read: before the syntax error, or before the values budget ran out
		if synErr != nil {
			cutLine = lastContentLine(src, synErr.line)
		} else {
			cutLine = lastContentLine(src, src.Pos(cut).Line)
		}
		kept := last.Problems[:0]
		for _, pr := range last.Problems {
			if pr.Kind == MissingKey || pr.Kind == EmptyPhase {
				continue
			}
			if pr.Kind == ShellSyntax && reachesCut(last, pr.Range, cutLine) {
				continue
			}
			kept = append(kept, pr)
		}
		last.Problems = kept
		over := last.OverProblems[:0]
		for _, pr := range last.OverProblems {
			if pr.Kind != MissingKey && pr.Kind != EmptyPhase {
				over = append(over, pr)
			}
		}
		last.OverProblems = over
	}
	if len(out) == 0 {
		out = append(out, &Buildspec{Source: src, maxProblems: lim.MaxFindings})
	}
	if synErr != nil {
		last := out[len(out)-1]
		rng := src.LineRange(synErr.line)
		if synErr.off >= 0 {
			rng = src.Range(synErr.off, synErr.off+1)
		} else if synErr.line <= 0 {
			rng = src.Range(0, 0)
		} else {
			// Cover the line's content: from its first non-blank character to before a trailing comment.
			text := src.Line(synErr.line)
			ind := len(text) - len(strings.TrimLeft(text, " \t"))
			s := src.LineStart(synErr.line) + ind
			rng = src.Range(s, s+len(strings.TrimRight(text[ind:commentStart(text, ind)], " \t")))
		}
		// A tab problem explains the syntax error better than yaml's message.
		explained := false
		for _, t := range tabs {
			if t.Range.Start.Line == synErr.line || strings.Contains(synErr.msg, "cannot start any token") || strings.Contains(synErr.msg, "tab character") {
				explained = true
				break
			}
		}
		for _, sp := range spaces {
			// "version:0.2" made the parser stop on its line or the next one.
			if l := sp.Range.Start.Line; synErr.line == l || synErr.line == l+1 {
				explained = true
			}
		}
		hint := syntaxHint(synErr.msg)
		if strings.Contains(synErr.msg, "mapping values are not allowed") && synErr.line > 0 && endsInColon(src.Line(synErr.line)) {
			hint = " (the line ends with \":\", which YAML reads as a key where a value goes on: quote the whole value)"
		}
		if synErr.line > 0 && !strings.Contains(synErr.msg, "escape") {
			if q, ok := quoteEndsEarly(src.Line(synErr.line)); ok && q == '\'' {
				hint = " (a ' inside the single-quoted value ends it early: write it twice, as in 'it''s', or quote the value with \" instead)"
			} else if ok {
				hint = " (a \" inside the double-quoted value ends it early: write it as \\\", or quote the value with ' instead)"
			}
		}
		msg := "invalid YAML: " + synErr.msg + hint
		if strings.Contains(synErr.msg, "unknown escape character") && synErr.line > 0 {
			// Name the escape: "\*" in "**\*" is not one of YAML's.
			if at, quoted := badEscape(src.Line(synErr.line)); at >= 0 {
				s := src.LineStart(synErr.line) + at
				rng = src.Range(s, s+2)
				msg = badEscapeMessage(src.Line(synErr.line)[at:at+2], quoted)
			}
		}
		if !explained {
			last.problem(YAMLSyntax, rng, msg+"; CodeBuild rejects the file with YAML_FILE_ERROR")
		}
	}
	if len(spaces) > 0 {
		dropExplained(out, spaces)
		out[len(out)-1].Problems = append(out[len(out)-1].Problems, spaces...)
	}
	for _, t := range tabs {
		out[len(out)-1].problem(t.Kind, t.Range, t.Message)
	}
	if cut >= 0 {
		// Report at the first line not read.
		out[len(out)-1].problem(YAMLSyntax, src.LineRange(src.Pos(cut).Line), fmt.Sprintf("the file holds more than %d YAML values and shell commands (a buildspec holds a few hundred): from this line on it is not read", MaxYAMLValues))
	}
	attachDirectives(src, out)
	return out
}

// yamlEscapes are the characters that may follow a backslash in a double-quoted YAML string
// (YAML 1.2, 5.7 "Escaped Characters").
const yamlEscapes = "0abt\tnvfre \"/\\N_LPxuU"

// badEscape returns the index in line of the first backslash, inside a double-quoted string,
// that does not start a YAML escape, and that string's content; -1 when there is none. A line
// that continues a quoted string from the line above is not read (its quotes are not known).
func badEscape(line string) (int, string) {
	var q byte
	start := 0
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case q == '"' && c == '\\':
			if i+1 < len(line) && !strings.ContainsRune(yamlEscapes, rune(line[i+1])) && line[i+1] != '\r' {
				end := strings.IndexByte(line[i+1:], '"')
				if end < 0 {
					end = len(line)
				} else {
					end += i + 1
				}
				return i, line[start:end]
			}
			i++
		case q != 0:
			if c == q {
				q = 0
			}
		case c == '"' || c == '\'':
			q, start = c, i+1
		case c == '#' && (i == 0 || line[i-1] == ' '):
			return -1, ""
		}
	}
	return -1, ""
}

// badEscapeMessage says what to write instead of the escape esc ("\*") found in the
// double-quoted string content quoted.
func badEscapeMessage(esc, quoted string) string {
	msg := fmt.Sprintf(`invalid YAML: "%s" is not an escape YAML knows in a double-quoted string`, esc)
	if !strings.Contains(quoted, "'") && !strings.Contains(quoted, "\\\\") {
		return msg + fmt.Sprintf(": write the value in single quotes, where \\ is a plain character ('%s'), or double the backslash", quoted)
	}
	return msg + ": double the backslash, or write the value in single quotes, where \\ is a plain character"
}

// missingSpaces finds lines such as "version:0.2": a buildspec key followed by ":" and its value
// with no space between, which YAML reads as one string instead of a key and its value (the
// parser then reports a string where a mapping belongs, or stops on that line or the next). A
// line counts when YAML read it as a scalar of its own, or stopped there: the same text inside
// a multi-line command is shell.
func missingSpaces(src *source.Source, nodes []*yaml.Node, synErr *syntaxError) []Problem {
	found := false
	for n := 1; n <= src.Lines() && !found; n++ {
		if mayLackSpace(src.Data[src.LineStart(n):max(src.LineStart(n), src.LineEnd(n))]) {
			_, _, found = keyWithoutSpace(strings.TrimLeft(src.Line(n), " "))
		}
	}
	if !found {
		return nil // the common case: no line looks like one, and no block scalars to track
	}
	var out []Problem
	var scalars map[[2]int]string // by line and column, filled on the first candidate
	yamlLines(src, func(n int, trimmed string, ind int) bool {
		opens := opensBlock(trimmed)
		key, value, ok := keyWithoutSpace(trimmed)
		if !ok {
			return opens
		}
		stopped := synErr != nil && (synErr.line == n || synErr.line == n+1)
		if !stopped {
			if scalars == nil {
				scalars = scalarsAt(nodes)
			}
			if v, ok := scalars[[2]int{n, ind + 1}]; !ok || v != key+":"+value {
				return opens
			}
		}
		s := src.LineStart(n) + ind
		out = append(out, Problem{Kind: YAMLSyntax, Range: src.Range(s, s+len(key)+1+len(value)),
			Message: fmt.Sprintf("a space is missing after %q: YAML reads %q as one string, not a key and its value; write %q",
				key+":", key+":"+value, key+": "+value)})
		return opens
	})
	return out
}

// yamlLines calls f with each line of src that is YAML, not the content of a block scalar: its
// number, its text after the leading spaces and its indentation. f reports whether the line opens
// a block scalar, whose content lines are then passed over.
func yamlLines(src *source.Source, f func(n int, trimmed string, ind int) (opensBlock bool)) {
	blockIndent := -1 // indentation of the line that opened a block scalar, -1 outside one
	for n := 1; n <= src.Lines(); n++ {
		line := src.Line(n)
		trimmed := strings.TrimLeft(line, " ")
		ind := len(line) - len(trimmed)
		if blockIndent >= 0 {
			if strings.TrimSpace(line) == "" || ind > blockIndent {
				continue
			}
			blockIndent = -1
		}
		if f(n, trimmed, ind) {
			blockIndent = ind
		}
	}
}

// scalarsAt returns the values of the plain scalars of nodes by their line and column (aliases
// are not followed).
func scalarsAt(nodes []*yaml.Node) map[[2]int]string {
	m := map[[2]int]string{}
	stack := append([]*yaml.Node(nil), nodes...)
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if n == nil {
			continue
		}
		if n.Kind == yaml.ScalarNode && n.Style == 0 {
			m[[2]int{n.Line, n.Column}] = n.Value
		}
		stack = append(stack, n.Content...)
	}
	return m
}

// keyWithoutSpace reports whether a line (without its indentation) is a buildspec key, ":" and a
// value with no blank after the colon ("version:0.2"), and returns the key and the value
// (without a trailing comment).
func keyWithoutSpace(t string) (key, value string, ok bool) {
	key, value, ok = strings.Cut(t, ":")
	if !ok || value == "" || value[0] == ' ' || value[0] == '\t' || value[0] == ':' || value[0] == '\r' || !schemaKeys[key] {
		return "", "", false
	}
	value = strings.TrimRight(value[:commentStart(value, 0)], " \t\r")
	return key, value, value != ""
}

// mayLackSpace is keyWithoutSpace's test of the key and the byte after its colon, on a line's
// bytes, without copying the line: most lines fail it, and only those that pass are copied.
func mayLackSpace(line []byte) bool {
	t := bytes.TrimLeft(line, " ")
	i := bytes.IndexByte(t, ':')
	if i < 0 || i+1 >= len(t) {
		return false
	}
	switch t[i+1] {
	case ' ', '\t', ':', '\r':
		return false
	}
	return schemaKeys[string(t[:i])]
}

// schemaKeys are every key the schema knows, in any section.
var schemaKeys = func() map[string]bool {
	m := map[string]bool{}
	for section, keys := range schema {
		if section != "" {
			m[section] = true
		}
		for _, k := range keys {
			m[k] = true
		}
	}
	for _, k := range batchKeys {
		m[k] = true
	}
	return m
}()

// dropExplained removes the problems that a missing space after a key explains: a string where
// a mapping belongs, starting on the same line.
func dropExplained(out []*Buildspec, spaces []Problem) {
	lines := map[int]bool{}
	for _, sp := range spaces {
		lines[sp.Range.Start.Line] = true
	}
	for _, b := range out {
		kept := b.Problems[:0]
		for _, pr := range b.Problems {
			if (pr.Kind == InvalidDocument || pr.Kind == WrongType) && lines[pr.Range.Start.Line] {
				continue
			}
			kept = append(kept, pr)
		}
		b.Problems = kept
	}
}

// lastContentLine returns the last line before line that holds more than blanks and a comment
// (0 when there is none).
func lastContentLine(src *source.Source, line int) int {
	for l := line - 1; l >= 1; l-- {
		if t := strings.TrimSpace(src.Line(l)); t != "" && !strings.HasPrefix(t, "#") {
			return l
		}
	}
	return 0
}

// reachesCut reports whether rng lies in a command of b whose text ends on line cut or later.
func reachesCut(b *Buildspec, rng source.Range, cut int) bool {
	for _, c := range b.CommandsInOrder() {
		if c.Range.End.Line >= cut && c.Range.Start.Offset <= rng.Start.Offset && rng.Start.Offset <= c.Range.End.Offset {
			return true
		}
	}
	return false
}

// locateSyntaxError returns the first line at or after line (yaml's guess) such that the file
// up to and including it fails with the same message, found by bisection (log2(lines) decodes);
// line itself when no later line qualifies.
func locateSyntaxError(src *source.Source, line int, msg string) int {
	if line < 1 || line >= src.Lines() {
		return line
	}
	fails := func(l int) bool {
		end := len(src.Data)
		if l < src.Lines() {
			end = src.LineStart(l + 1)
		}
		_, err := decodeAll(src.Data[:end])
		return err != nil && err.msg == msg
	}
	if fails(line) {
		return line
	}
	lo, hi := line, src.Lines() // fails(lo) is false; hi is where the whole file fails
	if !fails(hi) {
		return line
	}
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		if fails(mid) {
			hi = mid
		} else {
			lo = mid
		}
	}
	return hi
}

// badByte returns the offset of the first byte that makes yaml's reader fail with msg (invalid
// UTF-8 or a control character), or -1.
func badByte(data []byte, msg string) int {
	utf := strings.Contains(msg, "UTF-8")
	ctl := strings.Contains(msg, "control characters")
	if !utf && !ctl {
		return -1
	}
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if utf && r == utf8.RuneError && n == 1 {
			return i
		}
		// YAML 1.2 printable: tab, LF, CR, 0x20-0x7E, 0x85, 0xA0 and up (without surrogates, FFFE, FFFF).
		if ctl && (r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0x7F || r >= 0x80 && r < 0xA0 && r != 0x85 || r == 0xFFFE || r == 0xFFFF) {
			return i
		}
		i += n
	}
	return -1
}

// commentStart returns the byte index of a trailing " #" comment in a YAML line, outside quotes,
// or len(line).
func commentStart(line string, from int) int {
	var q byte
	for i := from; i < len(line); i++ {
		c := line[i]
		switch {
		case q != 0:
			if c == q {
				q = 0
			} else if c == '\\' && q == '"' {
				i++
			}
		case c == '"' || c == '\'':
			if i == from || line[i-1] == ' ' || line[i-1] == '[' || line[i-1] == ',' || line[i-1] == '{' {
				q = c
			}
		case c == '#' && (i == from || line[i-1] == ' ' || line[i-1] == '\t'):
			return i
		}
	}
	return len(line)
}

// endsInColon reports whether a YAML line's value ends with ":" and holds no ": " of its own:
// the line's own key ("commands: ") and "- " do not count.
func endsInColon(line string) bool {
	t := strings.TrimSpace(line)
	t = strings.TrimSpace(t[:commentStart(t, 0)])
	t = strings.TrimPrefix(t, "- ")
	if k, rest, ok := strings.Cut(t, ": "); ok && !strings.ContainsAny(k, " \"'") {
		t = strings.TrimSpace(rest) // past the line's own key
	}
	return strings.HasSuffix(t, ":") && !strings.Contains(t, ": ")
}

// syntaxHint says what usually causes a yaml error message.
func syntaxHint(msg string) string {
	switch {
	case strings.Contains(msg, "did not find expected key"), strings.Contains(msg, "did not find expected '-' indicator"):
		return " (check this line's indentation against the lines above it)"
	case strings.Contains(msg, "mapping values are not allowed"):
		return " (a value holds \": \": quote the whole value)"
	case strings.Contains(msg, "cannot start any token"):
		return " (a tab, or a character such as @ or ` that YAML reserves, starts a value: use spaces, or quote the value)"
	case strings.Contains(msg, "found unexpected end of stream"), strings.Contains(msg, "did not find expected ',' or"):
		return " (a quote or bracket opened on this line is never closed)"
	}
	return ""
}

// quoteEndsEarly reports whether a line's value (after "- " or "key: ") is a quoted scalar that
// closes before the value does, with more text after the closing quote: 'echo it's', where the
// quote inside ends the scalar. It returns the quote character.
func quoteEndsEarly(line string) (byte, bool) {
	t := strings.TrimLeft(line, " ")
	for strings.HasPrefix(t, "- ") {
		t = strings.TrimLeft(t[2:], " ")
	}
	if len(t) == 0 || t[0] != '\'' && t[0] != '"' {
		if i := strings.Index(t, ": "); i > 0 && t[0] != '#' {
			t = strings.TrimLeft(t[i+2:], " ")
		}
	}
	if len(t) < 2 || t[0] != '\'' && t[0] != '"' {
		return 0, false
	}
	q := t[0]
	for i := 1; i < len(t); i++ {
		switch {
		case q == '"' && t[i] == '\\':
			i++
		case q == '\'' && t[i] == '\'' && i+1 < len(t) && t[i+1] == '\'':
			i++
		case t[i] == q:
			rest := strings.TrimLeft(t[i+1:], " \t")
			return q, rest != "" && rest[0] != '#' && rest[0] != ',' && rest[0] != ']' && rest[0] != '}' && rest[0] != ':'
		}
	}
	return 0, false
}

func onlyComments(src *source.Source) bool {
	for i := 1; i <= src.Lines(); i++ {
		t := strings.TrimSpace(src.Line(i))
		if t != "" && !strings.HasPrefix(t, "#") && t != "---" && t != "..." {
			return false
		}
	}
	return true
}

type syntaxError struct {
	line int
	off  int // the offending byte when yaml names no line, or -1
	msg  string
}

var yamlLineRe = lazyregexp.New(`^yaml: line (\d+): (.*)$`)

func decodeAll(data []byte) (nodes []*yaml.Node, err *syntaxError) {
	defer func() {
		if r := recover(); r != nil { // the YAML library must never take the linter down
			err = &syntaxError{off: -1, msg: fmt.Sprint("YAML parser failed: ", r)}
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for {
		var n yaml.Node
		e := dec.Decode(&n)
		if errors.Is(e, io.EOF) {
			return nodes, nil
		}
		if e != nil {
			msg := e.Error()
			se := &syntaxError{off: -1, msg: strings.TrimPrefix(msg, "yaml: ")}
			if m := yamlLineRe().FindStringSubmatch(msg); m != nil {
				se.line, _ = strconv.Atoi(m[1])
				se.msg = m[2]
			}
			return nodes, se
		}
		nodes = append(nodes, &n)
	}
}

// tabIndents finds tabs in the indentation of YAML lines (outside block scalars' content, where
// a tab is text). CodeBuild rejects them: "found character that cannot start any token".
func tabIndents(src *source.Source) []Problem {
	if bytes.IndexByte(src.Data, '\t') < 0 {
		return nil // the common case, and the scan below costs as much as a third of the YAML decode
	}
	var out []Problem
	yamlLines(src, func(n int, trimmed string, ind int) bool {
		if strings.HasPrefix(trimmed, "\t") {
			s := src.LineStart(n) + ind
			out = append(out, Problem{Kind: TabIndentation, Range: src.Range(s, s+1),
				Message: "tab in indentation: YAML allows only spaces there and CodeBuild fails with \"found character that cannot start any token\"; indent with spaces"})
			return false
		}
		return opensBlock(trimmed)
	})
	return out
}

// opensBlock reports whether a line ends with a block scalar
// header: `|` or `>` with indicators and an optional comment, at the start of the line, after
// "- " or after a key's ": ". It is the regexp
// (^|[:\-]\s+|^-\s*)[|>][0-9+\-]*\s*(#.*)?$ by hand: compiling that cost one file 0.5 ms.
func opensBlock(t string) bool {
	for i := 0; i < len(t); i++ {
		if (t[i] == '|' || t[i] == '>') && blockHeaderAfter(t[i+1:]) && blockHeaderBefore(t[:i]) {
			return true
		}
	}
	return false
}

// blockHeaderAfter reports whether rest (what follows | or >) is [0-9+-]*\s*(#.*)?$.
func blockHeaderAfter(rest string) bool {
	rest = strings.TrimLeft(rest, "0123456789+-")
	rest = strings.TrimLeft(rest, " \t\n\f\r")
	return rest == "" || rest[0] == '#' && !strings.Contains(rest, "\n")
}

// blockHeaderBefore reports whether before (what precedes | or >) is empty, ends with [:-]\s+,
// or is -\s*.
func blockHeaderBefore(before string) bool {
	if before == "" {
		return true
	}
	trimmed := strings.TrimRight(before, " \t\n\f\r")
	if trimmed == "-" {
		return true
	}
	return len(trimmed) < len(before) && (trimmed != "" && (trimmed[len(trimmed)-1] == ':' || trimmed[len(trimmed)-1] == '-'))
}

// parser builds one document's model.
type parser struct {
	src   *source.Source
	lim   Limits
	spec  *Buildspec
	nodes int
	// overNodes and ncommands record the MaxNodes and MaxCommands limits being reached.
	overNodes bool
	ncommands int
	// aliasText counts the text reached through aliases against MaxAliasText (overText: past
	// it); sizes holds the text size of the collections measured.
	aliasText int
	overText  bool
	sizes     map[*yaml.Node]int
	// envKeys are the keys of env and environment_variables, for checkLegacyKeys.
	envKeys []Key
	// version is the document's version as written ("" when absent).
	version string
}

// problem records a problem of kind at rng, or only counts it past the cap of its kind.
func (b *Buildspec) problem(kind ProblemKind, rng source.Range, msg string) {
	msg = finding.ElideMessage(msg)
	if b.maxProblems > 0 {
		if b.nproblems[kind]++; b.nproblems[kind] > b.maxProblems {
			b.OverProblems = append(b.OverProblems, OverProblem{kind, rng.Start.Offset, rng.End.Offset,
				finding.Hash(rng.Start.Offset, rng.End.Offset, msg)})
			return
		}
	}
	b.Problems = append(b.Problems, Problem{Kind: kind, Range: rng, Message: msg})
}

func (p *parser) problem(kind ProblemKind, rng source.Range, format string, args ...any) {
	p.spec.problem(kind, rng, fmt.Sprintf(format, args...))
}

// resolve follows aliases. Every value reached through an alias counts against MaxNodes: past
// it, aliases resolve to nothing (an alias bomb is reported once, see countNodes).
func (p *parser) resolve(n *yaml.Node) *yaml.Node {
	alias := n
	for d := 0; n != nil && n.Kind == yaml.AliasNode; d++ {
		if d >= p.lim.MaxAliasDepth {
			return nil
		}
		n = n.Alias
	}
	if n != alias && n != nil && (!p.countNodes(alias, 1+len(n.Content)) || !p.countText(alias, n)) {
		return nil
	}
	return n
}

// MaxAliasText bounds the text (the bytes of every scalar, keys included) reached through
// aliases and merge keys in one document. MaxNodes counts values, whatever their size: without
// this bound one string of 2 MB used by 20,000 aliases is 40 GB for the parser and the rules
// to read.
const MaxAliasText = 4 << 20

// countText adds the text of n, reached through the alias or merge key at, to the document's
// count; it reports false, and reports the limit once, when the count is over MaxAliasText.
func (p *parser) countText(at, n *yaml.Node) bool {
	if p.aliasText += p.textSize(n, 0); p.aliasText <= MaxAliasText {
		return true
	}
	if !p.overText {
		p.overText = true
		off := p.src.Offset(at.Line, at.Column)
		p.problem(YAMLSyntax, p.src.Range(off, min(off+1+len(at.Value), len(p.src.Data))),
			"aliases and merge keys expand to more than %d MiB of text (an alias bomb?): the rest is not read; write the values out instead of reusing long ones", MaxAliasText>>20)
	}
	return false
}

// textSize returns the bytes of the scalars of n's tree, aliases followed, at most
// MaxAliasText+1 (also for a tree nested deeper than YAML allows). The size of each mapping and
// sequence is computed once per document.
func (p *parser) textSize(n *yaml.Node, depth int) int {
	const over = MaxAliasText + 1
	if n == nil {
		return 0
	}
	if depth > 10000 {
		return over
	}
	switch n.Kind {
	case yaml.ScalarNode:
		return len(n.Value)
	case yaml.AliasNode:
		return p.textSize(n.Alias, depth+1)
	}
	if size, ok := p.sizes[n]; ok {
		return size
	}
	if p.sizes == nil {
		p.sizes = map[*yaml.Node]int{}
	}
	p.sizes[n] = 0 // a tree that holds an alias of itself counts once
	size := 0
	for _, c := range n.Content {
		size = min(size+p.textSize(c, depth+1), over)
	}
	p.sizes[n] = size
	return size
}

// countNodes adds k values reached through the alias or merge key at n to the document's count;
// it reports false, and reports the limit once, when the count is over MaxNodes.
func (p *parser) countNodes(n *yaml.Node, k int) bool {
	p.nodes += k
	if p.nodes <= p.lim.MaxNodes {
		return true
	}
	if !p.overNodes {
		p.overNodes = true
		rng := p.src.Range(0, 0)
		if n != nil && n.Line > 0 {
			off := p.src.Offset(n.Line, n.Column)
			rng = p.src.Range(off, min(off+1+len(n.Value), len(p.src.Data)))
		}
		p.problem(YAMLSyntax, rng, "aliases and merge keys expand to more than %d values (an alias bomb?): the rest is not read; raise limits.max-alias-nodes in .buildspec-lint.yaml if this file is genuine", p.lim.MaxNodes)
	}
	return false
}

// nodeRange returns the range of a node: from its start to the end of its last scalar, or, for
// flow collections ([a, b], {a: b}), to the closing bracket.
func (p *parser) nodeRange(n *yaml.Node) source.Range {
	if n == nil {
		return source.Range{}
	}
	if n.Kind == yaml.ScalarNode {
		return p.scalar(n).Range
	}
	start := p.src.Offset(n.Line, n.Column)
	end := p.nodeEnd(n, 0)
	if end <= start {
		end = start + 1
	}
	return p.src.Range(start, end)
}

// nodeEnd returns the file offset just after node n.
func (p *parser) nodeEnd(n *yaml.Node, depth int) int {
	if n == nil || depth > 64 {
		return 0
	}
	start := p.src.Offset(n.Line, n.Column)
	switch n.Kind {
	case yaml.ScalarNode:
		return p.scalar(n).Range.End.Offset
	case yaml.AliasNode:
		return start + 1 + len(n.Value) // *name
	case yaml.MappingNode, yaml.SequenceNode:
		end := start
		for i := len(n.Content) - 1; i >= 0; i-- {
			if e := p.nodeEnd(n.Content[i], depth+1); e > end {
				end = e
				break
			}
		}
		if n.Style&yaml.FlowStyle != 0 {
			if end == start {
				end++ // past the opening bracket of an empty collection
			}
			if c := p.flowClose(end, n.Kind); c > 0 {
				return c
			}
		}
		return end
	}
	return start
}

// flowClose finds the closing bracket of a flow collection after its last item, which ends at
// off: only blanks, line breaks, commas and comments may come between.
func (p *parser) flowClose(off int, kind yaml.Kind) int {
	want := byte(']')
	if kind == yaml.MappingNode {
		want = '}'
	}
	data := p.src.Data
	for i := off; i < len(data); i++ {
		switch c := data[i]; c {
		case ' ', '\t', '\r', '\n', ',':
		case '#':
			for i < len(data) && data[i] != '\n' {
				i++
			}
		default:
			if c == want {
				return i + 1
			}
			return 0
		}
	}
	return 0
}

// scalar builds a String from a scalar node, with the segments that map its value to the file.
func (p *parser) scalar(n *yaml.Node) *String {
	s := &String{Value: n.Value, Tag: n.ShortTag(), src: p.src}
	start := p.src.Offset(n.Line, n.Column)
	contentStart := start
	var quote byte
	switch n.Style & (yaml.DoubleQuotedStyle | yaml.SingleQuotedStyle | yaml.LiteralStyle | yaml.FoldedStyle) {
	case yaml.DoubleQuotedStyle:
		quote = '"'
		contentStart++
		s.Quoted = true
	case yaml.SingleQuotedStyle:
		quote = '\''
		contentStart++
		s.Quoted = true
	case yaml.LiteralStyle, yaml.FoldedStyle:
		s.Quoted = true
		s.Block = '|'
		if n.Style&yaml.FoldedStyle != 0 {
			s.Block = '>'
		}
		contentStart = p.src.LineStart(n.Line + 1)
	}
	s.segs = align(n.Value, p.src.Data, contentStart, quote)
	end := start + 1
	if len(s.segs) > 0 {
		last := s.segs[len(s.segs)-1]
		end = last.File + last.fileLen()
		if s.Block != 0 {
			end = mapOffset(s.segs, len(strings.TrimRight(n.Value, "\n")), true)
		}
		if quote != 0 && end < len(p.src.Data) && p.src.Data[end] == quote {
			end++
		}
	} else {
		if quote != 0 {
			end = start + 2
		} else if s.Block == 0 {
			end = start + len(n.Value)
		}
		s.segs = []segment{{Val: 0, File: contentStart, Len: 0}}
	}
	if end > len(p.src.Data) {
		end = len(p.src.Data)
	}
	s.Range = p.src.Range(start, end)
	return s
}

// pair is a key and its value in a mapping, with merges applied.
type pair struct {
	key *yaml.Node
	val *yaml.Node
}

// pairs returns a mapping's entries with `<<` merge keys applied (explicit keys win). Duplicate
// keys are duplicateKeys' finding, in every mapping of the document.
func (p *parser) pairs(m *yaml.Node, where string) []pair {
	var out []pair
	seen := map[string]*yaml.Node{}
	var merged []pair
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		if isMergeKey(k) {
			merged = append(merged, p.mergeSource(v, 0)...)
			continue
		}
		seen[k.Value] = k
		out = append(out, pair{k, v})
	}
	for _, mp := range merged {
		if _, ok := seen[mp.key.Value]; !ok {
			seen[mp.key.Value] = mp.key
			out = append(out, mp)
		}
	}
	return out
}

func isMergeKey(k *yaml.Node) bool {
	return k.Kind == yaml.ScalarNode && (k.Tag == "!!merge" || (k.Value == "<<" && k.Style == 0))
}

// maxPathSteps bounds the steps of a YAML path in a message (the middle ones are elided).
const maxPathSteps = 8

// duplicateKeys reports every key written twice in one mapping, anywhere in the document: the
// schema's sections, and also what the parser does not check key by key (batch tasks, a
// report's or a variable's value). YAML keeps one of the two values and CodeBuild never sees
// the other. Aliases are not followed: the mapping they name is checked where it is written.
func (p *parser) duplicateKeys(root *yaml.Node) {
	const smallMapping = 16 // keys searched in place, without a map
	// The step from the parent is written out only for a message: most documents have none.
	type item struct {
		n      *yaml.Node
		parent int // index in all of the enclosing mapping or sequence, -1 at the root
		index  int // in the parent sequence, n's index; in the parent mapping, its key's
	}
	all := make([]item, 1, 32)
	all[0] = item{n: root, parent: -1}
	path := func(i int) string {
		var steps []string
		for ; i > 0; i = all[i].parent {
			if pn := all[all[i].parent].n; pn.Kind == yaml.MappingNode {
				steps = append(steps, "."+pn.Content[all[i].index].Value)
			} else {
				steps = append(steps, "["+strconv.Itoa(all[i].index)+"]")
			}
		}
		slices.Reverse(steps)
		if len(steps) > maxPathSteps {
			// a hostile nesting must not make every message as long as the file
			steps = append(append(steps[:maxPathSteps/2:maxPathSteps/2], ".(...)"), steps[len(steps)-maxPathSteps/2:]...)
		}
		return strings.TrimPrefix(strings.Join(steps, ""), ".")
	}
	for i := 0; i < len(all); i++ {
		n := all[i].n
		switch n.Kind {
		case yaml.MappingNode:
			// A small mapping is searched in place; a map is built only for a large one.
			var seen map[string]*yaml.Node
			large := len(n.Content) > 2*smallMapping
			for j := 0; j+1 < len(n.Content); j += 2 {
				k, v := n.Content[j], n.Content[j+1]
				if k.Kind == yaml.ScalarNode && !isMergeKey(k) {
					var prev *yaml.Node
					ok := false
					if large {
						prev, ok = seen[k.Value]
					} else {
						for e := j - 2; e >= 0 && !ok; e -= 2 { // the latest, as the map keeps
							if pk := n.Content[e]; pk.Kind == yaml.ScalarNode && pk.Value == k.Value && !isMergeKey(pk) {
								prev, ok = pk, true
							}
						}
					}
					if ok {
						where := ""
						if pa := path(i); pa != "" {
							where = " in " + pa
						}
						p.problem(DuplicateKey, p.scalar(k).Range, "key %q is already defined at line %d%s; YAML keeps only one of them: remove or merge the duplicate",
							k.Value, prev.Line, where)
					}
					if large {
						if seen == nil {
							seen = map[string]*yaml.Node{}
						}
						seen[k.Value] = k
					}
				}
				if v.Kind == yaml.MappingNode || v.Kind == yaml.SequenceNode {
					all = append(all, item{n: v, parent: i, index: j})
				}
			}
		case yaml.SequenceNode:
			for j, it := range n.Content {
				if it.Kind == yaml.MappingNode || it.Kind == yaml.SequenceNode {
					all = append(all, item{n: it, parent: i, index: j})
				}
			}
		}
	}
}

func (p *parser) mergeSource(v *yaml.Node, depth int) []pair {
	if depth > p.lim.MaxAliasDepth {
		return nil
	}
	from := v
	v = p.resolve(v)
	if v == nil || !p.countNodes(from, len(v.Content)) {
		return nil // an alias bomb: stop expanding merges
	}
	switch v.Kind {
	case yaml.MappingNode:
		var out []pair
		for i := 0; i+1 < len(v.Content); i += 2 {
			k := v.Content[i]
			if k.Tag == "!!merge" {
				out = append(out, p.mergeSource(v.Content[i+1], depth+1)...)
				continue
			}
			out = append(out, pair{k, v.Content[i+1]})
		}
		return out
	case yaml.SequenceNode:
		var out []pair
		for _, it := range v.Content {
			out = append(out, p.mergeSource(it, depth+1)...)
		}
		return out
	}
	return nil
}

func (p *parser) key(k *yaml.Node) Key {
	return Key{Name: k.Value, Range: p.scalar(k).Range}
}

// schema lists the keys CodeBuild documents, by section (build-spec-ref.html).
var schema = map[string][]string{
	"":                      {"version", "run-as", "env", "proxy", "batch", "phases", "reports", "artifacts", "cache", "environment_variables"},
	"env":                   {"shell", "variables", "parameter-store", "secrets-manager", "exported-variables", "git-credential-helper"},
	"environment_variables": {"plaintext", "variables", "parameter-store"},
	"proxy":                 {"upload-artifacts", "logs"},
	"phases":                {"install", "pre_build", "build", "post_build"},
	"phase":                 {"run-as", "on-failure", "runtime-versions", "commands", "finally"},
	"artifacts":             {"files", "name", "discard-paths", "base-directory", "exclude-paths", "enable-symlinks", "s3-prefix", "secondary-artifacts"},
	"cache":                 {"paths", "key", "fallback-keys", "action"},
	"report":                {"files", "base-directory", "discard-paths", "file-format"},
	"batch":                 {"fast-fail", "build-graph", "build-list", "build-matrix", "build-fanout"},
}

// batchKeys are the keys of batch tasks and of their env (batch-build-buildspec.html); the
// parser does not check batch keys, it only knows them.
var batchKeys = []string{"identifier", "buildspec", "debug-session", "depend-on", "ignore-failure", "compute-type",
	"fleet", "image", "privileged-mode", "type", "static", "dynamic", "parallelism"}

// homes says where a key belongs, for keys written in the wrong section (misplaced-key).
var homes = map[string]string{
	"run-as":             "at the top level or in a phase",
	"on-failure":         "in a phase (phases.<name>.on-failure)",
	"runtime-versions":   "in the install phase",
	"commands":           "in a phase (phases.<name>.commands)",
	"finally":            "in a phase (phases.<name>.finally)",
	"shell":              "in env (env.shell)",
	"variables":          "in env (env.variables)",
	"parameter-store":    "in env (env.parameter-store)",
	"secrets-manager":    "in env (env.secrets-manager)",
	"exported-variables": "in env (env.exported-variables)",
	"install":            "in phases",
	"pre_build":          "in phases",
	"build":              "in phases",
	"post_build":         "in phases",
	"files":              "in artifacts, a report or secondary artifact",
	"paths":              "in cache",
	"version":            "at the top level",
	"phases":             "at the top level",
	"env":                "at the top level",
	"artifacts":          "at the top level",
	"reports":            "at the top level",
	"cache":              "at the top level",
}

func (p *parser) unknownKey(k *yaml.Node, section, where string) {
	if home, ok := homes[k.Value]; ok && !known(section, k.Value) {
		p.problem(MisplacedKey, p.scalar(k).Range, "%s is not read%s: it belongs %s; move it there", k.Value, where, home)
		return
	}
	msg := fmt.Sprintf("unknown key %q%s", k.Value, where)
	if s := suggest.Closest(k.Value, schema[section]); s != "" {
		msg += fmt.Sprintf(": did you mean %q?", s)
	} else {
		msg += fmt.Sprintf("; CodeBuild knows %s", strings.Join(schema[section], ", "))
	}
	p.problem(UnknownKey, p.scalar(k).Range, "%s", msg)
}

func known(section, key string) bool {
	for _, k := range schema[section] {
		if k == key {
			return true
		}
	}
	return false
}

func kindOf(n *yaml.Node) Kind {
	if n == nil {
		return KindNull
	}
	switch n.Kind {
	case yaml.ScalarNode:
		if n.ShortTag() == "!!null" {
			return KindNull
		}
		return KindScalar
	case yaml.SequenceNode:
		return KindSequence
	case yaml.MappingNode:
		return KindMapping
	}
	return KindNull
}

func (p *parser) wrongType(n *yaml.Node, keyRange source.Range, what string, want Kind) {
	got := kindOf(n)
	rng := keyRange
	if n != nil && got != KindNull {
		rng = p.nodeRange(n)
	}
	p.problem(WrongType, rng, "%s must be a %s, not a %s", what, want, got)
}

func (p *parser) document(doc *yaml.Node, index int) *Buildspec {
	b := &Buildspec{Source: p.src, Doc: index, maxProblems: p.lim.MaxFindings}
	p.spec = b
	root := doc
	if root.Kind == yaml.DocumentNode {
		if len(root.Content) == 0 {
			b.problem(InvalidDocument, p.src.Range(0, 0), "document is empty: a buildspec needs version and phases")
			return b
		}
		root = root.Content[0]
	}
	if root.Kind != yaml.AliasNode {
		p.duplicateKeys(root)
	}
	root = p.resolve(root)
	if root == nil {
		return b
	}
	b.Root = p.nodeRange(root)
	if root.Kind != yaml.MappingNode {
		p.problem(InvalidDocument, b.Root, "a buildspec is a mapping with version and phases, not a %s", kindOf(root))
		if root.Kind == yaml.SequenceNode {
			b.OtherFormat = p.otherList(root)
		}
		return b
	}
	b.OtherFormat = p.otherFormat(root)
	var versionKey *yaml.Node
	var misspeltVersion, misspeltPhases bool
	for i := 0; i+1 < len(root.Content); i += 2 {
		if k, v := root.Content[i], root.Content[i+1]; k.Value == "version" && v.Kind == yaml.ScalarNode {
			p.version = v.Value // read first: what env advises depends on it
		}
	}
	for _, kv := range p.pairs(root, "") {
		k, v := kv.key, p.resolve(kv.val)
		key := p.key(k)
		b.Keys = append(b.Keys, key)
		switch k.Value {
		case "version":
			versionKey = k
			if kindOf(v) != KindScalar {
				p.wrongType(v, key.Range, "version", KindScalar)
				continue
			}
			b.Version = p.scalar(v)
		case "run-as":
			b.RunAs = p.scalarValue(v, key, "run-as")
		case "env", "environment_variables":
			b.Env = p.env(k, v)
		case "phases":
			b.PhasesKey = &key
			p.phases(key, v)
		case "proxy":
			b.Proxy = p.entries(key, v, "proxy")
		case "batch":
			b.Batch = &Batch{Key: key, Entries: p.entries(key, v, "batch")}
		case "reports":
			for _, e := range p.entries(key, v, "") {
				b.Reports = append(b.Reports, e)
			}
		case "artifacts":
			b.Artifacts = p.entry(k, v, "artifacts")
		case "cache":
			b.Cache = p.entry(k, v, "cache")
		default:
			p.unknownKey(k, "", " at the top level")
			// A misspelt version or phases is the cause of the missing key: one finding, the
			// unknown key's did-you-mean, not a second one that the key is missing.
			misspeltVersion = misspeltVersion || suggest.Misspelt(k.Value, "version")
			misspeltPhases = misspeltPhases || suggest.Misspelt(k.Value, "phases")
		}
	}
	if b.Version != nil || versionKey != nil || !misspeltVersion {
		p.checkVersion(b, versionKey)
	}
	p.checkLegacyKeys(b)
	if b.PhasesKey == nil && b.Batch == nil && !misspeltPhases {
		p.problem(MissingKey, p.src.Range(b.Root.Start.Offset, b.Root.Start.Offset+1), "missing key phases: a buildspec needs at least one phase (install, pre_build, build or post_build)")
	}
	p.commandsAsShell(b)
	return b
}

func (p *parser) checkVersion(b *Buildspec, k *yaml.Node) {
	if b.Version == nil {
		if k == nil {
			p.problem(MissingKey, p.src.Range(b.Root.Start.Offset, b.Root.Start.Offset+1), "missing key version: add `version: 0.2` at the top of the buildspec")
		}
		return
	}
	switch b.Version.Value {
	case "0.2", "0.1": // 0.1 is legacy-version's finding (package rules): it still runs
	default:
		p.problem(InvalidValue, b.Version.Range, "unsupported version %q: CodeBuild runs 0.2 (and the legacy 0.1); write version: 0.2", b.Version.Value)
	}
}

// checkLegacyKeys reports version 0.1's key names in a 0.2 document: environment_variables and
// plaintext became env and variables (build-spec-ref.html, version table).
func (p *parser) checkLegacyKeys(b *Buildspec) {
	if b.Version == nil || b.Version.Value != "0.2" {
		return
	}
	for _, k := range b.Keys {
		if k.Name == "environment_variables" {
			p.problem(MisplacedKey, k.Range, "environment_variables is the version 0.1 name: in version 0.2 write env, with the variables under env.variables")
		}
	}
	for _, k := range p.envKeys {
		if k.Name == "plaintext" {
			p.problem(MisplacedKey, k.Range, "plaintext is the version 0.1 name: in version 0.2 write variables")
		}
	}
}

func (p *parser) scalarValue(v *yaml.Node, key Key, what string) *String {
	if kindOf(v) != KindScalar {
		p.wrongType(v, key.Range, what, KindScalar)
		return nil
	}
	return p.scalar(v)
}

// entry builds an Entry for key k and value v, checking v's keys against section (if set).
func (p *parser) entry(k, v *yaml.Node, section string) *Entry {
	e := &Entry{Key: p.key(k), Kind: kindOf(v)}
	e.Range = e.Key.Range
	if v != nil && e.Kind != KindNull {
		e.Range = p.nodeRange(v)
	}
	switch e.Kind {
	case KindScalar:
		e.Value = p.scalar(v)
	case KindSequence:
		for _, it := range v.Content {
			it = p.resolve(it)
			if kindOf(it) == KindScalar {
				e.Items = append(e.Items, p.scalar(it))
			}
		}
	case KindMapping:
		if section != "" {
			for _, kv := range p.pairs(v, " in "+k.Value) {
				if !known(section, kv.key.Value) && section != "any" {
					where := " in " + k.Value
					if section == "artifacts" && k.Value != "artifacts" {
						where = " in secondary artifact " + k.Value
					}
					p.unknownKey(kv.key, section, where)
				}
				if section == "artifacts" && kv.key.Value == "secondary-artifacts" {
					if sv := p.resolve(kv.val); sv != nil && sv.Kind == yaml.MappingNode {
						for _, s := range p.pairs(sv, " in secondary-artifacts") {
							p.entry(s.key, p.resolve(s.val), "artifacts")
						}
					}
				}
			}
		}
	}
	return e
}

// entries returns the entries of a mapping value, checking their keys against section.
func (p *parser) entries(key Key, v *yaml.Node, section string) []*Entry {
	if kindOf(v) == KindNull {
		return nil
	}
	if v.Kind != yaml.MappingNode {
		p.wrongType(v, key.Range, key.Name, KindMapping)
		return nil
	}
	var out []*Entry
	for _, kv := range p.pairs(v, " in "+key.Name) {
		if section != "" && !known(section, kv.key.Value) {
			p.unknownKey(kv.key, section, " in "+key.Name)
		}
		sub := ""
		if key.Name == "reports" {
			sub = "report"
		}
		out = append(out, p.entry(kv.key, p.resolve(kv.val), sub))
	}
	return out
}

func (p *parser) env(k, v *yaml.Node) *Env {
	key := p.key(k)
	e := &Env{Key: key}
	if kindOf(v) == KindNull {
		return e
	}
	if v.Kind != yaml.MappingNode {
		p.wrongType(v, key.Range, k.Value, KindMapping)
		return e
	}
	section := "env"
	if k.Value == "environment_variables" {
		section = "environment_variables"
	}
	for _, kv := range p.pairs(v, " in "+k.Value) {
		ek, ev := kv.key, p.resolve(kv.val)
		ekey := p.key(ek)
		p.envKeys = append(p.envKeys, ekey)
		switch ek.Value {
		case "shell":
			e.Shell = p.scalarValue(ev, ekey, "env.shell")
			if e.Shell != nil {
				p.checkShell(e.Shell)
			}
		case "variables", "plaintext":
			e.Variables = p.entries(ekey, ev, "")
		case "parameter-store":
			e.ParameterStore = p.entries(ekey, ev, "")
		case "secrets-manager":
			e.SecretsManager = p.entries(ekey, ev, "")
		case "exported-variables":
			if kindOf(ev) == KindSequence {
				for _, it := range ev.Content {
					if it = p.resolve(it); kindOf(it) == KindScalar {
						e.ExportedVariables = append(e.ExportedVariables, p.scalar(it))
					}
				}
			} else if kindOf(ev) != KindNull {
				p.wrongType(ev, ekey.Range, "env.exported-variables", KindSequence)
			}
		case "git-credential-helper":
			e.GitCredential = p.scalarValue(ev, ekey, "env.git-credential-helper")
		default:
			if home := p.variablesHome(); isVariableName(ek.Value) && suggest.Closest(ek.Value, schema[section]) == "" {
				p.problem(UnknownKey, ekey.Range, "unknown key %q in %s: a variable goes under %s", ek.Value, k.Value, home)
				continue
			}
			p.unknownKey(ek, section, " in "+k.Value)
		}
	}
	return e
}

// variablesHome is where the document's plain-text variables go: env.variables, or
// environment_variables.plaintext in a version 0.1 document.
func (p *parser) variablesHome() string {
	if p.version == "0.1" {
		return "environment_variables.plaintext"
	}
	return "env.variables"
}

// isVariableName reports whether k looks like an environment variable's name: upper-case
// letters, digits and underscores, starting with a letter or underscore.
func isVariableName(k string) bool {
	if k == "" || k[0] >= '0' && k[0] <= '9' {
		return false
	}
	for i := 0; i < len(k); i++ {
		if c := k[i]; !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// documentedShells are the env.shell values CodeBuild documents (build-spec-ref.html).
var documentedShells = []string{"bash", "/bin/sh", "powershell.exe", "cmd.exe"}

func (p *parser) checkShell(s *String) {
	for _, d := range documentedShells {
		if s.Value == d {
			return
		}
	}
	p.problem(UndocumentedShell, s.Range, "env.shell %q is not documented by CodeBuild (bash, /bin/sh, powershell.exe, cmd.exe); it may work, but prefer a documented value", s.Value)
}

func (p *parser) phases(key Key, v *yaml.Node) {
	if kindOf(v) == KindNull {
		p.problem(EmptyPhase, key.Range, "phases is empty: add at least one phase with commands")
		return
	}
	if v.Kind != yaml.MappingNode {
		p.wrongType(v, key.Range, "phases", KindMapping)
		return
	}
	for _, kv := range p.pairs(v, " in phases") {
		if !known("phases", kv.key.Value) {
			p.unknownKey(kv.key, "phases", " in phases (phase names are fixed)")
			continue
		}
		p.phase(kv.key, p.resolve(kv.val))
	}
}

// validOnFailure reports whether v is a documented on-failure value: ABORT, CONTINUE, RETRY,
// RETRY-<count>, RETRY-<regex> and RETRY-<count>-<regex> (build-spec-ref.html); the regexp
// ^(ABORT|CONTINUE|RETRY(-\d+)?(-.+)?)$ by hand.
func validOnFailure(v string) bool {
	switch {
	case v == "ABORT", v == "CONTINUE", v == "RETRY":
		return true
	}
	return strings.HasPrefix(v, "RETRY-") && len(v) > len("RETRY-") && !strings.Contains(v, "\n")
}

// retryCount returns the count of an on-failure RETRY-<count> or RETRY-<count>-<regex> (a count
// is digits only; RETRY-<regex> has none).
func retryCount(v *String) (int, bool) {
	if v == nil {
		return 0, false
	}
	rest, ok := strings.CutPrefix(v.Value, "RETRY-")
	if !ok {
		return 0, false
	}
	digits, _, _ := strings.Cut(rest, "-")
	if digits == "" || strings.Trim(digits, "0123456789") != "" {
		return 0, false
	}
	if digits = strings.TrimLeft(digits, "0"); len(digits) > 4 {
		return 99999, true // any count this long is over the limit
	}
	n, err := strconv.Atoi("0" + digits)
	return n, err == nil
}

// nearestOnFailure returns the valid on-failure value that v most likely means ("abort" ->
// ABORT, "retry_3" -> RETRY-3, "CONTINUE_" -> CONTINUE), or "".
func nearestOnFailure(v string) string {
	u := strings.ToUpper(strings.TrimSpace(v))
	if strings.HasPrefix(u, "RETRY") {
		// keep the count and regex as written: upper-casing a regex changes what it matches
		rest := strings.TrimLeft(strings.TrimSpace(v)[len("RETRY"):], "-_ :=")
		if rest == "" {
			return "RETRY"
		}
		if c := "RETRY-" + rest; validOnFailure(c) {
			return c
		}
	}
	if validOnFailure(u) {
		return u
	}
	return suggest.Closest(u, []string{"ABORT", "CONTINUE", "RETRY"})
}

func (p *parser) phase(k, v *yaml.Node) {
	ph := &Phase{Name: k.Value, Key: p.key(k)}
	p.spec.Phases = append(p.spec.Phases, ph)
	if kindOf(v) == KindNull {
		p.problem(EmptyPhase, ph.Key.Range, "phase %s is empty: give it commands or remove it", ph.Name)
		return
	}
	if v.Kind != yaml.MappingNode {
		p.wrongType(v, ph.Key.Range, "phase "+ph.Name, KindMapping)
		return
	}
	hasCommands := false
	for _, kv := range p.pairs(v, " in phase "+ph.Name) {
		pk, pv := kv.key, p.resolve(kv.val)
		key := p.key(pk)
		switch pk.Value {
		case "run-as":
			ph.RunAs = p.scalarValue(pv, key, ph.Name+".run-as")
		case "on-failure":
			ph.OnFailure = p.scalarValue(pv, key, ph.Name+".on-failure")
			if n, ok := retryCount(ph.OnFailure); ok && n > 100 {
				p.problem(InvalidValue, ph.OnFailure.Range, "on-failure %s: the retry count is at most 100; write a count from 0 to 100", ph.OnFailure.Value)
			} else if ph.OnFailure != nil && !validOnFailure(ph.OnFailure.Value) {
				msg := fmt.Sprintf("on-failure must be ABORT, CONTINUE, RETRY, RETRY-<count>, RETRY-<regex> or RETRY-<count>-<regex>, not %q", ph.OnFailure.Value)
				if s := nearestOnFailure(ph.OnFailure.Value); s != "" {
					msg += fmt.Sprintf(": did you mean %s?", s)
				}
				p.problem(InvalidValue, ph.OnFailure.Range, "%s", msg)
			}
		case "runtime-versions":
			ph.RuntimeKey = &key
			if ph.Name != "install" {
				p.problem(MisplacedKey, key.Range, "runtime-versions is only read in the install phase, not in %s: move it to install", ph.Name)
			}
			if kindOf(pv) == KindMapping {
				for _, rv := range p.pairs(pv, " in runtime-versions") {
					ph.RuntimeVersions = append(ph.RuntimeVersions, p.entry(rv.key, p.resolve(rv.val), ""))
				}
			} else if kindOf(pv) != KindNull {
				p.wrongType(pv, key.Range, "runtime-versions", KindMapping)
			}
		case "commands":
			hasCommands = true
			ph.Commands = p.commands(pv, key, ph.Name, false)
			if kindOf(pv) == KindNull || (kindOf(pv) == KindSequence && len(pv.Content) == 0) {
				p.problem(EmptyPhase, key.Range, "%s.commands is empty: add commands or remove the phase", ph.Name)
			}
		case "finally":
			ph.Finally = p.commands(pv, key, ph.Name, true)
		default:
			p.unknownKey(pk, "phase", " in phase "+ph.Name)
		}
	}
	if !hasCommands && ph.Name != "install" {
		p.problem(MissingKey, ph.Key.Range, "phase %s has no commands: CodeBuild requires commands in %s", ph.Name, ph.Name)
	}
}

func (p *parser) commands(v *yaml.Node, key Key, phase string, finally bool) []*Command {
	list := "commands"
	if finally {
		list = "finally"
	}
	switch kindOf(v) {
	case KindNull:
		return nil
	case KindScalar:
		// A string instead of a list: CodeBuild runs it as one command.
		return []*Command{{String: p.scalar(v), Phase: phase, Finally: finally}}
	case KindMapping:
		p.problem(WrongType, p.nodeRange(v), "%s.%s must be a list of strings, not a mapping: start each command with \"- \"", phase, list)
		return nil
	}
	var out []*Command
	for i, it := range v.Content {
		if p.ncommands++; p.ncommands > p.lim.MaxCommands {
			if p.ncommands == p.lim.MaxCommands+1 {
				p.problem(YAMLSyntax, p.nodeRange(it), "the document has more than %d commands: the rest are not checked; raise limits.max-commands in .buildspec-lint.yaml if this file is genuine", p.lim.MaxCommands)
			}
			break
		}
		written := it
		it = p.resolve(it)
		switch kindOf(it) {
		case KindScalar:
			p.yamlInCommand(written, it)
			out = append(out, &Command{String: p.scalar(it), Phase: phase, Finally: finally, Index: i})
		case KindMapping:
			why := "an unquoted \": \" made YAML read a key"
			if p.endsWithColon(it) {
				why = "the line ends with \":\", which made YAML read a key"
			}
			p.problem(WrongType, p.nodeRange(it), "%s.%s[%d] is a mapping, not a string: %s; quote the whole command (CodeBuild fails with \"Expected Commands[%d] to be of string type\")",
				phase, list, i, why, i)
		case KindSequence:
			p.problem(WrongType, p.nodeRange(it), "%s.%s[%d] is a list, not a string: write each command as one string", phase, list, i)
		}
	}
	return out
}

// yamlInCommand reports a command item that starts with YAML's anchor or alias syntax: in
// `- &cmake ..` the anchor &cmake is not part of the command, which is ".." alone, and `- *cmake`
// is not a command but runs the anchored item again. written is the item as written, value the
// scalar it resolves to. A block or quoted scalar after the anchor is not reported.
func (p *parser) yamlInCommand(written, value *yaml.Node) {
	if value.Style&(yaml.LiteralStyle|yaml.FoldedStyle|yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
		// `- &build |` and `- &x "..."`: the anchor is plainly YAML's, and an alias of it is
		// deliberate reuse; only a plain scalar reads as if & or * were the shell's.
		return
	}
	switch {
	case written.Kind == yaml.AliasNode:
		off := p.src.Offset(written.Line, written.Column)
		p.problem(YAMLAnchorInCommand, p.src.Range(off, min(off+1+len(written.Value), len(p.src.Data))),
			"%q is a YAML alias, not a command: this item runs %q from line %d again; write the command out, or quote the item if %q is meant for the shell",
			"*"+written.Value, value.Value, value.Line, "*"+written.Value)
	case value.Anchor != "":
		off := p.src.Offset(value.Line, value.Column)
		p.problem(YAMLAnchorInCommand, p.src.Range(off, min(off+1+len(value.Anchor), len(p.src.Data))),
			"%q is a YAML anchor, not part of the command: this item runs %q only; remove the anchor, or quote the whole item if %q belongs to the command",
			"&"+value.Anchor, value.Value, "&"+value.Anchor)
	}
}

// endsWithColon reports whether the first key of mapping m is followed by ":" and the end of
// its line (or a comment), not by ": " and a value: `- echo Installing:` read as a key.
func (p *parser) endsWithColon(m *yaml.Node) bool {
	if len(m.Content) < 2 || m.Content[0].Kind != yaml.ScalarNode {
		return false
	}
	end := p.scalar(m.Content[0]).Range.End.Offset
	data := p.src.Data
	for end < len(data) && (data[end] == ' ' || data[end] == '\t') {
		end++
	}
	if end >= len(data) || data[end] != ':' {
		return false
	}
	rest := data[end+1:]
	if i := bytes.IndexByte(rest, '\n'); i >= 0 {
		rest = rest[:i]
	}
	rest = bytes.TrimSpace(rest)
	return len(rest) == 0 || rest[0] == '#'
}

// cmdletVerbs are the PowerShell verbs of the Verb-Noun cmdlets that mark a command as PowerShell.
var cmdletVerbs = map[string]bool{
	"Write": true, "Get": true, "Set": true, "New": true, "Remove": true, "Copy": true, "Move": true,
	"Invoke": true, "Start": true, "Stop": true, "Expand": true, "Compress": true, "Import": true,
	"Export": true, "Add": true, "Test": true, "Out": true, "Select": true, "ForEach": true,
	"Where": true, "Install": true, "Update": true, "Register": true, "Push": true, "Pop": true,
	"Resolve": true, "Join": true, "Split": true, "Convert": true, "ConvertTo": true,
	"ConvertFrom": true, "Rename": true, "Clear": true, "Wait": true, "Measure": true,
}

// windowsStarts are the starts of a command that only PowerShell or cmd write.
var windowsStarts = []string{"$env:", "$LASTEXITCODE", "$ErrorActionPreference", "choco ", "choco.exe ", "msiexec", "cmd /c", "cmd.exe /c"}

// windowsStart reports whether a command starts (after blanks and an optional `&` call
// operator) with a Verb-Noun cmdlet or with text that only PowerShell or cmd write. It is the
// regexp ^\s*(?:&\s*)?(?:(?:Write|Get|...)-[A-Z][A-Za-z]+\b|\$env:|...|cmd(\.exe)? /c) by
// hand: compiling that cost one file 1 ms.
func windowsStart(s string) bool {
	const blanks = " \t\n\f\r"
	s = strings.TrimLeft(s, blanks)
	if strings.HasPrefix(s, "&") {
		s = strings.TrimLeft(s[1:], blanks)
	}
	for _, p := range windowsStarts {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	verb, noun, ok := strings.Cut(s, "-")
	if !ok || !cmdletVerbs[verb] || len(noun) < 2 || noun[0] < 'A' || noun[0] > 'Z' {
		return false
	}
	n := 1
	for n < len(noun) && isLetter(noun[n]) {
		n++
	}
	// [A-Z][A-Za-z]+\b: at least one more letter, then no word character.
	return n > 1 && (n == len(noun) || !isLetter(noun[n]) && noun[n] != '_' && (noun[n] < '0' || noun[n] > '9'))
}

func isLetter(c byte) bool { return 'a' <= c|0x20 && c|0x20 <= 'z' }

// windowsHint reports whether a command looks like PowerShell or cmd: windowsStart, or
// $env:NAME anywhere. (An unanchored regexp for both scanned every command to its end, 3% of a
// monorepo run.)
func windowsHint(s string) bool {
	for rest := s; ; {
		i := strings.Index(rest, "$env:")
		if i < 0 {
			break
		}
		rest = rest[i+len("$env:"):]
		if rest != "" && (rest[0] == '_' || isLetter(rest[0])) {
			return true
		}
	}
	return windowsStart(s)
}

// powerShellSyntax reports whether a command holds PowerShell syntax that is never valid (or
// never written) in sh: a line that starts with the call operator and a quoted or variable
// program (& "C:\Program Files\...\pwsh.exe"), a line that ends in a backtick continuation
// (after a blank, or with an odd number of backticks, which sh reads as an unclosed `...`)
// followed by a line of parameters, an
// assignment `$name = ...`, a script run by a Windows path (.\build.ps1), or $LASTEXITCODE.
func powerShellSyntax(s string) bool {
	if strings.Contains(s, "$LASTEXITCODE") || strings.Contains(s, "$ErrorActionPreference") {
		return true
	}
	backticks := strings.Count(s, "`")
	for rest := s; rest != ""; {
		line, after, _ := strings.Cut(rest, "\n")
		rest = after
		t := strings.TrimSpace(line)
		switch {
		case t == "":
		case t[0] == '&' && len(t) > 1:
			// & "C:\...", & 'x', & $exe, & .\x.ps1, & C:\x.exe (sh: "& can only follow a statement")
			r := strings.TrimLeft(t[1:], " \t")
			if r != "" && (r[0] == '"' || r[0] == '\'' || r[0] == '$' || strings.HasPrefix(r, ".\\") || windowsPath(r)) {
				return true
			}
		case strings.HasPrefix(t, ".\\") || windowsPath(t):
			return true
		case t[0] == '[' && strings.Contains(t, "]::"):
			// a .NET static call: [Environment]::SetEnvironmentVariable("X", "1")
			return true
		case psBlockStatement(t), cmdletInside(t):
			return true
		case t[len(t)-1] == '`' && (backticks%2 == 1 || strings.HasSuffix(t, " `")) && continuesParameters(rest):
			// sh never ends a line with an unclosed `...`; "x `" then a new line is how
			// PowerShell continues a line (sh would read a command substitution of the next lines).
			// A backtick that ends the command continues nothing: a stray one, in sh as in
			// PowerShell, so it says nothing about the dialect.
			return true
		case t[0] == '$' && psAssignment(t[1:]):
			return true
		}
	}
	return false
}

// continuesParameters reports whether the next line that is not blank in rest goes on with a
// parameter (-Name, --flag, /p:x) or a pipe, as the lines after a PowerShell backtick
// continuation do; a backtick before any other line is as likely a stray one in sh.
func continuesParameters(rest string) bool {
	for rest != "" {
		line, after, _ := strings.Cut(rest, "\n")
		rest = after
		if t := strings.TrimSpace(line); t != "" {
			return t[0] == '-' || t[0] == '/' || t[0] == '|'
		}
	}
	return false
}

// psBlockStatement reports whether a line is a PowerShell if, elseif, foreach, while or switch
// with its condition in parentheses and its block in braces on the same line: if (Test-Path x) {
// in sh a brace cannot follow a subshell.
func psBlockStatement(t string) bool {
	for _, kw := range [...]string{"if", "elseif", "foreach", "while", "switch", "} elseif"} {
		rest, ok := strings.CutPrefix(t, kw)
		if !ok {
			continue
		}
		rest = strings.TrimLeft(rest, " \t")
		if !strings.HasPrefix(rest, "(") {
			return false
		}
		i := strings.LastIndexByte(rest, ')')
		return i > 0 && strings.HasPrefix(strings.TrimLeft(rest[i+1:], " \t"), "{")
	}
	return false
}

// cmdletInside reports whether a Verb-Noun cmdlet starts a pipeline element, a parenthesised
// expression or a script block inside the line: (Test-Path x), | Out-Null, { Remove-Item x }.
func cmdletInside(t string) bool {
	if !strings.Contains(t, "-") {
		return false
	}
	for i := 0; i < len(t); i++ {
		// A window of 64 bytes holds any cmdlet name and keeps the scan linear in the line
		// (windowsStart looks for the "-" of Verb-Noun in what it is given).
		if c := t[i]; (c == '(' || c == '|' || c == '{') && windowsStart(t[i+1:min(len(t), i+65)]) {
			return true
		}
	}
	return false
}

// windowsPath reports whether s starts with a drive path such as C:\ or C:/.
func windowsPath(s string) bool {
	return len(s) >= 3 && isLetter(s[0]) && s[1] == ':' && (s[2] == '\\' || s[2] == '/')
}

// psAssignment reports whether s (what follows a leading "$") is a PowerShell assignment:
// a variable name, blanks and "=" followed by a blank ($version = ..., $x += 1).
func psAssignment(s string) bool {
	n := 0
	for n < len(s) && (s[n] == '_' || isLetter(s[n]) || n > 0 && s[n] >= '0' && s[n] <= '9') {
		n++
	}
	if n == 0 {
		return false
	}
	rest := strings.TrimLeft(s[n:], " \t")
	if len(rest) < len(s[n:]) && (strings.HasPrefix(rest, "= ") || strings.HasPrefix(rest, "+= ") || strings.HasPrefix(rest, "-= ")) {
		return true
	}
	return false
}

// dialect decides how the document's commands are read: env.shell when it says, otherwise
// PowerShell when the commands look like it.
func dialect(b *Buildspec) Dialect {
	switch strings.ToLower(b.ShellName()) {
	case "powershell.exe", "powershell", "pwsh", "pwsh.exe":
		return DialectPowerShell
	case "cmd.exe", "cmd":
		return DialectCmd
	case "":
	default:
		return DialectShell
	}
	hits := 0
	for _, c := range b.CommandsInOrder() {
		if windowsHint(c.Value) || powerShellSyntax(c.Value) {
			hits++
		}
	}
	if hits > 0 {
		return DialectPowerShell
	}
	return DialectShell
}

// folded explains a shell error in a command that is a plain or quoted scalar over several
// lines: YAML joins such lines with spaces, so an `if`, a loop or a heredoc written over them
// reaches the shell as one line. "" for other commands.
func folded(c *Command) string {
	if c.Block != 0 || c.Range.Start.Line == c.Range.End.Line || !strings.Contains(strings.TrimSpace(c.Value), " ") {
		return ""
	}
	return fmt.Sprintf(" (YAML joined this command's %d lines into one, since it is not a block scalar: write it as `- |` and indent its lines to keep the line breaks)",
		c.Range.End.Line-c.Range.Start.Line+1)
}

// commandsAsShell parses every command once; rules share the result.
func (p *parser) commandsAsShell(b *Buildspec) {
	d := dialect(b)
	budget := MaxDocumentTokens
	for _, c := range b.CommandsInOrder() {
		if budget >= 0 {
			n, _ := ShellTokens(c.Value, MaxShellTokens)
			if budget -= n; budget < 0 {
				b.problem(ShellSyntax, c.ValueRange(0, min(1, len(c.Value))), fmt.Sprintf("the commands of this document have more than %d words and operators in all: this one and the rest are not checked; split the file", MaxDocumentTokens))
			}
		}
		if budget < 0 {
			c.Script = &Script{Dialect: d}
			continue
		}
		c.Script = ParseScript(c, d)
		if e := c.Script.Err; e != nil && e.Limit {
			b.problem(ShellSyntax, e.Range, e.Message)
		} else if e != nil {
			b.problem(ShellSyntax, e.Range, "command is not valid shell: "+e.Message+folded(c))
		}
	}
	sort.SliceStable(b.Problems, func(i, j int) bool { return b.Problems[i].Range.Start.Before(b.Problems[j].Range.Start) })
}

// otherFormat names the format a document's top-level mapping clearly is when it is not a
// buildspec, or returns "". Only the top level is read (a few key comparisons; aliases are
// resolved within the document's budget, merge keys are not expanded). A mapping with phases or
// batch is a buildspec, however broken; one with a signature of another format (a GitHub Actions
// workflow, a CloudFormation template, a Kubernetes manifest, a Docker Compose file) is that
// format; one with version is a buildspec missing its phases; one with none of version, phases
// and batch is not a buildspec, unless a key is a misspelling of one of them.
func (p *parser) otherFormat(root *yaml.Node) string {
	get := func(key string) *yaml.Node {
		for i := 0; i+1 < len(root.Content); i += 2 {
			if k := root.Content[i]; k.Kind == yaml.ScalarNode && k.Value == key {
				return root.Content[i+1]
			}
		}
		return nil
	}
	present := func(keys ...string) bool {
		for _, k := range keys {
			if get(k) == nil {
				return false
			}
		}
		return true
	}
	switch {
	case present("phases"), present("batch"), present("<<"):
		return "" // a merge key may bring phases: not clearly anything else
	case present("on", "jobs"):
		return "a GitHub Actions workflow (on and jobs)"
	case present("AWSTemplateFormatVersion"):
		return "an AWS CloudFormation template (AWSTemplateFormatVersion)"
	case present("Resources") && p.cfnResources(get("Resources")):
		return "an AWS CloudFormation template (Resources of Type AWS::)"
	case present("apiVersion", "kind"):
		return "a Kubernetes manifest (apiVersion and kind)"
	case present("services"):
		return "a Docker Compose file (services)"
	case present("version", "updates"):
		return "a Dependabot configuration (version and updates)"
	case present("version"):
		return p.foreignVersion(root, get("version"))
	}
	for i := 0; i < len(root.Content); i += 2 {
		if k := root.Content[i].Value; suggest.Misspelt(k, "version") || suggest.Misspelt(k, "phases") || suggest.Misspelt(k, "batch") {
			return "" // a buildspec with its keys misspelt: worth linting
		}
	}
	return "a YAML mapping without version, phases or batch"
}

// foreignDocuments gives each document of another format (one with a signature: a workflow, a
// template, a manifest...) in a file that also holds a buildspec one finding, that it is not a buildspec, instead of a buildspec's schema findings about its keys
// (a Kubernetes manifest above a buildspec is not a buildspec that lacks phases and misspells
// version as apiVersion). A file of only such documents keeps them: named on the command line, it
// is linted as a buildspec; found by discovery, it is skipped.
func foreignDocuments(docs []*Buildspec) {
	if len(docs) < 2 {
		return
	}
	buildspecs := 0
	for _, b := range docs {
		if b.OtherFormat == "" && b.Root.IsValid() && b.Root.Start.Offset < b.Root.End.Offset {
			buildspecs++
		}
	}
	if buildspecs == 0 {
		return
	}
	for _, b := range docs {
		if b.OtherFormat == "" || strings.HasPrefix(b.OtherFormat, "a YAML ") {
			continue // only a format with a signature is sure enough to replace the findings
		}
		b.Problems, b.OverProblems, b.nproblems = nil, nil, [numProblemKinds]int{}
		b.problem(InvalidDocument, b.Source.Range(b.Root.Start.Offset, b.Root.Start.Offset+1),
			fmt.Sprintf("document %d of this file is %s, not a buildspec: move it to a file of its own", b.Doc+1, b.OtherFormat))
	}
}

// otherList names the format of a document whose top level is a list (an Ansible playbook, a
// list of tasks or of values), or returns "" when an item is a mapping with version, phases or
// batch: a buildspec written as a list item by mistake, worth linting.
func (p *parser) otherList(root *yaml.Node) string {
	plays := len(root.Content) > 0
	for _, it := range root.Content {
		it = p.resolve(it)
		if it == nil || it.Kind != yaml.MappingNode {
			plays = false
			continue
		}
		hosts := false
		for i := 0; i+1 < len(it.Content); i += 2 {
			switch k := it.Content[i].Value; {
			case k == "hosts", k == "import_playbook", k == "ansible.builtin.import_playbook":
				hosts = true
			case suggest.Misspelt(k, "version"), suggest.Misspelt(k, "phases"), suggest.Misspelt(k, "batch"):
				return ""
			}
		}
		plays = plays && hosts
	}
	if plays {
		return "an Ansible playbook (a list of plays with hosts)"
	}
	return "a YAML list"
}

// foreignVersion returns the format of a mapping whose version is not a buildspec's (0.1, 0.2
// or another 0.x) and whose other keys are none of a buildspec's, or "" (a buildspec that
// lacks its phases, or has a wrong version: worth linting).
func (p *parser) foreignVersion(root, version *yaml.Node) string {
	version = p.resolve(version)
	if version == nil || version.Kind != yaml.ScalarNode || len(root.Content) < 4 {
		return ""
	}
	if v := version.Value; len(v) == 3 && v[0] == '0' && v[1] == '.' && v[2] >= '0' && v[2] <= '9' {
		return "" // 0.1, 0.2 or a mistyped 0.x: a buildspec's (a chart's 0.1.0 is not)
	}
	for i := 0; i < len(root.Content); i += 2 {
		k := root.Content[i].Value
		if k == "version" {
			continue
		}
		for _, want := range schema[""] {
			if suggest.Misspelt(k, want) {
				return ""
			}
		}
	}
	return fmt.Sprintf("a YAML file with version %q and none of a buildspec's keys", version.Value)
}

// cfnResources reports whether a Resources value is CloudFormation's: a mapping whose entries
// have a Type of the form AWS::Service::Resource (or Custom::Name, a custom resource).
func (p *parser) cfnResources(v *yaml.Node) bool {
	v = p.resolve(v)
	if v == nil || v.Kind != yaml.MappingNode {
		return false
	}
	for i := 1; i < len(v.Content); i += 2 {
		r := p.resolve(v.Content[i])
		if r == nil || r.Kind != yaml.MappingNode {
			continue
		}
		for j := 0; j+1 < len(r.Content); j += 2 {
			if r.Content[j].Value == "Type" {
				t := r.Content[j+1]
				if t.Kind == yaml.ScalarNode && (strings.HasPrefix(t.Value, "AWS::") || strings.HasPrefix(t.Value, "Custom::")) {
					return true
				}
			}
		}
	}
	return false
}
