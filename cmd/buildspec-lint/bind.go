package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/buildspec-lint/buildspec-lint/internal/fsutil"
	"github.com/buildspec-lint/buildspec-lint/internal/iac"
	"github.com/buildspec-lint/buildspec-lint/internal/imageread"
	"github.com/buildspec-lint/buildspec-lint/internal/inventory"
	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
	"github.com/buildspec-lint/buildspec-lint/lint/config"
	"github.com/buildspec-lint/buildspec-lint/lint/finding"
	"github.com/buildspec-lint/buildspec-lint/lint/format"
	"github.com/buildspec-lint/buildspec-lint/lint/image"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// readProjects reads the CodeBuild projects of a template or .tf file (a variable so that tests
// can stand in for the readers).
var readProjects = readWithModule

// readWithModule reads the projects of a template, or of a .tf file with the other .tf and
// .tfvars files of its module (its directory), so that variables and locals resolve across them
// as Terraform reads them.
func readWithModule(src *source.Source) *iac.File {
	if !strings.EqualFold(filepath.Ext(src.Path), ".tf") {
		return iac.Read(src)
	}
	return iac.ReadModule(append([]*source.Source{src}, moduleFiles(src.Path)...))[0]
}

// maxModuleFiles and maxModuleBytes bound what of one Terraform module directory is read for its
// variables and locals: real modules have a few files of a few KiB.
const (
	maxModuleFiles = 200
	maxModuleBytes = 16 << 20
)

// moduleFiles returns the other .tf files of the module that holds path (its directory), and its
// terraform.tfvars and *.auto.tfvars, each read within the default size limit; files that cannot
// be read are left out.
func moduleFiles(path string) []*source.Source {
	dir := filepath.Dir(path)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var out []*source.Source
	total := 0
	for _, e := range entries {
		name := e.Name()
		lower := strings.ToLower(name)
		p := filepath.Join(dir, name)
		if !e.Type().IsRegular() || p == filepath.Clean(path) ||
			!(strings.HasSuffix(lower, ".tf") || lower == "terraform.tfvars" || strings.HasSuffix(lower, ".auto.tfvars")) {
			continue
		}
		if len(out) == maxModuleFiles {
			break
		}
		data, err := fsutil.ReadSeenRegularFile(p, min(lint.DefaultMaxFileSize, int64(maxModuleBytes-total)))
		if err != nil {
			continue
		}
		total += len(data)
		out = append(out, source.NewSource(p, data))
		if total >= maxModuleBytes {
			break
		}
	}
	return out
}

// invalidTemplateID is the rule that reports what makes a template unreadable (iac.Problem)
// and a buildspec path that names no file.
const invalidTemplateID = "BSL017"

// bindings is what the CodeBuild projects of the templates found say about the run.
type bindings struct {
	// extra are the inputs of the files that projects with different images run: extra[k] holds
	// the variant k+1 of each such file (its variant 0 is among the run's inputs). Each is
	// linted in a run of its own, so that its findings can be told apart (mergeVariants).
	extra [][]lint.Input
	// variants are the project names of each file linted once per image, by variant, keyed by
	// the file's path as its findings carry it.
	variants map[string][]string
	// findings are the findings on the templates themselves (BSL017).
	findings []*finding.Finding
	errs     []*lint.InputError
	// verbose says, for --verbose, which image each bound buildspec gets and from which project;
	// bound are the inputs it covers (printVerbose does not list them again).
	verbose []string
	bound   map[string]bool
	// settings are the settings of each bound buildspec file (its first project's), by path.
	settings map[string]*lint.FileSettings
}

// boundFile is a buildspec file that projects name, with each project's image.
type boundFile struct {
	abs      string
	projects []*iac.Project
}

