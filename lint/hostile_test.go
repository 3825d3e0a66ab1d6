package lint_test

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/buildspec-lint/buildspec-lint/internal/fsutil"
	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
	"github.com/buildspec-lint/buildspec-lint/lint/finding"
	"github.com/buildspec-lint/buildspec-lint/lint/linttest"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
	"github.com/buildspec-lint/buildspec-lint/rules"
)

// Hostile inputs: each is linted with every rule, costs bounded memory, reports what
// went over a limit as a finding with a position, and keeps every range inside the file.

// allocated returns the bytes f allocates.
func allocated(f func()) uint64 {
	var a, b runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&a)
	f()
	runtime.ReadMemStats(&b)
	return b.TotalAlloc - a.TotalAlloc
}

// lintHostile lints data, checks every finding's range, fails when it allocates more than maxMB,
// and returns the findings as "RULE LINE:COL message" lines.
func lintHostile(t *testing.T, data string, maxMB uint64, lim *buildspec.Limits) []string {
	t.Helper()
	l := &lint.Linter{Rules: rules.All()}
	src := source.NewSource("hostile.yml", []byte(data))
	var found []*finding.Finding
	if n := allocated(func() { found = l.Lint(src, &lint.FileSettings{Limits: lim}) }); n > maxMB<<20 {
		t.Errorf("linting %d bytes allocated %d MB, want at most %d", len(data), n>>20, maxMB)
	}
	var out []string
	for _, f := range found {
		checkRange(t, src, f.RuleID(), f.Range)
		out = append(out, fmt.Sprintf("%s %d:%d %s", f.RuleID(), f.Range.Start.Line, f.Range.Start.Col, f.Message))
	}
	return out
}

// wantFinding fails unless one of the findings starts with prefix.
func wantFinding(t *testing.T, found []string, prefix string) {
	t.Helper()
	for _, f := range found {
		if strings.HasPrefix(f, prefix) {
			return
		}
	}
	t.Errorf("no finding %q in:\n%s", prefix, strings.Join(found, "\n"))
}

// laughs returns a billion-laughs chain of anchors x0..x(levels-1), each a list (or, with merge,
// a mapping merging) of ten aliases of the one before, indented by indent.
func laughs(levels int, indent string, merge bool) string {
	var b strings.Builder
	if merge {
		fmt.Fprintf(&b, "%sx0: &x0 {a: echo a, b: echo b, c: echo c, d: echo d, e: echo e, f: echo f, g: echo g, h: echo h, i: echo i, j: echo j}\n", indent)
	} else {
		fmt.Fprintf(&b, "%sx0: &x0 [echo a, echo b, echo c, echo d, echo e, echo f, echo g, echo h, echo i, echo j]\n", indent)
	}
	for i := 1; i < levels; i++ {
		refs := strings.TrimSuffix(strings.Repeat(fmt.Sprintf("*x%d, ", i-1), 10), ", ")
		if merge {
			fmt.Fprintf(&b, "%sx%d: &x%d {<<: [%s]}\n", indent, i, i, refs)
		} else {
			fmt.Fprintf(&b, "%sx%d: &x%d [%s]\n", indent, i, i, refs)
		}
	}
	return b.String()
}

