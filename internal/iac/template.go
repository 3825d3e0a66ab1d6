package iac

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
	"github.com/buildspec-lint/buildspec-lint/lint/image"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// The resource types and the transform read. AWS::CodeBuild::Project's properties:
// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-codebuild-project.html
const (
	projectType         = "AWS::CodeBuild::Project"
	repositoryType      = "AWS::ECR::Repository"
	serverlessTransform = "AWS::Serverless-2016-10-31"
)

// maxResolveDepth bounds how many references (a !Ref to a parameter, a !Join of !FindInMap...)
// are followed to reach a literal.
const maxResolveDepth = 8

// readTemplate reads a CloudFormation, SAM or CDK template: YAML (short-form tags such as !Sub
// and !Ref are read as the intrinsic functions they stand for) or JSON, which YAML reads too.
func readTemplate(src *source.Source) *File {
	f := &File{}
	if n := valuesBound(src.Data); n > buildspec.MaxYAMLValues {
		f.Problems = append(f.Problems, Problem{Range: src.Range(0, 0),
			Message: fmt.Sprintf("the template holds more than %d YAML values (CloudFormation accepts templates of at most 1 MB): it is not read; split it into nested stacks", buildspec.MaxYAMLValues)})
		return f
	}
	root, err := decodeTemplate(src)
	if err != nil {
		if looksTemplate(src.Data) {
			f.Problems = append(f.Problems, syntaxProblem(src, err))
		}
		return f
	}
	if root == nil {
		return f
	}
	t := &template{src: src, file: f, lim: buildspec.DefaultLimits}
	t.read(root)
	return f
}

// valuesBound is an upper bound of the YAML values (nodes) that data holds: every value but a
// document's root is introduced by an indicator (`:`, `-`, `,`, `[`, `{`, `?`) or a line
// break, which introduces at most two. It is counted only for files large enough to pass the
// bound.
func valuesBound(data []byte) int {
	if 3*len(data) <= buildspec.MaxYAMLValues {
		return 0
	}
	n := 1
	for _, c := range data {
		switch c {
		case ':', '-', ',', '[', '{', '?', '\n':
			n += 2
		}
	}
	return n
}

// decodeTemplate decodes the file's first YAML document (nil for an empty file). Valid JSON
// that YAML does not read (tab indentation, `\/`, surrogate pairs) is read as JSON.
func decodeTemplate(src *source.Source) (root *yaml.Node, err error) {
	root, err = decodeFirst(src.Data)
	if err != nil && looksJSON(src.Data) && json.Valid(src.Data) {
		if r, e := decodeJSON(src); e == nil {
			return r, nil
		}
	}
	return root, err
}

// decodeFirst decodes the first YAML document of data (nil, nil for none).
func decodeFirst(data []byte) (root *yaml.Node, err error) {
	defer func() {
		if r := recover(); r != nil { // the YAML library must never take the linter down
			root, err = nil, fmt.Errorf("yaml: YAML parser failed: %v", r)
		}
	}()
	var n yaml.Node
	if e := yaml.NewDecoder(bytes.NewReader(data)).Decode(&n); e != nil {
		if errors.Is(e, io.EOF) {
			return nil, nil
		}
		return nil, e
	}
	return &n, nil
}

// looksTemplate reports whether a file that cannot be decoded is a template: it has a
// Resources section or names the template format version. Another YAML file that only mentions
// the resource type (a buildspec that deploys one) is not reported here: its own linting
// reports its syntax.
func looksTemplate(data []byte) bool {
	return bytes.Contains(data, []byte("AWSTemplateFormatVersion")) || bytes.Contains(data, []byte(`"Resources"`)) ||
		bytes.HasPrefix(bytes.TrimPrefix(data, []byte("\ufeff")), []byte("Resources:")) || bytes.Contains(data, []byte("\nResources:"))
}

// looksJSON reports whether the file starts, after blanks and a byte order mark, with `{`.
func looksJSON(data []byte) bool {
	t := bytes.TrimPrefix(data, []byte("\ufeff"))
	t = bytes.TrimLeft(t, " \t\r\n")
	return len(t) > 0 && t[0] == '{'
}

