package rules

import (
	"strings"
	"testing"

	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/linttest"
)

func TestInvalidParameterName(t *testing.T) {
	linttest.Run(t, lint.RuleSet{InvalidParameterName}, linttest.TestData(t, "rules", "invalid-parameter-name"), nil)
}

func TestParameterNameProblem(t *testing.T) {
	deep := strings.Repeat("/a", 15) // 15 levels: the limit
	for _, tc := range []struct {
		in         string
		start, end int // the span blamed; 0, 0 when the name is fine
	}{
		{"JWT_SECRET", 0, 0},
		{"/ci/github/token", 0, 0},
		{"/ci/github/token:3", 0, 0},
		{"/ci/github/token:prod-label_1.x", 0, 0},
		{"my.param-name_1", 0, 0},
		{"/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64", 0, 0},
		{"/aws/reference/secretsmanager/prod/db", 0, 0},
		{"arn:aws:ssm:us-east-1:123456789012:parameter/ci/token", 0, 0},
		{"arn:aws:ssm:us-east-1:123456789012:parameter/token:2", 0, 0},
		{"  /ci/token  ", 0, 0},
		{"/${STAGE}/db/password", 0, 0},
		{deep, 0, 0},
		{"ci/github/token", 0, 15},
		{"/ci/github token", 10, 11},
		{"/ci/token!", 9, 10},
		{"/ci/token:", 9, 10},
		{"/ci/token:a:b", 9, 13},
		{":3", 0, 2},
		{"arn:aws:secretsmanager:us-east-1:123456789012:secret:db", 0, 55},
		{"arn:aws:ssm:us-east-1:123456789012:document/x", 0, 45},
		{deep + "/b", 0, 32},
		{"/" + strings.Repeat("x", 1011), 0, 1012},
		{"  ci/token", 2, 10},
	} {
		start, end, msg, bad := parameterNameProblem(tc.in)
		want := tc.start != 0 || tc.end != 0
		if bad != want || start != tc.start || end != tc.end {
			t.Errorf("parameterNameProblem(%q) = %d, %d, %q, %v; want %d, %d, bad %v", tc.in, start, end, msg, bad, tc.start, tc.end, want)
		}
	}
	if _, _, _, bad := parameterNameProblem(""); !bad {
		t.Error(`parameterNameProblem("") is not bad`)
	}
}
