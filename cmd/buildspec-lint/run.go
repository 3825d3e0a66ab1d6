package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/buildspec-lint/buildspec-lint/internal/diffrev"
	"github.com/buildspec-lint/buildspec-lint/internal/ghactions"
	"github.com/buildspec-lint/buildspec-lint/internal/imageread"
	"github.com/buildspec-lint/buildspec-lint/internal/suggest"
	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/config"
	"github.com/buildspec-lint/buildspec-lint/lint/finding"
	"github.com/buildspec-lint/buildspec-lint/lint/format"
	"github.com/buildspec-lint/buildspec-lint/rules"
)

// Exit codes (README, "Exit codes").
const (
	exitOK       = 0 // nothing at or above the fail level
	exitFindings = 1 // findings at or above the fail level
	exitUsage    = 2 // usage or configuration error, an unreadable input, no buildspec found
	exitInternal = 3 // a bug in buildspec-lint
)

// version is set by the release build (-ldflags "-X main.version=...").
var version = "dev"

// ruleSet returns the rules a run uses (a variable so tests can add a failing rule).
var ruleSet = rules.All

// stdinName is the path of standard input without --stdin-filename.
const stdinName = "<stdin>"

// run is the whole CLI; main only exits with its result. It reads as the list of a run's
// phases. A phase prints what it has to say on stderr itself; one that ends the run early
// returns an exitError with the run's exit code.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) (code int) {
	logw := &logWriter{w: stderr}
	defer logw.flush()
	defer recoverInternal(logw, &code)
	c := &cli{stdin: stdin, stdout: stdout, stderr: logw, rules: ruleSet()}

	o, paths, err := c.parseFlags(args)
	if err != nil {
		return exitCodeOf(err)
	}
	if code, answered := c.answerQuery(o); answered {
		return code
	}
	s, err := c.checkSettings(o, paths)
	if err != nil {
		return exitCodeOf(err)
	}
	mode, err := c.fixModeOf(o)
	if err != nil {
		return exitCodeOf(err)
	}
	cfgs, img, err := c.loadConfiguration(o, s.cwd)
	if err != nil {
		return exitCodeOf(err)
	}
	in := c.discoverInputs(paths, cfgs, o, s)
	if err := c.checkImageName(o, cfgs); err != nil {
		return exitCodeOf(err)
	}
	l := c.lint(in, cfgs, img, o, mode != fixNone)
	var fixed fixOutcome
	if mode != fixNone {
		fixed = c.applyFixes(mode, l, s)
	}
	rep, probs := c.reportRun(in, l, o)
	probs.inputs = probs.inputs || fixed.writeFailed
	if err := c.filterNewFromRev(rep, o); err != nil {
		return exitCodeOf(err)
	}
	kept, err := c.output(c.reportWriter(mode), rep, o, s)
	if err != nil {
		return exitCodeOf(err)
	}
	return probs.exitCode(kept, s.failLevel)
}

// cli is what every phase of a run uses: the standard streams and the rules.
type cli struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	rules          lint.RuleSet
	stdinRead      *lint.Input // what standard input held, once read (nil: not read or unreadable)
	stdinNamed     bool        // - is among the paths
}

// exitError ends a run early with its exit code; what the run had to say is already printed.
type exitError int

func (e exitError) Error() string { return "exit status " + strconv.Itoa(int(e)) }

// exitCodeOf is the exit code an early end of the run asks for (exitInternal for any other error).
func exitCodeOf(err error) int {
	var e exitError
	if errors.As(err, &e) {
		return int(e)
	}
	return exitInternal
}

// usageError prints a usage or configuration error on stderr and ends the run with exit code 2.
func (c *cli) usageError(msg string, a ...any) error {
	fmt.Fprintln(c.stderr, "buildspec-lint: "+format.LogText(fmt.Sprintf(msg, a...)))
	return exitError(exitUsage)
}

// recoverInternal turns a panic of the run into exit code 3, with the stack on stderr for the
// bug report.
func recoverInternal(stderr io.Writer, code *int) {
	if r := recover(); r != nil {
		fmt.Fprintf(stderr, "buildspec-lint: internal error: %s\n%s", format.LogText(fmt.Sprint(r)), debug.Stack())
		*code = exitInternal
	}
}

