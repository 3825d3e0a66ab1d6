package rules

import (
	"fmt"

	"mvdan.cc/sh/v3/syntax"

	"github.com/buildspec-lint/buildspec-lint/lint"
)

// LegacyVersion reports a buildspec still on version 0.1. CodeBuild still runs such files, but
// runs each of their commands in a new shell (build-spec-ref.html, "phases"); other versions are
// invalid-value findings of the parser.
var LegacyVersion = &lint.Rule{
	ID:       lint.RuleVersion,
	Name:     "legacy-version",
	Aliases:  []string{"unsupported-version"},
	Severity: lint.SeverityWarning,
	Doc: lint.Doc{
		Title: "the buildspec is on legacy version 0.1",
		Text: "CodeBuild still runs buildspec version `0.1`, but it runs each command of such a file in a new shell " +
			"(https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html): a `cd`, an `export` or a variable " +
			"set in one command is lost in the next, and so is a background process such as a started dockerd. " +
			"The finding names the first command whose effect is lost. In version `0.2` all commands of a build share one " +
			"shell: write `version: 0.2` (and, if the file has them, rename `environment_variables` to `env` and " +
			"`plaintext` to `variables`). Any version other than `0.1` and `0.2` is rejected by CodeBuild and reported " +
			"as BSL007 invalid-value. This rule was called `unsupported-version`; configuration and ignore directives " +
			"still accept that name.",
		Bad:  "version: 0.1\nphases:\n  build:\n    commands:\n      - cd app\n      - make test\n",
		Good: "version: 0.2\nphases:\n  build:\n    commands:\n      - cd app\n      - make test\n",
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

// lostState returns the first statement of cmds (in execution order) that changes the shell's
// state and is followed by another command: a cd, an export or other declaration, a variable
// assignment, a function definition. It returns the statement's range and what it is ("cd",
// "export", "assignment of NAME", "function f"), or "" when there is none. Subshells, command
// substitutions and `sh -c` strings change a shell of their own and are not looked into.
func lostState(cmds []*lint.Command) (lint.Range, string) {
	for i, cmd := range cmds {
		if i == len(cmds)-1 || cmd.Script == nil || cmd.Script.File == nil {
			continue
		}
		var what string
		var at syntax.Node
		syntax.Walk(cmd.Script.File, func(n syntax.Node) bool {
			if what != "" {
				return false
			}
			switch x := n.(type) {
			case *syntax.Subshell, *syntax.CmdSubst, *syntax.ProcSubst, *syntax.Word, *syntax.Assign:
				return false
			case *syntax.CallExpr:
				if len(x.Args) == 0 && len(x.Assigns) > 0 && x.Assigns[0].Name != nil {
					what, at = "assignment of "+x.Assigns[0].Name.Value, x
				} else if len(x.Args) > 0 {
					if name := x.Args[0].Lit(); stateBuiltins[name] {
						what, at = name, x
					}
				}
				return false
			case *syntax.DeclClause:
				if x.Variant != nil && x.Variant.Value != "local" {
					what, at = x.Variant.Value, x
				}
				return false
			case *syntax.FuncDecl:
				if x.Name != nil {
					what, at = "function "+x.Name.Value, x
				}
				return false
			}
			return true
		})
		if what != "" {
			return cmd.ValueRange(int(at.Pos().Offset()), int(at.End().Offset())), what
		}
	}
	return lint.Range{}, ""
}
