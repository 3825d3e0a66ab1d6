// Package linttest is the fixture runner of the rule tests: it lints the buildspecs under
// testdata/rules/<rule> and checks their findings against the `# want:` comments written in them
// and their fixes against `.golden` files, like golang.org/x/tools/go/analysis/analysistest.
//
// # Usage
//
// One test per rule, beside the rule:
//
//	func TestRedundantInstall(t *testing.T) {
//		linttest.Run(t, lint.RuleSet{RedundantInstall}, linttest.TestData(t, "rules", "redundant-install"),
//			&linttest.Options{Image: linttest.Tools("jq", "curl")})
//	}
//
// Run lints every .yml and .yaml file under dir (recursively) with the given rules only, and
// fails the test, with file:line:col, for every finding that no expectation wanted and for every
// expectation that no finding met. Files under a directory named ok/ must stay clean: they may
// hold no expectations and raise no finding.
//
// # Expectations
//
// An expectation is a comment on the line where the finding starts:
//
//	commands:
//	  - apt-get install -y jq   # want: BSL101 "jq is already in"
//
// It names the rule (ID or name) and a regular expression (a Go quoted string: "..." or `...`)
// that the message must match. Several expectations may share one comment:
//
//	commands:
//	  - apt-get install -y jq curl   # want: BSL101 "jq" BSL101 "curl"
//
// Positions. `@COL` after want (or after one rule) also requires the finding's start column, and
// `@COL-END` its end column too (exclusive, on the same line as the start); columns count
// characters, as source.Pos does:
//
//	commands:
//	  - apt-get install -y jq     # want@24-26: BSL101 "jq"
//	  - apt-get install jq curl   # want: BSL101@21-23 "jq" BSL101@24-28 "curl"
//
// Other lines. Inside a `|` or `>` block a `#` is shell text, not a YAML comment, so write the
// expectation on a line before it and shift it: `# want+2: ...` expects the finding 2 lines
// below the comment (and `# want-1:` one line above):
//
//	commands:
//	  - |                         # want+2@5: BSL201 "dockerd"
//	    echo start
//	    docker build .
//
// Images. Options.Image is the build image for every fixture (nil: none). A fixture can set its
// own with a comment line `# linttest: tools=jq,curl` (a bare tool list, see Tools) or
// `# linttest: image=NAME` (resolved by Options.ImageFor). Lines `# linttest: compute=VALUE` and
// `# linttest: docker=VALUE` set the image's compute and Docker mode as .buildspec-lint.yaml's
// compute: and docker: do (on a copy of the image; on an empty tool list when there is none).
// `# linttest: privileged=off` (or `on`) sets the privileged mode of the project that runs the
// fixture, as a template that defines the project would, with the project's PrivilegedMode at
// that line of the fixture itself (project "Fixture"), so that related locations can be checked.
//
// Workflows. A fixture whose top level is a GitHub Actions workflow (on: and jobs:) is linted as
// one: each job's run: steps are its commands. A comment line `# linttest: runner=github` (or
// `codebuild`, `unknown`: who hosts the runner, image.RunnerKind) gives every job environment an
// inventory with Inventory.Runner set: Kind, Label (the job's first runs-on label, a matrix value
// substituted), OS, Container and Matrix (the job's). The inventory is the one Options.ImageFor
// resolves for the job's container, else for its first runs-on label (then also Runner.Image),
// else the fixture's image as above; so a matrix over two labels that ImageFor knows lints each
// value with its own image. OS is what `# linttest: os=linux` (or `windows`, `macos`) says, else
// linux for a container job, else windows or macos when the label starts so, else linux.
// Without a runner= line workflow jobs are linted with no image.
//
//	# linttest: runner=github
//	# linttest: tools=jq
//	on: push
//	jobs:
//	  build:
//	    runs-on: ubuntu-24.04
//	    steps:
//	      - run: sudo apt-get install -y jq   # want: BSL101 "jq is already on GitHub's ubuntu-24.04 runner image"
//
// Related locations. A finding's Related places must lie inside their files; a want may also
// require one: `# want: BSL210 "regexp" related:LINE "regexp"` (after the message's regexp)
// expects a related location that starts on LINE of the fixture itself with a matching message.
//
// Fixes. When the findings of a fixture x.yml carry fixes, they are applied (in file order,
// skipping overlapping ones) and the result must equal the sibling x.yml.golden; a fixture with
// fixes and no golden fails. Run the test with -update (a flag the test binary must define, as
// rules/docs_test.go does) to write or rewrite the goldens, and review the diff.
package linttest

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
	"github.com/buildspec-lint/buildspec-lint/lint/finding"
	"github.com/buildspec-lint/buildspec-lint/lint/image"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
	"github.com/buildspec-lint/buildspec-lint/lint/workflow"
)

