/* What a command is: allowed (safe to replay), a checkpoint op; how to show it. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cmd.h"

/*
 * Commands whose second application changes nothing: replaying them after
 * a reconnect (when their first reply was lost) is safe. Sorted.
 */
const char *const cmd_allowed[] = {
	"DEL", "EXPIRE", "EXPIREAT", "HDEL", "HMSET", "HSET", "MSET",
	"PERSIST", "PEXPIRE", "PEXPIREAT", "PING", "PSETEX", "SADD", "SET",
	"SETEX", "SREM", "UNLINK", "ZREM", NULL
};

/*
 * Commands that change the connection's state or the reply stream: a
 * reconnect would lose their effect, or they would break the pipeline's
 * one-reply-a-command order. Refused even with --allow-any. Sorted.
 */
const char *const cmd_stateful[] = {
	"AUTH", "CLIENT", "DISCARD", "EXEC", "HELLO", "MONITOR", "MULTI",
	"PSUBSCRIBE", "PUNSUBSCRIBE", "QUIT", "RESET", "SELECT", "SSUBSCRIBE",
	"SUBSCRIBE", "SUNSUBSCRIBE", "UNSUBSCRIBE", "UNWATCH", "WATCH", NULL
};

/* Is name in the sorted, NULL-ended list (case-insensitive)? */
static int
in_list(const char *name, const char *const *list)
{
	int lo = 0, hi, i;

	for (hi = 0; list[hi] != NULL; hi++)
		;
	while (lo < hi) {
		int c;

		i = (lo + hi) / 2;
		c = strcasecmp(name, list[i]);
		if (c == 0)
			return 1;
		if (c < 0)
			hi = i;
		else
			lo = i + 1;
	}
	return 0;
}

int
cmd_is_allowed(const struct ops_argv *av)
{
	return in_list(ops_arg(av, 0), cmd_allowed);
}

int
cmd_is_stateful(const struct ops_argv *av)
{
	return in_list(ops_arg(av, 0), cmd_stateful);
}

int
cmd_is_checkpoint(const struct ops_argv *av, const char *key, size_t keylen)
{
	return av->argc >= 4 && av->len[1] == keylen &&
	    strcasecmp(ops_arg(av, 0), "HSET") == 0 &&
	    memcmp(ops_arg(av, 1), key, keylen) == 0;
}

static void
resp_len(struct buf *b, int c, size_t n)
{
	char tmp[24], *p = tmp + sizeof(tmp);

	*--p = '\n';
	*--p = '\r';
	do
		*--p = (char)('0' + n % 10);
	while ((n /= 10) != 0);
	*--p = (char)c;
	buf_add(b, p, (size_t)(tmp + sizeof(tmp) - p));
}

void
cmd_resp(struct buf *b, const struct ops_argv *av)
{
	int i;

	resp_len(b, '*', (size_t)av->argc);
	for (i = 0; i < av->argc; i++) {
		resp_len(b, '$', av->len[i]);
		if (b->cap - b->len < av->len[i] + 2)
			buf_grow(b, av->len[i] + 2);
		memcpy(b->p + b->len, ops_arg(av, i), av->len[i]);
		b->len += av->len[i];
		b->p[b->len++] = '\r';
		b->p[b->len++] = '\n';
	}
}

/* Parse "<c>N\r\n" at *p; returns N or -1. */
static long
resp_num(const char **p, const char *e, int c)
{
	long n = 0;

	if (*p >= e || **p != c)
		return -1;
	for ((*p)++; *p < e && **p >= '0' && **p <= '9'; (*p)++)
		n = n * 10 + (**p - '0');
	if (e - *p < 2 || (*p)[0] != '\r')
		return -1;
	*p += 2;
	return n;
}

const char *
cmd_resp_key(const char *p, size_t n, size_t *keylen)
{
	const char *e = p + n;
	long len;

	if (resp_num(&p, e, '*') < 2 || (len = resp_num(&p, e, '$')) < 0 ||
	    e - p < len + 2)
		return NULL;
	p += len + 2;
	if ((len = resp_num(&p, e, '$')) < 0 || e - p < len)
		return NULL;
	*keylen = (size_t)len;
	return p;
}

void
cmd_describe_resp(struct buf *b, const char *p, size_t n, size_t max)
{
	const char *e = p + n;
	size_t start = b->len;
	long argc, i;

	argc = resp_num(&p, e, '*');
	for (i = 0; i < argc; i++) {
		long len = resp_num(&p, e, '$');

		if (len < 0 || e - p < len)
			break;
		if (i > 0)
			buf_addc(b, ' ');
		if (b->len - start > max) {
			b->len = start + max;
			buf_adds(b, "...");
			return;
		}
		ops_put_arg(b, p, (size_t)len > max ? max : (size_t)len);
		p += len + 2;
	}
	if (b->len - start > max) {
		b->len = start + max;
		buf_adds(b, "...");
	}
}

void
cmd_describe_line(struct buf *b, const char *p, size_t n, size_t max)
{
	size_t start = b->len;

	ops_put_arg(b, p, n > max ? max : n);
	if (n > max || b->len - start > max + 2) {
		if (b->len - start > max)
			b->len = start + max;
		buf_adds(b, "...");
	}
}
