/* Unit tests: the host-mode network allowlist (src/allowlist.c): parsing
 * with its messages, the canonical spelling, resolving names, and the
 * matcher (CIDR, ports and ranges, IPv6, v4-mapped, abstract unix). */
#include <arpa/inet.h>
#include <check.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/un.h>
#include <unistd.h>

#include "allowlist.h"

#define TEXT_MAX 512

static void assert_canonical(const char *spec, const char *want)
{
	struct sr_allow_rule rule;
	struct sr_error err = { 0 };
	char text[TEXT_MAX];

	ck_assert_msg(sr_allow_parse(spec, &rule, &err) == 0, "%s: %s", spec, err.msg);
	ck_assert_int_eq(sr_allow_format(&rule, false, text, sizeof(text)), 0);
	ck_assert_str_eq(text, want);
}

START_TEST(test_parse_spellings_come_back_canonical)
{
	assert_canonical("tcp:127.0.0.1:80", "tcp:127.0.0.1:80");
	assert_canonical("udp:10.0.0.0/8:53", "udp:10.0.0.0/8:53");
	assert_canonical("tcp:[::1]:443", "tcp:[::1]:443");
	assert_canonical("tcp:::1:443", "tcp:[::1]:443");
	assert_canonical("tcp:[fd00::]/8:1000-2000", "tcp:[fd00::]/8:1000-2000");
	assert_canonical("tcp:fd00::/8:22", "tcp:[fd00::]/8:22");
	assert_canonical("tcp:*:*", "tcp:*:*");
	assert_canonical("tcp:1.2.3.4:1-65535", "tcp:1.2.3.4:*");
	assert_canonical("udp:example.org:53", "udp:example.org:53");
	assert_canonical("unix:@my-bus", "unix:@my-bus");
	/* IPv4-mapped: destinations are matched as IPv4, so are these. */
	assert_canonical("tcp:[::ffff:127.0.0.1]:80", "tcp:127.0.0.1:80");
	assert_canonical("tcp:[::ffff:10.0.0.0]/104:80", "tcp:10.0.0.0/8:80");
}
END_TEST

static const struct {
	const char *spec;
	const char *message;
} bad_allow[] = {
	{ "tcp", "'tcp': expected tcp:HOST:PORT, udp:HOST:PORT or unix:@NAME" },
	{ "sctp:1.2.3.4:80", "'sctp:1.2.3.4:80': unknown protocol 'sctp': expected tcp, udp or unix" },
	{ "tcp:1.2.3.4", "'tcp:1.2.3.4': expected tcp:HOST:PORT" },
	{ "tcp::80", "'tcp::80': expected tcp:HOST:PORT" },
	{ "tcp:1.2.3.4:0", "'tcp:1.2.3.4:0': port 0 names no port: expected 1 to 65535" },
	{ "tcp:1.2.3.4:65536", "'tcp:1.2.3.4:65536': port '65536' is above 65535" },
	{ "tcp:1.2.3.4:http", "'tcp:1.2.3.4:http': bad port 'http': expected a number, LO-HI or *" },
	{ "tcp:1.2.3.4:90-80", "'tcp:1.2.3.4:90-80': port range 90-80 runs backwards" },
	{ "tcp:1.2.3.4:", "'tcp:1.2.3.4:': missing port" },
	{ "tcp:10.0.0.1/8:80", "'tcp:10.0.0.1/8:80': host '10.0.0.1/8': bits are set after the /8 prefix" },
	{ "tcp:10.0.0.0/33:80", "'tcp:10.0.0.0/33:80': host '10.0.0.0/33': the prefix length must be 0 to 32" },
	{ "tcp:10.0.0.0/:80", "'tcp:10.0.0.0/:80': host '10.0.0.0/': missing prefix length after '/'" },
	{ "tcp:[::1:80", "'tcp:[::1:80': host '[::1': expected ']' after the IPv6 address" },
	{ "tcp:bad_name!:80", "'tcp:bad_name!:80': host 'bad_name!': expected an IPv4 or IPv6 address, a CIDR, a host name or *" },
	{ "tcp:host/8:80", "'tcp:host/8:80': host 'host/8': expected an IPv4 or IPv6 address, a CIDR, a host name or *" },
	{ "unix:/run/x.sock", "'unix:/run/x.sock': expected unix:@NAME (an abstract socket; path sockets follow the file system view)" },
	{ "unix:@", "'unix:@': expected unix:@NAME (an abstract socket; path sockets follow the file system view)" },
};

