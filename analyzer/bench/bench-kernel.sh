#!/usr/bin/env bash
# Whole-kernel benchmark for faultline (ISSUE 6). Not run by CI: it takes an hour or more on 2 cores.
#
# Measures, alternating, REPS times each, over the same file list (every .c plus include/**/*.h):
#   raw   the CDT parse alone (faultline.bench.RawParse: CFrontend.rawParse on JOBS threads)
#   cold  faultline scan, all rules, SARIF, empty cache directory
#   warm  faultline scan with the cache the cold scan left, after one drivers/ file was changed
# then prints medians, the ratios cold/raw and warm/cold, peak RSS (/usr/bin/time -v), and checks that the warm
# scan's SARIF results equal those of a cold scan of the same (changed) tree. Finally the single-file cold-JVM
# time (hyperfine, --no-cache).
#
# The changed file alternates between its original and its changed content: the warm scan of round k sees the
# tree the cold scan of round k+1 scans, so each warm result has an exact cold reference (with REPS=1 an extra
# cold scan of the changed tree is made).
#
# Environment: KERNEL_DIR (default /opt/kernel), JOBS (default: cores), REPS (default 3), BENCH_PATHS (directories
# of the tree to scan instead of all of it, e.g. "kernel mm"), BENCH_INCLUDE (0: leave include/ out, for a quick
# trial of the script), TOUCH_FILE (default
# drivers/usb/class/usbtmc.c: a driver with findings, which the change moves), SINGLE_FILE (the ~500-line file for the single-file run), FAULTLINE_HEAP (default -Xmx5g),
# WORK (scratch directory, default a new one under /tmp).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
KERNEL_DIR="${KERNEL_DIR:-/opt/kernel}"
JOBS="${JOBS:-$(nproc)}"
REPS="${REPS:-3}"
BENCH_PATHS="${BENCH_PATHS:-.}"
BENCH_INCLUDE="${BENCH_INCLUDE:-1}"
TOUCH_FILE="${TOUCH_FILE:-drivers/usb/class/usbtmc.c}"
SINGLE_FILE="${SINGLE_FILE:-drivers/spi/spi-wpcm-fiu.c}"
export FAULTLINE_HEAP="${FAULTLINE_HEAP:--Xmx5g}"
WORK="${WORK:-$(mktemp -d /tmp/faultline-bench.XXXXXX)}"
mkdir -p "$WORK"
src="$KERNEL_DIR/linux-source-6.12"

for tool in jq hyperfine /usr/bin/time java; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is required" >&2; exit 2; }
done

# ---- kernel tree ----------------------------------------------------------------------------------
if [ ! -d "$src" ]; then
  if [ ! -f /usr/src/linux-source-6.12.tar.xz ]; then
    sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
    $sudo_cmd apt-get install -y linux-source-6.12
  fi
  mkdir -p "$KERNEL_DIR"
  tar -C "$KERNEL_DIR" -xf /usr/src/linux-source-6.12.tar.xz
fi

# ---- faultline --------------------------------------------------------------------------------------
(cd "$repo" && { mvn -q -o -DskipTests package 2>/dev/null || mvn -q -DskipTests package; }) >&2
jar="$repo/rules/target/faultline.jar"
faultline="$repo/faultline"
# The raw parse's JVM: the launcher's base flags with both JIT compilers on everything, its fastest setting
# (C1 alone: 70.6 s against 49 s on this tree; -Xms made no difference). The scans go through the launcher,
# which adds its own JIT and heap choices for large inputs and rescans.
java_flags=(${FAULTLINE_HEAP} -Xss16m -XX:+UseParallelGC -XX:MetaspaceSize=256m)

# ---- file list: the same files for every measurement ---------------------------------------------------
cd "$src"
files="$WORK/files.txt"
# shellcheck disable=SC2086 # BENCH_PATHS is a list of directories
{ find $BENCH_PATHS -name '*.c' -type f | sed 's|^\./||'; [ "$BENCH_INCLUDE" = 0 ] || find include -name '*.h' -type f; } | LC_ALL=C sort -u > "$files"
echo "bench: $(wc -l < "$files") files, $(xargs cat < "$files" | wc -l) lines, jobs=$JOBS, reps=$REPS, heap=$FAULTLINE_HEAP, work=$WORK"
grep -qx "$TOUCH_FILE" "$files" || { echo "bench: $TOUCH_FILE is not in the file list" >&2; exit 2; }
cp "$TOUCH_FILE" "$WORK/touch.orig"
restore() { cp "$WORK/touch.orig" "$src/$TOUCH_FILE"; }
trap restore EXIT
flip() { # alternate the touched file between original and changed content
  # The change inserts a line at the top: every function of the file moves, so every one of them, and the
  # callers of those whose summaries name their lines, is analysed again; findings in the file move too.
  if cmp -s "$TOUCH_FILE" "$WORK/touch.orig"; then sed -i '1i /* faultline bench: changed */' "$TOUCH_FILE"; else restore; fi
}

