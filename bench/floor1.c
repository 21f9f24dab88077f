/* SPDX-License-Identifier: 0BSD */
/* floor1: the least a tool can do to run COMMAND isolated like nsbox's
 * default: one clone with PID/UTS/IPC/mount namespaces, make / private,
 * mount a fresh /proc, set the hostname, exec, wait. The benchmark's floor
 * for "nsbox --as-pid-1" (COMMAND is PID 1). No error reporting beyond the
 * exit status: it is a yardstick, not a tool. Needs root. */
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

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
		execv(argv[1], argv + 1);
		_exit(127);
	}
	if (waitpid(pid, &st, 0) < 0)
		return 125;
	return WIFSIGNALED(st) ? 128 + WTERMSIG(st) : WEXITSTATUS(st);
}
