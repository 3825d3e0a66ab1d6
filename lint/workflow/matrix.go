package workflow

import (
	"regexp"
	"sort"
	"strings"

	"github.com/rhysd/actionlint"

	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// MaxEnvs bounds the environments of one job: a matrix of many values that all change the runner
// is linted for the first MaxEnvs of them (real matrices name a handful of runners). Each
// environment runs the rules over the job's commands again.
const MaxEnvs = 16

// matrixRef finds the matrix values an expression names: ${{ matrix.os }}, ${{ matrix.cfg.os }}.
var matrixRef = regexp.MustCompile(`\$\{\{\s*matrix\.([A-Za-z_][A-Za-z0-9_-]*)((?:\.[A-Za-z_][A-Za-z0-9_-]*)*)\s*\}\}`)

// envs returns the environments of a job: its runs-on labels and container once per distinct
// combination of the matrix values they name.
func envs(src *source.Source, j *actionlint.Job) []*Env {
	var labels []*actionlint.String
	var labelsExpr *actionlint.String
	if j.RunsOn != nil {
		labels, labelsExpr = j.RunsOn.Labels, j.RunsOn.LabelsExpr
	}
	var container *actionlint.String
	if j.Container != nil {
		container = j.Container.Image
	}
	at := stringRange(src, j.ID)
	switch {
	case labelsExpr != nil:
		at = stringRange(src, labelsExpr)
	case len(labels) > 0:
		at = stringRange(src, labels[0])
		if last := stringRange(src, labels[len(labels)-1]); last.IsValid() {
			at.End = last.End
		}
	}
	// The matrix values the environment depends on.
	var texts []string
	for _, l := range labels {
		if l != nil {
			texts = append(texts, l.Value)
		}
	}
	if labelsExpr != nil {
		texts = append(texts, labelsExpr.Value)
	}
	if container != nil {
		texts = append(texts, container.Value)
	}
	keys := map[string]bool{}
	for _, t := range texts {
		for _, m := range matrixRef.FindAllStringSubmatch(t, -1) {
			keys[strings.ToLower(m[1])] = true
		}
	}
	var m *actionlint.Matrix
	if j.Strategy != nil {
		m = j.Strategy.Matrix
	}
	combos := combinations(m, keys)
	var out []*Env
	seen := map[string]bool{}
	for _, c := range combos {
		e := &Env{At: at, Vars: map[string]string{}}
		for k, v := range c {
			flatten(e.Vars, "matrix."+k, v, 0)
		}
		if labelsExpr != nil {
			e.Labels = exprLabels(labelsExpr.Value, c)
		} else if labels != nil {
			for _, l := range labels {
				if l != nil {
					e.Labels = append(e.Labels, substitute(l.Value, c))
				}
			}
		}
		if container != nil {
			e.Container = substitute(container.Value, c)
		}
		e.Matrix = describe(c)
		key := strings.Join(e.Labels, "\x00") + "\x01" + e.Container
		if seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, e)
		if len(out) == MaxEnvs {
			break
		}
	}
	if len(out) == 1 {
		out[0].Matrix = "" // the matrix does not change the environment
	}
	return out
}

// combination is one assignment of matrix values: name -> string, []any or map[string]any.
type combination map[string]any

// combinations returns the distinct combinations of the matrix values named by keys (lower
// case): the product of their rows, and the include: entries that assign them. A job without a
// matrix, or whose environment names no matrix value, has one empty combination.
func combinations(m *actionlint.Matrix, keys map[string]bool) []combination {
	if m == nil || len(keys) == 0 || m.Expression != nil {
		return []combination{{}}
	}
	names := make([]string, 0, len(keys))
	for k := range keys {
		names = append(names, k)
	}
	sort.Strings(names)
	// The product of the rows of the named keys.
	out := []combination{{}}
	for _, k := range names {
		row := m.Rows[k]
		if row == nil || row.Expression != nil || len(row.Values) == 0 {
			continue
		}
		out = product(out, k, row.Values)
	}
	hasRows := len(out) > 1 || len(out[0]) > 0
	excluded := func(c combination) bool {
		if m.Exclude == nil {
			return false
		}
	entries:
		for _, ex := range m.Exclude.Combinations {
			if ex == nil || len(ex.Assigns) == 0 {
				continue
			}
			for k, a := range ex.Assigns {
				if !keys[k] {
					continue entries // it excludes only some of this environment's jobs
				}
				if v, ok := c[k]; !ok || !sameValue(v, raw(a.Value)) {
					continue entries
				}
			}
			return true
		}
		return false
	}
	kept := out[:0]
	for _, c := range out {
		if !excluded(c) {
			kept = append(kept, c)
		}
	}
	out = kept
	if !hasRows {
		out = nil // the include: entries are the combinations
	}
	if m.Include != nil {
		for _, inc := range m.Include.Combinations {
			if inc == nil {
				continue
			}
			n := combination{}
			for k, a := range inc.Assigns {
				if keys[k] && a != nil {
					n[k] = raw(a.Value)
				}
			}
			if len(n) == 0 {
				continue
			}
			if hasRows && matchesSome(out, n) {
				continue // it adds values to combinations that are there already
			}
			// An entry that names only some of the keys takes the rows' values for the others.
			grown := []combination{n}
			for _, k := range names {
				if _, ok := n[k]; ok {
					continue
				}
				row := m.Rows[k]
				if row == nil || row.Expression != nil {
					continue
				}
				grown = product(grown, k, row.Values)
			}
			out = append(out, grown...)
			if len(out) > 4*MaxEnvs {
				break
			}
		}
	}
	if len(out) == 0 {
		return []combination{{}}
	}
	return out
}

