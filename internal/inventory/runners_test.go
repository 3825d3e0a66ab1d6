package inventory

import (
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/buildspec-lint/buildspec-lint/lint/image"
)

// The built-in runner data as generated from actions/runner-images at commit 749514466b4f
// (2026-08-21): each label resolves to its image, with the facts of its software report.
func TestRunner(t *testing.T) {
	tests := []struct {
		label, name, os, manager string
		docker                   image.Docker
		tools                    map[string]string // name -> version ("" any)
		absent                   []string
	}{
		{"ubuntu-latest", "ubuntu-24.04", "Ubuntu 24.04", "apt-get", image.DockerDaemon,
			map[string]string{"jq": "1.7", "aws": "2.36.24", "sam": "1.165.0", "kubectl": "1.36.3", "helm": "3.21.4",
				"node": "22.23.2", "python3": "3.12.3", "python": "", "go": "1.24.13", "java": "17.0.20+8", "gh": "2.97.0",
				"docker": "28.0.4", "docker compose": "2.38.2", "docker buildx": "0.36.1", "git": "2.55.0", "shellcheck": "",
				"rsync": "", "parallel": "", "zip": "", "unzip": "", "yq": "4.53.3", "gcloud": "580.0.0", "az": "2.89.1",
				"pulumi": "3.257.0", "packer": "1.16.0", "kind": "0.32.0", "minikube": "1.38.1", "kustomize": "5.8.1",
				"zstd": "1.5.7", "mvn": "3.9.16", "gradle": "9.7.0", "ant": "1.10.14", "cargo": "1.97.1", "rustc": "1.97.1",
				"php": "8.3.6", "composer": "2.10.2", "dotnet": "10.0.400", "npm": "10.9.8", "npx": "10.9.8", "yarn": "1.22.22",
				"pipx": "1.16.7", "pip3": "24.0", "ruby": "3.2.3", "gem": "3.4.20", "curl": "", "wget": ""},
			[]string{"terraform", "brew", "docker-compose"}},
		{"ubuntu-24.04", "ubuntu-24.04", "Ubuntu 24.04", "apt-get", image.DockerDaemon, map[string]string{"jq": "1.7"}, nil},
		{"ubuntu-22.04", "ubuntu-22.04", "Ubuntu 22.04", "apt-get", image.DockerDaemon,
			map[string]string{"terraform": "1.15.8", "python3": "3.10.12", "aws": "2.36.24", "kubectl": "1.36.3"}, nil},
		{"ubuntu-24.04-arm", "ubuntu-24.04-arm64", "Ubuntu 24.04", "apt-get", image.DockerDaemon,
			map[string]string{"jq": "", "aws": "2.36.24", "kubectl": "1.36.3", "gcloud": "580.0.0"}, nil},
		{"ubuntu-22.04-arm", "ubuntu-22.04-arm64", "Ubuntu 22.04", "apt-get", image.DockerDaemon, map[string]string{"jq": ""}, nil},
		{"windows-latest", "windows-2025-vs2026", "Windows Server 2025", "choco", image.DockerDaemon,
			map[string]string{"jq": "1.8.1", "aws": "2.36.25", "choco": "2.7.3", "go": "1.24.13", "node": "22.23.2",
				"python": "3.12.10", "docker": "29.1.5", "kubectl": "1.36.3", "helm": "4.1.4", "pwsh": "7.6.5", "gh": "2.97.0"},
			[]string{"python3", "docker-compose"}},
		{"windows-2025", "windows-2025-vs2026", "Windows Server 2025", "choco", image.DockerDaemon, nil, nil},
		{"windows-2022", "windows-2022", "Windows Server 2022", "choco", image.DockerDaemon,
			map[string]string{"jq": "", "aws": "2.36.25", "java": "8.0.502+7", "7z": ""}, nil},
		{"macos-latest", "macos-26-arm64", "macOS 26", "brew", image.DockerNone,
			map[string]string{"jq": "", "aws": "2.36.9", "node": "24.18.0", "brew": ""}, []string{"docker", "kubectl", "helm"}},
		{"macos-14", "macos-14-arm64", "macOS 14", "brew", image.DockerNone,
			map[string]string{"jq": "", "aws": "2.35.11", "python3": "3.14.6"}, []string{"docker", "kubectl", "helm", "go"}},
		{"macos-14-large", "macos-14", "macOS 14", "brew", image.DockerNone, map[string]string{"jq": ""}, []string{"docker"}},
		{"macos-15", "macos-15-arm64", "macOS 15", "brew", image.DockerNone,
			map[string]string{"jq": "1.8.2", "aws": "2.36.8", "yq": "4.53.3", "gh": "2.96.0", "java": "21.0.11+10.0", "bundle": "4.0.17"},
			[]string{"docker", "kubectl"}},
		{"macos-15-xlarge", "macos-15-arm64", "macOS 15", "brew", image.DockerNone, nil, nil},
		{"macos-15-intel", "macos-15", "macOS 15", "brew", image.DockerNone, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.label, func(t *testing.T) {
			inv, ok := Runner(tt.label)
			if !ok {
				t.Fatalf("Runner(%q) is unknown", tt.label)
			}
			if inv.Name != tt.name || inv.Ref != tt.name || inv.OS != tt.os || inv.PackageManager != tt.manager {
				t.Errorf("got name %q ref %q os %q manager %q, want %q %q %q", inv.Name, inv.Ref, inv.OS, inv.PackageManager, tt.name, tt.os, tt.manager)
			}
			if inv.Docker != tt.docker || inv.DockerOrigin == "" {
				t.Errorf("docker %v (%q), want %v", inv.Docker, inv.DockerOrigin, tt.docker)
			}
			if inv.Custom || inv.Curated || inv.Partial || inv.AWSCLIMajor != 2 || inv.Runner != nil {
				t.Errorf("custom %v curated %v partial %v aws %d runner %v", inv.Custom, inv.Curated, inv.Partial, inv.AWSCLIMajor, inv.Runner)
			}
			for name, v := range tt.tools {
				tool := inv.Has(name)
				if tool == nil {
					t.Errorf("no %s", name)
					continue
				}
				if v != "" && tool.Version != v {
					t.Errorf("%s %q, want %q", name, tool.Version, v)
				}
				if !strings.HasPrefix(tool.Origin, "the software report of GitHub's "+tt.name+" runner image, version ") &&
					!strings.HasPrefix(tool.Origin, "the toolset of GitHub's "+tt.name+" runner image (") {
					t.Errorf("%s origin %q", name, tool.Origin)
				}
			}
			for _, name := range tt.absent {
				if tool := inv.Has(name); tool != nil {
					t.Errorf("has %s (%s)", name, tool.Origin)
				}
			}
		})
	}
}

