/* nsbox: an isolated shell in new namespaces under a small, correct PID 1.
 * main.c: the option table, usage, the ordered setup sequence, exec/wait.
 * See clone(2), namespaces(7), pid_namespaces(7). */
#include "nsbox.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <stdlib.h>
#include <termios.h>

struct opts o;

enum {
	O_PID = 1, O_UTS, O_IPC, O_MOUNT, O_PROC, O_NOPROC, O_PROP, O_HOST,
	O_WD, O_ASPID1, O_KILLAFTER, O_HELP, O_VERSION,
	O_ROOT, O_DEV, O_SYS, O_NOTMP, O_NORESOLV,
	O_BIND, O_ROBIND, O_TMPFS,	/* in the order of BIND_* */
	O_VERBOSE,
	O_NET, O_NOLO, O_USER, O_MAPROOT, O_MAPUSER, O_MAPGROUP, O_SETGROUPS,
	O_CGROUP, O_TIME, O_MONO, O_BOOT,
};
#define ARG 1		/* takes an argument */
#define OPTARG 2	/* takes an optional --name=ARG */
#define CFG_ALWAYS 1

struct opt {
	char sh;
	unsigned char id, fl, on;
	const char *lng, *arg, *sym, *help;
};

/* One line per option: short, long, argument, flags, id, Kconfig symbol,
 * help. A compiled-out option keeps only what its error message needs. */
#define OPT(s, l, a, fl, id, sym, h) { s, id, fl, CFG_##sym, \
	CFG_LONG_OPTIONS ? l : 0, a, CFG_##sym ? 0 : "CONFIG_" #sym, \
	CFG_HELP && CFG_##sym ? h : 0 }
static const struct opt opts[] = {
	OPT('p', "pid", 0, 0, O_PID, PID_NS, "new PID namespace"),
	OPT('u', "uts", 0, 0, O_UTS, UTS_NS, "new UTS namespace (hostname)"),
	OPT('i', "ipc", 0, 0, O_IPC, IPC_NS, "new IPC namespace"),
	OPT('m', "mount", 0, 0, O_MOUNT, MOUNT_NS, "new mount namespace"),
	OPT('n', "net", 0, 0, O_NET, NET_NS,
	    "new network namespace (lo up, fresh /sys)"),
	OPT('U', "user", 0, 0, O_USER, USER_NS,
	    "new user namespace (unmapped unless -r or --map-*)"),
	OPT('C', "cgroup", 0, 0, O_CGROUP, CGROUP_NS,
	    "new cgroup namespace (fresh cgroup2 mount)"),
	OPT('T', "time", 0, 0, O_TIME, TIME_NS, "new time namespace"),
	OPT('r', "map-root-user", 0, 0, O_MAPROOT, USER_NS,
	    "map your uid and gid to root; implies -U"),
	OPT(0, "map-user", "UID", ARG, O_MAPUSER, USER_NS,
	    "map your uid to UID; implies -U"),
	OPT(0, "map-group", "GID", ARG, O_MAPGROUP, USER_NS,
	    "map your gid to GID; implies -U"),
	OPT(0, "setgroups", "allow|deny", ARG, O_SETGROUPS, USER_NS,
	    "setgroups(2) inside (default: deny if needed)"),
	OPT(0, "no-loopback", 0, 0, O_NOLO, LOOPBACK,
	    "leave lo down in a new network namespace"),
	OPT(0, "monotonic", "SECS", ARG, O_MONO, TIME_NS,
	    "offset of CLOCK_MONOTONIC; implies -T"),
	OPT(0, "boottime", "SECS", ARG, O_BOOT, TIME_NS,
	    "offset of CLOCK_BOOTTIME; implies -T"),
	OPT(0, "mount-proc", "DIR", OPTARG, O_PROC, MOUNT_PROC,
	    "mount proc on DIR (default /proc); implies -m"),
	OPT(0, "no-proc", 0, 0, O_NOPROC, MOUNT_PROC,
	    "do not mount a private /proc"),
	OPT(0, "propagation", "MODE", ARG, O_PROP, PROPAGATION,
	    "private|slave|shared|unchanged (default private)"),
	OPT('H', "hostname", "NAME", ARG, O_HOST, HOSTNAME,
	    "set the hostname; implies -u"),
	OPT('w', "wd", "DIR", ARG, O_WD, WD, "working directory inside"),
	OPT(0, "as-pid-1", 0, 0, O_ASPID1, AS_PID1,
	    "exec COMMAND as PID 1, without nsbox's init"),
	OPT(0, "kill-after", "SECS", ARG, O_KILLAFTER, INIT,
	    "grace between SIGTERM and SIGKILL at exit"),
	OPT('R', "root", "DIR", ARG, O_ROOT, ROOT,
	    "rescue root: DIR with its own /proc /sys /dev /run /tmp as /"),
	OPT(0, "dev", "MODE", ARG, O_DEV, ROOT_DEV,
	    "with -R: host (bind the host's /dev), min (tmpfs) or none"),
	OPT(0, "sys", "MODE", ARG, O_SYS, ROOT_SYS,
	    "with -R: ro (default), rw or none"),
	OPT(0, "no-tmp", 0, 0, O_NOTMP, ROOT,
	    "with -R: no tmpfs on /run and /tmp"),
	OPT(0, "no-resolv", 0, 0, O_NORESOLV, ROOT,
	    "with -R: keep the root's own /etc/resolv.conf"),
	OPT(0, "bind", "SRC[:DST]", ARG, O_BIND, ROOT_BIND,
	    "with -R: bind SRC on DST in the root (repeatable)"),
	OPT(0, "ro-bind", "SRC[:DST]", ARG, O_ROBIND, ROOT_BIND,
	    "with -R: the same, read-only"),
	OPT(0, "tmpfs", "DIR", ARG, O_TMPFS, ROOT_BIND,
	    "with -R: a tmpfs on DIR in the root"),
	OPT('v', "verbose", 0, 0, O_VERBOSE, VERBOSE,
	    "say what is set up"),
	OPT('h', "help", 0, 0, O_HELP, ALWAYS, "show this help"),
	OPT('V', "version", 0, 0, O_VERSION, ALWAYS,
	    "show the version and this build's features"),
};
#define NOPTS (sizeof(opts) / sizeof(*opts))

