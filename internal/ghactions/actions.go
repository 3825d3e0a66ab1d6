package ghactions

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/sethvargo/go-githubactions"

	"github.com/buildspec-lint/buildspec-lint/lint/finding"
	"github.com/buildspec-lint/buildspec-lint/lint/format"
)

// GitHub's display caps for workflow-command annotations: at most 10 errors and 10 warnings per
// step (notices are undocumented; we assume the same) and 50 per job; the rest are dropped
// without a word (docs/sources.md, "GitHub workflow commands").
const (
	MaxErrorsPerStep   = 10
	MaxWarningsPerStep = 10
	MaxNoticesPerStep  = 10
)

// MaxSummaryBytes is the size limit of a step's job summary (1 MiB); GitHub refuses to upload a
// larger one ("$GITHUB_STEP_SUMMARY upload aborted, supports content up to a size of 1024k").
const MaxSummaryBytes = 1 << 20

// actions is the GitHub Actions mode of the github format; ev is the workflow event.
func (o *Options) actions(stdout, stderr io.Writer, ev *event, r *format.Report, opts format.Options, failLevel finding.Severity) error {
	var meta []string // notices about the run itself, emitted before the findings
	tok := o.getenv(TokenEnv)
	// shownR is r as annotated: with fix-suggestions, the findings whose fix is not on the pull
	// request say that one is available.
	shownR := r
	var sugg *suggestOutcome
	if o.FixSuggestions {
		sugg = o.suggest(ev, r.Findings, opts.Root, tok)
		if sugg.notice != "" {
			meta = append(meta, sugg.notice)
		}
		shownR = withFixNotes(r, sugg)
	}
	shownInCheck := false
	if tok != "" {
		cr := o.checkRunClient(tok)
		url, err := cr.publish(o.headSHA(ev), shownR.Findings, opts.Root, failLevel)
		if err == nil {
			shownInCheck = true
			if err := notices(stdout, meta); err != nil {
				return err
			}
			// The log still lists every finding, as plain lines that make no annotation.
			err := StopCommands(stdout, func() error {
				fmt.Fprintf(stdout, "buildspec-lint: %s annotated in check run %s\n", count(len(r.Findings), "finding", "findings"), format.LogText(url))
				if sugg != nil {
					fmt.Fprintln(stdout, sugg.logLine())
				}
				return format.Write(stdout, "text", shownR, format.Options{})
			})
			if err != nil {
				return err
			}
		} else {
			meta = append(meta, fmt.Sprintf("buildspec-lint could not write its check run (%s), so findings are shown as workflow annotations; "+
				"fork pull requests get a read-only token, and otherwise the job needs `permissions: checks: write`", format.LogText(err.Error())))
		}
	}
	shown := len(r.Findings)
	if !shownInCheck {
		var err error
		shown, err = annotate(stdout, shownR.Findings, opts.Root, meta)
		if err != nil {
			return err
		}
		if sugg != nil {
			if _, err := fmt.Fprintln(stdout, sugg.logLine()); err != nil {
				return err
			}
		}
	}
	if p := o.getenv("GITHUB_STEP_SUMMARY"); p != "" {
		budget := summaryBudget(p)
		md := summary(r, opts.Root, shown, shownInCheck, o.blobURL(ev), budget)
		if sugg != nil {
			md += fixSection(sugg, o.blobURL(ev), budget-len(md))
		}
		if err := appendFile(p, md); err != nil {
			fmt.Fprintf(stderr, "buildspec-lint: cannot write the job summary: %s\n", format.LogText(err.Error()))
		}
	}
	if p := o.getenv("GITHUB_OUTPUT"); p != "" {
		e, w, n := r.Counts()
		outs := [][2]string{
			{"findings", strconv.Itoa(len(r.Findings))},
			{"errors", strconv.Itoa(e)},
			{"warnings", strconv.Itoa(w)},
			{"notices", strconv.Itoa(n)},
			{"sarif-file", absPath(o.SARIFFile)},
		}
		if err := appendFile(p, outputs(outs)); err != nil {
			fmt.Fprintf(stderr, "buildspec-lint: cannot set the step outputs: %s\n", format.LogText(err.Error()))
		}
	}
	return nil
}

// StopCommands writes what write writes to w between "::stop-commands::TOKEN" and "::TOKEN::",
// so that the GitHub Actions runner obeys no workflow command in it: TOKEN is 128 random bits
// (crypto/rand) that the text cannot guess, and the closing line is written whatever happens in
// write (an error, a panic), since until it comes the runner ignores every command of the step,
// annotations included. Free text in the GitHub Actions mode (the list of findings in the log of
// the check-run mode) goes through it, on top of the escaping of the text format.
func StopCommands(w io.Writer, write func() error) (err error) {
	token := randomHex()
	if _, err := fmt.Fprintf(w, "::stop-commands::%s\n", token); err != nil {
		return err
	}
	defer func() {
		if _, endErr := fmt.Fprintf(w, "::%s::\n", token); err == nil {
			err = endErr
		}
	}()
	return write()
}

