package format

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/format/*.golden")

const goldenDir = "../../testdata/format"

// goldenCase is one golden file: a format with options over the shared report (or an empty one).
type goldenCase struct {
	file   string
	format string
	opts   Options
	empty  bool
}

func goldenCases() []goldenCase {
	var cs []goldenCase
	for _, name := range Names() {
		opts := Options{}
		if name == "text" {
			opts.Snippet = true
		}
		cs = append(cs,
			goldenCase{file: name, format: name, opts: opts},
			goldenCase{file: name + "-empty", format: name, opts: opts, empty: true})
	}
	return append(cs,
		goldenCase{file: "text-no-snippet", format: "text"},
		goldenCase{file: "text-color", format: "text", opts: Options{Snippet: true, Color: true}})
}

// TestGolden writes the shared report in every registered format and compares the output with
// testdata/format/<name>.golden; `go test ./lint/format -update` rewrites the files.
func TestGolden(t *testing.T) {
	for _, c := range goldenCases() {
		t.Run(c.file, func(t *testing.T) {
			r := testReport(t)
			if c.empty {
				r.Findings = nil
			}
			var buf bytes.Buffer
			if err := Write(&buf, c.format, r, c.opts); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(goldenDir, c.file+".golden")
			if *update {
				if err := os.MkdirAll(goldenDir, 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./lint/format -update to create it)", err)
			}
			if !bytes.Equal(buf.Bytes(), want) {
				t.Errorf("%s differs from the output (run go test ./lint/format -update and review the diff)\n--- got\n%s\n--- want\n%s", path, buf.Bytes(), want)
			}
		})
	}
}

// TestGoldenFilesAreUsed fails on a golden file that no case writes (a renamed or removed format).
func TestGoldenFilesAreUsed(t *testing.T) {
	known := map[string]bool{}
	for _, c := range goldenCases() {
		known[c.file+".golden"] = true
	}
	files, err := filepath.Glob(filepath.Join(goldenDir, "*.golden"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if !known[filepath.Base(f)] {
			t.Errorf("%s is not written by any golden case; remove it", f)
		}
	}
}
