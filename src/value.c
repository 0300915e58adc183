#include "value.h"

#include <stdio.h>
#include <string.h>

#define KIB UINT64_C(1024)

struct unit {
	const char *suffix;
	uint64_t factor;
};

/* Largest first, so that formatting picks the shortest spelling. */
static const struct unit size_units[] = {
	{ "T", KIB * KIB * KIB * KIB }, { "G", KIB * KIB * KIB },
	{ "M", KIB * KIB }, { "K", KIB },
	{ "t", KIB * KIB * KIB * KIB }, { "g", KIB * KIB * KIB },
	{ "m", KIB * KIB }, { "k", KIB },
};

/* Digits of a duration's fraction that count: nanoseconds, as timeout(1). */
#define DURATION_FRACTION_SCALE UINT64_C(1000000000)

static const struct unit duration_units[] = {
	{ "d", UINT64_C(86400000) }, { "h", UINT64_C(3600000) }, { "m", UINT64_C(60000) },
	{ "s", UINT64_C(1000) }, { "ms", UINT64_C(1) },
};

/* Leading decimal digits of s into *out; *end is left after them. */
static int parse_digits(const char *s, const char **end, uint64_t *out,
			const char *expected, struct sr_error *err)
{
	uint64_t v = 0;
	const char *p = s;

	if (*p == '-')
		return sr_fail(err, 0, "negative values are not allowed: expected %s", expected);
	if (*p < '0' || *p > '9')
		return sr_fail(err, 0, "expected %s", expected);
	for (; *p >= '0' && *p <= '9'; p++) {
		unsigned digit = (unsigned)(*p - '0');
		if (v > (UINT64_MAX - digit) / 10)
			return sr_fail(err, 0, "value too large: expected %s", expected);
		v = v * 10 + digit;
	}
	*end = p;
	*out = v;
	return 0;
}

static int scale(uint64_t v, uint64_t factor, uint64_t *out, const char *expected,
		 struct sr_error *err)
{
	if (factor != 0 && v > UINT64_MAX / factor)
		return sr_fail(err, 0, "value too large: expected %s", expected);
	*out = v * factor;
	return 0;
}

int sr_parse_count(const char *s, uint64_t *out, struct sr_error *err)
{
	static const char expected[] = "a whole number such as 1024";
	const char *end;

	if (parse_digits(s, &end, out, expected, err) < 0)
		return -1;
	if (*end != '\0')
		return sr_fail(err, 0, "trailing '%s': expected %s", end, expected);
	return 0;
}

int sr_parse_pids(const char *s, uint64_t *out, struct sr_error *err)
{
	if (sr_parse_count(s, out, err) < 0)
		return -1;
	if (*out > SR_PIDS_MAX)
		return sr_fail(err, 0, "%s is out of range: expected 2 to %llu tasks (the kernel's largest pid)",
			       s, (unsigned long long)SR_PIDS_MAX);
	/* With the cgroup, init could not even fork PROGRAM. */
	if (*out == 1)
		return sr_fail(err, 0, "%s is out of range: expected 2 to %llu tasks (the sandbox's init is one "
			       "of them)", s, (unsigned long long)SR_PIDS_MAX);
	return 0;
}

int sr_parse_id(const char *s, uint32_t *out, struct sr_error *err)
{
	static const char expected[] = "a numeric id from 0 to 4294967294";
	uint64_t v;

	if (sr_parse_count(s, &v, err) < 0)
		return sr_fail(err, 0, "expected %s", expected);
	if (v >= UINT32_MAX)
		return sr_fail(err, 0, "%s is out of range: expected %s", s, expected);
	*out = (uint32_t)v;
	return 0;
}

int sr_parse_size(const char *s, uint64_t *out, struct sr_error *err)
{
	static const char expected[] = "a size such as 4096, 64K, 512M or 2G";
	const char *end;
	uint64_t v;

	if (parse_digits(s, &end, &v, expected, err) < 0)
		return -1;
	if (*end == '\0') {
		*out = v;
		return 0;
	}
	for (size_t i = 0; i < SR_ARRAY_SIZE(size_units); i++)
		if (strcmp(end, size_units[i].suffix) == 0)
			return scale(v, size_units[i].factor, out, expected, err);
	return sr_fail(err, 0, "unknown suffix '%s': expected %s", end, expected);
}

/* As timeout(1) takes it: N[.N] with a unit s, m, h or d (bare seconds),
 * and ms besides.  What is finer than a millisecond is rounded up, so that
 * a duration above 0 never becomes 0. */
int sr_parse_duration_ms(const char *s, uint64_t *out, struct sr_error *err)
{
	static const char expected[] = "write N[.N][s|m|h|d] (such as 0.5, 90s, 1.5m or 1d), or N[.N]ms";
	uint64_t whole = 0, frac = 0, frac_scale = 1, factor = 1000;
	bool digits = false, finer = false;
	const char *p = s;

	if (*p == '-')
		return sr_fail(err, 0, "negative values are not allowed: %s", expected);
	for (; *p >= '0' && *p <= '9'; p++, digits = true) {
		unsigned digit = (unsigned)(*p - '0');
		if (whole > (UINT64_MAX - digit) / 10)
			return sr_fail(err, 0, "value too large: %s", expected);
		whole = whole * 10 + digit;
	}
	if (*p == '.') {
		for (p++; *p >= '0' && *p <= '9'; p++, digits = true) {
			if (frac_scale < DURATION_FRACTION_SCALE) {
				frac = frac * 10 + (uint64_t)(*p - '0');
				frac_scale *= 10;
			} else if (*p != '0') {
				finer = true;
			}
		}
	}
	if (!digits)
		return sr_fail(err, 0, "not a duration: %s", expected);
	if (*p != '\0') {
		size_t i = 0;
		while (i < SR_ARRAY_SIZE(duration_units) && strcmp(p, duration_units[i].suffix) != 0)
			i++;
		if (i == SR_ARRAY_SIZE(duration_units))
			return sr_fail(err, 0, "unknown unit '%s': %s", p, expected);
		factor = duration_units[i].factor;
	}
	/* frac < 10^9 and factor <= 86400000: the product fits. */
	uint64_t part = frac * factor;
	uint64_t frac_ms = part / frac_scale + (part % frac_scale != 0 || finer ? 1 : 0);
	if (whole > (UINT64_MAX - frac_ms) / factor)
		return sr_fail(err, 0, "value too large: %s", expected);
	*out = whole * factor + frac_ms;
	return 0;
}

