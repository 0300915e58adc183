/* Unit tests: --ssh (src/ssh.c, and its option in src/options.c). */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"
#include "ssh.h"

static const struct sr_ssh_user alice = { .name = "alice", .home = "/home/alice", .shell = "/bin/bash" };

static bool env_has(const struct sr_strlist *env, const char *kv)
{
	return sr_strlist_contains(env, kv);
}

static bool env_names(const struct sr_strlist *env, const char *name)
{
	size_t n = strlen(name);

	for (size_t i = 0; i < env->len; i++)
		if (strncmp(env->items[i], name, n) == 0 && env->items[i][n] == '=')
			return true;
	return false;
}

START_TEST(test_command_runs_with_the_login_shell)
{
	char *environ_in[] = { "SSH_ORIGINAL_COMMAND=id; exit 3", NULL };
	struct sr_ssh_session s;
	struct sr_error err = { 0 };

	ck_assert_int_eq(sr_ssh_session_build(&s, &alice, environ_in, &err), 0);
	ck_assert_str_eq(s.argv[0], "/bin/bash");
	ck_assert_str_eq(s.argv[1], "-c");
	ck_assert_str_eq(s.argv[2], "id; exit 3");
	ck_assert_ptr_null(s.argv[3]);
	sr_ssh_session_free(&s);
}
END_TEST

START_TEST(test_no_command_is_a_login_shell)
{
	char *environ_in[] = { "TERM=xterm", NULL };
	struct sr_ssh_session s;
	struct sr_error err = { 0 };

	ck_assert_int_eq(sr_ssh_session_build(&s, &alice, environ_in, &err), 0);
	ck_assert_str_eq(s.argv[0], "/bin/bash");
	ck_assert_str_eq(s.argv[1], "-l");
	ck_assert_ptr_null(s.argv[2]);
	sr_ssh_session_free(&s);
}
END_TEST

START_TEST(test_an_empty_shell_is_bin_sh)
{
	struct sr_ssh_user nobody = { .name = "n", .home = "/", .shell = "" };
	char *environ_in[] = { NULL };
	struct sr_ssh_session s;
	struct sr_error err = { 0 };

	ck_assert_int_eq(sr_ssh_session_build(&s, &nobody, environ_in, &err), 0);
	ck_assert_str_eq(s.argv[0], SR_SSH_FALLBACK_SHELL);
	ck_assert(env_has(&s.env, "SHELL=" SR_SSH_FALLBACK_SHELL));
	ck_assert(env_has(&s.env, "PATH=" SR_SSH_FALLBACK_PATH));
	sr_ssh_session_free(&s);
}
END_TEST

START_TEST(test_a_relative_shell_is_refused)
{
	struct sr_ssh_user odd = { .name = "odd", .home = "/", .shell = "bash" };
	char *environ_in[] = { NULL };
	struct sr_ssh_session s;
	struct sr_error err = { 0 };

	ck_assert_int_eq(sr_ssh_session_build(&s, &odd, environ_in, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.msg, "not an absolute path"));
}
END_TEST

