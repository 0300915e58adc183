/* Whether a task has an fd number left (fdtable.h). */
#include "sentry/fdtable.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "sentry/tasklimit.h"
#include "sentry/trace.h"
#include "util.h"

/* One getdents64 of /proc/TID/fd: some 150 entries. */
#define FDTABLE_DENTS_MAX 4096

/* How many fds of the table `dir` lists are numbered below `limit`
 * (having counted `limit`, it stops); -1 when it cannot be listed. */
static int64_t fdtable_count_below(const char *dir, uint64_t limit)
{
	sr_cleanup_close int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	char buf[FDTABLE_DENTS_MAX] __attribute__((aligned(8)));
	uint64_t below = 0;
	long n = 0;

	if (fd < 0)
		return -1;
	while (below < limit && (n = syscall(SYS_getdents64, fd, buf, sizeof(buf))) > 0) {
		for (long off = 0; off < n;) {
			const struct dirent64 *d = (const struct dirent64 *)(buf + off);
			char *end;
			unsigned long long num = strtoull(d->d_name, &end, 10);
			if (end != d->d_name && *end == '\0' && num < limit)
				below++;
			off += d->d_reclen;
		}
	}
	return n < 0 ? -1 : (int64_t)below;
}

bool sr_task_fd_table_full(pid_t tid)
{
	char dir[SR_TASK_PATH_MAX];
	struct stat st;
	uint64_t limit;

	if (sr_task_soft_limit(tid, RLIMIT_NOFILE, &limit) < 0)
		return false;
	/* The Sentry's root is /proc (confine.c).  Since Linux 6.2 the size
	 * of /proc/TID/fd is how many fds are open: fewer than the limit
	 * leave a number below it free, and nothing need be listed.  Before,
	 * it is 0, and the table is listed. */
	snprintf(dir, sizeof(dir), "/%d/fd", (int)tid);
	if (stat(dir, &st) < 0)
		return false;
	if (st.st_size > 0 && (uint64_t)st.st_size < limit)
		return false;
	int64_t below = fdtable_count_below(dir, limit);
	return below >= 0 && (uint64_t)below >= limit;
}
