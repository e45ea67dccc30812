/*
 * Java's Float.toString and Double.toString as Java 8 to 18 print them.
 *
 * Canal 1.1.4 writes a FLOAT or DOUBLE column with String.valueOf(), and
 * the JVMs it runs on do not print the shortest decimal that reads back as
 * the value: they develop digits by Steele and White's method with a
 * symmetric stopping test, take fixed-width shortcuts (int and long
 * arithmetic that can wrap around), and print a large integral value by
 * rounding off the digits below its precision (2188999936f is
 * "2.18899994E9", not "2.189E9"). Over random values about one float in
 * seven and one double in a hundred and fifty differ from the shortest
 * form. So this file takes the same steps with the same arithmetic:
 * 32-bit and 64-bit two's complement where Java uses int and long, exact
 * big integers where it uses its own. test/unit/test_javafmt.c compares
 * the result with vectors that Java 17 printed.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "javafmt.h"

/* The digits d[0..n) stand for 0.d[0]d[1]... times ten to the exp. */
struct jdigits {
	char	 d[24];
	int	 n;
	int	 exp;
};

/* Java's int and long: two's complement, wrapping on overflow. */
static int32_t
i32(uint32_t u)
{
	int32_t i;

	memcpy(&i, &u, sizeof(i));
	return i;
}

static int64_t
i64(uint64_t u)
{
	int64_t i;

	memcpy(&i, &u, sizeof(i));
	return i;
}

/* Upper bounds of log2(5^i), as Java's table has them. */
static const int n5bits[27] = {
	0, 3, 5, 7, 10, 12, 14, 17, 19, 21, 24, 26, 28, 31, 33, 35, 38, 40,
	42, 45, 47, 49, 52, 54, 56, 59, 61
};

static uint64_t
pow5(int i)
{
	uint64_t p = 1;

	while (i-- > 0)
		p *= 5;
	return p;
}

/* Non-negative big integers: 32-bit words, least significant first. */
#define BIG_WORDS	80	/* 2560 bits; a double needs under 1300 */

struct big {
	uint32_t w[BIG_WORDS];
	int	 n;
};

static void
big_fix(struct big *b)
{
	while (b->n > 0 && b->w[b->n - 1] == 0)
		b->n--;
}

static void
big_mul(struct big *b, uint32_t m)
{
	uint64_t c = 0;
	int i;

	for (i = 0; i < b->n; i++) {
		c += (uint64_t)b->w[i] * m;
		b->w[i] = (uint32_t)c;
		c >>= 32;
	}
	if (c != 0) {
		if (b->n == BIG_WORDS)
			abort();
		b->w[b->n++] = (uint32_t)c;
	}
}

static void
big_shl(struct big *b, int s)
{
	int words = s / 32, bits = s % 32, i;

	if (b->n == 0 || s == 0)
		return;
	if (b->n + words + 1 > BIG_WORDS)
		abort();
	b->w[b->n + words] = 0;
	for (i = b->n - 1; i >= 0; i--) {
		uint64_t v = (uint64_t)b->w[i] << bits;

		b->w[i + words + 1] |= (uint32_t)(v >> 32);
		b->w[i + words] = (uint32_t)v;
	}
	for (i = 0; i < words; i++)
		b->w[i] = 0;
	b->n += words + 1;
	big_fix(b);
}

/* b = v * 5^p5 * 2^p2 */
static void
big_set(struct big *b, uint64_t v, int p5, int p2)
{
	b->n = 0;
	for (; v != 0; v >>= 32)
		b->w[b->n++] = (uint32_t)v;
	for (; p5 >= 13; p5 -= 13)
		big_mul(b, 1220703125);		/* 5^13 */
	if (p5 > 0)
		big_mul(b, (uint32_t)pow5(p5));
	big_shl(b, p2);
}

static int
big_cmp(const struct big *a, const struct big *b)
{
	int i;

	if (a->n != b->n)
		return a->n < b->n ? -1 : 1;
	for (i = a->n - 1; i >= 0; i--)
		if (a->w[i] != b->w[i])
			return a->w[i] < b->w[i] ? -1 : 1;
	return 0;
}

