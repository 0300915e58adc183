
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/limits.h>
#include <linux/openat2.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/socket.h>
#include <sys/xattr.h>

#include "compat.h"
#include "proto.h"

/* The record is the struct: no implicit padding may hide uninitialised or
 * unchecked bytes, and the layout may not drift between builds. */
_Static_assert(offsetof(struct sr_proto_request, resolve) == 32, "request header layout");
_Static_assert(offsetof(struct sr_proto_request, times) == 64, "request header layout");
_Static_assert(offsetof(struct sr_proto_request, path) == 136, "request header layout");
_Static_assert(sizeof(struct sr_proto_request) ==
	       136 + 2 * SR_PROTO_PATH_MAX + SR_PROTO_XATTR_NAME_MAX + SR_PROTO_XATTR_VALUE_MAX,
	       "request has no padding");
_Static_assert(offsetof(struct sr_proto_reply, result) == 64, "reply header layout");
_Static_assert(sizeof(union sr_proto_result_data) == SR_PROTO_RESULT_MAX, "results fit the record");
_Static_assert(sizeof(struct sr_proto_reply) == 64 + SR_PROTO_RESULT_MAX, "reply has no padding");

/* The kernel's largest errno (MAX_ERRNO): anything above is not an errno. */
#define SR_PROTO_ERRNO_MAX 4095

#define SR_PROTO_STAT_FLAGS (AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH)
#define SR_PROTO_INOTIFY_FLAGS \
	(IN_ALL_EVENTS | IN_ONLYDIR | IN_DONT_FOLLOW | IN_EXCL_UNLINK | IN_MASK_CREATE | \
	 IN_MASK_ADD | IN_ONESHOT)
#define SR_PROTO_PERM_BITS 07777u
#define SR_PROTO_ACCESS_BITS ((uint32_t)(R_OK | W_OK | X_OK))

/* A path resolved for the calling task: the directory fd is optional. */
#define SR_PROTO_FDS_PATH SR_PROTO_FD_DIR

