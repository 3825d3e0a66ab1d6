package rules

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/image"
	"github.com/buildspec-lint/buildspec-lint/lint/linttest"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

func TestDockerNotPrivileged(t *testing.T) {
	linttest.Run(t, lint.RuleSet{DockerNotPrivileged}, linttest.TestData(t, "rules", "docker-not-privileged"), dockerOptions)
}

// TestDockerNotPrivilegedAlone checks that where docker-not-privileged reports, the rules whose
// advice cannot work without privileged mode stay silent: dockerd-not-started (start dockerd)
// and compute-unsupported's docker: none. Each fixture must raise exactly its wants with them on.
func TestDockerNotPrivilegedAlone(t *testing.T) {
	dir := linttest.TestData(t, "rules", "docker-not-privileged")
	files, err := filepath.Glob(filepath.Join(dir, "*.yml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures in %s: %v", dir, err)
	}
	rules := lint.RuleSet{DockerdNotStarted, ComputeUnsupported, DockerNotPrivileged}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(data), "BSL210") {
			t.Errorf("%s: every fixture outside ok/ expects BSL210", f)
		}
		t.Run(filepath.Base(f), func(t *testing.T) { linttest.RunFile(t, rules, f, dockerOptions) })
	}
}

// TestDockerNotPrivilegedKeepsDoubleStartFix: on a curated image, dockerd-double-start's fix
// removes the manual start; docker-not-privileged's finding stays on the docker command, so the
// fix raises nothing new and is still offered when every rule runs.
func TestDockerNotPrivilegedKeepsDoubleStartFix(t *testing.T) {
	path := filepath.Join(linttest.TestData(t, "rules", "docker-not-privileged"), "curated-start.yml")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	inv, err := dockerOptions.ImageFor("aws/codebuild/standard:7.0")
	if err != nil {
		t.Fatal(err)
	}
	c := *inv
	c.Privileged = image.PrivilegedOff
	findings, notes := (&lint.Linter{Rules: All()}).LintFixes(source.NewSource(path, data), &lint.FileSettings{Image: &c})
	var double, priv bool
	for _, f := range findings {
		switch f.Rule.ID {
		case DockerdDoubleStart.ID:
			double = f.Fix != nil
		case DockerNotPrivileged.ID:
			priv = true
		}
	}
	if !double || !priv {
		t.Errorf("want BSL204 with its fix and BSL210; got %d findings, notes %v", len(findings), notes)
	}
}
