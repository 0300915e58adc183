/* The Gofer process (DESIGN §1): a child of the launcher that lives in
 * the sandbox's user and mount namespaces, with the sandbox's root and
 * the program's credentials but outside its pid namespace, confines
 * itself, and serves the Sentry's requests (serve.h).
 *
 * Concurrency: one connection per Sentry worker thread.  The launcher
 * makes SR_GOFER_CONNECTIONS socket pairs up front (neither confined
 * process may create sockets later); Sentry worker N uses connection N,
 * and the Gofer serves each connection in a thread of its own, started
 * when its first request arrives.  A FIFO open or a slow disk thus blocks
 * one worker and one Gofer thread, never the others; the bound is the
 * Sentry's worker bound. */
#ifndef SENTRY_RUN_GOFER_PROCESS_H
#define SENTRY_RUN_GOFER_PROCESS_H

#include <sys/types.h>

#include "config.h"
#include "mountplan.h"
#include "sentry/sentry.h"
#include "util.h"

#define SR_GOFER_CONNECTIONS SR_SENTRY_WORKERS_MAX

/* Fork the Gofer.  `plan` is the view init built (the policy is made
 * from it); `program_pidfd` names the sandbox's user and mount
 * namespaces (PROGRAM's, as for the Sentry).  On success *pid is the
 * Gofer and sentry_socks[0..SR_GOFER_CONNECTIONS) are the Sentry's ends
 * of the connections, which the caller closes once the Sentry has them. */
int sr_gofer_start(const struct sr_config *cfg, const struct sr_mount_plan *plan, int program_pidfd,
		   int *sentry_socks, pid_t *pid, struct sr_error *err);

#endif
