package workflow

import (
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// IsComposite reports whether data is a composite action's metadata: a mapping whose runs.using
// is composite.
func IsComposite(data []byte) bool {
	var meta struct {
		Runs struct {
			Using string `yaml:"using"`
		} `yaml:"runs"`
	}
	if err := yaml.Unmarshal(data, &meta); err != nil {
		return false
	}
	return strings.EqualFold(strings.TrimSpace(meta.Runs.Using), "composite")
}

// ReadComposite reads a composite action's metadata (action.yml): its steps, as one Job with
// no environments (the jobs that call the action give them). A panic while reading is a
// Problem, as for Read.
func ReadComposite(src *source.Source) *File { return safely(src, readComposite) }

func readComposite(src *source.Source) *File {
	f := &File{Source: src, Composite: true}
	if p := checkSize(src); p != nil {
		f.Problem = p
		return f
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(src.Data, &doc); err != nil || len(doc.Content) == 0 {
		return f
	}
	root := doc.Content[0]
	runs, runsKey := field(root, "runs")
	if runs == nil {
		return f
	}
	job := &Job{src: src}
	if runsKey != nil {
		job.Key = buildspecRange(src, runsKey)
	}
	steps, _ := field(runs, "steps")
	if steps == nil || steps.Kind != yaml.SequenceNode {
		f.Jobs = []*Job{job}
		return f
	}
	for _, n := range steps.Content {
		n = deref(n)
		if n == nil || n.Kind != yaml.MappingNode {
			continue
		}
		st := &Step{}
		if v, _ := field(n, "if"); v != nil && v.Kind == yaml.ScalarNode {
			st.If = v.Value
		}
		if v, _ := field(n, "shell"); v != nil && v.Kind == yaml.ScalarNode {
			st.Shell = v.Value
		}
		if v, _ := field(n, "run"); v != nil && v.Kind == yaml.ScalarNode {
			st.Run = runString(src, v.Value, v.Line, v.Column)
		} else if v, _ := field(n, "uses"); v != nil && v.Kind == yaml.ScalarNode {
			st.Uses, st.UsesRange = v.Value, buildspecRange(src, v)
			if with, _ := field(n, "with"); with != nil && with.Kind == yaml.MappingNode {
				for i := 0; i+1 < len(with.Content); i += 2 {
					k, val := with.Content[i], deref(with.Content[i+1])
					if val != nil && val.Kind == yaml.ScalarNode && !strings.Contains(val.Value, "${{") {
						if st.With == nil {
							st.With = map[string]string{}
						}
						st.With[strings.ToLower(k.Value)] = val.Value
					}
				}
			}
		} else {
			continue
		}
		job.Steps = append(job.Steps, st)
	}
	f.Jobs = []*Job{job}
	return f
}

// field returns the value and key of key in mapping m (aliases resolved), or nils.
func field(m *yaml.Node, key string) (*yaml.Node, *yaml.Node) {
	m = deref(m)
	if m == nil || m.Kind != yaml.MappingNode {
		return nil, nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return deref(m.Content[i+1]), m.Content[i]
		}
	}
	return nil, nil
}

func deref(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < 32; i++ {
		n = n.Alias
	}
	if n != nil && n.Kind == yaml.AliasNode {
		return nil
	}
	return n
}

// buildspecRange is the range of a scalar node as written.
func buildspecRange(src *source.Source, n *yaml.Node) source.Range {
	return runString(src, n.Value, n.Line, n.Column).Range
}
