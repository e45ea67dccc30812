/* Envelopes: writing consumed messages as JSON, parsing them back. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yajl/yajl_parse.h>

#include "envelope.h"
#include "utf8.h"

/* Strict UTF-8: no overlong forms, no surrogates, nothing past U+10FFFF. */
int
env_utf8_valid(const unsigned char *s, size_t n)
{
	size_t i = 0, k;

	for (; i < n; i += k)
		if ((k = cmn_utf8_len(s + i, n - i)) == 0)
			return 0;
	return 1;
}

/* Escape as yajl_gen does (so valid UTF-8 comes out as kcat writes it). */
void
env_put_string(struct buf *b, const void *v, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *s = v, *run = s, *end = s + n;

	if (b->cap - b->len < n + 2)
		buf_grow(b, n + 2);
	buf_addc(b, '"');
	for (; s < end; s++) {
		const char *esc;
		char u[6];

		if (*s >= 0x20 && *s != '"' && *s != '\\')
			continue;
		switch (*s) {
		case '"':  esc = "\\\""; break;
		case '\\': esc = "\\\\"; break;
		case '\b': esc = "\\b"; break;
		case '\f': esc = "\\f"; break;
		case '\n': esc = "\\n"; break;
		case '\r': esc = "\\r"; break;
		case '\t': esc = "\\t"; break;
		default:
			memcpy(u, "\\u00", 4);
			u[4] = hex[*s >> 4];
			u[5] = hex[*s & 15];
			buf_add(b, run, (size_t)(s - run));
			buf_add(b, u, 6);
			run = s + 1;
			continue;
		}
		buf_add(b, run, (size_t)(s - run));
		buf_adds(b, esc);
		run = s + 1;
	}
	buf_add(b, run, (size_t)(end - run));
	buf_addc(b, '"');
}

