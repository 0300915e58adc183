/* rtnetlink through libmnl: the sandbox's network set-up without ip(8). */
#ifndef SENTRY_RUN_NETLINK_H
#define SENTRY_RUN_NETLINK_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "util.h"

/* Bring the loopback interface of the current network namespace up or
 * down (RTM_NEWLINK with IFF_UP in the change mask). */
int sr_netlink_set_loopback(bool up, struct sr_error *err);
int sr_netlink_set_link_up(const char *ifname, bool up, struct sr_error *err);

/* --net=veth: a veth pair, `host_name` in the current namespace and
 * `peer_name` created straight in the network namespace of process
 * `peer_netns_pid` (IFLA_NET_NS_PID).  Needs CAP_NET_ADMIN over both. */
int sr_netlink_create_veth(const char *host_name, const char *peer_name, pid_t peer_netns_pid,
			   struct sr_error *err);
/* RTM_DELLINK; a veth pair goes as a whole. */
int sr_netlink_delete_link(const char *ifname, struct sr_error *err);
/* addr/prefix_len on ifname, in the current network namespace. */
int sr_netlink_add_ipv4(const char *ifname, struct in_addr addr, unsigned prefix_len, struct sr_error *err);
int sr_netlink_add_default_route(struct in_addr gateway, struct sr_error *err);

/* The /30 of a veth sandbox: its host end at +1, the sandbox end at +2,
 * chosen from the launcher's pid in 10.0.0.0/8, or in 172.16.0.0/12 or
 * 192.168.0.0/16 when the host routes the blocks tried there. */
#define SR_VETH_PREFIX_LEN 30
#define SR_VETH_PEER_NAME "eth0"
#define SR_VETH_NAME_MAX 16   /* IFNAMSIZ */
struct sr_veth {
	char host_name[SR_VETH_NAME_MAX];
	struct in_addr host_addr, sandbox_addr;
	/* SO_NETNS_COOKIE of the sandbox's network namespace, once made: how
	 * the Sentry tells the sandbox's sockets from one passed in. */
	uint64_t netns_cookie;
};
/* Attempt `attempt` (0: the pid's own block of 10.0.0.0/8). */
void sr_veth_candidate(pid_t launcher, unsigned attempt, struct sr_veth *veth);
/* The first candidate of which the current network namespace routes no
 * address other than by its default route: a /30 taken from a network
 * the host reaches (a LAN, a VPN) would shadow part of it while the
 * sandbox runs.  -1 when none is free. */
int sr_veth_plan(pid_t launcher, struct sr_veth *veth, struct sr_error *err);

#endif
