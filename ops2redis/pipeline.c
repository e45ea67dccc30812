/*
 * The pipeline: one window per node, commands routed to them (cluster.c
 * for the slot map), sent in large writes, replies read and checked in
 * order; lost connections, redirects and WAIT handled here.
 */
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "cluster.h"
#include "pipeline.h"
#include "sig.h"
#include "slot.h"

#define SEND_CHUNK	(32 * 1024)	/* bytes gathered before a send */
#define MAX_LIVE	(8 * 1024 * 1024) /* unacknowledged bytes, soft limit */

static const char resp_multi[] = "*1\r\n$5\r\nMULTI\r\n";
static const char resp_exec[] = "*1\r\n$4\r\nEXEC\r\n";

/* "ops2redis: [node: ]message" on stderr; the node named when there can
 * be more than one. */
void
pl_say(struct pl *p, struct win *w, const char *fmt, ...)
{
	va_list ap;

	fputs("ops2redis: ", stderr);
	if (w != NULL && (p->cluster || p->nseeds > 1))
		fprintf(stderr, "%s: ", w->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void
pl_init(struct pl *p)
{
	int s;

	if (p->cluster) {
		p->map = cmn_xmalloc(SLOT_COUNT * sizeof(*p->map));
		p->sl_n = cmn_xmalloc(SLOT_COUNT * sizeof(*p->sl_n));
		p->sl_win = cmn_xmalloc(SLOT_COUNT * sizeof(*p->sl_win));
		for (s = 0; s < SLOT_COUNT; s++) {
			p->map[s] = -1;
			p->sl_n[s] = 0;
			p->sl_win[s] = SL_NONE;
		}
	} else
		pl_node(p, p->seeds[0].host, p->seeds[0].port);
	if (p->wait_n > 0) {
		char n[16], ms[16];

		snprintf(n, sizeof(n), "%d", p->wait_n);
		snprintf(ms, sizeof(ms), "%d", p->wait_ms);
		p->wait_len = (size_t)snprintf(p->wait_cmd, sizeof(p->wait_cmd),
		    "*3\r\n$4\r\nWAIT\r\n$%zu\r\n%s\r\n$%zu\r\n%s\r\n",
		    strlen(n), n, strlen(ms), ms);
	}
}

void
pl_free(struct pl *p)
{
	size_t i;

	for (i = 0; i < p->nw; i++) {
		win_free(p->w[i]);
		free(p->w[i]);
	}
	free(p->w);
	free(p->pfd);
	free(p->map);
	free(p->sl_n);
	free(p->sl_win);
	buf_free(&p->msg);
}

int
pl_node(struct pl *p, const char *host, int port)
{
	struct win *w;
	size_t i;

	for (i = 0; i < p->nw; i++)
		if (p->w[i]->cfg.port == port &&
		    strcmp(p->w[i]->cfg.host, host) == 0)
			return (int)i;
	if (p->nw >= 30000) {
		fprintf(stderr, "ops2redis: too many nodes\n");
		exit(1);
	}
	w = cmn_xmalloc(sizeof(*w));
	win_init(w, p->cfg, host, port, p->window);
	if (!p->cluster && p->nseeds > 1)
		w->cfg.master_only = 1;
	p->w = cmn_xrealloc(p->w, (p->nw + 1) * sizeof(*p->w));
	p->pfd = cmn_xrealloc(p->pfd, (p->nw + 1) * sizeof(*p->pfd));
	p->w[p->nw] = w;
	return (int)p->nw++;
}

/* Forget the first k entries of a window: answered (and confirmed). */
void
pl_forget(struct pl *p, struct win *w, size_t k)
{
	size_t i;

	for (i = 0; i < k; i++) {
		struct ent *e = win_ent(w, i);

		if (!e->gone)
			cl_uncount(p, e->slot);
	}
	win_release(w, k);
}

/* Commands kept in a window (not counting WAIT and moved entries). */
size_t
pl_kept(struct win *w)
{
	size_t i, n = 0;

	for (i = 0; i < w->n; i++) {
		struct ent *e = win_ent(w, i);

		if (!e->gone && e->kind != ENT_WAIT)
			n++;
	}
	return n;
}

/* The connection is gone: the next pump reconnects (after delay_ms) and
 * sends again. */
void
pl_lose(struct pl *p, struct win *w, const char *why, int delay_ms)
{
	pl_say(p, w, "connection lost (%s), %zu commands to send again", why,
	    pl_kept(w));
	win_close(w);
	w->retry_at = progress_now() + delay_ms / 1000.0;
	if (p->cluster)
		p->refresh_due = 1;
}

/* Add a WAIT after the window's commands. */
void
pl_push_wait(struct pl *p, struct win *w)
{
	const struct ent *last = w->n > 0 ? win_ent(w, w->n - 1) : NULL;

	win_push_raw(w, p->wait_cmd, p->wait_len, last ? last->file : "",
	    last ? last->line : 0, ENT_WAIT, SLOT_NONE);
	w->since_wait = 0;
}

/* Before waiting for replies: a WAIT after what every window got since
 * its last one. */
static void
push_waits(struct pl *p)
{
	size_t i;

	if (p->wait_n == 0)
		return;
	for (i = 0; i < p->nw; i++) {
		struct win *w = p->w[i];

		if (w->since_wait > 0 && !w->in_batch)
			pl_push_wait(p, w);
	}
}

static int
feed(struct pl *p, int wi, const char *buf, size_t n)
{
	struct win *w = p->w[wi];
	void *r;

	if (redisReaderFeed(w->rd, buf, n) != REDIS_OK) {
		pl_lose(p, w, "reply buffer", 0);
		return -1;
	}
	for (;;) {
		int rc;

		if (redisReaderGetReply(w->rd, &r) != REDIS_OK) {
			char why[128];

			snprintf(why, sizeof(why), "%s", w->rd->errstr);
			pl_lose(p, w, why, 0);
			return -1;
		}
		if (r == NULL)
			return 0;
		rc = pl_reply(p, wi, r);
		freeReplyObject(r);
		if (rc < 0 || w->fd < 0)
			return -1;
	}
}

/* Receive what is there; 1 when bytes came, -1 when the connection went. */
static int
receive(struct pl *p, int wi)
{
	struct win *w = p->w[wi];
	char tmp[64 * 1024];
	int got = 0, i;

	for (i = 0; i < 8; i++) {
		ssize_t r = recv(w->fd, tmp, sizeof(tmp), MSG_DONTWAIT);

		if (r > 0) {
			got = 1;
			if (feed(p, wi, tmp, (size_t)r) < 0)
				return -1;
			if ((size_t)r < sizeof(tmp))
				break;
		} else if (r == 0) {
			pl_lose(p, w, "closed by the server", 0);
			return -1;
		} else if (errno == EINTR)
			continue;
		else if (errno == EAGAIN || errno == EWOULDBLOCK)
			break;
		else {
			pl_lose(p, w, strerror(errno), 0);
			return -1;
		}
	}
	return got;
}

/*
 * One round over the windows: connect what is due, send, read replies.
 * When nothing moved and block is set, wait in poll() for the sockets (at
 * most a second). 0, or -1 when Redis is lost for good (gaveup).
 */
static int
pump_once(struct pl *p, int block)
{
	double now = progress_now(), next = now + 1.0, limit;
	struct pollfd *pfd;
	size_t i, nfd = 0;
	int moved = 0, ms;

	limit = p->timeout_ms / 1000.0;
	if (p->timeout_ms > 0 && p->wait_n > 0)
		limit += p->wait_ms / 1000.0;
	for (i = 0; i < p->nw; i++) {
		struct win *w = p->w[i];
		int got = 0, rc;

		if (w->fd < 0) {
			if (w->n == 0)
				continue;
			if (now < w->retry_at) {
				if (w->retry_at < next)
					next = w->retry_at;
				continue;
			}
			if (pl_connect_win(p, (int)i) < 0)
				return -1;
			moved = 1;
			if (w->fd < 0) {
				if (w->n > 0 && w->retry_at < next)
					next = w->retry_at;
				continue;
			}
		}
		if (win_unsent(w) > 0) {
			if ((rc = win_send(w)) < 0) {
				pl_lose(p, w, strerror(errno), 0);
				moved = 1;
				continue;
			}
			got = rc;
		}
		if ((rc = receive(p, (int)i)) < 0) {
			moved = 1;
			continue;
		}
		got |= rc;
		if (got) {
			moved = 1;
			w->waited_since = 0;
		} else if (win_next_reply(w) < w->n) {
			if (w->waited_since == 0)
				w->waited_since = now;
			else if (p->timeout_ms > 0 &&
			    now - w->waited_since >= limit) {
				pl_lose(p, w, "timed out waiting for a reply", 0);
				moved = 1;
			}
		}
	}
	if (p->gaveup)
		return -1;
	if (p->cluster && p->refresh_due && now - p->last_refresh >= 1.0) {
		char err[256];
		int fatal;

		cl_refresh(p, err, sizeof(err), &fatal);
		moved = 1;
	}
	if (moved || !block)
		return 0;
	pfd = p->pfd;		/* windows may have been added */
	for (i = 0; i < p->nw; i++) {
		struct win *w = p->w[i];

		if (w->fd < 0)
			continue;
		pfd[nfd].fd = w->fd;
		pfd[nfd].events = POLLIN;
		if (win_unsent(w) > 0)
			pfd[nfd].events |= POLLOUT;
		nfd++;
	}
	ms = (int)((next - now) * 1000) + 1;
	if (p->timeout_ms > 0 && p->timeout_ms < ms)
		ms = p->timeout_ms;
	if (ms > 1000)
		ms = 1000;
	(void)poll(pfd, nfd, ms);	/* the next round tries every socket */
	pl_tick(p);
	return 0;
}

/* No node serves the slot (a failover under way): refresh, wait. */
static int
no_route(struct pl *p, int slot, double *since)
{
	double now = progress_now();
	char err[256];
	int fatal;

	if (*since == 0) {
		*since = now;
		fprintf(stderr, "ops2redis: no master known for slot %d; "
		    "retrying for up to %d s\n", slot, p->retry_ms / 1000);
	} else if (now - *since >= p->retry_ms / 1000.0 || cmn_stop) {
		fprintf(stderr, "ops2redis: no master for slot %d: gave up "
		    "after %d s\n", slot, p->retry_ms / 1000);
		p->gaveup = 1;
		return -1;
	}
	if (now - p->last_refresh >= 0.2)
		cl_refresh(p, err, sizeof(err), &fatal);
	if (cl_route(p, slot) < 0)
		poll(NULL, 0, 100);
	return pump_once(p, 0);
}

static void
close_batch(struct win *w)
{
	const struct ent *last;

	if (!w->in_batch)
		return;
	last = win_ent(w, w->n - 1);
	win_push_raw(w, resp_exec, sizeof(resp_exec) - 1, last->file,
	    last->line, ENT_EXEC, SLOT_NONE);
	w->in_batch = 0;
}

static int
room_ok(struct pl *p, struct win *w)
{
	return w->n < p->window && win_unsent(w) < SEND_CHUNK &&
	    win_live(w) < MAX_LIVE;
}

int
pl_add(struct pl *p, const struct ops_argv *av, const char *file,
    unsigned long long line, int kind)
{
	struct win *w;
	int slot = SLOT_NONE, wi = 0;

	if (p->cluster) {
		double since = 0;

		slot = slot_of_cmd(av);
		/* no earlier command of the slot may be overtaken */
		while ((wi = cl_route(p, slot)) < 0 ||
		    !cl_may_send(p, slot, wi)) {
			int rc;

			if (wi < 0)
				rc = no_route(p, slot, &since);
			else {
				push_waits(p);
				rc = pump_once(p, 1);
			}
			if (rc < 0)
				return -1;
		}
	}
	w = p->w[wi];
	if (p->atomic && kind == ENT_CMD && !w->in_batch) {
		win_push_raw(w, resp_multi, sizeof(resp_multi) - 1, file, line,
		    ENT_MULTI, SLOT_NONE);
		w->in_batch = 1;
	}
	win_push_cmd(w, av, file, line, kind, slot);
	cl_count(p, slot, wi);
	if (w->in_batch && (w->n + 1 >= p->window ||
	    win_live(w) >= MAX_LIVE))
		close_batch(w);
	if (p->wait_n > 0 && ++w->since_wait >= (p->window + 1) / 2 &&
	    !w->in_batch)
		pl_push_wait(p, w);
	if (room_ok(p, w))
		return 0;
	if (w->n >= p->window || win_live(w) >= MAX_LIVE) {
		/* window full: wait till half of it came back */
		push_waits(p);
		while (w->n > p->window / 2 ||
		    (win_live(w) > MAX_LIVE / 2 && w->n > 1))
			if (pump_once(p, 1) < 0)
				return -1;
		return 0;
	}
	while (win_unsent(w) >= SEND_CHUNK)	/* send a chunk */
		if (pump_once(p, 1) < 0)
			return -1;
	return 0;
}

int
pl_drain(struct pl *p)
{
	size_t i;

	for (;;) {
		size_t left = 0;

		for (i = 0; i < p->nw; i++) {
			close_batch(p->w[i]);
			left += p->w[i]->n;
		}
		if (left == 0)
			return 0;
		push_waits(p);
		if (pump_once(p, 1) < 0)
			return -1;
	}
}

void
pl_discard_unsent(struct pl *p)
{
	size_t i;

	for (i = 0; i < p->nw; i++)
		win_discard_unsent(p->w[i]);
}

void
pl_report_lost(struct pl *p)
{
	size_t i, j;

	for (i = 0; i < p->nw; i++) {
		struct win *w = p->w[i];
		size_t n = pl_kept(w);

		if (n == 0)
			continue;
		for (j = 0; j < w->n; j++) {
			struct ent *e = win_ent(w, j);

			if (e->gone || e->kind == ENT_WAIT)
				continue;
			fprintf(stderr, "ops2redis: %s:%llu: %zu commands from "
			    "here on not %s\n", e->file, e->line, n,
			    p->unconfirmed ? "confirmed by WAIT" :
			    "acknowledged by Redis");
			break;
		}
		p->failed = 1;
	}
}

void
pl_tick(struct pl *p)
{
	double dt;
	size_t i;

	if (!progress_due(&p->pg))
		return;
	p->msg.len = 0;
	dt = progress_now() - p->pg.last;
	for (i = 0; p->cluster && i < p->nw; i++) {
		struct win *w = p->w[i];
		char tmp[32];

		if (!w->role && w->st.applied == w->st.last_applied)
			continue;
		buf_adds(&p->msg, p->msg.len ? ", " : "; ");
		buf_adds(&p->msg, w->name);	/* a host name can be long */
		snprintf(tmp, sizeof(tmp), " %.0f/s",
		    (double)(w->st.applied - w->st.last_applied) / dt);
		buf_adds(&p->msg, tmp);
		w->st.last_applied = w->st.applied;
	}
	buf_addc(&p->msg, '\0');
	progress_tick(&p->pg, &p->st, p->msg.p);
}

void
pl_summary(struct pl *p)
{
	size_t i;

	for (i = 0; p->cluster && i < p->nw; i++) {
		const struct nstats *s = &p->w[i]->st;

		fprintf(stderr, "ops2redis: %s: %llu applied, %llu error "
		    "replies, %llu moved, %llu asked, %llu reconnects",
		    p->w[i]->name, s->applied, s->errors, s->moved, s->asked,
		    s->reconnects);
		if (p->wait_n > 0)
			fprintf(stderr, ", %llu short WAITs", s->waits_short);
		fputc('\n', stderr);
	}
	progress_summary(&p->pg, &p->st);
}
