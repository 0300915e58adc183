
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/magic.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "compat.h"
#include "gofer/serve.h"

/* What an operation produced, beside its errno. */
struct gofer_result {
	int fd;                    /* OPEN: the fd to send; -1 */
	bool continue_syscall;     /* OPEN with O_PATH: the Sentry continues it */
	int64_t value;
	enum sr_proto_result kind;
	size_t len;
	union sr_proto_result_data data;
};

struct gofer_call {
	struct sr_gofer *g;
	const struct sr_proto_request *req;
	const struct sr_proto_request_fds *fds;
	struct gofer_result *result;
	bool plain;                /* the path resolved without a link (resolve.h) */
	bool stable;               /* nothing on its way can change (resolve.h) */
	/* A file with another name, which may lie where the program writes:
	 * a write or chmod through that name changes what this one shows. */
	bool linked;
	/* OPEN's resolution, released once the reply is sent: its closes
	 * then run beside the Sentry's work, not before it. */
	struct sr_resolved open_resolved;
};

/* A small unsigned number from a /proc/sys file, or `fallback`. */
static unsigned long gofer_read_sysctl(const char *path, unsigned long fallback)
{
	char buf[32];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);
	unsigned long value;
	char *end;

	if (fd >= 0)
		close(fd);
	if (n <= 0)
		return fallback;
	buf[n] = '\0';
	errno = 0;
	value = strtoul(buf, &end, 10);
	if (errno != 0 || end == buf || (*end != '\n' && *end != '\0'))
		return fallback;
	return value;
}

void sr_gofer_read_link_rule(struct sr_link_rule *rule, const char *proc_dir)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/sys/fs/protected_symlinks", proc_dir);
	rule->protect = gofer_read_sysctl(path, 1) != 0;
	snprintf(path, sizeof(path), "%s/sys/kernel/overflowuid", proc_dir);
	rule->unknown_uid = (uid_t)gofer_read_sysctl(path, SR_GOFER_OVERFLOW_UID);
}

int sr_gofer_init(struct sr_gofer *g, const char *root, const struct sr_policy *policy,
		  const struct sr_link_rule *links, struct sr_error *err)
{
	memset(g, 0, sizeof(*g));
	g->root_fd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (g->root_fd < 0)
		return sr_fail(err, errno, "gofer: cannot open the sandbox root %s", root);
	g->policy = policy;
	g->proc_dir = SR_GOFER_PROC_DIR;
	g->links = links;
	g->fsuid = geteuid();
	return 0;
}

void sr_gofer_free(struct sr_gofer *g)
{
	if (g->root_fd >= 0)
		close(g->root_fd);
	g->root_fd = -1;
	sr_dir_cache_free(&g->dir_cache);
}

/* What nothing in the sandbox can change (resolve.h, `fixed`): not
 * /proc, and nothing writable on the way (policy.h). */
static bool gofer_fixed(const void *arg, const char *path)
{
	const struct sr_gofer *g = arg;

	return !(g->proc_dir != NULL && sr_path_is_under(path, g->proc_dir)) &&
	       sr_policy_fixed(g->policy, path);
}

static struct sr_resolve_ctx gofer_ctx(struct sr_gofer *g, const struct sr_proto_request *req)
{
	return (struct sr_resolve_ctx){
		.root_fd = g->root_fd, .proc_dir = g->proc_dir, .cache = &g->dir_cache,
		.links = g->links, .fsuid = g->fsuid,
		.fixed = gofer_fixed, .fixed_arg = g,
		.nspid = req != NULL ? req->nspid : 0, .nstid = req != NULL ? req->nstid : 0,
		.ask_task_ids = req != NULL && req->nspid == 0,
	};
}

int sr_gofer_note_dir(struct sr_gofer *g, const char *path, struct sr_error *err)
{
	struct sr_resolve_ctx ctx = gofer_ctx(g, NULL);
	sr_cleanup_resolved struct sr_resolved r = SR_RESOLVED_NONE;
	int rc;

	if (path[0] != '/')
		return sr_fail(err, EINVAL, "gofer: directory %s is not absolute", path);
	rc = sr_resolve(&ctx, -1, path, SR_RESOLVE_FOLLOW_LAST, &r);
	if (rc == 0 && r.fd < 0)
		rc = ENOENT;
	if (rc != 0)
		return sr_fail(err, rc, "gofer: cannot resolve directory %s", path);
	return 0;
}

/* --- resolution and policy ---------------------------------------------- */

/* Resolve the request's first path (which = 1) or second (2). */
/* tty (4), /dev/tty and /dev/ptmx (5), the Unix98 pty slaves (136-143). */
static bool gofer_is_terminal(dev_t rdev)
{
	unsigned int maj = major(rdev);

	return maj == 4 || maj == 5 || (maj >= 136 && maj <= 143);
}

static int gofer_resolve(struct gofer_call *c, int which, unsigned flags, struct sr_resolved *out)
{
	struct sr_resolve_ctx ctx = gofer_ctx(c->g, c->req);
	const struct sr_proto_op_rule *rule = sr_proto_op_rule(c->req->op);

	if (which == 2)
		return sr_resolve(&ctx, c->fds->dir2, c->req->path2, flags, out);
	if (rule->empty_path && (c->req->flags & AT_EMPTY_PATH))
		flags |= SR_RESOLVE_EMPTY_PATH;
	int rc = sr_resolve(&ctx, c->fds->dir, c->req->path, flags, out);
	c->plain = out->plain;
	c->stable = rc == 0 && out->stable;
	c->linked = rc == 0 && out->exists && !S_ISDIR(out->st.st_mode) && out->st.st_nlink > 1;
	return rc;
}

/* The policy on what a path resolved to.  An empty path is an fd the
 * program holds (see resolve_empty in resolve.c).  A name the view
 * shows absent answers as one (policy.h), hidden or not. */
static int gofer_policy(const struct gofer_call *c, const struct sr_resolved *r, enum sr_policy_op op)
{
	if (r->path[0] == '\0')
		return 0;
	if (r->deep > 0)
		return sr_policy_check_deep(c->g->policy, r->path, op);
	if (!r->exists)
		return sr_policy_check_absent(c->g->policy, r->path, op);
	return sr_policy_check(c->g->policy, r->path, op);
}

static unsigned gofer_follow_unless(bool nofollow)
{
	return nofollow ? 0 : SR_RESOLVE_FOLLOW_LAST;
}

/* An object that must exist, and that the policy lets `op` touch. */
static int gofer_existing(struct gofer_call *c, unsigned flags, enum sr_policy_op op,
			  struct sr_resolved *r)
{
	int rc = gofer_resolve(c, 1, flags, r);

