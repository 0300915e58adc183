#include "netlink.h"

/* Before the linux/ headers, which would define its flags twice. */
#include <net/if.h>

#include <arpa/inet.h>
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/if_link.h>
#include <linux/veth.h>
#include <netinet/in.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int sr_netlink_ack_cb(const struct nlmsghdr *nlh, void *data)
{
	(void)nlh;
	(void)data;
	return MNL_CB_OK;
}

/* Read the kernel's answer to one request: the messages it sends back,
 * each given to `cb`, then an ack, or an error with its extended-ack
 * text when the kernel gives one. */
static int sr_netlink_talk(struct mnl_socket *nl, struct nlmsghdr *nlh, const char *what, mnl_cb_t cb,
			   void *cb_data, struct sr_error *err)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	unsigned int portid = mnl_socket_get_portid(nl);
	unsigned int seq = nlh->nlmsg_seq;

	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0)
		return sr_fail(err, errno, "netlink: cannot send %s", what);
	for (;;) {
		ssize_t n = mnl_socket_recvfrom(nl, buf, sizeof(buf));
		if (n < 0)
			return sr_fail(err, errno, "netlink: no answer to %s", what);
		const struct nlmsghdr *reply = (const struct nlmsghdr *)buf;
		if (n >= (ssize_t)sizeof(*reply) && reply->nlmsg_type == NLMSG_ERROR &&
		    reply->nlmsg_len >= NLMSG_LENGTH(sizeof(struct nlmsgerr))) {
			const struct nlmsgerr *e = mnl_nlmsg_get_payload(reply);
			if (e->error == 0)
				return 0;
			/* The extended ack message follows the echoed request. */
			const char *text = NULL;
			size_t off = (reply->nlmsg_flags & NLM_F_CAPPED) ? sizeof(*e)
				: sizeof(*e) - sizeof(e->msg) + NLMSG_ALIGN(e->msg.nlmsg_len);
			if (reply->nlmsg_flags & NLM_F_ACK_TLVS) {
				const struct nlattr *attr;
				mnl_attr_for_each(attr, reply, off) {
					if (mnl_attr_get_type(attr) == NLMSGERR_ATTR_MSG &&
					    mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == 0)
						text = mnl_attr_get_str(attr);
				}
			}
			if (text != NULL)
				return sr_fail(err, -e->error, "netlink: %s refused (%s)", what, text);
			return sr_fail(err, -e->error, "netlink: %s refused", what);
		}
		int r = mnl_cb_run(buf, (size_t)n, seq, portid, cb, cb_data);
		if (r < 0)
			return sr_fail(err, errno, "netlink: %s", what);
		if (r == MNL_CB_STOP)
			return 0;
	}
}

/* A route socket with extended acks asked for (Linux 4.12+; harmless
 * if refused). */
static struct mnl_socket *sr_netlink_open(struct sr_error *err)
{
	struct mnl_socket *nl = mnl_socket_open(NETLINK_ROUTE);
	int one = 1;

	if (nl == NULL) {
		sr_fail(err, errno, "netlink: cannot open a route socket");
		return NULL;
	}
	(void)mnl_socket_setsockopt(nl, NETLINK_EXT_ACK, &one, sizeof(one));
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		sr_fail(err, errno, "netlink: cannot bind the route socket");
		mnl_socket_close(nl);
		return NULL;
	}
	return nl;
}

static struct nlmsghdr *sr_netlink_request(char *buf, uint16_t type, uint16_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	nlh->nlmsg_seq = (unsigned int)time(NULL);
	return nlh;
}

/* One request, one answer, on a socket of its own; `cb` (NULL: none)
 * reads what comes back before the ack. */
static int sr_netlink_ask(struct nlmsghdr *nlh, const char *what, mnl_cb_t cb, void *cb_data,
			  struct sr_error *err)
{
	struct mnl_socket *nl = sr_netlink_open(err);

	if (nl == NULL)
		return -1;
	int rc = sr_netlink_talk(nl, nlh, what, cb != NULL ? cb : sr_netlink_ack_cb, cb_data, err);
	mnl_socket_close(nl);
	return rc;
}

static int sr_netlink_send_one(struct nlmsghdr *nlh, const char *what, struct sr_error *err)
{
	return sr_netlink_ask(nlh, what, NULL, NULL, err);
}

