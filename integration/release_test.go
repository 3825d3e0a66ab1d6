package integration

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"debug/elf"
	"debug/macho"
	"debug/pe"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/buildspec-lint/buildspec-lint/internal/testtool"
)

// The release as GoReleaser builds it: scripts/release-check.sh runs the pinned GoReleaser
// (tools/goreleaser/go.mod) to make a snapshot in dist/, then these tests with BSL_RELEASE_DIST
// pointing at it. They check what a user downloads (the archives action.yml's install step
// expects, checksums.txt, each archive's files, the binary's version) and run the install step
// against a local HTTPS release serving those very files.

// releasePlatforms are the platforms action.yml's install step maps RUNNER_OS and RUNNER_ARCH to.
var releasePlatforms = []struct{ goos, goarch string }{
	{"linux", "amd64"}, {"linux", "arm64"}, {"darwin", "amd64"}, {"darwin", "arm64"}, {"windows", "amd64"}, {"windows", "arm64"},
}

// releaseDist is a GoReleaser dist/ directory.
type releaseDist struct {
	dir  string
	meta struct {
		ProjectName string `json:"project_name"`
		Tag         string `json:"tag"`
		Version     string `json:"version"`
		Commit      string `json:"commit"`
	}
	artifacts []struct {
		Name   string `json:"name"`
		Path   string `json:"path"`
		Goos   string `json:"goos"`
		Goarch string `json:"goarch"`
		Type   string `json:"type"`
	}
	sums      map[string]string // checksums.txt: file name -> SHA-256
	sumsBytes []byte
}

