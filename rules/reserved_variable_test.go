package rules

import (
	"testing"

	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/linttest"
)

func TestReservedVariable(t *testing.T) {
	linttest.Run(t, lint.RuleSet{ReservedVariable}, linttest.TestData(t, "rules", "reserved-variable"), nil)
}
