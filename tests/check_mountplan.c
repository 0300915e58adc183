/* Unit tests: building the mount plan (src/mountplan.c). */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "mountplan.h"

static size_t index_of(const struct sr_mount_plan *p, const char *dest)
{
	for (size_t i = 0; i < p->len; i++)
		if (strcmp(p->entries[i].dest, dest) == 0)
			return i;
	return (size_t)-1;
}

START_TEST(test_dev_proc_and_cwd)
{
	struct sr_config cfg;
	struct sr_mount_plan p;
	struct sr_error err = { 0 };

	sr_config_init(&cfg);
	ck_assert_int_eq(sr_mount_plan_build(&cfg, "/home/u/src", &p, &err), 0);
	ck_assert_uint_eq(p.len, 3);
	size_t cwd = index_of(&p, "/home/u/src");
	ck_assert_uint_ne(cwd, (size_t)-1);
	ck_assert(p.entries[cwd].is_cwd);
	ck_assert(!p.entries[cwd].writable);
	ck_assert_int_eq(p.entries[index_of(&p, "/dev")].kind, SR_PLAN_DEV);
	ck_assert_int_eq(p.entries[index_of(&p, "/proc")].kind, SR_PLAN_PROC);
	sr_mount_plan_free(&p);
	sr_config_free(&cfg);
}
END_TEST

START_TEST(test_cwd_not_bound_when_covered_or_root)
{
	struct sr_config cfg;
	struct sr_mount_plan p;
	struct sr_error err = { 0 };

	sr_config_init(&cfg);
	ck_assert_int_eq(sr_config_add_mount(&cfg, SR_MOUNT_RW, "/home/u", "/home/u", false, &err), 0);
	ck_assert_int_eq(sr_mount_plan_build(&cfg, "/home/u/src", &p, &err), 0);
	ck_assert_uint_eq(index_of(&p, "/home/u/src"), (size_t)-1);
	ck_assert(p.entries[index_of(&p, "/home/u")].writable);
	sr_mount_plan_free(&p);
	ck_assert_int_eq(sr_mount_plan_build(&cfg, "/", &p, &err), 0);
	ck_assert_uint_eq(p.len, 3);
	sr_mount_plan_free(&p);
	cfg.bind_cwd = false;
	ck_assert_int_eq(sr_mount_plan_build(&cfg, "/srv/x", &p, &err), 0);
	ck_assert_uint_eq(index_of(&p, "/srv/x"), (size_t)-1);
	sr_mount_plan_free(&p);
	sr_config_free(&cfg);
}
END_TEST

/* A caller in /proc or /dev, which sentry-run builds for the sandbox,
 * keeps them: a bind of the host's there would show the host's
 * processes, or a /dev whose nodes nodev makes unusable. */
START_TEST(test_cwd_in_proc_or_dev_not_bound)
{
	static const char *const cwds[] = { "/proc", "/proc/1", "/proc/sys/kernel", "/dev", "/dev/pts", "/dev/shm" };
	struct sr_config cfg;
	struct sr_mount_plan p;
	struct sr_error err = { 0 };

	sr_config_init(&cfg);
	cfg.cwd_writable = true;
	for (size_t i = 0; i < SR_ARRAY_SIZE(cwds); i++) {
		ck_assert_int_eq(sr_mount_plan_build(&cfg, cwds[i], &p, &err), 0);
		ck_assert_msg(p.len == 2, "cwd %s: %zu mounts, expected /dev and /proc only", cwds[i], p.len);
		ck_assert_int_eq(p.entries[index_of(&p, "/dev")].kind, SR_PLAN_DEV);
		ck_assert_int_eq(p.entries[index_of(&p, "/proc")].kind, SR_PLAN_PROC);
		sr_mount_plan_free(&p);
	}
	ck_assert_int_eq(sr_mount_plan_build(&cfg, "/devices", &p, &err), 0);
	ck_assert_uint_ne(index_of(&p, "/devices"), (size_t)-1);
	sr_mount_plan_free(&p);
	sr_config_free(&cfg);
}
END_TEST

