/* Handler ids of the table -> functions. */
#include "sentry/fdshare.h"
#include "sentry/handlers.h"
#include "sentry/umask.h"

static const sr_handler_fn sr_handlers[SR_H_COUNT] = {
	[SR_H_UNAME] = sr_handle_uname,
	[SR_H_SETHOSTNAME] = sr_handle_sethostname,
	[SR_H_KILL] = sr_handle_kill,
	[SR_H_EXECVE] = sr_handle_execve,
	[SR_H_NET] = sr_handle_net,
	[SR_H_OPEN] = sr_handle_open,
	[SR_H_STAT] = sr_handle_stat,
	[SR_H_PATH] = sr_handle_path,
	[SR_H_UMASK] = sr_handle_umask,
	[SR_H_PERSONALITY] = sr_handle_personality,
	[SR_H_PIDFD_SIGNAL] = sr_handle_pidfd_signal,
	[SR_H_LANDLOCK_RULESET] = sr_handle_landlock_ruleset,
	[SR_H_CLONE] = sr_handle_clone,
};

sr_handler_fn sr_handler_for(enum sr_handler_id id)
{
	if ((unsigned)id >= SR_H_COUNT)
		return NULL;
	return sr_handlers[id];
}

bool sr_handler_may_block(enum sr_handler_id id)
{
	return id == SR_H_NET;
}
