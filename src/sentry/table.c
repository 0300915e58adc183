/* The syscall table of x86-64 (DESIGN §2): one row for every __NR_* of
 * <asm/unistd_64.h>, sorted by name.  filter.c turns it into the BPF
 * program, the Sentry dispatches on it and --strace decodes with it.
 *
 * Path-taking calls carry their Gofer handler id (SR_H_OPEN, SR_H_STAT,
 * SR_H_PATH).  Those whose handler has landed (GOFER rows) are emulated
 * through the Gofer; the others (PATHCALL rows) stay SR_DISP_ALLOW, and
 * the mount view bounds them in the kernel.
 *
 * Calls newer than the headers have rows too (compat.h lists them with
 * their numbers): a program built against a newer libc or runtime calls
 * them on a newer kernel, and each gets what its older twin gets. */
#include "sentry/table.h"

#include <errno.h>
#include <seccomp.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "compat.h"
#include "sysnr.h"
#include "util.h"

#ifndef __x86_64__
#error "the syscall table describes x86-64 only"
#endif

/* Argument types, short so that a row fits on a line. */
#define T_NONE SR_ARG_NONE
#define T_INT SR_ARG_INT
#define T_LONG SR_ARG_LONG
#define T_UINT SR_ARG_UINT
#define T_HEX SR_ARG_HEX
#define T_PTR SR_ARG_PTR
#define T_FD SR_ARG_FD
#define T_DIRFD SR_ARG_DIRFD
#define T_PATH SR_ARG_PATH
#define T_STR SR_ARG_STRING
#define T_BUFIN SR_ARG_BUF_IN
#define T_BUFOUT SR_ARG_BUF_OUT
#define T_OFLAGS SR_ARG_OPEN_FLAGS
#define T_MODE SR_ARG_MODE
#define T_ATFLAGS SR_ARG_AT_FLAGS
#define T_PROT SR_ARG_PROT
#define T_MAPFLAGS SR_ARG_MAP_FLAGS
#define T_CLONE SR_ARG_CLONE_FLAGS
#define T_SIG SR_ARG_SIGNAL
#define T_SOCKADDR SR_ARG_SOCKADDR
#define T_STRV SR_ARG_STRING_ARRAY
#define T_IOCTL SR_ARG_IOCTL_REQ
#define T_FCNTL SR_ARG_FCNTL_CMD
#define T_PRCTL SR_ARG_PRCTL_OPT
#define T_FAMILY SR_ARG_SOCK_FAMILY
#define T_SOCKTYPE SR_ARG_SOCK_TYPE
#define T_WHENCE SR_ARG_WHENCE
#define T_FUTEX SR_ARG_FUTEX_OP
#define T_AMODE SR_ARG_ACCESS_MODE
#define T_RENAME SR_ARG_RENAME_FLAGS
#define T_HOW SR_ARG_OPEN_HOW
#define T_FDFLAGS SR_ARG_FD_FLAGS
#define T_SOCKFLAGS SR_ARG_SOCK_FLAGS
#define T_FCNTLARG SR_ARG_FCNTL_ARG
#define T_STATXMASK SR_ARG_STATX_MASK
#define T_HOWMASK SR_ARG_SIGMASK_HOW
#define T_MADV SR_ARG_MADVISE
#define T_MSGFLAGS SR_ARG_MSG_FLAGS
#define T_SIGSET SR_ARG_SIGSET
#define T_SIGACT SR_ARG_SIGACTION
#define T_ARCHPRCTL SR_ARG_ARCH_PRCTL
#define T_RLIMRES SR_ARG_RLIMIT_RES
#define T_RLIMIT SR_ARG_RLIMIT
#define T_CLOCK SR_ARG_CLOCKID
#define T_TIMERFLAGS SR_ARG_TIMER_FLAGS
#define T_GRND SR_ARG_RANDOM_FLAGS
#define T_WAITOPTS SR_ARG_WAIT_OPTIONS
#define T_IDTYPE SR_ARG_IDTYPE
#define T_STATOUT SR_ARG_STAT_OUT
#define T_STATXOUT SR_ARG_STATX_OUT
#define T_SOLEVEL SR_ARG_SOCKOPT_LEVEL
#define T_SONAME SR_ARG_SOCKOPT_NAME
#define T_SOVALUE SR_ARG_SOCKOPT_VALUE
#define T_POLLFDS SR_ARG_POLLFDS
#define T_TIMESPEC SR_ARG_TIMESPEC
#define T_TIMEVAL SR_ARG_TIMEVAL
#define T_FDSET SR_ARG_FDSET
#define T_FUTEXTIME SR_ARG_FUTEX_TIMEOUT
#define T_FUTEXVAL3 SR_ARG_FUTEX_VAL3
#define T_SOCKPROTO SR_ARG_SOCK_PROTO
#define T_IOVIN SR_ARG_IOVEC_IN
#define T_EPOLLOP SR_ARG_EPOLL_OP
#define T_EPOLLEV SR_ARG_EPOLL_EVENT
#define T_SIGSTACK SR_ARG_SIGSTACK

#define ROW(name_, disp_, err_, flags_, handler_, ret_, ...) \
	{ .name = #name_, .disp = (disp_), .err = (err_), .flags = (flags_), \
	  .handler = (handler_), .ret = (ret_), .args = { __VA_ARGS__ } }

/* The kinds of row. */
#define ALLOW(name, flags, ret, ...) \
	ROW(name, SR_DISP_ALLOW, 0, (flags), SR_H_NONE, ret, __VA_ARGS__)
#define HOT(name, ret, ...) \
	ROW(name, SR_DISP_ALLOW, 0, SR_ROW_HOT, SR_H_NONE, ret, __VA_ARGS__)
/* Takes a destination: emulated in --net=host and veth (sr_row_disposition). */
#define NETADDR(name, ret, ...) \
	ROW(name, SR_DISP_ALLOW, 0, SR_ROW_NET_HOST, SR_H_NET, ret, __VA_ARGS__)
/* A path call served through the Gofer (sentry/fs.c); with
 * SR_ROW_ARGRULES the filter keeps the calls on an fd in the kernel
 * (filter.c), with SR_ROW_METADATA metadata=kernel keeps them all there. */
#define GOFER(name, flags, handler, ret, ...) \
	ROW(name, SR_DISP_EMULATE, 0, (flags), (handler), ret, __VA_ARGS__)
#define EMULATE(name, handler, ret, ...) \
	ROW(name, SR_DISP_EMULATE, 0, 0, (handler), ret, __VA_ARGS__)
#define CONTINUE(name, handler, ret, ...) \
	ROW(name, SR_DISP_CONTINUE, 0, 0, (handler), ret, __VA_ARGS__)