	if (rc != 0)
		return rc;
	if (r->fd < 0)
		return ENOENT;
	return gofer_policy(c, r, op);
}

/* A new name (mkdir, mknod, symlink, link): the checks of the kernel's
 * filename_create, in its order, with a hidden or absent place first. */
static int gofer_may_create(const struct gofer_call *c, const struct sr_resolved *r, bool is_dir)
{
	int rc = gofer_policy(c, r, SR_POLICY_CREATE);

	if (rc == ENOENT)
		return ENOENT;
	if (r->last_kind != SR_RESOLVE_LAST_NAME || r->fd >= 0)
		return EEXIST;
	/* The name's lookup, before a read-only place's error. */
	if (r->name_too_long)
		return ENAMETOOLONG;
	/* "new/" asks for a directory: only mkdir makes one. */
	if (r->trailing_slash && !is_dir)
		return ENOENT;
	return rc;
}

static int gofer_set_result(struct gofer_call *c, enum sr_proto_result kind, const void *data,
			    size_t len)
{
	if (len > sizeof(c->result->data))
		return E2BIG;
	memcpy(&c->result->data, data, len);
	c->result->kind = kind;
	c->result->len = len;
	return 0;
}

/* Creating calls run under the caller's umask (proto.h): each serving
 * thread has its own (process.c: unshare(CLONE_FS)), so the kernel
 * applies it, or the parent's default ACL instead, as for the caller.
 * The thread remembers the one it set: a tar extraction's thousands of
 * creates under one umask make one umask(2), not one each. */
static void gofer_take_umask(const struct gofer_call *c)
{
	static _Thread_local int set = -1;

	if (set != (int)c->req->umask) {
		umask((mode_t)c->req->umask);
		set = (int)c->req->umask;
	}
}

/* The path-only calls (xattrs, inotify) run with the cwd at the parent
 * directory, on the last name, never following it: the resolver did. */
static int gofer_enter_parent(const struct sr_resolved *r)
{
	if (r->parent_fd < 0)
		return EBADF;
	return fchdir(r->parent_fd) < 0 ? errno : 0;
}

static void gofer_leave_parent(const struct sr_gofer *g)
{
	if (fchdir(g->root_fd) < 0)
		sr_warn("gofer: cannot return to the root: %s", strerror(errno));
}

/* --- the operations ------------------------------------------------------ */

/* The kernel's special_file(): what a read-only mount never refuses. */
static bool gofer_is_special(mode_t mode)
{
	return S_ISCHR(mode) || S_ISBLK(mode) || S_ISFIFO(mode) || S_ISSOCK(mode);
}

/* An open for writing of an existing object the policy keeps read-only
 * (EROFS): the kernel's do_open says EROFS only after its own checks,
 * and never for a special file, which writes nothing to the mount (a
 * FIFO in a read-only directory opens for writing).  What it answers
 * first, or 0 for a special file the open may go on with. */
static int gofer_open_read_only(const struct sr_resolved *r, uint32_t flags)
{
	mode_t mode = r->st.st_mode;
	int want = ((flags & O_ACCMODE) != O_WRONLY ? R_OK : 0) |
		   ((flags & O_ACCMODE) != O_RDONLY || (flags & O_TRUNC) ? W_OK : 0);

	if ((flags & O_CREAT) && S_ISDIR(mode))
		return EISDIR;
	if ((flags & O_DIRECTORY) && !S_ISDIR(mode))
		return ENOTDIR;
	if (S_ISREG(mode) && (flags & O_TRUNC))
		return EROFS;
	if (S_ISLNK(mode))
		return ELOOP;
	if (S_ISDIR(mode))
		return EISDIR;
	/* The permission, then the mount: faccessat's W_OK answers EACCES
	 * before EROFS, and 0 for a special file, as do_open does. */
	if (syscall(SYS_faccessat2, r->parent_fd, r->last, want, AT_SYMLINK_NOFOLLOW | AT_EACCESS) < 0)
		return errno;
	return gofer_is_special(mode) ? 0 : EROFS;
}

/* O_CREAT of a name that asks for a directory ("name/", or a followed
 * link's target "name/"): the kernel's open answers before it looks the
 * name up, making nothing (EISDIR; EINVAL with O_DIRECTORY since Linux
 * 6.4, which build_open_flags says first).  Its own answer, asked of it. */
static int gofer_open_dir_name(const struct sr_resolved *r, uint32_t flags)
{
	char name[NAME_MAX + 2];
	int n = snprintf(name, sizeof(name), "%s/", r->last);

	if (n < 0 || (size_t)n >= sizeof(name))
		return ENAMETOOLONG;
	int fd = openat(r->parent_fd, name, (int)(flags | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC), 0);
	if (fd < 0)
		return errno;
	/* Never reached: a trailing slash stops every O_CREAT open. */
	close(fd);
	return EISDIR;
}

/* Whether the Gofer opens an existing object of `mode` with O_NONBLOCK
 * that the request lacks, to take it off after (F_SETFL), where an open
 * could otherwise wait here, holding this thread and a Sentry worker's
 * connection, out of reach of the program's signals:
 *  - a lease on a regular file (fcntl F_SETLEASE) makes a conflicting
 *    open wait for its holder, up to the lease-break time; O_NONBLOCK
 *    starts the break and answers EWOULDBLOCK at once, and the Sentry
 *    asks again later without holding a connection (fs.c);
 *  - a FIFO put in the place of what was looked at (a directory here,
 *    the file, or a unix socket, which any program may bind where it
 *    writes) waits for a writer; O_NONBLOCK opens it at once, and the
 *    open's checks then see it (O_DIRECTORY refuses it first).
 * A socket's open is ENXIO with O_NONBLOCK or without; a device's is
 * left as asked, O_NONBLOCK being the driver's to read. */
static bool gofer_open_adds_nonblock(mode_t mode, uint32_t flags)
{
	if (flags & O_NONBLOCK)
		return false;
	return S_ISREG(mode) || S_ISSOCK(mode) || (S_ISDIR(mode) && !(flags & O_DIRECTORY));
}

/* What gofer_open_claimed answers when the claim did not hold. */
#define GOFER_RESOLVE_AGAIN (-1)

/* A read of an object that SR_RESOLVE_NO_PARENT claims (resolve.h):
 * the policy on its path, then the open by that whole path, which
 * sr_resolve_open_plain confirms reaches the object stat'ed.  An errno,
 * 0 with the fd, or GOFER_RESOLVE_AGAIN for anything the claim does not
 * settle (a refusal, a special file, a link or another object there
 * now): gofer_open resolves again as for any other path. */
