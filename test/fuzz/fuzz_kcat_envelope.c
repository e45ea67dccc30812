/*
 * kcat-lite's envelope parser on arbitrary input; what parses must come
 * back unchanged after being written again (string or base64 coding).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "envelope.h"

static void
put(struct buf *b, const char *name, const struct envelope *e,
    const struct env_field *f)
{
	buf_addc(b, '"');
	buf_adds(b, name);
	buf_adds(b, "\":");
	if (!f->present)
		buf_adds(b, "null");
	else if (env_utf8_valid((const unsigned char *)env_bytes(e, f), f->len))
		env_put_string(b, env_bytes(e, f), f->len);
	else {
		env_put_base64(b, env_bytes(e, f), f->len);
		buf_adds(b, ",\"");
		buf_adds(b, name);
		buf_adds(b, "_encoding\":\"base64\"");
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct envelope e1, e2;
	struct buf b = { 0 };
	char err[256];
	int i;

	if (env_parse(&e1, (const char *)data, size, err, sizeof(err)) < 0)
		return 0;
	buf_addc(&b, '{');
	put(&b, "key", &e1, &e1.key);
	buf_addc(&b, ',');
	put(&b, "payload", &e1, &e1.payload);
	buf_adds(&b, ",\"headers\":[");
	for (i = 0; i < e1.nheaders; i++) {
		if (i > 0)
			buf_addc(&b, ',');
		env_put_base64(&b, env_bytes(&e1, &e1.hname[i]), e1.hname[i].len);
		buf_addc(&b, ',');
		if (e1.hvalue[i].present)
			env_put_base64(&b, env_bytes(&e1, &e1.hvalue[i]), e1.hvalue[i].len);
		else
			buf_adds(&b, "null");
	}
	buf_adds(&b, "],\"headers_encoding\":\"base64\"}");
	if (env_parse(&e2, b.p, b.len, err, sizeof(err)) < 0)
		abort();
	if (e1.key.present != e2.key.present || e1.key.len != e2.key.len ||
	    memcmp(env_bytes(&e1, &e1.key), env_bytes(&e2, &e2.key), e1.key.len) != 0 ||
	    e1.payload.present != e2.payload.present || e1.payload.len != e2.payload.len ||
	    memcmp(env_bytes(&e1, &e1.payload), env_bytes(&e2, &e2.payload), e1.payload.len) != 0 ||
	    e1.nheaders != e2.nheaders)
		abort();
	for (i = 0; i < e1.nheaders; i++)
		if (e1.hname[i].len != e2.hname[i].len ||
		    memcmp(env_bytes(&e1, &e1.hname[i]), env_bytes(&e2, &e2.hname[i]),
		    e1.hname[i].len) != 0 ||
		    e1.hvalue[i].present != e2.hvalue[i].present ||
		    e1.hvalue[i].len != e2.hvalue[i].len ||
		    memcmp(env_bytes(&e1, &e1.hvalue[i]), env_bytes(&e2, &e2.hvalue[i]),
		    e1.hvalue[i].len) != 0)
			abort();
	buf_free(&b);
	return 0;
}
