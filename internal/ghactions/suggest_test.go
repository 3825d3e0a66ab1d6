package ghactions

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/buildspec-lint/buildspec-lint/lint/finding"
	"github.com/buildspec-lint/buildspec-lint/lint/format"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

var (
	ruleFix  = &finding.Rule{ID: "BSL202", Name: "dockerd-not-backgrounded", Severity: finding.SeverityError}
	ruleFix2 = &finding.Rule{ID: "BSL205", Name: "dockerd-wait-timeout", Severity: finding.SeverityWarning}
)

// fixed returns a finding on src at [start, end) whose fix replaces each of the (old, new) pairs
// of repl, found in src in that order.
func fixed(t *testing.T, src *source.Source, rule *finding.Rule, at string, repl ...string) *finding.Finding {
	t.Helper()
	start := bytes.Index(src.Data, []byte(at))
	if start < 0 {
		t.Fatalf("%q not in the file", at)
	}
	f := &finding.Finding{Path: src.Path, Rule: rule, Severity: rule.Severity, Range: src.Range(start, start+len(at)),
		Message: "the finding", Source: src, Fix: &finding.Fix{Message: "fix " + rule.ID}}
	from := 0
	for i := 0; i+1 < len(repl); i += 2 {
		j := bytes.Index(src.Data[from:], []byte(repl[i]))
		if j < 0 {
			t.Fatalf("%q not in the file after %d", repl[i], from)
		}
		j += from
		f.Fix.Edits = append(f.Fix.Edits, finding.Edit{Range: src.Range(j, j+len(repl[i])), NewText: repl[i+1]})
		from = j + len(repl[i])
	}
	return f
}

// insert returns a fix edit that inserts text at offset off of src.
func insertAt(src *source.Source, off int, text string) finding.Edit {
	return finding.Edit{Range: src.Range(off, off), NewText: text}
}

// apiCall is one request the fake API received.
type apiCall struct {
	Method, URL, Auth string
	Body              map[string]any
}

// fakeReviews is the part of the GitHub API that fix suggestions use: review comments of pull
// request 7 of o/r, and file contents at shaB. Check runs are answered and not recorded.
type fakeReviews struct {
	mu       sync.Mutex
	calls    []apiCall
	comments []map[string]any // the pull request's review comments
	files    map[string][]byte
	// diff holds the lines (path:line) a comment may be on; others answer 422.
	diff      map[string]bool
	forbidden bool // POST and check runs answer 403, as on a fork pull request
	// noPatch lists the pull request's files without patches (as GitHub does for large diffs),
	// so that only the 422 answers tell where comments may go.
	noPatch bool
}

// files is the pull request's files: each path of diff with a patch of one hunk per run of
// consecutive lines.
func (g *fakeReviews) filesJSON() []map[string]any {
	byPath := map[string][]int{}
	for k := range g.diff {
		i := strings.LastIndexByte(k, ':')
		var n int
		fmt.Sscan(k[i+1:], &n)
		byPath[k[:i]] = append(byPath[k[:i]], n)
	}
	var out []map[string]any
	for p, ls := range byPath {
		sort.Ints(ls)
		var patch strings.Builder
		for i := 0; i < len(ls); {
			j := i
			for j+1 < len(ls) && ls[j+1] == ls[j]+1 {
				j++
			}
			fmt.Fprintf(&patch, "@@ -%d,%d +%d,%d @@ phases:\n", ls[i], j-i+1, ls[i], j-i+1)
			for k := i; k <= j; k++ {
				patch.WriteString("+changed\n")
			}
			i = j + 1
		}
		f := map[string]any{"filename": p, "status": "modified"}
		if !g.noPatch {
			f["patch"] = patch.String()
		}
		out = append(out, f)
	}
	return out
}

