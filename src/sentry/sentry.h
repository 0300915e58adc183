/* The Sentry: a process of its own (a child of the launcher), confined
 * once started, that serves the seccomp notifications of the sandbox
 * with a pool of threads (DESIGN §1, §4). */
#ifndef SENTRY_RUN_SENTRY_H
#define SENTRY_RUN_SENTRY_H

#include <stdbool.h>
#include <sys/types.h>

#include "config.h"
#include "events.h"
#include "util.h"

/* Workers: the main thread to start, another thread whenever all are
 * busy (a slow emulation must not stall the others), up to this many. */
#define SR_SENTRY_WORKERS_MAX 64

/* A worker's stack: handlers keep paths (PATH_MAX) and a strace line
 * on theirs. */
#define SR_SENTRY_WORKER_STACK (256 * 1024)

/* Workers blocked in a network call (a connect to a peer that does not
 * answer) beyond those: each gave its Gofer connection back (loop.c).
 * Past this many, one more must not block (EAGAIN). */
#define SR_SENTRY_BLOCKED_MAX 1024

/* How long a worker polls for the Gofer's answer before it sleeps. */
#define SR_SENTRY_GOFER_SPIN_US 50

/* How long a worker waits for the Gofer's answer before it lets
 * another worker take the notifications (sr_call_hand_over): far above
 * a round trip (tens of µs), far below what a stall would be felt as. */
#define SR_SENTRY_GOFER_PATIENCE_US 1000

/* How often a call waiting for a lease to be broken asks again: the
 * holder gives it up when told (SIGIO), or within the lease-break time
 * (/proc/sys/fs/lease-break-time, 45 s). */
#define SR_SENTRY_LEASE_POLL_US 10000

/* How long the Sentry may take to hand its last events over, and the
 * launcher waits for it to finish by itself (then SIGKILL). */
#define SR_SENTRY_FLUSH_MS 1000

/* Fork the Sentry on `listener` (the launcher then closes its copy);
 * `landlock_scoped` as PROGRAM said it (init.h's SR_CTL_PROGRAM).
 * `strace_fd` is where --strace lines go, or -1; `userns_fd` names the
 * sandbox's user namespace for setns(2) (a pidfd of PROGRAM will do);
 * `events` is the event stream (fd -1: none); gofer_socks[i],
 * SR_SENTRY_WORKERS_MAX of them, is worker i's connection to the Gofer
 * (gofer/process.h). */
int sr_sentry_start(const struct sr_config *cfg, int listener, bool landlock_scoped, int strace_fd, int userns_fd,
		    const struct sr_events_sink *events, const char *sandbox_id, const int *gofer_socks, pid_t *pid,
		    struct sr_error *err);

/* In the Sentry process, before any thread: no new privileges, not
 * dumpable, no capability, /proc as its root and a seccomp filter of
 * its own that allows nothing else to be opened.  0, -1 with `err`, or
 * SR_CONFINE_PROGRAM_GONE (util.h). */
int sr_sentry_confine(int userns_fd, struct sr_error *err);

#endif
