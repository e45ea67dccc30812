/* Redis Cluster access: the masters, SCAN across them, keys by slot. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cluster.h"
#include "store.h"

/* A command for one node, its reply, and where it went. */
struct req {
	int	 node;		/* index in cl->node */
	int	 ask;		/* send ASKING first (an ASK reply followed) */
	int	 argc;
	const char *argv[2];
	size_t	 argl[2];
	redisReply *r;
};

/* A key from SCAN and the master it came from. */
struct key {
	redisReply *k;
	int	 from;
};

/* "Redis host:port: why" for a link that failed. */
static void
lost(struct buf *err, const struct cnode *n)
{
	err->len = 0;
	buf_adds(err, "Redis ");
	target_put(err, &n->t);
	buf_adds(err, ": ");
	buf_adds(err, n->c->errstr[0] ? n->c->errstr : "connection lost");
	buf_addc(err, '\0');
}

/* Add a node at host:port with the credentials of the node asked, connected. */
static int
node_add(struct cluster *cl, const char *host, int port, redisContext *c,
    struct buf *err)
{
	struct cnode *n;

	cl->node = cmn_xrealloc(cl->node, (cl->nnode + 1) * sizeof(*cl->node));
	n = &cl->node[cl->nnode];
	n->t = cl->auth;
	snprintf(n->t.host, sizeof(n->t.host), "%s", host);
	n->t.port = port;
	n->t.db = 0;
	if (c == NULL && (c = target_connect(&n->t, 1, err)) == NULL)
		return -1;
	n->c = c;
	return cl->nnode++;
}

/* The node at host:port, connected to when it is new (a redirect). */
static int
node_at(struct cluster *cl, const char *host, int port, struct buf *err)
{
	int i;

	for (i = 0; i < cl->nnode; i++)
		if (cl->node[i].t.port == port &&
		    strcmp(cl->node[i].t.host, host) == 0)
			return i;
	return node_add(cl, host, port, NULL, err);
}

/* The map from one startup node; c is kept open for reuse. 1 when taken,
 * 0 to try the next node, -1 when none can help (err says why). */
static int
ask(struct cluster *cl, const struct target *node, redisContext **c,
    struct buf *err)
{
	redisReply *r;
	int rc = 0;

	if ((*c = target_connect(node, 1, err)) == NULL)
		return 0;
	if ((r = redisCommand(*c, "CLUSTER SLOTS")) == NULL) {
		struct cnode n = { *node, *c };

		lost(err, &n);
	} else if (r->type == REDIS_REPLY_ERROR) {
		err->len = 0;
		buf_adds(err, "Redis ");
		target_put(err, node);
		if (strstr(r->str, "cluster support disabled") != NULL) {
			buf_adds(err, " is not a Redis Cluster node, and "
			    "REDIS_CLUSTER is set");
			rc = -1;
		} else {
			buf_adds(err, " refused CLUSTER SLOTS: ");
			buf_adds(err, r->str);
		}
		buf_addc(err, '\0');
	} else if (cmap_take(&cl->map, r, node->host, err) == 0)
		rc = 1;
	if (r != NULL)
		freeReplyObject(r);
	if (rc != 1) {
		redisFree(*c);
		*c = NULL;
	}
	return rc;
}

