/* Unit tests: what sentry-run does for systemd — the sd_notify filter and
 * address (src/notify.c), the journal stream check and the messages it
 * takes (src/util.c). */
#include <check.h>
#include <stddef.h>
#include <string.h>
#include <unistd.h>

#include "notify.h"

#define OUT_SIZE (SR_NOTIFY_MESSAGE_MAX + 1)

static ssize_t filter(const char *msg, char *out, size_t *dropped)
{
	return sr_notify_filter(msg, strlen(msg), 4242, out, OUT_SIZE, dropped);
}

START_TEST(test_known_keys_pass_in_order)
{
	char out[OUT_SIZE];
	size_t dropped;
	ssize_t n = filter("READY=1\nSTATUS=serving 3 clients\nWATCHDOG=1\n", out, &dropped);

	ck_assert_int_eq(n, (ssize_t)strlen(out));
	ck_assert_str_eq(out, "READY=1\nSTATUS=serving 3 clients\nWATCHDOG=1");
	ck_assert_uint_eq(dropped, 0);
}
END_TEST

START_TEST(test_mainpid_is_rewritten_to_sentry_run)
{
	char out[OUT_SIZE];
	size_t dropped;

	ck_assert_int_gt(filter("MAINPID=2\nREADY=1", out, &dropped), 0);
	ck_assert_str_eq(out, "MAINPID=4242\nREADY=1");
}
END_TEST

START_TEST(test_unknown_and_fd_keys_are_dropped)
{
	char out[OUT_SIZE];
	size_t dropped;

	ck_assert_int_gt(filter("FDSTORE=1\nREADY=1\nNOTIFYACCESS=all\nnokey\nBARRIER=1", out, &dropped), 0);
	ck_assert_str_eq(out, "READY=1");
	ck_assert_uint_eq(dropped, 4);
	ck_assert_int_eq(filter("FDSTORE=1", out, &dropped), 0);
	ck_assert_str_eq(out, "");
	ck_assert_uint_eq(dropped, 1);
}
END_TEST

START_TEST(test_key_must_match_whole)
{
	char out[OUT_SIZE];
	size_t dropped;

	ck_assert_int_eq(filter("READYX=1\nREAD=1\n=1", out, &dropped), 0);
	ck_assert_uint_eq(dropped, 3);
}
END_TEST

START_TEST(test_nul_drops_the_datagram)
{
	char out[OUT_SIZE];
	size_t dropped;
	static const char with_nul[] = "READY=1\0STATUS=x";

	ck_assert_int_eq(sr_notify_filter(with_nul, sizeof(with_nul) - 1, 1, out, sizeof(out), &dropped), -1);
}
END_TEST

START_TEST(test_control_characters_drop_their_line)
{
	char out[OUT_SIZE];
	size_t dropped;

	/* systemd would take READY=1 whatever else the message says. */
	ck_assert_int_gt(filter("READY=1\nSTATUS=a\rb", out, &dropped), 0);
	ck_assert_str_eq(out, "READY=1");
	ck_assert_uint_eq(dropped, 1);
	ck_assert_int_eq(filter("STATUS=\x1b[31mred", out, &dropped), 0);
	ck_assert_uint_eq(dropped, 1);
	ck_assert_int_eq(filter("STATUS=\x7f", out, &dropped), 0);
	/* A tab is text. */
	ck_assert_int_gt(filter("READY=1\nSTATUS=port\t8080", out, &dropped), 0);
	ck_assert_str_eq(out, "READY=1\nSTATUS=port\t8080");
	ck_assert_uint_eq(dropped, 0);
	/* UTF-8 is text. */
	ck_assert_int_gt(filter("STATUS=d\xc3\xa9j\xc3\xa0 pr\xc3\xaat", out, &dropped), 0);
}
END_TEST

START_TEST(test_oversized_datagram_is_dropped)
{
	static char big[SR_NOTIFY_MESSAGE_MAX + 2];
	char out[OUT_SIZE];
	size_t dropped;

	memset(big, 'x', sizeof(big) - 1);
	memcpy(big, "STATUS=", 7);
	ck_assert_int_eq(sr_notify_filter(big, SR_NOTIFY_MESSAGE_MAX + 1, 1, out, sizeof(out), &dropped), -1);
	ck_assert_int_eq(sr_notify_filter(big, SR_NOTIFY_MESSAGE_MAX, 1, out, sizeof(out), &dropped),
			 SR_NOTIFY_MESSAGE_MAX);
}
END_TEST

START_TEST(test_rewrite_cannot_grow_past_the_limit)
{
	static char msg[SR_NOTIFY_MESSAGE_MAX + 1];
	char out[OUT_SIZE];
	size_t dropped;
	size_t n = 0;

	/* "MAINPID=1" lines grow to "MAINPID=4242" on the way out. */
	while (n + 10 <= SR_NOTIFY_MESSAGE_MAX) {
		memcpy(msg + n, "MAINPID=1\n", 10);
		n += 10;
	}
	ck_assert_int_eq(sr_notify_filter(msg, n, 4242, out, sizeof(out), &dropped), -1);
	/* Nor past a small output buffer. */
	ck_assert_int_eq(sr_notify_filter("READY=1", 7, 1, out, 7, &dropped), -1);
	ck_assert_int_eq(sr_notify_filter("READY=1", 7, 1, out, 8, &dropped), 7);
}
END_TEST

