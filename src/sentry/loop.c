/* The notification loop: threads blocked in SECCOMP_IOCTL_NOTIF_RECV,
 * each dispatching through the table and replying. */
#include <errno.h>
#include <linux/audit.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "compat.h"
#include "events.h"
#include "sentry/evqueue.h"
#include "sentry/filter.h"
#include "sentry/handlers.h"
#include "sentry/sentry.h"
#include "sentry/stats.h"
#include "sentry/trace.h"
#include "sentry/umask.h"

static struct seccomp_notif_sizes sr_sizes;
/* --strace and --stats start with PROGRAM's execve: the hand-over
 * before it is ours. */
static atomic_bool sr_trace_started;

/* A worker thread: its number picks its connection to the Gofer. */
struct sr_worker_args {
	const struct sr_sentry *sentry;
	int index;
};

static void sr_serve_call(struct sr_call *call);

/* Serve one notification on the connection *gofer_sock, which a pause
 * may change; *handed_over says whether the listener went to another
 * worker, before or during the call. */
static void sr_serve(const struct sr_sentry *s, int *gofer_sock, struct seccomp_notif *req,
		     struct seccomp_notif_resp *resp, bool *handed_over, bool must_not_block)
{
	struct sr_call call = {
		.sentry = s, .gofer_sock = *gofer_sock, .req = req, .resp = resp,
		.handed_over = *handed_over, .must_not_block = must_not_block,
	};

	if (!s->cfg->stats) {
		sr_serve_call(&call);
	} else {
		uint64_t t0 = sr_monotonic_ns();
		sr_serve_call(&call);
		/* PROGRAM's calls, as --strace shows them: from its execve. */
		if (atomic_load(&sr_trace_started))
			sr_stats_count(req, resp, sr_monotonic_ns() - t0);
	}
	*handed_over = call.handed_over;
	/* Another one after a pause (sr_call_pause). */
	*gofer_sock = call.gofer_sock;
}

static void sr_serve_call(struct sr_call *call)
{
	const struct sr_sentry *s = call->sentry;
	struct seccomp_notif *req = call->req;
	struct sr_error err = { 0 };
	const struct sr_syscall_row *row = NULL;

	if (req->data.arch == AUDIT_ARCH_X86_64)
		row = sr_table_by_nr(req->data.nr);
	if (row == NULL) {
		/* default-action=log: the filter sends numbers the table does
		 * not know; they fail like on an older kernel. */
		sr_info("pid %u: unknown system call %d refused (ENOSYS)", req->pid, req->data.nr);
		sr_notif_reply_errno(call, ENOSYS);
		return;
	}
	call->row = row;
	if (row->handler == SR_H_EXECVE)
		atomic_store(&sr_trace_started, true);
	call->traced = atomic_load(&sr_trace_started) && sr_trace_wanted(call);
	/* Left uninitialised unless traced: no cost for the others. */
	struct sr_trace_entry trace_entry;
	if (call->traced) {
		call->trace_entry = &trace_entry;
		sr_trace_line(call, false, 0);
		call->started_ns = sr_monotonic_ns();
	}

	int rc = 0;
	struct sr_row_context ctx = sr_filter_row_context(s->cfg);
	enum sr_disposition disp = sr_row_disposition(row, &ctx);
	const char *reason = NULL;
	int refused = sr_filter_refusal(s->cfg, row, &req->data, &reason);
	if (refused != 0) {
		/* Sent here only under --strace, --stats or --events
		 * (filter.c): the same errno as the kernel would give, and a
		 * record of it. */
		char fields[256];
		size_t len = 0;
		if (sr_json_append(fields, sizeof(fields), &len, "\"syscall\":\"%s\",\"errno\":%d,\"reason\":\"%s\"",
				   row->name, refused, reason))
			sr_event_emit(call, "denied", fields);
		rc = sr_notif_reply_errno(call, refused);
	} else if (disp == SR_DISP_EMULATE || disp == SR_DISP_CONTINUE ||
		   (disp == SR_DISP_ALLOW && (sr_row_allowed_with_rules(row, &ctx) || (row->flags & SR_ROW_EVENT)) &&
		    row->handler != SR_H_NONE)) {
		/* An allowed row with argument rules or recorded events and a
		 * handler: the filter notifies some of its calls (filter.c),
		 * the handler says what follows. */
		sr_handler_fn fn = sr_handler_for(row->handler);
		if (fn == NULL)
			rc = sr_fail(&err, 0, "%s: no handler", row->name);
		else
			rc = fn(call, &err);
	} else if ((disp == SR_DISP_ALLOW || disp == SR_DISP_ERRNO) && s->trace_all) {
		/* --strace notifies what the kernel would allow anyway: a
		 * refused row the profile allows, or the half of an
		 * argument-checked row the filter passes. */
		rc = sr_notif_reply_continue(call);
	} else {
		/* KILL rows never reach the Sentry; if one does, the filter and
		 * the table disagree: refuse. */
		rc = sr_fail(&err, 0, "%s: notified against the table", row->name);
	}
	if (rc < 0) {
		sr_warn("Sentry: %s; the call fails with ENOSYS", err.msg);
		if (!call->replied)
			sr_notif_reply_errno(call, ENOSYS);
	}
	/* A handler that returned without a reply means the task went away
	 * under it (invariant 2): nothing to answer. */
}

