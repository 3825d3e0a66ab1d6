package main

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/buildspec-lint/buildspec-lint/internal/ghactions"
	"github.com/buildspec-lint/buildspec-lint/internal/suggest"
	"github.com/buildspec-lint/buildspec-lint/lint/format"
)

// options are the command line's flags.
type options struct {
	format        string
	noSnippet     bool
	color         string
	failLevel     string
	config        string
	listRules     bool
	explain       string
	version       bool
	jobs          int
	stdinFilename string
	tools         string
	image         string
	dockerfile    string
	imageRef      string // read the image itself (imageread)
	platform      string
	offline       bool
	verbose       bool
	listImages    bool
	skipOther     bool
	newFromRev    string // filtered by the CLI (diffrev); wins over onlyChanged
	onlyChanged   bool   // filtered by ghactions, from the workflow event
	sarifFile     string
	fix           bool // apply the fixes in place (fix.go)
	diff          bool // print the fixes as a unified diff (fix.go)
	fixSuggest    bool // posted by ghactions on the event's pull request
}

const usage = `usage: buildspec-lint [flags] [path|dir|-]...

Lints AWS CodeBuild buildspec files.

A file named on the command line is linted as a buildspec (as a workflow when it is one), and -
reads standard input. A directory (the current one when no path is given) is searched for
buildspec*.yml, buildspec*.yaml and the configuration's discover: globs, without entering .git,
node_modules and vendor, and for GitHub Actions workflows (.github/workflows/*.yml) and
composite actions (action.yml), linted as workflows, each job with its runner's or container's
image (workflows: false turns them off; runners: binds labels to images). A file found this way
is skipped when its YAML top level is clearly another format: a CloudFormation template, a
Kubernetes manifest (apiVersion and kind), a Docker Compose file (services), a Dependabot
configuration, an Ansible playbook or other list, or any mapping with none of version, phases
and batch (the README has the details).

Templates and .tf files that define CodeBuild projects (CloudFormation, SAM, CDK's cdk.out,
Terraform), found by the search or named, are read too: each buildspec a project runs is linted
with the project's image, compute and privileged mode, an inline one in place in the template.
--image, --image-ref, --dockerfile, an image= comment and the configuration's image win over the
project's. A project's image that is a registry reference is read itself when it can be (else it
is a custom image of unknown contents, with a notice).
--verbose lists the skipped files, each linted file's image and the project it comes from.
Flags may come before or after the paths, and -- ends them.

Exit codes: 0 clean, 1 findings at or above --fail-level, 2 usage, configuration or input
error, 3 internal error. With --fix, the findings left after the fixes count; with --diff, the
findings as they stand.

Flags:
`

// newFlags defines the command line's flags into o. The flag package prints nothing: run
// prints --help to stdout and a parse error as one line (printHelp, flagError).
func newFlags(o *options) *flag.FlagSet {
	fl := flag.NewFlagSet("buildspec-lint", flag.ContinueOnError)
	fl.SetOutput(io.Discard)
	fl.Usage = func() {}
	fl.StringVar(&o.format, "format", format.Default, "output format: "+strings.Join(format.Names(), ", "))
	fl.BoolVar(&o.noSnippet, "no-snippet", false, "text format: do not show the source line under each finding")
	fl.StringVar(&o.color, "color", "auto", "colour the text format: auto (when stdout is a terminal and NO_COLOR is unset), always or never")
	fl.StringVar(&o.failLevel, "fail-level", "warning", "lowest severity that fails the run (exit 1): error, warning, notice or none")
	fl.StringVar(&o.config, "config", "", "configuration file (default: .buildspec-lint.yaml found by walking up from each file to the repository root)")
	fl.BoolVar(&o.listRules, "list-rules", false, "list the rules and exit")
	fl.StringVar(&o.explain, "explain", "", "print the documentation of a rule (ID or name) and exit")
	fl.BoolVar(&o.version, "version", false, "print the version and exit")
	fl.IntVar(&o.jobs, "j", 0, "files linted at once (0: all CPUs)")
	fl.StringVar(&o.stdinFilename, "stdin-filename", "", "the path that standard input (-) stands for, in output and for the configuration")
	fl.StringVar(&o.tools, "tools", "", "comma-separated tools of the build image (added to the image when one is configured)")
	fl.StringVar(&o.image, "image", "", "build image of every file: a configuration image or a built-in one (e.g. aws/codebuild/standard:7.0)")
	fl.StringVar(&o.dockerfile, "dockerfile", "", "Dockerfile of the build image of every file")
	fl.StringVar(&o.imageRef, "image-ref", "", "build image of every file, read itself: a registry reference, oci:PATH (an OCI image layout) or docker-archive:PATH (a docker save tarball)")
	fl.StringVar(&o.platform, "platform", "", "platform read from a multi-platform image named by reference that names none (--image-ref; a configuration image's platform: and an ARM project's linux/arm64 come first) (default linux/amd64)")
	fl.BoolVar(&o.offline, "offline", false, "read the images named by reference from the image cache only, never from a registry")
	fl.BoolVar(&o.verbose, "verbose", false, "also list on stderr each file linted with its build image (and the CodeBuild project it comes from), and each file or directory discovery skipped")
	fl.BoolVar(&o.listImages, "list-images", false, "list the built-in image names (for --image and images.NAME.image) and exit")
	fl.BoolVar(&o.skipOther, "skip-other-formats", false, "skip the files named on the command line whose YAML is clearly another format, as discovery does (the pre-commit hooks pass it)")
	fl.StringVar(&o.newFromRev, "new-from-rev", "", "report only findings on lines changed since this git revision (e.g. origin/main), uncommitted changes included")
	fl.BoolVar(&o.onlyChanged, "only-changed", false, "in a GitHub pull request workflow, report only findings on lines the pull request changes")
	fl.StringVar(&o.sarifFile, "sarif-file", "", "also write the findings as SARIF to this file")
	fl.BoolVar(&o.fix, "fix", false, "apply the fixes in place and report what is left (with -, write the fixed text to stdout and the report to stderr)")
	fl.BoolVar(&o.diff, "diff", false, "print the fixes as a unified diff (git apply reads it) and the report on stderr; change nothing")
	fl.BoolVar(&o.fixSuggest, "fix-suggestions", false, "in a GitHub pull request workflow (--format github), post each verified fix as a review suggestion (token in "+ghactions.TokenEnv+")")
	return fl
}

