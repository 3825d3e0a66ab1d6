package rules

import (
	"strings"
	"testing"

	"github.com/buildspec-lint/buildspec-lint/internal/inventory"
	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/image"
	"github.com/buildspec-lint/buildspec-lint/lint/linttest"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
	"github.com/buildspec-lint/buildspec-lint/lint/workflow"
)

// testRunner is the environment of a workflow job in these tests, as the CLI's runner
// resolution gives it: GitHub-hosted runners by their labels, a container job's image from the
// built-in inventories, nothing for a self-hosted or unknown label or an unknown container image.
func testRunner(env *workflow.Env) *image.Inventory {
	var label string
	for _, l := range env.Labels {
		if l == "self-hosted" {
			return nil
		}
		label = l
	}
	r := &image.Runner{Label: label, Kind: image.RunnerGitHub, Matrix: env.Matrix}
	switch label {
	case "ubuntu-latest", "ubuntu-24.04":
		r.Image, r.OS = "ubuntu-24.04", "linux"
	case "macos-14", "macos-15", "macos-15-intel":
		r.Image, r.OS = label, "macos"
	case "macos-latest":
		r.Image, r.OS = "macos-15", "macos"
	case "windows-2022", "windows-2025":
		r.Image, r.OS = label, "windows"
	case "windows-latest":
		r.Image, r.OS = "windows-2025", "windows"
	default:
		return nil
	}
	r.Arch = inventory.RunnerArch(label)
	if env.Container != "" {
		if r.OS != "linux" {
			return nil
		}
		inv := inventory.Builtin(env.Container)
		if env.Container == "amazonlinux:2023" {
			// As a built-in inventory of the image would say it (the built-in inventories are
			// CodeBuild's images and docker:dind).
			inv = &image.Inventory{Name: "amazonlinux:2023", Ref: "amazonlinux:2023", Custom: true, OS: "Amazon Linux 2023", PackageManager: "dnf", Tools: linttest.Tools("bash", "dnf", "curl", "tar").Tools}
		}
		if inv == nil {
			return nil
		}
		r.Container = env.Container
		inv.Runner = r
		return inv
	}
	inv := linttest.Tools()
	if r.OS != "macos" {
		inv = linttest.Tools("docker")
	}
	inv.Name, inv.Runner = r.Image, r
	return inv
}

var workflowOptions = &linttest.Options{Settings: &lint.FileSettings{Runner: testRunner}}

func init() {
	// TestDocExamples lints the rules' workflow examples on these runners.
	DocRunner = testRunner
}

func TestDockerUnavailable(t *testing.T) {
	linttest.Run(t, lint.RuleSet{DockerUnavailable}, linttest.TestData(t, "rules", "docker-unavailable"), workflowOptions)
}

// lintWorkflow lints a workflow with rules on testRunner's runners.
func lintWorkflow(rules lint.RuleSet, text string) []string {
	src := source.NewSource(".github/workflows/ci.yml", []byte(text))
	var out []string
	for _, f := range (&lint.Linter{Rules: rules}).Lint(src, &lint.FileSettings{Runner: testRunner}) {
		out = append(out, f.RuleID()+" "+string(src.Data[f.Range.Start.Offset:f.Range.End.Offset])+": "+f.Message)
	}
	return out
}

