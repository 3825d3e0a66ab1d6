package lint_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand"
	"slices"
	"sort"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/buildspec-lint/buildspec-lint/internal/inventory"
	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
	"github.com/buildspec-lint/buildspec-lint/lint/image"
	"github.com/buildspec-lint/buildspec-lint/lint/linttest"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
	"github.com/buildspec-lint/buildspec-lint/rules"
)

// benchFiles is how many buildspecs the throughput benchmarks lint per iteration.
const benchFiles = 3000

// genBuildspecs makes n realistic buildspecs from varied templates (installs, docker, block
// scalars, env, runtime-versions, artifacts, reports), deterministically.
func genBuildspecs(n int) []lint.Input {
	r := rand.New(rand.NewSource(1))
	pick := func(xs ...string) string { return xs[r.Intn(len(xs))] }
	installs := []string{
		"apt-get update && apt-get install -y jq curl unzip",
		"pip install --upgrade awscli==1.29.0 boto3",
		"npm ci",
		"curl -sSL https://releases.hashicorp.com/terraform/1.7.5/terraform_1.7.5_linux_amd64.zip -o tf.zip && unzip tf.zip -d /usr/local/bin",
		"apk add --no-cache jq bash git",
		"yum install -y docker",
		"gem install bundler",
		`curl -LO "https://dl.k8s.io/release/v1.29.0/bin/linux/amd64/kubectl" && chmod +x kubectl && mv kubectl /usr/local/bin/`,
	}
	var out []lint.Input
	for i := 0; i < n; i++ {
		var b strings.Builder
		b.WriteString("version: 0.2\n")
		if r.Intn(2) == 0 {
			b.WriteString("env:\n  shell: bash\n  variables:\n")
			for v := 0; v < 1+r.Intn(4); v++ {
				fmt.Fprintf(&b, "    VAR_%d: \"value-%d\"\n", v, r.Intn(1000))
			}
			b.WriteString("  parameter-store:\n    DB_PASSWORD: /app/db/password\n")
			b.WriteString("  exported-variables:\n    - VAR_0\n")
		}
		b.WriteString("phases:\n  install:\n")
		if r.Intn(3) == 0 {
			b.WriteString("    runtime-versions:\n      python: 3.12\n      nodejs: 20\n")
		}
		b.WriteString("    commands:\n")
		for k := 0; k < 1+r.Intn(4); k++ {
			fmt.Fprintf(&b, "      - %s\n", pick(installs...))
		}
		if r.Intn(2) == 0 {
			b.WriteString("      - nohup /usr/local/bin/dockerd --host=unix:///var/run/docker.sock --host=tcp://127.0.0.1:2375 --storage-driver=overlay2 &\n")
			b.WriteString("      - timeout 15 sh -c \"until docker info; do echo .; sleep 1; done\"\n")
		}
		b.WriteString("  pre_build:\n    on-failure: ABORT\n    commands:\n")
		b.WriteString("      - aws ecr get-login-password --region $AWS_DEFAULT_REGION | docker login --username AWS --password-stdin $ECR_REGISTRY\n")
		b.WriteString("      - export IMAGE_TAG=$(echo $CODEBUILD_RESOLVED_SOURCE_VERSION | cut -c 1-7)\n")
		b.WriteString("  build:\n    commands:\n")
		switch r.Intn(3) {
		case 0:
			b.WriteString("      - |\n        set -euo pipefail\n        if [ -f Makefile ]; then\n          make test\n        fi\n        docker build -t \"$ECR_REGISTRY/app:$IMAGE_TAG\" .\n")
		case 1:
			b.WriteString("      - >\n        docker build\n        --build-arg VERSION=$IMAGE_TAG\n        -t app:latest .\n")
		default:
			b.WriteString("      - npm test\n      - 'echo \"Build: done\"'\n      - docker build -t app .\n")
		}
		b.WriteString("    finally:\n      - echo build finished\n")
		b.WriteString("  post_build:\n    commands:\n      - docker push \"$ECR_REGISTRY/app:$IMAGE_TAG\"\n      - printf '[{\"name\":\"app\",\"imageUri\":\"%s\"}]' \"$ECR_REGISTRY/app:$IMAGE_TAG\" > imagedefinitions.json\n")
		if r.Intn(2) == 0 {
			b.WriteString("reports:\n  junit:\n    files:\n      - 'reports/*.xml'\n    file-format: JUNITXML\n")
		}
		b.WriteString("artifacts:\n  files:\n    - imagedefinitions.json\n    - 'dist/**/*'\ncache:\n  paths:\n    - '/root/.npm/**/*'\n")
		out = append(out, lint.Input{Path: fmt.Sprintf("svc%d/buildspec.yml", i), Data: []byte(b.String())})
	}
	return out
}

