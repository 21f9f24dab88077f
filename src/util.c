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
static const struct { unsigned char e; const char *s; } errs[] = {
	{ EPERM, "Operation not permitted" },
	{ ENOENT, "No such file or directory" },
	{ ESRCH, "No such process" },
	{ EACCES, "Permission denied" },
	{ EBUSY, "Resource busy" },
	{ EEXIST, "File exists" },
	{ ENOTDIR, "Not a directory" },
	{ EINVAL, "Invalid argument" },
	{ ENOSPC, "No space left on device" },
	{ ENOMEM, "Out of memory" },
	{ ENOEXEC, "Exec format error" },
	{ ELOOP, "Symbolic link loop" },
	{ ENAMETOOLONG, "Filename too long" },
	{ EUSERS, "Too many users" },
	{ ENOSYS, "Function not implemented" },
	{ EROFS, "Read-only file system" },
	{ ENODEV, "No such device" },
	{ ENOTTY, "Not a tty" },
};

const char *errstr(int err)
{
	static char num[] = "errno 000";
	unsigned i;

	if (CFG_FULL_ERRNO)
		return strerror(err);
	for (i = 0; i < sizeof(errs) / sizeof(*errs); i++)
		if (errs[i].e == err)
			return errs[i].s;
	num[6] = '0' + err / 100 % 10;
	num[7] = '0' + err / 10 % 10;
	num[8] = '0' + err % 10;
	return num;
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

unsigned long parse_uint(const char *opt, const char *s, unsigned long max)
{
	unsigned long v = 0;
	const char *p = s;

	do {
		if (*p < '0' || *p > '9')
			die(opt, ": not a number: '", s, "'");
		if (v > (max - (*p - '0')) / 10)
			die(opt, ": out of range: '", s, "'");
		v = v * 10 + (*p - '0');
	} while (*++p);
	return v;
}
