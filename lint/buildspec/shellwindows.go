package buildspec

import (
	"strings"
)

// This file splits PowerShell and cmd.exe commands into Calls, which the POSIX shell parser
// cannot read: enough of their syntax to find the programs they run and their arguments.

// tokenizeWindows splits a PowerShell or cmd line into calls: words separated by blanks, with
// quotes kept together, and calls separated by ; | & and newlines. It is not a PowerShell parser;
// it is enough to see `choco install -y terraform` and where each word is. Past MaxShellTokens
// words and separators, as for a shell command, it stops and returns the offset where it went
// over (-1: not over).
func tokenizeWindows(cmd *Command, text string, pm posMap) ([]*Call, int) {
	var calls []*Call
	tokens := 0
	var cur *Call
	start := -1
	flush := func() {
		if cur != nil && len(cur.Args) > 0 {
			cur.SetExtent(cur.Args[0], cur.Args[len(cur.Args)-1])
			cur.Words = cur.Args
			calls = append(calls, cur)
		}
		cur = nil
	}
	addWord := func(s, e int) {
		if cur == nil {
			cur = &Call{Command: cmd}
		}
		raw := text[s:e]
		v := strings.Trim(raw, `"'`)
		cur.Args = append(cur.Args, &Word{Value: v, Lit: !strings.ContainsAny(v, "$%"), at: span{start: s, end: e, pm: pm}})
	}
	var quote byte
	for i := 0; i <= len(text); i++ {
		var c byte
		if i < len(text) {
			c = text[i]
		}
		if quote != 0 {
			if c == quote || i == len(text) {
				quote = 0
			}
			continue
		}
		switch {
		case i == len(text) || c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ';' || c == '|' || c == '&':
			if c == ';' || c == '|' || c == '&' {
				tokens++
			}
			if start >= 0 {
				if tokens++; tokens > MaxShellTokens {
					return calls, start
				}
				addWord(start, i)
				start = -1
			}
			if tokens > MaxShellTokens {
				return calls, i
			}
			if i == len(text) || c == ';' || c == '|' || c == '&' || c == '\n' {
				flush()
			}
		case c == '"' || c == '\'':
			if start < 0 {
				start = i
			}
			quote = c
		case c == '#' && start < 0 && (cur == nil || len(cur.Args) == 0):
			// a comment to the end of the line
			for i < len(text) && text[i] != '\n' {
				i++
			}
			flush()
		default:
			if start < 0 {
				start = i
			}
		}
	}
	flush()
	return calls, -1
}
