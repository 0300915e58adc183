/* --strace line formatting: see strace.h.  Tables of names are built from
 * the headers' own macros so that a value can never drift from its name;
 * the few values glibc hides from user space come from compat.h. */
#include "config.h"

#include <arpa/inet.h>
#include <asm/prctl.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/futex.h>
#include <linux/netlink.h>
#include <linux/openat2.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/select.h>
#include <sys/sysmacros.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "compat.h"
#include "sentry/strace.h"
#include "util.h"

/* The exit signal of clone() lives in the low byte of its flags. */
#define CLONE_EXIT_SIGNAL_MASK 0xffu
#define SOCK_TYPE_MASK 0xfu
/* MAP_HUGETLB's page size: log2 of it in these bits. */
#define MAP_HUGE_SIZE_SHIFT 26
#define MAP_HUGE_SIZE_MASK 0x3fu
#define MAP_TYPE_MASK 0x0fu
/* Follows a string, buffer or list that was cut. */
#define ELLIPSIS "..."

struct strace_out {
	char *buf;
	size_t size;   /* >= 1 */
	size_t len;
	bool cut;      /* the buffer ran out: nothing more is appended */
};

static void out_bytes(struct strace_out *out, const char *s, size_t n)
{
	size_t room = out->size - 1 - out->len;

	if (out->cut)
		return;
	if (n > room) {
		n = room;
		out->cut = true;
	}
	memcpy(out->buf + out->len, s, n);
	out->len += n;
	out->buf[out->len] = '\0';
}

static void out_str(struct strace_out *out, const char *s)
{
	out_bytes(out, s, strlen(s));
}

__attribute__((format(printf, 2, 3)))
static void out_printf(struct strace_out *out, const char *fmt, ...)
{
	size_t room = out->size - 1 - out->len;
	va_list ap;
	int n;

	if (out->cut)
		return;
	va_start(ap, fmt);
	n = vsnprintf(out->buf + out->len, room + 1, fmt, ap);
	va_end(ap);
	if (n < 0) {
		out->buf[out->len] = '\0';
		out->cut = true;
		return;
	}
	if ((size_t)n > room) {
		out->len += room;
		out->cut = true;
		return;
	}
	out->len += (size_t)n;
}

/* Bytes the program controls never reach the trace raw (sr_escape_byte);
 * within quotes, a quote and a backslash are escaped too. */
static void out_escaped(struct strace_out *out, const unsigned char *s, size_t n)
{
	for (size_t i = 0; i < n && !out->cut; i++) {
		char escaped[SR_ESCAPED_BYTE_MAX];

		if (s[i] == '"' || s[i] == '\\') {
			out_printf(out, "\\%c", s[i]);
			continue;
		}
		out_bytes(out, escaped, sr_escape_byte(s[i], escaped));
	}
}

static void out_quoted(struct strace_out *out, const unsigned char *s, size_t n, bool cut)
{
	out_str(out, "\"");
	out_escaped(out, s, n);
	out_str(out, "\"");
	if (cut)
		out_str(out, ELLIPSIS);
}

static void out_hex(struct strace_out *out, uint64_t v)
{
	if (v == 0)
		out_str(out, "0");
	else
		out_printf(out, "%#" PRIx64, v);
}

static void out_ptr(struct strace_out *out, uint64_t addr)
{
	if (addr == 0)
		out_str(out, "NULL");
	else
		out_printf(out, "%#" PRIx64, addr);
}

static void out_bad_ptr(struct strace_out *out, uint64_t addr)
{
	out_printf(out, "%#" PRIx64 " (bad)", addr);
}

/* ---- names of flags and codes ---- */

struct value_name {
	uint64_t value;
	const char *name;
};
#define VALUE_NAME(v) { (uint64_t)(v), #v }

/* Appends, '|'-separated, the names whose bits are all set in `value`
 * (a name covering several bits must come before its parts) and returns
 * the bits no name covered.  `*any` says whether something was printed. */
static uint64_t out_flag_names(struct strace_out *out, uint64_t value,
                               const struct value_name *names, size_t n, bool *any)
{
	for (size_t i = 0; i < n; i++) {
		if (names[i].value == 0 || (value & names[i].value) != names[i].value)
			continue;
		if (*any)
			out_str(out, "|");
		out_str(out, names[i].name);
		*any = true;
		value &= ~names[i].value;
	}
	return value;
}

/* Unknown bits are never dropped: they follow the names in hex. */
static void out_flag_rest(struct strace_out *out, uint64_t rest, bool any)
{
	if (rest == 0) {
		if (!any)
			out_str(out, "0");
		return;
	}
	if (any)
		out_str(out, "|");
	out_printf(out, "%#" PRIx64, rest);
}

static void out_flags(struct strace_out *out, uint64_t value,
                      const struct value_name *names, size_t n)
{
	bool any = false;
	uint64_t rest = out_flag_names(out, value, names, n, &any);

	out_flag_rest(out, rest, any);
}

static const char *code_name(uint64_t value, const struct value_name *names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (names[i].value == value)
			return names[i].name;
	return NULL;
}

/* A code (not a mask): its name, else the number in decimal. */
static void out_code(struct strace_out *out, int64_t value,
                     const struct value_name *names, size_t n)
{
	const char *name = code_name((uint64_t)value, names, n);

	if (name != NULL)
		out_str(out, name);
	else
		out_printf(out, "%" PRId64, value);
}

static const struct value_name open_flag_names[] = {
	VALUE_NAME(O_CREAT), VALUE_NAME(O_EXCL), VALUE_NAME(O_NOCTTY),
	VALUE_NAME(O_TRUNC), VALUE_NAME(O_APPEND), VALUE_NAME(O_NONBLOCK),
	VALUE_NAME(O_SYNC), VALUE_NAME(O_DSYNC),        /* O_SYNC contains O_DSYNC */
	VALUE_NAME(O_ASYNC), VALUE_NAME(O_DIRECT),
	{ SR_KERNEL_O_LARGEFILE, "O_LARGEFILE" },
	VALUE_NAME(O_TMPFILE), VALUE_NAME(O_DIRECTORY), /* O_TMPFILE contains O_DIRECTORY */
	VALUE_NAME(O_NOFOLLOW), VALUE_NAME(O_NOATIME), VALUE_NAME(O_CLOEXEC),
	VALUE_NAME(O_PATH),
};

static const struct value_name open_access_names[] = {
	VALUE_NAME(O_RDONLY), VALUE_NAME(O_WRONLY), VALUE_NAME(O_RDWR),
};

static void out_open_flags(struct strace_out *out, uint64_t flags)
{
	const char *access = code_name(flags & O_ACCMODE, open_access_names,
	                               SR_ARRAY_SIZE(open_access_names));
	uint64_t rest = flags;
	bool any = false;

	/* The access mode is a code, and O_RDONLY is 0: name it first. */
	if (access != NULL) {
		out_str(out, access);
		any = true;
		rest &= ~(uint64_t)O_ACCMODE;
	}
	rest = out_flag_names(out, rest, open_flag_names, SR_ARRAY_SIZE(open_flag_names), &any);
	out_flag_rest(out, rest, any);
}

/* Flags of a new fd (pipe2, dup3) or of an open file (F_SETFL): open
 * flags with no access mode, which O_RDONLY (0) would wrongly claim. */
static void out_fd_flags(struct strace_out *out, uint64_t flags)
{
	out_flags(out, flags, open_flag_names, SR_ARRAY_SIZE(open_flag_names));
}

static bool open_flags_take_mode(uint64_t flags)
{
	return (flags & O_CREAT) != 0 || (flags & O_TMPFILE) == O_TMPFILE;
}

static void out_mode(struct strace_out *out, uint64_t mode)
{
	out_printf(out, "%#" PRIo64, mode);
}

/* AT_REMOVEDIR and AT_EACCESS share 0x200; only faccessat2 means the latter. */
static const struct value_name at_flag_names[] = {
	VALUE_NAME(AT_SYMLINK_NOFOLLOW), VALUE_NAME(AT_REMOVEDIR),
	VALUE_NAME(AT_SYMLINK_FOLLOW), VALUE_NAME(AT_NO_AUTOMOUNT),
	VALUE_NAME(AT_EMPTY_PATH), VALUE_NAME(AT_STATX_FORCE_SYNC),
	VALUE_NAME(AT_STATX_DONT_SYNC), VALUE_NAME(AT_RECURSIVE),
};
static const struct value_name faccessat_flag_names[] = {
	VALUE_NAME(AT_SYMLINK_NOFOLLOW), VALUE_NAME(AT_EACCESS),
	VALUE_NAME(AT_EMPTY_PATH),
};
static const struct value_name execveat_flag_names[] = {
	VALUE_NAME(AT_SYMLINK_NOFOLLOW), VALUE_NAME(AT_EMPTY_PATH),
	VALUE_NAME(AT_EXECVE_CHECK),
};

/* statx's sync type is a code within AT_STATX_SYNC_TYPE, named first
 * (as strace does), even when it is AT_STATX_SYNC_AS_STAT (0). */
static const struct value_name statx_sync_names[] = {
	VALUE_NAME(AT_STATX_SYNC_AS_STAT), VALUE_NAME(AT_STATX_FORCE_SYNC),
	VALUE_NAME(AT_STATX_DONT_SYNC),
};

static void out_statx_flags(struct strace_out *out, uint64_t flags)
{
	const char *sync = code_name(flags & AT_STATX_SYNC_TYPE, statx_sync_names,
	                             SR_ARRAY_SIZE(statx_sync_names));
	bool any = false;

	if (sync != NULL) {
		out_str(out, sync);
		any = true;
		flags &= ~(uint64_t)AT_STATX_SYNC_TYPE;
	}
	flags = out_flag_names(out, flags, at_flag_names, SR_ARRAY_SIZE(at_flag_names), &any);
	out_flag_rest(out, flags, any);
}

static void out_at_flags(struct strace_out *out, const struct sr_syscall_row *row, uint64_t flags)
{
	if (strcmp(row->name, "statx") == 0)
		out_statx_flags(out, flags);
	else if (strcmp(row->name, "faccessat2") == 0)
		out_flags(out, flags, faccessat_flag_names, SR_ARRAY_SIZE(faccessat_flag_names));
	else if (strcmp(row->name, "execveat") == 0)
		out_flags(out, flags, execveat_flag_names, SR_ARRAY_SIZE(execveat_flag_names));
	else
		out_flags(out, flags, at_flag_names, SR_ARRAY_SIZE(at_flag_names));
}

static const struct value_name resolve_flag_names[] = {
	VALUE_NAME(RESOLVE_NO_XDEV), VALUE_NAME(RESOLVE_NO_MAGICLINKS),
	VALUE_NAME(RESOLVE_NO_SYMLINKS), VALUE_NAME(RESOLVE_BENEATH),
	VALUE_NAME(RESOLVE_IN_ROOT), VALUE_NAME(RESOLVE_CACHED),
};

static const struct value_name prot_names[] = {
	VALUE_NAME(PROT_READ), VALUE_NAME(PROT_WRITE), VALUE_NAME(PROT_EXEC),
	VALUE_NAME(PROT_SEM), VALUE_NAME(PROT_GROWSDOWN), VALUE_NAME(PROT_GROWSUP),
};

static void out_prot(struct strace_out *out, uint64_t prot)
{
	if (prot == PROT_NONE)
		out_str(out, "PROT_NONE");
	else
		out_flags(out, prot, prot_names, SR_ARRAY_SIZE(prot_names));
}

