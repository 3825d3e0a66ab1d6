package rules

import (
	"strings"

	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/finding"
)

// VariableNotExpanded reports a variable of env.variables (PATH aside, which PathNotExpanded
// reports) whose value refers to the variable itself, as if to extend it: CodeBuild sets the
// value literally (build-spec-ref.html, env/variables).
var VariableNotExpanded = &lint.Rule{
	Rule: finding.Rule{
		ID:       "BSL405",
		Name:     "variable-not-expanded",
		Severity: finding.SeverityWarning,
		Doc: finding.Doc{
			Title: "a variable in env.variables extends itself, which CodeBuild does not expand",
			Text: "CodeBuild sets the variables of `env.variables` to their values as written and replaces the image's " +
				"value: in the [buildspec reference](https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html#build-spec.env.variables)'s " +
				"own example, `$PATH:/usr/share/ant/bin` becomes that literal text. So `LD_LIBRARY_PATH: $LD_LIBRARY_PATH:/opt/lib` " +
				"or `JAVA_OPTS: \"${JAVA_OPTS} -Xmx2g\"` does not extend the variable: the image's value is lost and the " +
				"program that reads it gets the text `$LD_LIBRARY_PATH` as a directory or an option. Extend it in the commands, " +
				"where a shell expands it: `export LD_LIBRARY_PATH=\"$LD_LIBRARY_PATH:/opt/lib\"` in the first phase's commands.\n\n" +
				"Only a value that refers to its own variable is reported (PATH has its own rule, path-not-expanded, an " +
				"error because every command depends on it). A value that refers to another variable is left alone: some " +
				"programs run such a value through a shell themselves (`GIT_SSH_COMMAND: ssh -i $HOME/.ssh/key` works).",
			Bad:  "version: 0.2\nenv:\n  variables:\n    LD_LIBRARY_PATH: \"$LD_LIBRARY_PATH:/opt/lib\"\nphases:\n  build:\n    commands:\n      - ./run-tests\n",
			Good: "version: 0.2\nphases:\n  install:\n    commands:\n      - export LD_LIBRARY_PATH=\"$LD_LIBRARY_PATH:/opt/lib\"\n  build:\n    commands:\n      - ./run-tests\n",
		},
	},
	Check: func(p *lint.Pass) {
		env := p.Spec.Env
		if env == nil {
			return
		}
		for _, e := range scalarEntries(env.Variables) {
			name := e.Key.Name
			if name == "PATH" {
				continue
			}
			v := e.Value.Value
			for off := 0; ; {
				start, end, ref, ok := varRef(v[off:])
				if !ok {
					break
				}
				start, end, off = off+start, off+end, off+end
				if ref != name {
					continue
				}
				fix := "extend it with export in the first phase's commands instead"
				if sh := p.Spec.ShellName(); sh == "powershell.exe" || sh == "cmd.exe" {
					fix = "extend it in a phase's commands instead"
				} else if !strings.ContainsAny(v, "\"`\\\n") {
					fix = "run export " + name + "=\"" + v + "\" in the first phase's commands instead"
				}
				p.Reportf(e.Value.ValueRange(start, end), "CodeBuild does not expand %s in %s: %s becomes the literal text %q, which replaces the image's value instead of extending it; %s", v[start:end], envSection(env, "variables"), name, v, fix)
				break
			}
		}
	},
}
