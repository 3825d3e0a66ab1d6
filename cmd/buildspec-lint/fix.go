package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/buildspec-lint/buildspec-lint/internal/fsutil"
	"github.com/buildspec-lint/buildspec-lint/internal/udiff"
	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/finding"
	"github.com/buildspec-lint/buildspec-lint/lint/format"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// --fix and --diff (README, "Fixes"). The linter applies each file's verified fixes together
// (lint.Linter.ApplyFixes); this phase writes the fixed files, or prints them as a unified diff,
// and decides which findings the report shows. Fixes left in a fixed text are applied in turn
// (converge), so that a second --fix has nothing to do.
//
//   - --fix writes each fixed file in place and reports the findings left in the fixed text. A
//     file that is not written (it changed on disk since it was read, it is a symbolic link, it is
//     read-only, or writing failed) keeps its findings as they were. Standard input (-) is never
//     written: its fixed text (or the text as it was, when nothing was fixed) goes to standard
//     output, and the report to standard error, as ruff --fix - does.
//   - --diff prints the fixes as a unified diff on standard output, changes nothing, and reports
//     the findings as they stand (on standard error), so its exit code is the one without --diff.
//
// Both print on standard error why a fix was not offered or a file not fixed (lint.FixNote).

// fixMode is what the run does with the fixes.
type fixMode int

const (
	fixNone  fixMode = iota
	fixWrite         // --fix
	fixDiff          // --diff
)

// fixModeOf checks --fix and --diff against each other.
func (c *cli) fixModeOf(o *options) (fixMode, error) {
	switch {
	case o.fix && o.diff:
		return fixNone, c.usageError("--fix and --diff both say what to do with the fixes: give one (--diff changes nothing)")
	case o.fix:
		return fixWrite, nil
	case o.diff:
		return fixDiff, nil
	}
	return fixNone, nil
}

// fixOutcome is what the fix phase did: the findings of the files it fixed are replaced in the
// run's result; a write that failed is an input problem (exit 2).
type fixOutcome struct {
	writeFailed bool
}

// applyFixes writes or prints the fixes of the run's fixed files (see the top of this file),
// prints the fix notes, and leaves in l.res.Findings the findings the report shows.
func (c *cli) applyFixes(mode fixMode, l *linted, s *runSettings) fixOutcome {
	var out fixOutcome
	c.converge(l)
	res := l.res
	stdin := c.stdinRead
	var unchanged []*lint.Fixed // files whose findings are reported as they were
	var diff bytes.Buffer
	fixedFiles, fixedFindings := 0, 0
	stdinWritten := false
	for _, fx := range res.Fixed {
		switch {
		case stdin != nil && fx.Path == stdin.Path && bytes.Equal(fx.Before, stdin.Data):
			if mode == fixWrite {
				c.stdout.Write(fx.After)
				stdinWritten = true
				fixedFiles++
				fixedFindings += len(fx.Resolved)
				continue
			}
		case mode == fixWrite:
			if err := writeFixed(fx.Path, fx.Before, fx.After); err != nil {
				var r refusal
				if errors.As(err, &r) {
					fmt.Fprintln(c.stderr, format.LogLine(fx.Path+": not fixed: "+err.Error()))
				} else {
					out.writeFailed = true // an input error: prefixed as the others are
					fmt.Fprintln(c.stderr, "buildspec-lint: "+format.LogLine(fx.Path+": not fixed: "+err.Error()))
				}
				unchanged = append(unchanged, fx)
				continue
			}
			fixedFiles++
			fixedFindings += len(fx.Resolved)
			continue
		}
		// --diff
		unchanged = append(unchanged, fx)
		if hasControl(fx.Before) || hasControl(fx.After) {
			fmt.Fprintln(c.stderr, format.LogLine(fx.Path+": not shown as a diff: the file holds control characters (--fix applies its fixes)"))
			continue
		}
		diff.Write(udiff.Diff(format.RelPath(s.cwd, fx.Path), fx.Before, fx.After))
		fixedFiles++
		fixedFindings += len(fx.Resolved)
	}
	if mode == fixWrite && stdin != nil && !stdinWritten {
		c.stdout.Write(stdin.Data)
	}
	if mode == fixDiff {
		c.stdout.Write(diff.Bytes())
	}
	printed := map[string]bool{}
	for _, n := range res.FixNotes {
		if line := format.LogLine(n.String()); !printed[line] {
			printed[line] = true
			fmt.Fprintln(c.stderr, line)
		}
	}
	c.relintUnchanged(l, unchanged)
	dropUnappliable(res)
	verb := "fixed"
	if mode == fixDiff {
		verb = "the diff fixes"
	}
	if fixedFiles == 0 {
		fmt.Fprintln(c.stderr, "buildspec-lint: no fixes to apply")
	} else {
		fmt.Fprintf(c.stderr, "buildspec-lint: %s %s in %s\n", verb, count(fixedFindings, "finding"), count(fixedFiles, "file"))
	}
	return out
}

