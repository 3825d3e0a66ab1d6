package main

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/buildspec-lint/buildspec-lint/internal/fsutil"
	"github.com/buildspec-lint/buildspec-lint/internal/iac"
	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/config"
	"github.com/buildspec-lint/buildspec-lint/lint/workflow"
)

// skipDirs are never searched during discovery.
var skipDirs = map[string]bool{".git": true, "node_modules": true, "vendor": true}

// gitHubDir is searched for GitHub Actions workflows and composite actions only: the rest of it
// is GitHub's own YAML (issue forms, dependabot.yml), never a buildspec, and a workflow named
// buildspec-lint.yml (the README's own example) is a workflow.
const gitHubDir = ".github"

// collected is what the command line's paths stand for.
type collected struct {
	inputs []lint.Input
	errs   []*lint.InputError
	// searches are the directories searched, each with the files it found (cleaned paths).
	searches []search
	// notSearched are the directories discovery skipped that may hold YAML (for --verbose).
	notSearched []string
	// templates are the files that may define CodeBuild projects (bind.go reads them).
	templates []templateFile
	// composites are the composite actions found (callers.go finds the jobs that call them).
	composites []composite
}

// composite is a composite action's metadata found by searching a directory.
type composite struct {
	path   string
	search int // the index of its search in collected.searches
}

// templateFile is a file that may define CodeBuild projects: a CloudFormation, SAM or CDK
// template, or a Terraform file.
type templateFile struct {
	path    string
	regular bool   // discovery saw a regular file
	data    []byte // the content when read already (a file named on the command line)
	search  int    // the index of the search that found it in collected.searches, -1 when named
	// alsoInput says that a discover: glob found it too: it is read as a template only when its
	// top level is one (templateTopLevel), and then not linted as a buildspec.
	alsoInput bool
}

// search is one directory named on the command line and what discovery found in it.
type search struct {
	dir      string
	files    []string // the inputs it added
	excluded int      // buildspecs the configuration excludes
	// noBuildspec says that it found no buildspec but templates: it is an error unless one of
	// them defines a CodeBuild project (bind.go).
	noBuildspec bool
	// projects says that its templates define CodeBuild projects, whose buildspecs are linted.
	projects bool
}

// isBuildspecName reports whether a file name is one discovery picks: buildspec*.yml or
// buildspec*.yaml.
func isBuildspecName(name string) bool {
	return strings.HasPrefix(name, "buildspec") && (strings.HasSuffix(name, ".yml") || strings.HasSuffix(name, ".yaml"))
}

