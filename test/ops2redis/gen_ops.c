/*
 * Test generator: N random ops lines (seeded), quoted with ops_put_arg,
 * so every quoting style, binary keys and values and empty strings occur.
 *   gen_ops N SEED [TAGS]
 * With TAGS 1, about a third of the keys get a hash tag {gN} in front (the
 * same key always the same tag), so that many keys share a cluster slot.
 */
#include <stdio.h>
#include <stdlib.h>

#include "buf.h"
#include "num.h"
#include "ops.h"

static unsigned long long state;
static int tags;

static unsigned
rnd(unsigned n)
{
	state = state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned)(state >> 33) % n;
}

/* A string of one of several kinds, into s; returns its length. */
static size_t
gen(char *s, int key)
{
	static const char json[] = "{\"id\":\"7\",\"name\":\"O'Brien\","
	    "\"note\":\"a \\\"quoted\\\" word\"}";
	size_t n = 0, len, i;

	switch (rnd(key ? 4 : 6)) {
	case 0:		/* bare */
		n = (size_t)snprintf(s, 64, "%s%u", key ? "k:" : "v", rnd(key ? 300 : 100000));
		break;
	case 1:		/* binary */
		len = rnd(key ? 3 : 40) + 1;
		n = (size_t)snprintf(s, 8, "b%u", key ? rnd(200) : 0);
		for (i = 0; i < len; i++)
			s[n++] = (char)rnd(256);
		break;
	case 2:		/* text with spaces and quotes */
		n = (size_t)snprintf(s, 128, "t %u it's \"x\" \\ end%s", rnd(key ? 200 : 1000), rnd(2) ? "\\" : "");
		break;
	case 3:		/* empty, or a key with an escape-looking body */
		if (key)
			n = (size_t)snprintf(s, 64, "\\x41\\n%u", rnd(100));
		break;
	case 4:
		n = sizeof(json) - 1;
		for (i = 0; i < n; i++)
			s[i] = json[i];
		break;
	default:	/* UTF-8 and tabs */
		n = (size_t)snprintf(s, 128, "caf\xc3\xa9\t%u\r\n", rnd(1000));
	}
	return n;
}

/* The key, with a hash tag in front for a third of the keys (-t). */
static void
put_key(struct buf *b, const char *k, size_t kl)
{
	char t[300];
	unsigned h = 0;
	size_t i, n;

	for (i = 0; i < kl; i++)
		h = h * 31 + (unsigned char)k[i];
	if (!tags || h % 3 != 0) {
		ops_put_arg(b, k, kl);
		return;
	}
	n = (size_t)snprintf(t, sizeof(t), "{g%u}", h / 3 % 50);
	for (i = 0; i < kl && n < sizeof(t); i++)
		t[n++] = k[i];
	ops_put_arg(b, t, n);
}

int
main(int argc, char *argv[])
{
	struct buf b = { 0 };
	char k[256], f[256], v[256];
	long long n, i;

	if (argc != 3 && argc != 4)
		return 2;
	tags = argc == 4 && argv[3][0] == '1';
	n = cmn_optnum("N", argv[1], 0, 100000000);
	state = (unsigned long long)cmn_optnum("SEED", argv[2], 0, 1000000000);
	for (i = 0; i < n; i++) {
		size_t kl = gen(k, 1), fl, vl;
		unsigned j, m;

		b.len = 0;
		switch (rnd(10)) {
		case 0: case 1: case 2: case 3:
			vl = gen(v, 0);
			buf_adds(&b, "SET ");
			put_key(&b, k, kl);
			buf_addc(&b, ' ');
			ops_put_arg(&b, v, vl);
			break;
		case 4:
			vl = gen(v, 0);
			buf_adds(&b, rnd(2) ? "set " : "SET ");
			put_key(&b, k, kl);
			buf_addc(&b, ' ');
			ops_put_arg(&b, v, vl);
			buf_adds(&b, " EX 100000");
			break;
		case 5:
			buf_adds(&b, "DEL ");
			put_key(&b, k, kl);
			break;
		case 6: case 7: case 8:
			k[0] = 'h';
			buf_adds(&b, "HSET ");
			put_key(&b, k, kl);
			m = rnd(3) + 1;
			for (j = 0; j < m; j++) {
				fl = gen(f, 1);
				vl = gen(v, 0);
				buf_addc(&b, ' ');
				ops_put_arg(&b, f, fl);
				buf_addc(&b, ' ');
				ops_put_arg(&b, v, vl);
			}
			break;
		default:
			k[0] = 'h';
			buf_adds(&b, "HDEL ");
			put_key(&b, k, kl);
			fl = gen(f, 1);
			buf_addc(&b, ' ');
			ops_put_arg(&b, f, fl);
		}
		buf_addc(&b, '\n');
		if (fwrite(b.p, 1, b.len, stdout) != b.len)
			return 1;
	}
	buf_free(&b);
	return fclose(stdout) == 0 ? 0 : 1;
}
