package rules

import (
	"testing"

	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/linttest"
)

func TestInvalidDocument(t *testing.T) {
	linttest.Run(t, lint.RuleSet{InvalidDocument}, linttest.TestData(t, "rules", "invalid-document"), nil)
}
