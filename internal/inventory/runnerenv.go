package inventory

import (
	"strings"

	"github.com/buildspec-lint/buildspec-lint/lint/image"
	"github.com/buildspec-lint/buildspec-lint/lint/workflow"
)

// Resolve is what ForEnv knows besides the built-in inventories: the images the configuration
// names, its runners: bindings, and the images of the CodeBuild projects the linted repository
// defines.
type Resolve struct {
	// Image returns the inventory of an image name as the configuration resolves it (one of its
	// images:, else a built-in image); nil: built-in images only (Builtin). An error leaves the
	// environment unknown.
	Image func(name string) (*image.Inventory, error)
	// Runners binds runs-on labels, and container image references, to image names (the
	// configuration's runners:). A binding wins over the built-in data of a hosted label.
	Runners map[string]string
	// Projects are the images of CodeBuild projects by project name, for a CodeBuild-hosted
	// runner label without an image: override (nil: none known).
	Projects func(project string) *image.Inventory
	// Hosted returns the inventory of a GitHub-hosted runner label; nil: Runner (the built-in
	// runner images). Tests stand in for it.
	Hosted func(label string) (*image.Inventory, bool)
}

// ForEnv returns the inventory a workflow job's commands run with in env (its runs-on labels
// and container), with Inventory.Runner set, or nil when nothing is known of it:
//   - a container job runs its commands in the container: the image runners: binds to the
//     container's reference, else the built-in image of that name; an unknown container image
//     is unknown, whatever the runner;
//   - otherwise the first label that runners: binds, else the first GitHub-hosted label
//     (ubuntu-latest, windows-2022), else a CodeBuild-hosted runner label
//     (codebuild-PROJECT-${{ github.run_id }}-${{ github.run_attempt }}) with the CodeBuild image
//     its image: override names, or the project's image when Projects knows the project;
//   - anything else (a self-hosted label nothing binds) is unknown.
//
// Each call returns a new Inventory and Runner, so that the caller may set the Runner's fields.
func ForEnv(env *workflow.Env, r *Resolve) *image.Inventory {
	if env == nil {
		return nil
	}
	if r == nil {
		r = &Resolve{}
	}
	host := r.host(env.Labels)
	if env.Container != "" {
		inv := r.bound(env.Container)
		if inv == nil && !hasExpression(env.Container) {
			inv = r.image(env.Container)
		}
		if inv == nil {
			return nil
		}
		run := &image.Runner{Kind: host.kind, Label: host.label, Image: host.image, OS: "linux", Container: env.Container, Matrix: env.Matrix}
		return withRunner(inv, run)
	}
	if host.inv == nil {
		return nil
	}
	run := &image.Runner{Kind: host.kind, Label: host.label, Image: host.image, OS: host.os, Arch: host.arch, Matrix: env.Matrix}
	return withRunner(host.inv, run)
}

// hostInfo is the runner a job's labels select.
type hostInfo struct {
	inv          *image.Inventory // nil: unknown
	kind         image.RunnerKind
	label, image string
	os, arch     string
}

// host returns the runner labels select: the first label runners: binds, else the first
// GitHub-hosted label, else the first CodeBuild-hosted one. Its kind is told by the label even
// when the configuration binds it (a hosted runner's image cannot be changed, whichever image
// the configuration says it is).
func (r *Resolve) host(labels []string) hostInfo {
	for _, l := range labels {
		if name, ok := r.binding(l); ok {
			h := hostInfo{inv: r.image(name), kind: r.kindOf(l), label: l, image: name}
			h.os = osOf(h.inv, l)
			if h.kind == image.RunnerGitHub {
				h.arch = RunnerArch(l) // the hosted runner's, whatever the configuration binds
			}
			return h
		}
	}
	for _, l := range labels {
		if inv, ok := r.hosted(l); ok && inv != nil {
			return hostInfo{inv: inv, kind: image.RunnerGitHub, label: l, image: inv.Name, os: osOf(inv, l), arch: RunnerArch(l)}
		}
	}
	for _, l := range labels {
		cb, ok := codeBuildLabel(l)
		if !ok {
			continue
		}
		h := hostInfo{kind: image.RunnerCodeBuild, label: l}
		// An image: override is a label of its own (which wins), a field of this one, or the old
		// form's suffix of this one; one the job gives in any form is the image, whatever the
		// project's.
		for _, o := range labels {
			if v, ok := cutPrefixFold(strings.TrimSpace(o), "image:"); ok {
				cb.image, cb.overridden = v, true
				break
			}
		}
		switch {
		case cb.overridden:
			h.image, h.inv = r.codeBuildImage(cb.image)
		case cb.project != "" && r.Projects != nil:
			if inv := r.Projects(cb.project); inv != nil {
				h.inv, h.image = inv, inv.Name
			}
		}
		h.os = osOf(h.inv, "")
		return h
	}
	return hostInfo{}
}