// collect turns the command line's paths into inputs. Files are linted as given (unless the
// configuration excludes them); directories are searched for buildspecs (and the
// configuration's discover: globs) without following symbolic links to directories, or to files
// outside the directory (an input error: a link must not lead the linter out of the tree); "-" is
// standard input. A path that cannot be searched, or a directory without any buildspec, is an
// input error; the other paths are still collected. Files found by searching are marked
// Discovered (the linter skips those of another format), and so are named files when
// namedAsDiscovered (--skip-other-formats, which the pre-commit hooks pass).
func collect(paths []string, cfgs *configs, stdin func() (lint.Input, error), namedAsDiscovered bool) *collected {
	if len(paths) == 0 {
		paths = []string{"."}
	}
	c := &collected{}
	seen := map[string]bool{}
	add := func(in lint.Input) {
		key := filepath.Clean(in.Path)
		if !seen[key] {
			seen[key] = true
			c.inputs = append(c.inputs, in)
		}
	}
	for _, p := range paths {
		if p == "-" {
			in, err := stdin()
			if err != nil {
				c.errs = append(c.errs, &lint.InputError{Path: in.Path, Err: err})
				continue
			}
			if cfg := cfgs.forPath(in.Path, false); in.Path != stdinName && cfg.Excludes(in.Path) {
				continue
			}
			add(in)
			continue
		}
		st, err := os.Stat(p)
		if err == nil && st.IsDir() {
			if err := fsutil.CheckSystemPath(p); err != nil { // files are checked when read
				c.errs = append(c.errs, &lint.InputError{Path: p, Err: err})
				continue
			}
		}
		if err != nil || !st.IsDir() {
			// Missing and irregular files are reported when the linter reads them.
			if err == nil && cfgs.forPath(p, false).Excludes(p) {
				continue
			}
			if err == nil && st.Mode().IsRegular() {
				if data := namedTemplate(p, cfgs); data != nil {
					c.templates = append(c.templates, templateFile{path: p, regular: true, data: data, search: -1})
					continue
				}
			}
			add(lint.Input{Path: p, Discovered: namedAsDiscovered})
			continue
		}
		root := cfgs.forPath(p, true)
		found, templates := 0, 0
		se := search{dir: p}
		walkRoot := p
		if lst, err := os.Lstat(p); err == nil && lst.Mode()&os.ModeSymlink != 0 {
			walkRoot = p + string(filepath.Separator) // a link named on the command line is followed
		}
		// take adds a file discovery found, of kind, unless the configuration excludes it or it
		// is a link out of the tree searched; it reports whether it added it.
		take := func(path string, d fs.DirEntry, kind lint.Kind) bool {
			found++
			if cfgs.forPath(path, false).Excludes(path) {
				se.excluded++
				return false
			}
			if d.Type()&fs.ModeSymlink != 0 && outside(path, walkRoot) {
				c.errs = append(c.errs, &lint.InputError{Path: path, Err: fmt.Errorf("symbolic link to a file outside %s: not followed (name the file on the command line to lint it)", p)})
				return false
			}
			add(lint.Input{Path: path, Regular: d.Type().IsRegular(), Discovered: true, Kind: kind})
			se.files = append(se.files, filepath.Clean(path))
			return true
		}
		walkErr := walk(walkRoot, cfgs, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				c.errs = append(c.errs, &lint.InputError{Path: path, Err: cleanErr(err)})
				if d != nil && d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				if path != walkRoot && (skipDirs[d.Name()] || cfgs.forPath(path, true).Excludes(path)) {
					return filepath.SkipDir
				}
				if path != walkRoot && d.Name() == gitHubDir && cfgs.forPath(path, true).NoWorkflowsSet() {
					c.notSearched = append(c.notSearched, path)
					return filepath.SkipDir
				}
				return nil
			}
			// Workflows and composite actions are inputs of their own kind; nothing else of
			// .github is.
			if kind := workflowKind(path, d, walkRoot, cfgs); kind != lint.KindAuto {
				if kind == lint.KindBuildspec {
					return nil // not one: ignored
				}
				if take(path, d, kind) && kind == lint.KindComposite {
					c.composites = append(c.composites, composite{path: path, search: len(c.searches)})
				}
				return nil
			}
			// Symbolic links to directories are not followed (no loops); links to files are
			// linted like files when they stay inside the directory searched.
			if !isBuildspecName(d.Name()) && !root.Discovers(path) {
				// A file that may be a template is read when it names a CodeBuild project;
				// the others cost nothing more.
				if isTemplateName(d.Name()) && (d.Type().IsRegular() || d.Type()&fs.ModeSymlink != 0 && !outside(path, walkRoot)) &&
					!cfgs.forPath(path, false).Excludes(path) {
					c.templates = append(c.templates, templateFile{path: path, regular: d.Type().IsRegular(), search: len(c.searches)})
					templates++
				}
				return nil
			}
			if !take(path, d, lint.KindAuto) {
				return nil
			}
			if !isBuildspecName(d.Name()) && isTemplateName(d.Name()) {
				// A discover: glob's file may be a template: read as one if it is.
				c.templates = append(c.templates, templateFile{path: path, regular: d.Type().IsRegular(), search: len(c.searches), alsoInput: true})
			}
			return nil
		})
		if walkErr != nil {
			c.errs = append(c.errs, &lint.InputError{Path: p, Err: cleanErr(walkErr)})
		}
		switch {
		case found == 0 && templates > 0:
			se.noBuildspec = true
		case found == 0:
			c.errs = append(c.errs, &lint.InputError{Path: p, Err: errNoBuildspec})
		}
		c.searches = append(c.searches, se)
	}
	return c
}

var errNoBuildspec = fmt.Errorf("no buildspec found (buildspec*.yml, buildspec*.yaml, the configuration's discover: globs, a CodeBuild project in a template or .tf file, or a GitHub Actions workflow or composite action; .git, node_modules and vendor are not searched, nor .github beyond its workflows and actions)")

// workflowKind says what discovery makes of a file: KindWorkflow for a workflow
// (.github/workflows/*.yml), KindComposite for a composite action's action.yml, KindBuildspec for
// a file of .github that is neither (ignored), and KindAuto for every other file (a buildspec
// or a template, by its name). Workflows and composite actions are not discovered where the
// configuration says workflows: false.
func workflowKind(path string, d fs.DirEntry, walkRoot string, cfgs *configs) lint.Kind {
	inGitHub := inGitHubDir(path, walkRoot)
	isAction := lint.IsActionName(d.Name())
	if !inGitHub && !isAction {
		return lint.KindAuto
	}
	if !d.Type().IsRegular() && d.Type()&fs.ModeSymlink == 0 {
		return lint.KindBuildspec
	}
	cfg := cfgs.forPath(path, false)
	switch {
	case cfg.NoWorkflowsSet():
		return lint.KindBuildspec
	case lint.IsWorkflowPath(path):
		return lint.KindWorkflow
	case isAction && d.Type()&fs.ModeSymlink != 0 && outside(path, walkRoot):
		return lint.KindAuto // not read: a link must not lead discovery out of the tree
	case isAction && isCompositeFile(path, d, cfg):
		return lint.KindComposite
	case inGitHub:
		return lint.KindBuildspec
	}
	return lint.KindAuto // an action.yml of another kind of action: as any other file
}

