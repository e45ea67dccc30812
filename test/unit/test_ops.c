/*
 * The ops protocol against its reference: ops_split must split every line
 * as hiredis' sdssplitargs() does, and ops_put_arg must quote every byte
 * string so that sdssplitargs() gives it back unchanged.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <hiredis/sds.h>

#include "ops.h"

/* Compare ops_split with sdssplitargs on one line; 1 when they agree. */
static int
agree(struct ops_argv *av, const char *line, size_t len)
{
	char *z = cmn_xmalloc(len + 1);
	sds *ref;
	int n, rn, i, same = 1;

	memcpy(z, line, len);
	z[len] = '\0';
	ref = sdssplitargs(z, &rn);
	n = ops_split(av, line, len);
	if (ref == NULL)
		same = n == -1;
	else if (n != rn)
		same = 0;
	else
		for (i = 0; i < n && same; i++)
			same = sdslen(ref[i]) == av->len[i] &&
			    memcmp(ref[i], ops_arg(av, i), av->len[i]) == 0;
	if (ref != NULL)
		sdsfreesplitres(ref, rn);
	free(z);
	return same;
}

static void
split_table(void **state)
{
	static const char *lines[] = {
		"", " ", "SET a b", "  SET   a  b  ", "SET \"a b\" 'c d'",
		"SET a \"\"", "SET a ''", "SET \"a\"b c", "SET 'a'b c",
		"SET a\"b c\" d", "SET a'b c' d", "SET \"unterminated",
		"SET 'unterminated", "SET \"\\x41\\x4a\\x4\" x", "SET \"\\xZZ\"",
		"SET \"\\n\\r\\t\\b\\a\\q\\\\\\\"\"", "SET 'it\\'s' x",
		"SET 'back\\\\slash' x", "SET 'ends\\'", "SET \"ends\\\"",
		"SET a\vb c", "SET a\fb", "\v\fSET a", "SET \"a\"\vb",
		"SET 'a'\tb", "SET a\rb", "SET \"\\", "SET '\\",
		"SET \xff\xfe \"\xc3\xa9\"", "SET 'x' 'y'z", "\"\"", "''",
		"SET a \"b\"\"c\"", "SET \"\\x00\" 'x'",
	};
	struct ops_argv av = { 0 };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		if (!agree(&av, lines[i], strlen(lines[i])))
			fail_msg("disagree on line %zu: %s", i, lines[i]);
	}
	ops_argv_free(&av);
}

/* Stops at the first NUL byte, as sdssplitargs on a C string does. */
static void
split_nul(void **state)
{
	struct ops_argv av = { 0 };

	(void)state;
	assert_int_equal(ops_split(&av, "SET a b\0c d", 11), 3);
	assert_string_equal(ops_arg(&av, 2), "b");
	assert_int_equal(ops_split(&av, "SET 'a\0' b", 10), -1);
	ops_argv_free(&av);
}

static uint64_t rng = 88172645463325252ULL;

static unsigned
rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

static void
split_random(void **state)
{
	static const char alpha[] = "ab \t\r\n\v\f\"'\\x41fZ\xc3\xff";
	struct ops_argv av = { 0 };
	char line[64];
	int i, j, n;

	(void)state;
	for (i = 0; i < 200000; i++) {
		n = (int)rnd(sizeof(line));
		for (j = 0; j < n; j++)
			line[j] = alpha[rnd(sizeof(alpha) - 1)];
		if (!agree(&av, line, (size_t)n))
			fail_msg("disagree on random line %d (%.*s)", i, n, line);
	}
	ops_argv_free(&av);
}

/* Quote argc random byte strings, split with sdssplitargs, compare. */
static void
quote_roundtrip(void **state)
{
	struct buf b = { 0 };
	char args[4][40];
	size_t lens[4];
	int i, j, k, rn;

	(void)state;
	for (i = 0; i < 100000; i++) {
		b.len = 0;
		buf_adds(&b, "SET");
		for (k = 0; k < 4; k++) {
			int kind = (int)rnd(3);

			lens[k] = rnd(sizeof(args[k]));
			for (j = 0; j < (int)lens[k]; j++)
				args[k][j] = (char)(kind == 0 ? rnd(256) :
				    kind == 1 ? 0x20 + rnd(0x5f) : (unsigned char)"{}\"':\\ ,a\xc3\xa9"[rnd(12)]);
			buf_addc(&b, ' ');
			ops_put_arg(&b, args[k], lens[k]);
		}
		buf_addc(&b, '\0');
		{
			sds *ref = sdssplitargs(b.p, &rn);

			assert_non_null(ref);
			assert_int_equal(rn, 5);
			for (k = 0; k < 4; k++) {
				assert_int_equal(sdslen(ref[k + 1]), lens[k]);
				assert_memory_equal(ref[k + 1], args[k], lens[k]);
			}
			sdsfreesplitres(ref, rn);
		}
	}
	buf_free(&b);
}

/* The forms the protocol promises: bare, single quotes for JSON, else double. */
static void
quote_forms(void **state)
{
	static const struct { const char *in; size_t n; const char *out; } t[] = {
		{ "19832", 5, "19832" },
		{ "", 0, "\"\"" },
		{ "{\"id\":\"1\",\"n\":\"it's\"}", 21, "'{\"id\":\"1\",\"n\":\"it\\'s\"}'" },
		{ "a b", 3, "'a b'" },
		{ "ends\\", 5, "ends\\" },
		{ "end s\\", 6, "\"end s\\\\\"" },
		{ "l1\nl2", 5, "\"l1\\nl2\"" },
		{ "\0\x01", 2, "\"\\x00\\x01\"" },
		{ "caf\xc3\xa9", 5, "'caf\xc3\xa9'" },
	};
	struct buf b = { 0 };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		b.len = 0;
		ops_put_arg(&b, t[i].in, t[i].n);
		buf_addc(&b, '\0');
		assert_string_equal(b.p, t[i].out);
	}
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(split_table),
		cmocka_unit_test(split_nul),
		cmocka_unit_test(split_random),
		cmocka_unit_test(quote_roundtrip),
		cmocka_unit_test(quote_forms),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);	/* test/run counts "ok" */
	return cmocka_run_group_tests(tests, NULL, NULL);
}
