package lint

import (
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
	"github.com/buildspec-lint/buildspec-lint/lint/finding"
	"github.com/buildspec-lint/buildspec-lint/lint/image"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
	"github.com/buildspec-lint/buildspec-lint/lint/workflow"
)

// Every kind of input becomes the same thing before the rules run: units, each the commands of
// a document or of a workflow job with exact positions in the file, and the environment they
// run in (the image's inventory, with the runner for a workflow job). Rules see only units.

// Kind is what an input file is.
type Kind int

// The kinds of input.
const (
	// KindAuto: decide from the path and the content (DetectKind).
	KindAuto Kind = iota
	KindBuildspec
	// KindWorkflow: a GitHub Actions workflow; its jobs' run: steps are linted by the rules that
	// apply to workflows (Rule.Workflows).
	KindWorkflow
	// KindComposite: a composite action's metadata (action.yml with runs.using composite).
	KindComposite
)

func (k Kind) String() string {
	switch k {
	case KindBuildspec:
		return "buildspec"
	case KindWorkflow:
		return "workflow"
	case KindComposite:
		return "composite action"
	}
	return "auto"
}

// IsWorkflowPath reports whether a path is a workflow's by where it is: a .yml or .yaml file
// directly in a .github/workflows directory.
func IsWorkflowPath(p string) bool {
	p = filepath.ToSlash(p)
	ext := path.Ext(p)
	if ext != ".yml" && ext != ".yaml" {
		return false
	}
	dir := path.Dir(p)
	return dir == ".github/workflows" || strings.HasSuffix(dir, "/.github/workflows")
}

// IsActionName reports whether a file name is an action's metadata: action.yml or action.yaml.
func IsActionName(p string) bool {
	base := path.Base(filepath.ToSlash(p))
	return base == "action.yml" || base == "action.yaml"
}

// unit is what a set of rules runs over: a document's commands and the image they run with.
type unit struct {
	spec     *buildspec.Buildspec
	image    *image.Inventory
	imageErr *ImageError
	// group numbers the units that are one job in several environments (the values of its
	// matrix, the jobs that call a composite action): a finding of every unit of a group is
	// reported once, one of only some of them says which (variant).
	group   int
	variant string
}

// parsed is a file read for the rules.
type parsed struct {
	kind  Kind
	units []unit
	// specs are the documents of a buildspec (for the problems counted past the cap, and
	// Observe); for a workflow, the one document that holds its YAML problems.
	specs      []*buildspec.Buildspec
	directives []*buildspec.Directive
	// skip, when set, says that the file is not linted, and names its format.
	skip string
	// shape is the file's YAML as the parse decoded it, to compare fixed texts with (nil: not
	// decoded whole; newShape decodes it).
	shape *buildspec.Shape
}

// parseKind reads src as kind (KindAuto: as DetectKind says).
func parseKind(src *source.Source, fs *FileSettings, kind Kind) (*FileSettings, *parsed) {
	if fs == nil {
		fs = &FileSettings{}
	}
	var specs []*buildspec.Buildspec
	var shape *buildspec.Shape
	if kind == KindAuto {
		specs, shape = buildspec.ParseShaped(src, fs.limits())
		kind = DetectKind(src, specs)
	}
	if kind == KindBuildspec {
		if specs == nil {
			specs, shape = buildspec.ParseShaped(src, fs.limits())
		}
		pf := buildspecFile(src, specs, fs)
		pf.shape = shape
		return fs, pf
	}
	if fs.NoWorkflows {
		return fs, &parsed{kind: kind, skip: "a GitHub Actions " + kind.String() + " (workflows: false in the configuration)"}
	}
	pf := workflowFile(src, kind, specs, fs)
	pf.shape = shape
	return fs, pf
}

// DetectKind says what a file is: a workflow by its path (.github/workflows/*.yml) or its top
// level (on and jobs), a composite action by its runs.using (in action.yml, or in any file whose
// top level is an action's), else a buildspec. specs are the file read as a buildspec.
func DetectKind(src *source.Source, specs []*buildspec.Buildspec) Kind {
	if IsWorkflowPath(src.Path) {
		return KindWorkflow
	}
	if IsActionName(src.Path) && workflow.IsComposite(src.Data) {
		return KindComposite
	}
	if len(specs) == 1 {
		switch other := OtherFormat(specs); {
		case strings.HasPrefix(other, "a GitHub Actions workflow"):
			return KindWorkflow
		case strings.HasPrefix(other, "a GitHub Action's metadata") && workflow.IsComposite(src.Data):
			return KindComposite // a composite action under another name
		}
	}
	return KindBuildspec
}