static const char b64[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

void
env_put_base64(struct buf *b, const void *v, size_t n)
{
	const unsigned char *s = v;
	size_t i;

	buf_grow(b, (n + 2) / 3 * 4 + 2);
	buf_addc(b, '"');
	for (i = 0; i + 3 <= n; i += 3) {
		unsigned long w = (unsigned long)s[i] << 16 | s[i + 1] << 8 | s[i + 2];

		b->p[b->len++] = b64[w >> 18];
		b->p[b->len++] = b64[w >> 12 & 63];
		b->p[b->len++] = b64[w >> 6 & 63];
		b->p[b->len++] = b64[w & 63];
	}
	if (n - i == 1) {
		b->p[b->len++] = b64[s[i] >> 2];
		b->p[b->len++] = b64[(s[i] & 3) << 4];
		b->p[b->len++] = '=';
		b->p[b->len++] = '=';
	} else if (n - i == 2) {
		b->p[b->len++] = b64[s[i] >> 2];
		b->p[b->len++] = b64[(s[i] & 3) << 4 | s[i + 1] >> 4];
		b->p[b->len++] = b64[(s[i + 1] & 15) << 2];
		b->p[b->len++] = '=';
	}
	buf_addc(b, '"');
}

int
env_base64_decode(struct buf *out, const char *s, size_t n)
{
	unsigned long w = 0;
	size_t i, k = 0, pad = 0;

	if (n % 4 != 0)
		return -1;
	for (i = 0; i < n; i++) {
		const char *p;
		unsigned d;

		if (s[i] == '=') {
			if (i < n - 2 || (i == n - 2 && s[n - 1] != '='))
				return -1;
			pad++;
			d = 0;
		} else {
			if (s[i] == '\0' || (p = strchr(b64, s[i])) == NULL)
				return -1;
			d = (unsigned)(p - b64);
		}
		w = w << 6 | d;
		if (++k == 4) {
			buf_addc(out, (int)(w >> 16 & 255));
			if (pad < 2)
				buf_addc(out, (int)(w >> 8 & 255));
			if (pad < 1)
				buf_addc(out, (int)(w & 255));
			w = 0;
			k = 0;
		}
	}
	return 0;
}

/* A key or payload: null, a JSON string, or base64 with its flag. */
static void
put_bytes(struct buf *b, const char *name, const void *p, size_t n)
{
	buf_addc(b, '"');
	buf_adds(b, name);
	buf_adds(b, "\":");
	if (p == NULL)
		buf_adds(b, "null");
	else if (env_utf8_valid(p, n))
		env_put_string(b, p, n);
	else {
		env_put_base64(b, p, n);
		buf_adds(b, ",\"");
		buf_adds(b, name);
		buf_adds(b, "_encoding\":\"base64\"");
	}
}

static void
put_headers(struct buf *b, rd_kafka_headers_t *h)
{
	const char *name;
	const void *val;
	size_t i, sz;
	int raw = 1;

	for (i = 0; rd_kafka_header_get_all(h, i, &name, &val, &sz) == 0; i++)
		if (!env_utf8_valid((const unsigned char *)name, strlen(name)) ||
		    (val != NULL && !env_utf8_valid(val, sz)))
			raw = 0;
	buf_adds(b, "\"headers\":[");
	for (i = 0; rd_kafka_header_get_all(h, i, &name, &val, &sz) == 0; i++) {
		void (*put)(struct buf *, const void *, size_t) =
		    raw ? env_put_string : env_put_base64;

		if (i > 0)
			buf_addc(b, ',');
		put(b, name, strlen(name));
		buf_addc(b, ',');
		if (val == NULL)
			buf_adds(b, "null");
		else
			put(b, val, sz);
	}
	buf_adds(b, raw ? "]," : "],\"headers_encoding\":\"base64\",");
}

void
env_write(struct buf *b, const rd_kafka_message_t *m)
{
	rd_kafka_timestamp_type_t tstype;
	rd_kafka_headers_t *h;
	int64_t ts = rd_kafka_message_timestamp(m, &tstype);
	const char *topic = rd_kafka_topic_name(m->rkt);

	buf_adds(b, "{\"topic\":");
	env_put_string(b, topic, strlen(topic));
	buf_adds(b, ",\"partition\":");
	buf_addi(b, m->partition);
	buf_adds(b, ",\"offset\":");
	buf_addi(b, m->offset);
	if (tstype != RD_KAFKA_TIMESTAMP_NOT_AVAILABLE) {
		buf_adds(b, tstype == RD_KAFKA_TIMESTAMP_CREATE_TIME ?
		    ",\"tstype\":\"create\",\"ts\":" :
		    tstype == RD_KAFKA_TIMESTAMP_LOG_APPEND_TIME ?
		    ",\"tstype\":\"logappend\",\"ts\":" :
		    ",\"tstype\":\"unknown\",\"ts\":");
		buf_addi(b, ts);
	}
	buf_adds(b, ",\"broker\":");
	buf_addi(b, rd_kafka_message_broker_id(m));
	buf_addc(b, ',');
	if (rd_kafka_message_headers(m, &h) == RD_KAFKA_RESP_ERR_NO_ERROR)
		put_headers(b, h);
	put_bytes(b, "key", m->key, m->key_len);
	buf_addc(b, ',');
	put_bytes(b, "payload", m->payload, m->len);
	buf_adds(b, "}\n");
}

/* Parsing, with yajl's event parser (strings keep their NUL bytes). */

enum field { F_OTHER, F_KEY, F_PAYLOAD, F_PARTITION, F_HEADERS,
	F_KEY_ENC, F_PAYLOAD_ENC, F_HEADERS_ENC };

struct pstate {
	struct envelope *e;
	int	 depth;		/* 1 inside the top-level object */
	int	 in_headers;	/* inside the headers array */
	int	 hpos;		/* 0: next is a name, 1: a value */
	int	 top_map;	/* the document is an object */
	enum field cur;
	int	 b64[3];	/* key, payload, headers */
	const char *err;
};

static void
store(struct envelope *e, struct env_field *f, const unsigned char *s, size_t n)
{
	f->present = 1;
	f->off = e->data.len;
	f->len = n;
	if (n > 0)
		buf_add(&e->data, s, n);
}

static int
header_slot(struct pstate *ps)
{
	struct envelope *e = ps->e;

	if (ps->hpos == 0) {
		if (e->nheaders == e->hcap) {
			e->hcap = e->hcap ? e->hcap * 2 : 8;
			e->hname = cmn_xrealloc(e->hname, (size_t)e->hcap * sizeof(*e->hname));
			e->hvalue = cmn_xrealloc(e->hvalue, (size_t)e->hcap * sizeof(*e->hvalue));
		}
		memset(&e->hname[e->nheaders], 0, sizeof(*e->hname));
		memset(&e->hvalue[e->nheaders], 0, sizeof(*e->hvalue));
		e->nheaders++;
	}
	return e->nheaders - 1;
}

static int
p_null(void *ctx)
{
	struct pstate *ps = ctx;

	if (ps->in_headers && ps->depth == 2) {
		if (ps->hpos == 0) {
			ps->err = "header name is null";
			return 0;
		}
		ps->hpos = 0;
		return 1;
	}
	if (ps->depth == 1 && ps->cur == F_PARTITION) {
		ps->err = "partition is not a number";
		return 0;
	}
	return 1;		/* key/payload null: already absent */
}

static int
p_bool(void *ctx, int v)
{
	struct pstate *ps = ctx;

	(void)v;
	if ((ps->depth == 1 && ps->cur != F_OTHER) || ps->in_headers) {
		ps->err = "unexpected boolean";
		return 0;
	}
	return 1;
}

static int
p_int(void *ctx, long long v)
{
	struct pstate *ps = ctx;

	if (ps->depth == 1 && ps->cur == F_PARTITION) {
		if (v < 0 || v > INT32_MAX) {
			ps->err = "partition out of range";
			return 0;
		}
		ps->e->has_partition = 1;
		ps->e->partition = (int32_t)v;
		return 1;
	}
	if ((ps->depth == 1 && ps->cur != F_OTHER) || ps->in_headers) {
		ps->err = "unexpected number";
		return 0;
	}
	return 1;
}

static int
p_double(void *ctx, double v)
{
	struct pstate *ps = ctx;

	(void)v;
	if ((ps->depth == 1 && ps->cur != F_OTHER) || ps->in_headers) {
		ps->err = "unexpected number";
		return 0;
	}
	return 1;
}

static int
p_string(void *ctx, const unsigned char *s, size_t n)
{
	struct pstate *ps = ctx;
	struct envelope *e = ps->e;
	int i;

	if (ps->in_headers && ps->depth == 2) {
		i = header_slot(ps);
		store(e, ps->hpos == 0 ? &e->hname[i] : &e->hvalue[i], s, n);
		ps->hpos ^= 1;
		return 1;
	}
	if (ps->depth != 1)
		return 1;
	switch (ps->cur) {
	case F_KEY:
		store(e, &e->key, s, n);
		break;
	case F_PAYLOAD:
		store(e, &e->payload, s, n);
		break;
	case F_KEY_ENC:
	case F_PAYLOAD_ENC:
	case F_HEADERS_ENC:
		if (n != 6 || memcmp(s, "base64", 6) != 0) {
			ps->err = "unknown encoding (only \"base64\")";
			return 0;
		}
		ps->b64[ps->cur - F_KEY_ENC] = 1;
		break;
	case F_PARTITION:
	case F_HEADERS:
		ps->err = "unexpected string";
		return 0;
	case F_OTHER:
		break;
	}
	return 1;
}

static int
p_map_key(void *ctx, const unsigned char *s, size_t n)
{
	static const struct { const char *name; enum field f; } names[] = {
		{ "key", F_KEY }, { "payload", F_PAYLOAD },
		{ "partition", F_PARTITION }, { "headers", F_HEADERS },
		{ "key_encoding", F_KEY_ENC },
		{ "payload_encoding", F_PAYLOAD_ENC },
		{ "headers_encoding", F_HEADERS_ENC },
	};
	struct pstate *ps = ctx;
	size_t i;

	if (ps->depth != 1)
		return 1;
	ps->cur = F_OTHER;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strlen(names[i].name) == n && memcmp(names[i].name, s, n) == 0)
			ps->cur = names[i].f;
	return 1;
}

