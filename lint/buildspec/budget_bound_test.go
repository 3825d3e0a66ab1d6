package buildspec

import (
	"strings"
	"testing"

	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// TestMaxValuesPerByte checks the bound that lets Parse skip valueBudget on a small file: on the
// densest lines the count stays within maxValuesPerByte per byte of the file, so a budget of that
// much is never passed, while a budget of a tenth of it is.
func TestMaxValuesPerByte(t *testing.T) {
	for _, line := range []string{
		"---\n", "--- \n", "...\n", "a:\n", ":\n", "- \n", "-\n", "? \n",
		"k: [a,b,c,d]\n", "{a: b, c: d}\n", "[[[[[[[[\n", "a: ,,,,,,,\n",
		"- a;a;a|a&a(a`a\n", ";;;;;;;;\n", "- - - - - - \n",
		"x: |\n  a;b;c\n  ;;;;\n  (((\n", "x: >-\n ;\n ;\n",
		"a: \"b\\\"c\"\n", "'a': 'b'\n",
	} {
		text := strings.Repeat(line, 200)
		src := source.NewSource("t.yml", []byte(text))
		if cut := valueBudget(src, len(text)*maxValuesPerByte); cut >= 0 {
			t.Errorf("%q: the count passed %d values per byte (cut at %d)", line, maxValuesPerByte, cut)
		}
	}
	dense := strings.Repeat("---\n", 200)
	if cut := valueBudget(source.NewSource("t.yml", []byte(dense)), len(dense)*maxValuesPerByte/10); cut < 0 {
		t.Errorf("document markers: a budget of a tenth of the bound is not passed: the test tests nothing")
	}
}
