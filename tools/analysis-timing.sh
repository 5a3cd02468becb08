#!/usr/bin/env bash
# Times what a preset run spends after its last fine-tune step (step 5, "cheap analysis").
# Runs `lorabench run --preset P` once, stamps every stderr line (phase lines, evaluations, the
# progress line at 100 %) with the wall clock and the process's CPU seconds (/proc/PID/stat, all
# threads), and prints: wall and CPU time, when the last fine-tune step was reported (the progress
# line that reaches 100 %), the wall and CPU seconds after it and their share of the run, and the
# seconds between consecutive lines after it, and the process's peak RSS (VmHWM, read every 0.2 s).
# Usage: tools/analysis-timing.sh JAR_DIR CACHE_DIR preset [extra run options…]
#   JAR_DIR holds lorabench.jar and lib/; CACHE_DIR is passed as -Dlorabench.cache.dir (give it a
#   datasets link; a base found in its bases/ is reused unless --no-base-cache is given).
#   With KEEP_RUN_JSON=FILE in the environment the run's run.json is copied to FILE.
set -euo pipefail
jars=$1 cache=$2 preset=$3
shift 3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export OMP_WAIT_POLICY=PASSIVE
tick=$(getconf CLK_TCK)
echo "cpu: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) CPUs; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
java -Dlorabench.cache.dir="$cache" -jar "$jars/lorabench.jar" run --preset "$preset" "$@" --out "$work/run" \
    2>"$work/err.log" >/dev/null &
pid=$!
start=$(date +%s.%N)
cpu() { awk -v t="$tick" '{ printf "%.2f", ($14 + $15) / t }' "/proc/$pid/stat" 2>/dev/null || echo -1; }
# stderr through a file that grows; read it line by line while the process lives.
last_cpu=0
hwm_kb=0
while kill -0 "$pid" 2>/dev/null; do
  sleep 0.2
  c=$(cpu); [ "$c" != -1 ] && last_cpu=$c
  h=$(awk '/^VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)
  [ -n "$h" ] && [ "$h" -gt "$hwm_kb" ] && hwm_kb=$h
  tr '\r' '\n' < "$work/err.log" | wc -l > "$work/n.new"
  n=$(cat "$work/n.new"); seen=$(cat "$work/n.seen" 2>/dev/null || echo 0)
  if [ "$n" -gt "$seen" ]; then
    tr '\r' '\n' < "$work/err.log" | sed -n "$((seen + 1)),${n}p" | while IFS= read -r line; do
      echo "$(date +%s.%N) $last_cpu $line"
    done >> "$work/lines"
    echo "$n" > "$work/n.seen"
  fi
done
wait "$pid"
end=$(date +%s.%N)
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg); base from cache: $(grep -m1 -o '"fromCache" *: *[a-z]*' "$work/run/run.json" | sed 's/.*: *//')"
if [ -n "${KEEP_RUN_JSON:-}" ]; then cp "$work/run/run.json" "$KEEP_RUN_JSON"; fi
read -r last lastcpu < <(grep ' 100% ' "$work/lines" | tail -1 | cut -d' ' -f1,2)
awk -v s="$start" -v e="$end" -v l="$last" -v lc="$lastcpu" -v c="$last_cpu" 'BEGIN {
  printf "wall %.1f s, CPU %.1f s; last fine-tune step at %.1f s wall; after it %.1f s wall = %.1f %%, %.1f s CPU = %.1f %%\n",
    e - s, c, l - s, e - l, 100 * (e - l) / (e - s), c - lc, 100 * (c - lc) / c }'
awk -v k="$hwm_kb" 'BEGIN { printf "peak RSS (VmHWM) %.2f GB\n", k / 1024 / 1024 }'
# Wall and CPU seconds from each line after the last step to the next line (the last one to the end).
awk -v l="$last" -v e="$end" -v ec="$last_cpu" '$1 >= l { if (prev != "") printf "  %6.1f s  %6.1f s CPU  %s\n", $1 - t, $2 - tc, prev;
    t = $1; tc = $2; $1 = ""; $2 = ""; prev = $0 }
  END { printf "  %6.1f s  %6.1f s CPU  %s\n", e - t, ec - tc, prev " (to the end: reports)" }' "$work/lines"
