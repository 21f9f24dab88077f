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
	"NOFILE\0NPROC\0RSS\0RTPRIO\0RTTIME\0SIGPENDING\0STACK\0";
static const unsigned char res[] = {	/* in the order of names[] */
	RLIMIT_AS, RLIMIT_CORE, RLIMIT_CPU, RLIMIT_DATA, RLIMIT_FSIZE,
	RLIMIT_LOCKS, RLIMIT_MEMLOCK, RLIMIT_MSGQUEUE, RLIMIT_NICE,
	RLIMIT_NOFILE, RLIMIT_NPROC, RLIMIT_RSS, RLIMIT_RTPRIO,
	RLIMIT_RTTIME, RLIMIT_SIGPENDING, RLIMIT_STACK,
};

/* One limit: "unlimited" (or prlimit's "infinity"), else a number with
 * parse_size()'s suffixes; "" beside a colon keeps the current one. */
static unsigned long long value(const char *s, int colon)
{
	if (!*s && colon)
		return -2ULL;	/* as it is */
	if (!strcmp(s, "unlimited") || !strcmp(s, "infinity"))
		return RLIM_INFINITY;
	return parse_size("--rlimit", s);
}

/* NAME=SOFT[:HARD], NAME=SOFT: or NAME=:HARD, NAME in either case. A
 * soft limit above the hard one is the kernel's EINVAL. */
void rlimit_opt(char *arg)
{
	struct rlim *r = o.rlim + o.nrlim;
	char *p = arg, *hard;

	for (; *p && *p != '='; p++)
		if (*p >= 'a' && *p <= 'z')
			*p -= 32;
	if (!*p)
		die("--rlimit ", arg, ": not NAME=SOFT[:HARD]");
	*p = 0;
	r->res = res[pick("--rlimit", arg, names)];
	*p++ = '=';
	if (o.nrlim++ == sizeof(o.rlim) / sizeof(*o.rlim))
		die("--rlimit: more than 16");
	r->arg = arg;
	if ((hard = str_chr(p, ':')))
		*hard = 0;
	r->lim[0] = value(p, hard != 0);
	r->lim[1] = hard ? value(hard + 1, 1) : r->lim[0];
	if (hard)
		*hard = ':';
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
