/*
 * Values as Canal 1.1.4 writes them (measured on the project's stack, see
 * test/canal2ops/stack/): integers, DECIMAL, dates and times as MySQL
 * shows them; FLOAT and DOUBLE in Java's notation (javafmt.c); TIMESTAMP
 * in the local time zone (TZ) from UNIX_TIMESTAMP(); binary strings one
 * code point a byte; BIT as an unsigned decimal number; ENUM and SET as
 * MySQL shows them, or as Canal's index and mask for a column with a
 * label that reads like a number (table.c).
 *
 * sqlType is java.sql.Types as Canal decides it per value: an unsigned
 * integer above the signed range gets the next wider type, a NULL binary
 * or text value (and SET) the type of its binlog column.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "javafmt.h"
#include "json.h"
#include "value.h"

/* java.sql.Types */
enum {
	T_BIT = -7, T_TINYINT = -6, T_BIGINT = -5, T_LONGVARBINARY = -4,
	T_VARBINARY = -3, T_BINARY = -2, T_CHAR = 1, T_DECIMAL = 3,
	T_INTEGER = 4, T_SMALLINT = 5, T_REAL = 7, T_DOUBLE = 8,
	T_VARCHAR = 12, T_DATE = 91, T_TIME = 92, T_TIMESTAMP = 93,
	T_BLOB = 2004, T_CLOB = 2005
};

/* The server's text of a number as a NUL-ended string in tmp. */
static const char *
cstr(char *tmp, size_t size, const char *v, unsigned long n)
{
	if (n >= size)
		return NULL;
	memcpy(tmp, v, n);
	tmp[n] = '\0';
	return tmp;
}

/* An unsigned value above the signed range of its width? */
static int
above(const char *v, unsigned long n, unsigned long long max)
{
	char tmp[24];

	return v != NULL && cstr(tmp, sizeof(tmp), v, n) != NULL &&
	    strtoull(tmp, NULL, 10) > max;
}

static int
sqltype(const struct column *c, const char *v, unsigned long n)
{
	switch (c->kind) {
	case K_TINYINT:
		return c->is_unsigned && above(v, n, 127) ? T_SMALLINT : T_TINYINT;
	case K_SMALLINT:
		return c->is_unsigned && above(v, n, 32767) ? T_INTEGER : T_SMALLINT;
	case K_MEDIUMINT:
		return T_INTEGER;
	case K_INT:
		return c->is_unsigned && above(v, n, 2147483647) ? T_BIGINT :
		    T_INTEGER;
	case K_BIGINT:
		return c->is_unsigned && above(v, n, 9223372036854775807ULL) ?
		    T_DECIMAL : T_BIGINT;
	case K_DECIMAL:
		return T_DECIMAL;
	case K_FLOAT:
		return T_REAL;
	case K_DOUBLE:
		return T_DOUBLE;
	case K_DATE:
		return T_DATE;
	case K_DATETIME:
	case K_TIMESTAMP:
		return T_TIMESTAMP;
	case K_TIME:
		return T_TIME;
	case K_CHAR:
		return T_CHAR;
	case K_TEXT:
		return v != NULL ? T_CLOB : c->tiny ? T_VARBINARY :
		    T_LONGVARBINARY;
	case K_BINARY:
		return v != NULL ? T_BLOB : T_BINARY;
	case K_VARBINARY:
		return v != NULL ? T_BLOB : T_VARBINARY;
	case K_BLOB:
		return v != NULL ? T_BLOB : c->tiny ? T_VARBINARY :
		    T_LONGVARBINARY;
	case K_BIT:
		return T_BIT;
	case K_ENUM:
		return T_INTEGER;
	case K_SET:
		return v != NULL ? T_BIT : T_BINARY;
	case K_GEOMETRY:	/* not measured: from Canal's source */
		return v != NULL ? T_BLOB : T_BINARY;
	case K_YEAR:
	case K_VARCHAR:
	case K_JSON:		/* MySQL's JSON: not measured, from the source */
	case K_OTHER:
		break;
	}
	return T_VARCHAR;
}

static int
put_real(struct buf *b, const struct column *c, const char *v,
    unsigned long n)
{
	char tmp[64], out[JAVAFMT_MAX], *end;
	double d;

	if (cstr(tmp, sizeof(tmp), v, n) == NULL)
		return -1;
	errno = 0;
	d = strtod(tmp, &end);
	/* a subnormal value sets ERANGE too: only infinity is refused */
	if (*end != '\0' || end == tmp || isinf(d))
		return -1;
	if (c->kind == K_FLOAT)
		n = javafmt_float(out, (float)d);
	else
		n = javafmt_double(out, d);
	buf_addc(b, '"');
	buf_add(b, out, n);
	buf_addc(b, '"');
	return 0;
}

/* UNIX_TIMESTAMP() text: seconds, maybe a fraction; 0 is the zero date. */
static int
put_timestamp(struct buf *b, const char *v, unsigned long n)
{
	char tmp[64], out[96], *end;
	const char *frac;
	long long secs;
	time_t t;
	struct tm tm;
	int len;

	if (cstr(tmp, sizeof(tmp), v, n) == NULL)
		return -1;
	if ((frac = strchr(tmp, '.')) == NULL)
		frac = "";
	errno = 0;
	secs = strtoll(tmp, &end, 10);
	if (end == tmp || errno != 0 || secs < 0 || (*end != '\0' && end != frac))
		return -1;
	if (secs == 0)
		len = snprintf(out, sizeof(out), "0000-00-00 00:00:00%s", frac);
	else {
		t = (time_t)secs;
		if (localtime_r(&t, &tm) == NULL)
			return -1;
		len = snprintf(out, sizeof(out), "%04d-%02d-%02d %02d:%02d:%02d%s",
		    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		    tm.tm_min, tm.tm_sec, frac);
	}
	if (len < 0 || (size_t)len >= sizeof(out))
		return -1;
	json_text(b, out, (size_t)len);
	return 0;
}

static int
put_bit(struct buf *b, const char *v, unsigned long n)
{
	unsigned long long u = 0;
	unsigned long i;

	if (n > 8)
		return -1;
	for (i = 0; i < n; i++)
		u = u << 8 | (unsigned char)v[i];
	buf_addc(b, '"');
	buf_addu(b, u);
	buf_addc(b, '"');
	return 0;
}

int
value_put(struct buf *b, const struct column *c, const char *v,
    unsigned long n)
{
	int rc = 0;

	if (v == NULL) {
		buf_add(b, "null", 4);
		return sqltype(c, v, n);
	}
	switch (c->kind) {
	case K_FLOAT:
	case K_DOUBLE:
		rc = put_real(b, c, v, n);
		break;
	case K_TIMESTAMP:
		rc = put_timestamp(b, v, n);
		break;
	case K_BIT:
		rc = put_bit(b, v, n);
		break;
	default:
		if (c->bytes)
			json_bytes(b, v, n);
		else
			json_text(b, v, n);
	}
	return rc < 0 ? VALUE_BAD : sqltype(c, v, n);
}