/* [filesystem] root=DIR: DIR read-only at /, first, the rest on it. */
START_TEST(test_root_of_the_profile)
{
	struct sr_config cfg;
	struct sr_mount_plan p;
	struct sr_error err = { 0 };

	sr_config_init(&cfg);
	ck_assert_int_eq(sr_config_set_string(&cfg.root, "/srv/rootfs", &err), 0);
	ck_assert_int_eq(sr_config_add_mount(&cfg, SR_MOUNT_TMPFS, NULL, "/tmp", false, &err), 0);
	ck_assert_int_eq(sr_mount_plan_build(&cfg, "/home/u", &p, &err), 0);
	const struct sr_plan_entry *root = sr_mount_plan_root(&p);
	ck_assert_ptr_nonnull(root);
	ck_assert_ptr_eq(root, &p.entries[0]);
	ck_assert_str_eq(root->source, "/srv/rootfs");
	ck_assert(!root->writable);
	ck_assert_uint_gt(index_of(&p, "/tmp"), 0);
	sr_mount_plan_free(&p);
	free(cfg.root);
	cfg.root = NULL;
	ck_assert_int_eq(sr_mount_plan_build(&cfg, "/home/u", &p, &err), 0);
	ck_assert_ptr_null(sr_mount_plan_root(&p));
	sr_mount_plan_free(&p);
	sr_config_free(&cfg);
}
END_TEST

/* Where a mount point would be made on a host file system: under a bind
 * or an overlay, or anywhere under a root= bind; not on the root tmpfs,
 * a tmpfs or /dev. */
START_TEST(test_host_paths_of_the_plan)
{
	struct sr_config cfg;
	struct sr_mount_plan p;
	struct sr_error err = { 0 };

	sr_config_init(&cfg);
	ck_assert_int_eq(sr_config_add_mount(&cfg, SR_MOUNT_RO, "/usr", "/usr", false, &err), 0);
	ck_assert_int_eq(sr_config_add_mount(&cfg, SR_MOUNT_TMPFS, NULL, "/usr/tmp", false, &err), 0);
	ck_assert_int_eq(sr_config_add_mount(&cfg, SR_MOUNT_OVERLAY, "/opt", "/opt", false, &err), 0);
	ck_assert_int_eq(sr_mount_plan_build(&cfg, "/srv/app", &p, &err), 0);
	ck_assert(!sr_mount_plan_is_host(&p, "/run"));
	ck_assert(!sr_mount_plan_is_host(&p, "/"));
	ck_assert(!sr_mount_plan_is_host(&p, "/usrx"));
	ck_assert(sr_mount_plan_is_host(&p, "/usr"));
	ck_assert(sr_mount_plan_is_host(&p, "/usr/lib/x"));
	ck_assert(!sr_mount_plan_is_host(&p, "/usr/tmp/x"));
	ck_assert(sr_mount_plan_is_host(&p, "/opt/x"));
	ck_assert(sr_mount_plan_is_host(&p, "/srv/app/x"));
	ck_assert(!sr_mount_plan_is_host(&p, "/srv"));
	ck_assert(!sr_mount_plan_is_host(&p, "/dev/sentry-run"));
	sr_mount_plan_free(&p);
	ck_assert_int_eq(sr_mount_plan_build(&cfg, "/run", &p, &err), 0);
	ck_assert(sr_mount_plan_is_host(&p, "/run"));
	sr_mount_plan_free(&p);
	ck_assert_int_eq(sr_config_set_string(&cfg.root, "/srv/rootfs", &err), 0);
	ck_assert_int_eq(sr_mount_plan_build(&cfg, "/", &p, &err), 0);
	ck_assert(sr_mount_plan_is_host(&p, "/run"));
	ck_assert(!sr_mount_plan_is_host(&p, "/dev/sentry-run"));
	sr_mount_plan_free(&p);
	sr_config_free(&cfg);
}
END_TEST

/* cwd-access=rw from a tree under a read-only system directory: the
 * read-only bind of /usr does not make the cwd writable. */
