package inventory

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
	"github.com/buildspec-lint/buildspec-lint/lint/image"
	"github.com/buildspec-lint/buildspec-lint/lint/linttest"
)

// Hostile Dockerfiles. The Dockerfile is named by a configuration that a pull request can edit,
// so it is as hostile as a buildspec: each shape here is read in bounded time and memory, and
// what goes over a limit is an error at its line and column.

// readHostile reads a Dockerfile and fails when it allocates more than maxMB or takes more than
// 10 s (the shapes here took minutes, or all the memory, before their limits).
func readHostile(t *testing.T, data string, maxMB uint64) (*image.Inventory, error) {
	t.Helper()
	var a, b runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&a)
	start := time.Now()
	inv, err := fromDockerfile("Dockerfile", []byte(data))
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("reading %d bytes took %v", len(data), d)
	}
	runtime.ReadMemStats(&b)
	if n := b.TotalAlloc - a.TotalAlloc; n > maxMB<<20 {
		t.Errorf("reading %d bytes allocated %d MB, want at most %d", len(data), n>>20, maxMB)
	}
	return inv, err
}

// doubling returns ARG (or ENV) A1=x, A2=${A1}${A1}, ... An: An would be 2^(n-1) bytes.
func doubling(kw string, n int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s A1=x\n", kw)
	for i := 2; i <= n; i++ {
		fmt.Fprintf(&b, "%s A%d=${A%d}${A%d}\n", kw, i, i-1, i-1)
	}
	return b.String()
}

func TestHostileDockerfileExpansion(t *testing.T) {
	if !linttest.InChild(t) {
		return
	}
	over := fmt.Sprintf("ARG and ENV values expand to more than %d bytes here", MaxExpansion)
	for _, tc := range []struct{ name, file, want string }{
		// 30 levels in 627 bytes: 512 MB for A30 alone, and as much again for every level.
		// The values so far add up to more than 1 MiB at A22 (2^21 bytes), on line 22.
		{"args before FROM", doubling("ARG", 30) + "FROM alpine\n", "Dockerfile:21:5: "},
		{"args in a stage", "FROM alpine\n" + doubling("ARG", 30), "Dockerfile:22:5: "},
		{"envs", "FROM alpine\n" + doubling("ENV", 30), "Dockerfile:22:5: "},
		{"defaults", "FROM alpine\nARG A1=x\n" + func() string {
			var b strings.Builder
			for i := 2; i <= 30; i++ {
				fmt.Fprintf(&b, "ARG A%d=${X:-$A%d$A%d}\n", i, i-1, i-1)
			}
			return b.String()
		}(), "Dockerfile:22:5: "},
		// Each value under the budget, each RUN word under it, all of them together over it.
		{"words", "FROM alpine\n" + doubling("ARG", 17) + "RUN echo" + strings.Repeat(" $A17", 100) + "\n", "Dockerfile:19:"},
		{"copy", "FROM alpine\n" + doubling("ENV", 17) + "COPY" + strings.Repeat(" $A17", 100) + " /usr/local/bin/\n", "Dockerfile:19:"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := readHostile(t, tc.file, 64)
			if err == nil || !strings.HasPrefix(err.Error(), tc.want) || !strings.Contains(err.Error(), over) {
				t.Errorf("error %v, want %s...: %s", err, tc.want, over)
			}
		})
	}
	// ${A//x/yyyy} makes a value bigger than its variable: it is left as written, not substituted.
	inv, err := readHostile(t, "FROM alpine\n"+doubling("ARG", 18)+"RUN curl -o /usr/local/bin/${A18//x/"+strings.Repeat("y", 4096)+"} https://example.com/t\n", 64)
	if err != nil || inv == nil {
		t.Errorf("a replacement: %v", err)
	}
	// Under the budget, values are substituted as before.
	inv, err = readHostile(t, "FROM alpine\n"+doubling("ARG", 10)+"ARG V=1.32.0\nRUN pip3 install awscli==${V}\n", 16)
	if err != nil || tool(inv, "aws") != "aws@1.32.0 <Dockerfile:13>" {
		t.Errorf("under the budget: %v, tool %s", err, tool(inv, "aws"))
	}
}

