/* SPDX-License-Identifier: 0BSD */
/* enterfloor: the least a tool can do to run COMMAND inside the running box
 * of PID as "nsbox -e PID COMMAND" does: open every namespace of PID, join
 * those that differ from ours (user first), switch to its root, fork,
 * exec, wait. The benchmark's floor for nsbox -e. No error reporting beyond
 * the exit status: a yardstick, not a tool. Needs root.
 *   enterfloor PID COMMAND [ARG]... */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *const types[] = {
	"user", "cgroup", "ipc", "uts", "net", "pid", "mnt", "time",
};

int main(int argc, char **argv)
{
	char path[64];
	int fd[8], root, st;
	unsigned i;
	pid_t pid;

	if (argc < 3)
		return 125;
	for (i = 0; i < 8; i++) {
		struct stat a, b;

		strcpy(path, "/proc/");
		strcat(path, argv[1]);
		strcat(path, "/ns/");
		strcat(path, types[i]);
		fd[i] = open(path, O_RDONLY | O_CLOEXEC);
		strcpy(path, "/proc/self/ns/");
		strcat(path, types[i]);
		if (fd[i] >= 0 && !fstat(fd[i], &a) && !stat(path, &b) &&
		    a.st_ino == b.st_ino && a.st_dev == b.st_dev) {
			close(fd[i]);
			fd[i] = -1;
		}
	}
	strcpy(path, "/proc/");
	strcat(path, argv[1]);
	strcat(path, "/root");
	root = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	for (i = 0; i < 8; i++)
		if (fd[i] >= 0 && setns(fd[i], 0))
			return 125;
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
