package lint_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"github.com/buildspec-lint/buildspec-lint/internal/inventory"
	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
	"github.com/buildspec-lint/buildspec-lint/rules"
)

// Hostile inputs for the fix engine: files that offer as many fixes as they can, as large as
// fixes are verified in, nested deep, split into many documents. Verifying a fix lints the file
// again, so each shape must stay within the budget of text linted (lint.MaxFixVerifyBytes).

// hostileFixChild names the environment variable that makes TestHostileFixes the child that lints
// the shapes (in a subprocess with an address-space limit).
const hostileFixChild = "BUILDSPEC_LINT_HOSTILE_FIX_CHILD"

// fixShape is a hostile file for the fix engine and what Fix must do with it.
type fixShape struct {
	name string
	data string
	// fixed says whether Fix must change the file.
	fixed bool
}

// fixShapes builds files in which every line has a finding with a fix (BSL205 on
// aws/codebuild/standard:7.0: `timeout -t`): hundreds of them, in lists, blocks, chains and
// documents, a file as large as fixes are verified in and one larger, and files nested deep.
func fixShapes() []fixShape {
	const head = "version: 0.2\nphases:\n  build:\n    commands:\n"
	fill := func(head, line, tail string, size int) string {
		var b strings.Builder
		b.WriteString(head)
		for b.Len()+len(line)+len(tail) < size {
			b.WriteString(line)
		}
		b.WriteString(tail)
		return b.String()
	}
	max := lint.MaxFixFileSize
	nest := 5000
	block := "      - |\n" + strings.Repeat("        timeout -t 5 make\n", 200)
	chain := "      - true" + strings.Repeat(" && timeout -t 5 make", 200) + "\n"
	return []fixShape{
		{"a fix on every line", fill(head, "      - timeout -t 5 make\n", "", 900*27), true},
		{"a fix on every line of blocks", fill(head, block, "", 4*len(block)), true},
		{"fixes on long lines", fill(head, chain, "", 4*len(chain)), true},
		{"a fix in every document", fill("", "version: 0.2\nphases: {build: {commands: [timeout -t 5 make]}}\n---\n", "", 900*69), true},
		{"a file of the size", fill(head, "      - timeout -t 5 make #"+strings.Repeat(" ", 512)+"\n", "", max), true},
		{"a file over the size", fill(head, "      - timeout -t 5 make\n", "", max+100), false},
		{"more findings than are shown", fill(head, "      - timeout -t 5 make\n", "", 1100*27), false},
		{"deep nesting beside a fix", head + "      - timeout -t 5 make\nx: " + strings.Repeat("[", nest) + strings.Repeat("]", nest) + "\n", false},
		{"deep block nesting beside a fix", head + "      - timeout -t 5 make\nx:\n" + strings.Repeat("- ", nest) + "x\n", false},
		{"an alias bomb beside a fix", head + "      - timeout -t 5 make\n" + laughs(9, "", false), true},
		{"long words beside a fix", head + "      - timeout -t 5 make " + strings.Repeat("x", max/2) + "\n", true},
	}
}

// TestHostileFixes lints and fixes each shape in a subprocess under a 2 GiB address-space limit:
// no panic, at most 20 s and 1 GiB allocated by Fix (about 1 s and 400 MB at most on an idle
// machine), every offered fix inside the file, and Fix's result fixed again either left alone or
// really changed (the fixes past the budget are offered once the first ones are applied).
func TestHostileFixes(t *testing.T) {
	if os.Getenv(hostileFixChild) != "" {
		hostileFixes(t)
		return
	}
	if testing.Short() {
		t.Skip("lints files of 256 KiB with their fixes (about 20 s); run without -short")
	}
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(sh, "-c", `ulimit -v 2097152 && exec "$0" "$@"`, os.Args[0], "-test.run", "^TestHostileFixes$", "-test.v", "-test.count=1")
	cmd.Env = append(os.Environ(), hostileFixChild+"=1")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("the child failed (%v):\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "--- PASS: TestHostileFixes") {
		t.Fatalf("the child did not pass:\n%s", out.String())
	}
	t.Log(out.String())
}

func hostileFixes(t *testing.T) {
	debug.SetMemoryLimit(1 << 30)
	inv := inventory.Builtin("aws/codebuild/standard:7.0")
	if inv == nil {
		t.Fatal("no built-in aws/codebuild/standard:7.0")
	}
	l := &lint.Linter{Rules: rules.All()}
	fs := &lint.FileSettings{Image: inv}
	for _, s := range fixShapes() {
		t.Run(s.name, func(t *testing.T) {
			src := source.NewSource("hostile.yml", []byte(s.data))
			var fixed *lint.Fixed
			var notes []lint.FixNote
			start := time.Now()
			n := allocated(func() { fixed, _, notes = l.Fix(src, fs) })
			took := time.Since(start)
			t.Logf("%d bytes: fixed %v, %d notes, %v, %d MB allocated", len(s.data), fixed != nil, len(notes), took.Round(time.Millisecond), n>>20)
			for _, note := range notes {
				if s := note.String(); strings.ContainsAny(s, "\x00\r\n\x1b") || len(s) > 2000 {
					t.Errorf("a note has control characters or is long: %.200q", s)
				}
			}
			if took > 20*time.Second {
				t.Errorf("took %v", took)
			}
			if n > 1<<30 {
				t.Errorf("allocated %d MB", n>>20)
			}
			if (fixed != nil) != s.fixed {
				t.Fatalf("fixed %v, want %v; notes:\n%v", fixed != nil, s.fixed, notes)
			}
			if fixed == nil {
				return
			}
			again, _, _ := l.Fix(source.NewSource("hostile.yml", fixed.After), fs)
			if again != nil && bytes.Equal(again.After, fixed.After) {
				t.Errorf("fixing the fixed file returned it unchanged as fixed")
			}
			for _, f := range l.Lint(src, fs) {
				if f.Fix != nil {
					for _, e := range f.Fix.Edits {
						checkRange(t, src, f.RuleID()+" fix", e.Range)
					}
				}
			}
		})
	}
	fmt.Println("all shapes done")
}
