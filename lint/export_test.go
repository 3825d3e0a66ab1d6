package lint

import (
	"github.com/buildspec-lint/buildspec-lint/lint/finding"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// LintUnverified lints src as Lint does without verifying the fixes (the findings are the same;
// their fixes are those the rules made): the oracle of the fix property tests, which would
// otherwise verify every fix of each fixed file it lints.
func LintUnverified(l *Linter, src *source.Source, fs *FileSettings) []*finding.Finding {
	fs, specs := parse(src, fs)
	return l.quiet().check(src, specs, fs)
}