// Options are the settings of a Run; the zero value (or nil) lints with no image.
type Options struct {
	// Image is the build image inventory for every fixture that does not set its own.
	Image *image.Inventory
	// ImageFor resolves `# linttest: image=NAME` lines and `# buildspec-lint image=NAME`
	// directives; nil means fixtures cannot name images.
	ImageFor func(name string) (*image.Inventory, error)
	// Settings, when set, are the base settings of every fixture (severity overrides, limits);
	// Image and ImageFor above take precedence over its fields when set.
	Settings *lint.FileSettings
}

// Every, when set, is the whole rule list: each fix that a fixture's rules offer must then also
// be offered when every rule runs, as users run them (a fix that empties a phase, leaves an
// ignore unused or breaks the shell raises another rule's finding, and the engine drops it).
var Every lint.RuleSet

// Tools returns a bare inventory that holds the named tools, as `--tools a,b` declares them.
func Tools(names ...string) *image.Inventory {
	inv := &image.Inventory{Tools: map[string]*image.Tool{}, Custom: true}
	for _, n := range names {
		n = strings.TrimSpace(n)
		if n != "" {
			inv.Tools[n] = &image.Tool{Name: n, Origin: "--tools"}
		}
	}
	return inv
}

// TestData returns the path of testdata/<elems...> at the module root, found by walking up from
// the working directory to go.mod, so that tests in any package name fixtures the same way.
func TestData(t testing.TB, elems ...string) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(append([]string{dir, "testdata"}, elems...)...)
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("linttest: no go.mod above the working directory")
		}
		dir = parent
	}
}

// Run lints every fixture under dir with rules and checks the findings against the fixtures'
// expectations (see the package doc). It fails when dir holds no fixture.
func Run(t *testing.T, rules lint.RuleSet, dir string, opts *Options) {
	t.Helper()
	if opts == nil {
		opts = &Options{}
	}
	var files []string
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && (strings.HasSuffix(path, ".yml") || strings.HasSuffix(path, ".yaml")) {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("linttest: %v", err)
	}
	if len(files) == 0 {
		t.Fatalf("linttest: no .yml or .yaml fixture under %s", dir)
	}
	sort.Strings(files)
	for _, path := range files {
		rel, _ := filepath.Rel(dir, path)
		t.Run(filepath.ToSlash(rel), func(t *testing.T) {
			t.Helper()
			RunFile(t, rules, path, opts)
		})
	}
}