START_TEST(test_bad_allow_is_refused_with_its_message)
{
	struct sr_allow_rule rule;
	struct sr_error err = { 0 };

	ck_assert_int_lt(sr_allow_parse(bad_allow[_i].spec, &rule, &err), 0);
	ck_assert_str_eq(err.msg, bad_allow[_i].message);
}
END_TEST

START_TEST(test_bind_specs)
{
	struct sr_allow_rule rule;
	struct sr_error err = { 0 };
	char text[TEXT_MAX];

	ck_assert_int_eq(sr_allow_bind_parse("tcp:8080", &rule, &err), 0);
	ck_assert_int_eq(sr_allow_format(&rule, true, text, sizeof(text)), 0);
	ck_assert_str_eq(text, "tcp:8080");
	ck_assert_int_eq(sr_allow_bind_parse("udp:5000-5010", &rule, &err), 0);
	ck_assert_int_eq(sr_allow_format(&rule, true, text, sizeof(text)), 0);
	ck_assert_str_eq(text, "udp:5000-5010");
	ck_assert_int_lt(sr_allow_bind_parse("unix:8080", &rule, &err), 0);
	ck_assert_str_eq(err.msg, "'unix:8080': unknown protocol 'unix': expected tcp or udp");
	ck_assert_int_lt(sr_allow_bind_parse("tcp:1.2.3.4:80", &rule, &err), 0);
	ck_assert_str_eq(err.msg, "'tcp:1.2.3.4:80': bad port '1.2.3.4:80': expected a number, LO-HI or *");
}
END_TEST

/* A config holding allow= and bind= lines, compiled. */
static void build(struct sr_allowlist *list, const char *const *allow, const char *const *bind)
{
	struct sr_config cfg;
	struct sr_error err = { 0 };

	sr_config_init(&cfg);
	for (size_t i = 0; allow && allow[i]; i++)
		ck_assert_int_eq(sr_strlist_add(&cfg.net_allow, allow[i], &err), 0);
	for (size_t i = 0; bind && bind[i]; i++)
		ck_assert_int_eq(sr_strlist_add(&cfg.net_bind, bind[i], &err), 0);
	ck_assert_msg(sr_allowlist_build(&cfg, list, &err) == 0, "%s", err.msg);
	sr_config_free(&cfg);
}

static bool permits4(const struct sr_allowlist *list, enum sr_net_proto proto, const char *ip, uint16_t port)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(port) };

	ck_assert_int_eq(inet_pton(AF_INET, ip, &sin.sin_addr), 1);
	return sr_allowlist_permits_connect(list, proto, (struct sockaddr *)&sin, sizeof(sin));
}

static bool permits6(const struct sr_allowlist *list, enum sr_net_proto proto, const char *ip, uint16_t port)
{
	struct sockaddr_in6 sin6 = { .sin6_family = AF_INET6, .sin6_port = htons(port) };

	ck_assert_int_eq(inet_pton(AF_INET6, ip, &sin6.sin6_addr), 1);
	return sr_allowlist_permits_connect(list, proto, (struct sockaddr *)&sin6, sizeof(sin6));
}

START_TEST(test_match_address_port_and_protocol)
{
	static const char *const allow[] = { "tcp:127.0.0.1:8080", "udp:10.1.0.0/16:53", NULL };
	struct sr_allowlist list;

	build(&list, allow, NULL);
	ck_assert(permits4(&list, SR_NET_TCP, "127.0.0.1", 8080));
	ck_assert(!permits4(&list, SR_NET_TCP, "127.0.0.1", 8081));
	ck_assert(!permits4(&list, SR_NET_UDP, "127.0.0.1", 8080));
	ck_assert(!permits4(&list, SR_NET_TCP, "127.0.0.2", 8080));
	ck_assert(permits4(&list, SR_NET_UDP, "10.1.255.3", 53));
	ck_assert(!permits4(&list, SR_NET_UDP, "10.2.0.1", 53));
	ck_assert(!permits4(&list, SR_NET_TCP, "10.1.0.1", 53));
	sr_allowlist_free(&list);
}
END_TEST

