package rules

import (
	"testing"

	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/linttest"
)

func TestUnknownRuleInIgnore(t *testing.T) {
	linttest.Run(t, lint.RuleSet{UnknownRuleInIgnore}, linttest.TestData(t, "rules", "unknown-rule-in-ignore"), nil)
}