func (g *fakeReviews) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if strings.Contains(r.URL.Path, "/check-runs") {
		if g.forbidden {
			w.WriteHeader(http.StatusForbidden)
			io.WriteString(w, `{"message":"Resource not accessible by integration"}`)
			return
		}
		io.WriteString(w, `{"id":42,"html_url":"https://github.com/o/r/runs/42"}`)
		return
	}
	c := apiCall{Method: r.Method, URL: r.URL.String(), Auth: r.Header.Get("Authorization")}
	if r.Method == http.MethodPost {
		if err := json.NewDecoder(r.Body).Decode(&c.Body); err != nil {
			http.Error(w, `{"message":"Problems parsing JSON"}`, http.StatusBadRequest)
			return
		}
	}
	g.calls = append(g.calls, c)
	if c.Auth != "Bearer tok" {
		http.Error(w, `{"message":"Bad credentials"}`, http.StatusUnauthorized)
		return
	}
	switch {
	case r.Method == http.MethodGet && r.URL.Path == "/repos/o/r/pulls/7/comments":
		page := r.URL.Query().Get("page")
		var out []map[string]any
		if page == "1" {
			out = g.comments
		}
		json.NewEncoder(w).Encode(out)
	case r.Method == http.MethodGet && r.URL.Path == "/repos/o/r/pulls/7/files":
		var out []map[string]any
		if r.URL.Query().Get("page") == "1" {
			out = g.filesJSON()
		}
		json.NewEncoder(w).Encode(out)
	case r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, "/repos/o/r/contents/") && r.URL.Query().Get("ref") == shaB:
		data, ok := g.files[strings.TrimPrefix(r.URL.Path, "/repos/o/r/contents/")]
		if !ok {
			http.Error(w, `{"message":"Not Found"}`, http.StatusNotFound)
			return
		}
		enc := base64.StdEncoding.EncodeToString(data)
		var wrapped strings.Builder // the API wraps the base64 every 60 characters
		for len(enc) > 60 {
			wrapped.WriteString(enc[:60] + "\n")
			enc = enc[60:]
		}
		wrapped.WriteString(enc)
		json.NewEncoder(w).Encode(map[string]string{"content": wrapped.String(), "encoding": "base64"})
	case r.Method == http.MethodPost && r.URL.Path == "/repos/o/r/pulls/7/comments":
		if g.forbidden {
			w.WriteHeader(http.StatusForbidden)
			io.WriteString(w, `{"message":"Resource not accessible by integration"}`)
			return
		}
		b := c.Body
		line, _ := b["line"].(float64)
		first := line
		if s, ok := b["start_line"].(float64); ok {
			first = s
		}
		for l := int(first); l <= int(line); l++ {
			if !g.diff[fmt.Sprintf("%v:%d", b["path"], l)] {
				w.WriteHeader(http.StatusUnprocessableEntity)
				io.WriteString(w, `{"message":"Validation Failed","errors":[{"resource":"PullRequestReviewComment","code":"custom","field":"pull_request_review_thread.line","message":"could not be resolved"}]}`)
				return
			}
		}
		g.comments = append(g.comments, b)
		w.WriteHeader(http.StatusCreated)
		io.WriteString(w, `{"id":1}`)
	default:
		http.NotFound(w, r)
	}
}

// suggestEnv is a pull_request run on PR 7 (head shaB) of o/r with a token, against api.
func suggestEnv(t *testing.T, api string) (map[string]string, string) {
	dir := t.TempDir()
	ev := filepath.Join(dir, "event.json")
	os.WriteFile(ev, []byte(`{"pull_request":{"number":7,"base":{"sha":"`+shaA+`"},"head":{"sha":"`+shaB+`"}}}`), 0o644)
	return map[string]string{
		"GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": dir, "GITHUB_REPOSITORY": "o/r", "GITHUB_API_URL": api,
		"GITHUB_SHA": shaC, "GITHUB_EVENT_NAME": "pull_request", "GITHUB_EVENT_PATH": ev, TokenEnv: "tok",
		"GITHUB_OUTPUT": filepath.Join(dir, "out"), "GITHUB_STEP_SUMMARY": filepath.Join(dir, "sum"),
	}, dir
}

// runSuggest runs the output stage with fix-suggestions and returns stdout and the job summary.
func runSuggest(t *testing.T, vars map[string]string, fs []*finding.Finding) (string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	o := &Options{Getenv: env(vars), FixSuggestions: true, sleep: func(ctx context.Context, d time.Duration) error {
		if d != time.Second {
			t.Errorf("waited %v between posts, want 1s", d)
		}
		return nil
	}}
	before, _ := os.ReadFile(vars["GITHUB_STEP_SUMMARY"])
	if _, err := o.Output(&stdout, &stderr, "github", &format.Report{Findings: fs, Files: 1}, format.Options{}, finding.SeverityError); err != nil {
		t.Fatal(err)
	}
	md, _ := os.ReadFile(vars["GITHUB_STEP_SUMMARY"])
	return stdout.String(), string(md[len(before):])
}

const dockerSpec = `version: 0.2
phases:
  pre_build:
    commands:
      - nohup dockerd &
      - timeout 15 sh -c "until docker info; do sleep 1; done"
  build:
    commands:
      - docker build .
`

func diffLines(path string, lines ...int) map[string]bool {
	m := map[string]bool{}
	for _, l := range lines {
		m[fmt.Sprintf("%s:%d", path, l)] = true
	}
	return m
}

