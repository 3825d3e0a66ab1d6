package ghactions

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/buildspec-lint/buildspec-lint/lint/finding"
	"github.com/buildspec-lint/buildspec-lint/lint/format"
)

// Fix suggestions (Options.FixSuggestions): on a pull request, each finding's verified fix is
// posted as a review comment holding a GitHub suggested change, which a reviewer commits in one
// click ("Commit suggestion"). Only fixes the linter has verified reach here (the engine drops
// the others before any output), and of those only the ones a suggestion can carry exactly:
//
//   - a suggestion replaces whole lines of the pull request's head commit, so the fix's edits
//     become the new text of the lines they span (start_line to line, side RIGHT), and the file
//     linted must be the file at the head commit: it is compared with the head's content (the
//     contents API), since a pull_request workflow checks out the merge commit, whose lines
//     differ from the head's when the base branch changed the same file;
//   - text that cannot be shown as it is (control, bidi or invisible characters, a byte that is
//     not UTF-8, a byte order mark on the first line) is not suggested: a reviewer could not see
//     what they commit;
//   - GitHub accepts a comment only on lines the pull request's diff shows, all of them in one
//     hunk: the hunks come from the pull request's files (their patches), and where GitHub
//     gives no patch the comment is posted and a 422 answer counts it as outside the diff;
//   - a comment already on the pull request with the same path, lines and marker (an HTML
//     comment holding a hash of the suggestion) is not posted again, so re-runs add nothing;
//   - at most MaxSuggestions are posted per run (and twice as many tried).
//
// Whatever is not posted is listed in the job summary with the suggested text, and its finding's
// annotation says that a fix is available. A token that may not comment (a fork pull request's
// read-only token: 403) or no token at all gives a notice that says why and names the
// permission needed.

// MaxSuggestions is the most review comments one run posts (GitHub limits how fast content is
// created; a pull request with more fixes than this is better fixed with --fix).
const MaxSuggestions = 50

// maxSuggestionBody is the most bytes of a comment body (the API's limit is 65536 characters).
const maxSuggestionBody = 60000

// postInterval is the wait between two comments posted.
const postInterval = time.Second

// markerPrefix starts the HTML comment that identifies a suggestion of ours in a comment body.
const markerPrefix = "<!-- buildspec-lint-fix "

// suggestion is one finding's fix as a suggested change.
type suggestion struct {
	f           *finding.Finding
	path        string // repository-relative, forward slashes
	first, last int    // the lines replaced
	text        string // their new text: lines joined by "\n", without a final line break
	deleted     bool   // the lines are deleted (text is ""; an empty text that is not deleted is one empty line)
	marker      string
	// why the suggestion is not posted ("" while it may be); shown in the job summary.
	why string
}

// body is the review comment: the rule and what the fix does, the suggestion in a fence longer
// than any run of backticks in its text (so that no line of the file can close it), and the marker.
func (s *suggestion) body() string {
	fence := strings.Repeat("`", max(3, longestRun(s.text, '`')+1))
	var b strings.Builder
	fmt.Fprintf(&b, "**%s**: %s\n\n", cell(s.f.RuleTitle()), cell(s.f.Fix.Message))
	b.WriteString(fence + "suggestion\n")
	if !s.deleted { // an empty suggestion deletes the lines; one empty line is "\n"
		b.WriteString(s.text + "\n")
	}
	b.WriteString(fence + "\n\n")
	b.WriteString("<sub>buildspec-lint verified this fix: applied alone, the file decodes to the same YAML outside the edit, an edited command is valid shell, and the file lints without this finding and without a new one.</sub>\n")
	b.WriteString(s.marker + "\n")
	return b.String()
}

// longestRun is the length of the longest run of c in s.
func longestRun(s string, c byte) int {
	longest, run := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	return longest
}

