#include "allowlist.h"
#include "compat.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/un.h>

#define IPV4_BITS 32
#define IPV6_BITS 128
#define PORT_MAX 65535
#define DNS_PORT "53"
/* A rule spelled canonically: a protocol, the longest host (a name, or
 * an IPv6 CIDR in brackets) or unix name, and a port range. */
#define RULE_TEXT_MAX (16 + SR_ALLOW_HOSTNAME_MAX + 16)
#define RESOLV_LINE_MAX 512
/* glibc's MAXNS: the resolver asks the first three name servers only. */
#define RESOLV_SERVERS_MAX 3

static int parse_proto(const char *text, size_t len, bool unix_ok, enum sr_net_proto *proto,
		       struct sr_error *err)
{
	if (len == 3 && strncmp(text, "tcp", 3) == 0)
		*proto = SR_NET_TCP;
	else if (len == 3 && strncmp(text, "udp", 3) == 0)
		*proto = SR_NET_UDP;
	else if (unix_ok && len == 4 && strncmp(text, "unix", 4) == 0)
		*proto = SR_NET_UNIX;
	else
		return sr_fail(err, 0, "unknown protocol '%.*s': expected %s", (int)len, text,
			       unix_ok ? "tcp, udp or unix" : "tcp or udp");
	return 0;
}

static int parse_port_number(const char *text, size_t len, uint16_t *port, struct sr_error *err)
{
	unsigned long v = 0;

	if (len == 0)
		return sr_fail(err, 0, "missing port");
	for (size_t i = 0; i < len; i++) {
		if (text[i] < '0' || text[i] > '9')
			return sr_fail(err, 0, "bad port '%.*s': expected a number, LO-HI or *", (int)len, text);
		v = v * 10 + (unsigned long)(text[i] - '0');
		if (v > PORT_MAX)
			return sr_fail(err, 0, "port '%.*s' is above %d", (int)len, text, PORT_MAX);
	}
	if (v == 0)
		return sr_fail(err, 0, "port 0 names no port: expected 1 to %d", PORT_MAX);
	*port = (uint16_t)v;
	return 0;
}

static int parse_ports(const char *text, struct sr_allow_rule *rule, struct sr_error *err)
{
	if (strcmp(text, "*") == 0) {
		rule->port_lo = 1;
		rule->port_hi = PORT_MAX;
		return 0;
	}
	const char *dash = strchr(text, '-');
	if (dash == NULL) {
		if (parse_port_number(text, strlen(text), &rule->port_lo, err) < 0)
			return -1;
		rule->port_hi = rule->port_lo;
		return 0;
	}
	if (parse_port_number(text, (size_t)(dash - text), &rule->port_lo, err) < 0 ||
	    parse_port_number(dash + 1, strlen(dash + 1), &rule->port_hi, err) < 0)
		return -1;
	if (rule->port_lo > rule->port_hi)
		return sr_fail(err, 0, "port range %s runs backwards", text);
	return 0;
}

static bool is_hostname(const char *s)
{
	size_t len = strlen(s);

	if (len == 0 || len >= SR_ALLOW_HOSTNAME_MAX || s[0] == '-' || s[0] == '.')
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '.'))
			return false;
	}
	return true;
}

static bool host_bits_clear(const uint8_t *addr, unsigned bits, unsigned prefix_len)
{
	for (unsigned bit = prefix_len; bit < bits; bit++)
		if (addr[bit / 8] & (0x80u >> (bit % 8)))
			return false;
	return true;
}

/* ::ffff:a.b.c.d, IPv4 as an IPv6 socket sees it. */
static const uint8_t v4_mapped_prefix[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };

