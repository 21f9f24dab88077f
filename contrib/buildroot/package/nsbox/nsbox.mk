################################################################################
#
# nsbox
#
################################################################################
# SPDX-License-Identifier: 0BSD

# The source is the nsbox checkout that holds this BR2_EXTERNAL tree
# (contrib/buildroot); its version is build.sh's (git describe or VERSION).
NSBOX_SITE = $(BR2_EXTERNAL_NSBOX_PATH)/../..
NSBOX_SITE_METHOD = local
NSBOX_VERSION = $(shell $(NSBOX_SITE)/build.sh version)
NSBOX_LICENSE = 0BSD
NSBOX_LICENSE_FILES = LICENSE

ifneq ($(call qstrip,$(BR2_PACKAGE_NSBOX_CUSTOM_CONFIG_FILE)),)
NSBOX_KCONFIG_FILE = $(call qstrip,$(BR2_PACKAGE_NSBOX_CUSTOM_CONFIG_FILE))
else
NSBOX_KCONFIG_DEFCONFIG = $(call qstrip,$(BR2_PACKAGE_NSBOX_DEFCONFIG))_defconfig
endif
# Everything nsbox writes, its .config included, goes to build/ (O=).
# nsbox's savedefconfig writes build/defconfig, not the defconfig
# Buildroot's nsbox-update-defconfig copies: use nsbox-update-config
# (a full .config, which is what configs/*_defconfig are anyway).
NSBOX_KCONFIG_DOTCONFIG = build/.config
NSBOX_KCONFIG_OPTS = O=$(NSBOX_DIR)/build
NSBOX_KCONFIG_SUPPORTS_DEFCONFIG = NO

# Buildroot strips the target itself (STRIP from TARGET_CONFIGURE_OPTS is
# run on the binary instead of -s and sstrip); warnings of another
# compiler version must not fail the build.
NSBOX_MAKE_OPTS = $(TARGET_CONFIGURE_OPTS) O=$(NSBOX_DIR)/build WERROR=0 \
	NSBOX_VERSION=$(NSBOX_VERSION)

define NSBOX_BUILD_CMDS
	$(TARGET_MAKE_ENV) $(MAKE) -C $(@D) $(NSBOX_MAKE_OPTS)
endef

define NSBOX_INSTALL_TARGET_CMDS
	$(TARGET_MAKE_ENV) $(MAKE) -C $(@D) $(NSBOX_MAKE_OPTS) \
		DESTDIR=$(TARGET_DIR) PREFIX=/usr install
endef

# kconfig-package: generic-package plus the .config handling.
$(eval $(kconfig-package))
