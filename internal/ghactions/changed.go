package ghactions

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/buildspec-lint/buildspec-lint/internal/fsutil"
	"github.com/buildspec-lint/buildspec-lint/lint/finding"
	"github.com/buildspec-lint/buildspec-lint/lint/format"
)

// span is a closed range of 1-based lines.
type span struct{ first, last int }

// changes are the lines changed per file, by repository-relative slash path. A nil slice means
// the whole file is new (untracked).
type changes struct {
	top   string // the repository's top level, symlinks resolved
	files map[string][]span
}

// event is the part of the workflow event payload (GITHUB_EVENT_PATH) we read.
type event struct {
	PullRequest *pullRequest `json:"pull_request"`
	MergeGroup  *mergeGroup  `json:"merge_group"`
}

type (
	pullRequest struct {
		Base struct {
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
		if c.sha != "" && !IsSHA(c.sha) {
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

// shaRE is a full commit name: SHA-1 (40 hex digits) or SHA-256 (64).
var shaRE = regexp.MustCompile(`^[0-9a-f]{40}([0-9a-f]{24})?$`)

// IsSHA reports whether s is a full lower-case commit SHA (SHA-1 or SHA-256), the only form a
// commit taken from the event or the environment may have before it reaches git or a URL.
func IsSHA(s string) bool { return shaRE.MatchString(s) }

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
	if !IsSHA(sha) {
		return ""
	}
	return sha
}

// prEvents are the events whose payload carries the commits --only-changed compares.
var prEvents = map[string]bool{"pull_request": true, "pull_request_target": true, "pull_request_review": true,
	"pull_request_review_comment": true, "merge_group": true}

// filterChanged keeps the findings on changed lines when --new-from-rev or --only-changed asks
// (--only-changed takes the base from the workflow event ev).
func (o *Options) filterChanged(fs []*finding.Finding, ev *event, evErr error, stderr io.Writer) ([]*finding.Finding, error) {
	rev, fetch := o.NewFromRev, false
	if rev == "" && o.OnlyChanged && o.getenv("GITHUB_ACTIONS") == "true" {
		if evErr != nil {
			return nil, fmt.Errorf("--only-changed: %v", evErr)
		}
		name := o.getenv("GITHUB_EVENT_NAME")
		rev, fetch = ev.baseSHA(), true
		if rev == "" && prEvents[name] {
			return nil, fmt.Errorf("--only-changed: the %s event's payload (GITHUB_EVENT_PATH) has no base commit (pull_request.base.sha or merge_group.base_sha)", name)
		}
		if rev == "" {
			fmt.Fprintf(stderr, "buildspec-lint: --only-changed: %s is not a pull request event, so every finding is reported\n", format.LogText(orDefault(name, "this")))
			return fs, nil
		}
	}
	if rev == "" && o.OnlyChanged && o.getenv("GITHUB_ACTIONS") != "true" {
		fmt.Fprintln(stderr, "buildspec-lint: --only-changed reads the pull request from a GitHub Actions run, and this is not one, so every finding is reported; use --new-from-rev origin/main here")
	}
	if rev == "" {
		return fs, nil
	}
	ch, err := changedSince(rev, fetch)
	if err != nil {
		return nil, err
	}
	var kept []*finding.Finding
	for _, f := range fs {
		if ch.has(f) {
			kept = append(kept, f)
		}
	}
	if n := len(fs) - len(kept); n > 0 {
		fmt.Fprintf(stderr, "buildspec-lint: %d %s on unchanged lines not reported (changes since %s)\n", n, plural(n, "finding", "findings"), format.LogText(shortRev(rev)))
	}
	return kept, nil
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func shortRev(rev string) string {
	if len(rev) == 40 {
		return rev[:12]
	}
	return rev
}

// has reports whether f lies on a changed line of its file.
func (c *changes) has(f *finding.Finding) bool {
	rel, ok := c.rel(f.Path)
	if !ok {
		return false
	}
	spans, ok := c.files[rel]
	if !ok {
		return false
	}
	if spans == nil || !f.Range.IsValid() {
		return true
	}
	first, last := format.LineSpan(f.Range)
	for _, s := range spans {
		if s.first <= last && first <= s.last {
			return true
		}
	}
	return false
}

// rel returns path relative to the repository's top level, with forward slashes.
func (c *changes) rel(path string) (string, bool) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", false
	}
	if r, err := filepath.EvalSymlinks(abs); err == nil {
		abs = r
	} else if d, err := filepath.EvalSymlinks(filepath.Dir(abs)); err == nil {
		abs = filepath.Join(d, filepath.Base(abs))
	}
	rel, err := filepath.Rel(c.top, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", false
	}
	return filepath.ToSlash(rel), true
}

// gitSafety goes before every git command: a bare repository is used only when named with
// --git-dir, never found by walking up, so that a bare repository committed into the tree, with
// the working directory inside it, cannot give git its configuration (remote.origin.uploadpack,
// core.fsmonitor, ... run commands). Command-line configuration is protected configuration: a
// repository cannot override it.
var gitSafety = []string{"-c", "safe.bareRepository=explicit"}

// gitCommand is git with gitSafety, in dir ("" for the current directory).
func gitCommand(dir string, args ...string) *exec.Cmd {
	full := append([]string(nil), gitSafety...)
	if dir != "" {
		full = append(full, "-C", dir)
	}
	return exec.Command("git", append(full, args...)...)
}

// git runs git with gitSafety in dir ("" for the current directory) and returns its standard
// output. A revision taken from outside goes after --end-of-options, so that it cannot be read as
// an option (--upload-pack=CMD, --output=FILE).
func git(dir string, args ...string) ([]byte, error) {
	cmd := gitCommand(dir, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return out, errors.New(msg)
	}
	return out, nil
}

// changedSince computes the lines changed between rev and the working tree: from the merge base
// of rev and HEAD when there is one (so changes made on rev's side since are not counted),
// from rev itself otherwise (a shallow clone). With fetch (rev is then a commit SHA from the
// event), a base commit missing from a shallow clone is fetched from origin first. Every git
// after the first runs in the repository's top level (-C), and rev always follows
// --end-of-options.
func changedSince(rev string, fetch bool) (*changes, error) {
	if fetch && !IsSHA(rev) {
		return nil, fmt.Errorf("cannot compute changed lines: %s is not a commit SHA", strconv.QuoteToASCII(rev))
	}
	topOut, err := git("", "rev-parse", "--show-toplevel")
	if err != nil {
		return nil, fmt.Errorf("changed lines need a git repository: %v", err)
	}
	top := strings.TrimSpace(string(topOut))
	if top == "" {
		return nil, errors.New("changed lines need a git repository with a working tree")
	}
	if r, err := filepath.EvalSymlinks(top); err == nil {
		top = r
	}
	verify := func() error {
		_, err := git(top, "rev-parse", "--verify", "--quiet", "--end-of-options", rev+"^{commit}")
		return err
	}
	if err := verify(); err != nil && fetch {
		git(top, "fetch", "--no-tags", "--quiet", "--depth=1", "--end-of-options", "origin", rev)
	}
	if err := verify(); err != nil {
		return nil, fmt.Errorf("cannot compute changed lines: commit %s is not in this clone; fetch it (actions/checkout with fetch-depth: 0) or pick another revision", rev)
	}
	base := rev
	if mb, err := git(top, "merge-base", "--end-of-options", rev, "HEAD"); err == nil && len(bytes.TrimSpace(mb)) > 0 {
		base = string(bytes.TrimSpace(mb))
	}
	files, err := gitDiff(top, "-c", "core.quotePath=false", "diff", "--no-color", "--no-ext-diff", "--no-textconv", "--unified=0",
		"--find-renames", "--src-prefix=a/", "--dst-prefix=b/", "--end-of-options", base, "--")
	if err != nil {
		return nil, fmt.Errorf("git diff %s: %v", shortRev(base), err)
	}
	c := &changes{top: top, files: files}
	untracked, err := git(top, "ls-files", "--others", "--exclude-standard", "-z", "--full-name", "--", ":/")
	if err == nil {
		for _, p := range strings.Split(string(untracked), "\x00") {
			if p != "" {
				c.files[p] = nil
			}
		}
	}
	return c, nil
}

// gitDiff runs git as git does and reads its output, a unified diff, with parseDiff as it comes:
// a pull request's diff can be gigabytes, of which only the headers are kept.
func gitDiff(dir string, args ...string) (map[string][]span, error) {
	cmd := gitCommand(dir, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	files, perr := parseDiff(out)
	if err := cmd.Wait(); err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return nil, errors.New(msg)
	}
	return files, perr
}

// parseDiff reads the added line ranges of a unified diff with zero context: the new-side path
// from each "+++ b/path" header and the new-side span from each "@@ -a,b +c,d @@" hunk header.
// The b+d lines of a hunk are its content, skipped by count: an added line that reads
// "++ b/other" is "+++ b/other" in the diff, and must not switch the file the next hunks
// belong to (that hid a pull request's own changes). Lines are read in pieces of at most 64 KiB,
// so that a long line costs no memory.
func parseDiff(r io.Reader) (map[string][]span, error) {
	files := map[string][]span{}
	var cur string
	content := 0 // content lines of the current hunk not yet read
	br := bufio.NewReaderSize(r, 64<<10)
	for {
		line, err := br.ReadSlice('\n')
		whole := err != bufio.ErrBufferFull
		if len(line) > 0 {
			switch {
			case content > 0 && (line[0] == '+' || line[0] == '-'):
				content--
			case line[0] == '\\': // "\ No newline at end of file"
			case !whole:
				content = 0 // no header is this long
			default:
				content = 0
				text := strings.TrimRight(string(line), "\r\n")
				switch {
				case strings.HasPrefix(text, "+++ "):
					cur = diffPath(strings.TrimSuffix(text[4:], "\t"))
					if cur != "" {
						if _, ok := files[cur]; !ok {
							files[cur] = []span{}
						}
					}
				case strings.HasPrefix(text, "@@ "):
					content = hunkLines(text)
					if s, ok := hunkSpan(text); ok && cur != "" {
						files[cur] = append(files[cur], s)
					}
				}
			}
		}
		for err == bufio.ErrBufferFull { // the rest of a long line
			_, err = br.ReadSlice('\n')
		}
		if err == io.EOF {
			return files, nil
		}
		if err != nil {
			return files, err
		}
	}
}

// hunkLines returns how many content lines follow "@@ -a,b +c,d @@" with zero context: b + d
// (each count defaults to 1).
func hunkLines(h string) int {
	fields := strings.Fields(h)
	if len(fields) < 3 {
		return 0
	}
	n := 0
	for _, f := range fields[1:3] {
		_, count, found := strings.Cut(f[1:], ",")
		c := 1
		if found {
			var err error
			if c, err = strconv.Atoi(count); err != nil || c < 0 {
				return 0
			}
		}
		n += c
	}
	return n
}

// diffPath decodes a "+++" header path: b/path, a C-quoted "b/path", or /dev/null ("").
func diffPath(p string) string {
	if strings.HasPrefix(p, `"`) {
		if u, err := strconv.Unquote(p); err == nil {
			p = u
		}
	}
	if p == "/dev/null" || !strings.HasPrefix(p, "b/") {
		return ""
	}
	return p[2:]
}

// hunkSpan reads the new side of "@@ -a,b +c,d @@ ...": lines c..c+d-1 (d defaults to 1; d = 0
// is a pure deletion, which adds no line).
func hunkSpan(h string) (span, bool) {
	fields := strings.Fields(h)
	if len(fields) < 3 || !strings.HasPrefix(fields[2], "+") {
		return span{}, false
	}
	start, count, found := strings.Cut(fields[2][1:], ",")
	c, err := strconv.Atoi(start)
	if err != nil {
		return span{}, false
	}
	n := 1
	if found {
		if n, err = strconv.Atoi(count); err != nil {
			return span{}, false
		}
	}
	if n <= 0 {
		return span{}, false
	}
	return span{c, c + n - 1}, true
}
