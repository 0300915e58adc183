/* Identity and processes: uname, sethostname, and signals. */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/utsname.h>

#include "events.h"
#include "sentry/evqueue.h"
#include "sentry/handlers.h"

#define SR_DEFAULT_HOSTNAME "sentry-run"

/* The kernel's fields but the sandbox's names (the Sentry runs in the
 * host's UTS namespace), computed once: none of them changes while the
 * sandbox runs, as sethostname is refused. */
static struct utsname sr_uname;
static pthread_once_t sr_uname_once = PTHREAD_ONCE_INIT;

static void sr_uname_init(void)
{
	if (uname(&sr_uname) < 0)
		memset(&sr_uname, 0, sizeof(sr_uname));
	memset(sr_uname.domainname, 0, sizeof(sr_uname.domainname));
	sr_strlcpy(sr_uname.domainname, "(none)", sizeof(sr_uname.domainname));
}

int sr_handle_uname(struct sr_call *call, struct sr_error *err)
{
	struct utsname u;
	const char *hostname = call->sentry->cfg->hostname ? call->sentry->cfg->hostname : SR_DEFAULT_HOSTNAME;

	(void)err;
	pthread_once(&sr_uname_once, sr_uname_init);
	u = sr_uname;
	memset(u.nodename, 0, sizeof(u.nodename));
	sr_strlcpy(u.nodename, hostname, sizeof(u.nodename));
	if (call->req->data.args[0] == 0)
		return sr_notif_reply_errno(call, EFAULT);
	/* Invariant 2: the task must still be the one that asked. */
	if (!sr_notif_id_valid(call))
		return 0;
	if (sr_notif_write_bytes(call, call->req->data.args[0], &u, sizeof(u)) < 0)
		return sr_notif_reply_errno(call, errno == ESRCH ? ESRCH : EFAULT);
	return sr_notif_reply_value(call, 0);
}

int sr_handle_sethostname(struct sr_call *call, struct sr_error *err)
{
	(void)err;
	/* The sandbox's name is set by sentry-run (--hostname); PROGRAM holds
	 * no capability to change it.  With allow-sethostname the kernel
	 * decides, which is EPERM unless the profile grants it a capability. */
	if (!call->sentry->cfg->allow_sethostname)
		return sr_notif_reply_errno(call, EPERM);
	return sr_notif_reply_continue(call);
}

/* Which argument is the target process: kill and rt_sigqueueinfo name a
 * pid (or a process group when negative), tgkill and rt_tgsigqueueinfo a
 * thread group, tkill a thread. */
static void sr_signal_event(struct sr_call *call, int target, bool allowed)
{
	/* kill(pid, sig), tkill(tid, sig), rt_sigqueueinfo(pid, sig, info);
	 * tgkill(tgid, tid, sig), rt_tgsigqueueinfo(tgid, tid, sig, info). */
	bool thread_group = strcmp(call->row->name, "tgkill") == 0 ||
			    strcmp(call->row->name, "rt_tgsigqueueinfo") == 0;
	int sig = (int)call->req->data.args[thread_group ? 2 : 1];
	char fields[256];
	size_t len = 0;

	if (sr_json_append(fields, sizeof(fields), &len,
			   "\"syscall\":\"%s\",\"target\":%d,\"signal\":%d,\"decision\":\"%s\"",
			   call->row->name, target, sig, allowed ? "allow" : "deny"))
		sr_event_emit(call, "signal", fields);
}

int sr_handle_kill(struct sr_call *call, struct sr_error *err)
{
	int target = (int)call->req->data.args[0];

	(void)err;
	if (sr_sentry_events_on())
		sr_signal_event(call, target, target != 1);
	/* pid 1 is the sandbox's init: only sentry-run signals it.  The
	 * rest needs no check of ours: pids name only the sandbox's own
	 * processes from inside its pid namespace, and the arguments are
	 * registers, so continuing cannot race (DESIGN §2). */
	if (target == 1)
		return sr_notif_reply_errno(call, EPERM);
	return sr_notif_reply_continue(call);
}
