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

/* Copy S to D; returns the end of D (its NUL). */
static char *cat(char *d, const char *s)
{
	size_t n = strlen(s);

	memcpy(d, s, n + 1);
	return d + n;
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
	static char t[4200];	/* a name, DIR (PATH_MAX) and the words */
	char *a = o.args[0], *end, **p = o.args;
	size_t n, size;

	/* Composed aside first: the name and DIR are in the area. */
	n = cat(cat(cat(cat(cat(t, INIT_COMM), o.name ? " " : ""),
			o.name ? o.name : ""), CFG_ROOT && o.root ? " -R " : ""),
		CFG_ROOT && o.root ? o.root : "") - t;
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
 * terminating NUL); returns the length, -1 on error. One read(2): a /proc
 * file smaller than the buffer comes whole (seq_file(9) fills the buffer,
 * cmdline too), a longer one is cut either way. */
int readat(int dfd, const char *path, char *buf, int size)
{
	int fd = sys_openat(dfd, path, O_RDONLY | O_CLOEXEC, 0), n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, size - 1);
	close(fd);
	buf[n > 0 ? n : 0] = 0;
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

static int found;		/* /proc/PID of the box scan() found */

static unsigned long num(const char *s)
{
	unsigned long v = 0;

	while ((unsigned)(*s - '0') < 10)
		v = v * 10 + (*s++ - '0');
	return v;
}

/* Is /proc's entry D owned by UID? statx(2), not stat(2): one layout on
 * every arch. */
static int owned(int proc, const char *d, unsigned uid)
{
	unsigned st[64];	/* struct statx: stx_uid at byte 20 */

	return !syscall(SYS_statx, proc, d, 0, 0x8 /* STATX_UID */, st) &&
	       st[5] == uid;
}

/* Call EACH on every nsbox init of the caller's uid (every uid with ALL),
 * until it returns non-zero; returns that box's PID, else 0.
 *
 * This costs per process on the machine, and /proc is slow: most are
 * passed over with one syscall. Another user's: by the owner of its
 * /proc/PID (statx(2)). One in our PID namespace: an nsbox init is PID 1
 * of the namespace it made, so that can only be our namespace's PID 1 (we
 * run in a box), /proc's "1" where /proc is our namespace's, i.e. where
 * its "self" is our getpid(). (Another namespace's /proc where our PID is
 * by chance the same: a box whose /proc is not its own does not find
 * itself.)
 *
 * NEWEST looks at the newest processes first: /proc lists PIDs upwards and
 * the kernel hands them out upwards from the last one (ours, nearly), then
 * from the bottom again; so each getdents64(2) buffer is walked down from
 * our PID, then down from its top. A box is mostly younger than the
 * machine's daemons and kernel threads, and a name is unique: the first
 * match is the only one (-l keeps the order of /proc). */
