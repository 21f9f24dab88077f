#!/bin/sh
# Inside the VM (started by tests/vm/init): the runtime tests of the host,
# tests/*.test but build.test, plus the VM-only tests/vm/*.test, once per
# build in /nsbox/builds/CFG/ (nsbox and its .config), with the same harness
# (tests/lib.sh). Results go to the console, where tests/vm.sh reads them.
cd /nsbox || exit 1
. tests/lib.sh
OUT=/nsbox/builds
TMPDIR_TEST=$(mktemp -d /tmp/nsbox-test.XXXXXX)
for VM_CFG in $(cat builds/list); do
	NSBOX=/nsbox/builds/$VM_CFG/nsbox
	CONFIG=/nsbox/builds/$VM_CFG/config
	CFGNAME=vm-$VM_CFG
	for f in tests/*.test tests/vm/*.test; do
		[ -f "$f" ] || continue
		[ "$f" = tests/build.test ] && continue
		optional
		. "$f"
	done
done
optional
summary
