package ghactions

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/format"
)

// CheckRunName is the name of the check run the check-run mode creates.
const CheckRunName = "buildspec-lint"

// MaxAnnotationsPerRequest is the REST API's limit of annotations per create or update of a
// check run; later updates append to the annotations already there ("Update a check run",
// docs.github.com/rest/checks/runs).
const MaxAnnotationsPerRequest = 50

// checkRuns is a minimal client for the check runs REST API (POST /repos/{owner}/{repo}/check-runs,
// PATCH /repos/{owner}/{repo}/check-runs/{id}).
type checkRuns struct {
	api, repo, token string
	client           *http.Client
}

func (o *Options) checkRunClient(token string) *checkRuns {
	api := o.getenv("GITHUB_API_URL")
	if api == "" {
		api = "https://api.github.com"
	}
	c := o.HTTPClient
	if c == nil {
		c = &http.Client{Timeout: 15 * time.Second}
	}
	return &checkRuns{api: strings.TrimSuffix(api, "/"), repo: o.getenv("GITHUB_REPOSITORY"), token: token, client: c}
}

type (
	checkAnnotation struct {
		Path            string `json:"path"`
		StartLine       int    `json:"start_line"`
		EndLine         int    `json:"end_line"`
		StartColumn     int    `json:"start_column,omitempty"`
		EndColumn       int    `json:"end_column,omitempty"`
		AnnotationLevel string `json:"annotation_level"`
		Message         string `json:"message"`
		Title           string `json:"title,omitempty"`
	}
	checkOutput struct {
		Title       string            `json:"title"`
		Summary     string            `json:"summary"`
		Annotations []checkAnnotation `json:"annotations,omitempty"`
	}
	checkRunRequest struct {
		Name       string       `json:"name,omitempty"`
		HeadSHA    string       `json:"head_sha,omitempty"`
		Status     string       `json:"status,omitempty"`
		Conclusion string       `json:"conclusion,omitempty"`
		Output     *checkOutput `json:"output,omitempty"`
	}
	checkRunResponse struct {
		ID      int64  `json:"id"`
		HTMLURL string `json:"html_url"`
	}
)

// apiError is a non-2xx answer of the API.
type apiError struct {
	status  int
	message string
}

func (e *apiError) Error() string {
	if e.message != "" {
		return fmt.Sprintf("GitHub API answered %d: %s", e.status, e.message)
	}
	return fmt.Sprintf("GitHub API answered %d", e.status)
}

// publish creates one check run on sha holding every finding as an annotation, 50 per request,
// and completes it: failure when a finding reaches failLevel, neutral when there are findings
// below it, success when there are none. It returns the check run's URL.
func (c *checkRuns) publish(sha string, fs []*lint.Finding, root string, failLevel lint.Severity) (string, error) {
	if c.repo == "" || sha == "" {
		return "", errors.New("GITHUB_REPOSITORY or the commit is unknown")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var created checkRunResponse
	if err := c.do(ctx, http.MethodPost, "/repos/"+c.repo+"/check-runs",
		checkRunRequest{Name: CheckRunName, HeadSHA: sha, Status: "in_progress"}, &created); err != nil {
		return "", err
	}
	if created.ID == 0 {
		return "", errors.New("GitHub API returned no check run id")
	}
	conclusion := "success"
	for _, f := range fs {
		if failLevel != lint.SeverityNone && f.Severity >= failLevel {
			conclusion = "failure"
			break
		}
		conclusion = "neutral"
	}
	title := count(len(fs), "finding", "findings")
	sum := "buildspec-lint found " + title + "; the job summary lists them by file."
	anns := make([]checkAnnotation, 0, len(fs))
	for _, f := range fs {
		anns = append(anns, annotationOf(f, root))
	}
	path := fmt.Sprintf("/repos/%s/check-runs/%d", c.repo, created.ID)
	for {
		batch := anns
		if len(batch) > MaxAnnotationsPerRequest {
			batch = batch[:MaxAnnotationsPerRequest]
		}
		anns = anns[len(batch):]
		req := checkRunRequest{Output: &checkOutput{Title: title, Summary: sum, Annotations: batch}}
		if len(anns) == 0 {
			req.Status, req.Conclusion = "completed", conclusion
		}
		if err := c.do(ctx, http.MethodPatch, path, req, nil); err != nil {
			// Best effort: do not leave the check run in progress; the findings go to workflow
			// commands instead.
			c.do(ctx, http.MethodPatch, path, checkRunRequest{Status: "completed", Conclusion: "neutral",
				Output: &checkOutput{Title: "incomplete", Summary: "buildspec-lint could not upload every annotation; see the job summary"}}, nil)
			return "", err
		}
		if len(anns) == 0 {
			break
		}
	}
	return created.HTMLURL, nil
}

// annotationOf converts a finding: columns only on a single line (the API's rule), levels
// notice, warning and failure.
func annotationOf(f *lint.Finding, root string) checkAnnotation {
	a := checkAnnotation{Path: format.RelPath(root, f.Path), Message: f.Message, Title: f.RuleTitle()}
	switch f.Severity {
	case lint.SeverityError:
		a.AnnotationLevel = "failure"
	case lint.SeverityWarning:
		a.AnnotationLevel = "warning"
	default:
		a.AnnotationLevel = "notice"
	}
	a.StartLine, a.EndLine = 1, 1
	if f.Range.IsValid() {
		a.StartLine, a.EndLine = format.LineSpan(f.Range)
		if a.StartLine == a.EndLine && f.Range.End.Line == f.Range.Start.Line {
			a.StartColumn, a.EndColumn = f.Range.Start.Col, max(f.Range.End.Col, f.Range.Start.Col)
		}
	}
	if len(a.Message) > 60000 { // the API's limit is 64 KB
		a.Message = a.Message[:60000]
	}
	if len(a.Title) > 255 {
		a.Title = a.Title[:255]
	}
	return a
}

// do sends one JSON request and decodes the answer into out (when not nil).
func (c *checkRuns) do(ctx context.Context, method, path string, body, out any) error {
	data, err := json.Marshal(body)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, method, c.api+path, bytes.NewReader(data))
	if err != nil {
		return err
	}
	req.Header.Set("Accept", "application/vnd.github+json")
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("X-GitHub-Api-Version", "2022-11-28")
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "buildspec-lint")
	resp, err := c.client.Do(req)
	if err != nil {
		return fmt.Errorf("GitHub API unreachable: %v", err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode/100 != 2 {
		var msg struct {
			Message string `json:"message"`
		}
		json.Unmarshal(raw, &msg)
		return &apiError{status: resp.StatusCode, message: msg.Message}
	}
	if out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			return fmt.Errorf("GitHub API answer: %v", err)
		}
	}
	return nil
}
