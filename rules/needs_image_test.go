package rules

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/linttest"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// TestImageRulesAreSilentWithoutImage keeps what the no-image notice says of ImageRules true:
// each of them says nothing about any of its fixtures when no build image is configured.
func TestImageRulesAreSilentWithoutImage(t *testing.T) {
	for _, r := range ImageRules {
		l := &lint.Linter{Rules: lint.RuleSet{r}}
		n := 0
		err := filepath.WalkDir(linttest.TestData(t, "rules", r.Name), func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || !(strings.HasSuffix(path, ".yml") || strings.HasSuffix(path, ".yaml")) {
				return err
			}
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			n++
			for _, f := range l.Lint(source.NewSource(path, data), nil) {
				t.Errorf("%s is in ImageRules but reports %s:%s without an image: %s", r, path, f.Range.Start, f.Message)
			}
			return nil
		})
		if err != nil || n == 0 {
			t.Errorf("%s: fixtures: %d, %v", r, n, err)
		}
	}
}
