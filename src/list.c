/* SPDX-License-Identifier: 0BSD */
/* list.c: finding running boxes, --name and -l. A box is known by state the
 * kernel keeps, never by a file that could go stale: nsbox's init sets its
 * command name to "nsbox-init" and rewrites its command line to
 * "nsbox-init[ NAME][ -R DIR]" (what ps shows; the outer nsbox keeps
 * the command line it was given). A SIGKILLed box is gone
 * from /proc, and so is its name. See proc(5): /proc/PID/comm, cmdline,
 * stat, ns/; prctl(2) PR_SET_NAME. */
#include "nsbox.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/utsname.h>
#include <sys/wait.h>

/* The decimal digits of V, written backwards from END (not terminated). */
char *ultoa(unsigned long v, char *end)
{
	do
		*--end = '0' + v % 10;
	while (v /= 10);
	return end;
}

extern char **environ;

/* The end of the string S, past its NUL. */
static char *past(char *s)
{
	return s + strlen(s) + 1;
}

/* In the init, after the command is started (its copy of the arguments is
 * its own by then): the title of the box, over the argv area the kernel
 * gave nsbox, NUL-terminated; the area's last byte is made non-zero, which
 * tells the kernel to show the string up to its first NUL (setproctitle(3)
 * semantics of /proc/PID/cmdline) rather than the whole area with its
 * padding. With "--name NAME" and "-R DIR" in it, the area holds their
 * title; an area too small for the title ("nsbox sh") takes in the
 * environment's strings that follow it (the init reads no variable). */
void box_title(void)
{
	static char t[4200];
	char *a = o.args[0], *end, **p = o.args;
	size_t n = 0, size;
	const char *part[] = {
		INIT_COMM, o.name ? " " : "", o.name,
		CFG_ROOT && o.root ? " -R " : "", CFG_ROOT ? o.root : 0,
	};
	unsigned i;

	/* Composed aside first: the name and DIR are in the area. */
	for (i = 0; i < sizeof(part) / sizeof(*part); i++) {
		const char *s = part[i];

		while (s && *s && n < sizeof(t) - 1)
			t[n++] = *s++;
	}
	while (p[1])
		p++;
	end = past(*p);
	size = end - a;
	if (size < n + 2 && *environ == end) {
		for (p = environ; p[1]; p++)
			;
		size = past(*p) - a;
	}
	if (size < 3)
		return;
	if (n > size - 2)
		n = size - 2;
	memset(a, 0, size);
	memcpy(a, t, n);
	if (end > a + n + 1)
		end[-1] = '.';
}

/* Read the file PATH under the directory DFD into BUF (SIZE bytes with the
 * terminating NUL); returns the length, -1 on error. */
static int readat(int dfd, const char *path, char *buf, int size)
{
	int fd = openat(dfd, path, O_RDONLY | O_CLOEXEC), n = -1, r;

	if (fd < 0)
		return -1;
	for (n = 0; n < size - 1; n += r)
		if ((r = read(fd, buf + n, size - 1 - n)) <= 0)
			break;
	close(fd);
	buf[n] = 0;
	return n;
}

/* The name in a box title "nsbox-init[ NAME][ -R DIR]", its length in N;
 * a title without a name gives 0. */
static const char *title_name(const char *t, unsigned *n)
{
	t += sizeof(INIT_COMM) - 1;
	if (*t != ' ' || t[1] == '-')
		return 0;
	for (*n = 0, t++; t[*n] && t[*n] != ' '; ++*n)
		;
	return t;
}

struct box {
	int fd;			/* /proc/PID, O_PATH */
	unsigned long pid;
	char title[256];	/* the init's command line */
};

/* Call EACH on every nsbox init of the caller's uid (every uid with ALL),
 * until it returns non-zero; returns that box's PID, else 0. */
