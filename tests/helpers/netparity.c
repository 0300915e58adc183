/* netparity DIR: the answers of connect, bind, sendto, sendmsg and
 * sendmmsg where the Sentry makes them itself (--net=host) and could
 * answer otherwise than the kernel: an address of length 0, a bad fd
 * with a bad pointer (which the kernel checks first), an address of a
 * family the socket does not take, a length whose upper 32 bits are
 * set (the kernel takes an int), a second connect, unix paths that are
 * directories, files or end in a slash, unix addresses longer than a
 * struct sockaddr_un, credentials (SCM_CREDENTIALS) the sender may or
 * may not claim, SCM_RIGHTS where no fds pass, the order in which the
 * kernel reads a message's parts, huge iovecs, control data up to
 * net.core.optmem_max, payloads and control data that run into an
 * unmapped page, and sendmmsg's partial counts.
 * Everything is the program's own: listeners on 127.0.0.1 port 0, unix
 * sockets in DIR (writable, empty).  The cases run twice: with the
 * process alone, and with a second thread sharing its fd table (the
 * Sentry may let the kernel make a unix call only in the first case).
 * The test runs it on the bare host and under sentry-run --net=host
 * and wants the same lines. */
#include <arpa/inet.h>
#include <limits.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <sys/un.h>

#include "call-lines.h"

#define BAD_POINTER ((void *)1)
#define NO_FD 999
/* An int length of 16 with bits set above the int, as a register may
 * hold them. */
#define LONG_LEN(n) ((1UL << 32) | (unsigned long)(n))

static struct sockaddr_in udp_addr, tcp_addr;
static int udp_server, tcp_server;

static int must_socket(int domain, int type)
{
	int fd = socket(domain, type | SOCK_CLOEXEC, 0);

	must(fd, "socket");
	return fd;
}

static struct sockaddr_in loopback(void)
{
	struct sockaddr_in in = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };

	return in;
}

static struct sockaddr_un unix_address(const char *path, socklen_t *len)
{
	struct sockaddr_un un = { .sun_family = AF_UNIX };

	snprintf(un.sun_path, sizeof(un.sun_path), "%s", path);
	*len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + strlen(path) + 1);
	return un;
}

/* What reached the UDP server since the last look: "got N" datagrams. */
static void udp_received(const char *what)
{
	char buf[64];
	int n = 0;

	while (recv(udp_server, buf, sizeof(buf), MSG_DONTWAIT) >= 0)
		n++;
	line("%s: server got %d", what, n);
}

static void servers(void)
{
	socklen_t len = sizeof(udp_addr);

	udp_server = must_socket(AF_INET, SOCK_DGRAM);
	udp_addr = loopback();
	must(bind(udp_server, (struct sockaddr *)&udp_addr, sizeof(udp_addr)), "bind udp");
	must(getsockname(udp_server, (struct sockaddr *)&udp_addr, &len), "getsockname udp");
	tcp_server = must_socket(AF_INET, SOCK_STREAM);
	tcp_addr = loopback();
	len = sizeof(tcp_addr);
	must(bind(tcp_server, (struct sockaddr *)&tcp_addr, sizeof(tcp_addr)), "bind tcp");
	must(listen(tcp_server, 64), "listen");
	must(getsockname(tcp_server, (struct sockaddr *)&tcp_addr, &len), "getsockname tcp");
}

/* sendto with a non-NULL address of length 0. */
static void cases_empty_address(void)
{
	struct sockaddr_in in = udp_addr;
	int u = must_socket(AF_INET, SOCK_DGRAM);

	CALL("sendto(udp unconnected, &addr, 0)", syscall(SYS_sendto, u, "x", 1, 0, &in, 0));
	CALL("sendto(udp unconnected, bad pointer, 0)", syscall(SYS_sendto, u, "x", 1, 0, BAD_POINTER, 0));
	must(connect(u, (struct sockaddr *)&udp_addr, sizeof(udp_addr)), "connect udp");
	CALL("sendto(udp connected, &addr, 0)", syscall(SYS_sendto, u, "x", 1, 0, &in, 0));
	CALL("sendto(udp connected, bad pointer, 0)", syscall(SYS_sendto, u, "x", 1, 0, BAD_POINTER, 0));
	CALL("sendto(udp connected, NULL, 0)", syscall(SYS_sendto, u, "x", 1, 0, NULL, 0));
	udp_received("udp sends");
	close(u);

	int t = must_socket(AF_INET, SOCK_STREAM);
	CALL("sendto(tcp unconnected, &addr, 0)", syscall(SYS_sendto, t, "x", 1, MSG_NOSIGNAL, &in, 0));
	must(connect(t, (struct sockaddr *)&tcp_addr, sizeof(tcp_addr)), "connect tcp");
	CALL("sendto(tcp connected, &addr, 0)", syscall(SYS_sendto, t, "x", 1, 0, &in, 0));
	close(t);

	struct msghdr mh = { .msg_name = &in, .msg_namelen = 0 };
	struct iovec iov = { .iov_base = "x", .iov_len = 1 };
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	u = must_socket(AF_INET, SOCK_DGRAM);
	CALL("sendmsg(udp unconnected, namelen 0)", syscall(SYS_sendmsg, u, &mh, 0));
	must(connect(u, (struct sockaddr *)&udp_addr, sizeof(udp_addr)), "connect udp");
	CALL("sendmsg(udp connected, namelen 0)", syscall(SYS_sendmsg, u, &mh, 0));
	udp_received("udp sendmsg");
	close(u);
}

