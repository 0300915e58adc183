/* File system calls, served through the Gofer (DESIGN §1, §3).
 *
 * Each handler copies the path once (invariant 1), takes the base of a
 * relative path, checks the call is still pending (invariant 2), and
 * sends the Gofer a request that names the copy; the Gofer resolves and
 * acts as the program would, and its answer is the program's: an errno,
 * a struct stat or a link target written back, or an fd injected with
 * SECCOMP_IOCTL_NOTIF_ADDFD.  The Sentry resolves nothing itself.
 *
 * The base of a relative path (the cwd, or a dirfd) is an O_PATH fd the
 * Sentry opens through /proc/TID/cwd or /proc/TID/fd/N (its root is
 * /proc: confine.c): the kernel follows those links to the object
 * itself, in the sandbox's mount namespace, and the Gofer works out its
 * path on its own (resolve.h), trusting nothing the Sentry says about it.
 *
 * What stays in the kernel, bounded by the mount view (invariant 5):
 *  - calls on an fd the program holds: AT_EMPTY_PATH (glibc's fstat is
 *    newfstatat(fd, "", AT_EMPTY_PATH) and futimens is utimensat(fd,
 *    NULL, ...): the filter passes both, filter.c), readlinkat(fd, ""),
 *    the reopening of the fds of the program and of the sandbox's other
 *    processes (fs_fd_link_number) and of its namespaces
 *    (fs_names_own_namespace), and a
 *    change to one through its link (glibc's fchmodat with
 *    AT_SYMLINK_NOFOLLOW is chmod("/proc/self/fd/N"), as fchmod(N)),
 *    or the link's removal, which procfs refuses;
 *    and fchmodat2 and the *xattrat calls with AT_EMPTY_PATH and an
 *    empty path, which act on their dirfd (a path that is not empty
 *    goes to the Gofer, the flag dropped: fs_empty_path_names_dirfd);
 *  - what the Gofer checks and the kernel then performs: an open with
 *    O_PATH, since ADDFD cannot inject an O_PATH fd (DESIGN §4), so a
 *    thread rewriting the path meanwhile gets an fd that reads and
 *    writes nothing, of an object the mount view shows anyway; the open
 *    of a FIFO, which waits for its other end (proto.h); chdir, which
 *    must change the program's own cwd; and execve (exec.c).
 * A Gofer that is gone makes every call here fail with EIO. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/xattr.h>
#include <unistd.h>
#include <utime.h>

#include "compat.h"
#include "proto.h"
#include "events.h"
#include "sentry/answers.h"
#include "sentry/evqueue.h"
#include "sentry/fdtable.h"
#include "sentry/tasklimit.h"
#include "sentry/handlers.h"
#include "sentry/recreate.h"
#include "sentry/strace.h"
#include "sentry/trace.h"
#include "sentry/umask.h"

/* openat2's struct open_how: the first version is 24 bytes, and the
 * kernel refuses a larger struct than a page (copy_struct_from_user). */
#define FS_OPEN_HOW_SIZE_VER0 24
#define FS_OPEN_HOW_SIZE_MAX 4096
/* What open and openat keep of the flags with O_PATH (the kernel's). */
#define FS_O_PATH_FLAGS (O_DIRECTORY | O_NOFOLLOW | O_PATH | O_CLOEXEC)
/* O_RDONLY|O_CLOEXEC|... as --strace writes it, for an open event. */
#define SR_FLAGS_TEXT_MAX 256
/* "/4194304/fd/2147483647" and the like. */
#define FS_PROC_LINK_MAX 48

/* Requests are numbered per worker: a reply must echo its request's. */
static _Thread_local uint64_t fs_request_id;

/* One request to the Gofer and what it needs beside the record. */
struct fs_request {
	struct sr_proto_request req;
	struct sr_proto_request_fds fds;
};

static void fs_request_release(struct fs_request *r)
{
	if (r->fds.dir >= 0)
		close(r->fds.dir);
	if (r->fds.dir2 >= 0)
		close(r->fds.dir2);
	r->fds = SR_PROTO_REQUEST_FDS_NONE;
}
#define fs_cleanup_request __attribute__((cleanup(fs_request_release)))

/* The handlers' answer for a failure to read the program's memory: a
 * task that is gone gets no reply at all. */
static int fs_reply_read_error(struct sr_call *call, int e)
{
	if (e == ESRCH)
		return 0;
	return sr_notif_reply_errno(call, e);
}

/* Copy the path at `addr` (0 or an errno; ESRCH: the task is gone). */
static int fs_read_path(const struct sr_call *call, uint64_t addr, char *path, size_t size)
{
	if (sr_notif_read_string(call, addr, path, size) < 0)
		return errno;
	return 0;
}

/* The base of a relative path as an O_PATH fd (see the top of the file):
 * 0 and *out, or an errno for the program. */
static int fs_open_base(const struct sr_call *call, int dirfd, int *out)
{
	char link[FS_PROC_LINK_MAX];
	unsigned int tid = call->req->pid;

	if (dirfd == AT_FDCWD)
		snprintf(link, sizeof(link), "/%u/cwd", tid);
	else if (dirfd < 0)
		return EBADF;
	else
		snprintf(link, sizeof(link), "/%u/fd/%d", tid, dirfd);
	*out = openat(AT_FDCWD, link, O_PATH | O_CLOEXEC);
	if (*out >= 0)
		return 0;
	/* No such fd; or no such task, whose call ID_VALID then drops. */
	return errno == ENOENT ? EBADF : errno;
}

/* What fd `fd` of the calling task is, as /proc/PID/fd/N reads
 * ("/memfd:x (deleted)"), or for AT_FDCWD its cwd, as /proc/PID/cwd
 * reads; empty when that cannot be read.  The Sentry's root is /proc
 * (confine.c), outside the sandbox's mount tree: the kernel names the
 * file from the root of that tree, which init's pivot_root made the
 * view's root, so the text is the program's own ("/tmp", not the
 * host's path of the sandbox's /tmp). */
static void fs_fd_target(const struct sr_call *call, int fd, char *buf, size_t size)
{
	char link[FS_PROC_LINK_MAX];

	buf[0] = '\0';
	if (fd == AT_FDCWD)
		snprintf(link, sizeof(link), "/%d/cwd", (int)call->req->pid);
	else if (fd >= 0)
		snprintf(link, sizeof(link), "/%d/fd/%d", (int)call->req->pid, fd);
	else
		return;
	ssize_t n = readlink(link, buf, size - 1);
	buf[n > 0 ? n : 0] = '\0';
}

/* The program's fd `fd` itself (pidfd_getfd: the same open file
 * description, not a reopening): 0 and *out, EBADF when there is no
 * such fd, ESRCH when the task is gone, ENOSYS when its fd table cannot
 * be reached (sr_notif_take_fd). */
static int fs_take_fd(const struct sr_call *call, int fd, int *out)
{
	int pidfd, e;

	*out = -1;
	if (fd < 0)
		return EBADF;
	pidfd = sr_notif_caller_pidfd(call);
	if (pidfd < 0)
		return ESRCH;
	*out = sr_notif_take_fd(call, pidfd, fd);
	e = errno;
	close(pidfd);
	if (*out < 0)
		return e == ESRCH || e == ENOSYS ? e : EBADF;
	return 0;
}

/* The most components a name of an own fd has: proc PID task TID fd N. */
#define FS_OWN_FD_PARTS 6

/* The components of the absolute `path` as the kernel walks them, with
 * empty ones ("//", a trailing slash) and "." left out: how many, or -1
 * when the path is relative, has "..", or has more than `max`. */
static int fs_path_parts(const char *path, const char *parts[], size_t lens[], int max)
{
	int n = 0;

	if (path[0] != '/')
		return -1;
	for (const char *p = path; *p != '\0';) {
		size_t len = strcspn(p, "/");
		if (len == 2 && p[0] == '.' && p[1] == '.')
			return -1;
		if (len > 0 && !(len == 1 && p[0] == '.')) {
			if (n == max)
				return -1;
			parts[n] = p;
			lens[n++] = len;
		}
		p += len;
		p += strspn(p, "/");
	}
	return n;
}

static bool fs_part_is(const char *part, size_t len, const char *word)
{
	return strlen(word) == len && memcmp(part, word, len) == 0;
}

static bool fs_part_is_number(const char *part, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (part[i] < '0' || part[i] > '9')
			return false;
	return len > 0;
}

/* Whether /proc/WHO is the calling task's process: "self", or its pid
 * or its thread's id as the sandbox numbers them (procfs takes no
 * leading zero). */
static bool fs_proc_dir_is_own(const struct sr_call *call, const char *who, size_t len)
{
	struct sr_task_ids ids;
	char number[16];

	if (fs_part_is(who, len, "self"))
		return true;
	if (!fs_part_is_number(who, len) || who[0] == '0' || len >= sizeof(number))
		return false;
	memcpy(number, who, len);
	number[len] = '\0';
	long n = strtol(number, NULL, 10);
	sr_task_ids((pid_t)call->req->pid, &ids);
	return n > 0 && (n == ids.pid || n == ids.tid);
}

/* What fs_fd_link_number answers for a path that names no fd, and
 * for one whose number no fd can have. */
#define FS_NOT_OWN_FD (-2)
#define FS_OWN_FD_TOO_LARGE (-1)

/* An own fd's number in its name: N, or FS_OWN_FD_TOO_LARGE. */
static int fs_own_fd_part(const char *part, size_t len)
{
	char number[16];

	if (len >= sizeof(number))
		return FS_OWN_FD_TOO_LARGE;
	memcpy(number, part, len);
	number[len] = '\0';
	long n = strtol(number, NULL, 10);
	return n > INT_MAX ? FS_OWN_FD_TOO_LARGE : (int)n;
}

/* fs_fd_link_number of the path whose `n` components are p and l. */
static int fs_fd_link_parts(const struct sr_call *call, const char *p[], const size_t l[], int n, bool *own)
{
	*own = true;
	switch (n) {
	case 2:
		if (!fs_part_is(p[0], l[0], "dev"))
			return FS_NOT_OWN_FD;
		if (fs_part_is(p[1], l[1], "stdin"))
			return STDIN_FILENO;
		if (fs_part_is(p[1], l[1], "stdout"))
			return STDOUT_FILENO;
		return fs_part_is(p[1], l[1], "stderr") ? STDERR_FILENO : FS_NOT_OWN_FD;
	case 3:
		if (fs_part_is(p[0], l[0], "dev") && fs_part_is(p[1], l[1], "fd") && fs_part_is_number(p[2], l[2]))
			return fs_own_fd_part(p[2], l[2]);
		return FS_NOT_OWN_FD;
	case 4:
		if (!fs_part_is(p[0], l[0], "proc") || !fs_part_is(p[2], l[2], "fd") || !fs_part_is_number(p[3], l[3]))
			return FS_NOT_OWN_FD;
		if (fs_part_is(p[1], l[1], "thread-self") || fs_proc_dir_is_own(call, p[1], l[1]))
			return fs_own_fd_part(p[3], l[3]);
		*own = false;
		return fs_part_is_number(p[1], l[1]) ? fs_own_fd_part(p[3], l[3]) : FS_NOT_OWN_FD;
	case 6:
		if (!fs_part_is(p[0], l[0], "proc") || !fs_part_is(p[2], l[2], "task") || !fs_part_is_number(p[3], l[3]) ||
		    !fs_part_is(p[4], l[4], "fd") || !fs_part_is_number(p[5], l[5]))
			return FS_NOT_OWN_FD;
		if (fs_proc_dir_is_own(call, p[1], l[1]))
			return fs_own_fd_part(p[5], l[5]);
		*own = false;
		return fs_part_is_number(p[1], l[1]) ? fs_own_fd_part(p[5], l[5]) : FS_NOT_OWN_FD;
	default:
		return FS_NOT_OWN_FD;
	}
}

static int fs_fd_link_in_base(const struct sr_call *call, int dirfd, const char *path, bool *own);

/* An fd by its /proc link: the program's own, /proc/self/fd/N, and so
 * /proc/PID/fd/N with its own pid, /proc/thread-self/fd/N,
 * /proc/self/task/TID/fd/N, however many slashes and "." part them,
 * and sentry-run's /dev/fd/N, /dev/stdin, /dev/stdout and /dev/stderr
 * links to them (sandbox.c); or, by its pid, another process's of the
 * sandbox (/proc/PID/fd/N, /proc/PID/task/TID/fd/N: *own false); or N
 * relative to `dirfd` when that is one of those fd directories
 * (fs_fd_link_in_base).
 * Opening one reopens what the fd is, which may have no path in the
 * view at all (a pipe, a memfd, a deleted file, the caller's terminal,
 * a --pass-fd file): the Gofer, resolving link texts as paths, cannot;
 * the kernel can, for the program, and reaches only what a process of
 * the sandbox holds (its /proc shows no other), and another's only as
 * far as the kernel lets the program read it (the same user; init is
 * not dumpable).  A thread rewriting the string after this check makes
 * the kernel open another path, which the mount view bounds as it
 * bounds O_PATH opens (DESIGN §2).  N, FS_OWN_FD_TOO_LARGE or, for
 * another path, FS_NOT_OWN_FD. */
