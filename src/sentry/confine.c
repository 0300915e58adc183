/* The Sentry confines itself once set up (DESIGN §3 invariant 3): a
 * compromised Sentry cannot exec, trace, mount or open host files. */
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <sched.h>
#include <seccomp.h>
#include <stdbool.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "compat.h"
#include "sentry/sentry.h"
#include "sysnr.h"

/* What the Sentry never needs once it serves notifications.  connect
 * and bind are not here: with --net=host the Sentry makes them on its
 * copies of the program's sockets (net.c), as it does sendto and sendmsg.
 * socket() stays forbidden, so it can only act on sockets the program
 * made, with the program's own family and type: a compromised Sentry
 * cannot open one of its own, and the sockets it borrows already reach
 * whatever the program's could. */
static const char *const sr_sentry_forbidden[] = {
	"execve", "execveat", "ptrace", "mount", "umount2", "pivot_root",
	"setns", "chroot", "fsopen", "fsmount", "fsconfig", "fspick", "move_mount",
	"open_tree", "mount_setattr", "open_by_handle_at", "name_to_handle_at",
	"bpf", "perf_event_open", "io_uring_setup", "io_uring_enter", "io_uring_register",
	"kexec_load", "kexec_file_load", "init_module", "finit_module", "delete_module",
	"keyctl", "add_key", "request_key", "userfaultfd", "socket", "socketpair",
	"listen", "accept", "accept4", "setuid", "setgid",
	"setreuid", "setregid", "setresuid", "setresgid", "setgroups", "chown",
	"fchown", "lchown", "fchownat", "mknod", "mknodat", "link", "linkat", "symlink",
	"symlinkat", "unlink", "unlinkat", "rename", "renameat", "renameat2", "rmdir",
	"mkdir", "mkdirat", "truncate", "chmod", "fchmodat", "fchmodat2", "setxattr", "lsetxattr",
	"setxattrat", "removexattr", "lremovexattr", "removexattrat", "utime", "utimes", "futimesat",
	"utimensat", "file_setattr", "open_tree_attr", "lsm_set_self_attr", "swapon", "swapoff",
	"reboot", "acct", "personality",
};

/* A build for the tests, under ASan and UBSan (configure --enable-sanitizers). */
#ifdef SR_SANITIZED
static const bool sr_sanitized = true;
#else
static const bool sr_sanitized = false;
#endif

/* Every capability goes but CAP_SYS_PTRACE, held in the sandbox's user
 * namespace only (it is joined first): a program that made itself
 * non-dumpable (sftp-server does) must still have its arguments read.
 * Over the host's processes it gives nothing, and ptrace(2) itself is
 * in the forbidden list above.
 *
 * No file system but /proc.  Joining the sandbox's user namespace gives
 * the Sentry CAP_SYS_CHROOT there for the chroot, and keeps the kernel's
 * ptrace check satisfied (the program is in the same namespace, with no
 * capability we lack); every host process, the launcher included, is
 * then out of its reach, and /proc/PID/root of those leads nowhere.  Not
 * Landlock: a Landlock domain may only trace processes inside it, which
 * would forbid process_vm_readv on the program. */
static int sr_chroot_proc(int userns_fd, struct sr_error *err)
{
	if (setns(userns_fd, CLONE_NEWUSER) < 0) {
		if (errno == ESRCH)
			return SR_CONFINE_PROGRAM_GONE;
		return sr_fail(err, errno, "Sentry: cannot join the sandbox's user namespace");
	}
	close(userns_fd);
	if (chroot("/proc") < 0 || chdir("/") < 0)
		return sr_fail(err, errno, "Sentry: cannot make /proc its root");
	return 0;
}

static int sr_seccomp_self(struct sr_error *err)
{
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
	int rc;

	if (ctx == NULL)
		return sr_fail(err, ENOMEM, "Sentry: seccomp_init");
	/* Another architecture is always an attack. */
	rc = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS);
	/* A binary tree: every ioctl of the notification path passes here. */
	if (rc == 0)
		rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2);
	if (rc < 0) {
		seccomp_release(ctx);
		return sr_fail(err, -rc, "Sentry: cannot set its own seccomp filter's attributes");
	}
	if (sr_seccomp_deny_names(ctx, SCMP_ACT_KILL_PROCESS, sr_sentry_forbidden, SR_ARRAY_SIZE(sr_sentry_forbidden),
				  err) < 0) {
		seccomp_release(ctx);
		return sr_error_wrap(err, "Sentry: its own seccomp filter");
	}
	/* Each worker takes an fs_struct of its own, for a umask of its own
	 * (loop.c); its root stays /proc.  No namespace. */
	if (rc == 0)
		rc = seccomp_rule_add(ctx, SCMP_ACT_KILL_PROCESS, SCMP_SYS(unshare), 1,
				      SCMP_A0_64(SCMP_CMP_NE, (uint64_t)CLONE_FS));
	/* Files: only reads, and only through openat (its root is /proc).
	 * A sanitized build (tests only) reports an error after reading
	 * /proc/self/maps with open(2): that fails there, rather than
	 * killing the Sentry before the report reaches stderr. */
	if (rc == 0)
		rc = seccomp_rule_add(ctx, sr_sanitized ? SCMP_ACT_ERRNO(ENOENT) : SCMP_ACT_KILL_PROCESS,
				      SCMP_SYS(open), 0);
	if (rc == 0)
		rc = seccomp_rule_add(ctx, SCMP_ACT_KILL_PROCESS, SCMP_SYS(creat), 0);
	/* openat2's flags are out of the filter's reach: refused, with the
	 * ENOSYS of an older kernel, on which the path resolver that net.c
	 * uses (gofer/resolve.h) walks with openat instead. */
	if (rc == 0)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(openat2), 0);
	if (rc == 0)
		rc = seccomp_rule_add(ctx, SCMP_ACT_KILL_PROCESS, SCMP_SYS(openat), 1,
				      SCMP_A2_32(SCMP_CMP_MASKED_EQ, O_ACCMODE, O_WRONLY));
	if (rc == 0)
		rc = seccomp_rule_add(ctx, SCMP_ACT_KILL_PROCESS, SCMP_SYS(openat), 1,
				      SCMP_A2_32(SCMP_CMP_MASKED_EQ, O_ACCMODE, O_RDWR));
	if (rc == 0)
		rc = seccomp_rule_add(ctx, SCMP_ACT_KILL_PROCESS, SCMP_SYS(openat), 1,
				      SCMP_A2_32(SCMP_CMP_MASKED_EQ, O_CREAT, O_CREAT));
	if (rc == 0)
		rc = seccomp_load(ctx);
	seccomp_release(ctx);
	if (rc < 0)
		return sr_fail(err, -rc, "Sentry: cannot load its own seccomp filter");
	return 0;
}

int sr_sentry_confine(int userns_fd, struct sr_error *err)
{
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return sr_fail(err, errno, "Sentry: PR_SET_NO_NEW_PRIVS");
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
		return sr_fail(err, errno, "Sentry: PR_SET_DUMPABLE");
	int rc = sr_chroot_proc(userns_fd, err);
	if (rc != 0)
		return rc;
	if (sr_drop_capabilities(CAP_SYS_PTRACE, err) < 0 || sr_seccomp_self(err) < 0)
		return -1;
	return 0;
}