// RunFile checks one fixture; Run calls it for every file of a directory.
func RunFile(t *testing.T, rules lint.RuleSet, path string, opts *Options) {
	t.Helper()
	if opts == nil {
		opts = &Options{}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("linttest: %v", err)
	}
	src := source.NewSource(path, data)
	wants, errs := ParseWants(src)
	for _, e := range errs {
		t.Errorf("%s", e)
	}
	okFile := isOK(path)
	if okFile && len(wants) > 0 {
		t.Errorf("%s:%d: a fixture under ok/ must stay clean; move it out of ok/ or remove its want", path, wants[0].Comment)
	}

	fs := &lint.FileSettings{}
	if opts.Settings != nil {
		c := *opts.Settings
		fs = &c
	}
	if opts.Image != nil {
		fs.Image = opts.Image
	}
	if opts.ImageFor != nil {
		fs.ImageFor = opts.ImageFor
	}
	if inv, err := fixtureImage(src, opts, fs.Image); err != nil {
		t.Fatalf("%s: %v", path, err)
	} else if inv != nil {
		fs.Image = inv
	}
	if runner, err := fixtureRunner(src, opts, fs.Image); err != nil {
		t.Fatalf("%s: %v", path, err)
	} else if runner != nil {
		fs.Runner = runner
	}
	l := &lint.Linter{Rules: rules}
	findings := l.Lint(src, fs)
	for _, f := range findings {
		if !inFile(src, f.Range) {
			t.Errorf("%s:%s: %s finding has a range outside the file or reversed: %s", path, f.Range.Start, f.RuleID(), f.Range)
		}
		for _, r := range f.Related {
			if r.Source == nil || r.Path == "" || r.Message == "" {
				t.Errorf("%s:%s: %s finding has a related location without its file or message: %+v", path, f.Range.Start, f.RuleID(), r)
			} else if err := r.Source.CheckRange(r.Range); err != nil || !r.Range.IsValid() {
				t.Errorf("%s:%s: %s finding's related location %s is not a range of %s: %v", path, f.Range.Start, f.RuleID(), r.Range, r.Path, err)
			}
		}
	}
	Check(t, path, wants, findings)
	fixed, _, notes := l.Fix(src, fs)
	for _, n := range notes {
		if n.Rule != "" && lint.DetectKind(src, buildspec.Parse(src)) != lint.KindBuildspec {
			// In a workflow a rule must not offer a fix that breaks the file: the linter's
			// verification drops it, but the user sees no reason for a missing fix.
			t.Errorf("%s: a fix was offered and dropped by verification: %s", path, n.String())
		}
	}
	checkGolden(t, path, src, findings, fixed, notes)
	if Every != nil && hasFix(findings) {
		checkEveryRule(t, path, src, fs, findings)
	}
	if fixed != nil {
		// Idempotence: the fixed file has nothing left to fix.
		again, _, _ := l.Fix(source.NewSource(path, fixed.After), fs)
		if again != nil {
			t.Errorf("%s: --fix changes the fixed file again:\n%s", path, again.After)
		}
	}
}

func isOK(path string) bool {
	for _, p := range strings.Split(filepath.ToSlash(filepath.Dir(path)), "/") {
		if p == "ok" {
			return true
		}
	}
	return false
}

var fixtureImageRe = regexp.MustCompile(`^\s*#\s*linttest:\s*(tools|image|compute|docker|privileged)=(\S*)\s*$`)