// syntaxProblem places a decode error: a JSON template at the byte encoding/json names, a YAML
// one on the first line whose inclusion breaks the file (yaml names the line where the enclosing
// block started).
func syntaxProblem(src *source.Source, err error) Problem {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if i := strings.Index(rest, ": "); i > 0 {
			if n, e := strconv.Atoi(rest[:i]); e == nil {
				line, msg = n, rest[i+2:]
			}
		}
	}
	if looksJSON(src.Data) {
		var raw json.RawMessage
		var se *json.SyntaxError
		if e := json.Unmarshal(src.Data, &raw); errors.As(e, &se) {
			off := min(max(int(se.Offset)-1, 0), len(src.Data))
			return Problem{Range: src.Range(off, min(off+1, len(src.Data))),
				Message: "template is not valid JSON: " + se.Error() + "; fix it so that its CodeBuild projects can be read"}
		}
	}
	if len(src.Data) <= maxLocate {
		line = locateLine(src, line, msg)
	}
	rng := src.Range(0, 0)
	if line > 0 && line <= src.Lines() {
		s, e := src.LineStart(line), src.LineEnd(line)
		text := src.Data[s:e]
		ind := len(text) - len(bytes.TrimLeft(text, " \t"))
		rng = src.Range(s+ind, s+len(bytes.TrimRight(text, " \t")))
	}
	return Problem{Range: rng, Message: "template is not valid YAML: " + msg + "; fix it so that its CodeBuild projects can be read"}
}

// maxLocate bounds the size of a file whose syntax error is searched line by line (each step
// decodes the file up to a line); in a larger one it is on the line yaml names.
const maxLocate = 1 << 20

// locateLine returns the first line at or after line such that the file up to and including it
// fails to decode with the same message, by bisection (log2(lines) decodes); line when none does.
func locateLine(src *source.Source, line int, msg string) int {
	return src.FirstBreakingLine(line, func(prefix []byte) bool {
		_, err := decodeFirst(prefix)
		return err != nil && strings.HasSuffix(err.Error(), msg)
	})
}

// template reads one decoded template.
type template struct {
	src  *source.Source
	file *File
	lim  buildspec.Limits
	// nodes counts the values reached through aliases and merge keys (against lim.MaxNodes);
	// over records that the count went over, reported once.
	nodes int
	over  bool
	// params are the parameters' Default values, mappings the Mappings section, resources the
	// resources by logical ID.
	params    map[string]*yaml.Node
	mappings  *yaml.Node
	resources map[string]*yaml.Node
}

func (t *template) read(doc *yaml.Node) {
	top := t.resolve(doc)
	if top != nil && top.Kind == yaml.DocumentNode && len(top.Content) > 0 {
		top = t.resolve(top.Content[0])
	}
	if top == nil || top.Kind != yaml.MappingNode {
		return
	}
	kind := CloudFormation
	if isCDK(t.src.Path) {
		kind = CDK
	} else if tr := t.get(top, "Transform"); tr != nil && t.mentions(tr, serverlessTransform) {
		kind = SAM
	}
	t.params = map[string]*yaml.Node{}
	if ps := t.get(top, "Parameters"); ps != nil && ps.Kind == yaml.MappingNode {
		for _, p := range t.pairs(ps) {
			if pv := t.resolve(p.val); pv != nil && pv.Kind == yaml.MappingNode {
				if d := t.get(pv, "Default"); d != nil {
					t.params[p.key.Value] = d
				}
			}
		}
	}
	t.mappings = t.get(top, "Mappings")
	rs := t.get(top, "Resources")
	if rs == nil || rs.Kind != yaml.MappingNode {
		return
	}
	t.resources = map[string]*yaml.Node{}
	var projects []pair
	for _, r := range t.pairs(rs) {
		rv := t.resolve(r.val)
		if rv == nil || rv.Kind != yaml.MappingNode {
			continue
		}
		t.resources[r.key.Value] = rv
		if typ, known := t.str(t.get(rv, "Type"), 0); known && typ == projectType {
			projects = append(projects, pair{r.key, rv})
		}
	}
	for _, pr := range projects {
		t.file.Projects = append(t.file.Projects, t.project(pr.key, pr.val, kind))
	}
}

// isCDK reports whether path is a template that CDK synthesized: *.template.json under a
// cdk.out directory.
func isCDK(path string) bool {
	p := filepath.ToSlash(path)
	if !strings.HasSuffix(p, ".template.json") {
		return false
	}
	return strings.HasPrefix(p, "cdk.out/") || strings.Contains(p, "/cdk.out/")
}

