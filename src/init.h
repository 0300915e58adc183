/* init: pid 1 of the sandbox.  It finishes the set-up inside the new
 * namespaces, starts PROGRAM, reaps every zombie, forwards the caller's
 * signals and exits with PROGRAM's status (--wait=all, once PROGRAM
 * exited 0: with the last process's, when none is left). */
#ifndef SENTRY_RUN_INIT_H
#define SENTRY_RUN_INIT_H

#include <signal.h>
#include <stdbool.h>
#include <time.h>

#include "config.h"
#include "mountplan.h"
#include "netlink.h"

/* Messages on the launcher <-> init control socket (SOCK_SEQPACKET). */
enum sr_ctl_msg {
	SR_CTL_GO = 'G',      /* launcher: the id maps are written, go on */
	SR_CTL_READY = 'R',   /* init: the sandbox is built, PROGRAM starts; with
	                         the pty's master when there is one */
	SR_CTL_PROGRAM = 'P', /* PROGRAM's process: its pidfd, and the fd number
	                         its seccomp listener will have */
	SR_CTL_TAKEN = 'T',   /* launcher: the listener is the Sentry's now */
	SR_CTL_EXITED = 'X',  /* init: PROGRAM's process exited (before init does) */
	SR_CTL_STOPPED = 'S', /* init: PROGRAM's job stopped (sr_init_check_job) */
	SR_CTL_CONTINUED = 'C', /* init: PROGRAM, whose stop it told, goes on: someone
	                           else continued it (a bare type byte) */
};

/* The SR_CTL_PROGRAM record (its pidfd travels by SCM_RIGHTS).
 * landlock_scoped: PROGRAM is in init's Landlock domain with the
 * abstract unix socket scope, which the Sentry counts on (sentry/net.c). */
struct sr_ctl_program {
	char type;
	int pid;                   /* PROGRAM's, in the sandbox: the exit event's when init cannot say */
	int listener_fd;
	bool landlock_scoped;
};

/* TASK_COMM_LEN */
#define SR_CTL_COMM_MAX 16

/* The SR_CTL_EXITED record: for the exit event, PROGRAM's pid in the
 * sandbox and its comm when it exited ("" if /proc could not say); the
 * signal that killed it, 0 when it exited (init can only exit 128+N).
 * lives_on: --wait=all, and PROGRAM's first process exited 0: the start
 * succeeded and the sandbox lives until its last process exits, whose
 * record init sends, lives_on false, just before it exits itself. */
struct sr_ctl_exited {
	char type;
	int pid;
	int signal;
	char comm[SR_CTL_COMM_MAX];
	bool lives_on;
};

/* The SR_CTL_STOPPED record: the signal that stopped PROGRAM. */
struct sr_ctl_stopped {
	char type;
	int signal;
};

struct sr_init_args {
	const struct sr_config *cfg;
	const struct sr_mount_plan *plan;
	char *const *program;
	const char *caller_cwd;
	int ctl_fd;
	/* Without a cgroup ([limits] best-effort): RLIMIT_AS and RLIMIT_NPROC
	 * for PROGRAM in place of memory and pids, 0 for none. */
	uint64_t rlimit_as;
	uint64_t rlimit_nproc;
	unsigned pty_fds;          /* PROGRAM gets a pty of the sandbox's own on
	                            * these fds (sr_pty_fds); 0: no pty */
	unsigned closed_std_fds;   /* fds 0-2 the caller had closed (bit N for
	                            * fd N): closed in PROGRAM too */
	const sigset_t *ignored_signals;  /* the caller's: ignored in PROGRAM too */
	/* --net=veth: the addresses; the launcher has moved the sandbox's
	 * end (SR_VETH_PEER_NAME) into init's network namespace. */
	const struct sr_veth *veth;
	/* With --timeout: when (CLOCK_MONOTONIC) init ends the sandbox
	 * itself, should the launcher not have: the deadline, --kill-after
	 * and SR_INIT_KILL_SLACK_MS.  Zero: never. */
	struct timespec kill_by;
};

/* How long init leaves the launcher to act on --timeout first, with
 * its own message and grace period. */
#define SR_INIT_KILL_SLACK_MS 1000

__attribute__((noreturn))
void sr_init_main(const struct sr_init_args *args);

/* The signals forwarded from the caller to PROGRAM. */
extern const int sr_forwarded_signals[];
extern const size_t sr_forwarded_signals_len;

/* An exit status for a wait(2) status (DESIGN §6: 128+N on signal N). */
int sr_exit_status_of(int wstatus);

#endif
