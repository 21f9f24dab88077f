/* SPDX-License-Identifier: 0BSD */
/* root.c: -R DIR, the rescue root. Inside the new mount and PID namespaces,
 * DIR gets a fresh /proc, /sys, /dev, /dev/pts, /dev/shm, /run, /tmp and
 * the host's resolv.conf, then becomes / (pivot_root, or MS_MOVE + chroot
 * on the initramfs rootfs). Every mount lives and dies with the namespace:
 * nothing to undo on the host, nothing to leak (arch-install-scripts#6,#15).
 * DIR's contents are hostile (the disk of a compromised system): every path
 * in it is resolved in one place, resolve(), as DIR's own processes would
 * see it, and mounts go onto the file descriptor that comes out, so nothing
 * is created or mounted outside DIR. See openat2(2), pivot_root(2),
 * mount(2), mount_namespaces(7). Linux 3.8+; openat2 5.6+. */
#include "nsbox.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>

#define NOSUIDEVEXEC (MS_NOSUID | MS_NODEV | MS_NOEXEC)
/* mnt(): a missing mount point is skipped with a warning (SKIP) or
 * silently (QUIET); a failed mount is returned, not fatal (TRY). */
enum { SKIP = 1, QUIET = 2, TRY = 4 };

static int root_fd = -1;	/* DIR, the "/" of every resolve() */
static struct stat root_st;
static dev_t run_dev;		/* the tmpfs nsbox mounted on /run */
static int proc_fd = -1;	/* a proc: the host's, then our own */
static int cwd_fd = -1;		/* the caller's: relative --bind sources */

static int is_root(int fd)
{
	struct stat st;

	return !sys_fstat(fd, &st) && st.st_dev == root_st.st_dev &&
	       st.st_ino == root_st.st_ino;
}

static int fail(int fd, int err)
{
	if (fd >= 0)
		close(fd);
	errno = err;
	return -1;
}

/* The fallback of resolve() for kernels before openat2: one component at
 * a time with O_PATH | O_NOFOLLOW, following symlinks ourselves with DIR
 * as "/" (their text only: a "magic" /proc link is just a string here),
 * ".." stopping at DIR, at most 40 links (ELOOP), as path_resolution(7). */
static int walk(const char *path)
{
	char p[PATH_MAX], l[PATH_MAX], *name, *rest = p;
	int fd, next, links = 0;
	struct stat st;
	ssize_t n;

	if (strlen(path) >= sizeof(p))
		return fail(-1, ENAMETOOLONG);
	memcpy(p, path, strlen(path) + 1);
	fd = sys_openat(root_fd, ".", O_PATH | O_CLOEXEC, 0);
	while (fd >= 0) {
		if (*rest == '/') {	/* absolute: from DIR */
			close(fd);
			fd = sys_openat(root_fd, ".", O_PATH | O_CLOEXEC, 0);
		}
		while (*rest == '/')
			rest++;
		if (!*rest || fd < 0)
			return fd;
		name = rest;
		while (*rest && *rest != '/')
			rest++;
		if (*rest)
			*rest++ = 0;
		if (!strcmp(name, ".") || (!strcmp(name, "..") && is_root(fd)))
			continue;
		next = sys_openat(fd, name, O_PATH | O_NOFOLLOW | O_CLOEXEC, 0);
		if (next < 0 || sys_fstat(next, &st))
			return fail(fd, errno);
		if (!S_ISLNK(st.st_mode)) {
			close(fd);
			fd = next;
			continue;
		}
		/* DIR/a/link/rest -> DIR/a/TARGET/rest, fd staying on DIR/a */
		n = syscall(SYS_readlinkat, next, "", l, sizeof(l) - 1);
		close(next);
		if (n <= 0 || ++links > 40 || n + 2 + strlen(rest) > sizeof(l))
			return fail(fd, n < 0 ? errno : links > 40 ? ELOOP :
				    n ? ENAMETOOLONG : ENOENT);
		l[n] = '/';
		memcpy(l + n + 1, rest, strlen(rest) + 1);
		memcpy(p, l, n + 2 + strlen(rest));
		rest = p;
	}
	return -1;
}

