/* Bounded number parsing: only a plain decimal inside the bounds passes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "num.h"

static void
bounds_and_junk(void **state)
{
	static const struct { const char *s; long long v; const char *err; } t[] = {
		{ "5", 5, NULL }, { "0", 0, NULL }, { "100", 100, NULL },
		{ "101", 0, "too large" }, { "-1", 0, "too small" },
		{ "", 0, "invalid" }, { " 5", 0, "invalid" }, { "5 ", 0, "invalid" },
		{ "5x", 0, "invalid" }, { "0x10", 0, "invalid" },
		{ "99999999999999999999", 0, "too large" },
		{ "-99999999999999999999", 0, "too small" },
	};
	const char *err;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		long long v = cmn_strtonum(t[i].s, 0, 100, &err);

		assert_int_equal(v, t[i].v);
		if (t[i].err == NULL)
			assert_null(err);
		else
			assert_string_equal(err, t[i].err);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(bounds_and_junk),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);	/* test/run counts "ok" */
	return cmocka_run_group_tests(tests, NULL, NULL);
}
