package rules

import (
	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
	"github.com/buildspec-lint/buildspec-lint/lint/finding"
)

// YAMLAnchorInCommand reports a command item that starts with a YAML anchor (&name) or is a YAML
// alias (*name): YAML reads them, the shell never sees them.
var YAMLAnchorInCommand = &lint.Rule{
	Rule: finding.Rule{
		ID:       "BSL014",
		Name:     "yaml-anchor-in-command",
		Severity: finding.SeverityWarning,
		Doc: finding.Doc{
			Title: "a command item starts with a YAML anchor or is a YAML alias",
			Text: "In a YAML list item, `&name` at the start is an anchor and `*name` an alias: YAML takes them, and " +
				"the shell never sees them. `- &cmake ..` runs `..` alone (the anchor names the item), and a later " +
				"`- *cmake` runs that item again rather than a program called cmake. Both are easy to write by mistake, " +
				"for PowerShell's call operator (`&cmake ..`) or a glob (`*.sh`). If the `&` or `*` belongs to the " +
				"command, quote the whole item; if the anchor is there to reuse a command, write the command out or " +
				"put it in a script: a reader of the buildspec sees a command, not an alias. An anchor followed by a block " +
				"or quoted scalar (`- &build |`, `- &x \"make\"`) is plainly YAML's: neither it nor an alias of it is reported.\n\nSources: the YAML 1.2 specification, anchors and aliases (https://yaml.org/spec/1.2.2/), and the buildspec reference (https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html).",
			Bad:  "version: 0.2\nphases:\n  build:\n    commands:\n      - &cmake cmake ..\n      - make\n",
			Good: "version: 0.2\nphases:\n  build:\n    commands:\n      - cmake ..\n      - make\n",
		},
	},
	Problems: []buildspec.ProblemKind{buildspec.YAMLAnchorInCommand},
}
