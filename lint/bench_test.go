package lint_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/buildspec-lint/buildspec-lint/internal/fsutil"
	"github.com/buildspec-lint/buildspec-lint/internal/inventory"
	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
	"github.com/buildspec-lint/buildspec-lint/lint/finding"
	"github.com/buildspec-lint/buildspec-lint/lint/format"
	"github.com/buildspec-lint/buildspec-lint/lint/image"
	"github.com/buildspec-lint/buildspec-lint/lint/linttest"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
	"github.com/buildspec-lint/buildspec-lint/lint/workflow"
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

// BenchmarkLintSerial is BenchmarkLint on one CPU (-j 1), to compare with the YAML baseline:
// every stage of a file (BenchmarkStage*), the files given in memory (no read).
func BenchmarkLintSerial(b *testing.B) {
	in := genBuildspecs(benchFiles)
	l := &lint.Linter{Rules: rules.All(), Jobs: 1, Settings: benchSettings}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if res := l.Run(in); res.Files != len(in) || len(res.Findings) == 0 {
			b.Fatalf("linted %d files of %d, %d findings: %v", res.Files, len(in), len(res.Findings), res.Errors)
		}
	}
	report(b, len(in), totalBytes(in))
}

// The stages of linting one file, each timed alone on the same files, on one goroutine
// (-cpu 1 for one CPU: the README's command), with allocations:
//
//	BenchmarkStageRead    reading the files (as discovery's files are read)
//	BenchmarkYAMLDecode   the YAML alone, into yaml v3 Nodes: the parse-only baseline's work
//	BenchmarkParse        the model: YAML, schema and shell parsing
//	BenchmarkStageCheck   the rules, on files parsed beforehand (no fix verified)
//	BenchmarkStageVerify  the rules with and without the verification of the fixes, on the
//	                      files that have fixes: verification is the difference
//	BenchmarkStageOutput  the text format (with snippets, as the CLI's default) of all findings
//
// BenchmarkLintSerial is the whole (less the read); BenchmarkLint the same on all CPUs.

// BenchmarkStageRead reads the files from a directory as the linter reads discovered files
// (fsutil.ReadSeenRegularFile with the default size bound), on one goroutine; the files are
// in the page cache after the first iteration, as in a run over a warm tree.
func BenchmarkStageRead(b *testing.B) {
	in := genBuildspecs(benchFiles)
	dir := b.TempDir()
	paths := make([]string, len(in))
	for i, f := range in {
		paths[i] = filepath.Join(dir, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(paths[i]), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(paths[i], f.Data, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	want := totalBytes(in)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		n := 0
		for _, p := range paths {
			data, err := fsutil.ReadSeenRegularFile(p, lint.DefaultMaxFileSize)
			if err != nil {
				b.Fatal(err)
			}
			n += len(data)
		}
		if n != want {
			b.Fatalf("read %d bytes, want %d", n, want)
		}
	}
	report(b, len(in), want)
}

// BenchmarkParse is the model alone (YAML, schema, shell parsing), on one CPU.
func BenchmarkParse(b *testing.B) {
	in := genBuildspecs(benchFiles)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		commands := 0
		for _, f := range in {
			specs := buildspec.Parse(source.NewSource(f.Path, f.Data))
			if len(specs) != 1 {
				b.Fatalf("%s: %d documents, want 1", f.Path, len(specs))
			}
			commands += len(specs[0].CommandsInOrder())
		}
		if commands < 5*len(in) {
			b.Fatalf("%d commands in %d files, want at least 5 a file", commands, len(in))
		}
	}
	report(b, len(in), totalBytes(in))
}

// BenchmarkYAMLDecode is the baseline: the same files only decoded into yaml v3 Nodes, on one CPU.
func BenchmarkYAMLDecode(b *testing.B) {
	in := genBuildspecs(benchFiles)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		docs := 0
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
				docs++
			}
		}
		if docs != len(in) {
			b.Fatalf("%d documents in %d files", docs, len(in))
		}
	}
	report(b, len(in), totalBytes(in))
}

// prepared is a file parsed beforehand, with the stages that follow the parse (lint.Prepare).
type prepared struct {
	check, lint func() []*finding.Finding
	size        int
}

// prepare parses in with the benchmarks' settings.
func prepare(b *testing.B, l *lint.Linter, in []lint.Input) []prepared {
	out := make([]prepared, len(in))
	for i, f := range in {
		fs, err := benchSettings(f.Path)
		if err != nil {
			b.Fatal(err)
		}
		check, lint := lint.Prepare(l, source.NewSource(f.Path, f.Data), fs)
		out[i] = prepared{check: check, lint: lint, size: len(f.Data)}
	}
	return out
}

