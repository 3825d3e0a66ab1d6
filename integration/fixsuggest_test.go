package integration

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// TestActionFixSuggestions runs the action with fix-suggestions on a pull request against a fake
// GitHub API: the linter's own verified fix (BSL205: remove the -t) arrives as a one-line
// suggestion on the head commit, with the token; a second run posts nothing.
func TestActionFixSuggestions(t *testing.T) {
	const spec = "version: 0.2\nphases:\n  install:\n    commands:\n      - timeout -t 15 sh -c \"until docker info; do sleep 1; done\"\n"
	ws := newRepo(t, map[string]string{"buildspec.yml": spec})
	head := git(t, ws, "rev-parse", "HEAD")
	event := filepath.Join(t.TempDir(), "event.json")
	os.WriteFile(event, []byte(fmt.Sprintf(`{"pull_request":{"number":9,"base":{"sha":%q},"head":{"sha":%q}}}`, strings.Repeat("a", 40), head)), 0o644)

	var mu sync.Mutex
	var posted []map[string]any
	var badAuth []string
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		if r.Header.Get("Authorization") != "Bearer ghs_workflowtoken" {
			badAuth = append(badAuth, r.URL.Path)
		}
		switch {
		case strings.Contains(r.URL.Path, "/check-runs"):
			io.WriteString(w, `{"id":1,"html_url":"https://github.com/octo/service/runs/1"}`)
		case r.Method == http.MethodGet && r.URL.Path == "/repos/octo/service/pulls/9/comments":
			json.NewEncoder(w).Encode(posted)
		case r.Method == http.MethodGet && r.URL.Path == "/repos/octo/service/pulls/9/files":
			io.WriteString(w, `[{"filename":"buildspec.yml","status":"added","patch":"@@ -0,0 +1,5 @@\n+a\n+b\n+c\n+d\n+e"}]`)
		case r.Method == http.MethodGet && r.URL.Path == "/repos/octo/service/contents/buildspec.yml" && r.URL.Query().Get("ref") == head:
			json.NewEncoder(w).Encode(map[string]string{"encoding": "base64", "content": base64.StdEncoding.EncodeToString([]byte(spec))})
		case r.Method == http.MethodPost && r.URL.Path == "/repos/octo/service/pulls/9/comments":
			var c map[string]any
			json.NewDecoder(r.Body).Decode(&c)
			posted = append(posted, c)
			w.WriteHeader(http.StatusCreated)
			io.WriteString(w, `{"id":5}`)
		default:
			http.NotFound(w, r)
		}
	}))
	defer api.Close()

	for run := 1; run <= 2; run++ {
		r := newRunner(t, ws)
		r.inputs["fix-suggestions"] = "true"
		r.inputs["github-token"] = "ghs_workflowtoken"
		r.env["GITHUB_API_URL"] = api.URL
		r.env["GITHUB_EVENT_NAME"] = "pull_request"
		r.env["GITHUB_EVENT_PATH"] = event
		res := r.run()
		if res.exit != 1 || res.outputs["errors"] != "1" {
			t.Fatalf("run %d: exit %d, outputs %v\nstdout %s\nstderr %s", run, res.exit, res.outputs, res.stdout, res.stderr)
		}
		mu.Lock()
		n := len(posted)
		mu.Unlock()
		if n != 1 {
			t.Fatalf("run %d: %d comments posted, want 1 in all\nstdout %s", run, n, res.stdout)
		}
		want := fmt.Sprintf("fix suggestions: %d posted on the pull request, %d already there", 2-run, run-1)
		if !strings.Contains(res.stdout, want) {
			t.Errorf("run %d: log lacks %q:\n%s", run, want, res.stdout)
		}
	}
	c := posted[0]
	body, _ := c["body"].(string)
	if c["path"] != "buildspec.yml" || c["line"] != float64(5) || c["side"] != "RIGHT" || c["commit_id"] != head || c["start_line"] != nil ||
		!strings.Contains(body, "```suggestion\n      - timeout 15 sh -c \"until docker info; do sleep 1; done\"\n```\n") {
		t.Errorf("comment = %v", c)
	}
	if len(badAuth) > 0 {
		t.Errorf("requests without the token: %v", badAuth)
	}
}
