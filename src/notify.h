/* sd_notify through the sandbox.  The service manager's NOTIFY_SOCKET is
 * not visible inside, and a datagram sent from inside would come from a
 * pid systemd does not know.  So the launcher listens on a socket of its
 * own, bound into the sandbox at SR_NOTIFY_SANDBOX_DIR, checks what
 * PROGRAM sends and forwards it from sentry-run's pid: a Type=notify unit
 * needs no NotifyAccess=all. */
#ifndef SENTRY_RUN_NOTIFY_H
#define SENTRY_RUN_NOTIFY_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/un.h>

#include "config.h"
#include "mountplan.h"
#include "util.h"

/* Where PROGRAM finds the socket: a read-only bind of the launcher's
 * private directory (sending to a socket needs no write access to the
 * mount, and PROGRAM gets no host directory to write into).  Its mount
 * point is made in the sandbox's own /run; when /run is a host directory
 * there (--rw /run, --ro /run, the caller's cwd, a root= bind), making
 * it would write to the host or fail, so it goes to /dev, which is always
 * sentry-run's. */
#define SR_NOTIFY_SANDBOX_DIR "/run/sentry-run"
#define SR_NOTIFY_SANDBOX_DIR_DEV "/dev/sentry-run"
#define SR_NOTIFY_SOCKET_NAME "notify"
/* The host directory: PREFIX and mkdtemp's random part. */
#define SR_NOTIFY_DIR_PREFIX "sentry-run."
#define SR_NOTIFY_DIR_RANDOM 6

/* systemd reads at most PIPE_BUF bytes of a notification (NOTIFY_BUFFER_MAX
 * in src/core/manager.c): a longer one could not be forwarded whole. */
#define SR_NOTIFY_MESSAGE_MAX 4096
/* A forward never holds the supervisor for long when systemd is slow:
 * its sends wait this long in all. */
#define SR_NOTIFY_SEND_TIMEOUT_MS 1000

struct sr_notify_relay {
	int sandbox_fd;            /* receives PROGRAM's datagrams; -1: no relay */
	int manager_fd;            /* sends to the service manager */
	struct sockaddr_un manager_addr;
	socklen_t manager_addr_len;
	char dir[PATH_MAX];        /* the host directory; "" when none was made */
	int dir_lock_fd;           /* holds its lock while we live; -1: none */
	pid_t mainpid;             /* what MAINPID= says: sentry-run's pid */
	bool manager_stalled;      /* a send timed out: the next ones do not
	                            * wait, until one gets through */
	bool ready_sent;           /* READY=1 reached the manager */
};

void sr_notify_relay_init(struct sr_notify_relay *relay);
/* With notify_socket NULL (NOTIFY_SOCKET unset), or an address that
 * sd_notify(3) would refuse too (said in a warning), the relay stays
 * off and this returns 0.  Otherwise it makes the private directory (under
 * $RUNTIME_DIRECTORY, $XDG_RUNTIME_DIR, else /tmp; mode 0700), locked,
 * and both sockets, after removing the directories that dead sentry-runs
 * of ours left there. */
int sr_notify_relay_open(struct sr_notify_relay *relay, const char *notify_socket,
			 struct sr_error *err);
/* Add the bind mount to the built plan, and PROGRAM's environment to cfg:
 * NOTIFY_SOCKET at the sandbox path; WATCHDOG_USEC when the watchdog is
 * sentry-run's.  WATCHDOG_PID and WATCHDOG_USEC are taken out of the
 * launcher's own environment, which PROGRAM would otherwise inherit. */
int sr_notify_relay_configure(const struct sr_notify_relay *relay, struct sr_config *cfg,
			      struct sr_mount_plan *plan, struct sr_error *err);
/* Read PROGRAM's datagrams and forward what passes the filter.  Never
 * fails the sandbox: what cannot be forwarded is dropped, said at -v;
 * while the manager is not reading, at once, without waiting.  Waits
 * for the manager SR_NOTIFY_SEND_TIMEOUT_MS at most in all; what it did
 * not read then stays queued for the next call. */
void sr_notify_relay_forward(struct sr_notify_relay *relay);
/* --wait=all: PROGRAM's first process exited 0, and the service has
 * started, as systemd takes a forking service's start command exiting
 * 0.  What PROGRAM sent before goes out first; then, unless a READY=1
 * of its own did, READY=1 with MAINPID= sentry-run's pid (said when it
 * cannot be sent).  Nothing with the relay off. */
void sr_notify_relay_started(struct sr_notify_relay *relay);
/* Close the sockets and remove the directory. */
void sr_notify_relay_close(struct sr_notify_relay *relay);

/* The filter, pure: `msg` (len bytes) is newline-separated KEY=VALUE
 * lines.  Known keys pass (MAINPID= rewritten to `mainpid`); unknown
 * ones, those that need fds (FDSTORE=, BARRIER=), and lines with a
 * control character other than a tab are left out and counted in
 * *dropped, as systemd ignores what it does not know and takes the rest.
 * Writes what to forward to out, NUL-terminated, and returns its length
 * (0: nothing passes), or -1 when the datagram is dropped whole: longer
 * than SR_NOTIFY_MESSAGE_MAX (before or after the rewrite), or holding
 * a NUL (systemd ignores such a message whole). */
ssize_t sr_notify_filter(const char *msg, size_t len, pid_t mainpid,
			 char *out, size_t outsize, size_t *dropped);
/* NOTIFY_SOCKET's value: an absolute path, or '@' for an abstract name. */
int sr_notify_parse_address(const char *value, struct sockaddr_un *addr, socklen_t *addr_len,
			    struct sr_error *err);
/* In PROGRAM's process before exec: when the watchdog is passed on
 * (WATCHDOG_USEC set), say that it is PROGRAM's with WATCHDOG_PID, so
 * that PROGRAM's children do not take it for theirs. */
int sr_notify_set_watchdog_pid(void);

#endif
