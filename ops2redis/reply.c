/*
 * What a reply means: a command applied, an error to report, a redirect
 * (MOVED, ASK), a reply that means "later" (LOADING, CLUSTERDOWN...), or
 * the count of replicas a WAIT got.
 */
#include <stdio.h>
#include <string.h>

#include "cluster.h"
#include "cmd.h"
#include "pipeline.h"
#include "sig.h"
#include "slot.h"

#define SHOW_MAX	200		/* bytes of a command in a message */
#define SAY_EVERY	10.0		/* seconds between repeated warnings */

/* "file:line: what: command" on stderr; an error for the exit status. */
static void
report(struct pl *p, struct win *w, const struct ent *e, const char *what)
{
	const char *c;
	size_t len;

	c = win_cmd(w, e, &len);
	p->msg.len = 0;
	cmd_describe_resp(&p->msg, c, len, SHOW_MAX);
	fprintf(stderr, "ops2redis: %s:%llu: %s: %.*s\n", e->file, e->line,
	    what, (int)p->msg.len, p->msg.p);
	p->failed = 1;
	if (p->stop_on_error)
		p->stop = 1;
}

/* The reply of a command: counted once, even when it was sent again. */
static void
count(struct pl *p, struct win *w, struct ent *e, const char *err)
{
	char why[512];

	if (err == NULL) {
		if (e->answered == ANS_NONE) {
			if (e->kind == ENT_CHECKPOINT)
				p->st.checkpoints++;
			else
				p->st.applied++;
			w->st.applied++;
		}
		e->answered = ANS_OK;
		return;
	}
	if (e->answered == ANS_ERR)
		return;			/* said already */
	e->answered = ANS_ERR;
	p->st.errors++;
	w->st.errors++;
	if (!p->cluster && (strncmp(err, "MOVED ", 6) == 0 ||
	    strncmp(err, "ASK ", 4) == 0)) {
		snprintf(why, sizeof(why), "%s (a Redis Cluster node: use -c)",
		    err);
		err = why;
	}
	report(p, w, e, err);
}

/* Replies of a MULTI ... EXEC batch, EXEC at index i. */
static void
exec_reply(struct pl *p, struct win *w, size_t i, const redisReply *r)
{
	size_t m = i, k, ncmd;

	while (m > 0 && win_ent(w, m)->kind != ENT_MULTI)
		m--;
	ncmd = i - m - 1;
	if (r->type == REDIS_REPLY_ARRAY && r->elements == ncmd) {
		for (k = 0; k < ncmd; k++) {
			const redisReply *x = r->element[k];

			count(p, w, win_ent(w, m + 1 + k),
			    x->type == REDIS_REPLY_ERROR ? x->str : NULL);
		}
		return;
	}
	/* EXECABORT (a command was refused when queued) or worse */
	p->st.errors++;
	w->st.errors++;
	fprintf(stderr, "ops2redis: %s:%llu-%llu: batch of %zu commands not "
	    "applied: %s\n", win_ent(w, m)->file, win_ent(w, m)->line,
	    win_ent(w, i)->line, ncmd,
	    r->type == REDIS_REPLY_ERROR ? r->str : "unexpected EXEC reply");
	p->failed = 1;
	if (p->stop_on_error)
		p->stop = 1;
}

/*
 * MOVED or ASK for entry i of window wi: send it to the node named, after
 * ASKING for ASK; MOVED also changes the map. 0 when done, 1 when the
 * reply is no redirect, -1 when the connection was dropped.
 */
static int
redirect(struct pl *p, int wi, size_t i, const char *s)
{
	struct win *w, *t;
	char host[256];
	int slot, port, kind, ti;

	kind = slot_redirect(s, &slot, host, sizeof(host), &port);
	if (kind == SLOT_REDIR_NONE)
		return 1;
	if (host[0] == '\0')
		snprintf(host, sizeof(host), "%s", p->w[wi]->cfg.host);
	ti = pl_node(p, host, port);	/* can add a window */
	w = p->w[wi];
	t = p->w[ti];
	if (kind == SLOT_REDIR_MOVED) {
		p->map[slot] = (short)ti;
		t->role = 1;
		w->st.moved++;
		p->refresh_due = 1;
	} else
		w->st.asked++;
	if (ti == wi) {			/* the map is in flux: again later */
		pl_lose(p, w, s, 100);
		return -1;
	}
	cl_move(p, wi, i, ti, kind == SLOT_REDIR_ASK);
	w->nrep = i + 1;
	return 0;
}

