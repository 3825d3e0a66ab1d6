package buildspec

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/buildspec-lint/buildspec-lint/internal/testtool"
)

// decodeV3 decodes data with yaml v3 alone.
func decodeV3(data []byte) (docs []*yaml.Node, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for {
		var n yaml.Node
		if err := dec.Decode(&n); errors.Is(err, io.EOF) {
			return docs, nil
		} else if err != nil {
			return docs, err
		}
		docs = append(docs, &n)
	}
}

// diffNode describes the first difference between a and b in every field but the comments
// (which fastDecode does not keep), "" when there is none.
func diffNode(a, b *yaml.Node, path string) string {
	switch {
	case a == nil || b == nil:
		if a != b {
			return path + ": one node is nil"
		}
		return ""
	case a.Kind != b.Kind || a.Style != b.Style || a.Tag != b.Tag || a.Value != b.Value ||
		a.Anchor != b.Anchor || a.Line != b.Line || a.Column != b.Column || (a.Alias == nil) != (b.Alias == nil):
		return fmt.Sprintf("%s: fast {kind %v style %v tag %q value %q at %d:%d} yaml v3 {kind %v style %v tag %q value %q at %d:%d}",
			path, a.Kind, a.Style, a.Tag, a.Value, a.Line, a.Column, b.Kind, b.Style, b.Tag, b.Value, b.Line, b.Column)
	case len(a.Content) != len(b.Content):
		return fmt.Sprintf("%s: %d children, yaml v3 %d", path, len(a.Content), len(b.Content))
	}
	for i := range a.Content {
		if d := diffNode(a.Content[i], b.Content[i], fmt.Sprintf("%s/%d", path, i)); d != "" {
			return d
		}
	}
	return ""
}

// checkFast decodes text with fastDecode and, when it is taken, checks the tree against yaml
// v3's; it reports whether it was taken.
func checkFast(t testing.TB, name string, text []byte) bool {
	t.Helper()
	got := fastDecode(text, nil)
	if got == nil {
		return false
	}
	want, err := decodeV3(text)
	if err != nil || len(want) != 1 {
		t.Errorf("%s: fastDecode took a text that yaml v3 decodes to %d documents (%v):\n%s", name, len(want), err, text)
		return true
	}
	if d := diffNode(got, want[0], ""); d != "" {
		t.Errorf("%s: fastDecode differs from yaml v3: %s\n%s", name, d, text)
	}
	return true
}

