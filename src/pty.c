#include "pty.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

/* A terminal wakes its writers when fewer than this many characters
 * wait (the kernel's WAKEUP_CHARS): what POLLOUT promises room for. */
#define SR_PTY_TTY_WAKEUP 256

#define SR_PTY_ALL_FDS 7u

unsigned sr_pty_fds(enum sr_pty_mode mode)
{
	unsigned fds = 0;

	if (mode == SR_PTY_ALWAYS)
		return SR_PTY_ALL_FDS;
	if (mode == SR_PTY_NEVER || isatty(STDIN_FILENO) != 1 || isatty(STDOUT_FILENO) != 1)
		return 0;
	for (int fd = STDIN_FILENO; fd <= STDERR_FILENO; fd++)
		if (isatty(fd) == 1)
			fds |= 1u << fd;
	return fds;
}

int sr_pty_open(int *master, int *slave, struct sr_error *err)
{
	int unlock = 0;

	*master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (*master < 0)
		return sr_fail(err, errno, "cannot open /dev/ptmx in the sandbox");
	if (ioctl(*master, TIOCSPTLCK, &unlock) < 0) {
		close(*master);
		return sr_fail(err, errno, "cannot unlock the sandbox's pty");
	}
	/* TIOCGPTPEER (Linux 4.13) opens the slave through the master, with
	 * no path lookup to race with. */
	*slave = ioctl(*master, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (*slave < 0) {
		close(*master);
		return sr_fail(err, errno, "cannot open the sandbox's pty (TIOCGPTPEER)");
	}
	return 0;
}

int sr_pty_name(int master, char *name, size_t size, struct sr_error *err)
{
	unsigned index;
	int n;

	if (ioctl(master, TIOCGPTN, &index) < 0)
		return sr_fail(err, errno, "cannot read the number of the sandbox's pty (TIOCGPTN)");
	n = snprintf(name, size, "/dev/pts/%u", index);
	if (n < 0 || (size_t)n >= size)
		return sr_fail(err, ENAMETOOLONG, "the name of the sandbox's pty");
	return 0;
}

int sr_pty_set_ssh_tty(const char *name)
{
	if (getenv("SSH_TTY") == NULL)
		return 0;
	return setenv("SSH_TTY", name, 1);
}

int sr_pty_make_controlling(int slave, struct sr_error *err)
{
	if (ioctl(slave, TIOCSCTTY, 0) < 0)
		return sr_fail(err, errno, "cannot make the pty the sandbox's controlling terminal");
	return 0;
}

int sr_pty_take_foreground(int slave, unsigned fds, struct sr_error *err)
{
	sigset_t ttou, old;
	int rc, e;

	if (setpgid(0, 0) < 0)
		return sr_fail(err, errno, "cannot give PROGRAM a process group of its own (setpgid)");
	/* Out of the foreground now, a tcsetpgrp would stop us (SIGTTOU)
	 * unless the signal is blocked.  Here, not in init: PROGRAM must be
	 * the foreground before it first reads its terminal. */
	sigemptyset(&ttou);
	sigaddset(&ttou, SIGTTOU);
	if (sigprocmask(SIG_BLOCK, &ttou, &old) < 0)
		return sr_fail(err, errno, "sigprocmask");
	rc = tcsetpgrp(slave, getpid());
	e = errno;
	(void)sigprocmask(SIG_SETMASK, &old, NULL);
	if (rc < 0)
		return sr_fail(err, e, "cannot make PROGRAM the foreground of its terminal (tcsetpgrp)");
	for (int fd = 0; fd <= 2; fd++)
		if ((fds & (1u << fd)) && dup2(slave, fd) < 0)
			return sr_fail(err, errno, "dup2 of the pty");
	if (slave > 2)
		close(slave);
	return 0;
}

void sr_pty_relay_init(struct sr_pty_relay *r)
{
	memset(r, 0, sizeof(*r));
	r->master = -1;
	r->slave = -1;
	r->out_fd = -1;
	r->modes_fd = -1;
}

void sr_pty_keep_modes(struct sr_pty_relay *r)
{
	for (int fd = STDIN_FILENO; fd <= STDERR_FILENO; fd++)
		if (isatty(fd) == 1 && tcgetattr(fd, &r->saved) == 0) {
			r->modes_fd = fd;
			return;
		}
}

/* Output goes to an open file description of our own, non-blocking, so
 * that the caller's, which its shell shares, keeps its flags: reopening
 * stdout through /proc gives one for a terminal or a pipe.  A socket is
 * sent to with MSG_DONTWAIT.  Anything else is written to as it is: a
 * file never makes us wait; a terminal or a pipe we cannot reopen is
 * given no more than poll's POLLOUT promises room for (a pipe's
 * PIPE_BUF; for a terminal, what it wakes writers at). */
static void sr_pty_open_output(struct sr_pty_relay *r)
{
	struct stat st;
	int fd;

	r->out_fd = STDOUT_FILENO;
	r->out_socket = false;
	r->out_chunk = SR_PTY_BUF;
	if (fstat(STDOUT_FILENO, &st) < 0 || S_ISREG(st.st_mode))
		return;
	if (S_ISSOCK(st.st_mode)) {
		r->out_socket = true;
		return;
	}
	if (S_ISFIFO(st.st_mode) || isatty(STDOUT_FILENO) == 1) {
		fd = open("/proc/self/fd/1", O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
		if (fd >= 0) {
			r->out_fd = fd;
			return;
		}
		if (!S_ISFIFO(st.st_mode))
			r->out_chunk = SR_PTY_TTY_WAKEUP;
	}
}

int sr_pty_relay_start(struct sr_pty_relay *r, int master, struct sr_error *err)
{
	struct termios raw;

	r->master = master;
	r->stdin_open = true;
	if (fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK) < 0)
		return sr_fail(err, errno, "pty: O_NONBLOCK");
	r->slave = ioctl(master, TIOCGPTPEER, O_RDONLY | O_NOCTTY | O_CLOEXEC);
	if (r->slave < 0)
		return sr_fail(err, errno, "cannot hold the sandbox's pty open (TIOCGPTPEER)");
	sr_pty_open_output(r);
	sr_pty_relay_resize(r);
	if (isatty(STDIN_FILENO) != 1)
		return 0;
	if (tcgetattr(STDIN_FILENO, &r->saved) < 0)
		return sr_fail(err, errno, "cannot read the terminal's modes");
	raw = r->saved;
	/* Every key goes to the sandbox's terminal, which does the editing,
	 * the echo and the signals (Ctrl-C, Ctrl-Z) for its own processes. */
	cfmakeraw(&raw);
	/* TCSANOW: a terminal whose output nobody reads would never drain,
	 * and what is queued was processed as it was written anyway. */
	if (tcsetattr(STDIN_FILENO, TCSANOW, &raw) < 0)
		return sr_fail(err, errno, "cannot put the terminal in raw mode");
	r->modes_fd = STDIN_FILENO;
	return 0;
}

void sr_pty_relay_resize(struct sr_pty_relay *r)
{
	struct winsize ws;

	if (r->master < 0)
		return;
	if (ioctl(STDIN_FILENO, TIOCGWINSZ, &ws) == 0 || ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0)
		(void)ioctl(r->master, TIOCSWINSZ, &ws);
}

/* Every slave is closed (PROGRAM and its children are done with the
 * terminal), or nobody reads what they write: hang the terminal up. */
static void sr_pty_hang_up(struct sr_pty_relay *r)
{
	pid_t fg;

	/* The kernel tells a hang-up to the session's leader, init, which
	 * passes it on to PROGRAM's process group: later than the EIO its
	 * next write meets (yes(1) exits 1 on it, not of SIGHUP).  So the
	 * foreground group is told first, as the leader of a native session
	 * (a shell) tells its job; TIOCGPGRP gives it in our pid namespace. */
	if (r->master >= 0 && ioctl(r->master, TIOCGPGRP, &fg) == 0 && fg > 0) {
		kill(-fg, SIGHUP);
		kill(-fg, SIGCONT);
	}
	if (r->slave >= 0)
		close(r->slave);
	r->slave = -1;
	if (r->master >= 0)
		close(r->master);
	r->master = -1;
	r->to_master.len = 0;
}

/* Write out what b holds, at most chunk bytes at a time, without
 * blocking (a socket is sent to with MSG_DONTWAIT): true when all of it
 * went or fd is full for now, false when fd takes nothing any more (the
 * reader is gone) and what b held is dropped. */
static bool sr_pty_flush(struct sr_pty_buf *b, int fd, size_t chunk, bool socket)
{
	while (b->len > 0) {
		size_t n = b->len < chunk ? b->len : chunk;
		ssize_t w = socket ? send(fd, b->data + b->off, n, MSG_DONTWAIT | MSG_NOSIGNAL)
				   : write(fd, b->data + b->off, n);
		if (w > 0) {
			b->off += (size_t)w;
			b->len -= (size_t)w;
		} else if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			return true;
		} else if (!(w < 0 && errno == EINTR)) {
			b->len = 0;
			b->off = 0;
			return false;
		}
	}
	b->off = 0;
	return true;
}

