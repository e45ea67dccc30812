/*
 * Java's Float.toString and Double.toString (Java 8 to 18), which Canal
 * 1.1.4 uses for FLOAT and DOUBLE columns, against javafmt.vectors: values
 * and their text as Java 17 printed them (test/unit/JavaFmtVectors.java).
 */
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "javafmt.h"

static void
vectors(void **state)
{
	FILE *f;
	char kind, hex[32], want[64], got[JAVAFMT_MAX];
	unsigned long n = 0, bad = 0;

	(void)state;
	f = fopen("test/unit/javafmt.vectors", "r");
	assert_non_null(f);
	while (fscanf(f, " %c %31s %63s", &kind, hex, want) == 3) {
		if (kind == 'd') {
			uint64_t b = strtoull(hex, NULL, 16);
			double d;

			memcpy(&d, &b, sizeof(d));
			javafmt_double(got, d);
		} else {
			uint32_t b = (uint32_t)strtoul(hex, NULL, 16);
			float x;

			memcpy(&x, &b, sizeof(x));
			javafmt_float(got, x);
		}
		n++;
		if (strcmp(got, want) != 0 && bad++ < 10)
			print_message("%c %s: Java %s, javafmt %s\n", kind, hex,
			    want, got);
	}
	fclose(f);
	assert_true(n > 12000);
	assert_int_equal(bad, 0);
}

/* The values the project's Canal wrote (test/canal2ops/stack). */
static void
measured(void **state)
{
	char b[JAVAFMT_MAX];

	(void)state;
	javafmt_float(b, 16777216.0f);
	assert_string_equal(b, "1.6777216E7");
	javafmt_float(b, 1e-4f);
	assert_string_equal(b, "1.0E-4");
	javafmt_float(b, 9999999.0f);
	assert_string_equal(b, "9999999.0");
	javafmt_float(b, 1.4e-45f);
	assert_string_equal(b, "1.4E-45");
	javafmt_float(b, -3.4028235e38f);
	assert_string_equal(b, "-3.4028235E38");
	javafmt_float(b, 1e21f);
	assert_string_equal(b, "1.0E21");
	javafmt_double(b, 4.9e-324);
	assert_string_equal(b, "4.9E-324");
	javafmt_double(b, 9.999999999999998e-4);
	assert_string_equal(b, "9.999999999999998E-4");
	javafmt_double(b, 0.001);
	assert_string_equal(b, "0.001");
	javafmt_double(b, 1.2345678901234568e17);
	assert_string_equal(b, "1.2345678901234568E17");
	javafmt_double(b, 0.0);
	assert_string_equal(b, "0.0");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(vectors),
		cmocka_unit_test(measured),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);	/* test/run counts "ok" */
	return cmocka_run_group_tests(tests, NULL, NULL);
}
