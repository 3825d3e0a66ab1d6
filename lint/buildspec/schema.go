package buildspec

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/buildspec-lint/buildspec-lint/internal/suggest"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// This file reads a document into the model and checks it against the CodeBuild buildspec
// schema (https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html): the keys
// of each section, their kinds and values, the phases and their commands.

// schema lists the keys CodeBuild documents, by section (build-spec-ref.html).
var schema = map[string][]string{
	"":                      {"version", "run-as", "env", "proxy", "batch", "phases", "reports", "artifacts", "cache", "environment_variables"},
	"env":                   {"shell", "variables", "parameter-store", "secrets-manager", "exported-variables", "git-credential-helper"},
	"environment_variables": {"plaintext", "variables", "parameter-store"},
	"proxy":                 {"upload-artifacts", "logs"},
	"phases":                {"install", "pre_build", "build", "post_build"},
	"phase":                 {"run-as", "on-failure", "runtime-versions", "commands", "finally"},
	"artifacts":             {"files", "name", "discard-paths", "base-directory", "exclude-paths", "enable-symlinks", "s3-prefix", "secondary-artifacts"},
	"cache":                 {"paths", "key", "fallback-keys", "action"},
	"report":                {"files", "base-directory", "discard-paths", "file-format"},
	"batch":                 {"fast-fail", "build-graph", "build-list", "build-matrix", "build-fanout"},
	// The sections inside batch (batch-build-buildspec.html, parallel-test-enable.html); a
	// name with "/" is a path, not a key.
	"batch/build-graph":  {"identifier", "buildspec", "debug-session", "depend-on", "env", "ignore-failure"},
	"batch/build-list":   {"identifier", "buildspec", "debug-session", "env", "ignore-failure"},
	"batch/env":          {"compute-type", "fleet", "image", "privileged-mode", "type", "variables"},
	"batch/build-matrix": {"static", "dynamic"},
	"batch/static":       {"ignore-failure", "env"},
	"batch/dynamic":      {"buildspec", "env"},
	"batch/build-fanout": {"parallelism", "ignore-failure"},
}

// homes says where a key belongs, for keys written in the wrong section (misplaced-key).
var homes = map[string]string{
	"run-as":             "at the top level or in a phase",
	"on-failure":         "in a phase (phases.<name>.on-failure)",
	"runtime-versions":   "in the install phase",
	"commands":           "in a phase (phases.<name>.commands)",
	"finally":            "in a phase (phases.<name>.finally)",
	"shell":              "in env (env.shell)",
	"variables":          "in env (env.variables)",
	"parameter-store":    "in env (env.parameter-store)",
	"secrets-manager":    "in env (env.secrets-manager)",
	"exported-variables": "in env (env.exported-variables)",
	"install":            "in phases",
	"pre_build":          "in phases",
	"build":              "in phases",
	"post_build":         "in phases",
	"files":              "in artifacts, a report or secondary artifact",
	"paths":              "in cache",
	"version":            "at the top level",
	"phases":             "at the top level",
	"env":                "at the top level",
	"artifacts":          "at the top level",
	"reports":            "at the top level",
	"cache":              "at the top level",
}

func (p *parser) unknownKey(k *yaml.Node, section, where string) {
	if home, ok := homes[k.Value]; ok && !known(section, k.Value) {
		p.problem(MisplacedKey, p.scalarRange(k), "%s is not read%s: it belongs %s; move it there", k.Value, where, home)
		return
	}
	msg := fmt.Sprintf("unknown key %q%s", k.Value, where)
	s := suggest.Closest(k.Value, schema[section])
	if s != "" {
		msg += fmt.Sprintf(": did you mean %q?", s)
	} else {
		msg += fmt.Sprintf("; CodeBuild knows %s", strings.Join(schema[section], ", "))
	}
	if pr := p.problem(UnknownKey, p.scalarRange(k), "%s", msg); pr != nil && s != "" && suggest.Unique(k.Value, schema[section]) == s {
		pr.Fix = p.renameKey(k, s)
	}
}

func known(section, key string) bool {
	for _, k := range schema[section] {
		if k == key {
			return true
		}
	}
	return false
}

