/*
 * A window: the commands in flight on one connection, kept until released
 * and sent again in order after the connection was closed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "cmd.h"
#include "window.h"

#define COMPACT_AT	(256 * 1024)

static const char resp_asking[] = "*1\r\n$6\r\nASKING\r\n";

static redisReader *
reader(void)
{
	redisReader *rd = redisReaderCreate();

	if (rd == NULL) {
		fprintf(stderr, "ops2redis: out of memory\n");
		exit(1);
	}
	return rd;
}

void
win_addr(struct win *w, const char *host, int port)
{
	size_t len = strlen(host) + 16;

	free((char *)w->cfg.host);
	free(w->name);
	if (w->cfg.sock != NULL)
		w->name = cmn_xstrdup(w->cfg.sock);
	else {
		w->name = cmn_xmalloc(len);
		snprintf(w->name, len, "%s:%d", host, port);
	}
	w->cfg.host = cmn_xstrdup(host);
	w->cfg.port = port;
}

void
win_init(struct win *w, const struct conn_cfg *cfg, const char *host,
    int port, size_t window)
{
	memset(w, 0, sizeof(*w));
	w->cfg = *cfg;
	w->cfg.host = NULL;
	win_addr(w, host, port);
	w->fd = -1;
	w->cap = window + 3;		/* room for MULTI, EXEC and a WAIT */
	w->ring = cmn_xmalloc(w->cap * sizeof(*w->ring));
	w->rd = reader();
	w->backoff_ms = 50;
	w->busy_ms = 100;
}

void
win_free(struct win *w)
{
	if (w->ctx != NULL)
		redisFree(w->ctx);
	redisReaderFree(w->rd);
	free(w->ring);
	buf_free(&w->data);
	free((char *)w->cfg.host);
	free(w->name);
}

struct ent *
win_ent(struct win *w, size_t i)
{
	return &w->ring[(w->first + i) % w->cap];
}

static const char *
win_bytes(struct win *w, const struct ent *e)
{
	return w->data.p + (e->off - w->base);
}

const char *
win_cmd(struct win *w, const struct ent *e, size_t *len)
{
	size_t skip = e->asking ? sizeof(resp_asking) - 1 : 0;

	*len = e->len - skip;
	return win_bytes(w, e) + skip;
}

/* Double the ring, its entries in order from index 0. */
static void
grow(struct win *w)
{
	struct ent *r = cmn_xmalloc(2 * w->cap * sizeof(*r));
	size_t i;

	for (i = 0; i < w->n; i++)
		r[i] = *win_ent(w, i);
	free(w->ring);
	w->ring = r;
	w->first = 0;
	w->cap *= 2;
}

/* The bytes from off to the end of data are a new entry. */
static struct ent *
push(struct win *w, const char *file, unsigned long long line, int kind,
    int slot, unsigned long long off)
{
	struct ent *e;

	if (w->n == w->cap)
		grow(w);
	e = win_ent(w, w->n);
	memset(e, 0, sizeof(*e));
	e->off = off;
	e->len = (size_t)(w->base + w->data.len - off);
	e->file = file;
	e->line = line;
	e->slot = slot;
	e->kind = (unsigned char)kind;
	e->batched = w->in_batch && kind == ENT_CMD;
	w->end = w->base + w->data.len;
	w->n++;
	return e;
}

struct ent *
win_push_cmd(struct win *w, const struct ops_argv *av, const char *file,
    unsigned long long line, int kind, int slot)
{
	unsigned long long off = w->base + w->data.len;

	cmd_resp(&w->data, av);
	return push(w, file, line, kind, slot, off);
}

struct ent *
win_push_raw(struct win *w, const char *resp, size_t len, const char *file,
    unsigned long long line, int kind, int slot)
{
	unsigned long long off = w->base + w->data.len;

	buf_add(&w->data, resp, len);
	return push(w, file, line, kind, slot, off);
}

struct ent *
win_push_copy(struct win *w, struct win *from, const struct ent *e,
    int asking)
{
	unsigned long long off = w->base + w->data.len;
	const char *p;
	size_t len;
	struct ent *c;

	/* room first: from may be w, its bytes must not move under us */
	buf_grow(&w->data, e->len + sizeof(resp_asking));
	p = win_cmd(from, e, &len);	/* without an earlier ASKING */
	if (asking)
		buf_add(&w->data, resp_asking, sizeof(resp_asking) - 1);
	buf_add(&w->data, p, len);
	c = push(w, e->file, e->line, e->kind, e->slot, off);
	c->asking = (unsigned char)asking;
	c->answered = e->answered;
	return c;
}

