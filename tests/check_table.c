/* The syscall table against the kernel headers: one row for every
 * __NR_* of <asm/unistd_64.h>, sorted, consistent (DESIGN §2). */
#include <check.h>
#include <errno.h>
#include <seccomp.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>

#include "config.h"
#include "sentry/strace.h"
#include "sentry/table.h"
#include "util.h"

struct kernel_syscall {
	const char *name;
	int nr;
};

/* Generated at build time from <asm/unistd_64.h> (Makefile.am). */
static const struct kernel_syscall kernel_syscalls[] = {
#define SR_KERNEL_SYSCALL(name, nr) { #name, nr },
#include "tests/kernel_syscalls.h"
#undef SR_KERNEL_SYSCALL
};

/* The calls newer than the 6.1 headers, with their numbers in the
 * kernel's arch/x86/entry/syscalls/syscall_64.tbl (Linux 6.17): they
 * have rows too, resolved whether or not libseccomp knows the names. */
static const struct kernel_syscall newer_syscalls[] = {
	{ "cachestat", 451 }, { "fchmodat2", 452 }, { "map_shadow_stack", 453 },
	{ "futex_wake", 454 }, { "futex_wait", 455 }, { "futex_requeue", 456 },
	{ "statmount", 457 }, { "listmount", 458 }, { "lsm_get_self_attr", 459 },
	{ "lsm_set_self_attr", 460 }, { "lsm_list_modules", 461 }, { "mseal", 462 },
	{ "setxattrat", 463 }, { "getxattrat", 464 }, { "listxattrat", 465 },
	{ "removexattrat", 466 }, { "open_tree_attr", 467 }, { "file_getattr", 468 },
	{ "file_setattr", 469 },
};

/* x32 numbers carry this bit; they have no row. */
#define X32_SYSCALL_BIT 0x40000000

/* The program memory the decoder reads in test_every_row_decodes: junk
 * without a NUL, readable from JUNK_BASE for JUNK_SIZE bytes only; small
 * enough that two paths of it, each byte escaped, fit in one line. */
#define JUNK_BASE 0x100000u
#define JUNK_SIZE 512u
/* Step of the byte pattern: odd, so every byte value but NUL appears. */
#define JUNK_STEP 37u
#define JUNK_PID 7
#define JUNK_TID 9
#define JUNK_DURATION_NS 1500u

START_TEST(test_every_kernel_syscall_has_exactly_one_row)
{
	ck_assert_uint_gt(SR_ARRAY_SIZE(kernel_syscalls), 300);
	for (size_t i = 0; i < SR_ARRAY_SIZE(kernel_syscalls); i++) {
		const struct kernel_syscall *k = &kernel_syscalls[i];
		const struct sr_syscall_row *row = sr_table_by_name(k->name);
		ck_assert_msg(row != NULL, "no row for %s", k->name);
		ck_assert_int_eq(sr_table_nr(row), k->nr);
	}
	/* Rows are unique (next test), so equal counts mean no extra row:
	 * the headers' calls, and the newer ones the headers lack. */
	size_t newer = 0;
	for (size_t i = 0; i < SR_ARRAY_SIZE(newer_syscalls); i++) {
		bool in_headers = false;
		for (size_t k = 0; k < SR_ARRAY_SIZE(kernel_syscalls); k++)
			in_headers = in_headers || strcmp(kernel_syscalls[k].name, newer_syscalls[i].name) == 0;
		newer += !in_headers;
	}
	ck_assert_uint_eq(sr_syscall_nrows, SR_ARRAY_SIZE(kernel_syscalls) + newer);
}
END_TEST

/* A program built against a newer libc calls these on a newer kernel:
 * each has its row under the kernel's number, which is what the filter
 * and the Sentry see, though libseccomp 2.5.4 knows only some names. */
START_TEST(test_newer_syscalls_have_rows_under_their_numbers)
{
	ck_assert_int_eq(sr_table_init(), 0);
	for (size_t i = 0; i < SR_ARRAY_SIZE(newer_syscalls); i++) {
		const struct kernel_syscall *k = &newer_syscalls[i];
		const struct sr_syscall_row *row = sr_table_by_name(k->name);
		ck_assert_msg(row != NULL, "no row for %s", k->name);
		ck_assert_msg(sr_table_nr(row) == k->nr, "%s: number %d, want %d", k->name,
			      sr_table_nr(row), k->nr);
		ck_assert_ptr_eq(sr_table_by_nr(k->nr), row);
	}
}
END_TEST

