package imageread

import (
	"archive/tar"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"
)

// Hostile layers: each is refused, or read, within bounded work and memory, and an error names
// the layer and the limit. No bound is a time: what a test counts (the entries or bytes a
// stream had to write, the directories flatten looked at, the bytes allocated) does not depend
// on the machine's speed. A stream that cannot end unless the mechanism under test stops it
// ends by itself past a multiple of the bound, so that a broken mechanism fails the test
// instead of hanging it.

// streamLayer is a layer whose tar stream is written as it is read, so that a test can read a
// stream far bigger than it could hold. The reader's Close waits for the writer to stop (its
// next write fails once the reader is closed), so that what the writer counted is final once
// flatten returns.
type streamLayer func(tw *tar.Writer) error

func (l streamLayer) Uncompressed() (io.ReadCloser, error) {
	pr, pw := io.Pipe()
	done := make(chan struct{})
	go func() {
		defer close(done)
		tw := tar.NewWriter(pw)
		err := l(tw)
		if err == nil {
			err = tw.Close()
		}
		pw.CloseWithError(err)
	}()
	return streamReader{pr, done}, nil
}

type streamReader struct {
	*io.PipeReader
	done chan struct{}
}

func (s streamReader) Close() error {
	err := s.PipeReader.Close()
	<-s.done
	return err
}

// bounded fails when f allocates more than maxMB.
func bounded(t *testing.T, what string, maxMB uint64, f func()) {
	t.Helper()
	n := allocated(f)
	if n > maxMB<<20 {
		t.Errorf("%s allocated %d MB, want at most %d", what, n>>20, maxMB)
	}
	t.Logf("%s: %.1f MB allocated", what, float64(n)/(1<<20))
}

func TestHostileTarBomb(t *testing.T) {
	// Many tiny entries: refused at MaxEntries, across the layers together, and the stream is
	// read no further than that.
	var written int
	bomb := streamLayer(func(tw *tar.Writer) error {
		for i := range 1_000_000 {
			if err := tw.WriteHeader(&tar.Header{Name: fmt.Sprintf("d%d/f%d", i%100, i), Mode: 0o644, Typeflag: tar.TypeReg}); err != nil {
				return err
			}
			written++
		}
		return nil
	})
	var err error
	bounded(t, "a tar bomb", 128, func() {
		_, err = flatten(context.Background(), []Layer{rawLayer{data: tarOf(t, exe("bin/sh"))}, bomb}, wanted, Limits{MaxEntries: 100_000})
	})
	if err == nil || !strings.Contains(err.Error(), "layer 2: more than 100000 files in the image's layers") {
		t.Errorf("err = %v, want layer 2 over the 100000 files", err)
	}
	if written > 100_000+8 {
		t.Errorf("the bomb wrote %d entries before flatten stopped reading it, want about 100001", written)
	}
}

func TestHostileHugeSizeHeader(t *testing.T) {
	// A header claiming a 10 GB file, with no data behind it: its data is never read, and the
	// stream ending early is an error.
	header := func(name string) []byte {
		var buf bytes.Buffer
		tw := tar.NewWriter(&buf)
		if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Typeflag: tar.TypeReg, Size: 10 << 30}); err != nil {
			t.Fatal(err)
		}
		tw.Flush() // the header block only; Close would want the data
		return append(buf.Bytes(), make([]byte, 4096)...)
	}
	for _, c := range []struct{ name, want string }{
		{"usr/bin/big", "layer 1: not a valid tar stream after 1 entries (the layer is corrupt or truncated: push or save the image again): unexpected EOF"},
		{"etc/os-release", "layer 1: not a valid tar stream after 1 entries (the layer is corrupt or truncated: push or save the image again): unexpected EOF"},
	} {
		var err error
		bounded(t, "a 10 GB header on "+c.name, 1, func() {
			_, err = flatten(context.Background(), layers(header(c.name)), wanted, Limits{})
		})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want %q", c.name, err, c.want)
		}
	}
	// A wanted file within the limit is read; over it, not read at all, and a note says so.
	big := tarOf(t, file("etc/os-release", strings.Repeat("x", 2<<20)))
	var tree *Tree
	var err error
	bounded(t, "a 2 MB os-release over a 1 MB limit", 1, func() {
		tree, err = flatten(context.Background(), layers(big), wanted, Limits{MaxFileSize: 1 << 20})
	})
	if err != nil || tree.Entries["/etc/os-release"] == nil || tree.Entries["/etc/os-release"].Data != nil ||
		len(tree.Notes) != 1 || !strings.Contains(tree.Notes[0], "/etc/os-release is 2097152 bytes, more than the 1048576 read of a file: it is not read") {
		t.Errorf("err = %v, notes %v", err, tree.Notes)
	}
	// Many wanted files, each under the limit, stop being read past the total.
	var many []ent
	for i := range 40 {
		many = append(many, file(fmt.Sprintf("var/lib/dpkg/info/p%d.list", i), strings.Repeat("x", 100<<10)))
	}
	manyLayer := tarOf(t, many...)
	bounded(t, "40 wanted files of 100 KB over a 1 MB total", 16, func() {
		tree, err = flatten(context.Background(), layers(manyLayer), wanted, Limits{MaxDataTotal: 1 << 20})
	})
	read := 0
	for _, e := range tree.Entries {
		if e.Data != nil {
			read++
		}
	}
	if err != nil || read != 10 || len(tree.Notes) != 30 {
		t.Errorf("err = %v; %d files read and %d notes, want 10 and 30", err, read, len(tree.Notes))
	}
	// The same file hidden by an upper layer is never read, whatever its size.
	if _, err := flatten(context.Background(), layers(big, tarOf(t, whiteout("etc/.wh.os-release"))), wanted, Limits{MaxFileSize: 1 << 20}); err != nil {
		t.Errorf("a whited-out big file: %v", err)
	}
}

