#!/usr/bin/env bash
# bench/run.sh: how fast buildspec-lint lints a large monorepo, next to a Go program that only
# reads and YAML-parses the same files and next to yamllint (README, "Performance").
#
#   bash bench/run.sh                 # 20,000 buildspecs
#   N=2000 SAMPLE=200 bash bench/run.sh
#   CPUS=0,1 bash bench/run.sh        # pin every program to these CPUs (taskset), e.g. 2 cores
#   TEMPLATES=1000 bash bench/run.sh  # also 1,000 templates and .tf files with no CodeBuild project
#
# It generates the monorepo (bench/testdata/gen), runs each program RUNS times and keeps the
# fastest wall time and its peak RSS (/usr/bin/time), runs yamllint on a SAMPLE of the files and
# scales its time to N, and times one file from process start to exit. It prints the figures and
# checks the README's targets; the exit status is 1 when a target is missed.
set -euo pipefail
cd "$(dirname "$0")/.."

N="${N:-20000}"
SAMPLE="${SAMPLE:-500}"
RUNS="${RUNS:-3}"
TEMPLATES="${TEMPLATES:-0}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

pin=()
if [ -n "${CPUS:-}" ]; then
  command -v taskset >/dev/null || { echo "bench: CPUS needs taskset"; exit 2; }
  pin=(taskset -c "$CPUS")
fi
ncpu=$("${pin[@]}" nproc)

# Built as the release is (.goreleaser.yaml): no cgo, no symbol tables. The baseline too.
release=(env CGO_ENABLED=0 go build -trimpath -ldflags "-s -w")
"${release[@]}" -o "$work/buildspec-lint" ./cmd/buildspec-lint
"${release[@]}" -o "$work/parseonly" ./bench/testdata/parseonly
go build -o "$work/gen" ./bench/testdata/gen
"$work/gen" -n "$N" -templates "$TEMPLATES" -o "$work/repo" >/dev/null
mkdir -p "$work/repo/.git" # configuration look-ups stop at the repository root
bytes=$(find "$work/repo" -name 'buildspec*' -type f -exec cat {} + | wc -c)
echo "bench: $N buildspecs ($((bytes / 1024)) KiB) and $TEMPLATES templates without a CodeBuild project on $ncpu CPUs, best of $RUNS runs"

# measure NAME CMD...: best wall seconds of RUNS runs and the peak RSS (KiB) of that run, in
# $secs and $rss. The command runs in the monorepo.
measure() {
  local name=$1; shift
  local best="" best_rss="" out
  for _ in $(seq "$RUNS"); do
    if [ -x /usr/bin/time ]; then
      out=$(cd "$work/repo" && /usr/bin/time -f '%e %M' "${pin[@]}" "$@" 2>&1 >/dev/null | tail -1)
    else
      local t0 t1
      t0=$(date +%s%N); (cd "$work/repo" && "${pin[@]}" "$@" >/dev/null 2>&1) || true; t1=$(date +%s%N)
      out="$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f", (b-a)/1e9}') 0"
    fi
    set -- "$@"
    local s=${out% *} r=${out#* }
    if [ -z "$best" ] || awk -v a="$s" -v b="$best" 'BEGIN{exit !(a<b)}'; then best=$s; best_rss=$r; fi
  done
  secs=$best; rss=$best_rss
  printf '  %-34s %8.2f s %9.0f files/s %7d MB peak RSS\n' "$name" "$secs" "$(awk -v n="$1" -v s="$secs" 'BEGIN{print (s>0)?'"$N"'/s:0}')" "$((rss / 1024))"
}

measure "buildspec-lint (text to /dev/null)" "$work/buildspec-lint" --fail-level none .
lint_s=$secs lint_rss=$rss
measure "parse-only baseline (read + yaml v3)" "$work/parseonly" .
base_s=$secs

# yamllint on every (N/SAMPLE)th buildspec, scaled to N; buildspec-lint on the same sample.
find "$work/repo" -name 'buildspec*' -type f | sort | awk -v k="$((N / SAMPLE))" 'NR % k == 0' >"$work/sample"
ns=$(wc -l <"$work/sample")
yl_s=""
if command -v yamllint >/dev/null; then
  t0=$(date +%s%N)
  (cd "$work/repo" && xargs "${pin[@]}" yamllint -f parsable -d relaxed <"$work/sample" >/dev/null) || true
  t1=$(date +%s%N)
  yl_s=$(awk -v a="$t0" -v b="$t1" -v n="$N" -v s="$ns" 'BEGIN{printf "%.2f", (b-a)/1e9*n/s}')
  printf '  %-34s %8.2f s (measured on %d files, scaled to %d)\n' "yamllint -d relaxed" "$yl_s" "$ns" "$N"
else
  echo "  yamllint: not installed (apt-get install yamllint), skipped"
fi

# One file, process start to exit: the median of 21 runs, timed with bash's $EPOCHREALTIME
# (no date or subshell processes inside the interval; starting any process costs something, so
# /bin/true is timed the same way for reference).
one=$(head -1 "$work/sample")
median_ms() {
  local t0 t1
  for _ in $(seq 21); do
    t0=$EPOCHREALTIME; "${pin[@]}" "$@" >/dev/null; t1=$EPOCHREALTIME
    echo "$t0 $t1"
  done | awk '{printf "%.3f\n", ($2 - $1) * 1000}' | sort -n | sed -n 11p
}
cd "$work/repo"
true_ms=$(median_ms /bin/true)
one_ms=$(median_ms "$work/buildspec-lint" --fail-level none "$one" || true)
cd - >/dev/null
printf '  %-34s %8.1f ms (median of 21; /bin/true: %.1f ms)\n' "one file, start to exit" "$one_ms" "$true_ms"

missed=0
check() { # check LABEL VALUE OP LIMIT
  if awk -v v="$2" -v l="$4" "BEGIN{exit !(v $3 l)}"; then echo "  ok      $1: $2 (target $3 $4)"; else echo "  MISSED  $1: $2 (target $3 $4)"; missed=1; fi
}
echo "targets (the README's, for 20,000 buildspecs on 2 cores):"
check "lint / parse-only" "$(awk -v a="$lint_s" -v b="$base_s" 'BEGIN{printf "%.2f", a/b}')" "<=" 2
if [ -n "$yl_s" ]; then
  check "yamllint / lint" "$(awk -v a="$yl_s" -v b="$lint_s" 'BEGIN{printf "%.1f", a/b}')" ">=" 20
fi
check "peak RSS (MB)" "$((lint_rss / 1024))" "<" 200
check "one file (ms)" "$one_ms" "<" 20
exit $missed
