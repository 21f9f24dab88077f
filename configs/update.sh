#!/bin/sh
# SPDX-License-Identifier: 0BSD
# Re-resolve the shipped defconfigs after Kconfig changed (needs kconfig-conf):
# default takes new symbols at their defaults, tiny keeps what it had and
# takes every new symbol as "n", full takes everything.
set -e
cd "$(dirname "$0")/.."
KCONFIG_CONFIG=configs/default_defconfig kconfig-conf -s --olddefconfig Kconfig
cp configs/tiny_defconfig /tmp/nsbox-tiny.$$
KCONFIG_ALLCONFIG=/tmp/nsbox-tiny.$$ KCONFIG_CONFIG=configs/tiny_defconfig \
	kconfig-conf -s --allnoconfig Kconfig
rm -f /tmp/nsbox-tiny.$$
KCONFIG_CONFIG=configs/full_defconfig kconfig-conf -s --allyesconfig Kconfig
for f in configs/*_defconfig; do rm -f "$f.old"; done
git diff --stat -- configs 2>/dev/null || true
