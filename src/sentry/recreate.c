/* Creates whose fd never reached the program (recreate.h). */
#include "sentry/recreate.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

enum recreate_state {
	RECREATE_FREE = 0,
	RECREATE_UNDER_WAY,        /* a call is creating it, or giving it */
	RECREATE_LOST,             /* made, and no call has it: for the restart */
};

struct recreate {
	enum recreate_state state;
	uint64_t id;               /* the notification that began it */
	pid_t tid;
	int dirfd;
	char *path;
	bool has_file;             /* made: dev and ino say which */
	dev_t dev;
	ino_t ino;
	uint64_t lost_ns;          /* LOST: since when */
};

static struct recreate recreates[SR_RECREATE_MAX];
static size_t recreate_next;
static pthread_mutex_t recreate_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t recreate_changed = PTHREAD_COND_INITIALIZER;

static void recreate_clear(struct recreate *r)
{
	free(r->path);
	memset(r, 0, sizeof(*r));
}

/* With the lock held: a lost file kept past its time is let go (no
 * restart came: the task was killed, as it could have been after a
 * create of its own). */
static void recreate_expire_locked(void)
{
	uint64_t now = sr_monotonic_ns();

	for (size_t i = 0; i < SR_RECREATE_MAX; i++)
		if (recreates[i].state == RECREATE_LOST &&
		    now - recreates[i].lost_ns > (uint64_t)SR_RECREATE_KEEP_MS * 1000000)
			recreate_clear(&recreates[i]);
}

static struct recreate *recreate_by_id_locked(uint64_t id)
{
	for (size_t i = 0; i < SR_RECREATE_MAX; i++)
		if (recreates[i].state != RECREATE_FREE && recreates[i].id == id)
			return &recreates[i];
	return NULL;
}

static struct recreate *recreate_by_path_locked(pid_t tid, int dirfd, const char *path)
{
	for (size_t i = 0; i < SR_RECREATE_MAX; i++) {
		struct recreate *r = &recreates[i];
		if (r->state != RECREATE_FREE && r->tid == tid && r->dirfd == dirfd && strcmp(r->path, path) == 0)
			return r;
	}
	return NULL;
}

void sr_recreate_begin(uint64_t id, pid_t tid, int dirfd, const char *path)
{
	/* Without a copy of its name it cannot be told apart later: a
	 * restart then fails as it would have without this. */
	char *copy = strdup(path);

	if (copy == NULL)
		return;
	pthread_mutex_lock(&recreate_lock);
	recreate_expire_locked();
	struct recreate *r = NULL;
	for (size_t i = 0; i < SR_RECREATE_MAX && r == NULL; i++)
		if (recreates[i].state == RECREATE_FREE)
			r = &recreates[i];
	/* All in use (more creates at once than the table holds): the
	 * oldest slot goes, and its restart would meet EEXIST. */
	if (r == NULL) {
		r = &recreates[recreate_next];
		recreate_next = (recreate_next + 1) % SR_RECREATE_MAX;
		recreate_clear(r);
		pthread_cond_broadcast(&recreate_changed);
	}
	*r = (struct recreate){ .state = RECREATE_UNDER_WAY, .id = id, .tid = tid, .dirfd = dirfd, .path = copy };
	pthread_mutex_unlock(&recreate_lock);
}

void sr_recreate_made(uint64_t id, int fd)
{
	struct stat st;
	bool known = fstat(fd, &st) == 0;

	pthread_mutex_lock(&recreate_lock);
	struct recreate *r = recreate_by_id_locked(id);
	if (r != NULL && known) {
		r->has_file = true;
		r->dev = st.st_dev;
		r->ino = st.st_ino;
	} else if (r != NULL) {
		recreate_clear(r);
	}
	pthread_cond_broadcast(&recreate_changed);
	pthread_mutex_unlock(&recreate_lock);
}

void sr_recreate_settle(uint64_t id, bool lost)
{
	pthread_mutex_lock(&recreate_lock);
	struct recreate *r = recreate_by_id_locked(id);
	if (r != NULL && lost && r->has_file) {
		r->state = RECREATE_LOST;
		r->lost_ns = sr_monotonic_ns();
	} else if (r != NULL) {
		recreate_clear(r);
	}
	pthread_cond_broadcast(&recreate_changed);
	pthread_mutex_unlock(&recreate_lock);
}

bool sr_recreate_claim(uint64_t id, pid_t tid, int dirfd, const char *path, struct stat *st,
		       bool (*alive)(const void *ctx), const void *ctx)
{
	bool found = false;

	pthread_mutex_lock(&recreate_lock);
	for (long waited_ms = 0;; waited_ms += SR_RECREATE_ALIVE_MS) {
		recreate_expire_locked();
		/* One thread has one call at a time: an attempt of the same
		 * task still noted is one this call restarts. */
		struct recreate *r = recreate_by_path_locked(tid, dirfd, path);
		if (r != NULL && r->state == RECREATE_LOST) {
			/* Taken over whole: if this call ends before the
			 * program has the file, the next restart finds it. */
			r->state = RECREATE_UNDER_WAY;
			r->id = id;
			st->st_dev = r->dev;
			st->st_ino = r->ino;
			found = true;
		}
		if (r == NULL || found || waited_ms >= SR_RECREATE_WAIT_MS)
			break;
		/* A call interrupted in turn waits no more: its own restart
		 * is the one to take the file. */
		pthread_mutex_unlock(&recreate_lock);
		bool still = alive(ctx);
		pthread_mutex_lock(&recreate_lock);
		if (!still)
			break;
		struct timespec until = sr_realtime_after_ms(SR_RECREATE_ALIVE_MS);
		pthread_cond_timedwait(&recreate_changed, &recreate_lock, &until);
	}
	pthread_mutex_unlock(&recreate_lock);
	return found;
}