func TestFastDecode(t *testing.T) {
	cases := []struct {
		text  string
		taken bool
	}{
		{"version: 0.2\n", true},
		{"# c\n\nversion: 0.2\nenv:\nphases:\n  install:\n    commands:\n    - echo a\n    -\n    - |\n      x\n       y\n\n    - >-\n      a\n      b\n\n      c\n    - k: v\n      k2:\n", true},
		{"a:   \nb: # c\nc:\n- \n-    # x\n- d  \n", true},
		{"---\na: 1\n", true},
		{"# c\n--- # d\na: 1", true},
		{"a: |\n  x\n\n\nb: |+\n  y\n\n\nc: >\n  p\n  q\n\n  r\nd: |-\n   z\n", true},
		{"a: 'it''s'\nb: \"q\\\"\\\\\\t\\x41\"\nc: ''\nd: \"\"\n", true},
		{"a:b: c\n-k: v\nk#x: y\nx y: 1 # c\n", true},
		{"s:\n  - - a\n", false},
		{"a: b: c\n", false},
		{"a: [b]\n", false},
		{"a: &x b\n", false},
		{"a: *x\n", false},
		{"a: !!str b\n", false},
		{"a: b\n  c\n", true},
		{"a: 'b\n  c'\n", false},
		{"a:\n  b\n", false},
		{"a: |2\n   x\n", false},
		{"a: >\n  x\n   y\n", false},
		{"a: |\n\n  x\n", false},
		{"a:\n\t- b\n", false},
		{"a: b\n---\nc: d\n", false},
		{"- a\n", false},
		{"a: \"\\u00e9\"\n", false},
		{"a: caf\xc3\xa9\n", true},
		{"k\xc3\xa9y: caf\xc3\xa9 # \xe2\x80\x94\nb:\n- \xc3\xa9: 'x'\n  c\xc3\xa9:\n", true},
		{"a: x\xc2\x85y\n", false},
		{"a: x\xe2\x80\xa8y\n", false},
		{"\xef\xbb\xbfa: b\n", false},
		{"a: \xff\n", false},
		{"a: b\r\n", true},
		{"- k:\n  - a\n  j: b\n", false},
		{"k:\n- k:\n  - a\n  j: b\n", true},
		{"a: |\n  x\n# c\n  y\n", false},
		{"a: x\n# c\n  # d\nb: y\n", true},
		{"a: echo \"a #b\"\n", true},
		{"a: -\n", false},
		{"... 0:\n", false},
		{"...\na: 1\n", false},
		{"a: 1\n...\n", false},
		{"a: |\n  x\n    \n  y\n", true},
		{"a: |+\n  x\n     \n\nb: 1\n", true},
		{"a: >\n  x\n    \n  y\n", false},
		{"a: \n", true},
		{"a: |\r\n  x\r\n\r\n  y\r\nb:\r\n- c # d\r\n", true},
		{"a: b\r\nc: d\n", false},
		{"a: b\rc: d\n", false},
		{"a: b\r", false},
		{"a:\n  b: 1\n c: 2\n", false},
		{"a:\n- b\n c\n", true},
		{"a: x #\n  # more indented comment\n", true},
		{"a: x\n  # more indented comment\n  y\n", false},
		{"a: x\n  y\n\n\n   z  \nb:\n- p\n  q\n- r # c\n  s\n", false},
		{"a: x\n  y\n\n\n   z  \nb:\n- p\n  q\n- r\n", true},
		{"a: x\n  y: z\n", false},
		// Below a plain scalar, a line that starts with an indicator goes on with the text.
		{"a: x\n  - z\n", true},
		{"c:\n  - aws ecr get-login-password | docker login\n    --username AWS --password-stdin\n    1.dkr.ecr.aws\n", true},
		{"c:\n- case $V in\n    *pr/* ) echo pr;\n  esac\n", true},
		{"a: x\n  [b] {c} &d *e !f |g >h 'i \"j %k @l `m ?n :o -\n  -\n  ? p\n", true},
		{"a: x\n  : y\n", false},
		// An indented top level.
		{"---\n    version: 0.2\n    phases:\n      build:\n        commands:\n          - make\n    env:\n", true},
		{"  a: 1\n  b:\n  - c\n", true},
		{"  a: 1\n b: 2\n", false},
		{"  a: 1\nb: 2\n", false},
		{"a: x\n  :\n", false},
		{"key : v\n", false},
		{"<<: x\n", false},
		{"", false},
		{"# only a comment\n", false},
	}
	// Nesting up to maxFastDepth mappings and sequences is read; deeper goes to yaml v3.
	nested := func(depth int) string {
		var b strings.Builder
		for d := 0; d < depth; d++ {
			ind := strings.Repeat("  ", d)
			if d%2 == 0 {
				b.WriteString(ind + "k:\n")
			} else {
				b.WriteString(ind + "- k:\n")
				b.WriteString(ind + "  - x\n")
			}
		}
		return b.String()
	}
	cases = append(cases, struct {
		text  string
		taken bool
	}{nested(maxFastDepth / 2), true}, struct {
		text  string
		taken bool
	}{nested(maxFastDepth + 2), false})
	for _, c := range cases {
		if got := checkFast(t, fmt.Sprintf("%q", c.text), []byte(c.text)); got != c.taken {
			t.Errorf("fastDecode(%q) taken %v, want %v", c.text, got, c.taken)
		}
	}
}

