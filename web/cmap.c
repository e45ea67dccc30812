/* A Redis Cluster's masters: the slot map and the walk across them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmap.h"
#include "errmsg.h"
#include "num.h"

static int
is_str(const redisReply *r)
{
	return r->type == REDIS_REPLY_STRING || r->type == REDIS_REPLY_STATUS;
}

/* The master named by id (or, without one, host:port); added if new. */
static int
master(struct cmap *c, const char *host, int port, const redisReply *id)
{
	struct master *m;
	int i, hex = id != NULL && is_str(id) && id->len >= CURSOR_ID_LEN &&
	    id->len <= CMAP_ID_MAX;
	size_t k;

	for (k = 0; hex && k < id->len; k++)
		if (!((id->str[k] >= '0' && id->str[k] <= '9') ||
		    (id->str[k] >= 'a' && id->str[k] <= 'f')))
			hex = 0;
	for (i = 0; i < c->n; i++) {
		m = &c->m[i];
		if (hex ? strcmp(m->id, id->str) == 0 :
		    m->port == port && strcmp(m->host, host) == 0)
			return i;
	}
	c->m = cmn_xrealloc(c->m, (c->n + 1) * sizeof(*c->m));
	m = &c->m[c->n];
	memset(m, 0, sizeof(*m));
	snprintf(m->host, sizeof(m->host), "%s", host);
	m->port = port;
	if (hex)
		memcpy(m->id, id->str, id->len);
	else {	/* no ID (Redis before 4.0): one from the address, FNV-1a */
		unsigned long long h = 14695981039346656037ULL;
		char a[300];
		size_t n = (size_t)snprintf(a, sizeof(a), "%s:%d", host, port);

		for (k = 0; k < n && k < sizeof(a); k++)
			h = (h ^ (unsigned char)a[k]) * 1099511628211ULL;
		snprintf(m->id, sizeof(m->id), "%016llx", h);
	}
	m->first = SLOT_COUNT;
	return c->n++;
}

static int
by_first(const void *a, const void *b)
{
	const struct master *x = a, *y = b;

	return (x->first > y->first) - (x->first < y->first);
}

/* Sort by first slot (first and nslots set), renumber owner[], write
 * each master's ranges. */
static void
order(struct cmap *c)
{
	struct buf *b;
	int i, s, e, *at;

	/* the first slots are distinct: owner[] by first slot, then back */
	for (s = 0; s < SLOT_COUNT; s++)
		if (c->owner[s] >= 0)
			c->owner[s] = (short)c->m[c->owner[s]].first;
	qsort(c->m, c->n, sizeof(*c->m), by_first);
	at = cmn_xmalloc(SLOT_COUNT * sizeof(*at));
	for (i = 0; i < c->n; i++)
		at[c->m[i].first] = i;
	for (s = 0; s < SLOT_COUNT; s++)
		if (c->owner[s] >= 0)
			c->owner[s] = (short)at[c->owner[s]];
	free(at);
	/* each run of slots of one master, in one pass */
	b = cmn_xmalloc(c->n * sizeof(*b));
	memset(b, 0, c->n * sizeof(*b));
	for (s = 0; s < SLOT_COUNT; s = e + 1) {
		e = s;
		if ((i = c->owner[s]) < 0)
			continue;
		while (e + 1 < SLOT_COUNT && c->owner[e + 1] == i)
			e++;
		if (b[i].len > 0)
			buf_addc(&b[i], ' ');
		buf_addu(&b[i], (unsigned)s);
		if (e > s) {
			buf_addc(&b[i], '-');
			buf_addu(&b[i], (unsigned)e);
		}
	}
	for (i = 0; i < c->n; i++) {
		buf_addc(&b[i], '\0');
		c->m[i].slots = b[i].p;		/* now the master's */
	}
	free(b);
}

int
cmap_take(struct cmap *c, const redisReply *r, const char *host,
    struct buf *err)
{
	size_t i;
	int s;