START_TEST(test_writable_cwd_under_read_only_mount_is_bound)
{
	struct sr_config cfg;
	struct sr_mount_plan p;
	struct sr_error err = { 0 };

	sr_config_init(&cfg);
	ck_assert_int_eq(sr_config_add_mount(&cfg, SR_MOUNT_RO, "/usr", "/usr", false, &err), 0);
	cfg.cwd_writable = true;
	ck_assert_int_eq(sr_mount_plan_build(&cfg, "/usr/local/src/proj", &p, &err), 0);
	size_t cwd = index_of(&p, "/usr/local/src/proj");
	ck_assert_uint_ne(cwd, (size_t)-1);
	ck_assert(p.entries[cwd].writable);
	ck_assert_uint_gt(cwd, index_of(&p, "/usr"));
	sr_mount_plan_free(&p);
	cfg.cwd_writable = false;
	ck_assert_int_eq(sr_mount_plan_build(&cfg, "/usr/local/src/proj", &p, &err), 0);
	ck_assert_uint_eq(index_of(&p, "/usr/local/src/proj"), (size_t)-1);
	sr_mount_plan_free(&p);
	sr_config_free(&cfg);
}
END_TEST

START_TEST(test_parents_before_children_and_later_wins)
{
	struct sr_config cfg;
	struct sr_mount_plan p;
	struct sr_error err = { 0 };

	sr_config_init(&cfg);
	cfg.bind_cwd = false;
	ck_assert_int_eq(sr_config_add_mount(&cfg, SR_MOUNT_RW, "/data/a/b", "/data/a/b", false, &err), 0);
	ck_assert_int_eq(sr_config_add_mount(&cfg, SR_MOUNT_TMPFS, NULL, "/data", false, &err), 0);
	ck_assert_int_eq(sr_config_add_mount(&cfg, SR_MOUNT_RO, "/x", "/data/a/b", false, &err), 0);
	ck_assert_int_eq(sr_mount_plan_build(&cfg, "/", &p, &err), 0);
	/* /dev, /proc, /data (depth 1) before /data/a/b: the later one of
	 * that place, the earlier being under it (not made). */
	ck_assert_uint_eq(p.len, 4);
	ck_assert_str_eq(p.entries[2].dest, "/data");
	ck_assert_str_eq(p.entries[3].source, "/x");
	ck_assert(!p.entries[3].writable);
	sr_mount_plan_free(&p);
	sr_config_free(&cfg);
}
END_TEST

/* A profile that includes another twice (a.ini and b.ini both include
 * default) names each of its mounts twice: the earlier one of a place is
 * under the later, hidden, and not made at all; unless the later one is
 * optional, which a missing source skips. */
START_TEST(test_shadowed_mounts_dropped)
{
	struct sr_config cfg;
	struct sr_mount_plan p;
	struct sr_error err = { 0 };

	sr_config_init(&cfg);
	cfg.bind_cwd = false;
	for (int round = 0; round < 2; round++) {
		ck_assert_int_eq(sr_config_add_mount(&cfg, SR_MOUNT_RO, "/usr", "/usr", false, &err), 0);
		ck_assert_int_eq(sr_config_add_mount(&cfg, SR_MOUNT_TMPFS, NULL, "/tmp", false, &err), 0);
		ck_assert_int_eq(sr_config_add_mount(&cfg, SR_MOUNT_RO, "/opt/a", "/opt", false, &err), 0);
		ck_assert_int_eq(sr_config_add_mount(&cfg, SR_MOUNT_RO, "/srv", "/srv", true, &err), 0);
	}
	ck_assert_int_eq(sr_config_add_mount(&cfg, SR_MOUNT_RW, "/opt/b", "/opt", true, &err), 0);
	ck_assert_int_eq(sr_mount_plan_build(&cfg, "/", &p, &err), 0);
	/* /dev, /proc, /usr, /tmp, /srv once (the same optional mount), and
	 * /opt twice: the other optional one after it. */
	ck_assert_uint_eq(p.len, 7);
	ck_assert_uint_eq(index_of(&p, "/usr"), 2);
	ck_assert_uint_eq(index_of(&p, "/tmp"), 3);
	ck_assert_str_eq(p.entries[4].source, "/opt/a");
	ck_assert_uint_eq(index_of(&p, "/srv"), 5);
	ck_assert_str_eq(p.entries[6].source, "/opt/b");
	ck_assert(p.entries[6].optional);
	sr_mount_plan_free(&p);
	sr_config_free(&cfg);
}
END_TEST