static int gofer_open_claimed(struct gofer_call *c, const struct sr_resolved *r)
{
	const struct sr_proto_request *req = c->req;
	uint32_t flags = req->flags;
	int start = req->path[0] == '/' ? c->g->root_fd : c->fds->dir;

	if (start < 0 || gofer_policy(c, r, SR_POLICY_READ) != 0 ||
	    !(S_ISREG(r->st.st_mode) || S_ISDIR(r->st.st_mode)))
		return GOFER_RESOLVE_AGAIN;
	bool nonblock = gofer_open_adds_nonblock(r->st.st_mode, flags);
	int fd = sr_resolve_open_plain(start, req->path,
				       (int)(flags | O_NOCTTY | O_CLOEXEC | (nonblock ? O_NONBLOCK : 0)),
				       &r->st);
	if (fd < 0) {
		int e = errno;
		if (e == ESTALE || e == ELOOP || e == ENOENT || e == ENOTDIR || e == EXDEV || e == EINVAL)
			return GOFER_RESOLVE_AGAIN;
		return e;
	}
	if (nonblock && fcntl(fd, F_SETFL, (int)flags) < 0) {
		int e = errno;
		close(fd);
		return e;
	}
	c->result->fd = fd;
	return 0;
}

static int gofer_open(struct gofer_call *c)
{
	const struct sr_proto_request *req = c->req;
	uint32_t flags = req->flags;
	bool creat = (flags & O_CREAT) != 0;
	bool excl = creat && (flags & O_EXCL);
	bool tmpfile = (flags & O_TMPFILE) == O_TMPFILE;
	/* Access mode 3 gives an fd that neither reads nor writes (ioctls
	 * only): the kernel asks for both permissions, but not for a
	 * writable mount. */
	bool writes = (flags & O_ACCMODE) == O_WRONLY || (flags & O_ACCMODE) == O_RDWR ||
		      (flags & O_TRUNC);
	struct sr_resolved *r = &c->open_resolved;
	/* What the object is decides; the open itself is by name. */
	unsigned rflags = SR_RESOLVE_NO_FD;
	int rc;

	/* "Only if it is cached" may always be answered "it is not". */
	if (req->resolve & RESOLVE_CACHED)
		return EAGAIN;
	if (req->resolve & RESOLVE_NO_SYMLINKS)
		rflags |= SR_RESOLVE_NO_SYMLINKS;
	if (req->resolve & RESOLVE_NO_MAGICLINKS)
		rflags |= SR_RESOLVE_NO_MAGICLINKS;
	if (req->resolve & RESOLVE_NO_XDEV)
		rflags |= SR_RESOLVE_NO_XDEV;
	if (req->resolve & RESOLVE_BENEATH)
		rflags |= SR_RESOLVE_BENEATH;
	if (req->resolve & RESOLVE_IN_ROOT)
		rflags |= SR_RESOLVE_IN_ROOT;
	/* O_CREAT|O_EXCL never follows the last link: it exists.  Nor does
	 * O_CREAT of "name/", which the kernel refuses unlooked-at. */
	bool slash = req->path_len > 0 && req->path[req->path_len - 1] == '/';
	if (!(flags & O_NOFOLLOW) && !excl && !(creat && slash))
		rflags |= SR_RESOLVE_FOLLOW_LAST;
	/* A trailing slash, the path's or a followed link's, is then the
	 * kernel's to answer (gofer_open_dir_name), not ENOTDIR. */
	if (creat)
		rflags |= SR_RESOLVE_PARENT;
	/* A plain read (most opens): the object stat'ed by its path, then
	 * opened by it (gofer_open_claimed), no parent fd needed. */
	bool plain_read = (flags & O_ACCMODE) == O_RDONLY && !(flags & (O_CREAT | O_TRUNC | O_PATH)) &&
			  !tmpfile && req->resolve == 0;
	rc = gofer_resolve(c, 1, rflags | (plain_read ? SR_RESOLVE_NO_PARENT : 0), r);
	if (rc == 0 && plain_read && r->exists && r->parent_fd < 0 && r->fd < 0 && r->path[0] != '\0') {
		rc = gofer_open_claimed(c, r);
		if (rc != GOFER_RESOLVE_AGAIN)
			return rc;
		sr_resolved_release(r);
		rc = gofer_resolve(c, 1, rflags, r);
	}
	if (rc != 0)
		return rc;

	if (flags & O_PATH) {
		if (!r->exists)
			return ENOENT;
		if ((flags & O_DIRECTORY) && !S_ISDIR(r->st.st_mode))
			return ENOTDIR;
		rc = gofer_policy(c, r, SR_POLICY_READ);
		if (rc == 0)
			c->result->continue_syscall = true;
		return rc;
	}
	if (creat && r->last_kind == SR_RESOLVE_LAST_NAME && r->trailing_slash) {
		rc = gofer_policy(c, r, SR_POLICY_CREATE);
		return rc == ENOENT ? ENOENT : gofer_open_dir_name(r, flags);
	}
	/* lookup_open: the name's lookup, before a read-only place's
	 * error. */
	if (r->name_too_long) {
		rc = gofer_policy(c, r, SR_POLICY_CREATE);
		return rc == ENOENT ? ENOENT : ENAMETOOLONG;
	}
	if (r->exists) {
		rc = gofer_policy(c, r, tmpfile ? SR_POLICY_CREATE : writes ? SR_POLICY_WRITE : SR_POLICY_READ);
		if (rc == ENOENT)
			return ENOENT;
		if (excl && !tmpfile)
			return EEXIST;
		if (rc == EROFS && !tmpfile)
			rc = gofer_open_read_only(r, flags);
		if (rc != 0)
			return rc;
		/* do_open's order: a directory asked for (O_DIRECTORY, which
		 * O_TMPFILE holds), then may_open's ELOOP. */
		if (S_ISLNK(r->st.st_mode))
			return (flags & O_DIRECTORY) ? ENOTDIR : ELOOP;
		/* A FIFO's open waits for the other end: here it would hold a
		 * Gofer thread and a Sentry worker, out of reach of the
		 * program's signals.  The kernel opens it for the program. */
		if (S_ISFIFO(r->st.st_mode) && !(flags & O_DIRECTORY)) {
			c->result->continue_syscall = true;
			return 0;
		}
		/* A terminal is the caller's business: /dev/tty means the
		 * caller's controlling terminal (the Gofer has none), and an
		 * open without O_NOCTTY may make a pty the caller's. */
		if (S_ISCHR(r->st.st_mode) && gofer_is_terminal(r->st.st_rdev)) {
			c->result->continue_syscall = true;
			return 0;
		}
	} else {
		if (!creat || tmpfile)
			return ENOENT;
		rc = gofer_policy(c, r, SR_POLICY_CREATE);
		if (rc != 0)
			return rc;
	}
	/* 64 opens waiting here would be every call of the sandbox.  Where
	 * an O_CREAT found no name, a FIFO may be there by now: the open
	 * then finds it, as one of what was looked at would. */
	bool nonblock = r->exists ? gofer_open_adds_nonblock(r->st.st_mode, flags) : !(flags & O_NONBLOCK);
	/* Never following: the resolver followed what was to be followed,
	 * and nothing swapped in since may be.  O_NOCTTY: a terminal never
	 * becomes the Gofer's. */
	if (creat || tmpfile)
		gofer_take_umask(c);
	sr_cleanup_close int fd = sr_resolve_open_last(r->parent_fd, r->last,
						       (int)(flags | O_NOCTTY | O_CLOEXEC |
							     (nonblock ? O_NONBLOCK : 0)),
						       (mode_t)req->mode);
	if (fd < 0)
		return errno;
	/* A FIFO put in the place of what was looked at opened at once with
	 * the O_NONBLOCK added here, where the program's open would wait for
	 * a writer: the kernel opens it for the program, as any FIFO. */
	struct stat opened;
	if (nonblock && fstat(fd, &opened) == 0 && S_ISFIFO(opened.st_mode)) {
		c->result->continue_syscall = true;
		return 0;
	}
	/* F_SETFL sets only the status flags (O_APPEND, O_DIRECT, ...), and
	 * those the open kept are the request's: no F_GETFL needed. */
	if (nonblock && fcntl(fd, F_SETFL, (int)flags) < 0)
		return errno;
	c->result->fd = fd;
	fd = -1;
	return 0;
}

