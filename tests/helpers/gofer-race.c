/* Races against the Gofer, for tests/integration/gofer.sh.
 *
 *   gofer-race flip ALLOWED FORBIDDEN MARKER SECONDS
 *     a thread rewrites the path buffer between ALLOWED and FORBIDDEN
 *     while the main thread opens and reads it; prints how many opens
 *     read MARKER (the forbidden file's content): 0 is the only pass.
 *   gofer-race unlink ALLOWED FORBIDDEN SECONDS
 *     the same flips while the main thread unlinks the path, ALLOWED
 *     one the kernel refuses to remove (/proc/self/fd/0); prints how
 *     many unlinks succeeded, FORBIDDEN gone: 0 is the only pass.
 *   gofer-race exec ALLOWED FORBIDDEN SECONDS
 *     the same flips while a child execs the path, over and over, a
 *     fresh child for each exec that went through: ALLOWED a program
 *     that exits 0 (true), FORBIDDEN one that exits 1 (false); prints
 *     how many execs ran FORBIDDEN: 0 is the only pass.
 *   gofer-race creat DIR SECONDS
 *     open(O_CREAT|O_EXCL) and unlink of fresh names under a 20 kHz
 *     SA_RESTART timer signal; prints how many creates failed with
 *     EEXIST (a restarted create that found its own file): 0.
 *   gofer-race fifo OPEN A B FIFO PAUSE_US SECONDS
 *     a thread exchanges the names A and B (renameat2 RENAME_EXCHANGE),
 *     over and over, or (PAUSE_US > 0) twice and then rests that long,
 *     while another opens OPEN for reading (no O_NONBLOCK, no
 *     O_DIRECTORY), which the exchange makes a directory or the FIFO
 *     FIFO (another name of it), under a timer signal that ends any
 *     wait for a writer (EINTR), as it does natively.  Prints how many
 *     opens were interrupted, and whether one still waited 10 s after
 *     the race (stuck=1: an open made where the signal cannot reach),
 *     which a writer of FIFO then releases (released=1). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define READ_MAX 256
#define TIMER_INTERVAL_US 50
/* The FIFO race: the opener's timer, and how long it may take to end
 * once the race is over. */
#define FIFO_TIMER_US 1000
#define FIFO_JOIN_S 10

static char path_buf[PATH_MAX];
static const char *allowed_path, *forbidden_path;
static atomic_bool done;

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Plain stores, byte by byte as memcpy does them: the reader may see a
 * mix of the two strings, which is part of the attack. */
static void *flipper(void *arg)
{
	size_t a = strlen(allowed_path) + 1, f = strlen(forbidden_path) + 1;

	(void)arg;
	while (!atomic_load_explicit(&done, memory_order_relaxed)) {
		memcpy(path_buf, forbidden_path, f);
		memcpy(path_buf, allowed_path, a);
	}
	return NULL;
}

