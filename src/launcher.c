#include "launcher.h"

#include <errno.h>
#include <linux/keyctl.h>
#include <stdbool.h>
#include <stdint.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <linux/seccomp.h>
#include <time.h>
#include <poll.h>
#include <unistd.h>

#include "cgroup.h"
#include "compat.h"
#include "events.h"
#include "gofer/process.h"
#include "init.h"
#include "netlink.h"
#include "notify.h"
#include "pty.h"
#include "sandbox.h"
#include "sentry/sentry.h"
#include "ssh.h"
#include "value.h"

/* Map the caller's uid and gid to themselves: a root caller is uid 0
 * inside, but with no capability over the host's user namespace. */
/* One id each, the caller's, seen inside as itself or as [sandbox]
 * uid= and gid= say. */
static int sr_write_id_maps(pid_t pid, const struct sr_config *cfg, struct sr_error *err)
{
	char path[64], map[64];
	uid_t uid = geteuid();
	gid_t gid = getegid();
	uid_t inside_uid = cfg->uid >= 0 ? (uid_t)cfg->uid : uid;
	gid_t inside_gid = cfg->gid >= 0 ? (gid_t)cfg->gid : gid;

	snprintf(path, sizeof(path), "/proc/%d/setgroups", (int)pid);
	if (sr_write_file(path, "deny", err) < 0)
		return sr_error_wrap(err, "user namespace");
	snprintf(path, sizeof(path), "/proc/%d/uid_map", (int)pid);
	snprintf(map, sizeof(map), "%u %u 1\n", (unsigned)inside_uid, (unsigned)uid);
	if (sr_write_file(path, map, err) < 0)
		return sr_error_wrap(err, "user namespace");
	snprintf(path, sizeof(path), "/proc/%d/gid_map", (int)pid);
	snprintf(map, sizeof(map), "%u %u 1\n", (unsigned)inside_gid, (unsigned)gid);
	if (sr_write_file(path, map, err) < 0)
		return sr_error_wrap(err, "user namespace");
	return 0;
}

/* What the caller ignores stays ignored, discarded by the kernel, as
 * natively for PROGRAM: not passed on (nohup's SIGHUP), nor stopping
 * the sandbox; a caller that made us unstoppable (SIGTSTP ignored)
 * keeps it so.  Blocked, a signal would be queued even then. */
static void sr_block_signals(sigset_t *set, const sigset_t *ignored)
{
	sigemptyset(set);
	sigaddset(set, SIGCHLD);
	for (size_t i = 0; i < sr_forwarded_signals_len; i++)
		if (sigismember(ignored, sr_forwarded_signals[i]) != 1)
			sigaddset(set, sr_forwarded_signals[i]);
	if (sigismember(ignored, SIGTSTP) != 1)
		sigaddset(set, SIGTSTP);
	sigprocmask(SIG_BLOCK, set, NULL);
}

/* How often our waker looks whether we have stopped yet. */
#define SR_WAKER_CHECK_MS 10

/* A child that continues us, while we stop as PROGRAM's job, when init
 * says something (ctl readable: PROGRAM continued by someone else, as a
 * process outside its group may, or gone) or at `deadline`
 * (CLOCK_MONOTONIC; NULL: none): where no shell's job control continues
 * us (a script, a CI job), --timeout must still end the sandbox, as
 * timeout(1) ends a stopped command.  Only once we are stopped: a
 * SIGCONT before our stop would be lost on it.  Its pid, or -1: without
 * it, init still kills the sandbox later (init.h), though we stay
 * stopped. */
static pid_t sr_wake_on(int ctl, const struct timespec *deadline)
{
	pid_t parent = getpid();
	pid_t pid;

	if (ctl < 0 && deadline == NULL)
		return -1;
	pid = fork();
	if (pid < 0) {
		sr_warn("cannot go on with PROGRAM while stopped: fork: %s", strerror(errno));
		return -1;
	}
	if (pid > 0)
		return pid;
	if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0 || getppid() != parent)
		_exit(SR_EXIT_FAILURE);
	for (;;) {
		struct pollfd pfd = { .fd = ctl, .events = POLLIN };
		int timeout_ms = -1;
		if (deadline != NULL) {
			struct timespec now;
			clock_gettime(CLOCK_MONOTONIC, &now);
			int64_t left_ms = (int64_t)(deadline->tv_sec - now.tv_sec) * 1000 +
					  (deadline->tv_nsec - now.tv_nsec) / 1000000;
			timeout_ms = left_ms <= 0 ? 0 : left_ms > INT_MAX ? INT_MAX : (int)left_ms;
		}
		int n = poll(&pfd, 1, timeout_ms);
		if (n > 0 || (n == 0 && timeout_ms == 0))
			break;
		if (n < 0 && errno != EINTR)
			_exit(SR_EXIT_FAILURE);
	}
	for (;;) {
		char state;
		int ppid, pgrp;
		if (!sr_read_proc_stat(parent, &state, &ppid, &pgrp))
			_exit(SR_EXIT_FAILURE);
		if (state == 'T')
			break;
		struct timespec wait = { .tv_sec = 0, .tv_nsec = SR_WAKER_CHECK_MS * 1000000L };
		nanosleep(&wait, NULL);
	}
	kill(parent, SIGCONT);
	_exit(0);
}