// TestFixSuggestionsRequests checks every request of a run, their bodies and the token, and
// that a second run posts nothing new.
func TestFixSuggestionsRequests(t *testing.T) {
	g := &fakeReviews{}
	srv := httptest.NewServer(g)
	defer srv.Close()
	vars, dir := suggestEnv(t, srv.URL)
	path := filepath.Join(dir, "ci", "buildspec.yml")
	src := source.NewSource(path, []byte(dockerSpec))
	g.files = map[string][]byte{"ci/buildspec.yml": src.Data}
	g.diff = diffLines("ci/buildspec.yml", 3, 4, 5, 6, 7, 8, 9)
	// A one-line fix, and a fix of two edits on two lines (one suggestion of lines 5-6).
	one := fixed(t, src, ruleFix, "nohup dockerd &", "nohup dockerd &", "nohup dockerd --host=unix:///var/run/docker.sock &")
	two := fixed(t, src, ruleFix2, "timeout 15", "nohup dockerd &", "nohup /usr/local/bin/dockerd-entrypoint.sh &", "timeout 15", "timeout 30")
	fs := []*finding.Finding{one, two}

	stdout, md := runSuggest(t, vars, fs)
	if len(g.calls) != 5 {
		t.Fatalf("%d requests, want 5 (list comments and files, read the file at the head, post two):\n%+v", len(g.calls), g.calls)
	}
	for i, want := range []string{
		"GET /repos/o/r/pulls/7/comments?per_page=100&page=1",
		"GET /repos/o/r/pulls/7/files?per_page=100&page=1",
		"GET /repos/o/r/contents/ci/buildspec.yml?ref=" + shaB,
		"POST /repos/o/r/pulls/7/comments",
		"POST /repos/o/r/pulls/7/comments",
	} {
		if got := g.calls[i].Method + " " + g.calls[i].URL; got != want || g.calls[i].Auth != "Bearer tok" {
			t.Errorf("request %d = %s (auth %q), want %s with the token", i, got, g.calls[i].Auth, want)
		}
	}
	p1, p2 := g.calls[3].Body, g.calls[4].Body
	body, _ := p1["body"].(string)
	want1 := map[string]any{"path": "ci/buildspec.yml", "commit_id": shaB, "line": float64(5), "side": "RIGHT"}
	want2 := map[string]any{"path": "ci/buildspec.yml", "commit_id": shaB, "line": float64(6), "side": "RIGHT", "start_line": float64(5), "start_side": "RIGHT"}
	for _, c := range []struct {
		got, want map[string]any
		text      string
	}{
		{p1, want1, "      - nohup dockerd --host=unix:///var/run/docker.sock &"},
		{p2, want2, "      - nohup /usr/local/bin/dockerd-entrypoint.sh &\n      - timeout 30 sh -c \"until docker info; do sleep 1; done\""},
	} {
		got := map[string]any{}
		for k, v := range c.got {
			got[k] = v
		}
		body, _ := got["body"].(string)
		delete(got, "body")
		c.got = got
		if fmt.Sprint(c.got) != fmt.Sprint(c.want) {
			t.Errorf("comment = %v, want %v", c.got, c.want)
		}
		if got := suggestedText(t, body); got != c.text {
			t.Errorf("suggested text = %q, want %q\nbody:\n%s", got, c.text, body)
		}
	}
	if !strings.HasPrefix(body, "**BSL202 dockerd-not-backgrounded**: fix BSL202\n\n```suggestion\n") ||
		!regexp.MustCompile(`(?m)^<!-- buildspec-lint-fix BSL202 [0-9a-f]{16} -->$`).MatchString(body) {
		t.Errorf("comment body:\n%s", body)
	}
	if !strings.Contains(stdout, "fix suggestions: 2 posted on the pull request, 0 already there, 0 outside the pull request's diff, 0 not posted") {
		t.Errorf("log:\n%s", stdout)
	}
	if !strings.Contains(md, "### Suggested fixes\n\n2 posted as review suggestions on the pull request, 0 already there.") {
		t.Errorf("summary:\n%s", md)
	}

	// A re-run finds its comments (by path, lines and marker) and posts nothing.
	g.calls = nil
	stdout, _ = runSuggest(t, vars, fs)
	for _, c := range g.calls {
		if c.Method != http.MethodGet {
			t.Errorf("the re-run posted: %+v", c)
		}
	}
	if len(g.comments) != 2 || !strings.Contains(stdout, "0 posted on the pull request, 2 already there") {
		t.Errorf("re-run: %d comments, log:\n%s", len(g.comments), stdout)
	}
	// A changed fix on the same lines is a new suggestion.
	g.calls = nil
	one.Fix.Edits[0].NewText = "nohup dockerd --host=tcp://127.0.0.1:2375 &"
	runSuggest(t, vars, fs)
	if len(g.comments) != 3 || g.calls[len(g.calls)-1].Body["line"] != float64(5) {
		t.Errorf("a changed fix was not posted: %d comments", len(g.comments))
	}
}

