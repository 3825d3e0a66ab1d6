package buildspec

import "mvdan.cc/sh/v3/syntax"

// scriptOf is ParseScript in the shell dialect for a command whose text was parsed before into
// f, without an error or a limit: the calls are read from f again, at this command's positions.
func scriptOf(cmd *Command, f *syntax.File) *Script {
	w := &walker{cmd: cmd, pm: posMap(cmd.ValueRange), text: cmd.Value}
	w.file(f, callCtx{})
	return &Script{Dialect: DialectShell, Calls: w.calls, File: f}
}