static int fs_fd_link_number(const struct sr_call *call, int dirfd, const char *path, bool *own)
{
	const char *p[FS_OWN_FD_PARTS];
	size_t l[FS_OWN_FD_PARTS];

	if (path[0] != '/')
		return fs_fd_link_in_base(call, dirfd, path, own);
	return fs_fd_link_parts(call, p, l, fs_path_parts(path, p, l, FS_OWN_FD_PARTS), own);
}

/* openat(fd_dir, "N"): a name relative to the cwd or a dirfd that is an
 * fd directory, /proc/PID/fd or /proc/PID/task/TID/fd (/dev/fd leads
 * there), is the fd's link as much as its absolute spelling.  The
 * base's own link says which directory it is, as the program's /proc
 * shows it ("/proc/2/fd"), and the name is taken at its end.  Only a
 * name of digits, "." and slashes can be one, so other paths cost no
 * readlink.  What fs_fd_link_number answers. */
static int fs_fd_link_in_base(const struct sr_call *call, int dirfd, const char *path, bool *own)
{
	char link[FS_PROC_LINK_MAX], dir[FS_PROC_LINK_MAX], whole[FS_PROC_LINK_MAX + SR_NOTIF_STRING_MAX];
	unsigned int tid = call->req->pid;

	*own = true;
	if (strspn(path, "0123456789./") != strlen(path) || strpbrk(path, "0123456789") == NULL)
		return FS_NOT_OWN_FD;
	if (dirfd == AT_FDCWD)
		snprintf(link, sizeof(link), "/%u/cwd", tid);
	else if (dirfd >= 0)
		snprintf(link, sizeof(link), "/%u/fd/%d", tid, dirfd);
	else
		return FS_NOT_OWN_FD;
	/* The Sentry's root is /proc (confine.c). */
	ssize_t n = readlink(link, dir, sizeof(dir));
	if (n <= 0 || (size_t)n >= sizeof(dir) || dir[0] != '/')
		return FS_NOT_OWN_FD;
	dir[n] = '\0';
	snprintf(whole, sizeof(whole), "%s/%s", dir, path);
	return fs_fd_link_number(call, AT_FDCWD, whole, own);
}

/* Whether `path` is an fd's /proc link (fs_fd_link_number), the
 * kernel's to follow. */
static bool fs_names_fd_link(const struct sr_call *call, int dirfd, const char *path)
{
	bool own;

	return fs_fd_link_number(call, dirfd, path, &own) != FS_NOT_OWN_FD;
}

/* /dev/stdin, /dev/stdout or /dev/stderr, given that `path` is an fd's
 * link: the view's own links (sandbox.c), which a call that does not
 * follow its last name acts on, rather than on the fd. */
static bool fs_names_std_link(const char *path)
{
	const char *p[2];
	size_t l[2];

	return fs_path_parts(path, p, l, 2) == 2;
}

/* Whether `rest` names anything but "." (and slashes). */
static bool fs_names_more(const char *rest)
{
	for (const char *s = rest; *s != '\0';) {
		s += strspn(s, "/");
		size_t len = strcspn(s, "/");
		if (len > 0 && !(len == 1 && s[0] == '.'))
			return true;
		s += len;
	}
	return false;
}

/* A path below an own fd's link: "/proc/self/fd/N/REST" and the other
 * spellings fs_fd_link_number takes, REST naming more than ".".  The
 * kernel walks REST from what fd N is, and so does the Gofer given that
 * fd as the base (fs_set_path): the link's text would name another
 * place or none ("/d (deleted)" for a directory removed; a path of the
 * view for a directory outside it, a --pass-fd one).  Another
 * process's fds stay the text's: /proc lets the Gofer reach none.
 * REST, with N in *fd_n; or NULL. */
static const char *fs_below_own_fd_link(const struct sr_call *call, const char *path, int *fd_n)
{
	const char *p[FS_OWN_FD_PARTS];
	size_t l[FS_OWN_FD_PARTS];
	int n = 0;

	if (path[0] != '/')
		return NULL;
	for (const char *s = path; *s != '\0' && n < FS_OWN_FD_PARTS;) {
		s += strspn(s, "/");
		size_t len = strcspn(s, "/");
		if (len == 2 && s[0] == '.' && s[1] == '.')
			return NULL;
		if (len == 0 || (len == 1 && s[0] == '.')) {
			s += len;
			continue;
		}
		p[n] = s;
		l[n++] = len;
		s += len;
		bool own;
		int fd = fs_fd_link_parts(call, p, l, n, &own);
		if (fd == FS_NOT_OWN_FD)
			continue;
		if (!own || !fs_names_more(s))
			return NULL;
		*fd_n = fd;
		return s + strspn(s, "/");
	}
	return NULL;
}

/* The program's own namespace by its /proc link: /proc/self/ns/NAME or
 * /proc/thread-self/ns/NAME.  The link's text ("net:[4026531840]") is
 * no path the Gofer could resolve; the kernel opens and stats the
 * namespace for the program, one that is its own, as for its fds
 * (fs_fd_link_number, which says why a racing thread gains nothing).
 * Only opens and stats: setns stays refused (DESIGN §2). */
static bool fs_names_own_namespace(const char *path)
{
	static const char *const ns_dirs[] = { "/proc/self/ns/", "/proc/thread-self/ns/" };

	for (size_t i = 0; i < SR_ARRAY_SIZE(ns_dirs); i++) {
		if (!sr_has_prefix(path, ns_dirs[i]))
			continue;
		const char *n = path + strlen(ns_dirs[i]);
		return *n != '\0' && strspn(n, "abcdefghijklmnopqrstuvwxyz_") == strlen(n);
	}
	return false;
}

/* A call with AT_EMPTY_PATH whose path is empty (or NULL) acts on the
 * dirfd itself, an fd the program holds: the kernel's, as fchmod's and
 * fgetxattr's are (see the top).  A path that is not empty is resolved
 * as without the flag, by the Gofer: the flag is dropped from *flags.
 * 0 with *on_fd, or ESRCH when the task is gone.  A path that cannot
 * be read is left to the path's own read, in the kernel's order. */
static int fs_empty_path_names_dirfd(const struct sr_call *call, uint64_t path_addr, uint32_t *flags,
				     bool *on_fd)
{
	char first = '\0';

	*on_fd = false;
	if (!(*flags & AT_EMPTY_PATH))
		return 0;
	if (path_addr != 0 && sr_notif_read_bytes(call, path_addr, &first, 1) < 0) {
		if (errno == ESRCH)
			return ESRCH;
		first = 'x';
	}
	if (first == '\0') {
		*on_fd = true;
		return 0;
	}
	*flags &= ~(uint32_t)AT_EMPTY_PATH;
	return 0;
}

/* Let the kernel make a call on an fd the program holds. */
static int fs_continue_on_fd(struct sr_call *call)
{
	if (!sr_notif_id_valid(call))
		return 0;
	return sr_notif_reply_continue(call);
}

/* Fill in the path (and, when it needs one, its base): 0 or an errno.
 * A path below an own fd's link is its rest from that fd (an openat2
 * with RESOLVE_* flags keeps its path: they judge the link itself). */
static int fs_set_path(const struct sr_call *call, struct fs_request *r, int which, int dirfd,
		       const char *path, bool base_always, struct sr_error *err)
{
	const char *rest = NULL;
	int fd_n;

	if (path[0] == '/' && !base_always && r->req.resolve == 0 &&
	    (rest = fs_below_own_fd_link(call, path, &fd_n)) != NULL) {
		path = rest;
		dirfd = fd_n;
	}
	int rc = which == 1 ? sr_proto_set_path(&r->req, path, err) : sr_proto_set_path2(&r->req, path, err);
	if (rc < 0)
		return err->errnum;
	if (path[0] == '/' && !base_always)
		return 0;
	int *slot = which == 1 ? &r->fds.dir : &r->fds.dir2;
	rc = fs_open_base(call, dirfd, slot);
	/* No such fd: no such link in /proc/self/fd. */
	if (rc == EBADF && rest != NULL)
		return ENOENT;
	if (rc != 0)
		return rc;
	r->req.fds |= which == 1 ? SR_PROTO_FD_DIR : SR_PROTO_FD_DIR2;
	return 0;
}

static bool fs_request_creates(const struct sr_proto_request *req)
{
	switch (req->op) {
	case SR_PROTO_OP_OPEN:
		return (req->flags & SR_PROTO_OPEN_CREATES) != 0;
	case SR_PROTO_OP_MKDIR:
	case SR_PROTO_OP_MKNOD:
		return true;
	default:
		return false;
	}
}

/* Whether the Gofer changes something for this request (a file, a
 * watch on the program's inotify fd): then it must be sure first that
 * the path it was given is the asking task's. */
static bool fs_request_acts(const struct sr_proto_request *req)
{
	return sr_proto_request_writes(req) || req->op == SR_PROTO_OP_INOTIFY_ADD_WATCH;
}

/* /proc/self for the Gofer, outside the sandbox's pid namespace: from
 * the task's status, a read the Sentry makes only when the Gofer's walk
 * needs it.  0, or EIO when the status cannot be read. */
static int fs_add_task_ids(const struct sr_call *call, struct fs_request *r)
{
	struct sr_task_ids ids;

	sr_task_ids((pid_t)call->req->pid, &ids);
	if (ids.pid <= 0 || ids.tid <= 0)
		return EIO;
	r->req.nspid = ids.pid;
	r->req.nstid = ids.tid;
	return 0;
}

/* The Gofer creates under the program's umask (umask.h), not with a
 * mode masked here: a default ACL of the parent directory replaces the
 * umask (acl(5)), which only the kernel's create knows.  0, or EIO when
 * it cannot be read. */
static int fs_add_umask(const struct sr_call *call, struct fs_request *r)
{
	int umask = sr_umask_of((pid_t)call->req->pid);

	if (umask < 0)
		return EIO;
	r->req.umask = (uint32_t)umask;
	return 0;
}

/* One round trip: 0 with the reply (and *fd, or -1), or an errno (EIO:
 * the Gofer cannot be reached or misbehaves). */
static int fs_round_trip(struct sr_call *call, struct fs_request *r, struct sr_proto_reply *reply,
			 int *fd)
{
	struct sr_error err = { 0 };
	int rc;

	*fd = -1;
	r->req.id = ++fs_request_id;
	if (sr_proto_send_request(call->gofer_sock, &r->req, &r->fds, &err) < 0) {
		sr_debug("Sentry: %s", err.msg);
		return EIO;
	}
	/* Awake while the Gofer answers (a few µs): asleep, the answer
	 * would have to wake this thread, maybe on an idle vCPU.  The
	 * socket's receive timeout is the patience after that (loop.c): a
	 * late answer lets another worker take the notifications meanwhile. */
	unsigned spin_us = SR_SENTRY_GOFER_SPIN_US;
	while ((rc = sr_proto_recv_reply(call->gofer_sock, spin_us, reply, fd, &err)) < 0 &&
	       (err.errnum == EAGAIN || err.errnum == EINTR)) {
		spin_us = 0;
		sr_call_hand_over(call);
		err = (struct sr_error){ 0 };
	}
	if (rc <= 0) {
		/* The Gofer is gone (the launcher says so) or misbehaves. */
		if (rc < 0 && err.errnum == EPROTO)
			sr_warn("Sentry: %s", err.msg);
		return EIO;
	}
	if (reply->id != r->req.id || reply->op != r->req.op) {
		sr_warn("Sentry: the Gofer answered request %llu with %llu",
			(unsigned long long)r->req.id, (unsigned long long)reply->id);
		if (*fd >= 0)
			close(*fd);
		*fd = -1;
		return EIO;
	}
	return 0;
}

/* The Gofer opens with O_NONBLOCK what the program opens without it
 * (gofer_open, gofer_truncate): EWOULDBLOCK then says that a lease on
 * the file is being broken, which the program's call waits for. */
static bool fs_waits_for_lease(const struct sr_proto_request *req, const struct sr_proto_reply *reply)
{
	if (reply->errnum != EWOULDBLOCK)
		return false;
	if (req->op == SR_PROTO_OP_TRUNCATE)
		return true;
	return req->op == SR_PROTO_OP_OPEN && !(req->flags & O_NONBLOCK) && !(req->resolve & RESOLVE_CACHED);
}

/* Past SR_SENTRY_BLOCKED_MAX calls that wait, one more open or truncate
 * that would wait for a lease fails with EAGAIN, as a network call does
 * (net.c).  Said once. */
static atomic_bool fs_said_too_many_waiting;