// genYAML writes a buildspec-like YAML text from r's choices: the constructs fastDecode
// reads, mixed with those it leaves to yaml v3 and with indentation slips.
func genYAML(r *rand.Rand) []byte {
	pick := func(xs ...string) string { return xs[r.Intn(len(xs))] }
	good := []string{"echo a", "0.2", "true", "yes", "~", "null", "1e3", "0x1F", "0o17", "2001-12-14", "-1",
		"echo a # c", "a#b", "x:y", "-x", "?x", ":x", "a - b", "'q'", "'it''s'", `"d\"q"`, `"t\tx\\"`, `""`, "''",
		"  spaced  ", ".inf", "-.5", "+1", "1_000", "12:30", "'a' # c", "NULL", "False", "=", "$(x)", `"\x41\e\ "`,
		`docker build -t "$R/app:$T" .`, "printf '%s' x", `a\b`, `'\'`, "x:", "a #", "0", "-", "--", "café",
		"'é' # —", "日本", "echo {a,b}", "a[0]", "x]y", "f(x)", `echo "a #b"`, `echo "a:"`, "a,b", "%", "a'b", `a"b`,
		"-- x", "? x"}
	odd := []string{`"\/"`, `"\u00e9"`, "[a]", "{a: b}", "&a x", "*a", "!!str x", "@x", "`x", "%x", "- a", "a: b",
		"<<", `"a" x`, "'a'x", `"unclosed`, "a\tb", "\u0085", "\u2028", "\ufeff", "\xff", "x: y", "\x01"}
	scalar := func() string {
		if r.Intn(10) == 0 {
			return pick(odd...)
		}
		return pick(good...)
	}
	keys := []string{"version", "env", "phases", "install", "commands", "a:b", "-k", "k#x", "x y", "on-failure", "1",
		"true", "files", "~", "0.2", "build", "post_build", "variables", "ключ"}
	oddKeys := []string{"'q'", `"d"`, "k ", "? k", "<<", "[k]", "&a k"}
	key := func() string {
		if r.Intn(20) == 0 {
			return pick(oddKeys...)
		}
		return pick(keys...)
	}
	var b strings.Builder
	var node func(ind, depth int, inSeq bool)
	line := func(ind int, s string) {
		if r.Intn(80) == 0 {
			ind += r.Intn(3) - 1 // an indentation slip of -1, 0 or +1
		}
		b.WriteString(strings.Repeat(" ", max(ind, 0)))
		b.WriteString(s)
		if r.Intn(30) == 0 {
			b.WriteString(pick(" ", "  # c", "\t", " #", "  "))
		}
		b.WriteString("\n")
		if r.Intn(20) == 0 {
			// a continuation of a plain scalar, or what only looks like one
			for k := 0; k < 1+r.Intn(2); k++ {
				if r.Intn(3) == 0 {
					b.WriteString(strings.Repeat(" ", r.Intn(ind+4)) + "\n")
				}
				b.WriteString(strings.Repeat(" ", ind+1+r.Intn(4)) + pick("--username AWS", "more words", "x: y", "# c", "- z",
					"a #b", "tail  ", "'q'", "k:", "a:b", "é", "[x]", "&a", "-x") + "\n")
			}
		}
		switch r.Intn(25) {
		case 0:
			b.WriteString("\n")
		case 1:
			b.WriteString(strings.Repeat(" ", r.Intn(8)) + "# comment\n")
		case 2:
			b.WriteString(strings.Repeat(" ", r.Intn(8)) + "\n")
		}
	}
	block := func(ind int) string {
		h := pick("|", ">", "|-", ">-", "|+", ">+", "| # c", "|-  ", "|2", "|#")
		var c strings.Builder
		ci := ind + 1 + r.Intn(3)
		for k := 0; k < 1+r.Intn(4); k++ {
			switch r.Intn(8) {
			case 0:
				c.WriteString("\n")
			case 1:
				c.WriteString(strings.Repeat(" ", ci+1) + "more\n")
			case 2:
				c.WriteString(strings.Repeat(" ", ci) + "# not a comment\n")
			case 3:
				if r.Intn(4) == 0 {
					c.WriteString(strings.Repeat(" ", ci) + "\ttab\n")
				} else {
					c.WriteString(strings.Repeat(" ", ci+r.Intn(2)) + "\n")
				}
			default:
				c.WriteString(strings.Repeat(" ", ci) + pick("make test", "if [ -f x ]; then", "  fi", "docker build .") + "\n")
			}
		}
		if r.Intn(3) == 0 {
			c.WriteString(strings.Repeat("\n", r.Intn(3)))
		}
		return h + "\n" + strings.TrimSuffix(c.String(), "\n")
	}
	value := func(ind, depth int) (string, bool) {
		switch k := r.Intn(10); {
		case k < 5 || depth > 4:
			return scalar(), false
		case k < 6:
			return block(ind), false
		default:
			return "", true
		}
	}
	node = func(ind, depth int, inSeq bool) {
		if r.Intn(2) == 0 {
			// a sequence
			for k := 0; k < 1+r.Intn(4); k++ {
				switch r.Intn(4) {
				case 0:
					b.WriteString(strings.Repeat(" ", ind) + "- " + key() + ": ")
					v, nested := value(ind+2, depth+1)
					if nested {
						b.WriteString("\n")
						node(ind+4, depth+1, false)
					} else {
						line(0, v)
					}
				case 1:
					if depth < 4 {
						line(ind, "-")
						node(ind+2, depth+1, true)
						continue
					}
					fallthrough
				default:
					v, _ := value(ind, 5)
					line(ind, "- "+v)
				}
			}
			return
		}
		for k := 0; k < 1+r.Intn(4); k++ {
			key := key()
			v, nested := value(ind, depth+1)
			if !nested {
				line(ind, key+": "+v)
				continue
			}
			line(ind, key+":")
			if r.Intn(3) == 0 {
				node(ind, depth+1, false) // an indentless sequence, or a slip
			} else {
				node(ind+2, depth+1, false)
			}
		}
	}
	if r.Intn(8) == 0 {
		b.WriteString(pick("---\n", "# head\n---\n", "--- # c\n"))
	}
	for k := 0; k < 1+r.Intn(3); k++ {
		v, _ := value(0, 5)
		line(0, key()+": "+v)
		if r.Intn(2) == 0 {
			line(0, key()+":")
			node(2+r.Intn(2)*-2, 1, false)
		}
	}
	if r.Intn(8) == 0 {
		return []byte(strings.ReplaceAll(b.String(), "\n", "\r\n"))
	}
	return []byte(b.String())
}

