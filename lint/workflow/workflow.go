// Package workflow reads GitHub Actions workflows and composite actions into what the rules
// lint: each job's run: steps as commands with exact positions in the file, and the
// environments the job runs in (its runs-on labels and container, once per matrix value). The
// workflow's structure comes from actionlint's parser; the run: values are mapped into the file
// as buildspec scalars are.
package workflow

import (
	"fmt"
	"sort"
	"strings"

	"github.com/rhysd/actionlint"
	"go.yaml.in/yaml/v3"

	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
	"github.com/buildspec-lint/buildspec-lint/lint/image"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// File is a workflow or a composite action, read.
type File struct {
	Source *source.Source
	// Composite says that the file is a composite action's metadata (action.yml): its one Job has
	// the action's steps and no environments of its own (the jobs that call it give them).
	Composite bool
	Jobs      []*Job
	// Problem, when set, says why the file could not be read as a workflow (its YAML is too big
	// once its aliases are expanded); Jobs is then empty.
	Problem *Problem
}

// Problem is a reason a file cannot be read, at a place in it.
type Problem struct {
	Range   source.Range
	Message string
}

// Job is one job of a workflow (or a composite action's steps).
type Job struct {
	// ID is the job's key ("build"); "" for a composite action.
	ID string
	// Key is the range of the job's key (of runs: for a composite action).
	Key source.Range
	// If is the job's if: condition ("" when none).
	If string
	// Envs are the environments the job runs in: one per distinct value of its matrix that
	// changes the runner or the container, at least one for a workflow job.
	Envs []*Env
	// Steps are the job's steps in order.
	Steps []*Step
	// shell is the default shell of the job's run: steps (defaults.run.shell of the job, else of
	// the workflow), "" when none is set.
	shell string
	// env holds the variables the workflow's and the job's env: set for every step (the job's
	// win), with values that are not expressions; nil when none.
	env *buildspec.Env
	src *source.Source
	// parsed are the commands of the job's steps already read, by step and dialect.
	parsed map[parsedStep]*buildspec.Command
}

// parsedStep is a step read in a dialect.
type parsedStep struct {
	step    *Step
	dialect buildspec.Dialect
}

// Env is one environment a job runs in.
type Env struct {
	// Labels are the runs-on labels, matrix values substituted; an expression that could not be
	// substituted is kept as written. Nil when runs-on is an expression that is not known.
	Labels []string
	// Container is the job's container image ("" when none); an expression is kept as written.
	Container string
	// Matrix says which matrix value chose this environment ("matrix.os = ubuntu-22.04"), "" when
	// the job has no matrix that changes its environment.
	Matrix string
	// Vars are the matrix values of this environment (matrix.NAME -> value), for if: conditions.
	Vars map[string]string
	// At is the range of the runs-on value (of the job's key when it has none).
	At source.Range
	// Job is the ID of the job (for a caller of a composite action: the calling job) and Path the
	// file that defines it.
	Job, Path string
}

// Step is one step.
type Step struct {
	// Run is the run: script (nil for a uses: step); its value has each ${{ }} expression
	// masked as a variable of the same length, so that the shell reads it as one opaque word.
	Run *buildspec.String
	// Shell is the step's shell: its shell:, else the job's or the workflow's defaults.run.shell,
	// "" when none says (the runner's default then: bash, or pwsh on Windows).
	Shell string
	// If is the step's if: condition ("" when none).
	If string
	// Uses is the action a uses: step runs, as written ("actions/setup-node@v4", "./.github/actions/x"),
	// UsesRange its range, and With its inputs whose values are not expressions.
	Uses      string
	UsesRange source.Range
	With      map[string]string
}

// MaxExpandedNodes bounds the YAML values of a workflow once its aliases are expanded: the
// workflow parser walks every alias's target again, so a few kilobytes of aliases of aliases
// could make it walk billions of values. Real workflows have a few thousand.
const MaxExpandedNodes = 200_000

// Read reads a workflow. A file that is not valid YAML has no jobs (the YAML rule reports it);
// one whose aliases expand past MaxExpandedNodes, or on which the parser panics, has a Problem.
func Read(src *source.Source) *File { return safely(src, readFile) }

// safely is read(src), with a panic taken as a file that cannot be read: the workflow parser is
// another project's, and a panic in it must not end a run that lints other files.
func safely(src *source.Source, read func(*source.Source) *File) (f *File) {
	defer func() {
		if r := recover(); r != nil {
			f = &File{Source: src, Problem: &Problem{Range: src.Range(0, 0),
				Message: fmt.Sprintf("the workflow parser failed on this file (%v): it is not read", r)}}
		}
	}()
	return read(src)
}

func readFile(src *source.Source) *File {
	f := &File{Source: src}
	if p := checkSize(src); p != nil {
		f.Problem = p
		return f
	}
	w, _ := actionlint.Parse(src.Data)
	if w == nil {
		return f
	}
	wshell := ""
	if w.Defaults != nil && w.Defaults.Run != nil && w.Defaults.Run.Shell != nil {
		wshell = w.Defaults.Run.Shell.Value
	}
	for _, j := range w.Jobs {
		if j == nil || j.ID == nil || j.WorkflowCall != nil {
			continue // a reusable workflow's call has no steps of its own
		}
		job := &Job{ID: j.ID.Value, Key: stringRange(src, j.ID), shell: wshell, src: src}
		if j.Defaults != nil && j.Defaults.Run != nil && j.Defaults.Run.Shell != nil {
			job.shell = j.Defaults.Run.Shell.Value
		}
		if j.If != nil {
			job.If = j.If.Value
		}
		job.env = jobEnv(src, w.Env, j.Env)
		for _, s := range j.Steps {
			if st := readStep(src, s, job.shell); st != nil {
				job.Steps = append(job.Steps, st)
			}
		}
		job.Envs = envs(src, j)
		for _, e := range job.Envs {
			e.Job, e.Path = job.ID, src.Path
		}
		f.Jobs = append(f.Jobs, job)
	}
	sort.Slice(f.Jobs, func(a, b int) bool { return f.Jobs[a].Key.Start.Offset < f.Jobs[b].Key.Start.Offset })
	return f
}

// jobEnv returns the variables that a workflow's env: and a job's env: set for every step of the
// job, as a buildspec's env.variables: the job's override the workflow's, and a value that is
// an expression (or an env: that is one) is not known, so it is left out. Nil when none is left.
func jobEnv(src *source.Source, envs ...*actionlint.Env) *buildspec.Env {
	byName := map[string]*buildspec.Entry{}
	for _, e := range envs {
		if e == nil {
			continue
		}
		if e.Expression != nil {
			// env: ${{ ... }}: any variable may be set, to anything.
			clear(byName)
			continue
		}
		for _, v := range e.Vars {
			if v == nil || v.Name == nil || v.Value == nil || v.Value.Pos == nil {
				continue
			}
			name := v.Name.Value
			if actionlint.ContainsExpression(v.Value.Value) {
				delete(byName, name) // the job's value is not known: neither is the variable
				continue
			}
			val := buildspec.ScalarAt(src, v.Value.Value, v.Value.Pos.Line, v.Value.Pos.Col)
			byName[name] = &buildspec.Entry{Key: buildspec.Key{Name: name, Range: stringRange(src, v.Name)}, Kind: buildspec.KindScalar, Value: val, Range: val.Range}
		}
	}
	if len(byName) == 0 {
		return nil
	}
	out := &buildspec.Env{}
	for _, e := range byName {
		out.Variables = append(out.Variables, e)
	}
	sort.Slice(out.Variables, func(a, b int) bool {
		return out.Variables[a].Key.Range.Start.Offset < out.Variables[b].Key.Range.Start.Offset
	})
	return out
}

// readStep reads one step of a workflow job; nil for a step with neither run: nor uses:.
func readStep(src *source.Source, s *actionlint.Step, shell string) *Step {
	if s == nil || s.Exec == nil {
		return nil
	}
	st := &Step{Shell: shell}
	if s.If != nil {
		st.If = s.If.Value
	}
	switch e := s.Exec.(type) {
	case *actionlint.ExecRun:
		if e.Run == nil || e.Run.Pos == nil {
			return nil
		}
		if e.Shell != nil {
			st.Shell = e.Shell.Value
		}
		st.Run = runString(src, e.Run.Value, e.Run.Pos.Line, e.Run.Pos.Col)
	case *actionlint.ExecAction:
		if e.Uses == nil {
			return nil
		}
		st.Uses, st.UsesRange = e.Uses.Value, stringRange(src, e.Uses)
		for name, in := range e.Inputs {
			if in != nil && in.Value != nil && !actionlint.ContainsExpression(in.Value.Value) {
				if st.With == nil {
					st.With = map[string]string{}
				}
				st.With[name] = in.Value.Value
			}
		}
	default:
		return nil
	}
	return st
}

// runString makes the String of a run: value at line and col, its ${{ }} expressions masked.
func runString(src *source.Source, value string, line, col int) *buildspec.String {
	s := buildspec.ScalarAt(src, value, line, col)
	s.Value = MaskExpressions(s.Value)
	return s
}

// MaskExpressions replaces each ${{ ... }} expression of a script with a shell variable of the
// same length (${____}): the runner substitutes the expression's value before the shell reads
// the script, so it is one opaque word, never shell syntax, and offsets in the script still map
// to the file. PowerShell reads ${name} as a variable too.
func MaskExpressions(s string) string {
	i := strings.Index(s, "${{")
	if i < 0 {
		return s
	}
	b := []byte(s)
	for i >= 0 {
		end := expressionEnd(s, i)
		if end < 0 {
			break
		}
		if nl := strings.IndexByte(s[i:end], '\n'); nl >= 0 {
			// An expression over several lines: mask it up to the line break, and the rest of it
			// on the next lines keeps its own characters (it cannot be one word anyway).
			end = i + nl
		}
		if end-i >= 3 {
			b[i], b[i+1], b[end-1] = '$', '{', '}'
			for k := i + 2; k < end-1; k++ {
				b[k] = '_'
			}
		}
		next := strings.Index(s[end:], "${{")
		if next < 0 {
			break
		}
		i = end + next
	}
	return string(b)
}

// expressionEnd returns the offset past the }} that ends the expression at s[i:] ("${{"), or -1
// when it has none. The expression's own tokens are skipped, as the runner reads them: a }}
// inside a string literal ('}}') does not end it.
func expressionEnd(s string, i int) int {
	if _, n, err := actionlint.LexExpression(s[i+3:]); err == nil && n >= 2 && i+3+n <= len(s) && s[i+3+n-2:i+3+n] == "}}" {
		return i + 3 + n
	}
	end := strings.Index(s[i+3:], "}}")
	if end < 0 {
		return -1
	}
	return i + 3 + end + 2
}

// stringRange returns the range of an actionlint string in src: the whole scalar as written.
func stringRange(src *source.Source, s *actionlint.String) source.Range {
	if s == nil || s.Pos == nil {
		return source.Range{}
	}
	return buildspec.ScalarAt(src, s.Value, s.Pos.Line, s.Pos.Col).Range
}

// checkSize decodes src and returns a problem when its YAML values, aliases expanded, are more
// than MaxExpandedNodes; nil otherwise (also for a file that is not valid YAML).
func checkSize(src *source.Source) *Problem {
	var n yaml.Node
	if err := yaml.Unmarshal(src.Data, &n); err != nil {
		return nil
	}
	sizes := map[*yaml.Node]int{}
	var size func(n *yaml.Node, depth int) int
	size = func(n *yaml.Node, depth int) int {
		if n == nil {
			return 0
		}
		if depth > 10_000 {
			return MaxExpandedNodes + 1
		}
		if v, ok := sizes[n]; ok {
			return v
		}
		sizes[n] = MaxExpandedNodes + 1 // a cycle counts as too big
		total := 1
		if n.Kind == yaml.AliasNode {
			total += size(n.Alias, depth+1)
		}
		for _, c := range n.Content {
			total += size(c, depth+1)
			if total > MaxExpandedNodes {
				break
			}
		}
		sizes[n] = total
		return total
	}
	if size(&n, 0) <= MaxExpandedNodes {
		return nil
	}
	return &Problem{Range: src.Range(0, 0), Message: fmt.Sprintf("the workflow holds more than %d YAML values once its aliases are expanded (a workflow holds a few thousand): it is not read", MaxExpandedNodes)}
}

// Dialect returns how a step's script is read on a runner of os ("linux", "windows", "macos",
// "" when unknown), and false for a shell that is not one the linter reads (python, a custom
// command of another language).
func (s *Step) Dialect(os string) (buildspec.Dialect, bool) {
	sh := strings.ToLower(strings.TrimSpace(s.Shell))
	if sh == "" {
		if os == "windows" {
			return buildspec.DialectPowerShell, true
		}
		return buildspec.DialectShell, true
	}
	name := sh
	if i := strings.Index(name, ".exe"); i >= 0 {
		name = name[:i] // "c:\program files\git\bin\bash.exe --noprofile {0}"
	} else if i := strings.IndexAny(name, " \t"); i >= 0 {
		name = name[:i] // "bash -l {0}", "pwsh -command \". '{0}'\""
	}
	name = name[strings.LastIndexAny(name, "/\\")+1:]
	name = strings.TrimSuffix(name, ".exe")
	switch name {
	case "bash", "sh", "zsh", "dash", "ash":
		return buildspec.DialectShell, true
	case "pwsh", "powershell":
		return buildspec.DialectPowerShell, true
	case "cmd":
		return buildspec.DialectCmd, true
	}
	return 0, false
}

// Phase is the phase that holds a job's commands in the document the rules see: the build phase,
// since a job's steps run one after another as a buildspec's build commands do.
const Phase = "build"

// Unit is what the rules lint of a job in one environment: the job's commands and the tools
// its setup actions add.
type Unit struct {
	Spec *buildspec.Buildspec
	// Setup are the tools the job's setup actions (and the actions that set up Docker) put on
	// the PATH, in step order.
	Setup []*image.SetupTool
}

// Unit returns the commands the job runs in env on a runner of os ("linux", "windows", "macos",
// "" when unknown): the run: steps whose if: is not false there, read in their shells, and the
// variables the workflow's and the job's env: set for all of them (Spec.Env.Variables).
func (j *Job) Unit(env *Env, os string) *Unit {
	vars := map[string]string{}
	for k, v := range env.Vars {
		vars[k] = v
	}
	if os != "" {
		vars["runner.os"] = map[string]string{"linux": "Linux", "windows": "Windows", "macos": "macOS"}[os]
	}
	u := &Unit{}
	var cmds []*buildspec.Command
	var dialects []buildspec.Dialect
	// A job's if: is evaluated before its matrix and runner exist (GitHub allows only the github,
	// needs, vars and inputs contexts there): only its literals can decide it.
	if v, known := Decide(j.If, nil); known && !v {
		u.Spec = buildspec.FromCommands(j.src, Phase, nil, nil)
		return u
	}
	for _, s := range j.Steps {
		if v, known := Decide(s.If, vars); known && !v {
			continue
		}
		if s.Run == nil {
			u.Setup = append(u.Setup, SetupTools(s)...)
			u.Setup = append(u.Setup, RuntimeTools(s)...)
			continue
		}
		d, ok := s.Dialect(os)
		if !ok {
			continue
		}
		// A step read in the same dialect is the same command in every environment: it is
		// parsed once, and the units share it (rules only read commands).
		key := parsedStep{s, d}
		c := j.parsed[key]
		if c == nil {
			c = &buildspec.Command{String: s.Run}
			if j.parsed == nil {
				j.parsed = map[parsedStep]*buildspec.Command{}
			}
			j.parsed[key] = c
		}
		cmds = append(cmds, c)
		dialects = append(dialects, d)
	}
	u.Spec = buildspec.FromCommands(j.src, Phase, cmds, dialects)
	u.Spec.Env = j.env
	return u
}
