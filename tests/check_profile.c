/* Profiles: every key, every class of bad input with its file:line, the
 * round trip through --print-profile, and inputs that must not crash. */
#include <check.h>
#include <errno.h>
#include <limits.h>
#include <pwd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"
#include "config.h"
#include "profile.h"
#include "value.h"

#define ORIGIN "t.ini"
#define HUGE_PROFILE_SIZE (10 * 1024 * 1024)

static int load(const char *text, struct sr_config *cfg, struct sr_error *err)
{
	return sr_profile_load_text(cfg, ORIGIN, text, strlen(text), err);
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fputs(text, f) >= 0, 1);
	ck_assert_int_eq(fclose(f), 0);
}

/* A private directory under /tmp for the files of one test. */
static char tmpdir[64];

static void make_tmpdir(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/check_profile.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void remove_tmpdir(void)
{
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	ck_assert_int_eq(system(cmd), 0);
}

START_TEST(test_every_key_parses)
{
	static const char text[] =
		"[sandbox]\n"
		"hostname=box-1.example\n"
		"cwd=/work//src/\n"
		"env=LANG=C.UTF-8\n"
		"env=EMPTY=\n"
		"clearenv=yes\n"
		"pty=never\n"
		"wait=all\n"
		"allow-sethostname=1\n"
		"uid=0\n"
		"gid=4294967294\n"
		"[filesystem]\n"
		"root=/srv//rootfs/\n"
		"cwd-access=rw\n"
		"metadata=kernel\n"
		"ro=/usr\n"
		"ro-try=/opt:/srv/opt\n"
		"rw=/var/cache/x/\n"
		"rw-try=/data:/mnt/data\n"
		"overlay=/etc\n"
		"tmpfs=/tmp\n"
		"hide=/etc/ssh/ssh_host_*_key\n"
		"noexec=/tmp\n"
		"[network]\n"
		"mode=none\n"
		"allow=tcp:127.0.0.1:80\n"
		"allow=unix:@bus\n"
		"bind=udp:5353\n"
		"socket=raw\n"
		"socket=raw\n"
		"[syscalls]\n"
		"default-action=kill\n"
		"allow=ptrace\n"
		"deny=uname\n"
		"deny=sethostname\n"
		"[limits]\n"
		"memory=512M\n"
		"pids=256\n"
		"cpu=50%\n"
		"nofile=1024\n"
		"fsize=2G\n"
		"core=0\n"
		"timeout=90s\n"
		"kill-after=250ms\n"
		"enforce=require\n"
		"[log]\n"
		"strace=/var/log/trace\n"
		"strace-syscalls=openat,execve\n"
		"level=debug\n"
		"events=unix:/run/ev.sock\n";
	struct sr_config cfg;
	struct sr_error err = { 0 };

	sr_config_init(&cfg);
	ck_assert_msg(load(text, &cfg, &err) == 0, "%s", err.msg);
	ck_assert_str_eq(cfg.hostname, "box-1.example");
	ck_assert_str_eq(cfg.cwd, "/work/src");
	ck_assert_uint_eq(cfg.env.len, 2);
	ck_assert_str_eq(cfg.env.items[0], "LANG=C.UTF-8");
	ck_assert_str_eq(cfg.env.items[1], "EMPTY=");
	ck_assert(cfg.clearenv);
	ck_assert_int_eq(cfg.pty, SR_PTY_NEVER);
	ck_assert_int_eq(cfg.wait, SR_WAIT_ALL);
	ck_assert(cfg.allow_sethostname);
	ck_assert_int_eq(cfg.uid, 0);
	ck_assert_int_eq(cfg.gid, 4294967294LL);
	ck_assert_str_eq(cfg.root, "/srv/rootfs");
	ck_assert(cfg.bind_cwd && cfg.cwd_writable);
	ck_assert_int_eq(cfg.metadata, SR_METADATA_KERNEL);
	ck_assert_uint_eq(cfg.nmounts, 6);
	ck_assert_int_eq(cfg.mounts[0].kind, SR_MOUNT_RO);
	ck_assert_str_eq(cfg.mounts[0].source, "/usr");
	ck_assert_str_eq(cfg.mounts[0].dest, "/usr");
	ck_assert(!cfg.mounts[0].optional);
	ck_assert(cfg.mounts[1].optional);
	ck_assert_str_eq(cfg.mounts[1].source, "/opt");
	ck_assert_str_eq(cfg.mounts[1].dest, "/srv/opt");
	ck_assert_int_eq(cfg.mounts[2].kind, SR_MOUNT_RW);
	ck_assert_str_eq(cfg.mounts[2].source, "/var/cache/x");
	ck_assert(cfg.mounts[3].optional && cfg.mounts[3].kind == SR_MOUNT_RW);
	ck_assert_int_eq(cfg.mounts[4].kind, SR_MOUNT_OVERLAY);
	ck_assert_int_eq(cfg.mounts[5].kind, SR_MOUNT_TMPFS);
	ck_assert_ptr_null(cfg.mounts[5].source);
	ck_assert_str_eq(cfg.mounts[5].dest, "/tmp");
	ck_assert_str_eq(cfg.hide.items[0], "/etc/ssh/ssh_host_*_key");
	ck_assert_str_eq(cfg.noexec.items[0], "/tmp");
	ck_assert_int_eq(cfg.net, SR_NET_NONE);
	ck_assert_uint_eq(cfg.net_allow.len, 2);
	ck_assert_str_eq(cfg.net_allow.items[0], "tcp:127.0.0.1:80");
	ck_assert_str_eq(cfg.net_allow.items[1], "unix:@bus");
	ck_assert_uint_eq(cfg.net_bind.len, 1);
	ck_assert_str_eq(cfg.net_bind.items[0], "udp:5353");
	/* socket= names a kind once, however often it is listed. */
	ck_assert_uint_eq(cfg.net_sockets.len, 1);
	ck_assert_str_eq(cfg.net_sockets.items[0], "raw");
	ck_assert_int_eq(cfg.default_action, SR_DEFAULT_KILL);
	ck_assert(sr_strlist_contains(&cfg.syscall_allow, "ptrace"));
	ck_assert_uint_eq(cfg.syscall_deny.len, 2);
	ck_assert_uint_eq(cfg.memory_max, 512ULL << 20);
	ck_assert_uint_eq(cfg.pids_max, 256);
	ck_assert_uint_eq(cfg.cpu_percent, 50);
	ck_assert(cfg.nofile.set && cfg.nofile.value == 1024);
	ck_assert(cfg.fsize.set && cfg.fsize.value == 2ULL << 30);
	ck_assert(cfg.core.set && cfg.core.value == 0);
	ck_assert_uint_eq(cfg.timeout_ms, 90000);
	ck_assert_uint_eq(cfg.kill_after_ms, 250);
	ck_assert_int_eq(cfg.limits_enforce, SR_ENFORCE_REQUIRE);
	ck_assert(cfg.strace);
	ck_assert_str_eq(cfg.strace_path, "/var/log/trace");
	ck_assert_uint_eq(cfg.strace_only.len, 2);
	ck_assert_str_eq(cfg.strace_only.items[1], "execve");
	ck_assert_int_eq(cfg.log_level, SR_LOG_DEBUG);
	ck_assert_str_eq(cfg.events_path, "unix:/run/ev.sock");
	sr_config_free(&cfg);
}
END_TEST

#define LONG_PATH_300 \
	"/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" \
	"/bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb" \
	"/ccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc"

START_TEST(test_comments_blanks_and_indentation_are_layout)
{
	static const char text[] =
		"\xef\xbb\xbf# a BOM, then comments\r\n"
		"; another\n"
		"\n"
		"  [ sandbox ]   # trailing comment\n"
		"\thostname = indented ; inline comment\n"
		"    clearenv=true\n";
	struct sr_config cfg;
	struct sr_error err = { 0 };

	sr_config_init(&cfg);
	ck_assert_msg(load(text, &cfg, &err) == 0, "%s", err.msg);
	ck_assert_str_eq(cfg.hostname, "indented");
	ck_assert(cfg.clearenv);
	sr_config_free(&cfg);
}
END_TEST

/* A comment line may be as long as it likes (a URL, a paragraph):
 * nothing in it is read, and it is not split into a second line. */
START_TEST(test_long_comment_lines)
{
	static const char text[] =
		"# " LONG_PATH_300 " [sandbox]\n"
		"  ; " LONG_PATH_300 " hostname=comment\n"
		"[sandbox]\n"
		"hostname=real\n";
	struct sr_config cfg;
	struct sr_error err = { 0 };

	sr_config_init(&cfg);
	ck_assert_msg(load(text, &cfg, &err) == 0, "%s", err.msg);
	ck_assert_str_eq(cfg.hostname, "real");
	sr_config_free(&cfg);
}
END_TEST

START_TEST(test_strace_to_stderr_and_unlimited_rlimits)
{
	struct sr_config cfg;
	struct sr_error err = { 0 };

	sr_config_init(&cfg);
	ck_assert_msg(load("[log]\nstrace=stderr\n[limits]\nnofile=unlimited\ncore=unlimited\n",
			   &cfg, &err) == 0, "%s", err.msg);
	ck_assert(cfg.strace);
	ck_assert_ptr_null(cfg.strace_path);
	ck_assert_uint_eq(cfg.nofile.value, SR_RLIM_UNLIMITED);
	ck_assert_uint_eq(cfg.core.value, SR_RLIM_UNLIMITED);
	sr_config_free(&cfg);
}
END_TEST

START_TEST(test_tilde_is_the_home_from_the_password_database)
{
	struct passwd *pw = getpwuid(getuid());
	char expected[PATH_MAX];
	struct sr_config cfg;
	struct sr_error err = { 0 };

	ck_assert_ptr_nonnull(pw);
	/* $HOME is the caller's to set: it must not steer the profile. */
	ck_assert_int_eq(setenv("HOME", "/etc", 1), 0);
	sr_config_init(&cfg);
	ck_assert_msg(load("[sandbox]\ncwd=~\n[filesystem]\nrw=~/work:/w\n", &cfg, &err) == 0,
		      "%s", err.msg);
	ck_assert_int_eq(sr_parse_abs_path(pw->pw_dir, expected, sizeof(expected), &err), 0);
	ck_assert_str_eq(cfg.cwd, expected);
	ck_assert(sr_has_prefix(cfg.mounts[0].source, expected));
	ck_assert_str_eq(cfg.mounts[0].dest, "/w");
	sr_config_free(&cfg);
}
END_TEST

struct bad_profile {
	const char *text;
	const char *message;       /* the whole message begins with this */
};

static const struct bad_profile bad_profiles[] = {
	{ "[sandbox]\nhostname=a\n# c\nhostname=b\n",
	  "t.ini:4: duplicate 'hostname' in [sandbox]: already set on line 2" },
	{ "# header\n\n[filesystem]\nrw_path=/x\n", "t.ini:4: unknown key 'rw_path' in [filesystem]" },
	{ "[sandbox]\ntmpfs=/x\n", "t.ini:2: 'tmpfs' belongs in [filesystem], not in [sandbox]" },
	{ "[sandbox]\n\n[filesytem]\n", "t.ini:3: unknown section [filesytem]: expected [sandbox]" },
	{ "hostname=x\n", "t.ini:1: 'hostname' must be in [sandbox]" },
	{ "foo=1\n", "t.ini:1: unknown key 'foo' before any section" },
	{ "[sandbox]\ninclude=default\n", "t.ini:2: include= must come before the first section" },
	{ "[limits]\nmemory=512X\n",
	  "t.ini:2: bad value '512X' for 'memory' in [limits]: unknown suffix 'X'" },
	{ "[limits]\nmemory=-1\n", "t.ini:2: bad value '-1' for 'memory' in [limits]: negative" },
	{ "[limits]\nmemory=99999999999999999999\n", "t.ini:2: bad value '99999999999999999999' for 'memory' in [limits]: value too large" },
	{ "[limits]\nmemory=16777216T\n", "t.ini:2: bad value '16777216T' for 'memory' in [limits]: value too large" },
	{ "[limits]\nmemory=0\n", "t.ini:2: bad value '0' for 'memory' in [limits]: expected a value above 0" },
	/* The bounds sentry-run.ini(5) states for hostname= and env=. */
	{ "[sandbox]\nhostname=-web\n", "t.ini:2: bad value '-web' for 'hostname' in [sandbox]: expected a host name" },
	{ "[sandbox]\nhostname=.web\n", "t.ini:2: bad value '.web' for 'hostname' in [sandbox]: expected a host name" },
	{ "[sandbox]\nenv=1A=x\n", "t.ini:2: bad value '1A=x' for 'env' in [sandbox]: expected NAME=VALUE with NAME of letters" },
	{ "[limits]\npids=4194305\n", "t.ini:2: bad value '4194305' for 'pids' in [limits]: 4194305 is out of range: expected 2 to 4194304" },
	{ "[limits]\npids=1\n", "t.ini:2: bad value '1' for 'pids' in [limits]: 1 is out of range: expected 2 to 4194304 tasks (the sandbox's init is one of them)" },
	{ "[limits]\n\npids=12abc\n", "t.ini:3: bad value '12abc' for 'pids' in [limits]: trailing 'abc'" },
	{ "[limits]\ncpu=50\n", "t.ini:2: bad value '50' for 'cpu' in [limits]: expected a percentage" },
	{ "[limits]\ncpu=0%\n", "t.ini:2: bad value '0%' for 'cpu' in [limits]: 0% is out of range" },
	{ "[limits]\ncpu=100000000%\n", "t.ini:2: bad value '100000000%' for 'cpu' in [limits]: 100000000% is out of range" },
	{ "[limits]\ntimeout=5x\n", "t.ini:2: bad value '5x' for 'timeout' in [limits]: unknown unit 'x'" },
	{ "[limits]\ntimeout=0s\n", "t.ini:2: bad value '0s' for 'timeout' in [limits]: expected a value above 0" },
	/* Left out, kill-after is not "no limit" but the default grace. */
	{ "[limits]\nkill-after=0\n", "t.ini:2: bad value '0' for 'kill-after' in [limits]: expected a value above 0 "
	  "(leave the key out for the default of 1s)" },
	{ "[limits]\nnofile=lots\n", "t.ini:2: bad value 'lots' for 'nofile' in [limits]: expected a whole number such as 1024, or unlimited" },
	{ "[limits]\ncore=18446744073709551615\n", "t.ini:2: bad value '18446744073709551615' for 'core' in [limits]: value too large: write 'unlimited'" },
	{ "[limits]\nenforce=strict\n", "t.ini:2: bad value 'strict' for 'enforce' in [limits]: expected best-effort or require" },
	{ "[limits]\nfsize=1Q\n", "t.ini:2: bad value '1Q' for 'fsize' in [limits]: unknown suffix 'Q': expected a size such as 4096, 64K, 512M or 2G, or unlimited" },
	{ "[filesystem]\nro=usr\n", "t.ini:2: bad value 'usr' for 'ro' in [filesystem]: expected an absolute path" },
	{ "[filesystem]\nro=/usr/../etc\n", "t.ini:2: bad value '/usr/../etc' for 'ro' in [filesystem]: '..' is not allowed" },
	{ "[filesystem]\nrw=/srv:rel\n", "t.ini:2: bad value '/srv:rel' for 'rw' in [filesystem]: after ':': expected an absolute path" },
	{ "[filesystem]\ntmpfs=/\n", "t.ini:2: bad value '/' for 'tmpfs' in [filesystem]: mount destination '/': the sandbox's root is built by sentry-run" },
	{ "[filesystem]\n\nrw=/srv:/proc/sys\n", "t.ini:3: bad value '/srv:/proc/sys' for 'rw' in [filesystem]: mount destination '/proc/sys': /proc and /dev are built by sentry-run" },
	{ "[filesystem]\nro=/dev\n", "t.ini:2: bad value '/dev' for 'ro' in [filesystem]: mount destination '/dev'" },
	{ "[filesystem]\ntmpfs=\n", "t.ini:2: 'tmpfs' in [filesystem] needs a value" },
	{ "[filesystem]\ncwd-access=write\n", "t.ini:2: bad value 'write' for 'cwd-access' in [filesystem]: expected ro, rw or none" },
	{ "[filesystem]\nroot=srv/root\n", "t.ini:2: bad value 'srv/root' for 'root' in [filesystem]: expected an absolute path" },
	{ "[filesystem]\nroot=//\n", "t.ini:2: bad value '//' for 'root' in [filesystem]: the host's root cannot be the sandbox's" },
	{ "[filesystem]\nro=/:/host\n", "t.ini:2: bad value '/:/host' for 'ro' in [filesystem]: the host's root cannot be bound whole" },
	{ "[filesystem]\n\noverlay=/.:/host\n", "t.ini:3: bad value '/.:/host' for 'overlay' in [filesystem]: the host's root cannot be bound whole" },
	{ "[filesystem]\nroot=/a\nroot=/b\n", "t.ini:3: duplicate 'root' in [filesystem]: already set on line 2" },
	{ "[sandbox]\nclearenv=maybe\n", "t.ini:2: bad value 'maybe' for 'clearenv' in [sandbox]: expected true, false, yes, no, 1 or 0" },
	{ "[sandbox]\npty=sometimes\n", "t.ini:2: bad value 'sometimes' for 'pty' in [sandbox]: expected auto, always or never" },
	{ "[filesystem]\nmetadata=host\n", "t.ini:2: bad value 'host' for 'metadata' in [filesystem]: expected gofer or kernel" },
	{ "[filesystem]\nmetadata=gofer\nmetadata=kernel\n", "t.ini:3: duplicate 'metadata' in [filesystem]: already set on line 2" },
	{ "[sandbox]\nwait=daemon\n", "t.ini:2: bad value 'daemon' for 'wait' in [sandbox]: expected program or all" },
	{ "[sandbox]\nwait=all\nwait=program\n", "t.ini:3: duplicate 'wait' in [sandbox]: already set on line 2" },
	{ "[sandbox]\nenv=NOEQUALS\n", "t.ini:2: bad value 'NOEQUALS' for 'env' in [sandbox]: expected NAME=VALUE" },
	{ "[sandbox]\nenv=1A=x\n", "t.ini:2: bad value '1A=x' for 'env' in [sandbox]: expected NAME=VALUE with NAME" },
	{ "[sandbox]\nhostname=bad_host!\n", "t.ini:2: bad value 'bad_host!' for 'hostname' in [sandbox]: expected a host name" },
	{ "[sandbox]\ncwd=~bob\n", "t.ini:2: bad value '~bob' for 'cwd' in [sandbox]: expected ~ or ~/PATH" },
	{ "[sandbox]\nuid=-1\n", "t.ini:2: bad value '-1' for 'uid' in [sandbox]: expected a numeric id from 0 to 4294967294" },
	{ "[sandbox]\ngid=4294967295\n", "t.ini:2: bad value '4294967295' for 'gid' in [sandbox]: 4294967295 is out of range: expected a numeric id from 0 to 4294967294" },
	{ "[sandbox]\nuid=root\n", "t.ini:2: bad value 'root' for 'uid' in [sandbox]: expected a numeric id from 0 to 4294967294" },
	{ "[sandbox]\nuid=1\nuid=2\n", "t.ini:3: duplicate 'uid' in [sandbox]: already set on line 2" },
	{ "[network]\nmode=bridge\n", "t.ini:2: bad value 'bridge' for 'mode' in [network]: expected loopback, none, host or veth" },
	{ "[network]\nallow=tcp:1.2.3.4\n", "t.ini:2: bad value 'tcp:1.2.3.4' for 'allow' in [network]: 'tcp:1.2.3.4': expected tcp:HOST:PORT" },
	{ "[network]\nbind=tcp:0\n", "t.ini:2: bad value 'tcp:0' for 'bind' in [network]: 'tcp:0': port 0 names no port: expected 1 to 65535" },
	{ "[network]\nsocket=bluetooth\n", "t.ini:2: bad value 'bluetooth' for 'socket' in [network]: expected packet, raw or netlink" },
	{ "[network]\nmode=host\nmode=none\n", "t.ini:3: duplicate 'mode' in [network]: already set on line 2" },
	{ "[syscalls]\nallow=open at\n", "t.ini:2: bad value 'open at' for 'allow' in [syscalls]: expected a syscall name" },
	{ "[syscalls]\nallow=ptrace\ndeny=ptrace\n", "t.ini:3: bad value 'ptrace' for 'deny' in [syscalls]: ptrace is also listed with allow=" },
	{ "[syscalls]\ndeny=no_such_call\n", "t.ini:2: bad value 'no_such_call' for 'deny' in [syscalls]: no system call of that name on x86-64" },
	{ "[syscalls]\nallow=no_such_call\n", "t.ini:2: bad value 'no_such_call' for 'allow' in [syscalls]: no system call of that name on x86-64" },
	{ "[syscalls]\ndefault-action=ignore\n", "t.ini:2: bad value 'ignore' for 'default-action' in [syscalls]: expected errno, kill or log" },
	{ "[log]\nlevel=loud\n", "t.ini:2: bad value 'loud' for 'level' in [log]: expected quiet, warn, info or debug" },
	{ "[log]\nstrace=relative\n", "t.ini:2: bad value 'relative' for 'strace' in [log]: expected stderr or a file" },
	{ "[log]\nstrace-syscalls=open,,read\n", "t.ini:2: bad value 'open,,read' for 'strace-syscalls' in [log]: expected syscall names" },
	{ "[log]\nstrace-syscalls=openat,no_such_call\n", "t.ini:2: bad value 'openat,no_such_call' for 'strace-syscalls' in [log]: no system call named no_such_call on x86-64" },
	{ "[log]\nevents=rel\n", "t.ini:2: bad value 'rel' for 'events' in [log]: expected a file or unix:SOCKET" },
	{ "[sandbox\n", "t.ini:1: expected ']' to close the section name" },
	{ "[sandbox] junk\n", "t.ini:1: unexpected text after [sandbox]" },
	{ "[sandbox]\nhostname\n", "t.ini:2: expected key=value or [section]" },
	{ "[sandbox]\nhostname:x\n", "t.ini:2: expected key=value, not key:value" },
	{ "[sandbox]\n=x\n", "t.ini:2: expected a key before '='" },
	{ "[sandbox]\nhostname ;x=1\n", "t.ini:2: syntax error" },
	{ "[sandbox]\nhostname=a\x01" "b\n", "t.ini:2: control character 0x01" },
	{ "[filesystem]\nro=" LONG_PATH_300 "\n", "t.ini:2: line too long: at most" },
	{ "# " LONG_PATH_300 "\n[sandbox]\nhostnme=x\n", "t.ini:3: unknown key 'hostnme' in [sandbox]" },
	{ "[sandbox]\nhostname=x ; " LONG_PATH_300 "\n", "t.ini:2: line too long: at most" },
	{ "# c\ninclude=no such name\n", "t.ini:2: include=no such name: bad profile name 'no such name'" },
	{ "include=sibling.ini\n", "t.ini:1: include=sibling.ini: profile name 'sibling.ini' ends in .ini: for a file, give a path with a '/' (./sibling.ini)" },
	{ "include=/nonexistent/x.ini\n", "t.ini:1: include=/nonexistent/x.ini: cannot open profile /nonexistent/x.ini" },
	/* The kernel reads RLIMIT_FSIZE as a signed file offset: from 2^63
	 * on, every write to a file would die of SIGXFSZ. */
	{ "[limits]\nfsize=9223372036854775808\n", "t.ini:2: bad value '9223372036854775808' for 'fsize' in [limits]: value too large" },
	{ "[limits]\nfsize=8388608T\n", "t.ini:2: bad value '8388608T' for 'fsize' in [limits]: value too large" },
	{ "", "t.ini: the profile is empty" },
	{ "# only a comment\n\n", "t.ini: the profile is empty" },
};

START_TEST(test_bad_profile_names_file_line_and_key)
{
	const struct bad_profile *bad = &bad_profiles[_i];
	struct sr_config cfg;
	struct sr_error err = { 0 };

	sr_config_init(&cfg);
	ck_assert_msg(load(bad->text, &cfg, &err) < 0, "accepted: %s", bad->text);
	ck_assert_msg(strncmp(err.msg, bad->message, strlen(bad->message)) == 0,
		      "for %s\n got: %s\nwant: %s", bad->text, err.msg, bad->message);
	sr_config_free(&cfg);
}
END_TEST

START_TEST(test_failed_load_leaves_config_untouched)
{
	struct sr_config cfg, before;
	struct sr_error err = { 0 };

	sr_config_init(&cfg);
	sr_config_init(&before);
	ck_assert_int_eq(sr_profile_load_default(&cfg, &err), 0);
	ck_assert_int_eq(sr_profile_load_default(&before, &err), 0);
	ck_assert_int_lt(load("[sandbox]\nhostname=x\n[limits]\nmemory=lots\n", &cfg, &err), 0);
	ck_assert(sr_config_equal(&cfg, &before));
	ck_assert_ptr_null(cfg.hostname);
	sr_config_free(&cfg);
	sr_config_free(&before);
}
END_TEST

START_TEST(test_profile_replaces_the_default)
{
	struct sr_config cfg;
	struct sr_error err = { 0 };

	sr_config_init(&cfg);
	ck_assert_int_eq(sr_profile_load_default(&cfg, &err), 0);
	ck_assert_uint_gt(cfg.nmounts, 0);
	ck_assert_msg(load("[network]\nmode=none\n", &cfg, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(cfg.nmounts, 0);
	ck_assert_uint_eq(cfg.hide.len, 0);
	sr_config_free(&cfg);
}
END_TEST

START_TEST(test_default_profile_is_design_section_5)
{
	static const char *const required_ro[] = { "/usr", "/bin", "/sbin", "/lib", "/etc" };
	static const char *const optional_ro[] = { "/lib64", "/lib32", "/libx32", "/opt" };
	static const char *const hidden[] = {
		"/etc/shadow", "/etc/gshadow", "/etc/sudoers", "/etc/sudoers.d", "/etc/ssh/ssh_host_*_key",
	};
	static const char *const tmpfs[] = { "/tmp", "/var/tmp", "/dev/shm" };
	struct sr_config cfg;
	struct sr_error err = { 0 };
	size_t found = 0;

	sr_config_init(&cfg);
	ck_assert_msg(sr_profile_load_default(&cfg, &err) == 0, "%s", err.msg);
	for (size_t i = 0; i < cfg.nmounts; i++) {
		const struct sr_mount_spec *m = &cfg.mounts[i];
		ck_assert_int_ne(m->kind, SR_MOUNT_RW);
		for (size_t j = 0; j < SR_ARRAY_SIZE(required_ro); j++)
			found += m->kind == SR_MOUNT_RO && !m->optional && strcmp(m->dest, required_ro[j]) == 0;
		for (size_t j = 0; j < SR_ARRAY_SIZE(optional_ro); j++)
			found += m->kind == SR_MOUNT_RO && m->optional && strcmp(m->dest, optional_ro[j]) == 0;
		for (size_t j = 0; j < SR_ARRAY_SIZE(tmpfs); j++)
			found += m->kind == SR_MOUNT_TMPFS && strcmp(m->dest, tmpfs[j]) == 0;
	}
	ck_assert_uint_eq(found, SR_ARRAY_SIZE(required_ro) + SR_ARRAY_SIZE(optional_ro) + SR_ARRAY_SIZE(tmpfs));
	for (size_t j = 0; j < SR_ARRAY_SIZE(hidden); j++)
		ck_assert_msg(sr_strlist_contains(&cfg.hide, hidden[j]), "%s not hidden", hidden[j]);
	ck_assert(cfg.bind_cwd && !cfg.cwd_writable);
	ck_assert_int_eq(cfg.net, SR_NET_LOOPBACK);
	/* No core dumps, and cgroup limits that degrade with a warning. */
	ck_assert(cfg.core.set && cfg.core.value == 0);
	ck_assert_int_eq(cfg.limits_enforce, SR_ENFORCE_BEST_EFFORT);
	sr_config_free(&cfg);
}
END_TEST

/* print -> load -> equal, and print again gives the same text. */
static void assert_round_trip(const struct sr_config *cfg)
{
	char *text = NULL, *again = NULL;
	size_t len = 0, again_len = 0;
	struct sr_config reloaded;
	struct sr_error err = { 0 };
	FILE *out = open_memstream(&text, &len);

	ck_assert_ptr_nonnull(out);
	ck_assert_msg(sr_profile_print(cfg, out, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(fclose(out), 0);
	sr_config_init(&reloaded);
	ck_assert_msg(sr_profile_load_text(&reloaded, "printed.ini", text, len, &err) == 0,
		      "%s\n%s", err.msg, text);
	ck_assert_msg(sr_config_equal(cfg, &reloaded), "not equal after reload:\n%s", text);
	out = open_memstream(&again, &again_len);
	ck_assert_int_eq(sr_profile_print(&reloaded, out, &err), 0);
	ck_assert_int_eq(fclose(out), 0);
	ck_assert_str_eq(text, again);
	sr_config_free(&reloaded);
	free(text);
	free(again);
}

START_TEST(test_round_trip_default)
{
	struct sr_config cfg;
	struct sr_error err = { 0 };

	sr_config_init(&cfg);
	ck_assert_int_eq(sr_profile_load_default(&cfg, &err), 0);
	assert_round_trip(&cfg);
	sr_config_free(&cfg);
}
END_TEST

static const char *const shipped_profiles[] = { "default", "build", "shell", "service", "python" };

START_TEST(test_round_trip_shipped_profile)
{
	const char *srcdir = getenv("top_srcdir");
	char path[PATH_MAX];
	struct sr_config cfg;
	struct sr_error err = { 0 };

	snprintf(path, sizeof(path), "%s/contrib/profiles/%s.ini", srcdir ? srcdir : ".",
		 shipped_profiles[_i]);
	sr_config_init(&cfg);
	ck_assert_msg(sr_profile_load(&cfg, path, &err) == 0, "%s", err.msg);
	ck_assert_uint_gt(cfg.nmounts, 0);
	assert_round_trip(&cfg);
	sr_config_free(&cfg);
}
END_TEST

static struct fuzz fuzz;

/* The text's lines as [start, end) offsets, newline included. */
static size_t fuzz_lines(const char *text, size_t len, size_t *starts, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < len && n < max; i++)
		if (i == 0 || text[i - 1] == '\n')
			starts[n++] = i;
	return n;
}

/* One to three changes: a line dropped, doubled or moved, a byte
 * flipped or replaced by one that means something to the parser, bytes
 * inserted, or the text cut. */
static void fuzz_mutate_text(char *text, size_t *len, size_t size)
{
	static const char meaningful[] = "[]=#;:/\\\n\r\t \0*%@-0123456789KMGsmh";
	int n = 1 + (int)(fuzz_next(&fuzz) % 3);

	for (int i = 0; i < n && *len > 0; i++) {
		size_t starts[256];
		size_t lines = fuzz_lines(text, *len, starts, SR_ARRAY_SIZE(starts));
		size_t l = (size_t)(fuzz_next(&fuzz) % lines);
		size_t from = starts[l], to = l + 1 < lines ? starts[l + 1] : *len;
		size_t at = (size_t)(fuzz_next(&fuzz) % *len);

		switch (fuzz_next(&fuzz) % 6) {
		case 0:
			memmove(text + from, text + to, *len - to);
			*len -= to - from;
			break;
		case 1:
			if (*len + (to - from) <= size) {
				memmove(text + to + (to - from), text + to, *len - to);
				memcpy(text + to, text + from, to - from);
				*len += to - from;
			}
			break;
		case 2: {
			char line[1024];
			size_t ll = to - from < sizeof(line) ? to - from : sizeof(line);
			memcpy(line, text + from, ll);
			memmove(text + from, text + from + ll, *len - from - ll);
			*len -= ll;
			size_t dest = (size_t)(fuzz_next(&fuzz) % (*len + 1));
			memmove(text + dest + ll, text + dest, *len - dest);
			memcpy(text + dest, line, ll);
			*len += ll;
			break;
		}
		case 3:
			text[at] = meaningful[fuzz_next(&fuzz) % (sizeof(meaningful) - 1)];
			break;
		case 4: {
			size_t grow = 1 + (size_t)(fuzz_next(&fuzz) % 8);
			if (*len + grow > size)
				break;
			memmove(text + at + grow, text + at, *len - at);
			for (size_t k = 0; k < grow; k++)
				text[at + k] = (char)fuzz_next(&fuzz);
			*len += grow;
			break;
		}
		default:
			*len = at;
			break;
		}
	}
}

#define FUZZ_PROFILE_ROUNDS 1500

/* Each shipped profile mutated FUZZ_PROFILE_ROUNDS times: refused with a
 * message naming the file, or loaded into a config that prints (or says
 * why it cannot) and loads back equal; never a crash or an overrun (CI
 * runs this under ASan and UBSan). */
START_TEST(test_mutated_profiles_refused_or_round_trip)
{
	const char *srcdir = getenv("top_srcdir");
	char path[PATH_MAX];
	static char valid[16384], text[20000];
	size_t valid_len, len, accepted = 0, refused = 0;
	struct sr_config cfg;
	struct sr_error err = { 0 };

	snprintf(path, sizeof(path), "%s/contrib/profiles/%s.ini", srcdir ? srcdir : ".",
		 shipped_profiles[_i]);
	FILE *f = fopen(path, "r");
	ck_assert_ptr_nonnull(f);
	valid_len = fread(valid, 1, sizeof(valid), f);
	ck_assert(feof(f) && valid_len > 0);
	fclose(f);
	fuzz = (struct fuzz){ 0x2545f4914f6cdd1dull ^ (uint64_t)_i };
	for (int round = 0; round < FUZZ_PROFILE_ROUNDS; round++) {
		memcpy(text, valid, valid_len);
		len = valid_len;
		fuzz_mutate_text(text, &len, sizeof(text));
		sr_config_init(&cfg);
		err = (struct sr_error){ 0 };
		if (sr_profile_load_text(&cfg, ORIGIN, text, len, &err) < 0) {
			ck_assert_msg(strncmp(err.msg, ORIGIN, strlen(ORIGIN)) == 0 ||
					      strstr(err.msg, "include") != NULL,
				      "a refusal names the file: %s", err.msg);
			refused++;
			sr_config_free(&cfg);
			continue;
		}
		accepted++;
		char *printed = NULL;
		size_t printed_len = 0;
		FILE *out = open_memstream(&printed, &printed_len);
		ck_assert_ptr_nonnull(out);
		int printed_rc = sr_profile_print(&cfg, out, &err);
		ck_assert_int_eq(fclose(out), 0);
		if (printed_rc < 0) {
			ck_assert_msg(err.msg[0] != '\0', "a print refused says why");
		} else {
			struct sr_config reloaded;
			sr_config_init(&reloaded);
			ck_assert_msg(sr_profile_load_text(&reloaded, "printed.ini", printed, printed_len, &err) == 0,
				      "%s\n%s", err.msg, printed);
			ck_assert_msg(sr_config_equal(&cfg, &reloaded), "not equal after reload:\n%s", printed);
			sr_config_free(&reloaded);
		}
		free(printed);
		sr_config_free(&cfg);
	}
	/* Both outcomes met: the mutations reach past the first line. */
	ck_assert_uint_gt(refused, 0);
	ck_assert_uint_gt(accepted, 0);
}
END_TEST

START_TEST(test_round_trip_every_key)
{
	static const char text[] =
		"[sandbox]\nhostname=h\ncwd=/w\nenv=A=1 2\nclearenv=true\npty=always\nwait=all\nallow-sethostname=yes\nuid=0\ngid=100\n"
		"[filesystem]\nroot=/r\ncwd-access=none\nmetadata=kernel\nro=/a:/b\nrw-try=/c\noverlay=/d:/e\ntmpfs=/f\nhide=/g*\nnoexec=/h\n"
		"[network]\nmode=veth\nallow=tcp:127.0.0.1:80\nallow=udp:[fd00::]/8:1000-2000\nallow=unix:@bus\n"
		"bind=tcp:8080\nsocket=raw\n"
		"[syscalls]\ndefault-action=log\nallow=ptrace\ndeny=uname\n"
		"[limits]\nmemory=1536K\npids=7\ncpu=25%\nnofile=unlimited\nfsize=1000\ncore=0\ntimeout=61m\nkill-after=1500ms\n"
		"enforce=require\n"
		"[log]\nstrace=stderr\nstrace-syscalls=read,write\nlevel=quiet\nevents=/var/log/ev\n";
	struct sr_config cfg;
	struct sr_error err = { 0 };

	sr_config_init(&cfg);
	ck_assert_msg(load(text, &cfg, &err) == 0, "%s", err.msg);
	assert_round_trip(&cfg);
	sr_config_free(&cfg);
}
END_TEST

START_TEST(test_print_refuses_what_a_profile_cannot_say)
{
	static const char *const bad_env[] = { "A=x ", "A=x ;y", "A=x\ny" };
	struct sr_config cfg;
	struct sr_error err = { 0 };
	char *text = NULL;
	size_t len = 0;

	for (size_t i = 0; i < SR_ARRAY_SIZE(bad_env); i++) {
		FILE *out = open_memstream(&text, &len);
		sr_config_init(&cfg);
		ck_assert_int_eq(sr_strlist_add(&cfg.env, bad_env[i], &err), 0);
		ck_assert_int_lt(sr_profile_print(&cfg, out, &err), 0);
		ck_assert_ptr_nonnull(strstr(err.msg, "cannot write env="));
		sr_config_free(&cfg);
		fclose(out);
		free(text);
	}
	FILE *out = open_memstream(&text, &len);
	sr_config_init(&cfg);
	ck_assert_int_eq(sr_config_add_mount(&cfg, SR_MOUNT_RO, "/a:b", "/c", false, &err), 0);
	ck_assert_int_lt(sr_profile_print(&cfg, out, &err), 0);
	sr_config_free(&cfg);
	sr_config_init(&cfg);
	cfg.pass_fds[cfg.npass_fds++] = 3;
	ck_assert_int_lt(sr_profile_print(&cfg, out, &err), 0);
	ck_assert_ptr_nonnull(strstr(err.msg, "--pass-fd"));
	sr_config_free(&cfg);
	sr_config_init(&cfg);
	cfg.stats = true;
	ck_assert_int_lt(sr_profile_print(&cfg, out, &err), 0);
	ck_assert_ptr_nonnull(strstr(err.msg, "--stats"));
	sr_config_free(&cfg);
	fclose(out);
	free(text);
}
END_TEST

START_TEST(test_binary_input_is_refused)
{
	static const char binary[] = "\x7f" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0>\0";
	struct sr_config cfg;
	struct sr_error err = { 0 };

	sr_config_init(&cfg);
	ck_assert_int_lt(sr_profile_load_text(&cfg, ORIGIN, binary, sizeof(binary) - 1, &err), 0);
	ck_assert_msg(strncmp(err.msg, "t.ini:1: ", 9) == 0, "%s", err.msg);
	/* A NUL in the middle of otherwise valid text. */
	static const char nul[] = "[sandbox]\nhostname=a\0b\n";
	ck_assert_int_lt(sr_profile_load_text(&cfg, ORIGIN, nul, sizeof(nul) - 1, &err), 0);
	ck_assert_str_eq(err.msg, "t.ini:2: NUL byte: a profile is a text file");
	sr_config_free(&cfg);
}
END_TEST

START_TEST(test_huge_input_is_refused_not_parsed)
{
	char *text = malloc(HUGE_PROFILE_SIZE + 1);
	char path[128];
	struct sr_config cfg;
	struct sr_error err = { 0 };

	ck_assert_ptr_nonnull(text);
	for (size_t i = 0; i < HUGE_PROFILE_SIZE; i++)
		text[i] = (i % 64 == 63) ? '\n' : '#';
	text[HUGE_PROFILE_SIZE] = '\0';
	sr_config_init(&cfg);
	ck_assert_int_lt(sr_profile_load_text(&cfg, ORIGIN, text, HUGE_PROFILE_SIZE, &err), 0);
	ck_assert_ptr_nonnull(strstr(err.msg, "larger than"));

	make_tmpdir();
	snprintf(path, sizeof(path), "%s/huge.ini", tmpdir);
	write_file(path, text);
	ck_assert_int_lt(sr_profile_load(&cfg, path, &err), 0);
	ck_assert_ptr_nonnull(strstr(err.msg, "larger than"));
	remove_tmpdir();
	free(text);
	sr_config_free(&cfg);
}
END_TEST

START_TEST(test_long_valid_profile_just_under_the_cap_loads)
{
	static const char tail[] = "include=default\n";
	/* The default it includes counts towards the cap too. */
	size_t size = (SR_PROFILE_SIZE_MAX - sizeof(tail) - strlen(sr_profile_default_text)) / 100 * 100;
	char *text = malloc(SR_PROFILE_SIZE_MAX + 1);
	struct sr_config cfg;
	struct sr_error err = { 0 };

	ck_assert_ptr_nonnull(text);
	for (size_t i = 0; i < size; i++)
		text[i] = (i % 100 == 99) ? '\n' : ';';
	memcpy(text + size, tail, sizeof(tail));
	sr_config_init(&cfg);
	ck_assert_msg(load(text, &cfg, &err) == 0, "%s", err.msg);
	ck_assert_uint_gt(cfg.nmounts, 0);
	sr_config_free(&cfg);
	free(text);
}
END_TEST

START_TEST(test_include_extends_and_overrides)
{
	char path[128], inc[128];
	struct sr_config cfg;
	struct sr_error err = { 0 };

	make_tmpdir();
	snprintf(inc, sizeof(inc), "%s/base.ini", tmpdir);
	write_file(inc, "include=default\n[network]\nmode=none\n[sandbox]\nhostname=base\n");
	snprintf(path, sizeof(path), "%s/top.ini", tmpdir);
	/* Relative to the including file, not to the working directory. */
	write_file(path, "include=./base.ini\n[sandbox]\nhostname=top\n[network]\nmode=host\n"
			 "[filesystem]\nrw=/srv\n");
	ck_assert_int_eq(chdir("/"), 0);
	sr_config_init(&cfg);
	ck_assert_msg(sr_profile_load(&cfg, path, &err) == 0, "%s", err.msg);
	ck_assert_str_eq(cfg.hostname, "top");
	ck_assert_int_eq(cfg.net, SR_NET_HOST);
	ck_assert_int_eq(cfg.mounts[cfg.nmounts - 1].kind, SR_MOUNT_RW);
	ck_assert_uint_gt(cfg.hide.len, 0);
	sr_config_free(&cfg);
	remove_tmpdir();
}
END_TEST

START_TEST(test_include_depth_is_bounded)
{
	char path[128];
	char text[128];
	struct sr_config cfg;
	struct sr_error err = { 0 };

	/* p0 includes p1 ... includes pN, which includes the default. */
	make_tmpdir();
	for (int i = 0; i <= SR_PROFILE_INCLUDE_DEPTH_MAX; i++) {
		snprintf(path, sizeof(path), "%s/p%d.ini", tmpdir, i);
		if (i == SR_PROFILE_INCLUDE_DEPTH_MAX)
			snprintf(text, sizeof(text), "include=default\n");
		else
			snprintf(text, sizeof(text), "include=./p%d.ini\n", i + 1);
		write_file(path, text);
	}
	sr_config_init(&cfg);
	/* p1 ... p7 then the built-in: 8 deep, allowed. */
	snprintf(path, sizeof(path), "%s/p2.ini", tmpdir);
	ck_assert_msg(sr_profile_load(&cfg, path, &err) == 0, "%s", err.msg);
	snprintf(path, sizeof(path), "%s/p1.ini", tmpdir);
	ck_assert_msg(sr_profile_load(&cfg, path, &err) < 0, "9 levels accepted");
	ck_assert_msg(strstr(err.msg, "includes nested deeper than 8") != NULL, "%s", err.msg);
	ck_assert_msg(sr_has_prefix(err.msg, "<built-in default>: includes nested deeper than 8"),
		      "%s", err.msg);
	ck_assert_ptr_nonnull(strstr(err.msg, "/p8.ini:1, "));
	sr_config_free(&cfg);
	remove_tmpdir();
}
END_TEST

START_TEST(test_include_cycle_is_found)
{
	char a[128], b[128];
	struct sr_config cfg;
	struct sr_error err = { 0 };

	make_tmpdir();
	snprintf(a, sizeof(a), "%s/a.ini", tmpdir);
	snprintf(b, sizeof(b), "%s/b.ini", tmpdir);
	write_file(a, "# a\ninclude=./b.ini\n");
	write_file(b, "include=./a.ini\n");
	sr_config_init(&cfg);
	ck_assert_int_lt(sr_profile_load(&cfg, a, &err), 0);
	ck_assert_msg(strstr(err.msg, "include cycle") != NULL, "%s", err.msg);
	/* a -> b -> a: the cycle is found at a, named as b includes it. */
	ck_assert_msg(sr_has_prefix(err.msg, a), "%s", err.msg);
	ck_assert_ptr_nonnull(strstr(err.msg, "(included from "));
	ck_assert_ptr_nonnull(strstr(err.msg, "/b.ini:1, "));
	ck_assert_ptr_nonnull(strstr(err.msg, "/a.ini:2)"));
	/* A file that includes itself directly. */
	write_file(a, "include=./a.ini\n");
	ck_assert_int_lt(sr_profile_load(&cfg, a, &err), 0);
	ck_assert_ptr_nonnull(strstr(err.msg, "include cycle"));
	sr_config_free(&cfg);
	remove_tmpdir();
}
END_TEST

/* Includes that fan out (a.ini includes b.ini many times, which
 * includes the default many times) multiply the work without nesting
 * deeper: a few small files would take minutes and gigabytes. */
START_TEST(test_include_fan_out_is_bounded)
{
	char a[128], b[128];
	char *text = malloc(SR_PROFILE_SIZE_MAX);
	struct sr_config cfg;
	struct sr_error err = { 0 };
	size_t n = 0;

	ck_assert_ptr_nonnull(text);
	make_tmpdir();
	snprintf(a, sizeof(a), "%s/a.ini", tmpdir);
	snprintf(b, sizeof(b), "%s/b.ini", tmpdir);
	/* Each file well under the size cap; together far over it. */
	for (int i = 0; i < 100; i++)
		n += (size_t)snprintf(text + n, SR_PROFILE_SIZE_MAX - n, "include=default\n");
	write_file(b, text);
	n = 0;
	for (int i = 0; i < 100; i++)
		n += (size_t)snprintf(text + n, SR_PROFILE_SIZE_MAX - n, "include=./b.ini\n");
	write_file(a, text);
	sr_config_init(&cfg);
	ck_assert_msg(sr_profile_load(&cfg, a, &err) < 0, "a fan-out of 10000 includes loaded");
	ck_assert_msg(strstr(err.msg, "its includes come to more than") != NULL, "%s", err.msg);
	ck_assert_msg(strstr(err.msg, "(included from ") != NULL, "%s", err.msg);
	/* The same file included a few times is fine. */
	write_file(a, "include=./b.ini\ninclude=./b.ini\n");
	write_file(b, "include=default\n");
	ck_assert_msg(sr_profile_load(&cfg, a, &err) == 0, "%s", err.msg);
	sr_config_free(&cfg);
	remove_tmpdir();
	free(text);
}
END_TEST

START_TEST(test_names_and_paths)
{
	struct sr_config cfg;
	struct sr_error err = { 0 };

	sr_config_init(&cfg);
	ck_assert_int_eq(sr_profile_load(&cfg, SR_PROFILE_DEFAULT_NAME, &err), 0);
	ck_assert_int_lt(sr_profile_load(&cfg, "../etc/x", &err), 0);
	ck_assert_int_lt(sr_profile_load(&cfg, ".hidden", &err), 0);
	ck_assert_ptr_nonnull(strstr(err.msg, "bad profile name"));
	ck_assert_int_lt(sr_profile_load(&cfg, "no-such-profile-here", &err), 0);
	ck_assert_ptr_nonnull(strstr(err.msg, "no-such-profile-here"));
	ck_assert_int_lt(sr_profile_load(&cfg, "/", &err), 0);
	ck_assert_ptr_nonnull(strstr(err.msg, "not a regular file"));
	sr_config_free(&cfg);
}
END_TEST

/* ---- value parsers ---- */

START_TEST(test_sizes)
{
	struct sr_error err;
	uint64_t v;

	ck_assert_int_eq(sr_parse_size("1024", &v, &err), 0);
	ck_assert_uint_eq(v, 1024);
	ck_assert_int_eq(sr_parse_size("4K", &v, &err), 0);
	ck_assert_uint_eq(v, 4096);
	ck_assert_int_eq(sr_parse_size("512m", &v, &err), 0);
	ck_assert_uint_eq(v, 512ULL << 20);
	ck_assert_int_eq(sr_parse_size("2G", &v, &err), 0);
	ck_assert_uint_eq(v, 2ULL << 30);
	ck_assert_int_eq(sr_parse_size("16777215T", &v, &err), 0);
	ck_assert_uint_eq(v, 16777215ULL << 40);
	ck_assert_int_eq(sr_parse_size("18446744073709551615", &v, &err), 0);
	ck_assert_uint_eq(v, UINT64_MAX);
	static const char *const bad[] = {
		"", "-1", "+1", " 1", "1 ", "1KB", "1.5G", "0x10", "18446744073709551616",
		"16777216T", "99999999999999999999999", "K", "1KK",
	};
	for (size_t i = 0; i < SR_ARRAY_SIZE(bad); i++)
		ck_assert_msg(sr_parse_size(bad[i], &v, &err) < 0, "accepted '%s'", bad[i]);
	char out[32];
	sr_format_size(512ULL << 20, out, sizeof(out));
	ck_assert_str_eq(out, "512M");
	sr_format_size(1000, out, sizeof(out));
	ck_assert_str_eq(out, "1000");
	sr_format_size(0, out, sizeof(out));
	ck_assert_str_eq(out, "0");
	sr_format_size(UINT64_MAX, out, sizeof(out));
	ck_assert_str_eq(out, "18446744073709551615");
}
END_TEST

START_TEST(test_durations)
{
	struct sr_error err;
	uint64_t v;

	ck_assert_int_eq(sr_parse_duration_ms("250ms", &v, &err), 0);
	ck_assert_uint_eq(v, 250);
	ck_assert_int_eq(sr_parse_duration_ms("90s", &v, &err), 0);
	ck_assert_uint_eq(v, 90000);
	ck_assert_int_eq(sr_parse_duration_ms("5m", &v, &err), 0);
	ck_assert_uint_eq(v, 300000);
	ck_assert_int_eq(sr_parse_duration_ms("1h", &v, &err), 0);
	ck_assert_uint_eq(v, 3600000);
	ck_assert_int_eq(sr_parse_duration_ms("60", &v, &err), 0);
	ck_assert_uint_eq(v, 60000);
	ck_assert_int_eq(sr_parse_duration_ms("1.5s", &v, &err), 0);
	ck_assert_uint_eq(v, 1500);
	ck_assert_int_eq(sr_parse_duration_ms("2d", &v, &err), 0);
	ck_assert_uint_eq(v, 172800000);
	ck_assert_int_eq(sr_parse_duration_ms("0.0000000001", &v, &err), 0);
	ck_assert_uint_eq(v, 1);
	ck_assert_int_eq(sr_parse_duration_ms("213503982334.601d", &v, &err), 0);
	ck_assert_uint_eq(v, UINT64_C(18446744073709526400));
	static const char *const bad[] = {
		"", "-5s", "5 s", "5sec", "1h30m", "1.5.5s", ".", ".s", "s", "5S", "1e3", "18446744073709551615s",
		"5124095576030432h", "213503982335d", "18446744073709551615.5ms",
	};
	for (size_t i = 0; i < SR_ARRAY_SIZE(bad); i++)
		ck_assert_msg(sr_parse_duration_ms(bad[i], &v, &err) < 0, "accepted '%s'", bad[i]);
	char out[32];
	sr_format_duration_ms(90000, out, sizeof(out));
	ck_assert_str_eq(out, "90s");
	sr_format_duration_ms(7200000, out, sizeof(out));
	ck_assert_str_eq(out, "2h");
	sr_format_duration_ms(172800000, out, sizeof(out));
	ck_assert_str_eq(out, "2d");
	sr_format_duration_ms(1500, out, sizeof(out));
	ck_assert_str_eq(out, "1500ms");
}
END_TEST

START_TEST(test_percentages)
{
	struct sr_error err;
	unsigned v;

	ck_assert_int_eq(sr_parse_percent("50%", 200, &v, &err), 0);
	ck_assert_uint_eq(v, 50);
	ck_assert_int_eq(sr_parse_percent("200%", 200, &v, &err), 0);
	ck_assert_uint_eq(v, 200);
	static const char *const bad[] = {
		"", "0%", "201%", "50", "50 %", "-5%", "%", "50%%", "4294967346%", "99999999999999999999%",
	};
	for (size_t i = 0; i < SR_ARRAY_SIZE(bad); i++)
		ck_assert_msg(sr_parse_percent(bad[i], 200, &v, &err) < 0, "accepted '%s'", bad[i]);
}
END_TEST

START_TEST(test_booleans_and_counts)
{
	struct sr_error err;
	bool b;
	uint64_t v;

	ck_assert(sr_parse_bool("yes", &b, &err) == 0 && b);
	ck_assert(sr_parse_bool("0", &b, &err) == 0 && !b);
	ck_assert_int_lt(sr_parse_bool("YES", &b, &err), 0);
	ck_assert_int_lt(sr_parse_bool("on", &b, &err), 0);
	ck_assert_int_lt(sr_parse_bool("", &b, &err), 0);
	ck_assert(sr_parse_count("007", &v, &err) == 0 && v == 7);
	ck_assert_int_lt(sr_parse_count("1K", &v, &err), 0);
	ck_assert_int_lt(sr_parse_count("-0", &v, &err), 0);
}
END_TEST

/* The one table an option and a profile key share: every mode reads
 * back as itself, a near miss is refused with the whole list. */
START_TEST(test_choices)
{
	struct sr_error err;
	int v;

	for (size_t i = 0; i < SR_ARRAY_SIZE(sr_net_mode_names); i++)
		ck_assert(sr_parse_choice(sr_net_mode_names[i], sr_net_mode_names, SR_ARRAY_SIZE(sr_net_mode_names),
					  &v, &err) == 0 && v == (int)i);
	ck_assert_int_lt(sr_parse_choice("Host", sr_net_mode_names, SR_ARRAY_SIZE(sr_net_mode_names), &v, &err), 0);
	ck_assert_str_eq(err.msg, "expected loopback, none, host or veth");
	ck_assert_int_lt(sr_parse_choice("", sr_wait_mode_names, SR_ARRAY_SIZE(sr_wait_mode_names), &v, &err), 0);
	ck_assert_str_eq(err.msg, "expected program or all");
}
END_TEST

START_TEST(test_paths)
{
	struct sr_error err;
	char out[SR_VALUE_PATH_MAX];
	char small[8];

	ck_assert_int_eq(sr_parse_abs_path("//usr/./lib//", out, sizeof(out), &err), 0);
	ck_assert_str_eq(out, "/usr/lib");
	ck_assert_int_eq(sr_parse_abs_path("/", out, sizeof(out), &err), 0);
	ck_assert_str_eq(out, "/");
	ck_assert_int_eq(sr_parse_abs_path("/./", out, sizeof(out), &err), 0);
	ck_assert_str_eq(out, "/");
	ck_assert_int_eq(sr_parse_abs_path("/a/..b/c..", out, sizeof(out), &err), 0);
	ck_assert_str_eq(out, "/a/..b/c..");
	ck_assert_int_lt(sr_parse_abs_path("/a/..", out, sizeof(out), &err), 0);
	ck_assert_int_lt(sr_parse_abs_path("a/b", out, sizeof(out), &err), 0);
	ck_assert_int_lt(sr_parse_abs_path("", out, sizeof(out), &err), 0);
	ck_assert_int_lt(sr_parse_abs_path("/12345678", small, sizeof(small), &err), 0);
	ck_assert_int_eq(sr_parse_abs_path("/123456", small, sizeof(small), &err), 0);
	ck_assert_str_eq(small, "/123456");
}
END_TEST

static Suite *profile_suite(void)
{
	Suite *s = suite_create("profile");
	TCase *keys = tcase_create("keys");
	TCase *bad = tcase_create("bad");
	TCase *trip = tcase_create("round-trip");
	TCase *inputs = tcase_create("inputs");
	TCase *values = tcase_create("values");

	tcase_add_test(keys, test_every_key_parses);
	tcase_add_test(keys, test_comments_blanks_and_indentation_are_layout);
	tcase_add_test(keys, test_long_comment_lines);
	tcase_add_test(keys, test_strace_to_stderr_and_unlimited_rlimits);
	tcase_add_test(keys, test_tilde_is_the_home_from_the_password_database);
	tcase_add_test(keys, test_failed_load_leaves_config_untouched);
	tcase_add_test(keys, test_profile_replaces_the_default);
	tcase_add_test(keys, test_default_profile_is_design_section_5);
	tcase_add_test(keys, test_names_and_paths);
	tcase_add_loop_test(bad, test_bad_profile_names_file_line_and_key, 0,
			    (int)SR_ARRAY_SIZE(bad_profiles));
	tcase_add_test(trip, test_round_trip_default);
	tcase_add_loop_test(trip, test_round_trip_shipped_profile, 0,
			    (int)SR_ARRAY_SIZE(shipped_profiles));
	tcase_add_loop_test(trip, test_mutated_profiles_refused_or_round_trip, 0,
			    (int)SR_ARRAY_SIZE(shipped_profiles));
	tcase_add_test(trip, test_round_trip_every_key);
	tcase_add_test(trip, test_print_refuses_what_a_profile_cannot_say);
	tcase_add_test(inputs, test_binary_input_is_refused);
	tcase_add_test(inputs, test_huge_input_is_refused_not_parsed);
	tcase_add_test(inputs, test_long_valid_profile_just_under_the_cap_loads);
	tcase_add_test(inputs, test_include_extends_and_overrides);
	tcase_add_test(inputs, test_include_depth_is_bounded);
	tcase_add_test(inputs, test_include_cycle_is_found);
	tcase_add_test(inputs, test_include_fan_out_is_bounded);
	tcase_add_test(values, test_sizes);
	tcase_add_test(values, test_durations);
	tcase_add_test(values, test_percentages);
	tcase_add_test(values, test_booleans_and_counts);
	tcase_add_test(values, test_choices);
	tcase_add_test(values, test_paths);
	suite_add_tcase(s, keys);
	suite_add_tcase(s, bad);
	suite_add_tcase(s, trip);
	suite_add_tcase(s, inputs);
	suite_add_tcase(s, values);
	return s;
}

int main(void)
{
	SRunner *runner = srunner_create(profile_suite());
	srunner_run_all(runner, CK_NORMAL);
	int failed = srunner_ntests_failed(runner);
	srunner_free(runner);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