START_TEST(test_match_odd_prefix_and_ranges)
{
	static const char *const allow[] = { "tcp:192.168.4.0/22:1000-2000", "tcp:*:443", NULL };
	struct sr_allowlist list;

	build(&list, allow, NULL);
	ck_assert(permits4(&list, SR_NET_TCP, "192.168.7.255", 1000));
	ck_assert(permits4(&list, SR_NET_TCP, "192.168.4.0", 2000));
	ck_assert(!permits4(&list, SR_NET_TCP, "192.168.8.0", 1500));
	ck_assert(!permits4(&list, SR_NET_TCP, "192.168.5.1", 999));
	ck_assert(!permits4(&list, SR_NET_TCP, "192.168.5.1", 2001));
	ck_assert(permits4(&list, SR_NET_TCP, "8.8.8.8", 443));
	ck_assert(permits6(&list, SR_NET_TCP, "2001:db8::1", 443));
	ck_assert(!permits6(&list, SR_NET_TCP, "2001:db8::1", 80));
	sr_allowlist_free(&list);
}
END_TEST

START_TEST(test_match_ipv6_and_v4_mapped)
{
	static const char *const allow[] = { "tcp:[fd00:1::]/32:22", "tcp:127.0.0.1:80", NULL };
	struct sr_allowlist list;

	build(&list, allow, NULL);
	ck_assert(permits6(&list, SR_NET_TCP, "fd00:1:ffff::9", 22));
	ck_assert(!permits6(&list, SR_NET_TCP, "fd00:2::9", 22));
	ck_assert(permits6(&list, SR_NET_TCP, "::ffff:127.0.0.1", 80));
	ck_assert(!permits6(&list, SR_NET_TCP, "::ffff:127.0.0.2", 80));
	ck_assert(!permits6(&list, SR_NET_TCP, "::1", 80));
	sr_allowlist_free(&list);

	static const char *const mapped[] = { "tcp:[::ffff:127.0.0.1]:80", NULL };
	build(&list, mapped, NULL);
	ck_assert(permits6(&list, SR_NET_TCP, "::ffff:127.0.0.1", 80));
	ck_assert(permits4(&list, SR_NET_TCP, "127.0.0.1", 80));
	ck_assert(!permits4(&list, SR_NET_TCP, "127.0.0.2", 80));
	sr_allowlist_free(&list);
}
END_TEST

/* The kernel takes a sockaddr_in6 without sin6_scope_id (RFC 2133, 24
 * bytes): matched as the whole one; a byte less is no IPv6 address. */
START_TEST(test_match_ipv6_without_scope_id)
{
	static const char *const allow[] = { "tcp:[fd00:1::]/32:22", "tcp:127.0.0.1:80", NULL };
	struct sr_allowlist list;
	struct sockaddr_in6 sin6 = { .sin6_family = AF_INET6, .sin6_port = htons(22) };
	socklen_t rfc2133 = (socklen_t)offsetof(struct sockaddr_in6, sin6_scope_id);

	build(&list, allow, NULL);
	ck_assert_int_eq(inet_pton(AF_INET6, "fd00:1::9", &sin6.sin6_addr), 1);
	ck_assert(sr_allowlist_permits_connect(&list, SR_NET_TCP, (struct sockaddr *)&sin6, rfc2133));
	ck_assert(!sr_allowlist_permits_connect(&list, SR_NET_TCP, (struct sockaddr *)&sin6, rfc2133 - 1));
	sin6.sin6_port = htons(23);
	ck_assert(!sr_allowlist_permits_connect(&list, SR_NET_TCP, (struct sockaddr *)&sin6, rfc2133));
	ck_assert_int_eq(inet_pton(AF_INET6, "::ffff:127.0.0.1", &sin6.sin6_addr), 1);
	sin6.sin6_port = htons(80);
	ck_assert(sr_allowlist_permits_connect(&list, SR_NET_TCP, (struct sockaddr *)&sin6, rfc2133));
	sr_allowlist_free(&list);
}
END_TEST

