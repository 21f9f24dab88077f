/* SPDX-License-Identifier: 0BSD */
/* Messages without stdio: one write(2) a line, so lines from parent and
 * child never interleave. musl's printf alone would cost ~15 KB. */
#include "nsbox.h"

#include <errno.h>
#include <stdarg.h>
#include <string.h>

int errfd = -1;

static char buf[512];
static unsigned len;

static void put(const char *s)
{
	while (s && *s && len < sizeof(buf) - 1)
		buf[len++] = *s++;
}

static void flush(int fd)
{
	buf[len++] = '\n';
	(void)!write(fd, buf, len);
	len = 0;
}

void say(int fd, ...)
{
	va_list ap;
	const char *s;

	va_start(ap, fd);
	while ((s = va_arg(ap, const char *)))
		put(s);
	va_end(ap);
	flush(fd);
}

/* The errors nsbox can meet, in a few hundred bytes instead of libc's
 * whole table (CONFIG_FULL_ERRNO). */
static const unsigned char errnos[] = {
	EPERM, ENOENT, ESRCH, EACCES, EBUSY, EEXIST, ENOTDIR, EINVAL, ENOSPC,
	ENOMEM, ENOEXEC, ELOOP, ENAMETOOLONG, EUSERS, ENOSYS, EROFS, ENODEV,
	ENOTTY, EMFILE, ENFILE, EAGAIN, E2BIG, ETXTBSY, EIO, ERANGE,
};
static const char errmsgs[] =	/* in the order of errnos[] */
	"Operation not permitted\0No such file or directory\0"
	"No such process\0Permission denied\0Resource busy\0File exists\0"
	"Not a directory\0Invalid argument\0No space left on device\0"
	"Out of memory\0Exec format error\0Symbolic link loop\0"
	"Filename too long\0Too many users\0Function not implemented\0"
	"Read-only file system\0No such device\0Not a tty\0"
	"No file descriptors available\0Too many open files in system\0"
	"Resource temporarily unavailable\0Argument list too long\0"
	"Text file busy\0I/O error\0Result not representable";

const char *errstr(int err)
{
	static char num[16];
	const char *p = errmsgs;
	char *d = num + sizeof(num) - 1;
	unsigned i;

	if (CFG_FULL_ERRNO)
		return libc_strerror(err);
	for (i = 0; i < sizeof(errnos); i++, p += strlen(p) + 1)
		if (errnos[i] == err)
			return p;
	do
		*--d = '0' + err % 10;
	while ((err /= 10));
	d -= 6;
	memcpy(d, "errno ", 6);
	return d;
}

static void vreport(int err, const char *hint, va_list ap)
{
	const char *s;

	put("nsbox: ");
	while ((s = va_arg(ap, const char *)))
		put(s);
	if (err) {
		put(": ");
		put(errstr(err));
	}
	if (hint) {
		put(" (");
		put(hint);
		put(")");
	}
	flush(2);
}

void warn_(int err, const char *hint, ...)
{
	va_list ap;

	va_start(ap, hint);
	vreport(err, hint, ap);
	va_end(ap);
}

_Noreturn void die_(int status, int err, const char *hint, ...)
{
	va_list ap;
	unsigned char c = status;

	va_start(ap, hint);
	vreport(err, hint, ap);
	va_end(ap);
	if (errfd >= 0)
		(void)!write(errfd, &c, 1);
	_exit(status);
}

unsigned long parse_num(const char *opt, const char *s, const char *p,
			unsigned long max)
{
	unsigned long v = 0;

	do {
		if (*p < '0' || *p > '9')
			die(opt, ": not a number: '", s, "'");
		if (v > (max - (*p - '0')) / 10)
			die(opt, ": out of range: '", s, "'");
		v = v * 10 + (*p - '0');
	} while (*++p);
	return v;
}

unsigned pick(const char *opt, const char *arg, const char *names)
{
	const char *p;
	unsigned i = 0;

	char all[100];

	for (p = names; *p; p += strlen(p) + 1, i++)
		if (!strcmp(p, arg))
			return i;
	for (i = 0; names + i + 1 < p && i < sizeof(all) - 1; i++)
		all[i] = names[i] ? names[i] : '|';
	all[i] = 0;
	die(opt, ": unknown value '", arg, "' (", all, ")");
}

char *str_chr(const char *s, int c)
{
	for (; *s != c; s++)
		if (!*s)
			return 0;
	return (char *)s;
}

extern char **environ;

const char *env(const char *name)
{
	char **e;
	size_t n = strlen(name);

	for (e = environ; *e; e++)
		if (!memcmp(*e, name, n) && (*e)[n] == '=')
			return *e + n + 1;
	return 0;
}
