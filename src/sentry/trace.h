/* --strace output: who made the call, as the sandbox sees it, and the
 * E/X lines of strace.c written whole, one write each. */
#ifndef SENTRY_RUN_TRACE_H
#define SENTRY_RUN_TRACE_H

#include <stdbool.h>
#include <stdint.h>

#include "sentry/notif.h"
#include "sentry/strace.h"

/* Who a task is as the sandbox sees it, from /proc/TID/status. */
struct sr_task_ids {
	int pid, tid;               /* in the sandbox's pid namespace; -1: unknown */
	int umask;                  /* its file mode creation mask; -1: unknown */
	char comm[SR_STRACE_COMM_MAX + 1];
};

void sr_task_ids(pid_t host_tid, struct sr_task_ids *ids);

/* What a task may claim to be in SCM_CREDENTIALS, from /proc/TID/status:
 * its process's pid in its own pid namespace and its real, effective and
 * saved ids, in the Sentry's user namespace (the sandbox's). */
struct sr_task_creds {
	pid_t tgid;
	uid_t uid[3];
	gid_t gid[3];
};

/* 0, or -1 when the task is gone. */
int sr_task_creds(pid_t host_tid, struct sr_task_creds *creds);

/* "/4194304/personality" and the like. */
#define SR_TASK_PATH_MAX 64
/* Read /proc/TID/FILE of a task into buf, NUL-terminated: the length,
 * or -1 when it cannot be read (the task is gone). */
ssize_t sr_task_read(pid_t host_tid, const char *file, char *buf, size_t size);

/* The signals task host_tid would take now (pending, not blocked, not
 * ignored), for which the kernel would have interrupted a call that
 * waits; all false when the task is gone. */
struct sr_task_signals {
	bool own;                  /* one of its own, which it takes */
	bool shared;               /* one of its process's */
	unsigned long long shared_mask; /* which of its process's, bit N-1 for signal N */
	bool alone;                /* the only thread of its process */
	pid_t tgid;
};
void sr_task_signals(pid_t host_tid, struct sr_task_signals *out);

/* The state of thread `tid` of process `tgid` (host pids) as the
 * "State:" line of /proc/TGID/task/TID/status has it ('R', 'S', 'D',
 * 'T'...) and the signals it blocks: 0, or -1 when it is gone. */
int sr_thread_state(pid_t tgid, pid_t tid, char *state, unsigned long long *blocked);

/* The pid in the sandbox of the process whose pidfd is fd `fd` of task
 * host_tid (from its fdinfo), or -1: not a pidfd, or the process or the
 * task is gone. */
int sr_task_pidfd_target(pid_t host_tid, int fd);

/* A pidfd to take the task's fds from with pidfd_getfd: the thread's
 * own (PIDFD_THREAD, Linux 6.9); on older kernels its thread group's,
 * whose fd table the thread shares unless it unshared it or its main
 * thread has exited (sr_task_fd_check tells).  -1 with errno: ESRCH when
 * the task is gone. */
int sr_task_pidfd(pid_t host_tid);
/* Whether the Sentry's fd `taken`, taken from sr_task_pidfd(host_tid)
 * by number `fd`, is the task's own fd `fd`: always with PIDFD_THREAD;
 * before, only if the thread shares its leader's fd table.  0, or -1
 * with errno: EBADF when the task has no fd `fd`, EXDEV when its fd is
 * another file (its table is its own) or cannot be compared. */
int sr_task_fd_check(pid_t host_tid, int taken, int fd);

/* What the entry line of a traced call leaves for its exit line: who
 * made it (the task may be gone by the exit line, which follows the
 * reply of an open) and its arguments as they were shown. */
struct sr_trace_entry {
	struct sr_task_ids ids;
	struct sr_strace_entry line;
};

bool sr_trace_wanted(const struct sr_call *call);
/* phase: entry (0) or exit (1); for exit, duration_ns and call->result.
 * The entry line is kept in call->trace_entry, and the exit line takes
 * the caller and the arguments from there. */
void sr_trace_line(const struct sr_call *call, bool exit, uint64_t duration_ns);

#endif
