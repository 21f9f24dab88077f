#!/bin/sh
# SPDX-License-Identifier: 0BSD
# Inside the VM (started by tests/vm/init): the runtime tests of the host,
# tests/*.test but build.test, plus the VM-only tests/vm/*.test, once per
# build in /nsbox/builds/CFG/ (nsbox and its .config), with the same harness
# (tests/lib.sh). Results go to the console, where tests/vm.sh reads them.
# Each line of builds/list is "CFG [TEST...]": TEST... limits that build to
# tests/TEST.test (and tests/vm/TEST.test). /nsbox/env (from tests/vm.sh)
# sets the knobs, e.g. NSBOX_TEST_BURST, NSBOX_TEST_VM_FILE_TIMEOUT.
# Each test file runs in a session of its own under a watchdog: one that
# hangs is killed after NSBOX_TEST_VM_FILE_TIMEOUT seconds and counts as a
# failure, the others still run.
cd /nsbox || exit 1
. tests/lib.sh
[ -f env ] && . ./env
: "${NSBOX_TEST_VM_FILE_TIMEOUT:=60}"
export NSBOX_TEST_BURST NSBOX_TEST_TRIES NSBOX_TEST_EMULATED
OUT=/nsbox/builds
# The image's copy of the source tree (README.md, docs/): tests read the
# docs from $TOP, whatever directory they run in.
TOP=/nsbox
export TOP
TMPDIR_TEST=$(mktemp -d /tmp/nsbox-test.XXXXXX)
export OUT TMPDIR_TEST
uptime_cs() { read -r u _ </proc/uptime; c=${u#*.}; echo $((${u%.*} * 100 + ${c#0})); }

# run_file FILE: FILE under the per-file watchdog (tests/lib.sh watched),
# and how long it took. Stdin from /dev/null, as on the host: the console
# is a terminal, and nsbox's tty hand-over would change what a test sees
# (tests/vm/vm.test opens the serial line itself where it wants one); fd 3
# (builds/list) closed.
run_file() {
	t0=$(uptime_cs)
	watched "$1" "$NSBOX_TEST_VM_FILE_TIMEOUT" NSBOX_TEST_VM_FILE_TIMEOUT 3<&-
	t=$(($(uptime_cs) - t0))
	echo "NSBOX-VM-TIME $CFGNAME $1 $((t / 100)).$((t / 10 % 10))s"
}

while read -r VM_CFG only <&3; do
	[ -n "$VM_CFG" ] || continue
	NSBOX=/nsbox/builds/$VM_CFG/nsbox
	CONFIG=/nsbox/builds/$VM_CFG/config
	CFGNAME=vm-$VM_CFG
	export VM_CFG NSBOX CONFIG CFGNAME
	for f in tests/*.test tests/vm/*.test; do
		[ -f "$f" ] || continue
		[ "$f" = tests/build.test ] && continue
		if [ -n "$only" ]; then
			n=${f##*/}; n=${n%.test}
			case " $only " in *" $n "*) ;; *) continue ;; esac
		fi
		run_file "$f"
	done
done 3<builds/list
summary