// parseFlags parses the command line into its options and paths. --help prints the help and
// ends the run (exit 0); a flag that cannot be parsed is one line on stderr (exit 2).
func (c *cli) parseFlags(args []string) (*options, []string, error) {
	o := &options{}
	fl := newFlags(o)
	paths, err := parseInterspersed(fl, args)
	if errors.Is(err, flag.ErrHelp) {
		printHelp(c.stdout, fl)
		return nil, nil, exitError(exitOK)
	}
	if err != nil {
		fmt.Fprintf(c.stderr, "buildspec-lint: %s (see --help)\n", flagError(err, fl))
		return nil, nil, exitError(exitUsage)
	}
	return o, paths, nil
}

// answerQuery answers --version, --list-rules, --list-images and --explain, which lint nothing.
// It reports whether o asked one, and the run's exit code when it did.
func (c *cli) answerQuery(o *options) (code int, answered bool) {
	switch {
	case o.version:
		fmt.Fprintln(c.stdout, "buildspec-lint", versionString())
	case o.listRules:
		listRules(c.stdout, c.rules)
	case o.listImages:
		names := append([]string(nil), builtinImages()...)
		sort.Strings(names)
		for _, n := range names {
			fmt.Fprintln(c.stdout, n)
		}
	case o.explain != "":
		r := c.rules.Lookup(o.explain)
		if r == nil {
			return exitCodeOf(c.usageError("--explain: unknown rule %s%s", o.explain, didYouMean(o.explain, c.rules))), true
		}
		fmt.Fprint(c.stdout, r.ExplainText())
	default:
		return 0, false
	}
	return exitOK, true
}

// runSettings are the flags of a lint run, checked, and the working directory.
type runSettings struct {
	failLevel finding.Severity
	color     bool
	cwd       string
	stdinPath string // the path standard input stands for
}

// checkSettings checks the flags of a lint run and the paths against each other.
func (c *cli) checkSettings(o *options, paths []string) (*runSettings, error) {
	s := &runSettings{stdinPath: stdinName}
	var err error
	if s.failLevel, err = finding.ParseSeverity(o.failLevel); err != nil {
		return nil, c.usageError("--fail-level: %v", err)
	}
	if !slices.Contains(format.Names(), o.format) {
		return nil, c.usageError("--format: unknown format %q (want one of %s)", o.format, strings.Join(format.Names(), ", "))
	}
	if s.color, err = useColor(o.color, c.stdout); err != nil {
		return nil, c.usageError("--color: %v", err)
	}
	if o.jobs < 0 {
		return nil, c.usageError("-j: want a number of files >= 0, not %d", o.jobs)
	}
	var named []string
	for _, f := range []struct{ name, value string }{{"--image", o.image}, {"--image-ref", o.imageRef}, {"--dockerfile", o.dockerfile}} {
		if f.value != "" {
			named = append(named, f.name)
		}
	}
	if len(named) > 1 {
		both := "both"
		if len(named) > 2 {
			both = "all"
		}
		return nil, c.usageError("%s and %s %s name the build image: give one", strings.Join(named[:len(named)-1], ", "), named[len(named)-1], both)
	}
	if o.platform != "" {
		if err := config.CheckPlatform(o.platform); err != nil {
			return nil, c.usageError("--platform: %v", err)
		}
	}
	if o.imageRef != "" {
		if _, err := config.ImageRef(o.imageRef, ""); err != nil {
			return nil, c.usageError("--image-ref: %v", err)
		}
	}
	nStdin := 0
	for _, p := range paths {
		if p == "-" {
			nStdin++
		}
	}
	if nStdin > 1 {
		return nil, c.usageError("- (standard input) given %d times", nStdin)
	}
	if o.stdinFilename != "" && nStdin == 0 {
		return nil, c.usageError("--stdin-filename needs - among the paths")
	}
	if o.stdinFilename != "" {
		s.stdinPath = o.stdinFilename
	}
	if s.cwd, err = os.Getwd(); err != nil {
		return nil, c.usageError("%v", err)
	}
	return s, nil
}

