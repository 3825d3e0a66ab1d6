package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/format"
	"github.com/buildspec-lint/buildspec-lint/lint/linttest"
)

// maxPeakMemory is what one run may spend, whatever the 4 MiB file it lints holds.
const maxPeakMemory = 500 << 20

// TestHostileMemory runs the CLI, in a subprocess under a 4 GiB address-space limit (before the
// limits, a 4 MiB file of `k: v` lines took 3.9 GB, 6.9 GB with SARIF), on every hostile shape
// of the default size limit, in every output format, one file at a time. Its peak resident
// memory must stay under 500 MB, and the findings of a neighbour file must still be printed.
func TestHostileMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("lints 11 files of 4 MiB in 6 formats (about 40 s); run without -short")
	}
	bin, err := exec.LookPath("buildspec-lint") // the test binary itself, set up by TestMain
	if err != nil {
		t.Fatal(err)
	}
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	var paths []string
	for _, s := range linttest.HostileShapes(lint.DefaultMaxFileSize) {
		p := filepath.Join(dir, strings.ReplaceAll(s.Name, " ", "-")+".yml")
		if err := os.WriteFile(p, s.Data, 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	neighbour := filepath.Join(dir, "zz-neighbour.yml")
	os.WriteFile(neighbour, []byte("version: 0.2\nphases:\n  install:\n  build:\n    commands: [make]\n"), 0o644)
	paths = append(paths, neighbour)
	for _, f := range format.Names() {
		t.Run(f, func(t *testing.T) {
			t.Parallel()
			sarif := filepath.Join(t.TempDir(), "report.sarif")
			args := append([]string{"-c", `ulimit -v 4194304 && exec "$0" "$@"`, bin, "-j", "1", "--format", f, "--sarif-file", sarif}, paths...)
			cmd := exec.Command(sh, args...)
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			start := time.Now()
			err := cmd.Run()
			if code := cmd.ProcessState.ExitCode(); code != exitFindings {
				t.Fatalf("exit %d (%v), want %d; stderr:\n%s", code, err, exitFindings, tail(stderr.String()))
			}
			peak := cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss << 10 // KiB on Linux
			t.Logf("%d files in %s (and SARIF): peak %d MB, %v, %d bytes of output", len(paths), f, peak>>20, time.Since(start).Round(time.Millisecond), stdout.Len())
			if peak > maxPeakMemory {
				t.Errorf("peak memory %d MB, want under %d MB", peak>>20, maxPeakMemory>>20)
			}
			out := stdout.String()
			if !strings.Contains(out, "zz-neighbour.yml") || !strings.Contains(out, "phase install is empty") {
				t.Errorf("the neighbour file's finding is missing from the output:\n%s", tail(out))
			}
			if data, err := os.ReadFile(sarif); err != nil || !bytes.Contains(data, []byte("phase install is empty")) {
				t.Errorf("the neighbour file's finding is missing from the SARIF file (%v)", err)
			}
		})
	}
}

// tail returns the end of a long output.
func tail(s string) string {
	if len(s) > 2000 {
		return fmt.Sprintf("...%s", s[len(s)-2000:])
	}
	return s
}
