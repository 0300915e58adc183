#include "sandbox.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <glob.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "compat.h"

/* Where init builds the new root before pivoting into it.  BASE is an
 * intermediate tmpfs that becomes "/" first, so that the host's tree
 * (all of it, /tmp included) stays reachable under OLDROOT while the
 * real root is filled in under NEWROOT. */
#define SR_BASE_DIR "/tmp"
#define SR_OLDROOT "/oldroot"
#define SR_NEWROOT "/newroot"

/* Device nodes of the minimal /dev, bound from the host (a user namespace
 * cannot mknod). */
static const char *const sr_dev_nodes[] = { "null", "zero", "full", "random", "urandom", "tty" };

/* Parts of /proc that reach the host kernel; bound read-only over
 * themselves as bubblewrap does.  The Gofer's policy says the same
 * (gofer/policy.c); this holds for what the kernel opens itself (O_PATH,
 * a reopened /proc/self/fd/N). */
static const char *const sr_proc_readonly[] = { "sys", "sysrq-trigger", "irq", "bus", "fs" };

static int sr_join(char *out, size_t size, const char *a, const char *b, struct sr_error *err)
{
	int n = snprintf(out, size, "%s%s", a, strcmp(b, "/") == 0 ? "" : b);

	if (n < 0 || (size_t)n >= size)
		return sr_fail(err, ENAMETOOLONG, "path %s%s", a, b);
	return 0;
}

static bool sr_is_hidden(const struct sr_strlist *hide, const char *path);
static bool sr_hides_below(const struct sr_strlist *hide, const char *path);

/* A mount whose host path passes through a link is shown at its real
 * path (below): a hide= or noexec= naming its place by the link's path
 * would then name nothing there, and what it meant would be seen. */
static int sr_refuse_under_moved(const struct sr_config *cfg, const char *dest, const char *real,
				 struct sr_error *err)
{
	for (size_t i = 0; i < cfg->hide.len; i++) {
		const struct sr_strlist one = { .items = &cfg->hide.items[i], .len = 1 };
		if (sr_is_hidden(&one, dest) || sr_hides_below(&one, dest))
			return sr_fail(err, 0, "hide=%s: %s is shown at %s, where the host's links lead: "
				       "name the path there", cfg->hide.items[i], dest, real);
	}
	for (size_t i = 0; i < cfg->noexec.len; i++)
		if (sr_path_is_under(cfg->noexec.items[i], dest))
			return sr_fail(err, 0, "noexec=%s: %s is shown at %s, where the host's links lead: "
				       "name the path there", cfg->noexec.items[i], dest, real);
	return 0;
}

static void sr_plan_drop(struct sr_mount_plan *plan, size_t i)
{
	free(plan->entries[i].source);
	free(plan->entries[i].dest);
	memmove(&plan->entries[i], &plan->entries[i + 1], (plan->len - i - 1) * sizeof(plan->entries[0]));
	plan->len--;
}

/* Whether a bind or overlay of the plan shows `path` (or a directory
 * above it) from the host, or lies below it. */
static bool sr_plan_shows(const struct sr_mount_plan *plan, const char *path)
{
	for (size_t i = 0; i < plan->len; i++) {
		const struct sr_plan_entry *e = &plan->entries[i];
		if ((e->kind == SR_PLAN_BIND || e->kind == SR_PLAN_OVERLAY) &&
		    (sr_path_is_under(path, e->dest) || sr_path_is_under(e->dest, path)))
			return true;
	}
	return false;
}

/* A bind named through a link: the name given (owned) and where it is
 * mounted (the plan's own string). */
struct sr_named_bind {
	char *name;
	const char *real;
};

/* Whether every ".." of the link text `text` comes before its names:
 * from a directory reached through no link, it then goes up and down
 * the directories its lexical path names. */
static bool sr_dotdots_lead(const char *text)
{
	bool named = false;

	for (const char *p = text; *p != '\0';) {
		p += strspn(p, "/");
		size_t len = strcspn(p, "/");
		if (len == 2 && p[0] == '.' && p[1] == '.') {
			if (named)
				return false;
		} else if (len > 0 && !(len == 1 && p[0] == '.')) {
			named = true;
		}
		p += len;
	}
	return true;
}

/* What the view makes the link `name` of the host, which leads to
 * `real`, say: its own text (in `buf`), as readlink says natively,
 * where that leads to `real` through the same directories, a relative
 * text whose ".." come first read from a directory reached through no
 * link (the view shows every directory down to `real`, so it walks the
 * text as the host does); else `real` itself. */
static const char *sr_link_text_in_view(const char *name, const char *real, char *buf, size_t size)
{
	char parent[PATH_MAX], canonical[PATH_MAX], there[PATH_MAX];
	ssize_t n = readlink(name, buf, size - 1);

	if (n <= 0 || (size_t)n >= size - 1 || buf[0] == '/')
		return real;
	buf[n] = '\0';
	if (!sr_dotdots_lead(buf) || !sr_strlcpy(parent, name, sizeof(parent)))
		return real;
	char *slash = strrchr(parent, '/');
	if (slash == NULL)
		return real;
	slash[slash == parent] = '\0';
	if (realpath(parent, canonical) == NULL || strcmp(canonical, parent) != 0 ||
	    sr_path_normalize(parent, buf, there, sizeof(there)) != 0 || strcmp(there, real) != 0)
		return real;
	return buf;
}

/* A bind named through a link (a home /home/alice -> /data/alice) is
 * mounted where the link leads; the name given (cwd=~, $HOME) becomes a
 * link to it, where no mount shows that place from the host: a home
 * that is a link otherwise made every --ssh login fail (no such cwd). */
static int sr_plan_keep_names(struct sr_mount_plan *plan, const struct sr_named_bind *named, size_t n,
			      struct sr_error *err)
{
	char text[PATH_MAX];

	for (size_t i = 0; i < n; i++)
		if (!sr_plan_shows(plan, named[i].name) &&
		    sr_mount_plan_add(plan, SR_PLAN_SYMLINK,
				      sr_link_text_in_view(named[i].name, named[i].real, text, sizeof(text)),
				      named[i].name, false, false, err) < 0)
			return -1;
	return 0;
}

static int sr_resolve_binds(struct sr_mount_plan *plan, const struct sr_config *cfg,
			    struct sr_named_bind *named, size_t *nnamed, struct sr_error *err);

/* Whether a hide= or noexec= entry (a pattern's literal directories)
 * lies at, above or below `path`. */
static bool sr_rules_touch(const struct sr_strlist *rules, const char *path)
{
	char literal[PATH_MAX];

	for (size_t i = 0; i < rules->len; i++) {
		if (!sr_strlcpy(literal, rules->items[i], sizeof(literal)))
			return true;
		char *magic = strpbrk(literal, "*?[\\");
		if (magic != NULL) {
			*magic = '\0';
			char *slash = strrchr(literal, '/');
			if (slash == NULL)
				return true;
			slash[slash == literal] = '\0';
		}
		if (sr_path_is_under(path, literal) || sr_path_is_under(literal, path))
			return true;
	}
	return false;
}

