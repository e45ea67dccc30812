/*
 * redis-view's query-string parsing, hostile input included: percent
 * decoding, bounds, unknown parameters, and links that parse back.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "query.h"

static const char *
parse(struct query *q, const char *s)
{
	return query_parse(q, s, strlen(s));
}

static void
test_defaults(void **state)
{
	struct query q;

	(void)state;
	assert_null(parse(&q, ""));
	assert_string_equal(q.match, "*");
	assert_int_equal(q.matchlen, 1);
	assert_int_equal(q.count, QUERY_COUNT_DEFAULT);
	assert_true(cursor_is_start(&q.cursor));
	assert_int_equal(q.nback, 0);
	assert_int_equal(q.json, 0);
	assert_null(parse(&q, "&&;;&=&==&match"));	/* no value: ignored */
	assert_string_equal(q.match, "*");
	assert_null(parse(&q, "match="));		/* empty box: all keys */
	assert_string_equal(q.match, "*");
}

static void
test_decode(void **state)
{
	struct query q;
	char out[16];

	(void)state;
	assert_null(parse(&q, "match=user%3A%2a+x"));
	assert_string_equal(q.match, "user:* x");
	assert_int_equal(query_decode(out, "%zz%4%", 6), 6);
	assert_memory_equal(out, "%zz%4%", 6);
	assert_int_equal(query_decode(out, "a%2", 3), 3);	/* cut at end */
	assert_memory_equal(out, "a%2", 3);
	assert_int_equal(query_decode(out, "%41%4a%4A", 9), 3);
	assert_memory_equal(out, "AJJ", 3);
	/* A NUL byte travels with its length. */
	assert_null(parse(&q, "match=a%00b"));
	assert_int_equal(q.matchlen, 3);
	assert_memory_equal(q.match, "a\0b", 3);
	/* Names are decoded too. */
	assert_null(parse(&q, "m%61tch=k"));
	assert_string_equal(q.match, "k");
}

static void
test_match_bounds(void **state)
{
	struct query q;
	char s[QUERY_MAX + 16];
	int i;

	(void)state;
	strcpy(s, "match=");
	memset(s + 6, 'a', QUERY_MATCH_MAX);
	s[6 + QUERY_MATCH_MAX] = '\0';
	assert_null(parse(&q, s));
	assert_int_equal(q.matchlen, QUERY_MATCH_MAX);
	strcat(s, "a");
	assert_non_null(parse(&q, s));
	/* Encoded bytes count once decoded. */
	strcpy(s, "match=");
	for (i = 0; i < QUERY_MATCH_MAX; i++)
		strcat(s, "%41");
	assert_null(parse(&q, s));
	assert_int_equal(q.matchlen, QUERY_MATCH_MAX);
	strcat(s, "%41");
	assert_non_null(parse(&q, s));
	/* The whole query string is bounded. */
	memset(s, 'x', QUERY_MAX + 1);
	s[QUERY_MAX + 1] = '\0';
	assert_non_null(parse(&q, s));
}

static void
test_count(void **state)
{
	struct query q;

	(void)state;
	assert_null(parse(&q, "count=7"));
	assert_int_equal(q.count, 7);
	assert_null(parse(&q, "count=0"));
	assert_int_equal(q.count, 1);
	assert_null(parse(&q, "count=1001"));
	assert_int_equal(q.count, QUERY_COUNT_MAX);
	assert_null(parse(&q, "count=99999999999999999999999999999999"));
	assert_int_equal(q.count, QUERY_COUNT_MAX);
	assert_non_null(parse(&q, "count=-1"));
	assert_non_null(parse(&q, "count=abc"));
	assert_non_null(parse(&q, "count="));
	assert_non_null(parse(&q, "count=1%20"));
}

static void
test_cursor(void **state)
{
	struct query q;

	(void)state;
	assert_null(parse(&q, "cursor=18446744073709551615"));
	assert_true(q.cursor.scan == 18446744073709551615ULL && !q.cursor.named);
	assert_non_null(parse(&q, "cursor=18446744073709551616"));
	assert_non_null(parse(&q, "cursor="));
	assert_non_null(parse(&q, "cursor=1a"));
	assert_non_null(parse(&q, "cursor=-1"));
	assert_non_null(parse(&q, "cursor=+1"));
}

