package lint

import (
	"fmt"
	"strings"
	"testing"

	"github.com/buildspec-lint/buildspec-lint/lint/finding"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// wxRule is xRule for workflows too.
var wxRule = &Rule{Rule: finding.Rule{ID: "BSL998", Name: "echo-x-everywhere", Severity: finding.SeverityWarning}, Workflows: true, Check: xRule.Check}

// TestShellCommentIgnores: an ignore written as a shell comment after a command of a literal
// block covers that line, in a buildspec and in a workflow's run: block.
func TestShellCommentIgnores(t *testing.T) {
	tests := []struct {
		name, path, text, want string
	}{
		{"buildspec", "buildspec.yml", "version: 0.2\nphases:\n  build:\n    commands:\n      - |\n        echo x  # buildspec-lint ignore=BSL998 -- known\n        echo x\n", "7:14 BSL998"},
		{"buildspec, quoted #", "buildspec.yml", "version: 0.2\nphases:\n  build:\n    commands:\n      - |\n        echo x '# buildspec-lint ignore=BSL998 -- known'\n", "6:14 BSL998"},
		{"buildspec, unused", "buildspec.yml", "version: 0.2\nphases:\n  build:\n    commands:\n      - |\n        echo a  # buildspec-lint ignore=BSL998 -- stale\n", "6:17 BSL902"},
		{"workflow", ".github/workflows/ci.yml", "on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          echo x  # buildspec-lint ignore=BSL998 -- known\n          echo x\n", "8:16 BSL998"},
		{"workflow, own line", ".github/workflows/ci.yml", "on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          # buildspec-lint ignore=echo-x-everywhere -- known\n          echo x\n          echo x\n", "9:16 BSL998"},
		{"workflow, YAML comment on a plain run", ".github/workflows/ci.yml", "on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo x  # buildspec-lint ignore=BSL998 -- known\n      - run: echo x\n", "7:19 BSL998"},
		{"composite action", "action.yml", "runs:\n  using: composite\n  steps:\n    - shell: bash\n      run: |\n        echo x  # buildspec-lint ignore=BSL998 -- known\n        echo x\n", "7:14 BSL998"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := &Linter{Rules: RuleSet{wxRule, unusedRule}}
			var got []string
			for _, f := range l.Lint(source.NewSource(tt.path, []byte(tt.text)), nil) {
				if f.Rule == &wxRule.Rule || f.Rule == &unusedRule.Rule {
					got = append(got, fmt.Sprintf("%d:%d %s", f.Range.Start.Line, f.Range.Start.Col, f.RuleID()))
				}
			}
			if g := strings.Join(got, " "); g != tt.want {
				t.Errorf("findings = %q, want %q\n%s", g, tt.want, tt.text)
			}
		})
	}
}