/* Whether `path` is a place the view leaves empty, where sentry-run may
 * add an entry of its own (a TMPDIR, the cwd's name): no mount at or
 * below it, and no hide= or noexec= rule at, above or below it. */
static bool sr_place_is_free(const struct sr_mount_plan *plan, const struct sr_config *cfg,
			     const char *path)
{
	for (size_t i = 0; i < plan->len; i++)
		if (sr_path_is_under(plan->entries[i].dest, path))
			return false;
	return !sr_rules_touch(&cfg->hide, path) && !sr_rules_touch(&cfg->noexec, path);
}

int sr_sandbox_make_tmpdir(struct sr_mount_plan *plan, const struct sr_config *cfg, const char *tmpdir,
			   struct sr_error *err)
{
	if (tmpdir == NULL || strlen(tmpdir) >= PATH_MAX || !sr_path_is_clean(tmpdir))
		return 0;
	const struct sr_plan_entry *holder = sr_mount_plan_holder(plan, tmpdir);
	if (holder == NULL || holder->kind != SR_PLAN_TMPFS || strcmp(holder->dest, tmpdir) == 0 ||
	    !sr_place_is_free(plan, cfg, tmpdir))
		return 0;
	if (sr_mount_plan_add(plan, SR_PLAN_DIR, NULL, tmpdir, true, false, err) < 0)
		return -1;
	sr_mount_plan_sort(plan);
	return 0;
}

int sr_sandbox_name_cwd(struct sr_mount_plan *plan, const struct sr_config *cfg, const char *cwd,
			const char *pwd, struct sr_error *err)
{
	struct stat here, named;

	if (cwd == NULL || pwd == NULL || cfg->cwd != NULL || sr_mount_plan_root(plan) != NULL ||
	    strlen(pwd) >= PATH_MAX || !sr_path_is_clean(pwd) || strcmp(pwd, cwd) == 0)
		return 0;
	/* As a shell takes PWD: when it names the very directory. */
	if (stat(cwd, &here) < 0 || stat(pwd, &named) < 0 || here.st_dev != named.st_dev ||
	    here.st_ino != named.st_ino)
		return 0;
	/* Where the cwd is shown as itself, and the name is nowhere in the
	 * view (the host's link is there already under a bind of its place). */
	const struct sr_plan_entry *holder = sr_mount_plan_holder(plan, cwd);
	if (holder == NULL || (holder->kind != SR_PLAN_BIND && holder->kind != SR_PLAN_OVERLAY) ||
	    strcmp(holder->source, holder->dest) != 0 || sr_mount_plan_is_host(plan, pwd) ||
	    !sr_place_is_free(plan, cfg, pwd))
		return 0;
	char text[PATH_MAX];
	if (sr_mount_plan_add(plan, SR_PLAN_SYMLINK, sr_link_text_in_view(pwd, cwd, text, sizeof(text)), pwd, false,
			      false, err) < 0)
		return -1;
	sr_mount_plan_sort(plan);
	return 0;
}

/* The first link on the way of `path` from byte `from` on (the last
 * name too if `last_too`) that `wanted` picks (NULL: any): true, with
 * `path` cut after it.  The walk stops where nothing exists. */
static bool sr_find_link_on_the_way(char *path, size_t from, bool last_too,
				    bool (*wanted)(const char *link, const void *arg), const void *arg)
{
	struct stat st;

	for (char *p = path + from; ; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char saved = *p;
		if (saved == '\0' && !last_too)
			return false;
		*p = '\0';
		if (lstat(path, &st) < 0)
			return false;
		if (S_ISLNK(st.st_mode) && (wanted == NULL || wanted(path, arg)))
			return true;
		*p = saved;
		if (saved == '\0')
			return false;
	}
}

/* The plan, and where each writable bind's source leads (NULL for the
 * other entries, or when it leads nowhere). */
struct sr_writable_places {
	const struct sr_mount_plan *plan;
	char **reals;
};

/* Whether `path` lies strictly below a place bound writable. */
static bool sr_writable_above(const char *path, const void *arg)
{
	const struct sr_writable_places *w = arg;

	for (size_t i = 0; i < w->plan->len; i++) {
		const struct sr_plan_entry *e = &w->plan->entries[i];
		const char *real = w->reals[i];
		if (e->kind != SR_PLAN_BIND || !e->writable)
			continue;
		if ((sr_path_is_under(path, e->source) && strcmp(path, e->source) != 0) ||
		    (real != NULL && sr_path_is_under(path, real) && strcmp(path, real) != 0))
			return true;
	}
	return false;
}

/* What a message calls a plan entry: where it was asked for, or else
 * what it binds. */
static void sr_plan_entry_name(const struct sr_plan_entry *e, char *buf, size_t size)
{
	if (e->origin != NULL)
		snprintf(buf, size, "%s", e->origin);
	else
		snprintf(buf, size, "%s %s", e->kind == SR_PLAN_OVERLAY ? "overlay" : e->writable ? "rw" : "ro",
			 e->source);
}

/* A bind whose source cannot be looked at (errno e_errno). */
static int sr_fail_missing_source(const struct sr_plan_entry *e, int e_errno, struct sr_error *err)
{
	char what[SR_MOUNT_ORIGIN_MAX + PATH_MAX];

	sr_plan_entry_name(e, what, sizeof(what));
	/* A profile's key can say that the path need not be there. */
	if (e_errno == ENOENT && e->kind == SR_PLAN_BIND && e->origin != NULL && e->origin[0] != '-' &&
	    strcmp(e->dest, "/") != 0) {
		sr_fail(err, 0, "%s: %s; %s binds a path only where it exists", what, strerror(e_errno),
			e->writable ? "rw-try=" : "ro-try=");
		err->errnum = e_errno;
		return -1;
	}
	return sr_fail(err, e_errno, "%s", what);
}

/* A bind's source is resolved on the host, links followed.  A link on
 * its way that lies in a place the sandbox writes was the sandbox's to
 * make (an ssh session's home: ro=~/tools, ~/tools -> /etc/ssl/private
 * showed that host directory at the next login): refused. */
