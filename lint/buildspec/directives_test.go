package buildspec

import (
	"fmt"
	"strings"
	"testing"

	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// TestShellTrailingDirectives: in a literal block, a shell comment after a command is a
// directive that covers its line, as a YAML comment after content does; a # the shell does not
// read as a comment is not one.
func TestShellTrailingDirectives(t *testing.T) {
	const d = "# buildspec-lint ignore=BSL101 -- reason"
	tests := []struct {
		name, block string // the lines of a literal block, indented by 8
		want        string // "line:col covers" of each directive; the block starts on line 6
	}{
		{"after a command", "sudo apt-get install -y jq  " + d, "6:37 [{6 6}]"},
		{"after a tab", "apt-get install jq\t" + d, "6:28 [{6 6}]"},
		{"after ;", "apt-get install jq;" + d, "6:28 [{6 6}]"},
		{"on a later line", "echo a\napt-get install jq " + d + "\necho b", "7:28 [{7 7}]"},
		{"a continued line", "apt-get install \\\n  jq " + d, "7:14 [{7 7}]"},
		{"a backslash in the comment", "apt-get install jq " + d + " \\\n  curl", "6:28 [{6 6}]"}, // it continues nothing
		{"own line", d + "\napt-get install jq", "6:9 [{6 7}]"},
		{"in single quotes", "echo 'a " + d + "'", ""},
		{"in double quotes", "echo \"a " + d + "\"", ""},
		{"escaped quote", "echo \\\" " + d, "6:17 [{6 6}]"},
		// Quotes are read line by line: a heredoc's apostrophe does not hide the next directive.
		{"heredoc with an apostrophe", "cat <<EOF\nit's\nEOF\napt-get install jq " + d, "9:28 [{9 9}]"},
		{"a quote over lines ends no comment", "echo \"a\nb\" " + d, ""},
		{"not a word start", "echo a" + d, ""},
		{"escaped #", "echo \\" + d, ""},
		{"$#", "echo $" + d, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			b.WriteString("version: 0.2\nphases:\n  build:\n    commands:\n      - |\n")
			for _, l := range strings.Split(tt.block, "\n") {
				b.WriteString("        " + l + "\n")
			}
			b.WriteString("      - echo done\n")
			for _, nl := range []string{"\n", "\r\n"} {
				src := source.NewSource("f.yml", []byte(strings.ReplaceAll(b.String(), "\n", nl)))
				var got []string
				for _, dir := range ParseDirectives(src) {
					got = append(got, fmt.Sprintf("%d:%d %v", dir.Range.Start.Line, dir.Range.Start.Col, dir.Covers))
					if !strings.HasPrefix(string(src.Data[dir.Range.Start.Offset:dir.Range.End.Offset]), d) {
						t.Errorf("directive range %v is %q", dir.Range, src.Data[dir.Range.Start.Offset:dir.Range.End.Offset])
					}
				}
				if g := strings.Join(got, " "); g != tt.want {
					t.Errorf("%q: directives %q, want %q\n%s", nl, g, tt.want, b.String())
				}
			}
		})
	}
}

// TestNoShellDirectiveInFoldedBlock: in a folded block the lines are joined, so a # would end
// the whole command: it is no directive.
func TestNoShellDirectiveInFoldedBlock(t *testing.T) {
	src := source.NewSource("f.yml", []byte("version: 0.2\nphases:\n  build:\n    commands:\n      - >\n        apt-get install jq # buildspec-lint ignore=BSL101 -- r\n"))
	if ds := ParseDirectives(src); len(ds) != 0 {
		t.Errorf("directives in a folded block: %v", ds)
	}
}
