package rules

import (
	"strings"

	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/finding"
)

// PathNotExpanded reports a PATH in env.variables whose value refers to a variable ($PATH,
// ${HOME}, $(pwd)): CodeBuild sets the value literally, it does not expand it
// (build-spec-ref.html, env/variables).
var PathNotExpanded = &lint.Rule{
	Rule: finding.Rule{
		ID:       "BSL401",
		Name:     "path-not-expanded",
		Severity: finding.SeverityError,
		Doc: finding.Doc{
			Title: "env.variables sets PATH to a value with a variable, which CodeBuild does not expand",
			Text: "CodeBuild sets the variables of `env.variables` to their values as written and replaces the " +
				"image's value: the [buildspec reference](https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html#build-spec.env.variables) " +
				"gives this very case, where `PATH: $PATH:/usr/share/ant/bin` replaces the image's PATH with the literal value " +
				"`$PATH:/usr/share/ant/bin`. No shell reads the value, so `$PATH`, `${HOME}` or `$(pwd)` stay as text, " +
				"the image's directories leave PATH, and every command outside the added directory (`ls`, `git`, `npm`) " +
				"is no longer found. Extend PATH in the commands instead, where a shell expands it: " +
				"`export PATH=\"$PATH:/usr/share/ant/bin\"` in the first phase's commands (the phases of a version 0.2 " +
				"buildspec share one shell, so later phases see it), or `ENV PATH=...` in the Dockerfile of a custom image. " +
				"A PATH without any `$` is set as written and not reported; another variable that extends itself this way " +
				"is variable-not-expanded, a warning.",
			Bad: "version: 0.2\nenv:\n  variables:\n    PATH: \"$PATH:/opt/tools/bin\"\nphases:\n  build:\n    commands:\n      - make\n",
			Good: "version: 0.2\nphases:\n  install:\n    commands:\n      - export PATH=\"$PATH:/opt/tools/bin\"\n" +
				"  build:\n    commands:\n      - make\n",
		},
	},
	Check: func(p *lint.Pass) {
		env := p.Spec.Env
		if env == nil {
			return
		}
		for _, e := range scalarEntries(env.Variables) {
			if e.Key.Name != "PATH" {
				continue
			}
			v := e.Value.Value
			start, end, name, ok := varRef(v)
			if !ok {
				continue
			}
			for off := end; name != "PATH"; {
				s, e, n, ok := varRef(v[off:])
				if !ok {
					break
				}
				if n == "PATH" {
					start, end, name = off+s, off+e, n
				}
				off += e
			}
			what := "$" + name
			if name == "" {
				what = "$(...)"
			} else if v[start+1] == '{' {
				what = v[start:end]
			}
			lost := "the directory written with " + what + " is not searched"
			if name == "PATH" {
				lost = "the image's directories are dropped and their commands are not found"
			}
			fix := "set it in a phase's commands instead"
			switch shell := p.Spec.ShellName(); {
			case shell == "powershell.exe", shell == "cmd.exe":
			case !strings.ContainsAny(v, "\"`\\\n"):
				fix = "run export PATH=\"" + v + "\" in the first phase's commands instead"
			default:
				fix = "extend PATH with export in the first phase's commands instead"
			}
			p.Reportf(e.Value.ValueRange(start, end), "CodeBuild does not expand %s in env.variables: PATH becomes the literal text %q and %s; %s", what, v, lost, fix)
		}
	},
}
