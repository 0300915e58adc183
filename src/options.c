#include "options.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "allowlist.h"
#include "config.h"
#include "mountplan.h"
#include "profile.h"
#include "sentry/table.h"
#include "value.h"

/* cpu=100% is one whole CPU (as in the profile). */
#define PERCENT_PER_CPU 100
/* Longer than any name in the syscall table (as in the profile). */
#define SYSCALL_NAME_MAX 64

enum {
	OPT_RW = 0x100,
	OPT_RO,
	OPT_TMPFS,
	OPT_CWD,
	OPT_ENV,
	OPT_CLEARENV,
	OPT_HOSTNAME,
	OPT_UID,
	OPT_GID,
	OPT_PASS_FD,
	OPT_CHECK_PROFILE,
	OPT_PRINT_PROFILE,
	OPT_STRACE,
	OPT_STRACE_SYSCALLS,
	OPT_PTY,
	OPT_NO_PTY,
	OPT_EVENTS,
	OPT_STATS,
	OPT_MEMORY,
	OPT_PIDS,
	OPT_CPU,
	OPT_NOFILE,
	OPT_FSIZE,
	OPT_CORE,
	OPT_TIMEOUT,
	OPT_KILL_AFTER,
	OPT_SSH,
	OPT_NET,
	OPT_ALLOW,
	OPT_ALLOW_BIND,
	OPT_WAIT,
	OPT_METADATA,
};

static const struct option sr_long_options[] = {
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "rw", required_argument, NULL, OPT_RW },
	{ "ro", required_argument, NULL, OPT_RO },
	{ "tmpfs", required_argument, NULL, OPT_TMPFS },
	{ "cwd", required_argument, NULL, OPT_CWD },
	{ "env", required_argument, NULL, OPT_ENV },
	{ "clearenv", no_argument, NULL, OPT_CLEARENV },
	{ "hostname", required_argument, NULL, OPT_HOSTNAME },
	{ "uid", required_argument, NULL, OPT_UID },
	{ "gid", required_argument, NULL, OPT_GID },
	{ "pass-fd", required_argument, NULL, OPT_PASS_FD },
	{ "profile", required_argument, NULL, 'p' },
	{ "check-profile", no_argument, NULL, OPT_CHECK_PROFILE },
	{ "print-profile", no_argument, NULL, OPT_PRINT_PROFILE },
	{ "strace", optional_argument, NULL, OPT_STRACE },
	{ "pty", no_argument, NULL, OPT_PTY },
	{ "events", required_argument, NULL, OPT_EVENTS },
	{ "stats", no_argument, NULL, OPT_STATS },
	{ "no-pty", no_argument, NULL, OPT_NO_PTY },
	{ "strace-syscalls", required_argument, NULL, OPT_STRACE_SYSCALLS },
	{ "memory", required_argument, NULL, OPT_MEMORY },
	{ "pids", required_argument, NULL, OPT_PIDS },
	{ "cpu", required_argument, NULL, OPT_CPU },
	{ "nofile", required_argument, NULL, OPT_NOFILE },
	{ "fsize", required_argument, NULL, OPT_FSIZE },
	{ "core", required_argument, NULL, OPT_CORE },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ "kill-after", required_argument, NULL, OPT_KILL_AFTER },
	{ "ssh", no_argument, NULL, OPT_SSH },
	{ "net", required_argument, NULL, OPT_NET },
	{ "allow", required_argument, NULL, OPT_ALLOW },
	{ "allow-bind", required_argument, NULL, OPT_ALLOW_BIND },
	{ "wait", required_argument, NULL, OPT_WAIT },
	{ "metadata", required_argument, NULL, OPT_METADATA },
	{ NULL, 0, NULL, 0 },
};