func TestHostileAliasBombs(t *testing.T) {
	t.Run("lists", func(t *testing.T) {
		// 10^9 values if expanded; the model never expands a list of aliases.
		lintHostile(t, "version: 0.2\n"+laughs(9, "", false)+"phases:\n  build:\n    commands: [make]\n", 16, nil)
	})
	t.Run("merges", func(t *testing.T) {
		// 10^9 values of text: over the text limit at the first alias.
		f := lintHostile(t, "version: 0.2\n"+laughs(9, "", true)+"phases:\n  build:\n    <<: *x8\n    commands: [make]\n", 64, nil)
		wantFinding(t, f, fmt.Sprintf("BSL001 13:9 aliases and merge keys expand to more than %d MiB of text", buildspec.MaxAliasText>>20))
		// 10^5 values (700 KB): over the values limit, reported at the alias where the count ran over.
		f = lintHostile(t, "version: 0.2\n"+laughs(5, "", true)+"phases:\n  build:\n    <<: *x4\n    commands: [make]\n", 64, nil)
		wantFinding(t, f, fmt.Sprintf("BSL001 3:25 aliases and merge keys expand to more than %d values", buildspec.DefaultLimits.MaxNodes))
	})
	t.Run("commands", func(t *testing.T) {
		// commands that are aliases of lists of aliases: the text limit stops them at the first.
		f := lintHostile(t, "version: 0.2\nx:\n"+laughs(9, "  ", false)+"phases:\n  build:\n    commands: *x8\n  post_build:\n    commands: [*x8, *x8, *x8]\n", 16, nil)
		wantFinding(t, f, "BSL001 14:15 aliases and merge keys expand to more than 4 MiB of text")
		// Under it, each is reported and none expanded.
		f = lintHostile(t, "version: 0.2\nx:\n"+laughs(4, "  ", false)+"phases:\n  build:\n    commands: *x3\n  post_build:\n    commands: [*x3, *x3, *x3]\n", 16, nil)
		wantFinding(t, f, "BSL006 ")
	})
	t.Run("secondary artifacts", func(t *testing.T) {
		// One big mapping referenced many times: quadratic without the alias budget.
		var b strings.Builder
		b.WriteString("version: 0.2\nbig: &big\n")
		for i := 0; i < 2000; i++ {
			fmt.Fprintf(&b, "  k%d: v\n", i)
		}
		b.WriteString("phases:\n  build:\n    commands: [make]\nartifacts:\n  files: [a]\n  secondary-artifacts:\n")
		for i := 0; i < 2000; i++ {
			fmt.Fprintf(&b, "    a%d: *big\n", i)
		}
		f := lintHostile(t, b.String(), 256, nil)
		wantFinding(t, f, "BSL001 ")
	})
	t.Run("configurable", func(t *testing.T) {
		data := "version: 0.2\n" + laughs(3, "", true) + "phases:\n  build:\n    <<: *x2\n    commands: [make]\n"
		if f := lintHostile(t, data, 16, nil); strings.Contains(strings.Join(f, "\n"), "alias bomb") {
			t.Errorf("100 merged values reported under the default limit: %v", f)
		}
		wantFinding(t, lintHostile(t, data, 16, &buildspec.Limits{MaxNodes: 50}), "BSL001 3:15 aliases and merge keys expand to more than 50 values")
	})
}

func TestHostileNesting(t *testing.T) {
	// yaml v3 refuses more than 10,000 levels of flow or block nesting itself ("exceeded max depth
	// of 10000"), iteratively; the model's own recursion (nodeEnd) stops at 64 levels.
	for _, n := range []int{10000, 10001} {
		flow := "version: 0.2\nx: " + strings.Repeat("[", n) + strings.Repeat("]", n) + "\nphases:\n  build:\n    commands: [make]\n"
		block := "version: 0.2\nphases:\n  build:\n    commands:\n      - " + strings.Repeat("- ", n) + "x\n"
		for _, data := range []string{flow, block} {
			if f := lintHostile(t, data, 64, nil); n > 10000 {
				wantFinding(t, f, "BSL001 ")
				wantFinding(t, f, "BSL001 ") // with the line of the nesting
			}
		}
	}
	// Block mappings indented 10,000 deep are 50 MB: they fall to the file size limit instead.
}

func TestHostileLongLine(t *testing.T) {
	f := lintHostile(t, "version: 0.2\nphases:\n  build:\n    commands:\n      - echo "+strings.Repeat("a", 1<<20)+"\n", 64, nil)
	if len(f) != 0 {
		t.Errorf("a long valid command: %v", f)
	}
	// A 1 MB line that is one flow list of words.
	lintHostile(t, "version: 0.2\nphases:\n  build:\n    commands: ["+strings.Repeat("ls, ", 1<<18)+"ls]\n", 512, nil)
}

func TestHostileManyCommands(t *testing.T) {
	var b strings.Builder
	b.WriteString("version: 0.2\nphases:\n  build:\n    commands:\n")
	for i := 0; i < 100000; i++ {
		fmt.Fprintf(&b, "      - echo %d\n", i)
	}
	max := buildspec.DefaultLimits.MaxCommands
	f := lintHostile(t, b.String(), 512, nil)
	wantFinding(t, f, fmt.Sprintf("BSL001 %d:9 the document has more than %d commands", 5+max, max))
	wantFinding(t, lintHostile(t, b.String(), 512, &buildspec.Limits{MaxCommands: 10}), "BSL001 15:9 the document has more than 10 commands")
}

func TestHostileBytes(t *testing.T) {
	head := "version: 0.2\nphases:\n  build:\n    commands:\n      - echo "
	wantFinding(t, lintHostile(t, head+"\xff\xfe ok\n", 8, nil), "BSL001 5:14 invalid YAML: invalid leading UTF-8 octet")
	wantFinding(t, lintHostile(t, head+"a\x00b\n", 8, nil), "BSL001 5:15 invalid YAML: control characters are not allowed")
	wantFinding(t, lintHostile(t, "\x00\x00\x00", 8, nil), "BSL001 1:1 invalid YAML")
	// Invalid UTF-8 inside a quoted scalar and in the shell layer: positions stay valid.
	lintHostile(t, head+"\"\\xff\xc3\"\n", 8, nil)
}

