#include "profile.h"

#include <errno.h>
#include <fcntl.h>
#include <ini.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "allowlist.h"
#include "launcher.h"
#include "mountplan.h"
#include "sentry/table.h"
#include "value.h"

#define PROFILE_SYSTEM_DIR SYSCONFDIR "/sentry-run/profiles"
#define PROFILE_USER_DIR ".config/sentry-run/profiles"   /* under the home directory */
#define PROFILE_SUFFIX ".ini"
#define BUILTIN_ORIGIN "<built-in default>"
/* inih copies each line into a buffer of INI_MAX_LINE bytes, which must
 * also hold the newline and the NUL. */
#define PROFILE_LINE_MAX (INI_MAX_LINE - 2)
#define SYSCALL_NAME_MAX 64
#define HOSTNAME_MAX 64         /* HOST_NAME_MAX */
#define ENV_NAME_MAX 255
#define PASSWD_BUF_SIZE 16384
#define PERCENT_PER_CPU 100
#define UTF8_BOM "\xef\xbb\xbf"

static const char *const known_sections[] = {
	"sandbox", "filesystem", "network", "syscalls", "limits", "log",
};

/* How a file is known, so that include cycles are found whatever path
 * spelling reaches it. */
enum profile_id_kind { PROFILE_ID_NONE, PROFILE_ID_BUILTIN, PROFILE_ID_FILE };
struct profile_id {
	enum profile_id_kind kind;
	dev_t dev;
	ino_t ino;
};

/* One load: the config being built from scratch and the include chain. */
struct profile_load {
	struct sr_config cfg;
	struct profile_id chain[SR_PROFILE_INCLUDE_DEPTH_MAX];
	size_t depth;
	/* Bytes parsed so far, includes and all: includes that fan out
	 * (a file including another many times, itself including the
	 * default many times) must not multiply the work. */
	size_t total_len;
	bool include_chain_started;  /* an error already says "(included from" */
	bool error_located;        /* the last error starts with FILE:LINE */
	bool system_only;          /* a NAME is never looked for in the caller's home */
};

struct profile_parse;
typedef int (*profile_apply_fn)(struct profile_parse *p, const char *value, struct sr_error *why);

struct profile_key {
	const char *section;
	const char *name;
	bool repeatable;
	profile_apply_fn apply;
};

/* The profile_keys table, defined after its handlers. */
#define PROFILE_NKEYS 48

/* One file (or text) being parsed. */
struct profile_parse {
	struct profile_load *load;
	const char *origin;        /* shown in messages */
	const char *text;
	size_t len;
	size_t pos;
	unsigned lineno;
	unsigned nkeys;            /* key lines seen: an empty profile is refused */
	unsigned first_line[PROFILE_NKEYS];  /* where a non-repeatable key was set */
	bool failed;
	unsigned fail_line;
	struct sr_error err;
};

static int load_text(struct profile_load *load, const char *origin, struct profile_id id,
		     const char *text, size_t len, struct sr_error *err);
static int load_named(struct profile_load *load, const char *name, const char *relative_to,
		      struct sr_error *err);

__attribute__((format(printf, 2, 3)))
static int parse_fail(struct profile_parse *p, const char *fmt, ...)
{
	char what[SR_ERROR_MAX];
	va_list ap;

	if (p->failed)
		return 0;
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	sr_fail(&p->err, 0, "%s:%u: %s", p->origin, p->lineno, what);
	p->failed = true;
	p->fail_line = p->lineno;
	return 0;
}

/* ---- values ---- */

/* The caller's home from the password database, not $HOME: a profile
 * run by root (a service, an ssh ForceCommand) must not be steered by an
 * environment variable. */
static int home_directory(char *out, size_t outsz, struct sr_error *why)
{
	char buf[PASSWD_BUF_SIZE];
	struct passwd pw;
	struct passwd *found = NULL;
	int rc = getpwuid_r(getuid(), &pw, buf, sizeof(buf), &found);

	if (found == NULL)
		return sr_fail(why, rc, "no home directory for uid %u in the password database",
			       (unsigned)getuid());
	if (!sr_strlcpy(out, pw.pw_dir, outsz))
		return sr_fail(why, 0, "home directory path too long");
	return 0;
}

/* An absolute path, or ~ or ~/PATH for the caller's home. */
static int parse_path(const char *value, char *out, size_t outsz, struct sr_error *why)
{
	char expanded[SR_VALUE_PATH_MAX];

	if (value[0] != '~')
		return sr_parse_abs_path(value, out, outsz, why);
	if (value[1] != '\0' && value[1] != '/')
		return sr_fail(why, 0, "expected ~ or ~/PATH: ~USER is not supported");
	if (home_directory(expanded, sizeof(expanded), why) < 0)
		return -1;
	size_t n = strlen(expanded);
	if (!sr_strlcpy(expanded + n, value + 1, sizeof(expanded) - n))
		return sr_fail(why, 0, "path too long");
	return sr_parse_abs_path(expanded, out, outsz, why);
}

static int set_bool(bool *slot, const char *value, struct sr_error *why)
{
	return sr_parse_bool(value, slot, why);
}

static int set_path(char **slot, const char *value, struct sr_error *why)
{
	char path[SR_VALUE_PATH_MAX];

	if (parse_path(value, path, sizeof(path), why) < 0)
		return -1;
	return sr_config_set_string(slot, path, why);
}

static int add_path(struct sr_strlist *list, const char *value, struct sr_error *why)
{
	char path[SR_VALUE_PATH_MAX];

	if (parse_path(value, path, sizeof(path), why) < 0)
		return -1;
	return sr_strlist_add(list, path, why);
}

/* PATH[:DEST]: DEST defaults to PATH.  The first ':' splits, so a source
 * path cannot hold one. */
