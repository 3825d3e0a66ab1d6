package integration

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/pem"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"
)

// The action's supply chain: which release the install step downloads, what it verifies the
// download against, and how it calls curl. The install step runs for real (bash, curl) against
// local servers; a curl wrapper on PATH records every call.

const pinnedTag = "v9.9.9"

// archiveOf returns a release archive as GoReleaser makes it: a tar.gz with the executable
// buildspec-lint at its root.
func archiveOf(t *testing.T, exe []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	if err := tw.WriteHeader(&tar.Header{Name: "buildspec-lint", Mode: 0o755, Size: int64(len(exe))}); err != nil {
		t.Fatal(err)
	}
	tw.Write(exe)
	tw.Close()
	gz.Close()
	return buf.Bytes()
}

// genuineArchive is the archive of this repository's binary; impostorArchive holds a script
// that says it ran and exits 0, so a test sees whether it was installed.
func genuineArchive(t *testing.T) []byte {
	bin, err := os.ReadFile(binary(t))
	if err != nil {
		t.Fatal(err)
	}
	return archiveOf(t, bin)
}

func impostorArchive(t *testing.T) []byte {
	return archiveOf(t, []byte("#!/bin/sh\necho IMPOSTOR RAN\n"))
}

func sha256hex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// hostArchive is this platform's archive name, as the install step builds it.
func hostArchive() string {
	return fmt.Sprintf("buildspec-lint_%s_%s.tar.gz", runtime.GOOS, runtime.GOARCH)
}

// fakeRelease serves, over TLS, one release the way github.com does:
// /buildspec-lint/buildspec-lint/releases/download/<tag>/<asset> and .../releases/latest/download/<asset>.
type fakeRelease struct {
	srv    *httptest.Server
	caFile string // the server's certificate, for CURL_CA_BUNDLE
	mu     sync.Mutex
	hits   []string // paths requested
}

func newFakeRelease(t *testing.T, tag string, assets map[string][]byte) *fakeRelease {
	t.Helper()
	f := &fakeRelease{}
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		f.hits = append(f.hits, r.URL.Path)
		f.mu.Unlock()
		for _, prefix := range []string{"/buildspec-lint/buildspec-lint/releases/download/" + tag + "/",
			"/buildspec-lint/buildspec-lint/releases/latest/download/"} {
			if name, ok := strings.CutPrefix(r.URL.Path, prefix); ok {
				if data, ok := assets[name]; ok {
					if s, ok := strings.CutPrefix(string(data), "redirect:"); ok {
						http.Redirect(w, r, s, http.StatusFound)
						return
					}
					w.Write(data)
					return
				}
			}
		}
		http.NotFound(w, r)
	}))
	t.Cleanup(srv.Close)
	f.srv = srv
	f.caFile = filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(f.caFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}), 0o644); err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *fakeRelease) requested() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.hits...)
}

// curlCall is one recorded run of curl: its arguments and its environment.
type curlCall struct {
	argv []string
	env  string
}

// curlRecorder puts a curl on PATH that records its arguments and environment, then runs the
// real curl with them.
type curlRecorder struct {
	dir, logs string
}

