/* SPDX-License-Identifier: 0BSD */
/* timens.c: a time namespace with monotonic and boot-time offsets.
 * clone(2) cannot take CLONE_NEWTIME (it overlaps the exit signal bits) and
 * offsets can only be written before a process enters: unshare(2) makes
 * the namespace for our children, we write /proc/self/timens_offsets, then
 * setns(2) into time_for_children so the child itself (init or the
 * command) is inside too. Done in the child, after the user namespace
 * maps, so it works rootless. See time_namespaces(7). Linux 5.6+. */
#include "nsbox.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>

static char *put(char *p, const char *clock, const char *secs)
{
	size_t n = strlen(clock);

	memcpy(p, clock, n);
	p[n] = ' ';
	p += n + 1;
	n = strlen(secs);
	memcpy(p, secs, n);
	memcpy(p + n, " 0\n", 3);
	return p + n + 3;
}

void time_setup(void)
{
	char buf[64], *p = buf;
	int fd;

	if (unshare(CLONE_NEWTIME))
		die_sys(errno, ns_hint(errno, CLONE_NEWTIME), "unshare time");
	if (o.mono)
		p = put(p, "monotonic", o.mono);
	if (o.boot)
		p = put(p, "boottime", o.boot);
	if (p > buf) {
		fd = sys_open("/proc/self/timens_offsets", O_WRONLY | O_CLOEXEC, 0);
		if (fd < 0 || write(fd, buf, p - buf) != p - buf)
			die_sys(errno, errno == ERANGE ?
				"the clock would go below zero" : 0,
				"write /proc/self/timens_offsets");
		close(fd);
	}
	fd = sys_open("/proc/self/ns/time_for_children", O_RDONLY | O_CLOEXEC, 0);
	if (fd < 0 || setns(fd, CLONE_NEWTIME))
		die_sys(errno, 0, "enter the time namespace");
	close(fd);
}
