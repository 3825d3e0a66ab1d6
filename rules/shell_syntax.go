package rules

import (
	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
	"github.com/buildspec-lint/buildspec-lint/lint/finding"
)

// ShellSyntax reports a command is not valid shell.
var ShellSyntax = &lint.Rule{
	Rule: finding.Rule{
		ID:       "BSL013",
		Name:     "shell-syntax",
		Severity: finding.SeverityError,
		Doc: finding.Doc{
			Title:        "a command is not valid shell",
			Text:         "CodeBuild runs each command with `/bin/sh` (or the `env.shell`), and a command that does not parse fails its phase at run time, after the earlier phases have spent their time. The finding points where the shell parser stopped: an `if` without `fi`, an unclosed quote, a `$(` without `)`. Each list item is one command: an `if` or a loop must be complete within one item (use a `|` block for several lines: an unquoted item written over several lines is joined into one line by YAML, and the finding says so). When the YAML of the file is broken and cuts a command short, the YAML finding is the only one: the part of the command that was read is not reported as shell. Commands of a Windows file (`env.shell` powershell or pwsh, or commands that read as PowerShell: `& \"C:\\...\\x.exe\"`, backtick continuations, `$env:X`, `$x = ...`) are not parsed as sh. A command over the size limits (brackets nested more than 64 levels deep, more than 10,000 words and operators, a syntax tree more than 1,000 levels deep, as a chain of 500 `&&` makes, more than 200,000 words and operators in all the commands of a document) is reported here too and not checked further (limits that keep hostile input cheap; see the README, \"Limits\").\n\nIn a GitHub Actions workflow each `run:` step is one script, read by the step's shell (`shell:`, else `defaults.run.shell`, else bash, or pwsh on Windows runners): an `if` may span the lines of a `run: |` block, and a `${{ ... }}` expression is one opaque word, since the runner substitutes it before the shell reads the script.\n\nSources: the buildspec reference (https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html), which says how commands run in each phase and names the supported shells.",
			Bad:          "version: 0.2\nphases:\n  build:\n    commands:\n      - if [ -f Makefile ]; then make\n      - fi\n",
			Good:         "version: 0.2\nphases:\n  build:\n    commands:\n      - if [ -f Makefile ]; then make; fi\n",
			WorkflowBad:  "on: push\njobs:\n  build:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: |\n          if [ -f Makefile ]; then\n            make ${{ matrix.target }}\n",
			WorkflowGood: "on: push\njobs:\n  build:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: |\n          if [ -f Makefile ]; then\n            make ${{ matrix.target }}\n          fi\n",
		},
	},
	Workflows: true,
	Problems:  []buildspec.ProblemKind{buildspec.ShellSyntax},
}
