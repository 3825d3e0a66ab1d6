package format

import (
	"bytes"
	"testing"
)

// countingWriter counts the writes it is given.
type countingWriter struct {
	bytes.Buffer
	writes int
}

func (c *countingWriter) Write(p []byte) (int, error) {
	c.writes++
	return c.Buffer.Write(p)
}

// TestWriteBuffers: every format's output reaches the writer whole, in a few large writes, not
// one per finding (a system call each on a terminal, pipe or file).
func TestWriteBuffers(t *testing.T) {
	one := testReport(t)
	many := *one
	many.Findings = nil
	for range 200 {
		many.Findings = append(many.Findings, one.Findings...)
	}
	for _, name := range Names() {
		var direct bytes.Buffer
		f, ok := Lookup(name)
		if !ok {
			t.Fatalf("no format %s", name)
		}
		if err := f.Write(&direct, &many, Options{Snippet: true}); err != nil {
			t.Fatal(err)
		}
		var w countingWriter
		if err := Write(&w, name, &many, Options{Snippet: true}); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(w.Bytes(), direct.Bytes()) {
			t.Errorf("%s: the buffered output differs from the format's own", name)
		}
		if want := direct.Len()/writeBuffer + 1; w.writes > want {
			t.Errorf("%s: %d writes for %d bytes, want at most %d", name, w.writes, direct.Len(), want)
		}
	}
}