func TestDockerUnavailableCases(t *testing.T) {
	job := func(runsOn, run string) string {
		return "on: push\njobs:\n  b:\n    runs-on: " + runsOn + "\n    steps:\n      - run: " + run + "\n"
	}
	tests := []struct {
		name, workflow string
		want           []string // substrings of each finding, in order ("" entries: none)
	}{
		{"macos build", job("macos-14", "docker build -t app ."), []string{"BSL211 docker build: GitHub's macOS runners have no Docker, neither the docker CLI nor a daemon, and this arm64 one cannot run it"}},
		{"macos-latest", job("macos-latest", "docker compose up -d"), []string{"BSL211 docker compose up: GitHub's macOS runners have no Docker"}},
		{"macos docker-compose", job("macos-14", "docker-compose up"), []string{"BSL211 docker-compose up:"}},
		{"macos version", job("macos-14", "docker --version"), []string{"BSL211 docker:"}},
		{"macos after colima", job("macos-14", "brew install docker colima && colima start && docker run alpine true"), nil},
		{"macos after setup-docker-action", "on: push\njobs:\n  b:\n    runs-on: macos-14\n    steps:\n      - uses: docker/setup-docker-action@v4\n      - run: docker build .\n", nil},
		{"macos after crazy-max's action", "on: push\njobs:\n  b:\n    runs-on: macos-latest\n    steps:\n      - uses: crazy-max/ghaction-setup-docker@v3\n      - run: docker build .\n", nil},
		{"macos before setup-docker-action", "on: push\njobs:\n  b:\n    runs-on: macos-14\n    steps:\n      - run: docker build .\n      - uses: docker/setup-docker-action@v4\n", []string{"BSL211 docker build:"}},
		{"macos after another docker action", "on: push\njobs:\n  b:\n    runs-on: macos-14\n    steps:\n      - uses: docker/setup-buildx-action@v3\n      - run: docker build .\n", []string{"BSL211 docker build:"}},
		{"macos in an if", job("macos-14", "if docker info; then docker ps; fi"), nil},
		{"macos in an os branch", job("macos-14", `'if [ "$RUNNER_OS" = Linux ]; then docker build .; fi'`), nil},
		{"macos after &&", job("macos-14", `'[ "$RUNNER_OS" = Linux ] && docker build .'`), nil},
		{"macos || fallback", job("macos-14", "true || docker build ."), nil},
		{"macos remote context", job("macos-14", "docker context use remote && docker build ."), []string{"BSL211 docker: GitHub's macOS"}}, // the CLI is missing all the same
		{"macos after a command", job("macos-14", "echo start && docker build ."), []string{"BSL211 docker build:"}},
		{"macos after a test", job("macos-14", "'test -f Dockerfile && docker build .'"), nil},
		{"macos after command -v", job("macos-14", "'command -v docker && docker build .'"), nil},
		{"linux", job("ubuntu-latest", "docker build -t app ."), nil},
		{"self-hosted mac", job("[self-hosted, macos]", "docker build ."), nil},
		{"unknown label", job("my-runner", "docker build ."), nil},
		{"windows linux image", job("windows-2022", "docker run --rm -e A=1 -v x:/y ubuntu:24.04 echo hi"), []string{"BSL211 docker run --rm -e A=1 -v x:/y ubuntu:24.04: Windows runners run Windows containers only, and ubuntu:24.04 exists only for Linux"}},
		{"windows pull", job("windows-latest", "docker pull public.ecr.aws/docker/library/postgres:16"), []string{"BSL211 docker pull public.ecr.aws/docker/library/postgres:16:"}},
		{"windows combined flags", job("windows-2022", "docker run -it node:20 node -v"), []string{"BSL211 docker run -it node:20:"}},
		{"windows image after --", job("windows-2022", "docker run --rm -- ubuntu:24.04 echo hi"), []string{"BSL211 docker run --rm -- ubuntu:24.04: Windows runners run Windows containers only, and ubuntu:24.04 exists only for Linux"}},
		{"macos after colima in an earlier step", "on: push\njobs:\n  b:\n    runs-on: macos-14\n    steps:\n      - run: colima start\n      - run: echo ready\n      - run: docker build .\n", nil},
		{"windows image with a windows variant", job("windows-2022", "docker run python:3.12 python -V"), nil},
		{"windows windows tag", job("windows-2022", "docker run mcr.microsoft.com/windows/servercore:ltsc2022 cmd"), nil},
		{"windows build", job("windows-2022", "docker build -t app ."), nil},
		{"windows other registry", job("windows-2022", "docker run myorg/ubuntu"), nil},
		{"windows image as an option value", job("windows-2022", "docker run --name ubuntu mcr.microsoft.com/windows/nanoserver:ltsc2022"), nil},
		{"windows remote host", job("windows-2022", "docker -H tcp://linux-box:2375 run ubuntu"), nil},
		{"windows expression image", job("windows-2022", "docker run ${{ matrix.image }}"), nil},
		{"windows pwsh branch", job("windows-2022", "|\n          if ($IsLinux) {\n            docker run ubuntu\n          }"), nil},
		{"linux platform", job("windows-2022", "docker run --platform linux/amd64 alpine"), []string{"BSL211 docker run --platform linux/amd64: Windows runners run Windows containers only, and --platform linux/amd64 asks for a Linux one"}},
		{"linux platform of any image", job("windows-2022", "docker pull --platform=linux/arm64 python:3.12"), []string{"BSL211 docker pull --platform=linux/arm64: "}},
		{"windows platform", job("windows-2022", "docker pull --platform windows/amd64 python:3.12"), nil},
		{"an option value with a variable", job("windows-2022", "docker run -e A=$B -v ${PWD}:/src ubuntu"), []string{"BSL211 docker run -e A=$B -v ${PWD}:/src ubuntu:"}},
		{"a variable image", job("windows-2022", "docker run $IMAGE"), nil},
		{"windows with a remote DOCKER_HOST", "on: push\nenv:\n  DOCKER_HOST: tcp://linux-builder:2376\njobs:\n  b:\n    runs-on: windows-2022\n    steps:\n      - run: docker run ubuntu\n", nil},
		{"windows with the engine's own pipe in a step", "on: push\njobs:\n  b:\n    runs-on: windows-2022\n    steps:\n      - shell: bash\n        run: DOCKER_HOST=npipe:////./pipe/docker_engine docker run --rm ubuntu:24.04\n", []string{"BSL211 docker run --rm ubuntu:24.04: Windows runners run Windows containers only"}},
		{"windows with a DOCKER_CONTEXT", "on: push\njobs:\n  b:\n    runs-on: windows-2022\n    env:\n      DOCKER_CONTEXT: builder\n    steps:\n      - run: docker run ubuntu\n", nil},
		{"windows with a local DOCKER_HOST", "on: push\njobs:\n  b:\n    runs-on: windows-2022\n    env:\n      DOCKER_HOST: npipe:////./pipe/docker_engine\n    steps:\n      - run: docker run ubuntu\n", []string{"BSL211 docker run ubuntu:"}},
		{"container without docker", "on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    container: amazonlinux:2023\n    steps:\n      - run: docker build -t app .\n",
			[]string{"BSL211 docker: docker: not found in container image amazonlinux:2023: the runner mounts its Docker socket into the job's container, but the image has no docker CLI"}},
		{"container that installs docker", "on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    container: amazonlinux:2023\n    steps:\n      - run: dnf install -y docker\n      - run: docker build -t app .\n", nil},
		{"container with docker", "on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    container: docker:dind\n    steps:\n      - run: docker build -t app .\n", nil},
		{"unknown container", "on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    container: myorg/builder:1\n    steps:\n      - run: docker build -t app .\n", nil},
		{"step if rules the runner out", "on: push\njobs:\n  b:\n    runs-on: macos-14\n    steps:\n      - if: runner.os == 'Linux'\n        run: docker build .\n", nil},
		{"matrix", "on: push\njobs:\n  b:\n    strategy:\n      matrix:\n        os: [ubuntu-latest, macos-14]\n    runs-on: ${{ matrix.os }}\n    steps:\n      - run: docker build .\n",
			[]string{"(only for matrix.os = macos-14)"}},
		{"matrix of macOS runners", "on: push\njobs:\n  b:\n    strategy:\n      matrix:\n        os: [ubuntu-latest, macos-14, macos-15]\n    runs-on: ${{ matrix.os }}\n    steps:\n      - run: docker build .\n",
			[]string{"this arm64 one cannot run it (no nested virtualization: colima and docker/setup-docker-action fail there): run this job on ubuntu-latest, or on an Intel macOS runner (macos-15-intel) that sets Docker up before this call (only for matrix.os = macos-14; matrix.os = macos-15)"}},
		{"intel macOS runner", "on: push\njobs:\n  b:\n    runs-on: macos-15-intel\n    steps:\n      - run: docker build .\n",
			[]string{"BSL211 docker build: GitHub's macOS runners have no Docker, neither the docker CLI nor a daemon: run this job on ubuntu-latest, or set Docker up in the job before this call (docker/setup-docker-action, or colima)"}},
		{"matrix with an if", "on: push\njobs:\n  b:\n    strategy:\n      matrix:\n        os: [ubuntu-latest, macos-14]\n    runs-on: ${{ matrix.os }}\n    steps:\n      - if: matrix.os != 'macos-14'\n        run: docker build .\n", nil},
		{"buildspec", "version: 0.2\nphases:\n  build:\n    commands:\n      - docker build .\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := lintWorkflow(lint.RuleSet{DockerUnavailable}, tt.workflow)
			if len(got) != len(tt.want) {
				t.Fatalf("findings:\n%s\nwant %d", strings.Join(got, "\n"), len(tt.want))
			}
			for i, w := range tt.want {
				if !strings.Contains(got[i], w) {
					t.Errorf("finding %q does not contain %q", got[i], w)
				}
			}
		})
	}
}