static const struct { unsigned long flag; unsigned char id, on; } nsopt[] = {
	{ CLONE_NEWPID, O_PID, CFG_PID_NS },
	{ CLONE_NEWUTS, O_UTS, CFG_UTS_NS },
	{ CLONE_NEWIPC, O_IPC, CFG_IPC_NS },
	{ CLONE_NEWNS, O_MOUNT, CFG_MOUNT_NS },
	{ CLONE_NEWNET, O_NET, CFG_NET_NS },
	{ CLONE_NEWUSER, O_USER, CFG_USER_NS },
	{ CLONE_NEWCGROUP, O_CGROUP, CFG_CGROUP_NS },
	{ CLONE_NEWTIME, O_TIME, CFG_TIME_NS },
};
/* Without a namespace option: these (and a user namespace when not root). */
#define DEFAULT_NS (CLONE_NEWPID | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNS)

static _Noreturn void usage(void)
{
	static const char pad[] = "                            ";
	char sh[] = "  -x, ";
	unsigned i, n;

	say(1, "usage: nsbox [OPTION]... [--] [COMMAND [ARG]...]", (char *)0);
	if (!CFG_HELP)
		_exit(0);
	say(1, "Run COMMAND (default $SHELL, else /bin/sh) in new namespaces "
	    "(by default PID, UTS,\nIPC and mount, with a private /proc) "
	    "under a small PID 1 of nsbox's own.\n", (char *)0);
	for (i = 0; i < NOPTS; i++) {
		const struct opt *p = &opts[i];

		if (!p->help || (!p->sh && !p->lng))
			continue;
		sh[3] = p->sh;
		n = 6 + (p->lng ? 2 + strlen(p->lng) : 0) +
		    (p->arg ? 1 + strlen(p->arg) + 2 * (p->fl == OPTARG) : 0);
		say(1, p->sh ? sh : "      ", p->lng ? "--" : "",
		    p->lng ? p->lng : "", p->arg ? (p->fl == OPTARG ? "[=" : " ")
		    : "", p->arg ? p->arg : "", p->fl == OPTARG ? "]" : "",
		    n + 1 < sizeof(pad) ? pad + n : "  ", p->help, (char *)0);
	}
	_exit(0);
}

