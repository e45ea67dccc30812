/* Redis access: connection from the environment, SCAN, TYPE and values. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "errmsg.h"
#include "target.h"

redisContext *
store_connect(struct buf *where, struct buf *err)
{
	struct target t;
	redisContext *c;

	if (target_from_env(&t, err) != 0 ||
	    (c = target_connect(&t, 0, err)) == NULL)
		return NULL;
	where->len = 0;
	target_put(where, &t);
	buf_adds(where, " db ");
	buf_addi(where, t.db);
	buf_addc(where, '\0');
	return c;
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
	unsigned long long next = q->cursor.scan, hint = q->count;
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
	cursor_init(&t->next);
	t->next.scan = next;
	return 0;
}

int
store_value_cmd(const char *type, const char **cmd)
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

void
store_fill(struct table *t, struct row *row, const redisReply *v)
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

void
store_checkpoint(struct sync *s, const redisReply *v)
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
	store_checkpoint(s, r);
	if (strncmp(s->error, "MOVED ", 6) == 0)	/* a cluster node */
		snprintf(s->error, sizeof(s->error), "%.60s (a Redis Cluster "
		    "node: set REDIS_CLUSTER)", r->str);
	freeReplyObject(r);
	/* Pipeline: the value of every row whose type has one. */
	for (i = 0; i < nkeys; i++) {
		if (rowof[i] < 0 ||
		    !store_value_cmd(t->rows[rowof[i]].type, &cmd))
			continue;
		redisAppendCommandArgv(c, 2, (const char *[]){ cmd,
		    keys[i]->str }, (size_t[]){ strlen(cmd), keys[i]->len });
	}
	for (i = 0; i < nkeys; i++) {
		if (rowof[i] < 0 ||
		    !store_value_cmd(t->rows[rowof[i]].type, &cmd))
			continue;
		if ((r = reply(c, err)) == NULL)
			goto out;
		store_fill(t, &t->rows[rowof[i]], r);
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