START_TEST(test_match_refuses_short_and_foreign_addresses)
{
	static const char *const allow[] = { "tcp:*:*", NULL };
	struct sr_allowlist list;
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(80) };
	struct sockaddr_storage other = { .ss_family = AF_PACKET };
	struct sockaddr unspec = { .sa_family = AF_UNSPEC };

	build(&list, allow, NULL);
	ck_assert(!sr_allowlist_permits_connect(&list, SR_NET_TCP, (struct sockaddr *)&sin, sizeof(sin) - 1));
	ck_assert(!sr_allowlist_permits_connect(&list, SR_NET_TCP, (struct sockaddr *)&other, sizeof(other)));
	ck_assert(!sr_allowlist_permits_connect(&list, SR_NET_TCP, (struct sockaddr *)&sin, 1));
	/* A UDP "disconnect" reaches nothing. */
	ck_assert(sr_allowlist_permits_connect(&list, SR_NET_UDP, &unspec, sizeof(unspec)));
	ck_assert(sr_allowlist_permits_connect(&list, SR_NET_UNIX, &unspec, sizeof(unspec)));
	sr_allowlist_free(&list);
}
END_TEST

static bool permits_abstract(const struct sr_allowlist *list, const char *name, size_t len)
{
	struct sockaddr_un un = { .sun_family = AF_UNIX };

	memcpy(un.sun_path + 1, name, len);
	return sr_allowlist_permits_connect(list, SR_NET_UNIX, (struct sockaddr *)&un,
					    (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + len));
}

START_TEST(test_match_abstract_unix_exactly)
{
	static const char *const allow[] = { "unix:@bus", NULL };
	struct sr_allowlist list;
	struct sockaddr_un path = { .sun_family = AF_UNIX, .sun_path = "/run/bus" };

	build(&list, allow, NULL);
	ck_assert(permits_abstract(&list, "bus", 3));
	ck_assert(!permits_abstract(&list, "bus2", 4));
	ck_assert(!permits_abstract(&list, "bu", 2));
	ck_assert(!permits_abstract(&list, "bus\0", 4));
	/* Path sockets are not the allowlist's to permit. */
	ck_assert(!sr_allowlist_permits_connect(&list, SR_NET_UNIX, (struct sockaddr *)&path, sizeof(path)));
	sr_allowlist_free(&list);
}
END_TEST

/* mode=veth: a socket of the sandbox's own namespace reaches its
 * loopback, its address and the host end on every port, any abstract
 * name, and what allow= says; any other socket only what allow= says. */
static bool permits_own(const struct sr_allowlist *list, enum sr_net_proto proto, int family, const char *ip,
			uint16_t port)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(port) };
	struct sockaddr_in6 sin6 = { .sin6_family = AF_INET6, .sin6_port = htons(port) };

	if (family == AF_INET) {
		ck_assert_int_eq(inet_pton(AF_INET, ip, &sin.sin_addr), 1);
		return sr_allowlist_permits_connect_own(list, proto, (struct sockaddr *)&sin, sizeof(sin));
	}
	ck_assert_int_eq(inet_pton(AF_INET6, ip, &sin6.sin6_addr), 1);
	return sr_allowlist_permits_connect_own(list, proto, (struct sockaddr *)&sin6, sizeof(sin6));
}