// dropUnappliable removes the fixes of the findings of a file whose fixes could not be applied
// together (a note about the whole file): --fix will not apply them, so the report must not say
// it does. The note says why.
func dropUnappliable(res *lint.Result) {
	whole := map[string]bool{}
	for _, n := range res.FixNotes {
		if n.Rule == "" {
			whole[n.Path] = true
		}
	}
	for _, f := range res.Findings {
		if whole[f.Path] {
			f.Fix = nil
		}
	}
}

// maxFixRounds bounds how many times converge applies the fixes of one file.
const maxFixRounds = 8

// converge applies again the fixes that the findings left in a fixed text still carry (a fix
// can reveal another), until none is left, so that a second --fix has nothing to do. Each round
// is the linter's own Fix: verified fixes, applied together.
func (c *cli) converge(l *linted) {
	byPath := map[string][]*finding.Finding{}
	for _, f := range l.res.Findings {
		byPath[f.Path] = append(byPath[f.Path], f)
	}
	changed := false
	for _, fx := range l.res.Fixed {
		for round := 1; round < maxFixRounds && anyFix(byPath[fx.Path]); round++ {
			var fs *lint.FileSettings
			if l.linter.Settings != nil {
				var err error
				if fs, err = l.linter.Settings(fx.Path); err != nil {
					break
				}
			}
			again, left, notes := l.linter.Fix(source.NewSource(fx.Path, fx.After), fs)
			l.res.FixNotes = append(l.res.FixNotes, notes...)
			if again == nil {
				break
			}
			fx.After = again.After
			fx.Resolved = append(fx.Resolved, again.Resolved...)
			byPath[fx.Path] = left
			changed = true
		}
	}
	if !changed {
		return
	}
	l.res.Findings = nil // a new slice: byPath's slices share the old one's array
	for _, fs := range byPath {
		l.res.Findings = append(l.res.Findings, fs...)
	}
	finding.Sort(l.res.Findings)
}

// anyFix reports whether a finding of fs has a fix.
func anyFix(fs []*finding.Finding) bool {
	for _, f := range fs {
		if f.Fix != nil {
			return true
		}
	}
	return false
}

// relintUnchanged replaces, in the run's findings, those of the fixed files that were not
// changed by the findings of their text as it is: the linter reported those of the fixed text.
func (c *cli) relintUnchanged(l *linted, files []*lint.Fixed) {
	if len(files) == 0 {
		return
	}
	again := *l.linter
	again.ApplyFixes, again.Observe = false, nil
	var inputs []lint.Input
	paths := map[string]bool{}
	for _, fx := range files {
		inputs = append(inputs, lint.Input{Path: fx.Path, Data: fx.Before})
		paths[fx.Path] = true
	}
	before := again.Run(inputs)
	kept := l.res.Findings[:0]
	for _, f := range l.res.Findings {
		if !paths[f.Path] {
			kept = append(kept, f)
		}
	}
	l.res.Findings = append(kept, before.Findings...)
	finding.Sort(l.res.Findings)
}

// hasControl reports whether data holds a control character other than tab, CR and LF (a C0 or
// C1 control, or DEL): a diff must show a file's bytes as they are, and such a byte would reach
// the terminal raw. YAML does not allow them, so a buildspec that holds one is rare.
func hasControl(data []byte) bool {
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		switch {
		case r == '\t' || r == '\r' || r == '\n':
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f):
			return true
		}
		i += n
	}
	return false
}

