/* The Sentry <-> Gofer records: every operation round-trips, and every
 * class of malformed record is refused by the decoder, never trusted. */

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "fuzz.h"
#include "proto.h"

/* A valid request for `op`, using every field the operation reads. */
static void make_request(struct sr_proto_request *req, enum sr_proto_op op)
{
	struct sr_error err = { 0 };

	sr_proto_request_init(req, op, 1000 + (uint64_t)op);
	req->pid = 4242;
	req->nspid = 7;
	req->nstid = 8;
	ck_assert_int_eq(sr_proto_set_path(req, "/etc/passwd", &err), 0);
	switch (op) {
	case SR_PROTO_OP_OPEN:
		req->flags = O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW;
		req->mode = 0644;
		req->resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
		req->umask = 022;
		break;
	case SR_PROTO_OP_STAT:
		req->flags = AT_SYMLINK_NOFOLLOW;
		break;
	case SR_PROTO_OP_STATX:
		req->flags = AT_SYMLINK_NOFOLLOW | AT_STATX_DONT_SYNC;
		req->statx_mask = STATX_BASIC_STATS | STATX_BTIME;
		break;
	case SR_PROTO_OP_ACCESS:
		req->flags = AT_EACCESS;
		req->mode = R_OK | X_OK;
		break;
	case SR_PROTO_OP_MKDIR:
		req->mode = 0755;
		req->umask = 077;
		break;
	case SR_PROTO_OP_MKNOD:
		req->mode = S_IFIFO | 0600;
		req->umask = 0777;
		break;
	case SR_PROTO_OP_UNLINK:
		req->flags = AT_REMOVEDIR;
		break;
	case SR_PROTO_OP_RENAME:
		req->flags = RENAME_NOREPLACE;
		ck_assert_int_eq(sr_proto_set_path2(req, "/tmp/new", &err), 0);
		break;
	case SR_PROTO_OP_LINK:
		req->flags = AT_SYMLINK_FOLLOW;
		ck_assert_int_eq(sr_proto_set_path2(req, "/tmp/new", &err), 0);
		break;
	case SR_PROTO_OP_SYMLINK:
		ck_assert_int_eq(sr_proto_set_path2(req, "../relative/target", &err), 0);
		break;
	case SR_PROTO_OP_CHMOD:
		req->mode = 04750;
		break;
	case SR_PROTO_OP_CHOWN:
		req->uid = 1000;
		req->gid = (uint32_t)-1;
		break;
	case SR_PROTO_OP_UTIMENS:
		req->times[0] = (struct sr_proto_timespec){ 1700000000, 123 };
		req->times[1] = (struct sr_proto_timespec){ 0, UTIME_OMIT };
		break;
	case SR_PROTO_OP_TRUNCATE:
		req->size = 4096;
		break;
	case SR_PROTO_OP_INOTIFY_ADD_WATCH:
		req->fds = SR_PROTO_FD_INOTIFY;
		req->flags = IN_MODIFY | IN_ONLYDIR;
		break;
	case SR_PROTO_OP_GETXATTR:
		ck_assert_int_eq(sr_proto_set_xattr_name(req, "user.comment", &err), 0);
		req->size = 64;
		break;
	case SR_PROTO_OP_SETXATTR:
		ck_assert_int_eq(sr_proto_set_xattr_name(req, "user.comment", &err), 0);
		ck_assert_int_eq(sr_proto_set_xattr_value(req, "a\0b", 3, &err), 0);
		req->flags = XATTR_CREATE;
		break;
	case SR_PROTO_OP_LISTXATTR:
		req->size = 0;
		break;
	case SR_PROTO_OP_REMOVEXATTR:
		ck_assert_int_eq(sr_proto_set_xattr_name(req, "user.comment", &err), 0);
		break;
	default:
		break;
	}
	ck_assert_msg(sr_proto_check_request(req, &err) == 0, "op %d: %s", (int)op, err.msg);
}

/* A valid successful reply to `req`. */
static void make_reply(struct sr_proto_reply *reply, const struct sr_proto_request *req)
{
	const struct sr_proto_op_rule *rule = sr_proto_op_rule(req->op);
	struct sr_error err = { 0 };
	static const char names[] = "user.a\0user.b";  /* two names, both NUL-terminated */
	struct stat st;
	struct statx stx;
	struct statfs sfs;

	ck_assert_ptr_nonnull(rule);
	sr_proto_reply_init(reply, req, 0);
	reply->has_fd = rule->reply_fd;
	memset(&st, 0x5a, sizeof(st));
	memset(&stx, 0x5a, sizeof(stx));
	memset(&sfs, 0x5a, sizeof(sfs));
	switch (rule->result) {
	case SR_PROTO_RESULT_STAT:
		ck_assert_int_eq(sr_proto_reply_set_result(reply, rule->result, &st, sizeof(st), &err), 0);
		break;
	case SR_PROTO_RESULT_STATX:
		ck_assert_int_eq(sr_proto_reply_set_result(reply, rule->result, &stx, sizeof(stx), &err), 0);
		break;
	case SR_PROTO_RESULT_STATFS:
		ck_assert_int_eq(sr_proto_reply_set_result(reply, rule->result, &sfs, sizeof(sfs), &err), 0);
		break;
	case SR_PROTO_RESULT_LINK_TARGET:
		ck_assert_int_eq(sr_proto_reply_set_result(reply, rule->result, "../target", 9, &err), 0);
		reply->value = 9;
		break;
	case SR_PROTO_RESULT_XATTR_VALUE:
		ck_assert_int_eq(sr_proto_reply_set_result(reply, rule->result, "a\0b", 3, &err), 0);
		reply->value = 3;
		break;
	case SR_PROTO_RESULT_XATTR_LIST:
		ck_assert_int_eq(sr_proto_reply_set_result(reply, rule->result, names, sizeof(names), &err), 0);
		reply->value = (int64_t)sizeof(names);
		break;
	default:
		break;
	}
	if (rule->value == SR_PROTO_VALUE_WATCH)
		reply->value = 7;
	ck_assert_msg(sr_proto_check_reply(reply, &err) == 0, "op %d: %s", (int)req->op, err.msg);
}

/* The decoder and the encoder both refuse `req`, with EPROTO and a
 * message naming the fault. */
static void assert_request_refused(const struct sr_proto_request *req, const char *needle)
{
	static unsigned char buf[sizeof(struct sr_proto_request)];
	struct sr_proto_request out;
	struct sr_error err = { 0 };
	size_t len = 0;

	memcpy(buf, req, sizeof(*req));
	ck_assert_int_eq(sr_proto_decode_request(buf, sizeof(buf), &out, &err), -1);
	ck_assert_int_eq(err.errnum, EPROTO);
	ck_assert_msg(strstr(err.msg, needle) != NULL, "message \"%s\" lacks \"%s\"", err.msg, needle);
	ck_assert_int_eq(out.magic, 0);
	memset(&err, 0, sizeof(err));
	ck_assert_int_eq(sr_proto_encode_request(req, buf, sizeof(buf), &len, &err), -1);
	ck_assert_int_eq(err.errnum, EPROTO);
}