// buildspecFile makes the units of a buildspec's documents: each document with the file's image
// (or the one its image= directive names).
func buildspecFile(src *source.Source, specs []*buildspec.Buildspec, fs *FileSettings) *parsed {
	pf := &parsed{kind: KindBuildspec, specs: specs, directives: buildspec.FileDirectives(specs)}
	image := fs.Image
	var imageErr *ImageError
	if fs.ImageFor != nil {
		// An image= directive names the image of every document of the file.
		if d := imageDirective(pf.directives); d != nil && len(d.Values) > 0 {
			inv, err := fs.ImageFor(d.Values[0])
			if err != nil {
				imageErr = &ImageError{Directive: d, Err: err} // reported by the invalid-directive rule
			} else {
				image = inv
			}
		}
	}
	for i, spec := range specs {
		pf.units = append(pf.units, unit{spec: spec, image: image, imageErr: imageErr, group: i})
	}
	return pf
}

// workflowFile makes the units of a workflow (or a composite action): each job once per
// environment it runs in. Its YAML problems are those of a buildspec's YAML layer.
func workflowFile(src *source.Source, kind Kind, specs []*buildspec.Buildspec, fs *FileSettings) *parsed {
	if specs == nil {
		specs = buildspec.ParseWithLimits(src, fs.limits())
	}
	pf := &parsed{kind: kind, directives: buildspec.ParseDirectives(src)}
	// The YAML layer's problems (syntax, tabs, limits) hold for any YAML file; a buildspec's
	// schema problems do not.
	yamlSpec := &buildspec.Buildspec{Source: src, Directives: pf.directives}
	broken := false
	for _, b := range specs {
		for _, pr := range b.Problems {
			if pr.Kind == buildspec.YAMLSyntax || pr.Kind == buildspec.TabIndentation {
				yamlSpec.Problems = append(yamlSpec.Problems, pr)
				broken = broken || pr.Kind == buildspec.YAMLSyntax
			}
		}
	}
	pf.specs = []*buildspec.Buildspec{yamlSpec}
	pf.units = append(pf.units, unit{spec: yamlSpec, group: -1})
	if broken {
		return pf // what is not valid YAML is not read as a workflow
	}
	f := readWorkflow(src, kind)
	if f.Problem != nil {
		yamlSpec.Problems = append(yamlSpec.Problems, buildspec.Problem{Kind: buildspec.YAMLSyntax, Range: f.Problem.Range, Message: f.Problem.Message})
		return pf
	}
	for gi, job := range f.Jobs {
		envs := job.Envs
		callers := false
		if kind == KindComposite {
			envs, callers = fs.Callers, true
			if len(envs) == 0 {
				envs = []*workflow.Env{{}}
			}
		}
		for _, env := range envs {
			var inv *image.Inventory
			if fs.Runner != nil && (env.Labels != nil || env.Container != "") {
				inv = fs.Runner(env)
			}
			os := guessOS(env)
			if inv != nil && inv.Runner != nil && inv.Runner.OS != "" {
				os = inv.Runner.OS
			}
			u := job.Unit(env, os)
			if inv != nil && inv.Runner != nil {
				inv.Runner.Setup = u.Setup
			}
			variant := env.Matrix
			if callers && env.Job != "" {
				variant = "the job " + env.Job + " of " + env.Path + " that calls it"
				if env.Matrix != "" {
					variant += " (" + env.Matrix + ")"
				}
			}
			pf.units = append(pf.units, unit{spec: u.Spec, image: inv, group: gi, variant: variant})
		}
	}
	return pf
}

// readWorkflow reads a workflow or a composite action (a panic of the parser is the file's
// Problem: workflow.Read).
func readWorkflow(src *source.Source, kind Kind) *workflow.File {
	if kind == KindComposite {
		return workflow.ReadComposite(src)
	}
	return workflow.Read(src)
}

