/* SPDX-License-Identifier: 0BSD */
/* enterfloor: the least a tool can do to run COMMAND inside the running box
 * of PID as "nsbox -e PID COMMAND" does: find the namespaces of PID that
 * differ from ours (their links compared: cheaper than opening them), join
 * them all with one setns(2) of a pidfd (Linux 5.8; one namespace fd at a
 * time, user first, where that fails), switch to its root, fork, exec,
 * wait. The benchmark's floor for nsbox -e. No error reporting beyond the
 * exit status: a yardstick, not a tool. Needs root.
 *   enterfloor PID COMMAND [ARG]... */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x80
#endif

static const char *const types[] = {
	"user", "cgroup", "ipc", "uts", "net", "pid", "mnt", "time",
};
static const int flags[] = {
	CLONE_NEWUSER, CLONE_NEWCGROUP, CLONE_NEWIPC, CLONE_NEWUTS,
	CLONE_NEWNET, CLONE_NEWPID, CLONE_NEWNS, CLONE_NEWTIME,
};

int main(int argc, char **argv)
{
	char path[64], self[64], a[64], b[64];
	int dfd, pidfd, root, st, fd[8], mask = 0, n;
	unsigned i;
	pid_t pid;

	if (argc < 3)
		return 125;
	strcpy(path, "/proc/");
	strcat(path, argv[1]);
	dfd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	pidfd = syscall(SYS_pidfd_open, atoi(argv[1]), 0);
	for (i = 0; i < 8; i++) {
		strcpy(path, "ns/");
		strcat(path, types[i]);
		n = readlinkat(dfd, path, a, sizeof(a));
		strcpy(self, "/proc/self/");
		strcat(self, path);
		if (n > 0 && (readlink(self, b, sizeof(b)) != n || memcmp(a, b, n)))
			mask |= flags[i];
	}
	root = openat(dfd, "root", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (pidfd < 0 || setns(pidfd, mask)) {
		for (i = 0; i < 8; i++) {
			strcpy(path, "ns/");
			strcat(path, types[i]);
			fd[i] = mask & flags[i] ?
				openat(dfd, path, O_RDONLY | O_CLOEXEC) : -1;
		}
		for (i = 0; i < 8; i++)
			if (fd[i] >= 0 && setns(fd[i], 0))
				return 125;
	}
	if (root < 0 || fchdir(root) || chroot(".") || chdir("/"))
		return 125;
	pid = fork();
	if (pid < 0)
		return 125;
	if (!pid) {
		execv(argv[2], argv + 2);
		_exit(127);
	}
	if (waitpid(pid, &st, 0) < 0)
		return 125;
	return WIFSIGNALED(st) ? 128 + WTERMSIG(st) : WEXITSTATUS(st);
}
