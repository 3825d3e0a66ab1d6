package ghactions

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/buildspec-lint/buildspec-lint/lint/finding"
	"github.com/buildspec-lint/buildspec-lint/lint/format"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

var (
	ruleE = &finding.Rule{ID: "BSL201", Name: "dockerd-not-started", Severity: finding.SeverityError}
	ruleW = &finding.Rule{ID: "BSL101", Name: "redundant-install", Severity: finding.SeverityWarning}
	ruleN = &finding.Rule{ID: "BSL103", Name: "runtime-versions", Severity: finding.SeverityNotice}
)

// findings makes n findings of each rule, one per line, in path (relative to root).
func findings(root, path string, n int) []*finding.Finding {
	var fs []*finding.Finding
	for i := 1; i <= n; i++ {
		for _, r := range []*finding.Rule{ruleE, ruleW, ruleN} {
			fs = append(fs, &finding.Finding{
				Path: filepath.Join(root, path), Rule: r, Severity: r.Severity,
				Range:   source.Range{Start: source.Pos{Line: i, Col: 3}, End: source.Pos{Line: i, Col: 9}},
				Message: fmt.Sprintf("%s finding %d: 100%% | <b>", r.Name, i),
			})
		}
	}
	finding.Sort(fs)
	return fs
}

// Commit SHAs of the tests' events.
const (
	shaA = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	shaB = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
	shaC = "cccccccccccccccccccccccccccccccccccccccc"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

// readOutputs parses a GITHUB_OUTPUT file (name=value and name<<DELIM forms).
func readOutputs(t *testing.T, path string) map[string]string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	lines := strings.Split(string(data), "\n")
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		if name, delim, ok := strings.Cut(l, "<<"); ok {
			var val []string
			for i++; i < len(lines) && lines[i] != delim; i++ {
				val = append(val, lines[i])
			}
			out[name] = strings.Join(val, "\n")
		} else if name, val, ok := strings.Cut(l, "="); ok {
			out[name] = val
		}
	}
	return out
}

var annRE = regexp.MustCompile(`^::(error|warning|notice)( [^:]*)?::(.*)$`)

func TestSelectShownCapsMostSevereFirst(t *testing.T) {
	fs := findings("", "buildspec.yml", 20) // 20 errors, 20 warnings, 20 notices
	shown := selectShown(fs, 0)
	var got []string
	for _, f := range shown {
		got = append(got, f.Severity.String())
	}
	want := strings.Repeat("error ", 10) + strings.Repeat("warning ", 10) + strings.Repeat("notice ", 9)
	if strings.Join(got, " ")+" " != want {
		t.Errorf("shown severities = %v, want 10 errors, 10 warnings, 9 notices (one slot for the overflow notice)", got)
	}
	// Within a severity, file order is kept: the first error is line 1.
	if shown[0].Range.Start.Line != 1 || shown[9].Range.Start.Line != 10 {
		t.Errorf("errors not in file order: %v ... %v", shown[0].Range, shown[9].Range)
	}
	// Few findings: all shown, no slot reserved.
	if n := len(selectShown(findings("", "b.yml", 3), 0)); n != 9 {
		t.Errorf("9 findings: %d shown, want all", n)
	}
}

