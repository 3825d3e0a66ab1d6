// Package testtool finds what a test needs from outside Go: an external program (git,
// pre-commit, Microsoft's SARIF multitool, reviewdog, curl) and the shared corpus of real
// buildspecs. One policy for every test: when the thing is missing, the test is skipped with the
// command that installs it, unless the full suite asked for it (RequireEnv, CorpusEnv), and then
// the test fails.
package testtool

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// RequireEnv is the variable that turns a missing external program from a skip into a failure.
// scripts/test.sh --full and .ci/run set it. CI=true does not: a fresh clone must pass
// `CI=true go test ./...` with nothing but Go installed.
const RequireEnv = "BUILDSPEC_LINT_REQUIRE_TOOLS"

// CorpusEnv names the corpus directory (the one that holds real/labels.yaml). Set, the corpus
// tests fail when it is missing; unset, they read the shared corpus beside the checkout
// when it is there and skip otherwise. A relative path is taken from the repository root.
const CorpusEnv = "BUILDSPEC_LINT_CORPUS"

// installScript installs the programs of the full suite (README, "Develop").
const installScript = "scripts/install-test-tools.sh"

// installs says how each program the tests run gets installed (Missing has a general hint for
// a name not listed here).
var installs = map[string]string{
	"sarif-multitool": "run " + installScript + " (npm install into .tools/npm, no root needed)",
	"reviewdog":       "run " + installScript + " (go install into .tools/bin, no root needed)",
	"pre-commit":      "run " + installScript + " (apt-get install pre-commit, with sudo when not root)",
	"git":             "run " + installScript + " (apt-get install git, with sudo when not root)",
	"curl":            "run " + installScript + " (apt-get install curl, with sudo when not root)",
}

// Required reports whether missing programs fail the tests that need them (RequireEnv is set to
// anything but "" or "0").
func Required() bool {
	v := os.Getenv(RequireEnv)
	return v != "" && v != "0"
}

// Root returns the repository root: the nearest directory above the working directory (a
// package directory under go test) that holds go.mod.
func Root() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod above the working directory")
		}
		dir = parent
	}
}

// LocalDirs returns the directories of the repository's own tools folder, .tools/, where
// scripts/install-test-tools.sh installs the programs it can install without root.
func LocalDirs(root string) []string {
	return []string{
		filepath.Join(root, ".tools", "bin"),
		filepath.Join(root, ".tools", "npm", "node_modules", ".bin"),
	}
}

// Find returns the path of an external program, looking first in the repository's .tools/
// folder (the versions the suite pins) and then in PATH.
func Find(name string) (string, error) {
	if root, err := Root(); err == nil {
		for _, dir := range LocalDirs(root) {
			if p, err := exec.LookPath(filepath.Join(dir, name)); err == nil {
				return p, nil
			}
		}
	}
	return exec.LookPath(name)
}

// Missing is the message of a missing program: what is missing and the command that installs
// it.
func Missing(name string) string {
	how, ok := installs[name]
	if !ok {
		how = "run " + installScript + " or install " + name + " with your package manager"
	}
	return name + " not found: " + how
}

// Need returns the path of an external program (see Find). When it is missing, the test is
// skipped with the command that installs it, or fails when Required.
func Need(t testing.TB, name string) string {
	t.Helper()
	p, err := Find(name)
	if err == nil {
		return p
	}
	if Required() {
		t.Fatalf("%s (a failure, not a skip: %s is set)", Missing(name), RequireEnv)
	} else {
		t.Skip(Missing(name))
	}
	return ""
}

// Corpus returns the corpus directory (CorpusEnv, or the shared corpus beside the repository
// root). When it is missing, the test is skipped, or fails when CorpusEnv is set. A corpus is
// present when it holds real/labels.yaml.
func Corpus(t testing.TB) string {
	t.Helper()
	root, err := Root()
	if err != nil {
		t.Fatal(err)
		return ""
	}
	dir, set := os.LookupEnv(CorpusEnv)
	set = set && dir != ""
	if !set {
		dir = filepath.Join("..", "shared", "corpus")
	}
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(root, dir)
	}
	dir = filepath.Clean(dir)
	labels := filepath.Join(dir, "real", "labels.yaml")
	if _, err := os.Stat(labels); err != nil {
		if set {
			t.Fatalf("%s=%s holds no corpus (%v): point it at the corpus directory, the one with real/labels.yaml", CorpusEnv, dir, err)
		} else {
			t.Skipf("no corpus at %s: put the shared corpus there or set %s to its directory", dir, CorpusEnv)
		}
		return ""
	}
	return dir
}