// BenchmarkStageCheck runs the rules alone, on files parsed beforehand: the findings are those
// of a run (fixes not verified), so their number is checked against one.
func BenchmarkStageCheck(b *testing.B) {
	in := genBuildspecs(benchFiles)
	l := &lint.Linter{Rules: rules.All(), Jobs: 1, Settings: benchSettings}
	want := len(l.Run(in).Findings)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		// Parsed anew each time, outside the timer: what the rules compute once and keep on
		// a parsed file (or its image) is part of their work in a run.
		b.StopTimer()
		files := prepare(b, l, in)
		b.StartTimer()
		n := 0
		for _, f := range files {
			n += len(f.check())
		}
		if n != want || n == 0 {
			b.Fatalf("%d findings, want %d as a run finds", n, want)
		}
	}
	report(b, len(in), totalBytes(in))
}

// BenchmarkStageVerify is the verification of the fixes, on the files of the set that have
// fixes: check+verify runs the rules and verifies each fix (a lint of the fixed file each, as
// Lint does after its parse), check runs the rules alone on the same files. The verification
// costs the difference (time and allocations).
func BenchmarkStageVerify(b *testing.B) {
	in := genBuildspecs(benchFiles)
	l := &lint.Linter{Rules: rules.All(), Jobs: 1, Settings: benchSettings}
	var withFixes []lint.Input
	fixes, size := 0, 0
	for i, f := range prepare(b, l, in) {
		n := 0
		for _, g := range f.check() {
			if g.Fix != nil {
				n++
			}
		}
		if n > 0 {
			withFixes = append(withFixes, in[i])
			fixes += n
			size += f.size
		}
	}
	if len(withFixes) == 0 {
		b.Fatal("no file of the set has a fix to verify")
	}
	for _, c := range []struct {
		name string
		run  func(prepared) []*finding.Finding
	}{
		{"check+verify", func(f prepared) []*finding.Finding { return f.lint() }},
		{"check", func(f prepared) []*finding.Finding { return f.check() }},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for range b.N {
				b.StopTimer() // parsed anew each time, as in BenchmarkStageCheck
				files := prepare(b, l, withFixes)
				b.StartTimer()
				n := 0
				for _, f := range files {
					for _, g := range c.run(f) {
						if g.Fix != nil {
							n++
						}
					}
				}
				// The benchmark's fixes pass their verification: a fix dropped would mean
				// that less was verified than offered.
				if n != fixes {
					b.Fatalf("%d fixes offered, want %d", n, fixes)
				}
			}
			report(b, len(withFixes), size)
			b.ReportMetric(float64(len(withFixes)), "files/op")
			b.ReportMetric(float64(fixes), "fixes/op")
		})
	}
}

// countWriter counts the bytes written to it and keeps none.
type countWriter struct{ n int }

func (w *countWriter) Write(p []byte) (int, error) { w.n += len(p); return len(p), nil }

// BenchmarkStageOutput writes the findings of a run over the set in the text format, with
// snippets (the CLI's default), to a writer that keeps nothing.
func BenchmarkStageOutput(b *testing.B) {
	in := genBuildspecs(benchFiles)
	l := &lint.Linter{Rules: rules.All(), Settings: benchSettings}
	res := l.Run(in)
	if len(res.Findings) == 0 {
		b.Fatal("no findings to write")
	}
	rep := &format.Report{Findings: res.Findings, Files: res.Files}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		var w countWriter
		if err := format.Text(&w, rep, format.Options{Snippet: true}); err != nil {
			b.Fatal(err)
		}
		// At least a position, a message and a snippet line per finding.
		if w.n < 60*len(res.Findings) {
			b.Fatalf("%d bytes written for %d findings", w.n, len(res.Findings))
		}
	}
	report(b, len(in), totalBytes(in))
	b.ReportMetric(float64(len(res.Findings)), "findings/op")
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
				// Every shape reaches a limit, which a finding reports (TestHostileShapes).
				if fs := l.Lint(source.NewSource("hostile.yml", s.Data), nil); len(fs) == 0 {
					b.Fatal("no finding")
				}
			}
		})
	}
}

// hostileWorkflowLabels are the runs-on labels of BenchmarkHostileWorkflow's matrix: GitHub-hosted
// runners where Docker runs (Ubuntu), where it is missing (arm64 macOS), and where it runs
// Windows containers only (Windows).
var hostileWorkflowLabels = []string{"ubuntu-22.04", "ubuntu-24.04", "ubuntu-26.04", "ubuntu-22.04-arm", "ubuntu-24.04-arm", "ubuntu-latest",
	"windows-2022", "windows-2025", "windows-latest", "macos-14", "macos-15", "macos-latest"}