func TestOutputActionsMode(t *testing.T) {
	dir := t.TempDir()
	out, sum := filepath.Join(dir, "output"), filepath.Join(dir, "summary.md")
	fs := findings(dir, "ci/buildspec.yml", 20)
	o := &Options{Getenv: env(map[string]string{
		"GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": dir, "GITHUB_OUTPUT": out, "GITHUB_STEP_SUMMARY": sum,
		"GITHUB_REPOSITORY": "o/r", "GITHUB_SHA": shaC,
	})}
	var stdout, stderr bytes.Buffer
	kept, err := o.Output(&stdout, &stderr, "github", &format.Report{Findings: fs, Files: 1}, format.Options{}, finding.SeverityWarning)
	if err != nil || len(kept) != 60 {
		t.Fatalf("Output: %d kept, %v", len(kept), err)
	}
	lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	counts := map[string]int{}
	for _, l := range lines {
		m := annRE.FindStringSubmatch(l)
		if m == nil {
			t.Fatalf("not a workflow command: %q", l)
		}
		counts[m[1]]++
		if m[1] != "notice" || strings.Contains(l, "file=") {
			if !strings.Contains(l, "file=ci/buildspec.yml,") {
				t.Errorf("annotation path not relative to GITHUB_WORKSPACE: %q", l)
			}
		}
	}
	if counts["error"] != 10 || counts["warning"] != 10 || counts["notice"] != 10 {
		t.Errorf("annotation counts = %v, want 10 of each", counts)
	}
	if !strings.HasPrefix(lines[0], "::notice::buildspec-lint: 60 findings, but GitHub shows only") || !strings.Contains(lines[0], "31 are not annotated: the job summary lists all of them") {
		t.Errorf("first line is not the overflow notice: %q", lines[0])
	}
	if !strings.HasPrefix(lines[1], "::error ") || !strings.HasPrefix(lines[11], "::warning ") {
		t.Errorf("not most severe first: %q, %q", lines[1], lines[11])
	}
	md, _ := os.ReadFile(sum)
	if n := strings.Count(string(md), "\n| ["); n != 60 {
		t.Errorf("summary has %d rows, want all 60:\n%s", n, md)
	}
	for _, want := range []string{"### `ci/buildspec.yml`", "**60 findings** (20 errors, 20 warnings, 20 notices) in 1 of 1 file; GitHub shows 29 of them as annotations, so the other 31 appear only here",
		"[1:3](https://github.com/o/r/blob/" + shaC + "/ci/buildspec.yml#L1)", `100% \| &lt;b&gt;`, "[BSL101 redundant-install](" + "https://github.com/buildspec-lint/buildspec-lint/blob/main/docs/rules.md#bsl101" + ")"} {
		if !strings.Contains(string(md), want) {
			t.Errorf("summary lacks %q", want)
		}
	}
	got := readOutputs(t, out)
	if got["findings"] != "60" || got["errors"] != "20" || got["warnings"] != "20" || got["sarif-file"] != "" {
		t.Errorf("outputs = %v", got)
	}
}

func TestOutputWithoutRunnerFilesNeverPanics(t *testing.T) {
	o := &Options{Getenv: env(map[string]string{"GITHUB_ACTIONS": "true"})}
	var stdout bytes.Buffer
	if _, err := o.Output(&stdout, io.Discard, "github", &format.Report{Findings: findings("", "b.yml", 1)}, format.Options{}, finding.SeverityWarning); err != nil {
		t.Fatal(err)
	}
	if strings.Count(stdout.String(), "\n") != 3 {
		t.Errorf("want 3 annotations, got:\n%s", stdout.String())
	}
	// Outside Actions the format is written as is: no summary, no caps.
	o = &Options{Getenv: env(nil)}
	stdout.Reset()
	o.Output(&stdout, io.Discard, "github", &format.Report{Findings: findings("", "b.yml", 20)}, format.Options{}, finding.SeverityWarning)
	if n := strings.Count(stdout.String(), "\n"); n != 60 {
		t.Errorf("outside Actions: %d lines, want 60", n)
	}
}

func TestSummaryKeptUnderBudget(t *testing.T) {
	fs := findings("", "buildspec.yml", 400)
	r := &format.Report{Findings: fs, Files: 1}
	md := summary(r, "", 30, false, func(string, int) string { return "" }, 20000)
	if len(md) > 20000 {
		t.Fatalf("summary is %d bytes, over the budget", len(md))
	}
	rows := len(regexp.MustCompile(`(?m)^\| \d`).FindAllString(md, -1))
	if !strings.Contains(md, fmt.Sprintf("%d more findings are not listed: the job summary is limited to 1 MiB", 1200-rows)) {
		t.Errorf("no closing count of the %d rows left out:\n%s", 1200-rows, md[len(md)-400:])
	}
	// A summary that is full before it starts is empty, never over.
	if s := summary(r, "", 30, false, func(string, int) string { return "" }, 10); len(s) > 10 {
		t.Errorf("tiny budget: %d bytes", len(s))
	}
}

