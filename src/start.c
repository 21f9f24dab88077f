/* SPDX-License-Identifier: 0BSD */
/* start.c: musl's start-up, cut to what nsbox uses (~1.7 KB less).
 * musl's crt1.o (_start) calls __libc_start_main(), whose __init_libc()
 * records the auxiliary vector, sets up thread-local storage (__init_tls:
 * the thread pointer, for errno, locales and pthreads) and the stack
 * protector's canary, then runs the constructors. nsbox is one thread per
 * process, has no constructors, reads the auxiliary vector itself
 * (safe.c) and never forks through libc: defining __libc_start_main here
 * keeps musl's (and the TLS set-up it pulls in) out of the link. What
 * needs the thread's data must then stay out too:
 * - errno: __errno_location() below, one int (every thread of nsbox is a
 *   process of its own: clone(2) without CLONE_VM);
 * - strerror() reads the thread's locale: util.c calls strerror_l();
 * - raise() is below; fork(), pthread_*, getauxval(), sysconf(), malloc() (musl's
 *   state from __init_libc: auxv, page size, hwcap) are not used.
 * The stack protector's canary is set as musl's __init_ssp() sets it, from
 * AT_RANDOM: in __stack_chk_guard (aarch64, arm, riscv64), and on x86_64,
 * where code reads it at %fs:0x28, in a thread area of its own whose
 * self pointer (%fs:0) is null, so that anything else reading the thread's
 * data faults at once instead of reading garbage. Debian's libc.a is
 * built with the stack protector (its syscall() checks the canary).
 * tests/build.test checks the linked binary for musl's TLS and libc state.
 * Other architectures, and the sanitizer build (glibc's start-up, which
 * this must not replace), keep the libc's own start-up. */
#include "nsbox.h"

#if !defined(__GLIBC__) && (defined(__x86_64__) || defined(__aarch64__) || \
			    defined(__arm__) || (defined(__riscv) && __riscv_xlen == 64))
#include <stdint.h>
#include <sys/auxv.h>
#include <unistd.h>

extern char **__environ;
extern uintptr_t __stack_chk_guard __attribute__((weak));

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
 * call appears only after link-time optimisation: keep this visible. */
#ifndef __clang__	/* clang: no link-time optimisation in build.sh */
__attribute__((externally_visible))
#endif
__attribute__((used)) int raise(int sig)
{
	return syscall(SYS_tkill, syscall(SYS_gettid), sig);
}
#endif

#ifdef __x86_64__
static uintptr_t tp[6];		/* %fs:0 self (null), %fs:0x28 the canary */
#endif

#if defined(__has_attribute)
#if __has_attribute(no_stack_protector)
__attribute__((no_stack_protector))	/* it sets the canary up */
#endif
#endif
/* crt1.c: __libc_start_main(main, argc, argv, _init, _fini, 0). */
int __libc_start_main(int (*m)(int, char **, char **), int argc, char **argv)
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
	_exit(m(argc, argv, __environ));
}
#endif
