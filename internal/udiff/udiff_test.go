package udiff

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/buildspec-lint/buildspec-lint/internal/testtool"
)

func TestDiffShape(t *testing.T) {
	before := "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nm\n"
	after := "a\nB\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\n"
	want := "--- a/x.yml\n+++ b/x.yml\n" +
		"@@ -1,5 +1,5 @@\n a\n-b\n+B\n c\n d\n e\n" +
		"@@ -10,4 +10,3 @@\n j\n k\n l\n-m\n"
	if got := string(Diff("x.yml", []byte(before), []byte(after))); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if got := Diff("x.yml", []byte(before), []byte(before)); got != nil {
		t.Errorf("equal files: got %q, want nil", got)
	}
}

func TestDiffNoFinalNewline(t *testing.T) {
	got := string(Diff("x", []byte("a\r\nb"), []byte("a\r\nc")))
	want := "--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n a\r\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n"
	if got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

func TestQuote(t *testing.T) {
	for in, want := range map[string]string{
		"a/b c.yml":  "a/b c.yml",
		"a/x\ny":     `"a/x\ny"`,
		`a/q"\`:      `"a/q\"\\"`,
		"a/déjà.yml": `"a/d\303\251j\303\240.yml"`,
	} {
		if got := quote(in); got != want {
			t.Errorf("quote(%q) = %s, want %s", in, got, want)
		}
	}
}

// apply applies a diff made by Diff to before, reading only what Diff writes, and fails the test
// on a context line that does not match: the diff must describe before exactly.
func apply(t *testing.T, before string, diff []byte) string {
	t.Helper()
	src := lines(before)
	ls := lines(string(diff))
	if len(ls) < 2 || !strings.HasPrefix(ls[0], "--- ") || !strings.HasPrefix(ls[1], "+++ ") {
		t.Fatalf("no header:\n%s", diff)
	}
	var out []string
	next := 0 // next line of src to copy
	for i := 2; i < len(ls); {
		var oa, ca, ob, cb int
		h := strings.TrimSuffix(ls[i], "\n")
		if _, err := fmt.Sscanf(rangeForm(h), "@@ -%d,%d +%d,%d @@", &oa, &ca, &ob, &cb); err != nil {
			t.Fatalf("bad hunk header %q: %v", h, err)
		}
		start := oa - 1
		if ca == 0 {
			start = oa
		}
		out = append(out, src[next:start]...)
		next = start
		i++
		for i < len(ls) && !strings.HasPrefix(ls[i], "@@") {
			kind, text := ls[i][0], ls[i][1:]
			i++
			if i < len(ls) && ls[i] == "\\ No newline at end of file\n" {
				text = strings.TrimSuffix(text, "\n")
				i++
			}
			switch kind {
			case ' ', '-':
				if next >= len(src) || src[next] != text {
					t.Fatalf("line %d: diff has %q, file has %q", next+1, text, src[min(next, len(src)-1)])
				}
				if kind == ' ' {
					out = append(out, text)
				}
				next++
			case '+':
				out = append(out, text)
			}
		}
	}
	out = append(out, src[next:]...)
	return strings.Join(out, "")
}

// rangeForm adds the ",1" that a one-line range leaves out.
func rangeForm(h string) string {
	f := strings.Fields(h)
	for i := 1; i <= 2 && i < len(f); i++ {
		if !strings.Contains(f[i], ",") {
			f[i] += ",1"
		}
	}
	return strings.Join(f, " ")
}

// randomFile returns lines drawn from a small alphabet (so that lines repeat, as in YAML), with
// CRLF or LF breaks and, sometimes, no final line break.
func randomFile(r *rand.Rand, n int) string {
	var b strings.Builder
	nl := "\n"
	if r.IntN(4) == 0 {
		nl = "\r\n"
	}
	for i := 0; i < n; i++ {
		b.WriteString([]string{"  - make", "phases:", "", "    commands:", "x", "  - jq"}[r.IntN(6)])
		if i < n-1 || r.IntN(3) != 0 {
			b.WriteString(nl)
		}
	}
	return b.String()
}

// mutate changes a few lines of s: removes, inserts, replaces, and may drop or add the final
// line break.
func mutate(r *rand.Rand, s string) string {
	ls := lines(s)
	for k := r.IntN(5); k >= 0; k-- {
		i := r.IntN(len(ls) + 1)
		switch r.IntN(3) {
		case 0:
			if i < len(ls) {
				ls = append(ls[:i], ls[i+1:]...)
			}
		case 1:
			ls = append(ls[:i], append([]string{"new " + strconv.Itoa(k) + "\n"}, ls[i:]...)...)
		case 2:
			if i < len(ls) {
				ls[i] = "changed\n"
			}
		}
	}
	out := strings.Join(ls, "")
	switch r.IntN(4) {
	case 0:
		out = strings.TrimSuffix(out, "\n")
	case 1:
		if out != "" && !strings.HasSuffix(out, "\n") {
			out += "\n"
		}
	}
	return out
}

// TestDiffApplies checks that applying the diff to before gives after, for random files.
func TestDiffApplies(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 2000; i++ {
		before := randomFile(r, r.IntN(30))
		after := mutate(r, before)
		d := Diff("f", []byte(before), []byte(after))
		if before == after {
			if d != nil {
				t.Fatalf("equal files gave a diff:\n%s", d)
			}
			continue
		}
		if got := apply(t, before, d); got != after {
			t.Fatalf("before %q\nafter %q\ndiff:\n%s\napplied: %q", before, after, d, got)
		}
	}
}

// TestDiffLarge checks a change past maxEdits: the diff is one hunk that still applies.
func TestDiffLarge(t *testing.T) {
	var a, b strings.Builder
	for i := 0; i < 3*maxEdits; i++ {
		fmt.Fprintf(&a, "line %d\n", i)
		fmt.Fprintf(&b, "line %d\n", i*7%(3*maxEdits))
	}
	d := Diff("f", []byte(a.String()), []byte(b.String()))
	if got := apply(t, a.String(), d); got != b.String() {
		t.Fatal("the diff of a large change does not apply")
	}
}

// TestGitApply runs git apply --check and git apply on the diffs of fixed cases (CRLF, no final
// newline, a change at the start and at the end, an emptied file, a quoted path) and of random
// files, in a temporary repository, and compares the files it writes.
func TestGitApply(t *testing.T) {
	git := testtool.Need(t, "git")
	type tc struct{ path, before, after string }
	cases := []tc{
		{"crlf.yml", "version: 0.2\r\nphases:\r\n  build:\r\n    commands:\r\n      - dockerd &\r\n      - make\r\n", "version: 0.2\r\nphases:\r\n  build:\r\n    commands:\r\n      - dockerd --host=unix:///var/run/docker.sock &\r\n      - make\r\n"},
		{"nofinal.yml", "a\nb\nc", "a\nb\nC"},
		{"addfinal.yml", "a\nb\nc", "a\nb\nc\n"},
		{"dropfinal.yml", "a\nb\nc\n", "a\nb\nc"},
		{"first.yml", "a\nb\nc\nd\ne\nf\ng\nh\n", "b\nc\nd\ne\nf\ng\nh\n"},
		{"sub dir/with space.yml", "x\n", "y\n"},
		{"déjà.yml", "x\n", "x\ny\n"},
		{"emptied.yml", "a\nb\n", ""},
	}
	r := rand.New(rand.NewPCG(3, 4))
	for i := 0; len(cases) < 60; i++ {
		before := randomFile(r, r.IntN(25)+1)
		if after := mutate(r, before); after != before {
			cases = append(cases, tc{"r/" + strconv.Itoa(i) + ".yml", before, after})
		}
	}
	dir := t.TempDir()
	run := func(stdin []byte, args ...string) string {
		cmd := exec.Command(git, args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
		cmd.Stdin = bytes.NewReader(stdin)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %v: %v\n%s\npatch:\n%s", args, err, out, stdin)
		}
		return string(out)
	}
	run(nil, "init", "-q")
	run(nil, "config", "core.autocrlf", "false")
	var patch []byte
	for _, c := range cases {
		p := filepath.Join(dir, filepath.FromSlash(c.path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(c.before), 0o644); err != nil {
			t.Fatal(err)
		}
		patch = append(patch, Diff(c.path, []byte(c.before), []byte(c.after))...)
	}
	run(patch, "apply", "--check", "-")
	run(patch, "apply", "-")
	for _, c := range cases {
		got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(c.path)))
		if err != nil && c.after != "" {
			t.Fatal(err)
		}
		if string(got) != c.after {
			t.Errorf("%s: git apply wrote %q, want %q", c.path, got, c.after)
		}
	}
}
