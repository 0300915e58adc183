#include "pty.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

/* One read of the relay; a terminal delivers far less at a time. */
#define SR_PTY_CHUNK 4096

bool sr_pty_wanted(enum sr_pty_mode mode)
{
	if (mode == SR_PTY_ALWAYS)
		return true;
	if (mode == SR_PTY_NEVER)
		return false;
	return isatty(STDIN_FILENO) == 1;
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

int sr_pty_make_controlling(int slave, struct sr_error *err)
{
	if (setsid() < 0)
		return sr_fail(err, errno, "setsid");
	if (ioctl(slave, TIOCSCTTY, 0) < 0)
		return sr_fail(err, errno, "cannot make the pty the controlling terminal");
	for (int fd = 0; fd <= 2; fd++)
		if (dup2(slave, fd) < 0)
			return sr_fail(err, errno, "dup2 of the pty");
	if (slave > 2)
		close(slave);
	return 0;
}

void sr_pty_relay_init(struct sr_pty_relay *r)
{
	memset(r, 0, sizeof(*r));
	r->master = -1;
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

int sr_pty_relay_start(struct sr_pty_relay *r, int master, struct sr_error *err)
{
	struct termios raw;

	r->master = master;
	r->stdin_open = true;
	if (fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK) < 0)
		return sr_fail(err, errno, "pty: O_NONBLOCK");
	sr_pty_relay_resize(r);
	if (isatty(STDIN_FILENO) != 1)
		return 0;
	if (tcgetattr(STDIN_FILENO, &r->saved) < 0)
		return sr_fail(err, errno, "cannot read the terminal's modes");
	raw = r->saved;
	/* Every key goes to the sandbox's terminal, which does the editing,
	 * the echo and the signals (Ctrl-C, Ctrl-Z) for its own processes. */
	cfmakeraw(&raw);
	if (tcsetattr(STDIN_FILENO, TCSADRAIN, &raw) < 0)
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

bool sr_pty_relay_from_stdin(struct sr_pty_relay *r)
{
	char buf[SR_PTY_CHUNK];
	ssize_t n = read(STDIN_FILENO, buf, sizeof(buf));

	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return true;
	if (n <= 0) {
		/* End of input: the terminal's EOF character, as typing
		 * Ctrl-D would, then no more reading. */
		struct termios t;
		char eof = 4;
		if (tcgetattr(r->master, &t) == 0 && t.c_cc[VEOF] != 0)
			eof = (char)t.c_cc[VEOF];
		(void)sr_write_all(r->master, &eof, 1);
		r->stdin_open = false;
		return true;
	}
	/* The master is non-blocking: wait for room rather than drop keys. */
	for (ssize_t off = 0; off < n; ) {
		ssize_t w = write(r->master, buf + off, (size_t)(n - off));
		if (w > 0) {
			off += w;
			continue;
		}
		if (w < 0 && errno == EAGAIN) {
			struct pollfd p = { .fd = r->master, .events = POLLOUT };
			(void)poll(&p, 1, 100);
			continue;
		}
		if (w < 0 && errno == EINTR)
			continue;
		return false;
	}
	return true;
}

bool sr_pty_relay_from_master(struct sr_pty_relay *r)
{
	char buf[SR_PTY_CHUNK];
	ssize_t n = read(r->master, buf, sizeof(buf));

	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return true;
	/* EIO: every slave is closed, PROGRAM and its children are done
	 * with the terminal. */
	if (n <= 0)
		return false;
	return sr_write_all(STDOUT_FILENO, buf, (size_t)n) == 0;
}

void sr_pty_relay_finish(struct sr_pty_relay *r)
{
	if (r->master >= 0) {
		while (sr_pty_relay_from_master(r)) {
			struct pollfd p = { .fd = r->master, .events = POLLIN };
			if (poll(&p, 1, 0) <= 0)
				break;
		}
		close(r->master);
		r->master = -1;
	}
	/* Only in the foreground: the terminal is someone else's now if we
	 * were put in the background.  A terminal that is not our
	 * controlling one (setsid) has no foreground for us: restored too,
	 * since its modes are ours to give back.  Output stopped (TCOOFF)
	 * is started first, or the drain would never end. */
	pid_t foreground = r->modes_fd >= 0 ? tcgetpgrp(r->modes_fd) : -1;
	if (r->modes_fd >= 0 && (foreground < 0 || foreground == getpgrp())) {
		(void)tcflow(r->modes_fd, TCOON);
		(void)tcsetattr(r->modes_fd, TCSADRAIN, &r->saved);
	}
	r->modes_fd = -1;
}
