/* SPDX-License-Identifier: 0BSD */
/* floor1: the least a tool can do to run COMMAND isolated like nsbox's
 * default: one clone with PID/UTS/IPC/mount namespaces, make / private,
 * mount a fresh /proc, set the hostname, exec, wait. The benchmark's floor
 * for "nsbox --as-pid-1" (COMMAND is PID 1). No error reporting beyond the
 * exit status: it is a yardstick, not a tool. Needs root. */
#include "floor.h"

static int run(char **argv)
{
	execv(argv[0], argv);
	return 127;
}

int main(int argc, char **argv)
{
	return floor_box(argc, argv, run);
}
