/* The Gofer's request server: receive a request from the Sentry, resolve
 * its path(s) as the kernel would for the program (resolve.h), check the
 * policy on what they resolved to (policy.h), perform the operation on the
 * resolved fds and reply (proto.h).
 *
 * The process that serves lives in the sandbox's user and mount
 * namespaces with the program's credentials and the sandbox root as its
 * root (DESIGN §1); it never follows anything outside that root.  One
 * struct sr_gofer serves one socket in one thread: the directory cache is
 * not shared, and the xattr and inotify calls, which take only a path,
 * briefly fchdir() to the resolved parent directory (the process's cwd is
 * put back to the root after each).  To serve in several threads, give
 * each its own struct sr_gofer, socket and cwd (unshare(CLONE_FS)). */
#ifndef SENTRY_RUN_GOFER_SERVE_H
#define SENTRY_RUN_GOFER_SERVE_H

#include "gofer/policy.h"
#include "gofer/resolve.h"
#include "proto.h"
#include "util.h"

/* Where the launcher mounts procfs in the sandbox. */
#define SR_GOFER_PROC_DIR "/proc"
/* The kernel's overflowuid when /proc/sys does not say. */
#define SR_GOFER_OVERFLOW_UID 65534

/* How long a serving thread stays awake for the next request, and the
 * gap between two requests past which it no longer does. */
#define SR_GOFER_SPIN_US 50
#define SR_GOFER_BURST_GAP_US 1000
/* How long the Sentry may reuse an answer about what nothing in the
 * sandbox can change (proto.h, cache_ms). */
#define SR_GOFER_CACHE_MS 2000

struct sr_gofer {
	int root_fd;                     /* owned: the sandbox root */
	const struct sr_policy *policy;  /* borrowed: outlives the gofer */
	const char *proc_dir;            /* SR_GOFER_PROC_DIR */
	const struct sr_link_rule *links;  /* borrowed; NULL: links unchecked */
	uid_t fsuid;                     /* the program's, which the Gofer has */
	struct sr_dir_cache dir_cache;
};

/* fs.protected_symlinks and the overflow uid of the host, from the
 * procfs at `proc_dir` ("/proc"; "" for the Sentry, whose root it is),
 * read before the Gofer leaves the host's namespaces; protected when
 * unreadable. */
void sr_gofer_read_link_rule(struct sr_link_rule *rule, const char *proc_dir);

/* Open `root` (the sandbox root: "/" once the Gofer is chroot'ed or
 * pivoted there) and keep `policy`, which the caller built with
 * sr_policy_build and frees after sr_gofer_free. */
int sr_gofer_init(struct sr_gofer *g, const char *root, const struct sr_policy *policy,
		  const struct sr_link_rule *links, struct sr_error *err);
void sr_gofer_free(struct sr_gofer *g);
/* Tell the Gofer where a directory is before any request names it (the
 * program's first cwd): no walk up from it will be needed. */
int sr_gofer_note_dir(struct sr_gofer *g, const char *path, struct sr_error *err);

/* Serve one request, polling awake for it up to spin_us first: 1 when
 * it was answered (malformed requests included: refused with EPROTO
 * when the record says whom to answer, and logged), 0 when the Sentry
 * closed the socket, -1 when the socket failed. */
int sr_gofer_serve_one(struct sr_gofer *g, int sock, unsigned spin_us, struct sr_error *err);
/* Serve until the Sentry closes the socket: 0, or -1 when the socket
 * failed (logged). */
int sr_gofer_serve(struct sr_gofer *g, int sock);

#endif
