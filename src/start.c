/* SPDX-License-Identifier: 0BSD */
/* start.c: the process entry, without musl's start-up (~2 KB less).
 * musl's crt1.o (_start) calls __libc_start_main(), whose __init_libc()
 * records the auxiliary vector, sets up thread-local storage (__init_tls:
 * the thread pointer, for errno, locales and pthreads) and the stack
 * protector's canary, then runs the constructors (gcc's crtbegin.o adds
 * its own). nsbox is one thread per process, has no constructors, reads
 * the auxiliary vector itself (safe.c) and never forks through libc.
 * build.sh links with -nostartfiles and -DNSBOX_START where this file has
 * a _start for the architecture (else musl's crt1.o calls
 * __libc_start_main() below): musl's start-up, its TLS set-up and the
 * crt files stay out of the link. What needs the thread's data must then
 * stay out too:
 * - errno: __errno_location() below, one int (every thread of nsbox is a
 *   process of its own: clone(2) without CLONE_VM);
 * - strerror() reads the thread's locale: libc_strerror() below;
 * - raise() is below; fork(), pthread_*, getauxval(), sysconf(),
 *   malloc() (musl's state from __init_libc: auxv, page size, hwcap) are
 *   not used.
 * The stack protector's canary is set as musl's __init_ssp() sets it, from
 * AT_RANDOM: in __stack_chk_guard (aarch64, arm, riscv64), and on x86_64,
 * where code reads it at %fs:0x28, in a thread area of its own whose
 * self pointer (%fs:0) is null, so that anything else reading the thread's
 * data faults at once instead of reading garbage. Debian's libc.a is
 * built with the stack protector (its syscall() checks the canary).
 * tests/build.test checks the linked binary for musl's TLS and libc state.
 * Other architectures, and the sanitizer build (glibc's start-up, which
 * this must not replace), keep the libc's own start-up. See the System V
 * ABI's "Process Initialization" for each architecture. */
#include "nsbox.h"

#include <locale.h>
#include <string.h>

#if !defined(__GLIBC__) && (defined(__x86_64__) || defined(__aarch64__) || \
			    defined(__arm__) || (defined(__riscv) && __riscv_xlen == 64))
#define OWN_START 1
#else
#define OWN_START 0
#endif

/* strerror() reads the thread's locale through the thread pointer, which
 * the start-up below leaves unset: the C locale's messages are the same
 * (musl's C locale is all null; glibc's start-up is glibc's own). */
const char *libc_strerror(int err)
{
	static const void *c_locale[8];

	if (OWN_START)
		return strerror_l(err, (locale_t)c_locale);
	return strerror(err);
}

#if OWN_START
#include <stdint.h>
#include <sys/auxv.h>
#include <unistd.h>

/* Called from asm (invisible to link-time optimisation): keep it, named. */
#ifdef __clang__
#define ASM_CALLED __attribute__((used))
#else
#define ASM_CALLED __attribute__((used, externally_visible))
#endif

/* What runs before the canary is set must not check it. */
#if defined(__has_attribute)
#if __has_attribute(no_stack_protector)
#define NO_SSP __attribute__((no_stack_protector))
#endif
#endif
#ifndef NO_SSP
#define NO_SSP
#endif

extern char **__environ;
extern uintptr_t __stack_chk_guard __attribute__((weak));
int main(int argc, char **argv);

static int err;

int *__errno_location(void)
{
	return &err;
}

/* The name musl's own objects call (its src/include/errno.h). */
int *___errno_location(void) __attribute__((alias("__errno_location")));

#ifdef __arm__
/* libgcc's division by zero on arm calls raise(SIGFPE); musl's reads the
 * thread id from the thread's data. nsbox is one thread per process. The
 * call appears only after link-time optimisation. */
ASM_CALLED int raise(int sig)
{
	return syscall(SYS_tkill, syscall(SYS_gettid), sig);
}
#endif

/* musl's strlen() reads a word at a time (~120 bytes on x86_64): nsbox's
 * strings are a few words long. strcmp() and memcmp() as musl's, where
 * link-time optimisation sees them. */
size_t strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return p - s;
}

int strcmp(const char *l, const char *r)
{
	for (; *l == *r && *l; l++, r++)
		;
	return *(unsigned char *)l - *(unsigned char *)r;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *l = a, *r = b;

	for (; n && *l == *r; n--, l++, r++)
		;
	return n ? *l - *r : 0;
}

#ifdef __x86_64__
static uintptr_t tp[6];		/* %fs:0 self (null), %fs:0x28 the canary */
#endif

/* main() apart: inlined here, its stack protector would read the canary
 * before it is set. */
static __attribute__((noinline, noreturn)) void run(int argc, char **argv)
{
	_exit(main(argc, argv));
}

static NO_SSP __attribute__((noreturn)) void start(int argc, char **argv)
{
	char **e = __environ = argv + argc + 1;
	uintptr_t *a, c = 0;
	unsigned i;

	while (*e++)
		;
	for (a = (uintptr_t *)e; *a != AT_NULL; a += 2)
		if (*a == AT_RANDOM)
			for (i = 0; i < sizeof(c); i++)
				c = c << 8 | ((unsigned char *)a[1])[i];
	if (sizeof(c) > 4)
		c &= ~(uintptr_t)0xff00;	/* a zero byte, as musl's */
	if (&__stack_chk_guard)
		__stack_chk_guard = c;
#ifdef __x86_64__
	long r = 158;	/* arch_prctl(ARCH_SET_FS, tp), before any libc call */

	tp[5] = c;
	__asm__ volatile ("syscall" : "+a"(r) : "D"(0x1002), "S"(tp)
			  : "rcx", "r11", "memory");
#endif
	run(argc, argv);
}

#ifdef NSBOX_START
/* The kernel starts _start with the stack pointer at argc, then argv[],
 * NULL, envp[], NULL, the auxiliary vector. Clear the frame pointer and
 * return address (the end of backtraces), align the stack to 16 bytes
 * and call start_c(sp). riscv64: gp for linker relaxation first. */
__asm__(
	".text\n"
	".global _start\n"
	".type _start, %function\n"
	"_start:\n"
#if defined(__x86_64__)
	"	xor %ebp, %ebp\n"
	"	mov %rsp, %rdi\n"
	"	and $-16, %rsp\n"
	"	call start_c\n"
#elif defined(__aarch64__)
	"	mov x29, #0\n"
	"	mov x30, #0\n"
	"	mov x0, sp\n"
	"	and sp, x0, #-16\n"
	"	b start_c\n"
#elif defined(__arm__)
	"	mov fp, #0\n"
	"	mov lr, #0\n"
	"	mov r0, sp\n"
	"	bic r1, r0, #15\n"
	"	mov sp, r1\n"
	"	bl start_c\n"
#else	/* riscv64 */
	"	.weak __global_pointer$\n"
	"	.hidden __global_pointer$\n"
	"	.option push\n"
	"	.option norelax\n"
	"	lla gp, __global_pointer$\n"
	"	.option pop\n"
	"	mv a0, sp\n"
	"	andi sp, sp, -16\n"
	"	tail start_c\n"
#endif
);

ASM_CALLED NO_SSP __attribute__((noreturn)) void start_c(long *sp)
{
	start(sp[0], (char **)(sp + 1));
}
#else
/* musl's crt1.o: __libc_start_main(main, argc, argv, _init, _fini, 0). */
NO_SSP int __libc_start_main(int (*m)(int, char **), int argc, char **argv)
{
	(void)m;
	start(argc, argv);
}
#endif
#endif
