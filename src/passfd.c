#include "passfd.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "value.h"

/* "LISTEN_FDS=" and a count or a pid, with room to spare. */
#define SR_LISTEN_VAR_MAX 48

int sr_passfd_check(int fd, const char *what, struct sr_error *err)
{
	struct stat st;

	if (fcntl(fd, F_GETFD) < 0 || fstat(fd, &st) < 0)
		return sr_fail(err, errno, "%s: not an open file descriptor of the caller", what);
	/* A directory would be a way out: /proc/self/fd/N/.. leads the
	 * kernel (a unix socket's connect, in every mode) to the host's
	 * tree above it, which the view does not bound. */
	if (S_ISDIR(st.st_mode))
		return sr_fail(err, 0, "%s: a directory cannot be passed in (its /proc link leads above it, "
			       "out of the sandbox's view): bind it with --ro or --rw", what);
	return 0;
}

int sr_listen_fds_take(struct sr_listen_fds *lf, struct sr_error *err)
{
	const char *pid = getenv("LISTEN_PID");
	const char *fds = getenv("LISTEN_FDS");
	char self[SR_LISTEN_VAR_MAX];
	char what[SR_LISTEN_VAR_MAX];
	uint64_t n;

	lf->count = 0;
	snprintf(self, sizeof(self), "%d", (int)getpid());
	/* As sd_listen_fds: fds meant for another pid are not ours. */
	if (pid == NULL || fds == NULL || strcmp(pid, self) != 0)
		return 0;
	if (sr_parse_count(fds, &n, err) < 0)
		return sr_error_wrap(err, "LISTEN_FDS='%s'", fds);
	if (n > SR_PASS_FDS_MAX)
		return sr_fail(err, 0, "LISTEN_FDS=%s: at most %d fds can be passed in", fds, SR_PASS_FDS_MAX);
	for (int fd = SR_LISTEN_FDS_START; fd < SR_LISTEN_FDS_START + (int)n; fd++) {
		snprintf(what, sizeof(what), "LISTEN_FDS=%s: fd %d", fds, fd);
		if (sr_passfd_check(fd, what, err) < 0)
			return -1;
	}
	lf->count = (int)n;
	return 0;
}

static int sr_listen_fds_add(struct sr_config *cfg, int fd, struct sr_error *err)
{
	for (size_t i = 0; i < cfg->npass_fds; i++)
		if (cfg->pass_fds[i] == fd)
			return 0;
	if (cfg->npass_fds == SR_PASS_FDS_MAX)
		return sr_fail(err, 0, "LISTEN_FDS and --pass-fd: at most %d fds can be passed in", SR_PASS_FDS_MAX);
	cfg->pass_fds[cfg->npass_fds++] = fd;
	return 0;
}

int sr_listen_fds_configure(const struct sr_listen_fds *lf, struct sr_config *cfg,
			    struct sr_error *err)
{
	if (lf->count > 0) {
		const char *names = getenv("LISTEN_FDNAMES");
		char kv[SR_LISTEN_VAR_MAX];

		for (int i = 0; i < lf->count; i++)
			if (sr_listen_fds_add(cfg, SR_LISTEN_FDS_START + i, err) < 0)
				return -1;
		snprintf(kv, sizeof(kv), "LISTEN_FDS=%d", lf->count);
		if (sr_strlist_add(&cfg->env, kv, err) < 0)
			return -1;
		if (names != NULL) {
			sr_cleanup_free char *nkv = NULL;
			if (asprintf(&nkv, "LISTEN_FDNAMES=%s", names) < 0)
				return sr_fail(err, ENOMEM, "LISTEN_FDNAMES");
			if (sr_strlist_add(&cfg->env, nkv, err) < 0)
				return -1;
		}
	}
	unsetenv("LISTEN_PID");
	unsetenv("LISTEN_FDS");
	unsetenv("LISTEN_FDNAMES");
	return 0;
}

int sr_listen_fds_set_pid(void)
{
	char pid[SR_LISTEN_VAR_MAX];

	if (getenv("LISTEN_FDS") == NULL)
		return 0;
	snprintf(pid, sizeof(pid), "%d", (int)getpid());
	return setenv("LISTEN_PID", pid, 1);
}
