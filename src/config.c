#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const sr_net_mode_names[SR_NET_VETH + 1] = {
	[SR_NET_LOOPBACK] = "loopback", [SR_NET_NONE] = "none",
	[SR_NET_HOST] = "host", [SR_NET_VETH] = "veth",
};
const char *const sr_pty_mode_names[SR_PTY_NEVER + 1] = {
	[SR_PTY_AUTO] = "auto", [SR_PTY_ALWAYS] = "always", [SR_PTY_NEVER] = "never",
};
const char *const sr_metadata_mode_names[SR_METADATA_KERNEL + 1] = {
	[SR_METADATA_GOFER] = "gofer", [SR_METADATA_KERNEL] = "kernel",
};
const char *const sr_wait_mode_names[SR_WAIT_ALL + 1] = {
	[SR_WAIT_PROGRAM] = "program", [SR_WAIT_ALL] = "all",
};

void sr_config_init(struct sr_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->bind_cwd = true;
	cfg->net = SR_NET_LOOPBACK;
	cfg->pty = SR_PTY_AUTO;
	cfg->default_action = SR_DEFAULT_ERRNO;
	cfg->log_level = SR_LOG_WARN;
	cfg->uid = cfg->gid = -1;
}

void sr_strlist_free(struct sr_strlist *l)
{
	for (size_t i = 0; i < l->len; i++)
		free(l->items[i]);
	free(l->items);
	memset(l, 0, sizeof(*l));
}

int sr_strlist_add(struct sr_strlist *l, const char *s, struct sr_error *err)
{
	if (l->len == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 8;
		char **items = realloc(l->items, cap * sizeof(*items));
		if (items == NULL)
			return sr_fail(err, ENOMEM, "out of memory");
		l->items = items;
		l->cap = cap;
	}
	char *copy = strdup(s);
	if (copy == NULL)
		return sr_fail(err, ENOMEM, "out of memory");
	l->items[l->len++] = copy;
	return 0;
}

bool sr_strlist_contains(const struct sr_strlist *l, const char *s)
{
	for (size_t i = 0; i < l->len; i++)
		if (strcmp(l->items[i], s) == 0)
			return true;
	return false;
}

int sr_config_set_string(char **slot, const char *value, struct sr_error *err)
{
	char *copy = NULL;

	if (value != NULL) {
		copy = strdup(value);
		if (copy == NULL)
			return sr_fail(err, ENOMEM, "out of memory");
	}
	free(*slot);
	*slot = copy;
	return 0;
}

int sr_config_add_mount(struct sr_config *cfg, enum sr_mount_kind kind,
			const char *source, const char *dest, bool optional,
			struct sr_error *err)
{
	if (cfg->nmounts == cfg->mounts_cap) {
		size_t cap = cfg->mounts_cap ? cfg->mounts_cap * 2 : 8;
		struct sr_mount_spec *m = realloc(cfg->mounts, cap * sizeof(*m));
		if (m == NULL)
			return sr_fail(err, ENOMEM, "out of memory");
		cfg->mounts = m;
		cfg->mounts_cap = cap;
	}
	struct sr_mount_spec *spec = &cfg->mounts[cfg->nmounts];
	spec->origin[0] = '\0';
	spec->kind = kind;
	spec->optional = optional;
	spec->source = source ? strdup(source) : NULL;
	spec->dest = strdup(dest);
	if ((source && spec->source == NULL) || spec->dest == NULL) {
		free(spec->source);
		free(spec->dest);
		return sr_fail(err, ENOMEM, "out of memory");
	}
	cfg->nmounts++;
	return 0;
}

