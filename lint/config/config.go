package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/bmatcuk/doublestar/v4"
	"github.com/google/go-containerregistry/pkg/name"
	"go.yaml.in/yaml/v3"

	"github.com/buildspec-lint/buildspec-lint/internal/fsutil"
	"github.com/buildspec-lint/buildspec-lint/internal/lazyregexp"
	"github.com/buildspec-lint/buildspec-lint/internal/suggest"
	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
	"github.com/buildspec-lint/buildspec-lint/lint/finding"
	"github.com/buildspec-lint/buildspec-lint/lint/image"
)

// Names are the names of the configuration file, in the order they are looked for in
// each directory.
var Names = []string{".buildspec-lint.yaml", ".buildspec-lint.yml"}

// Config is a .buildspec-lint.yaml (schema/buildspec-lint.schema.json):
//
//	rules: {BSL102: off, dockerd-no-wait: error}   # by ID or name: off, error, warning, notice
//	exclude: ["vendor/**"]                         # doublestar globs, relative to the config's directory
//	discover: ["ci/*.yml"]                         # more files to lint when a directory is searched
//	tools: [make]                                  # tools every build image has
//	image: ci                                      # the default image
//	images:
//	  ci: {dockerfile: docker/Dockerfile, tools: [make], dockerd: manual}
//	  standard: {image: aws/codebuild/standard:7.0, docker: server}  # docker: daemon, server or none
//	  ecr: {ref: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/ci:2026-11, platform: linux/arm64}
//	  local: {ref: "oci:images/ci"}                 # or docker-archive:ci.tar, relative to the configuration
//	buildspecs:
//	  - {files: "infra/**", image: standard, tools: [terraform], rules: {BSL102: off}}
//	  - {files: "fleet/**", compute: reserved}                        # compute: ec2, lambda or reserved
//	limits: {max-file-size: 1MiB, max-alias-nodes: 100000, max-commands: 20000, max-findings-per-rule: 1000}
//	workflows: false                               # do not lint GitHub Actions workflows and composite actions
//	runners:                                       # the image of a workflow job's runs-on label or container
//	  my-runner: {image: ci}
type Config struct {
	// Path is the file as it is shown in messages; Dir is its directory, to which globs and
	// Dockerfile paths are relative.
	Path, Dir string
	// Rules are severity overrides by rule ID; SeverityNone turns a rule off.
	Rules    map[string]finding.Severity
	Exclude  []string
	Discover []string
	// Tools are added to every file's image.
	Tools []string
	// Image is the default image's name ("" for none) and ImageOrigin where it was set.
	Image, ImageOrigin string
	// Images are the named images, with Dockerfile paths, and the paths of oci: and
	// docker-archive: references, relative to the working directory.
	Images map[string]*image.Spec
	// Buildspecs bind files to images, tools and rule settings; the first match applies.
	Buildspecs []*Buildspecs
	// MaxFileSize is the largest file read (0: the default).
	MaxFileSize int64
	// Limits are the parser's limits (zero fields: the defaults).
	Limits buildspec.Limits
	// NoWorkflows says that GitHub Actions workflows and composite actions are not linted
	// (workflows: false); NoWorkflowsOrigin is where it was set.
	NoWorkflows       bool
	NoWorkflowsOrigin string
	// Runners bind runs-on labels (self-hosted or any other) and container image references of
	// workflow jobs to images, by label as written in the configuration.
	Runners map[string]*Runner

	// cwd is the working directory when the configuration was parsed and absDir is Dir made
	// absolute against it, so that relPath asks the system for neither on every file.
	cwd, absDir string
}

// Buildspecs is one entry of buildspecs:.
type Buildspecs struct {
	Files              string
	Image, ImageOrigin string
	Tools              []string
	Rules              map[string]finding.Severity
	// Compute and Docker override the image's (zero: keep), set at ComputeOrigin and DockerOrigin.
	Compute                     image.Compute
	Docker                      image.Docker
	ComputeOrigin, DockerOrigin string
}

// Runner is one entry of runners:: the image a runs-on label or a container reference stands for.
type Runner struct {
	// Image is a name of images: or a built-in image; Origin is where the entry is written.
	Image, Origin string
}

// NoWorkflowsSet reports whether the configuration says workflows: false (false for a nil one).
func (c *Config) NoWorkflowsSet() bool { return c != nil && c.NoWorkflows }

// RunnerImages returns runners: as labels mapped to image names (nil for none).
func (c *Config) RunnerImages() map[string]string {
	if c == nil || len(c.Runners) == 0 {
		return nil
	}
	out := make(map[string]string, len(c.Runners))
	for l, r := range c.Runners {
		out[l] = r.Image
	}
	return out
}

// File is what a configuration says about one file.
type File struct {
	// Image is the name of the file's image ("" for none) and ImageOrigin where it was chosen.
	Image, ImageOrigin string
	// Tools are added to the file's image.
	Tools []string
	// Compute and Docker override the image's (zero: keep), set at ComputeOrigin and
	// DockerOrigin (the first matching buildspecs: entry that sets them).
	Compute                     image.Compute
	Docker                      image.Docker
	ComputeOrigin, DockerOrigin string
	// Severity are the severity overrides by rule ID (SeverityNone: off).
	Severity map[string]finding.Severity
}

