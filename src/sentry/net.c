/* connect, bind, sendto, sendmsg and sendmmsg when the sandbox reaches
 * the host's network (--net=host, and --net=veth, whose default route
 * reaches every address of the host): emulated, never continued.
 *
 * The destination is copied once (bounded by struct sockaddr_storage),
 * checked against the allowlist, and the call is made by the Sentry on
 * its own copy of the program's socket (pidfd_getfd: the same open file
 * description) with the copied address, so that a thread rewriting the
 * address, or swapping another socket onto the fd, cannot change what is
 * reached (DESIGN §3.1).  The socket's O_NONBLOCK and SO_SNDTIMEO live
 * on that shared description and socket, so a non-blocking connect gives
 * EINPROGRESS and a later SO_ERROR as the kernel would, and a program's
 * send timeout holds.  A call that blocks keeps one worker (loop.c starts
 * another when all are busy); it is interrupted when the program's call
 * goes away or a signal is pending for it (net_watch), as the kernel
 * would interrupt it: the connection then goes on in the background and
 * the next connect() says EALREADY or EISCONN.
 *
 * With --net=loopback or none they are emulated only when a TCP or UDP
 * socket was passed in (config.h, foreign_netns): one of the host's
 * network, which a listening socket disconnected (connect(AF_UNSPEC),
 * shutdown(SHUT_RD)) would connect anywhere from.  Such a socket is
 * refused every destination; the sandbox's own are let through.
 *
 * With --net=veth a socket of the sandbox's own network namespace (told
 * by SO_NETNS_COOKIE) may also reach the sandbox's own addresses and the
 * host end on every port, bind any port and use any abstract name: all
 * of them are the sandbox's.  Any other socket (one passed in with
 * --pass-fd) is held to the allowlist alone, as in host mode.
 *
 * A destination outside the allowlist is refused with EACCES ("a local
 * policy refused it", the errno of a firewall's reject for connect(2)),
 * not ECONNREFUSED, which would claim that the peer answered.
 *
 * Unix sockets: the filter cannot tell them apart from inet ones, so
 * they are emulated too.  An abstract address reaches the host's
 * abstract namespace (the sandbox shares its network namespace): refused
 * unless allow=unix:@NAME lists it.  A path address must be resolved in
 * the program's mount view, not in the Sentry's root (/proc).  A connect
 * or send resolves it with the Gofer's resolver from /proc/TID/root (or
 * /proc/TID/cwd), links followed in the program's view, and reaches the
 * socket file through its fd (net_unix_path_reached).  A bind of an
 * absolute path resolves its directory so, the worker makes it its cwd
 * and binds the last name, under which the socket is then known
 * (getsockname says "s" for "/tmp/s": the Sentry's root is not the
 * program's); a relative one is bound from the program's cwd under its
 * own name, an absolute symlink on its way resolving against the
 * Sentry's root (ENOENT).  So the mount view bounds them, as it bounds
 * the program's own opens, and the peer's SO_PEERCRED shows the Sentry's
 * pid, not the program's.
 * A bind creates the socket's file under the program's umask, which the
 * worker takes for it (net_take_program_umask).
 *
 * So a connect, sendto or sendmsg to a path, or a sendmsg on a
 * connected unix socket, is continued where the kernel bounds it for
 * the program (net_unix_may_continue): the peer then sees the program's
 * pid, and the kernel resolves the path in the program's view itself.
 * A bind is not: Landlock's scope leaves the binding of abstract names
 * alone, and a racing thread could put one in place of the path.  Nor
 * is sendmmsg, whose messages may name allowed abstract sockets, which
 * the scope would refuse the program. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/netlink.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "allowlist.h"
#include "compat.h"
#include "events.h"
#include "gofer/resolve.h"
#include "gofer/serve.h"
#include "sentry/evqueue.h"
#include "sentry/fdshare.h"
#include "sentry/handlers.h"
#include "sentry/sentry.h"
#include "sentry/trace.h"
#include "sentry/umask.h"

/* The largest payload copied for one send: a UDP datagram (64 KiB) and
 * a unix datagram at the default socket buffer fit.  A stream send is
 * cut there (a short count, as send(2) allows); a bigger datagram gets
 * EMSGSIZE. */
#define NET_SEND_MAX (256 * 1024)
/* The payloads and control data the Sentry holds at once, over all
 * calls: the kernel copies a blocking send's bytes only as room comes,
 * the Sentry before it sends, and it is outside the sandbox's memory
 * cgroup (1000 sends of 256 KiB waiting on a full socket made it hold
 * 280 MB).  Past it, a stream send takes NET_SEND_FLOOR bytes (a short
 * count), a datagram or control data gets ENOBUFS. */
#define NET_SEND_HELD_MAX (16 * 1024 * 1024)
#define NET_SEND_FLOOR 4096
/* Ancillary data of one message: the kernel takes less than
 * net.core.optmem_max (128 KiB by default on recent kernels, 20 KiB on
 * older ones; a sysctl that may change at any time), and refuses more
 * with ENOBUFS, as it will when the Sentry sends it; past this bound,
 * well above the default, the Sentry refuses it before it copies any. */
#define NET_CONTROL_MAX (1024 * 1024)
/* An address past the top of any user address space, far enough below
 * the end of all addresses for NET_CONTROL_MAX bytes: the kernel refuses
 * a copy from there (access_ok) before it reads a byte. */
#define NET_NO_USER_MEMORY ((void *)(uintptr_t)0xfffffffff0000000ull)
/* The kernel's MAX_RW_COUNT (4 KiB pages): what one send takes at most. */
#define NET_RW_MAX ((size_t)INT_MAX & ~(size_t)4095)
/* The kernel's UIO_MAXIOV: more iovecs, or sendmmsg vectors, are refused. */
#define NET_IOV_MAX 1024
/* SCM_MAX_FD */
#define NET_SCM_FDS_MAX 253
/* The fds the Sentry keeps free of those that sends pass (a waiting
 * send holds them): each call it serves meanwhile needs a few (its
 * socket, a pidfd, a directory, an fd from the Gofer).  Below twice
 * this many open files, half of them are kept. */
#define NET_FDS_RESERVE (4 * (SR_SENTRY_WORKERS_MAX + SR_SENTRY_BLOCKED_MAX))
/* Refused destinations remembered so that each is logged once. */
#define NET_LOGGED_MAX 256
/* How often a blocked call checks that its program still waits. */
#define NET_WATCH_INTERVAL_MS 50
/* Blocked calls watched at once: one per worker at most. */
#define NET_WATCHED_MAX (SR_SENTRY_WORKERS_MAX + SR_SENTRY_BLOCKED_MAX)
/* Rounds a process's signal may wait for a runnable thread that could
 * hold it (net_watch_decide) before the call is interrupted anyway. */
#define NET_RUNNABLE_ROUNDS_MAX 10
/* Interrupts a worker blocked in connect or send (no SA_RESTART). */
#define NET_INTERRUPT_SIGNAL SIGURG

static struct sr_allowlist net_allowlist;
static bool net_allowlist_ready;
/* fs.protected_symlinks, for the links of unix paths (net_unix_path_reached). */
static struct sr_link_rule net_link_rule;
/* How many passed fds the Sentry may hold at once, and holds. */
static size_t net_passed_fds_max;
static atomic_size_t net_passed_fds_held;
static pthread_once_t net_once = PTHREAD_ONCE_INIT;
/* The same for every call; atomic because every worker stores it. */
static _Atomic(const struct sr_sentry *) net_sentry;

static void net_noop_handler(int sig)
{
	(void)sig;
}

static void net_watch_start(void);

/* Once, on the first network call: the allowlist, the interrupt signal's
 * handler and the watch thread. */
static void net_init(void)
{
	struct sr_error err = { 0 };
	struct sigaction sa = { .sa_handler = net_noop_handler };

	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: the blocked connect or send returns EINTR. */
	sigaction(NET_INTERRUPT_SIGNAL, &sa, NULL);
	struct rlimit files;
	if (getrlimit(RLIMIT_NOFILE, &files) < 0)
		files.rlim_cur = 1024;
	net_passed_fds_max = files.rlim_cur >= 2 * NET_FDS_RESERVE ? files.rlim_cur - NET_FDS_RESERVE
		: files.rlim_cur / 2;
	/* The Sentry's root is /proc. */
	sr_gofer_read_link_rule(&net_link_rule, "");
	if (sr_allowlist_build(atomic_load(&net_sentry)->cfg, &net_allowlist, &err) < 0)
		sr_warn("Sentry: %s; every destination is refused", err.msg);
	else
		net_allowlist_ready = true;
	net_watch_start();
}

/* A sandbox with a network of its own allows nothing beyond it: the
 * sockets passed in are held to no rule at all (main.c warned of the
 * allow= and bind= that open nothing). */
static const struct sr_allowlist net_nothing_allowed;

static const struct sr_allowlist *net_allowlist_get(void)
{
	if (!sr_config_net_reaches_host(atomic_load(&net_sentry)->cfg))
		return &net_nothing_allowed;
	return net_allowlist_ready ? &net_allowlist : NULL;
}

/* ---- logging refusals, once per destination ---- */

static pthread_mutex_t net_logged_lock = PTHREAD_MUTEX_INITIALIZER;
static char *net_logged[NET_LOGGED_MAX];
static size_t net_nlogged;

