package buildspec

import (
	"strings"
	"testing"

	"mvdan.cc/sh/v3/syntax"
)

// treeDepth returns the depth of f's tree as syntax.Walk visits it.
func treeDepth(f *syntax.File) int {
	depth, deepest := 0, 0
	syntax.Walk(f, func(n syntax.Node) bool {
		if n == nil {
			depth--
			return true
		}
		depth++
		deepest = max(deepest, depth)
		return true
	})
	return deepest
}

// TestTreeDepthPerToken checks the bound that lets parseBounded skip the depth walk of a short
// command: on the shapes that nest deepest for their tokens, a tree is never deeper than
// treeLevelsPerToken levels per token (plus two), at every size up to the point where the walk
// is no longer skipped.
func TestTreeDepthPerToken(t *testing.T) {
	shapes := []struct{ pre, open, core, close, post string }{
		{"", "time ", "a", "", ""},
		{"", "! { ", "a", "; }", ""},
		{"", "{ ", "a", "; }", ""},
		{"", "( ", "a", " )", ""},
		{"", "$(", "a", ")", ""},
		{"", "\"$(", "a", ")\"", ""},
		{"", "`", "a", "`", ""},
		{"", "<(", "a", ")", ""},
		{"", "", "a", " | a", ""},
		{"", "", "a", " && a", ""},
		{"", "", "a", " |& a", ""},
		{"", "if a; then ", "a", "; fi", ""},
		{"", "while a; do ", "a", "; done", ""},
		{"", "case a in a) ", "a", ";; esac", ""},
		{"", "f() { ", "a", "; }", ""},
		{"[[ ", "! ", "a", "", " ]]"},
		{"[[ ", "( ", "a", " )", " ]]"},
		{"[[ ", "", "a", " && a", " ]]"},
		{"", "$((-", "1", "))", ""},
		{"", "$(( (", "1", ") ))", ""},
		{"", "$((1+", "1", "))", ""},
		{"", "((!", "1", "))", ""},
		{"", "((a=", "1", "))", ""},
		{"", "${a:-", "x", "}", ""},
		{"", "\"${a:-", "x", "}\"", ""},
		{"", "${a[", "1", "]}", ""},
		{"", "a[", "1", "]", "=x"},
		{"", "let a=-", "1", "", ""},
		{"", "echo @(", "a", ")", ""},
		{"", "a=\"$(", "b", ")\"", ""},
		{"", "echo >$(", "a", ")", ""},
		{"", "coproc ", "a", "", ""},
		{"", "declare a=$(", "b", ")", ""},
	}
	limit := MaxShellTreeDepth/treeLevelsPerToken + 1
	worst, worstText := 0.0, ""
	for _, sh := range shapes {
		for k := 1; k <= limit; k++ {
			text := sh.pre + strings.Repeat(sh.open, k) + sh.core + strings.Repeat(sh.close, k) + sh.post
			tokens, _ := ShellTokens(text, MaxShellTokens)
			if treeLevelsPerToken*(tokens+2) > MaxShellTreeDepth {
				break // walked, not skipped
			}
			f, err := parseShell(text)
			if f == nil {
				continue
			}
			if d := treeDepth(f); d > treeLevelsPerToken*(tokens+2) {
				t.Fatalf("%q: depth %d over %d levels for %d tokens (err %v)", text, d, treeLevelsPerToken*(tokens+2), tokens, err)
			}
			if r := float64(treeDepth(f)) / float64(tokens+2); r > worst {
				worst, worstText = r, text
			}
			if k == 3 && err != nil {
				t.Errorf("%q is not valid shell (%v): the shape tests nothing", text, err)
			}
		}
	}
	t.Logf("deepest per token: %.2f levels (%.40q)", worst, worstText)
}

// TestDeepChainStillReported checks that a command whose tree is too deep is still reported
// when the walk is no longer skipped.
func TestDeepChainStillReported(t *testing.T) {
	text := "a" + strings.Repeat(" | a", MaxShellTreeDepth)
	if _, lim, _ := parseBounded(text); lim == nil {
		t.Fatalf("a %d-deep pipe chain is not reported", MaxShellTreeDepth)
	}
	if _, lim, _ := parseBounded("a" + strings.Repeat(" | a", 50)); lim != nil {
		t.Fatalf("a 50-deep pipe chain is reported: %s", lim.msg)
	}
}
