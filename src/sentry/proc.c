/* Identity and processes: uname, sethostname, personality, and signals. */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/utsname.h>

#include "events.h"
#include "sentry/evqueue.h"
#include "sentry/handlers.h"
#include "sentry/trace.h"

/* The text of /proc/TID/personality ("00000008\n"). */
#define SR_PERSONALITY_READ_MAX 32

/* A task of the sandbox asked for PER_LINUX32: from then on uname reads
 * the caller's personality (a /proc read the common case is spared). */
static atomic_bool sr_linux32_seen;

int sr_handle_personality(struct sr_call *call, struct sr_error *err)
{
	(void)err;
	/* The filter notifies only values it allows (filter.c). */
	if (((unsigned int)call->req->data.args[0] & PER_MASK) == PER_LINUX32)
		atomic_store(&sr_linux32_seen, true);
	return sr_notif_reply_continue(call);
}

/* Whether task `tid` runs with PER_LINUX32, whose uname says i686 (the
 * kernel's override_architecture). */
static bool sr_task_is_linux32(pid_t tid)
{
	char buf[SR_PERSONALITY_READ_MAX];

	if (!atomic_load(&sr_linux32_seen) || sr_task_read(tid, "personality", buf, sizeof(buf)) < 0)
		return false;
	return (strtoul(buf, NULL, 16) & PER_MASK) == PER_LINUX32;
}

/* The kernel's fields but the sandbox's names (the Sentry runs in the
 * host's UTS namespace).  The names are the Sentry's to keep: with
 * allow-sethostname the program changes them here, since it holds no
 * capability to change its UTS namespace, and uname (glibc's
 * gethostname too) answers what it set.  /proc/sys/kernel/hostname
 * keeps the name sentry-run gave the sandbox. */
static struct utsname sr_uname;
static bool sr_uname_ready;
static pthread_mutex_t sr_uname_lock = PTHREAD_MUTEX_INITIALIZER;

/* With sr_uname_lock held. */
static void sr_uname_init_locked(const struct sr_config *cfg)
{
	if (sr_uname_ready)
		return;
	if (uname(&sr_uname) < 0)
		memset(&sr_uname, 0, sizeof(sr_uname));
	memset(sr_uname.nodename, 0, sizeof(sr_uname.nodename));
	sr_strlcpy(sr_uname.nodename, cfg->hostname ? cfg->hostname : SR_DEFAULT_HOSTNAME,
		   sizeof(sr_uname.nodename));
	memset(sr_uname.domainname, 0, sizeof(sr_uname.domainname));
	sr_strlcpy(sr_uname.domainname, "(none)", sizeof(sr_uname.domainname));
	sr_uname_ready = true;
}

int sr_handle_uname(struct sr_call *call, struct sr_error *err)
{
	struct utsname u;

	(void)err;
	pthread_mutex_lock(&sr_uname_lock);
	sr_uname_init_locked(call->sentry->cfg);
	u = sr_uname;
	pthread_mutex_unlock(&sr_uname_lock);
	if (sr_task_is_linux32((pid_t)call->req->pid)) {
		memset(u.machine, 0, sizeof(u.machine));
		sr_strlcpy(u.machine, "i686", sizeof(u.machine));
	}
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
	/* The kernel's bound: __NEW_UTS_LEN, without the NUL. */
	char name[sizeof(sr_uname.nodename)];
	size_t len = (size_t)call->req->data.args[1];
	bool domain = strcmp(call->row->name, "setdomainname") == 0;

	(void)err;
	/* The sandbox's name is set by sentry-run (--hostname) unless the
	 * profile lets the program change it. */
	if (!call->sentry->cfg->allow_sethostname)
		return sr_notif_reply_errno(call, EPERM);
	if (call->req->data.args[1] > sizeof(name) - 1)
		return sr_notif_reply_errno(call, EINVAL);
	memset(name, 0, sizeof(name));
	if (len > 0 && sr_notif_read_bytes(call, call->req->data.args[0], name, len) < 0)
		return errno == ESRCH ? 0 : sr_notif_reply_errno(call, EFAULT);
	if (!sr_notif_id_valid(call))
		return 0;
	pthread_mutex_lock(&sr_uname_lock);
	sr_uname_init_locked(call->sentry->cfg);
	char *field = domain ? sr_uname.domainname : sr_uname.nodename;
	memset(field, 0, sizeof(sr_uname.nodename));
	memcpy(field, name, len);
	pthread_mutex_unlock(&sr_uname_lock);
	return sr_notif_reply_value(call, 0);
}

/* The kernel's _NSIG: the highest signal number. */
#define SR_SIGNAL_MAX 64

/* A "signal" event: `target` is what the call names, a pid (or a
 * process group when negative) for kill and rt_sigqueueinfo, a thread
 * group for tgkill and rt_tgsigqueueinfo, a thread for tkill, the
 * process of the pidfd for pidfd_send_signal. */
static int sr_signal_of(const struct sr_call *call)
{
	/* kill(pid, sig), tkill(tid, sig), rt_sigqueueinfo(pid, sig, info),
	 * pidfd_send_signal(pidfd, sig, info, flags); tgkill(tgid, tid, sig),
	 * rt_tgsigqueueinfo(tgid, tid, sig, info). */
	bool thread_group = strcmp(call->row->name, "tgkill") == 0 ||
			    strcmp(call->row->name, "rt_tgsigqueueinfo") == 0;
	return (int)call->req->data.args[thread_group ? 2 : 1];
}

static void sr_signal_event(struct sr_call *call, int target, bool allowed)
{
	int sig = sr_signal_of(call);
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
	int sig = sr_signal_of(call);
	/* pid 1 is the sandbox's init: only sentry-run signals it.  Signal
	 * 0 (does it exist?) and a number that is no signal (EINVAL) send
	 * nothing: the kernel answers them as under any container's init.
	 * The rest needs no check of ours: pids name only the sandbox's own
	 * processes from inside its pid namespace, and the arguments are
	 * registers, so continuing cannot race (DESIGN §2). */
	bool refused = target == 1 && sig > 0 && sig <= SR_SIGNAL_MAX;

	(void)err;
	if (sr_sentry_events_on())
		sr_signal_event(call, target, !refused);
	if (refused)
		return sr_notif_reply_errno(call, EPERM);
	return sr_notif_reply_continue(call);
}

int sr_handle_pidfd_signal(struct sr_call *call, struct sr_error *err)
{
	(void)err;
	/* The kernel checks and sends it, as it does without --events: the
	 * Sentry only records it.  The fd is read again by the kernel, so
	 * a thread swapping it meanwhile blurs the record, never a
	 * decision; an fd that is no pidfd (a /proc/PID directory) is
	 * recorded with target -1. */
	if (sr_sentry_events_on())
		sr_signal_event(call, sr_task_pidfd_target((pid_t)call->req->pid, (int)call->req->data.args[0]),
				true);
	return sr_notif_reply_continue(call);
}
