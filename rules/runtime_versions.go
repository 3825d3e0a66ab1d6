package rules

import (
	"sort"
	"strings"

	"github.com/buildspec-lint/buildspec-lint/internal/inventory"
	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
	"github.com/buildspec-lint/buildspec-lint/lint/finding"
	"github.com/buildspec-lint/buildspec-lint/lint/image"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
)

// RuntimeVersions reports runtime-versions that do not do what they seem to: on a custom image
// CodeBuild skips the whole section, and on a curated image a version that is not preinstalled
// is installed on every build (the runtime-versions section of the CodeBuild buildspec reference).
var RuntimeVersions = &lint.Rule{
	Rule: finding.Rule{
		ID:       "BSL103",
		Name:     "runtime-versions",
		Severity: finding.SeverityWarning,
		Doc: finding.Doc{
			Title: "runtime-versions that are ignored or installed on every build",
			Text: "`runtime-versions` selects a runtime that an AWS CodeBuild curated image has preinstalled. " +
				"On any other image (a custom image, docker:dind) CodeBuild skips the section with the warning " +
				"\"Skipping install of runtimes. Runtime version selection is not supported by this build image\": " +
				"the section is dead configuration, and the runtimes must come from the image itself. On a curated " +
				"image, a version that the image does not have preinstalled is installed at build time, on every " +
				"build (current images), or fails the build (older images). Current images install a Java they lack " +
				"as the Corretto package named by the version (`java-$VERSION-amazon-corretto-jdk` in " +
				"https://github.com/aws/aws-codebuild-docker-images/blob/master/ubuntu/standard/7.0/runtimes.yml): a " +
				"legacy name such as `openjdk11` names a package that does not exist, and the build fails. The message names the versions the " +
				"image has preinstalled: choose one of them if the build works with it, else bake the version it " +
				"needs into a custom image built from the curated one (the runtimes of docker:dind, too, go into " +
				"a custom image built from it). A Lambda compute image has one runtime at one version (the " +
				"available-runtimes table, https://docs.aws.amazon.com/codebuild/latest/userguide/available-runtimes.html, " +
				"lists e.g. python 3.12 on Lambda standard:python3.12) and no runtimes file to select another: asking " +
				"it for another runtime or version is reported with the Lambda image that has it (or EC2 compute, " +
				"https://docs.aws.amazon.com/codebuild/latest/userguide/lambda.html). A bare `--tools` list says nothing about the image's kind, so the rule " +
				"needs `--image`, `--dockerfile` or a configured image. `--fix` removes what is ignored (the section on a " +
				"non-curated image, a docker runtime on a curated or Lambda one), with the key when it empties and the phase " +
				"when nothing else is in it; it never changes a version, and it leaves a runtime that the image lacks to " +
				"you (remove it, or install it in the build).",
			Bad:     "version: 0.2\nphases:\n  install:\n    runtime-versions:\n      python: 3.8\n",
			Good:    "version: 0.2\nphases:\n  install:\n    runtime-versions:\n      python: 3.12\n",
			Options: []string{"--image", "aws/codebuild/standard:7.0"},
		},
	},
	Check: checkRuntimeVersions,
}

func checkRuntimeVersions(p *lint.Pass) {
	inv := p.Image
	if inv == nil {
		return
	}
	for _, ph := range p.Spec.PhasesInOrder() {
		if ph.RuntimeKey == nil || len(ph.RuntimeVersions) == 0 {
			continue
		}
		switch {
		case inv.LambdaRuntime != nil, inv.Curated:
			var remove []*finding.Finding // per entry: its finding, when it says to remove the entry
			for _, e := range ph.RuntimeVersions {
				var f *finding.Finding
				var rm bool
				if inv.LambdaRuntime != nil {
					f, rm = checkLambdaRuntime(p, inv, e)
				} else {
					f, rm = checkRuntime(p, inv, e)
				}
				if !rm {
					f = nil
				}
				remove = append(remove, f)
			}
			fixRuntimeEntries(p.Spec, ph, remove)
		case inv.Custom && (inv.Ref != "" || inv.Dockerfile != ""):
			f := p.Reportf(ph.RuntimeKey.Range, "runtime-versions is ignored on %s%s, which is not an AWS CodeBuild curated image: "+
				"CodeBuild skips it; install the runtimes in %s and remove this section", inv.Label(), imageRef(inv), bakeTarget(inv))
			if edit, ok := removeRuntimeKey(p.Spec, ph); ok {
				f.Fix = &finding.Fix{Message: "remove runtime-versions", Edits: []finding.Edit{edit}}
			}
		}
	}
}

