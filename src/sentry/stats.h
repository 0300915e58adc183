/* --stats: a summary at exit like strace -c, per system call: calls,
 * how many the Sentry answered itself (emulated or refused) and how many
 * the kernel ran (continued), errors, and time spent in the Sentry. */
#ifndef SENTRY_RUN_STATS_H
#define SENTRY_RUN_STATS_H

#include <linux/seccomp.h>
#include <stdint.h>

void sr_stats_count(const struct seccomp_notif *req, const struct seccomp_notif_resp *resp, uint64_t ns);
void sr_stats_print(int fd);

#endif
