/*
 * The rules (canal2ops(1), VALUES):
 *
 * ENUM('a','b',...): Canal writes the index, "1" for the first label and
 * "0" for the empty error value. A value that is a number as Canal writes
 * numbers (0, or 1-9 then digits) and at most the number of labels becomes
 * that label. A label that is itself such a number would be ambiguous, so
 * mysql2canal writes the index for such a column too: both paths give the
 * index, and the label comes out here.
 *
 * SET(...): Canal writes the bit mask as an unsigned decimal; it becomes
 * the labels of its bits, in the declared order, joined by commas ("" for
 * 0). A mask with a bit past the last label stays as it is.
 *
 * DECIMAL(p,s), s > 0: Canal drops the zeros that end a fraction made of
 * zero digit groups ("100.00" is "100.0", a zero of scale 30 has 27
 * digits): zeros are added up to s fraction digits.
 *
 * BINARY(n): the binlog keeps no trailing zero bytes, and Canal writes
 * the bytes that remain as code points U+0000 to U+00FF: U+0000 is added
 * up to n code points.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "value.h"

/* s (n bytes) starts with the type name w and '('; return what follows. */
static const char *
prefix(const char *s, size_t n, const char *w)
{
	size_t k = strlen(w);

	if (n <= k || strncasecmp(s, w, k) != 0 || s[k] != '(')
		return NULL;
	return s + k + 1;
}

/* An unsigned decimal at p (before e), blanks around it skipped. */
static const char *
number(const char *p, const char *e, unsigned *v)
{
	unsigned long n = 0;
	const char *s;

	while (p < e && *p == ' ')
		p++;
	for (s = p; p < e && *p >= '0' && *p <= '9'; p++) {
		n = n * 10 + (unsigned long)(*p - '0');
		if (n > 100000)
			return NULL;
	}
	if (p == s)
		return NULL;
	while (p < e && *p == ' ')
		p++;
	if (p == e)
		return NULL;
	*v = (unsigned)n;
	return p;
}

static void
add_label(struct vtype *t, size_t off)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 16;
		t->off = cmn_xrealloc(t->off, t->cap * sizeof(*t->off));
		t->len = cmn_xrealloc(t->len, t->cap * sizeof(*t->len));
	}
	t->off[t->n] = off;
	t->len[t->n] = t->labels.len - off;
	buf_addc(&t->labels, '\0');
	t->n++;
}

/* 'a','it''s',... as Canal's mysqlType has them: a quote doubled. */
static int
parse_labels(struct vtype *t, const char *p, const char *e)
{
	size_t off;

	t->n = 0;
	t->labels.len = 0;
	for (;;) {
		if (p >= e || *p != '\'')
			return -1;
		off = t->labels.len;
		for (p++;; p++) {
			if (p >= e)
				return -1;
			if (*p == '\'') {
				if (p + 1 < e && p[1] == '\'') {
					buf_addc(&t->labels, '\'');
					p++;
					continue;
				}
				break;
			}
			buf_addc(&t->labels, *p);
		}
		add_label(t, off);
		p++;
		if (p < e && *p == ')')
			return 0;
		if (p >= e || *p != ',')
			return -1;
		p++;
	}
}

int
vtype_parse(struct vtype *t, const char *s, size_t n)
{
	const char *e = s + n, *p;
	unsigned prec, scale;

	t->kind = VT_NONE;
	t->n = 0;
	if ((p = prefix(s, n, "enum")) != NULL) {
		if (parse_labels(t, p, e) == 0)
			t->kind = VT_ENUM;
	} else if ((p = prefix(s, n, "set")) != NULL) {
		if (parse_labels(t, p, e) == 0 && t->n <= 64)
			t->kind = VT_SET;
	} else if ((p = prefix(s, n, "decimal")) != NULL ||
	    (p = prefix(s, n, "numeric")) != NULL) {
		if ((p = number(p, e, &prec)) != NULL && *p == ',' &&
		    (p = number(p + 1, e, &scale)) != NULL && *p == ')' &&
		    scale > 0) {
			t->kind = VT_DECIMAL;
			t->n = scale;
		}
	} else if ((p = prefix(s, n, "binary")) != NULL) {
		if ((p = number(p, e, &prec)) != NULL && *p == ')' &&
		    p + 1 == e && prec > 0) {
			t->kind = VT_BINARY;
			t->n = prec;
		}
	}
	if (t->kind == VT_NONE)
		t->n = 0;
	return t->kind;
}

/* A number as Canal writes ENUM indexes and SET masks (up to 2^64-1). */
static int
canal_number(const char *v, size_t n, uint64_t *out)
{
	uint64_t u = 0;
	size_t i;

	if (n == 0 || n > 20 || (n > 1 && v[0] == '0'))
		return 0;
	for (i = 0; i < n; i++) {
		if (v[i] < '0' || v[i] > '9')
			return 0;
		if (u > (UINT64_MAX - (uint64_t)(v[i] - '0')) / 10)
			return 0;
		u = u * 10 + (uint64_t)(v[i] - '0');
	}
	*out = u;
	return 1;
}

static int
fix_decimal(const struct vtype *t, const char *v, size_t n, struct buf *out)
{
	size_t i = 0, frac = 0;
	int dot = 0;

	if (i < n && v[i] == '-')
		i++;
	if (i == n || v[i] < '0' || v[i] > '9')
		return 0;
	for (; i < n; i++) {
		if (v[i] == '.' && !dot)
			dot = 1;
		else if (v[i] < '0' || v[i] > '9')
			return 0;
		else if (dot)
			frac++;
	}
	if (frac >= t->n)
		return 0;
	buf_add(out, v, n);
	if (!dot)
		buf_addc(out, '.');
	for (; frac < t->n; frac++)
		buf_addc(out, '0');
	return 1;
}

/* Code points of UTF-8 text, or -1 when one is past U+00FF. */
static long
latin1_len(const char *v, size_t n)
{
	const unsigned char *s = (const unsigned char *)v;
	long k = 0;
	size_t i;

	for (i = 0; i < n; k++) {
		if (s[i] < 0x80)
			i++;
		else if ((s[i] == 0xc2 || s[i] == 0xc3) && i + 1 < n)
			i += 2;
		else
			return -1;
	}
	return k;
}

int
value_fix(const struct vtype *t, const char *v, size_t n, struct buf *out)
{
	uint64_t u;
	long k;
	unsigned i;
	int first = 1;

	switch (t->kind) {
	case VT_ENUM:
		if (!canal_number(v, n, &u) || u > t->n)
			return 0;
		if (u > 0)
			buf_add(out, t->labels.p + t->off[u - 1], t->len[u - 1]);
		return 1;
	case VT_SET:
		if (!canal_number(v, n, &u) ||
		    (t->n < 64 && (u >> t->n) != 0))
			return 0;
		for (i = 0; i < t->n; i++) {
			if ((u & ((uint64_t)1 << i)) == 0)
				continue;
			if (!first)
				buf_addc(out, ',');
			first = 0;
			buf_add(out, t->labels.p + t->off[i], t->len[i]);
		}
		return 1;
	case VT_DECIMAL:
		return fix_decimal(t, v, n, out);
	case VT_BINARY:
		if ((k = latin1_len(v, n)) < 0 || (unsigned long)k >= t->n)
			return 0;
		buf_add(out, v, n);
		for (; (unsigned long)k < t->n; k++)
			buf_addc(out, '\0');
		return 1;
	}
	return 0;
}

void
vtype_free(struct vtype *t)
{
	buf_free(&t->labels);
	free(t->off);
	free(t->len);
	memset(t, 0, sizeof(*t));
}
