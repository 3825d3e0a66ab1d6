package imageread

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
)

// childLayoutEnv names the OCI layout that the test binary, run as BenchmarkReadLayout's child,
// reads and measures.
const childLayoutEnv = "IMAGEREAD_BENCH_LAYOUT"

func TestMain(m *testing.M) {
	if dir := os.Getenv(childLayoutEnv); dir != "" {
		os.Exit(readLayoutChild(dir))
	}
	os.Exit(m.Run())
}

// readLayoutChild reads the layout dir as Read does, and prints what it found and the time.
func readLayoutChild(dir string) int {
	start := time.Now()
	c, err := Read(context.Background(), "oci:"+dir, Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	elapsed := time.Since(start)
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	// VmHWM is this process's peak RSS (the rusage of a child counts its parent's memory
	// before exec).
	hwm := ""
	if status, err := os.ReadFile("/proc/self/status"); err == nil {
		for line := range strings.Lines(string(status)) {
			if strings.HasPrefix(line, "VmHWM:") {
				hwm = strings.TrimSpace(strings.TrimPrefix(line, "VmHWM:"))
			}
		}
	}
	fmt.Printf("%d executables, os %q, in %v (cpu %v user, %v system), peak RSS %s\n", len(c.Executables), c.OSID,
		elapsed.Round(time.Millisecond), time.Duration(ru.Utime.Nano()).Round(time.Millisecond),
		time.Duration(ru.Stime.Nano()).Round(time.Millisecond), hwm)
	return 0
}

// benchLayers are n tar layers of files entries in all, in a realistic shape: deep package
// directories, executables in /usr/bin, some of them links; with data, each file gets size
// bytes at most, half of them random (incompressible).
func benchLayers(tb testing.TB, n, files, size int) [][]byte {
	r := rand.New(rand.NewPCG(1, 2))
	text := bytes.Repeat([]byte("def f(x):\n    return x + 1\n"), 1+size/28)
	out := make([][]byte, n)
	for l := range n {
		var buf bytes.Buffer
		tw := tar.NewWriter(&buf)
		for i := range files / n {
			var h tar.Header
			switch i % 10 {
			case 0:
				h = tar.Header{Name: fmt.Sprintf("usr/bin/tool-%d-%d", l, i), Mode: 0o755, Typeflag: tar.TypeReg}
			case 1:
				h = tar.Header{Name: fmt.Sprintf("usr/local/bin/link-%d-%d", l, i), Typeflag: tar.TypeSymlink, Linkname: fmt.Sprintf("/usr/bin/tool-%d-%d", l, i-1)}
			default:
				h = tar.Header{Name: fmt.Sprintf("usr/lib/python3/dist-packages/pkg%d/sub%d/mod%d-%d.py", i%500, i%7, l, i), Mode: 0o644, Typeflag: tar.TypeReg}
			}
			var data []byte
			if size > 0 && h.Typeflag == tar.TypeReg {
				k := r.IntN(size + 1)
				data = make([]byte, k)
				half := k / 2
				for j := 0; j < half; j += 8 {
					v := r.Uint64()
					for b := 0; b < 8 && j+b < half; b++ {
						data[j+b] = byte(v >> (8 * b))
					}
				}
				copy(data[half:], text)
				h.Size = int64(k)
			}
			if err := tw.WriteHeader(&h); err != nil {
				tb.Fatal(err)
			}
			if _, err := tw.Write(data); err != nil {
				tb.Fatal(err)
			}
		}
		if l == 0 {
			osr := "ID=debian\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n"
			tw.WriteHeader(&tar.Header{Name: "etc/os-release", Mode: 0o644, Typeflag: tar.TypeReg, Size: int64(len(osr))})
			io.WriteString(tw, osr)
		}
		if err := tw.Close(); err != nil {
			tb.Fatal(err)
		}
		out[l] = buf.Bytes()
	}
	return out
}

// BenchmarkFlatten flattens 10 layers of 100,000 entries in all (uncompressed, in memory).
func BenchmarkFlatten(b *testing.B) {
	tars := benchLayers(b, 10, 100_000, 0)
	ls := layers(tars...)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		tr, err := flatten(context.Background(), ls, wanted, Limits{})
		if err != nil {
			b.Fatal(err)
		}
		if len(tr.Entries) < 100_000 {
			b.Fatalf("%d entries", len(tr.Entries))
		}
	}
}

// BenchmarkReadLayout writes an OCI layout of about 200 MB (compressed, 8 layers, 50,000
// files) and reads it in a child process, reporting the child's time and peak RSS. Run it
// once: go test -run '^$' -bench ReadLayout -benchtime 1x ./internal/imageread
func BenchmarkReadLayout(b *testing.B) {
	dir := b.TempDir()
	p, err := layout.Write(dir, empty.Index)
	if err != nil {
		b.Fatal(err)
	}
	img := empty.Image
	var compressed int64
	for _, t := range benchLayers(b, 8, 50_000, 16<<10) {
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
		zw.Write(t)
		zw.Close()
		z := buf.Bytes()
		compressed += int64(len(z))
		l, err := tarball.LayerFromOpener(func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(z)), nil })
		if err != nil {
			b.Fatal(err)
		}
		if img, err = mutate.AppendLayers(img, l); err != nil {
			b.Fatal(err)
		}
	}
	if err := p.AppendImage(img); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		cmd := exec.Command(os.Args[0])
		cmd.Env = append(os.Environ(), childLayoutEnv+"="+dir)
		start := time.Now()
		out, err := cmd.CombinedOutput()
		if err != nil {
			b.Fatalf("%v: %s", err, out)
		}
		b.ReportMetric(float64(compressed)/(1<<20), "MB-compressed")
		b.ReportMetric(time.Since(start).Seconds(), "s")
		b.Logf("%s", bytes.TrimSpace(out))
	}
}
