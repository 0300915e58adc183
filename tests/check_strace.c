/* --strace lines: every argument decoder over a fake program memory, then
 * whole E/X lines compared byte for byte. */
#include "config.h"

#include <arpa/inet.h>
#include <asm/prctl.h>
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <linux/netlink.h>
#include <linux/openat2.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <unistd.h>

#include "compat.h"
#include "sentry/strace.h"
#include "sentry/table.h"
#include "util.h"

/* The fake program memory: readable from FAKE_BASE for FAKE_SIZE bytes,
 * nothing else.  A read running past the end comes back short, as
 * process_vm_readv does at an unmapped page. */
#define FAKE_BASE 0x10000u
#define FAKE_SIZE 16384u
#define UNMAPPED_ADDR 0xdead0000u
#define OUT_MAX 8192

static unsigned char fake_bytes[FAKE_SIZE];
static size_t fake_used;

static ssize_t fake_read(void *ctx, uint64_t addr, void *buf, size_t len)
{
	size_t avail;

	ck_assert_ptr_eq(ctx, fake_bytes);
	if (addr < FAKE_BASE || addr >= FAKE_BASE + FAKE_SIZE)
		return -1;
	avail = FAKE_BASE + FAKE_SIZE - addr;
	if (len > avail)
		len = avail;
	memcpy(buf, fake_bytes + (addr - FAKE_BASE), len);
	return (ssize_t)len;
}

static void fake_reset(void)
{
	memset(fake_bytes, 0, sizeof(fake_bytes));
	fake_used = 0;
}

/* Places `len` bytes in the fake memory (8-aligned) and returns their address. */
static uint64_t fake_put(const void *data, size_t len)
{
	uint64_t addr = FAKE_BASE + fake_used;

	ck_assert_uint_le(fake_used + len, FAKE_SIZE);
	memcpy(fake_bytes + fake_used, data, len);
	fake_used += (len + 7) & ~(size_t)7;
	return addr;
}

static uint64_t fake_put_string(const char *s)
{
	return fake_put(s, strlen(s) + 1);
}

/* Places bytes so that they end exactly where readable memory ends. */
static uint64_t fake_put_at_end(const void *data, size_t len)
{
	memcpy(fake_bytes + FAKE_SIZE - len, data, len);
	return FAKE_BASE + FAKE_SIZE - len;
}

/* A row named `name` whose arguments are the given types. */
static struct sr_syscall_row make_row(const char *name, enum sr_argtype ret,
                                      const enum sr_argtype *args, size_t nargs)
{
	struct sr_syscall_row row;

	memset(&row, 0, sizeof(row));
	row.name = name;
	row.disp = SR_DISP_EMULATE;
	row.ret = ret;
	for (size_t i = 0; i < nargs && i < SR_SYSCALL_MAX_ARGS; i++)
		row.args[i] = args[i];
	return row;
}
#define ROW(name, ret, ...) \
	make_row((name), (ret), (const enum sr_argtype[]){ __VA_ARGS__ }, \
	         sizeof((const enum sr_argtype[]){ __VA_ARGS__ }) / sizeof(enum sr_argtype))

static struct sr_strace_call make_call(const struct sr_syscall_row *row, enum sr_strace_phase phase)
{
	struct sr_strace_call call;

	memset(&call, 0, sizeof(call));
	call.pid = 4;
	call.tid = 4;
	call.comm = "sh";
	call.row = row;
	call.phase = phase;
	call.read = fake_read;
	call.read_ctx = fake_bytes;
	return call;
}

/* Decodes one value as an argument of type `type` in a one-argument row. */
static const char *decode(enum sr_argtype type, uint64_t value)
{
	static char out[OUT_MAX];
	struct sr_syscall_row row = ROW("probe", SR_ARG_INT, type);
	struct sr_strace_call call = make_call(&row, SR_STRACE_ENTRY);

	call.args[0] = value;
	sr_strace_format_arg(out, sizeof(out), &call, 0);
	return out;
}

/* Decodes (value, length) as the first two arguments: pointer types that
 * take their length from the next argument. */
static const char *decode_with_len(enum sr_argtype type, uint64_t value, uint64_t len)
{
	static char out[OUT_MAX];
	struct sr_syscall_row row = ROW("probe", SR_ARG_INT, type, SR_ARG_UINT);
	struct sr_strace_call call = make_call(&row, SR_STRACE_ENTRY);

	call.args[0] = value;
	call.args[1] = len;
	sr_strace_format_arg(out, sizeof(out), &call, 0);
	return out;
}

static void setup(void)
{
	fake_reset();
}

/* ---- scalar types ---- */

START_TEST(test_scalars_print_as_the_kernel_reads_them)
{
	ck_assert_str_eq(decode(SR_ARG_INT, (uint64_t)-1), "-1");
	ck_assert_str_eq(decode(SR_ARG_INT, 42), "42");
	ck_assert_str_eq(decode(SR_ARG_UINT, UINT64_MAX), "18446744073709551615");
	ck_assert_str_eq(decode(SR_ARG_HEX, 0), "0");
	ck_assert_str_eq(decode(SR_ARG_HEX, 0x1f), "0x1f");
	ck_assert_str_eq(decode(SR_ARG_PTR, 0), "NULL");
	ck_assert_str_eq(decode(SR_ARG_PTR, 0x7ffd1234), "0x7ffd1234");
	/* fds are ints: the upper half of the register is not the kernel's */
	ck_assert_str_eq(decode(SR_ARG_FD, 0xffffffffu), "-1");
	ck_assert_str_eq(decode(SR_ARG_FD, 0x100000003u), "3");
	ck_assert_str_eq(decode(SR_ARG_DIRFD, (uint64_t)(int64_t)AT_FDCWD), "AT_FDCWD");
	ck_assert_str_eq(decode(SR_ARG_DIRFD, (uint32_t)AT_FDCWD), "AT_FDCWD");
	ck_assert_str_eq(decode(SR_ARG_DIRFD, 5), "5");
	ck_assert_str_eq(decode(SR_ARG_MODE, 0644), "0644");
	ck_assert_str_eq(decode(SR_ARG_MODE, 04755), "04755");
	ck_assert_str_eq(decode(SR_ARG_MODE, 0), "0");
}
END_TEST

START_TEST(test_argument_past_the_row_prints_nothing)
{
	char out[OUT_MAX];
	struct sr_syscall_row row = ROW("probe", SR_ARG_INT, SR_ARG_INT);
	struct sr_strace_call call = make_call(&row, SR_STRACE_ENTRY);

	ck_assert_uint_eq(sr_strace_format_arg(out, sizeof(out), &call, 1), 0);
	ck_assert_str_eq(out, "");
	ck_assert_uint_eq(sr_strace_format_arg(out, sizeof(out), &call, SR_SYSCALL_MAX_ARGS), 0);
	ck_assert_str_eq(out, "");
}
END_TEST

/* ---- strings ---- */

START_TEST(test_string_is_quoted_and_escaped)
{
	uint64_t addr = fake_put_string("/tmp/a\"b\\c\nd\te\x01\x7f\xff");

	ck_assert_str_eq(decode(SR_ARG_PATH, addr), "\"/tmp/a\\\"b\\\\c\\nd\\te\\x01\\x7f\\xff\"");
}
END_TEST

START_TEST(test_string_is_cut_at_the_bound)
{
	char longer[SR_STRACE_STRING_MAX + 10];
	char exact[SR_STRACE_STRING_MAX + 1];
	char expected[SR_STRACE_STRING_MAX + 8];

	memset(longer, 'a', sizeof(longer) - 1);
	longer[sizeof(longer) - 1] = '\0';
	memset(exact, 'a', sizeof(exact) - 1);
	exact[sizeof(exact) - 1] = '\0';

	snprintf(expected, sizeof(expected), "\"%.*s\"...", SR_STRACE_STRING_MAX, longer);
	ck_assert_str_eq(decode(SR_ARG_STRING, fake_put_string(longer)), expected);
	/* exactly at the bound: whole, not cut */
	snprintf(expected, sizeof(expected), "\"%s\"", exact);
	ck_assert_str_eq(decode(SR_ARG_STRING, fake_put_string(exact)), expected);
}
END_TEST

START_TEST(test_path_is_printed_whole_up_to_path_max)
{
	char path[300];
	char expected[310];

	memset(path, 'p', sizeof(path) - 1);
	path[0] = '/';
	path[sizeof(path) - 1] = '\0';
	snprintf(expected, sizeof(expected), "\"%s\"", path);
	ck_assert_str_eq(decode(SR_ARG_PATH, fake_put_string(path)), expected);
}
END_TEST

START_TEST(test_path_longer_than_path_max_is_cut)
{
	static char path[SR_STRACE_PATH_MAX + 100];
	const char *out;

	memset(path, 'p', sizeof(path) - 1);
	path[sizeof(path) - 1] = '\0';
	out = decode(SR_ARG_PATH, fake_put_string(path));
	ck_assert_uint_eq(strlen(out), SR_STRACE_PATH_MAX + strlen("\"\"..."));
	ck_assert_str_eq(out + strlen(out) - strlen("p\"..."), "p\"...");
}
END_TEST

START_TEST(test_string_running_into_unreadable_memory_is_cut)
{
	uint64_t addr = fake_put_at_end("abc", 3);

	ck_assert_str_eq(decode(SR_ARG_PATH, addr), "\"abc\"...");
}
END_TEST

START_TEST(test_unreadable_and_null_pointers)
{
	ck_assert_str_eq(decode(SR_ARG_PATH, UNMAPPED_ADDR), "0xdead0000 (bad)");
	ck_assert_str_eq(decode(SR_ARG_STRING, UNMAPPED_ADDR), "0xdead0000 (bad)");
	ck_assert_str_eq(decode(SR_ARG_STRING_ARRAY, UNMAPPED_ADDR), "0xdead0000 (bad)");
	ck_assert_str_eq(decode(SR_ARG_PATH, 0), "NULL");
	ck_assert_str_eq(decode(SR_ARG_STRING, 0), "NULL");
	ck_assert_str_eq(decode(SR_ARG_STRING_ARRAY, 0), "NULL");
	ck_assert_str_eq(decode_with_len(SR_ARG_BUF_IN, 0, 10), "NULL");
	ck_assert_str_eq(decode_with_len(SR_ARG_BUF_IN, UNMAPPED_ADDR, 10), "0xdead0000 (bad)");
	ck_assert_str_eq(decode_with_len(SR_ARG_SOCKADDR, UNMAPPED_ADDR, 16), "0xdead0000 (bad)");
	ck_assert_str_eq(decode_with_len(SR_ARG_OPEN_HOW, UNMAPPED_ADDR, 24), "0xdead0000 (bad)");
}
END_TEST

START_TEST(test_without_a_reader_pointers_are_not_followed)
{
	char out[OUT_MAX];
	uint64_t addr = fake_put_string("/etc/passwd");
	struct sr_syscall_row row = ROW("probe", SR_ARG_INT, SR_ARG_PATH);
	struct sr_strace_call call = make_call(&row, SR_STRACE_ENTRY);

	call.read = NULL;
	call.args[0] = addr;
	sr_strace_format_arg(out, sizeof(out), &call, 0);
	ck_assert_str_eq(out, "0x10000");
}
END_TEST

/* ---- buffers ---- */

START_TEST(test_buffer_in_takes_its_length_from_the_next_argument)
{
	static const char bytes[] = "hello\0world\n";   /* 12 bytes and a NUL */
	char big[SR_STRACE_STRING_MAX * 2];
	char expected[SR_STRACE_STRING_MAX + 8];
	uint64_t addr = fake_put(bytes, sizeof(bytes));

	ck_assert_str_eq(decode_with_len(SR_ARG_BUF_IN, addr, 5), "\"hello\"");
	ck_assert_str_eq(decode_with_len(SR_ARG_BUF_IN, addr, 12), "\"hello\\x00world\\n\"");
	ck_assert_str_eq(decode_with_len(SR_ARG_BUF_IN, addr, 0), "\"\"");

	memset(big, 'b', sizeof(big));
	snprintf(expected, sizeof(expected), "\"%.*s\"...", SR_STRACE_STRING_MAX, big);
	ck_assert_str_eq(decode_with_len(SR_ARG_BUF_IN, fake_put(big, sizeof(big)), sizeof(big)),
	                 expected);
	/* a length past readable memory: what could be read, then cut */
	ck_assert_str_eq(decode_with_len(SR_ARG_BUF_IN, fake_put_at_end("xy", 2), 10), "\"xy\"...");
}
END_TEST