func kindOf(n *yaml.Node) Kind {
	if n == nil {
		return KindNull
	}
	switch n.Kind {
	case yaml.ScalarNode:
		if n.ShortTag() == "!!null" {
			return KindNull
		}
		return KindScalar
	case yaml.SequenceNode:
		return KindSequence
	case yaml.MappingNode:
		return KindMapping
	}
	return KindNull
}

func (p *parser) wrongType(n *yaml.Node, keyRange source.Range, what string, want Kind) {
	got := kindOf(n)
	rng := keyRange
	if n != nil && got != KindNull {
		rng = p.nodeRange(n)
	}
	p.problem(WrongType, rng, "%s must be a %s, not a %s", what, want, got)
}

func (p *parser) document(doc *yaml.Node, index int) *Buildspec {
	b := &Buildspec{Source: p.src, Doc: index, maxProblems: p.lim.MaxFindings}
	p.spec = b
	root := doc
	if root.Kind == yaml.DocumentNode {
		if len(root.Content) == 0 {
			b.problem(InvalidDocument, p.src.Range(0, 0), "document is empty: a buildspec needs version and phases")
			return b
		}
		root = root.Content[0]
	}
	if root.Kind != yaml.AliasNode {
		p.duplicateKeys(root)
	}
	p.root, p.parents = root, nil
	root = p.resolve(root)
	if root == nil {
		return b
	}
	b.Root = p.nodeRange(root)
	if root.Kind != yaml.MappingNode {
		p.problem(InvalidDocument, b.Root, "a buildspec is a mapping with version and phases, not a %s", kindOf(root))
		if root.Kind == yaml.SequenceNode {
			b.OtherFormat = p.otherList(root)
		}
		return b
	}
	b.OtherFormat = p.otherFormat(root)
	var versionKey *yaml.Node
	var misspeltVersion, misspeltPhases bool
	for i := 0; i+1 < len(root.Content); i += 2 {
		if k, v := root.Content[i], root.Content[i+1]; k.Value == "version" && v.Kind == yaml.ScalarNode {
			p.version = v.Value // read first: what env advises depends on it
		}
	}
	rootPairs := p.pairs(root, "")
	b.Keys = make([]Key, 0, len(rootPairs))
	for _, kv := range rootPairs {
		k, v := kv.key, p.resolve(kv.val)
		key := p.key(k)
		b.Keys = append(b.Keys, key)
		switch k.Value {
		case "version":
			versionKey = k
			if kindOf(v) != KindScalar {
				p.wrongType(v, key.Range, "version", KindScalar)
				continue
			}
			b.Version = p.scalar(v)
		case "run-as":
			b.RunAs = p.scalarValue(v, key, "run-as")
		case "env", "environment_variables":
			b.Env = p.env(k, v)
		case "phases":
			b.PhasesKey = new(Key) // a copy: taking key's address would allocate every key of the loop
			*b.PhasesKey = key
			p.phases(key, v)
		case "proxy":
			b.Proxy = p.entries(key, v, "proxy")
		case "batch":
			b.Batch = &Batch{Key: key, Entries: p.entries(key, v, "batch")}
			p.checkBatch(v)
		case "reports":
			for _, e := range p.entries(key, v, "") {
				b.Reports = append(b.Reports, e)
			}
			p.checkReports(v)
		case "artifacts":
			b.Artifacts = p.entry(k, v, "artifacts")
			p.checkArtifacts(k, v)
		case "cache":
			b.Cache = p.entry(k, v, "cache")
			p.checkCache(k, v)
		default:
			p.unknownKey(k, "", " at the top level")
			// A misspelt version or phases is the cause of the missing key: one finding, the
			// unknown key's did-you-mean, not a second one that the key is missing.
			misspeltVersion = misspeltVersion || suggest.Misspelt(k.Value, "version")
			misspeltPhases = misspeltPhases || suggest.Misspelt(k.Value, "phases")
		}
	}
	if b.Version != nil || versionKey != nil || !misspeltVersion {
		p.checkVersion(b, versionKey)
	}
	p.checkLegacyKeys(b)
	if b.PhasesKey == nil && b.Batch == nil && !misspeltPhases {
		p.problem(MissingKey, p.src.Range(b.Root.Start.Offset, b.Root.Start.Offset+1), "missing key phases: a buildspec needs at least one phase (install, pre_build, build or post_build)")
	}
	p.commandsAsShell(b)
	return b
}

