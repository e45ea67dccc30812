/*
 * canal2ops' value rules: Canal 1.1.4's text of ENUM, SET, DECIMAL and
 * BINARY(n) columns (as measured in test/canal2ops/stack/) back to MySQL's
 * value, from the column's mysqlType; everything else left alone.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "value.h"

/* fix(TYPE, VALUE): the fixed value, or "=" when it stays as it is. */
static const char *
fix(const char *type, const char *v, size_t n)
{
	static struct vtype t;
	static struct buf out;

	vtype_parse(&t, type, strlen(type));
	out.len = 0;
	if (!value_fix(&t, v, n, &out))
		return "=";
	buf_addc(&out, '\0');
	return out.p;
}
#define FIX(type, v)	fix(type, v, strlen(v))

static void
enums(void **state)
{
	const char *e = "enum('a','b','c','it''s')";

	(void)state;
	assert_string_equal(FIX(e, "1"), "a");
	assert_string_equal(FIX(e, "4"), "it's");
	assert_string_equal(FIX(e, "0"), "");
	assert_string_equal(FIX(e, "5"), "=");		/* no such index */
	assert_string_equal(FIX(e, "01"), "=");		/* not as Canal writes */
	assert_string_equal(FIX(e, "b"), "=");		/* a label already */
	assert_string_equal(FIX(e, ""), "=");
	/* labels that are numbers: the value is always the index */
	e = "enum('2','1','0','10')";
	assert_string_equal(FIX(e, "2"), "1");
	assert_string_equal(FIX(e, "4"), "10");
	assert_string_equal(FIX(e, "3"), "0");
	assert_string_equal(FIX(e, "0"), "");
	/* as Canal renders labels: quotes doubled, a backslash as it is */
	e = "enum('a,b','back\\slash','qu''ote','\xc3\xa9',' sp')";
	assert_string_equal(FIX(e, "1"), "a,b");
	assert_string_equal(FIX(e, "2"), "back\\slash");
	assert_string_equal(FIX(e, "3"), "qu'ote");
	assert_string_equal(FIX(e, "4"), "\xc3\xa9");
	assert_string_equal(FIX(e, "5"), " sp");
	assert_string_equal(FIX("ENUM('x')", "1"), "x");
	assert_string_equal(FIX("enum('x'", "1"), "=");	/* unreadable type */
	assert_string_equal(FIX("enum(x)", "1"), "=");
}

static void
sets(void **state)
{
	const char *s = "set('x','y','z')";
	char all[64 * 4 + 16], type[64 * 6 + 16];
	int i;

	(void)state;
	assert_string_equal(FIX(s, "7"), "x,y,z");
	assert_string_equal(FIX(s, "5"), "x,z");
	assert_string_equal(FIX(s, "0"), "");
	assert_string_equal(FIX(s, "8"), "=");		/* a bit past the labels */
	assert_string_equal(FIX(s, "x,y"), "=");
	assert_string_equal(FIX("set('1','2','x')", "3"), "1,2");
	assert_string_equal(FIX("set('1','2','x')", "1"), "1");
	assert_string_equal(FIX("set('1','2','x')", "6"), "2,x");
	assert_string_equal(FIX("set('\xc3\xa9','x y','\"')", "6"), "x y,\"");
	strcpy(type, "set(");
	all[0] = '\0';
	for (i = 1; i <= 64; i++) {
		char m[16];

		snprintf(m, sizeof(m), "m%02d", i);
		strcat(type, i > 1 ? ",'" : "'");
		strcat(type, m);
		strcat(type, "'");
		if (i > 1)
			strcat(all, ",");
		strcat(all, m);
	}
	strcat(type, ")");
	assert_string_equal(FIX(type, "18446744073709551615"), all);
	assert_string_equal(FIX(type, "9223372036854775808"), "m64");
	assert_string_equal(FIX(type, "4294967297"), "m01,m33");
	assert_string_equal(FIX(type, "18446744073709551616"), "=");	/* > 2^64-1 */
}

static void
decimals(void **state)
{
	(void)state;
	assert_string_equal(FIX("decimal(10,2)", "100.0"), "100.00");
	assert_string_equal(FIX("decimal(10,2)", "0.0"), "0.00");
	assert_string_equal(FIX("decimal(10,2)", "7"), "7.00");
	assert_string_equal(FIX("decimal(10,2)", "-0.50"), "=");
	assert_string_equal(FIX("decimal(10,2)", "-99999999.99"), "=");
	assert_string_equal(FIX("decimal(8,3) unsigned", "0.0"), "0.000");
	assert_string_equal(FIX("decimal(8,3) unsigned", "1.050"), "=");
	assert_string_equal(FIX("decimal(65,30)", "0.000000000000000000000000000"),
	    "0.000000000000000000000000000000");
	assert_string_equal(FIX("decimal(5,0)", "5"), "=");		/* no scale */
	assert_string_equal(FIX("DECIMAL(8, 3)", "1.5"), "1.500");
	assert_string_equal(FIX("NUMERIC(8,3)", "1"), "1.000");
	assert_string_equal(FIX("decimal(10,2)", "1e5"), "=");
	assert_string_equal(FIX("decimal(10,2)", ""), "=");
	assert_string_equal(FIX("decimal(10,2)", "-"), "=");
	assert_string_equal(FIX("decimal(10,2)", "1.2.3"), "=");
}

static void
binaries(void **state)
{
	(void)state;
	assert_memory_equal(fix("binary(8)", "", 0), "\0\0\0\0\0\0\0\0", 8);
	assert_memory_equal(fix("binary(8)", "\x07", 1), "\x07\0\0\0\0\0\0\0", 8);
	assert_memory_equal(fix("binary(4)", "\0ab", 3), "\0ab\0", 4);
	/* code points, not bytes: U+00FF is two bytes of UTF-8 */
	assert_memory_equal(fix("binary(3)", "\xc3\xbf", 2), "\xc3\xbf\0\0", 4);
	assert_string_equal(FIX("binary(2)", "\xc3\xbf\xc3\xbf"), "=");	/* whole */
	assert_string_equal(FIX("binary(4)", "\xe2\x82\xac"), "=");	/* past U+00FF */
	assert_string_equal(FIX("varbinary(4)", "a"), "=");
	assert_string_equal(FIX("binary", "a"), "=");
	assert_memory_equal(fix("BINARY(2)", "a", 1), "a\0", 2);
}

static void
others(void **state)
{
	struct vtype t = { 0 };

	(void)state;
	assert_int_equal(vtype_parse(&t, "int(11)", 7), VT_NONE);
	assert_int_equal(vtype_parse(&t, "set('a')", 8), VT_SET);
	assert_int_equal(vtype_parse(&t, "varchar(10)", 11), VT_NONE);
	assert_string_equal(FIX("varchar(10)", "1"), "=");
	assert_string_equal(FIX("time(1)", "00:00:00.5"), "=");
	vtype_free(&t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(enums),
		cmocka_unit_test(sets),
		cmocka_unit_test(decimals),
		cmocka_unit_test(binaries),
		cmocka_unit_test(others),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);	/* test/run counts "ok" */
	return cmocka_run_group_tests(tests, NULL, NULL);
}
