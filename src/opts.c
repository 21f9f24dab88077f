/* SPDX-License-Identifier: 0BSD */
/* opts.c: the option table, --help, and the parser that fills struct opts.
 * Options stop at the first non-option (getopt's "+"), as in util-linux
 * unshare(1); long options may be given as --name=ARG or --name ARG. */
#include "nsbox.h"

#include <fcntl.h>
#include <string.h>
#include <sys/mount.h>

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
	X("\1", "only", "", 0, ONLY, ONLY, \
	  "exactly the namespaces named, no default set") \
	X("r", "map-root-user", "", 0, MAPROOT, USER_NS, \
	  "map your uid and gid to root; implies -U") \
	X("\1", "map-user", "UID", ARG, MAPUSER, USER_NS, \
	  "map your uid to UID; implies -U") \
	X("\1", "map-group", "GID", ARG, MAPGROUP, USER_NS, \
	  "map your gid to GID; implies -U") \
	X("\1", "map-current-user", "", 0, MAPCUR, USER_NS, \
	  "map your uid and gid to themselves; implies -U") \
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
	  "DIR as /, with a fresh /proc /sys /dev /run /tmp") \
	X("\1", "dev", "MODE", ARG, DEV, ROOT_DEV, \
	  "with -R: host (the host's /dev), min (tmpfs), none") \
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
	X("\1", "pass-fd", "N", ARG, PASSFD, ROOT, \
	  "with -R: keep fd N open (repeatable; others closed)") \
	/* limits (cgroups, rlimits, timeout) */ \
	X("\1", "pids-max", "N", ARG, PIDSMAX, LIMITS, \
	  "at most N processes in the box (cgroup pids)") \
	X("\1", "memory-max", "SIZE", ARG, MEMMAX, LIMITS, \
	  "memory (and no swap) of the box, K/M/G") \
	X("\1", "cpu-max", "PERCENT", ARG, CPUMAX, LIMITS, \
	  "CPU time in % of one CPU, 200: two (cgroup cpu)") \
	X("\1", "rlimit", "NAME=SOFT[:HARD]", ARG, RLIMIT, RLIMITS, \
	  "resource limit of COMMAND (prlimit(1) names)") \
	X("\1", "timeout", "SECS", ARG, TIMEOUT, TIMEOUT, \
	  "SIGTERM after SECS, then --kill-after; exit 124") \
	/* terminal */ \
	X("\1", "tty", "MODE", ARG, TTYMODE, PTY, \
	  "pty (own terminal, default), none, inherit (unsafe)") \
	/* modes: enter, list, check */ \
	X("\1", "name", "NAME", ARG, NAME, NAME, \
	  "name the box, to enter it by (unique per user)") \
	X("e", "enter", "NAME|PID", ARG, ENTER, ENTER, \
	  "run COMMAND (default: its shell) in the running box") \
	X("l", "list", "", 0, LIST, LIST, "list the running boxes") \
	X("\1", "check", "", 0, CHECK, CHECK, \
	  "say what this kernel and user allow of this build") \
	/* util-linux habits */ \
	X("f", "fork", "", 0, FORK, ALWAYS, "ignored: nsbox always forks") \
	X("\1", "kill-child", "SIG", OPTARG, KILLCHILD, KILL_CHILD, \
	  "signal for the box when nsbox dies (KILL)") \
	X("S", "setuid", "UID", ARG, SETUID, SETID, "run COMMAND as UID inside") \
	X("G", "setgid", "GID", ARG, SETGID, SETID, \
	  "run COMMAND as GID inside, no other groups") \
	X("\1", "keep-caps", "", 0, KEEPCAPS, KEEP_CAPS, \
	  "COMMAND keeps its capabilities (ambient set)") \
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
	IF(CFG_##sym, IF(CFG_HELP, a, ""), "") "\0" \
	IF(CFG_##sym, IF(CFG_HELP, h, ""), #sym) "\0"
static const char opttext[] = OPTIONS(O_TEXT);

static const unsigned long nsflag[] = {
	CLONE_NEWPID, CLONE_NEWUTS, CLONE_NEWIPC, CLONE_NEWNS,
	CLONE_NEWNET, CLONE_NEWUSER, CLONE_NEWCGROUP, CLONE_NEWTIME,
};
/* Always, unless --only: these (and a user namespace when not root). */
#define DEFAULT_NS (CLONE_NEWPID | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNS)

static const char *next(const char *s)
{
	return s + strlen(s) + 1;
}

/* strncmp(L, S, N) != 0 for an S with no NUL in its first N bytes, without
 * musl's strncmp() (~120 bytes). */
static int differs(const char *l, const char *s, unsigned n)
{
	while (n--)
		if (*l++ != *s++)
			return 1;
	return 0;
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

	say(1, "usage: nsbox [OPTION]... [--] [COMMAND [ARG]...]"
	    IF(CFG_ENTER, "\n       nsbox -e NAME|PID [-w DIR] [COMMAND [ARG]...]", "")
	    IF(CFG_LIST, "\n       nsbox -l", ""), (char *)0);
	if (!CFG_HELP)
		_exit(0);
	say(1, "Run COMMAND (default $SHELL, else /bin/sh) under nsbox's own "
	    "PID 1 in new PID,\nUTS, IPC and mount namespaces with a private "
	    "/proc, plus the namespaces named\nbelow" IF(CFG_ONLY,
	    " (--only: exactly the namespaces named, as unshare(1) does)", "")
	    ".\n", (char *)0);
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

static unsigned root_only;	/* the last option that needs -R */

static void parse_opt(unsigned id, const char *arg)
{
	if (CFG_ROOT && id >= O_DEV && id <= O_PASSFD)
		root_only = id;
	if (id <= O_TIME)
		o.flags |= nsflag[id];
	if (CFG_USER_NS && id >= O_MAPROOT && id <= O_SETGROUPS)
		o.flags |= CLONE_NEWUSER;	/* implied, not named */
	if (CFG_TIME_NS && (id == O_MONO || id == O_BOOT))
		o.flags |= CLONE_NEWTIME;
	if (CFG_USER_NS && id == O_USER)
		o.map |= 4;	/* named: maps only as given */
	/* Each case under its symbol: a compiled-out option never gets here,
	 * and its code must not stay in the binary. */
	switch (id) {
	case O_ONLY:	/* long only */
		if (!CFG_ONLY || !CFG_LONG_OPTIONS)
			break;
		o.only = 1;
		break;
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
		if (!*arg || strlen(arg) > 64)
			die("--hostname: ", *arg ? "longer than 64 bytes" : "empty");
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
	case O_PASSFD:
		if (!CFG_ROOT)
			break;
		if (o.npass >= sizeof(o.pass) / sizeof(*o.pass))
			die("--pass-fd ", arg, ": too many");
		o.pass[o.npass] = parse_uint("--pass-fd", arg, 0x7fffffff);
		if (syscall(SYS_fcntl, o.pass[o.npass++], F_GETFD) < 0)
			die("--pass-fd ", arg, ": not an open descriptor");
		break;
	case O_PIDSMAX:	/* long only */
	case O_MEMMAX:
	case O_CPUMAX:
		if (CFG_LIMITS && CFG_LONG_OPTIONS)
			limits_opt(id - O_PIDSMAX, arg);
		break;
	case O_RLIMIT:
		if (CFG_RLIMITS && CFG_LONG_OPTIONS)
			rlimit_opt((char *)arg);
		break;
	case O_TIMEOUT:
		if (CFG_TIMEOUT && CFG_LONG_OPTIONS)
			o.timeout = parse_uint("--timeout", arg, 0x7fffffff);
		break;
	case O_NAME: {	/* long only */
		const char *p = arg;
		unsigned digits = 0;

		if (!CFG_NAME || !CFG_LONG_OPTIONS)
			break;
		/* A name never looks like an option or a PID and never holds
		 * a space (it is a word of the init's command line). */
		for (; *p; p++) {
			digits += (unsigned)(*p - '0') < 10;
			if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
			      (unsigned)(*p - '0') < 10 || *p == '_' ||
			      ((*p == '-' || *p == '.') && p > arg)))
				die("--name ", arg, ": only letters, digits, '_', "
				    "and '-' '.' after the first");
		}
		if (p - arg > 64 || !*arg || digits == (unsigned)(p - arg))
			die("--name ", arg, ": 1 to 64 bytes, not all digits");
		o.name = arg;
		break;
	}
	case O_ENTER:
		if (CFG_ENTER)
			o.enter = arg;
		break;
	case O_LIST:
		o.list = CFG_LIST;
		break;
	case O_TTYMODE:	/* long only */
		if (!CFG_PTY || !CFG_LONG_OPTIONS)
			break;
		o.tty_mode = pick("--tty", arg, "pty\0inherit\0none\0");
		break;
	case O_CHECK:	/* long only */
		if (!CFG_CHECK || !CFG_LONG_OPTIONS)
			break;
		o.check = 1;
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
	case O_MAPCUR:	/* long only */
		if (!CFG_USER_NS || !CFG_LONG_OPTIONS)
			break;
		o.map = 3;
		o.map_uid = geteuid();
		o.map_gid = getegid();
		o.setgroups = "deny";	/* as unshare(1) */
		break;
	case O_KILLCHILD:	/* long only */
		if (CFG_KILL_CHILD && CFG_LONG_OPTIONS)
			o.kill_child = arg ? parse_signal("--kill-child", arg)
					   : SIGKILL;
		break;
	case O_SETUID:
	case O_SETGID:
		if (CFG_SETID) {
			o.setid |= id == O_SETUID ? 1 : 2;
			*(id == O_SETUID ? &o.uid : &o.gid) = parse_uint(
				id == O_SETUID ? "--setuid" : "--setgid", arg,
				4294967294UL);
		}
		break;
	case O_KEEPCAPS:	/* long only */
		if (CFG_KEEP_CAPS && CFG_LONG_OPTIONS)
			o.keep_caps = 1;
		break;
	case O_MONO:
	case O_BOOT:	/* seconds, maybe negative */
		if (CFG_TIME_NS) {
			parse_num(id == O_MONO ? "--monotonic" : "--boottime",
				  arg, arg + (*arg == '-'), 0x7fffffff);
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

/* A unique prefix of a long name, as getopt_long(3) takes it: the index
 * of the one option whose long name starts with S (N bytes), NOPTS if
 * none; more than one is refused, naming them. */
static unsigned abbrev(const char *name, const char *s, unsigned n)
{
	char all[128];
	const char *l = optlong;
	unsigned i, hit = NOPTS, len = 0, k = 0;

	for (i = 0; i < NOPTS; i++, l = next(l)) {
		if (differs(l, s, n))
			continue;
		hit = i;
		k++;
		if (len + strlen(l) + 4 < sizeof(all)) {
			memcpy(all + len, &" --"[!len], 3 - !len);
			len += 3 - !len;
			memcpy(all + len, l, strlen(l));
			len += strlen(l);
		}
	}
	all[len] = 0;
	if (k > 1)
		die(name, ": ambiguous option (", all, ")");
	return hit;
}

/* Find option NAME (a short letter when N is 0, else a long name of N
 * bytes), check its argument and that it is in this build, and apply it.
 * Returns whether it consumed an argument. ARGV points at the next word. */
static int apply(const char *name, const char *s, unsigned n, char *arg,
		 char ***argv)
{
	const char *l = optlong;
	unsigned i = 0;

	if (n) {
		for (; i < NOPTS && (differs(l, s, n) || l[n]); i++)
			l = next(l);
		if (CFG_ABBREV && i == NOPTS)
			i = abbrev(name, s, n);
	} else
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

/* The default namespace set, as far as this build has it. */
unsigned long opts_default_ns(void)
{
	unsigned long f = 0;
	unsigned i;

	for (i = 0; i <= O_TIME; i++)
		if ((optfl[i] & ON) && (nsflag[i] & DEFAULT_NS))
			f |= nsflag[i];
	return f;
}

/* Options stop at the first non-option, so "nsbox sh -c 'echo $$'" works. */
char **opts_parse(char **argv)
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
	if (CFG_ROOT && root_only && !o.root)
		die("--", nth(optlong, root_only), ": only with -R (--root)");
	return argv;
}