START_TEST(test_veth_own_network_and_the_host_end)
{
	struct sr_config cfg;
	struct sr_allowlist list;
	struct sr_error err = { 0 };
	struct sockaddr_un un = { .sun_family = AF_UNIX };

	sr_config_init(&cfg);
	cfg.net = SR_NET_VETH;
	ck_assert_int_eq(inet_pton(AF_INET, "10.0.0.5", &cfg.veth.host_addr), 1);
	ck_assert_int_eq(inet_pton(AF_INET, "10.0.0.6", &cfg.veth.sandbox_addr), 1);
	ck_assert_int_eq(sr_strlist_add(&cfg.net_allow, "tcp:192.0.2.7:443", &err), 0);
	ck_assert_msg(sr_allowlist_build(&cfg, &list, &err) == 0, "%s", err.msg);
	sr_config_free(&cfg);

	ck_assert(permits_own(&list, SR_NET_TCP, AF_INET, "10.0.0.5", 1));
	ck_assert(permits_own(&list, SR_NET_UDP, AF_INET, "10.0.0.5", 65535));
	ck_assert(permits_own(&list, SR_NET_TCP, AF_INET6, "::ffff:10.0.0.5", 22));
	ck_assert(permits_own(&list, SR_NET_TCP, AF_INET, "10.0.0.6", 8080));
	ck_assert(permits_own(&list, SR_NET_UDP, AF_INET, "127.0.0.53", 53));
	ck_assert(permits_own(&list, SR_NET_TCP, AF_INET, "0.0.0.0", 80));
	ck_assert(permits_own(&list, SR_NET_TCP, AF_INET6, "::1", 80));
	ck_assert(permits_own(&list, SR_NET_TCP, AF_INET, "192.0.2.7", 443));
	/* The rest of the host (weak host model) and its /30's neighbours. */
	ck_assert(!permits_own(&list, SR_NET_TCP, AF_INET, "192.0.2.7", 80));
	ck_assert(!permits_own(&list, SR_NET_TCP, AF_INET, "192.0.2.2", 22));
	ck_assert(!permits_own(&list, SR_NET_UDP, AF_INET, "10.0.0.7", 53));
	ck_assert(!permits_own(&list, SR_NET_TCP, AF_INET, "10.0.0.4", 22));
	ck_assert(!permits_own(&list, SR_NET_TCP, AF_INET6, "fe80::1", 22));
	ck_assert(!permits_own(&list, SR_NET_TCP, AF_INET6, "::2", 22));
	memcpy(un.sun_path + 1, "own", 3);
	ck_assert(sr_allowlist_permits_connect_own(&list, SR_NET_UNIX, (struct sockaddr *)&un,
						   (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 4)));

	/* A socket from elsewhere (passed in): allow= alone. */
	ck_assert(!permits4(&list, SR_NET_TCP, "127.0.0.1", 80));
	ck_assert(!permits4(&list, SR_NET_TCP, "10.0.0.5", 22));
	ck_assert(permits4(&list, SR_NET_TCP, "192.0.2.7", 443));
	ck_assert(!permits_abstract(&list, "own", 3));
	sr_allowlist_free(&list);
}
END_TEST

/* Outside veth mode there are no rules of the sandbox's own. */
START_TEST(test_own_rules_only_in_veth_mode)
{
	static const char *const allow[] = { "tcp:192.0.2.7:443", NULL };
	struct sr_allowlist list;

	build(&list, allow, NULL);
	ck_assert_uint_eq(list.nown, 0);
	ck_assert(!permits_own(&list, SR_NET_TCP, AF_INET, "127.0.0.1", 80));
	ck_assert(permits_own(&list, SR_NET_TCP, AF_INET, "192.0.2.7", 443));
	sr_allowlist_free(&list);
}
END_TEST

START_TEST(test_bind_ports)
{
	static const char *const bind[] = { "tcp:8080", "udp:5000-5001", NULL };
	struct sr_allowlist list;

	build(&list, NULL, bind);
	ck_assert(sr_allowlist_permits_bind(&list, SR_NET_TCP, 8080));
	ck_assert(!sr_allowlist_permits_bind(&list, SR_NET_UDP, 8080));
	ck_assert(sr_allowlist_permits_bind(&list, SR_NET_UDP, 5001));
	ck_assert(!sr_allowlist_permits_bind(&list, SR_NET_UDP, 5002));
	ck_assert(sr_allowlist_permits_bind(&list, SR_NET_TCP, 0));
	sr_allowlist_free(&list);
}
END_TEST

