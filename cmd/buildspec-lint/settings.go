package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/buildspec-lint/buildspec-lint/internal/iac"
	"github.com/buildspec-lint/buildspec-lint/internal/inventory"
	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/config"
	"github.com/buildspec-lint/buildspec-lint/lint/finding"
	"github.com/buildspec-lint/buildspec-lint/lint/image"
	"github.com/buildspec-lint/buildspec-lint/lint/workflow"
)

// configs finds and loads the configuration of each file once per run.
type configs struct {
	explicit *config.Config // --config
	opts     config.Options
	cwd      string

	mu     sync.Mutex
	byDir  map[string]string         // directory -> config path ("" for none)
	loaded map[string]*config.Config // config path -> config
	errs   []error
	failed map[string]bool
}

// forPath returns the configuration that applies to a file or directory path (nil for none).
// A configuration that cannot be loaded is recorded in c.errs and returns nil.
func (c *configs) forPath(path string, isDir bool) *config.Config {
	if c.explicit != nil {
		return c.explicit
	}
	dir := path
	if !isDir {
		dir = filepath.Dir(path)
	}
	abs := c.abs(dir)
	if abs == "" {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.byDir == nil {
		c.byDir, c.loaded, c.failed = map[string]string{}, map[string]*config.Config{}, map[string]bool{}
	}
	cp := c.find(abs)
	if cp == "" || c.failed[cp] {
		return nil
	}
	if cfg := c.loaded[cp]; cfg != nil {
		return cfg
	}
	cfg, err := config.Load(c.display(cp), c.opts)
	if err != nil {
		c.failed[cp] = true
		c.errs = append(c.errs, err)
		return nil
	}
	c.loaded[cp] = cfg
	return cfg
}

// failedFor returns the configuration that applies to a file when it could not be loaded (as
// shown in its errors), "" when the file's configuration loaded or it has none.
func (c *configs) failedFor(path string) string {
	if c.explicit != nil {
		return ""
	}
	abs := c.abs(filepath.Dir(path))
	if abs == "" {
		return ""
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.byDir == nil {
		return ""
	}
	if cp := c.find(abs); cp != "" && c.failed[cp] {
		return c.display(cp)
	}
	return ""
}

// abs returns dir made absolute against the working directory ("" when it cannot be).
// filepath.Abs asks the system for the working directory on every call: join c.cwd instead.
func (c *configs) abs(dir string) string {
	abs := filepath.Clean(dir)
	if filepath.IsAbs(abs) {
		return abs
	}
	if c.cwd == "" {
		abs, err := filepath.Abs(dir)
		if err != nil {
			return ""
		}
		return abs
	}
	return filepath.Join(c.cwd, abs)
}

// noteListing records what a directory's entries (as discovery read them) say about its
// configuration, so that find need not ask the system for each configuration name and .git
// in every directory of a monorepo (three stat calls per directory, as many as the walk's own).
// An entry that is a symbolic link leaves the directory to find.
func (c *configs) noteListing(dir string, entries []fs.DirEntry) {
	if c.explicit != nil {
		return
	}
	abs := c.abs(dir)
	if abs == "" {
		return
	}
	cp, stop := "", false
	for _, name := range config.Names {
		for _, e := range entries {
			if e.Name() != name {
				continue
			}
			if e.Type()&fs.ModeSymlink != 0 {
				return
			}
			if !e.IsDir() && cp == "" {
				cp, stop = filepath.Join(abs, name), true
			}
		}
	}
	for _, e := range entries {
		stop = stop || e.Name() == ".git"
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.byDir == nil {
		c.byDir, c.loaded, c.failed = map[string]string{}, map[string]*config.Config{}, map[string]bool{}
	}
	if _, ok := c.byDir[abs]; ok {
		return
	}
	if cp == "" && !stop {
		if parent := filepath.Dir(abs); parent != abs {
			cp = c.find(parent)
		}
	}
	c.byDir[abs] = cp
}

// find is config.Find with every directory's answer cached, parents included: a monorepo's
// thousands of directories share a few configurations (c.mu is held).
func (c *configs) find(dir string) string {
	if cp, ok := c.byDir[dir]; ok {
		return cp
	}
	cp, stop := config.InDir(dir)
	if cp == "" && !stop {
		if parent := filepath.Dir(dir); parent != dir {
			cp = c.find(parent)
		}
	}
	c.byDir[dir] = cp
	return cp
}

// display shows an absolute path relative to the working directory when that is shorter.
func (c *configs) display(abs string) string {
	if rel, err := filepath.Rel(c.cwd, abs); err == nil && len(rel) < len(abs) {
		return rel
	}
	return abs
}

// all returns every configuration loaded so far.
func (c *configs) all() []*config.Config {
	if c.explicit != nil {
		return []*config.Config{c.explicit}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []*config.Config
	for _, cfg := range c.loaded {
		out = append(out, cfg)
	}
	return out
}

// imageChoice is the image the command line imposes on every file.
type imageChoice struct {
	image      string // --image
	dockerfile string // --dockerfile
	ref        string // --image-ref
	platform   string // --platform
	offline    bool   // --offline
	tools      []string
}

// imageNotes records, for --verbose, which build image each file got and why.
type imageNotes struct {
	mu     sync.Mutex
	byPath map[string]string
}

func (n *imageNotes) set(path, note string) {
	if n == nil {
		return
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.byPath == nil {
		n.byPath = map[string]string{}
	}
	n.byPath[path] = note
}

func (n *imageNotes) get(path string) string {
	if n == nil {
		return ""
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.byPath[path]
}

// describeImage says which image a file gets and where that was decided, for --verbose.
func describeImage(inv *image.Inventory, origin string, tools []string) string {
	if inv == nil {
		return "no build image (the rules that judge installs and the Docker daemon against an image stay silent)"
	}
	d := "image " + inv.Name
	switch {
	case inv.Name == "" && len(tools) > 0:
		d = "no named image, tools " + strings.Join(tools, ", ")
	case inv.Name == "":
		d = "an image of unknown contents"
	}
	if origin != "" {
		d += " (" + origin + ")"
	}
	// Only what differs from on-demand EC2 with a dockerd in the build, the default.
	if inv.Compute == image.ComputeLambda || inv.Compute == image.ComputeReserved {
		d += ", compute " + inv.Compute.String()
	}
	if inv.Docker == image.DockerServer || inv.Docker == image.DockerNone {
		d += ", docker " + inv.Docker.String()
	}
	return d
}

// settings returns the lint.Linter Settings function: for each file, the rule severities of
// its configuration and its build image, in this order of precedence: --image/--dockerfile, a
// `# buildspec-lint image=NAME` directive in the file, the first buildspecs: entry that names an
// image, the configuration's image:, then the image of a CodeBuild project that runs the file
// (bind.go). --tools and the configuration's tools are added to it. notes, when not nil,
// records each file's image for --verbose.
func settings(cfgs *configs, cli imageChoice, invs *inventories, notes *imageNotes) func(string) (*lint.FileSettings, error) {
	m := &settingsMaker{cfgs: cfgs, cli: cli, invs: invs, notes: notes}
	return func(path string) (*lint.FileSettings, error) {
		fs, _, err := m.forFile(path, nil)
		return fs, err
	}
}

// settingsMaker makes the settings of each file, with or without a project's image.
type settingsMaker struct {
	cfgs  *configs
	cli   imageChoice
	invs  *inventories
	notes *imageNotes

	mu            sync.Mutex
	runnerErrs    []*lint.InputError // images runners: binds that could not be built
	runnerErrSeen map[string]bool

	// projects are the CodeBuild projects that the run's templates and .tf files define with a
	// literal name, by scope (projectScope) and name; bindProjects fills it before any file is
	// linted, and the CodeBuild-hosted runner labels of the workflows of the same scope name
	// them (runnerProjects).
	projects map[string]map[string][]*iac.Project
	// searches are the directories searched, and searchOf the search that found each
	// discovered file (by cleaned path), for projectScope.
	searches []search
	searchOf map[string]int
	// notices are said on stderr (the projects' images that could not be read); unread are
	// their references.
	notices []string
	unread  map[string]bool
}

// runner returns the FileSettings.Runner of the file at path, under cfg (key names it in the
// image cache): inventory.ForEnv with the configuration's images and runners:, and the images
// of the CodeBuild projects that the run's templates define in the file's repository, which a
// CodeBuild-hosted runner label without an image: override names (runnerProjects).
func (m *settingsMaker) runner(cfg *config.Config, key, path string) func(*workflow.Env) *image.Inventory {
	r := &inventory.Resolve{
		Image: func(name string) (*image.Inventory, error) {
			spec, ok := cfg.ImageSpec(name, builtinImages())
			if !ok {
				return nil, fmt.Errorf("unknown image %s", name) // the configuration's check reports it
			}
			inv, err := m.invs.get(key, spec)
			if err != nil {
				m.runnerError(cfg, name, err)
			}
			return inv, err
		},
		Runners:  cfg.RunnerImages(),
		Projects: m.runnerProjects(path),
	}
	return func(env *workflow.Env) *image.Inventory { return inventory.ForEnv(env, r) }
}

// noteSearches records the directories discovery searched and what each found, for
// projectScope.
func (m *settingsMaker) noteSearches(col *collected) {
	m.searches = col.searches
	m.searchOf = map[string]int{}
	for i, se := range col.searches {
		for _, f := range se.files {
			m.searchOf[f] = i
		}
	}
}

// addProject records a project that a template or .tf file found by search (-1: named on the
// command line) defines, when its name is known.
func (m *settingsMaker) addProject(p *iac.Project, search int) {
	if p.ProjectName == "" || p.Source == nil {
		return
	}
	scope := m.projectScope(p.Source.Path, search)
	if m.projects == nil {
		m.projects = map[string]map[string][]*iac.Project{}
	}
	if m.projects[scope] == nil {
		m.projects[scope] = map[string][]*iac.Project{}
	}
	m.projects[scope][p.ProjectName] = append(m.projects[scope][p.ProjectName], p)
}

// projectScope is the scope in which a file's CodeBuild projects and workflows meet, as the
// composite actions and the jobs that call them do (findCallers): scopeRoot.
func (m *settingsMaker) projectScope(path string, search int) string {
	root, _ := scopeRoot(m.cfgs, m.searches, path, search)
	return root
}

// runnerProjects returns Resolve.Projects for the workflow or composite action at path: the
// image of the project of that name (matched exactly, as CodeBuild names are) that a template
// or .tf file of the same scope defines, cited there ("template.yaml:12, project myproj").
// It is nil, unknown, when no project has the name, when the project's image is not a built-in
// one (a custom image's contents are unknown), or when projects of that name give different
// environments (two stacks, two stages: which one runs the job is not known). The projects are
// looked up on first use: bindProjects reads them before any workflow is linted.
func (m *settingsMaker) runnerProjects(path string) func(string) *image.Inventory {
	var once sync.Once
	var byName map[string][]*iac.Project
	return func(name string) *image.Inventory {
		once.Do(func() {
			if len(m.projects) == 0 {
				return
			}
			search, ok := m.searchOf[filepath.Clean(path)]
			if !ok {
				search = -1
			}
			byName = m.projects[m.projectScope(path, search)]
		})
		ps := byName[name]
		if len(ps) == 0 {
			return nil
		}
		spec := projectSpec(ps[0])
		for _, p := range ps[1:] {
			if o := projectSpec(p); o.Image != spec.Image || o.Name != spec.Name || o.Compute != spec.Compute ||
				o.Docker != spec.Docker || o.Privileged != spec.Privileged {
				return nil
			}
		}
		if spec.Image == "" {
			return nil
		}
		p := ps[0]
		spec.Project = fmt.Sprintf("%s:%d, project %s", p.Source.Path, p.At.Start.Line, name)
		spec.Origin = spec.Project
		inv, err := m.invs.get("", spec)
		if err != nil {
			return nil
		}
		return inv
	}
}

// runnerError records, once per configuration and image, that an image runners: binds could
// not be built (a Dockerfile that cannot be read): the jobs on it are linted with no image, and
// the run reports it as an input error of the configuration (exit 2).
func (m *settingsMaker) runnerError(cfg *config.Config, name string, err error) {
	path := "--config"
	if cfg != nil {
		path = cfg.Path
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	key := path + "\x00" + name
	if m.runnerErrSeen == nil {
		m.runnerErrSeen = map[string]bool{}
	}
	if m.runnerErrSeen[key] {
		return
	}
	m.runnerErrSeen[key] = true
	m.runnerErrs = append(m.runnerErrs, &lint.InputError{Path: path, Err: fmt.Errorf("runners: image %s: %w (the workflow jobs on it are linted with no image)", name, err)})
}

// noticeUnread records, once per reference, that a project's image could not be read, for a
// notice on stderr.
func (m *settingsMaker) noticeUnread(spec image.Spec, re *inventory.ReadError) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.unread == nil {
		m.unread = map[string]bool{}
	}
	if m.unread[spec.Ref] {
		return
	}
	m.unread[spec.Ref] = true
	// The read's own advice: a missing image, a platform it lacks or a timeout is not fixed by
	// logging in.
	note := fmt.Sprintf("the image %s of %s could not be read (%v): linted as a custom image of unknown contents",
		spec.Ref, spec.Project, strings.TrimPrefix(re.Err.Error(), "image "+spec.Ref+": "))
	if re.Advice != "" {
		note += "; " + re.Advice
	}
	m.notices = append(m.notices, note)
}

// forFile returns the settings of the file at path. proj, when not nil, is the image of a
// CodeBuild project that runs the file: it is the file's image unless the command line or the
// configuration names one (usedProject false then; an image= directive in the file still wins
// over it when the file is linted). The description says which image the file gets, for --verbose.
func (m *settingsMaker) forFile(path string, proj *image.Spec) (fs *lint.FileSettings, usedProject bool, err error) {
	cfgs, cli, invs, notes := m.cfgs, m.cli, m.invs, m.notes
	cfg := cfgs.forPath(path, false)
	fc := cfg.ForFile(path)
	fs = &lint.FileSettings{Severity: map[string]finding.Severity{}, Disabled: map[string]bool{}}
	for id, sev := range fc.Severity {
		if sev == finding.SeverityNone {
			fs.Disabled[id] = true
		} else {
			fs.Severity[id] = sev
		}
	}
	if cfg != nil {
		lim := cfg.Limits
		fs.Limits, fs.MaxFileSize = &lim, cfg.MaxFileSize
		fs.NoWorkflows = cfg.NoWorkflows
	}
	tools := append(append([]string(nil), cli.tools...), fc.Tools...)
	key := ""
	if cfg != nil {
		key = cfg.Path
	}
	// A workflow job's image is its runner's or its container's, never the build image.
	fs.Runner = m.runner(cfg, key, path)
	// A buildspecs: entry's compute and docker apply to whichever image the file gets.
	withCompute := func(spec image.Spec) image.Spec {
		if fc.Compute != image.ComputeUnknown {
			spec.Compute, spec.ComputeOrigin = fc.Compute, fc.ComputeOrigin
		}
		if fc.Docker != image.DockerUnknown {
			spec.Docker, spec.DockerOrigin = fc.Docker, fc.DockerOrigin
		}
		return spec
	}
	resolve := func(name, origin string) (*image.Inventory, error) {
		spec, ok := cfg.ImageSpec(name, builtinImages())
		if !ok {
			return nil, fmt.Errorf("unknown image %s%s", name, imageAdvice(name, cfg))
		}
		if spec.Origin == "" {
			spec.Origin = origin
		}
		spec.Tools = append(append([]string(nil), spec.Tools...), tools...)
		return invs.get(key, withCompute(spec))
	}
	origin := ""
	switch {
	case cli.dockerfile != "":
		fs.Image, err = invs.get("", withCompute(image.Spec{Name: cli.dockerfile, Dockerfile: cli.dockerfile, Tools: tools, Origin: "--dockerfile"}))
		origin = "--dockerfile"
	case cli.ref != "":
		fs.Image, err = invs.get("", withCompute(image.Spec{Name: cli.ref, Ref: cli.ref, Tools: tools, Origin: "--image-ref"}))
		origin = "--image-ref"
	case cli.image != "":
		fs.Image, err = resolve(cli.image, "--image")
		origin = "--image"
	default:
		fs.ImageFor = func(name string) (*image.Inventory, error) {
			inv, err := resolve(name, "image= directive")
			if err == nil {
				notes.set(path, describeImage(inv, "image= directive in the file", tools))
			}
			return inv, err
		}
		switch {
		case fc.Image != "":
			fs.Image, err = resolve(fc.Image, fc.ImageOrigin)
			origin = fc.ImageOrigin
		case proj != nil:
			spec := *proj
			spec.Tools = append(append([]string(nil), spec.Tools...), tools...)
			fs.Image, err = invs.get(key, withCompute(spec))
			var re *inventory.ReadError
			if spec.Ref != "" && errors.As(err, &re) {
				// A project's image that cannot be read (no credentials, no network): a custom
				// image of unknown contents, as when it is not read at all.
				m.noticeUnread(spec, re)
				spec.Ref, spec.Platform = "", ""
				fs.Image, err = invs.get(key, withCompute(spec))
			}
			usedProject = true
		case len(tools) > 0 || fc.Compute != image.ComputeUnknown || fc.Docker != image.DockerUnknown:
			fs.Image, err = invs.get(key, withCompute(image.Spec{Tools: tools}))
		}
	}
	if err != nil {
		return nil, false, err
	}
	if proj != nil && !usedProject && fs.Image != nil && proj.Privileged != image.PrivilegedUnknown {
		// The configuration's image, run by the project: its privileged mode still holds.
		inv := *fs.Image
		inv.Privileged, inv.PrivilegedAt = proj.Privileged, proj.PrivilegedAt
		fs.Image = &inv
	}
	if proj == nil {
		notes.set(path, describeImage(fs.Image, origin, tools))
	}
	return fs, usedProject, nil
}

// isTerminal reports whether f is a terminal (a character device).
func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
