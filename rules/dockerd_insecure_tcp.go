package rules

import (
	"net"
	"strings"

	"github.com/buildspec-lint/buildspec-lint/lint"
	"github.com/buildspec-lint/buildspec-lint/lint/buildspec"
	"github.com/buildspec-lint/buildspec-lint/lint/finding"
	"github.com/buildspec-lint/buildspec-lint/lint/image"
)

// DockerdInsecureTCP reports a dockerd that listens on a TCP address other than loopback without
// client certificate verification.
var DockerdInsecureTCP = &lint.Rule{
	Rule: finding.Rule{
		ID:       "BSL207",
		Name:     "dockerd-insecure-tcp",
		Severity: finding.SeverityWarning,
		Doc: finding.Doc{
			Title: "dockerd listens on the network without TLS verification",
			Text: "The `privilegedMode` entry of the CodeBuild API reference " +
				"([ProjectEnvironment](https://docs.aws.amazon.com/codebuild/latest/APIReference/API_ProjectEnvironment.html)) " +
				"starts the daemon with `--host=tcp://0.0.0.0:2375`: the Docker API without authentication on every interface " +
				"of the build container, so anything that reaches it (the containers the build runs, other hosts of the " +
				"project's VPC) controls the daemon, which runs privileged. Docker's documentation makes a network socket " +
				"safe only with `--tlsverify`, under which the daemon accepts only clients with a certificate signed by its CA " +
				"([Protect the Docker daemon socket](https://docs.docker.com/engine/security/protect-access/)); " +
				"`--tls` alone encrypts but lets any client in. With an explicit `--tls=false` or `--tlsverify=false`, " +
				"Docker 27 and later refuse to start on such an address ([deprecated Engine features](https://docs.docker.com/engine/deprecated/), " +
				"\"Unauthenticated TCP connections\").\n\n" +
				"The [Docker in custom image sample](https://docs.aws.amazon.com/codebuild/latest/userguide/sample-docker-custom-image.html) " +
				"listens on `tcp://127.0.0.1:2375`, which only the build container reaches, and the rule accepts every " +
				"loopback address (`127.0.0.0/8`, `::1`, `localhost`, and `tcp://:2375`, which dockerd binds to localhost). " +
				"It reads `-H` and `--host` in every form the daemon accepts; host names other than localhost and addresses " +
				"in variables are not judged. On `docker:dind`, its `dockerd-entrypoint.sh` started with `DOCKER_TLS_CERTDIR` " +
				"set to empty (on the command or in `env.variables`) listens on `tcp://0.0.0.0:2375` without TLS, and is " +
				"reported too; the image's default (`/certs`) makes it generate certificates and require them. It is silent on images that start dockerd themselves (the curated images), " +
				"where BSL204 dockerd-double-start reports the second start, which does not come up.\n\n" +
				"The fix (`--fix`) replaces `0.0.0.0` with `127.0.0.1` when no command or variable of the buildspec names " +
				"the port elsewhere: a client that reaches the daemon over the network would lose it. An address of one " +
				"interface, and a start with `--tls`, get no fix.",
			Bad:  "version: 0.2\nphases:\n  install:\n    commands:\n      - nohup dockerd --host=unix:///var/run/docker.sock --host=tcp://0.0.0.0:2375 &\n",
			Good: "version: 0.2\nphases:\n  install:\n    commands:\n      - nohup dockerd --host=unix:///var/run/docker.sock --host=tcp://127.0.0.1:2375 &\n",
		},
	},
	Check: checkDockerdInsecureTCP,
}

func checkDockerdInsecureTCP(p *lint.Pass) {
	if p.Image != nil && p.Image.Dockerd == image.DockerdAuto || noDaemonInBuild(p.Image) {
		// The image starts dockerd, or the build uses the Docker server or no Docker: BSL204 or
		// BSL015 reports the start itself.
		return
	}
	for _, c := range p.Calls() {
		if startEvent(c, p.Image) == nil {
			continue
		}
		flags := dockerdFlags(c, p.Image)
		if dindEntrypointWithoutTLS(p, c) {
			p.Reportf(programRange(c, 0), "%s listens on tcp://0.0.0.0:2375 without TLS when DOCKER_TLS_CERTDIR is empty: anything "+
				"that reaches the build container (the containers the build runs, hosts of the project's VPC) controls the "+
				"privileged daemon; leave DOCKER_TLS_CERTDIR at the image's /certs (TLS with client verification on port 2376), "+
				"or start dockerd on the unix socket yourself", c.Name())
		}
		if verify, _ := boolFlag(flags, "tlsverify"); verify {
			continue
		}
		tls, tlsOff := boolFlag(flags, "tls")
		_, verifyOff := boolFlag(flags, "tlsverify")
		for _, fv := range flagValues(flags, "host", "H") {
			addr, exposed := exposedTCP(fv.Value)
			if !exposed {
				continue
			}
			how := "without TLS"
			if tls {
				how = "with --tls but without --tlsverify, so any client gets in"
			}
			fix := "listen on tcp://127.0.0.1 as the AWS sample does, on the unix socket only, or add --tlsverify with certificates"
			if tlsOff || verifyOff {
				off := "--tls=false"
				if verifyOff {
					off = "--tlsverify=false"
				}
				if eng, ok := dockerEngineOf(p.Image); ok && eng.Major >= 27 {
					f := p.Reportf(fv.Word.Range(), "dockerd does not start: Docker 27 and later refuse %s with a TCP address other than loopback (%s), and %s; %s",
						off, addr, eng.Why, fix)
					f.Fix = loopbackFix(p, fv)
					continue
				}
			}
			f := p.Reportf(fv.Word.Range(), "dockerd listens on %s %s: anything that reaches the build container (the containers "+
				"the build runs, hosts of the project's VPC) controls the privileged daemon; %s", addr, how, fix)
			if !tls {
				f.Fix = loopbackFix(p, fv)
			}
		}
	}
}

