/* The Sentry <-> Gofer wire protocol, shared by those two only.
 *
 * One request or one reply is one fixed-size record over SOCK_SEQPACKET
 * (bubblewrap's privileged-op records, OpenSSH's monitor).  The record IS
 * the struct below: fixed-width fields, no implicit padding (checked at
 * compile time), both ends being the same binary on the same host.  Each
 * side treats the other's bytes as hostile: a decoder checks every field
 * and refuses the record with EPROTO and a message naming what was wrong.
 *
 * On the wire a record stops after the last byte its length fields say
 * is in use (the strings and their NUL, the result): the rest of a
 * record is zero by construction, and the receiver zero-fills it.  A
 * request for one short path is then a few hundred bytes, not 12 KB,
 * whose copies were a tenth of a round trip (DESIGN §4).  A record
 * shorter than its fields say, or with anything but zeros past them, is
 * refused like any other malformed one.
 *
 * Fds travel beside the record with SCM_RIGHTS (sr_send_fds/sr_recv_fds of
 * util.c): a request's directory fds, which the Sentry took from the
 * program with pidfd_getfd, and a successful OPEN's reply fd. */
#ifndef SENTRY_RUN_PROTO_H
#define SENTRY_RUN_PROTO_H

#include <fcntl.h>
#include <linux/openat2.h>
#include <stdbool.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/statfs.h>

#include "compat.h"
#include "util.h"

#define SR_PROTO_MAGIC 0x53524746u     /* "SRGF" */
#define SR_PROTO_VERSION 1

/* A path travels with its terminating NUL, so at most PATH_MAX - 1 bytes
 * as the kernel's getname() allows. */
#define SR_PROTO_PATH_MAX 4096
/* XATTR_NAME_MAX (255) plus the NUL. */
#define SR_PROTO_XATTR_NAME_MAX 256
/* An xattr value or name list.  The kernel allows 64 KiB (XATTR_SIZE_MAX),
 * which would make every record 16 times bigger for a call that is rare;
 * one page holds what real programs store (capabilities, SELinux labels,
 * ACLs of a few hundred entries).  A larger value is refused with E2BIG. */
#define SR_PROTO_XATTR_VALUE_MAX 4096

/* Every O_* flag open(2) knows; the Sentry drops unknown bits of open and
 * openat first, as the kernel ignores them there (openat2 refuses them). */
#define SR_PROTO_OPEN_FLAGS \
	(O_ACCMODE | O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_APPEND | O_NONBLOCK | \
	 O_DSYNC | O_ASYNC | O_DIRECT | SR_KERNEL_O_LARGEFILE | O_DIRECTORY | O_NOFOLLOW | \
	 O_NOATIME | O_CLOEXEC | O_SYNC | O_PATH | O_TMPFILE)
/* What makes an open create a file (the kernel's WILL_CREATE): O_CREAT
 * and the kernel's __O_TMPFILE bit.  Not glibc's __O_TMPFILE, which is
 * O_TMPFILE and holds O_DIRECTORY: every O_DIRECTORY open would count. */
#define SR_PROTO_OPEN_CREATES (O_CREAT | (O_TMPFILE & ~O_DIRECTORY))
#define SR_PROTO_RESOLVE_FLAGS \
	(RESOLVE_NO_XDEV | RESOLVE_NO_MAGICLINKS | RESOLVE_NO_SYMLINKS | RESOLVE_BENEATH | \
	 RESOLVE_IN_ROOT | RESOLVE_CACHED)

/* The small result of a reply: the largest of a link target and an xattr
 * value, which also holds struct stat, struct statx and struct statfs. */
#define SR_PROTO_RESULT_MAX 4096
/* What a umask may hold (umask(2) keeps these bits). */
#define SR_PROTO_UMASK_BITS 0777
/* A TRUNCATE's fsize_limit when the caller has none (RLIM_INFINITY). */
#define SR_PROTO_FSIZE_NONE UINT64_MAX