# timed NAME CMD...: runs CMD under /usr/bin/time -v, records "NAME seconds rss_kib" in $WORK/times.txt
timed() {
  local name="$1"; shift
  /usr/bin/time -v -o "$WORK/$name.time" "$@" > "$WORK/$name.out" 2> "$WORK/$name.err" || {
    echo "bench: $name failed (exit $?), see $WORK/$name.err" >&2; tail -5 "$WORK/$name.err" >&2; return 1; }
  local wall rss
  wall="$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$WORK/$name.time")"
  rss="$(awk -F': ' '/Maximum resident set size/ {print $2}' "$WORK/$name.time")"
  echo "$name $wall $rss" >> "$WORK/times.txt"
  printf 'bench: %-8s %8.1f s  %6d MiB RSS\n' "$name" "$wall" "$((rss / 1024))"
}

# All rules, experimental ones included, as issue 6 asks.
scan=("$faultline" scan --jobs "$JOBS" --root . --enable all --fail-on none --stats --format sarif "@$files")
results() { jq -S '.runs[0].results' "$1"; }

: > "$WORK/times.txt"
state=0 # 0: touched file original, 1: changed
for round in $(seq 1 "$REPS"); do
  timed "raw$round" java "${java_flags[@]}" -cp "$jar" faultline.bench.RawParse . "$files" "$JOBS"
  rm -rf "$WORK/cache"
  timed "cold$round" "${scan[@]}" -o "$WORK/cold$round.sarif" --cache "$WORK/cache"
  results "$WORK/cold$round.sarif" > "$WORK/cold$round.results"
  grep -E 'time\.|AllocatedBytes|PeakHeap|cache|heap' "$WORK/cold$round.err" | sed 's/^/    /' || true
  flip; state=$((1 - state))
  timed "warm$round" "${scan[@]}" -o "$WORK/warm$round.sarif" --cache "$WORK/cache"
  results "$WORK/warm$round.sarif" > "$WORK/warm$round.results"
  grep -E 'time\.|cacheHits|cacheMisses|incremental|changed|revisited|Decoded' "$WORK/warm$round.err" | sed 's/^/    /' || true
  grep -q '^  incremental  *1$' "$WORK/warm$round.err" || echo "bench: warm$round did not continue the snapshot (see $WORK/warm$round.err)"
done
if [ "$REPS" -eq 1 ]; then # the warm scan's tree has not been scanned cold yet
  rm -rf "$WORK/cache-check"
  timed "coldcheck" "${scan[@]}" -o "$WORK/coldcheck.sarif" --cache "$WORK/cache-check"
  results "$WORK/coldcheck.sarif" > "$WORK/cold2.results"
fi
restore

# ---- findings: warm of round k == cold of the same tree --------------------------------------------------
same=ok
for round in $(seq 1 "$REPS"); do
  # The warm scan of round k ran on the tree the cold scan of round k+1 ran on; the last one matches round k-1
  # (the touched file alternates) or, with one round, the extra check scan.
  ref=$((round + 1)); [ "$round" -eq "$REPS" ] && [ "$REPS" -gt 1 ] && ref=$((round - 1))
  if diff -q "$WORK/warm$round.results" "$WORK/cold$ref.results" >/dev/null; then
    echo "bench: warm$round results == cold scan of the same tree ($(jq length "$WORK/warm$round.results") results)"
  else
    echo "bench: warm$round results DIFFER from the cold scan of the same tree:"; diff "$WORK/warm$round.results" "$WORK/cold$ref.results" | head -20
    same=DIFFERENT
  fi
done

# ---- summary ---------------------------------------------------------------------------------------
median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
stat() { awk -v k="$1" -v c="$2" '$1 ~ "^"k"[0-9]+$" {print $c}' "$WORK/times.txt" | median; }
raw=$(stat raw 2); cold=$(stat cold 2); warm=$(stat warm 2)
echo
echo "== faultline whole-tree benchmark ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, jobs=$JOBS, reps=$REPS, paths: $BENCH_PATHS + include/)"
printf '%-30s %10s %12s\n' "" "median s" "peak RSS MiB"
printf '%-30s %10.1f %12d\n' "raw CDT parse" "$raw" "$(( $(stat raw 3 | cut -d. -f1) / 1024 ))"
printf '%-30s %10.1f %12d\n' "faultline scan, cold" "$cold" "$(( $(stat cold 3 | cut -d. -f1) / 1024 ))"
printf '%-30s %10.1f %12d\n' "faultline scan, warm (1 file)" "$warm" "$(( $(stat warm 3 | cut -d. -f1) / 1024 ))"
awk -v r="$raw" -v c="$cold" -v w="$warm" 'BEGIN {
  printf "cold/raw  = %.2f   (target <= 2.00)\n", c / r
  printf "warm/cold = %.3f  (target <= 0.050)\n", w / c }'
echo "warm findings == cold findings of the changed tree: $same"

# ---- single file, cold JVM, no cache -------------------------------------------------------------------
echo
echo "== single file: $SINGLE_FILE ($(wc -l < "$SINGLE_FILE") lines), cold JVM, --no-cache"
hyperfine --warmup 1 --runs 10 --style basic \
  "$faultline scan --no-cache --fail-on none --format sarif -o $WORK/single.sarif $SINGLE_FILE"
