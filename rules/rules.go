// Package rules holds every buildspec-lint rule, one per file.
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