static int gofer_stat(struct gofer_call *c)
{
	sr_cleanup_resolved struct sr_resolved r = SR_RESOLVED_NONE;
	int rc = gofer_existing(c, gofer_follow_unless(c->req->flags & AT_SYMLINK_NOFOLLOW),
				SR_POLICY_READ, &r);

	if (rc != 0)
		return rc;
	return gofer_set_result(c, SR_PROTO_RESULT_STAT, &r.st, sizeof(r.st));
}

static int gofer_statx(struct gofer_call *c)
{
	sr_cleanup_resolved struct sr_resolved r = SR_RESOLVED_NONE;
	struct statx stx;
	int rc = gofer_existing(c, gofer_follow_unless(c->req->flags & AT_SYMLINK_NOFOLLOW),
				SR_POLICY_READ, &r);

	if (rc != 0)
		return rc;
	memset(&stx, 0, sizeof(stx));
	if (statx(r.fd, "", AT_EMPTY_PATH | (int)(c->req->flags & (AT_STATX_SYNC_TYPE | AT_NO_AUTOMOUNT)),
		  c->req->statx_mask, &stx) < 0)
		return errno;
	return gofer_set_result(c, SR_PROTO_RESULT_STATX, &stx, sizeof(stx));
}

static int gofer_access(struct gofer_call *c)
{
	uint32_t mode = c->req->mode;
	sr_cleanup_resolved struct sr_resolved r = SR_RESOLVED_NONE;
	int rc = gofer_existing(c, gofer_follow_unless(c->req->flags & AT_SYMLINK_NOFOLLOW),
				SR_POLICY_READ, &r);

	if (rc != 0)
		return rc;
	/* access(X_OK) of a regular file on a noexec mount is EACCES. */
	if ((mode & X_OK) && S_ISREG(r.st.st_mode) && (rc = gofer_policy(c, &r, SR_POLICY_EXEC)) != 0)
		return rc;
	if (syscall(SYS_faccessat2, r.fd, "", (int)mode,
		    AT_EMPTY_PATH | (int)(c->req->flags & AT_EACCESS)) < 0)
		return errno;
	/* A read-only place, as the kernel's do_faccessat says: after the
	 * permission, and never for a special file. */
	if ((mode & W_OK) && !gofer_is_special(r.st.st_mode))
		return gofer_policy(c, &r, SR_POLICY_WRITE);
	return 0;
}

static int gofer_readlink(struct gofer_call *c)
{
	sr_cleanup_resolved struct sr_resolved r = SR_RESOLVED_NONE;
	char target[SR_PROTO_RESULT_MAX];
	ssize_t n;
	int rc = gofer_existing(c, 0, SR_POLICY_READ, &r);

	if (rc != 0)
		return rc;
	if (!S_ISLNK(r.st.st_mode))
		return EINVAL;
	if (r.proc_link[0] != '\0') {
		n = (ssize_t)strlen(r.proc_link);
		memcpy(target, r.proc_link, (size_t)n);
	} else {
		n = readlinkat(r.fd, "", target, sizeof(target));
		if (n < 0)
			return errno;
		/* PATH_MAX - 1 is the longest target a symlink can hold. */
		if ((size_t)n >= sizeof(target) || n == 0)
			return EIO;
	}
	c->result->value = n;
	return gofer_set_result(c, SR_PROTO_RESULT_LINK_TARGET, target, (size_t)n);
}

static int gofer_mkdir(struct gofer_call *c)
{
	sr_cleanup_resolved struct sr_resolved r = SR_RESOLVED_NONE;
	int rc = gofer_resolve(c, 1, SR_RESOLVE_PARENT, &r);

	if (rc != 0 || (rc = gofer_may_create(c, &r, true)) != 0)
		return rc;
	gofer_take_umask(c);
	return mkdirat(r.parent_fd, r.last, (mode_t)c->req->mode) < 0 ? errno : 0;
}

static int gofer_mknod(struct gofer_call *c)
{
	mode_t mode = (mode_t)c->req->mode;
	sr_cleanup_resolved struct sr_resolved r = SR_RESOLVED_NONE;
	int rc = gofer_resolve(c, 1, SR_RESOLVE_PARENT, &r);

	if (rc != 0 || (rc = gofer_may_create(c, &r, false)) != 0)
		return rc;
	/* Devices are the mount view's business (nodev): never made here. */
	if (S_ISCHR(mode) || S_ISBLK(mode))
		return EPERM;
	gofer_take_umask(c);
	return mknodat(r.parent_fd, r.last, mode, 0) < 0 ? errno : 0;
}

