/* SPDX-License-Identifier: 0BSD */
/* floorcg: floor2 in a cgroup of its own per hierarchy, the least a tool
 * can do to run COMMAND with limits: mkdir the cgroup, write the limits,
 * put the box in it, and rmdir it once the box has ended. The benchmark's
 * floor for "nsbox --pids-max ... --memory-max ... --cpu-max ...":
 *   floorcg 1:PARENT FILE=VALUE... [2:PARENT FILE=VALUE...] -- COMMAND...
 * 1:PARENT is a cgroup v1 hierarchy's directory: the child moves itself
 * there through "tasks" (its only thread; no global lock, see
 * src/limits.c). 2:PARENT is a cgroup2 directory whose children have the
 * controllers: the child is born there (clone3 CLONE_INTO_CGROUP, Linux
 * 5.7). Each FILE=VALUE is written in the new cgroup; ?FILE=VALUE where
 * the kernel has FILE (nsbox's memory.memsw.limit_in_bytes and
 * memory.swap.max: swap accounting). The parents are the
 * caller's business (the benchmark takes nsbox's). A yardstick, not a
 * tool: no error reporting beyond the exit status. Needs root. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include "floor.h"

#ifndef CLONE_INTO_CGROUP
#define CLONE_INTO_CGROUP 0x200000000ULL
#endif
#define NS (CLONE_NEWPID | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNS)

static char dirs[8][512];
static int ndirs, tasks[8], ntasks, v2 = -1;

static void child(char **argv)
{
	int i;

	for (i = 0; i < ntasks; i++)
		if (write(tasks[i], "0", 1) != 1)
			_exit(125);
	if (floor_setup())
		_exit(125);
	_exit(floor_init(argv));
}

/* mkdir the cgroups and write the limits; the cgroup2 one stays open for
 * clone3, the v1 ones' "tasks" for the child. */
static int setup(char **argv)
{
	char *a, *eq;
	int fd, ok, dfd = -1;

	for (; *argv && strcmp(*argv, "--"); argv++) {
		a = *argv;
		if ((a[0] == '1' || a[0] == '2') && a[1] == ':') {
			if (ndirs == 8)
				return -1;
			if (dfd != v2)
				close(dfd);
			snprintf(dirs[ndirs], sizeof(*dirs), "%s/floorcg-%d",
				 a + 2, (int)getpid());
			if (mkdir(dirs[ndirs], 0755))
				return -1;
			dfd = open(dirs[ndirs++], O_RDONLY | O_DIRECTORY |
				   O_CLOEXEC);
			if (dfd < 0)
				return -1;
			if (a[0] == '2')
				v2 = dfd;
			else if ((tasks[ntasks++] = openat(dfd, "tasks",
					O_WRONLY | O_CLOEXEC)) < 0)
				return -1;
			continue;
		}
		if (dfd < 0 || !(eq = strchr(a, '=')))
			return -1;
		*eq = 0;
		fd = openat(dfd, a + (*a == '?'), O_WRONLY | O_CLOEXEC);
		ok = fd >= 0 && write(fd, eq + 1, strlen(eq + 1)) > 0;
		close(fd);
		if (!ok && *a != '?')
			return -1;
	}
	if (dfd != v2)
		close(dfd);
	return 0;
}

int main(int argc, char **argv)
{
	static unsigned long long args[11];	/* struct clone_args */
	char **cmd = argv + 1;
	int st = 125, i;
	long pid = -1;

	while (*cmd && strcmp(*cmd, "--"))
		cmd++;
	if (argc < 2 || !*cmd || !cmd[1] || setup(argv + 1))
		goto out;
	if (v2 >= 0) {
		args[0] = NS | CLONE_INTO_CGROUP;
		args[4] = SIGCHLD;	/* exit_signal */
		args[10] = v2;		/* cgroup */
		pid = syscall(SYS_clone3, args, sizeof(args));
	} else {
		pid = syscall(SYS_clone, NS | SIGCHLD, 0, 0, 0, 0);
	}
	if (!pid)
		child(cmd + 1);
	if (pid > 0 && waitpid(pid, &st, 0) > 0)
		st = status(st);
out:
	for (i = ndirs; i-- > 0;)
		rmdir(dirs[i]);
	return st;
}