int
cluster_open(struct cluster *cl, struct buf *where, struct buf *err)
{
	struct target start[TARGET_NODES_MAX];
	redisContext *c = NULL;
	struct master *m;
	int i, n, rc = 0;

	memset(cl, 0, sizeof(*cl));
	if ((n = target_nodes(start, TARGET_NODES_MAX, err)) < 0)
		return -1;
	for (i = 0; i < n && rc == 0; i++)
		if ((rc = ask(cl, &start[i], &c, err)) == 1)
			cl->auth = start[i];
	if (rc != 1) {
		if (rc == 0 && n > 1) {		/* say that all were tried */
			struct buf m1 = { 0 };

			buf_adds(&m1, "none of the nodes asked gave the "
			    "cluster's map; the last: ");
			buf_adds(&m1, err->p);
			buf_addc(&m1, '\0');
			buf_free(err);
			*err = m1;
		}
		return -1;
	}
	cl->vm = cmn_xmalloc(cl->map.n * sizeof(*cl->vm));
	for (i = 0; i < cl->map.n; i++) {
		m = &cl->map.m[i];
		if (node_add(cl, m->host, m->port, c != NULL &&
		    strcmp(m->host, cl->auth.host) == 0 &&
		    m->port == cl->auth.port ? c : NULL, err) < 0) {
			err->len--;		/* the NUL */
			buf_adds(err, " (the master of slots ");
			buf_adds(err, m->slots);
			buf_adds(err, ")");
			buf_addc(err, '\0');
			redisFree(c);
			cluster_close(cl);
			return -1;
		}
		if (cl->node[i].c == c)
			c = NULL;		/* now the master's */
		cl->vm[i].host = m->host;
		cl->vm[i].port = m->port;
		cl->vm[i].id = m->id;
		cl->vm[i].slots = m->slots;
		cl->vm[i].keys = -1;
		cl->vm[i].scanned = 0;
	}
	redisFree(c);			/* the node asked was a replica */
	cl->view.m = cl->vm;
	cl->view.n = cl->map.n;
	where->len = 0;
	buf_adds(where, "Redis Cluster, ");
	buf_addi(where, cl->map.n);
	buf_adds(where, cl->map.n == 1 ? " master" : " masters");
	buf_addc(where, '\0');
	return 0;
}

void
cluster_close(struct cluster *cl)
{
	int i;

	for (i = 0; i < cl->nnode; i++)
		redisFree(cl->node[i].c);
	free(cl->node);
	free(cl->vm);
	cmap_free(&cl->map);
	memset(cl, 0, sizeof(*cl));
}

/*
 * Send the requests, pipelined on each node, and read their replies; a
 * MOVED or ASK reply is followed once (to a node connected to then if
 * new), on its own. -1 (message in err) when a link failed.
 */
static int
run(struct cluster *cl, struct req *rq, size_t n, struct buf *err)
{
	char host[256];
	size_t i;
	void *r;
	int j, nn = cl->nnode, kind, port, to, slot;

	for (j = 0; j < nn; j++)
		for (i = 0; i < n; i++) {
			if (rq[i].node != j)
				continue;
			if (rq[i].ask)
				redisAppendCommand(cl->node[j].c, "ASKING");
			redisAppendCommandArgv(cl->node[j].c, rq[i].argc,
			    rq[i].argv, rq[i].argl);
		}
	for (j = 0; j < nn; j++)
		for (i = 0; i < n; i++) {
			if (rq[i].node != j)
				continue;
			if (rq[i].ask) {
				if (redisGetReply(cl->node[j].c, &r) !=
				    REDIS_OK)
					goto lost;
				freeReplyObject(r);
			}
			if (redisGetReply(cl->node[j].c, &r) != REDIS_OK ||
			    r == NULL)
				goto lost;
			rq[i].r = r;
		}
	for (i = 0; i < n; i++) {
		if (rq[i].r->type != REDIS_REPLY_ERROR ||
		    (kind = slot_redirect(rq[i].r->str, &slot, host,
		    sizeof(host), &port)) == SLOT_REDIR_NONE)
			continue;
		if (host[0] == '\0')	/* the node that replied */
			snprintf(host, sizeof(host), "%s",
			    cl->node[rq[i].node].t.host);
		if ((to = node_at(cl, host, port, err)) < 0)
			return -1;
		freeReplyObject(rq[i].r);
		rq[i].r = NULL;
		rq[i].node = j = to;
		rq[i].ask = kind == SLOT_REDIR_ASK;
		if (rq[i].ask) {
			if ((r = redisCommand(cl->node[j].c, "ASKING")) == NULL)
				goto lost;
			freeReplyObject(r);
		}
		if ((r = redisCommandArgv(cl->node[j].c, rq[i].argc,
		    rq[i].argv, rq[i].argl)) == NULL)
			goto lost;
		rq[i].r = r;
	}
	return 0;
lost:
	lost(err, &cl->node[j]);
	return -1;
}