// fixtureImage returns the image a fixture's linttest lines set (nil: none set); base is the
// image the fixture has otherwise, which compute= and docker= lines alone apply to.
func fixtureImage(src *source.Source, opts *Options, base *image.Inventory) (*image.Inventory, error) {
	var inv *image.Inventory
	var compute image.Compute
	var docker image.Docker
	var computeOrigin, dockerOrigin string
	var privileged image.Privileged
	var privilegedAt *image.Place
	for n := 1; n <= src.Lines(); n++ {
		m := fixtureImageRe.FindStringSubmatch(src.Line(n))
		if m == nil {
			continue
		}
		origin := fmt.Sprintf("%s:%d", filepath.Base(src.Path), n)
		switch m[1] {
		case "compute":
			c, ok := image.ParseCompute(m[2])
			if !ok {
				return nil, fmt.Errorf("line %d: compute=%q: want one of %s", n, m[2], strings.Join(image.ComputeNames, ", "))
			}
			compute, computeOrigin = c, origin
			continue
		case "docker":
			d, ok := image.ParseDocker(m[2])
			if !ok {
				return nil, fmt.Errorf("line %d: docker=%q: want one of %s", n, m[2], strings.Join(image.DockerNames, ", "))
			}
			docker, dockerOrigin = d, origin
			continue
		case "privileged":
			switch m[2] {
			case "off":
				privileged = image.PrivilegedOff
			case "on":
				privileged = image.PrivilegedOn
			default:
				return nil, fmt.Errorf("line %d: privileged=%q: want on or off", n, m[2])
			}
			// The project's privileged mode is this line of the fixture: its value.
			lr := src.LineRange(n)
			at := lr.Start.Offset + strings.Index(src.Line(n), "privileged=")
			privilegedAt = &image.Place{Source: src, Range: src.Range(at, lr.End.Offset),
				Message: "privileged mode is " + m[2] + " here", Project: "Fixture"}
			continue
		}
		if inv != nil {
			continue // the first tools= or image= line wins
		}
		if m[1] == "tools" {
			inv = Tools(strings.Split(m[2], ",")...)
			continue
		}
		if opts.ImageFor == nil {
			return nil, fmt.Errorf("line %d names image %q but Options.ImageFor is nil", n, m[2])
		}
		var err error
		if inv, err = opts.ImageFor(m[2]); err != nil {
			return nil, err
		}
	}
	if compute == image.ComputeUnknown && docker == image.DockerUnknown && privileged == image.PrivilegedUnknown {
		return inv, nil
	}
	if inv == nil {
		inv = base
	}
	if inv == nil {
		inv = Tools()
	}
	c := *inv
	inv = &c
	if compute != image.ComputeUnknown {
		inv.Compute, inv.ComputeOrigin = compute, computeOrigin
		if compute == image.ComputeLambda && docker == image.DockerUnknown {
			inv.Docker, inv.DockerOrigin = image.DockerNone, computeOrigin
		}
	}
	if docker != image.DockerUnknown {
		inv.Docker, inv.DockerOrigin = docker, dockerOrigin
	}
	if privileged != image.PrivilegedUnknown {
		inv.Privileged, inv.PrivilegedAt = privileged, privilegedAt
	}
	return inv, nil
}

var fixtureRunnerRe = regexp.MustCompile(`^\s*#\s*linttest:\s*(runner|os)=(\S*)\s*$`)

// runnerKinds are the values of a fixture's runner= line.
var runnerKinds = map[string]image.RunnerKind{
	"github":    image.RunnerGitHub,
	"codebuild": image.RunnerCodeBuild,
	"unknown":   image.RunnerUnknown,
}

// fixtureRunner returns the FileSettings.Runner that a workflow fixture's runner= and os= lines
// set (nil when it has no runner= line): every job environment gets a copy of an inventory with
// Inventory.Runner set. The inventory is the one Options.ImageFor resolves for the job's
// container, else for its first runs-on label, else base (the fixture's image).
func fixtureRunner(src *source.Source, opts *Options, base *image.Inventory) (func(*workflow.Env) *image.Inventory, error) {
	kind, os, set := image.RunnerUnknown, "", false
	for n := 1; n <= src.Lines(); n++ {
		m := fixtureRunnerRe.FindStringSubmatch(src.Line(n))
		if m == nil {
			continue
		}
		switch m[1] {
		case "runner":
			k, ok := runnerKinds[m[2]]
			if !ok {
				return nil, fmt.Errorf("line %d: runner=%q: want github, codebuild or unknown", n, m[2])
			}
			kind, set = k, true
		case "os":
			if m[2] != "linux" && m[2] != "windows" && m[2] != "macos" {
				return nil, fmt.Errorf("line %d: os=%q: want linux, windows or macos", n, m[2])
			}
			os = m[2]
		}
	}
	if !set {
		if os != "" {
			return nil, fmt.Errorf("an os= line without a runner= line sets nothing")
		}
		return nil, nil
	}
	return func(env *workflow.Env) *image.Inventory {
		r := &image.Runner{Kind: kind, OS: os, Container: env.Container, Matrix: env.Matrix}
		if len(env.Labels) > 0 {
			r.Label = env.Labels[0]
		}
		inv := base
		resolve := func(name string) bool {
			if opts.ImageFor == nil || name == "" {
				return false
			}
			if named, err := opts.ImageFor(name); err == nil && named != nil {
				inv = named
				return true
			}
			return false
		}
		if env.Container != "" {
			resolve(env.Container)
		} else if resolve(r.Label) {
			r.Image = r.Label
		}
		if r.OS == "" && env.Container != "" {
			r.OS = "linux" // a container job runs Linux
		} else if r.OS == "" {
			r.OS = labelOS(r.Label)
		}
		if inv == nil {
			inv = Tools()
		}
		c := *inv
		c.Runner = r
		return &c
	}, nil
}

