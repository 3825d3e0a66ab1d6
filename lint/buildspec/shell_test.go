package buildspec

import (
	"strings"
	"testing"

	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

func script(t *testing.T, yaml string) (*source.Source, *Script) {
	t.Helper()
	src := source.NewSource("f.yml", []byte(yaml))
	cmds := Parse(src)[0].CommandsInOrder()
	if len(cmds) == 0 {
		t.Fatalf("no command in %q", yaml)
	}
	return src, cmds[0].Script
}

func TestCalls(t *testing.T) {
	for _, c := range []struct {
		cmd  string
		want string // each call: args joined by space, with flags
	}{
		{"sudo -u root apt-get install -y jq", "apt-get install -y jq [sudo]"},
		{"sudo -E DEBIAN_FRONTEND=noninteractive apt-get install -y jq", "apt-get install -y jq [sudo]"},
		{"sudo FOO=bar=baz make", "make [sudo]"},
		{"nohup dockerd --host=unix:///var/run/docker.sock &", "dockerd --host=unix:///var/run/docker.sock [nohup] bg"},
		{"timeout 15 sh -c 'until docker info; do sleep 1; done'", "sh -c until docker info; do sleep 1; done [timeout] | docker info [] cond loop=until via=sh | sleep 1 [] loop=until via=sh"},
		{"env A=b exec make", "make [env exec]"},
		{"command -v jq || apt-get install -y jq", "command -v jq [] | apt-get install -y jq [] or"},
		{"curl -s x | tar xz", "curl -s x [] piped | tar xz [] from"},
		{"echo $(git rev-parse HEAD)", "git rev-parse HEAD [] subst | echo $(git rev-parse HEAD) []"},
		{"if ! docker info; then exit 1; fi", "docker info [] cond neg | exit 1 []"},
		{"time make", "make []"}, // time is a bash keyword: the parser strips it
		// Lists are walked along their left-deep spine without recursion: same order and flags.
		{"a | b && c || d | e", "a [] piped | b [] from | c [] | d [] piped or | e [] from or"},
		{"a && b | c | d || e &", "a [] bg | b [] bg piped | c [] bg piped from | d [] bg from | e [] bg or"},
		{"! a | b && c 2>x | d", "a [] piped neg | b [] from neg | c [] piped | d [] from"},
		{"(a || b) | c && d", "a [] piped | b [] piped or | c [] from | d []"},
	} {
		_, sc := script(t, head+"      - "+quoteYAML(c.cmd)+"\n")
		if sc.Err != nil {
			t.Errorf("%s: %s", c.cmd, sc.Err.Message)
			continue
		}
		var got []string
		for _, call := range sc.Calls {
			var args []string
			for _, a := range call.Args {
				args = append(args, a.Value)
			}
			s := strings.Join(args, " ") + " [" + strings.Join(call.Wrappers, " ") + "]"
			for _, f := range []struct {
				on   bool
				name string
			}{{call.Background, "bg"}, {call.InCond, "cond"}, {call.Loop != "", "loop=" + call.Loop}, {call.InSubst, "subst"}, {call.Piped, "piped"}, {call.PipedFrom, "from"}, {call.Negated, "neg"}, {call.OrGuarded, "or"}, {call.Via != nil, "via=" + call.Via.nameOrEmpty()}} {
				if f.on {
					s += " " + f.name
				}
			}
			got = append(got, s)
		}
		if g := strings.Join(got, " | "); g != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.cmd, g, c.want)
		}
	}
}

func (c *Call) nameOrEmpty() string {
	if c == nil {
		return ""
	}
	return c.Name()
}

// quoteYAML single-quotes s for a YAML list item.
func quoteYAML(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

func TestShellErrorPosition(t *testing.T) {
	for _, c := range []struct{ yaml, pos, msg string }{
		{head + "      - echo \"unclosed\n", "5:14", "without closing quote"},
		{head + "      - |\n        echo ok\n        if true; then\n", "7:18", "`then` must be followed by a statement list"},
		{head + "      - |\n        echo ok\n        if true; then\n          make\n", "7:9", "must end with `fi`"},
		{head + "      - sh -c \"echo ( \"\n", "5:9", ""},
	} {
		src, sc := script(t, c.yaml)
		if c.msg == "" { // a broken sh -c string is not this command's syntax error
			if sc.Err != nil {
				t.Errorf("%q: error %s", c.yaml, sc.Err.Message)
			}
			continue
		}
		if sc.Err == nil {
			t.Errorf("%q: no error", c.yaml)
			continue
		}
		if sc.Err.Range.Start.String() != c.pos || !strings.Contains(sc.Err.Message, c.msg) {
			t.Errorf("%q: error at %s %q (%q), want %s %q", c.yaml, sc.Err.Range.Start, sc.Err.Message, text(src, sc.Err.Range), c.pos, c.msg)
		}
	}
}

func TestWindowsCommands(t *testing.T) {
	src, sc := script(t, "version: 0.2\nenv:\n  shell: powershell.exe\nphases:\n  build:\n    commands:\n      - choco install -y terraform; Write-Host \"a b\"\n")
	if sc.Dialect != DialectPowerShell || len(sc.Calls) != 2 {
		t.Fatalf("dialect %v, %d calls", sc.Dialect, len(sc.Calls))
	}
	if w := sc.Calls[0].Args[3]; w.Value != "terraform" {
		t.Errorf("arg = %q", w.Value)
	} else {
		checkRange(t, src, "terraform", w.Range(), "7:26", "terraform")
	}
	if w := sc.Calls[1].Args[1]; w.Value != "a b" {
		t.Errorf("quoted arg = %q", w.Value)
	} else {
		checkRange(t, src, "a b", w.Range(), "7:48", `"a b"`)
	}
}

func TestDoubledBraces(t *testing.T) {
	tests := []struct {
		text       string
		off        int
		start, end int
		write      string // the suggestion, "" for none
	}{
		{`x="${{bn}}.md5"`, 5, 3, 10, "write ${bn}"},
		{`x="${{bn}}.md5"`, 4, 3, 10, "write ${bn}"},
		{`echo ${{ a.b }}`, 7, 5, 15, "such as ${NAME}"},
		{`echo ${{x`, 7, 0, 0, ""},         // never closed: the parser's message stands
		{`echo ${{bn}} ${x`, 15, 0, 0, ""}, // the error is elsewhere
	}
	for _, tt := range tests {
		s, e, msg := doubledBraces(tt.text, tt.off)
		if tt.write == "" {
			if msg != "" {
				t.Errorf("doubledBraces(%q, %d) = %q, want none", tt.text, tt.off, msg)
			}
			continue
		}
		if s != tt.start || e != tt.end || !strings.HasSuffix(msg, tt.write) {
			t.Errorf("doubledBraces(%q, %d) = %d, %d, %q; want %d, %d, ...%q", tt.text, tt.off, s, e, msg, tt.start, tt.end, tt.write)
		}
	}
}
