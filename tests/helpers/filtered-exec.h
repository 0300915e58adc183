/* The test helpers that run a program under a filter of their own
 * (oldkernel, nocaps): load the filter built so far, then become the
 * program, which inherits it with everything it starts. */
#ifndef SENTRY_RUN_TESTS_FILTERED_EXEC_H
#define SENTRY_RUN_TESTS_FILTERED_EXEC_H

#include <errno.h>
#include <seccomp.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

/* `rc` is what building `ctx` returned (0, or a negative errno); `self`
 * names the helper in messages.  Returns only on failure: 1 when the
 * filter is not loaded, 127 when PROGRAM cannot be run. */
static inline int filtered_exec(const char *self, scmp_filter_ctx ctx, int rc, char **program)
{
	if (rc == 0 && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		rc = -errno;
	if (rc == 0)
		rc = seccomp_load(ctx);
	seccomp_release(ctx);
	if (rc < 0) {
		fprintf(stderr, "%s: cannot load the filter: %s\n", self, strerror(-rc));
		return 1;
	}
	execvp(program[0], program);
	fprintf(stderr, "%s: %s: %s\n", self, program[0], strerror(errno));
	return 127;
}

#endif
