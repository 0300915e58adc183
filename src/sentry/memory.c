/* The one way the Sentry reads or writes the program's memory. */
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include "compat.h"
#include "sentry/notif.h"
#include "sentry/trace.h"

#define SR_PAGE_SIZE 4096u

/* Said once a sandbox: see sr_vm_refused. */
static atomic_bool sr_vm_refusal_said;

/* The kernel refuses (EPERM) the memory of a task that runs a file it
 * may execute but not read, owned by ids the sandbox does not map: it
 * makes the process non-dumpable and gives its memory to a user
 * namespace above the sandbox's (exec's would_dump), out of reach of
 * the Sentry's CAP_SYS_PTRACE.  None of the calls whose arguments must
 * be read can then be served; each fails with EPERM, which alone does
 * not say why. */
static void sr_vm_refused(pid_t pid)
{
	struct sr_task_ids ids;

	if (errno != EPERM || atomic_exchange(&sr_vm_refusal_said, true))
		return;
	sr_task_ids(pid, &ids);
	sr_warn("cannot serve process %d (%s): it runs a file it may execute but not read, owned by "
		"a user or group the sandbox does not map, so the kernel keeps its memory from the "
		"Sentry and its system calls fail with EPERM; make the file readable (chmod a+r) to "
		"run it in the sandbox", ids.pid, ids.comm);
	errno = EPERM;
}

static ssize_t sr_vm_read(pid_t pid, uint64_t addr, void *buf, size_t len)
{
	struct iovec local = { .iov_base = buf, .iov_len = len };
	struct iovec remote = { .iov_base = (void *)(uintptr_t)addr, .iov_len = len };
	ssize_t n = process_vm_readv(pid, &local, 1, &remote, 1, 0);

	if (n < 0)
		sr_vm_refused(pid);
	return n;
}

ssize_t sr_notif_read_string(const struct sr_call *call, uint64_t addr, char *buf, size_t size)
{
	size_t got = 0;

	if (size == 0) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if (addr == 0) {
		errno = EFAULT;
		return -1;
	}
	while (got < size) {
		/* Never read across a page boundary in one go: the string may
		 * end just before an unmapped page. */
		uint64_t at = addr + got;
		size_t chunk = SR_PAGE_SIZE - (size_t)(at % SR_PAGE_SIZE);
		if (chunk > size - got)
			chunk = size - got;
		ssize_t n = sr_vm_read((pid_t)call->req->pid, at, buf + got, chunk);
		if (n <= 0) {
			if (n == 0 || errno == EFAULT || errno == EIO)
				errno = EFAULT;
			return -1;
		}
		char *nul = memchr(buf + got, '\0', (size_t)n);
		if (nul != NULL)
			return nul - buf;
		got += (size_t)n;
	}
	buf[size - 1] = '\0';
	errno = ENAMETOOLONG;
	return -1;
}

int sr_notif_read_bytes(const struct sr_call *call, uint64_t addr, void *buf, size_t len)
{
	ssize_t n = sr_vm_read((pid_t)call->req->pid, addr, buf, len);

	if (n < 0)
		return -1;
	if ((size_t)n != len) {
		errno = EFAULT;
		return -1;
	}
	return 0;
}

ssize_t sr_notif_read_readable(const struct sr_call *call, uint64_t addr, void *buf, size_t len)
{
	ssize_t n = sr_vm_read((pid_t)call->req->pid, addr, buf, len);

	/* A copy that stops at a fault says how far it got; one that
	 * faults on its first byte says EFAULT. */
	if (n < 0 && errno == EFAULT)
		return 0;
	return n;
}

int sr_notif_write_bytes(const struct sr_call *call, uint64_t addr, const void *buf, size_t len)
{
	struct iovec local = { .iov_base = (void *)buf, .iov_len = len };
	struct iovec remote = { .iov_base = (void *)(uintptr_t)addr, .iov_len = len };
	ssize_t n = process_vm_writev((pid_t)call->req->pid, &local, 1, &remote, 1, 0);

	if (n < 0) {
		sr_vm_refused((pid_t)call->req->pid);
		return -1;
	}
	if ((size_t)n != len) {
		errno = EFAULT;
		return -1;
	}
	return 0;
}

bool sr_notif_id_valid(const struct sr_call *call)
{
	__u64 id = call->req->id;

	return ioctl(call->sentry->listener, SECCOMP_IOCTL_NOTIF_ID_VALID, &id) == 0;
}

int sr_notif_caller_pidfd(const struct sr_call *call)
{
	int pidfd = sr_task_pidfd((pid_t)call->req->pid);

	if (pidfd >= 0 && !sr_notif_id_valid(call)) {
		close(pidfd);
		pidfd = -1;
	}
	if (pidfd < 0)
		errno = ESRCH;
	return pidfd;
}

/* Said once a sandbox: see sr_notif_fds_unreachable. */
static atomic_bool sr_fds_unreachable_said;

/* Before Linux 6.9 a thread's fds are taken through its leader's pidfd
 * (sr_task_pidfd): a thread with an fd table of its own
 * (unshare(CLONE_FILES)), or whose leader has exited, cannot be served
 * an fd of its own.  -1 with ENOSYS, the Sentry's word for a call it
 * cannot serve, rather than another table's file or no answer. */