func TestRunnerDocker(t *testing.T) {
	linux, _ := Runner("ubuntu-24.04")
	for _, base := range []string{"sed", "grep", "awk", "cut", "apt-get", "dpkg-query", "which"} {
		if tl := linux.Has(base); tl == nil || tl.Origin != "the Ubuntu base system of GitHub's ubuntu-24.04 runner image" {
			t.Errorf("ubuntu-24.04 %s: %+v", base, tl)
		}
	}
	if mac, _ := Runner("macos-15"); mac.Has("apt-get") != nil || mac.Has("dpkg") != nil {
		t.Error("macos-15 has Ubuntu's base system")
	}
	if linux.Docker != image.DockerDaemon || linux.Dockerd != image.DockerdAuto ||
		linux.DockerOrigin != "the software report of GitHub's ubuntu-24.04 runner image, version 20260816.277.1 (Docker Server)" {
		t.Errorf("linux: %v %v %q", linux.Docker, linux.Dockerd, linux.DockerOrigin)
	}
	mac, _ := Runner("macos-15")
	if mac.Docker != image.DockerNone || !strings.HasPrefix(mac.DockerOrigin, "GitHub's macOS runners have no Docker (the software report of GitHub's macos-15-arm64 runner image, version ") {
		t.Errorf("macos: %v %q", mac.Docker, mac.DockerOrigin)
	}
	win, _ := Runner("windows-2022")
	if win.Docker != image.DockerDaemon || win.Dockerd != image.DockerdAuto ||
		!slices.ContainsFunc(win.Notes, func(n string) bool { return strings.Contains(n, "Windows containers only") }) {
		t.Errorf("windows: %v %v %q", win.Docker, win.Dockerd, win.Notes)
	}
	if lin, _ := Runner("ubuntu-22.04"); slices.ContainsFunc(lin.Notes, func(n string) bool { return strings.Contains(n, "Windows containers") }) {
		t.Errorf("linux has the Windows note: %q", lin.Notes)
	}
}