// suggestedText returns the text of the single suggestion block of a comment body.
func suggestedText(t *testing.T, body string) string {
	t.Helper()
	m := regexp.MustCompile("(?m)^(`{3,})suggestion$").FindStringSubmatchIndex(body)
	if m == nil {
		t.Fatalf("no suggestion block in:\n%s", body)
	}
	fence := body[m[2]:m[3]]
	rest := body[m[1]+1:]
	end := strings.Index(rest, fence+"\n")
	if end < 0 || strings.Count(body, fence) != 2 {
		t.Fatalf("the fence %s is not closed once, or occurs in the suggested text:\n%s", fence, body)
	}
	return strings.TrimSuffix(rest[:end], "\n")
}

// TestFixSuggestionsForbidden: a read-only token (fork pull request) falls back to annotations
// that say a fix is available and the fixes in the job summary, with a notice naming the
// permission; the step's result does not change.
func TestFixSuggestionsForbidden(t *testing.T) {
	g := &fakeReviews{forbidden: true}
	srv := httptest.NewServer(g)
	defer srv.Close()
	vars, dir := suggestEnv(t, srv.URL)
	src := source.NewSource(filepath.Join(dir, "buildspec.yml"), []byte(dockerSpec))
	g.files = map[string][]byte{"buildspec.yml": src.Data}
	g.diff = diffLines("buildspec.yml", 5, 6)
	fs := []*finding.Finding{
		fixed(t, src, ruleFix, "nohup dockerd &", "nohup dockerd &", "nohup dockerd --host=unix:///var/run/docker.sock &"),
		fixed(t, src, ruleFix2, "timeout 15", "timeout 15", "timeout 30"),
	}
	// The check run is refused too, so the annotations are workflow commands.
	stdout, md := runSuggest(t, vars, fs)
	posts := 0
	for _, c := range g.calls {
		if c.Method == http.MethodPost {
			posts++
		}
	}
	if posts != 1 {
		t.Errorf("%d posts, want 1 (the first 403 stops the rest)", posts)
	}
	if !strings.Contains(stdout, "::notice::buildspec-lint could not post its fix suggestions (GitHub API answered 403: Resource not accessible by integration): fork pull requests get a read-only token, and otherwise the job needs `permissions: pull-requests: write`") {
		t.Errorf("no notice naming the permission:\n%s", stdout)
	}
	if !strings.Contains(md, "2 verified fixes are not on the pull request") ||
		!strings.Contains(md, "```yaml\n        - nohup dockerd --host=unix:///var/run/docker.sock &\n  ```") ||
		!strings.Contains(md, "the token may not comment on the pull request") {
		t.Errorf("summary does not show the fixes:\n%s", md)
	}
	if !regexp.MustCompile(`(?m)^::error [^\n]*BSL202[^\n]*::the finding; a fix is available: the job summary shows it`).MatchString(stdout) ||
		strings.Count(stdout, "a fix is available: the job summary shows it") != 2 {
		t.Errorf("the findings do not say a fix is available:\n%s", stdout)
	}
}

// TestFixSuggestionsNotInDiff: a suggestion on lines the diff does not show is not posted (the
// hunks of the pull request's files say so), or, where GitHub gives no patch, posted and skipped
// on its 422 answer; either way it is counted, listed in the job summary, and the others posted.
func TestFixSuggestionsNotInDiff(t *testing.T) {
	for _, noPatch := range []bool{false, true} {
		t.Run(fmt.Sprintf("noPatch=%v", noPatch), func(t *testing.T) {
			g := &fakeReviews{noPatch: noPatch}
			srv := httptest.NewServer(g)
			defer srv.Close()
			vars, dir := suggestEnv(t, srv.URL)
			delete(vars, TokenEnv)
			src := source.NewSource(filepath.Join(dir, "buildspec.yml"), []byte(dockerSpec))
			g.files = map[string][]byte{"buildspec.yml": src.Data}
			g.diff = diffLines("buildspec.yml", 6)
			fs := []*finding.Finding{
				fixed(t, src, ruleFix, "nohup dockerd &", "nohup dockerd &", "nohup dockerd --host=unix:///var/run/docker.sock &"),
				fixed(t, src, ruleFix2, "timeout 15", "timeout 15", "timeout 30"),
			}
			// Without a token nothing is requested, and the notice says what to set.
			stdout, md := runSuggest(t, vars, fs)
			if len(g.calls) != 0 || !strings.Contains(stdout, "::notice::buildspec-lint: fix-suggestions needs a token") || !strings.Contains(md, "timeout 30 sh -c") {
				t.Fatalf("without a token: %d requests\n%s\n%s", len(g.calls), stdout, md)
			}
			vars[TokenEnv] = "tok"
			stdout, md = runSuggest(t, vars, fs)
			if len(g.comments) != 1 || g.comments[0]["line"] != float64(6) {
				t.Errorf("comments = %v, want the one on line 6", g.comments)
			}
			posts := 0
			for _, c := range g.calls {
				if c.Method == http.MethodPost {
					posts++
				}
			}
			why := "not posted: the lines are outside the pull request's diff, where GitHub takes no comment"
			if noPatch {
				why = "not posted: GitHub takes comments only on lines the pull request's diff shows (GitHub API answered 422: Validation Failed)"
				if posts != 2 {
					t.Errorf("%d posts, want 2 (no patch: the 422 tells)", posts)
				}
			} else if posts != 1 {
				t.Errorf("%d posts, want 1 (the hunks tell)", posts)
			}
			if !strings.Contains(stdout, "1 posted on the pull request, 0 already there, 1 outside the pull request's diff, 1 not posted") {
				t.Errorf("log:\n%s", stdout)
			}
			if !strings.Contains(md, why) || !strings.Contains(md, "nohup dockerd --host=unix:///var/run/docker.sock &") || strings.Contains(md, "timeout 30") {
				t.Errorf("summary:\n%s", md)
			}
			if n := strings.Count(stdout, "a fix is available"); n != 1 {
				t.Errorf("%d findings say a fix is available, want 1:\n%s", n, stdout)
			}
		})
	}
}