// bindProjects reads the templates that discovery found, and binds each buildspec that a
// CodeBuild project runs to that project: an inline buildspec becomes an input of its own,
// linted in place in the template; a buildspec file gets the project's image (unless the
// command line or the configuration names one: settingsMaker.forFile), and a file that
// projects with different images run is linted once per image. What makes a template
// unreadable is a finding of BSL017 on it. d.inputs is updated in place. The projects with a
// literal name are recorded in m, for the CodeBuild-hosted runner labels of the workflows
// linted after (settingsMaker.runnerProjects).
func bindProjects(d *discovered, cfgs *configs, m *settingsMaker, rs lint.RuleSet) *bindings {
	b := &bindings{variants: map[string][]string{}, bound: map[string]bool{}, settings: map[string]*lint.FileSettings{}}
	m.noteSearches(d.col)
	rule := rs.Lookup(invalidTemplateID)
	withProjects := map[int]bool{} // searches whose templates define a project
	var files []*boundFile
	byAbs := map[string]*boundFile{}
	read := map[string]bool{} // a template both named and found is read once
	for _, t := range d.col.templates {
		if abs := cfgs.abs(t.path); read[abs] {
			continue
		} else {
			read[abs] = true
		}
		src := readTemplate(t, cfgs)
		if src == nil || !strings.EqualFold(filepath.Ext(t.path), ".tf") && !templateTopLevel(src.Data) {
			continue
		}
		f := readProjects(src)
		if t.alsoInput && (len(f.Projects) > 0 || len(f.Problems) > 0) {
			d.inputs = slices.DeleteFunc(d.inputs, func(in lint.Input) bool { return in.Embed == nil && in.Path == t.path })
		}
		if len(f.Projects) > 0 && t.search >= 0 {
			withProjects[t.search] = true
		}
		// The template's own settings decide the severity of its findings.
		tfs, _, err := m.forFile(src.Path, nil)
		if err != nil {
			tfs = &lint.FileSettings{}
		}
		report := func(rng source.Range, msg string) {
			if rule == nil || tfs.Disabled[rule.ID] {
				return
			}
			sev := rule.Severity
			if s, ok := tfs.Severity[rule.ID]; ok {
				if s == finding.SeverityNone {
					return
				}
				sev = s
			}
			b.findings = append(b.findings, &finding.Finding{Path: src.Path, Rule: &rule.Rule, Severity: sev, Range: rng, Message: msg, Source: src})
		}
		for _, pr := range f.Problems {
			report(pr.Range, pr.Message)
		}
		for _, p := range f.Projects {
			m.addProject(p, t.search)
			if p.Inline != nil {
				b.bindInline(d, m, p)
				continue
			}
			path, ok := buildspecPath(p, cfgs)
			if !ok {
				if p.BuildSpecPath != "" && !p.BuildSpecUnknown && !isRemote(p.BuildSpecPath) {
					_, root := sourceRoot(p, cfgs)
					report(p.BuildSpecAt, fmt.Sprintf("project %s names the buildspec %s, which is not at %s (its builds fail with YAML_FILE_ERROR): correct the path, relative to %s",
						p.Name, p.BuildSpecPath, cfgs.display(path), root))
				}
				continue
			}
			bf := byAbs[path]
			if bf == nil {
				bf = &boundFile{abs: path}
				byAbs[path] = bf
				files = append(files, bf)
			}
			bf.projects = append(bf.projects, p)
		}
	}
	for i := range d.col.searches {
		se := &d.col.searches[i]
		se.projects = withProjects[i]
		if se.noBuildspec && !se.projects {
			b.errs = append(b.errs, &lint.InputError{Path: se.dir, Err: errNoBuildspec})
		}
	}
	for _, bf := range files {
		b.bindFile(d, cfgs, m, bf)
	}
	return b
}

// readTemplate returns a template's source, or nil when it cannot define a CodeBuild project
// (iac.MayDefine; a template that is not a .tf file must also have a template's top level,
// templateTopLevel, which bindProjects checks) or cannot be read: a discovered file that cannot be read or is over the size
// limit is most often data of another kind, passed over in silence.
func readTemplate(t templateFile, cfgs *configs) *source.Source {
	data := t.data
	if data == nil {
		max := int64(lint.DefaultMaxFileSize)
		if cfg := cfgs.forPath(t.path, false); cfg != nil && cfg.MaxFileSize > 0 {
			max = cfg.MaxFileSize
		}
		read := fsutil.ReadRegularFile
		if t.regular {
			read = fsutil.ReadSeenRegularFile
		}
		var err error
		if data, err = read(t.path, min(max, fsutil.MaxFileSizeLimit)); err != nil {
			return nil
		}
	}
	if !iac.MayDefine(t.path, data) {
		return nil
	}
	return source.NewSource(t.path, data)
}

