/* The sandbox's terminal (DESIGN invariant 6): PROGRAM gets a fresh pty
 * of the sandbox's own devpts, and sentry-run relays between it and the
 * caller's terminal, which never enters the sandbox. */
#ifndef SENTRY_RUN_PTY_H
#define SENTRY_RUN_PTY_H

#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <termios.h>

#include "config.h"
#include "util.h"

/* Which of fds 0-2 PROGRAM gets a pty on, bit N for fd N; 0: no pty.
 * Always: all three.  Auto: when stdin and stdout are terminals, those
 * that are (stderr sent elsewhere stays there); else none, so that
 * output sent elsewhere (`| sha256sum`) is written there by PROGRAM,
 * bytes unchanged and each stream apart, with the caller's terminal
 * not made raw under whoever else writes to it (`| less`). */
unsigned sr_pty_fds(enum sr_pty_mode mode);

/* In init, inside the new root: a new pty from /dev/ptmx.  The master
 * goes to the launcher, the slave becomes PROGRAM's terminal. */
int sr_pty_open(int *master, int *slave, struct sr_error *err);
/* "/dev/pts/" and an index, with its NUL. */
#define SR_PTY_NAME_MAX 32
/* In init: the path of the pty of `master` in the sandbox's devpts. */
int sr_pty_name(int master, char *name, size_t size, struct sr_error *err);
/* In PROGRAM's process, its environment set: a SSH_TTY (sshd's name for
 * the session's tty, on the host's devpts) names `name`, the pty that
 * PROGRAM has and tty(1) names, as it does natively. */
int sr_pty_set_ssh_tty(const char *name);
/* In init, the leader of a session of its own: `slave` becomes the
 * session's controlling terminal.  So init, as a shell is, leads the
 * session and PROGRAM is its job: PROGRAM's process group has a parent
 * in the session and a stop from the terminal (Ctrl-Z) reaches it,
 * where the kernel drops stop signals to an orphaned process group. */
int sr_pty_make_controlling(int slave, struct sr_error *err);
/* In PROGRAM's process, before exec: a process group of its own made
 * the terminal's foreground (Ctrl-C, Ctrl-Z and resizes signal it, not
 * init), on the fds of sr_pty_fds. */
int sr_pty_take_foreground(int slave, unsigned fds, struct sr_error *err);

/* The launcher's side.  Neither direction ever blocks the supervisor:
 * each has a buffer, and a side that cannot take more is waited for
 * with poll, so that a reader of sentry-run's output that stops reading
 * (a pager, Ctrl-S) or a PROGRAM that stops reading its input holds off
 * neither --timeout nor SIGTERM. */
#define SR_PTY_BUF 4096

struct sr_pty_buf {
	char data[SR_PTY_BUF];
	size_t off, len;           /* data[off, off+len) waits to go */
};

struct sr_pty_relay {
	int master;                /* -1: no pty, or it hung up */
	/* A slave of our own, open until the end: a PROGRAM that closes
	 * every fd of its terminal and goes on (and may reopen /dev/tty)
	 * keeps it, as under sshd, where the master's EIO would otherwise
	 * make us hang it up.  -1: none. */
	int slave;
	bool stdin_open;           /* still reading the caller's stdin */
	int out_fd;                /* where output goes (pty.c says which);
	                            * -1: not started */
	bool out_socket;           /* send with MSG_DONTWAIT */
	size_t out_chunk;          /* the most one write may carry */
	struct sr_pty_buf to_master, to_out;
	int modes_fd;              /* the caller's terminal, whose modes are
	                            * restored at the end; -1: none */
	struct termios saved;      /* to restore on every way out */
	struct termios active;     /* the sandbox's modes while we are
	                            * stopped (sr_pty_relay_suspend) */
	bool suspended;            /* `active` holds them */
};

/* The three pollfds of the relay, in this order. */
enum { SR_PTY_POLL_IN, SR_PTY_POLL_MASTER, SR_PTY_POLL_OUT, SR_PTY_NPOLL };

void sr_pty_relay_init(struct sr_pty_relay *r);
/* --no-pty: PROGRAM holds the caller's terminal, if one of fds 0-2 is
 * one, and may change its modes (raw, no echo, output stopped); keep
 * them to restore at the end, as with a pty. */
void sr_pty_keep_modes(struct sr_pty_relay *r);
/* Put the caller's terminal in raw mode and copy its window size. */
int sr_pty_relay_start(struct sr_pty_relay *r, int master, struct sr_error *err);
/* The caller's window changed (SIGWINCH). */
void sr_pty_relay_resize(struct sr_pty_relay *r);
/* What to wait for now: stdin while nothing waits for the master, the
 * master for reading while the output buffer is empty and for writing
 * while input waits, stdout while output waits.  Unused slots get -1. */
void sr_pty_relay_poll(const struct sr_pty_relay *r, struct pollfd pfd[SR_PTY_NPOLL]);
/* Move what pfd's revents allow, never blocking. */
void sr_pty_relay_step(struct sr_pty_relay *r, const struct pollfd pfd[SR_PTY_NPOLL]);
/* What waits to go out now, with no more input: what PROGRAM wrote
 * before it stopped reaches the caller's terminal before its shell's
 * "Stopped".  At most wait_ms for a reader that makes no progress. */
void sr_pty_relay_drain(struct sr_pty_relay *r, uint64_t wait_ms);
/* Job control: before sentry-run stops, the caller's terminal gets
 * its own modes back (in the foreground only: else it is someone
 * else's); as sentry-run goes on, the sandbox's modes (raw, or what
 * PROGRAM set) come back, and the window size is passed on anew.  A
 * sentry-run continued in the background leaves the modes be and, with
 * a pty, relays output but reads no input (suspended) until resumed
 * again in the foreground (its SIGCONT from `fg`). */
void sr_pty_relay_suspend(struct sr_pty_relay *r);
void sr_pty_relay_resume(struct sr_pty_relay *r);
/* Drain what PROGRAM wrote last, waiting at most wait_ms for a reader
 * that makes no progress; restore the caller's terminal; close. */
void sr_pty_relay_finish(struct sr_pty_relay *r, uint64_t wait_ms);
/* --wait=all: PROGRAM's first process exited, and the pty goes with it
 * although the sandbox lives on.  What it holds goes out (waiting at
 * most wait_ms), the pty hangs up (a daemon that kept it gets EIO, and
 * SIGHUP in its foreground group, as from a closed terminal), and the
 * caller's terminal gets its modes back, its Ctrl-C sentry-run's again.
 * Nothing without a pty. */
void sr_pty_relay_end(struct sr_pty_relay *r, uint64_t wait_ms);

#endif