/* In the kernel, but the Sentry records it when there is an event stream. */
#define RECORDED(name, handler, ret, ...) \
	ROW(name, SR_DISP_ALLOW, 0, SR_ROW_EVENT, (handler), ret, __VA_ARGS__)
/* Refused, but a profile may knowingly opt in with allow=NAME. */
#define REFUSE(name, flags, ret, ...) \
	ROW(name, SR_DISP_ERRNO, EPERM, (flags), SR_H_NONE, ret, __VA_ARGS__)
/* Refused whatever the profile says (SR_ROW_NEVER): the call would
 * undo the sandbox itself (DESIGN §3) or reach the host as a whole. */
#define NEVER(name, ret, ...) \
	ROW(name, SR_DISP_ERRNO, EPERM, SR_ROW_NEVER, SR_H_NONE, ret, __VA_ARGS__)
/* Not offered: obsolete, unimplemented on x86-64, or (clone3) replaced
 * by a call whose flags BPF can check.  ENOSYS makes libc fall back. */
#define ABSENT(name, ...) \
	ROW(name, SR_DISP_ERRNO, ENOSYS, SR_ROW_NEVER, SR_H_NONE, T_INT, __VA_ARGS__)

const struct sr_syscall_row sr_syscall_rows[] = {
	ABSENT(_sysctl, T_PTR),
	ALLOW(accept, 0, T_FD, T_FD, T_PTR, T_PTR),
	ALLOW(accept4, 0, T_FD, T_FD, T_PTR, T_PTR, T_SOCKFLAGS),
	GOFER(access, SR_ROW_METADATA, SR_H_STAT, T_INT, T_PATH, T_AMODE),
	REFUSE(acct, 0, T_INT, T_PATH),
	REFUSE(add_key, 0, T_INT, T_STR, T_STR, T_PTR, T_UINT, T_INT),
	/* Setting the clock needs CAP_SYS_TIME over the host anyway. */
	REFUSE(adjtimex, 0, T_INT, T_PTR),
	ABSENT(afs_syscall, T_NONE),
	ALLOW(alarm, 0, T_INT, T_UINT),
	ALLOW(arch_prctl, 0, T_INT, T_ARCHPRCTL, T_HEX),
	NETADDR(bind, T_INT, T_FD, T_SOCKADDR, T_UINT),
	REFUSE(bpf, 0, T_INT, T_INT, T_PTR, T_UINT),
	HOT(brk, T_PTR, T_PTR),
	/* The page cache state of a range of a file the program holds. */
	ALLOW(cachestat, 0, T_INT, T_FD, T_PTR, T_PTR, T_HEX),
	ALLOW(capget, 0, T_INT, T_PTR, T_PTR),
	ALLOW(capset, 0, T_INT, T_PTR, T_PTR),
	GOFER(chdir, 0, SR_H_PATH, T_INT, T_PATH),
	GOFER(chmod, 0, SR_H_PATH, T_INT, T_PATH, T_MODE),
	GOFER(chown, 0, SR_H_PATH, T_INT, T_PATH, T_INT, T_INT),
	NEVER(chroot, T_INT, T_PATH),
	REFUSE(clock_adjtime, 0, T_INT, T_CLOCK, T_PTR),
	ALLOW(clock_getres, 0, T_INT, T_CLOCK, T_PTR),
	HOT(clock_gettime, T_INT, T_CLOCK, T_PTR),
	HOT(clock_nanosleep, T_INT, T_CLOCK, T_TIMERFLAGS, T_TIMESPEC, T_PTR),
	REFUSE(clock_settime, 0, T_INT, T_CLOCK, T_PTR),
	/* x86-64 order: flags, stack, parent_tid, child_tid, tls. */
	ROW(clone, SR_DISP_ALLOW, 0, SR_ROW_ARGRULES, SR_H_CLONE, T_INT, T_CLONE, T_PTR, T_PTR, T_PTR, T_HEX),
	ABSENT(clone3, T_PTR, T_UINT),
	HOT(close, T_INT, T_FD),
	ALLOW(close_range, 0, T_INT, T_UINT, T_UINT, T_HEX),
	NETADDR(connect, T_INT, T_FD, T_SOCKADDR, T_UINT),
	ALLOW(copy_file_range, 0, T_INT, T_FD, T_PTR, T_FD, T_PTR, T_UINT, T_HEX),
	GOFER(creat, 0, SR_H_OPEN, T_FD, T_PATH, T_MODE),
	ABSENT(create_module, T_STR, T_UINT),
	NEVER(delete_module, T_INT, T_STR, T_HEX),
	HOT(dup, T_FD, T_FD),
	ALLOW(dup2, 0, T_FD, T_FD, T_FD),
	ALLOW(dup3, 0, T_FD, T_FD, T_FD, T_FDFLAGS),
	ALLOW(epoll_create, 0, T_FD, T_INT),
	ALLOW(epoll_create1, 0, T_FD, T_FDFLAGS),
	HOT(epoll_ctl, T_INT, T_FD, T_EPOLLOP, T_FD, T_EPOLLEV),
	ABSENT(epoll_ctl_old, T_NONE),
	HOT(epoll_pwait, T_INT, T_FD, T_PTR, T_INT, T_INT, T_SIGSET, T_UINT),
	HOT(epoll_pwait2, T_INT, T_FD, T_PTR, T_INT, T_TIMESPEC, T_SIGSET, T_UINT),
	HOT(epoll_wait, T_INT, T_FD, T_PTR, T_INT, T_INT),
	ABSENT(epoll_wait_old, T_NONE),
	ALLOW(eventfd, 0, T_FD, T_UINT),
	ALLOW(eventfd2, 0, T_FD, T_UINT, T_FDFLAGS),
	CONTINUE(execve, SR_H_EXECVE, T_INT, T_PATH, T_STRV, T_STRV),
	CONTINUE(execveat, SR_H_EXECVE, T_INT, T_DIRFD, T_PATH, T_STRV, T_STRV, T_ATFLAGS),
	ALLOW(exit, SR_ROW_NORETURN, T_INT, T_INT),
	ALLOW(exit_group, SR_ROW_NORETURN, T_INT, T_INT),
	GOFER(faccessat, SR_ROW_METADATA, SR_H_STAT, T_INT, T_DIRFD, T_PATH, T_AMODE),
	GOFER(faccessat2, SR_ROW_METADATA, SR_H_STAT, T_INT, T_DIRFD, T_PATH, T_AMODE, T_ATFLAGS),
	ALLOW(fadvise64, 0, T_INT, T_FD, T_LONG, T_UINT, T_INT),
	ALLOW(fallocate, 0, T_INT, T_FD, T_HEX, T_LONG, T_LONG),
	ALLOW(fanotify_init, 0, T_FD, T_HEX, T_OFLAGS),
	/* A mark names a path the kernel would resolve, and the Gofer has no
	 * operation for it: refused (EPERM, what an unprivileged caller
	 * often gets from fanotify anyway) rather than let a path past the
	 * Gofer.  A profile that opts in with allow=fanotify_mark leaves it
	 * to the mount view. */
	REFUSE(fanotify_mark, 0, T_INT, T_FD, T_HEX, T_HEX, T_DIRFD, T_PATH),
	ALLOW(fchdir, 0, T_INT, T_FD),
	ALLOW(fchmod, 0, T_INT, T_FD, T_MODE),
	GOFER(fchmodat, 0, SR_H_PATH, T_INT, T_DIRFD, T_PATH, T_MODE),
	GOFER(fchmodat2, 0, SR_H_PATH, T_INT, T_DIRFD, T_PATH, T_MODE, T_ATFLAGS),
	/* In the kernel unless an id is one the sandbox does not map (filter.c). */
	GOFER(fchown, 0, SR_H_PATH, T_INT, T_FD, T_INT, T_INT),
	GOFER(fchownat, 0, SR_H_PATH, T_INT, T_DIRFD, T_PATH, T_INT, T_INT, T_ATFLAGS),
	HOT(fcntl, T_INT, T_FD, T_FCNTL, T_FCNTLARG),
	ALLOW(fdatasync, 0, T_INT, T_FD),
	ALLOW(fgetxattr, 0, T_INT, T_FD, T_STR, T_BUFOUT, T_UINT),
	/* FS_IOC_FSGETXATTR and FS_IOC_FSSETXATTR by path, which the Gofer
	 * has no operation for yet: what a kernel before 6.17 answers, so
	 * that callers fall back to the ioctl on an fd they open through
	 * the Gofer. */
	ABSENT(file_getattr, T_DIRFD, T_PATH, T_PTR, T_UINT, T_ATFLAGS),
	ABSENT(file_setattr, T_DIRFD, T_PATH, T_PTR, T_UINT, T_ATFLAGS),
	NEVER(finit_module, T_INT, T_FD, T_STR, T_HEX),
	ALLOW(flistxattr, 0, T_INT, T_FD, T_BUFOUT, T_UINT),
	ALLOW(flock, 0, T_INT, T_FD, T_HEX),
	ALLOW(fork, 0, T_INT, T_NONE),
	ALLOW(fremovexattr, 0, T_INT, T_FD, T_STR),
	/* The mount API, mount, umount2, pivot_root, chroot and setns would
	 * change the view the Gofer resolves in (DESIGN §3.4). */
	NEVER(fsconfig, T_INT, T_FD, T_UINT, T_STR, T_PTR, T_INT),
	ALLOW(fsetxattr, 0, T_INT, T_FD, T_STR, T_BUFIN, T_UINT, T_HEX),
	NEVER(fsmount, T_FD, T_FD, T_HEX, T_HEX),
	NEVER(fsopen, T_FD, T_STR, T_HEX),
	NEVER(fspick, T_FD, T_DIRFD, T_PATH, T_HEX),
	HOT(fstat, T_INT, T_FD, T_STATOUT),
	ALLOW(fstatfs, 0, T_INT, T_FD, T_PTR),
	ALLOW(fsync, 0, T_INT, T_FD),
	ALLOW(ftruncate, 0, T_INT, T_FD, T_LONG),
	HOT(futex, T_INT, T_PTR, T_FUTEX, T_UINT, T_FUTEXTIME, T_PTR, T_FUTEXVAL3),
	ALLOW(futex_requeue, 0, T_INT, T_PTR, T_HEX, T_INT, T_INT),
	ALLOW(futex_wait, 0, T_INT, T_PTR, T_HEX, T_HEX, T_HEX, T_PTR, T_INT),
	ALLOW(futex_waitv, 0, T_INT, T_PTR, T_UINT, T_HEX, T_PTR, T_INT),
	ALLOW(futex_wake, 0, T_INT, T_PTR, T_HEX, T_INT, T_HEX),
	GOFER(futimesat, 0, SR_H_PATH, T_INT, T_DIRFD, T_PATH, T_PTR),
	ABSENT(get_kernel_syms, T_PTR),
	ALLOW(get_mempolicy, 0, T_INT, T_PTR, T_PTR, T_UINT, T_PTR, T_HEX),
	ALLOW(get_robust_list, 0, T_INT, T_INT, T_PTR, T_PTR),
	/* The 32-bit TLS calls: not implemented for 64-bit tasks. */
	ABSENT(get_thread_area, T_PTR),
	ALLOW(getcpu, 0, T_INT, T_PTR, T_PTR, T_PTR),
	/* The caller's own cwd, which the kernel names from the sandbox's
	 * root: nothing to resolve. */
	ALLOW(getcwd, 0, T_INT, T_BUFOUT, T_UINT),
	ALLOW(getdents, 0, T_INT, T_FD, T_BUFOUT, T_UINT),
	ALLOW(getdents64, 0, T_INT, T_FD, T_BUFOUT, T_UINT),
	HOT(getegid, T_INT, T_NONE),
	HOT(geteuid, T_INT, T_NONE),
	HOT(getgid, T_INT, T_NONE),
	ALLOW(getgroups, 0, T_INT, T_INT, T_PTR),
	ALLOW(getitimer, 0, T_INT, T_INT, T_PTR),
	ALLOW(getpeername, 0, T_INT, T_FD, T_PTR, T_PTR),
	ALLOW(getpgid, 0, T_INT, T_INT),
	ALLOW(getpgrp, 0, T_INT, T_NONE),
	HOT(getpid, T_INT, T_NONE),
	ABSENT(getpmsg, T_NONE),
	HOT(getppid, T_INT, T_NONE),
	ALLOW(getpriority, 0, T_INT, T_INT, T_INT),
	HOT(getrandom, T_INT, T_BUFOUT, T_UINT, T_GRND),
	ALLOW(getresgid, 0, T_INT, T_PTR, T_PTR, T_PTR),
	ALLOW(getresuid, 0, T_INT, T_PTR, T_PTR, T_PTR),
	ALLOW(getrlimit, 0, T_INT, T_RLIMRES, T_PTR),
	ALLOW(getrusage, 0, T_INT, T_INT, T_PTR),
	ALLOW(getsid, 0, T_INT, T_INT),
	ALLOW(getsockname, 0, T_INT, T_FD, T_PTR, T_PTR),
	ALLOW(getsockopt, 0, T_INT, T_FD, T_SOLEVEL, T_SONAME, T_PTR, T_PTR),
	HOT(gettid, T_INT, T_NONE),
	HOT(gettimeofday, T_INT, T_PTR, T_PTR),
	HOT(getuid, T_INT, T_NONE),
	GOFER(getxattr, SR_ROW_METADATA, SR_H_STAT, T_INT, T_PATH, T_STR, T_BUFOUT, T_UINT),
	GOFER(getxattrat, SR_ROW_METADATA, SR_H_STAT, T_INT, T_DIRFD, T_PATH, T_ATFLAGS, T_STR, T_PTR, T_UINT),
	NEVER(init_module, T_INT, T_PTR, T_UINT, T_STR),
	GOFER(inotify_add_watch, 0, SR_H_STAT, T_INT, T_FD, T_PATH, T_HEX),
	ALLOW(inotify_init, 0, T_FD, T_NONE),
	ALLOW(inotify_init1, 0, T_FD, T_FDFLAGS),
	ALLOW(inotify_rm_watch, 0, T_INT, T_FD, T_INT),
	/* Linux AIO only reads and writes fds the program holds. */
	ALLOW(io_cancel, 0, T_INT, T_HEX, T_PTR, T_PTR),
	ALLOW(io_destroy, 0, T_INT, T_HEX),
	ALLOW(io_getevents, 0, T_INT, T_HEX, T_LONG, T_LONG, T_PTR, T_PTR),
	ALLOW(io_pgetevents, 0, T_INT, T_HEX, T_LONG, T_LONG, T_PTR, T_PTR, T_PTR),
	ALLOW(io_setup, 0, T_INT, T_UINT, T_PTR),
	ALLOW(io_submit, 0, T_INT, T_HEX, T_LONG, T_PTR),
	/* io_uring runs its operations without passing through seccomp. */
	NEVER(io_uring_enter, T_INT, T_FD, T_UINT, T_UINT, T_HEX, T_PTR, T_UINT),
	NEVER(io_uring_register, T_INT, T_FD, T_UINT, T_PTR, T_UINT),
	NEVER(io_uring_setup, T_FD, T_UINT, T_PTR),
	ALLOW(ioctl, SR_ROW_HOT | SR_ROW_ARGRULES, T_INT, T_FD, T_IOCTL, T_HEX),
	NEVER(ioperm, T_INT, T_HEX, T_UINT, T_INT),
	NEVER(iopl, T_INT, T_INT),
	ALLOW(ioprio_get, 0, T_INT, T_INT, T_INT),
	ALLOW(ioprio_set, 0, T_INT, T_INT, T_INT, T_INT),
	/* kcmp needs ptrace-read access to both tasks and only says whether
	 * two of their objects are the same; Mesa uses it on DRM fds. */
	ALLOW(kcmp, 0, T_INT, T_INT, T_INT, T_INT, T_HEX, T_HEX),
	NEVER(kexec_file_load, T_INT, T_FD, T_FD, T_UINT, T_STR, T_HEX),
	NEVER(kexec_load, T_INT, T_HEX, T_UINT, T_PTR, T_HEX),
	REFUSE(keyctl, 0, T_INT, T_INT, T_HEX, T_HEX, T_HEX, T_HEX),
	CONTINUE(kill, SR_H_KILL, T_INT, T_INT, T_SIG),
	/* A program may restrict itself further, but not where the Gofer or
	 * the Sentry acts for it (sentry/ruleset.c). */
	ALLOW(landlock_add_rule, 0, T_INT, T_FD, T_INT, T_PTR, T_HEX),
	CONTINUE(landlock_create_ruleset, SR_H_LANDLOCK_RULESET, T_FD, T_PTR, T_UINT, T_HEX),
	ALLOW(landlock_restrict_self, 0, T_INT, T_FD, T_HEX),
	GOFER(lchown, 0, SR_H_PATH, T_INT, T_PATH, T_INT, T_INT),
	GOFER(lgetxattr, SR_ROW_METADATA, SR_H_STAT, T_INT, T_PATH, T_STR, T_BUFOUT, T_UINT),
	GOFER(link, 0, SR_H_PATH, T_INT, T_PATH, T_PATH),
	GOFER(linkat, 0, SR_H_PATH, T_INT, T_DIRFD, T_PATH, T_DIRFD, T_PATH, T_ATFLAGS),
	ALLOW(listen, 0, T_INT, T_FD, T_INT),
	/* The sandbox's own mount table, as /proc/self/mountinfo shows it:
	 * the kernel lists and describes only the mounts of the caller's
	 * mount namespace below its root, and another namespace only to a
	 * holder of CAP_SYS_ADMIN over it, which the program is not.  Reads
	 * only, unlike the rest of the mount API; libmount and systemd ask
	 * them before they read mountinfo. */
	ALLOW(listmount, 0, T_INT, T_PTR, T_PTR, T_UINT, T_HEX),
	GOFER(listxattr, SR_ROW_METADATA, SR_H_STAT, T_INT, T_PATH, T_BUFOUT, T_UINT),
	GOFER(listxattrat, SR_ROW_METADATA, SR_H_STAT, T_INT, T_DIRFD, T_PATH, T_ATFLAGS, T_BUFOUT, T_UINT),
	GOFER(llistxattr, SR_ROW_METADATA, SR_H_STAT, T_INT, T_PATH, T_BUFOUT, T_UINT),
	REFUSE(lookup_dcookie, 0, T_INT, T_HEX, T_BUFOUT, T_UINT),
	GOFER(lremovexattr, 0, SR_H_PATH, T_INT, T_PATH, T_STR),
	HOT(lseek, T_INT, T_FD, T_LONG, T_WHENCE),
	GOFER(lsetxattr, 0, SR_H_PATH, T_INT, T_PATH, T_STR, T_BUFIN, T_UINT, T_HEX),
	/* The caller's own LSM attributes (what /proc/self/attr shows it), and
	 * which LSMs the kernel runs (what any program can tell from
	 * /proc/self/attr): nothing of another process or of the host's
	 * files.  Changing its own label is refused, as a write to
	 * /proc/self/attr would be by the LSM's policy anyway, and a profile
	 * that wants it must say so. */
	ALLOW(lsm_get_self_attr, 0, T_INT, T_UINT, T_PTR, T_PTR, T_HEX),
	ALLOW(lsm_list_modules, 0, T_INT, T_PTR, T_PTR, T_HEX),
	REFUSE(lsm_set_self_attr, 0, T_INT, T_UINT, T_PTR, T_UINT, T_HEX),
	GOFER(lstat, SR_ROW_METADATA, SR_H_STAT, T_INT, T_PATH, T_STATOUT),
	HOT(madvise, T_INT, T_PTR, T_UINT, T_MADV),
	/* A new shadow stack in the caller's own memory (CET). */
	ALLOW(map_shadow_stack, 0, T_PTR, T_PTR, T_UINT, T_HEX),
	ALLOW(mbind, 0, T_INT, T_PTR, T_UINT, T_INT, T_PTR, T_UINT, T_HEX),
	ALLOW(membarrier, 0, T_INT, T_INT, T_HEX, T_INT),
	ALLOW(memfd_create, 0, T_FD, T_STR, T_HEX),
	ALLOW(memfd_secret, 0, T_FD, T_HEX),
	ALLOW(migrate_pages, 0, T_INT, T_INT, T_UINT, T_PTR, T_PTR),
	ALLOW(mincore, 0, T_INT, T_PTR, T_UINT, T_PTR),
	GOFER(mkdir, 0, SR_H_PATH, T_INT, T_PATH, T_MODE),
	GOFER(mkdirat, 0, SR_H_PATH, T_INT, T_DIRFD, T_PATH, T_MODE),
	GOFER(mknod, 0, SR_H_PATH, T_INT, T_PATH, T_MODE, T_HEX),
	GOFER(mknodat, 0, SR_H_PATH, T_INT, T_DIRFD, T_PATH, T_MODE, T_HEX),
	ALLOW(mlock, 0, T_INT, T_PTR, T_UINT),
	ALLOW(mlock2, 0, T_INT, T_PTR, T_UINT, T_HEX),
	ALLOW(mlockall, 0, T_INT, T_HEX),
	HOT(mmap, T_PTR, T_PTR, T_UINT, T_PROT, T_MAPFLAGS, T_FD, T_HEX),
	/* Segment descriptors: Wine and DOSEMU only, and a history of bugs. */
	REFUSE(modify_ldt, 0, T_INT, T_INT, T_PTR, T_UINT),
	NEVER(mount, T_INT, T_STR, T_PATH, T_STR, T_HEX, T_PTR),
	NEVER(mount_setattr, T_INT, T_DIRFD, T_PATH, T_HEX, T_PTR, T_UINT),
	NEVER(move_mount, T_INT, T_DIRFD, T_PATH, T_DIRFD, T_PATH, T_HEX),
	ALLOW(move_pages, 0, T_INT, T_INT, T_UINT, T_PTR, T_PTR, T_PTR, T_HEX),
	HOT(mprotect, T_INT, T_PTR, T_UINT, T_PROT),
	/* POSIX queues live in the sandbox's own ipc namespace. */
	ALLOW(mq_getsetattr, 0, T_INT, T_FD, T_PTR, T_PTR),
	ALLOW(mq_notify, 0, T_INT, T_FD, T_PTR),
	ALLOW(mq_open, 0, T_FD, T_STR, T_OFLAGS, T_MODE, T_PTR),
	ALLOW(mq_timedreceive, 0, T_INT, T_FD, T_BUFOUT, T_UINT, T_PTR, T_PTR),
	ALLOW(mq_timedsend, 0, T_INT, T_FD, T_BUFIN, T_UINT, T_UINT, T_PTR),
	ALLOW(mq_unlink, 0, T_INT, T_STR),
	ALLOW(mremap, 0, T_PTR, T_PTR, T_UINT, T_UINT, T_HEX, T_PTR),
	/* Seals the caller's own mappings against change, as mprotect
	 * changes them. */
	ALLOW(mseal, 0, T_INT, T_PTR, T_UINT, T_HEX),
	ALLOW(msgctl, 0, T_INT, T_INT, T_INT, T_PTR),
	ALLOW(msgget, 0, T_INT, T_HEX, T_HEX),
	ALLOW(msgrcv, 0, T_INT, T_INT, T_PTR, T_UINT, T_LONG, T_HEX),
	ALLOW(msgsnd, 0, T_INT, T_INT, T_PTR, T_UINT, T_HEX),
	ALLOW(msync, 0, T_INT, T_PTR, T_UINT, T_HEX),
	ALLOW(munlock, 0, T_INT, T_PTR, T_UINT),
	ALLOW(munlockall, 0, T_INT, T_NONE),
	HOT(munmap, T_INT, T_PTR, T_UINT),
	/* File handles bypass the path walk and so every path policy. */
	NEVER(name_to_handle_at, T_INT, T_DIRFD, T_PATH, T_PTR, T_PTR, T_ATFLAGS),
	HOT(nanosleep, T_INT, T_TIMESPEC, T_PTR),
	GOFER(newfstatat, SR_ROW_ARGRULES | SR_ROW_METADATA, SR_H_STAT, T_INT, T_DIRFD, T_PATH, T_STATOUT, T_ATFLAGS),
	ABSENT(nfsservctl, T_NONE),
	GOFER(open, 0, SR_H_OPEN, T_FD, T_PATH, T_OFLAGS, T_MODE),
	NEVER(open_by_handle_at, T_FD, T_FD, T_PTR, T_OFLAGS),
	NEVER(open_tree, T_FD, T_DIRFD, T_PATH, T_HEX),
	NEVER(open_tree_attr, T_FD, T_DIRFD, T_PATH, T_HEX, T_PTR, T_UINT),
	GOFER(openat, 0, SR_H_OPEN, T_FD, T_DIRFD, T_PATH, T_OFLAGS, T_MODE),
	GOFER(openat2, 0, SR_H_OPEN, T_FD, T_DIRFD, T_PATH, T_HOW, T_UINT),
	ALLOW(pause, 0, T_INT, T_NONE),
	REFUSE(perf_event_open, 0, T_FD, T_PTR, T_INT, T_INT, T_FD, T_HEX),
	/* Allowed with argument rules, and some values told to the Sentry
	 * (filter.c), whose handler continues them. */
	ROW(personality, SR_DISP_ALLOW, 0, SR_ROW_ARGRULES, SR_H_PERSONALITY, T_HEX, T_HEX),
	/* pidfd_getfd takes another process's fd: as strong as ptrace. */
	REFUSE(pidfd_getfd, 0, T_FD, T_FD, T_FD, T_HEX),
	ALLOW(pidfd_open, SR_ROW_ARGRULES, T_FD, T_INT, T_HEX),
	/* A pidfd names only a process the sandbox can see. */
	RECORDED(pidfd_send_signal, SR_H_PIDFD_SIGNAL, T_INT, T_FD, T_SIG, T_PTR, T_HEX),
	ALLOW(pipe, 0, T_INT, T_PTR),
	ALLOW(pipe2, 0, T_INT, T_PTR, T_FDFLAGS),
	NEVER(pivot_root, T_INT, T_PATH, T_PATH),
	ALLOW(pkey_alloc, 0, T_INT, T_HEX, T_HEX),
	ALLOW(pkey_free, 0, T_INT, T_INT),
	ALLOW(pkey_mprotect, 0, T_INT, T_PTR, T_UINT, T_PROT, T_INT),
	HOT(poll, T_INT, T_POLLFDS, T_UINT, T_INT),
	HOT(ppoll, T_INT, T_POLLFDS, T_UINT, T_TIMESPEC, T_SIGSET, T_UINT),
	ALLOW(prctl, SR_ROW_ARGRULES, T_INT, T_PRCTL, T_HEX, T_HEX, T_HEX, T_HEX),
	HOT(pread64, T_INT, T_FD, T_BUFOUT, T_UINT, T_LONG),
	ALLOW(preadv, 0, T_INT, T_FD, T_PTR, T_INT, T_LONG, T_LONG),
	ALLOW(preadv2, 0, T_INT, T_FD, T_PTR, T_INT, T_LONG, T_LONG, T_HEX),
	ALLOW(prlimit64, 0, T_INT, T_INT, T_RLIMRES, T_RLIMIT, T_PTR),
	ALLOW(process_madvise, 0, T_INT, T_FD, T_PTR, T_UINT, T_MADV, T_HEX),
	ALLOW(process_mrelease, 0, T_INT, T_FD, T_HEX),
	REFUSE(process_vm_readv, 0, T_INT, T_INT, T_PTR, T_UINT, T_PTR, T_UINT, T_HEX),
	REFUSE(process_vm_writev, 0, T_INT, T_INT, T_PTR, T_UINT, T_PTR, T_UINT, T_HEX),
	HOT(pselect6, T_INT, T_INT, T_FDSET, T_FDSET, T_FDSET, T_TIMESPEC, T_PTR),
	REFUSE(ptrace, 0, T_INT, T_LONG, T_LONG, T_PTR, T_PTR),
	ABSENT(putpmsg, T_NONE),
	HOT(pwrite64, T_INT, T_FD, T_BUFIN, T_UINT, T_LONG),
	ALLOW(pwritev, 0, T_INT, T_FD, T_IOVIN, T_INT, T_LONG, T_LONG),
	ALLOW(pwritev2, 0, T_INT, T_FD, T_IOVIN, T_INT, T_LONG, T_LONG, T_HEX),
	ABSENT(query_module, T_STR, T_INT, T_PTR, T_UINT, T_PTR),
	REFUSE(quotactl, 0, T_INT, T_HEX, T_PATH, T_INT, T_PTR),
	REFUSE(quotactl_fd, 0, T_INT, T_FD, T_HEX, T_INT, T_PTR),
	HOT(read, T_INT, T_FD, T_BUFOUT, T_UINT),
	ALLOW(readahead, 0, T_INT, T_FD, T_LONG, T_UINT),
	GOFER(readlink, SR_ROW_METADATA, SR_H_STAT, T_INT, T_PATH, T_BUFOUT, T_UINT),
	GOFER(readlinkat, SR_ROW_METADATA, SR_H_STAT, T_INT, T_DIRFD, T_PATH, T_BUFOUT, T_UINT),
	HOT(readv, T_INT, T_FD, T_PTR, T_INT),
	NEVER(reboot, T_INT, T_HEX, T_HEX, T_HEX, T_PTR),
	HOT(recvfrom, T_INT, T_FD, T_BUFOUT, T_UINT, T_MSGFLAGS, T_PTR, T_PTR),
	ALLOW(recvmmsg, 0, T_INT, T_FD, T_PTR, T_UINT, T_MSGFLAGS, T_PTR),
	HOT(recvmsg, T_INT, T_FD, T_PTR, T_MSGFLAGS),
	ALLOW(remap_file_pages, 0, T_INT, T_PTR, T_UINT, T_PROT, T_UINT, T_HEX),
	GOFER(removexattr, 0, SR_H_PATH, T_INT, T_PATH, T_STR),
	GOFER(removexattrat, 0, SR_H_PATH, T_INT, T_DIRFD, T_PATH, T_ATFLAGS, T_STR),
	GOFER(rename, 0, SR_H_PATH, T_INT, T_PATH, T_PATH),
	GOFER(renameat, 0, SR_H_PATH, T_INT, T_DIRFD, T_PATH, T_DIRFD, T_PATH),
	GOFER(renameat2, 0, SR_H_PATH, T_INT, T_DIRFD, T_PATH, T_DIRFD, T_PATH, T_RENAME),
	REFUSE(request_key, 0, T_INT, T_STR, T_STR, T_STR, T_INT),
	HOT(restart_syscall, T_INT, T_NONE),
	GOFER(rmdir, 0, SR_H_PATH, T_INT, T_PATH),
	ALLOW(rseq, 0, T_INT, T_PTR, T_UINT, T_HEX, T_HEX),
	HOT(rt_sigaction, T_INT, T_SIG, T_SIGACT, T_PTR, T_UINT),
	ALLOW(rt_sigpending, 0, T_INT, T_PTR, T_UINT),
	HOT(rt_sigprocmask, T_INT, T_HOWMASK, T_SIGSET, T_PTR, T_UINT),
	CONTINUE(rt_sigqueueinfo, SR_H_KILL, T_INT, T_INT, T_SIG, T_PTR),
	ROW(rt_sigreturn, SR_DISP_ALLOW, 0, SR_ROW_HOT | SR_ROW_NORETURN, SR_H_NONE, T_INT, T_NONE),
	ALLOW(rt_sigsuspend, 0, T_INT, T_SIGSET, T_UINT),
	ALLOW(rt_sigtimedwait, 0, T_INT, T_SIGSET, T_PTR, T_TIMESPEC, T_UINT),
	CONTINUE(rt_tgsigqueueinfo, SR_H_KILL, T_INT, T_INT, T_INT, T_SIG, T_PTR),
	ALLOW(sched_get_priority_max, 0, T_INT, T_INT),
	ALLOW(sched_get_priority_min, 0, T_INT, T_INT),
	ALLOW(sched_getaffinity, 0, T_INT, T_INT, T_UINT, T_PTR),
	ALLOW(sched_getattr, 0, T_INT, T_INT, T_PTR, T_UINT, T_HEX),
	ALLOW(sched_getparam, 0, T_INT, T_INT, T_PTR),
	ALLOW(sched_getscheduler, 0, T_INT, T_INT),
	ALLOW(sched_rr_get_interval, 0, T_INT, T_INT, T_PTR),
	ALLOW(sched_setaffinity, 0, T_INT, T_INT, T_UINT, T_PTR),
	ALLOW(sched_setattr, 0, T_INT, T_INT, T_PTR, T_HEX),
	ALLOW(sched_setparam, 0, T_INT, T_INT, T_PTR),
	ALLOW(sched_setscheduler, 0, T_INT, T_INT, T_INT, T_PTR),
	HOT(sched_yield, T_INT, T_NONE),
	ALLOW(seccomp, SR_ROW_ARGRULES, T_INT, T_UINT, T_HEX, T_PTR),
	ABSENT(security, T_NONE),
	HOT(select, T_INT, T_INT, T_FDSET, T_FDSET, T_FDSET, T_TIMEVAL),
	/* System V IPC lives in the sandbox's own ipc namespace. */
	ALLOW(semctl, 0, T_INT, T_INT, T_INT, T_INT, T_HEX),
	ALLOW(semget, 0, T_INT, T_HEX, T_INT, T_HEX),
	ALLOW(semop, 0, T_INT, T_INT, T_PTR, T_UINT),
	ALLOW(semtimedop, 0, T_INT, T_INT, T_PTR, T_UINT, T_PTR),
	ALLOW(sendfile, 0, T_INT, T_FD, T_FD, T_PTR, T_UINT),
	NETADDR(sendmmsg, T_INT, T_FD, T_PTR, T_UINT, T_MSGFLAGS),
	NETADDR(sendmsg, T_INT, T_FD, T_PTR, T_MSGFLAGS),
	NETADDR(sendto, T_INT, T_FD, T_BUFIN, T_UINT, T_MSGFLAGS, T_SOCKADDR, T_UINT),
	ALLOW(set_mempolicy, 0, T_INT, T_INT, T_PTR, T_UINT),
	ALLOW(set_mempolicy_home_node, 0, T_INT, T_PTR, T_UINT, T_UINT, T_HEX),
	ALLOW(set_robust_list, 0, T_INT, T_PTR, T_UINT),
	ABSENT(set_thread_area, T_PTR),
	ALLOW(set_tid_address, 0, T_INT, T_PTR),
	EMULATE(setdomainname, SR_H_SETHOSTNAME, T_INT, T_BUFIN, T_UINT),
	/* Identity changes: the user namespace's id maps bound them. */
	ALLOW(setfsgid, 0, T_INT, T_INT),
	ALLOW(setfsuid, 0, T_INT, T_INT),
	ALLOW(setgid, SR_ROW_ARGRULES, T_INT, T_INT),
	ALLOW(setgroups, 0, T_INT, T_INT, T_PTR),
	EMULATE(sethostname, SR_H_SETHOSTNAME, T_INT, T_BUFIN, T_UINT),
	ALLOW(setitimer, 0, T_INT, T_INT, T_PTR, T_PTR),
	NEVER(setns, T_INT, T_FD, T_CLONE),
	ALLOW(setpgid, 0, T_INT, T_INT, T_INT),
	ALLOW(setpriority, 0, T_INT, T_INT, T_INT, T_INT),
	ALLOW(setregid, SR_ROW_ARGRULES, T_INT, T_INT, T_INT),
	ALLOW(setresgid, SR_ROW_ARGRULES, T_INT, T_INT, T_INT, T_INT),
	ALLOW(setresuid, SR_ROW_ARGRULES, T_INT, T_INT, T_INT, T_INT),
	ALLOW(setreuid, SR_ROW_ARGRULES, T_INT, T_INT, T_INT),
	ALLOW(setrlimit, 0, T_INT, T_RLIMRES, T_RLIMIT),
	ALLOW(setsid, 0, T_INT, T_NONE),
	ALLOW(setsockopt, SR_ROW_ARGRULES, T_INT, T_FD, T_SOLEVEL, T_SONAME, T_SOVALUE, T_UINT),
	REFUSE(settimeofday, 0, T_INT, T_PTR, T_PTR),
	ALLOW(setuid, SR_ROW_ARGRULES, T_INT, T_INT),
	GOFER(setxattr, 0, SR_H_PATH, T_INT, T_PATH, T_STR, T_BUFIN, T_UINT, T_HEX),
	GOFER(setxattrat, 0, SR_H_PATH, T_INT, T_DIRFD, T_PATH, T_ATFLAGS, T_STR, T_PTR, T_UINT),
	ALLOW(shmat, 0, T_PTR, T_INT, T_PTR, T_HEX),
	ALLOW(shmctl, 0, T_INT, T_INT, T_INT, T_PTR),
	ALLOW(shmdt, 0, T_INT, T_PTR),
	ALLOW(shmget, 0, T_INT, T_HEX, T_UINT, T_HEX),
	ALLOW(shutdown, 0, T_INT, T_FD, T_INT),
	ALLOW(sigaltstack, 0, T_INT, T_SIGSTACK, T_PTR),
	ALLOW(signalfd, 0, T_FD, T_FD, T_SIGSET, T_UINT),
	ALLOW(signalfd4, 0, T_FD, T_FD, T_SIGSET, T_UINT, T_FDFLAGS),
	/* Families and types by argument rules (filter.c). */
	ALLOW(socket, SR_ROW_ARGRULES, T_FD, T_FAMILY, T_SOCKTYPE, T_SOCKPROTO),
	ALLOW(socketpair, SR_ROW_ARGRULES, T_INT, T_FAMILY, T_SOCKTYPE, T_SOCKPROTO, T_PTR),
	ALLOW(splice, 0, T_INT, T_FD, T_PTR, T_FD, T_PTR, T_UINT, T_HEX),
	GOFER(stat, SR_ROW_METADATA, SR_H_STAT, T_INT, T_PATH, T_STATOUT),
	GOFER(statfs, SR_ROW_METADATA, SR_H_STAT, T_INT, T_PATH, T_PTR),
	ALLOW(statmount, 0, T_INT, T_PTR, T_PTR, T_UINT, T_HEX),
	GOFER(statx, SR_ROW_ARGRULES | SR_ROW_METADATA, SR_H_STAT, T_INT, T_DIRFD, T_PATH, T_ATFLAGS, T_STATXMASK, T_STATXOUT),
	NEVER(swapoff, T_INT, T_PATH),
	NEVER(swapon, T_INT, T_PATH, T_HEX),
	/* The target of a symlink is stored, not resolved: a string. */
	GOFER(symlink, 0, SR_H_PATH, T_INT, T_STR, T_PATH),
	GOFER(symlinkat, 0, SR_H_PATH, T_INT, T_STR, T_DIRFD, T_PATH),
	ALLOW(sync, 0, T_INT, T_NONE),
	ALLOW(sync_file_range, 0, T_INT, T_FD, T_LONG, T_LONG, T_HEX),
	ALLOW(syncfs, 0, T_INT, T_FD),
	/* Obsolete: lists the host's filesystem types. */
	ABSENT(sysfs, T_INT, T_HEX, T_HEX),
	ALLOW(sysinfo, 0, T_INT, T_PTR),
	REFUSE(syslog, 0, T_INT, T_INT, T_BUFOUT, T_INT),
	ALLOW(tee, 0, T_INT, T_FD, T_FD, T_UINT, T_HEX),
	CONTINUE(tgkill, SR_H_KILL, T_INT, T_INT, T_INT, T_SIG),
	HOT(time, T_INT, T_PTR),
	ALLOW(timer_create, 0, T_INT, T_CLOCK, T_PTR, T_PTR),
	ALLOW(timer_delete, 0, T_INT, T_INT),
	ALLOW(timer_getoverrun, 0, T_INT, T_INT),
	ALLOW(timer_gettime, 0, T_INT, T_INT, T_PTR),
	ALLOW(timer_settime, 0, T_INT, T_INT, T_TIMERFLAGS, T_PTR, T_PTR),
	ALLOW(timerfd_create, 0, T_FD, T_CLOCK, T_FDFLAGS),
	ALLOW(timerfd_gettime, 0, T_INT, T_FD, T_PTR),
	ALLOW(timerfd_settime, 0, T_INT, T_FD, T_HEX, T_PTR, T_PTR),
	ALLOW(times, 0, T_INT, T_PTR),
	CONTINUE(tkill, SR_H_KILL, T_INT, T_INT, T_SIG),
	GOFER(truncate, 0, SR_H_PATH, T_INT, T_PATH, T_LONG),
	ABSENT(tuxcall, T_NONE),
	/* The Sentry keeps each task's umask (sentry/umask.h). */
	CONTINUE(umask, SR_H_UMASK, T_HEX, T_MODE),
	NEVER(umount2, T_INT, T_PATH, T_HEX),
	EMULATE(uname, SR_H_UNAME, T_INT, T_PTR),
	GOFER(unlink, 0, SR_H_PATH, T_INT, T_PATH),
	GOFER(unlinkat, 0, SR_H_PATH, T_INT, T_DIRFD, T_PATH, T_ATFLAGS),
	ALLOW(unshare, SR_ROW_ARGRULES, T_INT, T_CLONE),
	ABSENT(uselib, T_PATH),
	/* Refused unless UFFD_USER_MODE_ONLY (filter.c): faults the kernel
	 * takes on the program's memory must not be stretched at will. */
	REFUSE(userfaultfd, SR_ROW_ARGRULES, T_FD, T_HEX),
	/* Obsolete, and answers for any device number on the host. */
	ABSENT(ustat, T_HEX, T_PTR),
	GOFER(utime, 0, SR_H_PATH, T_INT, T_PATH, T_PTR),
	GOFER(utimensat, SR_ROW_ARGRULES, SR_H_PATH, T_INT, T_DIRFD, T_PATH, T_PTR, T_ATFLAGS),
	GOFER(utimes, 0, SR_H_PATH, T_INT, T_PATH, T_PTR),
	ALLOW(vfork, 0, T_INT, T_NONE),
	REFUSE(vhangup, 0, T_INT, T_NONE),
	ALLOW(vmsplice, 0, T_INT, T_FD, T_PTR, T_UINT, T_HEX),
	ABSENT(vserver, T_NONE),
	ALLOW(wait4, 0, T_INT, T_INT, T_PTR, T_WAITOPTS, T_PTR),
	ALLOW(waitid, 0, T_INT, T_IDTYPE, T_INT, T_PTR, T_WAITOPTS, T_PTR),
	HOT(write, T_INT, T_FD, T_BUFIN, T_UINT),
	HOT(writev, T_INT, T_FD, T_IOVIN, T_INT),
};

