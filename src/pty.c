/* SPDX-License-Identifier: 0BSD */
/* pty.c: the box's own pseudo-terminal. A process holding the caller's
 * terminal can push input into it with TIOCSTI (or TIOCLINUX selection
 * paste on a virtual console) that the caller's shell runs after the box
 * exits: bubblewrap's CVE-2017-5226, CVE-2023-1523, the reason util-linux
 * su(1) has --pty. So the command gets a new pty as the controlling
 * terminal of a new session, and the outer nsbox relays bytes between it
 * and the caller's terminal, which it keeps in raw mode meanwhile.
 * See pty(7), pts(4), termios(3), tty_ioctl(4); TIOCGPTPEER is Linux 4.13+
 * (older kernels: the slave is opened by name). */
#include "nsbox.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <termios.h>

static int ptm = -1, pts = -1;	/* master (outer), slave (until the fork) */
static int outfd;		/* where the box's terminal output goes */
static struct termios saved;	/* the caller's terminal as we found it */
static unsigned char raw;	/* we set it raw: we are its foreground */
static unsigned char in_eof;	/* the caller's stdin ended */
static unsigned char typed;	/* bits SIGINT, SIGQUIT: their key relayed */
static char in[4096];		/* caller -> box, not yet taken by the pty */
static unsigned inoff, inlen;
static pid_t leader;		/* the command, leading the pty's session */

static int is_tty(int fd, struct termios *t)
{
	return !sys_ioctl(fd, TCGETS, t);
}

int pty_open(void)
{
	struct termios t;
	struct winsize ws;
	int n = 0;

	if (ptm >= 0)
		return 1;	/* opened already (nsbox -e: before entering) */
	if (!CFG_PTY || o.tty_mode != TTY_MODE_PTY || !is_tty(0, &saved))
		return 0;
	ptm = sys_open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC, 0);
	if (ptm < 0 || sys_ioctl(ptm, TIOCSPTLCK, &n))
		die_sys(errno, CFG_ERROR_HINTS ?
			"no devpts on /dev/pts? or use --tty=inherit" : 0,
			"/dev/ptmx");
	pts = sys_ioctl(ptm, TIOCGPTPEER, (void *)(O_RDWR | O_NOCTTY | O_CLOEXEC));
	if (pts < 0 && !sys_ioctl(ptm, TIOCGPTN, &n)) {
		char name[] = "/dev/pts/0000000000", *p = name + sizeof(name) - 1;

		do
			*--p = '0' + n % 10;
		while (n /= 10);
		memmove(name + 9, p, name + sizeof(name) - p);
		pts = sys_open(name, O_RDWR | O_NOCTTY | O_CLOEXEC, 0);
	}
	if (pts < 0)
		die_sys(errno, 0, "pty slave");
	/* The box starts with the caller's settings and window size. */
	sys_ioctl(pts, TCSETS, &saved);
	if (!sys_ioctl(0, TIOCGWINSZ, &ws))
		sys_ioctl(ptm, TIOCSWINSZ, &ws);
	outfd = is_tty(1, &t) ? 1 : is_tty(2, &t) ? 2 : 0;
	return 1;
}

void pty_child(void)
{
	struct termios t;
	int fd;

	if (!CFG_PTY || pts < 0)
		return;	/* no pty: the command makes its own session */
	setsid();
	sys_ioctl(pts, TIOCSCTTY, 0);
	for (fd = 0; fd < 3; fd++)
		if (is_tty(fd, &t))
			dup2(pts, fd);
	close(pts);
	close(ptm);
}

/* We are the caller's terminal's foreground (or it is not our controlling
 * terminal, so job control does not apply). */
static int foreground(void)
{
	pid_t pg = sys_tcgetpgrp(0);

	return pg < 0 || pg == getpgrp();
}