func TestRunnerLabels(t *testing.T) {
	labels := RunnerLabels()
	if !slices.IsSorted(labels) {
		t.Errorf("not sorted: %q", labels)
	}
	for _, l := range []string{"ubuntu-latest", "ubuntu-24.04", "ubuntu-22.04", "ubuntu-24.04-arm", "ubuntu-22.04-arm",
		"windows-latest", "windows-2022", "windows-2025", "macos-latest", "macos-14", "macos-15", "macos-15-large", "macos-14-xlarge"} {
		if !slices.Contains(labels, l) {
			t.Errorf("no label %s", l)
		}
		if _, ok := Runner(l); !ok {
			t.Errorf("Runner(%q) is unknown", l)
		}
	}
	if len(slices.Compact(slices.Clone(labels))) != len(labels) {
		t.Errorf("a label twice: %q", labels)
	}
}

func TestRunnerAliasesAndCase(t *testing.T) {
	for alias, same := range map[string]string{"ubuntu-latest": "ubuntu-24.04", "windows-latest": "windows-2025",
		"macos-latest": "macos-26", "UBUNTU-LATEST": "ubuntu-24.04", " Windows-2022 ": "windows-2022", "MacOS-15": "macos-15-xlarge"} {
		a, ok1 := Runner(alias)
		b, ok2 := Runner(same)
		if !ok1 || !ok2 {
			t.Fatalf("Runner(%q) %v, Runner(%q) %v", alias, ok1, same, ok2)
		}
		a.Notes = slices.DeleteFunc(a.Notes, func(n string) bool { return strings.Contains(n, "-latest is ") })
		if len(a.Notes) == 0 {
			a.Notes = nil
		}
		if !reflect.DeepEqual(a, b) {
			t.Errorf("Runner(%q) differs from Runner(%q)", alias, same)
		}
	}
	// A -latest label says which image it meant and when; the image's own label does not.
	for label, want := range map[string]string{
		"ubuntu-latest":  "ubuntu-latest is ubuntu-24.04 as the actions/runner-images README documents it on 2026-08-21; GitHub moves -latest labels to newer images",
		"Windows-Latest": "windows-latest is windows-2025-vs2026 as the actions/runner-images README documents it on 2026-08-21; GitHub moves -latest labels to newer images",
		"macos-latest":   "macos-latest is macos-26-arm64 as the actions/runner-images README documents it on 2026-08-21; GitHub moves -latest labels to newer images",
	} {
		inv, _ := Runner(label)
		if !slices.Contains(inv.Notes, want) {
			t.Errorf("%s: notes %q", label, inv.Notes)
		}
	}
	if inv, _ := Runner("ubuntu-24.04"); len(inv.Notes) != 0 {
		t.Errorf("ubuntu-24.04: notes %q", inv.Notes)
	}
	for _, l := range []string{"", "self-hosted", "ubuntu-20.04", "ubuntu", "windows-2019", "macos-13", "codebuild-x-1-1", "ubuntu-latest-arm", "ubuntu-24.04\x00"} {
		if inv, ok := Runner(l); ok || inv != nil {
			t.Errorf("Runner(%q) = %v, %v", l, inv, ok)
		}
	}
}

func TestRunnerVersions(t *testing.T) {
	for _, tt := range []struct {
		label, tool string
		want        []string
	}{
		{"ubuntu-24.04", "node", []string{"22.23.2", "24.19.0"}},
		{"ubuntu-24.04", "go", []string{"1.24.13", "1.25.13", "1.26.6"}},
		{"ubuntu-24.04", "python3", []string{"3.10.21", "3.11.16", "3.12.14", "3.13.15", "3.14.7"}},
		{"ubuntu-24.04", "java", []string{"8.0.502+7", "11.0.32+9", "17.0.20+8", "21.0.12+8", "25.0.4+7"}},
		{"windows-2022", "python", []string{"3.10.11", "3.11.9", "3.12.10", "3.13.15", "3.14.7"}},
		{"ubuntu-24.04", "jq", nil},
		{"nope", "node", nil},
	} {
		if got := RunnerVersions(tt.label, tt.tool); !slices.Equal(got, tt.want) {
			t.Errorf("RunnerVersions(%q, %q) = %q, want %q", tt.label, tt.tool, got, tt.want)
		}
	}
	// The inventories are copies: changing one changes no other.
	a, _ := Runner("ubuntu-24.04")
	a.Tools["jq"].Version = "x"
	a.Notes = append(a.Notes[:0], "x")
	if b, _ := Runner("ubuntu-24.04"); b.Tools["jq"].Version != "1.7" {
		t.Error("Runner shares its tools")
	}
	RunnerVersions("ubuntu-24.04", "node")[0] = "x"
	if RunnerVersions("ubuntu-24.04", "node")[0] != "22.23.2" {
		t.Error("RunnerVersions shares its slice")
	}
}

