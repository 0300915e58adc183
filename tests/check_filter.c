/* The generated filter in the kernel: each probe runs in a forked child
 * that loads it, and each refusal is held against the same call made
 * without the filter, so that a probe can fail. */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/netlink.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <linux/seccomp.h>
#include <linux/userfaultfd.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "compat.h"
#include "config.h"
#include "sentry/filter.h"
#include "sentry/table.h"
#include "sysnr.h"
#include "util.h"

/* x32 numbers carry this bit on x86-64. */
#define X32_SYSCALL_BIT 0x40000000
/* getpid in the i386 table, reached through int $0x80. */
#define I386_NR_GETPID 20
/* A syscall newer than every row (listns, Linux 6.19): no row.  The
 * kernels this runs on may not have it either, so no unfiltered probe
 * holds its ENOSYS against the kernel's. */
#define NR_WITHOUT_ROW 470
/* An errno no probed call returns by itself. */
#define ANSWER_ERRNO EHOSTDOWN
/* What the parent answers for a notified getpid under --strace. */
#define TRACED_GETPID_ANSWER 4242
/* How long a parent waits for a child's listener or notification. */
#define NOTIFY_TIMEOUT_MS 5000
#define POLL_STEP_MS 1
#define REPORT_MAX 512

/* ---- running a probe in a filtered child ---- */

static int report_fd = -1;

__attribute__((noreturn, format(printf, 2, 3)))
static void child_fail(int line, const char *fmt, ...)
{
	char msg[REPORT_MAX];
	va_list ap;
	int n = snprintf(msg, sizeof(msg), "line %d: ", line);
	va_start(ap, fmt);
	vsnprintf(msg + n, sizeof(msg) - (size_t)n, fmt, ap);
	va_end(ap);
	if (write(report_fd, msg, strlen(msg)) < 0)
		_exit(2);
	_exit(1);
}

#define CHILD_EXPECT(cond) \
	do { if (!(cond)) child_fail(__LINE__, "%s", #cond); } while (0)
#define CHILD_EXPECT_ERRNO(call, want) \
	do { \
		errno = 0; \
		long rc_ = (long)(call); \
		int errno_ = errno; \
		if (rc_ != -1 || errno_ != (want)) \
			child_fail(__LINE__, "%s = %ld (%s), want %s", #call, rc_, \
				   strerror(errno_), strerror(want)); \
	} while (0)
#define CHILD_EXPECT_OK(call) \
	do { \
		errno = 0; \
		long rc_ = (long)(call); \
		if (rc_ < 0) \
			child_fail(__LINE__, "%s failed: %s", #call, strerror(errno)); \
	} while (0)

static scmp_filter_ctx build_or_fail(const struct sr_config *cfg, bool trace_all)
{
	struct sr_error err = { 0 };
	scmp_filter_ctx ctx = NULL;
	ck_assert_msg(sr_filter_build(cfg, trace_all, &ctx, &err) == 0, "%s", err.msg);
	return ctx;
}

static void load_in_child(scmp_filter_ctx ctx, int *listener)
{
	struct sr_error err = { 0 };
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		child_fail(__LINE__, "PR_SET_NO_NEW_PRIVS: %s", strerror(errno));
	if (sr_filter_load_listener(ctx, 0, listener, &err) < 0)
		child_fail(__LINE__, "%s", err.msg);
}

/* Fork; the child loads the filter (when ctx is given) and runs probe.
 * Returns the wait status; a probe's failure message fails the test. */
static int run_probe(scmp_filter_ctx ctx, void (*probe)(void))
{
	int pipefd[2];
	ck_assert_int_eq(pipe2(pipefd, O_CLOEXEC), 0);
	fflush(NULL);
	pid_t pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		close(pipefd[0]);
		report_fd = pipefd[1];
		int listener = -1;
		if (ctx != NULL)
			load_in_child(ctx, &listener);
		probe();
		_exit(0);
	}
	close(pipefd[1]);
	char msg[REPORT_MAX] = "";
	ssize_t n = sr_read_all(pipefd[0], msg, sizeof(msg) - 1);
	close(pipefd[0]);
	int status;
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(n <= 0, "%s", msg);
	return status;
}

static void assert_exited_cleanly(int status)
{
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
		      "child status %#x", (unsigned int)status);
}

static void assert_killed_by_sigsys(int status)
{
	ck_assert_msg(WIFSIGNALED(status) && WTERMSIG(status) == SIGSYS,
		      "child status %#x, want death by SIGSYS", (unsigned int)status);
}

static void run_with_default_profile(void (*probe)(void))
{
	struct sr_config cfg;
	sr_config_init(&cfg);
	scmp_filter_ctx ctx = build_or_fail(&cfg, false);
	assert_exited_cleanly(run_probe(ctx, probe));
	seccomp_release(ctx);
	sr_config_free(&cfg);
}

/* ---- the probes ---- */

static void probe_allowed_calls_work(void)
{
	int p[2];
	char buf[4] = "";
	CHILD_EXPECT(getpid() > 0);
	CHILD_EXPECT_OK(pipe2(p, O_CLOEXEC));
	CHILD_EXPECT(write(p[1], "abc", 3) == 3);
	CHILD_EXPECT(read(p[0], buf, sizeof(buf)) == 3);
	CHILD_EXPECT(memcmp(buf, "abc", 3) == 0);
	/* fork is clone(SIGCHLD|...): the namespace rules let it through. */
	pid_t pid = fork();
	CHILD_EXPECT(pid >= 0);
	if (pid == 0)
		_exit(0);
	int status;
	CHILD_EXPECT(waitpid(pid, &status, 0) == pid && WIFEXITED(status));
}

START_TEST(test_allowed_calls_work)
{
	run_with_default_profile(probe_allowed_calls_work);
}
END_TEST

/* The refusals, made without the filter: none may give the errno the
 * filter gives, or the filtered probe would prove nothing. */
static void probe_refused_calls_unfiltered(void)
{
	CHILD_EXPECT(syscall(SYS_bpf, -1, NULL, 0) == -1 && errno != EPERM);
	CHILD_EXPECT(syscall(SYS_io_uring_setup, 1, NULL) == -1 && errno != EPERM);
	CHILD_EXPECT(syscall(SYS_perf_event_open, NULL, 0, -1, -1, 0) == -1 && errno != EPERM);
	CHILD_EXPECT(syscall(SYS_open_by_handle_at, -1, NULL, 0) == -1 && errno != EPERM);
	CHILD_EXPECT(syscall(SYS_mount, "none", "/nonexistent/sentry-run", "tmpfs", 0, NULL) == -1 &&
		     errno != EPERM);
	CHILD_EXPECT(syscall(SYS_clone3, NULL, 0) == -1 && errno != ENOSYS);
	int p[2];
	char c = 'x';
	CHILD_EXPECT_OK(pipe(p));
	CHILD_EXPECT(ioctl(p[0], TIOCSTI, &c) == -1 && errno == ENOTTY);
	CHILD_EXPECT(syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
			     SECCOMP_FILTER_FLAG_NEW_LISTENER, NULL) == -1 && errno == EFAULT);
	CHILD_EXPECT(prctl(PR_SET_PTRACER, 0, 0, 0, 0) == 0 || errno != EPERM);
	CHILD_EXPECT(syscall(SYS_pidfd_open, 1, 0) >= 0 || errno != EPERM);
	/* As root, these succeed outright. */
	CHILD_EXPECT_OK(ptrace(PTRACE_TRACEME, 0, NULL, NULL));
	CHILD_EXPECT_OK(unshare(CLONE_NEWUSER));
}

START_TEST(test_refused_calls_succeed_or_fail_otherwise_unfiltered)
{
	if (geteuid() != 0)
		return;   /* the baseline needs root: mount, unshare */
	assert_exited_cleanly(run_probe(NULL, probe_refused_calls_unfiltered));
}
END_TEST

