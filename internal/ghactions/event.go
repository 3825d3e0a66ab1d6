package ghactions

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"

	"github.com/buildspec-lint/buildspec-lint/internal/diffrev"
	"github.com/buildspec-lint/buildspec-lint/internal/fsutil"
	"github.com/buildspec-lint/buildspec-lint/lint/finding"
	"github.com/buildspec-lint/buildspec-lint/lint/format"
)

// event is the part of the workflow event payload (GITHUB_EVENT_PATH) we read.
type event struct {
	PullRequest *pullRequest `json:"pull_request"`
	MergeGroup  *mergeGroup  `json:"merge_group"`
}

type (
	pullRequest struct {
		Number int `json:"number"`
		Base   struct {
			SHA string `json:"sha"`
		} `json:"base"`
		Head struct {
			SHA string `json:"sha"`
		} `json:"head"`
	}
	mergeGroup struct {
		BaseSHA string `json:"base_sha"`
		HeadSHA string `json:"head_sha"`
	}
)

// readEvent reads the event payload. No payload (GITHUB_EVENT_PATH unset) is an empty event;
// a payload that cannot be read, is not JSON of the documented shape, or names a commit that is
// not a SHA is an error, returned with the empty event so that callers that only need the event
// for a head commit carry on without it.
func (o *Options) readEvent() (*event, error) {
	p := o.getenv("GITHUB_EVENT_PATH")
	if p == "" {
		return &event{}, nil
	}
	data, err := fsutil.ReadRegularFile(p, maxEventSize)
	if err != nil {
		return &event{}, fmt.Errorf("cannot read the workflow event %s: %v", p, err)
	}
	ev := &event{}
	if err := json.Unmarshal(data, ev); err != nil {
		return &event{}, fmt.Errorf("the workflow event %s is not a valid event payload: %v", p, err)
	}
	for _, c := range []struct{ field, sha string }{
		{"pull_request.base.sha", ev.prField(func(pr *pullRequest) string { return pr.Base.SHA })},
		{"pull_request.head.sha", ev.prField(func(pr *pullRequest) string { return pr.Head.SHA })},
		{"merge_group.base_sha", ev.mgField(func(mg *mergeGroup) string { return mg.BaseSHA })},
		{"merge_group.head_sha", ev.mgField(func(mg *mergeGroup) string { return mg.HeadSHA })},
	} {
		if c.sha != "" && !diffrev.IsSHA(c.sha) {
			return &event{}, fmt.Errorf("the workflow event %s is not a valid event payload: %s is %s, not a commit SHA", p, c.field, strconv.QuoteToASCII(c.sha))
		}
	}
	return ev, nil
}

// maxEventSize bounds the event payload read (GitHub caps webhook payloads at 25 MB).
const maxEventSize = 25 << 20

func (ev *event) prField(get func(*pullRequest) string) string {
	if ev.PullRequest == nil {
		return ""
	}
	return get(ev.PullRequest)
}

func (ev *event) mgField(get func(*mergeGroup) string) string {
	if ev.MergeGroup == nil {
		return ""
	}
	return get(ev.MergeGroup)
}

// baseSHA is the commit a pull request (or merge group) is compared against; "" for other events.
func (ev *event) baseSHA() string {
	switch {
	case ev.PullRequest != nil:
		return ev.PullRequest.Base.SHA
	case ev.MergeGroup != nil:
		return ev.MergeGroup.BaseSHA
	}
	return ""
}

// headSHA is the commit a check run belongs to: the pull request's head (GITHUB_SHA is the
// merge commit on pull_request events), else GITHUB_SHA; "" when that is not a commit SHA.
func (o *Options) headSHA(ev *event) string {
	sha := o.getenv("GITHUB_SHA")
	switch {
	case ev.PullRequest != nil && ev.PullRequest.Head.SHA != "":
		sha = ev.PullRequest.Head.SHA
	case ev.MergeGroup != nil && ev.MergeGroup.HeadSHA != "":
		sha = ev.MergeGroup.HeadSHA
	}
	if !diffrev.IsSHA(sha) {
		return ""
	}
	return sha
}

// prEvents are the events whose payload carries the commits --only-changed compares.
var prEvents = map[string]bool{"pull_request": true, "pull_request_target": true, "pull_request_review": true,
	"pull_request_review_comment": true, "merge_group": true}

// filterChanged keeps, with OnlyChanged under GitHub Actions, the findings on the lines the
// pull request (or merge group) of the workflow event ev changes: those changed since its base
// commit (diffrev, which fetches that commit into a shallow clone). evErr is why ev could not be
// read. On other events, and outside GitHub Actions, every finding is kept, and stderr says so.
func (o *Options) filterChanged(fs []*finding.Finding, ev *event, evErr error, stderr io.Writer) ([]*finding.Finding, error) {
	if !o.OnlyChanged {
		return fs, nil
	}
	if o.getenv("GITHUB_ACTIONS") != "true" {
		fmt.Fprintln(stderr, "buildspec-lint: --only-changed reads the pull request from a GitHub Actions run, and this is not one, so every finding is reported; use --new-from-rev origin/main here")
		return fs, nil
	}
	if evErr != nil {
		return nil, fmt.Errorf("--only-changed: %v", evErr)
	}
	name := o.getenv("GITHUB_EVENT_NAME")
	base := ev.baseSHA()
	if base == "" && prEvents[name] {
		return nil, fmt.Errorf("--only-changed: the %s event's payload (GITHUB_EVENT_PATH) has no base commit (pull_request.base.sha or merge_group.base_sha)", name)
	}
	if base == "" {
		fmt.Fprintf(stderr, "buildspec-lint: --only-changed: %s is not a pull request event, so every finding is reported\n", format.LogText(orDefault(name, "this")))
		return fs, nil
	}
	return diffrev.Filter(fs, base, true, stderr)
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
