/* SPDX-License-Identifier: 0BSD */
/* limits.c: --pids-max, --memory-max and --cpu-max in a cgroup of the
 * box's own, and --timeout. cgroup v2 where the controller is there, else
 * the controller's cgroup v1 hierarchy (v1 and hybrid hosts). The box is
 * born in its cgroup (clone3 CLONE_INTO_CGROUP, Linux 5.7) or joins it at
 * the checkpoint, before anything of it runs. See cgroups(7), clone(2),
 * and the kernel's Documentation/admin-guide/cgroup-v2.rst. */
#include "nsbox.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>

#define CGROUP_ROOT "/sys/fs/cgroup"
#define CGROUP2_MAGIC 0x63677270
#ifndef CLONE_INTO_CGROUP
#define CLONE_INTO_CGROUP 0x200000000ULL
#endif

/* The controllers, their files in v2 and in v1, in the order of
 * o.cg_max[] (the options' order). */
static const char ctl_names[] = "pids\0memory\0cpu\0";
static const char v2_files[] = "pids.max\0memory.max\0cpu.max";
static const char v1_files[] = "pids.max\0memory.limit_in_bytes\0cpu.cfs_quota_us";

/* One hierarchy the box has a cgroup in: cgroup2, or a v1 mount.
 * Entering (-e), one the entered child joins: no controllers of ours. */
static struct hier {
	const char *self;	/* the caller's cgroup in it: /proc/self/cgroup */
	int box;		/* the box's cgroup, open; entering: its cgroup.procs */
	unsigned char ctls;	/* bit i: controller i */
	char path[512];		/* the box's cgroup (first its parent) */
} hier[5];	/* pids, memory, cpu; entering, cgroup2 and the three in v1 */
static const char *v2self;	/* the caller's cgroup2 cgroup, or 0 */
static char box_name[24] = "/nsbox-";	/* and the outer process's PID */
static unsigned char join;	/* the child joins at the checkpoint */
static int enter_cgns = -1;	/* entering: the box's cgroup namespace */
static unsigned char timed_out;

static const char *nth(const char *s, unsigned i)
{
	while (i--)
		s += strlen(s) + 1;
	return s;
}

/* The decimal digits of V, in a buffer of the caller's (>= 21 bytes). */
static char *utoa(char *end, unsigned long long v)
{
	*--end = 0;
	do
		*--end = '0' + v % 10;
	while (v /= 10);
	return end;
}

/* 1234, 16M, 2G: bytes (K, M, G, T: powers of 1024), at most 2^62. */
unsigned long long parse_size(const char *opt, const char *s)
{
	static const char sfx[] = "KMGT";
	unsigned long long v = 0;
	const char *p = s;
	unsigned i = 0, shift = 0;

	for (; *p >= '0' && *p <= '9'; p++)	/* saturating at 2^62 */
		v = v >> 58 ? ~0ULL : v * 10 + (*p - '0');
	while (p > s && *p && i < 4 && (*p & ~32) != sfx[i])
		i++;
	if (p > s && *p && i < 4 && !p[1]) {
		shift = 10 * i + 10;
		p++;
	}
	if (p == s || *p)
		die(opt, ": not a number: '", s, "'");
	if (v >> (62 - shift))
		die(opt, ": out of range: '", s, "'");
	return v << shift;
}

/* --pids-max N, --memory-max SIZE, --cpu-max PERCENT (of one CPU). */
void limits_opt(unsigned i, const char *arg)
{
	static const char *const opt[] = {
		"--pids-max", "--memory-max", "--cpu-max",
	};
	unsigned long long v = i == 1 ? parse_size(opt[i], arg) :
		parse_uint(opt[i], arg, i ? 100000 : 4194304);

	if (!v)
		die(opt[i], ": must be at least 1");
	o.cg_max[i] = v;
}

