/* ns.c: what happens inside the new namespaces before the command runs,
 * and what a failed clone(2) most likely means.
 * See namespaces(7), mount_namespaces(7), proc(5). Linux 3.8+. */
#include "nsbox.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mount.h>

static const struct {
	unsigned long flag;
	const char *file, *missing, *limit;
} nstypes[] = {
	{ CLONE_NEWPID, "/proc/self/ns/pid", "kernel built without CONFIG_PID_NS?",
	  "/proc/sys/user/max_pid_namespaces reached" },
	{ CLONE_NEWUTS, "/proc/self/ns/uts", "kernel built without CONFIG_UTS_NS?",
	  "/proc/sys/user/max_uts_namespaces reached" },
	{ CLONE_NEWIPC, "/proc/self/ns/ipc", "kernel built without CONFIG_IPC_NS?",
	  "/proc/sys/user/max_ipc_namespaces reached" },
	{ CLONE_NEWNS, "/proc/self/ns/mnt", "mount namespaces need Linux 2.4.19+",
	  "/proc/sys/user/max_mnt_namespaces reached" },
};

/* Translate errno into the likely cause (util-linux#3851, toybox#511). */
const char *ns_hint(int err, unsigned long flags)
{
	unsigned i;

	if (!CFG_ERROR_HINTS)
		return 0;
	if (err == EPERM)
		return geteuid() ? "are you root?"
				 : "blocked by seccomp or a security module?";
	for (i = 0; i < sizeof(nstypes) / sizeof(*nstypes); i++) {
		if (!(flags & nstypes[i].flag))
			continue;
		/* A kernel without the type has no /proc/self/ns entry. */
		if (err == EINVAL && access(nstypes[i].file, F_OK))
			return nstypes[i].missing;
		if (err == ENOSPC) {
			char buf[16] = "";
			int fd = open(nstypes[i].limit, 0);
			ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof(buf));

			if (fd >= 0)
				close(fd);
			if (n > 0 && buf[0] == '0' && buf[1] == '\n')
				return nstypes[i].limit;
		}
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
		die_sys(errno, errno == EPERM && geteuid() ? "are you root?" : 0,
			"mount ", type ? type : "", type ? " on " : "", dst);
}

void ns_setup(void)
{
	if (CFG_HOSTNAME && o.hostname &&
	    sethostname(o.hostname, strlen(o.hostname)))
		die_sys(errno, 0, "sethostname ", o.hostname);
	if (CFG_MOUNT_NS && (o.flags & CLONE_NEWNS)) {
		/* Make / private first, so nothing we mount reaches the host
		 * (util-linux#648: never change propagation of a non-mount). */
		if (o.propagation)
			xmount("none", "/", 0, o.propagation);
		if (CFG_ROOT && o.root)
			root_setup();	/* its own /proc, then / */
		else if (CFG_MOUNT_PROC && o.proc_dir)
			xmount("proc", o.proc_dir, "proc",
			       MS_NOSUID | MS_NODEV | MS_NOEXEC);
	}
	if (CFG_WD && o.wd && chdir(o.wd))
		die_sys(errno, 0, "--wd ", o.wd);
}
