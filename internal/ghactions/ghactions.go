// Package ghactions is the output stage of a run that the GitHub Action (action.yml) relies on,
// kept testable without a runner:
//
//   - OnlyChanged keeps, in a pull request workflow, only the findings on lines the pull request
//     changes (its base commit from the workflow event, the changed lines from package diffrev);
//   - SARIFFile names a file that SARIF is written to beside the main format;
//   - with the github format under GitHub Actions (GITHUB_ACTIONS=true): annotations within
//     GitHub's display caps, most severe first, with a notice counting the rest; the job summary
//     with every finding; the step outputs; and, with a token in BUILDSPEC_LINT_GITHUB_TOKEN, one
//     check run holding every annotation, falling back to workflow commands when the API refuses
//     (403 on fork pull requests) or cannot be reached;
//   - FixSuggestions posts, on a pull request, each finding's verified fix as a review comment
//     with a suggested change (suggest.go), falling back to annotations that say a fix is
//     available and the fixes in the job summary.
//
// The CLI owns the flags (--only-changed, --sarif-file, --fix-suggestions) and makes one call:
// Options.Output. Every GitHub file variable is used when set and never required.
package ghactions

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/buildspec-lint/buildspec-lint/internal/fsutil"
	"github.com/buildspec-lint/buildspec-lint/lint/finding"
	"github.com/buildspec-lint/buildspec-lint/lint/format"
)

// TokenEnv is the environment variable that holds the token for the check-run mode and the fix
// suggestions. A variable rather than a flag keeps the token out of process listings; the action
// maps its github-token input to it. GITHUB_TOKEN is deliberately not read: a check run changes
// the pull request's UI, so it is opted into.
const TokenEnv = "BUILDSPEC_LINT_GITHUB_TOKEN"

// Options are the settings of the output stage, which the CLI fills from its flags.
type Options struct {
	// OnlyChanged keeps, under GitHub Actions, only findings on lines the event's pull request
	// (or merge group) changes; on push and other events, and outside GitHub Actions, it keeps
	// everything and says so.
	OnlyChanged bool
	// SARIFFile, when set, is where SARIF is written besides the main format.
	SARIFFile string
	// FixSuggestions posts, under GitHub Actions on a pull request, each finding's verified fix
	// as a review comment with a suggested change (suggest.go), with the token in TokenEnv.
	FixSuggestions bool

	// Getenv reads the environment (os.Getenv when nil).
	Getenv func(string) string
	// HTTPClient talks to the GitHub API (a client with a 15s timeout when nil).
	HTTPClient *http.Client

	// sleep replaces the check-run client's waits between retries (tests).
	sleep func(ctx context.Context, d time.Duration) error
}

func (o *Options) getenv(k string) string {
	if o.Getenv != nil {
		return o.Getenv(k)
	}
	return os.Getenv(k)
}

// Output is the whole output stage of a run. It keeps the findings on changed lines (OnlyChanged),
// writes rep in the named format to stdout (the GitHub Actions mode when the format is github and
// GITHUB_ACTIONS=true), and the SARIF file. Messages for the log go to stderr. It returns the
// findings kept: the exit code must count those. An error means the output could not be
// produced as asked (an unreadable event, a base commit missing, an unwritable file).
func (o *Options) Output(stdout, stderr io.Writer, formatName string, rep *format.Report, opts format.Options, failLevel finding.Severity) ([]*finding.Finding, error) {
	ev, evErr := o.readEvent()
	kept, err := o.filterChanged(rep.Findings, ev, evErr, stderr)
	if err != nil {
		return nil, err
	}
	r := *rep
	r.Findings = kept
	r.Unchanged += len(rep.Findings) - len(kept)
	gha := formatName == "github" && o.getenv("GITHUB_ACTIONS") == "true"
	if gha && opts.Root == "" {
		opts.Root = o.getenv("GITHUB_WORKSPACE")
	}
	if o.SARIFFile != "" {
		if err := writeFile(o.SARIFFile, func(w io.Writer) error { return format.Write(w, "sarif", &r, opts) }); err != nil {
			return nil, fmt.Errorf("--sarif-file: %w", err)
		}
	}
	if gha {
		return kept, o.actions(stdout, stderr, ev, &r, opts, failLevel)
	}
	if o.FixSuggestions {
		fmt.Fprintln(stderr, "buildspec-lint: --fix-suggestions posts review suggestions only with --format github in a GitHub Actions run, so nothing is posted; use --fix or --diff here")
	}
	return kept, format.Write(stdout, formatName, &r, opts)
}

// writeFile replaces the file at path with what write produces. The content goes to a temporary
// file in the same directory, renamed over path once complete, so that a reader never sees half
// a file and nothing is ever written through a link: a symbolic link at path, or at a directory
// of path below the working directory (a link committed into the repository, to ~/.bashrc or
// ~/.ssh, say), is refused, and so is anything at path that is not a regular file, and a path
// that leads into /proc, /sys or /dev. Missing directories are created.
func writeFile(path string, write func(io.Writer) error) (err error) {
	var sys *fsutil.SystemPathError
	if errors.As(fsutil.CheckSystemPath(path), &sys) {
		return fmt.Errorf("%s leads into %s: system files are not written", path, sys.Dir)
	}
	if st, err := os.Lstat(path); err == nil {
		switch {
		case st.Mode()&os.ModeSymlink != 0:
			return fmt.Errorf("%s is a symbolic link: not written through (remove it, or name another file)", path)
		case !st.Mode().IsRegular():
			return fmt.Errorf("%s is not a regular file: not replaced", path)
		}
	}
	dir := filepath.Dir(path)
	if err := linkInTree(dir); err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err := write(tmp); err != nil {
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// linkInTree returns an error when a directory of dir below the working directory is a
// symbolic link. Directories above it, or elsewhere, belong to the machine, not to the
// repository being linted, and are trusted.
func linkInTree(dir string) error {
	wd, err := os.Getwd()
	if err != nil {
		return nil
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil
	}
	rel, err := filepath.Rel(wd, abs)
	if err != nil || rel == "." || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return nil
	}
	shown := ""
	for _, c := range strings.Split(rel, string(filepath.Separator)) {
		shown = filepath.Join(shown, c)
		st, err := os.Lstat(filepath.Join(wd, shown))
		if err != nil {
			return nil // missing: created as a directory
		}
		if st.Mode()&os.ModeSymlink != 0 {
			return fmt.Errorf("%s is a symbolic link: not written through (name a path without links)", shown)
		}
	}
	return nil
}
