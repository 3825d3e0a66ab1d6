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
//
// A new input kind (a buildspec written inline in a CloudFormation, SAM or Terraform file, a
// workflow job's run steps) is a package beside this one that builds the same Buildspec values
// (commands with exact positions in its own file, and their environment) from its format; the
// engine and the rules then apply to it unchanged, since they read only this model.
package buildspec
