/* SPDX-License-Identifier: 0BSD */
/* user.c: the uid/gid maps of a new user namespace, written by the parent
 * while the child waits at the checkpoint, and why the kernel may refuse
 * one. See user_namespaces(7). Linux 3.8+; setgroups Linux 3.19+. */
#include "nsbox.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/wait.h>

static char *put_num(char *p, unsigned long v)
{
	char t[20];
	int n = 0;

	do
		t[n++] = '0' + v % 10;
	while (v /= 10);
	while (n)
		*p++ = t[--n];
	return p;
}

/* Write S to /proc/PID/NAME: 0 or errno. */
static int proc_write(pid_t pid, const char *name, const char *s, size_t n)
{
	char path[48] = "/proc/", *p = put_num(path + 6, pid);
	int fd, e = 0;

	*p++ = '/';
	memcpy(p, name, strlen(name) + 1);
	fd = sys_open(path, O_WRONLY | O_CLOEXEC, 0);
	if (fd < 0 || write(fd, s, n) != (ssize_t)n)
		e = errno;
	if (fd >= 0)
		close(fd);
	return e;
}

/* A failed map leaves nothing behind: the child is killed and reaped. */
static void map(pid_t child, const char *file, unsigned in, unsigned out)
{
	char line[32], *p = put_num(line, in);
	int e;

	*p++ = ' ';
	p = put_num(p, out);
	memcpy(p, " 1\n", 3);
	if (!(e = proc_write(child, file, line, p + 3 - line)))
		return;
	kill(child, SIGKILL);
	waitpid(child, 0, 0);
	die_sys(e, e == EPERM && !strcmp(file, "gid_map") && o.setgroups &&
		*o.setgroups == 'a' && geteuid() ?
		"--setgroups allow needs root for a gid map" : user_hint(e),
		"write /proc/PID/", file);
}

void user_maps(pid_t child)
{
	const char *sg = o.setgroups;
	int e;

	if (o.map & 1)
		map(child, "uid_map", o.map_uid, geteuid());
	/* The kernel refuses an unprivileged gid_map while setgroups(2) is
	 * allowed (Linux 3.19+): deny it then, and only then (util-linux#3553:
	 * it has side effects). Older kernels have no setgroups file. */
	if (!sg && (o.map & 2) && geteuid())
		sg = "deny";
	if (sg && (e = proc_write(child, "setgroups", sg, strlen(sg))) &&
	    (o.setgroups || e != ENOENT)) {
		kill(child, SIGKILL);
		waitpid(child, 0, 0);
		die_sys(e, 0, "write /proc/PID/setgroups");
	}
	if (o.map & 2)
		map(child, "gid_map", o.map_gid, getegid());
}

const char *user_hint(int err)
{
	if (!CFG_ERROR_HINTS)
		return 0;
	if (err == ENOSPC && sysctl_is("/proc/sys/user/max_user_namespaces", '0'))
		return "sysctl user.max_user_namespaces is 0";
	if (err != EPERM)
		return 0;
	if (sysctl_is("/proc/sys/kernel/apparmor_restrict_unprivileged_userns", '1'))
		return "blocked by AppArmor: sysctl "
		       "kernel.apparmor_restrict_unprivileged_userns is 1";
	if (sysctl_is("/proc/sys/kernel/unprivileged_userns_clone", '0'))
		return "sysctl kernel.unprivileged_userns_clone is 0";
	return geteuid() ? "unprivileged user namespaces disabled, or in a chroot?"
			 : 0;
}
