/* Races against the Gofer, for tests/integration/gofer.sh.
 *
 *   gofer-race flip ALLOWED FORBIDDEN MARKER SECONDS
 *     a thread rewrites the path buffer between ALLOWED and FORBIDDEN
 *     while the main thread opens and reads it; prints how many opens
 *     read MARKER (the forbidden file's content): 0 is the only pass.
 *   gofer-race creat DIR SECONDS
 *     open(O_CREAT|O_EXCL) and unlink of fresh names under a 20 kHz
 *     SA_RESTART timer signal; prints how many creates failed with
 *     EEXIST (a restarted create that found its own file): 0. */
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
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define READ_MAX 256
#define TIMER_INTERVAL_US 50

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

int main(int argc, char **argv)
{
	if (argc == 6 && strcmp(argv[1], "flip") == 0) {
		allowed_path = argv[2];
		forbidden_path = argv[3];
		if (strlen(allowed_path) >= PATH_MAX || strlen(forbidden_path) >= PATH_MAX)
			return 2;
		return race_flip(argv[4], atof(argv[5]));
	}
	if (argc == 4 && strcmp(argv[1], "creat") == 0)
		return race_creat(argv[2], atof(argv[3]));
	fprintf(stderr, "usage: gofer-race flip ALLOWED FORBIDDEN MARKER SECONDS | creat DIR SECONDS\n");
	return 2;
}
