package buildspec

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/buildspec-lint/buildspec-lint/internal/lazyregexp"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// This file finds what the YAML decoder rejects or misreads, at the byte that causes it: syntax
// errors with a hint, bad escapes, keys that lack the space after their colon, tabs.

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
		if section != "" && !strings.Contains(section, "/") {
			m[section] = true
		}
		for _, k := range keys {
			m[k] = true
		}
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
	return src.FirstBreakingLine(line, func(prefix []byte) bool {
		_, err := decodeAll(prefix)
		return err != nil && err.msg == msg
	})
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
	return decodeAllIn(data, nil)
}

// decodeAllIn is decodeAll with the nodes that fastDecode makes cut from a (nil: allocated).
func decodeAllIn(data []byte, a *nodeArena) (nodes []*yaml.Node, err *syntaxError) {
	defer func() {
		if r := recover(); r != nil { // the YAML library must never take the linter down
			err = &syntaxError{off: -1, msg: fmt.Sprint("YAML parser failed: ", r)}
		}
	}()
	if n := fastDecode(data, a); n != nil {
		return []*yaml.Node{n}, nil
	}
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
