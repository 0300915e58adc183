/* execve and execveat: checked, then continued (DESIGN §2).  The kernel
 * re-reads the path, so the check cannot be the boundary: the mount view
 * (read-only, nosuid, noexec binds) and no_new_privs bound whatever a
 * racing thread could swap in.  What the Sentry adds is the Gofer's
 * check of what the path resolves to (the policy's no-exec paths, a
 * file that is absent from the view), and --strace's record. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/syscall.h>

#include "events.h"
#include "sentry/evqueue.h"
#include "sentry/handlers.h"

/* How much of argv an exec event records: elements, and bytes of each;
 * the event's own bound comes first for long command lines. */
#define SR_EXEC_ARGV_MAX 256
#define SR_EXEC_ARG_MAX 256

int sr_handle_execve(struct sr_call *call, struct sr_error *err)
{
	const __u64 *args = call->req->data.args;

	(void)err;
	/* execve(path, argv, envp), execveat(dirfd, path, argv, envp, flags) */
	if (call->req->data.nr == __NR_execveat)
		return sr_fs_check_exec(call, (int)args[0], args[1], (uint32_t)args[4], args[2]);
	return sr_fs_check_exec(call, AT_FDCWD, args[0], 0, args[1]);
}

/* One element of argv, cut at SR_EXEC_ARG_MAX bytes (*cut); false when
 * its slot or its string cannot be read. */
static bool exec_read_arg(const struct sr_call *call, uint64_t argv_addr, size_t i, char *arg,
			  size_t size, bool *end, bool *cut)
{
	uint64_t element;

	*end = false;
	*cut = false;
	if (sr_notif_read_bytes(call, argv_addr + i * sizeof(element), &element, sizeof(element)) < 0)
		return false;
	if (element == 0) {
		*end = true;
		return true;
	}
	if (sr_notif_read_string(call, element, arg, size) >= 0)
		return true;
	/* The first bytes of a longer one are kept. */
	*cut = errno == ENAMETOOLONG;
	return *cut;
}

bool sr_exec_argv_json(const struct sr_call *call, uint64_t argv_addr, char *buf, size_t size,
		       size_t *len)
{
	static const char cut_mark[] = ",\"argv_truncated\":true";
	/* Free after each element: the closing bracket and the mark. */
	size_t reserve = 1 + strlen(cut_mark);
	char arg[SR_EXEC_ARG_MAX + 1];
	bool cut = false;

	if (!sr_json_append(buf, size, len, ",\"argv\":["))
		return false;
	/* A NULL argv is an empty one (the kernel's count_strings). */
	for (size_t i = 0; argv_addr != 0; i++) {
		bool end, arg_cut, string_cut;
		if (i == SR_EXEC_ARGV_MAX || !exec_read_arg(call, argv_addr, i, arg, sizeof(arg), &end, &arg_cut)) {
			cut = true;
			break;
		}
		if (end)
			break;
		size_t before = *len;
		if ((i > 0 && !sr_json_append(buf, size, len, ",")) ||
		    !sr_json_string_cut(buf, size, len, arg, sizeof(arg), reserve, &string_cut)) {
			*len = before;
			buf[before] = '\0';
			cut = true;
			break;
		}
		cut = cut || arg_cut;
		if (string_cut) {
			cut = true;
			break;
		}
	}
	return sr_json_append(buf, size, len, "]%s", cut ? cut_mark : "");
}
