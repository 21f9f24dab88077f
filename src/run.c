/* SPDX-License-Identifier: 0BSD */
/* run.c: the run mode. One clone(2) makes the namespaces and the child in
 * them; the outer process waits, forwards signals and hands the terminal
 * back. See clone(2), namespaces(7), pid_namespaces(7). */
#include "nsbox.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/wait.h>

static pid_t child;

/* The outer process forwards what it receives inward (util-linux needs
 * --forward-signals for two of these), from a signalfd rather than from
 * handlers: no sigaction() in the binary, and no race with the wait. A
 * signal the caller ignores or blocks stays so, down to the command
 * (nohup, trap '' INT). SIGCHLD must not be ignored: we wait. */
static void outer_signals(sigset_t *set)
{
	static const unsigned char sigs[] = {
		SIGHUP, SIGINT, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM, SIGTERM,
		SIGWINCH, SIGCONT,
	};
	static const void *dfl[8];
	unsigned i;

	sigemptyset(set);
	for (i = 0; i < sizeof(sigs); i++)
		if (!sys_sig_ignored(sigs[i]) && !sigismember(&o.origmask, sigs[i]))
			sigaddset(set, sigs[i]);
	if (sys_sig_ignored(SIGCHLD))
		sys_rt_sigaction(SIGCHLD, dfl, 0);
	sigaddset(set, SIGCHLD);
	sigprocmask(SIG_BLOCK, set, 0);
}

/* The child: wait at the checkpoint until the parent's setup is done and
 * make sure the parent is still alive to kill us when it dies. */
static _Noreturn void child_main(int syncfd)
{
	struct pollfd pfd = { .fd = syncfd };
	char c;

	syscall(SYS_prctl, PR_SET_PDEATHSIG,
		CFG_KILL_CHILD && o.kill_child ? o.kill_child : SIGKILL);
	while (read(syncfd, &c, 1) < 0 && errno == EINTR)
		;
	/* Closing the write end is the parent's last act: if it is closed,
	 * the parent died before PR_SET_PDEATHSIG took hold. */
	if (poll(&pfd, 1, 0) > 0 && (pfd.revents & POLLHUP))
		_exit(125);
	close(syncfd);
	limits_child();
	ns_setup();
	if (CFG_INIT && (o.flags & CLONE_NEWPID) && !o.as_pid1)
		init_main();
	exec_command();
}

/* The command stopped (Ctrl-Z, SIGTTIN): the caller's shell must see its
 * job stop and get the terminal, as if nsbox were the command. When the
 * shell continues us, the command's group gets the terminal back if the
 * shell gave it to us (fg), and SIGCONT either way (fg or bg). */
static void tty_stopped(pid_t caller)
{
	pid_t pg = sys_tcgetpgrp(0);

	sys_tcsetpgrp(0, caller);
	kill(getpid(), SIGSTOP);
	if (sys_tcgetpgrp(0) == caller)
		sys_tcsetpgrp(0, pg);
	kill(-pg, SIGCONT);
}

/* Wait for the child, forwarding signals, and listening on the error
 * pipe until the exec (or init's exit) closes it: a non-zero byte is the
 * status of a failed setup, a zero byte says init saw the command stop. */
static int outer_wait(sigset_t *set, int errfd_r, pid_t tty_pgrp)
{
	struct pollfd p[2] = { { errfd_r, POLLIN, 0 }, { -1, POLLIN, 0 } };
	struct signalfd_siginfo si;
	int st, fail = 0, flags = WNOHANG;
	unsigned char c;

	/* The command is our own child: we see it stop ourselves. */
	if (o.tty && !(CFG_INIT && (o.flags & CLONE_NEWPID) && !o.as_pid1))
		flags |= WUNTRACED;
	p[1].fd = syscall(SYS_signalfd4, -1, set, _NSIG / 8, O_CLOEXEC);
	if (p[1].fd < 0)
		die_sys(errno, 0, "signalfd");
	for (;;) {
		if (poll(p, 2, -1) < 0)
			continue;	/* EINTR: we were stopped and continued */
		if (p[0].revents) {
			if (read(errfd_r, &c, 1) != 1)
				p[0].fd = -1;	/* closed: exec'd or gone */
			else if (c)
				fail = c;
			else if (CFG_TTY)
				tty_stopped(tty_pgrp);
		}
		if (!(p[1].revents & POLLIN) ||
		    read(p[1].fd, &si, sizeof(si)) != sizeof(si))
			continue;
		if (si.ssi_signo != SIGCHLD) {
			if (!(CFG_TIMEOUT && timeout_signal(si.ssi_signo,
							    si.ssi_code, child)))
				kill(child, si.ssi_signo);
			continue;
		}
		while (waitpid(child, &st, flags) == child) {
			if (!CFG_TTY || !WIFSTOPPED(st))
				goto done;
			tty_stopped(tty_pgrp);
		}
	}
done:
	if (p[0].fd >= 0 && read(errfd_r, &c, 1) == 1)
		fail = c;	/* the child said why before it went */
	return fail ? fail : WIFSIGNALED(st) ? 128 + WTERMSIG(st)
					   : WEXITSTATUS(st);
}

int run_main(void)
{
	int syncp[2], errp[2], st, maps;
	pid_t tty_pgrp = 0;
	sigset_t set;

	if (CFG_TTY && sys_tcgetpgrp(0) == getpgrp()) {
		tty_pgrp = getpgrp();	/* we own the terminal: hand it over */
		o.tty = 1;
	}
	if (sys_pipe2(syncp, O_CLOEXEC) || sys_pipe2(errp, O_CLOEXEC))
		die_sys(errno, CFG_ERROR_HINTS && errno == EMFILE ?
			"RLIMIT_NOFILE too low?" : 0,
			"pipe");
	outer_signals(&set);
	if (CFG_TIMEOUT && o.timeout)
		timeout_arm(&set);
	/* A background group may set the terminal's foreground group only
	 * with SIGTTOU blocked or ignored: for tty_take() and tty_stopped(). */
	if (tty_pgrp) {
		sigset_t ttou;

		sigemptyset(&ttou);
		sigaddset(&ttou, SIGTTOU);
		sigprocmask(SIG_BLOCK, &ttou, 0);
	}
	/* With no parent-side setup, open the checkpoint before the clone:
	 * the child then never waits for the parent to be scheduled. */
	maps = CFG_USER_NS && (o.flags & CLONE_NEWUSER);
	if (!maps)
		(void)!write(syncp[1], "", 1);
	/* clone(2) cannot take CLONE_NEWTIME: the child unshares it. */
	child = limits_clone(o.flags & ~CLONE_NEWTIME);
	if (child < 0) {
		int e = errno;

		/* Entering, ENOMEM: the PID namespace has no init any more. */
		die_sys(e, CFG_ENTER && o.enter ? e == ENOMEM ?
			"the box has ended" : 0 : ns_hint(e, o.flags), "clone");
	}
	if (!child) {
		close(syncp[1]);
		close(errp[0]);
		errfd = errp[1];
		child_main(syncp[0]);
	}
	close(syncp[0]);
	close(errp[1]);
	/* Parent-side setup, then open the checkpoint. */
	if (maps) {
		user_maps(child);
		(void)!write(syncp[1], "", 1);
	}
	st = limits_end(outer_wait(&set, errp[0], tty_pgrp));
	if (tty_pgrp)
		sys_tcsetpgrp(0, tty_pgrp);	/* give the caller its terminal */
	return st;
}

