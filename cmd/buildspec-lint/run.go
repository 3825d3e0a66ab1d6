package main

import (
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/format"
	"github.com/buildspec-lint/buildspec-lint/rules"
)

// Exit codes (README, "Exit codes").
const (
	exitOK       = 0
	exitFindings = 1
	exitUsage    = 2
	exitInternal = 3
)

// version is set by the release build (-ldflags "-X main.version=...").
var version = "dev"

type options struct {
	format    string
	failLevel string
	tools     string
	jobs      int
}

// run is the whole CLI; main only exits with its result.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) (code int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "buildspec-lint: internal error: %v\n", r)
			code = exitInternal
		}
	}()
	var o options
	fl := flag.NewFlagSet("buildspec-lint", flag.ContinueOnError)
	fl.SetOutput(stderr)
	fl.StringVar(&o.format, "format", "text", "output format: "+strings.Join(format.Names(), ", "))
	fl.StringVar(&o.failLevel, "fail-level", "warning", "lowest severity that fails the run: error, warning, notice or none")
	fl.StringVar(&o.tools, "tools", "", "comma-separated tools of the build image")
	fl.IntVar(&o.jobs, "j", 0, "files linted at once (0: all CPUs)")
	paths, err := parseInterspersed(fl, args)
	if err != nil {
		return exitUsage
	}
	failLevel, err := lint.ParseSeverity(o.failLevel)
	if err != nil {
		fmt.Fprintln(stderr, "buildspec-lint: --fail-level:", err)
		return exitUsage
	}
	var inv *lint.Inventory
	if o.tools != "" {
		inv = &lint.Inventory{Tools: map[string]*lint.Tool{}}
		for _, t := range strings.Split(o.tools, ",") {
			if t = strings.TrimSpace(t); t != "" {
				inv.Tools[t] = &lint.Tool{Name: t, Origin: "--tools"}
			}
		}
	}
	inputs, inErrs := collect(paths)
	l := &lint.Linter{Rules: rules.All(), Jobs: o.jobs, Settings: func(string) (*lint.FileSettings, error) {
		return &lint.FileSettings{Image: inv}, nil
	}}
	res := l.Run(inputs)
	res.Errors = append(inErrs, res.Errors...)
	for _, e := range res.Errors {
		fmt.Fprintln(stderr, e.Error())
	}
	rep := &format.Report{Findings: res.Findings, Rules: l.Rules, Files: res.Files, Version: version}
	if err := format.Write(stdout, o.format, rep, format.Options{}); err != nil {
		fmt.Fprintln(stderr, "buildspec-lint:", err)
		return exitUsage
	}
	code = exitOK
	for _, f := range res.Findings {
		if failLevel != lint.SeverityNone && f.Severity >= failLevel {
			code = exitFindings
		}
	}
	if len(res.Errors) > 0 {
		code = exitUsage
	}
	return code
}

// parseInterspersed parses flags that may come before or after the paths; "--" ends the flags.
func parseInterspersed(fl *flag.FlagSet, args []string) ([]string, error) {
	var paths []string
	for {
		if err := fl.Parse(args); err != nil {
			return nil, err
		}
		args = fl.Args()
		if len(args) == 0 {
			return paths, nil
		}
		// flag stops at the first non-flag, or after "--".
		consumed := len(args)
		for i, a := range args {
			if a == "--" {
				paths = append(paths, args[i+1:]...)
				return paths, nil
			}
			if strings.HasPrefix(a, "-") && a != "-" {
				consumed = i
				break
			}
			paths = append(paths, a)
		}
		if consumed == len(args) {
			return paths, nil
		}
		args = args[consumed:]
	}
}

// skipDirs are never searched during discovery.
var skipDirs = map[string]bool{".git": true, "node_modules": true, "vendor": true}

// collect turns the paths into inputs: files as given, directories searched for buildspecs.
func collect(paths []string) ([]lint.Input, []*lint.InputError) {
	if len(paths) == 0 {
		paths = []string{"."}
	}
	var inputs []lint.Input
	var errs []*lint.InputError
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil || !st.IsDir() {
			inputs = append(inputs, lint.Input{Path: p})
			continue
		}
		n := 0
		filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				errs = append(errs, &lint.InputError{Path: path, Err: err})
				return nil
			}
			if d.IsDir() {
				if skipDirs[d.Name()] && path != p {
					return filepath.SkipDir
				}
				return nil
			}
			name := d.Name()
			if strings.HasPrefix(name, "buildspec") && (strings.HasSuffix(name, ".yml") || strings.HasSuffix(name, ".yaml")) {
				inputs = append(inputs, lint.Input{Path: path})
				n++
			}
			return nil
		})
		if n == 0 {
			errs = append(errs, &lint.InputError{Path: p, Err: fmt.Errorf("no buildspec files found (buildspec*.yml, buildspec*.yaml)")})
		}
	}
	return inputs, errs
}
