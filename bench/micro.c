/* micro OP N: time N repetitions of one operation from inside the
 * process (start-up excluded) and print nanoseconds per operation. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
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
	if (argc != 3) {
		fprintf(stderr, "usage: micro getpid|uname|openat|stat|forkexec N\n");
		return 2;
	}
	long n = atol(argv[2]);
	const char *op = argv[1];
	struct utsname u;
	struct stat st;
	double t0 = now_ns();

	for (long i = 0; i < n; i++) {
		if (strcmp(op, "getpid") == 0) {
			syscall(SYS_getpid);
		} else if (strcmp(op, "uname") == 0) {
			uname(&u);
		} else if (strcmp(op, "openat") == 0) {
			int fd = openat(AT_FDCWD, "/etc/passwd", O_RDONLY | O_CLOEXEC);
			if (fd < 0) {
				perror("openat");
				return 1;
			}
			close(fd);
		} else if (strcmp(op, "stat") == 0) {
			if (stat("/etc/passwd", &st) < 0) {
				perror("stat");
				return 1;
			}
		} else if (strcmp(op, "forkexec") == 0) {
			pid_t pid = fork();
			if (pid == 0) {
				execl("/bin/true", "true", (char *)NULL);
				_exit(127);
			}
			int status;
			waitpid(pid, &status, 0);
		} else {
			fprintf(stderr, "micro: unknown operation %s\n", op);
			return 2;
		}
	}
	printf("%.1f\n", (now_ns() - t0) / (double)n);
	return 0;
}
