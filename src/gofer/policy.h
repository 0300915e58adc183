/* The path policy of DESIGN invariant 4, pure: what the profile says a
 * path inside the sandbox is (hidden, read-only, read-write, no-exec, or
 * outside the view).  The Gofer asks it about the path a request
 * RESOLVED to (the kernel's answer, openat2 RESOLVE_IN_ROOT and
 * /proc/self/fd), never about the string the program passed. */
#ifndef SENTRY_RUN_GOFER_POLICY_H
#define SENTRY_RUN_GOFER_POLICY_H

#include <stddef.h>

/* src/config.h: a bare "config.h" would find autoconf's in the build dir. */
#include "config.h"
#include "util.h"

/* A rule kind, plus the NOEXEC bit. */
enum sr_access {
	SR_ACCESS_ABSENT = 0,      /* outside the view: does not exist */
	SR_ACCESS_HIDDEN = 1,      /* hidden by the profile: does not exist */
	SR_ACCESS_READ_ONLY = 2,   /* writes fail with EROFS */
	SR_ACCESS_READ_WRITE = 3,
	SR_ACCESS_KIND_MASK = 3,
	SR_ACCESS_NOEXEC = 4,      /* execve fails with EACCES */
};

/* What an operation does to the path it names. */
enum sr_policy_op {
	SR_POLICY_READ,            /* open for reading, stat, readlink, list */
	SR_POLICY_WRITE,           /* change an existing entry or its data */
	SR_POLICY_CREATE,          /* make a new entry at the path */
	SR_POLICY_EXEC,            /* execve */
};

struct sr_policy_mount {
	char *dest;                /* absolute, normalised */
	enum sr_access access;     /* READ_ONLY or READ_WRITE, maybe | NOEXEC */
	/* Read-only, but its host directory, or one inside it, is bound
	 * read-write at another place too (rw=SRC:DEST): the program
	 * changes it through that place. */
	bool written_elsewhere;
};

struct sr_policy {
	struct sr_policy_mount *mounts;  /* in mount order */
	size_t nmounts;
	char **hide;               /* absolute fnmatch(3) patterns, normalised */
	size_t nhide;
	char **noexec;             /* absolute paths: each covers its subtree */
	size_t nnoexec;
};

/* Build from the profile's mounts, hide and noexec lists, after the
 * always-present /dev and /proc.  Every path must be absolute.  The
 * caller releases it with sr_policy_free (also after a failure). */
int sr_policy_build(const struct sr_config *cfg, struct sr_policy *policy, struct sr_error *err);
void sr_policy_free(struct sr_policy *policy);

/* The effective rule for an absolute, normalised path.  The deepest mount
 * destination that contains the path decides (on component boundaries:
 * /usr does not contain /usrx), a later mount at the same destination
 * replacing an earlier one; a hide pattern matching the path or any
 * ancestor hides it; the directories leading to mount points exist,
 * read-only, as the skeleton of the new root. */
enum sr_access sr_policy_lookup(const struct sr_policy *policy, const char *path);

/* Whether nothing in the sandbox can change what is at `path`: neither
 * it nor any directory above it lies where the view is writable (a
 * hidden path inside a writable place counts as writable), nor in a
 * read-only bind written elsewhere. */
bool sr_policy_fixed(const struct sr_policy *policy, const char *path);

/* Whether a noexec path lies strictly below `path`.  Its noexec mount
 * moves with a directory above it that is renamed, and a directory made
 * at the old place would not be one (execveat of an fd the Gofer does
 * not see a path for): such a directory must stay where it is. */
bool sr_policy_noexec_below(const struct sr_policy *policy, const char *path);

/* 0 if the policy allows `op` on `path`, else the errno the program gets:
 * ENOENT (hidden, outside the view), EROFS (a write where it is
 * read-only), EACCES (exec where it is no-exec). */
int sr_policy_check(const struct sr_policy *policy, const char *path, enum sr_policy_op op);

/* sr_policy_check for a path the view shows absent (no such entry in
 * its directory).  A hidden name then answers as an absent name beside
 * it would (invariant 4: as if absent), so that the errno never tells
 * which names the profile hides: ENOENT to read or run it, the
 * directory's EROFS (or 0, for a change the caller then finds nothing
 * to act on) to make, remove or rename it.  Never 0 to make one. */
int sr_policy_check_absent(const struct sr_policy *policy, const char *path, enum sr_policy_op op);

/* sr_policy_check for an object in a tree deeper than PATH_MAX, below
 * `path`, its deepest ancestor whose path fits (gofer/resolve.h).  The
 * mounts, the noexec list and a hide path are all shorter, so they
 * answer for it as for `path`; a hide pattern of more components than
 * `path` might match a name below it that is not known: ENOENT, closed. */
int sr_policy_check_deep(const struct sr_policy *policy, const char *path, enum sr_policy_op op);


#endif
