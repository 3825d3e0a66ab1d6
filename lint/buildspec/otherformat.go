package buildspec

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/buildspec-lint/buildspec-lint/internal/suggest"
)

// This file recognises documents that are clearly another YAML format (a GitHub Actions
// workflow, a CloudFormation template, ...), which discovery skips instead of linting.

// otherFormat names the format a document's top-level mapping clearly is when it is not a
// buildspec, or returns "". Only the top level is read (a few key comparisons; aliases are
// resolved within the document's budget, merge keys are not expanded). A mapping with phases or
// batch is a buildspec, however broken; one with a signature of another format (a GitHub Actions
// workflow, a CloudFormation template, a Kubernetes manifest, a Docker Compose file) is that
// format; one with version is a buildspec missing its phases; one with none of version, phases
// and batch is not a buildspec, unless a key is a misspelling of one of them.
func (p *parser) otherFormat(root *yaml.Node) string {
	get := func(key string) *yaml.Node {
		for i := 0; i+1 < len(root.Content); i += 2 {
			if k := root.Content[i]; k.Kind == yaml.ScalarNode && k.Value == key {
				return root.Content[i+1]
			}
		}
		return nil
	}
	present := func(keys ...string) bool {
		for _, k := range keys {
			if get(k) == nil {
				return false
			}
		}
		return true
	}
	switch {
	case present("phases"), present("batch"), present("<<"):
		return "" // a merge key may bring phases: not clearly anything else
	case present("on", "jobs"):
		return "a GitHub Actions workflow (on and jobs)"
	case present("runs") && (present("name") || present("description") || present("inputs")):
		return "a GitHub Action's metadata (runs)"
	case present("AWSTemplateFormatVersion"):
		return "an AWS CloudFormation template (AWSTemplateFormatVersion)"
	case present("Resources") && p.cfnResources(get("Resources")):
		return "an AWS CloudFormation template (Resources of Type AWS::)"
	case present("apiVersion", "kind"):
		return "a Kubernetes manifest (apiVersion and kind)"
	case present("services"):
		return "a Docker Compose file (services)"
	case present("version", "updates"):
		return "a Dependabot configuration (version and updates)"
	case present("version"):
		return p.foreignVersion(root, get("version"))
	}
	for i := 0; i < len(root.Content); i += 2 {
		if k := root.Content[i].Value; suggest.Misspelt(k, "version") || suggest.Misspelt(k, "phases") || suggest.Misspelt(k, "batch") {
			return "" // a buildspec with its keys misspelt: worth linting
		}
	}
	return "a YAML mapping without version, phases or batch"
}

// foreignDocuments gives each document of another format (one with a signature: a workflow, a
// template, a manifest...) in a file that also holds a buildspec one finding, that it is not a buildspec, instead of a buildspec's schema findings about its keys
// (a Kubernetes manifest above a buildspec is not a buildspec that lacks phases and misspells
// version as apiVersion). A file of only such documents keeps them: named on the command line, it
// is linted as a buildspec; found by discovery, it is skipped.
func foreignDocuments(docs []*Buildspec) {
	if len(docs) < 2 {
		return
	}
	buildspecs := 0
	for _, b := range docs {
		if b.OtherFormat == "" && b.Root.IsValid() && b.Root.Start.Offset < b.Root.End.Offset {
			buildspecs++
		}
	}
	if buildspecs == 0 {
		return
	}
	for _, b := range docs {
		if b.OtherFormat == "" || strings.HasPrefix(b.OtherFormat, "a YAML ") {
			continue // only a format with a signature is sure enough to replace the findings
		}
		b.Problems, b.OverProblems, b.nproblems = nil, nil, [numProblemKinds]int{}
		b.problem(InvalidDocument, b.Source.Range(b.Root.Start.Offset, b.Root.Start.Offset+1),
			fmt.Sprintf("document %d of this file is %s, not a buildspec: move it to a file of its own", b.Doc+1, b.OtherFormat))
	}
}

// otherList names the format of a document whose top level is a list (an Ansible playbook, a
// list of tasks or of values), or returns "" when an item is a mapping with version, phases or
// batch: a buildspec written as a list item by mistake, worth linting.
func (p *parser) otherList(root *yaml.Node) string {
	plays := len(root.Content) > 0
	for _, it := range root.Content {
		it = p.resolve(it)
		if it == nil || it.Kind != yaml.MappingNode {
			plays = false
			continue
		}
		hosts := false
		for i := 0; i+1 < len(it.Content); i += 2 {
			switch k := it.Content[i].Value; {
			case k == "hosts", k == "import_playbook", k == "ansible.builtin.import_playbook":
				hosts = true
			case suggest.Misspelt(k, "version"), suggest.Misspelt(k, "phases"), suggest.Misspelt(k, "batch"):
				return ""
			}
		}
		plays = plays && hosts
	}
	if plays {
		return "an Ansible playbook (a list of plays with hosts)"
	}
	return "a YAML list"
}

// foreignVersion returns the format of a mapping whose version is not a buildspec's (0.1, 0.2
// or another 0.x) and whose other keys are none of a buildspec's, or "" (a buildspec that
// lacks its phases, or has a wrong version: worth linting).
func (p *parser) foreignVersion(root, version *yaml.Node) string {
	version = p.resolve(version)
	if version == nil || version.Kind != yaml.ScalarNode || len(root.Content) < 4 {
		return ""
	}
	if v := version.Value; len(v) == 3 && v[0] == '0' && v[1] == '.' && v[2] >= '0' && v[2] <= '9' {
		return "" // 0.1, 0.2 or a mistyped 0.x: a buildspec's (a chart's 0.1.0 is not)
	}
	for i := 0; i < len(root.Content); i += 2 {
		k := root.Content[i].Value
		if k == "version" {
			continue
		}
		for _, want := range schema[""] {
			if suggest.Misspelt(k, want) {
				return ""
			}
		}
	}
	return fmt.Sprintf("a YAML file with version %q and none of a buildspec's keys", version.Value)
}

// cfnResources reports whether a Resources value is CloudFormation's: a mapping whose entries
// have a Type of the form AWS::Service::Resource (or Custom::Name, a custom resource).
func (p *parser) cfnResources(v *yaml.Node) bool {
	v = p.resolve(v)
	if v == nil || v.Kind != yaml.MappingNode {
		return false
	}
	for i := 1; i < len(v.Content); i += 2 {
		r := p.resolve(v.Content[i])
		if r == nil || r.Kind != yaml.MappingNode {
			continue
		}
		for j := 0; j+1 < len(r.Content); j += 2 {
			if r.Content[j].Value == "Type" {
				t := r.Content[j+1]
				if t.Kind == yaml.ScalarNode && (strings.HasPrefix(t.Value, "AWS::") || strings.HasPrefix(t.Value, "Custom::")) {
					return true
				}
			}
		}
	}
	return false
}
