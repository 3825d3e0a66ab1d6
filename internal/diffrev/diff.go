package diffrev

import (
	"bufio"
	"io"
	"strconv"
	"strings"
)

// parseDiff reads the added line ranges of a unified diff with zero context: the new-side path
// from each "+++ b/path" header and the new-side span from each "@@ -a,b +c,d @@" hunk header.
// The b+d lines of a hunk are its content, skipped by count: an added line that reads
// "++ b/other" is "+++ b/other" in the diff, and must not switch the file the next hunks
// belong to (that hid a pull request's own changes). Lines are read in pieces of at most 64 KiB,
// so that a long line costs no memory.
func parseDiff(r io.Reader) (map[string][]span, error) {
	files := map[string][]span{}
	var cur string
	content := 0 // content lines of the current hunk not yet read
	br := bufio.NewReaderSize(r, 64<<10)
	for {
		line, err := br.ReadSlice('\n')
		whole := err != bufio.ErrBufferFull
		if len(line) > 0 {
			switch {
			case content > 0 && (line[0] == '+' || line[0] == '-'):
				content--
			case line[0] == '\\': // "\ No newline at end of file"
			case !whole:
				content = 0 // no header is this long
			default:
				content = 0
				text := strings.TrimRight(string(line), "\r\n")
				switch {
				case strings.HasPrefix(text, "+++ "):
					cur = diffPath(strings.TrimSuffix(text[4:], "\t"))
					if cur != "" {
						if _, ok := files[cur]; !ok {
							files[cur] = []span{}
						}
					}
				case strings.HasPrefix(text, "@@ "):
					content = hunkLines(text)
					if s, ok := hunkSpan(text); ok && cur != "" {
						files[cur] = append(files[cur], s)
					}
				}
			}
		}
		for err == bufio.ErrBufferFull { // the rest of a long line
			_, err = br.ReadSlice('\n')
		}
		if err == io.EOF {
			return files, nil
		}
		if err != nil {
			return files, err
		}
	}
}

// hunkLines returns how many content lines follow "@@ -a,b +c,d @@" with zero context: b + d
// (each count defaults to 1).
func hunkLines(h string) int {
	fields := strings.Fields(h)
	if len(fields) < 3 {
		return 0
	}
	n := 0
	for _, f := range fields[1:3] {
		_, count, found := strings.Cut(f[1:], ",")
		c := 1
		if found {
			var err error
			if c, err = strconv.Atoi(count); err != nil || c < 0 {
				return 0
			}
		}
		n += c
	}
	return n
}

// diffPath decodes a "+++" header path: b/path, a C-quoted "b/path", or /dev/null ("").
func diffPath(p string) string {
	if strings.HasPrefix(p, `"`) {
		if u, err := strconv.Unquote(p); err == nil {
			p = u
		}
	}
	if p == "/dev/null" || !strings.HasPrefix(p, "b/") {
		return ""
	}
	return p[2:]
}

// hunkSpan reads the new side of "@@ -a,b +c,d @@ ...": lines c..c+d-1 (d defaults to 1; d = 0
// is a pure deletion, which adds no line).
func hunkSpan(h string) (span, bool) {
	fields := strings.Fields(h)
	if len(fields) < 3 || !strings.HasPrefix(fields[2], "+") {
		return span{}, false
	}
	start, count, found := strings.Cut(fields[2][1:], ",")
	c, err := strconv.Atoi(start)
	if err != nil {
		return span{}, false
	}
	n := 1
	if found {
		if n, err = strconv.Atoi(count); err != nil {
			return span{}, false
		}
	}
	if n <= 0 {
		return span{}, false
	}
	return span{c, c + n - 1}, true
}
