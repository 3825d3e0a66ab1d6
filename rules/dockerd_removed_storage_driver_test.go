package rules

import (
	"testing"

	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/linttest"
)

func TestDockerdRemovedStorageDriver(t *testing.T) {
	linttest.Run(t, lint.RuleSet{DockerdRemovedStorageDriver}, linttest.TestData(t, "rules", "dockerd-removed-storage-driver"), dockerOptions)
}
