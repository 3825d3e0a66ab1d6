package format

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/buildspec-lint/buildspec-lint/lint/finding"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// sarifOf writes r as SARIF and reads it back.
func sarifOf(t *testing.T, r *Report, opts Options) sarifLog {
	t.Helper()
	var buf bytes.Buffer
	if err := SARIF(&buf, r, opts); err != nil {
		t.Fatal(err)
	}
	var log sarifLog
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatalf("%v\n%s", err, buf.String())
	}
	if len(log.Runs) != 1 {
		t.Fatalf("want 1 run, got %d", len(log.Runs))
	}
	return log
}

func fingerprints(t *testing.T, r *Report) []string {
	t.Helper()
	var out []string
	for _, res := range sarifOf(t, r, Options{}).Runs[0].Results {
		out = append(out, res.PartialFingerprints[sarifFingerprintKey])
	}
	return out
}

const fpSpec = "version: 0.2\nphases:\n  build:\n    commands:\n      - apt-get install -y jq\n      - make\n      - apt-get install -y jq\n"

func fpReport(t *testing.T, data string) *Report {
	src := source.NewSource("buildspec.yml", []byte(data))
	return &Report{Rules: finding.Rules{fakeRedundantInstall}, Files: 1, Findings: []*finding.Finding{
		findingAt(t, src, fakeRedundantInstall, "apt-get install -y jq", 0, "first"),
		findingAt(t, src, fakeRedundantInstall, "make", 0, "make"),
		findingAt(t, src, fakeRedundantInstall, "apt-get install -y jq", 1, "second"),
	}}
}

func TestSARIFFingerprintsSurviveLinesAbove(t *testing.T) {
	before := fingerprints(t, fpReport(t, fpSpec))
	// Lines inserted above, and the findings' lines re-indented: same fingerprints.
	moved := strings.Replace(fpSpec, "phases:\n", "# a comment\nenv:\n  variables:\n    A: b\nphases:\n", 1)
	moved = strings.ReplaceAll(moved, "      - ", "        - ")
	after := fingerprints(t, fpReport(t, moved))
	if strings.Join(before, " ") != strings.Join(after, " ") {
		t.Errorf("fingerprints changed when lines were inserted above:\nbefore %v\nafter  %v", before, after)
	}
	// Two findings on identical lines differ by their occurrence index only.
	h0, n0, _ := strings.Cut(before[0], ":")
	h2, n2, _ := strings.Cut(before[2], ":")
	if h0 != h2 || n0 != "1" || n2 != "2" {
		t.Errorf("identical lines: want the same hash with :1 and :2, got %s and %s", before[0], before[2])
	}
	if before[1] == before[0] {
		t.Errorf("different lines got the same fingerprint %s", before[0])
	}
	// Changing the finding's line changes its fingerprint.
	edited := fingerprints(t, fpReport(t, strings.Replace(fpSpec, "- make", "- make test", 1)))
	if edited[1] == before[1] {
		t.Errorf("fingerprint did not change with the line's text: %s", edited[1])
	}
	// So does the rule.
	r := fpReport(t, fpSpec)
	r.Findings[1].Rule = fakeDockerd
	if fingerprints(t, r)[1] == before[1] {
		t.Errorf("fingerprint did not change with the rule")
	}
}