/* The reply of WAIT, entry i: release what it confirmed, or say that it
 * did not and wait again. 0, or -1 when the connection went or time is up. */
static int
wait_reply(struct pl *p, int wi, size_t i, const redisReply *r)
{
	struct win *w = p->w[wi];
	double now;

	if (r->type == REDIS_REPLY_INTEGER && r->integer >= p->wait_n) {
		if (w->short_since != 0)
			pl_say(p, w, "WAIT: %lld replicas confirmed, going on",
			    r->integer);
		w->short_since = 0;
		pl_forget(p, w, i + 1);
		return 0;
	}
	if (r->type == REDIS_REPLY_ERROR && (strncmp(r->str, "UNBLOCKED",
	    9) == 0 || strstr(r->str, "replica") != NULL)) {
		pl_lose(p, w, r->str, 100);	/* no master any more */
		return -1;
	}
	w->st.waits_short++;
	now = progress_now();
	if (w->short_since == 0) {
		w->short_since = now;
		w->short_said = 0;
	}
	if (now - w->short_said >= SAY_EVERY) {
		if (r->type == REDIS_REPLY_INTEGER)
			pl_say(p, w, "WAIT: %lld of %d replicas confirmed; "
			    "keeping %zu commands until they are, no checkpoint "
			    "before", r->integer, p->wait_n, pl_kept(w));
		else
			pl_say(p, w, "WAIT: %s; keeping %zu commands, no "
			    "checkpoint before", r->type == REDIS_REPLY_ERROR ?
			    r->str : "unexpected reply", pl_kept(w));
		w->short_said = now;
	}
	if (now - w->short_since >= p->retry_ms / 1000.0 || cmn_stop) {
		pl_say(p, w, "WAIT: %d replicas did not confirm within %d s "
		    "(--retry-for): giving up", p->wait_n, p->retry_ms / 1000);
		p->gaveup = 1;
		p->unconfirmed = 1;
		return -1;
	}
	win_gone(w, i);			/* not sent again */
	pl_push_wait(p, w);
	return 0;
}

int
pl_reply(struct pl *p, int wi, redisReply *r)
{
	struct win *w = p->w[wi];
	struct ent *e;
	size_t i = win_next_reply(w);
	int err = r->type == REDIS_REPLY_ERROR, rc;

	if (i >= w->n) {
		pl_lose(p, w, "reply to no command", 0);
		return -1;
	}
	e = win_ent(w, i);
	if (e->asking && !e->asked) {	/* the reply to ASKING */
		e->asked = 1;
		if (err) {
			pl_lose(p, w, r->str, 100);
			return -1;
		}
		return 0;
	}
	if (err && p->cluster && (rc = redirect(p, wi, i, r->str)) <= 0) {
		w = p->w[wi];
		if (rc == 0 && p->wait_n == 0)
			pl_forget(p, w, w->nrep);
		return rc;
	}
	if (err && (conn_is_transient(r->str) || (!p->cluster &&
	    p->nseeds > 1 && strncmp(r->str, "READONLY", 8) == 0))) {
		pl_lose(p, w, r->str, w->busy_ms);
		if (w->busy_ms < 1000)
			w->busy_ms *= 2;
		return -1;
	}
	if (!err)
		w->busy_ms = 100;
	w->nrep = i + 1;
	switch (e->kind) {
	case ENT_WAIT:
		return wait_reply(p, wi, i, r);
	case ENT_MULTI:
		if (err)
			report(p, w, e, r->str);
		return 0;
	case ENT_EXEC:
		exec_reply(p, w, i, r);
		break;
	default:
		if (e->batched) {
			if (err) {
				e->qerr = 1;
				report(p, w, e, r->str);
			}
			return 0;	/* applied only at EXEC */
		}
		count(p, w, e, err ? r->str : NULL);
	}
	if (p->wait_n == 0)
		pl_forget(p, w, w->nrep);
	return 0;
}
