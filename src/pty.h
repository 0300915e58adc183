/* The sandbox's terminal (DESIGN invariant 6): PROGRAM gets a fresh pty
 * of the sandbox's own devpts, and sentry-run relays between it and the
 * caller's terminal, which never enters the sandbox. */
#ifndef SENTRY_RUN_PTY_H
#define SENTRY_RUN_PTY_H

#include <stdbool.h>
#include <termios.h>

#include "config.h"
#include "util.h"

/* Whether PROGRAM gets a pty: always, never, or when stdin is a terminal. */
bool sr_pty_wanted(enum sr_pty_mode mode);

/* In init, inside the new root: a new pty from /dev/ptmx.  The master
 * goes to the launcher, the slave becomes PROGRAM's terminal. */
int sr_pty_open(int *master, int *slave, struct sr_error *err);
/* In PROGRAM's process: a session of its own with `slave` as its
 * controlling terminal on fds 0, 1 and 2. */
int sr_pty_make_controlling(int slave, struct sr_error *err);

/* The launcher's side. */
struct sr_pty_relay {
	int master;                /* -1: no pty */
	bool stdin_open;           /* still reading the caller's stdin */
	int modes_fd;              /* the caller's terminal, whose modes are
	                            * restored at the end; -1: none */
	struct termios saved;      /* to restore on every way out */
};

void sr_pty_relay_init(struct sr_pty_relay *r);
/* --no-pty: PROGRAM holds the caller's terminal, if one of fds 0-2 is
 * one, and may change its modes (raw, no echo, output stopped); keep
 * them to restore at the end, as with a pty. */
void sr_pty_keep_modes(struct sr_pty_relay *r);
/* Put the caller's terminal in raw mode and copy its window size. */
int sr_pty_relay_start(struct sr_pty_relay *r, int master, struct sr_error *err);
/* The caller's window changed (SIGWINCH). */
void sr_pty_relay_resize(struct sr_pty_relay *r);
/* Copy what is readable: from stdin to the master, from the master to
 * stdout.  Returns false once the master has hung up. */
bool sr_pty_relay_from_stdin(struct sr_pty_relay *r);
bool sr_pty_relay_from_master(struct sr_pty_relay *r);
/* Drain what PROGRAM wrote last, restore the caller's terminal, close. */
void sr_pty_relay_finish(struct sr_pty_relay *r);

#endif
