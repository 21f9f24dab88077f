/* SPDX-License-Identifier: 0BSD */
/* init.c: nsbox's PID 1 and the exec of the command.
 * PID 1 reaps every zombie, forwards every catchable signal to the command,
 * and when the command exits sends SIGTERM to the rest, waits a grace
 * period, sends SIGKILL, and exits with the command's status (128+N for a
 * signal, which it also tells the outer nsbox over errfd, with the
 * command's stops). See pid_namespaces(7), wait(2), sigwaitinfo(2). */
#include "nsbox.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <termios.h>

/* Give the command its own process group owning the terminal, so Ctrl-C
 * and Ctrl-Z reach it and not nsbox (bubblewrap#369). Done in the child
 * itself, with signals still blocked: tcsetpgrp from a background group
 * is allowed when SIGTTOU is blocked, and there is no race with a parent
 * calling setpgid (tini PR #21). */
void tty_take(void)
{
	if (CFG_TTY && o.tty) {
		setpgid(0, 0);
		sys_tcsetpgrp(0, getpgrp());
	} else if (CFG_PTY && o.tty_mode != TTY_MODE_INHERIT) {
		/* No terminal: a session of the command's own, without a
		 * controlling terminal (/dev/tty is ENXIO). Not init's: on
		 * this kernel a PID 1 leading a session made every box's
		 * exit milliseconds slower. */
		setsid();
	}
}
extern char **environ;

/* execvp(3) in a quarter of musl's size: search PATH, keep going past
 * ENOENT/ENOTDIR, report EACCES if any candidate had it. */
static void exec_path(char **argv)
{
	const char *f = argv[0], *p = env("PATH"), *z;
	char buf[4096];
	size_t l = strlen(f), n;
	int eacces = 0;

	for (z = f; *z; z++)
		if (*z == '/') {
			execve(f, argv, environ);
			return;
		}
	if (!p)
		p = "/usr/local/bin:/bin:/usr/bin";
	for (;; p = z + 1) {
		for (z = p; *z && *z != ':'; z++)
			;
		n = z - p;
		if (*f && n + l + 2 <= sizeof(buf)) {
			memcpy(buf, p, n);
			if (n)
				buf[n++] = '/';
			memcpy(buf + n, f, l + 1);
			execve(buf, argv, environ);
			if (errno == EACCES)
				eacces = 1;
			else if (errno != ENOENT && errno != ENOTDIR)
				return;
		}
		if (!*z)
			break;
	}
	errno = eacces ? EACCES : ENOENT;
}

_Noreturn void exec_command(void)
{
	int e;

	tty_take();
	sigprocmask(SIG_SETMASK, &o.origmask, 0);
	if (CFG_RLIMITS)
		rlimit_apply();
	if (CFG_SETID || CFG_KEEP_CAPS)
		ids_apply();	/* compat.c: -G, -S, --keep-caps */
	exec_path(o.argv);
	e = errno;
	die_(e == ENOENT ? 127 : 126, e, 0, o.argv[0], (char *)0);
}

_Noreturn void init_main(void)
{
	sigset_t all;
	siginfo_t si;
	pid_t cmd, p;
	int st, status = 0, dying = 0;
	unsigned char c;

	/* Every signal, 32-34 too (musl's sigfillset() leaves them out):
	 * what init does not wait for, it does not receive. */
	memset(&all, 0xff, _NSIG / 8);
	sigprocmask(SIG_BLOCK, &all, 0);
	/* ps and nsbox -l tell a box's init by its name (the command's
	 * exec replaces it), and the box by the title set below. */
	if (CFG_NAME || CFG_LIST)
		syscall(SYS_prctl, PR_SET_NAME, INIT_COMM, 0, 0, 0);
	/* A raw clone, not fork(): musl's fork() drags in its locking
	 * (~3 KB), and nothing here is threaded. */
	cmd = sys_clone(SIGCHLD);
	if (cmd < 0)
		die_sys(errno, 0, "fork");
	if (!cmd)
		exec_command();
	if (CFG_NAME || CFG_LIST)
		box_title();
	/* Our own process group: signals the terminal sends to the caller's
	 * group reach nsbox's outer process once and come in from there. */
	setpgid(0, 0);
	for (;;) {
		/* sigwaitinfo(2) without musl's cancellation wrapper */
		int sig = syscall(SYS_rt_sigtimedwait, &all, &si, 0, _NSIG / 8);

		if (sig == SIGCHLD) {
			while ((p = waitpid(-1, &st, WNOHANG | WUNTRACED)) > 0)
				if (WIFSTOPPED(st)) {
					/* The outer nsbox stops with it. */
					if (p == cmd)
						(void)!write(errfd, "", 1);
				} else if (p == cmd) {
					/* Tell a death by signal: our own
					 * exit cannot be one. */
					status = WIFSIGNALED(st) ?
						128 + WTERMSIG(st) :
						WEXITSTATUS(st);
					c = status;
					if (WIFSIGNALED(st))
						(void)!write(errfd, &c, 1);
					cmd = 0;
				}
			if (p < 0 && !cmd)
				_exit(status);	/* nobody left */
			if (!cmd && !dying) {
				dying = 1;
				/* The rest of the namespace gets a chance to
				 * exit cleanly (tini#180, dumb-init#212). */
				if (kill(-1, SIGTERM) && errno == ESRCH)
					_exit(status);
				kill(-1, SIGCONT);
				if (!o.kill_after)
					kill(-1, SIGKILL);
				sys_alarm(o.kill_after);
			}
		} else if (sig == SIGALRM && dying) {
			kill(-1, SIGKILL);
		} else if (sig > 0 && cmd) {
			/* A command leading its own session is in an orphaned
			 * group: the kernel would drop these. */
			if (CFG_PTY && !o.tty && o.tty_mode != TTY_MODE_INHERIT &&
			    (sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU))
				sig = SIGSTOP;
			kill(cmd, sig);
		}
	}
}