/* "nsbox-PID" up to the end of S or a '/': PID, else 0. */
static long box_pid(const char *s)
{
	long pid = 0;

	if (memcmp(s, box_name + 1, 6))
		return 0;
	for (s += 6; *s >= '0' && *s <= '9' && pid < 1 << 22; s++)
		pid = pid * 10 + *s - '0';
	return *s && *s != '/' ? 0 : pid;
}

/* Controller NAME is in LIST ("cpu,cpuacct")? */
static int has_ctl(const char *list, const char *name)
{
	size_t n = strlen(name);
	const char *t;

	for (t = list; *t; t++)
		if (!memcmp(t, name, n) && (t[n] == ',' || !t[n]) &&
		    (t == list || t[-1] == ','))
			return 1;
	return 0;
}

/* Where cgroup2 is: on /sys/fs/cgroup, or on a hybrid host (v1
 * controllers there) on /sys/fs/cgroup/unified. */
static const char *cg2_mount(void)
{
	struct statfs s;

	if (statfs(CGROUP_ROOT, &s) || (unsigned long)s.f_type != CGROUP2_MAGIC)
		return CGROUP_ROOT "/unified";
	return CGROUP_ROOT;
}

static int cg_open(const char *path, int flags)
{
	return sys_open(path, flags | O_CLOEXEC, 0);
}

/* Write S to FILE in the cgroup directory DIR: 0 or the errno. */
static int cg_write(int dir, const char *file, const char *s)
{
	int fd = syscall(SYS_openat, dir, file, O_WRONLY | O_CLOEXEC), e = 0;

	if (fd < 0)
		return errno;
	if (write(fd, s, strlen(s)) < 0)
		e = errno;
	close(fd);
	return e;
}

static const char *cg_hint(int err)
{
	if (!CFG_ERROR_HINTS)
		return 0;
	return err == EBUSY ? "it has processes: cgroup v2's no internal "
		"processes rule" :
	    err == EACCES || err == EPERM ? "not root, and no cgroup "
		"delegated to you" : 0;
}

static _Noreturn void cg_die(int err, const char *a, const char *b)
{
	limits_end(0);
	die_sys(err, cg_hint(err), "cgroup ", a, b);
}

/* A /proc/PID/cgroup (FD, closed here) into BUF: "N\0LIST\0PATH\0" a
 * line ("0\0\0PATH\0" for cgroup2), then an empty N. Only a line's first
 * two ':' end a field: a cgroup's name may hold one. */
static void cg_read(int fd, char *buf, unsigned size, const char *what)
{
	int n = fd < 0 ? -1 : read(fd, buf, size - 3), colons = 0;
	char *p;

	if (n <= 0)
		cg_die(n ? errno : EIO, "", what);
	close(fd);
	buf[n] = buf[n + 1] = buf[n + 2] = 0;
	for (p = buf; p < buf + n; p++)
		if (*p == '\n')
			*p = colons = 0;
		else if (*p == ':' && colons < 2)
			*p = 0, colons++;
}

/* The caller's cgroup in the v1 hierarchy that has controller NAME, else
 * in cgroup2 (v2self), from /proc/self/cgroup. */
static const char *cg_self(const char *name)
{
	static char buf[4096];
	const char *l;

	if (!*buf) {
		cg_read(cg_open("/proc/self/cgroup", O_RDONLY), buf,
			sizeof(buf), "/proc/self/cgroup");
		for (l = buf; *l; l = nth(l, 3))
			if (!strcmp(l, "0") && !*nth(l, 1))
				v2self = nth(l, 2);
	}
	for (l = buf; *l; l = nth(l, 3))
		if (has_ctl(nth(l, 1), name))
			return nth(l, 2);
	return v2self;
}

/* DST = A + B (B a cgroup path, short in practice). */
static char *cg_path(char *dst, const char *a, const char *b)
{
	size_t x = strlen(a), y = strlen(b);

	if (x + y >= sizeof(hier->path))
		cg_die(ENAMETOOLONG, a, b);
	memmove(dst + x, b, y + 1);
	memmove(dst, a, x);
	return dst;
}