static void net_format_address(const struct sockaddr_storage *addr, socklen_t len, char *buf, size_t size)
{
	char host[INET6_ADDRSTRLEN] = "?";

	if (addr->ss_family == AF_INET && len >= sizeof(struct sockaddr_in)) {
		const struct sockaddr_in *in = (const void *)addr;
		inet_ntop(AF_INET, &in->sin_addr, host, sizeof(host));
		snprintf(buf, size, "%s:%u", host, ntohs(in->sin_port));
	} else if (addr->ss_family == AF_INET6 && len >= SIN6_LEN_RFC2133) {
		const struct sockaddr_in6 *in6 = (const void *)addr;
		inet_ntop(AF_INET6, &in6->sin6_addr, host, sizeof(host));
		snprintf(buf, size, "[%s]:%u", host, ntohs(in6->sin6_port));
	} else if (addr->ss_family == AF_UNIX && len > offsetof(struct sockaddr_un, sun_path) + 1) {
		/* A path up to its NUL, or "@" and every byte of an abstract
		 * name (whose first byte is the NUL). */
		const struct sockaddr_un *un = (const void *)addr;
		size_t n = len - offsetof(struct sockaddr_un, sun_path);
		bool abstract = un->sun_path[0] == '\0';
		const char *name = abstract ? un->sun_path + 1 : un->sun_path;
		n = abstract ? n - 1 : strnlen(un->sun_path, n);
		snprintf(buf, size, "%s", abstract ? "@" : "");
		for (size_t i = 0; i < n && strlen(buf) + SR_ESCAPED_BYTE_MAX <= size; i++) {
			unsigned char c = (unsigned char)name[i];
			char escaped[SR_ESCAPED_BYTE_MAX];
			size_t at = strlen(buf);
			/* A backslash too: the name's bytes come back unambiguously. */
			if (c == '\\')
				snprintf(escaped, sizeof(escaped), "\\x5c");
			else
				sr_escape_byte(c, escaped);
			snprintf(buf + at, size - at, "%s", escaped);
		}
	} else {
		snprintf(buf, size, "family %d", addr->ss_family);
	}
}

static void net_log_refusal(const struct sr_call *call, const char *what, enum sr_net_proto proto,
			    const char *destination)
{
	char key[SR_ERROR_MAX];
	bool first = true;
	struct sr_task_ids ids;

	snprintf(key, sizeof(key), "%s %s %s", what,
		 proto == SR_NET_TCP ? "tcp" : proto == SR_NET_UDP ? "udp" : "unix", destination);
	pthread_mutex_lock(&net_logged_lock);
	for (size_t i = 0; i < net_nlogged; i++)
		if (strcmp(net_logged[i], key) == 0)
			first = false;
	if (first && net_nlogged < NET_LOGGED_MAX) {
		net_logged[net_nlogged] = strdup(key);
		if (net_logged[net_nlogged] != NULL)
			net_nlogged++;
	}
	pthread_mutex_unlock(&net_logged_lock);
	if (!first)
		return;
	sr_task_ids((pid_t)call->req->pid, &ids);
	sr_info("pid %d (%s): %s refused: not in the [network] allowlist", ids.pid, ids.comm, key);
}

/* ---- the program's socket ---- */

struct net_socket {
	int fd;                    /* the Sentry's copy */
	int domain, type;
	enum sr_net_proto proto;   /* only when checked: see net_socket_is */
	bool checked;              /* tcp, udp or unix: the allowlist applies */
	bool own_namespace;        /* veth, loopback, none: created in the sandbox's namespace */
};

/* The Sentry's copy holds the program's socket open: it goes before the
 * reply, for once the program has its answer it may close its fd, and
 * the socket must then be gone (its port free to bind again), as it
 * would be natively.  -1 once closed. */
static void net_socket_close(struct net_socket *sock)
{
	if (sock->fd >= 0)
		close(sock->fd);
	sock->fd = -1;
}

#define net_cleanup_socket __attribute__((cleanup(net_socket_close)))

/* --net=veth, loopback, none: is the socket one of the sandbox's network
 * namespace?  Then its loopback, its addresses and its abstract names
 * are the sandbox's own.  (The launcher refuses veth without
 * SO_NETNS_COOKIE.) */
static int net_socket_in_own_namespace(const struct sr_call *call, struct net_socket *sock)
{
	const struct sr_config *cfg = call->sentry->cfg;
	uint64_t cookie = 0;
	socklen_t len = sizeof(cookie);

	sock->own_namespace = false;
	if (cfg->net == SR_NET_HOST)
		return 0;
	if (getsockopt(sock->fd, SOL_SOCKET, SO_NETNS_COOKIE, &cookie, &len) < 0)
		return -1;
	if (cfg->net == SR_NET_VETH) {
		sock->own_namespace = cookie == cfg->veth.netns_cookie;
		return 0;
	}
	/* loopback, none: a socket passed in is of a namespace the launcher
	 * named (the launcher refuses one without SO_NETNS_COOKIE). */
	sock->own_namespace = true;
	for (size_t i = 0; i < cfg->nforeign_netns; i++)
		if (cookie == cfg->foreign_netns[i])
			sock->own_namespace = false;
	return 0;
}

/* Take fd `fd` of the notifying thread, whatever it is.  -1 with errno
 * for the reply: EBADF, ENOSYS (sr_notif_take_fd); ESRCH when the task
 * is gone. */
static int net_take_fd(const struct sr_call *call, int fd, struct net_socket *sock)
{
	int pidfd = sr_notif_caller_pidfd(call);

	if (pidfd < 0)
		return -1;
	sock->fd = sr_notif_take_fd(call, pidfd, fd);
	int e = errno;
	close(pidfd);
	if (sock->fd < 0) {
		sock->fd = -1;
		errno = e == ESRCH || e == ENOSYS ? e : EBADF;
		return -1;
	}
	return 0;
}

/* What the fd net_take_fd took is: -1 with errno ENOTSOCK when it is no
 * socket, its copy then closed. */
static int net_describe_socket(const struct sr_call *call, struct net_socket *sock)
{
	int protocol = 0, e;
	socklen_t len = sizeof(int);

	if (getsockopt(sock->fd, SOL_SOCKET, SO_DOMAIN, &sock->domain, &len) < 0 ||
	    getsockopt(sock->fd, SOL_SOCKET, SO_TYPE, &sock->type, &len) < 0 ||
	    getsockopt(sock->fd, SOL_SOCKET, SO_PROTOCOL, &protocol, &len) < 0 ||
	    net_socket_in_own_namespace(call, sock) < 0) {
		e = errno;
		net_socket_close(sock);
		errno = e;
		return -1;
	}
	/* Any other: the copied address is used, the allowlist does not
	 * apply. */
	sock->checked = sr_net_socket_proto(sock->domain, sock->type, protocol, &sock->proto);
	return 0;
}

/* Is `sock` a TCP, UDP or unix socket (`proto`)?  An unchecked one
 * (route netlink, or what [network] socket= let in) is none of them,
 * whatever its proto says: a netlink socket, for which getpeername always
 * succeeds, taken for a TCP one would be "connected" (EISCONN, its send's
 * address dropped). */
static bool net_socket_is(const struct net_socket *sock, enum sr_net_proto proto)
{
	return sock->checked && sock->proto == proto;
}

/* net_take_fd, then net_describe_socket: EBADF, ENOTSOCK, ESRCH. */
static int net_take_socket(const struct sr_call *call, int fd, struct net_socket *sock)
{
	if (net_take_fd(call, fd, sock) < 0)
		return -1;
	return net_describe_socket(call, sock);
}

/* Copy a socket address of `len` bytes; EINVAL when negative or above
 * sockaddr_storage, as the kernel says.  The kernel takes the length as
 * an int: callers pass the register cut to one. */
static int net_read_address(const struct sr_call *call, uint64_t addr, int len,
			    struct sockaddr_storage *out, socklen_t *out_len)
{
	memset(out, 0, sizeof(*out));
	if (len < 0 || (size_t)len > sizeof(*out)) {
		errno = EINVAL;
		return -1;
	}
	*out_len = (socklen_t)len;
	if (len == 0)
		return 0;
	if (addr == 0) {
		errno = EFAULT;
		return -1;
	}
	if (sr_notif_read_bytes(call, addr, out, (size_t)len) < 0) {
		errno = errno == ESRCH ? ESRCH : EFAULT;
		return -1;
	}
	return 0;
}

/* A send's destination as the kernel will route it: udp_sendmsg takes
 * an AF_UNSPEC address as AF_INET (only connect gives AF_UNSPEC its
 * "disconnect" meaning, which the allowlist lets through), so on an IPv4
 * UDP socket it is checked, and sent, as the AF_INET address it is. */
static void net_send_address_as_routed(const struct net_socket *sock, struct sockaddr_storage *addr,
				       socklen_t len)
{
	if (net_socket_is(sock, SR_NET_UDP) && sock->domain == AF_INET && len > 0 && addr->ss_family == AF_UNSPEC)
		addr->ss_family = AF_INET;
}

/* A connected TCP socket's send ignores the address given with it
 * (tcp_sendmsg; with MSG_FASTOPEN it is EISCONN): dropped, so that it
 * is neither checked nor used.  Sent without one, a socket that a racing
 * thread disconnected meanwhile reaches nothing (EPIPE, or EINVAL with
 * MSG_FASTOPEN). */
static void net_drop_ignored_address(const struct net_socket *sock, socklen_t *len)
{
	struct sockaddr_storage peer;
	socklen_t peer_len = sizeof(peer);

	if (net_socket_is(sock, SR_NET_TCP) && *len > 0 &&
	    getpeername(sock->fd, (struct sockaddr *)&peer, &peer_len) == 0)
		*len = 0;
}

/* The port id the kernel gives an unbound netlink socket that binds to
 * port id 0, connects or sends: its caller's pid (netlink_autobind,
 * task_tgid_vnr).  The Sentry makes the call, so it would be the
 * Sentry's; the program's, in its own pid namespace, is this.  0 when
 * `sock` is no netlink socket, is bound (by a racing thread too: the
 * bind then fails, and the call meets the binding as the program's
 * would), or the task is gone. */
static __u32 net_netlink_autobind_port(const struct sr_call *call, const struct net_socket *sock)
{
	struct sockaddr_nl own;
	socklen_t len = sizeof(own);
	struct sr_task_ids ids;

	if (sock->domain != AF_NETLINK ||
	    getsockname(sock->fd, (struct sockaddr *)&own, &len) < 0 || own.nl_pid != 0)
		return 0;
	sr_task_ids((pid_t)call->req->pid, &ids);
	return ids.pid > 0 ? (__u32)ids.pid : 0;
}

