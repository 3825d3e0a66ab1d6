package rules

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
	"github.com/buildspec-lint/buildspec-lint/lint/finding"
	"github.com/buildspec-lint/buildspec-lint/lint/image"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// TimeoutMisplacedT reports a `-t` that no current timeout accepts: `timeout -t N`, the BusyBox
// form that BusyBox 1.30 removed and GNU coreutils never had, and `timeout N -t CMD`, where -t
// stands where the command goes (docs/sources.md, "Docker in CodeBuild").
var TimeoutMisplacedT = &lint.Rule{
	Rule: finding.Rule{
		ID:       "BSL205",
		Name:     "timeout-misplaced-t",
		Aliases:  []string{"busybox-timeout-t"},
		Severity: finding.SeverityError,
		Doc: finding.Doc{
			Title: "`timeout` given a `-t` that it rejects or runs as the command",
			Text: "The AWS API reference ([ProjectEnvironment](https://docs.aws.amazon.com/codebuild/latest/APIReference/API_ProjectEnvironment.html), " +
				"`privilegedMode`) and older revisions of the [Docker in custom image sample](https://docs.aws.amazon.com/codebuild/latest/userguide/sample-docker-custom-image.html) " +
				"tell Alpine users to write `timeout -t 15 sh -c \"until docker info; ...\"`. Only BusyBox before 1.30 " +
				"had `-t`: BusyBox 1.30 (Alpine 3.10, 2019) dropped it, so current Alpine images, `docker:dind` among " +
				"them, stop with `timeout: unrecognized option: t`, and GNU coreutils (the CodeBuild curated images, " +
				"Ubuntu, Debian, Amazon Linux) stops with `timeout: invalid option -- 't'`. A `-t` after the duration " +
				"(`timeout 15 -t sh -c ...`) is worse: both implementations stop parsing options at the duration and run " +
				"`-t` as the command (GNU: `failed to run command '-t'`, BusyBox: `can't execute '-t'`). Either way the " +
				"command fails. `timeout 15 cmd` works with both. The message names the implementation when the image " +
				"says which one it has (BusyBox on `docker:dind`, GNU coreutils on the curated images and Debian, Ubuntu " +
				"and Red Hat family images); another Alpine image may have added coreutils, so there it names both.",
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

// timeout implementations, as timeoutImpl names them.
const (
	timeoutGNU     = "gnu"
	timeoutBusyBox = "busybox"
)

// timeoutImpl says which timeout an image has: timeoutBusyBox, timeoutGNU, or "" when the image
// does not say. BusyBox where the inventory says so (docker:dind and images built from it); GNU
// coreutils on the curated images and the apt, dnf, yum and zypper distributions. Another Alpine
// image may have added coreutils, whose timeout replaces BusyBox's: "" there.
func timeoutImpl(img *image.Inventory) string {
	if img == nil {
		return ""
	}
	if t := img.Has("timeout"); t != nil {
		switch t.Package {
		case "busybox":
			return timeoutBusyBox
		case "coreutils":
			return timeoutGNU
		}
	}
	switch {
	case img.Curated:
		return timeoutGNU
	case isDindImage(img):
		return timeoutBusyBox
	case img.PackageManager == "apt-get" || img.PackageManager == "apt" || img.PackageManager == "dnf" ||
		img.PackageManager == "yum" || img.PackageManager == "microdnf" || img.PackageManager == "zypper":
		return timeoutGNU
	}
	return ""
}

// oldAlpine reports whether the image is Alpine before 3.10, whose BusyBox still has -t.
func oldAlpine(img *image.Inventory) bool {
	if img == nil {
		return false
	}
	v, ok := strings.CutPrefix(img.OS, "Alpine Linux 3.")
	if !ok {
		return false
	}
	if i := strings.IndexByte(v, '.'); i >= 0 {
		v = v[:i]
	}
	n, err := strconv.Atoi(v)
	return err == nil && n < 10
}

// rejectsT says how the image's timeout rejects `timeout -t N`, for a message.
func rejectsT(img *image.Inventory) string {
	switch timeoutImpl(img) {
	case timeoutGNU:
		return fmt.Sprintf("which the GNU timeout of %s rejects (\"invalid option -- 't'\")", img.Label())
	case timeoutBusyBox:
		return fmt.Sprintf("which the BusyBox timeout of %s rejects (\"unrecognized option: t\")", img.Label())
	}
	return "which GNU timeout and BusyBox 1.30 and later (current Alpine, docker:dind) reject"
}

// runsT says what the image's timeout does with `timeout N -t CMD`, for a message.
func runsT(img *image.Inventory) string {
	switch timeoutImpl(img) {
	case timeoutGNU:
		return fmt.Sprintf("the GNU timeout of %s stops at the duration and fails with \"failed to run command '-t'\"", img.Label())
	case timeoutBusyBox:
		return fmt.Sprintf("the BusyBox timeout of %s stops at the duration and fails with \"can't execute '-t'\"", img.Label())
	}
	return "timeout stops reading options at the duration and fails to run `-t` as the command"
}

func checkTimeoutT(p *lint.Pass, c *buildspec.Call) {
	words := c.Words
	for i := 0; i < len(words); i++ {
		if !words[i].Lit || !strings.HasSuffix(words[i].Value, "timeout") || buildspec.BaseName(words[i].Value) != "timeout" {
			continue
		}
		j := i + 1
		for ; j < len(words) && strings.HasPrefix(words[j].Value, "-"); j++ {
			v := words[j].Value
			switch {
			case v == "-s" || v == "-k" || v == "--signal" || v == "--kill-after":
				j++
			case v == "-t" && j+1 < len(words):
				if oldAlpine(p.Image) {
					return
				}
				f := p.Reportf(words[j].Range(), "`timeout -t %s` is the old BusyBox form, %s: write `timeout %s ...`",
					words[j+1].Value, rejectsT(p.Image), words[j+1].Value)
				f.Fix = finding.NewFix("remove -t", source.Range{Start: words[j].Range().Start, End: words[j+1].Range().Start}, "")
				return
			case strings.HasPrefix(v, "-t") && buildspec.LooksLikeDuration(v[2:]):
				if oldAlpine(p.Image) {
					return
				}
				f := p.Reportf(words[j].Range(), "`timeout %s` is the old BusyBox form, %s: write `timeout %s ...`", v, rejectsT(p.Image), v[2:])
				f.Fix = finding.NewFix("remove -t", words[j].Range(), v[2:])
				return
			}
		}
		// timeout [options] DURATION -t CMD: -t is where the command goes.
		if j+2 < len(words) && buildspec.LooksLikeDuration(words[j].Value) && words[j+1].Value == "-t" &&
			!buildspec.LooksLikeDuration(words[j+2].Value) {
			t := words[j+1]
			f := p.Reportf(t.Range(), "`-t` after the duration is run as the command: %s; write `timeout %s %s ...`",
				runsT(p.Image), words[j].Value, words[j+2].Value)
			f.Fix = finding.NewFix("remove -t", source.Range{Start: t.Range().Start, End: words[j+2].Range().Start}, "")
			return
		}
	}
}
