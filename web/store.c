/* Redis access: connection from the environment, SCAN, TYPE and values. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#include "num.h"
#include "store.h"

static const struct timeval connect_timeout = { 2, 0 };
static const struct timeval command_timeout = { 10, 0 };

struct target {
	char	 host[256];
	int	 port;
	long long db;
	char	 user[256];
	char	 pass[512];
};

static void
errmsg(struct buf *err, const char *a, const char *b)
{
	err->len = 0;
	buf_adds(err, a);
	buf_adds(err, b);
	buf_addc(err, '\0');
}

static int
copy(char *dst, size_t cap, const char *s, size_t n)
{
	if (n >= cap)
		return -1;
	memcpy(dst, s, n);
	dst[n] = '\0';
	return 0;
}

/* redis://[[user]:password@]host[:port][/db]; host may be [v6addr]. */
static int
parse_url(struct target *t, const char *u, struct buf *err)
{
	const char *p, *at, *e, *colon, *slash;
	const char *es;
	char num[32];

	if (strncmp(u, "redis://", 8) != 0) {
		errmsg(err, "REDIS_URL: not redis://...: ", u);
		return -1;
	}
	p = u + 8;
	slash = strchr(p, '/');
	e = slash ? slash : p + strlen(p);
	at = memchr(p, '@', e - p);
	if (at != NULL) {
		colon = memchr(p, ':', at - p);
		if (colon == NULL) {	/* redis://password@host */
			if (copy(t->pass, sizeof(t->pass), p, at - p) != 0)
				goto bad;
		} else if (copy(t->user, sizeof(t->user), p, colon - p) != 0 ||
		    copy(t->pass, sizeof(t->pass), colon + 1,
		    at - colon - 1) != 0)
			goto bad;
		p = at + 1;
	}
	if (*p == '[') {
		const char *rb = memchr(p, ']', e - p);

		if (rb == NULL || copy(t->host, sizeof(t->host), p + 1,
		    rb - p - 1) != 0)
			goto bad;
		colon = rb + 1 < e && rb[1] == ':' ? rb + 1 : NULL;
	} else {
		colon = memchr(p, ':', e - p);
		if (copy(t->host, sizeof(t->host), p,
		    (colon ? colon : e) - p) != 0)
			goto bad;
	}
	if (colon != NULL) {
		if (copy(num, sizeof(num), colon + 1, e - colon - 1) != 0)
			goto bad;
		t->port = (int)cmn_strtonum(num, 1, 65535, &es);
		if (es != NULL)
			goto bad;
	}
	if (slash != NULL && slash[1] != '\0') {
		t->db = cmn_strtonum(slash + 1, 0, 1000000, &es);
		if (es != NULL)
			goto bad;
	}
	return 0;
bad:
	errmsg(err, "REDIS_URL: cannot parse: ", u);
	return -1;
}

static int
target_from_env(struct target *t, struct buf *err)
{
	const char *s, *es;

	memset(t, 0, sizeof(*t));
	strcpy(t->host, "127.0.0.1");
	t->port = 6379;
	if ((s = getenv("REDISCLI_AUTH")) != NULL && *s != '\0' &&
	    copy(t->pass, sizeof(t->pass), s, strlen(s)) != 0) {
		errmsg(err, "REDISCLI_AUTH: too long", "");
		return -1;
	}
	if ((s = getenv("REDIS_URL")) != NULL && *s != '\0')
		return parse_url(t, s, err);
	if ((s = getenv("REDIS_HOST")) != NULL && *s != '\0' &&
	    copy(t->host, sizeof(t->host), s, strlen(s)) != 0) {
		errmsg(err, "REDIS_HOST: too long", "");
		return -1;
	}
	if ((s = getenv("REDIS_PORT")) != NULL && *s != '\0') {
		t->port = (int)cmn_strtonum(s, 1, 65535, &es);
		if (es != NULL) {
			errmsg(err, "REDIS_PORT: not a port: ", s);
			return -1;
		}
	}
	if ((s = getenv("REDIS_DB")) != NULL && *s != '\0') {
		t->db = cmn_strtonum(s, 0, 1000000, &es);
		if (es != NULL) {
			errmsg(err, "REDIS_DB: not a database number: ", s);
			return -1;
		}
	}
	return 0;
}

/* Send argv, read the reply; NULL (message in err) on failure. */
static redisReply *
command(redisContext *c, int argc, const char **argv, struct buf *err)
{
	redisReply *r = redisCommandArgv(c, argc, argv, NULL);

	if (r == NULL)
		errmsg(err, "Redis: ", c->errstr[0] ? c->errstr :
		    "connection lost");
	else if (r->type == REDIS_REPLY_ERROR) {
		errmsg(err, "Redis refused: ", r->str);
		freeReplyObject(r);
		r = NULL;
	}
	return r;
}

