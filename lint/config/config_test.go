package config

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"sort"
	"strings"
	"testing"

	"github.com/buildspec-lint/buildspec-lint/lint/finding"
	"github.com/buildspec-lint/buildspec-lint/lint/image"
	"github.com/buildspec-lint/buildspec-lint/lint/linttest"
)

var configRules = finding.Rules{
	{ID: "BSL101", Name: "redundant-install", Severity: finding.SeverityWarning},
	{ID: "BSL102", Name: "per-run-install", Severity: finding.SeverityNotice},
	{ID: "BSL203", Name: "dockerd-no-wait", Severity: finding.SeverityWarning},
}

func parseTestConfig(t *testing.T, dir, text string) (*Config, error) {
	t.Helper()
	return Parse(filepath.Join(dir, ".buildspec-lint.yaml"), []byte(text),
		Options{Rules: configRules, BuiltinImages: []string{"aws/codebuild/standard:7.0", "docker:dind"}})
}

func TestConfigErrorsHavePositions(t *testing.T) {
	tests := []struct {
		text string
		want string // the errors after the path, one per line
	}{
		{"rule:\n  BSL101: off\n", `1:1: unknown key rule in the configuration: did you mean rules?`},
		{"rules:\n  BSL101: of\n", `2:11: rules: BSL101 must be one of off, error, warning, notice, not "of"`},
		{"rules:\n  redundant-instal: off\n", `2:3: rules: unknown rule redundant-instal: did you mean redundant-install?`},
		{"rules: [BSL101]\n", `1:8: rules must be a mapping, not a list`},
		{"exclude: ['a/[b']\n", `1:11: exclude: "a/[b" is not a valid glob (doublestar syntax: *, **, ?, [abc], {a,b})`},
		{"exclude: ['../x']\n", `1:11: exclude: "../x" must be relative to the configuration's directory`},
		{"image: ci\n", `1:8: unknown image ci: buildspec-lint --list-images lists the built-in images`},
		{"images:\n  ci: {tools: [jq]}\nbuildspecs:\n  - files: 'a/**'\n    image: cj\n", `5:12: unknown image cj: the configuration's images are ci; buildspec-lint --list-images lists the built-in images; did you mean ci?`},
		{"images:\n  ci: {dockerfile: nope/Dockerfile}\n", `2:20: images.ci.dockerfile: DIR/nope/Dockerfile not found (paths are relative to the configuration's directory)`},
		{"image: standard:7.0\n", "1:8: unknown image standard:7.0: buildspec-lint --list-images lists the built-in images; did you mean aws/codebuild/standard:7.0?"},
		{"images:\n  ci: {image: ubuntu, dockerd: sometimes}\n", "2:15: images.ci.image: unknown built-in image ubuntu: buildspec-lint --list-images lists the built-in images\n2:32: images.ci.dockerd must be auto or manual, not \"sometimes\""},
		{"images:\n  ci: {tool: [jq]}\n", `2:8: unknown key tool in images.ci: did you mean tools?`},
		{"images:\n  ci: {tools: [jq], compute: lamda}\n", `2:30: images.ci.compute must be one of ec2, lambda, reserved, not "lamda": did you mean lambda?`},
		{"images:\n  ci: {tools: [jq], docker: Server}\n", `2:29: images.ci.docker must be one of daemon, server, none, not "Server": did you mean server?`},
		{"images:\n  ci: {tools: [jq], docker: [server]}\n", `2:29: images.ci.docker must be a non-empty string, not a list`},
		{"images:\n  ci: {tools: [jq], compute: lambda, docker: server}\n", `2:46: images.ci.docker: Lambda compute does not support Docker builds or runs: set docker: none, or compute: ec2 to use Docker`},
		{"images:\n  ci: {dockerd: manual, docker: server}\n", `2:17: images.ci.dockerd: with docker: server the build runs no dockerd: remove dockerd`},
		{"images:\n  ci: {dockerd: auto, compute: lambda}\n", `2:17: images.ci.dockerd: Lambda compute runs no dockerd (it does not support Docker builds or runs): remove dockerd`},
		{"images:\n  ci: {dockr: none}\n", `2:8: unknown key dockr in images.ci: did you mean docker?`},
		{"buildspecs:\n  - files: 'a/**'\n    compute: fargate\n", `3:14: buildspecs[0].compute must be one of ec2, lambda, reserved, not "fargate"`},
		{"buildspecs:\n  - {files: 'a/**', compute: lambda, docker: daemon}\n", `2:46: buildspecs[0].docker: Lambda compute does not support Docker builds or runs: set docker: none, or compute: ec2 to use Docker`},
		{"buildspecs:\n  - {files: 'a/**', comptue: lambda}\n", `2:21: unknown key comptue in buildspecs[0]: did you mean compute?`},
		{"buildspecs:\n  - image: ci\n", "2:5: buildspecs[0] needs files: a glob of the buildspecs it applies to\n2:12: unknown image ci: buildspec-lint --list-images lists the built-in images"},
		{"limits: {max-file-size: lots}\n", `1:25: limits.max-file-size must be a size in bytes (1048576, 512KiB, 10MB), not "lots"`},
		{"limits: {max-file-size: 9223372036854775807}\n", `1:25: limits.max-file-size can be at most 64MiB (a larger buildspec would need gigabytes of memory to lint), not 9223372036854775807`},
		{"limits: {max-file-size: 8GiB}\n", `1:25: limits.max-file-size can be at most 64MiB (a larger buildspec would need gigabytes of memory to lint), not 8GiB`},
		{"limits: {max-file-size: 99999999999999999999}\n", `1:25: limits.max-file-size must be a size in bytes (1048576, 512KiB, 10MB), not "99999999999999999999"`},
		{"limits:\n  max-commands: 9223372036854775807\n  max-alias-nodes: 0\n  max-findings-per-rule: -1\n",
			"2:17: limits.max-commands must be a whole number from 1 to 1000000, not \"9223372036854775807\"\n" +
				"3:20: limits.max-alias-nodes must be a whole number from 1 to 10000000, not \"0\"\n" +
				"4:26: limits.max-findings-per-rule must be a whole number from 1 to 100000, not \"-1\""},
		{"limits: {max-commands: 99999999999999999999, max-alias-nodes: [1]}\n",
			"1:24: limits.max-commands must be a whole number from 1 to 1000000, not \"99999999999999999999\"\n" +
				"1:63: limits.max-alias-nodes must be a whole number from 1 to 10000000, not a list"},
		{"exclude: ['{a,{b,{c,{d,{e,{f,{g,{h,{i,{j,{k,l}}}}}}}}}}}']\n", `1:11: exclude: "{a,{b,{c,{d,{e,{f,{g,{h,{i,{j,{k,l}}}}}}}}}}}" nests braces 11 deep (at most 10): write several globs instead`},
		{"discover: '{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}'\n", `1:11: discover: "{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}" expands to more than 1000 alternatives through its braces, which makes matching slow: write several globs instead`},
		{"buildspecs:\n  - files: '" + strings.Repeat("a", 1025) + "'\n", `2:12: buildspecs[0].files: a glob of 1025 bytes is too long (at most 1024): shorten it or write several`},
		{"rules: {BSL101: off}\nrules: {}\n", `2:1: the configuration: key rules is set twice`},
		{"rules:\n  BSL101: off\n bad\n", `2:1: invalid YAML: did not find expected key`},
		{"- a\n", `1:1: the configuration must be a mapping, not a list`},
		{"workflows: no\n", `1:12: workflows must be true or false, not "no"`},
		{"workflows: [false]\n", `1:12: workflows must be true or false, not a list`},
		{"workflow: false\n", `1:1: unknown key workflow in the configuration: did you mean workflows?`},
		{"runners:\n  gpu: {image: standard:7.0}\n", `2:16: unknown image standard:7.0: buildspec-lint --list-images lists the built-in images; did you mean aws/codebuild/standard:7.0?`},
		{"images:\n  ci: {tools: [jq]}\nrunners:\n  gpu: {image: cj}\n", `4:16: unknown image cj: the configuration's images are ci; buildspec-lint --list-images lists the built-in images; did you mean ci?`},
		{"runners:\n  gpu: {imag: ci}\n", "2:8: runners.gpu needs image: the name of an image of images: or a built-in image\n2:9: unknown key imag in runners.gpu: did you mean image?"},
		{"runners:\n  gpu: {}\n", "2:8: runners.gpu needs image: the name of an image of images: or a built-in image"},
		{"runners:\n  gpu: docker:dind\n", `2:8: runners.gpu must be a mapping, not "docker:dind"`},
		{"runners: [gpu]\n", `1:10: runners must be a mapping, not a list`},
		{"runners:\n  gpu: {image: docker:dind}\n  GPU: {image: docker:dind}\n", `3:3: runners: GPU is the label gpu again (labels are matched without regard to case)`},
		{"runners:\n  gpu: {image: [ci]}\n", `2:16: runners.gpu.image must be a non-empty string, not a list`},
		{"images:\n  ci: {ref: 'oci:'}\n", `2:13: images.ci.ref: oci: needs a path: oci:PATH, relative to the configuration's directory`},
		{"images:\n  ci: {ref: 'docker-archive:'}\n", `2:13: images.ci.ref: docker-archive: needs a path: docker-archive:PATH, relative to the configuration's directory`},
		{"images:\n  ci: {ref: 'Registry.example/CI:1'}\n", `2:13: images.ci.ref: "Registry.example/CI:1" is not an image reference: write REGISTRY/REPOSITORY:TAG or REGISTRY/REPOSITORY@sha256:DIGEST in lower case, or oci:PATH or docker-archive:PATH for a local image`},
		{"images:\n  ci: {ref: ' alpine:3.20'}\n", `2:13: images.ci.ref: " alpine:3.20" has blanks or control characters: write the reference alone`},
		{"images:\n  ci: {ref: [alpine]}\n", `2:13: images.ci.ref must be a non-empty string, not a list`},
		{"images:\n  ci: {ref: alpine:3.20, platform: arm64}\n", `2:36: images.ci.platform: "arm64" is not a platform: write OS/ARCHITECTURE, such as linux/amd64 or linux/arm64`},
		{"images:\n  ci: {tools: [jq], platform: linux/arm64}\n", `2:31: images.ci.platform: only an image read with ref: has a platform to choose: set ref or remove platform`},
		{"images:\n  ci: {ref: alpine:3.20, image: docker:dind}\n", `2:33: images.ci: set one of dockerfile, image and ref, not both ref and image (each says on its own what the image holds)`},
		{"images:\n  ci:\n    image: docker:dind\n    ref: alpine:3.20\n    tools: [jq]\n", `4:10: images.ci: set one of dockerfile, image and ref, not both image and ref (each says on its own what the image holds)`},
		{"images:\n  ci: {ref: 'oci:" + strings.Repeat("a", 4096) + "'}\n", `2:13: images.ci.ref: a reference of 4100 bytes is too long (at most 4096)`},
		{"images:\n  ci: {ref: alpine:3.20, rf: x}\n", `2:26: unknown key rf in images.ci: did you mean ref?`},
	}
	dir := t.TempDir()
	for _, tt := range tests {
		_, err := parseTestConfig(t, dir, tt.text)
		if err == nil {
			t.Errorf("%q: no error, want %s", tt.text, tt.want)
			continue
		}
		var got []string
		for _, e := range err.(Errors) {
			got = append(got, strings.TrimPrefix(strings.ReplaceAll(e.Error(), dir, "DIR"), "DIR/.buildspec-lint.yaml:"))
		}
		if strings.Join(got, "\n") != tt.want {
			t.Errorf("%q:\n got %s\nwant %s", tt.text, strings.Join(got, "\n"), tt.want)
		}
	}
}

