package lint

// Directive is a `# buildspec-lint ...` comment: ignore=, ignore-file= or image=.
type Directive struct {
	// Kind is "ignore", "ignore-file" or "image".
	Kind string
	// Values are the rule IDs or names (ignore, ignore-file) or the image name (image).
	Values []string
	// ValueRanges are the ranges of Values in the file, one per value.
	ValueRanges []Range
	// Reason is the text after " -- ".
	Reason string
	// Range covers the comment.
	Range Range
	// Covers lists the lines an ignore applies to.
	Covers []int
	// Invalid says why the linter could not use the directive (an image= naming an unknown
	// image); "" when it could.
	Invalid string
	// Used is set by the linter when the directive suppressed a finding.
	Used bool
}
