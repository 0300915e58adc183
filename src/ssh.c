#include "ssh.h"

#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

/* getpwuid_r's scratch space: names, home and shell of one entry. */
#define SR_SSH_PASSWD_BUF_SIZE 16384

/* What passes from sshd into the sandbox, by name.  HOME, USER, LOGNAME
 * and SHELL are not taken from the environment but from the password
 * database, as the profile's ~ is.  GIT_PROTOCOL is how a git client
 * asks git-upload-pack for protocol version 2, where sshd accepts it. */
static const char *const sr_ssh_passed_names[] = {
	"PATH", "TERM", "LANG", "TZ",
	"SSH_CONNECTION", "SSH_CLIENT", "SSH_TTY", "SSH_ORIGINAL_COMMAND",
	"GIT_PROTOCOL",
};
static const char sr_ssh_passed_prefix[] = "LC_";

static bool sr_ssh_passes(const char *kv)
{
	const char *eq = strchr(kv, '=');
	size_t n = eq ? (size_t)(eq - kv) : 0;

	if (n == 0)
		return false;
	if (n > strlen(sr_ssh_passed_prefix) && sr_has_prefix(kv, sr_ssh_passed_prefix))
		return true;
	for (size_t i = 0; i < SR_ARRAY_SIZE(sr_ssh_passed_names); i++)
		if (strlen(sr_ssh_passed_names[i]) == n && strncmp(kv, sr_ssh_passed_names[i], n) == 0)
			return true;
	return false;
}

static int sr_ssh_env_add(struct sr_strlist *env, const char *name, const char *value,
			  struct sr_error *err)
{
	size_t len = strlen(name) + 1 + strlen(value) + 1;
	char *kv = malloc(len);
	int rc;

	if (kv == NULL)
		return sr_fail(err, ENOMEM, "out of memory");
	snprintf(kv, len, "%s=%s", name, value);
	rc = sr_strlist_add(env, kv, err);
	free(kv);
	return rc;
}

static char *sr_ssh_getenv(char *const *environ_in, const char *name)
{
	size_t n = strlen(name);

	for (char *const *e = environ_in; *e != NULL; e++)
		if (strncmp(*e, name, n) == 0 && (*e)[n] == '=')
			return *e + n + 1;
	return NULL;
}

int sr_ssh_session_build(struct sr_ssh_session *s, const struct sr_ssh_user *user,
			 char *const *environ_in, struct sr_error *err)
{
	const char *shell = user->shell && user->shell[0] ? user->shell : SR_SSH_FALLBACK_SHELL;
	const char *command = sr_ssh_getenv(environ_in, "SSH_ORIGINAL_COMMAND");

	memset(s, 0, sizeof(*s));
	if (shell[0] != '/') {
		sr_fail(err, 0, "the login shell of %s, '%s', is not an absolute path", user->name, shell);
		goto fail;
	}
	s->storage[0] = strdup(shell);
	if (command != NULL)
		s->storage[1] = strdup(command);
	s->user = strdup(user->name);
	if (s->storage[0] == NULL || (command != NULL && s->storage[1] == NULL) || s->user == NULL) {
		sr_fail(err, ENOMEM, "out of memory");
		goto fail;
	}
	/* As sshd itself would: SHELL -c COMMAND, or a login shell.  "-l"
	 * rather than sshd's "-sh" argv[0], since PROGRAM's argv[0] is also
	 * the file run; dash, bash, zsh, ksh and fish all take it. */
	s->argv[0] = s->storage[0];
	if (command != NULL) {
		s->argv[1] = (char *)"-c";
		s->argv[2] = s->storage[1];
	} else {
		s->argv[1] = (char *)"-l";
	}
	if (sr_ssh_env_add(&s->env, "HOME", user->home, err) < 0 ||
	    sr_ssh_env_add(&s->env, "USER", user->name, err) < 0 ||
	    sr_ssh_env_add(&s->env, "LOGNAME", user->name, err) < 0 ||
	    sr_ssh_env_add(&s->env, "SHELL", shell, err) < 0)
		goto fail;
	if (sr_ssh_getenv(environ_in, "PATH") == NULL &&
	    sr_ssh_env_add(&s->env, "PATH", SR_SSH_FALLBACK_PATH, err) < 0)
		goto fail;
	for (char *const *e = environ_in; *e != NULL; e++)
		if (sr_ssh_passes(*e) && sr_strlist_add(&s->env, *e, err) < 0)
			goto fail;
	return 0;
fail:
	sr_ssh_session_free(s);
	return -1;
}

