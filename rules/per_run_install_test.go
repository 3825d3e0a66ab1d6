package rules

import (
	"testing"

	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/linttest"
)

func TestPerRunInstall(t *testing.T) {
	linttest.Run(t, lint.RuleSet{PerRunInstall}, linttest.TestData(t, "rules", "per-run-install"), &linttest.Options{ImageFor: testImages})
}
