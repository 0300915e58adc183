#include "sentry/umask.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "compat.h"
#include "sentry/trace.h"

struct umask_task {
	pid_t tid;                 /* 0: a free slot */
	int pidfd;                 /* of that very task: readable once it is gone */
	int umask;
};

static pthread_mutex_t umask_lock = PTHREAD_MUTEX_INITIALIZER;
static struct umask_task umask_tasks[SR_UMASK_TASKS_MAX];
static size_t umask_next;
/* The tasks inside umask(2) (tid, 0 when free), and how many there are:
 * while any is, nothing is kept. */
static pid_t umask_calling[SR_UMASK_TASKS_MAX];
static atomic_int umask_calls;
/* Counts umask(2) calls: a value read before one is not kept after it. */
static uint64_t umask_generation;

/* With umask_lock held. */
static void umask_forget_all(void)
{
	for (size_t i = 0; i < SR_UMASK_TASKS_MAX; i++) {
		if (umask_tasks[i].tid != 0)
			close(umask_tasks[i].pidfd);
		umask_tasks[i].tid = 0;
	}
}

static bool task_gone(int pidfd)
{
	struct pollfd p = { .fd = pidfd, .events = POLLIN };

	return poll(&p, 1, 0) != 0;
}

int sr_umask_of(pid_t tid)
{
	struct sr_task_ids ids;

	pthread_mutex_lock(&umask_lock);
	for (size_t i = 0; i < SR_UMASK_TASKS_MAX; i++) {
		struct umask_task *t = &umask_tasks[i];
		if (t->tid != tid)
			continue;
		if (atomic_load(&umask_calls) == 0 && !task_gone(t->pidfd)) {
			int umask = t->umask;
			pthread_mutex_unlock(&umask_lock);
			return umask;
		}
		close(t->pidfd);
		t->tid = 0;
	}
	uint64_t generation = umask_generation;
	pthread_mutex_unlock(&umask_lock);

	/* The pidfd first: a task that is its holder when the status is read
	 * is the task whose umask that is. */
	int pidfd = (int)syscall(SYS_pidfd_open, tid, PIDFD_THREAD);
	sr_task_ids(tid, &ids);
	if (ids.umask < 0 || pidfd < 0 || task_gone(pidfd)) {
		if (pidfd >= 0)
			close(pidfd);
		return ids.umask;
	}
	pthread_mutex_lock(&umask_lock);
	if (atomic_load(&umask_calls) != 0 || umask_generation != generation) {
		close(pidfd);
	} else {
		struct umask_task *t = &umask_tasks[umask_next];
		umask_next = (umask_next + 1) % SR_UMASK_TASKS_MAX;
		if (t->tid != 0)
			close(t->pidfd);
		*t = (struct umask_task){ .tid = tid, .pidfd = pidfd, .umask = ids.umask };
	}
	pthread_mutex_unlock(&umask_lock);
	return ids.umask;
}

void sr_umask_task_seen(pid_t tid)
{
	if (atomic_load(&umask_calls) == 0)
		return;
	pthread_mutex_lock(&umask_lock);
	for (size_t i = 0; i < SR_UMASK_TASKS_MAX; i++)
		if (umask_calling[i] == tid) {
			umask_calling[i] = 0;
			atomic_fetch_sub(&umask_calls, 1);
		}
	pthread_mutex_unlock(&umask_lock);
}

int sr_handle_umask(struct sr_call *call, struct sr_error *err)
{
	bool noted = false;

	(void)err;
	pthread_mutex_lock(&umask_lock);
	umask_forget_all();
	umask_generation++;
	for (size_t i = 0; i < SR_UMASK_TASKS_MAX && !noted; i++)
		if (umask_calling[i] == 0) {
			umask_calling[i] = (pid_t)call->req->pid;
			atomic_fetch_add(&umask_calls, 1);
			noted = true;
		}
	/* More tasks in umask(2) at once than slots: keep nothing, ever
	 * again, rather than something stale. */
	if (!noted)
		atomic_store(&umask_calls, SR_UMASK_TASKS_MAX + 1);
	pthread_mutex_unlock(&umask_lock);
	return sr_notif_reply_continue(call);
}
