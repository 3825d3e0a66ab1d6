package rules

import (
	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
	"github.com/buildspec-lint/buildspec-lint/lint/finding"
)

// TabIndentation reports a tab in the indentation of a YAML line.
var TabIndentation = &lint.Rule{
	Rule: finding.Rule{
		ID:       "BSL011",
		Name:     "tab-indentation",
		Severity: finding.SeverityError,
		Doc: finding.Doc{
			Title: "a tab in the indentation of a YAML line",
			Text:  "YAML allows only spaces in indentation. CodeBuild fails with YAML_FILE_ERROR \"found character that cannot start any token\" (a common report: awsdocs/aws-codebuild-user-guide#25). Inside a `|` or `>` block, a tab after the block's indentation is text and allowed. Indent with spaces.\n\nSources: the YAML 1.2 specification, \"tab characters must not be used in indentation\" (https://yaml.org/spec/1.2.2/).",
			Bad:   "version: 0.2\nphases:\n  build:\n    commands:\n\t- make test\n",
			Good:  "version: 0.2\nphases:\n  build:\n    commands:\n      - make test\n",
		},
	},
	Workflows: true,
	Problems:  []buildspec.ProblemKind{buildspec.TabIndentation},
}