/* Operation numbers are part of the wire format: append, never reorder. */
enum sr_proto_op {
	SR_PROTO_OP_NONE = 0,      /* never served: an all-zero record is refused */
	SR_PROTO_OP_OPEN,          /* openat2: flags O_*, mode, resolve RESOLVE_* */
	SR_PROTO_OP_STAT,          /* newfstatat: AT_SYMLINK_NOFOLLOW, AT_EMPTY_PATH */
	SR_PROTO_OP_STATX,         /* statx: flags AT_*, statx_mask */
	SR_PROTO_OP_ACCESS,        /* faccessat2: mode R_OK|W_OK|X_OK, AT_EACCESS */
	SR_PROTO_OP_READLINK,      /* readlinkat (AT_EMPTY_PATH: the link the dirfd is) */
	SR_PROTO_OP_MKDIR,
	SR_PROTO_OP_MKNOD,         /* mode with S_IFMT, dev */
	SR_PROTO_OP_UNLINK,        /* AT_REMOVEDIR */
	SR_PROTO_OP_RENAME,        /* renameat2: path -> path2, RENAME_* */
	SR_PROTO_OP_LINK,          /* linkat: path -> path2, AT_SYMLINK_FOLLOW */
	SR_PROTO_OP_SYMLINK,       /* symlinkat: path2 is the target, path the new link */
	SR_PROTO_OP_CHMOD,
	SR_PROTO_OP_CHOWN,
	SR_PROTO_OP_UTIMENS,       /* times[]; no times is {UTIME_NOW, UTIME_NOW} */
	SR_PROTO_OP_TRUNCATE,      /* size */
	SR_PROTO_OP_CHDIR_CHECK,   /* may the task chdir there (the Sentry continues) */
	SR_PROTO_OP_EXEC_CHECK,    /* may the task execve it (the Sentry continues) */
	SR_PROTO_OP_INOTIFY_ADD_WATCH, /* the program's inotify fd travels; flags = IN_* mask */
	SR_PROTO_OP_GETXATTR,      /* size = the caller's buffer (0: ask the size) */
	SR_PROTO_OP_SETXATTR,      /* flags XATTR_CREATE|XATTR_REPLACE */
	SR_PROTO_OP_LISTXATTR,     /* size as for GETXATTR */
	SR_PROTO_OP_REMOVEXATTR,
	SR_PROTO_OP_STATFS,
	SR_PROTO_OP_COUNT
};

/* Fds that accompany a request, in this order on the wire. */
enum {
	SR_PROTO_FD_DIR = 1u << 0,      /* base of a relative `path` */
	SR_PROTO_FD_DIR2 = 1u << 1,     /* base of a relative `path2` */
	SR_PROTO_FD_INOTIFY = 1u << 2,  /* the program's inotify instance */
};
#define SR_PROTO_REQUEST_FDS_MAX 3

/* What `path2` is for an operation. */
enum sr_proto_path2 {
	SR_PROTO_PATH2_NONE,       /* unused: length 0 */
	SR_PROTO_PATH2_RESOLVED,   /* a path the Gofer resolves (rename, link target dir) */
	SR_PROTO_PATH2_LITERAL,    /* stored as is (a symlink's target) */
};

/* How `mode` is read for an operation. */
enum sr_proto_mode {
	SR_PROTO_MODE_NONE,        /* must be 0 */
	SR_PROTO_MODE_PERMS,       /* permission bits 07777 */
	SR_PROTO_MODE_MKNOD,       /* a file type (or 0) plus permission bits */
	SR_PROTO_MODE_ACCESS,      /* R_OK|W_OK|X_OK */
};

