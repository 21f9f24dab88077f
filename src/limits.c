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

/* One hierarchy the box has a cgroup in: cgroup2, or one per v1 mount. */
static struct hier {
	int id;			/* its number in /proc/self/cgroup; 0: v2 */
	int parent, box;	/* directory fds */
	unsigned char ctls;	/* bit i: controller i */
} hier[3];
static unsigned nhier;
static char box_name[32] = "nsbox-";	/* nsbox-PID of the outer process */
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

/* 1234, 16M, 2G: bytes (K, M, G, T: powers of 1024). */
unsigned long long parse_size(const char *opt, const char *s)
{
	static const char sfx[] = "KMGT";
	unsigned long long v = 0;
	const char *p = s, *u;
	unsigned shift = 0;

	for (; *p >= '0' && *p <= '9'; p++) {
		if (v > (~0ULL >> 4) / 10)
			goto range;
		v = v * 10 + (*p - '0');
	}
	for (u = sfx; *p && *u && (*p & ~32) != *u; u++)
		;
	if (*p && *u && !p[1]) {
		shift = 10 * (u - sfx + 1);
		p++;
	}
	if (p == s || *p)
		die(opt, ": not a size: '", s, "' (bytes, or with K, M, G, T)");
	if (v > ~0ULL >> 4 >> shift)
range:
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

static int cg_open(int dir, const char *path, int flags)
{
	return syscall(SYS_openat, dir, path, flags | O_CLOEXEC, 0);
}

/* Write S to FILE in the cgroup DIR: 0 or the errno. */
static int cg_write(int dir, const char *file, const char *s)
{
	int fd = cg_open(dir, file, O_WRONLY), e = 0;

	if (fd < 0)
		return errno;
	if (write(fd, s, strlen(s)) < 0)
		e = errno;
	close(fd);
	return e;
}

static _Noreturn void cg_die(int err, const char *a, const char *b,
			     const char *c)
{
	const char *hint = 0;

	if (CFG_ERROR_HINTS)
		hint = err == EBUSY ? "it has processes: cgroup v2's no "
			"internal processes rule" :
		    err == EACCES || err == EPERM ? "not root, and no "
			"cgroup delegated to you" : 0;
	limits_end(0);
	die_sys(err, hint, "cgroup ", a, b, c);
}

/* The caller's cgroup in the v1 hierarchy that has controller NAME (*ID
 * set to its number), else in cgroup2 (*ID 0), from /proc/self/cgroup:
 * "ID:CONTROLLER,...:PATH" lines, "0::PATH" for cgroup2. */
static const char *cg_self(const char *name, int *id)
{
	static char buf[4096];
	const char *v2 = 0;
	char *l, *p;
	unsigned n = strlen(name);
	int fd = sys_open("/proc/self/cgroup", O_RDONLY | O_CLOEXEC, 0);
	ssize_t r = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);

	close(fd);
	buf[r > 0 ? r : 0] = 0;
	for (l = buf; *l; l = p + 1) {
		char *list, *path, *t, *e, end;

		for (*id = 0; *l >= '0' && *l <= '9'; l++)
			*id = *id * 10 + *l - '0';
		for (p = l; *p && *p != '\n'; p++)
			;
		end = *p;
		*p = 0;
		for (path = list = l + 1; *path && *path != ':'; path++)
			;
		if (*l == ':' && *path) {
			if (!*id && path == list)
				v2 = path + 1;
			for (t = list; t < path; t = e + 1) {
				for (e = t; e < path && *e != ','; e++)
					;
				if (e - t == n && !memcmp(t, name, n))
					return path + 1;
			}
		}
		if (!end)
			break;
	}
	*id = 0;
	return v2;
}

/* A + B in a buffer of ours (B a cgroup path: short in practice). */
static char *cg_path(const char *a, const char *b)
{
	static char p[4096];
	size_t x = strlen(a), y = strlen(b);

	if (x + y >= sizeof(p))
		cg_die(ENAMETOOLONG, a, b, "");
	memcpy(p, a, x);
	memcpy(p + x, b, y + 1);
	return p;
}