func TestPatchHunks(t *testing.T) {
	patch := "@@ -1,3 +1,4 @@ version: 0.2\n a\n+b\n c\n d\n@@ -10 +11 @@\n-x\n+y\n@@ -20,2 +22,0 @@\n-p\n-q\n"
	if got := fmt.Sprint(patchHunks(patch)); got != "[[1 4] [11 11]]" {
		t.Errorf("hunks = %s", got)
	}
	s := &suggestion{path: "b.yml", first: 3, last: 5}
	hs := map[string][][2]int{"b.yml": {{1, 4}, {5, 9}}, "c.yml": nil}
	if outsideDiff(hs, s) == "" {
		t.Errorf("lines 3-5 span two hunks: GitHub refuses such a comment")
	}
	s.last = 4
	if why := outsideDiff(hs, s); why != "" {
		t.Errorf("lines 3-4 are in a hunk: %s", why)
	}
	if outsideDiff(hs, &suggestion{path: "a.yml", first: 1, last: 1}) == "" || outsideDiff(hs, &suggestion{path: "c.yml", first: 1, last: 1}) != "" ||
		outsideDiff(nil, s) != "" {
		t.Errorf("a file not changed is outside; one without a patch, or an unknown diff, is tried")
	}
}

// TestFixSuggestionsHeadDiffers: the lines of a suggestion are the head commit's: a file that
// differs there (the checkout is the merge commit) gets no suggestion.
func TestFixSuggestionsHeadDiffers(t *testing.T) {
	g := &fakeReviews{}
	srv := httptest.NewServer(g)
	defer srv.Close()
	vars, dir := suggestEnv(t, srv.URL)
	src := source.NewSource(filepath.Join(dir, "buildspec.yml"), []byte(dockerSpec))
	g.files = map[string][]byte{"buildspec.yml": []byte("# a line the base branch added\n" + dockerSpec)}
	g.diff = diffLines("buildspec.yml", 5, 6)
	_, md := runSuggest(t, vars, []*finding.Finding{fixed(t, src, ruleFix2, "timeout 15", "timeout 15", "timeout 30")})
	if len(g.comments) != 0 || !strings.Contains(md, "differs from the file at the pull request's head commit") {
		t.Errorf("%d comments; summary:\n%s", len(g.comments), md)
	}
}

// TestFixSuggestionsNotAPullRequest: on a push there is no pull request to comment on.
func TestFixSuggestionsNotAPullRequest(t *testing.T) {
	vars, dir := suggestEnv(t, "http://127.0.0.1:1")
	os.WriteFile(vars["GITHUB_EVENT_PATH"], []byte(`{"after":"`+shaB+`"}`), 0o644)
	vars["GITHUB_EVENT_NAME"] = "push"
	delete(vars, TokenEnv)
	src := source.NewSource(filepath.Join(dir, "buildspec.yml"), []byte(dockerSpec))
	stdout, md := runSuggest(t, vars, []*finding.Finding{fixed(t, src, ruleFix2, "timeout 15", "timeout 15", "timeout 30")})
	if !strings.Contains(stdout, "::notice::buildspec-lint: fix-suggestions posts review suggestions on pull requests, and this push event has none") ||
		!strings.Contains(md, "timeout 30") {
		t.Errorf("log:\n%s\nsummary:\n%s", stdout, md)
	}
	// A finding without a fix, or no fix-suggestions, adds nothing.
	var out bytes.Buffer
	o := &Options{Getenv: env(vars)}
	o.Output(&out, io.Discard, "github", &format.Report{Findings: findings(dir, "buildspec.yml", 1), Files: 1}, format.Options{}, finding.SeverityError)
	if strings.Contains(out.String(), "fix") {
		t.Errorf("fix text without fixes:\n%s", out.String())
	}
}