/* Leader and followers: one worker at a time waits in NOTIF_RECV.  Two
 * waiters would take turns, and every turn would cost the wake-up of a
 * cold thread (DESIGN §4).  A worker whose call may block (a connect)
 * first hands the listener to a follower, or starts one, so that one
 * slow call never stalls the others; one waiting on the Gofer does so
 * when the answer is late (sr_call_hand_over, fs.c).
 *
 * A worker holds one of the SR_SENTRY_WORKERS_MAX connections to the
 * Gofer.  One blocked in a network call needs none, and gives it back
 * for the worker it starts: otherwise 64 connects to a peer that never
 * answers (64 threads of the program) left no worker for any other
 * call of the sandbox.  Back from the call, it takes a free connection
 * again, or ends.  Past SR_SENTRY_BLOCKED_MAX such calls, one more
 * keeps the listener and must not block (call->must_not_block): had it
 * blocked with its connection, 64 more would have left none for a
 * worker, and every call of the sandbox would have waited.  A call that
 * waits for a lease to be broken gives its connection back the same way
 * while it sleeps (sr_call_pause), and needs one again after: an idle
 * follower gives it its own and ends.  It counts among the blocked
 * until it has one, and past SR_SENTRY_BLOCKED_MAX it does not wait. */
static pthread_mutex_t sr_pool_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t sr_pool_cond = PTHREAD_COND_INITIALIZER;
static bool sr_have_leader;
static int sr_followers;
static bool sr_connection_taken[SR_SENTRY_WORKERS_MAX];
/* Workers in a blocking call that gave their connection back. */
static int sr_blocked;
/* Calls back from a pause that wait for a connection. */
static int sr_connections_wanted;
static pthread_cond_t sr_connection_cond = PTHREAD_COND_INITIALIZER;

static void *sr_worker(void *arg);

/* With sr_pool_lock held: a free connection to the Gofer, now taken,
 * or -1.  Two workers must never share one. */
static int sr_take_connection_locked(void)
{
	for (int i = 0; i < SR_SENTRY_WORKERS_MAX; i++) {
		if (!sr_connection_taken[i]) {
			sr_connection_taken[i] = true;
			return i;
		}
	}
	return -1;
}

/* With sr_pool_lock held. */
static void sr_spawn_worker_locked(const struct sr_sentry *s)
{
	pthread_t t;
	pthread_attr_t attr;

	int index = sr_take_connection_locked();

	if (index < 0)
		return;
	struct sr_worker_args *args = malloc(sizeof(*args));
	if (args == NULL) {
		sr_connection_taken[index] = false;
		sr_warn("Sentry: out of memory for a worker thread");
		return;
	}
	*args = (struct sr_worker_args){ .sentry = s, .index = index };
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	pthread_attr_setstacksize(&attr, SR_SENTRY_WORKER_STACK);
	if (pthread_create(&t, &attr, sr_worker, args) != 0) {
		sr_connection_taken[index] = false;
		free(args);
		sr_warn("Sentry: cannot start a worker thread: %s", strerror(errno));
	}
	pthread_attr_destroy(&attr);
}

/* False when the worker gave its connection `index` to a call back
 * from a pause instead, and ends. */
static bool sr_become_leader(int index)
{
	pthread_mutex_lock(&sr_pool_lock);
	while (sr_have_leader) {
		if (sr_connections_wanted > 0) {
			sr_connection_taken[index] = false;
			pthread_cond_signal(&sr_connection_cond);
			pthread_mutex_unlock(&sr_pool_lock);
			return false;
		}
		sr_followers++;
		pthread_cond_wait(&sr_pool_cond, &sr_pool_lock);
		sr_followers--;
	}
	sr_have_leader = true;
	pthread_mutex_unlock(&sr_pool_lock);
	return true;
}