/* Job control.  The sandbox is in a session of its own: a stop of
 * PROGRAM's job (the SIGTSTP init passed on for Ctrl-Z without a pty,
 * Ctrl-Z on the pty, kill -STOP; sig what stopped it) does not reach
 * the caller's shell: we stop as that job.  The rest of the sandbox
 * runs on, as it would natively.  When continued (fg, bg) the job goes
 * on, and so do we when someone else continues PROGRAM (sr_wake_on).
 * In an orphaned process group the kernel stops us only with SIGSTOP,
 * and the sandbox goes on at once.  What the sandbox wrote before goes
 * out first, waiting at most grace_ms for a reader that does not read.
 * --timeout holds meanwhile: we are continued at its deadline, and stop
 * the sandbox as ever. */
static void sr_stop_with_sandbox(pid_t init, int ctl, struct sr_pty_relay *pty, int sig, uint64_t grace_ms,
				 const struct timespec *deadline)
{
	sigset_t stop, mask;
	pid_t waker;

	sigemptyset(&stop);
	sigaddset(&stop, sig);
	sr_pty_relay_drain(pty, grace_ms);
	sr_pty_relay_suspend(pty);
	waker = sr_wake_on(ctl, deadline);
	/* Queued while blocked (SIGTSTP), then let through: we stop here.
	 * The mask as it was after: SIGTTIN and SIGTTOU must stay
	 * unblocked, to stop a background sentry-run at the terminal. */
	if (kill(getpid(), sig) == 0 && sigprocmask(SIG_UNBLOCK, &stop, &mask) == 0)
		sigprocmask(SIG_SETMASK, &mask, NULL);
	if (waker > 0) {
		kill(waker, SIGKILL);
		waitpid(waker, NULL, 0);
	}
	sr_pty_relay_resume(pty);
	kill(init, SIGCONT);
}

/* What init reported stopped PROGRAM, if a stop signal; SIGTSTP
 * otherwise. */
static int sr_stop_signal(int sig)
{
	if (sig == SIGSTOP || sig == SIGTTIN || sig == SIGTTOU)
		return sig;
	return SIGTSTP;
}

/* One message of init's once PROGRAM runs, without waiting: its exit
 * is kept in *exited, and *stopped_by says the signal that stopped it
 * (0: none; SR_CTL_CONTINUED has done its work, waking us).  1: a message read, 0: none now, -1: no more (init is gone). */
static int sr_read_init(int ctl, struct sr_ctl_exited *exited, int *stopped_by)
{
	union { char type; struct sr_ctl_stopped stopped; struct sr_ctl_exited exited; } m;
	ssize_t n = recv(ctl, &m, sizeof(m), MSG_DONTWAIT);

	*stopped_by = 0;
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return 0;
	if (n <= 0)
		return -1;
	if (n == (ssize_t)sizeof(m.exited) && m.type == SR_CTL_EXITED)
		*exited = m.exited;
	else if (n == (ssize_t)sizeof(m.stopped) && m.type == SR_CTL_STOPPED)
		*stopped_by = m.stopped.signal;
	return 1;
}

/* How the sandbox's processes used the machine, and how init ended,
 * for the exit event. */
static struct rusage sr_init_rusage;
static int sr_init_wstatus;

/* Whether a seccomp filter confines us (/proc/self/status says
 * "Seccomp: 2"): inside a container or another sandbox, which may
 * refuse the namespaces whatever the sysctls say. */
static bool sr_under_seccomp_filter(void)
{
	FILE *f = fopen("/proc/self/status", "re");
	char line[256];
	bool filtered = false;

	if (f == NULL)
		return false;
	while (fgets(line, sizeof(line), f) != NULL)
		if (strncmp(line, "Seccomp:", 8) == 0) {
			filtered = atoi(line + 8) == 2;
			break;
		}
	fclose(f);
	return filtered;
}

static int sr_wait_init(pid_t init)
{
	int status;

	while (wait4(init, &status, 0, &sr_init_rusage) < 0)
		if (errno != EINTR)
			return SR_EXIT_FAILURE;
	sr_init_wstatus = status;
	return sr_exit_status_of(status);
}

static void sr_arm_timer(int tfd, uint64_t ms)
{
	struct itimerspec its = { .it_value = { .tv_sec = (time_t)(ms / 1000),
						.tv_nsec = (long)(ms % 1000) * 1000000L } };
	timerfd_settime(tfd, 0, &its, NULL);
}

/* The grace period after a stop request: SIGKILL follows the first by
 * grace_ms, and a later one (Ctrl-C pressed again, a SIGTERM resent)
 * does not put it off. */
static void sr_start_grace(int tfd, uint64_t grace_ms, int *stop_signal, int sig)
{
	struct itimerspec running;

	if (timerfd_gettime(tfd, &running) == 0 &&
	    (running.it_value.tv_sec != 0 || running.it_value.tv_nsec != 0))
		return;
	*stop_signal = sig;
	sr_arm_timer(tfd, grace_ms);
}

/* `t` plus ms, on CLOCK_MONOTONIC. */
static struct timespec sr_time_after(struct timespec t, uint64_t ms)
{
	t.tv_sec += (time_t)(ms / 1000);
	t.tv_nsec += (long)(ms % 1000) * 1000000L;
	if (t.tv_nsec >= 1000000000L) {
		t.tv_sec++;
		t.tv_nsec -= 1000000000L;
	}
	return t;
}