static const struct sr_proto_op_rule sr_proto_rules[SR_PROTO_OP_COUNT] = {
	[SR_PROTO_OP_OPEN] = {
		.name = "open", .allowed_flags = SR_PROTO_OPEN_FLAGS,
		.fds_allowed = SR_PROTO_FDS_PATH, .uses = SR_PROTO_USES_RESOLVE | SR_PROTO_USES_UMASK,
		.mode = SR_PROTO_MODE_PERMS, .reply_fd = true, .may_continue = true, .may_cache = true,
	},
	[SR_PROTO_OP_STAT] = {
		.name = "stat", .allowed_flags = SR_PROTO_STAT_FLAGS, .empty_path = true,
		.fds_allowed = SR_PROTO_FDS_PATH, .result = SR_PROTO_RESULT_STAT, .may_cache = true,
	},
	[SR_PROTO_OP_STATX] = {
		.name = "statx", .allowed_flags = SR_PROTO_STAT_FLAGS | AT_STATX_SYNC_TYPE,
		.empty_path = true, .fds_allowed = SR_PROTO_FDS_PATH,
		.uses = SR_PROTO_USES_STATX_MASK, .result = SR_PROTO_RESULT_STATX, .may_cache = true,
	},
	[SR_PROTO_OP_ACCESS] = {
		.name = "access", .allowed_flags = AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH,
		.empty_path = true, .fds_allowed = SR_PROTO_FDS_PATH, .mode = SR_PROTO_MODE_ACCESS,
		.may_cache = true,
	},
	[SR_PROTO_OP_READLINK] = {
		.name = "readlink", .allowed_flags = AT_EMPTY_PATH, .empty_path = true,
		.fds_allowed = SR_PROTO_FDS_PATH, .result = SR_PROTO_RESULT_LINK_TARGET,
		.value = SR_PROTO_VALUE_LENGTH, .may_cache = true,
	},
	[SR_PROTO_OP_MKDIR] = {
		.name = "mkdir", .fds_allowed = SR_PROTO_FDS_PATH, .uses = SR_PROTO_USES_UMASK,
		.mode = SR_PROTO_MODE_PERMS,
		.writes = true,
	},
	[SR_PROTO_OP_MKNOD] = {
		.name = "mknod", .fds_allowed = SR_PROTO_FDS_PATH, .uses = SR_PROTO_USES_DEV | SR_PROTO_USES_UMASK,
		.mode = SR_PROTO_MODE_MKNOD, .writes = true,
	},
	[SR_PROTO_OP_UNLINK] = {
		.name = "unlink", .allowed_flags = AT_REMOVEDIR, .fds_allowed = SR_PROTO_FDS_PATH,
		.writes = true,
	},
	[SR_PROTO_OP_RENAME] = {
		.name = "rename", .allowed_flags = RENAME_NOREPLACE | RENAME_EXCHANGE | RENAME_WHITEOUT,
		.fds_allowed = SR_PROTO_FD_DIR | SR_PROTO_FD_DIR2, .path2 = SR_PROTO_PATH2_RESOLVED,
		.writes = true,
	},
	[SR_PROTO_OP_LINK] = {
		.name = "link", .allowed_flags = AT_SYMLINK_FOLLOW | AT_EMPTY_PATH, .empty_path = true,
		.fds_allowed = SR_PROTO_FD_DIR | SR_PROTO_FD_DIR2, .path2 = SR_PROTO_PATH2_RESOLVED,
		.writes = true,
	},
	[SR_PROTO_OP_SYMLINK] = {
		.name = "symlink", .fds_allowed = SR_PROTO_FDS_PATH, .path2 = SR_PROTO_PATH2_LITERAL,
		.writes = true,
	},
	[SR_PROTO_OP_CHMOD] = {
		.name = "chmod", .allowed_flags = AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH, .empty_path = true,
		.fds_allowed = SR_PROTO_FDS_PATH, .mode = SR_PROTO_MODE_PERMS, .writes = true,
	},
	[SR_PROTO_OP_CHOWN] = {
		.name = "chown", .allowed_flags = AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH, .empty_path = true,
		.fds_allowed = SR_PROTO_FDS_PATH, .uses = SR_PROTO_USES_OWNER, .writes = true,
	},
	[SR_PROTO_OP_UTIMENS] = {
		.name = "utimens", .allowed_flags = AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH,
		.empty_path = true, .fds_allowed = SR_PROTO_FDS_PATH, .uses = SR_PROTO_USES_TIMES,
		.writes = true,
	},
	[SR_PROTO_OP_TRUNCATE] = {
		.name = "truncate", .fds_allowed = SR_PROTO_FDS_PATH,
		.uses = SR_PROTO_USES_SIZE | SR_PROTO_USES_FSIZE_LIMIT,
		.writes = true,
	},
	[SR_PROTO_OP_CHDIR_CHECK] = {
		.name = "chdir-check", .fds_allowed = SR_PROTO_FDS_PATH, .may_cache = true,
	},
	[SR_PROTO_OP_EXEC_CHECK] = {
		.name = "exec-check", .allowed_flags = AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW,
		.empty_path = true, .fds_allowed = SR_PROTO_FDS_PATH, .may_cache = true,
	},
	/* The Gofer adds the watch itself on its copy of the program's inotify
	 * fd (one open file description, so the watch is the program's): the
	 * path is resolved by the Gofer, never re-read by the kernel.  A
	 * relative path comes with its base, as for the other path calls. */
	[SR_PROTO_OP_INOTIFY_ADD_WATCH] = {
		.name = "inotify-add-watch", .allowed_flags = SR_PROTO_INOTIFY_FLAGS,
		.fds_allowed = SR_PROTO_FDS_PATH | SR_PROTO_FD_INOTIFY, .fds_required = SR_PROTO_FD_INOTIFY,
		.value = SR_PROTO_VALUE_WATCH,
	},
	[SR_PROTO_OP_GETXATTR] = {
		.name = "getxattr", .allowed_flags = AT_SYMLINK_NOFOLLOW, .fds_allowed = SR_PROTO_FDS_PATH,
		.uses = SR_PROTO_USES_XATTR_NAME | SR_PROTO_USES_SIZE,
		.result = SR_PROTO_RESULT_XATTR_VALUE, .value = SR_PROTO_VALUE_SIZE,
	},
	[SR_PROTO_OP_SETXATTR] = {
		.name = "setxattr", .allowed_flags = AT_SYMLINK_NOFOLLOW | XATTR_CREATE | XATTR_REPLACE,
		.fds_allowed = SR_PROTO_FDS_PATH,
		.uses = SR_PROTO_USES_XATTR_NAME | SR_PROTO_USES_XATTR_VALUE, .writes = true,
	},
	[SR_PROTO_OP_LISTXATTR] = {
		.name = "listxattr", .allowed_flags = AT_SYMLINK_NOFOLLOW, .fds_allowed = SR_PROTO_FDS_PATH,
		.uses = SR_PROTO_USES_SIZE, .result = SR_PROTO_RESULT_XATTR_LIST,
		.value = SR_PROTO_VALUE_SIZE,
	},
	[SR_PROTO_OP_REMOVEXATTR] = {
		.name = "removexattr", .allowed_flags = AT_SYMLINK_NOFOLLOW,
		.fds_allowed = SR_PROTO_FDS_PATH, .uses = SR_PROTO_USES_XATTR_NAME, .writes = true,
	},
	[SR_PROTO_OP_STATFS] = {
		.name = "statfs", .fds_allowed = SR_PROTO_FDS_PATH, .result = SR_PROTO_RESULT_STATFS,
	},
};