// labelOS is the operating system a runs-on label names: windows or macos by its prefix (as
// GitHub's labels are spelled), else linux.
func labelOS(label string) string {
	l := strings.ToLower(label)
	switch {
	case strings.HasPrefix(l, "windows"):
		return "windows"
	case strings.HasPrefix(l, "macos"):
		return "macos"
	}
	return "linux"
}

func inFile(src *source.Source, r source.Range) bool {
	n := len(src.Data)
	return r.Start.Offset >= 0 && r.End.Offset <= n && r.Start.Offset <= r.End.Offset &&
		r.Start.Line >= 1 && r.Start.Col >= 1 && r.End.Line >= r.Start.Line
}

// Want is one expected finding.
type Want struct {
	// Comment is the line the expectation is written on; Line is the line of the finding.
	Comment, Line int
	// Rule is a rule ID or name.
	Rule string
	Re   *regexp.Regexp
	// Col and EndCol are the expected start and end columns, 0 when not checked.
	Col, EndCol int
	// RelatedLine, when set, requires a related location that starts on that line of the
	// fixture, with a message that RelatedRe matches.
	RelatedLine int
	RelatedRe   *regexp.Regexp
	met         bool
}

func (w *Want) String() string {
	pos := strconv.Itoa(w.Line)
	if w.Col > 0 {
		pos += ":" + strconv.Itoa(w.Col)
		if w.EndCol > 0 {
			pos += "-" + strconv.Itoa(w.EndCol)
		}
	}
	s := fmt.Sprintf("%s %s %q", pos, w.Rule, w.Re)
	if w.RelatedLine > 0 {
		s += fmt.Sprintf(" related:%d %q", w.RelatedLine, w.RelatedRe)
	}
	return s
}

var (
	wantRe  = regexp.MustCompile(`#\s*want([+-]\d+)?(@\d+(?:-\d+)?)?:(.*)$`)
	itemRe  = regexp.MustCompile(`^\s*([A-Za-z0-9-]+)(@\d+(?:-\d+)?)?\s+`)
	colsRe  = regexp.MustCompile(`^@(\d+)(?:-(\d+))?$`)
	relRe   = regexp.MustCompile(`^\s*related:(\d+)\s+`)
	ruleIDs = regexp.MustCompile(`^(BSL\d{3}|[a-z][a-z0-9-]*)$`)
)

