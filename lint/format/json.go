package format

import (
	"encoding/json"
	"io"

	"github.com/buildspec-lint/buildspec-lint/lint/finding"
)

// jsonFinding is the documented JSON shape of a finding (README, "Output formats").
type jsonFinding struct {
	File      string   `json:"file"`
	Line      int      `json:"line"`
	Column    int      `json:"column"`
	EndLine   int      `json:"end_line"`
	EndColumn int      `json:"end_column"`
	Rule      string   `json:"rule"`
	Name      string   `json:"name"`
	Severity  string   `json:"severity"`
	Message   string   `json:"message"`
	Fix       *jsonFix `json:"fix,omitempty"`
	Tools     []string `json:"tools,omitempty"`
}

// jsonFix is a suggested edit: replace the text from line:column to end_line:end_column
// (exclusive, in the same units as the finding) with new_text.
type jsonFix struct {
	Message   string `json:"message"`
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	EndLine   int    `json:"end_line"`
	EndColumn int    `json:"end_column"`
	NewText   string `json:"new_text"`
}

func newJSONFix(f *finding.Fix) *jsonFix {
	if f == nil {
		return nil
	}
	return &jsonFix{Message: f.Message, Line: f.Range.Start.Line, Column: f.Range.Start.Col,
		EndLine: f.Range.End.Line, EndColumn: f.Range.End.Col, NewText: f.NewText}
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
			Fix: newJSONFix(f.Fix), Tools: f.Tools,
		})
	}
	enc := json.NewEncoder(jsonWriter{w})
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
