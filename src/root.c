/* SPDX-License-Identifier: 0BSD */
/* root.c: -R DIR, the rescue root. Inside the new mount and PID namespaces,
 * DIR gets a fresh /proc, /sys, /dev, /dev/pts, /dev/shm, /run, /tmp and
 * the host's resolv.conf, then becomes / (pivot_root, or MS_MOVE + chroot
 * on the initramfs rootfs). Every mount lives and dies with the namespace:
 * nothing to undo on the host, nothing to leak (arch-install-scripts#6,#15).
 * See pivot_root(2), mount(2), mount_namespaces(7). Linux 3.8+. */
#include "nsbox.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>

#define NOSUIDEVEXEC (MS_NOSUID | MS_NODEV | MS_NOEXEC)

static char *at(const char *rel);

/* Does DIR/rel exist, as a file or as a symlink (dangling or absolute:
 * an absolute link in the root points into the root, not the host)? */
static int has(const char *rel)
{
	char c;
	const char *p = at(rel);

	return readlink(p, &c, 1) >= 0 || !access(p, F_OK);
}

/* Parent side: refuse a bad DIR or a root without a shell before anything
 * exists, and pick the root's own shell. */
void root_check(char **shell)
{
	static char abs[PATH_MAX];
	unsigned i;
	int fd = sys_open(o.root, O_PATH | O_DIRECTORY | O_CLOEXEC, 0);

	if (fd < 0)
		die_sys(errno, 0, "--root ", o.root);
	close(fd);
	/* Mounts made inside must never propagate back to the host. */
	if (!(o.propagation & (MS_PRIVATE | MS_SLAVE)))
		die("--root needs --propagation private or slave");
	/* A relative DIR must become absolute: once DIR is mounted on
	 * itself, "." would still name the directory under that mount. */
	if (*o.root != '/') {
		size_t n;

		if (syscall(SYS_getcwd, abs, sizeof(abs) - 1) < 0)
			die_sys(errno, 0, "getcwd");
		n = strlen(abs);
		if (n + 2 + strlen(o.root) > sizeof(abs))
			die("--root ", o.root, ": path too long");
		abs[n] = '/';
		memcpy(abs + n + 1, o.root, strlen(o.root) + 1);
		o.root = abs;
	}
	if (shell) {
		const char *sh = *shell;

		if (!has(sh))
			sh = "/bin/sh";
		if (!has(sh))
			die("--root ", o.root, ": no shell to run (neither ",
			    *shell, " nor /bin/sh in it)");
		*shell = (char *)sh;
	}
	for (i = 0; i < o.nbinds; i++)
		if (o.binds[i].src && access(o.binds[i].src, F_OK))
			die_sys(errno, 0, "--bind ", o.binds[i].src);
}

/* --bind SRC[:DST], --ro-bind SRC[:DST], --tmpfs DIR */
void root_bind(int kind, char *arg)
{
	struct bind *b = &o.binds[o.nbinds];
	char *colon = strchr(arg, ':');

	if (o.nbinds >= sizeof(o.binds) / sizeof(*o.binds))
		die(arg, ": too many --bind, --ro-bind and --tmpfs");
	o.nbinds++;
	b->kind = kind;
	b->dst = arg;
	if (kind != BIND_TMPFS) {
		b->src = arg;
		if (colon) {
			*colon = 0;
			b->dst = colon + 1;
		}
	}
}

/* DIR/rel, in one of two buffers so that a source and a target can be
 * built at once. */
static char *at(const char *rel)
{
	static char buf[2][PATH_MAX];
	static unsigned i;
	char *b = buf[i++ & 1];
	size_t n = strlen(o.root);

	while (*rel == '/')
		rel++;
	if (n + 2 + strlen(rel) > PATH_MAX)
		die(o.root, "/", rel, ": path too long");
	memcpy(b, o.root, n);
	b[n] = '/';
	memcpy(b + n + 1, rel, strlen(rel) + 1);
	return b;
}

/* Mount on DIR/rel. A standard mount point the root lacks (skip != 0) is
 * skipped with a warning: a damaged root may have lost its /run. */
static int mnt(const char *src, const char *rel, const char *type,
	       unsigned long fl, const char *data, int skip)
{
	const char *dst = at(rel);

	if (!mount(src, dst, type, fl, data)) {
		if (CFG_VERBOSE && o.verbose)
			say(2, "nsbox: root: ", type ? type : src, " on ", dst,
			    fl & MS_RDONLY ? " (ro)" : "", (char *)0);
		return 0;
	}
	if (skip && errno == ENOENT && access(dst, F_OK)) {
		say(2, "nsbox: ", dst, ": missing, nothing mounted there",
		    (char *)0);
		return -1;
	}
	die_sys(errno, 0, "mount ", type ? type : src, " on ", dst);
}

