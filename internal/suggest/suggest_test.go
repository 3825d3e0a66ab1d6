package suggest

import "testing"

func TestClosest(t *testing.T) {
	keys := []string{"base-directory", "discard-paths", "exclude-paths", "files", "name", "s3-prefix"}
	for _, tt := range []struct{ in, want string }{
		{"files", "files"},                 // itself
		{"FILES", "files"},                 // case
		{"exclude_paths", "exclude-paths"}, // _ for -
		{"file", "files"},                  // a letter dropped
		{"discrad-paths", "discard-paths"}, // two letters swapped
		{"exclude", "exclude-paths"},       // a prefix of one key only
		{"base-dir", "base-directory"},
		{"type", ""}, // nothing near
		{"on", ""},   // as many edits as letters is no likeness
		{"", ""},
		{"é-files", "files"}, // non-ASCII is compared too: one letter more
	} {
		if got := Closest(tt.in, keys); got != tt.want {
			t.Errorf("Closest(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	// A prefix of two candidates is ambiguous: no suggestion.
	if got := Closest("build", []string{"build-list", "build-graph", "build-matrix"}); got != "" {
		t.Errorf("Closest(build) = %q, want none: three keys start with build", got)
	}
	// A long name is compared in bounded work and suggests nothing.
	long := make([]byte, 1<<16)
	for i := range long {
		long[i] = 'a'
	}
	if got := Closest(string(long), keys); got != "" {
		t.Errorf("Closest(64 KiB) = %q, want none", got)
	}
}

func TestMisspelt(t *testing.T) {
	for _, tt := range []struct {
		key, want string
		ok        bool
	}{
		{"phases", "phases", true},
		{"Phases", "phases", true},
		{"phase", "phases", true},   // a letter dropped
		{"phasses", "phases", true}, // a letter added
		{"pahses", "phases", true},  // two letters swapped
		{"artifact", "artifacts", true},
		{"env", "env", true},
		{"envs", "env", false},    // short words are compared exactly
		{"batch", "match", false}, // short: another format's key, not a typo
		{"versions", "version", true},
		{"variables", "phases", false},
		{"phases-and-more-phases", "phases", false}, // too long to be a typo
	} {
		if got := Misspelt(tt.key, tt.want); got != tt.ok {
			t.Errorf("Misspelt(%q, %q) = %v, want %v", tt.key, tt.want, got, tt.ok)
		}
	}
}

func TestUnique(t *testing.T) {
	phases := []string{"install", "pre_build", "build", "post_build"}
	artifacts := []string{"base-directory", "discard-paths", "exclude-paths", "files", "name", "s3-prefix"}
	for _, tt := range []struct {
		in   string
		keys []string
		want string
	}{
		{"pre-build", phases, "pre_build"}, // post_build is four edits away
		{"Build", phases, "build"},
		{"instal", phases, "install"},
		{"bulid", phases, "build"},
		{"exclude", artifacts, "exclude-paths"},
		{"fils", artifacts, "files"},
		{"nme", artifacts, "name"},
		{"type", artifacts, ""},
		{"stage", []string{"stages", "state"}, ""}, // one edit from each
		{"xy", []string{"xa", "xb"}, ""},
	} {
		if got := Unique(tt.in, tt.keys); got != tt.want {
			t.Errorf("Unique(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
