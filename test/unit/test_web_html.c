/*
 * redis-view's output: HTML escaping (hostile bytes included), JSON
 * strings that any parser accepts, JSON rows taken apart into columns,
 * and the page: a table a group of rows, the sync status on top.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <yajl/yajl_tree.h>

#include "group.h"
#include "html.h"
#include "json.h"
#include "keytmpl.h"
#include "sync.h"
#include "table.h"
#include "view.h"

#define NOW	1795673480300LL		/* 2026-11-26 06:11:20.300 UTC */
#define ES	1795673478000LL		/* 2.3 s before */

/*
 * Render t as HTML (or JSON) with key template tmpl and the checkpoint
 * s (NULL: none in Redis), NUL-ended in b.
 */
static void
render(struct buf *b, const struct query *q, const struct table *t,
    const char *tmpl, const struct sync *s, const char *ckpt, int json)
{
	struct grouping gs;
	struct keytmpl kt;
	struct sync none;
	struct view v;

	assert_null(keytmpl_parse(&kt, tmpl, strlen(tmpl)));
	group_rows(&gs, t, &kt);
	sync_init(&none);
	memset(&v, 0, sizeof(v));
	v.q = q;
	v.t = t;
	v.groups = &gs;
	v.sync = s != NULL ? s : &none;
	v.ckpt = ckpt;
	v.ckptlen = strlen(ckpt);
	v.tmpl = tmpl;
	v.tmpllen = strlen(tmpl);
	v.where = "<where>";
	v.now = NOW;
	b->len = 0;
	if (json)
		json_page(b, &v);
	else
		html_page(b, &v);
	buf_addc(b, '\0');
	grouping_free(&gs);
}

static char *
esc(struct buf *b, const char *s, size_t n)
{
	b->len = 0;
	html_esc(b, s, n);
	buf_addc(b, '\0');
	return b->p;
}

#define FFFD "\xef\xbf\xbd"

static void
test_html_esc(void **state)
{
	struct buf b = { 0 };

	(void)state;
	assert_string_equal(esc(&b, "<script>alert(1)</script>", 25),
	    "&lt;script&gt;alert(1)&lt;/script&gt;");
	assert_string_equal(esc(&b, "&<>\"'", 5),
	    "&amp;&lt;&gt;&quot;&#39;");
	assert_string_equal(esc(&b, "&amp;", 5), "&amp;amp;");
	assert_string_equal(esc(&b, "", 0), "");
	/* UTF-8 kept, anything else replaced. */
	assert_string_equal(esc(&b, "caf\xc3\xa9 \xf0\x9f\x98\x80", 10),
	    "caf\xc3\xa9 \xf0\x9f\x98\x80");
	assert_string_equal(esc(&b, "a\xff" "b", 3), "a" FFFD "b");
	assert_string_equal(esc(&b, "\xc0\xaf", 2), FFFD FFFD);	/* overlong */
	assert_string_equal(esc(&b, "\xed\xa0\x80", 3), FFFD FFFD FFFD);
	assert_string_equal(esc(&b, "\xf4\x90\x80\x80", 4),
	    FFFD FFFD FFFD FFFD);				/* > U+10FFFF */
	assert_string_equal(esc(&b, "x\xe2\x82", 3), "x" FFFD FFFD);	/* cut */
	assert_string_equal(esc(&b, "a\0b\x01\x7f", 5), "a" FFFD "b" FFFD FFFD);
	assert_string_equal(esc(&b, "t\tn\nr\r", 6), "t\tn\nr\r");
	buf_free(&b);
}

/* Parse JSON text with yajl: 1 when valid. */
static int
valid_json(const char *s, size_t n)
{
	char *z = malloc(n + 1);
	yajl_val v;

	memcpy(z, s, n);
	z[n] = '\0';
	v = yajl_tree_parse(z, NULL, 0);
	free(z);
	yajl_tree_free(v);
	return v != NULL;
}