func TestHostileShell(t *testing.T) {
	head := "version: 0.2\nphases:\n  build:\n    commands:\n      - "
	// $( nested 5,000 deep: the shell parser would take seconds; the command is reported.
	f := lintHostile(t, head+"echo "+strings.Repeat("$(", 5000)+strings.Repeat(")", 5000)+"\n", 16, nil)
	col := len("      - echo ") + 2*buildspec.MaxShellNesting + 2 // the 65th (
	wantFinding(t, f, fmt.Sprintf("BSL013 5:%d command nests brackets more than %d levels", col, buildspec.MaxShellNesting))
	// Arithmetic nests deeper in the parser's stack than anything else: 300,000 levels of (( overflow
	// the Go stack (a fatal error, not a panic) without the guard.
	wantFinding(t, lintHostile(t, head+"echo $(("+strings.Repeat("(", 300000)+"1"+strings.Repeat(")", 300000)+"))\n", 64, nil), "BSL013 ")
	// Just under the limit is parsed.
	ok := head + "echo " + strings.Repeat("$(", buildspec.MaxShellNesting) + strings.Repeat(")", buildspec.MaxShellNesting) + "\n"
	if f := lintHostile(t, ok, 16, nil); len(f) != 0 {
		t.Errorf("%d levels: %v", buildspec.MaxShellNesting, f)
	}
}

// nestShC returns `sh -c "..."` nested n deep (each level doubles the escapes), innermost make.
func nestShC(n int) string {
	s := "make"
	for i := 0; i < n; i++ {
		s = `sh -c "` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "$", `\$`, "`", "\\`").Replace(s) + `"`
	}
	return s
}

func TestHostileNestedShC(t *testing.T) {
	for _, n := range []int{buildspec.MaxShellDepth, 16} {
		cmd := nestShC(n)
		data := "version: 0.2\nphases:\n  build:\n    commands:\n      - '" + strings.ReplaceAll(cmd, "'", "''") + "'\n"
		src := source.NewSource("f.yml", []byte(data))
		var specs []*buildspec.Buildspec
		if m := allocated(func() { specs = buildspec.Parse(src) }); m > 64<<20 {
			t.Errorf("depth %d: %d MB", n, m>>20)
		}
		describe(t, src, specs)
		deepest, makeAt := 0, -1
		for _, c := range specs[0].CommandsInOrder()[0].Script.Calls {
			deepest = max(deepest, c.Depth)
			if c.Name() == "make" {
				makeAt = c.Depth
			}
		}
		if deepest != buildspec.MaxShellDepth {
			t.Errorf("depth %d: deepest call at %d, want %d", n, deepest, buildspec.MaxShellDepth)
		}
		if n <= buildspec.MaxShellDepth && makeAt != n {
			t.Errorf("depth %d: make found at depth %d", n, makeAt)
		}
	}
}

// The file-level limits are Linter.Run's: nothing over the size limit, and nothing that is not a
// regular file, is read; the other files are still linted.
func TestHostileFiles(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.yml")
	os.WriteFile(good, []byte("version: 0.2\nphases:\n  install:\n  build:\n    commands: [make]\n"), 0o644)

	// A 50 MB buildspec, generated here.
	big := filepath.Join(dir, "big.yml")
	fh, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	fh.WriteString("version: 0.2\nphases:\n  build:\n    commands:\n")
	line := "      - echo " + strings.Repeat("x", 50) + "\n"
	for n := 0; n < 50<<20; n += len(line) {
		fh.WriteString(line)
	}
	fh.Close()

	fifo := filepath.Join(dir, "fifo.yml")
	linttest.Mkfifo(t, fifo)
	sub := filepath.Join(dir, "sub.yml")
	os.Mkdir(sub, 0o755)
	loop := filepath.Join(dir, "loop.yml")
	os.Symlink(loop, loop)

	l := &lint.Linter{Rules: rules.All()}
	var res *lint.Result
	// Run would block forever on the FIFO if it opened it; it allocates nothing like 50 MB.
	if n := allocated(func() {
		res = l.Run([]lint.Input{{Path: good}, {Path: big}, {Path: fifo}, {Path: sub}, {Path: loop}})
	}); n > 16<<20 {
		t.Errorf("allocated %d MB", n>>20)
	}
	errs := map[string]string{}
	for _, e := range res.Errors {
		errs[filepath.Base(e.Path)] = e.Err.Error()
	}
	for name, want := range map[string]string{
		"big.yml":  fmt.Sprintf("over the limit of %d (raise limits.max-file-size", lint.DefaultMaxFileSize),
		"fifo.yml": "is a named pipe (FIFO)",
		"sub.yml":  "is a directory",
		"loop.yml": "too many levels of symbolic links",
	} {
		if !strings.Contains(errs[name], want) {
			t.Errorf("%s: error %q, want %q", name, errs[name], want)
		}
	}
	if res.Files != 1 || len(res.Findings) != 1 || res.Findings[0].Rule != &rules.EmptyPhase.Rule {
		t.Errorf("good.yml: %d files, findings %v", res.Files, res.Findings)
	}
}