START_TEST(test_buffer_in_without_a_length_is_a_pointer)
{
	ck_assert_str_eq(decode(SR_ARG_BUF_IN, fake_put_string("abc")), "0x10000");
}
END_TEST

START_TEST(test_buffer_out_is_the_pointer_at_entry_and_the_bytes_at_exit)
{
	char out[OUT_MAX];
	uint64_t addr = fake_put("data read", 9);
	struct sr_syscall_row row = ROW("read", SR_ARG_INT, SR_ARG_FD, SR_ARG_BUF_OUT, SR_ARG_UINT);
	struct sr_syscall_row fstat_row = ROW("fstat", SR_ARG_INT, SR_ARG_FD, SR_ARG_BUF_OUT);
	struct sr_strace_call call = make_call(&row, SR_STRACE_ENTRY);

	call.args[0] = 3;
	call.args[1] = addr;
	call.args[2] = 100;
	sr_strace_format_arg(out, sizeof(out), &call, 1);
	ck_assert_str_eq(out, "0x10000");

	call.phase = SR_STRACE_EXIT;
	call.ret = 4;
	sr_strace_format_arg(out, sizeof(out), &call, 1);
	ck_assert_str_eq(out, "\"data\"");

	/* never more than the size the program gave */
	call.args[2] = 2;
	call.ret = 9;
	sr_strace_format_arg(out, sizeof(out), &call, 1);
	ck_assert_str_eq(out, "\"da\"");

	call.ret = -EFAULT;
	sr_strace_format_arg(out, sizeof(out), &call, 1);
	ck_assert_str_eq(out, "0x10000");

	/* no size argument: the result is no byte count */
	call = make_call(&fstat_row, SR_STRACE_EXIT);
	call.args[1] = addr;
	sr_strace_format_arg(out, sizeof(out), &call, 1);
	ck_assert_str_eq(out, "0x10000");
}
END_TEST

/* ---- flags ---- */

START_TEST(test_open_flags)
{
	ck_assert_str_eq(decode(SR_ARG_OPEN_FLAGS, O_RDONLY), "O_RDONLY");
	ck_assert_str_eq(decode(SR_ARG_OPEN_FLAGS, O_RDONLY | O_CLOEXEC), "O_RDONLY|O_CLOEXEC");
	ck_assert_str_eq(decode(SR_ARG_OPEN_FLAGS, O_WRONLY | O_CREAT | O_EXCL | O_TRUNC),
	                 "O_WRONLY|O_CREAT|O_EXCL|O_TRUNC");
	ck_assert_str_eq(decode(SR_ARG_OPEN_FLAGS, O_RDWR | O_APPEND | O_NONBLOCK | O_DIRECTORY |
	                                           O_NOFOLLOW | O_CLOEXEC),
	                 "O_RDWR|O_APPEND|O_NONBLOCK|O_DIRECTORY|O_NOFOLLOW|O_CLOEXEC");
	ck_assert_str_eq(decode(SR_ARG_OPEN_FLAGS, O_PATH | O_CLOEXEC), "O_RDONLY|O_CLOEXEC|O_PATH");
	ck_assert_str_eq(decode(SR_ARG_OPEN_FLAGS, O_RDWR | O_TMPFILE), "O_RDWR|O_TMPFILE");
	ck_assert_str_eq(decode(SR_ARG_OPEN_FLAGS, O_WRONLY | O_SYNC), "O_WRONLY|O_SYNC");
	ck_assert_str_eq(decode(SR_ARG_OPEN_FLAGS, O_WRONLY | O_DSYNC), "O_WRONLY|O_DSYNC");
	ck_assert_str_eq(decode(SR_ARG_OPEN_FLAGS, SR_KERNEL_O_LARGEFILE), "O_RDONLY|O_LARGEFILE");
	/* unknown bits and an impossible access mode stay visible */
	ck_assert_str_eq(decode(SR_ARG_OPEN_FLAGS, O_RDONLY | 0x40000000), "O_RDONLY|0x40000000");
	ck_assert_str_eq(decode(SR_ARG_OPEN_FLAGS, 3 | O_CREAT), "O_CREAT|0x3");
}
END_TEST

START_TEST(test_at_flags)
{
	ck_assert_str_eq(decode(SR_ARG_AT_FLAGS, 0), "0");
	ck_assert_str_eq(decode(SR_ARG_AT_FLAGS, AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH),
	                 "AT_SYMLINK_NOFOLLOW|AT_EMPTY_PATH");
	ck_assert_str_eq(decode(SR_ARG_AT_FLAGS, AT_REMOVEDIR), "AT_REMOVEDIR");
	ck_assert_str_eq(decode(SR_ARG_AT_FLAGS, AT_SYMLINK_FOLLOW), "AT_SYMLINK_FOLLOW");
	ck_assert_str_eq(decode(SR_ARG_AT_FLAGS, AT_NO_AUTOMOUNT | AT_STATX_DONT_SYNC),
	                 "AT_NO_AUTOMOUNT|AT_STATX_DONT_SYNC");
	ck_assert_str_eq(decode(SR_ARG_AT_FLAGS, AT_STATX_FORCE_SYNC | AT_RECURSIVE),
	                 "AT_STATX_FORCE_SYNC|AT_RECURSIVE");
	ck_assert_str_eq(decode(SR_ARG_AT_FLAGS, AT_EMPTY_PATH | 0x10000), "AT_EMPTY_PATH|0x10000");
}
END_TEST

START_TEST(test_at_flags_of_faccessat2_say_eaccess)
{
	char out[OUT_MAX];
	struct sr_syscall_row row = ROW("faccessat2", SR_ARG_INT, SR_ARG_DIRFD, SR_ARG_PATH,
	                                SR_ARG_ACCESS_MODE, SR_ARG_AT_FLAGS);
	struct sr_strace_call call = make_call(&row, SR_STRACE_ENTRY);

	call.args[0] = (uint64_t)(int64_t)AT_FDCWD;
	call.args[1] = fake_put_string("/bin/sh");
	call.args[2] = X_OK;
	call.args[3] = AT_EACCESS | AT_SYMLINK_NOFOLLOW;
	sr_strace_format(out, sizeof(out), &call);
	ck_assert_str_eq(out, "[  4:  4] sh E faccessat2(AT_FDCWD, \"/bin/sh\", X_OK, "
	                      "AT_SYMLINK_NOFOLLOW|AT_EACCESS)\n");
}
END_TEST

START_TEST(test_prot)
{
	ck_assert_str_eq(decode(SR_ARG_PROT, PROT_NONE), "PROT_NONE");
	ck_assert_str_eq(decode(SR_ARG_PROT, PROT_READ | PROT_WRITE), "PROT_READ|PROT_WRITE");
	ck_assert_str_eq(decode(SR_ARG_PROT, PROT_READ | PROT_EXEC | PROT_GROWSDOWN),
	                 "PROT_READ|PROT_EXEC|PROT_GROWSDOWN");
	ck_assert_str_eq(decode(SR_ARG_PROT, PROT_READ | 0x10), "PROT_READ|0x10");
}
END_TEST

START_TEST(test_map_flags)
{
	ck_assert_str_eq(decode(SR_ARG_MAP_FLAGS, MAP_PRIVATE | MAP_ANONYMOUS),
	                 "MAP_PRIVATE|MAP_ANONYMOUS");
	ck_assert_str_eq(decode(SR_ARG_MAP_FLAGS, MAP_SHARED | MAP_FIXED), "MAP_SHARED|MAP_FIXED");
	ck_assert_str_eq(decode(SR_ARG_MAP_FLAGS, MAP_PRIVATE | MAP_FIXED_NOREPLACE | MAP_DENYWRITE),
	                 "MAP_PRIVATE|MAP_DENYWRITE|MAP_FIXED_NOREPLACE");
	ck_assert_str_eq(decode(SR_ARG_MAP_FLAGS, MAP_SHARED_VALIDATE | MAP_SYNC),
	                 "MAP_SHARED_VALIDATE|MAP_SYNC");
	ck_assert_str_eq(decode(SR_ARG_MAP_FLAGS, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK | MAP_GROWSDOWN),
	                 "MAP_PRIVATE|MAP_ANONYMOUS|MAP_GROWSDOWN|MAP_STACK");
	ck_assert_str_eq(decode(SR_ARG_MAP_FLAGS, MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB | (21u << 26)),
	                 "MAP_PRIVATE|MAP_ANONYMOUS|MAP_HUGETLB|21<<MAP_HUGE_SHIFT");
	/* without MAP_HUGETLB those bits are no page size */
	ck_assert_str_eq(decode(SR_ARG_MAP_FLAGS, MAP_PRIVATE | (1u << 26)), "MAP_PRIVATE|0x4000000");
	ck_assert_str_eq(decode(SR_ARG_MAP_FLAGS, MAP_ANONYMOUS), "MAP_ANONYMOUS");
}
END_TEST

START_TEST(test_clone_flags_with_exit_signal)
{
	ck_assert_str_eq(decode(SR_ARG_CLONE_FLAGS, CLONE_CHILD_CLEARTID | CLONE_CHILD_SETTID | SIGCHLD),
	                 "CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD");
	ck_assert_str_eq(decode(SR_ARG_CLONE_FLAGS, CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND |
	                                            CLONE_THREAD | CLONE_SYSVSEM | CLONE_SETTLS |
	                                            CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID),
	                 "CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM|"
	                 "CLONE_SETTLS|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID");
	ck_assert_str_eq(decode(SR_ARG_CLONE_FLAGS, CLONE_VM | CLONE_VFORK | SIGCHLD),
	                 "CLONE_VM|CLONE_VFORK|SIGCHLD");
	ck_assert_str_eq(decode(SR_ARG_CLONE_FLAGS, CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID),
	                 "CLONE_NEWNS|CLONE_NEWUSER|CLONE_NEWPID");
	ck_assert_str_eq(decode(SR_ARG_CLONE_FLAGS, CLONE_NEWTIME), "CLONE_NEWTIME");
	ck_assert_str_eq(decode(SR_ARG_CLONE_FLAGS, 0), "0");
	/* clone3-only bits and a low byte that is no signal stay visible */
	ck_assert_str_eq(decode(SR_ARG_CLONE_FLAGS, 0x100000000ull | SIGCHLD), "SIGCHLD|0x100000000");
	ck_assert_str_eq(decode(SR_ARG_CLONE_FLAGS, CLONE_VM | 0x7f), "CLONE_VM|0x7f");
}
END_TEST

START_TEST(test_signals)
{
	ck_assert_str_eq(decode(SR_ARG_SIGNAL, SIGTERM), "SIGTERM");
	ck_assert_str_eq(decode(SR_ARG_SIGNAL, SIGKILL), "SIGKILL");
	ck_assert_str_eq(decode(SR_ARG_SIGNAL, SIGHUP), "SIGHUP");
	ck_assert_str_eq(decode(SR_ARG_SIGNAL, SIGSYS), "SIGSYS");
	ck_assert_str_eq(decode(SR_ARG_SIGNAL, 0), "0");
	ck_assert_str_eq(decode(SR_ARG_SIGNAL, 32), "SIGRTMIN");
	ck_assert_str_eq(decode(SR_ARG_SIGNAL, 34), "SIGRTMIN+2");
	ck_assert_str_eq(decode(SR_ARG_SIGNAL, 64), "SIGRTMIN+32");
	ck_assert_str_eq(decode(SR_ARG_SIGNAL, 65), "65");
	ck_assert_str_eq(decode(SR_ARG_SIGNAL, 0xffffffffu), "-1");
}
END_TEST

START_TEST(test_fcntl_and_prctl_codes)
{
	ck_assert_str_eq(decode(SR_ARG_FCNTL_CMD, F_SETFD), "F_SETFD");
	ck_assert_str_eq(decode(SR_ARG_FCNTL_CMD, F_GETFL), "F_GETFL");
	ck_assert_str_eq(decode(SR_ARG_FCNTL_CMD, F_DUPFD_CLOEXEC), "F_DUPFD_CLOEXEC");
	ck_assert_str_eq(decode(SR_ARG_FCNTL_CMD, F_ADD_SEALS), "F_ADD_SEALS");
	ck_assert_str_eq(decode(SR_ARG_FCNTL_CMD, 9999), "9999");
	ck_assert_str_eq(decode(SR_ARG_PRCTL_OPT, PR_SET_NO_NEW_PRIVS), "PR_SET_NO_NEW_PRIVS");
	ck_assert_str_eq(decode(SR_ARG_PRCTL_OPT, PR_SET_NAME), "PR_SET_NAME");
	ck_assert_str_eq(decode(SR_ARG_PRCTL_OPT, PR_SET_DUMPABLE), "PR_SET_DUMPABLE");
	ck_assert_str_eq(decode(SR_ARG_PRCTL_OPT, PR_SET_SECCOMP), "PR_SET_SECCOMP");
	ck_assert_str_eq(decode(SR_ARG_PRCTL_OPT, 1000), "1000");
}
END_TEST