int sr_ssh_session_for_caller(struct sr_ssh_session *s, struct sr_error *err)
{
	extern char **environ;
	char buf[SR_SSH_PASSWD_BUF_SIZE];
	struct passwd pw;
	struct passwd *found = NULL;
	int rc = getpwuid_r(getuid(), &pw, buf, sizeof(buf), &found);

	if (found == NULL)
		return sr_fail(err, rc, "--ssh: uid %u is not in the password database",
			       (unsigned)getuid());
	struct sr_ssh_user user = { .name = pw.pw_name, .home = pw.pw_dir, .shell = pw.pw_shell };
	if (sr_ssh_session_build(s, &user, environ, err) < 0)
		return sr_error_wrap(err, "--ssh");
	return 0;
}

int sr_ssh_session_configure(const struct sr_ssh_session *s, struct sr_config *cfg,
			     struct sr_error *err)
{
	struct sr_strlist env = { 0 };

	for (size_t i = 0; i < s->env.len; i++)
		if (sr_strlist_add(&env, s->env.items[i], err) < 0)
			goto fail;
	for (size_t i = 0; i < cfg->env.len; i++)
		if (sr_strlist_add(&env, cfg->env.items[i], err) < 0)
			goto fail;
	sr_strlist_free(&cfg->env);
	cfg->env = env;
	cfg->clearenv = true;
	/* sshd leaves a session's processes running when a client without a
	 * pty goes away; the sandbox must not outlive its session. */
	cfg->stop_on_hangup = true;
	/* `ssh host 'job & echo started'` prints the job's output too. */
	cfg->wait_for_output = true;
	return sr_config_set_string(&cfg->login_shell_of, s->user, err);
fail:
	sr_strlist_free(&env);
	return -1;
}

void sr_ssh_session_free(struct sr_ssh_session *s)
{
	free(s->storage[0]);
	free(s->storage[1]);
	free(s->user);
	sr_strlist_free(&s->env);
	memset(s, 0, sizeof(*s));
}

/* sshd runs the login shell as the leader of a session of its own: the
 * leader is us (bash runs the ForceCommand in its place) or a shell that
 * waits for us (dash), and its parent is sshd's process for the session.
 * 1 once sshd is gone (its children go to init). */
static pid_t sr_ssh_sshd_pid(void)
{
	pid_t leader = getsid(0);
	char state;
	int ppid, pgrp;

	if (leader == getpid())
		return getppid();
	if (leader <= 0 || !sr_read_proc_stat(leader, &state, &ppid, &pgrp))
		return -1;
	return ppid;
}

int sr_ssh_sshd_pidfd(void)
{
	pid_t sshd = sr_ssh_sshd_pid();

	if (sshd <= 1)
		return -1;
	int fd = (int)syscall(SYS_pidfd_open, sshd, 0);
	/* Held now; had sshd gone before, its pid could name another. */
	if (fd >= 0 && sr_ssh_sshd_pid() != sshd) {
		close(fd);
		return -1;
	}
	return fd;
}

void sr_ssh_explain_missing_home(struct sr_error *err)
{
	char buf[SR_SSH_PASSWD_BUF_SIZE];
	struct passwd pw;
	struct passwd *found = NULL;
	struct stat st;

	if (getpwuid_r(getuid(), &pw, buf, sizeof(buf), &found) != 0 || found == NULL ||
	    pw.pw_dir == NULL || pw.pw_dir[0] != '/' || stat(pw.pw_dir, &st) == 0 || errno != ENOENT)
		return;
	sr_error_wrap(err, "--ssh: the home directory of %s, %s, does not exist (create it, owned by %s, "
		      "e.g. with mkhomedir_helper %s)", pw.pw_name, pw.pw_dir, pw.pw_name, pw.pw_name);
}
