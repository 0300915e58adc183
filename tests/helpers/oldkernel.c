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

/* Calls an older kernel does not have, with the release that added them;
 * by number (compat.h), since libseccomp may not know the newer names. */
static const int absent[] = {
	SYS_landlock_create_ruleset,   /* 5.13 */
	SYS_landlock_add_rule,
	SYS_landlock_restrict_self,
	SYS_mount_setattr,             /* 5.12 */
	SYS_close_range,               /* 5.9 */
	SYS_openat2,                   /* 5.6 */
	SYS_cachestat,                 /* 6.5 */
	SYS_fchmodat2,                 /* 6.6 */
	SYS_map_shadow_stack,
	SYS_futex_wake,                /* 6.7 */
	SYS_futex_wait,
	SYS_futex_requeue,
	SYS_statmount,                 /* 6.8 */
	SYS_listmount,
	SYS_lsm_get_self_attr,
	SYS_lsm_set_self_attr,
	SYS_lsm_list_modules,
	SYS_mseal,                     /* 6.10 */
	SYS_setxattrat,                /* 6.13 */
	SYS_getxattrat,
	SYS_listxattrat,
	SYS_removexattrat,
	SYS_open_tree_attr,            /* 6.15 */
	SYS_file_getattr,              /* 6.17 */
	SYS_file_setattr,
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
	for (size_t i = 0; rc == 0 && i < sizeof(absent) / sizeof(absent[0]); i++)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), absent[i], 0);
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
