package buildspec

import (
	"testing"

	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// A text of literal pieces and a placeholder: offsets after the placeholder map exactly, and a
// range that meets the placeholder covers the whole interpolation it stands for.
func TestEmbedPieces(t *testing.T) {
	host := source.NewSource("main.tf", []byte("x = <<-EOF\n    run ${var.region}.sh && jq .\n  EOF\n"))
	// "run " at 15, ${var.region} at 19 (13 bytes), ".sh && jq ." at 32
	e, ok := EmbedPieces(host, []Piece{
		{Text: "run ", At: 15},
		{Text: "__var_region_", At: 19, Stands: 13},
		{Text: ".sh && jq .\n", At: 32},
	})
	if !ok || e.Text != "run __var_region_.sh && jq .\n" {
		t.Fatalf("ok %v, text %q", ok, e.Text)
	}
	at := func(start, end int) string {
		r := e.HostRange(source.NewSource("", []byte(e.Text)).Range(start, end))
		return r.Start.String() + " " + string(host.Data[r.Start.Offset:r.End.Offset])
	}
	for _, tc := range []struct {
		start, end int
		want       string
	}{
		{0, 3, "2:5 run"},
		{24, 26, "2:29 jq"},             // after the placeholder: exact
		{4, 17, "2:9 ${var.region}"},    // the placeholder: the interpolation
		{8, 10, "2:9 ${var.region}"},    // inside it: all of it
		{4, 20, "2:9 ${var.region}.sh"}, // across its end
		{0, 29, "2:5 run ${var.region}.sh && jq .\n"},
	} {
		if got := at(tc.start, tc.end); got != tc.want {
			t.Errorf("[%d,%d) at %q, want %q", tc.start, tc.end, got, tc.want)
		}
	}
	if e.Verbatim(4, 17) || !e.Verbatim(21, 28) {
		t.Errorf("verbatim: placeholder %v, literal %v", e.Verbatim(4, 17), e.Verbatim(21, 28))
	}
	// the placeholder [4, 17) is unknown text; the literal around it is not
	for _, tc := range []struct {
		start, end int
		want       bool
	}{{0, 4, false}, {0, 5, true}, {8, 8, true}, {16, 20, true}, {17, 20, false}, {4, 4, true}, {17, 17, false}} {
		if got := e.Unknown(tc.start, tc.end); got != tc.want {
			t.Errorf("Unknown(%d, %d) = %v", tc.start, tc.end, got)
		}
	}
	// a literal piece that is not written where it says
	if _, ok := EmbedPieces(host, []Piece{{Text: "nowhere to be found", At: 15}}); ok {
		t.Errorf("a piece not in the host is ok")
	}
}
