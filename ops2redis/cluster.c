/*
 * Redis Cluster: the slot map, redirects, and the rule that keeps the
 * commands of a slot in their input order while the map changes under them.
 *
 * Every command kept in a window is counted for its slot (sl_n) with the
 * window holding it (sl_win). A new command may go to the window that now
 * serves its slot only when no earlier command of that slot is kept in
 * another window: such a command can still come back with MOVED (or be
 * moved when its node died) and would then be queued behind the new one.
 * Redirected commands move in the order their replies come, which is their
 * input order, so they stay in order among themselves.
 *
 * With --wait-replicas a window also keeps commands that were applied but
 * not confirmed yet. When a later command of their slot is redirected (for
 * ASK: of their key), they go with it, first: the slot's data left the node
 * with their effect, and sent to it again after a reconnect they would be
 * redirected behind the later command and undo it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cluster.h"
#include "cmd.h"
#include "pipeline.h"
#include "slot.h"


void
cl_count(struct pl *p, int slot, int wi)
{
	if (!p->cluster || slot < 0)
		return;
	if (p->sl_n[slot]++ == 0)
		p->sl_win[slot] = (short)wi;
	else if (p->sl_win[slot] != wi)
		p->sl_win[slot] = SL_SPLIT;
}

void
cl_uncount(struct pl *p, int slot)
{
	if (!p->cluster || slot < 0)
		return;
	if (--p->sl_n[slot] == 0)
		p->sl_win[slot] = SL_NONE;
}

int
cl_route(struct pl *p, int slot)
{
	size_t i;

	if (slot >= 0)
		return p->map[slot];
	for (i = 0; i < p->nw; i++)
		if (p->w[i]->role)
			return (int)i;
	return -1;
}

/* After a split: is the slot now kept in one window only? */
static void
rescan(struct pl *p, int slot)
{
	size_t i, j;
	int where = SL_NONE;

	for (i = 0; i < p->nw; i++) {
		struct win *w = p->w[i];

		for (j = 0; j < w->n; j++) {
			struct ent *e = win_ent(w, j);

			if (e->gone || e->slot != slot)
				continue;
			if (where == SL_NONE)
				where = (int)i;
			else if (where != (int)i)
				return;
			break;
		}
	}
	p->sl_win[slot] = (short)where;
}

int
cl_may_send(struct pl *p, int slot, int wi)
{
	if (!p->cluster || slot < 0 || p->sl_n[slot] == 0)
		return 1;
	if (p->sl_win[slot] == SL_SPLIT)
		rescan(p, slot);
	return p->sl_win[slot] == wi;
}

/* Entry i of window w goes to window ti (after ASKING when ask). */
static void
move(struct pl *p, struct win *w, size_t i, int ti, int ask)
{
	struct ent *e = win_ent(w, i);

	win_push_copy(p->w[ti], w, e, ask);
	p->w[ti]->since_wait++;
	cl_uncount(p, e->slot);
	cl_count(p, e->slot, ti);
	win_gone(w, i);
}

/* Do two entries of w name the same key (the second word)? */
static int
same_key(struct win *w, const struct ent *a, const struct ent *b)
{
	const char *ka, *kb;
	size_t la, lb, n;

	ka = win_cmd(w, a, &n);
	ka = cmd_resp_key(ka, n, &la);
	kb = win_cmd(w, b, &n);
	kb = cmd_resp_key(kb, n, &lb);
	return ka != NULL && kb != NULL && la == lb && memcmp(ka, kb, la) == 0;
}

void
cl_move(struct pl *p, int wi, size_t i, int ti, int ask)
{
	struct win *w = p->w[wi];
	const struct ent *e = win_ent(w, i);
	size_t j;

	for (j = 0; j < i && e->slot >= 0; j++) {
		const struct ent *x = win_ent(w, j);

		if (!x->gone && x->kind != ENT_WAIT && x->slot == e->slot &&
		    (!ask || same_key(w, x, e)))
			move(p, w, j, ti, ask);
	}
	move(p, w, i, ti, ask);
}

int
cl_reroute(struct pl *p, int wi)
{
	struct win *w = p->w[wi];
	size_t i, moved = 0;
	int t;

	for (i = 0; i < w->n; i++) {
		struct ent *e = win_ent(w, i);

		if (e->gone || e->kind == ENT_WAIT)
			continue;
		t = cl_route(p, e->slot);
		if (t < 0 || t == wi)
			return -1;
	}
	for (i = 0; i < w->n; i++) {
		struct ent *e = win_ent(w, i);

		if (e->gone || e->kind == ENT_WAIT)
			continue;
		move(p, w, i, cl_route(p, e->slot), 0);
		moved++;
	}
	if (moved > 0)
		fprintf(stderr, "ops2redis: %s: serves no slot now; %zu "
		    "commands go to the masters that do\n", w->name, moved);
	win_release(w, w->n);
	return 0;
}

