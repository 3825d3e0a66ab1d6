// Package rules holds every buildspec-lint rule: a new rule is a *lint.Rule variable in a file of
// its own here, listed in rules.go (All), with its test beside it and its fixtures under
// testdata/rules/<name>.
//
// CONTRIBUTING.md ("Add a rule") lists the files to touch; docs/rules.md is generated from the
// rules' Doc by TestDocs.
package rules

import (
	"sort"

	"github.com/buildspec-lint/buildspec-lint/lint"
)

// all is filled by each rule file's init-free var list below; keep it the one list of rules.
var all = []*lint.Rule{
	YAMLSyntax,
	InvalidDocument,
	MissingKey,
	LegacyVersion,
	UnknownKey,
	WrongType,
	InvalidValue,
	MisplacedKey,
	UndocumentedShell,
	DuplicateKey,
	TabIndentation,
	EmptyPhase,
	ShellSyntax,
	YAMLInCommand,
	RedundantInstall,
	PerRunInstall,
	WrongPackageManager,
	RuntimeVersions,
	DockerdNotStarted,
	DockerdForeground,
	DockerdNoWait,
	DockerdDoubleStart,
	BusyboxTimeoutT,
	ECRGetLogin,
	IgnoreWithoutReason,
	UnusedIgnore,
	UnknownRuleInIgnore,
	InvalidDirective,
}

// All returns every rule, sorted by ID.
func All() lint.RuleSet {
	out := append(lint.RuleSet(nil), all...)
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// reportProblems reports the parser's problems that belong to the pass's rule.
func reportProblems(p *lint.Pass) {
	for _, pr := range p.Spec.Problems {
		if pr.Rule == p.Rule.ID {
			p.Report(pr.Range, pr.Message)
		}
	}
}