static void parse_opt(const struct opt *p, const char *arg)
{
	unsigned i;

	for (i = 0; i < sizeof(nsopt) / sizeof(*nsopt); i++)
		if (nsopt[i].id == p->id) {
			o.flags |= nsopt[i].flag;
			o.no_proc |= 2;	/* a namespace was named */
		}
	if (CFG_USER_NS && p->id >= O_MAPROOT && p->id <= O_SETGROUPS)
		o.flags |= CLONE_NEWUSER;	/* implied, not named */
	if (CFG_TIME_NS && (p->id == O_MONO || p->id == O_BOOT))
		o.flags |= CLONE_NEWTIME;
	if (CFG_USER_NS && p->id == O_USER)
		o.map |= 4;	/* named: maps only as given */
	switch (p->id) {
	case O_PROC:
		o.proc_dir = arg ? arg : "/proc";
		o.flags |= CLONE_NEWNS;
		break;
	case O_NOPROC:
		o.no_proc |= 1;
		break;
	case O_PROP:
		if (!strcmp(arg, "private"))
			o.propagation = MS_REC | MS_PRIVATE;
		else if (!strcmp(arg, "slave"))
			o.propagation = MS_REC | MS_SLAVE;
		else if (!strcmp(arg, "shared"))
			o.propagation = MS_REC | MS_SHARED;
		else if (!strcmp(arg, "unchanged"))
			o.propagation = 0;
		else
			die("--propagation: unknown mode '", arg,
			    "' (private, slave, shared or unchanged)");
		break;
	case O_HOST:
		if (strlen(arg) > 64)
			die("--hostname: longer than 64 bytes");
		o.hostname = arg;
		o.flags |= CLONE_NEWUTS;
		break;
	case O_WD:
		o.wd = arg;
		break;
	case O_ASPID1:
		o.as_pid1 = 1;
		break;
	case O_KILLAFTER:
		o.kill_after = parse_uint("--kill-after", arg, 86400);
		break;
	case O_ROOT:
		o.root = arg;
		o.flags |= CLONE_NEWNS;
		break;
	case O_DEV:
		if (CFG_ROOT_DEV)
			o.dev = root_mode("--dev", arg, "host\0min\0none\0");
		break;
	case O_SYS:
		if (CFG_ROOT_SYS)
			o.sys = root_mode("--sys", arg, "ro\0rw\0none\0");
		break;
	case O_NOTMP:
		o.no_tmp = 1;
		break;
	case O_NORESOLV:
		o.no_resolv = 1;
		break;
	case O_BIND:
	case O_ROBIND:
	case O_TMPFS:
		if (CFG_ROOT_BIND)
			root_bind(p->id - O_BIND, (char *)arg);
		break;
	case O_VERBOSE:
		o.verbose = 1;
		break;
	/* Each body under its symbol: a compiled-out option never gets
	 * here, and its code must not stay in the binary. */
	case O_NOLO:
		o.no_lo = CFG_LOOPBACK;
		break;
	case O_MAPROOT:
		o.map = CFG_USER_NS ? 3 : 0;
		o.map_uid = o.map_gid = 0;
		break;
	case O_MAPUSER:
		if (CFG_USER_NS) {
			o.map |= 1;
			o.map_uid = parse_uint("--map-user", arg, 4294967294UL);
		}
		break;
	case O_MAPGROUP:
		if (CFG_USER_NS) {
			o.map |= 2;
			o.map_gid = parse_uint("--map-group", arg, 4294967294UL);
		}
		break;
	case O_SETGROUPS:
		if (CFG_USER_NS && strcmp(arg, "allow") && strcmp(arg, "deny"))
			die("--setgroups: unknown value '", arg,
			    "' (allow or deny)");
		o.setgroups = arg;
		break;
	case O_MONO:
	case O_BOOT:	/* seconds, maybe negative */
		if (CFG_TIME_NS) {
			parse_uint(p->id == O_MONO ? "--monotonic" : "--boottime",
				   arg + (*arg == '-'), 0x7fffffff);
			*(p->id == O_MONO ? &o.mono : &o.boot) = arg;
		}
		break;
	case O_HELP:
		usage();
	case O_VERSION:
		say(1, "nsbox " NSBOX_VERSION "\nfeatures: " CFG_FEATURES,
		    (char *)0);
		_exit(0);
	}
}

