// Package rules holds every buildspec-lint rule, one per file (the four directive rules share
// directives.go). A rule file declares the rule's ID, name, severity, docs and what reports its
// findings: a Check, the kinds of parser problem it reports (lint.Rule.Problems), or both.
package rules

import (
	"sort"

	"github.com/buildspec-lint/buildspec-lint/lint"
)

// all is the one list of rules: a rule declared in a file of this package and missing here fails
// TestAllListsEveryRule.
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
	YAMLAnchorInCommand,
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
