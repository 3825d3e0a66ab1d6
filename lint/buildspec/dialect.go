package buildspec

import (
	"fmt"
	"sort"
	"strings"
)

// This file tells which shell runs a document's commands (CodeBuild runs them with /bin/sh, or
// with PowerShell or cmd.exe on Windows images) and parses each command in that dialect.

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

// windowsFirst are the bytes that a windowsStarts entry or a cmdlet verb starts with, and
// maxVerbLen the longest verb: most commands and pipeline elements are told apart from them by
// their first byte, without the prefixes and the verb lookup.
var windowsFirst, maxVerbLen = func() (first [256]bool, longest int) {
	for _, p := range windowsStarts {
		first[p[0]] = true
	}
	for v := range cmdletVerbs {
		first[v[0]] = true
		longest = max(longest, len(v))
	}
	return first, longest
}()

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
	if s == "" || !windowsFirst[s[0]] {
		return false
	}
	for _, p := range windowsStarts {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	// The verb ends at the first "-", within the longest verb's length.
	i := strings.IndexByte(s[:min(len(s), maxVerbLen+1)], '-')
	if i < 0 {
		return false
	}
	verb, noun := s[:i], s[i+1:]
	if !cmdletVerbs[verb] || len(noun) < 2 || noun[0] < 'A' || noun[0] > 'Z' {
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
	if strings.IndexByte(s, '$') >= 0 && (strings.Contains(s, "$LASTEXITCODE") || strings.Contains(s, "$ErrorActionPreference")) {
		return true
	}
	backticks := -1 // counted when a line ends with one
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
		case t[len(t)-1] == '`' && (oddBackticks(s, &backticks) || strings.HasSuffix(t, " `")) && continuesParameters(rest):
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

// oddBackticks reports whether s holds an odd number of backticks, counting them into *n the
// first time (*n < 0).
func oddBackticks(s string, n *int) bool {
	if *n < 0 {
		*n = strings.Count(s, "`")
	}
	return *n%2 == 1
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
	if t == "" || strings.IndexByte("iefws}", t[0]) < 0 {
		return false // no keyword below starts so
	}
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
	for _, c := range b.CommandsInOrder() {
		if windowsHint(c.Value) || powerShellSyntax(c.Value) {
			return DialectPowerShell
		}
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
	cmds := b.CommandsInOrder()
	counted := !fitsBudget(cmds)
	for _, c := range cmds {
		c.Script = nil
		if counted && !b.spend(c, &budget, "document", "file") {
			c.Script = &Script{Dialect: d}
			continue
		}
		if f := p.trees[c.Value]; f != nil && d == DialectShell {
			c.Script = parseScript(c, d, f)
		}
		b.readAsShell(c, d, "command", folded(c))
	}
	sort.SliceStable(b.Problems, func(i, j int) bool { return b.Problems[i].Range.Start.Before(b.Problems[j].Range.Start) })
}

// fitsBudget reports whether cmds are too short to go over MaxDocumentTokens, without counting
// their tokens: a token is at least a byte. Then nothing is spent (most documents).
func fitsBudget(cmds []*Command) bool {
	n := 0
	for _, c := range cmds {
		if n += len(c.Value); n > MaxDocumentTokens {
			return false
		}
	}
	return true
}

// spend takes c's tokens from the token budget that the commands of its document share, and
// reports false when c is past it: c and the commands after it are then not read. The command
// that goes over is reported (unit and split name the document in the message: "the commands
// of this job ...; split the job").
func (b *Buildspec) spend(c *Command, budget *int, unit, split string) bool {
	if *budget >= 0 {
		n, _ := ShellTokens(c.Value, MaxShellTokens)
		if *budget -= n; *budget < 0 {
			b.problem(ShellSyntax, c.ValueRange(0, min(1, len(c.Value))), fmt.Sprintf("the commands of this %s have more than %d words and operators in all: this one and the rest are not checked; split the %s", unit, MaxDocumentTokens, split))
		}
	}
	return *budget >= 0
}

// readAsShell reads a command in dialect d, and records its shell problems (what names the
// command in them, hint explains them further). A command read in d already is not read again.
func (b *Buildspec) readAsShell(c *Command, d Dialect, what, hint string) {
	if c.Script == nil || c.Script.Dialect != d {
		c.Script = ParseScript(c, d)
	}
	if e := c.Script.Err; e != nil && e.Limit {
		b.problem(ShellSyntax, e.Range, e.Message)
	} else if e != nil {
		b.problem(ShellSyntax, e.Range, what+" is not valid shell: "+e.Message+hint)
	}
}