/* unlink and rmdir: the kernel's do_unlinkat and do_rmdir, in order. */
static int gofer_unlink(struct gofer_call *c)
{
	bool rmdir = (c->req->flags & AT_REMOVEDIR) != 0;
	sr_cleanup_resolved struct sr_resolved r = SR_RESOLVED_NONE;
	int rc = gofer_resolve(c, 1, SR_RESOLVE_PARENT, &r);

	if (rc != 0)
		return rc;
	rc = gofer_policy(c, &r, SR_POLICY_WRITE);
	if (rc == ENOENT)
		return ENOENT;
	switch (r.last_kind) {
	case SR_RESOLVE_LAST_NAME:
		break;
	case SR_RESOLVE_LAST_DOT:
		return rmdir ? EINVAL : EISDIR;
	case SR_RESOLVE_LAST_DOTDOT:
		return rmdir ? ENOTEMPTY : EISDIR;
	case SR_RESOLVE_LAST_ROOT:
	case SR_RESOLVE_LAST_EMPTY:
		return rmdir ? EBUSY : EISDIR;
	}
	if (rc != 0)
		return rc;
	if (r.name_too_long)
		return ENAMETOOLONG;
	if (r.fd < 0)
		return ENOENT;
	if (!rmdir && r.trailing_slash)
		return S_ISDIR(r.st.st_mode) ? EISDIR : ENOTDIR;
	return unlinkat(r.parent_fd, r.last, rmdir ? AT_REMOVEDIR : 0) < 0 ? errno : 0;
}

/* EXDEV when the two parents lie on different mounts, else 0.  Only
 * for two names: the resolver's parent of "." or ".." is not the
 * directory the kernel means, and those are EBUSY on any mount. */
static int gofer_rename_crosses_mount(const struct sr_resolved *from, const struct sr_resolved *to)
{
	struct stat from_st, to_st;

	if (from->last_kind != SR_RESOLVE_LAST_NAME || to->last_kind != SR_RESOLVE_LAST_NAME ||
	    from->parent_fd < 0 || to->parent_fd < 0 || fstat(from->parent_fd, &from_st) < 0 ||
	    fstat(to->parent_fd, &to_st) < 0)
		return 0;
	return sr_resolve_crosses_mount(from->parent_fd, &from_st, to->parent_fd, &to_st) ? EXDEV : 0;
}

static int gofer_rename(struct gofer_call *c)
{
	uint32_t flags = c->req->flags;
	sr_cleanup_resolved struct sr_resolved from = SR_RESOLVED_NONE;
	sr_cleanup_resolved struct sr_resolved to = SR_RESOLVED_NONE;
	int rc, rc_to;

	if ((rc = gofer_resolve(c, 1, SR_RESOLVE_PARENT, &from)) != 0 ||
	    (rc = gofer_resolve(c, 2, SR_RESOLVE_PARENT, &to)) != 0)
		return rc;
	rc = gofer_policy(c, &from, SR_POLICY_WRITE);
	rc_to = gofer_policy(c, &to, SR_POLICY_CREATE);
	if (rc == ENOENT || rc_to == ENOENT)
		return ENOENT;
	/* The kernel's do_renameat2 compares the parents' mounts first:
	 * EXDEV, before the names or a read-only mount are looked at (mv
	 * then copies). */
	int rc_xdev = gofer_rename_crosses_mount(&from, &to);
	if (rc_xdev != 0)
		return rc_xdev;
	if (from.last_kind != SR_RESOLVE_LAST_NAME)
		return EBUSY;
	if (to.last_kind != SR_RESOLVE_LAST_NAME)
		return (flags & RENAME_NOREPLACE) ? EEXIST : EBUSY;
	if (rc != 0 || (rc = rc_to) != 0)
		return rc;
	/* Then the names are looked up: the source's, then the target's. */
	if (from.name_too_long)
		return ENAMETOOLONG;
	if (from.fd < 0)
		return ENOENT;
	if (to.name_too_long)
		return ENAMETOOLONG;
	if ((flags & RENAME_NOREPLACE) && to.fd >= 0)
		return EEXIST;
	if (flags & RENAME_EXCHANGE) {
		if (to.fd < 0)
			return ENOENT;
		if (to.trailing_slash && !S_ISDIR(to.st.st_mode))
			return ENOTDIR;
	}
	/* Unless the source is a directory, a slash after either name is
	 * ENOTDIR, after the target's only where it is replaced. */
	if (!S_ISDIR(from.st.st_mode) &&
	    (from.trailing_slash || (to.trailing_slash && !(flags & RENAME_EXCHANGE))))
		return ENOTDIR;
	/* A noexec mount stays at its path: EBUSY, as for the mount point
	 * (none lies below a path too deep to be held whole). */
	if ((S_ISDIR(from.st.st_mode) && from.deep == 0 && sr_policy_noexec_below(c->g->policy, from.path)) ||
	    ((flags & RENAME_EXCHANGE) && to.fd >= 0 && S_ISDIR(to.st.st_mode) && to.deep == 0 &&
	     sr_policy_noexec_below(c->g->policy, to.path)))
		return EBUSY;
	if (renameat2(from.parent_fd, from.last, to.parent_fd, to.last, flags) < 0)
		return errno;
	return 0;
}

static int gofer_link(struct gofer_call *c)
{
	sr_cleanup_resolved struct sr_resolved from = SR_RESOLVED_NONE;
	sr_cleanup_resolved struct sr_resolved to = SR_RESOLVED_NONE;
	int rc = gofer_existing(c, gofer_follow_unless(!(c->req->flags & AT_SYMLINK_FOLLOW)),
				SR_POLICY_READ, &from);

	if (rc != 0)
		return rc;
	if ((rc = gofer_resolve(c, 2, SR_RESOLVE_PARENT, &to)) != 0 ||
	    (rc = gofer_may_create(c, &to, false)) != 0)
		return rc;
	if (from.last_kind == SR_RESOLVE_LAST_EMPTY)
		rc = linkat(from.fd, "", to.parent_fd, to.last, AT_EMPTY_PATH);
	else
		rc = linkat(from.parent_fd, from.last, to.parent_fd, to.last, 0);
	return rc < 0 ? errno : 0;
}

static int gofer_symlink(struct gofer_call *c)
{
	sr_cleanup_resolved struct sr_resolved r = SR_RESOLVED_NONE;
	int rc = gofer_resolve(c, 1, SR_RESOLVE_PARENT, &r);

	if (rc != 0 || (rc = gofer_may_create(c, &r, false)) != 0)
		return rc;
	return symlinkat(c->req->path2, r.parent_fd, r.last) < 0 ? errno : 0;
}

