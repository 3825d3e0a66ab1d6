package rules

import (
	"testing"

	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/linttest"
)

func TestTimeoutMisplacedT(t *testing.T) {
	linttest.Run(t, lint.RuleSet{TimeoutMisplacedT}, linttest.TestData(t, "rules", "timeout-misplaced-t"), dockerOptions)
}