/* Make a bind mount read-only, keeping nosuid/nodev/noexec (statfs(2)
 * f_flags, Linux 2.6.36+, shares MS_* values). */
static void make_ro(const char *rel)
{
	struct statfs sf;
	const char *dst = at(rel);
	unsigned long keep = statfs(dst, &sf) ? 0 : sf.f_flags & NOSUIDEVEXEC;

	if (mount(0, dst, 0, MS_BIND | MS_REMOUNT | MS_RDONLY | keep, 0))
		die_sys(errno, 0, "remount read-only ", dst);
}

/* /dev. devtmpfs is deliberately never mounted: it is one kernel-wide
 * instance, so a "fresh" devtmpfs is the host's /dev all the same (a
 * mknod or rm inside changes the host's), minus udev's /dev/disk/by-*
 * links that grub-probe and update-initramfs resolve the root through,
 * and minus /dev/fd, which we could not add without writing into the
 * host's /dev. So --dev host (the default) binds the host's /dev, as
 * the rescue job needs its disks; --dev min is a tmpfs with only the
 * standard nodes bound in, where nothing done inside reaches the host. */
static void dev_setup(void)
{
	static const char nodes[] =
		"/dev/null\0/dev/zero\0/dev/full\0/dev/random\0"
		"/dev/urandom\0/dev/tty\0";
	static const char links[] =
		"/proc/self/fd\0dev/fd\0/proc/self/fd/0\0dev/stdin\0"
		"/proc/self/fd/1\0dev/stdout\0/proc/self/fd/2\0dev/stderr\0";
	const char *p;

	if (o.dev == DEV_HOST) {
		if (mnt("/dev", "dev", 0, MS_BIND, 0, 1))
			return;
	} else {
		if (mnt("tmpfs", "dev", "tmpfs", MS_NOSUID | MS_NOEXEC,
			"mode=0755", 1))
			return;
		for (p = nodes; *p; p += strlen(p) + 1) {
			close(sys_open(at(p), O_CREAT | O_WRONLY | O_CLOEXEC,
				   0666));
			mnt(p, p, 0, MS_BIND, 0, 0);
		}
		for (p = links; *p; p += strlen(p) + 1) {
			const char *name = p + strlen(p) + 1;

			(void)!symlink(p, at(name));
			p = name;
		}
		mkdir(at("dev/pts"), 0755);
		mkdir(at("dev/shm"), 01777);
		close(sys_open(at("dev/ptmx"), O_CREAT | O_WRONLY | O_CLOEXEC,
			   0666));
	}
	/* A devpts of our own: the host's ptys stay out of sight, and
	 * /dev/ptmx must lead to this instance (Linux 4.7+ always makes a
	 * new instance; "newinstance" asks for it on older kernels). */
	if (!mnt("devpts", "dev/pts", "devpts", MS_NOSUID | MS_NOEXEC,
		 "newinstance,ptmxmode=0666,mode=0620,gid=5", 1))
		mnt(at("dev/pts/ptmx"), "dev/ptmx", 0, MS_BIND, 0, 1);
	mnt("tmpfs", "dev/shm", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777", 1);
}

/* The host's resolv.conf, read-only, over the root's one. When the root's
 * is a symlink (systemd-resolved: ../run/systemd/resolve/stub-resolv.conf)
 * resolve it inside the root ourselves, since the kernel would resolve an
 * absolute link against the host's /; a target on our fresh /run tmpfs is
 * created, nothing is ever created on the root's disk. */
static void resolv(void)
{
	static char link[PATH_MAX];
	const char *rel = "etc/resolv.conf";
	char *dst = at(rel), *p;
	ssize_t n = readlink(dst, link + 4, sizeof(link) - 5);

	if ((n < 0 && access(dst, F_OK)) || access("/etc/resolv.conf", F_OK))
		return;
	if (n > 0) {
		link[n + 4] = 0;
		rel = link + 4;
		if (*rel != '/')
			memcpy(link, "etc/", 4), rel = link;
		dst = at(rel);
		if (!o.no_tmp && access(dst, F_OK) &&
		    (!strncmp(link + 4, "/run/", 5) ||
		     !strncmp(link + 4, "../run/", 7))) {
			p = dst + strlen(o.root) + 1;
			for (; (p = strchr(p, '/')); *p++ = '/') {
				*p = 0;		/* mkdir -p */
				mkdir(dst, 0755);
			}
			close(sys_open(dst, O_CREAT | O_WRONLY | O_CLOEXEC, 0644));
		}
	}
	if (mount("/etc/resolv.conf", dst, 0, MS_BIND, 0)) {
		say(2, "nsbox: ", dst, ": resolv.conf not bound there",
		    (char *)0);
		return;
	}
	make_ro(rel);
}

/* Make DIR the root. pivot_root(".", ".") stacks the old root on top of
 * the new one, and detaching it leaves only DIR (no put_old directory to
 * create in the user's root). pivot_root(2) fails with EINVAL when / is
 * the initramfs rootfs, which cannot be unmounted (bubblewrap#592,
 * crun#1507), and in a chroot or below a shared mount: then move DIR over
 * / and chroot into it, as switch_root does. */
static void root_switch(void)
{
	const char *how = "pivot_root";

	if (chdir(o.root))
		die_sys(errno, 0, "chdir ", o.root);
	if (!sys_pivot_root(".", ".")) {
		if (umount2(".", MNT_DETACH))
			die_sys(errno, 0, "detach the old root");
	} else if (errno == EINVAL) {
		if (mount(".", "/", 0, MS_MOVE, 0))
			die_sys(errno, 0, "move ", o.root, " to /");
		if (chroot("."))
			die_sys(errno, 0, "chroot ", o.root);
		how = "MS_MOVE + chroot (pivot_root: Invalid argument: "
		      "/ is the initramfs rootfs?)";
	} else {
		die_sys(errno, 0, "pivot_root ", o.root);
	}
	if (chdir("/"))
		die_sys(errno, 0, "chdir /");
	if (CFG_VERBOSE && o.verbose)
		say(2, "nsbox: root: switched with ", how, (char *)0);
}

/* A missing mount point of --bind, --ro-bind or --tmpfs is created, one
 * level deep, as a directory or, for a file, an empty file. */
static void mkpoint(const struct bind *b)
{
	const char *dst = at(b->dst);
	int fd;

	if (!access(dst, F_OK))
		return;
	fd = b->src ? sys_open(b->src, O_PATH | O_DIRECTORY | O_CLOEXEC, 0) : -1;
	if (b->src && fd < 0)
		fd = sys_open(dst, O_CREAT | O_WRONLY | O_CLOEXEC, 0644);
	else
		mkdir(dst, 0755);
	if (fd >= 0)
		close(fd);
}

void root_setup(void)
{
	struct bind *b;

	/* DIR becomes a mount of its own, as pivot_root needs; MS_REC
	 * brings along what is mounted below it (/mnt/boot/efi). */
	mnt(o.root, "", 0, MS_BIND | MS_REC, 0, 0);
	if (!o.no_proc)
		mnt("proc", o.proc_dir ? o.proc_dir : "/proc", "proc",
		    NOSUIDEVEXEC, 0, 1);
	if (CFG_ROOT_SYS && o.sys != SYS_NONE) {
		unsigned long ro = o.sys == SYS_RO ? MS_RDONLY : 0;

		/* grub-install on EFI needs the efivars under /sys. */
		if (!mnt("sysfs", "sys", "sysfs", NOSUIDEVEXEC | ro, 0, 1) &&
		    !access(at("sys/firmware/efi/efivars"), F_OK))
			mount("efivarfs", at("sys/firmware/efi/efivars"),
			      "efivarfs", NOSUIDEVEXEC | ro, 0);
	}
	if (CFG_ROOT_DEV && o.dev != DEV_NONE)
		dev_setup();
	if (!o.no_tmp) {
		mnt("tmpfs", "run", "tmpfs", MS_NOSUID | MS_NODEV,
		    "mode=0755", 1);
		mnt("tmpfs", "tmp", "tmpfs", MS_NOSUID | MS_NODEV,
		    "mode=1777", 1);
	}
	if (!o.no_resolv)
		resolv();
	/* The user's mounts last, so they may land on /tmp, /run or /dev.
	 * --ro-bind is not recursive: nothing writable may hide below a
	 * read-only tree. */
	for (b = o.binds; CFG_ROOT_BIND && b < o.binds + o.nbinds; b++) {
		mkpoint(b);
		if (b->kind == BIND_TMPFS) {
			mnt("tmpfs", b->dst, "tmpfs", MS_NOSUID | MS_NODEV,
			    "mode=0755", 0);
			continue;
		}
		mnt(b->src, b->dst, 0,
		    MS_BIND | (b->kind == BIND_RW ? MS_REC : 0), 0, 0);
		if (b->kind == BIND_RO)
			make_ro(b->dst);
	}
	root_switch();
}
