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
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <stdlib.h>
#include <termios.h>

struct opts o;

/* Every option, once: short letter ("\1" for none), long name, argument,
 * ARG/OPTARG, name, the Kconfig symbol that enables it, help. The list
 * makes the enum (the index), one flag byte each and one string blob; a
 * compiled-out option keeps only its names and its symbol for its error.
 * The namespace options come first, in the order of nsflag[]. */
#define OPTIONS(X) \
	X("p", "pid", "", 0, PID, PID_NS, "new PID namespace") \
	X("u", "uts", "", 0, UTS, UTS_NS, "new UTS namespace (hostname)") \
	X("i", "ipc", "", 0, IPC, IPC_NS, "new IPC namespace") \
	X("m", "mount", "", 0, MOUNT, MOUNT_NS, "new mount namespace") \
	X("n", "net", "", 0, NET, NET_NS, \
	  "new network namespace (lo up, fresh /sys)") \
	X("U", "user", "", 0, USER, USER_NS, \
	  "new user namespace (unmapped unless -r or --map-*)") \
	X("C", "cgroup", "", 0, CGROUP, CGROUP_NS, \
	  "new cgroup namespace (fresh cgroup2 mount)") \
	X("T", "time", "", 0, TIME, TIME_NS, "new time namespace") \
	X("r", "map-root-user", "", 0, MAPROOT, USER_NS, \
	  "map your uid and gid to root; implies -U") \
	X("\1", "map-user", "UID", ARG, MAPUSER, USER_NS, \
	  "map your uid to UID; implies -U") \
	X("\1", "map-group", "GID", ARG, MAPGROUP, USER_NS, \
	  "map your gid to GID; implies -U") \
	X("\1", "setgroups", "allow|deny", ARG, SETGROUPS, USER_NS, \
	  "setgroups(2) inside (default: deny if needed)") \
	X("\1", "no-loopback", "", 0, NOLO, LOOPBACK, \
	  "leave lo down in a new network namespace") \
	X("\1", "monotonic", "SECS", ARG, MONO, TIME_NS, \
	  "offset of CLOCK_MONOTONIC; implies -T") \
	X("\1", "boottime", "SECS", ARG, BOOT, TIME_NS, \
	  "offset of CLOCK_BOOTTIME; implies -T") \
	X("\1", "mount-proc", "DIR", OPTARG, PROC, MOUNT_PROC, \
	  "mount proc on DIR (default /proc); implies -m") \
	X("\1", "no-proc", "", 0, NOPROC, MOUNT_PROC, \
	  "do not mount a private /proc") \
	X("\1", "propagation", "MODE", ARG, PROP, PROPAGATION, \
	  "private|slave|shared|unchanged (default private)") \
	X("H", "hostname", "NAME", ARG, HOST, HOSTNAME, \
	  "set the hostname; implies -u") \
	X("w", "wd", "DIR", ARG, WD, WD, "working directory inside") \
	X("\1", "as-pid-1", "", 0, ASPID1, AS_PID1, \
	  "exec COMMAND as PID 1, without nsbox's init") \
	X("\1", "kill-after", "SECS", ARG, KILLAFTER, INIT, \
	  "grace between SIGTERM and SIGKILL at exit") \
	X("R", "root", "DIR", ARG, ROOT, ROOT, \
	  "rescue root: DIR with its own /proc /sys /dev /run /tmp as /") \
	X("\1", "dev", "MODE", ARG, DEV, ROOT_DEV, \
	  "with -R: host (bind the host's /dev), min (tmpfs) or none") \
	X("\1", "sys", "MODE", ARG, SYS, ROOT_SYS, \
	  "with -R: ro (default), rw or none") \
	X("\1", "no-tmp", "", 0, NOTMP, ROOT, \
	  "with -R: no tmpfs on /run and /tmp") \
	X("\1", "no-resolv", "", 0, NORESOLV, ROOT, \
	  "with -R: keep the root's own /etc/resolv.conf") \
	X("\1", "bind", "SRC[:DST]", ARG, BIND, ROOT_BIND, \
	  "with -R: bind SRC on DST in the root (repeatable)") \
	X("\1", "ro-bind", "SRC[:DST]", ARG, ROBIND, ROOT_BIND, \
	  "with -R: the same, read-only") \
	X("\1", "tmpfs", "DIR", ARG, TMPFS, ROOT_BIND, \
	  "with -R: a tmpfs on DIR in the root") \
	X("v", "verbose", "", 0, VERBOSE, VERBOSE, "say what is set up") \
	X("h", "help", "", 0, HELP, ALWAYS, "show this help") \
	X("V", "version", "", 0, VERSION, ALWAYS, \
	  "show the version and this build's features")