/* Whether DIR's cgroup.subtree_control ("cpu pids") has every
 * controller of ON ("+pids +cpu"). Reading it is cheap; a write, even of
 * what is there, walks every live cgroup below DIR (all of them at the
 * root) with the kernel's cgroup_mutex held, to wait for those going
 * offline (cgroup_lock_and_drain_offline()). */
static int cg_has(int dir, const char *on)
{
	char buf[128], *p;
	int fd = syscall(SYS_openat, dir, "cgroup.subtree_control",
			 O_RDONLY | O_CLOEXEC);
	long n = fd < 0 ? -1 : read(fd, buf + 1, sizeof(buf) - 10);
	unsigned k;

	close(fd);
	if (n <= 0)
		return 0;
	buf[0] = ' ';
	buf[n] = ' ';	/* the '\n' */
	buf[n + 1] = 0;
	for (; *on++ == '+'; on += k + !!on[k]) {
		for (k = 0; on[k] && on[k] != ' '; k++)
			;
		for (p = buf; *p && (p[0] != ' ' || memcmp(p + 1, on, k) ||
				     p[k + 1] != ' '); p++)
			;
		if (!*p)
			return 0;
	}
	return 1;
}

/* Give the children of cgroup H->path the controllers ON ("+pids
 * +memory"): 0 or the errno. Not where it has processes, unless it is
 * the root (no cgroup.type): with domain controllers the kernel refuses
 * (EBUSY), but pids and cpu alone would make it a thread root, whose
 * children cannot take processes (EOPNOTSUPP at the clone). */
static int cg_enable(struct hier *h, const char *on)
{
	int fd = cg_open(h->path, O_RDONLY | O_DIRECTORY), procs, e = EBUSY;
	char c;

	if (fd < 0)
		return errno;
	procs = syscall(SYS_openat, fd, "cgroup.procs", O_RDONLY | O_CLOEXEC);
	if (syscall(SYS_faccessat, fd, "cgroup.type", F_OK) ||
	    read(procs, &c, 1) <= 0)
		e = cg_has(fd, on) ? 0 :
			cg_write(fd, "cgroup.subtree_control", on);
	close(procs);
	close(fd);
	return e;
}

/* Where the box's cgroup2 cgroup goes: below the caller's cgroup when
 * its children may have the controllers (the root cgroup); else, as root,
 * below nsbox/ at the root; else beside the caller's cgroup, in a parent
 * delegated to the caller. The "no internal processes" rule: a cgroup
 * other than the root gives its children controllers only while it has
 * no processes itself, and the caller's cgroup has at least the caller. */
static void v2_parent(struct hier *h)
{
	const char *mnt = cg2_mount();
	char on[24], *q = on;
	unsigned i;
	int e;

	for (i = 0; i < 3; i++)
		if (h->ctls >> i & 1) {
			const char *c = nth(ctl_names, i);

			*q++ = '+';
			while (*c)
				*q++ = *c++;
			*q++ = ' ';
		}
	q[-1] = 0;
	/* The caller's cgroup has the caller: it can give its children
	 * controllers only if it is the root (as seen: "/"; cg_enable()
	 * checks), and trying elsewhere is 6 syscalls for an EBUSY. */
	if (!h->self[1] && !(e = cg_enable(h, on)))
		return;
	if (!geteuid()) {
		cg_path(h->path, mnt, "");
		if (!(e = cg_enable(h, on))) {
			mkdir(cg_path(h->path, mnt, "/nsbox"), 0755);
			e = cg_enable(h, on);
		}
	} else {	/* the parent of the caller's cgroup */
		for (q = h->path + strlen(h->path); q > h->path && *--q != '/';)
			;
		*q = 0;
		e = cg_enable(h, on);
	}
	if (e)
		cg_die(e, on, cg_path(h->path, " in ", h->path));
}

