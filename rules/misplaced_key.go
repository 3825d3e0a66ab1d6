package rules

import (
	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
	"github.com/buildspec-lint/buildspec-lint/lint/finding"
)

// MisplacedKey reports a key written where CodeBuild does not read it.
var MisplacedKey = &lint.Rule{
	Rule: finding.Rule{
		ID:       "BSL008",
		Name:     "misplaced-key",
		Severity: finding.SeverityWarning,
		Doc: finding.Doc{
			Title: "a key written where CodeBuild does not read it",
			Text:  "Some keys are only read in one place (https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html): `runtime-versions` only in the `install` phase, `run-as` at the top level or in a phase, `commands` and `finally` in a phase, `shell` and `variables` under `env`. Written elsewhere they are ignored or rejected. In a version 0.2 buildspec, version 0.1's `environment_variables` and `plaintext` are named `env` and `variables`. `depend-on` is only read in `build-graph` tasks, a batch task's `image`, `compute-type`, `fleet`, `type`, `privileged-mode` and `variables` only under its `env`, and `cache.fallback-keys` only with `cache.key`. Move the key where it belongs.",
			Bad:   "version: 0.2\nphases:\n  build:\n    runtime-versions:\n      python: 3.12\n    commands:\n      - make test\n",
			Good:  "version: 0.2\nphases:\n  install:\n    runtime-versions:\n      python: 3.12\n  build:\n    commands:\n      - make test\n",
		},
	},
	Problems: []buildspec.ProblemKind{buildspec.MisplacedKey},
}
