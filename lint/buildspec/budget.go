package buildspec

import "github.com/buildspec-lint/buildspec-lint/lint/source"

// MaxYAMLValues bounds the YAML values (scalars, lists and mappings) and shell commands of one
// file that are read. The YAML library builds a tree of every value before the linter sees any
// (160 bytes a value), and a 4 MiB file of `k:` lines holds 2.8 million; the shell parser and the
// model spend about 700 bytes on each shell command, and `a;a;a;...` holds 2 million. Past this
// bound the rest of the file is not read, and a YAMLSyntax problem says so, so that linting any file of the
// default size limit stays under 500 MB. Real buildspecs hold a few hundred of each.
const MaxYAMLValues = 1_000_000

// The weights of what counts against MaxYAMLValues besides a value: each document is modelled
// and checked on its own, which costs about as much as documentWeight values, and a shell
// command (a line of a block scalar, or what follows ; | & ( or `) about commandWeight.
const (
	documentWeight = 100
	commandWeight  = 3
)

// maxValuesPerByte bounds what one byte of a file adds to valueBudget's count: a line counts at
// most 1 + 2 per byte (lineValues) + commandWeight per separator byte (or per block scalar line),
// and a document marker documentWeight for its three bytes. A file of at most
// MaxYAMLValues/maxValuesPerByte bytes (most files) cannot pass MaxYAMLValues, and is not
// scanned; TestMaxValuesPerByte checks the bound on the densest lines.
const maxValuesPerByte = documentWeight

// valueBudget counts the YAML values and shell commands of src from its text, without parsing it,
// and returns the offset of the line to stop reading at when the count passes max (-1 when it
// never does). The count is an upper bound: every indicator (`key:`,
// `- `, `,`, `[`) counts the values it can introduce, block scalars' content counts for nothing.
// The line to stop at is the last one, at or before the line that went over, that starts
// outside a flow collection, a quoted scalar and a block scalar, so that what comes before it
// is YAML on its own.
func valueBudget(src *source.Source, max int) (cut int) {
	data := src.Data
	count := 0
	blockIndent := -1 // the indentation block scalar content must exceed; -1 outside a block
	flow := 0
	var quote byte
	lastSafe := 0
	for ln := 1; ln <= src.Lines(); ln++ {
		start, end := src.LineStart(ln), src.LineEnd(ln)
		text := data[start:end]
		indent := 0
		for indent < len(text) && text[indent] == ' ' {
			indent++
		}
		blank := indent == len(text)
		if blockIndent >= 0 {
			if blank || indent > blockIndent {
				if !blank {
					count += commandWeight * (1 + shellSeparators(text))
				}
				if count > max {
					return lastSafe
				}
				continue
			}
			blockIndent = -1
		}
		if blank {
			continue
		}
		if flow == 0 && quote == 0 {
			lastSafe = start
		}
		if quote == 0 && (hasMarker(text, "---") || hasMarker(text, "...")) {
			count += documentWeight
			flow = 0
		} else {
			count++
			count += lineValues(text, indent, &flow, &quote, &blockIndent)
			count += commandWeight * shellSeparators(text)
		}
		if count > max {
			return lastSafe
		}
	}
	return -1
}

// shellSeparators counts the bytes of a line that can start a shell command, up to
// MaxShellTokens: a command with more tokens is not parsed at all (a ShellSyntax problem
// reports it at the token that goes over), so it costs no more than that.
func shellSeparators(text []byte) int {
	n := 0
	for _, c := range text {
		switch c {
		case ';', '|', '&', '(', '`':
			if n++; n == MaxShellTokens {
				return n
			}
		}
	}
	return n
}

// hasMarker reports whether a line starts with a document marker.
func hasMarker(text []byte, m string) bool {
	return len(text) >= 3 && string(text[:3]) == m && (len(text) == 3 || text[3] == ' ' || text[3] == '\t')
}

// lineValues counts the values the indicators of one line can introduce, and follows flow
// collections and quoted scalars across lines. When the line ends with a block scalar header,
// it sets blockIndent to the line's indentation.
func lineValues(text []byte, indent int, flow *int, quote *byte, blockIndent *int) int {
	n := 0
	spaceBefore := true
	lastToken := -1 // start of the last token outside quotes
	for i := indent; i < len(text); i++ {
		c := text[i]
		if *quote != 0 {
			switch {
			case *quote == '"' && c == '\\':
				i++
			case c == *quote:
				*quote = 0
			}
			spaceBefore = false
			continue
		}
		spaceAfter := i+1 == len(text) || text[i+1] == ' ' || text[i+1] == '\t'
		switch {
		case c == ' ' || c == '\t':
			spaceBefore = true
			continue
		case c == '#' && spaceBefore:
			i = len(text) // a comment
			continue
		case (c == '\'' || c == '"') && spaceBefore:
			*quote = c
		case c == ':' && (spaceAfter || *flow > 0):
			n += 2
		case (c == '-' || c == '?') && spaceBefore && spaceAfter:
			n++
		case c == ',' && *flow > 0:
			n += 2
		case c == '[' || c == '{':
			*flow++
			n++
		case (c == ']' || c == '}') && *flow > 0:
			*flow--
		}
		if spaceBefore {
			lastToken = i
		}
		spaceBefore = false
	}
	if lastToken >= 0 && *quote == 0 && *flow == 0 && (text[lastToken] == '|' || text[lastToken] == '>') {
		header := true
		for _, c := range text[lastToken+1:] {
			if c != '+' && c != '-' && (c < '0' || c > '9') && c != ' ' && c != '\t' {
				header = false
				break
			}
		}
		if header {
			*blockIndent = indent
		}
	}
	return n
}
