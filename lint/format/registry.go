package format

import "sort"

// Format is one output format: its name on the command line, its documentation and its writer.
type Format struct {
	// Name is the value of --format.
	Name string
	// For says who reads the output, and Doc what it holds, in Markdown: the README's table of
	// output formats is these two columns, row by row (TestREADMEFormats checks it).
	For, Doc string
	// Write writes a report in this format.
	Write Writer
}

// Default is the format of a run that names none.
const Default = "text"

// formats is the registry of output formats, in the README's order: the one list that Write,
// Names (so the CLI's --format help and check), the golden tests and the README's tables are
// made from or checked against. A new format is a Writer in a file of its own plus a row here.
var formats = []Format{
	{Name: "text", Write: Text, For: "terminals and editors",
		Doc: "GNU style `file:line:col: severity: message [ID name]`, a source snippet with a `^~~~` marker (`--no-snippet` to drop it), a `  note: file:line:col: ...` line per related location, a `  fix: ... (--fix applies it)` line under a finding that has a fix, colour on terminals, and a summary line"},
	{Name: "json", Write: JSON, For: "scripts",
		Doc: "an array (`[]` when empty) of findings, fields below"},
	{Name: "sarif", Write: SARIF, For: "GitHub code scanning, IDEs",
		Doc: "SARIF 2.1.0; validated with Microsoft's SARIF multitool, also against GitHub's ingestion rules (`--rule-kind Gh`); stable `partialFingerprints` that survive lines inserted above; URIs relative to the repository root; a finding's fix as `fixes` and its related locations as `relatedLocations` (below)"},
	{Name: "github", Write: GitHub, For: "GitHub Actions",
		Doc: "workflow-command annotations (`::warning file=...,line=...,endLine=...,col=...,endColumn=...,title=BSL101 redundant-install::...`); under `GITHUB_ACTIONS=true` also caps, job summary, outputs, check runs (see [GitHub Action](#github-action))"},
	{Name: "rdjsonl", Write: RDJSONL, For: "[reviewdog](https://github.com/reviewdog/reviewdog)",
		Doc: "one diagnostic per line: `buildspec-lint --format rdjsonl \\| reviewdog -f=rdjsonl -reporter=github-pr-review`; a finding's fix is a `suggestion`, which that reporter posts as a GitHub suggested change (below)"},
	{Name: "rdjson", Write: RDJSON, For: "[reviewdog](https://github.com/reviewdog/reviewdog)",
		Doc: "one diagnostic-result document, for `reviewdog -f=rdjson`, with the same suggestions"},
}

// Formats returns every output format, in the README's order.
func Formats() []Format { return append([]Format(nil), formats...) }

// Lookup returns the format called name.
func Lookup(name string) (Format, bool) {
	for _, f := range formats {
		if f.Name == name {
			return f, true
		}
	}
	return Format{}, false
}

// Names returns the format names, sorted (as --help and the error for an unknown format list
// them).
func Names() []string {
	out := make([]string, len(formats))
	for i, f := range formats {
		out[i] = f.Name
	}
	sort.Strings(out)
	return out
}
