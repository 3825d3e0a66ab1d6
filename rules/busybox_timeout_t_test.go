package rules

import (
	"testing"

	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/linttest"
)

func TestBusyboxTimeoutT(t *testing.T) {
	linttest.Run(t, lint.RuleSet{BusyboxTimeoutT}, linttest.TestData(t, "rules", "busybox-timeout-t"), dockerOptions)
}