static const struct value_name map_type_names[] = {
	VALUE_NAME(MAP_SHARED), VALUE_NAME(MAP_PRIVATE), VALUE_NAME(MAP_SHARED_VALIDATE),
};
static const struct value_name map_flag_names[] = {
	VALUE_NAME(MAP_FIXED), VALUE_NAME(MAP_ANONYMOUS), VALUE_NAME(MAP_32BIT),
	VALUE_NAME(MAP_GROWSDOWN), VALUE_NAME(MAP_DENYWRITE), VALUE_NAME(MAP_EXECUTABLE),
	VALUE_NAME(MAP_LOCKED), VALUE_NAME(MAP_NORESERVE), VALUE_NAME(MAP_POPULATE),
	VALUE_NAME(MAP_NONBLOCK), VALUE_NAME(MAP_STACK), VALUE_NAME(MAP_HUGETLB),
	VALUE_NAME(MAP_SYNC), VALUE_NAME(MAP_FIXED_NOREPLACE),
};

static void out_map_flags(struct strace_out *out, uint64_t flags)
{
	const char *type = code_name(flags & MAP_TYPE_MASK, map_type_names,
	                             SR_ARRAY_SIZE(map_type_names));
	uint64_t rest = flags;
	bool any = false;

	if (type != NULL) {
		out_str(out, type);
		any = true;
		rest &= ~(uint64_t)MAP_TYPE_MASK;
	}
	rest = out_flag_names(out, rest, map_flag_names, SR_ARRAY_SIZE(map_flag_names), &any);
	/* With MAP_HUGETLB the top bits are a page size, not flags. */
	if ((flags & MAP_HUGETLB) != 0) {
		uint64_t huge = (rest >> MAP_HUGE_SIZE_SHIFT) & MAP_HUGE_SIZE_MASK;

		if (huge != 0) {
			out_printf(out, "|%" PRIu64 "<<MAP_HUGE_SHIFT", huge);
			rest &= ~((uint64_t)MAP_HUGE_SIZE_MASK << MAP_HUGE_SIZE_SHIFT);
		}
	}
	out_flag_rest(out, rest, any);
}

static const char *const signal_names[] = {
	[SIGHUP] = "SIGHUP", [SIGINT] = "SIGINT", [SIGQUIT] = "SIGQUIT",
	[SIGILL] = "SIGILL", [SIGTRAP] = "SIGTRAP", [SIGABRT] = "SIGABRT",
	[SIGBUS] = "SIGBUS", [SIGFPE] = "SIGFPE", [SIGKILL] = "SIGKILL",
	[SIGUSR1] = "SIGUSR1", [SIGSEGV] = "SIGSEGV", [SIGUSR2] = "SIGUSR2",
	[SIGPIPE] = "SIGPIPE", [SIGALRM] = "SIGALRM", [SIGTERM] = "SIGTERM",
	[SIGSTKFLT] = "SIGSTKFLT", [SIGCHLD] = "SIGCHLD", [SIGCONT] = "SIGCONT",
	[SIGSTOP] = "SIGSTOP", [SIGTSTP] = "SIGTSTP", [SIGTTIN] = "SIGTTIN",
	[SIGTTOU] = "SIGTTOU", [SIGURG] = "SIGURG", [SIGXCPU] = "SIGXCPU",
	[SIGXFSZ] = "SIGXFSZ", [SIGVTALRM] = "SIGVTALRM", [SIGPROF] = "SIGPROF",
	[SIGWINCH] = "SIGWINCH", [SIGIO] = "SIGIO", [SIGPWR] = "SIGPWR",
	[SIGSYS] = "SIGSYS",
};

static bool signal_is_valid(int64_t sig)
{
	return sig >= 1 && sig <= SR_KERNEL_SIGRTMAX;
}

/* Real-time signals are numbered as the kernel sees them (SIGRTMIN = 32),
 * not as glibc shows them (it keeps 32 and 33 for itself).  In a mask
 * the names go without "SIG", as strace writes them ([INT TERM]). */
static void out_signal_name(struct strace_out *out, int64_t sig, bool in_mask)
{
	const char *prefix = in_mask ? "" : "SIG";

	if (sig >= 1 && (size_t)sig < SR_ARRAY_SIZE(signal_names) && signal_names[sig] != NULL)
		out_str(out, signal_names[sig] + (in_mask ? strlen("SIG") : 0));
	else if (sig == SR_KERNEL_SIGRTMIN)
		out_printf(out, "%sRTMIN", prefix);
	else if (sig > SR_KERNEL_SIGRTMIN && sig <= SR_KERNEL_SIGRTMAX)
		out_printf(out, "%sRTMIN+%" PRId64, prefix, sig - SR_KERNEL_SIGRTMIN);
	else
		out_printf(out, "%" PRId64, sig);
}

static void out_signal(struct strace_out *out, int64_t sig)
{
	out_signal_name(out, sig, false);
}

/* Bit N-1 for signal N.  A mask holding half the signals or more is
 * shown by those it leaves out, after a '~', as strace does: glibc
 * blocks all but two around a fork, and ~[RTMIN RTMIN+1] says so. */
static void out_sigmask(struct strace_out *out, uint64_t mask)
{
	bool first = true;

	if (__builtin_popcountll(mask) >= SR_KERNEL_SIGRTMAX / 2) {
		out_str(out, "~");
		mask = ~mask;
	}
	out_str(out, "[");
	for (int sig = 1; sig <= SR_KERNEL_SIGRTMAX; sig++) {
		if ((mask & (1ull << (sig - 1))) == 0)
			continue;
		if (!first)
			out_str(out, " ");
		out_signal_name(out, sig, true);
		first = false;
	}
	out_str(out, "]");
}

/* In strace's order. */
static const struct value_name sigaction_flag_names[] = {
	{ SR_KERNEL_SA_RESTORER, "SA_RESTORER" }, VALUE_NAME(SA_ONSTACK),
	VALUE_NAME(SA_RESTART), VALUE_NAME(SA_INTERRUPT), VALUE_NAME(SA_NODEFER),
	VALUE_NAME(SA_RESETHAND), VALUE_NAME(SA_SIGINFO), VALUE_NAME(SA_NOCLDSTOP),
	VALUE_NAME(SA_NOCLDWAIT),
};

static const struct value_name clone_flag_names[] = {
	VALUE_NAME(CLONE_VM), VALUE_NAME(CLONE_FS), VALUE_NAME(CLONE_FILES),
	VALUE_NAME(CLONE_SIGHAND), VALUE_NAME(CLONE_PIDFD), VALUE_NAME(CLONE_PTRACE),
	VALUE_NAME(CLONE_VFORK), VALUE_NAME(CLONE_PARENT), VALUE_NAME(CLONE_THREAD),
	VALUE_NAME(CLONE_NEWNS), VALUE_NAME(CLONE_SYSVSEM), VALUE_NAME(CLONE_SETTLS),
	VALUE_NAME(CLONE_PARENT_SETTID), VALUE_NAME(CLONE_CHILD_CLEARTID),
	VALUE_NAME(CLONE_DETACHED), VALUE_NAME(CLONE_UNTRACED),
	VALUE_NAME(CLONE_CHILD_SETTID), VALUE_NAME(CLONE_NEWCGROUP),
	VALUE_NAME(CLONE_NEWUTS), VALUE_NAME(CLONE_NEWIPC), VALUE_NAME(CLONE_NEWUSER),
	VALUE_NAME(CLONE_NEWPID), VALUE_NAME(CLONE_NEWNET), VALUE_NAME(CLONE_IO),
};

/* The low byte is clone()'s exit signal, or CLONE_NEWTIME (0x80, not a
 * signal number) for unshare(). */
static void out_clone_flags(struct strace_out *out, uint64_t flags)
{
	uint64_t low = flags & CLONE_EXIT_SIGNAL_MASK;
	uint64_t rest = flags & ~(uint64_t)CLONE_EXIT_SIGNAL_MASK;
	bool any = false;

	rest = out_flag_names(out, rest, clone_flag_names, SR_ARRAY_SIZE(clone_flag_names), &any);
	if (low == CLONE_NEWTIME || signal_is_valid((int64_t)low)) {
		if (any)
			out_str(out, "|");
		if (low == CLONE_NEWTIME)
			out_str(out, "CLONE_NEWTIME");
		else
			out_signal(out, (int64_t)low);
		any = true;
	} else {
		rest |= low;
	}
	out_flag_rest(out, rest, any);
}

static const struct value_name fcntl_cmd_names[] = {
	VALUE_NAME(F_DUPFD), VALUE_NAME(F_GETFD), VALUE_NAME(F_SETFD),
	VALUE_NAME(F_GETFL), VALUE_NAME(F_SETFL), VALUE_NAME(F_GETLK),
	VALUE_NAME(F_SETLK), VALUE_NAME(F_SETLKW), VALUE_NAME(F_SETOWN),
	VALUE_NAME(F_GETOWN), VALUE_NAME(F_SETSIG), VALUE_NAME(F_GETSIG),
	VALUE_NAME(F_SETOWN_EX), VALUE_NAME(F_GETOWN_EX), VALUE_NAME(F_OFD_GETLK),
	VALUE_NAME(F_OFD_SETLK), VALUE_NAME(F_OFD_SETLKW), VALUE_NAME(F_SETLEASE),
	VALUE_NAME(F_GETLEASE), VALUE_NAME(F_NOTIFY), VALUE_NAME(F_DUPFD_CLOEXEC),
	VALUE_NAME(F_SETPIPE_SZ), VALUE_NAME(F_GETPIPE_SZ), VALUE_NAME(F_ADD_SEALS),
	VALUE_NAME(F_GET_SEALS), VALUE_NAME(F_GET_RW_HINT), VALUE_NAME(F_SET_RW_HINT),
	VALUE_NAME(F_GET_FILE_RW_HINT), VALUE_NAME(F_SET_FILE_RW_HINT),
};

static const struct value_name fd_flag_names[] = {
	VALUE_NAME(FD_CLOEXEC),
};
static const struct value_name lease_names[] = {
	VALUE_NAME(F_RDLCK), VALUE_NAME(F_WRLCK), VALUE_NAME(F_UNLCK),
};
static const struct value_name seal_names[] = {
	VALUE_NAME(F_SEAL_SEAL), VALUE_NAME(F_SEAL_SHRINK), VALUE_NAME(F_SEAL_GROW),
	VALUE_NAME(F_SEAL_WRITE), VALUE_NAME(F_SEAL_FUTURE_WRITE),
};

/* The commands that take no third argument: the register holds whatever
 * the caller left there, which strace does not show either. */
static bool fcntl_cmd_takes_no_arg(uint64_t cmd)
{
	switch ((int32_t)cmd) {
	case F_GETFD: case F_GETFL: case F_GETOWN: case F_GETSIG:
	case F_GETLEASE: case F_GETPIPE_SZ: case F_GET_SEALS:
		return true;
	default:
		return false;
	}
}

/* fcntl's third argument, as its command reads it; a pointer (a lock, an
 * owner) or a command this does not know: in hex. */
static void out_fcntl_arg(struct strace_out *out, uint64_t cmd, uint64_t arg)
{
	switch ((int32_t)cmd) {
	case F_DUPFD: case F_DUPFD_CLOEXEC: case F_SETOWN:
		out_printf(out, "%" PRId32, (int32_t)arg);
		break;
	case F_SETPIPE_SZ:
		out_printf(out, "%" PRIu32, (uint32_t)arg);
		break;
	case F_SETFD:
		out_flags(out, arg, fd_flag_names, SR_ARRAY_SIZE(fd_flag_names));
		break;
	case F_SETFL:
		out_fd_flags(out, (uint32_t)arg);
		break;
	case F_SETSIG:
		out_signal(out, (int32_t)arg);
		break;
	case F_SETLEASE:
		out_code(out, (int32_t)arg, lease_names, SR_ARRAY_SIZE(lease_names));
		break;
	case F_ADD_SEALS:
		out_flags(out, (uint32_t)arg, seal_names, SR_ARRAY_SIZE(seal_names));
		break;
	default:
		out_hex(out, arg);
		break;
	}
}