// TestSuggestionLines covers turning edits into the new text of whole lines.
func TestSuggestionLines(t *testing.T) {
	for _, c := range []struct {
		name, data  string
		edit        func(*source.Source) []finding.Edit
		first, last int
		text, why   string
	}{
		{"one word", "a: 1\nb: two\nc: 3\n", func(s *source.Source) []finding.Edit {
			return []finding.Edit{{Range: s.Range(8, 11), NewText: "2"}}
		}, 2, 2, "b: 2", ""},
		{"delete a whole line", "a: 1\nb: 2\nc: 3\n", func(s *source.Source) []finding.Edit {
			return []finding.Edit{{Range: s.Range(5, 10), NewText: ""}}
		}, 2, 2, "", ""},
		{"delete two lines", "a: 1\nb: 2\nc: 3\n", func(s *source.Source) []finding.Edit {
			return []finding.Edit{{Range: s.Range(5, 15), NewText: ""}}
		}, 2, 3, "", ""},
		{"insert lines before a line", "a: 1\nb: 2\n", func(s *source.Source) []finding.Edit {
			return []finding.Edit{insertAt(s, 5, "x: 0\ny: 0\n")}
		}, 2, 2, "x: 0\ny: 0\nb: 2", ""},
		{"insert at the end of a file with a final line break", "a: 1\nb: 2\n", func(s *source.Source) []finding.Edit {
			return []finding.Edit{insertAt(s, 10, "c: 3\n")}
		}, 2, 2, "b: 2\nc: 3", ""},
		{"join with the next line", "a: 1\nb: 2\nc: 3\n", func(s *source.Source) []finding.Edit {
			return []finding.Edit{{Range: s.Range(9, 10), NewText: " "}}
		}, 2, 3, "b: 2 c: 3", ""},
		{"last line without a line break", "a: 1\nb: 2", func(s *source.Source) []finding.Edit {
			return []finding.Edit{{Range: s.Range(8, 9), NewText: "22"}}
		}, 2, 2, "b: 22", ""},
		{"CRLF multi-line", "a: 1\r\nb:\r\n  - x\r\n  - y\r\nc: 3\r\n", func(s *source.Source) []finding.Edit {
			x, y := bytes.IndexByte(s.Data, 'x'), bytes.IndexByte(s.Data, 'y')
			return []finding.Edit{insertAt(s, x-4, "  - w\r\n"), {Range: s.Range(x, x+1), NewText: "z"}, {Range: s.Range(y, y+1), NewText: "v"}}
		}, 3, 4, "  - w\n  - z\n  - v", ""},
		{"CRLF delete a line", "a: 1\r\nb:\r\n  - x\r\n  - y\r\n", func(s *source.Source) []finding.Edit {
			x := bytes.IndexByte(s.Data, 'x')
			return []finding.Edit{{Range: s.Range(x-4, x+3), NewText: ""}}
		}, 3, 3, "", ""},
		{"remove the final line break", "a: 1\nb: 2\n", func(s *source.Source) []finding.Edit {
			return []finding.Edit{{Range: s.Range(9, 10), NewText: ""}}
		}, 2, 2, "b: 2", "end of the file"},
		{"empty the last line without a line break", "a: 1\nb: 2", func(s *source.Source) []finding.Edit {
			return []finding.Edit{{Range: s.Range(5, 9), NewText: ""}}
		}, 2, 2, "", "end of the file"},
		{"bidi control", "a: 1\nb: 2\n", func(s *source.Source) []finding.Edit {
			return []finding.Edit{{Range: s.Range(8, 9), NewText: "\u202e2"}}
		}, 2, 2, "b: \u202e2", "bidi"},
		{"not UTF-8", "a: \xff\n", func(s *source.Source) []finding.Edit {
			return []finding.Edit{{Range: s.Range(0, 1), NewText: "b"}}
		}, 1, 1, "b: \xff", "not UTF-8"},
		{"BOM", "\ufeffa: 1\nb: 2\n", func(s *source.Source) []finding.Edit {
			return []finding.Edit{{Range: s.Range(6, 7), NewText: "2"}}
		}, 1, 1, "\ufeffa: 2", "byte order mark"},
		{"BOM, a later line", "\ufeffa: 1\nb: 2\n", func(s *source.Source) []finding.Edit {
			return []finding.Edit{{Range: s.Range(11, 12), NewText: "3"}}
		}, 2, 2, "b: 3", ""},
		{"tabs are fine", "a:\n\tb\n", func(s *source.Source) []finding.Edit {
			return []finding.Edit{{Range: s.Range(4, 5), NewText: "c"}}
		}, 2, 2, "\tc", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			src := source.NewSource("/w/buildspec.yml", []byte(c.data))
			f := &finding.Finding{Path: src.Path, Rule: ruleFix, Source: src, Fix: &finding.Fix{Message: "m", Edits: c.edit(src)}}
			s := suggestionOf(f, "/w")
			if s.path != "buildspec.yml" || s.first != c.first || s.last != c.last || s.text != c.text {
				t.Errorf("got %s lines %d-%d %q, want lines %d-%d %q", s.path, s.first, s.last, s.text, c.first, c.last, c.text)
			}
			if (c.why == "") != (s.why == "") || !strings.Contains(s.why, c.why) {
				t.Errorf("why = %q, want one saying %q", s.why, c.why)
			}
			// The suggestion replaces lines first..last: applying it gives what the fix gives.
			if s.why == "" && !strings.Contains(c.data, "\r") {
				want, _, err := finding.ApplyEdits(src.Data, f.Fix.Edits)
				if err != nil {
					t.Fatal(err)
				}
				lines := strings.SplitAfter(c.data, "\n")
				repl := ""
				if !s.deleted {
					repl = c.text + "\n"
				}
				got := strings.Join(lines[:c.first-1], "") + repl + strings.Join(lines[c.last:], "")
				if !strings.HasSuffix(c.data, "\n") && c.last == len(lines) {
					got = strings.TrimSuffix(got, "\n")
				}
				if got != string(want) {
					t.Errorf("committing the suggestion gives %q, the fix %q", got, want)
				}
			}
		})
	}
}

