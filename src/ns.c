/* ns.c: what happens inside the new namespaces before the command runs,
 * and what a failed clone(2) most likely means.
 * See namespaces(7), mount_namespaces(7), proc(5). Linux 3.8+. */
#include "nsbox.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mount.h>

/* A type compiled out keeps no strings. */
#define NST(sym, flag, name, missing) { CFG_##sym ? flag : 0, \
	CFG_##sym ? "/proc/self/ns/" name : 0, CFG_##sym ? missing : 0, \
	CFG_##sym ? "/proc/sys/user/max_" name "_namespaces is 0" : 0 }
static const struct {
	unsigned long flag;
	const char *file, *missing, *limit;
} nstypes[] = {
	NST(PID_NS, CLONE_NEWPID, "pid", "kernel built without CONFIG_PID_NS?"),
	NST(UTS_NS, CLONE_NEWUTS, "uts", "kernel built without CONFIG_UTS_NS?"),
	NST(IPC_NS, CLONE_NEWIPC, "ipc", "kernel built without CONFIG_IPC_NS?"),
	{ CLONE_NEWNS, "/proc/self/ns/mnt", "mount namespaces need Linux 2.4.19+",
	  "/proc/sys/user/max_mnt_namespaces is 0" },
	NST(NET_NS, CLONE_NEWNET, "net", "kernel built without CONFIG_NET_NS?"),
	NST(USER_NS, CLONE_NEWUSER, "user", "kernel built without CONFIG_USER_NS?"),
	NST(CGROUP_NS, CLONE_NEWCGROUP, "cgroup",
	    "cgroup namespaces need Linux 4.6+ and CONFIG_CGROUPS"),
	NST(TIME_NS, CLONE_NEWTIME, "time",
	    "time namespaces need Linux 5.6+ and CONFIG_TIME_NS"),
};

/* The sysctl file PATH (up to a space) reads "C\n". */
int sysctl_is(const char *path, char c)
{
	char buf[64] = "";
	size_t n = strcspn(path, " ");
	int fd;

	if (n >= sizeof(buf))
		return 0;
	memcpy(buf, path, n);
	buf[n] = 0;
	fd = open(buf, O_RDONLY | O_CLOEXEC);
	n = fd < 0 ? 0 : read(fd, buf, sizeof(buf));
	if (fd >= 0)
		close(fd);
	return n == 2 && buf[0] == c && buf[1] == '\n';
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
		if (!(flags & nstypes[i].flag))
			continue;
		/* A kernel without the type has no /proc/self/ns entry. */
		if (err == EINVAL && access(nstypes[i].file, F_OK))
			return nstypes[i].missing;
		if (err == ENOSPC && sysctl_is(nstypes[i].limit, '0'))
			return nstypes[i].limit;
	}
	if (err == ENOSPC)
		return "a /proc/sys/user/max_*_namespaces limit reached";
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
					" --propagation unchanged skips this",
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
