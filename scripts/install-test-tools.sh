#!/usr/bin/env bash
# install-test-tools.sh: installs the programs the full suite's tests run against (scripts/test.sh
# --full; README, "Develop"). Safe to run again: it skips what is there.
#
# Into .tools/ in the checkout (git ignores it), without root, at the versions the tests expect:
#   Microsoft's SARIF multitool 5.7.0  npm install --prefix .tools/npm  (.tools/npm/node_modules/.bin)
#   reviewdog v0.21.0                  go install with GOBIN=.tools/bin  (.tools/bin)
# The tests find them there by themselves (internal/testtool); scripts/test.sh also puts both
# directories first in PATH.
#
# With apt-get (as root, or through sudo), only what has no local install here and is missing:
# Debian's pre-commit and yamllint (bench/run.sh), python3-yaml (PyYAML, for the corpus score),
# git and curl.
set -euo pipefail
cd "$(dirname "$0")/.."
tools="$PWD/.tools"
mkdir -p "$tools/bin"

need_apt=()
command -v pre-commit >/dev/null || need_apt+=(pre-commit)
command -v yamllint >/dev/null || need_apt+=(yamllint)
command -v git >/dev/null || need_apt+=(git)
# The corpus score (scripts/test.sh) needs PyYAML.
command -v curl >/dev/null || need_apt+=(curl)
if ! python3 -c 'import yaml' 2>/dev/null && ! /usr/bin/python3 -c 'import yaml' 2>/dev/null; then need_apt+=(python3-yaml); fi
if [ ${#need_apt[@]} -gt 0 ]; then
  SUDO=""
  if [ "$(id -u)" != 0 ]; then
    if ! command -v sudo >/dev/null; then
      echo "install-test-tools: ${need_apt[*]} missing; install them as root: apt-get install ${need_apt[*]}" >&2
      exit 1
    fi
    SUDO=sudo
  fi
  echo "install-test-tools: $SUDO apt-get install ${need_apt[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

multitool=5.7.0
pkg="$tools/npm/node_modules/@microsoft/sarif-multitool/package.json"
if ! [ -x "$tools/npm/node_modules/.bin/sarif-multitool" ] || ! grep -q "\"version\": \"$multitool\"" "$pkg" 2>/dev/null; then
  if ! command -v npm >/dev/null; then
    echo "install-test-tools: npm is missing (Node.js): install it, then run this script again" >&2
    exit 1
  fi
  echo "install-test-tools: npm install --prefix .tools/npm @microsoft/sarif-multitool@$multitool"
  npm install --prefix "$tools/npm" --no-fund --no-audit --no-save @microsoft/sarif-multitool@$multitool >/dev/null
fi
# The native binary is made executable by the platform package's postinstall script (`chmod u+x`),
# which npm skips when it does not run install scripts (ignore-scripts, or a package it has not
# been told to allow): make it executable here.
find "$tools/npm/node_modules/@microsoft" -path '*sarif-multitool*' -name Sarif.Multitool -type f -exec chmod a+rx {} +

reviewdog=0.21.0
# reviewdog -version says "master" when built by go install; the binary's module version does not.
if ! [ -x "$tools/bin/reviewdog" ] || [ "$(go version -m "$tools/bin/reviewdog" 2>/dev/null | awk '$1 == "mod" {print $3}')" != "v$reviewdog" ]; then
  echo "install-test-tools: GOBIN=.tools/bin go install reviewdog@v$reviewdog"
  GOBIN="$tools/bin" go install "github.com/reviewdog/reviewdog/cmd/reviewdog@v$reviewdog"
fi