START_TEST(test_socket_family_and_type)
{
	ck_assert_str_eq(decode(SR_ARG_SOCK_FAMILY, AF_INET6), "AF_INET6");
	ck_assert_str_eq(decode(SR_ARG_SOCK_FAMILY, AF_UNIX), "AF_UNIX");
	ck_assert_str_eq(decode(SR_ARG_SOCK_FAMILY, AF_NETLINK), "AF_NETLINK");
	ck_assert_str_eq(decode(SR_ARG_SOCK_FAMILY, 200), "200");
	ck_assert_str_eq(decode(SR_ARG_SOCK_TYPE, SOCK_STREAM), "SOCK_STREAM");
	ck_assert_str_eq(decode(SR_ARG_SOCK_TYPE, SOCK_STREAM | SOCK_CLOEXEC), "SOCK_STREAM|SOCK_CLOEXEC");
	ck_assert_str_eq(decode(SR_ARG_SOCK_TYPE, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC),
	                 "SOCK_DGRAM|SOCK_NONBLOCK|SOCK_CLOEXEC");
	ck_assert_str_eq(decode(SR_ARG_SOCK_TYPE, SOCK_SEQPACKET | 0x100), "SOCK_SEQPACKET|0x100");
	ck_assert_str_eq(decode(SR_ARG_SOCK_TYPE, 0xe), "0xe");
}
END_TEST

START_TEST(test_whence_futex_access_rename)
{
	ck_assert_str_eq(decode(SR_ARG_WHENCE, SEEK_SET), "SEEK_SET");
	ck_assert_str_eq(decode(SR_ARG_WHENCE, SEEK_END), "SEEK_END");
	ck_assert_str_eq(decode(SR_ARG_WHENCE, SEEK_HOLE), "SEEK_HOLE");
	ck_assert_str_eq(decode(SR_ARG_WHENCE, 7), "7");

	ck_assert_str_eq(decode(SR_ARG_FUTEX_OP, FUTEX_WAKE), "FUTEX_WAKE");
	ck_assert_str_eq(decode(SR_ARG_FUTEX_OP, FUTEX_WAIT_PRIVATE), "FUTEX_WAIT_PRIVATE");
	ck_assert_str_eq(decode(SR_ARG_FUTEX_OP, FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG |
	                                         FUTEX_CLOCK_REALTIME),
	                 "FUTEX_WAIT_BITSET_PRIVATE|FUTEX_CLOCK_REALTIME");
	ck_assert_str_eq(decode(SR_ARG_FUTEX_OP, 0x7f), "0x7f");

	ck_assert_str_eq(decode(SR_ARG_ACCESS_MODE, F_OK), "F_OK");
	ck_assert_str_eq(decode(SR_ARG_ACCESS_MODE, R_OK | W_OK | X_OK), "R_OK|W_OK|X_OK");
	ck_assert_str_eq(decode(SR_ARG_ACCESS_MODE, W_OK | 0x8), "W_OK|0x8");

	ck_assert_str_eq(decode(SR_ARG_RENAME_FLAGS, 0), "0");
	ck_assert_str_eq(decode(SR_ARG_RENAME_FLAGS, RENAME_NOREPLACE), "RENAME_NOREPLACE");
	ck_assert_str_eq(decode(SR_ARG_RENAME_FLAGS, RENAME_EXCHANGE | RENAME_WHITEOUT | 0x8),
	                 "RENAME_EXCHANGE|RENAME_WHITEOUT|0x8");
}
END_TEST

START_TEST(test_ioctl_requests)
{
	ck_assert_str_eq(decode(SR_ARG_IOCTL_REQ, TCGETS), "TCGETS");
	ck_assert_str_eq(decode(SR_ARG_IOCTL_REQ, TIOCGWINSZ), "TIOCGWINSZ");
	ck_assert_str_eq(decode(SR_ARG_IOCTL_REQ, TIOCSTI), "TIOCSTI");
	ck_assert_str_eq(decode(SR_ARG_IOCTL_REQ, TIOCLINUX), "TIOCLINUX");
	ck_assert_str_eq(decode(SR_ARG_IOCTL_REQ, FIONREAD), "FIONREAD");
	ck_assert_str_eq(decode(SR_ARG_IOCTL_REQ, FIONBIO), "FIONBIO");
	ck_assert_str_eq(decode(SR_ARG_IOCTL_REQ, TIOCGPGRP), "TIOCGPGRP");
	/* the kernel reads an unsigned int: the upper half cannot hide TIOCSTI */
	ck_assert_str_eq(decode(SR_ARG_IOCTL_REQ, 0xffffffff00000000ull | TIOCSTI), "TIOCSTI");
	ck_assert_str_eq(decode(SR_ARG_IOCTL_REQ, 0xdeadbeef), "0xdeadbeef");
}
END_TEST

/* ---- structures in the program's memory ---- */

START_TEST(test_sockaddr_inet)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(80) };
	struct sockaddr_in6 sin6 = { .sin6_family = AF_INET6, .sin6_port = htons(8080) };
	uint64_t addr;

	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	addr = fake_put(&sin, sizeof(sin));
	ck_assert_str_eq(decode_with_len(SR_ARG_SOCKADDR, addr, sizeof(sin)), "{AF_INET, 127.0.0.1:80}");
	/* too short for an address: only the family */
	ck_assert_str_eq(decode_with_len(SR_ARG_SOCKADDR, addr, 4), "{AF_INET}");
	ck_assert_str_eq(decode_with_len(SR_ARG_SOCKADDR, addr, 1), "0x10000");

	sin6.sin6_addr = in6addr_loopback;
	addr = fake_put(&sin6, sizeof(sin6));
	ck_assert_str_eq(decode_with_len(SR_ARG_SOCKADDR, addr, sizeof(sin6)), "{AF_INET6, [::1]:8080}");
	sin6.sin6_scope_id = 2;
	addr = fake_put(&sin6, sizeof(sin6));
	ck_assert_str_eq(decode_with_len(SR_ARG_SOCKADDR, addr, sizeof(sin6)), "{AF_INET6, [::1%2]:8080}");
	/* RFC 2133's 24 bytes, without the scope id, which the kernel takes */
	ck_assert_str_eq(decode_with_len(SR_ARG_SOCKADDR, addr, 24), "{AF_INET6, [::1]:8080}");
}
END_TEST

START_TEST(test_sockaddr_unix)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	socklen_t path_len = (socklen_t)offsetof(struct sockaddr_un, sun_path);
	uint64_t addr;

	strcpy(sun.sun_path, "/run/app.sock");
	addr = fake_put(&sun, sizeof(sun));
	ck_assert_str_eq(decode_with_len(SR_ARG_SOCKADDR, addr, sizeof(sun)),
	                 "{AF_UNIX, \"/run/app.sock\"}");

	/* abstract: a leading NUL, then every byte of the length is the name */
	memset(sun.sun_path, 0, sizeof(sun.sun_path));
	memcpy(sun.sun_path, "\0name\0x", 7);
	addr = fake_put(&sun, sizeof(sun));
	ck_assert_str_eq(decode_with_len(SR_ARG_SOCKADDR, addr, path_len + 5), "{AF_UNIX, @\"name\"}");
	ck_assert_str_eq(decode_with_len(SR_ARG_SOCKADDR, addr, path_len + 7),
	                 "{AF_UNIX, @\"name\\x00x\"}");
	/* unnamed */
	ck_assert_str_eq(decode_with_len(SR_ARG_SOCKADDR, addr, path_len), "{AF_UNIX}");
}
END_TEST

START_TEST(test_sockaddr_other_families)
{
	struct sockaddr_storage ss = { .ss_family = AF_NETLINK };
	uint64_t addr = fake_put(&ss, sizeof(ss));

	ck_assert_str_eq(decode_with_len(SR_ARG_SOCKADDR, addr, 12), "{AF_NETLINK}");
	ss.ss_family = 250;
	addr = fake_put(&ss, sizeof(ss));
	ck_assert_str_eq(decode_with_len(SR_ARG_SOCKADDR, addr, 16), "{family=250}");
	ck_assert_str_eq(decode_with_len(SR_ARG_SOCKADDR, 0, 16), "NULL");
}
END_TEST

START_TEST(test_string_array)
{
	uint64_t argv[4];
	uint64_t addr;

	argv[0] = fake_put_string("sh");
	argv[1] = fake_put_string("-c");
	argv[2] = fake_put_string("echo \"hi\"");
	argv[3] = 0;
	addr = fake_put(argv, sizeof(argv));
	ck_assert_str_eq(decode(SR_ARG_STRING_ARRAY, addr), "[\"sh\", \"-c\", \"echo \\\"hi\\\"\"]");

	argv[0] = 0;
	ck_assert_str_eq(decode(SR_ARG_STRING_ARRAY, fake_put(argv, sizeof(argv[0]))), "[]");

	/* an element that cannot be read */
	argv[0] = fake_put_string("ok");
	argv[1] = UNMAPPED_ADDR;
	argv[2] = 0;
	ck_assert_str_eq(decode(SR_ARG_STRING_ARRAY, fake_put(argv, 3 * sizeof(argv[0]))),
	                 "[\"ok\", 0xdead0000 (bad)]");
}
END_TEST

START_TEST(test_string_array_running_into_unreadable_memory)
{
	uint64_t element = fake_put_string("last");
	uint64_t addr = fake_put_at_end(&element, sizeof(element));
	char expected[64];

	snprintf(expected, sizeof(expected), "[\"last\", %#llx (bad)]",
	         (unsigned long long)(FAKE_BASE + FAKE_SIZE));
	ck_assert_str_eq(decode(SR_ARG_STRING_ARRAY, addr), expected);
}
END_TEST

START_TEST(test_string_array_is_bounded)
{
	uint64_t argv[SR_STRACE_ARRAY_MAX + 2];
	uint64_t one = fake_put_string("x");
	const char *out;
	size_t n;

	for (size_t i = 0; i < SR_ARRAY_SIZE(argv); i++)
		argv[i] = one;
	argv[SR_STRACE_ARRAY_MAX + 1] = 0;
	out = decode(SR_ARG_STRING_ARRAY, fake_put(argv, sizeof(argv)));
	ck_assert_str_eq(out + strlen(out) - strlen("\"x\", ...]"), "\"x\", ...]");
	n = 0;
	for (const char *p = out; (p = strstr(p, "\"x\"")) != NULL; p++)
		n++;
	ck_assert_uint_eq(n, SR_STRACE_ARRAY_MAX);

	/* exactly the bound: whole */
	argv[SR_STRACE_ARRAY_MAX] = 0;
	out = decode(SR_ARG_STRING_ARRAY, fake_put(argv, sizeof(argv)));
	ck_assert_str_eq(out + strlen(out) - strlen("\"x\"]"), "\"x\"]");
	ck_assert_ptr_null(strstr(out, "..."));
}
END_TEST

START_TEST(test_open_how)
{
	struct open_how how = {
		.flags = O_RDONLY | O_CLOEXEC,
		.mode = 0,
		.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS,
	};
	uint64_t addr = fake_put(&how, sizeof(how));

	ck_assert_str_eq(decode_with_len(SR_ARG_OPEN_HOW, addr, sizeof(how)),
	                 "{flags=O_RDONLY|O_CLOEXEC, mode=0, resolve=RESOLVE_NO_SYMLINKS|RESOLVE_BENEATH}");
	how.flags = O_WRONLY | O_CREAT;
	how.mode = 0600;
	how.resolve = 0x400;
	addr = fake_put(&how, sizeof(how));
	ck_assert_str_eq(decode_with_len(SR_ARG_OPEN_HOW, addr, sizeof(how)),
	                 "{flags=O_WRONLY|O_CREAT, mode=0600, resolve=0x400}");
	/* smaller than the first version of the struct: the kernel refuses it */
	ck_assert_str_eq(decode_with_len(SR_ARG_OPEN_HOW, addr, 8), "0x10018");
	ck_assert_str_eq(decode_with_len(SR_ARG_OPEN_HOW, 0, sizeof(how)), "NULL");
}
END_TEST