/* Bind an unbound netlink socket to the program's pid before a connect
 * or send of `addr` (`len` bytes, 0: none) that would autobind it
 * (netlink_connect, netlink_sendmsg: after their EINVAL for an address
 * that is no netlink one).  When another socket holds that port id
 * (EADDRINUSE), the call's own autobind picks one, as netlink_autobind
 * does then: nothing to answer. */
static void net_netlink_bind_as_program(const struct sr_call *call, const struct net_socket *sock,
					const struct sockaddr_storage *addr, socklen_t len)
{
	if (len > 0 && (addr->ss_family != AF_NETLINK || len < sizeof(struct sockaddr_nl)))
		return;
	__u32 port = net_netlink_autobind_port(call, sock);
	if (port == 0)
		return;
	struct sockaddr_nl own = { .nl_family = AF_NETLINK, .nl_pid = port };
	(void)bind(sock->fd, (struct sockaddr *)&own, sizeof(own));
}

/* bind() of `addr`: one to port id 0 of an unbound netlink socket takes
 * the program's pid (net_netlink_autobind_port), or, when another socket
 * holds it, what the kernel's autobind gives, as netlink_autobind does. */
static long net_bind(const struct sr_call *call, const struct net_socket *sock, struct sockaddr_storage *addr,
		     socklen_t len)
{
	struct sockaddr_nl *nl = (struct sockaddr_nl *)addr;

	if (addr->ss_family == AF_NETLINK && len >= sizeof(*nl) && nl->nl_pid == 0 &&
	    (nl->nl_pid = net_netlink_autobind_port(call, sock)) != 0) {
		long rc = bind(sock->fd, (struct sockaddr *)addr, len);
		if (rc == 0 || errno != EADDRINUSE)
			return rc;
		nl->nl_pid = 0;
	}
	return bind(sock->fd, (struct sockaddr *)addr, len);
}

/* A connected TCP socket's connect() is EISCONN whatever address it
 * names but AF_UNSPEC, a disconnect (__inet_stream_connect looks at the
 * socket's state first): answered so, not checked, and not made, for a
 * thread disconnecting the socket meanwhile would have it reach the
 * address. */
static bool net_tcp_connected_names_nothing(const struct net_socket *sock, const struct sockaddr_storage *addr,
					    socklen_t len)
{
	struct sockaddr_storage peer;
	socklen_t peer_len = sizeof(peer);

	return net_socket_is(sock, SR_NET_TCP) && len >= sizeof(sa_family_t) && addr->ss_family != AF_UNSPEC &&
	       getpeername(sock->fd, (struct sockaddr *)&peer, &peer_len) == 0;
}

/* The port an inet bind() takes, read where the kernel reads it whatever
 * the family says: inet_bind takes AF_UNSPEC (with INADDR_ANY) as
 * AF_INET, inet6_bind an RFC 2133 sockaddr_in6 (24 bytes, no scope id).
 * A family the socket does not take fails in the kernel anyway. */
static uint16_t net_bind_port(const struct sockaddr_storage *addr, socklen_t len)
{
	in_port_t port;

	_Static_assert(offsetof(struct sockaddr_in, sin_port) == offsetof(struct sockaddr_in6, sin6_port),
		       "IPv4 and IPv6 ports lie at one offset");
	if (len < offsetof(struct sockaddr_in, sin_port) + sizeof(port))
		return 0;
	memcpy(&port, (const char *)addr + offsetof(struct sockaddr_in, sin_port), sizeof(port));
	return ntohs(port);
}

/* Would an inet bind() of `sock` to `addr` take a port?  Only with an
 * address of its family and length (inet_bind_sk also takes AF_UNSPEC
 * with INADDR_ANY as AF_INET); any other the kernel refuses (EINVAL,
 * EAFNOSUPPORT) before it binds anything, so it is left to say so,
 * not refused by the allowlist. */
static bool net_names_bindable(const struct net_socket *sock, const struct sockaddr_storage *addr, socklen_t len)
{
	const struct sockaddr_in *in = (const void *)addr;

	if (sock->domain == AF_INET6)
		return len >= SIN6_LEN_RFC2133 && addr->ss_family == AF_INET6;
	return len >= sizeof(*in) && (addr->ss_family == AF_INET ||
				      (addr->ss_family == AF_UNSPEC && in->sin_addr.s_addr == htonl(INADDR_ANY)));
}

/* ---- unix path addresses, resolved in the program's view ---- */

/* Leave the directory net_unix_path_in_program_view entered: the
 * worker's cwd is its root, /proc, between calls. */
static void net_leave_program_dir(bool *entered)
{
	if (*entered && chdir("/") < 0)
		sr_warn("Sentry: a worker cannot go back to its root: %s", strerror(errno));
	*entered = false;
}

#define net_cleanup_leave_dir __attribute__((cleanup(net_leave_program_dir)))

/* /proc/TID/root or /proc/TID/cwd (`which`) of the calling thread, as
 * an O_PATH directory fd (the Sentry's root is /proc); -1 with errno. */
static int net_open_program_dir(const struct sr_call *call, const char *which)
{
	char place[64];

	snprintf(place, sizeof(place), "/%u/%s", call->req->pid, which);
	return open(place, O_PATH | O_DIRECTORY | O_CLOEXEC);
}

/* The path of a unix address of `len` bytes, NUL-terminated, into
 * `path` (sizeof(un->sun_path) + 1 bytes): the kernel takes it up to
 * its first NUL or the address's end. */
static void net_unix_path_copy(const struct sockaddr_un *un, socklen_t len, char *path)
{
	size_t path_len = strnlen(un->sun_path, (size_t)len - offsetof(struct sockaddr_un, sun_path));

	memcpy(path, un->sun_path, path_len);
	path[path_len] = '\0';
}

/* Resolve `path` for the program with the Gofer's resolver (resolve.h):
 * absolute from its root, relative from its cwd, each link followed in
 * its view (an absolute one from its root, where the kernel would take
 * it from the Sentry's, /proc).  0, or an errno as the kernel's lookup
 * gives it. */
static int net_resolve_in_program_view(const struct sr_call *call, const char *path, unsigned flags,
				       struct sr_resolved *res)
{
	sr_cleanup_close int root = net_open_program_dir(call, "root");
	sr_cleanup_close int cwd = -1;

	if (root < 0 || (path[0] != '/' && (cwd = net_open_program_dir(call, "cwd")) < 0))
		return errno;
	struct sr_resolve_ctx ctx = { .root_fd = root, .links = &net_link_rule, .fsuid = geteuid() };
	return sr_resolve(&ctx, cwd, path, flags, res);
}

/* Make the worker's cwd (its own, loop.c) the directory a bind's path
 * names, in the program's view: for a relative path, the program's cwd,
 * and the path is used as it is, so that the socket is bound under the
 * very name the program gave (getsockname); for an absolute one, its
 * last directory, resolved by net_resolve_in_program_view, and the
 * address is rewritten as its last component with a slash that followed
 * it ("d/" of "/tmp/d/", which the kernel then takes for a directory as
 * it would the whole path; "." for "/").  *entered says to leave the
 * directory (net_cleanup_leave_dir).  -1 with errno. */