static void
test_json_str(void **state)
{
	struct buf b = { 0 };
	unsigned char all[256];
	int i;

	(void)state;
	json_str(&b, "a\"b\\c\n</script>&\x01", 17);
	buf_addc(&b, '\0');
	assert_string_equal(b.p,
	    "\"a\\\"b\\\\c\\n\\u003c/script\\u003e\\u0026\\u0001\"");
	b.len = 0;
	json_str(&b, "\xff\xc3\xa9", 3);
	buf_addc(&b, '\0');
	assert_string_equal(b.p, "\"\\ufffd\xc3\xa9\"");
	for (i = 0; i < 256; i++)
		all[i] = (unsigned char)i;
	b.len = 0;
	json_str(&b, (const char *)all, sizeof(all));
	assert_true(valid_json(b.p, b.len));
	buf_free(&b);
}

static const struct cell *
cell(const struct table *t, const struct row *r, const char *col)
{
	int j;

	for (j = 0; j < t->ncols; j++)
		if (strcmp(t->cols[j].p, col) == 0)
			return table_cell(r, j);
	return NULL;
}

static void
add(struct table *t, const char *key, const char *v, size_t n)
{
	table_add_value(t, table_add_row(t, key, strlen(key), "string"), v,
	    n);
}

static void
test_rows(void **state)
{
	static const char r1[] = "{\"id\":\"1\",\"name\":\"a\\u0000b\","
	    "\"n\":null,\"x\":{\"a\":[1,2.50,true]},\"id\":\"dup\"}";
	static const char r2[] = "{\"zz\":\"z\",\"id\":\"2\",\"num\":-1e3}";
	struct table t = { 0 };
	const struct cell *c;

	(void)state;
	add(&t, "1", r1, sizeof(r1) - 1);
	add(&t, "2", r2, sizeof(r2) - 1);
	add(&t, "3", "not json", 8);
	add(&t, "4", "[1,2]", 5);
	add(&t, "5", "{\"a\":1} x", 9);
	add(&t, "6", "{\"a\":", 5);
	add(&t, "7", "", 0);
	add(&t, "8", "\"str\"", 5);
	assert_int_equal(t.nrows, 8);
	/* Columns: union in first-seen order. */
	assert_int_equal(t.ncols, 7);
	assert_string_equal(t.cols[0].p, "id");
	assert_string_equal(t.cols[1].p, "name");
	assert_string_equal(t.cols[2].p, "n");
	assert_string_equal(t.cols[3].p, "x");
	assert_string_equal(t.cols[4].p, "zz");
	assert_string_equal(t.cols[5].p, "num");
	assert_string_equal(t.cols[6].p, "value");
	assert_string_equal(cell(&t, &t.rows[1], "num")->v.p, "-1e3");
	c = cell(&t, &t.rows[0], "name");
	assert_int_equal(c->v.len, 3);
	assert_memory_equal(c->v.p, "a\0b", 3);
	assert_true(cell(&t, &t.rows[0], "n")->null);
	assert_string_equal(cell(&t, &t.rows[0], "x")->v.p,
	    "{\"a\":[1,2.50,true]}");
	assert_string_equal(cell(&t, &t.rows[0], "id")->v.p, "1");
	assert_null(cell(&t, &t.rows[0], "value"));
	assert_string_equal(cell(&t, &t.rows[1], "id")->v.p, "2");
	assert_null(cell(&t, &t.rows[1], "name"));
	assert_string_equal(cell(&t, &t.rows[2], "value")->v.p, "not json");
	assert_string_equal(cell(&t, &t.rows[3], "value")->v.p, "[1,2]");
	assert_string_equal(cell(&t, &t.rows[4], "value")->v.p, "{\"a\":1} x");
	assert_null(cell(&t, &t.rows[4], "a"));
	assert_string_equal(cell(&t, &t.rows[5], "value")->v.p, "{\"a\":");
	assert_int_equal(cell(&t, &t.rows[6], "value")->v.len, 0);
	assert_string_equal(cell(&t, &t.rows[7], "value")->v.p, "\"str\"");
	table_free(&t);
}

static void
test_column_limit(void **state)
{
	struct table t = { 0 };
	struct row *r;
	char name[16];
	int i;

	(void)state;
	r = table_add_row(&t, "h", 1, "hash");
	for (i = 0; i < TABLE_COLS_MAX + 10; i++) {
		snprintf(name, sizeof(name), "f%d", i);
		table_set(&t, r, name, strlen(name), "v", 1, 0);
	}
	assert_int_equal(t.ncols, TABLE_COLS_MAX);
	assert_int_equal(t.dropped, 10);
	table_free(&t);
}

