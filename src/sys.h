/* SPDX-License-Identifier: 0BSD */
/* Raw syscall wrappers and constants musl or old headers may lack.
 * Nothing else belongs here. */
#ifndef NSBOX_SYS_H
#define NSBOX_SYS_H

#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef CLONE_NEWCGROUP
#define CLONE_NEWCGROUP 0x02000000
#endif
#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

/* clone(2) without a new stack behaves like fork(2) but takes namespace
 * flags, so a new PID namespace costs one process, not two. The child must
 * not use libc's cached thread id afterwards (raise(), pthreads). */
static inline long sys_clone(unsigned long flags)
{
#if defined(__s390__) || defined(__CRIS__)
	return syscall(SYS_clone, 0, flags, 0, 0, 0);	/* CLONE_BACKWARDS2 */
#else
	return syscall(SYS_clone, flags, 0, 0, 0, 0);
#endif
}

/* musl's pipe2() carries a pipe()+fcntl() fallback for pre-2.6.27 kernels,
 * which cannot run nsbox anyway. */
static inline int sys_pipe2(int fd[2], int flags)
{
	return syscall(SYS_pipe2, fd, flags);
}

/* open(2) without musl's cancellation and va_arg wrapper. No O_LARGEFILE
 * needed: nsbox never reads a file anywhere near 2 GB. */
static inline int sys_open(const char *path, int flags, int mode)
{
	return syscall(SYS_openat, -100 /* AT_FDCWD */, path, flags, mode);
}

/* rt_sigaction(2) without libc's sigaction(), which drags in its locking
 * (~900 bytes): nsbox only asks whether SIG is ignored and resets SIGCHLD
 * to SIG_DFL, neither of which needs a restorer. The kernel's struct
 * starts with the handler everywhere but MIPS; SPARC takes a restorer
 * argument. SIG_DFL is all zeroes in every layout. */
static inline long sys_rt_sigaction(int sig, const void *act, void *old)
{
#if defined(__sparc__)
	return syscall(SYS_rt_sigaction, sig, act, old, 0, _NSIG / 8);
#else
	return syscall(SYS_rt_sigaction, sig, act, old, _NSIG / 8);
#endif
}

static inline int sys_sig_ignored(int sig)
{
	void *k[8] = { 0 };

	if (sys_rt_sigaction(sig, 0, k))
		return 0;
#if defined(__mips__)
	return k[1] == SIG_IGN;
#else
	return k[0] == SIG_IGN;
#endif
}

/* The terminal's foreground group, by ioctl(2) directly: musl's ioctl()
 * carries time64 translations nsbox never needs. */
static inline pid_t sys_tcgetpgrp(int fd)
{
	int pg;

	return syscall(SYS_ioctl, fd, TIOCGPGRP, &pg) ? -1 : pg;
}

static inline int sys_tcsetpgrp(int fd, pid_t pgrp)
{
	int pg = pgrp;

	return syscall(SYS_ioctl, fd, TIOCSPGRP, &pg);
}

/* openat(2) without musl's cancellation and va_arg wrapper. */
static inline int sys_openat(int dir, const char *path, int flags, int mode)
{
	return syscall(SYS_openat, dir, path, flags, mode);
}

/* pidfd_open(2), Linux 5.3+; the same number on every architecture but
 * alpha. */
#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif

/* openat2(2), Linux 5.6+; the same number on every architecture but
 * alpha, which nsbox does not build for. */
#ifndef SYS_openat2
#define SYS_openat2 437
#endif
#define RESOLVE_NO_MAGICLINKS 0x02
#define RESOLVE_IN_ROOT 0x10
struct sys_open_how {
	unsigned long long flags, mode, resolve;
};

static inline int sys_openat2(int dir, const char *path,
			      struct sys_open_how *how)
{
	return syscall(SYS_openat2, dir, path, how, sizeof(*how));
}

/* close_range(2), Linux 5.9+. */
#ifndef SYS_close_range
#define SYS_close_range 436
#endif
static inline int sys_close_range(unsigned lo, unsigned hi)
{
	return syscall(SYS_close_range, lo, hi, 0);
}

/* fstat(2) and fstatfs(2) without musl's fallbacks (~700 bytes), for
 * st_dev, st_ino, st_mode and f_flags. 32-bit arches have the *64 calls,
 * into musl's structs as musl itself does: its struct stat begins with
 * the kernel's struct stat64 (the time64 fields come after it). */
static inline int sys_fstat(int fd, struct stat *st)
{
#if defined(SYS_fstat64)
	return syscall(SYS_fstat64, fd, st);
#else
	return syscall(SYS_fstat, fd, st);
#endif
}

static inline int sys_fstatfs(int fd, struct statfs *sf)
{
#if defined(SYS_fstatfs64)
	return syscall(SYS_fstatfs64, fd, sizeof(*sf), sf);
#else
	return syscall(SYS_fstatfs, fd, sf);
#endif
}

/* ioctl(2) without musl's wrapper (see above). */
static inline long sys_ioctl(int fd, unsigned long req, void *arg)
{
	return syscall(SYS_ioctl, fd, req, arg);
}

/* sigaddset(3) for every signal: musl's refuses 32-34, which it keeps for
 * threads nsbox never starts, and a signal nsbox neither blocks nor
 * forwards kills it. */
static inline void sys_sigadd(sigset_t *s, int sig)
{
	unsigned long *w = (unsigned long *)s;

	w[(sig - 1) / (8 * sizeof(long))] |= 1UL << ((sig - 1) % (8 * sizeof(long)));
}

/* alarm(2) where the architecture has it: musl's alarm() goes through
 * setitimer(2) on every one (~130 bytes). */
static inline unsigned sys_alarm(unsigned s)
{
#if defined(SYS_alarm)
	return syscall(SYS_alarm, s);
#else
	return alarm(s);
#endif
}

/* setuid(2)/setgid(2) of this process alone: musl's synchronise every
 * thread (nsbox has one). NR is SYS_setuid or SYS_setgid; 32-bit ids on
 * the arches whose plain calls take 16 bits. */
static inline int sys_setid(long nr, unsigned id)
{
#ifdef SYS_setuid32
	nr = nr == SYS_setuid ? SYS_setuid32 : SYS_setgid32;
#endif
	return syscall(nr, id);
}

static inline int sys_sigismember(const sigset_t *s, int sig)
{
	const unsigned long *w = (const unsigned long *)s;

	return w[(sig - 1) / (8 * sizeof(long))] >> ((sig - 1) % (8 * sizeof(long))) & 1;
}

static inline int sys_pivot_root(const char *new_root, const char *put_old)
{
	return syscall(SYS_pivot_root, new_root, put_old);
}

#endif