#define ARG 1		/* takes an argument */
#define OPTARG 2	/* takes an optional --name=ARG */
#define ON 4		/* in this build */
#define CFG_ALWAYS 1
/* IF(CFG_X, a, b): a or b, chosen by the preprocessor so that the other
 * string never reaches the binary. */
#define IF(c, a, b) IF_(c, a, b)
#define IF_(c, a, b) IF##c(a, b)
#define IF1(a, b) a
#define IF0(a, b) b

#define O_ENUM(s, l, a, fl, id, sym, h) O_##id,
enum { OPTIONS(O_ENUM) NOPTS };
#define O_FLAGS(s, l, a, fl, id, sym, h) fl | (CFG_##sym ? ON : 0),
static const unsigned char optfl[NOPTS] = { OPTIONS(O_FLAGS) };
/* Three blobs, so that finding an option is one memchr (short) or one
 * walk over the long names, not a walk over every help text. */
#define O_SHORT(s, l, a, fl, id, sym, h) s
static const char optshort[] = OPTIONS(O_SHORT);
#define O_LONG(s, l, a, fl, id, sym, h) IF(CFG_LONG_OPTIONS, l, "") "\0"
static const char optlong[] = OPTIONS(O_LONG);
#define O_TEXT(s, l, a, fl, id, sym, h) \
	a "\0" IF(CFG_##sym, IF(CFG_HELP, h, ""), #sym) "\0"
static const char opttext[] = OPTIONS(O_TEXT);

static const unsigned long nsflag[] = {
	CLONE_NEWPID, CLONE_NEWUTS, CLONE_NEWIPC, CLONE_NEWNS,
	CLONE_NEWNET, CLONE_NEWUSER, CLONE_NEWCGROUP, CLONE_NEWTIME,
};
/* Without a namespace option: these (and a user namespace when not root). */
#define DEFAULT_NS (CLONE_NEWPID | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNS)

static const char *next(const char *s)
{
	return s + strlen(s) + 1;
}

/* The Ith string of BLOB. */
static const char *nth(const char *blob, unsigned i)
{
	while (i--)
		blob = next(blob);
	return blob;
}

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
		const char *p = optshort + i, *l = nth(optlong, i),
			   *a = nth(opttext, 2 * i), *h = next(a);
		int oa = optfl[i] & OPTARG;

		if (!(optfl[i] & ON) || (*p == 1 && !*l))
			continue;
		sh[3] = *p;
		n = 6 + (*l ? 2 + strlen(l) : 0) + (*a ? 1 + strlen(a) + 2 * oa / OPTARG : 0);
		say(1, *p != 1 ? sh : "      ", *l ? "--" : "", l,
		    *a ? (oa ? "[=" : " ") : "", a, oa ? "]" : "",
		    n + 1 < sizeof(pad) ? pad + n : "  ", h, (char *)0);
	}
	_exit(0);
}

