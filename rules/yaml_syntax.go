package rules

import (
	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
	"github.com/buildspec-lint/buildspec-lint/lint/finding"
)

// YAMLSyntax reports a file that is not valid YAML.
var YAMLSyntax = &lint.Rule{
	Rule: finding.Rule{
		ID:       "BSL001",
		Name:     "yaml-syntax",
		Severity: finding.SeverityError,
		Doc: finding.Doc{
			Title: "the file is not valid YAML",
			Text: "CodeBuild reads the buildspec as YAML before the build starts and fails in DOWNLOAD_SOURCE " +
				"with YAML_FILE_ERROR when it cannot. The finding points at the line the YAML parser stopped on; " +
				"the rest of the file before it is still linted. Input over buildspec-lint's limits is reported here too, " +
				"with the limit to raise: YAML aliases and merge keys that expand to more than `limits.max-alias-nodes` " +
				"values (an alias bomb) or bring in more than 4 MiB of text in a document, more than `limits.max-commands` commands in a document, nesting deeper than " +
				"the YAML parser's 10,000 levels, and more than 1,000,000 YAML values and shell commands in the file, " +
				"past which the rest of the file is not read (see the README, \"Limits\").\n\nSources: the buildspec reference (https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html) and the YAML 1.2 specification (https://yaml.org/spec/1.2.2/).",
			Bad:  "version: 0.2\nphases:\n  build:\n    commands:\n      - echo a\n     - echo b\n",
			Good: "version: 0.2\nphases:\n  build:\n    commands:\n      - echo a\n      - echo b\n",
		},
	},
	Workflows: true,
	Problems:  []buildspec.ProblemKind{buildspec.YAMLSyntax},
}
