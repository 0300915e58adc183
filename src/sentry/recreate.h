/* Creates whose fd never reached the program.  Without
 * SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV (Linux 5.19) a signal can end
 * the wait of a notified open after the Gofer made the file: the reply
 * finds the call gone, and the call, restarted, would fail with EEXIST
 * on the file its first attempt made (DESIGN §4).  The Sentry keeps such
 * a file a moment, per task, so that the restarted O_CREAT|O_EXCL gets
 * that very file, as the first attempt would have. */
#ifndef SENTRY_RUN_SENTRY_RECREATE_H
#define SENTRY_RUN_SENTRY_RECREATE_H

#include <stdbool.h>
#include <sys/stat.h>
#include <sys/types.h>

/* How many are kept, and for how long: a restart follows at once. */
#define SR_RECREATE_MAX 16
#define SR_RECREATE_KEEP_MS 1000

/* Task `tid` asked for `path` relative to `dirfd`; `fd` is the file made
 * for it, about to be delivered.  Noted before the reply, since a restart
 * may reach another worker the moment the reply finds the call gone. */
void sr_recreate_note(pid_t tid, int dirfd, const char *path, int fd);
/* After the reply: the program never got it (lost) or has it now. */
void sr_recreate_settle(pid_t tid, int dirfd, const char *path, bool lost);

/* The file lost for the same task, base and path: true and *st (its
 * device and inode), or false.  One still being delivered is waited for
 * (a moment): only a lost one is the restart's.  It stays noted until the
 * program has it, since the restart may be interrupted in turn. */
bool sr_recreate_find(pid_t tid, int dirfd, const char *path, struct stat *st);

#endif
