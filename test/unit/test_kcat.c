/* kcat-lite's envelope coding and checkpoint reading. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "buf.h"
#include "checkpoint.h"
#include "envelope.h"

static void
utf8_validity(void **state)
{
	(void)state;
	assert_true(env_utf8_valid((const unsigned char *)"", 0));
	assert_true(env_utf8_valid((const unsigned char *)"plain \x01", 7));
	assert_true(env_utf8_valid((const unsigned char *)"\xc3\xa9\xe2\x9c\x93\xf0\x9f\x98\x80", 9));
	assert_false(env_utf8_valid((const unsigned char *)"\xff", 1));
	assert_false(env_utf8_valid((const unsigned char *)"\xc3", 1));	/* cut */
	assert_false(env_utf8_valid((const unsigned char *)"\xc0\xaf", 2));	/* overlong */
	assert_false(env_utf8_valid((const unsigned char *)"\xe0\x80\xaf", 3));
	assert_false(env_utf8_valid((const unsigned char *)"\xed\xa0\x80", 3));	/* surrogate */
	assert_false(env_utf8_valid((const unsigned char *)"\xf4\x90\x80\x80", 4));	/* > U+10FFFF */
	assert_false(env_utf8_valid((const unsigned char *)"\xc3\x28", 2));
}

static void
string_escapes_as_yajl(void **state)
{
	struct buf b = { 0 };

	(void)state;
	env_put_string(&b, "a\"b\\c/\b\f\n\r\t\x01\x1f\x7f\xc3\xa9\0z", 18);
	buf_addc(&b, '\0');
	assert_string_equal(b.p,
	    "\"a\\\"b\\\\c/\\b\\f\\n\\r\\t\\u0001\\u001F\x7f\xc3\xa9\\u0000z\"");
	buf_free(&b);
}

static void
base64_round_trip(void **state)
{
	unsigned char in[300];
	struct buf enc = { 0 }, dec = { 0 };
	size_t n, i;

	(void)state;
	for (i = 0; i < sizeof(in); i++)
		in[i] = (unsigned char)(i * 37 + 11);
	for (n = 0; n < sizeof(in); n++) {
		enc.len = dec.len = 0;
		env_put_base64(&enc, in, n);
		assert_true(enc.len >= 2 && enc.p[0] == '"' && enc.p[enc.len - 1] == '"');
		assert_int_equal(env_base64_decode(&dec, enc.p + 1, enc.len - 2), 0);
		assert_int_equal(dec.len, n);
		assert_memory_equal(dec.p ? dec.p : "", in, n);
	}
	enc.len = 0;
	env_put_base64(&enc, "k\xff", 2);
	assert_int_equal(enc.len, 6);
	assert_memory_equal(enc.p, "\"a/8=\"", 6);
	assert_int_equal(env_base64_decode(&dec, "abc", 3), -1);
	assert_int_equal(env_base64_decode(&dec, "ab=c", 4), -1);
	assert_int_equal(env_base64_decode(&dec, "a*bc", 4), -1);
	assert_int_equal(env_base64_decode(&dec, "=abc", 4), -1);
	buf_free(&enc);
	buf_free(&dec);
}

static int
parse(struct envelope *e, const char *s, char *err)
{
	return env_parse(e, s, strlen(s), err, 256);
}

static void
envelope_parsing(void **state)
{
	struct envelope e;
	char err[256];

	(void)state;
	memset(&e, 0, sizeof(e));
	assert_int_equal(parse(&e, "{\"topic\":\"t\",\"partition\":2,\"offset\":5,"
	    "\"tstype\":\"create\",\"ts\":1,\"broker\":1,\"headers\":[\"a\",\"b\","
	    "\"c\",null],\"key\":\"k\\u0000\",\"payload\":\"{\\\"x\\\":1}\","
	    "\"extra\":{\"n\":[1,{\"m\":true}]}}", err), 0);
	assert_true(e.has_partition);
	assert_int_equal(e.partition, 2);
	assert_true(e.key.present);
	assert_int_equal(e.key.len, 2);
	assert_memory_equal(env_bytes(&e, &e.key), "k\0", 2);
	assert_int_equal(e.payload.len, 7);
	assert_memory_equal(env_bytes(&e, &e.payload), "{\"x\":1}", 7);
	assert_int_equal(e.nheaders, 2);
	assert_memory_equal(env_bytes(&e, &e.hname[1]), "c", 1);
	assert_false(e.hvalue[1].present);

	assert_int_equal(parse(&e, "{\"key\":null,\"payload\":null}", err), 0);
	assert_false(e.key.present);
	assert_false(e.payload.present);
	assert_false(e.has_partition);
	assert_int_equal(e.nheaders, 0);

	/* base64, with the flag before or after the field */
	assert_int_equal(parse(&e, "{\"key_encoding\":\"base64\",\"key\":\"a/8=\","
	    "\"payload\":\"AcMo\",\"payload_encoding\":\"base64\","
	    "\"headers\":[\"aA==\",\"dv8=\"],\"headers_encoding\":\"base64\"}", err), 0);
	assert_memory_equal(env_bytes(&e, &e.key), "k\xff", 2);
	assert_int_equal(e.payload.len, 3);
	assert_memory_equal(env_bytes(&e, &e.payload), "\x01\xc3\x28", 3);
	assert_memory_equal(env_bytes(&e, &e.hname[0]), "h", 1);
	assert_memory_equal(env_bytes(&e, &e.hvalue[0]), "v\xff", 2);

	/* kcat -J writes bytes that are not UTF-8 as they are */
	assert_int_equal(parse(&e, "{\"key\":\"k\xff\",\"payload\":\"\xc3\x28\","
	    "\"headers\":[\"h\xfe\",\"v\"]}", err), 0);
	assert_int_equal(e.key.len, 2);
	assert_memory_equal(env_bytes(&e, &e.key), "k\xff", 2);
	assert_memory_equal(env_bytes(&e, &e.payload), "\xc3\x28", 2);
	assert_memory_equal(env_bytes(&e, &e.hname[0]), "h\xfe", 2);

	assert_int_equal(parse(&e, "not json", err), -1);
	assert_int_equal(parse(&e, "[1]", err), -1);
	assert_int_equal(parse(&e, "42", err), -1);
	assert_int_equal(parse(&e, "{\"payload\":1}", err), -1);
	assert_int_equal(parse(&e, "{\"key\":{}}", err), -1);
	assert_int_equal(parse(&e, "{\"partition\":\"1\"}", err), -1);
	assert_int_equal(parse(&e, "{\"partition\":-1}", err), -1);
	assert_int_equal(parse(&e, "{\"headers\":[\"a\"]}", err), -1);
	assert_string_equal(err, "headers array has an odd length");
	assert_int_equal(parse(&e, "{\"headers\":{\"a\":\"b\"}}", err), -1);
	assert_int_equal(parse(&e, "{\"headers\":[null,\"b\"]}", err), -1);
	assert_int_equal(parse(&e, "{\"key\":\"x\",\"key_encoding\":\"hex\"}", err), -1);
	assert_int_equal(parse(&e, "{\"key\":\"@@@@\",\"key_encoding\":\"base64\"}", err), -1);
	assert_int_equal(parse(&e, "{\"payload\":\"a\"} {}", err), -1);
	assert_int_equal(parse(&e, "{\"payload\":\"a\"", err), -1);
	env_free(&e);
}