func TestHostileLongNames(t *testing.T) {
	long := strings.Repeat("a/", 50_000) + "x" // 100 kB, a PAX record
	for _, es := range [][]ent{
		{file(long, "")},
		{symlink("bin/x", long)},
	} {
		_, err := flatten(context.Background(), layers(tarOf(t, es...)), wanted, Limits{})
		if err == nil || !strings.Contains(err.Error(), "layer 1: an entry's name or link target is longer than 4096 bytes") {
			t.Errorf("err = %v, want the name over the 4096 bytes", err)
		}
	}
}

func TestHostileDeepPaths(t *testing.T) {
	// Paths of 2,000 directories each, 5,000 of them, with an opaque directory and a whiteout
	// above: each directory is looked at once per layer, not once per file (which would be
	// 10,000,000 looks).
	deep := strings.Repeat("d/", 2000)
	lower := streamLayer(func(tw *tar.Writer) error {
		for i := range 5000 {
			if err := tw.WriteHeader(&tar.Header{Name: fmt.Sprintf("%sf%d", deep, i), Mode: 0o755, Typeflag: tar.TypeReg}); err != nil {
				return err
			}
		}
		return nil
	})
	upper := tarOf(t, whiteout("d/d/d/.wh..wh..opq"), whiteout("d/d/d/d/d/.wh.x"))
	var tr *Tree
	var err error
	const dirs = 2000 + 1 // d, d/d, ..., and /
	bounded(t, "5000 paths 2000 directories deep", 512, func() {
		tr, err = flatten(context.Background(), []Layer{lower, rawLayer{data: upper}}, wanted, Limits{})
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(tr.Entries) != 0 {
		t.Errorf("%d entries under an opaque directory kept", len(tr.Entries))
	}
	if tr.looks > dirs {
		t.Errorf("flatten looked at %d directories, want at most the %d there are", tr.looks, dirs)
	}
	tr, err = flatten(context.Background(), []Layer{lower}, wanted, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if len(tr.Entries) != 5000 {
		t.Errorf("%d entries, want 5000", len(tr.Entries))
	}
	if tr.looks > dirs {
		t.Errorf("flatten looked at %d directories, want at most the %d there are", tr.looks, dirs)
	}
}

func TestHostileLinks(t *testing.T) {
	// 20,000 executables on PATH, each the start of a chain of links through all the others
	// (a loop at the end), and links climbing out of the root: contents costs at most
	// MaxLinkDepth hops for each, and nothing resolves outside the image. Without the bound
	// the loops never end; with a bound of the chains' length, the 400,000,000 hops would
	// allocate gigabytes (each hop builds a path).
	const n = 20_000
	es := []ent{dir("bin"), exe("usr/bin/real"), symlink("bin/escape", "../../../../../../usr/bin/real"),
		symlink("bin/abs-escape", "/../../usr/bin/real"), symlink("bin/dirloop", "dirloop/x")}
	for i := range n {
		es = append(es, symlink(fmt.Sprintf("bin/l%d", i), fmt.Sprintf("l%d", (i+1)%n)))
	}
	tr := mustFlatten(t, layers(tarOf(t, es...)))
	var c *Contents
	bounded(t, "20000 looping link chains", 128, func() {
		c = contents(tr, []string{"/bin"})
	})
	want := map[string]string{"escape": "/bin/escape", "abs-escape": "/bin/abs-escape"}
	if len(c.Executables) != len(want) || c.Executables["escape"] == "" || c.Executables["abs-escape"] == "" {
		t.Errorf("executables = %v, want %v", c.Executables, want)
	}
}

func TestHostileManyWhiteouts(t *testing.T) {
	// 100,000 files, each whited out by the layer above: a few lookups each, and no directory
	// looked at but theirs, all gone.
	const n = 100_000
	var lower, upper []ent
	for i := range n {
		lower = append(lower, exe(fmt.Sprintf("usr/bin/t%d", i)))
		upper = append(upper, whiteout(fmt.Sprintf("usr/bin/.wh.t%d", i)))
	}
	l, u := tarOf(t, lower...), tarOf(t, upper...)
	var tr *Tree
	bounded(t, "100000 whiteouts", 128, func() { tr = mustFlatten(t, layers(l, u)) })
	if len(tr.Entries) != 0 {
		t.Errorf("%d entries left, want none", len(tr.Entries))
	}
	if tr.looks > 3 { // /usr/bin, /usr, /
		t.Errorf("flatten looked at %d directories, want at most 3", tr.looks)
	}
}

func TestFlattenRetainedMemory(t *testing.T) {
	// What a tree keeps for each of its entries: the entry, its path and its map slot; no tar
	// header. Real images have a few hundred thousand files.
	tars := benchLayers(t, 4, 100_000, 0)
	ls := layers(tars...)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	tr := mustFlatten(t, ls)
	runtime.GC()
	runtime.ReadMemStats(&after)
	n := len(tr.Entries)
	per := (int64(after.HeapAlloc) - int64(before.HeapAlloc)) / int64(n)
	t.Logf("%d entries, %d bytes each", n, per)
	if per > 320 {
		t.Errorf("a tree keeps %d bytes for each of its %d entries, want at most 320", per, n)
	}
	runtime.KeepAlive(tr)
	runtime.KeepAlive(ls)
}

// TestHostileManyLongNames: entries whose names and link targets are each under MaxPathLen but
// many are refused at MaxNameBytes, before their names pile up in the tree.
func TestHostileManyLongNames(t *testing.T) {
	long := strings.Repeat("n", 3000)
	var written int
	names := streamLayer(func(tw *tar.Writer) error {
		for i := range 10_000 {
			h := &tar.Header{Name: fmt.Sprintf("d/%s%d", long, i), Linkname: long, Mode: 0o777, Typeflag: tar.TypeSymlink}
			if err := tw.WriteHeader(h); err != nil {
				return err
			}
			written++
		}
		return nil
	})
	var err error
	bounded(t, "long names", 200, func() {
		_, err = flatten(context.Background(), []Layer{names}, wanted, Limits{MaxNameBytes: 8 << 20})
	})
	if err == nil || !strings.Contains(err.Error(), "names and link targets of the image's files are more than 8388608 bytes") {
		t.Errorf("err = %v, want the names over 8388608 bytes", err)
	}
	// Each entry holds about 6,000 bytes of name and target: the limit is past at entry 1,398.
	if want := (8<<20)/6000 + 8; written > want {
		t.Errorf("the stream wrote %d entries before flatten stopped reading it, want at most %d", written, want)
	}
}

// TestHostileEndlessLayer: a layer whose one file never ends (a compressed run of zeros
// decompresses without end; the tar reader skips a hidden or unwanted file's bytes by reading
// them) is read only until the context is done. The stream cancels the context once it has
// written 16 MiB, and flatten must stop there, with the context's error; were it not stopped,
// the stream would end by itself at 64 MiB, a truncated tar, and the test fail on the error.
func TestHostileEndlessLayer(t *testing.T) {
	const cancelAt, giveUpAt, chunk = 16 << 20, 64 << 20, 1 << 16
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var written int
	endless := streamLayer(func(tw *tar.Writer) error {
		if err := tw.WriteHeader(&tar.Header{Name: "big", Mode: 0o644, Typeflag: tar.TypeReg, Size: 1 << 50}); err != nil {
			return err
		}
		zeros := make([]byte, chunk)
		for written < giveUpAt {
			if _, err := tw.Write(zeros); err != nil {
				return err
			}
			if written += chunk; written >= cancelAt {
				cancel()
			}
		}
		return errors.New("the layer was read past the context's end")
	})
	_, err := flatten(ctx, []Layer{endless}, wanted, Limits{})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want the context's", err)
	}
	if written > cancelAt+2*chunk {
		t.Errorf("the layer was read for %d bytes, want at most %d: the reading stops once the context is done", written, cancelAt+2*chunk)
	}
}
