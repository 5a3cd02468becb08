#!/usr/bin/env bash
# Times what a preset run spends after its last fine-tune step (step 5, "cheap analysis").
# Runs `lorabench run --preset P` once, timestamps every stderr line (phase lines, evaluations, the
# progress line at 100 %) and prints: the wall time, the second at which the last fine-tune step
# was reported (the progress line that reaches 100 %), the seconds after it, their share of the
# wall time, and the seconds between consecutive phase lines after it.
# Usage: tools/analysis-timing.sh JAR_DIR CACHE_DIR preset [extra run options…]
#   JAR_DIR holds lorabench.jar and lib/; CACHE_DIR is passed as -Dlorabench.cache.dir (give it a
#   datasets link; a base found in its bases/ is reused unless --no-base-cache is given).
set -euo pipefail
jars=$1 cache=$2 preset=$3
shift 3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export OMP_WAIT_POLICY=PASSIVE
echo "cpu: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) CPUs; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
start=$(date +%s.%N)
java -Dlorabench.cache.dir="$cache" -jar "$jars/lorabench.jar" run --preset "$preset" "$@" --out "$work/run" \
    2>&1 >/dev/null | stdbuf -oL tr '\r' '\n' | while IFS= read -r line; do
  echo "$(date +%s.%N) $line"
done > "$work/lines"
end=$(date +%s.%N)
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg); base from cache: $(grep -m1 -o '"fromCache" *: *[a-z]*' "$work/run/run.json" | sed 's/.*: *//')"
last=$(grep ' 100% ' "$work/lines" | tail -1 | cut -d' ' -f1)
awk -v s="$start" -v e="$end" -v l="$last" 'BEGIN {
  printf "wall %.1f s; last fine-tune step at %.1f s; after it %.1f s = %.1f %%\n", e - s, l - s, e - l, 100 * (e - l) / (e - s) }'
# Seconds from each line after the last step to the next line (the last one to the process's end).
awk -v l="$last" -v e="$end" '$1 >= l { if (prev != "") printf "  %6.1f s  %s\n", $1 - t, prev; t = $1; $1 = ""; prev = $0 }
  END { printf "  %6.1f s  %s\n", e - t, prev " (to the end: reports)" }' "$work/lines"
