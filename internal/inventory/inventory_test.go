package inventory

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/buildspec-lint/buildspec-lint/lint/image"
)

func TestBuiltin(t *testing.T) {
	tests := []struct {
		name    string // as the user writes it
		image   string // the canonical name
		dockerd image.DockerdMode
		curated bool
		awscli  int
		tools   []string // see tool()
	}{
		{"aws/codebuild/standard:7.0", "aws/codebuild/standard:7.0", image.DockerdAuto, true, 2, []string{
			"docker@28.5.2 <the built-in inventory of aws/codebuild/standard:7.0>",
			"python3@3.11.15 <the built-in inventory of aws/codebuild/standard:7.0>",
			"jq <the built-in inventory of aws/codebuild/standard:7.0>",  // an apt package
			"ssh <the built-in inventory of aws/codebuild/standard:7.0>", // openssh-client, via internal/install's data
			"kubectl@1.35.2 <the built-in inventory of aws/codebuild/standard:7.0>",
			"apt-get <the built-in inventory of aws/codebuild/standard:7.0>",
			"terraform missing",
			"libssl-dev missing", // a library is not a tool
		}},
		{"AWS/CodeBuild/Standard:7.0 ", "aws/codebuild/standard:7.0", image.DockerdAuto, true, 2, nil},
		{"aws/codebuild/amazonlinux-x86_64-standard:5.0", "aws/codebuild/amazonlinux-x86_64-standard:5.0", image.DockerdAuto, true, 2, []string{
			"dnf <the built-in inventory of aws/codebuild/amazonlinux-x86_64-standard:5.0>",
			"node@18.20.8 <the built-in inventory of aws/codebuild/amazonlinux-x86_64-standard:5.0>",
		}},
		// Renamed on 2024-11-22; the old names stay valid.
		{"aws/codebuild/amazonlinux2-x86_64-standard:5.0", "aws/codebuild/amazonlinux-x86_64-standard:5.0", image.DockerdAuto, true, 2, nil},
		{"aws/codebuild/amazonlinux2-x86_64-standard:4.0", "aws/codebuild/amazonlinux-x86_64-standard:4.0", image.DockerdAuto, true, 1, nil},
		{"aws/codebuild/amazonlinux2-aarch64-standard:2.0", "aws/codebuild/amazonlinux-aarch64-standard:2.0", image.DockerdAuto, true, 1, nil},
		{"aws/codebuild/amazonlinux2-x86_64-standard:3.0", "aws/codebuild/amazonlinux2-x86_64-standard:3.0", image.DockerdAuto, true, 1, nil}, // a separate, older image,
		{"aws/codebuild/amazonlinux-x86_64-lambda-standard:python3.12", "aws/codebuild/amazonlinux-x86_64-lambda-standard:python3.12", image.DockerdUnknown, true, 2, []string{
			"python3@3.12 <the built-in inventory of aws/codebuild/amazonlinux-x86_64-lambda-standard:python3.12>",
			"docker missing",
		}},
		{"docker:dind", "docker:dind", image.DockerdManual, false, 0, []string{
			"docker <the built-in inventory of docker:dind>", // no version: the tag floats
			"dockerd <the built-in inventory of docker:dind>",
			"git <the built-in inventory of docker:dind>",
			"apk <the built-in inventory of docker:dind>",
			"wget <the built-in inventory of docker:dind>", // busybox
			"bash missing",
			"aws missing",
		}},
		{"docker:29-dind", "docker:dind", image.DockerdManual, false, 0, nil},
	}
	for _, tt := range tests {
		inv := Builtin(tt.name)
		if inv == nil {
			t.Errorf("%s: not found", tt.name)
			continue
		}
		if inv.Name != tt.image || inv.Ref != tt.image {
			t.Errorf("%s: name %s ref %s, want %s", tt.name, inv.Name, inv.Ref, tt.image)
		}
		if inv.Dockerd != tt.dockerd || inv.Curated != tt.curated || inv.Custom == tt.curated || inv.AWSCLIMajor != tt.awscli {
			t.Errorf("%s: dockerd %v curated %v custom %v aws cli v%d, want %v %v %v v%d", tt.name,
				inv.Dockerd, inv.Curated, inv.Custom, inv.AWSCLIMajor, tt.dockerd, tt.curated, !tt.curated, tt.awscli)
		}
		for _, w := range tt.tools {
			name, _, _ := strings.Cut(w, " ")
			name, _, _ = strings.Cut(name, "@")
			got := tool(inv, name)
			if strings.HasSuffix(w, " missing") {
				if got != "missing" {
					t.Errorf("%s: got %s, want %s missing", tt.name, got, name)
				}
			} else if got != w {
				t.Errorf("%s:\n got %s\nwant %s", tt.name, got, w)
			}
		}
	}
	if Builtin("aws/codebuild/standard:9.9") != nil || Builtin("") != nil {
		t.Error("unknown names must give nil")
	}
	// Each call gives a new inventory: Build adds tools to it.
	a, b := Builtin("docker:dind"), Builtin("docker:dind")
	a.Tools["x"] = &image.Tool{Name: "x"}
	if b.Has("x") != nil {
		t.Error("Builtin shares its inventories")
	}
}