// loadConfiguration loads the --config file (the configurations found by walking up from each
// file are loaded as discovery meets them) and reads the image the command line imposes
// (--image, --dockerfile, --tools).
func (c *cli) loadConfiguration(o *options, cwd string) (*configs, imageChoice, error) {
	cfgs := &configs{cwd: cwd, opts: config.Options{Rules: c.rules.Infos(), BuiltinImages: builtinImages()}}
	if o.config != "" {
		cfg, err := config.Load(o.config, cfgs.opts)
		if err != nil {
			printConfigErr(c.stderr, err)
			return nil, imageChoice{}, exitError(exitUsage)
		}
		cfgs.explicit = cfg
	}
	var img imageChoice
	for _, t := range strings.Split(o.tools, ",") {
		if t = strings.TrimSpace(t); t != "" {
			img.tools = append(img.tools, t)
		}
	}
	img.image, img.dockerfile, img.ref, img.platform, img.offline = o.image, o.dockerfile, o.imageRef, o.platform, o.offline
	if o.dockerfile != "" {
		if st, err := os.Stat(o.dockerfile); err != nil || st.IsDir() {
			return nil, imageChoice{}, c.usageError("--dockerfile: %s is not a readable file", o.dockerfile)
		}
	}
	return cfgs, img, nil
}

// discovered is what the command line's paths stand for: the inputs to lint, and the input
// errors met on the way.
type discovered struct {
	col          *collected
	inputs       []lint.Input
	errs         []*lint.InputError
	configFailed bool // a configuration met had errors
}

// discoverInputs turns the paths into inputs (collect) and prints the errors of the
// configurations found on the way. The files under a configuration with errors are not linted
// (their rules, image and limits are unknown); every other file still is, and the run exits 2.
func (c *cli) discoverInputs(paths []string, cfgs *configs, o *options, s *runSettings) *discovered {
	col := collect(paths, cfgs, c.readStdin(s.stdinPath, cfgs), o.skipOther)
	d := &discovered{col: col, inputs: col.inputs, errs: col.errs, configFailed: len(cfgs.errs) > 0}
	if !d.configFailed {
		return d
	}
	for _, e := range cfgs.errs {
		printConfigErr(c.stderr, e)
	}
	kept := d.inputs[:0]
	for _, in := range d.inputs {
		if cp := cfgs.failedFor(in.Path); cp != "" {
			d.errs = append(d.errs, &lint.InputError{Path: in.Path, Err: fmt.Errorf("not linted: its configuration %s has errors", cp)})
			continue
		}
		kept = append(kept, in)
	}
	d.inputs = kept
	return d
}

// readStdin returns the reader of standard input as the input at path, within the
// --config file's limits.max-file-size.
func (c *cli) readStdin(path string, cfgs *configs) func() (lint.Input, error) {
	return func() (lint.Input, error) {
		c.stdinNamed = true
		max := int64(lint.DefaultMaxFileSize)
		if cfgs.explicit != nil && cfgs.explicit.MaxFileSize > 0 {
			max = cfgs.explicit.MaxFileSize
		}
		data, err := io.ReadAll(io.LimitReader(c.stdin, max+1))
		if err != nil {
			return lint.Input{Path: path}, err
		}
		if int64(len(data)) > max {
			return lint.Input{Path: path}, fmt.Errorf("standard input is over the limit of %d bytes (raise limits.max-file-size in the --config file)", max)
		}
		if data == nil {
			data = []byte{}
		}
		c.stdinRead = &lint.Input{Path: path, Data: data}
		return *c.stdinRead, nil
	}
}

// checkImageName checks that --image names a built-in image or an image of a configuration; it
// runs after discovery, which loads the configurations.
func (c *cli) checkImageName(o *options, cfgs *configs) error {
	if o.image == "" || knownImage(o.image, cfgs.all()) {
		return nil
	}
	var cfg *config.Config // name the configuration's images when there is one configuration
	if loaded := cfgs.all(); len(loaded) == 1 {
		cfg = loaded[0]
	}
	return c.usageError("--image: unknown image %s%s", o.image, imageAdvice(o.image, cfg))
}

