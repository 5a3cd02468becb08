#!/usr/bin/env bash
# Runs `doctor` and a small real experiment under strace and fails on any connection attempt to a
# non-loopback address. Proves the offline guard (DJL offline mode, tracking opt-out) holds.
# Usage: tools/check-no-network.sh [path/to/lorabench.jar]
set -euo pipefail
cd "$(dirname "$0")/.."
jar="${1:-target/lorabench.jar}"
if ! command -v strace >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get install -y -qq strace >/dev/null 2>&1 || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq strace >/dev/null 2>&1; }
  fi
fi
command -v strace >/dev/null 2>&1 || { echo "check-no-network: strace is not installed (apt-get install strace)"; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
java_opts=(-Dlorabench.cache.dir="$work/cache")
status=0
check() {
  local name=$1; shift
  strace -f -qq -e trace=connect -o "$work/$name.trace" java "${java_opts[@]}" -jar "$jar" "$@" >"$work/$name.out" 2>&1 || {
    echo "check-no-network: '$*' failed:"; tail -5 "$work/$name.out"; status=1; return; }
  # Any IPv4/IPv6 connect that is not loopback is a leak.
  if grep -E 'sa_family=AF_INET6?' "$work/$name.trace" | grep -vE 'inet_addr\("127\.|inet_pton\(AF_INET6, "(::1|::ffff:127\.)' >"$work/$name.leaks"; then
    echo "check-no-network: '$*' tried to reach the network:"; cat "$work/$name.leaks"; status=1
  else
    echo "check-no-network: '$*' made no network connection ($(grep -c connect "$work/$name.trace" || true) local socket calls)"
  fi
}
check doctor doctor
check run run --preset mlp-mnist --dataset "idx:$PWD/src/test/resources/mnist-small" \
  --train-limit 300 --test-limit 100 --batch-size 32 --finetune-steps 3 --ranks 1 --out "$work/run"
exit $status
