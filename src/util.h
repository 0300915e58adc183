/* Small utilities shared by every part of sentry-run: the one error
 * contract, messages, fd hygiene and the single audited fd-passing pair. */
#ifndef SENTRY_RUN_UTIL_H
#define SENTRY_RUN_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

/* Exit statuses of DESIGN §6. */
enum {
	SR_EXIT_FAILURE = 125,    /* sentry-run itself failed */
	SR_EXIT_NOEXEC = 126,     /* PROGRAM found but not executable */
	SR_EXIT_NOTFOUND = 127,   /* PROGRAM not found */
	SR_EXIT_TIMEOUT = 124,
};

#define SR_ERROR_MAX 512

/* The error contract (crun's, simplified): a function that can fail takes
 * a `struct sr_error *`, returns 0 on success and -1 on failure after
 * filling it in; a caller adds context with sr_error_wrap on the way up. */
struct sr_error {
	int errnum;               /* errno of the root cause, 0 if none */
	char msg[SR_ERROR_MAX];
};

int sr_fail(struct sr_error *err, int errnum, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int sr_error_wrap(struct sr_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Messages: "sentry-run: ..." on stderr, one line. */
enum sr_log_level { SR_LOG_QUIET = 0, SR_LOG_WARN = 1, SR_LOG_INFO = 2, SR_LOG_DEBUG = 3 };
extern int sr_log_level;
/* Under systemd, stderr may be a journal stream: then every message
 * carries its syslog priority as a "<N>" prefix (<3> errors, <4> warnings,
 * <6> info, <7> debug).  Call once, early. */
void sr_log_detect_journal(void);
/* True if JOURNAL_STREAM's value names the file dev:ino. */
bool sr_journal_stream_is(const char *value, dev_t dev, ino_t ino);
void sr_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void sr_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void sr_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void sr_print_error(const struct sr_error *err);
/* For straight-line set-up code in children: print and _exit(status). */
__attribute__((noreturn, format(printf, 2, 3)))
void sr_die(int status, const char *fmt, ...);
__attribute__((noreturn))
void sr_die_error(int status, const struct sr_error *err);

/* Cleanup helpers so that every early return is leak-free. */
void sr_cleanup_closep(int *fd);
void sr_cleanup_freep(void *p);
#define sr_cleanup_close __attribute__((cleanup(sr_cleanup_closep)))
#define sr_cleanup_free __attribute__((cleanup(sr_cleanup_freep)))

/* I/O that retries on EINTR and short counts. */
int sr_write_all(int fd, const void *buf, size_t len);
ssize_t sr_read_all(int fd, void *buf, size_t len);
/* Whether fd has room to write within timeout_ms (sitting through a
 * few signals): for a reader that may have stopped reading, whom a
 * blocking write would wait on for ever. */
#define SR_WAIT_WRITABLE_TRIES 3
bool sr_wait_writable(int fd, int timeout_ms);

/* What /proc/PID/stat says of a process: its state, its parent and its
 * process group.  False when it is gone, or not shown (hidepid=invisible
 * hides one that made itself undumpable when we are not root). */
bool sr_read_proc_stat(long pid, char *state, int *ppid, int *pgrp);

/* fork(2) with every signal blocked in the child from its first
 * instruction on; the caller's mask is kept.  -1 and errno on failure. */
pid_t sr_fork_signals_blocked(void);
/* Write a whole small file (e.g. /proc/PID/uid_map). */
int sr_write_file(const char *path, const char *data, struct sr_error *err);
/* Clear O_NONBLOCK on fd: 0, or -1 with errno. */
int sr_set_blocking(int fd);
/* Open `path` to write what sentry-run reports into (`option` names it
 * in messages), created if need be, with `flags` (O_APPEND, O_TRUNC):
 * never through a symbolic link, nor waiting for the reader of a FIFO,
 * either of which an earlier sandbox may have planted where it could
 * write.  The fd is blocking.  -1 with err. */
int sr_open_output_file(const char *option, const char *path, int flags, int *fd, struct sr_error *err);

/* The one audited pair for SCM_RIGHTS (OpenSSH's monitor_fdpass.c idea):
 * nobody else builds a control message.  A record of `len` bytes travels
 * with up to SR_FDPASS_MAX fds. */
#define SR_FDPASS_MAX 4
int sr_send_fds(int sock, const void *buf, size_t len, const int *fds, size_t nfds);
/* The same to `addr` (a datagram socket's destination; NULL: the peer),
 * with sendmsg flags (MSG_DONTWAIT) besides MSG_NOSIGNAL. */
int sr_send_fds_to(int sock, const struct sockaddr *addr, socklen_t addr_len, int flags, const void *buf,
		   size_t len, const int *fds, size_t nfds);
ssize_t sr_recv_fds(int sock, unsigned spin_us, void *buf, size_t len, int *fds, size_t max_fds,
		    size_t *nfds);

/* Close every fd >= 3 except those listed (sorted or not), at most this
 * many (E2BIG): the Sentry keeps one connection per worker thread. */
#define SR_CLOSE_FDS_KEEP_MAX 128
int sr_close_fds_except(const int *keep, size_t nkeep);

/* Bytes a program controls (a comm, a path, an address) in a line that
 * sentry-run writes (a message, a --strace line): printable ASCII stands
 * as itself, every other byte as "\n", "\t", "\r" or "\xNN", so that
 * nothing PROGRAM names can end the line (and forge one, with a "<0>"
 * the journal would take for a priority) or reach a terminal as a
 * control sequence (every message is so escaped).  sr_escape_byte
 * writes byte c so, with a NUL, and returns its length. */
#define SR_ESCAPED_BYTE_MAX sizeof("\\xff")
size_t sr_escape_byte(unsigned char c, char out[SR_ESCAPED_BYTE_MAX]);

/* Bounded string helpers. */
bool sr_strlcpy(char *dst, const char *src, size_t size);   /* false if cut */
bool sr_has_prefix(const char *s, const char *prefix);
/* True if `path` is `dir` or lies under it (both absolute, normalised). */
bool sr_path_is_under(const char *path, const char *dir);

/* Lexical normalisation: join a relative `path` to the absolute `cwd`,
 * drop empty and "." components, and let ".." remove the last component
 * (".." of "/" is "/").  Symlinks are not followed: use it on paths the
 * kernel already resolved, and for messages.  Returns 0, ENOENT for an
 * empty path, EINVAL for a relative path without an absolute cwd, or
 * ENAMETOOLONG when the input, or the result (or any intermediate step),
 * does not fit PATH_MAX or `outsize` bytes with its NUL. */
int sr_path_normalize(const char *cwd, const char *path, char *out, size_t outsize);

/* CLOCK_MONOTONIC in nanoseconds: the clock of --strace, --stats and
 * the event stream. */
uint64_t sr_monotonic_ns(void);
/* CLOCK_REALTIME `ms` from now: a deadline for pthread_cond_timedwait. */
struct timespec sr_realtime_after_ms(long ms);

/* Drop every capability (bounding, ambient, effective, permitted,
 * inheritable) but `keep` (-1: none). */
int sr_drop_capabilities(int keep, struct sr_error *err);

/* What the Sentry's and the Gofer's confinement returns, besides 0 and
 * -1, when PROGRAM exited before they could join its namespaces
 * (execvp("") fails with no system call): the sandbox ends with
 * PROGRAM, and they have nothing to serve. */
#define SR_CONFINE_PROGRAM_GONE 1

#define SR_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif
