#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "allowlist.h"
#include "launcher.h"
#include "mountplan.h"
#include "notify.h"
#include "options.h"
#include "passfd.h"
#include "profile.h"
#include "resolvconf.h"
#include "sandbox.h"
#include "ssh.h"


/* What a profile may say that this build cannot enforce yet: refused
 * rather than ignored, so that a sandbox is never silently weaker than
 * its profile (DESIGN §4). */
static int sr_refuse_unenforced(const struct sr_config *cfg, struct sr_error *err)
{
	if (cfg->net == SR_NET_VETH && geteuid() != 0)
		return sr_fail(err, 0, "[network] mode=veth needs root: it creates a network interface on "
			       "the host; use loopback, none or host with an allowlist");
	return 0;
}

/* First of all: fds 0-2 that the caller closed would be taken by the
 * first fds we open (the events log, the control socket), and the pty
 * relay and our messages would write PROGRAM's output into them, or
 * read its input from them.  /dev/null in their place, as sudo and
 * sshd do; PROGRAM finds them closed (init.c).  Returns them, bit N
 * for fd N. */
static unsigned sr_open_std_fds(void)
{
	unsigned closed = 0;

	for (int fd = STDIN_FILENO; fd <= STDERR_FILENO; fd++) {
		if (fcntl(fd, F_GETFD) >= 0 || errno != EBADF)
			continue;
		int null = open("/dev/null", O_RDWR);
		if (null != fd)
			exit(SR_EXIT_FAILURE);
		closed |= 1u << fd;
	}
	return closed;
}

/* The signals the caller ignores: PROGRAM inherits them ignored, as
 * across any exec (nohup's SIGHUP, a script's background job's SIGINT),
 * and we neither pass them on nor stop on them (launcher.c).  SIGCHLD
 * we take back: ignored, it has the kernel reap our children unasked,
 * and no SIGCHLD would say that the sandbox ended. */
static void sr_take_ignored_signals(sigset_t *ignored)
{
	struct sigaction sa;

	sigemptyset(ignored);
	for (int sig = 1; sig < NSIG; sig++)
		if (sigaction(sig, NULL, &sa) == 0 && sa.sa_handler == SIG_IGN)
			sigaddset(ignored, sig);
	if (sigismember(ignored, SIGCHLD))
		signal(SIGCHLD, SIG_DFL);
}

/* After --help or --version: a text lost (a full disk, or stdout closed
 * by the caller, where /dev/null took its place) is a failure, as for
 * env(1) and timeout(1), so that a script does not take it as said. */
static int sr_stdout_written(const char *option, unsigned closed_std_fds, struct sr_error *err)
{
	if (closed_std_fds & (1u << STDOUT_FILENO))
		return sr_fail(err, EBADF, "%s: cannot write to standard output", option);
	if (fflush(stdout) != 0)
		return sr_fail(err, errno, "%s: cannot write to standard output", option);
	if (ferror(stdout))
		return sr_fail(err, EIO, "%s: cannot write to standard output", option);
	return 0;
}

/* PROGRAM died of sig: so does sentry-run, as timeout(1) and sudo do,
 * for whoever waits for it.  A shell tells the two apart: bash ends a
 * script on Ctrl-C only when its child died of SIGINT too, an exit
 * with 130 saying the child handled it.  No core of ours.  Should sig
 * not end us, the status stays 128+sig. */
static void sr_die_of_signal(int sig)
{
	struct rlimit no_core = { 0, 0 };
	sigset_t set;

	fflush(NULL);
	(void)setrlimit(RLIMIT_CORE, &no_core);
	signal(sig, SIG_DFL);
	sigemptyset(&set);
	sigaddset(&set, sig);
	raise(sig);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
}

/* Before sentry-run opens anything: a --pass-fd or a LISTEN_FDS fd
 * that is not open in the caller would otherwise pass whatever the
 * launcher later opened under that number (DESIGN invariant 6). */
static int sr_check_pass_fds(const struct sr_options *opts, struct sr_listen_fds *listen,
			     struct sr_error *err)
{
	const struct sr_config *o = &opts->overrides;

	for (size_t i = 0; i < o->npass_fds; i++) {
		char what[32];
		snprintf(what, sizeof(what), "--pass-fd %d", o->pass_fds[i]);
		if (sr_passfd_check(o->pass_fds[i], what, err) < 0)
			return -1;
	}
	/* Only a sandbox that runs takes the socket unit's fds. */
	if (opts->print_profile || opts->check_profile)
		return 0;
	return sr_listen_fds_take(listen, err);
}