static unsigned long scan(int all, int (*each)(struct box *, const void *),
			  const void *arg)
{
	static char buf[4096];
	struct box b;
	unsigned st[64];	/* struct statx: stx_uid at byte 20 */
	char path[32], comm[20];
	int proc = sys_open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
	long n, i;
	uid_t me = geteuid();

	if (proc < 0)
		die_sys(errno, "is /proc mounted?", "/proc");
	while ((n = syscall(SYS_getdents64, proc, buf, sizeof(buf))) > 0)
		for (i = 0; i < n; i += ((struct dirent *)(buf + i))->d_reclen) {
			const char *d = ((struct dirent *)(buf + i))->d_name;
			size_t l = strlen(d);

			if ((unsigned)(*d - '0') >= 10 || l > 20)
				continue;
			memcpy(path, d, l);
			memcpy(path + l, "/comm", 6);
			if (readat(proc, path, comm, sizeof(comm)) !=
			    sizeof(INIT_COMM) ||
			    memcmp(comm, INIT_COMM "\n", sizeof(INIT_COMM)))
				continue;
			b.fd = openat(proc, d, O_PATH | O_DIRECTORY | O_CLOEXEC);
			if (b.fd < 0)
				continue;
			/* statx(2), not stat(2): one layout on every arch. */
			if (!syscall(SYS_statx, b.fd, "", AT_EMPTY_PATH,
				     0x8 /* STATX_UID */, st) &&
			    (all || st[5] == me) &&
			    readat(b.fd, "cmdline", b.title, sizeof(b.title)) > 0 &&
			    !memcmp(b.title, INIT_COMM, sizeof(INIT_COMM) - 1)) {
				b.pid = parse_uint("pid", d, ~0UL);
				if (each(&b, arg)) {
					close(proc);
					return b.pid;	/* b.fd stays open */
				}
			}
			close(b.fd);
		}
	close(proc);
	return 0;
}

static int has_name(struct box *b, const void *name)
{
	unsigned n;
	const char *s = title_name(b->title, &n);

	return s && n == strlen(name) && !memcmp(s, name, n);
}

unsigned long box_find(const char *name)
{
	return scan(0, has_name, name);
}

/* ---- -l */

#define NSTYPES "pid\0uts\0ipc\0mnt\0net\0user\0cgroup\0time\0"
#define NSLETTERS "puimnUCT"

static char line[128];
static unsigned col;

/* Field S in a column of width W (right-aligned when RIGHT), cut to fit. */
static void field(const char *s, unsigned w, int right)
{
	unsigned l = strlen(s), start = col;

	if (l > w)
		l = w;
	if (right)
		while (col < start + w - l)
			line[col++] = ' ';
	memcpy(line + col, s, l);
	col += l;
	while (col < start + w + 1)	/* pad, and one space between */
		line[col++] = ' ';
}

/* The hostname of the UTS namespace of box B: read by a child that joins
 * it (a UTS name is only visible from inside). A caller that is not root
 * joins the box's user namespace first, as setns(2) requires. */
static void hostname_of(struct box *b, char *out, int same)
{
	struct utsname u;
	int p[2], uts, user = -1, st;
	pid_t c;

	memcpy(out, "?", 2);
	if (same) {
		uname(&u);
		memcpy(out, u.nodename, strlen(u.nodename) + 1);
		return;
	}
	uts = openat(b->fd, "ns/uts", O_RDONLY | O_CLOEXEC);
	if (geteuid())
		user = openat(b->fd, "ns/user", O_RDONLY | O_CLOEXEC);
	if (uts < 0 || sys_pipe2(p, O_CLOEXEC))
		goto out;
	c = sys_clone(SIGCHLD);
	if (!c) {
		if (user >= 0)
			syscall(SYS_setns, user, CLONE_NEWUSER);
		if (!syscall(SYS_setns, uts, CLONE_NEWUTS) && !uname(&u))
			(void)!write(p[1], u.nodename, strlen(u.nodename));
		_exit(0);
	}
	close(p[1]);
	if (c > 0) {
		st = read(p[0], out, 64);
		out[st > 0 ? st : 0] = 0;
		if (st <= 0)
			memcpy(out, "?", 2);
		waitpid(c, &st, 0);
	}
	close(p[0]);
out:
	close(uts);
	if (user >= 0)
		close(user);
}

static unsigned long now;	/* ticks since boot, from /proc/uptime */

static unsigned long num(const char *s)
{
	unsigned long v = 0;

	while ((unsigned)(*s - '0') < 10)
		v = v * 10 + (*s++ - '0');
	return v;
}

/* "/proc/PID/" + REL in BUF (PID 0: self). */
char *procpath(char *buf, unsigned long pid, const char *rel)
{
	char d[24], *p = pid ? ultoa(pid, d + sizeof(d)) : d + sizeof(d) - 4;
	size_t n;

	if (!pid)
		memcpy(p, "self", 4);
	n = d + sizeof(d) - p;

	memcpy(buf, "/proc/", 6);
	memcpy(buf + 6, p, n);
	buf[6 + n] = '/';
	memcpy(buf + 7 + n, rel, strlen(rel) + 1);
	return buf;
}

