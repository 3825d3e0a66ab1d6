package rules

import (
	"os"
	"path/filepath"
	"sort"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/buildspec-lint/buildspec-lint/internal/inventory"
	"github.com/buildspec-lint/buildspec-lint/internal/testtool"
	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// The images of the corpus comparison: the built-in inventories that --image names.
var (
	corpusDind     = inventory.Builtin("docker:dind")
	corpusStandard = inventory.Builtin("aws/codebuild/standard:7.0")
)

// corpusLabels are the Docker labels of the corpus's real/labels.yaml (see its README).
type corpusLabels struct {
	DockerUsed     []int `yaml:"docker_used"`
	DockerdStarted []int `yaml:"dockerd_started"`
}

// corpusDir returns the real buildspecs of the shared corpus (testtool.Corpus: the shared corpus
// beside the checkout, or the directory BUILDSPEC_LINT_CORPUS names), read in place, never copied into the
// repository. Without it the test is skipped, or fails when BUILDSPEC_LINT_CORPUS is set.
func corpusDir(t *testing.T) string {
	t.Helper()
	return filepath.Join(testtool.Corpus(t), "real")
}

// execKey orders a line of a file by when the build runs it: document, command in execution
// order, line.
type execKey struct{ doc, cmd, line int }

func (k execKey) before(o execKey) bool {
	if k.doc != o.doc {
		return k.doc < o.doc
	}
	if k.cmd != o.cmd {
		return k.cmd < o.cmd
	}
	return k.line < o.line
}

// execOrder maps the lines of the file's commands to their place in execution order.
func execOrder(docs []*buildspec.Buildspec) map[int]execKey {
	out := map[int]execKey{}
	for d, doc := range docs {
		for i, c := range doc.CommandsInOrder() {
			for l := c.Range.Start.Line; l <= c.Range.End.Line; l++ {
				if _, ok := out[l]; !ok {
					out[l] = execKey{d, i, l}
				}
			}
		}
	}
	return out
}

// TestCorpusDockerdNotStarted compares BSL201 with the corpus labels: on docker:dind it must
// fire exactly in the files where a labeled docker_used line runs, in execution order, before
// any labeled dockerd_started line, on such a line; on aws/codebuild/standard:7.0 it must never
// fire.
func TestCorpusDockerdNotStarted(t *testing.T) {
	if corpusDind == nil || corpusStandard == nil {
		t.Fatal("the built-in inventories of docker:dind and aws/codebuild/standard:7.0 are missing")
	}
	dir := corpusDir(t)
	data, err := os.ReadFile(filepath.Join(dir, "labels.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	labels := map[string]corpusLabels{}
	if err := yaml.Unmarshal(data, &labels); err != nil {
		t.Fatalf("labels.yaml: %v", err)
	}
	names := make([]string, 0, len(labels))
	for n := range labels {
		names = append(names, n)
	}
	sort.Strings(names)

	rules := lint.RuleSet{DockerdNotStarted}
	l := &lint.Linter{Rules: rules}
	var want, got, agree int
	for _, name := range names {
		lab := labels[name]
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		src := source.NewSource(name, data)
		order := execOrder(buildspec.Parse(src))

		// The labeled start that runs first, and the labeled uses that run before it.
		var first *execKey
		for _, ln := range lab.DockerdStarted {
			k, ok := order[ln]
			if !ok {
				t.Errorf("%s:%d: labeled dockerd_started line is in no command", name, ln)
				continue
			}
			if first == nil || k.before(*first) {
				first = &k
			}
		}
		early := map[int]bool{}
		for _, ln := range lab.DockerUsed {
			k, ok := order[ln]
			if !ok {
				t.Logf("%s:%d: labeled docker_used line is in no command (not counted)", name, ln)
				continue
			}
			if first == nil || k.before(*first) {
				early[ln] = true
			}
		}

		dind := l.Lint(src, &lint.FileSettings{Image: corpusDind})
		fired := len(dind) > 0
		if len(early) > 0 {
			want++
		}
		if fired {
			got++
		}
		switch {
		case fired && len(early) == 0:
			t.Errorf("%s:%d: BSL201 fired, but no labeled docker_used line runs before a labeled start: %s", name, dind[0].Range.Start.Line, dind[0].Message)
		case !fired && len(early) > 0:
			t.Errorf("%s: BSL201 did not fire, but labeled docker_used lines %v run before any labeled start", name, keys(early))
		case fired:
			agree++
			if len(dind) != 1 {
				t.Errorf("%s: BSL201 fired %d times; it reports the first use only", name, len(dind))
			}
			if ln := dind[0].Range.Start.Line; !early[ln] {
				t.Errorf("%s:%d: BSL201 is on a line that is not a labeled docker_used line running before a start (those are %v)", name, ln, keys(early))
			}
		default:
			agree++
		}

		for _, f := range l.Lint(src, &lint.FileSettings{Image: corpusStandard}) {
			t.Errorf("%s:%d: BSL201 fired on aws/codebuild/standard:7.0, which starts dockerd itself: %s", name, f.Range.Start.Line, f.Message)
		}
	}
	t.Logf("BSL201 on docker:dind: %d files labeled to need it, %d files reported, %d of %d files agree", want, got, agree, len(names))
	if want == 0 {
		t.Fatal("no labeled docker use before a start in the corpus: the labels were not read")
	}
}

func keys(m map[int]bool) []int {
	out := make([]int, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Ints(out)
	return out
}
