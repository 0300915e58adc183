/* The network allowlist of host and veth modes: which destinations a program may
 * connect or send to, and which ports it may bind.  Rules are spelled
 *   allow:  tcp:HOST:PORT, udp:HOST:PORT, unix:@NAME (an abstract socket)
 *   bind:   tcp:PORT, udp:PORT
 * where HOST is an IPv4 or IPv6 literal (IPv6 in brackets or bare), a
 * CIDR (10.0.0.0/8, [fd00::]/8), a host name (resolved once, at start-up,
 * by sr_allowlist_resolve), or '*'; PORT is a number, a range LO-HI, or
 * '*'.  Parsing and matching are pure; resolving asks getaddrinfo. */
#ifndef SENTRY_RUN_ALLOWLIST_H
#define SENTRY_RUN_ALLOWLIST_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

#include "config.h"
#include "util.h"

/* An abstract unix name, without its leading NUL: sun_path is 108 bytes. */
#define SR_ALLOW_UNIX_NAME_MAX 107
/* A host name (RFC 1035: 253 characters) and its NUL. */
#define SR_ALLOW_HOSTNAME_MAX 254
/* Addresses one host name may resolve to: more are a misconfiguration. */
#define SR_ALLOW_ADDRS_PER_NAME_MAX 32

enum sr_net_proto { SR_NET_TCP, SR_NET_UDP, SR_NET_UNIX };

struct sr_allow_rule {
	enum sr_net_proto proto;
	/* tcp/udp: AF_INET or AF_INET6 with a prefix; AF_UNSPEC with
	 * prefix_len 0 is any address; a name still to resolve has
	 * hostname[0] set (and never reaches the matcher). */
	int family;
	uint8_t addr[16];
	unsigned prefix_len;
	char hostname[SR_ALLOW_HOSTNAME_MAX];
	uint16_t port_lo, port_hi;
	/* unix: the abstract name, without the leading NUL */
	char unix_name[SR_ALLOW_UNIX_NAME_MAX];
	size_t unix_name_len;
};

struct sr_allowlist {
	struct sr_allow_rule *connect;
	size_t nconnect;
	struct sr_allow_rule *bind;
	size_t nbind;
	/* mode=veth: what a socket of the sandbox's own network namespace
	 * may reach besides `connect`: its loopback and its own address
	 * (0.0.0.0 and :: too), and the host end, on every tcp and udp port. */
	struct sr_allow_rule *own;
	size_t nown;
};

/* One --allow / allow= spec; a name is kept in rule->hostname. */
int sr_allow_parse(const char *spec, struct sr_allow_rule *rule, struct sr_error *err);
/* One --allow-bind / bind= spec (host is always any). */
int sr_allow_bind_parse(const char *spec, struct sr_allow_rule *rule, struct sr_error *err);

/* Replace every allow= entry that names a host by one entry per address
 * it resolves to, and add the name servers of `resolv_conf` that glibc's
 * resolver asks (the first three addresses) on port 53
 * (tcp and udp) when any name was resolved, so that the program can
 * resolve it too.  Entries are rewritten in their canonical spelling. */
int sr_allowlist_resolve(struct sr_strlist *allow, const char *resolv_conf, struct sr_error *err);

/* Compile cfg's [network] allow= and bind= lists, and with mode=veth the
 * rules of the sandbox's own network (cfg->veth); names must have been
 * resolved.  Released with sr_allowlist_free. */
int sr_allowlist_build(const struct sr_config *cfg, struct sr_allowlist *out, struct sr_error *err);
void sr_allowlist_free(struct sr_allowlist *list);

/* May a socket of `proto` connect or send to `addr`?  AF_UNSPEC (a UDP
 * or unix datagram disconnect) is always permitted; IPv4-mapped IPv6 addresses match the
 * IPv4 rules.  For SR_NET_UNIX only abstract addresses are asked about. */
bool sr_allowlist_permits_connect(const struct sr_allowlist *list, enum sr_net_proto proto,
				  const struct sockaddr *addr, socklen_t len);
/* The same for a socket of the sandbox's own network namespace in
 * mode=veth: the `own` rules as well, and every abstract unix name (the
 * namespace's abstract names are the sandbox's own). */
bool sr_allowlist_permits_connect_own(const struct sr_allowlist *list, enum sr_net_proto proto,
				      const struct sockaddr *addr, socklen_t len);
/* May a socket of `proto` bind `port`?  Port 0 (an ephemeral port) is
 * always permitted: listen() and a first send pick one anyway. */
bool sr_allowlist_permits_bind(const struct sr_allowlist *list, enum sr_net_proto proto, uint16_t port);

/* The allowlist's protocol of a socket, by its SO_DOMAIN, SO_TYPE and
 * SO_PROTOCOL: false for one it leaves alone (route netlink, a raw
 * socket, what [network] socket= let in knowingly). */
bool sr_net_socket_proto(int domain, int type, int protocol, enum sr_net_proto *proto);

/* The canonical spelling of a rule (what --print-profile shows). */
int sr_allow_format(const struct sr_allow_rule *rule, bool bind, char *buf, size_t size);

#endif
