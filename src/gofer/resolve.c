
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/openat2.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "gofer/resolve.h"

/* Every step of a walk: no follow, no access beyond naming, no leak. */
#define RESOLVE_STEP_FLAGS (O_PATH | O_NOFOLLOW | O_CLOEXEC)

static bool same_inode(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

static int fd_dup(int fd)
{
	return fcntl(fd, F_DUPFD_CLOEXEC, 0);
}

/* --- the directory path cache ------------------------------------------ */

void sr_dir_cache_note(struct sr_dir_cache *cache, const struct stat *st, const char *path)
{
	struct sr_dir_cache_entry *slot = NULL;
	char *copy;

	if (cache == NULL)
		return;
	for (size_t i = 0; i < SR_RESOLVE_DIR_CACHE_SIZE; i++) {
		struct sr_dir_cache_entry *e = &cache->entries[i];
		if (e->path != NULL && e->dev == st->st_dev && e->ino == st->st_ino) {
			if (strcmp(e->path, path) == 0)
				return;
			slot = e;
			break;
		}
	}
	if (slot == NULL) {
		slot = &cache->entries[cache->next];
		cache->next = (cache->next + 1) % SR_RESOLVE_DIR_CACHE_SIZE;
	}
	/* Out of memory only costs a later walk up: the cache is a hint. */
	copy = strdup(path);
	if (copy == NULL)
		return;
	free(slot->path);
	slot->path = copy;
	slot->dev = st->st_dev;
	slot->ino = st->st_ino;
}

void sr_dir_cache_free(struct sr_dir_cache *cache)
{
	for (size_t i = 0; i < SR_RESOLVE_DIR_CACHE_SIZE; i++)
		free(cache->entries[i].path);
	memset(cache, 0, sizeof(*cache));
}

static struct sr_dir_cache_entry *dir_cache_find(struct sr_dir_cache *cache, const struct stat *st)
{
	if (cache == NULL)
		return NULL;
	for (size_t i = 0; i < SR_RESOLVE_DIR_CACHE_SIZE; i++) {
		struct sr_dir_cache_entry *e = &cache->entries[i];
		if (e->path != NULL && e->dev == st->st_dev && e->ino == st->st_ino)
			return e;
	}
	return NULL;
}

/* Cleared when the kernel has no openat2 (before 5.6). */
static atomic_bool resolve_have_openat2 = true;

/* openat2(start, path, how): -1 with errno, ENOSYS (remembered) on old
 * kernels. */
static int resolve_openat2(int start, const char *path, const struct open_how *how)
{
	if (!atomic_load(&resolve_have_openat2)) {
		errno = ENOSYS;
		return -1;
	}
	int fd = (int)syscall(SYS_openat2, start, path, how, sizeof(*how));
	if (fd < 0 && errno == ENOSYS)
		atomic_store(&resolve_have_openat2, false);
	return fd;
}

/* openat2 of `path` from `start`, as the walk would reach it without
 * following a link: -1 with errno, ENOSYS on old kernels. */
static int open_plain(int start, const char *path, uint64_t flags)
{
	struct open_how how = {
		.flags = flags | O_PATH | O_CLOEXEC,
		.resolve = RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS | RESOLVE_IN_ROOT,
	};

	return resolve_openat2(start, path, &how);
}

/* The flags open(2) knows: openat2 refuses any other bit, which openat
 * ignores. */
#define OPEN_KNOWN_FLAGS (O_ACCMODE | O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_APPEND | O_NONBLOCK | \
			  O_DSYNC | O_ASYNC | O_DIRECT | O_LARGEFILE | O_DIRECTORY | O_NOFOLLOW | \
			  O_NOATIME | O_CLOEXEC | O_SYNC | O_PATH | O_TMPFILE)

