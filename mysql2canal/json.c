/*
 * Canal's escaping (measured: test/canal2ops/stack/alltypes.ndjson): " and
 * \ with a backslash; \b \t \n \f \r; other characters below U+0020, and
 * U+007F to U+009F, U+2028 and U+2029, as \uXXXX with upper-case hex;
 * everything else as its UTF-8 bytes.
 */
#include <stdint.h>

#include "ascii.h"
#include "json.h"
#include "utf8.h"

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

/*
 * The code point of the valid k-byte sequence at s when Canal escapes it
 * (U+0080 to U+009F, U+2028, U+2029), else 0.
 */
static unsigned
escaped_high(const unsigned char *s, size_t k)
{
	if (k == 2 && s[0] == 0xc2 && s[1] <= 0x9f)
		return s[1];
	if (k == 3 && s[0] == 0xe2 && s[1] == 0x80 &&
	    (s[2] == 0xa8 || s[2] == 0xa9))
		return 0x2000u | (s[2] & 0x3f);
	return 0;
}

/* The end of the run of plain ASCII at s + i (bytes written as they are). */
static inline size_t
plain_run(const unsigned char *s, size_t i, size_t n)
{
	for (; n - i >= 8 && cmn_plain8(s + i); i += 8)
		;
	for (; i < n && s[i] >= 0x20 && s[i] < 0x7f && s[i] != '"' &&
	    s[i] != '\\'; i++)
		;
	return i;
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
		run = plain_run(s, i, n);	/* in one copy */
		buf_add(b, p + i, run - i);
		if ((i = run) == n)
			break;
		if (s[i] < 0x80) {
			put_low(b, s[i++]);
			continue;
		}
		if ((k = cmn_utf8_len(s + i, n - i)) == 0) {
			buf_add(b, "\xef\xbf\xbd", 3);	/* U+FFFD */
			i++;
		} else if ((cp = escaped_high(s + i, k)) != 0) {
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
	size_t i = 0, run;

	buf_grow(b, 2 * n + 2);
	buf_addc(b, '"');
	while (i < n) {
		run = plain_run(s, i, n);
		buf_add(b, p + i, run - i);
		if ((i = run) < n)
			put_low(b, s[i++]);
	}
	buf_addc(b, '"');
}

void
json_str(struct buf *b, const char *s)
{
	json_text(b, s, strlen(s));
}
