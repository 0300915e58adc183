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

#include "init.h"

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

/* Until init exits: forward signals and sd_notify messages, and make
 * SIGTERM final. */
static int sr_supervise(pid_t init, const sigset_t *set, const struct sr_notify_relay *notify)
{
	int sfd = signalfd(-1, set, SFD_CLOEXEC);
	int tfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);

	if (sfd < 0 || tfd < 0) {
		sr_warn("cannot watch signals: %s; stopping the sandbox", strerror(errno));
		kill(init, SIGKILL);
		return sr_wait_init(init);
	}
	for (;;) {
		struct pollfd pfd[3] = { { .fd = sfd, .events = POLLIN }, { .fd = tfd, .events = POLLIN },
					 { .fd = notify->sandbox_fd, .events = POLLIN } };
		if (poll(pfd, 3, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (pfd[1].revents & POLLIN) {
			uint64_t ticks;
			(void)read(tfd, &ticks, sizeof(ticks));
			sr_warn("the sandbox did not stop %d ms after SIGTERM; killing it", SR_TERM_GRACE_MS);
			kill(init, SIGKILL);
		}
		/* Before SIGCHLD: what PROGRAM said just before it exited goes out. */
		if (pfd[2].revents & POLLIN)
			sr_notify_relay_forward(notify);
		if (!(pfd[0].revents & POLLIN))
			continue;
		struct signalfd_siginfo si;
		if (read(sfd, &si, sizeof(si)) != (ssize_t)sizeof(si))
			continue;
		if (si.ssi_signo == SIGCHLD) {
			int status;
			pid_t pid = waitpid(init, &status, WNOHANG);
			if (pid == init) {
				close(sfd);
				close(tfd);
				return sr_exit_status_of(status);
			}
			continue;
		}
		/* The terminal's own signals reach PROGRAM's process group
		 * directly; forward only what a process sent to us. */
		if (si.ssi_code != SI_USER && si.ssi_code != SI_QUEUE && si.ssi_code != SI_TKILL)
			continue;
		kill(init, (int)si.ssi_signo);
		if (si.ssi_signo == SIGTERM) {
			struct itimerspec its = { .it_value = { .tv_sec = SR_TERM_GRACE_MS / 1000,
								.tv_nsec = (SR_TERM_GRACE_MS % 1000) * 1000000L } };
			timerfd_settime(tfd, 0, &its, NULL);
		}
	}
	kill(init, SIGKILL);
	close(sfd);
	close(tfd);
	return sr_wait_init(init);
}

int sr_launch(const struct sr_config *cfg, const struct sr_mount_plan *plan,
	      char *const *program, const char *caller_cwd,
	      const struct sr_notify_relay *notify)
{
	struct sr_error err = { 0 };
	sigset_t set;
	int ctl[2];
	pid_t init;
	char msg;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, ctl) < 0) {
		sr_fail(&err, errno, "socketpair");
		sr_print_error(&err);
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
		return SR_EXIT_FAILURE;
	}
	if (init == 0) {
		close(ctl[0]);
		struct sr_init_args args = {
			.cfg = cfg, .plan = plan, .program = program,
			.caller_cwd = caller_cwd, .ctl_fd = ctl[1],
		};
		sr_init_main(&args);
	}
	close(ctl[1]);
	if (sr_write_id_maps(init, &err) < 0) {
		sr_print_error(&err);
		kill(init, SIGKILL);
		sr_wait_init(init);
		return SR_EXIT_FAILURE;
	}
	msg = SR_CTL_GO;
	if (sr_write_all(ctl[0], &msg, 1) < 0) {
		kill(init, SIGKILL);
		sr_wait_init(init);
		return SR_EXIT_FAILURE;
	}
	/* READY, or EOF when init failed and said why on stderr. */
	if (read(ctl[0], &msg, 1) != 1 || msg != SR_CTL_READY) {
		close(ctl[0]);
		int status = sr_wait_init(init);
		return status == 0 ? SR_EXIT_FAILURE : status;
	}
	close(ctl[0]);
	return sr_supervise(init, &set, notify);
}