// mentions reports whether n is the string s or a list that holds it (Transform).
func (t *template) mentions(n *yaml.Node, s string) bool {
	if v, ok := t.str(n, 0); ok {
		return v == s
	}
	if n = t.resolve(n); n != nil && n.Kind == yaml.SequenceNode {
		for _, it := range n.Content {
			if v, ok := t.str(it, 0); ok && v == s {
				return true
			}
		}
	}
	return false
}

// project reads one AWS::CodeBuild::Project resource.
func (t *template) project(key, res *yaml.Node, kind Kind) *Project {
	p := &Project{Name: key.Value, Kind: kind, Source: t.src, At: t.rangeOf(key)}
	p.Privileged, p.PrivilegedAt = image.PrivilegedOff, p.At
	propsKey, props := t.lookup(res, "Properties")
	if props == nil || props.Kind != yaml.MappingNode {
		if propsKey != nil {
			p.PrivilegedAt = t.rangeOf(propsKey)
		}
		return p
	}
	p.PrivilegedAt = t.rangeOf(propsKey)
	if _, v := t.lookup(props, "Name"); v != nil && v.Tag != "!!null" {
		p.ProjectNameAt = t.rangeOf(v)
		if s, known := t.str(v, 0); known {
			p.ProjectName = strings.TrimSpace(s)
		}
	}
	t.environment(p, props)
	if src := t.get(props, "Source"); src != nil && src.Kind == yaml.MappingNode {
		// Only the primary source's buildspec is run: a secondary source's BuildSpec is
		// ignored by CodeBuild unless the build is started with it as primary.
		if k, v := t.lookup(src, "BuildSpec"); k != nil {
			t.buildSpec(p, v)
		}
	}
	return p
}

// environment reads the project's Environment.
func (t *template) environment(p *Project, props *yaml.Node) {
	envKey, env := t.lookup(props, "Environment")
	if envKey == nil {
		return
	}
	p.PrivilegedAt = t.rangeOf(envKey)
	if env == nil || env.Kind != yaml.MappingNode {
		// built by a function (!If): nothing in it is known
		p.Privileged = image.PrivilegedUnknown
		if env != nil {
			p.PrivilegedAt = t.rangeOf(env)
		}
		return
	}
	if _, v := t.lookup(env, "Image"); v != nil {
		p.Image, p.ImageKnown = t.str(v, 0)
		p.ImageAt = t.rangeOf(v)
	}
	if k, v := t.lookup(env, "PrivilegedMode"); k != nil {
		p.PrivilegedAt = t.span(k, v)
		s, known := t.str(v, 0)
		switch {
		case known && strings.EqualFold(s, "true"):
			p.Privileged = image.PrivilegedOn
		case known && strings.EqualFold(s, "false"):
			p.Privileged = image.PrivilegedOff
		default:
			p.Privileged = image.PrivilegedUnknown
		}
	}
	if _, v := t.lookup(env, "ComputeType"); v != nil {
		if s, known := t.str(v, 0); known {
			p.ComputeType = s
		}
		p.ComputeAt = t.rangeOf(v)
	}
	if _, v := t.lookup(env, "Type"); v != nil {
		if s, known := t.str(v, 0); known {
			p.EnvType = s
		}
	}
	// DockerServer: {ComputeType, SecurityGroupIds}; any value, even one a condition builds,
	// says the project may use the Docker server.
	if _, v := t.lookup(env, "DockerServer"); v != nil && v.Tag != "!!null" {
		p.DockerServer = true
	}
}