// TestReadRegularFile reads files of every size around a limit, whole or refused.
func TestReadRegularFile(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []int{0, 1, 511, 512, 513, 4096, 10000} {
		p := filepath.Join(dir, fmt.Sprint(n))
		want := strings.Repeat("x", n)
		os.WriteFile(p, []byte(want), 0o644)
		if got, err := fsutil.ReadRegularFile(p, 10000); err != nil || string(got) != want {
			t.Errorf("%d bytes: read %d bytes, %v", n, len(got), err)
		}
		if _, err := fsutil.ReadRegularFile(p, int64(n)-1); n > 0 && (err == nil || !strings.Contains(err.Error(), "over the limit")) {
			t.Errorf("%d bytes with a limit of %d: %v", n, n-1, err)
		}
	}
}

// TestHostileShellShapes: commands whose syntax tree is hundreds of thousands of levels deep,
// built without a single bracket. Each is reported with its position and not checked, instead
// of overflowing the stack in the shell parser (keywords, test and arithmetic nesting) or in the
// walks over the tree (long | && || chains, which the parser builds without recursing).
func TestHostileShellShapes(t *testing.T) {
	if !linttest.InChild(t) {
		return
	}
	const n = 300_000
	tokens := fmt.Sprintf("command has more than %d words and operators", buildspec.MaxShellTokens)
	deep := fmt.Sprintf("command is more than %d levels deep", buildspec.MaxShellTreeDepth)
	for _, tc := range []struct {
		name, cmd, want string
		col             int // column of the finding in the command, 0: anywhere
	}{
		{"pipes", strings.Repeat("a|", n) + "a", tokens, buildspec.MaxShellTokens + 1},
		{"ands", strings.Repeat("a&&", n) + "a", tokens, 0},
		{"ors", strings.Repeat("a||", n) + "a", tokens, 0},
		{"semicolons", strings.Repeat("a;", n) + "a", tokens, buildspec.MaxShellTokens + 1},
		{"backgrounds", strings.Repeat("a&", n) + "a", tokens, 0},
		{"pipe all", strings.Repeat("a|&", n) + "a", tokens, 0},
		{"if", strings.Repeat("if a;then ", n) + "a" + strings.Repeat(";fi", n), tokens, 0},
		{"while", strings.Repeat("while a;do ", n) + "a" + strings.Repeat(";done", n), tokens, 0},
		{"case", strings.Repeat("case a in a) ", n/3) + "a" + strings.Repeat(";; esac", n/3), tokens, 0},
		{"time", strings.Repeat("time ", n) + "a", tokens, 0},
		{"functions", strings.Repeat("f() ", n) + "{ a; }", tokens, 0},
		{"test not", "[[ " + strings.Repeat("! ", n) + "a ]]", tokens, 0},
		{"test and", "[[ " + strings.Repeat("a && ", n) + "a ]]", tokens, 0},
		{"arithmetic power", "echo $((" + strings.Repeat("1**", n) + "1))", tokens, 0},
		{"arithmetic unary", "echo $((" + strings.Repeat("-", n) + "1))", tokens, 0},
		{"arithmetic sum", "echo $((" + strings.Repeat("1+", n) + "1))", tokens, 0},
		{"nested sh -c", `sh -c "` + strings.Repeat("a|", n) + `a"`, tokens, 0},
		// Under the token limit, over the depth limit: parsed, then refused before any walk.
		{"short pipes", strings.Repeat("a|", 4000) + "a", deep, 0},
		{"short ands", strings.Repeat("a && ", 2000) + "a", deep, 0},
		{"short arithmetic", "echo $((" + strings.Repeat("1+", 4000) + "1))", deep, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := "version: 0.2\nphases:\n  build:\n    commands:\n      - '" + strings.ReplaceAll(tc.cmd, "'", "''") + "'\n"
			f := lintHostile(t, data, 64, nil)
			prefix := "BSL013 5:"
			if tc.col > 0 {
				prefix += fmt.Sprintf("%d ", len("      - '")+tc.col)
			}
			for _, s := range f {
				if strings.HasPrefix(s, prefix) && strings.Contains(s, tc.want) {
					return
				}
			}
			t.Errorf("want %q ... %q in:\n%s", prefix, tc.want, strings.Join(f, "\n"))
		})
	}
	// A `sh -c` string over the depth limit inside a command under it: the string is not read
	// (as deeper `sh -c` strings are not), the command is.
	inner := "version: 0.2\nphases:\n  build:\n    commands:\n      - 'sh -c \"" + strings.Repeat("a|", 4000) + "a\"'\n"
	if f := lintHostile(t, inner, 64, nil); len(f) != 0 {
		t.Errorf("sh -c over the depth limit: %v", f)
	}
	// Real commands, at a tenth of the limits, are checked as usual.
	for _, cmd := range []string{
		strings.Repeat("a | ", buildspec.MaxShellTreeDepth/10) + "a",
		strings.Repeat("make && ", buildspec.MaxShellTreeDepth/10) + "make",
		strings.Repeat("echo x; ", buildspec.MaxShellTokens/30) + "make",
	} {
		data := "version: 0.2\nphases:\n  build:\n    commands:\n      - " + cmd + "\n"
		if f := lintHostile(t, data, 64, nil); len(f) != 0 {
			t.Errorf("%.40s...: %v", cmd, f)
		}
	}
}

