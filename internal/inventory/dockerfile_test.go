package inventory

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/buildspec-lint/buildspec-lint/lint/image"
)

// tool renders one tool as "name@version <origin>" ("name <origin>" without a version).
func tool(inv *image.Inventory, name string) string {
	t := inv.Has(name)
	if t == nil {
		return "missing"
	}
	if t.Version != "" {
		return fmt.Sprintf("%s@%s <%s>", t.Name, t.Version, t.Origin)
	}
	return fmt.Sprintf("%s <%s>", t.Name, t.Origin)
}

func TestDockerfileTools(t *testing.T) {
	const path = "docker/Dockerfile"
	tests := []struct {
		name    string
		file    string
		want    []string // tool lines (see tool); "name missing" asserts absence
		dockerd image.DockerdMode
		notes   []string // substrings of the notes, in order
	}{{
		name: "continuation lines: each package on its own line",
		file: "FROM alpine:3.20\n" +
			"RUN apk add --no-cache \\\n" +
			"      jq \\\n" +
			"      make \\\n" +
			"      aws-cli\n",
		want: []string{"jq <docker/Dockerfile:3>", "make <docker/Dockerfile:4>", "aws <docker/Dockerfile:5>"},
	}, {
		name: "comment and empty lines inside a continuation are dropped, not matched",
		file: "FROM alpine:3.20\n" +
			"RUN apk add --no-cache \\\n" +
			"    # jq is for the deploy scripts, make for everything\n" +
			"\n" +
			"      jq \\\n" +
			"  # then make\n" +
			"      make\n",
		want: []string{"jq <docker/Dockerfile:5>", "make <docker/Dockerfile:7>"},
	}, {
		name: "escape directive: backtick continuations",
		file: "# escape=`\n" +
			"FROM alpine:3.20\n" +
			"RUN apk add `\n" +
			"    jq `\n" +
			"    make\n",
		want: []string{"jq <docker/Dockerfile:4>", "make <docker/Dockerfile:5>"},
	}, {
		name: "CRLF line endings",
		file: "FROM alpine:3.20\r\nRUN apk add \\\r\n    jq\r\n",
		want: []string{"jq <docker/Dockerfile:3>"},
	}, {
		name: "heredoc: the document is the script",
		file: "FROM alpine:3.20\n" +
			"RUN <<EOF\n" +
			"set -e\n" +
			"apk add --no-cache jq\n" +
			"pip3 install awscli==1.32.0\n" +
			"EOF\n" +
			"RUN apk add make\n",
		want: []string{"jq <docker/Dockerfile:4>", "aws@1.32.0 <docker/Dockerfile:5>", "make <docker/Dockerfile:7>"},
	}, {
		name: "heredoc read by bash, with <<- and a quoted name",
		file: "FROM alpine:3.20\n" +
			"RUN bash <<-'SCRIPT'\n" +
			"\tapk add jq\n" +
			"\tSCRIPT\n" +
			"RUN cat <<EOF > /etc/motd\n" +
			"apk add make\n" +
			"EOF\n",
		want: []string{"jq <docker/Dockerfile:3>", "make missing"},
	}, {
		name: "exec form and sh -c in exec form",
		file: "FROM alpine:3.20\n" +
			"RUN [\"pip3\", \"install\", \"awscli\"]\n" +
			"RUN [\"/bin/sh\", \"-c\", \"apk add --no-cache jq && apk add make\"]\n",
		want: []string{"aws <docker/Dockerfile:2>", "jq <docker/Dockerfile:3>", "make <docker/Dockerfile:3>"},
	}, {
		name: "ARG and ENV values give versions",
		file: "ARG TF_VERSION=1.5.7\n" +
			"FROM alpine:3.20\n" +
			"ARG TF_VERSION\n" +
			"ARG KUBECTL_VERSION=1.29.3\n" +
			"ENV YQ_VERSION=v4.40.5 AWS_CLI=\"1.32.0\"\n" +
			"RUN curl -fsSL -o /tmp/tf.zip https://releases.hashicorp.com/terraform/${TF_VERSION}/terraform_${TF_VERSION}_linux_amd64.zip \\\n" +
			" && unzip /tmp/tf.zip -d /usr/local/bin\n" +
			"RUN curl -fsSLo /usr/local/bin/kubectl \"https://dl.k8s.io/release/v$KUBECTL_VERSION/bin/linux/amd64/kubectl\" \\\n" +
			" && chmod +x /usr/local/bin/kubectl\n" +
			"RUN pip3 install awscli==${AWS_CLI}\n",
		want: []string{"terraform@1.5.7 <docker/Dockerfile:6>", "kubectl@1.29.3 <docker/Dockerfile:8>", "aws@1.32.0 <docker/Dockerfile:10>"},
	}, {
		name: "multi-stage: the final stage's chain, not the builder's tools",
		file: "FROM golang:1.22 AS builder\n" +
			"RUN apt-get update && apt-get install -y protobuf-compiler\n" +
			"FROM alpine:3.20 AS base\n" +
			"RUN apk add jq\n" +
			"FROM base AS ci\n" +
			"RUN apk add make\n" +
			"COPY --from=builder /go/bin/mytool /usr/local/bin/\n" +
			"COPY --from=builder /go/bin/other /usr/local/bin/renamed\n" +
			"COPY --from=hashicorp/terraform:1.6.0 /bin/terraform /usr/local/bin/terraform\n" +
			"COPY scripts/deploy.sh /opt/scripts/\n",
		want: []string{"jq <docker/Dockerfile:4>", "make <docker/Dockerfile:6>", "mytool <docker/Dockerfile:7>",
			"renamed <docker/Dockerfile:8>", "terraform@1.6.0 <docker/Dockerfile:9>", "protoc missing", "protobuf-compiler missing",
			"deploy.sh missing", "apk <base image alpine:3.20 at docker/Dockerfile:3>"},
	}, {
		name: "ADD a URL into PATH",
		file: "FROM alpine:3.20\n" +
			"ARG YQ=4.40.5\n" +
			"ADD --chmod=755 https://github.com/mikefarah/yq/releases/download/v${YQ}/yq_linux_amd64 /usr/local/bin/yq\n" +
			"ADD https://example.com/tools/hadolint /usr/local/bin/\n" +
			"ADD https://example.com/x.tar.gz /tmp/\n",
		want: []string{"yq@4.40.5 <docker/Dockerfile:3>", "hadolint <docker/Dockerfile:4>", "x.tar.gz missing"},
	}, {
		name: "ENV PATH makes a directory a PATH directory",
		file: "FROM alpine:3.20\n" +
			"ENV PATH=/opt/tools/bin:$PATH\n" +
			"COPY bin/lint /opt/tools/bin/lint\n",
		want: []string{"lint <docker/Dockerfile:3>"},
	}, {
		name:    "docker:dind base: docker, dockerd, git and busybox; dockerd is manual",
		file:    "FROM docker:dind\nRUN apk add --no-cache jq\n",
		want:    []string{"docker <base image docker:dind at docker/Dockerfile:1>", "dockerd <base image docker:dind at docker/Dockerfile:1>", "git <base image docker:dind at docker/Dockerfile:1>", "ssh <base image docker:dind at docker/Dockerfile:1>", "wget <base image docker:dind at docker/Dockerfile:1>", "jq <docker/Dockerfile:2>", "curl missing"},
		dockerd: image.DockerdManual,
	}, {
		name: "docker:27-cli base has no daemon",
		file: "FROM docker:27-cli\n",
		want: []string{"docker <base image docker:27-cli at docker/Dockerfile:1>", "dockerd missing"},
	}, {
		name:    "a curated image as base: its tools, but a custom image",
		file:    "FROM public.ecr.aws/codebuild/amazonlinux-x86_64-standard:5.0\nRUN dnf install -y jq\n",
		want:    []string{"jq <docker/Dockerfile:2>", "docker@28.5.2 <base image public.ecr.aws/codebuild/amazonlinux-x86_64-standard:5.0 at docker/Dockerfile:1>"},
		dockerd: image.DockerdManual,
		notes:   []string{"built FROM the curated image aws/codebuild/amazonlinux-x86_64-standard:5.0"},
	}, {
		name:  "unknown base: only what the Dockerfile adds, and a note",
		file:  "FROM mycorp/builder:22.04\nRUN apt-get update && apt-get install -y --no-install-recommends jq\n",
		want:  []string{"jq <docker/Dockerfile:2>", "git missing", "bash missing"},
		notes: []string{"unknown base image mycorp/builder:22.04: only what docker/Dockerfile adds is known"},
	}, {
		name: "ubuntu base: what Ubuntu's base image ships, not what it lacks",
		file: "FROM ubuntu:22.04\nRUN apt-get update && apt-get install -y --no-install-recommends jq\n",
		want: []string{"jq <docker/Dockerfile:2>", "bash <base image ubuntu:22.04 at docker/Dockerfile:1>",
			"perl <base image ubuntu:22.04 at docker/Dockerfile:1>", "which <base image ubuntu:22.04 at docker/Dockerfile:1>",
			"apt-get <base image ubuntu:22.04 at docker/Dockerfile:1>", "curl missing", "git missing"},
	}, {
		name: "amazon linux 2023 base: curl but no tar",
		file: "FROM public.ecr.aws/amazonlinux/amazonlinux:2023\nRUN dnf install -y jq\n",
		want: []string{"curl <base image public.ecr.aws/amazonlinux/amazonlinux:2023 at docker/Dockerfile:1>",
			"dnf <base image public.ecr.aws/amazonlinux/amazonlinux:2023 at docker/Dockerfile:1>", "tar missing", "which missing"},
	}, {
		name: "global ARG in FROM, platform flag, digest",
		file: "ARG BASE=docker:25-dind\nFROM --platform=linux/amd64 ${BASE}@sha256:0123 AS final\n",
		want: []string{"dockerd <base image docker:25-dind@sha256:0123 at docker/Dockerfile:2>"},
	}, {
		name: "SHELL and RUN options",
		file: "FROM alpine:3.20\n" +
			"SHELL [\"/bin/ash\", \"-eo\", \"pipefail\", \"-c\"]\n" +
			"RUN --mount=type=cache,target=/var/cache/apk apk add jq\n",
		want: []string{"jq <docker/Dockerfile:3>"},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inv, err := fromDockerfile(path, []byte(tt.file))
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				name, _, _ := strings.Cut(w, " ")
				name, _, _ = strings.Cut(name, "@")
				got := tool(inv, name)
				if strings.HasSuffix(w, " missing") {
					if got != "missing" {
						t.Errorf("%s: got %s, want it missing", name, got)
					}
					continue
				}
				if got != w {
					t.Errorf("got  %s\nwant %s", got, w)
				}
			}
			if !inv.Custom || inv.Curated || inv.Dockerd != image.DockerdManual {
				t.Errorf("a Dockerfile image is custom with dockerd manual: got custom=%v curated=%v dockerd=%v", inv.Custom, inv.Curated, inv.Dockerd)
			}
			if inv.Runtimes != nil {
				t.Errorf("runtime-versions does not apply to a custom image: got %v", inv.Runtimes)
			}
			if len(inv.Notes) != len(tt.notes) {
				t.Fatalf("notes: got %q, want %d", inv.Notes, len(tt.notes))
			}
			for i, n := range tt.notes {
				if !strings.Contains(inv.Notes[i], n) {
					t.Errorf("note %d: got %q, want it to contain %q", i, inv.Notes[i], n)
				}
			}
		})
	}
}

