package format

import (
	"encoding/json"
	"io"
	"unicode/utf8"

	"github.com/buildspec-lint/buildspec-lint/lint/finding"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// reviewdog's Diagnostic Format (proto/rdf/reviewdog.proto in github.com/reviewdog/reviewdog,
// v0.21): rdjsonl is one Diagnostic per line, rdjson one DiagnosticResult document.
//
// Units: rdf columns are 1-based UTF-8 byte counts ("Column number, starting at 1 (byte count in
// UTF-8)"), and a Range's end is exclusive, like source.Range's; so columns are converted from code
// points to bytes and the end is not shifted.
type (
	rdResult struct {
		Source      rdSource       `json:"source"`
		Diagnostics []rdDiagnostic `json:"diagnostics"`
	}
	rdDiagnostic struct {
		Message     string         `json:"message"`
		Location    rdLocation     `json:"location"`
		Severity    string         `json:"severity"`
		Source      rdSource       `json:"source"`
		Code        *rdCode        `json:"code,omitempty"`
		Suggestions []rdSuggestion `json:"suggestions,omitempty"`
	}
	rdLocation struct {
		Path  string   `json:"path"`
		Range *rdRange `json:"range,omitempty"`
	}
	rdRange struct {
		Start rdPosition `json:"start"`
		End   rdPosition `json:"end"`
	}
	rdPosition struct {
		Line   int `json:"line"`
		Column int `json:"column"`
	}
	rdSource struct {
		Name string `json:"name"`
		URL  string `json:"url,omitempty"`
	}
	rdCode struct {
		Value string `json:"value"`
		URL   string `json:"url,omitempty"`
	}
	rdSuggestion struct {
		Range rdRange `json:"range"`
		Text  string  `json:"text"`
	}
)

var rdSourceInfo = rdSource{Name: "buildspec-lint", URL: InformationURI}

// RDJSONL writes reviewdog's rdjsonl: one Diagnostic object per line (`reviewdog -f=rdjsonl`).
// Each has the message, location (the path as given; reviewdog resolves it against its working
// directory), severity ERROR, WARNING or INFO (notices), source buildspec-lint, code {value: the
// rule ID, url: its docs} and, when the finding has a fix, a suggestion.
func RDJSONL(w io.Writer, r *Report, _ Options) error {
	enc := json.NewEncoder(jsonWriter{w})
	enc.SetEscapeHTML(false)
	cols := newColumns(utf8.RuneLen)
	for _, f := range r.Findings {
		if err := enc.Encode(rdDiagnosticOf(f, cols)); err != nil {
			return err
		}
	}
	return nil
}

// RDJSON writes reviewdog's rdjson: a DiagnosticResult {source, diagnostics} document
// (`reviewdog -f=rdjson`) with the same diagnostics as RDJSONL ([] when clean).
func RDJSON(w io.Writer, r *Report, _ Options) error {
	out := rdResult{Source: rdSourceInfo, Diagnostics: make([]rdDiagnostic, 0, len(r.Findings))}
	cols := newColumns(utf8.RuneLen)
	for _, f := range r.Findings {
		out.Diagnostics = append(out.Diagnostics, rdDiagnosticOf(f, cols))
	}
	enc := json.NewEncoder(jsonWriter{w})
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

func rdDiagnosticOf(f *finding.Finding, cols *columns) rdDiagnostic {
	d := rdDiagnostic{
		Message:  f.Message,
		Location: rdLocation{Path: f.Path},
		Severity: rdSeverity(f.Severity),
		Source:   rdSource{Name: rdSourceInfo.Name},
	}
	if f.Range.IsValid() {
		rg := rdRangeOf(f.Source, f.Range, cols)
		d.Location.Range = &rg
	}
	if id := f.RuleID(); id != "" {
		d.Code = &rdCode{Value: id, URL: RuleURL(f.Rule)}
	}
	if f.Fix != nil {
		for _, e := range f.Fix.Edits {
			if e.Range.IsValid() {
				d.Suggestions = append(d.Suggestions, rdSuggestion{Range: rdRangeOf(f.Source, e.Range, cols), Text: e.NewText})
			}
		}
	}
	return d
}

func rdRangeOf(src *source.Source, rg source.Range, cols *columns) rdRange {
	end := endOf(rg)
	return rdRange{
		Start: rdPosition{Line: rg.Start.Line, Column: cols.col(src, rg.Start)},
		End:   rdPosition{Line: end.Line, Column: cols.col(src, end)},
	}
}

func rdSeverity(s finding.Severity) string {
	switch s {
	case finding.SeverityError:
		return "ERROR"
	case finding.SeverityWarning:
		return "WARNING"
	case finding.SeverityNotice:
		return "INFO"
	}
	return "UNKNOWN_SEVERITY"
}