func newCurlRecorder(t *testing.T) *curlRecorder {
	t.Helper()
	real := need(t, "curl")
	c := &curlRecorder{dir: t.TempDir(), logs: t.TempDir()}
	script := fmt.Sprintf(`#!/usr/bin/env bash
log=%q/call-$$-$RANDOM
printf '%%s\0' "$@" > "$log.argv"
env > "$log.env"
exec %q "$@"
`, c.logs, real)
	if err := os.WriteFile(filepath.Join(c.dir, "curl"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return c
}

func (c *curlRecorder) calls(t *testing.T) []curlCall {
	t.Helper()
	argvs, _ := filepath.Glob(filepath.Join(c.logs, "*.argv"))
	sort.Strings(argvs)
	var out []curlCall
	for _, p := range argvs {
		a, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		e, _ := os.ReadFile(strings.TrimSuffix(p, ".argv") + ".env")
		out = append(out, curlCall{argv: strings.Split(strings.TrimSuffix(string(a), "\x00"), "\x00"), env: string(e)})
	}
	return out
}

// pinnedAction writes a copy of action.yml pinned by scripts/pin-release.sh to tag and the
// checksums in sums, as the release workflow does on a release commit, and returns its path.
func pinnedAction(t *testing.T, tag, sums string) string {
	t.Helper()
	dir := t.TempDir()
	action := filepath.Join(dir, "action.yml")
	data, err := os.ReadFile(filepath.Join(repoRoot(t), "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(action, data, 0o644)
	sumsFile := filepath.Join(dir, "checksums.txt")
	os.WriteFile(sumsFile, []byte(sums), 0o644)
	if out, err := pinRelease(t, tag, sumsFile, action); err != nil {
		t.Fatalf("pin-release.sh: %v\n%s", err, out)
	}
	return action
}

func pinRelease(t *testing.T, args ...string) (string, error) {
	t.Helper()
	cmd := exec.Command("bash", append([]string{filepath.Join(repoRoot(t), "scripts", "pin-release.sh")}, args...)...)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// releaseRunner is a runner of the action at actionFile (a pinned copy, or "" for this
// repository's) whose install step always runs, with curl recorded and the fake release's
// certificate trusted. Its action path holds no source, so a fallback build fails.
func releaseRunner(t *testing.T, actionFile string, rel *fakeRelease, curl *curlRecorder) *runner {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("the install step's release tests run on Linux and macOS")
	}
	ws := newRepo(t, map[string]string{"buildspec.yml": installs(1)})
	r := newRunner(t, ws)
	if actionFile != "" {
		r.action = loadActionFile(t, actionFile)
	}
	r.ref = pinnedTag
	r.reinstall = true
	r.inputs["tools"] = "jq"
	r.inputs["github-token"] = "ghs_inputtoken"
	r.env["GITHUB_ACTION_PATH"] = t.TempDir()
	r.env["PATH"] = curl.dir + string(os.PathListSeparator) + os.Getenv("PATH")
	r.env["NO_PROXY"], r.env["no_proxy"] = "127.0.0.1,localhost", "127.0.0.1,localhost"
	if rel != nil {
		r.env["GITHUB_SERVER_URL"] = rel.srv.URL
		r.env["CURL_CA_BUNDLE"] = rel.caFile
	}
	return r
}

func TestActionRefusesAVersionThatIsNotARelease(t *testing.T) {
	genuine := genuineArchive(t)
	sums := sha256hex(genuine) + "  " + hostArchive() + "\n"
	rel := newFakeRelease(t, pinnedTag, map[string][]byte{hostArchive(): genuine, "checksums.txt": []byte(sums)})
	action := pinnedAction(t, pinnedTag, sums)
	ctl := regexp.MustCompile(`[\x00-\x08\x0b-\x1f\x7f]`)
	for _, c := range []struct{ version, want string }{
		{"../../x/releases/download/v9", "is not a release: use latest or a release tag vX.Y.Z"},
		{"v1.2", "is not a release"},
		{"1.2.3", "is not a release"},
		{"v1.2.3/../x", "is not a release"},
		{"latest/../../x", "is not a release"},
		{"v1.2.3 ", "is not a release"},
		{"v1.2.3\n::error::injected", "is not a release"},
		{"v1.2.3%0A::error::injected", "is not a release"},
		{"v01.2.3\x1b[31m", "is not a release"},
		// A well-formed release other than the one this action pins: its checksums are unknown.
		{"v1.2.3", "version v1.2.3 is not the release this action pins (v9.9.9), so its checksums are unknown: use the action at that release (uses: buildspec-lint/buildspec-lint@v1.2.3) and drop version, or set version to latest"},
	} {
		curl := newCurlRecorder(t)
		r := releaseRunner(t, action, rel, curl)
		r.inputs["version"] = c.version
		res := r.run()
		if res.exit == 0 || res.outputs["findings"] != "" {
			t.Errorf("version %q: exit %d outputs %v, want the install step to fail", c.version, res.exit, res.outputs)
		}
		lines := strings.Split(strings.TrimSpace(res.stdout), "\n")
		if len(lines) != 1 || !strings.HasPrefix(lines[0], "::error::buildspec-lint: version ") || !strings.Contains(lines[0], c.want) {
			t.Errorf("version %q: want one ::error:: line containing %q, got:\n%s", c.version, c.want, res.stdout)
		}
		if strings.Contains(res.stdout, "\n::error::injected") || ctl.MatchString(res.stdout) || strings.Contains(res.stdout, "%0A") {
			t.Errorf("version %q: the input reached the log raw:\n%q", c.version, res.stdout)
		}
		if calls := curl.calls(t); len(calls) != 0 {
			t.Errorf("version %q: curl ran %d times before the version was checked", c.version, len(calls))
		}
	}
	if hits := rel.requested(); len(hits) != 0 {
		t.Errorf("the release server was asked for %v", hits)
	}
}

func TestActionVerifiesTheDownloadAgainstTheChecksumItPins(t *testing.T) {
	genuine, impostor := genuineArchive(t), impostorArchive(t)
	action := pinnedAction(t, pinnedTag, sha256hex(genuine)+"  "+hostArchive()+"\n")
	archivePath := "/buildspec-lint/buildspec-lint/releases/download/" + pinnedTag + "/" + hostArchive()

	t.Run("genuine", func(t *testing.T) {
		// The release's checksums.txt is wrong: the pin alone decides, and it is never fetched.
		rel := newFakeRelease(t, pinnedTag, map[string][]byte{hostArchive(): genuine, "checksums.txt": []byte(strings.Repeat("0", 64) + "  " + hostArchive() + "\n")})
		curl := newCurlRecorder(t)
		res := releaseRunner(t, action, rel, curl).run()
		if !strings.Contains(res.stdout, "using release v9.9.9") || !strings.Contains(res.stdout, "verified against the pin in action.yml") ||
			res.exit != 1 || res.outputs["findings"] != "1" {
			t.Errorf("exit %d outputs %v\nstdout %s\nstderr %s", res.exit, res.outputs, res.stdout, res.stderr)
		}
		if hits := rel.requested(); strings.Join(hits, " ") != archivePath {
			t.Errorf("requests %v, want only the archive %s", hits, archivePath)
		}
		checkCurlCalls(t, curl.calls(t), 1)
	})

	t.Run("impostor with a matching checksums.txt", func(t *testing.T) {
		// Whoever can replace the release's files can replace its checksums.txt too.
		rel := newFakeRelease(t, pinnedTag, map[string][]byte{hostArchive(): impostor, "checksums.txt": []byte(sha256hex(impostor) + "  " + hostArchive() + "\n")})
		curl := newCurlRecorder(t)
		res := releaseRunner(t, action, rel, curl).run()
		want := fmt.Sprintf("::error::buildspec-lint v9.9.9: checksum mismatch for %s (want %s, got %s)", hostArchive(), sha256hex(genuine), sha256hex(impostor))
		if res.exit == 0 || !strings.Contains(res.stdout, want) || strings.Contains(res.stdout, "IMPOSTOR RAN") || res.outputs["findings"] != "" {
			t.Errorf("a replaced archive must stop the action: exit %d outputs %v\nwant %s\nstdout %s", res.exit, res.outputs, want, res.stdout)
		}
		checkCurlCalls(t, curl.calls(t), 1)
	})

	t.Run("version names the pinned release", func(t *testing.T) {
		rel := newFakeRelease(t, pinnedTag, map[string][]byte{hostArchive(): genuine})
		curl := newCurlRecorder(t)
		r := releaseRunner(t, action, rel, curl)
		r.inputs["version"] = pinnedTag
		res := r.run()
		if !strings.Contains(res.stdout, "verified against the pin in action.yml") || res.outputs["findings"] != "1" {
			t.Errorf("exit %d outputs %v\nstdout %s", res.exit, res.outputs, res.stdout)
		}
	})

	t.Run("no pin for this platform", func(t *testing.T) {
		other := "buildspec-lint_plan9_amd64.tar.gz"
		action := pinnedAction(t, pinnedTag, sha256hex(genuine)+"  "+other+"\n")
		rel := newFakeRelease(t, pinnedTag, map[string][]byte{hostArchive(): genuine})
		curl := newCurlRecorder(t)
		res := releaseRunner(t, action, rel, curl).run()
		if res.exit == 0 || !strings.Contains(res.stdout, "::error::buildspec-lint v9.9.9: no SHA-256 for "+hostArchive()) || len(rel.requested()) != 0 {
			t.Errorf("exit %d requests %v\nstdout %s", res.exit, rel.requested(), res.stdout)
		}
	})
}

func TestActionLatestIsUncheckedByAPinAndSaysSo(t *testing.T) {
	genuine, impostor := genuineArchive(t), impostorArchive(t)
	action := pinnedAction(t, pinnedTag, sha256hex(genuine)+"  "+hostArchive()+"\n")
	for _, c := range []struct {
		name    string
		archive []byte
		sums    string
		ok      bool
	}{
		{"matching checksums.txt", genuine, sha256hex(genuine), true},
		{"checksums.txt of another archive", impostor, sha256hex(genuine), false},
	} {
		rel := newFakeRelease(t, pinnedTag, map[string][]byte{hostArchive(): c.archive, "checksums.txt": []byte(c.sums + "  " + hostArchive() + "\n")})
		curl := newCurlRecorder(t)
		r := releaseRunner(t, action, rel, curl)
		r.inputs["version"] = "latest"
		res := r.run()
		if !strings.Contains(res.stdout, "::notice::buildspec-lint: version latest is not pinned: its archive is checked only against the checksums.txt downloaded beside it") {
			t.Errorf("%s: no notice that latest is unpinned:\n%s", c.name, res.stdout)
		}
		for _, h := range rel.requested() {
			if !strings.HasPrefix(h, "/buildspec-lint/buildspec-lint/releases/latest/download/") {
				t.Errorf("%s: latest requested %s", c.name, h)
			}
		}
		if c.ok {
			if !strings.Contains(res.stdout, "using the latest release") || res.outputs["findings"] != "1" {
				t.Errorf("%s: exit %d outputs %v\nstdout %s\nstderr %s", c.name, res.exit, res.outputs, res.stdout, res.stderr)
			}
		} else if res.exit == 0 || !strings.Contains(res.stdout, "checksum mismatch") || strings.Contains(res.stdout, "IMPOSTOR RAN") {
			t.Errorf("%s: exit %d\nstdout %s", c.name, res.exit, res.stdout)
		}
		checkCurlCalls(t, curl.calls(t), 2)
	}
}

// checkCurlCalls checks that curl ran n times, each over HTTPS only (also after a redirect)
// with TLS 1.2 or later, and that no token reached it: neither in its arguments nor in its
// environment (release downloads need none).
func checkCurlCalls(t *testing.T, calls []curlCall, n int) {
	t.Helper()
	if len(calls) != n {
		t.Errorf("curl ran %d times, want %d", len(calls), n)
	}
	for _, c := range calls {
		args := " " + strings.Join(c.argv, " ") + " "
		for _, want := range []string{" --proto =https ", " --proto-redir =https ", " --tlsv1.2 "} {
			if !strings.Contains(args, want) {
				t.Errorf("curl%s lacks%s", args, want)
			}
		}
		for _, token := range []string{"ghs_workflowtoken", "ghs_inputtoken"} {
			if strings.Contains(args, token) {
				t.Errorf("the token %s is in curl's arguments:%s", token, args)
			}
			if strings.Contains(c.env, token) {
				t.Errorf("the token %s is in curl's environment", token)
			}
		}
	}
}

func TestActionDownloadsOnlyOverHTTPS(t *testing.T) {
	genuine := genuineArchive(t)
	action := pinnedAction(t, pinnedTag, sha256hex(genuine)+"  "+hostArchive()+"\n")
	var plainHits []string
	var mu sync.Mutex
	plain := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		plainHits = append(plainHits, r.URL.Path)
		mu.Unlock()
		w.Write(genuine)
	}))
	t.Cleanup(plain.Close)

	t.Run("server over http", func(t *testing.T) {
		curl := newCurlRecorder(t)
		r := releaseRunner(t, action, nil, curl)
		r.env["GITHUB_SERVER_URL"] = plain.URL
		res := r.run()
		if res.exit == 0 || strings.Contains(res.stdout, "using release") || !strings.Contains(res.stdout, "building from the action's source") {
			t.Errorf("exit %d\nstdout %s\nstderr %s", res.exit, res.stdout, res.stderr)
		}
		checkCurlCalls(t, curl.calls(t), 1)
	})
	t.Run("redirect to http", func(t *testing.T) {
		rel := newFakeRelease(t, pinnedTag, map[string][]byte{hostArchive(): []byte("redirect:" + plain.URL + "/archive.tar.gz")})
		curl := newCurlRecorder(t)
		res := releaseRunner(t, action, rel, curl).run()
		if res.exit == 0 || strings.Contains(res.stdout, "using release") || len(rel.requested()) == 0 {
			t.Errorf("exit %d requests %v\nstdout %s\nstderr %s", res.exit, rel.requested(), res.stdout, res.stderr)
		}
		checkCurlCalls(t, curl.calls(t), 1)
	})
	mu.Lock()
	defer mu.Unlock()
	if len(plainHits) != 0 {
		t.Errorf("curl spoke plain http: %v", plainHits)
	}
}

// TestActionWithoutPinsBuildsFromSource: a ref whose action.yml pins nothing (main, a commit,
// a tag not made by the release workflow) downloads nothing, even when the ref looks like a
// release.
func TestActionWithoutPinsBuildsFromSource(t *testing.T) {
	a := loadAction(t)
	for _, st := range a.Runs.Steps {
		if st.ID == "install" && (st.Env["BSL_PINNED_VERSION"] != "" || st.Env["BSL_PINNED_SHA256"] != "") {
			t.Fatalf("action.yml on a branch must pin nothing (the release commit does): %q %q", st.Env["BSL_PINNED_VERSION"], st.Env["BSL_PINNED_SHA256"])
		}
	}
	genuine := genuineArchive(t)
	rel := newFakeRelease(t, pinnedTag, map[string][]byte{hostArchive(): genuine, "checksums.txt": []byte(sha256hex(genuine) + "  " + hostArchive() + "\n")})
	curl := newCurlRecorder(t)
	res := releaseRunner(t, "", rel, curl).run()
	if !strings.Contains(res.stdout, "no release binary for ref v9.9.9; building from the action's source") {
		t.Errorf("stdout %s", res.stdout)
	}
	if len(curl.calls(t)) != 0 || len(rel.requested()) != 0 {
		t.Errorf("an unpinned ref downloaded: %v", rel.requested())
	}
}

// TestInstallStepGetsNoToken: no token is given to the step that runs curl.
func TestInstallStepGetsNoToken(t *testing.T) {
	for _, st := range loadAction(t).Runs.Steps {
		if st.ID != "install" {
			continue
		}
		for k, v := range st.Env {
			if strings.Contains(v, "token") || strings.Contains(strings.ToLower(k), "token") {
				t.Errorf("install step env %s: %s", k, v)
			}
		}
		return
	}
	t.Fatal("no install step")
}

func TestPinRelease(t *testing.T) {
	a, b := strings.Repeat("a", 64), strings.Repeat("b", 64)
	sums := a + "  buildspec-lint_linux_amd64.tar.gz\n" + b + " *buildspec-lint_windows_arm64.tar.gz\r\n"
	orig, err := os.ReadFile(filepath.Join(repoRoot(t), "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	action := pinnedAction(t, "v1.2.3", sums)
	// Pinning again (a second release from the same file) replaces the block.
	if out, err := pinRelease(t, "v1.2.4", writeTemp(t, sums), action); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	got, _ := os.ReadFile(action)
	m := loadActionFile(t, action)
	env := m.Runs.Steps[0].Env
	if env["BSL_PINNED_VERSION"] != "v1.2.4" || env["BSL_PINNED_SHA256"] != a+"  buildspec-lint_linux_amd64.tar.gz\n"+b+"  buildspec-lint_windows_arm64.tar.gz\n" {
		t.Errorf("pins: %q %q", env["BSL_PINNED_VERSION"], env["BSL_PINNED_SHA256"])
	}
	// Nothing outside the block changes.
	outside := func(s string) string {
		before, rest, _ := strings.Cut(s, "# BEGIN release pins\n")
		_, after, _ := strings.Cut(rest, "# END release pins\n")
		return before + after
	}
	if outside(string(got)) != outside(string(orig)) || !strings.Contains(string(orig), "# BEGIN release pins\n") {
		t.Errorf("pin-release.sh changed action.yml outside its block")
	}

	for _, c := range []struct{ tag, sums, want string }{
		{"v1.2", sums, "tag v1.2 is not vX.Y.Z"},
		{"../v1.2.3", sums, "is not vX.Y.Z"},
		{"v1.2.3", "", "no release archive listed"},
		{"v1.2.3", strings.ToUpper(a) + "  buildspec-lint_linux_amd64.tar.gz\n", "not a SHA-256 line"},
		{"v1.2.3", a + "  ../buildspec-lint_linux_amd64.tar.gz\n", "not a SHA-256 line"},
		{"v1.2.3", a + "  buildspec-lint_linux_amd64.tar.gz\n" + a[:63] + "  buildspec-lint_linux_arm64.tar.gz\n", "checksums.txt:2: not a SHA-256 line"},
		{"v1.2.3", a + "  buildspec-lint_linux_amd64.tar.gz\nBSL_PINNED_VERSION: v6.6.6\n", "not a SHA-256 line"},
	} {
		dir := t.TempDir()
		act := filepath.Join(dir, "action.yml")
		os.WriteFile(act, orig, 0o644)
		sumsFile := filepath.Join(dir, "checksums.txt")
		os.WriteFile(sumsFile, []byte(c.sums), 0o644)
		out, err := pinRelease(t, c.tag, sumsFile, act)
		after, _ := os.ReadFile(act)
		if err == nil || !strings.Contains(out, c.want) || !bytes.Equal(after, orig) {
			t.Errorf("tag %q sums %q: err %v, output %q (want %q), file changed %v", c.tag, c.sums, err, out, c.want, !bytes.Equal(after, orig))
		}
	}
	// A file without exactly one block, in order, is refused and left as it was.
	swapped := strings.NewReplacer("# END release pins\n", "# BEGIN release pins\n", "# BEGIN release pins\n", "# END release pins\n").Replace(string(orig))
	for _, c := range []struct{ content, want string }{
		{strings.ReplaceAll(string(orig), "# END release pins\n", ""), "want one '# BEGIN release pins' and one '# END release pins' line, found 1 and 0"},
		{string(orig) + "        # BEGIN release pins\n", "found 2 and 1"},
		{swapped, "'# END release pins' comes before '# BEGIN release pins'"},
	} {
		file := writeTemp(t, c.content)
		out, err := pinRelease(t, "v1.2.3", writeTemp(t, sums), file)
		after, _ := os.ReadFile(file)
		if err == nil || !strings.Contains(out, c.want) || string(after) != c.content {
			t.Errorf("want %q: err %v, output %s", c.want, err, out)
		}
	}
}

func writeTemp(t *testing.T, content string) string {
	t.Helper()
	f := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(f, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return f
}
