package finding

import (
	"strings"
)

// Anchor returns the id of the rule's section in docs/rules.md ("bsl101"), for links such as
// SARIF's helpUri. It is the lower-case ID, written as an explicit anchor before the heading, so
// that links survive a rule's renaming.
func (r *Rule) Anchor() string {
	return strings.ToLower(r.ID)
}

// defaultNote is the heading note of docs/rules.md: "default severity: warning", or the rule is
// off by default and how to turn it on.
func (r *Rule) defaultNote() string {
	if r.Off {
		return r.DefaultText()
	}
	return "default severity: " + r.Severity.String()
}

// Markdown returns the rule's section of docs/rules.md: a heading that Anchor links to, the
// severity, the text, and the bad and good examples.
func (r *Rule) Markdown() string {
	var b strings.Builder
	b.WriteString("<a id=\"" + r.Anchor() + "\"></a>\n\n## " + r.String() + "\n\n")
	if r.Doc.Title != "" {
		b.WriteString("**" + r.Doc.Title + "** (" + r.defaultNote() + ")\n\n")
	} else {
		b.WriteString(r.defaultNote() + "\n\n")
	}
	if t := strings.TrimSpace(r.Doc.Text); t != "" {
		b.WriteString(t + "\n\n")
	}
	if len(r.Doc.Options) > 0 {
		b.WriteString("The examples assume `" + strings.Join(r.Doc.Options, " ") + "`.\n\n")
	}
	example := func(title, text string) {
		if strings.TrimSpace(text) == "" {
			return
		}
		b.WriteString(title + ":\n\n```yaml\n" + strings.TrimRight(text, "\n") + "\n```\n\n")
	}
	example("Bad", r.Doc.Bad)
	example("Good", r.Doc.Good)
	if r.Doc.WorkflowBad != "" {
		if r.Doc.WorkflowOptions != nil {
			b.WriteString("In a GitHub Actions workflow (the examples assume `" + strings.Join(r.Doc.WorkflowOptions, " ") + "` for the runner's image):\n\n")
		} else {
			b.WriteString("In a GitHub Actions workflow:\n\n")
		}
		example("Bad", r.Doc.WorkflowBad)
		example("Good", r.Doc.WorkflowGood)
	}
	return strings.TrimRight(b.String(), "\n") + "\n"
}

// ExplainText returns the rule's documentation as plain text for the terminal (--explain).
func (r *Rule) ExplainText() string {
	var b strings.Builder
	b.WriteString(r.String() + " (" + r.DefaultText() + ")")
	if r.Doc.Title != "" {
		b.WriteString(": " + r.Doc.Title)
	}
	b.WriteString("\n")
	if t := strings.TrimSpace(r.Doc.Text); t != "" {
		b.WriteString("\n" + t + "\n")
	}
	if len(r.Doc.Options) > 0 {
		b.WriteString("\nThe examples assume " + strings.Join(r.Doc.Options, " ") + ".\n")
	}
	example := func(title, text string) {
		if strings.TrimSpace(text) == "" {
			return
		}
		b.WriteString("\n" + title + ":\n")
		for _, l := range strings.Split(strings.TrimRight(text, "\n"), "\n") {
			b.WriteString(strings.TrimRight("    "+l, " ") + "\n")
		}
	}
	example("Bad", r.Doc.Bad)
	example("Good", r.Doc.Good)
	if r.Doc.WorkflowBad != "" {
		if r.Doc.WorkflowOptions != nil {
			b.WriteString("\nIn a GitHub Actions workflow (the examples assume " + strings.Join(r.Doc.WorkflowOptions, " ") + " for the runner's image):\n")
		} else {
			b.WriteString("\nIn a GitHub Actions workflow:\n")
		}
		example("Bad", r.Doc.WorkflowBad)
		example("Good", r.Doc.WorkflowGood)
	}
	return b.String()
}
