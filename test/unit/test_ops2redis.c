/* Unit tests for ops2redis' command helpers and URI parsing. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "buf.h"
#include "ops.h"
#include "cmd.h"
#include "conn.h"

static struct ops_argv av;

static void
split(const char *line)
{
	assert_true(ops_split(&av, line, strlen(line)) >= 0);
}

static void
test_allowed(void **state)
{
	(void)state;
	split("SET k v");
	assert_true(cmd_is_allowed(&av));
	split("set k v EX 10");
	assert_true(cmd_is_allowed(&av));
	split("hDel h f");
	assert_true(cmd_is_allowed(&av));
	split("ZREM z m");
	assert_true(cmd_is_allowed(&av));
	split("DEL k");
	assert_true(cmd_is_allowed(&av));
	split("INCR k");
	assert_false(cmd_is_allowed(&av));
	split("SELECT 1");
	assert_false(cmd_is_allowed(&av));
	split("MULTI");
	assert_false(cmd_is_allowed(&av));
	split("SETX k v");
	assert_false(cmd_is_allowed(&av));
}

static void
test_allowed_sorted(void **state)
{
	int i;

	(void)state;
	for (i = 1; cmd_allowed[i] != NULL; i++)
		assert_true(strcmp(cmd_allowed[i - 1], cmd_allowed[i]) < 0);
}

static void
test_checkpoint(void **state)
{
	const char *k = "canal2ops:checkpoint";

	(void)state;
	split("HSET canal2ops:checkpoint t:0 42");
	assert_true(cmd_is_checkpoint(&av, k, strlen(k)));
	split("hset 'canal2ops:checkpoint' t:0 42 t:1 7");
	assert_true(cmd_is_checkpoint(&av, k, strlen(k)));
	split("HSET canal2ops:checkpoint t:0");
	assert_false(cmd_is_checkpoint(&av, k, strlen(k)));
	split("HSET canal2ops:checkpointx t:0 1");
	assert_false(cmd_is_checkpoint(&av, k, strlen(k)));
	split("SET canal2ops:checkpoint t:0 1");
	assert_false(cmd_is_checkpoint(&av, k, strlen(k)));
}

static void
test_resp(void **state)
{
	struct buf b = { 0 };
	static const char want[] = "*3\r\n$3\r\nSET\r\n$3\r\na b\r\n$0\r\n\r\n";

	(void)state;
	split("SET \"a b\" ''");
	cmd_resp(&b, &av);
	assert_int_equal(b.len, sizeof(want) - 1);
	assert_memory_equal(b.p, want, b.len);
	buf_free(&b);
}

/* The second word of a RESP command: the key of most commands. */
static void
test_resp_key(void **state)
{
	struct buf b = { 0 };
	const char *k;
	size_t len;

	(void)state;
	split("SET \"a\\x00b\" v");
	cmd_resp(&b, &av);
	k = cmd_resp_key(b.p, b.len, &len);
	assert_non_null(k);
	assert_int_equal(len, 3);
	assert_memory_equal(k, "a\0b", 3);
	b.len = 0;
	split("PING");
	cmd_resp(&b, &av);
	assert_null(cmd_resp_key(b.p, b.len, &len));
	b.len = 0;
	split("DEL kkkk");
	cmd_resp(&b, &av);
	assert_null(cmd_resp_key(b.p, b.len - 3, &len));	/* cut short */
	buf_free(&b);
}

static void
test_describe(void **state)
{
	struct buf b = { 0 }, d = { 0 };
	char big[1000];

	(void)state;
	assert_int_equal(ops_split(&av, "SET \"k\\x00\" x", 13), 3);
	cmd_resp(&b, &av);
	cmd_describe_resp(&d, b.p, b.len, 200);
	buf_addc(&d, '\0');
	assert_string_equal(d.p, "SET \"k\\x00\" x");
	memset(big, 'x', sizeof(big));
	b.len = d.len = 0;
	buf_adds(&b, "*2\r\n$3\r\nSET\r\n$1000\r\n");
	buf_add(&b, big, sizeof(big));
	buf_adds(&b, "\r\n");
	cmd_describe_resp(&d, b.p, b.len, 50);
	assert_int_equal(d.len, 53);
	assert_memory_equal(d.p + 50, "...", 3);
	/* truncated RESP does not read past its end */
	d.len = 0;
	cmd_describe_resp(&d, b.p, 30, 200);
	assert_true(d.len <= 200);
	buf_free(&b);
	buf_free(&d);
}

