package format

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/url"
	"strconv"
	"strings"

	"github.com/buildspec-lint/buildspec-lint/lint/finding"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// Project URLs that SARIF and rdjson point to.
const (
	// InformationURI is the project's home page.
	InformationURI = "https://github.com/buildspec-lint/buildspec-lint"
	// RulesDocURL is docs/rules.md in the project's repository; a rule's section is
	// RulesDocURL + "#" + the rule's Anchor (see RuleURL). SARIF needs an absolute helpUri:
	// the multitool rejects relative ones.
	RulesDocURL = InformationURI + "/blob/main/docs/rules.md"
)

// RuleURL returns the absolute URL of a rule's section of docs/rules.md, e.g.
// https://github.com/buildspec-lint/buildspec-lint/blob/main/docs/rules.md#bsl101: the
// lint.Rule.Anchor that lint.Rule.Markdown writes before each rule's heading (the page itself
// for a nil rule).
func RuleURL(r *finding.Rule) string {
	if r == nil || r.ID == "" {
		return RulesDocURL
	}
	return RulesDocURL + "#" + r.Anchor()
}

// sarifFingerprintKey names our partialFingerprints entry (versioned, as the spec suggests, so
// that a change of the recipe does not collide with older uploads).
const sarifFingerprintKey = "buildspecLint/v1"

// The subset of SARIF 2.1.0 (https://docs.oasis-open.org/sarif/sarif/v2.1.0/) that we write.
type (
	sarifLog struct {
		Schema  string     `json:"$schema"`
		Version string     `json:"version"`
		Runs    []sarifRun `json:"runs"`
	}
	sarifRun struct {
		Tool               sarifTool                        `json:"tool"`
		OriginalURIBaseIDs map[string]sarifArtifactLocation `json:"originalUriBaseIds,omitempty"`
		Results            []sarifResult                    `json:"results"`
		ColumnKind         string                           `json:"columnKind"`
	}
	sarifTool struct {
		Driver sarifDriver `json:"driver"`
	}
	sarifDriver struct {
		Name           string      `json:"name"`
		Version        string      `json:"version,omitempty"`
		InformationURI string      `json:"informationUri"`
		Rules          []sarifRule `json:"rules"`
	}
	sarifRule struct {
		ID                   string             `json:"id"`
		Name                 string             `json:"name,omitempty"`
		ShortDescription     *sarifMessage      `json:"shortDescription,omitempty"`
		FullDescription      *sarifMessage      `json:"fullDescription,omitempty"`
		Help                 *sarifMessage      `json:"help,omitempty"`
		HelpURI              string             `json:"helpUri"`
		DefaultConfiguration sarifConfiguration `json:"defaultConfiguration"`
	}
	sarifConfiguration struct {
		Level string `json:"level"`
	}
	sarifMessage struct {
		Text     string `json:"text"`
		Markdown string `json:"markdown,omitempty"`
	}
	sarifResult struct {
		RuleID              string            `json:"ruleId,omitempty"`
		RuleIndex           *int              `json:"ruleIndex,omitempty"`
		Level               string            `json:"level"`
		Message             sarifMessage      `json:"message"`
		Locations           []sarifLocation   `json:"locations"`
		RelatedLocations    []sarifLocation   `json:"relatedLocations,omitempty"`
		PartialFingerprints map[string]string `json:"partialFingerprints"`
		Fixes               []sarifFix        `json:"fixes,omitempty"`
	}
	sarifFix struct {
		Description     *sarifMessage         `json:"description,omitempty"`
		ArtifactChanges []sarifArtifactChange `json:"artifactChanges"`
	}
	sarifArtifactChange struct {
		ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
		Replacements     []sarifReplacement    `json:"replacements"`
	}
	sarifReplacement struct {
		DeletedRegion   sarifRegion   `json:"deletedRegion"`
		InsertedContent *sarifContent `json:"insertedContent,omitempty"`
	}
	sarifContent struct {
		Text string `json:"text"`
	}
	sarifLocation struct {
		ID               *int                  `json:"id,omitempty"`
		PhysicalLocation sarifPhysicalLocation `json:"physicalLocation"`
		Message          *sarifMessage         `json:"message,omitempty"`
	}
	sarifPhysicalLocation struct {
		ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
		Region           sarifRegion           `json:"region"`
	}
	sarifArtifactLocation struct {
		URI       string `json:"uri"`
		URIBaseID string `json:"uriBaseId,omitempty"`
	}
	sarifRegion struct {
		StartLine   int `json:"startLine"`
		StartColumn int `json:"startColumn,omitempty"`
		EndLine     int `json:"endLine,omitempty"`
		EndColumn   int `json:"endColumn,omitempty"`
	}
)