/* Options stop at the first non-option, so "nsbox sh -c 'echo $$'" works. */
static char **parse(char **argv)
{
	const struct opt *p;
	char *a, *arg, name[3] = "-x";
	unsigned i;

	while ((a = *++argv) && a[0] == '-' && a[1]) {
		if (!strcmp(a, "--")) {
			argv++;
			break;
		}
		if (a[1] == '-') {	/* --name[=arg] */
			size_t n = 0;

			if (!CFG_LONG_OPTIONS)
				die(a, ": not in this build (CONFIG_LONG_OPTIONS is off)");
			while (a[2 + n] && a[2 + n] != '=')
				n++;

			for (p = 0, i = 0; i < NOPTS; i++)
				if (opts[i].lng && !strncmp(opts[i].lng, a + 2, n)
				    && !opts[i].lng[n])
					p = &opts[i];
			if (!p)
				die(a, ": unknown option (see nsbox --help)");
			arg = a[2 + n] ? a + 3 + n : 0;
			if (arg && !p->fl)
				die(a, ": takes no argument");
			if (!arg && p->fl == ARG && !(arg = *++argv))
				die(a, ": needs an argument");
			if (!p->on)
				die(a, ": not in this build (", p->sym, " is off)");
			parse_opt(p, arg);
			continue;
		}
		while (*++a) {		/* -abc, -Hname, -H name */
			name[1] = *a;
			for (p = 0, i = 0; i < NOPTS; i++)
				if (opts[i].sh == *a)
					p = &opts[i];
			if (!p)
				die(name, ": unknown option (see nsbox --help)");
			arg = 0;
			if (p->fl == ARG && !(arg = a[1] ? a + 1 : *++argv))
				die(name, ": needs an argument");
			if (!p->on)
				die(name, ": not in this build (", p->sym, " is off)");
			parse_opt(p, arg);
			if (arg)
				break;
		}
	}
	return argv;
}

static pid_t child;

/* The outer process forwards what it receives inward (util-linux needs
 * --forward-signals for two of these). */
static void forward(int sig)
{
	if (child > 0)
		kill(child, sig);
}

static void outer_signals(void)
{
	static const unsigned char sigs[] = {
		SIGHUP, SIGINT, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM, SIGTERM,
		SIGWINCH, SIGCONT,
	};
	struct sigaction sa = { .sa_handler = forward }, old, dfl = { 0 };
	unsigned i;

	/* A signal the caller ignores stays ignored, down to the command
	 * (nohup, trap '' INT). SIGCHLD must not be: we wait. */
	sigaction(SIGCHLD, &dfl, 0);
	for (i = 0; i < sizeof(sigs); i++)
		if (!sigaction(sigs[i], 0, &old) && old.sa_handler != SIG_IGN)
			sigaction(sigs[i], &sa, 0);
}

/* The child: wait at the checkpoint until the parent's setup is done and
 * make sure the parent is still alive to kill us when it dies. */
static _Noreturn void child_main(int syncfd)
{
	struct pollfd pfd = { .fd = syncfd };
	char c;

	syscall(SYS_prctl, PR_SET_PDEATHSIG, SIGKILL);
	while (read(syncfd, &c, 1) < 0 && errno == EINTR)
		;
	/* Closing the write end is the parent's last act: if it is closed,
	 * the parent died before PR_SET_PDEATHSIG took hold. */
	if (poll(&pfd, 1, 0) > 0 && (pfd.revents & POLLHUP))
		_exit(125);
	close(syncfd);
	ns_setup();
	if (CFG_INIT && (o.flags & CLONE_NEWPID) && !o.as_pid1)
		init_main();
	exec_command();
}

/* The command stopped (Ctrl-Z, SIGTTIN): the caller's shell must see its
 * job stop and get the terminal, as if nsbox were the command. When the
 * shell continues us, the command's group gets the terminal back if the
 * shell gave it to us (fg), and SIGCONT either way (fg or bg). */
static void tty_stopped(pid_t caller)
{
	pid_t pg = tcgetpgrp(0);

	tcsetpgrp(0, caller);
	kill(getpid(), SIGSTOP);
	if (tcgetpgrp(0) == caller)
		tcsetpgrp(0, pg);
	kill(-pg, SIGCONT);
}