// linted is the lint phase's result and what it noted on the way.
type linted struct {
	res     *lint.Result
	linter  *lint.Linter // the linter that ran, to lint a file again (fix.go)
	notes   *imageNotes  // each file's image, for --verbose (nil without it)
	noImage int          // files that install tools or use Docker without a known build image
	// isBuildspec reports whether a file was linted as a buildspec (not as a workflow).
	isBuildspec func(path string) bool
	// bindings are the buildspecs that CodeBuild projects run, with their images.
	bindings *bindings
	// reads are the images read by reference; notices what is said of them on stderr.
	reads   *imageReads
	notices []string
}

// lint lints the inputs, each file with the rules and image of its configuration (settings),
// and applies the fixes of each file (in memory) when fix is set.
func (c *cli) lint(d *discovered, cfgs *configs, img imageChoice, o *options, fix bool) *linted {
	l := &lint.Linter{Rules: c.rules, Jobs: o.jobs, ApplyFixes: fix}
	var notes *imageNotes
	if o.verbose {
		notes = &imageNotes{}
	}
	reads := &imageReads{opt: imageread.Options{CacheDir: cacheDir(), Offline: img.offline}}
	m := &settingsMaker{cfgs: cfgs, cli: img, invs: &inventories{reads: reads, platform: img.platform}, notes: notes}
	b := bindProjects(d, cfgs, m, c.rules)
	callers := findCallers(d.col, d.inputs, cfgs)
	l.Settings = func(path string) (*lint.FileSettings, error) {
		if fs := b.settings[path]; fs != nil {
			return fs, nil // a bound file linted again (--fix): its first project's image
		}
		fs, _, err := m.forFile(path, nil)
		if err == nil && fs != nil {
			fs.Callers = callers[filepath.Clean(path)]
		}
		return fs, err
	}
	d.errs = append(d.errs, b.errs...)
	noImage := imageless{kinds: o.verbose}
	l.Observe = noImage.observe
	// A file that projects with different images run is linted once per image, each variant in
	// a run of its own, and never fixed: a fix right for one image may be wrong for another.
	var single, multi []lint.Input
	for _, in := range d.inputs {
		if in.Embed == nil && b.variants[in.Path] != nil {
			multi = append(multi, in)
		} else {
			single = append(single, in)
		}
	}
	res := l.Run(single)
	var variants []*lint.Result
	if len(multi) > 0 {
		noFix := *l
		noFix.ApplyFixes = false
		variants = append(variants, noFix.Run(multi))
		noFix.Observe = nil
		for _, ins := range b.extra {
			variants = append(variants, noFix.Run(ins))
		}
	}
	b.mergeVariants(res, variants, fix)
	res.Errors = append(res.Errors, m.runnerErrs...)
	if len(b.findings) > 0 {
		res.Findings = append(res.Findings, b.findings...)
		finding.Sort(res.Findings)
	}
	sort.Strings(m.notices)
	return &linted{res: res, linter: l, notes: notes, noImage: int(noImage.n.Load()), bindings: b, isBuildspec: noImage.isBuildspec,
		reads: reads, notices: m.notices}
}

// problems are what decides the exit code besides the findings.
type problems struct {
	inputs   bool // an input was not linted, or a configuration has errors (exit 2)
	internal bool // buildspec-lint failed on an input (exit 3)
}

