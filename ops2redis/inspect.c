/* --scan and --diff: reading Redis to compare it with ops, writing nothing. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "buf.h"
#include "cluster.h"
#include "cmd.h"
#include "inspect.h"
#include "line.h"
#include "ops.h"
#include "sig.h"
#include "slot.h"

#define EX_DIFFER	1
#define EX_DATA		65
#define EX_UNAVAIL	69
#define EX_IO		74
#define EX_TEMP		75
#define OUT_HIGH	(64 * 1024)

/* The servers read: one, or the masters of a cluster with the slot map. */
struct node {
	char		*host;
	int		 port;
	redisContext	*c;		/* reads, pipelined */
	redisContext	*side;		/* a redirected read, alone */
};

struct nodes {
	const struct inspect *in;
	struct node	*n;
	size_t		 nn;
	short		*owner;		/* slot -> node (cluster) */
	char		 err[512];
};

static int
node_add(struct nodes *ns, const char *host, int port)
{
	size_t i;

	for (i = 0; i < ns->nn; i++)
		if (ns->n[i].port == port && strcmp(ns->n[i].host, host) == 0)
			return (int)i;
	ns->n = cmn_xrealloc(ns->n, (ns->nn + 1) * sizeof(*ns->n));
	ns->n[ns->nn].host = cmn_xstrdup(host);
	ns->n[ns->nn].port = port;
	ns->n[ns->nn].c = ns->n[ns->nn].side = NULL;
	return (int)ns->nn++;
}

/* Connect *c to node n (a master) unless it is; 0, or -1 with ns->err. */
static int
node_connect(struct nodes *ns, const struct node *n, redisContext **c)
{
	struct conn_cfg cfg = *ns->in->cfg;

	if (*c != NULL)
		return 0;
	cfg.host = n->host;
	cfg.port = n->port;
	cfg.master_only = 1;
	return conn_open(&cfg, c, ns->err, sizeof(ns->err)) == CONN_OK ? 0 : -1;
}

static int
node_of(void *ns, const char *host, int port)
{
	return node_add(ns, host, port);
}

static int
nodes_open(struct nodes *ns, const struct inspect *in)
{
	size_t i;
	int rc = CONN_RETRY;

	memset(ns, 0, sizeof(*ns));
	ns->in = in;
	if (!in->cluster) {	/* the first master that answers */
		for (i = 0; i < in->nseeds; i++) {
			struct node n = { (char *)in->seeds[i].host,
			    in->seeds[i].port, NULL, NULL };

			if (node_connect(ns, &n, &n.c) == 0) {
				node_add(ns, n.host, n.port);
				ns->n[0].c = n.c;
				return 0;
			}
		}
		return -1;
	}
	ns->owner = cmn_xmalloc(SLOT_COUNT * sizeof(*ns->owner));
	for (i = 0; i < in->nseeds && rc == CONN_RETRY; i++)
		rc = cl_ask_slots(in->cfg, in->seeds[i].host, in->seeds[i].port,
		    ns->owner, node_of, ns, ns->err, sizeof(ns->err));
	if (rc != CONN_OK)
		return -1;
	for (i = 0; i < ns->nn; i++)
		if (node_connect(ns, &ns->n[i], &ns->n[i].c) < 0)
			return -1;
	return 0;
}

static void
nodes_close(struct nodes *ns)
{
	size_t i;

	for (i = 0; i < ns->nn; i++) {
		if (ns->n[i].c != NULL)
			redisFree(ns->n[i].c);
		if (ns->n[i].side != NULL)
			redisFree(ns->n[i].side);
		free(ns->n[i].host);
	}
	free(ns->n);
	free(ns->owner);
}

static int
flush(struct buf *b)
{
	if (b->len > 0 && fwrite(b->p, 1, b->len, stdout) != b->len)
		return -1;
	b->len = 0;
	return 0;
}