// loadDist reads the snapshot at BSL_RELEASE_DIST. Without it the test skips, saying how to make
// one, except in the full suite (testtool.Required), where it fails: the release check must not
// vanish silently.
func loadDist(t *testing.T) *releaseDist {
	t.Helper()
	dir := os.Getenv("BSL_RELEASE_DIST")
	if dir == "" {
		const msg = "BSL_RELEASE_DIST is not set: run `bash scripts/release-check.sh` (a GoReleaser snapshot into dist/, then these tests on it)"
		if testtool.Required() {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	d := &releaseDist{dir: dir, sums: map[string]string{}}
	read := func(name string) []byte {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatalf("BSL_RELEASE_DIST: %v (run `bash scripts/release-check.sh` to make the snapshot)", err)
		}
		return data
	}
	if err := json.Unmarshal(read("metadata.json"), &d.meta); err != nil {
		t.Fatalf("%s/metadata.json: %v", dir, err)
	}
	if err := json.Unmarshal(read("artifacts.json"), &d.artifacts); err != nil {
		t.Fatalf("%s/artifacts.json: %v", dir, err)
	}
	if d.meta.ProjectName != "buildspec-lint" || d.meta.Version == "" {
		t.Fatalf("%s/metadata.json: project %q version %q, want buildspec-lint and a version", dir, d.meta.ProjectName, d.meta.Version)
	}
	d.sumsBytes = read("checksums.txt")
	lineRE := regexp.MustCompile(`^([0-9a-f]{64})  (\S+)$`)
	for i, line := range strings.Split(strings.TrimSuffix(string(d.sumsBytes), "\n"), "\n") {
		m := lineRE.FindStringSubmatch(line)
		if m == nil {
			t.Fatalf("checksums.txt:%d: %q is not `<sha256>  <file>`", i+1, line)
		}
		if _, dup := d.sums[m[2]]; dup {
			t.Fatalf("checksums.txt:%d: %s is listed twice", i+1, m[2])
		}
		d.sums[m[2]] = m[1]
	}
	return d
}

// file returns the content of a file of dist/.
func (d *releaseDist) file(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(d.dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// archiveName is the name action.yml's install step downloads for a platform.
func archiveName(goos, goarch string) string {
	return fmt.Sprintf("buildspec-lint_%s_%s.tar.gz", goos, goarch)
}

// untar returns the regular files of a tar.gz by name, with their modes; a link, a device, an
// absolute or climbing name fails the test.
func untar(t *testing.T, name string, data []byte) (map[string][]byte, map[string]int64) {
	t.Helper()
	gz, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s: not gzip: %v", name, err)
	}
	files, modes := map[string][]byte{}, map[string]int64{}
	tr := tar.NewReader(gz)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if h.Typeflag == tar.TypeDir {
			continue
		}
		if h.Typeflag != tar.TypeReg || path.IsAbs(h.Name) || path.Clean(h.Name) != h.Name || strings.HasPrefix(h.Name, "../") {
			t.Errorf("%s: entry %q (type %q): want regular files with clean relative names", name, h.Name, h.Typeflag)
			continue
		}
		b, err := io.ReadAll(io.LimitReader(tr, 256<<20))
		if err != nil {
			t.Fatalf("%s: %s: %v", name, h.Name, err)
		}
		files[h.Name], modes[h.Name] = b, h.Mode
	}
	return files, modes
}

// executableFor says whether exe is an executable for goos/goarch, reading its ELF, Mach-O or
// PE header.
func executableFor(exe []byte, goos, goarch string) error {
	r := bytes.NewReader(exe)
	switch goos {
	case "linux":
		f, err := elf.NewFile(r)
		if err != nil {
			return fmt.Errorf("not ELF: %v", err)
		}
		if want := map[string]elf.Machine{"amd64": elf.EM_X86_64, "arm64": elf.EM_AARCH64}[goarch]; f.Machine != want {
			return fmt.Errorf("ELF for %v, want %v", f.Machine, want)
		}
	case "darwin":
		f, err := macho.NewFile(r)
		if err != nil {
			return fmt.Errorf("not Mach-O: %v", err)
		}
		if want := map[string]macho.Cpu{"amd64": macho.CpuAmd64, "arm64": macho.CpuArm64}[goarch]; f.Cpu != want {
			return fmt.Errorf("Mach-O for %v, want %v", f.Cpu, want)
		}
	case "windows":
		f, err := pe.NewFile(r)
		if err != nil {
			return fmt.Errorf("not PE: %v", err)
		}
		if want := map[string]uint16{"amd64": pe.IMAGE_FILE_MACHINE_AMD64, "arm64": pe.IMAGE_FILE_MACHINE_ARM64}[goarch]; f.FileHeader.Machine != want {
			return fmt.Errorf("PE for machine %#x, want %#x", f.FileHeader.Machine, want)
		}
	default:
		return fmt.Errorf("unknown os %s", goos)
	}
	return nil
}

// TestReleaseSnapshotArchives: one archive per platform the install step maps, named as it
// builds the name, listed in checksums.txt with its SHA-256 (and nothing else listed, which
// pin-release.sh would refuse), each holding that platform's executable at its root with the
// repository's LICENSE and README.md.
func TestReleaseSnapshotArchives(t *testing.T) {
	d := loadDist(t)
	root := repoRoot(t)
	license, err := os.ReadFile(filepath.Join(root, "LICENSE"))
	if err != nil {
		t.Fatalf("the repository has no LICENSE: %v", err)
	}
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}

	var want, built []string
	for _, p := range releasePlatforms {
		want = append(want, archiveName(p.goos, p.goarch))
	}
	for _, a := range d.artifacts {
		if a.Type == "Archive" {
			built = append(built, a.Name)
			if a.Name != archiveName(a.Goos, a.Goarch) {
				t.Errorf("archive %s is for %s/%s: the install step would download it as %s", a.Name, a.Goos, a.Goarch, archiveName(a.Goos, a.Goarch))
			}
		}
	}
	slices.Sort(want)
	slices.Sort(built)
	if !slices.Equal(built, want) {
		t.Errorf("archives in artifacts.json:\n%v\nwant the ones action.yml's install step downloads:\n%v", built, want)
	}
	var listed []string
	for name := range d.sums {
		listed = append(listed, name)
	}
	slices.Sort(listed)
	if !slices.Equal(listed, want) {
		t.Errorf("checksums.txt lists %v, want exactly the archives %v (scripts/pin-release.sh pins every line)", listed, want)
	}

	for _, p := range releasePlatforms {
		name := archiveName(p.goos, p.goarch)
		data, err := os.ReadFile(filepath.Join(d.dir, name))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if got := sha256hex(data); got != d.sums[name] {
			t.Errorf("%s: SHA-256 %s, checksums.txt says %q", name, got, d.sums[name])
		}
		files, modes := untar(t, name, data)
		exe := "buildspec-lint"
		if p.goos == "windows" {
			exe += ".exe"
		}
		if bin, ok := files[exe]; !ok {
			t.Errorf("%s: no %s at the archive's root (the install step extracts %s); it holds %v", name, exe, exe, keys(files))
		} else {
			if err := executableFor(bin, p.goos, p.goarch); err != nil {
				t.Errorf("%s: %s: %v", name, exe, err)
			}
			if p.goos != "windows" && modes[exe]&0o111 == 0 {
				t.Errorf("%s: %s has mode %o, not executable", name, exe, modes[exe])
			}
		}
		if !bytes.Equal(files["LICENSE"], license) {
			t.Errorf("%s: LICENSE missing or not the repository's (%d bytes, want %d)", name, len(files["LICENSE"]), len(license))
		}
		if !bytes.Equal(files["README.md"], readme) {
			t.Errorf("%s: README.md missing or not the repository's (%d bytes, want %d)", name, len(files["README.md"]), len(readme))
		}
	}
}

