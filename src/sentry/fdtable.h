/* Whether a task has an fd number left for an open.
 *
 * The kernel's open takes the fd number first (get_unused_fd_flags) and
 * opens only then: with every number below RLIMIT_NOFILE in use, it
 * fails with EMFILE and has truncated or made nothing.  An emulated open
 * learns it only from SECCOMP_IOCTL_NOTIF_ADDFD, once the Gofer has
 * opened, so one that would truncate or create asks first (fs.c). */
#ifndef SENTRY_RUN_SENTRY_FDTABLE_H
#define SENTRY_RUN_SENTRY_FDTABLE_H

#include <stdbool.h>
#include <sys/types.h>

/* True when every fd number below the RLIMIT_NOFILE of task `tid` (host
 * pid) is in use; false when one is free, or when that cannot be read
 * (the task is gone: the injection then answers for itself). */
bool sr_task_fd_table_full(pid_t tid);

#endif