static void
test_back(void **state)
{
	struct query q;
	char s[1024];
	int i;

	(void)state;
	assert_null(parse(&q, "back=5,0,17"));
	assert_int_equal(q.nback, 3);
	assert_true(q.back[0].scan == 5 && q.back[1].scan == 0 &&
	    q.back[2].scan == 17);
	assert_null(parse(&q, "back="));
	assert_int_equal(q.nback, 0);
	assert_non_null(parse(&q, "back=1,,2"));
	assert_non_null(parse(&q, "back=x"));
	/* Deeper than the stack: the newest are kept. */
	strcpy(s, "back=");
	for (i = 1; i <= QUERY_BACK_MAX + 8; i++)
		snprintf(s + strlen(s), sizeof(s) - strlen(s), "%s%d",
		    i > 1 ? "," : "", i);
	assert_null(parse(&q, s));
	assert_int_equal(q.nback, QUERY_BACK_MAX);
	assert_true(q.back[0].scan == 9);
	assert_true(q.back[QUERY_BACK_MAX - 1].scan == QUERY_BACK_MAX + 8);
}

static void
test_other_params(void **state)
{
	struct query q;

	(void)state;
	assert_null(parse(&q, "format=json"));
	assert_int_equal(q.json, 1);
	assert_null(parse(&q, "format=json&format=html"));	/* last wins */
	assert_int_equal(q.json, 0);
	assert_non_null(parse(&q, "format=xml"));
	assert_null(parse(&q, "x=1&utm_source=%zz&a_very_long_parameter_name="
	    "1&match=k&=v&count"));
	assert_string_equal(q.match, "k");
	assert_int_equal(q.count, QUERY_COUNT_DEFAULT);
	/* The key template and the checkpoint key; empty: not given. */
	assert_null(parse(&q, "key=%7Bdatabase%7D:%7Btable%7D:%7Bpk%7D"
	    "&checkpoint=my%3Ack"));
	assert_string_equal(q.key, "{database}:{table}:{pk}");
	assert_int_equal(q.keylen, 23);
	assert_string_equal(q.ckpt, "my:ck");
	assert_int_equal(q.ckptlen, 5);
	assert_null(parse(&q, "key=&checkpoint="));
	assert_int_equal(q.keylen, 0);
	assert_int_equal(q.ckptlen, 0);
	{
		char s[QUERY_NAME_MAX + 32];

		strcpy(s, "key=");
		memset(s + 4, 'k', QUERY_NAME_MAX);
		s[4 + QUERY_NAME_MAX] = '\0';
		assert_null(parse(&q, s));
		assert_int_equal(q.keylen, QUERY_NAME_MAX);
		strcat(s, "k");
		assert_non_null(parse(&q, s));
		strcpy(s, "checkpoint=");
		memset(s + 11, 'c', QUERY_NAME_MAX + 1);
		s[11 + QUERY_NAME_MAX + 1] = '\0';
		assert_non_null(parse(&q, s));
	}
}

static void
test_link_round_trip(void **state)
{
	struct query q, r;
	struct buf b = { 0 };
	struct cursor back[QUERY_BACK_MAX + 4], at;
	int i;

	(void)state;
	query_init(&q);
	for (i = 0; i < QUERY_MATCH_MAX; i++)
		q.match[i] = (char)(i % 256 ? i % 256 : '&');
	q.matchlen = QUERY_MATCH_MAX;
	q.count = 3;
	memcpy(q.key, "{table}&\"<x>:{pk}", 17);
	q.keylen = 17;
	memcpy(q.ckpt, "c k\0%", 5);
	q.ckptlen = 5;
	for (i = 0; i < QUERY_BACK_MAX + 4; i++) {
		cursor_init(&back[i]);
		back[i].scan = 18446744073709551615ULL - i;
	}
	cursor_init(&at);
	at.scan = 42;
	query_put_link(&b, &q, &at, back, QUERY_BACK_MAX + 4, 1);
	assert_true(b.p[0] == '?');
	assert_null(query_parse(&r, b.p + 1, b.len - 1));
	assert_int_equal(r.matchlen, q.matchlen);
	assert_memory_equal(r.match, q.match, q.matchlen);
	assert_int_equal(r.count, 3);
	assert_true(r.cursor.scan == 42 && !r.cursor.named);
	assert_int_equal(r.json, 1);
	assert_int_equal(r.nback, QUERY_BACK_MAX);
	assert_true(cursor_equal(&r.back[0], &back[4]));
	assert_true(cursor_equal(&r.back[QUERY_BACK_MAX - 1],
	    &back[QUERY_BACK_MAX + 3]));
	assert_int_equal(r.keylen, 17);
	assert_memory_equal(r.key, q.key, 17);
	assert_int_equal(r.ckptlen, 5);
	assert_memory_equal(r.ckpt, q.ckpt, 5);
	/* Nothing that could end an HTML attribute or start a tag. */
	assert_null(memchr(b.p, '"', b.len));
	assert_null(memchr(b.p, '<', b.len));
	assert_null(memchr(b.p, '\'', b.len));
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_match_bounds),
		cmocka_unit_test(test_count),
		cmocka_unit_test(test_cursor),
		cmocka_unit_test(test_back),
		cmocka_unit_test(test_other_params),
		cmocka_unit_test(test_link_round_trip),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
