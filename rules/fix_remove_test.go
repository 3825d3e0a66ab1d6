package rules

import (
	"strings"
	"testing"

	"mvdan.cc/sh/v3/syntax"

	"github.com/buildspec-lint/buildspec-lint/internal/install"
	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// shellCommand parses text as one shell command of a file that holds only it.
func shellCommand(t *testing.T, text string) *buildspec.Command {
	t.Helper()
	src := source.NewSource("test", []byte(text))
	cmd := buildspec.NewCommand(buildspec.NewString(src, text, 0), "install", buildspec.DialectShell)
	if cmd.Script.Err != nil {
		t.Fatalf("%q: %s", text, cmd.Script.Err.Message)
	}
	return cmd
}

func TestAndItems(t *testing.T) {
	for _, c := range []struct {
		text string
		want []string
	}{
		{"a && b && c", []string{"a", "b", "c"}},
		{"a", []string{"a"}},
		{"a || b && c", []string{"a || b", "c"}},
		{"a && b | c", []string{"a", "b | c"}},
		{"! a && b", []string{"! a", "b"}},
	} {
		f, err := syntax.NewParser().Parse(strings.NewReader(c.text), "")
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, it := range andItems(f.Stmts[0]) {
			got = append(got, c.text[pos(it):stmtEnd(it)])
		}
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("%q: items %q, want %q", c.text, got, c.want)
		}
	}
}

func TestGoneCalls(t *testing.T) {
	cmd := shellCommand(t, "curl -fsSL https://x/i.sh | sh")
	exprs := map[*syntax.CallExpr]bool{}
	for _, c := range cmd.Script.Calls {
		exprs[c.Expr] = true
	}
	st := cmd.Script.File.Stmts[0]
	if n := goneCalls(st, exprs); n != 2 {
		t.Errorf("a pipeline of two gone calls counts %d, want 2", n)
	}
	delete(exprs, cmd.Script.Calls[1].Expr)
	if n := goneCalls(st, exprs); n != 0 {
		t.Errorf("a pipeline with a call that stays counts %d, want 0", n)
	}
}

func TestFileLines(t *testing.T) {
	for _, c := range []struct {
		text, part string
		want       string // the lines removed, "" for none
	}{
		{"a\n  make x\nb\n", "make x", "  make x\n"},
		{"a\r\n  make x # note\r\nb\r\n", "make x", "  make x # note\r\n"},
		{"a\n  make x", "make x", "  make x"},
		{"a\n  y; make x\nb\n", "make x", ""},
		{"a\n  make x; y\nb\n", "make x", ""},
	} {
		src := source.NewSource("t", []byte(c.text))
		s := strings.Index(c.text, c.part)
		l0, l1, ok := fileLines(src, s, s+len(c.part))
		got := ""
		if ok {
			got = c.text[l0:l1]
		}
		if got != c.want {
			t.Errorf("%q: lines %q, want %q", c.text, got, c.want)
		}
	}
}

func TestIsUpdate(t *testing.T) {
	for text, want := range map[string]bool{
		"apt-get update":         true,
		"sudo apt-get -y update": true,
		"apk update":             true,
		"yum makecache":          true,
		"yum update -y":          false, // upgrades every package
		"dnf update":             false,
		"apt-get install jq":     false,
		"make update":            false,
	} {
		if got := isUpdate(shellCommand(t, text).Script.Calls[0]); got != want {
			t.Errorf("isUpdate(%q) = %v, want %v", text, got, want)
		}
	}
}

func TestWholeCall(t *testing.T) {
	for _, c := range []struct {
		text string
		gone []string // the packages removed
		want bool
	}{
		{"apt-get install -y jq", []string{"jq"}, true},
		{"apt-get install -y jq git", []string{"jq"}, false},
		{"apt-get install -y jq git", []string{"jq", "git"}, true},
		{"apk add --no-cache --virtual .deps jq", []string{"jq"}, false}, // an option's value
		{"apt-get install -y jq $EXTRA", []string{"jq"}, false},
		{"python3 -m pip install yq", []string{"yq"}, true},
		{"npm install -g aws-cdk", []string{"aws-cdk"}, true},
	} {
		cmd := shellCommand(t, c.text)
		var gone []*install.Install
		for _, in := range install.Recognise(cmd.Script.Calls) {
			for _, g := range c.gone {
				if in.Package == g {
					gone = append(gone, in)
				}
			}
		}
		if len(gone) != len(c.gone) {
			t.Fatalf("%q: recognised %d of %v", c.text, len(gone), c.gone)
		}
		if got := wholeCall(gone[0].Call, gone); got != c.want {
			t.Errorf("%q without %v: whole call %v, want %v", c.text, c.gone, got, c.want)
		}
	}
}