static int race_flip(const char *marker, double seconds)
{
	pthread_t t;
	long tries = 0, opened = 0, hits = 0;
	char buf[READ_MAX + 1];

	memcpy(path_buf, allowed_path, strlen(allowed_path) + 1);
	if (pthread_create(&t, NULL, flipper, NULL) != 0) {
		perror("pthread_create");
		return 2;
	}
	for (double end = now_s() + seconds; now_s() < end; tries++) {
		int fd = open(path_buf, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		opened++;
		ssize_t n = read(fd, buf, READ_MAX);
		close(fd);
		if (n > 0) {
			buf[n] = '\0';
			if (strstr(buf, marker) != NULL)
				hits++;
		}
	}
	atomic_store(&done, true);
	pthread_join(t, NULL);
	printf("tries=%ld opened=%ld hits=%ld\n", tries, opened, hits);
	return 0;
}

static int race_unlink(double seconds)
{
	pthread_t t;
	long tries = 0, removed = 0;

	memcpy(path_buf, allowed_path, strlen(allowed_path) + 1);
	if (pthread_create(&t, NULL, flipper, NULL) != 0) {
		perror("pthread_create");
		return 2;
	}
	for (double end = now_s() + seconds; now_s() < end; tries++)
		if (unlink(path_buf) == 0)
			removed++;
	atomic_store(&done, true);
	pthread_join(t, NULL);
	printf("tries=%ld removed=%ld\n", tries, removed);
	return 0;
}

/* A child of its own for each try, so that an exec that goes through
 * ends one try, and the flipper is a thread of the exec'ing process. */
static int race_exec(double seconds)
{
	long tries = 0, ran = 0, hits = 0;

	for (double end = now_s() + seconds; now_s() < end; tries++) {
		pid_t child = fork();
		if (child < 0) {
			perror("fork");
			return 2;
		}
		if (child == 0) {
			pthread_t t;
			memcpy(path_buf, allowed_path, strlen(allowed_path) + 1);
			if (pthread_create(&t, NULL, flipper, NULL) != 0)
				_exit(2);
			for (double stop = now_s() + 1; now_s() < stop;)
				execv(path_buf, (char *[]){ path_buf, NULL });
			_exit(3);
		}
		int status;
		if (waitpid(child, &status, 0) < 0) {
			perror("waitpid");
			return 2;
		}
		if (WIFEXITED(status) && WEXITSTATUS(status) <= 1) {
			ran++;
			hits += WEXITSTATUS(status) == 1;
		}
	}
	printf("tries=%ld ran=%ld hits=%ld\n", tries, ran, hits);
	return 0;
}

static void on_tick(int sig)
{
	(void)sig;
}

static int race_creat(const char *dir, double seconds)
{
	struct sigaction sa = { .sa_handler = on_tick, .sa_flags = SA_RESTART };
	struct itimerval it = { .it_interval = { 0, TIMER_INTERVAL_US }, .it_value = { 0, TIMER_INTERVAL_US } };
	long tries = 0, eexist = 0, other = 0;
	char path[PATH_MAX];

	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGALRM, &sa, NULL) < 0 || setitimer(ITIMER_REAL, &it, NULL) < 0) {
		perror("timer");
		return 2;
	}
	for (double end = now_s() + seconds; now_s() < end; tries++) {
		snprintf(path, sizeof(path), "%s/f%ld", dir, tries);
		int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd < 0) {
			if (errno == EEXIST)
				eexist++;
			else if (errno != EINTR)
				other++;
			continue;
		}
		close(fd);
		unlink(path);
	}
	printf("tries=%ld eexist=%ld other=%ld\n", tries, eexist, other);
	return 0;
}

static const char *fifo_open_path, *fifo_swap_a, *fifo_swap_b;
static long fifo_pause_us;
static atomic_long fifo_swaps, fifo_opened, fifo_fifos, fifo_eintr, fifo_other;
static atomic_bool fifo_opener_done;

static void *fifo_swapper(void *arg)
{
	(void)arg;
	while (!atomic_load_explicit(&done, memory_order_relaxed)) {
		if (renameat2(AT_FDCWD, fifo_swap_a, AT_FDCWD, fifo_swap_b, RENAME_EXCHANGE) == 0)
			atomic_fetch_add(&fifo_swaps, 1);
		if (fifo_pause_us == 0)
			continue;
		/* Back at once, then a rest in the first state. */
		if (renameat2(AT_FDCWD, fifo_swap_a, AT_FDCWD, fifo_swap_b, RENAME_EXCHANGE) == 0)
			atomic_fetch_add(&fifo_swaps, 1);
		usleep((useconds_t)fifo_pause_us);
	}
	return NULL;
}

/* The only thread that takes the timer's signal. */
static void *fifo_opener(void *arg)
{
	sigset_t alrm;
	struct stat st;

	(void)arg;
	sigemptyset(&alrm);
	sigaddset(&alrm, SIGALRM);
	pthread_sigmask(SIG_UNBLOCK, &alrm, NULL);
	while (!atomic_load_explicit(&done, memory_order_relaxed)) {
		int fd = open(fifo_open_path, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			atomic_fetch_add(errno == EINTR ? &fifo_eintr : &fifo_other, 1);
			continue;
		}
		atomic_fetch_add(&fifo_opened, 1);
		if (fstat(fd, &st) == 0 && S_ISFIFO(st.st_mode))
			atomic_fetch_add(&fifo_fifos, 1);
		close(fd);
	}
	atomic_store(&fifo_opener_done, true);
	return NULL;
}