static int sr_build_config(const struct sr_options *opts, struct sr_config *cfg, struct sr_error *err)
{
	const char *profile = opts->profile;
	int rc;

	if (profile == NULL && opts->ssh)
		profile = SR_SSH_DEFAULT_PROFILE;
	if (profile == NULL)
		rc = sr_profile_load_default(cfg, err);
	else
		rc = opts->ssh ? sr_profile_load_system(cfg, profile, err) : sr_profile_load(cfg, profile, err);

	if (rc < 0)
		return -1;
	/* -q and -v are [log] level=, so that --print-profile shows them. */
	if (opts->verbosity_set)
		cfg->log_level = (enum sr_log_level)opts->verbosity;
	sr_log_level = (int)cfg->log_level;
	if (sr_options_apply(opts, cfg, err) < 0)
		return -1;
	/* Names are resolved once, now: --print-profile shows the addresses
	 * the Sentry will hold connections to. */
	if (cfg->net_allow.len > 0 && sr_allowlist_resolve(&cfg->net_allow, SR_RESOLV_CONF, err) < 0)
		return -1;
	/* A user who asked for a way out should hear that there is none. */
	if (!sr_config_net_reaches_host(cfg) && (cfg->net_allow.len > 0 || cfg->net_bind.len > 0))
		sr_warn("[network] allow= and bind= apply to mode=host and veth only; this sandbox has a network "
			"of its own with no way out");
	return 0;
}

/* --print-profile: the whole profile, or nothing but the error (a
 * profile cut where a value cannot be said would load as another).
 * Not to the /dev/null that stands in for a stdout the caller closed
 * (sr_open_std_fds). */
static int sr_print_profile_whole(const struct sr_config *cfg, unsigned closed_std_fds, struct sr_error *err)
{
	sr_cleanup_free char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	if (out == NULL)
		return sr_fail(err, errno, "--print-profile");
	int rc = sr_profile_print(cfg, out, err);
	if (fclose(out) != 0 && rc == 0)
		return sr_fail(err, errno, "--print-profile");
	if (rc < 0)
		return -1;
	if (closed_std_fds & (1u << STDOUT_FILENO))
		return sr_fail(err, EBADF, "--print-profile: cannot write the profile");
	if (fwrite(text, 1, len, stdout) != len || fflush(stdout) != 0)
		return sr_fail(err, errno, "--print-profile: cannot write the profile");
	return 0;
}

/* Only a sandbox that runs gets the relay: --print-profile shows the
 * profile, not the launcher's plumbing. */
static int sr_setup_notify(const struct sr_options *opts, struct sr_notify_relay *relay,
			   struct sr_config *cfg, struct sr_mount_plan *plan, struct sr_error *err)
{
	if (opts->print_profile || opts->check_profile)
		return 0;
	if (sr_notify_relay_open(relay, getenv("NOTIFY_SOCKET"), err) < 0 ||
	    sr_notify_relay_configure(relay, cfg, plan, err) < 0)
		return sr_error_wrap(err, "NOTIFY_SOCKET");
	return 0;
}

/* The resolver's configuration, when it lies out of the view: a mount
 * of the launcher's making, as the relay's. */
static int sr_setup_resolv_conf(const struct sr_options *opts, struct sr_config *cfg, struct sr_mount_plan *plan,
				struct sr_error *err)
{
	if (opts->print_profile || opts->check_profile)
		return 0;
	return sr_resolv_conf_show(cfg, plan, err);
}

/* Likewise the socket unit's fds. */
static int sr_setup_listen_fds(const struct sr_options *opts, const struct sr_listen_fds *listen,
			       struct sr_config *cfg, struct sr_error *err)
{
	if (opts->print_profile || opts->check_profile)
		return 0;
	return sr_listen_fds_configure(listen, cfg, err);
}

/* TMPDIR as PROGRAM gets it: the caller's unless --clearenv, the last
 * --env or env= that sets it winning (init.c sr_apply_environment). */
static const char *sr_program_tmpdir(const struct sr_config *cfg)
{
	static const char key[] = "TMPDIR=";
	const char *value = cfg->clearenv ? NULL : getenv("TMPDIR");

	for (size_t i = 0; i < cfg->env.len; i++)
		if (strncmp(cfg->env.items[i], key, sizeof(key) - 1) == 0)
			value = cfg->env.items[i] + sizeof(key) - 1;
	return value;
}