static int run(void)
{
	int syncp[2], errp[2], st, fail = 0, direct;
	pid_t tty_pgrp = 0;
	unsigned char c;
	ssize_t n;

	if (CFG_TTY && tcgetpgrp(0) == getpgrp()) {
		sigset_t ttou;

		tty_pgrp = getpgrp();	/* we own the terminal: hand it over */
		o.tty = 1;
		/* A background group may set the terminal's foreground group
		 * only with SIGTTOU blocked or ignored. */
		sigemptyset(&ttou);
		sigaddset(&ttou, SIGTTOU);
		sigprocmask(SIG_BLOCK, &ttou, 0);
	}
	if (sys_pipe2(syncp, O_CLOEXEC) || sys_pipe2(errp, O_CLOEXEC))
		die_sys(errno, 0, "pipe");
	outer_signals();
	/* clone(2) cannot take CLONE_NEWTIME: the child unshares it. */
	child = sys_clone((o.flags & ~CLONE_NEWTIME) | SIGCHLD);
	if (child < 0) {
		int e = errno;

		die_sys(e, ns_hint(e, o.flags), "clone");
	}
	if (!child) {
		close(syncp[1]);
		close(errp[0]);
		errfd = errp[1];
		child_main(syncp[0]);
	}
	close(syncp[0]);
	close(errp[1]);
	/* Parent-side setup, then open the checkpoint. */
	if (CFG_USER_NS && (o.flags & CLONE_NEWUSER))
		user_maps(child);
	(void)!write(syncp[1], "", 1);
	/* Until the exec (or init's exit) closes the pipe: a non-zero byte
	 * is the status of a failed setup, a zero byte says init saw the
	 * command stop. */
	while ((n = read(errp[0], &c, 1)) != 0) {
		if (n < 0 && errno != EINTR)
			break;
		if (n == 1 && c)
			fail = c;
		else if (CFG_TTY && n == 1)
			tty_stopped(tty_pgrp);
	}
	direct = !(CFG_INIT && (o.flags & CLONE_NEWPID) && !o.as_pid1);
	for (;;) {
		if (waitpid(child, &st, o.tty && direct ? WUNTRACED : 0) < 0) {
			if (errno != EINTR)
				die_sys(errno, 0, "waitpid");
		} else if (CFG_TTY && WIFSTOPPED(st)) {
			tty_stopped(tty_pgrp);	/* the command is our child */
		} else {
			break;
		}
	}
	st = WIFSIGNALED(st) ? 128 + WTERMSIG(st) : WEXITSTATUS(st);
	if (tty_pgrp)
		tcsetpgrp(0, tty_pgrp);	/* give the caller its terminal */
	return fail ? fail : st;
}

int main(int argc, char **argv)
{
	static char *sh[2];
	unsigned i;

	(void)argc;
	sigprocmask(SIG_SETMASK, 0, &o.origmask);
	o.propagation = MS_REC | MS_PRIVATE;
	o.kill_after = CFG_KILL_AFTER;
	argv = parse(argv);
	if (!(o.no_proc & 2))	/* no namespace named: the default set */
		for (i = 0; i < sizeof(nsopt) / sizeof(*nsopt); i++)
			if (nsopt[i].on && (nsopt[i].flag & DEFAULT_NS))
				o.flags |= nsopt[i].flag;
	/* Rootless by default: a non-root caller gets a user namespace
	 * that maps it to root, and the rest is owned by it. */
	if (CFG_USER_NS && o.flags && !o.map && geteuid()) {
		o.flags |= CLONE_NEWUSER;
		o.map = 3;
	}
	if (CFG_MOUNT_PROC && !o.proc_dir && !(o.no_proc & 1) &&
	    (o.flags & (CLONE_NEWPID | CLONE_NEWNS)) == (CLONE_NEWPID | CLONE_NEWNS))
		o.proc_dir = "/proc";
	if (o.proc_dir && (o.no_proc & 1))
		die("--mount-proc and --no-proc conflict");
	/* Refuse a bad --wd before anything is created. */
	if (CFG_WD && o.wd && !(CFG_ROOT && o.root)) {
		int fd = open(o.wd, O_PATH | O_DIRECTORY | O_CLOEXEC);

		if (fd < 0)
			die_sys(errno, 0, "--wd ", o.wd);
		close(fd);
	}
	if (!*argv) {
		sh[0] = getenv("SHELL");
		if (!sh[0] || !*sh[0])
			sh[0] = "/bin/sh";
		argv = sh;
	}
	if (CFG_ROOT && o.root)		/* -R DIR: refuse before creating */
		root_check(argv == sh ? sh : 0);
	o.argv = argv;
	return run();
}