func (p *parser) checkVersion(b *Buildspec, k *yaml.Node) {
	if b.Version == nil {
		if k == nil {
			p.problem(MissingKey, p.src.Range(b.Root.Start.Offset, b.Root.Start.Offset+1), "missing key version: add `version: 0.2` at the top of the buildspec")
		}
		return
	}
	switch b.Version.Value {
	case "0.2", "0.1": // 0.1 is legacy-version's finding (package rules): it still runs
	default:
		p.problem(InvalidValue, b.Version.Range, "unsupported version %q: CodeBuild runs 0.2 (and the legacy 0.1); write version: 0.2", b.Version.Value)
	}
}

// checkLegacyKeys reports version 0.1's key names in a 0.2 document: environment_variables and
// plaintext became env and variables (build-spec-ref.html, version table).
func (p *parser) checkLegacyKeys(b *Buildspec) {
	if b.Version == nil || b.Version.Value != "0.2" {
		return
	}
	for _, k := range b.Keys {
		if k.Name == "environment_variables" {
			p.problem(MisplacedKey, k.Range, "environment_variables is the version 0.1 name: in version 0.2 write env, with the variables under env.variables")
		}
	}
	for _, k := range p.envKeys {
		if k.Name == "plaintext" {
			p.problem(MisplacedKey, k.Range, "plaintext is the version 0.1 name: in version 0.2 write variables")
		}
	}
}

func (p *parser) scalarValue(v *yaml.Node, key Key, what string) *String {
	if kindOf(v) != KindScalar {
		p.wrongType(v, key.Range, what, KindScalar)
		return nil
	}
	return p.scalar(v)
}

// entry builds an Entry for key k and value v, checking v's keys against section (if set).
func (p *parser) entry(k, v *yaml.Node, section string) *Entry {
	var e *Entry
	if kind := kindOf(v); kind == KindScalar {
		e = p.scalarEntry(v)
		e.Key, e.Kind = p.key(k), kind
	} else {
		e = &Entry{Key: p.key(k), Kind: kind}
	}
	e.Range = e.Key.Range
	if v != nil && e.Kind != KindNull {
		e.Range = p.nodeRange(v)
	}
	switch e.Kind {
	case KindSequence:
		for i, it := range v.Content {
			it = p.resolve(it)
			switch kindOf(it) {
			case KindScalar:
				if e.Items == nil {
					e.Items = make([]*String, 0, len(v.Content)-i)
				}
				e.Items = append(e.Items, p.scalar(it))
			case KindMapping, KindSequence:
				e.Elems = append(e.Elems, p.entry(it, it, ""))
			}
		}
	case KindMapping:
		// The keys are checked against section; "secondary-artifact" is one secondary
		// artifact, checked against the keys of artifacts.
		keys, where := section, " in "+k.Value
		if section == "secondary-artifact" {
			keys, where = "artifacts", " in secondary artifact "+k.Value
		}
		fields := p.pairs(v, where)
		if len(fields) > 0 {
			e.Fields = make([]*Entry, 0, len(fields))
		}
		for _, kv := range fields {
			if _, checked := schema[keys]; keys != "" && checked && !known(keys, kv.key.Value) {
				p.unknownKey(kv.key, keys, where)
			}
			sub := ""
			switch {
			case section == "artifacts" && kv.key.Value == "secondary-artifacts":
				sub = "secondary-artifacts"
			case section == "secondary-artifacts":
				sub = "secondary-artifact"
			}
			e.Fields = append(e.Fields, p.entry(kv.key, p.resolve(kv.val), sub))
		}
	}
	return e
}

// scalarEntry returns an Entry whose Value is scalar node n's String, allocated together (with
// the String's segment, when it has one, as most values do).
func (p *parser) scalarEntry(n *yaml.Node) *Entry {
	var s String
	p.scanScalar(&s, n)
	if len(s.segs) == 1 {
		x := &struct {
			e   Entry
			s   String
			seg [1]segment
		}{s: s}
		x.seg[0] = s.segs[0]
		x.s.segs = x.seg[:]
		x.e.Value = &x.s
		return &x.e
	}
	x := &struct {
		e Entry
		s String
	}{s: s}
	x.s.segs = slices.Clone(s.segs)
	x.e.Value = &x.s
	return &x.e
}