/* HOST: *, an address, an address/prefix, [IPv6] or [IPv6]/prefix, a name. */
static int parse_host(const char *text, struct sr_allow_rule *rule, struct sr_error *err)
{
	char host[SR_ALLOW_HOSTNAME_MAX];
	const char *prefix = NULL;
	size_t len = strlen(text);

	if (strcmp(text, "*") == 0) {
		rule->family = AF_UNSPEC;
		rule->prefix_len = 0;
		return 0;
	}
	if (len == 0)
		return sr_fail(err, 0, "missing host: expected an address, a CIDR, a host name or *");
	if (len >= sizeof(host))
		return sr_fail(err, 0, "host '%.20s...' is too long", text);
	if (text[0] == '[') {
		const char *close = strchr(text, ']');
		if (close == NULL)
			return sr_fail(err, 0, "host '%s': expected ']' after the IPv6 address", text);
		memcpy(host, text + 1, (size_t)(close - text - 1));
		host[close - text - 1] = '\0';
		if (close[1] == '/')
			prefix = close + 2;
		else if (close[1] != '\0')
			return sr_fail(err, 0, "host '%s': unexpected text after ']'", text);
	} else {
		memcpy(host, text, len + 1);
		char *slash = strchr(host, '/');
		if (slash != NULL) {
			*slash = '\0';
			prefix = text + (slash - host) + 1;
		}
	}

	unsigned bits;
	struct in_addr spelled;
	if (inet_pton(AF_INET, host, rule->addr) == 1) {
		rule->family = AF_INET;
		bits = IPV4_BITS;
	} else if (text[0] != '[' && is_hostname(host) && inet_aton(host, &spelled) != 0) {
		/* 127.1, 0x7f.0.0.1, 2130706433: glibc's getaddrinfo takes
		 * inet_aton's spellings as the address, asking no name
		 * server, so they are no names (which would allow those). */
		memcpy(rule->addr, &spelled, sizeof(spelled));
		rule->family = AF_INET;
		bits = IPV4_BITS;
	} else if (inet_pton(AF_INET6, host, rule->addr) == 1) {
		rule->family = AF_INET6;
		bits = IPV6_BITS;
	} else if (text[0] != '[' && prefix == NULL && is_hostname(host)) {
		sr_strlcpy(rule->hostname, host, sizeof(rule->hostname));
		rule->family = AF_UNSPEC;
		return 0;
	} else {
		return sr_fail(err, 0, "host '%s': expected an IPv4 or IPv6 address, a CIDR, a host name or *",
			       text);
	}
	rule->prefix_len = bits;
	if (prefix != NULL) {
		unsigned long v = 0;
		if (*prefix == '\0')
			return sr_fail(err, 0, "host '%s': missing prefix length after '/'", text);
		for (const char *p = prefix; *p; p++) {
			if (*p < '0' || *p > '9' || (v = v * 10 + (unsigned long)(*p - '0')) > bits)
				return sr_fail(err, 0, "host '%s': the prefix length must be 0 to %u", text, bits);
		}
		rule->prefix_len = (unsigned)v;
		if (!host_bits_clear(rule->addr, bits, rule->prefix_len))
			return sr_fail(err, 0, "host '%s': bits are set after the /%u prefix", text,
				       rule->prefix_len);
	}
	/* Destinations are matched with IPv4-mapped ones as IPv4: so is a
	 * rule, or it would never match. */
	if (rule->family == AF_INET6 && rule->prefix_len >= 8 * sizeof(v4_mapped_prefix) &&
	    memcmp(rule->addr, v4_mapped_prefix, sizeof(v4_mapped_prefix)) == 0) {
		memmove(rule->addr, rule->addr + sizeof(v4_mapped_prefix), IPV4_BITS / 8);
		memset(rule->addr + IPV4_BITS / 8, 0, sizeof(rule->addr) - IPV4_BITS / 8);
		rule->family = AF_INET;
		rule->prefix_len -= 8 * sizeof(v4_mapped_prefix);
	}
	return 0;
}