static void assert_reply_refused(const struct sr_proto_reply *reply, const char *needle)
{
	static unsigned char buf[sizeof(struct sr_proto_reply)];
	struct sr_proto_reply out;
	struct sr_error err = { 0 };

	memcpy(buf, reply, sizeof(*reply));
	ck_assert_int_eq(sr_proto_decode_reply(buf, sizeof(buf), &out, &err), -1);
	ck_assert_int_eq(err.errnum, EPROTO);
	ck_assert_msg(strstr(err.msg, needle) != NULL, "message \"%s\" lacks \"%s\"", err.msg, needle);
}

static bool all_zero(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != 0)
			return false;
	return true;
}

/* --- round trips ------------------------------------------------------ */

START_TEST(test_every_served_operation_round_trips)
{
	static struct sr_proto_request req, back;
	static struct sr_proto_reply reply, reply_back;
	static unsigned char buf[sizeof(struct sr_proto_request)];
	struct sr_error err = { 0 };
	size_t len = 0;

	make_request(&req, (enum sr_proto_op)_i);
	ck_assert_int_eq(sr_proto_encode_request(&req, buf, sizeof(buf), &len, &err), 0);
	/* The wire form stops after the fields in use; nothing is lost. */
	ck_assert_uint_le(len, sizeof(req));
	ck_assert(all_zero((const unsigned char *)&req + len, sizeof(req) - len));
	ck_assert_msg(sr_proto_decode_request(buf, len, &back, &err) == 0, "%s", err.msg);
	ck_assert_mem_eq(&req, &back, sizeof(req));

	make_reply(&reply, &req);
	ck_assert_int_eq(sr_proto_encode_reply(&reply, buf, sizeof(buf), &len, &err), 0);
	ck_assert_uint_le(len, sizeof(reply));
	ck_assert(all_zero((const unsigned char *)&reply + len, sizeof(reply) - len));
	ck_assert_msg(sr_proto_decode_reply(buf, len, &reply_back, &err) == 0, "%s", err.msg);
	ck_assert_mem_eq(&reply, &reply_back, sizeof(reply));
	ck_assert_uint_eq(reply_back.id, 1000 + (uint64_t)_i);

	sr_proto_reply_init(&reply, &req, ENOENT);
	ck_assert_int_eq(sr_proto_encode_reply(&reply, buf, sizeof(buf), &len, &err), 0);
	ck_assert_int_eq(sr_proto_decode_reply(buf, len, &reply_back, &err), 0);
	ck_assert_int_eq(reply_back.errnum, ENOENT);
}
END_TEST

/* --- mutations ----------------------------------------------------------- */

static struct fuzz fuzz;

/* Values that sit on the bounds a length or a count is checked against. */
static uint32_t fuzz_edge_value(size_t len)
{
	static const uint32_t edges[] = { 0, 1, 2, 0x7f, 0x80, 0xff, 0xffff, 0x7fffffff, 0x80000000,
					  0xffffffff, SR_PROTO_PATH_MAX - 1, SR_PROTO_PATH_MAX,
					  SR_PROTO_PATH_MAX + 1, SR_PROTO_XATTR_NAME_MAX,
					  SR_PROTO_XATTR_VALUE_MAX + 1, SR_PROTO_RESULT_MAX };
	uint64_t r = fuzz_next(&fuzz);

	if (r % 4 == 0)
		return (uint32_t)len;
	if (r % 4 == 1)
		return (uint32_t)(r >> 32);
	return edges[(r >> 8) % (sizeof(edges) / sizeof(edges[0]))];
}

/* One to four changes to the wire bytes buf[0..*len), which may grow up
 * to `size`: bits and bytes anywhere, an edge value on a 4-byte boundary
 * of the fixed header (the lengths and counts live there), a cut, or
 * bytes appended. */
static void fuzz_mutate(unsigned char *buf, size_t *len, size_t size, size_t header)
{
	int n = 1 + (int)(fuzz_next(&fuzz) % 4);

	for (int i = 0; i < n; i++) {
		uint64_t r = fuzz_next(&fuzz);
		size_t at = *len > 0 ? (size_t)(fuzz_next(&fuzz) % *len) : 0;
		switch (r % 6) {
		case 0:
			if (*len > 0)
				buf[at] ^= (unsigned char)(1u << ((r >> 8) % 8));
			break;
		case 1:
			if (*len > 0)
				buf[at] = (unsigned char)(r >> 16);
			break;
		case 2:
			if (*len > 0)
				buf[at] = 0;
			break;
		case 3: {
			size_t slot = (size_t)(fuzz_next(&fuzz) % (header / 4)) * 4;
			uint32_t v = fuzz_edge_value(*len);
			if (slot + 4 <= *len)
				memcpy(buf + slot, &v, sizeof(v));
			break;
		}
		case 4:
			*len = (size_t)(fuzz_next(&fuzz) % (*len + 1));
			break;
		default: {
			size_t grow = 1 + (size_t)(fuzz_next(&fuzz) % 64);
			for (size_t k = 0; k < grow && *len < size; k++)
				buf[(*len)++] = (unsigned char)fuzz_next(&fuzz);
			break;
		}
		}
	}
}

/* What a request the decoder let through must be: its strings
 * NUL-terminated at their announced lengths, within their fields. */
static void assert_request_sane(const struct sr_proto_request *req)
{
	ck_assert_ptr_nonnull(sr_proto_op_rule(req->op));
	ck_assert_uint_lt(req->path_len, sizeof(req->path));
	ck_assert_uint_eq(strnlen(req->path, sizeof(req->path)), req->path_len);
	ck_assert_uint_lt(req->path2_len, sizeof(req->path2));
	ck_assert_uint_eq(strnlen(req->path2, sizeof(req->path2)), req->path2_len);
	ck_assert_uint_lt(req->xattr_name_len, sizeof(req->xattr_name));
	ck_assert_uint_eq(strnlen(req->xattr_name, sizeof(req->xattr_name)), req->xattr_name_len);
	ck_assert_uint_le(req->xattr_value_len, sizeof(req->xattr_value));
}

#define FUZZ_ROUNDS 4000

/* Each operation's valid request and reply, mutated FUZZ_ROUNDS times
 * each: the decoder refuses with a message or accepts a record that is
 * sane and travels again unchanged; it never reads or writes out of
 * bounds (CI runs this under ASan and UBSan). */
