/* A validating JSON scanner that finds value spans in one line. */
#include <stdint.h>
#include <string.h>

#include "ascii.h"
#include "hex.h"
#include "json.h"
#include "utf8.h"

const char *json_err_at;

/* Fail at byte at with message msg: set both, return NULL. */
#define FAIL(at, msg) \
	(json_err_at = (const char *)(at), *why = (msg), (const char *)NULL)

/* Byte classes inside a string. */
enum { C_OK, C_QUOTE, C_BSL, C_CTRL, C_HIGH, C_DEL };
static unsigned char sclass[256];

static void
init_classes(void)
{
	int c;

	for (c = 0; c < 256; c++)
		sclass[c] = c < 0x20 ? C_CTRL : c >= 0x80 ? C_HIGH : C_OK;
	sclass['"'] = C_QUOTE;
	sclass['\\'] = C_BSL;
	sclass[0x7f] = C_DEL;	/* valid, but written as \u007f */
}

static long
hex4(const char *p)
{
	int a = cmn_hexval((unsigned char)p[0]), b = cmn_hexval((unsigned char)p[1]);
	int c = cmn_hexval((unsigned char)p[2]), d = cmn_hexval((unsigned char)p[3]);

	if ((a | b | c | d) < 0)
		return -1;
	return (long)a << 12 | b << 8 | c << 4 | d;
}

const char *
json_string(const char *p, const char *e, struct jval *v, const char **why)
{
	const unsigned char *s = (const unsigned char *)p + 1;
	const unsigned char *end = (const unsigned char *)e;
	size_t n;

	if (sclass['"'] != C_QUOTE)
		init_classes();
	v->type = J_STR;
	v->esc = 0;
	v->p = (const char *)s;
	for (;;) {
		while (end - s >= 8 && cmn_plain8(s))
			s += 8;
		while (s < end && sclass[*s] == C_OK)
			s++;
		if (s == end) {
			return FAIL(s, "unterminated string");
		}
		switch (sclass[*s]) {
		case C_QUOTE:
			v->n = (size_t)((const char *)s - v->p);
			return (const char *)s + 1;
		case C_BSL:
			v->esc = 1;
			if (end - s < 2) {
				return FAIL(s, "unterminated string");
			}
			switch (s[1]) {
			case '"': case '\\': case '/': case 'b': case 'f':
			case 'n': case 'r': case 't':
				s += 2;
				break;
			case 'u':
				if (end - s < 6 || hex4((const char *)s + 2) < 0) {
					return FAIL(s, "bad \\u escape in string");
				}
				s += 6;
				break;
			default:
				return FAIL(s, "bad escape in string");
			}
			break;
		case C_CTRL:
			return FAIL(s, "control character in string");
		case C_DEL:
			v->esc = 1;
			s++;
			break;
		default:
			if ((n = cmn_utf8_len(s, (size_t)(end - s))) == 0) {
				return FAIL(s, "invalid UTF-8 in string");
			}
			s += n;
		}
	}
}

static const char *
json_number(const char *p, const char *e, struct jval *v, const char **why)
{
	const char *s = p;

	if (s < e && *s == '-')
		s++;
	if (s < e && *s == '0')
		s++;
	else if (s < e && *s >= '1' && *s <= '9')
		while (s < e && *s >= '0' && *s <= '9')
			s++;
	else
		goto bad;
	if (s < e && *s == '.') {
		if (++s == e || *s < '0' || *s > '9')
			goto bad;
		while (s < e && *s >= '0' && *s <= '9')
			s++;
	}
	if (s < e && (*s == 'e' || *s == 'E')) {
		if (++s < e && (*s == '+' || *s == '-'))
			s++;
		if (s == e || *s < '0' || *s > '9')
			goto bad;
		while (s < e && *s >= '0' && *s <= '9')
			s++;
	}
	v->type = J_NUM;
	v->esc = 0;
	v->p = p;
	v->n = (size_t)(s - p);
	return s;
bad:
	return FAIL(s, "bad number");
}

static const char *
json_word(const char *p, const char *e, struct jval *v, const char *w,
    int type, const char **why)
{
	size_t n = strlen(w);

	if ((size_t)(e - p) < n || memcmp(p, w, n) != 0) {
		return FAIL(p, "invalid JSON");
	}
	v->type = (unsigned char)type;
	v->esc = 0;
	v->p = p;
	v->n = n;
	return p + n;
}

const char *
json_value(const char *p, const char *e, struct jval *v, int depth,
    const char **why)
{
	const char *start = p;
	struct jval x;
	char close;

	if (p == e) {
		return FAIL(p, "truncated JSON");
	}
	switch (*p) {
	case '"':
		return json_string(p, e, v, why);
	case 'n':
		return json_word(p, e, v, "null", J_NULL, why);
	case 't':
		return json_word(p, e, v, "true", J_TRUE, why);
	case 'f':
		return json_word(p, e, v, "false", J_FALSE, why);
	case '{':
	case '[':
		break;
	default:
		return json_number(p, e, v, why);
	}
	if (depth >= JSON_MAX_DEPTH) {
		return FAIL(p, "JSON nested too deeply");
	}
	close = *p == '{' ? '}' : ']';
	p = json_ws(p + 1, e);
	if (p < e && *p == close)
		goto done;
	for (;;) {
		if (close == '}') {
			if (p == e || *p != '"') {
				return FAIL(p, p == e ? "truncated JSON" :
				    "expected a member name");
			}
			if ((p = json_string(p, e, &x, why)) == NULL)
				return NULL;
			p = json_ws(p, e);
			if (p == e || *p != ':') {
				return FAIL(p, p == e ? "truncated JSON" : "expected ':'");
			}
			p = json_ws(p + 1, e);
		}
		if ((p = json_value(p, e, &x, depth + 1, why)) == NULL)
			return NULL;
		p = json_ws(p, e);
		if (p < e && *p == ',') {
			p = json_ws(p + 1, e);
			continue;
		}
		if (p < e && *p == close)
			break;
		return FAIL(p, p == e ? "truncated JSON" :
		    "expected ',' or a closing bracket");
	}
done:
	v->type = close == '}' ? J_OBJ : J_ARR;
	v->esc = 0;
	v->p = start;
	v->n = (size_t)(p + 1 - start);
	return p + 1;
}

