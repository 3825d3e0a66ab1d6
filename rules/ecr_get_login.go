package rules

import (
	"strconv"

	"github.com/buildspec-lint/buildspec-lint/lint"
)

// ECRGetLogin reports `aws ecr get-login`, which AWS CLI v2 removed (buildspec.md §7).
var ECRGetLogin = &lint.Rule{
	ID:       "BSL301",
	Name:     "ecr-get-login",
	Severity: lint.SeverityWarning,
	Doc: lint.Doc{
		Title: "`aws ecr get-login` does not exist in AWS CLI v2",
		Text: "AWS CLI v2 removed `aws ecr get-login` ([migration guide](https://docs.aws.amazon.com/cli/latest/userguide/cliv2-migration-changes.html#cliv2-migration-ecr-get-login)); " +
			"every current CodeBuild curated image ships v2, so `$(aws ecr get-login --no-include-email)` fails " +
			"there with `Invalid choice`. Log in with " +
			"[get-login-password](https://docs.aws.amazon.com/cli/latest/reference/ecr/get-login-password.html), " +
			"which v2 and v1 (1.17.10 and later) both have:\n\n" +
			"    aws ecr get-login-password --region $AWS_DEFAULT_REGION | docker login --username AWS --password-stdin $AWS_ACCOUNT_ID.dkr.ecr.$AWS_DEFAULT_REGION.amazonaws.com\n\n" +
			"The rule is silent when the image's AWS CLI is known to be v1.",
		Bad: "version: 0.2\nphases:\n  pre_build:\n    commands:\n      - $(aws ecr get-login --no-include-email --region $AWS_DEFAULT_REGION)\n",
		Good: "version: 0.2\nphases:\n  pre_build:\n    commands:\n      - aws ecr get-login-password --region $AWS_DEFAULT_REGION | docker login --username AWS " +
			"--password-stdin $AWS_ACCOUNT_ID.dkr.ecr.$AWS_DEFAULT_REGION.amazonaws.com\n",
	},
	Check: func(p *lint.Pass) {
		if p.Image != nil && p.Image.AWSCLIMajor == 1 {
			return
		}
		why := "the image's AWS CLI version is unknown"
		if p.Image != nil && p.Image.AWSCLIMajor >= 2 {
			why = p.Image.Label() + " has AWS CLI v" + strconv.Itoa(p.Image.AWSCLIMajor)
		}
		for _, c := range p.Calls() {
			if i := ecrGetLogin(c); i > 0 {
				p.Reportf(programRange(c, i), "aws ecr get-login was removed in AWS CLI v2 (%s): use `aws ecr get-login-password "+
					"--region $AWS_DEFAULT_REGION | docker login --username AWS --password-stdin <registry>`", why)
			}
		}
	},
}
