package rules

import (
	"testing"

	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/linttest"
)

func TestIgnoreWithoutReason(t *testing.T) {
	linttest.Run(t, lint.RuleSet{IgnoreWithoutReason}, linttest.TestData(t, "rules", "ignore-without-reason"), nil)
}
