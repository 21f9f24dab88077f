/* SPDX-License-Identifier: 0BSD */
/* rlimit.c: --rlimit NAME=SOFT[:HARD] for the command, with the names
 * and value forms of prlimit(1): one value sets both limits, "SOFT:" or
 * ":HARD" only one, "unlimited" is RLIM_INFINITY. See getrlimit(2). */
#include "nsbox.h"

#include <errno.h>
#include <string.h>
#include <sys/resource.h>

static const char names[] =
	"AS\0CORE\0CPU\0DATA\0FSIZE\0LOCKS\0MEMLOCK\0MSGQUEUE\0NICE\0"
	"NOFILE\0NPROC\0RSS\0RTPRIO\0RTTIME\0SIGPENDING\0STACK";
static const unsigned char res[] = {	/* in the order of names[] */
	RLIMIT_AS, RLIMIT_CORE, RLIMIT_CPU, RLIMIT_DATA, RLIMIT_FSIZE,
	RLIMIT_LOCKS, RLIMIT_MEMLOCK, RLIMIT_MSGQUEUE, RLIMIT_NICE,
	RLIMIT_NOFILE, RLIMIT_NPROC, RLIMIT_RSS, RLIMIT_RTPRIO,
	RLIMIT_RTTIME, RLIMIT_SIGPENDING, RLIMIT_STACK,
};

/* One limit: "" keeps the current value (-2 here), "unlimited" (or
 * prlimit's "infinity"), else a number with parse_size()'s suffixes. */
static unsigned long long value(const char *arg, char *s)
{
	if (!*s)
		return -2ULL;
	if (!strcmp(s, "unlimited") || !strcmp(s, "infinity"))
		return RLIM_INFINITY;
	return parse_size(arg, s);
}

void rlimit_opt(char *arg)
{
	char *eq = strchr(arg, '='), *colon, *p;
	struct rlim *r = o.rlim + o.nrlim;
	const char *n = names;
	unsigned i;

	if (!eq)
		die("--rlimit ", arg, ": not NAME=SOFT[:HARD]");
	for (i = 0; *n; n += strlen(n) + 1, i++) {
		for (p = arg; p < eq && (*p & ~32) == n[p - arg]; p++)
			;
		if (p == eq && !n[p - arg])
			break;
	}
	if (!*n)
		die("--rlimit ", arg, ": unknown limit (AS CORE CPU DATA FSIZE "
		    "LOCKS MEMLOCK MSGQUEUE NICE NOFILE NPROC RSS RTPRIO "
		    "RTTIME SIGPENDING STACK)");
	if (o.nrlim == sizeof(o.rlim) / sizeof(*o.rlim))
		die("--rlimit: more than 16");
	o.nrlim++;
	r->arg = arg;
	r->res = res[i];
	colon = strchr(eq, ':');
	if (colon)
		*colon = 0;
	r->lim[0] = value(arg, eq + 1);
	r->lim[1] = colon ? value(arg, colon + 1) : r->lim[0];
	if (colon)
		*colon = ':';
	if (r->lim[0] == -2ULL && r->lim[1] == -2ULL)
		die("--rlimit ", arg, ": no value");
	if (r->lim[0] != -2ULL && r->lim[1] != -2ULL && r->lim[0] > r->lim[1])
		die("--rlimit ", arg, ": soft limit above the hard limit");
}

/* In the command's process, just before the exec: prlimit64 directly,
 * as musl's setrlimit() would synchronise threads nsbox does not have. */
void rlimit_apply(void)
{
	unsigned long long cur[2];
	unsigned i, j;

	for (i = 0; i < o.nrlim; i++) {
		struct rlim *r = o.rlim + i;

		syscall(SYS_prlimit64, 0, r->res, 0, cur);
		for (j = 0; j < 2; j++)
			if (r->lim[j] != -2ULL)
				cur[j] = r->lim[j];
		if (syscall(SYS_prlimit64, 0, r->res, cur, 0))
			die_sys(errno, 0, "--rlimit ", r->arg);
	}
}
