package buildspec

import (
	"fmt"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/buildspec-lint/buildspec-lint/internal/suggest"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// This file checks the inside of the sections whose values are not commands: reports,
// artifacts (and their secondary artifacts), cache and batch. Sources:
// https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html (reports,
// artifacts, cache), https://docs.aws.amazon.com/codebuild/latest/userguide/batch-build-buildspec.html
// (batch) and https://docs.aws.amazon.com/codebuild/latest/userguide/parallel-test-enable.html
// (build-fanout). docs/sources.md, "Buildspec schema depth", says what each check follows.

// reportFormats are the documented values of reports.<group>.file-format: test formats, then
// coverage formats. They are read in any case (real buildspecs write JunitXml).
var reportFormats = []string{"CUCUMBERJSON", "JUNITXML", "NUNITXML", "NUNIT3XML", "TESTNGXML", "VISUALSTUDIOTRX",
	"CLOVERXML", "COBERTURAXML", "JACOCOXML", "SIMPLECOV"}

// cacheActions are the documented values of cache.action.
var cacheActions = []string{"restore", "save"}

// maxFallbackKeys is the number of cache.fallback-keys CodeBuild reads.
const maxFallbackKeys = 5

// mapping returns the pairs of n when it is a mapping; otherwise it reports a wrong type (a null
// value is left to the caller) and returns nil, false.
func (p *parser) mapping(n *yaml.Node, key Key, what string) ([]pair, bool) {
	switch kindOf(n) {
	case KindMapping:
		return p.pairs(n, " in "+what), true
	case KindNull:
		return nil, false
	}
	p.wrongType(n, key.Range, what, KindMapping)
	return nil, false
}

// pathList checks a value that CodeBuild documents as a list of paths or globs (artifacts and
// report files, cache paths): a list of strings. A plain string is an undocumented form (a
// warning: the reference does not say how it is read); a mapping, or a list item that is not a
// string, is the wrong type.
func (p *parser) pathList(v *yaml.Node, key Key, what string) {
	switch kindOf(v) {
	case KindScalar:
		p.problem(UndocumentedForm, p.nodeRange(v), "%s is a string, but CodeBuild documents a list of paths: write each path as a list item starting with \"- \"", what)
	case KindMapping:
		p.wrongType(v, key.Range, what, KindSequence)
	case KindSequence:
		for i, it := range v.Content {
			it = p.resolve(it)
			switch kindOf(it) {
			case KindMapping, KindSequence:
				p.problem(WrongType, p.nodeRange(it), "%s[%d] is a %s, not a string: write each path as one string (quote it if it holds \": \")", what, i, kindOf(it))
			case KindNull:
				r := p.nullRange(it, key)
				p.problem(UndocumentedForm, r, "%s[%d] is empty%s: remove the empty item or write a path", what, i, p.emptyWhy(r))
			}
		}
	}
}

// nullRange is where to report a null value: its text (~, null), the dash of an empty list item,
// or its key when it has no text of its own.
func (p *parser) nullRange(n *yaml.Node, key Key) source.Range {
	if n == nil || n.Line == 0 {
		return key.Range
	}
	r := p.nodeRange(n)
	if r.End.Offset > r.Start.Offset && r.Start.Offset >= key.Range.End.Offset {
		return r
	}
	// An empty item ("-" and the end of the line, or a comment): yaml puts it just after the dash.
	off := p.src.Offset(n.Line, n.Column)
	data := p.src.Data
	for i := off - 1; i >= 0 && i >= key.Range.End.Offset; i-- {
		if data[i] == '-' {
			return p.src.Range(i, i+1)
		}
		if data[i] != ' ' && data[i] != '\t' {
			break
		}
	}
	return key.Range
}

// emptyWhy explains an empty list item whose line holds only a comment, for a message.
func (p *parser) emptyWhy(r source.Range) string {
	if p.commentOnly(r) {
		return " (the line holds only a comment, and YAML still reads the dash as an item)"
	}
	return ""
}

// commentOnly reports whether the empty list item at r (its dash) is followed on its line by a
// comment alone: "- # echo x" is a commented-out item that YAML still reads as an empty one.
func (p *parser) commentOnly(r source.Range) bool {
	data := p.src.Data
	i := r.End.Offset
	if r.End.Offset != r.Start.Offset+1 || data[r.Start.Offset] != '-' {
		return false
	}
	for i < len(data) && (data[i] == ' ' || data[i] == '\t') {
		i++
	}
	return i < len(data) && data[i] == '#'
}

// emptyValue reports whether v is null or an empty list ([]).
func emptyValue(v *yaml.Node) bool {
	return kindOf(v) == KindNull || kindOf(v) == KindSequence && len(v.Content) == 0
}

// scalarField checks that a field is a string (or null, left alone) and returns it.
func (p *parser) scalarField(v *yaml.Node, key Key, what string) *String {
	switch kindOf(v) {
	case KindScalar:
		return p.scalar(v)
	case KindNull:
		return nil
	}
	p.wrongType(v, key.Range, what, KindScalar)
	return nil
}

// yesNoField checks a field the reference documents as yes or no (discard-paths,
// enable-symlinks). true and false are what a YAML 1.1 reader makes of yes and no, so they pass
// too; anything else is no documented value.
func (p *parser) yesNoField(v *yaml.Node, key Key, what string) {
	s := p.scalarField(v, key, what)
	if s == nil {
		return
	}
	switch strings.ToLower(s.Value) {
	case "yes", "no", "true", "false":
		return
	}
	p.problem(InvalidValue, s.Range, "%s must be yes or no, not %q", what, s.Value)
}

// boolField checks a field documented as a boolean: true or false (YAML's yes and no are read as
// booleans too).
func (p *parser) boolField(v *yaml.Node, key Key, what string) {
	switch kindOf(v) {
	case KindNull:
		return
	case KindMapping, KindSequence:
		p.problem(WrongType, p.nodeRange(v), "%s must be true or false, not a %s", what, kindOf(v))
		return
	}
	s := p.scalar(v)
	switch strings.ToLower(s.Value) {
	case "true", "false", "yes", "no":
		return
	}
	p.problem(InvalidValue, s.Range, "%s must be true or false, not %q", what, s.Value)
}

// checkReports checks each report group: files is required (a list), file-format is one of the
// documented formats, and the keys are those of a report group.
func (p *parser) checkReports(v *yaml.Node) {
	if kindOf(v) != KindMapping {
		return // entries reported the wrong type
	}
	for _, g := range p.pairs(v, " in reports") {
		gk := p.key(g.key)
		what := "reports." + gk.Name
		gv := p.resolve(g.val)
		if kindOf(gv) == KindNull {
			p.problem(MissingKey, gk.Range, "report group %s is empty: add files, the list of report files to upload (and file-format if they are not JUnit XML)", gk.Name)
			continue
		}
		fields, ok := p.mapping(gv, gk, what)
		if !ok {
			continue
		}
		hasFiles := false
		for _, f := range fields {
			fk, fv := p.key(f.key), p.resolve(f.val)
			switch f.key.Value {
			case "files":
				hasFiles = true
				p.files(fk, fv, what, "the report files (globs such as \"**/*.xml\")")
			case "file-format":
				if s := p.scalarField(fv, fk, what+".file-format"); s != nil {
					p.checkReportFormat(s, what)
				}
			case "base-directory":
				p.scalarField(fv, fk, what+"."+f.key.Value)
			case "discard-paths":
				p.yesNoField(fv, fk, what+"."+f.key.Value)
			}
		}
		if !hasFiles {
			p.problem(MissingKey, gk.Range, "report group %s has no files: add files, the list of report files to upload", gk.Name)
		}
	}
}

func (p *parser) checkReportFormat(s *String, what string) {
	for _, f := range reportFormats {
		if strings.EqualFold(s.Value, f) {
			return
		}
	}
	msg := fmt.Sprintf("%s.file-format %q is not a report format CodeBuild knows: test reports are %s; coverage reports are %s",
		what, s.Value, strings.Join(reportFormats[:6], ", "), strings.Join(reportFormats[6:], ", "))
	if c := suggest.Closest(strings.ToUpper(s.Value), reportFormats); c != "" {
		msg += fmt.Sprintf(": did you mean %s?", c)
	}
	p.problem(InvalidValue, s.Range, "%s", msg)
}

// checkArtifacts checks artifacts and each secondary artifact: files is required in each, even
// when artifacts only holds secondary-artifacts (build-spec-ref.html).
func (p *parser) checkArtifacts(k, v *yaml.Node) {
	key := p.key(k)
	if kindOf(v) == KindNull {
		p.problem(MissingKey, key.Range, "artifacts is empty: add files, the list of build outputs to upload, or remove artifacts")
		return
	}
	fields, ok := p.mapping(v, key, "artifacts")
	if !ok {
		return
	}
	p.checkArtifact(key, fields, "artifacts", "artifacts")
	for _, f := range fields {
		if f.key.Value != "secondary-artifacts" {
			continue
		}
		sk, sv := p.key(f.key), p.resolve(f.val)
		sec, ok := p.mapping(sv, sk, "artifacts.secondary-artifacts")
		if !ok {
			continue
		}
		for _, s := range sec {
			ak, av := p.key(s.key), p.resolve(s.val)
			what := "secondary artifact " + ak.Name
			if kindOf(av) == KindNull {
				p.problem(MissingKey, ak.Range, "%s is empty: add files, the list of outputs of this artifact", what)
				continue
			}
			if af, ok := p.mapping(av, ak, what); ok {
				p.checkArtifact(ak, af, what, "artifacts.secondary-artifacts."+ak.Name)
			}
		}
	}
}

// checkArtifact checks the fields of one artifact (the primary one or a secondary one).
func (p *parser) checkArtifact(key Key, fields []pair, what, path string) {
	hasFiles := false
	for _, f := range fields {
		fk, fv := p.key(f.key), p.resolve(f.val)
		switch f.key.Value {
		case "files":
			hasFiles = true
			p.files(fk, fv, path, "the build outputs to upload (\"**/*\" for everything)")
		case "exclude-paths":
			// The reference calls it a sequence but its syntax block writes one path: both are read.
			if kindOf(fv) == KindMapping {
				p.wrongType(fv, fk.Range, path+".exclude-paths", KindSequence)
			} else if kindOf(fv) == KindSequence {
				p.pathList(fv, fk, path+".exclude-paths")
			}
		case "name", "base-directory", "s3-prefix":
			p.scalarField(fv, fk, path+"."+f.key.Value)
		case "discard-paths", "enable-symlinks":
			p.yesNoField(fv, fk, path+"."+f.key.Value)
		}
	}
	if !hasFiles {
		p.problem(MissingKey, key.Range, "%s has no files: CodeBuild requires files in %s (even with only secondary-artifacts); list the outputs to upload (\"**/*\" for everything)", what, what)
	}
}

// checkCache checks cache: paths is a list, key a string, action restore or save, and
// fallback-keys a list of at most five keys, read only with key (build-spec-ref.html, cache).
func (p *parser) checkCache(k, v *yaml.Node) {
	key := p.key(k)
	fields, ok := p.mapping(v, key, "cache")
	if !ok {
		return
	}
	var fallback *Key
	hasKey := false
	for _, f := range fields {
		fk, fv := p.key(f.key), p.resolve(f.val)
		switch f.key.Value {
		case "paths":
			p.pathList(fv, fk, "cache.paths")
		case "key":
			hasKey = true
			p.scalarField(fv, fk, "cache.key")
		case "action":
			s := p.scalarField(fv, fk, "cache.action")
			if s == nil || s.Value == "restore" || s.Value == "save" {
				continue
			}
			if l := strings.ToLower(s.Value); l == "restore" || l == "save" {
				p.problem(UndocumentedForm, s.Range, "cache.action %s is not in the documented lower case (restore or save): write %s", s.Value, l)
				continue
			}
			msg := fmt.Sprintf("cache.action must be restore or save (or left out: restore and save), not %q", s.Value)
			if c := suggest.Closest(strings.ToLower(s.Value), cacheActions); c != "" {
				msg += fmt.Sprintf(": did you mean %s?", c)
			}
			p.problem(InvalidValue, s.Range, "%s", msg)
		case "fallback-keys":
			k := fk // a copy: taking fk's address would allocate every field's key
			fallback = &k
			switch kindOf(fv) {
			case KindScalar:
				p.problem(UndocumentedForm, p.nodeRange(fv), "cache.fallback-keys is a string, but CodeBuild documents a list of keys: write each key as a list item starting with \"- \"")
			case KindMapping:
				p.wrongType(fv, fk.Range, "cache.fallback-keys", KindSequence)
			case KindSequence:
				for i, it := range fv.Content {
					if it = p.resolve(it); kindOf(it) == KindMapping || kindOf(it) == KindSequence {
						p.problem(WrongType, p.nodeRange(it), "cache.fallback-keys[%d] is a %s, not a string: write each key as one string", i, kindOf(it))
					}
				}
				if len(fv.Content) > maxFallbackKeys {
					p.problem(InvalidValue, p.nodeRange(fv.Content[maxFallbackKeys]), "cache.fallback-keys has %d keys: CodeBuild takes at most %d; remove the last %d",
						len(fv.Content), maxFallbackKeys, len(fv.Content)-maxFallbackKeys)
				}
			}
		}
	}
	if fallback != nil && !hasKey {
		p.problem(MisplacedKey, fallback.Range, "cache.fallback-keys is not read without cache.key: add key (the cache's own key), or remove fallback-keys")
	}
}

// checkBatch checks the batch section: fast-fail, and each batch type's tasks and keys
// (batch-build-buildspec.html).
func (p *parser) checkBatch(v *yaml.Node) {
	if kindOf(v) != KindMapping {
		return // entries reported the wrong type
	}
	for _, f := range p.pairs(v, " in batch") {
		fk, fv := p.key(f.key), p.resolve(f.val)
		switch f.key.Value {
		case "fast-fail":
			p.boolField(fv, fk, "batch.fast-fail")
		case "build-list", "build-graph":
			p.checkTasks(fk, fv)
		case "build-matrix":
			p.checkMatrix(fk, fv)
		case "build-fanout":
			p.checkFanout(fk, fv)
		}
	}
}

// checkTasks checks the tasks of a build-list or build-graph: a list of mappings, each with a
// unique identifier; depend-on (build-graph only) names identifiers of the graph.
func (p *parser) checkTasks(key Key, v *yaml.Node) {
	what := "batch." + key.Name
	switch kindOf(v) {
	case KindNull:
		p.problem(MissingKey, key.Range, "%s has no tasks: add its tasks, each with an identifier, or remove it", what)
		return
	case KindScalar, KindMapping:
		p.problem(WrongType, p.nodeRange(v), "%s must be a list of tasks, not a %s: start each task with \"- identifier: ...\"", what, kindOf(v))
		return
	}
	ids := map[string]int{}
	var idNames []string
	type dep struct {
		s    *String
		task int
	}
	var deps []dep
	for i, it := range v.Content {
		it = p.resolve(it)
		task := fmt.Sprintf("%s[%d]", what, i)
		if kindOf(it) != KindMapping {
			p.problem(WrongType, p.nullRange(it, key), "%s is a %s, not a task: write a mapping with identifier and, as needed, buildspec, env, ignore-failure", task, kindOf(it))
			continue
		}
		var id *String
		for _, f := range p.pairs(it, " in "+task) {
			fk, fv := p.key(f.key), p.resolve(f.val)
			switch f.key.Value {
			case "identifier":
				if id = p.scalarField(fv, fk, task+".identifier"); id == nil && kindOf(fv) == KindNull {
					p.problem(MissingKey, fk.Range, "%s.identifier is empty: name the task", task)
				}
			case "buildspec":
				p.scalarField(fv, fk, task+".buildspec")
			case "debug-session", "ignore-failure":
				p.boolField(fv, fk, task+"."+f.key.Value)
			case "env":
				p.checkBatchEnv(fk, fv, task+".env", false)
			case "depend-on":
				if key.Name != "build-graph" {
					p.problem(MisplacedKey, fk.Range, "depend-on is only read in build-graph tasks, not in %s: use build-graph, or remove depend-on", what)
					continue
				}
				switch kindOf(fv) {
				case KindSequence:
					for j, d := range fv.Content {
						if d = p.resolve(d); kindOf(d) == KindScalar {
							deps = append(deps, dep{p.scalar(d), i})
						} else if kindOf(d) != KindNull {
							p.problem(WrongType, p.nodeRange(d), "%s.depend-on[%d] is a %s, not an identifier", task, j, kindOf(d))
						}
					}
				case KindScalar:
					p.problem(UndocumentedForm, p.nodeRange(fv), "%s.depend-on is a string, but CodeBuild documents a list of identifiers: write each identifier as a list item starting with \"- \"", task)
					deps = append(deps, dep{p.scalar(fv), i})
				case KindMapping:
					p.wrongType(fv, fk.Range, task+".depend-on", KindSequence)
				}
			default:
				if known("batch/env", f.key.Value) {
					p.problem(MisplacedKey, fk.Range, "%s is not read in %s: it belongs in the task's env (%s.env.%s); move it there", fk.Name, task, task, fk.Name)
					continue
				}
				p.unknownKey(f.key, "batch/"+key.Name, " in "+task)
			}
		}
		if id == nil {
			if !p.hasKey(it, "identifier") {
				p.problem(MissingKey, p.nodeRange(it), "%s has no identifier: every batch task needs one; add identifier: <name>", task)
			}
			continue
		}
		if first, dup := ids[id.Value]; dup {
			p.problem(InvalidValue, id.Range, "identifier %q is already used by %s[%d]: each task of a batch needs its own identifier; rename one", id.Value, what, first)
			continue
		}
		ids[id.Value] = i
		idNames = append(idNames, id.Value)
	}
	var edges []edge
	// A did-you-mean costs a pass over the identifiers: past a budget of comparisons (a
	// generated or hostile file), the rest are reported without one.
	budget := 1 << 18
	for _, d := range deps {
		if to, ok := ids[d.s.Value]; ok {
			if to == d.task {
				p.problem(InvalidValue, d.s.Range, "task %s depends on itself: remove it from its own depend-on", d.s.Value)
			} else {
				edges = append(edges, edge{d.task, to, d.s})
			}
			continue
		}
		msg := fmt.Sprintf("depend-on names %q, but no task of %s has that identifier", d.s.Value, what)
		if budget -= len(idNames); budget < 0 {
			msg += "; name one of its tasks"
		} else if c := suggest.Closest(d.s.Value, idNames); c != "" {
			msg += fmt.Sprintf(": did you mean %q?", c)
		} else {
			msg += "; name one of its tasks"
		}
		p.problem(InvalidValue, d.s.Range, "%s", msg)
	}
	if cycle := dependencyCycle(len(v.Content), edges); cycle != nil {
		var names []string
		for _, e := range cycle {
			names = append(names, e.s.Value) // the task each edge leads to
		}
		if len(names) > 8 {
			names = append(names[:4:4], "...", names[len(names)-3], names[len(names)-2], names[len(names)-1])
		}
		last := cycle[len(cycle)-1]
		p.problem(InvalidValue, last.s.Range, "depend-on closes a cycle (%s -> %s): none of these tasks can start; remove one of these dependencies",
			last.s.Value, strings.Join(names, " -> "))
	}
}

// edge is a dependency of a build graph: task from depends on task to, as written at s.
type edge struct {
	from, to int
	s        *String
}

// dependencyCycle returns the edges of a cycle of dependencies among n tasks, in order, or nil.
// Tasks whose dependencies can all finish are taken out first; every task left lies on a cycle or
// depends on one, so following dependencies among them reaches a cycle. No recursion: a graph can
// hold thousands of tasks.
func dependencyCycle(n int, edges []edge) []edge {
	out := make([][]edge, n)
	pending := make([]int, n)
	dependents := make([][]int, n)
	for _, e := range edges {
		out[e.from] = append(out[e.from], e)
		pending[e.from]++
		dependents[e.to] = append(dependents[e.to], e.from)
	}
	var ready []int
	for t, k := range pending {
		if k == 0 {
			ready = append(ready, t)
		}
	}
	for len(ready) > 0 {
		t := ready[len(ready)-1]
		ready = ready[:len(ready)-1]
		for _, d := range dependents[t] {
			if pending[d]--; pending[d] == 0 {
				ready = append(ready, d)
			}
		}
	}
	start := -1
	for t, k := range pending {
		if k > 0 {
			start = t
			break
		}
	}
	if start < 0 {
		return nil
	}
	at := map[int]int{} // task -> its index in path
	var path []edge
	for t := start; ; {
		if i, ok := at[t]; ok {
			return path[i:]
		}
		at[t] = len(path)
		for _, e := range out[t] {
			if pending[e.to] > 0 {
				path = append(path, e)
				t = e.to
				break
			}
		}
	}
}

// hasKey reports whether mapping m has key name (merges applied).
func (p *parser) hasKey(m *yaml.Node, name string) bool {
	for _, f := range p.pairs(m, "") {
		if f.key.Value == name {
			return true
		}
	}
	return false
}

// checkBatchEnv checks the env of a batch task or of a build matrix: its keys, their types, and
// compute-type and fleet not both set. In a matrix's dynamic env each value may be a list (one
// build per value).
func (p *parser) checkBatchEnv(key Key, v *yaml.Node, what string, dynamic bool) {
	fields, ok := p.mapping(v, key, what)
	if !ok {
		return
	}
	var compute, fleet *Key
	for _, f := range fields {
		fk, fv := p.key(f.key), p.resolve(f.val)
		switch f.key.Value {
		case "compute-type", "fleet", "image", "type":
			if f.key.Value == "compute-type" {
				k := fk // a copy: taking fk's address would allocate every field's key
				compute = &k
			} else if f.key.Value == "fleet" {
				k := fk // a copy: taking fk's address would allocate every field's key
				fleet = &k
			}
			if dynamic && kindOf(fv) == KindSequence {
				p.pathItems(fv, what+"."+f.key.Value)
				continue
			}
			p.scalarField(fv, fk, what+"."+f.key.Value)
		case "privileged-mode":
			p.boolField(fv, fk, what+".privileged-mode")
		case "variables":
			vars, ok := p.mapping(fv, fk, what+".variables")
			if !ok {
				continue
			}
			for _, vv := range vars {
				vk, vval := p.key(vv.key), p.resolve(vv.val)
				if dynamic && kindOf(vval) == KindSequence {
					p.pathItems(vval, what+".variables."+vk.Name)
					continue
				}
				if kindOf(vval) == KindMapping || kindOf(vval) == KindSequence {
					p.wrongType(vval, vk.Range, what+".variables."+vk.Name, KindScalar)
				}
			}
		default:
			p.unknownKey(f.key, "batch/env", " in "+what)
		}
	}
	if compute != nil && fleet != nil {
		p.problem(InvalidValue, fleet.Range, "%s sets both compute-type and fleet: a task runs either on a compute type or on a fleet, not both; remove one", what)
	}
}

// pathItems checks that the items of a list are strings.
func (p *parser) pathItems(v *yaml.Node, what string) {
	for i, it := range v.Content {
		if it = p.resolve(it); kindOf(it) == KindMapping || kindOf(it) == KindSequence {
			p.problem(WrongType, p.nodeRange(it), "%s[%d] is a %s, not a string", what, i, kindOf(it))
		}
	}
}

// checkMatrix checks batch.build-matrix: static (ignore-failure, env) and dynamic (buildspec
// and env, whose values are lists: one build per combination).
func (p *parser) checkMatrix(key Key, v *yaml.Node) {
	fields, ok := p.mapping(v, key, "batch.build-matrix")
	if !ok {
		if kindOf(v) == KindNull {
			p.problem(MissingKey, key.Range, "batch.build-matrix is empty: add dynamic (the values to combine), or remove it")
		}
		return
	}
	for _, f := range fields {
		fk, fv := p.key(f.key), p.resolve(f.val)
		what := "batch.build-matrix." + fk.Name
		switch f.key.Value {
		case "static":
			sf, ok := p.mapping(fv, fk, what)
			if !ok {
				continue
			}
			for _, s := range sf {
				sk, sv := p.key(s.key), p.resolve(s.val)
				switch s.key.Value {
				case "ignore-failure":
					p.boolField(sv, sk, what+".ignore-failure")
				case "env":
					p.checkBatchEnv(sk, sv, what+".env", false)
				default:
					p.unknownKey(s.key, "batch/static", " in "+what)
				}
			}
		case "dynamic":
			df, ok := p.mapping(fv, fk, what)
			if !ok {
				continue
			}
			for _, d := range df {
				dk, dv := p.key(d.key), p.resolve(d.val)
				switch d.key.Value {
				case "buildspec":
					if kindOf(dv) == KindSequence {
						p.pathItems(dv, what+".buildspec")
					} else {
						p.scalarField(dv, dk, what+".buildspec")
					}
				case "env":
					p.checkBatchEnv(dk, dv, what+".env", true)
				default:
					p.unknownKey(d.key, "batch/dynamic", " in "+what)
				}
			}
		default:
			p.unknownKey(f.key, "batch/build-matrix", " in batch.build-matrix")
		}
	}
}

// checkFanout checks batch.build-fanout: parallelism (required, a whole number above zero) and
// ignore-failure (parallel-test-enable.html).
func (p *parser) checkFanout(key Key, v *yaml.Node) {
	if kindOf(v) == KindNull {
		p.problem(MissingKey, key.Range, "batch.build-fanout has no parallelism: add parallelism, the number of builds to run the tests in (above zero)")
		return
	}
	fields, ok := p.mapping(v, key, "batch.build-fanout")
	if !ok {
		return
	}
	has := false
	for _, f := range fields {
		fk, fv := p.key(f.key), p.resolve(f.val)
		switch f.key.Value {
		case "parallelism":
			has = true
			s := p.scalarField(fv, fk, "batch.build-fanout.parallelism")
			if s == nil {
				if kindOf(fv) == KindNull {
					p.problem(MissingKey, fk.Range, "batch.build-fanout.parallelism is empty: write the number of builds to run the tests in (above zero)")
				}
				continue
			}
			if n, err := strconv.Atoi(s.Value); err != nil || n <= 0 {
				p.problem(InvalidValue, s.Range, "batch.build-fanout.parallelism must be a whole number above zero (the number of parallel builds), not %q", s.Value)
			}
		case "ignore-failure":
			p.boolField(fv, fk, "batch.build-fanout.ignore-failure")
		default:
			p.unknownKey(f.key, "batch/build-fanout", " in batch.build-fanout")
		}
	}
	if !has {
		p.problem(MissingKey, key.Range, "batch.build-fanout has no parallelism: add parallelism, the number of builds to run the tests in (above zero)")
	}
}

// files checks the files: list of a report group or an artifact (what): not empty (list says
// what to list), a list of paths.
func (p *parser) files(fk Key, fv *yaml.Node, what, list string) {
	if emptyValue(fv) {
		p.problem(MissingKey, fk.Range, "%s.files is empty: list %s", what, list)
	}
	p.pathList(fv, fk, what+".files")
}
