/*
 * The window: commands in flight to Redis, kept until acknowledged and
 * sent again in order after a reconnect.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "cmd.h"
#include "pipeline.h"
#include "sig.h"

#define SEND_CHUNK	(32 * 1024)	/* bytes gathered before a send */
#define MAX_LIVE	(8 * 1024 * 1024) /* unacknowledged bytes, soft limit */
#define COMPACT_AT	(256 * 1024)
#define SHOW_MAX	200		/* bytes of a command in a message */

static const char resp_multi[] = "*1\r\n$5\r\nMULTI\r\n";
static const char resp_exec[] = "*1\r\n$4\r\nEXEC\r\n";

void
pl_init(struct pl *p)
{
	p->fd = -1;
	p->cap = p->window + 3;		/* room for MULTI and EXEC */
	p->ring = cmn_xmalloc(p->cap * sizeof(*p->ring));
	p->rd = redisReaderCreate();
	if (p->rd == NULL) {
		fprintf(stderr, "ops2redis: out of memory\n");
		exit(1);
	}
}

void
pl_free(struct pl *p)
{
	if (p->ctx != NULL)
		redisFree(p->ctx);
	redisReaderFree(p->rd);
	free(p->ring);
	buf_free(&p->data);
	buf_free(&p->msg);
}

static struct ent *
ent_at(struct pl *p, size_t i)
{
	return &p->ring[(p->first + i) % p->cap];
}

static const char *
ent_bytes(struct pl *p, const struct ent *e)
{
	return p->data.p + (e->off - p->base);
}

/* "file:line: what: command" on stderr; an error for the exit status. */
static void
report(struct pl *p, const struct ent *e, const char *what)
{
	p->msg.len = 0;
	cmd_describe_resp(&p->msg, ent_bytes(p, e), e->len, SHOW_MAX);
	fprintf(stderr, "ops2redis: %s:%llu: %s: %.*s\n", e->file, e->line,
	    what, (int)p->msg.len, p->msg.p);
	p->failed = 1;
	if (p->stop_on_error)
		p->stop = 1;
}

static size_t
live_bytes(struct pl *p)
{
	return p->n > 0 ? (size_t)(p->end - ent_at(p, 0)->off) : 0;
}

static void
push(struct pl *p, const char *file, unsigned long long line, int kind,
    unsigned long long off)
{
	struct ent *e = ent_at(p, p->n);

	e->off = off;
	e->len = (size_t)(p->base + p->data.len - off);
	e->file = file;
	e->line = line;
	e->kind = (unsigned char)kind;
	e->batched = p->in_batch && kind == ENT_CMD;
	e->qerr = 0;
	p->end = p->base + p->data.len;
	p->n++;
}

static void
push_raw(struct pl *p, const char *resp, size_t len, const char *file,
    unsigned long long line, int kind)
{
	unsigned long long off = p->base + p->data.len;

	buf_add(&p->data, resp, len);
	push(p, file, line, kind, off);
}

static void
close_batch(struct pl *p)
{
	const struct ent *last;

	if (!p->in_batch)
		return;
	last = ent_at(p, p->n - 1);
	push_raw(p, resp_exec, sizeof(resp_exec) - 1, last->file, last->line,
	    ENT_EXEC);
	p->in_batch = 0;
}

/* The first k entries were answered: forget them. */
static void
release(struct pl *p, size_t k)
{
	size_t dead;

	p->first = (p->first + k) % p->cap;
	p->n -= k;
	p->nreplied = 0;
	if (p->n == 0) {
		p->base = p->end;
		p->data.len = 0;
		return;
	}
	dead = (size_t)(ent_at(p, 0)->off - p->base);
	if (dead >= COMPACT_AT && dead >= p->data.len / 2) {
		memmove(p->data.p, p->data.p + dead, p->data.len - dead);
		p->data.len -= dead;
		p->base += dead;
	}
}

/* The connection is gone: the next pump reconnects and sends again. */
static void
lost(struct pl *p, const char *why)
{
	if (p->ctx != NULL)
		redisFree(p->ctx);
	p->ctx = NULL;
	p->fd = -1;
	redisReaderFree(p->rd);
	p->rd = redisReaderCreate();
	if (p->rd == NULL) {
		fprintf(stderr, "ops2redis: out of memory\n");
		exit(1);
	}
	p->sent = p->n > 0 ? ent_at(p, 0)->off : p->end;
	p->nreplied = 0;
	fprintf(stderr, "ops2redis: connection lost (%s), %zu commands to "
	    "send again\n", why, p->n);
}

