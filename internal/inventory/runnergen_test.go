package inventory

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"go/format"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"
)

// The generator of data/runners: it reads a checkout of the public actions/runner-images
// repository (its README's table of images and labels, each image's software report and
// toolset) and writes one file per image. TestData runs it when -runner-images names a checkout:
//
//	git clone https://github.com/actions/runner-images /tmp/runner-images
//	go test ./internal/inventory -run TestData -update -runner-images /tmp/runner-images

var runnerImagesDir = flag.String("runner-images", "", "with -update: regenerate data/runners from this checkout of actions/runner-images")

// runnerFile is the layout of a data/runners/*.yaml file.
type runnerFile struct {
	Image  string       `yaml:"image" check:"required,imageref"`
	Labels []string     `yaml:"labels" check:"required,imageref"`
	OS     string       `yaml:"os" check:"required"`
	Family string       `yaml:"family" check:"required,enum=linux|windows|macos"`
	Arch   string       `yaml:"arch" check:"required,enum=x64|arm64"`
	Source runnerSource `yaml:"source" check:"required"`
	// Manager is the OS package manager; AWSCLI the AWS CLI major version (0: none).
	Manager string `yaml:"package_manager" check:"required,enum=apt-get|choco|brew"`
	AWSCLI  int    `yaml:"aws_cli_major"`
	// Docker is daemon or none; DockerFrom the report line that says there is a daemon.
	Docker     string          `yaml:"docker" check:"required,enum=daemon|none"`
	DockerFrom string          `yaml:"docker_from"`
	Tools      []runnerTool    `yaml:"tools"`
	Versions   []runnerVersion `yaml:"versions_side_by_side"`
	Packages   []string        `yaml:"packages" check:"package"`
	// ToolsetPackages are the OS packages the toolset installs that the report does not list.
	ToolsetPackages []string `yaml:"toolset_packages" check:"package"`
	Notes           []string `yaml:"notes"`
}

// runnerSource is where a runner's facts were read.
type runnerSource struct {
	Repo         string `yaml:"repo" check:"required,repo"`
	Commit       string `yaml:"commit" check:"required,commit"`
	CommitDate   string `yaml:"commit_date" check:"required,date"`
	Read         string `yaml:"read" check:"required,date"`
	README       string `yaml:"readme" check:"required,relpath"`
	Report       string `yaml:"report" check:"required,relpath"`
	ImageVersion string `yaml:"image_version" check:"required,version"`
	Toolset      string `yaml:"toolset,omitempty" check:"relpath"`
}

// runnerTool is an executable the report lists, with the report line it comes from.
type runnerTool struct {
	Name    string `yaml:"name" check:"required,runnertool"`
	Version string `yaml:"version" check:"optversion"`
	From    string `yaml:"from" check:"required"`
}

// runnerVersion is a tool with several versions installed side by side.
type runnerVersion struct {
	Tool     string   `yaml:"tool" check:"required,tool"`
	Versions []string `yaml:"versions" check:"required,version"`
}