// fakeGitHub follows the check runs REST contract: POST creates (201, id), PATCH updates with at
// most 50 annotations (422 otherwise), and the token must be sent.
type fakeGitHub struct {
	mu          sync.Mutex
	forbidden   bool
	created     []checkRunRequest
	updates     []checkRunRequest
	annotations int
}

func (g *fakeGitHub) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if r.Header.Get("Authorization") != "Bearer tok" || r.Header.Get("Accept") != "application/vnd.github+json" {
		http.Error(w, `{"message":"Bad credentials"}`, http.StatusUnauthorized)
		return
	}
	if g.forbidden {
		w.WriteHeader(http.StatusForbidden)
		io.WriteString(w, `{"message":"Resource not accessible by integration"}`)
		return
	}
	var req checkRunRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, `{"message":"Problems parsing JSON"}`, http.StatusBadRequest)
		return
	}
	switch {
	case r.Method == http.MethodPost && r.URL.Path == "/repos/o/r/check-runs":
		if req.Name == "" || req.HeadSHA == "" {
			http.Error(w, `{"message":"Invalid request"}`, http.StatusUnprocessableEntity)
			return
		}
		g.created = append(g.created, req)
		w.WriteHeader(http.StatusCreated)
		io.WriteString(w, `{"id":42,"html_url":"https://github.com/o/r/runs/42"}`)
	case r.Method == http.MethodPatch && r.URL.Path == "/repos/o/r/check-runs/42":
		if req.Output != nil {
			if len(req.Output.Annotations) > MaxAnnotationsPerRequest || req.Output.Title == "" || req.Output.Summary == "" {
				http.Error(w, `{"message":"Invalid request"}`, http.StatusUnprocessableEntity)
				return
			}
			for _, a := range req.Output.Annotations {
				if a.StartLine != a.EndLine && (a.StartColumn != 0 || a.EndColumn != 0) {
					http.Error(w, `{"message":"columns on a multi-line annotation"}`, http.StatusUnprocessableEntity)
					return
				}
			}
			g.annotations += len(req.Output.Annotations)
		}
		g.updates = append(g.updates, req)
		io.WriteString(w, `{"id":42}`)
	default:
		http.NotFound(w, r)
	}
}

func checkRunEnv(t *testing.T, api string) (map[string]string, string) {
	dir := t.TempDir()
	ev := filepath.Join(dir, "event.json")
	os.WriteFile(ev, []byte(`{"pull_request":{"base":{"sha":"`+shaA+`"},"head":{"sha":"`+shaB+`"}}}`), 0o644)
	return map[string]string{
		"GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": dir, "GITHUB_REPOSITORY": "o/r", "GITHUB_API_URL": api,
		"GITHUB_SHA": shaC, "GITHUB_EVENT_NAME": "pull_request", "GITHUB_EVENT_PATH": ev, TokenEnv: "tok",
		"GITHUB_OUTPUT": filepath.Join(dir, "out"), "GITHUB_STEP_SUMMARY": filepath.Join(dir, "sum"),
	}, dir
}

func TestCheckRunBatchesOf50(t *testing.T) {
	g := &fakeGitHub{}
	srv := httptest.NewServer(g)
	defer srv.Close()
	vars, dir := checkRunEnv(t, srv.URL)
	fs := findings(dir, "buildspec.yml", 40) // 120 findings
	var stdout bytes.Buffer
	o := &Options{Getenv: env(vars)}
	if _, err := o.Output(&stdout, io.Discard, "github", &format.Report{Findings: fs}, format.Options{}, finding.SeverityError); err != nil {
		t.Fatal(err)
	}
	if len(g.created) != 1 || g.created[0].HeadSHA != shaB || g.created[0].Name != "buildspec-lint" || g.created[0].Status != "in_progress" {
		t.Fatalf("created = %+v, want one in-progress run on the PR head", g.created)
	}
	if len(g.updates) != 3 || g.annotations != 120 {
		t.Fatalf("%d updates with %d annotations, want 3 with 120", len(g.updates), g.annotations)
	}
	last := g.updates[2]
	if last.Status != "completed" || last.Conclusion != "failure" || g.updates[0].Status != "" {
		t.Errorf("completion: first %+v, last status %q conclusion %q", g.updates[0].Status, last.Status, last.Conclusion)
	}
	a := g.updates[0].Output.Annotations[2] // line 1: BSL101, BSL103, BSL201
	if a.Path != "buildspec.yml" || a.AnnotationLevel != "failure" || a.StartColumn != 3 || a.EndColumn != 9 || a.Title != "BSL201 dockerd-not-started" {
		t.Errorf("annotation = %+v", a)
	}
	if strings.Contains(stdout.String(), "::error") || !strings.Contains(stdout.String(), "120 findings annotated in check run https://github.com/o/r/runs/42") {
		t.Errorf("stdout in check-run mode:\n%s", stdout.String())
	}
	md, _ := os.ReadFile(vars["GITHUB_STEP_SUMMARY"])
	if !strings.Contains(string(md), "all annotated in the check run") || strings.Count(string(md), "\n| [") != 120 {
		t.Errorf("summary in check-run mode:\n%s", md)
	}
}