const size_t sr_syscall_nrows = SR_ARRAY_SIZE(sr_syscall_rows);

/* Native x86-64 numbers stay well below this (x32 ones carry bit 30 and
 * have no row): a number at or above it has no row. */
#define SR_TABLE_NR_LIMIT 1024

static const struct sr_syscall_row *rows_by_nr[SR_TABLE_NR_LIMIT];
static int nr_of_row[SR_ARRAY_SIZE(sr_syscall_rows)];
static bool table_ready;

int sr_table_init(void)
{
	if (table_ready)
		return 0;
	for (size_t i = 0; i < sr_syscall_nrows; i++) {
		int nr = sr_syscall_nr(sr_syscall_rows[i].name);
		if (nr < 0 || nr >= SR_TABLE_NR_LIMIT || rows_by_nr[nr] != NULL) {
			memset(rows_by_nr, 0, sizeof(rows_by_nr));
			errno = ENOENT;
			return -1;
		}
		rows_by_nr[nr] = &sr_syscall_rows[i];
		nr_of_row[i] = nr;
	}
	table_ready = true;
	return 0;
}

const struct sr_syscall_row *sr_table_by_nr(int nr)
{
	if (nr < 0 || nr >= SR_TABLE_NR_LIMIT)
		return NULL;
	return rows_by_nr[nr];
}

