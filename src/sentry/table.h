/* The syscall table: DESIGN §2's single source of truth.  One row for
 * every syscall of the native architecture; the BPF filter, the Sentry's
 * dispatch and --strace all read it and nothing else. */
#ifndef SENTRY_RUN_TABLE_H
#define SENTRY_RUN_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sentry/argtypes.h"

enum sr_disposition {
	SR_DISP_ALLOW,      /* in the kernel (BPF), possibly with scalar argument rules */
	SR_DISP_EMULATE,    /* notify; the Sentry performs the call on copied arguments */
	SR_DISP_CONTINUE,   /* notify; the Sentry checks, then lets the kernel run it */
	SR_DISP_ERRNO,      /* refused in the kernel with row->err */
	SR_DISP_KILL,       /* the process is killed */
};

/* Row flags. */
enum {
	SR_ROW_HOT = 1u << 0,      /* pure and frequent: stays in the kernel even if a handler exists */
	SR_ROW_ARGRULES = 1u << 1, /* the filter adds scalar argument rules (filter.c says which) */
	SR_ROW_NORETURN = 1u << 2, /* exit, exit_group, rt_sigreturn: no exit line in --strace */
	SR_ROW_NEVER = 1u << 3,    /* refused whatever the profile says: allow=NAME is an error */
	SR_ROW_NET_HOST = 1u << 4, /* takes a destination: emulated when the sandbox reaches the
	                              host's network (host, veth), allowed in a namespace of its own */
	SR_ROW_EVENT = 1u << 5,    /* allowed, but notified to its handler, which records it and
	                              continues, when an event stream is written (--events) */
	SR_ROW_METADATA = 1u << 6, /* a lookup by path (stat, access, readlink, statfs, xattr reads):
	                              in the kernel with metadata=kernel */
};

/* Which Sentry handler serves a notified row.  The table names handlers
 * by id so that it stays pure data (unit tests link it alone); the Sentry
 * maps ids to functions in one array (sentry/dispatch.c). */
enum sr_handler_id {
	SR_H_NONE = 0,     /* no handler: a notified row without one is traced, then continued
	                      only in --strace mode for ALLOW rows (see sentry/dispatch.c) */
	SR_H_UNAME,        /* uname */
	SR_H_SETHOSTNAME,  /* sethostname, setdomainname */
	SR_H_KILL,         /* kill, tkill, tgkill, rt_sigqueueinfo, rt_tgsigqueueinfo */
	SR_H_EXECVE,       /* execve, execveat: checked, then continued */
	SR_H_OPEN,         /* open, openat, openat2, creat (Gofer issue) */
	SR_H_STAT,         /* stat family (Gofer issue) */
	SR_H_PATH,         /* other path calls (Gofer issue) */
	SR_H_NET,          /* connect, bind, sendto, sendmsg, sendmmsg in --net=host */
	SR_H_UMASK,        /* umask: the Sentry forgets what it knew, then continues */
	SR_H_PERSONALITY,  /* personality: PER_LINUX32 noted for uname, then continued */
	SR_H_PIDFD_SIGNAL, /* pidfd_send_signal under --events: recorded, then continued */
	SR_H_LANDLOCK_RULESET, /* landlock_create_ruleset: refused when it would restrict nothing */
	SR_H_CLONE,        /* clone sharing the fd table with a new process: noted, then continued */
	SR_H_COUNT
};

struct sr_syscall_row {
	const char *name;           /* the kernel's name, resolved through libseccomp */
	enum sr_disposition disp;
	int err;                    /* errno for SR_DISP_ERRNO */
	unsigned int flags;
	enum sr_handler_id handler; /* for EMULATE and CONTINUE */
	enum sr_argtype args[SR_SYSCALL_MAX_ARGS];
	enum sr_argtype ret;        /* SR_ARG_INT, SR_ARG_FD, SR_ARG_HEX or SR_ARG_PTR */
};

/* All rows, sorted by name. */
extern const struct sr_syscall_row sr_syscall_rows[];
extern const size_t sr_syscall_nrows;

/* Native syscall number -> row, built once from the names through
 * libseccomp, and compat.h for the calls newer than the headers that
 * libseccomp may not know.  sr_table_init returns 0, or -1 with errno
 * ENOENT when a row's name cannot be resolved (libseccomp older than the
 * kernel headers);
 * call it once, before threads start.  sr_table_by_nr returns NULL for a
 * number that has no row (and for every number before sr_table_init). */
int sr_table_init(void);
const struct sr_syscall_row *sr_table_by_nr(int nr);
const struct sr_syscall_row *sr_table_by_name(const char *name);
int sr_table_nr(const struct sr_syscall_row *row);   /* -1 if unknown to libseccomp and compat.h */

/* What of a sandbox's profile changes what a row does. */
struct sr_row_context {
	bool net_emulated;         /* sr_config_net_emulated */
	bool metadata_in_kernel;   /* metadata=kernel */
};

/* What a row does in a given sandbox: an SR_ROW_NET_HOST row is emulated
 * by the Sentry when the sandbox reaches the host's network
 * (sr_config_net_emulated: nothing else bounds its destination), and
 * stays in the kernel when the sandbox has a namespace of its own with no
 * way out (nothing outside is reachable, and the common case stays
 * fast).  An SR_ROW_METADATA row is allowed with metadata=kernel: the
 * mount view answers a lookup as the Gofer's policy would (outside the
 * view and hide= absent, read-only binds EROFS, noexec= binds EACCES for
 * X_OK), and no decision is taken on the path that a racing thread could
 * change.  Every other row: row->disp. */
enum sr_disposition sr_row_disposition(const struct sr_syscall_row *row, const struct sr_row_context *ctx);

/* Whether an allowed call of `row` has argument rules that refuse what
 * they do not pass: a row the table allows; an emulated row allowed by
 * the context (metadata=kernel) passes every call. */
bool sr_row_allowed_with_rules(const struct sr_syscall_row *row, const struct sr_row_context *ctx);

#endif