int sr_allow_parse(const char *spec, struct sr_allow_rule *rule, struct sr_error *err)
{
	memset(rule, 0, sizeof(*rule));
	const char *colon = strchr(spec, ':');
	if (colon == NULL)
		return sr_fail(err, 0, "'%s': expected tcp:HOST:PORT, udp:HOST:PORT or unix:@NAME", spec);
	if (parse_proto(spec, (size_t)(colon - spec), true, &rule->proto, err) < 0)
		return sr_error_wrap(err, "'%s'", spec);
	const char *rest = colon + 1;

	if (rule->proto == SR_NET_UNIX) {
		size_t len = strlen(rest);
		if (rest[0] != '@' || len < 2)
			return sr_fail(err, 0, "'%s': expected unix:@NAME (an abstract socket; path sockets "
				       "follow the file system view)", spec);
		if (len - 1 > SR_ALLOW_UNIX_NAME_MAX)
			return sr_fail(err, 0, "'%s': an abstract name has at most %d bytes", spec,
				       SR_ALLOW_UNIX_NAME_MAX);
		memcpy(rule->unix_name, rest + 1, len - 1);
		rule->unix_name_len = len - 1;
		return 0;
	}

	/* The port follows the last colon, so that a bare IPv6 address works. */
	const char *port = strrchr(rest, ':');
	if (port == NULL || port == rest)
		return sr_fail(err, 0, "'%s': expected %.*s:HOST:PORT", spec, (int)(colon - spec), spec);
	char host[SR_ALLOW_HOSTNAME_MAX];
	size_t host_len = (size_t)(port - rest);
	if (host_len >= sizeof(host))
		return sr_fail(err, 0, "'%s': the host is too long", spec);
	memcpy(host, rest, host_len);
	host[host_len] = '\0';
	if (parse_host(host, rule, err) < 0 || parse_ports(port + 1, rule, err) < 0)
		return sr_error_wrap(err, "'%s'", spec);
	return 0;
}

int sr_allow_bind_parse(const char *spec, struct sr_allow_rule *rule, struct sr_error *err)
{
	memset(rule, 0, sizeof(*rule));
	const char *colon = strchr(spec, ':');
	if (colon == NULL)
		return sr_fail(err, 0, "'%s': expected tcp:PORT or udp:PORT", spec);
	if (parse_proto(spec, (size_t)(colon - spec), false, &rule->proto, err) < 0 ||
	    parse_ports(colon + 1, rule, err) < 0)
		return sr_error_wrap(err, "'%s'", spec);
	rule->family = AF_UNSPEC;
	return 0;
}

static const char *proto_name(enum sr_net_proto proto)
{
	return proto == SR_NET_TCP ? "tcp" : proto == SR_NET_UDP ? "udp" : "unix";
}

int sr_allow_format(const struct sr_allow_rule *rule, bool bind, char *buf, size_t size)
{
	char host[INET6_ADDRSTRLEN + 8] = "*";
	char ports[16];
	int n;

	if (rule->proto == SR_NET_UNIX) {
		n = snprintf(buf, size, "unix:@%.*s", (int)rule->unix_name_len, rule->unix_name);
		return n < 0 || (size_t)n >= size ? -1 : 0;
	}
	if (rule->port_lo == 1 && rule->port_hi == PORT_MAX)
		snprintf(ports, sizeof(ports), "*");
	else if (rule->port_lo == rule->port_hi)
		snprintf(ports, sizeof(ports), "%u", rule->port_lo);
	else
		snprintf(ports, sizeof(ports), "%u-%u", rule->port_lo, rule->port_hi);
	if (bind) {
		n = snprintf(buf, size, "%s:%s", proto_name(rule->proto), ports);
		return n < 0 || (size_t)n >= size ? -1 : 0;
	}
	if (rule->hostname[0] != '\0') {
		n = snprintf(buf, size, "%s:%s:%s", proto_name(rule->proto), rule->hostname, ports);
		return n < 0 || (size_t)n >= size ? -1 : 0;
	}
	if (rule->family != AF_UNSPEC) {
		char text[INET6_ADDRSTRLEN];
		unsigned bits = rule->family == AF_INET ? IPV4_BITS : IPV6_BITS;
		inet_ntop(rule->family, rule->addr, text, sizeof(text));
		if (rule->family == AF_INET6 && rule->prefix_len != bits)
			snprintf(host, sizeof(host), "[%s]/%u", text, rule->prefix_len);
		else if (rule->family == AF_INET6)
			snprintf(host, sizeof(host), "[%s]", text);
		else if (rule->prefix_len != bits)
			snprintf(host, sizeof(host), "%s/%u", text, rule->prefix_len);
		else
			snprintf(host, sizeof(host), "%s", text);
	}
	n = snprintf(buf, size, "%s:%s:%s", proto_name(rule->proto), host, ports);
	return n < 0 || (size_t)n >= size ? -1 : 0;
}

