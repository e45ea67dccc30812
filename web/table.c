/* The page's table model, and JSON rows taken apart with yajl. */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yajl/yajl_gen.h>
#include <yajl/yajl_parse.h>

#include "buf.h"
#include "table.h"

static void
text_set(struct text *t, const char *p, size_t n)
{
	t->p = cmn_xmalloc(n + 1);
	if (n > 0)
		memcpy(t->p, p, n);
	t->p[n] = '\0';
	t->len = n;
}

struct row *
table_add_row(struct table *t, const char *key, size_t n, const char *type)
{
	struct row *r;

	if (t->nrows == t->caprows) {
		t->caprows = t->caprows ? t->caprows * 2 : 64;
		t->rows = cmn_xrealloc(t->rows, t->caprows * sizeof(*t->rows));
	}
	r = &t->rows[t->nrows++];
	memset(r, 0, sizeof(*r));
	text_set(&r->key, key, n);
	snprintf(r->type, sizeof(r->type), "%s", type);
	return r;
}

/* Index of column name, added when new; -1 past TABLE_COLS_MAX. */
static int
column(struct table *t, const char *name, size_t n)
{
	int i;

	for (i = 0; i < t->ncols; i++)
		if (t->cols[i].len == n && memcmp(t->cols[i].p, name, n) == 0)
			return i;
	if (t->ncols == TABLE_COLS_MAX)
		return -1;
	if (t->ncols == t->capcols) {
		t->capcols = t->capcols ? t->capcols * 2 : 16;
		t->cols = cmn_xrealloc(t->cols, t->capcols * sizeof(*t->cols));
	}
	text_set(&t->cols[t->ncols], name, n);
	return t->ncols++;
}

void
table_set(struct table *t, struct row *r, const char *name, size_t n,
    const char *v, size_t vlen, int null)
{
	int col = column(t, name, n);
	struct cell *c;

	if (col < 0) {
		t->dropped++;
		return;
	}
	if (table_cell(r, col) != NULL)	/* a repeated member: first wins */
		return;
	if (r->ncells == r->capcells) {
		r->capcells = r->capcells ? r->capcells * 2 : 16;
		r->cells = cmn_xrealloc(r->cells, r->capcells * sizeof(*c));
	}
	c = &r->cells[r->ncells++];
	c->col = col;
	c->null = null;
	text_set(&c->v, v, vlen);
}

const struct cell *
table_cell(const struct row *r, int col)
{
	int i;

	for (i = 0; i < r->ncells; i++)
		if (r->cells[i].col == col)
			return &r->cells[i];
	return NULL;
}

/*
 * A JSON object taken apart with yajl's callbacks (not yajl_tree, whose
 * strings end at the first \u0000 a binary column holds): top-level
 * members are collected with their exact bytes, nested values are
 * written back as compact JSON; committed to the row once the whole
 * value parsed as an object.
 */
struct member {
	struct buf k, v;
	int	 null;
};

/* buf_add, also for n == 0 on an empty buffer (memcpy to NULL is UB). */
static void
add(struct buf *b, const void *p, size_t n)
{
	if (n > 0)
		buf_add(b, p, n);
}

struct jrow {
	int	 depth;		/* 1 inside the top object */
	int	 notobj;
	yajl_gen g;		/* set while inside a nested value */
	struct member *m;
	int	 nm, capm;
	struct buf key;
};

static int
scalar(struct jrow *j, const char *s, size_t n, int null)
{
	struct member *m;

	if (j->depth == 0) {		/* a top-level scalar: not a row */
		j->notobj = 1;
		return 0;
	}
	if (j->nm == j->capm) {
		j->capm = j->capm ? j->capm * 2 : 16;
		j->m = cmn_xrealloc(j->m, j->capm * sizeof(*j->m));
	}
	m = &j->m[j->nm++];
	memset(m, 0, sizeof(*m));
	add(&m->k, j->key.p, j->key.len);
	add(&m->v, s, n);
	m->null = null;
	return 1;
}

/* Nested values go to the generator; at depth 1 they become a member. */
#define NESTED(j) ((j)->g != NULL)

static int
cb_null(void *ctx)
{
	struct jrow *j = ctx;

	return NESTED(j) ? yajl_gen_null(j->g) == yajl_gen_status_ok :
	    scalar(j, "", 0, 1);
}

