#include "launcher.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <sys/wait.h>
#include <poll.h>
#include <unistd.h>

#include "cgroup.h"
#include "init.h"
#include "value.h"

#define SR_NAMESPACES (CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWIPC | \
		       CLONE_NEWUTS | CLONE_NEWNET | CLONE_NEWCGROUP)

/* Map the caller's uid and gid to themselves: a root caller is uid 0
 * inside, but with no capability over the host's user namespace. */
static int sr_write_id_maps(pid_t pid, struct sr_error *err)
{
	char path[64], map[64];
	uid_t uid = geteuid();
	gid_t gid = getegid();

	snprintf(path, sizeof(path), "/proc/%d/setgroups", (int)pid);
	if (sr_write_file(path, "deny", err) < 0)
		return sr_error_wrap(err, "user namespace");
	snprintf(path, sizeof(path), "/proc/%d/uid_map", (int)pid);
	snprintf(map, sizeof(map), "%u %u 1\n", (unsigned)uid, (unsigned)uid);
	if (sr_write_file(path, map, err) < 0)
		return sr_error_wrap(err, "user namespace");
	snprintf(path, sizeof(path), "/proc/%d/gid_map", (int)pid);
	snprintf(map, sizeof(map), "%u %u 1\n", (unsigned)gid, (unsigned)gid);
	if (sr_write_file(path, map, err) < 0)
		return sr_error_wrap(err, "user namespace");
	return 0;
}

static void sr_block_signals(sigset_t *set)
{
	sigemptyset(set);
	sigaddset(set, SIGCHLD);
	for (size_t i = 0; i < sr_forwarded_signals_len; i++)
		sigaddset(set, sr_forwarded_signals[i]);
	sigprocmask(SIG_BLOCK, set, NULL);
}

static int sr_wait_init(pid_t init)
{
	int status;

	while (waitpid(init, &status, 0) < 0)
		if (errno != EINTR)
			return SR_EXIT_FAILURE;
	return sr_exit_status_of(status);
}

static void sr_arm_timer(int tfd, uint64_t ms)
{
	struct itimerspec its = { .it_value = { .tv_sec = (time_t)(ms / 1000),
						.tv_nsec = (long)(ms % 1000) * 1000000L } };
	timerfd_settime(tfd, 0, &its, NULL);
}

/* Until init exits: forward signals, make SIGTERM final, stop the sandbox
 * at cfg's timeout and kill it when the cgroup reports an OOM. */
static int sr_supervise(pid_t init, const sigset_t *set, const struct sr_config *cfg,
			struct sr_cgroup *cg)
{
	enum { SIGNALS, GRACE, DEADLINE, OOM, NFDS };
	uint64_t grace_ms = cfg->kill_after_ms ? cfg->kill_after_ms : SR_TERM_GRACE_MS;
	int sfd = signalfd(-1, set, SFD_CLOEXEC);
	int tfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
	int dfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
	bool timed_out = false;
	int status = SR_EXIT_FAILURE;

