// Package udiff writes unified diffs that `git apply` and `patch -p1` read: the --diff output of
// the CLI.
//
// The diff compares lines, each with its own line break: a CRLF line keeps its "\r\n" in the
// diff, as `git diff` prints it, and a last line without a line break is followed by
// "\ No newline at end of file". Hunks have three lines of context, and hunks whose contexts
// touch are merged, as diff -u writes them.
package udiff

import (
	"strconv"
	"strings"
)

// Context is the number of unchanged lines shown around each change.
const Context = 3

// maxEdits bounds the line edits the diff looks for (Myers' D). Past it, the lines between the
// common start and the common end are shown as removed and added whole: still a correct diff,
// and the time and memory of the search stay bounded (about maxEdits squared).
const maxEdits = 2000

// Diff returns the unified diff that turns before into after for the file at path (a relative,
// slash-separated path: the headers are --- a/path and +++ b/path), or nil when they are equal.
func Diff(path string, before, after []byte) []byte {
	if string(before) == string(after) {
		return nil
	}
	a, b := lines(string(before)), lines(string(after))
	ops := script(a, b)
	var out strings.Builder
	out.WriteString("--- " + quote("a/"+path) + "\n")
	out.WriteString("+++ " + quote("b/"+path) + "\n")
	for _, h := range hunks(ops) {
		writeHunk(&out, ops[h.lo:h.hi], a, b)
	}
	return []byte(out.String())
}

// lines splits s after each "\n"; the last line may lack one.
func lines(s string) []string {
	var out []string
	for s != "" {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			out = append(out, s)
			break
		}
		out = append(out, s[:i+1])
		s = s[i+1:]
	}
	return out
}

// op is one line of the edit script: a line of both files (eq), of before only (del) or of
// after only (ins); ai and bi are the line's index in before and in after (the next line's
// for the file it is not in).
type op struct {
	kind   byte // ' ', '-' or '+'
	ai, bi int
}

// script returns the edit script from a to b: the common start and end, and a shortest edit
// script of the lines between (Myers) when it is found within maxEdits edits.
func script(a, b []string) []op {
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	var ops []op
	for i := 0; i < pre; i++ {
		ops = append(ops, op{' ', i, i})
	}
	ma, mb := a[pre:len(a)-suf], b[pre:len(b)-suf]
	mid, ok := myers(ma, mb)
	if !ok {
		mid = mid[:0]
		for i := range ma {
			mid = append(mid, op{'-', i, 0})
		}
		for j := range mb {
			mid = append(mid, op{'+', len(ma), j})
		}
	}
	for _, o := range mid {
		ops = append(ops, op{o.kind, o.ai + pre, o.bi + pre})
	}
	for i := 0; i < suf; i++ {
		ops = append(ops, op{' ', len(a) - suf + i, len(b) - suf + i})
	}
	return ops
}

// myers returns a shortest edit script from a to b, or false when it needs more than maxEdits
// edits. It keeps, for each number of edits d, the furthest point of each diagonal (k in
// [-d, d]) to walk back from the end.
func myers(a, b []string) ([]op, bool) {
	n, m := len(a), len(b)
	limit := min(n+m, maxEdits)
	off := limit + 1
	v := make([]int, 2*limit+3)
	var trace [][]int // trace[d] is v[off-d-1 : off+d+2] before step d
	found := false
	for d := 0; d <= limit && !found; d++ {
		trace = append(trace, append([]int(nil), v[off-d-1:off+d+2]...))
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || (k != d && v[off+k-1] < v[off+k+1]) {
				x = v[off+k+1]
			} else {
				x = v[off+k-1] + 1
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x, y = x+1, y+1
			}
			v[off+k] = x
			if x >= n && y >= m {
				found = true
				break
			}
		}
	}
	if !found {
		return nil, false
	}
	var rev []op
	x, y := n, m
	for d := len(trace) - 1; d >= 0; d-- {
		t := trace[d]
		at := func(k int) int { return t[k+d+1] }
		k := x - y
		var pk int
		if k == -d || (k != d && at(k-1) < at(k+1)) {
			pk = k + 1
		} else {
			pk = k - 1
		}
		px := at(pk)
		py := px - pk
		if d == 0 {
			px, py = 0, 0
		}
		for x > px && y > py {
			x, y = x-1, y-1
			rev = append(rev, op{' ', x, y})
		}
		if d > 0 {
			if x == px {
				y--
				rev = append(rev, op{'+', x, y})
			} else {
				x--
				rev = append(rev, op{'-', x, y})
			}
		}
	}
	ops := make([]op, len(rev))
	for i, o := range rev {
		ops[len(rev)-1-i] = o
	}
	return ops, true
}

