/* rtnetlink through libmnl (src/netlink.c), run for real in a network
 * namespace of the test's own: the loopback brought up and down, a veth
 * pair made and removed, and a refused request reported with the
 * kernel's extended-ack text. */
#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "netlink.h"

/* Each test runs in a child of its own (Check forks): a new user and
 * network namespace make it CAP_NET_ADMIN over a network nobody shares. */
static void enter_private_network(void)
{
	ck_assert_msg(unshare(CLONE_NEWUSER | CLONE_NEWNET) == 0, "unshare: %s", strerror(errno));
}

static bool link_is_up(const char *ifname)
{
	struct ifreq ifr = { 0 };
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	ck_assert_int_ge(fd, 0);
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	ck_assert_int_eq(ioctl(fd, SIOCGIFFLAGS, &ifr), 0);
	close(fd);
	return (ifr.ifr_flags & IFF_UP) != 0;
}

START_TEST(test_loopback_up_and_down)
{
	struct sr_error err = { 0 };

	enter_private_network();
	ck_assert(!link_is_up("lo"));
	ck_assert_msg(sr_netlink_set_loopback(true, &err) == 0, "%s", err.msg);
	ck_assert(link_is_up("lo"));
	ck_assert_msg(sr_netlink_set_loopback(false, &err) == 0, "%s", err.msg);
	ck_assert(!link_is_up("lo"));
}
END_TEST

START_TEST(test_refusal_carries_the_extended_ack_text)
{
	struct sr_error err = { 0 };
	struct in_addr gateway;

	enter_private_network();
	ck_assert_msg(sr_netlink_set_loopback(true, &err) == 0, "%s", err.msg);
	/* No interface reaches 10.0.0.1: the kernel refuses the route and
	 * says why in an NLMSGERR_ATTR_MSG attribute. */
	ck_assert_int_eq(inet_pton(AF_INET, "10.0.0.1", &gateway), 1);
	ck_assert_int_eq(sr_netlink_add_default_route(gateway, &err), -1);
	ck_assert_int_eq(err.errnum, ENETUNREACH);
	ck_assert_msg(strstr(err.msg, "netlink: adding the default route refused (Nexthop has invalid gateway)") != NULL,
		      "%s", err.msg);
}
END_TEST