static const struct value_name prctl_option_names[] = {
	VALUE_NAME(PR_SET_PDEATHSIG), VALUE_NAME(PR_GET_PDEATHSIG),
	VALUE_NAME(PR_GET_DUMPABLE), VALUE_NAME(PR_SET_DUMPABLE),
	VALUE_NAME(PR_GET_UNALIGN), VALUE_NAME(PR_SET_UNALIGN),
	VALUE_NAME(PR_GET_KEEPCAPS), VALUE_NAME(PR_SET_KEEPCAPS),
	VALUE_NAME(PR_GET_FPEMU), VALUE_NAME(PR_SET_FPEMU),
	VALUE_NAME(PR_GET_FPEXC), VALUE_NAME(PR_SET_FPEXC),
	VALUE_NAME(PR_GET_TIMING), VALUE_NAME(PR_SET_TIMING),
	VALUE_NAME(PR_SET_NAME), VALUE_NAME(PR_GET_NAME),
	VALUE_NAME(PR_GET_ENDIAN), VALUE_NAME(PR_SET_ENDIAN),
	VALUE_NAME(PR_GET_SECCOMP), VALUE_NAME(PR_SET_SECCOMP),
	VALUE_NAME(PR_CAPBSET_READ), VALUE_NAME(PR_CAPBSET_DROP),
	VALUE_NAME(PR_GET_TSC), VALUE_NAME(PR_SET_TSC),
	VALUE_NAME(PR_GET_SECUREBITS), VALUE_NAME(PR_SET_SECUREBITS),
	VALUE_NAME(PR_SET_TIMERSLACK), VALUE_NAME(PR_GET_TIMERSLACK),
	VALUE_NAME(PR_TASK_PERF_EVENTS_DISABLE), VALUE_NAME(PR_TASK_PERF_EVENTS_ENABLE),
	VALUE_NAME(PR_MCE_KILL), VALUE_NAME(PR_MCE_KILL_GET),
	VALUE_NAME(PR_SET_MM), VALUE_NAME(PR_SET_PTRACER),
	VALUE_NAME(PR_SET_CHILD_SUBREAPER), VALUE_NAME(PR_GET_CHILD_SUBREAPER),
	VALUE_NAME(PR_SET_NO_NEW_PRIVS), VALUE_NAME(PR_GET_NO_NEW_PRIVS),
	VALUE_NAME(PR_GET_TID_ADDRESS), VALUE_NAME(PR_SET_THP_DISABLE),
	VALUE_NAME(PR_GET_THP_DISABLE), VALUE_NAME(PR_SET_FP_MODE),
	VALUE_NAME(PR_GET_FP_MODE), VALUE_NAME(PR_CAP_AMBIENT),
	VALUE_NAME(PR_GET_SPECULATION_CTRL), VALUE_NAME(PR_SET_SPECULATION_CTRL),
	VALUE_NAME(PR_SET_TAGGED_ADDR_CTRL), VALUE_NAME(PR_GET_TAGGED_ADDR_CTRL),
	VALUE_NAME(PR_SET_IO_FLUSHER), VALUE_NAME(PR_GET_IO_FLUSHER),
	VALUE_NAME(PR_SET_SYSCALL_USER_DISPATCH), VALUE_NAME(PR_SCHED_CORE),
	VALUE_NAME(PR_SET_VMA),
};

static const struct value_name family_names[] = {
	VALUE_NAME(AF_UNSPEC), VALUE_NAME(AF_UNIX), VALUE_NAME(AF_INET),
	VALUE_NAME(AF_AX25), VALUE_NAME(AF_IPX), VALUE_NAME(AF_APPLETALK),
	VALUE_NAME(AF_NETROM), VALUE_NAME(AF_BRIDGE), VALUE_NAME(AF_ATMPVC),
	VALUE_NAME(AF_X25), VALUE_NAME(AF_INET6), VALUE_NAME(AF_ROSE),
	VALUE_NAME(AF_DECnet), VALUE_NAME(AF_NETBEUI), VALUE_NAME(AF_SECURITY),
	VALUE_NAME(AF_KEY), VALUE_NAME(AF_NETLINK), VALUE_NAME(AF_PACKET),
	VALUE_NAME(AF_ASH), VALUE_NAME(AF_ECONET), VALUE_NAME(AF_ATMSVC),
	VALUE_NAME(AF_RDS), VALUE_NAME(AF_SNA), VALUE_NAME(AF_IRDA),
	VALUE_NAME(AF_PPPOX), VALUE_NAME(AF_WANPIPE), VALUE_NAME(AF_LLC),
	VALUE_NAME(AF_IB), VALUE_NAME(AF_MPLS), VALUE_NAME(AF_CAN),
	VALUE_NAME(AF_TIPC), VALUE_NAME(AF_BLUETOOTH), VALUE_NAME(AF_IUCV),
	VALUE_NAME(AF_RXRPC), VALUE_NAME(AF_ISDN), VALUE_NAME(AF_PHONET),
	VALUE_NAME(AF_IEEE802154), VALUE_NAME(AF_CAIF), VALUE_NAME(AF_ALG),
	VALUE_NAME(AF_NFC), VALUE_NAME(AF_VSOCK), VALUE_NAME(AF_KCM),
	VALUE_NAME(AF_QIPCRTR), VALUE_NAME(AF_SMC), VALUE_NAME(AF_XDP),
	VALUE_NAME(AF_MCTP),
};

static const struct value_name sock_type_names[] = {
	VALUE_NAME(SOCK_STREAM), VALUE_NAME(SOCK_DGRAM), VALUE_NAME(SOCK_RAW),
	VALUE_NAME(SOCK_RDM), VALUE_NAME(SOCK_SEQPACKET), VALUE_NAME(SOCK_DCCP),
	VALUE_NAME(SOCK_PACKET),
};
static const struct value_name sock_flag_names[] = {
	VALUE_NAME(SOCK_NONBLOCK), VALUE_NAME(SOCK_CLOEXEC),
};

static void out_sock_type(struct strace_out *out, uint64_t type)
{
	const char *name = code_name(type & SOCK_TYPE_MASK, sock_type_names,
	                             SR_ARRAY_SIZE(sock_type_names));
	uint64_t rest = type;
	bool any = false;

	if (name != NULL) {
		out_str(out, name);
		any = true;
		rest &= ~(uint64_t)SOCK_TYPE_MASK;
	}
	rest = out_flag_names(out, rest, sock_flag_names, SR_ARRAY_SIZE(sock_flag_names), &any);
	out_flag_rest(out, rest, any);
}

static void out_sock_flags(struct strace_out *out, uint64_t flags)
{
	out_flags(out, flags, sock_flag_names, SR_ARRAY_SIZE(sock_flag_names));
}

static const struct value_name ip_protocol_names[] = {
	VALUE_NAME(IPPROTO_IP), VALUE_NAME(IPPROTO_ICMP), VALUE_NAME(IPPROTO_TCP),
	VALUE_NAME(IPPROTO_UDP), VALUE_NAME(IPPROTO_IPV6), VALUE_NAME(IPPROTO_ICMPV6),
	VALUE_NAME(IPPROTO_SCTP), VALUE_NAME(IPPROTO_UDPLITE), VALUE_NAME(IPPROTO_RAW),
	VALUE_NAME(IPPROTO_MPTCP),
};

static const struct value_name netlink_protocol_names[] = {
	VALUE_NAME(NETLINK_ROUTE), VALUE_NAME(NETLINK_USERSOCK), VALUE_NAME(NETLINK_SOCK_DIAG),
	VALUE_NAME(NETLINK_NFLOG), VALUE_NAME(NETLINK_XFRM), VALUE_NAME(NETLINK_SELINUX),
	VALUE_NAME(NETLINK_ISCSI), VALUE_NAME(NETLINK_AUDIT), VALUE_NAME(NETLINK_FIB_LOOKUP),
	VALUE_NAME(NETLINK_CONNECTOR), VALUE_NAME(NETLINK_NETFILTER), VALUE_NAME(NETLINK_IP6_FW),
	VALUE_NAME(NETLINK_DNRTMSG), VALUE_NAME(NETLINK_KOBJECT_UEVENT), VALUE_NAME(NETLINK_GENERIC),
	VALUE_NAME(NETLINK_SCSITRANSPORT), VALUE_NAME(NETLINK_ECRYPTFS), VALUE_NAME(NETLINK_RDMA),
	VALUE_NAME(NETLINK_CRYPTO), VALUE_NAME(NETLINK_SMC),
};

/* A protocol number means something only within its family; strace
 * names the IP ones even when 0 (IPPROTO_IP), and leaves AF_UNIX's 0. */
static void out_sock_protocol(struct strace_out *out, uint64_t family, uint64_t protocol)
{
	switch ((int32_t)family) {
	case AF_INET:
	case AF_INET6:
		out_code(out, (int32_t)protocol, ip_protocol_names, SR_ARRAY_SIZE(ip_protocol_names));
		break;
	case AF_NETLINK:
		out_code(out, (int32_t)protocol, netlink_protocol_names, SR_ARRAY_SIZE(netlink_protocol_names));
		break;
	default:
		out_printf(out, "%" PRId32, (int32_t)protocol);
		break;
	}
}

/* In bit order, as strace prints them. */
static const struct value_name msg_flag_names[] = {
	VALUE_NAME(MSG_OOB), VALUE_NAME(MSG_PEEK), VALUE_NAME(MSG_DONTROUTE),
	VALUE_NAME(MSG_CTRUNC), VALUE_NAME(MSG_PROXY), VALUE_NAME(MSG_TRUNC),
	VALUE_NAME(MSG_DONTWAIT), VALUE_NAME(MSG_EOR), VALUE_NAME(MSG_WAITALL),
	VALUE_NAME(MSG_FIN), VALUE_NAME(MSG_SYN), VALUE_NAME(MSG_CONFIRM),
	VALUE_NAME(MSG_RST), VALUE_NAME(MSG_ERRQUEUE), VALUE_NAME(MSG_NOSIGNAL),
	VALUE_NAME(MSG_MORE), VALUE_NAME(MSG_WAITFORONE), VALUE_NAME(MSG_BATCH),
	VALUE_NAME(MSG_ZEROCOPY), VALUE_NAME(MSG_FASTOPEN), VALUE_NAME(MSG_CMSG_CLOEXEC),
};

static const struct value_name whence_names[] = {
	VALUE_NAME(SEEK_SET), VALUE_NAME(SEEK_CUR), VALUE_NAME(SEEK_END),
	VALUE_NAME(SEEK_DATA), VALUE_NAME(SEEK_HOLE),
};

static const struct value_name futex_cmd_names[] = {
	VALUE_NAME(FUTEX_WAIT), VALUE_NAME(FUTEX_WAKE), VALUE_NAME(FUTEX_FD),
	VALUE_NAME(FUTEX_REQUEUE), VALUE_NAME(FUTEX_CMP_REQUEUE),
	VALUE_NAME(FUTEX_WAKE_OP), VALUE_NAME(FUTEX_LOCK_PI),
	VALUE_NAME(FUTEX_UNLOCK_PI), VALUE_NAME(FUTEX_TRYLOCK_PI),
	VALUE_NAME(FUTEX_WAIT_BITSET), VALUE_NAME(FUTEX_WAKE_BITSET),
	VALUE_NAME(FUTEX_WAIT_REQUEUE_PI), VALUE_NAME(FUTEX_CMP_REQUEUE_PI),
	VALUE_NAME(FUTEX_LOCK_PI2),
};