/* Remove the empty nsbox-PID cgroups in DIR whose outer process is gone:
 * what a SIGKILLed nsbox left. rmdir(2) refuses a cgroup that still has
 * processes, and a live owner keeps its cgroup from the others' sweeps
 * while it is still empty (between mkdir and clone). Done once the box
 * is cloned, while it starts: a getdents(2) pass over each parent is
 * some 20-40 us that the box need not wait for. */
static void sweep(const char *dir)
{
	char d[4096];
	long n, off;
	int fd = cg_open(dir, O_RDONLY | O_DIRECTORY);

	while ((n = syscall(SYS_getdents64, fd, d, sizeof(d))) > 0)
		for (off = 0; off < n; off += *(unsigned short *)(d + off + 16)) {
			const char *name = d + off + 19;
			long pid = box_pid(name);

			if (pid > 0 && kill(pid, 0) && errno == ESRCH)
				unlinkat(fd, name, AT_REMOVEDIR);
		}
	close(fd);
}

/* Controller I's limit in H's box; memory: no swap either, where the
 * kernel accounts swap. */
static void cg_limit(struct hier *h, unsigned i)
{
	int v1 = h->self != v2self, e;
	const char *f = nth(v1 ? v1_files : v2_files, i);
	char num[32], *v;

	/* --cpu-max: PERCENT of a 100 ms period, in microseconds */
	v = utoa(num + 21, o.cg_max[i] * (i == 2 ? 1000 : 1));
	if (i == 2 && !v1)
		memcpy(num + 20, " 100000", 8);
	if ((e = cg_write(h->box, f, v)))
		cg_die(e, h->path, f - 1);
	if (i == 1)
		cg_write(h->box, v1 ? "memory.memsw.limit_in_bytes" :
			 "memory.swap.max", v1 ? v : "0");
}

/* Make the box's cgroups: find each controller's hierarchy first
 * (nothing is created if one is missing), then the cgroups. */
static void cg_setup(void)
{
	struct hier *h;
	char num[40];
	unsigned i;

	memcpy(box_name + 7, utoa(num + 24, getpid()), 12);
	for (i = 0; i < 3; i++) {
		const char *self, *name = nth(ctl_names, i);

		if (!o.cg_max[i])
			continue;
		if (!(self = cg_self(name)))
			cg_die(ENOENT, name, ": no hierarchy");
		for (h = hier; h->self && h->self != self; h++)
			;
		h->self = self;
		h->ctls |= 1 << i;
		h->box = -1;
		if (self == v2self) {
			cg_path(h->path, CGROUP_ROOT, self);
		} else if (!*h->path) {	/* v1: on /sys/fs/cgroup/NAME */
			cg_path(h->path, CGROUP_ROOT "/", name);
			cg_path(h->path, h->path, self);
		}
	}
	for (h = hier; h->self; h++) {
		if (h->self == v2self)
			v2_parent(h);
		cg_path(h->path, h->path, box_name +
			(h->path[strlen(h->path) - 1] == '/'));
		if (mkdir(h->path, 0755) && (errno != EEXIST ||
		    rmdir(h->path) || mkdir(h->path, 0755)))
			cg_die(errno, h->path, "");
		if ((h->box = cg_open(h->path, O_RDONLY | O_DIRECTORY)) < 0)
			cg_die(errno, h->path, "");
		for (i = 0; i < 3; i++)
			if (h->ctls >> i & 1)
				cg_limit(h, i);
	}
}

/* clone(2) the box, into its cgroup when it has one. clone3 puts it
 * there (one cgroup2 hierarchy, Linux 5.7+); otherwise the child joins
 * at the checkpoint, and unshares its cgroup namespace after joining so
 * that it sees its own cgroup as the root. */