static int add_unique(struct sr_strlist *list, const char *text, struct sr_error *err)
{
	if (sr_strlist_contains(list, text))
		return 0;
	return sr_strlist_add(list, text, err);
}

static int add_resolved(struct sr_strlist *out, const char *spec, const struct sr_allow_rule *rule,
			struct sr_error *err)
{
	struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM };
	struct addrinfo *res = NULL;
	size_t naddrs = 0;
	int rc = getaddrinfo(rule->hostname, NULL, &hints, &res);

	if (rc != 0)
		return sr_fail(err, 0, "allow=%s: cannot resolve %s: %s", spec, rule->hostname,
			       rc == EAI_SYSTEM ? strerror(errno) : gai_strerror(rc));
	for (struct addrinfo *ai = res; ai != NULL; ai = ai->ai_next) {
		struct sr_allow_rule one = *rule;
		char text[RULE_TEXT_MAX];

		one.hostname[0] = '\0';
		one.family = ai->ai_family;
		if (ai->ai_family == AF_INET) {
			memcpy(one.addr, &((const struct sockaddr_in *)(const void *)ai->ai_addr)->sin_addr, 4);
			one.prefix_len = IPV4_BITS;
		} else if (ai->ai_family == AF_INET6) {
			memcpy(one.addr, &((const struct sockaddr_in6 *)(const void *)ai->ai_addr)->sin6_addr, 16);
			one.prefix_len = IPV6_BITS;
		} else {
			continue;
		}
		if (++naddrs > SR_ALLOW_ADDRS_PER_NAME_MAX) {
			freeaddrinfo(res);
			return sr_fail(err, 0, "allow=%s: %s has more than %d addresses", spec, rule->hostname,
				       SR_ALLOW_ADDRS_PER_NAME_MAX);
		}
		if (sr_allow_format(&one, false, text, sizeof(text)) < 0 || add_unique(out, text, err) < 0) {
			freeaddrinfo(res);
			return sr_fail(err, ENOMEM, "allow=%s: out of memory", spec);
		}
	}
	freeaddrinfo(res);
	return 0;
}

/* The name server of one resolv.conf line, as glibc's resolver reads it
 * (res_init.c): the keyword at the start of the line and a blank, then
 * an IPv4 address in any spelling inet_aton takes or an IPv6 one, up to
 * the next blank.  Written as a rule's host ("192.0.2.1", "[2001:db8::1]"),
 * or "" for an IPv6 address with a %scope: a server glibc counts, which
 * this allowlist cannot hold.  Anything else (a CIDR, '*', a name) is no
 * server: false, so that a line glibc ignores never opens port 53 of
 * more hosts than it asks. */
static bool name_server_of(const char *line, char *host, size_t size)
{
	static const char keyword[] = "nameserver";
	char addr[RESOLV_LINE_MAX];
	struct in_addr a4;
	struct in6_addr a6;
	char text[INET6_ADDRSTRLEN];
	const char *p = line + sizeof(keyword) - 1;

	if (strncmp(line, keyword, sizeof(keyword) - 1) != 0 || (*p != ' ' && *p != '\t'))
		return false;
	p += strspn(p, " \t");
	size_t len = strcspn(p, " \t\r\n");
	if (len == 0 || len >= sizeof(addr))
		return false;
	memcpy(addr, p, len);
	addr[len] = '\0';
	char *scope = strchr(addr, '%');
	if (scope != NULL) {
		*scope = '\0';
		host[0] = '\0';
		return scope[1] != '\0' && inet_pton(AF_INET6, addr, &a6) == 1;
	}
	int n;
	if (inet_aton(addr, &a4) != 0 && inet_ntop(AF_INET, &a4, text, sizeof(text)) != NULL)
		n = snprintf(host, size, "%s", text);
	else if (inet_pton(AF_INET6, addr, &a6) == 1 && inet_ntop(AF_INET6, &a6, text, sizeof(text)) != NULL)
		n = snprintf(host, size, "[%s]", text);
	else
		return false;
	return n > 0 && (size_t)n < size;
}

