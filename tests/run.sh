#!/bin/sh
# SPDX-License-Identifier: 0BSD
# The whole test suite: ./build.sh test [NAME...]
# 1. build checks (tests/build.test): every defconfig, allnoconfig and
#    allyesconfig build; defconfigs are resolved; binaries are static;
# 2. the runtime tests (tests/*.test) against the default, tiny and full
#    builds, skipping only what a build lacks;
# 3. the sanitizer stage (tests/sanitize.sh): fuzz corpus replay and host
#    tests under ASan+UBSan;
# 4. the in-VM stage (tests/vm.sh), when present.
# NAME... limits stage 2 to tests/NAME.test ("sanitize": stage 3 too). NSBOX_TEST_CONFIGS picks the
# builds, NSBOX_TEST_BUILD=0 only builds them (no checks), NSBOX_TEST_SANITIZE=0
# skips stage 3, NSBOX_TEST_VM=0 stage 4.
# Each test file of stages 2 and 3 runs in a session of its own under a
# watchdog (NSBOX_TEST_FILE_TIMEOUT seconds, default 300): a hang fails
# with a message instead of stalling the suite.
TOP=$(cd "$(dirname "$0")/.." && pwd)
cd "$TOP" || exit 1
# ./build.sh exports KCONFIG_CONFIG (the top .config): each build below
# must use its own $O/.config, and the user's .config stays untouched.
unset KCONFIG_CONFIG
# The host stages build for the host and run what they build: ARCH and
# CROSS_COMPILE would make them run foreign binaries (the VM stage takes
# its arches from NSBOX_TEST_ARCHES).
unset ARCH CROSS_COMPILE
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
	# Packaging (tests/pkg.test): the Makefile, git describe, make dist.
	command -v make >/dev/null || miss="$miss make"
	command -v git >/dev/null || miss="$miss git"
	command -v strace >/dev/null || miss="$miss strace"
	command -v setcap >/dev/null || miss="$miss libcap2-bin"
	command -v gcc >/dev/null || miss="$miss gcc"
	command -v mandoc >/dev/null || miss="$miss mandoc"
	# The in-VM stage (tests/vm.sh): a static busybox for the image.
	command -v qemu-system-x86_64 >/dev/null || miss="$miss qemu-system-x86"
	command -v qemu-system-aarch64 >/dev/null || miss="$miss qemu-system-arm"
	command -v qemu-system-riscv64 >/dev/null || miss="$miss qemu-system-misc"
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

if [ "${NSBOX_TEST_BUILD:-1}" != 0 ]; then
	echo "== build checks"
	CFGNAME=build
	. tests/build.test
else	# (tests/mutate.sh) only the builds stage 2 runs against
	for cfg in ${NSBOX_TEST_CONFIGS:-default tiny full}; do
		build "$cfg" || cat "$OUT/$cfg/build.log"
	done
fi

# The signals a test sends must act as in a terminal even when the suite
# was started with them ignored (nohup, "&" in a script): a non-interactive
# sh cannot reset an ignored-on-entry signal itself (POSIX "trap").
dfl_sigs=
env --default-signal=HUP,INT,QUIT true 2>/dev/null &&
	dfl_sigs="env --default-signal=HUP,INT,QUIT"
: "${NSBOX_TEST_FILE_TIMEOUT:=300}"
export NSBOX_TEST_STRICT NSBOX_TEST_BURST VERBOSE TMPDIR_TEST OUT TOP

# run_file FILE: FILE under the per-file watchdog (tests/lib.sh watched),
# and how long it took.
run_file() {
	t0=$(date +%s)
	watched "$1" "$NSBOX_TEST_FILE_TIMEOUT" NSBOX_TEST_FILE_TIMEOUT
	echo "time: [$CFGNAME] $1: $(($(date +%s) - t0)) s"
}

echo "== runtime tests"
for cfg in ${NSBOX_TEST_CONFIGS:-default tiny full}; do
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
		run_file "$f"
	done
done
optional

if [ "${NSBOX_TEST_SANITIZE:-1}" != 0 ] &&
   { [ $# = 0 ] || case " $* " in *" sanitize "*) true ;; *) false ;; esac; }; then
	echo "== sanitizer stage"
	. tests/sanitize.sh
fi

if [ -f tests/vm.sh ] && [ "${NSBOX_TEST_VM:-1}" != 0 ] && [ $# = 0 ]; then
	echo "== in-VM tests"
	CFGNAME=vm
	. tests/vm.sh
fi
if [ "${NSBOX_TEST_VM:-1}" != 0 ] && [ "${NSBOX_TEST_DISTRO:-1}" != 0 ] &&
   { [ $# = 0 ] || case " $* " in *" distro "*) true ;; *) false ;; esac; }; then
	echo "== distribution initramfs generators (VM)"
	CFGNAME=distro
	. tests/distro.sh
fi
summary