void pty_cont(int wake)
{
	struct termios t = saved;
	int pg;

	if (ptm < 0)
		return;
	/* A shell restores its own modes when a job stops, so set raw again
	 * on every continue; from the background, never touch the terminal. */
	raw = foreground();
	if (raw) {
		/* A line or an end of file typed ahead, still cooked: take it
		 * now. After the switch an end of file would read as a NUL
		 * byte (n_tty keeps its marker in the buffer). */
		struct pollfd p = { 0, POLLIN, 0 };

		if (!inlen && poll(&p, 1, 0) > 0) {
			long n = read(0, in, sizeof(in));

			inoff = 0;
			inlen = n > 0 ? n : 1;
			if (!n)
				in[0] = saved.c_cc[VEOF];
			else if (n < 0)
				inlen = 0;
		}
		t.c_iflag &= ~(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR |
			       ICRNL | IXON);
		t.c_oflag &= ~OPOST;
		t.c_lflag &= ~(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
		t.c_cflag &= ~(CSIZE | PARENB);
		t.c_cflag |= CS8;
		t.c_cc[VMIN] = 1;
		t.c_cc[VTIME] = 0;
		sys_ioctl(0, TCSETS, &t);
		pty_winch();	/* it may have changed while we were away */
	}
	/* The job the box's terminal stopped (Ctrl-Z), whole. */
	pg = sys_tcgetpgrp(ptm);
	if (wake && pg > 0)
		kill(-pg, SIGCONT);
}

void pty_parent(pid_t cmd)
{
	int one = 1;

	if (ptm < 0)
		return;
	leader = cmd;
	close(pts);
	sys_ioctl(ptm, FIONBIO, &one);	/* never block on the box */
	pty_cont(0);
}

void pty_stop(void)
{
	if (raw)
		sys_ioctl(0, TCSETS, &saved);
	raw = 0;
}

void pty_winch(void)
{
	struct winsize ws;

	if (ptm >= 0 && !sys_ioctl(0, TIOCGWINSZ, &ws))
		sys_ioctl(ptm, TIOCSWINSZ, &ws);
}

void pty_poll(struct pollfd *p)
{
	p[0].fd = p[1].fd = -1;
	p[0].events = POLLIN;
	if (ptm < 0)
		return;
	p[1].fd = ptm;
	p[1].events = inlen ? POLLIN | POLLOUT : POLLIN;
	/* Read the caller only in the foreground (a background read would
	 * be EIO), and no more than the box takes. */
	if (raw && !inlen && !in_eof)
		p[0].fd = 0;
}

/* One read of the box's output, written out whole; 0 when there was
 * none (EAGAIN), or the slave side is closed (EIO). */
static int pty_out(void)
{
	static char buf[65536];
	long n = read(ptm, buf, sizeof(buf)), w;
	char *p = buf;

	if (n <= 0) {
		if (n < 0 && errno == EIO) {
			close(ptm);	/* every slave is closed: the box is gone */
			ptm = -1;
		}
		return 0;
	}
	while (n > 0) {
		w = write(outfd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;	/* the caller's terminal is gone: drop it */
		p += w;
		n -= w;
	}
	return 1;
}

void pty_io(struct pollfd *p)
{
	struct termios t;
	long n;

	/* Read on while there is more: one poll per burst, not per 4 KB
	 * (n_tty hands out at most its buffer per read). */
	if (p[1].revents & ~POLLOUT)
		for (n = 0; n < 16 && pty_out(); n++)
			;
	if (ptm < 0)
		return;
	if (p[0].revents) {
		n = read(0, in, sizeof(in));
		if (n > 0) {
			inoff = 0;
			inlen = n;
			while (n-- && (saved.c_lflag & ISIG))
				if (in[n] && in[n] == saved.c_cc[VINTR])
					typed |= 1 << SIGINT;
				else if (in[n] && in[n] == saved.c_cc[VQUIT])
					typed |= 1 << SIGQUIT;
			/* Ctrl-Z for a command leading the pty's session (no
			 * init): its group is orphaned, the kernel would drop
			 * the SIGTSTP. It gets SIGSTOP, as from the terminal. */
			if (leader && inlen == 1 && sys_tcgetpgrp(ptm) == leader &&
			    !sys_ioctl(ptm, TCGETS, &t) && (t.c_lflag & ISIG) &&
			    in[0] && in[0] == t.c_cc[VSUSP]) {
				kill(leader, SIGSTOP);
				inlen = 0;
			}
		} else if (n == 0 || errno == EIO) {
			/* The caller's input ended: the box reads end of file
			 * too (VEOF, as the slave's settings define it). */
			in_eof = 1;
			if (!sys_ioctl(ptm, TCGETS, &t)) {
				in[0] = t.c_cc[VEOF];
				inoff = 0;
				inlen = 1;
			}
		}
	}
	if (inlen) {
		n = write(ptm, in + inoff, inlen);
		if (n > 0) {
			inoff += n;
			inlen -= n;
		}
	}
}

int pty_typed(int sig)
{
	return (sig == SIGINT || sig == SIGQUIT) && (typed & 1 << sig);
}

void pty_done(void)
{
	if (!CFG_PTY)
		return;
	/* The box's last words: what is left in the master. */
	while (ptm >= 0 && pty_out())
		;
	pty_stop();
}
