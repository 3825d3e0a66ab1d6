// Package lint is the engine: it runs rules over buildspec documents and keeps their findings.
//
// A Rule (identity and docs from package finding) reports findings three ways: its Check sees
// one parsed document through a Pass (the model of package buildspec, the image inventory of
// package image, and what became of the file's image= directive); the parser's problems of the
// kinds it declares (Rule.Problems) become its findings; and the rule marked UnusedIgnores
// takes the ignores that suppressed nothing. The Linter reads and parses files in parallel,
// applies the settings of each file (rules turned off, severity overrides, the image), applies
// the `# buildspec-lint ignore=` directives (the directive rules are declared in one file of
// package rules, directives.go; the engine reports unused ignores itself, since only it knows
// what an ignore suppressed), caps and sorts the findings. It never writes to the model.
//
// The engine imports no rule, no output format and no CLI code: package rules lists the rules,
// package format writes the findings, cmd/buildspec-lint wires them together.
package lint
