#!/bin/sh
# dist-smoke.sh - build the Linux installer, install it, smoke-test it, uninstall it.
#
# For a person to run on a Debian/Ubuntu amd64 machine (not part of CI): it installs a
# system package, so it needs root (it uses sudo when not run as root).
#
#   tools/dist-smoke.sh                 # builds with -DskipTests
#   tools/dist-smoke.sh -o              # same, Maven offline
#   MVN_ARGS= tools/dist-smoke.sh       # build with the tests
#   KEEP=1 tools/dist-smoke.sh          # leave lorabench installed afterwards
#
# Steps: ./mvnw -Pdist package, app image --version, apt-get install ./target/dist/*.deb,
# /opt/lorabench/bin/lorabench --help and --version, a toy-regression run (synthetic data,
# no dataset, seconds), apt-get purge lorabench. Exits non-zero at the first failure.
# See docs/distribution.md.

set -eu

cd "$(dirname "$0")/.."

MVN_ARGS=${MVN_ARGS--DskipTests}
KEEP=${KEEP:-0}
LAUNCHER=/opt/lorabench/bin/lorabench

if [ "$(id -u)" -eq 0 ]; then SUDO=; else SUDO=sudo; fi

say() { printf '\n== %s\n' "$*"; }
now() { date +%s; }

if dpkg-query -W -f='${Status}' lorabench 2>/dev/null | grep -q 'ok installed'; then
    echo "dist-smoke: lorabench is already installed; remove it first (apt-get remove lorabench)" >&2
    exit 2
fi

say "build: ./mvnw -Pdist package $MVN_ARGS $*"
t0=$(now)
# shellcheck disable=SC2086 # MVN_ARGS is a list of words
./mvnw -Pdist package $MVN_ARGS "$@"
echo "build took $(( $(now) - t0 )) s"

set -- target/dist/lorabench_*.deb
if [ "$#" -ne 1 ] || [ ! -f "$1" ]; then
    echo "dist-smoke: expected exactly one target/dist/lorabench_*.deb" >&2
    exit 1
fi
DEB=$1
echo "app image: $(du -sh target/dist/lorabench | cut -f1)   deb: $DEB $(du -h "$DEB" | cut -f1)"

say "app image: target/dist/lorabench/bin/lorabench --version"
target/dist/lorabench/bin/lorabench --version

say "install: apt-get install -y ./$DEB"
t0=$(now)
$SUDO apt-get install -y "./$DEB"
echo "install took $(( $(now) - t0 )) s"

uninstall() {
    if [ "$KEEP" = 1 ]; then
        echo "KEEP=1: lorabench stays installed (remove: apt-get purge lorabench)"
    else
        # purge = remove + drop dpkg's record (the postrm keeps it after a plain remove)
        say "uninstall: apt-get purge -y lorabench"
        $SUDO apt-get purge -y lorabench
        if [ -e "$LAUNCHER" ]; then
            echo "dist-smoke: $LAUNCHER still there after removal" >&2
            exit 1
        fi
    fi
}
trap uninstall EXIT

say "$LAUNCHER --help"
"$LAUNCHER" --help > "${TMPDIR:-/tmp}/dist-smoke-help.txt"
cat "${TMPDIR:-/tmp}/dist-smoke-help.txt"
grep -q '^Usage: lorabench' "${TMPDIR:-/tmp}/dist-smoke-help.txt"
"$LAUNCHER" --version

OUT=$(mktemp -d "${TMPDIR:-/tmp}/dist-smoke.XXXXXX")
say "$LAUNCHER run --preset toy-regression --out $OUT/run"
t0=$(now)
"$LAUNCHER" run --preset toy-regression --out "$OUT/run"
echo "toy-regression took $(( $(now) - t0 )) s"
test -s "$OUT/run/run.json"
rm -rf "$OUT"

say "dist-smoke: OK"