/* What a hang-up (the caller's terminal, the reader of the output gone)
 * sends the sandbox it ends: PROGRAM gets the SIGHUP a terminal would
 * send it.  Once PROGRAM's first process is gone (--wait=all), the
 * daemons left have no terminal, and SIGHUP would be a reload to them,
 * which init passes to their main processes alone: they are stopped as
 * on SIGTERM, every process, so that they can end cleanly. */
static int sr_hangup_signal(bool program_gone)
{
	return program_gone ? SIGTERM : SIGHUP;
}

/* Until init exits: forward signals and sd_notify messages, make SIGTERM
 * final, stop the sandbox at cfg's timeout, kill it when the cgroup
 * reports an OOM, and fail closed if the Sentry dies (DESIGN §3.7).
 * *reason: "timeout" when the timeout ended the sandbox, else left. */
static int sr_supervise(pid_t init, int ctl, pid_t sentry, pid_t gofer, const sigset_t *set,
			const struct sr_config *cfg, const struct timespec *deadline, struct sr_cgroup *cg,
			struct sr_notify_relay *notify, struct sr_pty_relay *pty, struct sr_ctl_exited *exited,
			const char **reason)
{
	enum { SIGNALS, GRACE, DEADLINE, OOM, NOTIFY, HANGUP, INIT, TTY, NFDS = TTY + SR_PTY_NPOLL };
	uint64_t grace_ms = cfg->kill_after_ms ? cfg->kill_after_ms : SR_TERM_GRACE_MS;
	sigset_t watched = *set;
	/* With a pty, `fg` of a sentry-run that went on in the background
	 * (sr_pty_relay_resume) gives the terminal back to the sandbox.  A
	 * blocked SIGCONT still continues us. */
	if (pty->master >= 0) {
		sigaddset(&watched, SIGCONT);
		sigprocmask(SIG_BLOCK, &watched, NULL);
	}
	int sfd = signalfd(-1, &watched, SFD_CLOEXEC);
	int tfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
	int dfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
	bool timed_out = false;
	bool sentry_failed = false;
	bool program_gone = false;
	/* --ssh: the client is gone when sshd's process for the session is.
	 * Not when the reader of the output is: `ssh host CMD | head -1`
	 * closes it, and natively the session runs on.  Where sshd's process
	 * cannot be told, the reader of the output is all we have. */
	int sshd_fd = cfg->stop_on_hangup ? sr_ssh_sshd_pidfd() : -1;
	int hangup_fd = sshd_fd >= 0 ? sshd_fd : cfg->stop_on_hangup ? STDOUT_FILENO : -1;
	int stop_signal = SIGTERM;    /* what the grace period follows */
	/* When a stop of ours is undone (sr_wake_at): at once, past it. */
	const struct timespec *stop_deadline = cfg->timeout_ms != 0 ? deadline : NULL;
	int status = SR_EXIT_FAILURE;

	if (sfd < 0 || tfd < 0 || dfd < 0) {
		sr_warn("cannot watch signals: %s; stopping the sandbox", strerror(errno));
		kill(init, SIGKILL);
		goto out;
	}
	if (cfg->timeout_ms != 0) {
		struct itimerspec its = { .it_value = *deadline };
		timerfd_settime(dfd, TFD_TIMER_ABSTIME, &its, NULL);
	}
	for (;;) {
		struct pollfd pfd[NFDS] = {
			[SIGNALS] = { .fd = sfd, .events = POLLIN },
			[GRACE] = { .fd = tfd, .events = POLLIN },
			[DEADLINE] = { .fd = dfd, .events = POLLIN },
			[OOM] = { .fd = sr_cgroup_oom_fd(cg), .events = POLLIN },
			[NOTIFY] = { .fd = notify->sandbox_fd, .events = POLLIN },
			/* sshd's pidfd: POLLIN once it exited.  The output: no
			 * event asked, only POLLERR (a pipe's reader closed),
			 * POLLHUP (a socket's peer, a hung-up tty) or POLLNVAL. */
			[HANGUP] = { .fd = hangup_fd, .events = hangup_fd == sshd_fd ? POLLIN : 0 },
			[INIT] = { .fd = ctl, .events = POLLIN },
		};
		uint64_t ticks;
		sr_pty_relay_poll(pty, &pfd[TTY]);
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
			*reason = "timeout";
			kill(init, SIGTERM);
			sr_start_grace(tfd, grace_ms, &stop_signal, SIGTERM);
		}
		if (pfd[HANGUP].revents & (POLLIN | POLLERR | POLLHUP)) {
			sr_info(hangup_fd == sshd_fd ? "sshd's session is gone; hanging up the sandbox" :
				"the reader of the output is gone; hanging up the sandbox");
			int sig = sr_hangup_signal(program_gone);
			kill(init, sig);
			sr_start_grace(tfd, grace_ms, &stop_signal, sig);
		}
		if (pfd[HANGUP].revents != 0)
			hangup_fd = -1;
		int stopped_by = 0;
		if (pfd[INIT].revents != 0 && sr_read_init(ctl, exited, &stopped_by) < 0)
			ctl = -1;
		/* --wait=all: the start succeeded; the sandbox lives on.  Its
		 * exit is the last process's, which init says as it exits:
		 * killed before that, it is no process's. */
		if (exited->type == SR_CTL_EXITED && exited->lives_on && !program_gone) {
			program_gone = true;
			*exited = (struct sr_ctl_exited){ .type = SR_CTL_EXITED, .pid = -1 };
			sr_notify_relay_started(notify);
			sr_pty_relay_end(pty, grace_ms);
		}
		/* As PROGRAM stopped, so that the caller's shell sees the
		 * same stop ($? is 149 after SIGTTIN). */
		if (stopped_by != 0)
			sr_stop_with_sandbox(init, ctl, pty, sr_stop_signal(stopped_by), grace_ms, stop_deadline);
		if (pfd[GRACE].revents & POLLIN) {
			(void)read(tfd, &ticks, sizeof(ticks));
			sr_warn("the sandbox did not stop %llu ms after SIG%s; killing it",
				(unsigned long long)grace_ms, sigabbrev_np(stop_signal));
			kill(init, SIGKILL);
		}
		/* Before SIGCHLD: what PROGRAM said just before it exited goes out. */
		if (pfd[NOTIFY].revents & POLLIN)
			sr_notify_relay_forward(notify);
		sr_pty_relay_step(pty, &pfd[TTY]);
		if (!(pfd[SIGNALS].revents & POLLIN))
			continue;
		struct signalfd_siginfo si;
		if (read(sfd, &si, sizeof(si)) != (ssize_t)sizeof(si))
			continue;
		if (si.ssi_signo == SIGCHLD) {
			int wstatus;
			if (sentry > 0 && waitpid(sentry, &wstatus, WNOHANG) == sentry) {
				sentry = -1;
				/* 0: every task of the filter is gone; init follows.
				 * Anything else: nothing serves the sandbox any more. */
				if (!WIFEXITED(wstatus) || WEXITSTATUS(wstatus) != 0) {
					sr_warn("the Sentry died (%s %d); stopping the sandbox",
						WIFSIGNALED(wstatus) ? "signal" : "status",
						WIFSIGNALED(wstatus) ? WTERMSIG(wstatus) : WEXITSTATUS(wstatus));
					sentry_failed = true;
					kill(init, SIGKILL);
				}
			}
			/* 0: the Sentry closed every connection, at the end.
			 * Anything else is not fatal either: every later file
			 * call fails with EIO (sentry/fs.c), and we say why, unless
			 * the memory limit killed it, which ends the sandbox. */
			if (gofer > 0 && waitpid(gofer, &wstatus, WNOHANG) == gofer) {
				gofer = -1;
				if ((!WIFEXITED(wstatus) || WEXITSTATUS(wstatus) != 0) && !sr_cgroup_oom_killed(cg))
					sr_warn("the Gofer died (%s %d); file calls in the sandbox fail with EIO",
						WIFSIGNALED(wstatus) ? "signal" : "status",
						WIFSIGNALED(wstatus) ? WTERMSIG(wstatus) : WEXITSTATUS(wstatus));
			}
			if (wait4(init, &wstatus, WNOHANG, &sr_init_rusage) == init) {
				sr_init_wstatus = wstatus;
				status = sr_exit_status_of(wstatus);
				goto reaped;
			}
			continue;
		}
		/* The stop the caller's terminal sends our process group
		 * (Ctrl-Z without a pty), or a `kill -TSTP` to us, does not
		 * reach PROGRAM's job: init passes it on, as the terminal
		 * would to its foreground process group, and we stop once
		 * the job has (SR_CTL_STOPPED), as the caller's shell would
		 * see it stop; not at all if it does not (SIGTSTP ignored). */
		if (si.ssi_signo == SIGTSTP) {
			kill(init, SIGTSTP);
			continue;
		}
		if (si.ssi_signo == SIGCONT) {
			sr_pty_relay_resume(pty);
			continue;
		}
		/* PROGRAM has a session of its own: the caller's terminal signals
		 * reach it only through us.  With a pty, a resize is told to the
		 * pty, whose kernel side signals the foreground processes. */
		if (si.ssi_signo == SIGWINCH && pty->master >= 0) {
			sr_pty_relay_resize(pty);
			continue;
		}
		/* SIGTERM, SIGINT and a hang-up end the sandbox (issue 7:
		 * teardown), even when PROGRAM ignores them: SIGKILL follows the
		 * grace period.  A hang-up is the kernel's SIGHUP (the terminal
		 * went away); one sent with kill() is passed on and nothing
		 * more, as natively: to a daemon it says "reload" (systemd's
		 * ExecReload=kill -HUP $MAINPID, and $MAINPID is us). */
		bool hangup = si.ssi_signo == SIGHUP && si.ssi_code == SI_KERNEL;
		int sig = hangup ? sr_hangup_signal(program_gone) : (int)si.ssi_signo;
		kill(init, sig);
		if (si.ssi_signo == SIGTERM || si.ssi_signo == SIGINT || hangup)
			sr_start_grace(tfd, grace_ms, &stop_signal, sig);
	}
	kill(init, SIGKILL);
