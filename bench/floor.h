/* SPDX-License-Identifier: 0BSD */
/* floor.h: what the floor programs share (bench/floor1.c, bench/floor2.c,
 * bench/floorcg.c): the box nsbox makes by default, made the shortest way.
 * A yardstick, not a tool. */
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/* The exit status for the wait status ST: 128+N for a signal N. */
static inline int status(int st)
{
	return WIFSIGNALED(st) ? 128 + WTERMSIG(st) : WEXITSTATUS(st);
}

/* In the new box: / private, a fresh /proc, the hostname. 0 or -1. */
static inline int floor_setup(void)
{
	return mount("none", "/", 0, MS_REC | MS_PRIVATE, 0) ||
	       mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC,
		     0) || sethostname("floor", 5) ? -1 : 0;
}

/* The least a correct PID 1 does (floor2, floorcg): block signals, fork
 * COMMAND, reap every zombie, forward every other signal to COMMAND, exit
 * with its status. */
static inline int floor_init(char **argv)
{
	sigset_t all, old;
	int st, sig;
	long cmd, p;

	sigfillset(&all);
	sigprocmask(SIG_SETMASK, &all, &old);
	cmd = syscall(SYS_clone, SIGCHLD, 0, 0, 0, 0);
	if (cmd < 0)
		return 125;
	if (!cmd) {
		sigprocmask(SIG_SETMASK, &old, 0);
		execv(argv[0], argv);
		_exit(127);
	}
	for (;;) {
		sig = sigwaitinfo(&all, 0);
		if (sig == SIGCHLD) {
			while ((p = waitpid(-1, &st, WNOHANG)) > 0)
				if (p == cmd)
					return status(st);
		} else if (sig > 0) {
			kill(cmd, sig);
		}
	}
}

/* One clone with PID/UTS/IPC/mount namespaces; in the child make /
 * private, mount a fresh /proc, set the hostname, then exit with
 * RUN(ARGV + 1); wait for it. 125 when any of that fails. */
static inline int floor_box(int argc, char **argv, int (*run)(char **argv))
{
	int st;
	long pid = syscall(SYS_clone, CLONE_NEWPID | CLONE_NEWUTS |
			   CLONE_NEWIPC | CLONE_NEWNS | SIGCHLD, 0, 0, 0, 0);

	if (argc < 2 || pid < 0)
		return 125;
	if (!pid) {
		if (floor_setup())
			_exit(125);
		_exit(run(argv + 1));
	}
	if (waitpid(pid, &st, 0) < 0)
		return 125;
	return status(st);
}