/* a -= b, where a >= b */
static void
big_sub(struct big *a, const struct big *b)
{
	int64_t c = 0;
	int i;

	for (i = 0; i < a->n; i++) {
		c += (int64_t)a->w[i] - (i < b->n ? b->w[i] : 0);
		a->w[i] = (uint32_t)c;
		c = c < 0 ? -1 : 0;
	}
	big_fix(a);
}

/* Compare a + b with c. */
static int
big_addcmp(const struct big *a, const struct big *b, const struct big *c)
{
	struct big s;
	uint64_t k = 0;
	int i, n = a->n > b->n ? a->n : b->n;

	for (i = 0; i < n; i++) {
		k += (uint64_t)(i < a->n ? a->w[i] : 0) + (i < b->n ? b->w[i] : 0);
		s.w[i] = (uint32_t)k;
		k >>= 32;
	}
	s.n = n;
	if (k != 0)
		s.w[s.n++] = (uint32_t)k;
	return big_cmp(&s, c);
}

/* q = b / s (under ten); b = 10 * (b mod s); return q. */
static int
big_digit(struct big *b, const struct big *s)
{
	int q = 0;

	while (big_cmp(b, s) >= 0) {
		big_sub(b, s);
		q++;
	}
	big_mul(b, 10);
	return q;
}

/* Add one to the last digit, carrying. */
static void
roundup(struct jdigits *j)
{
	int i = j->n - 1;
	char q = j->d[i];

	if (q == '9') {
		while (q == '9' && i > 0) {
			j->d[i] = '0';
			q = j->d[--i];
		}
		if (q == '9') {
			j->exp++;
			j->d[0] = '1';
			return;
		}
	}
	j->d[i] = (char)(q + 1);
}

/* The digits of an integer v, its last insig digits rounded off. */
static void
long_digits(struct jdigits *j, uint64_t v, int insig)
{
	char tmp[24];
	int n = 0, exp = insig, i;

	if (insig != 0) {
		uint64_t p10 = 1, rest;

		for (i = 0; i < insig; i++)
			p10 *= 10;
		rest = v % p10;
		v /= p10;
		if (rest >= p10 / 2)
			v++;
	}
	for (; v % 10 == 0; v /= 10)
		exp++;
	for (; v != 0; v /= 10)
		tmp[n++] = (char)('0' + v % 10);
	for (i = 0; i < n; i++)
		j->d[i] = tmp[n - 1 - i];
	j->n = n;
	j->exp = exp + n;
}

/* floor(log10(2^p)) for 1 < p < 64, else 0 */
static int
insig_pow2(int p)
{
	uint64_t v;
	int n = 0;

	if (p <= 1 || p >= 64)
		return 0;
	for (v = (uint64_t)1 << p; v >= 10; v /= 10)
		n++;
	return n;
}

/* Java's estimate of floor(log10(value)), in its double arithmetic. */
static int
estimate_exp(uint64_t fract, int binexp)
{
	uint64_t bits = ((uint64_t)1023 << 52) | (fract & (((uint64_t)1 << 52) - 1));
	double d2, a, b, c;

	memcpy(&d2, &bits, sizeof(d2));
	/* one operation a statement: no fused multiply-add */
	a = (d2 - 1.5) * 0.289529654;
	a = a + 0.176091259;
	b = (double)binexp * 0.301029995663981;
	c = a + b;
	return (int)floor(c);
}

static int
ctz64(uint64_t v)
{
	int n = 0;

	for (; (v & 1) == 0; v >>= 1)
		n++;
	return n;
}

/*
 * value = fract (its top bit at bit 52) * 2^(binexp - 52), with nsig
 * significant bits.
 */
