package format

import (
	"bytes"
	"strings"
	"testing"

	"github.com/buildspec-lint/buildspec-lint/lint/finding"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// findingAt builds a finding over src at the n-th occurrence of sub.
func findingAt(t *testing.T, src *source.Source, rule *finding.Rule, sub string, n int, msg string) *finding.Finding {
	t.Helper()
	return &finding.Finding{Path: src.Path, Rule: rule, Severity: rule.Severity, Range: at(t, src, sub, n), Message: msg, Source: src}
}

func TestAnnotationEscaping(t *testing.T) {
	src := source.NewSource("dir,with:odd%chars\nand newline/buildspec.yml", []byte("phases:\n  build:\n    commands:\n      - make all\n"))
	tests := []struct {
		name string
		f    *finding.Finding
		root string
		want string
	}{{
		name: "percent, colon, comma, CR and LF in the message and the path",
		f: findingAt(t, src, fakeRedundantInstall, "make all", 0,
			"100% sure: a, b\r\nnext line\nlast"),
		want: "::warning col=9,endColumn=17,endLine=4,file=dir%2Cwith%3Aodd%25chars%0Aand newline/buildspec.yml,line=4," +
			"title=BSL101 redundant-install::100%25 sure: a, b%0D%0Anext line%0Alast",
	}, {
		name: "the message is not a format string",
		f:    findingAt(t, src, fakeDockerd, "make", 0, "%s %d %!v %%"),
		want: "::error col=9,endColumn=13,endLine=4,file=dir%2Cwith%3Aodd%25chars%0Aand newline/buildspec.yml,line=4," +
			"title=BSL201 docker-without-dockerd::%25s %25d %25!v %25%25",
	}, {
		name: "a notice, relative to the root",
		f: &finding.Finding{Path: "/repo/ci/build spec.yml", Rule: fakePipe, Severity: finding.SeverityNotice,
			Range: source.Range{Start: source.Pos{Line: 3, Col: 5}, End: source.Pos{Line: 3, Col: 6}}, Message: "m"},
		root: "/repo",
		want: "::notice col=5,endColumn=6,endLine=3,file=ci/build spec.yml,line=3,title=BSL305 pipe-hides-failure::m",
	}, {
		name: "a path outside the root stays as given",
		f: &finding.Finding{Path: "/elsewhere/b.yml", Rule: fakePipe, Severity: finding.SeverityNotice,
			Range: source.Range{Start: source.Pos{Line: 1, Col: 1}, End: source.Pos{Line: 1, Col: 1}}, Message: "m"},
		root: "/repo",
		want: "::notice col=1,endColumn=1,endLine=1,file=/elsewhere/b.yml,line=1,title=BSL305 pipe-hides-failure::m",
	}, {
		name: "severity none is a notice",
		f:    &finding.Finding{Path: "a.yml", Rule: fakePipe, Severity: finding.SeverityNone, Message: "m"},
		want: "::notice file=a.yml,title=BSL305 pipe-hides-failure::m",
	}, {
		name: "several lines: no columns (the runner rejects them)",
		f: &finding.Finding{Path: "a.yml", Rule: fakeShellSyntax, Severity: finding.SeverityError,
			Range: source.Range{Start: source.Pos{Line: 2, Col: 9}, End: source.Pos{Line: 5, Col: 3}}, Message: "m"},
		want: "::error endLine=5,file=a.yml,line=2,title=BSL013 shell-syntax::m",
	}, {
		name: "a range that ends at column 1 of the next line ends on its own line",
		f: &finding.Finding{Path: src.Path, Rule: fakeShellSyntax, Severity: finding.SeverityError, Source: src,
			Range: src.Range(strings.Index(string(src.Data), "make"), len(src.Data)), Message: "m"},
		want: "::error col=9,endColumn=17,endLine=4,file=dir%2Cwith%3Aodd%25chars%0Aand newline/buildspec.yml,line=4," +
			"title=BSL013 shell-syntax::m",
	}, {
		name: "no rule",
		f:    &finding.Finding{Path: "a.yml", Severity: finding.SeverityError, Message: "internal: x"},
		want: "::error file=a.yml::internal: x",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Annotation(tt.f, tt.root); got != tt.want {
				t.Errorf("Annotation:\n got %s\nwant %s", got, tt.want)
			}
		})
	}
}

// TestGitHubOneLinePerFinding checks that every finding is one line, whatever its message holds.
func TestGitHubOneLinePerFinding(t *testing.T) {
	r := testReport(t)
	r.Findings[0].Message = "line one\nline two\r\nline three"
	var buf bytes.Buffer
	if err := GitHub(&buf, r, Options{}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if len(lines) != len(r.Findings) {
		t.Fatalf("got %d lines for %d findings:\n%s", len(lines), len(r.Findings), buf.String())
	}
	for _, l := range lines {
		if !strings.HasPrefix(l, "::") || strings.Contains(l, "\r") {
			t.Errorf("not a workflow command: %q", l)
		}
	}
}

// TestAnnotationEscapesControls: a message keeps its line breaks (encoded %0A by the command)
// but shows terminal escapes and bidi controls as escapes.
func TestAnnotationEscapesControls(t *testing.T) {
	f := &finding.Finding{Path: "b.yml", Severity: finding.SeverityWarning, Range: source.Range{Start: source.Pos{Line: 1, Col: 1}, End: source.Pos{Line: 1, Col: 2}},
		Message: "a\nb \x1b[31mred\u202e ::error::x ##[error]y"}
	want := `::warning col=1,endColumn=2,endLine=1,file=b.yml,line=1::a%0Ab \x1b[31mred\u202e ::error::x ##[error]y`
	if got := Annotation(f, ""); got != want {
		t.Errorf("Annotation:\n got %s\nwant %s", got, want)
	}
}

// TestAnnotationFileEscapesControls: a file name with an escape sequence, a bidi control, DEL
// and a byte that is not UTF-8 reaches the annotation's file property as escapes, never raw; its
// line breaks and separators are the command's own escapes.
func TestAnnotationFileEscapesControls(t *testing.T) {
	f := &finding.Finding{Path: "buildspec-\x1b[31mred\u202e\x7f\xff\n::error ::x,y.yml", Severity: finding.SeverityNotice,
		Range: source.Range{Start: source.Pos{Line: 1, Col: 1}, End: source.Pos{Line: 1, Col: 2}}, Message: "m"}
	want := `::notice col=1,endColumn=2,endLine=1,file=buildspec-\x1b[31mred\u202e\x7f\xff%0A%3A%3Aerror %3A%3Ax%2Cy.yml,line=1::m`
	if got := Annotation(f, ""); got != want {
		t.Errorf("Annotation:\n got %s\nwant %s", got, want)
	}
}