// TestDockerDaemonRulesSkipWorkflows: the Docker daemon rules are about a CodeBuild build
// container (who starts dockerd, privileged mode); a hosted Linux runner has a running daemon,
// so they never lint a workflow.
func TestDockerDaemonRulesSkipWorkflows(t *testing.T) {
	for _, r := range All() {
		if strings.HasPrefix(r.ID, "BSL2") && r != DockerUnavailable && r.Workflows {
			t.Errorf("%s lints workflows", r)
		}
		if r == ComputeUnsupported && r.Workflows {
			t.Errorf("%s lints workflows", r)
		}
	}
	got := lintWorkflow(All(), "on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          docker build -t app .\n          nohup dockerd &\n          docker push app\n")
	if len(got) != 0 {
		t.Errorf("a workflow job on a hosted Linux runner raises:\n%s", strings.Join(got, "\n"))
	}
}

func TestLinuxOnlyRef(t *testing.T) {
	for ref, want := range map[string]bool{
		"ubuntu": true, "ubuntu:24.04": true, "UBUNTU:24.04": true, "library/alpine:3": true,
		"docker.io/library/nginx:1": true, "docker.io/redis": true, "index.docker.io/library/node": true,
		"public.ecr.aws/docker/library/postgres:16": true, "public.ecr.aws/amazonlinux/amazonlinux:2023": true,
		"alpine@sha256:0123": true, "node:20-windowsservercore": false, "python:3.12": false,
		"golang:1.22": false, "mongo:7": false, "hello-world": false, "myorg/ubuntu": false,
		"ghcr.io/x/ubuntu": false, "localhost:5000/ubuntu": false, "mcr.microsoft.com/windows/nanoserver:ltsc2022": false,
		"public.ecr.aws/lambda/python:3.12": false, "": false,
	} {
		if got := linuxOnlyRef(ref); got != want {
			t.Errorf("linuxOnlyRef(%q) = %v, want %v", ref, got, want)
		}
	}
}

