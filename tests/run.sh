#!/bin/sh
# SPDX-License-Identifier: 0BSD
# The whole test suite: ./build.sh test [NAME...]
# 1. build checks (tests/build.test): every defconfig, allnoconfig and
#    allyesconfig build; defconfigs are resolved; binaries are static;
# 2. the runtime tests (tests/*.test) against the default, tiny, full and
#    rescue builds, skipping only what a build lacks;
# 3. the in-VM stage (tests/vm.sh), when present.
# NAME... limits stage 2 to tests/NAME.test. NSBOX_TEST_CONFIGS picks the
# builds, NSBOX_TEST_VM=0 skips stage 3.
TOP=$(cd "$(dirname "$0")/.." && pwd)
cd "$TOP" || exit 1
# ./build.sh exports KCONFIG_CONFIG (the top .config): each build below
# must use its own $O/.config, and the user's .config stays untouched.
unset KCONFIG_CONFIG
. tests/lib.sh

# What the tests use, installed on a Debian machine when root.
deps() {
	miss=
	command -v musl-gcc >/dev/null || miss="$miss musl-tools"
	command -v toybox >/dev/null || miss="$miss toybox"
	command -v busybox >/dev/null || miss="$miss busybox-static"
	command -v kconfig-conf >/dev/null || miss="$miss kconfig-frontends"
	command -v ipcmk >/dev/null || miss="$miss util-linux"
	command -v script >/dev/null || miss="$miss bsdutils"
	command -v tmux >/dev/null || miss="$miss tmux"
	command -v bash >/dev/null || miss="$miss bash"
	command -v file >/dev/null || miss="$miss file"
	command -v setpriv >/dev/null || miss="$miss util-linux"
	command -v clang >/dev/null || miss="$miss clang"
	command -v python3 >/dev/null || miss="$miss python3"
	# The in-VM stage (tests/vm.sh): a static busybox for the image.
	command -v qemu-system-x86_64 >/dev/null || miss="$miss qemu-system-x86"
	command -v cpio >/dev/null || miss="$miss cpio"
	file -L /bin/busybox 2>/dev/null | grep -q 'statically linked' ||
		miss="$miss busybox-static"
	[ -z "$miss" ] && return 0
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
		echo "tests: installing$miss"
		export DEBIAN_FRONTEND=noninteractive
		apt-get install -y -qq --no-install-recommends $miss >/dev/null 2>&1 ||
			{ apt-get update -qq >/dev/null 2>&1
			  apt-get install -y -qq --no-install-recommends $miss >/dev/null; }
	else
		echo "tests: missing$miss (apt-get install -y$miss)"
	fi
}
deps

TMPDIR_TEST=$(mktemp -d /tmp/nsbox-test.XXXXXX)
trap 'rm -rf "$TMPDIR_TEST"' EXIT INT TERM
OUT=$TOP/out/test
mkdir -p "$OUT"

# build NAME: out/test/NAME/nsbox from configs/NAME_defconfig or a target.
build() {
	d=$OUT/$1
	mkdir -p "$d"
	if [ -f "configs/$1_defconfig" ]; then
		O=$d ./build.sh "$1_defconfig" >/dev/null
	else
		O=$d ./build.sh "$1" >/dev/null
	fi && O=$d ./build.sh >"$d/build.log" 2>&1
}

echo "== build checks"
CFGNAME=build
. tests/build.test

echo "== runtime tests"
for cfg in ${NSBOX_TEST_CONFIGS:-default tiny full rescue}; do
	CFGNAME=$cfg
	NSBOX=$OUT/$cfg/nsbox
	CONFIG=$OUT/$cfg/.config
	if [ ! -x "$NSBOX" ]; then
		_result FAIL "[$cfg] no binary: the build failed"
		continue
	fi
	for f in tests/*.test; do
		n=${f#tests/}; n=${n%.test}
		[ "$n" = build ] && continue
		if [ $# -gt 0 ]; then
			case " $* " in *" $n "*) ;; *) continue ;; esac
		fi
		optional
		. "$f"
	done
done
optional

if [ -f tests/vm.sh ] && [ "${NSBOX_TEST_VM:-1}" != 0 ] && [ $# = 0 ]; then
	echo "== in-VM tests"
	CFGNAME=vm
	. tests/vm.sh
fi
summary
