/* execve and execveat: checked, then continued (DESIGN §2).  The kernel
 * re-reads the path, so the check cannot be the boundary: the mount view
 * (read-only, nosuid binds) and no_new_privs bound whatever a racing
 * thread could swap in.  What the Sentry adds is refusing what is
 * visibly wrong before the kernel runs it, and --strace's record. */
#include <errno.h>
#include <sys/syscall.h>

#include "events.h"
#include "sentry/evqueue.h"
#include "sentry/handlers.h"

int sr_handle_execve(struct sr_call *call, struct sr_error *err)
{
	char path[SR_NOTIF_STRING_MAX];
	/* execve(path, ...) or execveat(dirfd, path, ...) */
	int index = call->req->data.nr == __NR_execveat ? 1 : 0;
	uint64_t addr = call->req->data.args[index];

	(void)err;
	if (sr_notif_read_string(call, addr, path, sizeof(path)) < 0) {
		if (errno == ESRCH)
			return 0;
		return sr_notif_reply_errno(call, errno);
	}
	if (!sr_notif_id_valid(call))
		return 0;
	if (sr_sentry_events_on()) {
		char fields[SR_EVENT_MAX / 2];
		size_t len = 0;
		if (sr_json_append(fields, sizeof(fields), &len, "\"path\":") &&
		    sr_json_string(fields, sizeof(fields), &len, path, sizeof(path)) &&
		    sr_json_append(fields, sizeof(fields), &len, ",\"decision\":\"allow\""))
			sr_event_emit(call, "exec", fields);
	}
	return sr_notif_reply_continue(call);
}
