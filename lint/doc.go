// Package lint is the engine: it runs rules over buildspec documents and keeps their findings.
//
// A Rule (identity and docs from package finding, plus Check) sees one parsed document through
// a Pass: the model of package buildspec and the image inventory of package image. The Linter
// reads and parses files in parallel, applies the settings of each file (rules turned off,
// severity overrides, the image), applies the `# buildspec-lint ignore=` directives (the
// ignore rules BSL901 to BSL904 are declared in package rules; the engine reports unused
// ignores itself, since only it knows what an ignore suppressed), caps and sorts the findings.
//
// The engine imports no rule, no output format and no CLI code: package rules lists the rules,
// package format writes the findings, cmd/buildspec-lint wires them together.
package lint
