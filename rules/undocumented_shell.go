package rules

import (
	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
	"github.com/buildspec-lint/buildspec-lint/lint/finding"
)

// UndocumentedShell reports env.shell is a value that CodeBuild does not document.
var UndocumentedShell = &lint.Rule{
	Rule: finding.Rule{
		ID:       "BSL009",
		Name:     "undocumented-shell",
		Severity: finding.SeverityNotice,
		Doc: finding.Doc{
			Title: "env.shell is a value that CodeBuild does not document",
			Text:  "CodeBuild documents `bash` and `/bin/sh` for Linux images and `powershell.exe` and `cmd.exe` for Windows images as values of `env.shell` (https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html). Other values (`/bin/bash`, `zsh`) may work when the image has that shell, but they are not supported: prefer a documented value.",
			Bad:   "version: 0.2\nenv:\n  shell: /bin/bash\nphases:\n  build:\n    commands:\n      - make test\n",
			Good:  "version: 0.2\nenv:\n  shell: bash\nphases:\n  build:\n    commands:\n      - make test\n",
		},
	},
	Problems: []buildspec.ProblemKind{buildspec.UndocumentedShell},
}