const struct sr_proto_op_rule *sr_proto_op_rule(uint32_t op)
{
	if (op >= SR_PROTO_OP_COUNT || sr_proto_rules[op].name == NULL)
		return NULL;
	return &sr_proto_rules[op];
}

const char *sr_proto_op_name(uint32_t op, char *buf, size_t size)
{
	const struct sr_proto_op_rule *rule = sr_proto_op_rule(op);

	if (rule != NULL)
		return rule->name;
	snprintf(buf, size, "op#%" PRIu32, op);
	return buf;
}

bool sr_proto_request_writes(const struct sr_proto_request *req)
{
	const struct sr_proto_op_rule *rule = sr_proto_op_rule(req->op);

	if (rule == NULL)
		return false;
	if (req->op != SR_PROTO_OP_OPEN)
		return rule->writes;
	/* O_TRUNC truncates even with O_RDONLY. */
	return (req->flags & O_ACCMODE) != O_RDONLY ||
	       (req->flags & (O_CREAT | O_TRUNC | O_TMPFILE)) != 0;
}

void sr_proto_request_init(struct sr_proto_request *req, enum sr_proto_op op, uint64_t id)
{
	memset(req, 0, sizeof(*req));
	req->magic = SR_PROTO_MAGIC;
	req->version = SR_PROTO_VERSION;
	req->op = (uint16_t)op;
	req->id = id;
}

/* Copy a NUL-free string into a fixed field of `size` bytes (NUL included). */
static int proto_set_string(char *field, size_t size, uint32_t *len_out, const char *s,
			    const char *what, struct sr_error *err)
{
	size_t len = strnlen(s, size);

	if (len >= size)
		return sr_fail(err, ENAMETOOLONG, "%s is longer than %zu bytes: shorten it",
			       what, size - 1);
	memcpy(field, s, len);
	memset(field + len, 0, size - len);
	*len_out = (uint32_t)len;
	return 0;
}

int sr_proto_set_path(struct sr_proto_request *req, const char *path, struct sr_error *err)
{
	return proto_set_string(req->path, sizeof(req->path), &req->path_len, path, "path", err);
}

int sr_proto_set_path2(struct sr_proto_request *req, const char *path, struct sr_error *err)
{
	return proto_set_string(req->path2, sizeof(req->path2), &req->path2_len, path,
				"second path", err);
}

int sr_proto_set_xattr_name(struct sr_proto_request *req, const char *name, struct sr_error *err)
{
	return proto_set_string(req->xattr_name, sizeof(req->xattr_name), &req->xattr_name_len,
				name, "xattr name", err);
}

int sr_proto_set_xattr_value(struct sr_proto_request *req, const void *value, size_t len,
			     struct sr_error *err)
{
	if (len > sizeof(req->xattr_value))
		return sr_fail(err, E2BIG, "xattr value of %zu bytes exceeds the %d bytes the Gofer carries",
			       len, SR_PROTO_XATTR_VALUE_MAX);
	if (len > 0)
		memcpy(req->xattr_value, value, len);
	memset(req->xattr_value + len, 0, sizeof(req->xattr_value) - len);
	req->xattr_value_len = (uint32_t)len;
	return 0;
}

void sr_proto_reply_init(struct sr_proto_reply *reply, const struct sr_proto_request *req, int errnum)
{
	memset(reply, 0, sizeof(*reply));
	reply->magic = SR_PROTO_MAGIC;
	reply->version = SR_PROTO_VERSION;
	reply->op = req->op;
	reply->id = req->id;
	reply->errnum = errnum;
}

int sr_proto_reply_set_result(struct sr_proto_reply *reply, enum sr_proto_result kind,
			      const void *data, size_t len, struct sr_error *err)
{
	/* A link target keeps a NUL after it, so it has one byte less. */
	size_t max = kind == SR_PROTO_RESULT_LINK_TARGET ? SR_PROTO_RESULT_MAX - 1 : SR_PROTO_RESULT_MAX;

	if (len > max)
		return sr_fail(err, E2BIG, "result of %zu bytes exceeds the %zu bytes a reply carries",
			       len, max);
	memset(&reply->result, 0, sizeof(reply->result));
	if (len > 0)
		memcpy(reply->result.bytes, data, len);
	reply->result_kind = kind;
	reply->result_len = (uint32_t)len;
	return 0;
}

/* Malformed records are refused with EPROTO; the message says what. */
#define proto_refuse(err, ...) sr_fail((err), EPROTO, __VA_ARGS__)

static bool proto_all_zero(const void *p, size_t n)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < n; i++)
		if (b[i] != 0)
			return false;
	return true;
}

/* The wire form's size (proto.h): up to the end of the last field in
 * use, bounded by the record whatever the lengths claim. */
