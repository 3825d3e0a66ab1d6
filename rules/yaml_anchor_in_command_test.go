package rules

import (
	"testing"

	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/linttest"
)

func TestYAMLAnchorInCommand(t *testing.T) {
	linttest.Run(t, lint.RuleSet{YAMLAnchorInCommand}, linttest.TestData(t, "rules", "yaml-anchor-in-command"), nil)
}
