package rules

import (
	"strconv"
	"strings"

	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/finding"
)

// InvalidParameterName reports env.parameter-store values that are not Systems Manager parameter
// names (the naming rules of PutParameter and GetParameters, SSM API reference).
var InvalidParameterName = &lint.Rule{
	Rule: finding.Rule{
		ID:       "BSL404",
		Name:     "invalid-parameter-name",
		Aliases:  []string{"parameter-name-not-path"},
		Severity: finding.SeverityError,
		Doc: finding.Doc{
			Title: "an env.parameter-store value that is not a Parameter Store name",
			Text: "A value under `env.parameter-store` is the name of a Systems Manager parameter " +
				"([buildspec reference](https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html#build-spec.env.parameter-store)), " +
				"which CodeBuild reads with `ssm:GetParameters`. A name is either plain (`JWT_SECRET`) or a path in a hierarchy " +
				"(`/ci/github/token`); the [naming rules](https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_PutParameter.html#systemsmanager-PutParameter-request-Name) " +
				"allow only letters, digits and `_.-`, with `/` between the levels of a hierarchy, no spaces, at most 15 " +
				"levels and 1011 characters, and a name in a hierarchy must start with `/` " +
				"(\"you must include a leading forward slash character (/) when you create or reference a parameter\"). " +
				"[GetParameters](https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetParameters.html#systemsmanager-GetParameters-request-Names) " +
				"also takes a parameter's ARN (`arn:aws:ssm:REGION:ACCOUNT:parameter/ci/token`, for a parameter shared from " +
				"another account) and a `:version` or `:label` selector after the name. The rule reports a value that is none " +
				"of these, such as `ci/token` (a path without its leading `/`), and the ARN of something other than a " +
				"parameter (a secret goes under `env.secrets-manager`). A plain name is valid: Parameter Store names need not " +
				"be paths (the name first planned for this rule, parameter-name-not-path, still works in configuration and ignores). A value with a `$` is left alone.",
			Bad:  "version: 0.2\nenv:\n  parameter-store:\n    GITHUB_TOKEN: ci/github/token\nphases:\n  build:\n    commands:\n      - ./release\n",
			Good: "version: 0.2\nenv:\n  parameter-store:\n    GITHUB_TOKEN: /ci/github/token\nphases:\n  build:\n    commands:\n      - ./release\n",
		},
	},
	Check: func(p *lint.Pass) {
		env := p.Spec.Env
		if env == nil {
			return
		}
		for _, e := range scalarEntries(env.ParameterStore) {
			s := e.Value
			if start, end, msg, bad := parameterNameProblem(s.Value); bad {
				rng := s.Range
				if start < end {
					rng = s.ValueRange(start, end)
				}
				p.Reportf(rng, "%s: %s", e.Key.Name, msg)
			}
		}
	},
}

// Parameter Store's limits on a name (PutParameter, Name).
const (
	maxParameterDepth   = 15
	maxParameterNameLen = 1011
)

// parameterNameProblem checks a Parameter Store reference: a name (plain or a path from /), an
// optional :version or :label selector, or a parameter's ARN. It returns the byte span of v to
// blame and why, or bad false.
func parameterNameProblem(v string) (start, end int, msg string, bad bool) {
	if strings.Contains(v, "$") {
		return 0, 0, "", false // not documented as expanded or not: leave it
	}
	// The service removes spaces at the start and end of a name (PutParameter, Name).
	lead := len(v) - len(strings.TrimLeft(v, " \t"))
	t := strings.TrimRight(v[lead:], " \t")
	if t == "" {
		return 0, len(v), "the parameter name is empty: write the name of a Systems Manager parameter, such as /ci/github/token", true
	}
	if strings.HasPrefix(t, "arn:") {
		parts := strings.SplitN(t, ":", 6)
		if len(parts) == 6 && parts[2] == "ssm" && strings.HasPrefix(parts[5], "parameter/") && len(parts[5]) > len("parameter/") {
			return 0, 0, "", false
		}
		hint := ""
		if len(parts) > 2 && parts[2] == "secretsmanager" {
			hint = "; a Secrets Manager secret goes under env.secrets-manager"
		}
		return lead, lead + len(t), "the ARN is not a parameter's (arn:PARTITION:ssm:REGION:ACCOUNT:parameter/NAME)" + hint, true
	}
	name := t
	if i := strings.IndexByte(t, ':'); i >= 0 {
		name = t[:i]
		sel := t[i+1:]
		if sel == "" || strings.IndexFunc(sel, func(r rune) bool { return !isLabelRune(r) }) >= 0 {
			return lead + i, lead + len(t), "only a :version or :label selector (letters, digits and _.-) may follow a parameter name, not " + strconv.Quote(t[i:]), true
		}
	}
	if name == "" {
		return lead, lead + len(t), "the parameter name before the selector is empty", true
	}
	if i := strings.IndexFunc(name, func(r rune) bool { return !isLabelRune(r) && r != '/' }); i >= 0 {
		r := []rune(name[i:])[0]
		what := strconv.Quote(string(r)) + " is not allowed in a parameter name (letters, digits and _.- only, with / between the levels of a path)"
		if r == ' ' || r == '\t' {
			what = "a parameter name cannot contain spaces"
		}
		return lead + i, lead + i + len(string(r)), what, true
	}
	if strings.Contains(name, "/") && name[0] != '/' {
		return lead, lead + len(name), "a parameter name in a hierarchy must start with /: write /" + name, true
	}
	if n := strings.Count(name, "/"); n > maxParameterDepth {
		return lead, lead + len(name), "the name is " + strconv.Itoa(n) + " levels deep, and Parameter Store allows at most " + strconv.Itoa(maxParameterDepth), true
	}
	if len(name) > maxParameterNameLen {
		return lead, lead + len(name), "the name has " + strconv.Itoa(len(name)) + " characters, and Parameter Store allows at most " + strconv.Itoa(maxParameterNameLen), true
	}
	return 0, 0, "", false
}

// isLabelRune reports whether r may appear in a parameter name's level or in a parameter label:
// letters, digits and _.- (PutParameter, LabelParameterVersion).
func isLabelRune(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '.' || r == '-'
}
