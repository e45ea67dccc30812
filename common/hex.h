/* Hexadecimal digits, for the parsers of escapes (JSON, ops, URLs). */
#ifndef COMMON_HEX_H
#define COMMON_HEX_H

/* The value of hex digit c (an unsigned char value), or -1. */
static inline int
cmn_hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

#endif