START_TEST(test_rows_are_sorted_without_duplicates)
{
	for (size_t i = 1; i < sr_syscall_nrows; i++)
		ck_assert_msg(strcmp(sr_syscall_rows[i - 1].name, sr_syscall_rows[i].name) < 0,
			      "%s is not before %s", sr_syscall_rows[i - 1].name, sr_syscall_rows[i].name);
}
END_TEST

START_TEST(test_every_name_resolves_through_libseccomp_to_the_header_number)
{
	for (size_t i = 0; i < SR_ARRAY_SIZE(kernel_syscalls); i++)
		ck_assert_msg(seccomp_syscall_resolve_name(kernel_syscalls[i].name) == kernel_syscalls[i].nr,
			      "libseccomp disagrees with the header on %s", kernel_syscalls[i].name);
}
END_TEST

START_TEST(test_by_nr_finds_rows_and_refuses_other_numbers)
{
	ck_assert_ptr_null(sr_table_by_nr(SYS_getpid));   /* not before init */
	ck_assert_int_eq(sr_table_init(), 0);
	ck_assert_int_eq(sr_table_init(), 0);             /* idempotent */
	for (size_t i = 0; i < SR_ARRAY_SIZE(kernel_syscalls); i++) {
		const struct sr_syscall_row *row = sr_table_by_nr(kernel_syscalls[i].nr);
		ck_assert_ptr_nonnull(row);
		ck_assert_str_eq(row->name, kernel_syscalls[i].name);
		ck_assert_int_eq(sr_table_nr(row), kernel_syscalls[i].nr);
	}
	ck_assert_ptr_null(sr_table_by_nr(-1));
	ck_assert_ptr_null(sr_table_by_nr(400));          /* a gap in x86-64's numbering */
	ck_assert_ptr_null(sr_table_by_nr(X32_SYSCALL_BIT | SYS_getpid));
	ck_assert_ptr_null(sr_table_by_name("no_such_call"));
	ck_assert_ptr_null(sr_table_by_name(""));
}
END_TEST

START_TEST(test_notified_rows_name_a_handler)
{
	for (size_t i = 0; i < sr_syscall_nrows; i++) {
		const struct sr_syscall_row *row = &sr_syscall_rows[i];
		const struct sr_row_context ctx = { .net_emulated = true };
		enum sr_disposition host = sr_row_disposition(row, &ctx);
		ck_assert_int_lt(row->handler, SR_H_COUNT);
		if (host == SR_DISP_EMULATE || host == SR_DISP_CONTINUE || (row->flags & SR_ROW_EVENT))
			ck_assert_msg(row->handler != SR_H_NONE, "%s is notified without a handler", row->name);
		if (row->disp == SR_DISP_ERRNO || row->disp == SR_DISP_KILL)
			ck_assert_msg(row->handler == SR_H_NONE, "%s is refused but names a handler", row->name);
	}
}
END_TEST

START_TEST(test_destination_calls_are_emulated_only_on_the_host_network)
{
	static const char *const names[] = { "connect", "bind", "sendto", "sendmsg", "sendmmsg" };
	static const struct { enum sr_net_mode mode; bool emulated; } modes[] = {
		{ SR_NET_LOOPBACK, false }, { SR_NET_NONE, false }, { SR_NET_HOST, true }, { SR_NET_VETH, true },
	};
	struct sr_config cfg;

	/* veth's default route reaches every address of the host. */
	sr_config_init(&cfg);
	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		cfg.net = modes[i].mode;
		ck_assert_int_eq(sr_config_net_emulated(&cfg), modes[i].emulated);
	}
	sr_config_free(&cfg);

	const struct sr_row_context own = { .net_emulated = false }, host = { .net_emulated = true };
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const struct sr_syscall_row *row = sr_table_by_name(names[i]);
		ck_assert_ptr_nonnull(row);
		ck_assert_int_eq(sr_row_disposition(row, &own), SR_DISP_ALLOW);
		ck_assert_int_eq(sr_row_disposition(row, &host), SR_DISP_EMULATE);
		ck_assert_int_eq(row->handler, SR_H_NET);
	}
	ck_assert_int_eq(sr_row_disposition(sr_table_by_name("socket"), &host), SR_DISP_ALLOW);
	ck_assert_int_eq(sr_row_disposition(sr_table_by_name("openat"), &host),
			 sr_table_by_name("openat")->disp);
}
END_TEST

