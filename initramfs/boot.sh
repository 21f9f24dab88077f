#!/bin/sh
# SPDX-License-Identifier: 0BSD
# boot.sh: boot an initramfs under QEMU with the serial console on stdio.
#   sh initramfs/boot.sh [INITRAMFS [KERNEL-PARAMETER...]]
#   sh initramfs/boot.sh -k     print the kernel's path (fetching it) and exit
# INITRAMFS defaults to $O/initramfs.cpio.gz (./build.sh initramfs). Leave
# QEMU with Ctrl-A x. Environment:
#   KERNEL=FILE  the kernel (default: Debian's linux-image-cloud-amd64,
#                fetched once with apt-get download into $O/kernel/)
#   QEMU=qemu-system-x86_64  ACCEL=tcg (kvm if you have it)  MEM=512  SMP=2
#   CONSOLE=ttyS0  TIMEOUT=SECS (kill QEMU after that long; exit 124)
# The command line always has panic=-1 and QEMU runs with -no-reboot, so a
# panic or an exiting /init ends QEMU instead of hanging.
set -e
TOP=$(cd "$(dirname "$0")/.." && pwd)
: "${O:=$TOP/out}"
: "${QEMU:=qemu-system-x86_64}" "${ACCEL:=tcg}" "${MEM:=512}" "${SMP:=2}"
: "${CONSOLE:=ttyS0}"

die() { printf 'boot.sh: %s\n' "$*" >&2; exit 1; }

# Debian's cloud kernel has virtio, the serial console and every namespace
# type built in, and boots an initramfs without modules.
fetch_kernel() {
	k=$O/kernel
	[ -f "$k/vmlinuz" ] && return 0
	command -v apt-get >/dev/null && command -v dpkg >/dev/null ||
		die "no Debian tools to fetch a kernel: set KERNEL=/path/to/bzImage"
	meta=linux-image-cloud-amd64
	pkg=$(apt-cache depends "$meta" 2>/dev/null |
		sed -n 's/^ *Depends: \(linux-image-[^ ]*\)$/\1/p' | head -n 1)
	if [ -z "$pkg" ]; then
		apt-get update -qq >/dev/null 2>&1 || true
		pkg=$(apt-cache depends "$meta" 2>/dev/null |
			sed -n 's/^ *Depends: \(linux-image-[^ ]*\)$/\1/p' | head -n 1)
	fi
	[ -n "$pkg" ] || die "apt-cache knows no $meta: set KERNEL=/path/to/bzImage"
	echo "boot.sh: fetching $pkg into $k" >&2
	rm -rf "$k/tmp" && mkdir -p "$k/tmp"
	(cd "$k/tmp" && apt-get download -o APT::Sandbox::User=root "$pkg" \
		>/dev/null && dpkg -x ./*.deb x) || die "apt-get download $pkg failed"
	set -- "$k"/tmp/x/boot/vmlinuz-*
	[ -f "$1" ] || die "$pkg has no boot/vmlinuz-*"
	cp "$k"/tmp/x/boot/config-* "$k/config" 2>/dev/null || true
	echo "$pkg ${1##*/vmlinuz-}" >"$k/version"
	mv "$1" "$k/vmlinuz"
	rm -rf "$k/tmp"
}

if [ -z "$KERNEL" ]; then
	fetch_kernel
	KERNEL=$O/kernel/vmlinuz
fi
[ -f "$KERNEL" ] || die "$KERNEL: no such kernel"
if [ "$1" = -k ]; then
	echo "$KERNEL"
	exit 0
fi

initrd=${1:-$O/initramfs.cpio.gz}
[ $# -gt 0 ] && shift
[ -f "$initrd" ] || die "$initrd: no such initramfs (./build.sh initramfs)"
command -v "$QEMU" >/dev/null ||
	die "$QEMU is missing (Debian: apt-get install qemu-system-x86)"

set -- "$QEMU" -accel "$ACCEL" -m "$MEM" -smp "$SMP" \
	-nodefaults -no-user-config -display none -no-reboot \
	-serial mon:stdio -kernel "$KERNEL" -initrd "$initrd" \
	-append "console=$CONSOLE panic=-1 $*"
if [ -n "$TIMEOUT" ]; then
	exec timeout -k 5 "$TIMEOUT" "$@"
fi
exec "$@"
