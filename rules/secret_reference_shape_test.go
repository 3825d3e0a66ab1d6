package rules

import (
	"testing"

	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/linttest"
)

func TestSecretReferenceShape(t *testing.T) {
	linttest.Run(t, lint.RuleSet{SecretReferenceShape}, linttest.TestData(t, "rules", "secret-reference-shape"), nil)
}

func TestSecretRefProblem(t *testing.T) {
	for _, tc := range []struct {
		in         string
		start, end int // the span blamed; 0, 0 when the reference is fine
	}{
		{"prod/db", 0, 0},
		{"prod/db:password", 0, 0},
		{"prod/db:password:AWSPREVIOUS", 0, 0},
		{"prod/db::AWSPREVIOUS", 0, 0},
		{"prod/db:::EXAMPLE1-90ab-cdef-fedc-ba987EXAMPLE", 0, 0},
		{"prod/db:password:AWSCURRENT:", 0, 0},
		{"My+Secret=1@corp.example-x_y", 0, 0},
		{"arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf", 0, 0},
		{"arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:db:user:AWSCURRENT:", 0, 0},
		{"arn:aws:secretsmanager:us-east-1:123456789012:secret:db:user::v1", 0, 0},
		{"/${STAGE}/db:password", 0, 0},
		{"", 0, 0}, // empty: blamed as a whole, span 0..0
		{"prod/db:a:b:c:d", 13, 15},
		{"arn:aws:secretsmanager:us-east-1:123456789012:secret:db:a:b:c:d", 61, 63},
		{":password", 0, 1},
		{"arn:aws:ssm:us-east-1:123456789012:parameter/db", 0, 47},
		{"arn:aws:secretsmanager:us-east-1:123456789012:db", 0, 48},
		{"arn:aws:secretsmanager:us-east-1:123456789012:secret:", 0, 53},
		{"prod db:password", 4, 5},
		{"  prod/db:a:b:c:d  ", 15, 17},
	} {
		start, end, msg, bad := secretRefProblem(tc.in)
		want := tc.start != 0 || tc.end != 0 || tc.in == ""
		if bad != want || start != tc.start || end != tc.end {
			t.Errorf("secretRefProblem(%q) = %d, %d, %q, %v; want %d, %d, bad %v", tc.in, start, end, msg, bad, tc.start, tc.end, want)
		}
	}
}
