/* Unit tests for canal2ops: the JSON scanner, the Canal rules, envelopes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "canal.h"
#include "envelope.h"
#include "filter.h"
#include "json.h"
#include "key.h"
#include "record.h"

static struct canal_conf conf;

static void
conf_reset(const char *tmpl)
{
	const char *why;

	key_free(&conf.key);
	namelist_free(&conf.keycols);
	namelist_free(&conf.cols);
	namelist_free(&conf.xcols);
	filter_free(&conf.filter);
	memset(&conf, 0, sizeof(conf));
	assert_int_equal(key_parse(&conf.key, tmpl, &why), 0);
	namelist_add(&conf.keycols, "id");
}

/* Run one Canal line through the rules; check the status and the ops. */
static void
run(const char *line, int want_rc, const char *want_ops)
{
	struct record r = { 0 };
	struct canal c;
	struct buf out = { 0 };
	const char *why;
	int rc;

	canal_init(&c, &conf);
	why = record_parse(&r, line, strlen(line));
	if (why != NULL) {
		assert_int_equal(want_rc, -1);
		goto done;
	}
	buf_adds(&out, "");
	rc = canal_record(&c, &r, &out);
	if (rc != want_rc)
		fail_msg("rc %d, want %d (%s) for %s", rc, want_rc, c.why, line);
	buf_addc(&out, '\0');
	assert_string_equal(out.p, want_ops);
done:
	buf_free(&out);
	canal_free(&c);
	record_free(&r);
}

static void
test_insert_update_delete(void **state)
{
	(void)state;
	conf_reset("{pk}");
	run("{\"data\":[{\"id\":\"1\",\"n\":\"a\"},{\"id\":\"2\",\"n\":null}],"
	    "\"pkNames\":[\"id\"],\"type\":\"INSERT\",\"database\":\"d\",\"table\":\"t\"}",
	    CANAL_OK, "SET 1 '{\"id\":\"1\",\"n\":\"a\"}'\nSET 2 '{\"id\":\"2\",\"n\":null}'\n");
	run("{\"data\":[{\"id\":\"1\",\"n\":\"b\"}],\"old\":[{\"n\":\"a\"}],"
	    "\"pkNames\":[\"id\"],\"type\":\"UPDATE\"}",
	    CANAL_OK, "SET 1 '{\"id\":\"1\",\"n\":\"b\"}'\n");
	run("{\"data\":[{\"id\":\"1\",\"n\":\"b\"}],\"pkNames\":[\"id\"],\"type\":\"DELETE\"}",
	    CANAL_OK, "DEL 1\n");
	/* an empty key is a key */
	run("{\"data\":[{\"id\":\"\"}],\"type\":\"INSERT\"}",
	    CANAL_OK, "SET \"\" '{\"id\":\"\"}'\n");
}

static void
test_update_key_change(void **state)
{
	(void)state;
	conf_reset("{table}:{pk}");
	/* row 1 changes its key, row 2 does not; old is shorter than data */
	run("{\"data\":[{\"id\":\"9\",\"n\":\"x\"},{\"id\":\"2\",\"n\":\"y\"},"
	    "{\"id\":\"3\",\"n\":\"z\"}],\"old\":[{\"id\":\"1\"},{\"n\":\"w\"}],"
	    "\"pkNames\":[\"id\"],\"table\":\"t\",\"type\":\"UPDATE\"}", CANAL_OK,
	    "DEL t:1\nSET t:9 '{\"id\":\"9\",\"n\":\"x\"}'\n"
	    "SET t:2 '{\"id\":\"2\",\"n\":\"y\"}'\nSET t:3 '{\"id\":\"3\",\"n\":\"z\"}'\n");
	/* old: null */
	run("{\"data\":[{\"id\":\"9\"}],\"old\":null,\"type\":\"UPDATE\",\"table\":\"t\"}",
	    CANAL_OK, "SET t:9 '{\"id\":\"9\"}'\n");
}

static void
test_composite_and_template(void **state)
{
	(void)state;
	conf_reset("{database}.{table}:{pk}/{n}");
	run("{\"data\":[{\"a\":\"1\",\"b\":\"x y\",\"n\":\"7\"}],\"pkNames\":[\"a\",\"b\"],"
	    "\"database\":\"d\",\"table\":\"t\",\"type\":\"DELETE\"}",
	    CANAL_OK, "DEL 'd.t:1:x y/7'\n");
	conf_reset("k:{pk}");
	namelist_free(&conf.keycols);
	namelist_split(&conf.keycols, "a,b");
	run("{\"data\":[{\"a\":\"1\",\"b\":\"2\"}],\"pkNames\":null,\"type\":\"DELETE\"}",
	    CANAL_OK, "DEL k:1:2\n");
	run("{\"data\":[{\"a\":\"1\",\"b\":\"2\"}],\"pkNames\":[],\"type\":\"DELETE\"}",
	    CANAL_OK, "DEL k:1:2\n");
}

