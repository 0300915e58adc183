
#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <string.h>

#include "gofer/policy.h"

/* Mounts the launcher always makes, whatever the profile: they come first
 * so that a profile naming the same destination replaces them.  /dev and
 * /proc are noexec as in the OCI defaults (no executable lives there; a
 * /proc/PID/exe link resolves to its target, which is checked instead);
 * the /proc entries that reconfigure the kernel are read-only, as the OCI
 * runtime spec's readonlyPaths. */
static const struct {
	const char *dest;
	enum sr_access access;
} sr_policy_builtin[] = {
	{ "/dev", SR_ACCESS_READ_WRITE | SR_ACCESS_NOEXEC },
	{ "/proc", SR_ACCESS_READ_WRITE | SR_ACCESS_NOEXEC },
	{ "/proc/bus", SR_ACCESS_READ_ONLY | SR_ACCESS_NOEXEC },
	{ "/proc/fs", SR_ACCESS_READ_ONLY | SR_ACCESS_NOEXEC },
	{ "/proc/irq", SR_ACCESS_READ_ONLY | SR_ACCESS_NOEXEC },
	{ "/proc/sys", SR_ACCESS_READ_ONLY | SR_ACCESS_NOEXEC },
	{ "/proc/sysrq-trigger", SR_ACCESS_READ_ONLY | SR_ACCESS_NOEXEC },
};

/* The skeleton of the new root (/, and the directories leading to mount
 * points) is a read-only tmpfs with nothing to execute. */
#define SR_POLICY_SKELETON (SR_ACCESS_READ_ONLY | SR_ACCESS_NOEXEC)

void sr_policy_free(struct sr_policy *policy)
{
	for (size_t i = 0; i < policy->nmounts; i++)
		free(policy->mounts[i].dest);
	free(policy->mounts);
	for (size_t i = 0; i < policy->nhide; i++)
		free(policy->hide[i]);
	free(policy->hide);
	for (size_t i = 0; i < policy->nnoexec; i++)
		free(policy->noexec[i]);
	free(policy->noexec);
	memset(policy, 0, sizeof(*policy));
}

/* A normalised heap copy of an absolute profile path. */
static char *policy_copy_path(const char *path, const char *what, struct sr_error *err)
{
	char buf[PATH_MAX];
	int rc;

	if (path == NULL || path[0] != '/') {
		sr_fail(err, 0, "%s \"%s\" is not an absolute path: write it from /", what,
			path ? path : "");
		return NULL;
	}
	rc = sr_path_normalize("/", path, buf, sizeof(buf));
	if (rc != 0) {
		sr_fail(err, rc, "%s \"%.64s...\"", what, path);
		return NULL;
	}
	char *copy = strdup(buf);
	if (copy == NULL)
		sr_fail(err, ENOMEM, "out of memory");
	return copy;
}

static int policy_add_mount(struct sr_policy *policy, const char *dest, enum sr_access access,
			    struct sr_error *err)
{
	char *copy = policy_copy_path(dest, "mount destination", err);

	if (copy == NULL)
		return -1;
	policy->mounts[policy->nmounts].dest = copy;
	policy->mounts[policy->nmounts].access = access;
	policy->nmounts++;
	return 0;
}

static int policy_copy_list(const struct sr_strlist *list, char ***out, size_t *nout,
			    const char *what, struct sr_error *err)
{
	if (list->len == 0)
		return 0;
	*out = calloc(list->len, sizeof(**out));
	if (*out == NULL)
		return sr_fail(err, ENOMEM, "out of memory");
	for (size_t i = 0; i < list->len; i++) {
		char *copy = policy_copy_path(list->items[i], what, err);
		if (copy == NULL)
			return -1;
		(*out)[(*nout)++] = copy;
	}
	return 0;
}

static enum sr_access policy_mount_access(enum sr_mount_kind kind)
{
	switch (kind) {
	case SR_MOUNT_RO:
		return SR_ACCESS_READ_ONLY;
	case SR_MOUNT_RW:
	case SR_MOUNT_TMPFS:
	case SR_MOUNT_OVERLAY:  /* the program may write; the writes stay in memory */
		return SR_ACCESS_READ_WRITE;
	}
	return SR_ACCESS_READ_ONLY;
}

/* Whether `dest` joined with `rel` ("" or "/name...") is `want`. */
static bool policy_joins_to(const char *dest, const char *rel, const char *want)
{
	size_t n = strcmp(dest, "/") == 0 ? 0 : strlen(dest);

	if (rel[0] == '\0')
		return strcmp(dest, want) == 0;
	return strncmp(want, dest, n) == 0 && strcmp(want + n, rel) == 0;
}

/* What of `path` lies below `dir`, which contains it: "" or "/name...". */
static const char *policy_below(const char *path, const char *dir)
{
	return strcmp(dir, "/") == 0 ? path : path + strlen(dir);
}