// Error is a mistake at a position of a configuration file.
type Error struct {
	Path      string
	Line, Col int
	Msg       string
}

func (e *Error) Error() string {
	if e.Line <= 0 {
		return e.Path + ": " + e.Msg
	}
	return fmt.Sprintf("%s:%d:%d: %s", e.Path, e.Line, e.Col, e.Msg)
}

// Errors are all the mistakes of one configuration file, in file order.
type Errors []*Error

func (es Errors) Error() string {
	var b strings.Builder
	for i, e := range es {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Options are what a configuration is checked against.
type Options struct {
	// Rules are the known rules (rules: and buildspecs[].rules name them).
	Rules finding.Rules
	// BuiltinImages are the names of the built-in image inventories.
	BuiltinImages []string
}

// Find looks for a configuration file in dir and its parents, up to the repository root
// (a directory holding .git) or the file system root. It returns "" when there is none.
func Find(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for d := abs; ; {
		if p, stop := InDir(d); p != "" || stop {
			return p, nil
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", nil
		}
		d = parent
	}
}

// InDir returns the configuration file in the absolute directory dir ("" for none), and
// whether the search upwards stops there (dir is a repository root: it holds .git). Find
// is InDir on dir and its parents; a caller that looks up many directories can cache it.
func InDir(dir string) (path string, stop bool) {
	for _, name := range Names {
		p := filepath.Join(dir, name)
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p, true
		}
	}
	_, err := os.Lstat(filepath.Join(dir, ".git"))
	return "", err == nil
}

// Load reads and checks the configuration file at path. Errors are Errors (or the
// error that kept the file from being read).
func Load(path string, opts Options) (*Config, error) {
	data, err := fsutil.ReadRegularFile(path, MaxSize)
	if err != nil {
		return nil, Errors{{Path: path, Msg: "cannot read the configuration: " + err.Error()}}
	}
	return Parse(path, data, opts)
}

// MaxSize is the largest configuration file read (1 MiB; real ones are a few hundred bytes).
const MaxSize = 1 << 20

// configKeys are the keys of each mapping of the configuration, for did-you-mean. The schema
// test checks schema/buildspec-lint.schema.json against them.
var configKeys = map[string][]string{
	"":           {"rules", "exclude", "discover", "tools", "image", "images", "buildspecs", "limits", "workflows", "runners"},
	"runners":    {"image"},
	"images":     {"dockerfile", "image", "ref", "platform", "tools", "dockerd", "compute", "docker"},
	"buildspecs": {"files", "image", "tools", "rules", "compute", "docker"},
	"limits":     {"max-file-size", "max-alias-nodes", "max-commands", "max-findings-per-rule"},
}

// Keys returns the keys a section of the configuration accepts ("" is the top level;
// "images" and "buildspecs" are the keys of one entry).
func Keys(section string) []string { return append([]string(nil), configKeys[section]...) }

type configParser struct {
	path string
	opts Options
	errs Errors
	cfg  *Config
	// imageRefs are image names to check once images: is read.
	imageRefs []*yaml.Node
	// nodes counts the values reached through aliases, against maxConfigAliasNodes.
	nodes int
}

// maxConfigErrors is how many errors of one configuration are shown.
const maxConfigErrors = 50

// maxConfigAliasNodes bounds the values a configuration reaches through aliases (alias bombs).
const maxConfigAliasNodes = 10_000

func (p *configParser) errorf(n *yaml.Node, format string, args ...any) {
	// A message lists names (every image of the configuration for an unknown one): cut it as a
	// finding's, so that thousands of errors of a hostile file cost little.
	e := &Error{Path: p.path, Msg: finding.ElideMessage(fmt.Sprintf(format, args...))}
	if n != nil {
		e.Line, e.Col = n.Line, n.Column
	}
	p.errs = append(p.errs, e)
}

func (p *configParser) origin(n *yaml.Node) string {
	return fmt.Sprintf("%s:%d:%d", p.path, n.Line, n.Column)
}

var yamlErrLineRe = lazyregexp.New(`^yaml: line (\d+): (.*)$`)

// Parse reads a configuration from data; path names it in messages and its directory is
// the base of relative paths.
func Parse(path string, data []byte, opts Options) (cfg *Config, err error) {
	p := &configParser{path: path, opts: opts, cfg: &Config{Path: path, Dir: filepath.Dir(path)}}
	if wd, err := os.Getwd(); err == nil {
		p.cfg.cwd = wd
		p.cfg.absDir = p.cfg.abs(p.cfg.Dir)
	}
	defer func() {
		if r := recover(); r != nil { // the YAML library must never take the run down
			cfg, err = nil, Errors{{Path: path, Msg: fmt.Sprint("invalid YAML: ", r)}}
		}
	}()
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return p.cfg, nil // an empty file is an empty configuration
		}
		e := &Error{Path: path, Msg: "invalid YAML: " + strings.TrimPrefix(err.Error(), "yaml: ")}
		if m := yamlErrLineRe().FindStringSubmatch(err.Error()); m != nil {
			e.Line, _ = strconv.Atoi(m[1])
			e.Col = 1
			e.Msg = "invalid YAML: " + m[2]
		}
		return nil, Errors{e}
	}
	var next yaml.Node
	if err := dec.Decode(&next); err == nil {
		p.errorf(&next, "a configuration is one YAML document: remove this one")
	}
	root := &doc
	if root.Kind == yaml.DocumentNode && len(root.Content) > 0 {
		root = root.Content[0]
	}
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		return p.cfg, nil
	}
	p.top(root)
	if len(p.errs) > 0 {
		sort.SliceStable(p.errs, func(i, j int) bool {
			a, b := p.errs[i], p.errs[j]
			return a.Line < b.Line || a.Line == b.Line && a.Col < b.Col
		})
		if n := len(p.errs); n > maxConfigErrors { // a hostile file must not flood the terminal
			p.errs = append(p.errs[:maxConfigErrors], &Error{Path: path, Msg: fmt.Sprintf("and %d more errors", n-maxConfigErrors)})
		}
		return nil, p.errs
	}
	return p.cfg, nil
}

