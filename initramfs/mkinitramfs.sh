#!/bin/sh
# SPDX-License-Identifier: 0BSD
# mkinitramfs.sh: a newc cpio archive (gzip'd when OUTPUT ends in .gz) from
# list files in the kernel's gen_init_cpio format, written by this script
# alone: no root, no fakeroot, no cpio(1), device nodes included.
#   sh initramfs/mkinitramfs.sh [-o OUTPUT] [LIST...]
# Defaults: LIST initramfs/rescue.list, OUTPUT $O/initramfs.cpio.gz (O is
# ./build.sh's output directory, out/). ./build.sh initramfs runs this.
# A list has one entry a line ('#' starts a comment):
#   file  NAME SOURCE MODE UID GID      dir  NAME MODE UID GID
#   slink NAME TARGET MODE UID GID      pipe NAME MODE UID GID
#   nod   NAME MODE UID GID c|b MAJ MIN  sock NAME MODE UID GID
# SOURCE may name variables (${O}, ${BUSYBOX}, any in the environment); a
# relative SOURCE is relative to the source tree. Format: the kernel's
# Documentation/driver-api/early-userspace/buffer-format.rst.
set -e
export LC_ALL=C
TOP=$(cd "$(dirname "$0")/.." && pwd)
: "${O:=$TOP/out}"
: "${BUSYBOX:=/bin/busybox}"
export O BUSYBOX
MTIME=${SOURCE_DATE_EPOCH:-0}

die() { printf 'mkinitramfs.sh: %s\n' "$*" >&2; exit 1; }

out=
while [ $# -gt 0 ]; do
	case $1 in
	-o) [ $# -ge 2 ] || die "-o needs a file"; out=$2; shift 2 ;;
	-h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	--) shift; break ;;
	-*) die "unknown option $1" ;;
	*) break ;;
	esac
done
[ $# -gt 0 ] || set -- "$TOP/initramfs/rescue.list"
: "${out:=$O/initramfs.cpio.gz}"

ino=720
# hdr NAME MODE UID GID NLINK SIZE RDEVMAJ RDEVMIN: one newc header, the
# NUL-terminated name and the padding to 4 bytes.
hdr() {
	ino=$((ino + 1))
	printf '070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%s\0' \
		$ino "$2" "$3" "$4" "$5" "$MTIME" "$6" 0 0 "$7" "$8" \
		$((${#1} + 1)) 0 "$1"
	pad $((110 + ${#1} + 1))
}
pad() {		# pad N: NULs up to the next multiple of 4 after N bytes
	case $(($1 % 4)) in
	1) printf '\0\0\0' ;;
	2) printf '\0\0' ;;
	3) printf '\0' ;;
	esac
}

num() {		# num WHAT VALUE: die unless VALUE is a decimal number
	case $2 in ''|*[!0-9]*) die "$where: $1 '$2' is not a number" ;; esac
}
mode() {	# mode TYPEBITS OCTAL: the st_mode, in decimal
	case $2 in ''|*[!0-7]*) die "$where: mode '$2' is not octal" ;; esac
	[ ${#2} -le 4 ] || die "$where: mode '$2' has more than 4 digits"
	echo $(($1 | 0$2))
}
# expand STRING: ${VAR} and $VAR from the environment, nothing else.
expand() {
	case $1 in *'`'*|*'$('*|*\\*|*'"'*) die "$where: only \${VAR} is expanded: $1" ;; esac
	eval "printf '%s' \"$1\""
}

entry() {	# entry TYPE NAME FIELDS...: one archive member
	type=$1 name=${2#/}
	[ -n "$name" ] || die "$where: no name"
	shift 2
	case $type in
	file)
		[ $# = 4 ] || die "$where: file NAME SOURCE MODE UID GID (hard links are not supported)"
		src=$(expand "$1")
		case $src in /*) ;; *) src=$TOP/$src ;; esac
		[ -f "$src" ] || die "$where: $src: no such file"
		m=$(mode 32768 "$2"); num uid "$3"; num gid "$4"
		size=$(($(wc -c <"$src")))
		hdr "$name" "$m" "$3" "$4" 1 "$size" 0 0
		cat "$src"
		pad "$size" ;;
	dir|pipe|sock)
		[ $# = 3 ] || die "$where: $type NAME MODE UID GID"
		case $type in
		dir) m=$(mode 16384 "$1") ;;
		pipe) m=$(mode 4096 "$1") ;;
		sock) m=$(mode 49152 "$1") ;;
		esac
		num uid "$2"; num gid "$3"
		nl=1; [ "$type" = dir ] && nl=2
		hdr "$name" "$m" "$2" "$3" $nl 0 0 0 ;;
	slink)
		[ $# = 4 ] || die "$where: slink NAME TARGET MODE UID GID"
		m=$(mode 40960 "$2"); num uid "$3"; num gid "$4"
		hdr "$name" "$m" "$3" "$4" 1 ${#1} 0 0
		printf '%s' "$1"
		pad ${#1} ;;
	nod)
		[ $# = 6 ] || die "$where: nod NAME MODE UID GID c|b MAJOR MINOR"
		case $4 in
		c) m=$(mode 8192 "$1") ;;
		b) m=$(mode 24576 "$1") ;;
		*) die "$where: device type '$4' is not c or b" ;;
		esac
		num uid "$2"; num gid "$3"; num major "$5"; num minor "$6"
		hdr "$name" "$m" "$2" "$3" 1 0 "$5" "$6" ;;
	*)
		die "$where: unknown entry type '$type'" ;;
	esac
}

archive() {
	for list; do
		[ -f "$list" ] || die "$list: no such list"
		n=0
		# shellcheck disable=SC2086
		while IFS= read -r line || [ -n "$line" ]; do
			n=$((n + 1)); where=$list:$n
			case $line in ''|'#'*) continue ;; esac
			set -f; set -- $line; set +f
			[ $# -gt 0 ] && entry "$@"
		done <"$list"
	done
	hdr TRAILER!!! 0 0 0 1 0 0 0
}

mkdir -p "$(dirname "$out")"
trap 'rm -f "$out.tmp" "$out.tmp.gz"' EXIT
archive "$@" >"$out.tmp"
case $out in
*.gz) gzip -9n <"$out.tmp" >"$out.tmp.gz"; mv "$out.tmp.gz" "$out.tmp" ;;
esac
mv "$out.tmp" "$out"
echo "$out: $(($(wc -c <"$out"))) bytes"