static size_t proto_request_wire_len(const struct sr_proto_request *req)
{
	size_t len = offsetof(struct sr_proto_request, path) + (size_t)req->path_len + 1;

	if (req->path2_len > 0)
		len = offsetof(struct sr_proto_request, path2) + (size_t)req->path2_len + 1;
	if (req->xattr_name_len > 0)
		len = offsetof(struct sr_proto_request, xattr_name) + (size_t)req->xattr_name_len + 1;
	if (req->xattr_value_len > 0)
		len = offsetof(struct sr_proto_request, xattr_value) + (size_t)req->xattr_value_len;
	return len < sizeof(*req) ? len : sizeof(*req);
}

static size_t proto_reply_wire_len(const struct sr_proto_reply *reply)
{
	size_t len = offsetof(struct sr_proto_reply, result) + (size_t)reply->result_len;

	return len < sizeof(*reply) ? len : sizeof(*reply);
}

/* `n` bytes arrived into the zeroed `record`: exactly its wire form, or
 * more of it as long as the excess is zero. */
static int proto_check_wire(const void *record, size_t size, size_t n, size_t want,
			    const char *what, struct sr_error *err)
{
	if (n > size)
		return proto_refuse(err, "%s of %zu bytes, a record is at most %zu", what, n, size);
	if (n < want)
		return proto_refuse(err, "%s of %zu bytes, its fields need %zu", what, n, want);
	if (!proto_all_zero((const unsigned char *)record + want, n - want))
		return proto_refuse(err, "%s has bytes past its fields", what);
	return 0;
}

/* A string field: `len` bytes, none of them NUL, then a NUL. */
static int proto_check_string(const char *field, size_t size, uint32_t len, uint32_t min_len,
			      const char *what, struct sr_error *err)
{
	if (len >= size)
		return proto_refuse(err, "%s length %" PRIu32 " exceeds %zu", what, len, size - 1);
	if (len < min_len)
		return proto_refuse(err, "%s is empty", what);
	if (memchr(field, '\0', len) != NULL)
		return proto_refuse(err, "%s has a NUL byte inside its length", what);
	if (field[len] != '\0')
		return proto_refuse(err, "%s is not NUL-terminated at its length", what);
	return 0;
}

static int proto_check_header(uint32_t magic, uint16_t version, const char *what,
			      struct sr_error *err)
{
	if (magic != SR_PROTO_MAGIC)
		return proto_refuse(err, "%s: bad magic 0x%08" PRIx32, what, magic);
	if (version != SR_PROTO_VERSION)
		return proto_refuse(err, "%s: version %u, expected %d", what, (unsigned)version,
				    SR_PROTO_VERSION);
	return 0;
}

static int proto_check_op(uint32_t op, const char *what, const struct sr_proto_op_rule **rule,
			  struct sr_error *err)
{
	if (op >= SR_PROTO_OP_COUNT)
		return proto_refuse(err, "%s: operation %" PRIu32 " out of range", what, op);
	*rule = sr_proto_op_rule(op);
	if (*rule == NULL)
		return proto_refuse(err, "%s: operation %" PRIu32 " is not served by the Gofer", what, op);
	return 0;
}

static int proto_check_mode(const struct sr_proto_op_rule *rule, uint32_t mode, struct sr_error *err)
{
	uint32_t allowed = 0;

	switch (rule->mode) {
	case SR_PROTO_MODE_NONE:
		break;
	case SR_PROTO_MODE_PERMS:
		allowed = SR_PROTO_PERM_BITS;
		break;
	case SR_PROTO_MODE_ACCESS:
		allowed = SR_PROTO_ACCESS_BITS;
		break;
	case SR_PROTO_MODE_MKNOD: {
		uint32_t type = mode & S_IFMT;
		if (type != 0 && type != S_IFREG && type != S_IFCHR && type != S_IFBLK &&
		    type != S_IFIFO && type != S_IFSOCK)
			return proto_refuse(err, "%s: file type 0%o unknown", rule->name, type);
		allowed = S_IFMT | SR_PROTO_PERM_BITS;
		break;
	}
	}
	if ((mode & ~allowed) != 0)
		return proto_refuse(err, "%s: mode 0%" PRIo32 " has bits outside 0%" PRIo32,
				    rule->name, mode, allowed);
	return 0;
}