// flatten adds the string values of v to vars under name: name itself for a string, name.prop
// for the properties of an object value (matrix.cfg.os).
func flatten(vars map[string]string, name string, v any, depth int) {
	switch v := v.(type) {
	case string:
		vars[name] = v
	case map[string]any:
		if depth < 8 {
			for k, pv := range v {
				flatten(vars, name+"."+k, pv, depth+1)
			}
		}
	}
}

// product returns each combination of cs with each value of the row named k, up to a bound of
// 4*MaxEnvs combinations in all.
func product(cs []combination, k string, values []actionlint.RawYAMLValue) []combination {
	var next []combination
	for _, c := range cs {
		for _, v := range values {
			n := make(combination, len(c)+1)
			for kk, vv := range c {
				n[kk] = vv
			}
			n[k] = raw(v)
			next = append(next, n)
			if len(next) > 4*MaxEnvs {
				return next
			}
		}
	}
	return next
}

// matchesSome reports whether some combination of cs has every value of n.
func matchesSome(cs []combination, n combination) bool {
	for _, c := range cs {
		all := true
		for k, v := range n {
			if cv, ok := c[k]; !ok || !sameValue(cv, v) {
				all = false
				break
			}
		}
		if all {
			return true
		}
	}
	return false
}

func sameValue(a, b any) bool {
	as, aok := a.(string)
	bs, bok := b.(string)
	if aok && bok {
		return as == bs
	}
	return false
}

// raw converts a matrix value to a string, a []any or a map[string]any.
func raw(v actionlint.RawYAMLValue) any {
	switch v := v.(type) {
	case *actionlint.RawYAMLString:
		return v.Value
	case *actionlint.RawYAMLArray:
		out := make([]any, 0, len(v.Elems))
		for _, e := range v.Elems {
			out = append(out, raw(e))
		}
		return out
	case *actionlint.RawYAMLObject:
		out := make(map[string]any, len(v.Props))
		for k, e := range v.Props {
			out[strings.ToLower(k)] = raw(e)
		}
		return out
	}
	return nil
}

// lookup returns the value of matrix.NAME.PATH in c, or nil.
func lookup(c combination, name, path string) any {
	v, ok := c[strings.ToLower(name)]
	if !ok {
		return nil
	}
	for _, p := range strings.Split(strings.TrimPrefix(path, "."), ".") {
		if p == "" {
			continue
		}
		obj, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = obj[strings.ToLower(p)]
	}
	return v
}

// substitute replaces each ${{ matrix... }} of s whose value is a string in c; the rest of s is
// kept as written.
func substitute(s string, c combination) string {
	return matrixRef.ReplaceAllStringFunc(s, func(ref string) string {
		m := matrixRef.FindStringSubmatch(ref)
		if v, ok := lookup(c, m[1], m[2]).(string); ok {
			return v
		}
		return ref
	})
}

// exprLabels returns the labels of a runs-on that is one expression: the matrix value it names
// (a string, or a list of strings), or nil when it is anything else.
func exprLabels(expr string, c combination) []string {
	m := matrixRef.FindStringSubmatch(strings.TrimSpace(expr))
	if m == nil || m[0] != strings.TrimSpace(expr) {
		return nil
	}
	switch v := lookup(c, m[1], m[2]).(type) {
	case string:
		return []string{v}
	case []any:
		var out []string
		for _, e := range v {
			s, ok := e.(string)
			if !ok {
				return nil
			}
			out = append(out, s)
		}
		return out
	}
	return nil
}

// describe says which matrix values a combination holds: "matrix.os = ubuntu-22.04".
func describe(c combination) string {
	names := make([]string, 0, len(c))
	for k := range c {
		names = append(names, k)
	}
	sort.Strings(names)
	var parts []string
	for _, k := range names {
		switch v := c[k].(type) {
		case string:
			parts = append(parts, "matrix."+k+" = "+v)
		case map[string]any:
			// An object is named by its name, id, os or runner property when it has one
			// (include: entries often carry a name for the job's title); else by its first
			// properties, since messages quote it.
			named := false
			for _, p := range []string{"name", "id", "os", "runner", "image"} {
				if pv, ok := v[p].(string); ok {
					parts = append(parts, "matrix."+k+"."+p+" = "+pv)
					named = true
					break
				}
			}
			if named {
				continue
			}
			var props []string
			for p, pv := range v {
				if s, ok := pv.(string); ok {
					props = append(props, p+": "+s)
				}
			}
			sort.Strings(props)
			if len(props) > 3 {
				props = append(props[:3], "...")
			}
			parts = append(parts, "matrix."+k+" = {"+strings.Join(props, ", ")+"}")
		case []any:
			var items []string
			for _, e := range v {
				if s, ok := e.(string); ok {
					items = append(items, s)
				}
			}
			parts = append(parts, "matrix."+k+" = ["+strings.Join(items, ", ")+"]")
		}
	}
	return strings.Join(parts, ", ")
}
