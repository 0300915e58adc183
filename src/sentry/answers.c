#include "sentry/answers.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* What a request is asked with, and what the Gofer answered. */
struct answer {
	uint64_t expires_ns;       /* 0: a free slot */
	uint16_t op;
	uint32_t flags;
	uint32_t mode;
	uint64_t resolve;
	uint32_t statx_mask;
	uint32_t path_len;
	char path[SR_ANSWERS_PATH_MAX];
	int32_t errnum;
	int64_t value;
	uint32_t result_kind;
	uint32_t result_len;
	unsigned char result[SR_ANSWERS_RESULT_MAX];
};

struct sr_answers {
	pthread_mutex_t lock;
	struct answer slots[SR_ANSWERS_SLOTS];
};

struct sr_answers *sr_answers_new(void)
{
	struct sr_answers *answers = calloc(1, sizeof(*answers));

	if (answers != NULL)
		pthread_mutex_init(&answers->lock, NULL);
	return answers;
}

void sr_answers_free(struct sr_answers *answers)
{
	if (answers == NULL)
		return;
	pthread_mutex_destroy(&answers->lock);
	free(answers);
}

bool sr_answers_eligible(const struct sr_proto_request *req)
{
	return sr_proto_op_rule(req->op) != NULL && sr_proto_op_rule(req->op)->may_cache &&
	       req->fds == 0 && req->path_len < SR_ANSWERS_PATH_MAX && req->path[0] == '/';
}

/* FNV-1a over everything the answer depends on. */
static uint64_t answer_hash(const struct sr_proto_request *req)
{
	uint64_t h = 1469598103934665603ull;
	const uint64_t fields[] = { req->op, req->flags, req->mode, req->resolve, req->statx_mask };
	const unsigned char *bytes = (const unsigned char *)fields;

	for (size_t i = 0; i < sizeof(fields); i++)
		h = (h ^ bytes[i]) * 1099511628211ull;
	for (uint32_t i = 0; i < req->path_len; i++)
		h = (h ^ (unsigned char)req->path[i]) * 1099511628211ull;
	return h;
}

static bool answer_matches(const struct answer *a, const struct sr_proto_request *req)
{
	return a->op == req->op && a->flags == req->flags && a->mode == req->mode &&
	       a->resolve == req->resolve && a->statx_mask == req->statx_mask &&
	       a->path_len == req->path_len && memcmp(a->path, req->path, req->path_len) == 0;
}

bool sr_answers_find(struct sr_answers *answers, const struct sr_proto_request *req,
		     uint64_t now_ns, struct sr_proto_reply *reply)
{
	bool found = false;

	if (answers == NULL || !sr_answers_eligible(req))
		return false;
	struct answer *a = &answers->slots[answer_hash(req) % SR_ANSWERS_SLOTS];
	pthread_mutex_lock(&answers->lock);
	if (a->expires_ns > now_ns && answer_matches(a, req)) {
		sr_proto_reply_init(reply, req, a->errnum);
		reply->value = a->value;
		reply->result_kind = a->result_kind;
		reply->result_len = a->result_len;
		memcpy(reply->result.bytes, a->result, a->result_len);
		found = true;
	}
	pthread_mutex_unlock(&answers->lock);
	return found;
}

void sr_answers_keep(struct sr_answers *answers, const struct sr_proto_request *req,
		     const struct sr_proto_reply *reply, uint64_t now_ns)
{
	/* A link target is kept with its NUL, which the reply check wants. */
	size_t result_len = reply->result_len +
			    (reply->result_kind == SR_PROTO_RESULT_LINK_TARGET ? 1u : 0u);

	if (answers == NULL || reply->cache_ms == 0 || reply->has_fd || !sr_answers_eligible(req) ||
	    result_len > SR_ANSWERS_RESULT_MAX)
		return;
	struct answer *a = &answers->slots[answer_hash(req) % SR_ANSWERS_SLOTS];
	pthread_mutex_lock(&answers->lock);
	a->expires_ns = now_ns + (uint64_t)reply->cache_ms * 1000000u;
	a->op = req->op;
	a->flags = req->flags;
	a->mode = req->mode;
	a->resolve = req->resolve;
	a->statx_mask = req->statx_mask;
	a->path_len = req->path_len;
	memcpy(a->path, req->path, req->path_len);
	a->errnum = reply->errnum;
	a->value = reply->value;
	a->result_kind = reply->result_kind;
	a->result_len = reply->result_len;
	memcpy(a->result, reply->result.bytes, result_len);
	pthread_mutex_unlock(&answers->lock);
}
