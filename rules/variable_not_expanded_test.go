package rules

import (
	"testing"

	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/linttest"
)

func TestVariableNotExpanded(t *testing.T) {
	linttest.Run(t, lint.RuleSet{VariableNotExpanded}, linttest.TestData(t, "rules", "variable-not-expanded"), nil)
}