func keys(m map[string][]byte) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// hostBinary extracts this platform's executable from its snapshot archive and returns its path.
func hostBinary(t *testing.T, d *releaseDist) string {
	t.Helper()
	name := hostArchive()
	files, _ := untar(t, name, d.file(t, name))
	exe := "buildspec-lint"
	if runtime.GOOS == "windows" {
		exe += ".exe"
	}
	bin, ok := files[exe]
	if !ok {
		t.Fatalf("%s holds no %s", name, exe)
	}
	p := filepath.Join(t.TempDir(), exe)
	if err := os.WriteFile(p, bin, 0o755); err != nil {
		t.Fatal(err)
	}
	return p
}

// snapshotVersion is what the snapshot's binaries print after "buildspec-lint ": .goreleaser.yaml
// stamps a snapshot with v<version of metadata.json> (a release with its tag).
func (d *releaseDist) snapshotVersion() string {
	return "v" + d.meta.Version
}

// TestReleaseSnapshotVersion: the host's binary runs and says which build it is, the version
// GoReleaser wrote into metadata.json (not a tag the snapshot is not).
func TestReleaseSnapshotVersion(t *testing.T) {
	d := loadDist(t)
	if !strings.Contains(d.meta.Version, "SNAPSHOT") {
		t.Fatalf("metadata.json version %q: want a snapshot (scripts/release-check.sh makes one)", d.meta.Version)
	}
	out, err := exec.Command(hostBinary(t, d), "--version").CombinedOutput()
	if err != nil {
		t.Fatalf("%s --version: %v\n%s", hostArchive(), err, out)
	}
	if got, want := strings.TrimSpace(string(out)), "buildspec-lint "+d.snapshotVersion(); got != want {
		t.Errorf("--version of %s prints %q, want %q (metadata.json's version)", hostArchive(), got, want)
	}
}

