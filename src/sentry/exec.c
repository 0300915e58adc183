/* execve and execveat: checked, then continued (DESIGN §2).  The kernel
 * re-reads the path, so the check cannot be the boundary: the mount view
 * (read-only, nosuid, noexec binds) and no_new_privs bound whatever a
 * racing thread could swap in.  What the Sentry adds is the Gofer's
 * check of what the path resolves to (the policy's no-exec paths, a
 * file that is absent from the view), and --strace's record. */
#include <fcntl.h>
#include <sys/syscall.h>

#include "events.h"
#include "sentry/evqueue.h"
#include "sentry/handlers.h"

int sr_handle_execve(struct sr_call *call, struct sr_error *err)
{
	const __u64 *args = call->req->data.args;

	(void)err;
	/* execve(path, argv, envp), execveat(dirfd, path, argv, envp, flags) */
	if (call->req->data.nr == __NR_execveat)
		return sr_fs_check_exec(call, (int)args[0], args[1], (uint32_t)args[4]);
	return sr_fs_check_exec(call, AT_FDCWD, args[0], 0);
}