/* The kernel looks the fd up before it reads the address. */
static void cases_order(void)
{
	int pipefd[2];
	int u = must_socket(AF_INET, SOCK_DGRAM);

	must(pipe(pipefd), "pipe");
	CALL("connect(no fd, bad pointer, 16)", syscall(SYS_connect, NO_FD, BAD_POINTER, 16));
	CALL("bind(no fd, bad pointer, 16)", syscall(SYS_bind, NO_FD, BAD_POINTER, 16));
	CALL("sendto(no fd, bad pointer, 16)", syscall(SYS_sendto, NO_FD, "x", 1, 0, BAD_POINTER, 16));
	CALL("sendmsg(no fd, bad pointer)", syscall(SYS_sendmsg, NO_FD, BAD_POINTER, 0));
	CALL("sendmmsg(no fd, bad pointer)", syscall(SYS_sendmmsg, NO_FD, BAD_POINTER, 1, 0));
	CALL("connect(no fd, &addr, 200)", syscall(SYS_connect, NO_FD, &udp_addr, 200));
	CALL("connect(pipe, bad pointer, 16)", syscall(SYS_connect, pipefd[0], BAD_POINTER, 16));
	CALL("connect(pipe, &addr, 16)", syscall(SYS_connect, pipefd[0], &udp_addr, sizeof(udp_addr)));
	CALL("bind(pipe, bad pointer, 16)", syscall(SYS_bind, pipefd[0], BAD_POINTER, 16));
	CALL("sendto(pipe, bad pointer, 16)", syscall(SYS_sendto, pipefd[1], "x", 1, 0, BAD_POINTER, 16));
	CALL("connect(udp, bad pointer, 200)", syscall(SYS_connect, u, BAD_POINTER, 200));
	CALL("connect(udp, NULL, 0)", syscall(SYS_connect, u, NULL, 0));
	CALL("connect(udp, bad pointer, -1)", syscall(SYS_connect, u, BAD_POINTER, -1));
	CALL("connect(udp, &addr, 16 | 1 << 32)", syscall(SYS_connect, u, &udp_addr, LONG_LEN(sizeof(udp_addr))));
	CALL("sendto(udp, &addr, 16 | 1 << 32)",
	     syscall(SYS_sendto, u, "x", 1, 0, &udp_addr, LONG_LEN(sizeof(udp_addr))));
	udp_received("long lengths");
	close(u);
	close(pipefd[0]);
	close(pipefd[1]);
}

/* Addresses of a family the socket does not take. */
static void cases_families(void)
{
	struct sockaddr_in6 in6 = { .sin6_family = AF_INET6, .sin6_port = tcp_addr.sin_port,
				    .sin6_addr = IN6ADDR_LOOPBACK_INIT };
	struct sockaddr_storage odd = { .ss_family = 0x7fff };
	socklen_t ulen;
	struct sockaddr_un un = unix_address("nowhere", &ulen);
	int t = must_socket(AF_INET, SOCK_STREAM);
	int u = must_socket(AF_INET, SOCK_DGRAM);
	int x = must_socket(AF_UNIX, SOCK_STREAM);

	CALL("connect(tcp4, inet6)", syscall(SYS_connect, t, &in6, sizeof(in6)));
	CALL("connect(tcp4, unix)", syscall(SYS_connect, t, &un, ulen));
	CALL("connect(tcp4, family 0x7fff)", syscall(SYS_connect, t, &odd, sizeof(struct sockaddr_in)));
	CALL("bind(tcp4, inet6)", syscall(SYS_bind, t, &in6, sizeof(in6)));
	CALL("bind(tcp4, inet, 8)", syscall(SYS_bind, t, &tcp_addr, 8));
	CALL("connect(udp4, inet6)", syscall(SYS_connect, u, &in6, sizeof(in6)));
	CALL("sendto(udp4, inet6)", syscall(SYS_sendto, u, "x", 1, 0, &in6, sizeof(in6)));
	CALL("sendto(udp4, family 0x7fff)", syscall(SYS_sendto, u, "x", 1, 0, &odd, sizeof(struct sockaddr_in)));
	CALL("connect(unix, inet)", syscall(SYS_connect, x, &tcp_addr, sizeof(tcp_addr)));
	CALL("bind(unix, inet)", syscall(SYS_bind, x, &tcp_addr, sizeof(tcp_addr)));
	CALL("socket(AF_PACKET)", syscall(SYS_socket, AF_PACKET, SOCK_RAW, 0));
	close(t);
	close(u);
	close(x);
}

