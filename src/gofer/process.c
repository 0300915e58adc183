/* The Gofer process: start, confinement, and a thread per connection.
 *
 * Its confinement (DESIGN §3 invariant 3):
 *  - the sandbox's user and mount namespaces, joined with setns(2) on
 *    PROGRAM's pidfd: its root is the sandbox's root, so the host's tree
 *    (detached by init's pivot_root) is out of reach whatever it opens;
 *    and its network, ipc and uts namespaces, whose /proc files the
 *    kernel answers for their opener's (/proc/sys/net lists the
 *    interfaces, /proc/sysvipc the System V objects): not its pid one;
 *  - every capability dropped there, and the caller's uid and gid, which
 *    the sandbox maps to the program's ([sandbox] uid=, gid=, or the
 *    same ids): the program's credentials;
 *  - not dumpable, no_new_privs, and a seccomp filter of its own that
 *    kills it on any call that touches another process (ptrace,
 *    pidfd_getfd, process_vm_*, kill), runs a program, makes a socket or
 *    changes its namespaces or mounts.
 * No Landlock ruleset: a Landlock domain may not reach processes outside
 * it (ptrace_may_access, which /proc/PID/cwd, fd/N and exe and
 * hidepid=invisible all ask), so it would cost the Gofer /proc/self,
 * while its root already is exactly the profile's view, with read-only
 * binds read-only in the kernel. */
#include "gofer/process.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <seccomp.h>
#include <signal.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "compat.h"
#include "gofer/serve.h"
#include "sandbox.h"
#include "sysnr.h"

/* A serving thread keeps a request, a reply and two resolved paths on
 * its stack. */
#define SR_GOFER_THREAD_STACK (256 * 1024)

/* What the Gofer never needs: other processes, programs, sockets,
 * namespaces and mounts, identities, the kernel itself. */
static const char *const sr_gofer_forbidden[] = {
	"ptrace", "pidfd_getfd", "pidfd_open", "pidfd_send_signal", "process_vm_readv",
	"process_vm_writev", "process_madvise", "kcmp", "kill", "tkill", "tgkill",
	"rt_sigqueueinfo", "rt_tgsigqueueinfo", "execve", "execveat",
	"socket", "socketpair", "connect", "bind", "listen", "accept", "accept4",
	"mount", "umount2", "pivot_root", "chroot", "setns", "fsopen", "fsmount", "fsconfig",
	"fspick", "move_mount", "open_tree", "open_tree_attr", "mount_setattr", "open_by_handle_at",
	"name_to_handle_at", "bpf", "perf_event_open", "io_uring_setup", "io_uring_enter",
	"io_uring_register", "kexec_load", "kexec_file_load", "init_module", "finit_module",
	"delete_module", "keyctl", "add_key", "request_key", "userfaultfd", "setuid", "setgid",
	"setreuid", "setregid", "setresuid", "setresgid", "setgroups", "setfsuid", "setfsgid",
	"capset", "personality", "swapon", "swapoff", "reboot", "acct", "seccomp", "lsm_set_self_attr",
};

/* New namespaces in clone: a fresh user namespace needs no capability. */
static const int sr_gofer_clone_ns_flags[] = {
	CLONE_NEWUSER, CLONE_NEWNS, CLONE_NEWPID, CLONE_NEWNET, CLONE_NEWUTS, CLONE_NEWIPC,
	CLONE_NEWCGROUP,
};

static int sr_gofer_seccomp(struct sr_error *err)
{
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
	int rc;

	if (ctx == NULL)
		return sr_fail(err, ENOMEM, "Gofer: seccomp_init");
	rc = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS);
	if (rc == 0 && sr_seccomp_deny_names(ctx, SCMP_ACT_KILL_PROCESS, sr_gofer_forbidden,
					     SR_ARRAY_SIZE(sr_gofer_forbidden), err) < 0) {
		seccomp_release(ctx);
		return sr_error_wrap(err, "Gofer: its own seccomp filter");
	}
	for (size_t i = 0; rc == 0 && i < SR_ARRAY_SIZE(sr_gofer_clone_ns_flags); i++) {
		uint64_t flag = (uint64_t)sr_gofer_clone_ns_flags[i];
		rc = seccomp_rule_add(ctx, SCMP_ACT_KILL_PROCESS, SCMP_SYS(clone), 1,
				      SCMP_A0_64(SCMP_CMP_MASKED_EQ, flag, flag));
	}
	/* clone3's flags are behind a pointer: glibc falls back to clone. */
	if (rc == 0)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0);
	/* Each serving thread takes a cwd of its own (serve.h); nothing else. */
	if (rc == 0)
		rc = seccomp_rule_add(ctx, SCMP_ACT_KILL_PROCESS, SCMP_SYS(unshare), 1,
				      SCMP_A0_64(SCMP_CMP_NE, (uint64_t)CLONE_FS));
	if (rc == 0)
		rc = seccomp_load(ctx);
	seccomp_release(ctx);
	if (rc < 0)
		return sr_fail(err, -rc, "Gofer: cannot load its own seccomp filter");
	return 0;
}