START_TEST(test_mutated_records_refused_or_sane)
{
	static struct sr_proto_request req, back, again;
	static struct sr_proto_reply reply, reply_back, reply_again;
	static unsigned char valid[sizeof(struct sr_proto_request) + 64];
	static unsigned char buf[sizeof(struct sr_proto_request) + 64];
	struct sr_error err = { 0 };
	size_t valid_len = 0, len, accepted = 0, refused = 0;

	fuzz = (struct fuzz){ 0x9e3779b97f4a7c15ull ^ (uint64_t)_i };
	make_request(&req, (enum sr_proto_op)_i);
	ck_assert_int_eq(sr_proto_encode_request(&req, valid, sizeof(valid), &valid_len, &err), 0);
	for (int round = 0; round < FUZZ_ROUNDS; round++) {
		memcpy(buf, valid, valid_len);
		len = valid_len;
		fuzz_mutate(buf, &len, sizeof(buf), offsetof(struct sr_proto_request, path));
		err = (struct sr_error){ 0 };
		if (sr_proto_decode_request(buf, len, &back, &err) < 0) {
			ck_assert_msg(err.msg[0] != '\0', "a refusal says why");
			refused++;
			continue;
		}
		accepted++;
		assert_request_sane(&back);
		ck_assert_int_eq(sr_proto_check_request(&back, &err), 0);
		ck_assert_int_eq(sr_proto_encode_request(&back, buf, sizeof(buf), &len, &err), 0);
		ck_assert_int_eq(sr_proto_decode_request(buf, len, &again, &err), 0);
		ck_assert_mem_eq(&back, &again, sizeof(back));
	}
	/* Both outcomes met: the mutations reach past the first check. */
	ck_assert_uint_gt(refused, 0);
	ck_assert_uint_gt(accepted, 0);

	make_reply(&reply, &req);
	ck_assert_int_eq(sr_proto_encode_reply(&reply, valid, sizeof(valid), &valid_len, &err), 0);
	accepted = refused = 0;
	for (int round = 0; round < FUZZ_ROUNDS; round++) {
		memcpy(buf, valid, valid_len);
		len = valid_len;
		fuzz_mutate(buf, &len, sizeof(struct sr_proto_reply) + 64, offsetof(struct sr_proto_reply, result));
		err = (struct sr_error){ 0 };
		if (sr_proto_decode_reply(buf, len, &reply_back, &err) < 0) {
			ck_assert_msg(err.msg[0] != '\0', "a refusal says why");
			refused++;
			continue;
		}
		accepted++;
		ck_assert_uint_le(reply_back.result_len, sizeof(reply_back.result));
		ck_assert_int_eq(sr_proto_check_reply(&reply_back, &err), 0);
		ck_assert_int_eq(sr_proto_encode_reply(&reply_back, buf, sizeof(buf), &len, &err), 0);
		ck_assert_int_eq(sr_proto_decode_reply(buf, len, &reply_again, &err), 0);
		ck_assert_mem_eq(&reply_back, &reply_again, sizeof(reply_back));
	}
	ck_assert_uint_gt(refused, 0);
	ck_assert_uint_gt(accepted, 0);
}
END_TEST

START_TEST(test_table_serves_every_operation_but_none)
{
	char buf[32];

	ck_assert_ptr_null(sr_proto_op_rule(SR_PROTO_OP_NONE));
	ck_assert_ptr_null(sr_proto_op_rule(SR_PROTO_OP_COUNT));
	for (uint32_t op = SR_PROTO_OP_OPEN; op < SR_PROTO_OP_COUNT; op++) {
		const struct sr_proto_op_rule *rule = sr_proto_op_rule(op);
		ck_assert_ptr_nonnull(rule);
		ck_assert_str_eq(sr_proto_op_name(op, buf, sizeof(buf)), rule->name);
		ck_assert_uint_eq(rule->fds_required & ~rule->fds_allowed, 0);
	}
	ck_assert_str_eq(sr_proto_op_name(4242, buf, sizeof(buf)), "op#4242");
	ck_assert(sr_proto_op_rule(SR_PROTO_OP_OPEN)->reply_fd);
	ck_assert(!sr_proto_op_rule(SR_PROTO_OP_STAT)->reply_fd);
	ck_assert(sr_proto_op_rule(SR_PROTO_OP_RENAME)->path2 == SR_PROTO_PATH2_RESOLVED);
	ck_assert(sr_proto_op_rule(SR_PROTO_OP_SYMLINK)->path2 == SR_PROTO_PATH2_LITERAL);
}
END_TEST

START_TEST(test_open_writes_when_its_flags_say_so)
{
	struct sr_proto_request req;

	make_request(&req, SR_PROTO_OP_OPEN);
	req.flags = O_RDONLY | O_CLOEXEC;
	ck_assert(!sr_proto_request_writes(&req));
	req.flags = O_RDONLY | O_TRUNC;
	ck_assert(sr_proto_request_writes(&req));
	req.flags = O_WRONLY;
	ck_assert(sr_proto_request_writes(&req));
	req.flags = O_RDONLY | O_CREAT;
	ck_assert(sr_proto_request_writes(&req));
	make_request(&req, SR_PROTO_OP_STAT);
	ck_assert(!sr_proto_request_writes(&req));
	make_request(&req, SR_PROTO_OP_MKDIR);
	ck_assert(sr_proto_request_writes(&req));
}
END_TEST

START_TEST(test_setters_refuse_what_does_not_fit)
{
	static struct sr_proto_request req;
	static char long_path[SR_PROTO_PATH_MAX + 1];
	static unsigned char big_value[SR_PROTO_XATTR_VALUE_MAX + 1];
	struct sr_error err = { 0 };

	sr_proto_request_init(&req, SR_PROTO_OP_SETXATTR, 1);
	memset(long_path, 'a', SR_PROTO_PATH_MAX);
	ck_assert_int_eq(sr_proto_set_path(&req, long_path, &err), -1);
	ck_assert_int_eq(err.errnum, ENAMETOOLONG);
	long_path[SR_PROTO_PATH_MAX - 1] = '\0';
	ck_assert_int_eq(sr_proto_set_path(&req, long_path, &err), 0);
	ck_assert_uint_eq(req.path_len, SR_PROTO_PATH_MAX - 1);
	ck_assert_int_eq(sr_proto_set_xattr_value(&req, big_value, sizeof(big_value), &err), -1);
	ck_assert_int_eq(err.errnum, E2BIG);
	ck_assert_int_eq(sr_proto_set_xattr_value(&req, big_value, SR_PROTO_XATTR_VALUE_MAX, &err), 0);
}
END_TEST

/* --- malformed requests: one test per class --------------------------- */

START_TEST(test_short_record_refused)
{
	static struct sr_proto_request req, out;
	static struct sr_proto_reply reply, reply_out;
	static unsigned char buf[sizeof(struct sr_proto_request)];
	struct sr_error err = { 0 };
	size_t len = 0;

	/* Cut short of what its length fields say, by the path's NUL. */
	make_request(&req, SR_PROTO_OP_STAT);
	ck_assert_int_eq(sr_proto_encode_request(&req, buf, sizeof(buf), &len, &err), 0);
	ck_assert_int_eq(sr_proto_decode_request(buf, len - 1, &out, &err), -1);
	ck_assert_int_eq(err.errnum, EPROTO);
	ck_assert_msg(strstr(err.msg, "fields need") != NULL, "%s", err.msg);
	ck_assert_int_eq(sr_proto_decode_request(buf, 0, &out, &err), -1);
	ck_assert_int_eq(err.errnum, EPROTO);
	make_reply(&reply, &req);
	ck_assert_int_eq(sr_proto_encode_reply(&reply, buf, sizeof(buf), &len, &err), 0);
	ck_assert_int_eq(sr_proto_decode_reply(buf, len - 1, &reply_out, &err), -1);
	ck_assert_int_eq(err.errnum, EPROTO);
}
END_TEST

