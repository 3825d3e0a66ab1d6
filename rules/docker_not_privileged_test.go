package rules

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/linttest"
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
