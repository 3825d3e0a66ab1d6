package rules

import (
	"testing"

	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/linttest"
)

func TestECRGetLogin(t *testing.T) {
	linttest.Run(t, lint.RuleSet{ECRGetLogin}, linttest.TestData(t, "rules", "ecr-get-login"), dockerOptions)
}
