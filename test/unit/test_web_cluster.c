/*
 * redis-view in a Redis Cluster: page cursors (parsed, written, read
 * back), the map of CLUSTER SLOTS (replies as a redis-server 7.0 sends
 * them, read by hiredis' own reader), the walk across masters and what a
 * stale cursor does, MOVED and ASK replies, startup nodes from the
 * environment.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cmap.h"
#include "cursor.h"
#include "query.h"
#include "slot.h"
#include "target.h"

static const char *
qparse(struct query *q, const char *s)
{
	return query_parse(q, s, strlen(s));
}

static struct cursor
cur(const char *s)
{
	struct cursor c;

	assert_int_equal(cursor_parse(&c, s, strlen(s)), 0);
	return c;
}

static int
bad(const char *s)
{
	struct cursor c;

	return cursor_parse(&c, s, strlen(s)) != 0 && cursor_is_start(&c);
}

/* The text cursor_put writes for s. */
static const char *
put(const char *s)
{
	static struct buf b;
	struct cursor c = cur(s);

	b.len = 0;
	cursor_put(&b, &c);
	buf_addc(&b, '\0');
	return b.p;
}

static void
test_cursor(void **state)
{
	struct cursor c, d;

	(void)state;
	c = cur("0");
	assert_true(cursor_is_start(&c));
	assert_false(c.named);
	c = cur("18446744073709551615");
	assert_true(c.scan == 18446744073709551615ULL && !c.named);
	c = cur("5461:9f1c2ab0:1234");
	assert_true(c.named);
	assert_int_equal(c.slot, 5461);
	assert_string_equal(c.node, "9f1c2ab0");
	assert_true(c.scan == 1234);
	assert_false(cursor_is_start(&c));
	c = cur("0:00000000:0");	/* the first master's start: named */
	assert_true(c.named && !cursor_is_start(&c));
	c = cur("16383:abcdef01:18446744073709551615");
	assert_int_equal(c.slot, 16383);

	/* written back as read */
	assert_string_equal(put("0"), "0");
	assert_string_equal(put("17"), "17");
	assert_string_equal(put("5461:9f1c2ab0:1234"), "5461:9f1c2ab0:1234");
	assert_string_equal(put("16383:abcdef01:18446744073709551615"),
	    "16383:abcdef01:18446744073709551615");
	assert_true(strlen(put("16383:abcdef01:18446744073709551615")) <=
	    CURSOR_MAX);

	assert_true(bad(""));
	assert_true(bad("16384:9f1c2ab0:1"));		/* no such slot */
	assert_true(bad("-1:9f1c2ab0:1"));
	assert_true(bad("123456:9f1c2ab0:1"));
	assert_true(bad("5461:9F1C2AB0:1"));		/* IDs are lowercase */
	assert_true(bad("5461:9f1c2ab:1"));		/* 7 digits */
	assert_true(bad("5461:9f1c2ab0a:1"));		/* 9 digits */
	assert_true(bad("5461:9f1c2ax0:1"));
	assert_true(bad("5461:9f1c2ab0:"));
	assert_true(bad("5461:9f1c2ab0"));
	assert_true(bad(":9f1c2ab0:1"));
	assert_true(bad("5461::1"));
	assert_true(bad("5461:9f1c2ab0:1:2"));
	assert_true(bad("5461:9f1c2ab0:18446744073709551616"));
	assert_true(bad("5461:9f1c2ab0:+1"));
	assert_true(bad("1a"));

	c = cur("5461:9f1c2ab0:1234");
	d = cur("5461:9f1c2ab0:1234");
	assert_true(cursor_equal(&c, &d));
	d = cur("5461:9f1c2ab1:1234");
	assert_false(cursor_equal(&c, &d));
	d = cur("1234");
	assert_false(cursor_equal(&c, &d));
	c = cur("1234");
	assert_true(cursor_equal(&c, &d));
}