// mapping returns the key/value pairs of a mapping node, reporting unknown and duplicate keys
// of section (nil known: any key).
func (p *configParser) mapping(n *yaml.Node, what, section string) [][2]*yaml.Node {
	n = p.resolve(n)
	if n.Kind != yaml.MappingNode {
		p.errorf(n, "%s must be a mapping, not %s", what, kindName(n))
		return nil
	}
	known := configKeys[section]
	seen := map[string]bool{}
	var out [][2]*yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := p.resolve(n.Content[i]), p.resolve(n.Content[i+1])
		if k.Kind != yaml.ScalarNode {
			p.errorf(k, "%s: keys must be strings", what)
			continue
		}
		if seen[k.Value] {
			p.errorf(k, "%s: key %s is set twice", what, k.Value)
			continue
		}
		seen[k.Value] = true
		if known != nil && !slices.Contains(known, k.Value) {
			if s := suggest.Closest(k.Value, known); s != "" {
				p.errorf(k, "unknown key %s in %s: did you mean %s?", k.Value, what, s)
			} else {
				p.errorf(k, "unknown key %s in %s (known: %s)", k.Value, what, strings.Join(known, ", "))
			}
			continue
		}
		out = append(out, [2]*yaml.Node{k, v})
	}
	return out
}

func (p *configParser) resolve(n *yaml.Node) *yaml.Node {
	alias := n
	for d := 0; n.Kind == yaml.AliasNode && n.Alias != nil && d < 32; d++ {
		n = n.Alias
	}
	if n != alias {
		if p.nodes += 1 + len(n.Content); p.nodes > maxConfigAliasNodes {
			if p.nodes-1-len(n.Content) <= maxConfigAliasNodes {
				p.errorf(alias, "aliases expand to more than %d values (an alias bomb?): write the configuration out", maxConfigAliasNodes)
			}
			return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Line: alias.Line, Column: alias.Column}
		}
	}
	return n
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return "empty"
		}
		return fmt.Sprintf("%q", n.Value)
	}
	return "an alias"
}

func (p *configParser) top(root *yaml.Node) {
	var images, buildspecs *yaml.Node
	for _, kv := range p.mapping(root, "the configuration", "") {
		k, v := kv[0], kv[1]
		switch k.Value {
		case "rules":
			p.cfg.Rules = p.rules(v, "rules")
		case "exclude":
			p.cfg.Exclude = p.globs(v, "exclude")
		case "discover":
			p.cfg.Discover = p.globs(v, "discover")
		case "tools":
			p.cfg.Tools = p.strings(v, "tools")
		case "image":
			if s, ok := p.name(v, "image"); ok {
				p.cfg.Image, p.cfg.ImageOrigin = s, p.origin(v)
				p.imageRefs = append(p.imageRefs, v)
			}
		case "images":
			images = v
		case "buildspecs":
			buildspecs = v
		case "limits":
			p.limits(v)
		case "workflows":
			v = p.resolve(v)
			if v.Kind != yaml.ScalarNode || v.Tag != "!!bool" {
				p.errorf(v, "workflows must be true or false, not %s", kindName(v))
				continue
			}
			p.cfg.NoWorkflows = strings.EqualFold(v.Value, "false")
			p.cfg.NoWorkflowsOrigin = p.origin(v)
		case "runners":
			p.runners(v)
		}
	}
	if images != nil {
		p.images(images)
	}
	if buildspecs != nil {
		p.buildspecs(buildspecs)
	}
	for _, ref := range p.imageRefs {
		if _, ok := p.cfg.Images[ref.Value]; ok || slices.Contains(p.opts.BuiltinImages, ref.Value) {
			continue
		}
		p.errorf(ref, "unknown image %s%s", ref.Value, ImageAdvice(ref.Value, p.cfg, p.opts.BuiltinImages))
	}
}

