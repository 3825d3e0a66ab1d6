package rules

import (
	"testing"

	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/linttest"
)

func TestDockerdDoubleStart(t *testing.T) {
	linttest.Run(t, lint.RuleSet{DockerdDoubleStart}, linttest.TestData(t, "rules", "dockerd-double-start"), dockerOptions)
}
