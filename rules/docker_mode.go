package rules

import (
	"strings"

	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
	"github.com/buildspec-lint/buildspec-lint/lint/image"
)

// The Docker modes of the configuration (docker: daemon, server or none) and what the Docker
// rules make of them. With CodeBuild's Docker server (docs/sources.md, "Compute types and the
// Docker server") docker commands reach a managed server: no dockerd runs in the build, so
// nothing has to start it or enable privileged mode. Without Docker (docker: none, Lambda
// compute) BSL015 reports the Docker commands. Either way the rules that judge how the build
// starts dockerd (BSL201, BSL202, BSL203) have nothing to say, and BSL204 reports a start under
// the Docker server as unused.

// noDaemonInBuild reports whether the build runs no dockerd of its own: the image's or the
// configuration's Docker mode is server or none.
func noDaemonInBuild(img *image.Inventory) bool {
	return img != nil && (img.Docker == image.DockerServer || img.Docker == image.DockerNone)
}

// dockerServer reports whether the build uses CodeBuild's Docker server.
func dockerServer(img *image.Inventory) bool {
	return img != nil && img.Docker == image.DockerServer
}

// reportServerStarts reports every dockerd start of a build that uses the Docker server, and
// every service-manager start that starts nothing here: the daemon it would start is not the one
// docker commands use.
func reportServerStarts(p *lint.Pass) {
	for _, e := range dockerEvents(p.Spec, p.Image) {
		if e.Op != opStart && e.Op != opNoStart {
			continue
		}
		p.Reportf(e.Range, "remove this dockerd start (%s): the project uses CodeBuild's Docker server (docker: server %s), "+
			"which docker commands reach without a daemon in the build, so it is not used", e.What, dockerSource(p.Image))
	}
}

// unprivilegedDocker returns the first call of a document that needs the Docker daemon (or, in a
// build with none, the first that starts or waits for it), when the project that runs the document has privileged mode off, so that no daemon can
// run in the build (docker-not-privileged reports it); nil otherwise. Privileged mode does not
// matter with the Docker server or on Lambda compute (no Docker at all, which compute-unsupported
// reports), and does not exist on Windows (see windowsBuild). A project without privileged mode
// may also be docker: none: this rule then reports it, with where the project says so.
func unprivilegedDocker(spec *buildspec.Buildspec, img *image.Inventory) *dockerEvent {
	if img == nil || img.Privileged != image.PrivilegedOff || dockerServer(img) ||
		img.Compute == image.ComputeLambda || windowsBuild(spec, img) {
		return nil
	}
	// The first call that needs the daemon fails; a build with none fails at its start or wait.
	// (A start does not take the finding from a later docker command: removing the start, as
	// dockerd-double-start advises on curated images, must not move the finding.)
	var first *dockerEvent
	for _, e := range dockerEvents(spec, img) {
		switch e.Op {
		case opUse:
			return e
		case opStart, opWait:
			if first == nil {
				first = e
			}
		}
	}
	return first
}

// windowsBuild reports whether a document runs on Windows: its image is a Windows image, or its
// commands are PowerShell or cmd.
func windowsBuild(spec *buildspec.Buildspec, img *image.Inventory) bool {
	if img != nil && strings.HasPrefix(img.OS, "Windows") {
		return true
	}
	for _, c := range spec.CommandsInOrder() {
		if c.Script != nil && c.Script.Dialect != buildspec.DialectShell {
			return true
		}
	}
	return false
}