func init() {
	shapes["date"] = struct {
		re   *regexp.Regexp
		what string
	}{regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`), "a date (2026-08-21)"}
	shapes["package"] = struct {
		re   *regexp.Regexp
		what string
	}{regexp.MustCompile(`^[A-Za-z0-9_.+@-]+$`), "a package name"}
	shapes["runnertool"] = struct {
		re   *regexp.Regexp
		what string
	}{regexp.MustCompile(`^[A-Za-z0-9_.+-]+( [a-z]+)?$`), "an executable's name, or docker and a CLI plugin's name"}
}

// reportTools maps a software report's tool names (lower case, as the line starts) to their
// executables; a "family:" key applies on that family only and wins. A name that maps to nothing
// is read and left out (not on the PATH: Homebrew on Linux, Miniconda).
var reportTools = map[string][]string{
	"bash": {"bash"}, "dash": {"dash"}, "perl": {"perl"}, "julia": {"julia"},
	"kotlin": {"kotlin", "kotlinc"}, "swift": {"swift"},
	"node.js": {"node"}, "node": {"node"}, "npm": {"npm", "npx"}, "yarn": {"yarn"},
	"python": {"python3"}, "windows:python": {"python"}, "python3": {"python3"},
	"pip": {"pip"}, "pip3": {"pip3"}, "pipx": {"pipx"},
	"ruby": {"ruby"}, "rubygems": {"gem"}, "bundler": {"bundle", "bundler"},
	"go":  {"go", "gofmt"},
	"php": {"php"}, "composer": {"composer"}, "phpunit": {"phpunit"},
	"helm": {"helm"}, "homebrew": nil, "macos:homebrew": {"brew"}, "miniconda": nil,
	"chocolatey": {"choco"}, "nuget": {"nuget"},
	"ant": {"ant"}, "apache ant": {"ant"}, "gradle": {"gradle"}, "maven": {"mvn"},
	"apache maven": {"mvn"}, "lerna": {"lerna"}, "sbt": {"sbt"},
	"ansible": {"ansible", "ansible-playbook", "ansible-galaxy"}, "azcopy": {"azcopy"},
	"bazel": {"bazel"}, "bazelisk": {"bazelisk"}, "bicep": {"bicep"}, "bicep cli": {"bicep"},
	"buildah": {"buildah"}, "cmake": {"cmake", "ctest", "cpack"},
	"docker amazon ecr credential helper": {"docker-credential-ecr-login"},
	"docker compose":                      {"docker compose"}, "docker-buildx": {"docker buildx"},
	"docker client": {"docker"}, "docker server": {"dockerd"}, "windows:docker": {"docker", "dockerd"},
	"docker-wincred": {"docker-credential-wincred"},
	"fastlane":       {"fastlane"}, "git": {"git"}, "git lfs": {"git-lfs"}, "git-ftp": {"git-ftp"},
	"jq": {"jq"}, "yq": {"yq"}, "kind": {"kind"}, "kubectl": {"kubectl"}, "kustomize": {"kustomize"},
	"minikube": {"minikube"}, "terraform": {"terraform"}, "packer": {"packer"}, "pulumi": {"pulumi"},
	"podman": {"podman"}, "skopeo": {"skopeo"}, "yamllint": {"yamllint"},
	"zstd": {"zstd", "unzstd", "zstdcat"}, "ninja": {"ninja"}, "openssl": {"openssl"},
	"newman": {"newman"}, "mercurial": {"hg"}, "mediainfo": {"mediainfo"}, "parcel": {"parcel"},
	"n": {"n"}, "aria2": {"aria2c"}, "7zip": {"7z"}, "7-zip": {"7z"}, "curl": {"curl"},
	"gnu wget": {"wget"}, "gnu tar": {"gtar"}, "bsdtar": {"tar"}, "gpg (gnupg)": {"gpg"},
	"pkgconf": {"pkgconf", "pkg-config"}, "gcc": nil, "windows:gcc": {"gcc"}, "gdb": {"gdb"}, "swig": {"swig"},
	"cabal": {"cabal"}, "ghc": {"ghc"}, "ghcup": {"ghcup"}, "stack": {"stack"},
	"cocoapods": {"pod"}, "carthage": {"carthage"}, "xcodes": {"xcodes"},
	"xcbeautify": {"xcbeautify"}, "swiftformat": {"swiftformat"}, "unxip": {"unxip"},
	"aws cli": {"aws"}, "aws cli session manager plugin": {"session-manager-plugin"},
	"aws session manager cli": {"session-manager-plugin"}, "aws sam cli": {"sam"},
	"azure cli": {"az"}, "github cli": {"gh"}, "google cloud cli": {"gcloud", "gsutil", "bq"},
	"cargo": {"cargo"}, "rust": {"rustc"}, "rustdoc": {"rustdoc"}, "rustup": {"rustup"},
	"rustfmt": {"rustfmt", "cargo-fmt"}, "clippy": {"cargo-clippy", "clippy-driver"},
	"powershell": {"pwsh"}, "sqlite3": {"sqlite3"}, "postgresql": {"psql"}, "mysql": {"mysql"},
	".net core sdk":     {"dotnet"},
	"alibaba cloud cli": {"aliyun"}, "bindgen": {"bindgen"}, "cbindgen": {"cbindgen"},
	"cargo audit": {"cargo-audit"}, "cargo-audit": {"cargo-audit"}, "cargo clippy": {"cargo-clippy"},
	"cargo outdated": {"cargo-outdated"}, "cargo-outdated": {"cargo-outdated"}, "heroku": {"heroku"},
	"leiningen": {"lein"}, "mono": {"mono"}, "netlify cli": {"netlify"}, "oras cli": {"oras"},
	"openshift cli": {"oc"}, "subversion": {"svn"}, "svn": {"svn"}, "swiftlint": {"swiftlint"},
	"vercel cli": {"vercel"}, "sqlcmd": {"sqlcmd"}, "sqlpackage": {"sqlpackage"}, "apt-fast": {"apt-fast"},
	"cpan": {"cpan"}, "mongodb shell (mongosh)": {"mongosh"},
}

// cacheTools maps the report's "Cached Tools" headings to the executable a version brings.
var cacheTools = map[string]string{"go": "go", "node.js": "node", "python": "python3", "ruby": "ruby"}

// aptExtra are executables of apt packages that internal/install's package data does not give.
var aptExtra = map[string][]string{"python-is-python3": {"python"}}

// runnerCheckout reads the commit of a checkout with git.
func runnerCheckout(dir string) (commit, date string, err error) {
	out, err := exec.Command("git", "-C", dir, "log", "-1", "--format=%H %cs").Output()
	if err != nil {
		return "", "", fmt.Errorf("%s: not a git checkout of actions/runner-images: %v", dir, err)
	}
	f := strings.Fields(string(out))
	if len(f) != 2 {
		return "", "", fmt.Errorf("%s: git log printed %q", dir, out)
	}
	return f[0], f[1], nil
}

// readRunnerImages reads the images of a runner-images checkout at dir: the README's table of
// images, each image's software report and its toolset. commit and commitDate name the
// checkout, read the date of the reading.
func readRunnerImages(dir, commit, commitDate, read string) ([]*runnerFile, error) {
	readme, err := os.ReadFile(filepath.Join(dir, "README.md"))
	if err != nil {
		return nil, err
	}
	rows, err := readmeImages(readme)
	if err != nil {
		return nil, fmt.Errorf("README.md: %v", err)
	}
	var out []*runnerFile
	for _, row := range rows {
		rf, err := readRunnerImage(dir, row)
		if err != nil {
			return nil, err
		}
		rf.Source.Repo, rf.Source.Commit, rf.Source.CommitDate, rf.Source.Read = "actions/runner-images", commit, commitDate, read
		out = append(out, rf)
	}
	return out, nil
}

// readmeRow is one image of the README's table.
type readmeRow struct {
	image, arch, report string
	labels              []string
}

var (
	labelRE   = regexp.MustCompile("`([A-Za-z0-9._-]+)`")
	refLinkRE = regexp.MustCompile(`^\[([A-Za-z0-9._-]+)\]:\s*https://github\.com/actions/runner-images/blob/[^/]+/(\S+)$`)
)

// readmeImages reads the "Available Images" table (Image | Architecture | YAML Label | Included
// Software) and the link definitions that name each image's software report.
func readmeImages(b []byte) ([]readmeRow, error) {
	links := map[string]string{}
	var rows []readmeRow
	var keys []string
	for _, line := range strings.Split(string(b), "\n") {
		line = strings.TrimSpace(line)
		if m := refLinkRE.FindStringSubmatch(line); m != nil {
			links[m[1]] = m[2]
			continue
		}
		if !strings.HasPrefix(line, "|") {
			continue
		}
		cells := strings.Split(strings.Trim(line, "|"), "|")
		if len(cells) != 4 {
			continue
		}
		labels := labelRE.FindAllStringSubmatch(cells[2], -1)
		key := strings.Trim(strings.TrimSpace(cells[3]), "[]")
		if len(labels) == 0 || key == "" {
			continue
		}
		row := readmeRow{image: strings.ToLower(key), arch: strings.TrimSpace(cells[1])}
		for _, l := range labels {
			row.labels = append(row.labels, strings.ToLower(l[1]))
		}
		rows = append(rows, row)
		keys = append(keys, key)
	}
	if len(rows) == 0 {
		return nil, errors.New("no table of images with YAML labels")
	}
	for i := range rows {
		rows[i].report = links[keys[i]]
		if rows[i].report == "" {
			return nil, fmt.Errorf("image %s: no link to its software report", keys[i])
		}
	}
	return rows, nil
}

// readRunnerImage reads one image's software report and toolset.
func readRunnerImage(dir string, row readmeRow) (*runnerFile, error) {
	rf := &runnerFile{Image: row.image, Labels: row.labels, Arch: row.arch}
	rf.Source.README, rf.Source.Report = "README.md", row.report
	switch {
	case strings.Contains(row.report, "/windows/"):
		rf.Family, rf.Manager = "windows", "choco"
	case strings.Contains(row.report, "/macos/"):
		rf.Family, rf.Manager = "macos", "brew"
	case strings.Contains(row.report, "/ubuntu"):
		rf.Family, rf.Manager = "linux", "apt-get"
	default:
		return nil, fmt.Errorf("%s: no OS family known for this report's folder", row.report)
	}
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(row.report)))
	if err != nil {
		return nil, err
	}
	rep := parseReport(b, rf.Family)
	if rep.os == "" || rep.version == "" {
		return nil, fmt.Errorf("%s: no title or no Image Version line", row.report)
	}
	rf.OS, rf.Source.ImageVersion = rep.os, rep.version
	ts, tsPath := readToolset(dir, row.report)
	rf.Source.Toolset = tsPath
	// The toolset's default toolcache version is on the PATH (Go on Ubuntu) when the report's
	// language list does not name the tool.
	for _, d := range ts.defaults {
		exe := cacheTools[strings.ToLower(d[0])]
		if exe == "" || rep.has(exe) {
			continue
		}
		prefix := strings.TrimSuffix(strings.TrimSuffix(d[1], "*"), ".")
		for _, v := range rep.cached[exe] {
			if v == prefix || strings.HasPrefix(v, prefix+".") {
				rep.add(exe, v, "toolset default "+d[0]+" "+d[1])
				if exe == "go" {
					rep.add("gofmt", v, "toolset default "+d[0]+" "+d[1])
				}
				break
			}
		}
	}
	rf.Tools = rep.tools
	for _, exe := range sortedKeys(rep.cached) {
		if len(rep.cached[exe]) > 1 {
			rf.Versions = append(rf.Versions, runnerVersion{Tool: exe, Versions: rep.cached[exe]})
		}
	}
	rf.Packages = rep.packages
	listed := map[string]bool{}
	for _, p := range rep.packages {
		listed[p] = true
	}
	for _, p := range ts.packages {
		if !listed[p] {
			rf.ToolsetPackages = append(rf.ToolsetPackages, p)
			listed[p] = true
		}
	}
	for _, p := range append(append([]string(nil), rf.Packages...), rf.ToolsetPackages...) {
		for _, exe := range aptExtra[p] {
			if rf.Manager == "apt-get" && !rep.has(exe) {
				rep.add(exe, "", "apt package "+p)
			}
		}
	}
	rf.Tools = rep.tools
	if v := rep.version1("aws"); v != "" {
		fmt.Sscanf(v, "%d", &rf.AWSCLI)
	}
	rf.Docker = "none"
	switch {
	case rf.Family == "linux" && rep.has("dockerd"):
		rf.Docker, rf.DockerFrom = "daemon", rep.from("dockerd")
	case rf.Family == "windows" && rep.has("dockerd"):
		rf.Docker, rf.DockerFrom = "daemon", rep.from("dockerd")
		rf.Notes = append(rf.Notes, "GitHub's Windows runners run Windows containers only: their Docker engine cannot run Linux images")
	}
	return rf, nil
}

