package rules

import (
	"testing"

	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/linttest"
)

func TestDockerdInsecureTCP(t *testing.T) {
	linttest.Run(t, lint.RuleSet{DockerdInsecureTCP}, linttest.TestData(t, "rules", "dockerd-insecure-tcp"), dockerOptions)
}
