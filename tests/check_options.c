/* Unit tests: command-line parsing (src/options.c). */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"
#include "profile.h"

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
	/* Up from the current directory, which getcwd gave without links. */
	char *up[] = { "sentry-run", "--ro", "..", "--rw", "./../../../etc/x", "--tmpfs", "/../run", "--", "true", NULL };
	ck_assert_msg(parse(&o, &err, up) == 0, "%s", err.msg);
	ck_assert_str_eq(o.overrides.mounts[0].source, "/home/u");
	ck_assert_str_eq(o.overrides.mounts[1].source, "/etc/x");
	ck_assert_str_eq(o.overrides.mounts[2].dest, "/run");
	sr_options_free(&o);
}
END_TEST

/* The current directory cannot be named (removed, or longer than
 * PATH_MAX): a relative mount path names nothing, not a path under /
 * (--rw tmp from a removed directory bound the host's /tmp). */
START_TEST(test_relative_paths_without_a_cwd)
{
	static const char *const relative[] = { ".", "tmp", "./etc", "../x" };
	struct sr_options o;
	struct sr_error err = { 0 };

	for (size_t i = 0; i < sizeof(relative) / sizeof(relative[0]); i++) {
		char *argv[] = { "sentry-run", "--rw", (char *)relative[i], "--", "true", NULL };
		ck_assert_int_eq(sr_options_parse(5, argv, NULL, &o, &err), -1);
		ck_assert_msg(strstr(err.msg, "the current directory cannot be named") != NULL, "%s: %s",
			      relative[i], err.msg);
		sr_options_free(&o);
	}
	char *argv[] = { "sentry-run", "--ro", "/opt/x", "--", "true", NULL };
	ck_assert_int_eq(sr_options_parse(5, argv, NULL, &o, &err), 0);
	ck_assert_str_eq(o.overrides.mounts[0].source, "/opt/x");
	sr_options_free(&o);
}
END_TEST

START_TEST(test_env_hostname_cwd_passfd)
{
	char *argv[] = { "sentry-run", "--env", "A=1", "--env", "B=", "--clearenv", "--hostname", "box",
			 "--cwd", "/tmp", "--pass-fd", "5", "--uid", "0", "--gid=65534", "-q", "--", "true", NULL };
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
	ck_assert_int_eq(cfg.uid, 0);
	ck_assert_int_eq(cfg.gid, 65534);
	ck_assert_str_eq(cfg.cwd, "/tmp");
	ck_assert_uint_eq(cfg.npass_fds, 1);
	ck_assert_int_eq(cfg.pass_fds[0], 5);
	ck_assert_int_eq(o.verbosity, SR_LOG_QUIET);
	sr_config_free(&cfg);
	sr_options_free(&o);
}
END_TEST

START_TEST(test_limits_override_the_profile)
{
	char *argv[] = { "sentry-run", "--memory=256M", "--pids", "64", "--cpu=50%", "--nofile=20",
			 "--fsize=unlimited", "--core=1M", "--timeout=1s", "--kill-after=250ms",
			 "--", "true", NULL };
	struct sr_options o;
	struct sr_config cfg;
	struct sr_error err = { 0 };

	ck_assert_msg(parse(&o, &err, argv) == 0, "%s", err.msg);
	sr_config_init(&cfg);
	cfg.memory_max = 1;
	cfg.core = (struct sr_rlimit_spec){ .set = true, .value = 0 };
	ck_assert_int_eq(sr_options_apply(&o, &cfg, &err), 0);
	ck_assert_uint_eq(cfg.memory_max, 256ULL << 20);
	ck_assert_uint_eq(cfg.pids_max, 64);
	ck_assert_uint_eq(cfg.cpu_percent, 50);
	ck_assert(cfg.nofile.set && cfg.nofile.value == 20);
	ck_assert(cfg.fsize.set && cfg.fsize.value == SR_RLIM_UNLIMITED);
	ck_assert(cfg.core.set && cfg.core.value == 1ULL << 20);
	ck_assert_uint_eq(cfg.timeout_ms, 1000);
	ck_assert_uint_eq(cfg.kill_after_ms, 250);
	sr_config_free(&cfg);
	sr_options_free(&o);
}
END_TEST