/* The one place a path inside the root is resolved: an O_PATH descriptor
 * of what PATH names when DIR is "/" (absolute and relative symlinks
 * followed inside DIR, ".." stopping at DIR), or -1 and errno. The kernel
 * does it where it can (openat2 RESOLVE_IN_ROOT, Linux 5.6+; EAGAIN when
 * a rename raced with ".."), else walk(). */
static int resolve(const char *path)
{
	struct sys_open_how how = {
		O_PATH | O_CLOEXEC, 0, RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS
	};
	int fd = -1, n = 0;

	if (CFG_ROOT_OPENAT2) {
		do
			fd = sys_openat2(root_fd, *path ? path : ".", &how);
		while (fd < 0 && errno == EAGAIN && ++n < 16);
		/* ENOSYS: before 5.6; EPERM: a seccomp filter that
		 * predates it (older Docker profiles). */
		if (fd >= 0 || (errno != ENOSYS && errno != EPERM))
			return fd;
	}
	return walk(path);
}

/* How mount(2) names what FD holds, with the working directory on a proc
 * (proc_fd): "self/fd/N". Two buffers: a source and a target. */
static const char *fdpath(int fd)
{
	static char buf[2][24];
	static unsigned i;
	char *p = buf[i++ & 1] + 20;

	*p = 0;
	do
		*--p = '0' + fd % 10;
	while (fd /= 10);
	p -= 8;
	memcpy(p, "self/fd/", 8);
	return p;
}

/* REL resolved, its last component created when it is missing: a
 * directory, or an empty file (FILE). Only ever by mkdirat(2) or
 * O_CREAT | O_EXCL | O_NOFOLLOW in a parent that resolve() found, so
 * never through a symlink (a dangling one fails with EEXIST). With ONLY,
 * missing parents too, and only on that filesystem (st_dev). */
static int make(const char *rel, int file, dev_t only)
{
	char buf[PATH_MAX], *base, *parent = buf, *q;
	struct stat st;
	size_t n = strlen(rel);
	int fd = resolve(rel), pfd;

	if (fd >= 0 || errno != ENOENT || n >= sizeof(buf))
		return fd;
	memcpy(buf, rel, n + 1);
	while (n > 1 && buf[n - 1] == '/')
		buf[--n] = 0;
	for (base = 0, q = buf; *q; q++)	/* strrchr(), ~80 bytes less */
		if (*q == '/')
			base = q;
	if (base)
		*base++ = 0;
	else
		base = buf, parent = "";
	if (!*base || !strcmp(base, ".") || !strcmp(base, ".."))
		return fail(-1, ENOENT);
	pfd = only ? make(parent, 0, only) : resolve(parent);
	if (pfd < 0)
		return -1;
	if (only && (sys_fstat(pfd, &st) || st.st_dev != only))
		return fail(pfd, EXDEV);
	fd = file ? sys_openat(pfd, base, O_CREAT | O_EXCL | O_NOFOLLOW |
			       O_WRONLY | O_CLOEXEC, 0644)
		  : mkdirat(pfd, base, 0755);
	if (fd >= 0) {
		if (file)
			close(fd);
		fd = sys_openat(pfd, base, O_PATH | O_NOFOLLOW | O_CLOEXEC, 0);
	}
	if (fd < 0)
		return fail(pfd, errno);
	close(pfd);
	return fd;
}

static const char *kind_name(unsigned kind)
{
	return kind == BIND_RW ? "--bind" : kind == BIND_RO ? "--ro-bind"
							     : "--tmpfs";
}

/* Parent side: refuse a bad DIR, a bad --bind and a root without a shell
 * before anything exists, and pick the root's own shell. */
