#!/usr/bin/env bash
# Cold-scan benchmark of the front-end side (issue 6), smaller and quicker than bench-kernel.sh: no warm scans,
# no single-file run. Alternates, REPS times each, over the same file list:
#   raw      the CDT parse alone (faultline.bench.RawParse on JOBS threads)
#   cold     faultline scan --stats, all default rules, SARIF, empty cache directory
#   nocache  the same scan with --no-cache (what the cache costs = cold - nocache)
# and prints each run's phase times, then the medians and the ratios to the raw parse of the same run.
#
# Environment: KERNEL_DIR (default /opt/kernel), BENCH_PATHS (default "kernel drivers/char"), BENCH_INCLUDE (1:
# add include/**/*.h), JOBS (default: cores), REPS (default 3), FAULTLINE_HEAP (default -Xmx5g), WORK (scratch
# directory), VARIANTS (default "raw cold nocache"), FAULTLINE (the launcher, default this checkout's).
# Runs over more than a few hundred files: wrap in `flock /tmp/faultline-heavy.lock` on a shared machine.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
KERNEL_DIR="${KERNEL_DIR:-/opt/kernel}"
BENCH_PATHS="${BENCH_PATHS:-kernel drivers/char}"
BENCH_INCLUDE="${BENCH_INCLUDE:-0}"
JOBS="${JOBS:-$(nproc)}"
REPS="${REPS:-3}"
VARIANTS="${VARIANTS:-raw cold nocache}"
export FAULTLINE_HEAP="${FAULTLINE_HEAP:--Xmx5g}"
WORK="${WORK:-$(mktemp -d /tmp/faultline-fe-bench.XXXXXX)}"
FAULTLINE="${FAULTLINE:-$repo/faultline}"
mkdir -p "$WORK"
src="$KERNEL_DIR/linux-source-6.12"

# The launcher builds the jar (and its CDS archive) when the sources changed; do it now, outside any timing.
"$FAULTLINE" --version > /dev/null
jar="$(dirname "$FAULTLINE")/rules/target/faultline.jar"
java_flags=(${FAULTLINE_HEAP} -Xss16m -XX:+UseParallelGC)   # what ./faultline runs the jar with

cd "$src"
files="$WORK/files.txt"
# shellcheck disable=SC2086 # BENCH_PATHS is a list of directories
{ find $BENCH_PATHS -name '*.c' -type f | sed 's|^\./||'; [ "$BENCH_INCLUDE" = 0 ] || find include -name '*.h' -type f; } | LC_ALL=C sort -u > "$files"
echo "bench: $(wc -l < "$files") files, $(xargs cat < "$files" | wc -l) lines, jobs=$JOBS, reps=$REPS, heap=$FAULTLINE_HEAP, paths: $BENCH_PATHS, include: $BENCH_INCLUDE, work=$WORK"

scan=("$FAULTLINE" scan --jobs "$JOBS" --root . --fail-on none --stats --format sarif "@$files")
now() { date +%s.%N; }
: > "$WORK/times.txt"
for round in $(seq 1 "$REPS"); do
  for variant in $VARIANTS; do
    t0=$(now)
    case "$variant" in
      raw) java "${java_flags[@]}" -cp "$jar" faultline.bench.RawParse . "$files" "$JOBS" > "$WORK/raw$round.out" 2>&1 ;;
      cold) rm -rf "$WORK/cache"; "${scan[@]}" -o "$WORK/cold$round.sarif" --cache "$WORK/cache" 2> "$WORK/cold$round.err" ;;
      nocache) "${scan[@]}" -o "$WORK/nocache$round.sarif" --no-cache 2> "$WORK/nocache$round.err" ;;
      *) echo "bench: unknown variant $variant" >&2; exit 2 ;;
    esac
    wall=$(awk -v a="$t0" -v b="$(now)" 'BEGIN {printf "%.2f", b - a}')
    fe=""; [ "$variant" = raw ] || fe=$(awk '$1 == "time.frontend" {printf "%.2f", $2 / 1000}' "$WORK/$variant$round.err")
    echo "$variant $round $wall ${fe:-0}" >> "$WORK/times.txt"
    printf 'bench: %-8s round %d  wall %7.2f s  frontend %7s s\n' "$variant" "$round" "$wall" "${fe:--}"
  done
done

median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
col() { awk -v v="$1" -v c="$2" '$1 == v {print $c}' "$WORK/times.txt" | median; }
echo
echo "== front-end benchmark ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
printf '%-10s %12s %14s\n' variant "median wall" "median frontend"
for variant in $VARIANTS; do printf '%-10s %12.2f %14.2f\n' "$variant" "$(col "$variant" 3)" "$(col "$variant" 4)"; done
if [[ " $VARIANTS " == *" raw "* ]]; then
  raw=$(col raw 3)
  for variant in $VARIANTS; do
    [ "$variant" = raw ] && continue
    awk -v v="$variant" -v r="$raw" -v w="$(col "$variant" 3)" -v f="$(col "$variant" 4)" \
      'BEGIN {printf "%-8s wall/raw = %.2f   frontend/raw = %.2f\n", v, w / r, f / r}'
  done
fi