/* As strace: FUTEX_WAIT_PRIVATE, FUTEX_WAIT_BITSET_PRIVATE|FUTEX_CLOCK_REALTIME. */
static void out_futex_op(struct strace_out *out, uint64_t op)
{
	const char *cmd = code_name(op & (uint64_t)FUTEX_CMD_MASK, futex_cmd_names,
	                            SR_ARRAY_SIZE(futex_cmd_names));

	if (cmd == NULL) {
		out_hex(out, op);
		return;
	}
	out_str(out, cmd);
	if ((op & FUTEX_PRIVATE_FLAG) != 0)
		out_str(out, "_PRIVATE");
	if ((op & FUTEX_CLOCK_REALTIME) != 0)
		out_str(out, "|FUTEX_CLOCK_REALTIME");
}

/* Which of futex's arguments after the operation it reads: 1 is val,
 * 2 the timeout (or val2), 3 uaddr2, 4 val3.  strace leaves out the
 * others for the common operations, and so do we. */
static bool futex_op_reads(uint64_t op, unsigned int after_op)
{
	switch (op & (uint64_t)FUTEX_CMD_MASK) {
	case FUTEX_WAKE:
		return after_op <= 1;
	case FUTEX_WAIT:
		return after_op <= 2;
	case FUTEX_WAKE_BITSET:
		return after_op <= 1 || after_op == 4;
	case FUTEX_WAIT_BITSET:
		return after_op <= 2 || after_op == 4;
	case FUTEX_REQUEUE:
		return after_op <= 3;
	default:
		return true;
	}
}

static bool futex_op_waits(uint64_t op)
{
	switch (op & (uint64_t)FUTEX_CMD_MASK) {
	case FUTEX_WAIT: case FUTEX_WAIT_BITSET: case FUTEX_LOCK_PI:
	case FUTEX_LOCK_PI2: case FUTEX_WAIT_REQUEUE_PI:
		return true;
	default:
		return false;
	}
}

static bool futex_op_takes_bitset(uint64_t op)
{
	uint64_t cmd = op & (uint64_t)FUTEX_CMD_MASK;

	return cmd == FUTEX_WAIT_BITSET || cmd == FUTEX_WAKE_BITSET;
}

static const struct value_name access_mode_names[] = {
	VALUE_NAME(R_OK), VALUE_NAME(W_OK), VALUE_NAME(X_OK),
};

static void out_access_mode(struct strace_out *out, uint64_t mode)
{
	if (mode == F_OK)
		out_str(out, "F_OK");
	else
		out_flags(out, mode, access_mode_names, SR_ARRAY_SIZE(access_mode_names));
}

static const struct value_name sigmask_how_names[] = {
	VALUE_NAME(SIG_BLOCK), VALUE_NAME(SIG_UNBLOCK), VALUE_NAME(SIG_SETMASK),
};

static const struct value_name madvise_names[] = {
	VALUE_NAME(MADV_NORMAL), VALUE_NAME(MADV_RANDOM), VALUE_NAME(MADV_SEQUENTIAL),
	VALUE_NAME(MADV_WILLNEED), VALUE_NAME(MADV_DONTNEED), VALUE_NAME(MADV_FREE),
	VALUE_NAME(MADV_REMOVE), VALUE_NAME(MADV_DONTFORK), VALUE_NAME(MADV_DOFORK),
	VALUE_NAME(MADV_MERGEABLE), VALUE_NAME(MADV_UNMERGEABLE), VALUE_NAME(MADV_HUGEPAGE),
	VALUE_NAME(MADV_NOHUGEPAGE), VALUE_NAME(MADV_DONTDUMP), VALUE_NAME(MADV_DODUMP),
	VALUE_NAME(MADV_WIPEONFORK), VALUE_NAME(MADV_KEEPONFORK), VALUE_NAME(MADV_COLD),
	VALUE_NAME(MADV_PAGEOUT), VALUE_NAME(MADV_POPULATE_READ), VALUE_NAME(MADV_POPULATE_WRITE),
	VALUE_NAME(MADV_HWPOISON),
};

/* STATX_ALL covers STATX_BASIC_STATS and STATX_BTIME, STATX_BASIC_STATS
 * the bits of STATX_TYPE to STATX_BLOCKS; strace names the widest. */
static const struct value_name statx_mask_names[] = {
	VALUE_NAME(STATX_ALL), VALUE_NAME(STATX_BASIC_STATS), VALUE_NAME(STATX_TYPE), VALUE_NAME(STATX_MODE),
	VALUE_NAME(STATX_NLINK), VALUE_NAME(STATX_UID), VALUE_NAME(STATX_GID),
	VALUE_NAME(STATX_ATIME), VALUE_NAME(STATX_MTIME), VALUE_NAME(STATX_CTIME),
	VALUE_NAME(STATX_INO), VALUE_NAME(STATX_SIZE), VALUE_NAME(STATX_BLOCKS),
	VALUE_NAME(STATX_BTIME), VALUE_NAME(STATX_MNT_ID), VALUE_NAME(STATX_DIOALIGN),
};

static const struct value_name rename_flag_names[] = {
	VALUE_NAME(RENAME_NOREPLACE), VALUE_NAME(RENAME_EXCHANGE), VALUE_NAME(RENAME_WHITEOUT),
};

static const struct value_name ioctl_request_names[] = {
	VALUE_NAME(TCGETS), VALUE_NAME(TCSETS), VALUE_NAME(TCSETSW),
	VALUE_NAME(TCSETSF), VALUE_NAME(TCSBRK), VALUE_NAME(TCXONC),
	VALUE_NAME(TCFLSH), VALUE_NAME(TIOCEXCL), VALUE_NAME(TIOCNXCL),
	VALUE_NAME(TIOCSCTTY), VALUE_NAME(TIOCGPGRP), VALUE_NAME(TIOCSPGRP),
	VALUE_NAME(TIOCOUTQ), VALUE_NAME(TIOCSTI), VALUE_NAME(TIOCGWINSZ),
	VALUE_NAME(TIOCSWINSZ), VALUE_NAME(TIOCMGET), VALUE_NAME(TIOCMSET),
	VALUE_NAME(FIONREAD), VALUE_NAME(TIOCLINUX), VALUE_NAME(TIOCCONS),
	VALUE_NAME(FIONBIO), VALUE_NAME(TIOCNOTTY), VALUE_NAME(TIOCSETD),
	VALUE_NAME(TIOCGETD), VALUE_NAME(TIOCGSID), VALUE_NAME(TIOCGPTN),
	VALUE_NAME(TIOCSPTLCK), VALUE_NAME(TIOCGPTPEER), VALUE_NAME(FIONCLEX),
	VALUE_NAME(FIOCLEX), VALUE_NAME(FIOASYNC),
};

static void out_ioctl_request(struct strace_out *out, uint64_t request)
{
	/* The kernel takes the request as an unsigned int. */
	const char *name = code_name((uint32_t)request, ioctl_request_names,
	                             SR_ARRAY_SIZE(ioctl_request_names));

	if (name != NULL)
		out_str(out, name);
	else
		out_hex(out, (uint32_t)request);
}

static const struct value_name arch_prctl_names[] = {
	VALUE_NAME(ARCH_SET_GS), VALUE_NAME(ARCH_SET_FS), VALUE_NAME(ARCH_GET_FS),
	VALUE_NAME(ARCH_GET_GS), VALUE_NAME(ARCH_GET_CPUID), VALUE_NAME(ARCH_SET_CPUID),
	VALUE_NAME(ARCH_GET_XCOMP_SUPP), VALUE_NAME(ARCH_GET_XCOMP_PERM),
	VALUE_NAME(ARCH_REQ_XCOMP_PERM), VALUE_NAME(ARCH_GET_XCOMP_GUEST_PERM),
	VALUE_NAME(ARCH_REQ_XCOMP_GUEST_PERM), VALUE_NAME(ARCH_MAP_VDSO_X32),
	VALUE_NAME(ARCH_MAP_VDSO_32), VALUE_NAME(ARCH_MAP_VDSO_64),
};

static const struct value_name rlimit_resource_names[] = {
	VALUE_NAME(RLIMIT_CPU), VALUE_NAME(RLIMIT_FSIZE), VALUE_NAME(RLIMIT_DATA),
	VALUE_NAME(RLIMIT_STACK), VALUE_NAME(RLIMIT_CORE), VALUE_NAME(RLIMIT_RSS),
	VALUE_NAME(RLIMIT_NPROC), VALUE_NAME(RLIMIT_NOFILE), VALUE_NAME(RLIMIT_MEMLOCK),
	VALUE_NAME(RLIMIT_AS), VALUE_NAME(RLIMIT_LOCKS), VALUE_NAME(RLIMIT_SIGPENDING),
	VALUE_NAME(RLIMIT_MSGQUEUE), VALUE_NAME(RLIMIT_NICE), VALUE_NAME(RLIMIT_RTPRIO),
	VALUE_NAME(RLIMIT_RTTIME),
};

static const struct value_name clock_names[] = {
	VALUE_NAME(CLOCK_REALTIME), VALUE_NAME(CLOCK_MONOTONIC),
	VALUE_NAME(CLOCK_PROCESS_CPUTIME_ID), VALUE_NAME(CLOCK_THREAD_CPUTIME_ID),
	VALUE_NAME(CLOCK_MONOTONIC_RAW), VALUE_NAME(CLOCK_REALTIME_COARSE),
	VALUE_NAME(CLOCK_MONOTONIC_COARSE), VALUE_NAME(CLOCK_BOOTTIME),
	VALUE_NAME(CLOCK_REALTIME_ALARM), VALUE_NAME(CLOCK_BOOTTIME_ALARM),
	VALUE_NAME(CLOCK_TAI),
};

static const struct value_name timer_flag_names[] = {
	VALUE_NAME(TIMER_ABSTIME),
};

static const struct value_name random_flag_names[] = {
	VALUE_NAME(GRND_NONBLOCK), VALUE_NAME(GRND_RANDOM), VALUE_NAME(GRND_INSECURE),
};

/* WSTOPPED is WUNTRACED; strace names it so for wait4 as for waitid. */
static const struct value_name wait_option_names[] = {
	VALUE_NAME(WNOHANG), VALUE_NAME(WSTOPPED), VALUE_NAME(WEXITED),
	VALUE_NAME(WCONTINUED), VALUE_NAME(WNOWAIT), VALUE_NAME(__WNOTHREAD),
	VALUE_NAME(__WALL), VALUE_NAME(__WCLONE),
};

static const struct value_name idtype_names[] = {
	VALUE_NAME(P_ALL), VALUE_NAME(P_PID), VALUE_NAME(P_PGID), VALUE_NAME(P_PIDFD),
};

/* The file type is a code within S_IFMT. */
static const struct value_name file_type_names[] = {
	VALUE_NAME(S_IFREG), VALUE_NAME(S_IFDIR), VALUE_NAME(S_IFCHR), VALUE_NAME(S_IFBLK),
	VALUE_NAME(S_IFIFO), VALUE_NAME(S_IFLNK), VALUE_NAME(S_IFSOCK),
};
static const struct value_name file_mode_bit_names[] = {
	VALUE_NAME(S_ISUID), VALUE_NAME(S_ISGID), VALUE_NAME(S_ISVTX),
};

