package rules

import (
	"strings"
	"testing"

	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/linttest"
)

func TestPathNotExpanded(t *testing.T) {
	linttest.Run(t, lint.RuleSet{PathNotExpanded}, linttest.TestData(t, "rules", "path-not-expanded"), nil)
}

func TestVarRef(t *testing.T) {
	for _, tc := range []struct {
		in         string
		start, end int
		name       string
		ok         bool
	}{
		{"$PATH:/x", 0, 5, "PATH", true},
		{"/x:${PATH}", 3, 10, "PATH", true},
		{"/x:${PATH:-/usr/bin}", 3, 20, "PATH", true},
		{"$(pwd)/bin:/usr/bin", 0, 2, "", true},
		{"/opt/a_$HOME2/bin", 7, 13, "HOME2", true},
		{"/usr/local/bin:/usr/bin", 0, 0, "", false},
		{"price$", 0, 0, "", false},
		{"a$1b", 0, 0, "", false},
		{"${", 0, 0, "", false},
		{"${PATH", 0, 0, "", false},
		{"$ {PATH}", 0, 0, "", false},
		{"${A:-${B", 0, 0, "", false},
		{"${A $HOME", 4, 9, "HOME", true},
	} {
		start, end, name, ok := varRef(tc.in)
		if start != tc.start || end != tc.end || name != tc.name || ok != tc.ok {
			t.Errorf("varRef(%q) = %d, %d, %q, %v; want %d, %d, %q, %v", tc.in, start, end, name, ok, tc.start, tc.end, tc.name, tc.ok)
		}
	}
}

// TestVarRefLinear runs varRef over a value of many unclosed ${: it must not scan the rest of the
// value again for each of them.
func TestVarRefLinear(t *testing.T) {
	v := strings.Repeat("${A", 1<<20)
	if _, _, _, ok := varRef(v); ok {
		t.Fatalf("varRef found a reference in %d unclosed ${", 1<<20)
	}
}