// entries returns the entries of a mapping value, checking their keys against section.
func (p *parser) entries(key Key, v *yaml.Node, section string) []*Entry {
	if kindOf(v) == KindNull {
		return nil
	}
	if v.Kind != yaml.MappingNode {
		p.wrongType(v, key.Range, key.Name, KindMapping)
		return nil
	}
	fields := p.pairs(v, " in "+key.Name)
	if len(fields) == 0 {
		return nil
	}
	out := make([]*Entry, 0, len(fields))
	for _, kv := range fields {
		if section != "" && !known(section, kv.key.Value) {
			p.unknownKey(kv.key, section, " in "+key.Name)
		}
		sub := ""
		if key.Name == "reports" {
			sub = "report"
		}
		out = append(out, p.entry(kv.key, p.resolve(kv.val), sub))
	}
	return out
}

func (p *parser) env(k, v *yaml.Node) *Env {
	key := p.key(k)
	e := &Env{Key: key}
	if kindOf(v) == KindNull {
		return e
	}
	if v.Kind != yaml.MappingNode {
		p.wrongType(v, key.Range, k.Value, KindMapping)
		return e
	}
	section := "env"
	if k.Value == "environment_variables" {
		section = "environment_variables"
	}
	for _, kv := range p.pairs(v, " in "+k.Value) {
		ek, ev := kv.key, p.resolve(kv.val)
		ekey := p.key(ek)
		p.envKeys = append(p.envKeys, ekey)
		switch ek.Value {
		case "shell":
			e.Shell = p.scalarValue(ev, ekey, "env.shell")
			if e.Shell != nil {
				p.checkShell(e.Shell)
			}
		case "variables", "plaintext":
			e.Variables = p.entries(ekey, ev, "")
		case "parameter-store":
			e.ParameterStore = p.entries(ekey, ev, "")
		case "secrets-manager":
			e.SecretsManager = p.entries(ekey, ev, "")
		case "exported-variables":
			if kindOf(ev) == KindSequence {
				for _, it := range ev.Content {
					if it = p.resolve(it); kindOf(it) == KindScalar {
						e.ExportedVariables = append(e.ExportedVariables, p.scalar(it))
					}
				}
			} else if kindOf(ev) != KindNull {
				p.wrongType(ev, ekey.Range, "env.exported-variables", KindSequence)
			}
		case "git-credential-helper":
			e.GitCredential = p.scalarValue(ev, ekey, "env.git-credential-helper")
		default:
			if home := p.variablesHome(); isVariableName(ek.Value) && suggest.Closest(ek.Value, schema[section]) == "" {
				p.problem(UnknownKey, ekey.Range, "unknown key %q in %s: a variable goes under %s", ek.Value, k.Value, home)
				continue
			}
			p.unknownKey(ek, section, " in "+k.Value)
		}
	}
	return e
}

// variablesHome is where the document's plain-text variables go: env.variables, or
// environment_variables.plaintext in a version 0.1 document.
func (p *parser) variablesHome() string {
	if p.version == "0.1" {
		return "environment_variables.plaintext"
	}
	return "env.variables"
}