START_TEST(test_refused_rows_carry_a_sane_errno)
{
	for (size_t i = 0; i < sr_syscall_nrows; i++) {
		const struct sr_syscall_row *row = &sr_syscall_rows[i];
		if (row->disp != SR_DISP_ERRNO) {
			ck_assert_msg(row->err == 0, "%s is not refused but has an errno", row->name);
			ck_assert_msg(!(row->flags & SR_ROW_NEVER), "%s is never offered but not refused", row->name);
			continue;
		}
		ck_assert_msg(row->err == EPERM || row->err == ENOSYS, "%s: errno %d", row->name, row->err);
		ck_assert_msg(!(row->flags & SR_ROW_HOT), "%s is refused and hot", row->name);
		if (row->err == ENOSYS)
			ck_assert_msg(row->flags & SR_ROW_NEVER, "%s: ENOSYS but allow= could lift it", row->name);
	}
}
END_TEST

static bool is_return_type(enum sr_argtype t)
{
	return t == SR_ARG_INT || t == SR_ARG_FD || t == SR_ARG_HEX || t == SR_ARG_PTR;
}

static bool is_length_type(enum sr_argtype t)
{
	return t == SR_ARG_UINT || t == SR_ARG_INT;
}

START_TEST(test_argument_types_are_sane)
{
	for (size_t i = 0; i < sr_syscall_nrows; i++) {
		const struct sr_syscall_row *row = &sr_syscall_rows[i];
		ck_assert_msg(is_return_type(row->ret), "%s: bad return type", row->name);
		bool ended = false;
		for (size_t a = 0; a < SR_SYSCALL_MAX_ARGS; a++) {
			enum sr_argtype t = row->args[a];
			ck_assert_msg(t < SR_ARG_TYPES_END, "%s: arg %zu has no type", row->name, a);
			if (t == SR_ARG_NONE) {
				ended = true;
				continue;
			}
			ck_assert_msg(!ended, "%s: arg %zu follows a missing one", row->name, a);
			/* (pointer, length) pairs: the decoder reads the next arg. */
			if (t == SR_ARG_BUF_IN || t == SR_ARG_BUF_OUT || t == SR_ARG_SOCKADDR ||
			    t == SR_ARG_OPEN_HOW || t == SR_ARG_SOCKOPT_VALUE || t == SR_ARG_POLLFDS ||
			    t == SR_ARG_IOVEC_IN)
				ck_assert_msg(a + 1 < SR_SYSCALL_MAX_ARGS && is_length_type(row->args[a + 1]),
					      "%s: arg %zu has no length after it", row->name, a);
		}
	}
}
END_TEST

static unsigned char junk[JUNK_SIZE];

static ssize_t junk_read(void *ctx, uint64_t addr, void *buf, size_t len)
{
	ck_assert_ptr_eq(ctx, junk);
	if (addr < JUNK_BASE || addr >= JUNK_BASE + JUNK_SIZE)
		return -1;
	if (len > JUNK_BASE + JUNK_SIZE - addr)
		len = JUNK_BASE + JUNK_SIZE - addr;
	memcpy(buf, junk + (addr - JUNK_BASE), len);
	return (ssize_t)len;
}

static bool follows_futex_op(const struct sr_syscall_row *row, unsigned int index)
{
	for (unsigned int i = 0; i < index; i++)
		if (row->args[i] == SR_ARG_FUTEX_OP)
			return true;
	return false;
}

/* One line of `call`, held against its arguments decoded one by one:
 * each non-empty and in the line in order (a mode the open flags make
 * irrelevant may be left out), the line whole and ended. */