/* The whole record, zeros past its fields, is its wire form too; a byte
 * past the fields is not. */
START_TEST(test_bytes_past_the_fields_refused)
{
	static struct sr_proto_request req, out;
	static struct sr_proto_reply reply, reply_out;
	struct sr_error err = { 0 };

	make_request(&req, SR_PROTO_OP_STAT);
	ck_assert_int_eq(sr_proto_decode_request(&req, sizeof(req), &out, &err), 0);
	req.path[req.path_len + 1] = 'x';
	ck_assert_int_eq(sr_proto_decode_request(&req, sizeof(req), &out, &err), -1);
	ck_assert_msg(strstr(err.msg, "past its fields") != NULL, "%s", err.msg);
	make_request(&req, SR_PROTO_OP_STAT);
	make_reply(&reply, &req);
	ck_assert_int_eq(sr_proto_decode_reply(&reply, sizeof(reply), &reply_out, &err), 0);
	reply.result.bytes[sizeof(reply.result.bytes) - 1] = 1;
	ck_assert_int_eq(sr_proto_decode_reply(&reply, sizeof(reply), &reply_out, &err), -1);
	ck_assert_msg(strstr(err.msg, "past its fields") != NULL, "%s", err.msg);
}
END_TEST

START_TEST(test_long_record_refused)
{
	static unsigned char buf[sizeof(struct sr_proto_request) + 8];
	static struct sr_proto_request req, out;
	static struct sr_proto_reply reply, reply_out;
	struct sr_error err = { 0 };

	make_request(&req, SR_PROTO_OP_STAT);
	memcpy(buf, &req, sizeof(req));
	ck_assert_int_eq(sr_proto_decode_request(buf, sizeof(req) + 1, &out, &err), -1);
	ck_assert_int_eq(err.errnum, EPROTO);
	make_reply(&reply, &req);
	memcpy(buf, &reply, sizeof(reply));
	ck_assert_int_eq(sr_proto_decode_reply(buf, sizeof(reply) + 8, &reply_out, &err), -1);
	ck_assert_int_eq(err.errnum, EPROTO);
}
END_TEST

START_TEST(test_bad_magic_refused)
{
	struct sr_proto_request req;
	struct sr_proto_reply reply;

	make_request(&req, SR_PROTO_OP_STAT);
	make_reply(&reply, &req);
	req.magic ^= 1;
	assert_request_refused(&req, "bad magic");
	reply.magic = 0;
	assert_reply_refused(&reply, "bad magic");
}
END_TEST

START_TEST(test_bad_version_refused)
{
	struct sr_proto_request req;
	struct sr_proto_reply reply;

	make_request(&req, SR_PROTO_OP_STAT);
	make_reply(&reply, &req);
	req.version = SR_PROTO_VERSION + 1;
	assert_request_refused(&req, "version");
	reply.version = 0;
	assert_reply_refused(&reply, "version");
}
END_TEST

START_TEST(test_op_out_of_range_refused)
{
	struct sr_proto_request req;
	struct sr_proto_reply reply;

	make_request(&req, SR_PROTO_OP_STAT);
	make_reply(&reply, &req);
	req.op = SR_PROTO_OP_COUNT;
	assert_request_refused(&req, "out of range");
	req.op = UINT16_MAX;
	assert_request_refused(&req, "out of range");
	reply.op = SR_PROTO_OP_COUNT;
	assert_reply_refused(&reply, "out of range");
}
END_TEST

START_TEST(test_op_not_in_table_refused)
{
	struct sr_proto_request req;
	struct sr_proto_reply reply;

	make_request(&req, SR_PROTO_OP_STAT);
	make_reply(&reply, &req);
	req.op = SR_PROTO_OP_NONE;
	assert_request_refused(&req, "not served");
	reply.op = SR_PROTO_OP_NONE;
	assert_reply_refused(&reply, "not served");
}
END_TEST

START_TEST(test_path_length_over_bound_refused)
{
	static struct sr_proto_request req;

	make_request(&req, SR_PROTO_OP_STAT);
	memset(req.path, 'a', sizeof(req.path));
	req.path_len = SR_PROTO_PATH_MAX;
	assert_request_refused(&req, "path length");
	req.path_len = UINT32_MAX;
	assert_request_refused(&req, "path length");

	make_request(&req, SR_PROTO_OP_RENAME);
	req.path2_len = SR_PROTO_PATH_MAX + 1;
	assert_request_refused(&req, "second path length");

	make_request(&req, SR_PROTO_OP_GETXATTR);
	req.xattr_name_len = SR_PROTO_XATTR_NAME_MAX;
	assert_request_refused(&req, "xattr name length");

	make_request(&req, SR_PROTO_OP_SETXATTR);
	req.xattr_value_len = SR_PROTO_XATTR_VALUE_MAX + 1;
	assert_request_refused(&req, "xattr value length");
}
END_TEST

START_TEST(test_path_with_embedded_nul_refused)
{
	struct sr_proto_request req;

	/* The Gofer would open "/etc" while the Sentry logged "/etc\0/passwd". */
	make_request(&req, SR_PROTO_OP_STAT);
	req.path[4] = '\0';
	assert_request_refused(&req, "NUL byte inside");

	make_request(&req, SR_PROTO_OP_SYMLINK);
	req.path2[2] = '\0';
	assert_request_refused(&req, "second path has a NUL byte");
}
END_TEST

START_TEST(test_path_missing_nul_refused)
{
	struct sr_proto_request req;

	make_request(&req, SR_PROTO_OP_STAT);
	req.path[req.path_len] = 'x';
	assert_request_refused(&req, "not NUL-terminated");

	make_request(&req, SR_PROTO_OP_REMOVEXATTR);
	req.xattr_name[req.xattr_name_len] = 'x';
	assert_request_refused(&req, "xattr name is not NUL-terminated");
}
END_TEST