void sr_config_mount_origin(struct sr_config *cfg, const char *fmt, ...)
{
	va_list ap;

	if (cfg->nmounts == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(cfg->mounts[cfg->nmounts - 1].origin, SR_MOUNT_ORIGIN_MAX, fmt, ap);
	va_end(ap);
}

const char *sr_mount_key(enum sr_mount_kind kind, bool optional)
{
	static const char *const keys[][2] = {
		[SR_MOUNT_RO] = { "ro", "ro-try" },
		[SR_MOUNT_RW] = { "rw", "rw-try" },
		[SR_MOUNT_TMPFS] = { "tmpfs", NULL },
		[SR_MOUNT_OVERLAY] = { "overlay", NULL },
	};

	return keys[kind][optional];
}

void sr_config_free(struct sr_config *cfg)
{
	free(cfg->hostname);
	free(cfg->cwd);
	free(cfg->root);
	free(cfg->strace_path);
	free(cfg->events_path);
	free(cfg->login_shell_of);
	sr_strlist_free(&cfg->env);
	sr_strlist_free(&cfg->hide);
	sr_strlist_free(&cfg->noexec);
	sr_strlist_free(&cfg->net_allow);
	sr_strlist_free(&cfg->net_bind);
	sr_strlist_free(&cfg->net_sockets);
	sr_strlist_free(&cfg->syscall_allow);
	sr_strlist_free(&cfg->syscall_deny);
	sr_strlist_free(&cfg->strace_only);
	for (size_t i = 0; i < cfg->nmounts; i++) {
		free(cfg->mounts[i].source);
		free(cfg->mounts[i].dest);
	}
	free(cfg->mounts);
	memset(cfg, 0, sizeof(*cfg));
}

static bool string_equal(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

static bool strlist_equal(const struct sr_strlist *a, const struct sr_strlist *b)
{
	if (a->len != b->len)
		return false;
	for (size_t i = 0; i < a->len; i++)
		if (strcmp(a->items[i], b->items[i]) != 0)
			return false;
	return true;
}

static bool mount_equal(const struct sr_mount_spec *a, const struct sr_mount_spec *b)
{
	return a->kind == b->kind && a->optional == b->optional &&
	       string_equal(a->source, b->source) && string_equal(a->dest, b->dest);
}

static bool rlimit_equal(const struct sr_rlimit_spec *a, const struct sr_rlimit_spec *b)
{
	return a->set == b->set && (!a->set || a->value == b->value);
}

bool sr_config_equal(const struct sr_config *a, const struct sr_config *b)
{
	if (!string_equal(a->hostname, b->hostname) || !string_equal(a->cwd, b->cwd) ||
	    !strlist_equal(&a->env, &b->env) || a->clearenv != b->clearenv ||
	    a->pty != b->pty || a->wait != b->wait || a->allow_sethostname != b->allow_sethostname ||
	    a->uid != b->uid || a->gid != b->gid)
		return false;
	if (!string_equal(a->root, b->root) || a->bind_cwd != b->bind_cwd || a->cwd_writable != b->cwd_writable ||
	    a->nmounts != b->nmounts || !strlist_equal(&a->hide, &b->hide) ||
	    !strlist_equal(&a->noexec, &b->noexec) || a->metadata != b->metadata)
		return false;
	for (size_t i = 0; i < a->nmounts; i++)
		if (!mount_equal(&a->mounts[i], &b->mounts[i]))
			return false;
	if (a->net != b->net || !strlist_equal(&a->net_allow, &b->net_allow) ||
	    !strlist_equal(&a->net_bind, &b->net_bind) || !strlist_equal(&a->net_sockets, &b->net_sockets))
		return false;
	if (!strlist_equal(&a->syscall_allow, &b->syscall_allow) ||
	    !strlist_equal(&a->syscall_deny, &b->syscall_deny) ||
	    a->default_action != b->default_action)
		return false;
	if (a->memory_max != b->memory_max || a->pids_max != b->pids_max ||
	    a->cpu_percent != b->cpu_percent || !rlimit_equal(&a->nofile, &b->nofile) ||
	    !rlimit_equal(&a->fsize, &b->fsize) || !rlimit_equal(&a->core, &b->core) ||
	    a->timeout_ms != b->timeout_ms || a->kill_after_ms != b->kill_after_ms ||
	    a->limits_enforce != b->limits_enforce)
		return false;
	if (a->strace != b->strace || !string_equal(a->strace_path, b->strace_path) ||
	    !strlist_equal(&a->strace_only, &b->strace_only) ||
	    a->log_level != b->log_level || !string_equal(a->events_path, b->events_path))
		return false;
	if (a->npass_fds != b->npass_fds || a->stop_on_hangup != b->stop_on_hangup ||
	    a->wait_for_output != b->wait_for_output ||
	    !string_equal(a->login_shell_of, b->login_shell_of))
		return false;
	for (size_t i = 0; i < a->npass_fds; i++)
		if (a->pass_fds[i] != b->pass_fds[i])
			return false;
	return true;
}
