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
static const char types[] = "ns/user\0ns/cgroup\0ns/ipc\0ns/uts\0ns/net\0"
			    "ns/pid\0ns/mnt\0ns/time\0";
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

/* Must we join the box's namespace REL ("ns/pid")? Not where the kernel
 * lacks the type, nor where it is ours too: namespaces are the same when
 * their links read the same ("pid:[4026531836]"). */
static int differs(int dfd, const char *rel)
{
	char a[48], b[48];
	int n = syscall(SYS_readlinkat, dfd, rel, a, sizeof(a));

	if (n < 0 && errno != ENOENT)
		fail(errno, rel);
	return n > 0 && (syscall(SYS_readlinkat, AT_FDCWD, procpath(b, 0, rel),
				 b, sizeof(b)) != n || memcmp(a, b, n));
}

/* The box's $SHELL, from its init's environment, into BUF; else 0. */
static char *box_shell(int dfd, char *buf, int size)
{
	int n = readat(dfd, "environ", buf, size);
	char *p;

	for (p = buf; p < buf + n; p += strlen(p) + 1)
		if (!memcmp(p, "SHELL=/", 7))
			return p + 6;
	return 0;
}

/* Join the namespaces of MASK, one setns(2) a type from the box's
 * /proc/PID/ns files: the way for kernels before 5.8. Every file is opened
 * before the first setns(2): afterwards /proc may be another one, and the
 * box may end while we join it (the fds keep its namespaces; the clone
 * then fails). */
static void join_each(int dfd, unsigned mask)
{
	const char *type = types;
	int fd[8], i;

	for (i = 0; i < 8; i++, type += strlen(type) + 1)
		if ((fd[i] = -1, mask & flags[i]) &&
		    (fd[i] = sys_openat(dfd, type, O_RDONLY | O_CLOEXEC, 0)) < 0)
			fail(errno, type);
	for (i = 0, type = types; i < 8; i++, type += strlen(type) + 1)
		if (fd[i] >= 0 && syscall(SYS_setns, fd[i], flags[i]))
			fail(errno, type + 3);
}

int enter_main(char **argv)
{
	static char env[4096], *sh[2];
	const char *t = o.enter, *type = types;
	char path[32];
	int dfd = -1, rfd, pidfd, i;
	unsigned mask = 0;
	unsigned long pid;

	who = t;
	if ((unsigned)(*t - '0') < 10)
		pid = parse_uint("--enter", t, 4194304);
	else if (!CFG_NAME || !(pid = box_find(t, &dfd)))
		die("enter ", t, ": no box of yours by that name (nsbox -l)");
	if (dfd < 0)
		dfd = sys_open(procpath(path, pid, ""), O_PATH | O_DIRECTORY | O_CLOEXEC, 0);
	if (dfd < 0)
		die("enter ", who, ": no such process");
	/* A pidfd (Linux 5.3) joins every namespace in one setns(2) (5.8),
	 * all or none. It is the process of DFD: that one is still alive
	 * when its root is opened below, so PID was not reused meanwhile. */
	pidfd = syscall(SYS_pidfd_open, pid, 0);
	/* The types to join: those the box has (a kernel may lack some) and
	 * does not share with us. */
	for (i = 0; i < 8; i++, type += strlen(type) + 1)
		if (differs(dfd, type))
			mask |= flags[i];
	if (!mask)
		die("enter ", who, ": not a box (it shares every namespace "
		    "with nsbox)");
	rfd = sys_openat(dfd, "root", O_PATH | O_DIRECTORY | O_CLOEXEC, 0);
	if (rfd < 0)
		fail(errno, "root");
	/* The box's limits hold for the entered command: it joins the
	 * box's cgroups (opened now, with our rights) and then its cgroup
	 * namespace; this process stays out. */
	if (CFG_LIMITS)
		limits_enter(dfd, &mask);
	if (!*argv) {
		sh[0] = box_shell(dfd, env, sizeof(env));
		argv = sh;
	}
	if (mask & CLONE_NEWUSER) {
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
	/* Where the one call fails (an older kernel: ENOSYS, EINVAL; or any
	 * other cause), nothing was joined: one type at a time says which. */
	if (pidfd < 0 || syscall(SYS_setns, pidfd, mask))
		join_each(dfd, mask);
	/* In the box's user namespace: become its root, as its command is
	 * (util-linux nsenter does the same). Where 0 is not mapped, a
	 * caller whose own ids are mapped stays itself; one whose ids are
	 * not (root entering a user's box) must not run with ids the box
	 * cannot see: they are still root's on the host's files. */
	if (mask & CLONE_NEWUSER) {
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
