package rules

import (
	"testing"

	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/linttest"
)

func TestUnknownKey(t *testing.T) {
	linttest.Run(t, lint.RuleSet{UnknownKey}, linttest.TestData(t, "rules", "unknown-key"), nil)
}
