package finding

import (
	"strconv"

	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// Related is a place that a finding points at besides its own range, usually in another file:
// the PrivilegedMode of the CodeBuild project that runs the buildspec, in the template that
// defines it. Outputs show it as a note (text), a related location (SARIF, rdjson) or a mention
// in the message (GitHub annotations).
type Related struct {
	// Source is the file's content (nil when it is not known); Path is the file as outputs name it.
	Source *source.Source
	Path   string
	Range  source.Range
	// Message says what is there: "privileged mode is off here".
	Message string
}

// Where returns "path:line:col" (or the path alone when the range is not set).
func (r Related) Where() string {
	if !r.Range.IsValid() {
		return r.Path
	}
	return r.Path + ":" + strconv.Itoa(r.Range.Start.Line) + ":" + strconv.Itoa(r.Range.Start.Col)
}
