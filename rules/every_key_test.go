package rules

import (
	"testing"

	"github.com/buildspec-lint/buildspec-lint/lint/linttest"
)

// TestEveryDocumentedKey runs every rule over buildspecs that use every key CodeBuild documents
// for version 0.2, each written as documented: not one finding.
func TestEveryDocumentedKey(t *testing.T) {
	linttest.Run(t, All(), linttest.TestData(t, "rules", "every-key"), nil)
}
