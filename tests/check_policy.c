/* The Gofer's path policy (DESIGN invariant 4) and the lexical path
 * normaliser it is asked with. */

#include <check.h>
#include <errno.h>
#include <limits.h>
#include <string.h>

#include "gofer/policy.h"

static struct sr_config cfg;
static struct sr_policy policy;

/* The default profile's shape (DESIGN §5), plus a read-write project
 * directory inside a read-only home and a no-exec data directory. */
static void setup(void)
{
	struct sr_error err = { 0 };
	static const char *const ro[] = { "/usr", "/bin", "/lib", "/etc", "/home/u" };
	static const char *const hide[] = { "/etc/shadow", "/etc/sudoers*", "/etc/ssh/ssh_host_*_key",
					    "/home/u/.ssh", "/home/u/*.secret", "/data/*.key" };

	sr_config_init(&cfg);
	for (size_t i = 0; i < SR_ARRAY_SIZE(ro); i++)
		ck_assert_int_eq(sr_config_add_mount(&cfg, SR_MOUNT_RO, ro[i], ro[i], false, &err), 0);
	ck_assert_int_eq(sr_config_add_mount(&cfg, SR_MOUNT_RW, "/home/u/proj", "/home/u/proj", false, &err), 0);
	ck_assert_int_eq(sr_config_add_mount(&cfg, SR_MOUNT_TMPFS, NULL, "/tmp", false, &err), 0);
	ck_assert_int_eq(sr_config_add_mount(&cfg, SR_MOUNT_TMPFS, NULL, "/dev/shm", false, &err), 0);
	ck_assert_int_eq(sr_config_add_mount(&cfg, SR_MOUNT_RW, "/srv/data", "/data", false, &err), 0);
	for (size_t i = 0; i < SR_ARRAY_SIZE(hide); i++)
		ck_assert_int_eq(sr_strlist_add(&cfg.hide, hide[i], &err), 0);
	ck_assert_int_eq(sr_strlist_add(&cfg.noexec, "/data", &err), 0);
	ck_assert_msg(sr_policy_build(&cfg, &policy, &err) == 0, "%s", err.msg);
}

static void teardown(void)
{
	sr_policy_free(&policy);
	sr_config_free(&cfg);
}

static enum sr_access kind(const char *path)
{
	return sr_policy_lookup(&policy, path) & SR_ACCESS_KIND_MASK;
}

START_TEST(test_prefix_matches_on_component_boundaries)
{
	ck_assert_int_eq(kind("/usr"), SR_ACCESS_READ_ONLY);
	ck_assert_int_eq(kind("/usr/bin/env"), SR_ACCESS_READ_ONLY);
	ck_assert_int_eq(kind("/usrx"), SR_ACCESS_ABSENT);
	ck_assert_int_eq(kind("/usrx/bin"), SR_ACCESS_ABSENT);
	ck_assert_int_eq(kind("/us"), SR_ACCESS_ABSENT);
	ck_assert_int_eq(kind("/tmpfoo"), SR_ACCESS_ABSENT);
	ck_assert_int_eq(kind("/tmp/foo"), SR_ACCESS_READ_WRITE);
	ck_assert_int_eq(kind("/home/u/project"), SR_ACCESS_READ_ONLY);
	ck_assert_int_eq(kind("/home/u/proj/src/main.c"), SR_ACCESS_READ_WRITE);
}
END_TEST

START_TEST(test_outside_the_view_is_absent)
{
	ck_assert_int_eq(sr_policy_lookup(&policy, "/root"), SR_ACCESS_ABSENT);
	ck_assert_int_eq(sr_policy_lookup(&policy, "/var/lib/secret"), SR_ACCESS_ABSENT);
	ck_assert_int_eq(sr_policy_lookup(&policy, "/home/other"), SR_ACCESS_ABSENT);
	ck_assert_int_eq(sr_policy_lookup(&policy, "/srv/data"), SR_ACCESS_ABSENT);
	ck_assert_int_eq(sr_policy_lookup(&policy, "relative/path"), SR_ACCESS_ABSENT);
	ck_assert_int_eq(sr_policy_check(&policy, "/root/.bashrc", SR_POLICY_READ), ENOENT);
	ck_assert_int_eq(sr_policy_check(&policy, "/root/x", SR_POLICY_CREATE), ENOENT);
}
END_TEST

