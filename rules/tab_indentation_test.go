package rules

import (
	"testing"

	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/linttest"
)

func TestTabIndentation(t *testing.T) {
	linttest.Run(t, lint.RuleSet{TabIndentation}, linttest.TestData(t, "rules", "tab-indentation"), nil)
}
