/* SPDX-License-Identifier: 0BSD */
/* sysfs.c: in a new mount namespace, a fresh sysfs for a new network
 * namespace (else /sys/class/net shows the host's, LESSONS 13) and a fresh
 * cgroup2 for a new cgroup namespace (else the mount still shows the
 * host's tree, util-linux#2232). See sysfs(5), cgroup_namespaces(7). */
#include "nsbox.h"

#include <errno.h>
#include <sys/mount.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>	/* ST_RDONLY (glibc has it only here) */

#define SYSFS_MAGIC 0x62656572
#define CGROUP2_MAGIC 0x63677270
#define FL (MS_NOSUID | MS_NODEV | MS_NOEXEC)

static int is_fs(const char *dir, unsigned long type, struct statfs *s)
{
	return !statfs(dir, s) && (unsigned long)s->f_type == type;
}

/* The kernel refuses the same superblock on top of itself (EBUSY), and
 * every cgroup2 mount shares one: put an empty tmpfs in between. Quiet
 * without a cgroup namespace to show (the fresh sysfs hid the host's
 * cgroup2; in a user namespace it may not come back). */
static void cgroup2(const char *dir, int loud)
{
	if (!mount("cgroup2", dir, "cgroup2", FL, 0) ||
	    (errno == EBUSY && !mount("tmpfs", dir, "tmpfs", FL | MS_RDONLY, 0) &&
	     !mount("cgroup2", dir, "cgroup2", FL, 0)))
		return;
	if (loud)
		warn_(errno, 0, "mount cgroup2 on ", dir, (char *)0);
}

void sys_setup(void)
{
	static const char *cgdir[] = {
		"/sys/fs/cgroup", "/sys/fs/cgroup/unified",	/* hybrid */
	};
	struct statfs s;
	int cg = -1, sysnew = 0, cgnew = CFG_CGROUP_NS &&
	    (o.flags & CLONE_NEWCGROUP);

	/* Where the host has cgroup2, looked up before /sys is covered. */
	if (is_fs(cgdir[0], CGROUP2_MAGIC, &s))
		cg = 0;
	else if (is_fs(cgdir[1], CGROUP2_MAGIC, &s))
		cg = 1;
	/* Only over a sysfs: on an initramfs without /sys, leave none.
	 * A read-only /sys stays read-only (a user namespace must not
	 * loosen locked flags). */
	if (CFG_NET_NS && (o.flags & CLONE_NEWNET) &&
	    is_fs("/sys", SYSFS_MAGIC, &s)) {
		if (mount("sysfs", "/sys", "sysfs", FL | (s.f_flags & ST_RDONLY), 0))
			warn_(errno, "/sys/class/net shows the host's",
			      "mount sysfs on /sys", (char *)0);
		else if ((sysnew = cg >= 0))
			cg = 0;	/* the fresh sysfs has only /sys/fs/cgroup */
	}
	if (cg >= 0 && (cgnew || sysnew))
		cgroup2(cgdir[cg], cgnew);
}