// exposedTCP reports whether a dockerd --host value is a TCP address on an interface other than
// loopback: an IP address, 0.0.0.0 or :: (every interface). dockerd binds an empty host to
// localhost. It returns the address as written for messages.
func exposedTCP(v string) (string, bool) {
	rest, ok := strings.CutPrefix(strings.ToLower(v), "tcp://")
	if !ok {
		if strings.Contains(v, "://") || !strings.Contains(v, ":") {
			return "", false // unix://, fd://, npipe://, ssh://, or a bare socket path
		}
	}
	if i := strings.IndexByte(rest, '/'); i >= 0 {
		rest = rest[:i]
	}
	host, _, err := net.SplitHostPort(rest)
	if err != nil {
		host = strings.Trim(rest, "[]")
	}
	ip := net.ParseIP(host)
	if ip == nil || ip.IsLoopback() {
		return "", false
	}
	return v, true
}

// dindEntrypointWithoutTLS reports whether c runs docker:dind's dockerd-entrypoint.sh as the
// daemon's launcher with DOCKER_TLS_CERTDIR set to empty (on the call or in env.variables): the
// script then adds --host=tcp://0.0.0.0:2375 and no TLS options (its own source).
func dindEntrypointWithoutTLS(p *lint.Pass, c *buildspec.Call) bool {
	if !isDindImage(p.Image) || len(c.Args) == 0 {
		return false
	}
	switch buildspec.BaseName(c.Args[0].Value) {
	case "dockerd-entrypoint.sh", "dockerd-entrypoint":
	default:
		return false
	}
	if len(c.Args) > 1 && !strings.HasPrefix(c.Args[1].Value, "-") {
		return false // it runs another program (or dockerd with options of its own)
	}
	for _, a := range c.Assigns {
		if v, ok := strings.CutPrefix(a, "DOCKER_TLS_CERTDIR="); ok {
			return v == "" || v == `""` || v == "''"
		}
	}
	if p.Spec.Env != nil {
		for _, e := range p.Spec.Env.Variables {
			if e.Key.Name == "DOCKER_TLS_CERTDIR" {
				return e.Value != nil && e.Value.Value == ""
			}
		}
	}
	return false
}

// loopbackFix returns the fix that makes dockerd listen on 127.0.0.1 instead of every interface
// (0.0.0.0), as the AWS sample does, or nil when that is not clearly safe: an address of one
// interface (a network the user chose), or a port that the buildspec names elsewhere (DOCKER_HOST
// or a client that may reach the daemon from another container or host).
func loopbackFix(p *lint.Pass, fv flagValue) *finding.Fix {
	data := p.Spec.Source.Data
	w := fv.Word.Range()
	text := string(data[w.Start.Offset:w.End.Offset])
	if strings.Count(text, "0.0.0.0") != 1 || strings.Count(fv.Value, "0.0.0.0") != 1 {
		return nil
	}
	_, port, err := net.SplitHostPort(strings.TrimPrefix(strings.TrimPrefix(strings.ToLower(fv.Value), "tcp://"), "//"))
	if err != nil || port == "" {
		return nil
	}
	// The port in the commands and variables besides this word (comments aside).
	n := -strings.Count(fv.Value, ":"+port)
	for _, cmd := range p.Spec.CommandsInOrder() {
		n += strings.Count(cmd.Value, ":"+port)
	}
	if p.Spec.Env != nil {
		for _, e := range p.Spec.Env.Variables {
			if e.Value != nil {
				n += strings.Count(e.Value.Value, ":"+port)
			}
		}
	}
	if n != 0 {
		return nil
	}
	at := w.Start.Offset + strings.Index(text, "0.0.0.0")
	return finding.NewFix("listen on 127.0.0.1 only", p.Spec.Source.Range(at, at+len("0.0.0.0")), "127.0.0.1")
}
