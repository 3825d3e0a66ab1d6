package rules

import (
	"testing"

	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/finding"
	"github.com/buildspec-lint/buildspec-lint/lint/image"
	"github.com/buildspec-lint/buildspec-lint/lint/linttest"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// defaultImages are runtimeImages with the executables that the runtimes put on PATH, at the
// image's default versions.
func defaultImages(name string) (*image.Inventory, error) {
	inv, err := runtimeImages(name)
	if err != nil || name != "standard" {
		return inv, err
	}
	origin := "the built-in inventory of aws/codebuild/standard:7.0"
	for _, t := range [][3]string{{"python", "3.11.9", "python"}, {"pip", "3.11.9", "python"}, {"node", "18.20.2", "nodejs"},
		{"npm", "18.20.2", "nodejs"}, {"java", "17", "java"}, {"go", "1.21.10", "golang"}, {"ruby", "3.3.1", "ruby"}, {"dotnet", "", "dotnet"}} {
		inv.Tools[t[0]] = &image.Tool{Name: t[0], Version: t[1], Package: t[2], Origin: origin}
	}
	return inv, nil
}

func TestRuntimeDefaultChanges(t *testing.T) {
	on := &lint.FileSettings{Severity: map[string]finding.Severity{RuntimeDefaultChanges.ID: finding.SeverityNotice}}
	linttest.Run(t, lint.RuleSet{RuntimeDefaultChanges}, linttest.TestData(t, "rules", "runtime-default-changes"),
		&linttest.Options{ImageFor: defaultImages, Settings: on})
}

// Off by default: with no configuration, even a file it would report raises nothing.
func TestRuntimeDefaultChangesIsOffByDefault(t *testing.T) {
	inv, err := defaultImages("standard")
	if err != nil {
		t.Fatal(err)
	}
	src := source.NewSource("f.yml", []byte("version: 0.2\nphases:\n  build:\n    commands:\n      - python -m pytest\n"))
	l := &lint.Linter{Rules: lint.RuleSet{RuntimeDefaultChanges}}
	if fs := l.Lint(src, &lint.FileSettings{Image: inv}); len(fs) != 0 {
		t.Errorf("findings with the rule off: %v", fs)
	}
	if fs := l.Lint(src, &lint.FileSettings{Image: inv, Severity: map[string]finding.Severity{"BSL105": finding.SeverityNotice}}); len(fs) != 1 {
		t.Errorf("findings with the rule on: %v, want one", fs)
	}
}

func TestDefaultKey(t *testing.T) {
	vs := []image.RuntimeVersion{{Version: "corretto21", Installed: "21"}, {Version: "corretto17", Installed: "17"},
		{Version: "3.11", Installed: "3.11.9"}, {Version: "3.12", Installed: ""}, {Version: "6.0", Installed: "6.0.428"}}
	for have, want := range map[string]string{"17": "corretto17", "3.11.9": "3.11", "3.11.15": "3.11", "3.12.1": "", "6.0.0": "6.0", "": "", "4": ""} {
		if got := defaultKey(vs, have); got != want {
			t.Errorf("defaultKey(%q) = %q, want %q", have, got, want)
		}
	}
}