static int
p_start_map(void *ctx)
{
	struct pstate *ps = ctx;

	if ((ps->depth == 1 && ps->cur != F_OTHER) || ps->in_headers) {
		ps->err = ps->cur == F_HEADERS && ps->depth == 1 ?
		    "headers must be an array" : "unexpected object";
		return 0;
	}
	if (ps->depth == 0)
		ps->top_map = 1;
	ps->depth++;
	return 1;
}

static int
p_end(void *ctx)
{
	struct pstate *ps = ctx;

	ps->depth--;
	if (ps->in_headers && ps->depth == 1) {
		ps->in_headers = 0;
		if (ps->hpos != 0) {
			ps->err = "headers array has an odd length";
			return 0;
		}
	}
	return 1;
}

static int
p_start_array(void *ctx)
{
	struct pstate *ps = ctx;

	if (ps->depth == 0) {
		ps->err = "not an object";
		return 0;
	}
	if (ps->in_headers || (ps->depth == 1 && ps->cur != F_OTHER &&
	    ps->cur != F_HEADERS)) {
		ps->err = "unexpected array";
		return 0;
	}
	if (ps->depth == 1 && ps->cur == F_HEADERS)
		ps->in_headers = 1;
	ps->depth++;
	return 1;
}

static const yajl_callbacks callbacks = {
	p_null, p_bool, p_int, p_double, NULL, p_string,
	p_start_map, p_map_key, p_end, p_start_array, p_end
};