static void assert_line_decodes(const struct sr_strace_call *call)
{
	static char line[SR_STRACE_LINE_MAX];
	static char arg[SR_STRACE_LINE_MAX];
	char head[SR_STRACE_COMM_MAX + 64];
	size_t len = sr_strace_format(line, sizeof(line), call);
	const char *at;

	ck_assert_uint_eq(len, strlen(line));
	ck_assert_msg(len + 1 < sizeof(line), "%s: the line was cut", call->row->name);
	snprintf(head, sizeof(head), "[%3d:%3d] t %c %s(", JUNK_PID, JUNK_TID,
		 call->phase == SR_STRACE_ENTRY ? 'E' : 'X', call->row->name);
	ck_assert_msg(strncmp(line, head, strlen(head)) == 0, "%s: %s", call->row->name, line);
	ck_assert_msg(strchr(line, '\n') == line + len - 1, "%s: not one line: %s", call->row->name, line);
	at = line + strlen(head);
	for (unsigned int i = 0; i < SR_SYSCALL_MAX_ARGS && call->row->args[i] != SR_ARG_NONE; i++) {
		size_t n = sr_strace_format_arg(arg, sizeof(arg), call, i);
		const char *found;

		ck_assert_msg(n > 0 && n == strlen(arg), "%s: argument %u decodes to nothing", call->row->name, i);
		found = strstr(at, arg);
		/* Left out by the flags or the operation before (strace.h). */
		if (found == NULL && (call->row->args[i] == SR_ARG_MODE || follows_futex_op(call->row, i)))
			continue;
		ck_assert_msg(found != NULL, "%s: argument %u (%s) is not in %s", call->row->name, i, arg, line);
		at = found + n;
	}
	if (call->phase == SR_STRACE_ENTRY)
		ck_assert_msg(strcmp(at, ")\n") == 0, "%s: entry line ends in %s", call->row->name, at);
	else
		ck_assert_msg(strncmp(at, ") = ", strlen(") = ")) == 0 && strstr(at, "us)\n") != NULL,
			      "%s: exit line ends in %s", call->row->name, at);
}

/* Every row, entry and exit, succeeding and failing, with arguments that
 * are zero, pointers into junk, pointers at the end of readable memory
 * and all ones: each argument decodes and the line holds them all. */
START_TEST(test_every_row_decodes)
{
	static const uint64_t fillings[] = {
		0, JUNK_BASE, JUNK_BASE + JUNK_SIZE - 1, UINT64_MAX,
	};
	static const int64_t results[] = { 5, -EFAULT };

	for (size_t i = 0; i < JUNK_SIZE; i++)
		junk[i] = (unsigned char)(i * JUNK_STEP % 255 + 1);
	for (size_t r = 0; r < sr_syscall_nrows; r++)
		for (size_t f = 0; f < SR_ARRAY_SIZE(fillings); f++) {
			struct sr_strace_call call = {
				.pid = JUNK_PID, .tid = JUNK_TID, .comm = "t",
				.row = &sr_syscall_rows[r], .phase = SR_STRACE_ENTRY,
				.duration_ns = JUNK_DURATION_NS, .read = junk_read, .read_ctx = junk,
			};
			for (size_t a = 0; a < SR_SYSCALL_MAX_ARGS; a++)
				call.args[a] = fillings[f];
			assert_line_decodes(&call);
			call.phase = SR_STRACE_EXIT;
			for (size_t k = 0; k < SR_ARRAY_SIZE(results); k++) {
				call.ret = results[k];
				assert_line_decodes(&call);
			}
		}
}
END_TEST

static void assert_row(const char *name, enum sr_disposition disp, int err,
		       unsigned int flags, enum sr_handler_id handler)
{
	const struct sr_syscall_row *row = sr_table_by_name(name);
	ck_assert_msg(row != NULL, "no row for %s", name);
	ck_assert_msg(row->disp == disp, "%s: disposition %d, want %d", name, row->disp, disp);
	ck_assert_msg(row->err == err, "%s: errno %d, want %d", name, row->err, err);
	ck_assert_msg((row->flags & flags) == flags, "%s: flags %#x lack %#x", name, row->flags, flags);
	ck_assert_msg(row->handler == handler, "%s: handler %d, want %d", name, row->handler, handler);
}

