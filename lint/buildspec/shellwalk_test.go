package buildspec

import (
	"strings"
	"testing"
)

// TestSubstInsideParamExp holds the walk of command substitutions to every place the shell can
// hold one inside a parameter expansion, and to none in a plain one, which the walker skips.
func TestSubstInsideParamExp(t *testing.T) {
	for _, c := range []struct{ cmd, want string }{
		{`echo ${X:-$(date)}`, "date subst | echo"},
		{`echo "${X/$(a)/$(b)}"`, "a subst | b subst | echo"},
		{`echo ${X:$(a):1}`, "a subst | echo"},
		{`echo ${arr[$(a)]}`, "a subst | echo"},
		{`echo ${X#$(a)}`, "a subst | echo"},
		{`echo $X ${Y} ${#Z} "$W-${V}"`, "echo"},
		{`X=${A:-$(b)} c`, "b subst | c"},
	} {
		_, sc := script(t, "version: 0.2\nphases:\n  build:\n    commands:\n      - '"+strings.ReplaceAll(c.cmd, "'", "''")+"'\n")
		var got []string
		for _, call := range sc.Calls {
			s := call.Name()
			if call.InSubst {
				s += " subst"
			}
			got = append(got, s)
		}
		if g := strings.Join(got, " | "); g != c.want {
			t.Errorf("%s: calls %q, want %q", c.cmd, g, c.want)
		}
	}
}
