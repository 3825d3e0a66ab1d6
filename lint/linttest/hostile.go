package linttest

import (
	"fmt"
	"strings"
)

// HostileShape is a generated buildspec of about a given size, built to make the linter spend
// as much as one file can: the most values, commands, findings, directives or aliases per byte.
type HostileShape struct {
	Name string
	Data []byte
}

// HostileShapes returns the hostile shapes, each of at most size bytes (the default file size
// limit, 4 MiB, is what they are meant for). The lint and CLI tests share them, so that every
// shape is checked both for its findings and for the memory a run spends on it.
func HostileShapes(size int) []HostileShape {
	head := "version: 0.2\nphases:\n  build:\n    commands: [make]\n"
	cmds := "version: 0.2\nphases:\n  build:\n    commands:\n"
	shapes := []struct {
		name string
		head string
		line func(i int) string
		tail string // written after the lines, within size
	}{
		// Each key unknown (BSL005), with a did-you-mean looked up for each.
		{"unknown keys", head, func(i int) string { return fmt.Sprintf("k%d: v\n", i) }, ""},
		// The same key again and again (BSL010 and BSL005 on each line).
		{"duplicate keys", head, func(int) string { return "k: v\n" }, ""},
		// The shortest lines that hold two values each.
		{"null keys", head, func(int) string { return "k:\n" }, ""},
		// Commands that each raise several findings, past the commands limit.
		{"commands with findings", cmds, func(int) string { return "      - sudo apt-get install -y jq && cd x && pip install a\n" }, ""},
		// One block scalar of the shortest shell commands.
		{"shell calls", cmds + "      - |\n", func(int) string { return "        " + strings.Repeat("a;", 40) + "a\n" }, ""},
		// Directives: an unknown rule and no reason on each, an unused ignore on every other one.
		{"directives", cmds, func(i int) string {
			if i%2 == 0 {
				return "#buildspec-lint ignore=x\n"
			}
			return "      #buildspec-lint ignore=BSL101\n      - apt-get install jq\n"
		}, ""},
		// Anchors, each aliased once.
		{"anchors and aliases", head, func(i int) string { return fmt.Sprintf("a%d: &a%d [x]\nb%d: *a%d\n", i, i, i, i) }, ""},
		// Flow collections: a value every two bytes, a key and a value every two bytes.
		{"flow list", head + "x: [", func(int) string { return "a," }, ""},
		{"flow mapping", head + "x: {", func(int) string { return "k," }, ""},
		// Many documents, each with a finding.
		{"documents", "", func(int) string { return "version: 0.2\nphases:\n  build:\n    commands: [apt-get install jq]\n---\n" }, ""},
		// All of it at once, interleaved.
		{"mixed", cmds, func(i int) string {
			switch i % 6 {
			case 0:
				return fmt.Sprintf("      - &c%d sudo apt-get install -y jq; a;a;a\n      - *c%d\n", i, i)
			case 1:
				return "      #buildspec-lint ignore=BSL101,nope\n      - |\n        apt-get install jq\n        a;a;a\n"
			case 2:
				return fmt.Sprintf("      - {k%d: v, k: v, k: w}\n", i)
			case 3:
				return "      - [apt-get install jq, k: v]\n"
			case 4:
				return "      - \"curl -o x https://e.com/x && chmod +x x\" # buildspec-lint ignore=BSL999 -- r\n"
			}
			return "      -\n"
		}, ""},
		// One line of commands that each raise findings: each finding's snippet, columns and
		// fingerprint must not cost the whole line.
		{"findings on one line", "version: 0.2\nphases:\n  install:\n    commands: [", func(int) string { return "yum install -y x, " }, "x]\n"},
		// One long string used by thousands of aliases: the values limit counts values, not bytes.
		{"aliased long string", "version: 0.2\nx: &a \"echo ", func(int) string { return "aaaaaaaa" },
			"\"\nphases:\n  build:\n    commands: [" + strings.Repeat("*a, ", 20000) + "*a]\nenv:\n  variables: {" + aliasedVariables(1000) + "}\n"},
	}
	var out []HostileShape
	for _, s := range shapes {
		var b strings.Builder
		b.WriteString(s.head)
		for i := 0; ; i++ {
			l := s.line(i)
			if b.Len()+len(l)+len(s.tail) > size {
				break
			}
			b.WriteString(l)
		}
		b.WriteString(s.tail)
		out = append(out, HostileShape{s.name, []byte(b.String())})
	}
	return out
}

// aliasedVariables returns n variables K0: *a, K1: *a, ... of a flow mapping.
func aliasedVariables(n int) string {
	vars := make([]string, n)
	for i := range vars {
		vars[i] = fmt.Sprintf("K%d: *a", i)
	}
	return strings.Join(vars, ", ")
}
