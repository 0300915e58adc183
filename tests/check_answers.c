/* The Sentry's kept answers of the Gofer (src/sentry/answers.h): given
 * again only to the very same request, only as long as the Gofer said,
 * never when it did not say so. */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sentry/answers.h"

#define MS 1000000ull

static struct sr_answers *answers;

static void setup(void)
{
	answers = sr_answers_new();
	ck_assert_ptr_nonnull(answers);
}

static void teardown(void)
{
	sr_answers_free(answers);
}

static void make_stat(struct sr_proto_request *req, const char *path, uint32_t flags)
{
	struct sr_error err = { 0 };

	sr_proto_request_init(req, SR_PROTO_OP_STAT, 7);
	req->flags = flags;
	ck_assert_int_eq(sr_proto_set_path(req, path, &err), 0);
}

/* The Gofer's reply: a stat result with st_size, allowed for cache_ms. */
static void make_stat_reply(struct sr_proto_reply *reply, const struct sr_proto_request *req,
			    off_t size, uint32_t cache_ms)
{
	struct stat st = { .st_size = size, .st_mode = S_IFREG | 0644 };
	struct sr_error err = { 0 };

	sr_proto_reply_init(reply, req, 0);
	ck_assert_int_eq(sr_proto_reply_set_result(reply, SR_PROTO_RESULT_STAT, &st, sizeof(st), &err), 0);
	reply->cache_ms = cache_ms;
	ck_assert_int_eq(sr_proto_check_reply(reply, &err), 0);
}

START_TEST(test_same_request_answered_until_it_expires)
{
	struct sr_proto_request req;
	struct sr_proto_reply reply, got;
	struct sr_error err = { 0 };

	make_stat(&req, "/usr/include/stdio.h", 0);
	ck_assert(!sr_answers_find(answers, &req, 1 * MS, &got));
	make_stat_reply(&reply, &req, 4242, 2000);
	sr_answers_keep(answers, &req, &reply, 1 * MS);

	req.id = 99;
	ck_assert(sr_answers_find(answers, &req, 1500 * MS, &got));
	ck_assert_int_eq(got.id, 99);
	ck_assert_int_eq(got.errnum, 0);
	ck_assert_int_eq(got.result.st.st_size, 4242);
	/* What it gives is a reply the Sentry would accept from the Gofer. */
	ck_assert_int_eq(sr_proto_check_reply(&got, &err), 0);
	ck_assert(!sr_answers_find(answers, &req, 2001 * MS, &got));
}
END_TEST

START_TEST(test_another_request_is_not_answered)
{
	struct sr_proto_request req, other;
	struct sr_proto_reply reply, got;

	make_stat(&req, "/usr/include/stdio.h", 0);
	make_stat_reply(&reply, &req, 1, 2000);
	sr_answers_keep(answers, &req, &reply, 0);

	make_stat(&other, "/usr/include/stdio.hx", 0);
	ck_assert(!sr_answers_find(answers, &other, 1, &got));
	make_stat(&other, "/usr/include/stdio.", 0);
	ck_assert(!sr_answers_find(answers, &other, 1, &got));
	/* lstat is not stat. */
	make_stat(&other, "/usr/include/stdio.h", AT_SYMLINK_NOFOLLOW);
	ck_assert(!sr_answers_find(answers, &other, 1, &got));
	/* Nor is an access check of the same path. */
	make_stat(&other, "/usr/include/stdio.h", 0);
	other.op = SR_PROTO_OP_ACCESS;
	ck_assert(!sr_answers_find(answers, &other, 1, &got));
}
END_TEST

START_TEST(test_kept_only_when_the_gofer_says_so)
{
	struct sr_proto_request req;
	struct sr_proto_reply reply, got;

	make_stat(&req, "/work/rw/file", 0);
	make_stat_reply(&reply, &req, 1, 0);
	sr_answers_keep(answers, &req, &reply, 0);
	ck_assert(!sr_answers_find(answers, &req, 1, &got));

	/* A relative path travels with its base: never answered here. */
	make_stat(&req, "include/stdio.h", 0);
	req.fds = SR_PROTO_FD_DIR;
	make_stat_reply(&reply, &req, 1, 2000);
	sr_answers_keep(answers, &req, &reply, 0);
	ck_assert(!sr_answers_eligible(&req));
	ck_assert(!sr_answers_find(answers, &req, 1, &got));
}
END_TEST

START_TEST(test_failures_and_link_targets_are_answers_too)
{
	struct sr_proto_request req;
	struct sr_proto_reply reply, got;
	struct sr_error err = { 0 };

	/* gcc asks readlink("/usr") again and again: EINVAL. */
	make_stat(&req, "/usr", 0);
	req.op = SR_PROTO_OP_READLINK;
	sr_proto_reply_init(&reply, &req, EINVAL);
	reply.cache_ms = 2000;
	sr_answers_keep(answers, &req, &reply, 0);
	ck_assert(sr_answers_find(answers, &req, 1, &got));
	ck_assert_int_eq(got.errnum, EINVAL);

	make_stat(&req, "/lib", 0);
	req.op = SR_PROTO_OP_READLINK;
	sr_proto_reply_init(&reply, &req, 0);
	ck_assert_int_eq(sr_proto_reply_set_result(&reply, SR_PROTO_RESULT_LINK_TARGET, "usr/lib", 7, &err), 0);
	reply.value = 7;
	reply.cache_ms = 2000;
	sr_answers_keep(answers, &req, &reply, 0);
	ck_assert(sr_answers_find(answers, &req, 1, &got));
	ck_assert_str_eq(got.result.link_target, "usr/lib");
	ck_assert_int_eq(got.value, 7);
	ck_assert_int_eq(sr_proto_check_reply(&got, &err), 0);
}
END_TEST

START_TEST(test_long_paths_are_not_kept)
{
	struct sr_proto_request req;
	struct sr_proto_reply reply, got;
	char path[SR_ANSWERS_PATH_MAX + 8];

	memset(path, 'a', sizeof(path) - 1);
	path[0] = '/';
	path[sizeof(path) - 1] = '\0';
	make_stat(&req, path, 0);
	make_stat_reply(&reply, &req, 1, 2000);
	sr_answers_keep(answers, &req, &reply, 0);
	ck_assert(!sr_answers_find(answers, &req, 1, &got));
}
END_TEST

static Suite *answers_suite(void)
{
	Suite *s = suite_create("answers");
	TCase *tc = tcase_create("answers");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_same_request_answered_until_it_expires);
	tcase_add_test(tc, test_another_request_is_not_answered);
	tcase_add_test(tc, test_kept_only_when_the_gofer_says_so);
	tcase_add_test(tc, test_failures_and_link_targets_are_answers_too);
	tcase_add_test(tc, test_long_paths_are_not_kept);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(answers_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