out:
	status = sr_wait_init(init);
reaped:
	if (sentry > 0) {
		/* Every task is gone: the Sentry sees its listener hang up,
		 * writes its last events and exits; it gets a moment for it. */
		for (int waited = 0; waited < SR_SENTRY_FLUSH_MS + 200; waited += 10) {
			if (waitpid(sentry, NULL, WNOHANG) == sentry) {
				sentry = -1;
				break;
			}
			struct timespec ms10 = { .tv_sec = 0, .tv_nsec = 10000000L };
			nanosleep(&ms10, NULL);
		}
		if (sentry > 0) {
			kill(sentry, SIGKILL);
			waitpid(sentry, NULL, 0);
		}
	}
	if (gofer > 0) {
		kill(gofer, SIGKILL);
		waitpid(gofer, NULL, 0);
	}
	if (sfd >= 0)
		close(sfd);
	if (tfd >= 0)
		close(tfd);
	if (dfd >= 0)
		close(dfd);
	if (sshd_fd >= 0)
		close(sshd_fd);
	if (sentry_failed)
		return SR_EXIT_FAILURE;
	/* Like timeout(1), whether SIGTERM was enough or SIGKILL was needed. */
	return timed_out ? SR_EXIT_TIMEOUT : status;
}

/* --net=veth: the pair, its sandbox end straight into init's network
 * namespace, the host end addressed and up.  Root only (main.c says so):
 * the host end is an interface of the host. */