static void
test_bad_records(void **state)
{
	(void)state;
	conf_reset("{pk}");
	/* the first row's op must not leak out when the second is bad */
	run("{\"data\":[{\"id\":\"1\"},{\"x\":\"2\"}],\"type\":\"INSERT\"}", CANAL_BAD, "");
	run("{\"data\":[{\"id\":null}],\"type\":\"INSERT\"}", CANAL_BAD, "");
	run("{\"data\":null,\"type\":\"INSERT\"}", CANAL_BAD, "");
	run("{\"data\":[{\"id\":\"1\"}]}", CANAL_BAD, "");
	run("{\"data\":[{\"id\":\"1\"}],\"type\":\"INSERT\"", -1, "");
	run("{\"data\":[{\"id\":\"1\"}],\"type\":\"INSERT\"} x", -1, "");
	run("{\"data\":[{\"id\":\"\xc0\x80\"}],\"type\":\"INSERT\"}", -1, "");
	run("{\"data\":[{\"id\":\"\xed\xa0\x80\"}],\"type\":\"INSERT\"}", -1, "");
	run("{\"data\":[{\"id\":\"\x01\"}],\"type\":\"INSERT\"}", -1, "");
	run("{\"data\":[1],\"type\":\"INSERT\"}", -1, "");
	run("{\"data\":{},\"type\":\"INSERT\"}", -1, "");
	run("[]", -1, "");
}

static void
test_skipped(void **state)
{
	struct record r = { 0 };
	struct canal c;
	struct buf out = { 0 };
	static const char *lines[] = {
		"{\"data\":null,\"isDdl\":true,\"type\":\"CREATE\"}",
		"{\"data\":null,\"isDdl\":true,\"type\":\"QUERY\"}",
		"{\"data\":null,\"isDdl\":false,\"type\":\"QUERY\"}",
		"{\"data\":null,\"type\":\"XACOMMIT\"}",
		"{\"data\":null,\"type\":\"GTID\"}",
		"{\"data\":null,\"isDdl\":true,\"type\":\"TRUNCATE\",\"table\":\"t\"}",
	};
	static const int want[] = { CANAL_SKIP, CANAL_SKIP, CANAL_SKIP,
	    CANAL_SKIP, CANAL_SKIP, CANAL_WARN };
	size_t i;

	(void)state;
	conf_reset("{pk}");
	canal_init(&c, &conf);
	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		assert_null(record_parse(&r, lines[i], strlen(lines[i])));
		assert_int_equal(canal_record(&c, &r, &out), want[i]);
	}
	assert_int_equal(out.len, 0);
	assert_int_equal(c.n.ddl, 1);
	assert_int_equal(c.n.query, 2);
	assert_int_equal(c.n.xa, 1);
	assert_int_equal(c.n.other, 1);
	assert_int_equal(c.n.truncate, 1);
	assert_non_null(strstr(c.why, "stale"));
	canal_free(&c);
	record_free(&r);
	buf_free(&out);
}

static void
test_hash_ttl_columns(void **state)
{
	(void)state;
	conf_reset("u:{id}");
	conf.hash = 1;
	run("{\"data\":[{\"id\":\"1\",\"a\":\"x\\ny\",\"b\":null,\"c\":null}],"
	    "\"type\":\"UPDATE\",\"old\":[{\"id\":\"0\"}]}", CANAL_OK,
	    "DEL u:0\nHSET u:1 id 1 a \"x\\ny\"\nHDEL u:1 b c\n");
	run("{\"data\":[{\"id\":\"1\",\"a\":null}],\"type\":\"INSERT\"}", CANAL_OK,
	    "HSET u:1 id 1\nHDEL u:1 a\n");
	namelist_add(&conf.xcols, "id");
	run("{\"data\":[{\"id\":\"1\",\"a\":null}],\"type\":\"INSERT\"}", CANAL_OK,
	    "DEL u:1\n");
	conf_reset("{pk}");
	conf.ttl = 60;
	namelist_split(&conf.cols, "id,b");
	run("{\"data\":[{\"id\":\"1\",\"a\":\"x\",\"b\":\"y\"}],\"type\":\"INSERT\"}",
	    CANAL_OK, "SET 1 '{\"id\":\"1\",\"b\":\"y\"}' EX 60\n");
	conf_reset("{pk}");
	namelist_add(&conf.xcols, "password");
	run("{\"data\":[{\"id\":\"1\",\"password\":\"x\",\"b\":\"y\"}],\"type\":\"INSERT\"}",
	    CANAL_OK, "SET 1 '{\"id\":\"1\",\"b\":\"y\"}'\n");
}