/* DESIGN §2's classification, a few rows of each kind. */
START_TEST(test_design_classification)
{
	static const char *const hot[] = {
		"read", "write", "close", "mmap", "munmap", "mprotect", "brk", "futex",
		"clock_gettime", "getpid", "gettid", "rt_sigaction", "rt_sigprocmask",
		"rt_sigreturn", "pread64", "lseek", "fstat", "poll", "epoll_wait", "sched_yield",
		"nanosleep",
	};
	for (size_t i = 0; i < SR_ARRAY_SIZE(hot); i++)
		assert_row(hot[i], SR_DISP_ALLOW, 0, SR_ROW_HOT, SR_H_NONE);

	static const char *const never[] = {
		"io_uring_setup", "io_uring_enter", "io_uring_register", "kexec_load",
		"kexec_file_load", "init_module", "finit_module", "delete_module",
		"open_by_handle_at", "name_to_handle_at", "mount", "umount2", "fsopen",
		"fsconfig", "fsmount", "fspick", "move_mount", "open_tree", "open_tree_attr", "mount_setattr",
		"pivot_root", "chroot", "setns", "swapon", "swapoff", "reboot", "iopl", "ioperm",
	};
	for (size_t i = 0; i < SR_ARRAY_SIZE(never); i++)
		assert_row(never[i], SR_DISP_ERRNO, EPERM, SR_ROW_NEVER, SR_H_NONE);

	static const char *const opt_in[] = {
		"bpf", "perf_event_open", "ptrace", "process_vm_readv", "process_vm_writev",
		"keyctl", "add_key", "request_key", "acct", "syslog", "quotactl",
		"settimeofday", "clock_settime", "pidfd_getfd", "lsm_set_self_attr",
	};
	for (size_t i = 0; i < SR_ARRAY_SIZE(opt_in); i++) {
		assert_row(opt_in[i], SR_DISP_ERRNO, EPERM, 0, SR_H_NONE);
		ck_assert(!(sr_table_by_name(opt_in[i])->flags & SR_ROW_NEVER));
	}

	assert_row("clone3", SR_DISP_ERRNO, ENOSYS, SR_ROW_NEVER, SR_H_NONE);
	/* Not served yet: callers fall back to the ioctl on an fd. */
	assert_row("file_getattr", SR_DISP_ERRNO, ENOSYS, SR_ROW_NEVER, SR_H_NONE);
	assert_row("file_setattr", SR_DISP_ERRNO, ENOSYS, SR_ROW_NEVER, SR_H_NONE);
	assert_row("uselib", SR_DISP_ERRNO, ENOSYS, SR_ROW_NEVER, SR_H_NONE);
	assert_row("userfaultfd", SR_DISP_ERRNO, EPERM, SR_ROW_ARGRULES, SR_H_NONE);
	assert_row("clone", SR_DISP_ALLOW, 0, SR_ROW_ARGRULES, SR_H_CLONE);
	assert_row("unshare", SR_DISP_ALLOW, 0, SR_ROW_ARGRULES, SR_H_NONE);
	assert_row("ioctl", SR_DISP_ALLOW, 0, SR_ROW_ARGRULES, SR_H_NONE);
	assert_row("seccomp", SR_DISP_ALLOW, 0, SR_ROW_ARGRULES, SR_H_NONE);
	assert_row("prctl", SR_DISP_ALLOW, 0, SR_ROW_ARGRULES, SR_H_NONE);
	assert_row("setsockopt", SR_DISP_ALLOW, 0, SR_ROW_ARGRULES, SR_H_NONE);
	assert_row("personality", SR_DISP_ALLOW, 0, SR_ROW_ARGRULES, SR_H_PERSONALITY);
	assert_row("pidfd_send_signal", SR_DISP_ALLOW, 0, SR_ROW_EVENT, SR_H_PIDFD_SIGNAL);

	assert_row("uname", SR_DISP_EMULATE, 0, 0, SR_H_UNAME);
	assert_row("sethostname", SR_DISP_EMULATE, 0, 0, SR_H_SETHOSTNAME);
	assert_row("setdomainname", SR_DISP_EMULATE, 0, 0, SR_H_SETHOSTNAME);
	static const char *const kill_class[] = {
		"kill", "tkill", "tgkill", "rt_sigqueueinfo", "rt_tgsigqueueinfo",
	};
	for (size_t i = 0; i < SR_ARRAY_SIZE(kill_class); i++)
		assert_row(kill_class[i], SR_DISP_CONTINUE, 0, 0, SR_H_KILL);
	assert_row("execve", SR_DISP_CONTINUE, 0, 0, SR_H_EXECVE);
	assert_row("execveat", SR_DISP_CONTINUE, 0, 0, SR_H_EXECVE);
	assert_row("landlock_create_ruleset", SR_DISP_CONTINUE, 0, 0, SR_H_LANDLOCK_RULESET);

	/* Path calls served through the Gofer; fstat (AT_EMPTY_PATH) stays
	 * in the kernel by argument rules. */
	static const char *const opens[] = { "open", "openat", "openat2", "creat" };
	for (size_t i = 0; i < SR_ARRAY_SIZE(opens); i++)
		assert_row(opens[i], SR_DISP_EMULATE, 0, 0, SR_H_OPEN);
	static const char *const lookups[] = {
		"stat", "lstat", "access", "faccessat", "faccessat2", "readlink", "readlinkat",
		"getxattr", "lgetxattr", "listxattr", "llistxattr", "statfs", "inotify_add_watch",
		"getxattrat", "listxattrat",
	};
	for (size_t i = 0; i < SR_ARRAY_SIZE(lookups); i++)
		assert_row(lookups[i], SR_DISP_EMULATE, 0, 0, SR_H_STAT);
	assert_row("newfstatat", SR_DISP_EMULATE, 0, SR_ROW_ARGRULES, SR_H_STAT);
	assert_row("statx", SR_DISP_EMULATE, 0, SR_ROW_ARGRULES, SR_H_STAT);
	static const char *const changes[] = {
		"mkdir", "mkdirat", "mknod", "mknodat", "unlink", "unlinkat", "rmdir", "rename",
		"renameat", "renameat2", "link", "linkat", "symlink", "symlinkat", "chmod", "fchmodat",
		"chown", "lchown", "fchownat", "utime", "utimes", "futimesat", "truncate", "chdir",
		"setxattr", "lsetxattr", "removexattr", "lremovexattr", "fchmodat2", "setxattrat",
		"removexattrat",
	};
	for (size_t i = 0; i < SR_ARRAY_SIZE(changes); i++)
		assert_row(changes[i], SR_DISP_EMULATE, 0, 0, SR_H_PATH);
	assert_row("utimensat", SR_DISP_EMULATE, 0, SR_ROW_ARGRULES, SR_H_PATH);
	/* Calls on an fd stay in the kernel. */
	static const char *const on_fd[] = {
		"fgetxattr", "fsetxattr", "flistxattr", "fremovexattr", "fstatfs", "inotify_rm_watch",
	};
	for (size_t i = 0; i < SR_ARRAY_SIZE(on_fd); i++)
		assert_row(on_fd[i], SR_DISP_ALLOW, 0, 0, SR_H_NONE);
	/* So do the newer calls on an fd, on the caller's own memory, futex
	 * words and LSM attributes, and the reads of its own mount table. */
	static const char *const own[] = {
		"cachestat", "map_shadow_stack", "mseal", "futex_wake", "futex_wait", "futex_requeue",
		"lsm_get_self_attr", "lsm_list_modules", "statmount", "listmount",
	};
	for (size_t i = 0; i < SR_ARRAY_SIZE(own); i++)
		assert_row(own[i], SR_DISP_ALLOW, 0, 0, SR_H_NONE);
	/* No path call is left to the kernel: fanotify_mark, which the
	 * Gofer has no operation for, is refused, and a profile must opt in. */
	assert_row("fanotify_mark", SR_DISP_ERRNO, EPERM, 0, SR_H_NONE);
	for (size_t i = 0; i < sr_syscall_nrows; i++) {
		const struct sr_syscall_row *row = &sr_syscall_rows[i];
		for (size_t j = 0; j < SR_ARRAY_SIZE(row->args); j++)
			ck_assert_msg(row->disp != SR_DISP_ALLOW || row->args[j] != SR_ARG_PATH,
				      "%s takes a path and is allowed in the kernel", row->name);
	}

	static const char *const noreturn[] = { "exit", "exit_group", "rt_sigreturn" };
	for (size_t i = 0; i < SR_ARRAY_SIZE(noreturn); i++)
		ck_assert(sr_table_by_name(noreturn[i])->flags & SR_ROW_NORETURN);
}
END_TEST

static Suite *table_suite(void)
{
	Suite *s = suite_create("table");
	TCase *tc = tcase_create("rows");
	tcase_add_test(tc, test_every_kernel_syscall_has_exactly_one_row);
	tcase_add_test(tc, test_rows_are_sorted_without_duplicates);
	tcase_add_test(tc, test_every_name_resolves_through_libseccomp_to_the_header_number);
	tcase_add_test(tc, test_newer_syscalls_have_rows_under_their_numbers);
	tcase_add_test(tc, test_by_nr_finds_rows_and_refuses_other_numbers);
	tcase_add_test(tc, test_notified_rows_name_a_handler);
	tcase_add_test(tc, test_destination_calls_are_emulated_only_on_the_host_network);
	tcase_add_test(tc, test_refused_rows_carry_a_sane_errno);
	tcase_add_test(tc, test_argument_types_are_sane);
	tcase_add_test(tc, test_every_row_decodes);
	tcase_add_test(tc, test_design_classification);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(table_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