static int sr_setup_veth(const struct sr_veth *veth, pid_t init, struct sr_error *err)
{
	if (sr_netlink_create_veth(veth->host_name, SR_VETH_PEER_NAME, init, err) < 0)
		return sr_error_wrap(err, "--net=veth");
	if (sr_netlink_add_ipv4(veth->host_name, veth->host_addr, SR_VETH_PREFIX_LEN, err) < 0 ||
	    sr_netlink_set_link_up(veth->host_name, true, err) < 0) {
		struct sr_error ignored;
		(void)sr_netlink_delete_link(veth->host_name, &ignored);
		return sr_error_wrap(err, "--net=veth");
	}
	return 0;
}

/* --net=veth: the cookie of init's network namespace, read off a socket
 * made there, so that the Sentry can tell the sandbox's sockets from one
 * passed in (sentry/net.c).  The launcher is root here (main.c). */
static int sr_veth_netns_cookie(pid_t init, uint64_t *cookie, struct sr_error *err)
{
	char path[64];
	socklen_t len = sizeof(*cookie);

	snprintf(path, sizeof(path), "/proc/%d/ns/net", (int)init);
	sr_cleanup_close int ours = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	sr_cleanup_close int theirs = open(path, O_RDONLY | O_CLOEXEC);
	if (ours < 0 || theirs < 0)
		return sr_fail(err, errno, "--net=veth: cannot open the network namespaces");
	if (setns(theirs, CLONE_NEWNET) < 0)
		return sr_fail(err, errno, "--net=veth: cannot enter the sandbox's network namespace");
	sr_cleanup_close int sock = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	int e = errno;
	/* Back home before anything else: the host end lives here. */
	if (setns(ours, CLONE_NEWNET) < 0)
		sr_die(SR_EXIT_FAILURE, "--net=veth: cannot return to the host's network namespace: %s",
		       strerror(errno));
	if (sock < 0)
		return sr_fail(err, e, "--net=veth: socket");
	if (getsockopt(sock, SOL_SOCKET, SO_NETNS_COOKIE, cookie, &len) < 0)
		return sr_fail(err, errno, "--net=veth: SO_NETNS_COOKIE (Linux 5.14) is needed to tell the "
			       "sandbox's sockets apart");
	return 0;
}

/* mode=loopback or none: the network namespaces of the TCP and UDP
 * sockets passed in (fds 0-2, --pass-fd, LISTEN_FDS), the host's or
 * another's.  PROGRAM would reach that network through them: a listening
 * socket that connect(AF_UNSPEC) or shutdown(SHUT_RD) disconnects then
 * connects anywhere from there, an unconnected UDP socket sends anywhere.
 * The Sentry refuses them every destination (sentry/net.c). */
static int sr_find_foreign_sockets(struct sr_config *cfg, struct sr_error *err)
{
	int fds[SR_PASS_FDS_MAX + 3] = { 0, 1, 2 };
	size_t n = 3;

	if (sr_config_net_reaches_host(cfg))
		return 0;
	for (size_t i = 0; i < cfg->npass_fds && n < SR_ARRAY_SIZE(fds); i++)
		fds[n++] = cfg->pass_fds[i];
	for (size_t i = 0; i < n; i++) {
		int domain;
		uint64_t cookie;
		socklen_t len = sizeof(domain);
		bool known = false;
		/* Not a socket, or not one of a network. */
		if (getsockopt(fds[i], SOL_SOCKET, SO_DOMAIN, &domain, &len) < 0 ||
		    (domain != AF_INET && domain != AF_INET6))
			continue;
		len = sizeof(cookie);
		if (getsockopt(fds[i], SOL_SOCKET, SO_NETNS_COOKIE, &cookie, &len) < 0)
			return sr_fail(err, errno, "fd %d is a TCP or UDP socket, which would reach the host's "
				       "network from the sandbox, and this kernel cannot tell its sockets apart "
				       "(SO_NETNS_COOKIE, Linux 5.14): do not pass it, or use --net=host with --allow",
				       fds[i]);
		for (size_t j = 0; j < cfg->nforeign_netns; j++)
			known = known || cfg->foreign_netns[j] == cookie;
		if (!known)
			cfg->foreign_netns[cfg->nforeign_netns++] = cookie;
	}
	return 0;
}

/* Take PROGRAM's seccomp listener with pidfd_getfd (it is loaded a
 * moment after PROGRAM announced it), start the Gofer in the sandbox's
 * namespaces and the Sentry on the listener, connected to each other. */
