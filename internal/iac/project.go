package iac

// BuildSpecUnknown reports whether the project names a buildspec that the file does not give as
// a path or as text (a Terraform data source's output, a template with directives, a reference
// that resolves to nothing literal): then CodeBuild does not read the default buildspec.yml, and
// no buildspec can be bound to the project.
func (p *Project) BuildSpecUnknown() bool {
	return p.BuildSpecAt.IsValid() && p.BuildSpecPath == "" && p.Inline == nil
}
