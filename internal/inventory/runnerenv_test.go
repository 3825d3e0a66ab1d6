package inventory

import (
	"errors"
	"strings"
	"testing"

	"github.com/buildspec-lint/buildspec-lint/lint/image"
	"github.com/buildspec-lint/buildspec-lint/lint/workflow"
)

// fakeHosted stands in for the built-in GitHub-hosted runner inventories: the resolver's logic
// is tested here, the runner data where it is generated.
func fakeHosted(label string) (*image.Inventory, bool) {
	l := strings.ToLower(label)
	if l == "ubuntu-latest" {
		l = "ubuntu-24.04"
	}
	if l == "windows-latest" {
		l = "windows-2022"
	}
	os := map[string]string{"ubuntu-24.04": "Ubuntu 24.04", "ubuntu-22.04": "Ubuntu 22.04", "windows-2022": "Windows Server 2022", "macos-14": "macOS 14"}[l]
	if os == "" {
		return nil, false
	}
	return &image.Inventory{Name: l, OS: os, Tools: map[string]*image.Tool{"jq": {Name: "jq"}}}, true
}

// configImages stands in for the configuration's images: ci is one of them, every other name a
// built-in image.
func configImages(name string) (*image.Inventory, error) {
	switch name {
	case "ci":
		return &image.Inventory{Name: "ci", PackageManager: "apk", Tools: map[string]*image.Tool{"make": {Name: "make"}}}, nil
	case "broken":
		return nil, errors.New("broken Dockerfile")
	}
	if inv := Builtin(name); inv != nil {
		return inv, nil
	}
	return nil, errors.New("unknown image " + name)
}

