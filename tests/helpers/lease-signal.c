/* lease-signal FILE restart|interrupt|stop: an open that waits for a
 * lease to break, interrupted by a signal whose handler was installed
 * with SA_RESTART (restart) or without (interrupt), or stopped and
 * continued (stop), for tests/integration/sentry.sh.  The program takes
 * a write lease on FILE; a child opens FILE for writing, which waits
 * until the lease is given up; meanwhile the child gets SIGUSR1 (or
 * SIGSTOP, then SIGCONT), then the lease goes.  Prints "open: ok" or
 * "open: ERRNO-NAME", and whether the handler ran.  The kernel restarts
 * the wait with SA_RESTART and after a stop (ok), and fails it without
 * SA_RESTART (EINTR). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Long enough for the child to be waiting in its open, not a bound. */
#define SETTLE_NS 200000000L

static volatile sig_atomic_t lease_broken, child_signalled;

static void on_lease_break(int sig)
{
	(void)sig;
	lease_broken = 1;
}

static void on_usr1(int sig)
{
	(void)sig;
	child_signalled = 1;
}

static void settle(void)
{
	const struct timespec t = { .tv_nsec = SETTLE_NS };

	nanosleep(&t, NULL);
}

int main(int argc, char **argv)
{
	if (argc != 3 || (strcmp(argv[2], "restart") != 0 && strcmp(argv[2], "interrupt") != 0 &&
			  strcmp(argv[2], "stop") != 0)) {
		fprintf(stderr, "usage: lease-signal FILE restart|interrupt|stop\n");
		return 2;
	}
	const char *file = argv[1];
	struct sigaction on_break = { .sa_handler = on_lease_break };
	struct sigaction on_signal = { .sa_handler = on_usr1 };
	if (strcmp(argv[2], "restart") == 0)
		on_signal.sa_flags = SA_RESTART;
	sigemptyset(&on_break.sa_mask);
	sigemptyset(&on_signal.sa_mask);
	if (sigaction(SIGIO, &on_break, NULL) < 0 || sigaction(SIGUSR1, &on_signal, NULL) < 0) {
		perror("lease-signal: sigaction");
		return 2;
	}
	/* SIGIO stays blocked but in sigsuspend: one that came between a
	 * test of lease_broken and a pause() would be lost, and the parent
	 * would wait forever. */
	sigset_t sigio, waiting;
	sigemptyset(&sigio);
	sigaddset(&sigio, SIGIO);
	if (sigprocmask(SIG_BLOCK, &sigio, &waiting) < 0) {
		perror("lease-signal: sigprocmask");
		return 2;
	}
	sigdelset(&waiting, SIGIO);
	int fd = open(file, O_RDONLY | O_CREAT, 0600);
	if (fd < 0 || fcntl(fd, F_SETLEASE, F_WRLCK) < 0) {
		perror("lease-signal: a write lease");
		return 2;
	}
	fflush(stdout);
	pid_t child = fork();
	if (child < 0) {
		perror("lease-signal: fork");
		return 2;
	}
	if (child == 0) {
		int opened = open(file, O_WRONLY);
		printf("open: %s\n", opened >= 0 ? "ok" : strerrorname_np(errno));
		printf("handler ran: %s\n", child_signalled ? "yes" : "no");
		fflush(stdout);
		_exit(0);
	}
	/* The child waits in its open once the lease is being broken. */
	while (!lease_broken)
		sigsuspend(&waiting);
	settle();
	if (strcmp(argv[2], "stop") == 0) {
		kill(child, SIGSTOP);
		settle();
		kill(child, SIGCONT);
	} else {
		kill(child, SIGUSR1);
	}
	settle();
	fcntl(fd, F_SETLEASE, F_UNLCK);
	int status;
	if (waitpid(child, &status, 0) < 0 || !WIFEXITED(status))
		return 2;
	return 0;
}
