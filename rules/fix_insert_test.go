package rules

import (
	"testing"

	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
	"github.com/buildspec-lint/buildspec-lint/lint/finding"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

func TestPlainSafe(t *testing.T) {
	for _, tc := range []struct {
		text       string
		block, flw bool
	}{
		{dockerdStartCmd, true, true},
		{dockerdWaitCmd, true, true},
		{"echo a: b", false, false},
		{"echo a #b", false, false},
		{"- x", false, false},
		{"&x", false, false},
		{"'x'", false, false},
		{"echo a,b", true, false},
		{"echo {x}", true, false},
		{" x", false, false},
		{"x:", false, false},
	} {
		if got := plainSafe(tc.text, false); got != tc.block {
			t.Errorf("plainSafe(%q, block) = %v, want %v", tc.text, got, tc.block)
		}
		if got := plainSafe(tc.text, true); got != tc.flw {
			t.Errorf("plainSafe(%q, flow) = %v, want %v", tc.text, got, tc.flw)
		}
	}
}

func TestLineEnding(t *testing.T) {
	for _, tc := range []struct {
		data string
		off  int
		want string
	}{
		{"a\nb\n", 0, "\n"},
		{"a\r\nb\r\n", 0, "\r\n"},
		{"a\r\nb", 3, "\r\n"}, // the last line has none: the file's first one counts
		{"ab", 1, "\n"},
	} {
		if got := lineEnding([]byte(tc.data), tc.off); got != tc.want {
			t.Errorf("lineEnding(%q, %d) = %q, want %q", tc.data, tc.off, got, tc.want)
		}
	}
}

func TestJoinLine(t *testing.T) {
	if got, want := joinLine([]string{"a &", "b", "c"}), "a & b && c"; got != want {
		t.Errorf("joinLine = %q, want %q", got, want)
	}
}

func TestItemScalar(t *testing.T) {
	for _, tc := range []struct {
		quote byte
		flow  bool
		text  string
		want  string
	}{
		{0, false, `timeout 15 sh -c "x"`, `timeout 15 sh -c "x"`},
		{'"', false, `sh -c "a\b"`, `"sh -c \"a\\b\""`},
		{'\'', false, `echo 'a'`, `'echo ''a'''`},
		{0, false, "echo a: b", "'echo a: b'"},
		{0, true, "echo a,b", "'echo a,b'"},
	} {
		it := listItem{quote: tc.quote, flow: tc.flow}
		if got := it.scalar(tc.text); got != tc.want {
			t.Errorf("scalar(%q) in %q flow=%v = %q, want %q", tc.text, tc.quote, tc.flow, got, tc.want)
		}
	}
}

// TestFixInsertEdits pins where the edits go for each way a command can be written: before the
// last command's last call (linesBefore) or after its first (linesAfter, when after is set).
func TestFixInsertEdits(t *testing.T) {
	const c = "    commands:\n"
	for _, tc := range []struct {
		name, yml, want string
		after           bool
	}{
		{"item", c + "      - a\n      - docker ps\n", c + "      - a\n      - start &\n      - wait\n      - docker ps\n", false},
		{"comment above", c + "      - a\n      # b\n      - docker ps\n", c + "      - a\n      - start &\n      - wait\n      # b\n      - docker ps\n", false},
		{"block text above", c + "      - |\n        echo a\n        # shell\n      - docker ps\n", c + "      - |\n        echo a\n        # shell\n      - start &\n      - wait\n      - docker ps\n", false},
		{"less indented comment", c + "      - a\n# b\n      - docker ps\n", c + "      - a\n# b\n      - start &\n      - wait\n      - docker ps\n", false},
		{"flow", "    commands: [a, docker ps]\n", "    commands: [a, start &, wait, docker ps]\n", false},
		{"double quoted", c + "      - \"docker ps\"\n", c + "      - \"start &\"\n      - \"wait\"\n      - \"docker ps\"\n", false},
		{"chain", c + "      - cd x && docker ps\n", c + "      - start & wait && cd x && docker ps\n", false},
		{"or chain", c + "      - cd x || docker ps\n", c + "      - start &\n      - wait\n      - cd x || docker ps\n", false},
		{"block", c + "      - |\n        cd x\n        docker ps\n", c + "      - |\n        cd x\n        start &\n        wait\n        docker ps\n", false},
		{"crlf", c + "      - a\r\n      - docker ps\r\n", c + "      - a\r\n      - start &\r\n      - wait\r\n      - docker ps\r\n", false},
		{"after item", c + "      - dockerd &\n      - b\n", c + "      - dockerd &\n      - wait\n      - b\n", true},
		{"after item at eof", c + "      - dockerd &", c + "      - dockerd &\n      - wait", true},
		{"after flow", "    commands: ['dockerd &', b]\n", "    commands: ['dockerd &', 'wait', b]\n", true},
		{"after in line", c + "      - dockerd & docker ps\n", c + "      - dockerd & wait && docker ps\n", true},
		{"after block line", c + "      - |\n        dockerd &\n        docker ps\n", c + "      - |\n        dockerd &\n        wait\n        docker ps\n", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			const head = "version: 0.2\nphases:\n  build:\n"
			data := []byte(head + tc.yml)
			src := source.NewSource("t.yml", data)
			spec := buildspec.Parse(src)[0]
			var e finding.Edit
			var ok bool
			if tc.after {
				cmd := spec.Phases[0].Commands[0]
				e, ok = linesAfter(src, cmd.Script.Calls[0], []string{"wait"})
			} else {
				cmds := spec.Phases[0].Commands
				cmd := cmds[len(cmds)-1]
				e, ok = linesBefore(src, cmd.Script.Calls[len(cmd.Script.Calls)-1], []string{"start &", "wait"})
			}
			if !ok {
				t.Fatal("no edit")
			}
			got, _, err := finding.ApplyEdits(data, []finding.Edit{e})
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != head+tc.want {
				t.Errorf("\n got %q\nwant %q", got, head+tc.want)
			}
		})
	}
}

// FuzzFixInsert: the edits of any command are inside the file and apply.
func FuzzFixInsert(f *testing.F) {
	for _, s := range []string{
		"version: 0.2\nphases:\n  build:\n    commands:\n      - a\n      - docker ps &\n",
		"version: 0.2\nphases:\n  build:\n    commands: [a, 'docker ps & b']\n",
		"version: 0.2\nphases:\n  build:\n    commands:\n      - |\n        a &\n        docker ps\n",
		"version: 0.2\r\nphases:\r\n  build:\r\n    commands:\r\n      - \"cd x && docker ps\"",
		"version: 0.2\nphases:\n  build:\n    commands:\n      - >\n        a &&\n        b & c\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		src := source.NewSource("f.yml", []byte(s))
		for _, spec := range buildspec.Parse(src) {
			for _, cmd := range spec.CommandsInOrder() {
				if cmd.Script == nil {
					continue
				}
				var edits []finding.Edit
				for _, c := range cmd.Script.Calls {
					if e, ok := linesBefore(src, c, []string{"start &", "wait"}); ok {
						edits = append(edits, e)
					}
					if e, ok := linesAfter(src, c, []string{"wait"}); ok {
						edits = append(edits, e)
					}
				}
				if e, ok := removeItem(src, cmd); ok {
					edits = append(edits, e)
				}
				for _, e := range edits {
					if _, _, err := finding.ApplyEdits(src.Data, []finding.Edit{e}); err != nil {
						t.Fatalf("%q: %v", s, err)
					}
				}
			}
		}
	})
}
