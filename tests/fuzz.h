/* The mutation tests' random numbers: a fixed xorshift, so that every run
 * makes the same mutations and a failure can be replayed. */
#ifndef SENTRY_RUN_TESTS_FUZZ_H
#define SENTRY_RUN_TESTS_FUZZ_H

#include <stdint.h>

struct fuzz {
	uint64_t state;            /* never 0 */
};

static inline uint64_t fuzz_next(struct fuzz *f)
{
	f->state ^= f->state << 13;
	f->state ^= f->state >> 7;
	f->state ^= f->state << 17;
	return f->state;
}

#endif