static void cases_connected(void)
{
	int t = must_socket(AF_INET, SOCK_STREAM);
	int u = must_socket(AF_INET, SOCK_DGRAM);
	int n = must_socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK);
	int e = 0;
	socklen_t len = sizeof(e);

	CALL("connect(tcp)", syscall(SYS_connect, t, &tcp_addr, sizeof(tcp_addr)));
	CALL("connect(tcp) again", syscall(SYS_connect, t, &tcp_addr, sizeof(tcp_addr)));
	CALL("connect(tcp, AF_UNSPEC)", syscall(SYS_connect, t, &(struct sockaddr){ .sa_family = AF_UNSPEC },
					       sizeof(struct sockaddr)));
	CALL("connect(udp)", syscall(SYS_connect, u, &udp_addr, sizeof(udp_addr)));
	CALL("connect(udp) again", syscall(SYS_connect, u, &udp_addr, sizeof(udp_addr)));
	/* A port nobody listens on: the server's, once closed. */
	int gone = must_socket(AF_INET, SOCK_STREAM);
	struct sockaddr_in free_addr = loopback();
	len = sizeof(free_addr);
	must(bind(gone, (struct sockaddr *)&free_addr, sizeof(free_addr)), "bind gone");
	must(getsockname(gone, (struct sockaddr *)&free_addr, &len), "getsockname gone");
	close(gone);
	CALL("connect(tcp nonblocking, nobody)", syscall(SYS_connect, n, &free_addr, sizeof(free_addr)));
	len = sizeof(e);
	getsockopt(n, SOL_SOCKET, SO_ERROR, &e, &len);
	line("SO_ERROR = %s", e ? err_name(e) : "0");
	CALL("connect(tcp nonblocking, nobody) again", syscall(SYS_connect, n, &free_addr, sizeof(free_addr)));
	close(t);
	close(u);
	close(n);
}

static void on_alarm(int sig)
{
	(void)sig;
}

/* A blocking connect to `full` that SIGALRM interrupts 100 ms on (its
 * handler with SA_RESTART or not: with SO_SNDTIMEO it is EINTR either
 * way), then what the socket says. */
static void interrupted_connect(const struct sockaddr_in *full, bool restart, bool send_timeout)
{
	struct sigaction sa = { .sa_handler = on_alarm, .sa_flags = restart ? SA_RESTART : 0 };
	struct itimerval in_100ms = { .it_value = { 0, 100 * 1000 } };
	struct timeval five_s = { 5, 0 };
	char what[CALL_LINES_BUF];
	int e = 0;
	socklen_t len = sizeof(e);
	int s = must_socket(AF_INET, SOCK_STREAM);

	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
	if (send_timeout)
		must(setsockopt(s, SOL_SOCKET, SO_SNDTIMEO, &five_s, sizeof(five_s)), "SO_SNDTIMEO");
	setitimer(ITIMER_REAL, &in_100ms, NULL);
	snprintf(what, sizeof(what), "connect(full backlog, %s%s) with SIGALRM", restart ? "SA_RESTART" : "no SA_RESTART",
		 send_timeout ? ", SO_SNDTIMEO" : "");
	CALL(what, syscall(SYS_connect, s, full, sizeof(*full)));
	getsockopt(s, SOL_SOCKET, SO_ERROR, &e, &len);
	line("SO_ERROR = %s", e ? err_name(e) : "0");
	must(fcntl(s, F_SETFL, O_NONBLOCK), "O_NONBLOCK");
	CALL("connect again, non-blocking", syscall(SYS_connect, s, full, sizeof(*full)));
	close(s);
}

static void cases_interrupted(void)
{
	struct sockaddr_in full = loopback();
	socklen_t len = sizeof(full);
	int srv = must_socket(AF_INET, SOCK_STREAM);
	int held[4];

	must(bind(srv, (struct sockaddr *)&full, sizeof(full)), "bind full");
	must(listen(srv, 0), "listen full");
	must(getsockname(srv, (struct sockaddr *)&full, &len), "getsockname full");
	for (int i = 0; i < 4; i++) {
		held[i] = must_socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK);
		connect(held[i], (struct sockaddr *)&full, sizeof(full));
	}
	usleep(100 * 1000);
	interrupted_connect(&full, false, false);
	interrupted_connect(&full, true, true);
	interrupted_connect(&full, false, true);
	for (int i = 0; i < 4; i++)
		close(held[i]);
	close(srv);
}