static const struct {
	enum sr_mount_kind kind;
	const char *source, *dest, *message;
} bad_mounts[] = {
	{ SR_MOUNT_RO, "/x", "/", "the sandbox's root is built by sentry-run" },
	{ SR_MOUNT_RO, "/x", "relative", "expected an absolute path" },
	{ SR_MOUNT_RO, "/x", "/a/../etc", "without '.' or '..'" },
	{ SR_MOUNT_RO, "/x", "/a//b", "without '.' or '..'" },
	{ SR_MOUNT_TMPFS, NULL, "/proc/sys", "/proc and /dev are built by sentry-run" },
	{ SR_MOUNT_TMPFS, NULL, "/dev", "/proc and /dev are built by sentry-run" },
	{ SR_MOUNT_RW, "rel", "/a", "expected an absolute host path" },
	{ SR_MOUNT_OVERLAY, "x", "/a", "overlay of '/a': expected an absolute host path" },
};

START_TEST(test_bad_mounts_refused)
{
	struct sr_config cfg;
	struct sr_mount_plan p;
	struct sr_error err = { 0 };

	sr_config_init(&cfg);
	ck_assert_int_eq(sr_config_add_mount(&cfg, bad_mounts[_i].kind, bad_mounts[_i].source,
					     bad_mounts[_i].dest, false, &err), 0);
	ck_assert_int_eq(sr_mount_plan_build(&cfg, "/", &p, &err), -1);
	ck_assert_msg(strstr(err.msg, bad_mounts[_i].message) != NULL, "'%s' lacks '%s'",
		      err.msg, bad_mounts[_i].message);
	sr_config_free(&cfg);
}
END_TEST

START_TEST(test_hides_carried_to_other_places)
{
	struct sr_config cfg;
	struct sr_error err = { 0 };
	static const char *const want[] = {
		"/etc/shadow", "/etc/sudoers*", "/home/*/.ssh", "/srv/key",
		"/e2/shadow", "/e2/sudoers*", "/h/.ssh", "/whole",
	};

	sr_config_init(&cfg);
	for (size_t i = 0; i < 4; i++)
		ck_assert_int_eq(sr_strlist_add(&cfg.hide, want[i], &err), 0);
	ck_assert_int_eq(sr_config_add_mount(&cfg, SR_MOUNT_RO, "/etc", "/etc", false, &err), 0);
	ck_assert_int_eq(sr_config_add_mount(&cfg, SR_MOUNT_RO, "/etc", "/e2", false, &err), 0);
	/* Twice: a hide= is carried once. */
	ck_assert_int_eq(sr_config_add_mount(&cfg, SR_MOUNT_RO, "/etc/", "/e2", false, &err), 0);
	ck_assert_int_eq(sr_config_add_mount(&cfg, SR_MOUNT_RW, "/home/alice", "/h", false, &err), 0);
	/* Below a hidden name: all of it. */
	ck_assert_int_eq(sr_config_add_mount(&cfg, SR_MOUNT_RO, "/srv/key/sub", "/whole", false, &err), 0);
	/* Nothing hidden there, or a tmpfs: nothing carried. */
	ck_assert_int_eq(sr_config_add_mount(&cfg, SR_MOUNT_RO, "/usr", "/u", false, &err), 0);
	ck_assert_int_eq(sr_config_add_mount(&cfg, SR_MOUNT_RO, "/etcetera", "/x", false, &err), 0);
	ck_assert_int_eq(sr_config_add_mount(&cfg, SR_MOUNT_TMPFS, NULL, "/t", false, &err), 0);
	ck_assert_int_eq(sr_mount_carry_rules(&cfg, &err), 0);
	ck_assert_uint_eq(cfg.hide.len, SR_ARRAY_SIZE(want));
	for (size_t i = 0; i < SR_ARRAY_SIZE(want); i++)
		ck_assert_str_eq(cfg.hide.items[i], want[i]);
	sr_config_free(&cfg);
}
END_TEST

/* A noexec= or hide= names a place in the view: where a mount shows the
 * same host directory elsewhere, it holds there too (natively one host
 * directory at two places is one directory; with noexec=/a only, its
 * programs ran from /b). */