// buildSpec reads Source.BuildSpec: the buildspec itself (inline) or a path.
func (t *template) buildSpec(p *Project, v *yaml.Node) {
	if v == nil || v.Tag == "!!null" {
		return
	}
	p.BuildSpecAt = t.rangeOf(v)
	name, arg := t.intrinsic(v)
	var text *yaml.Node // the scalar the text is written in
	sub := false
	switch name {
	case "":
		if v.Kind != yaml.ScalarNode {
			what := "a mapping"
			if v.Kind == yaml.SequenceNode {
				what = "a list"
			}
			t.file.Problems = append(t.file.Problems, Problem{Range: p.BuildSpecAt,
				Message: fmt.Sprintf("BuildSpec of project %s is %s: CloudFormation wants a string; write the buildspec as a string (a | block) or the path of a buildspec file", p.Name, what)})
			return
		}
		text = v
	case "Ref":
		if arg.Kind == yaml.ScalarNode {
			if d := t.resolve(t.params[arg.Value]); d != nil && d.Kind == yaml.ScalarNode && d.Tag != "!!null" {
				text = d
				p.BuildSpecAt = t.rangeOf(d)
			}
		}
	case "Fn::Sub":
		sub = true
		if arg.Kind == yaml.ScalarNode {
			text = arg
		} else if arg.Kind == yaml.SequenceNode && len(arg.Content) > 0 {
			if s := t.resolve(arg.Content[0]); s != nil && s.Kind == yaml.ScalarNode {
				text = s
			}
		}
	}
	if text == nil {
		// built by a function (!Join, !If, ...): no literal to lint or to look for
		p.BuildSpecUnknown = true
		return
	}
	if strings.TrimSpace(text.Value) == "" {
		p.BuildSpecAt = source.Range{}
		return // CodeBuild reads buildspec.yml at the source root
	}
	if isInline(text.Value) {
		start, quote := t.contentStart(text)
		e, _ := buildspec.Embed(t.src, text.Value, start, quote)
		if sub {
			// CloudFormation substitutes ${AWS::Region}, ${Bucket.Arn}... before CodeBuild
			// reads the buildspec; the shell must not read them as broken parameter
			// expansions. Each becomes a name of the same length, so positions stay exact.
			e.Text = subPlaceholders(text.Value)
		}
		p.Inline = e
		p.BuildSpecAt = t.rangeOf(text)
		return
	}
	path := strings.TrimSpace(text.Value)
	if sub {
		var known bool
		path, known = t.substitute(path, subVars(t, arg), 0)
		if !known {
			p.BuildSpecUnknown = true
			return
		}
	}
	if strings.HasPrefix(path, "arn:") || strings.HasPrefix(path, "s3://") {
		// a buildspec in an S3 bucket: not in the repository
		p.BuildSpecUnknown = true
		return
	}
	p.BuildSpecPath = path
}

// isInline reports whether a BuildSpec string is the buildspec itself rather than a path: it
// spans lines, or it is a one-line YAML (or JSON) mapping with version or phases.
func isInline(s string) bool {
	if strings.Contains(strings.TrimRight(s, " \t\r\n"), "\n") {
		return true
	}
	if !strings.Contains(s, ":") {
		return false
	}
	var n yaml.Node
	if yaml.Unmarshal([]byte(s), &n) != nil || len(n.Content) == 0 || n.Content[0].Kind != yaml.MappingNode {
		return false
	}
	m := n.Content[0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		if k := m.Content[i].Value; k == "version" || k == "phases" {
			return true
		}
	}
	return false
}

// subPlaceholders replaces each ${X} of a !Sub text whose X is not a shell parameter name
// (${AWS::Region}, ${Bucket.Arn}) by a name of the same byte length (${AWS__Region},
// ${Bucket_Arn}). ${!Literal}, which CloudFormation writes as ${Literal}, and ${Name} stay.
func subPlaceholders(s string) string {
	b := []byte(s)
	for i := 0; i+1 < len(b); i++ {
		if b[i] != '$' || b[i+1] != '{' {
			continue
		}
		j := bytes.IndexByte(b[i+2:], '}')
		if j < 0 {
			break
		}
		name := b[i+2 : i+2+j]
		if len(name) > 0 && name[0] != '!' {
			for k, c := range name {
				if !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') || k == 0 && c >= '0' && c <= '9' {
					name[k] = '_'
				}
			}
		}
		i += 2 + j
	}
	return string(b)
}

// subVars returns the variable mapping of a !Sub [text, {vars}], or nil.
func subVars(t *template, arg *yaml.Node) *yaml.Node {
	if arg != nil && arg.Kind == yaml.SequenceNode && len(arg.Content) > 1 {
		if m := t.resolve(arg.Content[1]); m != nil && m.Kind == yaml.MappingNode {
			return m
		}
	}
	return nil
}