// kindOf says who hosts the runner a label selects.
func (r *Resolve) kindOf(label string) image.RunnerKind {
	if _, ok := codeBuildLabel(label); ok {
		return image.RunnerCodeBuild
	}
	if _, ok := r.hosted(label); ok {
		return image.RunnerGitHub
	}
	return image.RunnerUnknown
}

func (r *Resolve) hosted(label string) (*image.Inventory, bool) {
	if r.Hosted != nil {
		return r.Hosted(label)
	}
	return Runner(label)
}

// bound returns the inventory of the image runners: binds ref to, or nil.
func (r *Resolve) bound(ref string) *image.Inventory {
	if name, ok := r.binding(ref); ok {
		return r.image(name)
	}
	return nil
}

// binding returns the image name runners: binds a label or reference to. Labels are matched
// without regard to case, as GitHub matches them.
func (r *Resolve) binding(label string) (string, bool) {
	if name, ok := r.Runners[label]; ok {
		return name, true
	}
	for k, name := range r.Runners {
		if strings.EqualFold(k, label) {
			return name, true
		}
	}
	return "", false
}

// image resolves an image name, nil when it is unknown.
func (r *Resolve) image(name string) *image.Inventory {
	if r.Image == nil {
		return Builtin(name)
	}
	inv, err := r.Image(name)
	if err != nil {
		return nil
	}
	return inv
}

// codeBuildImage resolves the value of an image: override of a CodeBuild-hosted runner label:
// ENVTYPE-ID names a CodeBuild curated image ("arm-3.0", "ubuntu-7.0", "linux-5.0",
// "linux-lambda-nodejs22"), custom-ENVTYPE-REF a custom image by its reference, which
// runners: can bind (https://docs.aws.amazon.com/codebuild/latest/userguide/sample-github-action-runners-update-labels.html).
// It returns the image's name as messages show it, and its inventory (nil: unknown).
func (r *Resolve) codeBuildImage(v string) (string, *image.Inventory) {
	v = strings.TrimSpace(v)
	if v == "" || hasExpression(v) {
		return "", nil
	}
	if ref, ok := cutPrefixFold(v, "custom-"); ok {
		for _, et := range codeBuildEnvTypes {
			if rest, ok := cutPrefixFold(ref, et.name+"-"); ok && rest != "" {
				if inv := r.bound(rest); inv != nil {
					return rest, inv
				}
				return rest, r.image(rest)
			}
		}
		return "", nil
	}
	name := CodeBuildImage(v)
	if name == "" {
		return "", nil
	}
	if inv := r.bound(name); inv != nil {
		return name, inv
	}
	return name, Builtin(name)
}

// codeBuildEnvTypes are the environment types of a CodeBuild-hosted runner's image: override and
// the curated image each names with an image identifier (ID), longest names first so that
// "linux-lambda" is not read as "linux". "al2" is the name the older examples of the
// documentation give the x86_64 Amazon Linux images ("image:al2-5.0").
var codeBuildEnvTypes = []struct {
	name, image string
}{
	{"windows-server-2019", "aws/codebuild/windows-base:2019-ID"},
	{"windows-server-2022", "aws/codebuild/windows-base:2022-ID"},
	{"linux-lambda", "aws/codebuild/amazonlinux-x86_64-lambda-standard:ID"},
	{"arm-lambda", "aws/codebuild/amazonlinux-aarch64-lambda-standard:ID"},
	{"linux-gpu", ""},
	{"linux-ec2", ""},
	{"arm-ec2", ""},
	{"ubuntu", "aws/codebuild/standard:ID"},
	{"linux", "aws/codebuild/amazonlinux-x86_64-standard:ID"},
	{"al2", "aws/codebuild/amazonlinux-x86_64-standard:ID"},
	{"arm", "aws/codebuild/amazonlinux-aarch64-standard:ID"},
}

// CodeBuildImage returns the built-in CodeBuild image that an image: override of a
// CodeBuild-hosted runner label names ("arm-3.0": aws/codebuild/amazonlinux-aarch64-standard:3.0),
// "" when it names none that is known.
func CodeBuildImage(override string) string {
	for _, et := range codeBuildEnvTypes {
		id, ok := cutPrefixFold(override, et.name+"-")
		if !ok || id == "" {
			continue
		}
		if et.image == "" {
			return "" // an image with no inventory (an AMI, a GPU image)
		}
		if inv := Builtin(strings.Replace(et.image, "ID", id, 1)); inv != nil {
			return inv.Name
		}
		return ""
	}
	return ""
}

// cbLabel is what a CodeBuild-hosted runner label says.
type cbLabel struct {
	// project is the name of the project whose webhook runs the job, "" when the label does not
	// say it as a literal (no expression after it, or an expression in it).
	project string
	// image is the value of the label's image override ("arm-3.0", "custom-linux-REF"), and
	// overridden says that the label gives one (an empty or unknown value included).
	image      string
	overridden bool
}

