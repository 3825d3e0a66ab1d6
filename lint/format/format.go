// Package format writes findings in the output formats: text, json, sarif, github, rdjsonl.
package format

import (
	"fmt"
	"io"
	"sort"

	"github.com/buildspec-lint/buildspec-lint/lint"
)

// Report is everything a format may print about a run.
type Report struct {
	Findings []*lint.Finding
	// Rules are all the rules (SARIF lists them).
	Rules lint.RuleSet
	// Files is how many files were linted.
	Files int
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
		case lint.SeverityError:
			errors++
		case lint.SeverityWarning:
			warnings++
		case lint.SeverityNotice:
			notices++
		}
	}
	return errors, warnings, notices
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

var writers = map[string]Writer{
	"text": Text,
	"json": JSON,
}

// Register adds a format; each format file registers itself in an init function.
func Register(name string, w Writer) { writers[name] = w }

// Names returns the format names, sorted.
func Names() []string {
	var out []string
	for n := range writers {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Write writes r in the named format.
func Write(w io.Writer, name string, r *Report, opts Options) error {
	f, ok := writers[name]
	if !ok {
		return fmt.Errorf("unknown format %q (want one of %v)", name, Names())
	}
	return f(w, r, opts)
}