// fixRuntimeEntries gives the findings of remove (one per entry of ph's runtime-versions, nil
// for an entry that stays) the edit that removes their entry. When every entry goes, each fix
// removes runtime-versions whole (the same edit, so the fixes apply together), else each its
// own entry: its lines, or in a flow mapping the entry and a comma.
func fixRuntimeEntries(spec *buildspec.Buildspec, ph *buildspec.Phase, remove []*finding.Finding) {
	all := true
	for _, f := range remove {
		all = all && f != nil
	}
	if all {
		edit, ok := removeRuntimeKey(spec, ph)
		if !ok {
			return
		}
		for _, f := range remove {
			f.Fix = &finding.Fix{Message: "remove runtime-versions: the image can select none of its runtimes", Edits: []finding.Edit{edit}}
		}
		return
	}
	rr := ph.RuntimeRange
	if !rr.IsValid() || !writtenInPlace(spec.Source, ph.RuntimeKey.Range.End.Offset, rr.Start.Offset) {
		return
	}
	flow := flowMapping(spec.Source, rr)
	leading := true // the entries so far all go: in a flow mapping they go with the comma after them
	for i, f := range remove {
		leading = leading && f != nil
		if f == nil {
			continue
		}
		e := ph.RuntimeVersions[i]
		if e.Key.Range.Start.Offset < rr.Start.Offset || e.Range.End.Offset > rr.End.Offset {
			continue // merged from elsewhere (<<)
		}
		if edit, ok := removeEntry(spec.Source, e.Key.Range, max(e.Range.End.Offset, e.Key.Range.End.Offset), flow, leading); ok {
			f.Fix = &finding.Fix{Message: "remove this runtime-versions entry", Edits: []finding.Edit{edit}}
		}
	}
}

// removeRuntimeKey returns the edit that removes runtime-versions from phase ph, key and value;
// or, when nothing else is in the phase (which would be left empty), the whole phase, as long as
// another phase stays and no comment line stands in the phase before runtime-versions. ok is false when neither is written so that it can go alone (reached
// through an alias, sharing its line with other entries).
func removeRuntimeKey(spec *buildspec.Buildspec, ph *buildspec.Phase) (finding.Edit, bool) {
	src := spec.Source
	if ph.RuntimeKey == nil || !ph.Range.IsValid() || !writtenInPlace(src, ph.Key.Range.End.Offset, ph.Range.Start.Offset) {
		return finding.Edit{}, false
	}
	key := ph.RuntimeKey.Range
	end := key.End.Offset
	if rr := ph.RuntimeRange; rr.IsValid() {
		if !writtenInPlace(src, key.End.Offset, rr.Start.Offset) {
			return finding.Edit{}, false
		}
		end = rr.End.Offset
	}
	if key.Start.Offset < ph.Range.Start.Offset || end > ph.Range.End.Offset {
		return finding.Edit{}, false // merged into the phase from elsewhere
	}
	if len(ph.Keys) == 1 {
		if len(spec.Phases) < 2 {
			return finding.Edit{}, false // phases would be left empty
		}
		if commentLine(src, ph.Key.Range.Start.Line+1, ph.RuntimeKey.Range.Start.Line) {
			// A comment of the phase's own (commented-out commands, say) would go with it.
			return finding.Edit{}, false
		}
		flow, first := inFlow(src, ph.Key.Range.Start.Offset)
		return removeEntry(src, ph.Key.Range, ph.Range.End.Offset, flow, first)
	}
	return removeEntry(src, key, end, flowMapping(src, ph.Range), ph.Keys[0].Range == key)
}

// inFlow reports whether the mapping key at off is an entry of a flow mapping (a "{" or "," before
// it on its line), and whether it is the mapping's first entry.
func inFlow(src *source.Source, off int) (flow, first bool) {
	i := off - 1
	for i >= 0 && isBlank(src.Data[i]) {
		i--
	}
	if i < 0 || src.Data[i] == '\n' || i < src.LineStart(src.Pos(off).Line) {
		return false, false
	}
	return true, src.Data[i] == '{'
}

// checkRuntime reports one runtime of runtime-versions on a curated image. remove says that the
// finding's advice is to remove the entry.
func checkRuntime(p *lint.Pass, inv *image.Inventory, e *buildspec.Entry) (f *finding.Finding, remove bool) {
	if len(inv.Runtimes) == 0 || e.Value == nil {
		return nil, false
	}
	name := e.Key.Name
	v := strings.TrimSpace(e.Value.Value)
	if v == "" || strings.Contains(v, "$") || strings.EqualFold(v, "latest") {
		return
	}
	versions, ok := inv.Runtimes[name]
	if !ok {
		var names []string
		for rt := range inv.Runtimes {
			names = append(names, rt)
		}
		sort.Strings(names)
		if name == "docker" && inv.Has("docker") != nil {
			// Curated images dropped the docker runtime: Docker is preinstalled and privileged
			// mode enables it (docs/sources.md, "Runtime versions").
			enables := "privileged mode is what enables Docker"
			if dockerServer(inv) {
				enables = "the project's Docker server provides Docker"
			}
			return p.Reportf(e.Key.Range, "%s%s has docker preinstalled and no docker runtime to select: remove this line (%s)",
				inv.Label(), imageRef(inv), enables), true
		}
		// Two ways out (drop the runtime, or install it in the build): which one the build
		// needs is the user's call, so no fix removes it.
		return p.Reportf(e.Key.Range, "%s%s has no %s runtime to select (it has %s): remove it or install %s in the build",
			inv.Label(), imageRef(inv), name, strings.Join(names, ", "), name), false
	}
	want := strings.TrimSuffix(strings.TrimSuffix(v, ".x"), ".X")
	var pre []string
	for _, rv := range versions {
		if rv.Installed != "" {
			pre = append(pre, rv.Version)
			if runtimeMatches(want, rv) {
				return
			}
		}
	}
	rng := e.Range
	if e.Value != nil {
		rng = e.Value.Range
	}
	if pkg, ok := inv.RuntimePackages[name]; ok && !startsWithDigit(want) {
		// The image's runtimes file installs a version it lacks as an OS package named by the
		// version (docs/sources.md, "Runtimes and images"): a name that is no version number,
		// like the legacy openjdk11, names a package that does not exist.
		return p.Reportf(rng, "%s%s has no %s %s, and the package it would install for it, %s, does not exist: the build fails; %s",
			inv.Label(), imageRef(inv), name, v, strings.ReplaceAll(pkg, "$VERSION", v), selectAdvice(name, want, pre)), false
	}
	if len(pre) == 0 {
		return p.Reportf(rng, "%s%s has no %s version preinstalled; %s %s is installed on every build: bake it into a custom image",
			inv.Label(), imageRef(inv), name, name, v), false
	}
	return p.Reportf(rng, "%s%s has %s %s preinstalled; %s is installed on every build: choose a preinstalled version if the build works with it, else bake %s %s into a custom image",
		inv.Label(), imageRef(inv), name, strings.Join(pre, ", "), v, name, v), false
}

