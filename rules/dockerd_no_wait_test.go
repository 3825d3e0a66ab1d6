package rules

import (
	"testing"

	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/linttest"
)

func TestDockerdNoWait(t *testing.T) {
	linttest.Run(t, lint.RuleSet{DockerdNoWait}, linttest.TestData(t, "rules", "dockerd-no-wait"), dockerOptions)
}