void sr_options_usage(FILE *out)
{
	fputs("Usage: sentry-run [OPTIONS] [--] PROGRAM [ARG...]\n"
	      "   or: sentry-run --ssh [OPTIONS]   (as an sshd ForceCommand)\n"
	      "Run PROGRAM in a sandbox: new namespaces, a read-only view of the system,\n"
	      "no network but loopback.\n"
	      "\n"
	      "  -h, --help            show this help and exit\n"
	      "  -V, --version         show the version and exit\n"
	      "  -q, --quiet           print only errors\n"
	      "  -v, --verbose         say more (repeat for debug output)\n"
	      "  -p, --profile NAME    load the profile NAME (from " SYSCONFDIR "/sentry-run/profiles,\n"
	      "                        then ~/.config/sentry-run/profiles) or a file if NAME\n"
	      "                        has a slash; see sentry-run.ini(5)\n"
	      "      --check-profile   check the profile and the options, run nothing\n"
	      "      --print-profile   print the profile with the options applied, run nothing\n"
	      "      --rw PATH         bind host PATH read-write at the same place\n"
	      "      --ro PATH         bind host PATH read-only at the same place\n"
	      "      --tmpfs PATH      mount an empty private tmpfs at PATH\n"
	      "      --metadata=gofer|kernel  who answers stat, access and readlink by path:\n"
	      "                        the Gofer, checking the profile (the default), or\n"
	      "                        the kernel in the sandbox's view (faster builds)\n"
	      "      --cwd DIR         start PROGRAM in DIR (default: the current\n"
	      "                        directory when visible, else /)\n"
	      "      --env K=V         set an environment variable for PROGRAM\n"
	      "      --clearenv        start PROGRAM with an empty environment\n"
	      "                        (then only --env variables)\n"
	      "      --hostname NAME   the sandbox's host name (default: sentry-run)\n"
	      "      --uid N, --gid N  PROGRAM's uid and gid inside, mapped to the caller's\n"
	      "                        (default: the caller's own)\n"
	      "      --pass-fd N       let PROGRAM inherit fd N (repeatable)\n"
	      "      --pty             give PROGRAM a terminal of the sandbox's own, relayed\n"
	      "                        (the default when stdin and stdout are terminals)\n"
	      "      --no-pty          pass fds 0-2 as they are, in a session of its own\n"
	      "      --wait=program|all  end the sandbox when PROGRAM's first process exits\n"
	      "                        (program, the default), or, once it has exited 0,\n"
	      "                        when its last process does (all: a forking daemon)\n"
	      "      --strace[=FILE]   route every system call through the Sentry and print\n"
	      "                        it, strace-like, to stderr or FILE\n"
	      "      --strace-syscalls=NAME,...  print only these calls\n"
	      "      --events=FILE|unix:PATH  one JSON object a line per exec, signal,\n"
	      "                        refused call and exit, to FILE or a SOCK_SEQPACKET\n"
	      "                        listener\n"
	      "      --stats           count every system call through the Sentry and print\n"
	      "                        a summary at exit, like strace -c\n"
	      "      --memory SIZE     memory of the whole sandbox (512M, 2G; a cgroup)\n"
	      "      --pids N          tasks of the whole sandbox (a cgroup)\n"
	      "      --cpu PERCENT     CPU time, 100% is one CPU (a cgroup)\n"
	      "      --nofile N        open files per process (RLIMIT_NOFILE)\n"
	      "      --fsize SIZE      largest file written (RLIMIT_FSIZE)\n"
	      "      --core SIZE       largest core dump (RLIMIT_CORE; the default\n"
	      "                        profile says 0)\n"
	      "      --timeout DURATION  stop the sandbox after DURATION (0.5, 90s,\n"
	      "                        1.5m, 1d) and exit 124\n"
	      "      --kill-after DURATION  SIGKILL what is left this long after SIGTERM\n"
	      "      --ssh             run the ssh session: $SSH_ORIGINAL_COMMAND with the\n"
	      "                        user's login shell, else a login shell; the profile\n"
	      "                        is 'shell' unless -p says otherwise\n"
	      "      --net MODE        loopback (default: a network of its own with lo),\n"
	      "                        none (not even lo), host (the host's network, only\n"
	      "                        what --allow lists) or veth (routed; root only)\n"
	      "      --allow PROTO:HOST:PORT  with --net=host or veth, let PROGRAM connect\n"
	      "                        or send there: tcp or udp, an address, CIDR or host\n"
	      "                        name, a port, LO-HI or *; unix:@NAME for an abstract\n"
	      "                        socket (repeatable)\n"
	      "      --allow-bind PROTO:PORT  with --net=host, let PROGRAM bind PORT\n"
	      "\n"
	      "Exit status: PROGRAM's; 128+N if it was killed by signal N; 125 if\n"
	      "sentry-run failed; 126 if PROGRAM cannot be executed; 127 if not found;\n"
	      "124 on --timeout; 137 when the memory limit was reached.\n",
	      out);
}

/* Whether a ".." follows a name in `path`: on the string it would undo
 * that name, where the kernel goes up from wherever a link named so
 * leads.  A leading ".." is the kernel's: the cwd has no link in it. */