/* The small result a successful reply carries. */
enum sr_proto_result {
	SR_PROTO_RESULT_NONE = 0,
	SR_PROTO_RESULT_STAT,          /* struct stat */
	SR_PROTO_RESULT_STATX,         /* struct statx */
	SR_PROTO_RESULT_STATFS,        /* struct statfs */
	SR_PROTO_RESULT_LINK_TARGET,   /* bytes, NUL-free, NUL after them */
	SR_PROTO_RESULT_XATTR_VALUE,   /* bytes */
	SR_PROTO_RESULT_XATTR_LIST,    /* NUL-terminated names */
	SR_PROTO_RESULT_COUNT
};

/* The longest an answer may be given again (cache_ms). */
#define SR_PROTO_CACHE_MS_MAX 10000

/* A reply's errnum that is not an errno: the request left nspid 0 and
 * its path met /proc/self or /proc/thread-self (see nspid below).  Never
 * an answer for the program. */
#define SR_PROTO_NEED_TASK_IDS 0x10000

/* What a successful reply's `value` means. */
enum sr_proto_value {
	SR_PROTO_VALUE_ZERO,       /* always 0 */
	SR_PROTO_VALUE_LENGTH,     /* equals result_len (readlink) */
	SR_PROTO_VALUE_SIZE,       /* the full size; result_len is 0 (a size query) or equal */
	SR_PROTO_VALUE_WATCH,      /* an inotify watch descriptor, >= 1 */
};

/* Which optional request fields an operation reads; the others must be 0. */
enum {
	SR_PROTO_USES_RESOLVE = 1u << 0,
	SR_PROTO_USES_DEV = 1u << 1,
	SR_PROTO_USES_OWNER = 1u << 2,
	SR_PROTO_USES_TIMES = 1u << 3,
	SR_PROTO_USES_SIZE = 1u << 4,
	SR_PROTO_USES_STATX_MASK = 1u << 5,
	SR_PROTO_USES_XATTR_NAME = 1u << 6,
	SR_PROTO_USES_XATTR_VALUE = 1u << 7,
	SR_PROTO_USES_UMASK = 1u << 8,
	SR_PROTO_USES_FSIZE_LIMIT = 1u << 9,
};

/* The permission table (OpenSSH monitor.c): every operation the Gofer
 * serves has one row; an operation without a row is refused. */
struct sr_proto_op_rule {
	const char *name;          /* for logs; NULL: not served */
	uint32_t allowed_flags;    /* `flags` must be a subset */
	bool empty_path;           /* an empty path names the dirfd (AT_EMPTY_PATH) */
	uint32_t fds_allowed;      /* SR_PROTO_FD_* that may accompany the request */
	uint32_t fds_required;     /* SR_PROTO_FD_* that must */
	uint32_t uses;             /* SR_PROTO_USES_* */
	enum sr_proto_mode mode;
	enum sr_proto_path2 path2;
	bool writes;               /* needs a writable location (policy: EROFS) */
	bool reply_fd;             /* a successful reply carries exactly one fd */
	bool may_continue;         /* ...or none, with value SR_PROTO_CONTINUE */
	bool may_cache;            /* a reply may say it can be given again (cache_ms) */
	enum sr_proto_result result;
	enum sr_proto_value value;
};

/* An OPEN with O_PATH is checked by the Gofer but cannot be served by
 * injection: SECCOMP_IOCTL_NOTIF_ADDFD refuses O_PATH fds (EBADF, DESIGN
 * §4).  Its successful reply therefore carries no fd and this value, and
 * the Sentry CONTINUEs the syscall, which the mount view bounds (DESIGN
 * §2): an O_PATH fd reads and writes nothing.  So does an OPEN of a FIFO
 * the policy allows: its open blocks until the other end comes, which
 * only the kernel can let the program's signals interrupt (DESIGN §4). */
#define SR_PROTO_CONTINUE 1

/* The rule for `op`, or NULL when the Gofer does not serve it. */
const struct sr_proto_op_rule *sr_proto_op_rule(uint32_t op);
/* A name for logs, also for unknown numbers ("op#42"). */
const char *sr_proto_op_name(uint32_t op, char *buf, size_t size);

