/* Attacks on the sandbox, one per argument.  Each prints "blocked: ..."
 * and exits 0 when the kernel or the Sentry refuses it, or prints
 * "SUCCEEDED" and exits 1 when it went through (as it does on a bare
 * host with the privilege it needs: the tests check that too, so that
 * none of them can pass without the sandbox doing its job). */
#include <errno.h>
#include <fcntl.h>
#include <asm/ldt.h>
#include <linux/bpf.h>
#include <linux/io_uring.h>
#include <linux/perf_event.h>
#include <linux/filter.h>
#include <linux/mount.h>
#include <linux/netlink.h>
#include <linux/seccomp.h>
#include <linux/tty.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

static int result(long rc, const char *what)
{
	if (rc < 0) {
		printf("blocked: %s: %s\n", what, strerror(errno));
		return 0;
	}
	printf("SUCCEEDED: %s\n", what);
	return 1;
}

static int attack_int80(void)
{
	/* A 32-bit open("/etc/hostname", O_RDONLY) through int $0x80: the
	 * i386 table, where 5 is open.  The filter must kill us first. */
	/* The path must lie below 4 GiB for the 32-bit call to see it. */
	char *path = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
	long rc;
	if (path == MAP_FAILED)
		return result(-1, "mmap(MAP_32BIT)");
	strcpy(path, "/etc/hostname");
	__asm__ volatile("int $0x80" : "=a"(rc) : "a"(5), "b"(path), "c"(0) : "memory");
	if (rc < 0) {
		errno = (int)-rc;
		return result(-1, "int $0x80 open");
	}
	return result(rc, "int $0x80 open");
}

static int attack_io_uring(void)
{
	struct io_uring_params p;
	memset(&p, 0, sizeof(p));
	return result(syscall(__NR_io_uring_setup, 4, &p), "io_uring_setup");
}

static int attack_bpf(void)
{
	union bpf_attr attr;
	memset(&attr, 0, sizeof(attr));
	attr.map_type = BPF_MAP_TYPE_ARRAY;
	attr.key_size = 4;
	attr.value_size = 4;
	attr.max_entries = 1;
	return result(syscall(__NR_bpf, BPF_MAP_CREATE, &attr, sizeof(attr)), "bpf(BPF_MAP_CREATE)");
}

static int attack_perf(void)
{
	struct perf_event_attr attr;
	memset(&attr, 0, sizeof(attr));
	attr.size = sizeof(attr);
	attr.type = PERF_TYPE_SOFTWARE;
	attr.config = PERF_COUNT_SW_TASK_CLOCK;
	attr.exclude_kernel = 1;
	return result(syscall(__NR_perf_event_open, &attr, 0, -1, -1, 0), "perf_event_open");
}

static int attack_open_by_handle(void)
{
	struct { struct file_handle fh; unsigned char buf[128]; } h;
	int mount_id;
	h.fh.handle_bytes = sizeof(h.buf);
	/* Where name_to_handle_at is refused too, a forged handle still
	 * shows whether open_by_handle_at is. */
	if (syscall(__NR_name_to_handle_at, AT_FDCWD, "/etc/passwd", &h.fh, &mount_id, 0) < 0) {
		memset(&h, 0, sizeof(h));
		h.fh.handle_bytes = 8;
		h.fh.handle_type = 1;
	}
	return result(syscall(__NR_open_by_handle_at, AT_FDCWD, &h.fh, O_RDONLY), "open_by_handle_at");
}

