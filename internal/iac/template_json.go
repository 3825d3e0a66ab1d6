package iac

import (
	"bytes"
	"encoding/json"
	"strconv"

	"go.yaml.in/yaml/v3"

	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// decodeJSON builds the YAML node tree of a JSON template with encoding/json, for the JSON that
// YAML does not read: tab indentation, the escape `\/`, surrogate pairs (`\ud83d\ude00`), keys
// longer than 1024 characters. Each node has the line and column of its first byte, and strings
// are double-quoted scalars, as yaml would make them, so positions and inline buildspecs work
// the same. data must be valid JSON.
func decodeJSON(src *source.Source) (*yaml.Node, error) {
	data := src.Data
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	doc := &yaml.Node{Kind: yaml.DocumentNode, Line: 1, Column: 1}
	stack := []*yaml.Node{doc}
	for {
		// The token starts after the blanks, colons and commas that follow the last one.
		off := int(dec.InputOffset())
		for off < len(data) {
			if c := data[off]; c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ':' || c == ',' {
				off++
				continue
			}
			break
		}
		tok, err := dec.Token()
		if err != nil {
			if len(stack) == 1 && len(doc.Content) == 1 {
				return doc, nil // io.EOF after the value
			}
			return nil, err
		}
		pos := src.Pos(off)
		n := &yaml.Node{Line: pos.Line, Column: pos.Col}
		switch v := tok.(type) {
		case json.Delim:
			if v == '}' || v == ']' {
				stack = stack[:len(stack)-1]
				continue
			}
			n.Kind, n.Style, n.Tag = yaml.MappingNode, yaml.FlowStyle, "!!map"
			if v == '[' {
				n.Kind, n.Tag = yaml.SequenceNode, "!!seq"
			}
		case string:
			n.Kind, n.Style, n.Tag, n.Value = yaml.ScalarNode, yaml.DoubleQuotedStyle, "!!str", v
		case json.Number:
			n.Kind, n.Tag, n.Value = yaml.ScalarNode, "!!int", v.String()
			if _, err := strconv.ParseInt(v.String(), 10, 64); err != nil {
				n.Tag = "!!float"
			}
		case bool:
			n.Kind, n.Tag, n.Value = yaml.ScalarNode, "!!bool", strconv.FormatBool(v)
		case nil:
			n.Kind, n.Tag, n.Value = yaml.ScalarNode, "!!null", "null"
		}
		top := stack[len(stack)-1]
		top.Content = append(top.Content, n)
		if n.Kind == yaml.MappingNode || n.Kind == yaml.SequenceNode {
			stack = append(stack, n)
		}
	}
}
