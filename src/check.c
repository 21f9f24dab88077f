/* SPDX-License-Identifier: 0BSD */
/* check.c: nsbox --check: for every feature this build has, whether this
 * kernel and this user can use it, and if not, why and what to change.
 * Docker's check-config.sh and lxc-checkconfig read a kernel config file;
 * this tries the real kernel: each namespace type is unshare(2)d in a
 * child, as nsbox itself would (inside a new user namespace when not
 * root). One line an item: name, "ok", "no" or "--" (for information),
 * the detail; at most 80 columns. Exit 0 when everything works, else 1.
 * See namespaces(7), user_namespaces(7), proc(5) (Seccomp, mountinfo). */
#include "nsbox.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/utsname.h>
#include <sys/wait.h>

static int bad;

/* NAME padded to 12 columns, the verdict, the detail (A B C D). */
static void line(const char *verdict, const char *name, const char *a,
		 const char *b, const char *c, const char *d)
{
	static const char pad[] = "            ";

	if (*verdict == 'n')
		bad = 1;
	say(1, name, pad + strlen(name), verdict, "  ", a, b, c, d, (char *)0);
}

/* Up to N-1 bytes of FILE, NUL-terminated; "" when it cannot be read. */
static char *slurp(const char *file, char *buf, unsigned n)
{
	int fd = sys_open(file, O_RDONLY | O_CLOEXEC, 0), r, k = 0;

	while (fd >= 0 && k < (int)n - 1 && (r = read(fd, buf + k, n - 1 - k)) > 0)
		k += r;
	if (fd >= 0)
		close(fd);
	buf[k] = 0;
	return buf;
}

/* The Nth word of L (0 if it has fewer); words end at ' ' or '\n'. */
static char *word(char *l, int n)
{
	for (; n && *l; l++)
		if (*l == ' ' || *l == '\n')
			n--;
	return *l ? l : 0;
}

/* The word at W, copied to T (N bytes); its length. */
static unsigned wcopy(const char *w, char *t, unsigned n)
{
	unsigned k;

	for (k = 0; w && w[k] && w[k] != ' ' && w[k] != '\n' && k < n - 1; k++)
		t[k] = w[k];
	t[k] = 0;
	return k;
}

/* In a child: become nobody when AS_NOBODY (a real try of rootless use),
 * unshare FLAGS, and when DEVPTS mount a new devpts instance (on /dev, in
 * the child's own mount namespace) and open its ptmx. Returns 0 or the
 * errno that stopped it. */
static int try(unsigned long flags, int as_nobody, int devpts)
{
	int st = 0;
	pid_t p = sys_clone(SIGCHLD);

	if (p < 0)
		return errno;
	if (!p) {
		if (as_nobody && (sys_setid(SYS_setgid, 65534) ||
				  sys_setid(SYS_setuid, 65534)))
			_exit(errno);
		if (unshare(flags))
			_exit(errno);
		if (devpts && (mount(0, "/", 0, MS_REC | MS_PRIVATE, 0) ||
			       mount("devpts", "/dev", "devpts", 0,
				     "newinstance,ptmxmode=0666") ||
			       sys_open("/dev/ptmx", O_RDWR | O_NOCTTY, 0) < 0))
			_exit(errno);
		_exit(0);
	}
	while (waitpid(p, &st, 0) < 0 && errno == EINTR)
		;
	return WIFEXITED(st) ? WEXITSTATUS(st) : EINTR;
}

/* Why an unprivileged user namespace is refused: the switches that
 * distributions add (as in user.c, shorter), or the error. */
static const char *userns_why(int err)
{
	if (sysctl_is("/proc/sys/user/max_user_namespaces", '0'))
		return "sysctl user.max_user_namespaces is 0";
	if (sysctl_is("/proc/sys/kernel/unprivileged_userns_clone", '0'))
		return "sysctl kernel.unprivileged_userns_clone is 0";
	if (sysctl_is("/proc/sys/kernel/apparmor_restrict_unprivileged_userns", '1'))
		return "sysctl kernel.apparmor_restrict_unprivileged_userns is 1";
	return errstr(err);
}