/* ---- whole lines ---- */

static const char *format_line(const struct sr_strace_call *call)
{
	static char out[OUT_MAX];
	size_t len = sr_strace_format(out, sizeof(out), call);

	ck_assert_uint_eq(len, strlen(out));
	return out;
}

START_TEST(test_line_openat_entry_and_exit)
{
	struct sr_syscall_row row = ROW("openat", SR_ARG_FD, SR_ARG_DIRFD, SR_ARG_PATH,
	                                SR_ARG_OPEN_FLAGS, SR_ARG_MODE);
	struct sr_strace_call call = make_call(&row, SR_STRACE_ENTRY);

	call.args[0] = (uint64_t)(int64_t)AT_FDCWD;
	call.args[1] = fake_put_string("/etc/passwd");
	call.args[2] = O_RDONLY | O_CLOEXEC;
	ck_assert_str_eq(format_line(&call),
	                 "[  4:  4] sh E openat(AT_FDCWD, \"/etc/passwd\", O_RDONLY|O_CLOEXEC)\n");
	call.phase = SR_STRACE_EXIT;
	call.ret = 3;
	call.duration_ns = 14234;
	ck_assert_str_eq(format_line(&call),
	                 "[  4:  4] sh X openat(AT_FDCWD, \"/etc/passwd\", O_RDONLY|O_CLOEXEC) = 3 (14.2us)\n");
}
END_TEST

START_TEST(test_line_openat_failing_names_the_errno)
{
	struct sr_syscall_row row = ROW("openat", SR_ARG_FD, SR_ARG_DIRFD, SR_ARG_PATH,
	                                SR_ARG_OPEN_FLAGS, SR_ARG_MODE);
	struct sr_strace_call call = make_call(&row, SR_STRACE_EXIT);

	call.args[0] = (uint64_t)(int64_t)AT_FDCWD;
	call.args[1] = fake_put_string("/nope");
	call.args[2] = O_RDONLY;
	call.ret = -ENOENT;
	call.duration_ns = 3100;
	ck_assert_str_eq(format_line(&call),
	                 "[  4:  4] sh X openat(AT_FDCWD, \"/nope\", O_RDONLY) = -1 ENOENT "
	                 "(No such file or directory) (3.1us)\n");
	call.ret = -EACCES;
	ck_assert_str_eq(format_line(&call),
	                 "[  4:  4] sh X openat(AT_FDCWD, \"/nope\", O_RDONLY) = -1 EACCES "
	                 "(Permission denied) (3.1us)\n");
	/* an errno no table knows is still shown as one */
	call.ret = -4000;
	ck_assert_str_eq(format_line(&call),
	                 "[  4:  4] sh X openat(AT_FDCWD, \"/nope\", O_RDONLY) = -1 errno 4000 (3.1us)\n");
	/* the Sentry's answer for a call a signal interrupted (net.c), as strace(1) shows it */
	call.ret = -512;
	ck_assert_str_eq(format_line(&call),
	                 "[  4:  4] sh X openat(AT_FDCWD, \"/nope\", O_RDONLY) = ? ERESTARTSYS "
	                 "(To be restarted if SA_RESTART is set) (3.1us)\n");
}
END_TEST

START_TEST(test_line_openat_creating_shows_the_mode)
{
	struct sr_syscall_row row = ROW("openat", SR_ARG_FD, SR_ARG_DIRFD, SR_ARG_PATH,
	                                SR_ARG_OPEN_FLAGS, SR_ARG_MODE);
	struct sr_strace_call call = make_call(&row, SR_STRACE_ENTRY);

	call.pid = 1234;
	call.tid = 1240;
	call.args[0] = 7;
	call.args[1] = fake_put_string("out.txt");
	call.args[2] = O_WRONLY | O_CREAT | O_TRUNC;
	call.args[3] = 0644;
	ck_assert_str_eq(format_line(&call),
	                 "[1234:1240] sh E openat(7, \"out.txt\", O_WRONLY|O_CREAT|O_TRUNC, 0644)\n");
}
END_TEST

START_TEST(test_line_execve_with_argv)
{
	struct sr_syscall_row row = ROW("execve", SR_ARG_INT, SR_ARG_PATH, SR_ARG_STRING_ARRAY,
	                                SR_ARG_STRING_ARRAY);
	struct sr_strace_call call = make_call(&row, SR_STRACE_ENTRY);
	uint64_t argv[4], envp[2];

	argv[0] = fake_put_string("sh");
	argv[1] = fake_put_string("-c");
	argv[2] = fake_put_string("echo hi");
	argv[3] = 0;
	envp[0] = fake_put_string("PATH=/bin");
	envp[1] = 0;
	call.pid = 1;
	call.tid = 1;
	call.comm = "sentry-init";
	call.args[0] = fake_put_string("/bin/sh");
	call.args[1] = fake_put(argv, sizeof(argv));
	call.args[2] = fake_put(envp, sizeof(envp));
	ck_assert_str_eq(format_line(&call),
	                 "[  1:  1] sentry-init E execve(\"/bin/sh\", [\"sh\", \"-c\", \"echo hi\"], "
	                 "[\"PATH=/bin\"])\n");
	call.phase = SR_STRACE_EXIT;
	call.ret = 0;
	call.duration_ns = 250000;
	ck_assert_str_eq(format_line(&call),
	                 "[  1:  1] sentry-init X execve(\"/bin/sh\", [\"sh\", \"-c\", \"echo hi\"], "
	                 "[\"PATH=/bin\"]) = 0 (250.0us)\n");
}
END_TEST

START_TEST(test_line_mmap)
{
	struct sr_syscall_row row = ROW("mmap", SR_ARG_PTR, SR_ARG_PTR, SR_ARG_UINT, SR_ARG_PROT,
	                                SR_ARG_MAP_FLAGS, SR_ARG_FD, SR_ARG_HEX);
	struct sr_strace_call call = make_call(&row, SR_STRACE_EXIT);

	call.args[1] = 8192;
	call.args[2] = PROT_READ | PROT_WRITE;
	call.args[3] = MAP_PRIVATE | MAP_ANONYMOUS;
	call.args[4] = (uint64_t)-1;
	call.ret = 0x7f1234560000;
	call.duration_ns = 1500000;
	ck_assert_str_eq(format_line(&call),
	                 "[  4:  4] sh X mmap(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, "
	                 "-1, 0) = 0x7f1234560000 (1.5ms)\n");
	call.ret = -ENOMEM;
	call.duration_ns = 2250000000u;
	ck_assert_str_eq(format_line(&call),
	                 "[  4:  4] sh X mmap(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, "
	                 "-1, 0) = -1 ENOMEM (Cannot allocate memory) (2.2s)\n");
}
END_TEST

START_TEST(test_line_clone)
{
	struct sr_syscall_row row = ROW("clone", SR_ARG_INT, SR_ARG_CLONE_FLAGS, SR_ARG_PTR,
	                                SR_ARG_PTR, SR_ARG_PTR, SR_ARG_HEX);
	struct sr_strace_call call = make_call(&row, SR_STRACE_ENTRY);

	call.args[0] = CLONE_CHILD_CLEARTID | CLONE_CHILD_SETTID | SIGCHLD;
	call.args[3] = 0x7f00000010d0;
	ck_assert_str_eq(format_line(&call),
	                 "[  4:  4] sh E clone(CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, NULL, "
	                 "NULL, 0x7f00000010d0, 0)\n");
	call.phase = SR_STRACE_EXIT;
	call.ret = 5;
	call.duration_ns = 850;
	ck_assert_str_eq(format_line(&call),
	                 "[  4:  4] sh X clone(CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, NULL, "
	                 "NULL, 0x7f00000010d0, 0) = 5 (0.8us)\n");
}
END_TEST

START_TEST(test_line_signals)
{
	struct sr_syscall_row sigaction_row = ROW("rt_sigaction", SR_ARG_INT, SR_ARG_SIGNAL,
	                                          SR_ARG_PTR, SR_ARG_PTR, SR_ARG_UINT);
	struct sr_syscall_row kill_row = ROW("kill", SR_ARG_INT, SR_ARG_INT, SR_ARG_SIGNAL);
	struct sr_strace_call call = make_call(&sigaction_row, SR_STRACE_ENTRY);

	call.args[0] = SIGTERM;
	call.args[1] = 0x7ffd0000a0;
	call.args[3] = 8;
	ck_assert_str_eq(format_line(&call),
	                 "[  4:  4] sh E rt_sigaction(SIGTERM, 0x7ffd0000a0, NULL, 8)\n");
	call.args[0] = 33;
	ck_assert_str_eq(format_line(&call),
	                 "[  4:  4] sh E rt_sigaction(SIGRTMIN+1, 0x7ffd0000a0, NULL, 8)\n");

	call = make_call(&kill_row, SR_STRACE_EXIT);
	call.args[0] = (uint64_t)-1;
	call.args[1] = SIGKILL;
	call.ret = -EPERM;
	call.duration_ns = 4000;
	ck_assert_str_eq(format_line(&call),
	                 "[  4:  4] sh X kill(-1, SIGKILL) = -1 EPERM (Operation not permitted) (4.0us)\n");
}
END_TEST

/* The table's own rows: a pid_t or uid_t of -1 from a C caller fills the
 * low half of the register only (glibc's kill and wait4 do not
 * sign-extend it, and the kernel reads an int); an off_t fills all of it. */
static const char *format_table_call(const char *name, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3)
{
	const struct sr_syscall_row *row = sr_table_by_name(name);

	ck_assert_ptr_nonnull(row);
	struct sr_strace_call call = make_call(row, SR_STRACE_ENTRY);
	call.args[0] = a0;
	call.args[1] = a1;
	call.args[2] = a2;
	call.args[3] = a3;
	return format_line(&call);
}

START_TEST(test_line_table_ints_as_the_kernel_reads_them)
{
	ck_assert_str_eq(format_table_call("kill", 0xffffffffu, SIGTERM, 0, 0), "[  4:  4] sh E kill(-1, SIGTERM)\n");
	ck_assert_str_eq(format_table_call("wait4", 0xffffffffu, 0, 1, 0), "[  4:  4] sh E wait4(-1, NULL, WNOHANG, NULL)\n");
	ck_assert_str_eq(format_table_call("setresuid", 0xffffffffu, 0xffffffffu, 0, 0),
	                 "[  4:  4] sh E setresuid(-1, -1, 0)\n");
	ck_assert_str_eq(format_table_call("lseek", 3, (uint64_t)-2, SEEK_END, 0), "[  4:  4] sh E lseek(3, -2, SEEK_END)\n");
	ck_assert_str_eq(format_table_call("lseek", 3, 1ull << 32, SEEK_SET, 0),
	                 "[  4:  4] sh E lseek(3, 4294967296, SEEK_SET)\n");
	ck_assert_str_eq(format_table_call("ftruncate", 3, 1ull << 32, 0, 0), "[  4:  4] sh E ftruncate(3, 4294967296)\n");
	ck_assert_str_eq(format_table_call("pread64", 3, 0, 8, 1ull << 32),
	                 "[  4:  4] sh E pread64(3, NULL, 8, 4294967296)\n");
}
END_TEST

/* Flags of a new fd hold no access mode: "O_RDONLY|" would claim one. */
START_TEST(test_line_table_fd_flags_name_no_access_mode)
{
	ck_assert_str_eq(format_table_call("pipe2", 0, O_CLOEXEC | O_NONBLOCK, 0, 0),
	                 "[  4:  4] sh E pipe2(NULL, O_NONBLOCK|O_CLOEXEC)\n");
	ck_assert_str_eq(format_table_call("pipe2", 0, 0, 0, 0), "[  4:  4] sh E pipe2(NULL, 0)\n");
	ck_assert_str_eq(format_table_call("dup3", 3, 10, O_CLOEXEC, 0),
	                 "[  4:  4] sh E dup3(3, 10, O_CLOEXEC)\n");
	ck_assert_str_eq(format_table_call("accept4", 3, 0, 0, SOCK_CLOEXEC | SOCK_NONBLOCK),
	                 "[  4:  4] sh E accept4(3, NULL, NULL, SOCK_NONBLOCK|SOCK_CLOEXEC)\n");
}
END_TEST

