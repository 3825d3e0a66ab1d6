package rules

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/buildspec-lint/buildspec-lint/internal/inventory"
	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
	"github.com/buildspec-lint/buildspec-lint/lint/finding"
	"github.com/buildspec-lint/buildspec-lint/lint/image"
	"github.com/buildspec-lint/buildspec-lint/lint/linttest"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
	"github.com/buildspec-lint/buildspec-lint/lint/workflow"
)

var update = flag.Bool("update", false, "rewrite docs/rules.md (and fixture goldens)")

// docsHeader opens docs/rules.md.
const docsHeader = `# buildspec-lint rules

<!-- Generated from the rules' docs by ` + "`go test ./rules -run TestDocs -update`" + `; do not edit. -->

IDs are stable: BSL0xx syntax and schema, BSL1xx per-run provisioning, BSL2xx Docker daemon,
BSL3xx command correctness, BSL4xx env and secrets, BSL5xx artifacts, reports, cache and batch,
BSL9xx ignore directives. Config and ignore comments accept the ID or the name.
`

// RulesMarkdown renders docs/rules.md from All().
func rulesMarkdown() string {
	var b strings.Builder
	b.WriteString(docsHeader)
	b.WriteString("\n| ID | name | severity | what it finds |\n| --- | --- | --- | --- |\n")
	for _, r := range All() {
		sev := r.Severity.String()
		if r.Off {
			sev = "off by default (" + sev + " when on)"
		}
		fmt.Fprintf(&b, "| [%s](#%s) | %s | %s | %s |\n", r.ID, r.Anchor(), r.Name, sev, r.Doc.Title)
	}
	for _, r := range All() {
		b.WriteString("\n" + r.Markdown())
	}
	return b.String()
}

// TestDocs fails when docs/rules.md is stale; -update rewrites it.
func TestDocs(t *testing.T) {
	path := filepath.Join(filepath.Dir(linttest.TestData(t)), "docs", "rules.md")
	want := rulesMarkdown()
	if *update {
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./rules -run TestDocs -update)", err)
	}
	if string(got) != want {
		t.Errorf("docs/rules.md is stale: run go test ./rules -run TestDocs -update")
	}
}

// DocImage resolves an image named by a rule's Doc.Options (`--image NAME`) for TestDocExamples.
// Packages that know images (the inventory) extend it from their own _test.go files in this
// package, e.g. in an init func; nil or an error fails the test for that rule only.
var DocImage func(name string) (*image.Inventory, error)

// DocRunner resolves the environment of a workflow job in a rule's examples (their runs-on
// labels) for TestDocExamples, as FileSettings.Runner does; tests that know runners set it.
var DocRunner func(env *workflow.Env) *image.Inventory

// docInventory builds the image that a rule's Doc.Options describe: `--tools a,b` (a bare tool
// list) and `--image NAME` (through DocImage), in `--flag value` or `--flag=value` form, and
// `PrivilegedMode=false` (or true), the privileged mode of the project that runs the examples
// (as a template that defines it says; no flag sets it).
func docInventory(opts []string) (*image.Inventory, error) {
	var args []string
	for _, o := range opts {
		args = append(args, strings.Fields(o)...)
	}
	var inv *image.Inventory
	for i := 0; i < len(args); i++ {
		flagName, val, hasVal := strings.Cut(args[i], "=")
		if !hasVal {
			if i+1 >= len(args) {
				return nil, fmt.Errorf("option %s has no value", flagName)
			}
			i++
			val = args[i]
		}
		switch flagName {
		case "--tools":
			tools := linttest.Tools(strings.Split(val, ",")...)
			if inv == nil {
				inv = tools
			} else {
				for n, tl := range tools.Tools {
					inv.Tools[n] = tl
				}
			}
		case "--image":
			if DocImage == nil {
				return nil, fmt.Errorf("--image %s: no DocImage resolver is registered in package rules' tests", val)
			}
			img, err := DocImage(val)
			if err != nil {
				return nil, fmt.Errorf("--image %s: %v", val, err)
			}
			if inv != nil { // tools and the privileged mode given before the image are added to it
				for n, tl := range inv.Tools {
					img.Tools[n] = tl
				}
				img.Privileged = inv.Privileged
			}
			inv = img
		case "PrivilegedMode":
			// The privileged mode of the project that runs the examples, as its template says.
			if inv == nil {
				inv = linttest.Tools()
			}
			switch val {
			case "false":
				inv.Privileged = image.PrivilegedOff
			case "true":
				inv.Privileged = image.PrivilegedOn
			default:
				return nil, fmt.Errorf("PrivilegedMode=%s: want true or false", val)
			}
		default:
			return nil, fmt.Errorf("unsupported option %s (TestDocExamples knows --tools, --image and PrivilegedMode=)", flagName)
		}
	}
	return inv, nil
}