// TestHostileManyCalls: commands of thousands of calls each, up to the token limit, in a 1 MB
// file (over the document's token budget after 200,000 tokens). Work per call that walks the whole command made this quadratic: minutes for
// `dockerd;dockerd;...` (a fix looked up by a walk per finding).
func TestHostileManyCalls(t *testing.T) {
	for _, call := range []string{"dockerd;", "dockerd &", "curl -fsSLo /usr/local/bin/t https://example.com/t;", "x $(curl -fsSL https://example.com/t) "} {
		one := strings.Repeat(call, buildspec.MaxShellTokens/len(strings.FieldsFunc(call, func(r rune) bool { return strings.ContainsRune(" ;&()$:/.-", r) }))/3)
		var b strings.Builder
		b.WriteString("version: 0.2\nphases:\n  build:\n    commands:\n")
		for b.Len() < 1<<20 {
			b.WriteString("      - '" + one + "x'\n")
		}
		start := time.Now()
		f := lintHostile(t, b.String(), 2048, nil)
		if d := time.Since(start); d > 20*time.Second {
			t.Errorf("%q: %v", call, d)
		}
		budget := 0
		for _, s := range f {
			if strings.Contains(s, "words and operators in all") {
				budget++
			} else if strings.HasPrefix(s, "BSL013 ") {
				t.Errorf("%q: a command over a limit: %s", call, s)
				break
			}
		}
		if budget != 1 {
			t.Errorf("%q: %d findings of the document's token budget, want 1", call, budget)
		}
	}
}

// TestHostileDocumentTokens: commands each under the token limit, but 400,000 tokens in all
// (2 MB): the commands past 200,000 tokens are not read, and the rest is reported once at the
// first of them.
func TestHostileDocumentTokens(t *testing.T) {
	one := strings.Repeat("a;", 2000) + "a" // 4,001 tokens
	var b strings.Builder
	b.WriteString("version: 0.2\nphases:\n  build:\n    commands:\n")
	for i := 0; i < 100; i++ {
		b.WriteString("      - " + one + "\n")
	}
	b.WriteString("  post_build:\n    commands:\n      - make\n")
	f := lintHostile(t, b.String(), 256, nil)
	// 49 commands of 4,001 tokens fit in 200,000; the 50th, on line 54, does not.
	want := fmt.Sprintf("BSL013 54:9 the commands of this document have more than %d words and operators in all: this one and the rest are not checked", buildspec.MaxDocumentTokens)
	wantFinding(t, f, want)
	if len(f) != 1 {
		t.Errorf("want only the budget reported, got %d findings:\n%s", len(f), strings.Join(f, "\n"))
	}
}

// timed runs f and logs how long it took (the tests do not assert times; the benchmarks measure
// speed).
func timed(t *testing.T, what string, f func()) {
	t.Helper()
	start := time.Now()
	f()
	t.Logf("%s: %v", what, time.Since(start).Round(time.Millisecond))
}