static int add_mount(struct profile_parse *p, const char *value, enum sr_mount_kind kind,
		     bool optional, struct sr_error *why)
{
	char raw_source[SR_VALUE_PATH_MAX];
	char source[SR_VALUE_PATH_MAX];
	char dest[SR_VALUE_PATH_MAX];
	const char *colon = strchr(value, ':');
	size_t n = colon ? (size_t)(colon - value) : strlen(value);

	if (n >= sizeof(raw_source))
		return sr_fail(why, 0, "path too long");
	memcpy(raw_source, value, n);
	raw_source[n] = '\0';
	if (parse_path(raw_source, source, sizeof(source), why) < 0)
		return -1;
	/* sandbox.c refuses it too, where a link leads there, but without
	 * the file and line that the literal one can have. */
	if (strcmp(source, "/") == 0)
		return sr_fail(why, 0, "the host's root cannot be bound whole: name the directories to show");
	if (colon != NULL) {
		if (parse_path(colon + 1, dest, sizeof(dest), why) < 0)
			return sr_error_wrap(why, "after ':'");
	} else {
		memcpy(dest, source, sizeof(dest));
	}
	if (sr_mount_check_dest(dest, why) < 0)
		return -1;
	if (sr_config_add_mount(&p->load->cfg, kind, source, dest, optional, why) < 0)
		return -1;
	sr_config_mount_origin(&p->load->cfg, "%s:%u: %s=%s", p->origin, p->lineno, sr_mount_key(kind, optional),
			       value);
	return 0;
}

static bool valid_hostname(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > HOSTNAME_MAX || s[0] == '-' || s[0] == '.')
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '-' || c == '.'))
			return false;
	}
	return true;
}