// hostileWorkflowSteps is how many docker steps BenchmarkHostileWorkflow's job has.
const hostileWorkflowSteps = 8000

// hostileWorkflowMaxBytes bounds what linting BenchmarkHostileWorkflow's job may allocate: about
// four times what it does.
const hostileWorkflowMaxBytes = 512 << 20

// BenchmarkHostileWorkflow lints a job of 8,000 docker steps in a matrix of 12 GitHub-hosted
// runners, with the built-in runner data as the CLI resolves it: each call raises
// docker-unavailable (BSL211) on the macOS and the Windows runners, so that every one of
// 16,000 findings is told which environments raise it. Asking again for each call whether an
// earlier one provides Docker, and finding a finding's environments by scanning every command,
// made it quadratic (18.7 s before, 0.34 s after), and it allocated 12.7 GB against 0.12 GB
// now: the benchmark bounds the bytes (hostileWorkflowMaxBytes), not the time.
func BenchmarkHostileWorkflow(b *testing.B) {
	var w strings.Builder
	fmt.Fprintf(&w, "on: push\njobs:\n  build:\n    strategy:\n      matrix:\n        os: [%s]\n    runs-on: ${{ matrix.os }}\n    steps:\n", strings.Join(hostileWorkflowLabels, ", "))
	for i := range hostileWorkflowSteps {
		fmt.Fprintf(&w, "      - run: docker run --rm ubuntu:24.04 echo %d\n", i)
	}
	data := []byte(w.String())
	envs := map[string][]string{} // the environments that raise each finding, by runner family
	for _, label := range hostileWorkflowLabels {
		if _, ok := inventory.Runner(label); !ok {
			b.Fatalf("%s is no GitHub-hosted runner in the built-in data", label)
		}
		if family, _, _ := strings.Cut(label, "-"); family != "ubuntu" {
			envs[family] = append(envs[family], "matrix.os = "+label)
		}
	}
	l := &lint.Linter{Rules: rules.All()}
	fs := &lint.FileSettings{Runner: func(env *workflow.Env) *image.Inventory { return inventory.ForEnv(env, nil) }}
	perRule := buildspec.DefaultLimits.WithDefaults().MaxFindings
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		found := l.Lint(source.NewSource(".github/workflows/ci.yml", data), fs)
		runtime.ReadMemStats(&after)
		if n := after.TotalAlloc - before.TotalAlloc; n > hostileWorkflowMaxBytes {
			b.Fatalf("linting allocated %d MB, want at most %d", n>>20, hostileWorkflowMaxBytes>>20)
		}
		// A macOS and a Windows finding per step, the first MaxFindings shown, and a last one
		// that counts the others.
		if len(found) != perRule+1 {
			b.Fatalf("%d findings, want %d", len(found), perRule+1)
		}
		for i, f := range found[:perRule] {
			family := []string{"macos", "windows"}[i%2]
			if want := "(only for " + strings.Join(envs[family], "; ") + ")"; f.RuleID() != "BSL211" || f.Range.Start.Line != 9+i/2 || !strings.HasSuffix(f.Message, want) {
				b.Fatalf("finding %d: %s %s %s, want BSL211 on line %d ending %q", i, f.RuleID(), f.Range.Start, f.Message, 9+i/2, want)
			}
		}
		if last, want := found[perRule].Message, fmt.Sprintf("%d more findings", 2*hostileWorkflowSteps-perRule); !strings.HasPrefix(last, want) {
			b.Fatalf("last finding %q, want %q", last, want)
		}
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
	for _, c := range []struct {
		name, text string
		fixes      int
	}{{"fixes=3", fixBench, 3}, {"fixes=0", fixBenchFixed, 0}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				n := 0
				for _, f := range l.Lint(source.NewSource("f.yml", []byte(c.text)), fs) {
					if f.Fix != nil {
						n++
					}
				}
				if n != c.fixes {
					b.Fatalf("%d fixes offered, want %d", n, c.fixes)
				}
			}
		})
	}
	// Linter.Fix: the lint above, the three fixes verified together, and the fixed file linted.
	b.Run("fix", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if fixed, _, notes := l.Fix(source.NewSource("f.yml", []byte(fixBench)), fs); fixed == nil || len(fixed.Resolved) != 3 {
				b.Fatalf("fixed %v, notes %v", fixed != nil, notes)
			}
		}
	})
}
