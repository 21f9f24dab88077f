#!/bin/sh
# SPDX-License-Identifier: 0BSD
# deb.sh: unpack a Debian package of any suite and architecture, without
# changing anything on the system: a private APT configuration (its own
# sources list, state and cache directories under $DEB_CACHE, default
# out/deb) lists the suite once, apt-get download fetches the package,
# dpkg -x unpacks it.
#   sh tools/deb.sh SUITE ARCH PACKAGE DIR   unpack PACKAGE into DIR (its
#                                            version in DIR/.deb-version)
#   sh tools/deb.sh -d SUITE ARCH PACKAGE    print the linux-image-* package
#                                            the metapackage PACKAGE depends on
# The mirror is NSBOX_DEBIAN_MIRROR, else the first .../debian URI of the
# system's own APT sources. Needs apt-get and dpkg (any Debian release).
set -e
TOP=$(cd "$(dirname "$0")/.." && pwd)
: "${DEB_CACHE:=$TOP/out/deb}"

die() { printf 'deb.sh: %s\n' "$*" >&2; exit 1; }

mirror() {
	[ -n "$NSBOX_DEBIAN_MIRROR" ] && { echo "$NSBOX_DEBIAN_MIRROR"; return; }
	cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list \
		/etc/apt/sources.list.d/*.sources 2>/dev/null |
	awk '$1 == "URIs:" { for (i = 2; i <= NF; i++) print $i }
	     $1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /:\/\//) { print $i; break } }' |
	grep -m1 '/debian/*$' | sed 's,/*$,,'
}

# apt SUITE ARCH apt-get|apt-cache ARGS...: under the private configuration.
apt() {
	a=$DEB_CACHE/apt/$1-$2
	tool=$3
	shift 3
	"$tool" -q -o Dir::Etc::SourceList="$a/sources.list" \
		-o Dir::Etc::SourceParts="$a/none" \
		-o Dir::Etc::Preferences="$a/none" \
		-o Dir::Etc::PreferencesParts="$a/none" \
		-o Dir::State="$a/state" -o Dir::State::status="$a/status" \
		-o Dir::Cache="$a/cache" -o Debug::NoLocking=1 \
		-o APT::Architecture="$ARCH_DEB" -o APT::Architectures::="$ARCH_DEB" \
		-o Acquire::Languages=none -o APT::Sandbox::User=root "$@"
}

# update SUITE ARCH: the suite's index, once (again after a day).
update() {
	a=$DEB_CACHE/apt/$1-$2
	if [ -f "$a/updated" ] && [ -z "$(find "$a/updated" -mmin +1440)" ]; then
		return 0
	fi
	m=$(mirror)
	[ -n "$m" ] || die "no Debian mirror in /etc/apt: set NSBOX_DEBIAN_MIRROR"
	mkdir -p "$a/none" "$a/state/lists/partial" "$a/cache/archives/partial"
	: >"$a/status"
	echo "deb [arch=$2 signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $m $1 main" \
		>"$a/sources.list"
	echo "deb.sh: apt-get update for $1 $2 (private, in $a)" >&2
	# A mirror mid-sync fails an index now and then: once more, later.
	for try in 1 2 3; do
		apt "$1" "$2" apt-get update >/dev/null 2>"$a/update.log" &&
			[ -n "$(ls "$a/state/lists/" | grep _Packages)" ] && break
		[ $try = 3 ] && { cat "$a/update.log" >&2
			die "apt-get update of $1 $2 failed"; }
		sleep $((try * 5))
	done
	: >"$a/updated"
}

dep=
[ "$1" = -d ] && { dep=1; shift; }
[ $# = $((4 - dep)) ] || die "usage: deb.sh SUITE ARCH PACKAGE DIR | -d SUITE ARCH PACKAGE"
command -v apt-get >/dev/null && command -v dpkg >/dev/null ||
	die "needs Debian's apt-get and dpkg"
suite=$1 ARCH_DEB=$2 pkg=$3 dir=$4
update "$suite" "$ARCH_DEB"
if [ -n "$dep" ]; then
	p=$(apt "$suite" "$ARCH_DEB" apt-cache depends "$pkg" 2>/dev/null |
		sed -n 's/^ *Depends: \(linux-image-[^ :]*\).*$/\1/p' | head -n 1)
	[ -n "$p" ] || die "$suite $ARCH_DEB: $pkg depends on no linux-image-*"
	echo "$p"
	exit 0
fi
a=$DEB_CACHE/apt/$suite-$ARCH_DEB
t=$a/dl.$$
rm -rf "$t" && mkdir -p "$t"
trap 'rm -rf "$t"' EXIT
(cd "$t" && apt "$suite" "$ARCH_DEB" apt-get download "$pkg" >/dev/null) ||
	{ sleep 5; (cd "$t" && apt "$suite" "$ARCH_DEB" apt-get download "$pkg" >/dev/null); } ||
	die "apt-get download $pkg ($suite $ARCH_DEB) failed"
mkdir -p "$dir"
dpkg -x "$t"/*.deb "$dir" || die "dpkg -x $pkg failed"
dpkg-deb -f "$t"/*.deb Version >"$dir/.deb-version"
