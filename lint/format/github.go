package format

import (
	"io"
	"strconv"
	"strings"

	"github.com/sethvargo/go-githubactions"

	"github.com/buildspec-lint/buildspec-lint/lint/finding"
)

// GitHub writes one GitHub Actions workflow command per finding, which the runner turns into an
// annotation on the file's line:
//
//	::warning col=9,endColumn=27,endLine=12,file=ci/buildspec.yml,line=12,title=BSL101 redundant-install::jq is already in ...
//
// It writes nothing else (no summary, outputs or groups), and never touches the files named by
// GITHUB_OUTPUT or GITHUB_STEP_SUMMARY. See Annotation for the format of a line.
func GitHub(w io.Writer, r *Report, opts Options) error {
	for _, f := range r.Findings {
		if _, err := io.WriteString(w, Annotation(f, opts.Root)+"\n"); err != nil {
			return err
		}
	}
	return nil
}

// Annotation returns the workflow command (without a line break) that annotates f: ::error,
// ::warning or ::notice (for notices and anything below) with the properties file (relative to
// root when set, forward slashes), line, endLine, col, endColumn and title ("BSL101
// redundant-install"), and the message, followed by each related location of the finding
// (finding.Related) as " (path:line:col: what is there)".
//
// The command is built by github.com/sethvargo/go-githubactions, which sorts the properties by
// name and escapes them: the message gets % -> %25, CR -> %0D, LF -> %0A; property values also get
// : -> %3A and , -> %2C. The message goes through a "%s" format, since the library's Errorf and
// friends treat their first argument as a format string. Its other control, bidi and invisible
// characters are shown as escapes first (EscapeMultiline), as in the text format. So are those of
// the file property: GitHub matches it against the repository's paths, so it is exact for every
// path but one whose name holds an escape sequence, a bidi control or a byte that is not UTF-8,
// which would otherwise reach the log (and a terminal, outside GitHub) raw.
//
// Columns: GitHub documents col and endColumn only as "column number, starting at 1", not
// whether endColumn is inclusive; we pass source.Pos columns (code points) and source.Range's
// exclusive end unchanged, the reading reported as verified, which at worst marks one character
// more. The runner rejects col/endColumn when line and endLine differ ("'col' and 'endColumn'
// cannot be set if 'line' and 'endLine' are different values"), so a range over several lines
// carries only line and endLine; a range that ends at column 1 of a later line ends on the line
// before. Sources: docs/sources.md, "GitHub workflow commands".
func Annotation(f *finding.Finding, root string) string {
	props := map[string]string{}
	if p := RelPath(root, f.Path); p != "" {
		props["file"] = EscapeMultiline(p)
	}
	if rg := f.Range; rg.IsValid() {
		first, last := LineSpan(rg)
		props["line"] = strconv.Itoa(first)
		props["endLine"] = strconv.Itoa(last)
		if first == last {
			endCol := rg.End.Col
			if rg.End.Line != rg.Start.Line { // it ends at column 1 of the next line
				endCol = rg.Start.Col
				if f.Source != nil && first <= f.Source.Lines() {
					endCol = max(f.Source.LineRange(first).End.Col, endCol)
				}
			}
			endCol = max(endCol, rg.Start.Col)
			props["col"] = strconv.Itoa(rg.Start.Col)
			props["endColumn"] = strconv.Itoa(endCol)
		}
	}
	if title := f.RuleTitle(); title != "" {
		props["title"] = title
	}
	msg := f.Message
	// An annotation has one place: the related locations are named in the message.
	for _, r := range f.Related {
		msg += " (" + r.Where() + ": " + r.Message + ")"
	}
	msg = EscapeMultiline(finding.ElideMessage(msg))
	var b strings.Builder
	a := githubactions.New(githubactions.WithWriter(&b)).WithFieldsMap(props)
	switch f.Severity {
	case finding.SeverityError:
		a.Errorf("%s", msg)
	case finding.SeverityWarning:
		a.Warningf("%s", msg)
	default:
		a.Noticef("%s", msg)
	}
	// The library ends the command with the OS's line break ("\r\n" on Windows).
	return strings.TrimRight(b.String(), "\r\n")
}