/* A raw socket of protocol 6 or 17 (socket=raw) is no TCP or UDP one:
 * it has no port, and the allowlist leaves it alone as other raw ones. */
START_TEST(test_socket_proto_by_type_and_protocol)
{
	enum sr_net_proto proto;

	ck_assert(sr_net_socket_proto(AF_INET, SOCK_STREAM, IPPROTO_TCP, &proto) && proto == SR_NET_TCP);
	ck_assert(sr_net_socket_proto(AF_INET6, SOCK_STREAM, IPPROTO_TCP, &proto) && proto == SR_NET_TCP);
	ck_assert(sr_net_socket_proto(AF_INET, SOCK_DGRAM, IPPROTO_UDP, &proto) && proto == SR_NET_UDP);
	ck_assert(sr_net_socket_proto(AF_INET6, SOCK_DGRAM, IPPROTO_UDP, &proto) && proto == SR_NET_UDP);
	ck_assert(sr_net_socket_proto(AF_UNIX, SOCK_STREAM, 0, &proto) && proto == SR_NET_UNIX);
	ck_assert(sr_net_socket_proto(AF_UNIX, SOCK_DGRAM, 0, &proto) && proto == SR_NET_UNIX);
	ck_assert(sr_net_socket_proto(AF_UNIX, SOCK_SEQPACKET, 0, &proto) && proto == SR_NET_UNIX);
	ck_assert(!sr_net_socket_proto(AF_INET, SOCK_RAW, IPPROTO_TCP, &proto));
	ck_assert(!sr_net_socket_proto(AF_INET6, SOCK_RAW, IPPROTO_TCP, &proto));
	ck_assert(!sr_net_socket_proto(AF_INET, SOCK_RAW, IPPROTO_UDP, &proto));
	ck_assert(!sr_net_socket_proto(AF_INET6, SOCK_RAW, IPPROTO_UDP, &proto));
	ck_assert(!sr_net_socket_proto(AF_INET, SOCK_RAW, IPPROTO_ICMP, &proto));
	ck_assert(!sr_net_socket_proto(AF_INET, SOCK_DGRAM, IPPROTO_ICMP, &proto));
	ck_assert(!sr_net_socket_proto(AF_INET, SOCK_STREAM, IPPROTO_SCTP, &proto));
	ck_assert(!sr_net_socket_proto(AF_NETLINK, SOCK_RAW, 0, &proto));
	ck_assert(!sr_net_socket_proto(AF_NETLINK, SOCK_DGRAM, IPPROTO_UDP, &proto));
}
END_TEST

START_TEST(test_empty_list_permits_nothing)
{
	struct sr_allowlist list;

	build(&list, NULL, NULL);
	ck_assert(!permits4(&list, SR_NET_TCP, "127.0.0.1", 80));
	ck_assert(!sr_allowlist_permits_bind(&list, SR_NET_TCP, 80));
	sr_allowlist_free(&list);
}
END_TEST

START_TEST(test_build_refuses_an_unresolved_name)
{
	struct sr_config cfg;
	struct sr_allowlist list;
	struct sr_error err = { 0 };

	sr_config_init(&cfg);
	ck_assert_int_eq(sr_strlist_add(&cfg.net_allow, "tcp:localhost:80", &err), 0);
	ck_assert_int_lt(sr_allowlist_build(&cfg, &list, &err), 0);
	ck_assert_str_eq(err.msg, "allow=tcp:localhost:80: the host name was not resolved");
	sr_config_free(&cfg);
}
END_TEST

