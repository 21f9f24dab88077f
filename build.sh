#!/bin/sh
# SPDX-License-Identifier: 0BSD
# nsbox build driver, Kbuild-like (the Makefile is a front door to it).
#   ./build.sh                 build $O/nsbox from .config (default_defconfig if none)
#   ./build.sh NAME_defconfig  defconfig allnoconfig allyesconfig oldconfig
#              olddefconfig savedefconfig menuconfig clean distclean
#              install dist completion version run test initramfs bench
#              fuzz [SECONDS] mutate
# Variables: CC, CROSS_COMPILE, CFLAGS, LDFLAGS, O=DIR (out of tree,
# relative to the caller's directory), V=1 (show commands), HOSTCC (for
# tools/sstrip.c), KCONFIG_CONFIG (.config, or $O/.config with O),
# WERROR=0 (warnings not fatal), STRIP (unset: -s and sstrip; STRIP=PROG
# strips with PROG; STRIP= keeps the symbols), SSTRIP=0|1, DESTDIR, PREFIX
# (/usr), NSBOX_VERSION (else git describe, else the VERSION file),
# NSBOX_AUTO_INSTALL=1 (apt-get install what is missing; the default for
# run, test, bench and initramfs only), SANITIZE=1 (a test build against
# glibc with ASan+UBSan, in out/sanitize).
set -e
TOP=$(cd "$(dirname "$0")" && pwd)

[ "$SANITIZE" = 1 ] && [ -z "$O" ] && O=$TOP/out/sanitize

# O and KCONFIG_CONFIG are relative to the caller's directory, as Kbuild's
# are to make's; nothing is written to the source tree when O is given.
if [ -n "$O" ]; then
	mkdir -p "$O"
	O=$(cd "$O" && pwd)
	: "${KCONFIG_CONFIG:=$O/.config}"
else
	O=$TOP/out
	: "${KCONFIG_CONFIG:=$TOP/.config}"
