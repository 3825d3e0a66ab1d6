package buildspec

import (
	"fmt"
	"math/rand"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/buildspec-lint/buildspec-lint/internal/suggest"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// problems renders the problems of every document as "KIND line:col-line:col text".
func problems(src *source.Source) []string {
	var out []string
	for _, b := range Parse(src) {
		for _, p := range b.Problems {
			out = append(out, fmt.Sprintf("%s %s %s", p.Kind, p.Range, text(src, p.Range)))
		}
	}
	return out
}

// TestSyntaxErrorPositions pins where yaml errors are reported. yaml v3 often names the line
// where the enclosing block started; the parser finds the line that broke it.
func TestSyntaxErrorPositions(t *testing.T) {
	for _, c := range []struct {
		name, yaml string
		want       []string
	}{
		{"mis-indented item: v3 says line 3", head + "      - echo a\n     - echo b\n",
			[]string{"YAMLSyntax 6:6-6:14 - echo b"}},
		{"mis-indented item after many lines", head + strings.Repeat("      - echo a\n", 40) + "    - echo b  # comment\n",
			[]string{"YAMLSyntax 45:5-45:13 - echo b"}},
		{"colon in a plain value", "version: 0.2\nphases:\n  build:\n    commands: echo a: b\n",
			[]string{"YAMLSyntax 4:5-4:24 commands: echo a: b"}},
		{"unclosed flow", head[:len(head)-len("    commands:\n")] + "    commands: [a, b\n  post_build:\n    commands: [c]\n",
			[]string{"YAMLSyntax 4:5-4:20 commands: [a, b"}},
		{"unclosed quote", "version: 0.2\nenv:\n  variables:\n    A: 'x\nphases: {}\n",
			[]string{"YAMLSyntax 4:5-4:10 A: 'x"}},
		{"error in the second document", head + "      - a\n---\n" + head + "      - a\n     - b\n",
			[]string{"YAMLSyntax 12:6-12:9 - b"}},
	} {
		src := source.NewSource("f.yml", []byte(c.yaml))
		got := problems(src)
		if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
			t.Errorf("%s:\n got %q\nwant %q", c.name, got, c.want)
		}
	}
}

// TestTabs compares yaml v3's reports with our own tab scanner: v3 names a line near the tab
// (or accepts it), the scanner names the tab itself.
func TestTabs(t *testing.T) {
	for _, c := range []struct {
		name, yaml string
		want       []string
	}{
		// v3: "line 4: found a tab character that violates indentation"
		{"tab before a list item", head + "\t- make\n", []string{"TabIndentation 5:1-5:2 \t"}},
		{"tab after spaces", "version: 0.2\nphases:\n  \tbuild:\n    commands: [make]\n", []string{"TabIndentation 3:3-3:4 \t"}},
		{"tab in block content after its indentation is text", head + "      - |\n        if true; then\n        \techo x\n        fi\n", nil},
		{"tab in quoted text", head + "      - \"a\tb\"\n", nil},
		// v3 rejects a tab after "-" (v4 accepts it): a syntax error, not a tab in indentation
		{"tab after the dash", head + "      -\tmake\n", []string{"YAMLSyntax 5:7-5:13 -\tmake"}},
	} {
		got := problems(source.NewSource("f.yml", []byte(c.yaml)))
		if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
			t.Errorf("%s:\n got %q\nwant %q", c.name, got, c.want)
		}
	}
}

// TestPartialParse: a file that is not valid YAML is linted up to the error, and what seems
// missing after the cut is not reported.
func TestPartialParse(t *testing.T) {
	src := source.NewSource("f.yml", []byte(head+"      - echo a\n      - echo b: c\n     - echo x\n"))
	specs := Parse(src)
	if len(specs) != 1 {
		t.Fatalf("%d documents", len(specs))
	}
	var cmds []string
	for _, c := range specs[0].CommandsInOrder() {
		cmds = append(cmds, c.Value)
	}
	if strings.Join(cmds, "|") != "echo a" {
		t.Errorf("commands = %q", cmds)
	}
	got := problems(src)
	want := []string{"WrongType 6:9-6:18 echo b: c", "YAMLSyntax 7:6-7:14 - echo x"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems\n got %q\nwant %q", got, want)
	}
}