static void fs_say_too_many_waiting(void)
{
	if (!atomic_exchange(&fs_said_too_many_waiting, true))
		sr_warn("Sentry: %d calls of the sandbox wait already; more opens or truncates that would wait "
			"for a lease fail with EAGAIN", SR_SENTRY_BLOCKED_MAX);
}

/* One round trip, again and again while a lease is being broken: its
 * holder has up to the lease-break time to give it up, and meanwhile
 * the worker holds no Gofer connection (sr_call_pause), so that 64 such
 * calls do not stall every other.  The task killed ends the wait: -1.
 * So does a signal it would take, as the kernel's wait is interrupted
 * (net.c does the same for a blocked connect): the task, whose call the
 * Sentry holds, could not stop or run a handler until the lease was
 * gone, and a parent that gives the lease up once its child stopped
 * waited as long as the lease-break time.  The kernel's break_lease
 * says ERESTARTSYS, which a handler with SA_RESTART restarts: so does
 * the Sentry when the signal is the thread's to take (its own, or its
 * process's when it is the only thread), since the kernel acts on
 * ERESTARTSYS only in a thread with a signal; for a process's signal
 * that another thread may take, EINTR. */
static int fs_round_trip_past_leases(struct sr_call *call, struct fs_request *r,
				     struct sr_proto_reply *reply, int *fd)
{
	struct sr_task_signals sig;
	int rc;

	while ((rc = fs_round_trip(call, r, reply, fd)) == 0 && fs_waits_for_lease(&r->req, reply)) {
		if (!sr_call_pause(call, SR_SENTRY_LEASE_POLL_US)) {
			fs_say_too_many_waiting();
			return EAGAIN;
		}
		if (!sr_notif_id_valid(call))
			return -1;
		sr_task_signals((pid_t)call->req->pid, &sig);
		if (sig.own || (sig.shared && sig.alone))
			return SR_ERESTARTSYS;
		if (sig.shared)
			return EINTR;
	}
	return rc;
}

/* The answers the Gofer lets the Sentry give again (answers.h), shared
 * by the workers; NULL (ask every time) if there is no memory for them. */
static struct sr_answers *fs_answers_table;
static pthread_once_t fs_answers_once = PTHREAD_ONCE_INIT;

static void fs_answers_init(void)
{
	fs_answers_table = sr_answers_new();
}

static struct sr_answers *fs_answers(void)
{
	pthread_once(&fs_answers_once, fs_answers_init);
	return fs_answers_table;
}

/* Send the request and wait for the Gofer's reply.  Returns 0 with the
 * reply (and *fd, or -1), -1 when the task is gone (no reply is due), or
 * an errno for the program: EIO when the Gofer cannot be reached. */
/* The task's status could not be read: it is gone (no reply is due), or
 * the read failed in the Sentry itself (EMFILE, ENOMEM), and the call
 * still waits for an answer. */
static int fs_task_unreadable(struct sr_call *call)
{
	return sr_notif_id_valid(call) ? EIO : -1;
}

static int fs_ask_gofer(struct sr_call *call, struct fs_request *r, struct sr_proto_reply *reply,
			int *fd)
{
	int rc;

	*fd = -1;
	r->req.pid = (int32_t)call->req->pid;
	if (fs_request_creates(&r->req) && fs_add_umask(call, r) != 0)
		return fs_task_unreadable(call);
	/* Invariant 2: everything is copied; nothing has happened yet.  A
	 * request that only looks acts on nothing: its answer reaches the
	 * program by a reply, an ADDFD or a write that each check the call
	 * is still the one pending. */
	if (fs_request_acts(&r->req) && !sr_notif_id_valid(call))
		return -1;
	struct sr_answers *answers = fs_answers();
	if (sr_answers_find(answers, &r->req, sr_monotonic_ns(), reply))
		return 0;
	if ((rc = fs_round_trip_past_leases(call, r, reply, fd)) != 0)
		return rc;
	sr_answers_keep(answers, &r->req, reply, sr_monotonic_ns());
	if (reply->errnum != SR_PROTO_NEED_TASK_IDS)
		return 0;
	/* The path met /proc/self: once more, with the task's ids. */
	if (r->req.nspid != 0) {
		sr_warn("Sentry: the Gofer asked again for the ids it was given");
		return EIO;
	}
	if (fs_add_task_ids(call, r) != 0)
		return fs_task_unreadable(call);
	if (fs_request_acts(&r->req) && !sr_notif_id_valid(call))
		return -1;
	if ((rc = fs_round_trip_past_leases(call, r, reply, fd)) != 0)
		return rc;
	return reply->errnum == SR_PROTO_NEED_TASK_IDS ? EIO : 0;
}

/* A truncate past the caller's RLIMIT_FSIZE, refused EFBIG by the Gofer:
 * the kernel's inode_newsize_ok also raises SIGXFSZ in the caller, which
 * takes it on the way out of the call (as net.c's SIGPIPE). */
static void fs_raise_sigxfsz(const struct sr_call *call, const struct fs_request *r,
			     const struct sr_proto_reply *reply)
{
	if (r->req.op != SR_PROTO_OP_TRUNCATE || reply->errnum != EFBIG ||
	    (uint64_t)r->req.size <= r->req.fsize_limit)
		return;
	int pidfd = sr_notif_caller_pidfd(call);
	if (pidfd < 0)
		return;
	syscall(SYS_pidfd_send_signal, pidfd, SIGXFSZ, NULL, 0);
	close(pidfd);
}

/* Ask, and answer the program with the errno when there is one.  Returns
 * 1 when the caller goes on with a successful reply, 0 when the call was
 * answered or is gone. */
static int fs_ask(struct sr_call *call, struct fs_request *r, struct sr_proto_reply *reply, int *fd)
{
	int rc = fs_ask_gofer(call, r, reply, fd);

	if (rc < 0)
		return 0;
	if (rc > 0) {
		sr_notif_reply_errno(call, rc);
		return 0;
	}
	if (reply->errnum != 0) {
		fs_raise_sigxfsz(call, r, reply);
		sr_notif_reply_errno(call, reply->errnum);
		return 0;
	}
	return 1;
}

/* fs_ask for a change, whose reply carries no fd (one that came anyway
 * is a Gofer out of step: EIO): the program is answered 0 or the errno. */
static int fs_ask_change(struct sr_call *call, struct fs_request *r)
{
	struct sr_proto_reply reply;
	int fd;

	if (fs_ask(call, r, &reply, &fd) == 0)
		return 0;
	if (fd >= 0) {
		close(fd);
		return sr_notif_reply_errno(call, EIO);
	}
	return sr_notif_reply_value(call, 0);
}

/* Write a result into the program, then answer `value`. */
static int fs_reply_with_bytes(struct sr_call *call, uint64_t addr, const void *buf, size_t len,
			       int64_t value)
{
	/* Invariant 2, right before the program's memory is written: its
	 * pid must still be the task that asked. */
	if (!sr_notif_id_valid(call))
		return 0;
	if (sr_notif_write_bytes(call, addr, buf, len) < 0)
		return fs_reply_read_error(call, errno == ESRCH ? ESRCH : EFAULT);
	return sr_notif_reply_value(call, value);
}

/* --- open, openat, openat2, creat ---------------------------------------- */

struct fs_open_args {
	int dirfd;
	uint64_t path_addr;
	uint64_t flags;
	uint64_t mode;
	uint64_t resolve;
};

/* An extensible struct of `size` bytes at `addr` (openat2's open_how,
 * the xattr calls' xattr_args), read as the kernel's
 * copy_struct_from_user is, into `out` of `out_size` bytes: 0, or an
 * errno (EINVAL below its first version, E2BIG beyond a page or with a
 * field we do not know set, EFAULT; ESRCH: the task is gone). */
static int fs_read_ext_struct(const struct sr_call *call, uint64_t addr, uint64_t size,
			      size_t size_ver0, void *out, size_t out_size)
{
	unsigned char buf[FS_OPEN_HOW_SIZE_MAX];

	if (size < size_ver0)
		return EINVAL;
	if (size > sizeof(buf))
		return E2BIG;
	if (sr_notif_read_bytes(call, addr, buf, (size_t)size) < 0)
		return errno == ESRCH ? ESRCH : EFAULT;
	/* A newer struct than ours is fine while its extra fields are 0. */
	for (size_t i = out_size; i < size; i++)
		if (buf[i] != 0)
			return E2BIG;
	memset(out, 0, out_size);
	memcpy(out, buf, size < out_size ? (size_t)size : out_size);
	return 0;
}

/* openat2's struct open_how, checked as the kernel does: 0 or an errno. */
static int fs_read_open_how(const struct sr_call *call, uint64_t addr, uint64_t size,
			    struct fs_open_args *a)
{
	struct open_how how;
	int rc = fs_read_ext_struct(call, addr, size, FS_OPEN_HOW_SIZE_VER0, &how, sizeof(how));

	if (rc != 0)
		return rc;
	a->flags = how.flags;
	a->mode = how.mode;
	a->resolve = how.resolve;
	if ((a->flags & ~(uint64_t)SR_PROTO_OPEN_FLAGS) != 0 || (a->resolve & ~(uint64_t)SR_PROTO_RESOLVE_FLAGS) != 0)
		return EINVAL;
	if ((a->resolve & RESOLVE_BENEATH) && (a->resolve & RESOLVE_IN_ROOT))
		return EINVAL;
	if ((a->flags & SR_PROTO_OPEN_CREATES) == 0 && a->mode != 0)
		return EINVAL;
	if ((a->mode & ~(uint64_t)07777) != 0)
		return EINVAL;
	return 0;
}

/* The kernel's build_open_flags, for all four calls, before it reads
 * the path or looks at the dirfd: 0 or an errno. */
static int fs_check_open_flags(const struct fs_open_args *a)
{
	/* O_CREAT|O_DIRECTORY made a regular file before Linux 6.4. */
	if ((a->flags & (O_CREAT | O_DIRECTORY)) == (O_CREAT | O_DIRECTORY))
		return EINVAL;
	if ((a->flags & O_TMPFILE) == O_TMPFILE && (a->flags & O_ACCMODE) == O_RDONLY)
		return EINVAL;
	if ((a->flags & O_PATH) && (a->flags & ~(uint64_t)FS_O_PATH_FLAGS) != 0)
		return EINVAL;
	if ((a->resolve & RESOLVE_CACHED) && (a->flags & (O_TRUNC | SR_PROTO_OPEN_CREATES)))
		return EAGAIN;
	return 0;
}

/* The arguments of whichever of the four calls this is: 0 or an errno. */
static int fs_open_args_of(const struct sr_call *call, struct fs_open_args *a)
{
	const __u64 *args = call->req->data.args;

	memset(a, 0, sizeof(*a));
	a->dirfd = AT_FDCWD;
	switch (call->req->data.nr) {
	case __NR_open:
		a->path_addr = args[0];
		a->flags = (uint32_t)args[1];
		a->mode = (uint32_t)args[2];
		break;
	case __NR_creat:
		a->path_addr = args[0];
		a->flags = O_CREAT | O_WRONLY | O_TRUNC;
		a->mode = (uint32_t)args[1];
		break;
	case __NR_openat:
		a->dirfd = (int)args[0];
		a->path_addr = args[1];
		a->flags = (uint32_t)args[2];
		a->mode = (uint32_t)args[3];
		break;
	default:
		a->dirfd = (int)args[0];
		a->path_addr = args[1];
		int rc = fs_read_open_how(call, args[2], args[3], a);
		return rc != 0 ? rc : fs_check_open_flags(a);
	}
	/* open and openat ignore what they do not know, and the mode
	 * unless a file is made (the kernel's build_open_how). */
	a->flags &= SR_PROTO_OPEN_FLAGS;
	if (a->flags & O_PATH)
		a->flags &= FS_O_PATH_FLAGS;
	if ((a->flags & SR_PROTO_OPEN_CREATES) == 0)
		a->mode = 0;
	a->mode &= 07777;
	return fs_check_open_flags(a);
}

/* The restart of an O_CREAT|O_EXCL whose file was made but never
 * delivered (recreate.h): that file, opened again through the Gofer
 * without O_CREAT|O_EXCL and checked to be the same inode.  0 with *fd,
 * or an errno: EEXIST, as the kernel would answer a second create, when
 * it is not that file any more. */
static int fs_reopen_lost_create(struct sr_call *call, struct fs_request *r,
				 const struct fs_open_args *a, const struct stat *want, int *fd)
{
	struct sr_proto_reply reply;
	struct stat st;
	int rc;

	*fd = -1;
	r->req.flags = (uint32_t)(a->flags & ~(uint64_t)(O_CREAT | O_EXCL | O_TRUNC));
	r->req.mode = 0;
	if ((rc = fs_ask_gofer(call, r, &reply, fd)) != 0)
		return rc;
	if (reply.errnum == 0 && *fd >= 0 && fstat(*fd, &st) == 0 && st.st_dev == want->st_dev &&
	    st.st_ino == want->st_ino)
		return 0;
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
	return EEXIST;
}

