package rules

import (
	"fmt"
	"strings"
	"testing"

	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
	"github.com/buildspec-lint/buildspec-lint/lint/image"
	"github.com/buildspec-lint/buildspec-lint/lint/linttest"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// dockerImages are the images the Docker rule fixtures name with `# linttest: image=NAME`.
var dockerImages = map[string]*image.Inventory{
	"docker:dind": {Name: "docker:dind", Ref: "docker:dind", Dockerd: image.DockerdManual, Custom: true},
	"ci": {Name: "ci", Ref: "docker:27-dind", Dockerfile: "docker/codebuild/Dockerfile", Dockerd: image.DockerdManual,
		Custom: true, AWSCLIMajor: 2},
	"ubuntu-custom":              {Name: "ubuntu-custom", Ref: "ubuntu:22.04", Dockerd: image.DockerdManual, Custom: true},
	"aws/codebuild/standard:7.0": {Name: "aws/codebuild/standard:7.0", Ref: "aws/codebuild/standard:7.0", Dockerd: image.DockerdAuto, Curated: true, AWSCLIMajor: 2},
	"aws/codebuild/amazonlinux2-x86_64-standard:3.0": {Name: "aws/codebuild/amazonlinux2-x86_64-standard:3.0",
		Dockerd: image.DockerdAuto, Curated: true, AWSCLIMajor: 1},
	"tools": linttest.Tools("docker", "aws"),
	"engine-25": {Name: "engine-25", Dockerd: image.DockerdManual, Custom: true,
		Tools: map[string]*image.Tool{"dockerd": {Name: "dockerd", Version: "25.0.3"}}},
	"engine-23": {Name: "engine-23", Dockerd: image.DockerdManual, Custom: true,
		Tools: map[string]*image.Tool{"dockerd": {Name: "dockerd", Version: "23.0.6"}}},
	"alpine-custom": {Name: "alpine-custom", Ref: "alpine:3.22", OS: "Alpine Linux 3.22", PackageManager: "apk", Dockerd: image.DockerdManual, Custom: true},
	"ubuntu-docker-io": {Name: "ubuntu-docker-io", Ref: "ubuntu:22.04", OS: "Ubuntu 22.04", PackageManager: "apt-get", Dockerd: image.DockerdManual, Custom: true,
		Tools: map[string]*image.Tool{"dockerd": {Name: "dockerd", Package: "docker.io"}}},
	"aws/codebuild/windows-base:2019-3.0": {Name: "aws/codebuild/windows-base:2019-3.0", OS: "Windows Server Core 2019", Curated: true, Partial: true},
	"alpine-3.9":                          {Name: "alpine-3.9", Ref: "alpine:3.9", OS: "Alpine Linux 3.9", PackageManager: "apk", Dockerd: image.DockerdManual, Custom: true},
}

func init() {
	// TestDocExamples resolves the Docker rules' `--image` options here until the inventory
	// package registers the built-in images.
	if DocImage == nil {
		DocImage = func(name string) (*image.Inventory, error) {
			inv, ok := dockerImages[name]
			if !ok {
				return nil, fmt.Errorf("unknown test image %q", name)
			}
			c := *inv
			c.Tools = map[string]*image.Tool{}
			return &c, nil
		}
	}
}

// dockerOptions lint Docker rule fixtures with no image unless they name one.
var dockerOptions = &linttest.Options{ImageFor: func(name string) (*image.Inventory, error) {
	if inv, ok := dockerImages[name]; ok {
		return inv, nil
	}
	return nil, fmt.Errorf("unknown test image %q", name)
}}

// events returns the daemon events of a one-command build phase as "op:what" strings.
func events(t *testing.T, img *image.Inventory, cmds ...string) []string {
	t.Helper()
	var b strings.Builder
	b.WriteString("version: 0.2\nphases:\n  build:\n    commands:\n")
	for _, c := range cmds {
		fmt.Fprintf(&b, "      - %q\n", c)
	}
	docs := buildspec.Parse(source.NewSource("t.yml", []byte(b.String())))
	if len(docs) != 1 {
		t.Fatalf("%d documents", len(docs))
	}
	var out []string
	for _, e := range dockerEvents(docs[0], img) {
		s := [...]string{"", "use", "start", "wait", "nostart"}[e.Op] + ":" + e.What
		if e.Op == opStart {
			if e.Background {
				s += "&"
			}
			if e.Waits {
				s += "+wait"
			}
		}
		out = append(out, s)
	}
	return out
}

func TestDockerEvents(t *testing.T) {
	dind := dockerImages["docker:dind"]
	tests := []struct {
		cmds []string
		want string
	}{
		{[]string{"docker build -t a ."}, "use:docker build"},
		{[]string{"sudo docker -H unix:///var/run/docker.sock push a"}, "use:docker push"},
		{[]string{"docker --version", "docker -v", "docker help", "docker build --help", "docker context ls"}, ""},
		{[]string{"docker version"}, "use:docker version"},
		{[]string{"docker buildx version || docker buildx install", "docker buildx build ."}, "use:docker buildx build"},
		{[]string{"docker compose version", "docker compose -f c.yml up -d"}, "use:docker compose up"},
		{[]string{"docker-compose --version", "docker-compose -f ci/c.yml build"}, "use:docker-compose build"},
		{[]string{"docker -H tcp://builder:2375 build .", "DOCKER_HOST=tcp://10.0.0.5:2375 docker ps", "docker --context remote build ."}, ""},
		{[]string{"aws ecr get-login-password | docker login -u AWS --password-stdin r"}, "use:docker login"},
		{[]string{"$(aws ecr get-login --no-include-email)"}, "use:aws ecr get-login (it runs docker login)"},
		{[]string{"eval $(aws --region eu-west-1 ecr get-login)"}, "use:aws ecr get-login (it runs docker login)"},
		{[]string{"aws ecr get-login --no-include-email | bash"}, "use:aws ecr get-login (it runs docker login)"},
		{[]string{"LOGIN=$(aws ecr get-login --no-include-email)", "aws ecr get-login > login.sh"}, ""},
		{[]string{"nohup /usr/local/bin/dockerd --host=unix:///var/run/docker.sock > /tmp/d.log 2>&1 &"}, "start:dockerd&"},
		{[]string{"dockerd", "dockerd --version"}, "start:dockerd"},
		{[]string{"dind dockerd &", "setsid dockerd &"}, "start:dockerd& start:dockerd&"},
		{[]string{"dockerd-entrypoint.sh &"}, "start:dockerd-entrypoint.sh&"},
		{[]string{"sudo service docker start", "systemctl --no-block restart docker.service"}, "nostart:service docker start nostart:systemctl restart docker"},
		{[]string{"/etc/init.d/docker start", "rc-service docker restart"}, "nostart:/etc/init.d/docker start nostart:rc-service docker restart"},
		{[]string{"start-dockerd", "startDocker.sh", "./start_docker_daemon.sh", "start-docker-compose.sh", "restart-dockerd"}, "start:start-dockerd+wait start:startDocker.sh+wait start:start_docker_daemon.sh+wait"},
		{[]string{"start-stop-daemon --start --background --exec /usr/bin/dockerd"}, "start:start-stop-daemon&"},
		{[]string{`timeout 15 sh -c "until docker info; do echo .; sleep 1; done"`}, "wait:docker info"},
		{[]string{"while ! docker version >/dev/null 2>&1; do sleep 1; done"}, "wait:docker version"},
		{[]string{"for i in $(seq 30); do docker ps && break; sleep 1; done", "./wait-for-docker.sh"}, "wait:docker ps wait:wait-for-docker.sh"},
		{[]string{"if ! docker info; then dockerd & fi"}, "start:dockerd&"},
		{[]string{"docker info"}, "use:docker info"},
		{[]string{"start_docker() { dockerd & }", "docker build .", "start_docker"}, "use:docker build start:start_docker&"},
		{[]string{"f() { docker push a; }; f; f"}, "use:f use:f"},
		{[]string{`bash -c "cd app && docker build ."`}, "use:docker build"},
	}
	for _, tt := range tests {
		got := strings.Join(events(t, dind, tt.cmds...), " ")
		if got != tt.want {
			t.Errorf("%q:\n got %q\nwant %q", tt.cmds, got, tt.want)
		}
	}
}

func TestDockerdEntrypointDependsOnImage(t *testing.T) {
	// docker:dind's dockerd-entrypoint.sh runs dockerd in the foreground; the curated images' one
	// starts it in the background, waits and returns.
	if got := events(t, dockerImages["docker:dind"], "dockerd-entrypoint.sh"); len(got) != 1 || got[0] != "start:dockerd-entrypoint.sh" {
		t.Errorf("docker:dind: %q", got)
	}
	if got := events(t, dockerImages["ubuntu-custom"], "/usr/local/bin/dockerd-entrypoint.sh"); len(got) != 1 || got[0] != "start:dockerd-entrypoint.sh+wait" {
		t.Errorf("ubuntu-custom: %q", got)
	}
}

func TestNameWords(t *testing.T) {
	tests := map[string]string{
		"startDocker.sh":      "start docker sh",
		"start-dockerd":       "start dockerd",
		"START_DOCKER_DAEMON": "start docker daemon",
		"waitForDockerReady":  "wait for docker ready",
		"abcDEF-ghi":          "abc def ghi",
		"DOCKERd2Go":          "dockerd2 go",
		"x\xffy__z":           "x y z",
		"ÄrgerDocker..":       "ärger docker",
		"":                    "",
	}
	for in, want := range tests {
		if got := strings.Join(nameWords(in), " "); got != want {
			t.Errorf("nameWords(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRemoteDockerHost(t *testing.T) {
	tests := map[string]bool{
		"":                            false,
		"unix:///var/run/docker.sock": false,
		"tcp://127.0.0.1:2375":        false,
		"tcp://localhost:2375":        false,
		"$DOCKER_HOST":                false,
		"tcp://docker:2376":           true,
		"ssh://builder@10.0.0.5":      true,
	}
	for in, want := range tests {
		if got := remoteDockerHost(in); got != want {
			t.Errorf("remoteDockerHost(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestServiceStartsByImage(t *testing.T) {
	alpine := dockerImages["alpine-custom"]
	ubuntu := &image.Inventory{Name: "u", PackageManager: "apt-get", Dockerd: image.DockerdManual, Custom: true}
	dindOpenRC := &image.Inventory{Name: "d", Ref: "docker:dind", PackageManager: "apk", Dockerd: image.DockerdManual, Custom: true,
		Tools: map[string]*image.Tool{"openrc": {Name: "openrc"}}}
	tests := []struct {
		img  *image.Inventory
		cmds []string
		want string
	}{
		{ubuntu, []string{"service docker start", "/etc/init.d/docker start"}, "start:service docker start&+wait start:/etc/init.d/docker start&+wait"},
		{ubuntu, []string{"systemctl start docker"}, "nostart:systemctl start docker"},
		{nil, []string{"sudo service docker start", "systemctl start docker"}, "start:service docker start&+wait nostart:systemctl start docker"},
		{alpine, []string{"rc-service docker start"}, "nostart:rc-service docker start"},
		{dindOpenRC, []string{"touch /run/openrc/softlevel", "service docker start"}, "start:service docker start&+wait"},
		{dockerImages["docker:dind"], []string{"touch /run/openrc/softlevel", "service docker start"}, "nostart:service docker start"},
		{alpine, []string{"touch /run/openrc/softlevel", "rc-service docker start", "service docker restart"}, "start:rc-service docker start&+wait start:service docker restart&+wait"},
		{alpine, []string{"openrc default && service docker start"}, "start:service docker start&+wait"},
		{alpine, []string{"service docker start", "openrc"}, "nostart:service docker start"},
		{alpine, []string{"systemctl start docker", "touch /run/openrc/softlevel", "systemctl start docker"}, "nostart:systemctl start docker nostart:systemctl start docker"},
	}
	for _, tt := range tests {
		got := strings.Join(events(t, tt.img, tt.cmds...), " ")
		if got != tt.want {
			t.Errorf("%q:\n got %q\nwant %q", tt.cmds, got, tt.want)
		}
	}
}

func TestFlagValues(t *testing.T) {
	tests := []struct {
		cmd, want string
	}{
		{"dockerd --storage-driver=overlay", "--storage-driver=|overlay"},
		{"dockerd --storage-driver overlay -s aufs -s=vfs -sbtrfs", "|overlay |aufs -s=|vfs -s|btrfs"},
		{"dockerd --storage-driver", ""},
		{"dockerd --storage-driver $D -s \"$X\"", ""},
		{"dockerd --storage-opt dm.basesize=20G --selinux-enabled", ""},
	}
	for _, tt := range tests {
		docs := buildspec.Parse(source.NewSource("t.yml", []byte("version: 0.2\nphases:\n  build:\n    commands:\n      - '"+tt.cmd+"'\n")))
		c := docs[0].CommandsInOrder()[0].Script.Calls[0]
		var got []string
		for _, fv := range flagValues(c.Args[1:], "storage-driver", "s") {
			got = append(got, fv.Prefix+"|"+fv.Value)
		}
		if g := strings.Join(got, " "); g != tt.want {
			t.Errorf("%s: got %q, want %q", tt.cmd, g, tt.want)
		}
	}
}

func TestExposedTCP(t *testing.T) {
	for v, want := range map[string]bool{
		"tcp://0.0.0.0:2375": true, "0.0.0.0:2375": true, "tcp://[::]:2375": true, "tcp://10.1.2.3:2376": true,
		"tcp://127.0.0.1:2375": false, "tcp://127.1.2.3:2375": false, "tcp://[::1]:2375": false, "tcp://localhost:2375": false,
		"tcp://:2375": false, "tcp://docker:2375": false, "unix:///var/run/docker.sock": false, "fd://": false,
		"/var/run/docker.sock": false, "ssh://u@h": false, "tcp://0.0.0.0:2375/path": true, "TCP://0.0.0.0:2375": true,
	} {
		if _, got := exposedTCP(v); got != want {
			t.Errorf("exposedTCP(%q) = %v, want %v", v, got, want)
		}
	}
}

func TestDockerEngineOf(t *testing.T) {
	tests := []struct {
		img   *image.Inventory
		major int
		ok    bool
	}{
		{nil, 0, false},
		{&image.Inventory{Name: "docker:dind", Ref: "docker:dind"}, currentDockerMajor, true},
		{&image.Inventory{Name: "ci", Ref: "public.ecr.aws/docker/library/docker:24.0.7-dind-alpine3.19"}, 24, true},
		{&image.Inventory{Name: "ci", Ref: "docker:dind-rootless"}, currentDockerMajor, true},
		{&image.Inventory{Name: "ci", Ref: "docker:stable-dind"}, 0, false},
		{&image.Inventory{Name: "ci", Ref: "docker:27-cli"}, 0, false},
		{&image.Inventory{Name: "ci", Ref: "ubuntu:22.04"}, 0, false},
		{&image.Inventory{Name: "s", Tools: map[string]*image.Tool{"dockerd": {Name: "dockerd", Version: "20.10.24"}}}, 20, true},
		{&image.Inventory{Name: "s", Ref: "docker:dind", Tools: map[string]*image.Tool{"dockerd": {Name: "dockerd"}}}, currentDockerMajor, true},
	}
	for _, tt := range tests {
		eng, ok := dockerEngineOf(tt.img)
		if ok != tt.ok || eng.Major != tt.major {
			t.Errorf("dockerEngineOf(%+v) = %d, %v; want %d, %v", tt.img, eng.Major, ok, tt.major, tt.ok)
		}
	}
}

func TestTimeoutImpl(t *testing.T) {
	tests := []struct {
		img  *image.Inventory
		want string
	}{
		{nil, ""},
		{&image.Inventory{Name: "x"}, ""},
		{&image.Inventory{Curated: true}, timeoutGNU},
		{&image.Inventory{PackageManager: "apk"}, ""},
		{&image.Inventory{PackageManager: "apk", Tools: map[string]*image.Tool{"timeout": {Name: "timeout", Package: "busybox"}}}, timeoutBusyBox},
		{&image.Inventory{PackageManager: "apk", Tools: map[string]*image.Tool{"timeout": {Name: "timeout", Package: "coreutils"}}}, timeoutGNU},
		{&image.Inventory{Ref: "docker:dind"}, timeoutBusyBox},
		{&image.Inventory{PackageManager: "apt-get"}, timeoutGNU},
		{&image.Inventory{PackageManager: "dnf"}, timeoutGNU},
	}
	for _, tt := range tests {
		if got := timeoutImpl(tt.img); got != tt.want {
			t.Errorf("timeoutImpl(%+v) = %q, want %q", tt.img, got, tt.want)
		}
	}
}
