/* SPDX-License-Identifier: 0BSD */
/* stress.c: the loops of the soak and kill-storm tests (tests/soak.test,
 * ./build.sh bench soak), in C for their timing. Built by the tests.
 *   stress run N CMD...          N runs of CMD, one after the other
 *   stress par N CMD...          N runs of CMD started at once
 *   stress kill N US CMD...      N runs, each SIGKILLed 0..US us after fork
 *   stress killinit N US CMD...  N runs; CMD's first child (nsbox's init)
 *                                SIGKILLed 0..US us after it appears
 * Prints "runs N ok N bad N secs S" and one line per other outcome
 * ("status 125: 3", "signal 9: 200"). run and par: ok is exit 0. kill:
 * every outcome is ok, bad is a run that outlived 10 s after its SIGKILL.
 * killinit: ok is a death by SIGKILL (the outer nsbox dies of the signal
 * that killed its child, init; a shell shows 137), bad anything else. Exits 1 when a run is bad. STRESS_SEED makes the delays
 * repeatable (the seed is printed). */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static unsigned long seed;
static unsigned hist[512];	/* exit status, 256 + signal */

static unsigned rnd(unsigned n)
{
	seed = seed * 6364136223846793005UL + 1442695040888963407UL;
	return n ? (unsigned)(seed >> 33) % (n + 1) : 0;
}

static void usleep_(unsigned us)
{
	struct timespec ts = { us / 1000000, us % 1000000 * 1000L };

	nanosleep(&ts, 0);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static pid_t spawn(char **cmd)
{
	pid_t p = fork();

	if (p == 0) {
		execvp(cmd[0], cmd);
		_exit(127);
	}
	if (p < 0) {
		perror("stress: fork");
		exit(2);
	}
	return p;
}

/* Wait for P at most SECS seconds; -1 if it is still there. */
static int wait_for(pid_t p, int secs)
{
	double end = now() + secs;
	int st;

	for (;;) {
		pid_t r = waitpid(p, &st, WNOHANG);

		if (r == p)
			return WIFSIGNALED(st) ? 256 + WTERMSIG(st) :
						 WEXITSTATUS(st);
		if (now() > end)
			return -1;
		usleep_(1000);
	}
}

/* The first child of P, or 0. */
static pid_t child_of(pid_t p)
{
	char path[64], buf[64] = "";
	int fd, n;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/children", p, p);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	return n > 0 ? atoi(buf) : 0;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 2 ? argv[1] : "";
	unsigned n = argc > 2 ? strtoul(argv[2], 0, 10) : 0, us = 0, i;
	unsigned ok = 0, bad = 0;
	char **cmd = argv + 3, *e = getenv("STRESS_SEED");
	pid_t *pids;
	double t0 = now();

	if (!strcmp(mode, "kill") || !strcmp(mode, "killinit")) {
		us = argc > 3 ? strtoul(argv[3], 0, 10) : 0;
		cmd++;
	}
	if (!n || !*cmd || !(pids = calloc(n, sizeof(*pids)))) {
		fputs("usage: stress run|par N CMD... | stress kill|killinit N US CMD...\n",
		      stderr);
		return 2;
	}
	seed = e ? strtoul(e, 0, 10) : (unsigned long)getpid() ^ (unsigned long)time(0);
	printf("seed %lu\n", seed);
	for (i = 0; i < n; i++) {
		int st;

		if (!strcmp(mode, "par")) {
			pids[i] = spawn(cmd);
			continue;
		}
		pids[i] = spawn(cmd);
		if (!strcmp(mode, "kill")) {
			usleep_(rnd(us));
			kill(pids[i], SIGKILL);
		} else if (!strcmp(mode, "killinit")) {
			pid_t c = 0;
			double end = now() + 5;

			while (!(c = child_of(pids[i])) && now() < end)
				usleep_(100);
			usleep_(rnd(us));
			if (c)
				kill(c, SIGKILL);
		}
		st = wait_for(pids[i], 10);
		if (st < 0) {
			printf("run %u: still there after 10 s\n", i);
			kill(pids[i], SIGKILL);
			waitpid(pids[i], 0, 0);
			bad++;
			continue;
		}
		hist[st]++;
		if (!strcmp(mode, "kill") || (!strcmp(mode, "killinit") ? st == 256 + SIGKILL : !st))
			ok++;
		else
			bad++;
	}
	for (i = 0; !strcmp(mode, "par") && i < n; i++) {
		int st = wait_for(pids[i], 30);

		if (st < 0) {
			printf("run %u: still there after 30 s\n", i);
			bad++;
			continue;
		}
		hist[st]++;
		st ? bad++ : ok++;
	}
	printf("runs %u ok %u bad %u secs %.2f\n", n, ok, bad, now() - t0);
	for (i = 0; i < 512; i++)
		if (hist[i])
			printf("%s %u: %u\n", i < 256 ? "status" : "signal",
			       i < 256 ? i : i - 256, hist[i]);
	return bad != 0;
}