static int net_unix_path_in_program_view(const struct sr_call *call, struct sockaddr_storage *addr,
					 socklen_t *len, bool *entered)
{
	struct sockaddr_un *un = (struct sockaddr_un *)addr;
	size_t off = offsetof(struct sockaddr_un, sun_path);
	char path[sizeof(un->sun_path) + 1];
	sr_cleanup_resolved struct sr_resolved res = SR_RESOLVED_NONE;

	net_unix_path_copy(un, *len, path);
	if (path[0] != '/') {
		sr_cleanup_close int cwd = net_open_program_dir(call, "cwd");
		if (cwd < 0 || fchdir(cwd) < 0)
			return -1;
		*entered = true;
		return 0;
	}
	int rc = net_resolve_in_program_view(call, path, SR_RESOLVE_PARENT, &res);
	if (rc != 0) {
		errno = rc;
		return -1;
	}
	if (fchdir(res.parent_fd) < 0)
		return -1;
	*entered = true;
	memset(un->sun_path, 0, sizeof(un->sun_path));
	int n = snprintf(un->sun_path, sizeof(un->sun_path), "%s%s", res.last, res.trailing_slash ? "/" : "");
	if (n < 0 || (size_t)n >= sizeof(un->sun_path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	*len = (socklen_t)(off + (size_t)n + 1);
	return 0;
}

/* Where a connect or send to a unix path leads, as the kernel would
 * find it for the program: the path resolved by the Gofer's resolver
 * (gofer/resolve.h) from /proc/TID/root, or /proc/TID/cwd for a relative
 * one, each link followed there, an absolute one from the program's
 * root (the kernel would take it from the Sentry's, /proc: ENOENT for
 * /var/run/docker.sock, a link to /run/docker.sock).  The address is
 * rewritten to /self/fd/N, the socket file held open as *held (the
 * caller closes it), whose magic link the kernel follows to that very
 * file: a link put in its place since leads nowhere else.  -1 with errno
 * as the kernel's lookup says (ENOENT, ENOTDIR, EACCES, ELOOP). */
static int net_unix_path_reached(const struct sr_call *call, struct sockaddr_storage *addr, socklen_t *len,
				 int *held)
{
	struct sockaddr_un *un = (struct sockaddr_un *)addr;
	size_t off = offsetof(struct sockaddr_un, sun_path);
	char path[sizeof(un->sun_path) + 1];
	sr_cleanup_resolved struct sr_resolved res = SR_RESOLVED_NONE;

	net_unix_path_copy(un, *len, path);
	int rc = net_resolve_in_program_view(call, path, SR_RESOLVE_FOLLOW_LAST, &res);
	if (rc == 0 && res.fd < 0)
		rc = ENOENT;
	if (rc != 0) {
		errno = rc;
		return -1;
	}
	*held = res.fd;
	res.fd = -1;
	memset(un->sun_path, 0, sizeof(un->sun_path));
	snprintf(un->sun_path, sizeof(un->sun_path), "/self/fd/%d", *held);
	*len = (socklen_t)(off + strlen(un->sun_path) + 1);
	return 0;
}

/* A longer address than a struct sockaddr_un is none: the kernel refuses
 * it (EINVAL, unix_validate_addr), and so it is left for the kernel to
 * refuse, not resolved and rewritten into one it would take. */
static bool net_is_unix_path(const struct sockaddr_storage *addr, socklen_t len)
{
	const struct sockaddr_un *un = (const void *)addr;

	return addr->ss_family == AF_UNIX && len > offsetof(struct sockaddr_un, sun_path) &&
	       len <= sizeof(*un) && un->sun_path[0] != '\0';
}

/* Would a unix call to `addr` (len 0: none, a connected socket) be
 * bounded in the kernel, were the program to make it itself?  A path
 * by the mount view; an abstract address a racing thread wrote instead
 * by Landlock's scope, which refuses the program the host's abstract
 * sockets; another family fails on a unix socket.  The socket itself
 * must be out of reach too: asked before the Sentry takes its copy, a
 * task alone with its fd table stays so while it waits (fdshare.h).
 * The peer then sees the program's own pid in SCM_CREDENTIALS and
 * SO_PEERCRED, not the Sentry's. */
static bool net_unix_may_continue(const struct sr_call *call, const struct sockaddr_storage *addr, socklen_t len)
{
	return call->sentry->landlock_scoped && (len == 0 || net_is_unix_path(addr, len)) &&
	       sr_task_fd_table_alone((pid_t)call->req->pid);
}

/* The kernel makes a bound unix socket's file 0777 less the binder's
 * umask: the worker takes the program's, in the fs_struct of its own
 * (loop.c).  Not a chmod after the bind, which would leave the file
 * open to others in between.  0, or -1 with EIO when the task is gone. */
static int net_take_program_umask(const struct sr_call *call)
{
	int mask = sr_umask_of((pid_t)call->req->pid);

	if (mask < 0) {
		errno = EIO;
		return -1;
	}
	umask((mode_t)mask);
	return 0;
}

/* The call as the program made it, on the socket the Sentry checked
 * (its copy closed first, see net_socket_close). */
static int net_reply_continue(struct sr_call *call, struct net_socket *sock)
{
	net_socket_close(sock);
	if (!sr_notif_id_valid(call))
		return 0;
	return sr_notif_reply_continue(call);
}

/* Does `addr` name a destination `sock` can reach, one for the
 * allowlist to judge?  One shorter than its family's, a unix one longer
 * than a struct sockaddr_un, or one of a family the socket does not take
 * reaches nothing: the kernel refuses it, on the Sentry's copy as on the
 * program's, with EINVAL or EAFNOSUPPORT
 * (tcp_v4_connect, tcp_v6_connect, __ip4_datagram_connect,
 * __ip6_datagram_connect, udp_sendmsg, udpv6_sendmsg, unix_validate_addr),
 * and a connected TCP socket's send ignores it.  Only an IPv6 UDP socket
 * takes an IPv4 address.  AF_UNSPEC is the allowlist's (a disconnect). */
static bool net_names_destination(const struct net_socket *sock, const struct sockaddr_storage *addr,
				  socklen_t len)
{
	if (len < sizeof(sa_family_t))
		return false;
	switch (addr->ss_family) {
	case AF_UNSPEC:
		return true;
	case AF_UNIX:
		return sock->proto == SR_NET_UNIX && len <= sizeof(struct sockaddr_un);
	case AF_INET:
		return len >= sizeof(struct sockaddr_in) &&
		       (sock->domain == AF_INET || (sock->domain == AF_INET6 && sock->proto == SR_NET_UDP));
	case AF_INET6:
		return len >= SIN6_LEN_RFC2133 && sock->domain == AF_INET6;
	}
	return false;
}

/* May `sock` reach `addr`?  0, or -1 with errno EACCES (logged). */
static int net_check_destination(const struct sr_call *call, const struct net_socket *sock,
				 const char *what, const struct sockaddr_storage *addr, socklen_t len)
{
	const struct sr_allowlist *list = net_allowlist_get();
	char destination[SR_ERROR_MAX];

	if (!sock->checked || len == 0 || !net_names_destination(sock, addr, len))
		return 0;
	/* mode=loopback, none: the sandbox's own network has no way out. */
	if (sock->own_namespace && !sr_config_net_reaches_host(call->sentry->cfg))
		return 0;
	/* Path sockets are bounded by the mount view instead. */
	if (sock->proto == SR_NET_UNIX && (net_is_unix_path(addr, len) ||
					   len <= offsetof(struct sockaddr_un, sun_path)))
		return 0;
	if (list != NULL && (sock->own_namespace
			     ? sr_allowlist_permits_connect_own(list, sock->proto, (const struct sockaddr *)addr, len)
			     : sr_allowlist_permits_connect(list, sock->proto, (const struct sockaddr *)addr, len)))
		return 0;
	net_format_address(addr, len, destination, sizeof(destination));
	net_log_refusal(call, what, sock->proto, destination);
	errno = EACCES;
	return -1;
}

/* net_check_destination for a send: a refused one is a "send" event
 * (--events), as a refused connect is a "connect" event; one let through
 * is not, or each datagram would be one. */
static int net_check_send_destination(const struct sr_call *call, const struct net_socket *sock,
				      const char *what, const struct sockaddr_storage *addr, socklen_t len)
{
	char fields[SR_EVENT_MAX / 2], address[SR_ERROR_MAX];
	size_t n = 0;

	if (net_check_destination(call, sock, what, addr, len) == 0)
		return 0;
	if (sr_sentry_events_on()) {
		net_format_address(addr, len, address, sizeof(address));
		if (sr_json_append(fields, sizeof(fields), &n, "\"address\":") &&
		    sr_json_string(fields, sizeof(fields), &n, address, sizeof(address)) &&
		    sr_json_append(fields, sizeof(fields), &n, ",\"decision\":\"deny\",\"errno\":%d", EACCES))
			sr_event_emit(call, "send", fields);
	}
	errno = EACCES;
	return -1;
}

/* ---- watching a call that may block ---- */

/* How the watch ended a blocked call. */
enum net_interruption {
	NET_RAN_ON,
	/* The call went away, or the program has a signal that one of its
	 * threads, maybe not the caller, is to take. */
	NET_INTERRUPTED,
	/* A signal the calling thread itself is to take. */
	NET_INTERRUPTED_FOR_CALLER,
};

/* The signals of the watched thread, from /proc/TID/status. */

struct net_watched {
	bool used;
	pthread_t thread;
	uint64_t id;
	pid_t tid;
	enum net_interruption interruption;
	struct sr_task_signals pending;
	unsigned shared_rounds;    /* rounds a process's signal has been pending */
};

static pthread_mutex_t net_watch_lock = PTHREAD_MUTEX_INITIALIZER;
static struct net_watched net_watched[NET_WATCHED_MAX];

/* Where the other threads of process `tgid` than `tid` are, for the
 * signals `pending` of the process, which the kernel offered one thread
 * (it sets that thread's TIF_SIGPENDING, complete_signal): a thread that
 * blocks them all cannot hold them (one that blocks a signal it held
 * passes it on, retarget_shared_pending), one that sleeps interruptibly
 * (S) is woken by them and takes them at once; so signals still pending
 * after a round were offered to a thread that is stuck (D: another call
 * waiting on the Sentry, or on a disk; T, t: stopped), to one runnable
 * (R) that has not taken them yet, or else to `tid` itself. */
enum net_other_threads {
	NET_OTHERS_ASLEEP,
	NET_OTHERS_RUNNABLE,
	NET_OTHERS_STUCK,          /* or it cannot tell */
};

static enum net_other_threads net_other_threads(pid_t tgid, pid_t tid, unsigned long long pending)
{
	char path[64];
	enum net_other_threads others = NET_OTHERS_ASLEEP;

	snprintf(path, sizeof(path), "/%d/task", (int)tgid);
	DIR *dir = opendir(path);
	if (dir == NULL)
		return NET_OTHERS_STUCK;
	for (struct dirent *d; others != NET_OTHERS_STUCK && (d = readdir(dir)) != NULL;) {
		pid_t other = (pid_t)atoi(d->d_name);
		char state;
		unsigned long long blocked;
		if (other <= 0 || other == tid || sr_thread_state(tgid, other, &state, &blocked) < 0 ||
		    (pending & ~blocked) == 0)
			continue;   /* not a thread, gone, or cannot take them */
		if (strchr("DTt?", state) != NULL)
			others = NET_OTHERS_STUCK;
		else if (state == 'R')
			others = NET_OTHERS_RUNNABLE;
	}
	closedir(dir);
	return others;
}

/* Whether, and for whom, the kernel would have interrupted the call of
 * net_watched[i].  A thread's own signal is for it.  A process's signal
 * goes to one thread (complete_signal): the only one; else, when it is
 * still pending a round later, to the thread net_other_threads finds
 * holding it.  NET_INTERRUPTED_FOR_CALLER must be certain: its reply
 * (ERESTARTSYS) reaches a thread that takes no signal as errno 512.  So
 * the caller is taken for the one only when every other thread sleeps
 * (the caller, waiting, does not block the signal: it was offered it).
 * While one is runnable, the call goes on for up to
 * NET_RUNNABLE_ROUNDS_MAX rounds, in which that thread, if it holds the
 * signal, takes it; then, or when one is stuck, it is interrupted with
 * EINTR, which no thread misreads. */
static enum net_interruption net_watch_decide(size_t i)
{
	struct net_watched *w = &net_watched[i];
	const struct sr_task_signals *sig = &w->pending;

	if (sig->own || (sig->shared && sig->alone))
		return NET_INTERRUPTED_FOR_CALLER;
	if (!sig->shared) {
		w->shared_rounds = 0;
		return NET_RAN_ON;
	}
	if (++w->shared_rounds < 2)
		return NET_RAN_ON;
	switch (net_other_threads(sig->tgid, w->tid, sig->shared_mask)) {
	case NET_OTHERS_ASLEEP:
		return NET_INTERRUPTED_FOR_CALLER;
	case NET_OTHERS_RUNNABLE:
		return w->shared_rounds > NET_RUNNABLE_ROUNDS_MAX ? NET_INTERRUPTED : NET_RAN_ON;
	case NET_OTHERS_STUCK:
		break;
	}
	return NET_INTERRUPTED;
}

static void *net_watch_loop(void *arg)
{
	struct timespec interval = { .tv_sec = 0, .tv_nsec = NET_WATCH_INTERVAL_MS * 1000000L };
	bool alive[NET_WATCHED_MAX];

	(void)arg;
	for (;;) {
		nanosleep(&interval, NULL);
		pthread_mutex_lock(&net_watch_lock);
		for (size_t i = 0; i < NET_WATCHED_MAX; i++) {
			struct net_watched *w = &net_watched[i];
			if (!w->used)
				continue;
			__u64 id = w->id;
			alive[i] = ioctl(atomic_load(&net_sentry)->listener, SECCOMP_IOCTL_NOTIF_ID_VALID, &id) == 0;
			sr_task_signals(w->tid, &w->pending);
		}
		for (size_t i = 0; i < NET_WATCHED_MAX; i++) {
			struct net_watched *w = &net_watched[i];
			if (!w->used)
				continue;
			enum net_interruption why = alive[i] ? net_watch_decide(i) : NET_INTERRUPTED;
			if (why != NET_RAN_ON) {
				w->interruption = why;
				pthread_kill(w->thread, NET_INTERRUPT_SIGNAL);
			}
		}
		pthread_mutex_unlock(&net_watch_lock);
	}
	return NULL;
}

static void net_watch_start(void)
{
	pthread_t t;
	pthread_attr_t attr;

	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	if (pthread_create(&t, &attr, net_watch_loop, NULL) != 0)
		sr_warn("Sentry: cannot start the network watch thread: a blocked connect waits for its peer");
	pthread_attr_destroy(&attr);
}

/* Register the calling worker while it makes a call that may block; the
 * interrupt signal is unblocked for it meanwhile.  Returns the slot, or
 * -1 when none is free (the call then simply blocks). */
static int net_watch_begin(const struct sr_call *call)
{
	int slot = -1;
	sigset_t set;

	pthread_mutex_lock(&net_watch_lock);
	for (int i = 0; i < NET_WATCHED_MAX && slot < 0; i++) {
		if (!net_watched[i].used) {
			net_watched[i] = (struct net_watched){
				.used = true, .thread = pthread_self(), .id = call->req->id,
				.tid = (pid_t)call->req->pid,
			};
			slot = i;
		}
	}
	pthread_mutex_unlock(&net_watch_lock);
	sigemptyset(&set);
	sigaddset(&set, NET_INTERRUPT_SIGNAL);
	pthread_sigmask(SIG_UNBLOCK, &set, NULL);
	return slot;
}

static enum net_interruption net_watch_end(int slot)
{
	sigset_t set;
	enum net_interruption interruption;

	sigemptyset(&set);
	sigaddset(&set, NET_INTERRUPT_SIGNAL);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	if (slot < 0)
		return NET_RAN_ON;
	pthread_mutex_lock(&net_watch_lock);
	interruption = net_watched[slot].interruption;
	net_watched[slot].used = false;
	pthread_mutex_unlock(&net_watch_lock);
	/* A signal sent after the call returned must not hit the next one. */
	struct timespec none = { 0, 0 };
	while (sigtimedwait(&set, NULL, &none) == NET_INTERRUPT_SIGNAL)
		;
	return interruption;
}

/* The errno for the program of a connect or send on `fd` that failed
 * with `e`.  The watch's interrupt is EINTR to the Sentry, but the
 * kernel says ERESTARTSYS for a wait with no SO_SNDTIMEO
 * (sock_intr_errno), which a signal taken with SA_RESTART restarts, and
 * so does the Sentry: the restarted call waits on for the same
 * connection.  Only for a signal the calling thread takes: on the way
 * out the kernel acts on ERESTARTSYS only in a thread with a signal, and
 * without one the program would see its number. */
static int net_interrupted_errno(enum net_interruption interruption, int fd, int e)
{
	struct timeval timeout = { 0 };
	socklen_t len = sizeof(timeout);

	if (e != EINTR || interruption != NET_INTERRUPTED_FOR_CALLER)
		return e;
	if (getsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, &len) < 0 || timeout.tv_sec != 0 ||
	    timeout.tv_usec != 0)
		return e;
	return SR_ERESTARTSYS;
}

/* Past SR_SENTRY_BLOCKED_MAX waiting calls (loop.c) a call must not
 * block: a send is made as with MSG_DONTWAIT, and a connect on a
 * blocking socket, which may wait for its peer, fails with EAGAIN, as
 * one on a non-blocking unix socket whose peer is busy.  Said once. */
static atomic_bool net_said_too_many_waiting;

static void net_say_too_many_waiting(void)
{
	if (!atomic_exchange(&net_said_too_many_waiting, true))
		sr_warn("Sentry: %d network calls of the sandbox wait already; more that would wait fail "
			"with EAGAIN", SR_SENTRY_BLOCKED_MAX);
}

/* Would a connect on the Sentry's copy `fd` wait, which it may not? */
static bool net_connect_must_not_wait(const struct sr_call *call, int fd)
{
	if (!call->must_not_block)
		return false;
	int fl = fcntl(fd, F_GETFL);
	if (fl >= 0 && (fl & O_NONBLOCK))
		return false;
	net_say_too_many_waiting();
	return true;
}

/* Reply with what a call on the Sentry's socket returned, its copy of
 * the socket closed first.  Interrupted by the watch, it is EINTR: the
 * reply reaches a program that took a signal, or none at all when the
 * call went away. */
static int net_reply_result(struct sr_call *call, struct net_socket *sock, long rc, int e)
{
	net_socket_close(sock);
	if (rc < 0)
		return sr_notif_reply_errno(call, e);
	return sr_notif_reply_value(call, rc);
}

static int net_reply_errno(struct sr_call *call, struct net_socket *sock, int e)
{
	return net_reply_result(call, sock, -1, e);
}

/* ---- the calls ---- */

/* What a connect or bind was, for its event. */
struct net_attempt {
	struct sockaddr_storage addr;
	socklen_t len;             /* 0: the address could not be read */
	bool refused;              /* by the allowlist */
};

static int net_connect_or_bind(struct sr_call *call, bool is_bind, struct net_attempt *at)
{
	const __u64 *args = call->req->data.args;
	struct sockaddr_storage addr;
	socklen_t len;
	net_cleanup_socket struct net_socket sock = { .fd = -1 };
	net_cleanup_leave_dir bool entered = false;
	sr_cleanup_close int reached = -1;

	/* In the kernel's order: the fd (EBADF), for bind whether it is a
	 * socket (ENOTSOCK), the address (EINVAL, EFAULT), for connect
	 * whether it is a socket. */
	if (net_take_fd(call, (int)args[0], &sock) < 0 ||
	    (is_bind && net_describe_socket(call, &sock) < 0))
		return errno == ESRCH ? 0 : net_reply_errno(call, &sock, errno);
	if (net_read_address(call, args[1], (int)args[2], &addr, &len) < 0)
		return errno == ESRCH ? 0 : net_reply_errno(call, &sock, errno);
	at->addr = addr;
	at->len = len;
	if (!is_bind && net_describe_socket(call, &sock) < 0)
		return errno == ESRCH ? 0 : net_reply_errno(call, &sock, errno);
	/* Not a bind: an abstract name a racing thread wrote instead would
	 * be bound, and Landlock's scope leaves binding alone. */
	if (!is_bind && sock.domain == AF_UNIX && net_is_unix_path(&addr, len) &&
	    net_unix_may_continue(call, &addr, len))
		return net_reply_continue(call, &sock);

	if (is_bind) {
		uint16_t port = net_bind_port(&addr, len);
		const struct sr_allowlist *list = net_allowlist_get();
		/* Not in the sandbox's own namespace: no port of the host's
		 * can be taken there. */
		if (sock.checked && sock.proto != SR_NET_UNIX && !sock.own_namespace &&
		    net_names_bindable(&sock, &addr, len) &&
		    (list == NULL || !sr_allowlist_permits_bind(list, sock.proto, port))) {
			char destination[32];
			snprintf(destination, sizeof(destination), "port %u", port);
			net_log_refusal(call, "bind", sock.proto, destination);
			at->refused = true;
			return net_reply_errno(call, &sock, EACCES);
		}
		/* Binding an abstract name could squat a host service's. */
		if (sock.checked && sock.proto == SR_NET_UNIX && !net_is_unix_path(&addr, len) &&
		    len > offsetof(struct sockaddr_un, sun_path) &&
		    net_check_destination(call, &sock, "bind", &addr, len) < 0) {
			at->refused = true;
			return net_reply_errno(call, &sock, EACCES);
		}
	} else if (net_tcp_connected_names_nothing(&sock, &addr, len)) {
		return net_reply_errno(call, &sock, EISCONN);
	} else if (net_check_destination(call, &sock, "connect", &addr, len) < 0) {
		at->refused = true;
		return net_reply_errno(call, &sock, EACCES);
	}
	/* A unix address given to another socket stays as it is, for the
	 * kernel to refuse. */
	bool unix_path = sock.domain == AF_UNIX && net_is_unix_path(&addr, len);
	if (unix_path && is_bind && net_unix_path_in_program_view(call, &addr, &len, &entered) < 0)
		return net_reply_errno(call, &sock, errno);
	if (unix_path && !is_bind && net_unix_path_reached(call, &addr, &len, &reached) < 0)
		return net_reply_errno(call, &sock, errno);
	if (is_bind && unix_path && net_take_program_umask(call) < 0)
		return net_reply_errno(call, &sock, errno);
	if (!sr_notif_id_valid(call))
		return 0;
	if (is_bind) {
		long rc = net_bind(call, &sock, &addr, len);
		int e = errno;
		return net_reply_result(call, &sock, rc, e);
	}
	if (net_connect_must_not_wait(call, sock.fd))
		return net_reply_errno(call, &sock, EAGAIN);
	/* netlink_connect says EINVAL to no address before it binds. */
	if (len > 0)
		net_netlink_bind_as_program(call, &sock, &addr, len);
	int slot = net_watch_begin(call);
	long rc = connect(sock.fd, (struct sockaddr *)&addr, len);
	int e = errno;
	e = net_interrupted_errno(net_watch_end(slot), sock.fd, e);
	return net_reply_result(call, &sock, rc, e);
}

/* A "connect" or "bind" event (--events): the address, whether the
 * allowlist let it through, and the errno of a call that failed. */
static void net_attempt_event(const struct sr_call *call, const struct sr_task_ids *ids, const char *what,
			      const struct net_attempt *at)
{
	char fields[SR_EVENT_MAX / 2], address[SR_ERROR_MAX];
	size_t len = 0;

	net_format_address(&at->addr, at->len, address, sizeof(address));
	if (sr_json_append(fields, sizeof(fields), &len, "\"address\":") &&
	    sr_json_string(fields, sizeof(fields), &len, address, sizeof(address)) &&
	    sr_json_append(fields, sizeof(fields), &len, ",\"decision\":\"%s\"", at->refused ? "deny" : "allow") &&
	    (call->result >= 0 || sr_json_append(fields, sizeof(fields), &len, ",\"errno\":%lld",
						  (long long)-call->result)))
		sr_event_emit_as(ids, what, fields);
}

static int net_connect_or_bind_told(struct sr_call *call, bool is_bind)
{
	struct net_attempt at = { .len = 0 };
	struct sr_task_ids ids;
	/* Who asked, read before the reply lets the task go on. */
	bool told = sr_sentry_events_on();

	if (told)
		sr_task_ids((pid_t)call->req->pid, &ids);
	int rc = net_connect_or_bind(call, is_bind, &at);
	if (told && at.len > 0 && call->replied)
		net_attempt_event(call, &ids, is_bind ? "bind" : "connect", &at);
	return rc;
}

/* One message copied out of the program: its address, payload and
 * ancillary data, with the fds of SCM_RIGHTS taken into the Sentry. */
struct net_message {
	struct sockaddr_storage addr;
	socklen_t addr_len;
	/* sendto's address pointer with a length of 0: the kernel passes
	 * it on as an empty name, not as none, and UDP refuses it (EINVAL)
	 * where a sendmsg without a name would reach the peer. */
	bool empty_name;
	char *payload;
	size_t payload_len;
	/* The mapping a payload that runs into a fault is in, or NULL
	 * (net_payload_ends_in_fault). */
	char *payload_map;
	size_t payload_map_len;
	char *control;
	size_t control_len;
	size_t held;               /* payload and control bytes counted in net_held */
	int taken_fds[NET_SCM_FDS_MAX];
	size_t ntaken;
};

static atomic_size_t net_held;

/* Room for up to `want` bytes under NET_SEND_HELD_MAX: all of them, or
 * for a stream's payload what is left, NET_SEND_FLOOR at least; 0 for a
 * datagram or control data that does not fit. */
static size_t net_held_reserve(size_t want, bool stream)
{
	size_t held = atomic_load(&net_held);

	for (;;) {
		size_t left = held < NET_SEND_HELD_MAX ? NET_SEND_HELD_MAX - held : 0;
		size_t take = want <= left ? want : !stream ? 0 : left > NET_SEND_FLOOR ? left
			: want < NET_SEND_FLOOR ? want : NET_SEND_FLOOR;
		if (take == 0 || atomic_compare_exchange_weak(&net_held, &held, held + take))
			return take;
	}
}

static void net_message_release(struct net_message *m)
{
	if (m->payload_map != NULL)
		munmap(m->payload_map, m->payload_map_len);
	else
		free(m->payload);
	m->payload = m->payload_map = NULL;
	free(m->control);
	m->control = NULL;
	atomic_fetch_sub(&net_held, m->held);
	m->held = 0;
	for (size_t i = 0; i < m->ntaken; i++)
		close(m->taken_fds[i]);
	atomic_fetch_sub(&net_passed_fds_held, m->ntaken);
	m->ntaken = 0;
}

/* EINVAL or EFAULT where the kernel refuses a send's iovecs before it
 * reads anything else of the message (import_iovec): a length negative
 * as a ssize_t, or a range past the user address space, whose end is not
 * the same on every kernel (the sign bit before 6.12, TASK_SIZE_MAX
 * since, higher with 5-level paging).  process_vm_readv imports its
 * local iovecs so too, and given no remote ones it reads nothing: the
 * running kernel answers for itself. */
static int net_check_iov(const struct iovec *iov, size_t niov)
{
	if (process_vm_readv(getpid(), iov, niov, NULL, 0, 0) < 0)
		return -1;
	return 0;
}

/* The payload ran into memory the program cannot read after the
 * m->payload_len bytes copied.  The kernel checks what it can before it
 * copies (a datagram's length: EMSGSIZE, not EFAULT), and a stream sends
 * the chunks it copied whole before the fault: the Sentry sends `total`
 * bytes from a copy that runs into an unmapped page at the same byte,
 * and the kernel answers as it would have natively. */
static int net_payload_ends_in_fault(struct net_message *m, size_t total)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	size_t head = (m->payload_len + page - 1) / page * page;
	size_t len = head + (total - m->payload_len + page - 1) / page * page;
	char *map = mmap(NULL, len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	if (map == MAP_FAILED) {
		errno = ENOBUFS;
		return -1;
	}
	if (head > 0 && mprotect(map, head, PROT_READ | PROT_WRITE) < 0) {
		munmap(map, len);
		errno = ENOBUFS;
		return -1;
	}
	memcpy(map + head - m->payload_len, m->payload, m->payload_len);
	free(m->payload);
	m->payload = map + head - m->payload_len;
	m->payload_map = map;
	m->payload_map_len = len;
	m->payload_len = total;
	return 0;
}

/* Copy the payload the iovecs name, at most what the socket allows in
 * one go and NET_SEND_HELD_MAX lets the Sentry hold. */
static int net_read_payload_iov(const struct sr_call *call, const struct net_socket *sock,
				const struct iovec *iov, size_t niov, struct net_message *m)
{
	size_t total = 0;

	/* The kernel cuts the sum at MAX_RW_COUNT; it does not refuse it. */
	for (size_t i = 0; i < niov; i++)
		total += iov[i].iov_len < NET_RW_MAX - total ? iov[i].iov_len : NET_RW_MAX - total;
	if (total > NET_SEND_MAX) {
		if (sock->type != SOCK_STREAM) {
			errno = EMSGSIZE;
			return -1;
		}
		total = NET_SEND_MAX;
	}
	size_t held = net_held_reserve(total, sock->type == SOCK_STREAM);
	m->held += held;
	if (held < total) {
		if (sock->type != SOCK_STREAM) {
			errno = ENOBUFS;
			return -1;
		}
		total = held;
	}
	m->payload = malloc(total ? total : 1);
	if (m->payload == NULL) {
		errno = ENOBUFS;
		return -1;
	}
	m->payload_len = 0;
	for (size_t i = 0; i < niov && m->payload_len < total; i++) {
		size_t chunk = iov[i].iov_len;
		if (chunk > total - m->payload_len)
			chunk = total - m->payload_len;
		if (chunk == 0)
			continue;
		ssize_t n = sr_notif_read_readable(call, (uint64_t)(uintptr_t)iov[i].iov_base,
						   m->payload + m->payload_len, chunk);
		if (n < 0) {
			errno = errno == ESRCH ? ESRCH : EFAULT;
			return -1;
		}
		m->payload_len += (size_t)n;
		if ((size_t)n < chunk)
			return net_payload_ends_in_fault(m, total);
	}
	return 0;
}

/* The control messages as the kernel walks them (linux/socket.h): each
 * header where the aligned length of the one before ends, while a whole
 * header fits.  A libc's CMSG_NXTHDR may stop sooner, and a message the
 * kernel reads but the Sentry did not would pass unchecked.  `c` has
 * passed net_check_control. */
static struct cmsghdr *net_cmsg_next(struct net_message *m, const struct cmsghdr *c)
{
	size_t at = c == NULL ? 0 : (size_t)((const char *)c - m->control) + CMSG_ALIGN(c->cmsg_len);

	if (at > m->control_len || m->control_len - at < sizeof(struct cmsghdr))
		return NULL;
	return (struct cmsghdr *)(void *)(m->control + at);
}

/* EINVAL where the kernel refuses the control data (CMSG_OK): a header
 * shorter than itself, or longer than what is left of the buffer, which
 * the Sentry would otherwise read its fds from, past its copy. */
static int net_check_control(struct net_message *m)
{
	for (struct cmsghdr *c = net_cmsg_next(m, NULL); c != NULL; c = net_cmsg_next(m, c)) {
		size_t left = m->control_len - (size_t)((char *)c - m->control);
		if (c->cmsg_len < sizeof(struct cmsghdr) || c->cmsg_len > left) {
			errno = EINVAL;
			return -1;
		}
	}
	return 0;
}

/* Take the program's fd `fd` into the Sentry to pass on, counted in
 * net_passed_fds_held; its pidfd opened on first use.  -1 with the
 * kernel's errno for the send: EBADF, ETOOMANYREFS, ENOSYS. */
static int net_take_passed_fd(const struct sr_call *call, int *pidfd, int fd)
{
	if (*pidfd < 0)
		*pidfd = sr_notif_caller_pidfd(call);
	if (*pidfd < 0)
		return -1;
	/* Out of room for the fds in flight: the kernel's own word for a
	 * sender past its limit of them. */
	if (atomic_fetch_add(&net_passed_fds_held, 1) >= net_passed_fds_max) {
		atomic_fetch_sub(&net_passed_fds_held, 1);
		errno = ETOOMANYREFS;
		return -1;
	}
	int taken = sr_notif_take_fd(call, *pidfd, fd);
	if (taken < 0) {
		int e = errno == EMFILE || errno == ENFILE ? ETOOMANYREFS : errno == ENOSYS ? ENOSYS : EBADF;
		atomic_fetch_sub(&net_passed_fds_held, 1);
		errno = e;
		return -1;
	}
	return taken;
}

/* SCM_RIGHTS names the program's fds.  Only a unix socket passes them:
 * each is taken into the Sentry and the message carries the Sentry's
 * numbers for the same files.  Any other socket ignores SCM_RIGHTS (TCP,
 * UDP: the message is sent) or refuses it before it looks at an fd
 * (netlink, EINVAL), so there the numbers are blanked (-1): read in the
 * Sentry, the program's numbers would name the Sentry's own files. */
static int net_take_passed_fds(const struct sr_call *call, const struct net_socket *sock, struct net_message *m)
{
	sr_cleanup_close int pidfd = -1;

	for (struct cmsghdr *c = net_cmsg_next(m, NULL); c != NULL; c = net_cmsg_next(m, c)) {
		if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
			continue;
		size_t n = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		unsigned char *fds = CMSG_DATA(c);
		if (sock->domain != AF_UNIX) {
			memset(fds, 0xff, n * sizeof(int));
			continue;
		}
		/* As scm_fp_copy: more than SCM_MAX_FD in the message is
		 * refused before any fd of this header is looked up. */
		if (n > NET_SCM_FDS_MAX - m->ntaken) {
			errno = EINVAL;
			return -1;
		}
		for (size_t i = 0; i < n; i++) {
			int fd;
			memcpy(&fd, fds + i * sizeof(int), sizeof(fd));
			int taken = net_take_passed_fd(call, &pidfd, fd);
			if (taken < 0)
				return -1;
			m->taken_fds[m->ntaken++] = taken;
			memcpy(fds + i * sizeof(int), &taken, sizeof(taken));
		}
	}
	return 0;
}

/* SCM_CREDENTIALS names the sender, and the kernel checks the claim
 * against the sender's own pid and real, effective or saved ids
 * (scm_check_creds): the Sentry's, which sends the message, so that the
 * program's claim of its own pid failed with EPERM, and one of the
 * Sentry's pid (in its namespace) went through.  A claim the program may
 * make is sent as the Sentry's own pid and ids, what a receiver sees of
 * any message the Sentry sends; any other goes with pid 0, which the
 * kernel refuses with EPERM as it would the program's, after its EINVAL
 * for an id the user namespace (the program's and the Sentry's) does not
 * map.  A header of another length is the kernel's to refuse.  -1 with
 * ESRCH when the task is gone. */
static int net_vouch_credentials(const struct sr_call *call, struct net_message *m)
{
	struct sr_task_creds creds;
	bool known = false;

	for (struct cmsghdr *c = net_cmsg_next(m, NULL); c != NULL; c = net_cmsg_next(m, c)) {
		struct ucred claim;
		if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_CREDENTIALS ||
		    c->cmsg_len != CMSG_LEN(sizeof(claim)))
			continue;
		if (!known && sr_task_creds((pid_t)call->req->pid, &creds) < 0) {
			errno = ESRCH;
			return -1;
		}
		known = true;
		memcpy(&claim, CMSG_DATA(c), sizeof(claim));
		bool uid_ok = claim.uid == creds.uid[0] || claim.uid == creds.uid[1] || claim.uid == creds.uid[2];
		bool gid_ok = claim.gid == creds.gid[0] || claim.gid == creds.gid[1] || claim.gid == creds.gid[2];
		if (uid_ok)
			claim.uid = getuid();
		if (gid_ok)
			claim.gid = getgid();
		claim.pid = claim.pid == creds.tgid && uid_ok && gid_ok ? getpid() : 0;
		memcpy(CMSG_DATA(c), &claim, sizeof(claim));
	}
	return 0;
}

