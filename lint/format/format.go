// Package format writes a run's findings in the output formats (text, json, sarif, github,
// rdjsonl, rdjson); a new format is a Writer in a file of its own plus a row in the registry of
// registry.go.
//
// The registry (registry.go: Formats, Lookup, Names) is the one list of formats, with each
// format's documentation. The CLI's --format help and check, Write, the golden tests and the
// README's tables read it or are checked against it. To add a format, write its Writer in a
// file of its own, add a row to the registry and to the README's table of output formats (the
// test prints the row), and create its goldens with go test ./lint/format -update.
//
// The GitHub Actions mode of the github format (job summary, step outputs, check runs) is not
// here: internal/ghactions adds it around Write.
package format

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/buildspec-lint/buildspec-lint/lint/finding"
)

// Report is everything a format may print about a run.
type Report struct {
	Findings []*finding.Finding
	// Rules are all the rules (SARIF lists them).
	Rules finding.Rules
	// Files is how many files were linted.
	Files int
	// Failed is how many inputs could not be linted at all (input errors, reported apart).
	Failed int
	// Unchanged is how many findings were left out because they are on lines the change under
	// review does not touch (--only-changed, --new-from-rev).
	Unchanged int
	// Version is the linter's version.
	Version string
	// Notes are what the run says about itself besides the findings (no build image is
	// configured), as plain text; the job summary shows them.
	Notes []string
}

// Counts returns how many findings of r are errors, warnings and notices.
func (r *Report) Counts() (errors, warnings, notices int) {
	for _, f := range r.Findings {
		switch f.Severity {
		case finding.SeverityError:
			errors++
		case finding.SeverityWarning:
			warnings++
		case finding.SeverityNotice:
			notices++
		}
	}
	return errors, warnings, notices
}

// FilesWithFindings returns how many files have at least one finding.
func (r *Report) FilesWithFindings() int {
	// Findings sorted by path (a run's are) are counted in one pass; any others in a set.
	n := 0
	for i, f := range r.Findings {
		if i > 0 && f.Path < r.Findings[i-1].Path {
			seen := map[string]bool{}
			for _, f := range r.Findings {
				seen[f.Path] = true
			}
			return len(seen)
		}
		if i == 0 || f.Path != r.Findings[i-1].Path {
			n++
		}
	}
	return n
}

// Summary returns the closing line of the text format: "3 findings (1 error, 2 warnings) in 2
// of 5 files" (files with findings of files linted), or "no findings in 5 files", followed by
// ", 4 more on unchanged lines left out" when a change filter dropped some. It returns "" when
// nothing was linted because every input failed: a count of 0 files would only hide the errors.
func Summary(r *Report) string {
	if r.Files == 0 && r.Failed > 0 && len(r.Findings) == 0 {
		return ""
	}
	files := plural(r.Files, "file")
	var line string
	if len(r.Findings) == 0 {
		line = "no findings in " + files
	} else {
		e, w, n := r.Counts()
		var parts []string
		for _, c := range []struct {
			n    int
			noun string
		}{{e, "error"}, {w, "warning"}, {n, "notice"}} {
			if c.n > 0 {
				parts = append(parts, plural(c.n, c.noun))
			}
		}
		line = plural(len(r.Findings), "finding")
		if len(parts) > 0 {
			line += " (" + strings.Join(parts, ", ") + ")"
		}
		line += fmt.Sprintf(" in %d of %s", r.FilesWithFindings(), files)
	}
	if r.Unchanged > 0 {
		more := " more"
		if len(r.Findings) == 0 {
			more = ""
		}
		line += fmt.Sprintf(", %d%s on unchanged lines left out", r.Unchanged, more)
	}
	return line
}

// Options tune the text format.
type Options struct {
	// Snippet prints the source line under each finding with a marker under the range.
	Snippet bool
	// Color uses ANSI colours.
	Color bool
	// Root is the directory that SARIF and github paths are made relative to ("" = as given).
	Root string
}

// Writer writes a report in one format.
type Writer func(w io.Writer, r *Report, opts Options) error

// Write writes r in the named format, through a buffer of writeBuffer bytes: a write to a
// terminal, a pipe or a file is a system call, and formats write a finding at a time.
func Write(w io.Writer, name string, r *Report, opts Options) error {
	f, ok := Lookup(name)
	if !ok {
		return fmt.Errorf("unknown format %q (want one of %v)", name, Names())
	}
	bw := bufio.NewWriterSize(w, writeBuffer)
	err := f.Write(bw, r, opts)
	if ferr := bw.Flush(); err == nil {
		err = ferr
	}
	return err
}

// writeBuffer is how much of a report Write holds before it writes it out.
const writeBuffer = 64 << 10