// ImageAdvice follows "unknown image NAME" in a message: the configuration's images, where to
// find the built-in ones (there are dozens: listing them on one line helps nobody), and the
// nearest name, a built-in image whose name ends with NAME included ("standard:7.0" for
// "aws/codebuild/standard:7.0"). It starts with ": ".
func ImageAdvice(name string, cfg *Config, builtin []string) string {
	var names []string
	if cfg != nil {
		for n := range cfg.Images {
			names = append(names, n)
		}
		sort.Strings(names)
	}
	var parts []string
	if len(names) > 0 {
		parts = append(parts, "the configuration's images are "+strings.Join(names, ", "))
	}
	if len(builtin) > 0 {
		parts = append(parts, "buildspec-lint --list-images lists the built-in images")
	} else {
		parts = append(parts, "this build has no built-in images")
	}
	near := suggest.Closest(name, append(append([]string(nil), names...), builtin...))
	if near == "" && name != "" {
		for _, b := range builtin {
			if strings.HasSuffix(b, "/"+name) && (near == "" || len(b) < len(near)) {
				near = b
			}
		}
	}
	if near != "" {
		parts = append(parts, "did you mean "+near+"?")
	}
	return ": " + strings.Join(parts, "; ")
}

func (p *configParser) str(n *yaml.Node, what string) (string, bool) {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" || n.Value == "" {
		p.errorf(n, "%s must be a non-empty string, not %s", what, kindName(n))
		return "", false
	}
	return n.Value, true
}

// MaxName is the longest image or tool name a configuration may hold. Findings quote these
// names, thousands of times in a large file: a name of a megabyte would make each one cost it.
const MaxName = 256

// name is str for an image or tool name, which must be at most MaxName bytes.
func (p *configParser) name(n *yaml.Node, what string) (string, bool) {
	s, ok := p.str(n, what)
	if ok && len(s) > MaxName {
		p.errorf(n, "%s: a name of %d bytes is too long (at most %d)", what, len(s), MaxName)
		return "", false
	}
	return s, ok
}

func (p *configParser) strings(n *yaml.Node, what string) []string {
	n = p.resolve(n)
	if n.Kind == yaml.ScalarNode && n.Tag != "!!null" {
		// tools: jq is read as [jq]; commas separate as on the command line.
		var out []string
		for _, s := range strings.Split(n.Value, ",") {
			if s = strings.TrimSpace(s); len(s) > MaxName {
				p.errorf(n, "%s: a name of %d bytes is too long (at most %d)", what, len(s), MaxName)
			} else if s != "" {
				out = append(out, s)
			}
		}
		return out
	}
	if n.Kind != yaml.SequenceNode {
		p.errorf(n, "%s must be a list of strings, not %s", what, kindName(n))
		return nil
	}
	var out []string
	for _, item := range n.Content {
		item = p.resolve(item)
		if s, ok := p.name(item, what+" items"); ok {
			out = append(out, s)
		}
	}
	return out
}

func (p *configParser) globs(n *yaml.Node, what string) []string {
	n = p.resolve(n)
	if n.Kind == yaml.ScalarNode && n.Tag != "!!null" {
		if p.glob(n, what) {
			return []string{n.Value}
		}
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		p.errorf(n, "%s must be a list of globs, not %s", what, kindName(n))
		return nil
	}
	if len(n.Content) > MaxGlobs {
		p.errorf(n, "%s lists %d globs (at most %d): every file is matched against each, so merge them with braces or ** instead", what, len(n.Content), MaxGlobs)
		return nil
	}
	var out []string
	for _, item := range n.Content {
		item = p.resolve(item)
		if p.glob(item, what) {
			out = append(out, item.Value)
		}
	}
	return out
}

func (p *configParser) glob(n *yaml.Node, what string) bool {
	s, ok := p.str(n, what+" glob")
	if !ok {
		return false
	}
	if len(s) > MaxGlobLen {
		p.errorf(n, "%s: a glob of %d bytes is too long (at most %d): shorten it or write several", what, len(s), MaxGlobLen)
		return false
	}
	if depth, alts := globBraces(s); depth > MaxGlobBraceDepth {
		p.errorf(n, "%s: %q nests braces %d deep (at most %d): write several globs instead", what, s, depth, MaxGlobBraceDepth)
		return false
	} else if alts > MaxGlobAlternatives {
		p.errorf(n, "%s: %q expands to more than %d alternatives through its braces, which makes matching slow: write several globs instead", what, s, MaxGlobAlternatives)
		return false
	}
	if !doublestar.ValidatePattern(s) {
		p.errorf(n, "%s: %q is not a valid glob (doublestar syntax: *, **, ?, [abc], {a,b})", what, s)
		return false
	}
	if filepath.IsAbs(s) || strings.HasPrefix(s, "../") {
		p.errorf(n, "%s: %q must be relative to the configuration's directory", what, s)
		return false
	}
	return true
}

// ruleSeverities are the values rules: accepts.
var ruleSeverities = []string{"off", "error", "warning", "notice"}

func (p *configParser) rules(n *yaml.Node, what string) map[string]finding.Severity {
	out := map[string]finding.Severity{}
	for _, kv := range p.mapping(n, what, "-") {
		k, v := kv[0], kv[1]
		r := p.opts.Rules.Lookup(k.Value)
		if r == nil {
			var names []string
			for _, r := range p.opts.Rules {
				names = append(names, r.ID, r.Name)
			}
			if s := suggest.Closest(k.Value, names); s != "" {
				p.errorf(k, "%s: unknown rule %s: did you mean %s?", what, k.Value, s)
			} else {
				p.errorf(k, "%s: unknown rule %s (buildspec-lint --list-rules lists them)", what, k.Value)
			}
			continue
		}
		val := strings.ToLower(v.Value)
		if v.Kind == yaml.ScalarNode && v.Tag == "!!bool" && val == "false" {
			val = "off"
		}
		if v.Kind != yaml.ScalarNode || !slices.Contains(ruleSeverities, val) {
			p.errorf(v, "%s: %s must be one of %s, not %s", what, k.Value, strings.Join(ruleSeverities, ", "), kindName(v))
			continue
		}
		sev, _ := finding.ParseSeverity(val)
		out[r.ID] = sev
	}
	return out
}