START_TEST(test_empty_or_relative_path_without_dirfd_refused)
{
	struct sr_proto_request req;
	struct sr_error err = { 0 };

	/* Resolved against the Gofer's own cwd otherwise. */
	make_request(&req, SR_PROTO_OP_OPEN);
	ck_assert_int_eq(sr_proto_set_path(&req, "etc/passwd", &err), 0);
	assert_request_refused(&req, "relative path without a dirfd");
	req.fds = SR_PROTO_FD_DIR;
	ck_assert_int_eq(sr_proto_check_request(&req, &err), 0);

	make_request(&req, SR_PROTO_OP_RENAME);
	ck_assert_int_eq(sr_proto_set_path2(&req, "new", &err), 0);
	assert_request_refused(&req, "relative second path");

	make_request(&req, SR_PROTO_OP_STAT);
	ck_assert_int_eq(sr_proto_set_path(&req, "", &err), 0);
	req.fds = SR_PROTO_FD_DIR;
	assert_request_refused(&req, "empty path");
	req.flags |= AT_EMPTY_PATH;
	ck_assert_int_eq(sr_proto_check_request(&req, &err), 0);
	req.fds = 0;
	assert_request_refused(&req, "empty path");

	/* mkdir has no AT_EMPTY_PATH form. */
	make_request(&req, SR_PROTO_OP_MKDIR);
	ck_assert_int_eq(sr_proto_set_path(&req, "", &err), 0);
	req.fds = SR_PROTO_FD_DIR;
	assert_request_refused(&req, "empty path");

	make_request(&req, SR_PROTO_OP_SYMLINK);
	ck_assert_int_eq(sr_proto_set_path2(&req, "", &err), 0);
	assert_request_refused(&req, "second path is empty");
}
END_TEST

START_TEST(test_unknown_flag_bits_refused)
{
	struct sr_proto_request req;
	struct sr_error err = { 0 };

	make_request(&req, SR_PROTO_OP_OPEN);
	req.flags |= 1u << 30;
	assert_request_refused(&req, "unknown flag bits");

	/* Access mode 3 (an fd for ioctls) is known: the Gofer serves it. */
	make_request(&req, SR_PROTO_OP_OPEN);
	req.flags = O_ACCMODE;
	ck_assert_int_eq(sr_proto_check_request(&req, &err), 0);

	make_request(&req, SR_PROTO_OP_OPEN);
	req.resolve |= 1u << 20;
	assert_request_refused(&req, "unknown resolve bits");

	/* AT_REMOVEDIR means nothing to stat. */
	make_request(&req, SR_PROTO_OP_STAT);
	req.flags |= AT_REMOVEDIR;
	assert_request_refused(&req, "unknown flag bits");

	make_request(&req, SR_PROTO_OP_RENAME);
	req.flags |= 1u << 3;
	assert_request_refused(&req, "unknown flag bits");

	make_request(&req, SR_PROTO_OP_STATX);
	req.statx_mask |= STATX__RESERVED;
	assert_request_refused(&req, "reserved mask bit");

	make_request(&req, SR_PROTO_OP_CHMOD);
	req.mode = S_IFREG | 0644;
	assert_request_refused(&req, "mode");

	make_request(&req, SR_PROTO_OP_MKNOD);
	req.mode = 0170000 | 0600;
	assert_request_refused(&req, "file type");

	make_request(&req, SR_PROTO_OP_ACCESS);
	req.mode = 8;
	assert_request_refused(&req, "mode");

	make_request(&req, SR_PROTO_OP_TRUNCATE);
	req.size = -1;
	assert_request_refused(&req, "negative size");
}
END_TEST

START_TEST(test_fd_presence_inconsistent_with_op_refused)
{
	struct sr_proto_request req;

	make_request(&req, SR_PROTO_OP_INOTIFY_ADD_WATCH);
	req.fds = 0;
	assert_request_refused(&req, "required fd");
	req.fds = SR_PROTO_FD_INOTIFY | SR_PROTO_FD_DIR2;
	assert_request_refused(&req, "not allowed");

	make_request(&req, SR_PROTO_OP_STAT);
	req.fds = SR_PROTO_FD_DIR2;
	assert_request_refused(&req, "not allowed");
	req.fds = 1u << 7;
	assert_request_refused(&req, "not allowed");
}
END_TEST

START_TEST(test_nonzero_reserved_refused)
{
	struct sr_proto_request req;
	struct sr_proto_reply reply;

	make_request(&req, SR_PROTO_OP_STAT);
	make_reply(&reply, &req);
	reply.reserved[4] = 1;
	assert_reply_refused(&reply, "reserved");
}
END_TEST

/* A umask only with a creating operation, and only umask(2)'s bits. */
START_TEST(test_umask_checked)
{
	struct sr_proto_request req;

	make_request(&req, SR_PROTO_OP_STAT);
	req.umask = 022;
	assert_request_refused(&req, "umask");
	make_request(&req, SR_PROTO_OP_MKDIR);
	req.umask = 01000;
	assert_request_refused(&req, "umask 01000 out of range");
}
END_TEST

START_TEST(test_sandbox_pid_out_of_range_refused)
{
	struct sr_proto_request req;

	make_request(&req, SR_PROTO_OP_OPEN);
	req.nspid = -1;
	assert_request_refused(&req, "sandbox pid");
	make_request(&req, SR_PROTO_OP_OPEN);
	req.nstid = -5;
	assert_request_refused(&req, "sandbox pid");
	make_request(&req, SR_PROTO_OP_OPEN);
	req.nspid = 0;
	assert_request_refused(&req, "sandbox pid");
}
END_TEST

START_TEST(test_unused_field_set_refused)
{
	struct sr_proto_request req;

	make_request(&req, SR_PROTO_OP_OPEN);
	req.dev = 1;
	assert_request_refused(&req, "field dev");

	make_request(&req, SR_PROTO_OP_STAT);
	req.mode = 0644;
	assert_request_refused(&req, "mode");

	make_request(&req, SR_PROTO_OP_STAT);
	req.uid = 1;
	assert_request_refused(&req, "field uid/gid");

	make_request(&req, SR_PROTO_OP_MKDIR);
	req.path2_len = 1;
	req.path2[0] = 'x';
	assert_request_refused(&req, "second path is set but unused");

	make_request(&req, SR_PROTO_OP_CHMOD);
	req.times[1].nsec = 5;
	assert_request_refused(&req, "field times");

	make_request(&req, SR_PROTO_OP_UNLINK);
	req.xattr_value_len = 1;
	assert_request_refused(&req, "field xattr value");
}
END_TEST

/* --- malformed replies ------------------------------------------------- */

