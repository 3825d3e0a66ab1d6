package rules

import (
	"strings"

	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/finding"
	"github.com/buildspec-lint/buildspec-lint/lint/image"
)

// RuntimeDefaultChanges reports a runtime that the commands use at the image's default version
// without selecting it in runtime-versions: CodeBuild changes an image's default version of a
// runtime when that version reaches end of life (the available-runtimes page and the CodeBuild
// document history). A notice, off by default: most builds do not mind.
var RuntimeDefaultChanges = &lint.Rule{
	Rule: finding.Rule{
		ID:       "BSL105",
		Name:     "runtime-default-changes",
		Severity: finding.SeverityNotice,
		Off:      true,
		Doc: finding.Doc{
			Title: "a runtime used at the image's default version, which changes at end of life",
			Text: "When `runtime-versions` does not select a runtime, a curated image runs its default version of it, " +
				"and \"the default version can change when a previously default version reaches end of life (EOL). " +
				"To avoid unexpected changes to the build environment, we recommend specifying a runtime version in " +
				"the buildspec file\" (https://docs.aws.amazon.com/codebuild/latest/userguide/available-runtimes.html; " +
				"the CodeBuild document history records such changes, " +
				"https://docs.aws.amazon.com/codebuild/latest/userguide/history.html). The rule names the first " +
				"command that runs such a runtime (python, pip, node, npm, java, go, ruby, php, dotnet) and the " +
				"runtime-versions line that pins today's default. It is off by default, since most builds follow the " +
				"default on purpose: turn it on with `rules: {BSL105: notice}` in `.buildspec-lint.yaml`. It says " +
				"nothing when the commands choose a version themselves (pyenv, n, nvm, rbenv, goenv, phpenv, jenv, sdk, " +
				"update-alternatives), on Lambda images (one runtime each) and on images that cannot select runtimes.",
			Bad:     "version: 0.2\nphases:\n  build:\n    commands:\n      - python -m pytest\n",
			Good:    "version: 0.2\nphases:\n  install:\n    runtime-versions:\n      python: 3.11\n  build:\n    commands:\n      - python -m pytest\n",
			Options: []string{"--image", "aws/codebuild/amazonlinux-x86_64-standard:5.0"},
		},
	},
	Check: checkRuntimeDefaultChanges,
}

// versionManagers are the programs that choose a runtime's version themselves, by runtime.
var versionManagers = map[string][]string{
	"python": {"pyenv", "conda", "uv"},
	"nodejs": {"n", "nvm", "fnm", "volta"},
	"ruby":   {"rbenv", "rvm", "chruby"},
	"golang": {"goenv", "gvm"},
	"php":    {"phpenv"},
	"java":   {"jenv", "sdk", "update-alternatives"},
	"dotnet": {"dotnet-install.sh"},
}

func checkRuntimeDefaultChanges(p *lint.Pass) {
	inv := p.Image
	if inv == nil || !inv.Curated || inv.LambdaRuntime != nil || len(inv.Runtimes) == 0 {
		return
	}
	done := map[string]bool{} // runtimes selected, version-managed, or reported
	for _, ph := range p.Spec.PhasesInOrder() {
		for _, e := range ph.RuntimeVersions {
			done[e.Key.Name] = true
		}
	}
	calls := p.Calls()
	for _, c := range calls {
		for rt, mgrs := range versionManagers {
			for _, m := range mgrs {
				if c.Name() == m {
					done[rt] = true
				}
			}
		}
	}
	for _, c := range calls {
		if len(c.Args) == 0 || !c.Args[0].Lit {
			continue
		}
		t := inv.Has(c.Name())
		if t == nil || done[t.Package] || len(inv.Runtimes[t.Package]) == 0 {
			continue
		}
		rt := t.Package
		done[rt] = true
		img := inv.Label() + imageRef(inv)
		if key := defaultKey(inv.Runtimes[rt], t.Version); key != "" {
			p.Reportf(c.Args[0].Range(), "%s runs %s at the default version of %s (%s %s), which CodeBuild changes when that version reaches end of life: pin it with runtime-versions (%s: %s) if the build needs it",
				c.Name(), rt, img, rt, key, rt, key)
			continue
		}
		p.Reportf(c.Args[0].Range(), "%s runs %s at the default version of %s, which CodeBuild changes when that version reaches end of life: select the version the build needs with runtime-versions",
			c.Name(), rt, img)
	}
}

// defaultKey returns the runtime-versions version that selects the preinstalled version have
// ("3.11" for 3.11.15, "corretto17" for 17), or "" when none does.
func defaultKey(versions []image.RuntimeVersion, have string) string {
	if have == "" {
		return ""
	}
	for _, rv := range versions {
		if rv.Installed == "" {
			continue
		}
		if rv.Installed == have || strings.HasPrefix(have, rv.Version+".") || rv.Version == have {
			return rv.Version
		}
	}
	return ""
}
