/* Landlock scopes for the program (landlock.h). */
#include "landlock.h"

#include <errno.h>
#include <unistd.h>

#include "compat.h"

int sr_landlock_abi(void)
{
	long abi = syscall(SYS_landlock_create_ruleset, NULL, 0, LANDLOCK_CREATE_RULESET_VERSION);

	return abi < 0 ? 0 : (int)abi;
}

int sr_landlock_scope_self(bool *applied, struct sr_error *err)
{
	/* No file system or network right is handled: the mount view and
	 * the Sentry hold those (the program's reopening of its own fds
	 * through /proc/self/fd, which reaches files outside the view,
	 * would not pass a file system ruleset). */
	struct sr_landlock_ruleset_attr attr = {
		.scoped = LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET | LANDLOCK_SCOPE_SIGNAL,
	};

	*applied = false;
	if (sr_landlock_abi() < SR_LANDLOCK_ABI_SCOPES)
		return 0;
	int ruleset = (int)syscall(SYS_landlock_create_ruleset, &attr, sizeof(attr), 0);
	if (ruleset < 0)
		return sr_fail(err, errno, "init: cannot make a Landlock ruleset");
	long rc = syscall(SYS_landlock_restrict_self, ruleset, 0);
	int e = errno;
	close(ruleset);
	if (rc < 0)
		return sr_fail(err, e, "init: cannot enter the Landlock domain");
	*applied = true;
	return 0;
}