int sr_parse_rlimit(const char *s, bool is_size, uint64_t max, uint64_t *out, struct sr_error *err)
{
	struct sr_error inner;
	uint64_t v;

	if (strcmp(s, "unlimited") == 0) {
		*out = UINT64_MAX;
		return 0;
	}
	if ((is_size ? sr_parse_size(s, &v, &inner) : sr_parse_count(s, &v, &inner)) < 0)
		return sr_fail(err, 0, "%s, or unlimited", inner.msg);
	if (v == UINT64_MAX)
		return sr_fail(err, 0, "value too large: write 'unlimited'");
	if (v > max)
		return sr_fail(err, 0, "value too large: at most %llu, or unlimited", (unsigned long long)max);
	*out = v;
	return 0;
}

int sr_parse_percent(const char *s, unsigned max_percent, unsigned *out, struct sr_error *err)
{
	static const char expected[] = "a percentage such as 50% (100% is one CPU)";
	const char *end;
	uint64_t v;

	if (parse_digits(s, &end, &v, expected, err) < 0)
		return -1;
	if (strcmp(end, "%") != 0)
		return sr_fail(err, 0, "expected %s", expected);
	if (v < 1 || v > max_percent)
		return sr_fail(err, 0, "%s is out of range: expected 1%% to %u%% (100%% per CPU)",
			       s, max_percent);
	*out = (unsigned)v;
	return 0;
}

int sr_parse_choice(const char *s, const char *const *names, size_t n, int *out, struct sr_error *err)
{
	char list[SR_ERROR_MAX] = "";
	size_t used = 0;

	for (size_t i = 0; i < n; i++) {
		if (strcmp(s, names[i]) == 0) {
			*out = (int)i;
			return 0;
		}
		int w = snprintf(list + used, sizeof(list) - used, "%s%s",
				 i == 0 ? "" : i + 1 == n ? " or " : ", ", names[i]);
		if (w > 0 && (size_t)w < sizeof(list) - used)
			used += (size_t)w;
	}
	return sr_fail(err, 0, "expected %s", list);
}

int sr_parse_bool(const char *s, bool *out, struct sr_error *err)
{
	static const char *const yes[] = { "true", "yes", "1" };
	static const char *const no[] = { "false", "no", "0" };

	for (size_t i = 0; i < SR_ARRAY_SIZE(yes); i++) {
		if (strcmp(s, yes[i]) == 0) {
			*out = true;
			return 0;
		}
		if (strcmp(s, no[i]) == 0) {
			*out = false;
			return 0;
		}
	}
	return sr_fail(err, 0, "expected true, false, yes, no, 1 or 0");
}

int sr_parse_abs_path(const char *s, char *out, size_t outsz, struct sr_error *err)
{
	size_t n = 0;
	const char *p = s;

	if (s[0] != '/')
		return sr_fail(err, 0, "expected an absolute path (starting with /)");
	if (outsz < 2)
		return sr_fail(err, 0, "path too long");
	/* Copy component by component: each is written as "/NAME". */
	while (*p != '\0') {
		while (*p == '/')
			p++;
		const char *start = p;
		while (*p != '\0' && *p != '/')
			p++;
		size_t len = (size_t)(p - start);
		if (len == 0 || (len == 1 && start[0] == '.'))
			continue;
		if (len == 2 && start[0] == '.' && start[1] == '.')
			return sr_fail(err, 0, "'..' is not allowed in a path: name the directory itself");
		if (n + 1 + len + 1 > outsz)
			return sr_fail(err, 0, "path too long: at most %zu bytes", outsz - 1);
		out[n++] = '/';
		memcpy(out + n, start, len);
		n += len;
	}
	if (n == 0)
		out[n++] = '/';
	out[n] = '\0';
	return 0;
}

static void format_scaled(uint64_t v, const struct unit *units, size_t nunits,
			  const char *bare, char *out, size_t outsz)
{
	for (size_t i = 0; i < nunits && v != 0; i++) {
		if (v % units[i].factor == 0) {
			snprintf(out, outsz, "%llu%s",
				 (unsigned long long)(v / units[i].factor), units[i].suffix);
			return;
		}
	}
	snprintf(out, outsz, "%llu%s", (unsigned long long)v, bare);
}

void sr_format_size(uint64_t bytes, char *out, size_t outsz)
{
	/* Only the upper-case half of the table: one spelling per unit. */
	format_scaled(bytes, size_units, SR_ARRAY_SIZE(size_units) / 2, "", out, outsz);
}

void sr_format_duration_ms(uint64_t ms, char *out, size_t outsz)
{
	format_scaled(ms, duration_units, SR_ARRAY_SIZE(duration_units), "ms", out, outsz);
}
