/* The event stream (--events): one JSON object a line, for a Falco-like
 * consumer.  Shared by the launcher (which opens the sink and writes the
 * exit event) and the Sentry (which queues the rest, sentry/events.c). */
#ifndef SENTRY_RUN_EVENTS_H
#define SENTRY_RUN_EVENTS_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/resource.h>

#include "util.h"

#define SR_EVENT_MAX 4096          /* one event, bounded */
/* How long the last events (dropped, exit) wait for a consumer to make
 * room without it making any, and at most in all while it drains. */
#define SR_EVENTS_EXIT_WAIT_MS 1000
#define SR_EVENTS_EXIT_TOTAL_MS 10000
/* How long a listener with a full backlog gets to accept sentry-run. */
#define SR_EVENTS_CONNECT_WAIT_MS 1000
#define SR_EVENTS_CONNECT_STEP_MS 10
#define SR_SANDBOX_ID_MAX 64        /* "sentry-run-PID", with room to spare */
/* One character in a JSON string: an escape, or up to 4 bytes of UTF-8;
 * with its NUL. */
#define SR_JSON_ESCAPED_MAX sizeof("\\udcff")

/* What the Sentry's writer owes the consumer, in memory the Sentry
 * shares with the launcher: the events made, and those written or
 * counted in a "dropped" event.  Whatever the Sentry had not delivered
 * when it ended (its queue, its last count), the launcher counts in a
 * last "dropped" event. */
struct sr_events_tally {
	atomic_ullong made, settled;
	atomic_bool write_failed;   /* said once, by whoever failed first */
};

/* The event stream: fd is -1 when there is none. */
struct sr_events_sink {
	int fd;
	struct sr_events_tally *tally;   /* MAP_SHARED, made before the Sentry is forked */
};

/* "PATH" (a file, appended to) or "unix:PATH" (a SOCK_SEQPACKET
 * listener, one record per event). */
int sr_events_open(const char *spec, struct sr_events_sink *sink, struct sr_error *err);
void sr_events_close(struct sr_events_sink *sink);
/* Write one event, waiting for room in poll up to wait_ms (-1: for
 * good): 0, or -1 when the sink takes no more (a full disk, a consumer
 * gone), which is said once for the whole sandbox.  The sink is
 * non-blocking, so that nothing is ever half written when the Sentry's
 * writer is killed. */
int sr_events_write(int fd, struct sr_events_tally *tally, const char *line, size_t len, int wait_ms);
/* A "dropped" event of `count` events, with its newline. */
bool sr_events_format_dropped(char *buf, size_t size, size_t *len, const char *sandbox_id,
			      unsigned long long count);

/* Append `s` as a JSON string (quoted, escaped, cut at `max` bytes of
 * input) at buf[*len], never past size - 1.  False if it did not fit.
 * Valid UTF-8 is written as it is (but for controls, C1, U+2028 and
 * U+2029, escaped \uXXXX), every other byte 0xXY as the lone
 * surrogate \udcXY (surrogateescape), so the bytes come back whole. */
bool sr_json_string(char *buf, size_t size, size_t *len, const char *s, size_t max);
/* The same, but cut to fit instead of refused: as much of `s` as leaves
 * `reserve` bytes (and the NUL) free after the closing quote; *cut says
 * whether some was left out.  False only if not even "" fits. */
bool sr_json_string_cut(char *buf, size_t size, size_t *len, const char *s, size_t max,
			size_t reserve, bool *cut);
/* Append formatted text; false if it did not fit. */
bool sr_json_append(char *buf, size_t size, size_t *len, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* The launcher's last event, once the Sentry is gone: how the sandbox
 * ended, with PROGRAM's pid in the sandbox (-1: it never ran) and its
 * comm when it exited ("" when it was killed before init could say),
 * the signal that killed it (0: none) and why sentry-run ended it
 * ("timeout", "memory"; NULL: it did not); before it, the count of what
 * the Sentry did not deliver, in a dropped event, or in the exit event
 * ("dropped") when that one could not be written.  Each is left out when
 * the consumer has made no room for SR_EVENTS_EXIT_WAIT_MS, or none for
 * it in SR_EVENTS_EXIT_TOTAL_MS. */
void sr_events_write_exit(const struct sr_events_sink *sink, const char *sandbox_id, int pid,
			  const char *comm, int status, int signal, const char *reason, const struct rusage *ru);

#endif
