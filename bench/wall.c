/* wall PROGRAM [ARG...]: run PROGRAM once and print its wall-clock time,
 * start-up included, in nanoseconds on the monotonic clock. PROGRAM's
 * stdout goes to stderr so that the caller can capture the figure alone;
 * a PROGRAM that fails prints no figure and wall exits 1. */
#include <stdio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: wall PROGRAM [ARG...]\n");
		return 2;
	}
	double t0 = now_ns();
	pid_t pid = fork();
	if (pid < 0) {
		perror("wall: fork");
		return 1;
	}
	if (pid == 0) {
		if (dup2(STDERR_FILENO, STDOUT_FILENO) < 0) {
			perror("wall: dup2");
			_exit(127);
		}
		execvp(argv[1], argv + 1);
		perror(argv[1]);
		_exit(127);
	}
	int status;
	if (waitpid(pid, &status, 0) < 0) {
		perror("wall: waitpid");
		return 1;
	}
	double elapsed = now_ns() - t0;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "wall: %s failed (status 0x%x)\n", argv[1], (unsigned)status);
		return 1;
	}
	printf("%.0f\n", elapsed);
	return 0;
}