static void cases_unix_paths(const char *dir)
{
	char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
	socklen_t len;
	int listener = must_socket(AF_UNIX, SOCK_STREAM);
	struct sockaddr_un un;
	static const char *const names[] = { "d", "d/", "d//", "f", "f/", "f/x", "missing", "missing/", "missing/x",
					     "s", "s/", "" };

	snprintf(path, sizeof(path), "%s/s", dir);
	un = unix_address(path, &len);
	must(bind(listener, (struct sockaddr *)&un, len), "bind unix listener");
	must(listen(listener, 64), "listen unix");
	snprintf(path, sizeof(path), "%s/d", dir);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/f", dir);
	write_file(path, "f");
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char what[CALL_LINES_BUF];
		int x = must_socket(AF_UNIX, SOCK_STREAM);
		int g = must_socket(AF_UNIX, SOCK_DGRAM);
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		un = unix_address(path, &len);
		snprintf(what, sizeof(what), "connect(unix, \"DIR/%s\")", names[i]);
		CALL(what, syscall(SYS_connect, x, &un, len));
		snprintf(what, sizeof(what), "sendto(unix dgram, \"DIR/%s\")", names[i]);
		CALL(what, syscall(SYS_sendto, g, "x", 1, 0, &un, len));
		close(x);
		x = must_socket(AF_UNIX, SOCK_STREAM);
		snprintf(what, sizeof(what), "bind(unix, \"DIR/%s\")", names[i]);
		CALL(what, syscall(SYS_bind, x, &un, len));
		close(x);
		close(g);
	}
	snprintf(path, sizeof(path), "%s/s", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/f", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/missing", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/d", dir);
	rmdir(path);
	close(listener);
}

/* A unix address longer than a struct sockaddr_un (110 bytes) is
 * refused (EINVAL, unix_validate_addr), whatever path it holds: one of
 * 111 to 128 bytes fits a sockaddr_storage and is copied whole. */
static void cases_unix_long_addresses(const char *dir)
{
	char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
	struct sockaddr_storage ss;
	socklen_t len;
	int listener = must_socket(AF_UNIX, SOCK_STREAM);
	int receiver = must_socket(AF_UNIX, SOCK_DGRAM);
	struct sockaddr_un un;

	snprintf(path, sizeof(path), "%s/s", dir);
	un = unix_address(path, &len);
	must(bind(listener, (struct sockaddr *)&un, len), "bind unix listener");
	must(listen(listener, 64), "listen unix");
	snprintf(path, sizeof(path), "%s/g", dir);
	un = unix_address(path, &len);
	must(bind(receiver, (struct sockaddr *)&un, len), "bind unix receiver");
	static const socklen_t lengths[] = { sizeof(struct sockaddr_un), sizeof(struct sockaddr_un) + 1,
					     sizeof(struct sockaddr_storage) };
	for (size_t i = 0; i < sizeof(lengths) / sizeof(lengths[0]); i++) {
		char what[CALL_LINES_BUF];
		int x = must_socket(AF_UNIX, SOCK_STREAM);
		int g = must_socket(AF_UNIX, SOCK_DGRAM);
		memset(&ss, 0, sizeof(ss));
		snprintf(path, sizeof(path), "%s/s", dir);
		un = unix_address(path, &len);
		memcpy(&ss, &un, sizeof(un));
		snprintf(what, sizeof(what), "connect(unix, \"DIR/s\", %u)", (unsigned)lengths[i]);
		CALL(what, syscall(SYS_connect, x, &ss, lengths[i]));
		snprintf(path, sizeof(path), "%s/g", dir);
		un = unix_address(path, &len);
		memcpy(&ss, &un, sizeof(un));
		snprintf(what, sizeof(what), "sendto(unix dgram, \"DIR/g\", %u)", (unsigned)lengths[i]);
		CALL(what, syscall(SYS_sendto, g, "x", 1, 0, &ss, lengths[i]));
		struct iovec iov = { .iov_base = "x", .iov_len = 1 };
		struct msghdr mh = { .msg_name = &ss, .msg_namelen = lengths[i], .msg_iov = &iov, .msg_iovlen = 1 };
		snprintf(what, sizeof(what), "sendmsg(unix dgram, \"DIR/g\", %u)", (unsigned)lengths[i]);
		CALL(what, syscall(SYS_sendmsg, g, &mh, 0));
		close(x);
		x = must_socket(AF_UNIX, SOCK_STREAM);
		snprintf(path, sizeof(path), "%s/b", dir);
		un = unix_address(path, &len);
		memcpy(&ss, &un, sizeof(un));
		snprintf(what, sizeof(what), "bind(unix, \"DIR/b\", %u)", (unsigned)lengths[i]);
		CALL(what, syscall(SYS_bind, x, &ss, lengths[i]));
		unlink(path);
		close(x);
		close(g);
	}
	char buf[8];
	int n = 0;
	while (recv(receiver, buf, sizeof(buf), MSG_DONTWAIT) >= 0)
		n++;
	line("unix long addresses: receiver got %d", n);
	snprintf(path, sizeof(path), "%s/s", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/g", dir);
	unlink(path);
	close(listener);
	close(receiver);
}

/* sendmsg with SCM_CREDENTIALS on a connected unix socket, claiming
 * `pid`, `uid` and `gid`; then whether the peer got it. */
static void send_credentials(const char *what, int from, int to, pid_t pid, uid_t uid, gid_t gid)
{
	struct ucred cred = { .pid = pid, .uid = uid, .gid = gid };
	union {
		char buf[CMSG_SPACE(sizeof(struct ucred))];
		struct cmsghdr align;
	} control;
	struct iovec iov = { .iov_base = "x", .iov_len = 1 };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.buf,
			     .msg_controllen = sizeof(control.buf) };
	struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
	char buf[8];

	memset(&control, 0, sizeof(control));
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_CREDENTIALS;
	c->cmsg_len = CMSG_LEN(sizeof(cred));
	memcpy(CMSG_DATA(c), &cred, sizeof(cred));
	CALL(what, syscall(SYS_sendmsg, from, &mh, 0));
	line("%s: peer got %s", what, recv(to, buf, sizeof(buf), MSG_DONTWAIT) == 1 ? "it" : "nothing");
}