// ParseWants reads the expectations of a fixture. Malformed ones are returned as errors (with
// file:line), so that a typo never silently expects nothing.
func ParseWants(src *source.Source) ([]*Want, []error) {
	var wants []*Want
	var errs []error
	for n := 1; n <= src.Lines(); n++ {
		m := wantRe.FindStringSubmatch(src.Line(n))
		if m == nil {
			continue
		}
		line := n
		if m[1] != "" {
			d, _ := strconv.Atoi(m[1])
			line += d
		}
		col, end := parseCols(m[2])
		rest := m[3]
		if strings.TrimSpace(rest) == "" {
			errs = append(errs, fmt.Errorf("%s:%d: want with no expectation", src.Path, n))
			continue
		}
		for strings.TrimSpace(rest) != "" {
			im := itemRe.FindStringSubmatch(rest)
			if im == nil || !ruleIDs.MatchString(im[1]) {
				errs = append(errs, fmt.Errorf("%s:%d: want: expected a rule ID or name, then a quoted regexp, at %q", src.Path, n, strings.TrimSpace(rest)))
				break
			}
			rest = rest[len(im[0]):]
			q, err := strconv.QuotedPrefix(rest)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s:%d: want %s: expected a quoted regexp at %q", src.Path, n, im[1], rest))
				break
			}
			rest = rest[len(q):]
			pat, _ := strconv.Unquote(q)
			re, err := regexp.Compile(pat)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s:%d: want %s: %v", src.Path, n, im[1], err))
				break
			}
			w := &Want{Comment: n, Line: line, Rule: im[1], Re: re, Col: col, EndCol: end}
			if im[2] != "" {
				w.Col, w.EndCol = parseCols(im[2])
			}
			wants = append(wants, w)
			if rm := relRe.FindStringSubmatch(rest); rm != nil {
				rest = rest[len(rm[0]):]
				q, err := strconv.QuotedPrefix(rest)
				if err != nil {
					errs = append(errs, fmt.Errorf("%s:%d: want %s related:%s: expected a quoted regexp at %q", src.Path, n, im[1], rm[1], rest))
					break
				}
				rest = rest[len(q):]
				pat, _ := strconv.Unquote(q)
				if w.RelatedRe, err = regexp.Compile(pat); err != nil {
					errs = append(errs, fmt.Errorf("%s:%d: want %s related: %v", src.Path, n, im[1], err))
					break
				}
				w.RelatedLine, _ = strconv.Atoi(rm[1])
			}
		}
	}
	return wants, errs
}

func parseCols(s string) (int, int) {
	m := colsRe.FindStringSubmatch(s)
	if m == nil {
		return 0, 0
	}
	c, _ := strconv.Atoi(m[1])
	e := 0
	if m[2] != "" {
		e, _ = strconv.Atoi(m[2])
	}
	return c, e
}

func (w *Want) matches(path string, f *finding.Finding) bool {
	if w.RelatedLine > 0 && !slices.ContainsFunc(f.Related, func(r finding.Related) bool {
		return r.Path == path && r.Range.Start.Line == w.RelatedLine && w.RelatedRe.MatchString(r.Message)
	}) {
		return false
	}
	if f.Range.Start.Line != w.Line {
		return false
	}
	if f.RuleID() != w.Rule && f.RuleName() != w.Rule {
		return false
	}
	if !w.Re.MatchString(f.Message) {
		return false
	}
	if w.Col > 0 && f.Range.Start.Col != w.Col {
		return false
	}
	if w.EndCol > 0 && (f.Range.End.Line != f.Range.Start.Line || f.Range.End.Col != w.EndCol) {
		return false
	}
	return true
}

// Check matches findings against wants and reports, as test errors, every finding nobody
// wanted and every want never met. A near miss (right rule and line, wrong column or message)
// is shown beside the unmet want.
func Check(t testing.TB, path string, wants []*Want, findings []*finding.Finding) {
	t.Helper()
	var extra []*finding.Finding
	for _, f := range findings {
		found := false
		for _, w := range wants {
			if !w.met && w.matches(path, f) {
				w.met, found = true, true
				break
			}
		}
		if !found {
			extra = append(extra, f)
		}
	}
	for _, f := range extra {
		t.Errorf("%s:%d:%d: unexpected finding %s %s at %s: %s", path, f.Range.Start.Line, f.Range.Start.Col, f.RuleID(), f.RuleName(), f.Range, f.Message)
	}
	for _, w := range wants {
		if w.met {
			continue
		}
		col := w.Col
		if col == 0 {
			col = 1
		}
		msg := fmt.Sprintf("%s:%d:%d: no finding matched want %s (written on line %d)", path, w.Line, col, w, w.Comment)
		for _, f := range extra {
			if f.Range.Start.Line == w.Line && (f.RuleID() == w.Rule || f.RuleName() == w.Rule) {
				msg += fmt.Sprintf("\n\tnear miss: %s at %s: %s", f.RuleID(), f.Range, f.Message)
			}
		}
		t.Errorf("%s", msg)
	}
}

