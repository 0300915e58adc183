/* The Sentry's handlers, one file per area of the syscall table; the
 * table names them by id and dispatch.c maps ids to these functions.
 * A handler replies (or continues) before it returns 0; -1 with err is
 * a Sentry-side failure: the loop answers ENOSYS, never lets it through. */
#ifndef SENTRY_RUN_HANDLERS_H
#define SENTRY_RUN_HANDLERS_H

#include "sentry/notif.h"

/* proc.c: identity and processes */
int sr_handle_uname(struct sr_call *call, struct sr_error *err);
int sr_handle_sethostname(struct sr_call *call, struct sr_error *err);
int sr_handle_kill(struct sr_call *call, struct sr_error *err);
int sr_handle_personality(struct sr_call *call, struct sr_error *err);
int sr_handle_pidfd_signal(struct sr_call *call, struct sr_error *err);

/* fs.c: through the Gofer */
int sr_handle_open(struct sr_call *call, struct sr_error *err);
int sr_handle_stat(struct sr_call *call, struct sr_error *err);
int sr_handle_path(struct sr_call *call, struct sr_error *err);
/* The Gofer's check of an execve's path; continued when it passes.
 * argv_addr is for the exec event. */
int sr_fs_check_exec(struct sr_call *call, int dirfd, uint64_t path_addr, uint32_t flags,
		     uint64_t argv_addr);

/* ruleset.c: the program's own Landlock rulesets */
int sr_handle_landlock_ruleset(struct sr_call *call, struct sr_error *err);

/* exec.c */
int sr_handle_execve(struct sr_call *call, struct sr_error *err);
/* Append `,"argv":[...]` to buf at *len, as much of the program's argv
 * at argv_addr as fits size (a NUL and what follows left free), then
 * `,"argv_truncated":true` if some was left out or unreadable.  False
 * if not even that fits. */
bool sr_exec_argv_json(const struct sr_call *call, uint64_t argv_addr, char *buf, size_t size,
		       size_t *len);

/* net.c: destinations in --net=host */
int sr_handle_net(struct sr_call *call, struct sr_error *err);

typedef int (*sr_handler_fn)(struct sr_call *call, struct sr_error *err);
/* NULL for SR_H_NONE and for ids whose area has not landed. */
sr_handler_fn sr_handler_for(enum sr_handler_id id);
/* A handler that may wait on something slow from the start (the
 * network): its worker hands the listener over first (loop.c). */
bool sr_handler_may_block(enum sr_handler_id id);
/* Let another worker wait for notifications while this call waits on
 * something slow (loop.c); once per call, later calls do nothing.  The
 * Gofer's handlers call it only when the Gofer is slow to answer: a
 * hand-over costs the wake-up of another thread, more than most Gofer
 * round trips. */
void sr_call_hand_over(struct sr_call *call);
/* Wait `usec` before asking the Gofer again (a lease being broken),
 * with the listener handed over and the Gofer connection given back
 * meanwhile; call->gofer_sock is then a connection again.  False, at
 * once, when SR_SENTRY_BLOCKED_MAX calls wait already: this one must
 * not (loop.c). */
bool sr_call_pause(struct sr_call *call, long usec);

#endif