// report is what a software report lists.
type report struct {
	os, version string
	tools       []runnerTool
	cached      map[string][]string // executable -> versions side by side
	packages    []string
}

func (r *report) has(exe string) bool { return r.from(exe) != "" }

func (r *report) from(exe string) string {
	for _, t := range r.tools {
		if t.Name == exe {
			return t.From
		}
	}
	return ""
}

func (r *report) version1(exe string) string {
	for _, t := range r.tools {
		if t.Name == exe {
			return t.Version
		}
	}
	return ""
}

// add adds an executable; the first entry of a name wins.
func (r *report) add(exe, version, from string) {
	if !r.has(exe) {
		r.tools = append(r.tools, runnerTool{Name: exe, Version: version, From: from})
	}
}

var reportVersionRE = regexp.MustCompile(`^v?[0-9][0-9A-Za-z.+_-]*$`)

// parseReport reads a software report: its title, image version, the tools of its bullet lists
// (reportTools), the Cached Tools lists, the Java table and the apt packages table.
func parseReport(b []byte, family string) *report {
	r := &report{cached: map[string][]string{}}
	var h3, h4 string
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case strings.HasPrefix(line, "# ") && r.os == "":
			r.os = strings.TrimSpace(line[2:])
		case strings.HasPrefix(line, "### "):
			h3, h4 = strings.ToLower(strings.TrimSpace(line[4:])), ""
		case strings.HasPrefix(line, "#### "):
			h4 = strings.ToLower(strings.TrimSpace(line[5:]))
		case strings.HasPrefix(line, "- Image Version:"):
			r.version = strings.TrimSpace(strings.TrimPrefix(line, "- Image Version:"))
		case strings.HasPrefix(line, "- ") && h3 == "cached tools":
			if exe := cacheTools[h4]; exe != "" {
				if family == "windows" && exe == "python3" {
					exe = "python"
				}
				if f := strings.Fields(line[2:]); len(f) > 0 && reportVersionRE.MatchString(f[0]) {
					r.cached[exe] = append(r.cached[exe], f[0])
				}
			}
		case strings.HasPrefix(line, "- "):
			r.bullet(line[2:], family)
		case strings.HasPrefix(line, "|") && h3 == "java":
			cells := strings.Split(strings.Trim(line, "|"), "|")
			f := strings.Fields(cells[0])
			if len(f) == 0 || !reportVersionRE.MatchString(f[0]) {
				continue
			}
			r.cached["java"] = append(r.cached["java"], f[0])
			if len(f) > 1 && f[1] == "(default)" {
				r.add("java", f[0], "Java "+f[0]+" (default)")
				r.add("javac", f[0], "Java "+f[0]+" (default)")
			}
		case strings.HasPrefix(line, "|") && h3 == "installed apt packages":
			cells := strings.Split(strings.Trim(line, "|"), "|")
			name := strings.TrimSpace(cells[0])
			if name != "" && name != "Name" && !strings.HasPrefix(name, "-") {
				r.packages = append(r.packages, name)
			}
		}
	}
	r.cached["javac"] = r.cached["java"]
	return r
}

