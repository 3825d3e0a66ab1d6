package buildspec

import (
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/buildspec-lint/buildspec-lint/internal/testtool"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// deletionFiles are YAML texts of every shape afterDeletion meets: block sequences and mappings
// nested every way, compact sequences, block scalars of every chomping, multi-line plain and
// quoted scalars, flow collections, comments and blank lines between and after items, anchors,
// aliases and merge keys, several documents.
var deletionFiles = []string{
	`version: 0.2
phases:
  install:
    runtime-versions:
      python: 3.12
      nodejs: 20
    commands:
      - apt-get update && apt-get install -y jq
      - pip install awscli
      - nohup dockerd &
      - timeout 15 sh -c "until docker info; do sleep 1; done"
  build:
    commands:
      - |
        set -e
        make test

      - >
        docker build
        -t app .
      - 'echo "done"'
    finally:
      - echo finished
artifacts:
  files:
    - out/**/*
`,
	`a:
- x
- y

- z
b:
  - - p
    - q
  - r: 1
    s: 2
  -
    t
c: {k: v, l: [1, 2]}
d: [
  1,
  2]
`,
	`# head comment
x: &anchor
  - one
  - two
y: *anchor
z:
  <<: &m {a: 1}
  b: 2
w: *m
list:
  - first # trailing
  # between
  - second

  - third
`,
	`keep: |+
  text

after: 1
strip: |-
  text
items:
  - |+
    kept

  - plain
    continued
  - "quoted
    twice"
tail: end
`,
	`---
a: 1
b:
  - x
  - y
...
---
c:
  - z
  - w
`,
	"version: 0.2\r\nphases:\r\n  build:\r\n    commands:\r\n      - make\r\n      - make test\r\n      - echo ok\r\n",
	"a:\n- |+\n  kept\n- last\n\nnext: 1\nb:\n  - |+\n    kept\n  - mid\n  - |\n    clip\n  - last\n\n\nc: 1\n",
	"?\n  complex\n: value\nb: 2\n? x\n: y\nz: 1\n",
	"a: &x 1\nb: &x 2\nc: *x\nd: [*x]\ne: &y\n  - 1\n  - 2\nf: *y\n",
	`top:
  one:
    - a
    - b
  two:
    - c
  three: x
last:
  - only
  - more
`,
}

// TestAfterDeletion deletes every run of whole lines of each file, and a sample of pairs of
// runs, and checks that afterDeletion, when it answers, answers as yaml v3 decoding the text
// that is left does, node by node: kind, style, tag, value, anchor, line, column and alias. It
// also checks that it answers for the deletions fixes make: a command, an entry, a run of them.
func TestAfterDeletion(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	taken, tried := checkDeletions(t, deletionFiles, -1, r)
	t.Logf("derived %d of %d deletions", taken, tried)
	if taken < tried/50 || taken < 100 {
		t.Errorf("derived %d of %d deletions", taken, tried)
	}
	// The deletions that fixes make are taken; one that would leave a list empty is not.
	src := source.NewSource("f.yml", []byte(deletionFiles[0]))
	_, shape := ParseShaped(src, DefaultLimits)
	for _, c := range []struct {
		del   string
		taken bool
	}{
		{"      - pip install awscli\n", true},
		{"      - nohup dockerd &\n      - timeout 15 sh -c \"until docker info; do sleep 1; done\"\n", true},
		{"      - apt-get update && apt-get install -y jq\n", true},
		{"      python: 3.12\n", true},
		{"      - 'echo \"done\"'\n", true},
		{"    - out/**/*\n", false},
	} {
		i := strings.Index(deletionFiles[0], c.del)
		after := source.NewSource("f.yml", []byte(deletionFiles[0][:i]+deletionFiles[0][i+len(c.del):]))
		if got := shape.afterDeletion(after, source.Changes{{Start: i, End: i + len(c.del), NewStart: i, NewEnd: i}}) != nil; got != c.taken {
			t.Errorf("deleting %q: derived %v, want %v", c.del, got, c.taken)
		}
	}
}

// checkDeletions runs checkDeletion on every run of whole lines of each file and on 200 pairs of
// runs (sample of them at most, when sample > 0), and says how many were derived of how many.
func checkDeletions(t *testing.T, files []string, sample int, r *rand.Rand) (taken, tried int) {
	t.Helper()
	for fi, text := range files {
		src := source.NewSource("f.yml", []byte(text))
		_, shape := ParseShaped(src, DefaultLimits)
		if shape == nil {
			continue
		}
		lines := src.Lines()
		var cases [][][2]int
		for a := 1; a <= lines; a++ {
			for b := a + 1; b <= lines+1; b++ {
				cases = append(cases, [][2]int{{a, b}})
			}
		}
		for range 200 {
			a := 1 + r.Intn(lines)
			b := a + 1 + r.Intn(3)
			c := b + r.Intn(4)
			d := c + 1 + r.Intn(3)
			if d <= lines+1 {
				cases = append(cases, [][2]int{{a, b}, {c, d}})
			}
		}
		if sample > 0 && len(cases) > sample {
			r.Shuffle(len(cases), func(i, j int) { cases[i], cases[j] = cases[j], cases[i] })
			cases = cases[:sample]
		}
		for _, c := range cases {
			tried++
			if checkDeletion(t, fmt.Sprintf("file %d", fi), shape, src, c) {
				taken++
			}
		}
	}
	return taken, tried
}

// TestAfterDeletionCorpus is TestAfterDeletion on the buildspecs of the shared corpus: 400
// deletions of each.
func TestAfterDeletionCorpus(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join(testtool.Corpus(t), "real", "*.yml"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no corpus buildspecs (%v)", err)
	}
	var files []string
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, string(data))
	}
	taken, tried := checkDeletions(t, files, 400, rand.New(rand.NewSource(2)))
	t.Logf("derived %d of %d deletions", taken, tried)
	if taken < tried/50 {
		t.Errorf("derived %d of %d deletions", taken, tried)
	}
}

