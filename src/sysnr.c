#include "sysnr.h"

#include <errno.h>
#include <string.h>

#include "compat.h"

/* The calls newer than the headers, for a libseccomp that does not know
 * their names (compat.h). */
#define NEWER_SYSCALL(name) { #name, SYS_##name },
static const struct {
	const char *name;
	int nr;
} newer_syscalls[] = { SR_NEWER_SYSCALLS(NEWER_SYSCALL) };
#undef NEWER_SYSCALL

int sr_syscall_nr(const char *name)
{
	int nr = seccomp_syscall_resolve_name(name);

	for (size_t i = 0; i < SR_ARRAY_SIZE(newer_syscalls); i++) {
		if (strcmp(newer_syscalls[i].name, name) != 0)
			continue;
		if (nr >= 0 && nr != newer_syscalls[i].nr)
			return -1;
		return newer_syscalls[i].nr;
	}
	return nr < 0 ? -1 : nr;
}

int sr_seccomp_deny_names(scmp_filter_ctx ctx, uint32_t action, const char *const *names, size_t n,
			  struct sr_error *err)
{
	for (size_t i = 0; i < n; i++) {
		int nr = sr_syscall_nr(names[i]);
		if (nr < 0)
			return sr_fail(err, 0, "no number for the system call %s: libseccomp and compat.h do not know it",
				       names[i]);
		int rc = seccomp_rule_add(ctx, action, nr, 0);
		if (rc < 0)
			return sr_fail(err, -rc, "cannot add a rule for %s", names[i]);
	}
	return 0;
}