static bool valid_syscall_name(const char *s, size_t n)
{
	if (n == 0 || n > SYSCALL_NAME_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return false;
	return true;
}

static int add_syscall(struct sr_strlist *list, const struct sr_strlist *other,
		       const char *other_key, const char *value, struct sr_error *why)
{
	if (!valid_syscall_name(value, strlen(value)))
		return sr_fail(why, 0, "expected a syscall name such as openat");
	/* Refused here, with file:line, rather than when the filter is built:
	 * --check-profile then catches it too. */
	if (sr_table_by_name(value) == NULL)
		return sr_fail(why, 0, "no system call of that name on x86-64");
	if (sr_strlist_contains(other, value))
		return sr_fail(why, 0, "%s is also listed with %s=", value, other_key);
	return sr_strlist_add(list, value, why);
}

static int parse_rlimit(const char *value, bool is_size, uint64_t max, struct sr_rlimit_spec *out,
			struct sr_error *why)
{
	uint64_t v;

	if (sr_parse_rlimit(value, is_size, max, &v, why) < 0)
		return -1;
	out->set = true;
	out->value = v;
	return 0;
}

/* After a parser has filled *v: 0 is refused where it would mean "none". */
/* `left_out` says what leaving the key out gives instead of 0. */
static int positive_or(int rc, const uint64_t *v, const char *left_out, struct sr_error *why)
{
	if (rc < 0)
		return -1;
	if (*v == 0)
		return sr_fail(why, 0, "expected a value above 0 (leave the key out for %s)", left_out);
	return 0;
}

static int positive(int rc, const uint64_t *v, struct sr_error *why)
{
	return positive_or(rc, v, "no limit", why);
}

/* ---- the keys ---- */

int sr_profile_check_hostname(const char *value, struct sr_error *why)
{
	if (!valid_hostname(value))
		return sr_fail(why, 0, "expected a host name of letters, digits, '-' and '.', at most %d characters",
			       HOSTNAME_MAX);
	return 0;
}

static int apply_hostname(struct profile_parse *p, const char *value, struct sr_error *why)
{
	if (sr_profile_check_hostname(value, why) < 0)
		return -1;
	return sr_config_set_string(&p->load->cfg.hostname, value, why);
}

static int apply_cwd(struct profile_parse *p, const char *value, struct sr_error *why)
{
	return set_path(&p->load->cfg.cwd, value, why);
}

int sr_profile_check_env(const char *value, struct sr_error *why)
{
	const char *eq = strchr(value, '=');
	size_t n = eq ? (size_t)(eq - value) : 0;

	if (eq == NULL || n == 0 || n > ENV_NAME_MAX)
		return sr_fail(why, 0, "expected NAME=VALUE");
	for (size_t i = 0; i < n; i++) {
		char c = value[i];
		bool ok = c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
			  (i > 0 && c >= '0' && c <= '9');
		if (!ok)
			return sr_fail(why, 0, "expected NAME=VALUE with NAME of letters, digits and '_'");
	}
	return 0;
}

static int apply_env(struct profile_parse *p, const char *value, struct sr_error *why)
{
	if (sr_profile_check_env(value, why) < 0)
		return -1;
	return sr_strlist_add(&p->load->cfg.env, value, why);
}

static int apply_clearenv(struct profile_parse *p, const char *value, struct sr_error *why)
{
	return set_bool(&p->load->cfg.clearenv, value, why);
}

static int apply_pty(struct profile_parse *p, const char *value, struct sr_error *why)
{
	int v;

	if (sr_parse_choice(value, sr_pty_mode_names, SR_ARRAY_SIZE(sr_pty_mode_names), &v, why) < 0)
		return -1;
	p->load->cfg.pty = (enum sr_pty_mode)v;
	return 0;
}

static int apply_metadata(struct profile_parse *p, const char *value, struct sr_error *why)
{
	int v;

	if (sr_parse_choice(value, sr_metadata_mode_names, SR_ARRAY_SIZE(sr_metadata_mode_names), &v, why) < 0)
		return -1;
	p->load->cfg.metadata = (enum sr_metadata_mode)v;
	return 0;
}

static int apply_wait(struct profile_parse *p, const char *value, struct sr_error *why)
{
	int v;

	if (sr_parse_choice(value, sr_wait_mode_names, SR_ARRAY_SIZE(sr_wait_mode_names), &v, why) < 0)
		return -1;
	p->load->cfg.wait = (enum sr_wait_mode)v;
	return 0;
}

static int apply_id(int64_t *slot, const char *value, struct sr_error *why)
{
	uint32_t id;

	if (sr_parse_id(value, &id, why) < 0)
		return -1;
	*slot = id;
	return 0;
}

static int apply_uid(struct profile_parse *p, const char *value, struct sr_error *why)
{
	return apply_id(&p->load->cfg.uid, value, why);
}

static int apply_gid(struct profile_parse *p, const char *value, struct sr_error *why)
{
	return apply_id(&p->load->cfg.gid, value, why);
}

static int apply_allow_sethostname(struct profile_parse *p, const char *value, struct sr_error *why)
{
	return set_bool(&p->load->cfg.allow_sethostname, value, why);
}

static int apply_ro(struct profile_parse *p, const char *value, struct sr_error *why)
{
	return add_mount(p, value, SR_MOUNT_RO, false, why);
}

static int apply_ro_try(struct profile_parse *p, const char *value, struct sr_error *why)
{
	return add_mount(p, value, SR_MOUNT_RO, true, why);
}

static int apply_rw(struct profile_parse *p, const char *value, struct sr_error *why)
{
	return add_mount(p, value, SR_MOUNT_RW, false, why);
}

static int apply_rw_try(struct profile_parse *p, const char *value, struct sr_error *why)
{
	return add_mount(p, value, SR_MOUNT_RW, true, why);
}

static int apply_overlay(struct profile_parse *p, const char *value, struct sr_error *why)
{
	return add_mount(p, value, SR_MOUNT_OVERLAY, false, why);
}

static int apply_tmpfs(struct profile_parse *p, const char *value, struct sr_error *why)
{
	char dest[SR_VALUE_PATH_MAX];

	if (parse_path(value, dest, sizeof(dest), why) < 0 || sr_mount_check_dest(dest, why) < 0)
		return -1;
	return sr_config_add_mount(&p->load->cfg, SR_MOUNT_TMPFS, NULL, dest, false, why);
}

static int apply_hide(struct profile_parse *p, const char *value, struct sr_error *why)
{
	return add_path(&p->load->cfg.hide, value, why);
}

static int apply_root(struct profile_parse *p, const char *value, struct sr_error *why)
{
	char path[SR_VALUE_PATH_MAX];

	if (parse_path(value, path, sizeof(path), why) < 0)
		return -1;
	if (strcmp(path, "/") == 0)
		return sr_fail(why, 0, "the host's root cannot be the sandbox's; name a directory holding a system "
			       "(the default profile shows the host's)");
	if (sr_config_set_string(&p->load->cfg.root, path, why) < 0)
		return -1;
	snprintf(p->load->cfg.root_origin, sizeof(p->load->cfg.root_origin), "%s:%u: root=%s", p->origin,
		 p->lineno, value);
	return 0;
}

static int apply_noexec(struct profile_parse *p, const char *value, struct sr_error *why)
{
	return add_path(&p->load->cfg.noexec, value, why);
}

enum cwd_access { CWD_RO, CWD_RW, CWD_NONE };
static const char *const cwd_access_names[] = {
	[CWD_RO] = "ro", [CWD_RW] = "rw", [CWD_NONE] = "none",
};

static int apply_cwd_access(struct profile_parse *p, const char *value, struct sr_error *why)
{
	int v;

	if (sr_parse_choice(value, cwd_access_names, SR_ARRAY_SIZE(cwd_access_names), &v, why) < 0)
		return -1;
	p->load->cfg.bind_cwd = v != CWD_NONE;
	p->load->cfg.cwd_writable = v == CWD_RW;
	return 0;
}

static int apply_net_mode(struct profile_parse *p, const char *value, struct sr_error *why)
{
	int v;

	if (sr_parse_choice(value, sr_net_mode_names, SR_ARRAY_SIZE(sr_net_mode_names), &v, why) < 0)
		return -1;
	p->load->cfg.net = (enum sr_net_mode)v;
	return 0;
}

static int apply_net_allow(struct profile_parse *p, const char *value, struct sr_error *why)
{
	struct sr_allow_rule rule;

	if (sr_allow_parse(value, &rule, why) < 0)
		return -1;
	return sr_strlist_add(&p->load->cfg.net_allow, value, why);
}

static int apply_net_bind(struct profile_parse *p, const char *value, struct sr_error *why)
{
	struct sr_allow_rule rule;

	if (sr_allow_bind_parse(value, &rule, why) < 0)
		return -1;
	return sr_strlist_add(&p->load->cfg.net_bind, value, why);
}

/* Socket kinds the kernel filter refuses unless named here (filter.c). */
static const char *const net_socket_names[] = { "packet", "raw", "netlink" };

static int apply_net_socket(struct profile_parse *p, const char *value, struct sr_error *why)
{
	int v;

	if (sr_parse_choice(value, net_socket_names, SR_ARRAY_SIZE(net_socket_names), &v, why) < 0)
		return -1;
	if (sr_strlist_contains(&p->load->cfg.net_sockets, value))
		return 0;
	return sr_strlist_add(&p->load->cfg.net_sockets, value, why);
}

static int apply_syscall_allow(struct profile_parse *p, const char *value, struct sr_error *why)
{
	struct sr_config *cfg = &p->load->cfg;
	return add_syscall(&cfg->syscall_allow, &cfg->syscall_deny, "deny", value, why);
}

static int apply_syscall_deny(struct profile_parse *p, const char *value, struct sr_error *why)
{
	struct sr_config *cfg = &p->load->cfg;
	return add_syscall(&cfg->syscall_deny, &cfg->syscall_allow, "allow", value, why);
}

static const char *const default_action_names[] = {
	[SR_DEFAULT_ERRNO] = "errno", [SR_DEFAULT_KILL] = "kill", [SR_DEFAULT_LOG] = "log",
};

static int apply_default_action(struct profile_parse *p, const char *value, struct sr_error *why)
{
	int v;

	if (sr_parse_choice(value, default_action_names, SR_ARRAY_SIZE(default_action_names), &v, why) < 0)
		return -1;
	p->load->cfg.default_action = (enum sr_seccomp_default)v;
	return 0;
}

static int apply_memory(struct profile_parse *p, const char *value, struct sr_error *why)
{
	uint64_t *slot = &p->load->cfg.memory_max;
	return positive(sr_parse_size(value, slot, why), slot, why);
}

static int apply_pids(struct profile_parse *p, const char *value, struct sr_error *why)
{
	uint64_t *slot = &p->load->cfg.pids_max;
	return positive(sr_parse_pids(value, slot, why), slot, why);
}

static int apply_cpu(struct profile_parse *p, const char *value, struct sr_error *why)
{
	long ncpus = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned max = ncpus > 0 ? (unsigned)ncpus * PERCENT_PER_CPU : PERCENT_PER_CPU;

	return sr_parse_percent(value, max, &p->load->cfg.cpu_percent, why);
}

static int apply_nofile(struct profile_parse *p, const char *value, struct sr_error *why)
{
	return parse_rlimit(value, false, UINT64_MAX, &p->load->cfg.nofile, why);
}

static int apply_fsize(struct profile_parse *p, const char *value, struct sr_error *why)
{
	return parse_rlimit(value, true, SR_FSIZE_MAX, &p->load->cfg.fsize, why);
}

static int apply_core(struct profile_parse *p, const char *value, struct sr_error *why)
{
	return parse_rlimit(value, true, UINT64_MAX, &p->load->cfg.core, why);
}

static int apply_timeout(struct profile_parse *p, const char *value, struct sr_error *why)
{
	uint64_t *slot = &p->load->cfg.timeout_ms;
	return positive(sr_parse_duration_ms(value, slot, why), slot, why);
}

static int apply_kill_after(struct profile_parse *p, const char *value, struct sr_error *why)
{
	uint64_t *slot = &p->load->cfg.kill_after_ms;
	char grace[64], left_out[96];

	sr_format_duration_ms(SR_TERM_GRACE_MS, grace, sizeof(grace));
	snprintf(left_out, sizeof(left_out), "the default of %s", grace);
	return positive_or(sr_parse_duration_ms(value, slot, why), slot, left_out, why);
}

static const char *const enforce_names[] = {
	[SR_ENFORCE_BEST_EFFORT] = "best-effort", [SR_ENFORCE_REQUIRE] = "require",
};

static int apply_enforce(struct profile_parse *p, const char *value, struct sr_error *why)
{
	int v;

	if (sr_parse_choice(value, enforce_names, SR_ARRAY_SIZE(enforce_names), &v, why) < 0)
		return -1;
	p->load->cfg.limits_enforce = (enum sr_limits_enforce)v;
	return 0;
}

static int apply_strace(struct profile_parse *p, const char *value, struct sr_error *why)
{
	struct sr_config *cfg = &p->load->cfg;

	if (strcmp(value, "stderr") == 0) {
		if (sr_config_set_string(&cfg->strace_path, NULL, why) < 0)
			return -1;
	} else if (set_path(&cfg->strace_path, value, why) < 0) {
		return sr_error_wrap(why, "expected stderr or a file");
	}
	cfg->strace = true;
	return 0;
}

static int apply_strace_syscalls(struct profile_parse *p, const char *value, struct sr_error *why)
{
	const char *s = value;

	for (;;) {
		size_t n = strcspn(s, ",");
		char name[SYSCALL_NAME_MAX + 1];
		if (!valid_syscall_name(s, n))
			return sr_fail(why, 0, "expected syscall names separated by ',' such as openat,execve");
		memcpy(name, s, n);
		name[n] = '\0';
		if (sr_table_by_name(name) == NULL)
			return sr_fail(why, 0, "no system call named %s on x86-64", name);
		if (sr_strlist_add(&p->load->cfg.strace_only, name, why) < 0)
			return -1;
		if (s[n] == '\0')
			return 0;
		s += n + 1;
	}
}

static const char *const level_names[] = {
	[SR_LOG_QUIET] = "quiet", [SR_LOG_WARN] = "warn",
	[SR_LOG_INFO] = "info", [SR_LOG_DEBUG] = "debug",
};

static int apply_level(struct profile_parse *p, const char *value, struct sr_error *why)
{
	int v;

	if (sr_parse_choice(value, level_names, SR_ARRAY_SIZE(level_names), &v, why) < 0)
		return -1;
	p->load->cfg.log_level = (enum sr_log_level)v;
	return 0;
}

#define EVENTS_UNIX_PREFIX "unix:"

static int apply_events(struct profile_parse *p, const char *value, struct sr_error *why)
{
	char path[SR_VALUE_PATH_MAX];
	char spelled[sizeof(EVENTS_UNIX_PREFIX) + SR_VALUE_PATH_MAX];
	bool is_unix = sr_has_prefix(value, EVENTS_UNIX_PREFIX);
	const char *raw = is_unix ? value + strlen(EVENTS_UNIX_PREFIX) : value;

	if (parse_path(raw, path, sizeof(path), why) < 0)
		return sr_error_wrap(why, "expected a file or unix:SOCKET");
	snprintf(spelled, sizeof(spelled), "%s%s", is_unix ? EVENTS_UNIX_PREFIX : "", path);
	return sr_config_set_string(&p->load->cfg.events_path, spelled, why);
}

static const struct profile_key profile_keys[] = {
	{ "sandbox", "hostname", false, apply_hostname },
	{ "sandbox", "cwd", false, apply_cwd },
	{ "sandbox", "env", true, apply_env },
	{ "sandbox", "clearenv", false, apply_clearenv },
	{ "sandbox", "pty", false, apply_pty },
	{ "sandbox", "wait", false, apply_wait },
	{ "sandbox", "allow-sethostname", false, apply_allow_sethostname },
	{ "sandbox", "uid", false, apply_uid },
	{ "sandbox", "gid", false, apply_gid },
	{ "filesystem", "ro", true, apply_ro },
	{ "filesystem", "ro-try", true, apply_ro_try },
	{ "filesystem", "rw", true, apply_rw },
	{ "filesystem", "rw-try", true, apply_rw_try },
	{ "filesystem", "overlay", true, apply_overlay },
	{ "filesystem", "tmpfs", true, apply_tmpfs },
	{ "filesystem", "hide", true, apply_hide },
	{ "filesystem", "noexec", true, apply_noexec },
	{ "filesystem", "root", false, apply_root },
	{ "filesystem", "cwd-access", false, apply_cwd_access },
	{ "filesystem", "metadata", false, apply_metadata },
	{ "network", "mode", false, apply_net_mode },
	{ "network", "allow", true, apply_net_allow },
	{ "network", "bind", true, apply_net_bind },
	{ "network", "socket", true, apply_net_socket },
	{ "syscalls", "allow", true, apply_syscall_allow },
	{ "syscalls", "deny", true, apply_syscall_deny },
	{ "syscalls", "default-action", false, apply_default_action },
	{ "limits", "memory", false, apply_memory },
	{ "limits", "pids", false, apply_pids },
	{ "limits", "cpu", false, apply_cpu },
	{ "limits", "nofile", false, apply_nofile },
	{ "limits", "fsize", false, apply_fsize },
	{ "limits", "core", false, apply_core },
	{ "limits", "timeout", false, apply_timeout },
	{ "limits", "kill-after", false, apply_kill_after },
	{ "limits", "enforce", false, apply_enforce },
	{ "log", "strace", false, apply_strace },
	{ "log", "strace-syscalls", true, apply_strace_syscalls },
	{ "log", "level", false, apply_level },
	{ "log", "events", false, apply_events },
};
_Static_assert(SR_ARRAY_SIZE(profile_keys) <= PROFILE_NKEYS, "raise PROFILE_NKEYS");

static const struct profile_key *find_key(const char *section, const char *name)
{
	for (size_t i = 0; i < SR_ARRAY_SIZE(profile_keys); i++)
		if ((section == NULL || strcmp(profile_keys[i].section, section) == 0) &&
		    strcmp(profile_keys[i].name, name) == 0)
			return &profile_keys[i];
	return NULL;
}

/* ---- reading: one line a call, so that we know the line number ---- */

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static bool known_section(const char *name, size_t n)
{
	for (size_t i = 0; i < SR_ARRAY_SIZE(known_sections); i++)
		if (strlen(known_sections[i]) == n && strncmp(known_sections[i], name, n) == 0)
			return true;
	return false;
}

/* What inih does not check, or reports only as a line number. */
static bool check_line(struct profile_parse *p, char *line, size_t n)
{
	if (n == 0 || line[0] == ';' || line[0] == '#')
		return true;
	if (line[0] == '[') {
		const char *close = memchr(line, ']', n);
		if (close == NULL) {
			parse_fail(p, "expected ']' to close the section name");
			return false;
		}
		char *name = line + 1;
		size_t len = (size_t)(close - name);
		while (len > 0 && is_blank(*name))
			name++, len--;
		while (len > 0 && is_blank(name[len - 1]))
			len--;
		if (!known_section(name, len)) {
			parse_fail(p, "unknown section [%.*s]: expected [sandbox], [filesystem], [network], [syscalls], [limits] or [log]",
				   (int)len, name);
			return false;
		}
		const char *rest = close + 1;
		const char *end = line + n;
		while (rest < end && is_blank(*rest))
			rest++;
		if (rest < end && *rest != ';' && *rest != '#') {
			parse_fail(p, "unexpected text after [%.*s]", (int)len, name);
			return false;
		}
		/* inih keeps blanks inside the brackets: hand it the bare name. */
		memmove(line + 1, name, len);
		memcpy(line + 1 + len, "]\n", sizeof("]\n"));
		return true;
	}
	size_t key_len = strcspn(line, "=:");
	if (key_len >= n) {
		parse_fail(p, "expected key=value or [section]");
		return false;
	}
	if (line[key_len] == ':') {
		parse_fail(p, "expected key=value, not key:value");
		return false;
	}
	return true;
}

static char *profile_reader(char *buf, int size, void *stream)
{
	struct profile_parse *p = stream;

	if (p->failed || p->pos >= p->len)
		return NULL;
	const char *line = p->text + p->pos;
	size_t rest = p->len - p->pos;
	const char *newline = memchr(line, '\n', rest);
	size_t n = newline ? (size_t)(newline - line) : rest;

	p->pos += n + (newline != NULL);
	p->lineno++;
	if (p->lineno == 1 && n >= sizeof(UTF8_BOM) - 1 &&
	    memcmp(line, UTF8_BOM, sizeof(UTF8_BOM) - 1) == 0) {
		line += sizeof(UTF8_BOM) - 1;
		n -= sizeof(UTF8_BOM) - 1;
	}
	if (n > 0 && line[n - 1] == '\r')
		n--;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)line[i];
		if (c == '\0') {
			parse_fail(p, "NUL byte: a profile is a text file");
			return NULL;
		}
		if ((c < 0x20 && c != '\t') || c == 0x7f) {
			parse_fail(p, "control character 0x%02x: a profile is a text file", c);
			return NULL;
		}
	}
	/* inih would take an indented line as the continuation of the key
	 * above it: indentation is layout here, never a value. */
	while (n > 0 && is_blank(*line))
		line++, n--;
	/* A comment is not read: inih gets its first character alone, so a
	 * long one (a URL, a paragraph) is neither refused nor split. */
	if (n > 0 && (*line == ';' || *line == '#'))
		n = 1;
	if (size < 2 || n > (size_t)size - 2 || n > PROFILE_LINE_MAX) {
		parse_fail(p, "line too long: at most %d characters", PROFILE_LINE_MAX);
		return NULL;
	}
	memcpy(buf, line, n);
	buf[n] = '\n';
	buf[n + 1] = '\0';
	if (!check_line(p, buf, n))
		return NULL;
	return buf;
}