fi
case $KCONFIG_CONFIG in /*) ;; *) KCONFIG_CONFIG=$PWD/$KCONFIG_CONFIG ;; esac
export KCONFIG_CONFIG
cd "$TOP"

say() { printf '%s\n' "$*"; }
die() { printf 'build.sh: %s\n' "$*" >&2; exit 1; }
run() { [ "$V" = 1 ] && say "  $*"; "$@"; }
is_root_debian() { [ "$(id -u)" = 0 ] && [ -f /etc/debian_version ] && command -v apt-get >/dev/null; }

# The name of a Debian package's tool outside Debian, for the error line.
generic_name() {
	case $1 in
	musl-tools) echo "a musl C compiler (musl-gcc, or CC=/CROSS_COMPILE=)" ;;
	kconfig-frontends) echo "a Kconfig tool (kconfig-conf, or python3 with kconfiglib)" ;;
	*) echo "$1" ;;
	esac
}

# apt_need PACKAGE COMMAND...: PACKAGE is needed if any COMMAND is missing.
# It is installed only for run/test/bench/initramfs or NSBOX_AUTO_INSTALL=1
# (as root on Debian): a packager's build never installs anything.
apt_need() {
	pkg=$1; shift
	missing=
	for c; do command -v "$c" >/dev/null 2>&1 || [ -e "$c" ] || missing=$c; done
	[ -z "$missing" ] && return 0
	if [ "$NSBOX_AUTO_INSTALL" = 1 ] && is_root_debian; then
		say "build.sh: $missing is missing: installing Debian package $pkg" >&2
		if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			--no-install-recommends "$pkg" >/dev/null 2>&1; then
			apt-get update -qq >/dev/null 2>&1 || true
			DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
				--no-install-recommends "$pkg" >/dev/null ||
				die "apt-get install $pkg failed"
		fi
	else
		die "$missing is missing: install $pkg (Debian) or $(generic_name "$pkg")"
	fi
}

# The compiler: CC, else ${CROSS_COMPILE}gcc, else musl-gcc. It must be musl.
setup_cc() {
	if [ -z "$CC" ]; then
		if [ -n "$CROSS_COMPILE" ]; then CC=${CROSS_COMPILE}gcc
		else
			apt_need musl-tools musl-gcc
			CC=musl-gcc
		fi
	fi
	CCFLAGS_EXTRA=
	LDFLAGS_EXTRA=
	# clang has no musl wrapper on Debian: point it at Debian's musl.
	if [ -z "$CROSS_COMPILE" ] && $CC --version 2>/dev/null | grep -q clang; then
		apt_need musl-tools musl-gcc
		ml=/usr/lib/musl/lib; mi=/usr/lib/musl/include
		[ -d "$ml" ] || { ml=/usr/lib/x86_64-linux-musl; mi=/usr/include/x86_64-linux-musl; }
		CCFLAGS_EXTRA="-Wno-unused-command-line-argument -nostdinc -isystem $mi -isystem $($CC -print-resource-dir)/include"
		LDFLAGS_EXTRA="-nostdlib -fuse-ld=bfd $ml/crt1.o $ml/crti.o -L$ml"
		LDLIBS_EXTRA="-lc $($CC -print-libgcc-file-name) $ml/crtn.o"
	fi
	command -v "${CC%% *}" >/dev/null 2>&1 || die "compiler $CC not found"
	printf '#include <stddef.h>\n#ifdef __GLIBC__\n#error glibc\n#endif\n' |
		$CC $CCFLAGS_EXTRA -E -x c - >/dev/null 2>&1 ||
		die "$CC does not compile against musl (nsbox is never built with glibc)"
}

# The Kconfig implementation: kconfig-frontends, else python3 (from PATH)
# with kconfiglib. It runs in the directory of the config file: kconfig-conf
# writes its .tmpconfig.PID in the current directory and renames it over
# the config, so the source tree may be read-only.
have_kconf() {
	command -v kconfig-conf >/dev/null 2>&1 ||
		python3 -c 'import kconfiglib' 2>/dev/null
}
kconf() {
	target=$1
	have_kconf || apt_need kconfig-frontends kconfig-conf
	mkdir -p "${KCONFIG_CONFIG%/*}"
	(
	cd "${KCONFIG_CONFIG%/*}"
	export srctree="$TOP"
	if command -v kconfig-conf >/dev/null 2>&1; then
		case $target in
		menuconfig) run kconfig-mconf "$TOP/Kconfig" ;;
		savedefconfig) run kconfig-conf --savedefconfig "$O/defconfig" "$TOP/Kconfig" ;;
		*) run kconfig-conf -s --"$target" "$TOP/Kconfig" ;;
		esac
	else
		case $target in
		savedefconfig) run python3 -m savedefconfig --kconfig "$TOP/Kconfig" --out "$O/defconfig" ;;
		oldconfig|menuconfig) run python3 -m "$target" "$TOP/Kconfig" ;;
		*) run python3 -m "$target" "$TOP/Kconfig" >/dev/null ;;
		esac
	fi
	)
}

# Every symbol of Kconfig as "NAME TYPE", for the header and staleness checks.
symbols() {
	awk '$1 == "config" { n = $2 }
	     n && ($1 == "bool" || $1 == "int" || $1 == "string") { print n, $1; n = "" }' Kconfig
}

# $O/include/config.h: every Kconfig symbol, 0/1 or its value.
gen_header() {
	mkdir -p "$O/include"
	symbols | awk -v cfg="$KCONFIG_CONFIG" '
	BEGIN {
		while ((getline l < cfg) > 0) {
			if (l ~ /^CONFIG_[A-Za-z0-9_]+=/) {
				i = index(l, "="); v[substr(l, 8, i - 8)] = substr(l, i + 1)
			} else if (l ~ /^# CONFIG_[A-Za-z0-9_]+ is not set/) {
				split(l, w, " "); known[substr(w[2], 8)] = 1
			}
		}
		print "/* Generated by build.sh from " cfg ": do not edit. */"
	}
	{
		n = $1; t = $2
		if (t == "bool") {
			on = (v[n] == "y"); print "#define CFG_" n " " on
			if (on) feat = feat (feat == "" ? "" : " ") n
		} else if (t == "int")
			print "#define CFG_" n " " (v[n] == "" ? 0 : v[n])
		else
			print "#define CFG_" n " " (v[n] == "" ? "\"\"" : v[n])
	}
	END {
		print "#define CFG_FEATURES \"" feat "\""
	}' >"$O/include/config.h.new"
	mv "$O/include/config.h.new" "$O/include/config.h"
}

