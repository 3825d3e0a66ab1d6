package buildspec

import (
	"reflect"
	"strings"
	"testing"

	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// TestArenaReuse: a file decoded into an arena that held another file's nodes decodes to the
// tree it decodes to alone, node for node; a declined decode gives its blocks back.
func TestArenaReuse(t *testing.T) {
	var first strings.Builder
	first.WriteString("version: 0.2\nphases:\n  build:\n    commands:\n")
	for i := 0; i < 700; i++ { // more nodes than one block: the second file reuses both
		first.WriteString("      - \"echo 'quoted'\"\n      - |\n        literal\n      - >-\n        folded\n")
	}
	second := "version: 0.2\nenv:\n  variables:\n    A: b\n    C: d\nphases:\n  install:\n    commands:\n      - make\n      - make test\n"
	a := takeArena()
	defer a.release()
	if n := fastDecode([]byte(first.String()), a); n == nil {
		t.Fatal("fastDecode declined the first file")
	}
	if a.ni < 2 {
		t.Fatalf("the first file took %d node blocks, want 2 or more", a.ni)
	}
	a.ni, a.si = 0, 0 // as release leaves it, with the blocks kept
	got := fastDecode([]byte(second), a)
	want := fastDecode([]byte(second), nil)
	if got == nil || want == nil {
		t.Fatal("fastDecode declined the second file")
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("decoded into a used arena, the second file differs from its tree alone:\n%s", diffNode(got, want, ""))
	}
	checkFast(t, "second", []byte(second))

	mark := a.mark()
	if n := fastDecode([]byte("a: b\nc: [d]\n"), a); n != nil { // flow collections are declined
		t.Fatal("fastDecode took a flow sequence")
	}
	if a.mark() != mark {
		t.Errorf("a declined decode kept blocks: %v after, %v before", a.mark(), mark)
	}
}

// TestShapeRelease: a shape cannot be used once released (its nodes may be another file's).
func TestShapeRelease(t *testing.T) {
	src := source.NewSource("b.yml", []byte("version: 0.2\nphases:\n  build:\n    commands:\n      - make\n"))
	specs, shape := ParseShaped(src, DefaultLimits)
	if shape == nil || shape.arena == nil {
		t.Fatalf("ParseShaped returned no shape, or one without an arena: %+v", shape)
	}
	if err := shape.Same(src, nil); err != nil {
		t.Fatalf("the file is not its own shape: %v", err)
	}
	shape.Release()
	for name, use := range map[string]func(){
		"Same":  func() { _ = shape.Same(src, nil) },
		"Parse": func() { _, _ = shape.Parse(src, DefaultLimits, nil) },
		"Reuse": func() { shape.Reuse(specs) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s after Release did not panic", name)
				}
			}()
			use()
		}()
	}
}
