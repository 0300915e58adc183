/* oldkernel PROGRAM [ARG...]: run PROGRAM as if on an older kernel (the
 * 5.x and 6.1 that Debian 12 and others ship), by a seccomp filter that
 * answers what those lack as they do: ENOSYS for the calls they do not
 * have, EINVAL for the flags they do not know.  Everything PROGRAM
 * starts inherits the filter, so sentry-run's probes and fallbacks meet
 * the older kernel in every process of the sandbox. */
#include <errno.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <stdio.h>
#include <sys/ioctl.h>

/* PIDFD_THREAD, SECCOMP_IOCTL_NOTIF_SET_FLAGS and the rest that 6.1's
 * headers lack: the project's one definition of each. */
#include "compat.h"
#include "filtered-exec.h"

/* Calls an older kernel does not have, with the release that added them. */
static const char *const absent[] = {
	"landlock_create_ruleset",   /* 5.13 */
	"landlock_add_rule",
	"landlock_restrict_self",
	"fchmodat2",                 /* 6.6 */
	"mount_setattr",             /* 5.12 */
	"close_range",               /* 5.9 */
	"openat2",                   /* 5.6 */
};

int main(int argc, char **argv)
{
	scmp_filter_ctx ctx;
	int rc = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: oldkernel PROGRAM [ARG...]\n");
		return 2;
	}
	ctx = seccomp_init(SCMP_ACT_ALLOW);
	if (ctx == NULL)
		return 1;
	for (size_t i = 0; rc == 0 && i < sizeof(absent) / sizeof(absent[0]); i++) {
		int nr = seccomp_syscall_resolve_name(absent[i]);
		if (nr != __NR_SCMP_ERROR)
			rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), nr, 0);
	}
	/* pidfd_open(PIDFD_THREAD) is 6.9; SECCOMP_IOCTL_NOTIF_SET_FLAGS
	 * (SYNC_WAKE_UP) is 6.6; WAIT_KILLABLE_RECV is 5.19. */
	if (rc == 0)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EINVAL), SCMP_SYS(pidfd_open), 1,
				      SCMP_A1_64(SCMP_CMP_MASKED_EQ, PIDFD_THREAD, PIDFD_THREAD));
	if (rc == 0)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EINVAL), SCMP_SYS(ioctl), 1,
				      SCMP_A1_64(SCMP_CMP_MASKED_EQ, 0xffffffffu, SECCOMP_IOCTL_NOTIF_SET_FLAGS));
	if (rc == 0)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EINVAL), SCMP_SYS(seccomp), 2,
				      SCMP_A0_64(SCMP_CMP_EQ, SECCOMP_SET_MODE_FILTER),
				      SCMP_A1_64(SCMP_CMP_MASKED_EQ, SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV,
						 SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV));
	return filtered_exec("oldkernel", ctx, rc, argv + 1);
}