struct sr_proto_timespec {
	int64_t sec;
	/* 0..999999999, UTIME_NOW or UTIME_OMIT; any other value is the
	 * program's, which the Gofer refuses with EINVAL once the path is
	 * found, as the kernel does. */
	int64_t nsec;
};

struct sr_proto_request {
	uint32_t magic;
	uint16_t version;
	uint16_t op;               /* enum sr_proto_op */
	uint64_t id;               /* chosen by the Sentry, echoed in the reply */
	int32_t pid;               /* the calling task's host pid, for logs only */
	uint32_t fds;              /* SR_PROTO_FD_* that accompany the record */
	uint32_t flags;            /* O_*, AT_*, RENAME_*, IN_* or XATTR_*: see the table */
	uint32_t mode;
	uint64_t resolve;          /* RESOLVE_* (OPEN) */
	uint64_t dev;              /* MKNOD */
	uint32_t uid;              /* CHOWN; (uint32_t)-1 leaves it */
	uint32_t gid;
	int64_t size;              /* TRUNCATE length; xattr: the caller's buffer size */
	struct sr_proto_timespec times[2];  /* UTIMENS: atime, mtime */
	uint32_t statx_mask;       /* STATX */
	uint32_t path_len;         /* bytes before the NUL */
	uint32_t path2_len;
	uint32_t xattr_name_len;
	uint32_t xattr_value_len;
	/* The calling task's pid and tid in the sandbox's pid namespace (the
	 * NSpid line of its status), for /proc/self and /proc/thread-self:
	 * the Gofer is not in that namespace, so its own /proc/self would
	 * name nothing there.  0: not sent (reading them costs the Sentry a
	 * /proc read per call, and most paths never meet those links): a
	 * walk that meets one is answered SR_PROTO_NEED_TASK_IDS, and the
	 * Sentry asks again with them. */
	int32_t nspid;
	int32_t nstid;
	/* Creating calls: the caller's umask, under which the Gofer creates
	 * (a default ACL of the parent then wins over it, as for the caller:
	 * acl(5)); 0777 at most. */
	uint32_t umask;
	/* TRUNCATE: the caller's RLIMIT_FSIZE soft limit, which the kernel
	 * holds a growth to (the caller's, not the Gofer's: EFBIG, and
	 * SIGXFSZ that the Sentry raises); SR_PROTO_FSIZE_NONE: none. */
	uint64_t fsize_limit;
	char path[SR_PROTO_PATH_MAX];
	char path2[SR_PROTO_PATH_MAX];
	char xattr_name[SR_PROTO_XATTR_NAME_MAX];
	unsigned char xattr_value[SR_PROTO_XATTR_VALUE_MAX];
};

union sr_proto_result_data {
	struct stat st;
	struct statx stx;
	struct statfs sfs;
	char link_target[SR_PROTO_RESULT_MAX];
	unsigned char bytes[SR_PROTO_RESULT_MAX];
};

struct sr_proto_reply {
	uint32_t magic;
	uint16_t version;
	uint16_t op;               /* the request's, echoed */
	uint64_t id;               /* the request's, echoed */
	int32_t errnum;            /* 0: success; else an errno for the program */
	uint32_t has_fd;           /* 1: one fd accompanies the record */
	int64_t value;             /* see enum sr_proto_value */
	uint32_t result_kind;      /* enum sr_proto_result */
	uint32_t result_len;
	/* How long the Sentry may give this same answer to the same request
	 * without asking (0: never).  The Gofer says so only of a lookup
	 * whose object, and every link followed to it, lie with all their
	 * ancestors where nothing is writable in the view (read-only,
	 * hidden or absent, not /proc), so that no program of the sandbox
	 * can change the answer; the host may, under a read-only bind,
	 * and is seen at most this late.  Never with an fd or a continue,
	 * and for OPEN only a failure. */
	uint32_t cache_ms;
	uint32_t reserved[5];      /* zero */
	union sr_proto_result_data result;
};