/* The name servers glibc would ask (the first RESOLV_SERVERS_MAX), on
 * port 53, tcp and udp; a missing file means no resolver to allow. */
static int add_name_servers(struct sr_strlist *out, const char *resolv_conf, struct sr_error *err)
{
	FILE *f = fopen(resolv_conf, "re");
	char line[RESOLV_LINE_MAX];
	int rc = 0;
	size_t nservers = 0;

	if (f == NULL)
		return errno == ENOENT ? 0 : sr_fail(err, errno, "cannot read %s", resolv_conf);
	while (rc == 0 && nservers < RESOLV_SERVERS_MAX && fgets(line, sizeof(line), f) != NULL) {
		char host[INET6_ADDRSTRLEN + 2], spec[RULE_TEXT_MAX];

		if (!name_server_of(line, host, sizeof(host)))
			continue;
		nservers++;
		for (int i = 0; i < 2 && rc == 0 && host[0] != '\0'; i++) {
			struct sr_allow_rule rule;
			struct sr_error ignored;

			/* In the canonical spelling (a v4-mapped server as IPv4). */
			snprintf(spec, sizeof(spec), "%s:%s:" DNS_PORT, i == 0 ? "udp" : "tcp", host);
			if (sr_allow_parse(spec, &rule, &ignored) < 0 ||
			    sr_allow_format(&rule, false, spec, sizeof(spec)) < 0)
				continue;
			rc = add_unique(out, spec, err);
		}
	}
	fclose(f);
	return rc;
}

int sr_allowlist_resolve(struct sr_strlist *allow, const char *resolv_conf, struct sr_error *err)
{
	struct sr_strlist out = { 0 };
	bool resolved_any = false;

	for (size_t i = 0; i < allow->len; i++) {
		struct sr_allow_rule rule;
		char text[RULE_TEXT_MAX];
		int rc;

		if (sr_allow_parse(allow->items[i], &rule, err) < 0) {
			sr_strlist_free(&out);
			return sr_error_wrap(err, "allow");
		}
		if (rule.hostname[0] != '\0') {
			resolved_any = true;
			rc = add_resolved(&out, allow->items[i], &rule, err);
		} else if (sr_allow_format(&rule, false, text, sizeof(text)) < 0) {
			rc = sr_fail(err, 0, "allow=%s: too long", allow->items[i]);
		} else {
			rc = add_unique(&out, text, err);
		}
		if (rc < 0) {
			sr_strlist_free(&out);
			return -1;
		}
	}
	if (resolved_any && add_name_servers(&out, resolv_conf, err) < 0) {
		sr_strlist_free(&out);
		return -1;
	}
	sr_strlist_free(allow);
	*allow = out;
	return 0;
}

static int compile(const struct sr_strlist *specs, bool bind, struct sr_allow_rule **rules, size_t *n,
		   struct sr_error *err)
{
	*n = 0;
	*rules = NULL;
	if (specs->len == 0)
		return 0;
	*rules = calloc(specs->len, sizeof(**rules));
	if (*rules == NULL)
		return sr_fail(err, ENOMEM, "out of memory");
	for (size_t i = 0; i < specs->len; i++) {
		struct sr_allow_rule *rule = &(*rules)[i];
		int rc = bind ? sr_allow_bind_parse(specs->items[i], rule, err)
			      : sr_allow_parse(specs->items[i], rule, err);
		if (rc < 0)
			return sr_error_wrap(err, "%s", bind ? "bind" : "allow");
		if (rule->hostname[0] != '\0')
			return sr_fail(err, 0, "allow=%s: the host name was not resolved", specs->items[i]);
		(*n)++;
	}
	return 0;
}

/* mode=veth: a socket of the sandbox's own namespace reaches its own
 * addresses and the host end on every port; the rest is the allowlist's. */
