/* One notification being served, and the only ways a handler touches
 * the program: a bounded read of its memory, the liveness check, and a
 * reply (DESIGN §3 invariants 1 and 2). */
#ifndef SENTRY_RUN_NOTIF_H
#define SENTRY_RUN_NOTIF_H

#include <linux/seccomp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "config.h"
#include "events.h"
#include "sentry/sentry.h"
#include "sentry/table.h"
#include "util.h"

/* What the Sentry knows for the whole sandbox, shared read-only by its
 * worker threads. */
struct sr_sentry {
	const struct sr_config *cfg;
	int listener;
	bool trace_all;            /* --strace: every allowed call is notified */
	int strace_fd;             /* -1: no tracing */
	bool sync_wakeup;          /* SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP is set */
	bool wait_killable_recv;   /* a received call waits killably (5.19): no restart */
	bool landlock_scoped;      /* PROGRAM holds Landlock's abstract unix socket scope */
	int userns_fd;             /* the sandbox's user namespace, until confined */
	struct sr_events_sink events;   /* --events; its fd is -1 without */
	char sandbox_id[SR_SANDBOX_ID_MAX];   /* names the sandbox in events */
	int gofer_socks[SR_SENTRY_WORKERS_MAX];  /* worker i's connection to the Gofer */
};

struct sr_trace_entry;

struct sr_call {
	const struct sr_sentry *sentry;
	int gofer_sock;            /* this worker's connection to the Gofer; -1 in a network call (loop.c) */
	struct seccomp_notif *req;
	struct seccomp_notif_resp *resp;
	const struct sr_syscall_row *row;   /* never NULL */
	bool replied;
	int64_t result;            /* what the reply said, for --strace */
	bool continued;
	bool traced;               /* --strace prints this call */
	uint64_t started_ns;       /* when its entry line was printed */
	struct sr_trace_entry *trace_entry;  /* its entry line, for the exit line (trace.h) */
	bool handed_over;          /* another worker now waits for notifications */
	bool must_not_block;       /* SR_SENTRY_BLOCKED_MAX calls wait already (loop.c) */
	bool gone;                 /* the reply found the call gone (ENOENT) */
};

/* The largest string a handler copies from the program (a path). */
#define SR_NOTIF_STRING_MAX 4096

/* Copy a NUL-terminated string of at most `size - 1` bytes from the
 * program at `addr`, page by page so that a string ending just before an
 * unmapped page is still read.  Returns its length, or -1 with errno:
 * EFAULT (unreadable), ENAMETOOLONG (no NUL within the bound), ESRCH
 * (the task is gone).  The copy is then checked alive by the caller. */
ssize_t sr_notif_read_string(const struct sr_call *call, uint64_t addr, char *buf, size_t size);
/* Copy exactly `len` bytes; 0 or -1 with errno. */
int sr_notif_read_bytes(const struct sr_call *call, uint64_t addr, void *buf, size_t len);
/* Copy up to `len` bytes, as far as the program's memory is readable:
 * how many, or -1 with errno (ESRCH, EPERM) when it cannot be read. */
ssize_t sr_notif_read_readable(const struct sr_call *call, uint64_t addr, void *buf, size_t len);
/* Write `len` bytes into the program; 0 or -1 with errno. */
int sr_notif_write_bytes(const struct sr_call *call, uint64_t addr, const void *buf, size_t len);
/* SECCOMP_IOCTL_NOTIF_ID_VALID: is the call still pending? */
bool sr_notif_id_valid(const struct sr_call *call);
/* A pidfd of the calling thread (of its process, before Linux 6.9), or
 * -1 with ESRCH.  Checked alive once open: a task killed meanwhile
 * frees its id, which another process may take, whose fds pidfd_getfd
 * would then take; a pidfd opened while the call is pending names the
 * caller. */
int sr_notif_caller_pidfd(const struct sr_call *call);
/* The calling thread's fd `fd` itself (pidfd_getfd), through `pidfd`,
 * its sr_notif_caller_pidfd: an fd of the Sentry's, or -1 with errno:
 * EBADF when there is no such fd, ESRCH when the call is gone, ENOSYS
 * when the thread's own fd table cannot be reached (before Linux 6.9,
 * one not its leader's: said once), or the Sentry's own EMFILE or
 * ENFILE. */
int sr_notif_take_fd(const struct sr_call *call, int pidfd, int fd);

/* Replies.  Each returns 0; a task that is gone (ENOENT) is normal. */
int sr_notif_reply_errno(struct sr_call *call, int err);
int sr_notif_reply_value(struct sr_call *call, int64_t value);
/* Let the kernel run the call: only where DESIGN §2 allows it. */
int sr_notif_reply_continue(struct sr_call *call);
/* The call's result is a new fd of the task's, a copy of our `fd`
 * (SECCOMP_IOCTL_NOTIF_ADDFD), close-on-exec if asked.  With
 * SECCOMP_ADDFD_FLAG_SEND (Linux 5.14) adding the fd and replying are one
 * step: a task killed or a call interrupted meanwhile gets no fd at all.
 * Without it (probed once), the fd is added and then the reply sent; if
 * the call was interrupted in between, the task keeps an fd it does not
 * know of.  The caller still owns, and closes, `fd`. */
int sr_notif_reply_fd(struct sr_call *call, int fd, bool cloexec);

#endif
