#!/usr/bin/env bash
# Times a preset run that trains its base, then the same run again (base from the cache), then one
# that changes only a fine-tune setting, back to back, in a fresh base cache (ADR 0025). Prints each
# run's wall time (/usr/bin/time -v), the seconds until its last variant was evaluated (the
# comparison table is complete), and the ratios to the first run.
# Usage: tools/base-cache-timing.sh [preset] [extra run options…]   (default: mlp-mnist)
# Needs target/lorabench.jar and the preset's dataset in the usual cache (lorabench data fetch).
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-mlp-mnist}"
shift || true
datasets="${XDG_CACHE_HOME:-$HOME/.cache}/lorabench/datasets"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/cache"
# The datasets as they are, the bases in an empty folder: the first run must train.
ln -s "$datasets" "$work/cache/datasets"
export OMP_WAIT_POLICY=PASSIVE

run() {
  local name=$1; shift
  local start
  start=$(date +%s.%N)
  /usr/bin/time -v -o "$work/$name.time" java -Dlorabench.cache.dir="$work/cache" -jar target/lorabench.jar \
      run --preset "$preset" "$@" --out "$work/$name" 2>&1 >/dev/null \
    | stdbuf -oL tr '\r' '\n' | while IFS= read -r line; do
        case "$line" in
          *": accuracy "*|*": test MSE "*) echo "$(date +%s.%N) $line" >> "$work/$name.evaluated" ;;
          warning:*) echo "$line" >&2 ;;
        esac
      done
  local wall compared
  wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/$name.time" \
    | awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }')
  compared=$(tail -1 "$work/$name.evaluated" | awk -v s="$start" '{ printf "%.1f", $1 - s }')
  echo "$name $wall $compared"
}

echo "cpu: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) CPUs; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
first=$(run first "$@")
second=$(run again "$@")
tuned=$(run alpha4 "$@" --alpha 4)
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-8s %9s %14s %12s %12s\n' run "wall s" "compared at s" "wall ratio" "comp. ratio"
for line in "$first" "$second" "$tuned"; do
  set -- $line
  set -- "$1" "$2" "$3" $first
  awk -v n="$1" -v w="$2" -v c="$3" -v w0="$5" -v c0="$6" \
    'BEGIN { printf "%-8s %9.1f %14.1f %11.1f%% %11.1f%%\n", n, w, c, 100 * w / w0, 100 * c / c0 }'
done
for name in first again alpha4; do
  echo "$name: base $(grep -m1 -o '"fromCache": [a-z]*' "$work/$name/run.json")"
done
du -sh "$work/cache/bases"/* | sed 's/^/cache entry: /'