// bullet reads one "Name version" or "Name: v1, v2" line of a report.
func (r *report) bullet(text, family string) {
	// ASCII lower case keeps the byte offsets of text.
	lower := strings.Map(func(r rune) rune {
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}, text)
	best := ""
	for name := range reportTools {
		if i := strings.IndexByte(name, ':'); i >= 0 && name[0] != '.' {
			name = name[i+1:]
		}
		if len(name) > len(best) && strings.HasPrefix(lower, name) &&
			(len(lower) == len(name) || lower[len(name)] == ' ' || lower[len(name)] == ':') {
			best = name
		}
	}
	if best == "" {
		return
	}
	exes, ok := reportTools[family+":"+best]
	if !ok {
		exes = reportTools[best]
	}
	name := text[:len(best)]
	rest := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(text[len(best):]), ":"))
	var versions []string
	for _, f := range strings.Fields(rest) {
		more := strings.HasSuffix(f, ",")
		f = strings.TrimSuffix(f, ",")
		if i := strings.IndexByte(f, '('); i > 0 {
			f = f[:i] // Bash 5.2.21(1)-release
		}
		if !reportVersionRE.MatchString(f) {
			break
		}
		versions = append(versions, f)
		if !more {
			break
		}
	}
	version := ""
	switch {
	case len(versions) == 1:
		version = versions[0]
	case len(versions) > 1 && best == ".net core sdk":
		// dotnet runs the newest SDK installed when no global.json pins one.
		version = versions[len(versions)-1]
	}
	for _, exe := range exes {
		if len(versions) > 1 {
			r.cached[exe] = versions
		}
		r.add(exe, version, name)
	}
}