START_TEST(test_view_paths_carried_to_other_places)
{
	struct sr_config cfg;
	struct sr_error err = { 0 };
	static const char *const want_noexec[] = { "/a", "/b", "/srv/x", "/c/bin" };
	static const char *const want_hide[] = { "/a/key", "/b/key", "/srv/x/key" };

	sr_config_init(&cfg);
	ck_assert_int_eq(sr_strlist_add(&cfg.noexec, "/a", &err), 0);
	ck_assert_int_eq(sr_strlist_add(&cfg.hide, "/a/key", &err), 0);
	ck_assert_int_eq(sr_config_add_mount(&cfg, SR_MOUNT_RO, "/srv/x", "/a", false, &err), 0);
	ck_assert_int_eq(sr_config_add_mount(&cfg, SR_MOUNT_RO, "/srv/x", "/b", false, &err), 0);
	ck_assert_int_eq(sr_config_add_mount(&cfg, SR_MOUNT_RW, "/srv/x", "/srv/x", false, &err), 0);
	/* A part of it: only what lies below. */
	ck_assert_int_eq(sr_config_add_mount(&cfg, SR_MOUNT_RO, "/srv/x/bin", "/c/bin", false, &err), 0);
	/* Another directory, or a tmpfs: nothing carried. */
	ck_assert_int_eq(sr_config_add_mount(&cfg, SR_MOUNT_RO, "/srv/y", "/d", false, &err), 0);
	ck_assert_int_eq(sr_config_add_mount(&cfg, SR_MOUNT_TMPFS, NULL, "/t", false, &err), 0);
	ck_assert_int_eq(sr_mount_carry_rules(&cfg, &err), 0);
	ck_assert_uint_eq(cfg.noexec.len, SR_ARRAY_SIZE(want_noexec));
	for (size_t i = 0; i < SR_ARRAY_SIZE(want_noexec); i++)
		ck_assert_str_eq(cfg.noexec.items[i], want_noexec[i]);
	ck_assert_uint_eq(cfg.hide.len, SR_ARRAY_SIZE(want_hide));
	for (size_t i = 0; i < SR_ARRAY_SIZE(want_hide); i++)
		ck_assert_str_eq(cfg.hide.items[i], want_hide[i]);
	sr_config_free(&cfg);
}
END_TEST

START_TEST(test_path_helpers)
{
	ck_assert_uint_eq(sr_path_depth("/"), 0);
	ck_assert_uint_eq(sr_path_depth("/a"), 1);
	ck_assert_uint_eq(sr_path_depth("/a/bc/d"), 3);
	ck_assert(sr_path_is_clean("/a/b"));
	ck_assert(sr_path_is_clean("/"));
	ck_assert(!sr_path_is_clean("/a/"));
	ck_assert(!sr_path_is_clean("/a/./b"));
	ck_assert(!sr_path_is_clean("/.."));
	ck_assert(!sr_path_is_clean("a"));
	ck_assert(sr_path_is_under("/usr/bin", "/usr"));
	ck_assert(!sr_path_is_under("/usrx", "/usr"));
	ck_assert(sr_path_is_under("/usr", "/usr"));
	ck_assert(sr_path_is_under("/x", "/"));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("mountplan");
	TCase *tc = tcase_create("plan");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_dev_proc_and_cwd);
	tcase_add_test(tc, test_cwd_not_bound_when_covered_or_root);
	tcase_add_test(tc, test_writable_cwd_under_read_only_mount_is_bound);
	tcase_add_test(tc, test_cwd_in_proc_or_dev_not_bound);
	tcase_add_test(tc, test_root_of_the_profile);
	tcase_add_test(tc, test_host_paths_of_the_plan);
	tcase_add_test(tc, test_parents_before_children_and_later_wins);
	tcase_add_test(tc, test_shadowed_mounts_dropped);
	tcase_add_loop_test(tc, test_bad_mounts_refused, 0, (int)SR_ARRAY_SIZE(bad_mounts));
	tcase_add_test(tc, test_hides_carried_to_other_places);
	tcase_add_test(tc, test_view_paths_carried_to_other_places);
	tcase_add_test(tc, test_path_helpers);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