func (p *configParser) images(n *yaml.Node) {
	p.cfg.Images = map[string]*image.Spec{}
	pairs := p.mapping(n, "images", "-")
	for _, kv := range pairs {
		p.cfg.Images[kv[0].Value] = nil // known names first, so references can be checked
	}
	pairs = slices.DeleteFunc(pairs, func(kv [2]*yaml.Node) bool {
		if len(kv[0].Value) > MaxName {
			p.errorf(kv[0], "images: a name of %d bytes is too long (at most %d)", len(kv[0].Value), MaxName)
			delete(p.cfg.Images, kv[0].Value)
			return true
		}
		return false
	})
	for _, kv := range pairs {
		k, v := kv[0], kv[1]
		what := "images." + k.Value
		spec := &image.Spec{Name: k.Value, Origin: p.origin(k)}
		var builtin, dockerfile, ref, platform, dockerd, docker *yaml.Node
		for _, ekv := range p.mapping(v, what, "images") {
			ek, ev := ekv[0], ekv[1]
			switch ek.Value {
			case "dockerfile":
				if s, ok := p.str(ev, what+".dockerfile"); ok {
					dockerfile = ev
					spec.Dockerfile = filepath.Join(p.cfg.Dir, filepath.FromSlash(s))
					if st, err := os.Stat(spec.Dockerfile); err != nil || st.IsDir() {
						p.errorf(ev, "%s.dockerfile: %s not found (paths are relative to the configuration's directory)", what, spec.Dockerfile)
					}
				}
			case "image":
				if s, ok := p.str(ev, what+".image"); ok {
					builtin = ev
					spec.Image = s
					if !slices.Contains(p.opts.BuiltinImages, s) {
						p.errorf(ev, "%s.image: unknown built-in image %s%s", what, s, ImageAdvice(s, nil, p.opts.BuiltinImages))
					}
				}
			case "ref":
				if s, ok := p.str(ev, what+".ref"); ok {
					ref = ev
					if r, err := ImageRef(s, p.cfg.Dir); err != nil {
						p.errorf(ev, "%s.ref: %s", what, err)
					} else {
						spec.Ref = r
					}
				}
			case "platform":
				if s, ok := p.str(ev, what+".platform"); ok {
					platform = ev
					if err := CheckPlatform(s); err != nil {
						p.errorf(ev, "%s.platform: %s", what, err)
					} else {
						spec.Platform = s
					}
				}
			case "tools":
				spec.Tools = p.strings(ev, what+".tools")
			case "dockerd":
				if s, ok := p.str(ev, what+".dockerd"); ok {
					if s != "auto" && s != "manual" {
						p.errorf(ev, "%s.dockerd must be auto or manual, not %q", what, s)
					}
					spec.Dockerd, dockerd = s, ev
				}
			case "compute":
				spec.Compute, spec.ComputeOrigin = p.compute(ev, what)
			case "docker":
				spec.Docker, spec.DockerOrigin = p.docker(ev, what)
				docker = ev
			}
		}
		p.checkSource(what, map[string]*yaml.Node{"dockerfile": dockerfile, "image": builtin, "ref": ref})
		if platform != nil && ref == nil {
			p.errorf(platform, "%s.platform: only an image read with ref: has a platform to choose: set ref or remove platform", what)
		}
		p.checkCompute(what, spec.Compute, spec.Docker, docker)
		if dockerd != nil && (spec.Docker == image.DockerServer || spec.Docker == image.DockerNone) {
			p.errorf(dockerd, "%s.dockerd: with docker: %s the build runs no dockerd: remove dockerd", what, spec.Docker)
		} else if dockerd != nil && spec.Compute == image.ComputeLambda {
			p.errorf(dockerd, "%s.dockerd: Lambda compute runs no dockerd (it does not support Docker builds or runs): remove dockerd", what)
		}
		p.cfg.Images[k.Value] = spec
	}
}

// checkSource reports an image entry that says what the image is in more than one way: a
// Dockerfile, a built-in image and an image reference exclude each other. The error is at the
// second of them in the file.
func (p *configParser) checkSource(what string, set map[string]*yaml.Node) {
	var keys []string
	for k, n := range set {
		if n != nil {
			keys = append(keys, k)
		}
	}
	if len(keys) < 2 {
		return
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := set[keys[i]], set[keys[j]]
		return a.Line < b.Line || a.Line == b.Line && a.Column < b.Column
	})
	p.errorf(set[keys[1]], "%s: set one of dockerfile, image and ref, not both %s and %s (each says on its own what the image holds)", what, keys[0], keys[1])
}

