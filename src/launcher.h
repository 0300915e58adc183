/* The launcher: creates the namespaces and init, writes the id maps,
 * then supervises until PROGRAM's end and returns the exit status. */
#ifndef SENTRY_RUN_LAUNCHER_H
#define SENTRY_RUN_LAUNCHER_H

#include <signal.h>

#include "config.h"
#include "mountplan.h"
#include "notify.h"
#include "util.h"

/* Grace between a forwarded SIGTERM and SIGKILL of the whole sandbox. */
#define SR_TERM_GRACE_MS 1000

/* closed_std_fds: those of fds 0-2 the caller had closed (bit N for fd
 * N), closed again in PROGRAM; ignored_signals: those the caller
 * ignores, which stay ignored, by us and by PROGRAM.  Returns the exit status of DESIGN §6 (125 after printing err on a
 * set-up failure), and in *killed_by the signal N when that status is
 * 128+N because PROGRAM died of N, else 0.  While PROGRAM runs, `notify` (off when its
 * sandbox_fd is -1) forwards its sd_notify messages.  The launcher fills
 * in cfg->veth with --net=veth, for the Sentry, and adds to plan the
 * read-only binds that keep its output files out of PROGRAM's reach. */
int sr_launch(struct sr_config *cfg, struct sr_mount_plan *plan,
	      char *const *program, const char *caller_cwd, unsigned closed_std_fds,
	      const sigset_t *ignored_signals, struct sr_notify_relay *notify, int *killed_by);

#endif