// isVariableName reports whether k looks like an environment variable's name: upper-case
// letters, digits and underscores, starting with a letter or underscore.
func isVariableName(k string) bool {
	if k == "" || k[0] >= '0' && k[0] <= '9' {
		return false
	}
	for i := 0; i < len(k); i++ {
		if c := k[i]; !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// documentedShells are the env.shell values CodeBuild documents (build-spec-ref.html).
var documentedShells = []string{"bash", "/bin/sh", "powershell.exe", "cmd.exe"}

func (p *parser) checkShell(s *String) {
	for _, d := range documentedShells {
		if s.Value == d {
			return
		}
	}
	p.problem(UndocumentedShell, s.Range, "env.shell %q is not documented by CodeBuild (bash, /bin/sh, powershell.exe, cmd.exe); it may work, but prefer a documented value", s.Value)
}

func (p *parser) phases(key Key, v *yaml.Node) {
	if kindOf(v) == KindNull {
		p.problem(EmptyPhase, key.Range, "phases is empty: add at least one phase with commands")
		return
	}
	if v.Kind != yaml.MappingNode {
		p.wrongType(v, key.Range, "phases", KindMapping)
		return
	}
	phases := p.pairs(v, " in phases")
	if p.spec.Phases == nil && len(phases) > 0 {
		p.spec.Phases = make([]*Phase, 0, len(phases))
	}
	for _, kv := range phases {
		if !known("phases", kv.key.Value) {
			p.unknownKey(kv.key, "phases", " in phases (phase names are fixed)")
			continue
		}
		p.phase(kv.key, p.resolve(kv.val))
	}
}

// validOnFailure reports whether v is a documented on-failure value: ABORT, CONTINUE, RETRY,
// RETRY-<count>, RETRY-<regex> and RETRY-<count>-<regex> (build-spec-ref.html); the regexp
// ^(ABORT|CONTINUE|RETRY(-\d+)?(-.+)?)$ by hand.
func validOnFailure(v string) bool {
	switch {
	case v == "ABORT", v == "CONTINUE", v == "RETRY":
		return true
	}
	return strings.HasPrefix(v, "RETRY-") && len(v) > len("RETRY-") && !strings.Contains(v, "\n")
}

// checkOnFailure checks a phase's on-failure value: a documented form, a retry count of at most
// 100, and the documented upper case. A value that differs from a documented one only in the
// case of ABORT, CONTINUE or RETRY is an undocumented form, not an error: the reference lists
// the values in upper case, but some of its own examples write them otherwise.
func (p *parser) checkOnFailure(s *String) {
	if s == nil {
		return
	}
	upper := upperOnFailure(s.Value)
	if n, ok := retryCount(s); ok && n > 100 {
		p.problem(InvalidValue, s.Range, "on-failure %s: the retry count is at most 100; write a count from 0 to 100", s.Value)
		return
	}
	if validOnFailure(s.Value) {
		return
	}
	if upper != s.Value && validOnFailure(upper) {
		p.problem(UndocumentedForm, s.Range, "on-failure %s is not in the documented upper case: the reference lists ABORT, CONTINUE and RETRY (some of its own examples use other cases, and the lower case is not documented to work); write %s", s.Value, upper)
		return
	}
	msg := fmt.Sprintf("on-failure must be ABORT, CONTINUE, RETRY, RETRY-<count>, RETRY-<regex> or RETRY-<count>-<regex>, not %q", s.Value)
	if c := nearestOnFailure(s.Value); c != "" {
		msg += fmt.Sprintf(": did you mean %s?", c)
	}
	p.problem(InvalidValue, s.Range, "%s", msg)
}

// upperOnFailure returns v with its keyword (ABORT, CONTINUE, RETRY) in upper case and the rest
// (a count, a regex) as written, or v when it starts with no keyword in any case.
func upperOnFailure(v string) string {
	for _, w := range []string{"ABORT", "CONTINUE", "RETRY"} {
		if strings.EqualFold(v, w) {
			return w
		}
	}
	if len(v) > len("RETRY-") && strings.EqualFold(v[:len("RETRY-")], "RETRY-") {
		return "RETRY-" + v[len("RETRY-"):]
	}
	return v
}

// retryCount returns the count of an on-failure RETRY-<count> or RETRY-<count>-<regex> (a count
// is digits only; RETRY-<regex> has none). The keyword is matched in any case.
func retryCount(v *String) (int, bool) {
	if v == nil {
		return 0, false
	}
	rest, ok := strings.CutPrefix(upperOnFailure(v.Value), "RETRY-")
	if !ok {
		return 0, false
	}
	digits, _, _ := strings.Cut(rest, "-")
	if digits == "" || strings.Trim(digits, "0123456789") != "" {
		return 0, false
	}
	if digits = strings.TrimLeft(digits, "0"); len(digits) > 4 {
		return 99999, true // any count this long is over the limit
	}
	n, err := strconv.Atoi("0" + digits)
	return n, err == nil
}

// nearestOnFailure returns the valid on-failure value that v most likely means ("abort" ->
// ABORT, "retry_3" -> RETRY-3, "CONTINUE_" -> CONTINUE), or "".
func nearestOnFailure(v string) string {
	u := strings.ToUpper(strings.TrimSpace(v))
	if strings.HasPrefix(u, "RETRY") {
		// keep the count and regex as written: upper-casing a regex changes what it matches
		rest := strings.TrimLeft(strings.TrimSpace(v)[len("RETRY"):], "-_ :=")
		if rest == "" {
			return "RETRY"
		}
		if c := "RETRY-" + rest; validOnFailure(c) {
			return c
		}
	}
	if validOnFailure(u) {
		return u
	}
	return suggest.Closest(u, []string{"ABORT", "CONTINUE", "RETRY"})
}

func (p *parser) phase(k, v *yaml.Node) {
	ph := &Phase{Name: k.Value, Key: p.key(k)}
	p.spec.Phases = append(p.spec.Phases, ph)
	if kindOf(v) == KindNull {
		p.problem(EmptyPhase, ph.Key.Range, "phase %s is empty: give it commands or remove it", ph.Name)
		return
	}
	if v.Kind != yaml.MappingNode {
		p.wrongType(v, ph.Key.Range, "phase "+ph.Name, KindMapping)
		return
	}
	hasCommands := false
	ph.Range = p.nodeRange(v)
	phasePairs := p.pairs(v, " in phase "+ph.Name)
	ph.Keys = make([]Key, 0, len(phasePairs))
	for _, kv := range phasePairs {
		pk, pv := kv.key, p.resolve(kv.val)
		key := p.key(pk)
		ph.Keys = append(ph.Keys, key)
		switch pk.Value {
		case "run-as":
			ph.RunAs = p.scalarValue(pv, key, ph.Name+".run-as")
		case "on-failure":
			ph.OnFailure = p.scalarValue(pv, key, ph.Name+".on-failure")
			p.checkOnFailure(ph.OnFailure)
		case "runtime-versions":
			ph.RuntimeKey = new(Key) // a copy: taking key's address would allocate every key of the loop
			*ph.RuntimeKey = key
			if kindOf(pv) != KindNull {
				ph.RuntimeRange = p.nodeRange(pv)
			}
			if ph.Name != "install" {
				p.problem(MisplacedKey, key.Range, "runtime-versions is only read in the install phase, not in %s: move it to install", ph.Name)
			}
			if kindOf(pv) == KindMapping {
				for _, rv := range p.pairs(pv, " in runtime-versions") {
					ph.RuntimeVersions = append(ph.RuntimeVersions, p.entry(rv.key, p.resolve(rv.val), ""))
				}
			} else if kindOf(pv) != KindNull {
				p.wrongType(pv, key.Range, "runtime-versions", KindMapping)
			}
		case "commands":
			hasCommands = true
			ph.Commands = p.commands(pv, key, ph.Name, false)
			if kindOf(pv) == KindNull || (kindOf(pv) == KindSequence && len(pv.Content) == 0) {
				p.problem(EmptyPhase, key.Range, "%s.commands is empty: add commands or remove the phase", ph.Name)
			}
		case "finally":
			ph.Finally = p.commands(pv, key, ph.Name, true)
		default:
			p.unknownKey(pk, "phase", " in phase "+ph.Name)
		}
	}
	if !hasCommands && ph.Name != "install" {
		p.problem(MissingKey, ph.Key.Range, "phase %s has no commands: CodeBuild requires commands in %s", ph.Name, ph.Name)
	}
}

func (p *parser) commands(v *yaml.Node, key Key, phase string, finally bool) []*Command {
	list := "commands"
	if finally {
		list = "finally"
	}
	switch kindOf(v) {
	case KindNull:
		return nil
	case KindScalar:
		// A string instead of a list: the reference documents a list and does not say how a
		// string is read; the linter checks it as one command.
		c := p.command(v, phase, finally, 0)
		p.problem(UndocumentedForm, c.Range, "%s.%s is a string, but CodeBuild documents a list of commands and does not say how it reads a string: write each command as a list item starting with \"- \"", phase, list)
		return []*Command{c}
	case KindMapping:
		p.problem(WrongType, p.nodeRange(v), "%s.%s must be a list of strings, not a mapping: start each command with \"- \"", phase, list)
		return nil
	}
	var out []*Command
	for i, it := range v.Content {
		if p.ncommands++; p.ncommands > p.lim.MaxCommands {
			if p.ncommands == p.lim.MaxCommands+1 {
				p.problem(YAMLSyntax, p.nodeRange(it), "the document has more than %d commands: the rest are not checked; raise limits.max-commands in .buildspec-lint.yaml if this file is genuine", p.lim.MaxCommands)
			}
			break
		}
		written := it
		it = p.resolve(it)
		switch kindOf(it) {
		case KindScalar:
			p.yamlInCommand(written, it)
			if out == nil {
				out = make([]*Command, 0, min(len(v.Content)-i, p.lim.MaxCommands-p.ncommands+1))
			}
			out = append(out, p.command(it, phase, finally, i))
		case KindMapping:
			why := "an unquoted \": \" made YAML read a key"
			if p.endsWithColon(it) {
				why = "the line ends with \":\", which made YAML read a key"
			}
			p.problem(WrongType, p.nodeRange(it), "%s.%s[%d] is a mapping, not a string: %s; quote the whole command (CodeBuild fails with \"Expected Commands[%d] to be of string type\")",
				phase, list, i, why, i)
		case KindSequence:
			p.problem(WrongType, p.nodeRange(it), "%s.%s[%d] is a list, not a string: write each command as one string", phase, list, i)
		case KindNull:
			r := p.nullRange(written, key)
			fix := "remove the item or write its command"
			if p.commentOnly(r) {
				fix = "keep the comment without its dash, or write the command"
			}
			p.problem(UndocumentedForm, r, "%s.%s[%d] is empty%s, but CodeBuild documents each command as a string and does not say what it does with an empty one: %s", phase, list, i, p.emptyWhy(r), fix)
		}
	}
	return out
}

// command makes the Command of a scalar node, allocated with its String (and the String's
// segment, when it has one, as most commands do).
func (p *parser) command(n *yaml.Node, phase string, finally bool, index int) *Command {
	var s String
	p.scanScalar(&s, n)
	if len(s.segs) == 1 {
		x := &struct {
			c   Command
			s   String
			seg [1]segment
		}{s: s}
		x.seg[0] = s.segs[0]
		x.s.segs = x.seg[:]
		x.c = Command{String: &x.s, Phase: phase, Finally: finally, Index: index}
		return &x.c
	}
	x := &struct {
		c Command
		s String
	}{s: s}
	x.s.segs = slices.Clone(s.segs)
	x.c = Command{String: &x.s, Phase: phase, Finally: finally, Index: index}
	return &x.c
}

// yamlInCommand reports a command item that starts with YAML's anchor or alias syntax: in
// `- &cmake ..` the anchor &cmake is not part of the command, which is ".." alone, and `- *cmake`
// is not a command but runs the anchored item again. written is the item as written, value the
// scalar it resolves to. A block or quoted scalar after the anchor is not reported.
func (p *parser) yamlInCommand(written, value *yaml.Node) {
	if value.Style&(yaml.LiteralStyle|yaml.FoldedStyle|yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
		// `- &build |` and `- &x "..."`: the anchor is plainly YAML's, and an alias of it is
		// deliberate reuse; only a plain scalar reads as if & or * were the shell's.
		return
	}
	switch {
	case written.Kind == yaml.AliasNode:
		off := p.src.Offset(written.Line, written.Column)
		p.problem(YAMLAnchorInCommand, p.src.Range(off, min(off+1+len(written.Value), len(p.src.Data))),
			"%q is a YAML alias, not a command: this item runs %q from line %d again; write the command out, or quote the item if %q is meant for the shell",
			"*"+written.Value, value.Value, value.Line, "*"+written.Value)
	case value.Anchor != "":
		off := p.src.Offset(value.Line, value.Column)
		p.problem(YAMLAnchorInCommand, p.src.Range(off, min(off+1+len(value.Anchor), len(p.src.Data))),
			"%q is a YAML anchor, not part of the command: this item runs %q only; remove the anchor, or quote the whole item if %q belongs to the command",
			"&"+value.Anchor, value.Value, "&"+value.Anchor)
	}
}

// endsWithColon reports whether the first key of mapping m is followed by ":" and the end of
// its line (or a comment), not by ": " and a value: `- echo Installing:` read as a key.
func (p *parser) endsWithColon(m *yaml.Node) bool {
	if len(m.Content) < 2 || m.Content[0].Kind != yaml.ScalarNode {
		return false
	}
	end := p.scalarRange(m.Content[0]).End.Offset
	data := p.src.Data
	for end < len(data) && (data[end] == ' ' || data[end] == '\t') {
		end++
	}
	if end >= len(data) || data[end] != ':' {
		return false
	}
	rest := data[end+1:]
	if i := bytes.IndexByte(rest, '\n'); i >= 0 {
		rest = rest[:i]
	}
	rest = bytes.TrimSpace(rest)
	return len(rest) == 0 || rest[0] == '#'
}