#define SR_LISTENER_WAIT_MS 5000

static int sr_start_sentry(const struct sr_config *cfg, const struct sr_mount_plan *plan, int pidfd,
			   int remote_fd, bool landlock_scoped, int strace_fd, const struct sr_events_sink *events, const char *sandbox_id,
			   pid_t *sentry,
			   pid_t *gofer, struct sr_error *err)
{
	int listener = -1;
	int gofer_socks[SR_GOFER_CONNECTIONS];

	for (int waited = 0; waited < SR_LISTENER_WAIT_MS; waited++) {
		listener = (int)syscall(SYS_pidfd_getfd, pidfd, remote_fd, 0);
		if (listener >= 0) {
			/* A listener answers ID_VALID of an unknown id with ENOENT. */
			__u64 id = 0;
			if (ioctl(listener, SECCOMP_IOCTL_NOTIF_ID_VALID, &id) < 0 && errno == ENOENT)
				break;
			close(listener);
			listener = -1;
		} else if (errno == ESRCH) {
			return sr_fail(err, errno, "PROGRAM's process ended before its seccomp listener was taken");
		} else if (errno != EBADF) {
			return sr_fail(err, errno, "cannot take PROGRAM's seccomp listener (pidfd_getfd, Linux 5.6+)");
		}
		struct timespec ms = { .tv_sec = 0, .tv_nsec = 1000000 };
		nanosleep(&ms, NULL);
	}
	if (listener < 0)
		return sr_fail(err, 0, "PROGRAM's seccomp listener did not appear");
	/* PROGRAM's pidfd names the sandbox's user namespace for setns(2):
	 * init's /proc files are closed to us, as init is not dumpable. */
	int rc = sr_gofer_start(cfg, plan, pidfd, gofer_socks, gofer, err);
	if (rc == 0) {
		rc = sr_sentry_start(cfg, listener, landlock_scoped, strace_fd, pidfd, events, sandbox_id, gofer_socks,
				     sentry, err);
		for (size_t i = 0; i < SR_GOFER_CONNECTIONS; i++)
			close(gofer_socks[i]);
	}
	close(listener);
	return rc;
}

static void sr_close_outputs(struct sr_events_sink *events, int *strace_fd)
{
	sr_events_close(events);
	if (*strace_fd >= 0)
		close(*strace_fd);
	*strace_fd = -1;
}

/* The files sentry-run writes for the caller, opened before the sandbox
 * is built, so that one lying where the sandbox can write is bound
 * read-only in it (sr_sandbox_protect_output). */
static int sr_open_outputs(const struct sr_config *cfg, struct sr_mount_plan *plan,
			   struct sr_events_sink *events, int *strace_fd, struct sr_error *err)
{
	*events = (struct sr_events_sink){ .fd = -1 };
	*strace_fd = -1;
	if (cfg->events_path != NULL &&
	    (sr_events_open(cfg->events_path, events, err) < 0 ||
	     sr_sandbox_protect_output(plan, events->fd, err) < 0))
		return -1;
	if (!cfg->strace)
		return 0;
	if (cfg->strace_path == NULL || cfg->strace_path[0] == '\0' || strcmp(cfg->strace_path, "-") == 0) {
		*strace_fd = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3);
		if (*strace_fd < 0)
			return sr_fail(err, errno, "--strace: cannot use stderr");
		return 0;
	}
	/* Not through a link, as --events (events.c): one planted by an
	 * earlier sandbox would have us truncate the file it names.  Nor
	 * held by a planted FIFO that no process reads. */
	if (sr_open_output_file("--strace", cfg->strace_path, O_TRUNC, strace_fd, err) < 0)
		return -1;
	return sr_sandbox_protect_output(plan, *strace_fd, err);
}

/* A session keyring of the sandbox's own, before init and the Gofer
 * inherit ours.  The caller's (pam_keyinit gives each login one) holds
 * its secrets, and whoever inherits it possesses them in any user
 * namespace: a profile's allow=keyctl would read them, and /proc/keys
 * would name them (the Gofer's too: that file answers as for its
 * opener).  runc and crun do the same for a container. */
static int sr_own_session_keyring(struct sr_error *err)
{
	if (syscall(SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING, NULL) >= 0)
		return 0;
	/* A kernel without keys has nothing to inherit; a filter or LSM
	 * that refuses keyctl to sentry-run refuses it to PROGRAM too. */
	if (errno == ENOSYS || errno == EPERM || errno == EACCES) {
		sr_info("no session keyring of the sandbox's own: keyctl says %s", strerror(errno));
		return 0;
	}
	return sr_fail(err, errno, "cannot give the sandbox a session keyring of its own, which keeps "
		       "the caller's keys out of its reach (at the user's key quota? see kernel.keys.maxkeys)");
}