static const char *const own_hosts[] = { "127.0.0.0/8", "0.0.0.0", "[::1]", "[::]" };
#define OWN_PROTOS 2       /* tcp and udp */
#define OWN_VETH_HOSTS 2   /* the sandbox end and the host end */

static int compile_own(const struct sr_veth *veth, struct sr_allow_rule **rules, size_t *n,
		       struct sr_error *err)
{
	static const char *const protos[OWN_PROTOS] = { "tcp", "udp" };
	char veth_hosts[OWN_VETH_HOSTS][INET_ADDRSTRLEN];
	const char *hosts[SR_ARRAY_SIZE(own_hosts) + OWN_VETH_HOSTS];
	size_t nhosts = 0;

	for (size_t i = 0; i < SR_ARRAY_SIZE(own_hosts); i++)
		hosts[nhosts++] = own_hosts[i];
	inet_ntop(AF_INET, &veth->sandbox_addr, veth_hosts[0], sizeof(veth_hosts[0]));
	inet_ntop(AF_INET, &veth->host_addr, veth_hosts[1], sizeof(veth_hosts[1]));
	hosts[nhosts++] = veth_hosts[0];
	hosts[nhosts++] = veth_hosts[1];
	*n = 0;
	*rules = calloc(nhosts * OWN_PROTOS, sizeof(**rules));
	if (*rules == NULL)
		return sr_fail(err, ENOMEM, "out of memory");
	for (size_t p = 0; p < OWN_PROTOS; p++) {
		for (size_t h = 0; h < nhosts; h++) {
			char spec[RULE_TEXT_MAX];
			snprintf(spec, sizeof(spec), "%s:%s:*", protos[p], hosts[h]);
			if (sr_allow_parse(spec, &(*rules)[*n], err) < 0)
				return sr_error_wrap(err, "the sandbox's own network");
			(*n)++;
		}
	}
	return 0;
}

int sr_allowlist_build(const struct sr_config *cfg, struct sr_allowlist *out, struct sr_error *err)
{
	memset(out, 0, sizeof(*out));
	if (compile(&cfg->net_allow, false, &out->connect, &out->nconnect, err) < 0 ||
	    compile(&cfg->net_bind, true, &out->bind, &out->nbind, err) < 0 ||
	    (cfg->net == SR_NET_VETH && compile_own(&cfg->veth, &out->own, &out->nown, err) < 0)) {
		sr_allowlist_free(out);
		return -1;
	}
	return 0;
}

void sr_allowlist_free(struct sr_allowlist *list)
{
	free(list->connect);
	free(list->bind);
	free(list->own);
	memset(list, 0, sizeof(*list));
}

static bool prefix_matches(const uint8_t *rule, const uint8_t *addr, unsigned prefix_len)
{
	unsigned whole = prefix_len / 8, rest = prefix_len % 8;

	if (memcmp(rule, addr, whole) != 0)
		return false;
	if (rest == 0)
		return true;
	uint8_t mask = (uint8_t)(0xff00u >> rest);
	return (rule[whole] & mask) == (addr[whole] & mask);
}


/* An inet destination as the rules see it: IPv4-mapped IPv6 as IPv4. */
struct inet_destination {
	int family;
	uint8_t bytes[16];
	uint16_t port;
};

static bool inet_destination_of(const struct sockaddr *addr, socklen_t len, struct inet_destination *d)
{
	if (addr->sa_family == AF_INET && (size_t)len >= sizeof(struct sockaddr_in)) {
		const struct sockaddr_in *in = (const void *)addr;
		d->family = AF_INET;
		memcpy(d->bytes, &in->sin_addr, 4);
		d->port = ntohs(in->sin_port);
		return true;
	}
	if (addr->sa_family == AF_INET6 && (size_t)len >= SIN6_LEN_RFC2133) {
		const struct sockaddr_in6 *in6 = (const void *)addr;
		d->port = ntohs(in6->sin6_port);
		if (memcmp(in6->sin6_addr.s6_addr, v4_mapped_prefix, sizeof(v4_mapped_prefix)) == 0) {
			d->family = AF_INET;
			memcpy(d->bytes, in6->sin6_addr.s6_addr + sizeof(v4_mapped_prefix), 4);
		} else {
			d->family = AF_INET6;
			memcpy(d->bytes, in6->sin6_addr.s6_addr, 16);
		}
		return true;
	}
	return false;
}

