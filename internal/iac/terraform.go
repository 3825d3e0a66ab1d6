package iac

import (
	"bytes"
	"path"
	"path/filepath"
	"strings"
	"unicode"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
	"github.com/buildspec-lint/buildspec-lint/lint/image"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// The Terraform reader parses .tf files with hclsyntax and evaluates nothing that needs state:
// an attribute's value is known when it is a literal, or a var.* (its value in a .tfvars file,
// or its default) or local.* of the module that is one, through templates, parentheses,
// trimspace, lower and upper and the iterator of a dynamic block; it is unknown otherwise.

// Limits on the work one module costs, whatever its text.
const (
	// maxNesting bounds the bracket nesting of a file handed to the parser, which recurses;
	// maxChain the unary operators and conditionals chained in one expression (each costs a
	// few KiB of stack).
	maxNesting = 256
	maxChain   = 4096
	// maxProblems bounds the syntax errors reported for one file.
	maxProblems = 10
	// maxEvalSteps bounds the expressions the evaluation of one project's values visits (locals
	// that refer to locals), maxEvalDepth a chain of references, maxValueLen the length of a
	// value built.
	maxEvalSteps = 1 << 16
	maxEvalDepth = 32
	maxValueLen  = 1 << 16
	// maxImageText bounds the text kept as the image of an unresolved reference.
	maxImageText = 256
)

// readTerraform reads the aws_codebuild_project resources of a .tf file, with the variables and
// locals of that file alone. ReadModule reads a whole module.
func readTerraform(src *source.Source) *File { return ReadModule([]*source.Source{src})[0] }

// ReadModule reads the aws_codebuild_project resources of the .tf files of one Terraform module
// (the .tf files of one directory, read together as Terraform does): var.* and local.* resolve
// across all of them, and file() and templatefile() paths against the module directory. It
// returns one File per file, in the order given. A file that names no CodeBuild project yields
// an empty File and is only read for its variables and locals (its syntax errors are not
// reported); a module where no file names one costs a byte scan of each. Variable values in
// terraform.tfvars and *.auto.tfvars files among files (which Terraform loads by itself) win
// over the variables' defaults.
//
// The CLI groups the .tf files it finds by directory (with that directory's terraform.tfvars and
// *.auto.tfvars) and calls ReadModule once per directory; Read(src) on a lone .tf file is
// ReadModule of that file.
func ReadModule(files []*source.Source) []*File {
	out := make([]*File, len(files))
	some := false
	for i, src := range files {
		out[i] = &File{}
		if MayDefine(src.Path, src.Data) {
			some = true
		}
	}
	if !some {
		return out
	}
	m := &module{vars: map[string]def{}, values: map[string]def{}, locals: map[string]def{}}
	bodies := make([]*hclsyntax.Body, len(files))
	for i, src := range files {
		if isTFVars(src.Path) {
			if body, _ := parseTerraform(src); body != nil {
				for name, a := range body.Attributes {
					m.values[name] = def{a.Expr, src}
				}
			}
			continue
		}
		defines := MayDefine(src.Path, src.Data)
		body, problems := parseTerraform(src)
		if defines {
			out[i].Problems = problems
		}
		if body == nil {
			continue
		}
		m.collect(src, body)
		if defines && len(problems) == 0 {
			bodies[i] = body
		}
	}
	for i, body := range bodies {
		if body == nil {
			continue
		}
		for _, b := range body.Blocks {
			if b.Type == "resource" && len(b.Labels) == 2 && b.Labels[0] == "aws_codebuild_project" {
				m.problems = nil
				out[i].Projects = append(out[i].Projects, m.project(files[i], b))
				out[i].Problems = append(out[i].Problems, m.problems...)
			}
		}
	}
	return out
}

// parseTerraform parses a .tf file. A file nested deeper than the parser may safely recurse is
// a problem without being parsed.
func parseTerraform(src *source.Source) (*hclsyntax.Body, []Problem) {
	if off, ok := shallow(src.Data); !ok {
		return nil, []Problem{{Range: src.Range(off, off), Message: "expressions are nested too deeply to read this terraform file; simplify the expression"}}
	}
	f, diags := hclsyntax.ParseConfig(src.Data, src.Path, hcl.InitialPos)
	var problems []Problem
	for _, d := range diags {
		if d.Severity != hcl.DiagError || len(problems) == maxProblems {
			continue
		}
		r := source.Range{}
		if d.Subject != nil {
			r = hclRange(src, *d.Subject)
		} else {
			r = src.Range(0, 0)
		}
		problems = append(problems, Problem{Range: r, Message: "invalid terraform: " + diagText(d.Summary) + "; fix the syntax so that terraform and the linter can read the project"})
	}
	if f == nil {
		return nil, problems
	}
	body, _ := f.Body.(*hclsyntax.Body)
	return body, problems
}

// isTFVars reports whether path is a variable definitions file that Terraform loads by itself.
func isTFVars(path string) bool {
	base := filepath.Base(path)
	return base == "terraform.tfvars" || strings.HasSuffix(base, ".auto.tfvars")
}

// shallow reports whether the parser, which recurses, may read data without a deep stack: its
// brackets nest at most maxNesting deep, and no expression chains more than maxChain unary
// operators (!!!x, - - 1) or conditionals (a ? b : c ? d : ...). The scan over-estimates (it
// counts inside strings and comments too); it returns where the limit is passed.
func shallow(data []byte) (int, bool) {
	depth, parens, unary, conds := 0, 0, 0, 0
	for i, c := range data {
		switch c {
		case '(', '[', '{':
			depth++
			if c != '{' {
				parens++
			}
			if depth > maxNesting {
				return i, false
			}
		case ')', ']', '}':
			depth = max(depth-1, 0)
			if c != '}' {
				parens = max(parens-1, 0)
			}
		case '?':
			// an expression goes on over line breaks only inside parentheses and brackets
			if conds++; conds > maxChain {
				return i, false
			}
		case '\n':
			if parens == 0 {
				conds = 0
			}
		}
		switch c {
		case '!', '-':
			if unary++; unary > maxChain {
				return i, false
			}
		case ' ', '\t':
		default:
			unary = 0
		}
	}
	return 0, true
}

// diagText makes an hcl diagnostic summary a message fragment: lower case, no final period, no
// control characters.
func diagText(s string) string {
	s = strings.TrimSuffix(strings.TrimSpace(s), ".")
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
	if s == "" {
		return "syntax error"
	}
	if len(s) > 1 && unicode.IsUpper(rune(s[0])) && !unicode.IsUpper(rune(s[1])) {
		s = strings.ToLower(s[:1]) + s[1:]
	}
	return s
}

// hclRange converts an hcl range (byte offsets into src) to a source range, clamped to the file.
func hclRange(src *source.Source, r hcl.Range) source.Range {
	n := len(src.Data)
	start, end := min(max(r.Start.Byte, 0), n), min(max(r.End.Byte, 0), n)
	if end < start {
		end = start
	}
	return src.Range(start, end)
}

// def is an expression that defines a variable's default or a local, and the file it is in.
type def struct {
	expr hclsyntax.Expression
	src  *source.Source
}

// module is what the files of one module define that a project's values may refer to: the
// variables' defaults, their values in .tfvars files, and the locals.
type module struct {
	vars, values, locals map[string]def
	// iter is the iterator of the dynamic block being read, nil outside one.
	iter *iterBinding
	// problems are those of the project being read.
	problems []Problem
	// steps counts the expressions visited for the project being read.
	steps int
}

// collect records the variable defaults and locals of one file.
func (m *module) collect(src *source.Source, body *hclsyntax.Body) {
	for _, b := range body.Blocks {
		switch {
		case b.Type == "variable" && len(b.Labels) == 1:
			if a, ok := b.Body.Attributes["default"]; ok {
				m.vars[b.Labels[0]] = def{a.Expr, src}
			}
		case b.Type == "locals" && len(b.Labels) == 0:
			for name, a := range b.Body.Attributes {
				m.locals[name] = def{a.Expr, src}
			}
		}
	}
}

// project reads one aws_codebuild_project block.
func (m *module) project(src *source.Source, b *hclsyntax.Block) *Project {
	p := &Project{Name: b.Labels[1], Kind: Terraform, Source: src, At: hclRange(src, b.LabelRanges[1])}
	m.steps = 0
	p.Privileged, p.PrivilegedAt = image.PrivilegedOff, p.At
	if a, ok := b.Body.Attributes["name"]; ok {
		p.ProjectNameAt = hclRange(src, a.Expr.Range())
		if v, ok := m.str(src, a.Expr); ok {
			p.ProjectName = strings.TrimSpace(v)
		}
	}
	env := firstBlock(b.Body, "environment")
	if env == nil {
		// dynamic "environment" { for_each = [var.env] content { image = environment.value.image } }
		env = m.dynamicBlock(src, b.Body, "environment")
		defer func() { m.iter = nil }()
		if env == nil && m.iter == nil && hasDynamic(b.Body, "environment") {
			p.Privileged = image.PrivilegedUnknown
		}
	}
	if env != nil {
		p.PrivilegedAt = hclRange(src, env.TypeRange)
		if a, ok := env.Body.Attributes["image"]; ok {
			p.ImageAt = hclRange(src, a.Expr.Range())
			p.Image, p.ImageKnown = m.imageOf(src, a.Expr)
		}
		if a, ok := env.Body.Attributes["privileged_mode"]; ok {
			p.PrivilegedAt = hclRange(src, a.Expr.Range())
			switch v, ok := m.str(src, a.Expr); {
			case ok && v == "true":
				p.Privileged = image.PrivilegedOn
			case ok && v == "false":
				p.Privileged = image.PrivilegedOff
			default:
				p.Privileged = image.PrivilegedUnknown
			}
		}
		if a, ok := env.Body.Attributes["compute_type"]; ok {
			p.ComputeAt = hclRange(src, a.Expr.Range())
			p.ComputeType, _ = m.str(src, a.Expr)
		}
		if a, ok := env.Body.Attributes["type"]; ok {
			p.EnvType, _ = m.str(src, a.Expr)
		}
		p.DockerServer = firstBlock(env.Body, "docker_server") != nil
	}
	if s := firstBlock(b.Body, "source"); s != nil {
		if a, ok := s.Body.Attributes["buildspec"]; ok {
			p.BuildSpecAt = hclRange(src, a.Expr.Range())
			m.buildspec(p, src, a.Expr, 0)
			p.BuildSpecUnknown = p.BuildSpecAt.IsValid() && p.BuildSpecPath == "" && p.Inline == nil
		}
	}
	return p
}

// hasDynamic reports whether body has a dynamic block of the given type.
func hasDynamic(body *hclsyntax.Body, typ string) bool {
	for _, b := range body.Blocks {
		if b.Type == "dynamic" && len(b.Labels) == 1 && b.Labels[0] == typ {
			return true
		}
	}
	return false
}

// dynamicBlock returns the content of a dynamic block of the given type in body that Terraform
// expands once, over a one-element list whose element resolves to an object, and binds its
// iterator (environment.value.KEY) to that object; nil when there is none such.
func (m *module) dynamicBlock(src *source.Source, body *hclsyntax.Body, typ string) *hclsyntax.Block {
	for _, b := range body.Blocks {
		if b.Type != "dynamic" || len(b.Labels) != 1 || b.Labels[0] != typ {
			continue
		}
		content := firstBlock(b.Body, "content")
		each, ok := b.Body.Attributes["for_each"]
		if content == nil || !ok {
			return nil
		}
		name := typ
		if a, ok := b.Body.Attributes["iterator"]; ok {
			name = hcl.ExprAsKeyword(a.Expr)
		}
		d, ok := m.resolve(def{each.Expr, src}, 0)
		if !ok {
			return nil
		}
		list, ok := d.expr.(*hclsyntax.TupleConsExpr)
		if !ok || len(list.Exprs) != 1 {
			return nil
		}
		obj, ok := m.resolve(def{list.Exprs[0], d.src}, 0)
		if _, isObj := obj.expr.(*hclsyntax.ObjectConsExpr); !ok || !isObj || name == "" {
			return nil
		}
		m.iter = &iterBinding{name: name, obj: obj}
		return content
	}
	return nil
}

// iterBinding binds a dynamic block's iterator: NAME.value is the object obj.
type iterBinding struct {
	name string
	obj  def
}

// resolve follows var.*, local.*, parentheses and "${...}" from d to the expression they stand
// for.
func (m *module) resolve(d def, depth int) (def, bool) {
	for ; depth <= maxEvalDepth; depth++ {
		switch e := d.expr.(type) {
		case *hclsyntax.TemplateWrapExpr:
			d.expr = e.Wrapped
		case *hclsyntax.ParenthesesExpr:
			d.expr = e.Expression
		case *hclsyntax.ScopeTraversalExpr:
			next, ok := m.lookup(e.Traversal)
			if !ok {
				return d, false
			}
			d = next
		default:
			return d, true
		}
	}
	return d, false
}

// field returns the expression of an object's key.
func field(obj *hclsyntax.ObjectConsExpr, key string) (hclsyntax.Expression, bool) {
	for _, item := range obj.Items {
		k := hcl.ExprAsKeyword(item.KeyExpr)
		if k == "" {
			if kx, ok := item.KeyExpr.(*hclsyntax.ObjectConsKeyExpr); ok {
				if t, ok := kx.Wrapped.(*hclsyntax.TemplateExpr); ok && len(t.Parts) == 1 {
					if l, ok := t.Parts[0].(*hclsyntax.LiteralValueExpr); ok {
						k, _ = literal(l.Val)
					}
				}
			}
		}
		if k == key {
			return item.ValueExpr, true
		}
	}
	return nil, false
}

// firstBlock returns the first block of the given type in body, nil if none.
func firstBlock(body *hclsyntax.Body, typ string) *hclsyntax.Block {
	for _, b := range body.Blocks {
		if b.Type == typ {
			return b
		}
	}
	return nil
}

// buildspec sets the project's buildspec from the expression e (written in src): a path (a
// one-line string, file() or templatefile() of one), or the buildspec itself (a heredoc or a
// string of several lines), directly or through var.* and local.*. Anything else leaves the
// buildspec unknown (Project.BuildSpecUnknown: a data source's output, a template with
// directives, a reference that resolves to nothing literal).
func (m *module) buildspec(p *Project, src *source.Source, e hclsyntax.Expression, depth int) {
	if depth > maxEvalDepth {
		return
	}
	switch e := e.(type) {
	case *hclsyntax.TemplateWrapExpr:
		m.buildspec(p, src, e.Wrapped, depth+1)
	case *hclsyntax.ParenthesesExpr:
		m.buildspec(p, src, e.Expression, depth+1)
	case *hclsyntax.ScopeTraversalExpr:
		if d, ok := m.lookup(e.Traversal); ok {
			m.buildspec(p, d.src, d.expr, depth+1)
		}
	case *hclsyntax.FunctionCallExpr:
		if (e.Name == "file" || e.Name == "templatefile") && len(e.Args) > 0 && !e.ExpandFinal {
			if v, ok := m.str(src, e.Args[0]); ok && v != "" && !strings.ContainsAny(v, "\n\x00") {
				p.BuildSpecPath = cleanPath(v)
				p.Dir = filepath.Dir(src.Path)
				p.BuildSpecTemplate = e.Name == "templatefile"
			}
		}
	case *hclsyntax.ObjectConsExpr, *hclsyntax.TupleConsExpr:
		what := "an object"
		if _, ok := e.(*hclsyntax.TupleConsExpr); ok {
			what = "a list"
		}
		m.problems = append(m.problems, Problem{Range: p.BuildSpecAt,
			Message: "the buildspec of project " + p.Name + " is " + what + ", not a string; give a path, the buildspec's text in a heredoc, or yamlencode(...) of the object"})
	case *hclsyntax.LiteralValueExpr, *hclsyntax.TemplateExpr:
		if t, ok := e.(*hclsyntax.TemplateExpr); ok && (isHeredoc(src, t) || multiline(t)) {
			if in, ok := inline(src, t); ok {
				p.Inline = in
			}
			return
		}
		v, ok := m.str(src, e)
		if ok && strings.TrimSpace(v) == "" {
			p.BuildSpecAt = source.Range{} // "": CodeBuild reads its default buildspec.yml
			return
		}
		if ok && !strings.ContainsAny(v, "\x00") {
			if strings.Contains(v, "\n") {
				return // a buildspec built from pieces: not written anywhere as a whole
			}
			p.BuildSpecPath = v
		}
	}
}

// cleanPath makes a path given to file() relative to the module directory: path.module and
// path.root evaluate to ".", so "${path.module}/ci/buildspec.yml" is "ci/buildspec.yml".
func cleanPath(v string) string {
	return path.Clean(strings.ReplaceAll(v, "\\", "/"))
}

// isHeredoc reports whether the template is a heredoc (<<EOF or <<-EOF).
func isHeredoc(src *source.Source, t *hclsyntax.TemplateExpr) bool {
	s := t.SrcRange.Start.Byte
	return s >= 0 && s+2 <= len(src.Data) && src.Data[s] == '<' && src.Data[s+1] == '<'
}

// multiline reports whether a quoted template's literal text holds a line break (a buildspec
// written with \n escapes).
func multiline(t *hclsyntax.TemplateExpr) bool {
	for _, part := range t.Parts {
		if l, ok := part.(*hclsyntax.LiteralValueExpr); ok && l.Val.Type().Equals(ctyString) && strings.Contains(l.Val.AsString(), "\n") {
			return true
		}
	}
	return false
}

// inline maps a heredoc's or a quoted string's text onto the file. Each interpolation (${...},
// a run of them) becomes a placeholder of the same length that shell reads as a plain word (its
// letters, digits and underscores kept, every other byte an underscore), mapped to the whole
// interpolation. A template with directives (%{ if }, %{ for }: a part that is not a literal
// and is written with %{), or an interpolation that starts a line's content (it may write YAML
// structure), cannot be linted in place: ok is false.
func inline(src *source.Source, t *hclsyntax.TemplateExpr) (*buildspec.Embedded, bool) {
	start, end, quote, ok := contentBounds(src, t)
	if !ok {
		return nil, false
	}
	return embedTemplate(src, t, start, end, quote)
}

// embedTemplate maps the text of a template written in src's bytes [start, end) (see inline).
func embedTemplate(src *source.Source, t *hclsyntax.TemplateExpr, start, end int, quote byte) (*buildspec.Embedded, bool) {
	var pieces []buildspec.Piece
	cur, pending := start, false
	blankLine := true // only blanks so far on the text's current line
	flush := func(to int) bool {
		if !pending {
			return true
		}
		pending = false
		if to <= cur || to > end || blankLine || bytes.Contains(src.Data[cur:to], []byte("%{")) {
			return false // a directive, or an interpolation that may write YAML structure
		}
		pieces = append(pieces, buildspec.Piece{Text: placeholder(src.Data[cur:to]), At: cur, Stands: to - cur})
		blankLine = false
		return true
	}
	for _, part := range t.Parts {
		switch part := part.(type) {
		case *hclsyntax.LiteralValueExpr:
			if !part.Val.Type().Equals(ctyString) || part.Val.IsNull() {
				return nil, false
			}
			r := part.SrcRange
			if r.Start.Byte < cur || r.End.Byte > end || !flush(r.Start.Byte) {
				return nil, false
			}
			text := part.Val.AsString()
			pieces = append(pieces, buildspec.Piece{Text: text, At: r.Start.Byte, Quote: quote})
			blankLine = strings.TrimLeft(text[strings.LastIndexByte(text, '\n')+1:], " \t") == "" && (blankLine || strings.Contains(text, "\n"))
			cur = r.End.Byte
		default:
			pending = true
		}
	}
	if !flush(end) {
		return nil, false
	}
	return buildspec.EmbedPieces(src, pieces)
}

// contentBounds returns where a template's text is written: between the heredoc's opening line
// and its closing marker's line, or between the quotes.
func contentBounds(src *source.Source, t *hclsyntax.TemplateExpr) (start, end int, quote byte, ok bool) {
	s, e := t.SrcRange.Start.Byte, t.SrcRange.End.Byte
	if s < 0 || e > len(src.Data) || s >= e {
		return 0, 0, 0, false
	}
	if !isHeredoc(src, t) {
		if src.Data[s] != '"' || src.Data[e-1] != '"' || e-s < 2 {
			return 0, 0, 0, false
		}
		return s + 1, e - 1, '"', true
	}
	nl := bytes.IndexByte(src.Data[s:e], '\n')
	if nl < 0 {
		return 0, 0, 0, false
	}
	start = s + nl + 1
	end = bytes.LastIndexByte(src.Data[:e], '\n') + 1
	if end < start {
		end = start
	}
	return start, end, 0, true
}

// placeholder is the word that stands for an interpolation's text b: as long, with its letters,
// digits and underscores and an underscore for every other byte.
func placeholder(b []byte) string {
	out := make([]byte, len(b))
	for i, c := range b {
		if c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' {
			out[i] = c
		} else {
			out[i] = '_'
		}
	}
	return string(out)
}