static void
req(struct req *q, int node, const char *cmd, const char *arg, size_t len)
{
	memset(q, 0, sizeof(*q));
	q->node = node;
	q->argc = arg != NULL ? 2 : 1;
	q->argv[0] = cmd;
	q->argl[0] = strlen(cmd);
	q->argv[1] = arg;
	q->argl[1] = len;
}

static void
unreq(struct req *q, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (q[i].r != NULL)
			freeReplyObject(q[i].r);
}

/* One SCAN of master mi: its keys appended; the next cursor in *cur. */
static int
scan1(struct cluster *cl, const struct query *q, int mi,
    unsigned long long *cur, unsigned long long hint, struct key **keys,
    size_t *nkeys, size_t *cap, struct buf *err)
{
	char c[24], count[24];
	const char *argv[] = { "SCAN", c, "MATCH", q->match, "COUNT", count };
	size_t argl[6] = { 4, 0, 5, q->matchlen, 5, 0 }, i;
	redisReply *r, *k;

	argl[1] = snprintf(c, sizeof(c), "%llu", *cur);
	argl[5] = snprintf(count, sizeof(count), "%llu", hint);
	if ((r = redisCommandArgv(cl->node[mi].c, 6, argv, argl)) == NULL) {
		lost(err, &cl->node[mi]);
		return -1;
	}
	if (r->type != REDIS_REPLY_ARRAY || r->elements != 2 ||
	    r->element[0]->type != REDIS_REPLY_STRING ||
	    r->element[1]->type != REDIS_REPLY_ARRAY) {
		err->len = 0;
		buf_adds(err, "Redis ");
		target_put(err, &cl->node[mi].t);
		buf_adds(err, " refused SCAN: ");
		buf_adds(err, r->type == REDIS_REPLY_ERROR ? r->str :
		    "unexpected reply");
		buf_addc(err, '\0');
		freeReplyObject(r);
		return -1;
	}
	*cur = strtoull(r->element[0]->str, NULL, 10);
	k = r->element[1];
	for (i = 0; i < k->elements; i++) {
		if (k->element[i]->type != REDIS_REPLY_STRING)
			continue;
		if (*nkeys == *cap) {
			*cap = *cap ? *cap * 2 : 64;
			*keys = cmn_xrealloc(*keys, *cap * sizeof(**keys));
		}
		(*keys)[*nkeys].k = k->element[i];
		(*keys)[(*nkeys)++].from = mi;
		k->element[i] = NULL;	/* now ours */
	}
	freeReplyObject(r);
	return 0;
}

/* SCAN from master mi, cursor cur, on across the masters. */
static int
scan(struct cluster *cl, const struct query *q, int mi,
    unsigned long long cur, struct table *t, struct key **keys,
    size_t *nkeys, struct buf *err)
{
	unsigned long long hint = q->count;
	size_t cap = 0, got;
	int calls = 0;

	*keys = NULL;
	*nkeys = 0;
	for (;;) {
		got = *nkeys;
		cl->vm[mi].scanned = 1;
		if (scan1(cl, q, mi, &cur, hint, keys, nkeys, &cap, err) != 0)
			return -1;
		/* as on one node: a sparse pattern looks at more keys */
		if (*nkeys < q->count && (*nkeys - got) * 2 <
		    q->count - *nkeys &&
		    hint < (unsigned long long)q->count * STORE_HINT_MAX)
			hint *= 2;
		if (*nkeys >= q->count || ++calls >= STORE_SCAN_CALLS_MAX)
			break;
		if (cur == 0 && mi + 1 >= cl->map.n)
			break;
		if (cur == 0)		/* this master is done: the next */
			mi++;
	}
	cmap_next(&cl->map, mi, cur, &t->next);
	return 0;
}

