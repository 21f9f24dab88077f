# SPDX-License-Identifier: 0BSD
# The distribution initramfs generators with contrib/'s hook and module,
# booted under QEMU. Sourced by tests/run.sh after the VM stage (harness,
# $OUT, $TOP available).
# Debian's initramfs-tools-core and dracut-core cannot be installed side by
# side with a kernel on a CI machine without touching it (they pull udev
# and a systemd upgrade; the full packages conflict), so their .debs, the
# current cloud kernel's linux-image package (its vmlinuz and the modules
# of that very build) and kmod/udev are fetched with apt-get download and
# unpacked into out/distro/root (once). Each generator then runs in a
# private mount namespace where an overlay puts that tree over /usr: the
# host's /usr, /lib/modules and /boot are never written.
# - mkinitramfs -d CONFDIR (contrib/initramfs-tools/hooks/nsbox, MODULES=list
#   with overlay), booted with break=premount;
# - dracut -m "base rootfs-block kernel-modules nsbox" (contrib/dracut),
#   booted with rd.break=pre-mount (root=/dev/ram0 from brd, so that the
#   initqueue finishes and pre-mount is reached);
# each time, once the shell's prompt shows, the test types: load the
# overlay module (the modules match the kernel), run nsbox with a
# hostname of this run, power off. One boot each, bounded by
# NSBOX_TEST_DISTRO_TIMEOUT (240 s). Under software emulation the dracut
# image takes 40-60 s to reach its shell (udev's coldplug and settle, the
# initqueue), mkinitramfs's 10-20 s; on a machine busy with other work
# dracut has needed more than 150 s.
D=$TOP/out/distro
: "${NSBOX_TEST_DISTRO_TIMEOUT:=240}"

