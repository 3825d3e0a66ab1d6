package rules

import (
	"strconv"
	"strings"

	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/finding"
)

// SecretReferenceShape reports env.secrets-manager values that are not
// secret-id[:json-key[:version-stage[:version-id]]] (build-spec-ref.html, env/secrets-manager).
var SecretReferenceShape = &lint.Rule{
	Rule: finding.Rule{
		ID:       "BSL403",
		Name:     "secret-reference-shape",
		Severity: finding.SeverityError,
		Doc: finding.Doc{
			Title: "an env.secrets-manager value that is not a Secrets Manager reference",
			Text: "A value under `env.secrets-manager` is `secret-id:json-key:version-stage:version-id` " +
				"([buildspec reference](https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html#build-spec.env.secrets-manager)): " +
				"the secret-id is required, the secret's name or, for a secret of another account, its ARN " +
				"(`arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME`, which holds colons of its own); the json-key, " +
				"version-stage and version-id after it are optional, and a field left empty (`prod/db::AWSPREVIOUS`) is " +
				"skipped. The rule reports a reference CodeBuild cannot resolve: an empty secret-id, more fields than these " +
				"four (a secret name cannot contain a colon), an ARN that is cut short or names another service (a Systems " +
				"Manager parameter goes under `env.parameter-store`), and a secret name with a character that " +
				"[secret names](https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html#SecretsManager-CreateSecret-request-Name) " +
				"cannot hold (they are ASCII letters, digits and `/_+=.@-`). A value with a `$` is left alone.",
			Bad:  "version: 0.2\nenv:\n  secrets-manager:\n    DB_PASSWORD: \"prod/db:password:AWSCURRENT:v1:extra\"\nphases:\n  build:\n    commands:\n      - ./migrate\n",
			Good: "version: 0.2\nenv:\n  secrets-manager:\n    DB_PASSWORD: \"prod/db:password\"\nphases:\n  build:\n    commands:\n      - ./migrate\n",
		},
	},
	Check: func(p *lint.Pass) {
		env := p.Spec.Env
		if env == nil {
			return
		}
		for _, e := range scalarEntries(env.SecretsManager) {
			s := e.Value
			if start, end, msg, bad := secretRefProblem(s.Value); bad {
				rng := s.Range
				if start < end {
					rng = s.ValueRange(start, end)
				}
				p.Reportf(rng, "%s: %s", e.Key.Name, msg)
			}
		}
	},
}

// secretRefProblem checks a Secrets Manager reference, secret-id[:json-key[:version-stage[:version-id]]]
// where secret-id is a name or an ARN. It returns the byte span of v to blame and why, or bad false.
func secretRefProblem(v string) (start, end int, msg string, bad bool) {
	const shape = "secret-id:json-key:version-stage:version-id"
	if strings.Contains(v, "$") {
		return 0, 0, "", false // not documented as expanded or not: leave it
	}
	lead := len(v) - len(strings.TrimLeft(v, " \t"))
	t := strings.TrimRight(v[lead:], " \t")
	if t == "" {
		return 0, len(v), "the secret reference is empty: write " + shape + " (only the secret-id is required)", true
	}
	parts := strings.Split(t, ":")
	// off returns the offset in v of parts[i].
	off := func(i int) int {
		n := lead
		for _, p := range parts[:i] {
			n += len(p) + 1
		}
		return n
	}
	idParts := 1
	if parts[0] == "arn" && len(parts) > 2 {
		if parts[2] != "secretsmanager" {
			hint := ""
			if parts[2] == "ssm" {
				hint = "; a Systems Manager parameter goes under env.parameter-store"
			}
			return lead, lead + len(t), "the ARN names " + parts[2] + ", not Secrets Manager" + hint, true
		}
		if len(parts) < 7 || parts[5] != "secret" || parts[6] == "" {
			return lead, lead + len(t), "the ARN is not a secret's (arn:PARTITION:secretsmanager:REGION:ACCOUNT:secret:NAME), so the reference cannot be read as " + shape, true
		}
		idParts = 7
	} else {
		if parts[0] == "" {
			return lead, lead + 1, "the secret-id before the first colon is empty: write " + shape, true
		}
		if i := strings.IndexFunc(parts[0], func(r rune) bool { return !isSecretNameRune(r) }); i >= 0 {
			r := []rune(parts[0][i:])[0]
			return lead + i, lead + i + len(string(r)), "the secret name " + strconv.Quote(parts[0]) + " has " + strconv.Quote(string(r)) + ", which a secret name cannot hold (ASCII letters, digits and /_+=.@- only)", true
		}
	}
	if extra := len(parts) - idParts; extra > 3 {
		at := off(idParts + 3)
		return at - 1, lead + len(t), "the reference has " + strconv.Itoa(extra) + " fields after the secret-id, where " + shape + " has at most three (a secret name cannot contain a colon)", true
	}
	return 0, 0, "", false
}

// isSecretNameRune reports whether r may appear in a secret's name (CreateSecret: ASCII letters,
// digits and /_+=.@-).
func isSecretNameRune(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("/_+=.@-", r)
}