static int sr_notif_fds_unreachable(const struct sr_call *call)
{
	struct sr_task_ids ids;

	if (!atomic_exchange(&sr_fds_unreachable_said, true)) {
		sr_task_ids((pid_t)call->req->pid, &ids);
		sr_warn("cannot take an fd of thread %d of process %d (%s): its fd table is not its main "
			"thread's (unshare(CLONE_FILES), or the main thread has exited), which only "
			"PIDFD_THREAD (Linux 6.9) reaches; its calls on an fd that the Sentry serves (%s) fail "
			"with ENOSYS", ids.tid, ids.pid, ids.comm, call->row->name);
	}
	errno = ENOSYS;
	return -1;
}

int sr_notif_take_fd(const struct sr_call *call, int pidfd, int fd)
{
	int taken = (int)syscall(SYS_pidfd_getfd, pidfd, fd, 0);

	if (taken < 0) {
		/* ESRCH with the call pending: not the caller, its leader
		 * is gone (a pidfd of its thread group). */
		if (errno == ESRCH && sr_notif_id_valid(call))
			return sr_notif_fds_unreachable(call);
		return -1;
	}
	if (sr_task_fd_check((pid_t)call->req->pid, taken, fd) < 0) {
		int e = errno;
		close(taken);
		if (!sr_notif_id_valid(call)) {
			errno = ESRCH;
			return -1;
		}
		if (e == EXDEV)
			return sr_notif_fds_unreachable(call);
		errno = e;
		return -1;
	}
	return taken;
}

static int sr_notif_send(struct sr_call *call)
{
	/* The exit line goes out before the reply: once replied, PROGRAM
	 * may exit and the sandbox end before a late line is written. */
	if (call->traced && !call->continued && (call->row->flags & SR_ROW_NORETURN) == 0)
		sr_trace_line(call, true, sr_monotonic_ns() - call->started_ns);
	call->resp->id = call->req->id;
	call->replied = true;
	while (ioctl(call->sentry->listener, SECCOMP_IOCTL_NOTIF_SEND, call->resp) < 0) {
		if (errno == EINTR)
			continue;
		/* ENOENT: the task died or its call was interrupted; the
		 * kernel restarts it as a new notification if it must. */
		call->gone = errno == ENOENT;
		return 0;
	}
	return 0;
}

int sr_notif_reply_errno(struct sr_call *call, int err)
{
	memset(call->resp, 0, sizeof(*call->resp));
	call->resp->error = -err;
	call->result = -err;
	return sr_notif_send(call);
}

int sr_notif_reply_value(struct sr_call *call, int64_t value)
{
	memset(call->resp, 0, sizeof(*call->resp));
	call->resp->val = value;
	call->result = value;
	return sr_notif_send(call);
}

int sr_notif_reply_continue(struct sr_call *call)
{
	memset(call->resp, 0, sizeof(*call->resp));
	call->resp->flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
	call->continued = true;
	return sr_notif_send(call);
}

/* Cleared for good the first time the kernel refuses the flag. */
static atomic_bool sr_addfd_send_works = true;

int sr_notif_reply_fd(struct sr_call *call, int fd, bool cloexec)
{
	struct seccomp_notif_addfd addfd = {
		.id = call->req->id, .srcfd = (__u32)fd,
		.newfd_flags = cloexec ? O_CLOEXEC : 0,
	};
	int newfd;

	if (atomic_load(&sr_addfd_send_works)) {
		addfd.flags = SECCOMP_ADDFD_FLAG_SEND;
		do
			newfd = ioctl(call->sentry->listener, SECCOMP_IOCTL_NOTIF_ADDFD, &addfd);
		while (newfd < 0 && errno == EINTR);
		if (newfd >= 0 || errno != EINVAL) {
			if (newfd < 0 && errno != ENOENT)
				return sr_notif_reply_errno(call, errno);
			/* Replied by the ioctl, or the call is gone (ENOENT).
			 * The exit line follows the reply here: only the reply
			 * tells the fd's number. */
			call->replied = true;
			call->gone = newfd < 0;
			call->result = newfd;
			/* The reply the ioctl sent, for --stats to count: not
			 * what an earlier call left in *resp. */
			memset(call->resp, 0, sizeof(*call->resp));
			call->resp->val = newfd;
			if (newfd >= 0 && call->traced)
				sr_trace_line(call, true, sr_monotonic_ns() - call->started_ns);
			return 0;
		}
		atomic_store(&sr_addfd_send_works, false);
		sr_info("Sentry: no SECCOMP_ADDFD_FLAG_SEND in this kernel (Linux 5.14): an fd is "
			"injected, then the reply sent");
		addfd.flags = 0;
	}
	do
		newfd = ioctl(call->sentry->listener, SECCOMP_IOCTL_NOTIF_ADDFD, &addfd);
	while (newfd < 0 && errno == EINTR);
	if (newfd < 0) {
		if (errno == ENOENT) {
			call->replied = true;
			call->gone = true;
			return 0;
		}
		return sr_notif_reply_errno(call, errno);
	}
	return sr_notif_reply_value(call, newfd);
}
