package rules

import (
	"fmt"

	"mvdan.cc/sh/v3/syntax"

	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
	"github.com/buildspec-lint/buildspec-lint/lint/finding"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// LegacyVersion reports a buildspec still on version 0.1. CodeBuild still runs such files, but
// runs each of their commands in a new shell (build-spec-ref.html, "phases"); other versions are
// invalid-value findings of the parser.
var LegacyVersion = &lint.Rule{
	Rule: finding.Rule{
		ID:       "BSL004",
		Name:     "legacy-version",
		Aliases:  []string{"unsupported-version"},
		Severity: finding.SeverityWarning,
		Doc: finding.Doc{
			Title: "the buildspec is on legacy version 0.1",
			Text: "CodeBuild still runs buildspec version `0.1`, but it runs each command of such a file in a new shell " +
				"(https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html): a `cd`, an `export` or a variable " +
				"set in one command is lost in the next. " +
				"The finding names the first such statement that the commands after it need: one that ends its command, or a " +
				"variable that a later command reads (`cd app && make` uses its cd at once, so nothing is lost there). In version " +
				"`0.2` all commands of a build share one shell: write `version: 0.2` (and, if the file has them, rename " +
				"`environment_variables` to `env` and `plaintext` to `variables`). A `cd` used at once in one command then " +
				"applies to the commands after it too: the finding names the first such `cd` so you can check them. Any version other than `0.1` and `0.2` is rejected by CodeBuild and reported " +
				"as BSL007 invalid-value. This rule was called `unsupported-version`; configuration and ignore directives " +
				"still accept that name.",
			Bad:  "version: 0.1\nphases:\n  build:\n    commands:\n      - cd app\n      - make test\n",
			Good: "version: 0.2\nphases:\n  build:\n    commands:\n      - cd app\n      - make test\n",
		},
	},
	Check: func(p *lint.Pass) {
		v := p.Spec.Version
		if v == nil || v.Value != "0.1" {
			return
		}
		msg := "version 0.1 is legacy: CodeBuild runs each command in its own shell, so "
		if at, what := lostState(p.Commands()); what != "" {
			msg += fmt.Sprintf("the %s on line %d is lost in the next command", what, at.Start.Line)
		} else {
			msg += "a cd, export or variable set in one command is lost in the next"
		}
		msg += "; write version: 0.2, where all commands share one shell"
		if at, what := carriedCd(p.Commands()); what != "" {
			msg += fmt.Sprintf(" (in 0.2 the %s on line %d also applies to the commands after it: check them)", what, at.Start.Line)
		}
		for _, k := range p.Spec.Keys {
			if k.Name == "environment_variables" {
				msg += " (and rename environment_variables to env, plaintext to variables)"
				break
			}
		}
		p.Report(v.Range, msg)
	},
}

// stateBuiltins are the shell builtins whose effect lasts for the rest of the shell.
var stateBuiltins = map[string]bool{
	"cd": true, "pushd": true, "popd": true, "source": true, ".": true, "alias": true,
	"unset": true, "umask": true, "set": true, "shopt": true, "ulimit": true,
}

// lostState returns the first statement of cmds (in execution order) whose change to the shell's
// state is lost because the next command runs in a new shell: a cd, an export or other
// declaration, a variable assignment, a function definition that nothing after it in its own
// command uses (it ends the command: it was written for the commands after it), or a variable
// set in one command and read in a later one. `cd dir && make` uses its cd where it is: nothing
// is lost. It returns the statement's range and what it is ("cd", "export", "assignment of
// NAME", "function f"), or "" when there is none. Subshells, command substitutions and `sh -c`
// strings change a shell of their own and are not looked into.
func lostState(cmds []*buildspec.Command) (source.Range, string) {
	var lastRead map[string]int // built on first need: one walk of every command
	for i, cmd := range cmds[:max(len(cmds)-1, 0)] {
		changes := stateChanges(cmd)
		if len(changes) == 0 {
			continue
		}
		last := lastStart(cmd.Script.File)
		for _, ch := range changes {
			lost := ch.node.End().Offset() > last
			if !lost && len(ch.names) > 0 {
				if lastRead == nil {
					lastRead = lastReads(cmds)
				}
				for _, n := range ch.names {
					lost = lost || lastRead[n] > i
				}
			}
			if lost {
				return cmd.ValueRange(int(ch.node.Pos().Offset()), int(ch.node.End().Offset())), ch.what
			}
		}
	}
	return source.Range{}, ""
}

// carriedCd returns the first cd (or pushd) that version 0.2 would carry into the commands after
// its own, where 0.1 drops it: one that its own command uses (`cd dir && make`) in a command that
// is not the last. "" when there is none.
func carriedCd(cmds []*buildspec.Command) (source.Range, string) {
	for _, cmd := range cmds[:max(len(cmds)-1, 0)] {
		changes := stateChanges(cmd)
		if len(changes) == 0 {
			continue
		}
		last := lastStart(cmd.Script.File)
		for _, ch := range changes {
			if (ch.what == "cd" || ch.what == "pushd") && ch.node.End().Offset() <= last {
				return cmd.ValueRange(int(ch.node.Pos().Offset()), int(ch.node.End().Offset())), ch.what
			}
		}
	}
	return source.Range{}, ""
}

// stateChange is a statement that changes the shell's state: what it is and the variables it sets.
type stateChange struct {
	node  syntax.Node
	what  string
	names []string
}

// stateChanges returns the statements of cmd that change its shell's state, in order.
func stateChanges(cmd *buildspec.Command) []stateChange {
	if cmd.Script == nil || cmd.Script.File == nil {
		return nil
	}
	var out []stateChange
	syntax.Walk(cmd.Script.File, func(n syntax.Node) bool {
		ch := stateChange{node: n}
		switch x := n.(type) {
		case *syntax.Subshell, *syntax.CmdSubst, *syntax.ProcSubst, *syntax.Word, *syntax.Assign:
			return false
		case *syntax.CallExpr:
			if len(x.Args) == 0 && len(x.Assigns) > 0 && x.Assigns[0].Name != nil {
				ch.what = "assignment of " + x.Assigns[0].Name.Value
				for _, a := range x.Assigns {
					if a.Name != nil {
						ch.names = append(ch.names, a.Name.Value)
					}
				}
			} else if len(x.Args) > 0 {
				if name := x.Args[0].Lit(); stateBuiltins[name] {
					ch.what = name
				}
			}
		case *syntax.DeclClause:
			if x.Variant != nil && x.Variant.Value != "local" {
				ch.what = x.Variant.Value
				for _, a := range x.Args {
					if a.Name != nil {
						ch.names = append(ch.names, a.Name.Value)
					}
				}
			}
		case *syntax.FuncDecl:
			if x.Name != nil {
				ch.what = "function " + x.Name.Value
			}
		default:
			return true
		}
		if ch.what != "" {
			out = append(out, ch)
		}
		return false
	})
	return out
}

// lastStart returns where the last command of f starts (a call or any other statement): a
// statement that ends at or before it is followed by something in its own command that may use
// what it changed (`cd dir && make`). One walk of f.
func lastStart(f *syntax.File) uint {
	var last uint
	syntax.Walk(f, func(m syntax.Node) bool {
		switch m.(type) {
		case *syntax.CallExpr, *syntax.BinaryCmd, *syntax.IfClause, *syntax.WhileClause, *syntax.ForClause,
			*syntax.CaseClause, *syntax.Block, *syntax.Subshell, *syntax.DeclClause, *syntax.TestClause,
			*syntax.ArithmCmd, *syntax.LetClause, *syntax.TimeClause, *syntax.CoprocClause:
			last = max(last, m.Pos().Offset())
		}
		return true
	})
	return last
}

// lastReads maps each variable that cmds expand ($NAME, ${NAME...}) to the index of the last
// command that does. One walk of every command.
func lastReads(cmds []*buildspec.Command) map[string]int {
	last := map[string]int{}
	for i, c := range cmds {
		if c.Script == nil || c.Script.File == nil {
			continue
		}
		syntax.Walk(c.Script.File, func(n syntax.Node) bool {
			if pe, ok := n.(*syntax.ParamExp); ok && pe.Param != nil {
				last[pe.Param.Value] = i
			}
			return true
		})
	}
	return last
}