/* The optional fields an operation does not use must be zero. */
static int proto_check_unused(const struct sr_proto_request *req, uint32_t uses,
			      const char *name, struct sr_error *err)
{
	const struct {
		uint32_t bit;
		const char *field;
		bool is_zero;
	} fields[] = {
		{ SR_PROTO_USES_RESOLVE, "resolve", req->resolve == 0 },
		{ SR_PROTO_USES_DEV, "dev", req->dev == 0 },
		{ SR_PROTO_USES_OWNER, "uid/gid", req->uid == 0 && req->gid == 0 },
		{ SR_PROTO_USES_TIMES, "times", req->times[0].sec == 0 && req->times[0].nsec == 0 &&
						 req->times[1].sec == 0 && req->times[1].nsec == 0 },
		{ SR_PROTO_USES_SIZE, "size", req->size == 0 },
		{ SR_PROTO_USES_STATX_MASK, "statx_mask", req->statx_mask == 0 },
		{ SR_PROTO_USES_XATTR_NAME, "xattr name", req->xattr_name_len == 0 && req->xattr_name[0] == '\0' },
		{ SR_PROTO_USES_XATTR_VALUE, "xattr value", req->xattr_value_len == 0 },
		{ SR_PROTO_USES_UMASK, "umask", req->umask == 0 },
		{ SR_PROTO_USES_FSIZE_LIMIT, "fsize_limit", req->fsize_limit == 0 },
	};

	for (size_t i = 0; i < SR_ARRAY_SIZE(fields); i++)
		if (!(uses & fields[i].bit) && !fields[i].is_zero)
			return proto_refuse(err, "%s: field %s is set but unused", name, fields[i].field);
	return 0;
}

int sr_proto_check_request(const struct sr_proto_request *req, struct sr_error *err)
{
	const struct sr_proto_op_rule *rule;

	if (proto_check_header(req->magic, req->version, "request", err) < 0 ||
	    proto_check_op(req->op, "request", &rule, err) < 0)
		return -1;
	if ((req->umask & ~(uint32_t)SR_PROTO_UMASK_BITS) != 0)
		return proto_refuse(err, "%s: umask 0%" PRIo32 " out of range", rule->name, req->umask);
	if (req->nspid < 0 || req->nstid < 0 || (req->nstid != 0 && req->nspid == 0))
		return proto_refuse(err, "%s: sandbox pid %" PRId32 " / tid %" PRId32 " invalid",
				    rule->name, req->nspid, req->nstid);
	if ((req->flags & ~rule->allowed_flags) != 0)
		return proto_refuse(err, "%s: unknown flag bits 0x%" PRIx32, rule->name,
				    req->flags & ~rule->allowed_flags);
	if ((req->fds & ~rule->fds_allowed) != 0)
		return proto_refuse(err, "%s: fds 0x%" PRIx32 " not allowed with this operation",
				    rule->name, req->fds);
	if ((req->fds & rule->fds_required) != rule->fds_required)
		return proto_refuse(err, "%s: a required fd is missing", rule->name);
	if (proto_check_mode(rule, req->mode, err) < 0 ||
	    proto_check_unused(req, rule->uses, rule->name, err) < 0)
		return -1;

	/* The path: an empty one names the dirfd itself (AT_EMPTY_PATH); a
	 * relative one needs a dirfd, or it would resolve against the
	 * Gofer's own cwd. */
	if (proto_check_string(req->path, sizeof(req->path), req->path_len, 0, "path", err) < 0)
		return sr_error_wrap(err, "%s", rule->name);
	if (req->path_len == 0) {
		if (!rule->empty_path || !(req->flags & AT_EMPTY_PATH) || !(req->fds & SR_PROTO_FD_DIR))
			return proto_refuse(err, "%s: empty path without AT_EMPTY_PATH and a dirfd",
					    rule->name);
	} else if (req->path[0] != '/' && !(req->fds & SR_PROTO_FD_DIR)) {
		return proto_refuse(err, "%s: relative path without a dirfd", rule->name);
	}

	switch (rule->path2) {
	case SR_PROTO_PATH2_NONE:
		if (req->path2_len != 0 || req->path2[0] != '\0')
			return proto_refuse(err, "%s: second path is set but unused", rule->name);
		break;
	case SR_PROTO_PATH2_RESOLVED:
		if (proto_check_string(req->path2, sizeof(req->path2), req->path2_len, 1,
				       "second path", err) < 0)
			return sr_error_wrap(err, "%s", rule->name);
		if (req->path2[0] != '/' && !(req->fds & SR_PROTO_FD_DIR2))
			return proto_refuse(err, "%s: relative second path without a dirfd", rule->name);
		break;
	case SR_PROTO_PATH2_LITERAL:
		if (proto_check_string(req->path2, sizeof(req->path2), req->path2_len, 1,
				       "second path", err) < 0)
			return sr_error_wrap(err, "%s", rule->name);
		break;
	}

	if ((rule->uses & SR_PROTO_USES_RESOLVE) && (req->resolve & ~(uint64_t)SR_PROTO_RESOLVE_FLAGS))
		return proto_refuse(err, "%s: unknown resolve bits 0x%" PRIx64, rule->name,
				    req->resolve & ~(uint64_t)SR_PROTO_RESOLVE_FLAGS);
	if ((rule->uses & SR_PROTO_USES_SIZE) && req->size < 0)
		return proto_refuse(err, "%s: negative size %" PRId64, rule->name, req->size);
	if ((rule->uses & SR_PROTO_USES_STATX_MASK) && (req->statx_mask & STATX__RESERVED))
		return proto_refuse(err, "statx: reserved mask bit set");
	if ((rule->uses & SR_PROTO_USES_XATTR_NAME) &&
	    proto_check_string(req->xattr_name, sizeof(req->xattr_name), req->xattr_name_len, 1,
			       "xattr name", err) < 0)
		return sr_error_wrap(err, "%s", rule->name);
	if (req->xattr_value_len > sizeof(req->xattr_value))
		return proto_refuse(err, "%s: xattr value length %" PRIu32 " exceeds %d", rule->name,
				    req->xattr_value_len, SR_PROTO_XATTR_VALUE_MAX);
	return 0;
}

