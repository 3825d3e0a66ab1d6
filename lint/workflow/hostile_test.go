package workflow

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// aliasBomb is a workflow of a few hundred bytes whose aliases of aliases expand to 10^9 values.
func aliasBomb() string {
	var b strings.Builder
	b.WriteString("on: push\nx0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n")
	for i := 1; i <= 9; i++ {
		fmt.Fprintf(&b, "x%d: &a%d [", i, i)
		for k := range 10 {
			if k > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "*a%d", i-1)
		}
		b.WriteString("]\n")
	}
	b.WriteString("jobs:\n  build:\n    runs-on: ubuntu-latest\n    env:\n      X: *a9\n    steps:\n      - run: make\n")
	return b.String()
}

// TestAliasBombChild is the child of TestAliasBomb: it reads the bomb in a process whose memory
// the parent limits.
func TestAliasBombChild(t *testing.T) {
	if os.Getenv("WORKFLOW_ALIAS_BOMB_CHILD") != "1" {
		t.Skip("run by TestAliasBomb in a process of its own")
	}
	bomb := []byte(aliasBomb())
	start := time.Now()
	f := Read(source.NewSource(".github/workflows/bomb.yml", bomb))
	if f.Problem == nil || len(f.Jobs) != 0 {
		t.Fatalf("Read: problem %v, %d jobs; want a problem and no jobs", f.Problem, len(f.Jobs))
	}
	if !strings.Contains(f.Problem.Message, "aliases") {
		t.Errorf("problem %q does not name the aliases", f.Problem.Message)
	}
	c := ReadComposite(source.NewSource("action.yml", []byte("runs:\n  using: composite\n"+strings.TrimPrefix(aliasBomb(), "on: push\n"))))
	if c.Problem == nil {
		t.Errorf("ReadComposite: no problem")
	}
	IsComposite(bomb)
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("reading the bomb took %v", d)
	}
}

// TestAliasBomb: a workflow whose aliases expand to a billion values is refused quickly, in a
// process with a memory limit so that a regression cannot take the machine down.
func TestAliasBomb(t *testing.T) {
	if len(aliasBomb()) > 1000 {
		t.Fatalf("the bomb is %d bytes, want a small file", len(aliasBomb()))
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Fatal("sh is needed to limit the child's memory:", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, sh, "-c", `ulimit -v 4000000 && exec "$0" -test.run='^TestAliasBombChild$' -test.count=1 -test.v`, filepath.Clean(exe))
	cmd.Env = append(os.Environ(), "WORKFLOW_ALIAS_BOMB_CHILD=1")
	out, err := cmd.CombinedOutput()
	if ctx.Err() != nil {
		t.Fatalf("reading the bomb did not end in 60 s:\n%s", out)
	}
	if err != nil || !strings.Contains(string(out), "--- PASS: TestAliasBombChild") {
		t.Fatalf("child: %v\n%s", err, out)
	}
}

// A panic while reading a workflow or an action is the file's Problem at its start, not a crash
// of the run: Read and ReadComposite both go through safely.
func TestReadPanicIsAProblem(t *testing.T) {
	src := source.NewSource("ci.yml", []byte("on: push\n"))
	f := safely(src, func(*source.Source) *File { panic("boom") })
	if f == nil || f.Problem == nil || f.Source != src || len(f.Jobs) != 0 {
		t.Fatalf("safely = %+v, want a file with a Problem and no jobs", f)
	}
	if !strings.Contains(f.Problem.Message, "the workflow parser failed on this file (boom)") || f.Problem.Range.Start.Line != 1 || f.Problem.Range.Start.Col != 1 {
		t.Errorf("problem %v %q", f.Problem.Range, f.Problem.Message)
	}
	if f := safely(src, readFile); f.Problem != nil || len(f.Jobs) != 0 {
		t.Errorf("a file that reads: %+v", f)
	}
}
