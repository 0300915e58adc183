/* The Sentry's side of the event stream: events are queued by the
 * handlers and written by a thread of their own, so that a slow consumer
 * never blocks the sandbox; what does not fit the queue is counted and
 * reported as a "dropped" event. */
#ifndef SENTRY_RUN_SENTRY_EVENTS_H
#define SENTRY_RUN_SENTRY_EVENTS_H

#include <stdbool.h>

#include "events.h"
#include "sentry/notif.h"
#include "sentry/trace.h"

#define SR_EVENTS_QUEUE_MAX 1024

/* Start the writer on the sink (nothing happens when its fd is -1). */
int sr_sentry_events_start(const struct sr_events_sink *sink, const char *sandbox_id, struct sr_error *err);
bool sr_sentry_events_on(void);
/* Queue one event of the calling task: `fields` is a JSON fragment
 * ("\"path\":\"/x\",\"decision\":\"allow\""), already escaped. */
void sr_event_emit(const struct sr_call *call, const char *type, const char *fields);
/* The same for a task read before (sr_task_ids): an event that follows
 * the reply, when the task may be gone already. */
void sr_event_emit_as(const struct sr_task_ids *ids, const char *type, const char *fields);
/* At the end: give the writer up to timeout_ms to empty the queue. */
void sr_sentry_events_flush(int timeout_ms);

#endif
