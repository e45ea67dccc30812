/* What columns each table has, learned from its messages. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "columns.h"
#include "json.h"

void
colmem_free(struct colmem *cm)
{
	size_t i;

	for (i = 0; i < cm->cap; i++) {
		struct tcols *t = &cm->slot[i];

		free(t->id);
		buf_free(&t->names);
		free(t->off);
		free(t->len);
	}
	free(cm->slot);
	buf_free(&cm->rn);
	free(cm->roff);
	free(cm->rlen);
	memset(cm, 0, sizeof(*cm));
}

static uint64_t
fnv(const char *p, size_t n, uint64_t h)
{
	while (n-- > 0)
		h = (h ^ (unsigned char)*p++) * 0x100000001b3ULL;
	return h;
}

static int
same_id(const struct tcols *t, const char *db, size_t dblen,
    const char *table, size_t tlen)
{
	return t->id != NULL && t->idlen == dblen + 1 + tlen &&
	    memcmp(t->id, db, dblen) == 0 && t->id[dblen] == '\0' &&
	    memcmp(t->id + dblen + 1, table, tlen) == 0;
}

/* The slot of the id (from its hash h): its entry or an empty one. */
static size_t
probe(const struct colmem *cm, uint64_t h, const char *db, size_t dblen,
    const char *table, size_t tlen)
{
	size_t i = (size_t)h & (cm->cap - 1);

	while (cm->slot[i].id != NULL &&
	    !same_id(&cm->slot[i], db, dblen, table, tlen))
		i = (i + 1) & (cm->cap - 1);
	return i;
}

static uint64_t
id_hash(const char *db, size_t dblen, const char *table, size_t tlen)
{
	return fnv(table, tlen, fnv(db, dblen, 0xcbf29ce484222325ULL) * 31);
}

static void
grow(struct colmem *cm)
{
	struct tcols *old = cm->slot;
	size_t i, ocap = cm->cap;

	cm->cap = ocap ? ocap * 2 : 16;
	cm->slot = cmn_xmalloc(cm->cap * sizeof(*cm->slot));
	memset(cm->slot, 0, cm->cap * sizeof(*cm->slot));
	for (i = 0; i < ocap; i++) {
		struct tcols *t = &old[i];
		const char *tab;
		size_t tlen;

		if (t->id == NULL)
			continue;
		tab = t->id + t->dblen + 1;
		tlen = t->idlen - t->dblen - 1;
		cm->slot[probe(cm, id_hash(t->id, t->dblen, tab, tlen), t->id,
		    t->dblen, tab, tlen)] = *t;
	}
	free(old);
}

struct tcols *
colmem_table(struct colmem *cm, const char *db, size_t dblen,
    const char *table, size_t tlen)
{
	struct tcols *t;
	size_t i;

	if (cm->cap > 0 && same_id(&cm->slot[cm->last], db, dblen, table, tlen))
		return &cm->slot[cm->last];
	if ((cm->used + 1) * 2 > cm->cap)
		grow(cm);
	i = probe(cm, id_hash(db, dblen, table, tlen), db, dblen, table, tlen);
	t = &cm->slot[i];
	if (t->id == NULL) {
		t->idlen = dblen + 1 + tlen;
		t->dblen = dblen;
		t->id = cmn_xmalloc(t->idlen + 1);
		memcpy(t->id, db, dblen);
		t->id[dblen] = '\0';
		memcpy(t->id + dblen + 1, table, tlen);
		t->id[t->idlen] = '\0';
		cm->used++;
	}
	cm->last = i;
	return t;
}

void
colmem_forget(struct colmem *cm, const char *db, size_t dblen,
    const char *table, size_t tlen)
{
	struct tcols *t = colmem_table(cm, db, dblen, table, tlen);

	t->n = 0;
	t->names.len = 0;
}

static void
learn(struct tcols *t, const char *name, size_t len)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 16;
		t->off = cmn_xrealloc(t->off, t->cap * sizeof(*t->off));
		t->len = cmn_xrealloc(t->len, t->cap * sizeof(*t->len));
	}
	t->off[t->n] = t->names.len;
	t->len[t->n] = len;
	t->n++;
	buf_add(&t->names, name, len);
	buf_addc(&t->names, '\0');
}

/* Decode the row's names into cm->rn (names never fail: kept as written). */
static void
row_names(struct colmem *cm, const struct col *col, size_t ncol)
{
	size_t i;

	if (ncol > cm->rcap) {
		cm->rcap = ncol;
		cm->roff = cmn_xrealloc(cm->roff, ncol * sizeof(*cm->roff));
		cm->rlen = cmn_xrealloc(cm->rlen, ncol * sizeof(*cm->rlen));
	}
	cm->rn.len = 0;
	for (i = 0; i < ncol; i++) {
		size_t mark = cm->rn.len;

		if (!col[i].name.esc ||
		    json_decode(&cm->rn, col[i].name.p, col[i].name.n) < 0) {
			cm->rn.len = mark;
			buf_add(&cm->rn, col[i].name.p, col[i].name.n);
		}
		cm->roff[i] = mark;
		cm->rlen[i] = cm->rn.len - mark;
	}
}

#define RNAME(cm, i)	((cm)->rn.p + (cm)->roff[i])
#define TNAME(t, k)	((t)->names.p + (t)->off[k])

static int
row_has(const struct colmem *cm, size_t ncol, const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < ncol; i++)
		if (cm->rlen[i] == len && memcmp(RNAME(cm, i), name, len) == 0)
			return 1;
	return 0;
}

long
tcols_check(struct colmem *cm, struct tcols *t, const struct col *col,
    size_t ncol, struct buf *missing)
{
	size_t i, j, k;
	long nmissing = 0;

	/* the common case: the same names in the same order as before */
	if (ncol == t->n) {
		for (i = 0; i < ncol; i++)
			if (col[i].name.esc || col[i].name.n != t->len[i] ||
			    memcmp(col[i].name.p, TNAME(t, i), t->len[i]) != 0)
				break;
		if (i == ncol)
			return 0;
	}
	row_names(cm, col, ncol);
	for (i = 1; i < ncol; i++)
		for (j = 0; j < i; j++)
			if (cm->rlen[i] == cm->rlen[j] &&
			    memcmp(RNAME(cm, i), RNAME(cm, j), cm->rlen[i]) == 0) {
				buf_add(missing, RNAME(cm, i), cm->rlen[i]);
				return -1;
			}
	for (k = 0; k < t->n; k++)
		if (!row_has(cm, ncol, TNAME(t, k), t->len[k])) {
			if (nmissing++ > 0)
				buf_adds(missing, ", ");
			buf_add(missing, TNAME(t, k), t->len[k]);
		}
	for (i = 0; i < ncol; i++) {
		for (k = 0; k < t->n; k++)
			if (t->len[k] == cm->rlen[i] &&
			    memcmp(TNAME(t, k), RNAME(cm, i), cm->rlen[i]) == 0)
				break;
		if (k == t->n)
			learn(t, RNAME(cm, i), cm->rlen[i]);
	}
	return nmissing;
}