static int attack_mount(void)
{
	/* In a fresh mount namespace of our own, as a container escape would. */
	/* Where unshare is refused, the mount is tried in the namespace we
	 * are in (the sandbox's own). */
	if (unshare(CLONE_NEWNS) == 0 && mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		return result(-1, "mount --make-rprivate /");
	return result(mount("none", "/tmp", "tmpfs", 0, NULL), "mount tmpfs");
}

static int attack_listener(void)
{
	struct sock_filter allow = { BPF_RET | BPF_K, 0, 0, SECCOMP_RET_ALLOW };
	struct sock_fprog prog = { .len = 1, .filter = &allow };
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return result(-1, "no_new_privs");
	return result(syscall(__NR_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_NEW_LISTENER, &prog),
		      "seccomp(NEW_LISTENER)");
}

static int attack_tiocsti(void)
{
	/* Push a byte into the input of our terminal (stdin must be one). */
	char c = 'x';
	if (!isatty(0)) {
		printf("blocked: stdin is not a terminal\n");
		return 0;
	}
	return result(ioctl(0, TIOCSTI, &c), "ioctl(TIOCSTI)");
}

static int attack_tiocsti_high_bits(void)
{
	char c = 'x';
	unsigned long req = 0xffffffff00000000UL | TIOCSTI;
	if (!isatty(0)) {
		printf("blocked: stdin is not a terminal\n");
		return 0;
	}
	return result(syscall(__NR_ioctl, 0, req, &c), "ioctl(TIOCSTI|high bits)");
}

static int attack_tiocsetd(void)
{
	/* Attach another line discipline to our terminal (n_null, built into
	 * most kernels; n_gsm or n_hdlc in a real attack), then put the
	 * terminal's own back. */
	int ldisc = N_NULL, tty = N_TTY;
	if (!isatty(0)) {
		printf("blocked: stdin is not a terminal\n");
		return 0;
	}
	int rc = ioctl(0, TIOCSETD, &ldisc);
	if (rc == 0)
		(void)ioctl(0, TIOCSETD, &tty);
	return result(rc, "ioctl(TIOCSETD, N_NULL)");
}

static int attack_ptrace_parent(void)
{
	pid_t parent = getppid();
	long rc = ptrace(PTRACE_ATTACH, parent, NULL, NULL);
	if (rc == 0) {
		waitpid(parent, NULL, __WALL);
		ptrace(PTRACE_DETACH, parent, NULL, NULL);
	}
	return result(rc, "ptrace(PTRACE_ATTACH, parent)");
}

static int attack_unshare_user(void)
{
	return result(unshare(CLONE_NEWUSER), "unshare(CLONE_NEWUSER)");
}

static int attack_clone_newuser(void)
{
	long rc = syscall(__NR_clone, CLONE_NEWUSER | SIGCHLD, NULL, NULL, NULL, NULL);
	if (rc == 0)
		_exit(0);
	if (rc > 0)
		waitpid((pid_t)rc, NULL, 0);
	return result(rc, "clone(CLONE_NEWUSER)");
}

static int attack_clone3(void)
{
	/* clone3 cannot be checked by BPF (its flags are in memory): ENOSYS. */
	struct { unsigned long long flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls; } args;
	memset(&args, 0, sizeof(args));
	args.flags = CLONE_NEWUSER;
	args.exit_signal = SIGCHLD;
	long rc = syscall(435, &args, sizeof(args));
	if (rc == 0)
		_exit(0);
	if (rc > 0)
		waitpid((pid_t)rc, NULL, 0);
	return result(rc, "clone3(CLONE_NEWUSER)");
}

static int attack_socketpair_family(void)
{
	/* socket() refuses NETLINK_AUDIT; socketpair makes both sockets of
	 * the family before it finds that netlink has no pairs, so
	 * EOPNOTSUPP means the family's code ran. */
	int pair[2];
	if (socketpair(AF_NETLINK, SOCK_RAW, NETLINK_AUDIT, pair) == 0 || errno == EOPNOTSUPP) {
		printf("SUCCEEDED: socketpair(AF_NETLINK, NETLINK_AUDIT) made its sockets\n");
		return 1;
	}
	return result(-1, "socketpair(AF_NETLINK, NETLINK_AUDIT)");
}

static int attack_pidfd_init(void)
{
	/* A pidfd of pid 1 (the sandbox's init, which kill(1) may not
	 * signal); signal 0 only asks whether a signal would be let through. */
	int pidfd = (int)syscall(SYS_pidfd_open, 1, 0);
	if (pidfd < 0)
		return result(-1, "pidfd_open(1)");
	return result(syscall(SYS_pidfd_send_signal, pidfd, 0, NULL, 0), "pidfd_send_signal(pid 1)");
}

static int attack_mount_api(void)
{
	/* The new mount API: a tmpfs made, mounted and moved over /tmp, in
	 * a mount namespace of our own where unshare lets us make one (on
	 * the bare host, so that the host's /tmp stays as it is). */
	if (unshare(CLONE_NEWNS) == 0 && mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		return result(-1, "mount --make-rprivate /");
	int fs = (int)syscall(SYS_fsopen, "tmpfs", 0);
	if (fs < 0)
		return result(-1, "fsopen(tmpfs)");
	if (syscall(SYS_fsconfig, fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0)
		return result(-1, "fsconfig(FSCONFIG_CMD_CREATE)");
	int mnt = (int)syscall(SYS_fsmount, fs, 0, 0);
	if (mnt < 0)
		return result(-1, "fsmount");
	return result(syscall(SYS_move_mount, mnt, "", AT_FDCWD, "/tmp", MOVE_MOUNT_F_EMPTY_PATH),
		      "move_mount(/tmp)");
}

static int attack_modify_ldt(void)
{
	/* A code segment of our own in the LDT: what exploits of the LDT's
	 * kernel bugs start from (any user may, natively). */
	struct user_desc d;
	memset(&d, 0, sizeof(d));
	d.limit = 0xfffff;
	d.seg_32bit = 1;
	d.contents = 2;  /* code */
	d.limit_in_pages = 1;
	d.useable = 1;
	return result(syscall(SYS_modify_ldt, 1, &d, sizeof(d)), "modify_ldt(write)");
}

static const struct { const char *name; int (*fn)(void); } attacks[] = {
	{ "int80", attack_int80 },
	{ "io_uring", attack_io_uring },
	{ "bpf", attack_bpf },
	{ "perf", attack_perf },
	{ "open_by_handle", attack_open_by_handle },
	{ "mount", attack_mount },
	{ "mount_api", attack_mount_api },
	{ "modify_ldt", attack_modify_ldt },
	{ "listener", attack_listener },
	{ "tiocsti", attack_tiocsti },
	{ "tiocsti_high", attack_tiocsti_high_bits },
	{ "tiocsetd", attack_tiocsetd },
	{ "ptrace_parent", attack_ptrace_parent },
	{ "unshare_user", attack_unshare_user },
	{ "clone_newuser", attack_clone_newuser },
	{ "clone3", attack_clone3 },
	{ "socketpair_family", attack_socketpair_family },
	{ "pidfd_init", attack_pidfd_init },
};

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: attack NAME\n");
		return 2;
	}
	for (size_t i = 0; i < sizeof(attacks) / sizeof(attacks[0]); i++)
		if (strcmp(argv[1], attacks[i].name) == 0)
			return attacks[i].fn();
	fprintf(stderr, "attack: unknown attack %s\n", argv[1]);
	return 2;
}