// TestDocExamples checks that each rule's Doc.Bad raises that rule (and no other) and Doc.Good
// raises nothing, with every rule enabled.
func TestDocExamples(t *testing.T) {
	linter := &lint.Linter{Rules: All()}
	for _, r := range All() {
		if r.Templates {
			continue // Bad and Good are templates, which the CLI's tests read
		}
		t.Run(r.ID, func(t *testing.T) {
			inv, err := docInventory(r.Doc.Options)
			if err != nil {
				t.Fatalf("%s: Doc.Options: %v", r, err)
			}
			fs := &lint.FileSettings{Image: inv, Runner: DocRunner}
			if r.Off {
				fs.Severity = map[string]finding.Severity{r.ID: r.Severity} // the rule as a user turns it on
			}
			bad := linter.Lint(source.NewSource("bad.yml", []byte(r.Doc.Bad)), fs)
			own := 0
			for _, f := range bad {
				if f.Rule == &r.Rule {
					own++
				} else {
					t.Errorf("%s: Doc.Bad also raises %s at %s: %s", r, f.RuleID(), f.Range.Start, f.Message)
				}
			}
			if own == 0 {
				t.Errorf("%s: Doc.Bad does not raise it", r)
			}
			for _, f := range linter.Lint(source.NewSource("good.yml", []byte(r.Doc.Good)), fs) {
				t.Errorf("%s: Doc.Good raises %s at %s: %s", r, f.RuleID(), f.Range.Start, f.Message)
			}
		})
	}
}

// TestDocWorkflowExamples checks that each rule's Doc.WorkflowBad, a workflow, raises that rule
// (and no other) and Doc.WorkflowGood raises nothing, with every rule enabled, on GitHub-hosted
// runners: the built-in inventory of a job's runs-on label when there is one, else the image
// that Doc.WorkflowOptions (or Options) describe.
func TestDocWorkflowExamples(t *testing.T) {
	linter := &lint.Linter{Rules: All()}
	n := 0
	for _, r := range All() {
		if r.Doc.WorkflowBad == "" && r.Doc.WorkflowGood == "" {
			continue
		}
		n++
		t.Run(r.ID, func(t *testing.T) {
			if !r.Workflows {
				t.Fatalf("%s has workflow examples but does not lint workflows (Rule.Workflows)", r)
			}
			if r.Doc.WorkflowBad == "" || r.Doc.WorkflowGood == "" {
				t.Fatalf("%s: a workflow example needs both WorkflowBad and WorkflowGood", r)
			}
			opts := r.Doc.WorkflowOptions
			if opts == nil {
				opts = r.Doc.Options
			}
			base, err := docInventory(opts)
			if err != nil {
				t.Fatalf("%s: Doc.WorkflowOptions: %v", r, err)
			}
			fs := &lint.FileSettings{Runner: func(env *workflow.Env) *image.Inventory { return docRunner(base, env) }}
			if r.Off {
				fs.Severity = map[string]finding.Severity{r.ID: r.Severity}
			}
			for _, ex := range []struct{ name, text string }{{"WorkflowBad", r.Doc.WorkflowBad}, {"WorkflowGood", r.Doc.WorkflowGood}} {
				src := source.NewSource(ex.name+".yml", []byte(ex.text))
				if k := lint.DetectKind(src, buildspec.Parse(src)); k != lint.KindWorkflow {
					t.Errorf("%s: Doc.%s is read as a %s, not a workflow", r, ex.name, k)
				}
				own := 0
				for _, f := range linter.Lint(src, fs) {
					switch {
					case ex.name == "WorkflowBad" && f.Rule == &r.Rule:
						own++
					default:
						t.Errorf("%s: Doc.%s raises %s at %s: %s", r, ex.name, f.RuleID(), f.Range.Start, f.Message)
					}
				}
				if ex.name == "WorkflowBad" && own == 0 {
					t.Errorf("%s: Doc.WorkflowBad does not raise it", r)
				}
			}
		})
	}
	if n == 0 {
		t.Fatal("no rule has a workflow example")
	}
}

// docRunner is the inventory of a doc example's job: the built-in inventory of its GitHub-hosted
// runs-on label when there is one, else a copy of base, with the runner set.
func docRunner(base *image.Inventory, env *workflow.Env) *image.Inventory {
	label := ""
	if len(env.Labels) > 0 {
		label = env.Labels[0]
	}
	r := &image.Runner{Label: label, Kind: image.RunnerGitHub, OS: "linux", Container: env.Container, Matrix: env.Matrix}
	switch {
	case strings.HasPrefix(label, "windows-"):
		r.OS = "windows"
	case strings.HasPrefix(label, "macos-"):
		r.OS = "macos"
	case !strings.HasPrefix(label, "ubuntu-"):
		r.Kind = image.RunnerUnknown
	}
	inv, ok := inventory.Runner(label)
	if env.Container != "" {
		ok = false // the container's image, not the runner's
	}
	if ok {
		r.Image = inv.Name
	} else {
		if base == nil && env.Container != "" {
			return nil // a container image nothing describes
		}
		if base == nil {
			base = linttest.Tools()
		}
		c := *base
		inv = &c
	}
	inv.Runner = r
	return inv
}

func TestDocInventory(t *testing.T) {
	inv, err := docInventory([]string{"--tools", "jq,curl", "--tools=make"})
	if err != nil || inv.Has("jq") == nil || inv.Has("curl") == nil || inv.Has("make") == nil || inv.Has("git") != nil {
		t.Errorf("docInventory = %+v, %v", inv, err)
	}
	if _, err := docInventory([]string{"--dockerfile", "x"}); err == nil {
		t.Error("an unknown option is not an error")
	}
	if _, err := docInventory([]string{"--tools"}); err == nil {
		t.Error("an option without value is not an error")
	}
	if inv, err := docInventory([]string{"--tools", "jq", "PrivilegedMode=false"}); err != nil || inv.Privileged != image.PrivilegedOff || inv.Has("jq") == nil {
		t.Errorf("docInventory(PrivilegedMode=false) = %+v, %v", inv, err)
	}
	if _, err := docInventory([]string{"PrivilegedMode=maybe"}); err == nil {
		t.Error("PrivilegedMode=maybe is not an error")
	}
}