int sr_netlink_set_link_up(const char *ifname, bool up, struct sr_error *err)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	char what[64];
	struct nlmsghdr *nlh = sr_netlink_request(buf, RTM_NEWLINK, 0);
	struct ifinfomsg *ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));

	ifm->ifi_family = AF_UNSPEC;
	ifm->ifi_change = IFF_UP;
	ifm->ifi_flags = up ? IFF_UP : 0;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, ifname);
	snprintf(what, sizeof(what), "%s %s", up ? "bringing up" : "taking down", ifname);
	return sr_netlink_send_one(nlh, what, err);
}

int sr_netlink_set_loopback(bool up, struct sr_error *err)
{
	return sr_netlink_set_link_up("lo", up, err);
}

int sr_netlink_create_veth(const char *host_name, const char *peer_name, pid_t peer_netns_pid,
			   struct sr_error *err)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	char what[64];
	struct nlmsghdr *nlh = sr_netlink_request(buf, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL);
	struct ifinfomsg *ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));

	ifm->ifi_family = AF_UNSPEC;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, host_name);
	struct nlattr *linkinfo = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "veth");
	struct nlattr *data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
	/* VETH_INFO_PEER carries an ifinfomsg of its own, then its attributes. */
	struct nlattr *peer = mnl_attr_nest_start(nlh, VETH_INFO_PEER);
	struct ifinfomsg *peer_ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*peer_ifm));
	peer_ifm->ifi_family = AF_UNSPEC;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, peer_name);
	mnl_attr_put_u32(nlh, IFLA_NET_NS_PID, (uint32_t)peer_netns_pid);
	mnl_attr_nest_end(nlh, peer);
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, linkinfo);
	snprintf(what, sizeof(what), "creating the veth pair %s", host_name);
	return sr_netlink_send_one(nlh, what, err);
}

int sr_netlink_delete_link(const char *ifname, struct sr_error *err)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	char what[64];
	struct nlmsghdr *nlh = sr_netlink_request(buf, RTM_DELLINK, 0);
	struct ifinfomsg *ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));

	ifm->ifi_family = AF_UNSPEC;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, ifname);
	snprintf(what, sizeof(what), "removing %s", ifname);
	return sr_netlink_send_one(nlh, what, err);
}

int sr_netlink_add_ipv4(const char *ifname, struct in_addr addr, unsigned prefix_len, struct sr_error *err)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	char what[64];
	unsigned int index = if_nametoindex(ifname);

	if (index == 0)
		return sr_fail(err, errno, "netlink: no interface %s", ifname);
	struct nlmsghdr *nlh = sr_netlink_request(buf, RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL);
	struct ifaddrmsg *ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	ifa->ifa_family = AF_INET;
	ifa->ifa_prefixlen = (unsigned char)prefix_len;
	ifa->ifa_scope = RT_SCOPE_UNIVERSE;
	ifa->ifa_index = index;
	mnl_attr_put(nlh, IFA_LOCAL, sizeof(addr), &addr);
	mnl_attr_put(nlh, IFA_ADDRESS, sizeof(addr), &addr);
	snprintf(what, sizeof(what), "adding an address to %s", ifname);
	return sr_netlink_send_one(nlh, what, err);
}

int sr_netlink_add_default_route(struct in_addr gateway, struct sr_error *err)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = sr_netlink_request(buf, RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL);
	struct rtmsg *rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));

	rtm->rtm_family = AF_INET;
	rtm->rtm_dst_len = 0;
	rtm->rtm_table = RT_TABLE_MAIN;
	rtm->rtm_protocol = RTPROT_BOOT;
	rtm->rtm_scope = RT_SCOPE_UNIVERSE;
	rtm->rtm_type = RTN_UNICAST;
	mnl_attr_put(nlh, RTA_GATEWAY, sizeof(gateway), &gateway);
	return sr_netlink_send_one(nlh, "adding the default route", err);
}

/* The prefix length of the route RTM_GETROUTE with RTM_F_FIB_MATCH
 * answers: the matching entry of the routing table itself. */
static int sr_netlink_route_prefix_cb(const struct nlmsghdr *nlh, void *data)
{
	if (nlh->nlmsg_type == RTM_NEWROUTE && nlh->nlmsg_len >= NLMSG_LENGTH(sizeof(struct rtmsg))) {
		const struct rtmsg *rtm = mnl_nlmsg_get_payload(nlh);
		*(int *)data = rtm->rtm_dst_len;
	}
	return MNL_CB_OK;
}

