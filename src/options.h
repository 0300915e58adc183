/* The command line: getopt_long over argv into a struct sr_config and the
 * launcher's own switches.  Pure: no file system access, so that the unit
 * tests can drive it. */
#ifndef SENTRY_RUN_OPTIONS_H
#define SENTRY_RUN_OPTIONS_H

#include <stdbool.h>
#include <stdio.h>

#include "config.h"
#include "util.h"

enum sr_action { SR_ACTION_RUN = 0, SR_ACTION_HELP, SR_ACTION_VERSION };

struct sr_options {
	enum sr_action action;
	int verbosity;             /* sr_log_level to use, when verbosity_set */
	bool verbosity_set;
	const char *profile;       /* -p NAME or PATH; NULL: the built-in default */
	bool check_profile;        /* validate and exit */
	bool print_profile;        /* print the merged result and exit */
	char *const *program;      /* PROGRAM and its arguments, NULL-terminated (points into argv);
				    * NULL with --ssh */
	bool ssh;                  /* --ssh: PROGRAM is the ssh session (ssh.h) */
	struct sr_config overrides;  /* what the command line says, applied after the profile */
	bool set_clearenv;
	bool set_strace;
	bool set_pty;
	bool set_net;
	bool set_wait;
	bool set_metadata;
};

/* Parses argv.  Returns 0, or -1 with a one-line message in err for a bad
 * option (the caller exits 125).  `cwd` makes relative paths absolute;
 * NULL when the current directory cannot be named, and they are refused. */
int sr_options_parse(int argc, char *const argv[], const char *cwd,
		     struct sr_options *opts, struct sr_error *err);
/* Apply the command line on top of a profile-built config. */
int sr_options_apply(const struct sr_options *opts, struct sr_config *cfg, struct sr_error *err);
void sr_options_free(struct sr_options *opts);
void sr_options_usage(FILE *out);

#endif
