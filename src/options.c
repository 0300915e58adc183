#include "options.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

enum {
	OPT_RW = 0x100,
	OPT_RO,
	OPT_TMPFS,
	OPT_CWD,
	OPT_ENV,
	OPT_CLEARENV,
	OPT_HOSTNAME,
	OPT_PASS_FD,
	OPT_CHECK_PROFILE,
	OPT_PRINT_PROFILE,
	OPT_STRACE,
	OPT_STRACE_SYSCALLS,
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
	{ "pass-fd", required_argument, NULL, OPT_PASS_FD },
	{ "profile", required_argument, NULL, 'p' },
	{ "check-profile", no_argument, NULL, OPT_CHECK_PROFILE },
	{ "print-profile", no_argument, NULL, OPT_PRINT_PROFILE },
	{ "strace", optional_argument, NULL, OPT_STRACE },
	{ "strace-syscalls", required_argument, NULL, OPT_STRACE_SYSCALLS },
	{ NULL, 0, NULL, 0 },
};

void sr_options_usage(FILE *out)
{
	fputs("Usage: sentry-run [OPTIONS] [--] PROGRAM [ARG...]\n"
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
	      "      --cwd DIR         start PROGRAM in DIR (default: the current\n"
	      "                        directory when visible, else /)\n"
	      "      --env K=V         set an environment variable for PROGRAM\n"
	      "      --clearenv        start PROGRAM with an empty environment\n"
	      "                        (then only --env variables)\n"
	      "      --hostname NAME   the sandbox's host name (default: sentry-run)\n"
	      "      --pass-fd N       let PROGRAM inherit fd N (repeatable)\n"
	      "      --strace[=FILE]   route every system call through the Sentry and print\n"
	      "                        it, strace-like, to stderr or FILE\n"
	      "      --strace-syscalls=NAME,...  print only these calls\n"
	      "\n"
	      "Exit status: PROGRAM's; 128+N if it was killed by signal N; 125 if\n"
	      "sentry-run failed; 126 if PROGRAM cannot be executed; 127 if not found.\n",
	      out);
}

static int sr_absolute_path(const char *cwd, const char *path, char **out, struct sr_error *err)
{
	char buf[PATH_MAX];
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
		int r = 0;

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
		case OPT_TMPFS:
			if (sr_absolute_path(cwd, optarg, &path, err) < 0)
				return sr_error_wrap(err, "--%s", c == OPT_RW ? "rw" : c == OPT_RO ? "ro" : "tmpfs");
			r = sr_config_add_mount(o, c == OPT_RW ? SR_MOUNT_RW : c == OPT_RO ? SR_MOUNT_RO : SR_MOUNT_TMPFS,
						c == OPT_TMPFS ? NULL : path, path, false, err);
			free(path);
			break;
		case OPT_CWD:
			if (optarg[0] != '/')
				return sr_fail(err, 0, "--cwd '%s': expected an absolute path inside the sandbox", optarg);
			r = sr_config_set_string(&o->cwd, optarg, err);
			break;
		case OPT_ENV:
			if (strchr(optarg, '=') == NULL || optarg[0] == '=')
				return sr_fail(err, 0, "--env '%s': expected NAME=VALUE", optarg);
			r = sr_strlist_add(&o->env, optarg, err);
			break;
		case OPT_CLEARENV:
			opts->set_clearenv = true;
			o->clearenv = true;
			break;
		case OPT_HOSTNAME:
			if (optarg[0] == '\0' || strlen(optarg) > 64)
				return sr_fail(err, 0, "--hostname '%s': expected 1 to 64 characters", optarg);
			r = sr_config_set_string(&o->hostname, optarg, err);
			break;
		case OPT_PASS_FD:
			if (o->npass_fds == SR_PASS_FDS_MAX)
				return sr_fail(err, 0, "--pass-fd: at most %d fds", SR_PASS_FDS_MAX);
			r = sr_parse_fd(optarg, &o->pass_fds[o->npass_fds], err);
			if (r == 0)
				o->npass_fds++;
			break;
		case OPT_STRACE:
			opts->set_strace = true;
			o->strace = true;
			if (optarg != NULL) {
				if (optarg[0] != '/')
					return sr_fail(err, 0, "--strace=%s: expected an absolute path", optarg);
				r = sr_config_set_string(&o->strace_path, optarg, err);
			}
			break;
		case OPT_STRACE_SYSCALLS: {
			char *list = strdup(optarg);
			if (list == NULL)
				return sr_fail(err, ENOMEM, "out of memory");
			char *save = NULL;
			for (char *name = strtok_r(list, ",", &save); name != NULL && r == 0;
			     name = strtok_r(NULL, ",", &save))
				r = sr_strlist_add(&o->strace_only, name, err);
			free(list);
			if (r == 0 && o->strace_only.len == 0)
				return sr_fail(err, 0, "--strace-syscalls: expected NAME[,NAME...]");
			break;
		}
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
	if (optind >= argc && (opts->check_profile || opts->print_profile))
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
	}
	for (size_t i = 0; i < o->env.len; i++)
		if (sr_strlist_add(&cfg->env, o->env.items[i], err) < 0)
			return -1;
	if (opts->set_clearenv)
		cfg->clearenv = o->clearenv;
	if (opts->set_strace) {
		cfg->strace = true;
		if (sr_config_set_string(&cfg->strace_path, o->strace_path, err) < 0)
			return -1;
	}
	for (size_t i = 0; i < o->strace_only.len; i++)
		if (sr_strlist_add(&cfg->strace_only, o->strace_only.items[i], err) < 0)
			return -1;
	if (o->hostname != NULL && sr_config_set_string(&cfg->hostname, o->hostname, err) < 0)
		return -1;
	if (o->cwd != NULL && sr_config_set_string(&cfg->cwd, o->cwd, err) < 0)
		return -1;
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
