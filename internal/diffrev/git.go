package diffrev

import (
	"bytes"
	"errors"
	"os/exec"
	"strings"
)

// gitSafety goes before every git command: a bare repository is used only when named with
// --git-dir, never found by walking up, so that a bare repository committed into the tree, with
// the working directory inside it, cannot give git its configuration (remote.origin.uploadpack,
// core.fsmonitor, ... run commands). Command-line configuration is protected configuration: a
// repository cannot override it.
var gitSafety = []string{"-c", "safe.bareRepository=explicit"}

// gitCommand is git with gitSafety, in dir ("" for the current directory).
func gitCommand(dir string, args ...string) *exec.Cmd {
	full := append([]string(nil), gitSafety...)
	if dir != "" {
		full = append(full, "-C", dir)
	}
	return exec.Command("git", append(full, args...)...)
}

// git runs git with gitSafety in dir ("" for the current directory) and returns its standard
// output. A revision taken from outside goes after --end-of-options, so that it cannot be read as
// an option (--upload-pack=CMD, --output=FILE).
func git(dir string, args ...string) ([]byte, error) {
	cmd := gitCommand(dir, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return out, errors.New(msg)
	}
	return out, nil
}

// gitDiff runs git as git does and reads its output, a unified diff, with parseDiff as it comes:
// a pull request's diff can be gigabytes, of which only the headers are kept.
func gitDiff(dir string, args ...string) (map[string][]span, error) {
	cmd := gitCommand(dir, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	files, perr := parseDiff(out)
	if err := cmd.Wait(); err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return nil, errors.New(msg)
	}
	return files, perr
}