// lookup finds what var.NAME, local.NAME or, inside a dynamic block, ITERATOR.value.KEY refers
// to.
func (m *module) lookup(t hcl.Traversal) (def, bool) {
	if len(t) < 2 {
		return def{}, false
	}
	root, ok1 := t[0].(hcl.TraverseRoot)
	attr, ok2 := t[1].(hcl.TraverseAttr)
	if !ok1 || !ok2 {
		return def{}, false
	}
	if len(t) == 3 && m.iter != nil && root.Name == m.iter.name && attr.Name == "value" {
		key, ok := t[2].(hcl.TraverseAttr)
		obj, _ := m.iter.obj.expr.(*hclsyntax.ObjectConsExpr)
		if !ok || obj == nil {
			return def{}, false
		}
		v, ok := field(obj, key.Name)
		return def{v, m.iter.obj.src}, ok
	}
	if len(t) != 2 {
		return def{}, false
	}
	var d def
	var ok bool
	switch root.Name {
	case "var":
		if d, ok = m.values[attr.Name]; !ok {
			d, ok = m.vars[attr.Name]
		}
	case "local":
		d, ok = m.locals[attr.Name]
	}
	return d, ok
}

// imageOf returns a project's image: the literal it resolves to, or else the text it is written
// as ("${aws_ecr_repository.app.repository_url}:latest", with the parts that do resolve filled
// in), with known false.
func (m *module) imageOf(src *source.Source, e hclsyntax.Expression) (string, bool) {
	if v, ok := m.str(src, e); ok {
		return v, true
	}
	text := m.text(src, e, 0)
	if len(text) > maxImageText {
		text = text[:maxImageText]
	}
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, text), false
}

