/* SPDX-License-Identifier: 0BSD */
/* compat.c: util-linux unshare(1) habits: --kill-child's signal names,
 * -S/--setuid and -G/--setgid (checked against the user namespace's maps
 * before anything exists, applied just before the exec, after the setup,
 * as unshare does), --keep-caps (the ambient set, Linux 4.3+).
 * See capabilities(7), setresuid(2), setgroups(2), PR_CAP_AMBIENT. */
#include "nsbox.h"

#include <errno.h>
#include <string.h>
#include <sys/prctl.h>

/* Raw syscalls: musl's setuid() and friends broadcast to every thread
 * (__synccall, ~1 KB), and nsbox has one. 32-bit ids where the old
 * 16-bit calls still hold the plain names (i386, arm, ...). */
#ifdef SYS_setuid32
#define NR_setuid SYS_setuid32
#define NR_setgid SYS_setgid32
#define NR_setgroups SYS_setgroups32
#else
#define NR_setuid SYS_setuid
#define NR_setgid SYS_setgid
#define NR_setgroups SYS_setgroups
#endif

/* Signal names in this architecture's numbering, util-linux's spelling:
 * TERM, SIGTERM, term, 15; RTMIN+N, RTMAX-N. */
static const unsigned char signum[] = {
	SIGHUP, SIGINT, SIGQUIT, SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE,
	SIGKILL, SIGUSR1, SIGSEGV, SIGUSR2, SIGPIPE, SIGALRM, SIGTERM,
	SIGCHLD, SIGCONT, SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU, SIGURG,
	SIGXCPU, SIGXFSZ, SIGVTALRM, SIGPROF, SIGWINCH, SIGIO, SIGPWR, SIGSYS,
};
static const char signame[] =
	"HUP\0INT\0QUIT\0ILL\0TRAP\0ABRT\0BUS\0FPE\0KILL\0USR1\0SEGV\0USR2\0"
	"PIPE\0ALRM\0TERM\0CHLD\0CONT\0STOP\0TSTP\0TTIN\0TTOU\0URG\0XCPU\0"
	"XFSZ\0VTALRM\0PROF\0WINCH\0IO\0PWR\0SYS";

static int upper(int c)
{
	return c >= 'a' && c <= 'z' ? c - 32 : c;
}

/* S starts with P, case aside: the rest of S, else 0. */
static const char *prefix(const char *s, const char *p)
{
	while (*p)
		if (upper(*s++) != *p++)
			return 0;
	return s;
}

int parse_signal(const char *opt, const char *arg)
{
	const char *s = arg, *n = signame, *r;
	unsigned i;

	if (*s >= '0' && *s <= '9') {
		if ((i = parse_uint(opt, s, _NSIG - 1)))
			return i;
		goto bad;
	}
	if ((r = prefix(s, "SIG")))
		s = r;
	for (i = 0; i < sizeof(signum); i++, n += strlen(n) + 1)
		if ((r = prefix(s, n)) && !*r)
			return signum[i];
	if ((r = prefix(s, "RTMIN")) || (r = prefix(s, "RTMAX"))) {
		int rt = s[4] == 'N' || s[4] == 'n', v = 0;

		if (*r == (rt ? '+' : '-'))
			v = parse_uint(opt, r + 1, SIGRTMAX - SIGRTMIN);
		else if (*r)
			goto bad;
		return rt ? SIGRTMIN + v : SIGRTMAX - v;
	}
bad:
	die(opt, ": unknown signal '", arg, "'");
}

/* Parent side, before anything exists: in a user namespace only the ids
 * nsbox maps exist (one each: the map options' or 0 for -r and the
 * rootless default); -U alone maps none. */
void ids_check(void)
{
	int userns = CFG_USER_NS && (o.flags & CLONE_NEWUSER);

	if ((o.setid & 1) && userns && (!(o.map & 1) || o.uid != o.map_uid))
		die("--setuid: uid not mapped in the user namespace (see -r, "
		    "--map-user)");
	if ((o.setid & 2) && userns && (!(o.map & 2) || o.gid != o.map_gid))
		die("--setgid: gid not mapped in the user namespace (see -r, "
		    "--map-group)");
}

/* The capabilities the command has inside become ambient, so that they
 * survive the exec under a non-zero uid (as unshare --keep-caps). */
static void keep_caps(void)
{
	struct { unsigned version; int pid; } h = { 0x20080522, 0 };
	struct { unsigned eff, perm, inh; } d[2];
	unsigned c;

	if (syscall(SYS_capget, &h, d))
		die_sys(errno, 0, "capget");
	d[0].inh = d[0].eff = d[0].perm;
	d[1].inh = d[1].eff = d[1].perm;
	if (syscall(SYS_capset, &h, d))
		die_sys(errno, 0, "capset");
	for (c = 0; c < 64; c++)
		if ((d[c / 32].perm >> c % 32 & 1) &&
		    syscall(SYS_prctl, PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, c, 0, 0))
			die_sys(errno, errno == EINVAL ? "Linux 4.3 or later?" : 0,
				"--keep-caps: raise the ambient capabilities");
}

/* Just before the exec: groups, then gid, then uid (the other order
 * would have dropped the right to change the gid). */
void ids_apply(void)
{
	if (CFG_KEEP_CAPS && o.keep_caps)
		syscall(SYS_prctl, PR_SET_KEEPCAPS, 1, 0, 0, 0);
	if (CFG_SETID && (o.setid & 2)) {
		/* In a user namespace with setgroups denied, the groups
		 * cannot change (and are not ours to drop). */
		if (syscall(NR_setgroups, 0, 0) &&
		    !(errno == EPERM && (o.flags & CLONE_NEWUSER)))
			die_sys(errno, 0, "setgroups");
		if (syscall(NR_setgid, o.gid))
			die_sys(errno, 0, "--setgid");
	}
	if (CFG_SETID && (o.setid & 1) && syscall(NR_setuid, o.uid))
		die_sys(errno, 0, "--setuid");
	if (CFG_KEEP_CAPS && o.keep_caps)
		keep_caps();
}
