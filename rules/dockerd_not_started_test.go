package rules

import (
	"testing"

	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/linttest"
)

func TestDockerdNotStarted(t *testing.T) {
	linttest.Run(t, lint.RuleSet{DockerdNotStarted}, linttest.TestData(t, "rules", "dockerd-not-started"), dockerOptions)
}
