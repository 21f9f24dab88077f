/* SPDX-License-Identifier: 0BSD */
/* net.c: bring the loopback interface up in a new network namespace with
 * one ioctl, so 127.0.0.1 works without iproute2 (LESSONS 17; bubblewrap
 * dies where this fails, bubblewrap#745: we warn). See netdevice(7). */
#include "nsbox.h"

#include <errno.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

void lo_up(void)
{
	/* Any socket will do: ioctls a family does not know fall through to
	 * the device layer, and AF_UNIX exists without CONFIG_INET. The
	 * kernel keeps IFF_LOOPBACK; only IFF_UP is ours to set. */
	struct ifreq ifr = { .ifr_name = "lo", .ifr_flags = IFF_UP };
#ifdef SYS_socketcall	/* i386, s390, old mips: no socket(2) before 4.3 */
	int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
#else
	int fd = syscall(SYS_socket, AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
#endif

	if (fd < 0 || syscall(SYS_ioctl, fd, SIOCSIFFLAGS, &ifr))
		warn_(errno, "lo stays down", "bring up lo", (char *)0);
	if (fd >= 0)
		close(fd);
}
