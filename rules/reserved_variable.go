package rules

import (
	"strings"

	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
	"github.com/buildspec-lint/buildspec-lint/lint/finding"
)

// ReservedVariable reports env variables whose names CodeBuild reserves (CODEBUILD_) and
// exported-variables it does not export (AWS_), both from build-spec-ref.html.
var ReservedVariable = &lint.Rule{
	Rule: finding.Rule{
		ID:       "BSL402",
		Name:     "reserved-variable",
		Severity: finding.SeverityWarning,
		Doc: finding.Doc{
			Title: "an env variable named with a prefix CodeBuild reserves, or an exported variable it cannot export",
			Text: "The [buildspec reference](https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html#build-spec.env.variables) " +
				"says not to set any environment variable whose name starts with `CODEBUILD_`: the prefix is reserved for " +
				"CodeBuild's internal use (its own variables, such as `CODEBUILD_SRC_DIR` and `CODEBUILD_BUILD_ID`, are listed in " +
				"[Environment variables in build environments](https://docs.aws.amazon.com/codebuild/latest/userguide/build-env-ref-env-vars.html)). " +
				"The rule reports such names under `env.variables`, `env.parameter-store` and `env.secrets-manager` (each sets an " +
				"environment variable); rename the variable. The reference does not say what CodeBuild does with such a " +
				"variable (overwrite it, or let it change its own), so the rule warns rather than reports an error.\n\n" +
				"It also reports names under `env.exported-variables` that start with `AWS_`: the reference lists environment " +
				"variables that start with `AWS_` among those that " +
				"[cannot be exported](https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html#build-spec.env.exported-variables). " +
				"Copy the value into a variable of another name in a command (`export REGION=\"$AWS_REGION\"`) and export that. " +
				"The reference sets no such limit on exporting `CODEBUILD_` variables, so they are not reported there.",
			Bad:  "version: 0.2\nenv:\n  variables:\n    CODEBUILD_CONFIG: release\nphases:\n  build:\n    commands:\n      - make \"$CODEBUILD_CONFIG\"\n",
			Good: "version: 0.2\nenv:\n  variables:\n    BUILD_CONFIG: release\nphases:\n  build:\n    commands:\n      - make \"$BUILD_CONFIG\"\n",
		},
	},
	Check: func(p *lint.Pass) {
		env := p.Spec.Env
		if env == nil {
			return
		}
		for _, sec := range []struct {
			name    string
			entries []*buildspec.Entry
		}{
			{envSection(env, "variables"), env.Variables},
			{envSection(env, "parameter-store"), env.ParameterStore},
			{envSection(env, "secrets-manager"), env.SecretsManager},
		} {
			for _, e := range sec.entries {
				if strings.HasPrefix(e.Key.Name, "CODEBUILD_") {
					p.Reportf(e.Key.Range, "%s in %s starts with CODEBUILD_, a prefix CodeBuild reserves for its own variables: rename it", e.Key.Name, sec.name)
				}
			}
		}
		for _, s := range env.ExportedVariables {
			if strings.HasPrefix(s.Value, "AWS_") {
				p.Reportf(s.Range, "CodeBuild cannot export %s (no variable whose name starts with AWS_ is exported): copy it into a variable of another name in a command and export that", s.Value)
			}
		}
	},
}