START_TEST(test_skeleton_of_the_root_is_read_only)
{
	/* / and /home exist only as the way to the mounts under them. */
	ck_assert_int_eq(sr_policy_lookup(&policy, "/"), SR_ACCESS_READ_ONLY | SR_ACCESS_NOEXEC);
	ck_assert_int_eq(kind("/home"), SR_ACCESS_READ_ONLY);
	ck_assert_int_eq(sr_policy_check(&policy, "/", SR_POLICY_READ), 0);
	ck_assert_int_eq(sr_policy_check(&policy, "/home", SR_POLICY_WRITE), EROFS);
	/* mkdir /newdir: the parent exists, read-only. */
	ck_assert_int_eq(sr_policy_check(&policy, "/newdir", SR_POLICY_CREATE), EROFS);
	ck_assert_int_eq(sr_policy_check(&policy, "/newdir", SR_POLICY_READ), ENOENT);
}
END_TEST

START_TEST(test_hide_globs_hide_host_keys_and_sudoers)
{
	ck_assert_int_eq(kind("/etc/shadow"), SR_ACCESS_HIDDEN);
	ck_assert_int_eq(kind("/etc/ssh/ssh_host_ed25519_key"), SR_ACCESS_HIDDEN);
	ck_assert_int_eq(kind("/etc/ssh/ssh_host_rsa_key"), SR_ACCESS_HIDDEN);
	ck_assert_int_eq(kind("/etc/ssh/ssh_host_rsa_key.pub"), SR_ACCESS_READ_ONLY);
	ck_assert_int_eq(kind("/etc/ssh/sshd_config"), SR_ACCESS_READ_ONLY);
	ck_assert_int_eq(kind("/etc/sudoers"), SR_ACCESS_HIDDEN);
	ck_assert_int_eq(kind("/etc/sudoers.d"), SR_ACCESS_HIDDEN);
	ck_assert_int_eq(kind("/etc/shadow-"), SR_ACCESS_READ_ONLY);
	ck_assert_int_eq(kind("/etc/passwd"), SR_ACCESS_READ_ONLY);
	/* `*` stays inside one component and matches dot files. */
	ck_assert_int_eq(kind("/home/u/.hidden.secret"), SR_ACCESS_HIDDEN);
	ck_assert_int_eq(kind("/home/u/proj/a.secret"), SR_ACCESS_READ_WRITE);
	ck_assert_int_eq(sr_policy_check(&policy, "/etc/shadow", SR_POLICY_READ), ENOENT);
	ck_assert_int_eq(sr_policy_check(&policy, "/etc/shadow", SR_POLICY_WRITE), ENOENT);
	ck_assert_int_eq(sr_policy_check(&policy, "/etc/shadow", SR_POLICY_EXEC), ENOENT);
}
END_TEST

/* What the Sentry may answer again (proto.h, cache_ms): nothing on the
 * way to it writable. */
START_TEST(test_fixed_means_nothing_writable_on_the_way)
{
	ck_assert(sr_policy_fixed(&policy, "/usr/include/stdio.h"));
	ck_assert(sr_policy_fixed(&policy, "/usr/include/missing.h"));
	ck_assert(sr_policy_fixed(&policy, "/home/u/notes"));
	ck_assert(sr_policy_fixed(&policy, "/etc/shadow"));
	ck_assert(sr_policy_fixed(&policy, "/nowhere/at/all"));
	ck_assert(sr_policy_fixed(&policy, "/"));
	ck_assert(!sr_policy_fixed(&policy, "/home/u/proj"));
	ck_assert(!sr_policy_fixed(&policy, "/home/u/proj/src/main.c"));
	ck_assert(!sr_policy_fixed(&policy, "/tmp/x"));
	ck_assert(!sr_policy_fixed(&policy, "/data/a/b"));
	ck_assert(!sr_policy_fixed(&policy, "relative"));
}
END_TEST

START_TEST(test_hidden_ancestor_hides_the_subtree)
{
	ck_assert_int_eq(kind("/etc/sudoers.d/README"), SR_ACCESS_HIDDEN);
	ck_assert_int_eq(kind("/home/u/.ssh"), SR_ACCESS_HIDDEN);
	ck_assert_int_eq(kind("/home/u/.ssh/id_ed25519"), SR_ACCESS_HIDDEN);
	ck_assert_int_eq(kind("/home/u/.sshx"), SR_ACCESS_READ_ONLY);
	/* Creating a name inside a hidden directory must not reveal it. */
	ck_assert_int_eq(sr_policy_check(&policy, "/home/u/.ssh/authorized_keys", SR_POLICY_CREATE), ENOENT);
}
END_TEST