/* An IPv6 routing header among the control messages sends the packet to
 * its first segment, and IPv4 options (IP_RETOPTS) holding a source
 * route send it to the route's first hop: past the destination the
 * allowlist checked, on a connected socket too.  As the same options
 * given with setsockopt, which the filter refuses whatever they hold,
 * they are refused with EPERM, the kernel's word for an option a
 * program may not set.  The Sentry sends them itself, so the kernel's
 * own check of the sender's CAP_NET_RAW would not be the program's. */
static int net_refuse_rerouting(struct net_message *m)
{
	for (struct cmsghdr *c = net_cmsg_next(m, NULL); c != NULL; c = net_cmsg_next(m, c)) {
		if ((c->cmsg_level == SOL_IPV6 && (c->cmsg_type == IPV6_RTHDR || c->cmsg_type == IPV6_2292RTHDR)) ||
		    (c->cmsg_level == SOL_IP && c->cmsg_type == IP_RETOPTS)) {
			errno = EPERM;
			return -1;
		}
	}
	return 0;
}

/* Copy a message's address as the kernel takes it (__copy_msghdr): none
 * without a pointer, EINVAL for a length negative as an int, and one
 * longer than a sockaddr_storage cut to it, not refused. */
static int net_read_message_address(const struct sr_call *call, const struct msghdr *mh,
				    struct sockaddr_storage *out, socklen_t *out_len)
{
	int len = (int)mh->msg_namelen;