/* The kernel lets a sender claim its own pid and ids, and refuses others
 * (EPERM) unless it has CAP_SYS_ADMIN or CAP_SETUID, and ids its user
 * namespace does not map (EINVAL). */
static void cases_credentials(void)
{
	int sv[2];
	int on = 1;

	must(socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, sv), "socketpair");
	must(setsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &on, sizeof(on)), "SO_PASSCRED");
	send_credentials("SCM_CREDENTIALS(own)", sv[0], sv[1], getpid(), getuid(), getgid());
	send_credentials("SCM_CREDENTIALS(own, effective ids)", sv[0], sv[1], getpid(), geteuid(), getegid());
	send_credentials("SCM_CREDENTIALS(pid 1)", sv[0], sv[1], 1, getuid(), getgid());
	send_credentials("SCM_CREDENTIALS(pid 0)", sv[0], sv[1], 0, getuid(), getgid());
	send_credentials("SCM_CREDENTIALS(own, uid -1)", sv[0], sv[1], getpid(), (uid_t)-1, getgid());
	send_credentials("SCM_CREDENTIALS(pid 1, gid -1)", sv[0], sv[1], 1, getuid(), (gid_t)-1);
	close(sv[0]);
	close(sv[1]);
}

/* A message of `iovlen` iovecs to the UDP server (`to` NULL: none) with
 * `controllen` bytes of control data at `control`. */
static struct msghdr message(struct sockaddr_in *to, struct iovec *iov, size_t iovlen, void *control,
			     size_t controllen)
{
	struct msghdr mh = { .msg_name = to, .msg_namelen = to ? sizeof(*to) : 0, .msg_iov = iov,
			     .msg_iovlen = iovlen, .msg_control = control, .msg_controllen = controllen };

	return mh;
}

/* SCM_RIGHTS of `n` copies of `fd` in `buf` (room for 254): its length. */
static size_t rights(char *buf, int fd, size_t n)
{
	struct cmsghdr *c = (struct cmsghdr *)(void *)buf;

	memset(buf, 0, CMSG_SPACE(n * sizeof(int)));
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(n * sizeof(int));
	for (size_t i = 0; i < n; i++)
		memcpy(CMSG_DATA(c) + i * sizeof(int), &fd, sizeof(int));
	return CMSG_SPACE(n * sizeof(int));
}

/* Only a unix socket passes fds: TCP and UDP ignore SCM_RIGHTS, whatever
 * fds it names and however many; a unix socket refuses more than 253
 * (SCM_MAX_FD, EINVAL) before it looks at any of them. */
static void cases_rights_elsewhere(void)
{
	union {
		char buf[CMSG_SPACE(254 * sizeof(int))];
		struct cmsghdr align;
	} control;
	struct iovec iov = { .iov_base = "x", .iov_len = 1 };
	int u = must_socket(AF_INET, SOCK_DGRAM);
	struct msghdr mh = message(&udp_addr, &iov, 1, control.buf, rights(control.buf, -1, 1));

	CALL("sendmsg(udp, SCM_RIGHTS(-1))", syscall(SYS_sendmsg, u, &mh, 0));
	mh.msg_controllen = rights(control.buf, NO_FD, 1);
	CALL("sendmsg(udp, SCM_RIGHTS(no fd))", syscall(SYS_sendmsg, u, &mh, 0));
	mh.msg_controllen = rights(control.buf, 0, 254);
	CALL("sendmsg(udp, SCM_RIGHTS(254 fds))", syscall(SYS_sendmsg, u, &mh, 0));
	mh.msg_controllen = rights(control.buf, u, 1);
	CALL("sendmsg(udp, SCM_RIGHTS(itself))", syscall(SYS_sendmsg, u, &mh, 0));
	udp_received("udp SCM_RIGHTS");
	close(u);

	int t = must_socket(AF_INET, SOCK_STREAM);
	must(connect(t, (struct sockaddr *)&tcp_addr, sizeof(tcp_addr)), "connect tcp");
	mh = message(NULL, &iov, 1, control.buf, rights(control.buf, -1, 1));
	CALL("sendmsg(tcp, SCM_RIGHTS(-1))", syscall(SYS_sendmsg, t, &mh, 0));
	close(t);

	int sv[2];
	must(socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, sv), "socketpair");
	mh = message(NULL, &iov, 1, control.buf, rights(control.buf, -1, 254));
	CALL("sendmsg(unix, SCM_RIGHTS(254 x -1))", syscall(SYS_sendmsg, sv[0], &mh, 0));
	mh.msg_controllen = rights(control.buf, -1, 1);
	CALL("sendmsg(unix, SCM_RIGHTS(-1))", syscall(SYS_sendmsg, sv[0], &mh, 0));
	close(sv[0]);
	close(sv[1]);
}