int sr_launch(struct sr_config *cfg, struct sr_mount_plan *plan,
	      char *const *program, const char *caller_cwd, unsigned closed_std_fds,
	      const sigset_t *ignored_signals, struct sr_notify_relay *notify, int *killed_by)
{
	struct sr_error err = { 0 };
	struct sr_cgroup cg;
	struct sr_pty_relay pty;
	bool veth_created = false;
	sigset_t set;
	int ctl[2];
	pid_t init;
	char msg;
	int status;

	struct sr_events_sink events = { .fd = -1 };
	int strace_fd = -1;
	char sandbox_id[SR_SANDBOX_ID_MAX];
	struct sr_ctl_exited exited = { .type = 0 };
	pid_t program_pid = -1;
	const char *reason = NULL;

	*killed_by = 0;
	if (sr_own_session_keyring(&err) < 0) {
		sr_print_error(&err);
		return SR_EXIT_FAILURE;
	}
	snprintf(sandbox_id, sizeof(sandbox_id), "sentry-run-%d", (int)getpid());
	sr_pty_relay_init(&pty);
	unsigned pty_fds = sr_pty_fds(cfg->pty);
	if (pty_fds == 0)
		sr_pty_keep_modes(&pty);
	if (sr_open_outputs(cfg, plan, &events, &strace_fd, &err) < 0 || sr_cgroup_create(&cg, cfg, &err) < 0) {
		sr_print_error(&err);
		sr_close_outputs(&events, &strace_fd);
		return SR_EXIT_FAILURE;
	}
	if (sr_cgroup_show(&cg, plan, &err) < 0) {
		sr_print_error(&err);
		sr_cgroup_destroy(&cg);
		sr_close_outputs(&events, &strace_fd);
		return SR_EXIT_FAILURE;
	}
	if (sr_find_foreign_sockets(cfg, &err) < 0 ||
	    (cfg->net == SR_NET_VETH && sr_veth_plan(getpid(), &cfg->veth, &err) < 0)) {
		sr_print_error(&err);
		sr_cgroup_destroy(&cg);
		sr_close_outputs(&events, &strace_fd);
		return SR_EXIT_FAILURE;
	}
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, ctl) < 0) {
		sr_fail(&err, errno, "socketpair");
		sr_print_error(&err);
		sr_cgroup_destroy(&cg);
		sr_close_outputs(&events, &strace_fd);
		return SR_EXIT_FAILURE;
	}
	/* --timeout counts from here; init keeps a later deadline of its own
	 * (init.h), armed before PROGRAM starts. */
	struct timespec deadline = { 0 }, kill_by = { 0 };
	if (cfg->timeout_ms != 0) {
		clock_gettime(CLOCK_MONOTONIC, &deadline);
		deadline = sr_time_after(deadline, cfg->timeout_ms);
		uint64_t grace_ms = cfg->kill_after_ms ? cfg->kill_after_ms : SR_TERM_GRACE_MS;
		kill_by = sr_time_after(sr_time_after(deadline, grace_ms), SR_INIT_KILL_SLACK_MS);
	}
	sr_block_signals(&set, ignored_signals);
	fflush(NULL);
	/* A raw clone with fork semantics: the child gets all the new
	 * namespaces at once and runs on a copy of our stack. */
	init = (pid_t)syscall(SYS_clone, sr_sandbox_namespaces(cfg) | SIGCHLD, NULL, NULL, NULL, NULL);
	if (init < 0) {
		int e = errno;
		if (e == EPERM && sr_under_seccomp_filter())
			sr_fail(&err, e, "cannot create the sandbox's namespaces: a seccomp filter on "
				"sentry-run refuses them (inside another sandbox or a container? its "
				"profile must allow new user namespaces)");
		else if (e == EPERM || e == ENOSPC || e == EUSERS)
			sr_fail(&err, e, "cannot create the sandbox's namespaces (are unprivileged user "
				"namespaces disabled? see sysctl kernel.unprivileged_userns_clone and "
				"user.max_user_namespaces)");
		else
			sr_fail(&err, e, "cannot create the sandbox's namespaces");
		sr_print_error(&err);
		sr_cgroup_destroy(&cg);
		sr_close_outputs(&events, &strace_fd);
		return SR_EXIT_FAILURE;
	}
	if (init == 0) {
		close(ctl[0]);
		struct sr_init_args args = {
			.cfg = cfg, .plan = plan, .program = program,
			.caller_cwd = caller_cwd, .ctl_fd = ctl[1],
			.rlimit_as = cg.rlimit_as, .rlimit_nproc = cg.rlimit_nproc,
			.pty_fds = pty_fds,
			.closed_std_fds = closed_std_fds,
			.ignored_signals = ignored_signals,
			.veth = cfg->net == SR_NET_VETH ? &cfg->veth : NULL,
			.kill_by = kill_by,
		};
		sr_init_main(&args);
	}
	close(ctl[1]);
	/* Into the cgroup before GO: every process of the sandbox descends
	 * from init after that. */
	if (cfg->net == SR_NET_VETH && sr_setup_veth(&cfg->veth, init, &err) == 0)
		veth_created = true;
	if ((cfg->net == SR_NET_VETH &&
	     (!veth_created || sr_veth_netns_cookie(init, &cfg->veth.netns_cookie, &err) < 0)) ||
	    sr_cgroup_enter(&cg, init, &err) < 0 || sr_write_id_maps(init, cfg, &err) < 0) {
		sr_print_error(&err);
		kill(init, SIGKILL);
		sr_wait_init(init);
		status = SR_EXIT_FAILURE;
		goto out;
	}
	/* A compromised Sentry runs as our uid: it must not reach our
	 * memory or our /proc/PID/root.  (Not before the id maps: init
	 * inherits the flag, and its /proc files would become root's.) */
	msg = SR_CTL_GO;
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0 || sr_write_all(ctl[0], &msg, 1) < 0) {
		kill(init, SIGKILL);
		sr_wait_init(init);
		status = SR_EXIT_FAILURE;
		goto out;
	}
	/* READY from init and PROGRAM from PROGRAM's process, in either
	 * order; EOF when one of them failed and said why on stderr. */
	bool ready = false;
	pid_t sentry = -1;
	pid_t gofer = -1;
	while (!ready || sentry < 0) {
		union { char type; struct sr_ctl_program program; } m;
		int fds[1];
		size_t nfds = 0;
		ssize_t n = sr_recv_fds(ctl[0], 0, &m, sizeof(m), fds, 1, &nfds);
		if (n == 1 && m.type == SR_CTL_READY && !ready) {
			ready = true;
			if (nfds == 1)
				pty.master = fds[0];
			continue;
		}
		if (n == (ssize_t)sizeof(m.program) && m.type == SR_CTL_PROGRAM && nfds == 1 && sentry < 0) {
			program_pid = m.program.pid;
			int rc = sr_start_sentry(cfg, plan, fds[0], m.program.listener_fd, m.program.landlock_scoped,
						 strace_fd, &events,
						 sandbox_id, &sentry, &gofer, &err);
			/* Not the Sentry's memory: a Sentry killed for it could
			 * not serve the sandbox's exit. */
			if (rc == 0)
				rc = sr_cgroup_enter_helper(&cg, gofer, "Gofer",
							    1u << SR_CGROUP_MEMORY | 1u << SR_CGROUP_CPU, &err);
			if (rc == 0)
				rc = sr_cgroup_enter_helper(&cg, sentry, "Sentry", 1u << SR_CGROUP_CPU, &err);
			close(fds[0]);
			/* The Sentry has its own copy. */
			if (strace_fd >= 0)
				close(strace_fd);
			strace_fd = -1;
			/* The memory limit, if it killed the set-up, is the reason
			 * given (below), not the step that failed for it. */
			if (rc < 0) {
				if (!sr_cgroup_oom_killed(&cg))
					sr_print_error(&err);
				break;
			}
			msg = SR_CTL_TAKEN;
			if (sr_write_all(ctl[0], &msg, 1) == 0)
				continue;
		}
		for (size_t i = 0; i < nfds; i++)
			close(fds[i]);
		break;
	}
	if (!ready || sentry < 0) {
		kill(init, SIGKILL);
		status = sr_wait_init(init);
		if (sentry > 0) {
			kill(sentry, SIGKILL);
			waitpid(sentry, NULL, 0);
		}
		if (gofer > 0) {
			kill(gofer, SIGKILL);
			waitpid(gofer, NULL, 0);
		}
		if (status == 0 || status == 128 + SIGKILL)
			status = SR_EXIT_FAILURE;
		goto out;
	}
	/* Whoever reads our output may go first (`sentry-run ... | head`):
	 * EPIPE, not death, so that the relay stops, the caller's terminal is
	 * restored and PROGRAM's status comes out.  Init, the Sentry and the
	 * Gofer are started already and keep the default; PROGRAM gets it
	 * back from init anyway (init.c). */
	signal(SIGPIPE, SIG_IGN);
	if (pty.master >= 0) {
		int master = pty.master;
		if (sr_pty_relay_start(&pty, master, &err) < 0) {
			sr_print_error(&err);
			kill(init, SIGKILL);
		}
	}
	status = sr_supervise(init, ctl[0], sentry, gofer, &set, cfg, &deadline, &cg, notify, &pty, &exited,
			      &reason);