long limits_clone(unsigned long flags)
{
	static unsigned long long args[11];	/* struct clone_args */
	struct hier *h;
	long pid;

	if (!CFG_LIMITS || !(o.cg_max[0] | o.cg_max[1] | o.cg_max[2]))
		return sys_clone(flags | SIGCHLD);
	cg_setup();
	join = hier[1].self || hier->self != v2self;
	if (!join) {
		args[0] = flags | CLONE_INTO_CGROUP;
		args[4] = SIGCHLD;	/* exit_signal */
		args[10] = hier->box;	/* cgroup */
		pid = syscall(SYS_clone3, args, sizeof(args));
		if (pid >= 0 || (errno != ENOSYS && errno != E2BIG))
			goto out;
		join = 1;	/* before Linux 5.7 */
	}
	pid = sys_clone((flags & ~CLONE_NEWCGROUP) | SIGCHLD);
out:
	if (pid < 0) {
		int e = errno;

		limits_end(0);
		errno = e;
	}
	if (pid > 0)	/* while the box starts, not before */
		for (h = hier; h->self; h++) {
			char *q = h->path + strlen(h->path) - strlen(box_name);

			*q = 0;	/* the parent, then back to the box's cgroup */
			sweep(h->path);
			*q = '/';
		}
	return pid;
}

/* -e: where the box's init (DFD: its /proc/PID) is in the cgroup of an
 * nsbox box (a component of its path is nsbox-PID: the box may have moved
 * its init below its own cgroup, as systemd does), the entered command
 * joins the init's cgroup: the box's limits hold for it too. Its
 * cgroup.procs is opened here, before any setns(2): since Linux 5.16
 * (CVE-2021-4197) the kernel checks the write against the opener's
 * credentials and cgroup namespace, which the box's user and cgroup
 * namespaces would take from us. The entered child writes it at the
 * checkpoint (limits_child()), then joins the box's cgroup namespace
 * (taken out of *MASK, the outer process's), so that it sees its cgroup
 * as the box's processes do, and older kernels, which check the writer's
 * cgroup namespace, still find the caller's. The outer process stays
 * out, as in the run mode. Other tools' cgroups are not joined, as
 * nsenter(1) joins none. */
void limits_enter(int dfd, unsigned *mask)
{
	static char buf[4096];
	const char *l, *list, *path, *p, *c;
	struct hier *h = hier;
	int fd = syscall(SYS_openat, dfd, "cgroup", O_RDONLY | O_CLOEXEC);

	if (o.cg_max[0] | o.cg_max[1] | o.cg_max[2])
		die("--enter: the box's limits hold");
	if (fd < 0)
		return;	/* a kernel without cgroups */
	cg_read(fd, buf, sizeof(buf), "/proc/PID/cgroup");
	for (l = buf; *l && h < hier + 4; l = path + strlen(path) + 1) {
		list = nth(l, 1);
		path = nth(list, 1);
		for (p = path; p && !box_pid(p + 1); p = str_chr(p + 1, '/'))
			;
		/* v1: the hierarchy where cg_setup() makes it */
		for (c = ctl_names; *list && *c && !has_ctl(list, c); c = nth(c, 1))
			;
		if (!p || !*c)
			continue;	/* not a box's */
		cg_path(h->path, *list ? CGROUP_ROOT "/" : cg2_mount(),
			*list ? c : "");
		cg_path(h->path, cg_path(h->path, h->path, path), "/cgroup.procs");
		/* "/..": beyond our cgroup namespace's root, out of reach */
		errno = ENOENT;
		h->box = !memcmp(path, "/..", 3) && (!path[3] || path[3] == '/') ?
			-1 : cg_open(h->path, O_WRONLY);
		if (h->box < 0)
			die_sys(errno, cg_hint(errno), "enter ", o.enter,
				": cannot join its cgroup ", h->path);
		h->self = path;
		h++;
	}
	if ((join = h > hier) && (*mask & CLONE_NEWCGROUP)) {
		enter_cgns = sys_openat(dfd, "ns/cgroup", O_RDONLY | O_CLOEXEC, 0);
		if (enter_cgns < 0)
			die_sys(errno, 0, "enter ", o.enter, ": ns/cgroup");
		*mask &= ~CLONE_NEWCGROUP;
	}
}