// inGitHubDir reports whether path, found by searching walkRoot, is in a .github directory.
func inGitHubDir(path, walkRoot string) bool {
	rel, err := filepath.Rel(walkRoot, path)
	if err != nil {
		rel = path
	}
	for _, p := range [...]string{filepath.ToSlash(filepath.Clean(walkRoot)), filepath.ToSlash(filepath.Dir(rel))} {
		for _, part := range strings.Split(p, "/") {
			if part == gitHubDir {
				return true
			}
		}
	}
	return false
}

// isCompositeFile reads an action.yml (within the configuration's size limit) and reports
// whether it is a composite action's (runs.using: composite). A file that cannot be read is not.
func isCompositeFile(path string, d fs.DirEntry, cfg *config.Config) bool {
	max := int64(lint.DefaultMaxFileSize)
	if cfg != nil && cfg.MaxFileSize > 0 {
		max = cfg.MaxFileSize
	}
	read := fsutil.ReadRegularFile
	if d.Type().IsRegular() {
		read = fsutil.ReadSeenRegularFile
	}
	data, err := read(path, min(max, fsutil.MaxFileSizeLimit))
	return err == nil && workflow.IsComposite(data)
}

// isTemplateName reports whether a file name is one a template or Terraform file may have:
// *.yaml, *.yml, *.json (cdk.out/*.template.json among them), *.template, *.tf.
func isTemplateName(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".yaml", ".yml", ".json", ".template", ".tf":
		return true
	}
	return false
}

// namedTemplate returns the content of a file named on the command line when it is a template
// or Terraform file that may define a CodeBuild project (iac.MayDefine), and not a buildspec:
// a .tf file, or a template whose top level has Resources or AWSTemplateFormatVersion. It
// returns nil for every other file, which is linted as a buildspec.
func namedTemplate(path string, cfgs *configs) []byte {
	if !isTemplateName(filepath.Base(path)) || isBuildspecName(filepath.Base(path)) {
		return nil
	}
	max := int64(lint.DefaultMaxFileSize)
	if cfg := cfgs.forPath(path, false); cfg != nil && cfg.MaxFileSize > 0 {
		max = cfg.MaxFileSize
	}
	data, err := fsutil.ReadRegularFile(path, min(max, fsutil.MaxFileSizeLimit))
	if err != nil || !iac.MayDefine(path, data) {
		return nil // the linter reports why it cannot be read
	}
	if strings.EqualFold(filepath.Ext(path), ".tf") || templateTopLevel(data) {
		return data
	}
	return nil
}

// templateTopLevel reports whether data has a top-level key of a CloudFormation template:
// AWSTemplateFormatVersion anywhere, Resources at the start of a line (YAML), or "Resources" as
// a JSON key. A buildspec has neither, nor has any other YAML file that merely mentions
// AWS::CodeBuild::Project.
func templateTopLevel(data []byte) bool {
	if bytes.Contains(data, []byte("AWSTemplateFormatVersion")) {
		return true
	}
	colonAfter := func(b []byte) bool { return bytes.HasPrefix(bytes.TrimLeft(b, " \t"), []byte(":")) }
	if bytes.HasPrefix(data, []byte("Resources")) && colonAfter(data[len("Resources"):]) {
		return true
	}
	for rest := data; ; {
		i := bytes.Index(rest, []byte("Resources"))
		if i < 0 {
			return false
		}
		after := rest[i+len("Resources"):]
		switch {
		case i > 0 && rest[i-1] == '\n' && colonAfter(after):
			return true
		case i > 0 && rest[i-1] == '"' && len(after) > 0 && after[0] == '"' && colonAfter(after[1:]):
			return true
		}
		rest = after
	}
}

