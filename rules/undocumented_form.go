package rules

import (
	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
	"github.com/buildspec-lint/buildspec-lint/lint/finding"
)

// UndocumentedForm reports a value written in a form that the CodeBuild reference does not
// document, where the reference does not say what CodeBuild does with it.
var UndocumentedForm = &lint.Rule{
	Rule: finding.Rule{
		ID:       "BSL016",
		Name:     "undocumented-form",
		Severity: finding.SeverityWarning,
		Doc: finding.Doc{
			Title: "a value is written in a form that the CodeBuild reference does not document",
			Text: "The buildspec reference (https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html) " +
				"documents a phase's `commands` and `finally`, `artifacts.files` (and each secondary artifact's), " +
				"`reports.<group>.files`, `cache.paths` and `cache.fallback-keys` as lists of strings, and a batch task's " +
				"`depend-on` as a list of identifiers " +
				"(https://docs.aws.amazon.com/codebuild/latest/userguide/batch-build-buildspec.html); it lists the " +
				"`on-failure` values `ABORT`, `CONTINUE` and `RETRY` in upper case, and `cache.action` as `restore` or `save`. It does not say what CodeBuild does " +
				"with one string in place of a list, with an empty (null) list item, or with `abort`, `Retry-3` or `Save`: some of " +
				"the reference's own examples write `on-failure` in other cases, so such values may work, but nothing " +
				"promises it. This rule is a warning, not an error: write the documented form (a list item starting with " +
				"`- `, the value in its documented case) so the build does not depend on undocumented behaviour. Values that are " +
				"plainly wrong (a mapping where a list belongs, an on-failure value that is no documented form in any " +
				"case) are BSL006 wrong-type and BSL007 invalid-value.",
			Bad:  "version: 0.2\nphases:\n  build:\n    on-failure: abort\n    commands:\n      - make test\n",
			Good: "version: 0.2\nphases:\n  build:\n    on-failure: ABORT\n    commands:\n      - make test\n",
		},
	},
	Problems: []buildspec.ProblemKind{buildspec.UndocumentedForm},
}