// SARIF writes a SARIF 2.1.0 log with one run, as GitHub code scanning and the SARIF viewers read
// it:
//   - tool.driver.rules lists every rule of the report (and any other rule a finding names), with
//     its doc as shortDescription/fullDescription/help and an absolute helpUri (RuleURL);
//   - results is always present ([] when clean); each has ruleId and ruleIndex, a level (error,
//     warning, note), one location whose artifactLocation.uri is the file relative to
//     Options.Root (forward slashes, percent-encoded, uriBaseId %SRCROOT%), and a region;
//   - columns are UTF-16 code units (columnKind "utf16CodeUnits", SARIF's default, which is what
//     consumers that ignore columnKind assume), converted from source.Pos's code points; endColumn
//     is exclusive in SARIF as in source.Range, so it is not shifted;
//   - a finding with a fix has one entry in fixes: its message as the description, and one
//     artifactChange for the finding's file with a replacement per edit, in file order: the
//     deletedRegion in the same units as the result's region (an insertion is an empty region,
//     endColumn == startColumn) and the new text as insertedContent (left out for a deletion);
//   - a finding's related locations (finding.Related) are relatedLocations, each with an id
//     (1, 2, ...), a physicalLocation made as the result's, and a message that says what is there;
//   - partialFingerprints["buildspecLint/v1"] hashes the rule ID, the path and the trimmed text
//     of the finding's lines, not the line number, followed by ":N" for the Nth finding with the
//     same hash, so a finding keeps its identity when lines are inserted above it.
func SARIF(w io.Writer, r *Report, opts Options) error {
	driver := sarifDriver{
		Name:           "buildspec-lint",
		Version:        r.Version,
		InformationURI: InformationURI,
		Rules:          []sarifRule{},
	}
	index := map[string]int{}
	addRule := func(rule *finding.Rule) int {
		if i, ok := index[rule.ID]; ok {
			return i
		}
		index[rule.ID] = len(driver.Rules)
		driver.Rules = append(driver.Rules, sarifRuleOf(rule))
		return index[rule.ID]
	}
	for _, rule := range r.Rules {
		if rule != nil {
			addRule(rule)
		}
	}
	run := sarifRun{Tool: sarifTool{Driver: driver}, Results: []sarifResult{}, ColumnKind: "utf16CodeUnits"}
	seen := map[string]int{}
	cols := newColumns(utf16Len)
	digests := map[lineKey][]byte{}
	for _, f := range r.Findings {
		res := sarifResult{
			Level:               sarifLevel(f.Severity),
			Message:             sarifMessage{Text: f.Message},
			PartialFingerprints: map[string]string{},
		}
		if f.Rule != nil {
			i := addRule(f.Rule)
			res.RuleID, res.RuleIndex = f.Rule.ID, &i
		}
		path := RelPath(opts.Root, f.Path)
		res.Locations = []sarifLocation{{PhysicalLocation: sarifPhysicalLocation{
			ArtifactLocation: sarifArtifactLocation{URI: sarifURI(path), URIBaseID: "%SRCROOT%"},
			Region:           sarifRegionOf(f, cols),
		}}}
		for i, rel := range f.Related {
			id := i + 1
			res.RelatedLocations = append(res.RelatedLocations, sarifLocation{
				ID: &id,
				PhysicalLocation: sarifPhysicalLocation{
					ArtifactLocation: sarifArtifactLocation{URI: sarifURI(RelPath(opts.Root, rel.Path)), URIBaseID: "%SRCROOT%"},
					Region:           sarifRegionIn(rel.Source, rel.Range, cols),
				},
				Message: &sarifMessage{Text: rel.Message},
			})
		}
		if fix := sarifFixOf(f, path, cols); fix != nil {
			res.Fixes = []sarifFix{*fix}
		}
		hash := fingerprint(f, path, digests)
		seen[hash]++
		res.PartialFingerprints[sarifFingerprintKey] = hash + ":" + strconv.Itoa(seen[hash])
		run.Results = append(run.Results, res)
	}
	run.Tool.Driver = driver
	log := sarifLog{
		Schema:  "https://json.schemastore.org/sarif-2.1.0.json",
		Version: "2.1.0",
		Runs:    []sarifRun{run},
	}
	enc := json.NewEncoder(jsonWriter{w})
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(log)
}

func sarifRuleOf(rule *finding.Rule) sarifRule {
	sr := sarifRule{
		ID:                   rule.ID,
		Name:                 rule.Name,
		HelpURI:              RuleURL(rule),
		DefaultConfiguration: sarifConfiguration{Level: sarifLevel(rule.Severity)},
	}
	// GitHub code scanning requires shortDescription, fullDescription and help (the multitool's
	// GH2012), so a rule without some of its doc falls back to what it has.
	d := rule.Doc
	title := strings.TrimSpace(d.Title)
	if title == "" {
		title = strings.TrimSpace(rule.String())
	}
	full := strings.TrimSpace(d.Text)
	if full == "" {
		full = title
	}
	sr.ShortDescription = &sarifMessage{Text: title}
	sr.FullDescription = &sarifMessage{Text: full}
	sr.Help = &sarifMessage{Text: helpText(full, d), Markdown: helpMarkdown(rule, full)}
	return sr
}

// helpText is the rule's doc as plain text: the explanation and the examples.
func helpText(text string, d finding.Doc) string {
	parts := []string{text}
	if d.Bad != "" {
		parts = append(parts, "Bad:\n"+strings.TrimRight(d.Bad, "\n"))
	}
	if d.Good != "" {
		parts = append(parts, "Good:\n"+strings.TrimRight(d.Good, "\n"))
	}
	return strings.Join(parts, "\n\n")
}