START_TEST(test_resolve_names_and_add_name_servers)
{
	char resolv[] = "/tmp/check_allowlist.XXXXXX";
	int fd = mkstemp(resolv);
	struct sr_strlist allow = { 0 };
	struct sr_error err = { 0 };
	static const char text[] = "# a comment\nnameserver 192.0.2.53\nnameserver 2001:db8::53\nsearch x\n";

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	ck_assert_int_eq(sr_strlist_add(&allow, "tcp:localhost:8080", &err), 0);
	ck_assert_int_eq(sr_strlist_add(&allow, "tcp:10.0.0.0/8:22", &err), 0);
	ck_assert_msg(sr_allowlist_resolve(&allow, resolv, &err) == 0, "%s", err.msg);
	unlink(resolv);
	ck_assert(sr_strlist_contains(&allow, "tcp:127.0.0.1:8080"));
	ck_assert(sr_strlist_contains(&allow, "tcp:10.0.0.0/8:22"));
	ck_assert(sr_strlist_contains(&allow, "udp:192.0.2.53:53"));
	ck_assert(sr_strlist_contains(&allow, "tcp:192.0.2.53:53"));
	ck_assert(sr_strlist_contains(&allow, "udp:[2001:db8::53]:53"));
	for (size_t i = 0; i < allow.len; i++)
		ck_assert_msg(strstr(allow.items[i], "localhost") == NULL, "%s kept its name", allow.items[i]);
	sr_strlist_free(&allow);
}
END_TEST

/* Only the name servers glibc's resolver would ask are allowed, on port
 * 53: a "nameserver" line is the keyword at the start of the line, then
 * an IPv4 address (inet_aton's spellings) or an IPv6 one, and only the
 * first three (MAXNS) count, one with a scope among them (which no rule
 * can name).  What is not an address (a CIDR, '*', a
 * name) must not become a rule that opens port 53 of more hosts. */
START_TEST(test_resolve_takes_name_servers_as_glibc_reads_them)
{
	char resolv[] = "/tmp/check_allowlist.XXXXXX";
	int fd = mkstemp(resolv);
	struct sr_strlist allow = { 0 };
	struct sr_error err = { 0 };
	static const char text[] = "nameserver 0.0.0.0/0\n"
				   "nameserver *\n"
				   "nameserver ::/0\n"
				   "nameserver dns.example\n"
				   " nameserver 192.0.2.1\n"
				   "nameserver\t192.0.2.2 trailing words\n"
				   "nameserver 127.1\n"
				   "nameserver fe80::1%lo\n"
				   "nameserver 192.0.2.4\n";
	static const char *const want[] = {
		"tcp:127.0.0.1:8080",
		"udp:192.0.2.2:53", "tcp:192.0.2.2:53",
		"udp:127.0.0.1:53", "tcp:127.0.0.1:53",
	};

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	ck_assert_int_eq(sr_strlist_add(&allow, "tcp:127.0.0.1:8080", &err), 0);
	ck_assert_int_eq(sr_strlist_add(&allow, "tcp:localhost:8080", &err), 0);
	ck_assert_msg(sr_allowlist_resolve(&allow, resolv, &err) == 0, "%s", err.msg);
	unlink(resolv);
	for (size_t i = 0; i < allow.len; i++) {
		bool wanted = strcmp(allow.items[i], "tcp:[::1]:8080") == 0;
		for (size_t j = 0; j < sizeof(want) / sizeof(want[0]); j++)
			wanted = wanted || strcmp(allow.items[i], want[j]) == 0;
		ck_assert_msg(wanted, "%s is not a name server glibc would ask", allow.items[i]);
	}
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		ck_assert_msg(sr_strlist_contains(&allow, want[i]), "%s is missing", want[i]);
	sr_strlist_free(&allow);
}
END_TEST

START_TEST(test_resolve_without_names_leaves_resolvers_out)
{
	struct sr_strlist allow = { 0 };
	struct sr_error err = { 0 };

	ck_assert_int_eq(sr_strlist_add(&allow, "tcp:::1:80", &err), 0);
	ck_assert_int_eq(sr_allowlist_resolve(&allow, "/nonexistent/resolv.conf", &err), 0);
	ck_assert_uint_eq(allow.len, 1);
	ck_assert_str_eq(allow.items[0], "tcp:[::1]:80");
	sr_strlist_free(&allow);
}
END_TEST