static int gofer_chmod(struct gofer_call *c)
{
	mode_t mode = (mode_t)c->req->mode;
	sr_cleanup_resolved struct sr_resolved r = SR_RESOLVED_NONE;
	int rc = gofer_existing(c, gofer_follow_unless(c->req->flags & AT_SYMLINK_NOFOLLOW),
				SR_POLICY_WRITE, &r);

	if (rc != 0)
		return rc;
	/* What fchmodat2(AT_SYMLINK_NOFOLLOW) answers for a link. */
	if (S_ISLNK(r.st.st_mode))
		return EOPNOTSUPP;
	if (syscall(SYS_fchmodat2, r.fd, "", mode, AT_EMPTY_PATH) == 0)
		return 0;
	if (errno != ENOSYS)
		return errno;
	/* Before Linux 6.6: the name in its directory, now known not to be
	 * a link, or the program's own (not O_PATH) fd. */
	if (r.parent_fd >= 0)
		rc = fchmodat(r.parent_fd, r.last, mode, 0);
	else
		rc = fchmod(r.fd, mode);
	return rc < 0 ? errno : 0;
}

/* What the kernel answers a chown to another id of `fd` past the id
 * check that, in the sandbox's user namespace, comes first (chown_common,
 * EINVAL for an id it does not map).  An anonymous inode (eventfd,
 * epoll, signalfd, timerfd, inotify) and a pidfd refuse every change of
 * owner themselves (EOPNOTSUPP, on recent kernels), before the
 * permission check: a chown changing no id, which only touches the
 * ctime of a file nobody owns, asks theirs.  Anything else refuses
 * the program, which holds no CAP_CHOWN, with EPERM. */
static int gofer_chown_refusal(int fd)
{
	struct statfs sfs;

	if (fstatfs(fd, &sfs) < 0)
		return errno;
	if ((sfs.f_type == ANON_INODE_FS_MAGIC || sfs.f_type == PID_FS_MAGIC) &&
	    fchownat(fd, "", (uid_t)-1, (gid_t)-1, AT_EMPTY_PATH) < 0)
		return errno;
	return EPERM;
}

static int gofer_chown(struct gofer_call *c)
{
	sr_cleanup_resolved struct sr_resolved r = SR_RESOLVED_NONE;
	int rc = gofer_existing(c, gofer_follow_unless(c->req->flags & AT_SYMLINK_NOFOLLOW),
				SR_POLICY_WRITE, &r);

	if (rc != 0)
		return rc;
	if (fchownat(r.fd, "", (uid_t)c->req->uid, (gid_t)c->req->gid, AT_EMPTY_PATH) == 0)
		return 0;
	/* The flags are ours, so EINVAL is an id the sandbox's user
	 * namespace does not map.  Natively, without CAP_CHOWN (which the
	 * program never holds), the kernel refuses any other owner with
	 * EPERM, the answer fakeroot and cp -a expect and let pass. */
	return errno == EINVAL ? gofer_chown_refusal(r.fd) : errno;
}

static bool gofer_nsec_valid(int64_t nsec)
{
	return (nsec >= 0 && nsec <= 999999999) || nsec == UTIME_NOW || nsec == UTIME_OMIT;
}

static int gofer_utimens(struct gofer_call *c)
{
	const struct sr_proto_request *req = c->req;
	sr_cleanup_resolved struct sr_resolved r = SR_RESOLVED_NONE;
	struct timespec times[2];
	int rc = gofer_resolve(c, 1, gofer_follow_unless(req->flags & AT_SYMLINK_NOFOLLOW), &r);

	if (rc != 0)
		return rc;
	if (r.fd < 0)
		return ENOENT;
	/* vfs_utimes checks the times once the path is found, before
	 * whether they may be set; a hidden path is not found. */
	rc = gofer_policy(c, &r, SR_POLICY_WRITE);
	if (rc == ENOENT)
		return ENOENT;
	for (size_t i = 0; i < SR_ARRAY_SIZE(times); i++) {
		if (!gofer_nsec_valid(req->times[i].nsec))
			return EINVAL;
		times[i].tv_sec = (time_t)req->times[i].sec;
		times[i].tv_nsec = (long)req->times[i].nsec;
	}
	if (rc != 0)
		return rc;
	return utimensat(r.fd, "", times, AT_EMPTY_PATH) < 0 ? errno : 0;
}