/* Does the current network namespace route `addr` by anything but a
 * default route (a LAN, a VPN, one of its own addresses)?  No route at
 * all leaves it free too; a blackhole, unreachable or prohibit route,
 * whose lookup fails, does not.  RTM_F_FIB_MATCH: Linux 4.13. */
static int sr_netlink_routes_specifically(struct in_addr addr, bool *routed, struct sr_error *err)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	char what[64], text[INET_ADDRSTRLEN];
	struct nlmsghdr *nlh = sr_netlink_request(buf, RTM_GETROUTE, 0);
	struct rtmsg *rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	int prefix_len = -1;

	rtm->rtm_family = AF_INET;
	rtm->rtm_dst_len = 32;
	rtm->rtm_flags = RTM_F_FIB_MATCH;
	mnl_attr_put(nlh, RTA_DST, sizeof(addr), &addr);
	inet_ntop(AF_INET, &addr, text, sizeof(text));
	snprintf(what, sizeof(what), "looking up the route to %s", text);
	if (sr_netlink_ask(nlh, what, sr_netlink_route_prefix_cb, &prefix_len, err) < 0) {
		if (err->errnum == ENETUNREACH) {
			*routed = false;
			return 0;
		}
		if (err->errnum == EINVAL || err->errnum == EHOSTUNREACH || err->errnum == EACCES) {
			*routed = true;
			return 0;
		}
		return -1;
	}
	if (prefix_len < 0)
		return sr_fail(err, EPROTO, "netlink: %s: no route in the answer", what);
	*routed = prefix_len > 0;
	return 0;
}

/* The private IPv4 networks a veth's /30 is taken from, in this order
 * (RFC 1918): the first that has one the host does not route. */
static const struct {
	uint32_t base;
	unsigned blocks;   /* of 4 addresses */
} sr_veth_pools[] = {
	{ 0x0a000000u, 1u << 22 },   /* 10.0.0.0/8 */
	{ 0xac100000u, 1u << 18 },   /* 172.16.0.0/12 */
	{ 0xc0a80000u, 1u << 14 },   /* 192.168.0.0/16 */
};
/* Blocks tried in each: the pid's own, then a quarter of the network
 * apart, away from the blocks of the pids that follow. */
#define SR_VETH_TRIES_PER_POOL 4
#define SR_VETH_ADDRS_PER_BLOCK 4

void sr_veth_candidate(pid_t launcher, unsigned attempt, struct sr_veth *veth)
{
	unsigned pool = (attempt / SR_VETH_TRIES_PER_POOL) % SR_ARRAY_SIZE(sr_veth_pools);
	unsigned k = attempt % SR_VETH_TRIES_PER_POOL;
	unsigned blocks = sr_veth_pools[pool].blocks;
	uint32_t block = ((uint32_t)launcher + k * (blocks / SR_VETH_TRIES_PER_POOL + 1)) % blocks;
	uint32_t base = sr_veth_pools[pool].base + block * SR_VETH_ADDRS_PER_BLOCK;

	snprintf(veth->host_name, sizeof(veth->host_name), "sr-%d", (int)launcher);
	veth->host_addr.s_addr = htonl(base + 1);
	veth->sandbox_addr.s_addr = htonl(base + 2);
}

int sr_veth_plan(pid_t launcher, struct sr_veth *veth, struct sr_error *err)
{
	for (unsigned attempt = 0; attempt < SR_VETH_TRIES_PER_POOL * SR_ARRAY_SIZE(sr_veth_pools); attempt++) {
		bool routed = false;
		sr_veth_candidate(launcher, attempt, veth);
		uint32_t base = ntohl(veth->host_addr.s_addr) - 1;
		for (uint32_t i = 0; i < SR_VETH_ADDRS_PER_BLOCK && !routed; i++) {
			struct in_addr addr = { .s_addr = htonl(base + i) };
			if (sr_netlink_routes_specifically(addr, &routed, err) < 0)
				return sr_error_wrap(err, "--net=veth: choosing the sandbox's network");
		}
		if (!routed)
			return 0;
	}
	return sr_fail(err, 0, "--net=veth: the host routes every private /30 tried (in 10.0.0.0/8, "
		       "172.16.0.0/12 and 192.168.0.0/16) to a network of its own; use --net=host with --allow");
}