void root_check(char **shell)
{
	static char abs[PATH_MAX];
	const struct bind *b;
	int fd;

	root_fd = sys_open(o.root, O_PATH | O_DIRECTORY | O_CLOEXEC, 0);
	if (root_fd < 0 || sys_fstat(root_fd, &root_st))
		die_sys(errno, 0, "--root ", o.root);
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

		if ((fd = resolve(sh)) < 0 && (fd = resolve(sh = "/bin/sh")) < 0)
			die("--root ", o.root, ": no shell to run (neither ",
			    *shell, " nor /bin/sh in it)");
		close(fd);
		*shell = (char *)sh;
	}
	for (b = o.binds; CFG_ROOT_BIND && b < o.binds + o.nbinds; b++) {
		if (b->src && access(b->src, F_OK))
			die_sys(errno, 0, "--bind ", b->src);
		if ((fd = resolve(b->dst)) >= 0 && is_root(fd))
			die(kind_name(b->kind), " ", b->dst,
			    ": would cover the whole root");
		if (fd >= 0)
			close(fd);
	}
	close(root_fd);
}

/* --bind SRC[:DST], --ro-bind SRC[:DST], --tmpfs DIR */
void root_bind(int kind, char *arg)
{
	struct bind *b = &o.binds[o.nbinds];
	char *colon = str_chr(arg, ':');

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
	if (!*b->dst)
		die(kind_name(kind), ": an empty path would cover the whole root");
}

/* Mount SRC on FD, which resolve() found for REL, and close FD. The
 * mount point is named by its descriptor, in a proc (Linux 2.6.39+
 * follows a "self/fd/N" link of an O_PATH descriptor to what it holds),
 * so nothing is resolved again by path. Without any proc (a chroot
 * without /proc, --no-proc) only a directory can be named: as ".". */
static int mnt_fd(const char *src, int fd, const char *rel, const char *type,
		  unsigned long fl, const char *data, int how)
{
	int e = syscall(SYS_fchdir, proc_fd >= 0 ? proc_fd : fd) ||
		mount(src, proc_fd >= 0 ? fdpath(fd) : ".", type, fl, data)
		? errno : 0;

	close(fd);
	if (CFG_VERBOSE && o.verbose && !e)
		say(2, "nsbox: root: ", type ? type : src, " on ", rel,
		    fl & MS_RDONLY ? " (ro)" : "", (char *)0);
	if (e && !(how & TRY))
		die_sys(e, proc_fd < 0 ? "no /proc to name it by" : 0,
			"mount ", type ? type : src, " on ", rel);
	return e;
}

/* Mount SRC on REL inside the root: 0, or the errno of a missing mount
 * point (SKIP, QUIET) or of a failure (TRY). */
static int mnt(const char *src, const char *rel, const char *type,
	       unsigned long fl, const char *data, int how)
{
	int fd = resolve(rel);

	if (fd >= 0)
		return mnt_fd(src, fd, rel, type, fl, data, how);
	if (!(how & (SKIP | QUIET)) || errno != ENOENT)
		die_sys(errno, 0, o.root, rel);
	if (how & SKIP)
		say(2, "nsbox: ", o.root, rel, ": missing, nothing mounted there",
		    (char *)0);
	return ENOENT;
}

/* Make the mount on REL read-only, keeping nosuid/nodev/noexec (statfs(2)
 * f_flags, Linux 2.6.36+, shares MS_* values; a user namespace may not
 * drop them). REL is resolved again: the new mount is on top now. */
static void make_ro(const char *rel)
{
	struct statfs sf;
	int fd = resolve(rel);
	unsigned long keep = fd < 0 || sys_fstatfs(fd, &sf) ? 0
			     : sf.f_flags & NOSUIDEVEXEC;

	if (fd < 0 || mnt_fd(0, fd, rel, 0, MS_BIND | MS_REMOUNT |
					 MS_RDONLY | keep, 0, TRY))
		die_sys(errno, 0, "remount read-only ", rel);
}