// TestDockerUnavailableComposite: a composite action's steps run on the runners of the jobs
// that call it; a finding for some of them names them.
func TestDockerUnavailableComposite(t *testing.T) {
	action := "name: build\ndescription: x\nruns:\n  using: composite\n  steps:\n    - run: docker build -t app .\n      shell: bash\n"
	src := source.NewSource(".github/actions/build/action.yml", []byte(action))
	fs := &lint.FileSettings{Runner: testRunner, Callers: []*workflow.Env{
		{Labels: []string{"ubuntu-latest"}, Job: "linux", Path: ".github/workflows/ci.yml"},
		{Labels: []string{"macos-14"}, Job: "mac", Path: ".github/workflows/ci.yml"},
	}}
	var got []string
	for _, f := range (&lint.Linter{Rules: lint.RuleSet{DockerUnavailable}}).Lint(src, fs) {
		got = append(got, f.Range.Start.String()+" "+f.Message)
	}
	if len(got) != 1 || !strings.HasPrefix(got[0], "6:12 GitHub's macOS runners have no Docker") || !strings.HasSuffix(got[0], "(only for the job mac of .github/workflows/ci.yml that calls it)") {
		t.Errorf("findings = %q", got)
	}
	// With no caller known, the runner is not known: nothing is certain.
	fs.Callers = nil
	if f := (&lint.Linter{Rules: lint.RuleSet{DockerUnavailable}}).Lint(src, fs); len(f) != 0 {
		t.Errorf("without callers: %v", f)
	}
}