// bindInline adds a project's inline buildspec as an input, linted in place in the template
// with the project's image.
func (b *bindings) bindInline(d *discovered, m *settingsMaker, p *iac.Project) {
	spec := projectSpec(p)
	fs, used, err := m.forFile(p.Source.Path, &spec)
	if err != nil {
		b.errs = append(b.errs, &lint.InputError{Path: p.Source.Path, Err: fmt.Errorf("inline buildspec of project %s: %w", p.Name, err)})
		return
	}
	d.inputs = append(d.inputs, lint.Input{Path: p.Source.Path, Embed: p.Inline, Settings: fs})
	b.bound[p.Source.Path] = true
	b.verbose = append(b.verbose, fmt.Sprintf("%s:%d: inline buildspec of project %s: linted with %s",
		format.LogText(p.Source.Path), p.BuildSpecAt.Start.Line, format.LogText(p.Name), format.LogText(bindingNote(fs, &spec, used, p))))
}

// bindFile gives a buildspec file the images of the projects that run it: one input per
// different image (the first replaces the file's input when discovery found it).
func (b *bindings) bindFile(d *discovered, cfgs *configs, m *settingsMaker, bf *boundFile) {
	at := -1
	for i, in := range d.inputs {
		if in.Embed == nil && in.Path != stdinName && cfgs.abs(in.Path) == bf.abs {
			at = i
			break
		}
	}
	path := cfgs.display(bf.abs)
	if at >= 0 {
		path = d.inputs[at].Path
	}
	type variant struct {
		in      lint.Input
		project string
		note    string
	}
	var variants []variant
	seen := map[string]bool{}
	// A buildspec that Terraform renders with templatefile() is linted with its ${...} as
	// placeholders of the same length (iac.ReadTemplateFile), so that they raise nothing and
	// positions stay exact; one it cannot read so is linted as it is.
	var embed *buildspec.Embedded
	for _, p := range bf.projects {
		if p.BuildSpecTemplate && embed == nil {
			if data, err := fsutil.ReadRegularFile(path, lint.DefaultMaxFileSize); err == nil {
				if e, ok := iac.ReadTemplateFile(source.NewSource(path, data)); ok {
					embed = e
				}
			}
		}
	}
	for _, p := range bf.projects {
		spec := projectSpec(p)
		fs, used, err := m.forFile(path, &spec)
		if err != nil {
			b.errs = append(b.errs, &lint.InputError{Path: path, Err: err})
			return
		}
		// Projects that give the file the same image, compute, Docker and privileged mode
		// lint it once, with the first of them.
		key := "configuration"
		if used {
			key = strings.Join([]string{spec.Image, spec.Name, spec.Compute.String(), spec.Docker.String()}, "\x00")
		}
		key += "\x00" + fmt.Sprint(spec.Privileged)
		note := bindingNote(fs, &spec, used, p)
		if seen[key] {
			b.verbose = append(b.verbose, fmt.Sprintf("%s: also run by project %s (%s), with the same image", format.LogText(path), format.LogText(p.Name), format.LogText(p.Label())))
			continue
		}
		if len(variants) == maxVariants {
			b.verbose = append(b.verbose, fmt.Sprintf("%s: also run by project %s (%s), not linted with its image: at most %d images per file", format.LogText(path), format.LogText(p.Name), format.LogText(p.Label()), maxVariants))
			continue
		}
		seen[key] = true
		variants = append(variants, variant{lint.Input{Path: path, Settings: fs, Embed: embed}, p.Name, note})
	}
	b.bound[path] = true
	for k, v := range variants {
		b.verbose = append(b.verbose, fmt.Sprintf("%s: linted with %s", format.LogText(path), format.LogText(v.note)))
		if k == 0 {
			b.settings[path] = v.in.Settings
		}
		switch {
		case k == 0 && at >= 0:
			d.inputs[at] = v.in
		case k == 0:
			d.inputs = append(d.inputs, v.in)
		default:
			for len(b.extra) < k {
				b.extra = append(b.extra, nil)
			}
			b.extra[k-1] = append(b.extra[k-1], v.in)
		}
	}
	if len(variants) > 1 {
		for _, v := range variants {
			b.variants[path] = append(b.variants[path], v.project)
		}
	}
}

// maxVariants bounds the images one file is linted with: a template could name a file from
// thousands of projects.
const maxVariants = 8