static int sr_refuse_planted_links(const struct sr_mount_plan *plan, struct sr_error *err)
{
	sr_cleanup_free char **reals = calloc(plan->len + 1, sizeof(*reals));
	struct sr_writable_places places = { .plan = plan, .reals = reals };
	char up[PATH_MAX];
	int rc = 0;

	if (reals == NULL)
		return sr_fail(err, ENOMEM, "out of memory");
	for (size_t i = 0; i < plan->len; i++)
		if (plan->entries[i].kind == SR_PLAN_BIND && plan->entries[i].writable)
			reals[i] = realpath(plan->entries[i].source, NULL);
	for (size_t i = 0; i < plan->len && rc == 0; i++) {
		const struct sr_plan_entry *e = &plan->entries[i];
		char what[SR_MOUNT_ORIGIN_MAX + PATH_MAX];
		if ((e->kind != SR_PLAN_BIND && e->kind != SR_PLAN_OVERLAY) || e->source[0] != '/')
			continue;
		sr_plan_entry_name(e, what, sizeof(what));
		if (!sr_strlcpy(up, e->source, sizeof(up)))
			rc = sr_fail(err, ENAMETOOLONG, "%s", what);
		else if (sr_find_link_on_the_way(up, 1, true, sr_writable_above, &places))
			rc = sr_fail(err, 0, "%s: %s is a link in a place the sandbox can write, so the "
				     "sandbox chose where it leads: name the place itself", what, up);
	}
	for (size_t i = 0; i < plan->len; i++)
		free(reals[i]);
	return rc;
}

/* A hide= below a read-write bind: the view rebuilds the directories
 * down to the hidden name as read-only ones holding binds of their
 * entries (sr_bind_dir_hiding), so the name is truly absent, but no new
 * name can be made there.  Said before PROGRAM meets an EROFS that the
 * profile's rw= does not explain. */
static void sr_say_hides_under_rw(const struct sr_mount_plan *plan, const struct sr_config *cfg)
{
	for (size_t i = 0; i < plan->len; i++) {
		const struct sr_plan_entry *e = &plan->entries[i];
		if (e->kind != SR_PLAN_BIND || !e->writable)
			continue;
		for (size_t h = 0; h < cfg->hide.len; h++) {
			const struct sr_strlist one = { .items = &cfg->hide.items[h], .len = 1 };
			if (!sr_hides_below(&one, e->dest))
				continue;
			sr_warn("rw %s: hide=%s lies below it, so the directories from there down to it are "
				"rebuilt read-only: their files stay writable, but new names, renames and "
				"removals there fail (EROFS); to write there, hide nothing below a read-write bind",
				e->dest, cfg->hide.items[h]);
			break;
		}
	}
}

int sr_sandbox_resolve_plan(struct sr_mount_plan *plan, const struct sr_config *cfg, struct sr_error *err)
{
	sr_cleanup_free struct sr_named_bind *named = calloc(plan->len + 1, sizeof(*named));
	size_t nnamed = 0;
	int rc = -1;

	if (named == NULL)
		return sr_fail(err, ENOMEM, "out of memory");
	if (sr_refuse_planted_links(plan, err) < 0)
		return -1;
	if (sr_resolve_binds(plan, cfg, named, &nnamed, err) == 0 &&
	    sr_plan_keep_names(plan, named, nnamed, err) == 0) {
		sr_mount_plan_sort(plan);
		sr_say_hides_under_rw(plan, cfg);
		rc = 0;
	}
	for (size_t i = 0; i < nnamed; i++)
		free(named[i].name);
	return rc;
}

static int sr_resolve_binds(struct sr_mount_plan *plan, const struct sr_config *cfg,
			    struct sr_named_bind *named, size_t *nnamed, struct sr_error *err)
{
	for (size_t i = 0; i < plan->len; ) {
		struct sr_plan_entry *e = &plan->entries[i];
		struct stat st;

		if (e->kind != SR_PLAN_BIND && e->kind != SR_PLAN_OVERLAY) {
			i++;
			continue;
		}
		if (lstat(e->source, &st) < 0) {
			if (errno == ENOENT && e->optional) {
				sr_plan_drop(plan, i);
				continue;
			}
			return sr_fail_missing_source(e, errno, err);
		}
		bool same_place = strcmp(e->source, e->dest) == 0;
		const char *slash = strrchr(e->source, '/');
		if (S_ISLNK(st.st_mode) && same_place && slash == e->source && e->kind == SR_PLAN_BIND) {
			/* A top-level link of a merged-/usr system (/bin -> usr/bin):
			 * keep it a link, so the view looks like the host. */
			char target[PATH_MAX];
			ssize_t n = readlink(e->source, target, sizeof(target) - 1);
			if (n < 0)
				return sr_fail(err, errno, "cannot read link %s", e->source);
			target[n] = '\0';
			char *copy = strdup(target);
			if (copy == NULL)
				return sr_fail(err, ENOMEM, "out of memory");
			free(e->source);
			e->source = copy;
			e->kind = SR_PLAN_SYMLINK;
			i++;
			continue;
		}
		char *real = realpath(e->source, NULL);
		if (real == NULL && errno == ENOENT && e->optional) {
			/* A dangling link: what it names does not exist either. */
			sr_plan_drop(plan, i);
			continue;
		}
		if (real == NULL)
			return sr_fail(err, errno, "cannot resolve %s", e->source);
		if (strcmp(real, "/") == 0) {
			free(real);
			if (strcmp(e->dest, "/") == 0)
				return sr_fail(err, 0, "root=%s: the host's root cannot be the sandbox's; name a "
					       "directory holding a system (the default profile shows the host's)",
					       e->source);
			return sr_fail(err, 0, "%s resolves to /: the host's root cannot be bound whole", e->source);
		}
		if (same_place && strcmp(real, e->dest) != 0 && sr_refuse_under_moved(cfg, e->dest, real, err) < 0) {
			free(real);
			return -1;
		}
		if (same_place) {
			char *dest = strdup(real);
			if (dest == NULL) {
				free(real);
				return sr_fail(err, ENOMEM, "out of memory");
			}
			/* Named through a link: the name is kept (sr_plan_keep_names). */
			if (strcmp(real, e->dest) != 0)
				named[(*nnamed)++] = (struct sr_named_bind){ .name = e->dest, .real = dest };
			else
				free(e->dest);
			e->dest = dest;
		}
		free(e->source);
		e->source = real;
		i++;
	}
	return 0;
}

static bool sr_plan_has_dest(const struct sr_mount_plan *plan, const char *dest)
{
	for (size_t i = 0; i < plan->len; i++)
		if (strcmp(plan->entries[i].dest, dest) == 0)
			return true;
	return false;
}