START_TEST(test_absent_hidden_name_answers_as_its_absent_neighbour)
{
	/* The neighbour's answers (sr_policy_check of an absent name). */
	ck_assert_int_eq(sr_policy_check(&policy, "/etc/nothere", SR_POLICY_CREATE), EROFS);
	ck_assert_int_eq(sr_policy_check(&policy, "/etc/nothere", SR_POLICY_WRITE), EROFS);
	/* A hidden name the view shows absent: the same, never ENOENT for
	 * a change, so the errno tells nothing of the hide list. */
	ck_assert_int_eq(sr_policy_check_absent(&policy, "/etc/shadow", SR_POLICY_CREATE), EROFS);
	ck_assert_int_eq(sr_policy_check_absent(&policy, "/etc/sudoers", SR_POLICY_WRITE), EROFS);
	ck_assert_int_eq(sr_policy_check_absent(&policy, "/etc/shadow", SR_POLICY_READ), ENOENT);
	ck_assert_int_eq(sr_policy_check_absent(&policy, "/etc/shadow", SR_POLICY_EXEC), ENOENT);
	/* In a read-write place: nothing is made at a hidden name (its
	 * directory is read-only in the view), a change finds nothing. */
	ck_assert_int_eq(sr_policy_check_absent(&policy, "/data/new", SR_POLICY_CREATE), 0);
	ck_assert_int_eq(sr_policy_check_absent(&policy, "/data/id.key", SR_POLICY_CREATE), EROFS);
	ck_assert_int_eq(sr_policy_check_absent(&policy, "/data/id.key", SR_POLICY_WRITE), 0);
	ck_assert_int_eq(sr_policy_check_absent(&policy, "/home/u/a.secret", SR_POLICY_CREATE), EROFS);
	/* Below a hidden directory: absent, as its parent is. */
	ck_assert_int_eq(sr_policy_check_absent(&policy, "/home/u/.ssh/id_rsa", SR_POLICY_CREATE), ENOENT);
	ck_assert_int_eq(sr_policy_check_absent(&policy, "/etc/sudoers.d/x", SR_POLICY_WRITE), ENOENT);
	/* What is not hidden answers as sr_policy_check. */
	ck_assert_int_eq(sr_policy_check_absent(&policy, "/root/x", SR_POLICY_CREATE), ENOENT);
	ck_assert_int_eq(sr_policy_check_absent(&policy, "/newdir", SR_POLICY_CREATE), EROFS);
}
END_TEST

START_TEST(test_read_only_refuses_writes_read_write_allows)
{
	ck_assert_int_eq(sr_policy_check(&policy, "/etc/passwd", SR_POLICY_READ), 0);
	ck_assert_int_eq(sr_policy_check(&policy, "/etc/passwd", SR_POLICY_WRITE), EROFS);
	ck_assert_int_eq(sr_policy_check(&policy, "/etc/newfile", SR_POLICY_CREATE), EROFS);
	ck_assert_int_eq(sr_policy_check(&policy, "/home/u/proj/out.o", SR_POLICY_CREATE), 0);
	ck_assert_int_eq(sr_policy_check(&policy, "/home/u/proj/out.o", SR_POLICY_WRITE), 0);
	ck_assert_int_eq(sr_policy_check(&policy, "/tmp/x", SR_POLICY_CREATE), 0);
	ck_assert_int_eq(sr_policy_check(&policy, "/dev/null", SR_POLICY_WRITE), 0);
	ck_assert_int_eq(sr_policy_check(&policy, "/proc/sys/kernel/hostname", SR_POLICY_WRITE), EROFS);
	ck_assert_int_eq(sr_policy_check(&policy, "/proc/self/attr/current", SR_POLICY_WRITE), 0);
}
END_TEST

