/* SPDX-License-Identifier: 0BSD */
/* The fuzz harness: nsbox's own parsers (every src file but main.c, built against
 * glibc with AFL++ or the sanitizers) driven by one input file, and nothing
 * after them: no namespace, no mount, no process is ever made here.
 *   harness FILE      (AFL++: harness @@)
 * FILE holds one word per line. The first line may name a target ("@NAME");
 * without one the words are nsbox's command line (argv[1]...), parsed by
 * opts_parse(), which reaches every option's own parser (maps, --bind,
 * sizes, signal names, ...). A parser with an entry point of its own gets a
 * target: one line in targets[] below, and a seed in tests/fuzz/seeds/.
 * Rejected input ends in die() (exit 125) as in nsbox; a crash, a sanitizer
 * report or a broken invariant (abort) is a finding. */
#include "nsbox.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>

#define MAXWORDS 256

static void t_opts(char **argv, int argc)
{
	char **rest = opts_parse(argv);

	/* The parser's contract with main(): the command is a tail of argv,
	 * and what it stored fits in struct opts. */
	if (rest < argv + 1 || rest > argv + argc || (*rest && rest == argv))
		abort();
	if (CFG_ROOT_BIND && o.nbinds > sizeof(o.binds) / sizeof(*o.binds))
		abort();
}

static void t_uint(char **argv, int argc)
{
	int i;

	for (i = 1; i < argc; i++)
		if (parse_uint("--fuzz", argv[i], 4294967294UL) > 4294967294UL)
			abort();
}

static void t_bind(char **argv, int argc)
{
	int i;

	for (i = 1; CFG_ROOT_BIND && i < argc; i++)
		root_bind(i % 3, argv[i]);
}

static void t_size(char **argv, int argc)
{
	int i;

	for (i = 1; i < argc; i++)
		if (parse_size("--fuzz", argv[i]) > 1ULL << 62)
			abort();
}

static void t_signal(char **argv, int argc)
{
	int i;

	for (i = 1; i < argc; i++)
		if ((unsigned)parse_signal("--fuzz", argv[i]) >= _NSIG)
			abort();
}

static const struct {
	const char *name;
	void (*fn)(char **argv, int argc);
} targets[] = {
	{ "opts", t_opts },	/* the default: the whole command line */
	{ "uint", t_uint },	/* parse_uint: ids, seconds */
	{ "bind", t_bind },	/* root_bind: SRC[:DST] */
	{ "size", t_size },	/* parse_size: 16M, 2G */
	{ "signal", t_signal },	/* parse_signal: KILL, SIGRTMIN+3, 9 */
};

int main(int ac, char **av)
{
	static char buf[65536], *argv[MAXWORDS + 2];
	int fd = ac > 1 ? open(av[1], O_RDONLY) : 0, argc = 0;
	ssize_t n, len = 0;
	char *p, *w;
	unsigned t = 0;

	if (fd < 0)
		return 2;
	while ((n = read(fd, buf + len, sizeof(buf) - 1 - len)) > 0)
		len += n;
	if (len && buf[len - 1] == '\n')
		len--;		/* a text file's last newline ends a word */
	buf[len] = 0;
	argv[argc++] = "nsbox";
	for (w = p = buf; len && p <= buf + len && argc <= MAXWORDS; p++)
		if (*p == '\n' || p == buf + len) {
			*p = 0;
			argv[argc++] = w;
			w = p + 1;
		}
	argv[argc] = 0;
	sigprocmask(SIG_SETMASK, 0, &o.origmask);
	if (argc > 1 && argv[1][0] == '@') {
		for (t = 0; t < sizeof(targets) / sizeof(*targets); t++)
			if (!strcmp(targets[t].name, argv[1] + 1))
				break;
		if (t == sizeof(targets) / sizeof(*targets))
			return 0;	/* no such target: nothing to do */
		argv[1] = argv[0];	/* the target's argv[0] */
		targets[t].fn(argv + 1, argc - 1);
		return 0;
	}
	targets[t].fn(argv, argc);
	return 0;
}