// TestReleaseSnapshotInstallStep runs action.yml's install step (read from the file, as the
// runner does) against a local HTTPS server laid out as GitHub's release downloads, serving the
// snapshot's own archives and checksums.txt.
func TestReleaseSnapshotInstallStep(t *testing.T) {
	d := loadDist(t)
	tag := d.meta.Tag
	if !regexp.MustCompile(`^v[0-9]+\.[0-9]+\.[0-9]+$`).MatchString(tag) {
		t.Fatalf("metadata.json tag %q is not vX.Y.Z", tag)
	}
	host := hostArchive()
	archive := d.file(t, host)
	assets := map[string][]byte{"checksums.txt": d.sumsBytes}
	for _, p := range releasePlatforms {
		assets[archiveName(p.goos, p.goarch)] = d.file(t, archiveName(p.goos, p.goarch))
	}
	// The action at the release commit: pinned by scripts/pin-release.sh from the snapshot's
	// checksums.txt, as the release workflow pins it.
	pinned := pinnedAction(t, tag, string(d.sumsBytes))

	// installedVersion runs the binary the install step reported, or says that none was installed.
	installedVersion := func(t *testing.T, r *runner, res *result) string {
		t.Helper()
		p := res.steps["install"]["path"]
		exe := filepath.Join(r.env["RUNNER_TEMP"], "buildspec-lint-bin", "buildspec-lint")
		if p == "" {
			if _, err := os.Stat(exe); err == nil {
				t.Errorf("the install step reported no path but left %s", exe)
			}
			return ""
		}
		if p != exe {
			t.Errorf("installed at %s, want %s", p, exe)
		}
		out, err := exec.Command(p, "--version").CombinedOutput()
		if err != nil {
			t.Fatalf("%s --version: %v\n%s", p, err, out)
		}
		return strings.TrimSpace(string(out))
	}
	wantVersion := "buildspec-lint " + d.snapshotVersion()

	for _, c := range []struct {
		name, version string // version input: "" (the pin) or latest
	}{{"pinned", ""}, {"latest", "latest"}} {
		t.Run(c.name+"/genuine", func(t *testing.T) {
			rel := newFakeRelease(t, tag, assets)
			curl := newCurlRecorder(t)
			r := releaseRunner(t, pinned, rel, curl)
			r.inputs["version"] = c.version
			res := r.run()
			wantSays := "using release " + tag + " (" + runtime.GOOS + "/" + runtime.GOARCH + "), sha256 verified against the pin in action.yml"
			if c.version == "latest" {
				wantSays = "using the latest release (" + runtime.GOOS + "/" + runtime.GOARCH + "), sha256 checked against its checksums.txt"
			}
			if !strings.Contains(res.stdout, wantSays) || res.exit != 1 || res.outputs["findings"] != "1" {
				t.Errorf("want %q, the lint step's exit 1 and 1 finding: exit %d outputs %v\nstdout %s\nstderr %s", wantSays, res.exit, res.outputs, res.stdout, res.stderr)
			}
			if got := installedVersion(t, r, res); got != wantVersion {
				t.Errorf("the installed binary says %q, want %q", got, wantVersion)
			}
			n := 1
			if c.version == "latest" {
				n = 2 // checksums.txt, then the archive
			}
			checkCurlCalls(t, curl.calls(t), n)
		})

		t.Run(c.name+"/corrupted archive", func(t *testing.T) {
			bad := bytes.Clone(archive)
			bad[len(bad)/2] ^= 0x01
			corrupted := withAsset(assets, host, bad)
			rel := newFakeRelease(t, tag, corrupted)
			r := releaseRunner(t, pinned, rel, newCurlRecorder(t))
			r.inputs["version"] = c.version
			res := r.run()
			want := fmt.Sprintf("::error::buildspec-lint %s: checksum mismatch for %s (want %s, got %s)", tagOr(c.version, tag), host, sha256hex(archive), sha256hex(bad))
			if res.exit == 0 || !strings.Contains(res.stdout, want) || res.outputs["findings"] != "" {
				t.Errorf("a corrupted archive must fail the step with %q: exit %d outputs %v\nstdout %s\nstderr %s", want, res.exit, res.outputs, res.stdout, res.stderr)
			}
			if got := installedVersion(t, r, res); got != "" {
				t.Errorf("a corrupted archive installed %q", got)
			}
		})
	}

	// A release whose files were all replaced, another real archive with a checksums.txt that
	// matches it: the pin still refuses it.
	t.Run("pinned/pin mismatch", func(t *testing.T) {
		var other []byte
		for _, p := range releasePlatforms {
			if name := archiveName(p.goos, p.goarch); name != host {
				other = assets[name]
				break
			}
		}
		replaced := withAsset(assets, host, other)
		replaced["checksums.txt"] = []byte(sha256hex(other) + "  " + host + "\n")
		rel := newFakeRelease(t, tag, replaced)
		r := releaseRunner(t, pinned, rel, newCurlRecorder(t))
		res := r.run()
		want := fmt.Sprintf("::error::buildspec-lint %s: checksum mismatch for %s (want %s, got %s)", tag, host, sha256hex(archive), sha256hex(other))
		if res.exit == 0 || !strings.Contains(res.stdout, want) || res.outputs["findings"] != "" {
			t.Errorf("a replaced archive must fail the step with %q: exit %d outputs %v\nstdout %s\nstderr %s", want, res.exit, res.outputs, res.stdout, res.stderr)
		}
		if got := installedVersion(t, r, res); got != "" {
			t.Errorf("a replaced archive installed %q", got)
		}
	})

	// The pins in the copy of action.yml are the snapshot's checksums.txt, line for line.
	t.Run("pins", func(t *testing.T) {
		var env map[string]string
		for _, st := range loadActionFile(t, pinned).Runs.Steps {
			if st.ID == "install" {
				env = st.Env
			}
		}
		if env["BSL_PINNED_VERSION"] != tag || env["BSL_PINNED_SHA256"] != string(d.sumsBytes) {
			t.Errorf("pinned %q:\n%s\nwant %s and checksums.txt:\n%s", env["BSL_PINNED_VERSION"], env["BSL_PINNED_SHA256"], tag, d.sumsBytes)
		}
	})
}

// withAsset returns a copy of m with name set to data.
func withAsset(m map[string][]byte, name string, data []byte) map[string][]byte {
	out := make(map[string][]byte, len(m))
	for k, v := range m {
		out[k] = v
	}
	out[name] = data
	return out
}

