/* The Gofer's resolver over a temporary tree used as the sandbox root:
 * ".." and absolute symlinks stop at the root, links are bounded, the
 * kernel's errors come back, and /proc/self names the caller. */

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gofer/resolve.h"

static char root_dir[] = "/tmp/sr-resolve-XXXXXX";
static int root_fd = -1;
static struct sr_dir_cache cache;
static struct sr_resolve_ctx ctx;

static void put_file(const char *rel, const char *text)
{
	int fd = openat(root_fd, rel, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	ck_assert_msg(fd >= 0, "create %s: %s", rel, strerror(errno));
	ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
}

static void put_dir(const char *rel)
{
	ck_assert_msg(mkdirat(root_fd, rel, 0755) == 0, "mkdir %s: %s", rel, strerror(errno));
}

static void put_link(const char *rel, const char *target)
{
	ck_assert_msg(symlinkat(target, root_fd, rel) == 0, "symlink %s: %s", rel, strerror(errno));
}

static void setup(void)
{
	char name[32], target[32];

	ck_assert_ptr_nonnull(mkdtemp(root_dir));
	root_fd = open(root_dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	ck_assert_int_ge(root_fd, 0);
	put_dir("etc");
	put_file("etc/passwd", "sandbox passwd\n");
	put_dir("dir");
	put_file("dir/file", "hello\n");
	put_dir("dir/sub");
	put_link("dir-link", "dir");
	put_link("abs-link", "/etc/passwd");
	put_link("rel-link", "dir/sub/../../etc/passwd");
	put_link("escape-link", "../../../../../etc/passwd");
	put_link("loop-a", "loop-b");
	put_link("loop-b", "loop-a");
	put_link("dangling", "nowhere");
	/* chain-0 -> chain-1 -> ... -> chain-40 -> dir/file: 41 links. */
	for (int i = 0; i <= SR_RESOLVE_LINKS_MAX; i++) {
		snprintf(name, sizeof(name), "chain-%d", i);
		if (i == SR_RESOLVE_LINKS_MAX)
			snprintf(target, sizeof(target), "dir/file");
		else
			snprintf(target, sizeof(target), "chain-%d", i + 1);
		put_link(name, target);
	}
	/* A fake procfs: the Gofer's own self link names someone else. */
	put_dir("proc");
	put_link("proc/self", "999");
	put_link("proc/thread-self", "999/task/999");
	put_dir("proc/42");
	put_file("proc/42/status", "Pid: 42\n");
	put_dir("proc/42/task");
	put_dir("proc/42/task/43");
	put_file("proc/42/task/43/comm", "worker\n");
	put_link("proc/42/root", "/");
	put_link("proc/42/cwd", "/dir");
	/* As /etc/mtab is: a link into /proc/self. */
	put_link("mtab", "proc/self/mounts");

	memset(&cache, 0, sizeof(cache));
	ctx = (struct sr_resolve_ctx){ .root_fd = root_fd, .proc_dir = "/proc", .nspid = 42,
				       .nstid = 43, .cache = &cache };
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void teardown(void)
{
	sr_dir_cache_free(&cache);
	close(root_fd);
	nftw(root_dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static int open_in_root(const char *rel)
{
	int fd = openat(root_fd, rel, O_PATH | O_DIRECTORY | O_CLOEXEC);

	ck_assert_msg(fd >= 0, "open %s: %s", rel, strerror(errno));
	return fd;
}

/* The object resolved is the tree's `rel`, by inode. */
static void assert_is(const struct sr_resolved *r, const char *rel)
{
	struct stat want;

	ck_assert_int_ge(r->fd, 0);
	ck_assert_int_eq(fstatat(root_fd, rel, &want, AT_SYMLINK_NOFOLLOW), 0);
	ck_assert_msg(r->st.st_ino == want.st_ino && r->st.st_dev == want.st_dev,
		      "resolved to another inode than %s", rel);
}

static int resolve(int dirfd, const char *path, unsigned flags, struct sr_resolved *r)
{
	return sr_resolve(&ctx, dirfd, path, flags, r);
}

START_TEST(test_plain_absolute_and_relative_paths)
{
	sr_cleanup_resolved struct sr_resolved r = SR_RESOLVED_NONE;
	sr_cleanup_close int dir = open_in_root("dir");

	ck_assert_int_eq(resolve(-1, "/dir//file", SR_RESOLVE_FOLLOW_LAST, &r), 0);
	ck_assert_str_eq(r.path, "/dir/file");
	ck_assert_str_eq(r.last, "file");
	ck_assert_int_eq(r.last_kind, SR_RESOLVE_LAST_NAME);
	assert_is(&r, "dir/file");
	sr_resolved_release(&r);

	ck_assert_int_eq(resolve(dir, "sub/../file", SR_RESOLVE_FOLLOW_LAST, &r), 0);
	ck_assert_str_eq(r.path, "/dir/file");
	assert_is(&r, "dir/file");

	/* The parent fd and the last name open the same object. */
	sr_cleanup_close int fd = openat(r.parent_fd, r.last, O_RDONLY | O_CLOEXEC);
	char buf[16] = { 0 };
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(read(fd, buf, sizeof(buf) - 1), 6);
	ck_assert_str_eq(buf, "hello\n");
}
END_TEST

/* A last name over NAME_MAX: an error of the whole lookup, but for a
 * parent's lookup (create, remove, rename) a name the caller refuses
 * when the kernel would look it up, with an empty `last` to act on. */
START_TEST(test_a_long_last_name_is_left_to_a_parent_lookup)
{
	sr_cleanup_resolved struct sr_resolved r = SR_RESOLVED_NONE;
	char path[512];

	memset(path, 'n', 256);
	path[256] = '\0';
	char *name = strdup(path);
	ck_assert_ptr_nonnull(name);
	snprintf(path, sizeof(path), "/dir/%s", name);
	ck_assert_int_eq(resolve(-1, path, SR_RESOLVE_FOLLOW_LAST, &r), ENAMETOOLONG);
	ck_assert_int_eq(resolve(-1, path, SR_RESOLVE_PARENT, &r), 0);
	ck_assert(r.name_too_long);
	ck_assert_str_eq(r.last, "");
	ck_assert_int_eq(r.fd, -1);
	ck_assert_int_ge(r.parent_fd, 0);
	ck_assert_uint_eq(strlen(r.path), strlen("/dir/") + NAME_MAX);
	sr_resolved_release(&r);
	/* Not the last: the walk's error. */
	snprintf(path, sizeof(path), "/dir/%s/x", name);
	ck_assert_int_eq(resolve(-1, path, SR_RESOLVE_PARENT, &r), ENAMETOOLONG);
	/* A missing directory before it is found first. */
	snprintf(path, sizeof(path), "/none/%s", name);
	ck_assert_int_eq(resolve(-1, path, SR_RESOLVE_PARENT, &r), ENOENT);
	free(name);
}
END_TEST

/* Plain paths take one openat2 (resolve_fast), the others the walk: the
 * same object, parent and path either way.  "/./x" always walks. */
START_TEST(test_plain_paths_resolve_as_the_walk_does)
{
	static const char *const plain[] = { "/dir/file", "/dir/sub", "/dir/missing", "/dir-link",
					     "/etc/passwd", "/abs-link" };
	sr_cleanup_close int dir = open_in_root("dir");

	for (size_t i = 0; i < sizeof(plain) / sizeof(plain[0]); i++) {
		sr_cleanup_resolved struct sr_resolved fast = SR_RESOLVED_NONE;
		sr_cleanup_resolved struct sr_resolved walked = SR_RESOLVED_NONE;
		char dotted[64];
		struct stat pf, pw;

		snprintf(dotted, sizeof(dotted), "/.%s", plain[i]);
		ck_assert_int_eq(resolve(-1, plain[i], 0, &fast), 0);
		ck_assert_int_eq(resolve(-1, dotted, 0, &walked), 0);
		ck_assert_str_eq(fast.path, walked.path);
		ck_assert_str_eq(fast.last, walked.last);
		ck_assert_int_eq(fast.fd >= 0, walked.fd >= 0);
		if (fast.fd >= 0)
			ck_assert(fast.st.st_ino == walked.st.st_ino && fast.st.st_mode == walked.st.st_mode);
		ck_assert_int_eq(fstat(fast.parent_fd, &pf), 0);
		ck_assert_int_eq(fstat(walked.parent_fd, &pw), 0);
		ck_assert(pf.st_ino == pw.st_ino);
	}
	/* A link to follow, on the way or last, is the walk's. */
	sr_cleanup_resolved struct sr_resolved r = SR_RESOLVED_NONE;
	ck_assert_int_eq(resolve(-1, "/dir-link/file", 0, &r), 0);
	ck_assert_str_eq(r.path, "/dir/file");
	sr_resolved_release(&r);
	ck_assert_int_eq(resolve(-1, "/abs-link", SR_RESOLVE_FOLLOW_LAST, &r), 0);
	ck_assert_str_eq(r.path, "/etc/passwd");
	sr_resolved_release(&r);
	/* What the walk would answer for a missing or non-directory name. */
	ck_assert_int_eq(resolve(-1, "/nowhere/file", 0, &r), ENOENT);
	ck_assert_int_eq(resolve(-1, "/etc/passwd/x", 0, &r), ENOTDIR);
	/* Relative: from the dirfd's own path. */
	ck_assert_int_eq(resolve(dir, "sub", 0, &r), 0);
	ck_assert_str_eq(r.path, "/dir/sub");
	sr_resolved_release(&r);
	/* What the object is, without an fd to it; or that it is not. */
	struct stat want;
	ck_assert_int_eq(fstatat(root_fd, "dir/file", &want, 0), 0);
	ck_assert_int_eq(resolve(-1, "/dir/file", SR_RESOLVE_NO_FD, &r), 0);
	ck_assert(r.exists && r.fd == -1 && r.st.st_ino == want.st_ino && r.parent_fd >= 0);
	sr_resolved_release(&r);
	ck_assert_int_eq(resolve(-1, "/dir/missing", SR_RESOLVE_NO_FD, &r), 0);
	ck_assert(!r.exists && r.fd == -1);
	sr_resolved_release(&r);
	/* The walk (a link on the way) gives one anyway. */
	ck_assert_int_eq(resolve(-1, "/dir-link/file", SR_RESOLVE_NO_FD, &r), 0);
	ck_assert(r.exists && r.st.st_ino == want.st_ino);
}
END_TEST

/* Everything but the place of the link dir-link may not change. */
static bool all_but_dir_link(const void *arg, const char *path)
{
	(void)arg;
	return strcmp(path, "/dir-link") != 0;
}

START_TEST(test_stable_when_every_link_followed_is_fixed)
{
	sr_cleanup_resolved struct sr_resolved r = SR_RESOLVED_NONE;

	ctx.fixed = all_but_dir_link;
	ck_assert_int_eq(resolve(-1, "/dir/file", 0, &r), 0);
	ck_assert(r.stable);
	sr_resolved_release(&r);
	ck_assert_int_eq(resolve(-1, "/abs-link", SR_RESOLVE_FOLLOW_LAST, &r), 0);
	ck_assert(r.stable);
	sr_resolved_release(&r);
	ck_assert_int_eq(resolve(-1, "/dir-link/file", 0, &r), 0);
	ck_assert(!r.stable);
	sr_resolved_release(&r);
	/* Not followed, the link is the object: its own place decides. */
	ck_assert_int_eq(resolve(-1, "/dir-link", 0, &r), 0);
	ck_assert(!r.stable);
	sr_resolved_release(&r);
	ctx.fixed = NULL;
	ck_assert_int_eq(resolve(-1, "/dir/file", 0, &r), 0);
	ck_assert(!r.stable);
}
END_TEST

START_TEST(test_dotdot_of_the_root_stays_at_the_root)
{
	sr_cleanup_resolved struct sr_resolved r = SR_RESOLVED_NONE;
	sr_cleanup_close int dir = open_in_root("dir");

	ck_assert_int_eq(resolve(-1, "/../../../etc/passwd", SR_RESOLVE_FOLLOW_LAST, &r), 0);
	ck_assert_str_eq(r.path, "/etc/passwd");
	assert_is(&r, "etc/passwd");
	sr_resolved_release(&r);

	ck_assert_int_eq(resolve(dir, "../../../..", SR_RESOLVE_FOLLOW_LAST, &r), 0);
	ck_assert_str_eq(r.path, "/");
	ck_assert_int_eq(r.last_kind, SR_RESOLVE_LAST_DOTDOT);
	assert_is(&r, ".");
}
END_TEST

START_TEST(test_absolute_symlink_resolves_inside_the_root)
{
	sr_cleanup_resolved struct sr_resolved r = SR_RESOLVED_NONE;
	struct stat host;

	ck_assert_int_eq(resolve(-1, "/abs-link", SR_RESOLVE_FOLLOW_LAST, &r), 0);
	ck_assert_str_eq(r.path, "/etc/passwd");
	assert_is(&r, "etc/passwd");
	if (stat("/etc/passwd", &host) == 0)
		ck_assert(host.st_ino != r.st.st_ino || host.st_dev != r.st.st_dev);
}
END_TEST

START_TEST(test_relative_symlinks_with_dotdot_stay_inside)
{
	sr_cleanup_resolved struct sr_resolved r = SR_RESOLVED_NONE;

	ck_assert_int_eq(resolve(-1, "/rel-link", SR_RESOLVE_FOLLOW_LAST, &r), 0);
	ck_assert_str_eq(r.path, "/etc/passwd");
	sr_resolved_release(&r);
	ck_assert_int_eq(resolve(-1, "/dir/sub/../../escape-link", SR_RESOLVE_FOLLOW_LAST, &r), 0);
	ck_assert_str_eq(r.path, "/etc/passwd");
	assert_is(&r, "etc/passwd");
}
END_TEST

START_TEST(test_symlink_loop_is_eloop)
{
	struct sr_resolved r;

	ck_assert_int_eq(resolve(-1, "/loop-a", SR_RESOLVE_FOLLOW_LAST, &r), ELOOP);
	ck_assert_int_eq(r.fd, -1);
	ck_assert_int_eq(r.parent_fd, -1);
	ck_assert_int_eq(resolve(-1, "/loop-a/x", 0, &r), ELOOP);
}
END_TEST

START_TEST(test_forty_links_resolve_forty_one_do_not)
{
	sr_cleanup_resolved struct sr_resolved r = SR_RESOLVED_NONE;

	ck_assert_int_eq(resolve(-1, "/chain-1", SR_RESOLVE_FOLLOW_LAST, &r), 0);
	assert_is(&r, "dir/file");
	sr_resolved_release(&r);
	ck_assert_int_eq(resolve(-1, "/chain-0", SR_RESOLVE_FOLLOW_LAST, &r), ELOOP);
}
END_TEST

START_TEST(test_long_names_and_paths_are_enametoolong)
{
	struct sr_resolved r;
	char name[NAME_MAX + 3];
	char *path = malloc(PATH_MAX + 1);

	ck_assert_ptr_nonnull(path);
	memset(name, 'a', sizeof(name) - 1);
	name[0] = '/';
	name[sizeof(name) - 1] = '\0';
	ck_assert_int_eq(resolve(-1, name, SR_RESOLVE_FOLLOW_LAST, &r), ENAMETOOLONG);
	/* PATH_MAX bytes without the NUL: too long even though each "./"
	 * would resolve to nothing. */
	for (size_t i = 0; i < PATH_MAX; i += 2)
		memcpy(path + i, "./", 2);
	path[PATH_MAX] = '\0';
	ck_assert_int_eq(resolve(root_fd, path, SR_RESOLVE_FOLLOW_LAST, &r), ENAMETOOLONG);
	free(path);
}
END_TEST

START_TEST(test_non_directory_in_the_middle_is_enotdir)
{
	struct sr_resolved r;

	ck_assert_int_eq(resolve(-1, "/dir/file/x", SR_RESOLVE_FOLLOW_LAST, &r), ENOTDIR);
	ck_assert_int_eq(resolve(-1, "/dir/file/.", SR_RESOLVE_FOLLOW_LAST, &r), ENOTDIR);
	ck_assert_int_eq(resolve(-1, "/nowhere/x", SR_RESOLVE_FOLLOW_LAST, &r), ENOENT);
}
END_TEST

START_TEST(test_trailing_slash_needs_a_directory)
{
	sr_cleanup_resolved struct sr_resolved r = SR_RESOLVED_NONE;

	ck_assert_int_eq(resolve(-1, "/dir/file/", SR_RESOLVE_FOLLOW_LAST, &r), ENOTDIR);
	ck_assert_int_eq(resolve(-1, "/dir/sub/", SR_RESOLVE_FOLLOW_LAST, &r), 0);
	ck_assert(r.trailing_slash);
	sr_resolved_release(&r);
	/* A trailing slash follows a link even for lstat. */
	ck_assert_int_eq(resolve(-1, "/dir-link/", 0, &r), 0);
	ck_assert(S_ISDIR(r.st.st_mode));
	ck_assert_str_eq(r.path, "/dir");
}
END_TEST

START_TEST(test_last_link_not_followed_without_follow_last)
{
	sr_cleanup_resolved struct sr_resolved r = SR_RESOLVED_NONE;

	ck_assert_int_eq(resolve(-1, "/abs-link", 0, &r), 0);
	ck_assert(S_ISLNK(r.st.st_mode));
	ck_assert_str_eq(r.path, "/abs-link");
	assert_is(&r, "abs-link");
	sr_resolved_release(&r);
	/* A dangling link followed names its missing target. */
	ck_assert_int_eq(resolve(-1, "/dangling", SR_RESOLVE_FOLLOW_LAST, &r), 0);
	ck_assert_int_eq(r.fd, -1);
	ck_assert_str_eq(r.path, "/nowhere");
	ck_assert_str_eq(r.last, "nowhere");
}
END_TEST

START_TEST(test_parent_mode_gives_parent_and_last_name)
{
	sr_cleanup_resolved struct sr_resolved r = SR_RESOLVED_NONE;
	struct stat st;

	ck_assert_int_eq(resolve(-1, "/dir/new", SR_RESOLVE_PARENT, &r), 0);
	ck_assert_int_eq(r.fd, -1);
	ck_assert_str_eq(r.last, "new");
	ck_assert_str_eq(r.path, "/dir/new");
	ck_assert_int_eq(fstat(r.parent_fd, &st), 0);
	ck_assert_int_eq(mkdirat(r.parent_fd, r.last, 0700), 0);
	ck_assert_int_eq(fstatat(root_fd, "dir/new", &st, 0), 0);
	sr_resolved_release(&r);

	/* The last link stays as it is, trailing slash or not. */
	ck_assert_int_eq(resolve(-1, "/dir-link/", SR_RESOLVE_PARENT, &r), 0);
	ck_assert(S_ISLNK(r.st.st_mode));
	ck_assert(r.trailing_slash);
	ck_assert_str_eq(r.last, "dir-link");
	sr_resolved_release(&r);

	ck_assert_int_eq(resolve(-1, "/dir/.", SR_RESOLVE_PARENT, &r), 0);
	ck_assert_int_eq(r.last_kind, SR_RESOLVE_LAST_DOT);
	ck_assert_str_eq(r.path, "/dir");
	sr_resolved_release(&r);
	ck_assert_int_eq(resolve(-1, "/dir/sub/..", SR_RESOLVE_PARENT, &r), 0);
	ck_assert_int_eq(r.last_kind, SR_RESOLVE_LAST_DOTDOT);
	ck_assert_str_eq(r.path, "/dir");
	sr_resolved_release(&r);
	ck_assert_int_eq(resolve(-1, "/", SR_RESOLVE_PARENT, &r), 0);
	ck_assert_int_eq(r.last_kind, SR_RESOLVE_LAST_ROOT);
	ck_assert_str_eq(r.path, "/");
}
END_TEST

START_TEST(test_empty_path_is_the_dirfd)
{
	sr_cleanup_resolved struct sr_resolved r = SR_RESOLVED_NONE;
	sr_cleanup_close int dir = open_in_root("dir/sub");
	sr_cleanup_close int file = openat(root_fd, "dir/file", O_RDONLY | O_CLOEXEC);

	ck_assert_int_eq(resolve(dir, "", 0, &r), ENOENT);
	ck_assert_int_eq(resolve(dir, "", SR_RESOLVE_EMPTY_PATH, &r), 0);
	ck_assert_int_eq(r.last_kind, SR_RESOLVE_LAST_EMPTY);
	ck_assert_str_eq(r.path, "/dir/sub");
	ck_assert_int_eq(r.parent_fd, -1);
	assert_is(&r, "dir/sub");
	sr_resolved_release(&r);
	/* A file the program holds has no path to check: it was checked
	 * when it was opened. */
	ck_assert_int_eq(resolve(file, "", SR_RESOLVE_EMPTY_PATH, &r), 0);
	ck_assert_str_eq(r.path, "");
	assert_is(&r, "dir/file");
}
END_TEST

START_TEST(test_proc_self_names_the_caller)
{
	sr_cleanup_resolved struct sr_resolved r = SR_RESOLVED_NONE;

	ck_assert_int_eq(resolve(-1, "/proc/self/status", SR_RESOLVE_FOLLOW_LAST, &r), 0);
	ck_assert_str_eq(r.path, "/proc/42/status");
	assert_is(&r, "proc/42/status");
	sr_resolved_release(&r);
	ck_assert_int_eq(resolve(-1, "/proc/thread-self/comm", SR_RESOLVE_FOLLOW_LAST, &r), 0);
	ck_assert_str_eq(r.path, "/proc/42/task/43/comm");
	sr_resolved_release(&r);
	/* readlink("/proc/self") reads the caller's pid. */
	ck_assert_int_eq(resolve(-1, "/proc/self", 0, &r), 0);
	ck_assert_str_eq(r.proc_link, "42");
	sr_resolved_release(&r);
	/* Only directly under the proc mount: dir/self is a plain name. */
	ck_assert_int_eq(resolve(-1, "/dir/self", SR_RESOLVE_FOLLOW_LAST, &r), 0);
	ck_assert_int_eq(r.fd, -1);
	sr_resolved_release(&r);

	ctx.nspid = 0;
	ctx.nstid = 0;
	ck_assert_int_eq(resolve(-1, "/proc/self/status", SR_RESOLVE_FOLLOW_LAST, &r), ENOENT);
	/* Unknown ids that may be asked for: the walk says it needs them,
	 * also when a symlink elsewhere leads there. */
	ctx.ask_task_ids = true;
	ck_assert_int_eq(resolve(-1, "/proc/self/status", SR_RESOLVE_FOLLOW_LAST, &r),
			 SR_RESOLVE_NEED_TASK_IDS);
	ck_assert_int_eq(resolve(-1, "/proc/thread-self", SR_RESOLVE_FOLLOW_LAST, &r),
			 SR_RESOLVE_NEED_TASK_IDS);
	ck_assert_int_eq(resolve(-1, "/mtab", SR_RESOLVE_FOLLOW_LAST, &r), SR_RESOLVE_NEED_TASK_IDS);
	ck_assert_int_eq(resolve(-1, "/mtab", 0, &r), 0);
	sr_resolved_release(&r);
	ck_assert_int_eq(resolve(-1, "/proc/1/status", SR_RESOLVE_FOLLOW_LAST, &r), ENOENT);
	ctx.ask_task_ids = false;
}
END_TEST

START_TEST(test_proc_self_root_stays_in_the_root)
{
	sr_cleanup_resolved struct sr_resolved r = SR_RESOLVED_NONE;

	ck_assert_int_eq(resolve(-1, "/proc/self/root/../../etc/passwd", SR_RESOLVE_FOLLOW_LAST, &r), 0);
	ck_assert_str_eq(r.path, "/etc/passwd");
	assert_is(&r, "etc/passwd");
	sr_resolved_release(&r);
	ck_assert_int_eq(resolve(-1, "/proc/self/cwd/../../../etc", SR_RESOLVE_FOLLOW_LAST, &r), 0);
	ck_assert_str_eq(r.path, "/etc");
	sr_resolved_release(&r);
	/* RESOLVE_NO_MAGICLINKS: /proc/N/root is one, /proc/self is not. */
	ck_assert_int_eq(resolve(-1, "/proc/self/root/etc",
				 SR_RESOLVE_FOLLOW_LAST | SR_RESOLVE_NO_MAGICLINKS, &r), ELOOP);
	ck_assert_int_eq(resolve(-1, "/proc/self/status",
				 SR_RESOLVE_FOLLOW_LAST | SR_RESOLVE_NO_MAGICLINKS, &r), 0);
}
END_TEST

START_TEST(test_openat2_scopes)
{
	sr_cleanup_resolved struct sr_resolved r = SR_RESOLVED_NONE;
	sr_cleanup_close int dir = open_in_root("dir");

	ck_assert_int_eq(resolve(dir, "../etc/passwd", SR_RESOLVE_BENEATH, &r), EXDEV);
	ck_assert_int_eq(resolve(dir, "/file", SR_RESOLVE_BENEATH, &r), EXDEV);
	ck_assert_int_eq(resolve(dir, "sub/../file", SR_RESOLVE_BENEATH, &r), 0);
	ck_assert_str_eq(r.path, "/dir/file");
	sr_resolved_release(&r);
	ck_assert_int_eq(resolve(dir, "/file", SR_RESOLVE_IN_ROOT, &r), 0);
	ck_assert_str_eq(r.path, "/dir/file");
	sr_resolved_release(&r);
	ck_assert_int_eq(resolve(dir, "../../file", SR_RESOLVE_IN_ROOT, &r), 0);
	assert_is(&r, "dir/file");
	sr_resolved_release(&r);
	ck_assert_int_eq(resolve(-1, "/rel-link", SR_RESOLVE_FOLLOW_LAST | SR_RESOLVE_NO_SYMLINKS, &r),
			 ELOOP);
}
END_TEST

/* A tree deeper than PATH_MAX: the path kept is the deepest ancestor
 * that fits, the names below it are counted, and ".." climbs back. */
START_TEST(test_tree_deeper_than_path_max_is_counted)
{
	sr_cleanup_resolved struct sr_resolved r = SR_RESOLVED_NONE;
	char name[201], path[PATH_MAX], expect[PATH_MAX] = "/dir";
	unsigned deep, expect_deep = 0, levels = 25;
	int dir = open_in_root("dir");

	memset(name, 'd', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	for (unsigned i = 0; i < levels; i++) {
		ck_assert_int_eq(mkdirat(dir, name, 0755), 0);
		int next = openat(dir, name, O_PATH | O_DIRECTORY | O_CLOEXEC);
		ck_assert_int_ge(next, 0);
		close(dir);
		dir = next;
		if (expect_deep == 0 && strlen(expect) + 1 + strlen(name) + 1 <= PATH_MAX)
			snprintf(expect + strlen(expect), sizeof(expect) - strlen(expect), "/%s", name);
		else
			expect_deep++;
	}
	ck_assert_int_eq(sr_resolve_dir_path(&ctx, dir, path, &deep), 0);
	ck_assert_uint_gt(expect_deep, 0);
	ck_assert_uint_eq(deep, expect_deep);
	ck_assert_str_eq(path, expect);
	/* A new name at the bottom, and back up by "..". */
	ck_assert_int_eq(resolve(dir, "new", SR_RESOLVE_PARENT, &r), 0);
	ck_assert_int_eq(r.fd, -1);
	ck_assert_uint_eq(r.deep, deep + 1);
	ck_assert_str_eq(r.path, path);
	sr_resolved_release(&r);
	r = SR_RESOLVED_NONE;
	ck_assert_int_eq(resolve(dir, "..", SR_RESOLVE_FOLLOW_LAST, &r), 0);
	ck_assert_uint_eq(r.deep, deep - 1);
	sr_resolved_release(&r);
	r = SR_RESOLVED_NONE;
	/* As far up as the whole path fits again: the same text. */
	char up[4 * 26] = "";
	for (unsigned i = 0; i < deep; i++)
		strcat(up, i == 0 ? ".." : "/..");
	ck_assert_int_eq(resolve(dir, up, SR_RESOLVE_FOLLOW_LAST, &r), 0);
	ck_assert_uint_eq(r.deep, 0);
	ck_assert_str_eq(r.path, path);
	/* teardown's nftw would meet paths too long: climb out removing. */
	for (unsigned i = 0; i < levels; i++) {
		int parent = openat(dir, "..", O_PATH | O_DIRECTORY | O_CLOEXEC);
		ck_assert_int_ge(parent, 0);
		close(dir);
		dir = parent;
		ck_assert_int_eq(unlinkat(dir, name, AT_REMOVEDIR), 0);
	}
	close(dir);
}
END_TEST

START_TEST(test_dir_path_found_from_the_fd_and_never_stale)
{
	char path[PATH_MAX];
	unsigned deep;
	int sub = open_in_root("dir/sub");
	sr_cleanup_close int outside = open("/tmp", O_PATH | O_DIRECTORY | O_CLOEXEC);

	ck_assert_int_eq(sr_resolve_dir_path(&ctx, sub, path, &deep), 0);
	ck_assert_str_eq(path, "/dir/sub");
	ck_assert_uint_eq(deep, 0);
	/* Renamed since it was cached: the cache is checked, not believed. */
	ck_assert_int_eq(renameat(root_fd, "dir/sub", root_fd, "etc/moved"), 0);
	ck_assert_int_eq(sr_resolve_dir_path(&ctx, sub, path, &deep), 0);
	ck_assert_str_eq(path, "/etc/moved");
	close(sub);
	/* A directory outside the root is nowhere in the sandbox. */
	ck_assert_int_eq(sr_resolve_dir_path(&ctx, outside, path, &deep), ENOENT);
}
END_TEST

/* rmdir'ed while held (a cwd): "." and ".." still work, as natively. */
START_TEST(test_removed_directory_keeps_dot_and_dotdot)
{
	sr_cleanup_resolved struct sr_resolved r = SR_RESOLVED_NONE;
	char path[PATH_MAX];
	unsigned deep;

	put_dir("dir/gone");
	int gone = open_in_root("dir/gone");
	ck_assert_int_eq(unlinkat(root_fd, "dir/gone", AT_REMOVEDIR), 0);
	ck_assert_int_eq(sr_resolve_dir_path(&ctx, gone, path, &deep), 0);
	ck_assert_str_eq(path, "/dir/" SR_RESOLVE_REMOVED_NAME);
	ck_assert_int_eq(resolve(gone, ".", 0, &r), 0);
	ck_assert_int_eq(r.st.st_nlink, 0);
	sr_resolved_release(&r);
	ck_assert_int_eq(resolve(gone, "..", 0, &r), 0);
	assert_is(&r, "dir");
	ck_assert_str_eq(r.path, "/dir");
	sr_resolved_release(&r);
	/* Nothing else is in it, nor can be made there. */
	ck_assert_int_eq(resolve(gone, "../sub", 0, &r), 0);
	assert_is(&r, "dir/sub");
	sr_resolved_release(&r);
	ck_assert_int_eq(resolve(gone, "new", SR_RESOLVE_PARENT, &r), 0);
	ck_assert_int_lt(r.fd, 0);
	ck_assert_int_lt(mkdirat(r.parent_fd, r.last, 0755), 0);
	ck_assert_int_eq(errno, ENOENT);
	close(gone);
}
END_TEST

/* fs.protected_symlinks: may_follow_link's rule, an unknown owner
 * (unmapped: the overflow uid) equal to no one. */
START_TEST(test_protected_symlinks_rule)
{
	const uid_t me = 1000, unknown = 65534;
	struct sr_link_rule on = { .protect = true, .unknown_uid = unknown };
	struct sr_link_rule off = { .protect = false, .unknown_uid = unknown };
	static const struct {
		mode_t dir_mode;
		uid_t dir_uid, link_uid;
		int on, off;
	} cases[] = {
		{ 01777, 0, 1000, 0, 0 },          /* the follower's own link */
		{ 01777, 0, 1001, EACCES, 0 },     /* another's, in /tmp */
		{ 01777, 1001, 1001, 0, 0 },       /* the directory owner's */
		{ 01777, 65534, 65534, EACCES, 0 },  /* two unknown owners */
		{ 01777, 65534, 1001, EACCES, 0 },
		{ 00777, 0, 1001, 0, 0 },          /* not sticky */
		{ 01775, 0, 1001, 0, 0 },          /* not world-writable */
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct stat dir = { .st_mode = S_IFDIR | cases[i].dir_mode, .st_uid = cases[i].dir_uid };
		struct stat link = { .st_mode = S_IFLNK | 0777, .st_uid = cases[i].link_uid };
		ck_assert_msg(sr_resolve_may_follow(&on, &dir, &link, me) == cases[i].on, "case %zu (on)", i);
		ck_assert_msg(sr_resolve_may_follow(&off, &dir, &link, me) == cases[i].off, "case %zu (off)", i);
	}
}
END_TEST

/* The walk applies it to every link it follows, the last one and those
 * on the way, and not to a last link it does not follow. */
START_TEST(test_protected_symlinks_in_the_walk)
{
	struct sr_link_rule on = { .protect = true, .unknown_uid = 65534 };
	sr_cleanup_resolved struct sr_resolved r = SR_RESOLVED_NONE;

	if (geteuid() != 0)
		return;  /* a link of another owner needs root to make */
	put_dir("sticky");
	ck_assert_int_eq(fchmodat(root_fd, "sticky", 01777, 0), 0);
	put_link("sticky/file-link", "../dir/file");
	put_link("sticky/dir-link", "../dir");
	ck_assert_int_eq(fchownat(root_fd, "sticky/file-link", 4242, 4242, AT_SYMLINK_NOFOLLOW), 0);
	ck_assert_int_eq(fchownat(root_fd, "sticky/dir-link", 4242, 4242, AT_SYMLINK_NOFOLLOW), 0);
	ck_assert_int_eq(resolve(AT_FDCWD, "/sticky/file-link", SR_RESOLVE_FOLLOW_LAST, &r), 0);
	assert_is(&r, "dir/file");
	sr_resolved_release(&r);
	ctx.links = &on;
	ctx.fsuid = 0;
	ck_assert_int_eq(resolve(AT_FDCWD, "/sticky/file-link", SR_RESOLVE_FOLLOW_LAST, &r), EACCES);
	ck_assert_int_eq(resolve(AT_FDCWD, "/sticky/dir-link/file", 0, &r), EACCES);
	ck_assert_int_eq(resolve(AT_FDCWD, "/sticky/file-link", 0, &r), 0);
	ck_assert(S_ISLNK(r.st.st_mode));
	sr_resolved_release(&r);
	ctx.fsuid = 4242;
	ck_assert_int_eq(resolve(AT_FDCWD, "/sticky/file-link", SR_RESOLVE_FOLLOW_LAST, &r), 0);
	assert_is(&r, "dir/file");
	ctx.links = NULL;
}
END_TEST

static Suite *resolve_suite(void)
{
	Suite *s = suite_create("resolve");
	TCase *tc = tcase_create("walk");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_plain_absolute_and_relative_paths);
	tcase_add_test(tc, test_a_long_last_name_is_left_to_a_parent_lookup);
	tcase_add_test(tc, test_removed_directory_keeps_dot_and_dotdot);
	tcase_add_test(tc, test_plain_paths_resolve_as_the_walk_does);
	tcase_add_test(tc, test_stable_when_every_link_followed_is_fixed);
	tcase_add_test(tc, test_dotdot_of_the_root_stays_at_the_root);
	tcase_add_test(tc, test_absolute_symlink_resolves_inside_the_root);
	tcase_add_test(tc, test_relative_symlinks_with_dotdot_stay_inside);
	tcase_add_test(tc, test_symlink_loop_is_eloop);
	tcase_add_test(tc, test_forty_links_resolve_forty_one_do_not);
	tcase_add_test(tc, test_long_names_and_paths_are_enametoolong);
	tcase_add_test(tc, test_non_directory_in_the_middle_is_enotdir);
	tcase_add_test(tc, test_trailing_slash_needs_a_directory);
	tcase_add_test(tc, test_last_link_not_followed_without_follow_last);
	tcase_add_test(tc, test_parent_mode_gives_parent_and_last_name);
	tcase_add_test(tc, test_empty_path_is_the_dirfd);
	tcase_add_test(tc, test_proc_self_names_the_caller);
	tcase_add_test(tc, test_proc_self_root_stays_in_the_root);
	tcase_add_test(tc, test_openat2_scopes);
	tcase_add_test(tc, test_dir_path_found_from_the_fd_and_never_stale);
	tcase_add_test(tc, test_tree_deeper_than_path_max_is_counted);
	tcase_add_test(tc, test_protected_symlinks_rule);
	tcase_add_test(tc, test_protected_symlinks_in_the_walk);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(resolve_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