START_TEST(test_later_mounts_override_earlier_at_same_or_deeper_prefix)
{
	struct sr_config c;
	struct sr_policy p;
	struct sr_error err = { 0 };

	sr_config_init(&c);
	ck_assert_int_eq(sr_config_add_mount(&c, SR_MOUNT_RW, "/a", "/a", false, &err), 0);
	ck_assert_int_eq(sr_config_add_mount(&c, SR_MOUNT_RO, "/a/b", "/a/b", false, &err), 0);
	ck_assert_int_eq(sr_config_add_mount(&c, SR_MOUNT_RO, "/x", "/x", false, &err), 0);
	ck_assert_int_eq(sr_config_add_mount(&c, SR_MOUNT_RW, "/y", "/x", false, &err), 0);
	/* A profile replacing a built-in: a read-only /dev. */
	ck_assert_int_eq(sr_config_add_mount(&c, SR_MOUNT_RO, "/dev", "/dev", false, &err), 0);
	ck_assert_int_eq(sr_policy_build(&c, &p, &err), 0);

	ck_assert_int_eq(sr_policy_lookup(&p, "/a/file") & SR_ACCESS_KIND_MASK, SR_ACCESS_READ_WRITE);
	ck_assert_int_eq(sr_policy_lookup(&p, "/a/b/file") & SR_ACCESS_KIND_MASK, SR_ACCESS_READ_ONLY);
	ck_assert_int_eq(sr_policy_lookup(&p, "/a/bc") & SR_ACCESS_KIND_MASK, SR_ACCESS_READ_WRITE);
	ck_assert_int_eq(sr_policy_lookup(&p, "/x/file") & SR_ACCESS_KIND_MASK, SR_ACCESS_READ_WRITE);
	ck_assert_int_eq(sr_policy_lookup(&p, "/dev/null"), SR_ACCESS_READ_ONLY);
	ck_assert_int_eq(sr_policy_lookup(&p, "/proc/1/status") & SR_ACCESS_KIND_MASK, SR_ACCESS_READ_WRITE);
	sr_policy_free(&p);
	sr_config_free(&c);
}
END_TEST

START_TEST(test_noexec_refuses_exec_only)
{
	ck_assert_int_eq(sr_policy_lookup(&policy, "/data/tool"), SR_ACCESS_READ_WRITE | SR_ACCESS_NOEXEC);
	ck_assert_int_eq(sr_policy_check(&policy, "/data/tool", SR_POLICY_EXEC), EACCES);
	ck_assert_int_eq(sr_policy_check(&policy, "/data/tool", SR_POLICY_READ), 0);
	ck_assert_int_eq(sr_policy_check(&policy, "/data/tool", SR_POLICY_WRITE), 0);
	ck_assert_int_eq(sr_policy_check(&policy, "/usr/bin/env", SR_POLICY_EXEC), 0);
	ck_assert_int_eq(sr_policy_check(&policy, "/tmp/a.out", SR_POLICY_EXEC), 0);
	/* Built-in: nothing runs from /dev or /proc. */
	ck_assert_int_eq(sr_policy_check(&policy, "/dev/shm/x", SR_POLICY_EXEC), 0);
	ck_assert_int_eq(sr_policy_check(&policy, "/dev/x", SR_POLICY_EXEC), EACCES);
	ck_assert_int_eq(sr_policy_check(&policy, "/proc/self/exe", SR_POLICY_EXEC), EACCES);
}
END_TEST

/* Below a path too deep to be held whole (gofer/resolve.h): as for its
 * ancestor, unless a hide pattern of more components could match. */