/* The flags of the send and receive calls are MSG_*, as strace shows
 * them, not a bare 0x4040. */
START_TEST(test_line_table_msg_flags)
{
	ck_assert_str_eq(format_table_call("sendto", 3, 0, 1, MSG_DONTWAIT | MSG_NOSIGNAL),
	                 "[  4:  4] sh E sendto(3, NULL, 1, MSG_DONTWAIT|MSG_NOSIGNAL, NULL, 0)\n");
	ck_assert_str_eq(format_table_call("sendto", 3, 0, 1, 0), "[  4:  4] sh E sendto(3, NULL, 1, 0, NULL, 0)\n");
	ck_assert_str_eq(format_table_call("recvmsg", 3, 0, MSG_PEEK | MSG_CMSG_CLOEXEC | 0x1000000, 0),
	                 "[  4:  4] sh E recvmsg(3, NULL, MSG_PEEK|MSG_CMSG_CLOEXEC|0x1000000)\n");
	ck_assert_str_eq(format_table_call("sendmsg", 3, 0, MSG_MORE, 0), "[  4:  4] sh E sendmsg(3, NULL, MSG_MORE)\n");
	ck_assert_str_eq(format_table_call("recvmmsg", 3, 0, 2, MSG_WAITFORONE),
	                 "[  4:  4] sh E recvmmsg(3, NULL, 2, MSG_WAITFORONE, NULL)\n");
	ck_assert_str_eq(format_table_call("sendmmsg", 3, 0, 2, MSG_EOR), "[  4:  4] sh E sendmmsg(3, NULL, 2, MSG_EOR)\n");
	ck_assert_str_eq(format_table_call("recvfrom", 3, 0, 8, MSG_TRUNC | MSG_WAITALL),
	                 "[  4:  4] sh E recvfrom(3, NULL, 8, MSG_TRUNC|MSG_WAITALL, NULL, NULL)\n");
}
END_TEST

/* fcntl's third argument is what its command reads, or nothing: not
 * the stale register a get command leaves (0xffffffff after F_GETFD). */
START_TEST(test_line_table_fcntl_argument_follows_the_command)
{
	ck_assert_str_eq(format_table_call("fcntl", 1, F_GETFD, 0xffffffffu, 0),
	                 "[  4:  4] sh E fcntl(1, F_GETFD)\n");
	ck_assert_str_eq(format_table_call("fcntl", 1, F_GETFL, 0x7ffd1234, 0),
	                 "[  4:  4] sh E fcntl(1, F_GETFL)\n");
	ck_assert_str_eq(format_table_call("fcntl", 1, F_DUPFD_CLOEXEC, 10, 0),
	                 "[  4:  4] sh E fcntl(1, F_DUPFD_CLOEXEC, 10)\n");
	ck_assert_str_eq(format_table_call("fcntl", 3, F_SETFD, FD_CLOEXEC, 0),
	                 "[  4:  4] sh E fcntl(3, F_SETFD, FD_CLOEXEC)\n");
	ck_assert_str_eq(format_table_call("fcntl", 3, F_SETFL, O_NONBLOCK | O_APPEND, 0),
	                 "[  4:  4] sh E fcntl(3, F_SETFL, O_APPEND|O_NONBLOCK)\n");
	ck_assert_str_eq(format_table_call("fcntl", 3, F_SETSIG, SIGIO, 0),
	                 "[  4:  4] sh E fcntl(3, F_SETSIG, SIGIO)\n");
	ck_assert_str_eq(format_table_call("fcntl", 3, F_SETLEASE, F_WRLCK, 0),
	                 "[  4:  4] sh E fcntl(3, F_SETLEASE, F_WRLCK)\n");
	ck_assert_str_eq(format_table_call("fcntl", 3, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW, 0),
	                 "[  4:  4] sh E fcntl(3, F_ADD_SEALS, F_SEAL_SHRINK|F_SEAL_GROW)\n");
	ck_assert_str_eq(format_table_call("fcntl", 3, F_SETLKW, 0x7ffd1000, 0),
	                 "[  4:  4] sh E fcntl(3, F_SETLKW, 0x7ffd1000)\n");
}
END_TEST

START_TEST(test_line_table_statx_mask)
{
	ck_assert_str_eq(format_table_call("statx", 3, 0, AT_EMPTY_PATH, STATX_BASIC_STATS | STATX_BTIME),
	                 "[  4:  4] sh E statx(3, NULL, AT_STATX_SYNC_AS_STAT|AT_EMPTY_PATH, STATX_ALL, NULL)\n");
	ck_assert_str_eq(format_table_call("statx", 3, 0, 0, STATX_TYPE | STATX_MODE | 0x40000000u),
	                 "[  4:  4] sh E statx(3, NULL, AT_STATX_SYNC_AS_STAT, STATX_TYPE|STATX_MODE|0x40000000, NULL)\n");
}
END_TEST

START_TEST(test_line_table_sigprocmask_madvise_and_new_fd_flags)
{
	ck_assert_str_eq(format_table_call("rt_sigprocmask", SIG_SETMASK, 0, 0, 8),
	                 "[  4:  4] sh E rt_sigprocmask(SIG_SETMASK, NULL, NULL, 8)\n");
	ck_assert_str_eq(format_table_call("rt_sigprocmask", 7, 0, 0, 8),
	                 "[  4:  4] sh E rt_sigprocmask(7, NULL, NULL, 8)\n");
	ck_assert_str_eq(format_table_call("madvise", 0x10000, 4096, MADV_DONTNEED, 0),
	                 "[  4:  4] sh E madvise(0x10000, 4096, MADV_DONTNEED)\n");
	ck_assert_str_eq(format_table_call("eventfd2", 0, O_CLOEXEC | O_NONBLOCK, 0, 0),
	                 "[  4:  4] sh E eventfd2(0, O_NONBLOCK|O_CLOEXEC)\n");
	ck_assert_str_eq(format_table_call("epoll_create1", O_CLOEXEC, 0, 0, 0),
	                 "[  4:  4] sh E epoll_create1(O_CLOEXEC)\n");
}
END_TEST

START_TEST(test_line_connect)
{
	struct sr_syscall_row row = ROW("connect", SR_ARG_INT, SR_ARG_FD, SR_ARG_SOCKADDR, SR_ARG_UINT);
	struct sr_strace_call call = make_call(&row, SR_STRACE_EXIT);
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(80) };

	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	call.args[0] = 3;
	call.args[1] = fake_put(&sin, sizeof(sin));
	call.args[2] = sizeof(sin);
	call.ret = -ECONNREFUSED;
	call.duration_ns = 61000;
	ck_assert_str_eq(format_line(&call),
	                 "[  4:  4] sh X connect(3, {AF_INET, 127.0.0.1:80}, 16) = -1 ECONNREFUSED "
	                 "(Connection refused) (61.0us)\n");
}
END_TEST

START_TEST(test_line_write_and_hex_result)
{
	struct sr_syscall_row write_row = ROW("write", SR_ARG_INT, SR_ARG_FD, SR_ARG_BUF_IN, SR_ARG_UINT);
	struct sr_syscall_row brk_row = ROW("personality", SR_ARG_HEX, SR_ARG_HEX);
	struct sr_strace_call call = make_call(&write_row, SR_STRACE_EXIT);

	call.args[0] = 1;
	call.args[1] = fake_put("hi\n", 3);
	call.args[2] = 3;
	call.ret = 3;
	call.duration_ns = 2000;
	ck_assert_str_eq(format_line(&call), "[  4:  4] sh X write(1, \"hi\\n\", 3) = 3 (2.0us)\n");

	call = make_call(&brk_row, SR_STRACE_EXIT);
	call.args[0] = 0xffffffff;
	call.ret = 0x400000;
	ck_assert_str_eq(format_line(&call),
	                 "[  4:  4] sh X personality(0xffffffff) = 0x400000 (0.0us)\n");
}
END_TEST

START_TEST(test_line_comm_cannot_forge_lines)
{
	struct sr_syscall_row row = make_row("getpid", SR_ARG_INT, NULL, 0);
	struct sr_strace_call call = make_call(&row, SR_STRACE_ENTRY);

	call.comm = "a\nb\x1b[2J";
	ck_assert_str_eq(format_line(&call), "[  4:  4] a\\nb\\x1b[2J E getpid()\n");
	/* at most TASK_COMM_LEN bytes, even unterminated */
	call.comm = "0123456789abcdefXYZ";
	ck_assert_str_eq(format_line(&call), "[  4:  4] 0123456789abcdef E getpid()\n");
}
END_TEST

START_TEST(test_line_cut_by_a_small_buffer_stays_terminated)
{
	struct sr_syscall_row row = ROW("openat", SR_ARG_FD, SR_ARG_DIRFD, SR_ARG_PATH,
	                                SR_ARG_OPEN_FLAGS, SR_ARG_MODE);
	struct sr_strace_call call = make_call(&row, SR_STRACE_EXIT);
	/* exactly 16 bytes on the heap: ASan sees any byte written past them */
	char *small = malloc(16);
	char *one = malloc(1);
	size_t len;

	ck_assert_ptr_nonnull(small);
	ck_assert_ptr_nonnull(one);
	call.args[0] = (uint64_t)(int64_t)AT_FDCWD;
	call.args[1] = fake_put_string("/etc/passwd");
	call.ret = -ENOENT;
	len = sr_strace_format(small, 16, &call);
	ck_assert_uint_eq(len, 15);
	ck_assert_uint_eq(strlen(small), 15);
	ck_assert_str_eq(small, "[  4:  4] sh X\n");

	len = sr_strace_format(one, 1, &call);
	ck_assert_uint_eq(len, 0);
	ck_assert_int_eq(one[0], '\0');

	/* no room at all: nothing is written */
	one[0] = 'z';
	ck_assert_uint_eq(sr_strace_format(one, 0, &call), 0);
	ck_assert_int_eq(one[0], 'z');
	ck_assert_uint_eq(sr_strace_format_arg(one, 0, &call, 1), 0);
	ck_assert_int_eq(one[0], 'z');
	free(small);
	free(one);
}
END_TEST

/* A shell writes its next path over the buffer of the last open as soon
 * as the open returns, which may be before the Sentry writes its exit
 * line: that line must show the path the open was made with. */
START_TEST(test_line_exit_shows_the_arguments_of_the_entry)
{
	static struct sr_strace_entry entry;
	struct sr_syscall_row row = ROW("openat", SR_ARG_FD, SR_ARG_DIRFD, SR_ARG_PATH,
	                                SR_ARG_OPEN_FLAGS, SR_ARG_MODE);
	struct sr_strace_call call = make_call(&row, SR_STRACE_ENTRY);
	uint64_t path = fake_put_string("/etc/passwd");

	call.args[0] = (uint64_t)(int64_t)AT_FDCWD;
	call.args[1] = path;
	call.args[2] = O_RDONLY;
	sr_strace_format_entry(&entry, &call);
	ck_assert_str_eq(entry.line, "[  4:  4] sh E openat(AT_FDCWD, \"/etc/passwd\", O_RDONLY)\n");
	memcpy(fake_bytes + (path - FAKE_BASE), "/dev/null", sizeof("/dev/null"));
	call.phase = SR_STRACE_EXIT;
	call.entry = &entry;
	call.ret = 3;
	call.duration_ns = 14234;
	ck_assert_str_eq(format_line(&call),
	                 "[  4:  4] sh X openat(AT_FDCWD, \"/etc/passwd\", O_RDONLY) = 3 (14.2us)\n");
}
END_TEST

/* What the call wrote is read at exit, the rest taken from the entry. */
START_TEST(test_line_exit_reads_only_the_output_buffers_again)
{
	static struct sr_strace_entry entry;
	struct sr_syscall_row row = ROW("readlink", SR_ARG_INT, SR_ARG_PATH, SR_ARG_BUF_OUT,
	                                SR_ARG_UINT);
	struct sr_strace_call call = make_call(&row, SR_STRACE_ENTRY);
	uint64_t path = fake_put_string("/proc/self/exe");
	uint64_t out = fake_put("\0\0\0\0\0\0\0\0", 8);

	call.args[0] = path;
	call.args[1] = out;
	call.args[2] = 8;
	sr_strace_format_entry(&entry, &call);
	memcpy(fake_bytes + (path - FAKE_BASE), "/changed", sizeof("/changed"));
	memcpy(fake_bytes + (out - FAKE_BASE), "/bin/sh", 7);
	call.phase = SR_STRACE_EXIT;
	call.entry = &entry;
	call.ret = 7;
	call.duration_ns = 1000;
	ck_assert_str_eq(format_line(&call),
	                 "[  4:  4] sh X readlink(\"/proc/self/exe\", \"/bin/sh\", 8) = 7 (1.0us)\n");
}
END_TEST

