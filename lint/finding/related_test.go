package finding

import (
	"testing"

	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

func TestRelatedWhere(t *testing.T) {
	src := source.NewSource("infra/template.yaml", []byte("a: 1\n  PrivilegedMode: false\n"))
	r := Related{Source: src, Path: src.Path, Range: src.Range(23, 28), Message: "privileged mode is off here"}
	if got, want := r.Where(), "infra/template.yaml:2:19"; got != want {
		t.Errorf("Where() = %q, want %q", got, want)
	}
	if got := (Related{Path: "main.tf"}).Where(); got != "main.tf" {
		t.Errorf("Where() without a range = %q, want the path alone", got)
	}
}
