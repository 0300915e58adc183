/* Sentry handlers named by the syscall table, one file per area. */
#ifndef SENTRY_RUN_HANDLERS_H
#define SENTRY_RUN_HANDLERS_H

#include "sentry/table.h"

/* proc.c: identity and processes */
int sr_handle_uname(struct sr_call *call);
int sr_handle_sethostname(struct sr_call *call);   /* also setdomainname */
int sr_handle_kill(struct sr_call *call);          /* kill, tkill, tgkill */

/* exec.c: checked, then continued (DESIGN §2) */
int sr_handle_execve(struct sr_call *call);        /* execve, execveat */

#endif
