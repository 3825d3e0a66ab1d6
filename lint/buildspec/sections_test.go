package buildspec

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// TestSectionModel pins the typed model of the sections that are not commands: a rule reads a
// batch task's keys, the cache key and a secondary artifact's files through Entry, with ranges.
func TestSectionModel(t *testing.T) {
	const doc = "version: 0.2\n" +
		"batch:\n  build-graph:\n    - identifier: a\n      env:\n        fleet: f\n    - identifier: b\n      depend-on: [a]\n" +
		"phases:\n  build:\n    commands: [make]\n" +
		"cache:\n  key: k-1\n  paths:\n    - p/**/*\n" +
		"artifacts:\n  files: [x]\n  secondary-artifacts:\n    docs:\n      files: [site/**]\n"
	src := source.NewSource("f.yml", []byte(doc))
	specs := Parse(src)
	if len(specs) != 1 || len(specs[0].Problems) != 0 {
		t.Fatalf("want one clean document, got %d, problems %v", len(specs), specs[0].Problems)
	}
	b := specs[0]
	if b.Batch == nil || len(b.Batch.Entries) != 1 {
		t.Fatalf("batch entries: %+v", b.Batch)
	}
	graph := b.Batch.Entries[0]
	if graph.Key.Name != "build-graph" || len(graph.Elems) != 2 {
		t.Fatalf("build-graph: name %q, %d tasks", graph.Key.Name, len(graph.Elems))
	}
	if got := graph.Elems[0].Field("env").Field("fleet").Value; got == nil || got.Value != "f" || text(src, got.Range) != "f" {
		t.Errorf("task a env.fleet = %+v", got)
	}
	if dep := graph.Elems[1].Field("depend-on"); dep == nil || len(dep.Items) != 1 || dep.Items[0].Value != "a" {
		t.Errorf("task b depend-on = %+v", dep)
	}
	if k := b.Cache.Field("key"); k == nil || k.Value.Value != "k-1" || k.Value.Range.Start.Line != 13 {
		t.Errorf("cache.key = %+v", k)
	}
	if b.Cache.Field("action") != nil {
		t.Error("cache.action found where none is written")
	}
	sec := b.Artifacts.Field("secondary-artifacts").Field("docs").Field("files")
	if sec == nil || len(sec.Items) != 1 || sec.Items[0].Value != "site/**" {
		t.Errorf("secondary artifact docs files = %+v", sec)
	}
}

// TestSectionProblemsOnce checks that a problem inside a section is reported once, whether the
// section is written out or reached through an alias.
func TestSectionProblemsOnce(t *testing.T) {
	const doc = "version: 0.2\nx-cache: &c\n  action: saved\nphases:\n  build:\n    commands: [make]\ncache: *c\n"
	got := problems(source.NewSource("f.yml", []byte(doc)))
	n := 0
	for _, p := range got {
		if strings.HasPrefix(p, "InvalidValue") {
			n++
		}
	}
	if n != 1 {
		t.Errorf("want one InvalidValue for cache.action, got %q", got)
	}
}

// TestManyUnknownDependencies checks that a graph of many tasks that depend on names no task has
// is parsed in about linear time: the did-you-mean stops after a budget of comparisons (without
// it, this file takes minutes).
func TestManyUnknownDependencies(t *testing.T) {
	const n = 20000
	var sb strings.Builder
	sb.WriteString("version: 0.2\nbatch:\n  build-graph:\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&sb, "    - identifier: task%d\n      depend-on: [other%d]\n", i, i)
	}
	sb.WriteString("phases:\n  build:\n    commands: [make]\n")
	start := time.Now()
	specs := Parse(source.NewSource("f.yml", []byte(sb.String())))
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("parsing %d tasks took %v", n, d)
	}
	got := 0
	for _, p := range specs[0].Problems {
		if p.Kind == InvalidValue && strings.Contains(p.Message, "no task of batch.build-graph has that identifier") {
			got++
		}
	}
	if got == 0 || got+len(specs[0].OverProblems) < n {
		t.Errorf("want %d unknown dependencies reported (kept or counted), got %d kept and %d counted", n, got, len(specs[0].OverProblems))
	}
}

// TestLongDependencyChain checks that a build graph of a long chain of tasks, and a cycle
// through all of them, are checked without recursion.
func TestLongDependencyChain(t *testing.T) {
	const n = 50000
	for _, closed := range []bool{false, true} {
		var sb strings.Builder
		sb.WriteString("version: 0.2\nbatch:\n  build-graph:\n")
		for i := 0; i < n; i++ {
			dep := i - 1
			if i == 0 && closed {
				dep = n - 1
			}
			if dep < 0 {
				fmt.Fprintf(&sb, "    - identifier: t%d\n", i)
				continue
			}
			fmt.Fprintf(&sb, "    - identifier: t%d\n      depend-on: [t%d]\n", i, dep)
		}
		sb.WriteString("phases:\n  build:\n    commands: [make]\n")
		specs := Parse(source.NewSource("f.yml", []byte(sb.String())))
		var cycles []string
		for _, p := range specs[0].Problems {
			if strings.Contains(p.Message, "closes a cycle") {
				cycles = append(cycles, p.Message)
			}
		}
		if closed && (len(cycles) != 1 || !strings.Contains(cycles[0], " -> ... -> ")) {
			t.Errorf("closed chain: want one cycle with the middle elided, got %q", cycles)
		}
		if !closed && len(cycles) != 0 {
			t.Errorf("open chain: want no cycle, got %q", cycles)
		}
	}
}
