#!/bin/sh
# SPDX-License-Identifier: 0BSD
# ./build.sh bench soak (and the end of ./build.sh bench): the long leak
# soak, concurrency and kill storms. Runs tests/soak.test against the full
# build with NSBOX_TEST_SOAK=10000 spawns per kind, NSBOX_TEST_PAR=100 at
# once and NSBOX_TEST_STORM=2000 kills per kind (override them in the
# environment), then writes its FIGURE lines into the "soak" and "storm"
# sections of docs/reliability.md. Needs root. Log: out/bench/soak.log.
TOP=$(cd "$(dirname "$0")/.." && pwd)
cd "$TOP" || exit 1
unset KCONFIG_CONFIG O
B=$TOP/out/bench
mkdir -p "$B"
fig=$B/soak.figures
rm -f "$fig"
: "${NSBOX_TEST_SOAK:=10000}" "${NSBOX_TEST_PAR:=100}" "${NSBOX_TEST_STORM:=2000}"
export NSBOX_TEST_SOAK NSBOX_TEST_PAR NSBOX_TEST_STORM
t0=$(date +%s)
NSBOX_TEST_FIGURES=$fig NSBOX_TEST_BUILD=0 NSBOX_TEST_SANITIZE=0 \
NSBOX_TEST_VM=0 NSBOX_TEST_CONFIGS=full NSBOX_TEST_FILE_TIMEOUT=7200 \
	sh tests/run.sh soak >"$B/soak.log" 2>&1
rc=$?
grep '^PASS\|^FAIL\|^SKIP\|^  \|passed, ' "$B/soak.log" | grep -v '^PASS: \[build\]' >&2
[ -s "$fig" ] || { echo "bench soak: no figures (see $B/soak.log)" >&2; exit 1; }
when="\`./build.sh bench soak\`, $(date -u +%Y-%m-%d), full_defconfig, $(nproc) CPUs shared with other work, $(($(date +%s) - t0)) s in all; suite result: $(grep 'passed, ' "$B/soak.log" | tail -n 1)"
# FIGURE NAME: runs N ok N bad N secs S[; more] -> a table row
rows() {
	sed -n "s/^FIGURE $1 \([^:]*\): runs \([0-9]*\) ok \([0-9]*\) bad \([0-9]*\) secs \([0-9.]*\);* *\(.*\)/| \1 | \2 | \3 | \4 | \5 | \6 |/p" "$fig"
}
{
	echo "$when."
	echo
	echo "Sequential spawns per kind (then: no process or zombie left, host"
	echo "mountinfo and the caller's fds identical, the namespaces of a sample gone;"
	echo "MemAvailable is machine-wide: on a shared machine it moves with other work):"
	echo
	echo "| kind | runs | exit 0 | failed | seconds | MemAvailable drift |"
	echo "|---|---|---|---|---|---|"
	rows soak | sed "s/MemAvailable drift //"
	echo
	sed -n 's/^FIGURE concurrent: runs \([0-9]*\) ok \([0-9]*\) bad \([0-9]*\) secs \([0-9.]*\).*/\1 boxes started at once: \2 exited 0, \3 failed, \4 s./p' "$fig"
} | sh bench/reliability.sh soak
{
	echo "$when."
	echo
	echo "SIGKILL of the outer nsbox 0-5 ms after its fork, or of the box's init"
	echo "from the host; then no process or zombie left and the mount table as before:"
	echo
	echo "| kind | runs | ok | bad | seconds | outcomes |"
	echo "|---|---|---|---|---|---|"
	rows storm
} | sh bench/reliability.sh storm
echo "bench soak: docs/reliability.md written ($(($(date +%s) - t0)) s)" >&2
exit $rc