static void
sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* Connect, retrying with backoff for retry_ms. 0, or -1 (gaveup set). */
static int
reconnect(struct pl *p, int first)
{
	double deadline = progress_now() + p->retry_ms / 1000.0;
	int backoff = 50, said = 0;
	char err[256];

	for (;;) {
		double left;
		int rc;

		rc = conn_open(p->cfg, &p->ctx, err, sizeof(err));
		if (rc == CONN_OK) {
			p->fd = p->ctx->fd;
			if (!first)
				p->st.reconnects++;
			if (said || (p->verbose && !first))
				fprintf(stderr, "ops2redis: connected\n");
			return 0;
		}
		left = deadline - progress_now();
		if (cmn_stop) {		/* asked to stop: do not wait on */
			fprintf(stderr, "ops2redis: %s\n", err);
			p->gaveup = 1;
			return -1;
		}
		if (rc == CONN_FATAL || left <= 0) {
			fprintf(stderr, "ops2redis: %s\n", err);
			if (rc != CONN_FATAL)
				fprintf(stderr, "ops2redis: gave up after "
				    "%d s\n", p->retry_ms / 1000);
			p->gaveup = 1;
			return -1;
		}
		if (!said) {
			fprintf(stderr, "ops2redis: %s; retrying for up to "
			    "%.0f s\n", err, left);
			said = 1;
		}
		progress_tick(&p->pg, &p->st);
		sleep_ms(backoff < left * 1000 ? backoff : (int)(left * 1000) + 1);
		if (backoff < 1000)
			backoff *= 2;
	}
}

int
pl_connect(struct pl *p)
{
	return reconnect(p, 1);
}

/* Replies of a MULTI ... EXEC batch: first is MULTI, nreplied-1 is EXEC. */
static void
exec_reply(struct pl *p, const redisReply *r)
{
	size_t i, ncmd = p->nreplied - 2;

	if (r->type == REDIS_REPLY_ARRAY && r->elements == ncmd) {
		for (i = 0; i < ncmd; i++) {
			const redisReply *x = r->element[i];

			if (x->type == REDIS_REPLY_ERROR) {
				p->st.errors++;
				report(p, ent_at(p, i + 1), x->str);
			} else
				p->st.applied++;
		}
		return;
	}
	/* EXECABORT (a command was refused when queued) or worse */
	p->st.errors++;
	fprintf(stderr, "ops2redis: %s:%llu-%llu: batch of %zu commands not "
	    "applied: %s\n", ent_at(p, 0)->file, ent_at(p, 0)->line,
	    ent_at(p, p->nreplied - 1)->line, ncmd,
	    r->type == REDIS_REPLY_ERROR ? r->str : "unexpected EXEC reply");
	p->failed = 1;
	if (p->stop_on_error)
		p->stop = 1;
}

/* One reply, for the oldest entry not answered yet. 0, or -1 when lost. */
static int
on_reply(struct pl *p, redisReply *r)
{
	struct ent *e;
	int err = r->type == REDIS_REPLY_ERROR;

	if (p->nreplied >= p->n) {
		lost(p, "reply to no command");
		return -1;
	}
	e = ent_at(p, p->nreplied);
	if (err && conn_is_transient(r->str)) {
		lost(p, r->str);
		sleep_ms(100);
		return -1;
	}
	p->nreplied++;
	switch (e->kind) {
	case ENT_MULTI:
		if (err)
			report(p, e, r->str);
		return 0;
	case ENT_EXEC:
		exec_reply(p, r);
		break;
	case ENT_CHECKPOINT:
		if (err) {
			p->st.errors++;
			report(p, e, r->str);
		} else
			p->st.checkpoints++;
		break;
	default:
		if (e->batched) {
			if (err) {
				e->qerr = 1;
				report(p, e, r->str);
			}
			return 0;	/* applied only at EXEC */
		}
		if (err) {
			p->st.errors++;
			report(p, e, r->str);
		} else
			p->st.applied++;
	}
	release(p, p->nreplied);
	return 0;
}

static int
feed(struct pl *p, const char *buf, size_t n)
{
	void *r;

	if (redisReaderFeed(p->rd, buf, n) != REDIS_OK) {
		lost(p, "reply buffer");
		return -1;
	}
	for (;;) {
		int rc;

		if (redisReaderGetReply(p->rd, &r) != REDIS_OK) {
			lost(p, p->rd->errstr);
			return -1;
		}
		if (r == NULL)
			return 0;
		rc = on_reply(p, r);
		freeReplyObject(r);
		if (rc < 0)
			return -1;
	}
}

static int
room_ok(struct pl *p)
{
	return p->n < p->window && p->end - p->sent < SEND_CHUNK &&
	    live_bytes(p) < MAX_LIVE;
}