int
inspect_scan(const struct inspect *in, const char *pattern)
{
	struct nodes ns;
	struct buf out = { 0 };
	size_t i;
	int status = 0;

	if (nodes_open(&ns, in) < 0) {
		fprintf(stderr, "ops2redis: %s\n", ns.err);
		nodes_close(&ns);
		return EX_UNAVAIL;
	}
	for (i = 0; i < ns.nn && status == 0 && !cmn_stop; i++) {
		char cursor[32] = "0";

		do {
			redisReply *r = redisCommand(ns.n[i].c, "SCAN %s MATCH "
			    "%s COUNT 1000", cursor, pattern);
			size_t k;

			if (r == NULL || r->type != REDIS_REPLY_ARRAY ||
			    r->elements != 2 ||
			    r->element[0]->type != REDIS_REPLY_STRING ||
			    r->element[1]->type != REDIS_REPLY_ARRAY) {
				fprintf(stderr, "ops2redis: %s:%d: SCAN: %s\n",
				    ns.n[i].host, ns.n[i].port, r == NULL ?
				    ns.n[i].c->errstr : r->type ==
				    REDIS_REPLY_ERROR ? r->str : "a strange reply");
				freeReplyObject(r);
				status = EX_UNAVAIL;
				break;
			}
			snprintf(cursor, sizeof(cursor), "%s", r->element[0]->str);
			for (k = 0; k < r->element[1]->elements; k++) {
				const redisReply *key = r->element[1]->element[k];

				buf_adds(&out, "DEL ");
				ops_put_arg(&out, key->str, key->len);
				buf_addc(&out, '\n');
			}
			freeReplyObject(r);
			if (out.len >= OUT_HIGH && flush(&out) < 0)
				status = EX_IO;
		} while (strcmp(cursor, "0") != 0 && status == 0 && !cmn_stop);
	}
	if (status == 0 && (flush(&out) < 0 || fflush(stdout) != 0))
		status = EX_IO;
	if (status == EX_IO)
		fprintf(stderr, "ops2redis: stdout: %s\n", strerror(errno));
	if (status == 0 && cmn_stop) {
		fprintf(stderr, "ops2redis: stopped by a signal: the keys listed "
		    "are not all\n");
		status = EX_TEMP;
	}
	buf_free(&out);
	nodes_close(&ns);
	return status;
}

/* --diff: the ops of one batch, each with the read that checks it. */
enum { K_SET, K_DEL, K_HSET, K_HDEL };

struct op {
	int		 kind;
	int		 node;
	int		 merged;	/* an HDEL that belongs to the HSET before */
	size_t		 off, len;	/* the line in batch.lines */
	unsigned long long lineno;
};

struct diff {
	struct nodes	 ns;
	struct ops_argv	 av, prev;
	struct buf	 lines, out;
	struct op	*op;
	size_t		 nop;
	const char	**qv;		/* the read's words, */
	size_t		*ql;		/* their lengths */
	int		 qcap;
	size_t		 ckeylen;
	unsigned long long checked, same, differ, missing, skipped;
	int		 status;
	const char	*file;
	int		 warned;
};

/* Append to c the read that tells whether Redis shows op o (in d->av). */
static void
send_query(struct diff *d, const struct op *o, redisContext *c)
{
	static const char *const cmd[] = { "GET", "EXISTS", "HGETALL", "HMGET" };
	int i, n;

	n = o->kind == K_SET || o->kind == K_HSET ? 2 : d->av.argc;
	if (n > d->qcap) {
		d->qcap = n;
		d->qv = cmn_xrealloc(d->qv, (size_t)n * sizeof(*d->qv));
		d->ql = cmn_xrealloc(d->ql, (size_t)n * sizeof(*d->ql));
	}
	d->qv[0] = cmd[o->kind];
	d->ql[0] = strlen(cmd[o->kind]);
	for (i = 1; i < n; i++) {
		d->qv[i] = ops_arg(&d->av, i);
		d->ql[i] = d->av.len[i];
	}
	if (redisAppendCommandArgv(c, n, d->qv, d->ql) != REDIS_OK) {
		fprintf(stderr, "ops2redis: out of memory\n");
		exit(1);
	}
}