START_TEST(test_address_path_and_abstract)
{
	struct sockaddr_un addr;
	socklen_t len;
	struct sr_error err = { 0 };

	ck_assert_int_eq(sr_notify_parse_address("/run/systemd/notify", &addr, &len, &err), 0);
	ck_assert_str_eq(addr.sun_path, "/run/systemd/notify");
	ck_assert_uint_eq(len, offsetof(struct sockaddr_un, sun_path) + strlen("/run/systemd/notify") + 1);
	ck_assert_int_eq(sr_notify_parse_address("@sd-notify", &addr, &len, &err), 0);
	ck_assert_int_eq(addr.sun_path[0], '\0');
	ck_assert_int_eq(memcmp(addr.sun_path + 1, "sd-notify", 9), 0);
	ck_assert_uint_eq(len, offsetof(struct sockaddr_un, sun_path) + strlen("@sd-notify"));
}
END_TEST

START_TEST(test_address_refused)
{
	struct sockaddr_un addr;
	socklen_t len;
	struct sr_error err = { 0 };
	char longpath[sizeof(addr.sun_path) + 1];

	ck_assert_int_eq(sr_notify_parse_address("vsock:2:1234", &addr, &len, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.msg, "vsock"));
	ck_assert_int_eq(sr_notify_parse_address("relative", &addr, &len, &err), -1);
	ck_assert_int_eq(sr_notify_parse_address("@", &addr, &len, &err), -1);
	/* 108 bytes: too long for a path, which needs its NUL... */
	memset(longpath, 'a', sizeof(longpath) - 1);
	longpath[0] = '/';
	longpath[sizeof(longpath) - 1] = '\0';
	ck_assert_int_eq(sr_notify_parse_address(longpath, &addr, &len, &err), -1);
	/* ...but not for an abstract name, which has none. */
	longpath[0] = '@';
	ck_assert_int_eq(sr_notify_parse_address(longpath, &addr, &len, &err), 0);
	ck_assert_uint_eq(len, sizeof(addr));
	longpath[0] = '/';
	longpath[sizeof(longpath) - 2] = '\0';
	ck_assert_int_eq(sr_notify_parse_address(longpath, &addr, &len, &err), 0);
}
END_TEST

/* What sr_warn(text) writes on stderr, NUL-terminated in buf. */
static const char *message_of(const char *text, char *buf, size_t size)
{
	int p[2], saved = dup(STDERR_FILENO);
	ssize_t n;

	ck_assert_int_ge(saved, 0);
	ck_assert_int_eq(pipe(p), 0);
	ck_assert_int_eq(dup2(p[1], STDERR_FILENO), STDERR_FILENO);
	sr_warn("%s", text);
	ck_assert_int_eq(dup2(saved, STDERR_FILENO), STDERR_FILENO);
	close(saved);
	close(p[1]);
	n = read(p[0], buf, size - 1);
	ck_assert_int_ge(n, 0);
	buf[n] = '\0';
	close(p[0]);
	return buf;
}

START_TEST(test_message_is_one_line_of_printable_text)
{
	static char text[2000], buf[8192], want[8192];

	ck_assert_str_eq(message_of("cannot open /etc/x: No such file", buf, sizeof(buf)),
			 "sentry-run: cannot open /etc/x: No such file\n");
	ck_assert_str_eq(message_of("pid 2 (a\n<0>EVIL\r\x1b[31m\t\x7f\x9b\xc3\xa9)", buf, sizeof(buf)),
			 "sentry-run: pid 2 (a\\n<0>EVIL\\r\\x1b[31m\\t\\x7f\\x9b\\xc3\\xa9)\n");
	/* The longest message, every byte of it escaped, is still whole:
	 * the 1023 bytes kept, and the newline. */
	memset(text, '\x1b', sizeof(text) - 1);
	strcpy(want, "sentry-run: ");
	for (int i = 0; i < 1023; i++)
		strcat(want, "\\x1b");
	strcat(want, "\n");
	ck_assert_str_eq(message_of(text, buf, sizeof(buf)), want);
}
END_TEST

START_TEST(test_journal_stream_matches_dev_and_inode)
{
	ck_assert(sr_journal_stream_is("8:1234", 8, 1234));
	ck_assert(!sr_journal_stream_is("8:1234", 8, 1235));
	ck_assert(!sr_journal_stream_is("9:1234", 8, 1234));
	ck_assert(!sr_journal_stream_is(NULL, 8, 1234));
	ck_assert(!sr_journal_stream_is("", 0, 0));
	ck_assert(!sr_journal_stream_is("8:", 8, 0));
	ck_assert(!sr_journal_stream_is(":1234", 0, 1234));
	ck_assert(!sr_journal_stream_is("8:1234x", 8, 1234));
	ck_assert(!sr_journal_stream_is("-8:1234", (dev_t)-8, 1234));
	ck_assert(!sr_journal_stream_is("8:-1234", 8, (ino_t)-1234));
	ck_assert(!sr_journal_stream_is("99999999999999999999999:1", 0, 1));
}
END_TEST

static Suite *systemd_suite(void)
{
	Suite *s = suite_create("systemd");
	TCase *tc = tcase_create("notify");

	tcase_add_test(tc, test_known_keys_pass_in_order);
	tcase_add_test(tc, test_mainpid_is_rewritten_to_sentry_run);
	tcase_add_test(tc, test_unknown_and_fd_keys_are_dropped);
	tcase_add_test(tc, test_key_must_match_whole);
	tcase_add_test(tc, test_nul_drops_the_datagram);
	tcase_add_test(tc, test_control_characters_drop_their_line);
	tcase_add_test(tc, test_oversized_datagram_is_dropped);
	tcase_add_test(tc, test_rewrite_cannot_grow_past_the_limit);
	tcase_add_test(tc, test_address_path_and_abstract);
	tcase_add_test(tc, test_address_refused);
	suite_add_tcase(s, tc);
	tc = tcase_create("journal");
	tcase_add_test(tc, test_journal_stream_matches_dev_and_inode);
	tcase_add_test(tc, test_message_is_one_line_of_printable_text);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(systemd_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