static bool sr_dotdot_after_name(const char *path)
{
	bool named = false;

	for (const char *p = path; *p != '\0';) {
		size_t n = strcspn(p, "/");
		bool dotdot = n == 2 && p[0] == '.' && p[1] == '.';
		if (dotdot && named)
			return true;
		if (n > 0 && !dotdot && !(n == 1 && p[0] == '.'))
			named = true;
		p += n + (p[n] == '/');
	}
	return false;
}

static int sr_absolute_path(const char *cwd, const char *path, char **out, struct sr_error *err)
{
	char buf[PATH_MAX];

	if (sr_dotdot_after_name(path))
		return sr_fail(err, 0, "'%s': '..' after a name is not allowed: where that name is a link, "
			       "the kernel goes up from the link's target; name the directory itself", path);
	/* Not "/": a relative path would name another place of the host. */
	if (cwd == NULL && path[0] != '/')
		return sr_fail(err, 0, "'%s': a relative path, but the current directory cannot be named "
			       "(removed, or longer than PATH_MAX): give an absolute path", path);
	int rc = sr_path_normalize(cwd, path, buf, sizeof(buf));

	if (rc == ENOENT)
		return sr_fail(err, 0, "empty path");
	if (rc != 0)
		return sr_fail(err, rc, "path '%s'", path);
	*out = strdup(buf);
	if (*out == NULL)
		return sr_fail(err, ENOMEM, "out of memory");
	return 0;
}

static int sr_parse_fd(const char *arg, int *fd, struct sr_error *err)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (errno != 0 || end == arg || *end != '\0' || v < 0 || v > INT_MAX)
		return sr_fail(err, 0, "--pass-fd '%s': expected a file descriptor number", arg);
	if (v <= 2)
		return sr_fail(err, 0, "--pass-fd %ld: fds 0, 1 and 2 are always passed", v);
	*fd = (int)v;
	return 0;
}

#define EVENTS_UNIX_PREFIX "unix:"

/* --strace=FILE and --events=[unix:]PATH: the path as its profile key
 * takes it (repeated '/' and '.' dropped, '..' refused), so that
 * --print-profile writes what loads back. */
static int sr_output_path(const char *option, const char *arg, const char *prefix, char **out,
			  struct sr_error *err)
{
	char path[SR_VALUE_PATH_MAX];
	char spelled[sizeof(EVENTS_UNIX_PREFIX) + SR_VALUE_PATH_MAX];

	if (sr_parse_abs_path(arg + strlen(prefix), path, sizeof(path), err) < 0)
		return sr_error_wrap(err, "--%s '%s'", option, arg);
	snprintf(spelled, sizeof(spelled), "%s%s", prefix, path);
	return sr_config_set_string(out, spelled, err);
}

/* After a value parser: its message, prefixed with the option. */
static int sr_limit_value(int rc, const char *option, const char *arg, struct sr_error *err)
{
	if (rc < 0)
		return sr_error_wrap(err, "--%s '%s'", option, arg);
	return 0;
}

/* A count, size or duration where 0 would mean "no limit": refused, as in
 * a profile, so that an option never silently does nothing. */
static int sr_positive_limit(int rc, const uint64_t *v, const char *option, const char *arg,
			     struct sr_error *err)
{
	if (sr_limit_value(rc, option, arg, err) < 0)
		return -1;
	if (*v == 0)
		return sr_fail(err, 0, "--%s '%s': expected a value above 0", option, arg);
	return 0;
}

static int sr_parse_rlimit_option(const char *option, const char *arg, bool is_size, uint64_t max,
				  struct sr_rlimit_spec *spec, struct sr_error *err)
{
	if (sr_limit_value(sr_parse_rlimit(arg, is_size, max, &spec->value, err), option, arg, err) < 0)
		return -1;
	spec->set = true;
	return 0;
}

/* NAME[,NAME...], as strace-syscalls= in a profile: an empty name is
 * refused rather than skipped. */
static int sr_parse_strace_syscalls(const char *arg, struct sr_strlist *names, struct sr_error *err)
{
	const char *s = arg;

	for (;;) {
		char name[SYSCALL_NAME_MAX + 1];
		size_t n = strcspn(s, ",");

		if (n == 0)
			return sr_fail(err, 0, "--strace-syscalls '%s': expected NAME[,NAME...]", arg);
		if (n < sizeof(name)) {
			memcpy(name, s, n);
			name[n] = '\0';
		}
		if (n >= sizeof(name) || sr_table_by_name(name) == NULL)
			return sr_fail(err, 0, "--strace-syscalls: no system call named %.*s on x86-64", (int)n, s);
		if (sr_strlist_add(names, name, err) < 0)
			return -1;
		if (s[n] == '\0')
			return 0;
		s += n + 1;
	}
}