/* Each namespace type of the build, tried, with its limit. */
static void check_ns(unsigned long userns)
{
	char path[48], max[16], name[12];
	unsigned i, n;
	int err;

	for (i = 0; i < sizeof(nstypes) / sizeof(*nstypes); i++) {
		const char *t = nstypes[i].s, *cfg = nstype_cfg(i);
		char *sysctl = path + 10;

		if (!nstypes[i].flag)
			continue;
		n = strlen(t);
		memcpy(name, t, n);
		memcpy(name + n, " ns", 4);
		memcpy(path, "/proc/sys/user/max_", 19);
		memcpy(path + 19, t, n);
		memcpy(path + 19 + n, "_namespaces", 12);
		slurp(path, max, sizeof(max));
		wcopy(max, max, sizeof(max));
		sysctl[4] = '.';	/* user/max_... -> user.max_... */
		err = try(nstypes[i].flag | userns, 0, 0);
		if (!err)
			line("ok", name, *max ? sysctl : "", *max ? " is " : "",
			     max, "");
		else if (err == EINVAL && *cfg)
			line("no", name, "kernel without ", cfg, "", "");
		else if (err == ENOSPC)
			line("no", name, "sysctl ", sysctl,
			     *max == '0' ? " is 0" : " reached", "");
		else if (err == EPERM && userns)
			line("no", name, userns_why(err), "", "", "");
		else
			line("no", name, errstr(err), err == EPERM ?
			     " (seccomp or a security module?)" : "", "", "");
	}
}

/* The file system type of the last line of /proc/self/mountinfo whose
 * mount point is DIR (the one on top), in TYPE; "" when none. Fields:
 * id parent dev root mountpoint options [optional...] - type source ... */
static const char *fstype_at(const char *dir, char *type, unsigned n)
{
	char buf[1024], l[512], w[256];
	int fd = sys_open("/proc/self/mountinfo", O_RDONLY | O_CLOEXEC, 0), r, i;
	unsigned k = 0, f;

	*type = 0;
	while (fd >= 0 && (r = read(fd, buf, sizeof(buf))) > 0)
		for (i = 0; i < r; i++) {
			if (k < sizeof(l) - 1)
				l[k++] = buf[i];
			if (buf[i] != '\n')
				continue;
			l[k] = 0;
			k = 0;
			wcopy(word(l, 4), w, sizeof(w));
			if (strcmp(w, dir))
				continue;
			/* the optional fields end with a lone "-" */
			for (f = 6; wcopy(word(l, f), w, sizeof(w)) &&
			     strcmp(w, "-"); f++)
				;
			wcopy(word(l, f + 1), type, n);
		}
	if (fd >= 0)
		close(fd);
	return type;
}

/* kernel.*, user.* switches, seccomp, cgroup, devpts, the root. */
static void check_more(unsigned long userns)
{
	char buf[4096], t[16];
	const char *s;
	int err;

	if (CFG_USER_NS) {	/* rootless use: tried as nobody when root */
		err = try(CLONE_NEWUSER | opts_default_ns(), !userns, 0);
		line(err ? "no" : "ok", "rootless", err ? userns_why(err) :
		     "unprivileged user namespaces work", "", "", "");
	}
	for (s = slurp("/proc/self/status", buf, sizeof(buf));
	     *s && memcmp(s, "\nSeccomp:\t", 10); s++)
		;
	s += *s ? 10 : 0;
	line("--", "seccomp", *s == '2' ? "a filter on this process: "
	     "it may refuse what the kernel allows" : *s == '1' ?
	     "strict mode on this process" : *s == '0' ?
	     "none on this process" : "unknown (CONFIG_SECCOMP off?)", "", "", "");
	if (CFG_CGROUP_NS) {
		fstype_at("/sys/fs/cgroup", t, sizeof(t));
		if (!strcmp(t, "cgroup2"))
			line("ok", "cgroup", "v2 on /sys/fs/cgroup", "", "", "");
		else if (*fstype_at("/sys/fs/cgroup/unified", t, sizeof(t)))
			line("ok", "cgroup", "v1 and v2 on /sys/fs/cgroup/unified",
			     "", "", "");
		else
			line("--", "cgroup", *t ? "v1 only: -C mounts no cgroup2"
			     : "none on /sys/fs/cgroup: -C mounts no cgroup2",
			     "", "", "");
	}
	if (CFG_ROOT_DEV) {
		err = try(CLONE_NEWNS | userns, 0, 1);
		line(err ? "no" : "ok", "devpts", err ? "new instance: " :
		     "new instances for -R", err ? errstr(err) : "", err ?
		     " (CONFIG_DEVPTS_MULTIPLE_INSTANCES, Linux 4.7+)" : "", "");
	}
	if (CFG_ROOT)
		line("--", "root fs", strcmp(fstype_at("/", t, sizeof(t)),
		     "rootfs") ? "/ is no initramfs rootfs: -R uses pivot_root"
		     : "/ is the initramfs rootfs: -R uses MS_MOVE + chroot",
		     "", "", "");
}

int check_main(void)
{
	struct utsname u;
	unsigned long userns = geteuid() && CFG_USER_NS ? CLONE_NEWUSER : 0;

	uname(&u);
	line("--", "kernel", "Linux ", u.release, " ", u.machine);
	check_ns(userns);
	check_more(userns);
	return bad;
}