// suggestionOf turns f's fix into a suggestion of the lines its edits span, or returns nil when
// f has no fix or no source. A suggestion that cannot be posted carries why.
func suggestionOf(f *finding.Finding, root string) *suggestion {
	if f.Fix == nil || len(f.Fix.Edits) == 0 || f.Source == nil {
		return nil
	}
	s := &suggestion{f: f, path: format.RelPath(root, f.Path)}
	data := f.Source.Data
	edits, err := finding.SortEdits(data, f.Fix.Edits)
	if err != nil || len(data) == 0 {
		s.why = "its edits do not apply to the file"
		return s
	}
	lo, hi := edits[0].Range.Start.Offset, 0
	for _, e := range edits {
		hi = max(hi, e.Range.End.Offset)
	}
	// The region: whole lines, from the start of lo's line to the end (line break included) of
	// the line hi ends on. An edit that ends just after a line break ends on that line; an
	// insertion at the very end of a file that ends with a line break goes into its last line.
	start := lo
	if start == len(data) && data[start-1] == '\n' {
		start--
	}
	rs := bytes.LastIndexByte(data[:start], '\n') + 1
	e := hi
	if hi > lo && data[hi-1] == '\n' {
		e = hi - 1
	}
	re := len(data)
	if i := bytes.IndexByte(data[e:], '\n'); i >= 0 {
		re = e + i + 1
	}
	endsLine := data[re-1] == '\n'
	var text []byte
	for {
		shifted := make([]finding.Edit, len(edits))
		for i, ed := range edits {
			shifted[i] = ed
			shifted[i].Range.Start.Offset -= rs
			shifted[i].Range.End.Offset -= rs
		}
		text, _, err = finding.ApplyEdits(data[rs:re], shifted)
		if err != nil {
			s.why = "its edits do not apply to the file"
			return s
		}
		// A fix that removes the region's last line break but not all of its text joins it with
		// the next line: take that line in too.
		if !endsLine || len(text) == 0 || bytes.HasSuffix(text, []byte("\n")) || re == len(data) {
			break
		}
		if i := bytes.IndexByte(data[re:], '\n'); i >= 0 {
			re += i + 1
		} else {
			re = len(data)
		}
		endsLine = data[re-1] == '\n'
	}
	s.deleted = len(text) == 0 // before the last line break is dropped: "\n" is one empty line
	s.first = 1 + bytes.Count(data[:rs], []byte("\n"))
	s.last = s.first + bytes.Count(data[rs:re], []byte("\n"))
	switch {
	case endsLine && len(text) > 0 && !bytes.HasSuffix(text, []byte("\n")), !endsLine && (len(text) == 0 || bytes.HasSuffix(text, []byte("\n"))):
		// The fix adds or removes the file's final line break, or empties its last line when
		// that has none (an empty suggestion would delete the line, and the break before it is
		// another line's).
		s.why = "it changes the end of the file, which a suggestion cannot show"
	case endsLine:
		text = bytes.TrimSuffix(text, []byte("\n"))
	}
	if endsLine {
		s.last--
	}
	lines := strings.Split(string(text), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSuffix(l, "\r") // GitHub shows lines without their line breaks
	}
	s.text = strings.Join(lines, "\n")
	if s.deleted {
		s.text = "" // the lines are deleted: an empty suggestion
	}
	sum := sha256.Sum256([]byte(f.RuleID() + "\x00" + s.path + "\x00" + strconv.Itoa(s.first) + "\x00" + strconv.Itoa(s.last) + "\x00" + s.text + "\x00" + strconv.FormatBool(s.deleted)))
	s.marker = markerPrefix + f.RuleID() + " " + hex.EncodeToString(sum[:8]) + " -->"
	switch {
	case s.why != "":
	case rs == 0 && bytes.HasPrefix(data, []byte("\xef\xbb\xbf")):
		s.why = "the file starts with a byte order mark, which a suggestion on its first line would drop"
	case !showable(s.text):
		s.why = "the new text holds control, bidi or invisible characters, or bytes that are not UTF-8, which a reviewer could not see in a suggestion"
	case len(s.body()) > maxSuggestionBody:
		s.why = "the suggestion is too long for a review comment"
	}
	return s
}