/* Cursors in the query and its links: they come back as they went. */
static void
test_query_links(void **state)
{
	struct query q, r;
	struct cursor back[QUERY_BACK_MAX + 2], at = cur("10923:d1ea3884:77");
	struct buf b = { 0 };
	int i;

	(void)state;
	assert_null(qparse(&q, "cursor=5461:9f1c2ab0:12&back=0,"
	    "0:f4802b15:3"));
	assert_true(q.cursor.named && q.cursor.slot == 5461);
	assert_int_equal(q.nback, 2);
	assert_true(cursor_is_start(&q.back[0]) && q.back[1].named);
	assert_true(query_names_master(&q));
	assert_null(qparse(&q, "cursor=17&back=0,5"));
	assert_false(query_names_master(&q));
	assert_null(qparse(&q, "cursor=17&back=0:f4802b15:3"));
	assert_true(query_names_master(&q));	/* a back cursor names one */
	assert_string_equal(qparse(&q, "back=0,5461:9f1c2ab0"),
	    "back: not a list of cursors");
	assert_string_equal(qparse(&q, "cursor=5461:x:1"),
	    "cursor: not a cursor");

	for (i = 0; i < QUERY_BACK_MAX + 2; i++) {
		cursor_init(&back[i]);
		back[i].named = 1;
		back[i].slot = 16383 - i;
		memcpy(back[i].node, "abcdef01", 9);
		back[i].scan = 18446744073709551615ULL - (unsigned)i;
	}
	query_init(&q);
	query_put_link(&b, &q, &at, back, QUERY_BACK_MAX + 2, 1);
	assert_true(b.len < QUERY_MAX);	/* a full stack still fits */
	assert_null(query_parse(&r, b.p + 1, b.len - 1));
	assert_true(cursor_equal(&r.cursor, &at));
	assert_int_equal(r.nback, QUERY_BACK_MAX);	/* the oldest dropped */
	for (i = 0; i < QUERY_BACK_MAX; i++)
		assert_true(cursor_equal(&r.back[i], &back[i + 2]));
	assert_true(r.json);
	buf_free(&b);
}

/* A reply as RESP text, read by hiredis' reader. */
static redisReply *
resp(const char *s)
{
	redisReader *rd = redisReaderCreate();
	void *r = NULL;

	assert_non_null(rd);
	assert_int_equal(redisReaderFeed(rd, s, strlen(s)), REDIS_OK);
	assert_int_equal(redisReaderGetReply(rd, &r), REDIS_OK);
	assert_non_null(r);
	redisReaderFree(rd);
	return r;
}

#define ID_A "f4802b15884be6db856756234c5cf0c6a03e5391"
#define ID_B "819a1ff2ee98bb935da5061516641980ec850274"
#define ID_C "d1ea3884a484bad383f997a87787df8b801ec507"
#define ID_R "0123456789abcdef0123456789abcdef01234567"

/*
 * Three masters with a replica each, listed not in slot order (as a
 * node may list them); master C also serves slot 100, taken from A.
 */
static const char slots3[] =
    "*4\r\n"
    "*4\r\n:10923\r\n:16383\r\n"
	"*4\r\n$9\r\n127.0.0.1\r\n:7003\r\n$40\r\n" ID_C "\r\n*0\r\n"
	"*4\r\n$9\r\n127.0.0.1\r\n:7006\r\n$40\r\n" ID_R "\r\n*0\r\n"
    "*3\r\n:0\r\n:99\r\n"
	"*4\r\n$9\r\n127.0.0.1\r\n:7001\r\n$40\r\n" ID_A "\r\n*0\r\n"
    "*3\r\n:5461\r\n:10922\r\n"
	"*4\r\n$0\r\n\r\n:7002\r\n$40\r\n" ID_B "\r\n*0\r\n"
    "*3\r\n:100\r\n:100\r\n"
	"*4\r\n$9\r\n127.0.0.1\r\n:7003\r\n$40\r\n" ID_C "\r\n*0\r\n";

static void
take(struct cmap *m, const char *s)
{
	struct buf err = { 0 };
	redisReply *r = resp(s);

	if (cmap_take(m, r, "10.0.0.9", &err) != 0)
		fail_msg("cmap_take: %s", err.p);
	freeReplyObject(r);
	buf_free(&err);
}

static void
test_map(void **state)
{
	struct cmap m;
	int s;

	(void)state;
	take(&m, slots3);
	assert_int_equal(m.n, 3);
	/* walked in the order of first slots: A (0), C (100), B (5461) */
	assert_string_equal(m.m[0].id, ID_A);
	assert_string_equal(m.m[1].id, ID_C);
	assert_string_equal(m.m[2].id, ID_B);
	assert_int_equal(m.m[0].first, 0);
	assert_int_equal(m.m[1].first, 100);
	assert_int_equal(m.m[2].first, 5461);
	assert_string_equal(m.m[0].slots, "0-99");
	assert_string_equal(m.m[1].slots, "100 10923-16383");
	assert_string_equal(m.m[2].slots, "5461-10922");
	assert_int_equal(m.m[0].nslots, 100);
	assert_int_equal(m.m[1].nslots, 5462);
	/* an empty address is the node asked */
	assert_string_equal(m.m[2].host, "10.0.0.9");
	assert_int_equal(m.m[2].port, 7002);
	assert_int_equal(cmap_find(&m, "127.0.0.1", 7003), 1);
	assert_int_equal(cmap_find(&m, "10.0.0.9", 7002), 2);
	assert_int_equal(cmap_find(&m, "127.0.0.1", 7006), -1); /* replica */
	/* slots 101..5460 are served by nobody */
	assert_int_equal(m.owner[0], 0);
	assert_int_equal(m.owner[99], 0);
	assert_int_equal(m.owner[100], 1);
	assert_int_equal(m.owner[101], -1);
	assert_int_equal(m.owner[5460], -1);
	assert_int_equal(m.owner[5461], 2);
	assert_int_equal(m.owner[16383], 1);
	/* a key goes where its slot is: "foo" is slot 12182, "{bar}x" 5061 */
	s = slot_of_key("foo", 3);
	assert_int_equal(s, 12182);
	assert_int_equal(m.owner[s], 1);
	assert_int_equal(m.owner[slot_of_key("x{user1000}y", 12)], -1);
	cmap_free(&m);
}