// ImageRef checks an image reference (ref:, --image-ref) and returns it with the path of an oci: or
// docker-archive: reference made relative to the working directory (it is written relative to
// the configuration's directory dir, as Dockerfile paths are). A registry reference is only
// parsed: nothing is read until a file uses the image.
func ImageRef(ref, dir string) (string, error) {
	if len(ref) > MaxRef {
		return "", fmt.Errorf("a reference of %d bytes is too long (at most %d)", len(ref), MaxRef)
	}
	if strings.ContainsFunc(ref, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) {
		return "", fmt.Errorf("%q has blanks or control characters: write the reference alone", ref)
	}
	for _, prefix := range []string{ociPrefix, dockerArchivePrefix} {
		path, ok := strings.CutPrefix(ref, prefix)
		if !ok {
			continue
		}
		if path == "" {
			return "", fmt.Errorf("%s needs a path: %sPATH, relative to the configuration's directory", prefix, prefix)
		}
		if !filepath.IsAbs(filepath.FromSlash(path)) {
			path = filepath.Join(dir, filepath.FromSlash(path))
		}
		return prefix + path, nil
	}
	if _, err := name.ParseReference(ref); err != nil {
		return "", fmt.Errorf("%q is not an image reference: write REGISTRY/REPOSITORY:TAG or REGISTRY/REPOSITORY@sha256:DIGEST in lower case, or oci:PATH or docker-archive:PATH for a local image", ref)
	}
	return ref, nil
}

// MaxRef bounds an image reference (findings quote it): registry references are at most a few
// hundred bytes, paths at most PATH_MAX.
const MaxRef = 4096

// The prefixes of the local image references (internal/imageread reads them).
const (
	ociPrefix           = "oci:"
	dockerArchivePrefix = "docker-archive:"
)

// platformRe is the form of a platform: OS/ARCHITECTURE[/VARIANT].
var platformRe = lazyregexp.New(`^[a-z0-9_]+/[a-z0-9_]+(/[a-z0-9_.]+)?$`)

// CheckPlatform checks a platform (platform:, --platform) (linux/amd64, linux/arm64/v8).
func CheckPlatform(s string) error {
	if !platformRe().MatchString(s) {
		return fmt.Errorf("%q is not a platform: write OS/ARCHITECTURE, such as linux/amd64 or linux/arm64", s)
	}
	return nil
}

// MaxRunners bounds the entries of runners: (each job's labels are looked up in it).
const MaxRunners = 1000

// runners reads runners:: a mapping of runs-on labels (or container references) to {image:
// NAME}, NAME one of images: or a built-in image.
func (p *configParser) runners(n *yaml.Node) {
	pairs := p.mapping(n, "runners", "-")
	if len(pairs) > MaxRunners {
		p.errorf(n, "runners lists %d labels (at most %d)", len(pairs), MaxRunners)
		return
	}
	p.cfg.Runners = map[string]*Runner{}
	folded := map[string]string{}
	for _, kv := range pairs {
		k, v := kv[0], kv[1]
		what := "runners." + k.Value
		if len(k.Value) > MaxName || k.Value == "" {
			p.errorf(k, "runners: a label must be 1 to %d bytes, not %d", MaxName, len(k.Value))
			continue
		}
		// GitHub matches labels without regard to case: two entries that differ only in case
		// bind one label twice.
		if prev, ok := folded[strings.ToLower(k.Value)]; ok {
			p.errorf(k, "runners: %s is the label %s again (labels are matched without regard to case)", k.Value, prev)
			continue
		}
		folded[strings.ToLower(k.Value)] = k.Value
		r := &Runner{Origin: p.origin(k)}
		hasImage := false
		for _, ekv := range p.mapping(v, what, "runners") {
			if ekv[0].Value == "image" {
				hasImage = true
				if s, ok := p.name(ekv[1], what+".image"); ok {
					r.Image = s
					p.imageRefs = append(p.imageRefs, p.resolve(ekv[1]))
				}
			}
		}
		if r.Image == "" {
			if !hasImage && p.resolve(v).Kind == yaml.MappingNode {
				p.errorf(v, "%s needs image: the name of an image of images: or a built-in image", what)
			}
			continue
		}
		p.cfg.Runners[k.Value] = r
	}
}

func (p *configParser) buildspecs(n *yaml.Node) {
	n = p.resolve(n)
	if n.Kind != yaml.SequenceNode {
		p.errorf(n, "buildspecs must be a list of {files, image, tools, rules}, not %s", kindName(n))
		return
	}
	if len(n.Content) > MaxGlobs {
		p.errorf(n, "buildspecs lists %d entries (at most %d): every file is matched against each, so merge them with braces or ** instead", len(n.Content), MaxGlobs)
		return
	}
	for i, item := range n.Content {
		what := fmt.Sprintf("buildspecs[%d]", i)
		e := &Buildspecs{}
		hasFiles := false
		var docker *yaml.Node
		for _, kv := range p.mapping(item, what, "buildspecs") {
			k, v := kv[0], kv[1]
			switch k.Value {
			case "files":
				hasFiles = true
				if p.glob(p.resolve(v), what+".files") {
					e.Files = v.Value
				}
			case "image":
				if s, ok := p.name(v, what+".image"); ok {
					e.Image, e.ImageOrigin = s, p.origin(v)
					p.imageRefs = append(p.imageRefs, v)
				}
			case "tools":
				e.Tools = p.strings(v, what+".tools")
			case "rules":
				e.Rules = p.rules(v, what+".rules")
			case "compute":
				e.Compute, e.ComputeOrigin = p.compute(v, what)
			case "docker":
				e.Docker, e.DockerOrigin = p.docker(v, what)
				docker = v
			}
		}
		p.checkCompute(what, e.Compute, e.Docker, docker)
		if !hasFiles && p.resolve(item).Kind == yaml.MappingNode {
			p.errorf(item, "%s needs files: a glob of the buildspecs it applies to", what)
		}
		p.cfg.Buildspecs = append(p.cfg.Buildspecs, e)
	}
}