func TestDocuments(t *testing.T) {
	src := source.NewSource("f.yml", []byte("version: 0.2\nphases:\n  build:\n    commands: [a]\n---\nversion: 0.2\nphases:\n  build:\n    commands: [b]\n"))
	specs := Parse(src)
	if len(specs) != 2 || specs[1].Doc != 1 || specs[1].CommandsInOrder()[0].Range.Start.String() != "9:16" {
		t.Fatalf("documents: %d", len(specs))
	}
	for _, in := range []string{"", "\n\n", "# only a comment\n", "---\n", "\ufeff"} {
		got := problems(source.NewSource("f.yml", []byte(in)))
		if len(got) != 1 || !strings.HasPrefix(got[0], "InvalidDocument 1:1-1:1") {
			t.Errorf("%q: problems %q, want one InvalidDocument at 1:1", in, got)
		}
	}
}

// TestNodeRanges checks ranges of non-scalar values that wrong-type findings point at.
func TestNodeRanges(t *testing.T) {
	for _, c := range []struct{ yaml, want string }{
		{"version: [0.2]\nphases: {build: {commands: [a]}}\n", "WrongType 1:10-1:15 [0.2]"},
		{"version: [ [0.2] , x ]\nphases: {build: {commands: [a]}}\n", "WrongType 1:10-1:23 [ [0.2] , x ]"},
		{"version: {}\nphases: {build: {commands: [a]}}\n", "WrongType 1:10-1:12 {}"},
		{"version: {a: b}  # c\nphases: {build: {commands: [a]}}\n", "WrongType 1:10-1:16 {a: b}"},
		{"version: 0.2\nphases: {build: {commands: [a: b]}}\n", "WrongType 2:29-2:33 a: b"},
		{"version:\n  - 0.2\n  - x\nphases: {build: {commands: [a]}}\n", "WrongType 2:3-3:6 - 0.2\n  - x"},
	} {
		got := problems(source.NewSource("f.yml", []byte(c.yaml)))
		if len(got) != 1 || got[0] != c.want {
			t.Errorf("%q:\n got %q\nwant %q", c.yaml, got, c.want)
		}
	}
}

// TestMergeAndAliases: merge keys and aliases are followed; explicit keys win over merged ones.
func TestMergeAndAliases(t *testing.T) {
	src := source.NewSource("f.yml", []byte("version: 0.2\nx: &base\n  on-failure: CONTINUE\n  commands: [make]\nphases:\n  build:\n    <<: *base\n    on-failure: ABORT\n  post_build: *base\n"))
	b := Parse(src)[0]
	build, post := b.Phase("build"), b.Phase("post_build")
	if build == nil || post == nil || build.OnFailure.Value != "ABORT" || post.OnFailure.Value != "CONTINUE" || len(build.Commands) != 1 {
		t.Fatalf("merge not applied: %+v %+v", build, post)
	}
	if got := build.Commands[0].Range.Start.String(); got != "4:14" {
		t.Errorf("merged command at %s, want the anchored text at 4:14", got)
	}
	for _, p := range b.Problems {
		if p.Kind != UnknownKey || !strings.Contains(p.Message, `"x"`) {
			t.Errorf("unexpected problem %s %s", p.Kind, p.Message)
		}
	}
}

