#!/usr/bin/env bash
# install-test-tools.sh: installs the real clients the tests run against, when they are missing:
# Debian's pre-commit and yamllint, Microsoft's SARIF multitool (npm), reviewdog (Go module proxy).
# Needs root (or sudo) for apt-get and npm -g. Safe to run again: it skips what is there.
set -euo pipefail
SUDO=""
if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null; then SUDO=sudo; fi

need_apt=()
command -v pre-commit >/dev/null || need_apt+=(pre-commit)
command -v yamllint >/dev/null || need_apt+=(yamllint)
command -v git >/dev/null || need_apt+=(git)
# The corpus score (scripts/test.sh) needs PyYAML.
if ! python3 -c 'import yaml' 2>/dev/null && ! /usr/bin/python3 -c 'import yaml' 2>/dev/null; then need_apt+=(python3-yaml); fi
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "install-test-tools: apt-get install ${need_apt[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

if ! command -v sarif-multitool >/dev/null; then
  echo "install-test-tools: npm install -g @microsoft/sarif-multitool@5.7.0"
  $SUDO npm install -g --no-fund --no-audit @microsoft/sarif-multitool@5.7.0 >/dev/null
fi
# The native binary is made executable by the platform package's postinstall script, which only
# does `chmod u+x` (root's, after a sudo install) and does not run at all when npm skips install
# scripts (ignore-scripts). Make it executable for every user.
mt_root="$(npm root -g 2>/dev/null)/@microsoft"
if [ -d "$mt_root" ]; then
  find "$mt_root" -path '*sarif-multitool*' -name Sarif.Multitool -type f -exec $SUDO chmod a+rx {} +
fi

if ! command -v reviewdog >/dev/null; then
  echo "install-test-tools: go install reviewdog@v0.21.0"
  GOBIN="${GOBIN:-$(go env GOPATH)/bin}" go install github.com/reviewdog/reviewdog/cmd/reviewdog@v0.21.0
fi
