#!/usr/bin/env bash
# release-check.sh: build the release as the release workflow does, as a snapshot, and check it
# (CONTRIBUTING.md, "Releasing"). Runs the GoReleaser pinned in tools/goreleaser/go.mod:
# `goreleaser check`, then `goreleaser release --snapshot --clean` into dist/ (the six archives,
# checksums.txt, metadata.json, artifacts.json), then the Go tests of integration/release_test.go
# on that dist/ (BSL_RELEASE_DIST): archive names and contents, checksums, the binary's --version,
# and action.yml's install step against a local HTTPS release serving those files.
# The first run builds GoReleaser (minutes); `go tool` keeps the executable in the Go build cache.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

# The tests of integration/release_test.go, which read BSL_RELEASE_DIST.
release_tests='^TestReleaseSnapshot'

die() { echo "release-check.sh: $*" >&2; exit 1; }

step() { echo "release-check.sh: $* ($(date -u +%H:%M:%S))"; }

step "building GoReleaser (tools/goreleaser/go.mod)"
# go tool -n builds the tool (or finds it in the build cache) and prints its path. GoReleaser
# needs a newer Go than the main module's minimum: GOTOOLCHAIN=auto lets an older local Go fetch
# the version tools/goreleaser/go.mod names (through the Go proxy, checked against the checksum
# database) for this build only; a Go at least that new is used as it is.
goreleaser=$(cd tools/goreleaser && GOTOOLCHAIN=auto go tool -n goreleaser) ||
  die "could not build GoReleaser from tools/goreleaser (go tool -n goreleaser failed, above)"
[ -x "$goreleaser" ] || die "go tool -n goreleaser printed $(printf '%q' "$goreleaser"), not an executable"
"$goreleaser" --version 2>/dev/null | grep -i '^GitVersion:' || true

step "goreleaser check"
"$goreleaser" check || die "goreleaser check: .goreleaser.yaml is not valid for the pinned GoReleaser"

step "goreleaser release --snapshot --clean"
"$goreleaser" release --snapshot --clean || die "goreleaser release --snapshot failed"
[ -f dist/metadata.json ] || die "dist/metadata.json is missing after the snapshot"

step "checking dist/ (go test ./integration -run $release_tests)"
BSL_RELEASE_DIST="$root/dist" go test -count=1 -v -run "$release_tests" ./integration ||
  die "the snapshot in dist/ failed its checks (above)"
step "all passed"
