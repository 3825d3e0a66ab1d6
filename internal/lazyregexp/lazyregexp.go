// Package lazyregexp compiles a regular expression on its first use.
package lazyregexp

import (
	"regexp"
	"sync"
)

// New returns a function that compiles expr on its first call and returns the same
// *regexp.Regexp from then on. Package-level regexps compiled at start-up cost every run,
// even one that never uses them (the README's target: one file in under 20 ms).
func New(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}
