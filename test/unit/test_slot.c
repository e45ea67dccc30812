/*
 * Unit tests for Redis Cluster slots (CRC16, hash tags, the keys of a
 * command) and redirect replies. The slots were read from a real node with
 * CLUSTER KEYSLOT (redis-server 7.0).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "ops.h"
#include "cluster.h"
#include "slot.h"

static struct ops_argv av;

static int
key(const char *k)
{
	return slot_of_key(k, strlen(k));
}

static int
cmd(const char *line)
{
	assert_true(ops_split(&av, line, strlen(line)) > 0);
	return slot_of_cmd(&av);
}

/* CRC16/XMODEM's check value, and Redis' own test vector. */
static void
test_crc16(void **state)
{
	(void)state;
	assert_int_equal(slot_crc16("123456789", 9), 0x31c3);
	assert_int_equal(slot_crc16("", 0), 0);
	assert_int_equal(slot_crc16("a", 1), 0x7c87);
}

static void
test_keyslot(void **state)
{
	(void)state;
	assert_int_equal(key("foo"), 12182);
	assert_int_equal(key("bar"), 5061);
	assert_int_equal(key("hello"), 866);
	assert_int_equal(key("somekey"), 11058);
	assert_int_equal(key("123456789"), 12739);
	assert_int_equal(key(""), 0);
	assert_int_equal(slot_of_key("a\0b", 3), slot_crc16("a\0b", 3) & 16383);
}

static void
test_hash_tags(void **state)
{
	(void)state;
	assert_int_equal(key("{user1000}.following"), 3443);
	assert_int_equal(key("{user1000}.followers"), 3443);
	assert_int_equal(key("foo{bar}{zap}"), 5061);	/* the first tag: bar */
	assert_int_equal(key("{}"), 15257);		/* empty tag: whole key */
	assert_int_equal(key("{}foo"), 9500);
	assert_int_equal(key("foo{}{bar}"), 8363);
	assert_int_equal(key("foo{{bar}}zap"), 4015);	/* tag "{bar" */
	assert_int_equal(key("{a"), 10276);		/* no closing brace */
	assert_int_equal(key("x}{bar}"), 5061);		/* } before { ignored */
}

static void
test_command_keys(void **state)
{
	(void)state;
	assert_int_equal(cmd("SET foo 1"), 12182);
	assert_int_equal(cmd("hset {user1000}.x f v"), 3443);
	assert_int_equal(cmd("DEL foo"), 12182);
	assert_int_equal(cmd("DEL foo bar"), SLOT_CROSS);
	assert_int_equal(cmd("unlink {t}a {t}b {t}c"), key("t"));
	assert_int_equal(cmd("UNLINK {t}a {u}b"), SLOT_CROSS);
	/* MSET: the keys, not the values */
	assert_int_equal(cmd("MSET {t}a foo {t}b bar"), key("t"));
	assert_int_equal(cmd("MSET {t}a 1 {u}b 2"), SLOT_CROSS);
	assert_int_equal(cmd("PING"), SLOT_NONE);
	assert_int_equal(cmd("ping hello"), SLOT_NONE);
	assert_int_equal(cmd("EXPIRE foo 10"), 12182);
}

static void
test_redirect(void **state)
{
	char host[64];
	int slot = -1, port = -1;

	(void)state;
	assert_int_equal(slot_redirect("MOVED 3999 127.0.0.1:6381", &slot, host,
	    sizeof(host), &port), SLOT_REDIR_MOVED);
	assert_int_equal(slot, 3999);
	assert_string_equal(host, "127.0.0.1");
	assert_int_equal(port, 6381);
	assert_int_equal(slot_redirect("ASK 0 ::1:7000", &slot, host,
	    sizeof(host), &port), SLOT_REDIR_ASK);
	assert_int_equal(slot, 0);
	assert_string_equal(host, "::1");
	assert_int_equal(port, 7000);
	assert_int_equal(slot_redirect("MOVED 12 :7001", &slot, host,
	    sizeof(host), &port), SLOT_REDIR_MOVED);
	assert_string_equal(host, "");		/* the node that replied */
	assert_int_equal(slot_redirect("MOVED 16384 h:1", &slot, host,
	    sizeof(host), &port), SLOT_REDIR_NONE);
	assert_int_equal(slot_redirect("MOVED x h:1", &slot, host,
	    sizeof(host), &port), SLOT_REDIR_NONE);
	assert_int_equal(slot_redirect("MOVED 1 h", &slot, host,
	    sizeof(host), &port), SLOT_REDIR_NONE);
	assert_int_equal(slot_redirect("MOVED 1 h:0", &slot, host,
	    sizeof(host), &port), SLOT_REDIR_NONE);
	assert_int_equal(slot_redirect("MOVED 1 h:70000", &slot, host,
	    sizeof(host), &port), SLOT_REDIR_NONE);
	assert_int_equal(slot_redirect("MOVEDX 1 h:1", &slot, host,
	    sizeof(host), &port), SLOT_REDIR_NONE);
	assert_int_equal(slot_redirect("ERR MOVED 1 h:1", &slot, host,
	    sizeof(host), &port), SLOT_REDIR_NONE);
	assert_int_equal(slot_redirect("MOVED 1 a-host-name-longer-than-the-"
	    "buffer-given-for-it-here-so-refused:1", &slot, host, 16, &port),
	    SLOT_REDIR_NONE);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_crc16),
		cmocka_unit_test(test_keyslot),
		cmocka_unit_test(test_hash_tags),
		cmocka_unit_test(test_command_keys),
		cmocka_unit_test(test_redirect),
	};
	int rc;

	cmocka_set_message_output(CM_OUTPUT_TAP);	/* test/run counts "ok" */
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	ops_argv_free(&av);
	return rc;
}
