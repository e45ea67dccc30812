/* Runs of plain ASCII, for the JSON scanners and escapers. */
#ifndef COMMON_ASCII_H
#define COMMON_ASCII_H

#include <stdint.h>
#include <string.h>

/*
 * Are the 8 bytes at p plain JSON string bytes: printable ASCII but '"',
 * '\\' and DEL (0x20 to 0x7e)? All eight are tested at once: each test
 * flags a byte with its high bit (see "Determine if a word has a zero
 * byte" in Bit Twiddling Hacks).
 */
static inline int
cmn_plain8(const unsigned char *p)
{
	const uint64_t ones = 0x0101010101010101ULL;
	uint64_t v, q, b, d;

	memcpy(&v, p, 8);
	q = v ^ (ones * '"');
	b = v ^ (ones * '\\');
	d = v ^ (ones * 0x7f);
	return ((v | ((v - ones * 0x20) & ~v) | ((q - ones) & ~q) |
	    ((b - ones) & ~b) | ((d - ones) & ~d)) &
	    0x8080808080808080ULL) == 0;
}

#endif