// tagOr is how the install step names the release in its messages: the version input when it
// is latest, else the pinned tag.
func tagOr(version, tag string) string {
	if version != "" {
		return version
	}
	return tag
}

// TestGoReleaserPinsAgree: the GoReleaser that scripts/release-check.sh runs (the tool of
// tools/goreleaser/go.mod, a module of its own) is the version the release workflow runs, and
// the main module does not depend on it.
func TestGoReleaserPinsAgree(t *testing.T) {
	root := repoRoot(t)
	read := func(p string) string {
		b, err := os.ReadFile(filepath.Join(root, p))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	const mod = "github.com/goreleaser/goreleaser/v2"
	toolMod := read("tools/goreleaser/go.mod")
	if !regexp.MustCompile(`(?m)^tool ` + regexp.QuoteMeta(mod) + `$`).MatchString(toolMod) {
		t.Errorf("tools/goreleaser/go.mod: no `tool %s` line", mod)
	}
	m := regexp.MustCompile(`(?m)^\s*(?:require\s+)?` + regexp.QuoteMeta(mod) + ` (v\S+)`).FindStringSubmatch(toolMod)
	if m == nil {
		t.Fatalf("tools/goreleaser/go.mod requires no %s", mod)
	}
	if strings.Contains(read("go.mod"), "goreleaser") {
		t.Error("go.mod mentions goreleaser: GoReleaser belongs in tools/goreleaser/go.mod only")
	}

	var wf struct {
		Jobs map[string]struct {
			Steps []struct {
				Uses string            `yaml:"uses"`
				With map[string]string `yaml:"with"`
			} `yaml:"steps"`
		} `yaml:"jobs"`
	}
	if err := yaml.Unmarshal([]byte(read(".github/workflows/release.yml")), &wf); err != nil {
		t.Fatal(err)
	}
	var versions []string
	for _, job := range wf.Jobs {
		for _, st := range job.Steps {
			if strings.HasPrefix(st.Uses, "goreleaser/goreleaser-action@") {
				versions = append(versions, st.With["version"])
			}
		}
	}
	if len(versions) != 1 || versions[0] != m[1] {
		t.Errorf("release.yml runs GoReleaser %v, tools/goreleaser/go.mod pins %s: make them one version", versions, m[1])
	}
}

// readmeInstall returns the "## Install" section of README.md and its sh blocks.
func readmeInstall(t *testing.T) (string, []string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(repoRoot(t), "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, sec, ok := strings.Cut(string(data), "\n## Install\n")
	if !ok {
		t.Fatal("README.md has no ## Install section")
	}
	sec, _, _ = strings.Cut(sec, "\n## ")
	var blocks []string
	for _, m := range regexp.MustCompile("(?ms)^```sh\n(.*?)^```$").FindAllStringSubmatch(sec, -1) {
		blocks = append(blocks, m[1])
	}
	return sec, blocks
}

// TestReleaseSnapshotReadmeInstall runs the README's release-binary instructions, as written,
// against a local HTTPS server serving the snapshot as GitHub would (the release's files, and
// the release tag's action.yml pinned by scripts/pin-release.sh): the download verifies and
// runs, the pin check finds the archive's SHA-256, and a corrupted archive stops the commands.
func TestReleaseSnapshotReadmeInstall(t *testing.T) {
	d := loadDist(t)
	if runtime.GOOS == "windows" {
		t.Skip("the README's commands are for a POSIX shell")
	}
	need(t, "curl")
	need(t, "sha256sum")
	sec, blocks := readmeInstall(t)
	var download, pinCheck string
	for _, b := range blocks {
		switch {
		case strings.Contains(b, "sha256sum -c --ignore-missing checksums.txt"):
			download = b
		case strings.Contains(b, "raw.githubusercontent.com"):
			pinCheck = b
		}
	}
	if download == "" || pinCheck == "" {
		t.Fatalf("the Install section has no sh block running `sha256sum -c --ignore-missing checksums.txt` or none checking the pin on raw.githubusercontent.com:\n%s", sec)
	}
	vars := regexp.MustCompile(`(?m)^v=vX\.Y\.Z os=linux arch=amd64 `)
	if len(vars.FindAllString(download, -1)) != 1 {
		t.Fatalf("the download block should start with one `v=vX.Y.Z os=linux arch=amd64 ` line:\n%s", download)
	}
	tag := d.meta.Tag
	pinned, err := os.ReadFile(pinnedAction(t, tag, string(d.sumsBytes)))
	if err != nil {
		t.Fatal(err)
	}

	script := func(archive []byte) string {
		files := map[string][]byte{
			"/buildspec-lint/buildspec-lint/releases/download/" + tag + "/checksums.txt": d.sumsBytes,
			"/raw/buildspec-lint/buildspec-lint/" + tag + "/action.yml":                  pinned,
		}
		for _, p := range releasePlatforms {
			files["/buildspec-lint/buildspec-lint/releases/download/"+tag+"/"+archiveName(p.goos, p.goarch)] = d.file(t, archiveName(p.goos, p.goarch))
		}
		files["/buildspec-lint/buildspec-lint/releases/download/"+tag+"/"+hostArchive()] = archive
		srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if b, ok := files[r.URL.Path]; ok {
				w.Write(b)
				return
			}
			http.NotFound(w, r)
		}))
		t.Cleanup(srv.Close)
		ca := filepath.Join(t.TempDir(), "ca.pem")
		os.WriteFile(ca, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}), 0o644)
		s := vars.ReplaceAllString(download, fmt.Sprintf("v=%s os=%s arch=%s ", tag, runtime.GOOS, runtime.GOARCH)) + pinCheck
		s = strings.NewReplacer("https://github.com/", srv.URL+"/", "https://raw.githubusercontent.com/", srv.URL+"/raw/").Replace(s)
		return "export CURL_CA_BUNDLE=" + ca + " NO_PROXY=127.0.0.1 no_proxy=127.0.0.1\n" + s
	}
	run := func(s string) (string, string, error) {
		dir := t.TempDir()
		cmd := exec.Command("bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", s)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		return string(out), dir, err
	}

	archive := d.file(t, hostArchive())
	out, dir, err := run(script(archive))
	if err != nil {
		t.Fatalf("the README's install commands failed: %v\n%s", err, out)
	}
	for _, want := range []string{hostArchive() + ": OK", "buildspec-lint " + d.snapshotVersion(), sha256hex(archive) + "  " + hostArchive()} {
		if !strings.Contains(out, want) {
			t.Errorf("the README's install commands printed no %q:\n%s", want, out)
		}
	}
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if got, want := strings.Join(names, " "), "buildspec-lint "+hostArchive()+" checksums.txt"; got != want {
		t.Errorf("the README's install commands left %q, want %q (no LICENSE or README.md over the user's)", got, want)
	}

	bad := bytes.Clone(archive)
	bad[len(bad)/2] ^= 0x01
	out, dir, err = run(script(bad))
	if _, statErr := os.Stat(filepath.Join(dir, "buildspec-lint")); err == nil || !strings.Contains(out, hostArchive()+": FAILED") || statErr == nil {
		t.Errorf("a corrupted archive must stop the README's commands before it is extracted: err %v\n%s", err, out)
	}
}

