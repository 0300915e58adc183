/* Unit tests: command-line parsing (src/options.c). */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"

static int parse(struct sr_options *o, struct sr_error *err, char **argv)
{
	int argc = 0;

	while (argv[argc] != NULL)
		argc++;
	return sr_options_parse(argc, argv, "/home/u/src", o, err);
}

START_TEST(test_program_and_args_are_kept)
{
	char *argv[] = { "sentry-run", "--", "/bin/sh", "-c", "echo hi", NULL };
	struct sr_options o;
	struct sr_error err = { 0 };

	ck_assert_int_eq(parse(&o, &err, argv), 0);
	ck_assert_str_eq(o.program[0], "/bin/sh");
	ck_assert_str_eq(o.program[1], "-c");
	ck_assert_ptr_null(o.program[3]);
	sr_options_free(&o);
}
END_TEST

START_TEST(test_program_options_are_its_own)
{
	char *argv[] = { "sentry-run", "ls", "--rw", "-v", NULL };
	struct sr_options o;
	struct sr_error err = { 0 };

	ck_assert_int_eq(parse(&o, &err, argv), 0);
	ck_assert_str_eq(o.program[0], "ls");
	ck_assert_str_eq(o.program[1], "--rw");
	ck_assert_uint_eq(o.overrides.nmounts, 0);
	sr_options_free(&o);
}
END_TEST

START_TEST(test_mounts_in_order_and_absolute)
{
	char *argv[] = { "sentry-run", "--rw", ".", "--ro", "/opt/x", "--tmpfs", "cache", "--", "true", NULL };
	struct sr_options o;
	struct sr_error err = { 0 };

	ck_assert_int_eq(parse(&o, &err, argv), 0);
	ck_assert_uint_eq(o.overrides.nmounts, 3);
	ck_assert_int_eq(o.overrides.mounts[0].kind, SR_MOUNT_RW);
	ck_assert_str_eq(o.overrides.mounts[0].source, "/home/u/src");
	ck_assert_int_eq(o.overrides.mounts[1].kind, SR_MOUNT_RO);
	ck_assert_str_eq(o.overrides.mounts[1].dest, "/opt/x");
	ck_assert_int_eq(o.overrides.mounts[2].kind, SR_MOUNT_TMPFS);
	ck_assert_ptr_null(o.overrides.mounts[2].source);
	ck_assert_str_eq(o.overrides.mounts[2].dest, "/home/u/src/cache");
	sr_options_free(&o);
}
END_TEST

START_TEST(test_env_hostname_cwd_passfd)
{
	char *argv[] = { "sentry-run", "--env", "A=1", "--env", "B=", "--clearenv", "--hostname", "box",
			 "--cwd", "/tmp", "--pass-fd", "5", "-q", "--", "true", NULL };
	struct sr_options o;
	struct sr_config cfg;
	struct sr_error err = { 0 };

	ck_assert_int_eq(parse(&o, &err, argv), 0);
	sr_config_init(&cfg);
	ck_assert_int_eq(sr_options_apply(&o, &cfg, &err), 0);
	ck_assert_uint_eq(cfg.env.len, 2);
	ck_assert_str_eq(cfg.env.items[1], "B=");
	ck_assert(cfg.clearenv);
	ck_assert_str_eq(cfg.hostname, "box");
	ck_assert_str_eq(cfg.cwd, "/tmp");
	ck_assert_uint_eq(cfg.npass_fds, 1);
	ck_assert_int_eq(cfg.pass_fds[0], 5);
	ck_assert_int_eq(o.verbosity, SR_LOG_QUIET);
	sr_config_free(&cfg);
	sr_options_free(&o);
}
END_TEST

START_TEST(test_help_and_version)
{
	char *help[] = { "sentry-run", "--help", NULL };
	char *version[] = { "sentry-run", "-V", NULL };
	struct sr_options o;
	struct sr_error err = { 0 };

	ck_assert_int_eq(parse(&o, &err, help), 0);
	ck_assert_int_eq(o.action, SR_ACTION_HELP);
	sr_options_free(&o);
	ck_assert_int_eq(parse(&o, &err, version), 0);
	ck_assert_int_eq(o.action, SR_ACTION_VERSION);
	sr_options_free(&o);
}
END_TEST

static const struct {
	char *argv[6];
	const char *message;
} bad_command_lines[] = {
	{ { "sentry-run", "--bogus", "true" }, "unknown option '--bogus'; see --help" },
	{ { "sentry-run", "-x", "true" }, "unknown option '-x'; see --help" },
	{ { "sentry-run", "--rw" }, "option '--rw' needs an argument; see --help" },
	{ { "sentry-run" }, "no PROGRAM given" },
	{ { "sentry-run", "--" }, "no PROGRAM given" },
	{ { "sentry-run", "--env", "NOVALUE", "true" }, "--env 'NOVALUE': expected NAME=VALUE" },
	{ { "sentry-run", "--env", "=v", "true" }, "--env '=v': expected NAME=VALUE" },
	{ { "sentry-run", "--pass-fd", "2", "true" }, "--pass-fd 2: fds 0, 1 and 2 are always passed" },
	{ { "sentry-run", "--pass-fd", "7x", "true" }, "--pass-fd '7x': expected a file descriptor number" },
	{ { "sentry-run", "--pass-fd", "-4", "true" }, "--pass-fd '-4': expected a file descriptor number" },
	{ { "sentry-run", "--cwd", "rel", "true" }, "--cwd 'rel': expected an absolute path" },
	{ { "sentry-run", "--hostname", "", "true" }, "--hostname '': expected 1 to 64 characters" },
	{ { "sentry-run", "--rw", "", "true" }, "--rw: empty path" },
};

START_TEST(test_bad_command_lines)
{
	struct sr_options o;
	struct sr_error err = { 0 };
	char **argv = (char **)bad_command_lines[_i].argv;

	ck_assert_int_eq(parse(&o, &err, argv), -1);
	ck_assert_msg(strstr(err.msg, bad_command_lines[_i].message) != NULL,
		      "message '%s' lacks '%s'", err.msg, bad_command_lines[_i].message);
	sr_options_free(&o);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("options");
	TCase *tc = tcase_create("parse");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_program_and_args_are_kept);
	tcase_add_test(tc, test_program_options_are_its_own);
	tcase_add_test(tc, test_mounts_in_order_and_absolute);
	tcase_add_test(tc, test_env_hostname_cwd_passfd);
	tcase_add_test(tc, test_help_and_version);
	tcase_add_loop_test(tc, test_bad_command_lines, 0, (int)SR_ARRAY_SIZE(bad_command_lines));
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
