package finding

import (
	"fmt"
	"reflect"
	"testing"
	"unsafe"

	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// packable returns findings with every field that Pack rebuilds, set and unset.
func packable(n int) []*Finding {
	src := source.NewSource("b.yml", []byte("phases:\n  build:\n    commands: [apt-get install -y jq curl]\n"))
	other := source.NewSource("t.yaml", []byte("Resources: {}\n"))
	rule := &Rule{ID: "BSL101", Name: "redundant-install"}
	var out []*Finding
	for i := range n {
		f := &Finding{Path: src.Path, Rule: rule, Severity: SeverityWarning, Range: src.Range(i%40, i%40+2), Message: fmt.Sprintf("finding %d", i), Source: src}
		switch i % 5 {
		case 0:
			f.Tools = []string{"jq"}
			f.Fix = NewFix("remove jq", src.Range(47, 50), "")
		case 1:
			f.Tools = []string{"jq", "curl"}
			f.Fix = &Fix{Message: "remove both", Edits: []Edit{{Range: src.Range(47, 50), NewText: "x"}, {Range: src.Range(50, 55)}}}
			f.Related = []Related{{Source: other, Path: other.Path, Range: other.Range(0, 9), Message: "the project is here"}}
		case 2:
			f.Tools = []string{}
			f.Fix = &Fix{Message: "no edits"}
		case 3:
			f.Message = ""
			f.Related = []Related{{Path: "x"}, {Path: "y", Message: "why"}}
		}
		out = append(out, f)
	}
	return out
}

// TestPack: packed findings are equal to the findings, field by field (nil stays nil, empty stays
// empty), are copies (the findings are left as they are), and take the same few allocations
// however many findings there are. The messages of two files' findings are one copy (interned).
func TestPack(t *testing.T) {
	fs := packable(23)
	before := packable(23)
	packed := Pack(fs)
	if len(packed) != len(fs) {
		t.Fatalf("%d findings packed, want %d", len(packed), len(fs))
	}
	for i := range fs {
		if !reflect.DeepEqual(packed[i], fs[i]) {
			t.Errorf("finding %d packed:\n%+v\nwant\n%+v", i, packed[i], fs[i])
		}
		if !reflect.DeepEqual(fs[i], before[i]) {
			t.Errorf("finding %d was changed by Pack", i)
		}
		if packed[i] == fs[i] || (fs[i].Fix != nil && packed[i].Fix == fs[i].Fix) {
			t.Errorf("finding %d: Pack returned the finding or its fix, not a copy", i)
		}
	}
	other := Pack(packable(23))
	for i := range packed {
		a, b := packed[i], other[i]
		if a.Message != "" && unsafe.StringData(a.Message) != unsafe.StringData(b.Message) {
			t.Errorf("finding %d: the message %q of two packs is two copies, want one", i, a.Message)
		}
		if a.Fix != nil && a.Fix.Message != "" && unsafe.StringData(a.Fix.Message) != unsafe.StringData(b.Fix.Message) {
			t.Errorf("finding %d: the fix message %q of two packs is two copies, want one", i, a.Fix.Message)
		}
		for k, r := range a.Related {
			if r.Message != "" && unsafe.StringData(r.Message) != unsafe.StringData(b.Related[k].Message) {
				t.Errorf("finding %d: the related message %q of two packs is two copies, want one", i, r.Message)
			}
		}
	}
	if got := Pack(nil); got != nil {
		t.Errorf("Pack(nil) = %v", got)
	}
	for _, n := range []int{1, 10, 100} {
		fs := packable(n)
		// The findings, fixes, edits, tools and related places one array each, the new texts
		// one string, and the slice Pack returns and the spans of the new texts.
		if got := testing.AllocsPerRun(10, func() { Pack(fs) }); got > 8 {
			t.Errorf("Pack of %d findings: %.0f allocations, want at most 8", n, got)
		}
	}
}