/* 0, -1 with `err`, or SR_CONFINE_PROGRAM_GONE (util.h). */
static int sr_gofer_confine(const struct sr_config *cfg, int program_pidfd, struct sr_error *err)
{
	/* One step for all: the others belong to the user one. */
	if (setns(program_pidfd, sr_sandbox_namespaces(cfg) & ~(unsigned long)CLONE_NEWPID) < 0) {
		if (errno == ESRCH)
			return SR_CONFINE_PROGRAM_GONE;
		return sr_fail(err, errno, "Gofer: cannot join the sandbox's namespaces");
	}
	close(program_pidfd);
	if (chdir("/") < 0)
		return sr_fail(err, errno, "Gofer: chdir to the sandbox's root");
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return sr_fail(err, errno, "Gofer: PR_SET_NO_NEW_PRIVS");
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
		return sr_fail(err, errno, "Gofer: PR_SET_DUMPABLE");
	if (sr_drop_capabilities(-1, err) < 0)
		return sr_error_wrap(err, "Gofer");
	return sr_gofer_seccomp(err);
}

/* The policy of the view as init built it: the plan's mounts (the bind
 * of the caller's cwd among them, and a top-level symlink such as /bin
 * as a read-only entry), with the profile's hide and noexec lists. */
static int sr_gofer_policy(const struct sr_config *cfg, const struct sr_mount_plan *plan,
			   struct sr_policy *policy, struct sr_error *err)
{
	struct sr_config view = *cfg;
	sr_cleanup_free struct sr_mount_spec *mounts = calloc(plan->len + 1, sizeof(*mounts));
	size_t n = 0;

	if (mounts == NULL)
		return sr_fail(err, ENOMEM, "out of memory");
	for (size_t i = 0; i < plan->len; i++) {
		const struct sr_plan_entry *e = &plan->entries[i];
		enum sr_mount_kind kind;
		/* A bind's host path: where two binds show the same files. */
		char *source = e->kind == SR_PLAN_BIND ? e->source : NULL;
		switch (e->kind) {
		case SR_PLAN_BIND:
			kind = e->writable ? SR_MOUNT_RW : SR_MOUNT_RO;
			break;
		case SR_PLAN_TMPFS:
			kind = SR_MOUNT_TMPFS;
			break;
		case SR_PLAN_OVERLAY:
			kind = SR_MOUNT_OVERLAY;
			break;
		case SR_PLAN_SYMLINK:
			kind = SR_MOUNT_RO;
			break;
		default:
			/* /dev and /proc: the policy's own entries. */
			continue;
		}
		mounts[n++] = (struct sr_mount_spec){ .kind = kind, .source = source, .dest = e->dest };
	}
	view.mounts = mounts;
	view.nmounts = n;
	return sr_policy_build(&view, policy, err);
}

struct sr_gofer_conn {
	int sock;
	const struct sr_policy *policy;
	const struct sr_link_rule *links;
};

/* Connections not yet closed by the Sentry; the last one out ends the
 * process (the Sentry is gone). */
static atomic_int sr_gofer_live;

static void sr_gofer_conn_done(void)
{
	if (atomic_fetch_sub(&sr_gofer_live, 1) == 1)
		_exit(0);
}

static void *sr_gofer_thread(void *arg)
{
	struct sr_gofer_conn *conn = arg;
	struct sr_gofer g;
	struct sr_error err = { 0 };

	/* The xattr and inotify calls fchdir(): a cwd of its own. */
	if (unshare(CLONE_FS) < 0)
		sr_die(SR_EXIT_FAILURE, "Gofer: unshare(CLONE_FS): %s", strerror(errno));
	if (sr_gofer_init(&g, "/", conn->policy, conn->links, &err) < 0)
		sr_die_error(SR_EXIT_FAILURE, &err);
	sr_gofer_serve(&g, conn->sock);
	sr_gofer_free(&g);
	close(conn->sock);
	sr_gofer_conn_done();
	return NULL;
}

static void sr_gofer_spawn(struct sr_gofer_conn *conn)
{
	pthread_t t;
	pthread_attr_t attr;

	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	pthread_attr_setstacksize(&attr, SR_GOFER_THREAD_STACK);
	int rc = pthread_create(&t, &attr, sr_gofer_thread, conn);
	pthread_attr_destroy(&attr);
	/* Without its thread the connection would never answer: the Sentry
	 * worker on it would wait forever.  Better no Gofer at all (EIO). */
	if (rc != 0)
		sr_die(SR_EXIT_FAILURE, "Gofer: cannot start a serving thread: %s", strerror(rc));
}

