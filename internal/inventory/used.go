package inventory

import (
	"strings"

	"mvdan.cc/sh/v3/syntax"

	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
	"github.com/buildspec-lint/buildspec-lint/lint/image"
)

// shellBuiltins are the names a shell runs without an executable on PATH: builtins and
// keywords of sh and bash. A RUN line that calls one says nothing about the image.
var shellBuiltins = map[string]bool{
	".": true, ":": true, "[": true, "[[": true, "alias": true, "bg": true, "bind": true, "break": true,
	"builtin": true, "cd": true, "command": true, "continue": true, "declare": true, "dirs": true,
	"echo": true, "enable": true, "eval": true, "exec": true, "exit": true, "export": true, "false": true,
	"fg": true, "getopts": true, "hash": true, "help": true, "history": true, "jobs": true, "kill": true,
	"let": true, "local": true, "mapfile": true, "popd": true, "printf": true, "pushd": true, "pwd": true,
	"read": true, "readarray": true, "readonly": true, "return": true, "set": true, "shift": true,
	"shopt": true, "source": true, "test": true, "times": true, "trap": true, "true": true, "type": true,
	"typeset": true, "ulimit": true, "umask": true, "unalias": true, "unset": true, "wait": true,
}

// addUsed adds the programs that the chain's RUN lines call where a missing program would fail
// the image build, and that nothing in the Dockerfile installs: the base image has them (curl
// in `RUN curl -fsSL URL -o x.tgz && tar -xzf x.tgz` on an unknown base). A call counts when
// the RUN's exit status depends on it: a command of the RUN's last statement (or any statement
// after `set -e`) joined by && only, not the condition of an if or while, not the left side of
// ||, not negated, in the background, inside a loop or a branch, and last in its pipeline. Only
// names found on PATH count (no ./configure, no $TOOL), never shell builtins or functions the
// RUN defines. Each cites the line that runs it: "run at docker/Dockerfile:5".
func (b *builder) addUsed() {
	for _, c := range b.calls {
		if c.Depth > 0 || c.Expr == nil || len(c.Args) == 0 || c.InCond || c.InLoop || c.OrGuarded || c.Negated || c.Background {
			continue
		}
		name := c.Args[0].Value
		if !c.Args[0].Lit || name == "" || strings.ContainsAny(name, "/\\$=`'\"{}()*?[]~") || shellBuiltins[name] {
			continue
		}
		if b.inv.Has(name) != nil || !mustSucceed(c) {
			continue
		}
		addTool(b.inv, &image.Tool{Name: name, Origin: "run at " + b.origin(c.Range().Start.Offset)})
	}
}

// mustSucceed reports whether the RUN line that holds call c fails when c fails (see addUsed).
func mustSucceed(c *buildspec.Call) bool {
	if c.Command == nil || c.Command.Script == nil || c.Command.Script.File == nil {
		return false
	}
	f := c.Command.Script.File
	funcs := map[string]bool{}
	syntax.Walk(f, func(n syntax.Node) bool {
		if fd, ok := n.(*syntax.FuncDecl); ok && fd.Name != nil {
			funcs[fd.Name.Value] = true
		}
		return true
	})
	if funcs[c.Args[0].Value] {
		return false
	}
	found := false
	var stmt func(st *syntax.Stmt)
	var list func(sts []*syntax.Stmt, errexit bool)
	stmt = func(st *syntax.Stmt) {
		if st == nil || st.Negated || st.Background || st.Coprocess || found {
			return
		}
		switch x := st.Cmd.(type) {
		case *syntax.CallExpr:
			found = x == c.Expr
		case *syntax.BinaryCmd:
			switch x.Op {
			case syntax.AndStmt:
				stmt(x.X)
				stmt(x.Y)
			case syntax.Pipe, syntax.PipeAll:
				stmt(x.Y) // a pipeline's status is its last command's
			}
		case *syntax.Block:
			list(x.Stmts, false)
		case *syntax.Subshell:
			list(x.Stmts, false)
		}
	}
	list = func(sts []*syntax.Stmt, errexit bool) {
		for i, st := range sts {
			if errexit || i == len(sts)-1 {
				stmt(st)
			}
			errexit = errexit || setsErrexit(st)
		}
	}
	list(f.Stmts, false)
	return found
}

// setsErrexit reports whether a statement is `set -e` (also -eux, -o errexit).
func setsErrexit(st *syntax.Stmt) bool {
	ce, ok := st.Cmd.(*syntax.CallExpr)
	if !ok || len(ce.Args) < 2 || ce.Args[0].Lit() != "set" {
		return false
	}
	for i, a := range ce.Args[1:] {
		v := a.Lit()
		if strings.HasPrefix(v, "-") && !strings.HasPrefix(v, "--") && strings.Contains(v, "e") && v != "-o" {
			return true
		}
		if v == "-o" && i+2 < len(ce.Args) && ce.Args[i+2].Lit() == "errexit" {
			return true
		}
	}
	return false
}
