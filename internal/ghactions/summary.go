package ghactions

import (
	"fmt"
	"strings"

	"github.com/buildspec-lint/buildspec-lint/lint/finding"
	"github.com/buildspec-lint/buildspec-lint/lint/format"
)

// summary renders the job summary: a count, then one Markdown table per file with every
// finding, within budget bytes. Rows that would not fit are counted in a closing line instead.
// shown is how many findings were annotated (all of them in a check run).
func summary(r *format.Report, root string, shown int, inCheck bool, link func(string, int) string, budget int) string {
	var b strings.Builder
	b.WriteString("## buildspec-lint\n\n")
	b.WriteString(notesSection(r))
	if len(r.Findings) == 0 {
		if r.Files == 0 && r.Failed > 0 {
			fmt.Fprintf(&b, "No file was linted: %s could not be read (the step's log says why).\n", count(r.Failed, "input", "inputs"))
		} else {
			fmt.Fprintf(&b, "No findings in %s.\n", count(r.Files, "file", "files"))
		}
		b.WriteString(unchangedLine(r))
		return fit(b.String(), budget)
	}
	e, w, n := r.Counts()
	names, by := sortedFiles(r.Findings, root)
	var parts []string
	for _, c := range []struct {
		n         int
		one, many string
	}{{e, "error", "errors"}, {w, "warning", "warnings"}, {n, "notice", "notices"}} {
		if c.n > 0 {
			parts = append(parts, count(c.n, c.one, c.many))
		}
	}
	fmt.Fprintf(&b, "**%s** (%s) in %d of %s", count(len(r.Findings), "finding", "findings"), strings.Join(parts, ", "), len(names), count(r.Files, "file", "files"))
	switch {
	case inCheck:
		b.WriteString(", all annotated in the check run.\n\n")
	case shown < len(r.Findings):
		fmt.Fprintf(&b, "; GitHub shows %d of them as annotations, so the other %d appear only here.\n\n", shown, len(r.Findings)-shown)
	default:
		b.WriteString(", all shown as annotations.\n\n")
	}
	if u := unchangedLine(r); u != "" {
		b.WriteString(u + "\n")
	}
	// Reserve room for the closing line that counts rows left out.
	const reserve = 300
	written, total := 0, len(r.Findings)
	full := false
	for _, name := range names {
		if full {
			break
		}
		head := fmt.Sprintf("### %s\n\n| Line | Severity | Rule | Message |\n|---:|---|---|---|\n", codeSpan(format.Escape(name)))
		if b.Len()+len(head)+reserve > budget {
			break
		}
		b.WriteString(head)
		for _, f := range by[name] {
			row := summaryRow(f, name, link)
			if b.Len()+len(row)+reserve > budget {
				full = true
				break
			}
			b.WriteString(row)
			written++
		}
		b.WriteString("\n")
	}
	if left := total - written; left > 0 {
		fmt.Fprintf(&b, "%d more %s not listed: the job summary is limited to 1 MiB. Run buildspec-lint locally, or use the sarif-file input, to see every finding.\n",
			left, plural(left, "finding is", "findings are"))
	}
	return fit(b.String(), budget)
}

// unchangedLine says how many findings a change filter (only-changed) left out, or is "".
func unchangedLine(r *format.Report) string {
	if r.Unchanged == 0 {
		return ""
	}
	return fmt.Sprintf("%s on lines this change does not touch %s left out (only-changed); run buildspec-lint without it to see %s.\n",
		count(r.Unchanged, "finding", "findings"), plural(r.Unchanged, "is", "are"), plural(r.Unchanged, "it", "them"))
}

// summaryRow is one table row: the line (linked to the file at the commit under review), the
// severity, the rule (linked to its documentation) and the message.
func summaryRow(f *finding.Finding, path string, link func(string, int) string) string {
	pos := "-"
	if f.Range.IsValid() {
		pos = f.Range.Start.String()
		if u := link(path, f.Range.Start.Line); u != "" {
			pos = "[" + pos + "](" + u + ")"
		}
	}
	rule := cell(f.RuleTitle())
	if f.RuleID() != "" {
		rule = "[" + rule + "](" + format.RuleURL(f.Rule) + ")"
	}
	return fmt.Sprintf("| %s | %s %s | %s | %s |\n", pos, severityIcon(f.Severity), f.Severity, rule, cell(f.Message))
}

func severityIcon(s finding.Severity) string {
	switch s {
	case finding.SeverityError:
		return "❌"
	case finding.SeverityWarning:
		return "⚠️"
	}
	return "ℹ️"
}

// cell makes text from the files safe in a Markdown table cell: control, bidi and invisible
// characters are shown as escapes (format.Escape: a line break as \n, so a row stays one row),
// the characters that start Markdown and GitHub syntax (links and images [..](..), emphasis,
// code, strikethrough, math $..$, table pipes) are backslash-escaped, and HTML and character
// references (&#x202e;) are written as entities, so the text is shown as it is.
func cell(s string) string {
	return mdReplacer.Replace(format.Escape(s))
}

var mdReplacer = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`, "!", `\!`, "~", `\~`, "$", `\$`,
	"|", `\|`, "<", "&lt;", ">", "&gt;", "&", "&amp;")

// codeSpan returns s as a Markdown code span, whose text is shown as it is: delimited by one
// backtick more than the longest run of backticks in s (CommonMark), with a space inside each
// delimiter when s starts or ends with a backtick. s must hold no line break.
func codeSpan(s string) string {
	longest, run := 0, 0
	for _, c := range []byte(s) {
		if c == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	fence := strings.Repeat("`", longest+1)
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		s = " " + s + " "
	}
	return fence + s + fence
}

// fit cuts s to at most budget bytes (on a line boundary); a summary that only fits cut is
// better than none, and one over the limit would be refused whole.
func fit(s string, budget int) string {
	if len(s) <= budget {
		return s
	}
	if budget <= 0 {
		return ""
	}
	s = s[:budget]
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		return s[:i+1]
	}
	return ""
}

// notesSection renders the run's notes (format.Report.Notes) for the job summary: the text as a
// quoted paragraph, and the configuration lines it ends with (after a blank line) as a code block.
func notesSection(r *format.Report) string {
	var b strings.Builder
	for _, n := range r.Notes {
		text, code, _ := strings.Cut(strings.TrimPrefix(strings.TrimSpace(n), "buildspec-lint: "), "\n\n")
		b.WriteString("> " + cell(text) + "\n\n")
		if code = strings.TrimSpace(code); code != "" {
			b.WriteString("```yaml\n" + strings.ReplaceAll(code, "```", "'''") + "\n```\n\n")
		}
	}
	return b.String()
}
