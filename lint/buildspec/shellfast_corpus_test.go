package buildspec

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/buildspec-lint/buildspec-lint/internal/testtool"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// TestPlainCorpusShare measures the share of the shared corpus's commands that take the fast
// path (the README's figure), and checks each tree it builds against the parser's.
func TestPlainCorpusShare(t *testing.T) {
	dir := filepath.Join(testtool.Corpus(t), "real")
	files, err := filepath.Glob(filepath.Join(dir, "*.yml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no buildspecs in %s (%v)", dir, err)
	}
	total, taken := 0, 0
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, doc := range Parse(source.NewSource(name, data)) {
			for _, c := range doc.CommandsInOrder() {
				total++
				if f := parsePlain(c.Value); f != nil {
					taken++
					checkPlainEqual(t, c.Value, f)
				}
			}
		}
	}
	t.Logf("parsePlain took %d of %d commands (%.1f%%)", taken, total, 100*float64(taken)/float64(total))
	if 4*taken < 3*total {
		t.Errorf("parsePlain took %d of %d commands, under 75%%: plain commands go to the parser again", taken, total)
	}
}
