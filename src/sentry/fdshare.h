/* Whether a task's fd table is its own alone.
 *
 * A call the Sentry checks and then continues (SECCOMP_USER_NOTIF_FLAG_
 * CONTINUE) names its socket by fd number, which the kernel looks up
 * again: another task sharing the fd table could put another socket
 * under that number in between (DESIGN §3.1), a UDP socket under a
 * unix sendto's fd, say, with an inet address in the buffer.  Only a
 * task that is the sole user of its table is safe from that, and it
 * stays so while it waits in its call: a new sharer can only be made by
 * a sharer.
 *
 * The tasks sharing a table are the threads of one process (counted in
 * /proc/TID/stat) and processes made by clone(CLONE_FILES) without
 * CLONE_THREAD, which no /proc file tells: the filter notifies those
 * clones (filter.c), and from the first of them on no table of the
 * sandbox counts as anyone's alone. */
#ifndef SENTRY_RUN_SENTRY_FDSHARE_H
#define SENTRY_RUN_SENTRY_FDSHARE_H

#include <stdbool.h>
#include <sys/types.h>

#include "sentry/notif.h"

/* True when task `tid` (host pid) is the only task using its fd table;
 * false when another may be, or when that cannot be read. */
bool sr_task_fd_table_alone(pid_t tid);

/* clone with CLONE_FILES and without CLONE_THREAD: noted, then
 * continued (its arguments are registers). */
int sr_handle_clone(struct sr_call *call, struct sr_error *err);

#endif