// reportRun prints the run's input errors, sorted by path (after the --verbose listing), and
// returns the report for the output phase, with the notice about files without a build image
// (also printed), and the problems that decide the exit code.
func (c *cli) reportRun(d *discovered, l *linted, o *options) (*format.Report, problems) {
	res := l.res
	res.Errors = append(append(d.errs, res.Errors...), d.col.onlyOtherFormats(res.Skipped)...)
	failed := len(res.Errors)
	sort.SliceStable(res.Errors, func(i, j int) bool { return res.Errors[i].Path < res.Errors[j].Path })
	if o.verbose {
		printVerbose(c.stderr, d.col, d.inputs, res, l.notes, l.bindings, o.skipOther, l.isBuildspec)
		for _, line := range l.reads.verbose() {
			fmt.Fprintln(c.stderr, "buildspec-lint: "+format.LogText(line))
		}
	} else {
		printNamedWorkflowsOff(c.stderr, d.inputs, res.Skipped)
	}
	for _, n := range l.notices {
		fmt.Fprintln(c.stderr, "buildspec-lint: "+format.LogText(n))
	}
	probs := problems{inputs: len(res.Errors) > 0 || d.configFailed}
	for _, e := range res.Errors {
		printErr(c.stderr, "buildspec-lint: ", e)
		var ie *lint.InternalError
		if errors.As(e.Err, &ie) {
			probs.internal = true
		}
	}
	rep := &format.Report{Findings: res.Findings, Rules: c.rules.Infos(), Files: res.Files, Failed: failed, Version: version}
	if note := noImageNotice(l.noImage); note != "" {
		fmt.Fprint(c.stderr, note)
		rep.Notes = append(rep.Notes, note)
	}
	return rep, probs
}

// filterNewFromRev keeps, with --new-from-rev, only the findings on lines changed since the
// revision (diffrev), and counts the others in the report as left out.
func (c *cli) filterNewFromRev(rep *format.Report, o *options) error {
	if o.newFromRev == "" {
		return nil
	}
	kept, err := diffrev.Filter(rep.Findings, o.newFromRev, false, c.stderr)
	if err != nil {
		return c.usageError("%s", err.Error())
	}
	rep.Unchanged += len(rep.Findings) - len(kept)
	rep.Findings = kept
	return nil
}

// output writes the report in the chosen format to w, and what the GitHub Action reads besides
// (ghactions: the SARIF file, the GitHub Actions mode), and returns the findings it kept: with
// --only-changed, only those on lines the pull request changes. --new-from-rev, which has
// filtered already, takes precedence over --only-changed.
func (c *cli) output(w io.Writer, rep *format.Report, o *options, s *runSettings) ([]*finding.Finding, error) {
	gh := &ghactions.Options{OnlyChanged: o.onlyChanged && o.newFromRev == "", SARIFFile: o.sarifFile}
	gh.FixSuggestions = o.fixSuggest
	opts := format.Options{Snippet: !o.noSnippet, Color: s.color && w == c.stdout, Root: repoRoot(s.cwd)}
	kept, err := gh.Output(w, c.stderr, o.format, rep, opts, s.failLevel)
	if err != nil {
		return nil, c.usageError("%s", err.Error())
	}
	return kept, nil
}

// exitCode is the run's exit code: 1 when a finding kept reaches the fail level, 2 (over 1) when
// an input was not linted or a configuration has errors, 3 (over both) on an internal error.
func (p problems) exitCode(kept []*finding.Finding, failLevel finding.Severity) int {
	code := exitOK
	for _, f := range kept {
		if failLevel != finding.SeverityNone && f.Severity >= failLevel {
			code = exitFindings
		}
	}
	if p.inputs {
		code = exitUsage
	}
	if p.internal {
		code = exitInternal
	}
	return code
}

// printNamedWorkflowsOff says, on stderr, which workflows named on the command line were not
// linted because the configuration says workflows: false (--verbose says it with the rest).
func printNamedWorkflowsOff(w io.Writer, inputs []lint.Input, skipped []lint.Skipped) {
	named := map[string]bool{}
	for _, in := range inputs {
		if !in.Discovered {
			named[in.Path] = true
		}
	}
	for _, s := range skipped {
		if named[s.Path] && strings.Contains(s.Format, "workflows: false") {
			fmt.Fprintf(w, "buildspec-lint: %s: skipped: %s\n", format.LogText(s.Path), format.LogText(s.Format))
		}
	}
}

