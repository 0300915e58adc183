/* The BPF program, generated from the syscall table and the profile
 * (DESIGN §2), and its loading with a user-notification listener. */
#ifndef SENTRY_RUN_FILTER_H
#define SENTRY_RUN_FILTER_H

#include <linux/seccomp.h>
#include <seccomp.h>
#include <stdbool.h>

#include "config.h"
#include "sentry/table.h"
#include "util.h"

/* What the running kernel's seccomp() accepts beyond Linux 5.0. */
struct sr_filter_features {
	bool wait_killable_recv;  /* SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV (5.19) */
};

void sr_filter_probe_features(struct sr_filter_features *features);

/* The profile's say in what rows do (sr_row_disposition). */
static inline struct sr_row_context sr_filter_row_context(const struct sr_config *cfg)
{
	return (struct sr_row_context){
		.net_emulated = sr_config_net_emulated(cfg),
		.metadata_in_kernel = cfg->metadata == SR_METADATA_KERNEL,
	};
}

/* Build the filter for the native architecture (x86-64) from the table
 * and cfg's [syscalls] section:
 *   - deny=NAME refuses the call in the kernel with EPERM, argument
 *     rules and Sentry included (a row refused already keeps its errno);
 *     deny wins over allow;
 *   - allow=NAME turns a refused row into an allowed one, unless the row
 *     is SR_ROW_NEVER; on an allowed row it changes nothing (argument
 *     rules stay); naming a row the Sentry serves is an error;
 *   - a number without a row takes cfg->default_action: errno gives
 *     ENOSYS (a libc newer than the table falls back), kill kills the
 *     process, log notifies the Sentry of every x86-64 number below 512
 *     (the Sentry must log it and answer ENOSYS) and gives the rest
 *     ENOSYS: no default lets an unknown call through (DESIGN §3.7);
 *   - another architecture (i386 via int $0x80, x32) kills the process.
 * With trace_all (--strace, --stats) every row that would be allowed is
 * notified instead.  With trace_all, or when cfg names an event stream,
 * every refusal (by name, by argument rule, by deny=) is notified too,
 * for the Sentry to show, count or record and answer with
 * sr_filter_refusal's errno; otherwise refusals stay in the kernel,
 * where they cost nothing.  What the filter kills (another architecture,
 * a number without a row under default-action=kill) is killed in the
 * kernel in every mode.  The caller releases *out with seccomp_release. */
int sr_filter_build(const struct sr_config *cfg, bool trace_all,
		    scmp_filter_ctx *out, struct sr_error *err);

/* The errno the filter built from cfg answers this call with, 0 when
 * it lets the call through (to the kernel or the Sentry), and why in
 * *reason: the Sentry, notified of a call it must refuse (--strace,
 * --stats and --events see refusals), refuses it as the kernel would
 * have. */
int sr_filter_refusal(const struct sr_config *cfg, const struct sr_syscall_row *row,
		      const struct seccomp_data *data, const char **reason);

/* Load ctx on the calling thread with SECCOMP_FILTER_FLAG_NEW_LISTENER
 * (plus WAIT_KILLABLE_RECV where the kernel has it, plus extra_flags)
 * and return the listener.  The caller must have set no_new_privs.
 * From the moment this returns, the thread's own calls are filtered:
 * under trace_all even the call that hands the listener out is notified,
 * so the handoff must not need a syscall of this thread (another thread
 * of the process, or the parent with pidfd_getfd, can take the fd). */
int sr_filter_load_listener(scmp_filter_ctx ctx, unsigned int extra_flags,
			    int *listener_fd, struct sr_error *err);

#endif
