/* Whether a task's fd table is its own alone (fdshare.h). */
#include "sentry/fdshare.h"

#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "sentry/trace.h"

/* /proc/TID/stat up to num_threads, the 20th field: the name is at most
 * 15 bytes (TASK_COMM_LEN), the other fields before it numbers. */
#define FDSHARE_STAT_READ_MAX 512
/* num_threads is the 18th field after the ")" that ends the name. */
#define FDSHARE_STAT_THREADS_FIELD 18

/* Set for good once a process of the sandbox shares its fd table with
 * another process. */
static atomic_bool fdshare_across_processes;

/* The number of threads of task `tid`'s process, or -1. */
static long fdshare_threads(pid_t tid)
{
	char buf[FDSHARE_STAT_READ_MAX];

	if (sr_task_read(tid, "stat", buf, sizeof(buf)) < 0)
		return -1;
	char *p = strrchr(buf, ')');
	for (int field = 0; p != NULL && field < FDSHARE_STAT_THREADS_FIELD; field++)
		p = strchr(p + 1, ' ');
	if (p == NULL)
		return -1;
	char *end;
	long n = strtol(p + 1, &end, 10);
	return end == p + 1 ? -1 : n;
}

bool sr_task_fd_table_alone(pid_t tid)
{
	return !atomic_load(&fdshare_across_processes) && fdshare_threads(tid) == 1;
}

int sr_handle_clone(struct sr_call *call, struct sr_error *err)
{
	(void)err;
	__u64 flags = call->req->data.args[0];

	/* Before the reply: the process sharing the table exists only
	 * after it. */
	if ((flags & CLONE_FILES) && !(flags & CLONE_THREAD))
		atomic_store(&fdshare_across_processes, true);
	return sr_notif_reply_continue(call);
}
