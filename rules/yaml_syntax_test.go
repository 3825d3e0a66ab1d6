package rules

import (
	"testing"

	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/linttest"
)

func TestYAMLSyntax(t *testing.T) {
	linttest.Run(t, lint.RuleSet{YAMLSyntax}, linttest.TestData(t, "rules", "yaml-syntax"), nil)
}