func TestBuiltinRuntimes(t *testing.T) {
	inv := Builtin("aws/codebuild/standard:7.0")
	got := map[string]string{}
	for rt, vs := range inv.Runtimes {
		for _, v := range vs {
			got[rt+" "+v.Version] = v.Installed
		}
	}
	for k, want := range map[string]string{
		"python 3.12": "3.12.13", "python 3.9": "3.9.25", "nodejs 22": "22.22.0",
		"java corretto17": "17", "golang 1.26": "1.26.0", "dotnet 8.0": "8.0.411",
	} {
		if got[k] != want {
			t.Errorf("standard:7.0 runtime %s: got %q, want %q", k, got[k], want)
		}
	}
	if _, ok := got["python 3.8"]; ok {
		t.Error("standard:7.0 cannot select python 3.8")
	}
	// Before custom versions, every selectable version was preinstalled.
	old := Builtin("aws/codebuild/standard:4.0")
	for _, v := range old.Runtimes["python"] {
		if v.Installed == "" {
			t.Errorf("standard:4.0 python %s: not preinstalled", v.Version)
		}
	}
	if d := Builtin("docker:dind"); d.Runtimes != nil {
		t.Errorf("docker:dind has no runtime-versions: %v", d.Runtimes)
	}
}

func TestKnownImages(t *testing.T) {
	known := KnownImages()
	for _, want := range []string{"aws/codebuild/standard:7.0", "aws/codebuild/amazonlinux-x86_64-standard:5.0", "docker:dind"} {
		found := false
		for _, k := range known {
			found = found || k == want
		}
		if !found {
			t.Errorf("KnownImages lacks %s", want)
		}
	}
	for alias, name := range KnownAliases() {
		if inv := Builtin(alias); inv == nil || inv.Name != name {
			t.Errorf("alias %s does not give %s", alias, name)
		}
	}
}