static int show(struct box *b, const void *arg)
{
	char buf[512], a[48], c[48], ns[9], host[65], d[24], path[64], *e;
	const char *s, *t = b->title, *type = NSTYPES;
	unsigned long ppid = 0, start = 0, up, child;
	unsigned n, i;
	int l, k;

	(void)arg;
	col = 0;
	s = title_name(t, &n);
	memcpy(buf, s ? s : "-", s ? n : 1);
	buf[s ? n : 1] = 0;
	field(buf, 12, 0);
	d[23] = 0;
	field(ultoa(b->pid, d + 23), 7, 1);
	/* ") S ppid pgrp ... starttime": fields 4 and 22 of stat(5). */
	if (readat(b->fd, "stat", buf, sizeof(buf)) > 0 && (s = strrchr(buf, ')'))) {
		for (i = 0; *s; s++) {
			if (*s == ' ' && ++i == 2)
				ppid = num(s + 1);
			else if (*s == ' ' && i == 20)
				start = num(s + 1);
		}
	}
	/* The namespaces it owns: those that differ from its parent's (the
	 * outer nsbox, which made them). */
	for (i = 0; i < 8; i++, type += strlen(type) + 1) {
		memcpy(a, "ns/", 3);
		memcpy(a + 3, type, strlen(type) + 1);
		l = readlinkat(b->fd, a, buf, sizeof(buf) - 1);
		k = readlinkat(AT_FDCWD, procpath(path, ppid, a), c, sizeof(c));
		if (k < 0)	/* the parent is gone or not ours: vs. us */
			k = readlinkat(AT_FDCWD, procpath(path, 0, a), c, sizeof(c));
		ns[i] = l > 0 && (k != l || memcmp(buf, c, l)) ? NSLETTERS[i] : '-';
	}
	ns[8] = 0;
	field(ns, 8, 0);
	up = now > start ? (now - start) / 100 : 0;
	e = buf + 23;
	*e = 0;
	if (up >= 86400) {	/* DDDdHHh */
		*--e = 'h';
		*--e = '0' + up / 3600 % 24 % 10;
		*--e = '0' + up / 3600 % 24 / 10;
		*--e = 'd';
		e = ultoa(up / 86400, e);
	} else {		/* HH:MM:SS */
		for (i = 0; i < 3; i++, up /= 60) {
			unsigned v = i == 2 ? up : up % 60;

			*--e = '0' + v % 10;
			*--e = '0' + v / 10 % 10;
			if (i < 2)
				*--e = ':';
		}
	}
	field(e, 8, 1);
	hostname_of(b, host, ns[1] == '-');
	field(host, 12, 0);
	for (s = t; *s && memcmp(s, " -R ", 4); s++)
		;
	field(*s ? s + 4 : "-", 10, 0);
	/* The command: the init's first child (children are listed in the
	 * order they were made, and the command was first). */
	memcpy(a, "task/", 5);
	child = 0;
	s = ultoa(b->pid, d + 23);
	memcpy(a + 5, s, d + 23 - s);
	memcpy(a + 5 + (d + 23 - s), "/children", 10);
	if (readat(b->fd, a, buf, 24) > 0)
		child = num(buf);
	l = child ? readat(AT_FDCWD, procpath(path, child, "cmdline"), buf,
			   80 - col + 1) : -1;
	if (l <= 0)
		memcpy(buf, "-", 2);
	for (i = 0; (int)i < l; i++)
		if (!buf[i] || buf[i] == '\n')
			buf[i] = ' ';
	field(buf, 80 - col - 1, 0);
	while (col && line[col - 1] == ' ')
		col--;
	line[col] = 0;
	say(1, line, (char *)0);
	return 0;
}

int list_main(void)
{
	char buf[64];

	if (readat(AT_FDCWD, "/proc/uptime", buf, sizeof(buf)) > 0) {
		const char *s = strchr(buf, '.');

		now = num(buf) * 100 + (s ? num(s + 1) : 0);
	}
	col = 0;
	field("NAME", 12, 0);
	field("PID", 7, 1);
	field("NS", 8, 0);
	field("UPTIME", 8, 1);
	field("HOSTNAME", 12, 0);
	field("ROOT", 10, 0);
	memcpy(line + col, "COMMAND", 8);
	say(1, line, (char *)0);
	scan(!geteuid(), show, 0);
	return 0;
}