void
win_release(struct win *w, size_t k)
{
	size_t i, dead;

	for (i = 0; i < k; i++)
		if (win_ent(w, i)->gone)
			w->ngone--;
	w->first = (w->first + k) % w->cap;
	w->n -= k;
	w->nrep = w->nrep > k ? w->nrep - k : 0;
	if (w->nsent > k)
		w->nsent -= k;
	else {
		w->nsent = 0;
		w->sendoff = 0;
	}
	if (w->n == 0) {
		w->base = w->end;
		w->data.len = 0;
		w->nsent = w->sendoff = 0;
		return;
	}
	dead = (size_t)(win_ent(w, 0)->off - w->base);
	if (dead >= COMPACT_AT && dead >= w->data.len / 2) {
		memmove(w->data.p, w->data.p + dead, w->data.len - dead);
		w->data.len -= dead;
		w->base += dead;
	}
}

void
win_gone(struct win *w, size_t i)
{
	struct ent *e = win_ent(w, i);

	if (!e->gone) {
		e->gone = 1;
		w->ngone++;
	}
}

size_t
win_next_reply(struct win *w)
{
	size_t i = w->nrep;

	while (i < w->nsent && win_ent(w, i)->gone)
		i++;
	/* a partly sent entry can have its ASKING answered */
	if (i < w->nsent || (i == w->nsent && i < w->n && w->sendoff > 0))
		return i;
	return w->n;
}

/* Step over gone entries at the sending point. */
static void
skip_gone(struct win *w)
{
	while (w->sendoff == 0 && w->nsent < w->n &&
	    win_ent(w, w->nsent)->gone)
		w->nsent++;
}

size_t
win_unsent(struct win *w)
{
	skip_gone(w);
	if (w->nsent >= w->n)
		return 0;
	return (size_t)(w->end - win_ent(w, w->nsent)->off - w->sendoff);
}

size_t
win_live(struct win *w)
{
	return w->n > 0 ? (size_t)(w->end - win_ent(w, 0)->off) : 0;
}

int
win_send(struct win *w)
{
	int moved = 0;

	for (;;) {
		unsigned long long start, stop, pos;
		ssize_t n;
		size_t j;

		skip_gone(w);
		if (w->nsent >= w->n)
			return moved;
		start = win_ent(w, w->nsent)->off + w->sendoff;
		stop = w->end;
		if (w->ngone > 0)	/* up to the next gone entry */
			for (j = w->nsent + 1; j < w->n; j++)
				if (win_ent(w, j)->gone) {
					stop = win_ent(w, j)->off;
					break;
				}
		n = send(w->fd, w->data.p + (start - w->base),
		    (size_t)(stop - start), MSG_DONTWAIT | MSG_NOSIGNAL);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return moved;
			return -1;
		}
		moved = 1;
		pos = start + (unsigned long long)n;
		while (w->nsent < w->n && win_ent(w, w->nsent)->off +
		    win_ent(w, w->nsent)->len <= pos)
			w->nsent++;
		w->sendoff = w->nsent < w->n ?
		    (size_t)(pos - win_ent(w, w->nsent)->off) : 0;
		if (pos < stop)
			return moved;	/* the socket is full */
	}
}

void
win_close(struct win *w)
{
	size_t i;

	if (w->ctx != NULL)
		redisFree(w->ctx);
	w->ctx = NULL;
	w->fd = -1;
	redisReaderFree(w->rd);
	w->rd = reader();
	w->nrep = w->nsent = w->sendoff = 0;
	w->waited_since = 0;
	for (i = 0; i < w->n; i++)
		win_ent(w, i)->asked = 0;
}

void
win_discard_unsent(struct win *w)
{
	while (w->n > w->nrep && (w->n - 1 > w->nsent ||
	    (w->n - 1 == w->nsent && w->sendoff == 0))) {
		struct ent *e = win_ent(w, w->n - 1);

		if (e->kind == ENT_MULTI)
			w->in_batch = 0;
		else if (e->kind == ENT_EXEC)
			w->in_batch = 1;
		if (e->gone)
			w->ngone--;
		w->n--;
		w->data.len = (size_t)(e->off - w->base);
		w->end = e->off;
	}
}
