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

// A rule that is off by default runs only when the settings give it a severity, and then at that
// severity; severity none keeps it off. An ignore of it while it is off is not stale.
func TestOffByDefault(t *testing.T) {
	off := &Rule{Rule: finding.Rule{ID: "BSL998", Name: "echo-y", Severity: finding.SeverityNotice, Off: true}, Check: func(p *Pass) {
		for _, c := range p.Calls() {
			if len(c.Args) == 2 && c.Args[0].Value == "echo" && c.Args[1].Value == "y" {
				p.Report(c.Args[1].Range(), "echo of y")
			}
		}
	}}
	text := "version: 0.2\nphases:\n  build:\n    commands:\n      - echo y # buildspec-lint ignore=BSL998 -- known\n      - echo y\n"
	l := &Linter{Rules: RuleSet{off, unusedRule}}
	lintWith := func(fs *FileSettings) []string {
		var got []string
		for _, f := range l.Lint(source.NewSource("f.yml", []byte(text)), fs) {
			got = append(got, fmt.Sprintf("%s %s %s", f.Range.Start, f.RuleID(), f.Severity))
		}
		return got
	}
	for _, tt := range []struct {
		name string
		fs   *FileSettings
		want string
	}{
		{"no settings", nil, ""},
		{"other rules set", &FileSettings{Severity: map[string]finding.Severity{"BSL902": finding.SeverityError}}, ""},
		{"turned on", &FileSettings{Severity: map[string]finding.Severity{"BSL998": finding.SeverityNotice}}, "6:14 BSL998 notice"},
		{"turned on as an error", &FileSettings{Severity: map[string]finding.Severity{"BSL998": finding.SeverityError}}, "6:14 BSL998 error"},
		{"severity none", &FileSettings{Severity: map[string]finding.Severity{"BSL998": finding.SeverityNone}}, ""},
		{"disabled", &FileSettings{Disabled: map[string]bool{"BSL998": true}, Severity: map[string]finding.Severity{"BSL998": finding.SeverityNotice}}, ""},
	} {
		if got := strings.Join(lintWith(tt.fs), "; "); got != tt.want {
			t.Errorf("%s: findings %q, want %q", tt.name, got, tt.want)
		}
	}
	if got, want := off.DefaultText(), "off by default; turn it on with `rules: {BSL998: notice}`"; got != want {
		t.Errorf("DefaultText = %q, want %q", got, want)
	}
	if md := off.Markdown(); !strings.Contains(md, "off by default") || strings.Contains(md, "default severity") {
		t.Errorf("Markdown does not say the rule is off by default:\n%s", md)
	}
}
