// Package diffrev keeps the findings on the lines changed since a git revision: the filter of
// the CLI's --new-from-rev, and of the GitHub Action's --only-changed with the pull request's
// base commit.
//
// The lines changed are those of `git diff` from the merge base of the revision and HEAD to the
// working tree (uncommitted changes count), and every line of an untracked file. git is run
// safely: a revision is never read as an option, a bare repository found in the tree never
// gives git its configuration, and the diff is read as it comes, keeping only its headers, so
// that a diff of gigabytes costs no memory and an added line that looks like a header cannot
// pass for one.
package diffrev

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/buildspec-lint/buildspec-lint/lint/finding"
	"github.com/buildspec-lint/buildspec-lint/lint/format"
)

// Filter keeps the findings of fs that lie on lines changed since rev (Since), and writes to
// log, as a line for the run's log, how many it left out. With fetch, rev must be a full commit
// SHA, which is fetched from origin when the clone lacks it (a shallow clone). An error means
// the changed lines could not be computed (no repository, an unknown revision): it says what
// to do.
func Filter(fs []*finding.Finding, rev string, fetch bool, log io.Writer) ([]*finding.Finding, error) {
	ch, err := Since(rev, fetch)
	if err != nil {
		return nil, err
	}
	var kept []*finding.Finding
	for _, f := range fs {
		if ch.Has(f) {
			kept = append(kept, f)
		}
	}
	if n := len(fs) - len(kept); n > 0 {
		fmt.Fprintf(log, "buildspec-lint: %d %s on unchanged lines not reported (changes since %s)\n", n, plural(n, "finding", "findings"), format.LogText(shortRev(rev)))
	}
	return kept, nil
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func shortRev(rev string) string {
	if len(rev) == 40 {
		return rev[:12]
	}
	return rev
}

// shaRE is a full commit name: SHA-1 (40 hex digits) or SHA-256 (64).
var shaRE = regexp.MustCompile(`^[0-9a-f]{40}([0-9a-f]{24})?$`)

// IsSHA reports whether s is a full lower-case commit SHA (SHA-1 or SHA-256), the only form a
// commit taken from an event or the environment may have before it reaches git or a URL.
func IsSHA(s string) bool { return shaRE.MatchString(s) }

// span is a closed range of 1-based lines.
type span struct{ first, last int }

// Changes are the lines changed per file, by repository-relative slash path. A nil slice means
// the whole file is new (untracked).
type Changes struct {
	top   string // the repository's top level, symlinks resolved
	files map[string][]span
}

// Has reports whether f lies on a changed line of its file. A finding without a range is on a
// changed line when its file has any.
func (c *Changes) Has(f *finding.Finding) bool {
	rel, ok := c.rel(f.Path)
	if !ok {
		return false
	}
	spans, ok := c.files[rel]
	if !ok {
		return false
	}
	if spans == nil || !f.Range.IsValid() {
		return true
	}
	first, last := format.LineSpan(f.Range)
	for _, s := range spans {
		if s.first <= last && first <= s.last {
			return true
		}
	}
	return false
}

// rel returns path relative to the repository's top level, with forward slashes.
func (c *Changes) rel(path string) (string, bool) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", false
	}
	if r, err := filepath.EvalSymlinks(abs); err == nil {
		abs = r
	} else if d, err := filepath.EvalSymlinks(filepath.Dir(abs)); err == nil {
		abs = filepath.Join(d, filepath.Base(abs))
	}
	rel, err := filepath.Rel(c.top, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", false
	}
	return filepath.ToSlash(rel), true
}

// Since computes the lines changed between rev and the working tree of the repository of the
// working directory: from the merge base of rev and HEAD when there is one (so changes made on
// rev's side since are not counted), from rev itself otherwise (a shallow clone). With fetch
// (rev must then be a commit SHA), a commit missing from a shallow clone is fetched from origin
// first. Every git after the first runs in the repository's top level (-C), and rev always
// follows --end-of-options.
func Since(rev string, fetch bool) (*Changes, error) {
	if fetch && !IsSHA(rev) {
		return nil, fmt.Errorf("cannot compute changed lines: %s is not a commit SHA", strconv.QuoteToASCII(rev))
	}
	topOut, err := git("", "rev-parse", "--show-toplevel")
	if err != nil {
		return nil, fmt.Errorf("changed lines need a git repository: %v", err)
	}
	top := strings.TrimSpace(string(topOut))
	if top == "" {
		return nil, errors.New("changed lines need a git repository with a working tree")
	}
	if r, err := filepath.EvalSymlinks(top); err == nil {
		top = r
	}
	verify := func() error {
		_, err := git(top, "rev-parse", "--verify", "--quiet", "--end-of-options", rev+"^{commit}")
		return err
	}
	if err := verify(); err != nil && fetch {
		git(top, "fetch", "--no-tags", "--quiet", "--depth=1", "--end-of-options", "origin", rev)
	}
	if err := verify(); err != nil {
		return nil, fmt.Errorf("cannot compute changed lines: commit %s is not in this clone; fetch it (actions/checkout with fetch-depth: 0) or pick another revision", rev)
	}
	base := rev
	if mb, err := git(top, "merge-base", "--end-of-options", rev, "HEAD"); err == nil && len(bytes.TrimSpace(mb)) > 0 {
		base = string(bytes.TrimSpace(mb))
	}
	files, err := gitDiff(top, "-c", "core.quotePath=false", "diff", "--no-color", "--no-ext-diff", "--no-textconv", "--unified=0",
		"--find-renames", "--src-prefix=a/", "--dst-prefix=b/", "--end-of-options", base, "--")
	if err != nil {
		return nil, fmt.Errorf("git diff %s: %v", shortRev(base), err)
	}
	c := &Changes{top: top, files: files}
	untracked, err := git(top, "ls-files", "--others", "--exclude-standard", "-z", "--full-name", "--", ":/")
	if err == nil {
		for _, p := range strings.Split(string(untracked), "\x00") {
			if p != "" {
				c.files[p] = nil
			}
		}
	}
	return c, nil
}