// selectShown picks the findings GitHub will display: errors, then warnings, then notices, each
// up to its cap, with reserved notice slots for the run's own notices. It returns them most
// severe first, in file order within a severity.
func selectShown(fs []*finding.Finding, reservedNotices int) []*finding.Finding {
	bySev := map[finding.Severity][]*finding.Finding{}
	for _, f := range fs {
		s := f.Severity
		if s < finding.SeverityNotice {
			s = finding.SeverityNotice
		}
		bySev[s] = append(bySev[s], f)
	}
	take := func(s finding.Severity, n int) []*finding.Finding {
		l := bySev[s]
		if n < 0 {
			n = 0
		}
		if len(l) > n {
			l = l[:n]
		}
		return l
	}
	errs := take(finding.SeverityError, MaxErrorsPerStep)
	warns := take(finding.SeverityWarning, MaxWarningsPerStep)
	notices := take(finding.SeverityNotice, MaxNoticesPerStep-reservedNotices)
	if len(errs)+len(warns)+len(notices) < len(fs) {
		// One more notice slot goes to the notice that counts what was not shown.
		notices = take(finding.SeverityNotice, MaxNoticesPerStep-reservedNotices-1)
	}
	out := append(append(append([]*finding.Finding{}, errs...), warns...), notices...)
	return out
}

// notices writes the run's notices as workflow commands.
func notices(w io.Writer, meta []string) error {
	if len(meta) == 0 {
		return nil
	}
	var b strings.Builder
	a := githubactions.New(githubactions.WithWriter(&b))
	for _, m := range meta {
		a.Noticef("%s", m)
	}
	_, err := io.WriteString(w, strings.ReplaceAll(b.String(), "\r\n", "\n"))
	return err
}

// annotate writes the run's notices and the findings GitHub will display as workflow commands,
// and a notice that counts the findings left out. It returns how many findings it annotated.
func annotate(w io.Writer, fs []*finding.Finding, root string, meta []string) (int, error) {
	shown := selectShown(fs, len(meta))
	if left := len(fs) - len(shown); left > 0 {
		meta = append(meta, fmt.Sprintf("buildspec-lint: %s, but GitHub shows only %d error, %d warning and %d notice annotations per step; "+
			"%d %s not annotated: the job summary lists all of them", count(len(fs), "finding", "findings"),
			MaxErrorsPerStep, MaxWarningsPerStep, MaxNoticesPerStep, left, plural(left, "is", "are")))
	}
	var b strings.Builder
	a := githubactions.New(githubactions.WithWriter(&b))
	for _, m := range meta {
		a.Noticef("%s", m)
	}
	for _, f := range shown {
		b.WriteString(format.Annotation(f, root))
		b.WriteString("\n")
	}
	// The library ends its commands with the OS's line break; keep one convention.
	_, err := io.WriteString(w, strings.ReplaceAll(b.String(), "\r\n", "\n"))
	return len(shown), err
}

// outputs formats step outputs in the GITHUB_OUTPUT file syntax, each value between delimiter
// lines that cannot occur in it (the form actions/toolkit uses: name<<DELIM).
func outputs(kv [][2]string) string {
	var b strings.Builder
	for _, p := range kv {
		delim := "ghadelimiter_" + randomHex()
		for strings.Contains(p[1], delim) {
			delim = "ghadelimiter_" + randomHex()
		}
		fmt.Fprintf(&b, "%s<<%s\n%s\n%s\n", p[0], delim, p[1], delim)
	}
	return b.String()
}

func randomHex() string {
	var b [16]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// appendFile appends s to the file at path, as the runner's file commands expect. A named pipe
// is refused: opening one for writing would block until something read it.
func appendFile(path, s string) error {
	if st, err := os.Stat(path); err == nil && st.Mode()&os.ModeNamedPipe != 0 {
		return fmt.Errorf("%s is a named pipe (FIFO), not a file: not written", path)
	}
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.WriteString(f, s); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// summaryBudget is how many bytes the summary may add to the file at path.
func summaryBudget(path string) int {
	budget := MaxSummaryBytes
	if st, err := os.Stat(path); err == nil {
		budget -= int(st.Size())
	}
	return budget
}

// blobURL returns a function linking to a line of a file at the commit under review ("" when
// the repository is unknown).
func (o *Options) blobURL(ev *event) func(path string, line int) string {
	server, repo, sha := o.getenv("GITHUB_SERVER_URL"), o.getenv("GITHUB_REPOSITORY"), o.headSHA(ev)
	if server == "" {
		server = "https://github.com"
	}
	if !repoRE.MatchString(repo) || sha == "" || !strings.HasPrefix(server, "https://") && !strings.HasPrefix(server, "http://") ||
		strings.ContainsAny(server, "()<>[] \t\r\n") {
		return func(string, int) string { return "" }
	}
	return func(path string, line int) string {
		u := strings.TrimSuffix(server, "/") + "/" + repo + "/blob/" + sha + "/" + escapePath(path)
		if line > 0 {
			u += "#L" + strconv.Itoa(line)
		}
		return u
	}
}

// escapePath percent-encodes each segment of a repository path for a URL, so that nothing in a
// file name (parentheses, brackets, spaces, line breaks) can end the Markdown link it is in.
func escapePath(p string) string {
	parts := strings.Split(p, "/")
	for i, s := range parts {
		parts[i] = url.PathEscape(s)
	}
	return strings.Join(parts, "/")
}

// absPath makes p absolute, so that later steps find it whatever their working directory.
func absPath(p string) string {
	if p == "" {
		return ""
	}
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return p
}

func count(n int, one, many string) string { return strconv.Itoa(n) + " " + plural(n, one, many) }

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// sortedFiles returns the findings grouped by repository-relative path, in path order.
func sortedFiles(fs []*finding.Finding, root string) ([]string, map[string][]*finding.Finding) {
	by := map[string][]*finding.Finding{}
	for _, f := range fs {
		p := format.RelPath(root, f.Path)
		by[p] = append(by[p], f)
	}
	names := make([]string, 0, len(by))
	for n := range by {
		names = append(names, n)
	}
	sort.Strings(names)
	return names, by
}