func totalBytes(in []lint.Input) int {
	n := 0
	for _, f := range in {
		n += len(f.Data)
	}
	return n
}

// report sets files/s and MB/s for b, which processed files (of size bytes) b.N times.
func report(b *testing.B, files, bytes int) {
	s := b.Elapsed().Seconds()
	if s == 0 {
		return
	}
	b.ReportMetric(float64(files*b.N)/s, "files/s")
	b.ReportMetric(float64(bytes*b.N)/s/1e6, "MB/s")
	b.ReportMetric(0, "ns/op") // per-op time of a whole set is noise next to the rates
}

// benchSettings gives every file a custom image with jq and docker, so that image rules run.
func benchSettings(string) (*lint.FileSettings, error) {
	inv := &image.Inventory{Name: "ci", Tools: map[string]*image.Tool{"jq": {Name: "jq"}, "docker": {Name: "docker"}}, Custom: true, Dockerd: image.DockerdManual}
	return &lint.FileSettings{Image: inv}, nil
}

// BenchmarkLint is the linter's throughput: every rule, files in parallel (-j all CPUs).
func BenchmarkLint(b *testing.B) {
	in := genBuildspecs(benchFiles)
	l := &lint.Linter{Rules: rules.All(), Settings: benchSettings}
	b.ResetTimer()
	for b.Loop() {
		if res := l.Run(in); res.Files != len(in) {
			b.Fatalf("linted %d files of %d: %v", res.Files, len(in), res.Errors)
		}
	}
	report(b, len(in), totalBytes(in))
}

// BenchmarkLintSerial is BenchmarkLint on one CPU (-j 1), to compare with the YAML baseline.
func BenchmarkLintSerial(b *testing.B) {
	in := genBuildspecs(benchFiles)
	l := &lint.Linter{Rules: rules.All(), Jobs: 1, Settings: benchSettings}
	b.ResetTimer()
	for b.Loop() {
		l.Run(in)
	}
	report(b, len(in), totalBytes(in))
}

// BenchmarkParse is the model alone (YAML, schema, shell parsing), on one CPU.
func BenchmarkParse(b *testing.B) {
	in := genBuildspecs(benchFiles)
	b.ResetTimer()
	for b.Loop() {
		for _, f := range in {
			buildspec.Parse(source.NewSource(f.Path, f.Data))
		}
	}
	report(b, len(in), totalBytes(in))
}

// BenchmarkYAMLDecode is the baseline: the same files only decoded into yaml v3 Nodes, on one CPU.
func BenchmarkYAMLDecode(b *testing.B) {
	in := genBuildspecs(benchFiles)
	b.ResetTimer()
	for b.Loop() {
		for _, f := range in {
			dec := yaml.NewDecoder(bytes.NewReader(f.Data))
			for {
				var n yaml.Node
				if err := dec.Decode(&n); err != nil {
					if !errors.Is(err, io.EOF) {
						b.Fatal(err)
					}
					break
				}
			}
		}
	}
	report(b, len(in), totalBytes(in))
}

// TestBenchBuildspecsAreClean keeps the generated set meaningful: valid buildspecs that the
// schema rules accept (so the benchmark measures the normal path, not error paths).
func TestBenchBuildspecsAreClean(t *testing.T) {
	for _, f := range genBuildspecs(50) {
		for _, s := range buildspec.Parse(source.NewSource(f.Path, f.Data)) {
			for _, p := range s.Problems {
				t.Errorf("%s:%s: %s %s", f.Path, p.Range.Start, p.Kind, p.Message)
			}
			if len(s.CommandsInOrder()) < 5 {
				t.Errorf("%s: only %d commands", f.Path, len(s.CommandsInOrder()))
			}
		}
	}
}