static void probe_refused_calls_fail(void)
{
	CHILD_EXPECT_ERRNO(syscall(SYS_bpf, -1, NULL, 0), EPERM);
	CHILD_EXPECT_ERRNO(syscall(SYS_io_uring_setup, 1, NULL), EPERM);
	CHILD_EXPECT_ERRNO(syscall(SYS_perf_event_open, NULL, 0, -1, -1, 0), EPERM);
	CHILD_EXPECT_ERRNO(ptrace(PTRACE_TRACEME, 0, NULL, NULL), EPERM);
	CHILD_EXPECT_ERRNO(syscall(SYS_mount, "none", "/nonexistent/sentry-run", "tmpfs", 0, NULL), EPERM);
	CHILD_EXPECT_ERRNO(syscall(SYS_open_by_handle_at, -1, NULL, 0), EPERM);
	CHILD_EXPECT_ERRNO(syscall(SYS_clone3, NULL, 0), ENOSYS);
	CHILD_EXPECT_ERRNO(syscall(NR_WITHOUT_ROW, -1, NULL, NULL, 0), ENOSYS);
	CHILD_EXPECT_ERRNO(syscall(SYS_process_vm_writev, getppid(), NULL, 0, NULL, 0, 0), EPERM);
	CHILD_EXPECT_ERRNO(syscall(SYS_setns, -1, 0), EPERM);
	CHILD_EXPECT_ERRNO(syscall(SYS_keyctl, 0, 0, 0, 0, 0), EPERM);
}

START_TEST(test_refused_calls_fail_with_their_errno)
{
	run_with_default_profile(probe_refused_calls_fail);
}
END_TEST

static void probe_namespace_flags_are_refused(void)
{
	long rc = syscall(SYS_clone, CLONE_NEWUSER | SIGCHLD, NULL, NULL, NULL, 0);
	if (rc == 0)
		_exit(0);   /* the rule failed and this is the new child */
	CHILD_EXPECT(rc == -1 && errno == EPERM);
	rc = syscall(SYS_clone, CLONE_NEWNET | SIGCHLD, NULL, NULL, NULL, 0);
	if (rc == 0)
		_exit(0);
	CHILD_EXPECT(rc == -1 && errno == EPERM);
	CHILD_EXPECT_ERRNO(unshare(CLONE_NEWUSER), EPERM);
	CHILD_EXPECT_ERRNO(unshare(CLONE_NEWNS), EPERM);
	CHILD_EXPECT_ERRNO(unshare(CLONE_NEWTIME), EPERM);
	CHILD_EXPECT_OK(unshare(CLONE_FS));
}

START_TEST(test_namespace_flags_are_refused)
{
	run_with_default_profile(probe_namespace_flags_are_refused);
}
END_TEST

/* The kernel reads ioctl's request, seccomp's operation and prctl's
 * option from the low 32 bits: high bits must not slip past the rule. */
#define HIGH_BITS (UINT64_C(1) << 32)

static void probe_scalar_rules(void)
{
	int p[2];
	char c = 'x';
	int n = -1;
	CHILD_EXPECT_OK(pipe(p));
	CHILD_EXPECT_ERRNO(ioctl(p[0], TIOCSTI, &c), EPERM);
	CHILD_EXPECT_ERRNO(syscall(SYS_ioctl, p[0], HIGH_BITS | TIOCSTI, &c), EPERM);
	CHILD_EXPECT_ERRNO(ioctl(p[0], TIOCLINUX, &c), EPERM);
	CHILD_EXPECT_ERRNO(ioctl(p[0], TIOCSETD, &n), EPERM);
	CHILD_EXPECT_OK(ioctl(p[0], FIONREAD, &n));
	CHILD_EXPECT(n == 0);

	CHILD_EXPECT_ERRNO(syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
				   SECCOMP_FILTER_FLAG_NEW_LISTENER, NULL), EPERM);
	CHILD_EXPECT_ERRNO(syscall(SYS_seccomp, HIGH_BITS | SECCOMP_SET_MODE_FILTER,
				   SECCOMP_FILTER_FLAG_NEW_LISTENER, NULL), EPERM);
	unsigned int action = SECCOMP_RET_ALLOW;
	CHILD_EXPECT_OK(syscall(SYS_seccomp, SECCOMP_GET_ACTION_AVAIL, 0, &action));
	/* A filter of the program's own, without a listener, is fine. */
	CHILD_EXPECT_ERRNO(syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, NULL), EFAULT);

	CHILD_EXPECT_ERRNO(prctl(PR_SET_MM, PR_SET_MM_START_CODE, 0, 0, 0), EPERM);
	CHILD_EXPECT_ERRNO(syscall(SYS_prctl, HIGH_BITS | PR_SET_MM, PR_SET_MM_START_CODE, 0, 0, 0), EPERM);
	CHILD_EXPECT_ERRNO(prctl(PR_SET_PTRACER, 0, 0, 0, 0), EPERM);
	CHILD_EXPECT_ERRNO(prctl(PR_SET_IO_FLUSHER, 1, 0, 0, 0), EPERM);
	CHILD_EXPECT_ERRNO(prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, 0, 0, 0), EPERM);
	CHILD_EXPECT_OK(prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, 0, 0, 0));
	CHILD_EXPECT_OK(prctl(PR_SET_NAME, "probe", 0, 0, 0));

	CHILD_EXPECT_ERRNO(syscall(SYS_pidfd_open, 1, 0), EPERM);
	CHILD_EXPECT_ERRNO(syscall(SYS_pidfd_open, HIGH_BITS | 1, 0), EPERM);
	CHILD_EXPECT_OK(syscall(SYS_pidfd_open, getpid(), 0));

	int persona = personality(0xffffffff);
	CHILD_EXPECT(persona >= 0);
	CHILD_EXPECT_ERRNO(personality(READ_IMPLIES_EXEC), EPERM);
	CHILD_EXPECT_ERRNO(syscall(SYS_personality, HIGH_BITS | READ_IMPLIES_EXEC), EPERM);
	CHILD_EXPECT_OK(personality(ADDR_NO_RANDOMIZE));
	CHILD_EXPECT(personality(0xffffffff) == ADDR_NO_RANDOMIZE);
	/* The address-space layouts of setarch -L, -B, -3 and -R, alone or
	 * together: the program's own business. */
	CHILD_EXPECT_OK(personality(ADDR_COMPAT_LAYOUT | ADDR_LIMIT_32BIT | ADDR_LIMIT_3GB | ADDR_NO_RANDOMIZE));
	CHILD_EXPECT(personality(0xffffffff) ==
		     (ADDR_COMPAT_LAYOUT | ADDR_LIMIT_32BIT | ADDR_LIMIT_3GB | ADDR_NO_RANDOMIZE));
	CHILD_EXPECT_ERRNO(personality(ADDR_COMPAT_LAYOUT | MMAP_PAGE_ZERO), EPERM);
	CHILD_EXPECT_ERRNO(personality(ADDR_COMPAT_LAYOUT | READ_IMPLIES_EXEC), EPERM);
	CHILD_EXPECT_ERRNO(personality(ADDR_COMPAT_LAYOUT | UNAME26), EPERM);
	CHILD_EXPECT_ERRNO(syscall(SYS_personality, HIGH_BITS | ADDR_COMPAT_LAYOUT | STICKY_TIMEOUTS), EPERM);
	CHILD_EXPECT_ERRNO(personality(ADDR_COMPAT_LAYOUT | PER_SVR4), EPERM);

	CHILD_EXPECT_ERRNO(syscall(SYS_userfaultfd, O_CLOEXEC), EPERM);
	CHILD_EXPECT_OK(syscall(SYS_userfaultfd, O_CLOEXEC | UFFD_USER_MODE_ONLY));

	/* An IPv6 routing header would send past the allowlist; any other
	 * option of the level stays. */
	int s6 = socket(AF_INET6, SOCK_DGRAM, 0);
	int hops = 1;
	CHILD_EXPECT(s6 >= 0);
	CHILD_EXPECT_ERRNO(setsockopt(s6, SOL_IPV6, IPV6_RTHDR, NULL, 0), EPERM);
	CHILD_EXPECT_ERRNO(syscall(SYS_setsockopt, s6, HIGH_BITS | SOL_IPV6, IPV6_RTHDR, NULL, 0), EPERM);
	CHILD_EXPECT_ERRNO(setsockopt(s6, SOL_IPV6, IPV6_2292RTHDR, NULL, 0), EPERM);
	CHILD_EXPECT_ERRNO(setsockopt(s6, SOL_IPV6, IPV6_2292PKTOPTIONS, NULL, 0), EPERM);
	CHILD_EXPECT_OK(setsockopt(s6, SOL_IPV6, IPV6_UNICAST_HOPS, &hops, sizeof(hops)));

	/* IPv4 options: a source route would send past the allowlist, and
	 * the filter cannot read the option to tell it from another, such
	 * as this record route, which every kernel takes from anyone.  An
	 * IPv6 socket takes them too (for v4-mapped peers). */
	static const unsigned char record_route[8] = { IPOPT_RR, 7, 4, 0, 0, 0, 0, IPOPT_END };
	int s4 = socket(AF_INET, SOCK_DGRAM, 0);
	CHILD_EXPECT(s4 >= 0);
	CHILD_EXPECT_ERRNO(setsockopt(s4, SOL_IP, IP_OPTIONS, record_route, sizeof(record_route)), EPERM);
	CHILD_EXPECT_ERRNO(syscall(SYS_setsockopt, s4, HIGH_BITS | SOL_IP, IP_OPTIONS, record_route,
				   sizeof(record_route)), EPERM);
	CHILD_EXPECT_ERRNO(syscall(SYS_setsockopt, s4, SOL_IP, HIGH_BITS | IP_OPTIONS, record_route,
				   sizeof(record_route)), EPERM);
	CHILD_EXPECT_ERRNO(setsockopt(s6, SOL_IP, IP_OPTIONS, record_route, sizeof(record_route)), EPERM);
	CHILD_EXPECT_OK(setsockopt(s4, SOL_IP, IP_TTL, &hops, sizeof(hops)));

	/* The ids the program has are the only ones it may take: it holds no
	 * capability, and the user namespace maps no other (where the kernel
	 * would say EINVAL; natively EPERM).  -1 is "unchanged" in the
	 * two- and three-id calls, and the kernel reads 32 bits. */
	uid_t uid = getuid();
	gid_t gid = getgid();
	CHILD_EXPECT_ERRNO(syscall(SYS_setuid, uid + 4242), EPERM);
	CHILD_EXPECT_ERRNO(syscall(SYS_setuid, HIGH_BITS | (uid + 4242)), EPERM);
	CHILD_EXPECT_ERRNO(syscall(SYS_setgid, gid + 4242), EPERM);
	CHILD_EXPECT_ERRNO(syscall(SYS_setreuid, -1, uid + 4242), EPERM);
	CHILD_EXPECT_ERRNO(syscall(SYS_setregid, gid + 4242, -1), EPERM);
	CHILD_EXPECT_ERRNO(syscall(SYS_setresuid, uid, uid, uid + 4242), EPERM);
	CHILD_EXPECT_ERRNO(syscall(SYS_setresgid, gid + 4242, -1, -1), EPERM);
	CHILD_EXPECT_OK(syscall(SYS_setuid, HIGH_BITS | uid));
	CHILD_EXPECT_OK(syscall(SYS_setgid, gid));
	CHILD_EXPECT_OK(syscall(SYS_setreuid, -1, uid));
	CHILD_EXPECT_OK(syscall(SYS_setregid, gid, gid));
	CHILD_EXPECT_OK(syscall(SYS_setresuid, -1, uid, -1));
	CHILD_EXPECT_OK(syscall(SYS_setresgid, gid, -1, gid));
}