static bool fs_call_alive(const void *call)
{
	return sr_notif_id_valid(call);
}

/* The open through the Gofer: 0 with the reply (and *fd, or -1), -1
 * when the task is gone, or an errno.  An O_CREAT|O_EXCL that a signal
 * may interrupt after the file is made (recreate.h) is noted from here
 * until its reply settles it. */
static int fs_open_through_gofer(struct sr_call *call, struct fs_request *r, const struct fs_open_args *a,
				 const char *path, bool keep_made, struct sr_proto_reply *reply, int *fd)
{
	struct stat lost;
	int rc;

	if (!keep_made)
		return fs_ask_gofer(call, r, reply, fd);
	/* A call already interrupted must not take its restart's file. */
	if (!sr_notif_id_valid(call))
		return -1;
	bool restart = sr_recreate_claim(call->req->id, (pid_t)call->req->pid, a->dirfd, path, &lost,
					 fs_call_alive, call);
	if (restart) {
		rc = fs_reopen_lost_create(call, r, a, &lost, fd);
		if (rc == 0)
			*reply = (struct sr_proto_reply){ .errnum = 0 };
	} else {
		sr_recreate_begin(call->req->id, (pid_t)call->req->pid, a->dirfd, path);
		rc = fs_ask_gofer(call, r, reply, fd);
	}
	if (rc == 0 && reply->errnum == 0 && *fd >= 0) {
		if (!restart)
			sr_recreate_made(call->req->id, *fd);
	} else {
		/* Gone before it could be given (-1): a claimed file waits
		 * for the next restart; anything else is this call's answer. */
		sr_recreate_settle(call->req->id, rc < 0);
	}
	return rc;
}

/* An open that failed once its path was read: the kernel takes an fd
 * number before it looks at the dirfd or the path, so with none free
 * the failure is EMFILE, whatever the lookup found.  O_CREAT with
 * O_DIRECTORY is refused before (EINVAL, Linux 6.4). */
static int fs_open_failed(struct sr_call *call, const struct fs_open_args *a, int errnum)
{
	bool before_fd = (a->flags & O_CREAT) && (a->flags & O_DIRECTORY);

	if (!before_fd && sr_task_fd_table_full((pid_t)call->req->pid))
		errnum = EMFILE;
	return sr_notif_reply_errno(call, errnum);
}

/* The open itself; `path` is left empty when it could not be read.
 * `dir`, when not NULL, is where the directory a relative path starts
 * from is kept for the caller's event (PATH_MAX bytes, left empty when
 * there is none or it cannot be read). */
static int fs_open(struct sr_call *call, struct fs_open_args *a_out, char *path, size_t size, char *dir)
{
	fs_cleanup_request struct fs_request r = { .fds = SR_PROTO_REQUEST_FDS_NONE };
	struct sr_proto_reply reply;
	struct fs_open_args a;
	int rc, fd;

	path[0] = '\0';
	if (dir != NULL)
		dir[0] = '\0';
	if ((rc = fs_open_args_of(call, &a)) != 0)
		return fs_reply_read_error(call, rc);
	*a_out = a;
	if ((rc = fs_read_path(call, a.path_addr, path, size)) != 0) {
		path[0] = '\0';
		return fs_reply_read_error(call, rc);
	}
	if (path[0] == '\0')
		return sr_notif_reply_errno(call, ENOENT);
	/* An absolute path leaves the dirfd at its first step
	 * (nd_jump_root): EXDEV, before the dirfd is looked at. */
	if (path[0] == '/' && (a.resolve & RESOLVE_BENEATH))
		return fs_open_failed(call, &a, EXDEV);
	/* RESOLVE_BENEATH and RESOLVE_IN_ROOT are relative to the dirfd
	 * even for an absolute path. */
	bool base_always = (a.resolve & (RESOLVE_BENEATH | RESOLVE_IN_ROOT)) != 0;
	/* Read while the task waits, before any reply lets it move on. */
	if (dir != NULL && (path[0] != '/' || base_always))
		fs_fd_target(call, a.dirfd, dir, PATH_MAX);
	if ((fs_names_fd_link(call, a.dirfd, path) || fs_names_own_namespace(path)) && a.resolve == 0) {
		if (!sr_notif_id_valid(call))
			return 0;
		return sr_notif_reply_continue(call);
	}
	/* With no fd number free, the kernel fails with EMFILE before it
	 * opens (fdtable.h), and the injection would fail only once the
	 * Gofer has truncated or made the file: an open that may do either
	 * looks first.  Not with O_DIRECTORY, which truncates nothing and
	 * with O_CREAT is EINVAL before EMFILE (Linux 6.4).  Left: a thread
	 * sharing the fd table that takes the last number, or a prlimit
	 * from another process, between this look and the injection; the
	 * open then fails with EMFILE having truncated or made the file. */
	if ((a.flags & (O_CREAT | O_TRUNC)) && !(a.flags & O_DIRECTORY) &&
	    sr_task_fd_table_full((pid_t)call->req->pid))
		return sr_notif_reply_errno(call, EMFILE);
	sr_proto_request_init(&r.req, SR_PROTO_OP_OPEN, 0);
	r.req.flags = (uint32_t)a.flags;
	r.req.mode = (uint32_t)a.mode;
	r.req.resolve = a.resolve;
	struct sr_error perr = { 0 };
	if ((rc = fs_set_path(call, &r, 1, a.dirfd, path, base_always, &perr)) != 0)
		return fs_open_failed(call, &a, rc);
	/* Without WAIT_KILLABLE_RECV a signal may end the call's wait after
	 * the file is made (recreate.h). */
	bool keep_made = (a.flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL) &&
			 !call->sentry->wait_killable_recv;
	if ((rc = fs_open_through_gofer(call, &r, &a, path, keep_made, &reply, &fd)) != 0)
		return rc < 0 ? 0 : fs_open_failed(call, &a, rc);
	if (reply.errnum != 0)
		return fs_open_failed(call, &a, reply.errnum);
	/* The Gofer checked an O_PATH open or a FIFO's: the kernel performs
	 * it (proto.h says why). */
	if (fd < 0)
		return sr_notif_reply_continue(call);
	rc = sr_notif_reply_fd(call, fd, (a.flags & O_CLOEXEC) != 0);
	if (keep_made)
		sr_recreate_settle(call->req->id, call->gone);
	close(fd);
	return rc;
}

/* The argv of an exec event, as JSON fields: a quarter of the event. */
#define FS_EXEC_ARGV_JSON_MAX (SR_EVENT_MAX / 4)

/* The directory of a relative path, as JSON fields: a quarter of the
 * event. */
#define FS_EVENT_DIR_JSON_MAX (SR_EVENT_MAX / 4)

/* What follows a path, or a directory, cut to fit an event. */
#define FS_EVENT_PATH_CUT ",\"path_truncated\":true"
#define FS_EVENT_DIR_CUT ",\"dir_truncated\":true"

/* `,"dir":` and the directory a relative path starts from (`dir`, empty
 * or NULL: nothing) in `out` (FS_EVENT_DIR_JSON_MAX bytes), cut to fit
 * and said to be. */
static bool fs_event_dir_field(char *out, const char *dir)
{
	size_t len = 0;
	bool cut;

	out[0] = '\0';
	if (dir == NULL || dir[0] == '\0')
		return true;
	return sr_json_append(out, FS_EVENT_DIR_JSON_MAX, &len, ",\"dir\":") &&
	       sr_json_string_cut(out, FS_EVENT_DIR_JSON_MAX, &len, dir, PATH_MAX, strlen(FS_EVENT_DIR_CUT),
				  &cut) &&
	       sr_json_append(out, FS_EVENT_DIR_JSON_MAX, &len, "%s", cut ? FS_EVENT_DIR_CUT : "");
}

/* `"path":` and the path, the directory it is relative to (`dir`: see
 * fs_event_dir_field), then `tail`: a path too long for the event
 * (padded with "/./", or escaped six-fold) is cut, and said to be,
 * rather than the event left out. */
static bool fs_event_path_fields(char *fields, size_t size, const char *path, size_t max,
				 const char *dir, const char *tail)
{
	char dir_json[FS_EVENT_DIR_JSON_MAX];
	size_t len = 0;
	bool cut;

	return fs_event_dir_field(dir_json, dir) &&
	       sr_json_append(fields, size, &len, "\"path\":") &&
	       sr_json_string_cut(fields, size, &len, path, max,
				  strlen(dir_json) + strlen(tail) + strlen(FS_EVENT_PATH_CUT), &cut) &&
	       sr_json_append(fields, size, &len, "%s%s%s", dir_json, tail, cut ? FS_EVENT_PATH_CUT : "");
}

/* An "open" event (--events): the path as the program gave it (and the
 * directory it is relative to, `dir`), its flags as --strace writes
 * them, and what came of it. */
static void fs_open_event(const struct sr_call *call, const struct sr_task_ids *ids,
			  const struct fs_open_args *a, const char *path, const char *dir)
{
	char fields[SR_EVENT_MAX * 3 / 4], tail[SR_EVENT_MAX / 8], flags[SR_FLAGS_TEXT_MAX];
	size_t len = 0;
	bool allowed = call->continued || call->result >= 0;

	sr_strace_format_open_flags(flags, sizeof(flags), a->flags);
	if (sr_json_append(tail, sizeof(tail), &len, ",\"flags\":") &&
	    sr_json_string(tail, sizeof(tail), &len, flags, sizeof(flags)) &&
	    sr_json_append(tail, sizeof(tail), &len, ",\"decision\":\"%s\"", allowed ? "allow" : "deny") &&
	    (allowed || sr_json_append(tail, sizeof(tail), &len, ",\"errno\":%lld",
				       (long long)-call->result)) &&
	    fs_event_path_fields(fields, sizeof(fields), path, SR_NOTIF_STRING_MAX, dir, tail))
		sr_event_emit_as(ids, "open", fields);
}

int sr_handle_open(struct sr_call *call, struct sr_error *err)
{
	struct fs_open_args a = { 0 };
	char path[SR_NOTIF_STRING_MAX], dir[PATH_MAX];
	struct sr_task_ids ids;
	/* Who asked, read before the reply lets the task go on and maybe
	 * exit. */
	bool told = sr_sentry_events_on();

	(void)err;
	if (told)
		sr_task_ids((pid_t)call->req->pid, &ids);
	int rc = fs_open(call, &a, path, sizeof(path), told ? dir : NULL);
	if (told && path[0] != '\0' && call->replied)
		fs_open_event(call, &ids, &a, path, dir);
	return rc;
}

/* --- stat, access, readlink ------------------------------------------------ */

/* Which path argument, base and flags a call of the stat group has. */
struct fs_lookup_args {
	int dirfd;
	uint64_t path_addr;
	uint32_t flags;            /* AT_* */
	/* NULL, or where the path read is kept (SR_NOTIF_STRING_MAX bytes,
	 * left empty when none was read), for the caller's event: the
	 * request's may be what follows an fd's link (fs_set_path). */
	char *asked;
	/* NULL, or where the directory a relative path starts from is kept
	 * (PATH_MAX bytes, left empty when there is none or it cannot be
	 * read), for the same event. */
	char *dir;
};

/* Ask the Gofer about one path.  Returns 1 with a successful reply,
 * 0 when the call was answered (or is gone). */
static int fs_lookup(struct sr_call *call, enum sr_proto_op op, const struct fs_lookup_args *a,
		     struct fs_request *r, struct sr_proto_reply *reply)
{
	char path[SR_NOTIF_STRING_MAX];
	struct sr_error perr = { 0 };
	int rc, fd;

	/* On an fd the program holds: the kernel's (see the top). */
	if (a->flags & AT_EMPTY_PATH) {
		sr_notif_reply_continue(call);
		return 0;
	}
	if ((rc = fs_read_path(call, a->path_addr, path, sizeof(path))) != 0) {
		fs_reply_read_error(call, rc);
		return 0;
	}
	if (a->asked != NULL)
		memcpy(a->asked, path, sizeof(path));
	/* Read while the task waits, before any reply lets it move on. */
	if (a->dir != NULL && path[0] != '\0' && path[0] != '/')
		fs_fd_target(call, a->dirfd, a->dir, PATH_MAX);
	if (path[0] == '\0') {
		/* readlinkat(fd, "") reads the link the fd is: also the kernel's. */
		if (op == SR_PROTO_OP_READLINK)
			sr_notif_reply_continue(call);
		else
			sr_notif_reply_errno(call, ENOENT);
		return 0;
	}
	/* [ -p /dev/stdin ]: what the fd is, as for open. */
	if (op != SR_PROTO_OP_READLINK && (fs_names_fd_link(call, a->dirfd, path) || fs_names_own_namespace(path))) {
		if (sr_notif_id_valid(call))
			sr_notif_reply_continue(call);
		return 0;
	}
	r->req.op = (uint16_t)op;
	r->req.flags = a->flags;
	if ((rc = fs_set_path(call, r, 1, a->dirfd, path, false, &perr)) != 0) {
		sr_notif_reply_errno(call, rc);
		return 0;
	}
	if (fs_ask(call, r, reply, &fd) == 0)
		return 0;
	if (fd >= 0) {
		close(fd);
		sr_notif_reply_errno(call, EIO);
		return 0;
	}
	return 1;
}