/* The main thread waits for each connection's first request and gives
 * it a thread: most sandboxes use a few of the connections. */
__attribute__((noreturn))
static void sr_gofer_dispatch(struct sr_gofer_conn *conns)
{
	struct pollfd pfd[SR_GOFER_CONNECTIONS];

	atomic_store(&sr_gofer_live, SR_GOFER_CONNECTIONS);
	for (size_t i = 0; i < SR_GOFER_CONNECTIONS; i++)
		pfd[i] = (struct pollfd){ .fd = conns[i].sock, .events = POLLIN };
	for (;;) {
		if (poll(pfd, SR_GOFER_CONNECTIONS, -1) < 0) {
			if (errno == EINTR)
				continue;
			sr_die(SR_EXIT_FAILURE, "Gofer: poll: %s", strerror(errno));
		}
		for (size_t i = 0; i < SR_GOFER_CONNECTIONS; i++) {
			if (pfd[i].revents == 0)
				continue;
			/* A negative fd is ignored by poll from now on. */
			pfd[i].fd = -1;
			if (pfd[i].revents & POLLIN) {
				sr_gofer_spawn(&conns[i]);
			} else {
				close(conns[i].sock);
				sr_gofer_conn_done();
			}
		}
	}
}

__attribute__((noreturn))
static void sr_gofer_main(const struct sr_config *cfg, const struct sr_mount_plan *plan,
			  int program_pidfd, const int *socks)
{
	static struct sr_gofer_conn conns[SR_GOFER_CONNECTIONS];
	static struct sr_policy policy;
	static struct sr_link_rule links;
	struct sr_error err = { 0 };

	/* Signals stay blocked (sr_fork_signals_blocked), as for the Sentry:
	 * a ^C on the terminal reaches our process group and must not end
	 * the Gofer. */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0)
		sr_die(SR_EXIT_FAILURE, "Gofer: PR_SET_PDEATHSIG: %s", strerror(errno));
	if (prctl(PR_SET_NAME, "gofer", 0, 0, 0) < 0)
		sr_die(SR_EXIT_FAILURE, "Gofer: PR_SET_NAME: %s", strerror(errno));
	int keep[SR_GOFER_CONNECTIONS + 1];
	memcpy(keep, socks, SR_GOFER_CONNECTIONS * sizeof(int));
	keep[SR_GOFER_CONNECTIONS] = program_pidfd;
	if (sr_close_fds_except(keep, SR_ARRAY_SIZE(keep)) < 0)
		sr_die(SR_EXIT_FAILURE, "Gofer: cannot close fds: %s", strerror(errno));
	if (sr_gofer_policy(cfg, plan, &policy, &err) < 0)
		sr_die_error(SR_EXIT_FAILURE, &err);
	sr_gofer_read_link_rule(&links, "/proc");
	int rc = sr_gofer_confine(cfg, program_pidfd, &err);
	/* Nothing to serve: 0 is the launcher's sign of a quiet end. */
	if (rc == SR_CONFINE_PROGRAM_GONE)
		_exit(0);
	if (rc < 0)
		sr_die_error(SR_EXIT_FAILURE, &err);
	for (size_t i = 0; i < SR_GOFER_CONNECTIONS; i++)
		conns[i] = (struct sr_gofer_conn){ .sock = socks[i], .policy = &policy, .links = &links };
	sr_gofer_dispatch(conns);
}

static void sr_close_all(int *fds, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (fds[i] >= 0) {
			close(fds[i]);
			fds[i] = -1;
		}
}

int sr_gofer_start(const struct sr_config *cfg, const struct sr_mount_plan *plan, int program_pidfd,
		   int *sentry_socks, pid_t *pid, struct sr_error *err)
{
	int gofer_socks[SR_GOFER_CONNECTIONS];

	for (size_t i = 0; i < SR_GOFER_CONNECTIONS; i++)
		sentry_socks[i] = gofer_socks[i] = -1;
	for (size_t i = 0; i < SR_GOFER_CONNECTIONS; i++) {
		int pair[2];
		if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, pair) < 0) {
			int e = errno;
			sr_close_all(sentry_socks, i);
			sr_close_all(gofer_socks, i);
			return sr_fail(err, e, "cannot make the Sentry's connections to the Gofer");
		}
		sentry_socks[i] = pair[0];
		gofer_socks[i] = pair[1];
	}
	*pid = sr_fork_signals_blocked();
	if (*pid < 0) {
		int e = errno;
		sr_close_all(sentry_socks, SR_GOFER_CONNECTIONS);
		sr_close_all(gofer_socks, SR_GOFER_CONNECTIONS);
		return sr_fail(err, e, "cannot start the Gofer");
	}
	if (*pid == 0)
		sr_gofer_main(cfg, plan, program_pidfd, gofer_socks);
	sr_close_all(gofer_socks, SR_GOFER_CONNECTIONS);
	return 0;
}