// codeBuildLabel reads a CodeBuild-hosted runner label:
// codebuild-PROJECT-${{ github.run_id }}-${{ github.run_attempt }}, where the project's name
// (which may hold hyphens) ends at the first "-${{"; followed by the overrides as fields of the
// same label, separated by blanks (image:arm-3.0 instance-size:small, the form of the
// documentation's one-label examples), or by the older form's suffix -ENVTYPE-ID[-SIZE]
// (-arm-3.0-small) (https://docs.aws.amazon.com/codebuild/latest/userguide/sample-github-action-runners-update-labels.html).
func codeBuildLabel(label string) (cb cbLabel, ok bool) {
	rest, ok := cutPrefixFold(strings.TrimSpace(label), "codebuild-")
	if !ok || rest == "" {
		return cbLabel{}, false
	}
	fields := labelFields(rest)
	for _, f := range fields[1:] {
		if v, ok := cutPrefixFold(f, "image:"); ok && !cb.overridden {
			cb.image, cb.overridden = v, true
		}
	}
	first := fields[0]
	i := strings.Index(first, "-${{")
	if i < 0 {
		return cb, true
	}
	if name := first[:i]; projectName(name) {
		cb.project = name
	}
	// The suffix after the last expression: -ENVTYPE-ID[-SIZE].
	if j := strings.LastIndex(first, "}}"); j >= 0 && !cb.overridden {
		if suffix := strings.TrimPrefix(first[j+2:], "-"); suffix != "" {
			for _, et := range codeBuildEnvTypes {
				if id, ok := cutPrefixFold(suffix, et.name+"-"); ok && id != "" {
					if k := strings.IndexByte(id, '-'); k >= 0 {
						id = id[:k] // the instance size
					}
					cb.image, cb.overridden = et.name+"-"+id, true
					break
				}
			}
		}
	}
	return cb, true
}

// labelFields splits a label at its blanks, an expression (${{ github.run_id }}) being part of
// the field it is written in whatever blanks it holds. It returns at least one field.
func labelFields(s string) []string {
	var fields []string
	start, depth := -1, 0
	for i := 0; i < len(s); i++ {
		switch {
		case strings.HasPrefix(s[i:], "${{"):
			depth++
			if start < 0 {
				start = i
			}
			i += 2
			continue
		case depth > 0 && strings.HasPrefix(s[i:], "}}"):
			depth--
			i++
			continue
		}
		blank := s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'
		switch {
		case blank && depth == 0 && start >= 0:
			fields = append(fields, s[start:i])
			start = -1
		case !blank && start < 0:
			start = i
		}
	}
	if start >= 0 {
		fields = append(fields, s[start:])
	}
	if len(fields) == 0 {
		fields = []string{""}
	}
	return fields
}

// projectName reports whether s can be a CodeBuild project's name: 2 to 255 letters, digits,
// hyphens and underscores, starting with a letter or digit
// (https://docs.aws.amazon.com/codebuild/latest/APIReference/API_CreateProject.html).
func projectName(s string) bool {
	if len(s) < 2 || len(s) > 255 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		alnum := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
		if !alnum && (i == 0 || c != '-' && c != '_') {
			return false
		}
	}
	return true
}

// osOf is the operating system family of an inventory ("linux", "windows", "macos"), from the
// OS it states, else from a hosted label's name; "" when neither says.
func osOf(inv *image.Inventory, label string) string {
	s := ""
	if inv != nil {
		s = strings.ToLower(inv.OS)
		if s == "" {
			s = strings.ToLower(inv.Name)
		}
	}
	for _, t := range []string{s, strings.ToLower(label)} {
		switch {
		case t == "":
		case strings.Contains(t, "windows"):
			return "windows"
		case strings.Contains(t, "macos") || strings.Contains(t, "mac os"):
			return "macos"
		case strings.Contains(t, "ubuntu") || strings.Contains(t, "linux") || strings.Contains(t, "debian") ||
			strings.Contains(t, "alpine") || strings.Contains(t, "fedora") || strings.Contains(t, "centos") ||
			strings.Contains(t, "red hat") || strings.Contains(t, "rhel"):
			return "linux"
		}
	}
	if inv != nil && inv.PackageManager != "" {
		switch inv.PackageManager {
		case "apt-get", "apt", "dnf", "yum", "apk", "zypper", "microdnf", "tdnf":
			return "linux"
		case "choco", "winget":
			return "windows"
		case "brew":
			return "macos"
		}
	}
	return ""
}

// withRunner returns a copy of inv with run as its Runner.
func withRunner(inv *image.Inventory, run *image.Runner) *image.Inventory {
	c := *inv
	c.Runner = run
	return &c
}

func hasExpression(s string) bool { return strings.Contains(s, "${{") }

// cutPrefixFold is strings.CutPrefix with the prefix's case ignored.
func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
		return s[len(prefix):], true
	}
	return s, false
}
