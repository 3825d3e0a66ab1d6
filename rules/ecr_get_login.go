package rules

import (
	"slices"
	"sort"
	"strconv"

	"github.com/buildspec-lint/buildspec-lint/internal/install"
	"github.com/buildspec-lint/buildspec-lint/internal/inventory"
	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
	"github.com/buildspec-lint/buildspec-lint/lint/finding"
	"github.com/buildspec-lint/buildspec-lint/lint/image"
)

// ECRGetLogin reports `aws ecr get-login`, which AWS CLI v2 removed (cliv2-migration-changes.html).
var ECRGetLogin = &lint.Rule{
	Rule: finding.Rule{
		ID:       "BSL301",
		Name:     "ecr-get-login",
		Severity: finding.SeverityWarning,
		Doc: finding.Doc{
			Title: "`aws ecr get-login` does not exist in AWS CLI v2",
			Text: "AWS CLI v2 removed `aws ecr get-login` ([migration guide](https://docs.aws.amazon.com/cli/latest/userguide/cliv2-migration-changes.html#cliv2-migration-ecr-get-login)); " +
				"every current CodeBuild curated image ships v2, so `$(aws ecr get-login --no-include-email)` fails " +
				"there with `Invalid choice`. Log in with " +
				"[get-login-password](https://docs.aws.amazon.com/cli/latest/reference/ecr/get-login-password.html), " +
				"which v2 and v1 (1.17.10 and later) both have:\n\n" +
				"    aws ecr get-login-password --region $AWS_DEFAULT_REGION | docker login --username AWS --password-stdin $AWS_ACCOUNT_ID.dkr.ecr.$AWS_DEFAULT_REGION.amazonaws.com\n\n" +
				"The rule is silent when the AWS CLI is known to be v1: one that the buildspec installs before the login " +
				"(`pip install awscli` installs v1), or else the image's. An AWS CLI v2 installed before the login on an image " +
				"with v1 is reported. When the image has no AWS CLI at all (`docker:dind`), " +
				"the finding says so.",
			Bad: "version: 0.2\nphases:\n  pre_build:\n    commands:\n      - $(aws ecr get-login --no-include-email --region $AWS_DEFAULT_REGION)\n",
			Good: "version: 0.2\nphases:\n  pre_build:\n    commands:\n      - aws ecr get-login-password --region $AWS_DEFAULT_REGION | docker login --username AWS " +
				"--password-stdin $AWS_ACCOUNT_ID.dkr.ecr.$AWS_DEFAULT_REGION.amazonaws.com\n",
		},
	},
	Check: func(p *lint.Pass) {
		calls := p.Calls()
		var clis *cliInstalls
		for i, c := range calls {
			at := ecrGetLogin(c)
			if at == 0 {
				continue
			}
			if clis == nil {
				clis = awsCLIInstalls(passInstalls(p), calls)
			}
			const fix = "use `aws ecr get-login-password --region $AWS_DEFAULT_REGION | docker login --username AWS --password-stdin <registry>`"
			in := clis.before(i)
			switch major := 0; {
			case in != nil:
				if major = inventory.AWSCLIMajor(in); major == 1 {
					continue // pip's awscli is v1, which has get-login
				}
				what := "is v" + strconv.Itoa(major)
				if major == 0 {
					what = "may be v2"
				}
				p.Reportf(programRange(c, at), "aws ecr get-login was removed in AWS CLI v2 (the AWS CLI installed on line %d %s): %s",
					installLine(in), what, fix)
			case p.Image != nil && p.Image.AWSCLIMajor == 1:
				continue // the image's AWS CLI is v1, and nothing before replaces it
			case lacksCLI(p.Image):
				p.Reportf(programRange(c, at), "%s has no AWS CLI, so aws ecr get-login cannot run: install the AWS CLI (v2, which has no get-login) and %s",
					p.Image.Label(), fix)
			case p.Image != nil && p.Image.AWSCLIMajor >= 2:
				p.Reportf(programRange(c, at), "aws ecr get-login was removed in AWS CLI v2 (%s has AWS CLI v%d): %s",
					p.Image.Label(), p.Image.AWSCLIMajor, fix)
			default:
				p.Reportf(programRange(c, at), "aws ecr get-login was removed in AWS CLI v2 (the image's AWS CLI version is unknown): %s", fix)
			}
		}
	},
}

// cliInstalls are the installs of the AWS CLI of a document, in the order of their calls.
type cliInstalls struct {
	at       []int // the index of each install's call among the document's calls
	installs []*install.Install
}

// awsCLIInstalls finds the installs of the AWS CLI and where their calls are among calls.
func awsCLIInstalls(installs []*install.Install, calls []*buildspec.Call) *cliInstalls {
	index := make(map[*buildspec.Call]int, len(calls))
	for i, c := range calls {
		index[c] = i
	}
	type found struct {
		at int
		in *install.Install
	}
	var fs []found
	for _, in := range installs {
		if !slices.Contains(in.Tools, "aws") || in.Call == nil {
			continue
		}
		if i, ok := index[in.Call]; ok {
			fs = append(fs, found{i, in})
		}
	}
	// Installs come in execution order; sorting keeps the binary search right if they do not.
	sort.SliceStable(fs, func(a, b int) bool { return fs[a].at < fs[b].at })
	out := &cliInstalls{}
	for _, f := range fs {
		out.at = append(out.at, f.at)
		out.installs = append(out.installs, f.in)
	}
	return out
}

// before returns the last install of the AWS CLI whose call comes before the call at index i,
// or nil.
func (c *cliInstalls) before(i int) *install.Install {
	j, _ := slices.BinarySearch(c.at, i) // the first install at or after i
	if j == 0 {
		return nil
	}
	return c.installs[j-1]
}

// installLine is the line an install is written on: its package word's, or its call's.
func installLine(in *install.Install) int {
	if in.Range.IsValid() {
		return in.Range.Start.Line
	}
	return in.Call.Range.Start.Line
}

// lacksCLI reports whether img is known well enough to say it has no aws: a named image (not a
// bare --tools list) without caveats about unknown contents.
func lacksCLI(img *image.Inventory) bool {
	return img != nil && img.Name != "" && len(img.Notes) == 0 && img.Has("aws") == nil && img.AWSCLIMajor == 0
}