func TestFastDecodeGenerated(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	n, taken := 30000, 0
	if testing.Short() {
		n = 5000
	}
	for i := 0; i < n; i++ {
		if checkFast(t, fmt.Sprintf("text %d", i), genYAML(r)) {
			taken++
		}
	}
	t.Logf("fastDecode took %d of %d generated texts", taken, n)
	if taken < n/4 || taken == n {
		t.Errorf("fastDecode took %d of %d generated texts: the set no longer tests both paths", taken, n)
	}
}

// TestFastDecodeCorpus checks fastDecode on the shared corpus's buildspecs and this
// repository's YAML test files, and measures its share of the corpus.
func TestFastDecodeCorpus(t *testing.T) {
	corpus, err := filepath.Glob(filepath.Join(testtool.Corpus(t), "real", "*.yml"))
	if err != nil || len(corpus) == 0 {
		t.Fatalf("no corpus buildspecs (%v)", err)
	}
	var local []string
	filepath.WalkDir("../..", func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && (strings.HasSuffix(p, ".yml") || strings.HasSuffix(p, ".yaml")) {
			local = append(local, p)
		}
		return nil
	})
	taken := 0
	for i, name := range append(corpus, local...) {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if checkFast(t, name, data) && i < len(corpus) {
			taken++
		}
	}
	t.Logf("fastDecode took %d of %d corpus buildspecs (%.0f%%)", taken, len(corpus), 100*float64(taken)/float64(len(corpus)))
	if 2*taken < len(corpus) {
		t.Errorf("fastDecode took %d of %d corpus buildspecs, under half", taken, len(corpus))
	}
}

func FuzzFastDecode(f *testing.F) {
	r := rand.New(rand.NewSource(2))
	for i := 0; i < 50; i++ {
		f.Add(genYAML(r))
	}
	f.Add([]byte("a: |\n  x\n\n\nb: >-\n  y\n  z\n"))
	f.Add([]byte("---\n  a: x\n    --y *z\n  b:\n  - c\n    - d\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkFast(t, "fuzzed", data)
	})
}

// TestResolvable checks that yaml v3 resolves every plain scalar whose first byte is not in
// resolvable to !!str, as fastDecode tags them without asking it.
func TestResolvable(t *testing.T) {
	suffixes := []string{"", "1", "0", ".5", "e3", "rue", "RUE", "alse", "ull", "ULL", "es", "o", "n", "ff", "inf", "nan", "<", "x", ":30", "_000", "0x1F"}
	for c := 0; c < 256; c++ {
		if strings.IndexByte(resolvable, byte(c)) >= 0 {
			continue
		}
		for _, s := range suffixes {
			v := string(rune(c)) + s
			if c < 0x80 {
				v = string([]byte{byte(c)}) + s
			}
			n := yaml.Node{Kind: yaml.ScalarNode, Value: v}
			if tag := n.ShortTag(); tag != "!!str" {
				t.Errorf("yaml v3 resolves %q to %s, and fastDecode would tag it !!str", v, tag)
			}
		}
	}
}

// TestBlockHeader: the guess that sizes fastDecode's first block of nodes tells a block
// scalar's header line from other lines.
func TestBlockHeader(t *testing.T) {
	for line, want := range map[string]bool{
		"      - |":          true,
		"- >-":               true,
		"    commands: |+  ": true,
		"  script: >":        true,
		"-":                  false,
		"      - echo a >":   false,
		"      - a || b |":   false,
		"key: value":         false,
		"  - make |":         false,
	} {
		if got := blockHeader(line); got != want {
			t.Errorf("blockHeader(%q) = %v, want %v", line, got, want)
		}
	}
}
