package rules

import (
	"testing"

	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/linttest"
)

func TestUnsupportedVersion(t *testing.T) {
	linttest.Run(t, lint.RuleSet{UnsupportedVersion}, linttest.TestData(t, "rules", "unsupported-version"), nil)
}
