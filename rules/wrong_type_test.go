package rules

import (
	"testing"

	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/linttest"
)

func TestWrongType(t *testing.T) {
	linttest.Run(t, lint.RuleSet{WrongType}, linttest.TestData(t, "rules", "wrong-type"), nil)
}