// Directives cost time in proportion to the file, however many there are, however many names
// they hold and however many lines they cover. Before they were indexed, one directive of 128k
// names took 70 s and 160k directive lines did not finish.
func TestHostileDirectives(t *testing.T) {
	head := "version: 0.2\nphases:\n  build:\n    commands:\n"
	prefix := "      # buildspec-lint ignore="
	t.Run("one directive with 128k names", func(t *testing.T) {
		data := head + prefix + strings.Repeat("BSL101,nope,", 64<<10) + " -- r\n      - echo x\n"
		var f []string
		timed(t, "128k names", func() { f = lintHostile(t, data, 64, nil) })
		// The 101st name is where the directive stops being read, and it is reported there.
		col := len(prefix) + len("BSL101,nope,")*buildspec.MaxDirectiveNames/2 + 1
		wantFinding(t, f, fmt.Sprintf("BSL904 5:%d this directive names more than %d rules: %d more from here on are not read", col, buildspec.MaxDirectiveNames, 128<<10-buildspec.MaxDirectiveNames))
		wantFinding(t, f, "BSL903 5:")
	})
	t.Run("160k directive lines above one command", func(t *testing.T) {
		// 4 MB of directives: an unknown name and no reason in each (BSL901, BSL903), and every
		// other one an unused name (BSL902).
		lines := strings.Repeat("#buildspec-lint ignore=x\n#buildspec-lint ignore=BSL101\n", 80000)
		data := head + lines + "      - apt-get install jq\n"
		var f []string
		timed(t, "160k directive lines", func() { f = lintHostile(t, data, 1024, nil) })
		max := buildspec.DefaultLimits.MaxFindings
		more := func(n int) string {
			return fmt.Sprintf("%d more findings of this rule from here on are not shown (at most %d per rule per file)", n, max)
		}
		wantFinding(t, f, fmt.Sprintf("BSL903 %d:24 %s", 5+2*max, more(80000-max)))
		wantFinding(t, f, fmt.Sprintf("BSL902 %d:1 %s", 6+2*max, more(80000-max)))
		wantFinding(t, f, fmt.Sprintf("BSL901 %d:1 %s", 5+max, more(160000-max)))
		wantFinding(t, f, "BSL102 160005:")
	})
	t.Run("directives above one long item", func(t *testing.T) {
		// Every directive covers the whole item: its extent is computed once, not once each.
		data := head + strings.Repeat(prefix+"BSL999 -- r\n", 50<<10) + "      - |\n" + strings.Repeat("        echo a\n", 100<<10)
		var f []string
		timed(t, "50k directives above a 100k-line item", func() { f = lintHostile(t, data, 1024, nil) })
		wantFinding(t, f, "BSL903 5:")
	})
	t.Run("directives each above a command", func(t *testing.T) {
		// Each name is used once; findings are looked up by line, not directive by directive.
		data := head + strings.Repeat(prefix+"BSL101,BSL102 -- r\n      - echo x\n", 20000)
		timed(t, "20k directives and commands", func() { lintHostile(t, data, 256, nil) })
	})
}

// Limits as large as an int holds are clamped, never overflowed: max-file-size 2^63-1 once
// panicked on every file (exit 3).
func TestHostileLimitValues(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "buildspec.yml")
	os.WriteFile(p, []byte("version: 0.2\nphases:\n  install:\n  build:\n    commands: [make]\n"), 0o644)
	if data, err := fsutil.ReadRegularFile(p, math.MaxInt64); err != nil || len(data) == 0 {
		t.Errorf("ReadRegularFile with the largest limit: %d bytes, %v", len(data), err)
	}
	huge := &buildspec.Limits{MaxAliasDepth: math.MaxInt, MaxNodes: math.MaxInt, MaxCommands: math.MaxInt, MaxFindings: math.MaxInt}
	l := &lint.Linter{Rules: rules.All(), MaxFileSize: math.MaxInt64, Settings: func(string) (*lint.FileSettings, error) {
		return &lint.FileSettings{MaxFileSize: math.MaxInt64, Limits: huge}, nil
	}}
	res := l.Run([]lint.Input{{Path: p}, {Path: p, Regular: true}})
	if len(res.Errors) != 0 || res.Files != 2 || len(res.Findings) != 2 {
		t.Errorf("errors %v, %d files, findings %v", res.Errors, res.Files, res.Findings)
	}
	// The findings cap, at its largest, shows all 1,499 findings of a rule.
	data := "version: 0.2\nphases:\n  build:\n    commands: [make]\n" + strings.Repeat("k: v\n", 1500)
	found := lintFindings((&lint.Linter{Rules: rules.All()}).Lint(source.NewSource("f.yml", []byte(data)), &lint.FileSettings{Limits: huge}))
	if n := strings.Count(strings.Join(found, "\n"), "BSL010 "); n != 1499 || strings.Contains(strings.Join(found, "\n"), "more findings") {
		t.Errorf("%d findings of BSL010 with the largest cap:\n%s", n, strings.Join(found[:min(10, len(found))], "\n"))
	}
}

// lintFindings returns findings as "RULE LINE:COL message" lines.
func lintFindings(fs []*finding.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, fmt.Sprintf("%s %d:%d %s", f.RuleID(), f.Range.Start.Line, f.Range.Start.Col, f.Message))
	}
	return out
}