# Size without weakening: -Os, per-function sections collected by
# --gc-sections, no unwind tables (C, no exceptions), no build-id;
# -z noseparate-code keeps text and rodata in one segment instead of
# page-padding each; -z common-page-size=64 lets the data segment start
# right after the text in the file (mappings stay page-granular: the
# permissions are the same). -z norelro: musl's static start-up never
# applies PT_GNU_RELRO (the "protected" page stays rw-p in
# /proc/self/maps), so RELRO only bought up to 4 KB of file padding.
# Non-PIE: static-pie would add musl's self-relocation for ASLR (a trade
# we make explicitly: CFLAGS=-static-pie if you want it).
CFLAGS_SIZE="-Os -fno-pie -ffunction-sections -fdata-sections -fno-asynchronous-unwind-tables -fno-unwind-tables -fno-ident"
LDFLAGS_SIZE="-static -no-pie -Wl,--gc-sections -Wl,-z,noseparate-code -Wl,-z,norelro -Wl,-z,common-page-size=64 -Wl,--build-id=none -Wl,--hash-style=gnu"

# Stripping. By default: -s, then sstrip drops the section headers and
# what follows the last segment (~1 KB) with tools/sstrip.c, built for the
# host (SSTRIP=0 keeps them). STRIP set, even empty, hands stripping to the
# caller, as distributions want: STRIP=PROG runs PROG on the binary,
# STRIP= keeps every symbol (they strip into a debug package themselves;
# GNU strip fails on an sstripped file: "has no sections"); sstrip then
# runs only with SSTRIP=1.
sstrip() {
	[ "$SSTRIP" = 1 ] || return 0
	if [ ! -x "$O/sstrip" ] || [ tools/sstrip.c -nt "$O/sstrip" ]; then
		for hcc in $HOSTCC cc gcc clang musl-gcc; do
			command -v "$hcc" >/dev/null 2>&1 && break
			hcc=
		done
		if [ -z "$hcc" ]; then
			say "build.sh: no host compiler for tools/sstrip.c: section headers kept" >&2
			return 0
		fi
		run "$hcc" -O2 tools/sstrip.c -o "$O/sstrip" || return 1
	fi
	run "$O/sstrip" "$1"
}