START_TEST(test_environment_is_the_safe_set)
{
	char *environ_in[] = {
		"PATH=/usr/bin:/bin", "TERM=vt100", "LANG=C.UTF-8", "LC_TIME=de_DE.UTF-8", "TZ=UTC",
		"SSH_CONNECTION=1 2 3 4", "SSH_CLIENT=1 2 3", "SSH_TTY=/dev/pts/3",
		"GIT_PROTOCOL=version=2", "HOME=/elsewhere", "USER=mallory", "SHELL=/bin/zsh",
		"LD_PRELOAD=/tmp/x.so", "BASH_ENV=/tmp/rc", "MAIL=/var/mail/alice", "SHLVL=1",
		"LC_=empty-suffix", "PATHX=similar", "=nameless", NULL,
	};
	struct sr_ssh_session s;
	struct sr_error err = { 0 };

	ck_assert_int_eq(sr_ssh_session_build(&s, &alice, environ_in, &err), 0);
	ck_assert(env_has(&s.env, "HOME=/home/alice"));
	ck_assert(env_has(&s.env, "USER=alice"));
	ck_assert(env_has(&s.env, "LOGNAME=alice"));
	ck_assert(env_has(&s.env, "SHELL=/bin/bash"));
	ck_assert(env_has(&s.env, "PATH=/usr/bin:/bin"));
	ck_assert(env_has(&s.env, "TERM=vt100"));
	ck_assert(env_has(&s.env, "LANG=C.UTF-8"));
	ck_assert(env_has(&s.env, "LC_TIME=de_DE.UTF-8"));
	ck_assert(env_has(&s.env, "TZ=UTC"));
	ck_assert(env_has(&s.env, "SSH_CONNECTION=1 2 3 4"));
	ck_assert(env_has(&s.env, "SSH_CLIENT=1 2 3"));
	ck_assert(env_has(&s.env, "SSH_TTY=/dev/pts/3"));
	ck_assert(env_has(&s.env, "GIT_PROTOCOL=version=2"));
	ck_assert(!env_has(&s.env, "HOME=/elsewhere"));
	ck_assert(!env_has(&s.env, "USER=mallory"));
	ck_assert(!env_has(&s.env, "SHELL=/bin/zsh"));
	ck_assert(!env_names(&s.env, "LD_PRELOAD"));
	ck_assert(!env_names(&s.env, "BASH_ENV"));
	ck_assert(!env_names(&s.env, "MAIL"));
	ck_assert(!env_names(&s.env, "SHLVL"));
	ck_assert(!env_names(&s.env, "LC_"));
	ck_assert(!env_names(&s.env, "PATHX"));
	ck_assert(!env_has(&s.env, "=nameless"));
	ck_assert_uint_eq(s.env.len, 13);
	sr_ssh_session_free(&s);
}
END_TEST

START_TEST(test_profile_env_comes_after_the_session)
{
	char *environ_in[] = { "TERM=vt100", NULL };
	struct sr_ssh_session s;
	struct sr_config cfg;
	struct sr_error err = { 0 };

	sr_config_init(&cfg);
	ck_assert_int_eq(sr_strlist_add(&cfg.env, "TERM=dumb", &err), 0);
	ck_assert_int_eq(sr_ssh_session_build(&s, &alice, environ_in, &err), 0);
	ck_assert_int_eq(sr_ssh_session_configure(&s, &cfg, &err), 0);
	ck_assert(cfg.clearenv);
	ck_assert(cfg.stop_on_hangup);
	ck_assert(cfg.wait_for_output);
	/* For init's message when the profile does not show the shell. */
	ck_assert_str_eq(cfg.login_shell_of, "alice");
	ck_assert_uint_eq(cfg.env.len, s.env.len + 1);
	/* init applies env in order: the profile's TERM wins. */
	ck_assert_str_eq(cfg.env.items[cfg.env.len - 1], "TERM=dumb");
	ck_assert_str_eq(cfg.env.items[0], "HOME=/home/alice");
	sr_ssh_session_free(&s);
	sr_config_free(&cfg);
}
END_TEST

static int parse(struct sr_options *o, struct sr_error *err, char **argv)
{
	int argc = 0;

	while (argv[argc] != NULL)
		argc++;
	return sr_options_parse(argc, argv, "/", o, err);
}

START_TEST(test_option_needs_no_program)
{
	char *argv[] = { "sentry-run", "--ssh", "-p", "shell", NULL };
	struct sr_options o;
	struct sr_error err = { 0 };

	ck_assert_int_eq(parse(&o, &err, argv), 0);
	ck_assert(o.ssh);
	ck_assert_ptr_null(o.program);
	ck_assert_str_eq(o.profile, "shell");
	sr_options_free(&o);
}
END_TEST

START_TEST(test_option_refuses_a_program)
{
	char *argv[] = { "sentry-run", "--ssh", "--", "/bin/sh", NULL };
	struct sr_options o;
	struct sr_error err = { 0 };

	ck_assert_int_eq(parse(&o, &err, argv), -1);
	ck_assert_ptr_nonnull(strstr(err.msg, "--ssh takes no PROGRAM ('/bin/sh')"));
	sr_options_free(&o);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("ssh");
	TCase *tc = tcase_create("session");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_command_runs_with_the_login_shell);
	tcase_add_test(tc, test_no_command_is_a_login_shell);
	tcase_add_test(tc, test_an_empty_shell_is_bin_sh);
	tcase_add_test(tc, test_a_relative_shell_is_refused);
	tcase_add_test(tc, test_environment_is_the_safe_set);
	tcase_add_test(tc, test_profile_env_comes_after_the_session);
	tcase_add_test(tc, test_option_needs_no_program);
	tcase_add_test(tc, test_option_refuses_a_program);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