/* Open the cgroup PATH and give its children the controllers ON ("+pids
 * +memory"): its fd, or -1 and errno. */
static int cg_parent(const char *path, const char *on)
{
	int fd = sys_open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0), e;

	if (fd >= 0 && (e = cg_write(fd, "cgroup.subtree_control", on))) {
		close(fd);
		errno = e;
		fd = -1;
	}
	return fd;
}

/* Where the box's cgroup2 cgroup goes: below the caller's cgroup when
 * its children may have the controllers (the root cgroup); else, as root,
 * below nsbox/ at the root; else beside the caller's cgroup, in a parent
 * delegated to the caller. The "no internal processes" rule: a cgroup
 * other than the root gives its children controllers only while it has
 * no processes itself, and the caller's cgroup has at least the caller. */
static int v2_parent(const char *self, unsigned ctls)
{
	const char *mnt = CGROUP_ROOT;
	char on[24], *p, *q = on;
	struct statfs s;
	unsigned i;
	int fd;

	for (i = 0; i < 3; i++)
		if (ctls >> i & 1) {
			const char *c = nth(ctl_names, i);

			*q++ = '+';
			while (*c)
				*q++ = *c++;
			*q++ = ' ';
		}
	q[-1] = 0;
	if (statfs(mnt, &s) || (unsigned long)s.f_type != CGROUP2_MAGIC)
		mnt = CGROUP_ROOT "/unified";	/* hybrid */
	p = cg_path(mnt, self);
	if ((fd = cg_parent(p, on)) >= 0)
		return fd;
	if (!geteuid()) {
		if ((fd = cg_parent(mnt, on)) >= 0) {
			close(fd);
			p = cg_path(mnt, "/nsbox");
			mkdir(p, 0755);
			fd = cg_parent(p, on);
		}
	} else {	/* the parent of the caller's cgroup */
		for (q = p + strlen(p); q > p && *--q != '/';)
			;
		*q = 0;
		fd = cg_parent(p, on);
	}
	if (fd < 0)
		cg_die(errno, on, " in ", p);
	return fd;
}

/* Remove the empty nsbox-PID cgroups in DIR whose outer process is gone:
 * what a SIGKILLed nsbox left. rmdir(2) refuses a cgroup that still has
 * processes, and a live owner keeps its cgroup from the others' sweeps
 * while it is still empty (between mkdir and clone). */
static void sweep(int dir)
{
	char d[4096];
	long n, off;

	while ((n = syscall(SYS_getdents64, dir, d, sizeof(d))) > 0)
		for (off = 0; off < n; off += *(unsigned short *)(d + off + 16)) {
			const char *name = d + off + 19, *p = name + 6;
			long pid = 0;

			if (memcmp(name, box_name, 6))
				continue;
			while (*p >= '0' && *p <= '9' && pid < 1 << 22)
				pid = pid * 10 + *p++ - '0';
			if (!*p && pid > 0 && kill(pid, 0) && errno == ESRCH)
				unlinkat(dir, name, AT_REMOVEDIR);
		}
}

/* Controller I's limit in H's box; memory: no swap either, where the
 * kernel accounts swap. */
static void cg_limit(struct hier *h, unsigned i)
{
	const char *f = nth(h->id ? v1_files : v2_files, i);
	char num[32], *v;
	int e;

	/* --cpu-max: PERCENT of a 100 ms period, in microseconds */
	v = utoa(num + 21, o.cg_max[i] * (i == 2 ? 1000 : 1));
	if (i == 2 && !h->id)
		memcpy(num + 20, " 100000", 8);
	if ((e = cg_write(h->box, f, v)))
		cg_die(e, box_name, "/", f);
	if (i == 1)
		cg_write(h->box, h->id ? "memory.memsw.limit_in_bytes" :
			 "memory.swap.max", h->id ? v : "0");
}