/* ---- the per-line handler ---- */

/* The innermost reason comes first, then where it was included from:
 * "b.ini:3: unknown key ... (included from a.ini:1, top.ini:2)". */
static int include_profile(struct profile_parse *p, const char *value)
{
	struct sr_error nested;

	if (load_named(p->load, value, p->origin, &nested) == 0)
		return 1;
	if (!p->load->error_located)
		return parse_fail(p, "include=%s: %s", value, nested.msg);
	size_t n = strlen(nested.msg);
	if (p->load->include_chain_started && n > 0 && nested.msg[n - 1] == ')')
		sr_fail(&p->err, 0, "%.*s, %s:%u)", (int)(n - 1), nested.msg, p->origin, p->lineno);
	else
		sr_fail(&p->err, 0, "%s (included from %s:%u)", nested.msg, p->origin, p->lineno);
	p->load->include_chain_started = true;
	p->failed = true;
	p->fail_line = p->lineno;
	return 0;
}

static int profile_handler(void *user, const char *section, const char *name, const char *value)
{
	struct profile_parse *p = user;
	struct sr_error why;

	/* A library built to call us at each new section passes a NULL name;
	 * the reader has already checked the section. */
	if (p->failed || name == NULL)
		return !p->failed;
	p->nkeys++;
	if (name[0] == '\0')
		return parse_fail(p, "expected a key before '='");
	if (section[0] == '\0') {
		if (strcmp(name, "include") == 0)
			return include_profile(p, value);
		const struct profile_key *key = find_key(NULL, name);
		if (key != NULL)
			return parse_fail(p, "'%s' must be in [%s]", name, key->section);
		return parse_fail(p, "unknown key '%s' before any section (only include= goes there)", name);
	}
	const struct profile_key *key = find_key(section, name);
	if (key == NULL) {
		if (strcmp(name, "include") == 0)
			return parse_fail(p, "include= must come before the first section");
		const struct profile_key *elsewhere = find_key(NULL, name);
		if (elsewhere != NULL)
			return parse_fail(p, "'%s' belongs in [%s], not in [%s]", name,
					  elsewhere->section, section);
		return parse_fail(p, "unknown key '%s' in [%s]", name, section);
	}
	size_t index = (size_t)(key - profile_keys);
	if (!key->repeatable) {
		if (p->first_line[index] != 0)
			return parse_fail(p, "duplicate '%s' in [%s]: already set on line %u, and it cannot repeat",
					  name, section, p->first_line[index]);
		p->first_line[index] = p->lineno;
	}
	if (value[0] == '\0')
		return parse_fail(p, "'%s' in [%s] needs a value", name, section);
	if (key->apply(p, value, &why) < 0)
		return parse_fail(p, "bad value '%s' for '%s' in [%s]: %s", value, name, section, why.msg);
	return 1;
}

