/* landlock_create_ruleset: the program's own Landlock rulesets.
 *
 * A Landlock domain restricts what its task does itself.  The Gofer
 * opens, stats and changes files for the program, and in --net=host and
 * --net=veth the Sentry connects and binds its sockets: none of those
 * passes through the program's domain.  A ruleset that handles file
 * rights (or, where the Sentry makes the network calls, network rights
 * or the abstract-socket scope) would be created, enforced, and then
 * restrict nothing, while the program believes it is confined.  It is
 * refused instead, with the kernel's answer for a Landlock disabled at
 * boot (EOPNOTSUPP): a program that needs it stops, a best-effort one
 * knows it runs unrestricted.  What the kernel itself enforces (signal
 * scopes; network rights in a namespace of the sandbox's own, where the
 * kernel makes connect and bind) is continued.
 *
 * The attribute is read by the kernel again once continued: a thread of
 * the program that rewrites it meanwhile can only lose the restriction
 * it asked for itself, and gains nothing the mount view does not bound
 * (DESIGN §2). */
#include <errno.h>
#include <string.h>

#include "compat.h"
#include "sentry/handlers.h"

int sr_handle_landlock_ruleset(struct sr_call *call, struct sr_error *err)
{
	const __u64 *args = call->req->data.args;
	struct sr_landlock_ruleset_attr attr;
	uint64_t size = args[1];

	(void)err;
	/* The ABI version and errata queries read no attribute. */
	if (args[2] != 0)
		return sr_notif_reply_continue(call);
	memset(&attr, 0, sizeof(attr));
	/* A size the kernel refuses, or an attribute it cannot read, gets
	 * the kernel's own answer (EINVAL, E2BIG, EFAULT): no ruleset. */
	if (size >= sizeof(attr.handled_access_fs) &&
	    sr_notif_read_bytes(call, args[0], &attr, size < sizeof(attr) ? (size_t)size : sizeof(attr)) < 0) {
		if (errno == ESRCH)
			return 0;
		return sr_notif_reply_continue(call);
	}
	bool lost = attr.handled_access_fs != 0;
	if (sr_config_net_emulated(call->sentry->cfg))
		lost = lost || attr.handled_access_net != 0 || (attr.scoped & LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET);
	if (lost)
		return sr_notif_reply_errno(call, EOPNOTSUPP);
	return sr_notif_reply_continue(call);
}
