#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void sr_config_init(struct sr_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->bind_cwd = true;
	cfg->net = SR_NET_LOOPBACK;
	cfg->pty = SR_PTY_AUTO;
	cfg->default_action = SR_DEFAULT_ERRNO;
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

void sr_config_free(struct sr_config *cfg)
{
	free(cfg->hostname);
	free(cfg->cwd);
	free(cfg->strace_path);
	sr_strlist_free(&cfg->env);
	sr_strlist_free(&cfg->hide);
	sr_strlist_free(&cfg->noexec);
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