/* In the child, at the checkpoint. In a v1 hierarchy it moves itself, its
 * only thread, through "tasks": the kernel skips the global
 * cgroup_threadgroup_rwsem for the current thread alone (kernel commit
 * "cgroup: Optimize single thread migration"), whose write side waits for
 * an RCU grace period, milliseconds, per hierarchy; "cgroup.procs" takes
 * it. cgroup2 has no "tasks" (and "cgroup.threads" only moves threads
 * within a threaded subtree). */
void limits_child(void)
{
	struct hier *h;
	int e;

	for (h = hier; CFG_LIMITS && h->self; h++) {
		e = !join ? 0 : CFG_ENTER && !h->ctls ?
			(write(h->box, "0", 1) < 0 ? errno : 0) :
			cg_write(h->box, h->self != v2self ? "tasks" :
				 "cgroup.procs", "0");
		if (e)
			die_sys(e, cg_hint(e), "cgroup: join ", h->path);
		close(h->box);
	}
	if (CFG_CGROUP_NS && join && (o.flags & CLONE_NEWCGROUP) &&
	    unshare(CLONE_NEWCGROUP))
		die_sys(errno, 0, "unshare cgroup namespace");
	if (CFG_ENTER && enter_cgns >= 0 &&
	    syscall(SYS_setns, enter_cgns, CLONE_NEWCGROUP))
		die_sys(errno, 0, "enter ", o.enter, ": cgroup");
}

/* What the box's memory cgroup counted: "oom_kill N" of memory.events
 * (v2) or memory.oom_control (v1, Linux 4.13+). */
static void oom_report(struct hier *h)
{
	const char *f = h->self != v2self ? "memory.oom_control" : "memory.events";
	char buf[512], *p, *q;
	int fd = syscall(SYS_openat, h->box, f, O_RDONLY | O_CLOEXEC);
	ssize_t n = fd < 0 ? -1 : read(fd, buf + 1, sizeof(buf) - 2);

	close(fd);
	buf[0] = '\n';
	buf[n > 0 ? n + 1 : 1] = 0;
	for (p = buf; *p && memcmp(p, "\noom_kill ", 10); p++)
		;
	if (*p && p[10] != '0') {
		for (q = ++p; *q > ' ' || *q == ' '; q++)
			;
		*q = 0;
		say(2, "nsbox: out of memory: the box reached --memory-max (",
		    f, ": ", p, ")", (char *)0);
	}
}

/* The box has ended (or was never born): report an OOM kill, remove its
 * cgroups, and give the status of a box that timed out as 124. */
int limits_end(int st)
{
	struct hier *h;

	for (h = hier; CFG_LIMITS && h->self; h++)
		if (h->box >= 0) {
			if (h->ctls & 2)
				oom_report(h);
			close(h->box);
			h->box = -1;
			if (h->ctls)	/* ours, not an entered box's */
				rmdir(h->path);
		}
	return CFG_TIMEOUT && timed_out ? 124 : st;
}

/* --timeout: SIGALRM through the outer process's signalfd, even where
 * the caller ignores it (a blocked signal is queued, not ignored). */
void timeout_arm(sigset_t *set)
{
	sys_sigadd(set, SIGALRM);
	sigprocmask(SIG_BLOCK, set, 0);
	sys_alarm(o.timeout);
}

/* A signal of the outer process: the timer's (SI_KERNEL; kill(2) and
 * sigqueue(3) cannot forge it) gives the box SIGTERM, then after
 * --kill-after SIGKILL. Returns whether it was the timer's. */
int timeout_signal(int sig, int code, pid_t child)
{
	if (sig != SIGALRM || code != SI_KERNEL || !o.timeout)
		return 0;
	if (!timed_out++) {
		kill(child, SIGTERM);
		if (o.kill_after) {
			sys_alarm(o.kill_after);
			return 1;
		}
	}
	kill(child, SIGKILL);
	return 1;
}
