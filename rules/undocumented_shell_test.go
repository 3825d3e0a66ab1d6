package rules

import (
	"testing"

	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/linttest"
)

func TestUndocumentedShell(t *testing.T) {
	linttest.Run(t, lint.RuleSet{UndocumentedShell}, linttest.TestData(t, "rules", "undocumented-shell"), nil)
}