// fakeCheckout writes a small runner-images checkout: a README with two images and their
// reports and toolsets, in the shapes of the real files.
func fakeCheckout(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"README.md": "# Runner images\n\n| Image | Architecture | YAML Label | Included Software |\n| --- | --- | --- | --- |\n" +
			"| Ubuntu 30.04<br>badge | x64 | `ubuntu-latest` or `ubuntu-30.04` | [ubuntu-30.04] |\n" +
			"| macOS 40 Arm64 | arm64 | `macos-40`, or `macos-40-XLarge` | [macOS-40-arm64] |\n\n" +
			"[ubuntu-30.04]: https://github.com/actions/runner-images/blob/main/images/ubuntu/Ubuntu3004-Readme.md\n" +
			"[macOS-40-arm64]: https://github.com/actions/runner-images/blob/main/images/macos/macos-40-arm64-Readme.md\n",
		"images/ubuntu/Ubuntu3004-Readme.md": "| Announcements |\n|-|\n***\n# Ubuntu 30.04\n- OS Version: 30.04.1 LTS\n- Image Version: 20300101.1.1\n\n" +
			"## Installed Software\n\n### Language and Runtime\n- Bash 6.0.1(1)-release\n- Node.js 30.1.0\n- Python 3.20.1\n\n" +
			"### Package Management\n- Homebrew 9.0.0\n- Npm 12.0.0\n- Pip3 30.0 (python 3.20)\n\n### Tools\n- Docker Compose 3.0.0\n- Docker Client 40.0.1\n- Docker Server 40.0.1\n" +
			"- jq 2.0\n- OpenSSL 4.0.1  1 Jan 2030\n- Terraform 2.1.0\n\n### CLI Tools\n- AWS CLI 3.1.0\n- Azure CLI 3.0.0\n- Azure CLI (azure-devops) 1.0.6\n\n" +
			"### Java\n| Version | Environment Variable |\n| --- | --- |\n| 21.0.1+1 | JAVA_HOME_21_X64 |\n| 25.0.1+1 (default) | JAVA_HOME_25_X64 |\n\n" +
			"### .NET Tools\n- .NET Core SDK: 10.0.100, 11.0.100\n\n### Cached Tools\n\n#### Go\n- 1.30.1\n- 1.31.2\n\n#### Node.js\n- 28.0.0\n- 30.1.0\n\n" +
			"### Installed apt packages\n| Name | Version |\n| ---- | ------- |\n| python-is-python3 | 3.20 |\n| shellcheck | 0.12.0-1 |\n",
		"images/ubuntu/toolsets/toolset-3004.json": `{"toolcache": [{"name": "go", "default": "1.31.*", "versions": ["1.30.*", "1.31.*"]}, {"name": "node", "versions": ["28.*"]}],
			"apt": {"vital_packages": ["shellcheck", "zip"], "common_packages": ["rsync"]}, "brew": []}`,
		"images/macos/macos-40-arm64-Readme.md": "# macOS 40\n- OS Version: macOS 40.1\n- Image Version: 20300102.0001.1\n\n### Language and Runtime\n" +
			"- GCC 15 (Homebrew GCC 15.1.0) - available by `gcc-15` alias\n- Python3 3.20.2\n\n### Package Management\n- Homebrew 9.0.1\n\n### Utilities\n- jq 2.0.1\n\n### Tools\n- AWS CLI 3.0.2\n",
		"images/macos/toolsets/toolset-40.json": `{"brew": {"common_packages": ["yq", "gnu-tar"], "cask_packages": ["parallels"]}, "toolcache": [{"name": "Go", "arch": {}}]}`,
	}
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// The generator reads a checkout into data files, which load back into the runner data.
func TestRunnerGenerator(t *testing.T) {
	const commit = "0123456789abcdef0123456789abcdef01234567"
	rfs, err := readRunnerImages(fakeCheckout(t), commit, "2030-01-03", "2030-01-04")
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "runners")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	stale := filepath.Join(out, "ubuntu-10.04.yaml")
	if err := os.WriteFile(stale, []byte("image: ubuntu-10.04\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := writeRunnerFiles(out, rfs); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Error("the file of an image the checkout no longer has is still there")
	}
	rs, err := loadRunners(out)
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 2 || rs[0].Name != "macos-40-arm64" || rs[1].Name != "ubuntu-30.04" {
		t.Fatalf("got %d images: %+v", len(rs), rs)
	}
	mac, ub := rs[0], rs[1]
	if !slices.Equal(ub.Labels, []string{"ubuntu-latest", "ubuntu-30.04"}) || !slices.Equal(mac.Labels, []string{"macos-40", "macos-40-xlarge"}) {
		t.Errorf("labels %q %q", ub.Labels, mac.Labels)
	}
	wantSrc := sourceRef{Repo: "actions/runner-images", Commit: commit, Path: "images/ubuntu/Ubuntu3004-Readme.md"}
	if ub.Source != wantSrc || ub.Toolset != "images/ubuntu/toolsets/toolset-3004.json" || ub.Read != "2030-01-04" ||
		ub.CommitDate != "2030-01-03" || ub.Version != "20300101.1.1" || ub.OS != "Ubuntu 30.04" || ub.Arch != "x64" || ub.Family != "linux" {
		t.Errorf("ubuntu header %+v", ub)
	}
	if mac.Toolset != "images/macos/toolsets/toolset-40.json" || mac.Family != "macos" || mac.Manager != "brew" || mac.Docker != "none" || mac.Arch != "arm64" {
		t.Errorf("macos header %+v", mac)
	}
	if ub.Manager != "apt-get" || ub.AWSCLI != 3 || ub.Docker != "daemon" || ub.DockerFrom != "Docker Server" {
		t.Errorf("ubuntu manager %q aws %d docker %q %q", ub.Manager, ub.AWSCLI, ub.Docker, ub.DockerFrom)
	}
	tools := map[string][3]string{}
	for _, tl := range ub.Tools {
		tools[tl[0]] = tl
	}
	for name, v := range map[string]string{"bash": "6.0.1", "node": "30.1.0", "python3": "3.20.1", "npm": "12.0.0", "npx": "12.0.0",
		"pip3": "30.0", "docker compose": "3.0.0", "docker": "40.0.1", "dockerd": "40.0.1", "jq": "2.0", "openssl": "4.0.1",
		"terraform": "2.1.0", "aws": "3.1.0", "az": "3.0.0", "java": "25.0.1+1", "javac": "25.0.1+1", "dotnet": "11.0.100",
		"go": "1.31.2", "gofmt": "1.31.2", "python": ""} {
		if tl, ok := tools[name]; !ok || tl[1] != v {
			t.Errorf("ubuntu %s: %q, want version %q", name, tl, v)
		}
	}
	if _, ok := tools["brew"]; ok {
		t.Error("Homebrew is not on the PATH of the Ubuntu runners, yet brew is a tool")
	}
	if !slices.Equal(ub.Packages, []string{"python-is-python3", "shellcheck"}) || !slices.Equal(ub.ToolsetPackages, []string{"zip", "rsync"}) {
		t.Errorf("packages %q toolset %q", ub.Packages, ub.ToolsetPackages)
	}
	if !reflect.DeepEqual(ub.Versions, [][]string{{"dotnet", "10.0.100", "11.0.100"}, {"go", "1.30.1", "1.31.2"},
		{"java", "21.0.1+1", "25.0.1+1"}, {"javac", "21.0.1+1", "25.0.1+1"}, {"node", "28.0.0", "30.1.0"}}) {
		t.Errorf("versions %q", ub.Versions)
	}
	if len(ub.Notes) != 0 || len(mac.Notes) != 0 {
		t.Errorf("notes %q %q", ub.Notes, mac.Notes)
	}
	mtools := map[string]string{}
	for _, tl := range mac.Tools {
		mtools[tl[0]] = tl[1]
	}
	if !reflect.DeepEqual(mtools, map[string]string{"python3": "3.20.2", "brew": "9.0.1", "jq": "2.0.1", "aws": "3.0.2"}) {
		t.Errorf("macos tools %q", mtools)
	}
	if !slices.Equal(mac.ToolsetPackages, []string{"yq", "gnu-tar"}) {
		t.Errorf("macos toolset packages %q", mac.ToolsetPackages)
	}
}