/* A fresh proc, which from now on also names descriptors (a chroot may
 * have no /proc of its own). */
static void mount_proc(void)
{
	const char *dir = o.proc_dir ? o.proc_dir : "/proc";
	int fd;

	if (mnt("proc", dir, "proc", NOSUIDEVEXEC, 0, SKIP) ||
	    (fd = resolve(dir)) < 0)
		return;
	if (proc_fd >= 0)
		close(proc_fd);
	proc_fd = fd;
}

static int userns(void)
{
	return CFG_USER_NS && (o.flags & CLONE_NEWUSER);
}

/* A fresh sysfs needs a network namespace owned by our user namespace:
 * without one (rootless, no -n) bind the host's, recursively (a user
 * namespace may not bind a tree without its locked submounts: EINVAL).
 * Its files belong to the host's root, unmapped in here: not writable
 * to us, whatever the flags of the submounts. */
static void mount_sys(void)
{
	unsigned long ro = o.sys == SYS_RO ? MS_RDONLY : 0;
	int e = mnt("sysfs", "/sys", "sysfs", NOSUIDEVEXEC | ro, 0, SKIP | TRY);

	/* grub-install on EFI needs the efivars under /sys. */
	if (!e)
		mnt("efivarfs", "/sys/firmware/efi/efivars", "efivarfs",
		    NOSUIDEVEXEC | ro, 0, QUIET | TRY);
	else if (e == EPERM && userns()) {
		if (!mnt("/sys", "/sys", 0, MS_BIND | MS_REC, 0, 0) && ro)
			make_ro("/sys");
	} else if (e != ENOENT)
		die_sys(e, 0, "mount sysfs on /sys");
}

/* --dev min: a tmpfs with only the standard nodes, bound from the host's
 * (a user namespace cannot mknod), where nothing done inside reaches the
 * host. It is our own fresh tmpfs: names are created in it directly. */
static int dev_min(void)
{
	static const char nodes[] = "null\0zero\0full\0random\0urandom\0tty\0";
	static const char links[] =
		"/proc/self/fd\0fd\0/proc/self/fd/0\0stdin\0"
		"/proc/self/fd/1\0stdout\0/proc/self/fd/2\0stderr\0";
	char host[16] = "/dev/";
	const char *p;
	int d, fd;

	if (mnt("tmpfs", "/dev", "tmpfs", MS_NOSUID | MS_NOEXEC, "mode=0755",
		SKIP) || (d = resolve("/dev")) < 0)
		return -1;
	for (p = nodes; *p; p += strlen(p) + 1) {
		memcpy(host + 5, p, strlen(p) + 1);
		fd = sys_openat(d, p, O_CREAT | O_EXCL | O_NOFOLLOW | O_WRONLY |
				O_CLOEXEC, 0666);
		if (fd < 0)
			die_sys(errno, 0, "create ", host);
		mnt_fd(host, fd, host, 0, MS_BIND, 0, 0);
	}
	for (p = links; *p; p += strlen(p) + 1) {
		(void)!symlinkat(p, d, p + strlen(p) + 1);
		p += strlen(p) + 1;
	}
	mkdirat(d, "pts", 0755);
	mkdirat(d, "shm", 01777);
	close(sys_openat(d, "ptmx", O_CREAT | O_EXCL | O_NOFOLLOW | O_WRONLY |
			 O_CLOEXEC, 0666));
	close(d);
	return 0;
}

/* /dev. devtmpfs is deliberately never mounted: it is one kernel-wide
 * instance, so a "fresh" devtmpfs is the host's /dev all the same (a
 * mknod or rm inside changes the host's), minus udev's /dev/disk/by-*
 * links that grub-probe and update-initramfs resolve the root through,
 * and minus /dev/fd, which we could not add without writing into the
 * host's /dev. So --dev host (the default) binds the host's /dev, as
 * the rescue job needs its disks (recursively in a user namespace, which
 * may not leave the locked /dev/pts, /dev/shm behind); --dev min is
 * dev_min(). Then a devpts of our own: the host's ptys stay out of sight,
 * and /dev/ptmx must lead to this instance (Linux 4.7+ always makes a new
 * instance; "newinstance" asks for it on older kernels). gid=5 (tty) is
 * not mapped in a user namespace: EINVAL. */