/* Fill map from a CLUSTER SLOTS reply of host. 0, or -1 for another shape. */
static int
take_slots(const redisReply *r, const char *host, short *map,
    int (*node)(void *, const char *, int), void *arg)
{
	size_t i;
	int s;

	if (r->type != REDIS_REPLY_ARRAY)
		return -1;
	for (s = 0; s < SLOT_COUNT; s++)
		map[s] = -1;
	for (i = 0; i < r->elements; i++) {
		const redisReply *x = r->element[i], *m;
		const char *h;
		int ni;

		if (x->type != REDIS_REPLY_ARRAY || x->elements < 3 ||
		    x->element[0]->type != REDIS_REPLY_INTEGER ||
		    x->element[1]->type != REDIS_REPLY_INTEGER ||
		    (m = x->element[2])->type != REDIS_REPLY_ARRAY ||
		    m->elements < 2 || m->element[0]->type != REDIS_REPLY_STRING ||
		    m->element[1]->type != REDIS_REPLY_INTEGER ||
		    x->element[0]->integer < 0 ||
		    x->element[1]->integer >= SLOT_COUNT ||
		    x->element[0]->integer > x->element[1]->integer ||
		    m->element[1]->integer < 1 || m->element[1]->integer > 65535)
			return -1;
		/* an empty address is the node that was asked */
		h = m->element[0]->len > 0 && strcmp(m->element[0]->str, "?") != 0 ?
		    m->element[0]->str : host;
		ni = node(arg, h, (int)m->element[1]->integer);
		for (s = (int)x->element[0]->integer;
		    s <= x->element[1]->integer; s++)
			map[s] = (short)ni;
	}
	return 0;
}

int
cl_ask_slots(const struct conn_cfg *cfg, const char *host, int port,
    short *map, int (*node)(void *, const char *, int), void *arg, char *err,
    size_t errlen)
{
	struct conn_cfg c = *cfg;
	redisContext *ctx;
	redisReply *r;
	int rc;

	c.host = host;
	c.port = port;
	c.sock = NULL;
	c.master_only = 0;
	if ((rc = conn_open(&c, &ctx, err, errlen)) != CONN_OK)
		return rc;
	r = redisCommand(ctx, "CLUSTER SLOTS");
	if (r == NULL) {
		snprintf(err, errlen, "%s:%d: CLUSTER SLOTS: %s", host, port,
		    ctx->errstr[0] ? ctx->errstr : "connection lost");
		rc = CONN_RETRY;
	} else if (r->type == REDIS_REPLY_ERROR) {
		snprintf(err, errlen, "%s:%d: CLUSTER SLOTS: %s", host, port,
		    r->str);
		rc = strstr(r->str, "cluster support disabled") != NULL ||
		    strncmp(r->str, "NOPERM", 6) == 0 ? CONN_FATAL : CONN_RETRY;
	} else if (take_slots(r, host, map, node, arg) < 0) {
		snprintf(err, errlen, "%s:%d: CLUSTER SLOTS: unexpected reply",
		    host, port);
		rc = CONN_RETRY;
	}
	if (r != NULL)
		freeReplyObject(r);
	redisFree(ctx);
	return rc;
}

static int
node_of(void *p, const char *host, int port)
{
	return pl_node(p, host, port);
}

/* Ask host:port and take its map, with the serving flag of each window
 * (win.role). CONN_OK, CONN_RETRY or CONN_FATAL. */
static int
ask(struct pl *p, const char *host, int port, char *err, size_t errlen)
{
	short *map = cmn_xmalloc(SLOT_COUNT * sizeof(*map));
	size_t i;
	int rc, s;

	rc = cl_ask_slots(p->cfg, host, port, map, node_of, p, err, errlen);
	if (rc == CONN_OK) {
		memcpy(p->map, map, SLOT_COUNT * sizeof(*map));
		for (i = 0; i < p->nw; i++)
			p->w[i]->role = 0;
		for (s = 0; s < SLOT_COUNT; s++)
			if (p->map[s] >= 0)
				p->w[p->map[s]]->role = 1;
	}
	free(map);
	return rc;
}

int
cl_refresh(struct pl *p, char *err, size_t errlen, int *fatal)
{
	size_t i, nw;
	int pass, rc = CONN_RETRY, done = 0;

	*fatal = 0;
	p->last_refresh = progress_now();
	p->refresh_due = 0;
	nw = p->nw;		/* asking adds windows */
	/* masters that are up, other nodes that are up, then the seeds */
	for (pass = 0; pass < 3 && !done; pass++) {
		size_t n = pass < 2 ? nw : p->nseeds;

		for (i = 0; i < n && !done; i++) {
			const char *h;
			int port;

			if (pass < 2) {
				struct win *w = p->w[i];

				if (w->down_since != 0 || w->role != (pass == 0))
					continue;
				h = w->cfg.host;
				port = w->cfg.port;
			} else {
				h = p->seeds[i].host;
				port = p->seeds[i].port;
			}
			rc = ask(p, h, port, err, errlen);
			if (rc == CONN_OK)
				done = 1;
			else if (rc == CONN_FATAL) {
				*fatal = 1;
				return -1;
			}
		}
	}
	if (!done)
		return -1;
	for (i = 0; i < p->nw; i++) {
		struct win *w = p->w[i];

		if (!w->role && w->fd < 0 && w->n > 0)
			cl_reroute(p, (int)i);
	}
	return 0;
}