/* ---- files, names, includes ---- */

static int parse_text(struct profile_load *load, const char *origin, struct profile_id id,
		      const char *text, size_t len, struct sr_error *err)
{
	if (len > SR_PROFILE_SIZE_MAX)
		return sr_fail(err, 0, "%s: larger than %d bytes: a profile is a short text",
			       origin, SR_PROFILE_SIZE_MAX);
	if (len > SR_PROFILE_SIZE_MAX - load->total_len)
		return sr_fail(err, 0, "%s: the profile and its includes come to more than %d bytes: "
			       "a profile is a short text (is a file included many times?)",
			       origin, SR_PROFILE_SIZE_MAX);
	load->total_len += len;
	if (load->depth == SR_PROFILE_INCLUDE_DEPTH_MAX)
		return sr_fail(err, 0, "%s: includes nested deeper than %d", origin,
			       SR_PROFILE_INCLUDE_DEPTH_MAX);
	for (size_t i = 0; i < load->depth && id.kind != PROFILE_ID_NONE; i++) {
		const struct profile_id *seen = &load->chain[i];
		if (seen->kind == id.kind &&
		    (id.kind == PROFILE_ID_BUILTIN || (seen->dev == id.dev && seen->ino == id.ino)))
			return sr_fail(err, 0, "%s: include cycle: it includes itself", origin);
	}

	struct profile_parse p = { .load = load, .origin = origin, .text = text, .len = len };
	load->chain[load->depth++] = id;
	int rc = ini_parse_stream(profile_reader, &p, profile_handler, &p);
	load->depth--;

	if (rc > 0 && (!p.failed || (unsigned)rc < p.fail_line))
		return sr_fail(err, 0, "%s:%d: syntax error: expected key=value or [section]", origin, rc);
	if (p.failed) {
		*err = p.err;
		return -1;
	}
	if (rc == -2)
		return sr_fail(err, ENOMEM, "%s", origin);
	if (rc != 0)
		return sr_fail(err, 0, "%s: cannot be parsed", origin);
	if (p.nkeys == 0)
		return sr_fail(err, 0, "%s: the profile is empty: start it with include=default", origin);
	return 0;
}

