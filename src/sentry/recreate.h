/* Creates whose fd never reached the program.  Without
 * SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV (Linux 5.19) a signal can end
 * the wait of a notified O_CREAT|O_EXCL while the Gofer makes the file:
 * the reply then finds the call gone, and the call, restarted, would
 * fail with EEXIST on the file its first attempt made (DESIGN §4).  The
 * Sentry notes each such create, by notification, from before it acts
 * until its reply: a restart of the same task and path waits for the
 * first attempt to settle and, if its file was lost, gets that very
 * file, as the first attempt would have.  Waiting, rather than racing
 * the first attempt to the Gofer, also keeps a late first attempt from
 * making the file again after the program, served by its restart, has
 * removed it. */
#ifndef SENTRY_RUN_SENTRY_RECREATE_H
#define SENTRY_RUN_SENTRY_RECREATE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>

/* How many creates are noted at once, how long a lost file is kept for
 * its restart (which follows at once), and how long a restart waits for
 * the first attempt to settle (its Gofer round trip). */
#define SR_RECREATE_MAX 16
#define SR_RECREATE_KEEP_MS 1000
#define SR_RECREATE_WAIT_MS 2000
/* How often a waiting restart checks that it is itself still awaited. */
#define SR_RECREATE_ALIVE_MS 10

/* Before a create acts: the notification `id` of task `tid` will make
 * `path` relative to `dirfd`. */
void sr_recreate_begin(uint64_t id, pid_t tid, int dirfd, const char *path);
/* The Gofer made it: `fd`, about to be delivered. */
void sr_recreate_made(uint64_t id, int fd);
/* The create by `id` is over.  A file it holds (made, or claimed) is
 * kept for the next restart when the call ended before it had the file
 * (`lost`: the reply found the call gone, or the call was gone before it
 * could be given); otherwise, and when it holds none, it is forgotten. */
void sr_recreate_settle(uint64_t id, bool lost);

/* Before a create of `path` by `tid` begins: an earlier attempt of the
 * same task, base and path still under way is waited for (at most
 * SR_RECREATE_WAIT_MS, and while `alive(ctx)` says this call still
 * waits for its answer).  If its file was lost: true and *st (its device
 * and inode), and the note is now `id`'s, to settle as its own; else
 * false, and `id` begins as a create of its own. */
bool sr_recreate_claim(uint64_t id, pid_t tid, int dirfd, const char *path, struct stat *st,
		       bool (*alive)(const void *ctx), const void *ctx);

#endif