// intrinsic returns the intrinsic function n calls, "Ref", "Fn::Sub", "Condition"..., and its
// argument, or "" for a plain value. The short form (!Sub x) and the long one
// ({"Fn::Sub": x}) are the same.
func (t *template) intrinsic(n *yaml.Node) (string, *yaml.Node) {
	if n == nil {
		return "", nil
	}
	if strings.HasPrefix(n.Tag, "!") && !strings.HasPrefix(n.Tag, "!!") {
		name := n.Tag[1:]
		if name != "Ref" && name != "Condition" {
			name = "Fn::" + name
		}
		return name, n
	}
	if n.Kind == yaml.MappingNode && len(n.Content) == 2 && n.Content[0].Kind == yaml.ScalarNode {
		k := n.Content[0].Value
		if k == "Ref" || k == "Condition" || strings.HasPrefix(k, "Fn::") {
			if a := t.resolve(n.Content[1]); a != nil {
				return k, a
			}
		}
	}
	return "", nil
}

// str resolves a value to a string when a literal is reachable: a plain scalar, a !Ref to a
// parameter with a Default (or to an ECR repository with a literal name), a !Sub whose
// variables all resolve, a !Join of literals, a !FindInMap with literal keys. known is false
// otherwise; a !Sub's or a !Join's text is still returned, with what resolved substituted and
// the rest written as !Sub writes it (the image of an ECR repository of the template keeps its
// ${AWS::AccountId} and ${AWS::Region}).
func (t *template) str(n *yaml.Node, depth int) (s string, known bool) {
	n = t.resolve(n)
	if n == nil || depth > maxResolveDepth {
		return "", false
	}
	name, arg := t.intrinsic(n)
	switch name {
	case "":
		if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
			return "", false
		}
		return n.Value, true
	case "Ref":
		if arg.Kind == yaml.ScalarNode {
			return t.subVar(arg.Value, nil, depth)
		}
	case "Fn::Sub":
		text := arg
		if arg.Kind == yaml.SequenceNode && len(arg.Content) > 0 {
			text = t.resolve(arg.Content[0])
		}
		if text == nil || text.Kind != yaml.ScalarNode {
			return "", false
		}
		return t.substitute(text.Value, subVars(t, arg), depth+1)
	case "Fn::Join":
		if arg.Kind != yaml.SequenceNode || len(arg.Content) != 2 {
			return "", false
		}
		sep, ok := t.str(arg.Content[0], depth+1)
		parts := t.resolve(arg.Content[1])
		if !ok || parts == nil || parts.Kind != yaml.SequenceNode {
			return "", false
		}
		var out []string
		known := true
		for _, it := range parts.Content {
			s, ok := t.str(it, depth+1)
			if !ok {
				// what stays unresolved is written as !Sub writes it: ${AWS::Region}, ${Repo.Arn}
				if s == "" {
					if s, ok = t.refText(it); !ok {
						return "", false
					}
				}
				known = false
			}
			out = append(out, s)
		}
		return strings.Join(out, sep), known
	case "Fn::FindInMap":
		if arg.Kind != yaml.SequenceNode || len(arg.Content) < 3 || t.mappings == nil {
			return "", false
		}
		m := t.resolve(t.mappings)
		for _, k := range arg.Content[:3] {
			ks, ok := t.str(k, depth+1)
			if !ok || m == nil || m.Kind != yaml.MappingNode {
				return "", false
			}
			m = t.get(m, ks)
		}
		return t.str(m, depth+1)
	}
	return "", false
}

// refText writes a !Ref or !GetAtt as a !Sub variable: ${Name}, ${Name.Attribute}.
func (t *template) refText(n *yaml.Node) (string, bool) {
	name, arg := t.intrinsic(t.resolve(n))
	switch {
	case name == "Ref" && arg.Kind == yaml.ScalarNode:
		return "${" + arg.Value + "}", true
	case name == "Fn::GetAtt" && arg.Kind == yaml.ScalarNode:
		return "${" + arg.Value + "}", true
	case name == "Fn::GetAtt" && arg.Kind == yaml.SequenceNode && len(arg.Content) == 2:
		r, a := t.resolve(arg.Content[0]), t.resolve(arg.Content[1])
		if r != nil && a != nil && r.Kind == yaml.ScalarNode && a.Kind == yaml.ScalarNode {
			return "${" + r.Value + "." + a.Value + "}", true
		}
	}
	return "", false
}