// A checkout the generator cannot read is an error that names the file, never data.
func TestRunnerGeneratorErrors(t *testing.T) {
	for name, edit := range map[string]func(dir string) error{
		"no README": func(dir string) error { return os.Remove(filepath.Join(dir, "README.md")) },
		"no table": func(dir string) error {
			return os.WriteFile(filepath.Join(dir, "README.md"), []byte("# Runner images\n"), 0o644)
		},
		"no report": func(dir string) error {
			return os.Remove(filepath.Join(dir, "images", "ubuntu", "Ubuntu3004-Readme.md"))
		},
		"no image version": func(dir string) error {
			return os.WriteFile(filepath.Join(dir, "images", "macos", "macos-40-arm64-Readme.md"), []byte("# macOS 40\n- jq 1\n"), 0o644)
		},
	} {
		dir := fakeCheckout(t)
		if err := edit(dir); err != nil {
			t.Fatal(err)
		}
		if rfs, err := readRunnerImages(dir, "0123456789abcdef0123456789abcdef01234567", "2030-01-03", "2030-01-04"); err == nil {
			t.Errorf("%s: no error, %d images", name, len(rfs))
		}
	}
	// A data file that breaks the schema or claims another image's label fails at its place.
	dir := t.TempDir()
	ok := "image: a\nlabels: [x]\nos: A\nfamily: linux\narch: x64\npackage_manager: apt-get\ndocker: none\nsource: {repo: actions/runner-images, commit: 0123456789abcdef0123456789abcdef01234567, commit_date: \"2030-01-03\", read: \"2030-01-04\", readme: README.md, report: r.md, image_version: \"1\"}\n"
	os.WriteFile(filepath.Join(dir, "a.yaml"), []byte(ok), 0o644)
	os.WriteFile(filepath.Join(dir, "b.yaml"), []byte(strings.Replace(strings.Replace(ok, "image: a", "image: b", 1), "docker: none", "docker: maybe", 1)), 0o644)
	os.WriteFile(filepath.Join(dir, "c.yaml"), []byte(strings.Replace(ok, "image: a", "image: c", 1)), 0o644)
	_, err := loadRunners(dir)
	if err == nil || !strings.Contains(err.Error(), "b.yaml:7:9") || !strings.Contains(err.Error(), "label x is also a's") {
		t.Errorf("got %v", err)
	}
}

