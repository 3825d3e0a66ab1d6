package buildspec

import (
	"strconv"

	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// ProblemKind is what a problem the parser found is. The parser names problems in its own terms;
// which rule reports a kind is the rule's business (lint.Rule.Problems).
type ProblemKind uint8

// The kinds of problem the parser finds.
const (
	_ ProblemKind = iota
	// YAMLSyntax: the file is not valid YAML (or a key lacks the space after its colon), or it
	// goes over a limit of the YAML layer (alias nodes, alias text, commands, values).
	YAMLSyntax
	// InvalidDocument: a document is empty, not a mapping, or of another format.
	InvalidDocument
	// MissingKey: a required key (version, phases, a phase's commands) is missing.
	MissingKey
	// UnknownKey: a key that CodeBuild does not know where it stands.
	UnknownKey
	// WrongType: a value of the wrong YAML kind (a mapping where a string belongs, ...).
	WrongType
	// InvalidValue: a value CodeBuild rejects (an unsupported version, a bad on-failure).
	InvalidValue
	// MisplacedKey: a key CodeBuild knows, in a place where it is not read.
	MisplacedKey
	// UndocumentedShell: env.shell names a shell that CodeBuild does not document.
	UndocumentedShell
	// DuplicateKey: a key written twice in one mapping.
	DuplicateKey
	// TabIndentation: a tab in the indentation of a YAML line.
	TabIndentation
	// EmptyPhase: phases, a phase or its commands hold nothing.
	EmptyPhase
	// ShellSyntax: a command is not valid shell, or goes over a limit of the shell layer.
	ShellSyntax
	// YAMLAnchorInCommand: a command item starts with a YAML anchor or is a YAML alias.
	YAMLAnchorInCommand
	// UndocumentedForm: a value written in a form the CodeBuild reference does not document
	// (an on-failure value in lower case, commands as one string, an empty list item), where
	// the reference does not say what CodeBuild does with it.
	UndocumentedForm

	numProblemKinds // the number of kinds, plus one for the zero value
)

var problemKindNames = [numProblemKinds]string{
	YAMLSyntax:          "YAMLSyntax",
	InvalidDocument:     "InvalidDocument",
	MissingKey:          "MissingKey",
	UnknownKey:          "UnknownKey",
	WrongType:           "WrongType",
	InvalidValue:        "InvalidValue",
	MisplacedKey:        "MisplacedKey",
	UndocumentedShell:   "UndocumentedShell",
	DuplicateKey:        "DuplicateKey",
	TabIndentation:      "TabIndentation",
	EmptyPhase:          "EmptyPhase",
	ShellSyntax:         "ShellSyntax",
	YAMLAnchorInCommand: "YAMLAnchorInCommand",
	UndocumentedForm:    "UndocumentedForm",
}

// String returns the kind's Go name ("YAMLSyntax").
func (k ProblemKind) String() string {
	if k > 0 && k < numProblemKinds {
		return problemKindNames[k]
	}
	return "ProblemKind(" + strconv.Itoa(int(k)) + ")"
}

// ProblemKinds returns every kind of problem the parser finds, in order.
func ProblemKinds() []ProblemKind {
	out := make([]ProblemKind, 0, numProblemKinds-1)
	for k := ProblemKind(1); k < numProblemKinds; k++ {
		out = append(out, k)
	}
	return out
}

// Problem is a defect found by the parser: what it is, where, and the message for the user.
type Problem struct {
	Kind    ProblemKind
	Range   source.Range
	Message string
	// Fix is the edit that resolves the problem, when there is one safe edit (nil otherwise).
	Fix *Replacement
}

// Replacement is a problem's fix: the text that replaces Range, and what it does ("rename
// pre-build to pre_build").
type Replacement struct {
	Message string
	Range   source.Range
	Text    string
}

// OverProblem is a problem past the cap of its kind: its kind, its range's offsets and a hash of
// its range and message (finding.Hash), which is all the linter needs to count it once.
type OverProblem struct {
	Kind       ProblemKind
	Start, End int
	Hash       uint64
}
