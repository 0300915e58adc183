/* Fds passed into the sandbox: those --pass-fd names, and a socket
 * unit's fds (sd_listen_fds(3)).  systemd passes those as 3, 4, ...
 * with LISTEN_FDS=N, LISTEN_PID=its child's pid (sentry-run's) and
 * LISTEN_FDNAMES; sd_listen_fds takes them only when LISTEN_PID is
 * getpid(), which PROGRAM's pid in the sandbox's pid namespace never
 * is.  So they are passed as --pass-fd passes an fd, and PROGRAM gets
 * LISTEN_PID set to its own pid just before exec. */
#ifndef SENTRY_RUN_PASSFD_H
#define SENTRY_RUN_PASSFD_H

#include "config.h"
#include "util.h"

/* SD_LISTEN_FDS_START: the first fd systemd passes. */
#define SR_LISTEN_FDS_START 3

/* The socket unit's fds: LISTEN_FDS when LISTEN_PID is sentry-run's
 * pid, else 0 (they are another process's, or there are none). */
struct sr_listen_fds {
	int count;
};

/* fd may be passed in: open in the caller, and not a directory.  `what`
 * names it in the message ("--pass-fd 4", "LISTEN_FDS=2: fd 4"). */
int sr_passfd_check(int fd, const char *what, struct sr_error *err);
/* Before sentry-run opens anything, which could take the number of an
 * fd that is not open: reads LISTEN_PID and LISTEN_FDS and checks each
 * fd they name as --pass-fd's are. */
int sr_listen_fds_take(struct sr_listen_fds *lf, struct sr_error *err);
/* The fds go to cfg's passed fds, LISTEN_FDS and LISTEN_FDNAMES to
 * PROGRAM's environment (with --clearenv too); the LISTEN_* variables
 * are taken out of sentry-run's own environment, which PROGRAM would
 * otherwise inherit: another process's (PROGRAM may have that pid in
 * the sandbox) as well as ours. */
int sr_listen_fds_configure(const struct sr_listen_fds *lf, struct sr_config *cfg,
			    struct sr_error *err);
/* In PROGRAM's process before exec: LISTEN_PID is PROGRAM's pid when
 * LISTEN_FDS is set. */
int sr_listen_fds_set_pid(void);

#endif