func TestBuild(t *testing.T) {
	dir := t.TempDir()
	df := filepath.Join(dir, "Dockerfile")
	if err := os.WriteFile(df, []byte("FROM docker:dind\nRUN apk add --no-cache jq\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Run("built-in image with tools", func(t *testing.T) {
		inv, err := Build(image.Spec{Name: "standard", Image: "aws/codebuild/standard:7.0", Tools: []string{"make", " terraform "}, Origin: ".buildspec-lint.yaml:4:5"})
		if err != nil {
			t.Fatal(err)
		}
		// a configuration image says where it was defined and what it is
		if inv.Cited() != "image standard (.buildspec-lint.yaml:4, image aws/codebuild/standard:7.0)" || inv.Label() != "image standard" || inv.Ref != "aws/codebuild/standard:7.0" || inv.Dockerd != image.DockerdAuto {
			t.Errorf("got %s ref %s dockerd %v", inv.Label(), inv.Ref, inv.Dockerd)
		}
		if got := tool(inv, "terraform"); got != "terraform <.buildspec-lint.yaml:4:5>" {
			t.Errorf("config tool: %s", got)
		}
	})
	t.Run("a project's image is defined at the project, with its privileged mode", func(t *testing.T) {
		at := &image.Place{Message: "privileged mode is off here"}
		label := "template.yaml:42, project BuildProject"
		inv, err := Build(image.Spec{Name: "aws/codebuild/standard:7.0", Image: "aws/codebuild/standard:7.0", Origin: label, Project: label,
			Privileged: image.PrivilegedOff, PrivilegedAt: at})
		if err != nil {
			t.Fatal(err)
		}
		if inv.Cited() != "image aws/codebuild/standard:7.0 (template.yaml:42, project BuildProject)" || !inv.Curated || inv.Partial {
			t.Errorf("got %s curated %v partial %v", inv.Cited(), inv.Curated, inv.Partial)
		}
		if inv.Privileged != image.PrivilegedOff || inv.PrivilegedAt != at {
			t.Errorf("privileged %v at %v", inv.Privileged, inv.PrivilegedAt)
		}
		// an image that is no built-in one: custom, contents unknown, dockerd not started
		inv, err = Build(image.Spec{Name: "1234.dkr.ecr.eu-west-1.amazonaws.com/ci:3", Dockerd: "manual", Origin: label, Project: label, Privileged: image.PrivilegedOn})
		if err != nil {
			t.Fatal(err)
		}
		if !inv.Custom || inv.Curated || !inv.Partial || inv.Dockerd != image.DockerdManual || inv.Ref != "" || inv.Privileged != image.PrivilegedOn || inv.Defined != label {
			t.Errorf("custom: custom %v curated %v partial %v dockerd %v ref %q privileged %v defined %q", inv.Custom, inv.Curated, inv.Partial, inv.Dockerd, inv.Ref, inv.Privileged, inv.Defined)
		}
	})
	t.Run("--image keeps the built-in name", func(t *testing.T) {
		inv, err := Build(image.Spec{Image: "docker:dind", Tools: []string{"make"}, Origin: "--image"})
		if err != nil {
			t.Fatal(err)
		}
		if inv.Label() != "image docker:dind" || tool(inv, "make") != "make <--tools>" {
			t.Errorf("got %s, %s", inv.Label(), tool(inv, "make"))
		}
	})
	t.Run("--image keeps the name as the user wrote it and records the package manager", func(t *testing.T) {
		inv, err := Build(image.Spec{Name: "aws/codebuild/amazonlinux2-x86_64-standard:5.0", Image: "aws/codebuild/amazonlinux2-x86_64-standard:5.0", Origin: "--image"})
		if err != nil {
			t.Fatal(err)
		}
		if inv.Label() != "image aws/codebuild/amazonlinux2-x86_64-standard:5.0" || inv.PackageManager != "dnf" || inv.OS != "Amazon Linux 2023" {
			t.Errorf("got %s, %s, %s", inv.Label(), inv.PackageManager, inv.OS)
		}
		// the base OS's commands are in the inventory
		for _, exe := range []string{"bash", "curl", "sed", "rpm"} {
			if inv.Has(exe) == nil {
				t.Errorf("amazonlinux standard 5.0 lacks %s, which Amazon Linux 2023 ships", exe)
			}
		}
	})
	t.Run("configuration image from a Dockerfile cites both", func(t *testing.T) {
		inv, err := Build(image.Spec{Name: "ci", Dockerfile: df, Origin: "cfg/.buildspec-lint.yaml:7:3"})
		if err != nil {
			t.Fatal(err)
		}
		if want := "image ci (cfg/.buildspec-lint.yaml:7, Dockerfile " + filepath.ToSlash(df) + ")"; inv.Cited() != want {
			t.Errorf("got %s, want %s", inv.Cited(), want)
		}
	})
	t.Run("dockerfile", func(t *testing.T) {
		inv, err := Build(image.Spec{Name: "ci", Dockerfile: df, Dockerd: "auto"})
		if err != nil {
			t.Fatal(err)
		}
		if inv.Label() != "image ci" || inv.Dockerfile != filepath.ToSlash(df) || inv.Dockerd != image.DockerdAuto {
			t.Errorf("got %s %s %v", inv.Label(), inv.Dockerfile, inv.Dockerd)
		}
		if got := tool(inv, "jq"); got != "jq <"+filepath.ToSlash(df)+":2>" {
			t.Errorf("jq: %s", got)
		}
	})
	t.Run("a bare tool list leaves dockerd unknown", func(t *testing.T) {
		inv, err := Build(image.Spec{Tools: []string{"jq", "docker"}, Origin: "--tools"})
		if err != nil {
			t.Fatal(err)
		}
		if inv.Dockerd != image.DockerdUnknown || inv.Curated || inv.Custom || inv.Label() != "the image" || tool(inv, "jq") != "jq <--tools>" {
			t.Errorf("got %+v", inv)
		}
	})
	errs := []struct {
		spec image.Spec
		want string
	}{
		{image.Spec{Image: "aws/codebuild/standard:7", Origin: "--image"},
			`--image: unknown image "aws/codebuild/standard:7" (did you mean aws/codebuild/standard:7.0?); the built-in images are: aws/codebuild/`},
		{image.Spec{Name: "ci", Image: "ubuntu:22.04", Origin: ".buildspec-lint.yaml:3:12"},
			`.buildspec-lint.yaml:3:12: unknown image "ubuntu:22.04"; the built-in images are: `},
		{image.Spec{Name: "ci", Image: "docker:dind", Dockerfile: df, Origin: ".buildspec-lint.yaml:2:3"},
			".buildspec-lint.yaml:2:3: image ci: set one of image, dockerfile and ref"},
		{image.Spec{Name: "ci", Ref: "oci:x", Dockerfile: df, Origin: ".buildspec-lint.yaml:2:3"},
			".buildspec-lint.yaml:2:3: image ci: set one of image, dockerfile and ref"},
		{image.Spec{Image: "docker:dind", Dockerd: "sometimes", Origin: "--image"}, `--image: dockerd "sometimes": use auto or manual`},
		{image.Spec{Dockerfile: filepath.Join(dir, "missing")}, "dockerfile " + filepath.Join(dir, "missing") + ": no such file or directory"},
	}
	for _, e := range errs {
		_, err := Build(e.spec)
		if err == nil || !strings.HasPrefix(err.Error(), e.want) {
			t.Errorf("%+v:\n got %v\nwant %s...", e.spec, err, e.want)
		}
	}
	_, err := Build(image.Spec{Image: "nope"})
	if err == nil || !strings.Contains(err.Error(), "docker:dind, ") && !strings.Contains(err.Error(), ", docker:dind;") {
		t.Errorf("the error lists every known image: %v", err)
	}
}

