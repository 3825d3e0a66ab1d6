package rules

import (
	"testing"

	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/linttest"
)

func TestDuplicateKey(t *testing.T) {
	linttest.Run(t, lint.RuleSet{DuplicateKey}, linttest.TestData(t, "rules", "duplicate-key"), nil)
}
