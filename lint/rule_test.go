package lint

import (
	"fmt"
	"strings"
	"testing"

	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
	"github.com/buildspec-lint/buildspec-lint/lint/finding"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// The parser's problems become findings of the rule that declares their kind, including those
// past the parser's cap, which are summed up in one more finding of that rule.
func TestProblemsAreReportedByTheirRule(t *testing.T) {
	empty := &Rule{Rule: finding.Rule{ID: "BSL012", Name: "empty", Severity: finding.SeverityWarning},
		Problems: []buildspec.ProblemKind{buildspec.EmptyPhase}}
	unknown := &Rule{Rule: finding.Rule{ID: "BSL005", Name: "unknown", Severity: finding.SeverityError},
		Problems: []buildspec.ProblemKind{buildspec.UnknownKey}}
	text := "version: 0.2\nphases:\n  install:\n  pre_build:\n  post_build:\n  build:\n    commands:\n      - make\n"
	l := &Linter{Rules: RuleSet{empty, unknown}}
	var got []string
	for _, f := range l.Lint(source.NewSource("f.yml", []byte(text)), &FileSettings{Limits: &buildspec.Limits{MaxFindings: 2}}) {
		got = append(got, fmt.Sprintf("%s %s %s", f.Range.Start, f.RuleID(), f.Message))
	}
	want := []string{
		"3:3 BSL012 phase install is empty: give it commands or remove it",
		"4:3 BSL012 phase pre_build is empty: give it commands or remove it",
		"5:3 BSL012 1 more findings of this rule from here on are not shown (at most 2 per rule per file): fix the ones shown first, or raise limits.max-findings-per-rule in .buildspec-lint.yaml",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	// Without the rule that declares the kind, nobody reports it.
	l = &Linter{Rules: RuleSet{unknown}}
	if fs := l.Lint(source.NewSource("f.yml", []byte(text)), nil); len(fs) != 0 {
		t.Errorf("findings without a rule for EmptyPhase: %v", fs)
	}
}

// Every kind of problem has a name of its own.
func TestProblemKindNames(t *testing.T) {
	seen := map[string]bool{}
	for _, k := range buildspec.ProblemKinds() {
		s := k.String()
		if strings.HasPrefix(s, "ProblemKind(") || seen[s] {
			t.Errorf("kind %d is named %q", k, s)
		}
		seen[s] = true
	}
	if s := buildspec.ProblemKind(0).String(); s != "ProblemKind(0)" {
		t.Errorf("the zero kind is named %q", s)
	}
}