# distro_fetch: $D/root (the unpacked packages), $D/kver.
distro_fetch() {
	meta=linux-image-cloud-amd64
	kpkg=$(apt-cache depends "$meta" 2>/dev/null |
		sed -n 's/^ *Depends: \(linux-image-[^ ]*\)$/\1/p' | head -n 1)
	[ -n "$kpkg" ] || { echo "apt-cache knows no $meta"; return 1; }
	kver=${kpkg#linux-image-}
	[ -f "$D/root.ok" ] && [ "$(cat "$D/root.ok")" = "$kver" ] && return 0
	rm -rf "$D/debs" "$D/root" "$D/root.ok"
	mkdir -p "$D/debs" "$D/root"
	set -- "$kpkg" initramfs-tools-core klibc-utils libklibc dracut-core \
		kmod udev libsystemd-shared
	(cd "$D/debs" && { apt-get download -o APT::Sandbox::User=root "$@" \
		>/dev/null 2>&1 || { apt-get update -qq >/dev/null 2>&1
		apt-get download -o APT::Sandbox::User=root "$@" >/dev/null; }; }) ||
		{ echo "apt-get download $* failed"; return 1; }
	for f in "$D"/debs/*.deb; do dpkg -x "$f" "$D/root" || return 1; done
	# Merged /usr, as on the host: the overlay goes over /usr only.
	for d in bin sbin lib; do
		[ -d "$D/root/$d" ] || continue
		mkdir -p "$D/root/usr/$d" && cp -a "$D/root/$d/." "$D/root/usr/$d/" &&
			rm -rf "${D:?}/root/$d" || return 1
	done
	# What the package's postinst would do: modules.dep for that kernel.
	ln -sf "$D/root/usr/bin/kmod" "$D/depmod"
	"$D/depmod" -b "$D/root/usr" "$kver" || return 1
	# udev is there for dracut; its initramfs-tools hook wants the host's
	# /etc/udev, which an unpacked package does not have.
	rm -f "$D"/root/usr/share/initramfs-tools/hooks/udev \
		"$D"/root/usr/share/initramfs-tools/scripts/*/udev
	echo "$kver" >"$D/root.ok"
}

# distro_ns CMD: CMD (sh -c) where the unpacked packages overlay /usr and
# their /boot (the kernel's config, which mkinitramfs reads) is /boot.
distro_ns() {
	unshare -m sh -c "mount -t overlay nsbox-distro \
		-o lowerdir=$D/root/usr:/usr /usr &&
		mount --bind $D/root/boot /boot && $1"
}

# distro_boot IMAGE PROMPT KERNEL-PARAMETER...: boot IMAGE, wait for the
# shell's PROMPT, type the check, print the console (CRs dropped).
distro_boot() {
	img=$1 prompt=$2; shift 2
	b=$D/boot.$$
	rm -f "$b.in" "$b.log" && mkfifo "$b.in" || return 1
	exec 7<>"$b.in"		# a writer first, so QEMU's open does not block
	KERNEL=$D/root/boot/vmlinuz-$kver TIMEOUT=$NSBOX_TEST_DISTRO_TIMEOUT \
		sh "$TOP/initramfs/boot.sh" "$img" quiet no_timer_check "$@" \
		<"$b.in" >"$b.log" 2>&1 &
	qp=$!
	while ! grep -q -F "$prompt" "$b.log" && kill -0 $qp 2>/dev/null; do
		sleep 0.2
	done
	printf '%s\n' "modprobe overlay && echo overlay-loaded; nsbox -H $marker sh -c 'cat /proc/sys/kernel/hostname; echo \$\$'; echo o >/proc/sysrq-trigger" >&7
	wait $qp
	exec 7>&-
	tr -d '\r' <"$b.log" >"$img.console"
	rm -f "$b.in" "$b.log"
	grep -q -x "$marker" "$img.console" ||
		{ echo "console ($img.console), its end:"; tail -n 8 "$img.console"; } >&2
	grep -x -e overlay-loaded -e "$marker" -e 2 "$img.console"
}

distro_mkinitramfs() {
	c=$D/conf
	rm -rf "$c" && mkdir -p "$c/hooks" &&
	cp -a "$D/root/etc/initramfs-tools/." "$c/" &&
	cp "$TOP/contrib/initramfs-tools/hooks/nsbox" "$c/hooks/" &&
	sed -i 's/^MODULES=.*/MODULES=list/; s/^BUSYBOX=.*/BUSYBOX=y/; s/^COMPRESS=.*/COMPRESS=gzip/' \
		"$c/initramfs.conf" &&
	echo overlay >"$c/modules" &&
	distro_ns "NSBOX=$OUT/default/nsbox mkinitramfs -d $c -o $D/mkinitramfs.img $kver" \
		>"$D/mkinitramfs.log" 2>&1 &&
	gzip -dc "$D/mkinitramfs.img" | cpio -it 2>/dev/null | grep -x 'usr/bin/nsbox' &&
	# initramfs-tools opens no shell when panic= is set (boot.sh sets
	# panic=-1 for the kernel): an empty panic= after it clears it for
	# the init script; the kernel keeps -1 (it rejects the empty value).
	distro_boot "$D/mkinitramfs.img" '(initramfs) ' break=premount panic=
}

distro_dracut() {
	rm -rf "$D/root/usr/lib/dracut/modules.d/90nsbox" &&
	cp -r "$TOP/contrib/dracut/90nsbox" "$D/root/usr/lib/dracut/modules.d/" &&
	distro_ns "NSBOX=$OUT/default/nsbox dracut --force --no-hostonly \
		--no-early-microcode --gzip --tmpdir $D --kver $kver \
		-m 'base rootfs-block kernel-modules nsbox' --drivers 'brd overlay' \
		$D/dracut.img" >"$D/dracut.log" 2>&1 &&
	gzip -dc "$D/dracut.img" | cpio -it 2>/dev/null | grep -x 'usr/bin/nsbox' &&
	distro_boot "$D/dracut.img" 'pre-mount:/# ' \
		rd.driver.pre=brd root=/dev/ram0 rd.break=pre-mount
}

optional PID_NS UTS_NS HOSTNAME
needroot
needcmd qemu-system-x86_64 apt-get dpkg unshare cpio gzip
[ "$(uname -m)" = x86_64 ] || SKIP_ENV="amd64 packages on $(uname -m)"
marker=nsbox-distro-$$
CONFIG=$OUT/default/.config
if skipped "[distro] Debian initramfs generators"; then :
elif ! mkdir -p "$D" || ! why=$(distro_fetch); then
	_result FAIL "[distro] fetching the packages" "$why"
else
	kver=$(cat "$D/root.ok")
	testing "initramfs-tools: mkinitramfs with contrib's hook; break=premount shell runs nsbox" \
		"distro_mkinitramfs" "usr/bin/nsbox\noverlay-loaded\n$marker\n2\n"
	testing "dracut: dracut with contrib's module; rd.break=pre-mount shell runs nsbox" \
		"distro_dracut" "usr/bin/nsbox\noverlay-loaded\n$marker\n2\n"
fi
optional