func TestExpandDocker(t *testing.T) {
	vars := map[string]string{"V": "1.5.7", "EMPTY": ""}
	tests := []struct{ in, want string }{
		{"terraform_${V}_linux", "terraform_1.5.7_linux"},
		{"$V/x", "1.5.7/x"},
		{`"a b"$V`, "a b1.5.7"},
		{`'$V'`, "$V"},
		{`\$V`, "$V"},
		{"${NOPE}-$NOPE", "${NOPE}-$NOPE"}, // an ARG without a value (a --build-arg) stays as written
		{"${NOPE:-2.0}", "2.0"},
		{"${EMPTY:-d}${EMPTY-e}", "d"},
		{"${V:+set}${NOPE:+x}", "set"},
		{"${V", "${V"},
		{"$", "$"},
	}
	for _, tt := range tests {
		if got := expandDocker(tt.in, '\\', lookupIn(vars)); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestDockerfileErrors(t *testing.T) {
	tests := []struct{ file, want string }{
		{"", "Dockerfile: no instructions: a Dockerfile needs at least a FROM"},
		{"# only a comment\n", "Dockerfile: no instructions: a Dockerfile needs at least a FROM"},
		{"FROM alpine\nRUUN apk add jq\n", "Dockerfile:2:1: unknown instruction RUUN"},
		{"FROM alpine\n  bogus\n", "Dockerfile:2:3: unknown instruction BOGUS"},
		{"RUN apk add jq\nFROM alpine\n", "Dockerfile:1:1: RUN before the first FROM: only ARG may come before it"},
		{"ARG X=1\n", "Dockerfile: no FROM instruction"},
		{"FROM alpine\nRUN <<EOF\napk add jq\n", "Dockerfile:2:5: unterminated heredoc <<EOF: end it with a line that is exactly EOF"},
		{"# escape=x\nFROM alpine\n", "Dockerfile:1:1: invalid escape directive \"x\": use \\ or `"},
		{"# escape=`\n# escape=\\\nFROM alpine\n", "Dockerfile:2:1: only one escape parser directive can be used"},
		{"FROM\n", "Dockerfile:1:1: FROM needs an image"},
	}
	for _, tt := range tests {
		_, err := fromDockerfile("Dockerfile", []byte(tt.file))
		if err == nil || err.Error() != tt.want {
			t.Errorf("%q:\n got %v\nwant %s", tt.file, err, tt.want)
		}
		var pe *ParseError
		if err != nil && !errors.As(err, &pe) {
			t.Errorf("%q: error %T is not a *ParseError", tt.file, err)
		}
	}
}

func TestDockerfileParse(t *testing.T) {
	// The joined arguments and where each instruction starts, as buildkit reads them.
	file := "# syntax=docker/dockerfile:1\n" +
		"FROM alpine AS a\n" +
		"RUN echo a \\\n" +
		"  # comment\n" +
		"    b \\  \n" +
		"c\n" +
		"run echo 'x \\\\'\n" +
		"COPY <<EOF /usr/local/bin/hello\n" +
		"#!/bin/sh\n" +
		"echo hi\n" +
		"EOF\n" +
		"CMD [\"sh\", \"-c\", \"echo \\\"q\\\"\"]\n"
	df, err := parseDockerfile("D", []byte(file))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, ins := range df.Instrs {
		s := fmt.Sprintf("%d %s %q", ins.Line, ins.Cmd, ins.Args)
		for _, h := range ins.Heredocs {
			s += fmt.Sprintf(" <<%s %q", h.Name, h.Content)
		}
		for _, w := range ins.JSON {
			s += fmt.Sprintf(" [%s]", w.Value)
		}
		got = append(got, s)
	}
	want := []string{
		`2 FROM "alpine AS a"`,
		`3 RUN "echo a     b c"`,
		`7 RUN "echo 'x \\\\'"`,
		`8 COPY "<<EOF /usr/local/bin/hello" <<EOF "#!/bin/sh\necho hi\n"`,
		`12 CMD "[\"sh\", \"-c\", \"echo \\\"q\\\"\"]" [sh] [-c] [echo "q"]`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// Every piece of the joined text is the same bytes in the file.
	for _, ins := range df.Instrs {
		for _, p := range ins.pieces {
			if ins.Args[p.Val:p.Val+p.Len] != file[p.File:p.File+p.Len] {
				t.Errorf("line %d: piece %+v maps %q to %q", ins.Line, p, ins.Args[p.Val:p.Val+p.Len], file[p.File:p.File+p.Len])
			}
		}
	}
	// COPY <<EOF into PATH is a tool.
	inv, err := fromDockerfile("D", []byte(file))
	if err != nil {
		t.Fatal(err)
	}
	if got := tool(inv, "hello"); got != "hello <D:8>" {
		t.Errorf("heredoc COPY: got %s", got)
	}
}

func TestFromDockerfileFiles(t *testing.T) {
	if _, err := FromDockerfile(filepath.Join(t.TempDir(), "nope")); err == nil || !strings.Contains(err.Error(), "nope: no such file or directory") {
		t.Errorf("missing file: got %v", err)
	}
	dir := t.TempDir()
	if _, err := FromDockerfile(dir); err == nil || !strings.HasSuffix(err.Error(), "is a directory") {
		t.Errorf("directory: got %v", err)
	}
	// The testdata Dockerfiles all read, and each has the tools its comments promise.
	files, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "dockerfiles", "*", "Dockerfile"))
	if len(files) == 0 {
		t.Fatal("no testdata/dockerfiles/*/Dockerfile")
	}
	for _, f := range files {
		inv, err := FromDockerfile(f)
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		data, _ := os.ReadFile(f)
		for _, l := range strings.Split(string(data), "\n") {
			if want, ok := strings.CutPrefix(l, "# has: "); ok {
				for _, name := range strings.Fields(want) {
					if inv.Has(name) == nil {
						t.Errorf("%s: no %s in %v", f, name, names(inv))
					}
				}
			}
		}
	}
}

func names(inv *image.Inventory) []string {
	var out []string
	for n := range inv.Tools {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// FuzzDockerfile: any input either parses or gives a *ParseError, and never panics; every
// tool cites a line of the file.
func FuzzDockerfile(f *testing.F) {
	for _, s := range []string{
		"FROM alpine\nRUN apk add \\\n  jq\n",
		"# escape=`\nFROM docker:dind\nRUN <<EOF\napk add jq\nEOF\n",
		"ARG V=1\nFROM x AS a\nRUN [\"pip\", \"install\", \"awscli==$V\"]\nFROM a\nCOPY --from=a /x /usr/local/bin/\n",
		"FROM alpine\nENV A=${B:-c} D=$A\nADD https://h/v1.2/t /usr/bin/t\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		inv, err := fromDockerfile("D", []byte(s))
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %T: %v", err, err)
			}
			return
		}
		lines := strings.Count(s, "\n") + 1
		for _, tl := range inv.Tools {
			var n int
			if _, err := fmt.Sscanf(strings.TrimPrefix(tl.Origin, "D:"), "%d", &n); err == nil && (n < 1 || n > lines) {
				t.Fatalf("tool %s cites line %d of %d", tl.Name, n, lines)
			}
		}
	})
}

