/* The sandbox's own cgroup: [limits] memory, pids and cpu.
 *
 * cgroup v2 where the caller's cgroup offers the controllers and is
 * writable (delegated), else the v1 memory, pids and cpu hierarchies,
 * else (an unprivileged caller without delegation) the nearest rlimits
 * with a warning, or a failure when the profile says enforce=require.
 * The launcher creates it before init exists, puts init in it before
 * init goes on, and destroys it after init is reaped. */
#ifndef SENTRY_RUN_CGROUP_H
#define SENTRY_RUN_CGROUP_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "config.h"
#include "mountplan.h"
#include "util.h"

enum sr_cgroup_version { SR_CGROUP_NONE = 0, SR_CGROUP_V1, SR_CGROUP_V2 };

/* The controllers sentry-run sets limits with; in v1, a hierarchy each.
 * The last two have no limit: v1 hierarchies shown beside memory and
 * cpu (sr_cgroup_show). */
enum sr_cgroup_controller {
	SR_CGROUP_MEMORY, SR_CGROUP_PIDS, SR_CGROUP_CPU, SR_CGROUP_CPUACCT, SR_CGROUP_CPUSET,
	SR_CGROUP_NCONTROLLERS
};

struct sr_cgroup {
	enum sr_cgroup_version version;
	/* The directories created: v2 one, v1 one per controller used. */
	char *dirs[SR_CGROUP_NCONTROLLERS];
	size_t ndirs;
	/* The one of dirs for each controller used, or NULL; the memory
	 * one holds the OOM counter. */
	const char *controller_dirs[SR_CGROUP_NCONTROLLERS];
	/* v1: the one of dirs for each hierarchy shown to PROGRAM, limited
	 * or not; or NULL. */
	const char *shown_dirs[SR_CGROUP_NCONTROLLERS];
	int oom_eventfd;           /* v1: readable after an OOM in the cgroup; or -1 */
	bool oom_seen;             /* the eventfd fired */
	/* Removes the cgroups if we are killed with SIGKILL; or -1. */
	pid_t janitor;
	/* When no cgroup can be had: the rlimits PROGRAM gets instead, 0 for none. */
	uint64_t rlimit_as;
	uint64_t rlimit_nproc;
};

/* Creates the cgroup for cfg's memory, pids and cpu limits (none when
 * cfg has none of them).  Returns 0, possibly with version NONE and the
 * rlimit fallback filled in after a warning, or with a v2 cgroup for
 * the limits whose controllers it offers and the rlimits for the rest
 * (after a warning too); -1 when a cgroup is needed
 * but cannot be had and cfg says enforce=require, or on a failure of a
 * cgroup that could be created. */
int sr_cgroup_create(struct sr_cgroup *cg, const struct sr_config *cfg, struct sr_error *err);
/* Adds to plan the sandbox's own cgroup, read-only at /sys/fs/cgroup, as
 * a container runtime shows it: the cgroup2 directory there, or each v1
 * hierarchy's at /sys/fs/cgroup/CONTROLLER.  With the cgroup namespace
 * init makes there, /proc/self/cgroup and /proc/self/mountinfo lead to
 * it, and a program that sizes itself by its limits (the JVM's heap and
 * CPU count, libuv's constrained memory) finds them.  Nothing when there
 * is no cgroup, or when the plan shows a host directory there already. */
int sr_cgroup_show(const struct sr_cgroup *cg, struct sr_mount_plan *plan, struct sr_error *err);
/* Move pid (init, before it runs anything) into the cgroup. */
int sr_cgroup_enter(const struct sr_cgroup *cg, pid_t pid, struct sr_error *err);
/* Move a helper of the sandbox (the Sentry, the Gofer) into the v1
 * cgroups of the controllers in `mask` (1 << enum sr_cgroup_controller)
 * that are used: what it does for PROGRAM, emulated calls or a tmpfs's
 * inodes, long links and an overlay's copy-ups, is PROGRAM's CPU time
 * and memory, as it would be natively.  v1 only: v2 has one cgroup for
 * every controller, where a helper's threads would count against --pids. */
int sr_cgroup_enter_helper(const struct sr_cgroup *cg, pid_t pid, const char *who, unsigned mask,
			   struct sr_error *err);
/* An fd to poll for POLLIN that signals an OOM (v1), or -1: v2 kills the
 * whole cgroup by itself (memory.oom.group). */
int sr_cgroup_oom_fd(const struct sr_cgroup *cg);
/* After the fd above was readable: drain it and remember the OOM. */
void sr_cgroup_note_oom(struct sr_cgroup *cg);
/* True if the memory limit was reached and the kernel killed for it. */
bool sr_cgroup_oom_killed(const struct sr_cgroup *cg);
/* Kill whatever is left in the cgroup and remove it; a warning says
 * what could not be removed.  Until then a child of ours, named
 * cgroup-janitor, waits to do it should we be killed with SIGKILL. */
void sr_cgroup_destroy(struct sr_cgroup *cg);

#endif