static size_t proto_result_size(enum sr_proto_result kind)
{
	switch (kind) {
	case SR_PROTO_RESULT_STAT:
		return sizeof(struct stat);
	case SR_PROTO_RESULT_STATX:
		return sizeof(struct statx);
	case SR_PROTO_RESULT_STATFS:
		return sizeof(struct statfs);
	default:
		return 0;
	}
}

static int proto_check_result(const struct sr_proto_reply *reply, const struct sr_proto_op_rule *rule,
			      struct sr_error *err)
{
	uint32_t len = reply->result_len;

	if (reply->result_kind != (uint32_t)rule->result)
		return proto_refuse(err, "reply to %s: result kind %" PRIu32 ", expected %d",
				    rule->name, reply->result_kind, (int)rule->result);
	if (len > SR_PROTO_RESULT_MAX)
		return proto_refuse(err, "reply to %s: result length %" PRIu32 " exceeds %d",
				    rule->name, len, SR_PROTO_RESULT_MAX);
	switch (rule->result) {
	case SR_PROTO_RESULT_NONE:
	case SR_PROTO_RESULT_STAT:
	case SR_PROTO_RESULT_STATX:
	case SR_PROTO_RESULT_STATFS:
		if (len != proto_result_size(rule->result))
			return proto_refuse(err, "reply to %s: result length %" PRIu32 ", expected %zu",
					    rule->name, len, proto_result_size(rule->result));
		break;
	case SR_PROTO_RESULT_LINK_TARGET:
		if (proto_check_string(reply->result.link_target, sizeof(reply->result.link_target),
				       len, 1, "link target", err) < 0)
			return sr_error_wrap(err, "reply to %s", rule->name);
		break;
	case SR_PROTO_RESULT_XATTR_LIST:
		if (len > 0 && reply->result.bytes[len - 1] != '\0')
			return proto_refuse(err, "reply to %s: name list not NUL-terminated", rule->name);
		break;
	case SR_PROTO_RESULT_XATTR_VALUE:
	case SR_PROTO_RESULT_COUNT:
		break;
	}

	int64_t value = reply->value;
	bool ok = false;
	switch (rule->value) {
	case SR_PROTO_VALUE_ZERO:
		ok = value == 0;
		break;
	case SR_PROTO_VALUE_LENGTH:
		ok = value == (int64_t)len;
		break;
	case SR_PROTO_VALUE_SIZE:
		ok = value >= 0 && value <= XATTR_SIZE_MAX && (len == 0 || value == (int64_t)len);
		break;
	case SR_PROTO_VALUE_WATCH:
		ok = value >= 1 && value <= INT_MAX;
		break;
	}
	if (!ok)
		return proto_refuse(err, "reply to %s: value %" PRId64 " inconsistent with the result",
				    rule->name, value);
	return 0;
}