/* Input nobody can read any more (no slave left) is simply dropped. */
static void sr_pty_flush_master(struct sr_pty_relay *r)
{
	(void)sr_pty_flush(&r->to_master, r->master, sizeof(r->to_master.data), false);
}

/* The reader of our output is gone (EPIPE): PROGRAM's terminal hangs
 * up, as a closed terminal's would. */
static void sr_pty_flush_out(struct sr_pty_relay *r)
{
	if (!sr_pty_flush(&r->to_out, r->out_fd, r->out_chunk, r->out_socket))
		sr_pty_hang_up(r);
}

static void sr_pty_read_stdin(struct sr_pty_relay *r)
{
	struct sr_pty_buf *b = &r->to_master;
	ssize_t n = read(STDIN_FILENO, b->data, sizeof(b->data));

	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	b->off = 0;
	if (n <= 0) {
		/* End of input: the terminal's EOF character, as typing
		 * Ctrl-D would, then no more reading. */
		struct termios t;
		b->data[0] = 4;
		if (tcgetattr(r->master, &t) == 0 && t.c_cc[VEOF] != 0)
			b->data[0] = (char)t.c_cc[VEOF];
		b->len = 1;
		r->stdin_open = false;
	} else {
		b->len = (size_t)n;
	}
	sr_pty_flush_master(r);
}