	if (mh->msg_name == NULL)
		len = 0;
	if (len < 0) {
		errno = EINVAL;
		return -1;
	}
	if ((size_t)len > sizeof(*out))
		len = sizeof(*out);
	return net_read_address(call, (uint64_t)(uintptr_t)mh->msg_name, len, out, out_len);
}

/* Only the address of the program's struct msghdr at `addr` (length 0:
 * none), to decide on; net_read_message copies it again with the rest. */
static int net_peek_message_address(const struct sr_call *call, uint64_t addr, struct sockaddr_storage *out,
				    socklen_t *out_len)
{
	struct msghdr mh;

	if (sr_notif_read_bytes(call, addr, &mh, sizeof(mh)) < 0)
		return -1;
	return net_read_message_address(call, &mh, out, out_len);
}

/* What the kernel answers control data of `len` bytes the program
 * cannot read: it sizes them against net.core.optmem_max and what the
 * socket holds already (sock_kmalloc: ENOBUFS) before it copies them
 * (EFAULT).  The socket answers a sendmsg of that much control data from
 * past the top of the user address space, which fails there, before the
 * protocol sees the message. */
static int net_unreadable_control_errno(const struct net_socket *sock, size_t len)
{
	struct msghdr mh = { .msg_control = NET_NO_USER_MEMORY, .msg_controllen = len };

	if (sendmsg(sock->fd, &mh, MSG_DONTWAIT | MSG_NOSIGNAL) < 0 && errno == ENOBUFS)
		return ENOBUFS;
	return EFAULT;
}

