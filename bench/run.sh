#!/usr/bin/env bash
# bench/run.sh: how fast buildspec-lint lints a large monorepo, next to a Go program that only
# reads and YAML-parses the same files (README, "Performance").
#
#   bash bench/run.sh                 # 20,000 generated buildspecs, median of 5 alternating runs
#   N=2000 RUNS=3 SAMPLE=200 bash bench/run.sh
#   FROM=DIR bash bench/run.sh        # 20,000 copies of the buildspecs in DIR (read in place)
#   CPUS=0,1 bash bench/run.sh        # run on these CPUs only (taskset), e.g. 2 cores
#   TEMPLATES=1000 bash bench/run.sh  # also 1,000 templates and .tf files with no CodeBuild project
#
# The tree: by default bench/testdata/gen writes N buildspecs. With FROM=DIR, the buildspecs in
# DIR (its *.yml and *.yaml files, read in place; those the linter's discovery skips as another
# format, such as a labels file, are left out and named) are copied round-robin into
# services/<team>/svc-NNNN/buildspec.yml of a temporary tree, N files in all; the root
# .buildspec-lint.yaml (image) and TEMPLATES are gen's in both modes.
#
# Both programs run once untimed (cache warm-up), and the number of files each found is checked
# to be the same (the linter's summary line, the baseline's count). Then RUNS (default 5)
# alternating runs, lint, parse-only, lint, parse-only, ..., each under /usr/bin/time: the
# figures are the median wall time and the median user+sys CPU time of each program, the ratio of
# the medians, and the peak RSS (the largest of lint's runs). One file is timed from process start
# to exit (median of 21, /bin/true beside it), and yamllint on a SAMPLE of the files, scaled to N,
# for information. The targets are checked; each is printed ok or MISSED, and the exit status is
# 1 when one is missed (2 when the bench cannot run).
set -euo pipefail
# With CPUS, the script runs itself again on those CPUs, and every program it starts inherits
# them: no taskset process is started with each timed one (its own start would be timed too).
if [ -n "${CPUS:-}" ] && [ -z "${BENCH_ON_CPUS:-}" ]; then
  command -v taskset >/dev/null || { echo "bench: CPUS needs taskset" >&2; exit 2; }
  BENCH_ON_CPUS=1 exec taskset -c "$CPUS" bash "$0" "$@"
fi
# FROM is relative to the directory the script is started in.
if [ -n "${FROM:-}" ]; then
  [ -d "$FROM" ] || { echo "bench: FROM=$FROM is not a directory" >&2; exit 2; }
  FROM=$(cd "$FROM" && pwd)
fi
cd "$(dirname "$0")/.."

N="${N:-20000}"
SAMPLE="${SAMPLE:-500}"
RUNS="${RUNS:-5}"
TEMPLATES="${TEMPLATES:-0}"
FROM="${FROM:-}"

die() { echo "bench: $*" >&2; exit 2; }
case "$N$RUNS$SAMPLE$TEMPLATES" in *[!0-9]*) die "N, RUNS, SAMPLE and TEMPLATES must be numbers" ;; esac
[ "$N" -ge 1 ] && [ "$RUNS" -ge 1 ] && [ "$SAMPLE" -ge 1 ] || die "N, RUNS and SAMPLE must be at least 1"
# GNU time gives the peak RSS and the CPU times: without it there would be no RSS figure to check.
[ -x /usr/bin/time ] && /usr/bin/time -f '%M' -o /dev/null true 2>/dev/null ||
  die "/usr/bin/time (GNU time) is needed for the peak RSS and CPU times (apt-get install time)"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

ncpu=$(nproc)

# Built as the release is (.goreleaser.yaml): no cgo, no symbol tables. The baseline too.
release=(env CGO_ENABLED=0 go build -trimpath -ldflags "-s -w")
"${release[@]}" -o "$work/buildspec-lint" ./cmd/buildspec-lint
"${release[@]}" -o "$work/parseonly" ./bench/testdata/parseonly
go build -o "$work/gen" ./bench/testdata/gen
repo="$work/repo"
teams=(payments search identity platform data mobile web ml infra growth)

# replicate SRC...: copies the files round-robin into services/<team>/svc-NNNNN/buildspec.yml of
# $repo, N files in all, byte for byte. A process per file would take minutes for 20,000: the
# directories are made by a few mkdir -p, and each source is written to its copies by tee, at
# most 500 at once (within the open-file limit).
replicate() {
  local srcs=("$@") i k dir
  for k in "${!srcs[@]}"; do : >"$work/dst.$k"; done
  for ((i = 0; i < N; i++)); do
    printf -v dir '%s/services/%s/svc-%05d' "$repo" "${teams[i % ${#teams[@]}]}" "$i"
    echo "$dir"
    echo "$dir/buildspec.yml" >>"$work/dst.$((i % ${#srcs[@]}))"
  done >"$work/dirs"
  xargs -d '\n' mkdir -p <"$work/dirs"
  for k in "${!srcs[@]}"; do
    [ -s "$work/dst.$k" ] || continue
    xargs -d '\n' -n 500 sh -c 'tee -- "$@" <"$0" >/dev/null' "${srcs[k]}" <"$work/dst.$k"
  done
}

