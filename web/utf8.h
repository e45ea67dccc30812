/* UTF-8 validation for the escapers (HTML and JSON output). */
#ifndef WEB_UTF8_H
#define WEB_UTF8_H

#include <stddef.h>

/*
 * Length of the well-formed UTF-8 sequence at p (n bytes left): 1..4,
 * or 0 when it is not one (overlong, surrogate, past U+10FFFF, cut).
 */
static inline size_t
utf8_seq(const unsigned char *p, size_t n)
{
	size_t len, i;
	unsigned long c;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf) {
		len = 2;
		c = p[0] & 0x1f;
	} else if (p[0] >= 0xe0 && p[0] <= 0xef) {
		len = 3;
		c = p[0] & 0x0f;
	} else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		len = 4;
		c = p[0] & 0x07;
	} else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (p[i] & 0x3f);
	}
	if ((len == 3 && (c < 0x800 || (c >= 0xd800 && c <= 0xdfff))) ||
	    (len == 4 && (c < 0x10000 || c > 0x10ffff)))
		return 0;
	return len;
}

#endif