// showable says whether text is shown as it is: nothing in it but tabs and line breaks would be
// escaped by format.Escape (controls, bidi and invisible characters, bytes that are not UTF-8).
func showable(text string) bool {
	for _, l := range strings.Split(text, "\n") {
		l = strings.ReplaceAll(l, "\t", "")
		if format.Escape(l) != l {
			return false
		}
	}
	return true
}

// suggestOutcome is what posting the suggestions did.
type suggestOutcome struct {
	posted, existing, notInDiff int
	// notice, when set, says why suggestions were not posted and what to change.
	notice string
	// unposted are the suggestions not on the pull request, with why.
	unposted []*suggestion
}

// fixAvailable says whether f's fix is not on the pull request as a suggestion (so its
// annotation should say that one is available).
func (out *suggestOutcome) fixAvailable(f *finding.Finding) bool {
	for _, s := range out.unposted {
		if s.f == f {
			return true
		}
	}
	return false
}

type (
	reviewComment struct {
		Body      string `json:"body"`
		CommitID  string `json:"commit_id,omitempty"`
		Path      string `json:"path"`
		Line      *int   `json:"line,omitempty"`
		Side      string `json:"side,omitempty"`
		StartLine *int   `json:"start_line,omitempty"`
		StartSide string `json:"start_side,omitempty"`
	}
	fileContent struct {
		Content  string `json:"content"`
		Encoding string `json:"encoding"`
	}
)

