/* The Gofer's path resolver (DESIGN invariant 4): a path is walked one
 * component at a time with openat(O_PATH|O_NOFOLLOW) from the sandbox
 * root or the caller's directory fd, and symlinks are followed here, not
 * by the kernel, so that
 *  - ".." of the root and absolute symlinks stop at the sandbox root even
 *    where the process is not chroot'ed (the unit tests, and a defence in
 *    depth where it is);
 *  - the path the request RESOLVED to is known as a string, for the
 *    policy (src/gofer/policy.h);
 *  - /proc/self and /proc/thread-self name the calling program, not the
 *    Gofer, which lives outside the sandbox's pid namespace.
 *
 * Magic links (/proc/N/root, /proc/N/cwd, /proc/N/exe, /proc/N/fd/M) are
 * followed as the plain path their readlink text gives, as seen from the
 * Gofer's root, which is the sandbox root: /proc/self/root/../../etc is
 * /etc of the sandbox, never of the host.  A link to an object with no
 * path (a pipe, a socket, a deleted file) resolves to nothing (ENOENT);
 * the Sentry serves such opens from the program's own fd if it wants to.
 *
 * The directory fd's own path is computed from the fd (walking ".." up to
 * the root and finding each name by readdir), never taken from the
 * Sentry: the Gofer trusts nothing the Sentry says about where a fd is,
 * so a compromised Sentry cannot get a hidden file by lying about it.
 * /proc/self/fd/N cannot tell it either: the Gofer has no entry in the
 * sandbox's /proc.  Paths found are remembered in a small cache keyed by
 * (st_dev, st_ino) and checked again at every use (the path is walked
 * from the root without following symlinks and must reach the same
 * inode), so a rename never makes it lie.
 *
 * A tree may be deeper than PATH_MAX (the kernel walks from the cwd or a
 * dirfd, never the whole path): the path kept is then the deepest
 * ancestor whose path fits, and `deep` counts the names below it.  The
 * policy answers alike for both, as every path it names is shorter than
 * PATH_MAX (sr_policy_check_deep). */
#ifndef SENTRY_RUN_GOFER_RESOLVE_H
#define SENTRY_RUN_GOFER_RESOLVE_H

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "util.h"

/* Not an errno: the walk met /proc/self and ask_task_ids is set. */
#define SR_RESOLVE_NEED_TASK_IDS 0x10000

/* The kernel's bound on symlinks met in one resolution (MAXSYMLINKS). */
#define SR_RESOLVE_LINKS_MAX 40
/* How many directory levels the walk up from a dirfd climbs before it
 * gives up: a component takes at least two bytes of a path ("/x"). */
#define SR_RESOLVE_DEPTH_MAX (PATH_MAX / 2)
/* Directory paths remembered by (st_dev, st_ino). */
#define SR_RESOLVE_DIR_CACHE_SIZE 64
/* The name a removed directory (st_nlink 0) is given in its parent's
 * path, as the kernel's d_path marks one: it has no other.  Nothing can
 * be made in it, and ".." of it is its parent's path again, so the
 * policy of the parent's subtree is what this name meets. */
#define SR_RESOLVE_REMOVED_NAME "(deleted)"
/* "<pid>/task/<tid>": the text that replaces /proc/thread-self's. */
#define SR_RESOLVE_PROC_LINK_MAX 48

