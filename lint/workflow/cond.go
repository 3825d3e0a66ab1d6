package workflow

import (
	"math"
	"strconv"
	"strings"

	"github.com/rhysd/actionlint"
)

// MaxCondition bounds the length of an if: condition that Decide evaluates: the expression
// parser recurses once per nesting level, and real conditions are a line or two. A longer one
// is unknown.
const MaxCondition = 4096

// Decide evaluates an if: condition with the values known in one environment (vars:
// "runner.os" -> "Linux", "matrix.os" -> "ubuntu-22.04", "matrix.cfg.os" -> "macos-14"; names
// are case-insensitive). known is false when the condition depends on anything else (an event,
// a secret, an output, a status function): the step may run.
//
// Conditions are GitHub expressions, with or without ${{ }} around them, evaluated as GitHub
// documents (https://docs.github.com/en/actions/reference/evaluate-expressions-in-workflows-and-actions):
// string comparisons ignore case, values of different types compare as numbers, && and ||
// yield one of their operands. A condition without a status function is success() && the
// condition; the linter reads a job's steps as a run in which the steps before succeeded, so
// that implicit success() holds and the empty condition is true. A status function written in
// the condition is unknown (success(), failure(), cancelled()) except always(), which is true.
// A condition that is not a valid expression is unknown.
func Decide(cond string, vars map[string]string) (value, known bool) {
	defer func() {
		// The parser is not ours: whatever it does with a hostile condition, the answer is
		// "unknown", never a crash.
		if recover() != nil {
			value, known = false, false
		}
	}()
	cond = strings.TrimSpace(cond)
	if cond == "" {
		return true, true
	}
	if len(cond) > MaxCondition {
		return false, false
	}
	var src string
	if rest, ok := strings.CutPrefix(cond, "${{"); ok {
		src = rest // the lexer ends the expression at its }}
	} else if strings.Contains(cond, "${{") {
		return false, false // a template: the text around the expression makes it a string
	} else {
		src = cond + "}}"
	}
	lex := actionlint.NewExprLexer(src)
	node, err := actionlint.NewExprParser().Parse(lex)
	if err != nil || node == nil {
		return false, false
	}
	if strings.TrimSpace(src[min(lex.Offset(), len(src)):]) != "" {
		return false, false // text after the expression's }}: a string template
	}
	e := &evaluator{vars: vars}
	v := e.eval(node, 0)
	return v.truthy()
}

// maxDepth bounds the evaluator's recursion: no tree of a condition of MaxCondition bytes is deeper.
const maxDepth = MaxCondition

// kind is the type of a value of an expression.
type kind int

const (
	kindUnknown kind = iota
	kindNull
	kindBool
	kindNumber
	kindString
)

// value is a value of an expression, or an unknown one whose truthiness may be known (false &&
// anything is falsy whatever the anything is).
type value struct {
	kind kind
	b    bool
	n    float64
	s    string
	// truth is the truthiness of an unknown value: 0 unknown, 1 true, -1 false.
	truth int
}

var unknown = value{}

func boolean(b bool) value { return value{kind: kindBool, b: b} }

// truthy returns the value's truthiness, and whether it is known.
func (v value) truthy() (bool, bool) {
	switch v.kind {
	case kindUnknown:
		return v.truth > 0, v.truth != 0
	case kindNull:
		return false, true
	case kindBool:
		return v.b, true
	case kindNumber:
		return v.n != 0 && !math.IsNaN(v.n), true
	case kindString:
		return v.s != "", true
	}
	return false, false
}

// number converts a value to a number as GitHub does: null 0, true 1, a string its number (an
// empty one 0, one that is not a number NaN).
func (v value) number() float64 {
	switch v.kind {
	case kindNull:
		return 0
	case kindBool:
		if v.b {
			return 1
		}
		return 0
	case kindNumber:
		return v.n
	case kindString:
		s := strings.TrimSpace(v.s)
		if s == "" {
			return 0
		}
		if h, ok := strings.CutPrefix(s, "0x"); ok {
			if n, err := strconv.ParseInt(h, 16, 64); err == nil {
				return float64(n)
			}
			return math.NaN()
		}
		if n, err := strconv.ParseFloat(s, 64); err == nil && !strings.ContainsAny(s, "_xXpP") && !strings.EqualFold(s, "inf") && !strings.EqualFold(s, "infinity") && !strings.EqualFold(s, "nan") {
			return n
		}
	}
	return math.NaN()
}

