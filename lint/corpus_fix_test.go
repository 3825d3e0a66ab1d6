package lint_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/buildspec-lint/buildspec-lint/internal/testtool"
	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/rules"
)

// TestCorpusFixes checks the fix properties (checkFixes) on every real buildspec of the shared
// corpus, read in place (testtool.Corpus: skipped without it, failing when BUILDSPEC_LINT_CORPUS
// names none), with each image of fixImages, and once more with the fake rules of fakeFixRules
// as well (so that the engine verifies fixes on every file, whichever rules have fixes).
// Nothing is written: the fixed texts stay in memory. The log says how many findings had fixes
// on each image.
func TestCorpusFixes(t *testing.T) {
	dir := filepath.Join(testtool.Corpus(t), "real")
	paths, err := filepath.Glob(filepath.Join(dir, "*.yml"))
	if err != nil || len(paths) < 100 {
		t.Fatalf("%d files in %s (%v), want the corpus's 149", len(paths), dir, err)
	}
	files := map[string][]byte{}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		files[filepath.Base(p)] = data
	}
	run := func(t *testing.T, l *lint.Linter, img fixImage) fixStats {
		var sum fixStats
		for _, p := range paths {
			name := filepath.Base(p)
			st := checkFixes(t, l, name, files[name], &lint.FileSettings{Image: img.inv})
			sum.findings += st.findings
			sum.offered += st.offered
			sum.fixedFiles += st.fixedFiles
			sum.resolved += st.resolved
		}
		t.Logf("%s: %d files, %d findings, %d with a fix; %d files fixed, %d findings resolved", img.name, len(paths), sum.findings, sum.offered, sum.fixedFiles, sum.resolved)
		return sum
	}
	var total fixStats
	images := fixImages(t)
	for _, img := range images {
		t.Run(img.name, func(t *testing.T) {
			sum := run(t, &lint.Linter{Rules: rules.All()}, img)
			total.offered += sum.offered
			total.findings += sum.findings
		})
	}
	// The fake rules' fixes do not depend on the image: one image is enough.
	t.Run("fake fixes", func(t *testing.T) {
		if testing.Short() {
			t.Skip("verifies 600 fixes on the corpus (about 15 s); run without -short, as scripts/test.sh --full does")
		}
		if sum := run(t, &lint.Linter{Rules: append(rules.All(), fakeFixRules()...)}, images[0]); sum.offered == 0 {
			t.Errorf("the fake rules offered no fix on the corpus")
		}
	})
	if total.findings == 0 {
		t.Errorf("no finding in the corpus on any image: the rules did not run")
	}
	t.Logf("the project's rules, all images: %d findings, %d with a fix", total.findings, total.offered)
}
