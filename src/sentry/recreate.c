/* Creates whose fd never reached the program (recreate.h). */
#include "sentry/recreate.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util.h"

struct recreate {
	pid_t tid;                 /* 0: free */
	int dirfd;
	dev_t dev;
	ino_t ino;
	uint64_t at_ns;
	bool lost;                 /* false: its reply is still under way */
	char *path;
};

/* How long a restart waits for a reply under way to settle: a worker
 * settles right after its ioctl returns. */
#define RECREATE_SETTLE_WAIT_MS 100

static struct recreate recreates[SR_RECREATE_MAX];
static size_t recreate_next;
static pthread_mutex_t recreate_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t recreate_settled = PTHREAD_COND_INITIALIZER;

static void recreate_clear(struct recreate *r)
{
	free(r->path);
	memset(r, 0, sizeof(*r));
}

/* The live entry for a task, base and path, or NULL; with the lock held. */
static struct recreate *recreate_find_locked(pid_t tid, int dirfd, const char *path)
{
	uint64_t now = sr_monotonic_ns();

	for (size_t i = 0; i < SR_RECREATE_MAX; i++) {
		struct recreate *r = &recreates[i];
		if (r->tid == 0)
			continue;
		if (now - r->at_ns > (uint64_t)SR_RECREATE_KEEP_MS * 1000000) {
			recreate_clear(r);
			continue;
		}
		if (r->tid == tid && r->dirfd == dirfd && strcmp(r->path, path) == 0)
			return r;
	}
	return NULL;
}

void sr_recreate_note(pid_t tid, int dirfd, const char *path, int fd)
{
	struct stat st;
	char *copy;

	/* Without its identity or a copy of its name it cannot be told
	 * apart later: the restart then fails as it would have. */
	if (fstat(fd, &st) < 0 || (copy = strdup(path)) == NULL)
		return;
	pthread_mutex_lock(&recreate_lock);
	struct recreate *r = recreate_find_locked(tid, dirfd, path);
	if (r == NULL) {
		r = &recreates[recreate_next];
		recreate_next = (recreate_next + 1) % SR_RECREATE_MAX;
	}
	recreate_clear(r);
	*r = (struct recreate){ .tid = tid, .dirfd = dirfd, .dev = st.st_dev, .ino = st.st_ino,
				.at_ns = sr_monotonic_ns(), .path = copy };
	pthread_mutex_unlock(&recreate_lock);
}

void sr_recreate_settle(pid_t tid, int dirfd, const char *path, bool lost)
{
	pthread_mutex_lock(&recreate_lock);
	struct recreate *r = recreate_find_locked(tid, dirfd, path);
	if (r != NULL && lost)
		r->lost = true;
	else if (r != NULL)
		recreate_clear(r);
	pthread_cond_broadcast(&recreate_settled);
	pthread_mutex_unlock(&recreate_lock);
}

bool sr_recreate_find(pid_t tid, int dirfd, const char *path, struct stat *st)
{
	struct timespec until;
	bool found = false;

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_nsec += RECREATE_SETTLE_WAIT_MS * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&recreate_lock);
	for (;;) {
		struct recreate *r = recreate_find_locked(tid, dirfd, path);
		if (r != NULL && r->lost) {
			st->st_dev = r->dev;
			st->st_ino = r->ino;
			found = true;
		}
		if (r == NULL || r->lost || pthread_cond_timedwait(&recreate_settled, &recreate_lock, &until) != 0)
			break;
	}
	pthread_mutex_unlock(&recreate_lock);
	return found;
}
