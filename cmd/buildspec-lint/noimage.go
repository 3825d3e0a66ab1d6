package main

import (
	"fmt"
	"strings"

	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/rules"
)

// noImageNotice returns the run's notice when files install tools or use Docker but no build
// image is known for them (no --image, --dockerfile, --tools, configuration image or image=
// directive): which rules therefore stayed silent, and the lines of .buildspec-lint.yaml that
// name the image. It is "" when every such file has an image. Files are read again only when
// they have no image, which is the first run of a project without configuration.
func noImageNotice(inputs []lint.Input, settings func(string) (*lint.FileSettings, error)) string {
	n := 0
	for _, in := range inputs {
		fs, err := settings(in.Path)
		if err != nil || fs != nil && fs.Image != nil {
			continue
		}
		max, lim := int64(lint.DefaultMaxFileSize), lint.DefaultLimits
		if fs != nil && fs.MaxFileSize > 0 {
			max = fs.MaxFileSize
		}
		if fs != nil && fs.Limits != nil {
			lim = *fs.Limits
		}
		data := in.Data
		if data == nil {
			if data, err = lint.ReadRegularFile(in.Path, max); err != nil {
				continue
			}
		}
		for _, spec := range lint.ParseWithLimits(lint.NewSource(in.Path, data), lim) {
			if hasImageDirective(spec) {
				continue
			}
			if installs, docker := rules.NeedsImage(spec); installs || docker {
				n++
				break
			}
		}
	}
	if n == 0 {
		return ""
	}
	var silent []string
	for _, r := range rules.ImageRules {
		silent = append(silent, r.ID+" "+r.Name)
	}
	files := "1 file installs tools or uses docker"
	if n > 1 {
		files = fmt.Sprintf("%d files install tools or use docker", n)
	}
	return fmt.Sprintf("buildspec-lint: %s but no build image is configured, so these rules stayed silent: %s; "+
		"name the build image in .buildspec-lint.yaml (or use --image, --dockerfile or --tools):\n\n%s\n",
		files, strings.Join(silent, ", "), noImageConfig)
}

// noImageConfig are the lines of .buildspec-lint.yaml that name the build image of every file.
const noImageConfig = "image: build\n" +
	"images:\n" +
	"  build: {image: aws/codebuild/standard:7.0}   # or {dockerfile: path/to/Dockerfile}\n"

// hasImageDirective reports whether the document names its image (# buildspec-lint image=NAME).
func hasImageDirective(spec *lint.Buildspec) bool {
	for _, d := range spec.Directives {
		if d.Kind == lint.DirectiveImage {
			return true
		}
	}
	return false
}