// checkLambdaRuntime reports one runtime of runtime-versions on a Lambda compute image: it has one
// runtime at one version (the available-runtimes table) and no runtimes.yml to select another, so
// the advice is the Lambda image that has the runtime asked for, or EC2 compute. remove says that
// the finding's advice is to remove the entry (docker, which Lambda compute does not run).
func checkLambdaRuntime(p *lint.Pass, inv *image.Inventory, e *buildspec.Entry) (f *finding.Finding, remove bool) {
	if e.Value == nil {
		return nil, false
	}
	lr := inv.LambdaRuntime
	name := e.Key.Name
	v := strings.TrimSpace(e.Value.Value)
	if v == "" || strings.Contains(v, "$") {
		return
	}
	latest := strings.EqualFold(v, "latest")
	want := strings.TrimSuffix(strings.TrimSuffix(v, ".x"), ".X")
	if name == lr.Name && (latest || runtimeMatches(want, image.RuntimeVersion{Version: lr.Version}) || strings.HasPrefix(want, lr.Version+".")) {
		return // its version, or a patch release of it (which one the image has is not known)
	}
	var fits []string
	for _, li := range inventory.LambdaImages(inv.Ref) {
		if li.Runtime.Name == name && (latest || runtimeMatches(want, image.RuntimeVersion{Version: li.Runtime.Version})) {
			fits = append(fits, li.Name)
		}
	}
	asked, rng := name+" "+v, e.Value.Range
	if name != lr.Name {
		asked, rng = name, e.Key.Range
		if !latest {
			asked += " " + v
		}
	}
	img := inv.Label() + imageRef(inv)
	if name == "docker" {
		return p.Reportf(e.Key.Range, "%s is a Lambda compute image, and Lambda compute runs no Docker: remove this line, and run Docker builds on EC2 compute", img), true
	}
	alt := "EC2 compute, whose curated images select runtimes with runtime-versions"
	switch len(fits) {
	case 0:
	case 1:
		alt = "the Lambda image " + fits[0] + ", or EC2 compute"
	default:
		alt = "a Lambda image for " + name + " (" + strings.Join(fits, ", ") + "), or EC2 compute"
	}
	return p.Reportf(rng, "%s is a Lambda compute image with one runtime, %s %s, and runtime-versions cannot select %s on it: use %s",
		img, lr.Name, lr.Version, asked, alt), false
}

// selectAdvice says which preinstalled version to select instead of want: the one of the same
// release ("openjdk11" is "corretto11"), else one of pre.
func selectAdvice(name, want string, pre []string) string {
	release := strings.TrimLeft(want, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_")
	for _, v := range pre {
		if release != "" && (v == release || strings.TrimLeft(v, "abcdefghijklmnopqrstuvwxyz") == release) {
			return "select " + name + ": " + v + " (preinstalled)"
		}
	}
	if len(pre) == 0 {
		return "select a version of " + name + " by its number"
	}
	return "select one of the preinstalled " + name + " " + strings.Join(pre, ", ")
}

// runtimeMatches reports whether the requested version selects rv: the same key, a major
// version of it ("3" selects "3.12"), or its installed patch version.
func runtimeMatches(want string, rv image.RuntimeVersion) bool {
	for _, have := range []string{rv.Version, rv.Installed} {
		if have == "" {
			continue
		}
		if strings.EqualFold(want, have) || strings.HasPrefix(have, want+".") {
			return true
		}
	}
	return false
}

// imageRef adds the image reference when the label does not show it: " (aws/codebuild/standard:7.0)".
func imageRef(inv *image.Inventory) string {
	if inv.Ref == "" || inv.Ref == inv.Name {
		return ""
	}
	return " (" + inv.Ref + ")"
}
