package testtool

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Git runs git with args in the working directory, as a test author with no global or system
// configuration, and returns its trimmed output; it fails the test when git does. It needs git
// (Need(t, "git") first).
func Git(t testing.TB, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@e", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@e",
		"GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return strings.TrimSpace(string(out))
}

// BareRepositoryTrap makes a repository whose tree holds a bare repository, evil/, with a
// configuration that runs commands (remote.origin.uploadpack on fetch, core.fsmonitor on diff)
// and gives itself a work tree (core.worktree = .), and changes the working directory into
// evil/, where git would find that configuration rather than the checkout's .git. It returns
// the path of the file the commands would create: a test that runs git there must find none.
func BareRepositoryTrap(t *testing.T) (marker string) {
	t.Helper()
	Need(t, "git")
	dir := t.TempDir()
	t.Chdir(dir)
	Git(t, "init", "-q", "-b", "main")
	marker = filepath.Join(t.TempDir(), "ran")
	Git(t, "init", "-q", "--bare", "evil")
	cfg := "[core]\n\trepositoryformatversion = 0\n\tbare = false\n\tworktree = .\n\tfsmonitor = touch " + marker + "\n" +
		"[remote \"origin\"]\n\turl = " + dir + "\n\tuploadpack = touch " + marker + ";\n"
	if err := os.WriteFile(filepath.Join("evil", "config"), []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	Git(t, "add", ".")
	Git(t, "commit", "-q", "-m", "a bare repository in the tree")
	t.Chdir(filepath.Join(dir, "evil"))
	return marker
}