/* Redis before 4.0 gives no node IDs: one is made from the address. */
static void
test_map_without_ids(void **state)
{
	struct cmap m, m2;
	static const char old[] =
	    "*2\r\n"
	    "*3\r\n:0\r\n:8191\r\n*2\r\n$8\r\n10.0.0.1\r\n:6379\r\n"
	    "*3\r\n:8192\r\n:16383\r\n*2\r\n$8\r\n10.0.0.2\r\n:6379\r\n";
	struct cursor c;
	size_t i;

	(void)state;
	take(&m, old);
	take(&m2, old);
	assert_int_equal(m.n, 2);
	assert_int_equal(strlen(m.m[0].id), 16);
	for (i = 0; i < 16; i++)
		assert_non_null(strchr("0123456789abcdef", m.m[0].id[i]));
	assert_string_equal(m.m[0].id, m2.m[0].id);	/* the same each time */
	assert_string_not_equal(m.m[0].id, m.m[1].id);
	cmap_next(&m, 0, 0, &c);		/* and cursors can name them */
	assert_true(c.named && c.slot == 8192);
	assert_memory_equal(c.node, m.m[1].id, CURSOR_ID_LEN);
	cmap_free(&m);
	cmap_free(&m2);
}

static int
refused(const char *s, const char *why)
{
	struct cmap m;
	struct buf err = { 0 };
	redisReply *r = resp(s);
	int rc = cmap_take(&m, r, "h", &err);

	freeReplyObject(r);
	if (rc == 0)
		cmap_free(&m);
	else
		assert_string_equal(err.p, why);
	buf_free(&err);
	return rc != 0;
}

static void
test_map_refused(void **state)
{
	(void)state;
	assert_true(refused("*0\r\n",
	    "CLUSTER SLOTS: no master serves a slot"));
	assert_true(refused("+OK\r\n", "CLUSTER SLOTS: unexpected reply"));
	assert_true(refused("*1\r\n*3\r\n:0\r\n:16384\r\n"
	    "*2\r\n$1\r\na\r\n:1\r\n", "CLUSTER SLOTS: unexpected reply"));
	assert_true(refused("*1\r\n*3\r\n:9\r\n:8\r\n"
	    "*2\r\n$1\r\na\r\n:1\r\n", "CLUSTER SLOTS: unexpected reply"));
	assert_true(refused("*1\r\n*3\r\n:0\r\n:8\r\n"
	    "*2\r\n$1\r\na\r\n:0\r\n", "CLUSTER SLOTS: unexpected reply"));
	assert_true(refused("*1\r\n*2\r\n:0\r\n:8\r\n",
	    "CLUSTER SLOTS: unexpected reply"));
	/* b's only range given again to c: b serves nothing */
	assert_true(refused("*2\r\n"
	    "*3\r\n:0\r\n:8\r\n*2\r\n$1\r\nb\r\n:1\r\n"
	    "*3\r\n:0\r\n:8\r\n*2\r\n$1\r\nc\r\n:1\r\n",
	    "CLUSTER SLOTS: ranges overlap"));
}