static void mount_dev(void)
{
	int fd;

	if (o.dev == DEV_HOST ? mnt("/dev", "/dev", 0, MS_BIND |
				    (userns() ? MS_REC : 0), 0, SKIP)
			      : dev_min())
		return;
	if (!mnt("devpts", "/dev/pts", "devpts", MS_NOSUID | MS_NOEXEC,
		 userns() ? "newinstance,ptmxmode=0666,mode=0620"
			  : "newinstance,ptmxmode=0666,mode=0620,gid=5", SKIP) &&
	    (fd = resolve("/dev/pts/ptmx")) >= 0) {
		mnt(fdpath(fd), "/dev/ptmx", 0, MS_BIND, 0, SKIP);
		close(fd);
	}
	mnt("tmpfs", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777",
	    SKIP);
}

static void mount_tmp(void)
{
	struct stat st;
	int fd;

	if (!mnt("tmpfs", "/run", "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755",
		 SKIP) && (fd = resolve("/run")) >= 0) {
		if (!sys_fstat(fd, &st))
			run_dev = st.st_dev;
		close(fd);
	}
	mnt("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777", SKIP);
}

/* The host's resolv.conf, read-only, over the root's one, found as the
 * root's own system would (systemd-resolved's absolute or relative link
 * into /run). A link whose target is missing gets it created, but only
 * on the /run tmpfs we just mounted, never on the root's disk. */
static void mount_resolv(void)
{
	static const char rel[] = "/etc/resolv.conf";
	char link[PATH_MAX + 8] = "/etc/";
	ssize_t n;
	int fd = resolve(rel), etc;

	if (access(rel, F_OK))
		return;		/* the host has none */
	if (fd < 0 && errno == ENOENT && (etc = resolve("/etc")) >= 0) {
		n = syscall(SYS_readlinkat, etc, "resolv.conf", link + 5, PATH_MAX - 1);
		close(etc);
		if (n < 0)
			return;	/* the root has none */
		link[n + 5] = 0;
		if (run_dev)
			fd = make(link[5] == '/' ? link + 5 : link, 1, run_dev);
	}
	if (fd < 0 || mnt_fd(rel, fd, rel, 0, MS_BIND, 0, TRY)) {
		say(2, "nsbox: ", o.root, rel, ": the host's resolv.conf not "
		    "bound there", (char *)0);
		return;
	}
	make_ro(rel);
}

/* The user's mounts, last, so they may land on /tmp, /run or /dev. A
 * missing mount point is created, one level deep, inside the root;
 * --ro-bind is not recursive: nothing writable may hide below a
 * read-only tree. */