// printVerbose lists, for --verbose, the directories discovery did not enter, the files it
// skipped as another format, and each file linted with its build image.
func printVerbose(w io.Writer, col *collected, inputs []lint.Input, res *lint.Result, notes *imageNotes, b *bindings, skipOther bool, isBuildspec func(string) bool) {
	howToLint := "name it on the command line to lint it"
	if skipOther {
		howToLint = "without --skip-other-formats it is linted"
	}
	var lines []string
	for _, d := range col.notSearched {
		lines = append(lines, fmt.Sprintf("%s: not searched: workflows: false in the configuration", format.LogText(d)))
	}
	skipped := map[string]string{}
	for _, s := range res.Skipped {
		skipped[s.Path] = s.Format
	}
	failed := map[string]bool{}
	for _, e := range res.Errors {
		failed[e.Path] = true
	}
	if b != nil {
		lines = append(lines, b.verbose...)
	}
	for _, in := range inputs {
		switch {
		case b != nil && b.bound[in.Path]:
			// listed with its binding
		case strings.Contains(skipped[in.Path], "workflows: false"):
			lines = append(lines, fmt.Sprintf("%s: skipped: %s", format.LogText(in.Path), skipped[in.Path]))
		case skipped[in.Path] != "":
			lines = append(lines, fmt.Sprintf("%s: skipped: %s, not a buildspec (%s)", format.LogText(in.Path), skipped[in.Path], howToLint))
		case failed[in.Path]:
		case in.Kind == lint.KindWorkflow || in.Kind == lint.KindComposite || in.Kind == lint.KindAuto && isBuildspec != nil && !isBuildspec(in.Path):
			kind := lint.KindWorkflow
			if in.Kind == lint.KindComposite || in.Kind == lint.KindAuto && lint.IsActionName(in.Path) {
				kind = lint.KindComposite
			}
			lines = append(lines, fmt.Sprintf("%s: linted as a GitHub Actions %s, each job with its runner's or its container's image", format.LogText(in.Path), kind))
		default:
			lines = append(lines, fmt.Sprintf("%s: linted with %s", format.LogText(in.Path), format.LogText(notes.get(in.Path))))
		}
	}
	sort.Strings(lines)
	for _, l := range lines {
		fmt.Fprintln(w, "buildspec-lint: "+l)
	}
}

// useColor decides whether the text format is coloured.
func useColor(mode string, stdout io.Writer) (bool, error) {
	switch mode {
	case "always":
		return true, nil
	case "never":
		return false, nil
	case "auto", "":
		if os.Getenv("NO_COLOR") != "" {
			return false, nil
		}
		f, ok := stdout.(*os.File)
		return ok && isTerminal(f), nil
	}
	return false, fmt.Errorf("want auto, always or never, not %q", mode)
}

func versionString() string {
	if version != "dev" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return version
}

func listRules(w io.Writer, rs lint.RuleSet) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, r := range rs {
		sev := r.Severity.String()
		if r.Off {
			sev = "off by default"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.ID, r.Name, sev, r.Doc.Title)
	}
	tw.Flush()
}

func didYouMean(s string, rs lint.RuleSet) string {
	var names []string
	for _, r := range rs {
		names = append(names, r.ID, r.Name)
	}
	if c := suggest.Closest(s, names); c != "" {
		return ": did you mean " + c + "?"
	}
	return " (buildspec-lint --list-rules lists them)"
}

// knownImage reports whether --image names a built-in image or an image of a configuration.
func knownImage(name string, cfgs []*config.Config) bool {
	if slices.Contains(builtinImages(), name) {
		return true
	}
	for _, c := range cfgs {
		if _, ok := c.Images[name]; ok {
			return true
		}
	}
	return false
}

// repoRoot returns the repository root above dir (the nearest directory holding .git), which
// SARIF and GitHub annotation paths are relative to, or "" when dir is in no repository.
func repoRoot(dir string) string {
	for d := dir; d != ""; {
		if _, err := os.Lstat(filepath.Join(d, ".git")); err == nil {
			return d
		}
		parent := filepath.Dir(d)
		if parent == d {
			return ""
		}
		d = parent
	}
	return ""
}

// printConfigErr prints a configuration's errors: those with a position as file:line:col:
// message, like a compiler's, and those without one (a configuration that cannot be read) as
// input errors, after the buildspec-lint: prefix.
func printConfigErr(w io.Writer, err error) {
	var errs config.Errors
	if !errors.As(err, &errs) {
		printErr(w, "buildspec-lint: ", err)
		return
	}
	for _, e := range errs {
		prefix := ""
		if e.Line <= 0 {
			prefix = "buildspec-lint: "
		}
		printErr(w, prefix, e)
	}
}