/* Without the filter the same option is set: the refusal above is the
 * filter's. */
static void probe_ip_options_unfiltered(void)
{
	static const unsigned char record_route[8] = { IPOPT_RR, 7, 4, 0, 0, 0, 0, IPOPT_END };
	int s4 = socket(AF_INET, SOCK_DGRAM, 0);
	CHILD_EXPECT(s4 >= 0);
	CHILD_EXPECT_OK(setsockopt(s4, SOL_IP, IP_OPTIONS, record_route, sizeof(record_route)));
}

/* Each refusal is held against the same call without the filter by
 * test_socket_families_unfiltered_succeed. */
static void probe_socket_families(void)
{
	CHILD_EXPECT_OK(socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
	CHILD_EXPECT_OK(socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0));
	CHILD_EXPECT_OK(socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP));
	CHILD_EXPECT_OK(socket(AF_INET6, SOCK_STREAM, IPPROTO_TCP));
	CHILD_EXPECT_OK(socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0));
	CHILD_EXPECT_OK(socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE));
	CHILD_EXPECT_ERRNO(socket(AF_NETLINK, SOCK_RAW, NETLINK_KOBJECT_UEVENT), EPERM);
	CHILD_EXPECT_ERRNO(socket(AF_PACKET, SOCK_DGRAM, 0), EPERM);
	CHILD_EXPECT_ERRNO(socket(AF_INET, SOCK_RAW, IPPROTO_UDP), EPERM);
	CHILD_EXPECT_ERRNO(socket(AF_INET, SOCK_STREAM, IPPROTO_SCTP), EPERM);
	CHILD_EXPECT_ERRNO(socket(AF_INET, SOCK_STREAM, IPPROTO_MPTCP), EPERM);
	CHILD_EXPECT_ERRNO(socket(AF_INET, SOCK_DGRAM, IPPROTO_ICMP), EPERM);
	/* High bits in the int arguments do not reach the kernel's view. */
	CHILD_EXPECT_OK(syscall(SYS_socket, 0x100000000L | AF_INET, SOCK_STREAM, 0));
	/* socketpair creates both sockets of the family it names before
	 * asking it for a pair: only unix ones get that far. */
	int pair[2];
	CHILD_EXPECT_OK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair));
	CHILD_EXPECT_ERRNO(socketpair(AF_NETLINK, SOCK_RAW, NETLINK_AUDIT, pair), EPERM);
	CHILD_EXPECT_ERRNO(syscall(SYS_socketpair, 0x100000000L | AF_NETLINK, SOCK_RAW, NETLINK_AUDIT, pair), EPERM);
	CHILD_EXPECT_OK(syscall(SYS_socketpair, 0x100000000L | AF_UNIX, SOCK_DGRAM, 0, pair));
}

/* What the filtered probe sees refused must work (or fail otherwise)
 * without the filter, so that the refusal is the filter's. */
static void probe_socket_families_unfiltered(void)
{
	errno = 0;
	CHILD_EXPECT(socket(AF_NETLINK, SOCK_RAW, NETLINK_KOBJECT_UEVENT) >= 0 || errno != EPERM);
	errno = 0;
	CHILD_EXPECT(socket(AF_INET, SOCK_STREAM, IPPROTO_MPTCP) >= 0 || errno != EPERM);
	/* The kernel made a NETLINK_AUDIT socket, then found that netlink
	 * has no pairs. */
	int pair[2];
	CHILD_EXPECT_ERRNO(socketpair(AF_NETLINK, SOCK_RAW, NETLINK_AUDIT, pair), EOPNOTSUPP);
}

static void probe_socket_opt_ins(void)
{
	CHILD_EXPECT_OK(socket(AF_NETLINK, SOCK_RAW, NETLINK_KOBJECT_UEVENT));
	errno = 0;
	CHILD_EXPECT(socket(AF_INET, SOCK_DGRAM, IPPROTO_ICMP) >= 0 || errno != EPERM || getuid() != 0);
	CHILD_EXPECT_ERRNO(socket(AF_PACKET, SOCK_DGRAM, 0), EPERM);
}

