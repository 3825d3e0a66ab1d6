package main

import (
	"fmt"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
	"github.com/buildspec-lint/buildspec-lint/lint/image"
	"github.com/buildspec-lint/buildspec-lint/lint/source"
	"github.com/buildspec-lint/buildspec-lint/rules"
)

// imageless counts the linted files that install tools or use Docker but had no build image
// (no --image, --dockerfile, --tools, configuration image or image= directive): set as a
// Linter's Observe, it reads the documents the run parsed anyway. The linter may observe a file
// more than once (verifying a fix lints the fixed text again), so a file counts once, by path.
type imageless struct {
	n    atomic.Int64
	seen sync.Map // paths counted
	// buildspecs are the paths linted as buildspecs (the linter observes no other kind), so that
	// --verbose can tell a file whose content made it a workflow; kept only when kinds is set
	// (a map entry per file of the run would stay live until the output for nothing).
	kinds      bool
	buildspecs sync.Map
}

// isBuildspec reports whether the file at path was linted as a buildspec.
func (c *imageless) isBuildspec(path string) bool {
	_, ok := c.buildspecs.Load(path)
	return ok
}

func (c *imageless) observe(src *source.Source, specs []*buildspec.Buildspec, image *image.Inventory) {
	if c.kinds {
		c.buildspecs.Store(src.Path, true)
	}
	if image != nil {
		return
	}
	for _, spec := range specs {
		if installs, docker := rules.NeedsImage(spec); installs || docker {
			if _, dup := c.seen.LoadOrStore(src.Path, true); !dup {
				c.n.Add(1)
			}
			return
		}
	}
}

// noImageNotice returns the run's notice when n files install tools or use Docker but no build
// image is known for them: which rules therefore stayed silent, and the lines of
// .buildspec-lint.yaml that name the image. It is "" when n is 0.
func noImageNotice(n int) string {
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
		"name the build image in .buildspec-lint.yaml (or use --image, --dockerfile or --tools; lint the directory that also holds the CloudFormation, SAM, CDK or Terraform project that runs the file, and its image is read from there):\n\n%s\n",
		files, strings.Join(silent, ", "), noImageConfig)
}

// noImageConfig are the lines of .buildspec-lint.yaml that name the build image of every file.
const noImageConfig = "image: build\n" +
	"images:\n" +
	"  build: {image: aws/codebuild/standard:7.0}   # or {dockerfile: path/to/Dockerfile}\n"
