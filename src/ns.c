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
	const char *name, *config;
} nstypes[] = {
	{ CLONE_NEWPID, "pid", "CONFIG_PID_NS" },
	{ CLONE_NEWUTS, "uts", "CONFIG_UTS_NS" },
	{ CLONE_NEWIPC, "ipc", "CONFIG_IPC_NS" },
	{ CLONE_NEWNS, "mnt", 0 },
};

static char hint[96];

static const char *cat(const char *a, const char *b, const char *c)
{
	unsigned n = 0;

	while (*a && n < sizeof(hint) - 1)
		hint[n++] = *a++;
	while (*b && n < sizeof(hint) - 1)
		hint[n++] = *b++;
	while (*c && n < sizeof(hint) - 1)
		hint[n++] = *c++;
	hint[n] = 0;
	return hint;
}

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
		const char *n = nstypes[i].name;

		if (!(flags & nstypes[i].flag))
			continue;
		/* A kernel without the type has no /proc/self/ns entry. */
		if (err == EINVAL && nstypes[i].config &&
		    access(cat("/proc/self/ns/", n, ""), F_OK))
			return cat("kernel built without ", nstypes[i].config, "?");
		if (err == ENOSPC) {
			char buf[4] = "";
			int fd = open(cat("/proc/sys/user/max_", n, "_namespaces"),
				      O_RDONLY | O_CLOEXEC);

			if (fd >= 0) {
				(void)!read(fd, buf, sizeof(buf));
				close(fd);
			}
			if (buf[0] == '0' && buf[1] == '\n')
				return cat("", hint, " is 0");
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
		if (CFG_ROOT && o.root)
			root_setup();	/* its own /proc, then / */
		else if (CFG_MOUNT_PROC && o.proc_dir)
			xmount("proc", o.proc_dir, "proc",
			       MS_NOSUID | MS_NODEV | MS_NOEXEC);
	}
	if (CFG_WD && o.wd && chdir(o.wd))
		die_sys(errno, 0, "--wd ", o.wd);
}
