package inventory_test

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/buildspec-lint/buildspec-lint/internal/imageread"
	"github.com/buildspec-lint/buildspec-lint/internal/inventory"
	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/image"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
	"github.com/buildspec-lint/buildspec-lint/rules"
)

// The findings of a buildspec on an image read itself are the findings on the Dockerfile that
// builds the same image: the same rules on the same lines; the image's cite it and the package.
func TestFromContentsSameFindingsAsDockerfile(t *testing.T) {
	df := filepath.Join(t.TempDir(), "Dockerfile")
	if err := os.WriteFile(df, []byte("FROM alpine:3.20\nRUN apk add --no-cache jq curl\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	fromDF, err := inventory.FromDockerfile(df)
	if err != nil {
		t.Fatal(err)
	}
	fromDF.Name = "ci"
	c := &imageread.Contents{
		Ref: "registry.example/ci:1", Digest: "sha256:" + strings.Repeat("0123456789abcdef", 4),
		OS: "Alpine Linux v3.20", OSID: "alpine", Path: []string{"/usr/local/bin", "/usr/bin", "/sbin", "/bin"},
		Executables: map[string]string{}, Applets: map[string]bool{},
		Packages: []imageread.Package{
			{Manager: "apk", Name: "jq", Version: "1.7.1-r0", Files: []string{"/usr/bin/jq"}},
			{Manager: "apk", Name: "curl", Version: "8.9.1-r1", Files: []string{"/usr/bin/curl"}},
		},
	}
	for n, tool := range fromDF.Tools {
		c.Executables[n] = "/usr/bin/" + n
		if tool.Package == "busybox" {
			c.Executables[n], c.Applets[n] = "/bin/busybox", true
		}
	}
	fromImage := inventory.FromContents(c, "ci")

	const spec = `version: 0.2
phases:
  install:
    commands:
      - apk add --no-cache jq
      - apt-get update && apt-get install -y git
      - wget -q https://example.com/tool -O /usr/local/bin/tool
  build:
    commands:
      - docker build -t app .
`
	l := &lint.Linter{Rules: rules.All()}
	run := func(inv *image.Inventory) []string {
		fs := &lint.FileSettings{Image: inv}
		var out []string
		for _, f := range l.Lint(source.NewSource("buildspec.yml", []byte(spec)), fs) {
			out = append(out, fmt.Sprintf("%s:%d %s", f.Rule.ID, f.Range.Start.Line, f.Message))
		}
		sort.Strings(out)
		return out
	}
	got, want := run(fromImage), run(fromDF)
	t.Logf("image:\n%s\ndockerfile:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	if len(got) == 0 || len(got) != len(want) {
		t.Fatalf("findings differ:\nimage      %q\ndockerfile %q", got, want)
	}
	jq := false
	for i := range got {
		g, w := strings.Fields(got[i])[0], strings.Fields(want[i])[0]
		if g != w {
			t.Errorf("finding %d: %s on the image, %s on the Dockerfile\n%q\n%q", i, g, w, got, want)
		}
		if strings.Contains(got[i], "jq") && strings.Contains(got[i], "registry.example/ci:1@sha256:0123456789ab, apk jq 1.7.1-r0") {
			jq = true
		}
	}
	if !jq {
		t.Errorf("no finding cites the image and its package for jq:\n%q", got)
	}
}