/* st_mode as strace writes it: S_IFREG|0644, S_IFDIR|S_ISVTX|0777. */
static void out_file_mode(struct strace_out *out, uint64_t mode)
{
	const char *type = code_name(mode & S_IFMT, file_type_names, SR_ARRAY_SIZE(file_type_names));
	bool any = false;

	if (type != NULL)
		out_printf(out, "%s|", type);
	else if ((mode & S_IFMT) != 0)
		out_printf(out, "%#" PRIo64 "|", mode & S_IFMT);
	out_flag_names(out, mode & ~(uint64_t)S_IFMT, file_mode_bit_names,
	               SR_ARRAY_SIZE(file_mode_bit_names), &any);
	if (any)
		out_str(out, "|");
	out_printf(out, "%04" PRIo64, mode & 0777);
}

static const struct value_name statx_attribute_names[] = {
	VALUE_NAME(STATX_ATTR_COMPRESSED), VALUE_NAME(STATX_ATTR_IMMUTABLE),
	VALUE_NAME(STATX_ATTR_APPEND), VALUE_NAME(STATX_ATTR_NODUMP),
	VALUE_NAME(STATX_ATTR_ENCRYPTED), VALUE_NAME(STATX_ATTR_AUTOMOUNT),
	VALUE_NAME(STATX_ATTR_MOUNT_ROOT), VALUE_NAME(STATX_ATTR_VERITY),
	VALUE_NAME(STATX_ATTR_DAX),
};

/* Level 0 is IPPROTO_IP, which strace calls SOL_IP, as the kernel does. */
static const struct value_name sockopt_level_names[] = {
	{ IPPROTO_IP, "SOL_IP" }, { SOL_SOCKET, "SOL_SOCKET" }, { IPPROTO_TCP, "SOL_TCP" },
	{ IPPROTO_UDP, "SOL_UDP" }, { IPPROTO_IPV6, "SOL_IPV6" }, { IPPROTO_ICMPV6, "SOL_ICMPV6" },
	VALUE_NAME(SOL_RAW), VALUE_NAME(SOL_PACKET), VALUE_NAME(SOL_NETLINK), VALUE_NAME(SOL_TLS),
};

static const struct value_name socket_option_names[] = {
	VALUE_NAME(SO_DEBUG), VALUE_NAME(SO_REUSEADDR), VALUE_NAME(SO_TYPE),
	VALUE_NAME(SO_ERROR), VALUE_NAME(SO_DONTROUTE), VALUE_NAME(SO_BROADCAST),
	VALUE_NAME(SO_SNDBUF), VALUE_NAME(SO_RCVBUF), VALUE_NAME(SO_KEEPALIVE),
	VALUE_NAME(SO_OOBINLINE), VALUE_NAME(SO_NO_CHECK), VALUE_NAME(SO_PRIORITY),
	VALUE_NAME(SO_LINGER), VALUE_NAME(SO_BSDCOMPAT), VALUE_NAME(SO_REUSEPORT),
	VALUE_NAME(SO_PASSCRED), VALUE_NAME(SO_PEERCRED), VALUE_NAME(SO_RCVLOWAT),
	VALUE_NAME(SO_SNDLOWAT), VALUE_NAME(SO_RCVTIMEO_OLD), VALUE_NAME(SO_SNDTIMEO_OLD),
	VALUE_NAME(SO_BINDTODEVICE), VALUE_NAME(SO_ATTACH_FILTER), VALUE_NAME(SO_DETACH_FILTER),
	VALUE_NAME(SO_PEERNAME), VALUE_NAME(SO_TIMESTAMP_OLD), VALUE_NAME(SO_ACCEPTCONN),
	VALUE_NAME(SO_PEERSEC), VALUE_NAME(SO_SNDBUFFORCE), VALUE_NAME(SO_RCVBUFFORCE),
	VALUE_NAME(SO_PASSSEC), VALUE_NAME(SO_MARK), VALUE_NAME(SO_PROTOCOL),
	VALUE_NAME(SO_DOMAIN), VALUE_NAME(SO_RXQ_OVFL), VALUE_NAME(SO_PEEK_OFF),
	VALUE_NAME(SO_BUSY_POLL), VALUE_NAME(SO_INCOMING_CPU), VALUE_NAME(SO_ATTACH_BPF),
	VALUE_NAME(SO_PEERGROUPS), VALUE_NAME(SO_ZEROCOPY), VALUE_NAME(SO_TXTIME),
	VALUE_NAME(SO_BINDTOIFINDEX), VALUE_NAME(SO_TIMESTAMP_NEW),
	VALUE_NAME(SO_RCVTIMEO_NEW), VALUE_NAME(SO_SNDTIMEO_NEW),
};

static const struct value_name tcp_option_names[] = {
	VALUE_NAME(TCP_NODELAY), VALUE_NAME(TCP_MAXSEG), VALUE_NAME(TCP_CORK),
	VALUE_NAME(TCP_KEEPIDLE), VALUE_NAME(TCP_KEEPINTVL), VALUE_NAME(TCP_KEEPCNT),
	VALUE_NAME(TCP_SYNCNT), VALUE_NAME(TCP_LINGER2), VALUE_NAME(TCP_DEFER_ACCEPT),
	VALUE_NAME(TCP_WINDOW_CLAMP), VALUE_NAME(TCP_INFO), VALUE_NAME(TCP_QUICKACK),
	VALUE_NAME(TCP_CONGESTION), VALUE_NAME(TCP_MD5SIG), VALUE_NAME(TCP_USER_TIMEOUT),
	VALUE_NAME(TCP_FASTOPEN), VALUE_NAME(TCP_NOTSENT_LOWAT), VALUE_NAME(TCP_FASTOPEN_CONNECT),
	VALUE_NAME(TCP_ULP),
};

static const struct value_name ip_option_names[] = {
	VALUE_NAME(IP_TOS), VALUE_NAME(IP_TTL), VALUE_NAME(IP_HDRINCL),
	VALUE_NAME(IP_OPTIONS), VALUE_NAME(IP_PKTINFO), VALUE_NAME(IP_MTU_DISCOVER),
	VALUE_NAME(IP_RECVERR), VALUE_NAME(IP_RECVTTL), VALUE_NAME(IP_RECVTOS),
	VALUE_NAME(IP_MTU), VALUE_NAME(IP_FREEBIND), VALUE_NAME(IP_TRANSPARENT),
	VALUE_NAME(IP_BIND_ADDRESS_NO_PORT), VALUE_NAME(IP_MULTICAST_IF),
	VALUE_NAME(IP_MULTICAST_TTL), VALUE_NAME(IP_MULTICAST_LOOP),
	VALUE_NAME(IP_ADD_MEMBERSHIP), VALUE_NAME(IP_DROP_MEMBERSHIP),
};

static const struct value_name ipv6_option_names[] = {
	VALUE_NAME(IPV6_UNICAST_HOPS), VALUE_NAME(IPV6_MULTICAST_IF),
	VALUE_NAME(IPV6_MULTICAST_HOPS), VALUE_NAME(IPV6_MULTICAST_LOOP),
	VALUE_NAME(IPV6_ADD_MEMBERSHIP), VALUE_NAME(IPV6_DROP_MEMBERSHIP),
	VALUE_NAME(IPV6_MTU_DISCOVER), VALUE_NAME(IPV6_MTU), VALUE_NAME(IPV6_RECVERR),
	VALUE_NAME(IPV6_V6ONLY), VALUE_NAME(IPV6_RECVPKTINFO), VALUE_NAME(IPV6_TCLASS),
};

/* An option's name means something only within its level. */
static void out_sockopt_name(struct strace_out *out, uint64_t level, uint64_t name)
{
	switch ((int32_t)level) {
	case SOL_SOCKET:
		out_code(out, (int32_t)name, socket_option_names, SR_ARRAY_SIZE(socket_option_names));
		break;
	case IPPROTO_TCP:
		out_code(out, (int32_t)name, tcp_option_names, SR_ARRAY_SIZE(tcp_option_names));
		break;
	case IPPROTO_IP:
		out_code(out, (int32_t)name, ip_option_names, SR_ARRAY_SIZE(ip_option_names));
		break;
	case IPPROTO_IPV6:
		out_code(out, (int32_t)name, ipv6_option_names, SR_ARRAY_SIZE(ipv6_option_names));
		break;
	default:
		out_printf(out, "%" PRId32, (int32_t)name);
		break;
	}
}

static const struct value_name epoll_op_names[] = {
	VALUE_NAME(EPOLL_CTL_ADD), VALUE_NAME(EPOLL_CTL_DEL), VALUE_NAME(EPOLL_CTL_MOD),
};

/* In bit order, as strace prints them. */
static const struct value_name epoll_event_names[] = {
	VALUE_NAME(EPOLLIN), VALUE_NAME(EPOLLPRI), VALUE_NAME(EPOLLOUT), VALUE_NAME(EPOLLERR),
	VALUE_NAME(EPOLLHUP), VALUE_NAME(EPOLLRDNORM), VALUE_NAME(EPOLLRDBAND),
	VALUE_NAME(EPOLLWRNORM), VALUE_NAME(EPOLLWRBAND), VALUE_NAME(EPOLLMSG), VALUE_NAME(EPOLLRDHUP),
	VALUE_NAME(EPOLLEXCLUSIVE), VALUE_NAME(EPOLLWAKEUP), VALUE_NAME(EPOLLONESHOT), VALUE_NAME(EPOLLET),
};

/* SS_AUTODISARM is the kernel's; glibc names only the other two. */
static const struct value_name sigstack_flag_names[] = {
	VALUE_NAME(SS_ONSTACK), VALUE_NAME(SS_DISABLE), { 1u << 31, "SS_AUTODISARM" },
};

/* In bit order, as strace prints them. */
static const struct value_name poll_event_names[] = {
	VALUE_NAME(POLLIN), VALUE_NAME(POLLPRI), VALUE_NAME(POLLOUT), VALUE_NAME(POLLERR),
	VALUE_NAME(POLLHUP), VALUE_NAME(POLLNVAL), VALUE_NAME(POLLRDNORM), VALUE_NAME(POLLRDBAND),
	VALUE_NAME(POLLWRNORM), VALUE_NAME(POLLWRBAND), VALUE_NAME(POLLMSG), VALUE_NAME(POLLRDHUP),
};

/* ---- the program's memory ---- */

/* Reads at most `len` bytes; -1 when nothing is readable or there is no
 * reader.  A reader that claims more than asked is not believed. */
static ssize_t read_program(const struct sr_strace_call *call, uint64_t addr, void *buf, size_t len)
{
	ssize_t got;

	if (call->read == NULL)
		return -1;
	got = call->read(call->read_ctx, addr, buf, len);
	if (got < 0 || (size_t)got > len)
		return -1;
	return got;
}

/* A NUL-terminated string printed up to `limit` bytes.  One byte more is
 * read so that a string of exactly `limit` bytes is not marked cut. */
static void out_string_at(struct strace_out *out, const struct sr_strace_call *call,
                          uint64_t addr, size_t limit)
{
	unsigned char text[SR_STRACE_PATH_MAX + 1];
	const unsigned char *nul;
	ssize_t got;

	if (addr == 0) {
		out_str(out, "NULL");
		return;
	}
	if (limit > SR_STRACE_PATH_MAX)
		limit = SR_STRACE_PATH_MAX;
	if (call->read == NULL) {
		out_ptr(out, addr);
		return;
	}
	got = read_program(call, addr, text, limit + 1);
	if (got <= 0) {
		out_bad_ptr(out, addr);
		return;
	}
	nul = memchr(text, '\0', (size_t)got);
	if (nul != NULL)
		out_quoted(out, text, (size_t)(nul - text), false);
	else
		out_quoted(out, text, (size_t)got < limit ? (size_t)got : limit, true);
}