// TestSARIFColumnsUTF16 pins the column conversion: lint columns count code points; SARIF's
// utf16CodeUnits count an emoji (outside the BMP) twice, and endColumn stays exclusive.
func TestSARIFColumnsUTF16(t *testing.T) {
	src := source.NewSource("b.yml", []byte("x:\n  - echo \"é😀✓\" | tee out\n"))
	f := findingAt(t, src, fakePipe, "tee out", 0, "m")
	if f.Range.Start.Col != 18 || f.Range.End.Col != 25 {
		t.Fatalf("test setup: range %v, want 2:18-2:25 in code points", f.Range)
	}
	log := sarifOf(t, &Report{Findings: []*finding.Finding{f}}, Options{})
	if log.Runs[0].ColumnKind != "utf16CodeUnits" {
		t.Errorf("columnKind = %q", log.Runs[0].ColumnKind)
	}
	reg := log.Runs[0].Results[0].Locations[0].PhysicalLocation.Region
	want := sarifRegion{StartLine: 2, StartColumn: 19, EndLine: 2, EndColumn: 26}
	if reg != want {
		t.Errorf("region = %+v, want %+v", reg, want)
	}
	// And an emoji inside the range widens it.
	g := findingAt(t, src, fakePipe, "é😀✓", 0, "m")
	reg = sarifOf(t, &Report{Findings: []*finding.Finding{g}}, Options{}).Runs[0].Results[0].Locations[0].PhysicalLocation.Region
	if reg.StartColumn != 11 || reg.EndColumn != 15 {
		t.Errorf("range over é😀✓: columns %d-%d, want 11-15", reg.StartColumn, reg.EndColumn)
	}
}

func TestSARIFPathsAndRules(t *testing.T) {
	unlisted := &finding.Rule{ID: "BSL999", Name: "not-in-the-list", Severity: finding.SeverityWarning}
	rng := source.Range{Start: source.Pos{Line: 1, Col: 1}, End: source.Pos{Line: 1, Col: 2}}
	r := &Report{
		Rules: finding.Rules{fakeRedundantInstall, fakeDockerd},
		Findings: []*finding.Finding{
			{Path: "/repo/ci/a b%.yml", Rule: fakeDockerd, Severity: finding.SeverityWarning, Range: rng, Message: "m"},
			{Path: "/repo/c:d.yml", Rule: unlisted, Severity: finding.SeverityNotice, Range: rng, Message: "m"},
			{Path: "/other/x.yml", Rule: fakeRedundantInstall, Severity: finding.SeverityError, Range: rng, Message: "m"},
		},
	}
	run := sarifOf(t, r, Options{Root: "/repo"}).Runs[0]
	wantURIs := []string{"ci/a%20b%25.yml", "./c:d.yml", "/other/x.yml"}
	wantLevels := []string{"warning", "note", "error"} // the finding's severity, not the rule's default
	for i, res := range run.Results {
		loc := res.Locations[0].PhysicalLocation.ArtifactLocation
		if loc.URI != wantURIs[i] || loc.URIBaseID != "%SRCROOT%" {
			t.Errorf("result %d: uri %q (base %q), want %q", i, loc.URI, loc.URIBaseID, wantURIs[i])
		}
		if res.Level != wantLevels[i] {
			t.Errorf("result %d: level %q, want %q", i, res.Level, wantLevels[i])
		}
		if res.RuleIndex == nil || run.Tool.Driver.Rules[*res.RuleIndex].ID != res.RuleID {
			t.Errorf("result %d: ruleIndex does not point at %s", i, res.RuleID)
		}
	}
	rules := run.Tool.Driver.Rules
	if len(rules) != 3 || rules[2].ID != "BSL999" {
		t.Fatalf("want the listed rules and then BSL999, got %+v", rules)
	}
	// A rule without a doc still has the descriptions GitHub requires.
	if rules[2].ShortDescription == nil || rules[2].FullDescription == nil || rules[2].Help == nil {
		t.Errorf("BSL999 lacks descriptions: %+v", rules[2])
	}
	if rules[0].HelpURI != "https://github.com/buildspec-lint/buildspec-lint/blob/main/docs/rules.md#bsl101" ||
		rules[0].DefaultConfiguration.Level != "warning" {
		t.Errorf("BSL101: %+v", rules[0])
	}
}

func TestSARIFEmptyResults(t *testing.T) {
	var buf bytes.Buffer
	if err := SARIF(&buf, &Report{}, Options{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `"results": []`) || !strings.Contains(buf.String(), `"rules": []`) {
		t.Errorf("an empty report must have results [] and rules []:\n%s", buf.String())
	}
}
