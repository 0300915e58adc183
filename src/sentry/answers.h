/* The Gofer's answers the Sentry may give again (proto.h, cache_ms).
 *
 * A compiler asks the same questions thousands of times (gcc reads the
 * link of /usr, /usr/include, /usr/lib/gcc... for every header): a
 * round trip to the Gofer costs most of such a call.  The Gofer says
 * which answers nothing in the sandbox can change, and for how long;
 * the Sentry keeps them, keyed by the whole request as the program made
 * it (the copy of its path, invariant 1), and answers from here until
 * they expire.  It resolves nothing itself: it only repeats the Gofer.
 *
 * Bounded: a fixed table, one answer a slot, a newer answer replacing
 * an older one in its slot; long paths and large results are not kept. */
#ifndef SENTRY_RUN_ANSWERS_H
#define SENTRY_RUN_ANSWERS_H

#include <stdbool.h>
#include <stdint.h>

#include "proto.h"

#define SR_ANSWERS_SLOTS 2048
/* The longest path kept, NUL included: most lookups are far shorter. */
#define SR_ANSWERS_PATH_MAX 256
/* The largest result kept: a struct statx, a short link target. */
#define SR_ANSWERS_RESULT_MAX 256

struct sr_answers;

/* NULL when out of memory (the Sentry then asks every time). */
struct sr_answers *sr_answers_new(void);
void sr_answers_free(struct sr_answers *answers);

/* Whether a request may be answered from here at all: an absolute path
 * without an fd, short enough to keep. */
bool sr_answers_eligible(const struct sr_proto_request *req);

/* The kept answer to `req`, if there is one and it is not older than
 * the Gofer allowed at `now_ns`: *reply is built as the Gofer's was
 * (op and id echoed from req). */
bool sr_answers_find(struct sr_answers *answers, const struct sr_proto_request *req,
		     uint64_t now_ns, struct sr_proto_reply *reply);

/* Keep the Gofer's `reply` to `req` when it allows it (cache_ms) and
 * both fit. */
void sr_answers_keep(struct sr_answers *answers, const struct sr_proto_request *req,
		     const struct sr_proto_reply *reply, uint64_t now_ns);

#endif