func TestHostileDockerfileRun(t *testing.T) {
	if !linttest.InChild(t) {
		return
	}
	const n = 300_000
	for _, tc := range []struct{ name, run, want string }{
		{"pipes", strings.Repeat("a|", n) + "a", fmt.Sprintf("Dockerfile:2:%d: RUN command has more than %d words and operators: the Dockerfile is not read", 5+buildspec.MaxShellTokens, buildspec.MaxShellTokens)},
		{"ands", strings.Repeat("a && ", n) + "a", "Dockerfile:2:"},
		{"time", strings.Repeat("time ", n) + "a", "Dockerfile:2:"},
		{"continuation lines", strings.Repeat("a | \\\n", n) + "a", fmt.Sprintf("Dockerfile:%d:", 2+buildspec.MaxShellTokens/2)},
		{"depth", strings.Repeat("a|", 4000) + "a", fmt.Sprintf("Dockerfile:2:%d: RUN command is more than %d levels deep", 5+2*(4000-buildspec.MaxShellTreeDepth/2)+1, buildspec.MaxShellTreeDepth)},
		{"heredoc script", "<<EOF\n" + strings.Repeat("a|", n) + "a\nEOF", "Dockerfile:3:"},
		// RUNs each under the token limit, over the budget of all of them together: the 50th RUN
		// (line 51) takes them past 200,000 tokens.
		{"many runs", strings.Repeat(strings.Repeat("a;", 2000)+"a\nRUN ", 99) + "a", fmt.Sprintf("Dockerfile:51:5: RUN instructions have more than %d words and operators in all", buildspec.MaxDocumentTokens)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := readHostile(t, "FROM alpine\nRUN "+tc.run+"\n", 256)
			if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
				t.Errorf("error %.300v, want %s", err, tc.want)
			}
		})
	}
}

// TestHostileDockerfileSize: shapes that cost quadratic time in the number of stages, lines or
// heredocs of a Dockerfile under the size limit, now linear.
func TestHostileDockerfileSize(t *testing.T) {
	if !linttest.InChild(t) {
		return
	}
	t.Run("chained stages", func(t *testing.T) {
		// 88,000 stages, each FROM the one before: 49 s before.
		var b strings.Builder
		b.WriteString("FROM alpine AS s0\nRUN apk add jq\n")
		for i := 1; i < 88_000; i++ {
			fmt.Fprintf(&b, "FROM s%d AS s%d\n", i-1, i)
		}
		b.WriteString("FROM s87999\nRUN apk add yq\n")
		inv, err := readHostile(t, b.String(), 512)
		if err != nil || tool(inv, "jq") != "jq <Dockerfile:2>" || tool(inv, "yq") == "missing" {
			t.Errorf("%v: jq %s, yq %s", err, tool(inv, "jq"), tool(inv, "yq"))
		}
	})
	t.Run("unrelated stages", func(t *testing.T) {
		var b strings.Builder
		for i := 0; i < 88_000; i++ {
			fmt.Fprintf(&b, "FROM alpine AS s%d\n", i)
		}
		if _, err := readHostile(t, b.String(), 512); err != nil {
			t.Error(err)
		}
	})
	t.Run("continuation lines", func(t *testing.T) {
		// COPY of 100,000 sources on as many lines: each source is mapped to its line.
		var b strings.Builder
		b.WriteString("FROM alpine\nCOPY")
		for i := 0; i < 100_000; i++ {
			fmt.Fprintf(&b, " a%d \\\n", i)
		}
		b.WriteString(" /usr/local/bin/\n")
		inv, err := readHostile(t, b.String(), 512)
		if err != nil || tool(inv, "a0") != "a0 <Dockerfile:2>" || tool(inv, "a99999") != "a99999 <Dockerfile:100001>" {
			t.Errorf("%v: %s, %s", err, tool(inv, "a0"), tool(inv, "a99999"))
		}
	})
	t.Run("heredocs", func(t *testing.T) {
		// 1,500 documents of 2 KB in one RUN (under the token limit): joined once each.
		var b strings.Builder
		b.WriteString("FROM alpine\nRUN cat")
		for i := 0; i < 1_500; i++ {
			fmt.Fprintf(&b, " <<E%d", i)
		}
		b.WriteString("\n")
		for i := 0; i < 1_500; i++ {
			fmt.Fprintf(&b, "%s\nE%d\n", strings.Repeat("x", 2048), i)
		}
		if _, err := readHostile(t, b.String(), 512); err != nil {
			t.Error(err)
		}
	})
}
