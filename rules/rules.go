// Package rules holds every buildspec-lint rule: a new rule is a *lint.Rule variable in a file of
// its own here (the four directive rules share directives.go), listed in rules.go (All), with its
// test beside it and its fixtures under testdata/rules/<name>. A rule file declares the rule's
// ID, name, severity, docs and what reports its findings: a Check, the kinds of parser problem
// it reports (lint.Rule.Problems), or both.
//
// CONTRIBUTING.md ("Add a rule") lists the files to touch; docs/rules.md is generated from the
// rules' Doc by TestDocs.
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
	ComputeUnsupported,
	UndocumentedForm,
	InvalidTemplate,
	RedundantInstall,
	PerRunInstall,
	WrongPackageManager,
	RuntimeVersions,
	RuntimeDefaultChanges,
	DockerdNotStarted,
	DockerdForeground,
	DockerdNoWait,
	DockerdDoubleStart,
	TimeoutMisplacedT,
	DockerdRemovedStorageDriver,
	DockerdInsecureTCP,
	DockerNotPrivileged,
	DockerUnavailable,
	ECRGetLogin,
	PathNotExpanded,
	ReservedVariable,
	SecretReferenceShape,
	InvalidParameterName,
	VariableNotExpanded,
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