// TestHandWrittenMatchers checks the hand-written matchers against the regexps they replaced
// (compiling those cost a one-file run 1.5 ms), on chosen strings and on random ones.
func TestHandWrittenMatchers(t *testing.T) {
	matchers := []struct {
		name string
		re   *regexp.Regexp
		fn   func(string) bool
	}{
		{"windowsHint", regexp.MustCompile(`^\s*(?:&\s*)?(?:(?:Write|Get|Set|New|Remove|Copy|Move|Invoke|Start|Stop|Expand|Compress|Import|Export|Add|Test|Out|Select|ForEach|Where|Install|Update|Register|Push|Pop|Resolve|Join|Split|Convert|ConvertTo|ConvertFrom|Rename|Clear|Wait|Measure)-[A-Z][A-Za-z]+\b|\$env:|\$LASTEXITCODE|\$ErrorActionPreference|choco(\.exe)? |msiexec|cmd(\.exe)? /c)|\$env:[A-Za-z_]`), windowsHint},
		{"opensBlock", regexp.MustCompile(`(^|[:\-]\s+|^-\s*)[|>][0-9+\-]*\s*(#.*)?$`), opensBlock},
		{"validOnFailure", regexp.MustCompile(`^(ABORT|CONTINUE|RETRY(-\d+)?(-.+)?)$`), validOnFailure},
	}
	chosen := []string{
		"", "npm ci", "Write-Host hi", "  & Get-ChildItem", "Get-x", "Get-Xy", "Get-Xy1", "Get-Xy_", "Get-Xy-z", "Get-XY.",
		"$env:PATH = 'x'", "echo $env:", "echo $env:1", "echo $env:_X", "echo $env:$env:Path", "echo $env:@ $env:z",
		"choco install jq", "choco.exe install jq", "chocolatey", "msiexec /i x.msi", "cmd /c dir", "cmd.exe /c dir",
		"cmdx /c", "$LASTEXITCODE", "x $LASTEXITCODE", "$ErrorActionPreference = 'Stop'", "\t\nInvoke-WebRequest -Uri x",
		"echo Write-Host", "ConvertTo-Json", "ConvertFoo-Json", "&Start-Process x",
		"|", ">", "- |", "-|", "- >-", "key: |", "key: >+2 # c", "key: |2-", "key:|", "key: |x", "a | b", "a > b",
		"key: | # c\nd", "  - key: >", "- - |", "x: 'a' |", "k: -- |", "k:\t|", "|  ", ">#", "k: ># x",
		"ABORT", "CONTINUE", "RETRY", "RETRY-", "RETRY-3", "RETRY-3-x", "RETRY-x", "RETRY-3-", "RETRY-\n", "RETRY-a\nb", "abort", "RETRYX",
	}
	r := rand.New(rand.NewSource(1))
	const alphabet = "-:|>#&$ \t\nabcGetWrite-HostenvRTY0123_+.ABORT"
	for i := 0; i < 20000; i++ {
		b := make([]byte, r.Intn(14))
		for j := range b {
			b[j] = alphabet[r.Intn(len(alphabet))]
		}
		chosen = append(chosen, string(b))
	}
	for _, m := range matchers {
		for _, s := range chosen {
			if got, want := m.fn(s), m.re.MatchString(s); got != want {
				t.Errorf("%s(%q) = %v, want %v", m.name, s, got, want)
			}
		}
	}
}