START_TEST(test_socket_families)
{
	struct sr_config cfg;
	struct sr_error err = { 0 };

	run_with_default_profile(probe_socket_families);
	assert_exited_cleanly(run_probe(NULL, probe_socket_families_unfiltered));
	sr_config_init(&cfg);
	ck_assert_int_eq(sr_strlist_add(&cfg.net_sockets, "netlink", &err), 0);
	ck_assert_int_eq(sr_strlist_add(&cfg.net_sockets, "raw", &err), 0);
	scmp_filter_ctx ctx = build_or_fail(&cfg, false);
	assert_exited_cleanly(run_probe(ctx, probe_socket_opt_ins));
	seccomp_release(ctx);
	sr_config_free(&cfg);
}
END_TEST

START_TEST(test_scalar_argument_rules)
{
	run_with_default_profile(probe_scalar_rules);
	assert_exited_cleanly(run_probe(NULL, probe_ip_options_unfiltered));
}
END_TEST

static void probe_i386_syscall(void)
{
	long nr = I386_NR_GETPID;
	__asm__ volatile("int $0x80" : "+a"(nr) : : "memory");
	child_fail(__LINE__, "an i386 syscall returned %ld", nr);
}

static void probe_x32_syscall(void)
{
	long rc = syscall(X32_SYSCALL_BIT | SYS_getpid);
	child_fail(__LINE__, "an x32 syscall returned %ld", rc);
}

START_TEST(test_foreign_architectures_are_killed)
{
	struct sr_config cfg;
	sr_config_init(&cfg);
	scmp_filter_ctx ctx = build_or_fail(&cfg, false);
	assert_killed_by_sigsys(run_probe(ctx, probe_i386_syscall));
	assert_killed_by_sigsys(run_probe(ctx, probe_x32_syscall));
	seccomp_release(ctx);
	sr_config_free(&cfg);
}
END_TEST

static void probe_number_without_row(void)
{
	long rc = syscall(NR_WITHOUT_ROW, -1, NULL, NULL, 0);
	child_fail(__LINE__, "a syscall without a row returned %ld", rc);
}

START_TEST(test_kill_default_kills_numbers_without_row)
{
	struct sr_config cfg;
	sr_config_init(&cfg);
	cfg.default_action = SR_DEFAULT_KILL;
	scmp_filter_ctx ctx = build_or_fail(&cfg, false);
	assert_killed_by_sigsys(run_probe(ctx, probe_number_without_row));
	seccomp_release(ctx);
	sr_config_free(&cfg);
}
END_TEST

/* The calls newer than the 6.1 headers, made without the filter first:
 * those left to the kernel answer the same under it, the mount API's
 * and lsm_set_self_attr are refused, file_getattr and file_setattr not
 * offered (ENOSYS), the other path calls reach the listener. */
static long newer_native[5];
static int newer_native_errno[5];
static uint32_t futex_word;

static long newer_call(int i)
{
	uint32_t size = 0;

	errno = 0;
	switch (i) {
	case 0:
		return syscall(SYS_cachestat, -1, NULL, NULL, 0);
	case 1:   /* FUTEX2_SIZE_U32: wakes nobody */
		return syscall(SYS_futex_wake, &futex_word, ~0UL, 1, 2);
	case 2:   /* the word is not 1: EAGAIN at once */
		return syscall(SYS_futex_wait, &futex_word, 1, ~0UL, 2, NULL, 0);
	case 3:
		return syscall(SYS_mseal, NULL, 0, 0);
	default:  /* a size of 0 is too small for any list: E2BIG */
		return syscall(SYS_lsm_list_modules, NULL, &size, 0);
	}
}

static void probe_newer_calls(void)
{
	for (int i = 0; i < (int)SR_ARRAY_SIZE(newer_native); i++) {
		long rc = newer_call(i);
		int e = errno;
		if (rc != newer_native[i] || (rc < 0 && e != newer_native_errno[i]))
			child_fail(__LINE__, "newer call %d = %ld (%s), natively %ld (%s)", i, rc, strerror(e),
				   newer_native[i], strerror(newer_native_errno[i]));
	}
	CHILD_EXPECT_ERRNO(syscall(SYS_open_tree_attr, AT_FDCWD, "/", 0, NULL, 0), EPERM);
	CHILD_EXPECT_ERRNO(syscall(SYS_lsm_set_self_attr, 0, NULL, 0, 0), EPERM);
	CHILD_EXPECT_ERRNO(syscall(SYS_file_getattr, AT_FDCWD, "/", NULL, 0, 0), ENOSYS);
	CHILD_EXPECT_ERRNO(syscall(SYS_file_setattr, AT_FDCWD, "/", NULL, 0, 0), ENOSYS);
}

START_TEST(test_newer_calls_filtered_by_their_rows)
{
	for (int i = 0; i < (int)SR_ARRAY_SIZE(newer_native); i++) {
		newer_native[i] = newer_call(i);
		newer_native_errno[i] = errno;
	}
	ck_assert_msg(newer_native[0] == -1 && newer_native_errno[0] != ENOSYS && newer_native_errno[0] != EPERM,
		      "natively, cachestat answers %ld (%s)", newer_native[0], strerror(newer_native_errno[0]));
	run_with_default_profile(probe_newer_calls);
}
END_TEST

/* ---- profiles ---- */

static void probe_denied_calls(void)
{
	CHILD_EXPECT_ERRNO(syscall(SYS_getppid), EPERM);
	CHILD_EXPECT(getpid() > 0);
	struct utsname u;
	CHILD_EXPECT_ERRNO(uname(&u), EPERM);
	CHILD_EXPECT_ERRNO(syscall(SYS_clone3, NULL, 0), ENOSYS);
	CHILD_EXPECT_ERRNO(syscall(SYS_userfaultfd, O_CLOEXEC | UFFD_USER_MODE_ONLY), EPERM);
}

START_TEST(test_deny_refuses_a_call)
{
	struct sr_config cfg;
	struct sr_error err = { 0 };
	sr_config_init(&cfg);
	ck_assert_int_eq(sr_strlist_add(&cfg.syscall_deny, "getppid", &err), 0);
	/* deny wins over allow. */
	ck_assert_int_eq(sr_strlist_add(&cfg.syscall_allow, "getppid", &err), 0);
	/* A notified row is refused in the kernel, without the Sentry. */
	ck_assert_int_eq(sr_strlist_add(&cfg.syscall_deny, "uname", &err), 0);
	/* A refused row keeps its errno; its argument rules go. */
	ck_assert_int_eq(sr_strlist_add(&cfg.syscall_deny, "clone3", &err), 0);
	ck_assert_int_eq(sr_strlist_add(&cfg.syscall_deny, "userfaultfd", &err), 0);
	scmp_filter_ctx ctx = build_or_fail(&cfg, false);
	assert_exited_cleanly(run_probe(ctx, probe_denied_calls));
	seccomp_release(ctx);
	sr_config_free(&cfg);
}
END_TEST

static void probe_ptrace_opted_in(void)
{
	CHILD_EXPECT_OK(ptrace(PTRACE_TRACEME, 0, NULL, NULL));
	CHILD_EXPECT_ERRNO(syscall(SYS_bpf, -1, NULL, 0), EPERM);
}

START_TEST(test_allow_opts_in_to_a_refused_call)
{
	struct sr_config cfg;
	struct sr_error err = { 0 };
	sr_config_init(&cfg);
	ck_assert_int_eq(sr_strlist_add(&cfg.syscall_allow, "ptrace", &err), 0);
	scmp_filter_ctx ctx = build_or_fail(&cfg, false);
	assert_exited_cleanly(run_probe(ctx, probe_ptrace_opted_in));
	seccomp_release(ctx);
	sr_config_free(&cfg);
}
END_TEST

