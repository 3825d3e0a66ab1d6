package rules

import (
	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
	"github.com/buildspec-lint/buildspec-lint/lint/finding"
)

// DuplicateKey reports a key is written twice in the same mapping.
var DuplicateKey = &lint.Rule{
	Rule: finding.Rule{
		ID:       "BSL010",
		Name:     "duplicate-key",
		Severity: finding.SeverityError,
		Doc: finding.Doc{
			Title: "a key is written twice in the same mapping",
			Text:  "YAML keeps one value per key, so when a phase or a key is written twice, one of them is silently lost: the commands of one of two `build:` phases never run. The rule checks every mapping of the file, including those whose keys CodeBuild reads without buildspec-lint checking them one by one: batch tasks (`depend-on` twice in a `build-graph` entry), their `env`, report groups, secondary artifacts. Merge the two entries, or remove one.\n\nSources: the YAML 1.2 specification, \"the content of a mapping node is an unordered set of key/value node pairs, with the restriction that each of the keys is unique\" (https://yaml.org/spec/1.2.2/), and the buildspec reference (https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html).",
			Bad:   "version: 0.2\nphases:\n  build:\n    commands:\n      - make\n  build:\n    commands:\n      - make test\n",
			Good:  "version: 0.2\nphases:\n  build:\n    commands:\n      - make\n      - make test\n",
		},
	},
	Problems: []buildspec.ProblemKind{buildspec.DuplicateKey},
}