int main(int argc, char *argv[])
{
	struct sr_error err = { 0 };
	struct sr_options opts;
	struct sr_config cfg;
	struct sr_mount_plan plan = { 0 };
	struct sr_notify_relay relay;
	struct sr_listen_fds listen = { 0 };
	struct sr_ssh_session ssh = { 0 };
	char *const *program;
	char cwd_name[PATH_MAX];
	const char *cwd = cwd_name;
	int status = SR_EXIT_FAILURE;
	int killed_by = 0;
	sigset_t ignored_signals;

	unsigned closed_std_fds = sr_open_std_fds();
	sr_take_ignored_signals(&ignored_signals);
	sr_log_detect_journal();
	sr_notify_relay_init(&relay);
	/* Removed, or longer than PATH_MAX: not shown, and PROGRAM starts in
	 * /; a relative path of an option is refused (options.c). */
	if (getcwd(cwd_name, sizeof(cwd_name)) == NULL)
		cwd = NULL;
	sr_config_init(&cfg);
	if (sr_options_parse(argc, argv, cwd, &opts, &err) < 0) {
		sr_print_error(&err);
		goto out;
	}
	if (opts.verbosity_set)
		sr_log_level = opts.verbosity;
	if (opts.action == SR_ACTION_HELP || opts.action == SR_ACTION_VERSION) {
		bool help = opts.action == SR_ACTION_HELP;
		/* The whole text in one buffer: the one write is fflush's, and
		 * so is its errno (a text longer than stdio's buffer failed
		 * in fputs, whose errno was gone by the check). */
		static char whole[16384];
		(void)setvbuf(stdout, whole, _IOFBF, sizeof(whole));
		if (help)
			sr_options_usage(stdout);
		else
			printf("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
		if (sr_stdout_written(help ? "--help" : "--version", closed_std_fds, &err) < 0) {
			sr_print_error(&err);
			goto out;
		}
		status = 0;
		goto out;
	}
	if (sr_check_pass_fds(&opts, &listen, &err) < 0 || sr_build_config(&opts, &cfg, &err) < 0 ||
	    sr_setup_listen_fds(&opts, &listen, &cfg, &err) < 0 ||
	    sr_mount_plan_build(&cfg, cwd, &plan, &err) < 0 ||
	    sr_setup_notify(&opts, &relay, &cfg, &plan, &err) < 0 ||
	    sr_setup_resolv_conf(&opts, &cfg, &plan, &err) < 0) {
		sr_print_error(&err);
		goto out;
	}
	if (opts.print_profile) {
		if (sr_print_profile_whole(&cfg, closed_std_fds, &err) < 0) {
			sr_print_error(&err);
			goto out;
		}
		status = 0;
		goto out;
	}
	/* --check-profile stops after the host paths were looked up: a
	 * profile that names a missing one would not start either. */
	if (sr_refuse_unenforced(&cfg, &err) < 0 || sr_mount_carry_rules(&cfg, &err) < 0 ||
	    sr_sandbox_resolve_plan(&plan, &cfg, &err) < 0 ||
	    sr_sandbox_name_cwd(&plan, &cfg, cwd, getenv("PWD"), &err) < 0) {
		if (opts.ssh)
			sr_ssh_explain_missing_home(&err);
		sr_print_error(&err);
		goto out;
	}
	if (opts.check_profile) {
		status = 0;
		goto out;
	}
	program = opts.program;
	/* The session's environment is the sandbox's, not the profile's:
	 * --print-profile above showed the profile. */
	if (opts.ssh) {
		if (sr_ssh_session_for_caller(&ssh, &err) < 0 ||
		    sr_ssh_session_configure(&ssh, &cfg, &err) < 0) {
			sr_print_error(&err);
			goto out;
		}
		program = ssh.argv;
	}
	if (sr_sandbox_make_tmpdir(&plan, &cfg, sr_program_tmpdir(&cfg), &err) < 0) {
		sr_print_error(&err);
		goto out;
	}
	status = sr_launch(&cfg, &plan, program, cwd, closed_std_fds, &ignored_signals, &relay, &killed_by);
out:
	sr_ssh_session_free(&ssh);
	sr_notify_relay_close(&relay);
	sr_mount_plan_free(&plan);
	sr_config_free(&cfg);
	/* sshd would tell the client of a signal (exit-signal) and ssh
	 * exit 255: the status is what reaches it. */
	if (killed_by != 0 && !opts.ssh)
		sr_die_of_signal(killed_by);
	sr_options_free(&opts);
	return status;
}
