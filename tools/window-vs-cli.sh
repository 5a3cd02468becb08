#!/usr/bin/env bash
# What the window costs: the same preset run from the CLI and in the workbench's window (the Demo
# tool of target/lorabench-bench.jar under Xvfb, software pipeline), alternately (CLI, window, CLI,
# window, …) so both see the same load from whatever else shares the machine. Prints each run's
# wall seconds and CPU seconds (user + system, all threads), their medians and the ratios window ÷
# CLI. The window's CPU includes what the X server (Xvfb, a process of its own) spent meanwhile
# drawing the window's frames. On a machine shared with other work the wall ratio follows the
# others' load; the CPU ratio says what the window itself adds.
#
# Usage: tools/window-vs-cli.sh [cached|retrain] [repeats] [extra Demo/JVM settings via env]
#   cached  (default) both runs take the base from a warm base cache (one CLI run beforehand
#           trains and keeps it, untimed): what is timed is the fine-tunes, the analysis and,
#           in the window, the live curves.
#   retrain both train the base again (CLI --no-base-cache; window --reuseBases=false): the base
#           epoch's 6,000 small steps with its live curve, then the same as above.
#   repeats runs of each (default 3).
# Environment:
#   TRAIN_LIMIT=N     only the first N training rows (CLI --train-limit, Demo --trainLimit); default all
#   BEFORE_JAR=PATH   also time the window of another build (its lorabench-bench.jar, with its own
#                     lorabench.jar and lib/ next to it), in the same alternation: CLI, window,
#                     window of BEFORE_JAR, CLI, …; printed as "before" with its own ratios
#   WINDOW_JAVA_OPTS  extra JVM options for the windows (e.g. -XX:StartFlightRecording=...)
#
# The span timed, the same for both: from the OS starting the process (JVM start-up included)
# until the run's results are complete. CLI: the process's exit, after it wrote its reports
# (measured here around the command). Window: the moment the finished run has been shown (curves
# redrawn from its record, comparison table, analysis tabs loaded), which the Demo tool prints as
# "shown N s after the process started" from the process's own start time; it then exits.
#
# Needs target/lorabench.jar and target/lorabench-bench.jar (./mvnw -Pbench package -DskipTests),
# Xvfb, and the preset's dataset in the usual cache (lorabench data fetch).
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-cached}"
repeats="${2:-3}"
preset=mlp-mnist
case "$mode" in
  cached) cli_extra=(); demo_extra=() ;;
  retrain) cli_extra=(--no-base-cache); demo_extra=(--reuseBases=false) ;;
  *) echo "mode must be cached or retrain but was $mode" >&2; exit 2 ;;
esac
if [ -n "${TRAIN_LIMIT:-}" ]; then
  cli_extra+=(--train-limit "$TRAIN_LIMIT"); demo_extra+=(--trainLimit="$TRAIN_LIMIT")