START_TEST(test_reply_inconsistent_with_op_refused)
{
	struct sr_proto_request req;
	struct sr_proto_reply reply;

	make_request(&req, SR_PROTO_OP_OPEN);
	make_reply(&reply, &req);
	reply.has_fd = 0;
	assert_reply_refused(&reply, "returns an fd");
	reply.has_fd = 2;
	assert_reply_refused(&reply, "has_fd");

	make_request(&req, SR_PROTO_OP_STAT);
	make_reply(&reply, &req);
	reply.has_fd = 1;
	assert_reply_refused(&reply, "returns no fd");
	make_reply(&reply, &req);
	reply.result_len = sizeof(struct stat) - 1;
	assert_reply_refused(&reply, "result length");
	make_reply(&reply, &req);
	reply.result_kind = SR_PROTO_RESULT_STATX;
	assert_reply_refused(&reply, "result kind");

	/* Only OPEN may answer "continue" (O_PATH), and without a result. */
	make_request(&req, SR_PROTO_OP_OPEN);
	make_reply(&reply, &req);
	reply.has_fd = 0;
	reply.value = SR_PROTO_CONTINUE;
	ck_assert_int_eq(sr_proto_check_reply(&reply, &(struct sr_error){ 0 }), 0);
	reply.result_kind = SR_PROTO_RESULT_LINK_TARGET;
	reply.result_len = 1;
	assert_reply_refused(&reply, "continue carries a result");
	make_request(&req, SR_PROTO_OP_STAT);
	make_reply(&reply, &req);
	reply.value = SR_PROTO_CONTINUE;
	assert_reply_refused(&reply, "inconsistent");

	sr_proto_reply_init(&reply, &req, ENOENT);
	reply.result_kind = SR_PROTO_RESULT_STAT;
	reply.result_len = sizeof(struct stat);
	assert_reply_refused(&reply, "failure carries a result");
	sr_proto_reply_init(&reply, &req, 4096);
	assert_reply_refused(&reply, "errno");
	sr_proto_reply_init(&reply, &req, -1);
	assert_reply_refused(&reply, "errno");
	/* Only a lookup's answer may be given again, never with an fd or a
	 * continue, never an OPEN's success, and not for too long. */
	make_request(&req, SR_PROTO_OP_STAT);
	make_reply(&reply, &req);
	reply.cache_ms = SR_PROTO_CACHE_MS_MAX;
	ck_assert_int_eq(sr_proto_check_reply(&reply, &(struct sr_error){ 0 }), 0);
	reply.cache_ms = SR_PROTO_CACHE_MS_MAX + 1;
	assert_reply_refused(&reply, "cache_ms");
	make_request(&req, SR_PROTO_OP_OPEN);
	make_reply(&reply, &req);
	reply.cache_ms = 1;
	assert_reply_refused(&reply, "may not be given again");
	sr_proto_reply_init(&reply, &req, ENOENT);
	reply.cache_ms = 1;
	ck_assert_int_eq(sr_proto_check_reply(&reply, &(struct sr_error){ 0 }), 0);
	make_request(&req, SR_PROTO_OP_UNLINK);
	sr_proto_reply_init(&reply, &req, ENOENT);
	reply.cache_ms = 1;
	assert_reply_refused(&reply, "may not be given again");
	make_request(&req, SR_PROTO_OP_STAT);
	sr_proto_reply_init(&reply, &req, SR_PROTO_NEED_TASK_IDS);
	reply.cache_ms = 1;
	assert_reply_refused(&reply, "may not be given again");
	make_request(&req, SR_PROTO_OP_STAT);

	/* "Ask again with the task's ids" is the one errnum past the range,
	 * and like a failure it carries nothing. */
	sr_proto_reply_init(&reply, &req, SR_PROTO_NEED_TASK_IDS);
	ck_assert_int_eq(sr_proto_check_reply(&reply, &(struct sr_error){ 0 }), 0);
	reply.has_fd = 1;
	assert_reply_refused(&reply, "failure carries a result");
	sr_proto_reply_init(&reply, &req, SR_PROTO_NEED_TASK_IDS + 1);
	assert_reply_refused(&reply, "errno");

	make_request(&req, SR_PROTO_OP_READLINK);
	make_reply(&reply, &req);
	reply.result.link_target[reply.result_len] = 'x';
	assert_reply_refused(&reply, "link target is not NUL-terminated");
	make_reply(&reply, &req);
	reply.value = 100;
	assert_reply_refused(&reply, "value");
	make_reply(&reply, &req);
	reply.result_len = SR_PROTO_RESULT_MAX + 1;
	assert_reply_refused(&reply, "exceeds");

	make_request(&req, SR_PROTO_OP_LISTXATTR);
	make_reply(&reply, &req);
	reply.result.bytes[reply.result_len - 1] = 'x';
	assert_reply_refused(&reply, "name list");

	make_request(&req, SR_PROTO_OP_INOTIFY_ADD_WATCH);
	make_reply(&reply, &req);
	reply.value = 0;
	assert_reply_refused(&reply, "value");
}
END_TEST

/* --- over a real socket ---------------------------------------------- */

/* The `count` lowest free fds: where the next received fds will land
 * (an fd inherited above the first free one is stepped over, as the
 * kernel's allocation steps over it). */
#define MAX_CHECKED_FDS 4
struct free_fds {
	int fd[MAX_CHECKED_FDS];
	int count;
};

static struct free_fds next_free_fds(int count)
{
	struct free_fds f = { .count = count };

	ck_assert_int_le(count, MAX_CHECKED_FDS);
	for (int i = 0; i < count; i++) {
		f.fd[i] = open("/dev/null", O_RDONLY | O_CLOEXEC);
		ck_assert_int_ge(f.fd[i], 0);
	}
	for (int i = 0; i < count; i++)
		close(f.fd[i]);
	return f;
}

static void assert_fds_closed(const struct free_fds *f)
{
	for (int i = 0; i < f->count; i++) {
		errno = 0;
		ck_assert_msg(fcntl(f->fd[i], F_GETFD) == -1 && errno == EBADF, "fd %d leaked", f->fd[i]);
	}
}

static void make_socketpair(int sv[2])
{
	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv), 0);
}

