package main

import (
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/buildspec-lint/buildspec-lint/internal/fsutil"
	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
	"github.com/buildspec-lint/buildspec-lint/lint/workflow"
)

// maxCallerWorkflows and maxCallerBytes bound what is read of one repository's workflows to find
// the jobs that call its composite actions: real repositories have a few dozen small ones.
// maxCallers bounds the environments a composite action is linted in.
const (
	maxCallerWorkflows = 200
	maxCallerBytes     = 16 << 20
	maxCallers         = 16
)

// findCallers returns, for each composite action among the inputs (by cleaned path), the
// environments of the jobs of its repository's workflows that call it with uses: ./DIR, DIR
// its directory relative to the repository's root: the root of the git repository that holds it,
// else the directory searched that found it, else the working directory. An action no job calls
// has none (its steps are linted with no image).
func findCallers(col *collected, inputs []lint.Input, cfgs *configs) map[string][]*workflow.Env {
	searchOf := map[string]int{}
	for _, c := range col.composites {
		searchOf[filepath.Clean(c.path)] = c.search
	}
	byRoot := map[string][]*workflow.File{}
	out := map[string][]*workflow.Env{}
	for _, in := range inputs {
		if in.Embed != nil || in.Path == stdinName || (in.Kind != lint.KindComposite && !(in.Kind == lint.KindAuto && lint.IsActionName(in.Path))) {
			continue
		}
		key := filepath.Clean(in.Path)
		search, ok := searchOf[key]
		if !ok {
			search = -1
		}
		root, dir := scopeRoot(cfgs, col.searches, in.Path, search)
		if dir == "" {
			continue
		}
		rel, err := filepath.Rel(root, dir)
		if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			continue // not in the repository whose workflows could call it
		}
		files, ok := byRoot[root]
		if !ok {
			files = readWorkflows(root, cfgs)
			byRoot[root] = files
		}
		if envs := callersOf(files, filepath.ToSlash(rel)); len(envs) > 0 {
			out[key] = envs
		}
	}
	return out
}

// scopeRoot returns the root of the repository in which the file at path meets the files it goes
// with (a composite action and the jobs that call it, a workflow and the CodeBuild projects its
// runner labels name): the root of the git repository that holds the file, else the directory
// searched that found it (searches[search]; search is -1 for a file named on the command line),
// else the working directory. dir is the file's directory, absolute; both are "" when it cannot
// be made absolute.
func scopeRoot(cfgs *configs, searches []search, path string, search int) (root, dir string) {
	dir = cfgs.abs(filepath.Dir(path))
	if dir == "" {
		return "", ""
	}
	if root := repoRoot(dir); root != "" {
		return root, dir
	}
	if search >= 0 && search < len(searches) {
		return cfgs.abs(searches[search].dir), dir
	}
	return cfgs.cwd, dir
}

// callersOf returns the environments of the jobs of files that call the local action in dir
// (relative to the repository root, with slashes; "." for the root), at most maxCallers.
func callersOf(files []*workflow.File, dir string) []*workflow.Env {
	var envs []*workflow.Env
	for _, f := range files {
		for _, j := range f.Jobs {
			if !callsLocal(j, dir) {
				continue
			}
			for _, e := range j.Envs {
				if len(envs) == maxCallers {
					return envs
				}
				envs = append(envs, e)
			}
		}
	}
	return envs
}

// callsLocal reports whether a job has a step uses: ./DIR (with or without a final slash).
func callsLocal(j *workflow.Job, dir string) bool {
	for _, s := range j.Steps {
		u := strings.TrimSpace(s.Uses)
		if !strings.HasPrefix(u, "./") || strings.Contains(u, "${{") {
			continue
		}
		if path.Clean(u) == path.Clean("./"+dir) {
			return true
		}
	}
	return false
}

// readWorkflows reads the workflows of the repository at root (.github/workflows/*.yml and
// *.yaml, sorted by name), at most maxCallerWorkflows files and maxCallerBytes in all, each
// within the default size limit; files that cannot be read are left out.
func readWorkflows(root string, cfgs *configs) []*workflow.File {
	dir := filepath.Join(root, ".github", "workflows")
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].Name() < entries[j].Name() })
	var out []*workflow.File
	total, n := 0, 0
	for _, e := range entries {
		p := filepath.Join(dir, e.Name())
		if !e.Type().IsRegular() || !lint.IsWorkflowPath(p) {
			continue
		}
		if n == maxCallerWorkflows || total >= maxCallerBytes {
			break
		}
		n++
		data, err := fsutil.ReadSeenRegularFile(p, min(lint.DefaultMaxFileSize, int64(maxCallerBytes-total)))
		if err != nil {
			continue
		}
		total += len(data)
		out = append(out, workflow.Read(source.NewSource(cfgs.display(p), data)))
	}
	return out
}