static char *
tmp_with(const char *text)
{
	static char path[] = "/tmp/test_kcat.XXXXXX";
	int fd;

	strcpy(path, "/tmp/test_kcat.XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return path;
}

static void
checkpoint_files(void **state)
{
	struct ckpt_set cs;
	char *p;

	(void)state;
	p = tmp_with("orders:0\n41\nmy.topic-x_1:12\n7\r\n");
	assert_int_equal(ckpt_read(&cs, p), 0);
	unlink(p);
	assert_int_equal(cs.n, 2);
	assert_int_equal(ckpt_find(&cs, "orders", 0), 41);
	assert_int_equal(ckpt_find(&cs, "my.topic-x_1", 12), 7);
	assert_true(ckpt_find(&cs, "orders", 1) == INT64_MIN);
	ckpt_free(&cs);

	/* topic:partition:name fields are facts about a partition: skipped */
	p = tmp_with("canal:0:es\n1700000000000\ncanal:0\n41\ncanal:1:es\n"
	    "\ncanal:1\n9\ncanal:2:note\nnot a number\n");
	assert_int_equal(ckpt_read(&cs, p), 0);
	unlink(p);
	assert_int_equal(cs.n, 2);
	assert_int_equal(ckpt_find(&cs, "canal", 0), 41);
	assert_int_equal(ckpt_find(&cs, "canal", 1), 9);
	assert_true(ckpt_find(&cs, "canal", 2) == INT64_MIN);
	ckpt_free(&cs);
	p = tmp_with("canal:0:es\n5\n");	/* only such fields: no point */
	assert_int_equal(ckpt_read(&cs, p), 0);
	unlink(p);
	assert_int_equal(cs.n, 0);

	p = tmp_with("\n");		/* redis-cli --raw on an empty hash */
	assert_int_equal(ckpt_read(&cs, p), 0);
	unlink(p);
	assert_int_equal(cs.n, 0);

	p = tmp_with("orders:0\n");
	assert_int_equal(ckpt_read(&cs, p), -1);
	unlink(p);
	p = tmp_with("orders\n5\n");
	assert_int_equal(ckpt_read(&cs, p), -1);
	unlink(p);
	p = tmp_with("orders:0\nfive\n");
	assert_int_equal(ckpt_read(&cs, p), -1);
	unlink(p);
	/* still malformed, with or without a name */
	p = tmp_with("my.topic:with:colons:12\n7\n");	/* no such topic name */
	assert_int_equal(ckpt_read(&cs, p), -1);
	unlink(p);
	p = tmp_with("canal:x:es\n5\n");
	assert_int_equal(ckpt_read(&cs, p), -1);
	unlink(p);
	p = tmp_with("canal:0:\n5\n");
	assert_int_equal(ckpt_read(&cs, p), -1);
	unlink(p);
	p = tmp_with(":0:es\n5\n");
	assert_int_equal(ckpt_read(&cs, p), -1);
	unlink(p);
	p = tmp_with("canal:0\n41\ncanal:0:es\n");	/* without its value */
	assert_int_equal(ckpt_read(&cs, p), -1);
	unlink(p);
	assert_int_equal(ckpt_read(&cs, "/nonexistent/ckpt"), -2);
	assert_int_equal(ckpt_read(&cs, "/"), -2);	/* a directory */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(utf8_validity),
		cmocka_unit_test(string_escapes_as_yajl),
		cmocka_unit_test(base64_round_trip),
		cmocka_unit_test(envelope_parsing),
		cmocka_unit_test(checkpoint_files),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
