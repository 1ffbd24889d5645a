/*
 * measure: run a command and print its wall time and peak memory, so the
 * benchmark needs neither GNU time nor a particular shell.
 *
 *     measure [-n RUNS] [-o OUTPUT] COMMAND [ARG]...
 *
 * Runs COMMAND RUNS times (default 1) with standard output sent to OUTPUT
 * (default /dev/null) and prints one line: the mean wall time in seconds,
 * the largest peak resident set size in kilobytes over the runs (wait4's
 * ru_maxrss) and the mean CPU time (user + system) in seconds, which a busy
 * machine disturbs less than the wall time.  Exit status 0 or 1 of the command is fine (artcmp and diff
 * say "same" or "different" with it); anything else is an error.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
main(int argc, char **argv)
{
	const char *output = "/dev/null";
	long runs = 1, i;
	long peak_kb = 0;
	double total = 0, cpu = 0;
	int opt;

	while ((opt = getopt(argc, argv, "+n:o:")) != -1) {
		switch (opt) {
		case 'n':
			runs = strtol(optarg, NULL, 10);
			break;
		case 'o':
			output = optarg;
			break;
		default:
			fprintf(stderr, "usage: measure [-n RUNS] [-o OUTPUT] COMMAND [ARG]...\n");
			return 2;
		}
	}
	if (optind >= argc || runs < 1) {
		fprintf(stderr, "usage: measure [-n RUNS] [-o OUTPUT] COMMAND [ARG]...\n");
		return 2;
	}
	for (i = 0; i < runs; i++) {
		struct rusage usage;
		double start = now();
		int status;
		pid_t pid = fork();

		if (pid < 0) {
			perror("measure: fork");
			return 2;
		}
		if (pid == 0) {
			int fd = open(output, O_WRONLY | O_CREAT | O_TRUNC, 0644);

			if (fd < 0 || dup2(fd, STDOUT_FILENO) < 0) {
				perror(output);
				_exit(127);
			}
			close(fd);
			execvp(argv[optind], argv + optind);
			perror(argv[optind]);
			_exit(127);
		}
		if (wait4(pid, &status, 0, &usage) < 0) {
			perror("measure: wait4");
			return 2;
		}
		total += now() - start;
		cpu += (double)usage.ru_utime.tv_sec + (double)usage.ru_utime.tv_usec / 1e6 +
			(double)usage.ru_stime.tv_sec + (double)usage.ru_stime.tv_usec / 1e6;
		if (usage.ru_maxrss > peak_kb)
			peak_kb = usage.ru_maxrss;
		if (!WIFEXITED(status) || WEXITSTATUS(status) > 1) {
			fprintf(stderr, "measure: %s failed (status %d)\n", argv[optind],
				WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
			return 1;
		}
	}
	printf("%.6f %ld %.6f\n", total / (double)runs, peak_kb, cpu / (double)runs);
	return 0;
}
