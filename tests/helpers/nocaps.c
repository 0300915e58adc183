/* nocaps PROGRAM [ARG...]: run PROGRAM as Ubuntu's AppArmor restriction
 * of unprivileged user namespaces (23.10 on) leaves it: the namespace is
 * made, but with no capability in it, so mount(2) and the unshare of a
 * cgroup namespace fail with EPERM.  Everything PROGRAM starts inherits
 * the filter. */
#include <errno.h>
#include <sched.h>
#include <seccomp.h>
#include <stdio.h>

#include "filtered-exec.h"

int main(int argc, char **argv)
{
	scmp_filter_ctx ctx;
	int rc;

	if (argc < 2) {
		fprintf(stderr, "usage: nocaps PROGRAM [ARG...]\n");
		return 2;
	}
	ctx = seccomp_init(SCMP_ACT_ALLOW);
	if (ctx == NULL)
		return 1;
	rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(mount), 0);
	if (rc == 0)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(unshare), 1,
				      SCMP_A0_64(SCMP_CMP_MASKED_EQ, CLONE_NEWCGROUP, CLONE_NEWCGROUP));
	return filtered_exec("nocaps", ctx, rc, argv + 1);
}