/* Whether a read-only bind shows host files that a read-write bind
 * shows at another place: one source holds the other, and the
 * read-write bind does not lie exactly over its part of the read-only
 * one (--ro /p --rw /p/build covers it; ro=/d:/ro, rw=/d:/rw does not). */
static bool policy_written_elsewhere(const struct sr_mount_spec *ro, const struct sr_mount_spec *rw)
{
	if (ro->source == NULL || rw->source == NULL)
		return false;
	if (sr_path_is_under(rw->source, ro->source))
		return !policy_joins_to(ro->dest, policy_below(rw->source, ro->source), rw->dest);
	if (sr_path_is_under(ro->source, rw->source))
		return !policy_joins_to(rw->dest, policy_below(ro->source, rw->source), ro->dest);
	return false;
}

int sr_policy_build(const struct sr_config *cfg, struct sr_policy *policy, struct sr_error *err)
{
	size_t nbuiltin = SR_ARRAY_SIZE(sr_policy_builtin);

	memset(policy, 0, sizeof(*policy));
	policy->mounts = calloc(nbuiltin + cfg->nmounts, sizeof(*policy->mounts));
	if (policy->mounts == NULL)
		return sr_fail(err, ENOMEM, "out of memory");
	for (size_t i = 0; i < nbuiltin; i++)
		if (policy_add_mount(policy, sr_policy_builtin[i].dest, sr_policy_builtin[i].access, err) < 0)
			return -1;
	for (size_t i = 0; i < cfg->nmounts; i++)
		if (policy_add_mount(policy, cfg->mounts[i].dest,
				     policy_mount_access(cfg->mounts[i].kind), err) < 0)
			return -1;
	/* A tmpfs shows nothing of the host, and an overlay's writes stay
	 * in memory: only a read-write bind writes what another shows. */
	for (size_t i = 0; i < cfg->nmounts; i++)
		for (size_t j = 0; j < cfg->nmounts && cfg->mounts[i].kind == SR_MOUNT_RO; j++)
			if (cfg->mounts[j].kind == SR_MOUNT_RW &&
			    policy_written_elsewhere(&cfg->mounts[i], &cfg->mounts[j]))
				policy->mounts[nbuiltin + i].written_elsewhere = true;
	if (policy_copy_list(&cfg->hide, &policy->hide, &policy->nhide, "hide", err) < 0 ||
	    policy_copy_list(&cfg->noexec, &policy->noexec, &policy->nnoexec, "noexec", err) < 0)
		return -1;
	return 0;
}

/* A hide pattern matches the path or one of its ancestors: a hidden
 * directory hides its subtree.  FNM_PATHNAME keeps `*` inside one
 * component, so /etc/ssh/ssh_host_*_key does not reach into subdirectories;
 * no FNM_PERIOD, so `*` also matches dot files (hiding more, never less). */
static bool policy_hidden(const struct sr_policy *policy, const char *path)
{
	char prefix[PATH_MAX];
	size_t len = strlen(path);

	if (policy->nhide == 0)
		return false;
	if (len >= sizeof(prefix))
		return true;  /* no normalised path is this long: fail closed */
	memcpy(prefix, path, len + 1);
	for (;;) {
		for (size_t i = 0; i < policy->nhide; i++) {
			/* Every open asks: the text before the pattern's first
			 * special character rules out most paths without fnmatch. */
			const char *pattern = policy->hide[i];
			size_t literal = strcspn(pattern, "*?[\\");
			if (strncmp(prefix, pattern, literal) != 0)
				continue;
			if (pattern[literal] == '\0' ? prefix[literal] == '\0'
						     : fnmatch(pattern, prefix, FNM_PATHNAME) == 0)
				return true;
		}
		char *slash = strrchr(prefix, '/');
		if (slash == prefix) {
			if (prefix[1] == '\0')
				return false;
			prefix[1] = '\0';
		} else {
			*slash = '\0';
		}
	}
}

/* The deepest mount containing `path`, or NULL. */
static const struct sr_policy_mount *policy_mount_of(const struct sr_policy *policy, const char *path)
{
	const struct sr_policy_mount *best = NULL;
	size_t best_len = 0;

	for (size_t i = 0; i < policy->nmounts; i++) {
		const struct sr_policy_mount *m = &policy->mounts[i];
		size_t len = strlen(m->dest);
		/* >=: a later mount at the same destination covers the earlier. */
		if (sr_path_is_under(path, m->dest) && (best == NULL || len >= best_len)) {
			best = m;
			best_len = len;
		}
	}
	return best;
}

bool sr_policy_fixed(const struct sr_policy *policy, const char *path)
{
	char prefix[PATH_MAX];

	if (path[0] != '/' || !sr_strlcpy(prefix, path, sizeof(prefix)))
		return false;
	for (;;) {
		const struct sr_policy_mount *m = policy_mount_of(policy, prefix);
		if (m != NULL && ((m->access & SR_ACCESS_KIND_MASK) == SR_ACCESS_READ_WRITE ||
				  m->written_elsewhere))
			return false;
		char *slash = strrchr(prefix, '/');
		if (slash == prefix)
			return true;
		*slash = '\0';
	}
}