// TestSuggestionFence: no line of the file closes the suggestion block, and the text around it
// is Markdown-escaped.
func TestSuggestionFence(t *testing.T) {
	data := "a: 1\nb: |\n  ```\n  ````x\n  echo 1\n"
	src := source.NewSource("/w/buildspec.yml", []byte(data))
	off := strings.Index(data, "echo 1")
	f := &finding.Finding{Path: src.Path, Rule: ruleFix, Source: src,
		Fix: &finding.Fix{Message: "remove [x](http://evil) <b>", Edits: []finding.Edit{{Range: src.Range(off, off+6), NewText: "echo 2\n  ```````"}}}}
	s := suggestionOf(f, "/w")
	body := s.body()
	if !strings.Contains(body, "\n````````suggestion\n  echo 2\n  ```````\n````````\n") {
		t.Errorf("fence not longer than the backtick runs:\n%s", body)
	}
	if got := suggestedText(t, body); got != "  echo 2\n  ```````" {
		t.Errorf("suggested text = %q", got)
	}
	if !strings.Contains(body, `remove \[x\](http://evil) &lt;b&gt;`) {
		t.Errorf("fix message not escaped:\n%s", body)
	}
	md := fixEntry(s, func(string, int) string { return "" })
	if !strings.Contains(md, "\n  ````````yaml\n    echo 2\n    ```````\n  ````````\n") {
		t.Errorf("summary entry:\n%s", md)
	}
}

// TestFixSuggestionsLogIsNotObeyed: file text in unposted fixes never reaches the log, and the
// findings' annotations stay escaped.
func TestFixSuggestionsLogIsNotObeyed(t *testing.T) {
	vars, dir := suggestEnv(t, "http://127.0.0.1:1")
	delete(vars, TokenEnv)
	data := "version: 0.2\nphases:\n  build:\n    commands:\n      - echo '::error::owned' && timeout 15 true # ##[add-mask]x\n"
	src := source.NewSource(filepath.Join(dir, "buildspec.yml"), []byte(data))
	f := fixed(t, src, ruleFix2, "timeout 15", "timeout 15", "timeout 30")
	f.Message = "x\n::warning::y"
	stdout, md := runSuggest(t, vars, []*finding.Finding{f})
	for _, l := range strings.Split(stdout, "\n") {
		if strings.Contains(l, "owned") || strings.Contains(l, "##[") || strings.HasPrefix(l, "::warning::y") {
			t.Errorf("a line the runner would obey: %q", l)
		}
	}
	if !strings.Contains(md, "echo '::error::owned' && timeout 30 true # ##[add-mask]x") {
		t.Errorf("summary lacks the fix:\n%s", md)
	}
}

