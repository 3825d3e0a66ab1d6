package lint_test

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/buildspec-lint/buildspec-lint/internal/inventory"
	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
	"github.com/buildspec-lint/buildspec-lint/lint/image"
	"github.com/buildspec-lint/buildspec-lint/lint/linttest"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
	"github.com/buildspec-lint/buildspec-lint/rules"
)

// addFixtureSeeds seeds f with every YAML file under the module's testdata/ (rule fixtures, format
// inputs, ...), so fuzzing starts from realistic buildspecs.
func addFixtureSeeds(f seeder) {
	n := 0
	filepath.WalkDir(filepath.Join("..", "testdata"), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !(strings.HasSuffix(path, ".yml") || strings.HasSuffix(path, ".yaml")) {
			return nil
		}
		if data, err := os.ReadFile(path); err == nil {
			f.Add(data)
			n++
		}
		return nil
	})
	if n == 0 {
		f.Fatal("no fixture under ../testdata to seed from")
	}
	for _, s := range []string{"", "\ufeff", "\t", "a: &a [*a]", "- |\n\t", "version: 0.2\r\nphases:\r\n  build:\r\n    commands: [\"sh -c \\\"x\\\"\"]\r\n"} {
		f.Add([]byte(s))
	}
}

// seeder is what addFixtureSeeds needs of a *testing.F.
type seeder interface {
	Add(args ...any)
	Fatal(args ...any)
}

// checkRange fails when r is not a valid range of src (source.Source.CheckRange).
func checkRange(t testing.TB, src *source.Source, what string, r source.Range) {
	t.Helper()
	if err := src.CheckRange(r); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// describe renders everything with a range in the parsed model, for the determinism check.
func describe(t *testing.T, src *source.Source, specs []*buildspec.Buildspec) string {
	var b strings.Builder
	for _, s := range specs {
		checkRange(t, src, "root", s.Root)
		for _, p := range s.Problems {
			checkRange(t, src, p.Kind.String()+" problem", p.Range)
			fmt.Fprintf(&b, "%s %s %s\n", p.Kind, p.Range, p.Message)
		}
		for _, k := range s.Keys {
			checkRange(t, src, "key", k.Range)
		}
		for _, c := range s.CommandsInOrder() {
			checkRange(t, src, "command", c.Range)
			fmt.Fprintf(&b, "cmd %s %q\n", c.Range, c.Value)
			if c.Script == nil {
				t.Fatalf("command %s has no Script", c.Range)
			}
			for _, call := range c.Script.Calls {
				checkRange(t, src, "call", call.Range())
				for _, w := range call.Args {
					checkRange(t, src, "word", w.Range())
					fmt.Fprintf(&b, " %s %q", w.Range(), w.Value)
				}
				b.WriteString("\n")
			}
			// Any span of the value maps inside the file, in order.
			for i := 0; i <= len(c.Value); i += 1 + len(c.Value)/7 {
				r := c.ValueRange(0, i)
				checkRange(t, src, "value range", r)
			}
		}
	}
	return b.String()
}

// FuzzParse: buildspec.Parse never panics, every range lies inside the file with consistent
// positions, and parsing is deterministic.
func FuzzParse(f *testing.F) {
	addFixtureSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		src := source.NewSource("f.yml", data)
		a := describe(t, src, buildspec.Parse(src))
		b := describe(t, src, buildspec.Parse(source.NewSource("f.yml", data)))
		if a != b {
			t.Fatalf("Parse is not deterministic:\n%s\n---\n%s", a, b)
		}
	})
}

// FuzzLint: the whole linter with every rule never panics, its findings lie inside the file, and
// two runs agree.
func FuzzLint(f *testing.F) {
	addFixtureSeeds(f)
	linter := &lint.Linter{Rules: rules.All()}
	inv := &image.Inventory{Name: "ci", Tools: map[string]*image.Tool{"jq": {Name: "jq"}, "docker": {Name: "docker"}}, Custom: true, Dockerd: image.DockerdManual}
	f.Fuzz(func(t *testing.T, data []byte) {
		run := func() string {
			var b strings.Builder
			src := source.NewSource("f.yml", data)
			for _, fd := range linter.Lint(src, &lint.FileSettings{Image: inv}) {
				checkRange(t, src, fd.RuleID()+" finding", fd.Range)
				if fd.Rule == nil && fd.Message == "" {
					t.Fatalf("finding without rule or message at %s", fd.Range)
				}
				if fd.Fix != nil {
					for _, e := range fd.Fix.Edits {
						checkRange(t, src, fd.RuleID()+" fix", e.Range)
					}
				}
				fmt.Fprintf(&b, "%s %s %s\n", fd.RuleID(), fd.Range, fd.Message)
			}
			return b.String()
		}
		if a, b := run(), run(); a != b {
			t.Fatalf("Lint is not deterministic:\n%s\n---\n%s", a, b)
		}
	})
}

// FuzzFix: with a random image (a built-in one, or a tool list), every offered fix applies
// alone and resolves its finding without raising another; Linter.Fix's result lints without
// the resolved findings and none new, and fixing it again applies only the fixes that the first
// fixes made possible, in a few rounds (checkFixes). The fake rules of fakeFixRules join the
// rules, so the engine always has fixes to verify.
func FuzzFix(f *testing.F) {
	// The images of fixImages, then every other built-in image.
	images := fixImages(f)
	index := map[string]int{}
	for i, im := range images {
		index[im.name] = i
	}
	for _, name := range inventory.Names() {
		if _, ok := index[name]; !ok && len(images) < 250 {
			index[name] = len(images)
			images = append(images, fixImage{name, inventory.Builtin(name)})
		}
	}
	// Each fixture with the built-in image its "# linttest: image=" line names (where its
	// findings are), and with one more image in turn.
	seeds := &fixSeeds{F: f}
	addFixtureSeeds(seeds)
	for i, data := range seeds.data {
		k := i % (len(images) + 2)
		if _, rest, ok := strings.Cut(string(data), "# linttest: image="); ok {
			name, _, _ := strings.Cut(rest, "\n")
			if j, ok := index[strings.TrimSpace(name)]; ok {
				f.Add(data, uint8(j))
			}
		}
		f.Add(data, uint8(k))
	}
	linter := &lint.Linter{Rules: append(rules.All(), fakeFixRules()...)}
	f.Fuzz(func(t *testing.T, data []byte, sel uint8) {
		if len(data) > 64<<10 {
			return // each fix costs a lint: keep the fuzzer fast
		}
		// sel picks the image: one of images, or a tool list read from the file's first line
		// (its words), with or without a manual dockerd.
		var inv *image.Inventory
		if k := int(sel) % (len(images) + 2); k < len(images) {
			inv = images[k].inv
		} else {
			line, _, _ := strings.Cut(string(data), "\n")
			words := strings.Fields(line)
			inv = linttest.Tools(words[:min(len(words), 32)]...)
			if k == len(images)+1 {
				inv.Dockerd = image.DockerdManual
			}
		}
		checkFixes(t, linter, "f.yml", data, &lint.FileSettings{Image: inv})
	})
}

// fixSeeds collects the seeds of addFixtureSeeds, for a fuzz target with more arguments.
type fixSeeds struct {
	*testing.F
	data [][]byte
}

func (s *fixSeeds) Add(args ...any) { s.data = append(s.data, args[0].([]byte)) }
