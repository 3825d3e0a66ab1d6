package rules

import (
	"strings"

	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
	"github.com/buildspec-lint/buildspec-lint/lint/finding"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// BusyboxTimeoutT reports `timeout -t N`, the BusyBox form that BusyBox 1.30 removed (CodeBuild's
// Docker in custom image sample tells Alpine users to add -t; docs/sources.md, "Docker in CodeBuild").
var BusyboxTimeoutT = &lint.Rule{
	Rule: finding.Rule{
		ID:       "BSL205",
		Name:     "busybox-timeout-t",
		Severity: finding.SeverityWarning,
		Doc: finding.Doc{
			Title: "`timeout -t N` is the old BusyBox form that current Alpine rejects",
			Text: "Older revisions of the AWS [Docker in custom image sample](https://docs.aws.amazon.com/codebuild/latest/userguide/sample-docker-custom-image.html) " +
				"told Alpine users to write `timeout -t 15 sh -c \"until docker info; ...\"`. BusyBox 1.30 (Alpine 3.10, " +
				"2019) dropped `-t`: current Alpine images, `docker:dind` among them, stop with `timeout: unrecognized " +
				"option: t`, and GNU coreutils never had it. `timeout 15 cmd` works with both.",
			Bad:  "version: 0.2\nphases:\n  install:\n    commands:\n      - timeout -t 15 sh -c \"until docker info; do sleep 1; done\"\n",
			Good: "version: 0.2\nphases:\n  install:\n    commands:\n      - timeout 15 sh -c \"until docker info; do sleep 1; done\"\n",
		},
	},
	Check: func(p *lint.Pass) {
		for _, c := range p.Calls() {
			checkTimeoutT(p, c)
		}
	},
}

func checkTimeoutT(p *lint.Pass, c *buildspec.Call) {
	words := c.Words
	for i := 0; i < len(words); i++ {
		if !words[i].Lit || !strings.HasSuffix(words[i].Value, "timeout") || buildspec.BaseName(words[i].Value) != "timeout" {
			continue
		}
		for j := i + 1; j < len(words) && strings.HasPrefix(words[j].Value, "-"); j++ {
			v := words[j].Value
			switch {
			case v == "-s" || v == "-k" || v == "--signal" || v == "--kill-after":
				j++
			case v == "-t" && j+1 < len(words):
				f := p.Reportf(words[j].Range, "`timeout -t %s` is the old BusyBox form, which current Alpine and docker:dind reject "+
					"(\"unrecognized option: t\"): write `timeout %s ...`", words[j+1].Value, words[j+1].Value)
				f.Fix = &finding.Fix{Message: "remove -t", Range: source.Range{Start: words[j].Range.Start, End: words[j+1].Range.Start}}
				return
			case strings.HasPrefix(v, "-t") && buildspec.LooksLikeDuration(v[2:]):
				f := p.Reportf(words[j].Range, "`timeout %s` is the old BusyBox form, which current Alpine and docker:dind reject "+
					"(\"unrecognized option: t\"): write `timeout %s ...`", v, v[2:])
				f.Fix = &finding.Fix{Message: "remove -t", Range: words[j].Range, NewText: v[2:]}
				return
			}
		}
	}
}
