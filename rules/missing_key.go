package rules

import (
	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
	"github.com/buildspec-lint/buildspec-lint/lint/finding"
)

// MissingKey reports a required key is missing: version, phases, or the commands of a phase.
var MissingKey = &lint.Rule{
	Rule: finding.Rule{
		ID:       "BSL003",
		Name:     "missing-key",
		Severity: finding.SeverityError,
		Doc: finding.Doc{
			Title: "a required key is missing: version, phases, or the commands of a phase",
			Text:  "`version` and `phases` are required at the top level, and `commands` is required in the `pre_build`, `build` and `post_build` phases (only `install` may go without; https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html). CodeBuild rejects the buildspec with YAML_FILE_ERROR before the build starts. Add the key, or remove the phase that has nothing to run. Outside the phases, the reference requires `files` in `artifacts` (even when it only holds `secondary-artifacts`), in each secondary artifact and in each report group; `identifier` in each task of a batch `build-list` or `build-graph` (https://docs.aws.amazon.com/codebuild/latest/userguide/batch-build-buildspec.html); and `parallelism` in `batch.build-fanout` (https://docs.aws.amazon.com/codebuild/latest/userguide/parallel-test-enable.html). A key that is `version` or `phases` misspelt (`verison`, `phase`) is reported once, as BSL005 unknown-key with the name to write, not also here.",
			Bad:   "version: 0.2\nphases:\n  build:\n    on-failure: ABORT\n",
			Good:  "version: 0.2\nphases:\n  build:\n    on-failure: ABORT\n    commands:\n      - make test\n",
		},
	},
	Problems: []buildspec.ProblemKind{buildspec.MissingKey},
}