// flagArgs are the value names --help shows (as the README's flag table does).
var flagArgs = map[string]string{
	"format": "F", "color": "auto|always|never", "fail-level": "L", "config": "FILE", "tools": "a,b",
	"image": "NAME", "dockerfile": "PATH", "image-ref": "REF", "platform": "OS/ARCH", "stdin-filename": "PATH", "j": "N", "explain": "ID|name",
	"sarif-file": "PATH", "new-from-rev": "REV",
}

// dashed writes a flag name as the README does: -j, --format.
func dashed(name string) string {
	if len(name) == 1 {
		return "-" + name
	}
	return "--" + name
}

// printHelp writes the usage and every flag, sorted, as --flag ARG and its meaning.
func printHelp(w io.Writer, fl *flag.FlagSet) {
	var b strings.Builder
	b.WriteString(usage)
	fl.VisitAll(func(f *flag.Flag) {
		head := "  " + dashed(f.Name)
		if arg := flagArgs[f.Name]; arg != "" {
			head += " " + arg
		} else if name, _ := flag.UnquoteUsage(f); name != "" {
			head += " " + strings.ToUpper(name)
		}
		text := f.Usage
		if d := f.DefValue; d != "" && d != "0" && d != "false" {
			text += " (default " + d + ")"
		}
		fmt.Fprintf(&b, "%s\n      %s\n", head, text)
	})
	b.WriteString("  --help, -h\n      print this help and exit\n")
	io.WriteString(w, b.String())
}

// flagError rewrites an error of the flag package as one line: flags named as --help shows
// them, and a did-you-mean for an unknown flag.
func flagError(err error, fl *flag.FlagSet) string {
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: -"); ok {
		var names []string
		fl.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
		names = append(names, "help")
		msg = "unknown flag " + dashed(name)
		// A one- or two-letter name is near every short flag: only its other case is a guess.
		if c := suggest.Closest(name, names); c != "" && (len(name) > 2 || strings.EqualFold(c, name)) {
			msg += ": did you mean " + dashed(c) + "?"
		}
		return msg
	}
	fl.VisitAll(func(f *flag.Flag) {
		for _, form := range []string{"flag -" + f.Name, "for -" + f.Name, "argument: -" + f.Name} {
			if strings.HasSuffix(msg, form) || strings.Contains(msg, form+":") {
				msg = strings.Replace(msg, form, strings.TrimSuffix(form, "-"+f.Name)+dashed(f.Name), 1)
			}
		}
	})
	return msg
}

// parseInterspersed parses flags that may come before or after the paths; "--" ends the flags.
// std flag stops at the first non-flag argument, so it is run again on what follows each path.
func parseInterspersed(fl *flag.FlagSet, args []string) ([]string, error) {
	var paths []string
	for {
		if err := fl.Parse(args); err != nil {
			return nil, err
		}
		rest := fl.Args()
		if used := len(args) - len(rest); used > 0 && args[used-1] == "--" {
			return append(paths, rest...), nil // flag stopped at "--" and dropped it
		}
		args = rest
		i := 0
		for ; i < len(args); i++ {
			a := args[i]
			if a == "--" {
				return append(paths, args[i+1:]...), nil
			}
			if strings.HasPrefix(a, "-") && a != "-" {
				break
			}
			paths = append(paths, a)
		}
		if i == len(args) {
			return paths, nil
		}
		args = args[i:]
	}
}
