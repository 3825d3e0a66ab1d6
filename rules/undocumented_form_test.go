package rules

import (
	"testing"

	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/linttest"
)

func TestUndocumentedForm(t *testing.T) {
	linttest.Run(t, lint.RuleSet{UndocumentedForm}, linttest.TestData(t, "rules", "undocumented-form"), nil)
}
