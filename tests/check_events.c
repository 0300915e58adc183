/* JSON strings of the event stream (src/events.h): valid UTF-8 as it
 * is but for controls, every other byte as a lone surrogate \udcXX (Python's
 * surrogateescape), so that a consumer gets back the exact bytes. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "events.h"

/* `s` as sr_json_string writes it. */
static const char *json_of(const char *s, char *buf, size_t size)
{
	size_t len = 0;

	ck_assert(sr_json_string(buf, size, &len, s, strlen(s)));
	ck_assert_uint_eq(len, strlen(buf));
	return buf;
}

START_TEST(test_ascii_and_controls_escaped_as_json_says)
{
	char buf[128];

	ck_assert_str_eq(json_of("/etc/hostname", buf, sizeof(buf)), "\"/etc/hostname\"");
	ck_assert_str_eq(json_of("q\"b\\s", buf, sizeof(buf)), "\"q\\\"b\\\\s\"");
	ck_assert_str_eq(json_of("n\nl\x01\x1f\x7f", buf, sizeof(buf)), "\"n\\u000al\\u0001\\u001f\\u007f\"");
}
END_TEST

START_TEST(test_valid_utf8_passes_through)
{
	char buf[128];

	/* é (2 bytes), € (3), U+10FFFF and 𝄞 (4), U+00A0 and U+07FF, U+FFFF,
	 * U+2027 and U+202A. */
	ck_assert_str_eq(json_of("/tmp/caf\xc3\xa9", buf, sizeof(buf)), "\"/tmp/caf\xc3\xa9\"");
	ck_assert_str_eq(json_of("\xe2\x82\xac\xf4\x8f\xbf\xbf\xf0\x9d\x84\x9e", buf, sizeof(buf)),
			 "\"\xe2\x82\xac\xf4\x8f\xbf\xbf\xf0\x9d\x84\x9e\"");
	ck_assert_str_eq(json_of("\xc2\xa0\xdf\xbf\xef\xbf\xbf", buf, sizeof(buf)),
			 "\"\xc2\xa0\xdf\xbf\xef\xbf\xbf\"");
	ck_assert_str_eq(json_of("\xe2\x80\xa7\xe2\x80\xaa", buf, sizeof(buf)), "\"\xe2\x80\xa7\xe2\x80\xaa\"");
}
END_TEST

/* The controls of Unicode are escaped too: a terminal tailing the stream
 * may obey C1 (U+009B is CSI), and a reader splitting lines as Python's
 * str.splitlines does ends one at NEL, U+2028 and U+2029. */
START_TEST(test_unicode_controls_escaped)
{
	char buf[128];

	ck_assert_str_eq(json_of("\xc2\x80\xc2\x85\xc2\x9b\xc2\x9f", buf, sizeof(buf)),
			 "\"\\u0080\\u0085\\u009b\\u009f\"");
	ck_assert_str_eq(json_of("a\xe2\x80\xa8" "b\xe2\x80\xa9", buf, sizeof(buf)), "\"a\\u2028b\\u2029\"");
}
END_TEST