static void sr_pty_read_master(struct sr_pty_relay *r)
{
	struct sr_pty_buf *b = &r->to_out;
	ssize_t n = read(r->master, b->data, sizeof(b->data));

	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	/* EIO: every slave is closed (ours is, once finishing). */
	if (n <= 0) {
		sr_pty_hang_up(r);
		return;
	}
	b->off = 0;
	b->len = (size_t)n;
	sr_pty_flush_out(r);
}

void sr_pty_relay_poll(const struct sr_pty_relay *r, struct pollfd pfd[SR_PTY_NPOLL])
{
	short master_events = 0;

	if (r->master >= 0 && r->to_out.len == 0)
		master_events |= POLLIN;
	if (r->master >= 0 && r->to_master.len > 0)
		master_events |= POLLOUT;
	pfd[SR_PTY_POLL_IN] = (struct pollfd){
		.fd = r->master >= 0 && r->stdin_open && !r->suspended && r->to_master.len == 0 ? STDIN_FILENO : -1,
		.events = POLLIN,
	};
	pfd[SR_PTY_POLL_MASTER] = (struct pollfd){ .fd = master_events ? r->master : -1, .events = master_events };
	pfd[SR_PTY_POLL_OUT] = (struct pollfd){ .fd = r->to_out.len > 0 ? r->out_fd : -1, .events = POLLOUT };
}

void sr_pty_relay_step(struct sr_pty_relay *r, const struct pollfd pfd[SR_PTY_NPOLL])
{
	short master = pfd[SR_PTY_POLL_MASTER].revents;

	if (pfd[SR_PTY_POLL_IN].revents != 0)
		sr_pty_read_stdin(r);
	if (r->master >= 0 && (master & POLLOUT))
		sr_pty_flush_master(r);
	if (r->master >= 0 && (master & (POLLIN | POLLHUP | POLLERR))) {
		if (r->to_out.len == 0)
			sr_pty_read_master(r);
		else
			r->to_master.len = 0;  /* hung up while output waits: input has no reader */
	}
	if (pfd[SR_PTY_POLL_OUT].revents != 0)
		sr_pty_flush_out(r);
}

/* Only in the foreground: the terminal is someone else's if we were put
 * in the background.  A terminal that is not our controlling one
 * (setsid) has no foreground for us: its modes are ours to give back. */
static bool sr_pty_modes_ours(const struct sr_pty_relay *r)
{
	pid_t foreground = r->modes_fd >= 0 ? tcgetpgrp(r->modes_fd) : -1;

	return r->modes_fd >= 0 && (foreground < 0 || foreground == getpgrp());
}