// guessOS is the operating system a job's labels name when no inventory says it: a container
// job runs Linux, and self-hosted runners carry their OS as a label.
func guessOS(env *workflow.Env) string {
	if env.Container != "" {
		return "linux"
	}
	for _, l := range env.Labels {
		l = strings.ToLower(l)
		switch {
		case l == "windows" || strings.HasPrefix(l, "windows-"):
			return "windows"
		case l == "macos" || strings.HasPrefix(l, "macos-"):
			return "macos"
		case l == "linux" || strings.HasPrefix(l, "ubuntu-"):
			return "linux"
		}
	}
	return ""
}

// mergeVariants runs the rules over the units of one group (a job in several environments) and
// reports each finding once: as it is when every unit raises it, and saying for which
// environments when only some do.
func mergeVariants(units []unit, run func(*unit, func(*finding.Finding)), report func(*finding.Finding)) {
	type key struct {
		rule       string
		start, end int
	}
	type seen struct {
		f     *finding.Finding
		units []int
	}
	var order []key
	byKey := map[key]*seen{}
	for i := range units {
		run(&units[i], func(f *finding.Finding) {
			k := key{f.RuleID(), f.Range.Start.Offset, f.Range.End.Offset}
			s := byKey[k]
			if s == nil {
				s = &seen{f: f}
				byKey[k] = s
				order = append(order, k)
			}
			if n := len(s.units); n == 0 || s.units[n-1] != i {
				s.units = append(s.units, i)
			}
		})
	}
	// A finding is about a command: the environments where that command does not run (its
	// step's if: rules them out) neither hold nor lack it.
	// Each environment's commands by where they start, found by bisection: a job of thousands of
	// steps in a dozen environments has as many findings.
	spans := make([][][2]int, len(units))
	for i, u := range units {
		for _, c := range u.spec.CommandsInOrder() {
			spans[i] = append(spans[i], [2]int{c.Range.Start.Offset, c.Range.End.Offset})
		}
		slices.SortFunc(spans[i], func(a, b [2]int) int { return a[0] - b[0] })
	}
	runs := func(i int, off int) bool {
		sp := spans[i]
		// The last command that starts at or before off (commands do not overlap).
		j := sort.Search(len(sp), func(j int) bool { return sp[j][0] > off }) - 1
		return j >= 0 && off <= sp[j][1]
	}
	for _, k := range order {
		s := byKey[k]
		candidates := 0
		for i := range units {
			if runs(i, k.start) {
				candidates++
			}
		}
		if candidates == 0 {
			candidates = len(units) // a finding on no command (a YAML problem): every environment's
		}
		if len(s.units) < candidates {
			// A fix for some environments would change the job for all of them.
			s.f.Fix = nil
			var which []string
			for _, i := range s.units {
				if v := units[i].variant; v != "" {
					which = append(which, v)
				}
			}
			if len(which) > 0 {
				s.f.Message = finding.ElideMessage(s.f.Message + " (only for " + strings.Join(which, "; ") + ")")
			}
		}
		report(s.f)
	}
}

// fileShape is a file's YAML before fixes, to compare with the fixed text.
type fileShape struct {
	kind  Kind
	shape *buildspec.Shape
}

// newShape returns the shape of src, read as kind: shape when it is known (the parse's), else
// src decoded.
func newShape(src *source.Source, kind Kind, shape *buildspec.Shape) *fileShape {
	if shape == nil {
		shape = buildspec.NewShape(src)
	}
	return &fileShape{kind: kind, shape: shape}
}

// parse reads after, the shape's file with changes applied, as the same kind of file, and
// returns an error when its YAML is not the same except where the changes are.
func (s *fileShape) parse(after *source.Source, fs *FileSettings, changes source.Changes) (*parsed, error) {
	if s.kind == KindBuildspec || s.kind == KindAuto {
		specs, err := s.shape.Parse(after, fs.limits(), changes)
		return buildspecFile(after, specs, fs), err
	}
	if err := s.shape.Same(after, changes); err != nil {
		return nil, err
	}
	_, pf := parseKind(after, fs, s.kind)
	return pf, nil
}