// BenchmarkHostileShapes lints each hostile shape of the default size limit (linttest.HostileShapes).
func BenchmarkHostileShapes(b *testing.B) {
	l := &lint.Linter{Rules: rules.All()}
	for _, s := range linttest.HostileShapes(lint.DefaultMaxFileSize) {
		b.Run(strings.ReplaceAll(s.Name, " ", "-"), func(b *testing.B) {
			b.SetBytes(int64(len(s.Data)))
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				l.Lint(source.NewSource("hostile.yml", s.Data), nil)
			}
		})
	}
}

// fixBench is a realistic buildspec with three findings that carry a fix (BSL202, BSL205,
// BSL206 on docker:dind): fixBenchFixed is the same file corrected by hand, with no fix to offer.
const fixBench = `version: 0.2
env:
  variables:
    IMAGE_REPO: my-app
    AWS_DEFAULT_REGION: eu-west-1
phases:
  install:
    commands:
      - apk add --no-cache jq curl
      - dockerd --host=unix:///var/run/docker.sock --storage-driver=overlay > /var/log/dockerd.log 2>&1
      - timeout -t 15 sh -c "until docker info; do sleep 1; done"
  pre_build:
    commands:
      - aws ecr get-login-password | docker login --username AWS --password-stdin 123456789012.dkr.ecr.eu-west-1.amazonaws.com
      - COMMIT=$(echo $CODEBUILD_RESOLVED_SOURCE_VERSION | cut -c 1-7)
  build:
    commands:
      - docker build -t $IMAGE_REPO:$COMMIT .
      - |
        for t in unit integration; do
          docker run --rm $IMAGE_REPO:$COMMIT make test-$t
        done
  post_build:
    commands:
      - docker push $IMAGE_REPO:$COMMIT
      - printf '[{"name":"app","imageUri":"%s"}]' $IMAGE_REPO:$COMMIT > imagedefinitions.json
artifacts:
  files:
    - imagedefinitions.json
`

var fixBenchFixed = strings.NewReplacer("overlay >", "overlay2 >", "2>&1\n", "2>&1 &\n", "-t 15", "15").Replace(fixBench)

// fixBenchSettings lints on docker:dind, whose dockerd rules offer the fixes.
func fixBenchSettings(tb testing.TB) *lint.FileSettings {
	inv := inventory.Builtin("docker:dind")
	if inv == nil {
		tb.Fatal("no built-in docker:dind")
	}
	return &lint.FileSettings{Image: inv}
}

// TestFixBenchFile keeps BenchmarkLintFixes meaningful: the fixes of BSL202, BSL205 and
// BSL206 offered in one file (and applied by Fix), none in the other.
func TestFixBenchFile(t *testing.T) {
	l := &lint.Linter{Rules: rules.All()}
	var ids []string
	for _, f := range l.Lint(source.NewSource("f.yml", []byte(fixBench)), fixBenchSettings(t)) {
		if f.Fix != nil {
			ids = append(ids, f.RuleID())
		}
	}
	sort.Strings(ids)
	if got := strings.Join(slices.Compact(ids), " "); !strings.Contains(got, "BSL202") || !strings.Contains(got, "BSL205") || !strings.Contains(got, "BSL206") {
		t.Errorf("fixes offered by %v, want BSL202, BSL205 and BSL206", ids)
	}
	fixed, _, notes := l.Fix(source.NewSource("f.yml", []byte(fixBench)), fixBenchSettings(t))
	if fixed == nil || len(fixed.Resolved) != len(ids) {
		t.Errorf("fixed %v, notes %v", fixed != nil, notes)
	}
	for _, f := range l.Lint(source.NewSource("f.yml", []byte(fixBenchFixed)), fixBenchSettings(t)) {
		if f.Fix != nil {
			t.Errorf("the fixed file offers a fix: %s %s", f.RuleID(), f.Message)
		}
	}
}

// BenchmarkLintFixes is the cost of the fixes: one file linted with three fixes to verify (each
// alone: a lint of the fixed file each), the same file without them, and Linter.Fix of the first.
func BenchmarkLintFixes(b *testing.B) {
	l := &lint.Linter{Rules: rules.All()}
	fs := fixBenchSettings(b)
	for _, c := range []struct{ name, text string }{{"fixes=3", fixBench}, {"fixes=0", fixBenchFixed}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				l.Lint(source.NewSource("f.yml", []byte(c.text)), fs)
			}
		})
	}
	// Linter.Fix: the lint above, the three fixes verified together, and the fixed file linted.
	b.Run("fix", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			l.Fix(source.NewSource("f.yml", []byte(fixBench)), fs)
		}
	})
}
