/* The floors of this machine, so that bench/run can show how far
 * sentry-run is above what no seccomp sandbox can beat here:
 *   floor notify N       one notification round trip with the least
 *                        possible supervisor (receive, continue);
 *   floor notify-sync N  the same with SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP;
 *   floor uname N        uname served as the design prescribes and
 *                        nothing more (SYNC_WAKE_UP): receive, check the
 *                        call alive (SECCOMP_IOCTL_NOTIF_ID_VALID), write
 *                        the answer into the program (process_vm_writev),
 *                        reply; the floor of the uname row;
 *   floor filter N       getpid under a one-instruction ALLOW filter:
 *                        the cost of having a seccomp filter at all;
 *   floor open N         openat+close of /etc/passwd, the openat notified
 *                        and served as the design prescribes, with nothing
 *                        else: the supervisor (SYNC_WAKE_UP) copies the
 *                        path, a second process opens it and passes the fd
 *                        back over SOCK_SEQPACKET, the supervisor injects it
 *                        with ADDFD_FLAG_SEND; each side polls (yielding)
 *                        while it waits, as sentry-run does.  No policy, no
 *                        resolution, no checks: the floor of the design. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef SECCOMP_IOCTL_NOTIF_SET_FLAGS
#define SECCOMP_IOCTL_NOTIF_SET_FLAGS SECCOMP_IOW(4, __u64)
#endif
#ifndef SECCOMP_ADDFD_FLAG_SEND
#define SECCOMP_ADDFD_FLAG_SEND (1UL << 1)
#endif
#ifndef SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP
#define SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP 1
#endif

static double elapsed_ns(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) * 1e9 + (double)(b->tv_nsec - a->tv_nsec);
}

static int filter_floor(long n)
{
	struct sock_filter f[] = { BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW) };
	struct sock_fprog prog = { 1, f };
	struct timespec a, b;

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
	    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) < 0)
		return 1;
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (long i = 0; i < n; i++)
		syscall(SYS_getpid);
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("%.1f\n", elapsed_ns(&a, &b) / (double)n);
	return 0;
}

/* Wait for a message without sleeping, as sentry-run's Sentry and
 * Gofer do between the requests of a burst. */
static void poll_readable(int sock)
{
	char byte;

	while (recv(sock, &byte, 1, MSG_PEEK | MSG_DONTWAIT) < 0)
		sched_yield();
}

/* The second process: opens each path it is sent, read-only, and sends
 * the fd back (or nothing but a byte when the open fails). */
static int start_opener(void)
{
	int sp[2];

	if (socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sp) < 0)
		return -1;
	if (fork() == 0) {
		char path[4096];
		close(sp[0]);
		for (;;) {
			poll_readable(sp[1]);
			ssize_t len = recv(sp[1], path, sizeof(path) - 1, 0);
			if (len <= 0)
				_exit(0);
			path[len] = '\0';
			int f = open(path, O_RDONLY | O_CLOEXEC);
			union {
				char buf[CMSG_SPACE(sizeof(int))];
				struct cmsghdr align;
			} control;
			char status = f < 0 ? 'E' : 'F';
			struct iovec iov = { &status, 1 };
			struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
			if (f >= 0) {
				msg.msg_control = control.buf;
				msg.msg_controllen = sizeof(control.buf);
				struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
				c->cmsg_level = SOL_SOCKET;
				c->cmsg_type = SCM_RIGHTS;
				c->cmsg_len = CMSG_LEN(sizeof(int));
				memcpy(CMSG_DATA(c), &f, sizeof(int));
			}
			if (sendmsg(sp[1], &msg, 0) < 0)
				_exit(1);
			if (f >= 0)
				close(f);
		}
	}
	close(sp[1]);
	return sp[0];
}

/* One notified openat: copy the path, have the opener open it, inject. */
static int serve_open(int listener, int peer, pid_t pid, const struct seccomp_notif *req)
{
	char path[4096];
	struct iovec local = { path, sizeof(path) };
	struct iovec remote = { (void *)(uintptr_t)req->data.args[1], sizeof(path) };
	ssize_t got = process_vm_readv(pid, &local, 1, &remote, 1, 0);

	if (got <= 0 || memchr(path, '\0', (size_t)got) == NULL)
		return -1;
	if (send(peer, path, strlen(path), 0) < 0)
		return -1;
	poll_readable(peer);
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} control;
	char status;
	struct iovec iov = { &status, 1 };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.buf,
			      .msg_controllen = sizeof(control.buf) };
	if (recvmsg(peer, &msg, MSG_CMSG_CLOEXEC) <= 0 || status != 'F')
		return -1;
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
	if (c == NULL || c->cmsg_type != SCM_RIGHTS)
		return -1;
	int f;
	memcpy(&f, CMSG_DATA(c), sizeof(int));
	struct seccomp_notif_addfd addfd = {
		.id = req->id,
		.flags = SECCOMP_ADDFD_FLAG_SEND,
		.srcfd = (unsigned)f,
		.newfd_flags = O_CLOEXEC,
	};
	int rc = ioctl(listener, SECCOMP_IOCTL_NOTIF_ADDFD, &addfd);
	close(f);
	return rc < 0 ? -1 : 0;
}