static void sr_hand_over_locked(const struct sr_sentry *s)
{
	sr_have_leader = false;
	if (sr_followers > 0)
		pthread_cond_signal(&sr_pool_cond);
	else
		sr_spawn_worker_locked(s);
}

static void sr_hand_over(const struct sr_sentry *s)
{
	pthread_mutex_lock(&sr_pool_lock);
	sr_hand_over_locked(s);
	pthread_mutex_unlock(&sr_pool_lock);
}

/* With sr_pool_lock held: give the Gofer connection `index` back for a
 * call that may wait long, while fewer than SR_SENTRY_BLOCKED_MAX wait
 * so.  True if it was given back. */
static bool sr_give_back_locked(int index)
{
	if (sr_blocked >= SR_SENTRY_BLOCKED_MAX)
		return false;
	sr_connection_taken[index] = false;
	sr_blocked++;
	return true;
}

/* Before a call that may block: hand the listener over with the Gofer
 * connection `index`.  False when SR_SENTRY_BLOCKED_MAX calls block
 * already: this one keeps both, and must not block. */
static bool sr_hand_over_to_block(const struct sr_sentry *s, int index)
{
	pthread_mutex_lock(&sr_pool_lock);
	bool give_back = sr_give_back_locked(index);
	if (give_back)
		sr_hand_over_locked(s);
	pthread_mutex_unlock(&sr_pool_lock);
	return give_back;
}

/* After that call: a connection again, or -1 (the worker ends). */
static int sr_back_from_block(void)
{
	pthread_mutex_lock(&sr_pool_lock);
	sr_blocked--;
	int index = sr_take_connection_locked();
	pthread_mutex_unlock(&sr_pool_lock);
	return index;
}

void sr_call_hand_over(struct sr_call *call)
{
	if (call->handed_over)
		return;
	sr_hand_over(call->sentry);
	call->handed_over = true;
}

static int sr_connection_index(const struct sr_sentry *s, int gofer_sock)
{
	for (int i = 0; i < SR_SENTRY_WORKERS_MAX; i++)
		if (s->gofer_socks[i] == gofer_sock)
			return i;
	sr_die(SR_EXIT_FAILURE, "Sentry: a call holds no connection to the Gofer");
}

bool sr_call_pause(struct sr_call *call, long usec)
{
	const struct sr_sentry *s = call->sentry;
	const struct timespec pause = { .tv_sec = usec / 1000000L, .tv_nsec = usec % 1000000L * 1000L };
	int index = sr_connection_index(s, call->gofer_sock);

	pthread_mutex_lock(&sr_pool_lock);
	bool give_back = sr_give_back_locked(index);
	if (give_back && !call->handed_over) {
		sr_hand_over_locked(s);
		call->handed_over = true;
	}
	pthread_mutex_unlock(&sr_pool_lock);
	if (!give_back)
		return false;
	nanosleep(&pause, NULL);
	/* Still counted among the blocked while it waits for a connection:
	 * it holds a thread, and SR_SENTRY_BLOCKED_MAX bounds them. */
	pthread_mutex_lock(&sr_pool_lock);
	while ((index = sr_take_connection_locked()) < 0) {
		sr_connections_wanted++;
		pthread_cond_broadcast(&sr_pool_cond);
		pthread_cond_wait(&sr_connection_cond, &sr_pool_lock);
		sr_connections_wanted--;
	}
	sr_blocked--;
	pthread_mutex_unlock(&sr_pool_lock);
	call->gofer_sock = s->gofer_socks[index];
	return true;
}

/* Workers inside a call.  A call's last event (an open's, a connect's)
 * and its --strace exit line may follow its reply: the program may have
 * exited meanwhile, and the worker that sees the listener hang up waits
 * for them before the Sentry exits. */
static atomic_int sr_serving;

static void sr_wait_served(int timeout_ms)
{
	const struct timespec step = { .tv_nsec = 1000000L };

	for (int waited = 0; atomic_load(&sr_serving) > 0 && waited < timeout_ms; waited++)
		nanosleep(&step, NULL);
}

static bool sr_call_may_block(const struct seccomp_notif *req)
{
	const struct sr_syscall_row *row = sr_table_by_nr(req->data.nr);

	return row != NULL && sr_handler_may_block(row->handler);
}

/* Serve notifications with the Gofer connection `index`, until the
 * worker gives its connection up. */