/* glibc takes inet_aton's spellings of an IPv4 address (127.1,
 * 0x7f.0.0.1, 2130706433) as that address, never asking a name server:
 * such a host is an address, and opens port 53 of no name server. */
START_TEST(test_resolve_numeric_spellings_are_addresses)
{
	char resolv[] = "/tmp/check_allowlist.XXXXXX";
	int fd = mkstemp(resolv);
	struct sr_strlist allow = { 0 };
	struct sr_error err = { 0 };
	static const char text[] = "nameserver 192.0.2.53\n";

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	ck_assert_int_eq(sr_strlist_add(&allow, "tcp:127.1:80", &err), 0);
	ck_assert_int_eq(sr_strlist_add(&allow, "udp:0x7f.0.0.2:53", &err), 0);
	ck_assert_int_eq(sr_strlist_add(&allow, "tcp:2130706435:22", &err), 0);
	ck_assert_msg(sr_allowlist_resolve(&allow, resolv, &err) == 0, "%s", err.msg);
	unlink(resolv);
	ck_assert_uint_eq(allow.len, 3);
	ck_assert_str_eq(allow.items[0], "tcp:127.0.0.1:80");
	ck_assert_str_eq(allow.items[1], "udp:127.0.0.2:53");
	ck_assert_str_eq(allow.items[2], "tcp:127.0.0.3:22");
	sr_strlist_free(&allow);
}
END_TEST

START_TEST(test_resolve_failure_names_the_host)
{
	struct sr_strlist allow = { 0 };
	struct sr_error err = { 0 };

	ck_assert_int_eq(sr_strlist_add(&allow, "tcp:no-such-host.invalid:80", &err), 0);
	ck_assert_int_lt(sr_allowlist_resolve(&allow, "/nonexistent", &err), 0);
	ck_assert_msg(strncmp(err.msg, "allow=tcp:no-such-host.invalid:80: cannot resolve no-such-host.invalid: ",
			      strlen("allow=tcp:no-such-host.invalid:80: cannot resolve no-such-host.invalid: ")) == 0,
		      "%s", err.msg);
	ck_assert_uint_eq(allow.len, 1);
	sr_strlist_free(&allow);
}
END_TEST

static Suite *allowlist_suite(void)
{
	Suite *s = suite_create("allowlist");
	TCase *parse = tcase_create("parse");
	TCase *match = tcase_create("match");
	TCase *resolve = tcase_create("resolve");

	tcase_add_test(parse, test_parse_spellings_come_back_canonical);
	tcase_add_loop_test(parse, test_bad_allow_is_refused_with_its_message, 0,
			    (int)(sizeof(bad_allow) / sizeof(bad_allow[0])));
	tcase_add_test(parse, test_bind_specs);
	tcase_add_test(match, test_match_address_port_and_protocol);
	tcase_add_test(match, test_match_odd_prefix_and_ranges);
	tcase_add_test(match, test_match_ipv6_and_v4_mapped);
	tcase_add_test(match, test_match_ipv6_without_scope_id);
	tcase_add_test(match, test_match_refuses_short_and_foreign_addresses);
	tcase_add_test(match, test_match_abstract_unix_exactly);
	tcase_add_test(match, test_veth_own_network_and_the_host_end);
	tcase_add_test(match, test_own_rules_only_in_veth_mode);
	tcase_add_test(match, test_bind_ports);
	tcase_add_test(match, test_socket_proto_by_type_and_protocol);
	tcase_add_test(match, test_empty_list_permits_nothing);
	tcase_add_test(match, test_build_refuses_an_unresolved_name);
	tcase_add_test(resolve, test_resolve_names_and_add_name_servers);
	tcase_add_test(resolve, test_resolve_takes_name_servers_as_glibc_reads_them);
	tcase_add_test(resolve, test_resolve_without_names_leaves_resolvers_out);
	tcase_add_test(resolve, test_resolve_failure_names_the_host);
	tcase_add_test(resolve, test_resolve_numeric_spellings_are_addresses);
	suite_add_tcase(s, parse);
	suite_add_tcase(s, match);
	suite_add_tcase(s, resolve);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(allowlist_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
