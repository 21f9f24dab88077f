# SPDX-License-Identifier: 0BSD
SUMMARY = "Isolated shell: own PID 1, hostname, IPC and /proc, one static binary"
DESCRIPTION = "nsbox runs a command in new Linux namespaces under a small PID 1 \
of its own; network, user, cgroup and time namespaces and a rescue root are \
Kconfig options."
LICENSE = "0BSD"
LIC_FILES_CHKSUM = "file://LICENSE;md5=4b5dc8888b9888be3f0f741cf2f58038"

# Point NSBOX_GIT at the nsbox repository (a local clone works:
# NSBOX_GIT = "/path/to/nsbox;protocol=file").
NSBOX_GIT ??= "/path/to/nsbox;protocol=file"
SRC_URI = "git://${NSBOX_GIT};branch=main"
SRCREV = "${AUTOREV}"
PV = "0.1+git"
S = "${WORKDIR}/git"
B = "${WORKDIR}/build"

# nsbox is built against musl only: set TCLIBC = "musl" (local.conf).
python () {
    if d.getVar('TCLIBC') != 'musl':
        raise bb.parse.SkipRecipe('nsbox needs TCLIBC = "musl"')
}

# cml1: do_configure runs "make oldconfig" in ${B}, do_menuconfig "make
# menuconfig" there (build.sh writes a Makefile into O=${B}).
inherit cml1
DEPENDS += "kconfig-frontends-native"

NSBOX_DEFCONFIG ??= "default_defconfig"
# Yocto strips into ${PN}-dbg itself (STRIP= keeps the symbols; an
# already-stripped binary fails QA); CC, CFLAGS, LDFLAGS come from the
# environment.
EXTRA_OEMAKE = "-C ${S} O=${B} STRIP= WERROR=0 NSBOX_VERSION=${PV} V=1"

do_configure:prepend() {
	[ -f ${B}/.config ] || oe_runmake ${NSBOX_DEFCONFIG}
}

do_install() {
	oe_runmake DESTDIR=${D} PREFIX=${prefix} install
}

FILES:${PN} += "${datadir}/bash-completion"