func TestNearestOnFailure(t *testing.T) {
	for in, want := range map[string]string{
		"abort": "ABORT", "Continue": "CONTINUE", "retry": "RETRY", "retry-3": "RETRY-3", "RETRY_3": "RETRY-3",
		"RETRY3": "RETRY-3", "retry-2-.*timeout.*": "RETRY-2-.*timeout.*", "CONTINUE_": "CONTINUE", "ABROT": "ABORT",
		"STOP": "", "FAIL": "", "": "",
	} {
		if got := nearestOnFailure(in); got != want {
			t.Errorf("nearestOnFailure(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestKeyWithoutSpace(t *testing.T) {
	tests := []struct {
		line, key, value string
	}{
		{"version:0.2", "version", "0.2"},
		{"version:0.2 # comment", "version", "0.2"},
		{"discard-paths:yes\r", "discard-paths", "yes"},
		{"version: 0.2", "", ""},
		{"version:", "", ""},
		{"version::x", "", ""},
		{"echo:hi", "", ""}, // not a buildspec key
		{"image:latest", "image", "latest"},
		{"- version:0.2", "", ""},
	}
	for _, tt := range tests {
		key, value, ok := keyWithoutSpace(tt.line)
		if key != tt.key || value != tt.value || ok != (tt.key != "") {
			t.Errorf("keyWithoutSpace(%q) = %q, %q, %v; want %q, %q", tt.line, key, value, ok, tt.key, tt.value)
		}
	}
}

func TestBadEscape(t *testing.T) {
	tests := []struct {
		line    string
		at      int
		content string
	}{
		{`      - "**\*"`, 11, `**\*`},
		{`      - "a\tb\n"`, -1, ""},
		{`      - 'a\*'`, -1, ""},
		{`  k: "x \" \q"`, 11, `x \" \q`},
		{`  k: x # "\*"`, -1, ""},
		{`  k: "C:\\d\R"`, 11, `C:\\d\R`},
		{`  k: "line \`, -1, ""},
	}
	for _, tt := range tests {
		at, content := badEscape(tt.line)
		if at != tt.at || content != tt.content {
			t.Errorf("badEscape(%q) = %d, %q; want %d, %q", tt.line, at, content, tt.at, tt.content)
		}
	}
}

func TestClosest(t *testing.T) {
	artifacts := schema["artifacts"]
	for in, want := range map[string]string{
		"exclude":       "exclude-paths",
		"exclude_paths": "exclude-paths",
		"base-dir":      "base-directory",
		"file":          "files",
		"discard":       "discard-paths",
		"type":          "",
		"path":          "", // paths of cache, not an artifacts key
		"s3":            "",
	} {
		if got := suggest.Closest(in, artifacts); got != want {
			t.Errorf("closest(%q, artifacts) = %q, want %q", in, got, want)
		}
	}
	if got := suggest.Closest("build", schema["batch"]); got != "" {
		t.Errorf("closest(build, batch) = %q, want none: four keys start with build", got)
	}
}

func TestIsVariableName(t *testing.T) {
	for in, want := range map[string]bool{
		"FOO": true, "NODE_ENV": true, "_X1": true, "A": true,
		"": false, "1X": false, "shell": false, "Foo": false, "A-B": false, "git-credential-helper": false,
	} {
		if got := isVariableName(in); got != want {
			t.Errorf("isVariableName(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestPowerShellSyntax(t *testing.T) {
	for in, want := range map[string]bool{
		`& "C:\Program Files\PowerShell\7\pwsh.exe" -command x`: true,
		`& 'C:\x.exe'`:                                    true,
		`& $exe /S`:                                       true,
		`&.\build.ps1`:                                    true,
		"echo ok\n  & \"C:\\x.exe\"":                      true,
		"dotnet test `\n  --no-build":                     true,
		"x `\n  -y `\n  -z":                               true,
		"x `\n  y `\n  z":                                 false, // no parameter follows: as likely sh
		`.\build.ps1 -Configuration Release`:              true,
		`C:\tools\nuget.exe restore`:                      true,
		`$version = (Get-Content version.txt)`:            true,
		`$count += 1`:                                     true,
		`if ($LASTEXITCODE -ne 0) { exit 1 }`:             true,
		`[Environment]::SetEnvironmentVariable("X", "1")`: true,
		`if (Test-Path out) { Remove-Item -Recurse out }`: true,
		"foreach ($f in $files) {\n  echo $f\n}":          true,
		`} elseif ($x) {`:                                 true,
		`New-Item -ItemType Directory out | Out-Null`:     true,
		`$files = (Get-ChildItem *.zip)`:                  true,
		`dotnet build | tee build.log`:                    false,
		`if (test -f x); then make; fi`:                   false,
		`while (true); do sleep 1; done`:                  false,
		`echo [x]`:                                        false,
		`echo $(date) | grep -v Get-x`:                    false,
		`& make`:                                          false,
		`make && echo ok &`:                               false,
		"echo `date`":                                     false,
		"docker build -t app . `":                         false, // ends the command: continues nothing
		"echo `":                                          false,
		"make `\n":                                        false, // a block scalar's final line break
		"make `\n  \n":                                    false,
		"dotnet build `\n\n  -c Release":                  true,
		"msbuild app.sln `\n  /p:Configuration=Release":   true,
		"docker build . `\n  echo done":                   false, // a stray backtick before a command
		"x=`date`\necho `hostname`":                       false,
		`$HOME/bin/tool --flag`:                           false,
		`$CMD=x`:                                          false,
		`echo $a = b`:                                     false,
		`./build.sh`:                                      false,
		`echo "C:\x"`:                                     false,
	} {
		if got := powerShellSyntax(in); got != want {
			t.Errorf("powerShellSyntax(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestEndsInColon(t *testing.T) {
	for in, want := range map[string]bool{
		"        dependencies:":          true,
		"    commands: echo Installing:": true,
		"      - echo Done: # comment":   true,
		"    commands: echo a: b":        false,
		"      cleanup:":                 true,
		"    commands: echo a: b:":       false,
		"  - echo \"x: y\" z:":           false,
		"    commands: [echo a, echo b]": false,
	} {
		if got := endsInColon(in); got != want {
			t.Errorf("endsInColon(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestDuplicateKeyPath(t *testing.T) {
	messages := func(src string) []string {
		var out []string
		for _, b := range Parse(source.NewSource("t.yml", []byte(src))) {
			for _, p := range b.Problems {
				if p.Kind == DuplicateKey {
					out = append(out, p.Message)
				}
			}
		}
		return out
	}
	var b strings.Builder
	b.WriteString("version: 0.2\nphases:\n  build:\n    commands: [make]\nx:\n")
	const depth = 3000
	for i := 0; i < depth; i++ {
		b.WriteString(strings.Repeat(" ", 2*(i+1)) + "k" + fmt.Sprint(i) + ":\n")
	}
	ind := strings.Repeat(" ", 2*(depth+1))
	b.WriteString(ind + "a: 1\n" + ind + "a: 2\n")
	dup := messages(b.String())
	if len(dup) != 1 || len(dup[0]) > 300 || !strings.Contains(dup[0], "in x.k0.k1.k2.(...).k2996.k2997.k2998.k2999;") {
		t.Errorf("duplicate in a deep mapping: %q", dup)
	}
	small := messages("version: 0.2\nphases:\n  build:\n    commands: [make]\nbatch:\n  build-list:\n    - identifier: a\n      identifier: b\n")
	if want := `key "identifier" is already defined at line 7 in batch.build-list[0];`; len(small) != 1 || !strings.Contains(small[0], want) {
		t.Errorf("batch duplicate: got %q, want %q", small, want)
	}
	// Each repeat names the latest line before it, in a small mapping (searched in place) and in
	// a large one (searched with a map) alike.
	for _, keys := range []int{3, 40} {
		var b strings.Builder
		b.WriteString("version: 0.2\nphases:\n  build:\n    commands: [make]\nenv:\n  variables:\n")
		for i := 0; i < keys; i++ {
			fmt.Fprintf(&b, "    V%d: x\n", i)
		}
		first := 7 + keys // the line of the first repeat of V1
		b.WriteString("    V1: y\n    V1: z\n")
		got := messages(b.String())
		want := []string{
			`key "V1" is already defined at line 8 in env.variables;`,
			fmt.Sprintf(`key "V1" is already defined at line %d in env.variables;`, first),
		}
		if len(got) != 2 || !strings.Contains(got[0], want[0]) || !strings.Contains(got[1], want[1]) {
			t.Errorf("%d keys: got %q, want %q", keys, got, want)
		}
	}
}

func TestQuoteEndsEarly(t *testing.T) {
	for line, want := range map[string]byte{
		`      - 'echo it's done'`:      '\'',
		`    MSG: 'it's'`:               '\'',
		`      - "echo "hi" there"`:     '"',
		`      - 'it''s fine'`:          0,
		`      - "say \"hi\""`:          0,
		`      - 'a' # comment`:         0,
		`      - ['a', 'b']`:            0,
		`      - echo 'it' s`:           0, // a plain scalar: the quotes are the shell's
		`    base-directory: 'C:\out'`:  0,
		`      - 'unclosed`:             0,
		`  - - 'nested' x`:              '\'',
		`    "key": value`:              0,
		`    url: "https://x/y" # note`: 0,
	} {
		q, ok := quoteEndsEarly(line)
		if got := map[bool]byte{true: q}[ok]; got != want {
			t.Errorf("quoteEndsEarly(%q) = %q, want %q", line, got, want)
		}
	}
}

// TestPowerShellSyntaxLinear: a long line of parentheses with a dash at its end is scanned in
// linear time (each "(" looks at a bounded window, not at the rest of the line).
func TestPowerShellSyntaxLinear(t *testing.T) {
	line := strings.Repeat("(", 1<<20) + " -x"
	done := make(chan bool, 1)
	go func() { done <- powerShellSyntax(line) }()
	select {
	case got := <-done:
		if got {
			t.Error("a line of parentheses is not PowerShell")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("powerShellSyntax took over 5 s on a 1 MiB line: quadratic")
	}
}