START_TEST(test_socket_request_carries_a_dirfd)
{
	static struct sr_proto_request req, got;
	struct sr_proto_request_fds fds = SR_PROTO_REQUEST_FDS_NONE;
	struct sr_proto_request_fds got_fds;
	struct sr_error err = { 0 };
	struct stat a, b;
	int sv[2];

	make_socketpair(sv);
	make_request(&req, SR_PROTO_OP_OPEN);
	ck_assert_int_eq(sr_proto_set_path(&req, "passwd", &err), 0);
	req.fds = SR_PROTO_FD_DIR;
	fds.dir = open("/etc", O_PATH | O_DIRECTORY | O_CLOEXEC);
	ck_assert_int_ge(fds.dir, 0);
	ck_assert_msg(sr_proto_send_request(sv[0], &req, &fds, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(sr_proto_recv_request(sv[1], 0, &got, &got_fds, &err), 1);
	ck_assert_mem_eq(&req, &got, sizeof(req));
	ck_assert_int_ge(got_fds.dir, 0);
	ck_assert_int_eq(got_fds.dir2, -1);
	ck_assert_int_eq(got_fds.inotify, -1);
	ck_assert_int_eq(fstat(fds.dir, &a), 0);
	ck_assert_int_eq(fstat(got_fds.dir, &b), 0);
	ck_assert(a.st_dev == b.st_dev && a.st_ino == b.st_ino);
	close(got_fds.dir);
	close(fds.dir);

	/* The peer closing is end of stream, not an error. */
	close(sv[0]);
	ck_assert_int_eq(sr_proto_recv_request(sv[1], 0, &got, &got_fds, &err), 0);
	close(sv[1]);
}
END_TEST

START_TEST(test_socket_rename_carries_two_dirfds_in_order)
{
	static struct sr_proto_request req, got;
	struct sr_proto_request_fds fds = SR_PROTO_REQUEST_FDS_NONE;
	struct sr_proto_request_fds got_fds;
	struct sr_error err = { 0 };
	struct stat a, b;
	int sv[2];

	make_socketpair(sv);
	make_request(&req, SR_PROTO_OP_RENAME);
	ck_assert_int_eq(sr_proto_set_path(&req, "old", &err), 0);
	ck_assert_int_eq(sr_proto_set_path2(&req, "new", &err), 0);
	req.fds = SR_PROTO_FD_DIR | SR_PROTO_FD_DIR2;
	fds.dir = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	fds.dir2 = open("/tmp", O_PATH | O_DIRECTORY | O_CLOEXEC);
	ck_assert_int_eq(sr_proto_send_request(sv[0], &req, &fds, &err), 0);
	ck_assert_int_eq(sr_proto_recv_request(sv[1], 0, &got, &got_fds, &err), 1);
	ck_assert_int_eq(fstat(fds.dir2, &a), 0);
	ck_assert_int_eq(fstat(got_fds.dir2, &b), 0);
	ck_assert(a.st_ino == b.st_ino && a.st_dev == b.st_dev);
	close(got_fds.dir);
	close(got_fds.dir2);
	close(fds.dir);
	close(fds.dir2);
	close(sv[0]);
	close(sv[1]);
}
END_TEST

START_TEST(test_socket_reply_carries_the_opened_fd)
{
	struct sr_proto_request req;
	static struct sr_proto_reply reply, got;
	struct sr_error err = { 0 };
	int sv[2], pipefd[2], fd = -1;
	char c = 0;

	make_socketpair(sv);
	ck_assert_int_eq(pipe2(pipefd, O_CLOEXEC), 0);
	make_request(&req, SR_PROTO_OP_OPEN);
	make_reply(&reply, &req);
	ck_assert_int_eq(sr_proto_send_reply(sv[1], &reply, pipefd[1], &err), 0);
	close(pipefd[1]);
	ck_assert_int_eq(sr_proto_recv_reply(sv[0], 0, &got, &fd, &err), 1);
	ck_assert_uint_eq(got.id, req.id);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, "x", 1), 1);
	ck_assert_int_eq(read(pipefd[0], &c, 1), 1);
	ck_assert_int_eq(c, 'x');
	close(fd);
	close(pipefd[0]);
	close(sv[0]);
	close(sv[1]);
}
END_TEST

START_TEST(test_socket_sender_fds_must_match_announcement)
{
	static struct sr_proto_request req;
	struct sr_proto_reply reply;
	struct sr_proto_request_fds fds = SR_PROTO_REQUEST_FDS_NONE;
	struct sr_error err = { 0 };
	int sv[2];

	make_socketpair(sv);
	make_request(&req, SR_PROTO_OP_STAT);
	fds.dir = sv[0];
	ck_assert_int_eq(sr_proto_send_request(sv[0], &req, &fds, &err), -1);
	ck_assert_int_eq(err.errnum, EINVAL);
	make_reply(&reply, &req);
	ck_assert_int_eq(sr_proto_send_reply(sv[1], &reply, sv[0], &err), -1);
	ck_assert_int_eq(err.errnum, EINVAL);
	req.magic = 0;
	ck_assert_int_eq(sr_proto_send_request(sv[0], &req, &SR_PROTO_REQUEST_FDS_NONE, &err), -1);
	ck_assert_int_eq(err.errnum, EPROTO);
	close(sv[0]);
	close(sv[1]);
}
END_TEST

/* A hostile peer sends three fds with a request that announces one: the
 * record is refused and none of the three stays open in the receiver. */
START_TEST(test_socket_surplus_request_fds_refused_and_closed)
{
	static struct sr_proto_request req, got;
	struct sr_proto_request_fds got_fds;
	struct sr_error err = { 0 };
	int sv[2], extra[3];

	make_socketpair(sv);
	make_request(&req, SR_PROTO_OP_OPEN);
	req.fds = SR_PROTO_FD_DIR;
	for (int i = 0; i < 3; i++)
		extra[i] = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	ck_assert_int_eq(sr_send_fds(sv[0], &req, sizeof(req), extra, 3), 0);
	for (int i = 0; i < 3; i++)
		close(extra[i]);
	struct free_fds first = next_free_fds(3);
	ck_assert_int_eq(sr_proto_recv_request(sv[1], 0, &got, &got_fds, &err), -1);
	ck_assert_int_eq(err.errnum, EPROTO);
	ck_assert_msg(strstr(err.msg, "announced 1 fds but 3 arrived") != NULL, "%s", err.msg);
	ck_assert_int_eq(got_fds.dir, -1);
	assert_fds_closed(&first);

	/* More than a request may ever carry: refused as it arrives. */
	for (int i = 0; i < 3; i++)
		extra[i] = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	int four[4] = { extra[0], extra[1], extra[2], extra[0] };
	ck_assert_int_eq(sr_send_fds(sv[0], &req, sizeof(req), four, 4), 0);
	for (int i = 0; i < 3; i++)
		close(extra[i]);
	first = next_free_fds(4);
	ck_assert_int_eq(sr_proto_recv_request(sv[1], 0, &got, &got_fds, &err), -1);
	ck_assert_int_eq(err.errnum, EPROTO);
	assert_fds_closed(&first);

	/* Fewer than announced. */
	ck_assert_int_eq(sr_send_fds(sv[0], &req, sizeof(req), NULL, 0), 0);
	ck_assert_int_eq(sr_proto_recv_request(sv[1], 0, &got, &got_fds, &err), -1);
	ck_assert_msg(strstr(err.msg, "announced 1 fds but 0 arrived") != NULL, "%s", err.msg);
	close(sv[0]);
	close(sv[1]);
}
END_TEST

START_TEST(test_socket_malformed_request_closes_its_fd)
{
	static struct sr_proto_request req, got;
	struct sr_proto_request_fds got_fds;
	struct sr_error err = { 0 };
	int sv[2];

	make_socketpair(sv);
	make_request(&req, SR_PROTO_OP_OPEN);
	req.fds = SR_PROTO_FD_DIR;
	req.umask = 01000;
	int dir = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	ck_assert_int_eq(sr_send_fds(sv[0], &req, sizeof(req), &dir, 1), 0);
	close(dir);
	struct free_fds first = next_free_fds(1);
	ck_assert_int_eq(sr_proto_recv_request(sv[1], 0, &got, &got_fds, &err), -1);
	ck_assert_int_eq(err.errnum, EPROTO);
	assert_fds_closed(&first);

	/* A record longer than a request is truncated by the kernel: refused. */
	static unsigned char big[sizeof(struct sr_proto_request) + 16];
	memcpy(big, &req, sizeof(req));
	ck_assert_int_eq(sr_send_fds(sv[0], big, sizeof(big), NULL, 0), 0);
	ck_assert_int_eq(sr_proto_recv_request(sv[1], 0, &got, &got_fds, &err), -1);
	ck_assert_int_eq(err.errnum, EPROTO);

	/* A short one. */
	ck_assert_int_eq(sr_send_fds(sv[0], big, 64, NULL, 0), 0);
	ck_assert_int_eq(sr_proto_recv_request(sv[1], 0, &got, &got_fds, &err), -1);
	ck_assert_int_eq(err.errnum, EPROTO);
	close(sv[0]);
	close(sv[1]);
}
END_TEST