static int load_text(struct profile_load *load, const char *origin, struct profile_id id,
		     const char *text, size_t len, struct sr_error *err)
{
	int rc = parse_text(load, origin, id, text, len, err);

	if (rc < 0)
		load->error_located = true;
	return rc;
}

static int load_file(struct profile_load *load, const char *path, struct sr_error *err)
{
	/* O_NONBLOCK: a FIFO must not hang us before fstat refuses it. */
	sr_cleanup_close int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	struct stat st;

	if (fd < 0)
		return sr_fail(err, errno, "cannot open profile %s", path);
	if (fstat(fd, &st) < 0)
		return sr_fail(err, errno, "cannot stat profile %s", path);
	if (!S_ISREG(st.st_mode))
		return sr_fail(err, 0, "%s: not a regular file", path);
	if (st.st_size > SR_PROFILE_SIZE_MAX)
		return sr_fail(err, 0, "%s: larger than %d bytes: a profile is a short text",
			       path, SR_PROFILE_SIZE_MAX);

	/* One byte more than allowed, to notice a file that grew. */
	sr_cleanup_free char *text = malloc(SR_PROFILE_SIZE_MAX + 1);
	if (text == NULL)
		return sr_fail(err, ENOMEM, "cannot read profile %s", path);
	ssize_t n = sr_read_all(fd, text, SR_PROFILE_SIZE_MAX + 1);
	if (n < 0)
		return sr_fail(err, errno, "cannot read profile %s", path);
	struct profile_id id = { .kind = PROFILE_ID_FILE, .dev = st.st_dev, .ino = st.st_ino };
	return load_text(load, path, id, text, (size_t)n, err);
}

static bool valid_profile_name(const char *name)
{
	size_t n = strlen(name);

	if (n == 0 || n > SR_PROFILE_NAME_MAX || name[0] == '.')
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = name[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '-' || c == '.'))
			return false;
	}
	return true;
}

static int load_builtin(struct profile_load *load, struct sr_error *err)
{
	struct profile_id id = { .kind = PROFILE_ID_BUILTIN };
	return load_text(load, BUILTIN_ORIGIN, id, sr_profile_default_text,
			 strlen(sr_profile_default_text), err);
}

/* A name or a path, as for -p; a relative path is taken next to the file
 * `relative_to` when that names a directory part. */
static int load_named(struct profile_load *load, const char *name, const char *relative_to,
		      struct sr_error *err)
{
	char path[SR_VALUE_PATH_MAX];

	load->error_located = false;
	if (strchr(name, '/') != NULL) {
		const char *slash = relative_to ? strrchr(relative_to, '/') : NULL;
		if (name[0] == '/' || slash == NULL)
			return load_file(load, name, err);
		while (sr_has_prefix(name, "./"))
			name += 2;
		int n = snprintf(path, sizeof(path), "%.*s/%s", (int)(slash - relative_to),
				 relative_to, name);
		if (n < 0 || (size_t)n >= sizeof(path))
			return sr_fail(err, 0, "profile path too long: %s", name);
		return load_file(load, path, err);
	}
	if (!valid_profile_name(name))
		return sr_fail(err, 0, "bad profile name '%s': expected letters, digits, '_', '-' and '.' (or a path with a '/')",
			       name);
	/* Otherwise "x.ini" would look for x.ini.ini among the named profiles. */
	size_t len = strlen(name);
	if (len > strlen(PROFILE_SUFFIX) && strcmp(name + len - strlen(PROFILE_SUFFIX), PROFILE_SUFFIX) == 0)
		return sr_fail(err, 0, "profile name '%s' ends in %s: for a file, give a path with a '/' (./%s); for a named profile, leave out %s",
			       name, PROFILE_SUFFIX, name, PROFILE_SUFFIX);
	if (strcmp(name, SR_PROFILE_DEFAULT_NAME) == 0)
		return load_builtin(load, err);