// helpMarkdown is the rule's doc as Markdown, with the examples in fenced YAML blocks.
func helpMarkdown(rule *finding.Rule, text string) string {
	d := rule.Doc
	parts := []string{text}
	fence := func(s string) string {
		f := "```"
		for strings.Contains(s, f) {
			f += "`"
		}
		return f + "yaml\n" + strings.TrimRight(s, "\n") + "\n" + f
	}
	if d.Bad != "" {
		parts = append(parts, "Bad:\n\n"+fence(d.Bad))
	}
	if d.Good != "" {
		parts = append(parts, "Good:\n\n"+fence(d.Good))
	}
	parts = append(parts, "[Documentation of "+rule.ID+"]("+RuleURL(rule)+")")
	return strings.Join(parts, "\n\n")
}

func sarifLevel(s finding.Severity) string {
	switch s {
	case finding.SeverityError:
		return "error"
	case finding.SeverityWarning:
		return "warning"
	case finding.SeverityNotice:
		return "note"
	}
	return "none"
}

// sarifRegionOf converts f's range to a SARIF region (UTF-16 columns). A finding without a range
// is placed on line 1: GitHub code scanning needs a startLine.
func sarifRegionOf(f *finding.Finding, cols *columns) sarifRegion {
	return sarifRegionIn(f.Source, f.Range, cols)
}

// sarifRegionIn converts a range of src to a SARIF region, as sarifRegionOf does.
func sarifRegionIn(src *source.Source, rg source.Range, cols *columns) sarifRegion {
	if !rg.IsValid() {
		return sarifRegion{StartLine: 1}
	}
	reg := sarifRegion{StartLine: rg.Start.Line, StartColumn: max(cols.col(src, rg.Start), 1)}
	end := endOf(rg)
	reg.EndLine = end.Line
	reg.EndColumn = max(cols.col(src, end), 1)
	return reg
}

// sarifFixOf converts f's fix (nil when it has none) to a SARIF fix on the file at path.
func sarifFixOf(f *finding.Finding, path string, cols *columns) *sarifFix {
	if f.Fix == nil || len(f.Fix.Edits) == 0 {
		return nil
	}
	edits := f.Fix.Edits
	if f.Source != nil {
		if sorted, err := finding.SortEdits(f.Source.Data, edits); err == nil {
			edits = sorted
		}
	}
	change := sarifArtifactChange{ArtifactLocation: sarifArtifactLocation{URI: sarifURI(path), URIBaseID: "%SRCROOT%"}}
	for _, e := range edits {
		if !e.Range.IsValid() {
			return nil
		}
		start, end := e.Range.Start, endOf(e.Range)
		rep := sarifReplacement{DeletedRegion: sarifRegion{
			StartLine: start.Line, StartColumn: max(cols.col(f.Source, start), 1),
			EndLine: end.Line, EndColumn: max(cols.col(f.Source, end), 1),
		}}
		if e.NewText != "" {
			rep.InsertedContent = &sarifContent{Text: e.NewText}
		}
		change.Replacements = append(change.Replacements, rep)
	}
	fix := &sarifFix{ArtifactChanges: []sarifArtifactChange{change}}
	if msg := strings.TrimSpace(f.Fix.Message); msg != "" {
		fix.Description = &sarifMessage{Text: msg}
	}
	return fix
}

// sarifURI percent-encodes a slash-separated relative path as a URI reference; a first segment
// with a colon gets "./" so that it is not read as a scheme.
func sarifURI(path string) string {
	u := (&url.URL{Path: path}).EscapedPath()
	if first, _, _ := strings.Cut(u, "/"); strings.Contains(first, ":") {
		u = "./" + u
	}
	return u
}

// fingerprint hashes what identifies a finding regardless of where its lines are: the rule, the
// file and the trimmed text of the lines its range covers. So that many findings on long lines,
// or on ranges of many lines, cost the file's size once rather than once each, at most
// fingerprintLines lines are hashed, and a line longer than fingerprintLineLen bytes is hashed
// as its own SHA-256, computed once per line (digests).
func fingerprint(f *finding.Finding, path string, digests map[lineKey][]byte) string {
	h := sha256.New()
	io.WriteString(h, f.RuleID())
	h.Write([]byte{0})
	io.WriteString(h, path)
	if src := f.Source; src != nil && f.Range.IsValid() {
		first, last := LineSpan(f.Range)
		last = min(last, first+fingerprintLines-1, src.Lines())
		for n := first; n <= last; n++ {
			h.Write([]byte{0})
			lr := src.LineRange(n)
			line := bytes.TrimSpace(src.Data[lr.Start.Offset:lr.End.Offset])
			if len(line) <= fingerprintLineLen {
				h.Write(line)
				continue
			}
			d, ok := digests[lineKey{src, n}]
			if !ok {
				sum := sha256.Sum256(line)
				d = sum[:]
				digests[lineKey{src, n}] = d
			}
			h.Write(d)
		}
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}

const (
	fingerprintLines   = 100
	fingerprintLineLen = 1024
)