int sr_sandbox_protect_output(struct sr_mount_plan *plan, int fd, struct sr_error *err)
{
	char link[64], path[PATH_MAX], dest[PATH_MAX];
	const struct sr_plan_entry *under = NULL;
	size_t under_len = 0;
	struct stat st;

	if (fstat(fd, &st) < 0)
		return sr_fail(err, errno, "fstat of an output file");
	if (!S_ISREG(st.st_mode))
		return 0;
	/* The file itself, by the fd we write: no path to race with. */
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	ssize_t n = readlink(link, path, sizeof(path) - 1);
	if (n < 0)
		return sr_fail(err, errno, "cannot name the output file (%s)", link);
	path[n] = '\0';
	if (path[0] != '/')
		return 0;
	/* The deepest bind holding it says how the sandbox sees it. */
	for (size_t i = 0; i < plan->len; i++) {
		const struct sr_plan_entry *e = &plan->entries[i];
		if (e->kind != SR_PLAN_BIND)
			continue;
		size_t len = strlen(e->source);
		if (len < under_len || strncmp(path, e->source, len) != 0 || path[len] != '/')
			continue;
		under = e;
		under_len = len;
	}
	if (under == NULL || !under->writable)
		return 0;
	const char *rest = path + under_len;
	const char *base = strcmp(under->dest, "/") == 0 ? "" : under->dest;
	if (snprintf(dest, sizeof(dest), "%s%s", base, rest) >= (int)sizeof(dest))
		return sr_fail(err, ENAMETOOLONG, "output file %s", path);
	/* The directories between the writable bind and the file are each
	 * bound over themselves, writable as they were: a mount point is
	 * neither moved nor removed (EBUSY), so the file keeps its name, and
	 * PROGRAM cannot put a forged one there instead. */
	for (const char *slash = strchr(rest + 1, '/'); slash != NULL; slash = strchr(slash + 1, '/')) {
		char dir[PATH_MAX], dir_dest[PATH_MAX];
		int len = (int)(slash - path);
		snprintf(dir, sizeof(dir), "%.*s", len, path);
		snprintf(dir_dest, sizeof(dir_dest), "%s%.*s", base, (int)(slash - rest), rest);
		if (!sr_plan_has_dest(plan, dir_dest) &&
		    sr_mount_plan_add(plan, SR_PLAN_BIND, dir, dir_dest, true, false, err) < 0)
			return -1;
	}
	if (sr_mount_plan_add(plan, SR_PLAN_BIND, path, dest, false, false, err) < 0)
		return -1;
	sr_mount_plan_sort(plan);
	return 0;
}

/* A mount point that cannot be made, named as the sandbox sees it. */
static int sr_mount_point_failed(const char *path, struct sr_error *err)
{
	int e = errno;
	const char *shown = sr_has_prefix(path, SR_NEWROOT "/") ? path + strlen(SR_NEWROOT) : path;

	if (e == EROFS)
		return sr_fail(err, e, "cannot create mount point %s: its parent is read-only in the sandbox "
			       "(make it on the host, or mount a writable place above it)", shown);
	return sr_fail(err, e, "cannot create mount point %s", shown);
}

static int sr_mkdir_p(const char *path, mode_t mode, struct sr_error *err)
{
	char buf[PATH_MAX];

	if (!sr_strlcpy(buf, path, sizeof(buf)))
		return sr_fail(err, ENAMETOOLONG, "mkdir %s", path);
	for (char *p = buf + 1; ; p++) {
		if (*p == '/' || *p == '\0') {
			char saved = *p;
			*p = '\0';
			if (mkdir(buf, mode) < 0 && errno != EEXIST)
				return sr_mount_point_failed(buf, err);
			*p = saved;
			if (saved == '\0')
				break;
		}
	}
	return 0;
}

/* A mount point of the same type as what is mounted on it. */
static int sr_make_mount_point(const char *path, bool directory, struct sr_error *err)
{
	char parent[PATH_MAX];

	if (directory)
		return sr_mkdir_p(path, 0755, err);
	if (!sr_strlcpy(parent, path, sizeof(parent)))
		return sr_fail(err, ENAMETOOLONG, "mount point %s", path);
	char *slash = strrchr(parent, '/');
	if (slash != NULL && slash != parent) {
		*slash = '\0';
		if (sr_mkdir_p(parent, 0755, err) < 0)
			return -1;
	}
	/* O_EXCL: an existing file is the mount point as it is, never opened
	 * (for writing, a read-only parent says EROFS; a FIFO waits for a
	 * reader that never comes). */
	int fd = open(path, O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOCTTY, 0444);
	if (fd < 0 && errno != EEXIST)
		return sr_mount_point_failed(path, err);
	if (fd >= 0)
		close(fd);
	return 0;
}

/* Add restrictions to a mount (and, recursively, what is under it).
 * mount_setattr only sets bits, so flags the kernel locked on the
 * source (noexec of a host mount, say) are kept. */
static int sr_restrict_mount(const char *path, unsigned long long attrs, bool recursive,
			     struct sr_error *err)
{
	struct mount_attr attr = { .attr_set = attrs };
	struct statvfs sv;

	if (syscall(SYS_mount_setattr, AT_FDCWD, path, recursive ? AT_RECURSIVE : 0, &attr, sizeof(attr)) == 0)
		return 0;
	if (errno != ENOSYS)
		return sr_fail(err, errno, "cannot restrict mount %s", path);
	/* Before Linux 5.12: a remount of the top mount, restating the
	 * flags the kernel would refuse to clear. */
	if (statvfs(path, &sv) < 0)
		return sr_fail(err, errno, "statvfs %s", path);
	unsigned long flags = MS_REMOUNT | MS_BIND;
	if ((attrs & MOUNT_ATTR_RDONLY) || (sv.f_flag & ST_RDONLY))
		flags |= MS_RDONLY;
	if ((attrs & MOUNT_ATTR_NOSUID) || (sv.f_flag & ST_NOSUID))
		flags |= MS_NOSUID;
	if ((attrs & MOUNT_ATTR_NODEV) || (sv.f_flag & ST_NODEV))
		flags |= MS_NODEV;
	if ((attrs & MOUNT_ATTR_NOEXEC) || (sv.f_flag & ST_NOEXEC))
		flags |= MS_NOEXEC;
	flags |= sv.f_flag & (ST_NOATIME | ST_NODIRATIME | ST_RELATIME);
	if (mount(NULL, path, NULL, flags, NULL) < 0)
		return sr_fail(err, errno, "cannot remount %s", path);
	return 0;
}

static int sr_bind(const char *source, const char *target, unsigned long long attrs, struct sr_error *err)
{
	if (mount(source, target, NULL, MS_BIND | MS_REC, NULL) < 0)
		return sr_fail(err, errno, "cannot bind %s", source + strlen(SR_OLDROOT));
	return sr_restrict_mount(target, attrs, true, err);
}

/* Hide patterns are sandbox paths or fnmatch(3) globs over them; `*`
 * matches a dot file too, as in the Gofer's policy (gofer/policy.c): the
 * mount view and the policy must hide the same things. */
static bool sr_is_hidden(const struct sr_strlist *hide, const char *path)
{
	for (size_t i = 0; i < hide->len; i++)
		if (fnmatch(hide->items[i], path, FNM_PATHNAME) == 0 ||
		    strcmp(hide->items[i], path) == 0)
			return true;
	return false;
}