#define FS_STAT_FLAGS (AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH)
#define FS_ACCESS_FLAGS (AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)

static int fs_stat(struct sr_call *call)
{
	const __u64 *args = call->req->data.args;
	fs_cleanup_request struct fs_request r = { .fds = SR_PROTO_REQUEST_FDS_NONE };
	struct sr_proto_reply reply;
	struct fs_lookup_args a = { .dirfd = AT_FDCWD, .path_addr = args[0] };
	uint64_t out = args[1];

	if (call->req->data.nr == __NR_lstat) {
		a.flags = AT_SYMLINK_NOFOLLOW;
	} else if (call->req->data.nr == __NR_newfstatat) {
		a.dirfd = (int)args[0];
		a.path_addr = args[1];
		out = args[2];
		a.flags = (uint32_t)args[3];
		if (a.flags & ~(uint32_t)FS_STAT_FLAGS)
			return sr_notif_reply_errno(call, EINVAL);
	}
	sr_proto_request_init(&r.req, SR_PROTO_OP_STAT, 0);
	if (fs_lookup(call, SR_PROTO_OP_STAT, &a, &r, &reply) <= 0)
		return 0;
	return fs_reply_with_bytes(call, out, &reply.result.st, sizeof(reply.result.st), 0);
}

static int fs_statx(struct sr_call *call)
{
	const __u64 *args = call->req->data.args;
	fs_cleanup_request struct fs_request r = { .fds = SR_PROTO_REQUEST_FDS_NONE };
	struct sr_proto_reply reply;
	struct fs_lookup_args a = { .dirfd = (int)args[0], .path_addr = args[1], .flags = (uint32_t)args[2] };
	uint32_t mask = (uint32_t)args[3];

	if ((a.flags & ~(uint32_t)(FS_STAT_FLAGS | AT_STATX_SYNC_TYPE)) != 0 ||
	    (a.flags & AT_STATX_SYNC_TYPE) == AT_STATX_SYNC_TYPE || (mask & STATX__RESERVED))
		return sr_notif_reply_errno(call, EINVAL);
	sr_proto_request_init(&r.req, SR_PROTO_OP_STATX, 0);
	r.req.statx_mask = mask;
	if (fs_lookup(call, SR_PROTO_OP_STATX, &a, &r, &reply) <= 0)
		return 0;
	return fs_reply_with_bytes(call, args[4], &reply.result.stx, sizeof(reply.result.stx), 0);
}

static int fs_access(struct sr_call *call)
{
	const __u64 *args = call->req->data.args;
	fs_cleanup_request struct fs_request r = { .fds = SR_PROTO_REQUEST_FDS_NONE };
	struct sr_proto_reply reply;
	struct fs_lookup_args a = { .dirfd = AT_FDCWD, .path_addr = args[0] };
	uint32_t mode = (uint32_t)args[1];

	if (call->req->data.nr != __NR_access) {
		a.dirfd = (int)args[0];
		a.path_addr = args[1];
		mode = (uint32_t)args[2];
		if (call->req->data.nr == __NR_faccessat2)
			a.flags = (uint32_t)args[3];
	}
	if ((mode & ~(uint32_t)(R_OK | W_OK | X_OK)) != 0 || (a.flags & ~(uint32_t)FS_ACCESS_FLAGS) != 0)
		return sr_notif_reply_errno(call, EINVAL);
	sr_proto_request_init(&r.req, SR_PROTO_OP_ACCESS, 0);
	r.req.mode = mode;
	if (fs_lookup(call, SR_PROTO_OP_ACCESS, &a, &r, &reply) <= 0)
		return 0;
	return sr_notif_reply_value(call, 0);
}

static int fs_readlink(struct sr_call *call)
{
	const __u64 *args = call->req->data.args;
	fs_cleanup_request struct fs_request r = { .fds = SR_PROTO_REQUEST_FDS_NONE };
	struct sr_proto_reply reply;
	struct fs_lookup_args a = { .dirfd = AT_FDCWD, .path_addr = args[0] };
	uint64_t out = args[1];
	int bufsize = (int)args[2];

	if (call->req->data.nr == __NR_readlinkat) {
		a.dirfd = (int)args[0];
		a.path_addr = args[1];
		out = args[2];
		bufsize = (int)args[3];
	}
	if (bufsize <= 0)
		return sr_notif_reply_errno(call, EINVAL);
	sr_proto_request_init(&r.req, SR_PROTO_OP_READLINK, 0);
	if (fs_lookup(call, SR_PROTO_OP_READLINK, &a, &r, &reply) <= 0)
		return 0;
	size_t len = reply.result_len < (uint32_t)bufsize ? reply.result_len : (size_t)bufsize;
	return fs_reply_with_bytes(call, out, reply.result.link_target, len, (int64_t)len);
}

/* --- extended attributes, inotify watches, statfs ------------------------- */

_Static_assert(SR_PROTO_XATTR_NAME_MAX == XATTR_NAME_MAX + 1, "a name and its NUL fill the record's field");

/* The attribute name, checked as the kernel's import_xattr_name does
 * before it looks at the path: 0, or an errno (ERANGE for an empty name
 * or one longer than XATTR_NAME_MAX; ESRCH: the task is gone). */
static int fs_read_xattr_name(const struct sr_call *call, uint64_t addr, struct fs_request *r)
{
	char name[SR_PROTO_XATTR_NAME_MAX];
	struct sr_error perr = { 0 };
	ssize_t len = sr_notif_read_string(call, addr, name, sizeof(name));

	if (len < 0)
		return errno == ENAMETOOLONG ? ERANGE : errno;
	if (len == 0)
		return ERANGE;
	if (sr_proto_set_xattr_name(&r->req, name, &perr) < 0)
		return perr.errnum;
	return 0;
}

/* The answer of getxattr and listxattr: a size query (size 0) gets the
 * size; otherwise the bytes go into the caller's buffer.  The Gofer
 * answers ERANGE itself when they do not fit, so more bytes than asked
 * is a Gofer that misbehaves. */
static int fs_reply_xattr(struct sr_call *call, uint64_t addr, int64_t size,
			  const struct sr_proto_reply *reply)
{
	if (size == 0)
		return sr_notif_reply_value(call, reply->value);
	if (reply->result_len > (uint64_t)size)
		return sr_notif_reply_errno(call, EIO);
	return fs_reply_with_bytes(call, addr, reply->result.bytes, reply->result_len, reply->value);
}

/* The AT_* flags the *xattrat calls take (the kernel's path_*xattrat). */
#define FS_XATTRAT_FLAGS (AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)

/* setxattrat and getxattrat's struct xattr_args: 0, or an errno. */
static int fs_read_xattr_args(const struct sr_call *call, uint64_t addr, uint64_t size,
			      struct sr_xattr_args *xa)
{
	return fs_read_ext_struct(call, addr, size, SR_XATTR_ARGS_SIZE_VER0, xa, sizeof(*xa));
}

/* The path, base and AT_* flags of an *xattrat call (dirfd, path,
 * at_flags first): 0 with *on_fd, or an errno. */
static int fs_xattrat_lookup_args(const struct sr_call *call, struct fs_lookup_args *a, bool *on_fd)
{
	const __u64 *args = call->req->data.args;

	*a = (struct fs_lookup_args){ .dirfd = (int)args[0], .path_addr = args[1], .flags = (uint32_t)args[2] };
	return fs_empty_path_names_dirfd(call, a->path_addr, &a->flags, on_fd);
}

static int fs_getxattr(struct sr_call *call)
{
	const __u64 *args = call->req->data.args;
	fs_cleanup_request struct fs_request r = { .fds = SR_PROTO_REQUEST_FDS_NONE };
	struct sr_proto_reply reply;
	struct fs_lookup_args a = {
		.dirfd = AT_FDCWD, .path_addr = args[0],
		.flags = call->req->data.nr == __NR_lgetxattr ? AT_SYMLINK_NOFOLLOW : 0,
	};
	uint64_t name_addr = args[1], value_addr = args[2], value_size = args[3];
	int rc;

	if (call->req->data.nr == SYS_getxattrat) {
		struct sr_xattr_args xa;
		bool on_fd;
		if ((rc = fs_xattrat_lookup_args(call, &a, &on_fd)) != 0)
			return fs_reply_read_error(call, rc);
		if (on_fd)
			return fs_continue_on_fd(call);
		/* The kernel's order: the struct, its flags, the call's flags. */
		if ((rc = fs_read_xattr_args(call, args[4], args[5], &xa)) != 0)
			return fs_reply_read_error(call, rc);
		if (xa.flags != 0 || (a.flags & ~(uint32_t)FS_XATTRAT_FLAGS) != 0)
			return sr_notif_reply_errno(call, EINVAL);
		name_addr = args[3];
		value_addr = xa.value;
		value_size = xa.size;
	}
	/* A larger buffer is used as XATTR_SIZE_MAX bytes, as the kernel does. */
	int64_t size = value_size > XATTR_SIZE_MAX ? XATTR_SIZE_MAX : (int64_t)value_size;
	sr_proto_request_init(&r.req, SR_PROTO_OP_GETXATTR, 0);
	if ((rc = fs_read_xattr_name(call, name_addr, &r)) != 0)
		return fs_reply_read_error(call, rc);
	r.req.size = size;
	if (fs_lookup(call, SR_PROTO_OP_GETXATTR, &a, &r, &reply) <= 0)
		return 0;
	return fs_reply_xattr(call, value_addr, size, &reply);
}

static int fs_listxattr(struct sr_call *call)
{
	const __u64 *args = call->req->data.args;
	fs_cleanup_request struct fs_request r = { .fds = SR_PROTO_REQUEST_FDS_NONE };
	struct sr_proto_reply reply;
	struct fs_lookup_args a = {
		.dirfd = AT_FDCWD, .path_addr = args[0],
		.flags = call->req->data.nr == __NR_llistxattr ? AT_SYMLINK_NOFOLLOW : 0,
	};
	uint64_t list_addr = args[1], list_size = args[2];

	if (call->req->data.nr == SYS_listxattrat) {
		bool on_fd;
		int rc = fs_xattrat_lookup_args(call, &a, &on_fd);
		if (rc != 0)
			return fs_reply_read_error(call, rc);
		if (on_fd)
			return fs_continue_on_fd(call);
		if (a.flags & ~(uint32_t)FS_XATTRAT_FLAGS)
			return sr_notif_reply_errno(call, EINVAL);
		list_addr = args[3];
		list_size = args[4];
	}
	int64_t size = list_size > XATTR_LIST_MAX ? XATTR_LIST_MAX : (int64_t)list_size;
	sr_proto_request_init(&r.req, SR_PROTO_OP_LISTXATTR, 0);
	r.req.size = size;
	if (fs_lookup(call, SR_PROTO_OP_LISTXATTR, &a, &r, &reply) <= 0)
		return 0;
	return fs_reply_xattr(call, list_addr, size, &reply);
}

static int fs_statfs(struct sr_call *call)
{
	const __u64 *args = call->req->data.args;
	fs_cleanup_request struct fs_request r = { .fds = SR_PROTO_REQUEST_FDS_NONE };
	struct sr_proto_reply reply;
	struct fs_lookup_args a = { .dirfd = AT_FDCWD, .path_addr = args[0] };

	sr_proto_request_init(&r.req, SR_PROTO_OP_STATFS, 0);
	if (fs_lookup(call, SR_PROTO_OP_STATFS, &a, &r, &reply) <= 0)
		return 0;
	return fs_reply_with_bytes(call, args[1], &reply.result.sfs, sizeof(reply.result.sfs), 0);
}

/* The kernel's ALL_INOTIFY_BITS: a mask with none of them is EINVAL. */
#define FS_INOTIFY_ALL_BITS \
	(IN_ALL_EVENTS | IN_UNMOUNT | IN_Q_OVERFLOW | IN_IGNORED | IN_ONLYDIR | IN_DONT_FOLLOW | \
	 IN_EXCL_UNLINK | IN_MASK_CREATE | IN_MASK_ADD | IN_ISDIR | IN_ONESHOT)
/* The mask travels as fs_lookup's flags, which would read this bit as
 * "the call is on an fd the program holds". */
_Static_assert((FS_INOTIFY_ALL_BITS & AT_EMPTY_PATH) == 0, "no inotify bit reads as AT_EMPTY_PATH");
/* What /proc/PID/fd/N of an inotify instance reads. */
#define FS_INOTIFY_LINK "anon_inode:inotify"