/* The kernel reads a message in this order: the iovecs (a length
 * negative as a ssize_t is EINVAL, then a range past the user address
 * space EFAULT; a sum past MAX_RW_COUNT is cut, not refused), the size
 * of the control data (ENOBUFS past net.core.optmem_max), the control
 * data (EFAULT), and only then the protocol checks the control messages
 * (EINVAL) and copies the payload (EFAULT).  sendto checks its buffer
 * even before the fd. */
static void cases_message_order(void)
{
	_Alignas(struct cmsghdr) char zero_len[CMSG_SPACE(sizeof(int))] = { 0 };
	struct iovec bad_payload = { .iov_base = BAD_POINTER, .iov_len = 1 };
	/* Past the top of any user address space, without wrapping. */
	void *top = (void *)(~0UL - 4096);
	struct iovec past_top = { .iov_base = top, .iov_len = 16 };
	struct iovec huge[2] = { { "a", SSIZE_MAX }, { "b", 2 } };
	int u = must_socket(AF_INET, SOCK_DGRAM);
	struct msghdr mh = message(&udp_addr, BAD_POINTER, 1, zero_len, sizeof(zero_len));

	CALL("sendmsg(udp, bad iov pointer, cmsg_len 0)", syscall(SYS_sendmsg, u, &mh, 0));
	mh.msg_iov = &past_top;
	CALL("sendmsg(udp, iov past the top, cmsg_len 0)", syscall(SYS_sendmsg, u, &mh, 0));
	mh.msg_iov = &bad_payload;
	CALL("sendmsg(udp, bad payload, cmsg_len 0)", syscall(SYS_sendmsg, u, &mh, 0));
	mh = message(&udp_addr, BAD_POINTER, 1, BAD_POINTER, 8 << 20);
	CALL("sendmsg(udp, bad iov pointer, bad control of 8 MiB)", syscall(SYS_sendmsg, u, &mh, 0));
	mh.msg_iov = &bad_payload;
	CALL("sendmsg(udp, bad payload, bad control of 8 MiB)", syscall(SYS_sendmsg, u, &mh, 0));
	mh.msg_controllen = 1UL << 31;
	CALL("sendmsg(udp, bad payload, bad control of 2 GiB)", syscall(SYS_sendmsg, u, &mh, 0));
	mh = message(&udp_addr, huge, 2, NULL, 0);
	CALL("sendmsg(udp, {\"a\", SSIZE_MAX}, {\"b\", 2})", syscall(SYS_sendmsg, u, &mh, 0));
	huge[0].iov_len = 1;
	huge[1].iov_len = SSIZE_MAX;
	CALL("sendmsg(udp, {\"a\", 1}, {\"b\", SSIZE_MAX})", syscall(SYS_sendmsg, u, &mh, 0));
	huge[0].iov_len = SSIZE_MAX;
	huge[1].iov_len = SIZE_MAX;
	CALL("sendmsg(udp, {\"a\", SSIZE_MAX}, {\"b\", SIZE_MAX})", syscall(SYS_sendmsg, u, &mh, 0));
	huge[0].iov_len = huge[1].iov_len = 1UL << 40;
	CALL("sendmsg(udp, {\"a\", 1 TiB}, {\"b\", 1 TiB})", syscall(SYS_sendmsg, u, &mh, 0));
	CALL("sendto(no fd, past the top, 16)", syscall(SYS_sendto, NO_FD, top, 16, 0, &udp_addr, sizeof(udp_addr)));
	CALL("sendto(udp, past the top, 16)", syscall(SYS_sendto, u, top, 16, 0, &udp_addr, sizeof(udp_addr)));
	CALL("sendto(udp, \"a\", SSIZE_MAX)", syscall(SYS_sendto, u, "a", SSIZE_MAX, 0, &udp_addr, sizeof(udp_addr)));
	udp_received("message order");
	close(u);
}

/* Malformed control data (a cmsg_len of 0) is the protocol's to refuse,
 * in its own order: UDP checks the length, the flags and the address
 * first, TCP whether it is connected; a unix socket the control data
 * before anything (scm_send). */