// bindingNote says, for --verbose, which image a bound buildspec gets and from where.
func bindingNote(fs *lint.FileSettings, spec *image.Spec, used bool, p *iac.Project) string {
	if used {
		return describeImage(fs.Image, spec.Project, nil)
	}
	return describeImage(fs.Image, "", nil) + "; the command line or the configuration names it, not project " + p.Name + " (" + p.Label() + ")"
}

// projectSpec is the image a project names: a built-in image by its name, a registry reference
// the image read itself (Ref; settingsMaker.forFile falls back to a custom image of unknown
// contents when it cannot be read), any other (or one the template does not give as a literal)
// a custom image of unknown contents, which CodeBuild does not start dockerd in (it overrides
// the entrypoint); with the project's compute, Docker server and privileged mode.
func projectSpec(p *iac.Project) image.Spec {
	spec := image.Spec{Origin: p.Label(), Project: p.Label()}
	if p.ImageKnown && inventory.Builtin(p.Image) != nil {
		spec.Image, spec.Name = p.Image, p.Image
	} else {
		spec.Dockerd = "manual"
		if p.ImageKnown {
			spec.Name = p.Image
			if readableRef(p.Image) {
				spec.Ref, spec.Platform = p.Image, projectPlatform(p.EnvType)
			}
		}
	}
	where := ""
	if p.Source != nil && p.ComputeAt.Start.Line > 0 {
		where = fmt.Sprintf("%s:%d:%d", p.Source.Path, p.ComputeAt.Start.Line, p.ComputeAt.Start.Col)
	}
	if c := projectCompute(p.ComputeType, p.EnvType); c != image.ComputeUnknown {
		spec.Compute, spec.ComputeOrigin = c, where
	}
	if p.DockerServer {
		spec.Docker, spec.DockerOrigin = image.DockerServer, p.Label()
		spec.Dockerd = ""
	}
	if spec.Compute == image.ComputeLambda {
		spec.Dockerd = "" // Lambda compute runs no dockerd at all
	}
	spec.Privileged = p.Privileged
	if p.Privileged != image.PrivilegedUnknown && p.Source != nil {
		msg := "privileged mode is off here"
		if p.Privileged == image.PrivilegedOn {
			msg = "privileged mode is on here"
		}
		spec.PrivilegedAt = &image.Place{Source: p.Source, Range: p.PrivilegedAt, Message: msg, Project: p.Name}
	}
	return spec
}

// readableRef reports whether a project's image is a registry reference that can be read: not
// a CodeBuild-managed image (aws/codebuild/..., which no registry serves), not a local form.
func readableRef(ref string) bool {
	if strings.HasPrefix(ref, "aws/codebuild/") || strings.HasPrefix(ref, imageread.PrefixOCI) || strings.HasPrefix(ref, imageread.PrefixDocker) {
		return false
	}
	_, err := config.ImageRef(ref, "")
	return err == nil
}

// projectPlatform is the platform of a project's builds: ARM for the ARM environment types
// (ARM_CONTAINER, ARM_LAMBDA_CONTAINER, ARM_EC2), "" (the default, x86) for the others.
func projectPlatform(envType string) string {
	if strings.HasPrefix(strings.ToUpper(envType), "ARM_") {
		return "linux/arm64"
	}
	return ""
}

// projectCompute maps a project's compute type and environment type to the compute that
// compute: names in the configuration: the BUILD_LAMBDA_* compute types and the
// *_LAMBDA_CONTAINER environment types are Lambda compute, the other BUILD_GENERAL1_* and
// BUILD_EC2_* types EC2 (https://docs.aws.amazon.com/codebuild/latest/userguide/build-env-ref-compute-types.html).
// Anything else (a value that is not a literal, a fleet's) is unknown.
func projectCompute(computeType, envType string) image.Compute {
	ct, et := strings.ToUpper(computeType), strings.ToUpper(envType)
	name := ""
	switch {
	case strings.HasPrefix(ct, "BUILD_LAMBDA_") || strings.HasSuffix(et, "_LAMBDA_CONTAINER"):
		name = "lambda"
	case strings.HasPrefix(ct, "BUILD_GENERAL1_") || strings.HasPrefix(ct, "BUILD_EC2_"):
		name = "ec2"
	}
	c, _ := image.ParseCompute(name)
	return c
}