START_TEST(test_absent_limits_keep_the_profile)
{
	char *argv[] = { "sentry-run", "--", "true", NULL };
	struct sr_options o;
	struct sr_config cfg;
	struct sr_error err = { 0 };

	ck_assert_int_eq(parse(&o, &err, argv), 0);
	sr_config_init(&cfg);
	cfg.memory_max = 4096;
	cfg.pids_max = 9;
	cfg.cpu_percent = 30;
	cfg.core = (struct sr_rlimit_spec){ .set = true, .value = 0 };
	cfg.timeout_ms = 5;
	ck_assert_int_eq(sr_options_apply(&o, &cfg, &err), 0);
	ck_assert_uint_eq(cfg.memory_max, 4096);
	ck_assert_uint_eq(cfg.pids_max, 9);
	ck_assert_uint_eq(cfg.cpu_percent, 30);
	ck_assert(cfg.core.set && cfg.core.value == 0);
	ck_assert(!cfg.nofile.set);
	ck_assert_uint_eq(cfg.timeout_ms, 5);
	sr_config_free(&cfg);
	sr_options_free(&o);
}
END_TEST

/* As timeout(1) takes them: a decimal fraction, a unit s, m, h or d, or
 * bare seconds; finer than a millisecond is rounded up, never to 0. */
START_TEST(test_durations_as_timeout_takes_them)
{
	static const struct {
		const char *arg;
		uint64_t ms;
	} durations[] = {
		{ "--timeout=1.5s", 1500 }, { "--timeout=0.5", 500 }, { "--timeout=1d", 86400000 },
		{ "--timeout=2m", 120000 }, { "--timeout=.25", 250 }, { "--timeout=3.", 3000 },
		{ "--timeout=0.1h", 360000 }, { "--timeout=0.0001", 1 }, { "--timeout=1.0005s", 1001 },
		{ "--timeout=2.5ms", 3 }, { "--kill-after=0.25", 250 }, { "--kill-after=1.25m", 75000 },
	};

	for (size_t i = 0; i < SR_ARRAY_SIZE(durations); i++) {
		char *argv[] = { "sentry-run", (char *)durations[i].arg, "true", NULL };
		struct sr_options o;
		struct sr_config cfg;
		struct sr_error err = { 0 };

		ck_assert_msg(parse(&o, &err, argv) == 0, "%s: %s", durations[i].arg, err.msg);
		sr_config_init(&cfg);
		ck_assert_int_eq(sr_options_apply(&o, &cfg, &err), 0);
		uint64_t got = strncmp(durations[i].arg, "--timeout", 9) == 0 ? cfg.timeout_ms : cfg.kill_after_ms;
		ck_assert_msg(got == durations[i].ms, "%s: %llu ms, expected %llu", durations[i].arg,
			      (unsigned long long)got, (unsigned long long)durations[i].ms);
		sr_config_free(&cfg);
		sr_options_free(&o);
	}
}
END_TEST