static void assert_build_fails(const char *allow, const char *deny, const char *want)
{
	struct sr_config cfg;
	struct sr_error err = { 0 };
	scmp_filter_ctx ctx = NULL;
	sr_config_init(&cfg);
	if (allow != NULL)
		ck_assert_int_eq(sr_strlist_add(&cfg.syscall_allow, allow, &err), 0);
	if (deny != NULL)
		ck_assert_int_eq(sr_strlist_add(&cfg.syscall_deny, deny, &err), 0);
	ck_assert_int_eq(sr_filter_build(&cfg, false, &ctx, &err), -1);
	ck_assert_ptr_null(ctx);
	ck_assert_msg(strstr(err.msg, want) != NULL, "\"%s\" lacks \"%s\"", err.msg, want);
	sr_config_free(&cfg);
}

START_TEST(test_profile_errors_name_the_syscall)
{
	assert_build_fails("frobnicate", NULL, "allow=frobnicate: no syscall of that name");
	assert_build_fails(NULL, "frobnicate", "deny=frobnicate: no syscall of that name");
	assert_build_fails("io_uring_setup", NULL, "allow=io_uring_setup: io_uring_setup is never offered");
	assert_build_fails("clone3", NULL, "allow=clone3: clone3 is never offered");
	assert_build_fails("uname", NULL, "allow=uname: uname is served by the Sentry");
	assert_build_fails("readlink", NULL, "set metadata=kernel in [filesystem]");
}
END_TEST

/* ---- notifications ---- */

static int answer_sock = -1;

static void probe_uname_is_answered(void)
{
	struct utsname u;
	CHILD_EXPECT_ERRNO(uname(&u), ANSWER_ERRNO);
}

/* fstat is newfstatat(fd, "", AT_EMPTY_PATH): the kernel answers it
 * (nobody would answer the listener first); a path goes to the Sentry. */
static void probe_fstat_stays_in_the_kernel(void)
{
	struct stat st;
	CHILD_EXPECT_OK(fstat(answer_sock, &st));
	CHILD_EXPECT(S_ISSOCK(st.st_mode));
	CHILD_EXPECT_OK(syscall(SYS_statx, answer_sock, "", AT_EMPTY_PATH, STATX_MODE, &(struct statx){ 0 }));
	CHILD_EXPECT_ERRNO(syscall(SYS_newfstatat, AT_FDCWD, "/", &st, 0), ANSWER_ERRNO);
}

static void answer_one(int listener, int want_nr, int error, long val)
{
	struct pollfd pfd = { .fd = listener, .events = POLLIN };
	ck_assert_int_eq(poll(&pfd, 1, NOTIFY_TIMEOUT_MS), 1);
	struct seccomp_notif req;
	memset(&req, 0, sizeof(req));
	ck_assert_int_eq(ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, &req), 0);
	ck_assert_int_eq(req.data.nr, want_nr);
	ck_assert_uint_eq(req.data.arch, AUDIT_ARCH_X86_64);
	struct seccomp_notif_resp resp = { .id = req.id, .error = error, .val = val };
	ck_assert_int_eq(ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, &resp), 0);
}

/* An outer filter that makes seccomp() refuse WAIT_KILLABLE_RECV as a
 * kernel older than 5.19 would. */
static void hide_wait_killable_recv(void)
{
	scmp_filter_ctx outer = seccomp_init(SCMP_ACT_ALLOW);
	CHILD_EXPECT(outer != NULL);
	CHILD_EXPECT(seccomp_rule_add(outer, SCMP_ACT_ERRNO(EINVAL), SCMP_SYS(seccomp), 1,
				      SCMP_A1_64(SCMP_CMP_MASKED_EQ, SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV,
						 SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV)) == 0);
	CHILD_EXPECT(seccomp_load(outer) == 0);
	seccomp_release(outer);
	struct sr_filter_features features;
	sr_filter_probe_features(&features);
	CHILD_EXPECT(!features.wait_killable_recv);
}

/* The child loads the filter, hands the listener over with sr_send_fds
 * and makes a notified call; the parent answers it. */
static void run_notified(const struct sr_config *cfg, bool without_wait_killable,
			 void (*probe)(void), int want_nr)
{
	scmp_filter_ctx ctx = build_or_fail(cfg, sr_config_notify_all(cfg));
	int sv[2], pipefd[2];
	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv), 0);
	ck_assert_int_eq(pipe2(pipefd, O_CLOEXEC), 0);
	fflush(NULL);
	pid_t pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		close(sv[0]);
		close(pipefd[0]);
		report_fd = pipefd[1];
		answer_sock = sv[1];
		int listener = -1;
		CHILD_EXPECT_OK(prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0));
		if (without_wait_killable)
			hide_wait_killable_recv();
		load_in_child(ctx, &listener);
		char tag = 'L';
		CHILD_EXPECT_OK(sr_send_fds(answer_sock, &tag, 1, &listener, 1));
		probe();
		_exit(0);
	}
	close(sv[1]);
	close(pipefd[1]);
	seccomp_release(ctx);

	char tag = 0;
	int listener = -1;
	size_t nfds = 0;
	ssize_t got = sr_recv_fds(sv[0], 0, &tag, 1, &listener, 1, &nfds);
	if (got == 1 && nfds == 1) {
		answer_one(listener, want_nr, -ANSWER_ERRNO, 0);
		close(listener);
	}
	char msg[REPORT_MAX] = "";
	ssize_t n = sr_read_all(pipefd[0], msg, sizeof(msg) - 1);
	close(pipefd[0]);
	close(sv[0]);
	int status;
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(n <= 0, "%s", msg);
	ck_assert_msg(got == 1 && nfds == 1, "no listener arrived");
	assert_exited_cleanly(status);
}

START_TEST(test_notified_call_is_answered_by_the_listener)
{
	struct sr_config cfg;
	sr_config_init(&cfg);
	run_notified(&cfg, false, probe_uname_is_answered, SYS_uname);
	sr_config_free(&cfg);
}
END_TEST

/* Plain personalities stay in the kernel; PER_LINUX32 reaches the
 * listener (the Sentry's uname must know), which answers it here. */
static void probe_linux32_is_notified(void)
{
	CHILD_EXPECT_OK(syscall(SYS_personality, ADDR_NO_RANDOMIZE));
	CHILD_EXPECT_OK(syscall(SYS_personality, ADDR_COMPAT_LAYOUT | ADDR_LIMIT_3GB));
	CHILD_EXPECT_OK(syscall(SYS_personality, PER_LINUX));
	CHILD_EXPECT_ERRNO(syscall(SYS_personality, PER_LINUX32), ANSWER_ERRNO);
}

/* --strace-syscalls=uname: the Sentry sees uname, which it serves
 * anyway, and no other call that the kernel would allow. */
static void probe_only_named_calls_traced(void)
{
	CHILD_EXPECT_OK(syscall(SYS_getppid));
	CHILD_EXPECT_OK(syscall(SYS_getuid));
	struct utsname u;
	CHILD_EXPECT_ERRNO(uname(&u), ANSWER_ERRNO);
}

START_TEST(test_strace_syscalls_notify_only_those)
{
	struct sr_config cfg;
	struct sr_error err = { 0 };
	sr_config_init(&cfg);
	cfg.strace = true;
	ck_assert_int_eq(sr_strlist_add(&cfg.strace_only, "uname", &err), 0);
	run_notified(&cfg, false, probe_only_named_calls_traced, SYS_uname);
	sr_config_free(&cfg);
}
END_TEST

START_TEST(test_linux32_personality_is_notified)
{
	struct sr_config cfg;
	sr_config_init(&cfg);
	run_notified(&cfg, false, probe_linux32_is_notified, SYS_personality);
	sr_config_free(&cfg);
}
END_TEST

/* pidfd_send_signal stays in the kernel, unless an event stream records
 * signals: then the Sentry sees it too (and continues it). */
