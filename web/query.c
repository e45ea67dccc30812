/* Query-string parsing and link building for the page. */
#include <string.h>

#include "hex.h"
#include "query.h"

void
query_init(struct query *q)
{
	memset(q, 0, sizeof(*q));
	cursor_init(&q->cursor);
	q->match[0] = '*';
	q->matchlen = 1;
	q->count = QUERY_COUNT_DEFAULT;
}

size_t
query_decode(char *dst, const char *src, size_t n)
{
	size_t i, o = 0;
	int h, l;

	for (i = 0; i < n; i++) {
		if (src[i] == '+')
			dst[o++] = ' ';
		else if (src[i] == '%' && n - i >= 3 &&
		    (h = cmn_hexval((unsigned char)src[i + 1])) >= 0 &&
		    (l = cmn_hexval((unsigned char)src[i + 2])) >= 0) {
			dst[o++] = (char)(h << 4 | l);
			i += 2;
		} else
			dst[o++] = src[i];
	}
	return o;
}

/* Page size: digits only; out of range is clamped to 1..QUERY_COUNT_MAX. */
static const char *
parse_count(struct query *q, const char *s, size_t n)
{
	unsigned long long v = 0;
	size_t i;

	if (n == 0)
		return "count: not a number";
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return "count: not a number";
		if (v <= QUERY_COUNT_MAX)
			v = v * 10 + (unsigned)(s[i] - '0');
	}
	q->count = v < 1 ? 1 : v > QUERY_COUNT_MAX ? QUERY_COUNT_MAX :
	    (unsigned)v;
	return NULL;
}

/* Comma-separated cursors; keep the newest QUERY_BACK_MAX. */
static const char *
parse_back(struct query *q, const char *s, size_t n)
{
	size_t i = 0, j;
	struct cursor v;

	q->nback = 0;
	while (i < n) {
		for (j = i; j < n && s[j] != ','; j++)
			;
		if (cursor_parse(&v, s + i, j - i) != 0)
			return "back: not a list of cursors";
		if (q->nback == QUERY_BACK_MAX) {
			memmove(q->back, q->back + 1,
			    (QUERY_BACK_MAX - 1) * sizeof(q->back[0]));
			q->nback--;
		}
		q->back[q->nback++] = v;
		i = j + 1;
	}
	return NULL;
}

static const char *
param(struct query *q, const char *name, size_t nlen, const char *v, size_t n)
{
#define IS(s) (nlen == sizeof(s) - 1 && memcmp(name, s, nlen) == 0)
	if (IS("match")) {
		if (n > QUERY_MATCH_MAX)
			return "match: pattern longer than 256 bytes";
		if (n == 0) {		/* an empty box means all keys */
			v = "*";
			n = 1;
		}
		memcpy(q->match, v, n);
		q->match[n] = '\0';
		q->matchlen = n;
	} else if (IS("count")) {
		return parse_count(q, v, n);
	} else if (IS("cursor")) {
		if (cursor_parse(&q->cursor, v, n) != 0)
			return "cursor: not a cursor";
	} else if (IS("back")) {
		return parse_back(q, v, n);
	} else if (IS("key")) {		/* empty: as not given */
		if (n > QUERY_NAME_MAX)
			return "key: template longer than 256 bytes";
		memcpy(q->key, v, n);
		q->key[n] = '\0';
		q->keylen = n;
	} else if (IS("checkpoint")) {
		if (n > QUERY_NAME_MAX)
			return "checkpoint: key longer than 256 bytes";
		memcpy(q->ckpt, v, n);
		q->ckpt[n] = '\0';
		q->ckptlen = n;
	} else if (IS("format")) {
		if (n == 4 && memcmp(v, "json", 4) == 0)
			q->json = 1;
		else if (n == 4 && memcmp(v, "html", 4) == 0)
			q->json = 0;
		else
			return "format: not html or json";
	}
	return NULL;
#undef IS
}

const char *
query_parse(struct query *q, const char *qs, size_t len)
{
	char name[16], val[QUERY_MAX];
	size_t i = 0, j, eq, nlen, vlen;
	const char *e;

	query_init(q);
	if (len > QUERY_MAX)
		return "query string too long";
	while (i < len) {
		for (j = i; j < len && qs[j] != '&' && qs[j] != ';'; j++)
			;
		for (eq = i; eq < j && qs[eq] != '='; eq++)
			;
		/* Names we know are short: a longer one is unknown. */
		if (eq < j && eq - i <= sizeof(name)) {
			nlen = query_decode(name, qs + i, eq - i);
			vlen = query_decode(val, qs + eq + 1, j - eq - 1);
			if ((e = param(q, name, nlen, val, vlen)) != NULL)
				return e;
		}
		i = j + 1;
	}
	return NULL;
}

void
query_put_pct(struct buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || (c != 0 && strchr("-._~*:", c)))
			buf_addc(b, c);
		else {
			buf_addc(b, '%');
			buf_addc(b, hex[c >> 4]);
			buf_addc(b, hex[c & 15]);
		}
	}
}

void
query_put_link(struct buf *b, const struct query *q,
    const struct cursor *cursor, const struct cursor *back, int nback,
    int json)
{
	int i = nback > QUERY_BACK_MAX ? nback - QUERY_BACK_MAX : 0;

	buf_adds(b, "?match=");
	query_put_pct(b, q->match, q->matchlen);
	buf_adds(b, "&count=");
	buf_addu(b, q->count);
	if (!cursor_is_start(cursor)) {
		buf_adds(b, "&cursor=");
		cursor_put(b, cursor);
	}
	if (i < nback) {
		buf_adds(b, "&back=");
		for (; i < nback; i++) {
			cursor_put(b, &back[i]);
			if (i + 1 < nback)
				buf_addc(b, ',');
		}
	}
	if (q->keylen > 0) {
		buf_adds(b, "&key=");
		query_put_pct(b, q->key, q->keylen);
	}
	if (q->ckptlen > 0) {
		buf_adds(b, "&checkpoint=");
		query_put_pct(b, q->ckpt, q->ckptlen);
	}
	if (json)
		buf_adds(b, "&format=json");
}

int
query_names_master(const struct query *q)
{
	int i;

	for (i = 0; i < q->nback; i++)
		if (q->back[i].named)
			return 1;
	return q->cursor.named;
}
