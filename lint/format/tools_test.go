package format

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/buildspec-lint/buildspec-lint/internal/testtool"
	"github.com/buildspec-lint/buildspec-lint/internal/udiff"
	"github.com/buildspec-lint/buildspec-lint/lint/finding"
)

// The tests in this file run the real consumers of our output: Microsoft's SARIF multitool
// (GitHub code scanning's ingestion rules included) and reviewdog. scripts/install-test-tools.sh
// installs both into .tools/; testtool.Need finds them there or in PATH, and skips the test
// without them (with the install command) unless the full suite requires them.

// shellSafe matches the paths we hand to sarif-multitool: its npm wrapper (bin.js) runs the
// native tool with spawnSync(..., {shell: true}), so the arguments pass through /bin/sh.
var shellSafe = regexp.MustCompile(`^[A-Za-z0-9_./-]+$`)

type multitoolResult struct {
	Level   string `json:"level"`
	RuleID  string `json:"ruleId"`
	Message struct {
		Arguments []string `json:"arguments"`
	} `json:"message"`
}

// validateSARIF runs `sarif-multitool validate FILE [--rule-kind Gh]` and returns the
// validator's error-level results. The tool exits 0 even when it finds errors, so its own
// SARIF output (-o) is read instead of its exit code; a failure to run at all fails the test.
func validateSARIF(t *testing.T, tool, file string, ruleKind string) []multitoolResult {
	t.Helper()
	out := filepath.Join(filepath.Dir(file), "validation.sarif")
	if !shellSafe.MatchString(file) || !shellSafe.MatchString(out) {
		t.Fatalf("path %q is not shell-safe, and sarif-multitool's wrapper uses a shell", file)
	}
	// The file comes before --rule-kind: that option takes a list and would swallow it.
	args := []string{"validate", file, "-o", out, "--log", "ForceOverwrite"}
	if ruleKind != "" {
		args = append(args, "--rule-kind", ruleKind)
	}
	cmd := exec.Command(tool, args...)
	var stdout bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stdout
	if err := cmd.Run(); err != nil {
		t.Fatalf("sarif-multitool %s: %v\n%s", strings.Join(args, " "), err, stdout.String())
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatalf("sarif-multitool %s wrote no report: %v\n%s", strings.Join(args, " "), err, stdout.String())
	}
	var log struct {
		Runs []struct {
			Results     []multitoolResult `json:"results"`
			Invocations []struct {
				ExecutionSuccessful        bool `json:"executionSuccessful"`
				ToolExecutionNotifications []struct {
					Level   string `json:"level"`
					Message struct {
						Text string `json:"text"`
					} `json:"message"`
				} `json:"toolExecutionNotifications"`
			} `json:"invocations"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(data, &log); err != nil || len(log.Runs) != 1 {
		t.Fatalf("cannot read sarif-multitool's report (%v):\n%s", err, data)
	}
	run := log.Runs[0]
	for _, inv := range run.Invocations {
		if !inv.ExecutionSuccessful {
			t.Fatalf("sarif-multitool %s did not run successfully: %+v\n%s", strings.Join(args, " "), inv, stdout.String())
		}
	}
	var errs []multitoolResult
	for _, r := range run.Results {
		// A result without a level is an error by SARIF's default (3.27.10).
		if r.Level == "error" || r.Level == "" {
			errs = append(errs, r)
		}
	}
	return errs
}

// TestSARIFValidates writes the shared report (several rules and severities, a nested path, a
// line with characters outside the BMP, fixes of one and of two edits, a deletion and insertions) and the empty report as SARIF and validates both with
// the multitool's default rules and with GitHub's ingestion rules (--rule-kind Gh).
func TestSARIFValidates(t *testing.T) {
	tool := testtool.Need(t, "sarif-multitool")
	for _, empty := range []bool{false, true} {
		r := testReport(t)
		name := "report"
		if empty {
			r.Findings, name = nil, "empty"
		}
		dir := t.TempDir()
		file := filepath.Join(dir, name+".sarif")
		var buf bytes.Buffer
		if err := SARIF(&buf, r, Options{}); err != nil {
			t.Fatal(err)
		}
		if !empty && (!strings.Contains(buf.String(), `"fixes"`) || !strings.Contains(buf.String(), `"insertedContent"`)) {
			t.Fatal("the report validated must have fixes, with an insertion and a deletion")
		}
		if !empty && !strings.Contains(buf.String(), `"relatedLocations"`) {
			t.Fatal("the report validated must have related locations")
		}
		if err := os.WriteFile(file, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		for _, kind := range []string{"", "Gh"} {
			for _, e := range validateSARIF(t, tool, file, kind) {
				t.Errorf("%s (rule kind %q): %s %s %v", name, kind, e.Level, e.RuleID, e.Message.Arguments)
			}
		}
	}
}

// TestSARIFValidatorCatchesErrors proves that validateSARIF sees errors: a rule without
// fullDescription and help breaks GitHub's ingestion rule GH2012.
func TestSARIFValidatorCatchesErrors(t *testing.T) {
	tool := testtool.Need(t, "sarif-multitool")
	file := filepath.Join(t.TempDir(), "bad.sarif")
	bad := `{"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0", "runs": [{
  "tool": {"driver": {"name": "x", "informationUri": "https://example.com", "rules": [{"id": "X1", "shortDescription": {"text": "x"}}]}},
  "results": []}]}`
	if err := os.WriteFile(file, []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	errs := validateSARIF(t, tool, file, "Gh")
	found := false
	for _, e := range errs {
		found = found || e.RuleID == "GH2012"
	}
	if !found {
		t.Errorf("want a GH2012 error for a rule without help, got %+v", errs)
	}
}

// TestSARIFValidatorChecksFixes proves that the validator reads fixes: a deletedRegion with
// line and column 0 is an error.
func TestSARIFValidatorChecksFixes(t *testing.T) {
	tool := testtool.Need(t, "sarif-multitool")
	file := filepath.Join(t.TempDir(), "badfix.sarif")
	bad := `{"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0", "runs": [{
  "tool": {"driver": {"name": "x", "version": "1.0.0", "informationUri": "https://example.com", "rules": []}},
  "results": [{"message": {"text": "m"}, "locations": [{"physicalLocation": {"artifactLocation": {"uri": "a.yml"}, "region": {"startLine": 1}}}],
    "fixes": [{"artifactChanges": [{"artifactLocation": {"uri": "a.yml"}, "replacements": [{"deletedRegion": {"startLine": 0, "startColumn": 0}}]}]}]}]}]}`
	if err := os.WriteFile(file, []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, e := range validateSARIF(t, tool, file, "") {
		found = found || (e.RuleID == "JSON1008" && len(e.Message.Arguments) > 0 && strings.Contains(e.Message.Arguments[0], "deletedRegion"))
	}
	if !found {
		t.Error("want a JSON1008 error on the fix's deletedRegion")
	}
}

// runReviewdog pipes in into reviewdog -f=format with the given reporter, in dir, and returns
// its stdout; it fails the test unless reviewdog exits 0.
func runReviewdog(t *testing.T, tool, dir, format, reporter string, in []byte) string {
	t.Helper()
	args := []string{"-f=" + format, "-reporter=" + reporter, "-filter-mode=nofilter"}
	cmd := exec.Command(tool, args...)
	cmd.Dir = dir
	cmd.Stdin = bytes.NewReader(in)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("reviewdog %s: %v\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), err, stdout.String(), stderr.String())
	}
	return stdout.String()
}

// TestReviewdogReads pipes the rdjsonl and rdjson output of the shared report into the real
// reviewdog. With -reporter=local (what a developer runs) it must exit 0 and echo every
// finding; with -reporter=rdjsonl it re-encodes what it parsed, which must be our diagnostics
// field for field: path, range (UTF-8 byte columns), severity, code and suggestions.
func TestReviewdogReads(t *testing.T) {
	tool := testtool.Need(t, "reviewdog")
	r := testReport(t)
	dir := t.TempDir()
	writeFiles(t, dir, r)
	for _, name := range []string{"rdjsonl", "rdjson"} {
		t.Run(name, func(t *testing.T) {
			var in bytes.Buffer
			if err := Write(&in, name, r, Options{}); err != nil {
				t.Fatal(err)
			}
			local := runReviewdog(t, tool, dir, name, "local", in.Bytes())
			for _, f := range r.Findings {
				if !strings.Contains(local, strconv.Quote(f.Message)[1:len(strconv.Quote(f.Message))-1]) {
					t.Errorf("reviewdog -reporter=local did not echo %q:\n%s", f.Message, local)
				}
			}

			parsed := runReviewdog(t, tool, dir, name, "rdjsonl", in.Bytes())
			var got []rdDiagnostic
			for _, line := range strings.Split(strings.TrimSpace(parsed), "\n") {
				var d rdDiagnostic
				if err := json.Unmarshal([]byte(line), &d); err != nil {
					t.Fatalf("reviewdog -reporter=rdjsonl printed %q: %v", line, err)
				}
				got = append(got, d)
			}
			var want []rdDiagnostic
			for _, f := range r.Findings {
				want = append(want, rdDiagnosticOf(f, newColumns(utf8.RuneLen)))
			}
			if len(got) != len(want) {
				t.Fatalf("reviewdog read %d diagnostics, want %d:\n%s", len(got), len(want), parsed)
			}
			// reviewdog may reorder; match each wanted diagnostic by message.
			for _, w := range want {
				found := false
				for _, g := range got {
					if g.Message != w.Message {
						continue
					}
					found = true
					gj, _ := json.Marshal(g)
					wj, _ := json.Marshal(w)
					if !bytes.Equal(gj, wj) {
						t.Errorf("reviewdog read\n%s\nwant\n%s", gj, wj)
					}
				}
				if !found {
					t.Errorf("reviewdog lost %q:\n%s", w.Message, parsed)
				}
			}
		})
	}
}

// TestReviewdogPostsSuggestions runs reviewdog -reporter=github-pr-review on the rdjson output
// against a fake GitHub API (GITHUB_API) for a pull request that adds the report's files, and
// checks the review it posts: every finding with a fix is a review comment on the lines of its
// suggestion whose body holds a GitHub suggested change with the fixed text, and no suggestion
// is refused ("GitHub comment range and suggestion line range must be same").
func TestReviewdogPostsSuggestions(t *testing.T) {
	tool := testtool.Need(t, "reviewdog")
	git := testtool.Need(t, "git")
	r := testReport(t)
	// A fix of edits on lines 3 and 5: a suggestion of three lines.
	deploy := r.Findings[len(r.Findings)-1]
	multi := *deploy
	multi.Message = "a fix on several lines"
	multi.Fix = &finding.Fix{Message: "move it", Edits: []finding.Edit{
		{Range: at(t, deploy.Source, "install", 0), NewText: "pre_build"},
		{Range: at(t, deploy.Source, "pip install awscli", 0), NewText: "aws --version"},
	}}
	r.Findings = append(r.Findings, &multi)
	dir := t.TempDir()
	writeFiles(t, dir, r)
	gitCmd := exec.Command(git, "init", "-q")
	gitCmd.Dir = dir
	if out, err := gitCmd.CombinedOutput(); err != nil {
		t.Fatalf("git init: %v\n%s", err, out)
	}
	// The pull request adds every file, so every line is in its diff.
	var prDiff []byte
	seen := map[string]bool{}
	for _, f := range r.Findings {
		if !seen[f.Path] {
			seen[f.Path] = true
			prDiff = append(prDiff, udiff.Diff(f.Path, nil, f.Source.Data)...)
		}
	}
	var mu sync.Mutex
	var reviews [][]byte
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		switch {
		case req.Method == "GET" && req.URL.Path == "/repos/o/r/pulls/7" && strings.Contains(req.Header.Get("Accept"), "diff"):
			w.Write(prDiff)
		case req.Method == "GET" && req.URL.Path == "/repos/o/r/pulls/7/comments":
			io.WriteString(w, "[]")
		case req.Method == "GET" && req.URL.Path == "/repos/o/r":
			io.WriteString(w, `{"html_url": "https://github.example/o/r"}`)
		case req.Method == "POST" && req.URL.Path == "/repos/o/r/pulls/7/reviews":
			body, _ := io.ReadAll(req.Body)
			mu.Lock()
			reviews = append(reviews, body)
			mu.Unlock()
			io.WriteString(w, `{"id": 1}`)
		default:
			t.Errorf("unexpected request %s %s", req.Method, req.URL)
			w.WriteHeader(http.StatusNotFound)
		}
	}))
	defer srv.Close()
	event := filepath.Join(t.TempDir(), "event.json")
	if err := os.WriteFile(event, []byte(`{"pull_request": {"number": 7, "head": {"sha": "abc123", "ref": "fix"}}, "repository": {"owner": {"login": "o"}, "name": "r"}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	var in bytes.Buffer
	if err := RDJSON(&in, r, Options{}); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(tool, "-f=rdjson", "-reporter=github-pr-review", "-filter-mode=added")
	cmd.Dir = dir
	cmd.Stdin = &in
	cmd.Env = append(os.Environ(), "GITHUB_ACTIONS=true", "GITHUB_EVENT_PATH="+event, "GITHUB_EVENT_NAME=pull_request",
		"GITHUB_API="+srv.URL+"/", "REVIEWDOG_GITHUB_API_TOKEN=test", "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("reviewdog: %v\n%s", err, out)
	}
	if len(reviews) != 1 {
		t.Fatalf("reviewdog posted %d reviews, want 1:\n%s", len(reviews), out)
	}
	var review struct {
		Comments []struct {
			Path      string `json:"path"`
			Line      int    `json:"line"`
			StartLine int    `json:"start_line"`
			Body      string `json:"body"`
		} `json:"comments"`
	}
	if err := json.Unmarshal(reviews[0], &review); err != nil {
		t.Fatalf("%v\n%s", err, reviews[0])
	}
	if strings.Contains(string(reviews[0]), "must be same") || strings.Contains(string(reviews[0]), "invalid") {
		t.Errorf("reviewdog refused a suggestion:\n%s", reviews[0])
	}
	fixes := 0
	for _, f := range r.Findings {
		s, ok := rdSuggestionOf(f)
		if !ok {
			continue
		}
		fixes++
		found := false
		for _, c := range review.Comments {
			if c.Path != f.Path || !strings.Contains(c.Body, f.Message) {
				continue
			}
			found = true
			if c.Line != s.Range.End.Line || (s.Range.Start.Line < s.Range.End.Line && c.StartLine != s.Range.Start.Line) {
				t.Errorf("%q: comment on lines %d-%d, want %d-%d", f.Message, c.StartLine, c.Line, s.Range.Start.Line, s.Range.End.Line)
			}
			if want := "```suggestion\n" + s.Text + "\n```"; !strings.Contains(c.Body, want) {
				t.Errorf("%q: the comment has no suggested change %q:\n%s", f.Message, want, c.Body)
			}
		}
		if !found {
			t.Errorf("no review comment for %q:\n%s", f.Message, reviews[0])
		}
	}
	if fixes < 4 {
		t.Errorf("the report has %d findings with a suggestion, want at least 3", fixes)
	}
}
