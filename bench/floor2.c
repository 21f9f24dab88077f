/* SPDX-License-Identifier: 0BSD */
/* floor2: floor1 plus the least a correct PID 1 does: block signals, fork
 * COMMAND, reap every zombie, forward every other signal to COMMAND, exit
 * with its status. The benchmark's floor for nsbox's default (its own init
 * as PID 1). A yardstick, not a tool. Needs root. */
#include "floor.h"

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
	return floor_box(argc, argv, init);
}
