# SPDX-License-Identifier: 0BSD
# The Kbuild-style front door: every target is ./build.sh TARGET, the one
# implementation. Variables given on the command line or in the
# environment (CC CROSS_COMPILE ARCH CFLAGS LDFLAGS O V HOSTCC
# KCONFIG_CONFIG WERROR STRIP SSTRIP DESTDIR PREFIX NSBOX_VERSION ...)
# reach build.sh through the environment: make exports both kinds.
# A relative O= is relative to the directory make runs in (after -C), as
# in Kbuild. "make help" lists the targets.

srctree := $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))
BUILD := $(srctree)/build.sh

# One build.sh at a time: targets given together run in order
# ("make tiny_defconfig all").
.NOTPARALLEL:

all:
	@$(BUILD) build

# Listed one by one (not only as a pattern): Buildroot's kconfig-package
# looks for "olddefconfig:" in "make -pn" output to choose how to resolve.
config_targets := defconfig allnoconfig allyesconfig alldefconfig oldconfig \
	olddefconfig savedefconfig menuconfig
other_targets := clean distclean install dist completion version run test \
	initramfs bench help

$(config_targets) $(other_targets):
	@$(BUILD) $@

%_defconfig:
	@$(BUILD) $@

.PHONY: all $(config_targets) $(other_targets)