// checkDeletion deletes the line ranges of src (each [first, last)) and, when afterDeletion
// derives the YAML left, compares it with yaml v3's decode of the text left. It reports whether
// afterDeletion derived it.
func checkDeletion(t *testing.T, name string, shape *Shape, src *source.Source, ranges [][2]int) bool {
	t.Helper()
	lines := src.Lines()
	var cs source.Changes
	var b strings.Builder
	from, shift := 0, 0
	for _, rg := range ranges {
		s, e := src.LineStart(rg[0]), src.LineStart(rg[1])
		if rg[0] == 1 {
			s = 0
		}
		if rg[1] > lines {
			e = len(src.Data)
		}
		if s < from || e < s {
			return false
		}
		b.Write(src.Data[from:s])
		cs = append(cs, source.Change{Start: s, End: e, NewStart: s - shift, NewEnd: s - shift})
		shift += e - s
		from = e
	}
	b.Write(src.Data[from:])
	after := source.NewSource("f.yml", []byte(b.String()))
	got := shape.afterDeletion(after, cs)
	if got == nil {
		return false
	}
	want, err := decodeAll(after.Data)
	if err != nil {
		t.Fatalf("%s, lines %v deleted: derived, but the text left is not valid YAML (%s):\n%s", name, ranges, err.msg, after.Data)
	}
	if diff := compareDocs(got, want); diff != "" {
		t.Fatalf("%s, lines %v deleted: %s\n%s", name, ranges, diff, after.Data)
	}
	return true
}

// FuzzAfterDeletion: for any YAML text and any one or two runs of its lines deleted, the YAML
// afterDeletion derives, when it derives one, is yaml v3's decode of the text left.
func FuzzAfterDeletion(f *testing.F) {
	for _, text := range deletionFiles {
		f.Add(text, uint8(3), uint8(1), uint8(0), uint8(0))
		f.Add(text, uint8(5), uint8(2), uint8(2), uint8(1))
	}
	f.Fuzz(func(t *testing.T, text string, a, n, gap, m uint8) {
		if len(text) > 4096 {
			return
		}
		src := source.NewSource("f.yml", []byte(text))
		_, shape := ParseShaped(src, DefaultLimits)
		if shape == nil {
			return
		}
		lines := src.Lines()
		first := 1 + int(a)%lines
		r := [][2]int{{first, first + 1 + int(n)%4}}
		if m > 0 {
			s := r[0][1] + int(gap)%4
			r = append(r, [2]int{s, s + 1 + int(m)%4})
		}
		if r[len(r)-1][1] > lines+1 {
			return
		}
		checkDeletion(t, "fuzz", shape, src, r)
	})
}