if [ -z "$FROM" ]; then
  "$work/gen" -n "$N" -templates "$TEMPLATES" -o "$repo" >/dev/null
  what="$N generated buildspecs"
else
  # The root configuration and the templates as in the generated tree, no buildspec.
  mkdir -p "$repo"
  "$work/gen" -n 0 -templates "$TEMPLATES" -o "$repo" >/dev/null
  [ -f "$repo/.buildspec-lint.yaml" ] || die "gen wrote no .buildspec-lint.yaml"
  mapfile -t cands < <(find "$FROM" -maxdepth 1 -type f \( -name '*.yml' -o -name '*.yaml' \) | sort)
  [ "${#cands[@]}" -gt 0 ] || die "FROM=$FROM holds no *.yml or *.yaml file"
  # Which of them the linter skips as another format: one copy of each, linted with --verbose.
  probe="$work/probe"
  for i in "${!cands[@]}"; do
    mkdir -p "$probe/$i" && cp "${cands[i]}" "$probe/$i/buildspec.yml"
  done
  mkdir -p "$probe/.git"
  cp "$repo/.buildspec-lint.yaml" "$probe/"
  (cd "$probe" && "$work/buildspec-lint" --fail-level none --verbose . >/dev/null 2>"$work/probe.log") ||
    { cat "$work/probe.log" >&2; die "buildspec-lint failed on the files of $FROM"; }
  srcs=()
  for i in "${!cands[@]}"; do
    if grep -q "^buildspec-lint: $i/buildspec.yml: skipped: " "$work/probe.log"; then
      echo "bench: left out $(basename "${cands[i]}"): $(grep -m1 "^buildspec-lint: $i/buildspec.yml: skipped: " "$work/probe.log" | sed 's/^[^:]*: [^:]*: skipped: //')"
    else
      srcs+=("${cands[i]}")
    fi
  done
  [ "${#srcs[@]}" -gt 0 ] || die "the linter skips every file of $FROM: none is a buildspec"
  replicate "${srcs[@]}"
  what="$N buildspecs copied round-robin from the ${#srcs[@]} in $FROM"
fi
mkdir -p "$repo/.git" # configuration look-ups stop at the repository root
bytes=$(find "$repo" -name 'buildspec*' -type f -exec cat {} + | wc -c)
echo "bench: $what ($((bytes / 1024)) KiB) and $TEMPLATES templates without a CodeBuild project on $ncpu CPUs, median of $RUNS alternating runs"

# Both find the same files: the linter's summary line ("... in N files", "... of N files") and the
# baseline's "parseonly: N files, F failed". Untimed; it also warms the page cache.
(cd "$repo" && "$work/buildspec-lint" --fail-level none . >"$work/lint.out" 2>"$work/lint.err") ||
  { tail -5 "$work/lint.err" >&2; die "buildspec-lint failed on the tree"; }
lint_files=$(tail -1 "$work/lint.out" | sed -nE 's/.* (in|of) ([0-9]+) files?($|,.*)/\2/p')
(cd "$repo" && "$work/parseonly" . >"$work/base.out") || die "the parse-only baseline failed"
base_files=$(sed -nE 's/^parseonly: ([0-9]+) files, ([0-9]+) failed$/\1/p' "$work/base.out")
base_failed=$(sed -nE 's/^parseonly: ([0-9]+) files, ([0-9]+) failed$/\2/p' "$work/base.out")
echo "  files linted: ${lint_files:-?}; files the baseline read: ${base_files:-?} ($base_failed not valid YAML)"
[ -n "$lint_files" ] && [ "$lint_files" = "$base_files" ] ||
  die "the linter and the baseline found different files (${lint_files:-none} and ${base_files:-none}): the ratio would compare different work"
[ "$lint_files" = "$N" ] || die "$lint_files files linted, $N expected"

# run NAME CMD...: one timed run in the tree, appended to $work/NAME as "wall user sys rssKiB".
# The wall time is bash's $EPOCHREALTIME around it (time's %e has only 10 ms steps).
run() {
  local name=$1 t0 t1; shift
  cd "$repo"
  t0=$EPOCHREALTIME
  /usr/bin/time -o "$work/t" -f '%U %S %M' "$@" >/dev/null 2>"$work/run.err" ||
    { tail -5 "$work/run.err" >&2; die "$name: $* failed"; }
  t1=$EPOCHREALTIME
  cd - >/dev/null
  echo "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }') $(tail -1 "$work/t")" >>"$work/$name"
}
for _ in $(seq "$RUNS"); do
  run lint "$work/buildspec-lint" --fail-level none .
  run base "$work/parseonly" .
