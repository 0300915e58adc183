/* Constants that Linux 6.1 headers (Debian 12) lack.  Everything newer
 * than the build headers is defined here, once, and probed at run time. */
#ifndef SENTRY_RUN_COMPAT_H
#define SENTRY_RUN_COMPAT_H

#include <linux/seccomp.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>

#ifndef SYS_close_range
#define SYS_close_range 436
#endif
#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_pidfd_getfd
#define SYS_pidfd_getfd 438
#endif
/* Linux 6.9: a pidfd of one thread (pidfd_getfd then takes from that
 * thread's fd table, and a signal goes to that thread). */
#ifndef PIDFD_THREAD
#define PIDFD_THREAD 00000200   /* O_EXCL */
#endif
/* Linux 6.9: pidfds are files of their own file system, pidfs. */
#ifndef PID_FS_MAGIC
#define PID_FS_MAGIC 0x50494446
#endif
#ifndef SYS_pidfd_send_signal
#define SYS_pidfd_send_signal 424
#endif
/* System calls newer than the 6.1 headers, with the x86-64 numbers of
 * the kernel's arch/x86/entry/syscalls/syscall_64.tbl and the release
 * that added them.  libseccomp 2.5.4 resolves the names up to
 * futex_requeue only: the syscall table (sentry/table.c) takes the
 * number from here for a name libseccomp does not know. */
#ifndef SYS_cachestat
#define SYS_cachestat 451            /* 6.5 */
#endif
/* fchmodat with flags (AT_SYMLINK_NOFOLLOW, AT_EMPTY_PATH). */
#ifndef SYS_fchmodat2
#define SYS_fchmodat2 452            /* 6.6 */
#endif
#ifndef SYS_map_shadow_stack
#define SYS_map_shadow_stack 453     /* 6.6 */
#endif
#ifndef SYS_futex_wake
#define SYS_futex_wake 454           /* 6.7 */
#define SYS_futex_wait 455
#define SYS_futex_requeue 456
#endif
#ifndef SYS_statmount
#define SYS_statmount 457            /* 6.8 */
#define SYS_listmount 458
#endif
#ifndef SYS_lsm_get_self_attr
#define SYS_lsm_get_self_attr 459    /* 6.8 */
#define SYS_lsm_set_self_attr 460
#define SYS_lsm_list_modules 461
#endif
#ifndef SYS_mseal
#define SYS_mseal 462                /* 6.10 */
#endif
#ifndef SYS_setxattrat
#define SYS_setxattrat 463           /* 6.13 */
#define SYS_getxattrat 464
#define SYS_listxattrat 465
#define SYS_removexattrat 466
#endif
#ifndef SYS_open_tree_attr
#define SYS_open_tree_attr 467       /* 6.15 */
#endif
#ifndef SYS_file_getattr
#define SYS_file_getattr 468         /* 6.17 */
#define SYS_file_setattr 469
#endif
/* Their names and numbers, for the table. */
#define SR_NEWER_SYSCALLS(X) \
	X(cachestat) X(fchmodat2) X(map_shadow_stack) X(futex_wake) X(futex_wait) \
	X(futex_requeue) X(statmount) X(listmount) X(lsm_get_self_attr) X(lsm_set_self_attr) \
	X(lsm_list_modules) X(mseal) X(setxattrat) X(getxattrat) X(listxattrat) X(removexattrat) \
	X(open_tree_attr) X(file_getattr) X(file_setattr)
/* setxattrat and getxattrat's struct xattr_args (6.13): the value, its
 * size and the XATTR_* flags; the first version is 16 bytes. */
struct sr_xattr_args {
	__u64 value;
	__u32 size;
	__u32 flags;
};
#define SR_XATTR_ARGS_SIZE_VER0 16
#ifndef SYS_mount_setattr
#define SYS_mount_setattr 442
#endif
#ifndef SYS_landlock_create_ruleset
#define SYS_landlock_create_ruleset 444
#define SYS_landlock_add_rule 445
#define SYS_landlock_restrict_self 446
#endif
#ifndef LANDLOCK_CREATE_RULESET_VERSION
#define LANDLOCK_CREATE_RULESET_VERSION (1U << 0)
#endif
/* Linux 6.12 (Landlock ABI 6): scopes, and the ruleset attribute that
 * carries them (6.1 knows only handled_access_fs; the kernel takes the
 * size it is given). */
#ifndef LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET
#define LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET (1ULL << 0)
#define LANDLOCK_SCOPE_SIGNAL (1ULL << 1)
#endif
struct sr_landlock_ruleset_attr {
	__u64 handled_access_fs;
	__u64 handled_access_net;  /* ABI 4 */
	__u64 scoped;              /* ABI 6 */
};

/* The kernel's own errno (linux/errno.h, not for user space) of a call
 * a signal interrupted: on the way out the kernel restarts it when the
 * handler has SA_RESTART or there is none to run (a stop), else makes it
 * EINTR.  A user-notification answer may carry it. */
#define SR_ERESTARTSYS 512

#ifndef SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV
#define SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV (1UL << 5)
#endif
/* Linux 6.6: SECCOMP_IOCTL_NOTIF_SET_FLAGS and its one flag. */
#ifndef SECCOMP_IOCTL_NOTIF_SET_FLAGS
#define SECCOMP_IOCTL_NOTIF_SET_FLAGS SECCOMP_IOW(4, __u64)
#endif
#ifndef SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP
#define SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP (1UL << 0)
#endif
#ifndef SECCOMP_ADDFD_FLAG_SEND
#define SECCOMP_ADDFD_FLAG_SEND (1UL << 1)
#endif

#ifndef MOUNT_ATTR_RDONLY
#define MOUNT_ATTR_RDONLY 0x00000001
#define MOUNT_ATTR_NOSUID 0x00000002
#define MOUNT_ATTR_NODEV 0x00000004
#define MOUNT_ATTR_NOEXEC 0x00000008
struct mount_attr {
	unsigned long long attr_set;
	unsigned long long attr_clr;
	unsigned long long propagation;
	unsigned long long userns_fd;
};
#endif
#ifndef AT_RECURSIVE
#define AT_RECURSIVE 0x8000
#endif
/* execveat: would the file run?  It runs nothing (6.14). */
#ifndef AT_EXECVE_CHECK
#define AT_EXECVE_CHECK 0x10000
#endif

#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif

#ifndef PROT_SEM
#define PROT_SEM 0x8   /* asm-generic/mman-common.h; glibc leaves it out */
#endif

/* Kernel values that glibc hides or redefines for user space; --strace
 * shows what the kernel sees. */
#define SR_KERNEL_O_LARGEFILE 00100000  /* glibc's O_LARGEFILE is 0 on x86-64 */
#define SR_KERNEL_SIGRTMIN 32           /* glibc's SIGRTMIN skips two it keeps for itself */
#define SR_KERNEL_SIGRTMAX 64
#define SR_KERNEL_SA_RESTORER 0x04000000 /* glibc sets it itself and does not define it */
#define SR_KERNEL_MAX_ERRNO 4095        /* linux/err.h: results in [-4095, -1] are -errno */

/* The kernel's own (include/net/ipv6.h), in no uapi header: the size of
 * a sockaddr_in6 without sin6_scope_id, which connect, bind and the
 * sends of an IPv6 socket take as well as the whole one. */
#ifndef SIN6_LEN_RFC2133
#define SIN6_LEN_RFC2133 24
#endif

#endif
