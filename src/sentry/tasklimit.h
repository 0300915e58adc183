/* A task's soft resource limits, as the kernel applies them to the calls
 * the Sentry and the Gofer perform for it (an open's fd number, a
 * truncate's size). */
#ifndef SENTRY_RUN_SENTRY_TASKLIMIT_H
#define SENTRY_RUN_SENTRY_TASKLIMIT_H

#include <stdint.h>
#include <sys/types.h>

/* The soft limit of `resource` (RLIMIT_NOFILE or RLIMIT_FSIZE) of task
 * `tid` (host pid), UINT64_MAX for "unlimited": 0, or -1 when it cannot
 * be read (the task is gone). */
int sr_task_soft_limit(pid_t tid, int resource, uint64_t *limit);

#endif