static void cases_control_order(void)
{
	static char big[300000];
	_Alignas(struct cmsghdr) char zero_len[CMSG_SPACE(sizeof(int))] = { 0 };
	struct iovec iov = { .iov_base = big, .iov_len = 70000 };
	struct sockaddr_in6 in6 = { .sin6_family = AF_INET6, .sin6_port = udp_addr.sin_port,
				    .sin6_addr = IN6ADDR_LOOPBACK_INIT };
	int u = must_socket(AF_INET, SOCK_DGRAM);
	struct msghdr mh = message(&udp_addr, &iov, 1, zero_len, sizeof(zero_len));

	CALL("sendmsg(udp, 70000 bytes, cmsg_len 0)", syscall(SYS_sendmsg, u, &mh, 0));
	iov.iov_len = 1;
	CALL("sendmsg(udp, MSG_OOB, cmsg_len 0)", syscall(SYS_sendmsg, u, &mh, MSG_OOB));
	CALL("sendmsg(udp, cmsg_len 0)", syscall(SYS_sendmsg, u, &mh, 0));
	mh.msg_name = &in6;
	mh.msg_namelen = sizeof(in6);
	CALL("sendmsg(udp, an IPv6 address, cmsg_len 0)", syscall(SYS_sendmsg, u, &mh, 0));
	mh = message(NULL, &iov, 1, zero_len, sizeof(zero_len));
	CALL("sendmsg(udp, no address, cmsg_len 0)", syscall(SYS_sendmsg, u, &mh, 0));
	udp_received("control order");
	close(u);

	int t = must_socket(AF_INET, SOCK_STREAM);
	CALL("sendmsg(tcp, not connected, cmsg_len 0)", syscall(SYS_sendmsg, t, &mh, 0));
	must(connect(t, (struct sockaddr *)&tcp_addr, sizeof(tcp_addr)), "connect tcp");
	CALL("sendmsg(tcp, cmsg_len 0)", syscall(SYS_sendmsg, t, &mh, 0));
	close(t);

	int sv[2];
	must(socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, sv), "socketpair");
	iov.iov_len = sizeof(big);
	CALL("sendmsg(unix dgram, 300000 bytes, cmsg_len 0)", syscall(SYS_sendmsg, sv[0], &mh, 0));
	close(sv[0]);
	close(sv[1]);
}

/* Control data up to net.core.optmem_max (128 KiB by default) is the
 * kernel's to take; past it ENOBUFS.  One message of a level no
 * protocol reads fills it. */
static void cases_control_sizes(void)
{
	static const size_t sizes[] = { 16 << 10, 64 << 10, 8 << 20 };
	struct iovec iov = { .iov_base = "x", .iov_len = 1 };
	int u = must_socket(AF_INET, SOCK_DGRAM);

	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		char what[CALL_LINES_BUF];
		struct cmsghdr *c = calloc(1, sizes[i]);
		if (c == NULL) {
			fprintf(stderr, "netparity: out of memory\n");
			exit(2);
		}
		c->cmsg_level = 0x7fff;
		c->cmsg_len = sizes[i];
		struct msghdr mh = message(&udp_addr, &iov, 1, c, sizes[i]);
		snprintf(what, sizeof(what), "sendmsg(udp, control of %zu KiB)", sizes[i] >> 10);
		CALL(what, syscall(SYS_sendmsg, u, &mh, 0));
		free(c);
	}
	udp_received("control sizes");
	close(u);
}

/* `len` bytes whose first `readable` are mapped and the rest not, as a
 * buffer that runs into a page the program gave up. */
static char *partly_mapped(size_t len, size_t readable)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	size_t head = (readable + page - 1) / page * page;
	char *map = mmap(NULL, head + len + page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (map == MAP_FAILED || mprotect(map + head, len + page, PROT_NONE) < 0) {
		fprintf(stderr, "netparity: cannot map a buffer\n");
		exit(2);
	}
	memset(map, 'p', head);
	return map + head - readable;
}

/* A payload or control data that runs into an unmapped page: the
 * kernel checks what it can before it copies (a datagram's length,
 * EMSGSIZE; the control data's size against net.core.optmem_max,
 * ENOBUFS), and a stream sends the bytes it copied before the fault. */
static void cases_partly_unmapped(void)
{
	static const size_t udp_sizes[] = { 1000, 65507, 65508, 70000, 300000 };
	struct iovec iov[2] = { { .iov_base = "x", .iov_len = 1 } };
	char what[CALL_LINES_BUF];
	int u = must_socket(AF_INET, SOCK_DGRAM);

	for (size_t i = 0; i < sizeof(udp_sizes) / sizeof(udp_sizes[0]); i++) {
		size_t n = udp_sizes[i];
		snprintf(what, sizeof(what), "sendto(udp, %zu bytes, 100 mapped)", n);
		CALL(what, syscall(SYS_sendto, u, partly_mapped(n, 100), n, 0, &udp_addr, sizeof(udp_addr)));
		iov[1].iov_base = partly_mapped(n, 0);
		iov[1].iov_len = n - 1;
		struct msghdr mh = message(&udp_addr, iov, 2, NULL, 0);
		snprintf(what, sizeof(what), "sendmsg(udp, {\"x\", 1}, {unmapped, %zu})", n - 1);
		CALL(what, syscall(SYS_sendmsg, u, &mh, 0));
	}
	static const size_t control_sizes[] = { 1 << 10, 64 << 10, 512 << 10 };
	for (size_t i = 0; i < sizeof(control_sizes) / sizeof(control_sizes[0]); i++) {
		size_t n = control_sizes[i];
		struct msghdr mh = message(&udp_addr, iov, 1, partly_mapped(n, 0), n);
		snprintf(what, sizeof(what), "sendmsg(udp, unmapped control of %zu KiB)", n >> 10);
		CALL(what, syscall(SYS_sendmsg, u, &mh, 0));
	}
	udp_received("partly unmapped");
	close(u);

	int t = must_socket(AF_INET, SOCK_STREAM);
	must(connect(t, (struct sockaddr *)&tcp_addr, sizeof(tcp_addr)), "connect tcp");
	CALL("send(tcp, 8192 bytes, 100 mapped)", syscall(SYS_sendto, t, partly_mapped(8192, 100), 8192, 0, NULL, 0));
	CALL("sendto(tcp, 8192 bytes, 100 mapped, &addr)",
	     syscall(SYS_sendto, t, partly_mapped(8192, 100), 8192, 0, &tcp_addr, sizeof(tcp_addr)));
	iov[1].iov_base = partly_mapped(8192, 0);
	iov[1].iov_len = 8192;
	struct msghdr mh = message(NULL, iov, 2, NULL, 0);
	CALL("sendmsg(tcp, {\"x\", 1}, {unmapped, 8192})", syscall(SYS_sendmsg, t, &mh, 0));
	close(t);

	int sv[2];
	must(socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, sv), "socketpair");
	mh = message(NULL, iov, 2, NULL, 0);
	CALL("sendmsg(unix dgram, {\"x\", 1}, {unmapped, 8192})", syscall(SYS_sendmsg, sv[0], &mh, 0));
	iov[1].iov_len = 300000;
	iov[1].iov_base = partly_mapped(300000, 0);
	CALL("sendmsg(unix dgram, {\"x\", 1}, {unmapped, 300000})", syscall(SYS_sendmsg, sv[0], &mh, 0));
	close(sv[0]);
	close(sv[1]);
	must(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), "socketpair");
	iov[1].iov_len = 8192;
	CALL("sendmsg(unix stream, {\"x\", 1}, {unmapped, 8192})", syscall(SYS_sendmsg, sv[0], &mh, 0));
	close(sv[0]);
	close(sv[1]);
}