static void
put_utf8(struct buf *b, unsigned long cp)
{
	char u[4];

	if (cp < 0x80) {
		buf_addc(b, (int)cp);
	} else if (cp < 0x800) {
		u[0] = (char)(0xc0 | cp >> 6);
		u[1] = (char)(0x80 | (cp & 0x3f));
		buf_add(b, u, 2);
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | cp >> 12);
		u[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		buf_add(b, u, 3);
	} else {
		u[0] = (char)(0xf0 | cp >> 18);
		u[1] = (char)(0x80 | (cp >> 12 & 0x3f));
		u[2] = (char)(0x80 | (cp >> 6 & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f));
		buf_add(b, u, 4);
	}
}

/*
 * Read the \u escape at p (6 bytes known to be there); pairs surrogates.
 * Returns the code point and sets *used, or -1 for an unpaired surrogate.
 */
static long
read_u(const char *p, const char *e, size_t *used)
{
	long cp = hex4(p + 2), lo;

	*used = 6;
	if (cp >= 0xdc00 && cp <= 0xdfff)
		return -1;
	if (cp < 0xd800 || cp > 0xdbff)
		return cp;
	if (e - p < 12 || p[6] != '\\' || p[7] != 'u')
		return -1;
	lo = hex4(p + 8);
	if (lo < 0xdc00 || lo > 0xdfff)
		return -1;
	*used = 12;
	return 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
}

static int
short_escape(int c)
{
	switch (c) {
	case '\b': return 'b';
	case '\f': return 'f';
	case '\n': return 'n';
	case '\r': return 'r';
	case '\t': return 't';
	case '"':  return '"';
	case '\\': return '\\';
	}
	return 0;
}

/* Decode (dec) or re-encode (!dec) the escaped string bytes p[0..n). */
static int
transcode(struct buf *b, const char *p, size_t n, int dec)
{
	static const char hex[] = "0123456789abcdef";
	const char *e = p + n, *q;
	int bad = 0;

	while (p < e) {
		size_t used = 2;
		long cp;
		int c;

		for (q = p; e - q >= 8 && cmn_plain8((const unsigned char *)q); q += 8)
			;
		for (; q < e && *q != '\\' && *q != 0x7f; q++)
			;
		buf_add(b, p, (size_t)(q - p));
		if ((p = q) == e)
			break;
		if (*p == 0x7f) {
			if (dec)
				buf_addc(b, 0x7f);
			else
				buf_add(b, "\\u007f", 6);
			p++;
			continue;
		}
		switch (p[1]) {
		case 'b': cp = '\b'; break;
		case 'f': cp = '\f'; break;
		case 'n': cp = '\n'; break;
		case 'r': cp = '\r'; break;
		case 't': cp = '\t'; break;
		case 'u':
			if ((cp = read_u(p, e, &used)) < 0) {
				bad = 1;
				if (!dec)
					buf_add(b, p, used);
				p += used;
				continue;
			}
			break;
		default:  cp = (unsigned char)p[1]; break;
		}
		p += used;
		if (dec)
			put_utf8(b, (unsigned long)cp);
		else if ((c = short_escape((int)cp)) != 0) {
			buf_addc(b, '\\');
			buf_addc(b, c);
		} else if (cp < 0x20 || cp == 0x7f) {
			char u[6] = { '\\', 'u', '0', '0', hex[cp >> 4], hex[cp & 15] };

			buf_add(b, u, 6);
		} else
			put_utf8(b, (unsigned long)cp);
	}
	return bad ? -1 : 0;
}

int
json_decode(struct buf *b, const char *p, size_t n)
{
	return transcode(b, p, n, 1);
}

void
json_reencode(struct buf *b, const struct jval *v)
{
	buf_addc(b, '"');
	if (v->esc)
		(void)transcode(b, v->p, v->n, 0);
	else
		buf_add(b, v->p, v->n);
	buf_addc(b, '"');
}

int
json_eq(const struct jval *v, const char *s, size_t n, struct buf *scratch)
{
	if (v->type != J_STR)
		return 0;
	if (!v->esc)
		return v->n == n && memcmp(v->p, s, n) == 0;
	if (n > v->n)
		return 0;
	scratch->len = 0;
	if (json_decode(scratch, v->p, v->n) < 0)
		return 0;
	return scratch->len == n && memcmp(scratch->p, s, n) == 0;
}

void
json_encode(struct buf *b, const char *p, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *s = (const unsigned char *)p;
	size_t i;
	int c;

	buf_grow(b, n + 2);
	buf_addc(b, '"');
	for (i = 0; i < n; i++) {
		if ((c = short_escape(s[i])) != 0) {
			buf_addc(b, '\\');
			buf_addc(b, c);
		} else if (s[i] < 0x20 || s[i] == 0x7f) {
			char u[6] = { '\\', 'u', '0', '0', hex[s[i] >> 4],
			    hex[s[i] & 15] };

			buf_add(b, u, 6);
		} else
			buf_addc(b, s[i]);
	}
	buf_addc(b, '"');
}