// compareDocs returns "" when a and b are the same YAML, node by node, else where they differ.
func compareDocs(a, b []*yaml.Node) string {
	if len(a) != len(b) {
		return fmt.Sprintf("%d documents, want %d", len(a), len(b))
	}
	for i := range a {
		if d := compareNodes(a[i], b[i], "doc"+fmt.Sprint(i)); d != "" {
			return d
		}
	}
	return ""
}

func compareNodes(a, b *yaml.Node, path string) string {
	if a.Kind != b.Kind || a.Style != b.Style || a.Tag != b.Tag || a.Value != b.Value || a.Anchor != b.Anchor ||
		a.Line != b.Line || a.Column != b.Column || len(a.Content) != len(b.Content) {
		return fmt.Sprintf("%s: derived kind %d style %d tag %s value %q anchor %q at %d:%d with %d nodes, decoded kind %d style %d tag %s value %q anchor %q at %d:%d with %d nodes",
			path, a.Kind, a.Style, a.Tag, a.Value, a.Anchor, a.Line, a.Column, len(a.Content), b.Kind, b.Style, b.Tag, b.Value, b.Anchor, b.Line, b.Column, len(b.Content))
	}
	if (a.Alias == nil) != (b.Alias == nil) {
		return path + ": alias differs"
	}
	if a.Alias != nil && (a.Alias.Line != b.Alias.Line || a.Alias.Column != b.Alias.Column || a.Alias.Anchor != b.Alias.Anchor) {
		return path + ": alias points elsewhere"
	}
	for i := range a.Content {
		if d := compareNodes(a.Content[i], b.Content[i], fmt.Sprintf("%s/%d", path, i)); d != "" {
			return d
		}
	}
	return ""
}

// aliasHeavy is a file of many kept subtrees before a deleted item and many aliases after it,
// all of an anchor kept as it is: what a relink walks.
func aliasHeavy(n int) string {
	var b strings.Builder
	b.WriteString("a: &x [1]\n")
	for i := range n {
		fmt.Fprintf(&b, "k%d: v\n", i)
	}
	b.WriteString("list:\n  - drop\n  - keep\nrefs:\n")
	for range n {
		b.WriteString("  - *x\n")
	}
	return b.String()
}

// TestAfterDeletionAliases: aliases after the deleted item keep pointing at their anchor, kept
// before it, in a file of thousands of each.
func TestAfterDeletionAliases(t *testing.T) {
	text := aliasHeavy(2000)
	src := source.NewSource("f.yml", []byte(text))
	_, shape := ParseShaped(src, DefaultLimits)
	line := src.Pos(strings.Index(text, "  - drop")).Line
	if !checkDeletion(t, "aliases", shape, src, [][2]int{{line, line + 1}}) {
		t.Fatal("not derived")
	}
}

// BenchmarkAfterDeletionAliases is the relink of 20,000 aliases after 20,000 kept entries: one
// walk of each, not one per alias.
func BenchmarkAfterDeletionAliases(b *testing.B) {
	text := aliasHeavy(20000)
	src := source.NewSource("f.yml", []byte(text))
	_, shape := ParseShaped(src, DefaultLimits)
	i := strings.Index(text, "  - drop\n")
	after := source.NewSource("f.yml", []byte(text[:i]+text[i+9:]))
	cs := source.Changes{{Start: i, End: i + 9, NewStart: i, NewEnd: i}}
	b.ReportAllocs()
	for b.Loop() {
		if shape.afterDeletion(after, cs) == nil {
			b.Fatal("not derived")
		}
	}
}