/* True if some hide pattern names something strictly below `path`. */
static bool sr_hides_below(const struct sr_strlist *hide, const char *path)
{
	size_t depth = sr_path_depth(path);

	for (size_t i = 0; i < hide->len; i++) {
		const char *pat = hide->items[i];
		if (sr_path_depth(pat) <= depth)
			continue;
		/* Compare the pattern's first `depth` components with path. */
		char prefix[PATH_MAX];
		size_t seen = 0, n = 0;
		for (const char *p = pat; *p != '\0' && n < sizeof(prefix) - 1; p++) {
			if (*p == '/' && p != pat && ++seen == depth)
				break;
			prefix[n++] = *p;
		}
		prefix[n] = '\0';
		if (depth == 0 || fnmatch(prefix, path, FNM_PATHNAME) == 0)
			return true;
	}
	return false;
}

static int sr_bind_one(const char *dest, const char *source, bool writable, bool device,
		       const struct sr_strlist *hide, struct sr_error *err);

/* The paths of one level of sr_bind_dir_hiding, on the heap: it and
 * sr_bind_one recurse once per directory level above a hidden name, and
 * on the stack they took 36 KiB a level, past a caller's small stack
 * limit (ulimit -s 160 crashed the sandbox's set-up). */
struct sr_hiding_paths {
	char src_path[PATH_MAX], dst_path[PATH_MAX], target[PATH_MAX];
	char child_dest[PATH_MAX], child_src[PATH_MAX], child_full[PATH_MAX], link_at[PATH_MAX];
};

/* A directory with hidden entries: a read-only tmpfs holding binds of
 * every entry but the hidden ones, so that those are truly absent. */