func TestCheckRunForbiddenFallsBack(t *testing.T) {
	g := &fakeGitHub{forbidden: true}
	srv := httptest.NewServer(g)
	defer srv.Close()
	for name, api := range map[string]string{"403": srv.URL, "unreachable": "http://127.0.0.1:1"} {
		t.Run(name, func(t *testing.T) {
			vars, dir := checkRunEnv(t, api)
			var stdout bytes.Buffer
			o := &Options{Getenv: env(vars)}
			if _, err := o.Output(&stdout, io.Discard, "github", &format.Report{Findings: findings(dir, "buildspec.yml", 20)}, format.Options{}, finding.SeverityError); err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
			if !strings.HasPrefix(lines[0], "::notice::buildspec-lint could not write its check run") || !strings.Contains(lines[1], "32 are not annotated") {
				t.Errorf("no fallback notices first:\n%s", stdout.String())
			}
			if name == "403" && !strings.Contains(lines[0], "403: Resource not accessible by integration") {
				t.Errorf("notice does not cite the 403: %s", lines[0])
			}
			if n := strings.Count(stdout.String(), "::notice"); n != 10 || strings.Count(stdout.String(), "::error") != 10 {
				t.Errorf("fallback annotations exceed caps: %d notices\n%s", n, stdout.String())
			}
		})
	}
}

// flaky answers its first answers from a script, then passes requests to next.
type flaky struct {
	mu      sync.Mutex
	script  []func(w http.ResponseWriter)
	next    http.Handler
	answers int
}

func (f *flaky) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.answers++
	var step func(http.ResponseWriter)
	if len(f.script) > 0 {
		step, f.script = f.script[0], f.script[1:]
	}
	f.mu.Unlock()
	if step != nil {
		step(w)
		return
	}
	f.next.ServeHTTP(w, r)
}

func status(code int, header ...string) func(http.ResponseWriter) {
	return func(w http.ResponseWriter) {
		for i := 0; i+1 < len(header); i += 2 {
			w.Header().Set(header[i], header[i+1])
		}
		w.WriteHeader(code)
		io.WriteString(w, `{"message":"try later"}`)
	}
}