	if (sfd < 0 || tfd < 0 || dfd < 0) {
		sr_warn("cannot watch signals: %s; stopping the sandbox", strerror(errno));
		kill(init, SIGKILL);
		goto out;
	}
	if (cfg->timeout_ms != 0)
		sr_arm_timer(dfd, cfg->timeout_ms);
	for (;;) {
		struct pollfd pfd[NFDS] = {
			[SIGNALS] = { .fd = sfd, .events = POLLIN },
			[GRACE] = { .fd = tfd, .events = POLLIN },
			[DEADLINE] = { .fd = dfd, .events = POLLIN },
			[OOM] = { .fd = sr_cgroup_oom_fd(cg), .events = POLLIN },
		};
		uint64_t ticks;
		if (poll(pfd, NFDS, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (pfd[OOM].revents & POLLIN) {
			sr_cgroup_note_oom(cg);
			kill(init, SIGKILL);
		}
		if (pfd[DEADLINE].revents & POLLIN) {
			char duration[32];
			(void)read(dfd, &ticks, sizeof(ticks));
			sr_format_duration_ms(cfg->timeout_ms, duration, sizeof(duration));
			sr_warn("timeout %s reached; stopped", duration);
			timed_out = true;
			kill(init, SIGTERM);
			sr_arm_timer(tfd, grace_ms);
		}
		if (pfd[GRACE].revents & POLLIN) {
			(void)read(tfd, &ticks, sizeof(ticks));
			sr_warn("the sandbox did not stop %llu ms after SIGTERM; killing it",
				(unsigned long long)grace_ms);
			kill(init, SIGKILL);
		}
		if (!(pfd[SIGNALS].revents & POLLIN))
			continue;
		struct signalfd_siginfo si;
		if (read(sfd, &si, sizeof(si)) != (ssize_t)sizeof(si))
			continue;
		if (si.ssi_signo == SIGCHLD) {
			int wstatus;
			pid_t pid = waitpid(init, &wstatus, WNOHANG);
			if (pid == init) {
				status = sr_exit_status_of(wstatus);
				goto reaped;
			}
			continue;
		}
		/* The terminal's own signals reach PROGRAM's process group
		 * directly; forward only what a process sent to us. */
		if (si.ssi_code != SI_USER && si.ssi_code != SI_QUEUE && si.ssi_code != SI_TKILL)
			continue;
		kill(init, (int)si.ssi_signo);
		if (si.ssi_signo == SIGTERM)
			sr_arm_timer(tfd, grace_ms);
	}
	kill(init, SIGKILL);
out:
	status = sr_wait_init(init);
reaped:
	if (sfd >= 0)
		close(sfd);
	if (tfd >= 0)
		close(tfd);
	if (dfd >= 0)
		close(dfd);
	/* Like timeout(1), whether SIGTERM was enough or SIGKILL was needed. */
	return timed_out ? SR_EXIT_TIMEOUT : status;
}

int sr_launch(const struct sr_config *cfg, const struct sr_mount_plan *plan,
	      char *const *program, const char *caller_cwd)
{
	struct sr_error err = { 0 };
	struct sr_cgroup cg;
	sigset_t set;
	int ctl[2];
	pid_t init;
	char msg;
	int status;

	if (sr_cgroup_create(&cg, cfg, &err) < 0) {
		sr_print_error(&err);
		return SR_EXIT_FAILURE;
	}
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, ctl) < 0) {
		sr_fail(&err, errno, "socketpair");
		sr_print_error(&err);
		sr_cgroup_destroy(&cg);
		return SR_EXIT_FAILURE;
	}
	sr_block_signals(&set);
	fflush(NULL);
	/* A raw clone with fork semantics: the child gets all the new
	 * namespaces at once and runs on a copy of our stack. */
	init = (pid_t)syscall(SYS_clone, SR_NAMESPACES | SIGCHLD, NULL, NULL, NULL, NULL);
	if (init < 0) {
		int e = errno;
		if (e == EPERM || e == ENOSPC || e == EUSERS)
			sr_fail(&err, e, "cannot create the sandbox's namespaces (are unprivileged user "
				"namespaces disabled? see sysctl kernel.unprivileged_userns_clone and "
				"user.max_user_namespaces)");
		else
			sr_fail(&err, e, "cannot create the sandbox's namespaces");
		sr_print_error(&err);
		sr_cgroup_destroy(&cg);
		return SR_EXIT_FAILURE;
	}
	if (init == 0) {
		close(ctl[0]);
		struct sr_init_args args = {
			.cfg = cfg, .plan = plan, .program = program,
			.caller_cwd = caller_cwd, .ctl_fd = ctl[1],
			.rlimit_as = cg.rlimit_as, .rlimit_nproc = cg.rlimit_nproc,
		};
		sr_init_main(&args);
	}
	close(ctl[1]);
	/* Into the cgroup before GO: every process of the sandbox descends
	 * from init after that. */
	if (sr_cgroup_enter(&cg, init, &err) < 0 || sr_write_id_maps(init, &err) < 0) {
		sr_print_error(&err);
		kill(init, SIGKILL);
		sr_wait_init(init);
		status = SR_EXIT_FAILURE;
		goto out;
	}
	msg = SR_CTL_GO;
	if (sr_write_all(ctl[0], &msg, 1) < 0) {
		kill(init, SIGKILL);
		sr_wait_init(init);
		status = SR_EXIT_FAILURE;
		goto out;
	}
	/* READY, or EOF when init failed and said why on stderr. */
	if (read(ctl[0], &msg, 1) != 1 || msg != SR_CTL_READY) {
		status = sr_wait_init(init);
		if (status == 0)
			status = SR_EXIT_FAILURE;
		goto out;
	}
	status = sr_supervise(init, &set, cfg, &cg);
out:
	close(ctl[0]);
	if (sr_cgroup_oom_killed(&cg)) {
		char size[32];
		sr_format_size(cfg->memory_max, size, sizeof(size));
		sr_warn("memory limit %s reached; killed", size);
		status = 128 + SIGKILL;
	}
	sr_cgroup_destroy(&cg);
	return status;
}
