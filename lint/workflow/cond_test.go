package workflow

import (
	"strings"
	"testing"
)

func TestDecide(t *testing.T) {
	linux := map[string]string{"runner.os": "Linux", "matrix.os": "ubuntu-22.04", "matrix.node": "20", "matrix.cfg.os": "macos-14"}
	windows := map[string]string{"runner.os": "Windows", "matrix.os": "windows-2022"}
	const (
		T = "true"
		F = "false"
		U = "unknown"
	)
	tests := []struct {
		cond string
		vars map[string]string
		want string
	}{
		{"", linux, T},
		{"   ", linux, T},
		{"runner.os == 'Linux'", linux, T},
		{"runner.os == 'linux'", linux, T}, // strings compare ignoring case
		{"RUNNER.OS == 'LINUX'", linux, T},
		{"runner.os == 'Windows'", linux, F},
		{"runner.os != 'Windows'", linux, T},
		{"runner.os == 'Windows'", windows, T},
		{"${{ runner.os == 'Windows' }}", linux, F},
		{"  ${{runner.os=='Linux'}}  ", linux, T},
		{"${{ runner.os == 'Linux' }} && true", linux, U}, // text after the expression: a string template
		{"x ${{ runner.os == 'Linux' }}", linux, U},
		{"${{ runner.os == 'Linux' }} ${{ true }}", linux, U},
		{"matrix.os == 'ubuntu-22.04'", linux, T},
		{"matrix.os == 'ubuntu-24.04'", linux, F},
		{"matrix.OS == 'Ubuntu-22.04'", linux, T},
		{"matrix['os'] == 'ubuntu-22.04'", linux, T},
		{"matrix.cfg.os == 'macos-14'", linux, T},
		{"startsWith(matrix.os, 'ubuntu')", linux, T},
		{"startsWith(matrix.os, 'UBUNTU')", linux, T},
		{"startsWith(matrix.os, 'windows')", linux, F},
		{"endsWith(matrix.os, '.04')", linux, T},
		{"contains(matrix.os, 'buntu')", linux, T},
		{"contains(matrix.os, 'mac')", linux, F},
		{"contains(github.event.head_commit.message, 'skip')", linux, U},
		{"contains(fromJSON('[\"a\"]'), 'a')", linux, U},
		{"format('{0}-{1}', 'ubuntu', '22.04') == matrix.os", linux, T},
		{"format('{{0}}') == '{0}'", linux, T},
		{"format('{1}', 'a') == 'a'", linux, U}, // an invalid format fails on GitHub
		{"format('{0', 'a') == 'a'", linux, U},
		{"format(matrix.unknown) == 'a'", linux, U},
		{"matrix.node == 20", linux, T}, // a string and a number compare as numbers
		{"matrix.node > 18", linux, T},
		{"matrix.node < 18", linux, F},
		{"matrix.node >= 20 && matrix.node <= 20", linux, T},
		{"matrix.os == 0", linux, F}, // NaN compares false
		{"matrix.os != 0", linux, T},
		{"null == 0", linux, T},
		{"null == null", linux, T},
		{"'' == 0", linux, T},
		{"true == 1", linux, T},
		{"'0x10' == 16", linux, T},
		{"1.5 < 2", linux, T},
		{"'abc' < 'abd'", linux, T},
		{"'ABC' < 'abd'", linux, T},
		{"!(runner.os == 'Linux')", linux, F},
		{"!!true", linux, T},
		{"(runner.os == 'Linux' || runner.os == 'macOS') && matrix.os != 'x'", linux, T},
		{"runner.os == 'Windows' && github.event_name == 'push'", linux, F},
		{"github.event_name == 'push' && runner.os == 'Windows'", linux, F}, // unknown && false is false
		{"github.event_name == 'push' || runner.os == 'Linux'", linux, T},   // unknown || true is true
		{"github.event_name == 'push' || runner.os == 'Windows'", linux, U},
		{"github.event_name == 'push' && runner.os == 'Linux'", linux, U},
		{"!(github.event_name == 'push' && runner.os == 'Windows')", linux, T},
		{"github.ref == 'refs/heads/main'", linux, U},
		{"matrix.missing == 'x'", linux, U}, // a matrix value this environment does not know
		{"runner.os == 'Linux'", nil, U},
		{"runner.arch == 'X64'", linux, U},
		{"secrets.TOKEN != ''", linux, U},
		{"always()", linux, T},
		{"always() && runner.os == 'Windows'", linux, F},
		{"success()", linux, U},
		{"failure()", linux, U},
		{"cancelled()", linux, U},
		{"!success()", linux, U},
		{"failure() && runner.os == 'Windows'", linux, F},
		{"failure() || runner.os == 'Windows'", linux, U},
		{"true", linux, T},
		{"false", linux, F},
		{"${{ false }}", linux, F},
		{"0", linux, F},
		{"1", linux, T},
		{"'false'", linux, T}, // a non-empty string is true
		{"''", linux, F},
		{"null", linux, F},
		{"runner.os", linux, T},
		{"'a' && ''", linux, F},
		{"'' || 'b'", linux, T},
		{"hashFiles('**/go.sum') != ''", linux, U},
		{"toJSON(matrix) == '{}'", linux, U},
		{"startsWith(matrix.os)", linux, U},
		{"always(1)", linux, U},
		// Not expressions: unknown, never a panic.
		{"runner.os = 'Linux'", linux, U},
		{"runner.os == ", linux, U},
		{"((runner.os == 'Linux')", linux, U},
		{"runner.os == 'Linux')", linux, U},
		{"'unterminated", linux, U},
		{"${{ runner.os == 'Linux'", linux, U},
		{"${{", linux, U},
		{"}}", linux, U},
		{"${{ }}", linux, U},
		{"a }} b", linux, U},
		{"\x00\xff\xfe", linux, U},
		{"runner.os == 'Linux' # comment", linux, U},
		{"1e999 > 0", linux, U},
		{"-", linux, U},
		{"0x", linux, U},
		{"matrix.*.os == 'x'", linux, U},
		{"matrix[0] == 'x'", linux, U},
		{strings.Repeat("(", 3000) + "true" + strings.Repeat(")", 3000), linux, U}, // longer than MaxCondition
		{strings.Repeat("(", 1000) + "true" + strings.Repeat(")", 1000), linux, T},
		{strings.Repeat("!", 2000) + "true", linux, T},
		{strings.Repeat("(", 5000), linux, U},
		{strings.Repeat("true && ", 500) + "false", linux, F},
	}
	for _, tt := range tests {
		v, known := Decide(tt.cond, tt.vars)
		got := U
		if known {
			got = F
			if v {
				got = T
			}
		}
		if got != tt.want {
			name := tt.cond
			if len(name) > 60 {
				name = name[:60] + "..."
			}
			t.Errorf("Decide(%q) = %s, want %s", name, got, tt.want)
		}
	}
}

func TestFormat(t *testing.T) {
	for _, tt := range []struct {
		f    string
		args []string
		want string
		ok   bool
	}{
		{"{0}/{1}", []string{"a", "b"}, "a/b", true},
		{"{{x}}", nil, "{x}", true},
		{"{0}{0}", []string{"a"}, "aa", true},
		{"{2}", []string{"a"}, "", false},
		{"}", nil, "", false},
		{"{-1}", []string{"a"}, "", false},
		{"{ 0}", []string{"a"}, "", false},
	} {
		got, ok := format(tt.f, tt.args)
		if got != tt.want || ok != tt.ok {
			t.Errorf("format(%q, %q) = %q, %v; want %q, %v", tt.f, tt.args, got, ok, tt.want, tt.ok)
		}
	}
}