/* An entry line cut at its bound ends in a newline of its own, which no
 * argument kept for the exit line may carry into the middle of it. */
START_TEST(test_line_exit_of_a_cut_entry_stays_one_line)
{
	static struct sr_strace_entry entry;
	static char long_path[SR_STRACE_PATH_MAX];
	struct sr_syscall_row row = ROW("renameat2", SR_ARG_INT, SR_ARG_DIRFD, SR_ARG_PATH,
	                                SR_ARG_DIRFD, SR_ARG_PATH, SR_ARG_RENAME_FLAGS);
	struct sr_strace_call call = make_call(&row, SR_STRACE_ENTRY);
	static char line[2 * SR_STRACE_LINE_MAX];

	/* Bytes escaped as \xNN take four times their length. */
	memset(long_path, 0x01, sizeof(long_path) - 1);
	call.args[0] = (uint64_t)(int64_t)AT_FDCWD;
	call.args[1] = fake_put_string(long_path);
	call.args[2] = (uint64_t)(int64_t)AT_FDCWD;
	call.args[3] = call.args[1];
	sr_strace_format_entry(&entry, &call);
	ck_assert_uint_eq(entry.len, sizeof(entry.line) - 1);
	ck_assert_ptr_eq(strchr(entry.line, '\n'), entry.line + entry.len - 1);
	call.phase = SR_STRACE_EXIT;
	call.entry = &entry;
	call.ret = 0;
	/* Room for more than the entry line held, as a bigger bound would. */
	sr_strace_format(line, sizeof(line), &call);
	ck_assert_ptr_eq(strchr(line, '\n'), line + strlen(line) - 1);
}
END_TEST

START_TEST(test_line_cut_at_every_size_never_overruns)
{
	struct sr_syscall_row row = ROW("execve", SR_ARG_INT, SR_ARG_PATH, SR_ARG_STRING_ARRAY,
	                                SR_ARG_STRING_ARRAY);
	struct sr_strace_call call = make_call(&row, SR_STRACE_EXIT);
	uint64_t argv[3];
	char full[OUT_MAX];
	size_t full_len;

	argv[0] = fake_put_string("tab\there");
	argv[1] = fake_put_string("\x01\x02\x03");
	argv[2] = 0;
	call.args[0] = fake_put_string("/bin/x");
	call.args[1] = fake_put(argv, sizeof(argv));
	call.ret = -E2BIG;
	call.duration_ns = 12345;
	full_len = sr_strace_format(full, sizeof(full), &call);
	for (size_t size = 1; size <= full_len + 1; size++) {
		char *buf = malloc(size);
		size_t len;

		ck_assert_ptr_nonnull(buf);
		len = sr_strace_format(buf, size, &call);
		ck_assert_uint_eq(len, size - 1);
		ck_assert_uint_eq(strlen(buf), len);
		if (size >= 2)
			ck_assert_int_eq(buf[len - 1], '\n');
		ck_assert_int_eq(strncmp(buf, full, len - (len > 0)), 0);
		free(buf);
	}
}
END_TEST

/* A row of the table called with all six arguments. */
static struct sr_strace_call table_call(const char *name, enum sr_strace_phase phase,
                                        const uint64_t *args, size_t nargs)
{
	const struct sr_syscall_row *row = sr_table_by_name(name);

	ck_assert_ptr_nonnull(row);
	struct sr_strace_call call = make_call(row, phase);
	for (size_t i = 0; i < nargs && i < SR_SYSCALL_MAX_ARGS; i++)
		call.args[i] = args[i];
	return call;
}
#define TABLE_CALL(name, phase, ...) \
	table_call((name), (phase), (const uint64_t[]){ __VA_ARGS__ }, \
	           sizeof((const uint64_t[]){ __VA_ARGS__ }) / sizeof(uint64_t))

/* The kernel's struct sigaction on x86-64 (not glibc's): handler,
 * flags, restorer, then a 64-bit mask. */
struct kernel_sigaction_layout {
	uint64_t handler, flags, restorer, mask;
};
#define SIGBIT(sig) (1ull << ((sig) - 1))

START_TEST(test_line_table_sigaction_and_signal_masks)
{
	struct kernel_sigaction_layout act = {
		.handler = 0x401000, .flags = SR_KERNEL_SA_RESTORER | SA_RESTART | SA_SIGINFO,
		.restorer = 0x7f0000001000, .mask = SIGBIT(SIGINT) | SIGBIT(SIGTERM),
	};
	uint64_t addr = fake_put(&act, sizeof(act));
	struct sr_strace_call call = TABLE_CALL("rt_sigaction", SR_STRACE_ENTRY, SIGUSR1, addr, 0, 8);

	ck_assert_str_eq(format_line(&call),
	                 "[  4:  4] sh E rt_sigaction(SIGUSR1, {sa_handler=0x401000, sa_mask=[INT TERM], "
	                 "sa_flags=SA_RESTORER|SA_RESTART|SA_SIGINFO, sa_restorer=0x7f0000001000}, NULL, 8)\n");
	act = (struct kernel_sigaction_layout){ .handler = (uint64_t)(uintptr_t)SIG_IGN };
	call.args[1] = fake_put(&act, sizeof(act));
	ck_assert_str_eq(format_line(&call),
	                 "[  4:  4] sh E rt_sigaction(SIGUSR1, {sa_handler=SIG_IGN, sa_mask=[], sa_flags=0}, NULL, 8)\n");
	/* the old action is the kernel's to fill: a pointer at entry */
	call.args[1] = 0;
	call.args[2] = 0x7ffd0000;
	ck_assert_str_eq(format_line(&call), "[  4:  4] sh E rt_sigaction(SIGUSR1, NULL, 0x7ffd0000, 8)\n");
	/* a struct that runs into unreadable memory is not half-printed */
	call.args[1] = fake_put_at_end(&act, sizeof(act) - 8);
	ck_assert_str_eq(format_line(&call), "[  4:  4] sh E rt_sigaction(SIGUSR1, 0x13fe8 (bad), 0x7ffd0000, 8)\n");

	uint64_t mask = SIGBIT(SIGINT) | SIGBIT(SIGTERM) | SIGBIT(SR_KERNEL_SIGRTMIN + 8);
	call = TABLE_CALL("rt_sigprocmask", SR_STRACE_ENTRY, SIG_BLOCK, fake_put(&mask, sizeof(mask)), 0, 8);
	ck_assert_str_eq(format_line(&call),
	                 "[  4:  4] sh E rt_sigprocmask(SIG_BLOCK, [INT TERM RTMIN+8], NULL, 8)\n");
	/* more than half the signals: the ones left out, as strace shows them */
	mask = ~(SIGBIT(SIGHUP) | SIGBIT(SR_KERNEL_SIGRTMIN) | SIGBIT(SR_KERNEL_SIGRTMIN + 1));
	call.args[1] = fake_put(&mask, sizeof(mask));
	ck_assert_str_eq(format_line(&call),
	                 "[  4:  4] sh E rt_sigprocmask(SIG_BLOCK, ~[HUP RTMIN RTMIN+1], NULL, 8)\n");
	mask = ~0ull;
	call.args[1] = fake_put(&mask, sizeof(mask));
	ck_assert_str_eq(format_line(&call), "[  4:  4] sh E rt_sigprocmask(SIG_BLOCK, ~[], NULL, 8)\n");
	call.args[1] = UNMAPPED_ADDR;
	ck_assert_str_eq(format_line(&call),
	                 "[  4:  4] sh E rt_sigprocmask(SIG_BLOCK, 0xdead0000 (bad), NULL, 8)\n");

	mask = SIGBIT(SIGCHLD);
	call = TABLE_CALL("rt_sigsuspend", SR_STRACE_ENTRY, fake_put(&mask, sizeof(mask)), 8);
	ck_assert_str_eq(format_line(&call), "[  4:  4] sh E rt_sigsuspend([CHLD], 8)\n");
	call = TABLE_CALL("signalfd4", SR_STRACE_ENTRY, (uint64_t)-1, fake_put(&mask, sizeof(mask)), 8, O_CLOEXEC);
	ck_assert_str_eq(format_line(&call), "[  4:  4] sh E signalfd4(-1, [CHLD], 8, O_CLOEXEC)\n");
}
END_TEST

START_TEST(test_line_table_arch_prctl_rlimits_clocks_and_getrandom)
{
	struct rlimit limit = { .rlim_cur = 1024, .rlim_max = 4096 };
	struct sr_strace_call call = TABLE_CALL("arch_prctl", SR_STRACE_ENTRY, ARCH_SET_FS, 0x7f0000002740);

	ck_assert_str_eq(format_line(&call), "[  4:  4] sh E arch_prctl(ARCH_SET_FS, 0x7f0000002740)\n");
	call.args[0] = 0x9999;
	ck_assert_str_eq(format_line(&call), "[  4:  4] sh E arch_prctl(0x9999, 0x7f0000002740)\n");

	call = TABLE_CALL("prlimit64", SR_STRACE_ENTRY, 0, RLIMIT_NOFILE, fake_put(&limit, sizeof(limit)), 0);
	ck_assert_str_eq(format_line(&call),
	                 "[  4:  4] sh E prlimit64(0, RLIMIT_NOFILE, {rlim_cur=1024, rlim_max=4*1024}, NULL)\n");
	limit = (struct rlimit){ .rlim_cur = 8192 * 1024, .rlim_max = RLIM_INFINITY };
	call = TABLE_CALL("prlimit64", SR_STRACE_ENTRY, 7, RLIMIT_STACK, fake_put(&limit, sizeof(limit)), 0x7ffd0000);
	ck_assert_str_eq(format_line(&call),
	                 "[  4:  4] sh E prlimit64(7, RLIMIT_STACK, {rlim_cur=8192*1024, rlim_max=RLIM64_INFINITY}, "
	                 "0x7ffd0000)\n");
	call = TABLE_CALL("prlimit64", SR_STRACE_ENTRY, 0, 99, UNMAPPED_ADDR, 0);
	ck_assert_str_eq(format_line(&call), "[  4:  4] sh E prlimit64(0, 99, 0xdead0000 (bad), NULL)\n");
	call = TABLE_CALL("setrlimit", SR_STRACE_ENTRY, RLIMIT_CORE, fake_put(&limit, sizeof(limit)));
	ck_assert_str_eq(format_line(&call),
	                 "[  4:  4] sh E setrlimit(RLIMIT_CORE, {rlim_cur=8192*1024, rlim_max=RLIM_INFINITY})\n");
	call = TABLE_CALL("getrlimit", SR_STRACE_ENTRY, RLIMIT_AS, 0x7ffd0000);
	ck_assert_str_eq(format_line(&call), "[  4:  4] sh E getrlimit(RLIMIT_AS, 0x7ffd0000)\n");

	call = TABLE_CALL("clock_gettime", SR_STRACE_ENTRY, CLOCK_BOOTTIME, 0x7ffd0000);
	ck_assert_str_eq(format_line(&call), "[  4:  4] sh E clock_gettime(CLOCK_BOOTTIME, 0x7ffd0000)\n");
	call = TABLE_CALL("clock_nanosleep", SR_STRACE_ENTRY, CLOCK_MONOTONIC, TIMER_ABSTIME, 0, 0);
	ck_assert_str_eq(format_line(&call), "[  4:  4] sh E clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, NULL, NULL)\n");
	call = TABLE_CALL("timerfd_create", SR_STRACE_ENTRY, CLOCK_REALTIME, O_CLOEXEC);
	ck_assert_str_eq(format_line(&call), "[  4:  4] sh E timerfd_create(CLOCK_REALTIME, O_CLOEXEC)\n");
	/* a CPU clock of a process is a negative id */
	call = TABLE_CALL("clock_gettime", SR_STRACE_ENTRY, (uint64_t)-6, 0x7ffd0000);
	ck_assert_str_eq(format_line(&call), "[  4:  4] sh E clock_gettime(-6, 0x7ffd0000)\n");

	call = TABLE_CALL("getrandom", SR_STRACE_ENTRY, 0x7ffd0000, 8, GRND_NONBLOCK | GRND_RANDOM);
	ck_assert_str_eq(format_line(&call),
	                 "[  4:  4] sh E getrandom(0x7ffd0000, 8, GRND_NONBLOCK|GRND_RANDOM)\n");
}
END_TEST

