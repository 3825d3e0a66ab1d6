package ghactions

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/buildspec-lint/buildspec-lint/lint/finding"
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
//
// The token goes only to GITHUB_API_URL's origin (scheme, host and port): it is added by the
// client's transport to each request, redirected ones included, whose URL has that origin, and
// to no other. (net/http's own rule forwards Authorization across a redirect to the same host
// on another port, or to a subdomain.)
//
// A request answered 429, 5xx, or 403 with Retry-After or an exhausted rate limit (GitHub's
// secondary rate limits) is retried, at most maxAttempts times in all, after Retry-After (in
// seconds or as a date) or the rate limit's reset when the answer gives one, else after an
// exponential backoff with jitter. A wait over maxRetryWait, or one that would take the
// request's waits over maxTotalWait, is not made: the error is returned at once and the
// findings go to workflow commands instead. A request that cannot reach the API is not retried.
type checkRuns struct {
	api, repo string
	client    *http.Client
	// sleep waits d or until ctx is done (tests replace it).
	sleep   func(ctx context.Context, d time.Duration) error
	backoff time.Duration // the first retry's backoff; doubled for each later one
	err     error         // why the client cannot be used (a bad GITHUB_API_URL or GITHUB_REPOSITORY)
}

// Bounds of the retries of one API request.
const (
	maxAttempts  = 4
	maxRetryWait = 60 * time.Second
	maxTotalWait = 90 * time.Second
)

// repoRE is GITHUB_REPOSITORY's shape: owner/name.
var repoRE = regexp.MustCompile(`^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$`)

func (o *Options) checkRunClient(token string) *checkRuns {
	api := o.getenv("GITHUB_API_URL")
	if api == "" {
		api = "https://api.github.com"
	}
	c := o.HTTPClient
	if c == nil {
		c = &http.Client{Timeout: 15 * time.Second}
	}
	cr := &checkRuns{api: strings.TrimSuffix(api, "/"), repo: o.getenv("GITHUB_REPOSITORY"), sleep: o.sleep, backoff: time.Second}
	if cr.sleep == nil {
		cr.sleep = sleepCtx
	}
	u, err := url.Parse(cr.api)
	switch {
	case err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "":
		cr.err = fmt.Errorf("GITHUB_API_URL %s is not an http(s) URL", strconv.QuoteToASCII(api))
		return cr
	case cr.repo != "" && !repoRE.MatchString(cr.repo):
		cr.err = fmt.Errorf("GITHUB_REPOSITORY %s is not owner/name", strconv.QuoteToASCII(cr.repo))
		return cr
	}
	withAuth := *c
	base := c.Transport
	if base == nil {
		base = http.DefaultTransport
	}
	withAuth.Transport = &authTransport{base: base, origin: originOf(u), token: token}
	cr.client = &withAuth
	return cr
}

// authTransport adds the token to the requests sent to one origin.
type authTransport struct {
	base   http.RoundTripper
	origin string
	token  string
}

func (t *authTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if originOf(req.URL) != t.origin {
		if req.Header.Get("Authorization") == "" {
			return t.base.RoundTrip(req)
		}
		req = req.Clone(req.Context())
		req.Header.Del("Authorization")
		return t.base.RoundTrip(req)
	}
	req = req.Clone(req.Context())
	req.Header.Set("Authorization", "Bearer "+t.token)
	return t.base.RoundTrip(req)
}

// originOf is u's scheme, host and port (the scheme's default port when u has none), lower case.
func originOf(u *url.URL) string {
	scheme := strings.ToLower(u.Scheme)
	port := u.Port()
	if port == "" {
		switch scheme {
		case "https":
			port = "443"
		case "http":
			port = "80"
		}
	}
	return scheme + "://" + strings.ToLower(u.Hostname()) + ":" + port
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
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
func (c *checkRuns) publish(sha string, fs []*finding.Finding, root string, failLevel finding.Severity) (string, error) {
	if c.err != nil {
		return "", c.err
	}
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
		if failLevel != finding.SeverityNone && f.Severity >= failLevel {
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
func annotationOf(f *finding.Finding, root string) checkAnnotation {
	a := checkAnnotation{Path: format.RelPath(root, f.Path), Message: format.EscapeMultiline(f.Message), Title: f.RuleTitle()}
	switch f.Severity {
	case finding.SeverityError:
		a.AnnotationLevel = "failure"
	case finding.SeverityWarning:
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

// do sends one JSON request (no body when body is nil), retried as the checkRuns doc says, and decodes the answer into out
// (when not nil).
func (c *checkRuns) do(ctx context.Context, method, path string, body, out any) error {
	var data []byte
	if body != nil {
		var err error
		if data, err = json.Marshal(body); err != nil {
			return err
		}
	}
	var waited time.Duration
	for attempt := 1; ; attempt++ {
		raw, resp, err := c.send(ctx, method, path, data)
		if err != nil {
			return err
		}
		if resp.StatusCode/100 == 2 {
			if out != nil {
				if err := json.Unmarshal(raw, out); err != nil {
					return fmt.Errorf("GitHub API answer: %v", err)
				}
			}
			return nil
		}
		var msg struct {
			Message string `json:"message"`
		}
		json.Unmarshal(raw, &msg)
		apiErr := &apiError{status: resp.StatusCode, message: msg.Message}
		wait, ok := c.retryAfter(resp, attempt)
		if !ok || attempt >= maxAttempts {
			return apiErr
		}
		if wait > maxRetryWait || waited+wait > maxTotalWait {
			apiErr.message += fmt.Sprintf(" (asked to retry after %s: not waited for)", wait.Round(time.Second))
			return apiErr
		}
		if err := c.sleep(ctx, wait); err != nil {
			return apiErr
		}
		waited += wait
	}
}

// send makes one request and reads at most 8 MiB of the answer (a page of a pull request's
// files holds their patches).
func (c *checkRuns) send(ctx context.Context, method, path string, data []byte) ([]byte, *http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, method, c.api+path, bytes.NewReader(data))
	if err != nil {
		return nil, nil, err
	}
	req.Header.Set("Accept", "application/vnd.github+json")
	req.Header.Set("X-GitHub-Api-Version", "2022-11-28")
	if data != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("User-Agent", "buildspec-lint")
	resp, err := c.client.Do(req)
	if err != nil {
		return nil, nil, fmt.Errorf("GitHub API unreachable: %v", err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, 8<<20))
	return raw, resp, nil
}

// retryAfter says whether an error answer is worth retrying, and after how long.
func (c *checkRuns) retryAfter(resp *http.Response, attempt int) (time.Duration, bool) {
	h := resp.Header
	limited := h.Get("X-Ratelimit-Remaining") == "0"
	switch s := resp.StatusCode; {
	case s == http.StatusTooManyRequests || s >= 500 && s <= 599:
	case s == http.StatusForbidden && (h.Get("Retry-After") != "" || limited):
	default:
		return 0, false
	}
	if v := strings.TrimSpace(h.Get("Retry-After")); v != "" {
		if n, err := strconv.Atoi(v); err == nil && n >= 0 {
			return time.Duration(n) * time.Second, true
		}
		if t, err := http.ParseTime(v); err == nil {
			return max(time.Until(t), 0), true
		}
	}
	if limited {
		if n, err := strconv.ParseInt(h.Get("X-Ratelimit-Reset"), 10, 64); err == nil {
			return max(time.Until(time.Unix(n, 0)), 0), true
		}
	}
	d := c.backoff << (attempt - 1)
	return d + time.Duration(rand.Int64N(int64(d)/2+1)), true
}