static void
test_walk(void **state)
{
	struct cmap m;
	struct cursor c;
	struct buf err = { 0 };
	unsigned long long scan;
	int mi, re;

	(void)state;
	take(&m, slots3);
	/* the first page: the first master from its start */
	cursor_init(&c);
	assert_int_equal(cmap_start(&m, &c, &mi, &scan, &re, &err), 0);
	assert_true(mi == 0 && scan == 0 && !re);
	/* on the same master, then the next from its start, then the end */
	cmap_next(&m, 0, 42, &c);
	assert_true(c.named && c.slot == 0 && c.scan == 42);
	assert_string_equal(c.node, "f4802b15");
	assert_int_equal(cmap_start(&m, &c, &mi, &scan, &re, &err), 0);
	assert_true(mi == 0 && scan == 42 && !re);
	cmap_next(&m, 0, 0, &c);
	assert_true(c.named && c.slot == 100 && c.scan == 0);
	assert_string_equal(c.node, "d1ea3884");
	assert_int_equal(cmap_start(&m, &c, &mi, &scan, &re, &err), 0);
	assert_true(mi == 1 && scan == 0 && !re);
	cmap_next(&m, 2, 7, &c);
	assert_true(c.slot == 5461 && c.scan == 7);
	cmap_next(&m, 2, 0, &c);
	assert_true(cursor_is_start(&c));		/* the end */

	/* another node now serves slot 5461 (a failover): from its start */
	c = cur("5461:0badf00d:7");
	assert_int_equal(cmap_start(&m, &c, &mi, &scan, &re, &err), 0);
	assert_true(mi == 2 && scan == 0 && re);
	/* ... but at that master's start nothing was walked: no restart */
	c = cur("5461:0badf00d:0");
	assert_int_equal(cmap_start(&m, &c, &mi, &scan, &re, &err), 0);
	assert_true(mi == 2 && scan == 0 && !re);
	/* slot 10923 is no master's first slot now (C took slot 100) */
	c = cur("10923:d1ea3884:7");
	assert_int_equal(cmap_start(&m, &c, &mi, &scan, &re, &err), 0);
	assert_true(mi == 1 && scan == 0 && re);
	c = cur("10923:d1ea3884:0");
	assert_int_equal(cmap_start(&m, &c, &mi, &scan, &re, &err), 0);
	assert_true(mi == 1 && scan == 0 && re);
	/* a slot nobody serves */
	c = cur("101:d1ea3884:7");
	assert_int_equal(cmap_start(&m, &c, &mi, &scan, &re, &err), -1);
	assert_string_equal(err.p, "no master serves slot 101");
	buf_free(&err);
	cmap_free(&m);
}

static int
redirect(const char *s, const char *host, int port)
{
	char h[64] = "unset";
	int p = 0, slot, k = slot_redirect(s, &slot, h, sizeof(h), &p);

	if (k != 0) {
		assert_string_equal(h, host);
		assert_int_equal(p, port);
	}
	return k;
}

static void
test_redirect(void **state)
{
	(void)state;
	assert_int_equal(redirect("MOVED 3999 127.0.0.1:6381", "127.0.0.1",
	    6381), 1);
	assert_int_equal(redirect("ASK 3999 127.0.0.1:6381", "127.0.0.1",
	    6381), 2);
	assert_int_equal(redirect("MOVED 1 ::1:7000", "::1", 7000), 1);
	assert_int_equal(redirect("MOVED 1 [::1]:7000", "::1", 7000), 1);
	assert_int_equal(redirect("MOVED 1 :7000", "", 7000), 1);
	assert_int_equal(redirect("MOVED 1 node.example:7000", "node.example",
	    7000), 1);
	assert_int_equal(redirect("MOVED 1 127.0.0.1", "", 0), 0);
	assert_int_equal(redirect("MOVED 1 127.0.0.1:", "", 0), 0);
	assert_int_equal(redirect("MOVED 1 127.0.0.1:65536", "", 0), 0);
	assert_int_equal(redirect("MOVED x 127.0.0.1:1", "", 0), 0);
	assert_int_equal(redirect("WRONGTYPE Operation against a key", "",
	    0), 0);
	assert_int_equal(redirect("CLUSTERDOWN The cluster is down", "", 0),
	    0);
	assert_int_equal(redirect("MOVED 1 "
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    ":1", "", 0), 0);			/* longer than the room */
}

static void
clearenv_redis(void)
{
	static const char *const v[] = { "REDIS_URL", "REDIS_HOST",
	    "REDIS_PORT", "REDIS_DB", "REDISCLI_AUTH", "REDIS_CLUSTER" };
	size_t i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		unsetenv(v[i]);
}

static int
nodes(struct target *t, struct buf *err)
{
	return target_nodes(t, 4, err);
}