// str converts a known value to a string as GitHub does; false for an unknown one.
func (v value) str() (string, bool) {
	switch v.kind {
	case kindNull:
		return "", true
	case kindBool:
		if v.b {
			return "true", true
		}
		return "false", true
	case kindNumber:
		if v.n == math.Trunc(v.n) && math.Abs(v.n) < 1e15 {
			return strconv.FormatFloat(v.n, 'f', -1, 64), true
		}
		return strconv.FormatFloat(v.n, 'g', -1, 64), true
	case kindString:
		return v.s, true
	}
	return "", false
}

type evaluator struct {
	vars map[string]string
}

func (e *evaluator) lookup(name string) value {
	for k, v := range e.vars {
		if strings.EqualFold(k, name) {
			return value{kind: kindString, s: v}
		}
	}
	return unknown
}

// path returns the dotted name a property access reads ("matrix.cfg.os"), or "".
func path(n actionlint.ExprNode, depth int) string {
	if depth > maxDepth {
		return ""
	}
	switch n := n.(type) {
	case *actionlint.VariableNode:
		return n.Name
	case *actionlint.ObjectDerefNode:
		if p := path(n.Receiver, depth+1); p != "" {
			return p + "." + strings.ToLower(n.Property)
		}
	case actionlint.ObjectDerefNode:
		if p := path(n.Receiver, depth+1); p != "" {
			return p + "." + strings.ToLower(n.Property)
		}
	case *actionlint.IndexAccessNode:
		if idx, ok := n.Index.(*actionlint.StringNode); ok && !strings.Contains(idx.Value, ".") {
			if p := path(n.Operand, depth+1); p != "" {
				return p + "." + strings.ToLower(idx.Value)
			}
		}
	}
	return ""
}

func (e *evaluator) eval(n actionlint.ExprNode, depth int) value {
	if n == nil || depth > maxDepth {
		return unknown
	}
	switch n := n.(type) {
	case *actionlint.NullNode:
		return value{kind: kindNull}
	case *actionlint.BoolNode:
		return boolean(n.Value)
	case *actionlint.IntNode:
		return value{kind: kindNumber, n: float64(n.Value)}
	case *actionlint.FloatNode:
		return value{kind: kindNumber, n: n.Value}
	case *actionlint.StringNode:
		return value{kind: kindString, s: n.Value}
	case *actionlint.VariableNode, *actionlint.ObjectDerefNode, actionlint.ObjectDerefNode, *actionlint.IndexAccessNode:
		if p := path(n, depth); p != "" {
			return e.lookup(p)
		}
		return unknown
	case *actionlint.NotOpNode:
		b, ok := e.eval(n.Operand, depth+1).truthy()
		if !ok {
			return unknown
		}
		return boolean(!b)
	case *actionlint.LogicalOpNode:
		return e.logical(n, depth)
	case *actionlint.CompareOpNode:
		return compare(n.Kind, e.eval(n.Left, depth+1), e.eval(n.Right, depth+1))
	case *actionlint.FuncCallNode:
		return e.call(n, depth)
	}
	return unknown
}

// logical evaluates && and ||, which yield one of their operands.
func (e *evaluator) logical(n *actionlint.LogicalOpNode, depth int) value {
	l := e.eval(n.Left, depth+1)
	lt, lok := l.truthy()
	and := n.Kind == actionlint.LogicalOpNodeKindAnd
	if n.Kind != actionlint.LogicalOpNodeKindAnd && n.Kind != actionlint.LogicalOpNodeKindOr {
		return unknown
	}
	if lok && lt != and {
		return l // false && x is false, true || x is true
	}
	r := e.eval(n.Right, depth+1)
	if lok {
		return r
	}
	// The left operand is unknown: the truthiness is known only when the right one decides it.
	rt, rok := r.truthy()
	if rok && rt != and {
		if rt {
			return value{truth: 1}
		}
		return value{truth: -1}
	}
	return unknown
}

