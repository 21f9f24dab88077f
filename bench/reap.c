/* SPDX-License-Identifier: 0BSD */
/* reap: a burst of orphans for the PID 1 above us to reap.
 *   reap [N]   (default 20000)
 * Forks N children; each forks a grandchild and exits at once, so the
 * grandchild (exiting at once too) is orphaned to PID 1, which must reap
 * it. Reaps its own children, then watches /proc (the namespace's own)
 * until no zombie is left or 10 s after the last fork. Prints
 * "TOTAL_MS BURST_MS ZOMBIES_LEFT": from the first fork to the last zombie
 * gone, and the part of it spent forking (the rest is PID 1's lag). */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int zombies(void)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	char path[300], buf[256], *p;
	int n = 0, fd;
	ssize_t len;

	while (d && (e = readdir(d))) {
		if (e->d_name[0] < '0' || e->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/stat", e->d_name);
		if ((fd = open(path, O_RDONLY)) < 0)
			continue;
		len = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		if (len <= 0)
			continue;
		buf[len] = 0;
		if ((p = strrchr(buf, ')')) && p[1] == ' ' && p[2] == 'Z')
			n++;
	}
	if (d)
		closedir(d);
	return n;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 20000, i, z;
	double t0 = now(), t1;

	for (i = 0; i < n; i++) {
		pid_t p = fork();

		if (p == 0) {
			if (fork() < 0)
				_exit(1);
			_exit(0);	/* the grandchild too */
		}
		if (p < 0) {
			if (errno != EAGAIN) {
				perror("fork");
				return 1;
			}
			i--;
		}
		while (waitpid(-1, 0, WNOHANG) > 0)
			;
	}
	while (wait(0) > 0 || errno == EINTR)
		;
	t1 = now();
	while ((z = zombies()) && now() - t1 < 10000)
		usleep(1000);
	printf("%.1f %.1f %d\n", now() - t0, t1 - t0, z);
	return 0;
}