static void sr_work(const struct sr_sentry *s, int index)
{
	struct seccomp_notif *req = calloc(1, sr_sizes.seccomp_notif);
	struct seccomp_notif_resp *resp = calloc(1, sr_sizes.seccomp_notif_resp);

	if (req == NULL || resp == NULL)
		sr_die(SR_EXIT_FAILURE, "Sentry: out of memory");
	/* A umask of its own: a unix bind creates its socket file under the
	 * binder's umask, and the worker takes the program's for it (net.c);
	 * two workers binding for programs of different umasks must not mix
	 * them.  The copy keeps the root, /proc. */
	if (unshare(CLONE_FS) < 0)
		sr_die(SR_EXIT_FAILURE, "Sentry: a worker cannot take an fs_struct of its own (unshare(CLONE_FS)): %s",
		       strerror(errno));
	if (!sr_become_leader(index))
		goto out;
	for (;;) {
		memset(req, 0, sr_sizes.seccomp_notif);
		if (ioctl(s->listener, SECCOMP_IOCTL_NOTIF_RECV, req) < 0) {
			if (errno == EINTR)
				continue;
			if (errno == ENOENT) {
				/* A task died before we read its call, or none is
				 * left: then the listener hangs up and we are done. */
				struct pollfd pfd = { .fd = s->listener, .events = POLLIN };
				if (poll(&pfd, 1, -1) > 0 && (pfd.revents & POLLHUP)) {
					sr_wait_served(SR_SENTRY_FLUSH_MS);
					if (s->cfg->stats)
						sr_stats_print(STDERR_FILENO);
					sr_sentry_events_flush(SR_SENTRY_FLUSH_MS);
					_exit(0);
				}
				continue;
			}
			sr_die(SR_EXIT_FAILURE, "Sentry: cannot receive notifications: %s", strerror(errno));
		}
		sr_umask_task_seen((pid_t)req->pid);
		bool may_block = sr_call_may_block(req);
		bool gave_back = may_block && sr_hand_over_to_block(s, index);
		bool handed_over = gave_back;
		int gofer_sock = gave_back ? -1 : s->gofer_socks[index];
		atomic_fetch_add(&sr_serving, 1);
		sr_serve(s, &gofer_sock, req, resp, &handed_over, may_block && !gave_back);
		atomic_fetch_sub(&sr_serving, 1);
		if (gave_back && (index = sr_back_from_block()) < 0)
			break;
		/* A pause may have changed it (sr_call_pause). */
		if (!gave_back && gofer_sock != s->gofer_socks[index])
			index = sr_connection_index(s, gofer_sock);
		if (handed_over && !sr_become_leader(index))
			break;
	}
out:
	free(req);
	free(resp);
}

static void *sr_worker(void *arg)
{
	struct sr_worker_args args = *(struct sr_worker_args *)arg;

	free(arg);
	sr_work(args.sentry, args.index);
	return NULL;
}

/* SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP (Linux 6.6) keeps the program's
 * wake-up on the Sentry's CPU; SENTRY_RUN_SYNC_WAKEUP=0 turns it off so
 * that bench/run can compare. */
static bool sr_enable_sync_wakeup(int listener)
{
	const char *env = getenv("SENTRY_RUN_SYNC_WAKEUP");

	if (env != NULL && strcmp(env, "0") == 0)
		return false;
	return ioctl(listener, SECCOMP_IOCTL_NOTIF_SET_FLAGS, SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP, 0) == 0;
}