// Reports of any shape read without a panic: a name in a case whose lower case is longer,
// unclosed tables, lines without versions.
func TestParseReportHostile(t *testing.T) {
	for _, text := range []string{"", "#", "# \n- ", "- \u0130 1.0", "- JQ", "- jq:", "- jq ,", "- .NET Core SDK: ,,, 1,",
		"### Java\n|", "### Java\n| (default) |", "### Installed apt packages\n||\n|", "### Cached Tools\n#### Go\n- \n-", "- Docker Server\x00 1"} {
		r := parseReport([]byte(text), "linux")
		for _, tl := range r.tools {
			if tl.Name == "" {
				t.Errorf("%q: a tool without a name", text)
			}
		}
	}
	if r := parseReport([]byte("- JQ 1.7\n- jq 1.8"), "linux"); r.version1("jq") != "1.7" {
		t.Errorf("names are read in any case, the first line winning: %+v", r.tools)
	}
}

// The command reads the commit and its date from the checkout's git history.
func TestRunnerRegenerateFromGit(t *testing.T) {
	dir := fakeCheckout(t)
	git := func(args ...string) string {
		cmd := exec.Command("git", append([]string{"-C", dir, "-c", "user.name=t", "-c", "user.email=t@example.com"}, args...)...)
		cmd.Env = append(os.Environ(), "GIT_COMMITTER_DATE=2030-01-03T10:00:00Z", "GIT_AUTHOR_DATE=2030-01-03T10:00:00Z")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %q: %v\n%s", args, err, out)
		}
		return strings.TrimSpace(string(out))
	}
	out := filepath.Join(t.TempDir(), "runners")
	if err := regenerateRunners(dir, out); err == nil || !strings.Contains(err.Error(), "not a git checkout") {
		t.Errorf("a directory without git history: %v", err)
	}
	git("init", "-q")
	git("add", "-A")
	git("commit", "-q", "-m", "images")
	head := git("rev-parse", "HEAD")
	if err := regenerateRunners(dir, out); err != nil {
		t.Fatal(err)
	}
	rs, err := loadRunners(out)
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 2 || rs[0].Source.Commit != head || rs[0].CommitDate != "2030-01-03" || rs[0].Read != time.Now().UTC().Format("2006-01-02") {
		t.Errorf("got %+v", rs)
	}
}