	int n = snprintf(path, sizeof(path), "%s/%s%s", PROFILE_SYSTEM_DIR, name, PROFILE_SUFFIX);
	if (n < 0 || (size_t)n >= sizeof(path))
		return sr_fail(err, 0, "profile path too long: %s", name);
	if (access(path, F_OK) == 0 || errno != ENOENT || getuid() == 0)
		return load_file(load, path, err);
	if (load->system_only)
		return sr_fail(err, 0, "no profile '%s': %s does not exist (under --ssh, profiles come from %s only, "
			       "never from the home that the session can write)", name, path, PROFILE_SYSTEM_DIR);

	/* Only when the system has no such profile: a user's file never
	 * shadows the administrator's (an ssh ForceCommand names one). */
	char home[SR_VALUE_PATH_MAX];
	char user_path[SR_VALUE_PATH_MAX];
	struct sr_error why;
	if (home_directory(home, sizeof(home), &why) < 0)
		return load_file(load, path, err);
	n = snprintf(user_path, sizeof(user_path), "%s/%s/%s%s", home, PROFILE_USER_DIR, name,
		     PROFILE_SUFFIX);
	if (n < 0 || (size_t)n >= sizeof(user_path))
		return sr_fail(err, 0, "profile path too long: %s", name);
	if (access(user_path, F_OK) < 0 && errno == ENOENT)
		return sr_fail(err, 0, "no profile '%s': neither %s nor %s exists", name, path, user_path);
	return load_file(load, user_path, err);
}

/* Build into a fresh config and replace *cfg only on success. */
static int finish(struct profile_load *load, int rc, struct sr_config *cfg)
{
	if (rc < 0) {
		sr_config_free(&load->cfg);
		return -1;
	}
	sr_config_free(cfg);
	*cfg = load->cfg;
	return 0;
}

int sr_profile_load_default(struct sr_config *cfg, struct sr_error *err)
{
	struct profile_load load = { .depth = 0 };

	sr_config_init(&load.cfg);
	return finish(&load, load_builtin(&load, err), cfg);
}

static int load_top(struct sr_config *cfg, const char *name_or_path, bool system_only, struct sr_error *err)
{
	struct profile_load load = { .depth = 0, .system_only = system_only };

	sr_config_init(&load.cfg);
	return finish(&load, load_named(&load, name_or_path, NULL, err), cfg);
}

int sr_profile_load(struct sr_config *cfg, const char *name_or_path, struct sr_error *err)
{
	return load_top(cfg, name_or_path, false, err);
}

int sr_profile_load_system(struct sr_config *cfg, const char *name_or_path, struct sr_error *err)
{
	return load_top(cfg, name_or_path, true, err);
}

int sr_profile_load_text(struct sr_config *cfg, const char *origin,
			 const char *text, size_t len, struct sr_error *err)
{
	struct profile_load load = { .depth = 0 };
	struct profile_id id = { .kind = PROFILE_ID_NONE };

	sr_config_init(&load.cfg);
	return finish(&load, load_text(&load, origin, id, text, len, err), cfg);
}

/* ---- printing ---- */

/* A value survives inih only without surrounding blanks, control
 * characters or a blank followed by ';' (an inline comment). */
static int put(FILE *out, const char *key, const char *value, struct sr_error *err)
{
	size_t n = strlen(value);

	if (n == 0 || is_blank(value[0]) || is_blank(value[n - 1]))
		return sr_fail(err, 0, "cannot write %s='%s' in a profile: empty or blank-edged", key, value);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)value[i];
		if ((c < 0x20 && c != '\t') || c == 0x7f || (c == ';' && i > 0 && is_blank(value[i - 1])))
			return sr_fail(err, 0, "cannot write %s='%s' in a profile: it holds a control character or ' ;'",
				       key, value);
	}
	if (strlen(key) + 1 + n > PROFILE_LINE_MAX)
		return sr_fail(err, 0, "cannot write %s=%s in a profile: longer than %d characters",
			       key, value, PROFILE_LINE_MAX);
	if (fprintf(out, "%s=%s\n", key, value) < 0)
		return sr_fail(err, errno, "cannot write the profile");
	return 0;
}

static int put_section(FILE *out, const char *name, struct sr_error *err)
{
	if (fprintf(out, "\n[%s]\n", name) < 0)
		return sr_fail(err, errno, "cannot write the profile");
	return 0;
}

static int put_list(FILE *out, const char *key, const struct sr_strlist *list, struct sr_error *err)
{
	for (size_t i = 0; i < list->len; i++)
		if (put(out, key, list->items[i], err) < 0)
			return -1;
	return 0;
}

static int put_bool(FILE *out, const char *key, bool value, struct sr_error *err)
{
	return put(out, key, value ? "true" : "false", err);
}

static int put_mount(FILE *out, const struct sr_mount_spec *m, struct sr_error *err)
{
	const char *key = sr_mount_key(m->kind, m->optional);
	char value[2 * SR_VALUE_PATH_MAX];

	if (key == NULL)
		return sr_fail(err, 0, "cannot write an optional %s mount of %s in a profile",
			       sr_mount_key(m->kind, false), m->dest);
	if (m->kind == SR_MOUNT_TMPFS)
		return put(out, key, m->dest, err);
	if (strchr(m->source, ':') != NULL)
		return sr_fail(err, 0, "cannot write %s=%s in a profile: ':' separates the destination",
			       key, m->source);
	if (strcmp(m->source, m->dest) == 0)
		return put(out, key, m->source, err);
	snprintf(value, sizeof(value), "%s:%s", m->source, m->dest);
	return put(out, key, value, err);
}

static int put_rlimit(FILE *out, const char *key, const struct sr_rlimit_spec *r, bool is_size,
		      struct sr_error *err)
{
	char value[32];