// span is a hunk: ops[lo:hi].
type span struct{ lo, hi int }

// hunks groups the changes of ops with Context lines around each; changes closer than twice
// the context share a hunk.
func hunks(ops []op) []span {
	var out []span
	for i := 0; i < len(ops); {
		if ops[i].kind == ' ' {
			i++
			continue
		}
		lo := max(i-Context, 0)
		end := i // one past the last change of the hunk
		for j := i; j < len(ops); j++ {
			if ops[j].kind != ' ' {
				end = j + 1
				continue
			}
			if j-end >= 2*Context {
				break
			}
		}
		hi := min(end+Context, len(ops))
		if n := len(out); n > 0 && lo <= out[n-1].hi {
			out[n-1].hi = hi
		} else {
			out = append(out, span{lo, hi})
		}
		i = end
	}
	return out
}

// writeHunk writes one hunk: its header and its lines.
func writeHunk(out *strings.Builder, ops []op, a, b []string) {
	var na, nb int
	for _, o := range ops {
		if o.kind != '+' {
			na++
		}
		if o.kind != '-' {
			nb++
		}
	}
	out.WriteString("@@ -" + rangeOf(ops[0].ai, na) + " +" + rangeOf(ops[0].bi, nb) + " @@\n")
	for _, o := range ops {
		var line string
		if o.kind == '-' {
			line = a[o.ai]
		} else {
			line = b[o.bi]
		}
		out.WriteByte(o.kind)
		out.WriteString(line)
		if !strings.HasSuffix(line, "\n") {
			out.WriteString("\n\\ No newline at end of file\n")
		}
	}
}

// rangeOf writes a hunk's range of one file from its first line's index: "start,count", just
// "start" for one line, and the line before the hunk for none (GNU diff's form).
func rangeOf(first, count int) string {
	switch count {
	case 0:
		return strconv.Itoa(first) + ",0"
	case 1:
		return strconv.Itoa(first + 1)
	}
	return strconv.Itoa(first+1) + "," + strconv.Itoa(count)
}

// quote returns name as a diff header writes it: as it is, or in double quotes with C escapes
// (as git quotes a path, and git apply reads it) when it holds a quote, a backslash, a control
// character or a byte outside ASCII.
func quote(name string) string {
	plain := true
	for i := 0; i < len(name); i++ {
		if c := name[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' {
			plain = false
			break
		}
	}
	if plain {
		return name
	}
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(name); i++ {
		switch c := name[i]; c {
		case '"', '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case '\a':
			b.WriteString(`\a`)
		case '\b':
			b.WriteString(`\b`)
		case '\t':
			b.WriteString(`\t`)
		case '\n':
			b.WriteString(`\n`)
		case '\v':
			b.WriteString(`\v`)
		case '\f':
			b.WriteString(`\f`)
		case '\r':
			b.WriteString(`\r`)
		default:
			if c < 0x20 || c >= 0x7f {
				b.WriteString(`\` + strconv.FormatInt(int64(c)>>6, 8) + strconv.FormatInt(int64(c)>>3&7, 8) + strconv.FormatInt(int64(c)&7, 8))
			} else {
				b.WriteByte(c)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}