func TestConfigWorkflowsAndRunners(t *testing.T) {
	dir := t.TempDir()
	cfg, err := parseTestConfig(t, dir, "images:\n  ci: {tools: [jq]}\nworkflows: false\nrunners:\n  my-runner: {image: ci}\n  ghcr.io/acme/ci:1: {image: docker:dind}\n")
	if err != nil {
		t.Fatal(err)
	}
	if !cfg.NoWorkflows || !strings.HasSuffix(cfg.NoWorkflowsOrigin, ".buildspec-lint.yaml:3:12") {
		t.Errorf("NoWorkflows = %v at %q, want true at 3:12", cfg.NoWorkflows, cfg.NoWorkflowsOrigin)
	}
	want := map[string]string{"my-runner": "ci", "ghcr.io/acme/ci:1": "docker:dind"}
	if got := cfg.RunnerImages(); !reflect.DeepEqual(got, want) {
		t.Errorf("RunnerImages = %v, want %v", got, want)
	}
	if r := cfg.Runners["my-runner"]; r == nil || !strings.HasSuffix(r.Origin, ":5:3") {
		t.Errorf("runner my-runner = %+v, want its origin at 5:3", r)
	}
	cfg, err = parseTestConfig(t, dir, "workflows: true\n")
	if err != nil || cfg.NoWorkflows || cfg.RunnerImages() != nil {
		t.Errorf("workflows: true: %+v, %v", cfg, err)
	}
	cfg, err = parseTestConfig(t, dir, "rules: {}\n")
	if err != nil || cfg.NoWorkflows {
		t.Errorf("workflows are linted by default: %+v, %v", cfg, err)
	}
	var nilCfg *Config
	if nilCfg.RunnerImages() != nil {
		t.Error("a nil configuration binds runners")
	}
}