// TestHostileShapes lints each hostile shape of the default size limit: every finding in range,
// at most max-findings-per-rule findings of a rule plus the one that counts the rest, and each
// limit reported where it was reached. cmd/buildspec-lint's TestHostileMemory runs the same shapes
// through the CLI and checks the memory it spends on them.
func TestHostileShapes(t *testing.T) {
	max := buildspec.DefaultLimits.MaxFindings
	values := fmt.Sprintf("BSL001 %%s the file holds more than %d YAML values and shell commands", buildspec.MaxYAMLValues)
	more := func(rule string) string { return rule + " %s %s more findings of this rule from here on are not shown" }
	want := map[string][]string{
		"unknown keys":           {values, more("BSL005")},
		"duplicate keys":         {values, more("BSL005"), more("BSL010")},
		"null keys":              {values, more("BSL005"), more("BSL010")},
		"commands with findings": {"BSL001 20005:9 the document has more than 20000 commands", more("BSL102")},
		"shell calls":            {fmt.Sprintf(values, "5:1")},
		"directives":             {more("BSL102"), more("BSL901"), more("BSL902"), more("BSL903")},
		"anchors and aliases":    {values, more("BSL005")},
		"flow list":              {fmt.Sprintf(values, "5:1")},
		"flow mapping":           {fmt.Sprintf(values, "5:1")},
		"documents":              {values, more("BSL102")},
		"mixed":                  {more("BSL006"), more("BSL102"), more("BSL901"), more("BSL902"), more("BSL903")},
		"findings on one line":   {"BSL001 4:360016 the document has more than 20000 commands", more("BSL102")},
		"aliased long string":    {fmt.Sprintf("BSL001 5:20 aliases and merge keys expand to more than %d MiB of text", buildspec.MaxAliasText>>20)},
	}
	for _, shape := range linttest.HostileShapes(lint.DefaultMaxFileSize) {
		t.Run(shape.Name, func(t *testing.T) {
			var f []string
			timed(t, shape.Name, func() { f = lintHostile(t, string(shape.Data), 4<<10, nil) })
			perRule := map[string]int{}
			for _, s := range f {
				perRule[strings.Fields(s)[0]]++
			}
			for rule, n := range perRule {
				if n > max+1 {
					t.Errorf("%d findings of %s, want at most %d", n, rule, max+1)
				}
			}
			for _, w := range want[shape.Name] {
				re := regexp.MustCompile("^" + strings.ReplaceAll(regexp.QuoteMeta(w), "%s", `\S+`))
				if !slices.ContainsFunc(f, re.MatchString) {
					t.Errorf("no finding %q; per rule: %v", w, perRule)
				}
			}
		})
	}
}

// The findings past the cap are still suppressed by ignores (and use them), and are counted
// once each: the summary counts what would have been shown.
func TestFindingsCapAndIgnores(t *testing.T) {
	head := "version: 0.2\nphases:\n  build:\n    commands: [make]\n"
	lim := &buildspec.Limits{MaxFindings: 5}
	l := &lint.Linter{Rules: rules.All()}
	lintWith := func(data string) []string {
		return lintFindings(l.Lint(source.NewSource("f.yml", []byte(data)), &lint.FileSettings{Limits: lim}))
	}
	has := func(fs []string, prefix string) bool {
		return slices.ContainsFunc(fs, func(f string) bool { return strings.HasPrefix(f, prefix) })
	}
	// 30 duplicates of k (lines 6 to 35): 5 shown, 25 counted at line 11.
	dups := strings.Repeat("k: v\n", 31)
	f := lintWith(head + dups)
	if !has(f, "BSL010 11:1 25 more findings of this rule from here on are not shown (at most 5 per rule per file)") {
		t.Errorf("no summary of 25 more:\n%s", strings.Join(f, "\n"))
	}
	// An ignore-file suppresses them all, and is used.
	f = lintWith(head + dups + "# buildspec-lint ignore-file=BSL010,BSL005 -- generated\n")
	if has(f, "BSL010") || has(f, "BSL005") || has(f, "BSL902") {
		t.Errorf("ignore-file left findings of the rule, or was reported unused:\n%s", strings.Join(f, "\n"))
	}
	// An ignore of a line past the cap is used, and that finding is not counted.
	lines := strings.Split(head+dups, "\n")
	lines[29] += " # buildspec-lint ignore=BSL010 -- kept on purpose" // line 30
	f = lintWith(strings.Join(lines, "\n"))
	if !has(f, "BSL010 11:1 24 more findings") || has(f, "BSL902") {
		t.Errorf("an ignore past the cap:\n%s", strings.Join(f, "\n"))
	}
	// Repeats are counted once: an aliased command is checked once per use.
	alias := "version: 0.2\nx: &x [sudo apt-get install jq, sudo apt-get install jq, sudo apt-get install jq]\nphases:\n  build:\n    commands: *x\n  post_build:\n    commands: *x\n"
	lim.MaxFindings = 1
	f = lintWith(alias)
	if !has(f, "BSL102 2:") || !has(f, "BSL102 2:54 2 more findings") {
		t.Errorf("aliased findings:\n%s", strings.Join(f, "\n"))
	}
}