static void probe_pidfd_signal_in_the_kernel(void)
{
	CHILD_EXPECT_ERRNO(syscall(SYS_pidfd_send_signal, -1, 0, NULL, 0), EBADF);
	probe_uname_is_answered();
}

static void probe_pidfd_signal_is_notified(void)
{
	CHILD_EXPECT_ERRNO(syscall(SYS_pidfd_send_signal, -1, 0, NULL, 0), ANSWER_ERRNO);
}

START_TEST(test_pidfd_signal_notified_for_events_only)
{
	struct sr_config cfg;
	sr_config_init(&cfg);
	run_notified(&cfg, false, probe_pidfd_signal_in_the_kernel, SYS_uname);
	cfg.events_path = "/dev/null";
	run_notified(&cfg, false, probe_pidfd_signal_is_notified, SYS_pidfd_send_signal);
	cfg.events_path = NULL;
	sr_config_free(&cfg);
}
END_TEST

START_TEST(test_fstat_passes_and_a_path_stat_is_notified)
{
	struct sr_config cfg;
	sr_config_init(&cfg);
	run_notified(&cfg, false, probe_fstat_stays_in_the_kernel, SYS_newfstatat);
	sr_config_free(&cfg);
}
END_TEST

/* metadata=kernel: every lookup by path stays in the kernel (stat,
 * lstat, newfstatat, statx, access and its twins, readlink and its
 * twin, statfs, the xattr reads), an open still reaches the listener. */
static void probe_lookups_stay_in_the_kernel(void)
{
	struct stat st;
	char target[64];
	CHILD_EXPECT_OK(syscall(SYS_stat, "/", &st));
	CHILD_EXPECT_OK(syscall(SYS_lstat, "/", &st));
	CHILD_EXPECT_OK(syscall(SYS_newfstatat, AT_FDCWD, "/", &st, 0));
	CHILD_EXPECT_OK(syscall(SYS_statx, AT_FDCWD, "/", 0, STATX_MODE, &(struct statx){ 0 }));
	CHILD_EXPECT_OK(syscall(SYS_access, "/", R_OK));
	CHILD_EXPECT_OK(syscall(SYS_faccessat, AT_FDCWD, "/", R_OK));
	CHILD_EXPECT_OK(syscall(SYS_faccessat2, AT_FDCWD, "/", R_OK, 0));
	CHILD_EXPECT_ERRNO(syscall(SYS_readlink, "/", target, sizeof(target)), EINVAL);
	CHILD_EXPECT_ERRNO(syscall(SYS_readlinkat, AT_FDCWD, "/", target, sizeof(target)), EINVAL);
	CHILD_EXPECT_OK(syscall(SYS_statfs, "/", &(struct statfs){ 0 }));
	CHILD_EXPECT_OK(syscall(SYS_listxattr, "/", NULL, 0));
	CHILD_EXPECT_OK(syscall(SYS_llistxattr, "/", NULL, 0));
	CHILD_EXPECT_ERRNO(syscall(SYS_getxattr, "/", "user.none", NULL, 0), ENODATA);
	CHILD_EXPECT_ERRNO(syscall(SYS_lgetxattr, "/", "user.none", NULL, 0), ENODATA);
	CHILD_EXPECT_ERRNO(syscall(SYS_openat, AT_FDCWD, "/", O_RDONLY | O_DIRECTORY), ANSWER_ERRNO);
}

START_TEST(test_metadata_in_the_kernel_leaves_lookups_there)
{
	struct sr_config cfg;
	sr_config_init(&cfg);
	cfg.metadata = SR_METADATA_KERNEL;
	run_notified(&cfg, false, probe_lookups_stay_in_the_kernel, SYS_openat);
	sr_config_free(&cfg);
}
END_TEST

/* --strace still shows them: notified, and the Sentry continues them
 * (sr_filter_refusal passes them whatever their flags). */
START_TEST(test_metadata_in_the_kernel_traced_is_not_refused)
{
	struct sr_config cfg;
	const char *reason = NULL;
	sr_config_init(&cfg);
	cfg.metadata = SR_METADATA_KERNEL;
	cfg.strace = true;
	const struct sr_syscall_row *row = sr_table_by_name("newfstatat");
	ck_assert_ptr_nonnull(row);
	struct seccomp_data data = { .nr = SYS_newfstatat, .arch = AUDIT_ARCH_X86_64,
				     .args = { AT_FDCWD, 0x1000, 0x2000, 0 } };
	ck_assert_int_eq(sr_filter_refusal(&cfg, row, &data, &reason), 0);
	struct sr_row_context ctx = sr_filter_row_context(&cfg);
	ck_assert_int_eq(sr_row_disposition(row, &ctx), SR_DISP_ALLOW);
	ck_assert(!sr_row_allowed_with_rules(row, &ctx));
	sr_config_free(&cfg);
}
END_TEST

static int newer_path_nr;

static void probe_newer_path_call_is_notified(void)
{
	CHILD_EXPECT_ERRNO(syscall(newer_path_nr, AT_FDCWD, "/", 0, NULL, NULL, 0), ANSWER_ERRNO);
}

START_TEST(test_newer_path_calls_are_notified)
{
	static const int nrs[] = {
		SYS_fchmodat2, SYS_setxattrat, SYS_getxattrat, SYS_listxattrat, SYS_removexattrat,
	};
	struct sr_config cfg;
	sr_config_init(&cfg);
	for (size_t i = 0; i < SR_ARRAY_SIZE(nrs); i++) {
		newer_path_nr = nrs[i];
		run_notified(&cfg, false, probe_newer_path_call_is_notified, nrs[i]);
	}
	sr_config_free(&cfg);
}
END_TEST

START_TEST(test_listener_without_wait_killable_recv)
{
	struct sr_config cfg;
	sr_config_init(&cfg);
	run_notified(&cfg, true, probe_uname_is_answered, SYS_uname);
	sr_config_free(&cfg);
}
END_TEST

START_TEST(test_probe_sees_wait_killable_recv)
{
	struct utsname u;
	unsigned int major = 0, minor = 0;
	ck_assert_int_eq(uname(&u), 0);
	ck_assert_int_eq(sscanf(u.release, "%u.%u", &major, &minor), 2);
	struct sr_filter_features features;
	sr_filter_probe_features(&features);
	ck_assert(features.wait_killable_recv == (major > 5 || (major == 5 && minor >= 19)));
}
END_TEST

static void probe_load_without_no_new_privs(void)
{
	struct sr_config cfg;
	struct sr_error err = { 0 };
	scmp_filter_ctx ctx = NULL;
	int listener = -1;
	sr_config_init(&cfg);
	CHILD_EXPECT(prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) == 0);
	CHILD_EXPECT(sr_filter_build(&cfg, false, &ctx, &err) == 0);
	CHILD_EXPECT(sr_filter_load_listener(ctx, 0, &listener, &err) == -1);
	CHILD_EXPECT(strstr(err.msg, "no_new_privs") != NULL);
	CHILD_EXPECT(listener == -1);
	/* Nothing was loaded: a refused call still works. */
	CHILD_EXPECT(syscall(SYS_clone3, NULL, 0) == -1 && errno != ENOSYS);
}

START_TEST(test_load_requires_no_new_privs)
{
	if (prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) != 0)
		return;   /* inherited from the test runner: cannot be cleared */
	assert_exited_cleanly(run_probe(NULL, probe_load_without_no_new_privs));
}
END_TEST

/* ---- --strace: every call is notified, but those the filter kills ---- */

static void poll_step(void)
{
	struct timespec ts = { .tv_nsec = POLL_STEP_MS * 1000000L };
	nanosleep(&ts, NULL);
}

/* What the parent saw while it served a traced child. */
struct traced_calls {
	bool getpid;
	bool without_row;
	bool bpf;       /* refused: notified too, for --strace to show it */
};

/* Serve a traced child until it is gone: getpid is answered with
 * TRACED_GETPID_ANSWER, NR_WITHOUT_ROW with ANSWER_ERRNO, the rest as
 * the Sentry does, refused with sr_filter_refusal's errno or continued. */