/* One notified uname: the answer written into the caller once it is
 * known to be alive, then the reply. */
static int serve_uname(int listener, pid_t pid, const struct seccomp_notif *req, const struct utsname *u)
{
	struct iovec local = { (void *)u, sizeof(*u) };
	struct iovec remote = { (void *)(uintptr_t)req->data.args[0], sizeof(*u) };
	__u64 id = req->id;
	struct seccomp_notif_resp resp;

	if (ioctl(listener, SECCOMP_IOCTL_NOTIF_ID_VALID, &id) < 0 ||
	    process_vm_writev(pid, &local, 1, &remote, 1, 0) != (ssize_t)sizeof(*u))
		return -1;
	memset(&resp, 0, sizeof(resp));
	resp.id = req->id;
	return ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, &resp);
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "notify";
	long n = argc > 2 ? atol(argv[2]) : 100000;
	int sp[2];

	if (strcmp(mode, "filter") == 0)
		return filter_floor(n);
	bool open_mode = strcmp(mode, "open") == 0;
	bool uname_mode = strcmp(mode, "uname") == 0;
	if (strcmp(mode, "notify") != 0 && strcmp(mode, "notify-sync") != 0 && !open_mode && !uname_mode) {
		fprintf(stderr, "usage: floor notify|notify-sync|uname|open|filter N\n");
		return 2;
	}
	long nr = open_mode ? __NR_openat : uname_mode ? __NR_uname : __NR_getppid;
	struct utsname answer;
	if (uname_mode && uname(&answer) < 0)
		return 1;
	int peer = -1;
	if (open_mode && (peer = start_opener()) < 0)
		return 1;

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sp) < 0)
		return 1;
	pid_t pid = fork();
	if (pid == 0) {
		struct sock_filter f[] = {
			BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
			BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned)nr, 0, 1),
			BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF),
			BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		};
		struct sock_fprog prog = { 4, f };
		struct timespec a, b;
		prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
		int fd = (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_NEW_LISTENER, &prog);
		char ack;
		/* Keep the listener until the supervisor holds its own copy:
		 * without one, notified calls fail at once with ENOSYS. */
		if (fd < 0 || write(sp[1], &fd, sizeof(fd)) != sizeof(fd) || read(sp[1], &ack, 1) != 1)
			_exit(1);
		close(fd);
		clock_gettime(CLOCK_MONOTONIC, &a);
		for (long i = 0; i < n; i++) {
			if (open_mode) {
				int f = openat(AT_FDCWD, "/etc/passwd", O_RDONLY | O_CLOEXEC);
				if (f < 0)
					_exit(1);
				close(f);
			} else if (uname_mode) {
				struct utsname u;
				if (uname(&u) < 0)
					_exit(1);
			} else {
				syscall(__NR_getppid);
			}
		}
		clock_gettime(CLOCK_MONOTONIC, &b);
		printf("%.1f\n", elapsed_ns(&a, &b) / (double)n);
		fflush(stdout);
		_exit(0);
	}
	int remote;
	if (read(sp[0], &remote, sizeof(remote)) != sizeof(remote))
		return 1;
	int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	int fd = (int)syscall(SYS_pidfd_getfd, pidfd, remote, 0);
	if (fd < 0)
		return 1;
	if (strcmp(mode, "notify") != 0 &&
	    ioctl(fd, SECCOMP_IOCTL_NOTIF_SET_FLAGS, SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP, 0) < 0)
		return 1;
	if (write(sp[0], "A", 1) != 1)
		return 1;
	for (long i = 0; i < n; i++) {
		struct seccomp_notif req;
		struct seccomp_notif_resp resp;
		memset(&req, 0, sizeof(req));
		if (ioctl(fd, SECCOMP_IOCTL_NOTIF_RECV, &req) < 0)
			break;
		if (open_mode) {
			if (serve_open(fd, peer, pid, &req) < 0)
				break;
			continue;
		}
		if (uname_mode) {
			if (serve_uname(fd, pid, &req, &answer) < 0)
				break;
			continue;
		}
		memset(&resp, 0, sizeof(resp));
		resp.id = req.id;
		resp.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
		ioctl(fd, SECCOMP_IOCTL_NOTIF_SEND, &resp);
	}
	int status;
	waitpid(pid, &status, 0);
	return 0;
}
