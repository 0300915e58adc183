/* Building the sandbox's root in the kernel: host paths resolved by the
 * launcher, then mounts, /dev, /proc and pivot_root carried out by init
 * inside the new user, mount and pid namespaces. */
#ifndef SENTRY_RUN_SANDBOX_H
#define SENTRY_RUN_SANDBOX_H

#include "config.h"
#include "mountplan.h"
#include "util.h"

/* In the launcher, on the host: canonicalise the plan's sources (a
 * top-level symlink such as /bin -> usr/bin is kept as a symlink), drop
 * optional ones that are missing and fail on the others, and on a
 * hide= or noexec= of cfg's under a mount a host link moves. */
int sr_sandbox_resolve_plan(struct sr_mount_plan *plan, const struct sr_config *cfg, struct sr_error *err);

/* In the launcher, after resolve_plan: a caller whose cwd was reached
 * through a link has PWD naming that link, which shells and programs
 * take for the directory's name (pwd, cd .., "$PWD/file").  Where the
 * cwd is shown as itself and PWD names the same directory at a place
 * the view leaves empty, PWD becomes a link to it there.  Nothing is
 * done otherwise (--cwd, a root=, a place a mount or a hide= touches). */
int sr_sandbox_name_cwd(struct sr_mount_plan *plan, const struct sr_config *cfg, const char *cwd,
			const char *pwd, struct sr_error *err);

/* In the launcher, after resolve_plan: the program's TMPDIR (Debian's
 * pam_tmpdir says /tmp/user/UID, nix-shell /tmp/nix-shell.XXXXXX) in a
 * tmpfs of the profile (the private /tmp) is made there, empty, mode
 * 0700, so that what honours TMPDIR (mktemp, sort -T) finds it.  Nothing
 * is done elsewhere: a host path is the host's, shown or hidden. */
int sr_sandbox_make_tmpdir(struct sr_mount_plan *plan, const struct sr_config *cfg, const char *tmpdir,
			   struct sr_error *err);

/* In the launcher, after resolve_plan: a file sentry-run writes for the
 * caller (--events, --strace), open at fd, that lies under a writable
 * bind gets a read-only bind over itself, so that PROGRAM can neither
 * rewrite nor remove what is recorded of it.  Anything else (outside
 * the view, not a regular file) is left as it is. */
int sr_sandbox_protect_output(struct sr_mount_plan *plan, int fd, struct sr_error *err);

/* In init: build the new root from the plan, hiding cfg->hide, mount
 * /proc, pivot_root into it and detach the old root.  On return the
 * process's root and cwd are the sandbox's "/". */
int sr_sandbox_build_root(const struct sr_mount_plan *plan, const struct sr_config *cfg,
			  struct sr_error *err);

/* The namespaces init is made in (clone flags): the cgroup namespace
 * is init's own unshare, once it is in the sandbox's cgroup (init.c),
 * and --net=host shares the host's network namespace (the Sentry
 * enforces the allowlist); every other mode has one of its own. */
unsigned long sr_sandbox_namespaces(const struct sr_config *cfg);

/* In init: the UTS name. */
int sr_sandbox_set_hostname(const char *hostname, struct sr_error *err);

#endif
