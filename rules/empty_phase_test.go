package rules

import (
	"testing"

	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/linttest"
)

func TestEmptyPhase(t *testing.T) {
	linttest.Run(t, lint.RuleSet{EmptyPhase}, linttest.TestData(t, "rules", "empty-phase"), nil)
}