static void serve_traced(int listener, const struct sr_config *cfg, struct traced_calls *seen)
{
	for (;;) {
		struct pollfd pfd = { .fd = listener, .events = POLLIN };
		ck_assert_int_eq(poll(&pfd, 1, NOTIFY_TIMEOUT_MS), 1);
		if (!(pfd.revents & POLLIN))
			return;   /* POLLHUP: the child is gone */
		struct seccomp_notif req;
		memset(&req, 0, sizeof(req));
		if (ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, &req) < 0)
			continue;   /* the caller died meanwhile */
		struct seccomp_notif_resp resp = { .id = req.id };
		if (req.data.nr == SYS_getpid) {
			seen->getpid = true;
			resp.val = TRACED_GETPID_ANSWER;
		} else if (req.data.nr == NR_WITHOUT_ROW) {
			seen->without_row = true;
			resp.error = -ANSWER_ERRNO;
		} else {
			const struct sr_syscall_row *row = sr_table_by_nr(req.data.nr);
			const char *reason = NULL;
			int refused = row == NULL ? ENOSYS : sr_filter_refusal(cfg, row, &req.data, &reason);
			if (req.data.nr == SYS_bpf)
				seen->bpf = true;
			if (refused != 0)
				resp.error = -refused;
			else
				resp.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
		}
		ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, &resp);
	}
}

/* Serve a child as the Sentry serves a call it does not emulate: refused
 * with sr_filter_refusal's errno, or continued. */
static void serve_by_refusal(int listener, const struct sr_config *cfg)
{
	for (;;) {
		struct pollfd pfd = { .fd = listener, .events = POLLIN };
		ck_assert_int_eq(poll(&pfd, 1, NOTIFY_TIMEOUT_MS), 1);
		if (!(pfd.revents & POLLIN))
			return;
		struct seccomp_notif req;
		memset(&req, 0, sizeof(req));
		if (ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, &req) < 0)
			continue;
		struct seccomp_notif_resp resp = { .id = req.id };
		const struct sr_syscall_row *row = sr_table_by_nr(req.data.nr);
		const char *reason = NULL;
		int refused = row == NULL ? ENOSYS : sr_filter_refusal(cfg, row, &req.data, &reason);
		if (refused != 0)
			resp.error = -refused;
		else
			resp.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
		ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, &resp);
	}
}

/* Under trace_all even the handoff would be notified, so the child only
 * publishes the listener's number in shared memory and the parent takes
 * the fd with pidfd_getfd; the child waits for that without a system
 * call, since a probe the filter kills would take the listener with it.
 * The child's probe ends with exit_group.  Without `seen`, the parent
 * serves by refusal, and a failure the probe reports fails the test. */
enum { SHARED_LISTENER, SHARED_TAKEN, SHARED_INTS };
static int run_traced(const struct sr_config *cfg, void (*probe)(void), struct traced_calls *seen)
{
	ck_assert_int_eq(sr_table_init(), 0);
	scmp_filter_ctx ctx = build_or_fail(cfg, true);
	int *shared = mmap(NULL, SHARED_INTS * sizeof(int), PROT_READ | PROT_WRITE,
			   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ck_assert_ptr_ne(shared, MAP_FAILED);
	shared[SHARED_LISTENER] = -1;
	shared[SHARED_TAKEN] = 0;
	int pipefd[2];
	ck_assert_int_eq(pipe2(pipefd, O_CLOEXEC), 0);
	fflush(NULL);
	pid_t pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		struct sr_error err = { 0 };
		int listener = -1;
		close(pipefd[0]);
		report_fd = pipefd[1];
		/* Not left spinning if the test fails before it takes the fd. */
		if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
		    sr_filter_load_listener(ctx, 0, &listener, &err) < 0)
			_exit(1);
		__atomic_store_n(&shared[SHARED_LISTENER], listener, __ATOMIC_RELEASE);
		while (!__atomic_load_n(&shared[SHARED_TAKEN], __ATOMIC_ACQUIRE))
			;
		probe();
		syscall(SYS_exit_group, 0);
	}
	close(pipefd[1]);
	seccomp_release(ctx);

	int child_fd = -1;
	for (int waited = 0; waited < NOTIFY_TIMEOUT_MS && child_fd < 0; waited += POLL_STEP_MS) {
		child_fd = __atomic_load_n(&shared[SHARED_LISTENER], __ATOMIC_ACQUIRE);
		if (child_fd < 0)
			poll_step();
	}
	ck_assert_int_ge(child_fd, 0);
	int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	ck_assert_int_ge(pidfd, 0);
	int listener = (int)syscall(SYS_pidfd_getfd, pidfd, child_fd, 0);
	ck_assert_int_ge(listener, 0);
	__atomic_store_n(&shared[SHARED_TAKEN], 1, __ATOMIC_RELEASE);
	if (seen != NULL)
		serve_traced(listener, cfg, seen);
	else
		serve_by_refusal(listener, cfg);
	char msg[REPORT_MAX] = "";
	ssize_t n = sr_read_all(pipefd[0], msg, sizeof(msg) - 1);
	close(pipefd[0]);
	int status;
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(n <= 0, "%s", msg);
	close(listener);
	close(pidfd);
	munmap(shared, SHARED_INTS * sizeof(int));
	return status;
}

/* Every refusal probe, in one child. */
static void probe_every_refusal(void)
{
	probe_refused_calls_fail();
	probe_namespace_flags_are_refused();
	probe_scalar_rules();
	probe_socket_families();
}

/* Under --strace, and with an event stream, the Sentry sees calls the
 * filter passes and the ones it refuses, and must answer each as the
 * filter alone would: sr_filter_refusal against the kernel. */
START_TEST(test_sentry_refuses_as_the_filter)
{
	struct sr_config cfg;
	sr_config_init(&cfg);
	assert_exited_cleanly(run_traced(&cfg, probe_every_refusal, NULL));
	cfg.events_path = "/dev/null";
	assert_exited_cleanly(run_traced(&cfg, probe_every_refusal, NULL));
	cfg.events_path = NULL;
	sr_config_free(&cfg);
}
END_TEST

/* Exit codes of the traced probes: which check failed. */
enum { TRACED_OK, TRACED_BAD_GETPID, TRACED_BAD_REFUSAL, TRACED_BAD_QUERY, TRACED_BAD_WITHOUT_ROW };

static void probe_traced_getpid_and_bpf(void)
{
	long got = syscall(SYS_getpid);
	long bpf = syscall(SYS_bpf, -1, NULL, 0);
	int bpf_errno = errno;
	int code = TRACED_OK;
	if (got != TRACED_GETPID_ANSWER)
		code = TRACED_BAD_GETPID;
	else if (bpf != -1 || bpf_errno != EPERM)
		code = TRACED_BAD_REFUSAL;
	syscall(SYS_exit_group, code);
}

/* --strace and --stats show every call, as strace(1) does: a refused one
 * (bpf) reaches the Sentry too, which answers the kernel's errno. */
START_TEST(test_trace_all_notifies_refused_calls_too)
{
	struct sr_config cfg;
	struct traced_calls seen = { 0 };
	sr_config_init(&cfg);
	int status = run_traced(&cfg, probe_traced_getpid_and_bpf, &seen);
	ck_assert(seen.getpid);
	ck_assert(seen.bpf);
	assert_exited_cleanly(status);
	sr_config_free(&cfg);
}
END_TEST

/* What the filter kills is killed in the kernel under --strace too:
 * the Sentry never sees it, and could not answer it as a kill. */
START_TEST(test_trace_all_still_kills)
{
	struct sr_config cfg;
	sr_config_init(&cfg);
	assert_killed_by_sigsys(run_traced(&cfg, probe_i386_syscall, NULL));
	assert_killed_by_sigsys(run_traced(&cfg, probe_x32_syscall, NULL));
	cfg.events_path = "/dev/null";
	assert_killed_by_sigsys(run_traced(&cfg, probe_i386_syscall, NULL));
	cfg.events_path = NULL;
	cfg.default_action = SR_DEFAULT_KILL;
	assert_killed_by_sigsys(run_traced(&cfg, probe_number_without_row, NULL));
	sr_config_free(&cfg);
}
END_TEST

