package rules

import (
	"testing"

	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/linttest"
)

func TestYAMLInCommand(t *testing.T) {
	linttest.Run(t, lint.RuleSet{YAMLInCommand}, linttest.TestData(t, "rules", "yaml-anchor-in-command"), nil)
}