static unsigned sr_cpu_percent_max(void)
{
	long ncpus = sysconf(_SC_NPROCESSORS_ONLN);

	return ncpus > 0 ? (unsigned)ncpus * PERCENT_PER_CPU : PERCENT_PER_CPU;
}

int sr_options_parse(int argc, char *const argv[], const char *cwd,
		     struct sr_options *opts, struct sr_error *err)
{
	struct sr_config *o = &opts->overrides;
	int c;

	memset(opts, 0, sizeof(*opts));
	sr_config_init(o);
	opts->verbosity = SR_LOG_WARN;
	/* '+': stop at the first non-option, so PROGRAM's own options are its;
	 * ':': report a missing argument distinctly. */
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:hVqvp:", sr_long_options, NULL)) != -1) {
		char *path = NULL;
		int r = 0, choice = 0;

		switch (c) {
		case 'h':
			opts->action = SR_ACTION_HELP;
			return 0;
		case 'V':
			opts->action = SR_ACTION_VERSION;
			return 0;
		case 'q':
			opts->verbosity = SR_LOG_QUIET;
			opts->verbosity_set = true;
			break;
		case 'v':
			if (opts->verbosity < SR_LOG_DEBUG)
				opts->verbosity++;
			opts->verbosity_set = true;
			break;
		case 'p':
			if (optarg[0] == '\0')
				return sr_fail(err, 0, "-p: expected a profile name or path");
			opts->profile = optarg;
			break;
		case OPT_CHECK_PROFILE:
			opts->check_profile = true;
			break;
		case OPT_PRINT_PROFILE:
			opts->print_profile = true;
			break;
		case OPT_RW:
		case OPT_RO:
		case OPT_TMPFS: {
			const char *option = c == OPT_RW ? "rw" : c == OPT_RO ? "ro" : "tmpfs";
			if (sr_absolute_path(cwd, optarg, &path, err) < 0)
				return sr_error_wrap(err, "--%s", option);
			/* Checked here as a profile's key checks them, so that
			 * the message names the option rather than a mount. */
			if (c != OPT_TMPFS && strcmp(path, "/") == 0)
				r = sr_fail(err, 0, "the host's root cannot be bound whole: name the directories to show");
			else
				r = sr_mount_check_dest(path, err);
			if (r == 0)
				r = sr_config_add_mount(o, c == OPT_RW ? SR_MOUNT_RW : c == OPT_RO ? SR_MOUNT_RO : SR_MOUNT_TMPFS,
							c == OPT_TMPFS ? NULL : path, path, false, err);
			if (r == 0)
				sr_config_mount_origin(o, "--%s %s", option, path);
			free(path);
			if (r < 0)
				return sr_error_wrap(err, "--%s", option);
			break;
		}
		case OPT_CWD: {
			char dir[SR_VALUE_PATH_MAX];
			if (sr_parse_abs_path(optarg, dir, sizeof(dir), err) < 0)
				return sr_error_wrap(err, "--cwd '%s'", optarg);
			r = sr_config_set_string(&o->cwd, dir, err);
			break;
		}
		case OPT_ENV:
			if (sr_profile_check_env(optarg, err) < 0)
				return sr_error_wrap(err, "--env '%s'", optarg);
			r = sr_strlist_add(&o->env, optarg, err);
			break;
		case OPT_CLEARENV:
			opts->set_clearenv = true;
			o->clearenv = true;
			break;
		case OPT_HOSTNAME:
			if (sr_profile_check_hostname(optarg, err) < 0)
				return sr_error_wrap(err, "--hostname '%s'", optarg);
			r = sr_config_set_string(&o->hostname, optarg, err);
			break;
		case OPT_UID:
		case OPT_GID: {
			uint32_t id;
			struct sr_error why = { 0 };
			if (sr_parse_id(optarg, &id, &why) < 0)
				return sr_fail(err, 0, "--%s '%s': %s", c == OPT_UID ? "uid" : "gid", optarg, why.msg);
			*(c == OPT_UID ? &o->uid : &o->gid) = id;
			break;
		}
		case OPT_PASS_FD:
			if (o->npass_fds == SR_PASS_FDS_MAX)
				return sr_fail(err, 0, "--pass-fd: at most %d fds", SR_PASS_FDS_MAX);
			r = sr_parse_fd(optarg, &o->pass_fds[o->npass_fds], err);
			if (r == 0)
				o->npass_fds++;
			break;
		case OPT_STATS:
			o->stats = true;
			break;
		case OPT_EVENTS: {
			const char *prefix = sr_has_prefix(optarg, EVENTS_UNIX_PREFIX) ? EVENTS_UNIX_PREFIX : "";
			if (optarg[strlen(prefix)] != '/')
				return sr_fail(err, 0, "--events '%s': expected an absolute path or unix:/PATH", optarg);
			r = sr_output_path("events", optarg, prefix, &o->events_path, err);
			break;
		}
		case OPT_PTY:
		case OPT_NO_PTY:
			opts->set_pty = true;
			o->pty = c == OPT_PTY ? SR_PTY_ALWAYS : SR_PTY_NEVER;
			break;
		case OPT_STRACE:
			opts->set_strace = true;
			o->strace = true;
			/* The last one says where: a bare --strace after
			 * --strace=FILE is standard error again. */
			if (optarg != NULL)
				r = sr_output_path("strace", optarg, "", &o->strace_path, err);
			else
				r = sr_config_set_string(&o->strace_path, NULL, err);
			break;
		case OPT_STRACE_SYSCALLS:
			r = sr_parse_strace_syscalls(optarg, &o->strace_only, err);
			break;
		case OPT_MEMORY:
			r = sr_positive_limit(sr_parse_size(optarg, &o->memory_max, err), &o->memory_max,
					      "memory", optarg, err);
			break;
		case OPT_PIDS:
			r = sr_positive_limit(sr_parse_pids(optarg, &o->pids_max, err), &o->pids_max, "pids",
					      optarg, err);
			break;
		case OPT_CPU:
			r = sr_limit_value(sr_parse_percent(optarg, sr_cpu_percent_max(), &o->cpu_percent, err),
					   "cpu", optarg, err);
			break;
		case OPT_NOFILE:
			r = sr_parse_rlimit_option("nofile", optarg, false, UINT64_MAX, &o->nofile, err);
			break;
		case OPT_FSIZE:
			r = sr_parse_rlimit_option("fsize", optarg, true, SR_FSIZE_MAX, &o->fsize, err);
			break;
		case OPT_CORE:
			r = sr_parse_rlimit_option("core", optarg, true, UINT64_MAX, &o->core, err);
			break;
		case OPT_TIMEOUT:
			r = sr_positive_limit(sr_parse_duration_ms(optarg, &o->timeout_ms, err), &o->timeout_ms,
					      "timeout", optarg, err);
			break;
		case OPT_KILL_AFTER:
			r = sr_positive_limit(sr_parse_duration_ms(optarg, &o->kill_after_ms, err),
					      &o->kill_after_ms, "kill-after", optarg, err);
			break;
		case OPT_SSH:
			opts->ssh = true;
			break;
		case OPT_NET:
			r = sr_limit_value(sr_parse_choice(optarg, sr_net_mode_names, SR_ARRAY_SIZE(sr_net_mode_names),
							   &choice, err), "net", optarg, err);
			o->net = (enum sr_net_mode)choice;
			opts->set_net = true;
			break;
		case OPT_ALLOW:
		case OPT_ALLOW_BIND: {
			struct sr_allow_rule rule;
			bool bind = c == OPT_ALLOW_BIND;
			if ((bind ? sr_allow_bind_parse(optarg, &rule, err) : sr_allow_parse(optarg, &rule, err)) < 0)
				return sr_error_wrap(err, "--%s", bind ? "allow-bind" : "allow");
			r = sr_strlist_add(bind ? &o->net_bind : &o->net_allow, optarg, err);
			break;
		}
		case OPT_WAIT:
			r = sr_limit_value(sr_parse_choice(optarg, sr_wait_mode_names, SR_ARRAY_SIZE(sr_wait_mode_names),
							   &choice, err), "wait", optarg, err);
			o->wait = (enum sr_wait_mode)choice;
			opts->set_wait = true;
			break;
		case OPT_METADATA:
			r = sr_limit_value(sr_parse_choice(optarg, sr_metadata_mode_names,
							   SR_ARRAY_SIZE(sr_metadata_mode_names), &choice, err),
					   "metadata", optarg, err);
			o->metadata = (enum sr_metadata_mode)choice;
			opts->set_metadata = true;
			break;
		case ':':
			return sr_fail(err, 0, "option '%s' needs an argument; see --help", argv[optind - 1]);
		default:
			if (optopt != 0)
				return sr_fail(err, 0, "unknown option '-%c'; see --help", optopt);
			return sr_fail(err, 0, "unknown option '%s'; see --help", argv[optind - 1]);
		}
		if (r < 0)
			return -1;
	}
	if (opts->ssh && optind < argc)
		return sr_fail(err, 0, "--ssh takes no PROGRAM ('%s'): sshd passes the client's command "
			       "in SSH_ORIGINAL_COMMAND", argv[optind]);
	if (optind >= argc && (opts->check_profile || opts->print_profile || opts->ssh))
		return 0;
	if (optind >= argc)
		return sr_fail(err, 0, "no PROGRAM given; usage: sentry-run [OPTIONS] [--] PROGRAM [ARG...]");
	opts->program = &argv[optind];
	return 0;
}