// BenchmarkFromDockerfile measures inventory building from the example Dockerfile (base image
// lookup, parse, recogniser).
func BenchmarkFromDockerfile(b *testing.B) {
	path := filepath.Join("..", "..", "examples", "docker", "codebuild", "Dockerfile")
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := fromDockerfile(path, data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBuiltin measures building a curated image's inventory (about 400 tools).
func BenchmarkBuiltin(b *testing.B) {
	for b.Loop() {
		if Builtin("aws/codebuild/standard:7.0") == nil {
			b.Fatal("missing")
		}
	}
}

// TestBuildCompute: the built-in data says which images are Lambda compute; the configuration's
// compute and docker override the image's, and combinations CodeBuild does not run are errors.
func TestBuildCompute(t *testing.T) {
	const lambda = "aws/codebuild/amazonlinux-x86_64-lambda-standard:python3.12"
	const ec2 = "aws/codebuild/standard:7.0"
	tests := []struct {
		name    string
		spec    image.Spec
		compute image.Compute
		docker  image.Docker
		err     string
	}{
		{"a Lambda image is Lambda compute without Docker", image.Spec{Image: lambda}, image.ComputeLambda, image.DockerNone, ""},
		{"an EC2 image is EC2 compute with Docker unstated", image.Spec{Image: ec2}, image.ComputeEC2, image.DockerUnknown, ""},
		{"docker:dind is EC2 compute", image.Spec{Image: "docker:dind"}, image.ComputeEC2, image.DockerUnknown, ""},
		{"a bare tool list says nothing", image.Spec{Tools: []string{"jq"}}, image.ComputeUnknown, image.DockerUnknown, ""},
		{"reserved capacity", image.Spec{Image: ec2, Compute: image.ComputeReserved}, image.ComputeReserved, image.DockerUnknown, ""},
		{"the Docker server", image.Spec{Image: ec2, Docker: image.DockerServer, DockerOrigin: "c.yaml:2:3"}, image.ComputeEC2, image.DockerServer, ""},
		{"lambda on a tool list has no Docker", image.Spec{Tools: []string{"jq"}, Compute: image.ComputeLambda}, image.ComputeLambda, image.DockerNone, ""},
		{"a Lambda image on EC2", image.Spec{Image: lambda, Compute: image.ComputeEC2, Origin: "c.yaml:2:3"}, 0, 0,
			"c.yaml:2:3: compute ec2: " + lambda + " is a Lambda compute image, which runs only on Lambda compute"},
		{"an EC2 curated image on Lambda", image.Spec{Image: ec2, Compute: image.ComputeLambda}, 0, 0,
			"compute lambda: " + ec2 + " is an EC2 compute image, which does not run on Lambda compute"},
		{"Docker server on a Lambda image", image.Spec{Image: lambda, Docker: image.DockerServer}, 0, 0,
			"docker server: Lambda compute does not support Docker builds or runs"},
		{"dockerd with no Docker", image.Spec{Image: ec2, Docker: image.DockerNone, Dockerd: "manual"}, 0, 0,
			"dockerd manual: there is no dockerd in the build with docker: none"},
	}
	for _, tt := range tests {
		inv, err := Build(tt.spec)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%s: error %v, want %q", tt.name, err, tt.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if inv.Compute != tt.compute || inv.Docker != tt.docker {
			t.Errorf("%s: compute %v docker %v, want %v %v", tt.name, inv.Compute, inv.Docker, tt.compute, tt.docker)
		}
	}
	inv, _ := Build(image.Spec{Image: ec2, Docker: image.DockerServer, DockerOrigin: "c.yaml:2:3"})
	if inv.DockerOrigin != "c.yaml:2:3" || inv.ComputeOrigin != "the built-in inventory of "+ec2 {
		t.Errorf("origins: %q, %q", inv.DockerOrigin, inv.ComputeOrigin)
	}
	// Every built-in Lambda image is Lambda compute: the rules rely on it.
	n := 0
	for _, name := range KnownImages() {
		if strings.Contains(name, "-lambda-") {
			n++
			if inv := Builtin(name); inv.Compute != image.ComputeLambda || inv.Docker != image.DockerNone {
				t.Errorf("%s: compute %v docker %v", name, inv.Compute, inv.Docker)
			}
		}
	}
	if n < 20 {
		t.Errorf("%d Lambda images, want the 30 of the data", n)
	}
}

// The images with no public Dockerfile are known by name and platform only: no runtimes, no tools
// beyond what a source names, and Partial so that rules do not claim what they lack.
func TestPlatformImages(t *testing.T) {
	for name, wantOS := range map[string]string{
		"aws/codebuild/windows-base:2019-3.0": "Windows Server Core 2019",
		"aws/codebuild/windows-base:2022-1.0": "Windows Server Core 2022",
		"aws/codebuild/macos-arm-base:15":     "macOS",
	} {
		inv := Builtin(name)
		if inv == nil {
			t.Errorf("%s is not a built-in image", name)
			continue
		}
		if !inv.Curated || inv.Custom || !inv.Partial || inv.OS != wantOS || inv.Runtimes != nil || inv.LambdaRuntime != nil || inv.Dockerd != image.DockerdUnknown {
			t.Errorf("%s: %+v", name, inv)
		}
	}
	if Builtin("aws/codebuild/macos-arm-base:15").Has("xcodebuild") == nil {
		t.Error("the macOS images have Xcode preinstalled")
	}
	if n := len(Builtin("aws/codebuild/windows-base:2019-3.0").Tools); n != 0 {
		t.Errorf("windows-base:2019-3.0 has %d tools, want none known", n)
	}
	if Builtin("aws/codebuild/standard:7.0").Partial {
		t.Error("standard:7.0 is known from its Dockerfile")
	}
}

// Each Lambda image has its one runtime, as the available-runtimes table names it, and
// LambdaImages finds the Lambda images of the same architecture.
func TestLambdaRuntimes(t *testing.T) {
	for name, want := range map[string]image.LambdaRuntime{
		"aws/codebuild/amazonlinux-x86_64-lambda-standard:python3.12":  {Name: "python", Version: "3.12"},
		"aws/codebuild/amazonlinux-aarch64-lambda-standard:corretto21": {Name: "java", Version: "corretto21"},
		"aws/codebuild/amazonlinux-x86_64-lambda-standard:go1.24":      {Name: "golang", Version: "1.24"},
		"aws/codebuild/amazonlinux-x86_64-lambda-standard:dotnet8":     {Name: "dotnet", Version: "8.0"},
	} {
		if inv := Builtin(name); inv == nil || inv.LambdaRuntime == nil || *inv.LambdaRuntime != want || inv.Runtimes != nil {
			t.Errorf("%s: %+v", name, inv)
		}
	}
	if Builtin("aws/codebuild/standard:7.0").LambdaRuntime != nil {
		t.Error("standard:7.0 is not a Lambda image")
	}
	x86 := LambdaImages("aws/codebuild/amazonlinux-x86_64-lambda-standard:python3.12")
	if len(x86) != 15 {
		t.Errorf("LambdaImages(x86_64) = %d images, want 15", len(x86))
	}
	for _, li := range x86 {
		if !strings.Contains(li.Name, "x86_64") {
			t.Errorf("LambdaImages(x86_64) has %s", li.Name)
		}
	}
	if n := len(LambdaImages("nothing")); n != 30 {
		t.Errorf("LambdaImages of an unknown image = %d images, want all 30", n)
	}
}

// The images whose runtimes file installs a Java it lacks as a Corretto package say which.
func TestRuntimePackages(t *testing.T) {
	for name, want := range map[string]string{
		"aws/codebuild/standard:7.0":                     "java-$VERSION-amazon-corretto-jdk",
		"aws/codebuild/amazonlinux-x86_64-standard:5.0":  "java-$VERSION-amazon-corretto-devel",
		"aws/codebuild/amazonlinux-aarch64-standard:3.0": "java-$VERSION-amazon-corretto-devel",
		"aws/codebuild/standard:4.0":                     "",
	} {
		if got := Builtin(name).RuntimePackages["java"]; got != want {
			t.Errorf("%s java package = %q, want %q", name, got, want)
		}
	}
}