/* The program's fd `fd`, an inotify instance, taken with fs_take_fd:
 * the same open file description, so that a watch the Gofer adds on it
 * is the program's.  0 and *out, or an errno as the kernel's: EBADF,
 * EINVAL when it is not an inotify instance (the Gofer is handed nothing
 * else); ESRCH when the task is gone. */
static int fs_take_inotify(const struct sr_call *call, int fd, int *out)
{
	char link[FS_PROC_LINK_MAX], target[sizeof(FS_INOTIFY_LINK)];
	int rc = fs_take_fd(call, fd, out);

	if (rc != 0)
		return rc;
	/* The Sentry's root is /proc (confine.c). */
	snprintf(link, sizeof(link), "/self/fd/%d", *out);
	ssize_t n = readlink(link, target, sizeof(target));
	if (n == (ssize_t)strlen(FS_INOTIFY_LINK) && memcmp(target, FS_INOTIFY_LINK, (size_t)n) == 0)
		return 0;
	close(*out);
	*out = -1;
	return EINVAL;
}

static int fs_inotify_add_watch(struct sr_call *call)
{
	const __u64 *args = call->req->data.args;
	const struct sr_proto_op_rule *rule = sr_proto_op_rule(SR_PROTO_OP_INOTIFY_ADD_WATCH);
	fs_cleanup_request struct fs_request r = { .fds = SR_PROTO_REQUEST_FDS_NONE };
	/* r.fds.inotify borrows it: the request releases its dirfds only. */
	sr_cleanup_close int inotify_fd = -1;
	struct sr_proto_reply reply;
	uint32_t mask = (uint32_t)args[2];
	int rc;

	/* The kernel's checks, in its order, before the path is looked at. */
	if (((mask & IN_MASK_ADD) && (mask & IN_MASK_CREATE)) || (mask & FS_INOTIFY_ALL_BITS) == 0)
		return sr_notif_reply_errno(call, EINVAL);
	if ((rc = fs_take_inotify(call, (int)args[0], &inotify_fd)) != 0)
		return fs_reply_read_error(call, rc);
	/* The bits the kernel only reports, never takes, do not travel. */
	struct fs_lookup_args a = { .dirfd = AT_FDCWD, .path_addr = args[1], .flags = mask & rule->allowed_flags };
	sr_proto_request_init(&r.req, SR_PROTO_OP_INOTIFY_ADD_WATCH, 0);
	r.fds.inotify = inotify_fd;
	r.req.fds |= SR_PROTO_FD_INOTIFY;
	if (fs_lookup(call, SR_PROTO_OP_INOTIFY_ADD_WATCH, &a, &r, &reply) <= 0)
		return 0;
	return sr_notif_reply_value(call, reply.value);
}

int sr_handle_stat(struct sr_call *call, struct sr_error *err)
{
	switch (call->req->data.nr) {
	case __NR_stat:
	case __NR_lstat:
	case __NR_newfstatat:
		return fs_stat(call);
	case __NR_statx:
		return fs_statx(call);
	case __NR_access:
	case __NR_faccessat:
	case __NR_faccessat2:
		return fs_access(call);
	case __NR_readlink:
	case __NR_readlinkat:
		return fs_readlink(call);
	case __NR_getxattr:
	case __NR_lgetxattr:
	case SYS_getxattrat:
		return fs_getxattr(call);
	case __NR_listxattr:
	case __NR_llistxattr:
	case SYS_listxattrat:
		return fs_listxattr(call);
	case __NR_statfs:
		return fs_statfs(call);
	case __NR_inotify_add_watch:
		return fs_inotify_add_watch(call);
	}
	return sr_fail(err, 0, "%s: not a call of the stat group", call->row->name);
}

/* --- the calls that change the tree ------------------------------------- */

/* A call that names a path, maybe a second one, and answers 0. */
struct fs_change {
	int dirfd;
	uint64_t path_addr;
	int dirfd2;                /* for a resolved path2 */
	uint64_t path2_addr;       /* for an operation with a path2 */
};

/* A change to an existing object that names no second path: what the
 * fd calls do to an fd. */
static bool fs_changes_the_object(uint16_t op)
{
	switch (op) {
	case SR_PROTO_OP_CHMOD:
	case SR_PROTO_OP_CHOWN:
	case SR_PROTO_OP_UTIMENS:
	case SR_PROTO_OP_TRUNCATE:
	case SR_PROTO_OP_SETXATTR:
	case SR_PROTO_OP_REMOVEXATTR:
		return true;
	default:
		return false;
	}
}

/* Read the path(s), ask the Gofer, answer 0 or its errno.  The request
 * holds the operation and its own fields already. */
static int fs_chown_on_fd(struct sr_call *call, struct fs_request *r, int base);

/* The directory a walk to the parent of `path` ends in, as a path that
 * names it: "a/b/" for "a/b/c" and "a/b/..", "/" for "/x" and "/", "."
 * for a name alone. */
static void fs_parent_path(const char *path, char *out, size_t size)
{
	size_t n = strlen(path);

	while (n > 1 && path[n - 1] == '/')
		n--;
	while (n > 0 && path[n - 1] != '/')
		n--;
	if (n == 0)
		snprintf(out, size, ".");
	else
		snprintf(out, size, "%.*s", (int)n, path);
}

/* rename and link take their second path, its copy (EFAULT,
 * ENAMETOOLONG), its emptiness (ENOENT) and its dirfd (EBADF), only
 * once the first is looked up: do_renameat2 walks to the source's
 * directory first, do_linkat finds the source.  `e`, the second path's
 * error, is answered after the Gofer's answer for that much: a stat of
 * the directory (rename) or of the source (link).  A link through an
 * fd link of the program's own is the kernel's to follow (fs_change),
 * and found. */
static int fs_second_path_failed(struct sr_call *call, const struct fs_request *r, const struct fs_change *c,
				 const char *path, int e)
{
	fs_cleanup_request struct fs_request first = { .fds = SR_PROTO_REQUEST_FDS_NONE };
	char parent[SR_NOTIF_STRING_MAX];
	struct sr_proto_reply reply;
	struct sr_error perr = { 0 };
	bool own;
	int rc, fd;

	if (e == ESRCH)
		return 0;
	sr_proto_request_init(&first.req, SR_PROTO_OP_STAT, 0);
	if (r->req.op == SR_PROTO_OP_RENAME) {
		fs_parent_path(path, parent, sizeof(parent));
		path = parent;
	} else if (!(r->req.flags & AT_SYMLINK_FOLLOW)) {
		first.req.flags = AT_SYMLINK_NOFOLLOW;
	} else if (fs_fd_link_number(call, c->dirfd, path, &own) != FS_NOT_OWN_FD) {
		return sr_notif_reply_errno(call, e);
	}
	if ((rc = fs_set_path(call, &first, 1, c->dirfd, path, false, &perr)) != 0)
		return sr_notif_reply_errno(call, rc);
	rc = fs_ask_gofer(call, &first, &reply, &fd);
	if (fd >= 0)
		close(fd);
	if (rc < 0)
		return 0;
	if (rc > 0)
		return sr_notif_reply_errno(call, rc);
	return sr_notif_reply_errno(call, reply.errnum != 0 ? reply.errnum : e);
}

static int fs_change(struct sr_call *call, struct fs_request *r, const struct fs_change *c)
{
	const struct sr_proto_op_rule *rule = sr_proto_op_rule(r->req.op);
	char path[SR_NOTIF_STRING_MAX], path2[SR_NOTIF_STRING_MAX];
	struct sr_error perr = { 0 };
	int rc;

	/* A symlink's target is its first argument, copied first
	 * (do_symlinkat). */
	if (rule->path2 == SR_PROTO_PATH2_LITERAL) {
		if ((rc = fs_read_path(call, c->path2_addr, path2, sizeof(path2))) != 0)
			return fs_reply_read_error(call, rc);
		if (path2[0] == '\0')
			return sr_notif_reply_errno(call, ENOENT);
	}
	if ((rc = fs_read_path(call, c->path_addr, path, sizeof(path))) != 0)
		return fs_reply_read_error(call, rc);
	if (path[0] == '\0')
		return sr_notif_reply_errno(call, ENOENT);
	if (rule->path2 == SR_PROTO_PATH2_RESOLVED) {
		rc = fs_read_path(call, c->path2_addr, path2, sizeof(path2));
		if (rc == 0 && path2[0] == '\0')
			rc = ENOENT;
		if (rc != 0)
			return fs_second_path_failed(call, r, c, path, rc);
	}
	/* On an fd the program holds, through its link: the kernel's, as
	 * fchmod, fchown, futimens, ftruncate and fsetxattr are; and on
	 * another process's (fs_fd_link_number).  So is
	 * linkat("/proc/self/fd/N", AT_SYMLINK_FOLLOW), open(2)'s way to
	 * give an O_TMPFILE a name: the Gofer, resolving the link's text,
	 * finds no name for a file that has none; the kernel follows the
	 * link to the file, and the mount view bounds the new name, as it
	 * does for AT_EMPTY_PATH (fs_link).  And so are unlink and rmdir
	 * of the link, which procfs lets only the process itself reach its
	 * refusal (EPERM, or ENOTDIR): the Gofer, another process, meets
	 * EACCES first.  Not /dev/stdin and the like, the view's own links,
	 * which are what unlink removes. */
	bool links_own_fd = r->req.op == SR_PROTO_OP_LINK && (r->req.flags & AT_SYMLINK_FOLLOW);
	bool removes = r->req.op == SR_PROTO_OP_UNLINK;
	bool own;
	int fd_n;
	if ((fs_changes_the_object(r->req.op) || links_own_fd || removes) &&
	    (fd_n = fs_fd_link_number(call, c->dirfd, path, &own)) != FS_NOT_OWN_FD &&
	    !(removes && fs_names_std_link(path))) {
		/* Except a chown of an own fd: the kernel would refuse an id
		 * the sandbox does not map with EINVAL, where natively it is
		 * EPERM; the Gofer makes it on the fd, as for fchown
		 * (fs_chown_on_fd).  Another process's fd cannot be taken so
		 * (pidfd_getfd asks for more than /proc lets): its chown
		 * stays the kernel's, EINVAL for such an id.  A number that
		 * is no fd of the program's is the kernel's to answer
		 * (ENOENT). */
		int base;
		if (own && r->req.op == SR_PROTO_OP_CHOWN && !(r->req.flags & AT_SYMLINK_NOFOLLOW) &&
		    fs_take_fd(call, fd_n, &base) == 0)
			return fs_chown_on_fd(call, r, base);
		if (!sr_notif_id_valid(call))
			return 0;
		return sr_notif_reply_continue(call);
	}
	if ((rc = fs_set_path(call, r, 1, c->dirfd, path, false, &perr)) != 0)
		return sr_notif_reply_errno(call, rc);
	if (rule->path2 == SR_PROTO_PATH2_LITERAL) {
		if (sr_proto_set_path2(&r->req, path2, &perr) < 0)
			return sr_notif_reply_errno(call, perr.errnum);
	} else if (rule->path2 == SR_PROTO_PATH2_RESOLVED) {
		if ((rc = fs_set_path(call, r, 2, c->dirfd2, path2, false, &perr)) != 0)
			return fs_second_path_failed(call, r, c, path, rc);
	}
	return fs_ask_change(call, r);
}

static int fs_mkdir(struct sr_call *call, struct fs_request *r)
{
	const __u64 *args = call->req->data.args;
	bool at = call->req->data.nr == __NR_mkdirat;
	struct fs_change c = { .dirfd = at ? (int)args[0] : AT_FDCWD, .path_addr = args[at ? 1 : 0] };

	sr_proto_request_init(&r->req, SR_PROTO_OP_MKDIR, 0);
	/* The kernel keeps the permission and sticky bits of a new dir. */
	r->req.mode = (uint32_t)args[at ? 2 : 1] & 01777;
	return fs_change(call, r, &c);
}

static int fs_mknod(struct sr_call *call, struct fs_request *r)
{
	const __u64 *args = call->req->data.args;
	bool at = call->req->data.nr == __NR_mknodat;
	struct fs_change c = { .dirfd = at ? (int)args[0] : AT_FDCWD, .path_addr = args[at ? 1 : 0] };
	uint32_t mode = (uint32_t)args[at ? 2 : 1];
	uint32_t type = mode & S_IFMT;

	/* The kernel's may_mknod, before the path.  A device is refused
	 * later, once the new name passed its checks (vfs_mknod): the
	 * Gofer's EPERM, as for a program without CAP_MKNOD. */
	if (type == S_IFDIR)
		return sr_notif_reply_errno(call, EPERM);
	if (type != 0 && type != S_IFREG && type != S_IFIFO && type != S_IFSOCK &&
	    type != S_IFCHR && type != S_IFBLK)
		return sr_notif_reply_errno(call, EINVAL);
	sr_proto_request_init(&r->req, SR_PROTO_OP_MKNOD, 0);
	r->req.mode = mode & (S_IFMT | 07777);
	return fs_change(call, r, &c);
}