func TestConfigForFile(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "docker"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "docker", "Dockerfile"), []byte("FROM docker:dind\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := parseTestConfig(t, dir, `
rules: {BSL102: off, dockerd-no-wait: error}
exclude: ["vendor", "legacy/**/buildspec-old.yml"]
discover: ["ci/*.yml"]
tools: make
image: standard
images:
  ci: {dockerfile: docker/Dockerfile, tools: [jq], dockerd: manual}
  standard: {image: aws/codebuild/standard:7.0}
buildspecs:
  - files: "services/**"
    image: ci
    tools: [kubectl]
    rules: {BSL102: notice}
  - files: "services/api/*"
    image: standard
  - files: "fleet/**"
    compute: reserved
    docker: server
limits: {max-file-size: 2MiB}
`)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.MaxFileSize != 2<<20 {
		t.Errorf("MaxFileSize = %d", cfg.MaxFileSize)
	}
	ci := cfg.Images["ci"]
	if ci.Dockerfile != filepath.Join(dir, "docker", "Dockerfile") || ci.Dockerd != "manual" || !reflect.DeepEqual(ci.Tools, []string{"jq"}) {
		t.Errorf("images.ci = %+v", ci)
	}
	fc := cfg.ForFile(filepath.Join(dir, "services", "api", "buildspec.yml"))
	if fc.Image != "ci" || !reflect.DeepEqual(fc.Tools, []string{"make", "kubectl"}) ||
		fc.Severity["BSL102"] != finding.SeverityNotice || fc.Severity["BSL203"] != finding.SeverityError {
		t.Errorf("services/api: %+v (first match wins)", fc)
	}
	if !strings.HasSuffix(fc.ImageOrigin, ".buildspec-lint.yaml:12:12") {
		t.Errorf("ImageOrigin = %q", fc.ImageOrigin)
	}
	fc = cfg.ForFile(filepath.Join(dir, "infra", "buildspec.yml"))
	if fc.Image != "standard" || fc.Severity["BSL102"] != finding.SeverityNone || !reflect.DeepEqual(fc.Tools, []string{"make"}) {
		t.Errorf("infra: %+v", fc)
	}
	if fc.Compute != image.ComputeUnknown || fc.Docker != image.DockerUnknown {
		t.Errorf("infra: compute %v, docker %v; want both unset", fc.Compute, fc.Docker)
	}
	fc = cfg.ForFile(filepath.Join(dir, "fleet", "buildspec.yml"))
	if fc.Compute != image.ComputeReserved || fc.Docker != image.DockerServer || fc.Image != "standard" ||
		!strings.HasSuffix(fc.ComputeOrigin, ".buildspec-lint.yaml:18:14") || !strings.HasSuffix(fc.DockerOrigin, ".buildspec-lint.yaml:19:13") {
		t.Errorf("fleet: %+v", fc)
	}
	if fc := cfg.ForFile("/elsewhere/buildspec.yml"); fc.Image != "standard" {
		t.Errorf("outside the config dir: %+v", fc)
	}
	for path, want := range map[string]bool{
		"vendor/x/buildspec.yml":          true,
		"vendor":                          true,
		"legacy/a/b/buildspec-old.yml":    true,
		"legacy/a/b/buildspec.yml":        false,
		"services/api/buildspec.yml":      false,
		"../outside/vendor/buildspec.yml": false,
	} {
		if got := cfg.Excludes(filepath.Join(dir, path)); got != want {
			t.Errorf("Excludes(%s) = %v, want %v", path, got, want)
		}
	}
	if !cfg.Discovers(filepath.Join(dir, "ci", "deploy.yml")) || cfg.Discovers(filepath.Join(dir, "ci", "x", "deploy.yml")) {
		t.Errorf("Discovers: ci/*.yml does not match as it should")
	}
	if s, ok := cfg.ImageSpec("standard", nil); !ok || s.Image != "aws/codebuild/standard:7.0" {
		t.Errorf("ImageSpec(standard) = %+v, %v", s, ok)
	}
	if s, ok := cfg.ImageSpec("docker:dind", []string{"docker:dind"}); !ok || s.Image != "docker:dind" {
		t.Errorf("ImageSpec(docker:dind) = %+v, %v", s, ok)
	}
	if _, ok := cfg.ImageSpec("nope", []string{"docker:dind"}); ok {
		t.Errorf("ImageSpec(nope) found")
	}
}

func TestEmptyConfig(t *testing.T) {
	for _, text := range []string{"", "# nothing yet\n", "---\n"} {
		cfg, err := parseTestConfig(t, t.TempDir(), text)
		if err != nil || cfg == nil {
			t.Errorf("%q: %v", text, err)
		}
	}
}

func TestFindConfig(t *testing.T) {
	root := t.TempDir()
	repo := filepath.Join(root, "repo")
	deep := filepath.Join(repo, "a", "b")
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	// A config above the repository root is not used.
	if err := os.WriteFile(filepath.Join(root, ".buildspec-lint.yaml"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(repo, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	if got, err := Find(deep); err != nil || got != "" {
		t.Errorf("Find = %q, %v; want none (stop at the repository root)", got, err)
	}
	want := filepath.Join(repo, "a", ".buildspec-lint.yml")
	if err := os.WriteFile(want, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if got, err := Find(deep); err != nil || got != want {
		t.Errorf("Find = %q, %v; want %s", got, err, want)
	}
}

func TestGlobBraces(t *testing.T) {
	for g, want := range map[string][2]int{
		"services/**/buildspec*.yml":    {0, 1},
		"{a,b}/{c,d,e}.yml":             {1, 6},
		"{a,{b,c}x{d,e}}":               {2, 5},
		`\{a,b\}[{]{x,y}`:               {1, 2},
		strings.Repeat("{a,b}", 10):     {1, MaxGlobAlternatives + 1},
		strings.Repeat("{a,", 50):       {50, 1},
		strings.Repeat("{a,{b,c}}", 40): {2, MaxGlobAlternatives + 1},
	} {
		if d, a := globBraces(g); d != want[0] || a != want[1] {
			t.Errorf("globBraces(%q) = %d, %d; want %d, %d", g, d, a, want[0], want[1])
		}
	}
}

func TestParseSize(t *testing.T) {
	for s, want := range map[string]int64{"1048576": 1 << 20, "512KiB": 512 << 10, "10MB": 10 << 20, "1G": 1 << 30, "0": 0, "-1": 0, "1TB": 0, "99999999999999999999": 0} {
		got, ok := parseSize(s)
		if got != want || ok != (want > 0) {
			t.Errorf("parseSize(%q) = %d, %v; want %d", s, got, ok, want)
		}
	}
}

// TestConfigSchema keeps schema/buildspec-lint.schema.json in step with the loader's keys.
func TestConfigSchema(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "schema", "buildspec-lint.schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	var s map[string]any
	if err := json.Unmarshal(data, &s); err != nil {
		t.Fatal(err)
	}
	// at walks nested objects by key.
	at := func(path ...string) map[string]any {
		m := s
		for _, k := range path {
			m, _ = m[k].(map[string]any)
		}
		return m
	}
	keys := func(m map[string]any) []string {
		var out []string
		for k := range m {
			out = append(out, k)
		}
		sort.Strings(out)
		return out
	}
	sorted := func(s []string) []string { s = append([]string(nil), s...); sort.Strings(s); return s }
	check := func(what string, got, want []string) {
		if !reflect.DeepEqual(got, want) {
			t.Errorf("schema %s keys %v, loader %v", what, got, want)
		}
	}
	check("top-level", keys(at("properties")), sorted(Keys("")))
	check("images", keys(at("properties", "images", "additionalProperties", "properties")), sorted(Keys("images")))
	check("buildspecs", keys(at("properties", "buildspecs", "items", "properties")), sorted(Keys("buildspecs")))
	check("limits", keys(at("properties", "limits", "properties")), sorted(Keys("limits")))
	check("runners", keys(at("properties", "runners", "additionalProperties", "properties")), sorted(Keys("runners")))
}

func FuzzParseConfig(f *testing.F) {
	f.Add("rules: {BSL101: off}\nimages: {ci: {tools: [jq]}}\nbuildspecs: [{files: 'a/**', image: ci}]\n")
	f.Add("a: &x [*x]\n")
	f.Add("images: {ci: {tools: [jq], compute: lambda, docker: none}}\nbuildspecs: [{files: 'a/**', compute: reserved, docker: server}]\n")
	f.Fuzz(func(t *testing.T, text string) {
		cfg, err := Parse("c.yaml", []byte(text), Options{Rules: configRules})
		if (cfg == nil) == (err == nil) {
			t.Fatalf("cfg %v, err %v", cfg, err)
		}
	})
}

// TestHostileConfig: a configuration anyone can commit costs bounded time and memory, and its
// errors have positions: alias bombs, 10,000-deep nesting, a huge file, a FIFO, a directory.
func TestHostileConfig(t *testing.T) {
	dir := t.TempDir()
	var bomb strings.Builder
	bomb.WriteString("x0: &x0 [a, b, c, d, e, f, g, h, i, j]\n")
	for i := 1; i < 9; i++ {
		bomb.WriteString(fmt.Sprintf("x%d: &x%d [%s]\n", i, i, strings.TrimSuffix(strings.Repeat(fmt.Sprintf("*x%d, ", i-1), 10), ", ")))
	}
	var refs strings.Builder
	refs.WriteString("images:\n  ci: &ci {tools: [" + strings.TrimSuffix(strings.Repeat("jq, ", 3000), ", ") + "]}\nbuildspecs:\n")
	for i := 0; i < MaxGlobs; i++ {
		refs.WriteString(fmt.Sprintf("  - {files: 'a%d/**', image: ci, tools: *t}\n", i))
	}
	tests := []struct{ name, text, want string }{
		{"bomb", bomb.String() + "tools: *x8\n", "unknown key x0"},
		{"repeated alias", strings.Replace(refs.String(), "{tools: [", "{tools: &t [", 1), "aliases expand to more than 10000 values"},
		{"deep flow", "tools: " + strings.Repeat("[", 10001) + strings.Repeat("]", 10001) + "\n", "invalid YAML: exceeded max depth of 10000"},
		{"deep block", "tools:\n" + strings.Repeat("- ", 10001) + "x\n", "invalid YAML: exceeded max depth of 10000"},
		// Matching this glob took 20 s for every file linted.
		{"braces 50k deep", "exclude: ['" + strings.Repeat("{a,", 50000) + "b" + strings.Repeat("}", 50000) + "']\n", "1:11: exclude: a glob of 200001 bytes is too long (at most 1024)"},
		{"braces 300 deep", "exclude: ['" + strings.Repeat("{", 300) + "b" + strings.Repeat("}", 300) + "']\n", "nests braces 300 deep (at most 10)"},
		{"braces that double 40 times", "discover: ['" + strings.Repeat("{a,a}", 40) + "']\n", "expands to more than 1000 alternatives"},
		{"many globs", "exclude: [" + strings.Repeat("a, ", 1000) + "a]\n", "1:10: exclude lists 1001 globs (at most 1000)"},
		{"many entries", "buildspecs:\n" + strings.Repeat("  - {files: a}\n", 1001), "2:3: buildspecs lists 1001 entries (at most 1000)"},
		{"limits", "limits: {max-file-size: 9223372036854775807, max-commands: 9223372036854775807}\n", "1:25: limits.max-file-size can be at most 64MiB"},
		// Findings quote image and tool names, thousands of times in a large file.
		{"long image name", "images:\n  ? " + strings.Repeat("i", 500000) + "\n  : {image: aws/codebuild/standard:7.0}\n", "2:5: images: a name of 500000 bytes is too long (at most 256)"},
		{"long image reference", "image: " + strings.Repeat("i", 257) + "\n", "1:8: image: a name of 257 bytes is too long (at most 256)"},
		{"long buildspecs image", "buildspecs:\n  - {files: a, image: " + strings.Repeat("i", 300) + "}\n", "2:23: buildspecs[0].image: a name of 300 bytes"},
		{"long tool", "tools: [" + strings.Repeat("t", 1000) + "]\n", "1:9: tools items: a name of 1000 bytes is too long"},
		{"long tool in a list", "images: {ci: {tools: 'jq," + strings.Repeat("t", 1000) + "'}}\n", "images.ci.tools: a name of 1000 bytes is too long"},
	}
	for _, tt := range tests {
		var err error
		var a, b runtime.MemStats
		runtime.ReadMemStats(&a)
		_, err = parseTestConfig(t, dir, tt.text)
		runtime.ReadMemStats(&b)
		if n := b.TotalAlloc - a.TotalAlloc; n > 64<<20 {
			t.Errorf("%s: allocated %d MB", tt.name, n>>20)
		}
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want %q", tt.name, err, tt.want)
		}
	}

	huge := filepath.Join(dir, "huge.yaml")
	os.WriteFile(huge, []byte("tools: ["+strings.Repeat("jq, ", MaxSize/4)+"jq]\n"), 0o644)
	fifo := filepath.Join(dir, "fifo.yaml")
	linttest.Mkfifo(t, fifo)
	for path, want := range map[string]string{
		huge: fmt.Sprintf("over the limit of %d", MaxSize),
		fifo: "is a named pipe (FIFO)", // opening it would block until a writer came
		dir:  "is a directory",
	} {
		_, err := Load(path, Options{Rules: configRules})
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %v, want %q", path, err, want)
		}
	}
}

// TestConfigErrorsAreShort: an error that lists names (the 20,000 images of a configuration, for
// an unknown one) is cut as a finding's message is, and so is every one of thousands of errors.
func TestConfigErrorsAreShort(t *testing.T) {
	var b strings.Builder
	b.WriteString("image: nope\nimages:\n")
	for i := 0; i < 20000; i++ {
		fmt.Fprintf(&b, "  i%d: {image: x}\n", i)
	}
	_, err := parseTestConfig(t, t.TempDir(), b.String())
	if err == nil {
		t.Fatal("no error")
	}
	msg := err.Error()
	if !strings.Contains(msg, "1:8: unknown image nope: the configuration's images are i0, i1, i10") || !strings.Contains(msg, "and 19951 more errors") {
		t.Errorf("errors:\n%.2000s", msg)
	}
	if len(msg) > 51*(finding.MaxMessageLen+100) {
		t.Errorf("%d bytes of errors", len(msg))
	}
}

func TestConfigImageRef(t *testing.T) {
	dir := t.TempDir()
	cfg, err := parseTestConfig(t, dir, "images:\n"+
		"  ecr: {ref: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/ci:2026-11, platform: linux/arm64, tools: [make]}\n"+
		"  layout: {ref: 'oci:images/ci@sha256:0123'}\n"+
		"  tar: {ref: 'docker-archive:/abs/ci.tar:ci:1'}\n"+
		"  pinned: {ref: 'alpine@sha256:"+strings.Repeat("a", 64)+"'}\n")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][2]string{
		"ecr":    {"123456789012.dkr.ecr.eu-west-1.amazonaws.com/ci:2026-11", "linux/arm64"},
		"layout": {"oci:" + filepath.Join(dir, "images", "ci@sha256:0123"), ""},
		"tar":    {"docker-archive:/abs/ci.tar:ci:1", ""},
		"pinned": {"alpine@sha256:" + strings.Repeat("a", 64), ""},
	}
	for name, w := range want {
		s := cfg.Images[name]
		if s == nil || s.Ref != w[0] || s.Platform != w[1] || s.Image != "" || s.Dockerfile != "" {
			t.Errorf("images.%s = %+v, want ref %s platform %q", name, s, w[0], w[1])
		}
	}
	if got := cfg.Images["ecr"].Tools; !reflect.DeepEqual(got, []string{"make"}) {
		t.Errorf("images.ecr.tools = %v", got)
	}
	if err := os.WriteFile(filepath.Join(dir, "Dockerfile"), []byte("FROM alpine:3.20\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = parseTestConfig(t, dir, "images:\n  ci: {dockerfile: Dockerfile, ref: 'oci:ci'}\n")
	if want := ".buildspec-lint.yaml:2:37: images.ci: set one of dockerfile, image and ref, not both dockerfile and ref"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("dockerfile and ref: %v, want %s", err, want)
	}
}
