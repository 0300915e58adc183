#include "netlink.h"

#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/if.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Read the kernel's answer to one request: an ack, or an error with its
 * extended-ack text when the kernel gives one. */
static int sr_netlink_ack_cb(const struct nlmsghdr *nlh, void *data)
{
	(void)nlh;
	(void)data;
	return MNL_CB_OK;
}

static int sr_netlink_talk(struct mnl_socket *nl, struct nlmsghdr *nlh, const char *what,
			   struct sr_error *err)
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
		int r = mnl_cb_run(buf, (size_t)n, seq, portid, sr_netlink_ack_cb, NULL);
		if (r < 0)
			return sr_fail(err, errno, "netlink: %s", what);
		if (r == MNL_CB_STOP)
			return 0;
	}
}

int sr_netlink_set_loopback(bool up, struct sr_error *err)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct mnl_socket *nl;
	struct nlmsghdr *nlh;
	struct ifinfomsg *ifm;
	int one = 1;
	int rc;

	nl = mnl_socket_open(NETLINK_ROUTE);
	if (nl == NULL)
		return sr_fail(err, errno, "netlink: cannot open a route socket");
	/* Ask for the text of errors (Linux 4.12+); harmless if refused. */
	(void)mnl_socket_setsockopt(nl, NETLINK_EXT_ACK, &one, sizeof(one));
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		rc = sr_fail(err, errno, "netlink: cannot bind the route socket");
		goto out;
	}
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_NEWLINK;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = (unsigned int)time(NULL);
	ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
	ifm->ifi_family = AF_UNSPEC;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, "lo");
	ifm->ifi_change = IFF_UP;
	ifm->ifi_flags = up ? IFF_UP : 0;
	rc = sr_netlink_talk(nl, nlh, up ? "bringing lo up" : "taking lo down", err);
out:
	mnl_socket_close(nl);
	return rc;
}
