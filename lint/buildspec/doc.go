// Package buildspec is the typed model of a buildspec and its parser: Parse reads a file's YAML
// documents into Buildspec values (env, phases, commands, reports, artifacts, cache, batch),
// each value with its exact source.Range (inside block scalars too), checks them against the
// CodeBuild schema (recording Problems, each of a ProblemKind; which rule reports a kind is the
// rules' business, not this package's), reads each command as shell (Script, Call, Word:
// wrappers stripped, offsets mapped back to the file) and finds the `# buildspec-lint`
// directives in comments.
//
// Rules read this model, never yaml.Node; this package and the configuration and data loaders
// are the only code that imports the YAML library. Every parse is bounded (Limits, the value
// budget, MaxShellTokens, MaxDocumentTokens) so that hostile input costs bounded time and memory.
package buildspec
