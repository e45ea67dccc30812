/* Reading kcat -J envelopes. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "envelope.h"

int
base64_decode(struct buf *b, const char *s, size_t n)
{
	unsigned long acc = 0;
	int bits = 0, pad = 0;
	size_t i;

	buf_grow(b, n / 4 * 3 + 3);
	for (i = 0; i < n; i++) {
		int c = (unsigned char)s[i], v;

		if (c >= 'A' && c <= 'Z')
			v = c - 'A';
		else if (c >= 'a' && c <= 'z')
			v = c - 'a' + 26;
		else if (c >= '0' && c <= '9')
			v = c - '0' + 52;
		else if (c == '+')
			v = 62;
		else if (c == '/')
			v = 63;
		else if (c == '=') {
			pad++;
			continue;
		} else
			return -1;
		if (pad)
			return -1;		/* data after padding */
		acc = (acc << 6 | (unsigned long)v) & 0xffffff;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			buf_addc(b, (int)(acc >> bits & 0xff));
		}
	}
	if (bits >= 6 || pad > 2)
		return -1;		/* a lone 6-bit group: truncated */
	return 0;
}

/*
 * A Kafka partition or offset: an integer (no fraction or exponent) from
 * 0 to LLONG_MAX. Returns 0, -1 when it is not an integer, -2 when it is
 * out of range.
 */
static int
get_int(const struct jval *v, long long *out)
{
	char tmp[32], *end;

	if (v->type != J_NUM || memchr(v->p, '.', v->n) != NULL ||
	    memchr(v->p, 'e', v->n) != NULL || memchr(v->p, 'E', v->n) != NULL)
		return -1;
	if (v->n >= sizeof(tmp))
		return -2;
	memcpy(tmp, v->p, v->n);
	tmp[v->n] = '\0';
	errno = 0;
	*out = strtoll(tmp, &end, 10);
	if (*end != '\0')
		return -1;
	return errno == ERANGE || *out < 0 ? -2 : 0;
}

const char *
envelope_read(struct envelope *env, const struct record *r)
{
	int rc;

	env->topic.len = env->payload.len = 0;
	buf_grow(&env->topic, 64);	/* never NULL, even when empty */
	buf_grow(&env->payload, 64);
	env->has_pos = env->tombstone = 0;
	if (r->topic.type == J_STR && r->partition.type == J_NUM &&
	    r->offset.type == J_NUM) {
		if (json_decode(&env->topic, r->topic.p, r->topic.n) < 0)
			return "topic holds an unpaired surrogate";
		if ((rc = get_int(&r->partition, &env->partition)) == 0)
			rc = get_int(&r->offset, &env->offset);
		if (rc < 0)
			return rc == -1 ? "partition or offset is not an integer" :
			    "partition or offset out of range";
		env->has_pos = 1;
	} else if (r->topic.type != J_NONE || r->partition.type != J_NONE ||
	    r->offset.type != J_NONE)
		return "bad topic, partition or offset";
	if (r->payload.type == J_NULL) {
		env->tombstone = 1;
		return NULL;
	}
	if (r->payload.type != J_STR)
		return "payload is not a string";
	if (r->payload_enc.type == J_NONE || r->payload_enc.type == J_NULL) {
		if (json_decode(&env->payload, r->payload.p, r->payload.n) < 0)
			return "payload holds an unpaired surrogate";
		return NULL;
	}
	if (r->payload_enc.type == J_STR && r->payload_enc.n == 6 &&
	    memcmp(r->payload_enc.p, "base64", 6) == 0) {
		/* base64 text needs no JSON unescaping but for "\/" */
		struct buf tmp = { 0 };

		if (json_decode(&tmp, r->payload.p, r->payload.n) < 0)
			rc = -1;
		else
			rc = base64_decode(&env->payload, tmp.p, tmp.len);
		buf_free(&tmp);
		return rc < 0 ? "payload is not valid base64" : NULL;
	}
	return "unknown payload_encoding";
}

void
envelope_free(struct envelope *env)
{
	buf_free(&env->topic);
	buf_free(&env->payload);
}