/*
 * Done pumping: at most max_n entries and max_live bytes (or one entry)
 * left, and everything sent when draining, or less than a chunk left to
 * send else.
 */
static int
pumped(struct pl *p, size_t max_n, size_t max_live, int drain)
{
	if (p->n > max_n)
		return 0;
	if (drain)
		return p->n == 0;
	return p->end - p->sent < SEND_CHUNK &&
	    (p->n <= 1 || live_bytes(p) <= max_live);
}

/* Send and read until pumped(): room for more, or nothing left (drain). */
static int
pump(struct pl *p, size_t max_n, size_t max_live, int drain)
{
	char tmp[64 * 1024];
	double waited_since = 0;

	for (;;) {
		int moved = 0;
		ssize_t w, r;

		if (p->fd < 0 && reconnect(p, 0) < 0)
			return -1;
		if (pumped(p, max_n, max_live, drain))
			return 0;
		if (p->end > p->sent) {
			w = send(p->fd, p->data.p + (p->sent - p->base),
			    (size_t)(p->end - p->sent),
			    MSG_DONTWAIT | MSG_NOSIGNAL);
			if (w > 0) {
				p->sent += (unsigned long long)w;
				moved = 1;
			} else if (w < 0 && errno != EAGAIN &&
			    errno != EWOULDBLOCK && errno != EINTR) {
				lost(p, strerror(errno));
				continue;
			}
		}
		r = recv(p->fd, tmp, sizeof(tmp), MSG_DONTWAIT);
		if (r > 0) {
			moved = 1;
			if (feed(p, tmp, (size_t)r) < 0)
				continue;
		} else if (r == 0) {
			lost(p, "closed by the server");
			continue;
		} else if (errno != EAGAIN && errno != EWOULDBLOCK &&
		    errno != EINTR) {
			lost(p, strerror(errno));
			continue;
		}
		if (pumped(p, max_n, max_live, drain))
			return 0;
		if (moved) {
			waited_since = 0;
			continue;
		}
		{
			struct pollfd pfd = { .fd = p->fd, .events = POLLIN };
			double now = progress_now();
			int rc;

			if (p->end > p->sent)
				pfd.events |= POLLOUT;
			if (waited_since == 0)
				waited_since = now;
			else if (p->timeout_ms > 0 &&
			    (now - waited_since) * 1000 >= p->timeout_ms) {
				lost(p, "timed out waiting for a reply");
				waited_since = 0;
				continue;
			}
			rc = poll(&pfd, 1, p->timeout_ms > 0 &&
			    p->timeout_ms < 1000 ? p->timeout_ms : 1000);
			if (rc < 0 && errno != EINTR) {
				lost(p, strerror(errno));
				continue;
			}
			progress_tick(&p->pg, &p->st);
		}
	}
}

int
pl_add(struct pl *p, const struct ops_argv *av, const char *file,
    unsigned long long line, int kind)
{
	unsigned long long off;

	if (p->atomic && kind == ENT_CMD && !p->in_batch) {
		push_raw(p, resp_multi, sizeof(resp_multi) - 1, file, line,
		    ENT_MULTI);
		p->in_batch = 1;
	}
	off = p->base + p->data.len;
	cmd_resp(&p->data, av);
	push(p, file, line, kind, off);
	if (p->in_batch && (p->n + 1 >= p->window ||
	    live_bytes(p) >= MAX_LIVE))
		close_batch(p);
	if (room_ok(p))
		return 0;
	/* window full: wait till half of it came back (no sends of one line) */
	if (p->n >= p->window || live_bytes(p) >= MAX_LIVE)
		return pump(p, p->window / 2, MAX_LIVE / 2, 0);
	return pump(p, p->window, MAX_LIVE, 0);	/* send a chunk */
}

int
pl_drain(struct pl *p)
{
	close_batch(p);
	if (p->n == 0)
		return 0;
	return pump(p, 0, 0, 1);
}

void
pl_discard_unsent(struct pl *p)
{
	while (p->n > 0 && ent_at(p, p->n - 1)->off >= p->sent &&
	    p->n > p->nreplied) {
		struct ent *e = ent_at(p, p->n - 1);

		if (e->kind == ENT_MULTI)
			p->in_batch = 0;
		else if (e->kind == ENT_EXEC)
			p->in_batch = 1;
		p->n--;
		p->data.len = (size_t)(e->off - p->base);
		p->end = e->off;
	}
}

void
pl_report_lost(struct pl *p)
{
	struct ent *e;

	if (p->n == 0)
		return;
	e = ent_at(p, 0);
	fprintf(stderr, "ops2redis: %s:%llu: %zu commands from here on not "
	    "acknowledged by Redis\n", e->file, e->line, p->n);
	p->failed = 1;
}
