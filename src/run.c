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

/* The outer process forwards every catchable signal inward but SIGCHLD
 * (util-linux needs --forward-signals for two; a fixed list dies of the
 * rest: SIGPWR, SIGXCPU, the real-time ones), from a signalfd rather than
 * from handlers: no sigaction() in the binary, no race with the wait, and
 * nothing can kill nsbox before it has restored the terminal. A signal the
 * caller ignores or blocks stays so, down to the command (nohup,
 * trap '' INT). SIGCHLD must not be ignored: we wait. */
static void outer_signals(sigset_t *set)
{
	static const void *dfl[8];
	int sig;

	*set = (sigset_t){ 0 };
	for (sig = 1; sig < _NSIG; sig++)
		if (!sys_sig_ignored(sig) && !sys_sigismember(&o.origmask, sig))
			sys_sigadd(set, sig);	/* KILL, STOP: no effect */
	sys_rt_sigaction(SIGCHLD, dfl, 0);
	sys_sigadd(set, SIGCHLD);
	sigprocmask(SIG_BLOCK, set, 0);
}

/* Is nsbox's init between the outer nsbox and the command? */
static int has_init(void)
{
	return CFG_INIT && (o.flags & CLONE_NEWPID) && !o.as_pid1;
}

/* Without init, a command in a new session leads it, and its process group
 * is orphaned (its parent, the outer nsbox, is in another session): the
 * kernel drops SIGTSTP, SIGTTIN and SIGTTOU sent to it. It gets SIGSTOP
 * instead. */