/* Copy the message's control data: ENOBUFS for a size past
 * NET_CONTROL_MAX or the room NET_SEND_HELD_MAX leaves (the kernel's
 * word for control data it has no room for), checked before the copy
 * as the kernel does; then, for data the program cannot read, the
 * kernel's answer. */
static int net_read_control(const struct sr_call *call, const struct net_socket *sock, const struct msghdr *mh,
			    struct net_message *m)
{
	size_t len = mh->msg_controllen;

	if (len == 0)
		return 0;
	if (len > NET_CONTROL_MAX || net_held_reserve(len, false) == 0) {
		errno = ENOBUFS;
		return -1;
	}
	m->held += len;
	m->control = malloc(len);
	if (m->control == NULL) {
		errno = ENOBUFS;
		return -1;
	}
	m->control_len = len;
	if (sr_notif_read_bytes(call, (uint64_t)(uintptr_t)mh->msg_control, m->control, len) < 0) {
		errno = errno == ESRCH ? ESRCH : net_unreadable_control_errno(sock, len);
		return -1;
	}
	return 0;
}

/* Copy the program's `n` iovecs at `addr` into `iov`, checked as the
 * kernel imports them: EMSGSIZE past UIO_MAXIOV, EFAULT, then
 * net_check_iov. */
static int net_read_iovecs(const struct sr_call *call, uint64_t addr, size_t n, struct iovec **iov)
{
	*iov = NULL;
	if (n > NET_IOV_MAX) {
		errno = EMSGSIZE;
		return -1;
	}
	*iov = calloc(n ? n : 1, sizeof(**iov));
	if (*iov == NULL) {
		errno = ENOBUFS;
		return -1;
	}
	if (n > 0 && sr_notif_read_bytes(call, addr, *iov, n * sizeof(**iov)) < 0) {
		errno = errno == ESRCH ? ESRCH : EFAULT;
		return -1;
	}
	return net_check_iov(*iov, n);
}

/* Copy the program's struct msghdr at `addr` and all it points to, each
 * part refused with the kernel's errno in the kernel's order (the
 * address, the iovecs, the control data, its fds, then the payload), so
 * that a message wrong in two ways is answered as natively. */
static int net_read_message(const struct sr_call *call, const struct net_socket *sock, uint64_t addr,
			    struct net_message *m)
{
	struct msghdr mh;
	sr_cleanup_free struct iovec *iov = NULL;