out:
	sr_pty_relay_finish(&pty, cfg->kill_after_ms ? cfg->kill_after_ms : SR_TERM_GRACE_MS);
	/* init said who PROGRAM was as it exited, before it exited itself
	 * (with --wait=all, the last process of the sandbox). */
	int stopped_by;
	while (sr_read_init(ctl[0], &exited, &stopped_by) > 0)
		continue;
	/* None: init was killed before it could reap PROGRAM (the grace
	 * period's SIGKILL, an OOM), and PROGRAM went with it. */
	int program_signal = exited.signal;
	if (exited.type != SR_CTL_EXITED) {
		exited = (struct sr_ctl_exited){ .pid = program_pid };
		program_signal = program_pid > 0 && WIFSIGNALED(sr_init_wstatus) ? WTERMSIG(sr_init_wstatus) : 0;
	}
	exited.comm[sizeof(exited.comm) - 1] = '\0';
	close(ctl[0]);
	/* The pair goes with the sandbox's namespace anyway; say so now. */
	if (veth_created && sr_netlink_delete_link(cfg->veth.host_name, &err) < 0 && err.errnum != ENODEV)
		sr_print_error(&err);
	if (sr_cgroup_oom_killed(&cg)) {
		char size[32];
		sr_format_size(cfg->memory_max, size, sizeof(size));
		sr_warn("memory limit %s reached; killed", size);
		status = 128 + SIGKILL;
		reason = "memory";
	}
	sr_cgroup_destroy(&cg);
	sr_events_write_exit(&events, sandbox_id, exited.pid, exited.comm, status, program_signal, reason,
			     &sr_init_rusage);
	sr_close_outputs(&events, &strace_fd);
	/* Not when the status is sentry-run's own (124, 125), nor when init
	 * was killed before it could say (the grace period, the OOM). */
	*killed_by = exited.signal > 0 && status == 128 + exited.signal ? exited.signal : 0;
	return status;
}