static void mount_binds(void)
{
	const struct bind *b;
	const char *k;
	int fd, src;

	for (b = o.binds; CFG_ROOT_BIND && b < o.binds + o.nbinds; b++) {
		k = kind_name(b->kind);
		src = b->src ? sys_openat(cwd_fd, b->src, O_PATH | O_DIRECTORY |
					  O_CLOEXEC, 0) : 0;
		if (src > 0)
			close(src);
		fd = make(b->dst, src < 0, 0);
		if (fd < 0)
			die_sys(errno, 0, k, " ", b->dst);
		if (is_root(fd))
			die(k, " ", b->dst, ": would cover the whole root");
		if (b->kind == BIND_TMPFS) {
			mnt_fd("tmpfs", fd, b->dst, "tmpfs",
			       MS_NOSUID | MS_NODEV, "mode=0755", 0);
			continue;
		}
		src = sys_openat(cwd_fd, b->src, O_PATH | O_CLOEXEC, 0);
		if (src < 0)
			die_sys(errno, 0, k, " ", b->src);
		mnt_fd(fdpath(src), fd, b->dst, 0,
		       MS_BIND | (b->kind == BIND_RW ? MS_REC : 0), 0, 0);
		close(src);
		if (b->kind == BIND_RO)
			make_ro(b->dst);
	}
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

	if (syscall(SYS_fchdir, root_fd))
		die_sys(errno, 0, "chdir ", o.root);
	/* PID 1 keeps what it has open, for the box to find in /proc/1/fd:
	 * nothing of the host may stay. */
	close(root_fd);
	close(cwd_fd);
	close(proc_fd);
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

static int kept(unsigned fd)
{
	unsigned i;

	for (i = 0; i < o.npass; i++)
		if ((unsigned)o.pass[i] == fd)
			return 1;
	return fd == (unsigned)errfd;
}

/* close_range(2) is Linux 5.9+: before, the names in /proc/self/fd. */
static void close_listed(void)
{
	char buf[1024];
	long n, i;
	unsigned fd;
	const char *s;
	int d = sys_open("/proc/self/fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);

	if (d < 0)
		die_sys(errno, "no close_range(2) before Linux 5.9",
			"close inherited descriptors: /proc/self/fd");
	while ((n = syscall(SYS_getdents64, d, buf, sizeof(buf))) > 0)
		for (i = 0; i < n; i += *(unsigned short *)(buf + i + 16)) {
			for (fd = 0, s = buf + i + 19; *s >= '0' && *s <= '9'; s++)
				fd = fd * 10 + *s - '0';
			if (!*s && s > buf + i + 19 && fd > 2 &&
			    fd != (unsigned)d && !kept(fd))
				close(fd);
		}
	close(d);
}

/* Every descriptor above 2 is closed but errfd and --pass-fd: a directory
 * the caller left open leads out of any root (openat(fd, "..")), and one
 * that PID 1 keeps can be opened in /proc/1/fd. */
static void close_fds(void)
{
	unsigned lo = 3, hi, i;

	for (;;) {
		/* the next kept one, or none: ~0U */
		for (hi = ~0U, i = 0; i <= o.npass; i++) {
			unsigned k = i < o.npass ? (unsigned)o.pass[i]
						 : (unsigned)errfd;

			if (k >= lo && k < hi)
				hi = k;
		}
		if (hi > lo && sys_close_range(lo, hi - 1)) {
			close_listed();
			break;
		}
		if (hi == ~0U)
			break;
		lo = hi + 1;
	}
	for (i = 0; i < o.npass; i++)
		syscall(SYS_fcntl, o.pass[i], F_SETFD, 0); /* no close-on-exec */
}

void root_setup(void)
{
	close_fds();
	/* DIR becomes a mount of its own, as pivot_root needs; MS_REC
	 * brings along what is mounted below it (/mnt/boot/efi). */
	if (mount(o.root, o.root, 0, MS_BIND | MS_REC, 0))
		die_sys(errno, 0, "bind ", o.root);
	root_fd = sys_open(o.root, O_PATH | O_DIRECTORY | O_CLOEXEC, 0);
	if (root_fd < 0 || sys_fstat(root_fd, &root_st))
		die_sys(errno, 0, "--root ", o.root);
	cwd_fd = sys_open(".", O_PATH | O_CLOEXEC, 0);
	proc_fd = sys_open("/proc", O_PATH | O_DIRECTORY | O_CLOEXEC, 0);
	if (!o.no_proc)
		mount_proc();
	if (CFG_ROOT_SYS && o.sys != SYS_NONE)
		mount_sys();
	if (CFG_ROOT_DEV && o.dev != DEV_NONE)
		mount_dev();
	if (!o.no_tmp)
		mount_tmp();
	if (!o.no_resolv)
		mount_resolv();
	mount_binds();
	root_switch();
}