	if (sr_notif_read_bytes(call, addr, &mh, sizeof(mh)) < 0) {
		errno = errno == ESRCH ? ESRCH : EFAULT;
		return -1;
	}
	if (net_read_message_address(call, &mh, &m->addr, &m->addr_len) < 0)
		return -1;
	net_send_address_as_routed(sock, &m->addr, m->addr_len);
	net_drop_ignored_address(sock, &m->addr_len);
	if (net_read_iovecs(call, (uint64_t)(uintptr_t)mh.msg_iov, mh.msg_iovlen, &iov) < 0)
		return -1;
	if (net_read_control(call, sock, &mh, m) < 0)
		return -1;
	/* Malformed control data: a unix socket refuses it first
	 * (scm_send), an IP protocol where it reads it, after its own
	 * checks of the length, the flags, the address or the connection
	 * (udp_sendmsg, tcp_sendmsg), and before it sends anything: then
	 * none of its messages is the Sentry's to look at. */
	if (net_check_control(m) < 0) {
		if (sock->domain != AF_INET && sock->domain != AF_INET6)
			return -1;
	} else if (net_refuse_rerouting(m) < 0 || net_vouch_credentials(call, m) < 0 ||
		   net_take_passed_fds(call, sock, m) < 0) {
		return -1;
	}
	return net_read_payload_iov(call, sock, iov, mh.msg_iovlen, m);
}

/* Send one copied message on the Sentry's socket; the result as sendmsg
 * gives it, errno set. */
static long net_send_message(const struct sr_call *call, const struct net_socket *sock,
			     struct net_message *m, int flags, bool *interrupted)
{
	sr_cleanup_close int reached = -1;
	struct iovec iov = { .iov_base = m->payload, .iov_len = m->payload_len };
	struct msghdr mh = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = m->control_len ? m->control : NULL, .msg_controllen = m->control_len,
	};

	if (m->addr_len > 0) {
		if (sock->domain == AF_UNIX && net_is_unix_path(&m->addr, m->addr_len) &&
		    net_unix_path_reached(call, &m->addr, &m->addr_len, &reached) < 0)
			return -1;
		mh.msg_name = &m->addr;
		mh.msg_namelen = m->addr_len;
	}
	/* netlink_sendmsg says EOPNOTSUPP to MSG_OOB before it binds. */
	if (!(flags & MSG_OOB))
		net_netlink_bind_as_program(call, sock, &m->addr, m->addr_len);
	if (call->must_not_block)
		flags |= MSG_DONTWAIT;
	int slot = net_watch_begin(call);
	/* sendmsg turns an empty name into none (__copy_msghdr); sendto
	 * keeps it, and sendto's message carries no control data. */
	long rc = m->empty_name ? sendto(sock->fd, m->payload, m->payload_len, flags | MSG_NOSIGNAL,
					 (struct sockaddr *)&m->addr, 0)
		: sendmsg(sock->fd, &mh, flags | MSG_NOSIGNAL);
	int e = errno;
	if (rc < 0 && e == EAGAIN && call->must_not_block)
		net_say_too_many_waiting();
	enum net_interruption interruption = net_watch_end(slot);
	*interrupted = interruption != NET_RAN_ON;
	errno = net_interrupted_errno(interruption, sock->fd, e);
	return rc;
}

/* The Sentry sends with MSG_NOSIGNAL; EPIPE raises SIGPIPE in the
 * program's thread instead, as its own send would have, before the reply
 * so that it is taken on the way out of the call. */
static void net_raise_sigpipe(const struct sr_call *call, long rc, int e, int flags)
{
	if (rc >= 0 || e != EPIPE || (flags & MSG_NOSIGNAL))
		return;
	int pidfd = sr_notif_caller_pidfd(call);
	if (pidfd < 0)
		return;
	syscall(SYS_pidfd_send_signal, pidfd, SIGPIPE, NULL, 0);
	close(pidfd);
}

static int net_sendto(struct sr_call *call)
{
	const __u64 *args = call->req->data.args;
	net_cleanup_socket struct net_socket sock = { .fd = -1 };
	struct net_message m = { 0 };
	int flags = (int)args[3];

	/* Only under --strace does a sendto without an address get here:
	 * the address is a register, nothing a thread can change. */
	if (args[4] == 0)
		return sr_notif_reply_continue(call);
	/* The buffer's range first (cut to MAX_RW_COUNT, import_ubuf), then
	 * the socket (EBADF, ENOTSOCK), as the kernel checks them. */
	struct iovec iov = { .iov_base = (void *)(uintptr_t)args[1],
			     .iov_len = args[2] < NET_RW_MAX ? (size_t)args[2] : NET_RW_MAX };
	if (net_check_iov(&iov, 1) < 0)
		return sr_notif_reply_errno(call, errno);
	if (net_take_socket(call, (int)args[0], &sock) < 0)
		return errno == ESRCH ? 0 : sr_notif_reply_errno(call, errno);
	if (net_read_address(call, args[4], (int)args[5], &m.addr, &m.addr_len) < 0)
		return errno == ESRCH ? 0 : net_reply_errno(call, &sock, errno);
	m.empty_name = m.addr_len == 0;
	if (sock.domain == AF_UNIX && net_is_unix_path(&m.addr, m.addr_len) &&
	    net_unix_may_continue(call, &m.addr, m.addr_len))
		return net_reply_continue(call, &sock);
	net_send_address_as_routed(&sock, &m.addr, m.addr_len);
	net_drop_ignored_address(&sock, &m.addr_len);
	if (net_check_send_destination(call, &sock, "sendto", &m.addr, m.addr_len) < 0)
		return net_reply_errno(call, &sock, EACCES);
	if (net_read_payload_iov(call, &sock, &iov, 1, &m) < 0) {
		net_message_release(&m);
		return errno == ESRCH ? 0 : net_reply_errno(call, &sock, errno);
	}
	if (!sr_notif_id_valid(call)) {
		net_message_release(&m);
		return 0;
	}
	bool interrupted;
	long rc = net_send_message(call, &sock, &m, flags, &interrupted);
	int e = errno;
	net_message_release(&m);
	net_raise_sigpipe(call, rc, e, flags);
	return net_reply_result(call, &sock, rc, e);
}

static int net_sendmsg(struct sr_call *call)
{
	const __u64 *args = call->req->data.args;
	net_cleanup_socket struct net_socket sock = { .fd = -1 };
	sr_cleanup_free struct net_message *m = calloc(1, sizeof(*m));
	int flags = (int)args[2];

	if (m == NULL)
		return sr_notif_reply_errno(call, ENOBUFS);
	bool may_continue = net_peek_message_address(call, args[1], &m->addr, &m->addr_len) == 0 &&
			    net_unix_may_continue(call, &m->addr, m->addr_len);
	if (net_take_socket(call, (int)args[0], &sock) < 0)
		return errno == ESRCH ? 0 : sr_notif_reply_errno(call, errno);
	if (may_continue && sock.domain == AF_UNIX)
		return net_reply_continue(call, &sock);
	long sent = -1;
	int e;
	if (net_read_message(call, &sock, args[1], m) < 0)
		e = errno;
	else if (net_check_send_destination(call, &sock, "sendmsg", &m->addr, m->addr_len) < 0)
		e = EACCES;
	else if (!sr_notif_id_valid(call))
		e = ESRCH;
	else {
		bool interrupted;
		sent = net_send_message(call, &sock, m, flags, &interrupted);
		e = errno;
		net_raise_sigpipe(call, sent, e, flags);
	}
	/* The fds passed with it go before the reply too. */
	net_message_release(m);
	if (sent < 0 && e == ESRCH)
		return 0;
	return net_reply_result(call, &sock, sent, e);
}

static int net_sendmmsg(struct sr_call *call)
{
	const __u64 *args = call->req->data.args;
	net_cleanup_socket struct net_socket sock = { .fd = -1 };
	unsigned vlen = (unsigned)args[2];
	int flags = (int)args[3];
	struct net_message *m = calloc(1, sizeof(*m));
	unsigned sent = 0;
	int e = 0;
	bool interrupted = false;

	if (m == NULL)
		return sr_notif_reply_errno(call, ENOBUFS);
	if (vlen > NET_IOV_MAX)
		vlen = NET_IOV_MAX;
	if (net_take_socket(call, (int)args[0], &sock) < 0) {
		free(m);
		return errno == ESRCH ? 0 : sr_notif_reply_errno(call, errno);
	}
	for (; sent < vlen && !interrupted; sent++) {
		uint64_t at = args[1] + (uint64_t)sent * sizeof(struct mmsghdr);
		if (net_read_message(call, &sock, at + offsetof(struct mmsghdr, msg_hdr), m) < 0) {
			e = errno;
			break;
		}
		if (net_check_send_destination(call, &sock, "sendmmsg", &m->addr, m->addr_len) < 0) {
			e = EACCES;
			break;
		}
		if (!sr_notif_id_valid(call)) {
			e = ESRCH;
			break;
		}
		long rc = net_send_message(call, &sock, m, flags, &interrupted);
		if (rc < 0) {
			e = errno;
			net_raise_sigpipe(call, rc, e, flags);
			break;
		}
		unsigned int len = (unsigned int)rc;
		if (sr_notif_write_bytes(call, at + offsetof(struct mmsghdr, msg_len), &len, sizeof(len)) < 0) {
			e = EFAULT;
			break;
		}
		net_message_release(m);
		memset(m, 0, sizeof(*m));
	}
	net_message_release(m);
	free(m);
	if (e == ESRCH)
		return 0;
	/* As the kernel: what was sent counts; an error only if nothing was
	 * (and no vector at all is 0 messages, not an error). */
	if (sent > 0 || e == 0)
		return net_reply_result(call, &sock, sent, 0);
	return net_reply_errno(call, &sock, e);
}

int sr_handle_net(struct sr_call *call, struct sr_error *err)
{
	atomic_store(&net_sentry, call->sentry);
	pthread_once(&net_once, net_init);
	switch (call->req->data.nr) {
	case __NR_connect:
		return net_connect_or_bind_told(call, false);
	case __NR_bind:
		return net_connect_or_bind_told(call, true);
	case __NR_sendto:
		return net_sendto(call);
	case __NR_sendmsg:
		return net_sendmsg(call);
	case __NR_sendmmsg:
		return net_sendmmsg(call);
	}
	return sr_fail(err, 0, "%s: not a network call", call->row->name);
}