# SANITIZE=1: the same sources and config, built with gcc (or CC) against
# glibc with -fsanitize=address,undefined, for the tests only (the shipped
# binary is musl's, static): $O/nsbox and the fuzz harness $O/fuzz-harness
# (tests/fuzz/harness.c with src/*.c but main.c). No size flags, no strip.
SAN_FLAGS="-O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all"
sanitize_build() {
	: "${CC:=gcc}"
	command -v "${CC%% *}" >/dev/null 2>&1 || die "compiler $CC not found"
	# shellcheck disable=SC2086
	run $CC -std=gnu11 $SAN_FLAGS -Wall -Wextra -Werror -Wundef -Wshadow \
		-Wno-unused-parameter -I"$O/include" -Isrc $CFLAGS $LDFLAGS \
		src/*.c -o "$O/nsbox"
	# shellcheck disable=SC2046,SC2086
	run $CC -std=gnu11 $SAN_FLAGS -Wall -Wextra -Werror -Wundef \
		-Wno-unused-parameter -I"$O/include" -Isrc $CFLAGS $LDFLAGS \
		$(ls src/*.c | grep -v '^src/main\.c$') tests/fuzz/harness.c \
		-o "$O/fuzz-harness"
	say "$O/nsbox: sanitizer build (glibc, $CC, -fsanitize=address,undefined)"
}

# The version: NSBOX_VERSION, else git describe in a git checkout (not a
# parent's: only when $TOP/.git exists), else the VERSION file a release
# tarball carries (./build.sh dist), else "unknown". version clean: no
# -dirty (for dist, which archives HEAD).
version() {
	v=
	if [ -n "$NSBOX_VERSION" ]; then v=$NSBOX_VERSION
	elif [ -e "$TOP/.git" ] && command -v git >/dev/null 2>&1 &&
	     v=$(git -c safe.directory='*' -C "$TOP" describe --tags --always \
		$([ "$1" = clean ] || echo --dirty) 2>/dev/null); then v=${v#v}
	elif [ -f "$TOP/VERSION" ]; then read -r v <"$TOP/VERSION" || true
	fi
	v=$(printf '%s' "$v" | tr -cd 'A-Za-z0-9._+~-')
	echo "${v:-unknown}"
}

gen_version() {
	mkdir -p "$O/include"
	printf '/* Generated by build.sh: do not edit. */\n#define NSBOX_VERSION "%s"\n' \
		"$(version)" >"$O/include/version.h.new"
	mv "$O/include/version.h.new" "$O/include/version.h"
}

# put_config FILE: FILE becomes the config (FILE may be read-only; so may
# an earlier copy of it).
put_config() {
	mkdir -p "${KCONFIG_CONFIG%/*}"
	rm -f "$KCONFIG_CONFIG"
	cat "$1" >"$KCONFIG_CONFIG"
}

