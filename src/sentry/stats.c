#include "sentry/stats.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

#include "sentry/table.h"
#include "util.h"

/* Enough for every row of the table (checked when counting). */
#define SR_STATS_ROWS_MAX 512

struct sr_stat {
	atomic_ullong calls, answered, errors, ns;
};

static struct sr_stat sr_stats[SR_STATS_ROWS_MAX];

void sr_stats_count(const struct seccomp_notif *req, const struct seccomp_notif_resp *resp, uint64_t ns)
{
	const struct sr_syscall_row *row = sr_table_by_nr(req->data.nr);

	if (row == NULL)
		return;
	size_t i = (size_t)(row - sr_syscall_rows);
	if (i >= SR_STATS_ROWS_MAX)
		return;
	atomic_fetch_add(&sr_stats[i].calls, 1);
	atomic_fetch_add(&sr_stats[i].ns, ns);
	/* The last reply sent for this request is still in resp. */
	if ((resp->flags & SECCOMP_USER_NOTIF_FLAG_CONTINUE) == 0) {
		atomic_fetch_add(&sr_stats[i].answered, 1);
		if (resp->error != 0)
			atomic_fetch_add(&sr_stats[i].errors, 1);
	}
}

static int sr_stats_by_time(const void *a, const void *b)
{
	unsigned long long ta = atomic_load(&sr_stats[*(const size_t *)a].ns);
	unsigned long long tb = atomic_load(&sr_stats[*(const size_t *)b].ns);

	return ta < tb ? 1 : ta > tb ? -1 : 0;
}

void sr_stats_print(int fd)
{
	size_t order[SR_STATS_ROWS_MAX];
	size_t n = 0;
	unsigned long long total_ns = 0, total_calls = 0;
	char line[256];

	for (size_t i = 0; i < sr_syscall_nrows && i < SR_STATS_ROWS_MAX; i++) {
		if (atomic_load(&sr_stats[i].calls) == 0)
			continue;
		order[n++] = i;
		total_ns += atomic_load(&sr_stats[i].ns);
		total_calls += atomic_load(&sr_stats[i].calls);
	}
	qsort(order, n, sizeof(order[0]), sr_stats_by_time);
	int len = snprintf(line, sizeof(line), "%% time     seconds  usecs/call     calls  answered   kernel    errors syscall\n"
			   "------ ----------- ----------- --------- --------- --------- --------- ----------------\n");
	(void)sr_write_all(fd, line, (size_t)len);
	for (size_t k = 0; k < n; k++) {
		const struct sr_stat *st = &sr_stats[order[k]];
		unsigned long long calls = atomic_load(&st->calls), ns = atomic_load(&st->ns);
		unsigned long long answered = atomic_load(&st->answered);
		len = snprintf(line, sizeof(line), "%6.2f %11.6f %11llu %9llu %9llu %9llu %9llu %s\n",
			       total_ns ? 100.0 * (double)ns / (double)total_ns : 0.0, (double)ns / 1e9,
			       ns / calls / 1000, calls, answered, calls - answered,
			       atomic_load(&st->errors), sr_syscall_rows[order[k]].name);
		if (len > 0)
			(void)sr_write_all(fd, line, (size_t)len < sizeof(line) ? (size_t)len : sizeof(line) - 1);
	}
	len = snprintf(line, sizeof(line), "------ ----------- ----------- --------- --------- --------- --------- ----------------\n"
		       "100.00 %11.6f             %9llu                               total (time in the Sentry)\n",
		       (double)total_ns / 1e9, total_calls);
	(void)sr_write_all(fd, line, (size_t)len);
}
