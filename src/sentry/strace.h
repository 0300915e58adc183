/* --strace lines (DESIGN §6): one syscall as a gVisor-like entry (E) or
 * exit (X) line with its arguments decoded from the syscall table's types:
 *
 *   [  4:  4] sh E openat(AT_FDCWD, "/etc/passwd", O_RDONLY|O_CLOEXEC)
 *   [  4:  4] sh X openat(AT_FDCWD, "/etc/passwd", O_RDONLY|O_CLOEXEC) = 3 (14.2us)
 *
 * Pure: the program's memory is read only through the caller's reader, so
 * the formatter can be tested over a local buffer.  Everything the program
 * controls (strings, comm) is escaped, so a hostile program cannot forge
 * lines in the trace. */
#ifndef SENTRY_RUN_STRACE_H
#define SENTRY_RUN_STRACE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "sentry/table.h"

/* Bounds on what one argument may pull from the program and print. */
#define SR_STRACE_PATH_MAX 4096     /* PATH_MAX: paths are read and printed whole up to it */
#define SR_STRACE_STRING_MAX 64     /* other strings and buffers are cut here, then "..." */
#define SR_STRACE_ARRAY_MAX 32      /* argv/envp elements printed before "..." */
#define SR_STRACE_COMM_MAX 16       /* TASK_COMM_LEN */
/* A line buffer for the Sentry: ordinary lines fit; a longer one (paths
 * full of bytes that need escaping) is cut, still as one line. */
#define SR_STRACE_LINE_MAX 8192

/* Reads `len` bytes of the program's memory at `addr` into `buf`.  Returns
 * the number of bytes read, fewer than `len` when readable memory ends
 * there, or -1 when nothing at `addr` is readable. */
typedef ssize_t (*sr_strace_read_fn)(void *ctx, uint64_t addr, void *buf, size_t len);

enum sr_strace_phase {
	SR_STRACE_ENTRY,   /* "E": arguments as the program passed them */
	SR_STRACE_EXIT,    /* "X": arguments, output buffers, result and duration */
};

/* An entry line kept for the exit line of its call.  Once the call is
 * answered the program may reuse the memory its arguments were in (a
 * shell writes its next path over the last one), and another thread
 * may change it at any time: the exit line must show the call as it
 * was made, not what that memory says later. */
struct sr_strace_entry {
	char line[SR_STRACE_LINE_MAX];
	size_t len;
	size_t arg_start[SR_SYSCALL_MAX_ARGS];  /* where each argument lies in line */
	size_t arg_end[SR_SYSCALL_MAX_ARGS];
};

struct sr_strace_call {
	int pid;                          /* in the sandbox's pid namespace */
	int tid;
	const char *comm;                 /* at most SR_STRACE_COMM_MAX bytes are used */
	const struct sr_syscall_row *row; /* never NULL */
	uint64_t args[SR_SYSCALL_MAX_ARGS];
	enum sr_strace_phase phase;
	int64_t ret;                      /* exit: the result, or -errno */
	uint64_t duration_ns;             /* exit: time the call took */
	sr_strace_read_fn read;           /* NULL: pointers are printed, never followed */
	void *read_ctx;
	/* Exit: the entry line of the call, whose arguments are shown again
	 * rather than read anew (all but the output buffers); NULL: read
	 * them again. */
	const struct sr_strace_entry *entry;
};

/* Formats one line ending in '\n' into `buf`.  The result is always
 * NUL-terminated and never longer than size - 1; a line cut by a small
 * buffer still ends in '\n' (when size >= 2).  Returns its length.
 *
 * Decoding follows the row's argument types, with these conventions:
 * - a SR_ARG_MODE right after SR_ARG_OPEN_FLAGS is left out, as strace
 *   does, unless the flags say O_CREAT or O_TMPFILE; so is a
 *   SR_ARG_FCNTL_ARG after a SR_ARG_FCNTL_CMD that reads none (F_GETFD),
 *   and one after a command that does is decoded as that command reads it;
 * - SR_ARG_BUF_IN, SR_ARG_SOCKADDR, SR_ARG_OPEN_HOW and
 *   SR_ARG_SOCKOPT_VALUE take their length from the next argument, and
 *   SR_ARG_POLLFDS and SR_ARG_IOVEC_IN their count (at most
 *   SR_STRACE_ARRAY_MAX elements are shown, each buffer cut as a write's);
 * - SR_ARG_SOCKOPT_NAME is decoded by the SR_ARG_SOCKOPT_LEVEL before it,
 *   SR_ARG_SOCK_PROTO by the SR_ARG_SOCK_FAMILY two before it;
 * - SR_ARG_FDSET takes its size from the first argument (select's nfds),
 *   of which the first FD_SETSIZE fds are read and SR_STRACE_ARRAY_MAX
 *   shown;
 * - after a SR_ARG_FUTEX_OP, the arguments the operation does not read
 *   are left out, as strace does (FUTEX_WAKE shows its count alone), and
 *   SR_ARG_FUTEX_TIMEOUT is a timespec for a waiting operation only;
 * - a struct the program passes (SR_ARG_SIGSET, SR_ARG_SIGACTION,
 *   SR_ARG_RLIMIT, SR_ARG_POLLFDS, SR_ARG_TIMESPEC, SR_ARG_TIMEVAL,
 *   SR_ARG_FDSET, SR_ARG_IOVEC_IN, SR_ARG_EPOLL_EVENT, SR_ARG_SIGSTACK) is
 *   shown only when it can be read whole, else as a bad pointer;
 * - SR_ARG_BUF_OUT is the pointer at entry; at exit, when the call
 *   succeeded and the next argument is a SR_ARG_UINT size, it is the bytes
 *   the call filled in (the result, bounded by that size); so are
 *   SR_ARG_STAT_OUT and SR_ARG_STATX_OUT, the struct the call filled in.
 * - SR_ARG_INT, SR_ARG_FD, SR_ARG_DIRFD and SR_ARG_SIGNAL are the low 32
 *   bits of the register, as the kernel reads an int (a C caller need not
 *   sign-extend one: glibc's kill(-1, ...) leaves 0xffffffff);
 *   SR_ARG_LONG is the whole register, signed. */
size_t sr_strace_format(char *buf, size_t size, const struct sr_strace_call *call);

/* Formats the entry line of `call` into entry->line, and keeps where its
 * arguments are for the exit line (call->entry).  Returns its length. */
size_t sr_strace_format_entry(struct sr_strace_entry *entry, const struct sr_strace_call *call);

/* open(2) flags as --strace writes them (O_RDONLY|O_CLOEXEC). */
size_t sr_strace_format_open_flags(char *buf, size_t size, uint64_t flags);

/* Formats argument `index` of `call` alone, under the same rules. */
size_t sr_strace_format_arg(char *buf, size_t size, const struct sr_strace_call *call,
                            unsigned int index);

#endif