static int stop_sig(int sig)
{
	if (CFG_PTY && o.tty_mode != TTY_MODE_INHERIT && !has_init() &&
	    (sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU))
		return SIGSTOP;
	return sig;
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
	if (CFG_PTY)
		pty_child();
	ns_setup();
	if (has_init())
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

/* The box stopped (Ctrl-Z in its terminal, or a stop signal we forwarded):
 * stop ourselves, so the caller's job control sees one job, and continue
 * it when we are continued. With a pty, the caller's terminal leaves raw
 * mode meanwhile. */
static void box_stopped(pid_t tty_pgrp)
{
	if (CFG_TTY && tty_pgrp) {
		tty_stopped(tty_pgrp);
		return;
	}
	if (CFG_PTY)
		pty_stop();
	kill(getpid(), SIGSTOP);
	if (CFG_PTY)
		pty_cont(1);
	kill(child, SIGCONT);
}

/* Wait for the child, forwarding signals, relaying the pty, and listening
 * on the error pipe: a byte 125-127 is the status of a failed setup, 0
 * says init saw the command stop, 128+N that the command died of signal N
 * (init itself cannot: a PID 1 ignores its own signals). Returns the exit
 * status, or -N for a death by signal N. */
static int outer_wait(int sfd, int errfd_r, pid_t tty_pgrp)
{
	struct pollfd p[4] = { { errfd_r, POLLIN, 0 }, { sfd, POLLIN, 0 } };
	struct signalfd_siginfo si;
	int st, fail = 0, flags = WNOHANG;
	unsigned char c;

	/* The command is our own child: we see it stop ourselves. */
	if (!has_init())
		flags |= WUNTRACED;
	for (;;) {
		if (CFG_PTY)
			pty_poll(p + 2);
		if (poll(p, CFG_PTY ? 4 : 2, -1) < 0)
			continue;	/* EINTR: we were stopped and continued */
		if (CFG_PTY)
			pty_io(p + 2);
		if (p[0].revents) {
			if (read(errfd_r, &c, 1) != 1)
				p[0].fd = -1;	/* closed: exec'd or gone */
			else if (c)
				fail = c;
			else
				box_stopped(tty_pgrp);
		}
		if (!(p[1].revents & POLLIN) ||
		    read(sfd, &si, sizeof(si)) != sizeof(si))
			continue;
		if (CFG_PTY && o.tty == TTY_PTY && si.ssi_signo == SIGWINCH) {
			pty_winch();	/* the kernel tells the box */
			continue;
		}
		if (CFG_PTY && si.ssi_signo == SIGCONT)
			pty_cont(0);
		if (si.ssi_signo != SIGCHLD) {
			if (!(CFG_TIMEOUT && timeout_signal(si.ssi_signo,
							    si.ssi_code, child)))
				kill(child, stop_sig(si.ssi_signo));
			continue;
		}
		while (waitpid(child, &st, flags) == child) {
			if (!WIFSTOPPED(st))
				goto done;
			box_stopped(tty_pgrp);
		}
	}
done:
	/* What the child said before it went: after its exit, the pipe is
	 * at its end (init was the last holder). */
	while (p[0].fd >= 0 && read(errfd_r, &c, 1) == 1)
		if (c)
			fail = c;
	if (fail > 128)
		return -(fail - 128);
	if (fail)
		return fail;
	return WIFSIGNALED(st) ? -WTERMSIG(st) : WEXITSTATUS(st);
}

/* The command died of signal SIG: so do we, once the terminal is back, so
 * that a shell loop, make or Python see a death by signal and not 128+N
 * (util-linux unshare does the same). No core dump of nsbox's own. Where
 * the signal cannot kill us (we are a PID 1), 128+N. When the caller typed
 * Ctrl-C (or Ctrl-\) into the relay, the whole group gets it, as from a
 * terminal not in raw mode: a shell script waiting for us learns of the
 * interrupt too and stops ("wait and cooperative exit"). */
static _Noreturn void die_of(int sig)
{
	static const void *dfl[8];
	sigset_t s;

	syscall(SYS_prctl, PR_SET_DUMPABLE, 0);
	sys_rt_sigaction(sig, dfl, 0);
	s = (sigset_t){ 0 };
	sys_sigadd(&s, sig);
	sigprocmask(SIG_UNBLOCK, &s, 0);
	kill(CFG_PTY && pty_typed(sig) ? 0 : getpid(), sig);
	_exit(128 + sig);
}

int run_main(void)
{
	int syncp[2], errp[2], st, maps, sfd;
	pid_t tty_pgrp = 0;
	sigset_t set;

	if (CFG_PTY && o.tty_mode != TTY_MODE_INHERIT) {
		if (pty_open())
			o.tty = TTY_PTY;
	} else if (CFG_TTY && sys_tcgetpgrp(0) == getpgrp()) {
		tty_pgrp = getpgrp();	/* we own the terminal: hand it over */
		o.tty = TTY_HANDOVER;
	}
	if (sys_pipe2(syncp, O_CLOEXEC) || sys_pipe2(errp, O_CLOEXEC))
		die_sys(errno, CFG_ERROR_HINTS && errno == EMFILE ?
			"RLIMIT_NOFILE too low?" : 0,
			"pipe");
	/* Every signal but SIGCHLD is blocked from here on: SIGTTOU too, so
	 * a background group may set the terminal's foreground group, for
	 * tty_take() and tty_stopped(). */
	outer_signals(&set);
	if (CFG_TIMEOUT && o.timeout)
		timeout_arm(&set);
	sfd = syscall(SYS_signalfd4, -1, &set, _NSIG / 8, O_CLOEXEC);
	if (sfd < 0)
		die_sys(errno, 0, "signalfd");
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
		close(sfd);
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
	if (CFG_PTY)
		pty_parent(has_init() ? 0 : child);
	st = outer_wait(sfd, errp[0], tty_pgrp);
	if (CFG_PTY)
		pty_done();	/* the terminal first: limits_end() may speak */
	st = limits_end(st);
	if (tty_pgrp)
		sys_tcsetpgrp(0, tty_pgrp);	/* give the caller its terminal */
	if (st < 0)
		die_of(-st);
	return st;
}
