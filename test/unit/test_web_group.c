/*
 * redis-view's grouping: the key template read backwards (the table part
 * of a key), keys in a person's order, numbers columns, and rows grouped
 * by table or by their set of columns, with columns in row order.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "group.h"
#include "keytmpl.h"
#include "table.h"

static const char *
parse(struct keytmpl *t, const char *s)
{
	return keytmpl_parse(t, s, strlen(s));
}

/* The table of key under template tmpl and its prefix, as "name|prefix";
 * "-" when it has none. */
static const char *
table_of(const char *tmpl, const char *key)
{
	static char out[512];
	struct keytmpl t;
	struct buf name = { 0 };
	size_t prefix = 99;

	assert_null(parse(&t, tmpl));
	if (!keytmpl_table(&t, key, strlen(key), &name, &prefix)) {
		assert_int_equal(name.len, 0);
		buf_free(&name);
		return "-";
	}
	snprintf(out, sizeof(out), "%.*s|%.*s", (int)name.len, name.p,
	    (int)prefix, key);
	buf_free(&name);
	return out;
}

static void
test_template_parse(void **state)
{
	struct keytmpl t;
	char big[KEYTMPL_MAX + 2];

	(void)state;
	assert_null(parse(&t, "{table}:{pk}"));
	assert_int_equal(t.n, 3);
	assert_int_equal(t.table, 1);
	assert_int_equal(t.part[0].kind, KT_TABLE);
	assert_int_equal(t.part[1].kind, KT_LIT);
	assert_int_equal(t.part[2].kind, KT_OTHER);
	assert_null(parse(&t, "{pk}"));
	assert_int_equal(t.table, 0);
	assert_null(parse(&t, "a{{b}}c:{table}"));	/* literal braces */
	assert_int_equal(t.n, 2);
	assert_int_equal(t.part[0].n, 6);
	assert_memory_equal(t.text + t.part[0].off, "a{b}c:", 6);
	assert_non_null(parse(&t, ""));
	assert_non_null(parse(&t, "{table"));
	assert_non_null(parse(&t, "table}"));
	assert_non_null(parse(&t, "{}:{pk}"));
	assert_non_null(parse(&t, "{ta{ble}"));
	assert_non_null(parse(&t, "{database}{table}"));
	assert_non_null(parse(&t, "{a}:{b}:{c}:{d}:{e}:{f}:{g}:{h}:{i}"));
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_non_null(parse(&t, big));
	big[KEYTMPL_MAX] = '\0';
	assert_null(parse(&t, big));
}

static void
test_template_match(void **state)
{
	(void)state;
	assert_string_equal(table_of("{table}:{pk}", "user:19832"),
	    "user|user:");
	/* A compound key: the table ends at the first colon. */
	assert_string_equal(table_of("{table}:{pk}", "order_item:1001:2"),
	    "order_item|order_item:");
	assert_string_equal(table_of("{table}:{pk}", "101"), "-");
	assert_string_equal(table_of("{table}:{pk}", ":1"), "-");
	assert_string_equal(table_of("{table}:{pk}", "user:"), "-");
	assert_string_equal(table_of("{database}:{table}:{pk}",
	    "labex:user:19832"), "labex.user|labex:user:");
	assert_string_equal(table_of("{database}:{table}:{pk}", "user:1"),
	    "-");
	assert_string_equal(table_of("shop:{table}:{pk}",
	    "shop:product:P-100"), "product|shop:product:");
	assert_string_equal(table_of("shop:{table}:{pk}", "shoe:product:1"),
	    "-");
	assert_string_equal(table_of("{pk}", "user:1"), "-");
	assert_string_equal(table_of("user:{pk}", "user:1"), "-");
	/* A table after the row's part: no prefix to dim. */
	assert_string_equal(table_of("{pk}@{table}", "7@user"), "user|");
	assert_string_equal(table_of("{pk}@{table}", "7@"), "-");
	/* A suffix that ends the template is matched at the end. */
	assert_string_equal(table_of("{table}:{pk}:v1", "t:a:v1:v1"),
	    "t|t:");
	assert_string_equal(table_of("{table}:{pk}:v1", "t:a:v2"), "-");
	assert_string_equal(table_of("{table}/{id}", "a/b/c"), "a|a/");
	assert_string_equal(table_of("{{{table}}}:{pk}", "{t}:1"), "t|{t}:");
	/* Bytes of any value, NUL included. */
	{
		struct keytmpl t;
		struct buf name = { 0 };
		size_t prefix;

		assert_null(parse(&t, "{table}:{pk}"));
		assert_true(keytmpl_table(&t, "a\0b:\xff", 5, &name, &prefix));
		assert_int_equal(name.len, 3);
		assert_memory_equal(name.p, "a\0b", 3);
		assert_int_equal(prefix, 4);
		buf_free(&name);
	}
}

static void
test_keycmp(void **state)
{
	static const char *sorted[] = {
		"", "0", "00", "01", "1", "2", "9", "010", "10", "11", "99",
		"100", "18446744073709551616", "99999999999999999999999",
		"a", "a1", "a2", "a10", "a10b", "a10c", "a11",
		"order_item:1001:1", "order_item:1001:2", "order_item:1002:1",
		"user:9", "user:10", "user:100", "user:a", "\xff",
	};
	size_t i, j, n = sizeof(sorted) / sizeof(sorted[0]);
	int c;

	(void)state;
	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++) {
			c = group_keycmp(sorted[i], strlen(sorted[i]),
			    sorted[j], strlen(sorted[j]));
			if (i < j && c >= 0)
				fail_msg("%s should sort before %s", sorted[i],
				    sorted[j]);
			if (i > j && c <= 0)
				fail_msg("%s should sort after %s", sorted[i],
				    sorted[j]);
			if (i == j && c != 0)
				fail_msg("%s should equal itself", sorted[i]);
		}
}

