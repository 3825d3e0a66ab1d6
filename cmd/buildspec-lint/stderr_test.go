package main

import (
	"bytes"
	"errors"
	"fmt"
	"testing"

	"github.com/buildspec-lint/buildspec-lint/lint/config"
)

func TestLogWriter(t *testing.T) {
	var b bytes.Buffer
	lw := &logWriter{w: &b}
	fmt.Fprint(lw, "  -format string\n    \toutput format\x1b[2J\n::error::x\n  ::warning::y\t##[z]\npart")
	fmt.Fprint(lw, "ial \u202e")
	if got, want := b.String(), "  -format string\n    \toutput format\\x1b[2J\n./::error::x\n./  ::warning::y\t##\\x5bz]\n"; got != want {
		t.Errorf("complete lines:\n got %q\nwant %q", got, want)
	}
	lw.flush()
	if got, want := b.String()[b.Len()-len(`partial \u202e`):], `partial \u202e`; got != want {
		t.Errorf("flushed last line: %q, want %q", got, want)
	}
}

func TestPrintErr(t *testing.T) {
	var b bytes.Buffer
	printErr(&b, "buildspec-lint: ", errors.Join(
		config.Errors{{Path: "::x/.buildspec-lint.yaml", Line: 2, Col: 3, Msg: "unknown rule a\nb"}, {Path: "c.yaml", Msg: "d"}},
		errors.New("e\r\nf")))
	want := "buildspec-lint: ./::x/.buildspec-lint.yaml:2:3: unknown rule a\\nb\nbuildspec-lint: c.yaml: d\nbuildspec-lint: e\\r\\nf\n"
	if b.String() != want {
		t.Errorf("printErr:\n got %q\nwant %q", b.String(), want)
	}
}
