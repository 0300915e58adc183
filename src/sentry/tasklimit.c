/* A task's soft resource limits (tasklimit.h). */
#include "sentry/tasklimit.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "sentry/trace.h"
#include "util.h"

/* /proc/TID/limits is about 1.3 KB. */
#define TASKLIMIT_READ_MAX 2048

/* The line of each resource in /proc/TID/limits. */
static const char *tasklimit_key(int resource)
{
	switch (resource) {
	case RLIMIT_NOFILE:
		return "\nMax open files";
	case RLIMIT_FSIZE:
		return "\nMax file size";
	}
	return NULL;
}

/* prlimit needs the task's ids (a program that changed them refuses
 * it); /proc/TID/limits, ten times slower, does not. */
int sr_task_soft_limit(pid_t tid, int resource, uint64_t *limit)
{
	const char *key = tasklimit_key(resource);
	char buf[TASKLIMIT_READ_MAX];
	struct rlimit lim;
	char *end;

	if (key == NULL)
		return -1;
	if (prlimit(tid, (__rlimit_resource_t)resource, NULL, &lim) == 0) {
		*limit = lim.rlim_cur == RLIM_INFINITY ? UINT64_MAX : lim.rlim_cur;
		return 0;
	}
	if (sr_task_read(tid, "limits", buf, sizeof(buf)) < 0)
		return -1;
	const char *line = strstr(buf, key);
	if (line == NULL)
		return -1;
	const char *soft = line + strlen(key);
	soft += strspn(soft, " ");
	if (sr_has_prefix(soft, "unlimited")) {
		*limit = UINT64_MAX;
		return 0;
	}
	errno = 0;
	unsigned long long value = strtoull(soft, &end, 10);
	if (errno != 0 || end == soft)
		return -1;
	*limit = value;
	return 0;
}