// toolset is what an image's toolset file adds to its report.
type toolset struct {
	packages []string
	defaults [][2]string // toolcache name, default version pattern
}

// readToolset reads the toolset of the image whose report is at report (images/ubuntu/
// Ubuntu2404-Readme.md: images/ubuntu/toolsets/toolset-2404.json), or none.
func readToolset(dir, report string) (toolset, string) {
	id := strings.ToLower(strings.TrimSuffix(path.Base(report), "-Readme.md"))
	for _, p := range []string{"ubuntu", "windows", "macos-"} {
		id = strings.TrimPrefix(id, p)
	}
	var ts toolset
	for _, c := range []string{"toolset-" + id, "toolset-" + strings.TrimSuffix(id, "-arm64"), "toolset-win-" + id, "toolset"} {
		rel := path.Join(path.Dir(report), "toolsets", c+".json")
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
		if err != nil {
			continue
		}
		var raw struct {
			Apt, Brew, Choco json.RawMessage
			Toolcache        []struct {
				Name    string `json:"name"`
				Default string `json:"default"`
			} `json:"toolcache"`
		}
		if json.Unmarshal(b, &raw) != nil {
			continue
		}
		// apt and brew are lists of names by kind; choco's are objects with a name. A section
		// of another shape (Ubuntu's brew: []) adds nothing.
		var apt, brew map[string]json.RawMessage
		json.Unmarshal(raw.Apt, &apt)
		json.Unmarshal(raw.Brew, &brew)
		for _, l := range []json.RawMessage{apt["vital_packages"], apt["common_packages"], apt["cmd_packages"], brew["common_packages"]} {
			var names []string
			json.Unmarshal(l, &names)
			ts.packages = append(ts.packages, names...)
		}
		var choco struct {
			Common []struct {
				Name string `json:"name"`
			} `json:"common_packages"`
		}
		json.Unmarshal(raw.Choco, &choco)
		for _, c := range choco.Common {
			ts.packages = append(ts.packages, c.Name)
		}
		for _, t := range raw.Toolcache {
			if t.Default != "" {
				ts.defaults = append(ts.defaults, [2]string{t.Name, t.Default})
			}
		}
		return ts, rel
	}
	return ts, ""
}