static void
test_is_number(void **state)
{
	static const char *yes[] = { "0", "42", "-1", "4.75", "13877686321",
	    "-0.5", "007" };
	static const char *no[] = { "", "-", ".5", "5.", "1e3", "+1", "1 ",
	    "P-100", "2024-01-02", "1.2.3", "0x1f", "NaN" };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		assert_true(group_is_number(yes[i], strlen(yes[i])));
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		assert_false(group_is_number(no[i], strlen(no[i])));
}

static void
add(struct table *t, const char *key, const char *type, const char *v)
{
	struct row *r = table_add_row(t, key, strlen(key), type);

	if (strcmp(type, "hash") == 0) {	/* "f=v,f=v" */
		char buf[256], *f, *save = NULL, *eq;

		snprintf(buf, sizeof(buf), "%s", v);
		for (f = strtok_r(buf, ",", &save); f != NULL;
		    f = strtok_r(NULL, ",", &save)) {
			eq = strchr(f, '=');
			table_set(t, r, f, eq - f, eq + 1, strlen(eq + 1), 0);
		}
	} else
		table_add_value(t, r, v, strlen(v));
}

/* The group's columns as "a,b,c". */
static const char *
cols(const struct table *t, const struct group *g)
{
	static char out[512];
	size_t o = 0;
	int j;

	out[0] = '\0';
	for (j = 0; j < g->ncols; j++)
		o += snprintf(out + o, sizeof(out) - o, "%s%s", j ? "," : "",
		    t->cols[g->cols[j]].p);
	return out;
}

static const char *
keys(const struct group *g)
{
	static char out[512];
	size_t o = 0;
	int i;

	out[0] = '\0';
	for (i = 0; i < g->nrows; i++)
		o += snprintf(out + o, sizeof(out) - o, "%s%s", i ? " " : "",
		    g->rows[i]->key.p);
	return out;
}

static void
test_group_rows(void **state)
{
	struct table t = { 0 };
	struct grouping gs;
	struct keytmpl kt;
	const struct group *g;

	(void)state;
	/* In SCAN order: tables mixed, keys unsorted. */
	add(&t, "user:10", "string", "{\"id\":\"10\",\"name\":\"b\"}");
	add(&t, "product:P-2", "string",
	    "{\"sku\":\"P-2\",\"price\":\"4.75\",\"note\":null}");
	add(&t, "101", "string", "{\"id\":\"101\",\"w\":\"1.5\"}");
	add(&t, "user:9", "string",
	    "{\"id\":\"9\",\"email\":\"x@y\",\"name\":\"a\"}");
	add(&t, "plain", "string", "not json");
	add(&t, "user:7", "hash", "id=7,name=c");
	add(&t, "product:P-10", "string",
	    "{\"sku\":\"P-10\",\"price\":\"12\",\"note\":\"n\"}");
	add(&t, "99", "string", "{\"w\":\"2\",\"id\":\"99\"}");
	add(&t, "alist", "list", "(list of 3 elements)");
	add(&t, "x", "string", "{\"id\":\"1\",\"name\":\"other\"}");
	assert_null(parse(&kt, "{table}:{pk}"));
	group_rows(&gs, &t, &kt);
	assert_int_equal(gs.n, 5);

	g = &gs.g[0];
	assert_string_equal(g->name, "product");
	assert_string_equal(keys(g), "product:P-2 product:P-10");
	assert_string_equal(cols(&t, g), "sku,price,note");
	assert_int_equal(g->num[0], 0);
	assert_int_equal(g->num[1], 1);		/* prices */
	assert_int_equal(g->num[2], 0);		/* null and text */
	assert_string_equal(g->type, "string");
	assert_int_equal(g->prefix[0], 8);

	g = &gs.g[1];
	assert_string_equal(g->name, "user");
	assert_string_equal(keys(g), "user:7 user:9 user:10");
	/* email goes after id, as in the row that has it. */
	assert_string_equal(cols(&t, g), "id,email,name");
	assert_null(g->type);			/* a hash and strings */
	assert_int_equal(g->num[0], 1);

	/* Then the groups by columns, ordered by their first key. */
	g = &gs.g[2];
	assert_null(g->name);
	assert_string_equal(keys(g), "99 101");	/* same columns, any order */
	assert_string_equal(cols(&t, g), "w,id");
	assert_int_equal(g->prefix[0], 0);
	g = &gs.g[3];
	assert_null(g->name);
	assert_string_equal(keys(g), "alist plain");
	assert_string_equal(cols(&t, g), "value");
	assert_null(g->type);
	g = &gs.g[4];
	assert_string_equal(keys(g), "x");
	assert_string_equal(cols(&t, g), "id,name");
	grouping_free(&gs);

	/* A template without {table}: grouped by columns only. */
	assert_null(parse(&kt, "{pk}"));
	group_rows(&gs, &t, &kt);
	assert_int_equal(gs.n, 5);
	grouping_free(&gs);
	table_free(&t);

	/* No rows, no groups. */
	group_rows(&gs, &t, &kt);
	assert_int_equal(gs.n, 0);
	grouping_free(&gs);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_template_parse),
		cmocka_unit_test(test_template_match),
		cmocka_unit_test(test_keycmp),
		cmocka_unit_test(test_is_number),
		cmocka_unit_test(test_group_rows),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