int sr_options_apply(const struct sr_options *opts, struct sr_config *cfg, struct sr_error *err)
{
	const struct sr_config *o = &opts->overrides;

	for (size_t i = 0; i < o->nmounts; i++) {
		const struct sr_mount_spec *m = &o->mounts[i];
		if (sr_config_add_mount(cfg, m->kind, m->source, m->dest, m->optional, err) < 0)
			return -1;
		sr_config_mount_origin(cfg, "%s", m->origin);
	}
	for (size_t i = 0; i < o->env.len; i++)
		if (sr_strlist_add(&cfg->env, o->env.items[i], err) < 0)
			return -1;
	if (opts->set_clearenv)
		cfg->clearenv = o->clearenv;
	if (opts->set_pty)
		cfg->pty = o->pty;
	if (opts->set_wait)
		cfg->wait = o->wait;
	if (opts->set_metadata)
		cfg->metadata = o->metadata;
	if (o->stats)
		cfg->stats = true;
	if (o->events_path != NULL && sr_config_set_string(&cfg->events_path, o->events_path, err) < 0)
		return -1;
	if (opts->set_strace) {
		cfg->strace = true;
		if (sr_config_set_string(&cfg->strace_path, o->strace_path, err) < 0)
			return -1;
	}
	for (size_t i = 0; i < o->strace_only.len; i++)
		if (sr_strlist_add(&cfg->strace_only, o->strace_only.items[i], err) < 0)
			return -1;
	if (opts->set_net)
		cfg->net = o->net;
	for (size_t i = 0; i < o->net_allow.len; i++)
		if (sr_strlist_add(&cfg->net_allow, o->net_allow.items[i], err) < 0)
			return -1;
	for (size_t i = 0; i < o->net_bind.len; i++)
		if (sr_strlist_add(&cfg->net_bind, o->net_bind.items[i], err) < 0)
			return -1;
	if (o->hostname != NULL && sr_config_set_string(&cfg->hostname, o->hostname, err) < 0)
		return -1;
	if (o->uid >= 0)
		cfg->uid = o->uid;
	if (o->gid >= 0)
		cfg->gid = o->gid;
	if (o->cwd != NULL && sr_config_set_string(&cfg->cwd, o->cwd, err) < 0)
		return -1;
	/* [limits]: 0 and an unset rlimit are "not given" on the command line,
	 * since the parser refuses 0 where it would mean "no limit". */
	if (o->memory_max != 0)
		cfg->memory_max = o->memory_max;
	if (o->pids_max != 0)
		cfg->pids_max = o->pids_max;
	if (o->cpu_percent != 0)
		cfg->cpu_percent = o->cpu_percent;
	if (o->nofile.set)
		cfg->nofile = o->nofile;
	if (o->fsize.set)
		cfg->fsize = o->fsize;
	if (o->core.set)
		cfg->core = o->core;
	if (o->timeout_ms != 0)
		cfg->timeout_ms = o->timeout_ms;
	if (o->kill_after_ms != 0)
		cfg->kill_after_ms = o->kill_after_ms;
	for (size_t i = 0; i < o->npass_fds; i++) {
		if (cfg->npass_fds == SR_PASS_FDS_MAX)
			return sr_fail(err, 0, "--pass-fd: at most %d fds", SR_PASS_FDS_MAX);
		cfg->pass_fds[cfg->npass_fds++] = o->pass_fds[i];
	}
	return 0;
}

void sr_options_free(struct sr_options *opts)
{
	sr_config_free(&opts->overrides);
}
