// Package finding is what a run reports and what outputs need: Finding (a rule, a severity, a
// source.Range, a message and an optional Fix), Severity, and Rule, a rule's identity (stable
// ID, name, former names, default severity) and its documentation (Doc), from which --explain,
// --list-rules, docs/rules.md and SARIF's rule help are written.
//
// Output formats (package format) import this package and package source, never the parsers.
package finding
