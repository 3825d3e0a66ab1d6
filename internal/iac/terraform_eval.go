package iac

import (
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

var ctyString = cty.String

// str evaluates e (written in src) to a string when a literal is reachable: a string, number or
// bool literal; a template whose parts all are; var.NAME with a default, local.NAME;
// path.module, path.root and path.cwd (as "."); trimspace, lower and upper of one. Anything
// that needs state (a resource's attribute, a data source, a function of the file system) is
// not. The work is bounded by maxEvalSteps, maxEvalDepth and maxValueLen.
func (m *module) str(src *source.Source, e hclsyntax.Expression) (string, bool) {
	return m.eval(src, e, 0)
}

func (m *module) eval(src *source.Source, e hclsyntax.Expression, depth int) (string, bool) {
	m.steps++
	if m.steps > maxEvalSteps || depth > maxEvalDepth || e == nil {
		return "", false
	}
	switch e := e.(type) {
	case *hclsyntax.LiteralValueExpr:
		return literal(e.Val)
	case *hclsyntax.TemplateWrapExpr:
		return m.eval(src, e.Wrapped, depth+1)
	case *hclsyntax.ParenthesesExpr:
		return m.eval(src, e.Expression, depth+1)
	case *hclsyntax.TemplateExpr:
		var b strings.Builder
		for _, part := range e.Parts {
			v, ok := m.eval(src, part, depth+1)
			if !ok || b.Len()+len(v) > maxValueLen {
				return "", false
			}
			b.WriteString(v)
		}
		return b.String(), true
	case *hclsyntax.ScopeTraversalExpr:
		if len(e.Traversal) == 2 {
			if root, ok := e.Traversal[0].(hcl.TraverseRoot); ok && root.Name == "path" {
				if attr, ok := e.Traversal[1].(hcl.TraverseAttr); ok {
					switch attr.Name {
					case "module", "root", "cwd":
						return ".", true
					}
				}
				return "", false
			}
		}
		if d, ok := m.lookup(e.Traversal); ok {
			return m.eval(d.src, d.expr, depth+1)
		}
	case *hclsyntax.FunctionCallExpr:
		if len(e.Args) != 1 || e.ExpandFinal {
			return "", false
		}
		var f func(string) string
		switch e.Name {
		case "trimspace":
			f = strings.TrimSpace
		case "lower":
			f = strings.ToLower
		case "upper":
			f = strings.ToUpper
		default:
			return "", false
		}
		if v, ok := m.eval(src, e.Args[0], depth+1); ok {
			return f(v), true
		}
	}
	return "", false
}

// literal returns a known string, number or bool value as Terraform writes it in a string.
func literal(v cty.Value) (string, bool) {
	if v.IsNull() || !v.IsKnown() {
		return "", false
	}
	switch v.Type() {
	case cty.String:
		return v.AsString(), true
	case cty.Bool:
		if v.True() {
			return "true", true
		}
		return "false", true
	case cty.Number:
		return v.AsBigFloat().Text('f', -1), true
	}
	return "", false
}
