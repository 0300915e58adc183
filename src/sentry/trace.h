/* --strace output: who made the call, as the sandbox sees it, and the
 * E/X lines of strace.c written whole, one write each. */
#ifndef SENTRY_RUN_TRACE_H
#define SENTRY_RUN_TRACE_H

#include <stdbool.h>
#include <stdint.h>

#include "sentry/notif.h"

bool sr_trace_wanted(const struct sr_call *call);
/* phase: entry (0) or exit (1); for exit, duration_ns and call->result. */
void sr_trace_line(const struct sr_call *call, bool exit, uint64_t duration_ns);
uint64_t sr_trace_now_ns(void);

#endif