static int compare_name_to_row(const void *key, const void *member)
{
	const struct sr_syscall_row *row = member;
	return strcmp(key, row->name);
}

const struct sr_syscall_row *sr_table_by_name(const char *name)
{
	return bsearch(name, sr_syscall_rows, sr_syscall_nrows,
		       sizeof(sr_syscall_rows[0]), compare_name_to_row);
}

int sr_table_nr(const struct sr_syscall_row *row)
{
	if (table_ready)
		return nr_of_row[row - sr_syscall_rows];
	return sr_syscall_nr(row->name);
}

enum sr_disposition sr_row_disposition(const struct sr_syscall_row *row, const struct sr_row_context *ctx)
{
	if ((row->flags & SR_ROW_NET_HOST) && ctx->net_emulated)
		return SR_DISP_EMULATE;
	if ((row->flags & SR_ROW_METADATA) && ctx->metadata_in_kernel)
		return SR_DISP_ALLOW;
	return row->disp;
}

bool sr_row_allowed_with_rules(const struct sr_syscall_row *row, const struct sr_row_context *ctx)
{
	return (row->flags & SR_ROW_ARGRULES) && row->disp == SR_DISP_ALLOW &&
	       sr_row_disposition(row, ctx) == SR_DISP_ALLOW;
}
