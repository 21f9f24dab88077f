/* SPDX-License-Identifier: 0BSD */
/* safe.c: what nsbox checks before anything else, in every build.
 * - Installed setuid or setgid, or with file capabilities, nsbox would hand
 *   every user namespaces, mounts and -R: refuse unless the real uid is
 *   already root (AT_SECURE, getauxval(3), execve(2)).
 * - Started with fd 0, 1 or 2 closed, nsbox's own pipes and files would
 *   take those numbers, and a message meant for stderr could land in one:
 *   hold them with close-on-exec placeholders, so that the command still
 *   finds them closed, as the caller left them. */
#include "nsbox.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/auxv.h>

extern char **environ;

void safe_start(void)
{
	struct pollfd p[3] = { { .fd = 0 }, { .fd = 1 }, { .fd = 2 } };
	unsigned long *a;
	char **e = environ;
	unsigned i;

	/* getauxval(AT_SECURE) without musl's (~100 bytes): the auxiliary
	 * vector follows the environment's null on the initial stack, and
	 * nothing has touched environ yet (System V ABI, "Process Stack"). */
	while (*e++)
		;
	for (a = (unsigned long *)e; *a != AT_NULL; a += 2)
		if (*a == AT_SECURE && a[1] && getuid())
			die("setuid, setgid or file capabilities: refused "
			    "unless run by root (nsbox runs rootless without them)");
	/* One poll(2) for the three: a closed fd reports POLLNVAL, and the
	 * lowest free number is the one open(2) takes. */
	if (poll(p, 3, 0) > 0)
		for (i = 0; i < 3; i++)
			if (p[i].revents & POLLNVAL)
				sys_open("/", O_PATH | O_CLOEXEC, 0);
}