// writeRunnerFiles writes one data file per image into dir and removes the files of images the
// checkout no longer has.
func writeRunnerFiles(dir string, files []*runnerFile) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	old, _ := filepath.Glob(filepath.Join(dir, "*.yaml"))
	keep := map[string]bool{}
	for _, rf := range files {
		var b bytes.Buffer
		b.WriteString("# Generated from actions/runner-images by\n# go test ./internal/inventory -run TestData -update -runner-images DIR; DO NOT EDIT.\n")
		enc := yaml.NewEncoder(&b)
		enc.SetIndent(2)
		if err := enc.Encode(rf); err != nil {
			return err
		}
		name := filepath.Join(dir, rf.Image+".yaml")
		keep[name] = true
		if err := os.WriteFile(name, b.Bytes(), 0o644); err != nil {
			return err
		}
	}
	for _, f := range old {
		if !keep[f] {
			if err := os.Remove(f); err != nil {
				return err
			}
		}
	}
	return nil
}

// loadRunners decodes data/runners/*.yaml (strictly) into the built-in runner data, sorted by
// image; a label that two images claim is an error.
func loadRunners(dir string) ([]*runnerData, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if err != nil {
		return nil, err
	}
	var out []*runnerData
	var errs schemaErrors
	labels := map[string]string{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		var rf runnerFile
		root, err := decodeStrict(f, b, &rf)
		if err != nil {
			var es schemaErrors
			if errors.As(err, &es) {
				errs = append(errs, es...)
				continue
			}
			return nil, err
		}
		if filepath.Base(f) != rf.Image+".yaml" {
			errs = append(errs, errAt(f, nodeAt(root, "image"), "image %s belongs in %s.yaml", rf.Image, rf.Image))
		}
		for i, l := range rf.Labels {
			if prev := labels[l]; prev != "" {
				errs = append(errs, errAt(f, nodeAt(root, "labels", i), "label %s is also %s's", l, prev))
			}
			labels[l] = rf.Image
		}
		rd := &runnerData{
			Name: rf.Image, Labels: rf.Labels, OS: rf.OS, Family: rf.Family, Arch: rf.Arch,
			Version: rf.Source.ImageVersion,
			Source:  sourceRef{Repo: rf.Source.Repo, Commit: rf.Source.Commit, Path: rf.Source.Report},
			Toolset: rf.Source.Toolset, README: rf.Source.README, Read: rf.Source.Read, CommitDate: rf.Source.CommitDate,
			Manager: rf.Manager, AWSCLI: rf.AWSCLI, Docker: rf.Docker, DockerFrom: rf.DockerFrom,
			Packages: rf.Packages, ToolsetPackages: rf.ToolsetPackages, Notes: rf.Notes,
		}
		for _, t := range rf.Tools {
			rd.Tools = append(rd.Tools, [3]string{t.Name, t.Version, t.From})
		}
		for _, v := range rf.Versions {
			rd.Versions = append(rd.Versions, append([]string{v.Tool}, v.Versions...))
		}
		out = append(out, rd)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// generateRunnersGo renders the runner data as runners_gen.go, one field per line.
func generateRunnersGo(rs []*runnerData) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("// Code generated by go test ./internal/inventory -run TestData -update; DO NOT EDIT.\n")
	b.WriteString("// Source: data/runners/*.yaml (generated from the public actions/runner-images repository;\n")
	b.WriteString("// each image's Source names the commit and its software report).\n\npackage inventory\n\n")
	b.WriteString("var builtinRunners = []*runnerData{\n")
	for _, r := range rs {
		b.WriteString("{\n" + goFields(reflect.ValueOf(r).Elem()) + "},\n")
	}
	b.WriteString("}\n")
	return format.Source(b.Bytes())
}

// regenerateRunners rewrites the data files in out (data/runners) from the checkout at dir.
func regenerateRunners(dir, out string) error {
	commit, date, err := runnerCheckout(dir)
	if err != nil {
		return err
	}
	files, err := readRunnerImages(dir, commit, date, time.Now().UTC().Format("2006-01-02"))
	if err != nil {
		return err
	}
	return writeRunnerFiles(out, files)
}

// testRunnersGen regenerates runners_gen.go from data/runners (with -update) or fails when it
// is stale.
func testRunnersGen(t *testing.T) {
	t.Helper()
	rs, err := loadRunners(filepath.Join("data", "runners"))
	if err != nil {
		t.Fatal(err)
	}
	want, err := generateRunnersGo(rs)
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile("runners_gen.go", want, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile("runners_gen.go")
	if err != nil || !bytes.Equal(got, want) {
		t.Fatal("runners_gen.go is stale: run go test ./internal/inventory -run TestData -update")
	}
	if !reflect.DeepEqual(builtinRunners, rs) {
		t.Error("builtinRunners differs from what data/runners generates")
	}
}

// MarshalYAML writes a tool on one line, so that a new version is a one-line diff.
func (t runnerTool) MarshalYAML() (any, error) {
	return flowNode(struct{ Name, Version, From string }{t.Name, t.Version, t.From})
}

// MarshalYAML writes a tool's versions on one line.
func (v runnerVersion) MarshalYAML() (any, error) {
	return flowNode(struct {
		Tool     string
		Versions []string
	}{v.Tool, v.Versions})
}

// flowNode encodes v (a struct of the field names the layout uses, lower-cased) in flow style.
func flowNode(v any) (*yaml.Node, error) {
	var n yaml.Node
	if err := n.Encode(v); err != nil {
		return nil, err
	}
	n.Style = yaml.FlowStyle
	for _, c := range n.Content {
		if c.Kind == yaml.SequenceNode {
			c.Style = yaml.FlowStyle
		}
	}
	return &n, nil
}
