package rules

import (
	"testing"

	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/linttest"
)

func TestMisplacedKey(t *testing.T) {
	linttest.Run(t, lint.RuleSet{MisplacedKey}, linttest.TestData(t, "rules", "misplaced-key"), nil)
}