START_TEST(test_line_table_wait_options)
{
	struct sr_strace_call call = TABLE_CALL("wait4", SR_STRACE_ENTRY, 0xffffffffu, 0x7ffd0000,
	                                        WNOHANG | WUNTRACED | __WALL, 0);

	ck_assert_str_eq(format_line(&call),
	                 "[  4:  4] sh E wait4(-1, 0x7ffd0000, WNOHANG|WSTOPPED|__WALL, NULL)\n");
	call = TABLE_CALL("waitid", SR_STRACE_ENTRY, P_PID, 5, 0x7ffd0000, WNOHANG | WEXITED, 0);
	ck_assert_str_eq(format_line(&call),
	                 "[  4:  4] sh E waitid(P_PID, 5, 0x7ffd0000, WNOHANG|WEXITED, NULL)\n");
	call = TABLE_CALL("waitid", SR_STRACE_ENTRY, 9, 5, 0, 0x10, 0);
	ck_assert_str_eq(format_line(&call), "[  4:  4] sh E waitid(9, 5, NULL, 0x10, NULL)\n");
}
END_TEST

START_TEST(test_line_stat_structs_at_exit)
{
	struct stat st = { .st_mode = S_IFREG | 0644, .st_size = 42039 };
	uint64_t addr = fake_put(&st, sizeof(st));
	struct sr_strace_call call = TABLE_CALL("newfstatat", SR_STRACE_ENTRY, (uint64_t)(int64_t)AT_FDCWD,
	                                        fake_put_string("/etc/x"), addr, 0);

	ck_assert_str_eq(format_line(&call),
	                 "[  4:  4] sh E newfstatat(AT_FDCWD, \"/etc/x\", 0x10000, 0)\n");
	call.phase = SR_STRACE_EXIT;
	ck_assert_str_eq(format_line(&call),
	                 "[  4:  4] sh X newfstatat(AT_FDCWD, \"/etc/x\", {st_mode=S_IFREG|0644, st_size=42039, ...}, 0) "
	                 "= 0 (0.0us)\n");
	call.ret = -ENOENT;
	ck_assert_str_eq(format_line(&call),
	                 "[  4:  4] sh X newfstatat(AT_FDCWD, \"/etc/x\", 0x10000, 0) = -1 ENOENT "
	                 "(No such file or directory) (0.0us)\n");

	st = (struct stat){ .st_mode = S_IFCHR | 0666, .st_rdev = makedev(1, 3) };
	call = TABLE_CALL("stat", SR_STRACE_EXIT, fake_put_string("/dev/null"), fake_put(&st, sizeof(st)));
	ck_assert_str_eq(format_line(&call),
	                 "[  4:  4] sh X stat(\"/dev/null\", {st_mode=S_IFCHR|0666, st_rdev=makedev(0x1, 0x3), ...}) "
	                 "= 0 (0.0us)\n");
	st = (struct stat){ .st_mode = S_IFDIR | S_ISVTX | 0777, .st_size = 4096 };
	call = TABLE_CALL("lstat", SR_STRACE_EXIT, fake_put_string("/tmp"), fake_put(&st, sizeof(st)));
	ck_assert_str_eq(format_line(&call),
	                 "[  4:  4] sh X lstat(\"/tmp\", {st_mode=S_IFDIR|S_ISVTX|0777, st_size=4096, ...}) "
	                 "= 0 (0.0us)\n");
	call.args[1] = fake_put_at_end(&st, sizeof(st) - 1);
	ck_assert_str_eq(format_line(&call), "[  4:  4] sh X lstat(\"/tmp\", 0x13f71 (bad)) = 0 (0.0us)\n");

	struct statx stx = {
		.stx_mask = STATX_BASIC_STATS | STATX_MNT_ID, .stx_mode = S_IFREG | 0755, .stx_size = 3,
	};
	call = TABLE_CALL("statx", SR_STRACE_EXIT, (uint64_t)(int64_t)AT_FDCWD, fake_put_string("/etc/hostname"),
	                  AT_STATX_SYNC_AS_STAT, STATX_BASIC_STATS, fake_put(&stx, sizeof(stx)));
	ck_assert_str_eq(format_line(&call),
	                 "[  4:  4] sh X statx(AT_FDCWD, \"/etc/hostname\", AT_STATX_SYNC_AS_STAT, STATX_BASIC_STATS, "
	                 "{stx_mask=STATX_BASIC_STATS|STATX_MNT_ID, stx_attributes=0, stx_mode=S_IFREG|0755, "
	                 "stx_size=3, ...}) = 0 (0.0us)\n");
	call.args[2] = AT_SYMLINK_NOFOLLOW;
	call.phase = SR_STRACE_ENTRY;
	ck_assert_str_eq(format_line(&call),
	                 "[  4:  4] sh E statx(AT_FDCWD, \"/etc/hostname\", AT_STATX_SYNC_AS_STAT|AT_SYMLINK_NOFOLLOW, "
	                 "STATX_BASIC_STATS, 0x101e0)\n");
}
END_TEST

START_TEST(test_line_table_sockopts_and_poll)
{
	int one = 1;
	uint64_t one_addr = fake_put(&one, sizeof(one));
	struct sr_strace_call call = TABLE_CALL("setsockopt", SR_STRACE_ENTRY, 3, SOL_SOCKET, SO_REUSEADDR,
	                                        one_addr, sizeof(one));

	ck_assert_str_eq(format_line(&call), "[  4:  4] sh E setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4)\n");
	call = TABLE_CALL("setsockopt", SR_STRACE_ENTRY, 3, IPPROTO_TCP, TCP_NODELAY, one_addr, sizeof(one));
	ck_assert_str_eq(format_line(&call), "[  4:  4] sh E setsockopt(3, SOL_TCP, TCP_NODELAY, [1], 4)\n");
	call = TABLE_CALL("setsockopt", SR_STRACE_ENTRY, 3, IPPROTO_IPV6, IPV6_V6ONLY, one_addr, sizeof(one));
	ck_assert_str_eq(format_line(&call), "[  4:  4] sh E setsockopt(3, SOL_IPV6, IPV6_V6ONLY, [1], 4)\n");
	call = TABLE_CALL("setsockopt", SR_STRACE_ENTRY, 3, IPPROTO_IP, IP_TTL, one_addr, sizeof(one));
	ck_assert_str_eq(format_line(&call), "[  4:  4] sh E setsockopt(3, SOL_IP, IP_TTL, [1], 4)\n");
	/* not an int: the bytes */
	call = TABLE_CALL("setsockopt", SR_STRACE_ENTRY, 3, 999, 77, fake_put("ab", 2), 2);
	ck_assert_str_eq(format_line(&call), "[  4:  4] sh E setsockopt(3, 999, 77, \"ab\", 2)\n");
	call = TABLE_CALL("setsockopt", SR_STRACE_ENTRY, 3, SOL_SOCKET, SO_RCVBUF, UNMAPPED_ADDR, 4);
	ck_assert_str_eq(format_line(&call), "[  4:  4] sh E setsockopt(3, SOL_SOCKET, SO_RCVBUF, 0xdead0000 (bad), 4)\n");
	call = TABLE_CALL("getsockopt", SR_STRACE_ENTRY, 3, SOL_SOCKET, SO_ERROR, 0x7ffd0000, 0x7ffd0010);
	ck_assert_str_eq(format_line(&call),
	                 "[  4:  4] sh E getsockopt(3, SOL_SOCKET, SO_ERROR, 0x7ffd0000, 0x7ffd0010)\n");

	struct pollfd fds[SR_STRACE_ARRAY_MAX + 1] = {
		{ .fd = 0, .events = POLLIN }, { .fd = 3, .events = POLLOUT | POLLPRI },
	};
	uint64_t fds_addr = fake_put(fds, sizeof(fds));
	call = TABLE_CALL("poll", SR_STRACE_ENTRY, fds_addr, 2, 0);
	ck_assert_str_eq(format_line(&call),
	                 "[  4:  4] sh E poll([{fd=0, events=POLLIN}, {fd=3, events=POLLPRI|POLLOUT}], 2, 0)\n");
	call = TABLE_CALL("ppoll", SR_STRACE_ENTRY, fds_addr, 1, 0, 0, 8);
	ck_assert_str_eq(format_line(&call), "[  4:  4] sh E ppoll([{fd=0, events=POLLIN}], 1, NULL, NULL, 8)\n");
	call = TABLE_CALL("poll", SR_STRACE_ENTRY, fds_addr, SR_STRACE_ARRAY_MAX + 1, 0);
	ck_assert_ptr_nonnull(strstr(format_line(&call), "{fd=0, events=0}, ...], 33, 0)\n"));
	call = TABLE_CALL("poll", SR_STRACE_ENTRY, fake_put_at_end(fds, sizeof(fds[0]) + 4), 2, 0);
	ck_assert_str_eq(format_line(&call),
	                 "[  4:  4] sh E poll([{fd=0, events=POLLIN}, 0x13ffc (bad)], 2, 0)\n");
	call = TABLE_CALL("poll", SR_STRACE_ENTRY, UNMAPPED_ADDR, 1, (uint64_t)-1);
	ck_assert_str_eq(format_line(&call), "[  4:  4] sh E poll(0xdead0000 (bad), 1, -1)\n");
	call = TABLE_CALL("poll", SR_STRACE_ENTRY, 0, 0, 1000);
	ck_assert_str_eq(format_line(&call), "[  4:  4] sh E poll(NULL, 0, 1000)\n");
}
END_TEST

START_TEST(test_line_table_times_fd_sets_and_futex)
{
	struct timespec ts = { .tv_sec = 1, .tv_nsec = 500 };
	uint64_t ts_addr = fake_put(&ts, sizeof(ts));
	struct sr_strace_call call = TABLE_CALL("nanosleep", SR_STRACE_ENTRY, ts_addr, 0x7ffd0000);

	ck_assert_str_eq(format_line(&call), "[  4:  4] sh E nanosleep({tv_sec=1, tv_nsec=500}, 0x7ffd0000)\n");
	call = TABLE_CALL("clock_nanosleep", SR_STRACE_ENTRY, CLOCK_MONOTONIC, TIMER_ABSTIME, ts_addr, 0);
	ck_assert_str_eq(format_line(&call),
	                 "[  4:  4] sh E clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, {tv_sec=1, tv_nsec=500}, NULL)\n");
	call = TABLE_CALL("nanosleep", SR_STRACE_ENTRY, fake_put_at_end(&ts, sizeof(ts) - 1), 0);
	ck_assert_str_eq(format_line(&call), "[  4:  4] sh E nanosleep(0x13ff1 (bad), NULL)\n");

	/* fds 0, 4 and 70 of nfds 71; the sets are as long as nfds says */
	uint64_t bits[2] = { 1u | 1u << 4, 1u << (70 - 64) };
	uint64_t set_addr = fake_put(bits, sizeof(bits));
	struct timeval tv = { .tv_sec = 0, .tv_usec = 250000 };
	call = TABLE_CALL("select", SR_STRACE_ENTRY, 71, set_addr, 0, 0, fake_put(&tv, sizeof(tv)));
	ck_assert_str_eq(format_line(&call),
	                 "[  4:  4] sh E select(71, [0 4 70], NULL, NULL, {tv_sec=0, tv_usec=250000})\n");
	call = TABLE_CALL("pselect6", SR_STRACE_ENTRY, 5, set_addr, set_addr, 0, ts_addr, 0);
	ck_assert_str_eq(format_line(&call),
	                 "[  4:  4] sh E pselect6(5, [0 4], [0 4], NULL, {tv_sec=1, tv_nsec=500}, NULL)\n");
	call = TABLE_CALL("select", SR_STRACE_ENTRY, 0, 0, 0, 0, 0);
	ck_assert_str_eq(format_line(&call), "[  4:  4] sh E select(0, NULL, NULL, NULL, NULL)\n");
	/* a set running into unreadable memory (the kernel reads whole
	 * longs: 16 bytes for 65 fds), a wild nfds: bounded either way */
	call = TABLE_CALL("select", SR_STRACE_ENTRY, 65, fake_put_at_end(bits, 12), 0, 0, 0);
	ck_assert_str_eq(format_line(&call), "[  4:  4] sh E select(65, 0x13ff4 (bad), NULL, NULL, NULL)\n");
	uint64_t wide[FD_SETSIZE / 64] = { [0] = 1, [1000 / 64] = 1ull << (1000 % 64) };
	call = TABLE_CALL("select", SR_STRACE_ENTRY, 0x7fffffff, fake_put(wide, sizeof(wide)), 0, 0, 0);
	ck_assert_str_eq(format_line(&call),
	                 "[  4:  4] sh E select(2147483647, [0 1000 ...], NULL, NULL, NULL)\n");
	uint64_t full[FD_SETSIZE / 64];
	memset(full, 0xff, sizeof(full));
	call = TABLE_CALL("select", SR_STRACE_ENTRY, FD_SETSIZE, fake_put(full, sizeof(full)), 0, 0, 0);
	ck_assert_ptr_nonnull(strstr(format_line(&call), "(1024, [0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 "
	                                                 "21 22 23 24 25 26 27 28 29 30 31 ...], NULL"));

	/* futex shows the arguments its operation reads, as strace does */
	call = TABLE_CALL("futex", SR_STRACE_ENTRY, 0x7f00a4c, FUTEX_WAKE_PRIVATE, 0x7fffffff, 0, 3, 0);
	ck_assert_str_eq(format_line(&call), "[  4:  4] sh E futex(0x7f00a4c, FUTEX_WAKE_PRIVATE, 2147483647)\n");
	call = TABLE_CALL("futex", SR_STRACE_ENTRY, 0x7f00a4c, FUTEX_WAIT_PRIVATE, 2, ts_addr, 3, 0);
	ck_assert_str_eq(format_line(&call),
	                 "[  4:  4] sh E futex(0x7f00a4c, FUTEX_WAIT_PRIVATE, 2, {tv_sec=1, tv_nsec=500})\n");
	call = TABLE_CALL("futex", SR_STRACE_ENTRY, 0x7f00a4c,
	                  FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME, 0, 0, 0, FUTEX_BITSET_MATCH_ANY);
	ck_assert_str_eq(format_line(&call),
	                 "[  4:  4] sh E futex(0x7f00a4c, FUTEX_WAIT_BITSET_PRIVATE|FUTEX_CLOCK_REALTIME, 0, NULL, "
	                 "FUTEX_BITSET_MATCH_ANY)\n");
	call = TABLE_CALL("futex", SR_STRACE_ENTRY, 0x7f00a4c, FUTEX_CMP_REQUEUE_PRIVATE, 1, 0x7fffffff,
	                  0x7f00a50, 7);
	ck_assert_str_eq(format_line(&call),
	                 "[  4:  4] sh E futex(0x7f00a4c, FUTEX_CMP_REQUEUE_PRIVATE, 1, 2147483647, 0x7f00a50, 7)\n");
}
END_TEST

