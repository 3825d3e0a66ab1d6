package finding

import (
	"encoding/binary"
	"fmt"
	"hash/maphash"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/buildspec-lint/buildspec-lint/lint/source"
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

// Fix is the one safe change that resolves a finding: one or more edits of the file's original
// bytes, applied together. The linter offers a fix only after it has verified it (the engine's
// fix.go): applied alone, it leaves valid YAML and shell, and the finding is gone without a
// new one.
type Fix struct {
	// Message says what the fix does, in the imperative ("remove jq from this install").
	Message string
	// Edits do not overlap; identical edits of two fixes are one edit when both are applied.
	Edits []Edit
}

// Edit replaces the text of Range with NewText: "" deletes it, and an empty Range inserts.
type Edit struct {
	Range   source.Range
	NewText string
}

// NewFix returns a fix of one edit.
func NewFix(msg string, rng source.Range, newText string) *Fix {
	return &Fix{Message: msg, Edits: []Edit{{Range: rng, NewText: newText}}}
}

// Finding is one problem found in a file.
type Finding struct {
	// Path is the file as given on the command line (or relative to the working directory when
	// discovered).
	Path     string
	Rule     *Rule
	Severity Severity
	Range    source.Range
	Message  string
	Fix      *Fix
	// Tools names the executables a finding is about (install rules set it).
	Tools []string
	// Source is the file's content, for snippets.
	Source *source.Source
	// Related are other places the finding points at, each with what is there (see Related).
	Related []Related
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

// Doc is a rule's documentation; it feeds --explain, --list-rules, docs/rules.md and SARIF help.
type Doc struct {
	// Title is one line, lower case, no final period.
	Title string
	// Text explains why the rule exists and what to do (Markdown).
	Text string
	// Bad is a buildspec that raises exactly this rule; Good is its fixed form, which raises
	// nothing. Options are extra CLI-like settings the examples need (e.g. "--image docker:dind").
	Bad, Good string
	Options   []string
	// WorkflowBad is a GitHub Actions workflow that raises exactly this rule, and WorkflowGood its
	// fixed form, for a rule that lints workflows too ("" when it does not); WorkflowOptions are
	// the settings of those examples (nil: Options), whose jobs run on GitHub-hosted runners
	// with that image.
	WorkflowBad, WorkflowGood string
	WorkflowOptions           []string
}

// Rule is a rule's identity and documentation: what a finding carries and what outputs print
// (package lint adds the check itself).
type Rule struct {
	// ID is stable and never reused: BSL0xx syntax and schema, 1xx per-run provisioning,
	// 2xx Docker daemon, 3xx command correctness, 4xx env and secrets, 5xx artifacts and cache,
	// 9xx ignore directives.
	ID   string
	Name string
	// Aliases are former names of the rule, still accepted wherever a name is (configuration,
	// ignore directives, --explain); IDs never change, names may.
	Aliases  []string
	Severity Severity
	// Off says that the rule does not run unless the configuration sets its severity
	// (`rules: {BSL105: notice}`); Severity is then what its documentation suggests.
	Off bool
	Doc Doc
}

// DefaultText says how the rule runs by default: its severity, or "off by default; turn it on
// with `rules: {ID: SEVERITY}`" for a rule that is off by default.
func (r *Rule) DefaultText() string {
	if r.Off {
		return "off by default; turn it on with `rules: {" + r.ID + ": " + r.Severity.String() + "}`"
	}
	return r.Severity.String()
}

// String returns "ID name".
func (r *Rule) String() string { return r.ID + " " + r.Name }

// Sort sorts findings by file, line, column, rule and message.
func Sort(fs []*Finding) {
	sort.SliceStable(fs, func(i, j int) bool { return fs[i].Less(fs[j]) })
}

// Rules is a list of rules with look-ups by ID and name.
type Rules []*Rule

// Lookup finds a rule by ID, name or alias, case-insensitively for IDs.
func (rs Rules) Lookup(idOrName string) *Rule {
	if i := Index(len(rs), func(i int) *Rule { return rs[i] }, idOrName); i >= 0 {
		return rs[i]
	}
	return nil
}

// Index returns the index of the rule that idOrName names among n rules (rule(i) is the i-th),
// or -1: its ID in any case or its name first, then a former name (Aliases).
func Index(n int, rule func(i int) *Rule, idOrName string) int {
	for i := range n {
		if r := rule(i); strings.EqualFold(r.ID, idOrName) || r.Name == idOrName {
			return i
		}
	}
	for i := range n {
		if slices.Contains(rule(i).Aliases, idOrName) {
			return i
		}
	}
	return -1
}

// hashSeed seeds Hash for the whole run.
var hashSeed = maphash.MakeSeed()

// Hash hashes what makes a finding the same as another finding of its rule: its range and
// message. (The rule is not hashed: findings are counted once per rule.)
func Hash(start, end int, msg string) uint64 {
	var h maphash.Hash
	h.SetSeed(hashSeed)
	var b [16]byte
	binary.LittleEndian.PutUint64(b[:8], uint64(start))
	binary.LittleEndian.PutUint64(b[8:16], uint64(end))
	h.Write(b[:])
	h.WriteString(msg)
	return h.Sum64()
}