func TestForEnv(t *testing.T) {
	cb := "codebuild-myProject-${{ github.run_id }}-${{ github.run_attempt }}"
	projects := func(name string) *image.Inventory {
		switch name {
		case "myProject":
			return Builtin("aws/codebuild/amazonlinux-x86_64-standard:5.0")
		case "my-proj":
			return Builtin("aws/codebuild/standard:7.0")
		}
		return nil
	}
	tests := []struct {
		name    string
		env     workflow.Env
		runners map[string]string
		// want: the inventory's Name ("" for nil) and the runner's fields.
		inv, label, img, os, container string
		kind                           image.RunnerKind
	}{
		{name: "hosted linux", env: workflow.Env{Labels: []string{"ubuntu-latest"}},
			inv: "ubuntu-24.04", label: "ubuntu-latest", img: "ubuntu-24.04", os: "linux", kind: image.RunnerGitHub},
		{name: "hosted label case", env: workflow.Env{Labels: []string{"Ubuntu-22.04"}},
			inv: "ubuntu-22.04", label: "Ubuntu-22.04", img: "ubuntu-22.04", os: "linux", kind: image.RunnerGitHub},
		{name: "hosted windows", env: workflow.Env{Labels: []string{"windows-latest"}},
			inv: "windows-2022", label: "windows-latest", img: "windows-2022", os: "windows", kind: image.RunnerGitHub},
		{name: "hosted macos", env: workflow.Env{Labels: []string{"macos-14"}},
			inv: "macos-14", label: "macos-14", img: "macos-14", os: "macos", kind: image.RunnerGitHub},
		{name: "first hosted label", env: workflow.Env{Labels: []string{"large", "ubuntu-22.04"}},
			inv: "ubuntu-22.04", label: "ubuntu-22.04", img: "ubuntu-22.04", os: "linux", kind: image.RunnerGitHub},
		{name: "self-hosted unknown", env: workflow.Env{Labels: []string{"self-hosted", "linux", "x64"}}},
		{name: "runs-on expression unknown", env: workflow.Env{Labels: nil}},
		{name: "matrix expression left", env: workflow.Env{Labels: []string{"${{ matrix.os }}"}}},
		{name: "self-hosted bound", env: workflow.Env{Labels: []string{"self-hosted", "gpu"}}, runners: map[string]string{"gpu": "ci"},
			inv: "ci", label: "gpu", img: "ci", os: "linux", kind: image.RunnerUnknown},
		{name: "bound label case", env: workflow.Env{Labels: []string{"GPU"}}, runners: map[string]string{"gpu": "aws/codebuild/standard:7.0"},
			inv: "aws/codebuild/standard:7.0", label: "GPU", img: "aws/codebuild/standard:7.0", os: "linux", kind: image.RunnerUnknown},
		{name: "config wins over hosted data", env: workflow.Env{Labels: []string{"ubuntu-latest"}}, runners: map[string]string{"ubuntu-latest": "ci"},
			inv: "ci", label: "ubuntu-latest", img: "ci", os: "linux", kind: image.RunnerGitHub},
		{name: "bound to a broken image", env: workflow.Env{Labels: []string{"gpu"}}, runners: map[string]string{"gpu": "broken"}},
		{name: "container builtin", env: workflow.Env{Labels: []string{"ubuntu-latest"}, Container: "docker:dind"},
			inv: "docker:dind", label: "ubuntu-latest", img: "ubuntu-24.04", os: "linux", container: "docker:dind", kind: image.RunnerGitHub},
		{name: "container bound", env: workflow.Env{Labels: []string{"ubuntu-latest"}, Container: "ghcr.io/acme/ci:1"}, runners: map[string]string{"ghcr.io/acme/ci:1": "ci"},
			inv: "ci", label: "ubuntu-latest", img: "ubuntu-24.04", os: "linux", container: "ghcr.io/acme/ci:1", kind: image.RunnerGitHub},
		{name: "container unknown on hosted runner", env: workflow.Env{Labels: []string{"ubuntu-latest"}, Container: "node:20"}},
		{name: "container on self-hosted", env: workflow.Env{Labels: []string{"self-hosted"}, Container: "aws/codebuild/standard:7.0"},
			inv: "aws/codebuild/standard:7.0", label: "", img: "", os: "linux", container: "aws/codebuild/standard:7.0", kind: image.RunnerUnknown},
		{name: "container expression", env: workflow.Env{Labels: []string{"ubuntu-latest"}, Container: "${{ matrix.image }}"}},
		{name: "codebuild image label", env: workflow.Env{Labels: []string{cb, "image:arm-3.0", "instance-size:small"}},
			inv: "aws/codebuild/amazonlinux-aarch64-standard:3.0", label: cb, img: "aws/codebuild/amazonlinux-aarch64-standard:3.0", os: "linux", kind: image.RunnerCodeBuild},
		{name: "codebuild ubuntu", env: workflow.Env{Labels: []string{cb, "image:ubuntu-7.0"}},
			inv: "aws/codebuild/standard:7.0", label: cb, img: "aws/codebuild/standard:7.0", os: "linux", kind: image.RunnerCodeBuild},
		{name: "codebuild al2 name", env: workflow.Env{Labels: []string{cb, "image:al2-5.0"}},
			inv: "aws/codebuild/amazonlinux-x86_64-standard:5.0", label: cb, img: "aws/codebuild/amazonlinux-x86_64-standard:5.0", os: "linux", kind: image.RunnerCodeBuild},
		{name: "codebuild linux", env: workflow.Env{Labels: []string{cb, "image:linux-5.0"}},
			inv: "aws/codebuild/amazonlinux-x86_64-standard:5.0", label: cb, img: "aws/codebuild/amazonlinux-x86_64-standard:5.0", os: "linux", kind: image.RunnerCodeBuild},
		{name: "codebuild windows", env: workflow.Env{Labels: []string{cb, "image:windows-server-2019-3.0"}},
			inv: "aws/codebuild/windows-base:2019-3.0", label: cb, img: "aws/codebuild/windows-base:2019-3.0", os: "windows", kind: image.RunnerCodeBuild},
		{name: "codebuild lambda", env: workflow.Env{Labels: []string{cb, "image:linux-lambda-nodejs22"}},
			inv: "aws/codebuild/amazonlinux-x86_64-lambda-standard:nodejs22", label: cb, img: "aws/codebuild/amazonlinux-x86_64-lambda-standard:nodejs22", os: "linux", kind: image.RunnerCodeBuild},
		{name: "codebuild old suffix form", env: workflow.Env{Labels: []string{cb + "-arm-3.0-small"}},
			inv: "aws/codebuild/amazonlinux-aarch64-standard:3.0", label: cb + "-arm-3.0-small", img: "aws/codebuild/amazonlinux-aarch64-standard:3.0", os: "linux", kind: image.RunnerCodeBuild},
		{name: "codebuild unknown image id", env: workflow.Env{Labels: []string{cb, "image:arm-9.9"}}},
		{name: "codebuild gpu image has no inventory", env: workflow.Env{Labels: []string{cb, "image:linux-gpu-4.0"}}},
		{name: "codebuild custom bound", env: workflow.Env{Labels: []string{cb, "image:custom-linux-123.dkr.ecr.us-east-1.amazonaws.com/ci:1"}},
			runners: map[string]string{"123.dkr.ecr.us-east-1.amazonaws.com/ci:1": "ci"},
			inv:     "ci", label: cb, img: "123.dkr.ecr.us-east-1.amazonaws.com/ci:1", os: "linux", kind: image.RunnerCodeBuild},
		{name: "codebuild custom unknown", env: workflow.Env{Labels: []string{cb, "image:custom-linux-ghcr.io/acme/x:1"}}},
		{name: "codebuild project image", env: workflow.Env{Labels: []string{cb}},
			inv: "aws/codebuild/amazonlinux-x86_64-standard:5.0", label: cb, img: "aws/codebuild/amazonlinux-x86_64-standard:5.0", os: "linux", kind: image.RunnerCodeBuild},
		{name: "codebuild unknown project", env: workflow.Env{Labels: []string{"codebuild-other-${{ github.run_id }}-${{ github.run_attempt }}"}}},
		{name: "codebuild label bound", env: workflow.Env{Labels: []string{cb}}, runners: map[string]string{cb: "ci"},
			inv: "ci", label: cb, img: "ci", os: "linux", kind: image.RunnerCodeBuild},
		{name: "codebuild image override as matrix value left", env: workflow.Env{Labels: []string{cb, "image:${{ matrix.os }}"}}},
		// An override in any form is the image, never the project's.
		{name: "codebuild one-label override", env: workflow.Env{Labels: []string{cb + " image:ubuntu-7.0 instance-size:small"}},
			inv: "aws/codebuild/standard:7.0", label: cb + " image:ubuntu-7.0 instance-size:small", img: "aws/codebuild/standard:7.0", os: "linux", kind: image.RunnerCodeBuild},
		{name: "codebuild one-label unknown override", env: workflow.Env{Labels: []string{cb + "\n  image:custom-linux-ghcr.io/acme/x:1"}}},
		{name: "codebuild empty override", env: workflow.Env{Labels: []string{cb, "image:"}}},
		{name: "codebuild override label wins over the suffix", env: workflow.Env{Labels: []string{cb + "-arm-3.0-small", "image:ubuntu-7.0"}},
			inv: "aws/codebuild/standard:7.0", label: cb + "-arm-3.0-small", img: "aws/codebuild/standard:7.0", os: "linux", kind: image.RunnerCodeBuild},
		{name: "codebuild one-label other overrides", env: workflow.Env{Labels: []string{cb + " instance-size:small fleet:f"}},
			inv: "aws/codebuild/amazonlinux-x86_64-standard:5.0", label: cb + " instance-size:small fleet:f", img: "aws/codebuild/amazonlinux-x86_64-standard:5.0", os: "linux", kind: image.RunnerCodeBuild},
		{name: "codebuild hyphenated project", env: workflow.Env{Labels: []string{"codebuild-my-proj-${{ github.run_id }}-${{ github.run_attempt }}"}},
			inv: "aws/codebuild/standard:7.0", label: "codebuild-my-proj-${{ github.run_id }}-${{ github.run_attempt }}", img: "aws/codebuild/standard:7.0", os: "linux", kind: image.RunnerCodeBuild},
		{name: "codebuild project as an expression", env: workflow.Env{Labels: []string{"codebuild-${{ vars.P }}-${{ github.run_id }}-${{ github.run_attempt }}"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := tt.env
			env.Matrix = "matrix.x = 1"
			r := &Resolve{Image: configImages, Runners: tt.runners, Projects: projects, Hosted: fakeHosted}
			inv := ForEnv(&env, r)
			if tt.inv == "" {
				if inv != nil {
					t.Fatalf("ForEnv = image %q (runner %+v), want nil (unknown)", inv.Name, inv.Runner)
				}
				return
			}
			if inv == nil {
				t.Fatalf("ForEnv = nil, want image %s", tt.inv)
			}
			if inv.Name != tt.inv {
				t.Errorf("image = %q, want %q", inv.Name, tt.inv)
			}
			run := inv.Runner
			if run == nil {
				t.Fatal("Runner not set")
			}
			want := image.Runner{Label: tt.label, Image: tt.img, Kind: tt.kind, OS: tt.os, Container: tt.container, Matrix: "matrix.x = 1"}
			if got := *run; got.Setup != nil || got.Label != want.Label || got.Image != want.Image || got.Kind != want.Kind ||
				got.OS != want.OS || got.Container != want.Container || got.Matrix != want.Matrix {
				t.Errorf("Runner = %+v, want %+v", *run, want)
			}
		})
	}
}

// TestForEnvNewInventory: the caller sets the Runner's fields (the job's setup actions), so two
// calls must not share an Inventory or a Runner, nor change the inventory they resolved.
func TestForEnvNewInventory(t *testing.T) {
	shared := &image.Inventory{Name: "ci", OS: "Ubuntu 24.04"}
	r := &Resolve{Image: func(string) (*image.Inventory, error) { return shared, nil }, Runners: map[string]string{"gpu": "ci"}, Hosted: fakeHosted}
	env := &workflow.Env{Labels: []string{"gpu"}}
	a, b := ForEnv(env, r), ForEnv(env, r)
	if a == nil || b == nil {
		t.Fatal("ForEnv = nil")
	}
	if a == b || a.Runner == b.Runner {
		t.Error("two calls share an inventory or a runner")
	}
	if shared.Runner != nil {
		t.Error("ForEnv set the Runner of the resolved inventory")
	}
}

// TestForEnvDefaults: without Image, names are built-in images; without Hosted, Runner.
func TestForEnvDefaults(t *testing.T) {
	env := &workflow.Env{Labels: []string{"gpu"}}
	inv := ForEnv(env, &Resolve{Runners: map[string]string{"gpu": "aws/codebuild/standard:7.0"}})
	if inv == nil || inv.Name != "aws/codebuild/standard:7.0" {
		t.Fatalf("ForEnv = %v, want the built-in standard:7.0", inv)
	}
	if ForEnv(nil, nil) != nil {
		t.Error("ForEnv(nil) != nil")
	}
	if ForEnv(&workflow.Env{Labels: []string{"self-hosted"}}, nil) != nil {
		t.Error("a self-hosted label with no configuration is not unknown")
	}
}

func TestCodeBuildImage(t *testing.T) {
	for in, want := range map[string]string{
		"arm-3.0":                  "aws/codebuild/amazonlinux-aarch64-standard:3.0",
		"ARM-2.0":                  "aws/codebuild/amazonlinux-aarch64-standard:2.0",
		"ubuntu-7.0":               "aws/codebuild/standard:7.0",
		"ubuntu-8.0":               "aws/codebuild/standard:8.0",
		"linux-4.0":                "aws/codebuild/amazonlinux-x86_64-standard:4.0",
		"windows-server-2022-1.0":  "aws/codebuild/windows-base:2022-1.0",
		"arm-lambda-python3.12":    "aws/codebuild/amazonlinux-aarch64-lambda-standard:python3.12",
		"linux-lambda-nodejs18":    "aws/codebuild/amazonlinux-x86_64-lambda-standard:nodejs18",
		"linux-ec2-latest":         "",
		"ubuntu-":                  "",
		"":                         "",
		"windows-1.0":              "",
		"arm-3.0; rm -rf /":        "",
		"standard:7.0":             "",
		"aws/codebuild/standard:7": "",
	} {
		if got := CodeBuildImage(in); got != want {
			t.Errorf("CodeBuildImage(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCodeBuildLabel(t *testing.T) {
	tests := []struct {
		label, project, image string
		overridden, ok        bool
	}{
		{label: "codebuild-my-project-${{ github.run_id }}-${{ github.run_attempt }}", project: "my-project", ok: true},
		{label: "codebuild-my_proj-2-${{github.run_id}}-${{github.run_attempt}}", project: "my_proj-2", ok: true},
		{label: "  codebuild-myProject-${{ github.run_id }}-${{ github.run_attempt }}  ", project: "myProject", ok: true},
		// The older form's suffix: -ENVTYPE-ID[-SIZE].
		{label: "CodeBuild-pr-${{github.run_id}}-${{github.run_attempt}}-ubuntu-7.0-large", project: "pr", image: "ubuntu-7.0", overridden: true, ok: true},
		{label: "codebuild-pr-${{ github.run_id }}-${{ github.run_attempt }}-arm-3.0", project: "pr", image: "arm-3.0", overridden: true, ok: true},
		// The overrides as fields of the one label, as the documentation's one-label examples write
		// them (a plain scalar over several lines folds to one line).
		{label: "codebuild-my-proj-${{ github.run_id }}-${{ github.run_attempt }} image:arm-3.0 instance-size:small", project: "my-proj", image: "arm-3.0", overridden: true, ok: true},
		{label: "codebuild-my-proj-${{ github.run_id }}-${{ github.run_attempt }}\n  instance-size:small\n  image:${{ matrix.os }}", project: "my-proj", image: "${{ matrix.os }}", overridden: true, ok: true},
		{label: "codebuild-my-proj-${{ github.run_id }}-${{ github.run_attempt }} fleet:myFleet", project: "my-proj", ok: true},
		{label: "codebuild-my-proj-${{ github.run_id }}-${{ github.run_attempt }} image:", project: "my-proj", overridden: true, ok: true},
		// A name the label does not give as a literal, or that no project can have: unknown.
		{label: "codebuild-${{ vars.PROJECT }}-${{ github.run_id }}-${{ github.run_attempt }}", ok: true},
		{label: "codebuild-a${{ vars.X }}-${{ github.run_id }}-${{ github.run_attempt }}", ok: true},
		{label: "codebuild-p-${{ github.run_id }}-${{ github.run_attempt }}", ok: true},
		{label: "codebuild--x-${{ github.run_id }}-${{ github.run_attempt }}", ok: true},
		{label: "codebuild-my.proj-${{ github.run_id }}-${{ github.run_attempt }}", ok: true},
		{label: "codebuild-pr", ok: true},
		{label: "codebuild-"},
		{label: "ubuntu-latest"},
		{label: "my-codebuild-runner"},
	}
	for _, tt := range tests {
		cb, ok := codeBuildLabel(tt.label)
		if cb.project != tt.project || cb.image != tt.image || cb.overridden != tt.overridden || ok != tt.ok {
			t.Errorf("codeBuildLabel(%q) = %+v, %v; want project %q, image %q (%v), %v", tt.label, cb, ok, tt.project, tt.image, tt.overridden, tt.ok)
		}
	}
}

func TestLabelFields(t *testing.T) {
	for in, want := range map[string][]string{
		"":                                  {""},
		"  ":                                {""},
		"a b\tc\n d":                        {"a", "b", "c", "d"},
		"p-${{ github.run_id }}-${{ x }} y": {"p-${{ github.run_id }}-${{ x }}", "y"},
		"image:${{ matrix.os }}":            {"image:${{ matrix.os }}"},
		"p-${{ unclosed image:arm-3.0":      {"p-${{ unclosed image:arm-3.0"},
		"a }} b":                            {"a", "}}", "b"},
		"${{ a }}${{ b }} c":                {"${{ a }}${{ b }}", "c"},
	} {
		if got := labelFields(in); strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("labelFields(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzForEnv: any labels and container give an inventory with its Runner set, or nil; never a
// panic, and never the resolved inventory itself (the caller changes the Runner).
func FuzzForEnv(f *testing.F) {
	f.Add("codebuild-p-${{ github.run_id }}-${{ github.run_attempt }}-arm-3.0-small", "image:custom-linux-x", "")
	f.Add("ubuntu-latest", "", "docker:dind")
	f.Add("codebuild-", "image:", "${{ matrix.c }}")
	f.Add("codebuild-my-proj-${{ github.run_id }}-${{ github.run_attempt }} image:arm-3.0", "", "")
	f.Add("gpu", "image:windows-server-2022-", "ghcr.io/x:1")
	f.Fuzz(func(t *testing.T, a, b, container string) {
		r := &Resolve{Image: configImages, Runners: map[string]string{"gpu": "ci", "ghcr.io/x:1": "ci"}, Hosted: fakeHosted,
			Projects: func(string) *image.Inventory { return Builtin("aws/codebuild/standard:7.0") }}
		inv := ForEnv(&workflow.Env{Labels: []string{a, b}, Container: container}, r)
		if inv != nil && inv.Runner == nil {
			t.Fatalf("inventory %q without a Runner", inv.Name)
		}
	})
}