/* Make the box's cgroups: find each controller's hierarchy first
 * (nothing is created if one is missing), then the cgroups. */
static void cg_setup(void)
{
	const char *self, *self2 = 0;
	char num[40];
	unsigned i, j;
	int id;

	memcpy(box_name + 6, utoa(num + 24, getpid()), 12);
	for (i = 0; i < 3; i++) {
		if (!o.cg_max[i])
			continue;
		if (!(self = cg_self(nth(ctl_names, i), &id)))
			cg_die(ENOENT, nth(ctl_names, i), ": no hierarchy", "");
		for (j = 0; j < nhier && hier[j].id != id; j++)
			;
		if (j == nhier) {
			hier[nhier].id = id;
			hier[nhier].box = -1;
			hier[nhier++].parent = -1;
		}
		hier[j].ctls |= 1 << i;
		if (!id) {
			self2 = self;
		} else if (hier[j].parent < 0) {
			/* v1: mounted on /sys/fs/cgroup/NAME */
			const char *p = cg_path(CGROUP_ROOT "/", nth(ctl_names, i));

			p = cg_path(p, self);
			hier[j].parent = sys_open(p, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
			if (hier[j].parent < 0)
				cg_die(errno, p, "", "");
		}
	}
	for (j = 0; j < nhier; j++) {
		struct hier *h = hier + j;

		if (!h->id)
			h->parent = v2_parent(self2, h->ctls);
		sweep(h->parent);
		if (mkdirat(h->parent, box_name, 0755) && (errno != EEXIST ||
		    unlinkat(h->parent, box_name, AT_REMOVEDIR) ||
		    mkdirat(h->parent, box_name, 0755)))
			cg_die(errno, box_name, "", "");
		h->box = cg_open(h->parent, box_name, O_RDONLY | O_DIRECTORY);
		if (h->box < 0)
			cg_die(errno, box_name, "", "");
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
	join = nhier > 1 || hier[0].id;
	if (!join) {
		args[0] = flags | CLONE_INTO_CGROUP;
		args[4] = SIGCHLD;	/* exit_signal */
		args[10] = hier[0].box;	/* cgroup */
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
	unsigned i;
	int e;

	for (i = 0; i < nhier; i++) {
		if (join && (e = cg_write(hier[i].box, "cgroup.procs", "0")))
			die_sys(e, 0, "cgroup: join ", box_name);
		close(hier[i].box);
		close(hier[i].parent);
	}
	if (CFG_CGROUP_NS && join && (o.flags & CLONE_NEWCGROUP) &&
	    unshare(CLONE_NEWCGROUP))
		die_sys(errno, 0, "unshare cgroup namespace");
}

/* What the box's memory cgroup counted: "oom_kill N" of memory.events
 * (v2) or memory.oom_control (v1, Linux 4.13+). */
static void oom_report(struct hier *h)
{
	const char *f = h->id ? "memory.oom_control" : "memory.events";
	char buf[512], *p, *q;
	int fd = cg_open(h->box, f, O_RDONLY);
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
	unsigned i;

	for (i = 0; CFG_LIMITS && i < nhier; i++) {
		struct hier *h = hier + i;

		if (h->box >= 0) {
			if (h->ctls & 2)
				oom_report(h);
			close(h->box);
			unlinkat(h->parent, box_name, AT_REMOVEDIR);
		}
		close(h->parent);
	}
	nhier = 0;
	return CFG_TIMEOUT && timed_out ? 124 : st;
}

/* --timeout: SIGALRM through the outer process's signalfd, even where
 * the caller ignores it (a blocked signal is queued, not ignored). */
void timeout_arm(sigset_t *set)
{
	sigaddset(set, SIGALRM);
	sigprocmask(SIG_BLOCK, set, 0);
	alarm(o.timeout);
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
			alarm(o.kill_after);
			return 1;
		}
	}
	kill(child, SIGKILL);
	return 1;
}