/* `len` bytes at `addr`, printed up to SR_STRACE_STRING_MAX. */
static void out_buffer_at(struct strace_out *out, const struct sr_strace_call *call,
                          uint64_t addr, uint64_t len)
{
	unsigned char bytes[SR_STRACE_STRING_MAX];
	size_t want = len < sizeof(bytes) ? (size_t)len : sizeof(bytes);
	ssize_t got;

	if (addr == 0) {
		out_str(out, "NULL");
		return;
	}
	if (call->read == NULL) {
		out_ptr(out, addr);
		return;
	}
	if (want == 0) {
		out_str(out, "\"\"");
		return;
	}
	got = read_program(call, addr, bytes, want);
	if (got <= 0) {
		out_bad_ptr(out, addr);
		return;
	}
	out_quoted(out, bytes, (size_t)got, (uint64_t)got < len);
}

static void out_string_array_at(struct strace_out *out, const struct sr_strace_call *call,
                                uint64_t addr)
{
	if (addr == 0) {
		out_str(out, "NULL");
		return;
	}
	if (call->read == NULL) {
		out_ptr(out, addr);
		return;
	}
	/* One slot past the bound is read to tell a full array from a cut one. */
	for (size_t i = 0; i <= SR_STRACE_ARRAY_MAX; i++) {
		uint64_t slot = addr + i * sizeof(uint64_t);
		uint64_t element = 0;
		bool readable = read_program(call, slot, &element, sizeof(element)) ==
		                (ssize_t)sizeof(element);

		if (i == 0) {
			if (!readable) {
				out_bad_ptr(out, addr);
				return;
			}
			out_str(out, "[");
		}
		if (readable && element == 0)
			break;
		if (i > 0)
			out_str(out, ", ");
		if (!readable) {
			out_bad_ptr(out, slot);
			break;
		}
		if (i == SR_STRACE_ARRAY_MAX) {
			out_str(out, ELLIPSIS);
			break;
		}
		out_string_at(out, call, element, SR_STRACE_STRING_MAX);
	}
	out_str(out, "]");
}

static void out_sockaddr_at(struct strace_out *out, const struct sr_strace_call *call,
                            uint64_t addr, uint64_t len)
{
	struct sockaddr_storage ss;
	size_t want = len < sizeof(ss) ? (size_t)len : sizeof(ss);
	const char *family;
	ssize_t got;

	if (addr == 0) {
		out_str(out, "NULL");
		return;
	}
	if (call->read == NULL || want < sizeof(ss.ss_family)) {
		out_ptr(out, addr);
		return;
	}
	memset(&ss, 0, sizeof(ss));
	got = read_program(call, addr, &ss, want);
	if (got < (ssize_t)sizeof(ss.ss_family)) {
		out_bad_ptr(out, addr);
		return;
	}
	family = code_name(ss.ss_family, family_names, SR_ARRAY_SIZE(family_names));
	if (family != NULL)
		out_printf(out, "{%s", family);
	else
		out_printf(out, "{family=%u", (unsigned int)ss.ss_family);

	if (ss.ss_family == AF_INET && (size_t)got >= sizeof(struct sockaddr_in)) {
		const struct sockaddr_in *sin = (const struct sockaddr_in *)&ss;
		char text[INET_ADDRSTRLEN];

		if (inet_ntop(AF_INET, &sin->sin_addr, text, sizeof(text)) != NULL)
			out_printf(out, ", %s:%u", text, (unsigned int)ntohs(sin->sin_port));
	} else if (ss.ss_family == AF_INET6 && (size_t)got >= SIN6_LEN_RFC2133) {
		/* The kernel takes one without its scope id (RFC 2133), which
		 * the memset above then leaves 0. */
		const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)&ss;
		char text[INET6_ADDRSTRLEN];

		if (inet_ntop(AF_INET6, &sin6->sin6_addr, text, sizeof(text)) != NULL) {
			out_printf(out, ", [%s", text);
			if (sin6->sin6_scope_id != 0)
				out_printf(out, "%%%u", (unsigned int)sin6->sin6_scope_id);
			out_printf(out, "]:%u", (unsigned int)ntohs(sin6->sin6_port));
		}
	} else if (ss.ss_family == AF_UNIX) {
		const struct sockaddr_un *sun = (const struct sockaddr_un *)&ss;
		const unsigned char *path = (const unsigned char *)sun->sun_path;
		size_t n = (size_t)got - offsetof(struct sockaddr_un, sun_path);
		const unsigned char *nul;

		/* No path: an unnamed socket.  A leading NUL: the abstract
		 * namespace, whose name is every byte that follows. */
		if (n > 0 && path[0] == '\0') {
			out_str(out, ", @");
			out_quoted(out, path + 1, n - 1, false);
		} else if (n > 0) {
			nul = memchr(path, '\0', n);
			out_str(out, ", ");
			out_quoted(out, path, nul != NULL ? (size_t)(nul - path) : n, false);
		}
	}
	out_str(out, "}");
}

static void out_open_how_at(struct strace_out *out, const struct sr_strace_call *call,
                            uint64_t addr, uint64_t size)
{
	struct open_how how;

	if (addr == 0) {
		out_str(out, "NULL");
		return;
	}
	/* A smaller struct is refused by the kernel (EINVAL); a larger one
	 * carries only fields this build does not know. */
	if (call->read == NULL || size < sizeof(how)) {
		out_ptr(out, addr);
		return;
	}
	if (read_program(call, addr, &how, sizeof(how)) != (ssize_t)sizeof(how)) {
		out_bad_ptr(out, addr);
		return;
	}
	out_str(out, "{flags=");
	out_open_flags(out, how.flags);
	out_str(out, ", mode=");
	out_mode(out, how.mode);
	out_str(out, ", resolve=");
	out_flags(out, how.resolve, resolve_flag_names, SR_ARRAY_SIZE(resolve_flag_names));
	out_str(out, "}");
}

/* A struct the program passes, read whole or not shown: before the
 * caller prints it, out_struct_at prints NULL, the bare pointer (no
 * reader) or a bad one, and says false. */
static bool out_struct_at(struct strace_out *out, const struct sr_strace_call *call,
                          uint64_t addr, void *buf, size_t len)
{
	if (addr == 0) {
		out_str(out, "NULL");
		return false;
	}
	if (call->read == NULL) {
		out_ptr(out, addr);
		return false;
	}
	if (read_program(call, addr, buf, len) != (ssize_t)len) {
		out_bad_ptr(out, addr);
		return false;
	}
	return true;
}

/* The kernel reads sigsetsize bytes and refuses any size but 8 on
 * x86-64 (EINVAL): the 8 bytes are what it would take. */
static void out_sigset_at(struct strace_out *out, const struct sr_strace_call *call, uint64_t addr)
{
	uint64_t mask;

	if (out_struct_at(out, call, addr, &mask, sizeof(mask)))
		out_sigmask(out, mask);
}

/* The kernel's struct sigaction, not glibc's: the mask comes last. */
struct kernel_sigaction {
	uint64_t handler;
	uint64_t flags;
	uint64_t restorer;
	uint64_t mask;
};

static void out_sigaction_at(struct strace_out *out, const struct sr_strace_call *call, uint64_t addr)
{
	struct kernel_sigaction act;

	if (!out_struct_at(out, call, addr, &act, sizeof(act)))
		return;
	out_str(out, "{sa_handler=");
	if (act.handler == (uint64_t)(uintptr_t)SIG_DFL)
		out_str(out, "SIG_DFL");
	else if (act.handler == (uint64_t)(uintptr_t)SIG_IGN)
		out_str(out, "SIG_IGN");
	else
		out_hex(out, act.handler);
	out_str(out, ", sa_mask=");
	out_sigmask(out, act.mask);
	out_str(out, ", sa_flags=");
	out_flags(out, act.flags, sigaction_flag_names, SR_ARRAY_SIZE(sigaction_flag_names));
	if ((act.flags & SR_KERNEL_SA_RESTORER) != 0) {
		out_str(out, ", sa_restorer=");
		out_ptr(out, act.restorer);
	}
	out_str(out, "}");
}

/* As strace: 8192*1024 for the usual stack, RLIM64_INFINITY for prlimit64
 * and RLIM_INFINITY for the older calls (the same ~0 on x86-64). */
static void out_rlim_value(struct strace_out *out, const struct sr_syscall_row *row, uint64_t v)
{
	if (v == UINT64_MAX)
		out_str(out, strcmp(row->name, "prlimit64") == 0 ? "RLIM64_INFINITY" : "RLIM_INFINITY");
	else if (v > 1024 && v % 1024 == 0)
		out_printf(out, "%" PRIu64 "*1024", v / 1024);
	else
		out_printf(out, "%" PRIu64, v);
}

static void out_rlimit_at(struct strace_out *out, const struct sr_strace_call *call, uint64_t addr)
{
	uint64_t limit[2];

	if (!out_struct_at(out, call, addr, limit, sizeof(limit)))
		return;
	out_str(out, "{rlim_cur=");
	out_rlim_value(out, call->row, limit[0]);
	out_str(out, ", rlim_max=");
	out_rlim_value(out, call->row, limit[1]);
	out_str(out, "}");
}

/* The size, or a device's numbers, as strace shows them. */
static void out_stat_at(struct strace_out *out, const struct sr_strace_call *call, uint64_t addr)
{
	struct stat st;

	if (!out_struct_at(out, call, addr, &st, sizeof(st)))
		return;
	out_str(out, "{st_mode=");
	out_file_mode(out, st.st_mode);
	if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode))
		out_printf(out, ", st_rdev=makedev(%#x, %#x)", major(st.st_rdev), minor(st.st_rdev));
	else
		out_printf(out, ", st_size=%" PRId64, (int64_t)st.st_size);
	out_str(out, ", ...}");
}

static void out_statx_at(struct strace_out *out, const struct sr_strace_call *call, uint64_t addr)
{
	struct statx stx;

	if (!out_struct_at(out, call, addr, &stx, sizeof(stx)))
		return;
	out_str(out, "{stx_mask=");
	out_flags(out, stx.stx_mask, statx_mask_names, SR_ARRAY_SIZE(statx_mask_names));
	out_str(out, ", stx_attributes=");
	out_flags(out, stx.stx_attributes, statx_attribute_names, SR_ARRAY_SIZE(statx_attribute_names));
	out_str(out, ", stx_mode=");
	out_file_mode(out, stx.stx_mode);
	out_printf(out, ", stx_size=%" PRIu64 ", ...}", (uint64_t)stx.stx_size);
}

/* Most options are an int: [1]; the others are shown as bytes. */
static void out_sockopt_value_at(struct strace_out *out, const struct sr_strace_call *call,
                                 uint64_t addr, uint64_t len)
{
	int32_t value;

	if (len != sizeof(value)) {
		out_buffer_at(out, call, addr, len);
		return;
	}
	if (out_struct_at(out, call, addr, &value, sizeof(value)))
		out_printf(out, "[%" PRId32 "]", value);
}

/* The largest element out_array_at reads (a struct iovec). */
#define ARRAY_ELEMENT_MAX 16

typedef void (*out_element_fn)(struct strace_out *out, const struct sr_strace_call *call,
                               const void *element);

/* An array of `count` elements the program passes, each read whole and
 * printed by out_element, up to SR_STRACE_ARRAY_MAX and then "...". */
