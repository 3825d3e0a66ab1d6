package rules

import (
	"testing"

	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/linttest"
)

func TestInvalidDirective(t *testing.T) {
	linttest.Run(t, lint.RuleSet{InvalidDirective}, linttest.TestData(t, "rules", "invalid-directive"), nil)
}