// compute reads a compute: value (ec2, lambda, reserved) and where it was written.
func (p *configParser) compute(n *yaml.Node, what string) (image.Compute, string) {
	return choice(p, n, what, "compute", image.ComputeNames, image.ParseCompute)
}

// docker reads a docker: value (daemon, server, none) and where it was written.
func (p *configParser) docker(n *yaml.Node, what string) (image.Docker, string) {
	return choice(p, n, what, "docker", image.DockerNames, image.ParseDocker)
}

// choice reads the value of key, which must be one of names (parse reads it), and where it was
// written; a value that is not one of them is an error at its position, and the zero value.
func choice[T any](p *configParser, n *yaml.Node, what, key string, names []string, parse func(string) (T, bool)) (T, string) {
	var zero T
	n = p.resolve(n)
	s, ok := p.str(n, what+"."+key)
	if !ok {
		return zero, ""
	}
	v, ok := parse(s)
	if !ok {
		p.errorf(n, "%s.%s must be one of %s, not %q%s", what, key, strings.Join(names, ", "), s, didYouMean(s, names))
		return zero, ""
	}
	return v, p.origin(n)
}

// checkCompute reports a Docker mode that the compute does not provide: Lambda compute
// "doesn't support Docker builds or runs" (https://docs.aws.amazon.com/codebuild/latest/userguide/lambda.html).
func (p *configParser) checkCompute(what string, c image.Compute, d image.Docker, docker *yaml.Node) {
	if c == image.ComputeLambda && (d == image.DockerDaemon || d == image.DockerServer) && docker != nil {
		p.errorf(docker, "%s.docker: Lambda compute does not support Docker builds or runs: set docker: none, or compute: ec2 to use Docker", what)
	}
}

// didYouMean returns ": did you mean X?" for the closest of names, or "".
func didYouMean(s string, names []string) string {
	if near := suggest.Closest(strings.ToLower(s), names); near != "" {
		return ": did you mean " + near + "?"
	}
	return ""
}

// The bounds of a glob in the configuration. Matching a glob costs time in proportion to the
// alternatives its braces expand to, for every file of the run (braces nested 50,000 deep took
// 20 s a file); real globs have a few.
const (
	MaxGlobs            = 1000 // in exclude, in discover, and entries of buildspecs
	MaxGlobLen          = 1024
	MaxGlobBraceDepth   = 10
	MaxGlobAlternatives = 1000
)

// globBraces returns how deep the braces of a glob nest and how many alternatives they expand to
// (MaxGlobAlternatives+1 when more), skipping escaped characters and character classes.
func globBraces(g string) (depth, alternatives int) {
	const over = MaxGlobAlternatives + 1
	mul := func(a, b int) int {
		if a > 0 && b > over/a {
			return over
		}
		return min(a*b, over)
	}
	// Each open brace has the alternatives counted so far and those of the current branch.
	type group struct{ sum, prod int }
	stack := []group{{0, 1}}
	for i := 0; i < len(g); i++ {
		top := &stack[len(stack)-1]
		switch g[i] {
		case '\\':
			i++
		case '[':
			if j := strings.IndexByte(g[i+1:], ']'); j >= 0 {
				i += j + 1
			}
		case '{':
			stack = append(stack, group{0, 1})
			depth = max(depth, len(stack)-1)
		case ',':
			if len(stack) > 1 {
				top.sum, top.prod = min(top.sum+top.prod, over), 1
			}
		case '}':
			if len(stack) > 1 {
				n := min(top.sum+top.prod, over)
				stack = stack[:len(stack)-1]
				stack[len(stack)-1].prod = mul(stack[len(stack)-1].prod, n)
			}
		}
	}
	// Unclosed braces are the validator's to report.
	return depth, stack[0].prod
}

var sizeRe = lazyregexp.New(`^(\d+)\s*([KMG]i?B?|B)?$`)

func (p *configParser) limits(n *yaml.Node) {
	for _, kv := range p.mapping(n, "limits", "limits") {
		k, v := kv[0], p.resolve(kv[1])
		switch k.Value {
		case "max-file-size":
			size, ok := parseSize(v.Value)
			if v.Kind != yaml.ScalarNode || !ok {
				p.errorf(v, "limits.max-file-size must be a size in bytes (1048576, 512KiB, 10MB), not %s", kindName(v))
				continue
			}
			if size > fsutil.MaxFileSizeLimit {
				p.errorf(v, "limits.max-file-size can be at most %s (a larger buildspec would need gigabytes of memory to lint), not %s", formatSize(fsutil.MaxFileSizeLimit), v.Value)
				continue
			}
			p.cfg.MaxFileSize = size
		case "max-alias-nodes", "max-commands", "max-findings-per-rule":
			limit := map[string]*int{
				"max-alias-nodes":       &p.cfg.Limits.MaxNodes,
				"max-commands":          &p.cfg.Limits.MaxCommands,
				"max-findings-per-rule": &p.cfg.Limits.MaxFindings,
			}[k.Value]
			most := map[string]int{
				"max-alias-nodes":       buildspec.MaxLimits.MaxNodes,
				"max-commands":          buildspec.MaxLimits.MaxCommands,
				"max-findings-per-rule": buildspec.MaxLimits.MaxFindings,
			}[k.Value]
			n, err := strconv.Atoi(v.Value)
			if v.Kind != yaml.ScalarNode || err != nil || n <= 0 || n > most {
				p.errorf(v, "limits.%s must be a whole number from 1 to %d, not %s", k.Value, most, kindName(v))
				continue
			}
			*limit = n
		}
	}
}

