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

// Prepare parses src as Lint does and returns the stages that follow the parse, to be timed
// apart (lint's benchmarks): check runs the rules (no fix verified, as LintUnverified), and
// lint runs them and verifies the fixes (Lint without its parse).
func Prepare(l *Linter, src *source.Source, fs *FileSettings) (check, lint func() []*finding.Finding) {
	fs, pf := parseKind(src, fs, KindAuto)
	check = func() []*finding.Finding { return l.quiet().check(src, pf, fs) }
	lint = func() []*finding.Finding {
		findings, _ := l.lintFile(src, pf, fs)
		return findings
	}
	return check, lint
}
