#!/bin/sh
# SPDX-License-Identifier: 0BSD
# boot.sh: boot an initramfs under QEMU with the serial console on stdio.
#   sh initramfs/boot.sh [INITRAMFS [KERNEL-PARAMETER...]]
#   sh initramfs/boot.sh -k     print the kernel's path (fetching it) and exit
# INITRAMFS defaults to $O/initramfs.cpio.gz (./build.sh initramfs). Leave
# QEMU with Ctrl-A x. Environment:
#   ARCH=x86_64|aarch64|armhf|riscv64  the machine (default: this one's):
#                QEMU, machine, console and Debian kernel to match
#   KVER=6.1|5.10|6.12  Debian's kernel of that series (bookworm, bullseye,
#                trixie; default 6.12 on riscv64, else 6.1), fetched once
#                with tools/deb.sh into $O/kernel/ARCH-KVER/
#   KERNEL=FILE  another kernel instead
#   QEMU=qemu-system-...  MACHINE="-M virt ..."  CONSOLE=ttyAMA0 (the
#                arch's defaults)  ACCEL=tcg (kvm if you have it)
#   MEM=512  SMP=2  TIMEOUT=SECS (kill QEMU after that long; exit 124)
# The command line always has panic=-1 and QEMU runs with -no-reboot, so a
# panic or an exiting /init ends QEMU instead of hanging.
set -e
TOP=$(cd "$(dirname "$0")/.." && pwd)
: "${O:=$TOP/out}"
if [ -z "$ARCH" ]; then
	case $(uname -m) in
	aarch64) ARCH=aarch64 ;;
	armv7*|armv8l) ARCH=armhf ;;
	*) ARCH=$(uname -m) ;;
	esac
fi
# Per arch: Debian's architecture and kernel metapackage (the cloud
# flavours have virtio, the serial console and every namespace type built
# in, and boot an initramfs without modules; armhf's LPAE one needs no
# highmem=off), QEMU, machine, console, qemu package.
case $ARCH in
x86_64|amd64) ARCH=x86_64 deb=amd64 meta=linux-image-cloud-amd64
	q=qemu-system-x86_64 m= c=ttyS0 qpkg=qemu-system-x86 ;;
aarch64|arm64) ARCH=aarch64 deb=arm64 meta=linux-image-cloud-arm64
	q=qemu-system-aarch64 m="-M virt -cpu cortex-a57" c=ttyAMA0
	qpkg=qemu-system-arm ;;
armhf|arm) ARCH=armhf deb=armhf meta=linux-image-armmp-lpae
	q=qemu-system-arm m="-M virt -cpu cortex-a15" c=ttyAMA0
	qpkg=qemu-system-arm ;;
riscv64) deb=riscv64 meta=linux-image-riscv64
	q=qemu-system-riscv64 m="-M virt -bios default" c=ttyS0
	qpkg=qemu-system-misc ;;
*) echo "boot.sh: ARCH=$ARCH: not one of x86_64 aarch64 armhf riscv64" >&2
	exit 1 ;;
esac
[ $deb = riscv64 ] && : "${KVER:=6.12}"
: "${KVER:=6.1}"
case $KVER in
5.10) suite=bullseye ;;
6.1) suite=bookworm ;;
6.12) suite=trixie ;;
*) echo "boot.sh: KVER=$KVER: not one of 5.10 6.1 6.12" >&2; exit 1 ;;
esac
: "${QEMU:=$q}" "${MACHINE=$m}" "${CONSOLE:=$c}"
: "${ACCEL:=tcg}" "${MEM:=512}" "${SMP:=2}"

die() { printf 'boot.sh: %s\n' "$*" >&2; exit 1; }

# Debian's kernel of the series, from the package the metapackage depends
# on, cached with its config and version.
fetch_kernel() {
	k=$O/kernel/$ARCH-$KVER
	[ -f "$k/vmlinuz" ] && return 0
	pkg=$(sh "$TOP/tools/deb.sh" -d $suite $deb $meta) ||
		die "no $meta in $suite ($deb): set KERNEL=/path/to/kernel"
	echo "boot.sh: fetching $pkg ($suite $deb) into $k" >&2
	rm -rf "$k/tmp"
	sh "$TOP/tools/deb.sh" $suite $deb "$pkg" "$k/tmp" ||
		die "fetching $pkg failed: set KERNEL=/path/to/kernel"
	set -- "$k"/tmp/boot/vmlinu[xz]-*
	[ -f "$1" ] || die "$pkg has no boot/vmlinuz-*"
	cp "$k"/tmp/boot/config-* "$k/config" 2>/dev/null || true
	echo "$pkg ${1##*/vmlinu?-}" >"$k/version"
	mv "$1" "$k/vmlinuz"
	rm -rf "$k/tmp"
}

if [ -z "$KERNEL" ]; then
	fetch_kernel
	KERNEL=$O/kernel/$ARCH-$KVER/vmlinuz
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
	die "$QEMU is missing (Debian: apt-get install $qpkg)"

# shellcheck disable=SC2086
set -- "$QEMU" $MACHINE -accel "$ACCEL" -m "$MEM" -smp "$SMP" \
	-nodefaults -no-user-config -display none -no-reboot \
	-serial mon:stdio -kernel "$KERNEL" -initrd "$initrd" \
	-append "console=$CONSOLE panic=-1 $*"
if [ -n "$TIMEOUT" ]; then
	exec timeout -k 5 "$TIMEOUT" "$@"
fi
exec "$@"
