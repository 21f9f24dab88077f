/* SPDX-License-Identifier: 0BSD */
/* enter.c: -e NAME|PID [COMMAND]: run COMMAND in every namespace of a
 * running box (one of nsbox's, or any process's: nsbox's "nsenter -t PID
 * -a"), with its root, as a child of its PID namespace. This process joins
 * the namespaces and the root, then run.c's code makes the child and does
 * the rest as for a box of our own: terminal, signals, exit status,
 * PDEATHSIG. See setns(2), user_namespaces(7), proc(5) /proc/PID/ns. */
#include "nsbox.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/prctl.h>

/* The order of setns(2) calls: the user namespace first (it gives the
 * capabilities the others need), the mount namespace late (after it, the
 * paths of this process change), as util-linux nsenter does. */
static const char types[] = "user\0cgroup\0ipc\0uts\0net\0pid\0mnt\0time\0";
static const int flags[] = {
	CLONE_NEWUSER, CLONE_NEWCGROUP, CLONE_NEWIPC, CLONE_NEWUTS,
	CLONE_NEWNET, CLONE_NEWPID, CLONE_NEWNS, CLONE_NEWTIME,
};

static const char *who;		/* the box, as the user named it */

static _Noreturn void fail(int err, const char *what)
{
	die_sys(err, err == EACCES || err == EPERM ? "not your box?" :
		err == ENOENT || err == ESRCH ? "the box has ended" : 0,
		"enter ", who, ": ", what);
}

/* The box's namespace REL ("ns/pid") is ours too? Namespaces are the same
 * when their links read the same ("pid:[4026531836]"). */
static int same(int dfd, const char *rel)
{
	char a[48], b[48];
	int n = syscall(SYS_readlinkat, dfd, rel, a, sizeof(a));

	return n > 0 && syscall(SYS_readlinkat, AT_FDCWD, procpath(b, 0, rel), b, sizeof(b)) == n &&
	       !memcmp(a, b, n);
}

/* The box's $SHELL, from its init's environment, into BUF; else 0. */
static char *box_shell(int dfd, char *buf, int size)
{
	int fd = sys_openat(dfd, "environ", O_RDONLY | O_CLOEXEC, 0), n = 0, r;
	char *p;

	if (fd < 0)
		return 0;
	while (n < size - 1 && (r = read(fd, buf + n, size - 1 - n)) > 0)
		n += r;
	close(fd);
	buf[n > 0 ? n : 0] = 0;
	for (p = buf; p < buf + n; p += strlen(p) + 1)
		if (!memcmp(p, "SHELL=/", 7))
			return p + 6;
	return 0;
}

int enter_main(char **argv)
{
	static char env[4096], *sh[2];
	const char *t = o.enter, *type = types;
	char path[32];
	int dfd, rfd, fd[8], i;
	unsigned long pid;

	who = t;
	if ((unsigned)(*t - '0') < 10)
		pid = parse_uint("--enter", t, 4194304);
	else if (!CFG_NAME || !(pid = box_find(t)))
		die("enter ", t, ": no box of yours by that name (nsbox -l)");
	dfd = sys_open(procpath(path, pid, ""), O_PATH | O_DIRECTORY | O_CLOEXEC, 0);
	if (dfd < 0)
		die("enter ", who, ": no such process");
	/* Everything is opened before the first setns(2): afterwards /proc
	 * may be another one, and the box may end while we join it (the fds
	 * keep its namespaces; the clone then fails). */
	for (i = 0; i < 8; i++, type += strlen(type) + 1) {
		char rel[16] = "ns/";

		memcpy(rel + 3, type, strlen(type) + 1);
		/* Missing in this kernel, or shared with us: skipped. */
		fd[i] = -1;
		if (!same(dfd, rel) &&
		    (fd[i] = sys_openat(dfd, rel, O_RDONLY | O_CLOEXEC, 0)) < 0 &&
		    errno != ENOENT)
			fail(errno, rel);
	}
	for (i = 0; i < 8 && fd[i] < 0; i++)
		;
	if (i == 8)
		die("enter ", who, ": not a box (it shares every namespace "
		    "with nsbox)");
	rfd = sys_openat(dfd, "root", O_PATH | O_DIRECTORY | O_CLOEXEC, 0);
	if (rfd < 0)
		fail(errno, "root");
	if (!*argv) {
		sh[0] = box_shell(dfd, env, sizeof(env));
		argv = sh;
	}
	if (fd[0] >= 0) {
		/* Until our ids are the box's, nothing in the box may ptrace
		 * us: its root has CAP_SYS_PTRACE in its user namespace. */
		syscall(SYS_prctl, PR_SET_DUMPABLE, 0, 0, 0, 0);
		/* A root caller drops its groups while it still can. */
		if (!geteuid())
			syscall(SYS_setgroups, 0, 0);
	}
	/* The box's terminal from the host's devpts, before anything of the
	 * box's (its /dev may have none, or be hostile). */
	if (CFG_PTY)
		pty_open();
	for (i = 0, type = types; i < 8; i++, type += strlen(type) + 1)
		if (fd[i] >= 0 && syscall(SYS_setns, fd[i], flags[i]))
			fail(errno, type);
	/* In the box's user namespace: become its root, as its command is
	 * (util-linux nsenter does the same). Where 0 is not mapped, a
	 * caller whose own ids are mapped stays itself; one whose ids are
	 * not (root entering a user's box) must not run with ids the box
	 * cannot see: they are still root's on the host's files. */
	if (fd[0] >= 0) {
		syscall(SYS_setresgid, 0, 0, 0);
		syscall(SYS_setresuid, 0, 0, 0);
		if (getuid() == 65534 || getgid() == 65534)
			die("enter ", who, ": your ids and root are not mapped "
			    "in its user namespace");
	}
	/* The init's root, which may lie below the mount namespace's. */
	if (syscall(SYS_fchdir, rfd) || chroot("."))
		fail(errno, "chroot");
	if (chdir("/"))
		fail(errno, "chdir /");
	if (argv == sh && (!sh[0] || access(sh[0], X_OK)))
		sh[0] = "/bin/sh";
	o.argv = argv;
	o.flags = 0;
	return run_main();
}
