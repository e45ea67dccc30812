/*
 * Test generator: N random ops lines (seeded), quoted with ops_put_arg,
 * so every quoting style, binary keys and values and empty strings occur.
 *   gen_ops N SEED
 */
#include <stdio.h>
#include <stdlib.h>

#include "buf.h"
#include "num.h"
#include "ops.h"

static unsigned long long state;

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

int
main(int argc, char *argv[])
{
	struct buf b = { 0 };
	char k[256], f[256], v[256];
	long long n, i;

	if (argc != 3)
		return 2;
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
			ops_put_arg(&b, k, kl);
			buf_addc(&b, ' ');
			ops_put_arg(&b, v, vl);
			break;
		case 4:
			vl = gen(v, 0);
			buf_adds(&b, rnd(2) ? "set " : "SET ");
			ops_put_arg(&b, k, kl);
			buf_addc(&b, ' ');
			ops_put_arg(&b, v, vl);
			buf_adds(&b, " EX 100000");
			break;
		case 5:
			buf_adds(&b, "DEL ");
			ops_put_arg(&b, k, kl);
			break;
		case 6: case 7: case 8:
			k[0] = 'h';
			buf_adds(&b, "HSET ");
			ops_put_arg(&b, k, kl);
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
			ops_put_arg(&b, k, kl);
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
