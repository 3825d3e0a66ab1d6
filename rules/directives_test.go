package rules

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
	"github.com/buildspec-lint/buildspec-lint/lint/image"
	"github.com/buildspec-lint/buildspec-lint/lint/linttest"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

func TestIgnoreWithoutReason(t *testing.T) {
	linttest.Run(t, lint.RuleSet{IgnoreWithoutReason}, linttest.TestData(t, "rules", "ignore-without-reason"), nil)
}

func TestUnusedIgnore(t *testing.T) {
	linttest.Run(t, lint.RuleSet{UnusedIgnore, EmptyPhase}, linttest.TestData(t, "rules", "unused-ignore"), nil)
}

func TestUnknownRuleInIgnore(t *testing.T) {
	linttest.Run(t, lint.RuleSet{UnknownRuleInIgnore}, linttest.TestData(t, "rules", "unknown-rule-in-ignore"), nil)
}

func TestInvalidDirective(t *testing.T) {
	linttest.Run(t, lint.RuleSet{InvalidDirective}, linttest.TestData(t, "rules", "invalid-directive"), nil)
}

// An image= directive whose image cannot be used is reported at the image name with the reason,
// from what the linter passes (Pass.ImageErr): the parsed directive is not written to.
func TestInvalidDirectiveUnusableImage(t *testing.T) {
	src := source.NewSource("f.yml", []byte("version: 0.2\n# buildspec-lint image=nope\nphases:\n  build:\n    commands:\n      - make\n---\nversion: 0.2\nphases:\n  build:\n    commands:\n      - make\n"))
	var seen []*buildspec.Buildspec
	l := &lint.Linter{Rules: lint.RuleSet{InvalidDirective}, Observe: func(_ *source.Source, specs []*buildspec.Buildspec, _ *image.Inventory) { seen = specs }}
	fs := &lint.FileSettings{ImageFor: func(name string) (*image.Inventory, error) {
		return nil, fmt.Errorf("unknown image %s: name one of ci", name)
	}}
	got := l.Lint(src, fs)
	if len(got) != 1 || got[0].Rule != &InvalidDirective.Rule || got[0].Range.String() != "2:24-2:28" || got[0].Message != "unknown image nope: name one of ci" {
		t.Errorf("findings = %v, want one invalid-directive at 2:24-2:28", got)
	}
	if fresh := buildspec.Parse(src); len(seen) != len(fresh) || !reflect.DeepEqual(seen[0].Directives, fresh[0].Directives) {
		t.Errorf("the linter changed the parsed directives: %+v, parsed %+v", seen[0].Directives, fresh[0].Directives)
	}
	fs.ImageFor = func(string) (*image.Inventory, error) { return &image.Inventory{}, nil }
	if got := l.Lint(src, fs); len(got) != 0 {
		t.Errorf("findings with the image found = %v, want none", got)
	}
}