// onlyOtherFormats returns an input error for each directory searched whose every file found
// was skipped as another format: like a directory without buildspecs, nothing was linted there.
func (c *collected) onlyOtherFormats(skipped []lint.Skipped) []*lint.InputError {
	if len(skipped) == 0 {
		return nil
	}
	isSkipped := map[string]bool{}
	for _, s := range skipped {
		isSkipped[filepath.Clean(s.Path)] = true
	}
	var errs []*lint.InputError
	for _, se := range c.searches {
		if len(se.files) == 0 || se.excluded > 0 || se.projects {
			continue
		}
		all := true
		for _, f := range se.files {
			all = all && isSkipped[f]
		}
		if all {
			errs = append(errs, &lint.InputError{Path: se.dir, Err: fmt.Errorf("no buildspec found: %d %s of another format skipped (--verbose lists %s)",
				len(se.files), plural(len(se.files), "file", "files"), plural(len(se.files), "it", "them"))})
		}
	}
	return errs
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// walk is filepath.WalkDir (the same calls of fn, in the same order, and links to directories
// not followed) that also gives each directory's entries to cfgs.noteListing before fn sees the
// directory, so that finding its configuration costs no system call. The directories discovery
// never enters (skipDirs) are not read.
func walk(root string, cfgs *configs, fn fs.WalkDirFunc) error {
	info, err := os.Lstat(root)
	if err != nil {
		err = fn(root, nil, err)
	} else {
		err = walkDir(root, fs.FileInfoToDirEntry(info), true, nil, &lister{sem: make(chan struct{}, listers)}, cfgs, fn)
	}
	if err == filepath.SkipDir || err == filepath.SkipAll {
		return nil
	}
	return err
}

// walkDir walks the tree at path, whose listing pre has been asked for already (nil: not yet).
// The listings of the next listAhead directories of each directory are read ahead, on other
// goroutines, while the walk is busy with the one before: reading a directory is a few system
// calls, and a monorepo has thousands. The walk itself, and every call of fn, stays in this
// goroutine and in the order of filepath.WalkDir.
func walkDir(path string, d fs.DirEntry, root bool, pre *listing, ls *lister, cfgs *configs, fn fs.WalkDirFunc) error {
	var entries []fs.DirEntry
	var readErr error
	if d.IsDir() && (root || !skipDirs[d.Name()]) {
		if pre == nil {
			pre = ls.read(path)
		}
		<-pre.done
		entries, readErr = pre.entries, pre.err
		if readErr == nil {
			cfgs.noteListing(path, entries)
		}
	}
	if err := fn(path, d, nil); err != nil || !d.IsDir() {
		if err == filepath.SkipDir && d.IsDir() {
			err = nil
		}
		return err
	}
	if readErr != nil {
		if err := fn(path, d, readErr); err != nil {
			if err == filepath.SkipDir && d.IsDir() {
				err = nil
			}
			return err
		}
	}
	ahead := make([]*listing, len(entries))
	next := 0 // the next entry whose listing may be asked for
	for i, e := range entries {
		for ; next < len(entries) && next <= i+listAhead; next++ {
			if c := entries[next]; c.IsDir() && !skipDirs[c.Name()] {
				ahead[next] = ls.read(filepath.Join(path, c.Name()))
			}
		}
		err := walkDir(filepath.Join(path, e.Name()), e, false, ahead[i], ls, cfgs, fn)
		ahead[i] = nil
		if err != nil {
			if err == filepath.SkipDir {
				break
			}
			return err
		}
	}
	return nil
}

// listAhead is how many directories of a directory are listed ahead of the walk, and listers
// how many listings are read at once. Reading far ahead keeps the walk from waiting on a
// listing (a monorepo's service directories are thousands of siblings): 20,000 directories on
// 2 CPUs took 290-370 ms with 8 ahead, 180-340 ms (median 233) with 64. What is held is
// bounded by 64 listings for each directory of the path being walked.
const (
	listAhead = 64
	listers   = 4
)

// lister reads directory listings on goroutines of their own, listers at a time.
type lister struct{ sem chan struct{} }

// listing is a directory's listing (os.ReadDir), ready once done is closed.
type listing struct {
	done    chan struct{}
	entries []fs.DirEntry
	err     error
}

func (ls *lister) read(path string) *listing {
	l := &listing{done: make(chan struct{})}
	go func() {
		ls.sem <- struct{}{}
		l.entries, l.err = os.ReadDir(path)
		<-ls.sem
		close(l.done)
	}()
	return l
}

// outside reports whether the symbolic link at path resolves to a file outside root. A link that
// does not resolve is not outside: reading it reports why.
func outside(path, root string) bool {
	target, err := filepath.EvalSymlinks(path)
	if err != nil {
		return false
	}
	r, err := filepath.EvalSymlinks(root)
	if err != nil {
		return true
	}
	rel, err := filepath.Rel(r, target)
	return err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

func cleanErr(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err
	}
	return err
}