// formatSize writes a size in bytes with the largest binary unit that divides it.
func formatSize(n int64) string {
	for _, u := range []struct {
		unit string
		size int64
	}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}} {
		if n >= u.size && n%u.size == 0 {
			return fmt.Sprintf("%d%s", n/u.size, u.unit)
		}
	}
	return strconv.FormatInt(n, 10)
}

// parseSize reads 1048576, 512KiB, 512KB, 10MiB, 10M, 1GiB.
func parseSize(s string) (int64, bool) {
	m := sizeRe().FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return 0, false
	}
	n, err := strconv.ParseInt(m[1], 10, 64)
	if err != nil || n <= 0 {
		return 0, false
	}
	unit := map[byte]int64{'K': 1 << 10, 'M': 1 << 20, 'G': 1 << 30}
	if m[2] != "" && m[2] != "B" {
		u := unit[m[2][0]]
		if n > (1<<62)/u {
			return 0, false
		}
		n *= u
	}
	return n, true
}

// relPath returns path relative to the configuration's directory, with slashes, or "" when
// path is outside it.
func (c *Config) relPath(path string) string {
	abs, dir := c.abs(path), c.absDir
	if dir == "" {
		dir = c.abs(c.Dir)
	}
	if abs == "" || dir == "" {
		return ""
	}
	rel, err := filepath.Rel(dir, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return ""
	}
	return filepath.ToSlash(rel)
}

// abs returns path made absolute against the working directory the configuration was parsed
// in ("" when that cannot be known).
func (c *Config) abs(path string) string {
	if filepath.IsAbs(path) {
		return filepath.Clean(path)
	}
	if c.cwd != "" {
		return filepath.Join(c.cwd, path)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return ""
	}
	return abs
}

// Excludes reports whether path (a file or a directory) matches exclude:, itself or through one
// of its parent directories, so that "vendor" and "vendor/**" both exclude vendor/a/buildspec.yml.
func (c *Config) Excludes(path string) bool {
	if c == nil || len(c.Exclude) == 0 {
		return false
	}
	rel := c.relPath(path)
	if rel == "" || rel == "." {
		return false
	}
	for _, g := range c.Exclude {
		for p := rel; p != "." && p != "/" && p != ""; p = pathDir(p) {
			if ok, _ := doublestar.Match(g, p); ok {
				return true
			}
		}
	}
	return false
}

func pathDir(p string) string {
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		return p[:i]
	}
	return ""
}

// Discovers reports whether a file found while searching a directory matches discover:.
func (c *Config) Discovers(path string) bool {
	if c == nil || len(c.Discover) == 0 {
		return false
	}
	rel := c.relPath(path)
	for _, g := range c.Discover {
		if ok, _ := doublestar.Match(g, rel); ok && rel != "" {
			return true
		}
	}
	return false
}

// ForFile returns what the configuration says about path: its image (the first buildspecs:
// entry that matches and names one, else image:), the tools added to it, and the rule severities
// (rules:, then the first matching entry's rules:).
func (c *Config) ForFile(path string) *File {
	fc := &File{Severity: map[string]finding.Severity{}}
	if c == nil {
		return fc
	}
	for id, s := range c.Rules {
		fc.Severity[id] = s
	}
	fc.Tools = append(fc.Tools, c.Tools...)
	fc.Image, fc.ImageOrigin = c.Image, c.ImageOrigin
	rel := c.relPath(path)
	if rel == "" {
		return fc
	}
	for _, e := range c.Buildspecs {
		if ok, _ := doublestar.Match(e.Files, rel); !ok || e.Files == "" {
			continue
		}
		if e.Image != "" {
			fc.Image, fc.ImageOrigin = e.Image, e.ImageOrigin
		}
		fc.Tools = append(fc.Tools, e.Tools...)
		fc.Compute, fc.ComputeOrigin = e.Compute, e.ComputeOrigin
		fc.Docker, fc.DockerOrigin = e.Docker, e.DockerOrigin
		for id, s := range e.Rules {
			fc.Severity[id] = s
		}
		break
	}
	return fc
}

// ImageSpec returns the image a name stands for: a configuration image, else a built-in one
// (when builtin lists it).
func (c *Config) ImageSpec(name string, builtin []string) (image.Spec, bool) {
	if c != nil {
		if s := c.Images[name]; s != nil {
			return *s, true
		}
	}
	if slices.Contains(builtin, name) {
		return image.Spec{Name: name, Image: name}, true
	}
	return image.Spec{}, false
}
