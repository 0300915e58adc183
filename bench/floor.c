/* The floors of this machine, so that bench/run can show how far
 * sentry-run is above what no seccomp sandbox can beat here:
 *   floor notify N       one notification round trip with the least
 *                        possible supervisor (receive, continue);
 *   floor notify-sync N  the same with SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP;
 *   floor filter N       getpid under a one-instruction ALLOW filter:
 *                        the cost of having a seccomp filter at all. */
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef SECCOMP_IOCTL_NOTIF_SET_FLAGS
#define SECCOMP_IOCTL_NOTIF_SET_FLAGS SECCOMP_IOW(4, __u64)
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

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "notify";
	long n = argc > 2 ? atol(argv[2]) : 100000;
	int sp[2];

	if (strcmp(mode, "filter") == 0)
		return filter_floor(n);
	if (strcmp(mode, "notify") != 0 && strcmp(mode, "notify-sync") != 0) {
		fprintf(stderr, "usage: floor notify|notify-sync|filter N\n");
		return 2;
	}

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sp) < 0)
		return 1;
	pid_t pid = fork();
	if (pid == 0) {
		struct sock_filter f[] = {
			BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
			BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_getppid, 0, 1),
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
		for (long i = 0; i < n; i++)
			syscall(__NR_getppid);
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
	if (strcmp(mode, "notify-sync") == 0 &&
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
		memset(&resp, 0, sizeof(resp));
		resp.id = req.id;
		resp.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
		ioctl(fd, SECCOMP_IOCTL_NOTIF_SEND, &resp);
	}
	int status;
	waitpid(pid, &status, 0);
	return 0;
}
