package rules

import (
	"testing"

	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/linttest"
)

func TestYAMLSyntax(t *testing.T) {
	linttest.Run(t, lint.RuleSet{YAMLSyntax}, linttest.TestData(t, "rules", "yaml-syntax"), nil)
}

// TestOneFindingPerCause runs every rule on files with one YAML mistake each: the mistake is
// reported once, by the rule that names it, and nothing else fires on what YAML made of it.
func TestOneFindingPerCause(t *testing.T) {
	linttest.Run(t, All(), linttest.TestData(t, "rules", "one-cause"), nil)
}