/* Building records.  Init zeroes the whole record, so that nothing stale
 * crosses the socket, and sets magic, version, op and id. */
void sr_proto_request_init(struct sr_proto_request *req, enum sr_proto_op op, uint64_t id);
/* Copy a string field, with its length, zeroing the rest of the field.
 * Fail with ENAMETOOLONG (strings) or E2BIG (the value) when it does not
 * fit the record. */
int sr_proto_set_path(struct sr_proto_request *req, const char *path, struct sr_error *err);
int sr_proto_set_path2(struct sr_proto_request *req, const char *path, struct sr_error *err);
int sr_proto_set_xattr_name(struct sr_proto_request *req, const char *name, struct sr_error *err);
int sr_proto_set_xattr_value(struct sr_proto_request *req, const void *value, size_t len,
			     struct sr_error *err);

/* A reply to `req`: op and id echoed, errnum set, no result. */
void sr_proto_reply_init(struct sr_proto_reply *reply, const struct sr_proto_request *req, int errnum);
int sr_proto_reply_set_result(struct sr_proto_reply *reply, enum sr_proto_result kind,
			      const void *data, size_t len, struct sr_error *err);

/* Check a record completely; 0, or -1 with EPROTO and what was wrong. */
int sr_proto_check_request(const struct sr_proto_request *req, struct sr_error *err);
int sr_proto_check_reply(const struct sr_proto_reply *reply, struct sr_error *err);

/* Whether a checked request changes the file system: the table's
 * `writes`, and for OPEN its flags (O_TRUNC truncates even read-only). */
bool sr_proto_request_writes(const struct sr_proto_request *req);

/* Encode: check, then copy the wire form into buf (which must hold a
 * whole record); *len is its size.  Decode: the bytes must be one
 * record's wire form that passes the check; on refusal the struct is
 * left zeroed. */
int sr_proto_encode_request(const struct sr_proto_request *req, void *buf, size_t size,
			    size_t *len, struct sr_error *err);
int sr_proto_decode_request(const void *buf, size_t len, struct sr_proto_request *req,
			    struct sr_error *err);
int sr_proto_encode_reply(const struct sr_proto_reply *reply, void *buf, size_t size,
			  size_t *len, struct sr_error *err);
int sr_proto_decode_reply(const void *buf, size_t len, struct sr_proto_reply *reply,
			  struct sr_error *err);

/* The fds beside a request; -1 when absent. */
struct sr_proto_request_fds {
	int dir;
	int dir2;
	int inotify;
};
#define SR_PROTO_REQUEST_FDS_NONE ((struct sr_proto_request_fds){ -1, -1, -1 })

/* Send: the record is checked first, and the fds given must be exactly
 * those req->fds announces.  Receive: zeroes the record, then returns 1
 * with a checked record and its fds (the caller owns them), 0 when the
 * peer closed, -1 on error or a malformed record, in which case every fd
 * that arrived is closed.  spin_us: how long to poll awake before
 * sleeping (sr_recv_fds). */
int sr_proto_send_request(int sock, const struct sr_proto_request *req,
			  const struct sr_proto_request_fds *fds, struct sr_error *err);
int sr_proto_recv_request(int sock, unsigned spin_us, struct sr_proto_request *req,
			  struct sr_proto_request_fds *fds, struct sr_error *err);
/* fd: the reply's fd, -1 for none (must agree with reply->has_fd). */
int sr_proto_send_reply(int sock, const struct sr_proto_reply *reply, int fd, struct sr_error *err);
int sr_proto_recv_reply(int sock, unsigned spin_us, struct sr_proto_reply *reply, int *fd,
			struct sr_error *err);

#endif
