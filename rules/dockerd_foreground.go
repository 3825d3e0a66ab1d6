package rules

import (
	"fmt"

	"mvdan.cc/sh/v3/syntax"

	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
	"github.com/buildspec-lint/buildspec-lint/lint/finding"
	"github.com/buildspec-lint/buildspec-lint/lint/image"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// DockerdForeground reports dockerd started without &: the phase waits for it and never finishes.
var DockerdForeground = &lint.Rule{
	Rule: finding.Rule{
		ID:       "BSL202",
		Name:     "dockerd-foreground",
		Severity: finding.SeverityError,
		Doc: finding.Doc{
			Title: "dockerd runs in the foreground and blocks the build",
			Text: "In buildspec version 0.2 CodeBuild runs each command to its end before the next one " +
				"([build spec reference](https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html)). " +
				"`dockerd` never ends, so a start without `&` holds the phase until the build times out. Start it in " +
				"the background and wait until it answers, as the AWS " +
				"[Docker in custom image sample](https://docs.aws.amazon.com/codebuild/latest/userguide/sample-docker-custom-image.html) does:\n\n" +
				"    - " + dockerdStartCmd + "\n" +
				"    - " + dockerdWaitCmd + "\n\n" +
				"`dockerd-entrypoint.sh` counts too on `docker:dind` images (it runs dockerd in the foreground there); " +
				"the curated images' script of the same name starts dockerd in the background and returns. The rule is " +
				"silent on images that start dockerd themselves, where dockerd-double-start reports the start, and with " +
				"`docker: server` or `docker: none` in the configuration (no dockerd runs in the build).",
			Bad: "version: 0.2\nphases:\n  install:\n    commands:\n      - nohup /usr/local/bin/dockerd --host=unix:///var/run/docker.sock\n" +
				"      - '" + dockerdWaitCmd + "'\n",
			Good: "version: 0.2\nphases:\n  install:\n    commands:\n      - nohup /usr/local/bin/dockerd --host=unix:///var/run/docker.sock &\n" +
				"      - '" + dockerdWaitCmd + "'\n",
		},
	},
	Check: func(p *lint.Pass) {
		if p.Image != nil && p.Image.Dockerd == image.DockerdAuto || noDaemonInBuild(p.Image) {
			return
		}
		stmts := stmtIndex{}
		evs := dockerEvents(p.Spec, p.Image)
		for i, e := range evs {
			if e.Op != opStart || e.Background || e.Waits {
				continue
			}
			in := ""
			if e.Site != e.Call {
				in = fmt.Sprintf(" (called on line %d)", e.Site.Range().Start.Line)
			}
			f := p.Reportf(e.Call.Range(), "%s runs in the foreground and blocks the build until it times out%s: end the command with `&` "+
				"and wait for the daemon with `%s`", e.Call.Name(), in, dockerdWaitFor(p.Image))
			if rng, text, ok := backgroundFix(p.Spec.Source, e.Call, stmts); ok {
				f.Fix = finding.NewFix("run it in the background", rng, text)
				if e.Site == e.Call && usedBeforeWait(evs[i+1:]) {
					// In the background, the start needs the wait that dockerd-no-wait asks for.
					wait, ok := linesAfterStmt(p.Spec.Source, e.Call, []string{dockerdWaitFor(p.Image)}, false)
					if !ok {
						f.Fix = nil
						continue
					}
					edits := append(f.Fix.Edits, wait)
					if bg := f.Fix.Edits[0]; bg.Range == wait.Range && bg.Range.Start == bg.Range.End {
						// Both go at the end of the start's line: one insertion, & first.
						edits = []finding.Edit{{Range: bg.Range, NewText: bg.NewText + wait.NewText}}
					}
					f.Fix = &finding.Fix{Message: "run it in the background and wait for it", Edits: edits}
				}
			}
		}
	},
}

// backgroundFix returns the edit that sends call c's statement to the background: ` &` after
// its redirections, or `&` in place of its `;`. It declines calls inside `sh -c` strings and
// inside && || | lists, where a trailing & would send more than the call to the background.
func backgroundFix(src *source.Source, c *buildspec.Call, stmts stmtIndex) (source.Range, string, bool) {
	if c.Depth != 0 || c.Expr == nil || c.Command == nil || c.Command.Script == nil || c.Command.Script.File == nil {
		return source.Range{}, "", false
	}
	st := stmts.of(c.Command.Script.File, c.Expr)
	stmt, listed := st.stmt, st.listed
	if stmt == nil || listed || stmt.Background {
		return source.Range{}, "", false
	}
	if stmt.Semicolon.IsValid() {
		semi := int(stmt.Semicolon.Offset())
		amp := "&"
		if semi > 0 && c.Command.Value[semi-1] != ' ' && c.Command.Value[semi-1] != '\t' {
			amp = " &"
		}
		return c.Command.ValueRange(semi, semi+1), amp, true
	}
	// The end of the command and its redirections.
	end := int(c.Expr.End().Offset())
	for _, r := range stmt.Redirs {
		if e := int(r.End().Offset()); e > end {
			end = e
		}
	}
	// At the end of the line's text (ValueRange starts a range at a CRLF's \r, which the value's
	// \n stands for).
	at := c.Command.ValueRange(end, end).Start.Offset
	return src.Range(at, at), " &", true
}

// stmtIndex finds the statement of each call of a command with one walk per command: a walk per
// call made a command of thousands of `dockerd;` take minutes.
type stmtIndex map[*syntax.File]map[*syntax.CallExpr]stmtOf

// stmtOf is the statement a call is the command of, and whether it is a side of && || |.
type stmtOf struct {
	stmt   *syntax.Stmt
	listed bool
}

func (ix stmtIndex) of(f *syntax.File, ce *syntax.CallExpr) stmtOf {
	m, ok := ix[f]
	if !ok {
		m = map[*syntax.CallExpr]stmtOf{}
		syntax.Walk(f, func(n syntax.Node) bool {
			switch x := n.(type) {
			case *syntax.Stmt:
				if ce, ok := x.Cmd.(*syntax.CallExpr); ok {
					s := m[ce]
					s.stmt = x
					m[ce] = s
				}
			case *syntax.BinaryCmd:
				for _, side := range []*syntax.Stmt{x.X, x.Y} {
					if side == nil {
						continue
					}
					if ce, ok := side.Cmd.(*syntax.CallExpr); ok {
						s := m[ce]
						s.listed = true
						m[ce] = s
					}
				}
			}
			return true
		})
		ix[f] = m
	}
	return m[ce]
}

// usedBeforeWait reports whether the first of evs that uses, starts or waits for the daemon uses it.
func usedBeforeWait(evs []*dockerEvent) bool {
	for _, e := range evs {
		switch e.Op {
		case opUse:
			return true
		case opWait, opStart:
			return false
		}
	}
	return false
}