void sr_pty_relay_finish(struct sr_pty_relay *r, uint64_t wait_ms)
{
	int timeout = wait_ms > INT_MAX ? INT_MAX : (int)wait_ms;

	/* Not started (set-up failed): PROGRAM never ran. */
	if (r->out_fd < 0)
		sr_pty_hang_up(r);
	r->stdin_open = false;
	r->to_master.len = 0;
	/* Ours closed, the master's EIO says when PROGRAM's side is done. */
	if (r->slave >= 0)
		close(r->slave);
	r->slave = -1;
	while (r->master >= 0 || r->to_out.len > 0) {
		struct pollfd pfd[SR_PTY_NPOLL];
		sr_pty_relay_poll(r, pfd);
		int n = poll(pfd, SR_PTY_NPOLL, timeout);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;    /* nothing moved for wait_ms: a reader that does not read */
		sr_pty_relay_step(r, pfd);
	}
	sr_pty_hang_up(r);
	if (r->out_fd > STDERR_FILENO)
		close(r->out_fd);
	r->out_fd = -1;
	/* Output stopped (TCOOFF) is started again; TCSANOW, not
	 * TCSADRAIN, as at the start. */
	if (sr_pty_modes_ours(r)) {
		(void)tcflow(r->modes_fd, TCOON);
		(void)tcsetattr(r->modes_fd, TCSANOW, &r->saved);
	}
	r->modes_fd = -1;
}

void sr_pty_relay_end(struct sr_pty_relay *r, uint64_t wait_ms)
{
	if (r->master < 0)
		return;
	/* Hung up first: a daemon writing on would hold finish's wait for
	 * the master's EIO for ever. */
	sr_pty_relay_drain(r, wait_ms);
	sr_pty_hang_up(r);
	sr_pty_relay_finish(r, wait_ms);
}

void sr_pty_relay_drain(struct sr_pty_relay *r, uint64_t wait_ms)
{
	uint64_t deadline = sr_monotonic_ns() + wait_ms * 1000000u;

	for (uint64_t now = sr_monotonic_ns(); now < deadline; now = sr_monotonic_ns()) {
		struct pollfd pfd[SR_PTY_NPOLL];
		uint64_t left_ms = (deadline - now) / 1000000u;

		sr_pty_relay_poll(r, pfd);
		pfd[SR_PTY_POLL_IN].fd = -1;
		/* Output waiting for room is waited for; the master is only
		 * read for what it holds already. */
		int n = poll(pfd, SR_PTY_NPOLL, r->to_out.len == 0 ? 0 : left_ms > INT_MAX ? INT_MAX : (int)left_ms);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		sr_pty_relay_step(r, pfd);
	}
}

void sr_pty_relay_suspend(struct sr_pty_relay *r)
{
	r->suspended = false;
	if (!sr_pty_modes_ours(r) || tcgetattr(r->modes_fd, &r->active) < 0)
		return;
	r->suspended = true;
	(void)tcsetattr(r->modes_fd, TCSANOW, &r->saved);
}

static bool sr_termios_equal(const struct termios *a, const struct termios *b)
{
	return a->c_iflag == b->c_iflag && a->c_oflag == b->c_oflag && a->c_cflag == b->c_cflag &&
	       a->c_lflag == b->c_lflag && memcmp(a->c_cc, b->c_cc, sizeof(a->c_cc)) == 0;
}

void sr_pty_relay_resume(struct sr_pty_relay *r)
{
	struct termios now;

	/* Resized while we were stopped: the SIGWINCH went to the caller's
	 * shell, the foreground then. */
	sr_pty_relay_resize(r);
	if (!r->suspended || r->modes_fd < 0)
		return;
	/* In the background (bg, or continued by someone else while the
	 * caller's shell reads a command line) the terminal's modes are the
	 * shell's, not ours to set.  With a pty, output still goes out, as
	 * a background job's does natively, but stdin waits (suspended)
	 * until `fg` continues us in the foreground.  Without one PROGRAM
	 * holds the caller's terminal itself, and meets its stops as it
	 * would natively. */
	if (!sr_pty_modes_ours(r)) {
		r->suspended = r->master >= 0;
		return;
	}
	r->suspended = false;
	/* The caller's shell may have changed them meanwhile (stty). */
	if (tcgetattr(r->modes_fd, &now) == 0)
		r->saved = now;
	/* Equal: nothing to set, and a job continued with `bg` runs on. */
	if (!sr_termios_equal(&r->active, &r->saved))
		(void)tcsetattr(r->modes_fd, TCSANOW, &r->active);
}