/* What the mounts, the skeleton and the noexec list make of `path`,
 * whatever the hide patterns say. */
static enum sr_access policy_lookup_shown(const struct sr_policy *policy, const char *path)
{
	const struct sr_policy_mount *best;
	enum sr_access access;

	best = policy_mount_of(policy, path);
	if (best != NULL) {
		access = best->access;
	} else {
		access = SR_ACCESS_ABSENT;
		for (size_t i = 0; i < policy->nmounts; i++)
			if (sr_path_is_under(policy->mounts[i].dest, path))
				access = SR_POLICY_SKELETON;
		if (access == SR_ACCESS_ABSENT)
			return SR_ACCESS_ABSENT;
	}
	for (size_t i = 0; i < policy->nnoexec; i++)
		if (sr_path_is_under(path, policy->noexec[i]))
			access |= SR_ACCESS_NOEXEC;
	return access;
}

enum sr_access sr_policy_lookup(const struct sr_policy *policy, const char *path)
{
	if (path[0] != '/')
		return SR_ACCESS_ABSENT;
	if (policy_hidden(policy, path))
		return SR_ACCESS_HIDDEN;
	return policy_lookup_shown(policy, path);
}

bool sr_policy_noexec_below(const struct sr_policy *policy, const char *path)
{
	for (size_t i = 0; i < policy->nnoexec; i++)
		if (strcmp(policy->noexec[i], path) != 0 && sr_path_is_under(policy->noexec[i], path))
			return true;
	return false;
}

/* sr_policy_check for `path` of access `access`. */
static int policy_check_access(const struct sr_policy *policy, const char *path, enum sr_access access,
			       enum sr_policy_op op)
{
	enum sr_access kind = access & SR_ACCESS_KIND_MASK;

	if (kind == SR_ACCESS_HIDDEN)
		return ENOENT;
	if (kind == SR_ACCESS_ABSENT) {
		/* A new name directly in the skeleton: its parent exists and is
		 * read-only, as mkdir /newdir on a read-only root says. */
		if (op == SR_POLICY_CREATE) {
			char parent[PATH_MAX];
			if (sr_path_normalize(path, "..", parent, sizeof(parent)) == 0 &&
			    strcmp(parent, path) != 0 &&
			    (sr_policy_lookup(policy, parent) & SR_ACCESS_KIND_MASK) == SR_ACCESS_READ_ONLY)
				return EROFS;
		}
		return ENOENT;
	}
	switch (op) {
	case SR_POLICY_READ:
		return 0;
	case SR_POLICY_WRITE:
	case SR_POLICY_CREATE:
		return kind == SR_ACCESS_READ_ONLY ? EROFS : 0;
	case SR_POLICY_EXEC:
		return (access & SR_ACCESS_NOEXEC) ? EACCES : 0;
	}
	return EINVAL;
}

int sr_policy_check(const struct sr_policy *policy, const char *path, enum sr_policy_op op)
{
	return policy_check_access(policy, path, sr_policy_lookup(policy, path), op);
}

int sr_policy_check_absent(const struct sr_policy *policy, const char *path, enum sr_policy_op op)
{
	char parent[PATH_MAX];

	if ((sr_policy_lookup(policy, path) & SR_ACCESS_KIND_MASK) != SR_ACCESS_HIDDEN)
		return sr_policy_check(policy, path, op);
	/* Nothing there to read, run, or see through; nor in a hidden
	 * directory, itself absent. */
	if (op == SR_POLICY_READ || op == SR_POLICY_EXEC ||
	    sr_path_normalize(path, "..", parent, sizeof(parent)) != 0 || strcmp(parent, path) == 0 ||
	    policy_hidden(policy, parent))
		return ENOENT;
	int rc = policy_check_access(policy, path, policy_lookup_shown(policy, path), op);
	/* The view holds a directory with hidden entries read-only
	 * (sandbox.c, sr_bind_dir_hiding): a new name is EROFS there, which
	 * the kernel would answer for an absent one.  Said here, nothing is
	 * ever made at a hidden name. */
	if (rc == 0 && op == SR_POLICY_CREATE)
		return EROFS;
	return rc;
}

static size_t policy_count_slashes(const char *path)
{
	size_t n = 0;

	for (; *path != '\0'; path++)
		n += *path == '/';
	return n;
}

int sr_policy_check_deep(const struct sr_policy *policy, const char *path, enum sr_policy_op op)
{
	size_t depth = policy_count_slashes(path);

	/* FNM_PATHNAME: a pattern matches paths of as many components. */
	for (size_t i = 0; i < policy->nhide; i++)
		if (policy->hide[i][strcspn(policy->hide[i], "*?[\\")] != '\0' &&
		    policy_count_slashes(policy->hide[i]) > depth)
			return ENOENT;
	return sr_policy_check(policy, path, op);
}
