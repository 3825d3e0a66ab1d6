package lint

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Severity is how serious a finding is.
type Severity int

// The severities, from least to most serious. SeverityNone is only a fail level ("never fail").
const (
	SeverityNone Severity = iota
	SeverityNotice
	SeverityWarning
	SeverityError
)

func (s Severity) String() string {
	switch s {
	case SeverityNotice:
		return "notice"
	case SeverityWarning:
		return "warning"
	case SeverityError:
		return "error"
	}
	return "none"
}

// ParseSeverity reads a severity name: error, warning, notice, or none (also "off" for none).
func ParseSeverity(s string) (Severity, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "error":
		return SeverityError, nil
	case "warning", "warn":
		return SeverityWarning, nil
	case "notice", "info", "note":
		return SeverityNotice, nil
	case "none", "off":
		return SeverityNone, nil
	}
	return SeverityNone, fmt.Errorf("unknown severity %q (want error, warning, notice or none)", s)
}

// MaxMessageLen is the most bytes of a finding's message. Messages quote names from the files and
// the configuration (a package, an image, a rule name): without a bound, one long name quoted by
// each of a file's thousands of findings makes gigabytes of output.
const MaxMessageLen = 1024

// ElideMessage returns msg, or when it is longer than MaxMessageLen its start and its end (where
// the advice is) around "...", cut between characters.
func ElideMessage(msg string) string {
	if len(msg) <= MaxMessageLen {
		return msg
	}
	head, tail := MaxMessageLen/2, len(msg)-(MaxMessageLen/2-3)
	for i := 1; i < utf8.UTFMax && head > 0 && !utf8.RuneStart(msg[head]); i++ {
		head--
	}
	for i := 1; i < utf8.UTFMax && tail < len(msg) && !utf8.RuneStart(msg[tail]); i++ {
		tail++
	}
	return msg[:head] + "..." + msg[tail:]
}

// Fix is a suggested edit: replace the text of Range with NewText ("" deletes it).
type Fix struct {
	Message string `json:"message"`
	Range   Range  `json:"-"`
	NewText string `json:"new_text"`
}

// Finding is one problem found in a file.
type Finding struct {
	// Path is the file as given on the command line (or relative to the working directory when
	// discovered).
	Path     string
	Rule     *Rule
	Severity Severity
	Range    Range
	Message  string
	Fix      *Fix
	// Tools names the executables a finding is about (install rules set it).
	Tools []string
	// Source is the file's content, for snippets.
	Source *Source
}

// RuleID returns the finding's rule ID ("" when it has none).
func (f *Finding) RuleID() string {
	if f.Rule == nil {
		return ""
	}
	return f.Rule.ID
}

// RuleName returns the finding's rule name.
func (f *Finding) RuleName() string {
	if f.Rule == nil {
		return ""
	}
	return f.Rule.Name
}

// RuleTitle returns the finding's rule as its outputs name it, "BSL101 redundant-install"
// ("" when it has none).
func (f *Finding) RuleTitle() string {
	if f.Rule == nil {
		return ""
	}
	return strings.TrimSpace(f.Rule.String())
}

// Less orders findings by file, line, column, rule, then message.
func (f *Finding) Less(g *Finding) bool {
	if f.Path != g.Path {
		return f.Path < g.Path
	}
	if f.Range.Start.Line != g.Range.Start.Line {
		return f.Range.Start.Line < g.Range.Start.Line
	}
	if f.Range.Start.Col != g.Range.Start.Col {
		return f.Range.Start.Col < g.Range.Start.Col
	}
	if f.RuleID() != g.RuleID() {
		return f.RuleID() < g.RuleID()
	}
	return f.Message < g.Message
}
