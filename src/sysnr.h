/* System call numbers by name, for the filters: the syscall table's,
 * and those the Sentry and the Gofer load on themselves. */
#ifndef SR_SYSNR_H
#define SR_SYSNR_H

#include <seccomp.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"

/* The x86-64 number of `name`: libseccomp's, or compat.h's for a call
 * newer than libseccomp knows; -1 when neither knows it, or when they
 * disagree. */
int sr_syscall_nr(const char *name);

/* Adds a rule with `action` for each of the `n` calls `names` to ctx.
 * A name sr_syscall_nr does not know fails: a self-filter that quietly
 * left a call out would be open where it says it is closed. */
int sr_seccomp_deny_names(scmp_filter_ctx ctx, uint32_t action, const char *const *names, size_t n,
			  struct sr_error *err);

#endif