/* default-action=log under --strace: the allowed half of an argument
 * rule set and the default are both NOTIFY, and neither may swallow the
 * other. */
static void probe_traced_log_default(void)
{
	int code = TRACED_OK;
	long refused = syscall(SYS_personality, READ_IMPLIES_EXEC);
	int refused_errno = errno;
	if (refused != -1 || refused_errno != EPERM)
		code = TRACED_BAD_REFUSAL;
	else if (syscall(SYS_personality, 0xffffffff) < 0)
		code = TRACED_BAD_QUERY;
	else if (syscall(NR_WITHOUT_ROW, -1, NULL, NULL, 0) != -1 || errno != ANSWER_ERRNO)
		code = TRACED_BAD_WITHOUT_ROW;
	syscall(SYS_exit_group, code);
}

START_TEST(test_trace_all_with_log_default_keeps_argument_rules)
{
	struct sr_config cfg;
	struct traced_calls seen = { 0 };
	sr_config_init(&cfg);
	cfg.default_action = SR_DEFAULT_LOG;
	int status = run_traced(&cfg, probe_traced_log_default, &seen);
	ck_assert(seen.without_row);
	assert_exited_cleanly(status);
	sr_config_free(&cfg);
}
END_TEST

/* default-action=log: a number without a row goes to the Sentry. */
static void probe_unknown_number_notified(void)
{
	CHILD_EXPECT_ERRNO(syscall(NR_WITHOUT_ROW, -1, NULL, NULL, 0), ANSWER_ERRNO);
}

START_TEST(test_log_default_notifies_numbers_without_row)
{
	struct sr_config cfg;
	sr_config_init(&cfg);
	cfg.default_action = SR_DEFAULT_LOG;
	scmp_filter_ctx ctx = build_or_fail(&cfg, false);
	int sv[2], pipefd[2];
	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv), 0);
	ck_assert_int_eq(pipe2(pipefd, O_CLOEXEC), 0);
	fflush(NULL);
	pid_t pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		close(sv[0]);
		close(pipefd[0]);
		report_fd = pipefd[1];
		int listener = -1;
		load_in_child(ctx, &listener);
		char tag = 'L';
		CHILD_EXPECT_OK(sr_send_fds(sv[1], &tag, 1, &listener, 1));
		probe_unknown_number_notified();
		_exit(0);
	}
	close(sv[1]);
	close(pipefd[1]);
	seccomp_release(ctx);
	char tag = 0;
	int listener = -1;
	size_t nfds = 0;
	ck_assert_int_eq(sr_recv_fds(sv[0], 0, &tag, 1, &listener, 1, &nfds), 1);
	ck_assert_uint_eq(nfds, 1);
	answer_one(listener, NR_WITHOUT_ROW, -ANSWER_ERRNO, 0);
	char msg[REPORT_MAX] = "";
	ssize_t n = sr_read_all(pipefd[0], msg, sizeof(msg) - 1);
	int status;
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(n <= 0, "%s", msg);
	assert_exited_cleanly(status);
	close(listener);
	close(pipefd[0]);
	close(sv[0]);
	sr_config_free(&cfg);
}
END_TEST

/* The Sentry's and the Gofer's filters on themselves: a call newer than
 * libseccomp 2.5.4 knows (open_tree_attr, setxattrat) gets its rule, and
 * a name nobody knows is an error, not a call quietly left out. */
static void probe_open_tree_attr(void)
{
	syscall(SYS_open_tree_attr, AT_FDCWD, "/nonexistent-sentry-run-probe", 0, NULL, 0);
	child_fail(__LINE__, "open_tree_attr came back: not denied");
}

START_TEST(test_self_filter_denies_newer_calls)
{
	static const char *const names[] = { "fchmodat2", "open_tree_attr", "setxattrat", "mount" };
	struct sr_error err = { 0 };
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);

	ck_assert_ptr_nonnull(ctx);
	ck_assert_int_eq(sr_syscall_nr("fchmodat2"), 452);
	ck_assert_int_eq(sr_syscall_nr("open_tree_attr"), 467);
	ck_assert_int_eq(sr_syscall_nr("setxattrat"), 463);
	ck_assert_int_eq(sr_syscall_nr("mount"), __NR_mount);
	ck_assert_msg(sr_seccomp_deny_names(ctx, SCMP_ACT_KILL_PROCESS, names, SR_ARRAY_SIZE(names), &err) == 0,
		      "%s", err.msg);
	assert_killed_by_sigsys(run_probe(ctx, probe_open_tree_attr));
	seccomp_release(ctx);
}
END_TEST

START_TEST(test_self_filter_refuses_unknown_names)
{
	static const char *const names[] = { "mount", "no_such_call" };
	struct sr_error err = { 0 };
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);

	ck_assert_ptr_nonnull(ctx);
	ck_assert_int_eq(sr_syscall_nr("no_such_call"), -1);
	ck_assert_int_lt(sr_seccomp_deny_names(ctx, SCMP_ACT_KILL_PROCESS, names, SR_ARRAY_SIZE(names), &err), 0);
	ck_assert_msg(strstr(err.msg, "no_such_call") != NULL, "message: %s", err.msg);
	seccomp_release(ctx);
}
END_TEST

static Suite *filter_suite(void)
{
	Suite *s = suite_create("filter");
	TCase *tc = tcase_create("kernel");
	tcase_add_test(tc, test_allowed_calls_work);
	tcase_add_test(tc, test_refused_calls_succeed_or_fail_otherwise_unfiltered);
	tcase_add_test(tc, test_refused_calls_fail_with_their_errno);
	tcase_add_test(tc, test_namespace_flags_are_refused);
	tcase_add_test(tc, test_scalar_argument_rules);
	tcase_add_test(tc, test_socket_families);
	tcase_add_test(tc, test_foreign_architectures_are_killed);
	tcase_add_test(tc, test_kill_default_kills_numbers_without_row);
	tcase_add_test(tc, test_newer_calls_filtered_by_their_rows);
	tcase_add_test(tc, test_newer_path_calls_are_notified);
	tcase_add_test(tc, test_self_filter_denies_newer_calls);
	tcase_add_test(tc, test_self_filter_refuses_unknown_names);
	tcase_add_test(tc, test_deny_refuses_a_call);
	tcase_add_test(tc, test_allow_opts_in_to_a_refused_call);
	tcase_add_test(tc, test_profile_errors_name_the_syscall);
	tcase_add_test(tc, test_notified_call_is_answered_by_the_listener);
	tcase_add_test(tc, test_linux32_personality_is_notified);
	tcase_add_test(tc, test_strace_syscalls_notify_only_those);
	tcase_add_test(tc, test_pidfd_signal_notified_for_events_only);
	tcase_add_test(tc, test_fstat_passes_and_a_path_stat_is_notified);
	tcase_add_test(tc, test_metadata_in_the_kernel_leaves_lookups_there);
	tcase_add_test(tc, test_metadata_in_the_kernel_traced_is_not_refused);
	tcase_add_test(tc, test_listener_without_wait_killable_recv);
	tcase_add_test(tc, test_probe_sees_wait_killable_recv);
	tcase_add_test(tc, test_load_requires_no_new_privs);
	tcase_add_test(tc, test_trace_all_notifies_refused_calls_too);
	tcase_add_test(tc, test_trace_all_still_kills);
	tcase_add_test(tc, test_trace_all_with_log_default_keeps_argument_rules);
	tcase_add_test(tc, test_sentry_refuses_as_the_filter);
	tcase_add_test(tc, test_log_default_notifies_numbers_without_row);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(filter_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