static void out_array_at(struct strace_out *out, const struct sr_strace_call *call, uint64_t addr,
                         uint64_t count, size_t size, out_element_fn out_element)
{
	unsigned char element[ARRAY_ELEMENT_MAX];

	if (count == 0 || addr == 0 || call->read == NULL || size > sizeof(element)) {
		out_ptr(out, addr);
		return;
	}
	for (uint64_t i = 0; i < count; i++) {
		uint64_t slot = addr + i * size;

		if (read_program(call, slot, element, size) != (ssize_t)size) {
			if (i == 0) {
				out_bad_ptr(out, addr);
				return;
			}
			out_str(out, ", ");
			out_bad_ptr(out, slot);
			break;
		}
		out_str(out, i == 0 ? "[" : ", ");
		if (i == SR_STRACE_ARRAY_MAX) {
			out_str(out, ELLIPSIS);
			break;
		}
		out_element(out, call, element);
	}
	out_str(out, "]");
}

static void out_pollfd(struct strace_out *out, const struct sr_strace_call *call, const void *element)
{
	struct pollfd fd;

	(void)call;
	memcpy(&fd, element, sizeof(fd));
	out_printf(out, "{fd=%d, events=", fd.fd);
	out_flags(out, (uint16_t)fd.events, poll_event_names, SR_ARRAY_SIZE(poll_event_names));
	out_str(out, "}");
}

/* Each vector's bytes are cut as a write's are. */
static void out_iovec(struct strace_out *out, const struct sr_strace_call *call, const void *element)
{
	struct iovec iov;

	memcpy(&iov, element, sizeof(iov));
	out_str(out, "{iov_base=");
	out_buffer_at(out, call, (uint64_t)(uintptr_t)iov.iov_base, iov.iov_len);
	out_printf(out, ", iov_len=%zu}", iov.iov_len);
}

/* data is a union the program reads back as it likes: both views. */
static void out_epoll_event_at(struct strace_out *out, const struct sr_strace_call *call, uint64_t addr)
{
	struct epoll_event ev;

	if (!out_struct_at(out, call, addr, &ev, sizeof(ev)))
		return;
	out_str(out, "{events=");
	out_flags(out, ev.events, epoll_event_names, SR_ARRAY_SIZE(epoll_event_names));
	out_printf(out, ", data={u32=%" PRIu32 ", u64=%" PRIu64 "}}", (uint32_t)ev.data.u64,
	           (uint64_t)ev.data.u64);
}

static void out_sigstack_at(struct strace_out *out, const struct sr_strace_call *call, uint64_t addr)
{
	stack_t ss;

	if (!out_struct_at(out, call, addr, &ss, sizeof(ss)))
		return;
	out_str(out, "{ss_sp=");
	out_ptr(out, (uint64_t)(uintptr_t)ss.ss_sp);
	out_str(out, ", ss_flags=");
	out_flags(out, (uint32_t)ss.ss_flags, sigstack_flag_names, SR_ARRAY_SIZE(sigstack_flag_names));
	out_printf(out, ", ss_size=%zu}", ss.ss_size);
}

static void out_timespec_at(struct strace_out *out, const struct sr_strace_call *call, uint64_t addr)
{
	struct timespec ts;

	if (out_struct_at(out, call, addr, &ts, sizeof(ts)))
		out_printf(out, "{tv_sec=%" PRId64 ", tv_nsec=%" PRId64 "}", (int64_t)ts.tv_sec,
		           (int64_t)ts.tv_nsec);
}

static void out_timeval_at(struct strace_out *out, const struct sr_strace_call *call, uint64_t addr)
{
	struct timeval tv;

	if (out_struct_at(out, call, addr, &tv, sizeof(tv)))
		out_printf(out, "{tv_sec=%" PRId64 ", tv_usec=%" PRId64 "}", (int64_t)tv.tv_sec,
		           (int64_t)tv.tv_usec);
}

/* The kernel reads nfds bits in whole longs (nfds is clamped to the fd
 * table, which may exceed FD_SETSIZE): as many bytes as it would are read,
 * up to FD_SETSIZE bits, the fds set among them printed up to
 * SR_STRACE_ARRAY_MAX, and "..." stands for the rest. */
static void out_fdset_at(struct strace_out *out, const struct sr_strace_call *call,
                         uint64_t addr, uint64_t nfds_arg)
{
	unsigned char bits[FD_SETSIZE / 8];
	int32_t nfds = (int32_t)nfds_arg;
	size_t readable = nfds > FD_SETSIZE ? FD_SETSIZE : (size_t)(nfds > 0 ? nfds : 0);
	unsigned int shown = 0;
	bool more = nfds > FD_SETSIZE;

	if (readable == 0) {
		out_ptr(out, addr);
		return;
	}
	if (!out_struct_at(out, call, addr, bits, (readable + 63) / 64 * sizeof(uint64_t)))
		return;
	out_str(out, "[");
	for (size_t fd = 0; fd < readable; fd++) {
		if ((bits[fd / 8] & (1u << (fd % 8))) == 0)
			continue;
		if (shown == SR_STRACE_ARRAY_MAX) {
			more = true;
			break;
		}
		out_printf(out, shown == 0 ? "%zu" : " %zu", fd);
		shown++;
	}
	if (more)
		out_str(out, shown == 0 ? ELLIPSIS : " " ELLIPSIS);
	out_str(out, "]");
}

/* The index of the row's argument of type `type`, or -1. */
static int row_arg_index(const struct sr_syscall_row *row, enum sr_argtype type)
{
	for (int i = 0; i < SR_SYSCALL_MAX_ARGS; i++)
		if (row->args[i] == type)
			return i;
	return -1;
}

/* ---- arguments and lines ---- */

static bool arg_exists(const struct sr_syscall_row *row, unsigned int index)
{
	return index < SR_SYSCALL_MAX_ARGS && row->args[index] != SR_ARG_NONE;
}

/* The length of a (pointer, length) pair: the next argument. */
static bool next_arg(const struct sr_strace_call *call, unsigned int index, uint64_t *value)
{
	if (!arg_exists(call->row, index + 1))
		return false;
	*value = call->args[index + 1];
	return true;
}

static bool call_failed(const struct sr_strace_call *call)
{
	return call->ret < 0 && call->ret >= -(int64_t)SR_KERNEL_MAX_ERRNO;
}

/* An output struct holds what the call wrote only on its exit line, and
 * only when it succeeded: before, or after a failure, it is the
 * program's memory as it was. */
static bool output_was_filled(const struct sr_strace_call *call)
{
	return call->phase == SR_STRACE_EXIT && !call_failed(call);
}

static bool argtype_is_output(enum sr_argtype type)
{
	return type == SR_ARG_BUF_OUT || type == SR_ARG_STAT_OUT || type == SR_ARG_STATX_OUT;
}

static void out_buffer_out(struct strace_out *out, const struct sr_strace_call *call,
                           unsigned int index)
{
	uint64_t addr = call->args[index];
	uint64_t filled;

	if (call->phase != SR_STRACE_EXIT || call_failed(call) ||
	    !arg_exists(call->row, index + 1) || call->row->args[index + 1] != SR_ARG_UINT) {
		out_ptr(out, addr);
		return;
	}
	filled = (uint64_t)call->ret;
	if (filled > call->args[index + 1])
		filled = call->args[index + 1];
	out_buffer_at(out, call, addr, filled);
}

