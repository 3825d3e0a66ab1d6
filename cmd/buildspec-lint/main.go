// Command buildspec-lint lints AWS CodeBuild buildspec files; this package is only the CLI (flags,
// file discovery, configuration lookup, exit codes), wiring the engine (lint), the rules (rules)
// and the outputs (lint/format, internal/ghactions) together.
//
// No rule, parser or output format lives here: a rule goes in rules, what the parser reads in
// lint/buildspec, an output format in lint/format's registry. A new flag is defined in newFlags
// and documented in the README's flag table, which an integration test checks against --help.
package main

import (
	"os"
)

func main() {
	limitMemory()
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
