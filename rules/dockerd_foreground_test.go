package rules

import (
	"testing"

	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/linttest"
)

func TestDockerdForeground(t *testing.T) {
	linttest.Run(t, lint.RuleSet{DockerdForeground}, linttest.TestData(t, "rules", "dockerd-foreground"), dockerOptions)
}