// suggest posts the suggestions of the fixes of fs on the event's pull request with token (see
// the top of this file). It never fails the run: what it could not post is in the outcome.
func (o *Options) suggest(ev *event, fs []*finding.Finding, root, token string) *suggestOutcome {
	out := &suggestOutcome{}
	var all []*suggestion
	for _, f := range fs {
		if s := suggestionOf(f, root); s != nil {
			all = append(all, s)
		}
	}
	if len(all) == 0 {
		return out
	}
	var todo []*suggestion
	for _, s := range all {
		if s.why != "" {
			out.unposted = append(out.unposted, s)
		} else {
			todo = append(todo, s)
		}
	}
	giveUp := func(notice, why string) *suggestOutcome {
		out.notice = notice
		for _, s := range todo {
			s.why = why
		}
		out.unposted = append(out.unposted, todo...)
		return out
	}
	pr, head := 0, ""
	if ev.PullRequest != nil {
		pr, head = ev.PullRequest.Number, o.headSHA(ev)
	}
	switch {
	case len(todo) == 0:
		return out
	case pr <= 0 || head == "":
		return giveUp(fmt.Sprintf("buildspec-lint: fix-suggestions posts review suggestions on pull requests, and this %s event has none, so the %s listed in the job summary",
			format.LogText(orDefault(o.getenv("GITHUB_EVENT_NAME"), "workflow")), plural(len(todo), "fix is", "fixes are")), "not posted: this event is not a pull request")
	case token == "":
		return giveUp("buildspec-lint: fix-suggestions needs a token to comment on the pull request: set the github-token input (e.g. github.token) and give the job `permissions: pull-requests: write` (and `contents: read`); the fixes are listed in the job summary",
			"not posted: no token (set the github-token input)")
	}
	c := o.checkRunClient(token)
	if c.err != nil {
		return giveUp(fmt.Sprintf("buildspec-lint: cannot post fix suggestions (%s); the fixes are listed in the job summary", format.LogText(c.err.Error())), "not posted: the GitHub API settings are invalid")
	}
	if c.repo == "" {
		return giveUp("buildspec-lint: cannot post fix suggestions: GITHUB_REPOSITORY is not set; the fixes are listed in the job summary", "not posted: GITHUB_REPOSITORY is not set")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	refused := func(err error) *suggestOutcome {
		var ae *apiError
		if errors.As(err, &ae) && (ae.status == http.StatusForbidden || ae.status == http.StatusNotFound || ae.status == http.StatusUnauthorized) {
			return giveUp(fmt.Sprintf("buildspec-lint could not post its fix suggestions (%s): fork pull requests get a read-only token, and otherwise the job needs `permissions: pull-requests: write` (and `contents: read`); "+
				"the annotations say which findings have a fix, and the job summary shows them", format.LogText(err.Error())), "not posted: the token may not comment on the pull request")
		}
		return giveUp(fmt.Sprintf("buildspec-lint could not post its fix suggestions (%s); the job summary shows them", format.LogText(err.Error())), "not posted: the GitHub API failed")
	}
	prPath := fmt.Sprintf("/repos/%s/pulls/%d", c.repo, pr)
	seen, err := c.existingMarkers(ctx, prPath+"/comments")
	if err != nil {
		return refused(err)
	}
	// A comment is taken only on lines the diff shows: those of the files' hunks. When GitHub
	// does not give them (a patch too large, a listing that fails), the comment is posted and
	// a 422 answer says the same.
	hunks, _ := c.diffHunks(ctx, prPath+"/files")
	// The lines are those of the head commit: the file linted must be the file there.
	headOK := map[string]string{} // path -> "" when the same, else why not
	var posting []*suggestion
	for _, s := range todo {
		why, ok := headOK[s.path]
		if !ok {
			why, err = c.sameAtHead(ctx, s.path, head, s.f.Source.Data)
			if err != nil {
				todo = append(posting, unchecked(todo, s)...)
				return refused(err)
			}
			headOK[s.path] = why
		}
		if why != "" {
			s.why = why
			out.unposted = append(out.unposted, s)
			continue
		}
		posting = append(posting, s)
	}
	attempts := 0
	for i, s := range posting {
		if seen[commentKey{s.path, s.first, s.last, s.marker}] {
			out.existing++
			continue
		}
		if why := outsideDiff(hunks, s); why != "" {
			out.notInDiff++
			s.why = why
			out.unposted = append(out.unposted, s)
			continue
		}
		if out.posted >= MaxSuggestions || attempts >= 2*MaxSuggestions {
			s.why = fmt.Sprintf("not posted: at most %d suggestions are posted per run (run buildspec-lint --fix)", MaxSuggestions)
			out.unposted = append(out.unposted, s)
			continue
		}
		rc := reviewComment{Body: s.body(), CommitID: head, Path: s.path, Line: &s.last, Side: "RIGHT"}
		if s.first != s.last {
			rc.StartLine, rc.StartSide = &s.first, "RIGHT"
		}
		if attempts > 0 {
			// GitHub asks for a second between requests that create content (secondary rate
			// limits), and a review comment notifies people.
			if c.sleep(ctx, postInterval) != nil {
				todo = unchecked(posting, s)
				return refused(ctx.Err())
			}
		}
		attempts++
		err := c.do(ctx, http.MethodPost, prPath+"/comments", rc, nil)
		var ae *apiError
		switch {
		case err == nil:
			out.posted++
			seen[commentKey{s.path, s.first, s.last, s.marker}] = true
		case errors.As(err, &ae) && ae.status == http.StatusUnprocessableEntity:
			out.notInDiff++
			s.why = "not posted: GitHub takes comments only on lines the pull request's diff shows (" + ae.Error() + ")"
			out.unposted = append(out.unposted, s)
		default:
			todo = nil
			for _, t := range posting[i:] {
				if !seen[commentKey{t.path, t.first, t.last, t.marker}] {
					todo = append(todo, t)
				}
			}
			return refused(err)
		}
	}
	return out
}

// commentKey identifies a suggestion of ours on the pull request.
type commentKey struct {
	path        string
	first, last int
	marker      string
}

// existingMarkers lists the pull request's review comments (up to 3000) and returns the
// suggestions of ours among them, by path, lines and marker.
func (c *checkRuns) existingMarkers(ctx context.Context, path string) (map[commentKey]bool, error) {
	seen := map[commentKey]bool{}
	const perPage = 100
	for page := 1; page <= 30; page++ {
		var cs []struct {
			Path      string `json:"path"`
			Line      *int   `json:"line"`
			StartLine *int   `json:"start_line"`
			Body      string `json:"body"`
		}
		if err := c.do(ctx, http.MethodGet, fmt.Sprintf("%s?per_page=%d&page=%d", path, perPage, page), nil, &cs); err != nil {
			return nil, err
		}
		for _, rc := range cs {
			if rc.Line == nil { // outdated: no longer on a line of the head
				continue
			}
			first := *rc.Line
			if rc.StartLine != nil {
				first = *rc.StartLine
			}
			for rest := rc.Body; ; {
				i := strings.Index(rest, markerPrefix)
				if i < 0 {
					break
				}
				m, after, ok := strings.Cut(rest[i:], "-->")
				if !ok {
					break
				}
				seen[commentKey{rc.Path, first, *rc.Line, m + "-->"}] = true
				rest = after
			}
		}
		if len(cs) < perPage {
			break
		}
	}
	return seen, nil
}

// unchecked returns the suggestions of todo from s on (those not yet sorted out).
func unchecked(todo []*suggestion, s *suggestion) []*suggestion {
	for i, t := range todo {
		if t == s {
			return todo[i:]
		}
	}
	return nil
}

// sameAtHead returns "" when the file at path in commit sha holds data, else why the
// suggestions of the file are not posted; an error when the API refuses to answer.
func (c *checkRuns) sameAtHead(ctx context.Context, path, sha string, data []byte) (string, error) {
	var fc fileContent
	err := c.do(ctx, http.MethodGet, "/repos/"+c.repo+"/contents/"+escapePath(path)+"?ref="+sha, nil, &fc)
	var ae *apiError
	switch {
	case errors.As(err, &ae) && ae.status == http.StatusNotFound:
		return "not posted: the file cannot be read at the pull request's head commit (404): it is not there, or the job lacks `contents: read`", nil
	case err != nil:
		return "", err
	case fc.Encoding != "base64":
		return "not posted: the GitHub API did not return the file at the pull request's head commit", nil
	}
	head, err := base64.StdEncoding.DecodeString(strings.ReplaceAll(fc.Content, "\n", ""))
	if err != nil || !bytes.Equal(head, data) {
		return "not posted: the file linted (the checked-out merge commit) differs from the file at the pull request's head commit, whose lines a suggestion replaces", nil
	}
	return "", nil
}

// withFixNotes returns r with the message of each finding whose fix is not on the pull request
// extended to say that a fix is available (the findings themselves are not changed).
func withFixNotes(r *format.Report, out *suggestOutcome) *format.Report {
	if len(out.unposted) == 0 {
		return r
	}
	cp := *r
	cp.Findings = make([]*finding.Finding, len(r.Findings))
	for i, f := range r.Findings {
		cp.Findings[i] = f
		if out.fixAvailable(f) {
			g := *f
			g.Message += "; a fix is available: the job summary shows it (or run buildspec-lint --fix)"
			cp.Findings[i] = &g
		}
	}
	return &cp
}

// logLine counts, for the log, what was posted.
func (out *suggestOutcome) logLine() string {
	return fmt.Sprintf("buildspec-lint: fix suggestions: %d posted on the pull request, %d already there, %d outside the pull request's diff, %d not posted (the job summary lists them)",
		out.posted, out.existing, out.notInDiff, len(out.unposted))
}

// fixSection renders, for the job summary, what the fix suggestions did and every fix that is
// not on the pull request, with its text, within budget bytes (whole entries only).
func fixSection(out *suggestOutcome, link func(string, int) string, budget int) string {
	if out.posted+out.existing+len(out.unposted) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("\n### Suggested fixes\n\n")
	fmt.Fprintf(&b, "%d posted as review suggestions on the pull request, %d already there.", out.posted, out.existing)
	if out.notice != "" {
		b.WriteString(" " + cell(strings.TrimPrefix(out.notice, "buildspec-lint: ")) + ".")
	}
	b.WriteString("\n\n")
	if len(out.unposted) > 0 {
		fmt.Fprintf(&b, "%s not on the pull request; apply %s by hand, or run `buildspec-lint --fix`:\n\n",
			count(len(out.unposted), "verified fix is", "verified fixes are"), plural(len(out.unposted), "it", "them"))
	}
	const reserve = 200
	if b.Len()+reserve > budget {
		return ""
	}
	written := 0
	for _, s := range out.unposted {
		entry := fixEntry(s, link)
		if b.Len()+len(entry)+reserve > budget {
			break
		}
		b.WriteString(entry)
		written++
	}
	if left := len(out.unposted) - written; left > 0 {
		fmt.Fprintf(&b, "%d more %s not listed: the job summary is limited to 1 MiB; run buildspec-lint --diff locally to see every fix.\n", left, plural(left, "fix is", "fixes are"))
	}
	return b.String()
}

// fixEntry is one fix in the job summary: where, what and why it is not on the pull request,
// and the new text of the lines in a code block that no line of it can close, every character
// that could act on the reader shown as an escape.
func fixEntry(s *suggestion, link func(string, int) string) string {
	where := fmt.Sprintf("line %d", s.first)
	if s.last != s.first {
		where = fmt.Sprintf("lines %d-%d", s.first, s.last)
	}
	if u := link(s.path, s.first); u != "" {
		where = "[" + where + "](" + u + ")"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "- %s %s, %s: %s (%s)\n", codeSpan(format.Escape(s.path)), where, cell(s.f.RuleTitle()), cell(s.f.Fix.Message), cell(s.why))
	if s.deleted {
		b.WriteString("\n  delete the lines\n\n")
		return b.String()
	}
	lines := strings.Split(s.text, "\n")
	for i, l := range lines {
		parts := strings.Split(l, "\t")
		for j, p := range parts {
			parts[j] = format.Escape(p)
		}
		lines[i] = "  " + strings.Join(parts, "\t")
	}
	text := strings.Join(lines, "\n")
	fence := strings.Repeat("`", max(3, longestRun(text, '`')+1))
	fmt.Fprintf(&b, "\n  %syaml\n%s\n  %s\n\n", fence, text, fence)
	return b.String()
}

// diffHunks lists the files the pull request changes (up to 3000, GitHub's limit) and returns,
// for each, the line ranges of the head that its patch's hunks show; nil for a file GitHub
// gives no patch of. An error means the listing is unknown.
func (c *checkRuns) diffHunks(ctx context.Context, path string) (map[string][][2]int, error) {
	out := map[string][][2]int{}
	const perPage = 100
	for page := 1; page <= 30; page++ {
		var fs []struct {
			Filename string  `json:"filename"`
			Patch    *string `json:"patch"`
		}
		if err := c.do(ctx, http.MethodGet, fmt.Sprintf("%s?per_page=%d&page=%d", path, perPage, page), nil, &fs); err != nil {
			return nil, err
		}
		for _, f := range fs {
			if f.Patch == nil {
				out[f.Filename] = nil
				continue
			}
			out[f.Filename] = append([][2]int{}, patchHunks(*f.Patch)...)
		}
		if len(fs) < perPage {
			break
		}
	}
	return out, nil
}

// hunkRE is a unified diff hunk header: @@ -a[,b] +c[,d] @@.
var hunkRE = regexp.MustCompile(`(?m)^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@`)

// patchHunks returns the line ranges of the new file that a patch's hunks show.
func patchHunks(patch string) [][2]int {
	var hs [][2]int
	for _, m := range hunkRE.FindAllStringSubmatch(patch, -1) {
		start, err := strconv.Atoi(m[1])
		if err != nil {
			continue
		}
		n := 1
		if m[2] != "" {
			if n, err = strconv.Atoi(m[2]); err != nil {
				continue
			}
		}
		if n > 0 {
			hs = append(hs, [2]int{start, start + n - 1})
		}
	}
	return hs
}

// outsideDiff says why s cannot be on the pull request's diff, or "" when it can or the diff is
// unknown (hunks nil, or no patch of the file).
func outsideDiff(hunks map[string][][2]int, s *suggestion) string {
	if hunks == nil {
		return ""
	}
	hs, ok := hunks[s.path]
	switch {
	case !ok:
		return "not posted: the pull request does not change this file, and GitHub takes comments only on lines its diff shows"
	case hs == nil:
		return ""
	}
	for _, h := range hs {
		if h[0] <= s.first && s.last <= h[1] {
			return ""
		}
	}
	return "not posted: the lines are outside the pull request's diff, where GitHub takes no comment"
}