// buildspecPath resolves the buildspec file a project runs (absolute): its BuildSpecPath, or
// buildspec.yml when it names none, against its source root (sourceRoot). ok is false when
// there is no such file (path is where it was looked for), or the project's buildspec is not a
// file here (an S3 object, a value the template does not give as a literal).
func buildspecPath(p *iac.Project, cfgs *configs) (path string, ok bool) {
	if p.BuildSpecUnknown {
		return "", false // neither the default nor any file is known to be the project's
	}
	rel := p.BuildSpecPath
	if rel == "" {
		rel = "buildspec.yml"
	}
	if isRemote(rel) {
		return "", false
	}
	root, _ := sourceRoot(p, cfgs)
	path = filepath.Join(root, filepath.FromSlash(rel))
	st, err := os.Stat(path)
	return path, err == nil && !st.IsDir()
}

// isRemote reports whether a BuildSpec value names no file of the source that can be told: an
// S3 object (an ARN or an s3:// URL), or a path with a substitution left in it (${Stage},
// $(...)), which the template resolves when it is deployed.
func isRemote(rel string) bool {
	return strings.HasPrefix(rel, "arn:") || strings.Contains(rel, "://") || strings.Contains(rel, "${") || strings.Contains(rel, "$(")
}

// sourceRoot is the directory a project's buildspec path is relative to (absolute), and how
// messages name it: the project's Dir when the file says (Terraform's path.module), else the
// root of the git repository that holds the template, else the template's directory (the CDK
// app's, for a template synthesized into cdk.out).
func sourceRoot(p *iac.Project, cfgs *configs) (dir, name string) {
	if p.Dir != "" {
		return cfgs.abs(p.Dir), "the module directory"
	}
	dir = cfgs.abs(filepath.Dir(p.Source.Path))
	if root := repoRoot(dir); root != "" {
		return root, "the root of the repository"
	}
	if filepath.Base(dir) == "cdk.out" {
		return filepath.Dir(dir), "the CDK app's directory"
	}
	return dir, "the template's directory"
}

// mergeVariants merges into res the runs of the files that projects with different images run
// (variants[k] holds the variant k of each): a finding that every variant raises is reported
// once, as it is; one that only some raise says which project's image raises it (" (project
// NAME)"). The files are not fixed, and their findings offer no fix: a fix right for one
// image may be wrong for another (with fix, a note says so).
func (b *bindings) mergeVariants(res *lint.Result, variants []*lint.Result, fix bool) {
	if len(variants) == 0 {
		return
	}
	type key struct {
		path, rule, msg string
		start, end      int
	}
	keyOf := func(f *finding.Finding) key {
		return key{f.Path, f.RuleID(), f.Message, f.Range.Start.Offset, f.Range.End.Offset}
	}
	res.Files += variants[0].Files
	count := map[key]int{}      // how many variants raise each finding
	failed := map[string]bool{} // a file that cannot be read fails in every variant: once
	for _, r := range variants {
		for _, e := range r.Errors {
			if !failed[e.Path] {
				failed[e.Path] = true
				res.Errors = append(res.Errors, e)
			}
		}
		once := map[key]bool{}
		for _, f := range r.Findings {
			if k := keyOf(f); !once[k] {
				once[k] = true
				count[k]++
			}
		}
	}
	reported := map[key]bool{}
	for v, r := range variants {
		for _, f := range r.Findings {
			f.Fix = nil
			k := keyOf(f)
			names := b.variants[f.Path]
			if count[k] == len(names) {
				if !reported[k] {
					reported[k] = true
					res.Findings = append(res.Findings, f)
				}
				continue
			}
			if v < len(names) {
				f.Message += " (project " + names[v] + ")"
			}
			res.Findings = append(res.Findings, f)
		}
	}
	finding.Sort(res.Findings)
	if fix {
		for _, in := range variantPaths(b.variants) {
			res.FixNotes = append(res.FixNotes, lint.FixNote{Path: in,
				Why: "projects with different images run it (" + strings.Join(b.variants[in], ", ") + "), and a fix right for one image may be wrong for another: fix it by hand"})
		}
	}
}

// variantPaths returns the paths of the files linted once per image, sorted.
func variantPaths(v map[string][]string) []string {
	var paths []string
	for p := range v {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	return paths
}
