/* SPDX-License-Identifier: 0BSD */
/* floor.h: what the two floor programs share (bench/floor1.c,
 * bench/floor2.c): the box nsbox makes by default, made the shortest way.
 * A yardstick, not a tool. */
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/* The exit status for the wait status ST: 128+N for a signal N. */
static int status(int st)
{
	return WIFSIGNALED(st) ? 128 + WTERMSIG(st) : WEXITSTATUS(st);
}

/* One clone with PID/UTS/IPC/mount namespaces; in the child make /
 * private, mount a fresh /proc, set the hostname, then exit with
 * RUN(ARGV + 1); wait for it. 125 when any of that fails. */
static int floor_box(int argc, char **argv, int (*run)(char **argv))
{
	int st;
	long pid = syscall(SYS_clone, CLONE_NEWPID | CLONE_NEWUTS |
			   CLONE_NEWIPC | CLONE_NEWNS | SIGCHLD, 0, 0, 0, 0);

	if (argc < 2 || pid < 0)
		return 125;
	if (!pid) {
		if (mount("none", "/", 0, MS_REC | MS_PRIVATE, 0) ||
		    mount("proc", "/proc", "proc",
			  MS_NOSUID | MS_NODEV | MS_NOEXEC, 0) ||
		    sethostname("floor", 5))
			_exit(125);
		_exit(run(argv + 1));
	}
	if (waitpid(pid, &st, 0) < 0)
		return 125;
	return status(st);
}
