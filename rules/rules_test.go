package rules

import (
	"regexp"
	"strings"
	"testing"
)

var (
	idRe   = regexp.MustCompile(`^BSL\d{3}$`)
	nameRe = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)
)

// TestRuleInvariants guards what every rule must have: a stable, well-formed, unique ID and
// name, a check, a documented severity and non-empty docs; All is sorted by ID.
func TestRuleInvariants(t *testing.T) {
	all := All()
	if len(all) == 0 {
		t.Fatal("no rules")
	}
	ids, names := map[string]bool{}, map[string]bool{}
	for i, r := range all {
		if !idRe.MatchString(r.ID) {
			t.Errorf("%s: ID is not BSL followed by three digits", r)
		}
		if !nameRe.MatchString(r.Name) {
			t.Errorf("%s: name is not kebab-case", r)
		}
		if ids[r.ID] {
			t.Errorf("%s: duplicate ID", r)
		}
		if names[r.Name] {
			t.Errorf("%s: duplicate name", r)
		}
		ids[r.ID], names[r.Name] = true, true
		if i > 0 && all[i-1].ID >= r.ID {
			t.Errorf("All() is not sorted by ID: %s before %s", all[i-1], r)
		}
		if r.Check == nil {
			t.Errorf("%s: no Check", r)
		}
		if r.Severity.String() == "none" {
			t.Errorf("%s: no default severity", r)
		}
		d := r.Doc
		if d.Title == "" || d.Text == "" || d.Bad == "" || d.Good == "" {
			t.Errorf("%s: Doc needs Title, Text, Bad and Good", r)
		}
		if strings.HasSuffix(d.Title, ".") || d.Title != "" && strings.ToLower(d.Title[:1]) != d.Title[:1] {
			t.Errorf("%s: Doc.Title %q must be lower case with no final period", r, d.Title)
		}
		if d.Bad == d.Good {
			t.Errorf("%s: Doc.Bad and Doc.Good are the same", r)
		}
		if got := All().Lookup(r.ID); got != r {
			t.Errorf("Lookup(%s) = %v", r.ID, got)
		}
		if got := All().Lookup(r.Name); got != r {
			t.Errorf("Lookup(%s) = %v", r.Name, got)
		}
		for _, a := range r.Aliases {
			if !nameRe.MatchString(a) || names[a] {
				t.Errorf("%s: alias %q is not a kebab-case name of its own", r, a)
			}
			if got := All().Lookup(a); got != r {
				t.Errorf("Lookup(%s) = %v, want %s", a, got, r)
			}
		}
	}
}

// TestSchemaRuleIDs pins the schema rules to the IDs the parser tags its problems with.
func TestSchemaRuleIDs(t *testing.T) {
	want := map[string]string{
		"BSL001": "yaml-syntax", "BSL002": "invalid-document", "BSL003": "missing-key",
		"BSL004": "legacy-version", "BSL005": "unknown-key", "BSL006": "wrong-type",
		"BSL007": "invalid-value", "BSL008": "misplaced-key", "BSL009": "undocumented-shell",
		"BSL010": "duplicate-key", "BSL011": "tab-indentation", "BSL012": "empty-phase",
		"BSL013": "shell-syntax", "BSL014": "yaml-anchor-in-command",
	}
	for id, name := range want {
		r := All().Lookup(id)
		if r == nil || r.Name != name {
			t.Errorf("rule %s = %v, want %s %s", id, r, id, name)
		}
	}
}
