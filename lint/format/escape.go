package format

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// Text from the files (paths, messages that quote a file, source lines) reaches terminals, CI
// logs and web pages. These functions show the characters that could act on the reader instead
// of being read as visible escapes, and keep all other Unicode (é, 日本, ✅) as it is.

// Escape returns s with every character that a terminal, a CI log or a browser could act on, or
// that could make the text read differently from what it is, shown as a Go-style escape:
//
//   - C0 controls as \a \b \t \n \v \f \r or \xHH (ESC is \x1b), and DEL as \x7f: a line break
//     would start a line of the attacker's choosing (a GitHub workflow command), ESC an ANSI
//     sequence;
//   - C1 controls (U+0080-U+009F, among them CSI U+009B, which terminals obey like ESC [) as
//     \u0085 and so on;
//   - the line and paragraph separators U+2028 and U+2029, and the format and default-ignorable
//     characters: bidirectional controls (U+202A-U+202E, U+2066-U+2069, U+200E, U+200F,
//     U+061C), zero-width characters, soft hyphen, variation selectors, tags, as \u202e and so
//     on (\U000e0041 beyond the BMP): bidi controls reorder what is shown ("Trojan Source"), and
//     invisible characters hide text from a reader and from naive matching;
//   - a byte that is not valid UTF-8 as \xHH.
//
// A backslash is left alone, so that Windows paths and shell text stay readable; the escapes
// are for safety, not to be decoded. Escape is idempotent. It allocates only when s has
// something to escape.
func Escape(s string) string {
	i := 0
	for i < len(s) {
		if c := s[i]; c >= 0x20 && c < 0x7f {
			i++ // printable ASCII, most of any text: nothing to decode
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if needsEscape(r, n) {
			break
		}
		i += n
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	b.WriteString(s[:i])
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if needsEscape(r, n) {
			writeEscape(&b, r, n, s[i])
		} else {
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// needsEscape reports whether the rune r, decoded from n bytes, is one that Escape escapes.
func needsEscape(r rune, n int) bool {
	switch {
	case r == utf8.RuneError && n <= 1:
		return true // an invalid byte
	case r < 0x20 || r == 0x7f:
		return true
	case r < 0xa0:
		return r >= 0x80
	case r < 0xad:
		return false // fast path for Latin-1
	case r == 0x2028 || r == 0x2029:
		return true
	}
	return unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Other_Default_Ignorable_Code_Point, r) ||
		unicode.Is(unicode.Variation_Selector, r)
}

// writeEscape writes the escape of r (decoded from n bytes; c is the first byte).
func writeEscape(b *strings.Builder, r rune, n int, c byte) {
	const hex = "0123456789abcdef"
	switch {
	case r == utf8.RuneError && n <= 1:
		b.WriteString(`\x`)
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&0xf])
	case r < 0x20 || r == 0x7f:
		if e := controlEscape(r); e != "" {
			b.WriteString(e)
			return
		}
		b.WriteString(`\x`)
		b.WriteByte(hex[r>>4])
		b.WriteByte(hex[r&0xf])
	case r < 0x10000:
		b.WriteString(`\u`)
		s := strconv.FormatInt(int64(r), 16)
		b.WriteString(strings.Repeat("0", 4-len(s)))
		b.WriteString(s)
	default:
		b.WriteString(`\U`)
		s := strconv.FormatInt(int64(r), 16)
		b.WriteString(strings.Repeat("0", 8-len(s)))
		b.WriteString(s)
	}
}

func controlEscape(r rune) string {
	switch r {
	case '\a':
		return `\a`
	case '\b':
		return `\b`
	case '\t':
		return `\t`
	case '\n':
		return `\n`
	case '\v':
		return `\v`
	case '\f':
		return `\f`
	case '\r':
		return `\r`
	}
	return ""
}

// escapedRune returns the escape of one rune (its text when it needs none).
func escapedRune(r rune, n int, c byte) string {
	if !needsEscape(r, n) {
		return string(r)
	}
	var b strings.Builder
	writeEscape(&b, r, n, c)
	return b.String()
}

// v1Command is how the GitHub Actions runner's older workflow-command syntax starts
// (##[error]message): the runner looks for it anywhere in a line of the log.
const v1Command = "##["

// v1Broken is what LogText writes instead of v1Command.
const v1Broken = `##\x5b`

// LogText is Escape for text printed to a log (the text format, standard error): it also breaks
// "##[", which the GitHub Actions runner obeys anywhere in a line as a workflow command
// (##[error]..., ##[add-mask]..., ##[stop-commands]...), by showing its bracket as \x5b.
func LogText(s string) string {
	s = Escape(s)
	if strings.Contains(s, v1Command) {
		s = strings.ReplaceAll(s, v1Command, v1Broken)
	}
	return s
}

// LogLine is LogText for text that starts a line of a log, a path or an error message that
// begins with one. The runner also obeys a line that starts, after white space, with "::" (the
// workflow-command syntax ::error file=...::message), so such text gets a "./" in front: for a
// relative path (the only kind that can start so) that names the same file.
func LogLine(s string) string {
	s = LogText(s)
	if strings.HasPrefix(strings.TrimLeftFunc(s, unicode.IsSpace), "::") {
		s = "./" + s
	}
	return s
}

// LogPath is LogLine for a path that starts a line and is followed by ":" (file:line:col:): a
// path that starts with a colon, after white space, gets a "./" in front, since the colon after
// it would make the line start with "::".
func LogPath(s string) string {
	s = LogText(s)
	if strings.HasPrefix(strings.TrimLeftFunc(s, unicode.IsSpace), ":") {
		s = "./" + s
	}
	return s
}

// jsonWriter passes JSON text on with what encoding/json leaves raw but Escape escapes (DEL, C1
// controls, line separators, format and default-ignorable characters: encoding/json escapes only
// the C0 controls, U+2028 and U+2029) written as \uXXXX escapes, and the "[" of "##[" as
// \u005b. The JSON means exactly the same; printed to a terminal or a CI log, it can neither act
// on the terminal, nor hide or reorder text, nor be read as a workflow command. Each Write must
// hold whole characters, as encoding/json's Encoder writes a whole value at a time.
type jsonWriter struct{ w io.Writer }

func (j jsonWriter) Write(p []byte) (int, error) {
	clean := true
	for i := 0; i < len(p) && clean; {
		if p[i] < utf8.RuneSelf && p[i] != 0x7f && p[i] != '#' {
			i++
			continue
		}
		r, n := utf8.DecodeRune(p[i:])
		clean = !needsEscape(r, n) && !bytes.HasPrefix(p[i:], []byte(v1Command))
		i += n
	}
	if clean {
		return j.w.Write(p)
	}
	out := make([]byte, 0, len(p)+16)
	for i := 0; i < len(p); {
		if bytes.HasPrefix(p[i:], []byte(v1Command)) {
			out = append(out, `##\u005b`...)
			i += len(v1Command)
			continue
		}
		r, n := utf8.DecodeRune(p[i:])
		if r < 0x20 || !needsEscape(r, n) || (r == utf8.RuneError && n <= 1) {
			out = append(out, p[i:i+n]...) // C0 is escaped already; invalid bytes are not written by encoding/json
		} else {
			for _, u := range utf16.Encode([]rune{r}) {
				out = fmt.Appendf(out, `\u%04x`, u)
			}
		}
		i += n
	}
	if _, err := j.w.Write(out); err != nil {
		return 0, err
	}
	return len(p), nil
}

// EscapeMultiline is Escape except for line breaks (CR and LF), which are kept: for text whose
// line breaks are encoded by its container, such as a workflow command's message (%0A) or a
// check run annotation's JSON, and shown as line breaks, never as a new line of a log.
func EscapeMultiline(s string) string {
	if !strings.ContainsAny(s, "\r\n") {
		return Escape(s)
	}
	var b strings.Builder
	for {
		i := strings.IndexAny(s, "\r\n")
		if i < 0 {
			b.WriteString(Escape(s))
			return b.String()
		}
		b.WriteString(Escape(s[:i]))
		b.WriteByte(s[i])
		s = s[i+1:]
	}
}