START_TEST(test_line_table_socket_protocols)
{
	ck_assert_str_eq(format_table_call("socket", AF_INET, SOCK_STREAM, 0, 0),
	                 "[  4:  4] sh E socket(AF_INET, SOCK_STREAM, IPPROTO_IP)\n");
	ck_assert_str_eq(format_table_call("socket", AF_INET6, SOCK_DGRAM, IPPROTO_UDP, 0),
	                 "[  4:  4] sh E socket(AF_INET6, SOCK_DGRAM, IPPROTO_UDP)\n");
	ck_assert_str_eq(format_table_call("socket", AF_NETLINK, SOCK_RAW, NETLINK_ROUTE, 0),
	                 "[  4:  4] sh E socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE)\n");
	ck_assert_str_eq(format_table_call("socket", AF_UNIX, SOCK_STREAM, 0, 0),
	                 "[  4:  4] sh E socket(AF_UNIX, SOCK_STREAM, 0)\n");
	ck_assert_str_eq(format_table_call("socketpair", AF_UNIX, SOCK_STREAM, 0, 0x7ffd0000),
	                 "[  4:  4] sh E socketpair(AF_UNIX, SOCK_STREAM, 0, 0x7ffd0000)\n");
}
END_TEST

START_TEST(test_line_table_iovecs_epoll_events_and_signal_stacks)
{
	struct iovec iov[SR_STRACE_ARRAY_MAX + 1] = {
		{ .iov_base = (void *)(uintptr_t)fake_put("hello ", 6), .iov_len = 6 },
		{ .iov_base = (void *)(uintptr_t)fake_put("world\n", 6), .iov_len = 6 },
	};
	uint64_t iov_addr = fake_put(iov, sizeof(iov));
	struct sr_strace_call call = TABLE_CALL("writev", SR_STRACE_ENTRY, 1, iov_addr, 2);

	ck_assert_str_eq(format_line(&call),
	                 "[  4:  4] sh E writev(1, [{iov_base=\"hello \", iov_len=6}, {iov_base=\"world\\n\", "
	                 "iov_len=6}], 2)\n");
	call = TABLE_CALL("pwritev", SR_STRACE_ENTRY, 3, iov_addr, 1, 4096, 0);
	ck_assert_str_eq(format_line(&call),
	                 "[  4:  4] sh E pwritev(3, [{iov_base=\"hello \", iov_len=6}], 1, 4096, 0)\n");
	/* bounded: SR_STRACE_ARRAY_MAX vectors, then "..." */
	call = TABLE_CALL("writev", SR_STRACE_ENTRY, 1, iov_addr, 1000);
	ck_assert_ptr_nonnull(strstr(format_line(&call), "{iov_base=NULL, iov_len=0}, ...], 1000)\n"));
	call = TABLE_CALL("writev", SR_STRACE_ENTRY, 1, fake_put_at_end(iov, sizeof(iov[0]) + 8), 2);
	ck_assert_str_eq(format_line(&call),
	                 "[  4:  4] sh E writev(1, [{iov_base=\"hello \", iov_len=6}, 0x13ff8 (bad)], 2)\n");
	/* readv's vectors are the kernel's to fill */
	call = TABLE_CALL("readv", SR_STRACE_ENTRY, 0, iov_addr, 2);
	ck_assert_str_eq(format_line(&call), "[  4:  4] sh E readv(0, 0x10010, 2)\n");

	struct epoll_event ev = { .events = EPOLLIN | EPOLLET, .data.u64 = 0x100000005ull };
	call = TABLE_CALL("epoll_ctl", SR_STRACE_ENTRY, 3, EPOLL_CTL_ADD, 0, fake_put(&ev, sizeof(ev)));
	ck_assert_str_eq(format_line(&call),
	                 "[  4:  4] sh E epoll_ctl(3, EPOLL_CTL_ADD, 0, {events=EPOLLIN|EPOLLET, "
	                 "data={u32=5, u64=4294967301}})\n");
	call = TABLE_CALL("epoll_ctl", SR_STRACE_ENTRY, 3, EPOLL_CTL_DEL, 0, 0);
	ck_assert_str_eq(format_line(&call), "[  4:  4] sh E epoll_ctl(3, EPOLL_CTL_DEL, 0, NULL)\n");

	stack_t ss = { .ss_sp = (void *)0x560000002a0, .ss_flags = SS_DISABLE, .ss_size = 16384 };
	call = TABLE_CALL("sigaltstack", SR_STRACE_ENTRY, fake_put(&ss, sizeof(ss)), 0x7ffd0000);
	ck_assert_str_eq(format_line(&call),
	                 "[  4:  4] sh E sigaltstack({ss_sp=0x560000002a0, ss_flags=SS_DISABLE, ss_size=16384}, "
	                 "0x7ffd0000)\n");
}
END_TEST

static Suite *strace_suite(void)
{
	Suite *s = suite_create("strace");
	TCase *decoders = tcase_create("decoders");
	TCase *memory = tcase_create("memory");
	TCase *lines = tcase_create("lines");

	tcase_add_checked_fixture(decoders, setup, NULL);
	tcase_add_test(decoders, test_scalars_print_as_the_kernel_reads_them);
	tcase_add_test(decoders, test_argument_past_the_row_prints_nothing);
	tcase_add_test(decoders, test_open_flags);
	tcase_add_test(decoders, test_at_flags);
	tcase_add_test(decoders, test_at_flags_of_faccessat2_say_eaccess);
	tcase_add_test(decoders, test_prot);
	tcase_add_test(decoders, test_map_flags);
	tcase_add_test(decoders, test_clone_flags_with_exit_signal);
	tcase_add_test(decoders, test_signals);
	tcase_add_test(decoders, test_fcntl_and_prctl_codes);
	tcase_add_test(decoders, test_socket_family_and_type);
	tcase_add_test(decoders, test_whence_futex_access_rename);
	tcase_add_test(decoders, test_ioctl_requests);
	suite_add_tcase(s, decoders);

	tcase_add_checked_fixture(memory, setup, NULL);
	tcase_add_test(memory, test_string_is_quoted_and_escaped);
	tcase_add_test(memory, test_string_is_cut_at_the_bound);
	tcase_add_test(memory, test_path_is_printed_whole_up_to_path_max);
	tcase_add_test(memory, test_path_longer_than_path_max_is_cut);
	tcase_add_test(memory, test_string_running_into_unreadable_memory_is_cut);
	tcase_add_test(memory, test_unreadable_and_null_pointers);
	tcase_add_test(memory, test_without_a_reader_pointers_are_not_followed);
	tcase_add_test(memory, test_buffer_in_takes_its_length_from_the_next_argument);
	tcase_add_test(memory, test_buffer_in_without_a_length_is_a_pointer);
	tcase_add_test(memory, test_buffer_out_is_the_pointer_at_entry_and_the_bytes_at_exit);
	tcase_add_test(memory, test_sockaddr_inet);
	tcase_add_test(memory, test_sockaddr_unix);
	tcase_add_test(memory, test_sockaddr_other_families);
	tcase_add_test(memory, test_string_array);
	tcase_add_test(memory, test_string_array_running_into_unreadable_memory);
	tcase_add_test(memory, test_string_array_is_bounded);
	tcase_add_test(memory, test_open_how);
	suite_add_tcase(s, memory);

	tcase_add_checked_fixture(lines, setup, NULL);
	tcase_add_test(lines, test_line_openat_entry_and_exit);
	tcase_add_test(lines, test_line_openat_failing_names_the_errno);
	tcase_add_test(lines, test_line_openat_creating_shows_the_mode);
	tcase_add_test(lines, test_line_execve_with_argv);
	tcase_add_test(lines, test_line_mmap);
	tcase_add_test(lines, test_line_clone);
	tcase_add_test(lines, test_line_signals);
	tcase_add_test(lines, test_line_table_ints_as_the_kernel_reads_them);
	tcase_add_test(lines, test_line_table_fd_flags_name_no_access_mode);
	tcase_add_test(lines, test_line_table_fcntl_argument_follows_the_command);
	tcase_add_test(lines, test_line_table_msg_flags);
	tcase_add_test(lines, test_line_table_statx_mask);
	tcase_add_test(lines, test_line_table_sigprocmask_madvise_and_new_fd_flags);
	tcase_add_test(lines, test_line_table_sigaction_and_signal_masks);
	tcase_add_test(lines, test_line_table_arch_prctl_rlimits_clocks_and_getrandom);
	tcase_add_test(lines, test_line_table_wait_options);
	tcase_add_test(lines, test_line_stat_structs_at_exit);
	tcase_add_test(lines, test_line_table_sockopts_and_poll);
	tcase_add_test(lines, test_line_table_times_fd_sets_and_futex);
	tcase_add_test(lines, test_line_table_socket_protocols);
	tcase_add_test(lines, test_line_table_iovecs_epoll_events_and_signal_stacks);
	tcase_add_test(lines, test_line_connect);
	tcase_add_test(lines, test_line_write_and_hex_result);
	tcase_add_test(lines, test_line_comm_cannot_forge_lines);
	tcase_add_test(lines, test_line_cut_by_a_small_buffer_stays_terminated);
	tcase_add_test(lines, test_line_cut_at_every_size_never_overruns);
	tcase_add_test(lines, test_line_exit_shows_the_arguments_of_the_entry);
	tcase_add_test(lines, test_line_exit_reads_only_the_output_buffers_again);
	tcase_add_test(lines, test_line_exit_of_a_cut_entry_stays_one_line);
	suite_add_tcase(s, lines);
	return s;
}

int main(void)
{
	SRunner *runner = srunner_create(strace_suite());
	int failed;

	srunner_run_all(runner, CK_NORMAL);
	failed = srunner_ntests_failed(runner);
	srunner_free(runner);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