// TestCheckRunRetries: 429 and 5xx are retried after Retry-After or a backoff, within bounds.
func TestCheckRunRetries(t *testing.T) {
	for _, c := range []struct {
		name       string
		script     []func(http.ResponseWriter)
		inCheck    bool
		waits      []time.Duration // exact waits; nil: only their count is checked
		nWaits     int
		wantNotice string
	}{
		{name: "503 twice then fine", script: []func(http.ResponseWriter){status(503), status(502)}, inCheck: true, nWaits: 2},
		{name: "429 with Retry-After seconds", script: []func(http.ResponseWriter){status(429, "Retry-After", "7")}, inCheck: true,
			waits: []time.Duration{7 * time.Second}},
		{name: "403 secondary rate limit", script: []func(http.ResponseWriter){status(403, "Retry-After", "2")}, inCheck: true,
			waits: []time.Duration{2 * time.Second}},
		{name: "Retry-After over the cap is not waited for", script: []func(http.ResponseWriter){status(429, "Retry-After", "3600")},
			waits: []time.Duration{}, wantNotice: "GitHub API answered 429: try later (asked to retry after 1h0m0s: not waited for)"},
		{name: "always 500: four attempts, then the fallback", script: []func(http.ResponseWriter){status(500), status(500), status(500), status(500), status(500)},
			nWaits: 3, wantNotice: "GitHub API answered 500: try later"},
		{name: "403 without Retry-After is final", script: []func(http.ResponseWriter){status(403)}, waits: []time.Duration{},
			wantNotice: "GitHub API answered 403"},
	} {
		t.Run(c.name, func(t *testing.T) {
			g := &fakeGitHub{}
			f := &flaky{script: c.script, next: g}
			srv := httptest.NewServer(f)
			defer srv.Close()
			vars, dir := checkRunEnv(t, srv.URL)
			var waits []time.Duration
			o := &Options{Getenv: env(vars), sleep: func(_ context.Context, d time.Duration) error { waits = append(waits, d); return nil }}
			var stdout bytes.Buffer
			if _, err := o.Output(&stdout, io.Discard, "github", &format.Report{Findings: findings(dir, "buildspec.yml", 2)}, format.Options{}, finding.SeverityError); err != nil {
				t.Fatal(err)
			}
			if inCheck := len(g.created) == 1 && len(g.updates) == 1; inCheck != c.inCheck {
				t.Errorf("check run written = %v, want %v (%d answers)\n%s", inCheck, c.inCheck, f.answers, stdout.String())
			}
			if c.waits != nil && fmt.Sprint(waits) != fmt.Sprint(c.waits) {
				t.Errorf("waits %v, want %v", waits, c.waits)
			}
			if c.waits == nil && len(waits) != c.nWaits {
				t.Errorf("%d waits (%v), want %d", len(waits), waits, c.nWaits)
			}
			var total time.Duration
			for _, w := range waits {
				total += w
			}
			if total > maxTotalWait {
				t.Errorf("waited %s in all, over %s", total, maxTotalWait)
			}
			if c.name == "always 500: four attempts, then the fallback" && f.answers != maxAttempts {
				t.Errorf("%d requests, want %d", f.answers, maxAttempts)
			}
			if c.wantNotice != "" && !strings.Contains(stdout.String(), c.wantNotice) {
				t.Errorf("fallback notice lacks %q:\n%s", c.wantNotice, stdout.String())
			}
		})
	}
}

// TestRetryAfterDate: Retry-After as an HTTP date, and the rate limit's reset time.
func TestRetryAfterDate(t *testing.T) {
	c := &checkRuns{backoff: time.Second}
	resp := &http.Response{StatusCode: 503, Header: http.Header{}}
	resp.Header.Set("Retry-After", time.Now().Add(30*time.Second).UTC().Format(http.TimeFormat))
	if d, ok := c.retryAfter(resp, 1); !ok || d < 28*time.Second || d > 30*time.Second {
		t.Errorf("Retry-After date: %v %v, want about 30s", d, ok)
	}
	resp = &http.Response{StatusCode: 403, Header: http.Header{}}
	resp.Header.Set("X-Ratelimit-Remaining", "0")
	resp.Header.Set("X-Ratelimit-Reset", fmt.Sprint(time.Now().Add(20*time.Second).Unix()))
	if d, ok := c.retryAfter(resp, 1); !ok || d < 18*time.Second || d > 20*time.Second {
		t.Errorf("rate limit reset: %v %v, want about 20s", d, ok)
	}
	for attempt, lo := range map[int]time.Duration{1: time.Second, 2: 2 * time.Second, 3: 4 * time.Second} {
		if d, ok := c.retryAfter(&http.Response{StatusCode: 500}, attempt); !ok || d < lo || d > lo*3/2 {
			t.Errorf("backoff of attempt %d: %v, want %v to %v", attempt, d, lo, lo*3/2)
		}
	}
}