fi
datasets="${XDG_CACHE_HOME:-$HOME/.cache}/lorabench/datasets"
work=$(mktemp -d)
xvfb_pid=
cleanup() {
  if [ -n "$xvfb_pid" ]; then kill "$xvfb_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work/cache" "$work/config"
ln -s "$datasets" "$work/cache/datasets"
export OMP_WAIT_POLICY=PASSIVE
java_opts=(-Dlorabench.cache.dir="$work/cache" -Dlorabench.config.dir="$work/config")

# A display of our own: the first free number from 90 up.
display=90
while [ -e "/tmp/.X11-unix/X$display" ] || [ -e "/tmp/.X$display-lock" ]; do display=$((display + 1)); done
Xvfb ":$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb_pid=$!
for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X$display" ] && break; sleep 0.1; done

# Prints "WALL CPU" of one CLI run.
cli() {
  local n=$1
  /usr/bin/time -f '%e %U %S' -o "$work/cli-$n.time" java "${java_opts[@]}" -jar target/lorabench.jar \
      run --preset "$preset" "${cli_extra[@]}" --out "$work/cli-$n" >/dev/null 2>"$work/cli-$n.err" \
    || { cat "$work/cli-$n.err" >&2; exit 1; }
  awk '{ printf "%.1f %.1f", $1, $2 + $3 }' "$work/cli-$n.time"
}

# CPU seconds Xvfb has used so far (utime + stime, clock ticks of 1/100 s).
xvfb_cpu() { awk '{ sub(/.*\) /, ""); printf "%.2f", ($12 + $13) / 100 }' "/proc/$xvfb_pid/stat"; }

# Prints "WALL CPU" of one window run, as the Demo tool measured them when the run was shown, CPU
# with Xvfb's share added.
window() {
  local n=$1 jar=$2 line x0 x1
  x0=$(xvfb_cpu)
  # shellcheck disable=SC2086  # WINDOW_JAVA_OPTS is a list of options
  DISPLAY=":$display" java "${java_opts[@]}" -Dprism.order=sw ${WINDOW_JAVA_OPTS:-} \
      -cp "$jar" dev.lorabench.bench.Demo --preset="$preset" "${demo_extra[@]}" --exit=true \
      >"$work/window-$n.out" 2>"$work/window-$n.err" || { cat "$work/window-$n.err" >&2; exit 1; }
  x1=$(xvfb_cpu)
  grep -E 'results shown|thread CPU' "$work/window-$n.err" | head -9 | sed "s/^lorabench demo: /  window $n /" >&2
  echo "  window $n Xvfb CPU $(awk -v a="$x0" -v b="$x1" 'BEGIN { printf "%.2f", b - a }') s" >&2
  line=$(grep -m1 '^lorabench demo:' "$work/window-$n.out")
  case "$line" in
    *"Finished"*) ;;
    *) echo "window run $n did not finish: $line" >&2; exit 1 ;;
  esac
  sed -n 's/.*(shown \([0-9.]*\) s after the process started, \([0-9.]*\) s CPU).*/\1 \2/p' <<<"$line" \
    | awk -v x="$(awk -v a="$x0" -v b="$x1" 'BEGIN { print b - a }')" '{ printf "%.1f %.1f", $1, $2 + x }' 
}

median() { tr ' ' '\n' | grep . | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "cpu: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) CPUs; mode $mode, preset $preset, $repeats runs each"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ "$mode" = cached ]; then
  # Untimed: trains the base once and keeps it; it also warms the page cache for both.
  java "${java_opts[@]}" -jar target/lorabench.jar run --preset "$preset" "${cli_extra[@]}" --out "$work/warm-up" \
    >/dev/null 2>&1
  echo "warm-up done (base cached); load: $(cut -d' ' -f1-3 /proc/loadavg)"
fi
cli_wall=() cli_cpu=() win_wall=() win_cpu=() bef_wall=() bef_cpu=()
for n in $(seq "$repeats"); do
  out=$(cli "$n"); read -r cw cc <<<"$out"; cli_wall+=("$cw"); cli_cpu+=("$cc")
  echo "round $n: cli $cw s ($cc s CPU); load $(cut -d' ' -f1-3 /proc/loadavg)"
  out=$(window "$n" target/lorabench-bench.jar); read -r ww wc <<<"$out"; win_wall+=("$ww"); win_cpu+=("$wc")
  echo "round $n: window $ww s ($wc s CPU); load $(cut -d' ' -f1-3 /proc/loadavg)"
  if [ -n "${BEFORE_JAR:-}" ]; then
    out=$(window "before-$n" "$BEFORE_JAR"); read -r bw bc <<<"$out"; bef_wall+=("$bw"); bef_cpu+=("$bc")
    echo "round $n: before $bw s ($bc s CPU); load $(cut -d' ' -f1-3 /proc/loadavg)"
  fi
done
# One summary line: name, the runs, their medians and (for windows) the ratios to the CLI's.
summary() {
  local name=$1 walls=$2 cpus=$3 mw mc
  mw=$(echo "$walls" | median); mc=$(echo "$cpus" | median)
  printf '%-6s wall [%s] median %s s; CPU [%s] median %s s' "$name" "$walls" "$mw" "$cpus" "$mc"
  if [ "$name" != cli ]; then
    awk -v a="$mw" -v b="$mcw" -v c="$mc" -v d="$mcc" 'BEGIN { printf "; ratio to cli: wall %.2f, CPU %.2f", a / b, c / d }'
  fi
  echo
}
mcw=$(echo "${cli_wall[*]}" | median); mcc=$(echo "${cli_cpu[*]}" | median)
summary cli "${cli_wall[*]}" "${cli_cpu[*]}"
summary window "${win_wall[*]}" "${win_cpu[*]}"
if [ -n "${BEFORE_JAR:-}" ]; then summary before "${bef_wall[*]}" "${bef_cpu[*]}"; fi
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
