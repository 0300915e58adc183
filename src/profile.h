/* Profiles: a sandbox described in an .ini file (DESIGN §5, the reference
 * is man/sentry-run.ini.5), parsed with inih into a struct sr_config.
 *
 * A profile is the whole description: loading one REPLACES *cfg (the
 * built-in default included) and never merges into it.  On failure *cfg
 * is left as it was and err says "FILE:LINE: what is wrong". */
#ifndef SENTRY_RUN_PROFILE_H
#define SENTRY_RUN_PROFILE_H

#include <stdio.h>

#include "config.h"
#include "util.h"

/* A profile is a short text: anything larger is refused, not parsed;
 * so is a profile whose includes come to more, all counted. */
#define SR_PROFILE_SIZE_MAX (1024 * 1024)
/* include= nesting, counting the file named with -p as depth 1. */
#define SR_PROFILE_INCLUDE_DEPTH_MAX 8
/* A profile name (-p NAME, include=NAME): [A-Za-z0-9_.-], no leading dot. */
#define SR_PROFILE_NAME_MAX 64
/* The name under which the built-in profile is known. */
#define SR_PROFILE_DEFAULT_NAME "default"

/* The built-in profile's text: contrib/profiles/default.ini, compiled in
 * by a Makefile rule. */
extern const char sr_profile_default_text[];

/* Replace *cfg by the built-in default profile. */
int sr_profile_load_default(struct sr_config *cfg, struct sr_error *err);
/* Replace *cfg by a profile.  A value with a slash is a path; otherwise a
 * name: "default" is the built-in, any other NAME is
 * $(sysconfdir)/sentry-run/profiles/NAME.ini or, when that does not exist
 * and the caller is not root, ~/.config/sentry-run/profiles/NAME.ini. */
int sr_profile_load(struct sr_config *cfg, const char *name_or_path, struct sr_error *err);
/* The same, but a NAME (-p and include=) is read from
 * $(sysconfdir)/sentry-run/profiles only: for --ssh, whose user can
 * write the home and must not choose the sandbox of the next login. */
int sr_profile_load_system(struct sr_config *cfg, const char *name_or_path, struct sr_error *err);
/* Replace *cfg by a profile given as text; `origin` names it in messages
 * and, if it has a slash, relative includes are resolved next to it. */
int sr_profile_load_text(struct sr_config *cfg, const char *origin,
			 const char *text, size_t len, struct sr_error *err);

/* The checks of [sandbox] hostname= and env=, for the options that say
 * the same: what --print-profile writes must load back. */
int sr_profile_check_hostname(const char *value, struct sr_error *why);
int sr_profile_check_env(const char *value, struct sr_error *why);

/* Write cfg as a profile that loads back to an equal config.  Fails for
 * what a profile cannot say (a value with a newline or surrounding blanks,
 * a source path with ':', --pass-fd). */
int sr_profile_print(const struct sr_config *cfg, FILE *out, struct sr_error *err);

#endif
