package rules

import (
	"testing"

	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/linttest"
)

func TestShellSyntax(t *testing.T) {
	linttest.Run(t, lint.RuleSet{ShellSyntax}, linttest.TestData(t, "rules", "shell-syntax"), nil)
}