static unsigned long scan(int all, int newest,
			  int (*each)(struct box *, const void *),
			  const void *arg)
{
	static char buf[32768];
	static unsigned short at[sizeof(buf) / 24];	/* a dirent64: 24 B+ */
	struct box b;
	char path[32], comm[20], me[48], ns[48], pid[24];
	int proc = sys_open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
	int nl;
	long n, i, j, k, s;
	uid_t uid = geteuid();
	unsigned long self = getpid();
	const char *p = ultoa(self, pid + 23);

	if (proc < 0)
		die_sys(errno, "is /proc mounted?", "/proc");
	if (syscall(SYS_readlinkat, proc, "self", me, sizeof(me)) != pid + 23 - p ||
	    memcmp(me, p, pid + 23 - p) ||
	    (nl = syscall(SYS_readlinkat, proc, "self/ns/pid", me, sizeof(me))) < 0)
		nl = 0;
	while ((n = syscall(SYS_getdents64, proc, buf, sizeof(buf))) > 0) {
		for (i = k = s = 0; i < n; i += ((struct dirent *)(buf + i))->d_reclen)
			if (at[k++] = i, num(((struct dirent *)(buf + i))->d_name) <= self)
				s = k;
		for (j = 0; j < k; j++) {
			const char *d = ((struct dirent *)
				(buf + at[newest ? (s - 1 - j + k) % k : j]))->d_name;

			if ((unsigned)(*d - '0') >= 10 || strlen(d) > 20 ||
			    (!all && uid && !owned(proc, d, uid)) ||
			    (nl && strcmp(d, "1") &&
			     (memcpy(cat(path, d), "/ns/pid", 8),
			      syscall(SYS_readlinkat, proc, path, ns, sizeof(ns)) == nl) &&
			     !memcmp(ns, me, nl)))
				continue;
			memcpy(cat(path, d), "/comm", 6);
			if (readat(proc, path, comm, sizeof(comm)) !=
			    sizeof(INIT_COMM) ||
			    memcmp(comm, INIT_COMM "\n", sizeof(INIT_COMM)) ||
			    (!all && !owned(proc, d, uid)))
				continue;
			b.fd = sys_openat(proc, d, O_PATH | O_DIRECTORY | O_CLOEXEC, 0);
			if (b.fd < 0)
				continue;
			if (readat(b.fd, "cmdline", b.title, sizeof(b.title)) > 0 &&
			    !memcmp(b.title, INIT_COMM, sizeof(INIT_COMM) - 1)) {
				b.pid = parse_uint("pid", d, ~0UL);
				if (each(&b, arg)) {
					close(proc);
					found = b.fd;
					return b.pid;
				}
			}
			close(b.fd);
		}
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

unsigned long box_find(const char *name, int *dfd)
{
	unsigned long pid = scan(0, 1, has_name, name);

	if (dfd)
		*dfd = found;
	return pid;
}

/* ---- -l */

#define NSTYPES "pid\0uts\0ipc\0mnt\0net\0user\0cgroup\0time\0"
#define NSLETTERS "puimnUCT"

static char line[128];
static unsigned col;
static unsigned long now;	/* ticks since boot, from /proc/uptime */

/* Field S in a column of width W, cut to fit, and a space. */
static void field(const char *s, unsigned w)
{
	unsigned l = strlen(s);

	memcpy(line + col, s, l < w ? l : w);
	memset(line + col + (l < w ? l : w), ' ', w + 1 - (l < w ? l : w));
	col += w + 1;
}

/* The decimal string of V, in BUF (24 bytes). */
static char *dec(unsigned long v, char *buf)
{
	buf[23] = 0;
	return ultoa(v, buf + 23);
}

char *procpath(char *buf, unsigned long pid, const char *rel)
{
	char d[24];

	cat(cat(cat(cat(buf, "/proc/"), pid ? dec(pid, d) : "self"), "/"), rel);
	return buf;
}

/* The hostname of box B's UTS namespace, read by a child that joins it (a
 * UTS name is only visible from inside); a caller that is not root joins
 * the box's user namespace first, as setns(2) requires. */
static void hostname_of(struct box *b, char *out)
{
	struct utsname u;
	int p[2], uts, user, st;

	uts = sys_openat(b->fd, "ns/uts", O_RDONLY | O_CLOEXEC, 0);
	user = geteuid() ? sys_openat(b->fd, "ns/user", O_RDONLY | O_CLOEXEC, 0) : -1;
	*out = 0;
	if (uts >= 0 && !sys_pipe2(p, O_CLOEXEC)) {
		if (!sys_clone(SIGCHLD)) {
			if (user >= 0)
				syscall(SYS_setns, user, CLONE_NEWUSER);
			if (!syscall(SYS_setns, uts, CLONE_NEWUTS) && !uname(&u))
				(void)!write(p[1], u.nodename, strlen(u.nodename));
			_exit(0);
		}
		close(p[1]);
		st = read(p[0], out, 64);
		out[st > 0 ? st : 0] = 0;
		close(p[0]);
		wait(&st);
	}
	close(uts);
	close(user);
}

static int show(struct box *b, const void *arg)
{
	char buf[512], a[48], c[48], d[24], path[64];
	const char *s, *type = NSTYPES;
	unsigned long ppid = 0, start = 0, up;
	unsigned n, i;
	int l;

	(void)arg;
	col = 0;
	s = title_name(b->title, &n);
	memcpy(buf, s ? s : "-", s ? n : 1);
	buf[s ? n : 1] = 0;
	field(buf, 12);
	field(dec(b->pid, d), 7);
	/* ") S ppid pgrp ... starttime": fields 4 and 22 of proc(5) stat. */
	l = readat(b->fd, "stat", buf, sizeof(buf));
	while (l > 0 && buf[--l] != ')')
		;
	for (i = 0, s = buf + l; l > 0 && *s; s++)
		if (*s == ' ' && ++i == 2)
			ppid = num(s + 1);
		else if (*s == ' ' && i == 20)
			start = num(s + 1);
	/* The namespaces it owns: those that differ from its parent's (the
	 * outer nsbox, which made them). */
	for (i = 0; i < 8; i++, type += strlen(type) + 1) {
		cat(cat(a, "ns/"), type);
		l = syscall(SYS_readlinkat, b->fd, a, buf, sizeof(c));
		buf[i + 100] = l > 0 && (syscall(SYS_readlinkat, AT_FDCWD,
			procpath(path, ppid, a), c, sizeof(c)) != l ||
			memcmp(buf, c, l)) ? NSLETTERS[i] : '-';
	}
	buf[108] = 0;
	field(buf + 100, 8);
	/* Uptime, H:MM:SS. */
	up = now > start ? (now - start) / 100 : 0;
	s = ultoa(100 + up % 60, d + 23);
	d[23] = 0;
	*(char *)s = ':';
	*(char *)(s = ultoa(100 + up / 60 % 60, (char *)s)) = ':';
	field(ultoa(up / 3600, (char *)s), 9);
	if (buf[101] != '-')
		hostname_of(b, buf);
	else
		cat(buf, "-");
	field(buf, 12);
	for (s = b->title; *s && memcmp(s, " -R ", 4); s++)
		;
	field(*s ? s + 4 : "-", 10);
	/* The command: the init's first child (the children of a task are
	 * listed in the order they were made, and the command was first). */
	s = dec(b->pid, d);
	cat(cat(cat(a, "task/"), s), "/children");
	l = readat(b->fd, a, buf, 24) > 0 ?
		readat(AT_FDCWD, procpath(path, num(buf), "cmdline"), buf, 80 - col) : 0;
	if (l <= 0)
		l = cat(buf, "-") - buf;
	while (l--)
		if (!buf[l] || buf[l] == '\n')
			buf[l] = ' ';
	field(buf, 79 - col);
	while (line[col - 1] == ' ')
		col--;
	line[col] = 0;
	say(1, line, (char *)0);
	return 0;
}

int list_main(void)
{
	char buf[64];
	int i;

	if (readat(AT_FDCWD, "/proc/uptime", buf, sizeof(buf)) > 0) {
		for (i = 0; buf[i] && buf[i] != '.'; i++)
			;
		now = num(buf) * 100 + num(buf + i + 1);
	}
	say(1, "NAME         PID     NS       UPTIME    HOSTNAME     ROOT       "
	    "COMMAND", (char *)0);
	scan(!geteuid(), 0, show, 0);
	return 0;
}
