package rules

import (
	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
	"github.com/buildspec-lint/buildspec-lint/lint/finding"
)

// InvalidValue reports a value that CodeBuild does not accept for its key.
var InvalidValue = &lint.Rule{
	Rule: finding.Rule{
		ID:       "BSL007",
		Name:     "invalid-value",
		Severity: finding.SeverityError,
		Doc: finding.Doc{
			Title: "a value that CodeBuild does not accept for its key",
			Text:  "Some keys take a fixed set of values. `version` is `0.2` (or the legacy `0.1`, see BSL004); CodeBuild rejects any other. A phase's `on-failure` is `ABORT`, `CONTINUE`, `RETRY`, `RETRY-<count>`, `RETRY-<regex>` or `RETRY-<count>-<regex>` (https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html), in upper case, with a count from 0 to 100; anything else fails the build before it starts. The finding suggests the accepted value nearest to what was written (`abort` -> `ABORT`, `retry_3` -> `RETRY-3`).",
			Bad:   "version: 0.2\nphases:\n  build:\n    on-failure: abort\n    commands:\n      - make test\n",
			Good:  "version: 0.2\nphases:\n  build:\n    on-failure: ABORT\n    commands:\n      - make test\n",
		},
	},
	Problems: []buildspec.ProblemKind{buildspec.InvalidValue},
}
