# SPDX-License-Identifier: 0BSD
include $(sort $(wildcard $(BR2_EXTERNAL_NSBOX_PATH)/package/*/*.mk))