START_TEST(test_last_strace_option_says_where)
{
	char *to_stderr[] = { "sentry-run", "--strace=/tmp/trace", "--strace", "--", "true", NULL };
	char *to_file[] = { "sentry-run", "--strace", "--strace=/tmp/trace", "--", "true", NULL };
	struct sr_options o;
	struct sr_config cfg;
	struct sr_error err = { 0 };

	ck_assert_int_eq(parse(&o, &err, to_stderr), 0);
	sr_config_init(&cfg);
	ck_assert_int_eq(sr_config_set_string(&cfg.strace_path, "/var/log/from-profile", &err), 0);
	ck_assert_int_eq(sr_options_apply(&o, &cfg, &err), 0);
	ck_assert(cfg.strace);
	ck_assert_ptr_null(cfg.strace_path);
	sr_config_free(&cfg);
	sr_options_free(&o);
	ck_assert_int_eq(parse(&o, &err, to_file), 0);
	ck_assert_str_eq(o.overrides.strace_path, "/tmp/trace");
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
	{ { "sentry-run", "--hostname", "", "true" }, "--hostname '': expected a host name" },
	{ { "sentry-run", "--hostname", "a b", "true" }, "--hostname 'a b': expected a host name" },
	{ { "sentry-run", "--env", "A B=1", "true" }, "--env 'A B=1': expected NAME=VALUE with NAME of letters" },
	{ { "sentry-run", "--cwd", "/usr/../etc", "true" }, "--cwd '/usr/../etc': '..' is not allowed" },
	{ { "sentry-run", "--uid", "-1", "true" }, "--uid '-1': expected a numeric id from 0 to 4294967294" },
	{ { "sentry-run", "--gid", "4294967295", "true" }, "--gid '4294967295': 4294967295 is out of range" },
	{ { "sentry-run", "--rw", "", "true" }, "--rw: empty path" },
	{ { "sentry-run", "--memory=0", "true" }, "--memory '0': expected a value above 0" },
	{ { "sentry-run", "--memory=1X", "true" }, "--memory '1X': unknown suffix 'X'" },
	{ { "sentry-run", "--memory=-5M", "true" }, "--memory '-5M': negative values are not allowed" },
	{ { "sentry-run", "--pids=0", "true" }, "--pids '0': expected a value above 0" },
	{ { "sentry-run", "--pids=5000000", "true" }, "--pids '5000000': 5000000 is out of range: expected 2 to 4194304" },
	/* init is one of the tasks: with 1, PROGRAM could not be forked. */
	{ { "sentry-run", "--pids=1", "true" }, "--pids '1': 1 is out of range: expected 2 to 4194304 tasks (the sandbox's init is one of them)" },
	{ { "sentry-run", "--pids=6 4", "true" }, "--pids '6 4': trailing ' 4'" },
	{ { "sentry-run", "--cpu=50", "true" }, "--cpu '50': expected a percentage" },
	{ { "sentry-run", "--cpu=0%", "true" }, "--cpu '0%': 0% is out of range" },
	{ { "sentry-run", "--nofile=many", "true" }, "--nofile 'many': expected a whole number such as 1024, or unlimited" },
	{ { "sentry-run", "--core=18446744073709551615", "true" }, "value too large: write 'unlimited'" },
	{ { "sentry-run", "--fsize=1.5G", "true" }, "--fsize '1.5G'" },
	{ { "sentry-run", "--fsize=9223372036854775808", "true" },
	  "--fsize '9223372036854775808': value too large: at most 9223372036854775807" },
	/* Where the mount could not be made, with the option that asked. */
	{ { "sentry-run", "--ro", "/", "true" }, "--ro: the host's root cannot be bound whole" },
	{ { "sentry-run", "--rw", "/", "true" }, "--rw: the host's root cannot be bound whole" },
	{ { "sentry-run", "--tmpfs", "/", "true" }, "--tmpfs: mount destination '/': the sandbox's root is built by sentry-run" },
	{ { "sentry-run", "--tmpfs", "/proc/sys", "true" }, "--tmpfs: mount destination '/proc/sys': /proc and /dev are built" },
	{ { "sentry-run", "--rw", "/dev", "true" }, "--rw: mount destination '/dev': /proc and /dev are built" },
	{ { "sentry-run", "--timeout=0s", "true" }, "--timeout '0s': expected a value above 0" },
	{ { "sentry-run", "--timeout=10y", "true" }, "--timeout '10y': unknown unit 'y'" },
	{ { "sentry-run", "--kill-after", "true" }, "--kill-after 'true'" },
	{ { "sentry-run", "--timeout=abc", "true" }, "--timeout 'abc': not a duration: write N[.N][s|m|h|d]" },
	{ { "sentry-run", "--timeout=.", "true" }, "--timeout '.': not a duration: write N[.N][s|m|h|d]" },
	{ { "sentry-run", "--timeout=1.5.2s", "true" }, "--timeout '1.5.2s': unknown unit '.2s'" },
	{ { "sentry-run", "--timeout=0.0s", "true" }, "--timeout '0.0s': expected a value above 0" },
	{ { "sentry-run", "--kill-after=1e3", "true" }, "--kill-after '1e3': unknown unit 'e3'" },
	{ { "sentry-run", "--timeout" }, "option '--timeout' needs an argument" },
	/* As in a profile: on a string, '..' could disagree with the kernel
	 * wherever a link is crossed. */
	{ { "sentry-run", "--ro", "/opt/link/..", "true" }, "--ro: '/opt/link/..': '..' after a name" },
	{ { "sentry-run", "--rw", "build/../x", "true" }, "--rw: 'build/../x': '..' after a name" },
	{ { "sentry-run", "--tmpfs", "./a/./..", "true" }, "--tmpfs: './a/./..': '..' after a name" },
	{ { "sentry-run", "--strace=/tmp/../x", "true" }, "--strace '/tmp/../x': '..' is not allowed" },
	{ { "sentry-run", "--strace=log", "true" }, "--strace 'log': expected an absolute path" },
	{ { "sentry-run", "--events=/tmp/../x", "true" }, "--events '/tmp/../x': '..' is not allowed" },
	{ { "sentry-run", "--events=unix:/tmp/../s", "true" }, "--events 'unix:/tmp/../s': '..' is not allowed" },
	{ { "sentry-run", "--events=ev.json", "true" }, "--events 'ev.json': expected an absolute path or unix:/PATH" },
	/* As strace-syscalls= in a profile: no empty name. */
	{ { "sentry-run", "--strace-syscalls=read,,write", "true" }, "--strace-syscalls 'read,,write': expected NAME[,NAME...]" },
	{ { "sentry-run", "--strace-syscalls=read,", "true" }, "--strace-syscalls 'read,': expected NAME[,NAME...]" },
	{ { "sentry-run", "--strace-syscalls=,read", "true" }, "--strace-syscalls ',read': expected NAME[,NAME...]" },
	{ { "sentry-run", "--strace-syscalls=", "true" }, "--strace-syscalls '': expected NAME[,NAME...]" },
	{ { "sentry-run", "--strace-syscalls=read,nosuch", "true" }, "--strace-syscalls: no system call named nosuch on x86-64" },
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

/* What an option takes, --print-profile writes and the profile loads
 * back as the same sandbox; or the print refuses, saying why. */
static const struct {
	char *argv[8];
} printable_command_lines[] = {
	{ { "sentry-run", "--strace=/tmp//trace/./log", "--print-profile" } },
	{ { "sentry-run", "--events=/var//log/./ev.json", "--print-profile" } },
	{ { "sentry-run", "--events=unix:/run//ev/./sock", "--print-profile" } },
	{ { "sentry-run", "--rw", "./a//b/.", "--ro", "/opt/x/", "--tmpfs", "cache/.", "--print-profile" } },
	{ { "sentry-run", "--ro", "/tmp/a b", "--rw", "/tmp/a#b", "--ro", "/tmp/a;b", "--print-profile" } },
	{ { "sentry-run", "--ro", "/tmp/a b ", "--print-profile" } },
	{ { "sentry-run", "--env", "A=x ;y", "--env", "B=#z", "--print-profile" } },
	{ { "sentry-run", "--env", "A=x\ny", "--print-profile" } },
	{ { "sentry-run", "--cwd", "/srv//www/.", "--hostname", "box.example", "--print-profile" } },
	{ { "sentry-run", "--net=host", "--allow=unix:@a b", "--allow-bind=tcp:80", "--print-profile" } },
	{ { "sentry-run", "--wait=all", "--print-profile" } },
	{ { "sentry-run", "--metadata=kernel", "--print-profile" } },
	{ { "sentry-run", "--memory=16777215T", "--fsize=9223372036854775807", "--timeout=18446744073709551615ms",
	    "--kill-after=1", "--print-profile" } },
};

START_TEST(test_printed_options_load_back)
{
	char **argv = (char **)printable_command_lines[_i].argv;
	struct sr_options o;
	struct sr_config cfg, loaded;
	struct sr_error err = { 0 };
	char *text = NULL;
	size_t len = 0;

	ck_assert_msg(parse(&o, &err, argv) == 0, "%s", err.msg);
	sr_config_init(&cfg);
	sr_config_init(&loaded);
	ck_assert_int_eq(sr_profile_load_default(&cfg, &err), 0);
	ck_assert_int_eq(sr_options_apply(&o, &cfg, &err), 0);
	FILE *out = open_memstream(&text, &len);
	ck_assert_ptr_nonnull(out);
	int printed = sr_profile_print(&cfg, out, &err);
	fclose(out);
	if (printed < 0) {
		ck_assert_msg(strstr(err.msg, "cannot write") != NULL, "print failed otherwise: %s", err.msg);
	} else {
		ck_assert_msg(sr_profile_load_text(&loaded, "printed.ini", text, len, &err) == 0,
			      "the printed profile does not load: %s\n%s", err.msg, text);
		ck_assert_msg(sr_config_equal(&cfg, &loaded), "the printed profile loads as another:\n%s", text);
	}
	free(text);
	sr_config_free(&loaded);
	sr_config_free(&cfg);
	sr_options_free(&o);
}
END_TEST

START_TEST(test_network_options_override_and_add)
{
	char *argv[] = { "sentry-run", "--net=host", "--allow=tcp:127.0.0.1:80", "--allow", "udp:*:53",
			 "--allow-bind=tcp:8080", "--", "true", NULL };
	struct sr_options o;
	struct sr_config cfg;
	struct sr_error err = { 0 };

	sr_config_init(&cfg);
	ck_assert_int_eq(sr_strlist_add(&cfg.net_allow, "tcp:10.0.0.1:22", &err), 0);
	ck_assert_int_eq(parse(&o, &err, argv), 0);
	ck_assert_int_eq(sr_options_apply(&o, &cfg, &err), 0);
	ck_assert_int_eq(cfg.net, SR_NET_HOST);
	ck_assert_uint_eq(cfg.net_allow.len, 3);
	ck_assert_str_eq(cfg.net_allow.items[1], "tcp:127.0.0.1:80");
	ck_assert_str_eq(cfg.net_allow.items[2], "udp:*:53");
	ck_assert_uint_eq(cfg.net_bind.len, 1);
	sr_options_free(&o);
	sr_config_free(&cfg);
}
END_TEST

/* --wait overrides the profile's wait= either way; an unknown mode is
 * refused, naming the two. */
START_TEST(test_wait_option)
{
	char *all[] = { "sentry-run", "--wait=all", "--", "true", NULL };
	char *program[] = { "sentry-run", "--wait", "program", "true", NULL };
	char *none[] = { "sentry-run", "true", NULL };
	char *bad[] = { "sentry-run", "--wait=children", "true", NULL };
	struct sr_options o;
	struct sr_config cfg;
	struct sr_error err = { 0 };

	sr_config_init(&cfg);
	ck_assert_int_eq(cfg.wait, SR_WAIT_PROGRAM);
	ck_assert_int_eq(parse(&o, &err, all), 0);
	ck_assert_int_eq(sr_options_apply(&o, &cfg, &err), 0);
	ck_assert_int_eq(cfg.wait, SR_WAIT_ALL);
	sr_options_free(&o);
	ck_assert_int_eq(parse(&o, &err, none), 0);
	ck_assert_int_eq(sr_options_apply(&o, &cfg, &err), 0);
	ck_assert_int_eq(cfg.wait, SR_WAIT_ALL);
	sr_options_free(&o);
	ck_assert_int_eq(parse(&o, &err, program), 0);
	ck_assert_int_eq(sr_options_apply(&o, &cfg, &err), 0);
	ck_assert_int_eq(cfg.wait, SR_WAIT_PROGRAM);
	sr_options_free(&o);
	ck_assert_int_lt(parse(&o, &err, bad), 0);
	ck_assert_str_eq(err.msg, "--wait 'children': expected program or all");
	sr_options_free(&o);
	sr_config_free(&cfg);
}
END_TEST

/* --metadata overrides the profile's metadata= either way. */
START_TEST(test_metadata_option)
{
	char *kernel[] = { "sentry-run", "--metadata=kernel", "true", NULL };
	char *gofer[] = { "sentry-run", "--metadata", "gofer", "true", NULL };
	char *bad[] = { "sentry-run", "--metadata=cache", "true", NULL };
	struct sr_options o;
	struct sr_config cfg;
	struct sr_error err = { 0 };

	sr_config_init(&cfg);
	ck_assert_int_eq(cfg.metadata, SR_METADATA_GOFER);
	ck_assert_int_eq(parse(&o, &err, kernel), 0);
	ck_assert_int_eq(sr_options_apply(&o, &cfg, &err), 0);
	ck_assert_int_eq(cfg.metadata, SR_METADATA_KERNEL);
	sr_options_free(&o);
	ck_assert_int_eq(parse(&o, &err, gofer), 0);
	ck_assert_int_eq(sr_options_apply(&o, &cfg, &err), 0);
	ck_assert_int_eq(cfg.metadata, SR_METADATA_GOFER);
	sr_options_free(&o);
	ck_assert_int_lt(parse(&o, &err, bad), 0);
	ck_assert_str_eq(err.msg, "--metadata 'cache': expected gofer or kernel");
	sr_options_free(&o);
	sr_config_free(&cfg);
}
END_TEST

START_TEST(test_bad_network_options)
{
	char *bad_mode[] = { "sentry-run", "--net=bridge", "true", NULL };
	char *bad_allow[] = { "sentry-run", "--allow=tcp:1.2.3.4:99999", "true", NULL };
	char *bad_bind[] = { "sentry-run", "--allow-bind=tcp:*:80", "true", NULL };
	struct sr_options o;
	struct sr_error err = { 0 };

	ck_assert_int_lt(parse(&o, &err, bad_mode), 0);
	ck_assert_str_eq(err.msg, "--net 'bridge': expected loopback, none, host or veth");
	sr_options_free(&o);
	ck_assert_int_lt(parse(&o, &err, bad_allow), 0);
	ck_assert_str_eq(err.msg, "--allow: 'tcp:1.2.3.4:99999': port '99999' is above 65535");
	sr_options_free(&o);
	ck_assert_int_lt(parse(&o, &err, bad_bind), 0);
	ck_assert_str_eq(err.msg, "--allow-bind: 'tcp:*:80': bad port '*:80': expected a number, LO-HI or *");
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
	tcase_add_test(tc, test_relative_paths_without_a_cwd);
	tcase_add_test(tc, test_env_hostname_cwd_passfd);
	tcase_add_test(tc, test_limits_override_the_profile);
	tcase_add_test(tc, test_absent_limits_keep_the_profile);
	tcase_add_test(tc, test_help_and_version);
	tcase_add_test(tc, test_durations_as_timeout_takes_them);
	tcase_add_test(tc, test_last_strace_option_says_where);
	tcase_add_test(tc, test_network_options_override_and_add);
	tcase_add_test(tc, test_bad_network_options);
	tcase_add_test(tc, test_wait_option);
	tcase_add_test(tc, test_metadata_option);
	tcase_add_loop_test(tc, test_bad_command_lines, 0, (int)SR_ARRAY_SIZE(bad_command_lines));
	tcase_add_loop_test(tc, test_printed_options_load_back, 0, (int)SR_ARRAY_SIZE(printable_command_lines));
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
