package inventory

import "testing"

// A program that a RUN line calls where its absence would fail the image build is in the image,
// whatever the base: it cites the line that runs it. Calls whose failure the RUN survives, names
// that are not on PATH, builtins and functions say nothing.
func TestDockerfileUsedPrograms(t *testing.T) {
	const path = "docker/Dockerfile"
	for _, tt := range []struct {
		name, run string
		has       []string
		lacks     []string
	}{
		{"an && chain", "curl -fsSL https://example.com/x.tgz -o /tmp/x.tgz && tar -xzf /tmp/x.tgz -C /opt && rm /tmp/x.tgz",
			[]string{"curl", "tar", "rm"}, nil},
		{"the left side of || and its guard", "which make || apt-get install -y make", []string{"make"}, []string{"which"}},
		{"an if branch", "if command -v git; then git --version; fi", nil, []string{"git"}},
		{"only the last statement without set -e", "xmllint --version; zip -v", []string{"zip"}, []string{"xmllint"}},
		{"every statement after set -e", "set -eux; xmllint --version; zip -v", []string{"xmllint", "zip"}, nil},
		{"a pipeline's last command", "wget -qO- https://example.com/x.tgz | tar -xz -C /opt", []string{"tar"}, []string{"wget"}},
		{"paths and variables are not on PATH", "./configure && $CC -v && make", []string{"make"}, []string{"./configure", "configure"}},
		{"loops may run nothing", "for f in a b; do gzip $f; done", nil, []string{"gzip"}},
		{"functions the RUN defines", "build() { jq . x.json; }; build", nil, []string{"build", "jq"}},
		{"builtins", "cd /src && export X=1 && echo done", nil, []string{"cd", "export", "echo"}},
		{"negated and background calls", "! grep -q x f && sleep 1 & true", nil, []string{"grep", "sleep"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			inv, err := fromDockerfile(path, []byte("FROM mycorp/base:1\nRUN "+tt.run+"\n"))
			if err != nil {
				t.Fatal(err)
			}
			for _, name := range tt.has {
				got := inv.Has(name)
				if got == nil || got.Origin != "run at docker/Dockerfile:2" && got.Origin != "docker/Dockerfile:2" {
					t.Errorf("%s: %s, want it run at docker/Dockerfile:2", name, tool(inv, name))
				}
			}
			for _, name := range tt.lacks {
				if inv.Has(name) != nil {
					t.Errorf("%s: %s, want it missing", name, tool(inv, name))
				}
			}
		})
	}
	// Known bases bring their tools first: the base's curl keeps its origin.
	inv, err := fromDockerfile(path, []byte("FROM ubuntu:22.04\nRUN bash -c true && jq --version\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := tool(inv, "bash"); got != "bash <base image ubuntu:22.04 at docker/Dockerfile:1>" {
		t.Errorf("bash: %s", got)
	}
	if got := tool(inv, "jq"); got != "jq <run at docker/Dockerfile:2>" {
		t.Errorf("jq: %s", got)
	}
}

// The programs a curated image's Dockerfile runs before it installs anything come with its base
// image, so the built-in inventory has them. Source: aws/aws-codebuild-docker-images @
// 07a5b84e2be8f8de80a1cbdfa6c7feb8e94ecb6a al/x86_64/standard/5.0/Dockerfile, the first RUN
// (`set -ex && yum install -y -q openssh-clients && mkdir ~/.ssh && ... && touch ... && chmod
// 600 ... && rpm --import ... && curl ... | tee ...`).
func TestBuiltinHasWhatItsDockerfileRunsFirst(t *testing.T) {
	inv := Builtin("aws/codebuild/amazonlinux-x86_64-standard:5.0")
	for _, exe := range []string{"yum", "mkdir", "touch", "chmod", "rpm", "curl", "tee"} {
		if inv.Has(exe) == nil {
			t.Errorf("amazonlinux-x86_64-standard:5.0 lacks %s, which its Dockerfile runs before installing anything", exe)
		}
	}
}
