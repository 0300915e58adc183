#include "sentry/evqueue.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "events.h"
#include "sentry/trace.h"

static pthread_mutex_t sr_ev_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t sr_ev_cond = PTHREAD_COND_INITIALIZER;
static char *sr_ev_queue[SR_EVENTS_QUEUE_MAX];
static size_t sr_ev_head, sr_ev_len;
static unsigned long long sr_ev_dropped;
static int sr_ev_fd = -1;
static struct sr_events_tally *sr_ev_tally;
static char sr_ev_sandbox[SR_SANDBOX_ID_MAX];

bool sr_sentry_events_on(void)
{
	return sr_ev_fd >= 0;
}

static bool sr_ev_busy;   /* the writer holds a line it has not written */

static void *sr_events_writer(void *arg)
{
	(void)arg;
	for (;;) {
		unsigned long long dropped;
		char *line;

		pthread_mutex_lock(&sr_ev_lock);
		while (sr_ev_len == 0 && sr_ev_dropped == 0)
			pthread_cond_wait(&sr_ev_cond, &sr_ev_lock);
		dropped = sr_ev_dropped;
		sr_ev_dropped = 0;
		line = NULL;
		sr_ev_busy = true;
		if (sr_ev_len > 0) {
			line = sr_ev_queue[sr_ev_head];
			sr_ev_head = (sr_ev_head + 1) % SR_EVENTS_QUEUE_MAX;
			sr_ev_len--;
		}
		pthread_mutex_unlock(&sr_ev_lock);
		if (dropped > 0) {
			char msg[256];
			size_t len = 0;
			if (sr_events_format_dropped(msg, sizeof(msg), &len, sr_ev_sandbox, dropped) &&
			    sr_events_write(sr_ev_fd, sr_ev_tally, msg, len, -1) == 0)
				atomic_fetch_add(&sr_ev_tally->settled, dropped);
		}
		if (line != NULL) {
			/* Waiting is fine here: only this thread waits for the
			 * consumer, and the queue bounds what waits with it. */
			if (sr_events_write(sr_ev_fd, sr_ev_tally, line, strlen(line), -1) == 0)
				atomic_fetch_add(&sr_ev_tally->settled, 1);
			free(line);
		}
		pthread_mutex_lock(&sr_ev_lock);
		sr_ev_busy = false;
		pthread_cond_broadcast(&sr_ev_cond);
		pthread_mutex_unlock(&sr_ev_lock);
	}
	return NULL;
}

void sr_sentry_events_flush(int timeout_ms)
{
	if (sr_ev_fd < 0)
		return;
	struct timespec deadline = sr_realtime_after_ms(timeout_ms);
	pthread_mutex_lock(&sr_ev_lock);
	while ((sr_ev_len > 0 || sr_ev_dropped > 0 || sr_ev_busy) &&
	       pthread_cond_timedwait(&sr_ev_cond, &sr_ev_lock, &deadline) == 0)
		;
	pthread_mutex_unlock(&sr_ev_lock);
}

int sr_sentry_events_start(const struct sr_events_sink *sink, const char *sandbox_id, struct sr_error *err)
{
	pthread_t t;

	if (sink->fd < 0)
		return 0;
	sr_ev_fd = sink->fd;
	sr_ev_tally = sink->tally;
	sr_strlcpy(sr_ev_sandbox, sandbox_id, sizeof(sr_ev_sandbox));
	if (pthread_create(&t, NULL, sr_events_writer, NULL) != 0)
		return sr_fail(err, errno, "Sentry: cannot start the event writer");
	pthread_detach(t);
	return 0;
}

void sr_event_emit(const struct sr_call *call, const char *type, const char *fields)
{
	struct sr_task_ids ids;

	if (sr_ev_fd < 0)
		return;
	sr_task_ids((pid_t)call->req->pid, &ids);
	sr_event_emit_as(&ids, type, fields);
}

void sr_event_emit_as(const struct sr_task_ids *ids, const char *type, const char *fields)
{
	char line[SR_EVENT_MAX];
	size_t len = 0;

	if (sr_ev_fd < 0)
		return;
	bool ok = sr_json_append(line, sizeof(line), &len, "{\"time\":%llu,\"sandbox\":",
				 (unsigned long long)sr_monotonic_ns()) &&
		  sr_json_string(line, sizeof(line), &len, sr_ev_sandbox, sizeof(sr_ev_sandbox)) &&
		  sr_json_append(line, sizeof(line), &len, ",\"type\":\"%s\",\"pid\":%d,\"tid\":%d,\"comm\":",
				 type, ids->pid, ids->tid) &&
		  sr_json_string(line, sizeof(line), &len, ids->comm, sizeof(ids->comm)) &&
		  sr_json_append(line, sizeof(line), &len, "%s%s}\n", fields[0] ? "," : "", fields);
	char *copy = ok ? strdup(line) : NULL;

	atomic_fetch_add(&sr_ev_tally->made, 1);
	pthread_mutex_lock(&sr_ev_lock);
	if (copy == NULL || sr_ev_len == SR_EVENTS_QUEUE_MAX) {
		sr_ev_dropped++;
		free(copy);
	} else {
		sr_ev_queue[(sr_ev_head + sr_ev_len) % SR_EVENTS_QUEUE_MAX] = copy;
		sr_ev_len++;
	}
	pthread_cond_signal(&sr_ev_cond);
	pthread_mutex_unlock(&sr_ev_lock);
}