	if (!r->set)
		return 0;
	if (r->value == SR_RLIM_UNLIMITED)
		snprintf(value, sizeof(value), "unlimited");
	else if (is_size)
		sr_format_size(r->value, value, sizeof(value));
	else
		snprintf(value, sizeof(value), "%llu", (unsigned long long)r->value);
	return put(out, key, value, err);
}

static int put_id(FILE *out, const char *key, int64_t id, struct sr_error *err)
{
	char value[24];

	if (id < 0)
		return 0;
	snprintf(value, sizeof(value), "%lld", (long long)id);
	return put(out, key, value, err);
}

static int print_sandbox(const struct sr_config *cfg, FILE *out, struct sr_error *err)
{
	if (put_section(out, "sandbox", err) < 0 ||
	    put_id(out, "uid", cfg->uid, err) < 0 || put_id(out, "gid", cfg->gid, err) < 0 ||
	    (cfg->hostname && put(out, "hostname", cfg->hostname, err) < 0) ||
	    (cfg->cwd && put(out, "cwd", cfg->cwd, err) < 0) ||
	    put_bool(out, "clearenv", cfg->clearenv, err) < 0 ||
	    put_list(out, "env", &cfg->env, err) < 0 ||
	    put(out, "pty", sr_pty_mode_names[cfg->pty], err) < 0 ||
	    put(out, "wait", sr_wait_mode_names[cfg->wait], err) < 0 ||
	    put_bool(out, "allow-sethostname", cfg->allow_sethostname, err) < 0)
		return -1;
	return 0;
}

static int print_filesystem(const struct sr_config *cfg, FILE *out, struct sr_error *err)
{
	enum cwd_access access_mode = !cfg->bind_cwd ? CWD_NONE : cfg->cwd_writable ? CWD_RW : CWD_RO;

	if (put_section(out, "filesystem", err) < 0 ||
	    (cfg->root && put(out, "root", cfg->root, err) < 0) ||
	    put(out, "cwd-access", cwd_access_names[access_mode], err) < 0 ||
	    put(out, "metadata", sr_metadata_mode_names[cfg->metadata], err) < 0)
		return -1;
	for (size_t i = 0; i < cfg->nmounts; i++)
		if (put_mount(out, &cfg->mounts[i], err) < 0)
			return -1;
	if (put_list(out, "hide", &cfg->hide, err) < 0 ||
	    put_list(out, "noexec", &cfg->noexec, err) < 0)
		return -1;
	return 0;
}

static int print_limits(const struct sr_config *cfg, FILE *out, struct sr_error *err)
{
	char value[32];

	if (put_section(out, "limits", err) < 0 ||
	    put(out, "enforce", enforce_names[cfg->limits_enforce], err) < 0)
		return -1;
	if (cfg->memory_max != 0) {
		sr_format_size(cfg->memory_max, value, sizeof(value));
		if (put(out, "memory", value, err) < 0)
			return -1;
	}
	if (cfg->pids_max != 0) {
		snprintf(value, sizeof(value), "%llu", (unsigned long long)cfg->pids_max);
		if (put(out, "pids", value, err) < 0)
			return -1;
	}
	if (cfg->cpu_percent != 0) {
		snprintf(value, sizeof(value), "%u%%", cfg->cpu_percent);
		if (put(out, "cpu", value, err) < 0)
			return -1;
	}
	if (put_rlimit(out, "nofile", &cfg->nofile, false, err) < 0 ||
	    put_rlimit(out, "fsize", &cfg->fsize, true, err) < 0 ||
	    put_rlimit(out, "core", &cfg->core, true, err) < 0)
		return -1;
	if (cfg->timeout_ms != 0) {
		sr_format_duration_ms(cfg->timeout_ms, value, sizeof(value));
		if (put(out, "timeout", value, err) < 0)
			return -1;
	}
	if (cfg->kill_after_ms != 0) {
		sr_format_duration_ms(cfg->kill_after_ms, value, sizeof(value));
		if (put(out, "kill-after", value, err) < 0)
			return -1;
	}
	return 0;
}

static int print_log(const struct sr_config *cfg, FILE *out, struct sr_error *err)
{
	if (put_section(out, "log", err) < 0 ||
	    put(out, "level", level_names[cfg->log_level], err) < 0)
		return -1;
	if (cfg->strace_path != NULL && !cfg->strace)
		return sr_fail(err, 0, "cannot write a strace file without strace in a profile");
	if (cfg->strace && put(out, "strace", cfg->strace_path ? cfg->strace_path : "stderr", err) < 0)
		return -1;
	if (put_list(out, "strace-syscalls", &cfg->strace_only, err) < 0 ||
	    (cfg->events_path && put(out, "events", cfg->events_path, err) < 0))
		return -1;
	return 0;
}

int sr_profile_print(const struct sr_config *cfg, FILE *out, struct sr_error *err)
{
	if (cfg->npass_fds != 0)
		return sr_fail(err, 0, "--pass-fd cannot be written in a profile: leave it out to print one");
	if (cfg->stats)
		return sr_fail(err, 0, "--stats cannot be written in a profile: leave it out to print one");
	if (fprintf(out, "# sentry-run profile: what runs, as one file (sentry-run.ini(5))\n") < 0)
		return sr_fail(err, errno, "cannot write the profile");
	if (print_sandbox(cfg, out, err) < 0 || print_filesystem(cfg, out, err) < 0 ||
	    put_section(out, "network", err) < 0 || put(out, "mode", sr_net_mode_names[cfg->net], err) < 0 ||
	    put_list(out, "allow", &cfg->net_allow, err) < 0 || put_list(out, "bind", &cfg->net_bind, err) < 0 ||
	    put_list(out, "socket", &cfg->net_sockets, err) < 0 ||
	    put_section(out, "syscalls", err) < 0 ||
	    put(out, "default-action", default_action_names[cfg->default_action], err) < 0 ||
	    put_list(out, "allow", &cfg->syscall_allow, err) < 0 ||
	    put_list(out, "deny", &cfg->syscall_deny, err) < 0 ||
	    print_limits(cfg, out, err) < 0 || print_log(cfg, out, err) < 0)
		return -1;
	if (fflush(out) != 0)
		return sr_fail(err, errno, "cannot write the profile");
	return 0;
}