build() {
	mkdir -p "$O"
	if [ ! -f "$KCONFIG_CONFIG" ]; then
		say "build.sh: no $KCONFIG_CONFIG: using configs/default_defconfig"
		put_config configs/default_defconfig
	fi
	# Kconfig changed since .config was written: resolve it again, as
	# Kbuild does, when a Kconfig tool is at hand.
	if [ Kconfig -nt "$KCONFIG_CONFIG" ]; then
		if have_kconf; then
			say "build.sh: Kconfig is newer than $KCONFIG_CONFIG: olddefconfig"
			kconf olddefconfig
		else
			say "build.sh: warning: Kconfig is newer than $KCONFIG_CONFIG; run ./build.sh olddefconfig" >&2
		fi
	fi
	gen_header
	gen_version
	if [ "$SANITIZE" = 1 ]; then
		sanitize_build
		return
	fi
	setup_cc
	mkdir -p "$O"
	werror=-Werror ldstrip=-s
	[ "$WERROR" = 0 ] && werror=
	if [ -n "${STRIP+set}" ]; then ldstrip= ; : "${SSTRIP:=0}"; fi
	: "${SSTRIP:=1}"
	# shellcheck disable=SC2086
	run $CC -std=gnu11 $CFLAGS_SIZE -Wall -Wextra $werror -Wundef -Wshadow \
		-Wno-unused-parameter $CCFLAGS_EXTRA -I"$O/include" -Isrc $CFLAGS \
		$LDFLAGS_EXTRA $LDFLAGS_SIZE $ldstrip $LDFLAGS src/*.c $LDLIBS_EXTRA \
		-o "$O/nsbox.tmp"
	[ -z "$STRIP" ] || run $STRIP "$O/nsbox.tmp"
	sstrip "$O/nsbox.tmp"
	mv "$O/nsbox.tmp" "$O/nsbox"
	sh tools/completion.sh src/opts.c "$KCONFIG_CONFIG" >"$O/nsbox.bash"
	say "$O/nsbox: $(wc -c <"$O/nsbox") bytes"
}

# install: $DESTDIR$PREFIX/bin/nsbox, the man page, the bash completion.
# Builds first only when $O/nsbox is missing or older than its sources (a
# "make install" under fakeroot or pseudo does not recompile).
install_all() {
	if [ ! -x "$O/nsbox" ] || [ ! -f "$O/nsbox.bash" ] ||
	   [ -n "$(find src Kconfig tools "$KCONFIG_CONFIG" -newer "$O/nsbox" 2>/dev/null | head -n 1)" ]; then
		build
	fi
	p=$DESTDIR${PREFIX-/usr}
	run install -D -m 0755 "$O/nsbox" "$p/bin/nsbox"
	if [ -f docs/nsbox.1 ]; then
		run install -D -m 0644 docs/nsbox.1 "$p/share/man/man1/nsbox.1"
	fi
	run install -D -m 0644 "$O/nsbox.bash" \
		"$p/share/bash-completion/completions/nsbox"
}

# dist: $O/nsbox-VERSION.tar.gz, HEAD's files plus VERSION: builds without
# git. Reproducible: sorted, owned by 0, dated by HEAD's commit.
dist() {
	[ -e .git ] && command -v git >/dev/null 2>&1 ||
		die "dist needs a git checkout (and git)"
	g="git -c safe.directory=*"
	ver=$(version clean)
	[ -z "$($g status --porcelain --untracked-files=no 2>/dev/null)" ] ||
		say "build.sh: warning: uncommitted changes are not in the tarball" >&2
	d=$O/dist.tmp
	rm -rf "$d" && mkdir -p "$d/nsbox-$ver"
	$g archive --format=tar HEAD | tar -x -C "$d/nsbox-$ver"
	echo "$ver" >"$d/nsbox-$ver/VERSION"
	(cd "$d" && tar --sort=name --owner=0 --group=0 --numeric-owner \
		--mtime="@$($g log -1 --format=%ct)" -cf - "nsbox-$ver") |
		gzip -n -9 >"$O/nsbox-$ver.tar.gz"
	rm -rf "$d"
	say "$O/nsbox-$ver.tar.gz"
}

# The convenience commands install what they miss when root on Debian.
case ${1:-build} in run|test|bench|initramfs)
	: "${NSBOX_AUTO_INSTALL:=1}"; export NSBOX_AUTO_INSTALL ;;
esac

case ${1:-build} in
build|all) build ;;
run) shift; build; exec "$O/nsbox" "$@" ;;
*_defconfig)
	[ -f "configs/$1" ] || die "no configs/$1 (have: $(cd configs && echo *))"
	put_config "configs/$1"; say "build.sh: $KCONFIG_CONFIG from configs/$1" ;;
defconfig) put_config configs/default_defconfig ;;
allnoconfig|allyesconfig|alldefconfig|oldconfig|olddefconfig|menuconfig) kconf "$1" ;;
savedefconfig) kconf savedefconfig; say "build.sh: wrote $O/defconfig" ;;
install) install_all ;;
dist) dist ;;
version) version ;;
completion) build >/dev/null; cat "$O/nsbox.bash" ;;
clean) rm -rf "$O" ;;
distclean) rm -rf "$O" "$KCONFIG_CONFIG" "$KCONFIG_CONFIG.old" ;;
test) shift; exec sh tests/run.sh "$@" ;;
initramfs) shift; build; exec sh initramfs/mkinitramfs.sh "$@" ;;
bench) shift; exec sh bench/run.sh "$@" ;;
fuzz) shift; exec sh tests/fuzz/fuzz.sh "$@" ;;
mutate) shift; exec sh tests/mutate.sh "$@" ;;
-h|--help|help) sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//' ;;
*) die "unknown target '$1' (try ./build.sh help)" ;;
esac