START_TEST(test_veth_pair_made_addressed_and_removed)
{
	struct sr_error err = { 0 };
	struct sr_veth veth;

	enter_private_network();
	ck_assert_msg(sr_veth_plan(getpid(), &veth, &err) == 0, "%s", err.msg);
	/* Both ends here: the peer goes to this process's own namespace. */
	ck_assert_msg(sr_netlink_create_veth(veth.host_name, "sr-peer", getpid(), &err) == 0, "%s", err.msg);
	ck_assert_uint_ne(if_nametoindex(veth.host_name), 0);
	ck_assert_uint_ne(if_nametoindex("sr-peer"), 0);
	ck_assert_msg(sr_netlink_add_ipv4(veth.host_name, veth.host_addr, SR_VETH_PREFIX_LEN, &err) == 0,
		      "%s", err.msg);
	ck_assert_msg(sr_netlink_set_link_up(veth.host_name, true, &err) == 0, "%s", err.msg);
	ck_assert(link_is_up(veth.host_name));
	ck_assert_int_eq(sr_netlink_create_veth(veth.host_name, "sr-peer", getpid(), &err), -1);
	ck_assert_int_eq(err.errnum, EEXIST);
	ck_assert_msg(sr_netlink_delete_link(veth.host_name, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(if_nametoindex(veth.host_name), 0);
	ck_assert_uint_eq(if_nametoindex("sr-peer"), 0);
	ck_assert_int_eq(sr_netlink_delete_link(veth.host_name, &err), -1);
	ck_assert_int_eq(err.errnum, ENODEV);
	ck_assert_int_eq(sr_netlink_add_ipv4("sr-none", veth.host_addr, SR_VETH_PREFIX_LEN, &err), -1);
	ck_assert_str_eq(err.msg, "netlink: no interface sr-none: No such device");
}
END_TEST

START_TEST(test_veth_plan)
{
	struct sr_error err = { 0 };
	struct sr_veth veth;
	char host[INET_ADDRSTRLEN], sandbox[INET_ADDRSTRLEN];

	/* A network with no route: the pid's own block is free. */
	enter_private_network();
	ck_assert_msg(sr_veth_plan(4242, &veth, &err) == 0, "%s", err.msg);
	ck_assert_str_eq(veth.host_name, "sr-4242");
	inet_ntop(AF_INET, &veth.host_addr, host, sizeof(host));
	inet_ntop(AF_INET, &veth.sandbox_addr, sandbox, sizeof(sandbox));
	/* 4242 * 4 = 16968 = 0.66.72 */
	ck_assert_str_eq(host, "10.0.66.73");
	ck_assert_str_eq(sandbox, "10.0.66.74");
	/* The largest pid still falls inside 10.0.0.0/8. */
	ck_assert_msg(sr_veth_plan(4194303, &veth, &err) == 0, "%s", err.msg);
	inet_ntop(AF_INET, &veth.sandbox_addr, sandbox, sizeof(sandbox));
	ck_assert_str_eq(sandbox, "10.255.255.254");
}
END_TEST

static bool in_block(struct in_addr addr, const char *network, unsigned prefix_len)
{
	struct in_addr net;

	ck_assert_int_eq(inet_pton(AF_INET, network, &net), 1);
	uint32_t mask = prefix_len == 0 ? 0 : ~0u << (32 - prefix_len);
	return (ntohl(addr.s_addr) & mask) == (ntohl(net.s_addr) & mask);
}

/* The host's own networks stay the host's: a /30 the host routes
 * already (a LAN, a VPN's 10.0.0.0/8) would be shadowed by the veth's
 * more specific route, cutting the host off from those addresses while
 * the sandbox runs.  Here the addresses are on lo, routed as local. */
START_TEST(test_veth_plan_avoids_routed_networks)
{
	struct sr_error err = { 0 };
	struct sr_veth veth;
	struct in_addr addr;

	enter_private_network();
	ck_assert_msg(sr_netlink_set_loopback(true, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(inet_pton(AF_INET, "10.0.66.75", &addr), 1);
	ck_assert_msg(sr_netlink_add_ipv4("lo", addr, 32, &err) == 0, "%s", err.msg);
	ck_assert_msg(sr_veth_plan(4242, &veth, &err) == 0, "%s", err.msg);
	ck_assert_msg(!in_block(veth.sandbox_addr, "10.0.66.72", 30), "took the block of a routed address");
	ck_assert_msg(in_block(veth.sandbox_addr, "10.0.0.0", 8), "left 10.0.0.0/8 with other blocks free");
	ck_assert_int_eq(inet_pton(AF_INET, "10.0.0.1", &addr), 1);
	ck_assert_msg(sr_netlink_add_ipv4("lo", addr, 8, &err) == 0, "%s", err.msg);
	ck_assert_msg(sr_veth_plan(4242, &veth, &err) == 0, "%s", err.msg);
	ck_assert_msg(in_block(veth.sandbox_addr, "172.16.0.0", 12), "did not go on to 172.16.0.0/12");
	ck_assert_msg(in_block(veth.host_addr, "172.16.0.0", 12), "the host end left the sandbox's block");
	ck_assert_int_eq(ntohl(veth.host_addr.s_addr) + 1, ntohl(veth.sandbox_addr.s_addr));
	ck_assert_int_eq(inet_pton(AF_INET, "172.16.0.1", &addr), 1);
	ck_assert_msg(sr_netlink_add_ipv4("lo", addr, 12, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(inet_pton(AF_INET, "192.168.0.1", &addr), 1);
	ck_assert_msg(sr_netlink_add_ipv4("lo", addr, 16, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(sr_veth_plan(4242, &veth, &err), -1);
	ck_assert_msg(strstr(err.msg, "--net=veth: the host routes every private /30 tried") != NULL, "%s", err.msg);
}
END_TEST

static Suite *netlink_suite(void)
{
	Suite *s = suite_create("netlink");
	TCase *ns = tcase_create("namespace");
	TCase *plan = tcase_create("plan");

	tcase_add_test(ns, test_loopback_up_and_down);
	tcase_add_test(ns, test_refusal_carries_the_extended_ack_text);
	tcase_add_test(ns, test_veth_pair_made_addressed_and_removed);
	tcase_add_test(plan, test_veth_plan);
	tcase_add_test(plan, test_veth_plan_avoids_routed_networks);
	suite_add_tcase(s, ns);
	suite_add_tcase(s, plan);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(netlink_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
