package rules

import (
	"strings"
	"testing"

	"github.com/buildspec-lint/buildspec-lint/internal/inventory"
	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/finding"
	"github.com/buildspec-lint/buildspec-lint/lint/image"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// TestRemoveEntry removes the entry whose key is the first "K" of the text (its value ends where
// the marker "V" after it stands; the marker is not part of the text) and checks what is left.
func TestRemoveEntry(t *testing.T) {
	for _, tt := range []struct {
		name, in   string
		flow, next bool
		want       string // "" when the entry cannot be removed alone
	}{
		{"line", "a:\n  K: 1V\n  b: 2\n", false, false, "a:\n  b: 2\n"},
		{"line with comment", "a:\n  K: 1V # c\n  # d\n  b: 2\n", false, false, "a:\n  # d\n  b: 2\n"},
		{"crlf", "a:\r\n  K: 1V\r\n  b: 2\r\n", false, false, "a:\r\n  b: 2\r\n"},
		{"last line without break", "a:\n  b: 2\n  K: 1V", false, false, "a:\n  b: 2\n"},
		{"value over lines", "a:\n  K:\n    x: 1\n    y: 2V\n  b: 2\n", false, false, "a:\n  b: 2\n"},
		{"bom", "\ufeffK: 1V\nb: 2\n", false, false, "\ufeffb: 2\n"},
		{"sequence item", "a:\n  - K: 1V\n    b: 2\n", false, false, ""},
		{"another entry after", "a: {K: 1V, b: 2}\n", false, false, ""},
		{"flow middle", "{a: 1, K: 2V, b: 3}", true, false, "{a: 1, b: 3}"},
		{"flow last", "{a: 1, K: 2V}", true, false, "{a: 1}"},
		{"flow first", "{K: 2V, b: 3}", true, true, "{b: 3}"},
		{"flow first over lines", "{\n  K: 2V,\n  b: 3\n}", true, true, "{\n  b: 3\n}"},
		{"flow only", "{K: 2V}", true, true, ""},
		{"flow only before", "{K: 2V}", true, false, ""},
		{"flow comment before", "{a: 1, # x,\n K: 2V}", true, false, ""},
		{"flow comment after", "{K: 2V, # x\n b: 3}", true, true, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			k := strings.Index(tt.in, "K")
			v := k + strings.Index(tt.in[k:], "V")
			src := source.NewSource("t.yml", []byte(tt.in[:v]+tt.in[v+1:]))
			edit, ok := removeEntry(src, src.Range(k, k+1), v, tt.flow, tt.next)
			if !ok {
				if tt.want != "" {
					t.Fatalf("not removed, want %q", tt.want)
				}
				return
			}
			got, _, err := finding.ApplyEdits(src.Data, []finding.Edit{edit})
			if err != nil {
				t.Fatal(err)
			}
			if tt.want == "" || string(got) != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestWrittenInPlace(t *testing.T) {
	for in, want := range map[string]bool{
		"k: v":          true,
		"k:\n  v":       true,
		"k: # c\n  v":   true,
		"k: &a v":       false,
		"k: !!str v":    false,
		"k v":           false,
		"k: *a ... v":   false,
		"k:\n  # c\n v": true,
	} {
		src := source.NewSource("t.yml", []byte(in))
		if got := writtenInPlace(src, 1, strings.LastIndex(in, "v")); got != want {
			t.Errorf("writtenInPlace(%q) = %v, want %v", in, got, want)
		}
	}
}

// fixAll lints data with every rule and applies the verified fixes; it returns the fixed text
// (data itself when nothing was fixed) and the notes of the fixes that were dropped.
func fixAll(t *testing.T, data string, img *image.Inventory) (string, []lint.FixNote) {
	t.Helper()
	l := &lint.Linter{Rules: All()}
	fixed, _, notes := l.Fix(source.NewSource("t.yml", []byte(data)), &lint.FileSettings{Image: img})
	if fixed == nil {
		return data, notes
	}
	again, _, _ := l.Fix(source.NewSource("t.yml", fixed.After), &lint.FileSettings{Image: img})
	if again != nil {
		t.Errorf("fixing the fixed file changes it again:\n%s", again.After)
	}
	return string(fixed.After), notes
}

// TestRuntimeVersionsFixAllRules: with every rule on, the fixes of BSL103 verify (no new finding,
// BSL012 empty-phase among them): a phase left empty goes with runtime-versions, and no fix is
// offered when phases would be left empty.
func TestRuntimeVersionsFixAllRules(t *testing.T) {
	custom := inventory.Builtin("docker:dind")
	std, _ := runtimeImages("standard")
	for _, tt := range []struct {
		name    string
		img     *image.Inventory
		in, out string
	}{
		{"custom: the phase goes", custom,
			"version: 0.2\nphases:\n  install:\n    runtime-versions:\n      python: 3.12\n  build:\n    commands:\n      - make\n",
			"version: 0.2\nphases:\n  build:\n    commands:\n      - make\n"},
		{"custom: the phase stays", custom,
			"version: 0.2\nphases:\n  install:\n    runtime-versions:\n      python: 3.12\n    commands:\n      - make\n",
			"version: 0.2\nphases:\n  install:\n    commands:\n      - make\n"},
		{"custom: phases would be empty", custom,
			"version: 0.2\nphases:\n  install:\n    runtime-versions:\n      python: 3.12\n",
			"version: 0.2\nphases:\n  install:\n    runtime-versions:\n      python: 3.12\n"},
		{"custom: crlf and bom", custom,
			"\ufeffversion: 0.2\r\nphases:\r\n  install: # deps\r\n    runtime-versions: {python: 3.12}\r\n  build:\r\n    commands: [make]\r\n",
			"\ufeffversion: 0.2\r\nphases:\r\n  build:\r\n    commands: [make]\r\n"},
		{"curated: every entry goes", std,
			"version: 0.2\nphases:\n  install:\n    runtime-versions:\n      docker: 18\n  build:\n    commands: [make]\n",
			"version: 0.2\nphases:\n  build:\n    commands: [make]\n"},
		{"curated: a runtime the image lacks stays (drop it or install it: the user's call)", std,
			"version: 0.2\nphases:\n  install:\n    runtime-versions:\n      android: 29\n  build:\n    commands: [make]\n",
			"version: 0.2\nphases:\n  install:\n    runtime-versions:\n      android: 29\n  build:\n    commands: [make]\n"},
		{"curated: one entry goes", std,
			"version: 0.2\nphases:\n  install:\n    runtime-versions:\n      docker: 18\n      python: 3.12\n    commands: [make]\n",
			"version: 0.2\nphases:\n  install:\n    runtime-versions:\n      python: 3.12\n    commands: [make]\n"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, notes := fixAll(t, tt.in, tt.img)
			if got != tt.out {
				t.Errorf("fixed:\n%s\nwant:\n%s\nnotes: %v", got, tt.out, notes)
			}
		})
	}
}

// TestFixesVerifyWithAllRules: the fixes of BSL005 and BSL301 verify with every rule on.
func TestFixesVerifyWithAllRules(t *testing.T) {
	std := inventory.Builtin("aws/codebuild/standard:7.0")
	for _, tt := range []struct {
		name    string
		img     *image.Inventory
		in, out string
	}{
		{"BSL005 phase", nil,
			"version: 0.2\nphases:\n  pre-build:\n    commands:\n      - make deps\n  build:\n    commands: [make]\n",
			"version: 0.2\nphases:\n  pre_build:\n    commands:\n      - make deps\n  build:\n    commands: [make]\n"},
		{"BSL005 would duplicate", nil,
			"version: 0.2\nphases:\n  build:\n    commands: [make]\n    command: [make test]\n",
			"version: 0.2\nphases:\n  build:\n    commands: [make]\n    command: [make test]\n"},
		{"BSL301", std,
			"version: 0.2\nphases:\n  pre_build:\n    commands:\n      - $(aws ecr get-login --no-include-email --region $AWS_DEFAULT_REGION --registry-ids $AWS_ACCOUNT_ID)\n      - docker build -t x .\n",
			"version: 0.2\nphases:\n  pre_build:\n    commands:\n      - aws ecr get-login-password --region $AWS_DEFAULT_REGION | docker login --username AWS --password-stdin \"$AWS_ACCOUNT_ID.dkr.ecr.$AWS_DEFAULT_REGION.amazonaws.com\"\n      - docker build -t x .\n"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, notes := fixAll(t, tt.in, tt.img)
			if got != tt.out {
				t.Errorf("fixed:\n%s\nwant:\n%s\nnotes: %v", got, tt.out, notes)
			}
		})
	}
}

func TestCommentLine(t *testing.T) {
	src := source.NewSource("t.yml", []byte("a:\n  # c\n  b: 1 # d\n\n"))
	for _, tt := range []struct {
		from, to int
		want     bool
	}{{1, 2, false}, {2, 3, true}, {3, 5, false}, {1, 5, true}, {3, 99, false}} {
		if got := commentLine(src, tt.from, tt.to); got != tt.want {
			t.Errorf("commentLine(%d, %d) = %v, want %v", tt.from, tt.to, got, tt.want)
		}
	}
}