/* Does the reply show what op o writes? 1 yes, 0 no (-1: key missing). */
static int
shows(struct diff *d, const struct op *o, const redisReply *r)
{
	size_t i, k;

	switch (o->kind) {
	case K_SET:
		if (r->type == REDIS_REPLY_NIL)
			return -1;
		return r->type == REDIS_REPLY_STRING && r->len == d->av.len[2] &&
		    memcmp(r->str, ops_arg(&d->av, 2), r->len) == 0;
	case K_DEL:
		return r->type == REDIS_REPLY_INTEGER && r->integer == 0;
	case K_HDEL:
		if (r->type != REDIS_REPLY_ARRAY)
			return 0;
		for (i = 0; i < r->elements; i++)
			if (r->element[i]->type != REDIS_REPLY_NIL)
				return 0;
		return 1;
	}
	/* K_HSET: the hash holds exactly these fields and values */
	if (r->type != REDIS_REPLY_ARRAY)
		return 0;
	if (r->elements == 0)
		return -1;
	if (r->elements != (size_t)(d->av.argc - 2))
		return 0;
	for (k = 2; k + 1 < (size_t)d->av.argc; k += 2) {
		for (i = 0; i + 1 < r->elements; i += 2)
			if (r->element[i]->len == d->av.len[k] &&
			    memcmp(r->element[i]->str, ops_arg(&d->av, (int)k),
			    d->av.len[k]) == 0)
				break;
		if (i + 1 >= r->elements ||
		    r->element[i + 1]->len != d->av.len[k + 1] ||
		    memcmp(r->element[i + 1]->str, ops_arg(&d->av, (int)k + 1),
		    d->av.len[k + 1]) != 0)
			return 0;
	}
	return 1;
}

/* Read one reply; NULL when the connection failed (said). */
static redisReply *
get_reply(const struct node *n, redisContext *c)
{
	void *r;

	if (redisGetReply(c, &r) != REDIS_OK) {
		fprintf(stderr, "ops2redis: %s:%d: %s\n", n->host, n->port,
		    c->errstr[0] ? c->errstr : "connection lost");
		return NULL;
	}
	return r;
}

/*
 * The reply to op o's read (in d->av). A MOVED or ASK is followed once,
 * on the side connection of the node named: its main one may have reads
 * of this batch pending. NULL when a node failed (said).
 */
static redisReply *
reply_of(struct diff *d, const struct op *o)
{
	struct node *n = &d->ns.n[o->node];
	redisReply *r;
	char host[256];
	int slot, port, how, ni;

	if ((r = get_reply(n, n->c)) == NULL || r->type != REDIS_REPLY_ERROR ||
	    (how = slot_redirect(r->str, &slot, host, sizeof(host), &port)) ==
	    SLOT_REDIR_NONE)
		return r;
	freeReplyObject(r);
	if (host[0] == '\0')		/* the node that replied */
		snprintf(host, sizeof(host), "%s", n->host);
	ni = node_add(&d->ns, host, port);
	n = &d->ns.n[ni];
	if (how == SLOT_REDIR_MOVED && d->ns.owner != NULL)
		d->ns.owner[slot] = (short)ni;
	if (node_connect(&d->ns, n, &n->side) < 0) {
		fprintf(stderr, "ops2redis: %s\n", d->ns.err);
		return NULL;
	}
	if (how == SLOT_REDIR_ASK) {
		if ((r = redisCommand(n->side, "ASKING")) == NULL) {
			fprintf(stderr, "ops2redis: %s:%d: %s\n", n->host,
			    n->port, n->side->errstr);
			return NULL;
		}
		freeReplyObject(r);
	}
	send_query(d, o, n->side);
	return get_reply(n, n->side);
}