int sr_proto_check_reply(const struct sr_proto_reply *reply, struct sr_error *err)
{
	const struct sr_proto_op_rule *rule;

	if (proto_check_header(reply->magic, reply->version, "reply", err) < 0 ||
	    proto_check_op(reply->op, "reply", &rule, err) < 0)
		return -1;
	if (!proto_all_zero(reply->reserved, sizeof(reply->reserved)))
		return proto_refuse(err, "reply to %s: reserved field is not zero", rule->name);
	if (reply->errnum < 0 || (reply->errnum > SR_PROTO_ERRNO_MAX && reply->errnum != SR_PROTO_NEED_TASK_IDS))
		return proto_refuse(err, "reply to %s: errno %" PRId32 " out of range", rule->name,
				    reply->errnum);
	if (reply->has_fd > 1)
		return proto_refuse(err, "reply to %s: has_fd is %" PRIu32, rule->name, reply->has_fd);
	if (reply->cache_ms > SR_PROTO_CACHE_MS_MAX)
		return proto_refuse(err, "reply to %s: cache_ms %" PRIu32 " over %d", rule->name,
				    reply->cache_ms, SR_PROTO_CACHE_MS_MAX);
	if (reply->cache_ms != 0 &&
	    (!rule->may_cache || reply->has_fd || reply->errnum == SR_PROTO_NEED_TASK_IDS ||
	     (rule->reply_fd && reply->errnum == 0)))
		return proto_refuse(err, "reply to %s: this answer may not be given again", rule->name);
	if (reply->errnum != 0) {
		if (reply->has_fd || reply->value != 0 || reply->result_kind != SR_PROTO_RESULT_NONE ||
		    reply->result_len != 0)
			return proto_refuse(err, "reply to %s: a failure carries a result", rule->name);
		return 0;
	}
	if (rule->may_continue && !reply->has_fd && reply->value == SR_PROTO_CONTINUE) {
		if (reply->result_kind != SR_PROTO_RESULT_NONE || reply->result_len != 0)
			return proto_refuse(err, "reply to %s: a continue carries a result", rule->name);
		return 0;
	}
	if (reply->has_fd != (uint32_t)rule->reply_fd)
		return proto_refuse(err, "reply to %s: has_fd %" PRIu32 " but the operation %s",
				    rule->name, reply->has_fd,
				    rule->reply_fd ? "returns an fd" : "returns no fd");
	return proto_check_result(reply, rule, err);
}

int sr_proto_encode_request(const struct sr_proto_request *req, void *buf, size_t size,
			    size_t *len, struct sr_error *err)
{
	if (size < sizeof(*req))
		return sr_fail(err, ENOBUFS, "request buffer of %zu bytes is smaller than a record", size);
	if (sr_proto_check_request(req, err) < 0)
		return sr_error_wrap(err, "refusing to encode");
	*len = proto_request_wire_len(req);
	memcpy(buf, req, *len);
	return 0;
}

int sr_proto_decode_request(const void *buf, size_t len, struct sr_proto_request *req,
			    struct sr_error *err)
{
	memset(req, 0, sizeof(*req));
	if (len > sizeof(*req))
		return proto_refuse(err, "request of %zu bytes, a record is at most %zu", len, sizeof(*req));
	memcpy(req, buf, len);
	if (sr_proto_check_request(req, err) < 0 ||
	    proto_check_wire(req, sizeof(*req), len, proto_request_wire_len(req), "request", err) < 0) {
		memset(req, 0, sizeof(*req));
		return -1;
	}
	return 0;
}

int sr_proto_encode_reply(const struct sr_proto_reply *reply, void *buf, size_t size,
			  size_t *len, struct sr_error *err)
{
	if (size < sizeof(*reply))
		return sr_fail(err, ENOBUFS, "reply buffer of %zu bytes is smaller than a record", size);
	if (sr_proto_check_reply(reply, err) < 0)
		return sr_error_wrap(err, "refusing to encode");
	*len = proto_reply_wire_len(reply);
	memcpy(buf, reply, *len);
	return 0;
}

int sr_proto_decode_reply(const void *buf, size_t len, struct sr_proto_reply *reply,
			  struct sr_error *err)
{
	memset(reply, 0, sizeof(*reply));
	if (len > sizeof(*reply))
		return proto_refuse(err, "reply of %zu bytes, a record is at most %zu", len, sizeof(*reply));
	memcpy(reply, buf, len);
	if (sr_proto_check_reply(reply, err) < 0 ||
	    proto_check_wire(reply, sizeof(*reply), len, proto_reply_wire_len(reply), "reply", err) < 0) {
		memset(reply, 0, sizeof(*reply));
		return -1;
	}
	return 0;
}

/* The request's fds in wire order, as announced by `mask`. */
static size_t proto_request_fds_list(const struct sr_proto_request_fds *fds, uint32_t mask,
				     int out[SR_PROTO_REQUEST_FDS_MAX])
{
	size_t n = 0;

	if (mask & SR_PROTO_FD_DIR)
		out[n++] = fds->dir;
	if (mask & SR_PROTO_FD_DIR2)
		out[n++] = fds->dir2;
	if (mask & SR_PROTO_FD_INOTIFY)
		out[n++] = fds->inotify;
	return n;
}

