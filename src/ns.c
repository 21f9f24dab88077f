/* SPDX-License-Identifier: 0BSD */
/* ns.c: what happens inside the new namespaces before the command runs,
 * and what a failed clone(2) most likely means.
 * See namespaces(7), mount_namespaces(7), proc(5). Linux 3.8+. */
#include "nsbox.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mount.h>

/* Each type: its /proc name, then what a kernel without it lacks: one
 * wording for ns_hint() and --check ("kernel without ..."). A type
 * compiled out keeps no strings and flag 0. */
#define NST(sym, flag, name, config) \
	{ CFG_##sym ? flag : 0, CFG_##sym ? name "\0" config : "" }
const struct nstype nstypes[8] = {
	NST(PID_NS, CLONE_NEWPID, "pid", "CONFIG_PID_NS"),
	NST(UTS_NS, CLONE_NEWUTS, "uts", "CONFIG_UTS_NS"),
	NST(IPC_NS, CLONE_NEWIPC, "ipc", "CONFIG_IPC_NS"),
	NST(MOUNT_NS, CLONE_NEWNS, "mnt", ""),
	NST(NET_NS, CLONE_NEWNET, "net", "CONFIG_NET_NS"),
	NST(USER_NS, CLONE_NEWUSER, "user", "CONFIG_USER_NS"),
	NST(CGROUP_NS, CLONE_NEWCGROUP, "cgroup",
	    "CONFIG_CGROUPS, or older than Linux 4.6"),
	NST(TIME_NS, CLONE_NEWTIME, "time",
	    "CONFIG_TIME_NS, or older than Linux 5.6"),
};

/* The kernel option of type I ("" when no option turns it off). */
const char *nstype_cfg(unsigned i)
{
	return nstypes[i].s + strlen(nstypes[i].s) + 1;
}

static char hint[96];

/* The hint A B C, in one static buffer. */
static const char *hcat(const char *a, const char *b, const char *c)
{
	const char *v[3] = { a, b, c };
	unsigned i, n = 0;

	for (i = 0; i < 3; i++)
		while (*v[i] && n < sizeof(hint) - 1)
			hint[n++] = *v[i]++;
	hint[n] = 0;
	return hint;
}

/* The sysctl file PATH reads "C\n". */
int sysctl_is(const char *path, char c)
{
	char buf[4] = "";
	int fd = sys_open(path, O_RDONLY | O_CLOEXEC, 0);

	if (fd >= 0) {
		(void)!read(fd, buf, sizeof(buf) - 1);
		close(fd);
	}
	return buf[0] == c && buf[1] == '\n' && !buf[2];
}

/* Translate errno into the likely cause (util-linux#3851, toybox#511). */
const char *ns_hint(int err, unsigned long flags)
{
	const char *h;
	unsigned i;

	if (!CFG_ERROR_HINTS)
		return 0;
	if (CFG_USER_NS && (flags & CLONE_NEWUSER) && (h = user_hint(err)))
		return h;
	if (err == EPERM)
		return geteuid() ? "are you root?"
				 : "blocked by seccomp or a security module?";
	for (i = 0; i < sizeof(nstypes) / sizeof(*nstypes); i++) {
		const char *n = nstypes[i].s, *cfg = nstype_cfg(i);

		if (!(flags & nstypes[i].flag))
			continue;
		/* A kernel without the type has no /proc/self/ns entry. */
		if (err == EINVAL && *cfg && access(hcat("/proc/self/ns/", n, ""), F_OK))
			return hcat("kernel without ", cfg, "?");
		if (err == ENOSPC &&
		    sysctl_is(hcat("/proc/sys/user/max_", n, "_namespaces"), '0'))
			return hcat("", hint, " is 0");
	}
	if (err == ENOSPC)
		return "a /proc/sys/user/max_*_namespaces limit reached";
	if (err == EAGAIN)
		return "RLIMIT_NPROC or the cgroup's pids.max reached?";
	if (err == EINVAL)
		return "kernel lacks a namespace type?";
	return 0;
}

static void xmount(const char *src, const char *dst, const char *type,
		   unsigned long fl)
{
	if (mount(src, dst, type, fl, 0))
		die_sys(errno, errno != EPERM ? 0 : CFG_USER_NS &&
			(o.flags & CLONE_NEWUSER) ? user_hint(EPERM) :
			geteuid() ? "are you root?" : 0,
			"mount ", type ? type : "", type ? " on " : "", dst);
}

void ns_setup(void)
{
	if (CFG_TIME_NS && (o.flags & CLONE_NEWTIME))
		time_setup();
	if (CFG_LOOPBACK && (o.flags & CLONE_NEWNET) && !o.no_lo)
		lo_up();
	if (CFG_HOSTNAME && o.hostname &&
	    sethostname(o.hostname, strlen(o.hostname)))
		die_sys(errno, 0, "sethostname ", o.hostname);
	if (CFG_MOUNT_NS && (o.flags & CLONE_NEWNS)) {
		/* Make / private first, so nothing we mount reaches the host
		 * (util-linux#648: never change propagation of a non-mount). */
		if (o.propagation && mount("none", "/", 0, o.propagation, 0)) {
			/* In a chroot "/" is not a mount point and its real
			 * mount cannot be named from here: refuse rather than
			 * let mounts propagate to the host. */
			if (errno == EINVAL)
				die_sys(errno, "/ is not a mount point: in a chroot?"
					" bind its directory on itself first",
					"make / private");
			xmount("none", "/", 0, o.propagation);
		}
		/* Not with shared propagation: a fresh /sys would reach
		 * the host's mount namespace. */
		if ((CFG_NET_NS || CFG_CGROUP_NS) &&
		    (o.flags & (CLONE_NEWNET | CLONE_NEWCGROUP)) &&
		    o.propagation && !(o.propagation & MS_SHARED))
			sys_setup();
		if (CFG_ROOT && o.root)
			root_setup();	/* its own /proc, then / */
		else if (CFG_MOUNT_PROC && o.proc_dir)
			xmount("proc", o.proc_dir, "proc",
			       MS_NOSUID | MS_NODEV | MS_NOEXEC);
	}
	if (CFG_WD && o.wd && chdir(o.wd))
		die_sys(errno, 0, "--wd ", o.wd);
}