static int gofer_truncate(struct gofer_call *c)
{
	sr_cleanup_resolved struct sr_resolved r = SR_RESOLVED_NONE;
	int rc = gofer_existing(c, SR_RESOLVE_FOLLOW_LAST, SR_POLICY_READ, &r);

	if (rc != 0)
		return rc;
	/* vfs_truncate's order: what the object is, then the mount. */
	if (S_ISDIR(r.st.st_mode))
		return EISDIR;
	if (!S_ISREG(r.st.st_mode))
		return EINVAL;
	if ((rc = gofer_policy(c, &r, SR_POLICY_WRITE)) != 0)
		return rc;
	/* O_NONBLOCK: a lease being broken is EWOULDBLOCK, which the Sentry
	 * waits out without this thread (gofer_open). */
	sr_cleanup_close int fd = openat(r.parent_fd, r.last,
					 O_WRONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return errno;
	/* inode_newsize_ok holds a growth to the caller's RLIMIT_FSIZE,
	 * which is not this process's. */
	if ((uint64_t)c->req->size > c->req->fsize_limit) {
		struct stat st;
		if (fstat(fd, &st) < 0)
			return errno;
		if (st.st_size < c->req->size)
			return EFBIG;
	}
	return ftruncate(fd, (off_t)c->req->size) < 0 ? errno : 0;
}

/* chdir: the Sentry continues it; the mount view bounds a racing swap. */
static int gofer_chdir_check(struct gofer_call *c)
{
	sr_cleanup_resolved struct sr_resolved r = SR_RESOLVED_NONE;
	int rc = gofer_existing(c, SR_RESOLVE_FOLLOW_LAST, SR_POLICY_READ, &r);

	if (rc != 0)
		return rc;
	if (!S_ISDIR(r.st.st_mode))
		return ENOTDIR;
	return syscall(SYS_faccessat2, r.fd, "", X_OK, AT_EMPTY_PATH | AT_EACCESS) < 0 ? errno : 0;
}

/* execve: the Sentry continues it; the mount view (noexec) bounds it. */
static int gofer_exec_check(struct gofer_call *c)
{
	sr_cleanup_resolved struct sr_resolved r = SR_RESOLVED_NONE;
	int rc = gofer_resolve(c, 1, gofer_follow_unless(c->req->flags & AT_SYMLINK_NOFOLLOW), &r);

	if (rc != 0)
		return rc;
	if (r.fd < 0)
		return ENOENT;
	rc = gofer_policy(c, &r, SR_POLICY_EXEC);
	if (rc != 0)
		return rc;
	if (S_ISLNK(r.st.st_mode))
		return ELOOP;
	if (!S_ISREG(r.st.st_mode))
		return EACCES;
	return syscall(SYS_faccessat2, r.fd, "", X_OK, AT_EMPTY_PATH | AT_EACCESS) < 0 ? errno : 0;
}

static int gofer_inotify_add_watch(struct gofer_call *c)
{
	uint32_t mask = c->req->flags;
	sr_cleanup_resolved struct sr_resolved r = SR_RESOLVED_NONE;
	int rc = gofer_existing(c, gofer_follow_unless(mask & IN_DONT_FOLLOW), SR_POLICY_READ, &r);

	if (rc != 0 || (rc = gofer_enter_parent(&r)) != 0)
		return rc;
	int wd = inotify_add_watch(c->fds->inotify, r.last, mask | IN_DONT_FOLLOW);
	rc = errno;
	gofer_leave_parent(c->g);
	if (wd < 0)
		return rc;
	c->result->value = wd;
	return 0;
}

/* The caller's buffer, bounded by what a reply carries. */
static size_t gofer_xattr_buffer(const struct sr_proto_request *req)
{
	return req->size > SR_PROTO_RESULT_MAX ? SR_PROTO_RESULT_MAX : (size_t)req->size;
}

/* A value larger than a reply, for a caller whose buffer would hold it. */
static int gofer_xattr_errno(const struct sr_proto_request *req, int e)
{
	return e == ERANGE && req->size > SR_PROTO_RESULT_MAX ? E2BIG : e;
}

static int gofer_getxattr(struct gofer_call *c)
{
	const struct sr_proto_request *req = c->req;
	sr_cleanup_resolved struct sr_resolved r = SR_RESOLVED_NONE;
	unsigned char value[SR_PROTO_RESULT_MAX];
	size_t size = gofer_xattr_buffer(req);
	int rc = gofer_existing(c, gofer_follow_unless(req->flags & AT_SYMLINK_NOFOLLOW),
				SR_POLICY_READ, &r);

	if (rc != 0 || (rc = gofer_enter_parent(&r)) != 0)
		return rc;
	ssize_t n = lgetxattr(r.last, req->xattr_name, size > 0 ? value : NULL, size);
	rc = errno;
	gofer_leave_parent(c->g);
	if (n < 0)
		return gofer_xattr_errno(req, rc);
	c->result->value = n;
	/* A size query (size 0) still answers with the result's kind. */
	return gofer_set_result(c, SR_PROTO_RESULT_XATTR_VALUE, value, size == 0 ? 0 : (size_t)n);
}

static int gofer_listxattr(struct gofer_call *c)
{
	const struct sr_proto_request *req = c->req;
	sr_cleanup_resolved struct sr_resolved r = SR_RESOLVED_NONE;
	char names[SR_PROTO_RESULT_MAX];
	size_t size = gofer_xattr_buffer(req);
	int rc = gofer_existing(c, gofer_follow_unless(req->flags & AT_SYMLINK_NOFOLLOW),
				SR_POLICY_READ, &r);

	if (rc != 0 || (rc = gofer_enter_parent(&r)) != 0)
		return rc;
	ssize_t n = llistxattr(r.last, size > 0 ? names : NULL, size);
	rc = errno;
	gofer_leave_parent(c->g);
	if (n < 0)
		return gofer_xattr_errno(req, rc);
	c->result->value = n;
	/* A size query (size 0) still answers with the result's kind. */
	return gofer_set_result(c, SR_PROTO_RESULT_XATTR_LIST, names, size == 0 ? 0 : (size_t)n);
}

static int gofer_setxattr(struct gofer_call *c)
{
	const struct sr_proto_request *req = c->req;
	sr_cleanup_resolved struct sr_resolved r = SR_RESOLVED_NONE;
	int rc = gofer_existing(c, gofer_follow_unless(req->flags & AT_SYMLINK_NOFOLLOW),
				SR_POLICY_WRITE, &r);

	if (rc != 0 || (rc = gofer_enter_parent(&r)) != 0)
		return rc;
	int set = lsetxattr(r.last, req->xattr_name, req->xattr_value, req->xattr_value_len,
			    (int)(req->flags & (XATTR_CREATE | XATTR_REPLACE)));
	rc = errno;
	gofer_leave_parent(c->g);
	return set < 0 ? rc : 0;
}

static int gofer_removexattr(struct gofer_call *c)
{
	const struct sr_proto_request *req = c->req;
	sr_cleanup_resolved struct sr_resolved r = SR_RESOLVED_NONE;
	int rc = gofer_existing(c, gofer_follow_unless(req->flags & AT_SYMLINK_NOFOLLOW),
				SR_POLICY_WRITE, &r);

	if (rc != 0 || (rc = gofer_enter_parent(&r)) != 0)
		return rc;
	int removed = lremovexattr(r.last, req->xattr_name);
	rc = errno;
	gofer_leave_parent(c->g);
	return removed < 0 ? rc : 0;
}

static int gofer_statfs(struct gofer_call *c)
{
	sr_cleanup_resolved struct sr_resolved r = SR_RESOLVED_NONE;
	struct statfs sfs;
	int rc = gofer_existing(c, SR_RESOLVE_FOLLOW_LAST, SR_POLICY_READ, &r);

	if (rc != 0)
		return rc;
	if (fstatfs(r.fd, &sfs) < 0)
		return errno;
	return gofer_set_result(c, SR_PROTO_RESULT_STATFS, &sfs, sizeof(sfs));
}

/* Every operation of the permission table (proto.c) has its server. */
static int (*const gofer_servers[SR_PROTO_OP_COUNT])(struct gofer_call *) = {
	[SR_PROTO_OP_OPEN] = gofer_open,
	[SR_PROTO_OP_STAT] = gofer_stat,
	[SR_PROTO_OP_STATX] = gofer_statx,
	[SR_PROTO_OP_ACCESS] = gofer_access,
	[SR_PROTO_OP_READLINK] = gofer_readlink,
	[SR_PROTO_OP_MKDIR] = gofer_mkdir,
	[SR_PROTO_OP_MKNOD] = gofer_mknod,
	[SR_PROTO_OP_UNLINK] = gofer_unlink,
	[SR_PROTO_OP_RENAME] = gofer_rename,
	[SR_PROTO_OP_LINK] = gofer_link,
	[SR_PROTO_OP_SYMLINK] = gofer_symlink,
	[SR_PROTO_OP_CHMOD] = gofer_chmod,
	[SR_PROTO_OP_CHOWN] = gofer_chown,
	[SR_PROTO_OP_UTIMENS] = gofer_utimens,
	[SR_PROTO_OP_TRUNCATE] = gofer_truncate,
	[SR_PROTO_OP_CHDIR_CHECK] = gofer_chdir_check,
	[SR_PROTO_OP_EXEC_CHECK] = gofer_exec_check,
	[SR_PROTO_OP_INOTIFY_ADD_WATCH] = gofer_inotify_add_watch,
	[SR_PROTO_OP_GETXATTR] = gofer_getxattr,
	[SR_PROTO_OP_SETXATTR] = gofer_setxattr,
	[SR_PROTO_OP_LISTXATTR] = gofer_listxattr,
	[SR_PROTO_OP_REMOVEXATTR] = gofer_removexattr,
	[SR_PROTO_OP_STATFS] = gofer_statfs,
};

/* --- the loop ------------------------------------------------------------- */

static void gofer_close_request_fds(struct sr_proto_request_fds *fds)
{
	int *all[] = { &fds->dir, &fds->dir2, &fds->inotify };

	for (size_t i = 0; i < SR_ARRAY_SIZE(all); i++)
		if (*all[i] >= 0) {
			close(*all[i]);
			*all[i] = -1;
		}
}

/* A refused record is answered EPROTO when its header says whom to
 * answer; otherwise only logged (the Sentry never sends such a record). */
static int gofer_refuse(int sock, const struct sr_proto_request *req, struct sr_error *err)
{
	struct sr_proto_reply reply;

	if (req->magic != SR_PROTO_MAGIC || req->version != SR_PROTO_VERSION ||
	    sr_proto_op_rule(req->op) == NULL)
		return 1;
	sr_proto_reply_init(&reply, req, EPROTO);
	return sr_proto_send_reply(sock, &reply, -1, err) < 0 ? -1 : 1;
}

/* How long the Sentry may give this answer again (proto.h, cache_ms):
 * a lookup of an absolute path that no program of the sandbox can
 * change: the object and every link followed to it lie where neither
 * they nor a directory above them is writable in the view.  A plain
 * path that failed on the way met no link: its own text says where. */
static uint32_t gofer_cache_ms(const struct gofer_call *c, int errnum)
{
	const struct sr_proto_request *req = c->req;

	if (!sr_proto_op_rule(req->op)->may_cache || req->path[0] != '/' || req->fds != 0 ||
	    errnum == SR_PROTO_NEED_TASK_IDS || c->result->fd >= 0 || c->result->continue_syscall ||
	    c->linked)
		return 0;
	if (req->op == SR_PROTO_OP_OPEN && (errnum == 0 || (req->flags & SR_PROTO_OPEN_CREATES)))
		return 0;
	/* What the tree says, not a passing want of memory or fds. */
	if (errnum != 0 && errnum != ENOENT && errnum != ENOTDIR && errnum != EACCES &&
	    errnum != ELOOP && errnum != ENAMETOOLONG && errnum != EINVAL)
		return 0;
	if (c->stable || (c->plain && gofer_fixed(c->g, req->path)))
		return SR_GOFER_CACHE_MS;
	return 0;
}

int sr_gofer_serve_one(struct sr_gofer *g, int sock, unsigned spin_us, struct sr_error *err)
{
	struct sr_proto_request req;
	struct sr_proto_request_fds fds;
	struct sr_proto_reply reply;
	struct gofer_result result = { .fd = -1 };
	struct gofer_call call = { .g = g, .req = &req, .fds = &fds, .result = &result,
				   .open_resolved = SR_RESOLVED_NONE };
	struct sr_error refusal = { 0 };
	char opbuf[16];
	int errnum, rc;

	rc = sr_proto_recv_request(sock, spin_us, &req, &fds, &refusal);
	if (rc == 0)
		return 0;
	if (rc < 0) {
		if (refusal.errnum != EPROTO) {
			*err = refusal;
			return -1;
		}
		sr_warn("gofer: refused a request: %s", refusal.msg);
		return gofer_refuse(sock, &req, err);
	}

	errnum = gofer_servers[req.op] != NULL ? gofer_servers[req.op](&call) : EPROTO;
	if (errnum == SR_RESOLVE_NEED_TASK_IDS)
		errnum = SR_PROTO_NEED_TASK_IDS;
	sr_debug("gofer: %s \"%s\" for pid %d: %s", sr_proto_op_name(req.op, opbuf, sizeof(opbuf)),
		 req.path, (int)req.pid, errnum == 0 ? "ok" : errnum == SR_PROTO_NEED_TASK_IDS ? "needs the task's ids" : strerror(errnum));

	sr_proto_reply_init(&reply, &req, errnum);
	reply.cache_ms = gofer_cache_ms(&call, errnum);
	if (errnum == 0 && result.continue_syscall) {
		reply.value = SR_PROTO_CONTINUE;
	} else if (errnum == 0) {
		reply.has_fd = result.fd >= 0;
		reply.value = result.value;
		if (result.kind != SR_PROTO_RESULT_NONE &&
		    sr_proto_reply_set_result(&reply, result.kind, &result.data, result.len, &refusal) < 0)
			sr_proto_reply_init(&reply, &req, EIO);
	}
	/* A reply this file got wrong is a bug here: the program sees EIO. */
	if (sr_proto_check_reply(&reply, &refusal) < 0) {
		sr_warn("gofer: %s: %s", sr_proto_op_name(req.op, opbuf, sizeof(opbuf)), refusal.msg);
		sr_proto_reply_init(&reply, &req, EIO);
	}
	int fd = reply.has_fd ? result.fd : -1;
	rc = sr_proto_send_reply(sock, &reply, fd, err);
	/* The Sentry goes on with the reply while these close. */
	if (result.fd >= 0)
		close(result.fd);
	gofer_close_request_fds(&fds);
	sr_resolved_release(&call.open_resolved);
	return rc < 0 ? -1 : 1;
}

int sr_gofer_serve(struct sr_gofer *g, int sock)
{
	struct sr_error err = { 0 };
	bool in_burst = true;
	uint64_t served_ns = 0;

	for (;;) {
		/* The next request of a burst (a compiler's headers, a tar
		 * archive) comes within µs: waiting awake for it spares the
		 * Sentry the wake-up of this thread on an idle vCPU.  Outside
		 * a burst (the last request came long after the one before,
		 * a slow wake-up included), awake would only take a CPU from
		 * the program. */
		int rc = sr_gofer_serve_one(g, sock, in_burst ? SR_GOFER_SPIN_US : 0, &err);
		uint64_t now = sr_monotonic_ns();
		in_burst = now - served_ns <= SR_GOFER_BURST_GAP_US * 1000;
		served_ns = now;
		if (rc == 0)
			return 0;
		if (rc < 0) {
			sr_warn("gofer: %s", err.msg);
			return -1;
		}
	}
}