static void parse_opt(unsigned id, const char *arg)
{
	if (id <= O_TIME) {
		o.flags |= nsflag[id];
		o.ns_named = 1;
	}
	if (CFG_USER_NS && id >= O_MAPROOT && id <= O_SETGROUPS)
		o.flags |= CLONE_NEWUSER;	/* implied, not named */
	if (CFG_TIME_NS && (id == O_MONO || id == O_BOOT))
		o.flags |= CLONE_NEWTIME;
	if (CFG_USER_NS && id == O_USER)
		o.map |= 4;	/* named: maps only as given */
	/* Each case under its symbol: a compiled-out option never gets here,
	 * and its code must not stay in the binary. */
	switch (id) {
	case O_PROC:	/* long only */
		if (!CFG_MOUNT_PROC || !CFG_LONG_OPTIONS)
			break;
		o.proc_dir = arg ? arg : "/proc";
		o.flags |= CLONE_NEWNS;
		break;
	case O_NOPROC:	/* long only */
		if (!CFG_MOUNT_PROC || !CFG_LONG_OPTIONS)
			break;
		o.no_proc = 1;
		break;
	case O_PROP: {
		static const unsigned long prop[] = {
			MS_REC | MS_PRIVATE, MS_REC | MS_SLAVE,
			MS_REC | MS_SHARED, 0,
		};

		if (!CFG_PROPAGATION || !CFG_LONG_OPTIONS)
			break;
		o.propagation = prop[pick("--propagation", arg,
			"private\0slave\0shared\0unchanged\0")];
		break;
	}
	case O_HOST:
		if (!CFG_HOSTNAME)
			break;
		if (strlen(arg) > 64)
			die("--hostname: longer than 64 bytes");
		o.hostname = arg;
		o.flags |= CLONE_NEWUTS;
		break;
	case O_WD:
		if (!CFG_WD)
			break;
		o.wd = arg;
		break;
	case O_ASPID1:	/* long only */
		if (!CFG_AS_PID1 || !CFG_LONG_OPTIONS)
			break;
		o.as_pid1 = 1;
		break;
	case O_KILLAFTER:	/* long only */
		if (!CFG_INIT || !CFG_LONG_OPTIONS)
			break;
		o.kill_after = parse_uint("--kill-after", arg, 86400);
		break;
	case O_ROOT:
		if (!CFG_ROOT)
			break;
		o.root = arg;
		o.flags |= CLONE_NEWNS;
		break;
	case O_DEV:
		if (CFG_ROOT_DEV)
			o.dev = pick("--dev", arg, "host\0min\0none\0");
		break;
	case O_SYS:
		if (CFG_ROOT_SYS)
			o.sys = pick("--sys", arg, "ro\0rw\0none\0");
		break;
	case O_NOTMP:
		if (!CFG_ROOT)
			break;
		o.no_tmp = 1;
		break;
	case O_NORESOLV:
		if (!CFG_ROOT)
			break;
		o.no_resolv = 1;
		break;
	case O_BIND:
	case O_ROBIND:
	case O_TMPFS:
		if (CFG_ROOT_BIND)
			root_bind(id - O_BIND, (char *)arg);
		break;
	case O_VERBOSE:
		if (!CFG_VERBOSE)
			break;
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
		if (CFG_USER_NS)
			pick("--setgroups", arg, "allow\0deny\0");
		o.setgroups = arg;
		break;
	case O_MONO:
	case O_BOOT:	/* seconds, maybe negative */
		if (CFG_TIME_NS) {
			parse_uint(id == O_MONO ? "--monotonic" : "--boottime",
				   arg + (*arg == '-'), 0x7fffffff);
			*(id == O_MONO ? &o.mono : &o.boot) = arg;
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

/* Find option NAME (a short letter when N is 0, else a long name of N
 * bytes), check its argument and that it is in this build, and apply it.
 * Returns whether it consumed an argument. ARGV points at the next word. */
static int apply(const char *name, const char *s, unsigned n, char *arg,
		 char ***argv)
{
	const char *l = optlong;
	unsigned i = 0;

	if (n)
		for (; i < NOPTS && (memcmp(l, s, n) || l[n]); i++)
			l = next(l);
	else
		while (i < NOPTS && (optshort[i] != *s || *s == 1))
			i++;
	if (i == NOPTS)
		die(name, ": unknown option (see nsbox --help)");
	if (!n && (optfl[i] & ARG) && s[1])
		arg = (char *)s + 1;	/* -Hname */
	if (arg && !(optfl[i] & (ARG | OPTARG)))
		die(name, ": takes no argument");
	if (!arg && (optfl[i] & ARG) && !(arg = *++*argv))
		die(name, ": needs an argument");
	if (!(optfl[i] & ON))
		die(name, ": not in this build (CONFIG_",
		    next(nth(opttext, 2 * i)), " is off)");
	parse_opt(i, arg);
	return arg != 0;
}

/* Options stop at the first non-option, so "nsbox sh -c 'echo $$'" works. */
static char **parse(char **argv)
{
	char *a, name[3] = "-x";
	unsigned n;

	while ((a = *++argv) && a[0] == '-' && a[1]) {
		if (!strcmp(a, "--")) {
			argv++;
			break;
		}
		if (a[1] == '-') {	/* --name[=arg] */
			if (!CFG_LONG_OPTIONS)
				die(a, ": not in this build (CONFIG_LONG_OPTIONS is off)");
			for (n = 0; a[2 + n] && a[2 + n] != '='; n++)
				;
			apply(a, a + 2, n, a[2 + n] ? a + 3 + n : 0, &argv);
			continue;
		}
		while (*++a) {		/* -abc, -Hname, -H name */
			name[1] = *a;
			if (apply(name, a, 0, 0, &argv))
				break;
		}
	}
	return argv;
}

static pid_t child;

/* The outer process forwards what it receives inward (util-linux needs
 * --forward-signals for two of these), from a signalfd rather than from
 * handlers: no sigaction() in the binary, and no race with the wait. A
 * signal the caller ignores or blocks stays so, down to the command
 * (nohup, trap '' INT). SIGCHLD must not be ignored: we wait. */
static void outer_signals(sigset_t *set)
{
	static const unsigned char sigs[] = {
		SIGHUP, SIGINT, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM, SIGTERM,
		SIGWINCH, SIGCONT,
	};
	static const void *dfl[8];
	unsigned i;

	sigemptyset(set);
	for (i = 0; i < sizeof(sigs); i++)
		if (!sys_sig_ignored(sigs[i]) && !sigismember(&o.origmask, sigs[i]))
			sigaddset(set, sigs[i]);
	if (sys_sig_ignored(SIGCHLD))
		sys_rt_sigaction(SIGCHLD, dfl, 0);
	sigaddset(set, SIGCHLD);
	sigprocmask(SIG_BLOCK, set, 0);
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
	pid_t pg = sys_tcgetpgrp(0);

	sys_tcsetpgrp(0, caller);
	kill(getpid(), SIGSTOP);
	if (sys_tcgetpgrp(0) == caller)
		sys_tcsetpgrp(0, pg);
	kill(-pg, SIGCONT);
}

/* Wait for the child, forwarding signals, and listening on the error
 * pipe until the exec (or init's exit) closes it: a non-zero byte is the
 * status of a failed setup, a zero byte says init saw the command stop. */
static int outer_wait(sigset_t *set, int errfd_r, pid_t tty_pgrp)
{
	struct pollfd p[2] = { { errfd_r, POLLIN, 0 }, { -1, POLLIN, 0 } };
	struct signalfd_siginfo si;
	int st, fail = 0, flags = WNOHANG;
	unsigned char c;

	/* The command is our own child: we see it stop ourselves. */
	if (o.tty && !(CFG_INIT && (o.flags & CLONE_NEWPID) && !o.as_pid1))
		flags |= WUNTRACED;
	p[1].fd = syscall(SYS_signalfd4, -1, set, _NSIG / 8, O_CLOEXEC);
	if (p[1].fd < 0)
		die_sys(errno, 0, "signalfd");
	for (;;) {
		if (poll(p, 2, -1) < 0)
			continue;	/* EINTR: we were stopped and continued */
		if (p[0].revents) {
			if (read(errfd_r, &c, 1) != 1)
				p[0].fd = -1;	/* closed: exec'd or gone */
			else if (c)
				fail = c;
			else if (CFG_TTY)
				tty_stopped(tty_pgrp);
		}
		if (!(p[1].revents & POLLIN) ||
		    read(p[1].fd, &si, sizeof(si)) != sizeof(si))
			continue;
		if (si.ssi_signo != SIGCHLD) {
			kill(child, si.ssi_signo);
			continue;
		}
		while (waitpid(child, &st, flags) == child) {
			if (!CFG_TTY || !WIFSTOPPED(st))
				goto done;
			tty_stopped(tty_pgrp);
		}
	}
done:
	if (p[0].fd >= 0 && read(errfd_r, &c, 1) == 1)
		fail = c;	/* the child said why before it went */
	return fail ? fail : WIFSIGNALED(st) ? 128 + WTERMSIG(st)
					   : WEXITSTATUS(st);
}

static int run(void)
{
	int syncp[2], errp[2], st, maps;
	pid_t tty_pgrp = 0;
	sigset_t set;

	if (CFG_TTY && sys_tcgetpgrp(0) == getpgrp()) {
		tty_pgrp = getpgrp();	/* we own the terminal: hand it over */
		o.tty = 1;
	}
	if (sys_pipe2(syncp, O_CLOEXEC) || sys_pipe2(errp, O_CLOEXEC))
		die_sys(errno, 0, "pipe");
	outer_signals(&set);
	/* A background group may set the terminal's foreground group only
	 * with SIGTTOU blocked or ignored: for tty_take() and tty_stopped(). */
	if (tty_pgrp) {
		sigset_t ttou;

		sigemptyset(&ttou);
		sigaddset(&ttou, SIGTTOU);
		sigprocmask(SIG_BLOCK, &ttou, 0);
	}
	/* With no parent-side setup, open the checkpoint before the clone:
	 * the child then never waits for the parent to be scheduled. */
	maps = CFG_USER_NS && (o.flags & CLONE_NEWUSER);
	if (!maps)
		(void)!write(syncp[1], "", 1);
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
	if (maps) {
		user_maps(child);
		(void)!write(syncp[1], "", 1);
	}
	st = outer_wait(&set, errp[0], tty_pgrp);
	if (tty_pgrp)
		sys_tcsetpgrp(0, tty_pgrp);	/* give the caller its terminal */
	return st;
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
	if (!o.ns_named)	/* no namespace named: the default set */
		for (i = 0; i <= O_TIME; i++)
			if ((optfl[i] & ON) && (nsflag[i] & DEFAULT_NS))
				o.flags |= nsflag[i];
	/* Rootless by default: a non-root caller gets a user namespace
	 * that maps it to root, and the rest is owned by it. */
	if (CFG_USER_NS && o.flags && !o.map && geteuid()) {
		o.flags |= CLONE_NEWUSER;
		o.map = 3;
	}
	if (CFG_MOUNT_PROC && !o.proc_dir && !o.no_proc &&
	    (o.flags & (CLONE_NEWPID | CLONE_NEWNS)) == (CLONE_NEWPID | CLONE_NEWNS))
		o.proc_dir = "/proc";
	if (o.proc_dir && o.no_proc)
		die("--mount-proc and --no-proc conflict");
	/* Refuse a bad --wd before anything is created. */
	if (CFG_WD && o.wd && !(CFG_ROOT && o.root)) {
		int fd = sys_open(o.wd, O_PATH | O_DIRECTORY | O_CLOEXEC, 0);

		if (fd < 0)
			die_sys(errno, 0, "--wd ", o.wd);
		close(fd);
	}
	if (!*argv) {
		sh[0] = (char *)env("SHELL");
		if (!sh[0] || !*sh[0])
			sh[0] = "/bin/sh";
		argv = sh;
	}
	if (CFG_ROOT && o.root)		/* -R DIR: refuse before creating */
		root_check(argv == sh ? sh : 0);
	o.argv = argv;
	return run();
}
