/* SPDX-License-Identifier: 0BSD */
/* floor2: floor1 plus the least a correct PID 1 does: block signals, fork
 * COMMAND, reap every zombie, forward every other signal to COMMAND, exit
 * with its status. The benchmark's floor for nsbox's default (its own init
 * as PID 1). A yardstick, not a tool. Needs root. */
#include "floor.h"

int main(int argc, char **argv)
{
	return floor_box(argc, argv, floor_init);
}