/* Take the replies of the batch's reads, in order; write what differs. */
static int
run_batch(struct diff *d)
{
	const char *lines = d->lines.p;
	size_t i;

	for (i = 0; i < d->nop; i++) {
		const struct op *o = &d->op[i];
		redisReply *r;
		int s;

		if (o->merged)
			continue;
		ops_split(&d->av, lines + o->off, o->len);
		if ((r = reply_of(d, o)) == NULL)
			return EX_UNAVAIL;
		if (r->type == REDIS_REPLY_ERROR &&
		    strncmp(r->str, "WRONGTYPE", 9) != 0) {
			fprintf(stderr, "ops2redis: %s:%llu: %s\n", d->file,
			    o->lineno, r->str);
			freeReplyObject(r);
			return EX_UNAVAIL;
		}
		s = shows(d, o, r);
		freeReplyObject(r);
		d->checked++;
		if (s == 1) {
			d->same++;
			continue;
		}
		d->differ++;
		d->missing += s < 0;
		if (o->kind == K_HSET) {	/* the whole row, nothing else */
			buf_adds(&d->out, "DEL ");
			ops_put_arg(&d->out, ops_arg(&d->av, 1), d->av.len[1]);
			buf_addc(&d->out, '\n');
		}
		buf_add(&d->out, lines + o->off, o->len);
		buf_addc(&d->out, '\n');
	}
	d->nop = 0;
	d->lines.len = 0;
	if (flush(&d->out) < 0) {
		fprintf(stderr, "ops2redis: stdout: %s\n", strerror(errno));
		return EX_IO;
	}
	return 0;
}

static int
same_key(const struct ops_argv *a, const char *k, size_t n)
{
	return a->argc >= 2 && a->len[1] == n && memcmp(ops_arg(a, 1), k, n) == 0;
}

/*
 * One line: an op of the batch, its read sent, or a reason it is not
 * compared. 0, or an exit status when the run must end.
 */
static int
diff_line(struct diff *d, const char *line, size_t len, unsigned long long lineno,
    int cut)
{
	const struct inspect *in = d->ns.in;
	struct node *n;
	struct op *o;
	const char *c;
	int argc, kind, slot = SLOT_NONE, rc;

	if (d->nop == in->batch && (rc = run_batch(d)) != 0)
		return rc;
	if (cut || memchr(line, '\0', len) != NULL ||
	    (argc = ops_split(&d->av, line, len)) < 0) {
		fprintf(stderr, "ops2redis: %s:%llu: %s\n", d->file, lineno, cut ?
		    "no newline at the end: the input was cut short" :
		    "a line that does not split");
		d->status = EX_DATA;
		return 0;
	}
	if (argc == 0)
		return 0;
	c = ops_arg(&d->av, 0);
	if (strcasecmp(c, "SET") == 0 && argc >= 3)
		kind = K_SET;
	else if (strcasecmp(c, "DEL") == 0 && argc >= 2)
		kind = K_DEL;
	else if (strcasecmp(c, "HSET") == 0 && argc >= 4 && argc % 2 == 0)
		kind = K_HSET;
	else if (strcasecmp(c, "HDEL") == 0 && argc >= 3)
		kind = K_HDEL;
	else
		kind = -1;
	if (kind == K_HSET && in->ckey != NULL &&
	    cmd_is_checkpoint(&d->av, in->ckey, d->ckeylen))
		return 0;			/* a checkpoint */
	if (kind >= 0 && in->cluster && (slot = slot_of_cmd(&d->av)) < 0)
		kind = -1;			/* keys in several slots */
	if (kind < 0) {
		d->skipped++;
		if (!d->warned++)
			fprintf(stderr, "ops2redis: %s:%llu: %.*s: not compared "
			    "(only SET, DEL, HSET, HDEL of one slot are)\n",
			    d->file, lineno, (int)d->av.len[0], c);
		return 0;
	}
	if ((d->nop + 1) % 1024 == 1)
		d->op = cmn_xrealloc(d->op, (d->nop + 1024) * sizeof(*d->op));
	o = &d->op[d->nop];
	o->kind = kind;
	o->merged = 0;
	o->lineno = lineno;
	o->node = in->cluster ? d->ns.owner[slot] : 0;
	if (o->node < 0) {
		fprintf(stderr, "ops2redis: %s:%llu: slot %d has no master\n",
		    d->file, lineno, slot);
		return EX_UNAVAIL;
	}
	/* HSET key ... then HDEL key ...: one row, the HSET checks it all */
	if (kind == K_HDEL && d->nop > 0 && d->op[d->nop - 1].kind == K_HSET) {
		const struct op *p = &d->op[d->nop - 1];

		ops_split(&d->prev, d->lines.p + p->off, p->len);
		if (same_key(&d->prev, ops_arg(&d->av, 1), d->av.len[1]))
			o->merged = 1;
	}
	if (!o->merged) {		/* a node a MOVED named: not connected yet */
		n = &d->ns.n[o->node];
		if (node_connect(&d->ns, n, &n->c) < 0) {
			fprintf(stderr, "ops2redis: %s\n", d->ns.err);
			return EX_UNAVAIL;
		}
		send_query(d, o, n->c);
	}
	o->off = d->lines.len;
	o->len = len;
	buf_add(&d->lines, line, len);
	d->nop++;
	return 0;
}