redisContext *
store_connect(struct buf *where, struct buf *err)
{
	struct target t;
	redisContext *c;
	redisReply *r;
	char db[24];

	if (target_from_env(&t, err) != 0)
		return NULL;
	if (t.host[0] == '/')
		c = redisConnectUnixWithTimeout(t.host, connect_timeout);
	else
		c = redisConnectWithTimeout(t.host, t.port, connect_timeout);
	if (c == NULL || c->err) {
		errmsg(err, "cannot connect to Redis: ",
		    c ? c->errstr : "out of memory");
		redisFree(c);
		return NULL;
	}
	redisSetTimeout(c, command_timeout);
	if (t.pass[0] != '\0') {
		const char *a[] = { "AUTH", t.user, t.pass };

		r = t.user[0] ? command(c, 3, a, err) :
		    command(c, 2, (const char *[]){ "AUTH", t.pass }, err);
		if (r == NULL)
			goto fail;
		freeReplyObject(r);
	}
	snprintf(db, sizeof(db), "%lld", t.db);
	if (t.db != 0) {
		if ((r = command(c, 2, (const char *[]){ "SELECT", db },
		    err)) == NULL)
			goto fail;
		freeReplyObject(r);
	}
	where->len = 0;
	buf_adds(where, t.host);
	if (t.host[0] != '/') {
		buf_addc(where, ':');
		buf_addi(where, t.port);
	}
	buf_adds(where, " db ");
	buf_adds(where, db);
	buf_addc(where, '\0');
	return c;
fail:
	redisFree(c);
	return NULL;
}

/* The next pipelined reply; NULL (message in err) when the link failed. */
static redisReply *
reply(redisContext *c, struct buf *err)
{
	void *r = NULL;

	if (redisGetReply(c, &r) != REDIS_OK || r == NULL) {
		errmsg(err, "Redis: ", c->errstr[0] ? c->errstr :
		    "connection lost");
		return NULL;
	}
	return r;
}

static int
scan(redisContext *c, const struct query *q, struct table *t,
    struct redisReply ***keys, size_t *nkeys, struct buf *err)
{
	char cur[24], count[16];
	const char *argv[] = { "SCAN", cur, "MATCH", q->match, "COUNT", count };
	size_t argl[6] = { 4, 0, 5, q->matchlen, 5, 0 };
	redisReply *r, *k;
	size_t i, cap = 0, got;
	unsigned long long next = q->cursor, hint = q->count;
	int calls = 0;

	*keys = NULL;
	*nkeys = 0;
	do {
		argl[1] = snprintf(cur, sizeof(cur), "%llu", next);
		argl[5] = snprintf(count, sizeof(count), "%llu", hint);
		got = *nkeys;
		r = redisCommandArgv(c, 6, argv, argl);
		if (r == NULL) {
			errmsg(err, "Redis: ", c->errstr[0] ? c->errstr :
			    "connection lost");
			return -1;
		}
		if (r->type == REDIS_REPLY_ERROR || r->type !=
		    REDIS_REPLY_ARRAY || r->elements != 2 ||
		    r->element[0]->type != REDIS_REPLY_STRING ||
		    r->element[1]->type != REDIS_REPLY_ARRAY) {
			errmsg(err, "Redis refused SCAN: ",
			    r->type == REDIS_REPLY_ERROR ? r->str :
			    "unexpected reply");
			freeReplyObject(r);
			return -1;
		}
		next = strtoull(r->element[0]->str, NULL, 10);
		k = r->element[1];
		for (i = 0; i < k->elements; i++) {
			if (k->element[i]->type != REDIS_REPLY_STRING)
				continue;
			if (*nkeys == cap) {
				cap = cap ? cap * 2 : 64;
				*keys = cmn_xrealloc(*keys,
				    cap * sizeof(**keys));
			}
			(*keys)[(*nkeys)++] = k->element[i];
			k->element[i] = NULL;	/* now ours */
		}
		freeReplyObject(r);
		/*
		 * A pattern that few keys match: look at more keys a call
		 * while calls bring less than half of what the page still
		 * needs; bounded, so a page overshoots by at most the hint.
		 */
		if (*nkeys < q->count && (*nkeys - got) * 2 < q->count - *nkeys &&
		    hint < (unsigned long long)q->count * STORE_HINT_MAX)
			hint *= 2;
	} while (*nkeys < q->count && next != 0 &&
	    ++calls < STORE_SCAN_CALLS_MAX);
	t->next = next;
	return 0;
}

/* The command that fetches a key of this type (0: none needed). */
static int
value_cmd(const char *type, const char **cmd)
{
	static const char *const map[][2] = {
		{ "string", "GET" }, { "hash", "HGETALL" },
		{ "list", "LLEN" }, { "set", "SCARD" }, { "zset", "ZCARD" },
		{ "stream", "XLEN" },
	};
	size_t i;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(type, map[i][0]) == 0) {
			*cmd = map[i][1];
			return 1;
		}
	return 0;
}