enum {
	SR_RESOLVE_FOLLOW_LAST = 1u << 0,   /* follow a symlink in the last component */
	SR_RESOLVE_EMPTY_PATH = 1u << 1,    /* an empty path names the dirfd itself */
	/* openat2's RESOLVE_* restrictions, for OPEN. */
	SR_RESOLVE_NO_SYMLINKS = 1u << 2,   /* any symlink: ELOOP */
	SR_RESOLVE_NO_MAGICLINKS = 1u << 3, /* a link inside /proc/N/: ELOOP */
	SR_RESOLVE_NO_XDEV = 1u << 4,       /* crossing a mount: EXDEV */
	SR_RESOLVE_BENEATH = 1u << 5,       /* leaving the dirfd (abs. path, ".."): EXDEV */
	SR_RESOLVE_IN_ROOT = 1u << 6,       /* the dirfd is the root */
	/* The last component is taken as it is: never followed and not
	 * required to be a directory, even with a trailing slash (create,
	 * remove, rename: the kernel looks up only its parent). */
	SR_RESOLVE_PARENT = 1u << 7,
	/* The caller wants what the object is (st, exists), not an fd to
	 * it: spared where the kernel can tell without one. */
	SR_RESOLVE_NO_FD = 1u << 8,
	/* With SR_RESOLVE_NO_FD, for a caller that opens the path itself
	 * with sr_resolve_open_plain: no parent fd either, and a missing
	 * object is ENOENT.  A plain path's object is then only stat'ed,
	 * which may have gone through a link: the result is a claim that
	 * sr_resolve_open_plain confirms, and the caller resolves again
	 * without this flag when it cannot. */
	SR_RESOLVE_NO_PARENT = 1u << 9,
};

/* What the last component was, for the calls that refuse "." and "..". */
enum sr_resolve_last {
	SR_RESOLVE_LAST_NAME,      /* a plain name */
	SR_RESOLVE_LAST_DOT,       /* "." */
	SR_RESOLVE_LAST_DOTDOT,    /* ".." */
	SR_RESOLVE_LAST_ROOT,      /* "/" alone */
	SR_RESOLVE_LAST_EMPTY,     /* the dirfd itself (SR_RESOLVE_EMPTY_PATH) */
};

struct sr_dir_cache_entry {
	dev_t dev;
	ino_t ino;
	char *path;                /* NULL: a free slot */
};

struct sr_dir_cache {
	struct sr_dir_cache_entry entries[SR_RESOLVE_DIR_CACHE_SIZE];
	size_t next;               /* the slot replaced next (round robin) */
};

/* fs.protected_symlinks as the host sets it, for the links the walk
 * follows itself (the kernel sees only readlinkat).  Owners the caller's
 * user namespace does not map all show as `unknown_uid` (the kernel's
 * overflowuid): two of them may be different users. */
struct sr_link_rule {
	bool protect;              /* fs.protected_symlinks is on */
	uid_t unknown_uid;
};

/* Whether a caller of fsuid `fsuid` may follow the link `link` found in
 * directory `dir`: 0 or EACCES, as the kernel's may_follow_link decides
 * (a link in a sticky, world-writable directory is followed only by its
 * owner, or when the directory's owner owns it too), an unknown owner
 * equal to no one. */
int sr_resolve_may_follow(const struct sr_link_rule *rule, const struct stat *dir, const struct stat *link,
			  uid_t fsuid);

struct sr_resolve_ctx {
	int root_fd;               /* the sandbox root (a directory fd, maybe O_PATH) */
	const struct sr_link_rule *links;  /* NULL: links followed unchecked */
	uid_t fsuid;               /* whose walk this is, for `links` */
	const char *proc_dir;      /* where procfs is mounted ("/proc"); NULL: nowhere */
	int32_t nspid;             /* the caller in the sandbox's pid namespace; 0: unknown */
	int32_t nstid;
	/* With nspid 0, a walk meeting /proc/self fails with this instead
	 * of ENOENT, so that the caller may learn them and ask again. */
	bool ask_task_ids;
	struct sr_dir_cache *cache;  /* NULL: no cache */
	/* Whether nothing in the sandbox can change what is at an absolute
	 * path (out->stable); NULL: nothing is. */
	bool (*fixed)(const void *arg, const char *path);
	const void *fixed_arg;
};

/* The result.  `parent_fd` and `last` name the object the way a *at()
 * call wants it (the parent directory and a name in it, never a symlink
 * that was to be followed); `fd` is the object itself when it exists.
 * For ".", ".." and "/" the parent is the directory they name and `last`
 * is ".".  With SR_RESOLVE_EMPTY_PATH and an empty path, parent_fd is -1
 * and `last` is empty. */
