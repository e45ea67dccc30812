/*
 * Connecting a window: its node (or, without -c and with several servers,
 * the first that is a master), retried with a growing delay for
 * --retry-for; with -c a node that cannot be reached makes the slot map be
 * asked for again, and its commands move once another node serves them.
 */
#include <poll.h>
#include <stdio.h>
#include <string.h>

#include "cluster.h"
#include "pipeline.h"
#include "sig.h"

/* Connect window wi (cluster: or learn that its node was replaced).
 * 0, or -1 when it is time to give up (gaveup set). */
int
pl_connect_win(struct pl *p, int wi)
{
	struct win *w = p->w[wi];
	double now;
	char err[512];
	int rc = CONN_RETRY;
	size_t s;

	if (!p->cluster && p->nseeds > 1) {	/* in order, a master */
		char one[256];
		size_t len = 0;
		int named;

		for (s = 0; s < p->nseeds; s++) {
			win_addr(w, p->seeds[s].host, p->seeds[s].port);
			rc = conn_open(&w->cfg, &w->ctx, one, sizeof(one));
			if (rc != CONN_RETRY)
				break;
			/* each reason with its server */
			named = strncmp(one, w->name, strlen(w->name)) == 0;
			len += (size_t)snprintf(err + len, sizeof(err) - len,
			    "%s%s%s%s", s == 0 ? "no master: " : "; ",
			    named ? "" : w->name, named ? "" : ": ", one);
			if (len >= sizeof(err))
				len = sizeof(err) - 1;
		}
		if (rc != CONN_RETRY)
			snprintf(err, sizeof(err), "%s", one);
	} else
		rc = conn_open(&w->cfg, &w->ctx, err, sizeof(err));
	now = progress_now();
	if (rc == CONN_OK) {
		w->fd = w->ctx->fd;
		if (w->connected_once) {
			w->st.reconnects++;
			p->st.reconnects++;
		}
		if (w->down_since != 0 || (p->verbose && w->connected_once))
			pl_say(p, w, "connected");
		w->connected_once = 1;
		w->down_since = 0;
		w->backoff_ms = 50;
		w->waited_since = 0;
		return 0;
	}
	if (cmn_stop || rc == CONN_FATAL) {	/* do not wait on */
		fprintf(stderr, "ops2redis: %s\n", err);
		p->gaveup = 1;
		return -1;
	}
	if (w->down_since == 0) {
		w->down_since = now;
		fprintf(stderr, "ops2redis: %s; retrying for up to %.0f s\n",
		    err, p->retry_ms / 1000.0);
	}
	if (p->cluster) {
		char e2[256];
		int fatal;

		/* moves its commands away when another node serves its slots */
		if (cl_refresh(p, e2, sizeof(e2), &fatal) == 0 && !w->role &&
		    w->n == 0)
			return 0;
	}
	if (now - w->down_since >= p->retry_ms / 1000.0) {
		fprintf(stderr, "ops2redis: %s\n", err);
		fprintf(stderr, "ops2redis: gave up after %d s\n",
		    p->retry_ms / 1000);
		p->gaveup = 1;
		return -1;
	}
	w->retry_at = now + w->backoff_ms / 1000.0;
	if (w->backoff_ms < 1000)
		w->backoff_ms *= 2;
	return 0;
}

int
pl_connect(struct pl *p)
{
	double start = progress_now();
	char err[256];
	size_t i;
	int fatal, said = 0;

	if (p->cluster) {
		while (cl_refresh(p, err, sizeof(err), &fatal) < 0) {
			double left = start + p->retry_ms / 1000.0 -
			    progress_now();

			if (fatal || cmn_stop || left <= 0) {
				fprintf(stderr, "ops2redis: %s\n", err);
				if (!fatal && !cmn_stop)
					fprintf(stderr, "ops2redis: gave up "
					    "after %d s\n", p->retry_ms / 1000);
				return -1;
			}
			if (!said)
				fprintf(stderr, "ops2redis: %s; retrying for "
				    "up to %.0f s\n", err, left);
			said = 1;
			poll(NULL, 0, 200);
		}
	}
	/* every node that serves slots (the one node) connected */
	for (i = 0; i < p->nw; i++) {
		struct win *w = p->w[i];

		if (p->cluster && !w->role)
			continue;
		while (w->fd < 0) {
			double left = w->retry_at - progress_now();

			if (left > 0)
				poll(NULL, 0, (int)(left * 1000) + 1);
			if (pl_connect_win(p, (int)i) < 0)
				return -1;
			if (p->cluster && !w->role)
				break;
			pl_tick(p);
		}
	}
	return 0;
}