// TestTokenStaysWithTheAPI: a redirect to another port of the same host, or to another host,
// does not carry the token; a redirect within the API's origin does.
func TestTokenStaysWithTheAPI(t *testing.T) {
	var mu sync.Mutex
	var leaked []string
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		if a := r.Header.Get("Authorization"); a != "" {
			leaked = append(leaked, r.Host+": "+a)
		}
		mu.Unlock()
		http.Error(w, `{"message":"Not Found"}`, http.StatusNotFound)
	}))
	defer other.Close()
	otherURL, _ := url.Parse(other.URL)
	g := &fakeGitHub{}
	for _, target := range []string{
		other.URL,                             // same host (127.0.0.1), another port
		"http://localhost:" + otherURL.Port(), // another host name
	} {
		t.Run(target, func(t *testing.T) {
			api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/moved/repos/o/r/check-runs" || strings.HasPrefix(r.URL.Path, "/moved/") {
					r.URL.Path = strings.TrimPrefix(r.URL.Path, "/moved")
					g.ServeHTTP(w, r)
					return
				}
				if r.Method == http.MethodPost {
					http.Redirect(w, r, target+r.URL.Path, http.StatusTemporaryRedirect)
					return
				}
				g.ServeHTTP(w, r)
			}))
			defer api.Close()
			vars, dir := checkRunEnv(t, api.URL)
			var stdout bytes.Buffer
			o := &Options{Getenv: env(vars), sleep: func(context.Context, time.Duration) error { return nil }}
			o.Output(&stdout, io.Discard, "github", &format.Report{Findings: findings(dir, "buildspec.yml", 1)}, format.Options{}, finding.SeverityError)
			if !strings.Contains(stdout.String(), "could not write its check run") {
				t.Errorf("the redirected request succeeded:\n%s", stdout.String())
			}
		})
	}
	mu.Lock()
	defer mu.Unlock()
	if len(leaked) > 0 {
		t.Errorf("the token was sent to another origin: %v", leaked)
	}
	// A redirect within the API's origin keeps the token (fakeGitHub refuses requests without it).
	g = &fakeGitHub{}
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/moved/") {
			r.URL.Path = strings.TrimPrefix(r.URL.Path, "/moved")
			g.ServeHTTP(w, r)
			return
		}
		http.Redirect(w, r, "/moved"+r.URL.Path, http.StatusTemporaryRedirect)
	}))
	defer api.Close()
	vars, dir := checkRunEnv(t, api.URL)
	var stdout bytes.Buffer
	o := &Options{Getenv: env(vars)}
	o.Output(&stdout, io.Discard, "github", &format.Report{Findings: findings(dir, "buildspec.yml", 1)}, format.Options{}, finding.SeverityError)
	if len(g.created) != 1 {
		t.Errorf("same-origin redirect: no check run created:\n%s", stdout.String())
	}
}

// TestCheckRunRefusesBadSettings: an API URL that is not http(s) or a repository that is not
// owner/name falls back without a request.
func TestCheckRunRefusesBadSettings(t *testing.T) {
	for k, v := range map[string]string{"GITHUB_API_URL": "file:///etc/passwd", "GITHUB_REPOSITORY": "o/r/../../x?y"} {
		vars, dir := checkRunEnv(t, "http://127.0.0.1:1")
		vars[k] = v
		var stdout bytes.Buffer
		o := &Options{Getenv: env(vars)}
		o.Output(&stdout, io.Discard, "github", &format.Report{Findings: findings(dir, "buildspec.yml", 1)}, format.Options{}, finding.SeverityError)
		if !strings.Contains(stdout.String(), k) {
			t.Errorf("%s=%s: notice does not name it:\n%s", k, v, stdout.String())
		}
	}
}