static void
test_page_escaped(void **state)
{
	static const char evil[] = "<script>alert(1)</script>";
	static const char row[] = "{\"<img src=x onerror=alert(2)>\":"
	    "\"<script>alert(1)</script>\",\"q\":\"\\\"'><b>\"}";
	struct table t = { 0 };
	struct query q;
	struct buf b = { 0 };

	(void)state;
	assert_null(query_parse(&q, "match=%3Cscript%3E%22'", 22));
	table_add_value(&t, table_add_row(&t, evil, strlen(evil), "string"),
	    row, sizeof(row) - 1);
	t.dbsize = 1;
	render(&b, &q, &t, "{table}<x>:{pk}", NULL, "<ck>", 0);
	assert_null(strstr(b.p, "<script"));
	assert_null(strstr(b.p, "<img"));
	assert_null(strstr(b.p, "<b>"));
	assert_null(strstr(b.p, "<where>"));
	assert_null(strstr(b.p, "<x>"));
	assert_null(strstr(b.p, "<ck>"));
	assert_non_null(strstr(b.p,
	    "<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>"));
	assert_non_null(strstr(b.p, "<th>&lt;img src=x onerror=alert(2)&gt;</th>"));
	assert_non_null(strstr(b.p, "value=\"&lt;script&gt;&quot;&#39;\""));
	assert_non_null(strstr(b.p, "value=\"{table}&lt;x&gt;:{pk}\""));
	assert_non_null(strstr(b.p, "<code>&lt;ck&gt;</code>"));
	render(&b, &q, &t, "{table}<x>:{pk}", NULL, "<ck>", 1);
	assert_true(valid_json(b.p, b.len - 1));
	assert_null(strstr(b.p, "<"));
	b.len = 0;
	html_error(&b, "Redis unavailable", "<oops>");
	buf_addc(&b, '\0');
	assert_non_null(strstr(b.p, "&lt;oops&gt;"));
	buf_free(&b);
	table_free(&t);
}

static void
test_json_binary_key(void **state)
{
	static const struct { const char *k; size_t n; const char *want; } t[] = {
		{ "\xff", 1, "{\"key\":\"/w==\",\"key_encoding\":\"base64\"" },
		{ "\xff\0", 2, "{\"key\":\"/wA=\",\"key_encoding\":\"base64\"" },
		{ "\xff\0a", 3, "{\"key\":\"/wBh\",\"key_encoding\":\"base64\"" },
		{ "\xff" "abc", 4,
		    "{\"key\":\"/2FiYw==\",\"key_encoding\":\"base64\"" },
		{ "a\0b", 3, "{\"key\":\"a\\u0000b\",\"table\":null," },
	};
	struct query q;
	size_t i;

	(void)state;
	query_init(&q);
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct table tb = { 0 };
		struct buf b = { 0 };

		table_add_value(&tb, table_add_row(&tb, t[i].k, t[i].n,
		    "string"), "1", 1);
		render(&b, &q, &tb, "{table}:{pk}", NULL, "c", 1);
		assert_true(valid_json(b.p, b.len - 1));
		assert_non_null(strstr(b.p, t[i].want));
		buf_free(&b);
		table_free(&tb);
	}
}

/* The position of needle in b, failing when absent. */
static size_t
at(const struct buf *b, const char *needle)
{
	const char *p = strstr(b->p, needle);

	if (p == NULL)
		fail_msg("not on the page: %s", needle);
	return (size_t)(p - b->p);
}

