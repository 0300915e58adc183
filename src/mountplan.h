/* The mount plan: the ordered list of mounts that build the sandbox's
 * root, derived from a config (pure: no file system access).  The
 * launcher resolves host paths in it (sandbox.c) and init carries it out. */
#ifndef SENTRY_RUN_MOUNTPLAN_H
#define SENTRY_RUN_MOUNTPLAN_H

#include <stdbool.h>
#include <stddef.h>

#include "config.h"
#include "util.h"

enum sr_plan_kind {
	SR_PLAN_BIND,      /* bind source at dest, read-only unless writable */
	SR_PLAN_TMPFS,     /* a private tmpfs at dest */
	SR_PLAN_SYMLINK,   /* a symlink at dest pointing to source (e.g. /bin -> usr/bin) */
	SR_PLAN_DEV,       /* the minimal /dev */
	SR_PLAN_PROC,      /* a fresh /proc for the sandbox's pid namespace */
	SR_PLAN_OVERLAY,   /* source at dest, writes kept in memory (overlayfs) */
	SR_PLAN_DIR,       /* an empty directory (mode 0700) in a tmpfs of the plan */
};

struct sr_plan_entry {
	enum sr_plan_kind kind;
	char *source;      /* host path (BIND) or link target (SYMLINK) */
	char *dest;        /* path inside the sandbox */
	bool writable;
	bool optional;     /* a missing source is skipped */
	bool is_cwd;       /* the caller's current directory */
	const char *origin;  /* borrowed from the config's mount; NULL: none */
};

struct sr_mount_plan {
	struct sr_plan_entry *entries;
	size_t len;
	size_t cap;
};

/* The plan's root bind ([filesystem] root=), or NULL for a tmpfs root. */
const struct sr_plan_entry *sr_mount_plan_root(const struct sr_mount_plan *plan);

/* Builds the plan: the config's mounts in order, the caller's cwd
 * read-only (unless a mount already provides it, the config says not
 * to, or it is / or in /proc or /dev), /dev and /proc; then stably ordered so that a parent is always
 * mounted before what lies under it, and a later mount of the same
 * destination wins (the earlier one, which it would hide, is left out). */
int sr_mount_plan_build(const struct sr_config *cfg, const char *caller_cwd,
			struct sr_mount_plan *plan, struct sr_error *err);
int sr_mount_plan_add(struct sr_mount_plan *plan, enum sr_plan_kind kind, const char *source,
		      const char *dest, bool writable, bool optional, struct sr_error *err);
/* Whether a [filesystem] mount may be made at dest: not at /, nor over
 * /proc or /dev, which sentry-run builds; a profile checks it too, so
 * that its message names the line. */
int sr_mount_check_dest(const char *dest, struct sr_error *err);
void sr_mount_plan_sort(struct sr_mount_plan *plan);
/* The deepest entry at or above path (an absolute, clean path), the one
 * that shows it; NULL when it lies in sentry-run's root tmpfs. */
const struct sr_plan_entry *sr_mount_plan_holder(const struct sr_mount_plan *plan, const char *path);
/* Whether what the sandbox has at path (an absolute, clean path) is a
 * host file system, bound or overlaid there or above it, rather than one
 * sentry-run makes (its root tmpfs, a tmpfs, /dev): a mount point made
 * there would be made on the host, or fail on a read-only bind. */
bool sr_mount_plan_is_host(const struct sr_mount_plan *plan, const char *path);
void sr_mount_plan_free(struct sr_mount_plan *plan);

/* A hide= names a place in the view; where a mount shows the same host
 * directory at another place (ro=/etc:/e2), what it hides must be absent
 * there too: each hide= path or pattern that lies in or above a mount's
 * host path is added again below that mount's destination (hide=/etc/shadow
 * gives /e2/shadow).  The same for what the place in the view shows
 * (hide=/a/key with ro=/srv/x:/a and ro=/srv/x:/b gives /b/key), and the
 * same for noexec= (noexec=/a gives /b): executing through the other
 * place is refused too.  The view and the Gofer's policy then hold both. */
int sr_mount_carry_rules(struct sr_config *cfg, struct sr_error *err);

/* Number of components of an absolute path ("/" is 0, "/a/b" is 2). */
size_t sr_path_depth(const char *path);
/* True if the absolute path has no ".", ".." or empty components. */
bool sr_path_is_clean(const char *path);

#endif