static void
test_filter(void **state)
{
	struct filter f = { 0 };

	(void)state;
	assert_true(filter_pass(&f, "d", "t"));
	namelist_add(&f.db, "shop*");
	namelist_add(&f.xtab, "shop_eu.tmp_*");
	namelist_add(&f.xtab, "log");
	assert_true(filter_pass(&f, "shop", "user"));
	assert_false(filter_pass(&f, "crm", "user"));
	assert_true(filter_pass(&f, "shop_us", "tmp_x"));
	assert_false(filter_pass(&f, "shop_eu", "tmp_x"));
	assert_false(filter_pass(&f, "shop", "log"));
	filter_free(&f);
	conf_reset("{pk}");
	namelist_add(&conf.filter.tab, "user");
	run("{\"data\":[{\"id\":\"1\"}],\"type\":\"INSERT\",\"table\":\"order\"}",
	    CANAL_SKIP, "");
	run("{\"data\":[{\"id\":\"1\"}],\"type\":\"INSERT\",\"table\":\"user\"}",
	    CANAL_OK, "SET 1 '{\"id\":\"1\"}'\n");
}

/* Re-encode a JSON string; check the text and that decoding agrees. */
static void
reenc(const char *in, const char *want)
{
	struct jval v;
	struct buf b = { 0 }, d1 = { 0 }, d2 = { 0 };
	const char *why = NULL, *e = in + strlen(in);

	assert_ptr_equal(json_string(in, e, &v, &why), e);
	json_reencode(&b, &v);
	buf_addc(&b, '\0');
	assert_string_equal(b.p, want);
	if (json_decode(&d1, v.p, v.n) == 0) {
		assert_ptr_equal(json_string(b.p, b.p + b.len - 1, &v, &why),
		    b.p + b.len - 1);
		assert_int_equal(json_decode(&d2, v.p, v.n), 0);
		assert_int_equal(d1.len, d2.len);
		assert_memory_equal(d1.p, d2.p, d1.len);
	}
	buf_free(&b);
	buf_free(&d1);
	buf_free(&d2);
}

static void
test_reencode(void **state)
{
	(void)state;
	reenc("\"plain\"", "\"plain\"");
	reenc("\"\\u0000\\u001f\\u0008\\/\"", "\"\\u0000\\u001f\\b/\"");
	reenc("\"\\u00e9\\u00FF\\u4e2d\"", "\"\xc3\xa9\xc3\xbf\xe4\xb8\xad\"");
	reenc("\"\\ud83d\\ude00\"", "\"\xf0\x9f\x98\x80\"");
	reenc("\"\\ud83d x\"", "\"\\ud83d x\"");
	reenc("\"\\u0022\\u005c\\\"\\\\\"", "\"\\\"\\\\\\\"\\\\\"");
	reenc("\"\x7f\xc3\xa9\"", "\"\\u007f\xc3\xa9\"");
}

static void
test_json_invalid(void **state)
{
	static const char *bad[] = {
		"01", "1.", "-", "1e", "tru", "nul", "\"\\x\"", "\"\\u12g4\"",
		"[1,]", "{\"a\"}", "{\"a\":1,}", "\"\xf5\x80\x80\x80\"",
		"\"\xe0\x80\x80\"", "\"\xf4\x90\x80\x80\"", "\"\xc3\"", "[",
	};
	static const char *good[] = {
		"0", "-0.5e+10", "1E5", "true", "[]", "{}", "[ 1 , {\"a\" : [null]} ]",
		"\"\xf4\x8f\xbf\xbf\"", "\"\xed\x9f\xbf\"",
	};
	struct jval v;
	const char *why;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *e = bad[i] + strlen(bad[i]);
		const char *p = json_value(bad[i], e, &v, 0, &why);

		if (p == e)
			fail_msg("accepted %s", bad[i]);
	}
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		const char *e = good[i] + strlen(good[i]);

		if (json_value(good[i], e, &v, 0, &why) != e)
			fail_msg("rejected %s", good[i]);
	}
}