static int sr_bind_dir_hiding(const char *dest, const char *source, bool writable,
			      const struct sr_strlist *hide, struct sr_error *err)
{
	struct sr_hiding_paths *p = malloc(sizeof(*p));
	DIR *dir;
	struct dirent *de;
	int rc = 0;

	if (p == NULL)
		return sr_fail(err, ENOMEM, "cannot bind %s", source);
	if (sr_join(p->src_path, sizeof(p->src_path), SR_OLDROOT, source, err) < 0 ||
	    sr_join(p->dst_path, sizeof(p->dst_path), SR_NEWROOT, dest, err) < 0 ||
	    sr_make_mount_point(p->dst_path, true, err) < 0) {
		free(p);
		return -1;
	}
	if (mount("tmpfs", p->dst_path, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755") < 0) {
		free(p);
		return sr_fail(err, errno, "cannot mount tmpfs on %s", dest);
	}
	dir = opendir(p->src_path);
	if (dir == NULL) {
		free(p);
		return sr_fail(err, errno, "cannot list %s", source);
	}
	while (rc == 0 && (de = readdir(dir)) != NULL) {
		struct stat st;

		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (snprintf(p->child_dest, sizeof(p->child_dest), "%s/%s", strcmp(dest, "/") == 0 ? "" : dest,
			     de->d_name) >= (int)sizeof(p->child_dest) ||
		    snprintf(p->child_src, sizeof(p->child_src), "%s/%s", source, de->d_name) >=
			    (int)sizeof(p->child_src) ||
		    snprintf(p->child_full, sizeof(p->child_full), "%s/%s", p->src_path, de->d_name) >=
			    (int)sizeof(p->child_full)) {
			rc = sr_fail(err, ENAMETOOLONG, "path under %s", source);
			break;
		}
		if (sr_is_hidden(hide, p->child_dest) || lstat(p->child_full, &st) < 0)
			continue;
		if (S_ISLNK(st.st_mode)) {
			ssize_t n = readlink(p->child_full, p->target, sizeof(p->target) - 1);
			if (n < 0)
				continue;
			p->target[n] = '\0';
			if (sr_join(p->link_at, sizeof(p->link_at), SR_NEWROOT, p->child_dest, err) < 0 ||
			    (symlink(p->target, p->link_at) < 0 && errno != EEXIST))
				rc = sr_fail(err, errno, "cannot create link %s", p->child_dest);
			continue;
		}
		rc = sr_bind_one(p->child_dest, p->child_src, writable, false, hide, err);
	}
	closedir(dir);
	if (rc == 0)
		rc = sr_restrict_mount(p->dst_path, MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV,
				       false, err);
	free(p);
	return rc < 0 ? -1 : 0;
}

static int sr_bind_one(const char *dest, const char *source, bool writable, bool device,
		       const struct sr_strlist *hide, struct sr_error *err)
{
	char src_path[PATH_MAX], dst_path[PATH_MAX];
	struct stat st;

	if (sr_is_hidden(hide, dest))
		return 0;
	if (sr_join(src_path, sizeof(src_path), SR_OLDROOT, source, err) < 0 ||
	    sr_join(dst_path, sizeof(dst_path), SR_NEWROOT, dest, err) < 0)
		return -1;
	if (stat(src_path, &st) < 0)
		return sr_fail(err, errno, "cannot bind %s", source);
	if (S_ISDIR(st.st_mode) && sr_hides_below(hide, dest))
		return sr_bind_dir_hiding(dest, source, writable, hide, err);
	if (sr_make_mount_point(dst_path, S_ISDIR(st.st_mode), err) < 0)
		return -1;
	unsigned long long attrs = MOUNT_ATTR_NOSUID;
	if (!device)
		attrs |= MOUNT_ATTR_NODEV;
	if (!writable)
		attrs |= MOUNT_ATTR_RDONLY;
	return sr_bind(src_path, dst_path, attrs, err);
}

static int sr_build_dev(struct sr_error *err)
{
	static const struct { const char *name, *target; } links[] = {
		{ "fd", "/proc/self/fd" }, { "stdin", "/proc/self/fd/0" },
		{ "stdout", "/proc/self/fd/1" }, { "stderr", "/proc/self/fd/2" },
		{ "ptmx", "pts/ptmx" },
	};
	const char *dev = SR_NEWROOT "/dev";
	const struct sr_strlist none = { 0 };
	char path[PATH_MAX];

	if (sr_mkdir_p(dev, 0755, err) < 0)
		return -1;
	if (mount("tmpfs", dev, "tmpfs", MS_NOSUID | MS_NOEXEC, "mode=0755") < 0)
		return sr_fail(err, errno, "cannot mount tmpfs on /dev");
	/* Read-only binds: the kernel writes to a device on a read-only
	 * mount all the same, while the node itself, the host's inode that
	 * a root caller owns, keeps its mode, owner and times. */
	for (size_t i = 0; i < SR_ARRAY_SIZE(sr_dev_nodes); i++) {
		snprintf(path, sizeof(path), "/dev/%s", sr_dev_nodes[i]);
		if (sr_bind_one(path, path, false, true, &none, err) < 0)
			return -1;
	}
	snprintf(path, sizeof(path), "%s/pts", dev);
	if (mkdir(path, 0755) < 0)
		return sr_fail(err, errno, "cannot create /dev/pts");
	/* A new devpts instance: the sandbox's ptys are its own, and the
	 * caller's terminal is not among them. */
	if (mount("devpts", path, "devpts", MS_NOSUID | MS_NOEXEC, "newinstance,ptmxmode=0666,mode=620") < 0)
		return sr_fail(err, errno, "cannot mount devpts on /dev/pts");
	for (size_t i = 0; i < SR_ARRAY_SIZE(links); i++) {
		snprintf(path, sizeof(path), "%s/%s", dev, links[i].name);
		if (symlink(links[i].target, path) < 0)
			return sr_fail(err, errno, "cannot create /dev/%s", links[i].name);
	}
	return 0;
}

static int sr_build_proc(struct sr_error *err)
{
	const char *proc = SR_NEWROOT "/proc";
	char path[PATH_MAX];

	if (sr_mkdir_p(proc, 0555, err) < 0)
		return -1;
	/* hidepid=invisible needs Linux 5.8; older kernels get a plain proc
	 * (the pid namespace already hides the host's processes). */
	if (mount("proc", proc, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, "hidepid=invisible") < 0 &&
	    mount("proc", proc, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
		return sr_fail(err, errno, "cannot mount /proc");
	for (size_t i = 0; i < SR_ARRAY_SIZE(sr_proc_readonly); i++) {
		snprintf(path, sizeof(path), "%s/%s", proc, sr_proc_readonly[i]);
		if (access(path, F_OK) < 0)
			continue;
		if (mount(path, path, NULL, MS_BIND | MS_REC, NULL) < 0)
			return sr_fail(err, errno, "cannot bind /proc/%s", sr_proc_readonly[i]);
		if (sr_restrict_mount(path, MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV |
				      MOUNT_ATTR_NOEXEC, true, err) < 0)
			return -1;
	}
	return 0;
}

/* overlay=PATH[:DEST]: PATH read through an overlayfs at DEST, whose
 * writes go to a tmpfs of its own in the staging root: they stay in
 * memory (the mounts hold the tmpfs when the staging root is detached)
 * and go with the sandbox. */
static int sr_overlay_one(const char *dest, const char *source, size_t index,
			  const struct sr_strlist *hide, struct sr_error *err)
{
	char lower[PATH_MAX], target[PATH_MAX], layer[PATH_MAX], opts[3 * PATH_MAX + 64];
	struct stat st;

	/* What hide= removes from a bind cannot be removed from a layer. */
	if (sr_is_hidden(hide, dest) || sr_hides_below(hide, dest))
		return sr_fail(err, 0, "overlay=%s: hide= under an overlay is not supported; bind it with ro= or rw=",
			       dest);
	if (sr_join(lower, sizeof(lower), SR_OLDROOT, source, err) < 0 ||
	    sr_join(target, sizeof(target), SR_NEWROOT, dest, err) < 0)
		return -1;
	if (stat(lower, &st) < 0)
		return sr_fail(err, errno, "overlay of %s", source);
	if (!S_ISDIR(st.st_mode))
		return sr_fail(err, 0, "overlay of %s: a directory is needed", source);
	/* The option string cannot quote its separators. */
	if (strpbrk(lower, ",:\\") != NULL)
		return sr_fail(err, 0, "overlay of %s: a path with ',', ':' or '\\' cannot be a layer", source);
	snprintf(layer, sizeof(layer), "/overlay-%zu", index);
	if (mkdir(layer, 0700) < 0 || mount("tmpfs", layer, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0700") < 0)
		return sr_fail(err, errno, "overlay of %s: cannot make its memory", source);
	snprintf(opts, sizeof(opts), "%s/upper", layer);
	if (mkdir(opts, 0755) < 0)
		return sr_fail(err, errno, "overlay of %s", source);
	/* The top directory shows the upper layer's owner and mode: the
	 * lower's where the user namespace maps its owner. */
	if (chown(opts, st.st_uid, st.st_gid) < 0 && errno != EINVAL && errno != EPERM)
		return sr_fail(err, errno, "overlay of %s", source);
	if (chmod(opts, st.st_mode & 07777) < 0)
		return sr_fail(err, errno, "overlay of %s", source);
	snprintf(opts, sizeof(opts), "%s/work", layer);
	if (mkdir(opts, 0755) < 0)
		return sr_fail(err, errno, "overlay of %s", source);
	/* userxattr: overlayfs marks a directory emptied of lower files
	 * opaque by an attribute of the upper layer, trusted.* unless told
	 * otherwise, which a user namespace cannot set: rmdir of such a
	 * directory (rm -r of a host tree) said EIO.  user.* is set on the
	 * tmpfs from Linux 6.6; the kernels that lack the option (before
	 * 5.11, no overlayfs in a user namespace either) refuse it. */
	snprintf(opts, sizeof(opts), "lowerdir=%s,upperdir=%s/upper,workdir=%s/work,userxattr", lower, layer, layer);
	if (sr_make_mount_point(target, true, err) < 0)
		return -1;
	if (mount("overlay", target, "overlay", MS_NOSUID | MS_NODEV, opts) == 0)
		return 0;
	if (errno == EINVAL) {
		*strrchr(opts, ',') = '\0';
		if (mount("overlay", target, "overlay", MS_NOSUID | MS_NODEV, opts) == 0)
			return 0;
	}
	return sr_fail(err, errno, "overlay of %s: overlayfs (Linux 5.11 in a user namespace)", source);
}

/* Whether the program could make the absent `path` (staging view) and
 * run what it puts there: its nearest existing ancestor is on a mount
 * that stays writable, neither read-only nor the skeleton (made
 * read-only at the end).  Where the kernel does not say which mount
 * (statx STX_MNT_ID, Linux 5.8), it could. */
static int sr_could_be_made(const char *path, bool *makeable, struct sr_error *err)
{
	char up[PATH_MAX];
	struct stat st;
	struct statvfs sv;
	struct statx at, skeleton;

	*makeable = true;
	snprintf(up, sizeof(up), "%s", path);
	/* A dangling link: its target could be made wherever it points. */
	if (lstat(up, &st) == 0)
		return 0;
	do {
		char *slash = strrchr(up, '/');
		if (errno != ENOENT || slash == NULL || slash == up)
			return sr_fail(err, errno, "noexec: cannot look up %s", up);
		*slash = '\0';
	} while (lstat(up, &st) < 0);
	if (statvfs(up, &sv) < 0)
		return sr_fail(err, errno, "statvfs %s", up);
	if (sv.f_flag & ST_RDONLY) {
		*makeable = false;
		return 0;
	}
	if (statx(AT_FDCWD, up, 0, STATX_MNT_ID, &at) < 0 ||
	    statx(AT_FDCWD, SR_NEWROOT, 0, STATX_MNT_ID, &skeleton) < 0)
		return sr_fail(err, errno, "statx %s", up);
	if ((at.stx_mask & STATX_MNT_ID) && (skeleton.stx_mask & STATX_MNT_ID) &&
	    at.stx_mnt_id == skeleton.stx_mnt_id)
		*makeable = false;
	return 0;
}

/* A hide= or noexec= path through a link of the view (/bin -> usr/bin
 * of a merged-/usr host, a link in root=DIR) names a place the Gofer and
 * the kernel reach under another path, the link's target, which neither
 * the mount view nor the policy would then hide or mark.  `staged` is
 * the path in the staging view; the walk stops where nothing exists. */
static int sr_refuse_link_on_the_way(const char *what, const char *item, const char *staged,
				     bool last_too, struct sr_error *err)
{
	char up[PATH_MAX];
	size_t base = strlen(SR_NEWROOT);

	if (!sr_strlcpy(up, staged, sizeof(up)))
		return sr_fail(err, ENAMETOOLONG, "%s=%s", what, item);
	if (sr_find_link_on_the_way(up, base, last_too, NULL, NULL))
		return sr_fail(err, 0, "%s=%s: %s is a link in the sandbox, and what lies beyond it is seen "
			       "under the link's target: name the path there", what, item, up + base);
	return 0;
}

/* Every place a hide pattern's directories name: their literal part,
 * then each directory a glob there matches. */
static int sr_check_hide_links(const struct sr_strlist *hide, struct sr_error *err)
{
	char staged[PATH_MAX], literal[PATH_MAX];

	for (size_t i = 0; i < hide->len; i++) {
		const char *pattern = hide->items[i];
		glob_t matches;
		int rc = 0;

		if (sr_join(staged, sizeof(staged), SR_NEWROOT, pattern, err) < 0)
			return -1;
		memcpy(literal, staged, sizeof(literal));
		char *magic = strpbrk(literal, "*?[\\");
		if (magic != NULL)
			*magic = '\0';
		if (sr_refuse_link_on_the_way("hide", pattern, literal, false, err) < 0)
			return -1;
		if (magic == NULL)
			continue;
		*strrchr(staged, '/') = '\0';
		/* GLOB_PERIOD: a `*` of a hide pattern matches dot files too. */
		if (glob(staged, GLOB_PERIOD | GLOB_NOSORT, NULL, &matches) != 0)
			continue;
		for (size_t m = 0; rc == 0 && m < matches.gl_pathc; m++)
			rc = sr_refuse_link_on_the_way("hide", pattern, matches.gl_pathv[m], true, err);
		globfree(&matches);
		if (rc < 0)
			return -1;
	}
	return 0;
}

/* noexec=: each path a mount of its own with MOUNT_ATTR_NOEXEC.  The
 * Gofer refuses an execve there, but the kernel performs the execve it
 * allows, re-reading the path a thread may have changed meanwhile: the
 * mount view must refuse it too (DESIGN invariant 5). */
static int sr_mark_noexec(const struct sr_strlist *noexec, struct sr_error *err)
{
	char path[PATH_MAX], real[PATH_MAX];

	for (size_t i = 0; i < noexec->len; i++) {
		const char *p = noexec->items[i];
		if (sr_join(path, sizeof(path), SR_NEWROOT, p, err) < 0 ||
		    sr_refuse_link_on_the_way("noexec", p, path, true, err) < 0)
			return -1;
		if (realpath(path, real) == NULL) {
			bool makeable;
			/* Only a mount makes the kernel refuse: a path the
			 * program makes later would run (invariant 5). */
			if (errno == ENOENT) {
				if (sr_could_be_made(path, &makeable, err) < 0)
					return sr_error_wrap(err, "noexec=%s", p);
				if (makeable)
					return sr_fail(err, 0, "noexec=%s: not in the sandbox, and the program could make it "
						       "and run what it puts there: make it before, or name what exists", p);
				sr_info("noexec=%s: not in the sandbox, nothing to mark", p);
				continue;
			}
			return sr_fail(err, errno, "noexec=%s", p);
		}
		/* A link that leads out of the new root marks nothing of it. */
		if (!sr_path_is_under(real, SR_NEWROOT))
			return sr_fail(err, 0, "noexec=%s: a link out of the sandbox's view", p);
		if (mount(real, real, NULL, MS_BIND | MS_REC, NULL) < 0)
			return sr_fail(err, errno, "noexec=%s: cannot bind it onto itself", p);
		if (sr_restrict_mount(real, MOUNT_ATTR_NOEXEC, true, err) < 0)
			return sr_error_wrap(err, "noexec=%s", p);
	}
	return 0;
}

/* Whether one line of a hosts(5) file names `name`: a host name or
 * alias after the address, compared as the resolver does (ignoring
 * case), up to a comment. */
static bool sr_hosts_line_names(char *line, const char *name)
{
	char *save = NULL;

	line[strcspn(line, "#\n")] = '\0';
	if (strtok_r(line, " \t", &save) == NULL)
		return false;
	for (char *word; (word = strtok_r(NULL, " \t", &save)) != NULL;)
		if (strcasecmp(word, name) == 0)
			return true;
	return false;
}

/* Natively the host's own name resolves (Debian's /etc/hosts lists it
 * at 127.0.1.1); the sandbox's, unknown to the host's /etc/hosts and
 * with no DNS to ask, would not, and getaddrinfo(gethostname()) fails
 * (hostname -f, Java's getLocalHost, test suites).  So the view's
 * /etc/hosts, when it shows a regular file that does not list the name,
 * becomes a read-only copy that adds it, as container engines do.  The
 * copy lives in the staging tmpfs, whose detached root the bind keeps. */
static int sr_show_hostname(const char *hostname, struct sr_error *err)
{
	const char *hosts = SR_NEWROOT "/etc/hosts";
	const char *copy = "/hosts";
	struct stat st;
	char *line = NULL;
	size_t cap = 0;
	bool named = false;
	int rc = 0;

	if (lstat(hosts, &st) < 0 || !S_ISREG(st.st_mode))
		return 0;
	FILE *in = fopen(hosts, "re");
	if (in == NULL)
		return 0;
	FILE *out = fopen(copy, "wxe");
	if (out == NULL) {
		fclose(in);
		return sr_fail(err, errno, "cannot create the sandbox's /etc/hosts");
	}
	while (getline(&line, &cap, in) >= 0) {
		size_t len = strlen(line);
		if (fputs(line, out) == EOF || (len > 0 && line[len - 1] != '\n' && fputc('\n', out) == EOF)) {
			rc = sr_fail(err, errno, "cannot write the sandbox's /etc/hosts");
			break;
		}
		named = named || sr_hosts_line_names(line, hostname);
	}
	if (rc == 0 && ferror(in))
		rc = sr_fail(err, EIO, "cannot read /etc/hosts");
	free(line);
	fclose(in);
	if (rc == 0 && !named && fprintf(out, "127.0.1.1\t%s\n", hostname) < 0)
		rc = sr_fail(err, errno, "cannot write the sandbox's /etc/hosts");
	if (fclose(out) == EOF && rc == 0)
		rc = sr_fail(err, errno, "cannot write the sandbox's /etc/hosts");
	if (rc == 0 && !named) {
		if (chmod(copy, 0644) < 0 || mount(copy, hosts, NULL, MS_BIND, NULL) < 0)
			rc = sr_fail(err, errno, "cannot show the sandbox's /etc/hosts");
		else
			rc = sr_restrict_mount(hosts, MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV,
					       false, err);
	}
	/* Kept on success: linked, the copy looks like any file (ls -l). */
	if (rc < 0 || named)
		unlink(copy);
	return rc;
}

int sr_sandbox_build_root(const struct sr_mount_plan *plan, const struct sr_config *cfg,
			  struct sr_error *err)
{
	char path[PATH_MAX];

	/* Nothing done here may propagate back to the host. */
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		return sr_fail(err, errno, "cannot make the mount namespace private");
	if (mount("tmpfs", SR_BASE_DIR, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755") < 0)
		return sr_fail(err, errno, "cannot mount the staging tmpfs on %s", SR_BASE_DIR);
	if (mkdir(SR_BASE_DIR SR_OLDROOT, 0755) < 0 || mkdir(SR_BASE_DIR SR_NEWROOT, 0755) < 0)
		return sr_fail(err, errno, "cannot create the staging directories");
	if (syscall(SYS_pivot_root, SR_BASE_DIR, SR_BASE_DIR SR_OLDROOT) < 0)
		return sr_fail(err, errno, "cannot pivot_root into the staging tmpfs");
	if (chdir("/") < 0)
		return sr_fail(err, errno, "chdir /");
	const struct sr_plan_entry *root = sr_mount_plan_root(plan);
	if (root != NULL) {
		if (sr_bind_one("/", root->source, false, false, &cfg->hide, err) < 0)
			return sr_error_wrap(err, "root=%s", root->source);
	} else if (mount("tmpfs", SR_NEWROOT, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755") < 0) {
		return sr_fail(err, errno, "cannot mount the root tmpfs");
	}

	for (size_t i = 0; i < plan->len; i++) {
		const struct sr_plan_entry *e = &plan->entries[i];
		char *slash;
		int rc = 0;

		if (e == root)
			continue;
		/* Under a root of the profile's, the caller's cwd is shown only
		 * where that root has a place for it. */
		if (root != NULL && e->is_cwd) {
			if (sr_join(path, sizeof(path), SR_NEWROOT, e->dest, err) < 0)
				return -1;
			if (access(path, F_OK) < 0)
				continue;
		}
		switch (e->kind) {
		case SR_PLAN_BIND:
			rc = sr_bind_one(e->dest, e->source, e->writable, false, &cfg->hide, err);
			break;
		case SR_PLAN_TMPFS:
			if (sr_join(path, sizeof(path), SR_NEWROOT, e->dest, err) < 0)
				return -1;
			rc = sr_mkdir_p(path, 0755, err);
			if (rc == 0 && mount("tmpfs", path, "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777") < 0)
				rc = sr_fail(err, errno, "cannot mount tmpfs on %s", e->dest);
			break;
		case SR_PLAN_SYMLINK:
			if (sr_join(path, sizeof(path), SR_NEWROOT, e->dest, err) < 0)
				return -1;
			slash = strrchr(path, '/');
			*slash = '\0';
			rc = sr_mkdir_p(path, 0755, err);
			*slash = '/';
			if (rc == 0 && symlink(e->source, path) < 0 && errno != EEXIST)
				rc = sr_fail(err, errno, "cannot create link %s", e->dest);
			break;
		case SR_PLAN_OVERLAY:
			rc = sr_overlay_one(e->dest, e->source, i, &cfg->hide, err);
			break;
		case SR_PLAN_DIR:
			if (sr_join(path, sizeof(path), SR_NEWROOT, e->dest, err) < 0)
				return -1;
			rc = sr_mkdir_p(path, 0700, err);
			break;
		case SR_PLAN_DEV:
			rc = sr_build_dev(err);
			break;
		case SR_PLAN_PROC:
			rc = sr_build_proc(err);
			break;
		}
		/* A read-only root of the profile's has no room for a new one. */
		if (rc < 0 && root != NULL && err->errnum == EROFS)
			return sr_error_wrap(err, "root=%s is read-only: make %s in it", root->source, e->dest);
		if (rc < 0)
			return -1;
	}

	if (sr_check_hide_links(&cfg->hide, err) < 0 || sr_mark_noexec(&cfg->noexec, err) < 0 ||
	    sr_show_hostname(cfg->hostname ? cfg->hostname : SR_DEFAULT_HOSTNAME, err) < 0)
		return -1;
	/* The skeleton itself is read-only: the program writes only where a
	 * tmpfs or a read-write bind lets it. */
	if (sr_restrict_mount(SR_NEWROOT "/dev", MOUNT_ATTR_RDONLY, false, err) < 0 ||
	    sr_restrict_mount(SR_NEWROOT, MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV, false, err) < 0)
		return -1;
	if (umount2(SR_OLDROOT, MNT_DETACH) < 0)
		return sr_fail(err, errno, "cannot detach the host's root");
	if (chdir(SR_NEWROOT) < 0)
		return sr_fail(err, errno, "chdir to the new root");
	/* pivot_root(".", ".") stacks the staging root over the new one;
	 * detaching "." then leaves only the new root. */
	if (syscall(SYS_pivot_root, ".", ".") < 0)
		return sr_fail(err, errno, "cannot pivot_root into the new root");
	if (umount2(".", MNT_DETACH) < 0)
		return sr_fail(err, errno, "cannot detach the staging root");
	if (chdir("/") < 0)
		return sr_fail(err, errno, "chdir /");
	return 0;
}

unsigned long sr_sandbox_namespaces(const struct sr_config *cfg)
{
	return CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWIPC | CLONE_NEWUTS |
	       (cfg->net == SR_NET_HOST ? 0 : CLONE_NEWNET);
}

int sr_sandbox_set_hostname(const char *hostname, struct sr_error *err)
{
	if (sethostname(hostname, strlen(hostname)) < 0)
		return sr_fail(err, errno, "cannot set the host name to '%s'", hostname);
	return 0;
}