static int fs_unlink(struct sr_call *call, struct fs_request *r)
{
	const __u64 *args = call->req->data.args;
	struct fs_change c = { .dirfd = AT_FDCWD, .path_addr = args[0] };
	uint32_t flags = 0;

	if (call->req->data.nr == __NR_rmdir) {
		flags = AT_REMOVEDIR;
	} else if (call->req->data.nr == __NR_unlinkat) {
		c.dirfd = (int)args[0];
		c.path_addr = args[1];
		flags = (uint32_t)args[2];
		if (flags & ~(uint32_t)AT_REMOVEDIR)
			return sr_notif_reply_errno(call, EINVAL);
	}
	sr_proto_request_init(&r->req, SR_PROTO_OP_UNLINK, 0);
	r->req.flags = flags;
	return fs_change(call, r, &c);
}

#define FS_RENAME_FLAGS (RENAME_NOREPLACE | RENAME_EXCHANGE | RENAME_WHITEOUT)

static int fs_rename(struct sr_call *call, struct fs_request *r)
{
	const __u64 *args = call->req->data.args;
	struct fs_change c = { .dirfd = AT_FDCWD, .path_addr = args[0], .dirfd2 = AT_FDCWD, .path2_addr = args[1] };
	uint32_t flags = 0;

	if (call->req->data.nr != __NR_rename) {
		c = (struct fs_change){ .dirfd = (int)args[0], .path_addr = args[1],
					.dirfd2 = (int)args[2], .path2_addr = args[3] };
		if (call->req->data.nr == __NR_renameat2)
			flags = (uint32_t)args[4];
	}
	if ((flags & ~(uint32_t)FS_RENAME_FLAGS) != 0 ||
	    ((flags & RENAME_EXCHANGE) && (flags & (RENAME_NOREPLACE | RENAME_WHITEOUT))))
		return sr_notif_reply_errno(call, EINVAL);
	sr_proto_request_init(&r->req, SR_PROTO_OP_RENAME, 0);
	r->req.flags = flags;
	return fs_change(call, r, &c);
}

/* linkat(fd, "", ..., AT_EMPTY_PATH).  The kernel lets only the
 * credentials that opened the file link it so (f_cred; or a holder of
 * CAP_DAC_READ_SEARCH).  A file the Gofer opened for the program, an
 * O_TMPFILE among them, carries the Gofer's: the Gofer links it, from
 * the program's own open file description, the new name resolved and
 * checked as any.  One the program opened itself (O_PATH, a FIFO, the
 * reopening of its own fd) carries the program's, and the Gofer's try
 * fails ENOENT as for any foreign file: then the kernel is asked, for
 * the program, the mount view bounding the new name. */
static int fs_link_fd(struct sr_call *call, struct fs_request *r, const struct fs_change *c)
{
	char path2[SR_NOTIF_STRING_MAX];
	struct sr_proto_reply reply;
	struct sr_error perr = { 0 };
	int rc, fd;

	/* The file first (EBADF), then the new name (fs_second_path_failed). */
	if (c->dirfd == AT_FDCWD) {
		/* The cwd, a directory, links as "." does: the new name's
		 * checks, then vfs_link's EPERM. */
		r->req.flags &= ~(uint32_t)AT_EMPTY_PATH;
		if ((rc = fs_set_path(call, r, 1, AT_FDCWD, ".", false, &perr)) != 0)
			return sr_notif_reply_errno(call, rc);
	} else {
		if ((rc = fs_take_fd(call, c->dirfd, &r->fds.dir)) != 0)
			return fs_reply_read_error(call, rc);
		r->req.fds |= SR_PROTO_FD_DIR;
	}
	if ((rc = fs_read_path(call, c->path2_addr, path2, sizeof(path2))) != 0)
		return fs_reply_read_error(call, rc);
	if (path2[0] == '\0')
		return sr_notif_reply_errno(call, ENOENT);
	if ((rc = fs_set_path(call, r, 2, c->dirfd2, path2, false, &perr)) != 0)
		return sr_notif_reply_errno(call, rc);
	rc = fs_ask_gofer(call, r, &reply, &fd);
	if (rc < 0)
		return 0;
	if (rc > 0)
		return sr_notif_reply_errno(call, rc);
	if (fd >= 0) {
		close(fd);
		return sr_notif_reply_errno(call, EIO);
	}
	if (reply.errnum == ENOENT) {
		if (!sr_notif_id_valid(call))
			return 0;
		return sr_notif_reply_continue(call);
	}
	if (reply.errnum != 0)
		return sr_notif_reply_errno(call, reply.errnum);
	return sr_notif_reply_value(call, 0);
}

static int fs_link(struct sr_call *call, struct fs_request *r)
{
	const __u64 *args = call->req->data.args;
	struct fs_change c = { .dirfd = AT_FDCWD, .path_addr = args[0], .dirfd2 = AT_FDCWD, .path2_addr = args[1] };
	uint32_t flags = 0;

	if (call->req->data.nr == __NR_linkat) {
		c = (struct fs_change){ .dirfd = (int)args[0], .path_addr = args[1],
					.dirfd2 = (int)args[2], .path2_addr = args[3] };
		flags = (uint32_t)args[4];
		if (flags & ~(uint32_t)(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH))
			return sr_notif_reply_errno(call, EINVAL);
	}
	sr_proto_request_init(&r->req, SR_PROTO_OP_LINK, 0);
	r->req.flags = flags;
	if (flags & AT_EMPTY_PATH) {
		char first;
		if (sr_notif_read_bytes(call, c.path_addr, &first, 1) < 0)
			return fs_reply_read_error(call, errno == ESRCH ? ESRCH : EFAULT);
		if (first == '\0')
			return fs_link_fd(call, r, &c);
	}
	return fs_change(call, r, &c);
}

static int fs_symlink(struct sr_call *call, struct fs_request *r)
{
	const __u64 *args = call->req->data.args;
	/* symlink(target, linkpath), symlinkat(target, dirfd, linkpath):
	 * the path resolved is the new link; the target is stored as is. */
	bool at = call->req->data.nr == __NR_symlinkat;
	struct fs_change c = { .dirfd = at ? (int)args[1] : AT_FDCWD, .path_addr = args[at ? 2 : 1],
			       .path2_addr = args[0] };

	sr_proto_request_init(&r->req, SR_PROTO_OP_SYMLINK, 0);
	return fs_change(call, r, &c);
}