__attribute__((noreturn))
static void sr_sentry_main(struct sr_sentry *s)
{
	struct sr_error err = { 0 };

	if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0)
		sr_die(SR_EXIT_FAILURE, "Sentry: PR_SET_PDEATHSIG: %s", strerror(errno));
	if (prctl(PR_SET_NAME, "sentry", 0, 0, 0) < 0)
		sr_die(SR_EXIT_FAILURE, "Sentry: PR_SET_NAME: %s", strerror(errno));
	/* Blocked sends hold the fds they pass (net.c), up to 253 each:
	 * all the room the caller may give. */
	struct rlimit files;
	if (getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max) {
		files.rlim_cur = files.rlim_max;
		if (setrlimit(RLIMIT_NOFILE, &files) < 0)
			sr_debug("Sentry: cannot raise its open files limit: %s", strerror(errno));
	}
	if (syscall(SYS_seccomp, SECCOMP_GET_NOTIF_SIZES, 0, &sr_sizes) < 0)
		sr_die(SR_EXIT_FAILURE, "Sentry: SECCOMP_GET_NOTIF_SIZES: %s", strerror(errno));
	/* The kernel may know larger records than our headers; never smaller. */
	if (sr_sizes.seccomp_notif < sizeof(struct seccomp_notif) ||
	    sr_sizes.seccomp_notif_resp < sizeof(struct seccomp_notif_resp))
		sr_die(SR_EXIT_FAILURE, "Sentry: the kernel's notification records are smaller than expected");
	if (sr_table_init() < 0)
		sr_die(SR_EXIT_FAILURE, "Sentry: cannot map the syscall table to numbers");
	struct timeval patience = { .tv_usec = SR_SENTRY_GOFER_PATIENCE_US };
	for (size_t i = 0; i < SR_SENTRY_WORKERS_MAX; i++)
		if (setsockopt(s->gofer_socks[i], SOL_SOCKET, SO_RCVTIMEO, &patience, sizeof(patience)) < 0)
			sr_die(SR_EXIT_FAILURE, "Sentry: cannot set the Gofer's receive timeout: %s",
			       strerror(errno));
	s->sync_wakeup = sr_enable_sync_wakeup(s->listener);
	struct sr_filter_features features;
	sr_filter_probe_features(&features);
	s->wait_killable_recv = features.wait_killable_recv;
	if (s->sync_wakeup)
		sr_debug("Sentry: synchronous wake-up on");
	else
		sr_info("Sentry: synchronous wake-up off (SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP, Linux 6.6)");
	int rc = sr_sentry_confine(s->userns_fd, &err);
	/* Nothing to serve: 0 tells the launcher so (sr_supervise). */
	if (rc == SR_CONFINE_PROGRAM_GONE)
		_exit(0);
	if (rc < 0 || sr_sentry_events_start(&s->events, s->sandbox_id, &err) < 0)
		sr_die_error(SR_EXIT_FAILURE, &err);
	/* The main thread is the first worker: until a call hands the
	 * listener over, the Sentry is one thread, and then the kernel
	 * takes no reference on the listener for each ioctl (fdget on an
	 * fd table no other thread shares).  Unless the caller's stack
	 * limit gives it less room than a worker thread has. */
	struct rlimit stack;
	bool main_works = getrlimit(RLIMIT_STACK, &stack) == 0 &&
			  (stack.rlim_cur == RLIM_INFINITY || stack.rlim_cur >= SR_SENTRY_WORKER_STACK);
	pthread_mutex_lock(&sr_pool_lock);
	if (main_works) {
		int index = sr_take_connection_locked();
		pthread_mutex_unlock(&sr_pool_lock);
		sr_work(s, index);
	} else {
		sr_spawn_worker_locked(s);
		pthread_mutex_unlock(&sr_pool_lock);
	}
	/* The workers exit the process when the listener goes away, and
	 * the launcher kills it at the end. */
	for (;;)
		pause();
}

int sr_sentry_start(const struct sr_config *cfg, int listener, bool landlock_scoped, int strace_fd, int userns_fd,
		    const struct sr_events_sink *events, const char *sandbox_id, const int *gofer_socks, pid_t *pid,
		    struct sr_error *err)
{
	static struct sr_sentry sentry;
	int keep[4 + SR_SENTRY_WORKERS_MAX];
	size_t nkeep = 0;

	sentry.cfg = cfg;
	sentry.listener = listener;
	sentry.landlock_scoped = landlock_scoped;
	sentry.trace_all = sr_config_notify_all(cfg);
	sentry.strace_fd = strace_fd;
	sentry.userns_fd = userns_fd;
	sentry.events = *events;
	sr_strlcpy(sentry.sandbox_id, sandbox_id, sizeof(sentry.sandbox_id));
	memcpy(sentry.gofer_socks, gofer_socks, sizeof(sentry.gofer_socks));
	keep[nkeep++] = listener;
	keep[nkeep++] = userns_fd;
	if (strace_fd >= 0)
		keep[nkeep++] = strace_fd;
	if (events->fd >= 0)
		keep[nkeep++] = events->fd;
	for (size_t i = 0; i < SR_SENTRY_WORKERS_MAX; i++)
		keep[nkeep++] = gofer_socks[i];
	*pid = sr_fork_signals_blocked();
	if (*pid < 0)
		return sr_fail(err, errno, "cannot start the Sentry");
	if (*pid == 0) {
		/* Signals stay blocked (sr_fork_signals_blocked): they are the
		 * launcher's business, and the Sentry's threads must never be
		 * interrupted by a forwarded one. */
		if (sr_close_fds_except(keep, nkeep) < 0)
			sr_die(SR_EXIT_FAILURE, "Sentry: cannot close fds: %s", strerror(errno));
		sr_sentry_main(&sentry);
	}
	return 0;
}