// checkGolden compares the fixture with its findings' fixes applied to path+".golden". A fixture
// whose findings carry a fix must have a golden (so that no fix goes untested); one without fixes
// may have none. With -update it writes the golden instead, when there is a fix or a golden.
func checkGolden(t testing.TB, path string, src *source.Source, findings []*finding.Finding, fixed *lint.Fixed, notes []lint.FixNote) {
	t.Helper()
	golden := path + ".golden"
	want, err := os.ReadFile(golden)
	update := false
	if f := flag.Lookup("update"); f != nil {
		update = f.Value.String() == "true"
	}
	missing := err != nil && os.IsNotExist(err)
	if err != nil && !missing {
		t.Errorf("linttest: %v", err)
		return
	}
	if missing && !hasFix(findings) {
		return // no fix and no golden: nothing to compare
	}
	got := src.Data
	if fixed != nil {
		got = fixed.After
	}
	if update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Errorf("linttest: %v", err)
		}
		return
	}
	if missing {
		t.Errorf("%s: its findings have fixes but %s does not exist; create it with %s and review it", path, filepath.Base(golden), updateCommand(t))
		return
	}
	if !bytes.Equal(got, want) {
		why := ""
		for _, n := range notes {
			why += "\n" + n.String()
		}
		t.Errorf("%s: fixed file differs from %s (rewrite it with %s and review the diff):\n--- got\n%s\n--- want\n%s%s", path, golden, updateCommand(t), got, want, why)
	}
}

// updateCommand says how to rewrite the goldens of the running test: `go test ./rules -run
// '^TestX$' -update`, with the package as a path from the module root when one is found. When
// the test binary defines no -update flag, it says to add one.
func updateCommand(t testing.TB) string {
	pkg := "."
	if wd, err := os.Getwd(); err == nil {
		for dir := wd; ; {
			if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
				if rel, err := filepath.Rel(dir, wd); err == nil {
					pkg = "./" + filepath.ToSlash(rel)
					if rel == "." {
						pkg = "."
					}
				}
				break
			}
			parent := filepath.Dir(dir)
			if parent == dir {
				break
			}
			dir = parent
		}
	}
	test, _, _ := strings.Cut(t.Name(), "/")
	cmd := fmt.Sprintf("`go test %s -run '^%s$' -update`", pkg, test)
	if flag.Lookup("update") == nil {
		cmd += " (this package's tests define no -update flag yet: add `var update = flag.Bool(\"update\", false, ...)` to one of them)"
	}
	return cmd
}

// checkEveryRule checks that the fixes of findings are offered as they are when every rule runs.
func checkEveryRule(t testing.TB, path string, src *source.Source, fs *lint.FileSettings, findings []*finding.Finding) {
	t.Helper()
	fix := map[string]*finding.Fix{}
	key := func(f *finding.Finding) string { return f.RuleID() + " " + f.Range.String() }
	all := &lint.Linter{Rules: Every}
	got, notes := all.LintFixes(src, fs)
	for _, f := range got {
		if f.Fix != nil {
			fix[key(f)] = f.Fix
		}
	}
	for _, f := range findings {
		if f.Fix == nil {
			continue
		}
		g := fix[key(f)]
		if g == nil || !slices.Equal(g.Edits, f.Fix.Edits) {
			why := ""
			for _, n := range notes {
				why += "\n" + n.String()
			}
			t.Errorf("%s:%s: the %s fix is not offered when every rule runs%s", path, f.Range.Start, f.RuleID(), why)
		}
	}
}

func hasFix(fs []*finding.Finding) bool {
	for _, f := range fs {
		if f.Fix != nil {
			return true
		}
	}
	return false
}

// ApplyFixes applies the fixes of findings to data, in file order; a fix whose edits overlap an
// edit already applied is skipped whole.
func ApplyFixes(data []byte, findings []*finding.Finding) []byte {
	var edits []finding.Edit
	for _, f := range findings {
		if f.Fix == nil {
			continue
		}
		with := append(append([]finding.Edit(nil), edits...), f.Fix.Edits...)
		if _, err := finding.SortEdits(data, with); err == nil {
			edits = with
		}
	}
	out, _, err := finding.ApplyEdits(data, edits)
	if err != nil {
		return data
	}
	return out
}
