#include "mountplan.h"

#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

size_t sr_path_depth(const char *path)
{
	size_t depth = 0;

	for (const char *p = path; *p != '\0'; p++)
		if (*p != '/' && (p == path || p[-1] == '/'))
			depth++;
	return depth;
}

bool sr_path_is_clean(const char *path)
{
	if (path[0] != '/')
		return false;
	if (strcmp(path, "/") == 0)
		return true;
	const char *p = path + 1;
	for (;;) {
		const char *slash = strchr(p, '/');
		size_t n = slash ? (size_t)(slash - p) : strlen(p);
		if (n == 0 || (n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
			return false;
		if (slash == NULL)
			return true;
		p = slash + 1;
	}
}

int sr_mount_plan_add(struct sr_mount_plan *plan, enum sr_plan_kind kind, const char *source,
		      const char *dest, bool writable, bool optional, struct sr_error *err)
{
	if (plan->len == plan->cap) {
		size_t cap = plan->cap ? plan->cap * 2 : 16;
		struct sr_plan_entry *e = realloc(plan->entries, cap * sizeof(*e));
		if (e == NULL)
			return sr_fail(err, ENOMEM, "out of memory");
		plan->entries = e;
		plan->cap = cap;
	}
	struct sr_plan_entry *e = &plan->entries[plan->len];
	memset(e, 0, sizeof(*e));
	e->kind = kind;
	e->writable = writable;
	e->optional = optional;
	e->source = source ? strdup(source) : NULL;
	e->dest = strdup(dest);
	if ((source && e->source == NULL) || e->dest == NULL) {
		free(e->source);
		free(e->dest);
		return sr_fail(err, ENOMEM, "out of memory");
	}
	plan->len++;
	return 0;
}

static int sr_plan_entry_cmp(const struct sr_plan_entry *a, const struct sr_plan_entry *b)
{
	size_t da = sr_path_depth(a->dest), db = sr_path_depth(b->dest);

	return da < db ? -1 : da > db ? 1 : 0;
}

void sr_mount_plan_sort(struct sr_mount_plan *plan)
{
	/* Insertion sort: stable, and plans are a few dozen entries. */
	for (size_t i = 1; i < plan->len; i++) {
		struct sr_plan_entry tmp = plan->entries[i];
		size_t j = i;
		while (j > 0 && sr_plan_entry_cmp(&plan->entries[j - 1], &tmp) > 0) {
			plan->entries[j] = plan->entries[j - 1];
			j--;
		}
		plan->entries[j] = tmp;
	}
}

/* The caller's cwd needs no bind of its own if a bind of the same host
 * path already shows it at the same place, writable if it must be (a
 * build tree under ro=/usr still needs its own read-write bind). */
static bool sr_cwd_is_covered(const struct sr_config *cfg, const char *cwd)
{
	for (size_t i = 0; i < cfg->nmounts; i++) {
		const struct sr_mount_spec *m = &cfg->mounts[i];
		if (m->kind != SR_MOUNT_RW && (m->kind != SR_MOUNT_RO || cfg->cwd_writable))
			continue;
		if (strcmp(m->source, m->dest) == 0 && sr_path_is_under(cwd, m->dest))
			return true;
	}
	return false;
}

int sr_mount_check_dest(const char *dest, struct sr_error *err)
{
	if (strlen(dest) >= PATH_MAX)
		return sr_fail(err, ENAMETOOLONG, "mount destination");
	if (!sr_path_is_clean(dest))
		return sr_fail(err, 0, "mount destination '%s': expected an absolute path without '.' or '..'", dest);
	if (strcmp(dest, "/") == 0)
		return sr_fail(err, 0, "mount destination '/': the sandbox's root is built by sentry-run; name a directory under it");
	if (sr_path_is_under(dest, "/proc") || strcmp(dest, "/dev") == 0)
		return sr_fail(err, 0, "mount destination '%s': /proc and /dev are built by sentry-run", dest);
	return 0;
}

/* A mount under a later one of the same place shows nothing: a profile
 * that includes another twice (a.ini and b.ini both include default)
 * would make each of its mounts twice.  A later optional mount hides
 * nothing for sure: its source may be missing, and then it is skipped;
 * unless it is the same mount again, there or missing as the earlier. */
static bool sr_plan_entry_hides(const struct sr_plan_entry *later, const struct sr_plan_entry *e)
{
	if (strcmp(later->dest, e->dest) != 0)
		return false;
	if (!later->optional)
		return true;
	return later->kind == e->kind && later->writable == e->writable &&
	       (later->source == NULL) == (e->source == NULL) &&
	       (later->source == NULL || strcmp(later->source, e->source) == 0);
}

static void sr_mount_plan_drop_shadowed(struct sr_mount_plan *plan)
{
	size_t kept = 0;

	for (size_t i = 0; i < plan->len; i++) {
		bool shadowed = false;
		for (size_t j = i + 1; j < plan->len && !shadowed; j++)
			shadowed = sr_plan_entry_hides(&plan->entries[j], &plan->entries[i]);
		if (shadowed) {
			free(plan->entries[i].source);
			free(plan->entries[i].dest);
		} else {
			plan->entries[kept++] = plan->entries[i];
		}
	}
	plan->len = kept;
}

int sr_mount_plan_build(const struct sr_config *cfg, const char *caller_cwd,
			struct sr_mount_plan *plan, struct sr_error *err)
{
	memset(plan, 0, sizeof(*plan));
	if (sr_mount_plan_add(plan, SR_PLAN_DEV, NULL, "/dev", false, false, err) < 0 ||
	    sr_mount_plan_add(plan, SR_PLAN_PROC, NULL, "/proc", false, false, err) < 0)
		goto fail;
	/* [filesystem] root=DIR: DIR is the root, read-only, and the rest is
	 * mounted on it (sorted first: its depth is 0). */
	if (cfg->root != NULL) {
		if (sr_mount_plan_add(plan, SR_PLAN_BIND, cfg->root, "/", false, false, err) < 0)
			goto fail;
		if (cfg->root_origin[0] != '\0')
			plan->entries[plan->len - 1].origin = cfg->root_origin;
	}
	/* The cwd goes before the configured mounts, so that a mount the user
	 * asks for at the same place (--rw .) comes later and wins.  In /proc
	 * or /dev it is not bound: those are the sandbox's own, and PROGRAM
	 * starts in its directory of that name, if it has one. */
	if (cfg->bind_cwd && caller_cwd != NULL && strcmp(caller_cwd, "/") != 0 &&
	    !sr_path_is_under(caller_cwd, "/proc") && !sr_path_is_under(caller_cwd, "/dev") &&
	    sr_path_is_clean(caller_cwd) && !sr_cwd_is_covered(cfg, caller_cwd)) {
		if (sr_mount_plan_add(plan, SR_PLAN_BIND, caller_cwd, caller_cwd, cfg->cwd_writable, true, err) < 0)
			goto fail;
		plan->entries[plan->len - 1].is_cwd = true;
	}
	for (size_t i = 0; i < cfg->nmounts; i++) {
		const struct sr_mount_spec *m = &cfg->mounts[i];
		int r = 0;

		if (sr_mount_check_dest(m->dest, err) < 0)
			goto fail;
		switch (m->kind) {
		case SR_MOUNT_RO:
		case SR_MOUNT_RW:
			if (m->source == NULL || m->source[0] != '/') {
				sr_fail(err, 0, "mount of '%s': expected an absolute host path", m->dest);
				goto fail;
			}
			r = sr_mount_plan_add(plan, SR_PLAN_BIND, m->source, m->dest,
					      m->kind == SR_MOUNT_RW, m->optional, err);
			break;
		case SR_MOUNT_TMPFS:
			r = sr_mount_plan_add(plan, SR_PLAN_TMPFS, NULL, m->dest, true, false, err);
			break;
		case SR_MOUNT_OVERLAY:
			if (m->source == NULL || m->source[0] != '/') {
				sr_fail(err, 0, "overlay of '%s': expected an absolute host path", m->dest);
				goto fail;
			}
			r = sr_mount_plan_add(plan, SR_PLAN_OVERLAY, m->source, m->dest, true, m->optional, err);
			break;
		}
		if (r < 0)
			goto fail;
		if (m->origin[0] != '\0')
			plan->entries[plan->len - 1].origin = m->origin;
	}
	sr_mount_plan_drop_shadowed(plan);
	sr_mount_plan_sort(plan);
	return 0;
fail:
	sr_mount_plan_free(plan);
	return -1;
}

const struct sr_plan_entry *sr_mount_plan_root(const struct sr_mount_plan *plan)
{
	for (size_t i = 0; i < plan->len; i++)
		if (plan->entries[i].kind == SR_PLAN_BIND && strcmp(plan->entries[i].dest, "/") == 0)
			return &plan->entries[i];
	return NULL;
}

const struct sr_plan_entry *sr_mount_plan_holder(const struct sr_mount_plan *plan, const char *path)
{
	const struct sr_plan_entry *holder = NULL;

	for (size_t i = 0; i < plan->len; i++) {
		const struct sr_plan_entry *e = &plan->entries[i];
		if (sr_path_is_under(path, e->dest) &&
		    (holder == NULL || strlen(e->dest) > strlen(holder->dest)))
			holder = e;
	}
	return holder;
}

bool sr_mount_plan_is_host(const struct sr_mount_plan *plan, const char *path)
{
	const struct sr_plan_entry *holder = sr_mount_plan_holder(plan, path);

	if (holder == NULL)
		return false;
	return holder->kind != SR_PLAN_TMPFS && holder->kind != SR_PLAN_DEV && holder->kind != SR_PLAN_DIR;
}

void sr_mount_plan_free(struct sr_mount_plan *plan)
{
	for (size_t i = 0; i < plan->len; i++) {
		free(plan->entries[i].source);
		free(plan->entries[i].dest);
	}
	free(plan->entries);
	memset(plan, 0, sizeof(*plan));
}

/* The next component of the absolute path or pattern at *p: false at
 * its end; otherwise *part, *len, and *p moved past it. */
static bool sr_next_part(const char **p, const char **part, size_t *len)
{
	*p += strspn(*p, "/");
	if (**p == '\0')
		return false;
	*part = *p;
	*len = strcspn(*p, "/");
	*p += *len;
	return true;
}

/* Whether one component of a hide= pattern names one of a path, as
 * fnmatch(FNM_PATHNAME) would match them in whole paths. */
static bool sr_part_matches(const char *pattern, size_t plen, const char *name, size_t nlen)
{
	char p[PATH_MAX], n[PATH_MAX];

	if (plen >= sizeof(p) || nlen >= sizeof(n))
		return false;
	memcpy(p, pattern, plen);
	p[plen] = '\0';
	memcpy(n, name, nlen);
	n[nlen] = '\0';
	return fnmatch(p, n, 0) == 0;
}

/* Where `hide` (a hide= or noexec= entry) lands when the host directory
 * `source` is shown at `dest`: 1 with the path or pattern in out, 0 when
 * it names nothing in or above source, -1 when that would be too long. */
static int sr_carried_path(const char *hide, const char *source, const char *dest, char *out, size_t size)
{
	const char *h = hide, *s = source, *hp, *sp;
	size_t hl, sl;
	int n;

	while (sr_next_part(&s, &sp, &sl)) {
		/* Source lies at or below a hidden name: all of it is. */
		if (!sr_next_part(&h, &hp, &hl)) {
			n = snprintf(out, size, "%s", dest);
			return n >= 0 && (size_t)n < size ? 1 : -1;
		}
		if (!sr_part_matches(hp, hl, sp, sl))
			return 0;
	}
	h += strspn(h, "/");
	if (*h == '\0')
		n = snprintf(out, size, "%s", dest);
	else
		n = snprintf(out, size, "%s/%s", strcmp(dest, "/") == 0 ? "" : dest, h);
	return n >= 0 && (size_t)n < size ? 1 : -1;
}

/* The host path that the view's `path` shows, through the last mount
 * at or above it (later mounts cover earlier ones): 1 with it in out, 0
 * when a tmpfs or nothing shows it, -1 when it would be too long. */
static int sr_host_path_of(const struct sr_config *cfg, const char *path, char *out, size_t size)
{
	for (size_t m = cfg->nmounts; m-- > 0;) {
		const struct sr_mount_spec *spec = &cfg->mounts[m];
		if (!sr_path_is_under(path, spec->dest))
			continue;
		if (spec->kind == SR_MOUNT_TMPFS || spec->source == NULL)
			return 0;
		const char *rest = path + (strcmp(spec->dest, "/") == 0 ? 0 : strlen(spec->dest));
		/* The host's root is never a mount's source (refused). */
		int n = snprintf(out, size, "%s%s", spec->source, rest);
		return n >= 0 && (size_t)n < size ? 1 : -1;
	}
	return 0;
}

/* Each entry of `list` (hide= or noexec=), at every other place where a
 * mount shows the host directory it names: as a host path (hide=/etc/shadow
 * with ro=/etc:/e2) and as the host path its place in the view shows
 * (noexec=/a with ro=/srv/x:/a and ro=/srv/x:/b). */
static int sr_mount_carry_list(struct sr_config *cfg, struct sr_strlist *list, const char *key,
			       struct sr_error *err)
{
	/* Only the lines there were: a carried one needs no carrying. */
	size_t nlist = list->len;
	char host[PATH_MAX], carried[PATH_MAX];

	for (size_t i = 0; i < nlist; i++) {
		const char *from[2] = { list->items[i], NULL };
		int shown = sr_host_path_of(cfg, list->items[i], host, sizeof(host));
		if (shown < 0)
			return sr_fail(err, ENAMETOOLONG, "%s=%s: the host path it shows is too long", key,
				       list->items[i]);
		if (shown == 1 && strcmp(host, list->items[i]) != 0)
			from[1] = host;
		for (size_t m = 0; m < cfg->nmounts; m++) {
			const struct sr_mount_spec *spec = &cfg->mounts[m];
			if (spec->kind == SR_MOUNT_TMPFS || spec->source == NULL)
				continue;
			for (size_t f = 0; f < SR_ARRAY_SIZE(from) && from[f] != NULL; f++) {
				int rc = sr_carried_path(from[f], spec->source, spec->dest, carried, sizeof(carried));
				if (rc < 0)
					return sr_fail(err, ENAMETOOLONG, "%s=%s, shown at %s by %s", key, list->items[i],
						       spec->dest, spec->origin[0] != '\0' ? spec->origin : spec->source);
				if (rc == 1 && !sr_strlist_contains(list, carried) && sr_strlist_add(list, carried, err) < 0)
					return -1;
			}
		}
	}
	return 0;
}

int sr_mount_carry_rules(struct sr_config *cfg, struct sr_error *err)
{
	if (sr_mount_carry_list(cfg, &cfg->hide, "hide", err) < 0)
		return -1;
	return sr_mount_carry_list(cfg, &cfg->noexec, "noexec", err);
}
