package main

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode"

	"github.com/buildspec-lint/buildspec-lint/lint/config"
	"github.com/buildspec-lint/buildspec-lint/lint/format"
)

// printErr writes err to w after prefix, one line per error: the errors that hold several (a
// configuration's config.Errors, errors.Join) are split at their parts, and each line goes
// through format.LogLine, so that a line break in a path or a message is shown as \n and no line
// can be a workflow command.
func printErr(w io.Writer, prefix string, err error) {
	switch e := err.(type) {
	case config.Errors:
		for _, c := range e {
			printErr(w, prefix, c)
		}
		return
	case interface{ Unwrap() []error }:
		for _, c := range e.Unwrap() {
			printErr(w, prefix, c)
		}
		return
	}
	fmt.Fprintln(w, prefix+format.LogLine(err.Error()))
}

// logWriter is standard error as the CLI writes it: each line is passed on through
// format.LogLine, tabs kept (the flag package indents its help with them), so that whatever
// reaches standard error, messages of the flag package and any later write included, holds no
// raw control, bidi or invisible character and no line a CI runner obeys. Text already escaped
// (printErr) goes through unchanged. A last line without a line break is written by flush.
type logWriter struct {
	w       io.Writer
	pending []byte
}

func (l *logWriter) Write(p []byte) (int, error) {
	l.pending = append(l.pending, p...)
	i := bytes.LastIndexByte(l.pending, '\n')
	if i < 0 {
		return len(p), nil
	}
	var b strings.Builder
	for _, line := range strings.Split(string(l.pending[:i]), "\n") {
		b.WriteString(logLine(line))
		b.WriteByte('\n')
	}
	l.pending = append(l.pending[:0], l.pending[i+1:]...)
	if _, err := io.WriteString(l.w, b.String()); err != nil {
		return 0, err
	}
	return len(p), nil
}

// flush writes a last line that has no line break.
func (l *logWriter) flush() {
	if len(l.pending) > 0 {
		io.WriteString(l.w, logLine(string(l.pending)))
		l.pending = l.pending[:0]
	}
}

// logLine is format.LogLine with tabs kept.
func logLine(s string) string {
	if !strings.Contains(s, "\t") {
		return format.LogLine(s)
	}
	parts := strings.Split(s, "\t")
	for i, p := range parts {
		parts[i] = format.LogText(p)
	}
	s = strings.Join(parts, "\t")
	if strings.HasPrefix(strings.TrimLeftFunc(s, unicode.IsSpace), "::") {
		s = "./" + s // as format.LogLine does
	}
	return s
}