/* Replace a field's bytes by their base64 decoding. */
static int
decode(struct envelope *e, struct env_field *f)
{
	size_t off = e->data.len;

	if (!f->present || f->len == 0)
		return 0;
	buf_grow(&e->data, f->len);	/* the source must not move */
	if (env_base64_decode(&e->data, e->data.p + f->off, f->len) < 0)
		return -1;
	f->off = off;
	f->len = e->data.len - off;
	return 0;
}

int
env_parse(struct envelope *e, const char *line, size_t len, char *errbuf,
    size_t errlen)
{
	struct pstate ps;
	yajl_handle h;
	yajl_status st;
	int i, rc = 0;

	memset(&ps, 0, sizeof(ps));
	ps.e = e;
	memset(&e->key, 0, sizeof(e->key));
	memset(&e->payload, 0, sizeof(e->payload));
	e->has_partition = 0;
	e->nheaders = 0;
	e->data.len = 0;
	h = yajl_alloc(&callbacks, NULL, &ps);
	if (h == NULL) {
		snprintf(errbuf, errlen, "out of memory");
		return -1;
	}
	/* kcat -J writes bytes that are not UTF-8 as they are: keep them. */
	yajl_config(h, yajl_dont_validate_strings, 1);
	st = yajl_parse(h, (const unsigned char *)line, len);
	if (st == yajl_status_ok)
		st = yajl_complete_parse(h);
	if (st != yajl_status_ok) {
		if (ps.err != NULL)
			snprintf(errbuf, errlen, "%s", ps.err);
		else {
			unsigned char *m = yajl_get_error(h, 0, NULL, 0);

			snprintf(errbuf, errlen, "invalid JSON: %s", (char *)m);
			errbuf[strcspn(errbuf, "\n")] = '\0';
			yajl_free_error(h, m);
		}
		rc = -1;
	} else if (!ps.top_map) {
		snprintf(errbuf, errlen, "not an object");
		rc = -1;
	}
	yajl_free(h);
	if (rc == 0 && ((ps.b64[0] && decode(e, &e->key) < 0) ||
	    (ps.b64[1] && decode(e, &e->payload) < 0))) {
		snprintf(errbuf, errlen, "bad base64");
		rc = -1;
	}
	for (i = 0; rc == 0 && ps.b64[2] && i < e->nheaders; i++)
		if (decode(e, &e->hname[i]) < 0 || decode(e, &e->hvalue[i]) < 0) {
			snprintf(errbuf, errlen, "bad base64 in headers");
			rc = -1;
		}
	return rc;
}

void
env_free(struct envelope *e)
{
	free(e->hname);
	free(e->hvalue);
	buf_free(&e->data);
	memset(e, 0, sizeof(*e));
}
