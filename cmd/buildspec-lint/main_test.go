package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/finding"
	"github.com/buildspec-lint/buildspec-lint/rules"
)

// crashRule panics on every file: buildspec-lint-crash runs with it to pin exit code 3.
var crashRule = &lint.Rule{Rule: finding.Rule{ID: "BSL999", Name: "crash", Severity: finding.SeverityError},
	Check: func(*lint.Pass) { panic("crash rule") }}

func TestMain(m *testing.M) {
	// No test reaches a registry on the network or the machine's Docker credentials and image
	// cache: requests go through a proxy on a closed port (loopback registries, which the
	// tests serve, are never proxied), with an empty Docker configuration and cache.
	// A script's commands run this binary again, with the script's own environment (Setup).
	if os.Getenv(isolatedEnv) == "" {
		tmp, err := os.MkdirTemp("", "buildspec-lint-test")
		if err != nil {
			panic(err)
		}
		for k, v := range noNetworkEnv(tmp) {
			os.Setenv(k, v)
		}
	}
	testscript.Main(m, map[string]func(){
		"buildspec-lint": func() {
			limitMemory()
			os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
		},
		"buildspec-lint-fakefix": func() {
			// The real rules and the fake ones of fix_test.go, whose fixes are refused, overlap
			// or depend on each other whatever the real rules' fixes become.
			ruleSet = func() lint.RuleSet { return append(rules.All(), fakeFixRules...) }
			os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
		},
		"buildspec-lint-crash": func() {
			ruleSet = func() lint.RuleSet { return append(rules.All(), crashRule) }
			os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
		},
	})
}

var update = flag.Bool("update", false, "rewrite the cmp files of the CLI scripts (review the diff)")

// TestScripts runs the CLI scenarios in testdata/script/*.txtar. Each work directory holds a
// .git, so that configuration look-ups stop there and never see the machine's own files.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 filepath.Join("testdata", "script"),
		RequireExplicitExec: true,
		Cmds:                map[string]func(*testscript.TestScript, bool, []string){"mkimage": cmdMkimage, "subst": cmdSubst},
		UpdateScripts:       *update,
		Condition: func(cond string) (bool, error) {
			if cond == "root" { // root reads files whatever their mode
				return os.Geteuid() == 0, nil
			}
			return false, fmt.Errorf("unknown condition %q", cond)
		},
		Setup: func(env *testscript.Env) error {
			env.Setenv("NO_COLOR", "")
			for k, v := range noNetworkEnv(env.WorkDir) {
				env.Setenv(k, v)
			}
			return os.MkdirAll(filepath.Join(env.WorkDir, ".git"), 0o755)
		},
	})
}

func TestParseInterspersed(t *testing.T) {
	tests := []struct {
		args  []string
		paths []string
		json  bool
	}{
		{[]string{"a.yml", "--format", "json", "b.yml"}, []string{"a.yml", "b.yml"}, true},
		{[]string{"--format=json", "--", "-odd.yml", "--format"}, []string{"-odd.yml", "--format"}, true},
		{[]string{"a.yml", "--", "--format"}, []string{"a.yml", "--format"}, false},
		{[]string{"-", "--format", "json"}, []string{"-"}, true},
		{nil, nil, false},
	}
	for _, tt := range tests {
		var o options
		fl := newFlags(&o)
		paths, err := parseInterspersed(fl, tt.args)
		if err != nil {
			t.Fatalf("%q: %v", tt.args, err)
		}
		if len(paths) != len(tt.paths) || (o.format == "json") != tt.json {
			t.Errorf("%q: paths %q format %q, want %q json=%v", tt.args, paths, o.format, tt.paths, tt.json)
			continue
		}
		for i := range paths {
			if paths[i] != tt.paths[i] {
				t.Errorf("%q: paths %q, want %q", tt.args, paths, tt.paths)
			}
		}
	}
}

// noNetworkEnv is the environment that keeps a run from the network and the machine's own
// Docker credentials and caches: a proxy on a closed port for every registry but the loopback
// ones (which net/http never proxies), and a Docker configuration and cache under dir.
func noNetworkEnv(dir string) map[string]string {
	return map[string]string{
		isolatedEnv:      "1",
		"HTTPS_PROXY":    "http://127.0.0.1:9",
		"HTTP_PROXY":     "http://127.0.0.1:9",
		"NO_PROXY":       "",
		"DOCKER_CONFIG":  filepath.Join(dir, ".docker"),
		"XDG_CACHE_HOME": filepath.Join(dir, ".cache"),
	}
}

// isolatedEnv is set in an environment that noNetworkEnv made.
const isolatedEnv = "BUILDSPEC_LINT_TEST_ISOLATED"