int sr_proto_send_request(int sock, const struct sr_proto_request *req,
			  const struct sr_proto_request_fds *fds, struct sr_error *err)
{
	int list[SR_PROTO_REQUEST_FDS_MAX];
	size_t n;

	if (sr_proto_check_request(req, err) < 0)
		return sr_error_wrap(err, "refusing to send");
	if ((fds->dir >= 0) != !!(req->fds & SR_PROTO_FD_DIR) ||
	    (fds->dir2 >= 0) != !!(req->fds & SR_PROTO_FD_DIR2) ||
	    (fds->inotify >= 0) != !!(req->fds & SR_PROTO_FD_INOTIFY))
		return sr_fail(err, EINVAL, "%s request: the fds given differ from those announced",
			       sr_proto_op_rule(req->op)->name);
	n = proto_request_fds_list(fds, req->fds, list);
	if (sr_send_fds(sock, req, proto_request_wire_len(req), list, n) < 0)
		return sr_fail(err, errno, "cannot send a %s request to the Gofer",
			       sr_proto_op_rule(req->op)->name);
	return 0;
}

static void proto_close_all(const int *fds, size_t n)
{
	for (size_t i = 0; i < n; i++)
		close(fds[i]);
}

int sr_proto_recv_request(int sock, unsigned spin_us, struct sr_proto_request *req,
			  struct sr_proto_request_fds *fds, struct sr_error *err)
{
	int got[SR_PROTO_REQUEST_FDS_MAX];
	size_t ngot = 0;
	ssize_t n;

	*fds = SR_PROTO_REQUEST_FDS_NONE;
	memset(req, 0, sizeof(*req));
	n = sr_recv_fds(sock, spin_us, req, sizeof(*req), got, SR_ARRAY_SIZE(got), &ngot);
	if (n < 0) {
		if (errno == EMSGSIZE)
			return proto_refuse(err, "request too long or with too many fds");
		return sr_fail(err, errno, "cannot receive a request");
	}
	/* An empty message is the peer's close, unless fds came with it:
	 * then it is a record too short, whose fds must not stay here. */
	if (n == 0 && ngot > 0) {
		proto_close_all(got, ngot);
		return proto_refuse(err, "empty request with %zu fds", ngot);
	}
	if (n == 0)
		return 0;
	if (sr_proto_check_request(req, err) < 0 ||
	    proto_check_wire(req, sizeof(*req), (size_t)n, proto_request_wire_len(req), "request", err) < 0) {
		proto_close_all(got, ngot);
		return -1;
	}
	/* A peer sending more or fewer fds than it announced is refused. */
	size_t nwant = (size_t)__builtin_popcount(req->fds);
	if (nwant != ngot) {
		proto_close_all(got, ngot);
		return proto_refuse(err, "%s request announced %zu fds but %zu arrived",
				    sr_proto_op_rule(req->op)->name, nwant, ngot);
	}
	size_t next = 0;
	if (req->fds & SR_PROTO_FD_DIR)
		fds->dir = got[next++];
	if (req->fds & SR_PROTO_FD_DIR2)
		fds->dir2 = got[next++];
	if (req->fds & SR_PROTO_FD_INOTIFY)
		fds->inotify = got[next++];
	return 1;
}

int sr_proto_send_reply(int sock, const struct sr_proto_reply *reply, int fd, struct sr_error *err)
{
	if (sr_proto_check_reply(reply, err) < 0)
		return sr_error_wrap(err, "refusing to send");
	if ((fd >= 0) != (reply->has_fd != 0))
		return sr_fail(err, EINVAL, "reply to %s: the fd given differs from has_fd",
			       sr_proto_op_rule(reply->op)->name);
	if (sr_send_fds(sock, reply, proto_reply_wire_len(reply), &fd, fd >= 0 ? 1 : 0) < 0)
		return sr_fail(err, errno, "cannot send a reply to %s", sr_proto_op_rule(reply->op)->name);
	return 0;
}

int sr_proto_recv_reply(int sock, unsigned spin_us, struct sr_proto_reply *reply, int *fd,
			struct sr_error *err)
{
	int got = -1;
	size_t ngot = 0;
	ssize_t n;

	*fd = -1;
	memset(reply, 0, sizeof(*reply));
	n = sr_recv_fds(sock, spin_us, reply, sizeof(*reply), &got, 1, &ngot);
	if (n < 0) {
		if (errno == EMSGSIZE)
			return proto_refuse(err, "reply too long or with too many fds");
		return sr_fail(err, errno, "cannot receive a reply from the Gofer");
	}
	if (n == 0 && ngot > 0) {
		proto_close_all(&got, ngot);
		return proto_refuse(err, "empty reply with %zu fds", ngot);
	}
	if (n == 0)
		return 0;
	if (sr_proto_check_reply(reply, err) < 0 ||
	    proto_check_wire(reply, sizeof(*reply), (size_t)n, proto_reply_wire_len(reply), "reply", err) < 0) {
		proto_close_all(&got, ngot);
		return -1;
	}
	if (ngot != reply->has_fd) {
		proto_close_all(&got, ngot);
		return proto_refuse(err, "reply to %s announced %" PRIu32 " fds but %zu arrived",
				    sr_proto_op_rule(reply->op)->name, reply->has_fd, ngot);
	}
	*fd = got;
	return 1;
}
