/* How --strace decodes one syscall argument.  The syscall table names a
 * type for each argument; the decoder (strace.c) knows how to print it. */
#ifndef SENTRY_RUN_ARGTYPES_H
#define SENTRY_RUN_ARGTYPES_H

enum sr_argtype {
	SR_ARG_NONE = 0,     /* no such argument */
	SR_ARG_INT,          /* signed decimal: an int, pid_t, uid_t (the low 32 bits) */
	SR_ARG_LONG,         /* signed decimal: a long, off_t, loff_t (all 64 bits) */
	SR_ARG_UINT,         /* unsigned decimal (sizes, counts) */
	SR_ARG_HEX,          /* hex: masks and opaque values */
	SR_ARG_PTR,          /* a pointer printed as an address */
	SR_ARG_FD,           /* an fd */
	SR_ARG_DIRFD,        /* an fd or AT_FDCWD */
	SR_ARG_PATH,         /* a NUL-terminated string read from the program */
	SR_ARG_STRING,       /* a NUL-terminated string (not a path) */
	SR_ARG_BUF_IN,       /* bytes the program writes: (ptr, next arg = len) */
	SR_ARG_BUF_OUT,      /* bytes the kernel fills in: printed at exit */
	SR_ARG_OPEN_FLAGS,   /* O_* */
	SR_ARG_MODE,         /* octal mode */
	SR_ARG_AT_FLAGS,     /* AT_* */
	SR_ARG_PROT,         /* PROT_* */
	SR_ARG_MAP_FLAGS,    /* MAP_* */
	SR_ARG_CLONE_FLAGS,  /* CLONE_* */
	SR_ARG_SIGNAL,       /* a signal number */
	SR_ARG_SOCKADDR,     /* (ptr, next arg = len) socket address */
	SR_ARG_STRING_ARRAY, /* argv/envp */
	SR_ARG_IOCTL_REQ,    /* an ioctl request */
	SR_ARG_FCNTL_CMD,    /* F_* */
	SR_ARG_PRCTL_OPT,    /* PR_* */
	SR_ARG_SOCK_FAMILY,  /* AF_* */
	SR_ARG_SOCK_TYPE,    /* SOCK_* with flags */
	SR_ARG_WHENCE,       /* SEEK_* */
	SR_ARG_FUTEX_OP,     /* FUTEX_* */
	SR_ARG_ACCESS_MODE,  /* R_OK|W_OK|X_OK|F_OK */
	SR_ARG_RENAME_FLAGS, /* RENAME_* */
	SR_ARG_OPEN_HOW,     /* struct open_how * (openat2) */
	SR_ARG_FD_FLAGS,     /* O_CLOEXEC, O_NONBLOCK...: open flags with no access mode (pipe2, dup3,
	                        and the *_CLOEXEC, *_NONBLOCK of eventfd2, epoll_create1... which equal them) */
	SR_ARG_SOCK_FLAGS,   /* SOCK_NONBLOCK|SOCK_CLOEXEC (accept4) */
	SR_ARG_FCNTL_ARG,    /* fcntl's third argument, decoded by the command before it */
	SR_ARG_STATX_MASK,   /* STATX_* */
	SR_ARG_SIGMASK_HOW,  /* SIG_BLOCK, SIG_UNBLOCK, SIG_SETMASK */
	SR_ARG_MADVISE,      /* MADV_* */
	SR_ARG_MSG_FLAGS,    /* MSG_* of the send and receive calls */
	SR_ARG_SIGSET,       /* a kernel sigset_t the program passes: [INT TERM] */
	SR_ARG_SIGACTION,    /* a kernel struct sigaction the program passes */
	SR_ARG_ARCH_PRCTL,   /* ARCH_* */
	SR_ARG_RLIMIT_RES,   /* RLIMIT_* */
	SR_ARG_RLIMIT,       /* a struct rlimit the program passes */
	SR_ARG_CLOCKID,      /* CLOCK_* */
	SR_ARG_TIMER_FLAGS,  /* TIMER_ABSTIME */
	SR_ARG_RANDOM_FLAGS, /* GRND_* */
	SR_ARG_WAIT_OPTIONS, /* WNOHANG, WEXITED, __WALL... */
	SR_ARG_IDTYPE,       /* P_* of waitid */
	SR_ARG_STAT_OUT,     /* struct stat the kernel fills in: printed at exit */
	SR_ARG_STATX_OUT,    /* struct statx the kernel fills in: printed at exit */
	SR_ARG_SOCKOPT_LEVEL, /* SOL_* */
	SR_ARG_SOCKOPT_NAME, /* SO_*, TCP_*...: decoded by the level before it */
	SR_ARG_SOCKOPT_VALUE, /* (ptr, next arg = len) an option's value: [1] for an int */
	SR_ARG_POLLFDS,      /* (ptr, next arg = nfds) struct pollfd[] the program passes */
	SR_ARG_TIMESPEC,     /* a struct timespec the program passes */
	SR_ARG_TIMEVAL,      /* a struct timeval the program passes */
	SR_ARG_FDSET,        /* an fd_set of select: its size is the first argument (nfds) */
	SR_ARG_FUTEX_TIMEOUT, /* futex's 4th: a timespec for a wait, else a count (val2) */
	SR_ARG_FUTEX_VAL3,   /* futex's 6th: a bitset for the *_BITSET operations */
	SR_ARG_SOCK_PROTO,   /* IPPROTO_*, NETLINK_*: decoded by the family two before it */
	SR_ARG_IOVEC_IN,     /* (ptr, next arg = count) struct iovec[] the program writes from */
	SR_ARG_EPOLL_OP,     /* EPOLL_CTL_* */
	SR_ARG_EPOLL_EVENT,  /* a struct epoll_event the program passes */
	SR_ARG_SIGSTACK,     /* a stack_t the program passes (sigaltstack) */
	SR_ARG_TYPES_END,    /* not a type: every type is below it */
};

#define SR_SYSCALL_MAX_ARGS 6

#endif
