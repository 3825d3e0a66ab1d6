package format

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/buildspec-lint/buildspec-lint/internal/testtool"
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
// line with characters outside the BMP) and the empty report as SARIF and validates both with
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
