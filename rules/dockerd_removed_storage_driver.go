package rules

import (
	"strings"

	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/finding"
	"github.com/buildspec-lint/buildspec-lint/lint/image"
)

// removedStorageDrivers are the dockerd storage drivers Docker Engine removed, with the release
// that removed them (Docker's deprecated features page; docs/sources.md, "Docker in CodeBuild").
var removedStorageDrivers = map[string]struct {
	major   int
	release string
}{
	"aufs":         {24, "24.0"},
	"overlay":      {24, "24.0"},
	"devicemapper": {25, "25.0"},
}

// DockerdRemovedStorageDriver reports a dockerd started with a storage driver that the image's
// Docker Engine no longer has.
var DockerdRemovedStorageDriver = &lint.Rule{
	Rule: finding.Rule{
		ID:       "BSL206",
		Name:     "dockerd-removed-storage-driver",
		Severity: finding.SeverityError,
		Doc: finding.Doc{
			Title: "dockerd is started with a storage driver that current Docker removed",
			Text: "The `privilegedMode` entry of the CodeBuild API reference " +
				"([ProjectEnvironment](https://docs.aws.amazon.com/codebuild/latest/APIReference/API_ProjectEnvironment.html)) " +
				"and older copies of the [Docker in custom image sample](https://docs.aws.amazon.com/codebuild/latest/userguide/sample-docker-custom-image.html) " +
				"start the daemon with `--storage-driver=overlay`. Docker Engine removed the legacy `overlay` and the `aufs` " +
				"drivers in 24.0 and `devicemapper` in 25.0 ([deprecated Engine features](https://docs.docker.com/engine/deprecated/)): " +
				"a dockerd of those releases or later does not start with them, and every `docker` command after it fails. " +
				"`overlay2` (the current sample's driver, and the default) works.\n\n" +
				"The rule reads `--storage-driver` and `-s` in every form the daemon accepts, on `dockerd`, `docker daemon` and " +
				"`docker:dind`'s `dockerd-entrypoint.sh` (which hands its options to dockerd). It needs the image's Docker " +
				"version: the dockerd version of its inventory, the tag of a `docker:<version>-dind` image, or `docker:dind` " +
				"itself, whose tag follows the newest release. It is silent when the image does not say, and on images " +
				"that start dockerd themselves (the curated images), where BSL204 dockerd-double-start reports the second start.",
			Bad:     "version: 0.2\nphases:\n  install:\n    commands:\n      - nohup dockerd --host=unix:///var/run/docker.sock --storage-driver=overlay &\n",
			Good:    "version: 0.2\nphases:\n  install:\n    commands:\n      - nohup dockerd --host=unix:///var/run/docker.sock --storage-driver=overlay2 &\n",
			Options: []string{"--image", "docker:dind"},
		},
	},
	Check: checkDockerdRemovedStorageDriver,
}

func checkDockerdRemovedStorageDriver(p *lint.Pass) {
	if p.Image != nil && p.Image.Dockerd == image.DockerdAuto {
		return // the image starts dockerd; BSL204 reports a second start, which fails anyway
	}
	eng, ok := dockerEngineOf(p.Image)
	if !ok {
		return
	}
	for _, c := range p.Calls() {
		if startEvent(c, p.Image) == nil {
			continue
		}
		for _, fv := range flagValues(dockerdFlags(c, p.Image), "storage-driver", "s") {
			d, removed := removedStorageDrivers[strings.ToLower(fv.Value)]
			if !removed || eng.Major < d.major {
				continue
			}
			f := p.Reportf(fv.Word.Range, "dockerd does not start with storage driver %s: Docker %s removed it, and %s; "+
				"use overlay2 (the default, which the AWS sample uses)", fv.Value, d.release, eng.Why)
			f.Fix = &finding.Fix{Message: "use overlay2", Range: fv.Word.Range, NewText: fv.Prefix + "overlay2"}
		}
	}
}