// A message quotes names from the files and the configuration: a long one is cut to its start
// and its end, between characters, so that thousands of findings that quote a long name do not
// make gigabytes of output.
func TestElideMessage(t *testing.T) {
	if got := finding.ElideMessage("short"); got != "short" {
		t.Errorf("a short message changed: %q", got)
	}
	long := "unknown image " + strings.Repeat("é", 100000) + ": the configuration's images are ci"
	got := finding.ElideMessage(long)
	if len(got) > finding.MaxMessageLen || !strings.HasPrefix(got, "unknown image éé") ||
		!strings.HasSuffix(got, "éé: the configuration's images are ci") || !strings.Contains(got, "...") {
		t.Errorf("elided to %d bytes: %.80q...%.80q", len(got), got, got[max(0, len(got)-80):])
	}
	if !utf8.ValidString(got) {
		t.Errorf("cut inside a character: %q", got)
	}
	// Through a rule: an image directive naming a 1 MB image.
	f := lintHostile(t, "# buildspec-lint image="+strings.Repeat("i", 1<<20)+"\nversion: 0.2\nphases:\n  build:\n    commands: [make]\n", 64, nil)
	for _, s := range f {
		if len(s) > finding.MaxMessageLen+64 {
			t.Errorf("a finding of %d bytes: %.100s", len(s), s)
		}
	}
}

// A long string used by many aliases is read until the aliases have brought 4 MiB of text, in
// commands, in variables and through merge keys; each use used to be parsed again (20,000 uses
// of a 2 MB command did not finish).
func TestHostileAliasedText(t *testing.T) {
	long := "echo " + strings.Repeat("a", 2<<20)
	for name, tail := range map[string]string{
		"commands":  "phases:\n  build:\n    commands: [" + strings.Repeat("*a, ", 20000) + "*a]\n",
		"variables": "env:\n  variables: {" + strings.TrimSuffix(strings.Repeat("K: *a, ", 20000), ", ") + "}\nphases:\n  build:\n    commands: [make]\n",
		"merge":     "m: &m {commands: [*a, *a]}\nphases:\n  install: {<<: *m}\n  pre_build: {<<: *m}\n  build: {<<: *m}\n",
	} {
		t.Run(name, func(t *testing.T) {
			var f []string
			timed(t, name, func() { f = lintHostile(t, "version: 0.2\nx: &a \""+long+"\"\n"+tail, 512, nil) })
			wantFinding(t, f, "BSL001 ")
			if !slices.ContainsFunc(f, func(s string) bool {
				return strings.Contains(s, "aliases and merge keys expand to more than 4 MiB of text")
			}) {
				t.Errorf("the text limit is not reported:\n%s", strings.Join(f, "\n"))
			}
		})
	}
	// Under the limit, a reused string is read at each use.
	f := lintHostile(t, "version: 0.2\nx: &a sudo apt-get install -y jq\nphases:\n  build:\n    commands: [*a, *a]\n", 16, nil)
	if slices.ContainsFunc(f, func(s string) bool { return strings.Contains(s, "MiB of text") }) {
		t.Errorf("a short reused string is over the text limit: %v", f)
	}
}

// PowerShell and cmd commands are tokenised, not parsed, but each word still costs a call: 1.5
// million `;` held 636 MB and took 8 s. They get the shell's limit of words and operators.
func TestHostileWindowsShells(t *testing.T) {
	for shell, sep := range map[string]string{"powershell.exe": ";", "pwsh": "|", "cmd.exe": "&"} {
		head := "version: 0.2\nenv:\n  shell: " + shell + "\nphases:\n  build:\n    commands:\n      - "
		var f []string
		timed(t, shell, func() { f = lintHostile(t, head+strings.Repeat("a"+sep, 300000)+"\n", 64, nil) })
		wantFinding(t, f, fmt.Sprintf("BSL013 7:%d command has more than %d words and operators", len("      - ")+2*(buildspec.MaxShellTokens/2)+1, buildspec.MaxShellTokens))
		// Under the limit, each call is seen.
		ok := head + strings.Repeat("choco install -y jq"+sep+" ", 100) + "\n"
		if f := lintHostile(t, ok, 64, nil); slices.ContainsFunc(f, func(s string) bool { return strings.HasPrefix(s, "BSL013") }) {
			t.Errorf("%s: 100 calls are over the limit: %v", shell, f)
		}
	}
}
