#!/usr/bin/env bash
# test.sh: the whole test suite (README, "Develop"). Installs the external clients the tests use
# when they are missing, then: gofmt, go vet, go test (with the integration tests against
# sarif-multitool, reviewdog, pre-commit and actionlint), a bounded fuzz run of every fuzz
# target, and the detection score on ../shared/corpus when it is there.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$(go env GOPATH)/bin:$PATH"
bash scripts/install-test-tools.sh

unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))
if [ -n "$unformatted" ]; then echo "gofmt would change: $unformatted"; exit 1; fi
go vet ./...
go test -count=1 ./...

# Fuzz each target for a bounded time (FUZZTIME, default 10s).
fuzztime="${FUZZTIME:-10s}"
for pkg in $(go list ./...); do
  dir=$(go list -f '{{.Dir}}' "$pkg")
  for target in $(grep -ho '^func Fuzz[A-Za-z0-9_]*' "$dir"/*_test.go 2>/dev/null | sed 's/^func //' | sort -u); do
    echo "fuzz: $pkg $target ($fuzztime)"
    go test -run='^$' -fuzz="^${target}\$" -fuzztime="$fuzztime" "$pkg" >/dev/null
  done
done

# Detection on the shared corpus, when this checkout sits beside ../shared.
if [ -x ../shared/tools/score ] && [ -d ../shared/corpus/real ]; then
  bin=$(mktemp -d)/buildspec-lint
  go build -o "$bin" ./cmd/buildspec-lint
  ../shared/tools/score --bin "$bin" --corpus ../shared/corpus/real
fi
echo "test.sh: all passed"
