package format

import (
	"bytes"
	"encoding/json"
	"io"
	"strings"
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
		// RelatedLocations are the finding's related locations (finding.Related).
		RelatedLocations []rdRelatedLocation `json:"related_locations,omitempty"`
	}
	rdRelatedLocation struct {
		Message  string     `json:"message,omitempty"`
		Location rdLocation `json:"location"`
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
		Column int `json:"column,omitempty"` // 0 in a suggestion: whole lines
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
// rule ID, url: its docs}, when the finding has a fix, a suggestion (rdSuggestionOf), and its
// related locations (finding.Related) as related_locations, each with its message.
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
	if s, ok := rdSuggestionOf(f); ok {
		d.Suggestions = []rdSuggestion{s}
	}
	for _, r := range f.Related {
		loc := rdLocation{Path: r.Path}
		if r.Range.IsValid() {
			rg := rdRangeOf(r.Source, r.Range, cols)
			loc.Range = &rg
		}
		d.RelatedLocations = append(d.RelatedLocations, rdRelatedLocation{Message: r.Message, Location: loc})
	}
	return d
}

// rdSuggestionOf returns the fix of f as one suggestion of whole lines: the lines from the first
// edit's to the last edit's, and their text once the fix is applied (without the last line
// break). reviewdog's github-pr-review reporter posts a suggestion as a GitHub suggested change,
// which replaces whole lines, and places the review comment on the first suggestion's lines: a
// suggestion per edit would be refused for every edit on other lines than the first's ("GitHub
// comment range and suggestion line range must be same"). Columns are left out (0), which
// reviewdog reads as whole lines; its column-based form needs the PR diff to hold the lines.
//
// The lines grow (down, then up) until the suggestion says exactly what the fix does: the fixed
// text must end with a line break where the original lines did (a fix that deletes a line break
// joins the next line in), must not be empty unless the fix deletes the lines (an empty
// suggestion deletes them), and the lines must not be only the empty line after a final line
// break (GitHub does not show it). There is no suggestion for a finding without a fix or its
// source, or with edits that do not apply.
func rdSuggestionOf(f *finding.Finding) (rdSuggestion, bool) {
	src := f.Source
	if f.Fix == nil || len(f.Fix.Edits) == 0 || src == nil {
		return rdSuggestion{}, false
	}
	edits, err := finding.SortEdits(src.Data, f.Fix.Edits)
	if err != nil {
		return rdSuggestion{}, false
	}
	lines := src.Lines()
	first, last := lines, 1
	for _, e := range edits {
		if !e.Range.IsValid() {
			return rdSuggestion{}, false
		}
		l0, l1 := LineSpan(e.Range)
		if e.Range.End.Offset == e.Range.Start.Offset {
			l1 = l0 // an insertion at the start of a line is on that line
		}
		first, last = min(first, l0), max(last, l1)
	}
	first, last = max(first, 1), min(last, lines)
	for {
		lo, hi := src.LineStart(first), len(src.Data)
		if last < lines {
			hi = src.LineStart(last + 1)
		}
		if text, ok := suggestionText(src.Data, lo, hi, edits); ok {
			return rdSuggestion{Range: rdRange{Start: rdPosition{Line: first}, End: rdPosition{Line: last}}, Text: text}, true
		}
		switch {
		case last < lines:
			last++
		case first > 1:
			first--
		default:
			return rdSuggestion{}, false
		}
	}
}

// suggestionText applies edits to data[lo:hi] (whole lines) and returns the text of a
// whole-line suggestion, or false when these lines cannot say what the edits do (see
// rdSuggestionOf).
func suggestionText(data []byte, lo, hi int, edits []finding.Edit) (string, bool) {
	if lo >= hi && hi == len(data) && lo > 0 {
		return "", false // the empty line after a final line break
	}
	shifted := make([]finding.Edit, 0, len(edits))
	for _, e := range edits {
		if e.Range.Start.Offset < lo || e.Range.End.Offset > hi {
			return "", false
		}
		e.Range.Start.Offset -= lo
		e.Range.End.Offset -= lo
		shifted = append(shifted, e)
	}
	seg := data[lo:hi]
	after, _, err := finding.ApplyEdits(seg, shifted)
	if err != nil {
		return "", false
	}
	endsLine := len(seg) > 0 && seg[len(seg)-1] == '\n'
	text := string(after)
	if endsLine {
		if len(after) > 0 && (after[len(after)-1] != '\n' || bytes.HasSuffix(seg, []byte("\r\n")) != bytes.HasSuffix(after, []byte("\r\n"))) {
			return "", false
		}
		text = strings.TrimSuffix(strings.TrimSuffix(text, "\n"), "\r")
		if text == "" && len(after) > 0 {
			return "", false // an empty suggestion would delete the empty line the fix leaves
		}
	}
	return text, true
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
