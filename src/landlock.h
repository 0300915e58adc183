/* Landlock on the program (DESIGN §3 invariant 5, the kernel's own layer
 * under the Sentry).  Its scopes: a socket the program holds cannot
 * reach an abstract unix socket made outside the sandbox, and its
 * signals reach only the sandbox's processes, whatever the Sentry lets
 * through.  That matters where a call never meets the Sentry: a socket
 * of the host's network namespace passed in with --pass-fd connects in
 * the kernel, to that namespace's abstract sockets. */
#ifndef SENTRY_RUN_LANDLOCK_H
#define SENTRY_RUN_LANDLOCK_H

#include <stdbool.h>

#include "util.h"

/* The first Landlock ABI with scopes (Linux 6.12). */
#define SR_LANDLOCK_ABI_SCOPES 6

/* The kernel's Landlock ABI, 0 when it has none (too old, or Landlock
 * not enabled at boot). */
int sr_landlock_abi(void);

/* Puts the calling process (init, before it forks PROGRAM) in a Landlock
 * domain with those scopes; it needs no_new_privs.  *applied says whether
 * the kernel has them: an older one leaves the process as it was, and
 * the caller says so. */
int sr_landlock_scope_self(bool *applied, struct sr_error *err);

#endif