// text is the expression as written, with its quotes dropped and the interpolations that
// resolve filled in.
func (m *module) text(src *source.Source, e hclsyntax.Expression, depth int) string {
	switch e := e.(type) {
	case *hclsyntax.TemplateWrapExpr:
		return "${" + m.text(src, e.Wrapped, depth+1) + "}"
	case *hclsyntax.TemplateExpr:
		if isHeredoc(src, e) {
			break
		}
		var b strings.Builder
		for _, part := range e.Parts {
			if b.Len() > maxImageText {
				break
			}
			if l, ok := part.(*hclsyntax.LiteralValueExpr); ok && l.Val.Type().Equals(ctyString) && !l.Val.IsNull() {
				b.WriteString(l.Val.AsString())
				continue
			}
			if v, ok := m.str(src, part); ok {
				b.WriteString(v)
				continue
			}
			b.WriteString("${" + rawText(src, part.Range()) + "}")
		}
		return b.String()
	case *hclsyntax.ScopeTraversalExpr:
		if d, ok := m.lookup(e.Traversal); ok && depth < maxEvalDepth {
			return m.text(d.src, d.expr, depth+1)
		}
	}
	return rawText(src, e.Range())
}

// rawText is the source text of a range, at most maxImageText bytes of it.
func rawText(src *source.Source, r hcl.Range) string {
	s, e := min(max(r.Start.Byte, 0), len(src.Data)), min(max(r.End.Byte, 0), len(src.Data))
	if e < s {
		e = s
	}
	if e-s > maxImageText {
		e = s + maxImageText
	}
	return string(src.Data[s:e])
}

// ReadTemplateFile reads a buildspec that a project renders with templatefile()
// (Project.BuildSpecTemplate): its text with each ${...} a placeholder of the same length (so
// that findings elsewhere keep their lines and columns, and findings on a placeholder, a value
// that Terraform fills in, are dropped by the linter), to lint as lint.Input.Embed in place of
// the file. ok is false when the template cannot be linted so (a syntax error, %{ } directives,
// an interpolation that starts a line): then lint the file as it is.
func ReadTemplateFile(src *source.Source) (*buildspec.Embedded, bool) {
	if _, ok := shallow(src.Data); !ok {
		return nil, false
	}
	e, diags := hclsyntax.ParseTemplate(src.Data, src.Path, hcl.InitialPos)
	t, ok := e.(*hclsyntax.TemplateExpr)
	if diags.HasErrors() || !ok {
		return nil, false
	}
	return embedTemplate(src, t, 0, len(src.Data), 0)
}
