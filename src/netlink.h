/* rtnetlink through libmnl: the sandbox's network set-up without ip(8). */
#ifndef SENTRY_RUN_NETLINK_H
#define SENTRY_RUN_NETLINK_H

#include <stdbool.h>

#include "util.h"

/* Bring the loopback interface of the current network namespace up or
 * down (RTM_NEWLINK with IFF_UP in the change mask). */
int sr_netlink_set_loopback(bool up, struct sr_error *err);

#endif
