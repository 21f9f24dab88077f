#!/bin/bash
# SPDX-License-Identifier: 0BSD
# dracut module: nsbox in the initramfs as /usr/bin/nsbox, for an isolated
# shell at any break point (rd.break=pre-mount, then: nsbox). See README.
# NSBOX=PATH installs that build instead of the nsbox on PATH.

# Included whenever nsbox is installed (0), not only on request (255).
check() {
	require_binaries "${NSBOX:-nsbox}" || return 1
	return 0
}

depends() {
	return 0
}

install() {
	inst_binary "${NSBOX:-$(command -v nsbox)}" /usr/bin/nsbox
}
