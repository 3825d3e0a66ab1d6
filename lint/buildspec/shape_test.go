package buildspec

import (
	"fmt"
	"strings"
	"testing"

	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// shapeEdit applies one edit, old -> text at the first occurrence of old, and compares shapes.
func shapeEdit(t *testing.T, before string, edits ...[2]string) error {
	t.Helper()
	data := before
	var cs source.Changes
	// Edits in file order, each found after the previous one.
	from, shift := 0, 0
	for _, e := range edits {
		i := strings.Index(before[from:], e[0])
		if i < 0 {
			t.Fatalf("%q is not in the file after offset %d", e[0], from)
		}
		i += from
		cs = append(cs, source.Change{Start: i, End: i + len(e[0]), NewStart: i + shift, NewEnd: i + shift + len(e[1])})
		data = data[:i+shift] + e[1] + data[i+shift+len(e[0]):]
		shift += len(e[1]) - len(e[0])
		from = i + len(e[0])
	}
	src, after := source.NewSource("f.yml", []byte(before)), source.NewSource("f.yml", []byte(data))
	err := SameShape(src, after, cs)
	// The shape a parse keeps (ParseShaped) judges as one decoded afresh does.
	if _, shape := ParseShaped(src, DefaultLimits); shape != nil {
		if kept := shape.Same(after, cs); fmt.Sprint(kept) != fmt.Sprint(err) {
			t.Errorf("the parse's shape says %v, a new one %v", kept, err)
		}
	}
	return err
}

func TestParseShaped(t *testing.T) {
	for _, c := range []struct {
		text  string
		shape bool
	}{
		{"version: 0.2\nphases:\n  build:\n    commands:\n      - make\n", true},
		{"a: 1\n---\nb: [x]\n", true},
		{"", false},
		{"# only a comment\n", false},
		{"a: [x\n", false}, // not valid YAML: read up to the error only
	} {
		specs, shape := ParseShaped(source.NewSource("f.yml", []byte(c.text)), DefaultLimits)
		if len(specs) == 0 || (shape != nil) != c.shape {
			t.Errorf("%q: %d documents, shape %v, want a shape: %v", c.text, len(specs), shape != nil, c.shape)
		}
		if shape != nil && len(shape.docs) != len(specs) {
			t.Errorf("%q: the shape has %d documents, the parse %d", c.text, len(shape.docs), len(specs))
		}
	}
}

func TestSameShape(t *testing.T) {
	cases := []struct {
		name   string
		before string
		edits  [][2]string
		want   string // "" for the same shape, else part of the error
	}{
		{"a scalar edited", "a: [x, y]\n", [][2]string{{"x", "z"}}, ""},
		{"a block list item removed", "a:\n  - x\n  - y\n", [][2]string{{"  - x\n", ""}}, ""},
		{"an item removed from its text on", "a:\n  - x\n  - y\n", [][2]string{{"x\n  - ", ""}}, ""},
		{"items removed leaving an empty one", "a:\n  - x\n  - y\n", [][2]string{{"x\n  - y", ""}}, "gains or loses an item"},
		{"a block list item added", "a:\n  - x\n", [][2]string{{"  - x\n", "  - w\n  - x\n"}}, ""},
		{"a mapping entry removed", "a: 1\nb: 2\nc: 3\n", [][2]string{{"b: 2\n", ""}}, ""},
		{"a mapping key renamed by its edit", "a: 1\nbb: 2\n", [][2]string{{"bb", "b"}}, ""},
		{"a key changed by an edit beside it", "a: x\nb: 2\n", [][2]string{{"x\nb", "x\nc"}}, ""},
		{"a flow item removed", "a: [x, y, z]\n", [][2]string{{", y", ""}}, ""},
		{"a flow item added with the one before", "a: [x, z]\n", [][2]string{{"x", "x, y"}}, ""},
		{"a flow item added partly outside", "a: [x, z]\n", [][2]string{{"x", "x, [y"}, {"]", "]]"}}, "changes its kind"},
		{"a flow item added whole", "a: [x, z]\n", [][2]string{{", z", ", y, z"}}, ""},
		{"a flow mapping entry removed", "a: {x: 1, y: 2}\n", [][2]string{{", y: 2", ""}}, ""},
		{"a list becomes a scalar", "a: [x, y]\n", [][2]string{{"[", "\""}, {"]", "\""}}, "changes its kind"},
		{"a flow list becomes block", "a: [x, y]\nb: 1\n", [][2]string{{"[x, y]", "\n  - x\n  - y"}}, ""},
		{"a literal block edited", "a: |\n  x\n  y\nb: 1\n", [][2]string{{"x\n", ""}}, ""},
		{"a folded block turned literal", "a: >\n  x\n  y\nb: 1\n", [][2]string{{">", "|"}}, ""},
		{"a block's indent swallows a key", "a: |\n  x\nb: 1\n", [][2]string{{"x\n", "x\n  "}}, "gains or loses an item"},
		{"a quote swallows a key", "a: 'x'\nb: 1\nc: 'z'\n", [][2]string{{"x'", "x"}, {"'z'", "z'"}}, "gains or loses an item"},
		{"a value no edit touches", "a: x\nb: 'y'\n", [][2]string{{"x\nb: '", "x\nb: \"y"}, {"y'", "\\x79\""}}, ""},
		{"a replaced item becomes a boolean", "a: [echo, x]\n", [][2]string{{"echo", "true"}}, "an item put in a list has type !!bool"},
		{"a boolean put beside an edited item", "a: [echo x, y]\n", [][2]string{{"echo x", "echo x, true"}}, "an item put in a list has type !!bool"},
		{"an item added to a list of numbers", "a: [1, 2]\n", [][2]string{{"2", "2, 3"}}, ""},
		{"an edited string becomes a null", "a:\n  - echo\n  - x\n", [][2]string{{"echo", ""}}, "gains or loses an item"},
		{"an edited value becomes a null", "a: echo\nb: 1\n", [][2]string{{"echo", ""}}, "changes its type from !!str to !!null"},
		{"an edited value becomes a number", "a: echo 1\nb: 1\n", [][2]string{{"echo ", ""}}, "changes its type from !!str to !!int"},
		{"an edited quoted string stays one", "a: ['echo', x]\n", [][2]string{{"echo", "true"}}, ""},
		{"an edited key keeps its type", "a: 1\nb: 2\n", [][2]string{{"b", "1"}}, "changes its type from !!str to !!int"},
		{"an alias renamed", "a: &x 1\nb: *x\n", [][2]string{{"&x", "&y"}, {"*x", "*y"}}, "an alias changes"},
		{"an anchor added to a list", "a: [x]\nb: 1\n", [][2]string{{"a: [", "a: &l ["}}, "an anchor changes"},
		{"a document added", "a: 1\n", [][2]string{{"1\n", "1\n---\nb: 2\n"}}, "2 YAML documents instead of 1"},
		{"a document removed", "a: 1\n---\nb: 2\n", [][2]string{{"---\nb: 2\n", ""}}, "1 YAML documents instead of 2"},
		{"the YAML breaks", "a: [x]\n", [][2]string{{"]", ""}}, "no longer parses"},
		{"a key untouched in a second document", "a: 1\n---\nb: [x, y]\n", [][2]string{{"x, y", "x"}}, ""},
		{"a value changes in a second document", "a: x\n---\nb: y\nc: z\n", [][2]string{{"y\nc: z", "y\nc: w"}}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := shapeEdit(t, tc.before, tc.edits...)
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("same shape: %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Errorf("error %v, want one with %q", err, tc.want)
			}
		})
	}
}

// A file nested deeper than SameShape compares has no verified fix; the comparison stays
// bounded.
func TestSameShapeTooDeep(t *testing.T) {
	n := maxShapeDepth + 50
	before := "a: " + strings.Repeat("[", n) + "x" + strings.Repeat("]", n) + "\n"
	err := shapeEdit(t, before, [2]string{"x", "y"})
	if err == nil || !strings.Contains(err.Error(), "too deep") {
		t.Errorf("error %v", err)
	}
}
