// Package suggest finds the known name nearest to a mistyped one, for "did you mean" advice.
package suggest

import (
	"bytes"
	"strings"
)

// dashes removes - and _ (building a Replacer costs more than using it: build it once).
var dashes = strings.NewReplacer("-", "", "_", "")

// Closest returns the candidate nearest to s by edit distance, if it is close enough.
func Closest(s string, candidates []string) string {
	// Suggestions are at most 3 edits away, so a candidate whose length differs by more is
	// skipped and the distance is computed no further than 3: an unknown key or rule costs the
	// same whatever its length, without allocating (files can hold millions of them).
	const far = 3
	var sb, cb [64]byte
	ns := normName(sb[:0], s)
	best, bestD := "", far+1
	for _, c := range candidates {
		nc := normName(cb[:0], c)
		if abs(len(ns)-len(nc)) >= bestD {
			continue
		}
		if d := editDistance(ns, nc, bestD-1); d < bestD {
			best, bestD = c, d
		}
	}
	// As many edits as letters is no likeness: "on" is not "env".
	if (bestD <= 2 || (bestD <= 3 && len(s) > 8)) && (bestD < len(ns) || bestD == 0) {
		return best
	}
	// A shortened key: exclude for exclude-paths, base-dir for base-directory.
	prefixOf := ""
	if len(ns) >= 4 {
		for _, c := range candidates {
			if bytes.HasPrefix(normName(cb[:0], c), ns) {
				if prefixOf != "" {
					return "" // ambiguous
				}
				prefixOf = c
			}
		}
	}
	return prefixOf
}

func abs(n int) int { return max(n, -n) }

// normName appends x to buf lower-cased and without '-' and '_'.
func normName(buf []byte, x string) []byte {
	for i := 0; i < len(x); i++ {
		if x[i] >= 0x80 {
			return append(buf[:0], strings.ToLower(dashes.Replace(x))...)
		}
	}
	for i := 0; i < len(x); i++ {
		switch c := x[i]; {
		case c == '-' || c == '_':
		case 'A' <= c && c <= 'Z':
			buf = append(buf, c+'a'-'A')
		default:
			buf = append(buf, c)
		}
	}
	return buf
}

// editDistance returns the Levenshtein distance between a and b, or limit+1 when it is over limit.
func editDistance(a, b []byte, limit int) int {
	if abs(len(a)-len(b)) > limit {
		return limit + 1
	}
	var pb, cb [65]int
	prev, cur := pb[:0], cb[:0]
	if len(b) >= len(pb) {
		prev, cur = make([]int, 0, len(b)+1), make([]int, 0, len(b)+1)
	}
	prev, cur = prev[:len(b)+1], cur[:len(b)+1]
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		low := i
		for j := 1; j <= len(b); j++ {
			c := 1
			if a[i-1] == b[j-1] {
				c = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+c)
			low = min(low, cur[j])
		}
		if low > limit {
			return limit + 1
		}
		prev, cur = cur, prev
	}
	return min(prev[len(b)], limit+1)
}

// Misspelt reports whether key is want written another way: another case, with - or _, one
// letter added, dropped or changed, or two letters swapped. Short words are compared exactly
// (batch is one letter from match and patch, which other formats use).
func Misspelt(key, want string) bool {
	if len(key) > 2*len(want) {
		return false // too long to be want with - or _ and one more letter
	}
	k := strings.ToLower(dashes.Replace(key))
	if k == want || len(want) < 6 {
		return k == want
	}
	if len(k) == len(want) {
		for i := 0; i+1 < len(k); i++ {
			if k[i] != want[i] {
				if k[i] == want[i+1] && k[i+1] == want[i] && k[i+2:] == want[i+2:] {
					return true
				}
				break
			}
		}
	}
	return len(k) >= len(want)-1 && len(k) <= len(want)+1 && editDistance([]byte(k), []byte(want), 1) <= 1
}

// Unique returns what Closest returns for s when no other candidate comes near it: none as
// close, or farther by one edit only ("pre-build" is pre_build, four edits from post_build;
// "stage" is one edit from stages and from state). It returns "" otherwise: a name that two
// candidates could mean is not renamed to either. A shortened name (exclude for exclude-paths)
// is Closest's only when it starts one candidate alone.
func Unique(s string, candidates []string) string {
	best := Closest(s, candidates)
	if best == "" {
		return ""
	}
	var sb, cb [64]byte
	ns := normName(sb[:0], s)
	const far = 3
	d := editDistance(ns, normName(cb[:0], best), far)
	if d > far {
		return best // a prefix of this candidate alone
	}
	for _, c := range candidates {
		if c != best && editDistance(ns, normName(cb[:0], c), d+1) <= d+1 {
			return ""
		}
	}
	return best
}