static int
cb_bool(void *ctx, int b)
{
	struct jrow *j = ctx;

	return NESTED(j) ? yajl_gen_bool(j->g, b) == yajl_gen_status_ok :
	    scalar(j, b ? "true" : "false", b ? 4 : 5, 0);
}

static int
cb_number(void *ctx, const char *s, size_t n)
{
	struct jrow *j = ctx;

	return NESTED(j) ? yajl_gen_number(j->g, s, n) == yajl_gen_status_ok :
	    scalar(j, s, n, 0);
}

static int
cb_string(void *ctx, const unsigned char *s, size_t n)
{
	struct jrow *j = ctx;

	return NESTED(j) ? yajl_gen_string(j->g, s, n) == yajl_gen_status_ok :
	    scalar(j, (const char *)s, n, 0);
}

static int
cb_key(void *ctx, const unsigned char *s, size_t n)
{
	struct jrow *j = ctx;

	if (NESTED(j))
		return yajl_gen_string(j->g, s, n) == yajl_gen_status_ok;
	j->key.len = 0;
	add(&j->key, s, n);
	return 1;
}

static int
open_(struct jrow *j, int map)
{
	if (j->depth == 0 && !map) {
		j->notobj = 1;
		return 0;
	}
	if (j->depth++ == 0)
		return 1;
	if (j->g == NULL && (j->g = yajl_gen_alloc(NULL)) == NULL)
		errx(1, "out of memory");
	return (map ? yajl_gen_map_open(j->g) : yajl_gen_array_open(j->g)) ==
	    yajl_gen_status_ok;
}

static int
close_(struct jrow *j, int map)
{
	const unsigned char *out;
	yajl_gen g;
	size_t n;
	int rc;

	if (--j->depth == 0)
		return 1;
	if ((map ? yajl_gen_map_close(j->g) : yajl_gen_array_close(j->g)) !=
	    yajl_gen_status_ok)
		return 0;
	if (j->depth > 1)
		return 1;
	g = j->g;			/* the member is a scalar to scalar() */
	j->g = NULL;
	rc = yajl_gen_get_buf(g, &out, &n) == yajl_gen_status_ok &&
	    scalar(j, (const char *)out, n, 0);
	yajl_gen_free(g);
	return rc;
}

static int cb_start_map(void *ctx) { return open_(ctx, 1); }
static int cb_end_map(void *ctx) { return close_(ctx, 1); }
static int cb_start_array(void *ctx) { return open_(ctx, 0); }
static int cb_end_array(void *ctx) { return close_(ctx, 0); }

static const yajl_callbacks callbacks = {
	cb_null, cb_bool, NULL, NULL, cb_number, cb_string,
	cb_start_map, cb_key, cb_end_map, cb_start_array, cb_end_array
};

void
table_add_value(struct table *t, struct row *r, const char *s, size_t n)
{
	struct jrow j;
	yajl_handle h;
	int i, ok;

	memset(&j, 0, sizeof(j));
	if ((h = yajl_alloc(&callbacks, NULL, &j)) == NULL)
		errx(1, "out of memory");
	ok = yajl_parse(h, (const unsigned char *)s, n) == yajl_status_ok &&
	    yajl_complete_parse(h) == yajl_status_ok && !j.notobj &&
	    n > 0 && s[0] == '{';
	yajl_free(h);
	if (j.g != NULL) {
		yajl_gen_free(j.g);
		ok = 0;
	}
	for (i = 0; i < j.nm; i++) {
		if (ok)
			table_set(t, r, j.m[i].k.p, j.m[i].k.len, j.m[i].v.p,
			    j.m[i].v.len, j.m[i].null);
		buf_free(&j.m[i].k);
		buf_free(&j.m[i].v);
	}
	free(j.m);
	buf_free(&j.key);
	if (!ok)
		table_set(t, r, "value", 5, s, n, 0);
}

static void
row_free(struct row *r)
{
	int i;

	free(r->key.p);
	for (i = 0; i < r->ncells; i++)
		free(r->cells[i].v.p);
	free(r->cells);
}

void
table_free(struct table *t)
{
	int i;

	for (i = 0; i < t->nrows; i++)
		row_free(&t->rows[i]);
	for (i = 0; i < t->ncols; i++)
		free(t->cols[i].p);
	free(t->rows);
	free(t->cols);
	memset(t, 0, sizeof(*t));
}