// substitute replaces the ${X} of a !Sub text that resolve to literals: a variable of the
// !Sub, a parameter with a Default, an ECR repository with a literal RepositoryName (its !Ref).
// ${!X} is the literal ${X}. known is false when one stays (${AWS::Region}, ${X.Arn}).
func (t *template) substitute(s string, vars *yaml.Node, depth int) (string, bool) {
	var b strings.Builder
	known := true
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			b.WriteString(s)
			return b.String(), known
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			b.WriteString(s)
			return b.String(), known
		}
		b.WriteString(s[:i])
		name := s[i+2 : i+j]
		if strings.HasPrefix(name, "!") {
			b.WriteString("${" + name[1:] + "}")
		} else if v, ok := t.subVar(name, vars, depth); ok {
			b.WriteString(v)
		} else {
			b.WriteString(s[i : i+j+1])
			known = false
		}
		s = s[i+j+1:]
	}
}

// subVar resolves a !Sub variable or a !Ref: a variable of the !Sub, a parameter's Default, an
// ECR repository's literal RepositoryName.
func (t *template) subVar(name string, vars *yaml.Node, depth int) (string, bool) {
	if depth > maxResolveDepth {
		return "", false
	}
	if vars != nil {
		if v := t.get(vars, name); v != nil {
			return t.str(v, depth+1)
		}
	}
	if d, ok := t.params[name]; ok {
		return t.str(d, depth+1)
	}
	if r := t.resources[name]; r != nil {
		if typ, _ := t.str(t.get(r, "Type"), depth+1); typ == repositoryType {
			if props := t.get(r, "Properties"); props != nil && props.Kind == yaml.MappingNode {
				return t.str(t.get(props, "RepositoryName"), depth+1)
			}
		}
	}
	return "", false
}

// pair is a key and its value in a mapping.
type pair struct{ key, val *yaml.Node }

// pairs returns a mapping's entries with `<<` merge keys applied (explicit keys win).
func (t *template) pairs(m *yaml.Node) []pair {
	var out, merged []pair
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		if k.Kind == yaml.ScalarNode && (k.Tag == "!!merge" || k.Value == "<<" && k.Style == 0) {
			merged = append(merged, t.mergeSource(v, 0)...)
			continue
		}
		if k.Kind == yaml.ScalarNode {
			out = append(out, pair{k, v})
		}
	}
	if len(merged) == 0 {
		return out
	}
	seen := make(map[string]bool, len(out))
	for _, o := range out {
		seen[o.key.Value] = true
	}
	for _, mp := range merged {
		if !seen[mp.key.Value] {
			seen[mp.key.Value] = true
			out = append(out, mp)
		}
	}
	return out
}

func (t *template) mergeSource(v *yaml.Node, depth int) []pair {
	if depth > t.lim.MaxAliasDepth {
		return nil
	}
	from := v
	if v = t.resolve(v); v == nil || !t.count(from, len(v.Content)) {
		return nil
	}
	var out []pair
	switch v.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(v.Content); i += 2 {
			if k := v.Content[i]; k.Tag == "!!merge" {
				out = append(out, t.mergeSource(v.Content[i+1], depth+1)...)
			} else if k.Kind == yaml.ScalarNode {
				out = append(out, pair{k, v.Content[i+1]})
			}
		}
	case yaml.SequenceNode:
		for _, it := range v.Content {
			out = append(out, t.mergeSource(it, depth+1)...)
		}
	}
	return out
}

// lookup returns the key and the (alias-resolved) value of key in mapping m, nil when absent.
func (t *template) lookup(m *yaml.Node, key string) (k, v *yaml.Node) {
	if m = t.resolve(m); m == nil || m.Kind != yaml.MappingNode {
		return nil, nil
	}
	for _, p := range t.pairs(m) {
		if p.key.Value == key {
			v := t.resolve(p.val)
			if name, arg := t.intrinsic(v); name == "Ref" && arg.Kind == yaml.ScalarNode && arg.Value == "AWS::NoValue" {
				return nil, nil // the property is removed, as if not written
			}
			return p.key, v
		}
	}
	return nil, nil
}

// get returns the value of key in mapping m.
func (t *template) get(m *yaml.Node, key string) *yaml.Node {
	_, v := t.lookup(m, key)
	return v
}

// resolve follows aliases, at most MaxAliasDepth in a chain; every value reached through one
// counts against MaxNodes (an alias bomb stops resolving, reported once).
func (t *template) resolve(n *yaml.Node) *yaml.Node {
	alias := n
	for d := 0; n != nil && n.Kind == yaml.AliasNode; d++ {
		if d >= t.lim.MaxAliasDepth {
			return nil
		}
		n = n.Alias
	}
	if n != alias && n != nil && !t.count(alias, 1+len(n.Content)) {
		return nil
	}
	return n
}