int sr_resolve_open_last(int parent, const char *name, int flags, mode_t mode)
{
	/* O_NOFOLLOW would stay in the file's flags (F_GETFL) where the
	 * program did not ask for it: RESOLVE_NO_SYMLINKS refuses a link
	 * in its place just as well and leaves the flags the program's. */
	if ((flags & ~OPEN_KNOWN_FLAGS) == 0) {
		bool makes = (flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE;
		struct open_how how = {
			.flags = (uint64_t)(unsigned)flags,
			.mode = makes ? (uint64_t)(mode & 07777) : 0,
			.resolve = RESOLVE_NO_SYMLINKS | RESOLVE_BENEATH,
		};
		int fd = resolve_openat2(parent, name, &how);
		if (fd >= 0 || errno != ENOSYS)
			return fd;
	}
	return openat(parent, name, flags | O_NOFOLLOW, mode);
}

/* Whether the canonical `path` still leads from the root to `want`,
 * through directories only and without following anything. */
static bool dir_path_still_leads_to(int root_fd, const char *path, const struct stat *want)
{
	sr_cleanup_close int cur = open_plain(root_fd, path, O_DIRECTORY);
	const char *p = path;
	struct stat st;

	if (cur >= 0 || errno != ENOSYS)
		return cur >= 0 && fstat(cur, &st) == 0 && same_inode(&st, want);
	cur = fd_dup(root_fd);
	if (cur < 0)
		return false;
	for (;;) {
		char name[NAME_MAX + 1];
		size_t len;

		while (*p == '/')
			p++;
		if (*p == '\0')
			break;
		len = strcspn(p, "/");
		if (len > NAME_MAX)
			return false;
		memcpy(name, p, len);
		name[len] = '\0';
		p += len;
		int next = openat(cur, name, RESOLVE_STEP_FLAGS | O_DIRECTORY);
		if (next < 0)
			return false;
		close(cur);
		cur = next;
	}
	return fstat(cur, &st) == 0 && same_inode(&st, want);
}

/* The name under which `child` appears in directory `parent`.  d_ino
 * finds it in one pass on one file system; a mount point shows the
 * covered directory's inode in readdir, so a child on another device, or
 * a file system whose d_ino differs from st_ino, is found by stat. */
static int dir_find_name(int parent, const struct stat *pst, const struct stat *child,
			 char name[NAME_MAX + 1])
{
	bool by_ino = pst->st_dev == child->st_dev;
	int list_fd = openat(parent, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *dir;
	int rc = ENOENT;

	if (list_fd < 0)
		return errno;
	dir = fdopendir(list_fd);
	if (dir == NULL) {
		rc = errno;
		close(list_fd);
		return rc;
	}
	for (int pass = by_ino ? 0 : 1; pass < 2 && rc == ENOENT; pass++) {
		struct dirent *d;

		rewinddir(dir);
		while ((d = readdir(dir)) != NULL) {
			struct stat st;

			if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0)
				continue;
			if (pass == 0 && d->d_ino != child->st_ino)
				continue;
			if (d->d_type != DT_DIR && d->d_type != DT_UNKNOWN)
				continue;
			if (fstatat(parent, d->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
			    same_inode(&st, child)) {
				sr_strlcpy(name, d->d_name, NAME_MAX + 1);
				rc = 0;
				break;
			}
		}
	}
	closedir(dir);
	return rc;
}

static int walk_push(char *path, const char *name)
{
	size_t len = strlen(path);
	size_t nlen = strlen(name);
	bool at_root = len == 1;

	if (len + !at_root + nlen + 1 > PATH_MAX)
		return ENAMETOOLONG;
	if (!at_root)
		path[len++] = '/';
	memcpy(path + len, name, nlen + 1);
	return 0;
}

static void walk_pop(char *path)
{
	char *slash = strrchr(path, '/');

	if (slash == path)
		path[1] = '\0';
	else if (slash != NULL)
		*slash = '\0';
}

/* walk_push and walk_pop for a path that may not hold the whole of a
 * deep tree (resolve.h): a name that does not fit, and every name below
 * one that did not, is only counted, so that `path` stays the ancestor
 * whose path fits. */
static void walk_push_deep(char *path, unsigned *deep, const char *name)
{
	if (*deep > 0 || walk_push(path, name) != 0)
		(*deep)++;
}

static void walk_pop_deep(char *path, unsigned *deep)
{
	if (*deep > 0)
		(*deep)--;
	else
		walk_pop(path);
}

/* The names gathered climbing from a directory, the lowest first: each
 * ends with a NUL. */
struct dir_names {
	char *text;
	size_t len, size;
};

static int dir_names_add(struct dir_names *names, const char *name)
{
	size_t len = strlen(name) + 1;

	if (names->len + len > names->size) {
		size_t size = names->size * 2 + PATH_MAX;
		char *text = realloc(names->text, size);
		if (text == NULL)
			return ENOMEM;
		names->text = text;
		names->size = size;
	}
	memcpy(names->text + names->len, name, len);
	names->len += len;
	return 0;
}

/* The path the gathered names make from the root down, and how deep
 * below it the rest lies. */
static void dir_names_path(const struct dir_names *names, char out[PATH_MAX], unsigned *deep)
{
	size_t end = names->len;

	sr_strlcpy(out, "/", PATH_MAX);
	*deep = 0;
	while (end > 0) {
		size_t start = end - 1;
		while (start > 0 && names->text[start - 1] != '\0')
			start--;
		walk_push_deep(out, deep, names->text + start);
		end = start;
	}
}

/* Climb from `fd` to the root, naming each step. */
static int dir_walk_up(const struct stat *root_st, int fd, const struct stat *st, char out[PATH_MAX],
		       unsigned *deep)
{
	struct dir_names names = { 0 };
	sr_cleanup_close int cur = fd_dup(fd);
	struct stat cst = *st;
	int rc = ENAMETOOLONG;

	if (cur < 0)
		return errno;
	for (size_t depth = 0; depth < SR_RESOLVE_DEPTH_MAX; depth++) {
		char name[NAME_MAX + 1];
		struct stat pst;

		if (same_inode(&cst, root_st)) {
			dir_names_path(&names, out, deep);
			rc = 0;
			break;
		}
		int parent = openat(cur, "..", O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (parent < 0) {
			rc = errno;
			break;
		}
		close(cur);
		cur = parent;
		if (fstat(cur, &pst) < 0) {
			rc = errno;
			break;
		}
		/* The host's own root, its ".." itself: fd is not under our root. */
		if (same_inode(&pst, &cst)) {
			rc = ENOENT;
			break;
		}
		rc = dir_find_name(cur, &pst, &cst, name);
		/* A directory removed while it was some process's cwd (or an
		 * open dirfd) has no name in its parent, which ".." still
		 * reaches; the kernel serves "." and ".." there and finds
		 * nothing else.  A name of our own lets the walk go on from
		 * it (resolve.h). */
		if (rc == ENOENT && cst.st_nlink == 0)
			rc = sr_strlcpy(name, SR_RESOLVE_REMOVED_NAME, sizeof(name)) ? 0 : ENAMETOOLONG;
		if (rc == 0)
			rc = dir_names_add(&names, name);
		if (rc != 0)
			break;
		rc = ENAMETOOLONG;
		cst = pst;
	}
	free(names.text);
	return rc;
}

int sr_resolve_dir_path(const struct sr_resolve_ctx *ctx, int fd, char out[PATH_MAX], unsigned *deep)
{
	struct stat st, root_st;
	struct sr_dir_cache_entry *hit;
	int rc;

	*deep = 0;
	if (fstat(fd, &st) < 0 || fstat(ctx->root_fd, &root_st) < 0)
		return errno;
	if (!S_ISDIR(st.st_mode))
		return ENOTDIR;
	if (same_inode(&st, &root_st))
		return sr_strlcpy(out, "/", PATH_MAX) ? 0 : ENAMETOOLONG;
	hit = dir_cache_find(ctx->cache, &st);
	if (hit != NULL) {
		if (dir_path_still_leads_to(ctx->root_fd, hit->path, &st))
			return sr_strlcpy(out, hit->path, PATH_MAX) ? 0 : ENAMETOOLONG;
		free(hit->path);
		hit->path = NULL;
	}
	rc = dir_walk_up(&root_st, fd, &st, out, deep);
	/* The cache holds whole paths only. */
	if (rc == 0 && *deep == 0)
		sr_dir_cache_note(ctx->cache, &st, out);
	return rc;
}

/* --- the walk ------------------------------------------------------------ */

/* The kernel compares mounts, not devices: two binds of one file system
 * (a read-only directory inside a read-write one) share st_dev, so the
 * mount id (statx, Linux 5.8) decides, and st_dev only where the kernel
 * does not give one. */
bool sr_resolve_crosses_mount(int from, const struct stat *from_st, int to, const struct stat *to_st)
{
	struct statx a, b;

	if (statx(from, "", AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW, STATX_MNT_ID, &a) == 0 &&
	    statx(to, "", AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW, STATX_MNT_ID, &b) == 0 &&
	    (a.stx_mask & b.stx_mask & STATX_MNT_ID))
		return a.stx_mnt_id != b.stx_mnt_id;
	return from_st->st_dev != to_st->st_dev;
}

struct resolve_walk {
	const struct sr_resolve_ctx *ctx;
	unsigned flags;
	int scope_fd;              /* borrowed: where "/" and ".." stop */
	struct stat scope_st;
	char scope_path[PATH_MAX];
	int cur;                   /* owned: the directory reached so far */
	struct stat cur_st;
	char path[PATH_MAX];       /* cur's path in the sandbox */
	unsigned deep;             /* names below `path` that did not fit (resolve.h) */
	unsigned scope_deep;
	unsigned links;
	bool unstable;             /* a link followed lies where things change */
};

static bool ctx_fixed(const struct sr_resolve_ctx *ctx, const char *path)
{
	return ctx->fixed != NULL && path[0] == '/' && ctx->fixed(ctx->fixed_arg, path);
}

static int walk_set_cur(struct resolve_walk *w, int fd)
{
	struct stat st;

	if (fstat(fd, &st) < 0) {
		int rc = errno;
		close(fd);
		return rc;
	}
	if (w->cur >= 0)
		close(w->cur);
	w->cur = fd;
	w->cur_st = st;
	return 0;
}

/* `jump`: the root is reached by an absolute link, not by the path's
 * own leading slash, which RESOLVE_NO_XDEV lets start anywhere. */
static int walk_to_scope_root(struct resolve_walk *w, bool jump)
{
	int fd;

	if (jump && (w->flags & SR_RESOLVE_NO_XDEV) &&
	    sr_resolve_crosses_mount(w->cur, &w->cur_st, w->scope_fd, &w->scope_st))
		return EXDEV;
	fd = fd_dup(w->scope_fd);
	if (fd < 0)
		return errno;
	memcpy(w->path, w->scope_path, sizeof(w->path));
	w->deep = w->scope_deep;
	return walk_set_cur(w, fd);
}

static int walk_dotdot(struct resolve_walk *w)
{
	int fd;
	struct stat st;

	if (same_inode(&w->cur_st, &w->scope_st))
		return (w->flags & SR_RESOLVE_BENEATH) ? EXDEV : 0;
	fd = openat(w->cur, "..", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return errno;
	if ((w->flags & SR_RESOLVE_NO_XDEV) &&
	    (fstat(fd, &st) < 0 || sr_resolve_crosses_mount(w->cur, &w->cur_st, fd, &st))) {
		close(fd);
		return EXDEV;
	}
	int rc = walk_set_cur(w, fd);
	if (rc != 0)
		return rc;
	walk_pop_deep(w->path, &w->deep);
	return 0;
}

/* /proc/self and /proc/thread-self of the caller (see resolve.h). */
static bool walk_is_proc_self(const struct resolve_walk *w, const char *name)
{
	return w->ctx->proc_dir != NULL && w->deep == 0 && strcmp(w->path, w->ctx->proc_dir) == 0 &&
	       (strcmp(name, "self") == 0 || strcmp(name, "thread-self") == 0);
}

static int walk_proc_self_text(const struct resolve_walk *w, const char *name, char *buf,
			       size_t size)
{
	int n;

	if (w->ctx->nspid <= 0)
		return w->ctx->ask_task_ids ? SR_RESOLVE_NEED_TASK_IDS : ENOENT;
	if (strcmp(name, "self") == 0) {
		n = snprintf(buf, size, "%" PRId32, w->ctx->nspid);
	} else {
		if (w->ctx->nstid <= 0)
			return ENOENT;
		n = snprintf(buf, size, "%" PRId32 "/task/%" PRId32, w->ctx->nspid, w->ctx->nstid);
	}
	return n > 0 && (size_t)n < size ? 0 : ENAMETOOLONG;
}

/* A link below /proc/N/ (fd/M, cwd, root, exe, ns/...): the kernel's
 * magic links, for RESOLVE_NO_MAGICLINKS. */
static bool walk_in_proc_pid_dir(const struct resolve_walk *w)
{
	const char *proc = w->ctx->proc_dir;

	return proc != NULL && sr_path_is_under(w->path, proc) && strcmp(w->path, proc) != 0;
}

int sr_resolve_may_follow(const struct sr_link_rule *rule, const struct stat *dir, const struct stat *link,
			  uid_t fsuid)
{
	bool link_owner_known = link->st_uid != rule->unknown_uid;

	if (!rule->protect)
		return 0;
	if (link_owner_known && link->st_uid == fsuid)
		return 0;
	if ((dir->st_mode & (S_ISVTX | S_IWOTH)) != (S_ISVTX | S_IWOTH))
		return 0;
	if (link_owner_known && dir->st_uid == link->st_uid)
		return 0;
	return EACCES;
}

/* The rest of the path after a symlink: its target, then what followed
 * the link in the path being walked. */
static int walk_splice_link(struct resolve_walk *w, int link_fd, const char *name, const char *rest,
			    char **pending)
{
	char target[PATH_MAX];
	ssize_t n;
	char *next;
	size_t rest_len = strlen(rest);

	if ((w->flags & SR_RESOLVE_NO_SYMLINKS) ||
	    ((w->flags & SR_RESOLVE_NO_MAGICLINKS) && walk_in_proc_pid_dir(w)))
		return ELOOP;
	/* The kernel's nd_jump_link: a magic link leaves any scope. */
	if ((w->flags & (SR_RESOLVE_BENEATH | SR_RESOLVE_IN_ROOT)) && walk_in_proc_pid_dir(w))
		return EXDEV;
	if (++w->links > SR_RESOLVE_LINKS_MAX)
		return ELOOP;
	if (walk_is_proc_self(w, name)) {
		int rc = walk_proc_self_text(w, name, target, sizeof(target));
		if (rc != 0)
			return rc;
		n = (ssize_t)strlen(target);
	} else {
		n = readlinkat(link_fd, "", target, sizeof(target));
		if (n < 0)
			return errno;
		if ((size_t)n >= sizeof(target))
			return ENAMETOOLONG;
		target[n] = '\0';
	}
	if (n == 0)
		return ENOENT;
	next = malloc((size_t)n + rest_len + 1);
	if (next == NULL)
		return ENOMEM;
	memcpy(next, target, (size_t)n);
	memcpy(next + n, rest, rest_len + 1);
	free(*pending);
	*pending = next;
	return 0;
}

/* The object is the directory reached (".", "..", "/"). */
static int walk_end_at_dir(struct resolve_walk *w, enum sr_resolve_last kind, struct sr_resolved *out)
{
	out->parent_fd = fd_dup(w->cur);
	if (out->parent_fd < 0)
		return errno;
	out->fd = w->cur;
	w->cur = -1;
	out->st = w->cur_st;
	out->last_kind = kind;
	sr_strlcpy(out->last, ".", sizeof(out->last));
	memcpy(out->path, w->path, sizeof(out->path));
	out->deep = w->deep;
	return 0;
}

static int walk_end_at_name(struct resolve_walk *w, const char *name, int fd, const struct stat *st,
			    struct sr_resolved *out)
{
	memcpy(out->path, w->path, sizeof(out->path));
	out->deep = w->deep;
	walk_push_deep(out->path, &out->deep, name);
	out->parent_fd = w->cur;
	w->cur = -1;
	out->fd = fd;
	if (st != NULL)
		out->st = *st;
	out->last_kind = SR_RESOLVE_LAST_NAME;
	sr_strlcpy(out->last, name, sizeof(out->last));
	return 0;
}

static int walk(struct resolve_walk *w, char **pending, struct sr_resolved *out)
{
	size_t pos = 0;
	bool fresh = true;  /* at the start of the path or of a link's target */
	enum sr_resolve_last kind = SR_RESOLVE_LAST_ROOT;

	for (;;) {
		const char *p = *pending;
		char name[NAME_MAX + 1];
		struct stat st;
		size_t len, after;
		bool last, trailing;
		int rc;

		if (fresh && p[pos] == '/') {
			if (w->flags & SR_RESOLVE_BENEATH)
				return EXDEV;
			rc = walk_to_scope_root(w, w->links > 0);
			if (rc != 0)
				return rc;
			kind = SR_RESOLVE_LAST_ROOT;
		}
		fresh = false;
		while (p[pos] == '/')
			pos++;
		if (p[pos] == '\0')
			return walk_end_at_dir(w, kind, out);
		len = strcspn(p + pos, "/");
		bool too_long = len > NAME_MAX;
		if (too_long)
			len = NAME_MAX;
		memcpy(name, p + pos, len);
		name[len] = '\0';
		after = pos + strcspn(p + pos, "/");
		pos = after;
		while (p[pos] == '/')
			pos++;
		last = p[pos] == '\0';
		trailing = last && pos > after;
		out->trailing_slash = trailing;
		if (too_long) {
			if (!last || !(w->flags & SR_RESOLVE_PARENT))
				return ENAMETOOLONG;
			walk_end_at_name(w, name, -1, NULL, out);
			out->last[0] = '\0';
			out->name_too_long = true;
			return 0;
		}

		if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0) {
			bool dotdot = name[1] == '.';
			if (dotdot && (rc = walk_dotdot(w)) != 0)
				return rc;
			kind = dotdot ? SR_RESOLVE_LAST_DOTDOT : SR_RESOLVE_LAST_DOT;
			if (last)
				return walk_end_at_dir(w, kind, out);
			continue;
		}

		int fd = openat(w->cur, name, RESOLVE_STEP_FLAGS);
		if (fd < 0) {
			rc = errno;
			if (rc == ENOENT && last)
				return walk_end_at_name(w, name, -1, NULL, out);
			return rc;
		}
		if (fstat(fd, &st) < 0) {
			rc = errno;
			close(fd);
			return rc;
		}
		if ((w->flags & SR_RESOLVE_NO_XDEV) && sr_resolve_crosses_mount(w->cur, &w->cur_st, fd, &st)) {
			close(fd);
			return EXDEV;
		}
		if (S_ISLNK(st.st_mode)) {
			bool follow = !last || (w->flags & SR_RESOLVE_FOLLOW_LAST) ||
				      (trailing && !(w->flags & SR_RESOLVE_PARENT));
			if (!follow) {
				if (walk_is_proc_self(w, name) &&
				    (rc = walk_proc_self_text(w, name, out->proc_link,
							      sizeof(out->proc_link))) != 0) {
					close(fd);
					return rc;
				}
				return walk_end_at_name(w, name, fd, &st, out);
			}
			if (w->ctx->links != NULL &&
			    (rc = sr_resolve_may_follow(w->ctx->links, &w->cur_st, &st, w->ctx->fsuid)) != 0) {
				close(fd);
				return rc;
			}
			char place[PATH_MAX];
			memcpy(place, w->path, sizeof(place));
			if (w->deep > 0 || walk_push(place, name) != 0 || !ctx_fixed(w->ctx, place))
				w->unstable = true;
			rc = walk_splice_link(w, fd, name, p + after, pending);
			close(fd);
			if (rc != 0)
				return rc;
			pos = 0;
			fresh = true;
			continue;
		}
		if (last) {
			if (trailing && !S_ISDIR(st.st_mode) && !(w->flags & SR_RESOLVE_PARENT)) {
				close(fd);
				return ENOTDIR;
			}
			return walk_end_at_name(w, name, fd, &st, out);
		}
		if (!S_ISDIR(st.st_mode)) {
			close(fd);
			return ENOTDIR;
		}
		walk_push_deep(w->path, &w->deep, name);
		close(w->cur);
		w->cur = fd;
		w->cur_st = st;
	}
}

static void resolved_init(struct sr_resolved *out)
{
	memset(out, 0, sizeof(*out));
	out->parent_fd = -1;
	out->fd = -1;
}

void sr_resolved_release(struct sr_resolved *res)
{
	if (res->parent_fd >= 0)
		close(res->parent_fd);
	if (res->fd >= 0)
		close(res->fd);
	res->parent_fd = -1;
	res->fd = -1;
}

/* --- the fast path ------------------------------------------------------- */

/* Most paths name no symlink and no "." or "..": the kernel can walk
 * them in one openat2() as the walk above would, one component at a
 * time, and their sandbox path is the text itself.  RESOLVE_NO_SYMLINKS
 * makes openat2 stop (ELOOP) at any link, which then takes the walk,
 * and RESOLVE_IN_ROOT keeps an absolute path in ctx->root_fd. */
#define RESOLVE_FAST_FLAGS (SR_RESOLVE_FOLLOW_LAST | SR_RESOLVE_PARENT | SR_RESOLVE_NO_SYMLINKS | \
			    SR_RESOLVE_NO_MAGICLINKS | SR_RESOLVE_NO_FD | SR_RESOLVE_NO_PARENT)

/* `rel` appended to the absolute `base`, one slash apart, when it is
 * made of plain names only: no "." or "..", no name too long, no
 * trailing slash (which asks for a directory).  0, or -1: not plain, or
 * too long to join (the walk then answers). */
static int path_join_plain(char *out, const char *base, const char *rel)
{
	char name[NAME_MAX + 1];
	const char *p = rel;
	size_t total = strlen(rel);

	if (total == 0 || total >= PATH_MAX || rel[total - 1] == '/' || !sr_strlcpy(out, base, PATH_MAX))
		return -1;
	while (*p != '\0') {
		while (*p == '/')
			p++;
		size_t len = strcspn(p, "/");
		if (len > NAME_MAX || (len == 1 && p[0] == '.') || (len == 2 && p[0] == '.' && p[1] == '.'))
			return -1;
		memcpy(name, p, len);
		name[len] = '\0';
		if (walk_push(out, name) != 0)
			return -1;
		p += len;
	}
	return 0;
}

int sr_resolve_open_plain(int start, const char *path, int flags, const struct stat *want)
{
	struct open_how how = {
		.flags = (uint64_t)(unsigned)flags,
		.resolve = RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS | RESOLVE_IN_ROOT,
	};
	struct stat st;
	int fd;

	if ((flags & ~OPEN_KNOWN_FLAGS) != 0 || (flags & (O_CREAT | O_PATH)) != 0) {
		errno = EINVAL;
		return -1;
	}
	fd = resolve_openat2(start, path, &how);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0) {
		int e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	if (!same_inode(&st, want)) {
		close(fd);
		errno = ESTALE;
		return -1;
	}
	return fd;
}

/* SR_RESOLVE_NO_PARENT (resolve.h): the object stat'ed by the whole
 * path, which sr_resolve_open_plain confirms before anything is done
 * with it; a failure is confirmed here, by the walk without links
 * failing alike (openat2 walks in order: ENOENT names a missing
 * component that no link came before).  As resolve_fast returns. */
static int resolve_fast_claim(int start, const char *path, struct sr_resolved *out)
{
	const char *rel = path + strspn(path, "/");

	if (fstatat(start, rel, &out->st, AT_SYMLINK_NOFOLLOW) == 0) {
		if (S_ISLNK(out->st.st_mode))
			return -1;
		out->exists = true;
		out->plain = true;
		return 0;
	}
	int e = errno;
	if (e != ENOENT && e != ENOTDIR && e != EACCES)
		return -1;
	int fd = open_plain(start, path, 0);
	if (fd >= 0) {
		close(fd);
		return -1;
	}
	if (errno != e)
		return -1;
	out->plain = true;
	return e;
}

/* 0 with `out` filled, an errno as the walk would give it, or -1: this
 * path takes the walk. */
static int resolve_fast(const struct sr_resolve_ctx *ctx, int start, const char *start_path,
			const char *path, unsigned flags, struct sr_resolved *out)
{
	const char *slash = strrchr(path, '/');
	const char *name = slash != NULL ? slash + 1 : path;
	char dir[PATH_MAX];
	int parent, fd;

	if ((flags & ~(unsigned)RESOLVE_FAST_FLAGS) != 0 || !atomic_load(&resolve_have_openat2) ||
	    path_join_plain(out->path, start_path, path) < 0)
		return -1;
	if ((flags & SR_RESOLVE_NO_PARENT) && (flags & SR_RESOLVE_NO_FD) && !(flags & SR_RESOLVE_PARENT)) {
		int rc = resolve_fast_claim(start, path, out);
		if (rc == 0)
			sr_strlcpy(out->last, name, sizeof(out->last));
		return rc;
	}
	/* The directory part: "" (start itself), or up to the last slash. */
	size_t dlen = slash != NULL ? (size_t)(slash - path) : 0;
	memcpy(dir, path, dlen);
	dir[dlen] = '\0';
	if (dir[strspn(dir, "/")] == '\0') {
		parent = fd_dup(start);
	} else {
		parent = open_plain(start, dir, O_DIRECTORY);
	}
	if (parent < 0) {
		/* A missing or non-directory name on a walk without links is
		 * the walk's answer too; the rest (a link: ELOOP) walks. */
		int e = errno;
		if (e != ENOENT && e != ENOTDIR && e != EACCES)
			return -1;
		out->plain = true;
		return e;
	}
	int rc = 0;
	if (flags & SR_RESOLVE_NO_FD) {
		fd = -1;
		if (fstatat(parent, name, &out->st, AT_SYMLINK_NOFOLLOW) == 0)
			out->exists = true;
		else
			rc = errno;
	} else {
		fd = openat(parent, name, RESOLVE_STEP_FLAGS);
		if (fd >= 0)
			out->exists = true;
		else
			rc = errno;
	}
	if (!out->exists) {
		if (rc != ENOENT) {
			close(parent);
			out->plain = true;
			return rc;
		}
	} else if (fd >= 0 && fstat(fd, &out->st) < 0) {
		rc = errno;
		close(fd);
		close(parent);
		return rc;
	}
	if (out->exists && S_ISLNK(out->st.st_mode)) {
		/* A link to follow, or one the walk reads as the caller's
		 * (/proc/self): the walk's. */
		char parent_path[PATH_MAX];
		sr_strlcpy(parent_path, out->path, sizeof(parent_path));
		walk_pop(parent_path);
		if ((flags & (SR_RESOLVE_FOLLOW_LAST | SR_RESOLVE_NO_SYMLINKS)) ||
		    (ctx->proc_dir != NULL && strcmp(parent_path, ctx->proc_dir) == 0)) {
			if (fd >= 0)
				close(fd);
			close(parent);
			return -1;
		}
	}
	out->parent_fd = parent;
	out->fd = fd;
	out->last_kind = SR_RESOLVE_LAST_NAME;
	sr_strlcpy(out->last, name, sizeof(out->last));
	out->plain = true;
	return 0;
}

/* AT_EMPTY_PATH: the object is the dirfd.  A directory's path is found
 * for the policy; any other fd the program holds was opened through the
 * Gofer (or passed in by the caller), so it passed the policy then, and
 * its path stays empty: the mount view decides what may be done to it. */
static int resolve_empty(const struct sr_resolve_ctx *ctx, int dirfd, struct sr_resolved *out)
{
	int rc;

	out->fd = fd_dup(dirfd);
	if (out->fd < 0)
		return errno;
	if (fstat(out->fd, &out->st) < 0)
		return errno;
	out->last_kind = SR_RESOLVE_LAST_EMPTY;
	if (S_ISDIR(out->st.st_mode)) {
		rc = sr_resolve_dir_path(ctx, out->fd, out->path, &out->deep);
		if (rc != 0)
			return rc;
	}
	return 0;
}

int sr_resolve(const struct sr_resolve_ctx *ctx, int dirfd, const char *path, unsigned flags,
	       struct sr_resolved *out)
{
	struct resolve_walk w = { .ctx = ctx, .flags = flags, .scope_fd = ctx->root_fd, .cur = -1 };
	sr_cleanup_free char *pending = NULL;
	bool relative = path[0] != '/';
	int start;
	int rc;

	resolved_init(out);
	if (path[0] == '\0') {
		if (!(flags & SR_RESOLVE_EMPTY_PATH))
			return ENOENT;
		rc = resolve_empty(ctx, dirfd, out);
		goto done;
	}
	if (strlen(path) >= PATH_MAX)
		return ENAMETOOLONG;
	pending = strdup(path);
	if (pending == NULL)
		return ENOMEM;

	/* RESOLVE_IN_ROOT and RESOLVE_BENEATH make the dirfd the scope. */
	if (relative || (flags & (SR_RESOLVE_IN_ROOT | SR_RESOLVE_BENEATH))) {
		struct stat st;
		if (fstat(dirfd, &st) < 0)
			return errno;
		if (!S_ISDIR(st.st_mode))
			return ENOTDIR;
		rc = sr_resolve_dir_path(ctx, dirfd, w.path, &w.deep);
		if (rc != 0)
			return rc;
		start = dirfd;
	} else {
		sr_strlcpy(w.path, "/", sizeof(w.path));
		start = ctx->root_fd;
	}
	if (flags & (SR_RESOLVE_IN_ROOT | SR_RESOLVE_BENEATH)) {
		w.scope_fd = dirfd;
		memcpy(w.scope_path, w.path, sizeof(w.scope_path));
		w.scope_deep = w.deep;
	} else {
		sr_strlcpy(w.scope_path, "/", sizeof(w.scope_path));
	}
	/* The fast path joins whole paths. */
	rc = w.deep > 0 ? -1 : resolve_fast(ctx, start, w.path, path, flags, out);
	if (rc >= 0)
		goto done;
	resolved_init(out);
	if (fstat(w.scope_fd, &w.scope_st) < 0)
		return errno;
	int fd = fd_dup(start);
	if (fd < 0)
		return errno;
	rc = walk_set_cur(&w, fd);
	if (rc == 0)
		rc = walk(&w, &pending, out);
	if (w.cur >= 0)
		close(w.cur);
done:
	if (rc != 0) {
		sr_resolved_release(out);
		return rc;
	}
	if (out->fd >= 0)
		out->exists = true;
	out->stable = !w.unstable && out->deep == 0 && ctx_fixed(ctx, out->path);
	/* A claim (SR_RESOLVE_NO_PARENT) is not known to be there yet. */
	if (out->exists && S_ISDIR(out->st.st_mode) && out->path[0] == '/' && out->deep == 0 &&
	    !(out->parent_fd < 0 && out->fd < 0))
		sr_dir_cache_note(ctx->cache, &out->st, out->path);
	return 0;
}
