/* --ssh: sentry-run as an sshd ForceCommand (contrib/ssh/README).  sshd
 * runs it as the logged-in user with the client's command, if any, in
 * SSH_ORIGINAL_COMMAND; the session becomes PROGRAM (the user's login
 * shell, from the password database) and its environment. */
#ifndef SENTRY_RUN_SSH_H
#define SENTRY_RUN_SSH_H

#include "config.h"
#include "util.h"

/* The profile of an ssh session when no -p is given: the home read-write,
 * the system read-only (contrib/profiles/shell.ini). */
#define SR_SSH_DEFAULT_PROFILE "shell"
/* As sshd: the shell of an account whose password entry names none. */
#define SR_SSH_FALLBACK_SHELL "/bin/sh"
/* PATH when sshd passed none. */
#define SR_SSH_FALLBACK_PATH "/usr/local/bin:/usr/bin:/bin"

/* Who logged in: the password database's entry for the caller. */
struct sr_ssh_user {
	const char *name;
	const char *home;
	const char *shell;         /* NULL or "": SR_SSH_FALLBACK_SHELL */
};

struct sr_ssh_session {
	char *argv[4];             /* PROGRAM: SHELL -c COMMAND, or SHELL -l; NULL-terminated */
	struct sr_strlist env;     /* K=V: the session's whole environment */
	char *storage[2];          /* what argv points to, owned */
	char *user;                /* the user's name, owned */
};

/* Build the session from the user and the environment sshd gave us
 * (`environ`).  Pure: no lookup, so that the unit tests can drive it. */
int sr_ssh_session_build(struct sr_ssh_session *s, const struct sr_ssh_user *user,
			 char *const *environ_in, struct sr_error *err);
/* The same, for the calling user (getuid()) and the process environment. */
int sr_ssh_session_for_caller(struct sr_ssh_session *s, struct sr_error *err);
/* The sandbox starts from the session's environment alone; the profile's
 * and the command line's env= come after it, so that they can override.
 * And it ends with the session (stop_on_hangup). */
int sr_ssh_session_configure(const struct sr_ssh_session *s, struct sr_config *cfg,
			     struct sr_error *err);
void sr_ssh_session_free(struct sr_ssh_session *s);
/* A pidfd of sshd's process for this session, readable once it is gone:
 * the client went away.  -1 when it cannot be told (not run by sshd, or
 * sshd already gone). */
int sr_ssh_sshd_pidfd(void);
/* When the sandbox could not be set up and the caller's home does not
 * exist (useradd without -m), say so first in err: natively sshd starts
 * such a session in /, but a profile naming ~ cannot bind it. */
void sr_ssh_explain_missing_home(struct sr_error *err);

#endif