START_TEST(test_invalid_bytes_are_surrogate_escapes)
{
	char buf[256];

	/* A lone byte of the upper half, a lead without its continuation,
	 * a stray continuation. */
	ck_assert_str_eq(json_of("a\xff" "b", buf, sizeof(buf)), "\"a\\udcffb\"");
	ck_assert_str_eq(json_of("\xc3" "A", buf, sizeof(buf)), "\"\\udcc3A\"");
	ck_assert_str_eq(json_of("\x80\xbf", buf, sizeof(buf)), "\"\\udc80\\udcbf\"");
	/* Cut short at the end of the string. */
	ck_assert_str_eq(json_of("\xe2\x82", buf, sizeof(buf)), "\"\\udce2\\udc82\"");
	/* Overlong forms of '/' and of U+0000, U+07FF, U+FFFF. */
	ck_assert_str_eq(json_of("\xc0\xaf", buf, sizeof(buf)), "\"\\udcc0\\udcaf\"");
	ck_assert_str_eq(json_of("\xc1\xbf", buf, sizeof(buf)), "\"\\udcc1\\udcbf\"");
	ck_assert_str_eq(json_of("\xe0\x9f\xbf", buf, sizeof(buf)), "\"\\udce0\\udc9f\\udcbf\"");
	ck_assert_str_eq(json_of("\xf0\x8f\xbf\xbf", buf, sizeof(buf)),
			 "\"\\udcf0\\udc8f\\udcbf\\udcbf\"");
	/* A surrogate (U+D800, U+DFFF) encoded in UTF-8. */
	ck_assert_str_eq(json_of("\xed\xa0\x80", buf, sizeof(buf)), "\"\\udced\\udca0\\udc80\"");
	ck_assert_str_eq(json_of("\xed\xbf\xbf", buf, sizeof(buf)), "\"\\udced\\udcbf\\udcbf\"");
	/* Above U+10FFFF, and leads that never start a sequence. */
	ck_assert_str_eq(json_of("\xf4\x90\x80\x80", buf, sizeof(buf)),
			 "\"\\udcf4\\udc90\\udc80\\udc80\"");
	ck_assert_str_eq(json_of("\xf5\xf8\xfe", buf, sizeof(buf)), "\"\\udcf5\\udcf8\\udcfe\"");
	/* An invalid byte, then a valid sequence after it. */
	ck_assert_str_eq(json_of("\xe2\xc3\xa9", buf, sizeof(buf)), "\"\\udce2\xc3\xa9\"");
}
END_TEST

START_TEST(test_input_cut_at_max)
{
	char buf[64];
	size_t len = 0;

	ck_assert(sr_json_string(buf, sizeof(buf), &len, "ab\xc3\xa9zz", 4));
	ck_assert_str_eq(buf, "\"ab\xc3\xa9\"");
	/* max cuts a sequence: what is left of it is not valid on its own. */
	len = 0;
	ck_assert(sr_json_string(buf, sizeof(buf), &len, "ab\xc3\xa9zz", 3));
	ck_assert_str_eq(buf, "\"ab\\udcc3\"");
}
END_TEST

START_TEST(test_too_small_is_refused)
{
	char buf[8];
	size_t len = 0;

	ck_assert(!sr_json_string(buf, sizeof(buf), &len, "\xff\xff", 2));
}
END_TEST

/* Cut to fit: never in the middle of a character or of an escape. */
START_TEST(test_cut_keeps_sequences_whole)
{
	char buf[16];
	size_t len = 0;
	bool cut;

	/* Room for the quotes, "ab" and 3 more bytes: é (2) fits, then
	 * € (3) does not. */
	ck_assert(sr_json_string_cut(buf, sizeof(buf), &len, "ab\xc3\xa9\xe2\x82\xac", 64, 8, &cut));
	ck_assert(cut);
	ck_assert_str_eq(buf, "\"ab\xc3\xa9\"");
	len = 0;
	ck_assert(sr_json_string_cut(buf, sizeof(buf), &len, "ab\xc3\xff", 64, 6, &cut));
	ck_assert(cut);
	ck_assert_str_eq(buf, "\"ab\"");
	len = 0;
	ck_assert(sr_json_string_cut(buf, sizeof(buf), &len, "\xc3\xa9", 64, 6, &cut));
	ck_assert(!cut);
	ck_assert_str_eq(buf, "\"\xc3\xa9\"");
}
END_TEST

static Suite *events_suite(void)
{
	Suite *s = suite_create("events");
	TCase *tc = tcase_create("json strings");

	tcase_add_test(tc, test_ascii_and_controls_escaped_as_json_says);
	tcase_add_test(tc, test_valid_utf8_passes_through);
	tcase_add_test(tc, test_unicode_controls_escaped);
	tcase_add_test(tc, test_invalid_bytes_are_surrogate_escapes);
	tcase_add_test(tc, test_input_cut_at_max);
	tcase_add_test(tc, test_too_small_is_refused);
	tcase_add_test(tc, test_cut_keeps_sequences_whole);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(events_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