struct sr_resolved {
	int parent_fd;             /* O_PATH, or -1 */
	char last[NAME_MAX + 1];
	enum sr_resolve_last last_kind;
	bool trailing_slash;       /* the path ended in '/' (a directory is meant) */
	/* SR_RESOLVE_PARENT: the last name is longer than NAME_MAX, which
	 * the file system refuses (ENAMETOOLONG) only when it looks the
	 * name up, after the checks the kernel makes on the parent.  `last`
	 * is then empty, so that nothing is done at that name, and `path`
	 * ends in its first NAME_MAX bytes, for the policy of the place. */
	bool name_too_long;
	int fd;                    /* O_PATH|O_NOFOLLOW on the object, or -1 */
	bool exists;               /* the object exists (fd may be -1 with SR_RESOLVE_NO_FD) */
	struct stat st;            /* the object's, when it exists */
	char path[PATH_MAX];       /* absolute in the sandbox: parent's path + last */
	unsigned deep;             /* names below `path` that did not fit in it (above) */
	/* The text /proc/self or /proc/thread-self reads as, for the caller,
	 * when that link is the object itself (not followed); else empty. */
	char proc_link[SR_RESOLVE_PROC_LINK_MAX];
	/* The path named no link to follow, "." or "..": `path` is its own
	 * text.  Also kept with an errno, which then met no link either. */
	bool plain;
	/* Nothing on the way can change from inside the sandbox: the object
	 * and every link followed lie where ctx->fixed says so. */
	bool stable;
};

/* Resolve `path` for the caller: absolute from ctx->root_fd, relative
 * from `dirfd`.  Returns 0 with `out` filled (the caller releases it with
 * sr_resolved_release), or an errno as the kernel would give it (ENOENT
 * when a directory on the way is missing; a missing last component is
 * not an error, out->fd is -1), and `out` holding no fd. */
int sr_resolve(const struct sr_resolve_ctx *ctx, int dirfd, const char *path, unsigned flags,
	       struct sr_resolved *out);
void sr_resolved_release(struct sr_resolved *res);
#define sr_cleanup_resolved __attribute__((cleanup(sr_resolved_release)))
/* Holds no fd: what a result is before sr_resolve fills it. */
#define SR_RESOLVED_NONE ((struct sr_resolved){ .parent_fd = -1, .fd = -1 })

/* openat(parent, name, flags, mode) of a name the resolver reached,
 * never following a link put in its place since (ELOOP): -1 with errno. */
int sr_resolve_open_last(int parent, const char *name, int flags, mode_t mode);

/* The object a SR_RESOLVE_NO_PARENT result claims (`want`, its stat),
 * opened by its whole path from `start` (the root for an absolute path,
 * the dirfd for a relative one) without following any link, and
 * checked to be that object: one openat2 and one fstat where the
 * parent's openat2, its close and a second openat2 were.  -1 with
 * errno (ESTALE: another object is there now). */
int sr_resolve_open_plain(int start, const char *path, int flags, const struct stat *want);

/* Whether `to` lies on another mount than `from` (RESOLVE_NO_XDEV, and
 * rename's EXDEV); `from_st` and `to_st` are their fstat. */
bool sr_resolve_crosses_mount(int from, const struct stat *from_st, int to, const struct stat *to_st);

/* The absolute sandbox path of directory fd `fd` (see above) in `out`,
 * and in `deep` how many names below it did not fit; or an errno: ENOENT
 * when it is not under the root, EACCES when a directory on the way up
 * cannot be listed. */
int sr_resolve_dir_path(const struct sr_resolve_ctx *ctx, int fd, char out[PATH_MAX], unsigned *deep);
/* Remember that directory `st` is at `path` (the resolver does this for
 * every directory it resolves, so a chdir's target is known). */
void sr_dir_cache_note(struct sr_dir_cache *cache, const struct stat *st, const char *path);
void sr_dir_cache_free(struct sr_dir_cache *cache);

#endif