static void
dtoa(struct jdigits *j, int binexp, uint64_t fract, int nsig)
{
	int tail = ctz64(fract), nfract = 53 - tail;
	int ntiny = nfract - binexp - 1 > 0 ? nfract - binexp - 1 : 0;
	int decexp, b5, b2, s5, s2, m5, m2, common, bbits, tensbits;
	int ndigit = 0, q, low, high, lastbig = 0;
	int64_t ldd = 0;

	if (ntiny == 0 && binexp <= 62) {
		/* an integer that a long holds */
		int insig = binexp > nsig ? insig_pow2(binexp - nsig - 1) : 0;

		fract = binexp >= 52 ? fract << (binexp - 52) : fract >> (52 - binexp);
		long_digits(j, fract, insig);
		return;
	}
	decexp = estimate_exp(fract, binexp);
	b5 = decexp < 0 ? -decexp : 0;
	b2 = b5 + ntiny + binexp;
	s5 = decexp > 0 ? decexp : 0;
	s2 = s5 + ntiny;
	m5 = b5;
	m2 = b2 - nsig;
	fract >>= tail;
	b2 -= nfract - 1;
	common = b2 < s2 ? b2 : s2;
	b2 -= common;
	s2 -= common;
	m2 -= common;
	if (nfract == 1)	/* a power of two: the lower neighbour is nearer */
		m2 -= 1;
	if (m2 < 0) {
		b2 -= m2;
		s2 -= m2;
		m2 = 0;
	}
	bbits = nfract + b2 + (b5 < 27 ? n5bits[b5] : b5 * 3);
	tensbits = s2 + 1 + (s5 + 1 < 27 ? n5bits[s5 + 1] : (s5 + 1) * 3);

	if (bbits < 32 && tensbits < 32) {
		int32_t b = i32(((uint32_t)fract * (uint32_t)pow5(b5)) << (b2 & 31));
		int32_t s = i32((uint32_t)pow5(s5) << (s2 & 31));
		int32_t m = i32((uint32_t)pow5(m5) << (m2 & 31));
		int32_t tens = i32((uint32_t)s * 10);

		q = b / s;
		b = i32((uint32_t)(b % s) * 10);
		m = i32((uint32_t)m * 10);
		low = b < m;
		high = i32((uint32_t)b + (uint32_t)m) > tens;
		if (q == 0 && !high)
			decexp--;
		else
			j->d[ndigit++] = (char)('0' + q);
		if (decexp < -3 || decexp >= 8)
			high = low = 0;
		while (!low && !high) {
			q = b / s;
			b = i32((uint32_t)(b % s) * 10);
			m = i32((uint32_t)m * 10);
			if (m > 0) {
				low = b < m;
				high = i32((uint32_t)b + (uint32_t)m) > tens;
			} else
				low = high = 1;
			j->d[ndigit++] = (char)('0' + q);
		}
		ldd = i32(((uint32_t)b << 1) - (uint32_t)tens);
	} else if (bbits < 64 && tensbits < 64) {
		int64_t b = i64((fract * pow5(b5)) << (b2 & 63));
		int64_t s = i64(pow5(s5) << (s2 & 63));
		int64_t m = i64(pow5(m5) << (m2 & 63));
		int64_t tens = i64((uint64_t)s * 10);

		q = (int)(b / s);
		b = i64((uint64_t)(b % s) * 10);
		m = i64((uint64_t)m * 10);
		low = b < m;
		high = i64((uint64_t)b + (uint64_t)m) > tens;
		if (q == 0 && !high)
			decexp--;
		else
			j->d[ndigit++] = (char)('0' + q);
		if (decexp < -3 || decexp >= 8)
			high = low = 0;
		while (!low && !high) {
			q = (int)(b / s);
			b = i64((uint64_t)(b % s) * 10);
			m = i64((uint64_t)m * 10);
			if (m > 0) {
				low = b < m;
				high = i64((uint64_t)b + (uint64_t)m) > tens;
			} else
				low = high = 1;
			j->d[ndigit++] = (char)('0' + q);
		}
		ldd = i64(((uint64_t)b << 1) - (uint64_t)tens);
	} else {
		struct big b, s, m, tens;

		big_set(&s, 1, s5, s2);
		big_set(&b, fract, b5, b2);
		big_set(&m, 1, m5 + 1, m2 + 1);		/* 10 M */
		big_set(&tens, 1, s5 + 1, s2 + 1);	/* 10 S */
		q = big_digit(&b, &s);
		low = big_cmp(&b, &m) < 0;
		high = big_addcmp(&b, &m, &tens) >= 0;
		if (q == 0 && !high)
			decexp--;
		else
			j->d[ndigit++] = (char)('0' + q);
		if (decexp < -3 || decexp >= 8)
			high = low = 0;
		while (!low && !high) {
			q = big_digit(&b, &s);
			big_mul(&m, 10);
			low = big_cmp(&b, &m) < 0;
			high = big_addcmp(&b, &m, &tens) >= 0;
			j->d[ndigit++] = (char)('0' + q);
		}
		if (high && low) {
			big_shl(&b, 1);
			lastbig = big_cmp(&b, &tens);
		}
		ldd = lastbig;
	}
	j->exp = decexp + 1;
	j->n = ndigit;
	/* the last digit is rounded as the stopping test says */
	if (high) {
		if (!low)
			roundup(j);
		else if (ldd > 0 || (ldd == 0 && (j->d[ndigit - 1] & 1) != 0))
			roundup(j);
	}
}