// compare evaluates a comparison as GitHub does: strings ignore case, values of different
// types compare as numbers, NaN compares false.
func compare(op actionlint.CompareOpNodeKind, l, r value) value {
	if l.kind == kindUnknown || r.kind == kindUnknown {
		return unknown
	}
	var c int // -1, 0, 1; 2 when unordered (NaN)
	switch {
	case l.kind == kindString && r.kind == kindString:
		c = strings.Compare(strings.ToUpper(l.s), strings.ToUpper(r.s))
	case l.kind == kindNull && r.kind == kindNull:
		c = 0
	default:
		a, b := l.number(), r.number()
		switch {
		case math.IsNaN(a) || math.IsNaN(b):
			c = 2
		case a < b:
			c = -1
		case a > b:
			c = 1
		}
	}
	switch op {
	case actionlint.CompareOpNodeKindEq:
		return boolean(c == 0)
	case actionlint.CompareOpNodeKindNotEq:
		return boolean(c != 0)
	case actionlint.CompareOpNodeKindLess:
		return boolean(c == -1)
	case actionlint.CompareOpNodeKindLessEq:
		return boolean(c == -1 || c == 0)
	case actionlint.CompareOpNodeKindGreater:
		return boolean(c == 1)
	case actionlint.CompareOpNodeKindGreaterEq:
		return boolean(c == 1 || c == 0)
	}
	return unknown
}

// call evaluates the functions whose result the known values decide.
func (e *evaluator) call(n *actionlint.FuncCallNode, depth int) value {
	name := strings.ToLower(n.Callee)
	switch name {
	case "always":
		if len(n.Args) == 0 {
			return boolean(true)
		}
		return unknown
	case "success", "failure", "cancelled":
		return unknown // the outcome of the steps (or jobs) before
	case "startswith", "endswith", "contains":
		if len(n.Args) != 2 {
			return unknown
		}
		a, b := e.eval(n.Args[0], depth+1), e.eval(n.Args[1], depth+1)
		as, aok := a.str()
		bs, bok := b.str()
		if a.kind == kindUnknown || b.kind == kindUnknown || !aok || !bok {
			return unknown // an array's contains needs the array
		}
		as, bs = strings.ToUpper(as), strings.ToUpper(bs)
		switch name {
		case "startswith":
			return boolean(strings.HasPrefix(as, bs))
		case "endswith":
			return boolean(strings.HasSuffix(as, bs))
		}
		return boolean(strings.Contains(as, bs))
	case "format":
		if len(n.Args) == 0 {
			return unknown
		}
		args := make([]string, len(n.Args))
		for i, a := range n.Args {
			v := e.eval(a, depth+1)
			s, ok := v.str()
			if v.kind == kindUnknown || !ok {
				return unknown
			}
			args[i] = s
		}
		s, ok := format(args[0], args[1:])
		if !ok {
			return unknown
		}
		return value{kind: kindString, s: s}
	}
	return unknown
}

// format replaces {N} in f with args[N], and {{ and }} with { and }; false when f is not a valid
// format string (GitHub fails the expression then).
func format(f string, args []string) (string, bool) {
	var b strings.Builder
	for i := 0; i < len(f); i++ {
		c := f[i]
		switch {
		case c == '{' && i+1 < len(f) && f[i+1] == '{':
			b.WriteByte('{')
			i++
		case c == '}' && i+1 < len(f) && f[i+1] == '}':
			b.WriteByte('}')
			i++
		case c == '{':
			end := strings.IndexByte(f[i:], '}')
			if end < 0 {
				return "", false
			}
			k, err := strconv.Atoi(f[i+1 : i+end])
			if err != nil || k < 0 || k >= len(args) || strings.ContainsAny(f[i+1:i+end], "+- ") {
				return "", false
			}
			b.WriteString(args[k])
			i += end
		case c == '}':
			return "", false
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), true
}