static int race_fifo(const char *fifo, double seconds)
{
	struct sigaction sa = { .sa_handler = on_tick };
	struct itimerval it = { .it_interval = { 0, FIFO_TIMER_US }, .it_value = { 0, FIFO_TIMER_US } };
	pthread_t swapper, opener;
	sigset_t alrm;
	bool stuck = false, released = false;

	sigemptyset(&alrm);
	sigaddset(&alrm, SIGALRM);
	sigemptyset(&sa.sa_mask);
	if (pthread_sigmask(SIG_BLOCK, &alrm, NULL) != 0 || sigaction(SIGALRM, &sa, NULL) < 0 ||
	    setitimer(ITIMER_REAL, &it, NULL) < 0) {
		perror("timer");
		return 2;
	}
	if (pthread_create(&swapper, NULL, fifo_swapper, NULL) != 0 ||
	    pthread_create(&opener, NULL, fifo_opener, NULL) != 0) {
		perror("pthread_create");
		return 2;
	}
	for (double end = now_s() + seconds; now_s() < end;)
		usleep(10000);
	atomic_store(&done, true);
	pthread_join(swapper, NULL);
	for (double end = now_s() + FIFO_JOIN_S; !atomic_load(&fifo_opener_done) && now_s() < end;)
		usleep(10000);
	if (!atomic_load(&fifo_opener_done)) {
		stuck = true;
		/* A reader waits: a writer's open ends its wait. */
		while (!atomic_load(&fifo_opener_done)) {
			int w = open(fifo, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
			if (w >= 0) {
				released = true;
				close(w);
			}
			usleep(10000);
		}
	}
	pthread_join(opener, NULL);
	printf("swaps=%ld opened=%ld fifos=%ld eintr=%ld other=%ld stuck=%d released=%d\n",
	       atomic_load(&fifo_swaps), atomic_load(&fifo_opened), atomic_load(&fifo_fifos),
	       atomic_load(&fifo_eintr), atomic_load(&fifo_other), stuck, released);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 6 && strcmp(argv[1], "flip") == 0) {
		allowed_path = argv[2];
		forbidden_path = argv[3];
		if (strlen(allowed_path) >= PATH_MAX || strlen(forbidden_path) >= PATH_MAX)
			return 2;
		return race_flip(argv[4], atof(argv[5]));
	}
	if (argc == 5 && strcmp(argv[1], "unlink") == 0) {
		allowed_path = argv[2];
		forbidden_path = argv[3];
		if (strlen(allowed_path) >= PATH_MAX || strlen(forbidden_path) >= PATH_MAX)
			return 2;
		return race_unlink(atof(argv[4]));
	}
	if (argc == 5 && strcmp(argv[1], "exec") == 0) {
		allowed_path = argv[2];
		forbidden_path = argv[3];
		if (strlen(allowed_path) >= PATH_MAX || strlen(forbidden_path) >= PATH_MAX)
			return 2;
		return race_exec(atof(argv[4]));
	}
	if (argc == 4 && strcmp(argv[1], "creat") == 0)
		return race_creat(argv[2], atof(argv[3]));
	if (argc == 8 && strcmp(argv[1], "fifo") == 0) {
		fifo_open_path = argv[2];
		fifo_swap_a = argv[3];
		fifo_swap_b = argv[4];
		fifo_pause_us = atol(argv[6]);
		return race_fifo(argv[5], atof(argv[7]));
	}
	fprintf(stderr, "usage: gofer-race flip ALLOWED FORBIDDEN MARKER SECONDS | unlink ALLOWED FORBIDDEN SECONDS | "
		"creat DIR SECONDS | fifo OPEN A B FIFO PAUSE_US SECONDS\n");
	return 2;
}