/* sendmmsg: what was sent counts, the first failure ends it. */
static void cases_sendmmsg(void)
{
	struct iovec good = { .iov_base = "x", .iov_len = 1 }, bad = { .iov_base = BAD_POINTER, .iov_len = 1 };
	struct sockaddr_in short_addr = udp_addr;
	struct mmsghdr v[3];
	int u = must_socket(AF_INET, SOCK_DGRAM);

	memset(v, 0, sizeof(v));
	for (int i = 0; i < 3; i++) {
		v[i].msg_hdr.msg_name = &udp_addr;
		v[i].msg_hdr.msg_namelen = sizeof(udp_addr);
		v[i].msg_hdr.msg_iov = &good;
		v[i].msg_hdr.msg_iovlen = 1;
	}
	CALL("sendmmsg(3 good)", syscall(SYS_sendmmsg, u, v, 3, 0));
	line("msg_len = %u %u %u", v[0].msg_len, v[1].msg_len, v[2].msg_len);
	udp_received("3 good");
	v[1].msg_hdr.msg_iov = &bad;
	CALL("sendmmsg(second payload bad)", syscall(SYS_sendmmsg, u, v, 3, 0));
	udp_received("second payload bad");
	v[0].msg_hdr.msg_iov = &bad;
	CALL("sendmmsg(first payload bad)", syscall(SYS_sendmmsg, u, v, 3, 0));
	v[0].msg_hdr.msg_iov = v[1].msg_hdr.msg_iov = &good;
	v[1].msg_hdr.msg_name = &short_addr;
	v[1].msg_hdr.msg_namelen = 4;
	CALL("sendmmsg(second address short)", syscall(SYS_sendmmsg, u, v, 3, 0));
	udp_received("second address short");
	v[1].msg_hdr.msg_name = BAD_POINTER;
	v[1].msg_hdr.msg_namelen = sizeof(udp_addr);
	CALL("sendmmsg(second address bad)", syscall(SYS_sendmmsg, u, v, 3, 0));
	udp_received("second address bad");
	v[1].msg_hdr.msg_name = &udp_addr;
	CALL("sendmmsg(vector bad)", syscall(SYS_sendmmsg, u, BAD_POINTER, 3, 0));
	CALL("sendmmsg(vlen 0)", syscall(SYS_sendmmsg, u, BAD_POINTER, 0, 0));
	close(u);
}

static void run_cases(const char *dir)
{
	cases_empty_address();
	cases_order();
	cases_families();
	cases_connected();
	cases_interrupted();
	cases_unix_paths(dir);
	cases_unix_long_addresses(dir);
	cases_credentials();
	cases_rights_elsewhere();
	cases_message_order();
	cases_control_order();
	cases_control_sizes();
	cases_partly_unmapped();
	cases_sendmmsg();
}

static void *idle(void *arg)
{
	(void)arg;
	for (;;)
		pause();
	return NULL;
}

int main(int argc, char *argv[])
{
	pthread_t t;

	if (argc != 2) {
		fprintf(stderr, "usage: netparity DIR\n");
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	servers();
	line("# alone");
	run_cases(argv[1]);
	if (pthread_create(&t, NULL, idle, NULL) != 0) {
		fprintf(stderr, "netparity: cannot start a thread\n");
		return 2;
	}
	line("# a second thread shares the fd table");
	run_cases(argv[1]);
	return 0;
}
