/* The program's umask, for the Gofer's creating calls (the Gofer creates
 * with umask 0 and the mode the Sentry masked).
 *
 * The only place to read it is /proc/TID/status, whose rendering costs
 * more than the create itself (13 µs here): it is read once per task and
 * kept beside a pidfd of the task, which tells when the task is gone and
 * its tid may name another.  umask(2) is notified (table.c): it makes
 * every kept value stale (threads and CLONE_FS children share one), and
 * nothing is kept again until the caller's next notification proves its
 * umask(2) has returned, so that no value read in between is kept. */
#ifndef SENTRY_RUN_UMASK_H
#define SENTRY_RUN_UMASK_H

#include <sys/types.h>

#include "sentry/notif.h"

/* Tasks whose umask is kept. */
#define SR_UMASK_TASKS_MAX 64

/* The umask of task `tid` (host pid), or -1 when it cannot be read (the
 * task is gone). */
int sr_umask_of(pid_t tid);

/* Every notification, before it is served: a task that was in umask(2)
 * is out of it. */
void sr_umask_task_seen(pid_t tid);

/* umask(2): forget, then let the kernel change it. */
int sr_handle_umask(struct sr_call *call, struct sr_error *err);

#endif
