/* The resolver's configuration in a sandbox that reaches the network.
 * Where systemd-resolved or resolvconf manage it, /etc/resolv.conf is a
 * link into /run (/run/systemd/resolve/stub-resolv.conf), which is not
 * in the view: glibc's resolver, finding no file, would ask 127.0.0.1,
 * which the allowlist does not hold, and no name would resolve. */
#ifndef SENTRY_RUN_RESOLVCONF_H
#define SENTRY_RUN_RESOLVCONF_H

#include "config.h"
#include "mountplan.h"
#include "util.h"

#define SR_RESOLV_CONF "/etc/resolv.conf"

/* With mode=host or veth, when the sandbox's /etc/resolv.conf is the
 * host's and a link to a place out of the view, bind the file it names
 * there read-only, in the plan and in the config (whose mounts the
 * Gofer's policy reads), as ro-try=TARGET would.  0, or -1 with err. */
int sr_resolv_conf_show(struct sr_config *cfg, struct sr_mount_plan *plan, struct sr_error *err);

#endif
