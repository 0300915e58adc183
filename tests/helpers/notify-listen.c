/* A stand-in for systemd's notification socket: binds an AF_UNIX
 * datagram socket at PATH, with SO_PASSCRED as systemd sets it, and
 * prints each datagram as one line, "pid=PID MESSAGE" (the pid the
 * kernel vouches for; the message's newlines become spaces), followed by
 * " fds=N" when it carried fds.  Into each such fd it writes "X" before
 * closing it, as a token that it was the one received (a BARRIER=1
 * pipe's reader then reads it).  Stops after COUNT datagrams, or after
 * TIMEOUT_MS without one.
 *
 *     notify-listen PATH COUNT TIMEOUT_MS
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

/* Larger than what sentry-run forwards, so that a longer one would show. */
#define LISTEN_MESSAGE_MAX 8192
/* More fds than a message should carry, so that extra ones would show. */
#define LISTEN_FDS_MAX 8

int main(int argc, char *argv[])
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	int one = 1;
	int fd;

	if (argc != 4 || strlen(argv[1]) >= sizeof(addr.sun_path)) {
		fprintf(stderr, "usage: notify-listen PATH COUNT TIMEOUT_MS\n");
		return 2;
	}
	long count = strtol(argv[2], NULL, 10);
	int timeout_ms = (int)strtol(argv[3], NULL, 10);

	strcpy(addr.sun_path, argv[1]);
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_PASSCRED, &one, sizeof(one)) < 0 ||
	    bind(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
		perror("notify-listen: socket");
		return 1;
	}
	for (long got = 0; got < count; got++) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		char buf[LISTEN_MESSAGE_MAX + 1];
		union {
			char buf[CMSG_SPACE(sizeof(struct ucred)) + CMSG_SPACE(sizeof(int) * LISTEN_FDS_MAX)];
			struct cmsghdr align;
		} control;
		struct iovec iov = { .iov_base = buf, .iov_len = LISTEN_MESSAGE_MAX };
		struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1,
				      .msg_control = control.buf, .msg_controllen = sizeof(control.buf) };
		int pid = 0;
		size_t nfds = 0;

		if (poll(&pfd, 1, timeout_ms) <= 0)
			break;
		ssize_t n = recvmsg(fd, &msg, MSG_CMSG_CLOEXEC);
		if (n < 0) {
			perror("notify-listen: recvmsg");
			return 1;
		}
		for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c != NULL; c = CMSG_NXTHDR(&msg, c))
			if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_CREDENTIALS) {
				struct ucred cred;
				memcpy(&cred, CMSG_DATA(c), sizeof(cred));
				pid = (int)cred.pid;
			} else if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
				size_t k = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
				for (size_t i = 0; i < k; i++) {
					int got_fd;
					memcpy(&got_fd, CMSG_DATA(c) + i * sizeof(int), sizeof(int));
					/* A pipe's read end (an fd store's) takes none. */
					if (write(got_fd, "X", 1) < 0 && errno != EBADF)
						perror("notify-listen: write to a received fd");
					close(got_fd);
					nfds++;
				}
			}
		buf[n] = '\0';
		for (char *p = buf; (p = strchr(p, '\n')) != NULL; )
			*p = ' ';
		if (nfds > 0)
			printf("pid=%d %s fds=%zu\n", pid, buf, nfds);
		else
			printf("pid=%d %s\n", pid, buf);
		fflush(stdout);
	}
	unlink(argv[1]);
	return 0;
}