// TestSARIFFileNeverWritesThroughALink: --sarif-file replaces a regular file through a rename,
// and refuses a symbolic link at the path or at a directory of it in the tree, anything that is
// not a regular file, and system paths.
func TestSARIFFileNeverWritesThroughALink(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	victims := t.TempDir()
	victim := filepath.Join(victims, "bashrc")
	os.WriteFile(victim, []byte("keep me\n"), 0o644)
	os.Symlink(victim, "report.sarif")
	os.Symlink(victims, "out")
	os.Mkdir("real", 0o755)
	os.WriteFile("real/old.sarif", []byte("old"), 0o644)
	rep := &format.Report{Findings: findings("", "buildspec.yml", 1)}
	for path, want := range map[string]string{
		"report.sarif":    "report.sarif is a symbolic link: not written through",
		"out/x.sarif":     "out is a symbolic link: not written through",
		"out/new/x.sarif": "out is a symbolic link: not written through",
		"real":            "real is not a regular file: not replaced",
		"/dev/null":       "/dev/null leads into /dev",
		"/proc/self/mem":  "leads into /proc",
	} {
		o := &Options{SARIFFile: path, Getenv: env(nil)}
		_, err := o.Output(io.Discard, io.Discard, "text", rep, format.Options{}, finding.SeverityWarning)
		if err == nil || !strings.Contains(err.Error(), want) || !strings.HasPrefix(err.Error(), "--sarif-file: ") {
			t.Errorf("--sarif-file %s: %v, want %q", path, err, want)
		}
	}
	if data, _ := os.ReadFile(victim); string(data) != "keep me\n" {
		t.Errorf("the link's target was overwritten: %q", data)
	}
	if entries, _ := os.ReadDir(victims); len(entries) != 1 {
		t.Errorf("files written through the directory link: %v", entries)
	}
	if target, err := os.Readlink("report.sarif"); err != nil || target != victim {
		t.Errorf("the link itself changed: %q %v", target, err)
	}
	// A regular file is replaced whole, a missing directory created, and no temporary file stays.
	for _, path := range []string{"real/old.sarif", "new/dir/r.sarif"} {
		o := &Options{SARIFFile: path, Getenv: env(nil)}
		if _, err := o.Output(io.Discard, io.Discard, "text", rep, format.Options{}, finding.SeverityWarning); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		data, _ := os.ReadFile(path)
		if !json.Valid(data) || !strings.Contains(string(data), `"version": "2.1.0"`) {
			t.Errorf("%s: not the SARIF report: %.80q", path, data)
		}
		if st, _ := os.Stat(path); st.Mode().Perm() != 0o644 {
			t.Errorf("%s: mode %v, want 0644", path, st.Mode())
		}
		entries, _ := os.ReadDir(filepath.Dir(path))
		if len(entries) != 1 {
			t.Errorf("%s: temporary files left: %v", path, entries)
		}
	}
}

// hostile is a finding whose path and message try workflow commands, terminal escapes, bidi
// controls and Markdown.
func hostile(dir string) *finding.Finding {
	return &finding.Finding{Path: filepath.Join(dir, "::error::x", "buildspec-x\n::error ::owned [a](http://evil) `b`.yml"), Rule: ruleW, Severity: finding.SeverityWarning,
		Range:   source.Range{Start: source.Pos{Line: 1, Col: 1}, End: source.Pos{Line: 1, Col: 2}},
		Message: "jq\n::stop-commands::x\r\n::warning::y ##[add-mask]z \x1b[31m \u202eevil [link](http://evil) ![img](http://evil/i.png) | pipe <img src=x> &#x202e; $\\huge x$ *b* _i_ ~s~ \\"}
}

var stopRE = regexp.MustCompile(`^::stop-commands::([0-9a-f]{32})$`)

// TestCheckRunLogIsNotObeyed: in the check-run mode the log's free text is wrapped in
// stop-commands with a fresh random token, and escaped as the text format is.
func TestCheckRunLogIsNotObeyed(t *testing.T) {
	tokens := map[string]bool{}
	for run := 0; run < 2; run++ {
		g := &fakeGitHub{}
		srv := httptest.NewServer(g)
		vars, dir := checkRunEnv(t, srv.URL)
		o := &Options{Getenv: env(vars)}
		var stdout bytes.Buffer
		fs := append(findings(dir, "buildspec.yml", 1), hostile(dir))
		if _, err := o.Output(&stdout, io.Discard, "github", &format.Report{Findings: fs, Files: 2}, format.Options{}, finding.SeverityError); err != nil {
			t.Fatal(err)
		}
		srv.Close()
		lines := strings.Split(strings.TrimSuffix(stdout.String(), "\n"), "\n")
		m := stopRE.FindStringSubmatch(lines[0])
		if m == nil || lines[len(lines)-1] != "::"+m[1]+"::" {
			t.Fatalf("output not wrapped in stop-commands:\n%s", stdout.String())
		}
		tokens[m[1]] = true
		for _, l := range lines[1 : len(lines)-1] {
			if regexp.MustCompile(`^\s*::|##\[`).MatchString(l) || strings.ContainsAny(l, "\x1b\r\u202e") {
				t.Errorf("a line the runner would obey, or a raw control: %q", l)
			}
		}
		if len(lines) != 2+1+len(fs)+1 {
			t.Errorf("%d lines, want the wrap, the header, one per finding and the summary:\n%s", len(lines), stdout.String())
		}
		if len(g.updates) == 0 || g.updates[0].Output.Annotations[3].Message != format.EscapeMultiline(hostile(dir).Message) ||
			!strings.Contains(g.updates[0].Output.Annotations[3].Message, `\x1b[31m \u202eevil`) {
			t.Errorf("check run annotation message not escaped: %+v", g.updates)
		}
	}
	if len(tokens) != 2 {
		t.Errorf("the stop-commands token is the same in two runs: %v", tokens)
	}
}