static int fs_chmod(struct sr_call *call, struct fs_request *r)
{
	const __u64 *args = call->req->data.args;
	bool at = call->req->data.nr == __NR_fchmodat || call->req->data.nr == SYS_fchmodat2;
	struct fs_change c = { .dirfd = at ? (int)args[0] : AT_FDCWD, .path_addr = args[at ? 1 : 0] };
	uint32_t flags = 0;

	/* fchmodat2: the flags first, as the kernel's do_fchmodat. */
	if (call->req->data.nr == SYS_fchmodat2) {
		bool on_fd;
		int rc;
		flags = (uint32_t)args[3];
		if (flags & ~(uint32_t)(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
			return sr_notif_reply_errno(call, EINVAL);
		if ((rc = fs_empty_path_names_dirfd(call, c.path_addr, &flags, &on_fd)) != 0)
			return fs_reply_read_error(call, rc);
		if (on_fd)
			return fs_continue_on_fd(call);
	}
	sr_proto_request_init(&r->req, SR_PROTO_OP_CHMOD, 0);
	r->req.flags = flags;
	r->req.mode = (uint32_t)args[at ? 2 : 1] & 07777;
	return fs_change(call, r, &c);
}

/* chown of an fd the program holds: fchown, which the filter passes to
 * the kernel unless an id is one the sandbox does not map (filter.c),
 * and fchownat(fd, "", AT_EMPTY_PATH).  The kernel would answer EINVAL
 * for such an id; the Gofer makes the call on the fd and answers as
 * the kernel does outside a user namespace (gofer_chown).  `base` is the
 * fd, ours to close. */
static int fs_chown_on_fd(struct sr_call *call, struct fs_request *r, int base)
{
	r->fds.dir = base;
	r->req.fds |= SR_PROTO_FD_DIR;
	r->req.flags |= AT_EMPTY_PATH;
	return fs_ask_change(call, r);
}

static int fs_chown(struct sr_call *call, struct fs_request *r)
{
	const __u64 *args = call->req->data.args;
	struct fs_change c = { .dirfd = AT_FDCWD, .path_addr = args[0] };
	uint64_t uid = args[1], gid = args[2];
	uint32_t flags = 0;
	bool on_fd = false;
	int rc, base;

	if (call->req->data.nr == __NR_lchown) {
		flags = AT_SYMLINK_NOFOLLOW;
	} else if (call->req->data.nr == __NR_fchownat) {
		c.dirfd = (int)args[0];
		c.path_addr = args[1];
		uid = args[2];
		gid = args[3];
		flags = (uint32_t)args[4];
		if (flags & ~(uint32_t)(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
			return sr_notif_reply_errno(call, EINVAL);
		if ((rc = fs_empty_path_names_dirfd(call, c.path_addr, &flags, &on_fd)) != 0)
			return fs_reply_read_error(call, rc);
	}
	sr_proto_request_init(&r->req, SR_PROTO_OP_CHOWN, 0);
	r->req.flags = flags;
	r->req.uid = (uint32_t)uid;
	r->req.gid = (uint32_t)gid;
	if (call->req->data.nr == __NR_fchown) {
		/* fchown takes the file itself: an O_PATH fd is EBADF. */
		if ((rc = fs_take_fd(call, (int)args[0], &base)) != 0)
			return fs_reply_read_error(call, rc);
		int fl = fcntl(base, F_GETFL);
		if (fl < 0 || (fl & O_PATH)) {
			close(base);
			return sr_notif_reply_errno(call, EBADF);
		}
		return fs_chown_on_fd(call, r, base);
	}
	if (on_fd) {
		if ((rc = fs_open_base(call, c.dirfd, &base)) != 0)
			return fs_reply_read_error(call, rc);
		return fs_chown_on_fd(call, r, base);
	}
	return fs_change(call, r, &c);
}

/* The times of utimensat, utimes, futimesat and utime, as timespecs:
 * 0, or an errno.  No times at all is {UTIME_NOW, UTIME_NOW}. */
static int fs_read_times(const struct sr_call *call, uint64_t addr, struct sr_proto_timespec times[2])
{
	int nr = call->req->data.nr;

	times[0] = times[1] = (struct sr_proto_timespec){ .nsec = UTIME_NOW };
	if (addr == 0)
		return 0;
	if (nr == __NR_utimensat) {
		struct timespec ts[2];
		if (sr_notif_read_bytes(call, addr, ts, sizeof(ts)) < 0)
			return errno == ESRCH ? ESRCH : EFAULT;
		/* An nsec out of range is the Gofer's to refuse, once the
		 * path is found (vfs_utimes). */
		for (int i = 0; i < 2; i++)
			times[i] = (struct sr_proto_timespec){ .sec = ts[i].tv_sec, .nsec = ts[i].tv_nsec };
	} else if (nr == __NR_utime) {
		struct utimbuf ub;
		if (sr_notif_read_bytes(call, addr, &ub, sizeof(ub)) < 0)
			return errno == ESRCH ? ESRCH : EFAULT;
		times[0] = (struct sr_proto_timespec){ .sec = ub.actime };
		times[1] = (struct sr_proto_timespec){ .sec = ub.modtime };
	} else {
		struct timeval tv[2];
		if (sr_notif_read_bytes(call, addr, tv, sizeof(tv)) < 0)
			return errno == ESRCH ? ESRCH : EFAULT;
		for (int i = 0; i < 2; i++) {
			if (tv[i].tv_usec < 0 || tv[i].tv_usec >= 1000000)
				return EINVAL;
			times[i] = (struct sr_proto_timespec){ .sec = tv[i].tv_sec, .nsec = tv[i].tv_usec * 1000 };
		}
	}
	return 0;
}

static int fs_utimes(struct sr_call *call, struct fs_request *r)
{
	const __u64 *args = call->req->data.args;
	int nr = call->req->data.nr;
	bool at = nr == __NR_utimensat || nr == __NR_futimesat;
	struct fs_change c = { .dirfd = at ? (int)args[0] : AT_FDCWD, .path_addr = args[at ? 1 : 0] };
	uint32_t flags = nr == __NR_utimensat ? (uint32_t)args[3] : 0;
	uint64_t times_addr = args[at ? 2 : 1];
	int rc;

	/* The kernel's order: the times first, then the flags, then the path. */
	sr_proto_request_init(&r->req, SR_PROTO_OP_UTIMENS, 0);
	if ((rc = fs_read_times(call, times_addr, r->req.times)) != 0)
		return fs_reply_read_error(call, rc);
	/* Two UTIME_OMIT: nothing to do, and the path is not even looked at. */
	if (nr == __NR_utimensat && times_addr != 0 && r->req.times[0].nsec == UTIME_OMIT &&
	    r->req.times[1].nsec == UTIME_OMIT)
		return sr_notif_reply_value(call, 0);
	if (flags & ~(uint32_t)(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return sr_notif_reply_errno(call, EINVAL);
	/* futimens is utimensat(fd, NULL, ...), and futimesat(fd, NULL, ...)
	 * the same: on an fd the program holds. */
	if ((flags & AT_EMPTY_PATH) || (at && c.path_addr == 0))
		return sr_notif_reply_continue(call);
	r->req.flags = flags;
	return fs_change(call, r, &c);
}

static int fs_truncate(struct sr_call *call, struct fs_request *r)
{
	const __u64 *args = call->req->data.args;
	struct fs_change c = { .dirfd = AT_FDCWD, .path_addr = args[0] };

	if ((int64_t)args[1] < 0)
		return sr_notif_reply_errno(call, EINVAL);
	sr_proto_request_init(&r->req, SR_PROTO_OP_TRUNCATE, 0);
	r->req.size = (int64_t)args[1];
	/* The Gofer's own limit is not the caller's; a task gone answers
	 * nobody. */
	_Static_assert(SR_PROTO_FSIZE_NONE == UINT64_MAX, "unlimited is unlimited");
	if (sr_task_soft_limit((pid_t)call->req->pid, RLIMIT_FSIZE, &r->req.fsize_limit) != 0)
		return sr_notif_reply_errno(call, EIO);
	return fs_change(call, r, &c);
}

/* The path, base and AT_* flags of setxattrat or removexattrat, as
 * fs_xattrat_lookup_args: 0 with *on_fd, or an errno. */
static int fs_xattrat_change_args(const struct sr_call *call, struct fs_change *c, uint32_t *at_flags,
				  bool *on_fd)
{
	const __u64 *args = call->req->data.args;

	*c = (struct fs_change){ .dirfd = (int)args[0], .path_addr = args[1] };
	*at_flags = (uint32_t)args[2];
	return fs_empty_path_names_dirfd(call, c->path_addr, at_flags, on_fd);
}

static int fs_setxattr(struct sr_call *call, struct fs_request *r)
{
	const __u64 *args = call->req->data.args;
	struct fs_change c = { .dirfd = AT_FDCWD, .path_addr = args[0] };
	unsigned char value[SR_PROTO_XATTR_VALUE_MAX];
	struct sr_error perr = { 0 };
	uint64_t name_addr = args[1], value_addr = args[2], size = args[3];
	uint32_t flags = (uint32_t)args[4];
	uint32_t at_flags = call->req->data.nr == __NR_lsetxattr ? AT_SYMLINK_NOFOLLOW : 0;
	int rc;

	if (call->req->data.nr == SYS_setxattrat) {
		struct sr_xattr_args xa;
		bool on_fd;
		if ((rc = fs_xattrat_change_args(call, &c, &at_flags, &on_fd)) != 0)
			return fs_reply_read_error(call, rc);
		if (on_fd)
			return fs_continue_on_fd(call);
		/* The kernel's order: the struct, then the call's flags. */
		if ((rc = fs_read_xattr_args(call, args[4], args[5], &xa)) != 0)
			return fs_reply_read_error(call, rc);
		if (at_flags & ~(uint32_t)FS_XATTRAT_FLAGS)
			return sr_notif_reply_errno(call, EINVAL);
		name_addr = args[3];
		value_addr = xa.value;
		size = xa.size;
		flags = xa.flags;
	}
	/* The kernel's setxattr_copy: flags, name, then value, before the path. */
	if (flags & ~(uint32_t)(XATTR_CREATE | XATTR_REPLACE))
		return sr_notif_reply_errno(call, EINVAL);
	sr_proto_request_init(&r->req, SR_PROTO_OP_SETXATTR, 0);
	if ((rc = fs_read_xattr_name(call, name_addr, r)) != 0)
		return fs_reply_read_error(call, rc);
	/* E2BIG, as the kernel's beyond XATTR_SIZE_MAX, but from the
	 * record's smaller bound on (proto.h). */
	_Static_assert(SR_PROTO_XATTR_VALUE_MAX <= XATTR_SIZE_MAX, "the record's bound is the tighter");
	if (size > sizeof(value))
		return sr_notif_reply_errno(call, E2BIG);
	if (size > 0 && sr_notif_read_bytes(call, value_addr, value, (size_t)size) < 0)
		return fs_reply_read_error(call, errno == ESRCH ? ESRCH : EFAULT);
	if (sr_proto_set_xattr_value(&r->req, value, (size_t)size, &perr) < 0)
		return sr_notif_reply_errno(call, perr.errnum);
	r->req.flags = flags | (at_flags & AT_SYMLINK_NOFOLLOW);
	return fs_change(call, r, &c);
}

static int fs_removexattr(struct sr_call *call, struct fs_request *r)
{
	const __u64 *args = call->req->data.args;
	struct fs_change c = { .dirfd = AT_FDCWD, .path_addr = args[0] };
	uint64_t name_addr = args[1];
	uint32_t at_flags = call->req->data.nr == __NR_lremovexattr ? AT_SYMLINK_NOFOLLOW : 0;
	int rc;

	if (call->req->data.nr == SYS_removexattrat) {
		bool on_fd;
		if ((rc = fs_xattrat_change_args(call, &c, &at_flags, &on_fd)) != 0)
			return fs_reply_read_error(call, rc);
		if (on_fd)
			return fs_continue_on_fd(call);
		if (at_flags & ~(uint32_t)FS_XATTRAT_FLAGS)
			return sr_notif_reply_errno(call, EINVAL);
		name_addr = args[3];
	}
	sr_proto_request_init(&r->req, SR_PROTO_OP_REMOVEXATTR, 0);
	if ((rc = fs_read_xattr_name(call, name_addr, r)) != 0)
		return fs_reply_read_error(call, rc);
	r->req.flags = at_flags & AT_SYMLINK_NOFOLLOW;
	return fs_change(call, r, &c);
}

/* chdir: checked by the Gofer, then performed by the kernel, which must
 * change the program's own cwd; the mount view bounds a racing swap. */
static int fs_chdir(struct sr_call *call, struct fs_request *r)
{
	struct sr_proto_reply reply;
	struct fs_lookup_args a = { .dirfd = AT_FDCWD, .path_addr = call->req->data.args[0] };

	sr_proto_request_init(&r->req, SR_PROTO_OP_CHDIR_CHECK, 0);
	if (fs_lookup(call, SR_PROTO_OP_CHDIR_CHECK, &a, r, &reply) <= 0)
		return 0;
	return sr_notif_reply_continue(call);
}

/* An "exec" event (--events): the path (and the directory it is
 * relative to, `dir`), the fd of an exec through one (-1: none), the
 * errno of a refusal (result < 0) or "allow", and argv (`argv`: its
 * JSON fields). */
static void fs_exec_event(const struct sr_task_ids *ids, const char *path, size_t max, const char *dir,
			  int fd, int64_t result, const char *argv)
{
	char fields[SR_EVENT_MAX * 3 / 4], tail[FS_EXEC_ARGV_JSON_MAX + SR_EVENT_MAX / 8];
	size_t len = 0;

	if ((fd < 0 || sr_json_append(tail, sizeof(tail), &len, ",\"fd\":%d", fd)) &&
	    (result < 0 ? sr_json_append(tail, sizeof(tail), &len, ",\"decision\":\"deny\",\"errno\":%lld",
					 (long long)-result)
			: sr_json_append(tail, sizeof(tail), &len, ",\"decision\":\"allow\"")) &&
	    sr_json_append(tail, sizeof(tail), &len, "%s", argv) &&
	    fs_event_path_fields(fields, sizeof(fields), path, max, dir, tail))
		sr_event_emit_as(ids, "exec", fields);
}

int sr_fs_check_exec(struct sr_call *call, int dirfd, uint64_t path_addr, uint32_t flags,
		     uint64_t argv_addr)
{
	fs_cleanup_request struct fs_request r = { .fds = SR_PROTO_REQUEST_FDS_NONE };
	struct sr_proto_reply reply;
	char asked[SR_NOTIF_STRING_MAX] = "", dir[PATH_MAX] = "";
	struct fs_lookup_args a = { .dirfd = dirfd, .path_addr = path_addr, .flags = flags, .asked = asked };
	bool on_fd;
	int rc;

	if (flags & ~(uint32_t)(AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW | AT_EXECVE_CHECK)) {
		/* The kernel copies the path before it looks at the flags. */
		char path[PATH_MAX];
		if ((rc = fs_read_path(call, path_addr, path, sizeof(path))) != 0)
			return fs_reply_read_error(call, rc);
		return sr_notif_reply_errno(call, path[0] == '\0' && !(flags & AT_EMPTY_PATH) ? ENOENT : EINVAL);
	}
	/* AT_EXECVE_CHECK asks whether the file would run: the same check,
	 * then the kernel's (EINVAL before Linux 6.14), and nothing runs,
	 * so there is no exec to record. */
	a.flags &= ~(uint32_t)AT_EXECVE_CHECK;
	sr_proto_request_init(&r.req, SR_PROTO_OP_EXEC_CHECK, 0);
	/* Who asked and with what, read before a refusal lets the task go
	 * on.  What a racing thread writes after is not recorded: the
	 * event says what the program asked for when it was checked. */
	struct sr_task_ids ids;
	char argv[FS_EXEC_ARGV_JSON_MAX];
	size_t argv_len = 0;
	bool told = sr_sentry_events_on() && !(flags & AT_EXECVE_CHECK);
	if (told) {
		a.dir = dir;
		sr_task_ids((pid_t)call->req->pid, &ids);
		if (!sr_exec_argv_json(call, argv_addr, argv, sizeof(argv), &argv_len))
			argv[0] = '\0';
	}
	/* fexecve: the file is the fd's, bounded by the mount view as any
	 * call on an fd the program holds (see the top).  It is recorded
	 * all the same, by what the fd is: a memfd runs what never was a
	 * file of the view.  The kernel reads the fd again, so a thread
	 * swapping it meanwhile blurs the record, never a decision. */
	if ((rc = fs_empty_path_names_dirfd(call, path_addr, &a.flags, &on_fd)) != 0)
		return fs_reply_read_error(call, rc);
	if (on_fd) {
		if (told) {
			char target[SR_NOTIF_STRING_MAX];
			fs_fd_target(call, dirfd, target, sizeof(target));
			fs_exec_event(&ids, target, sizeof(target), NULL, dirfd, 0, argv);
		}
		return fs_continue_on_fd(call);
	}
	if (fs_lookup(call, SR_PROTO_OP_EXEC_CHECK, &a, &r, &reply) <= 0) {
		/* A refusal on a path that was read (not a bad pointer), or
		 * one of the program's fds by its /proc link, continued. */
		if (told && call->replied && asked[0] != '\0' && (call->continued || call->result < 0))
			fs_exec_event(&ids, asked, sizeof(asked), dir, -1, call->continued ? 0 : call->result,
				      argv);
		return 0;
	}
	if (told)
		fs_exec_event(&ids, asked, sizeof(asked), dir, -1, 0, argv);
	return sr_notif_reply_continue(call);
}

int sr_handle_path(struct sr_call *call, struct sr_error *err)
{
	fs_cleanup_request struct fs_request r = { .fds = SR_PROTO_REQUEST_FDS_NONE };

	switch (call->req->data.nr) {
	case __NR_mkdir:
	case __NR_mkdirat:
		return fs_mkdir(call, &r);
	case __NR_mknod:
	case __NR_mknodat:
		return fs_mknod(call, &r);
	case __NR_unlink:
	case __NR_unlinkat:
	case __NR_rmdir:
		return fs_unlink(call, &r);
	case __NR_rename:
	case __NR_renameat:
	case __NR_renameat2:
		return fs_rename(call, &r);
	case __NR_link:
	case __NR_linkat:
		return fs_link(call, &r);
	case __NR_symlink:
	case __NR_symlinkat:
		return fs_symlink(call, &r);
	case __NR_chmod:
	case __NR_fchmodat:
	case SYS_fchmodat2:
		return fs_chmod(call, &r);
	case __NR_chown:
	case __NR_lchown:
	case __NR_fchown:
	case __NR_fchownat:
		return fs_chown(call, &r);
	case __NR_utime:
	case __NR_utimes:
	case __NR_futimesat:
	case __NR_utimensat:
		return fs_utimes(call, &r);
	case __NR_truncate:
		return fs_truncate(call, &r);
	case __NR_chdir:
		return fs_chdir(call, &r);
	case __NR_setxattr:
	case __NR_lsetxattr:
	case SYS_setxattrat:
		return fs_setxattr(call, &r);
	case __NR_removexattr:
	case __NR_lremovexattr:
	case SYS_removexattrat:
		return fs_removexattr(call, &r);
	}
	return sr_fail(err, 0, "%s: no path handler", call->row->name);
}