START_TEST(test_deep_object_answers_as_its_ancestor)
{
	struct sr_config c;
	struct sr_policy p;
	struct sr_error err = { 0 };

	ck_assert_int_eq(sr_policy_check_deep(&policy, "/home/u/proj/a/b", SR_POLICY_CREATE), 0);
	ck_assert_int_eq(sr_policy_check_deep(&policy, "/home/u/a/b", SR_POLICY_CREATE), EROFS);
	ck_assert_int_eq(sr_policy_check_deep(&policy, "/home/u/.ssh/a", SR_POLICY_READ), ENOENT);
	ck_assert_int_eq(sr_policy_check_deep(&policy, "/data/a/b", SR_POLICY_EXEC), EACCES);
	sr_config_init(&c);
	ck_assert_int_eq(sr_config_add_mount(&c, SR_MOUNT_RW, "/w", "/w", false, &err), 0);
	ck_assert_int_eq(sr_strlist_add(&c.hide, "/w/*/*/*/*.key", &err), 0);
	ck_assert_msg(sr_policy_build(&c, &p, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(sr_policy_check_deep(&p, "/w/a/b", SR_POLICY_READ), ENOENT);
	ck_assert_int_eq(sr_policy_check_deep(&p, "/w/a/b/c/d", SR_POLICY_READ), 0);
	sr_policy_free(&p);
	sr_config_free(&c);
}
END_TEST

START_TEST(test_noexec_below_only_strictly)
{
	struct sr_config c;
	struct sr_policy p;
	struct sr_error err = { 0 };

	sr_config_init(&c);
	ck_assert_int_eq(sr_strlist_add(&c.noexec, "/home/u/proj/a/ne", &err), 0);
	ck_assert_msg(sr_policy_build(&c, &p, &err) == 0, "%s", err.msg);
	ck_assert(sr_policy_noexec_below(&p, "/home/u/proj/a"));
	ck_assert(sr_policy_noexec_below(&p, "/home"));
	ck_assert(sr_policy_noexec_below(&p, "/"));
	ck_assert(!sr_policy_noexec_below(&p, "/home/u/proj/a/ne"));
	ck_assert(!sr_policy_noexec_below(&p, "/home/u/proj/a/ne/sub"));
	ck_assert(!sr_policy_noexec_below(&p, "/home/u/proj/ab"));
	ck_assert(!sr_policy_noexec_below(&p, "/home/u/proj/b"));
	sr_policy_free(&p);
	sr_config_free(&c);
}
END_TEST

START_TEST(test_build_refuses_relative_paths)
{
	struct sr_config c;
	struct sr_policy p;
	struct sr_error err = { 0 };

	sr_config_init(&c);
	ck_assert_int_eq(sr_config_add_mount(&c, SR_MOUNT_RO, "/usr", "usr", false, &err), 0);
	ck_assert_int_eq(sr_policy_build(&c, &p, &err), -1);
	ck_assert_msg(strstr(err.msg, "mount destination \"usr\" is not an absolute path") != NULL,
		      "%s", err.msg);
	sr_policy_free(&p);
	sr_config_free(&c);

	sr_config_init(&c);
	ck_assert_int_eq(sr_strlist_add(&c.hide, "etc/shadow", &err), 0);
	ck_assert_int_eq(sr_policy_build(&c, &p, &err), -1);
	ck_assert_msg(strstr(err.msg, "hide") != NULL, "%s", err.msg);
	sr_policy_free(&p);
	sr_config_free(&c);
}
END_TEST

START_TEST(test_build_normalises_profile_paths)
{
	struct sr_config c;
	struct sr_policy p;
	struct sr_error err = { 0 };

	sr_config_init(&c);
	ck_assert_int_eq(sr_config_add_mount(&c, SR_MOUNT_RW, "/w", "//work/./dir/", false, &err), 0);
	ck_assert_int_eq(sr_strlist_add(&c.hide, "/work/dir/../dir/.env", &err), 0);
	ck_assert_int_eq(sr_policy_build(&c, &p, &err), 0);
	ck_assert_int_eq(sr_policy_lookup(&p, "/work/dir/a"), SR_ACCESS_READ_WRITE);
	ck_assert_int_eq(sr_policy_lookup(&p, "/work/dir/.env"), SR_ACCESS_HIDDEN);
	sr_policy_free(&p);
	sr_config_free(&c);
}
END_TEST

/* --- sr_path_normalize ------------------------------------------------ */

static void assert_normal(const char *cwd, const char *path, const char *want)
{
	char out[PATH_MAX];

	ck_assert_int_eq(sr_path_normalize(cwd, path, out, sizeof(out)), 0);
	ck_assert_str_eq(out, want);
}

START_TEST(test_normalize_dot_dot_stops_at_root)
{
	assert_normal("/", "/..", "/");
	assert_normal("/", "/../../etc/passwd", "/etc/passwd");
	assert_normal("/home/u", "../../../..", "/");
	assert_normal("/home/u", "../../../../etc/shadow", "/etc/shadow");
	assert_normal("/", "/a/b/../../..", "/");
	assert_normal("/", "/a/b/../c", "/a/c");
}
END_TEST

START_TEST(test_normalize_collapses_slashes_and_dots)
{
	assert_normal("/", "//usr///bin//", "/usr/bin");
	assert_normal("/", "/./usr/./bin/.", "/usr/bin");
	assert_normal("/home/u/", "./proj//src/", "/home/u/proj/src");
	assert_normal("//home/./u", "proj", "/home/u/proj");
	assert_normal("/", "/...", "/...");
	assert_normal("/", "/a/..b/.c", "/a/..b/.c");
}
END_TEST

START_TEST(test_normalize_trailing_slash)
{
	assert_normal("/", "/usr/", "/usr");
	assert_normal("/", "/", "/");
	assert_normal("/tmp", ".", "/tmp");
	assert_normal("/tmp", "./", "/tmp");
}
END_TEST

START_TEST(test_normalize_long_paths_are_enametoolong)
{
	static char path[PATH_MAX + 8];
	static char cwd[PATH_MAX];
	char out[PATH_MAX];
	char small[8];

	/* An input of PATH_MAX bytes has no room for its NUL. */
	path[0] = '/';
	memset(path + 1, 'a', PATH_MAX);
	path[PATH_MAX + 1] = '\0';
	ck_assert_int_eq(sr_path_normalize("/", path, out, sizeof(out)), ENAMETOOLONG);

	/* The longest that fits: PATH_MAX - 1 bytes. */
	path[PATH_MAX - 1] = '\0';
	ck_assert_int_eq(sr_path_normalize("/", path, out, sizeof(out)), 0);
	ck_assert_uint_eq(strlen(out), PATH_MAX - 1);

	/* A cwd and a relative path each short enough, joined too long. */
	cwd[0] = '/';
	memset(cwd + 1, 'c', 3000);
	cwd[3001] = '\0';
	memset(path, 'r', 2000);
	path[2000] = '\0';
	ck_assert_int_eq(sr_path_normalize(cwd, path, out, sizeof(out)), ENAMETOOLONG);

	/* Or too long for the caller's buffer. */
	ck_assert_int_eq(sr_path_normalize("/", "/usr/bin/env", small, sizeof(small)), ENAMETOOLONG);
	ck_assert_int_eq(sr_path_normalize("/", "/usr", small, sizeof(small)), 0);
	ck_assert_str_eq(small, "/usr");
}
END_TEST

START_TEST(test_normalize_refuses_empty_and_cwdless_relative)
{
	char out[PATH_MAX];

	ck_assert_int_eq(sr_path_normalize("/", "", out, sizeof(out)), ENOENT);
	ck_assert_int_eq(sr_path_normalize(NULL, "a", out, sizeof(out)), EINVAL);
	ck_assert_int_eq(sr_path_normalize("rel", "a", out, sizeof(out)), EINVAL);
	ck_assert_int_eq(sr_path_normalize(NULL, "/a", out, sizeof(out)), 0);
}
END_TEST

static Suite *policy_suite(void)
{
	Suite *s = suite_create("policy");
	TCase *tc = tcase_create("lookup");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_prefix_matches_on_component_boundaries);
	tcase_add_test(tc, test_fixed_means_nothing_writable_on_the_way);
	tcase_add_test(tc, test_outside_the_view_is_absent);
	tcase_add_test(tc, test_skeleton_of_the_root_is_read_only);
	tcase_add_test(tc, test_hide_globs_hide_host_keys_and_sudoers);
	tcase_add_test(tc, test_hidden_ancestor_hides_the_subtree);
	tcase_add_test(tc, test_absent_hidden_name_answers_as_its_absent_neighbour);
	tcase_add_test(tc, test_read_only_refuses_writes_read_write_allows);
	tcase_add_test(tc, test_noexec_refuses_exec_only);
	tcase_add_test(tc, test_noexec_below_only_strictly);
	tcase_add_test(tc, test_deep_object_answers_as_its_ancestor);
	suite_add_tcase(s, tc);

	tc = tcase_create("build");
	tcase_add_test(tc, test_later_mounts_override_earlier_at_same_or_deeper_prefix);
	tcase_add_test(tc, test_build_refuses_relative_paths);
	tcase_add_test(tc, test_build_normalises_profile_paths);
	suite_add_tcase(s, tc);

	tc = tcase_create("normalize");
	tcase_add_test(tc, test_normalize_dot_dot_stops_at_root);
	tcase_add_test(tc, test_normalize_collapses_slashes_and_dots);
	tcase_add_test(tc, test_normalize_trailing_slash);
	tcase_add_test(tc, test_normalize_long_paths_are_enametoolong);
	tcase_add_test(tc, test_normalize_refuses_empty_and_cwdless_relative);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(policy_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