done

# median FILE COLUMNS: the median over the lines of FILE of the sum of the columns (awk $n).
median() {
  awk "{ print $2 }" "$1" | sort -g | awk '{ v[NR] = $1 } END { printf "%.3f", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
lint_s=$(median "$work/lint" '$1'); lint_cpu=$(median "$work/lint" '$2 + $3')
base_s=$(median "$work/base" '$1'); base_cpu=$(median "$work/base" '$2 + $3')
lint_rss=$(awk '$4 > m { m = $4 } END { print m + 0 }' "$work/lint")
base_rss=$(awk '$4 > m { m = $4 } END { print m + 0 }' "$work/base")
row() { # row NAME WALL CPU RSS
  printf '  %-38s %7.2f s wall %7.2f s user+sys %8.0f files/s %5d MB peak RSS\n' "$1" "$2" "$3" "$(awk -v s="$2" -v n="$N" 'BEGIN { print (s > 0) ? n / s : 0 }')" "$(($4 / 1024))"
}
row "buildspec-lint (text to /dev/null)" "$lint_s" "$lint_cpu" "$lint_rss"
row "parse-only baseline (read + yaml v3)" "$base_s" "$base_cpu" "$base_rss"
echo "  (each: median of $RUNS; walls lint $(awk '{ printf "%s ", $1 }' "$work/lint")| parse-only $(awk '{ printf "%s ", $1 }' "$work/base"))"

# yamllint on every (N/SAMPLE)th buildspec, scaled to N, for information only.
k=$((N / SAMPLE)); [ "$k" -ge 1 ] || k=1
find "$repo" -name 'buildspec*' -type f | sort | awk -v k="$k" 'NR % k == 0' >"$work/sample"
ns=$(wc -l <"$work/sample")
if command -v yamllint >/dev/null; then
  t0=$EPOCHREALTIME
  (cd "$repo" && xargs yamllint -f parsable -d relaxed <"$work/sample" >/dev/null) || true
  t1=$EPOCHREALTIME
  yl_s=$(awk -v a="$t0" -v b="$t1" -v n="$N" -v s="$ns" 'BEGIN { printf "%.2f", (b - a) * n / s }')
  printf '  %-38s %7.2f s wall (measured on %d files, scaled to %d; information, not a target)\n' "yamllint -d relaxed" "$yl_s" "$ns" "$N"
else
  echo "  yamllint: not installed (apt-get install yamllint), left out (information only)"
fi

# One file, process start to exit: the median of 21 runs, timed with bash's $EPOCHREALTIME
# (no date or subshell processes inside the interval; starting any process costs something, so
# /bin/true is timed the same way for reference).
one=$(head -1 "$work/sample")
median_ms() {
  local t0 t1
  for _ in $(seq 21); do
    t0=$EPOCHREALTIME; "$@" >/dev/null; t1=$EPOCHREALTIME
    echo "$t0 $t1"
  done | awk '{ printf "%.3f\n", ($2 - $1) * 1000 }' | sort -g | sed -n 11p
}
cd "$repo"
true_ms=$(median_ms /bin/true)
"$work/buildspec-lint" --fail-level none "$one" >/dev/null || die "buildspec-lint failed on $one"
one_ms=$(median_ms "$work/buildspec-lint" --fail-level none "$one")
cd - >/dev/null
printf '  %-38s %7.1f ms (median of 21; /bin/true: %.1f ms)\n' "one file, start to exit" "$one_ms" "$true_ms"

missed=0
check() { # check LABEL VALUE OP LIMIT
  if awk -v v="$2" -v l="$4" "BEGIN { exit !(v $3 l) }"; then echo "  ok      $1: $2 (target $3 $4)"; else echo "  MISSED  $1: $2 (target $3 $4)"; missed=1; fi
}
echo "targets (the README's, for 20,000 buildspecs on 2 cores):"
check "lint / parse-only (median wall)" "$(awk -v a="$lint_s" -v b="$base_s" 'BEGIN { printf "%.2f", a / b }')" "<=" 1.5
echo "          (lint / parse-only, median user+sys CPU: $(awk -v a="$lint_cpu" -v b="$base_cpu" 'BEGIN { printf "%.2f", (b > 0) ? a / b : 0 }'), information)"
check "peak RSS of lint (MB)" "$((lint_rss / 1024))" "<" 150
check "one file, start to exit (ms)" "$one_ms" "<" 10
exit $missed