	memset(c, 0, sizeof(*c));
	for (s = 0; s < SLOT_COUNT; s++)
		c->owner[s] = -1;
	if (r->type != REDIS_REPLY_ARRAY)
		goto bad;
	for (i = 0; i < r->elements; i++) {
		const redisReply *x = r->element[i], *n;
		const char *h;
		long long lo, hi;
		int mi;

		if (x->type != REDIS_REPLY_ARRAY || x->elements < 3 ||
		    x->element[0]->type != REDIS_REPLY_INTEGER ||
		    x->element[1]->type != REDIS_REPLY_INTEGER ||
		    (n = x->element[2])->type != REDIS_REPLY_ARRAY ||
		    n->elements < 2 || !is_str(n->element[0]) ||
		    n->element[1]->type != REDIS_REPLY_INTEGER ||
		    n->element[1]->integer < 1 ||
		    n->element[1]->integer > 65535)
			goto bad;
		lo = x->element[0]->integer;
		hi = x->element[1]->integer;
		if (lo < 0 || hi >= SLOT_COUNT || lo > hi)
			goto bad;
		/* an empty address (or "?") is the node that was asked */
		h = n->element[0]->len > 0 && strcmp(n->element[0]->str,
		    "?") != 0 ? n->element[0]->str : host;
		mi = master(c, h, (int)n->element[1]->integer,
		    n->elements > 2 ? n->element[2] : NULL);
		for (s = (int)lo; s <= hi; s++)
			c->owner[s] = (short)mi;
	}
	if (c->n == 0) {
		errmsg(err, "CLUSTER SLOTS: no master serves a slot", "");
		cmap_free(c);
		return -1;
	}
	for (s = 0; s < SLOT_COUNT; s++)
		if (c->owner[s] >= 0) {
			struct master *m = &c->m[c->owner[s]];

			if (s < m->first)
				m->first = s;
			m->nslots++;
		}
	/* ranges that overlap can leave a master without a slot */
	for (i = 0; i < (size_t)c->n; i++)
		if (c->m[i].nslots == 0) {
			errmsg(err, "CLUSTER SLOTS: ranges overlap", "");
			cmap_free(c);
			return -1;
		}
	order(c);
	return 0;
bad:
	errmsg(err, "CLUSTER SLOTS: unexpected reply", "");
	cmap_free(c);
	return -1;
}

void
cmap_free(struct cmap *c)
{
	int i;

	for (i = 0; i < c->n; i++)
		free(c->m[i].slots);
	free(c->m);
	c->m = NULL;
	c->n = 0;
}

int
cmap_find(const struct cmap *c, const char *host, int port)
{
	int i;

	for (i = 0; i < c->n; i++)
		if (c->m[i].port == port && strcmp(c->m[i].host, host) == 0)
			return i;
	return -1;
}

int
cmap_start(const struct cmap *c, const struct cursor *cur, int *mi,
    unsigned long long *scan, int *restarted, struct buf *err)
{
	const struct master *m;
	char n[16];
	int i;

	*restarted = 0;
	*scan = 0;
	if (!cur->named) {
		*mi = 0;
		return 0;
	}
	if ((i = c->owner[cur->slot]) < 0) {
		snprintf(n, sizeof(n), "%d", cur->slot);
		errmsg(err, "no master serves slot ", n);
		return -1;
	}
	m = &c->m[i];
	*mi = i;
	if (m->first == cur->slot &&
	    strncmp(m->id, cur->node, CURSOR_ID_LEN) == 0)
		*scan = cur->scan;
	else if (!(m->first == cur->slot && cur->scan == 0))
		*restarted = 1;
	return 0;
}

void
cmap_next(const struct cmap *c, int mi, unsigned long long scan,
    struct cursor *cur)
{
	cursor_init(cur);
	if (scan == 0 && ++mi >= c->n)
		return;
	cur->named = 1;
	cur->slot = c->m[mi].first;
	memcpy(cur->node, c->m[mi].id, CURSOR_ID_LEN);
	cur->node[CURSOR_ID_LEN] = '\0';
	cur->scan = scan;
}
