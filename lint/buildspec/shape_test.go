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

// TestShapeReuse: a fixed text parsed with the trees of its file's commands (Shape.Reuse) reads
// as it does parsed afresh: every call, word, flag and position, and every problem.
func TestShapeReuse(t *testing.T) {
	before := `version: 0.2
phases:
  install:
    commands:
      - apt-get update && apt-get install -y jq
      - nohup dockerd > /var/log/d.log 2>&1 &
      - timeout 15 sh -c "until docker info; do sleep 1; done"
  build:
    commands:
      - |
        if [ -f x ]; then
          make "$TARGET" | tee out.log
        fi
      - echo $((1 + 2)) $(date)
      - echo 'unterminated
      - docker build -t app .
      - docker build -t app .
`
	for _, e := range [][2]string{
		{"      - apt-get update && apt-get install -y jq\n", ""},
		{" && apt-get install -y jq", ""},
		{"if [ -f x ]", "if [ -f y ]"},
		{"      - docker build -t app .\n", "      - echo first\n      - docker build -t app .\n"},
		{"version: 0.2\n", "version: 0.2\n# a longer first line that moves every offset\n"},
	} {
		i := strings.Index(before, e[0])
		after := before[:i] + e[1] + before[i+len(e[0]):]
		src, asrc := source.NewSource("f.yml", []byte(before)), source.NewSource("f.yml", []byte(after))
		specs, shape := ParseShaped(src, DefaultLimits)
		shape.Reuse(specs)
		if len(shape.trees) < 5 {
			t.Fatalf("only %d trees kept", len(shape.trees))
		}
		cs := source.Changes{{Start: i, End: i + len(e[0]), NewStart: i, NewEnd: i + len(e[1])}}
		got, err := shape.Parse(asrc, DefaultLimits, cs)
		if err != nil {
			t.Fatalf("%q: %v", e[0], err)
		}
		if g, w := renderScripts(got), renderScripts(ParseWithLimits(asrc, DefaultLimits)); g != w {
			t.Errorf("edit %q: reusing the trees reads\n%s\nparsing afresh\n%s", e[0], g, w)
		}
	}
}

func renderScripts(specs []*Buildspec) string {
	var b strings.Builder
	for _, s := range specs {
		for _, c := range s.CommandsInOrder() {
			fmt.Fprintf(&b, "command %s %q err=%v\n", c.Range, c.Value, c.Script.Err)
			for _, k := range c.Script.Calls {
				fmt.Fprintf(&b, "  call %s %q wrappers=%v assigns=%v bg=%v cond=%v loop=%v/%s subst=%v pipe=%v/%v neg=%v or=%v depth=%d via=%v text=%q\n",
					k.Range(), k.Name(), k.Wrappers, k.Assigns, k.Background, k.InCond, k.InLoop, k.Loop, k.InSubst, k.Piped, k.PipedFrom, k.Negated, k.OrGuarded, k.Depth, k.Via != nil, k.Text())
				for _, w := range k.Words {
					fmt.Fprintf(&b, "    word %s %q lit=%v\n", w.Range(), w.Value, w.Lit)
				}
			}
		}
		for _, p := range s.Problems {
			fmt.Fprintf(&b, "problem %s %v %s\n", p.Range, p.Kind, p.Message)
		}
	}
	return b.String()
}