// TestFixSuggestionsAPIErrorNotObeyed: the API's error message, quoted in the notice, cannot
// become a workflow command of its own.
func TestFixSuggestionsAPIErrorNotObeyed(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusForbidden)
		io.WriteString(w, `{"message":"no\n::error::owned ##[add-mask]x \u001b[31m"}`)
	}))
	defer srv.Close()
	vars, dir := suggestEnv(t, srv.URL)
	src := source.NewSource(filepath.Join(dir, "buildspec.yml"), []byte(dockerSpec))
	stdout, _ := runSuggest(t, vars, []*finding.Finding{fixed(t, src, ruleFix2, "timeout 15", "timeout 15", "timeout 30")})
	if !strings.Contains(stdout, "::notice::buildspec-lint could not post its fix suggestions (GitHub API answered 403: no\\n::error::owned ##\\x5badd-mask]x \\x1b[31m)") {
		t.Errorf("notice:\n%s", stdout)
	}
	for _, l := range strings.Split(stdout, "\n") {
		if strings.HasPrefix(l, "::error::owned") || strings.Contains(l, "##[") || strings.Contains(l, "\x1b") {
			t.Errorf("a line the runner would obey: %q", l)
		}
	}
}

// TestFixSuggestionsCRLF: in a CRLF file the suggestion holds the new lines without their line
// breaks (as GitHub shows lines), on the right line numbers.
func TestFixSuggestionsCRLF(t *testing.T) {
	g := &fakeReviews{}
	srv := httptest.NewServer(g)
	defer srv.Close()
	vars, dir := suggestEnv(t, srv.URL)
	src := source.NewSource(filepath.Join(dir, "buildspec.yml"), []byte(strings.ReplaceAll(dockerSpec, "\n", "\r\n")))
	g.files = map[string][]byte{"buildspec.yml": src.Data}
	g.diff = diffLines("buildspec.yml", 4, 5, 6, 7)
	// Two edits: a line inserted before line 5 (in the file's CRLF) and a word changed on line 6.
	at := bytes.Index(src.Data, []byte("      - nohup"))
	f := fixed(t, src, ruleFix2, "timeout 15", "timeout 15", "timeout 30")
	f.Fix.Edits = append(f.Fix.Edits, insertAt(src, at, "      - echo start\r\n"))
	runSuggest(t, vars, []*finding.Finding{f})
	if len(g.comments) != 1 {
		t.Fatalf("%d comments, want 1", len(g.comments))
	}
	c := g.comments[0]
	body := c["body"].(string)
	if c["start_line"] != float64(5) || c["line"] != float64(6) || strings.Contains(body, "\r") {
		t.Errorf("comment = %v", c)
	}
	if got, want := suggestedText(t, body), "      - echo start\n      - nohup dockerd &\n      - timeout 30 sh -c \"until docker info; do sleep 1; done\""; got != want {
		t.Errorf("suggested text = %q, want %q", got, want)
	}
}

// FuzzSuggestionOf: for any file and edit, turning the fix into a suggestion never panics, and
// a postable suggestion, committed as GitHub does (lines first..last replaced by its text),
// gives the file the fix gives (files without CR, whose line breaks a suggestion cannot show).
func FuzzSuggestionOf(f *testing.F) {
	f.Add("a: 1\nb: 2\nc: 3\n", 5, 10, "")
	f.Add("a: 1\nb: 2\nc: 3\n", 9, 10, " ")
	f.Add("a: 1\nb: 2", 10, 10, "\nc: 3")
	f.Add("a: 1\nb: 2\n", 10, 10, "c: 3\n")
	f.Fuzz(func(t *testing.T, data string, start, end int, text string) {
		if len(data) == 0 || start < 0 || end < start || end > len(data) || strings.Contains(data+text, "\r") {
			return
		}
		src := source.NewSource("/w/b.yml", []byte(data))
		fx := &finding.Finding{Path: src.Path, Rule: ruleFix, Source: src, Fix: &finding.Fix{Message: "m", Edits: []finding.Edit{{Range: src.Range(start, end), NewText: text}}}}
		s := suggestionOf(fx, "/w")
		if s == nil || s.why != "" {
			return
		}
		want, _, err := finding.ApplyEdits(src.Data, fx.Fix.Edits)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.SplitAfter(data, "\n")
		if s.first < 1 || s.last < s.first || s.last > len(lines) {
			t.Fatalf("lines %d-%d of a file of %d", s.first, s.last, len(lines))
		}
		repl := ""
		if !s.deleted {
			repl = s.text + "\n"
		}
		got := strings.Join(lines[:s.first-1], "") + repl + strings.Join(lines[s.last:], "")
		if !strings.HasSuffix(lines[s.last-1], "\n") {
			got = strings.TrimSuffix(got, "\n")
		}
		if got != string(want) {
			t.Fatalf("committing lines %d-%d as %q gives %q, the fix %q", s.first, s.last, s.text, got, want)
		}
	})
}