static bool inet_rules_permit(const struct sr_allow_rule *rules, size_t n, enum sr_net_proto proto,
			      const struct inet_destination *d)
{
	for (size_t i = 0; i < n; i++) {
		const struct sr_allow_rule *r = &rules[i];
		if (r->proto != proto || d->port < r->port_lo || d->port > r->port_hi)
			continue;
		if (r->family == AF_UNSPEC || (r->family == d->family && prefix_matches(r->addr, d->bytes, r->prefix_len)))
			return true;
	}
	return false;
}

/* The abstract name of a unix address, or NULL for any other. */
static const char *abstract_name_of(const struct sockaddr *addr, socklen_t len, size_t *name_len)
{
	const struct sockaddr_un *un = (const void *)addr;
	size_t off = offsetof(struct sockaddr_un, sun_path);

	if (addr->sa_family != AF_UNIX || (size_t)len <= off + 1 || un->sun_path[0] != '\0')
		return NULL;
	*name_len = (size_t)len - off - 1;
	return un->sun_path + 1;
}

bool sr_allowlist_permits_connect(const struct sr_allowlist *list, enum sr_net_proto proto,
				  const struct sockaddr *addr, socklen_t len)
{
	struct inet_destination d;

	if (len < (socklen_t)sizeof(sa_family_t))
		return false;
	/* connect() takes it as "disconnect" (a UDP or unix datagram socket)
	 * and reaches nothing; a send checks it as AF_INET (net.c) or the
	 * kernel refuses it (unix: EINVAL). */
	if (addr->sa_family == AF_UNSPEC)
		return true;
	if (proto == SR_NET_UNIX) {
		size_t name_len;
		const char *name = abstract_name_of(addr, len, &name_len);
		if (name == NULL)
			return false;
		for (size_t i = 0; i < list->nconnect; i++) {
			const struct sr_allow_rule *r = &list->connect[i];
			if (r->proto == SR_NET_UNIX && r->unix_name_len == name_len &&
			    memcmp(r->unix_name, name, name_len) == 0)
				return true;
		}
		return false;
	}
	return inet_destination_of(addr, len, &d) && inet_rules_permit(list->connect, list->nconnect, proto, &d);
}

bool sr_allowlist_permits_connect_own(const struct sr_allowlist *list, enum sr_net_proto proto,
				      const struct sockaddr *addr, socklen_t len)
{
	struct inet_destination d;
	size_t name_len;

	if (len < (socklen_t)sizeof(sa_family_t))
		return false;
	if (proto == SR_NET_UNIX && abstract_name_of(addr, len, &name_len) != NULL)
		return true;
	if (proto != SR_NET_UNIX && inet_destination_of(addr, len, &d) &&
	    inet_rules_permit(list->own, list->nown, proto, &d))
		return true;
	return sr_allowlist_permits_connect(list, proto, addr, len);
}

bool sr_net_socket_proto(int domain, int type, int protocol, enum sr_net_proto *proto)
{
	bool inet = domain == AF_INET || domain == AF_INET6;

	/* The type too: a raw socket of protocol 6 or 17 has no port. */
	if (domain == AF_UNIX)
		*proto = SR_NET_UNIX;
	else if (inet && type == SOCK_STREAM && protocol == IPPROTO_TCP)
		*proto = SR_NET_TCP;
	else if (inet && type == SOCK_DGRAM && protocol == IPPROTO_UDP)
		*proto = SR_NET_UDP;
	else
		return false;
	return true;
}

bool sr_allowlist_permits_bind(const struct sr_allowlist *list, enum sr_net_proto proto, uint16_t port)
{
	if (port == 0)
		return true;
	for (size_t i = 0; i < list->nbind; i++) {
		const struct sr_allow_rule *r = &list->bind[i];
		if (r->proto == proto && port >= r->port_lo && port <= r->port_hi)
			return true;
	}
	return false;
}