/* Java's layout: 1234.5, 0.00123, 1.2345E7, 1.0E-4, at least ".0". */
static size_t
layout(char *out, int neg, const struct jdigits *j)
{
	char *o = out;
	int e = j->exp, n = j->n, k, x;

	if (neg)
		*o++ = '-';
	if (e > 0 && e < 8) {
		k = n < e ? n : e;
		memcpy(o, j->d, (size_t)k);
		o += k;
		if (k < e) {
			memset(o, '0', (size_t)(e - k));
			o += e - k;
			*o++ = '.';
			*o++ = '0';
		} else {
			*o++ = '.';
			if (k < n) {
				memcpy(o, j->d + k, (size_t)(n - k));
				o += n - k;
			} else
				*o++ = '0';
		}
	} else if (e <= 0 && e > -3) {
		*o++ = '0';
		*o++ = '.';
		memset(o, '0', (size_t)-e);
		o += -e;
		memcpy(o, j->d, (size_t)n);
		o += n;
	} else {
		*o++ = j->d[0];
		*o++ = '.';
		if (n > 1) {
			memcpy(o, j->d + 1, (size_t)(n - 1));
			o += n - 1;
		} else
			*o++ = '0';
		*o++ = 'E';
		if (e <= 0) {
			*o++ = '-';
			x = -e + 1;
		} else
			x = e - 1;
		if (x >= 100)
			*o++ = (char)('0' + x / 100);
		if (x >= 10)
			*o++ = (char)('0' + x / 10 % 10);
		*o++ = (char)('0' + x % 10);
	}
	*o = '\0';
	return (size_t)(o - out);
}

static size_t
word(char *out, const char *s)
{
	strcpy(out, s);
	return strlen(s);
}

size_t
javafmt_double(char *out, double v)
{
	struct jdigits j;
	uint64_t bits, fract;
	int neg, binexp, nsig, lz;

	memcpy(&bits, &v, sizeof(bits));
	neg = (int)(bits >> 63);
	fract = bits & (((uint64_t)1 << 52) - 1);
	binexp = (int)((bits >> 52) & 0x7ff);
	if (binexp == 0x7ff)
		return word(out, fract != 0 ? "NaN" : neg ? "-Infinity" : "Infinity");
	if (binexp == 0) {
		if (fract == 0)
			return word(out, neg ? "-0.0" : "0.0");
		for (lz = 0; (fract & ((uint64_t)1 << 63)) == 0; fract <<= 1)
			lz++;
		fract >>= 11;		/* its top bit at bit 52 */
		binexp = 1 - (lz - 11);
		nsig = 64 - lz;
	} else {
		fract |= (uint64_t)1 << 52;
		nsig = 53;
	}
	dtoa(&j, binexp - 1023, fract, nsig);
	return layout(out, neg, &j);
}

size_t
javafmt_float(char *out, float v)
{
	struct jdigits j;
	uint32_t bits, fract;
	int neg, binexp, nsig, lz;

	memcpy(&bits, &v, sizeof(bits));
	neg = (int)(bits >> 31);
	fract = bits & 0x7fffff;
	binexp = (int)((bits >> 23) & 0xff);
	if (binexp == 0xff)
		return word(out, fract != 0 ? "NaN" : neg ? "-Infinity" : "Infinity");
	if (binexp == 0) {
		if (fract == 0)
			return word(out, neg ? "-0.0" : "0.0");
		for (lz = 0; (fract & 0x80000000u) == 0; fract <<= 1)
			lz++;
		fract >>= 8;		/* its top bit at bit 23 */
		binexp = 1 - (lz - 8);
		nsig = 32 - lz;
	} else {
		fract |= 0x800000;
		nsig = 24;
	}
	dtoa(&j, binexp - 127, (uint64_t)fract << 29, nsig);
	return layout(out, neg, &j);
}