static void
test_page_groups(void **state)
{
	static const char longv[] = "{\"id\":\"2\",\"a\":\"x,y/z "
	    "0123456789012345678901234567890123456789\",\"n\":\"8.5\"}";
	struct table t = { 0 };
	struct query q;
	struct buf b = { 0 };
	struct row *r;

	(void)state;
	query_init(&q);
	add(&t, "user:10", "{\"id\":\"10\",\"phone\":\"13877686321\"}", 33);
	add(&t, "product:P-2", longv, sizeof(longv) - 1);
	add(&t, "user:9", "{\"id\":\"9\",\"phone\":null}", 23);
	add(&t, "101", "{\"id\":\"101\",\"name\":\"a\"}", 23);
	r = table_add_row(&t, "user:7", 6, "hash");
	table_set(&t, r, "id", 2, "7", 1, 0);
	render(&b, &q, &t, "{table}:{pk}", NULL, "canal2ops:checkpoint", 0);
	/* One table a source table, by name, then the others. */
	assert_true(at(&b, "<h2><span class=\"name\">product</span> "
	    "<span class=\"n\">1 key</span></h2>") < at(&b,
	    "<h2><span class=\"name\">user</span> <span class=\"n\">3 keys"
	    "</span></h2>"));
	assert_true(at(&b, "<span class=\"name\">user</span>") < at(&b,
	    "<h2>Rows with id, name <span class=\"n\">1 key</span></h2>"));
	/* Each with its own columns; a type column where types differ. */
	at(&b, "<thead><tr><th>key</th><th class=\"num\">id</th><th>a</th>"
	    "<th class=\"num\">n</th></tr></thead>");
	at(&b, "<thead><tr><th>key</th><th>type</th><th class=\"num\">id"
	    "</th><th class=\"num\">phone</th></tr></thead>");
	/* Keys in order, the table part dimmed; numbers whole. */
	assert_true(at(&b, "<tr><th><span class=\"kp\">user:</span>7</th>") <
	    at(&b, "<tr><th><span class=\"kp\">user:</span>9</th>"));
	assert_true(at(&b, "<span class=\"kp\">user:</span>9</th>") <
	    at(&b, "<span class=\"kp\">user:</span>10</th>"));
	at(&b, "<td class=\"num\">13877686321</td>");
	at(&b, "<td class=\"null num\">null</td>");
	at(&b, "<tr><th><span class=\"kp\">user:</span>7</th>"
	    "<td class=\"type\">hash</td><td class=\"num\">7</td><td></td>"
	    "</tr>");
	/* A long value wraps, after its commas and slashes too. */
	at(&b, "<td class=\"long\"><div>x,<wbr>y/<wbr>z 0123");
	at(&b, "this page: 5 keys in 3 tables");
	assert_null(strstr(b.p, "word-break"));

	/* JSON: rows in the same order, with their table. */
	render(&b, &q, &t, "{table}:{pk}", NULL, "canal2ops:checkpoint", 1);
	assert_true(valid_json(b.p, b.len - 1));
	at(&b, "\"key_template\":\"{table}:{pk}\"");
	at(&b, "\"tables\":[\n {\"name\":\"product\",\"keys\":1,"
	    "\"columns\":[\"id\",\"a\",\"n\"]},\n {\"name\":\"user\","
	    "\"keys\":3,\"columns\":[\"id\",\"phone\"]},\n {\"name\":null,"
	    "\"keys\":1,\"columns\":[\"id\",\"name\"]}]");
	assert_true(at(&b, "{\"key\":\"product:P-2\",\"table\":\"product\"") <
	    at(&b, "{\"key\":\"user:7\",\"table\":\"user\",\"type\":\"hash\""));
	assert_true(at(&b, "{\"key\":\"user:9\"") <
	    at(&b, "{\"key\":\"user:10\""));
	assert_true(at(&b, "{\"key\":\"user:10\"") <
	    at(&b, "{\"key\":\"101\",\"table\":null,"));
	/* The union of the columns, as before. */
	at(&b, "\"columns\":[\"id\",\"phone\",\"a\",\"n\",\"name\"]");

	/* No rows: a page that says so. */
	table_free(&t);
	render(&b, &q, &t, "{table}:{pk}", NULL, "canal2ops:checkpoint", 0);
	at(&b, "No keys on this page.");
	render(&b, &q, &t, "{table}:{pk}", NULL, "canal2ops:checkpoint", 1);
	assert_true(valid_json(b.p, b.len - 1));
	at(&b, "\"tables\":[],");
	buf_free(&b);
}

