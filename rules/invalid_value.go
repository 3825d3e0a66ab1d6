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
			Text: "Some keys take a fixed set of values. `version` is `0.2` (or the legacy `0.1`, see BSL004); CodeBuild rejects any other. " +
				"A phase's `on-failure` is `ABORT`, `CONTINUE`, `RETRY`, `RETRY-<count>`, `RETRY-<regex>` or `RETRY-<count>-<regex>` " +
				"(https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html), with a count from 0 to 100; anything else " +
				"fails the build before it starts. The finding suggests the accepted value nearest to what was written (`STOP` is none, " +
				"`retry_3` -> `RETRY-3`); a documented value in another case (`abort`) is BSL016 undocumented-form. " +
				"A report group's `file-format` is one of `CUCUMBERJSON`, `JUNITXML`, `NUNITXML`, `NUNIT3XML`, `TESTNGXML`, " +
				"`VISUALSTUDIOTRX` (test reports) or `CLOVERXML`, `COBERTURAXML`, `JACOCOXML`, `SIMPLECOV` (coverage reports), in any case; " +
				"`cache.action` is `restore` or `save` (another case is BSL016), and `cache.fallback-keys` holds at most five keys. In `batch` " +
				"(https://docs.aws.amazon.com/codebuild/latest/userguide/batch-build-buildspec.html), `fast-fail`, `ignore-failure`, " +
				"`debug-session` and `privileged-mode` are `true` or `false`; each task's `identifier` is unique and each `depend-on` " +
				"names another task of the graph, with no cycle (no task of a cycle can start); a task's `env` sets `compute-type` or `fleet`, not both; and `build-fanout.parallelism` is a " +
				"whole number above zero (https://docs.aws.amazon.com/codebuild/latest/userguide/parallel-test-enable.html).",
			Bad:  "version: 0.2\nphases:\n  build:\n    on-failure: STOP\n    commands:\n      - make test\n",
			Good: "version: 0.2\nphases:\n  build:\n    on-failure: ABORT\n    commands:\n      - make test\n",
		},
	},
	Problems: []buildspec.ProblemKind{buildspec.InvalidValue},
}
