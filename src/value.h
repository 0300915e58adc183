/* Strict parsers for the values of profiles and options: a value is taken
 * whole or refused with what was expected.  No sign, no blanks, no
 * trailing junk, no silent wrap-around. */
#ifndef SENTRY_RUN_VALUE_H
#define SENTRY_RUN_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"

/* Longest path a profile may name (PATH_MAX, including the NUL). */
#define SR_VALUE_PATH_MAX 4096

/* A plain decimal count: "0", "1024". */
int sr_parse_count(const char *s, uint64_t *out, struct sr_error *err);
/* The most tasks a pids limit can name: the kernel's PID_MAX_LIMIT,
 * above which pids.max refuses the value (EINVAL). */
#define SR_PIDS_MAX UINT64_C(4194304)
/* A task count for [limits] pids: 2 (init and PROGRAM) to SR_PIDS_MAX
 * (0, "no limit", is the caller's to refuse, in its own words). */
int sr_parse_pids(const char *s, uint64_t *out, struct sr_error *err);
/* A user or group id: 0 to 4294967294 ((uid_t)-1 means "none" to the kernel). */
int sr_parse_id(const char *s, uint32_t *out, struct sr_error *err);
/* Bytes: digits with an optional K, M, G or T suffix (powers of 1024,
 * either case): "4096", "4K", "512M", "2G". */
int sr_parse_size(const char *s, uint64_t *out, struct sr_error *err);
/* Milliseconds from "250ms", "90s", "5m", "1h" or bare seconds "60". */
int sr_parse_duration_ms(const char *s, uint64_t *out, struct sr_error *err);
/* An rlimit value: "unlimited" (UINT64_MAX, config.h's SR_RLIM_UNLIMITED),
 * or a size (is_size) or a count of at most max; UINT64_MAX itself, which
 * would read back as unlimited, is refused. */
int sr_parse_rlimit(const char *s, bool is_size, uint64_t max, uint64_t *out, struct sr_error *err);
/* The largest RLIMIT_FSIZE: the kernel compares it with a file offset as
 * a signed loff_t, so that from 2^63 on every write to a file would fail
 * with SIGXFSZ. */
#define SR_FSIZE_MAX ((uint64_t)INT64_MAX)
/* "50%": 1 up to max_percent (100 per CPU). */
int sr_parse_percent(const char *s, unsigned max_percent, unsigned *out, struct sr_error *err);
/* One of names, whose index goes to *out; refused with the list of them. */
int sr_parse_choice(const char *s, const char *const *names, size_t n, int *out, struct sr_error *err);
/* true/false, yes/no, 1/0. */
int sr_parse_bool(const char *s, bool *out, struct sr_error *err);
/* An absolute path, normalised into out: "//" and "/./" collapse, a
 * trailing "/" goes.  ".." is refused rather than resolved: on a string
 * it would disagree with the kernel wherever a symlink is crossed. */
int sr_parse_abs_path(const char *s, char *out, size_t outsz, struct sr_error *err);

/* The shortest exact spelling that the parsers above read back. */
void sr_format_size(uint64_t bytes, char *out, size_t outsz);
void sr_format_duration_ms(uint64_t ms, char *out, size_t outsz);

#endif