// TestReadmeInstallNamesThisModule: the Install section's go install names this module's CLI,
// and it says that no release exists only while the clone has no release tag.
func TestReadmeInstallNamesThisModule(t *testing.T) {
	root := repoRoot(t)
	sec, blocks := readmeInstall(t)
	gomod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^module (\S+)$`).FindSubmatch(gomod)
	if m == nil {
		t.Fatal("go.mod has no module line")
	}
	want := "go install " + string(m[1]) + "/cmd/buildspec-lint@"
	if !slices.ContainsFunc(blocks, func(b string) bool { return strings.Contains(b, want) }) {
		t.Errorf("the Install section has no `%s...`", want)
	}
	if _, err := os.Stat(filepath.Join(root, "cmd", "buildspec-lint", "main.go")); err != nil {
		t.Errorf("the CLI the README installs: %v", err)
	}
	for _, want := range []string{"uses: buildspec-lint/buildspec-lint@<commit>", "rev: <commit>", "sha256sum -c --ignore-missing checksums.txt"} {
		if !strings.Contains(sec, want) {
			t.Errorf("the Install section lacks %q", want)
		}
	}
	if need(t, "git") != "" {
		cmd := exec.Command("git", "tag", "-l", "v[0-9]*")
		cmd.Dir = root
		if out, err := cmd.Output(); err == nil && len(bytes.TrimSpace(out)) > 0 && strings.Contains(sec, "No release has been published yet") {
			t.Errorf("the Install section says no release exists, but the clone has tags:\n%s", out)
		}
	}
}