int
inspect_diff(const struct inspect *in, int nfiles, char **files)
{
	static char dash[] = "-";
	static char *stdin_only[] = { dash };
	struct diff d;
	int i, status;

	memset(&d, 0, sizeof(d));
	d.ckeylen = in->ckey != NULL ? strlen(in->ckey) : 0;
	if (nfiles == 0) {
		nfiles = 1;
		files = stdin_only;
	}
	if (nodes_open(&d.ns, in) < 0) {
		fprintf(stderr, "ops2redis: %s\n", d.ns.err);
		nodes_close(&d.ns);
		return EX_UNAVAIL;
	}
	status = 0;
	for (i = 0; i < nfiles && status == 0 && !cmn_stop; i++) {
		struct lr lr;
		char *line;
		size_t len;
		int fd = 0, rc;

		d.file = strcmp(files[i], "-") == 0 ? "stdin" : files[i];
		if (strcmp(files[i], "-") != 0 &&
		    (fd = open(files[i], O_RDONLY)) < 0) {
			fprintf(stderr, "ops2redis: %s: %s\n", files[i],
			    strerror(errno));
			status = EX_IO;
			break;
		}
		lr_init(&lr, fd);
		while (status == 0 && (rc = lr_next(&lr, &line, &len)) == 1)
			status = diff_line(&d, line, len, lr.lineno, lr.cut);
		if (rc < 0) {
			fprintf(stderr, "ops2redis: %s: %s\n", d.file,
			    strerror(errno));
			status = EX_IO;
		}
		lr_free(&lr);
		if (fd != 0)
			close(fd);
		if (status == 0 && d.nop > 0)
			status = run_batch(&d);
	}
	if (status == 0 && fflush(stdout) != 0) {
		fprintf(stderr, "ops2redis: stdout: %s\n", strerror(errno));
		status = EX_IO;
	}
	fprintf(stderr, "ops2redis: %llu ops checked: %llu in step, %llu differ "
	    "(%llu of them missing), %llu not compared\n", d.checked, d.same,
	    d.differ, d.missing, d.skipped);
	if (status == 0 && cmn_stop) {
		fprintf(stderr, "ops2redis: stopped by a signal: the input was "
		    "not all read\n");
		status = EX_TEMP;
	}
	if (status == 0)
		status = d.status != 0 ? d.status : d.differ > 0 ? EX_DIFFER : 0;
	ops_argv_free(&d.av);
	ops_argv_free(&d.prev);
	free(d.qv);
	free(d.ql);
	buf_free(&d.lines);
	buf_free(&d.out);
	free(d.op);
	nodes_close(&d.ns);
	return status;
}
