/* SPDX-License-Identifier: 0BSD */
/* floor2: floor1 plus the least a correct PID 1 does: block signals, fork
 * COMMAND, reap every zombie, forward every other signal to COMMAND, exit
 * with its status. The benchmark's floor for nsbox's default (its own init
 * as PID 1). A yardstick, not a tool. Needs root. */
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static int status(int st)
{
	return WIFSIGNALED(st) ? 128 + WTERMSIG(st) : WEXITSTATUS(st);
}

static int init(char **argv)
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

int main(int argc, char **argv)
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
		_exit(init(argv + 1));
	}
	if (waitpid(pid, &st, 0) < 0)
		return 125;
	return status(st);
}
