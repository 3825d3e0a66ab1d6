package rules

import (
	"testing"

	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/linttest"
)

func TestInvalidValue(t *testing.T) {
	linttest.Run(t, lint.RuleSet{InvalidValue}, linttest.TestData(t, "rules", "invalid-value"), nil)
}
