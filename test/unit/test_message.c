/*
 * mysql2canal's flat messages built row by row (message.c, value.c): the
 * members in Canal's order, values as Canal writes them, the sqlType of
 * the last row, a row with a value that cannot be read leaving the
 * message as it was, and the bound on a message's bytes. The table is built here as table_load() would from
 * information_schema.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "json.h"
#include "message.h"

/* db.t (id INT UNSIGNED PRIMARY KEY, b BIT(8), s VARCHAR(8)) */
static void
table(struct table *t, struct column *col)
{
	static char name[][4] = { "id", "b", "s" };
	static char type[][20] = { "int(10) unsigned", "bit(8)", "varchar(8)" };
	static char db[] = "db", tname[] = "t";
	static const enum kind kind[] = { K_INT, K_BIT, K_VARCHAR };
	static size_t key = 0;
	size_t i;

	memset(t, 0, sizeof(*t));
	memset(col, 0, 3 * sizeof(*col));
	t->db = db;
	t->name = tname;
	t->col = col;
	t->ncol = 3;
	t->key = &key;
	t->nkey = 1;
	for (i = 0; i < 3; i++) {
		col[i].name = name[i];
		col[i].mysqltype = type[i];
		col[i].kind = kind[i];
		json_str(&col[i].jname, name[i]);
		buf_addc(&col[i].jname, ':');
	}
	col[0].is_unsigned = col[0].pk = 1;
	buf_adds(&t->jhead, "\"database\":\"db\"");
	buf_adds(&t->jtypes, "\"mysqlType\":{\"id\":\"int(10) unsigned\","
	    "\"b\":\"bit(8)\",\"s\":\"varchar(8)\"}");
	buf_adds(&t->jpk, "\"pkNames\":[\"id\"]");
	buf_adds(&t->jtable, "\"table\":\"t\"");
}

static void
table_done(struct table *t, struct column *col)
{
	size_t i;

	for (i = 0; i < 3; i++)
		buf_free(&col[i].jname);
	buf_free(&t->jhead);
	buf_free(&t->jtypes);
	buf_free(&t->jpk);
	buf_free(&t->jtable);
}

/* Add the row (id, b of blen bytes, s) to a message of at most max bytes. */
static int
add_max(struct message *m, const char *id, const char *b, unsigned long blen,
    const char *s, size_t max)
{
	char *row[3] = { (char *)id, (char *)b, (char *)s }, why[256];
	unsigned long len[3] = { id ? strlen(id) : 0, blen, s ? strlen(s) : 0 };

	return message_row(m, row, len, max, why, sizeof(why));
}
#define add(m, id, b, blen, s)	add_max(m, id, b, blen, s, (size_t)-1)

static const char *
line(struct message *m)
{
	message_end(m, 7, 1700000000123LL);
	buf_addc(&m->b, '\0');
	return m->b.p;
}

static void
shape(void **state)
{
	struct table t;
	struct column col[3];
	struct message m = { 0 };

	(void)state;
	table(&t, col);
	message_start(&m, &t, 1700000000000LL);
	assert_int_equal(add(&m, "1", "\x05", 1, "a\"b"), 0);
	assert_int_equal(add(&m, "4294967295", NULL, 0, NULL), 0);
	assert_string_equal(line(&m), "{\"data\":[{\"id\":\"1\",\"b\":\"5\","
	    "\"s\":\"a\\\"b\"},{\"id\":\"4294967295\",\"b\":null,\"s\":null}],"
	    "\"database\":\"db\",\"es\":1700000000000,\"id\":7,\"isDdl\":false,"
	    "\"mysqlType\":{\"id\":\"int(10) unsigned\",\"b\":\"bit(8)\","
	    "\"s\":\"varchar(8)\"},\"old\":null,\"pkNames\":[\"id\"],\"sql\":\"\","
	    "\"sqlType\":{\"id\":-5,\"b\":-7,\"s\":12},\"table\":\"t\","
	    "\"ts\":1700000000123,\"type\":\"INSERT\"}\n");
	message_free(&m);
	table_done(&t, col);
}

/* A row that cannot be written leaves the message, sqlType too, as it was. */
static void
bad_row(void **state)
{
	struct table t;
	struct column col[3];
	struct message m = { 0 };
	const char *l;

	(void)state;
	table(&t, col);
	message_start(&m, &t, 1700000000000LL);
	assert_int_equal(add(&m, "1", "\x05", 1, "a"), 0);
	/* an unsigned INT above the signed range, then a BIT of 9 bytes */
	assert_int_equal(add(&m, "4294967295", "123456789", 9, "b"), -1);
	l = line(&m);
	assert_non_null(strstr(l, "\"data\":[{\"id\":\"1\",\"b\":\"5\",\"s\":\"a\"}],"));
	assert_non_null(strstr(l, "\"sqlType\":{\"id\":4,\"b\":-7,\"s\":12}"));
	message_free(&m);
	table_done(&t, col);
}

/* A row that would take a message past its bytes is refused; alone, not. */
static void
room(void **state)
{
	struct table t;
	struct column col[3];
	struct message m = { 0 };
	size_t two;

	(void)state;
	table(&t, col);
	message_start(&m, &t, 1700000000000LL);
	assert_int_equal(add_max(&m, "1", "\x05", 1, "abc", 1), 0);
	assert_int_equal(add(&m, "2", "\x05", 1, "abc"), 0);
	two = message_bytes(&m);
	message_start(&m, &t, 1700000000000LL);
	assert_int_equal(add_max(&m, "1", "\x05", 1, "abc", two), 0);
	assert_int_equal(add_max(&m, "2", "\x05", 1, "abc", two), 0);
	assert_int_equal(add_max(&m, "3", "\x05", 1, "abc", two), 1);
	assert_int_equal(m.nrows, 2);
	assert_int_equal(message_bytes(&m), two);
	assert_true(strlen(line(&m)) <= two);
	message_free(&m);
	table_done(&t, col);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(shape),
		cmocka_unit_test(bad_row),
		cmocka_unit_test(room),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);	/* test/run counts "ok" */
	return cmocka_run_group_tests(tests, NULL, NULL);
}