static void
test_page_sync(void **state)
{
	struct table t = { 0 };
	struct query q;
	struct buf b = { 0 };
	struct sync s;
	char es[32];

	(void)state;
	query_init(&q);
	sync_init(&s);
	s.found = 1;
	snprintf(es, sizeof(es), "%lld", ES);
	sync_field(&s, "canaltopic:0", 12, "13", 2);
	sync_field(&s, "canaltopic:0:es", 15, es, strlen(es));
	sync_done(&s);
	render(&b, &q, &t, "{table}:{pk}", &s, "canal2ops:checkpoint", 0);
	at(&b, "<section id=\"sync\"><p class=\"kv\"><span class=\"label\">"
	    "Newest change applied</span> <span><time datetime=\""
	    "2026-11-26T06:11:18Z\">06:11:18 UTC</time>, <span class=\"age\">"
	    "2 s ago</span></span></p>");
	at(&b, "<span class=\"part\">canaltopic&nbsp;[0] at offset 13</span>");
	at(&b, "from <code>canal2ops:checkpoint</code>");
	/* Not a row. */
	assert_null(strstr(b.p, "<table"));
	render(&b, &q, &t, "{table}:{pk}", &s, "canal2ops:checkpoint", 1);
	assert_true(valid_json(b.p, b.len - 1));
	at(&b, "\"sync\":{\"key\":\"canal2ops:checkpoint\",\"found\":true,"
	    "\"now\":1795673480300,\"newest_es\":1795673478000,"
	    "\"age_ms\":2300,\"partitions\":[\n {\"topic\":\"canaltopic\","
	    "\"partition\":0,\"offset\":\"13\",\"es\":1795673478000}]}");

	/* Two partitions: each with its own time; a hostile topic. */
	sync_field(&s, "<b>:1", 5, "6", 1);
	sync_field(&s, "<b>:1:es", 8, "1795673479000", 13);
	sync_done(&s);
	render(&b, &q, &t, "{table}:{pk}", &s, "canal2ops:checkpoint", 0);
	at(&b, "<span class=\"part\">&lt;b&gt;&nbsp;[1] at offset 6 <span "
	    "class=\"es\">(06:11:19 UTC)</span>,</span>");
	at(&b, "<span class=\"age\">1 s ago</span>");
	assert_null(strstr(b.p, "<b>"));
	sync_free(&s);

	/* A binlog time ahead of this clock. */
	s.found = 1;
	sync_field(&s, "t:0", 3, "1", 1);
	sync_field(&s, "t:0:es", 6, "1795673485000", 13);
	sync_done(&s);
	render(&b, &q, &t, "{table}:{pk}", &s, "canal2ops:checkpoint", 0);
	at(&b, "4 s ahead of this server&#39;s clock");
	sync_free(&s);

	/* Positions without binlog times. */
	s.found = 1;
	sync_field(&s, "t:0", 3, "1", 1);
	sync_done(&s);
	render(&b, &q, &t, "{table}:{pk}", &s, "canal2ops:checkpoint", 0);
	at(&b, "<span class=\"age\">unknown</span>");
	at(&b, "<code>canal2ops:checkpoint</code> holds Kafka offsets but no "
	    "binlog times");
	render(&b, &q, &t, "{table}:{pk}", &s, "canal2ops:checkpoint", 1);
	at(&b, "\"newest_es\":null,\"age_ms\":null,");
	sync_free(&s);

	/* No checkpoint, not a hash, no positions. */
	render(&b, &q, &t, "{table}:{pk}", NULL, "c<k>", 0);
	at(&b, "<section id=\"sync\" class=\"none\"><p>No sync status: no "
	    "checkpoint <code>c&lt;k&gt;</code> in this database.</p>");
	render(&b, &q, &t, "{table}:{pk}", NULL, "c<k>", 1);
	at(&b, "\"sync\":{\"key\":\"c\\u003ck\\u003e\",\"found\":false,");
	s.found = 1;
	snprintf(s.error, sizeof(s.error), "WRONGTYPE <x>");
	render(&b, &q, &t, "{table}:{pk}", &s, "ck", 0);
	at(&b, "the checkpoint <code>ck</code> cannot be read: WRONGTYPE "
	    "&lt;x&gt;");
	render(&b, &q, &t, "{table}:{pk}", &s, "ck", 1);
	at(&b, "\"found\":true,\"error\":\"WRONGTYPE \\u003cx\\u003e\"");
	s.error[0] = '\0';
	render(&b, &q, &t, "{table}:{pk}", &s, "ck", 0);
	at(&b, "<code>ck</code> holds no Kafka positions.");
	sync_free(&s);
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_html_esc),
		cmocka_unit_test(test_json_str),
		cmocka_unit_test(test_rows),
		cmocka_unit_test(test_column_limit),
		cmocka_unit_test(test_page_escaped),
		cmocka_unit_test(test_json_binary_key),
		cmocka_unit_test(test_page_groups),
		cmocka_unit_test(test_page_sync),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
