package rules

import (
	"testing"

	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/linttest"
)

func TestUnusedIgnore(t *testing.T) {
	linttest.Run(t, lint.RuleSet{UnusedIgnore, EmptyPhase}, linttest.TestData(t, "rules", "unused-ignore"), nil)
}