// count adds k values reached through the alias or merge key at n; false when over the limit.
func (t *template) count(n *yaml.Node, k int) bool {
	if t.nodes += k; t.nodes <= t.lim.MaxNodes {
		return true
	}
	if !t.over {
		t.over = true
		t.file.Problems = append(t.file.Problems, Problem{Range: t.rangeOf(n),
			Message: fmt.Sprintf("aliases and merge keys expand to more than %d values (an alias bomb?): the rest of the template is not read; write the values out instead", t.lim.MaxNodes)})
	}
	return false
}

// contentStart returns the file offset of the first byte of a scalar's content and its
// quoting, for buildspec.Embed: after its tag and anchor, after an opening quote, or the
// line after a block scalar's header.
func (t *template) contentStart(n *yaml.Node) (int, byte) {
	data := t.src.Data
	off := t.src.Offset(n.Line, n.Column)
	for off < len(data) && (data[off] == '!' || data[off] == '&') {
		for off < len(data) && !isBlank(data[off]) && data[off] != ',' && data[off] != '}' && data[off] != ']' {
			off++
		}
		for off < len(data) {
			if isBlank(data[off]) {
				off++
			} else if data[off] == '#' {
				for off < len(data) && data[off] != '\n' {
					off++
				}
			} else {
				break
			}
		}
	}
	if off >= len(data) {
		return len(data), 0
	}
	switch data[off] {
	case '"', '\'':
		if n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
			return off + 1, data[off]
		}
	case '|', '>':
		if n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
			return t.src.LineStart(t.src.Pos(off).Line + 1), 0
		}
	}
	return off, 0
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// rangeOf returns the range of a node: from its start (its tag, for a tagged one) to the end
// of its last scalar, or, for a flow collection, its closing bracket.
func (t *template) rangeOf(n *yaml.Node) source.Range {
	if n == nil || n.Line <= 0 {
		return source.Range{}
	}
	start := t.src.Offset(n.Line, n.Column)
	end := max(t.nodeEnd(n, 0), start)
	if end == start && start < len(t.src.Data) {
		end++
	}
	return t.src.Range(start, end)
}

// span returns the range from key's start to the end of its value.
func (t *template) span(k, v *yaml.Node) source.Range {
	r := t.rangeOf(k)
	if e := t.rangeOf(v); e.IsValid() && r.IsValid() && e.End.Offset > r.End.Offset {
		r.End = e.End
	}
	return r
}

// nodeEnd returns the file offset just after node n.
func (t *template) nodeEnd(n *yaml.Node, depth int) int {
	if n == nil || n.Line <= 0 || depth > 64 {
		return 0
	}
	data := t.src.Data
	switch n.Kind {
	case yaml.ScalarNode:
		start, quote := t.contentStart(n)
		val := n.Value
		if n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
			val = strings.TrimRight(val, "\n")
		}
		end := start
		if val != "" {
			e, _ := buildspec.Embed(t.src, val, start, quote)
			if r := e.HostRange(source.Range{Start: source.Pos{Line: 1, Col: 1}, End: source.Pos{Line: 1, Offset: len(val)}}); r.IsValid() {
				end = r.End.Offset
			}
		}
		if quote != 0 && end < len(data) && data[end] == quote {
			end++
		}
		return min(end, len(data))
	case yaml.AliasNode:
		return min(t.src.Offset(n.Line, n.Column)+1+len(n.Value), len(data))
	case yaml.MappingNode, yaml.SequenceNode:
		start := t.src.Offset(n.Line, n.Column)
		end := start
		for i := len(n.Content) - 1; i >= 0; i-- {
			if e := t.nodeEnd(n.Content[i], depth+1); e > end {
				end = e
				break
			}
		}
		if n.Style&yaml.FlowStyle != 0 {
			want := byte(']')
			if n.Kind == yaml.MappingNode {
				want = '}'
			}
			if end == start {
				end++
			}
			for i := end; i < len(data); i++ {
				if c := data[i]; c == want {
					return i + 1
				} else if !isBlank(c) && c != ',' {
					break
				}
			}
		}
		return min(end, len(data))
	}
	return 0
}
