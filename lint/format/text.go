package format

import (
	"fmt"
	"io"
)

// Text writes GNU-style lines that editors read: file:line:col: severity: message [ID name].
func Text(w io.Writer, r *Report, opts Options) error {
	for _, f := range r.Findings {
		if _, err := fmt.Fprintf(w, "%s:%d:%d: %s: %s [%s %s]\n", f.Path, f.Range.Start.Line, f.Range.Start.Col,
			f.Severity, f.Message, f.RuleID(), f.RuleName()); err != nil {
			return err
		}
	}
	return nil
}
