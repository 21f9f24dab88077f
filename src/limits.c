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
static const char ctl_names[] = "pids\0memory\0cpu";
static const char v2_files[] = "pids.max\0memory.max\0cpu.max";
static const char v1_files[] = "pids.max\0memory.limit_in_bytes\0cpu.cfs_quota_us";

/* One hierarchy the box has a cgroup in: cgroup2, or a v1 mount. */
static struct hier {
	const char *self;	/* the caller's cgroup in it: /proc/self/cgroup */
	int box;		/* the box's cgroup, open */
	unsigned char ctls;	/* bit i: controller i */
	char path[512];		/* the box's cgroup (first its parent) */
} hier[4];
static const char *v2self;	/* the caller's cgroup2 cgroup, or 0 */
static char box_name[24] = "/nsbox-";	/* and the outer process's PID */
static unsigned char join;	/* the child joins at the checkpoint */
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

static _Noreturn void cg_die(int err, const char *a, const char *b)
{
	const char *hint = 0;

	if (CFG_ERROR_HINTS)
		hint = err == EBUSY ? "it has processes: cgroup v2's no "
			"internal processes rule" :
		    err == EACCES || err == EPERM ? "not root, and no "
			"cgroup delegated to you" : 0;
	limits_end(0);
	die_sys(err, hint, "cgroup ", a, b);
}

/* The caller's cgroup in the v1 hierarchy that has controller NAME, else
 * in cgroup2 (v2self), from /proc/self/cgroup: "N:NAME,...:PATH" lines,
 * "0::PATH" for cgroup2. */
static const char *cg_self(const char *name)
{
	static char buf[4096];
	char *l, *p, *t;
	size_t n = strlen(name);

	if (!*buf) {
		int fd = cg_open("/proc/self/cgroup", O_RDONLY);

		if (fd < 0 || read(fd, buf, sizeof(buf) - 1) <= 0)
			cg_die(errno, "", "/proc/self/cgroup");
		close(fd);
		for (p = buf; *p; p++)
			if (*p == '\n' || *p == ':')
				*p = 0;	/* N\0LIST\0PATH\0 */
		for (l = buf; *l; l = p + strlen(p) + 1) {
			p = l + strlen(l) + 1;	/* LIST */
			if (!strcmp(l, "0") && !*p)
				v2self = p + 1;
			p += strlen(p) + 1;	/* PATH */
		}
	}
	for (l = buf; *l; l = p + strlen(p) + 1) {
		for (t = p = l + strlen(l) + 1; *t; t++)
			if (!memcmp(t, name, n) && (t[n] == ',' || !t[n]) &&
			    (t == p || t[-1] == ','))
				return p + strlen(p) + 1;
		p += strlen(p) + 1;
	}
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
		e = cg_write(fd, "cgroup.subtree_control", on);
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
	const char *mnt = CGROUP_ROOT;
	char on[24], *q = on;
	struct statfs s;
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
	if (statfs(mnt, &s) || (unsigned long)s.f_type != CGROUP2_MAGIC)
		mnt = CGROUP_ROOT "/unified";	/* hybrid */
	if (!(e = cg_enable(h, on)))
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
 * while it is still empty (between mkdir and clone). */
static void sweep(const char *dir)
{
	char d[4096];
	long n, off;
	int fd = cg_open(dir, O_RDONLY | O_DIRECTORY);

	while ((n = syscall(SYS_getdents64, fd, d, sizeof(d))) > 0)
		for (off = 0; off < n; off += *(unsigned short *)(d + off + 16)) {
			const char *name = d + off + 19, *p = name + 6;
			long pid = 0;

			if (memcmp(name, box_name + 1, 6))
				continue;
			while (*p >= '0' && *p <= '9' && pid < 1 << 22)
				pid = pid * 10 + *p++ - '0';
			if (!*p && pid > 0 && kill(pid, 0) && errno == ESRCH)
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
			if (access(h->path, W_OK))
				cg_die(errno, h->path, "");
		}
	}
	for (h = hier; h->self; h++) {
		if (h->self == v2self)
			v2_parent(h);
		sweep(h->path);
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
	return pid;
}

/* In the child, at the checkpoint. */
void limits_child(void)
{
	struct hier *h;
	int e;

	for (h = hier; CFG_LIMITS && h->self; h++) {
		if (join && (e = cg_write(h->box, "cgroup.procs", "0")))
			die_sys(e, 0, "cgroup: join ", h->path);
		close(h->box);
	}
	if (CFG_CGROUP_NS && join && (o.flags & CLONE_NEWCGROUP) &&
	    unshare(CLONE_NEWCGROUP))
		die_sys(errno, 0, "unshare cgroup namespace");
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
