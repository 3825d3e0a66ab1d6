package rules

import (
	"strings"
	"testing"
	"time"

	"github.com/buildspec-lint/buildspec-lint/internal/inventory"
	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/linttest"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

func TestECRGetLogin(t *testing.T) {
	linttest.Run(t, lint.RuleSet{ECRGetLogin}, linttest.TestData(t, "rules", "ecr-get-login"), dockerOptions)
}

// TestECRGetLoginLinear: thousands of AWS CLI installs and logins in one document are matched in
// linear time (one index of the calls, a binary search per login), by BSL301 and BSL101 alike.
func TestECRGetLoginLinear(t *testing.T) {
	var b strings.Builder
	b.WriteString("version: 0.2\nphases:\n  build:\n    commands:\n")
	for range 4000 {
		b.WriteString("      - pip install awscli\n      - $(aws ecr get-login --no-include-email)\n")
	}
	src := source.NewSource("t.yml", []byte(b.String()))
	done := make(chan int, 1)
	go func() {
		l := &lint.Linter{Rules: lint.RuleSet{ECRGetLogin, RedundantInstall}}
		done <- len(l.Lint(src, &lint.FileSettings{Image: inventory.Builtin("aws/codebuild/standard:7.0")}))
	}()
	select {
	case n := <-done:
		if n == 0 {
			t.Error("no BSL101 finding on the installs of v1 over the image's v2")
		}
	case <-time.After(20 * time.Second):
		t.Fatal("over 20 s for 4000 installs and logins: quadratic")
	}
}
