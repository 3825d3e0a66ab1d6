package rules

import (
	"strings"

	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
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
				"`docker:dind`'s `dockerd-entrypoint.sh` (which hands its options to dockerd), and a `storage-driver` " +
				"that the build writes into the daemon's configuration file (`/etc/docker/daemon.json`, or the file of " +
				"`--config-file`) with `echo`, `printf`, or a here-document given to `cat` or `tee` before a start that " +
				"reads it. It needs the image's Docker " +
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
	if p.Image != nil && p.Image.Dockerd == image.DockerdAuto || noDaemonInBuild(p.Image) {
		// The image starts dockerd, or the build uses the Docker server or no Docker: BSL204 or
		// BSL015 reports the start itself.
		return
	}
	eng, ok := dockerEngineOf(p.Image)
	if !ok {
		return
	}
	ix := stmtIndex{}
	written := map[string]*configDriver{} // daemon.json files written so far, by path
	for _, c := range p.Calls() {
		if w, ok := daemonJSONWrite(ix, c); ok {
			if d, _ := w.Config["storage-driver"].(string); d != "" {
				written[w.Path] = &configDriver{driver: d, call: c}
			} else {
				delete(written, w.Path)
			}
			continue
		}
		ev := startEvent(c, p.Image)
		if ev == nil || ev.Op != opStart {
			for _, a := range c.Args {
				delete(written, a.Value) // cp, mv, sed -i, ...: the file is no longer the one written
			}
			continue
		}
		flags := dockerdFlags(c, p.Image)
		if flags == nil && helperName(buildspec.BaseName(c.Name()), "start", startHelperWords) {
			continue // a script of the project's own: what it reads is not known
		}
		if cd := written[dockerdConfigFile(flags)]; cd != nil && !cd.reported && len(flagValues(flags, "storage-driver", "s")) == 0 {
			if d, removed := removedStorageDrivers[strings.ToLower(cd.driver)]; removed && eng.Major >= d.major {
				cd.reported = true
				p.Reportf(programRange(cd.call, len(cd.call.Args)-1), "dockerd on line %d does not start with storage driver %s, which this "+
					"daemon.json sets: Docker %s removed it, and %s; use overlay2 (the default, which the AWS sample uses)",
					c.Args[0].Range().Start.Line, cd.driver, d.release, eng.Why)
			}
		}
		for _, fv := range flagValues(flags, "storage-driver", "s") {
			d, removed := removedStorageDrivers[strings.ToLower(fv.Value)]
			if !removed || eng.Major < d.major {
				continue
			}
			f := p.Reportf(fv.Word.Range(), "dockerd does not start with storage driver %s: Docker %s removed it, and %s; "+
				"use overlay2 (the default, which the AWS sample uses)", fv.Value, d.release, eng.Why)
			f.Fix = finding.NewFix("use overlay2", fv.Word.Range(), fv.Prefix+"overlay2")
		}
	}
}

// configDriver is the storage driver a daemon.json written by call sets.
type configDriver struct {
	driver   string
	call     *buildspec.Call
	reported bool
}
