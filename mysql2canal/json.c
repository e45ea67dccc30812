/*
 * Canal's escaping (measured: test/canal2ops/stack/alltypes.ndjson): " and
 * \ with a backslash; \b \t \n \f \r; other characters below U+0020, and
 * U+007F to U+009F, U+2028 and U+2029, as \uXXXX with upper-case hex;
 * everything else as its UTF-8 bytes.
 */
#include <stdint.h>

#include "json.h"

static const char hex[] = "0123456789ABCDEF";

static void
put_u(struct buf *b, unsigned c)
{
	char e[6] = { '\\', 'u', hex[(c >> 12) & 15], hex[(c >> 8) & 15],
	    hex[(c >> 4) & 15], hex[c & 15] };

	buf_add(b, e, sizeof(e));
}

/* A code point below U+0100 (text or a byte of a binary value). */
static void
put_low(struct buf *b, unsigned c)
{
	switch (c) {
	case '"':
		buf_add(b, "\\\"", 2);
		return;
	case '\\':
		buf_add(b, "\\\\", 2);
		return;
	case '\b':
		buf_add(b, "\\b", 2);
		return;
	case '\t':
		buf_add(b, "\\t", 2);
		return;
	case '\n':
		buf_add(b, "\\n", 2);
		return;
	case '\f':
		buf_add(b, "\\f", 2);
		return;
	case '\r':
		buf_add(b, "\\r", 2);
		return;
	}
	if (c < 0x20 || (c >= 0x7f && c <= 0x9f))
		put_u(b, c);
	else if (c < 0x80)
		buf_addc(b, (int)c);
	else {
		buf_addc(b, (int)(0xc0 | (c >> 6)));
		buf_addc(b, (int)(0x80 | (c & 0x3f)));
	}
}

/* The length of the valid UTF-8 sequence at s (n bytes left), or 0. */
static size_t
utf8_len(const unsigned char *s, size_t n, unsigned *cp)
{
	unsigned c = s[0], need, min, i;

	if (c < 0xc2 || c > 0xf4)
		return 0;
	if (c < 0xe0) {
		need = 1;
		min = 0x80;
		c &= 0x1f;
	} else if (c < 0xf0) {
		need = 2;
		min = 0x800;
		c &= 0x0f;
	} else {
		need = 3;
		min = 0x10000;
		c &= 0x07;
	}
	if (n <= need)
		return 0;
	for (i = 1; i <= need; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return need + 1;
}

void
json_text(struct buf *b, const char *p, size_t n)
{
	const unsigned char *s = (const unsigned char *)p;
	size_t i = 0, run, k;
	unsigned cp;

	buf_grow(b, n + 2);
	buf_addc(b, '"');
	while (i < n) {
		/* a run of plain ASCII goes in one copy */
		for (run = i; run < n && s[run] >= 0x20 && s[run] < 0x7f &&
		    s[run] != '"' && s[run] != '\\'; run++)
			;
		buf_add(b, p + i, run - i);
		if ((i = run) == n)
			break;
		if (s[i] < 0x80) {
			put_low(b, s[i++]);
			continue;
		}
		if ((k = utf8_len(s + i, n - i, &cp)) == 0) {
			buf_add(b, "\xef\xbf\xbd", 3);	/* U+FFFD */
			i++;
		} else if ((cp >= 0x80 && cp <= 0x9f) || cp == 0x2028 ||
		    cp == 0x2029) {
			put_u(b, cp);
			i += k;
		} else {
			buf_add(b, p + i, k);
			i += k;
		}
	}
	buf_addc(b, '"');
}

void
json_bytes(struct buf *b, const char *p, size_t n)
{
	const unsigned char *s = (const unsigned char *)p;
	size_t i;

	buf_grow(b, 2 * n + 2);
	buf_addc(b, '"');
	for (i = 0; i < n; i++)
		put_low(b, s[i]);
	buf_addc(b, '"');
}

void
json_str(struct buf *b, const char *s)
{
	json_text(b, s, strlen(s));
}
