#!/usr/bin/env bash
# pin-release.sh TAG CHECKSUMS [ACTION_YML]: write the release pins of action.yml. TAG (vX.Y.Z)
# and the SHA-256 of each release archive listed in CHECKSUMS (GoReleaser's checksums.txt)
# replace the lines between "# BEGIN release pins" and "# END release pins" of ACTION_YML
# (default action.yml); nothing else in the file changes. The release workflow runs it on the
# release commit (CONTRIBUTING.md, "Releasing"), so a release tag's action.yml verifies the
# download against the bytes that release was published with.
set -euo pipefail

die() { echo "pin-release.sh: $*" >&2; exit 1; }

[ $# -eq 2 ] || [ $# -eq 3 ] || die "usage: pin-release.sh TAG CHECKSUMS [ACTION_YML]"
tag=$1 sums=$2 action=${3:-action.yml}
[[ "$tag" =~ ^v[0-9]+\.[0-9]+\.[0-9]+$ ]] || die "tag $(printf '%q' "$tag") is not vX.Y.Z"
[ -f "$sums" ] || die "$sums: no such file"
[ -f "$action" ] || die "$action: no such file"

# Every line must be "<sha256>  buildspec-lint_<os>_<arch>.tar.gz": a line of any other shape
# means the release changed and this script (and the install step) must learn about it.
pins=""
n=0
lineno=0
while IFS= read -r line || [ -n "$line" ]; do
  lineno=$((lineno + 1))
  line=${line%$'\r'}
  [ -z "$line" ] && continue
  if [[ "$line" =~ ^([0-9a-f]{64})\ [\ *](buildspec-lint_[a-z0-9]+_[a-z0-9]+\.tar\.gz)$ ]]; then
    pins+="${BASH_REMATCH[1]}  ${BASH_REMATCH[2]}"$'\n'
    n=$((n + 1))
  else
    die "$sums:$lineno: not a SHA-256 line of a release archive: $(printf '%q' "${line:0:200}")"
  fi
done < "$sums"
[ "$n" -gt 0 ] || die "$sums: no release archive listed"

begins=$(grep -c '^ *# BEGIN release pins$' "$action" || true)
ends=$(grep -c '^ *# END release pins$' "$action" || true)
if [ "$begins" != 1 ] || [ "$ends" != 1 ]; then
  die "$action: want one '# BEGIN release pins' and one '# END release pins' line, found $begins and $ends"
fi

tmp=$(mktemp "$action.XXXXXX")
trap 'rm -f "$tmp"' EXIT
TAG=$tag PINS=$pins awk '
  /^ *# BEGIN release pins$/ {
    print
    indent = $0; sub(/#.*/, "", indent)
    print indent "BSL_PINNED_VERSION: " ENVIRON["TAG"]
    print indent "BSL_PINNED_SHA256: |"
    n = split(ENVIRON["PINS"], lines, "\n")
    for (i = 1; i <= n; i++) if (lines[i] != "") print indent "  " lines[i]
    inside = 1
    next
  }
  /^ *# END release pins$/ { if (!inside) exit 3; inside = 0 }
  !inside { print }
' "$action" > "$tmp" || die "$action: '# END release pins' comes before '# BEGIN release pins'"
cat "$tmp" > "$action" # keeps the file's mode
echo "pin-release.sh: $action pins $tag ($n archives)"