static void out_arg(struct strace_out *out, const struct sr_strace_call *call, unsigned int index)
{
	uint64_t v = call->args[index];
	uint64_t len;
	int op;

	switch (call->row->args[index]) {
	case SR_ARG_NONE:
	case SR_ARG_TYPES_END:
		break;
	case SR_ARG_INT:
		out_printf(out, "%" PRId32, (int32_t)v);
		break;
	case SR_ARG_LONG:
		out_printf(out, "%" PRId64, (int64_t)v);
		break;
	case SR_ARG_UINT:
		out_printf(out, "%" PRIu64, v);
		break;
	case SR_ARG_HEX:
		out_hex(out, v);
		break;
	case SR_ARG_PTR:
		out_ptr(out, v);
		break;
	case SR_ARG_FD:
		out_printf(out, "%d", (int32_t)v);
		break;
	case SR_ARG_DIRFD:
		if ((int32_t)v == AT_FDCWD)
			out_str(out, "AT_FDCWD");
		else
			out_printf(out, "%d", (int32_t)v);
		break;
	case SR_ARG_PATH:
		out_string_at(out, call, v, SR_STRACE_PATH_MAX);
		break;
	case SR_ARG_STRING:
		out_string_at(out, call, v, SR_STRACE_STRING_MAX);
		break;
	case SR_ARG_BUF_IN:
		if (next_arg(call, index, &len))
			out_buffer_at(out, call, v, len);
		else
			out_ptr(out, v);
		break;
	case SR_ARG_BUF_OUT:
		out_buffer_out(out, call, index);
		break;
	case SR_ARG_OPEN_FLAGS:
		out_open_flags(out, v);
		break;
	case SR_ARG_MODE:
		out_mode(out, v);
		break;
	case SR_ARG_AT_FLAGS:
		out_at_flags(out, call->row, v);
		break;
	case SR_ARG_PROT:
		out_prot(out, v);
		break;
	case SR_ARG_MAP_FLAGS:
		out_map_flags(out, v);
		break;
	case SR_ARG_CLONE_FLAGS:
		out_clone_flags(out, v);
		break;
	case SR_ARG_SIGNAL:
		out_signal(out, (int32_t)v);
		break;
	case SR_ARG_SOCKADDR:
		if (next_arg(call, index, &len))
			out_sockaddr_at(out, call, v, len);
		else
			out_ptr(out, v);
		break;
	case SR_ARG_STRING_ARRAY:
		out_string_array_at(out, call, v);
		break;
	case SR_ARG_IOCTL_REQ:
		out_ioctl_request(out, v);
		break;
	case SR_ARG_FCNTL_CMD:
		out_code(out, (int32_t)v, fcntl_cmd_names, SR_ARRAY_SIZE(fcntl_cmd_names));
		break;
	case SR_ARG_PRCTL_OPT:
		out_code(out, (int32_t)v, prctl_option_names, SR_ARRAY_SIZE(prctl_option_names));
		break;
	case SR_ARG_SOCK_FAMILY:
		out_code(out, (int32_t)v, family_names, SR_ARRAY_SIZE(family_names));
		break;
	case SR_ARG_SOCK_TYPE:
		out_sock_type(out, v);
		break;
	case SR_ARG_WHENCE:
		out_code(out, (int32_t)v, whence_names, SR_ARRAY_SIZE(whence_names));
		break;
	case SR_ARG_FUTEX_OP:
		out_futex_op(out, v);
		break;
	case SR_ARG_ACCESS_MODE:
		out_access_mode(out, v);
		break;
	case SR_ARG_RENAME_FLAGS:
		out_flags(out, v, rename_flag_names, SR_ARRAY_SIZE(rename_flag_names));
		break;
	case SR_ARG_OPEN_HOW:
		if (next_arg(call, index, &len))
			out_open_how_at(out, call, v, len);
		else
			out_ptr(out, v);
		break;
	case SR_ARG_FD_FLAGS:
		out_fd_flags(out, v);
		break;
	case SR_ARG_SOCK_FLAGS:
		out_sock_flags(out, v);
		break;
	case SR_ARG_FCNTL_ARG:
		if (index > 0 && call->row->args[index - 1] == SR_ARG_FCNTL_CMD)
			out_fcntl_arg(out, call->args[index - 1], v);
		else
			out_hex(out, v);
		break;
	case SR_ARG_STATX_MASK:
		out_flags(out, (uint32_t)v, statx_mask_names, SR_ARRAY_SIZE(statx_mask_names));
		break;
	case SR_ARG_SIGMASK_HOW:
		out_code(out, (int32_t)v, sigmask_how_names, SR_ARRAY_SIZE(sigmask_how_names));
		break;
	case SR_ARG_MADVISE:
		out_code(out, (int32_t)v, madvise_names, SR_ARRAY_SIZE(madvise_names));
		break;
	case SR_ARG_MSG_FLAGS:
		/* The kernel takes them as an unsigned int. */
		out_flags(out, (uint32_t)v, msg_flag_names, SR_ARRAY_SIZE(msg_flag_names));
		break;
	case SR_ARG_SIGSET:
		out_sigset_at(out, call, v);
		break;
	case SR_ARG_SIGACTION:
		out_sigaction_at(out, call, v);
		break;
	case SR_ARG_ARCH_PRCTL:
		if (code_name((uint32_t)v, arch_prctl_names, SR_ARRAY_SIZE(arch_prctl_names)) != NULL)
			out_code(out, (uint32_t)v, arch_prctl_names, SR_ARRAY_SIZE(arch_prctl_names));
		else
			out_hex(out, (uint32_t)v);
		break;
	case SR_ARG_RLIMIT_RES:
		out_code(out, (int32_t)v, rlimit_resource_names, SR_ARRAY_SIZE(rlimit_resource_names));
		break;
	case SR_ARG_RLIMIT:
		out_rlimit_at(out, call, v);
		break;
	case SR_ARG_CLOCKID:
		out_code(out, (int32_t)v, clock_names, SR_ARRAY_SIZE(clock_names));
		break;
	case SR_ARG_TIMER_FLAGS:
		out_flags(out, (uint32_t)v, timer_flag_names, SR_ARRAY_SIZE(timer_flag_names));
		break;
	case SR_ARG_RANDOM_FLAGS:
		out_flags(out, (uint32_t)v, random_flag_names, SR_ARRAY_SIZE(random_flag_names));
		break;
	case SR_ARG_WAIT_OPTIONS:
		out_flags(out, (uint32_t)v, wait_option_names, SR_ARRAY_SIZE(wait_option_names));
		break;
	case SR_ARG_IDTYPE:
		out_code(out, (int32_t)v, idtype_names, SR_ARRAY_SIZE(idtype_names));
		break;
	case SR_ARG_STAT_OUT:
		if (output_was_filled(call))
			out_stat_at(out, call, v);
		else
			out_ptr(out, v);
		break;
	case SR_ARG_STATX_OUT:
		if (output_was_filled(call))
			out_statx_at(out, call, v);
		else
			out_ptr(out, v);
		break;
	case SR_ARG_SOCKOPT_LEVEL:
		out_code(out, (int32_t)v, sockopt_level_names, SR_ARRAY_SIZE(sockopt_level_names));
		break;
	case SR_ARG_SOCKOPT_NAME:
		if (index > 0 && call->row->args[index - 1] == SR_ARG_SOCKOPT_LEVEL)
			out_sockopt_name(out, call->args[index - 1], v);
		else
			out_printf(out, "%" PRId32, (int32_t)v);
		break;
	case SR_ARG_SOCKOPT_VALUE:
		if (next_arg(call, index, &len))
			out_sockopt_value_at(out, call, v, len);
		else
			out_ptr(out, v);
		break;
	case SR_ARG_POLLFDS:
		if (next_arg(call, index, &len))
			out_array_at(out, call, v, len, sizeof(struct pollfd), out_pollfd);
		else
			out_ptr(out, v);
		break;
	case SR_ARG_IOVEC_IN:
		/* The count is an int: a negative one is EINVAL, shown as the pointer. */
		if (next_arg(call, index, &len) && (int32_t)len >= 0)
			out_array_at(out, call, v, (uint32_t)len, sizeof(struct iovec), out_iovec);
		else
			out_ptr(out, v);
		break;
	case SR_ARG_EPOLL_OP:
		out_code(out, (int32_t)v, epoll_op_names, SR_ARRAY_SIZE(epoll_op_names));
		break;
	case SR_ARG_EPOLL_EVENT:
		out_epoll_event_at(out, call, v);
		break;
	case SR_ARG_SIGSTACK:
		out_sigstack_at(out, call, v);
		break;
	case SR_ARG_TIMESPEC:
		out_timespec_at(out, call, v);
		break;
	case SR_ARG_TIMEVAL:
		out_timeval_at(out, call, v);
		break;
	case SR_ARG_FDSET:
		out_fdset_at(out, call, v, call->args[0]);
		break;
	case SR_ARG_FUTEX_TIMEOUT:
		op = row_arg_index(call->row, SR_ARG_FUTEX_OP);
		if (op >= 0 && futex_op_waits(call->args[op]))
			out_timespec_at(out, call, v);
		else
			out_printf(out, "%" PRIu32, (uint32_t)v);
		break;
	case SR_ARG_FUTEX_VAL3:
		op = row_arg_index(call->row, SR_ARG_FUTEX_OP);
		if (op >= 0 && futex_op_takes_bitset(call->args[op]) && (uint32_t)v == FUTEX_BITSET_MATCH_ANY)
			out_str(out, "FUTEX_BITSET_MATCH_ANY");
		else if (op >= 0 && futex_op_takes_bitset(call->args[op]))
			out_hex(out, (uint32_t)v);
		else
			out_printf(out, "%" PRIu32, (uint32_t)v);
		break;
	case SR_ARG_SOCK_PROTO:
		if (index >= 2 && call->row->args[index - 2] == SR_ARG_SOCK_FAMILY)
			out_sock_protocol(out, call->args[index - 2], v);
		else
			out_printf(out, "%" PRId32, (int32_t)v);
		break;
	}
}

/* The kernel ignores the mode unless the call creates a file, fcntl's
 * third argument for the commands that read none, and the futex
 * arguments its operation does not read; strace leaves them out then,
 * and so do we. */
static bool arg_is_unused(const struct sr_strace_call *call, unsigned int index)
{
	if (index == 0)
		return false;
	if (call->row->args[index] == SR_ARG_MODE && call->row->args[index - 1] == SR_ARG_OPEN_FLAGS)
		return !open_flags_take_mode(call->args[index - 1]);
	if (call->row->args[index] == SR_ARG_FCNTL_ARG && call->row->args[index - 1] == SR_ARG_FCNTL_CMD)
		return fcntl_cmd_takes_no_arg(call->args[index - 1]);
	int op = row_arg_index(call->row, SR_ARG_FUTEX_OP);
	if (op >= 0 && index > (unsigned int)op)
		return !futex_op_reads(call->args[op], index - (unsigned int)op);
	return false;
}

static void out_result(struct strace_out *out, const struct sr_strace_call *call)
{
	int64_t ret = call->ret;

	out_str(out, " = ");
	if (call_failed(call)) {
		int errnum = (int)-ret;
		const char *name = strerrorname_np(errnum);
		const char *desc = strerrordesc_np(errnum);

		if (errnum == SR_ERESTARTSYS)
			out_str(out, "? ERESTARTSYS (To be restarted if SA_RESTART is set)");
		else if (name != NULL && desc != NULL)
			out_printf(out, "-1 %s (%s)", name, desc);
		else
			out_printf(out, "-1 errno %d", errnum);
		return;
	}
	switch (call->row->ret) {
	case SR_ARG_HEX:
		out_hex(out, (uint64_t)ret);
		break;
	case SR_ARG_PTR:
		out_ptr(out, (uint64_t)ret);
		break;
	default:
		out_printf(out, "%" PRId64, ret);
		break;
	}
}

/* Tenths of the largest unit that keeps the figure readable. */
static void out_duration(struct strace_out *out, uint64_t ns)
{
	static const struct { uint64_t ns; const char *unit; } units[] = {
		{ 1000000000u, "s" }, { 1000000u, "ms" }, { 1000u, "us" },
	};
	size_t i = 0;

	while (i + 1 < SR_ARRAY_SIZE(units) && ns < units[i].ns)
		i++;
	out_printf(out, " (%" PRIu64 ".%" PRIu64 "%s)", ns / units[i].ns,
	           ns % units[i].ns / (units[i].ns / 10), units[i].unit);
}

static bool out_open(struct strace_out *out, char *buf, size_t size)
{
	out->buf = buf;
	out->size = size;
	out->len = 0;
	out->cut = false;
	if (size == 0)
		return false;
	buf[0] = '\0';
	return true;
}

size_t sr_strace_format_open_flags(char *buf, size_t size, uint64_t flags)
{
	struct strace_out out;

	if (!out_open(&out, buf, size))
		return 0;
	out_open_flags(&out, flags);
	return out.len;
}

size_t sr_strace_format_arg(char *buf, size_t size, const struct sr_strace_call *call,
                            unsigned int index)
{
	struct strace_out out;

	if (!out_open(&out, buf, size))
		return 0;
	if (arg_exists(call->row, index))
		out_arg(&out, call, index);
	return out.len;
}

/* An argument of the exit line as its entry line showed it: NULL when
 * it must be formatted now (an output, or no entry line kept). */
static const char *entry_arg(const struct sr_strace_call *call, unsigned int index, size_t *len)
{
	const struct sr_strace_entry *entry = call->entry;

	if (call->phase != SR_STRACE_EXIT || entry == NULL || argtype_is_output(call->row->args[index]) ||
	    entry->arg_end[index] < entry->arg_start[index] || entry->arg_end[index] > entry->len)
		return NULL;
	*len = entry->arg_end[index] - entry->arg_start[index];
	return entry->line + entry->arg_start[index];
}

/* arg_start and arg_end, when not NULL, receive where each argument lies. */
static size_t format_line(char *buf, size_t size, const struct sr_strace_call *call,
                          size_t *arg_start, size_t *arg_end)
{
	const char *comm = call->comm != NULL ? call->comm : "";
	struct strace_out out;
	bool first = true;

	if (!out_open(&out, buf, size))
		return 0;
	out_printf(&out, "[%3d:%3d] ", call->pid, call->tid);
	out_escaped(&out, (const unsigned char *)comm, strnlen(comm, SR_STRACE_COMM_MAX));
	out_printf(&out, " %c %s(", call->phase == SR_STRACE_ENTRY ? 'E' : 'X', call->row->name);
	for (unsigned int i = 0; arg_exists(call->row, i); i++) {
		const char *kept;
		size_t kept_len;

		if (arg_is_unused(call, i))
			continue;
		if (!first)
			out_str(&out, ", ");
		if (arg_start != NULL)
			arg_start[i] = out.len;
		kept = entry_arg(call, i, &kept_len);
		if (kept != NULL)
			out_bytes(&out, kept, kept_len);
		else
			out_arg(&out, call, i);
		if (arg_end != NULL)
			arg_end[i] = out.len;
		first = false;
	}
	out_str(&out, ")");
	if (call->phase == SR_STRACE_EXIT) {
		out_result(&out, call);
		out_duration(&out, call->duration_ns);
	}
	out_str(&out, "\n");
	/* A line cut short still ends the line, so the next one stays apart;
	 * that newline belongs to no argument. */
	if (out.cut && size >= 2) {
		buf[size - 2] = '\n';
		for (unsigned int i = 0; arg_end != NULL && i < SR_SYSCALL_MAX_ARGS; i++) {
			if (arg_start[i] > size - 2)
				arg_start[i] = size - 2;
			if (arg_end[i] > size - 2)
				arg_end[i] = size - 2;
		}
	}
	return out.len;
}

size_t sr_strace_format(char *buf, size_t size, const struct sr_strace_call *call)
{
	return format_line(buf, size, call, NULL, NULL);
}

size_t sr_strace_format_entry(struct sr_strace_entry *entry, const struct sr_strace_call *call)
{
	/* An argument left out (arg_is_unused) is empty. */
	memset(entry->arg_start, 0, sizeof(entry->arg_start));
	memset(entry->arg_end, 0, sizeof(entry->arg_end));
	entry->len = format_line(entry->line, sizeof(entry->line), call,
	                         entry->arg_start, entry->arg_end);
	return entry->len;
}