// refusal is a file that --fix does not write on purpose (as opposed to a write that failed).
type refusal string

func (r refusal) Error() string { return string(r) }

// writeFixed replaces the file at path, whose content was before, with after. The new content
// goes to a temporary file in the same directory, with the file's permissions (and, where the
// process may, its owner and group), renamed over the file once complete, so that no reader sees
// half a file. A hard link to the file keeps the old text. It refuses (a refusal) to write:
//   - a file that changed on disk since it was read (its bytes are not before): an editor or
//     another tool wrote it, and its change would be lost;
//   - a symbolic link, or a path through a symbolic link to a directory below the working
//     directory: the link would be replaced by a file, or a file outside what was named written
//     (fix the file it points to by naming it);
//   - a path in /proc, /sys or /dev, anything that is not a regular file, and a read-only file.
func writeFixed(path string, before, after []byte) (err error) {
	if errors.As(fsutil.CheckSystemPath(path), new(*fsutil.SystemPathError)) {
		return refusal("it leads into a system directory")
	}
	st, err := os.Lstat(path)
	if err != nil {
		return fmt.Errorf("%w", unwrapPathErr(err))
	}
	switch {
	case st.Mode()&os.ModeSymlink != 0:
		return refusal("it is a symbolic link (name the file it points to, to fix that file)")
	case !st.Mode().IsRegular():
		return refusal("it is not a regular file")
	case st.Mode().Perm()&0o200 == 0:
		return refusal("it is read-only")
	}
	dir := filepath.Dir(path)
	if link := linkBelowWorkDir(dir); link != "" {
		return refusal(link + " is a symbolic link (name the file without links, to fix it)")
	}
	now, err := fsutil.ReadRegularFile(path, int64(len(before))+1)
	var se *fsutil.SizeError
	if err != nil && !errors.As(err, &se) {
		return err
	}
	if err != nil || !bytes.Equal(now, before) {
		return refusal("it changed on disk while it was linted (run again)")
	}
	tmp, err := createTemp(dir, ".buildspec-lint-fix-*.tmp") // short: the file's name may be at the limit
	if err != nil {
		return unwrapPathErr(err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err := tmp.Write(after); err != nil {
		return err
	}
	if err := tmp.Chmod(st.Mode().Perm()); err != nil {
		return err
	}
	keepOwner(tmp, st)
	if err := tmp.Sync(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return unwrapPathErr(os.Rename(tmp.Name(), path))
}

// createTemp creates the temporary file of writeFixed (a variable so that a test can make the
// write fail).
var createTemp = os.CreateTemp

// linkBelowWorkDir returns the first directory of dir below the working directory that is a
// symbolic link ("" when none is). Directories above the working directory, or elsewhere,
// belong to the machine and are trusted.
func linkBelowWorkDir(dir string) string {
	wd, err := os.Getwd()
	if err != nil {
		return ""
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	rel, err := filepath.Rel(wd, abs)
	if err != nil || rel == "." || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return ""
	}
	shown := ""
	for _, c := range strings.Split(rel, string(filepath.Separator)) {
		shown = filepath.Join(shown, c)
		if st, err := os.Lstat(filepath.Join(wd, shown)); err == nil && st.Mode()&os.ModeSymlink != 0 {
			return shown
		}
	}
	return ""
}

// unwrapPathErr drops the path and operation of an *fs.PathError or *os.LinkError: the
// message is printed after the path already.
func unwrapPathErr(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}

// reportWriter is where the report goes: standard error when standard output carries the fixed
// text of standard input (--fix -, also when it could not be read or was not linted) or the
// diff (--diff), else standard output.
func (c *cli) reportWriter(mode fixMode) io.Writer {
	if mode == fixDiff || (mode == fixWrite && c.stdinNamed) {
		return c.stderr
	}
	return c.stdout
}

// count is "1 noun" or "N nouns".
func count(n int, noun string) string {
	return fmt.Sprintf("%d %s", n, plural(n, noun, noun+"s"))
}
