/*
 * redis-view's sync status: the checkpoint hash's fields read back
 * (offsets, binlog times, fields for others left alone, hostile ones
 * ignored), and times and ages in words.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sync.h"

static void
field(struct sync *s, const char *f, const char *v)
{
	sync_field(s, f, strlen(f), v, strlen(v));
}

static void
test_fields(void **state)
{
	struct sync s;

	(void)state;
	sync_init(&s);
	field(&s, "orders:1", "6");
	field(&s, "orders:1:es", "1700000004000");
	field(&s, "orders:0:es", "1700000002000");
	field(&s, "orders:0", "14");
	field(&s, "a:b:0", "3");		/* a topic with a colon */
	field(&s, "a:b:0:es", "1700000001000");
	field(&s, "orders:0:lag", "5");		/* someone else's field */
	field(&s, "orders:2:lag", "5");		/* ... makes no partition */
	field(&s, "orders", "1");		/* not topic:partition */
	field(&s, ":0", "1");			/* no topic */
	field(&s, "orders:x:es", "1");		/* partition not a number */
	field(&s, "orders:-1", "1");
	field(&s, "orders:3:es", "soon");	/* es not a number */
	field(&s, "orders:4:es", "-5");
	field(&s, "orders:5:es", "99999999999999999999");
	sync_done(&s);
	assert_int_equal(s.n, 6);
	/* Sorted by topic, then partition number. */
	assert_string_equal(s.part[0].topic, "a:b");
	assert_int_equal(s.part[0].partition, 0);
	assert_string_equal(s.part[0].offset, "3");
	assert_string_equal(s.part[1].topic, "orders");
	assert_int_equal(s.part[1].partition, 0);
	assert_string_equal(s.part[1].offset, "14");
	assert_true(s.part[1].es == 1700000002000LL);
	assert_int_equal(s.part[2].partition, 1);
	assert_true(s.part[2].es == 1700000004000LL);
	assert_int_equal(s.part[3].partition, 3);	/* es only, unreadable */
	assert_null(s.part[3].offset);
	assert_true(s.part[3].es == -1);
	assert_true(s.part[4].es == -1);
	assert_true(s.part[5].es == -1);
	assert_true(s.newest == 1700000004000LL);
	sync_free(&s);
	assert_int_equal(s.n, 0);
	assert_true(s.newest == -1);

	/* Offsets as Redis holds them, NUL and all. */
	sync_field(&s, "t:0", 3, "1\0<", 3);
	sync_done(&s);
	assert_int_equal(s.part[0].olen, 3);
	assert_memory_equal(s.part[0].offset, "1\0<", 3);
	assert_true(s.newest == -1);
	sync_free(&s);
}

static void
test_many_partitions(void **state)
{
	struct sync s;
	char f[32];
	int i;

	(void)state;
	sync_init(&s);
	for (i = SYNC_PARTS_MAX + 9; i >= 0; i--) {
		snprintf(f, sizeof(f), "t:%d", i);
		field(&s, f, "1");
	}
	sync_done(&s);
	assert_int_equal(s.n, SYNC_PARTS_MAX);
	assert_int_equal(s.more, 10);
	assert_int_equal(s.part[0].partition, 10);
	sync_free(&s);
}

static const char *
when(long long ms, long long now)
{
	static char out[64];
	struct buf b = { 0 };

	sync_put_time(&b, ms, now);
	snprintf(out, sizeof(out), "%.*s", (int)b.len, b.p);
	buf_free(&b);
	return out;
}

static const char *
iso(long long ms)
{
	static char out[64];
	struct buf b = { 0 };

	sync_put_iso(&b, ms);
	snprintf(out, sizeof(out), "%.*s", (int)b.len, b.p);
	buf_free(&b);
	return out;
}

static const char *
age(long long ms)
{
	static char out[64];
	struct buf b = { 0 };

	sync_put_age(&b, ms);
	snprintf(out, sizeof(out), "%.*s", (int)b.len, b.p);
	buf_free(&b);
	return out;
}

static void
test_times(void **state)
{
	/* 2026-11-26 06:11:18 UTC */
	const long long t = 1795673478000LL;

	(void)state;
	assert_string_equal(when(t, t + 2300), "06:11:18 UTC");
	assert_string_equal(when(t, t + 17 * 3600000LL), "06:11:18 UTC");
	assert_string_equal(when(t, t + 18 * 3600000LL),
	    "2026-11-26 06:11:18 UTC");			/* the next day */
	assert_string_equal(when(t, t - 7 * 3600000LL),
	    "2026-11-26 06:11:18 UTC");			/* the day before */
	assert_string_equal(when(t + 45, t), "06:11:18.045 UTC");
	assert_string_equal(when(0, t), "1970-01-01 00:00:00 UTC");
	assert_string_equal(iso(t), "2026-11-26T06:11:18Z");
	assert_string_equal(iso(t + 7), "2026-11-26T06:11:18.007Z");
	assert_string_equal(when(SYNC_ES_MAX - 1, t),
	    "9999-12-31 23:59:59.999 UTC");
}

static void
test_ages(void **state)
{
	(void)state;
	assert_string_equal(age(0), "less than 1 s");
	assert_string_equal(age(999), "less than 1 s");
	assert_string_equal(age(1000), "1 s");
	assert_string_equal(age(2300), "2 s");
	assert_string_equal(age(59999), "59 s");
	assert_string_equal(age(60000), "1 min");
	assert_string_equal(age(61000), "1 min 1 s");
	assert_string_equal(age(3599000), "59 min 59 s");
	assert_string_equal(age(3600000), "1 h");
	assert_string_equal(age(3600000 + 59000), "1 h");
	assert_string_equal(age(5 * 3600000 + 6 * 60000), "5 h 6 min");
	assert_string_equal(age(86400000), "1 day");
	assert_string_equal(age(86400000 + 3 * 3600000), "1 day 3 h");
	assert_string_equal(age(7 * 86400000LL + 2 * 3600000), "7 days 2 h");
	assert_string_equal(age(400 * 86400000LL), "400 days");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_many_partitions),
		cmocka_unit_test(test_times),
		cmocka_unit_test(test_ages),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