func TestDockerfileAWSCLI(t *testing.T) {
	tests := []struct {
		file string
		want int
	}{
		{"FROM alpine\nRUN pip3 install awscli\n", 1},
		{"FROM alpine\nRUN pip3 install awscli==2.0.0\n", 2},
		{"FROM ubuntu\nRUN curl -fsSL https://awscli.amazonaws.com/awscli-exe-linux-x86_64.zip -o a.zip && unzip a.zip && ./aws/install\n", 2},
		{"FROM aws/codebuild/amazonlinux2-x86_64-standard:4.0\n", 1},
		{"FROM docker:dind\n", 0},
	}
	for _, tt := range tests {
		inv, err := fromDockerfile("D", []byte(tt.file))
		if err != nil {
			t.Fatal(err)
		}
		if inv.AWSCLIMajor != tt.want {
			t.Errorf("%q: AWS CLI v%d, want v%d", tt.file, inv.AWSCLIMajor, tt.want)
		}
	}
}

// BenchmarkParseDockerfile measures the Dockerfile reader alone (lines, continuations,
// directives, heredocs, instructions) over the repository's example and fixture Dockerfiles.
func BenchmarkParseDockerfile(b *testing.B) {
	paths, err := filepath.Glob(filepath.Join("..", "..", "testdata", "dockerfiles", "*", "Dockerfile"))
	if err != nil || len(paths) == 0 {
		b.Fatalf("no fixture Dockerfiles: %v", err)
	}
	paths = append(paths, filepath.Join("..", "..", "examples", "docker", "codebuild", "Dockerfile"))
	var files [][]byte
	size := 0
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		files = append(files, data)
		size += len(data)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for i, data := range files {
			if _, err := parseDockerfile(paths[i], data); err != nil {
				b.Fatal(err)
			}
		}
	}
}