/* Every byte at every place of the 8-byte fast path, and past it. */
static void
test_string_bytes(void **state)
{
	char s[32];
	struct jval v;
	const char *why, *e;
	int c, pos;

	(void)state;
	for (c = 0; c < 256; c++)
		for (pos = 1; pos < 20; pos++) {
			memset(s, 'a', sizeof(s));
			s[0] = '"';
			s[pos] = (char)c;
			s[24] = '"';
			e = json_string(s, s + 25, &v, &why);
			if (c == '"')
				assert_ptr_equal(e, s + pos + 1);
			else if (c == '\\' || c < 0x20 || c >= 0x80)
				assert_null(e);
			else {
				assert_ptr_equal(e, s + 25);
				assert_int_equal(v.esc, c == 0x7f);
			}
		}
}

static void
test_key_template(void **state)
{
	struct keytmpl t;
	const char *why;

	(void)state;
	assert_int_equal(key_parse(&t, "{{x}}:{pk}", &why), 0);
	assert_int_equal(t.n, 2);
	assert_string_equal(t.part[0].s, "{x}:");
	assert_int_equal(t.part[1].kind, KP_PK);
	assert_true(key_uses_row(&t));
	key_free(&t);
	assert_int_equal(key_parse(&t, "static", &why), 0);
	assert_false(key_uses_row(&t));
	key_free(&t);
	assert_int_equal(key_parse(&t, "{pk", &why), -1);
	key_free(&t);
	assert_int_equal(key_parse(&t, "a}", &why), -1);
	key_free(&t);
	assert_int_equal(key_parse(&t, "{}", &why), -1);
	key_free(&t);
	assert_int_equal(key_parse(&t, "", &why), -1);
	key_free(&t);
}

static void
test_envelope(void **state)
{
	struct record r = { 0 };
	struct envelope env = { 0 };
	struct buf b = { 0 };
	const char *l1 = "{\"topic\":\"t\\u00e9\",\"partition\":3,\"offset\":42,"
	    "\"tstype\":\"create\",\"ts\":1,\"broker\":1,\"key\":null,"
	    "\"payload\":\"{\\\"a\\\":1}\",\"headers\":[\"h\",\"v\"]}";
	const char *l2 = "{\"topic\":\"t\",\"partition\":0,\"offset\":7,"
	    "\"payload\":\"eyJhIjox\\/Q==\",\"payload_encoding\":\"base64\"}";
	const char *l3 = "{\"topic\":\"t\",\"partition\":0,\"offset\":8,\"payload\":null}";

	(void)state;
	assert_null(record_parse(&r, l1, strlen(l1)));
	assert_true(record_is_envelope(&r));
	assert_null(envelope_read(&env, &r));
	assert_true(env.has_pos);
	assert_int_equal(env.partition, 3);
	assert_int_equal(env.offset, 42);
	assert_int_equal(env.topic.len, 3);
	assert_memory_equal(env.topic.p, "t\xc3\xa9", 3);
	assert_int_equal(env.payload.len, 7);
	assert_memory_equal(env.payload.p, "{\"a\":1}", 7);
	assert_null(record_parse(&r, l2, strlen(l2)));
	assert_null(envelope_read(&env, &r));
	assert_int_equal(env.payload.len, 7);
	assert_memory_equal(env.payload.p, "{\"a\":1\xfd", 7);
	assert_null(record_parse(&r, l3, strlen(l3)));
	assert_null(envelope_read(&env, &r));
	assert_true(env.tombstone);
	assert_int_equal(base64_decode(&b, "QQ", 2), 0);
	assert_int_equal(b.len, 1);
	assert_int_equal(base64_decode(&b, "Q", 1), -1);
	assert_int_equal(base64_decode(&b, "Q=Q=", 4), -1);
	assert_int_equal(base64_decode(&b, "Q*==", 4), -1);
	buf_free(&b);
	envelope_free(&env);
	record_free(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_insert_update_delete),
		cmocka_unit_test(test_update_key_change),
		cmocka_unit_test(test_composite_and_template),
		cmocka_unit_test(test_bad_records),
		cmocka_unit_test(test_skipped),
		cmocka_unit_test(test_hash_ttl_columns),
		cmocka_unit_test(test_filter),
		cmocka_unit_test(test_reencode),
		cmocka_unit_test(test_json_invalid),
		cmocka_unit_test(test_string_bytes),
		cmocka_unit_test(test_key_template),
		cmocka_unit_test(test_envelope),
	};
	int rc;

	cmocka_set_message_output(CM_OUTPUT_TAP);
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	conf_reset("x");
	key_free(&conf.key);
	namelist_free(&conf.keycols);
	return rc;
}
