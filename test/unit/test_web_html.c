/*
 * redis-view's output: HTML escaping (hostile bytes included), JSON
 * strings that any parser accepts, and JSON rows taken apart into columns.
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

#include "html.h"
#include "json.h"
#include "table.h"

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
	html_page(&b, &q, &t, "<where>");
	buf_addc(&b, '\0');
	assert_null(strstr(b.p, "<script"));
	assert_null(strstr(b.p, "<img"));
	assert_null(strstr(b.p, "<b>"));
	assert_null(strstr(b.p, "<where>"));
	assert_non_null(strstr(b.p,
	    "<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>"));
	assert_non_null(strstr(b.p, "<th>&lt;img src=x onerror=alert(2)&gt;</th>"));
	assert_non_null(strstr(b.p, "value=\"&lt;script&gt;&quot;&#39;\""));
	b.len = 0;
	json_page(&b, &q, &t);
	assert_true(valid_json(b.p, b.len));
	buf_addc(&b, '\0');
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
		{ "a\0b", 3, "{\"key\":\"a\\u0000b\",\"type\"" },
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
		json_page(&b, &q, &tb);
		assert_true(valid_json(b.p, b.len));
		buf_addc(&b, '\0');
		assert_non_null(strstr(b.p, t[i].want));
		buf_free(&b);
		table_free(&tb);
	}
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
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