static void
test_uri(void **state)
{
	struct conn_cfg c;
	const char *e;

	(void)state;
	memset(&c, 0, sizeof(c));
	assert_int_equal(conn_parse_uri(&c, "redis://u%40x:p%3Ass@h.example:6380/4", &e), 0);
	assert_string_equal(c.user, "u@x");
	assert_string_equal(c.pass, "p:ss");
	assert_string_equal(c.host, "h.example");
	assert_int_equal(c.port, 6380);
	assert_int_equal(c.db, 4);
	memset(&c, 0, sizeof(c));
	assert_int_equal(conn_parse_uri(&c, "redis://secret@localhost", &e), 0);
	assert_null(c.user);
	assert_string_equal(c.pass, "secret");
	assert_string_equal(c.host, "localhost");
	memset(&c, 0, sizeof(c));
	assert_int_equal(conn_parse_uri(&c, "REDIS://[::1]:7000", &e), 0);
	assert_string_equal(c.host, "::1");
	assert_int_equal(c.port, 7000);
	assert_int_equal(conn_parse_uri(&c, "rediss://h", &e), -1);
	assert_non_null(e);
	assert_int_equal(conn_parse_uri(&c, "redis://h:0", &e), -1);
	assert_int_equal(conn_parse_uri(&c, "redis://h/x", &e), -1);
	assert_int_equal(conn_parse_uri(&c, "redis://u:%4@h", &e), -1);
	/* two hex digits, nothing else strtol would take */
	assert_int_equal(conn_parse_uri(&c, "redis://u:%+1@h", &e), -1);
	assert_int_equal(conn_parse_uri(&c, "redis://u:% f@h", &e), -1);
	assert_int_equal(conn_parse_uri(&c, "redis://u:%-1@h", &e), -1);
	assert_int_equal(conn_parse_uri(&c, "redis://u:%7e%7E@h", &e), 0);
	assert_string_equal(c.pass, "~~");
	assert_int_equal(conn_parse_uri(&c, "http://h", &e), -1);
}

/* Only these error codes mean "reconnect and send again". */
static void
test_transient(void **state)
{
	(void)state;
	assert_true(conn_is_transient("LOADING Redis is loading the dataset"));
	assert_true(conn_is_transient("BUSY Redis is busy running a script."));
	assert_true(conn_is_transient("MASTERDOWN Link with MASTER is down"));
	assert_true(conn_is_transient("TRYAGAIN Multiple keys request"));
	assert_true(conn_is_transient("BUSY"));
	assert_true(conn_is_transient("CLUSTERDOWN The cluster is down"));
	assert_false(conn_is_transient("BUSYKEY Target key name already exists."));
	assert_false(conn_is_transient("BUSYGROUP Consumer Group name already exists"));
	assert_false(conn_is_transient("LOADINGX y"));
	assert_false(conn_is_transient("ERR wrong number of arguments"));
	assert_false(conn_is_transient(""));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_allowed),
		cmocka_unit_test(test_allowed_sorted),
		cmocka_unit_test(test_checkpoint),
		cmocka_unit_test(test_resp),
		cmocka_unit_test(test_resp_key),
		cmocka_unit_test(test_describe),
		cmocka_unit_test(test_uri),
		cmocka_unit_test(test_transient),
	};
	int rc;

	cmocka_set_message_output(CM_OUTPUT_TAP);	/* test/run counts "ok" */
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	ops_argv_free(&av);
	return rc;
}