START_TEST(test_socket_surplus_reply_fds_refused_and_closed)
{
	struct sr_proto_request req;
	static struct sr_proto_reply reply, got;
	struct sr_error err = { 0 };
	int sv[2], extra[3], fd = 42;

	make_socketpair(sv);
	make_request(&req, SR_PROTO_OP_OPEN);
	make_reply(&reply, &req);
	for (int i = 0; i < 3; i++)
		extra[i] = open("/dev/null", O_RDONLY | O_CLOEXEC);
	ck_assert_int_eq(sr_send_fds(sv[1], &reply, sizeof(reply), extra, 3), 0);
	for (int i = 0; i < 3; i++)
		close(extra[i]);
	struct free_fds first = next_free_fds(3);
	ck_assert_int_eq(sr_proto_recv_reply(sv[0], 0, &got, &fd, &err), -1);
	ck_assert_int_eq(err.errnum, EPROTO);
	ck_assert_int_eq(fd, -1);
	assert_fds_closed(&first);

	/* An fd with a reply that must not carry one. */
	make_request(&req, SR_PROTO_OP_STAT);
	make_reply(&reply, &req);
	extra[0] = open("/dev/null", O_RDONLY | O_CLOEXEC);
	ck_assert_int_eq(sr_send_fds(sv[1], &reply, sizeof(reply), extra, 1), 0);
	close(extra[0]);
	first = next_free_fds(1);
	ck_assert_int_eq(sr_proto_recv_reply(sv[0], 0, &got, &fd, &err), -1);
	ck_assert_int_eq(err.errnum, EPROTO);
	assert_fds_closed(&first);
	close(sv[0]);
	close(sv[1]);
}
END_TEST

/* A hostile peer sends an empty record with an fd: no record, but not
 * the peer's close either, and the fd must not stay open in the
 * receiver (a Gofer thread would end with it, a Sentry worker would
 * keep it for good). */
static void send_empty_with_fd(int sock, int fd)
{
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} control;
	struct iovec iov = { .iov_base = NULL, .iov_len = 0 };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.buf,
			      .msg_controllen = sizeof(control.buf) };
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);

	memset(&control, 0, sizeof(control));
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &fd, sizeof(int));
	ck_assert_int_eq(sendmsg(sock, &msg, MSG_NOSIGNAL), 0);
}

START_TEST(test_socket_empty_record_with_fd_refused_and_closed)
{
	static struct sr_proto_request got;
	static struct sr_proto_reply got_reply;
	struct sr_proto_request_fds got_fds;
	struct sr_error err = { 0 };
	int sv[2], fd = 42;

	make_socketpair(sv);
	int dir = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	send_empty_with_fd(sv[0], dir);
	close(dir);
	struct free_fds first = next_free_fds(1);
	ck_assert_int_eq(sr_proto_recv_request(sv[1], 0, &got, &got_fds, &err), -1);
	ck_assert_int_eq(err.errnum, EPROTO);
	ck_assert_int_eq(got_fds.dir, -1);
	assert_fds_closed(&first);

	int file = open("/dev/null", O_RDONLY | O_CLOEXEC);
	send_empty_with_fd(sv[1], file);
	close(file);
	first = next_free_fds(1);
	err = (struct sr_error){ 0 };
	ck_assert_int_eq(sr_proto_recv_reply(sv[0], 0, &got_reply, &fd, &err), -1);
	ck_assert_int_eq(err.errnum, EPROTO);
	ck_assert_int_eq(fd, -1);
	assert_fds_closed(&first);
	close(sv[0]);
	close(sv[1]);
}
END_TEST

static Suite *proto_suite(void)
{
	Suite *s = suite_create("proto");
	TCase *tc = tcase_create("records");

	tcase_add_loop_test(tc, test_every_served_operation_round_trips, SR_PROTO_OP_OPEN,
			    SR_PROTO_OP_COUNT);
	tcase_add_test(tc, test_table_serves_every_operation_but_none);
	tcase_add_test(tc, test_open_writes_when_its_flags_say_so);
	tcase_add_test(tc, test_setters_refuse_what_does_not_fit);
	suite_add_tcase(s, tc);

	tc = tcase_create("mutations");
	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, test_mutated_records_refused_or_sane, SR_PROTO_OP_OPEN, SR_PROTO_OP_COUNT);
	suite_add_tcase(s, tc);

	tc = tcase_create("malformed");
	tcase_add_test(tc, test_short_record_refused);
	tcase_add_test(tc, test_bytes_past_the_fields_refused);
	tcase_add_test(tc, test_long_record_refused);
	tcase_add_test(tc, test_bad_magic_refused);
	tcase_add_test(tc, test_bad_version_refused);
	tcase_add_test(tc, test_op_out_of_range_refused);
	tcase_add_test(tc, test_op_not_in_table_refused);
	tcase_add_test(tc, test_path_length_over_bound_refused);
	tcase_add_test(tc, test_path_with_embedded_nul_refused);
	tcase_add_test(tc, test_path_missing_nul_refused);
	tcase_add_test(tc, test_empty_or_relative_path_without_dirfd_refused);
	tcase_add_test(tc, test_unknown_flag_bits_refused);
	tcase_add_test(tc, test_fd_presence_inconsistent_with_op_refused);
	tcase_add_test(tc, test_nonzero_reserved_refused);
	tcase_add_test(tc, test_umask_checked);
	tcase_add_test(tc, test_sandbox_pid_out_of_range_refused);
	tcase_add_test(tc, test_unused_field_set_refused);
	tcase_add_test(tc, test_reply_inconsistent_with_op_refused);
	suite_add_tcase(s, tc);

	tc = tcase_create("socket");
	tcase_add_test(tc, test_socket_request_carries_a_dirfd);
	tcase_add_test(tc, test_socket_rename_carries_two_dirfds_in_order);
	tcase_add_test(tc, test_socket_reply_carries_the_opened_fd);
	tcase_add_test(tc, test_socket_sender_fds_must_match_announcement);
	tcase_add_test(tc, test_socket_surplus_request_fds_refused_and_closed);
	tcase_add_test(tc, test_socket_malformed_request_closes_its_fd);
	tcase_add_test(tc, test_socket_surplus_reply_fds_refused_and_closed);
	tcase_add_test(tc, test_socket_empty_record_with_fd_refused_and_closed);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(proto_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