static void
test_startup_nodes(void **state)
{
	struct target t[4];
	struct buf err = { 0 };

	(void)state;
	clearenv_redis();
	assert_int_equal(nodes(t, &err), 1);		/* the default */
	assert_string_equal(t[0].host, "127.0.0.1");
	assert_int_equal(t[0].port, 6379);

	/* one host, several ports: as ops2redis -c -h H -p P -p P */
	setenv("REDIS_HOST", "10.0.0.5", 1);
	setenv("REDIS_PORT", "7000 7001,7002", 1);
	setenv("REDISCLI_AUTH", "pw", 1);
	assert_int_equal(nodes(t, &err), 3);
	assert_string_equal(t[2].host, "10.0.0.5");
	assert_int_equal(t[0].port, 7000);
	assert_int_equal(t[2].port, 7002);
	assert_string_equal(t[2].pass, "pw");
	/* hosts and ports paired; the shorter list's last entry repeats */
	setenv("REDIS_HOST", "a, b ,c", 1);
	setenv("REDIS_PORT", "1,2", 1);
	assert_int_equal(nodes(t, &err), 3);
	assert_true(strcmp(t[0].host, "a") == 0 && t[0].port == 1);
	assert_true(strcmp(t[1].host, "b") == 0 && t[1].port == 2);
	assert_true(strcmp(t[2].host, "c") == 0 && t[2].port == 2);
	setenv("REDIS_PORT", "1 2 3 4 5", 1);
	assert_int_equal(nodes(t, &err), -1);
	assert_string_equal(err.p, "REDIS_HOST, REDIS_PORT: too many nodes");
	setenv("REDIS_PORT", "1 x", 1);
	assert_int_equal(nodes(t, &err), -1);
	assert_string_equal(err.p, "REDIS_PORT: not a port: x");
	setenv("REDIS_PORT", "7000", 1);
	setenv("REDIS_DB", "0", 1);
	assert_int_equal(nodes(t, &err), 3);
	setenv("REDIS_DB", "2", 1);
	assert_int_equal(nodes(t, &err), -1);
	assert_string_equal(err.p,
	    "REDIS_DB: a Redis Cluster has database 0 only");

	/* REDIS_URL: a list of URLs, each with its own password */
	setenv("REDIS_URL", "redis://:s1@10.0.0.1:7000,"
	    " redis://u:s2@[::1]:7001/0  redis://10.0.0.3", 1);
	assert_int_equal(nodes(t, &err), 3);
	assert_true(strcmp(t[0].host, "10.0.0.1") == 0 && t[0].port == 7000);
	assert_string_equal(t[0].pass, "s1");
	assert_true(strcmp(t[1].host, "::1") == 0 && t[1].port == 7001);
	assert_true(strcmp(t[1].user, "u") == 0 &&
	    strcmp(t[1].pass, "s2") == 0);
	assert_true(strcmp(t[2].host, "10.0.0.3") == 0 && t[2].port == 6379);
	assert_string_equal(t[2].pass, "pw");		/* REDISCLI_AUTH */
	setenv("REDIS_URL", "redis://10.0.0.1:7000/1", 1);
	assert_int_equal(nodes(t, &err), -1);
	assert_string_equal(err.p,
	    "REDIS_URL: a Redis Cluster has database 0 only");
	setenv("REDIS_URL", "redis://a:1 http://b:2", 1);
	assert_int_equal(nodes(t, &err), -1);
	assert_string_equal(err.p, "REDIS_URL: not redis://...: http://b:2");
	setenv("REDIS_URL", " , ", 1);
	assert_int_equal(nodes(t, &err), -1);
	assert_string_equal(err.p, "REDIS_URL: no node");
	clearenv_redis();
	buf_free(&err);
}

static void
test_cluster_setting(void **state)
{
	struct buf err = { 0 };

	(void)state;
	clearenv_redis();
	assert_int_equal(target_cluster(&err), 0);
	setenv("REDIS_CLUSTER", "", 1);
	assert_int_equal(target_cluster(&err), 0);
	setenv("REDIS_CLUSTER", "1", 1);
	assert_int_equal(target_cluster(&err), 1);
	setenv("REDIS_CLUSTER", "Yes", 1);
	assert_int_equal(target_cluster(&err), 1);
	setenv("REDIS_CLUSTER", "off", 1);
	assert_int_equal(target_cluster(&err), 0);
	setenv("REDIS_CLUSTER", "2", 1);
	assert_int_equal(target_cluster(&err), -1);
	assert_string_equal(err.p, "REDIS_CLUSTER: not 1 or 0: 2");
	clearenv_redis();
	buf_free(&err);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cursor),
		cmocka_unit_test(test_query_links),
		cmocka_unit_test(test_map),
		cmocka_unit_test(test_map_without_ids),
		cmocka_unit_test(test_map_refused),
		cmocka_unit_test(test_walk),
		cmocka_unit_test(test_redirect),
		cmocka_unit_test(test_startup_nodes),
		cmocka_unit_test(test_cluster_setting),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
