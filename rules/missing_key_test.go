package rules

import (
	"testing"

	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/linttest"
)

func TestMissingKey(t *testing.T) {
	linttest.Run(t, lint.RuleSet{MissingKey}, linttest.TestData(t, "rules", "missing-key"), nil)
}