int
cluster_page(struct cluster *cl, const struct query *q, const char *ckpt,
    size_t ckptlen, struct table *t, struct sync *s, struct buf *err)
{
	struct key *keys = NULL;
	struct req *rq = NULL, *vq = NULL;
	const char *cmd;
	unsigned long long cur;
	size_t i, nkeys = 0, nv = 0, ck;
	int mi, rc = -1, *rowof = NULL, owner, restarted, total = 1;
	char n[64];

	if (cmap_start(&cl->map, &q->cursor, &mi, &cur, &restarted, err) != 0)
		return -1;
	cl->view.restarted = restarted;
	cl->view.slot = q->cursor.slot;
	cl->view.at = mi;
	if (scan(cl, q, mi, cur, t, &keys, &nkeys, err) != 0)
		goto out;

	/* Every TYPE, each master's DBSIZE, the checkpoint: by slot. */
	rq = cmn_xmalloc((nkeys + cl->map.n + 1) * sizeof(*rq));
	for (i = 0; i < nkeys; i++) {
		owner = cl->map.owner[slot_of_key(keys[i].k->str,
		    keys[i].k->len)];
		req(&rq[i], owner >= 0 ? owner : keys[i].from, "TYPE",
		    keys[i].k->str, keys[i].k->len);
	}
	for (mi = 0; mi < cl->map.n; mi++)
		req(&rq[nkeys + mi], mi, "DBSIZE", NULL, 0);
	ck = nkeys + cl->map.n;
	owner = cl->map.owner[slot_of_key(ckpt, ckptlen)];
	req(&rq[ck], owner, "HGETALL", ckpt, ckptlen);
	if (owner < 0) {	/* a slot without a master: sent nowhere */
		snprintf(s->error, sizeof(s->error), "no master serves "
		    "slot %d", slot_of_key(ckpt, ckptlen));
		s->found = 1;
	}
	if (run(cl, rq, owner >= 0 ? ck + 1 : ck, err) != 0)
		goto out;

	rowof = cmn_xmalloc((nkeys + 1) * sizeof(*rowof));
	for (i = 0; i < nkeys; i++) {
		redisReply *r = rq[i].r;

		rowof[i] = -1;
		if (keys[i].k->len == ckptlen &&
		    memcmp(keys[i].k->str, ckpt, ckptlen) == 0)
			continue;	/* shown as the sync status */
		if (r->type == REDIS_REPLY_STATUS &&
		    strcmp(r->str, "none") != 0) {
			table_add_row(t, keys[i].k->str, keys[i].k->len,
			    r->str);
			rowof[i] = t->nrows - 1;
		} else if (r->type == REDIS_REPLY_ERROR) {
			/* still refused after one redirect: said, not hidden */
			struct row *row = table_add_row(t, keys[i].k->str,
			    keys[i].k->len, "error");

			snprintf(n, sizeof(n), "(error: %.40s)", r->str);
			table_set(t, row, "value", 5, n, strlen(n), 0);
		}
	}
	t->dbsize = 0;
	for (mi = 0; mi < cl->map.n; mi++) {
		redisReply *r = rq[nkeys + mi].r;

		cl->vm[mi].keys = r->type == REDIS_REPLY_INTEGER ?
		    r->integer : -1;
		if (cl->vm[mi].keys < 0)
			total = 0;
		else
			t->dbsize += cl->vm[mi].keys;
	}
	if (!total)
		t->dbsize = -1;
	if (owner >= 0)
		store_checkpoint(s, rq[ck].r);

	/* The values, from the node that answered TYPE. */
	vq = cmn_xmalloc((nkeys + 1) * sizeof(*vq));
	for (i = 0; i < nkeys; i++) {
		if (rowof[i] < 0 ||
		    !store_value_cmd(t->rows[rowof[i]].type, &cmd))
			continue;
		req(&vq[nv], rq[i].node, cmd, keys[i].k->str, keys[i].k->len);
		vq[nv++].ask = rq[i].ask;
	}
	if (run(cl, vq, nv, err) != 0)
		goto out;
	for (i = 0, nv = 0; i < nkeys; i++) {
		if (rowof[i] < 0 ||
		    !store_value_cmd(t->rows[rowof[i]].type, &cmd))
			continue;
		store_fill(t, &t->rows[rowof[i]], vq[nv++].r);
	}
	rc = 0;
out:
	if (rq != NULL)
		unreq(rq, nkeys + cl->map.n + 1);
	if (vq != NULL)
		unreq(vq, nv);
	for (i = 0; i < nkeys; i++)
		freeReplyObject(keys[i].k);
	free(keys);
	free(rq);
	free(vq);
	free(rowof);
	return rc;
}
