/* SPDX-License-Identifier: 0BSD */
/* timer: spawn latency of several commands, measured interleaved.
 *   timer ROUNDS WARMUP FILE
 * FILE has one command a line: "LABEL<TAB>ARGV0 ARG...", arguments split on
 * spaces. Each round runs every command once, starting one further along
 * the list each round, so slow drifts of a shared machine hit all commands
 * alike. Each run is fork + execv + waitpid, timed with CLOCK_MONOTONIC;
 * the command's stdout goes to /dev/null. Prints one line per command:
 * "LABEL<TAB>median p10 p90 min failures", times in microseconds. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAXCMD 32
#define MAXARG 32

static char *label[MAXCMD], *argv_[MAXCMD][MAXARG + 1];
static int ncmd, failures[MAXCMD], devnull;

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}

static double spawn(int i)
{
	double t0 = now();
	pid_t p = fork();
	int st;

	if (p == 0) {
		dup2(devnull, 1);
		execv(argv_[i][0], argv_[i]);
		_exit(127);
	}
	if (p < 0 || waitpid(p, &st, 0) < 0 || st != 0)
		failures[i]++;
	return now() - t0;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void load(const char *file)
{
	static char line[4096];
	FILE *f = fopen(file, "r");

	if (!f) {
		perror(file);
		exit(1);
	}
	while (ncmd < MAXCMD && fgets(line, sizeof(line), f)) {
		char *tab = strchr(line, '\t'), *a, *save;
		int n = 0;

		if (!tab || line[0] == '#')
			continue;
		*tab = 0;
		label[ncmd] = strdup(line);
		for (a = strtok_r(tab + 1, " \n", &save); a && n < MAXARG;
		     a = strtok_r(0, " \n", &save))
			argv_[ncmd][n++] = strdup(a);
		if (n)
			ncmd++;
	}
	fclose(f);
}

int main(int argc, char **argv)
{
	int rounds, warm, r, k, i;
	double *t;

	if (argc != 4) {
		fprintf(stderr, "usage: timer ROUNDS WARMUP FILE\n");
		return 1;
	}
	rounds = atoi(argv[1]);
	warm = atoi(argv[2]);
	load(argv[3]);
	devnull = open("/dev/null", O_WRONLY);
	t = calloc((size_t)ncmd * rounds, sizeof(*t));
	if (!ncmd || rounds < 1 || !t || devnull < 0)
		return 1;
	for (r = 0; r < warm; r++)
		for (k = 0; k < ncmd; k++)
			spawn((r + k) % ncmd);
	memset(failures, 0, sizeof(failures));
	for (r = 0; r < rounds; r++)
		for (k = 0; k < ncmd; k++) {
			i = (r + k) % ncmd;
			t[i * rounds + r] = spawn(i);
		}
	for (i = 0; i < ncmd; i++) {
		double *s = t + i * rounds;

		qsort(s, rounds, sizeof(*s), cmp);
		printf("%s\t%.1f %.1f %.1f %.1f %d\n", label[i], s[rounds / 2],
		       s[rounds / 10], s[rounds * 9 / 10], s[0], failures[i]);
	}
	return 0;
}
