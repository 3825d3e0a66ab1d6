package buildspec

import "github.com/buildspec-lint/buildspec-lint/lint/source"

// Directive is a `# buildspec-lint ...` comment: ignore=, ignore-file= or image=.
type Directive struct {
	// Kind is "ignore", "ignore-file" or "image".
	Kind string
	// Values are the rule IDs or names (ignore, ignore-file) or the image name (image): the first
	// MaxDirectiveNames of them.
	Values []string
	// ValueRanges are the ranges of Values in the file, one per value.
	ValueRanges []source.Range
	// Dropped counts the values past MaxDirectiveNames, which are not read, and DroppedRange is
	// the range of the first of them (the invalid-directive rule reports it).
	Dropped      int
	DroppedRange source.Range
	// Reason is the text after " -- ".
	Reason string
	// Range covers the comment.
	Range source.Range
	// Covers lists the spans of lines an ignore applies to, in order.
	Covers []LineSpan
}

// LineSpan is the lines First to Last, both included (1-based).
type LineSpan struct{ First, Last int }

// Contains reports whether line is in the span.
func (s LineSpan) Contains(line int) bool { return s.First <= line && line <= s.Last }

// MaxDirectiveNames is how many names one directive is read with. Real ignores name a few rules
// and there are fewer than a hundred rules (by ID and by name); past this the rest of the list is
// not read, and the invalid-directive rule says so at the first name left out.
const MaxDirectiveNames = 100