static void
fill(struct table *t, struct row *row, const redisReply *v)
{
	char n[64];
	size_t i;

	if (v->type == REDIS_REPLY_ERROR) {
		snprintf(n, sizeof(n), "(error: %.40s)", v->str);
		table_set(t, row, "value", 5, n, strlen(n), 0);
	} else if (strcmp(row->type, "string") == 0 &&
	    v->type == REDIS_REPLY_STRING)
		table_add_value(t, row, v->str, v->len);
	else if (strcmp(row->type, "hash") == 0 &&
	    v->type == REDIS_REPLY_ARRAY) {
		for (i = 0; i + 1 < v->elements; i += 2)
			if (v->element[i]->type == REDIS_REPLY_STRING &&
			    v->element[i + 1]->type == REDIS_REPLY_STRING)
				table_set(t, row, v->element[i]->str,
				    v->element[i]->len, v->element[i + 1]->str,
				    v->element[i + 1]->len, 0);
	} else if (v->type == REDIS_REPLY_INTEGER) {
		snprintf(n, sizeof(n), "(%s of %lld elements)", row->type,
		    v->integer);
		table_set(t, row, "value", 5, n, strlen(n), 0);
	}
}

/* The checkpoint hash (HGETALL's reply) into s. */
static void
checkpoint(struct sync *s, const redisReply *v)
{
	size_t i;

	if (v->type == REDIS_REPLY_ERROR) {
		snprintf(s->error, sizeof(s->error), "%.100s", v->str);
		s->found = 1;
		return;
	}
	if (v->type != REDIS_REPLY_ARRAY)
		return;
	s->found = v->elements > 0;
	for (i = 0; i + 1 < v->elements; i += 2)
		if (v->element[i]->type == REDIS_REPLY_STRING &&
		    v->element[i + 1]->type == REDIS_REPLY_STRING)
			sync_field(s, v->element[i]->str, v->element[i]->len,
			    v->element[i + 1]->str, v->element[i + 1]->len);
	sync_done(s);
}

int
store_page(redisContext *c, const struct query *q, const char *ckpt,
    size_t ckptlen, struct table *t, struct sync *s, struct buf *err)
{
	redisReply **keys, *r = NULL;
	const char *cmd;
	size_t i, nkeys;
	int rc = -1, *rowof;

	if (scan(c, q, t, &keys, &nkeys, err) != 0)
		return -1;
	/* Pipeline: every TYPE, then DBSIZE and the checkpoint. */
	for (i = 0; i < nkeys; i++)
		redisAppendCommandArgv(c, 2, (const char *[]){ "TYPE",
		    keys[i]->str }, (size_t[]){ 4, keys[i]->len });
	redisAppendCommand(c, "DBSIZE");
	redisAppendCommandArgv(c, 2, (const char *[]){ "HGETALL", ckpt },
	    (size_t[]){ 7, ckptlen });
	rowof = cmn_xmalloc((nkeys + 1) * sizeof(*rowof));
	for (i = 0; i < nkeys; i++)
		rowof[i] = -1;
	for (i = 0; i < nkeys; i++) {
		if ((r = reply(c, err)) == NULL)
			goto out;
		/*
		 * A key gone since SCAN has type "none": not shown; the
		 * checkpoint is shown as the sync status, not as a row.
		 */
		if (r->type == REDIS_REPLY_STATUS &&
		    strcmp(r->str, "none") != 0 && !(keys[i]->len ==
		    ckptlen && memcmp(keys[i]->str, ckpt, ckptlen) == 0)) {
			table_add_row(t, keys[i]->str, keys[i]->len, r->str);
			rowof[i] = t->nrows - 1;
		}
		freeReplyObject(r);
	}
	if ((r = reply(c, err)) == NULL)
		goto out;
	t->dbsize = r->type == REDIS_REPLY_INTEGER ? r->integer : -1;
	freeReplyObject(r);
	if ((r = reply(c, err)) == NULL)
		goto out;
	checkpoint(s, r);
	freeReplyObject(r);
	/* Pipeline: the value of every row whose type has one. */
	for (i = 0; i < nkeys; i++) {
		if (rowof[i] < 0 || !value_cmd(t->rows[rowof[i]].type, &cmd))
			continue;
		redisAppendCommandArgv(c, 2, (const char *[]){ cmd,
		    keys[i]->str }, (size_t[]){ strlen(cmd), keys[i]->len });
	}
	for (i = 0; i < nkeys; i++) {
		if (rowof[i] < 0 || !value_cmd(t->rows[rowof[i]].type, &cmd))
			continue;
		if ((r = reply(c, err)) == NULL)
			goto out;
		fill(t, &t->rows[rowof[i]], r);
		freeReplyObject(r);
	}
	rc = 0;
out:
	for (i = 0; i < nkeys; i++)
		freeReplyObject(keys[i]);
	free(keys);
	free(rowof);
	return rc;
}
