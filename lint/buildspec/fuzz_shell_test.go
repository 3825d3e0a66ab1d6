package buildspec_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// checkScriptRange fails when r is not a valid range of src (source.Source.CheckRange).
func checkScriptRange(t *testing.T, src *source.Source, what string, r source.Range) {
	t.Helper()
	if err := src.CheckRange(r); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// describeScript renders a script's calls and error, checking every range against src.
func describeScript(t *testing.T, src *source.Source, sc *buildspec.Script) string {
	var b strings.Builder
	if sc.Err != nil {
		checkScriptRange(t, src, "shell error", sc.Err.Range)
		fmt.Fprintf(&b, "err %s %s\n", sc.Err.Range, sc.Err.Message)
	}
	for _, c := range sc.Calls {
		checkScriptRange(t, src, "call", c.Range())
		fmt.Fprintf(&b, "call %s depth=%d bg=%v cond=%v subst=%v wrappers=%v", c.Range(), c.Depth, c.Background, c.InCond, c.InSubst, c.Wrappers)
		for _, w := range c.Words {
			checkScriptRange(t, src, "word", w.Range())
			fmt.Fprintf(&b, " %s %q %v", w.Range(), w.Value, w.Lit)
		}
		b.WriteString("\n")
	}
	return b.String()
}

// FuzzParseScript: lint.ParseScript on arbitrary text, as a whole file (the way Dockerfile RUN
// lines and workflow run: steps reach it), in every dialect: no panic, every range inside the
// file, and the same result twice.
func FuzzParseScript(f *testing.F) {
	for _, s := range []string{
		"echo hi", "sudo -u x apt-get install -y jq && make",
		`sh -c "bash -c \"echo \\\"deep\\\"\""`, "echo $(date $(whoami)) `id`",
		"if [ -f x ]; then nohup dockerd & fi; until docker info; do sleep 1; done",
		"cat <<EOF\n$(x)\nEOF\n", "f() { timeout 15 sh -c 'docker ps'; }; f", "a=$((1+(2*3)))",
		"echo \"unclosed", "Write-Host $env:X; choco install -y jq", "echo \xff\xfe", "\x00",
		strings.Repeat("$(", 70) + strings.Repeat(")", 70),
	} {
		f.Add(s, uint8(0))
	}
	f.Add("Write-Host hi | Out-Null; & 'C:\\x y\\z.exe' /q", uint8(1))
	f.Add("cmd /c \"dir & echo x\"", uint8(2))
	f.Fuzz(func(t *testing.T, text string, d uint8) {
		dialect := buildspec.Dialect(d % 3)
		run := func() string {
			src := source.NewSource("Dockerfile", []byte(text))
			c := buildspec.NewCommand(buildspec.NewString(src, text, 0), "build", dialect)
			return describeScript(t, src, c.Script)
		}
		if a, b := run(), run(); a != b {
			t.Fatalf("ParseScript is not deterministic:\n%s\n---\n%s", a, b)
		}
	})
}

// BenchmarkParseScript is the shell layer alone: typical commands parsed and walked, with
// allocations.
func BenchmarkParseScript(b *testing.B) {
	cmds := []string{
		"apt-get update && apt-get install -y jq curl unzip",
		`curl -LO "https://dl.k8s.io/release/v1.29.0/bin/linux/amd64/kubectl" && chmod +x kubectl && mv kubectl /usr/local/bin/`,
		"nohup /usr/local/bin/dockerd --host=unix:///var/run/docker.sock --storage-driver=overlay2 &",
		`timeout 15 sh -c "until docker info; do echo .; sleep 1; done"`,
		"export IMAGE_TAG=$(echo $CODEBUILD_RESOLVED_SOURCE_VERSION | cut -c 1-7)",
		"set -euo pipefail\nif [ -f Makefile ]; then\n  make test\nfi\ndocker build -t \"$ECR_REGISTRY/app:$IMAGE_TAG\" .\n",
	}
	var srcs []*buildspec.String
	for _, c := range cmds {
		srcs = append(srcs, buildspec.NewString(source.NewSource("f", []byte(c)), c, 0))
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, s := range srcs {
			buildspec.NewCommand(s, "build", buildspec.DialectShell)
		}
	}
	b.ReportMetric(float64(len(cmds)*b.N)/b.Elapsed().Seconds(), "commands/s")
}