// TestStopCommandsAlwaysResumes: the closing token is written after an error and after a panic.
func TestStopCommandsAlwaysResumes(t *testing.T) {
	var b bytes.Buffer
	err := StopCommands(&b, func() error { b.WriteString("half\n"); return fmt.Errorf("disk full") })
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	m := stopRE.FindStringSubmatch(lines[0])
	if err == nil || m == nil || len(lines) != 3 || lines[2] != "::"+m[1]+"::" {
		t.Errorf("after an error: %v\n%s", err, b.String())
	}
	b.Reset()
	func() {
		defer func() { recover() }()
		StopCommands(&b, func() error { panic("boom") })
	}()
	lines = strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if m := stopRE.FindStringSubmatch(lines[0]); m == nil || len(lines) != 2 || lines[1] != "::"+m[1]+"::" {
		t.Errorf("after a panic:\n%s", b.String())
	}
}

// TestSummaryEscapesMarkdown: file names and messages are shown as they are, never as links,
// images, HTML, math, emphasis or extra table cells and rows.
func TestSummaryEscapesMarkdown(t *testing.T) {
	f := hostile("")
	md := summary(&format.Report{Findings: []*finding.Finding{f}, Files: 1}, "", 1, false,
		(&Options{Getenv: env(map[string]string{"GITHUB_REPOSITORY": "o/r", "GITHUB_SHA": shaC})}).blobURL(&event{}), MaxSummaryBytes)
	for _, want := range []string{
		"### ``::error::x/buildspec-x\\n::error ::owned [a](http:/evil) `b`.yml``\n",
		`jq\\n::stop-commands::x\\r\\n::warning::y ##\[add-mask\]z \\x1b\[31m \\u202eevil \[link\](http://evil) \!\[img\](http://evil/i.png) \| pipe &lt;img src=x&gt; &amp;#x202e; \$\\huge x\$ \*b\* \_i\_ \~s\~ \\ |`,
		"(https://github.com/o/r/blob/" + shaC + "/::error::x/buildspec-x%0A::error%20::owned%20%5Ba%5D%28http:/evil%29%20%60b%60.yml#L1)",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("summary lacks %s:\n%s", want, md)
		}
	}
	rows := 0
	for _, l := range strings.Split(md, "\n") {
		if strings.HasPrefix(l, "| [1:1]") {
			rows++
			if n := strings.Count(strings.ReplaceAll(l, `\|`, ""), "|"); n != 5 {
				t.Errorf("row has %d cell separators, want 5: %s", n, l)
			}
		}
	}
	if rows != 1 {
		t.Errorf("%d rows, want 1:\n%s", rows, md)
	}
	if strings.ContainsAny(md, "\x1b\r\u202e") {
		t.Errorf("raw control or bidi character in the summary")
	}
	for s, want := range map[string]string{"a": "`a`", "a`b": "``a`b``", "`a": "`` `a ``", "a``b`": "``` a``b` ```"} {
		if got := codeSpan(s); got != want {
			t.Errorf("codeSpan(%q) = %q, want %q", s, got, want)
		}
	}
}
