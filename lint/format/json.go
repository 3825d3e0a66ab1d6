package format

import (
	"encoding/json"
	"io"

	"github.com/buildspec-lint/buildspec-lint/lint/finding"
)

// jsonFinding is the documented JSON shape of a finding (README, "Output formats").
type jsonFinding struct {
	File      string        `json:"file"`
	Line      int           `json:"line"`
	Column    int           `json:"column"`
	EndLine   int           `json:"end_line"`
	EndColumn int           `json:"end_column"`
	Rule      string        `json:"rule"`
	Name      string        `json:"name"`
	Severity  string        `json:"severity"`
	Message   string        `json:"message"`
	Fix       *jsonFix      `json:"fix,omitempty"`
	Tools     []string      `json:"tools,omitempty"`
	Related   []jsonRelated `json:"related,omitempty"`
}

// jsonRelated is another place a finding points at (finding.Related): its file (as given, like a
// finding's file), its range in the same units as a finding's, and what is there.
type jsonRelated struct {
	File      string `json:"file"`
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	EndLine   int    `json:"end_line"`
	EndColumn int    `json:"end_column"`
	Message   string `json:"message"`
}

func newJSONRelated(rs []finding.Related) []jsonRelated {
	var out []jsonRelated
	for _, r := range rs {
		out = append(out, jsonRelated{File: r.Path, Line: r.Range.Start.Line, Column: r.Range.Start.Col,
			EndLine: r.Range.End.Line, EndColumn: r.Range.End.Col, Message: r.Message})
	}
	return out
}

// jsonFix is the verified fix of a finding: its edits, applied together. A fix of one edit also
// carries that edit's fields at the top, as the first releases wrote every fix.
type jsonFix struct {
	Message string `json:"message"`
	*jsonEdit
	Edits []jsonEdit `json:"edits"`
}

// jsonEdit replaces the text from line:column to end_line:end_column (exclusive, in the same
// units as the finding) with new_text.
type jsonEdit struct {
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	EndLine   int    `json:"end_line"`
	EndColumn int    `json:"end_column"`
	NewText   string `json:"new_text"`
}

func newJSONFix(f *finding.Fix) *jsonFix {
	if f == nil || len(f.Edits) == 0 {
		return nil
	}
	out := &jsonFix{Message: f.Message}
	for _, e := range f.Edits {
		out.Edits = append(out.Edits, jsonEdit{Line: e.Range.Start.Line, Column: e.Range.Start.Col,
			EndLine: e.Range.End.Line, EndColumn: e.Range.End.Col, NewText: e.NewText})
	}
	if len(out.Edits) == 1 {
		out.jsonEdit = &out.Edits[0]
	}
	return out
}

// JSON writes the findings as a JSON array ([] when there are none). Lines and columns are
// 1-based, columns count characters (Unicode code points, as source.Pos does), and end_line and
// end_column are exclusive: the position just after the finding's last character.
func JSON(w io.Writer, r *Report, _ Options) error {
	out := make([]jsonFinding, 0, len(r.Findings))
	for _, f := range r.Findings {
		out = append(out, jsonFinding{
			File: f.Path, Line: f.Range.Start.Line, Column: f.Range.Start.Col,
			EndLine: f.Range.End.Line, EndColumn: f.Range.End.Col,
			Rule: f.RuleID(), Name: f.RuleName(), Severity: f.Severity.String(), Message: f.Message,
			Fix: newJSONFix(f.Fix), Tools: f.Tools, Related: newJSONRelated(f.Related),
		})
	}
	enc := json.NewEncoder(jsonWriter{w})
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
