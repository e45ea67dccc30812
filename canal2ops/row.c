/* A row image as ops: key, JSON value or hash fields (row.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ops.h"
#include "row.h"

static const struct col *
find_col(const struct col *row, size_t ncol, const char *name, size_t len,
    struct buf *scratch)
{
	size_t i;

	for (i = 0; i < ncol; i++)
		if (json_eq(&row[i].name, name, len, scratch))
			return &row[i];
	return NULL;
}

/*
 * Canal's value quirks (value.c): none with --raw-values. A message with
 * the same mysqlType text as the one before has the same rules: they are
 * kept, not read again.
 */
void
types_prepare(struct canal *c, const struct record *r)
{
	const struct rows *ty = &r->types;
	const struct jval *text = &r->types_text;
	const struct col *k;
	size_t i, n;

	if (c->conf->raw_values || ty->type != J_OBJ || ty->nrow == 0) {
		c->nvt = 0;
		c->anyfix = 0;
		c->vtsrc.len = 0;
		return;
	}
	if (c->vtsrc.len == text->n && c->vtsrc.len > 0 &&
	    memcmp(c->vtsrc.p, text->p, text->n) == 0)
		return;
	c->vtsrc.len = 0;
	buf_add(&c->vtsrc, text->p, text->n);
	c->nvt = 0;
	c->anyfix = 0;
	n = ty->first[1] - ty->first[0];
	if (n > c->capvt) {
		c->vt = cmn_xrealloc(c->vt, n * sizeof(*c->vt));
		memset(c->vt + c->capvt, 0, (n - c->capvt) * sizeof(*c->vt));
		c->capvt = n;
	}
	for (i = 0; i < n; i++) {
		k = &ty->col[ty->first[0] + i];
		c->vt[i].kind = VT_NONE;
		if (k->val.type != J_STR)
			continue;
		if (!k->val.esc) {
			if (vtype_parse(&c->vt[i], k->val.p, k->val.n) != VT_NONE)
				c->anyfix = 1;
			continue;
		}
		c->vdec.len = 0;
		if (json_decode(&c->vdec, k->val.p, k->val.n) == 0 &&
		    vtype_parse(&c->vt[i], c->vdec.p, c->vdec.len) != VT_NONE)
			c->anyfix = 1;
	}
	c->nvt = n;
}

static int
same_name(struct canal *c, const struct jval *a, const struct jval *b)
{
	if (a->n == b->n && memcmp(a->p, b->p, a->n) == 0)
		return 1;
	if (!a->esc && !b->esc)
		return 0;
	c->vdec.len = 0;
	buf_grow(&c->vdec, 1);
	if (json_decode(&c->vdec, a->p, a->n) < 0)
		return 0;
	return json_eq(b, c->vdec.p, c->vdec.len, &c->fix);
}

/*
 * MySQL's value of column k (at pos in its row) when a rule changes
 * Canal's text: the bytes in c->fix, and 1; else 0.
 */
static int
fix_value(struct canal *c, const struct record *r, const struct col *k,
    size_t pos)
{
	const struct col *ty;
	const struct vtype *vt = NULL;
	const char *s = k->val.p;
	size_t i, n = k->val.n;

	if (!c->anyfix || k->val.type != J_STR)
		return 0;
	ty = r->types.col + r->types.first[0];
	if (pos < c->nvt && same_name(c, &ty[pos].name, &k->name))
		vt = &c->vt[pos];
	for (i = 0; vt == NULL && i < c->nvt; i++)
		if (same_name(c, &ty[i].name, &k->name))
			vt = &c->vt[i];
	if (vt == NULL || vt->kind == VT_NONE)
		return 0;
	if (k->val.esc) {
		c->vdec.len = 0;
		if (json_decode(&c->vdec, k->val.p, k->val.n) < 0)
			return 0;
		s = c->vdec.p;
		n = c->vdec.len;
	}
	c->fix.len = 0;
	buf_grow(&c->fix, n + 16);	/* never NULL */
	return value_fix(vt, s, n, &c->fix);
}


/*
 * Append the value of column name in the image to b, as Redis bytes.
 * Returns 0, or -1 with c->why set.
 */
static int
put_col(struct canal *c, const struct image *im, const char *name, size_t len,
    struct buf *b)
{
	const struct col *k = NULL;
	size_t pos;

	if (im->old != NULL)
		k = find_col(im->old, im->nold, name, len, &c->tmp2);
	if (k == NULL)
		k = find_col(im->col, im->ncol, name, len, &c->tmp2);
	if (k == NULL)
		return canal_why(c, -1, "row lacks key column \"%.*s\"", (int)len, name);
	pos = k >= im->col && k < im->col + im->ncol ? (size_t)(k - im->col) :
	    (size_t)-1;
	if (fix_value(c, im->r, k, pos)) {
		buf_add(b, c->fix.p, c->fix.len);
		return 0;
	}
	switch (k->val.type) {
	case J_NULL:
		return canal_why(c, -1, "key column \"%.*s\" is NULL", (int)len, name);
	case J_OBJ:
	case J_ARR:
	case J_TRUE:
	case J_FALSE:
		return canal_why(c, -1, "key column \"%.*s\" holds %s, not a string "
		    "or a number", (int)len, name, k->val.type == J_OBJ ?
		    "an object" : k->val.type == J_ARR ? "an array" : "a boolean");
	case J_STR:
		if (json_decode(b, k->val.p, k->val.n) < 0)
			return canal_why(c, -1, "key column \"%.*s\" holds an unpaired "
			    "surrogate", (int)len, name);
		return 0;
	default:
		buf_add(b, k->val.p, k->val.n);
		return 0;
	}
}

int
build_key(struct canal *c, const struct keycols *kc, const struct buf *db,
    const struct buf *table, const struct image *im, struct buf *b)
{
	const struct keytmpl *t = &c->conf->key;
	size_t i, j;

	b->len = 0;
	buf_grow(b, 64);	/* never NULL, even for an empty key */
	for (i = 0; i < t->n; i++) {
		const struct kpart *p = &t->part[i];

		switch (p->kind) {
		case KP_LIT:
			buf_add(b, p->s, p->n);
			break;
		case KP_DATABASE:
			buf_add(b, db->p, db->len);
			break;
		case KP_TABLE:
			buf_add(b, table->p, table->len);
			break;
		case KP_PK:
			for (j = 0; j < kc->n; j++) {
				if (j > 0)
					buf_addc(b, ':');
				if (put_col(c, im, kc->name[j], kc->len[j], b) < 0)
					return -1;
			}
			break;
		default:
			if (put_col(c, im, p->s, p->n, b) < 0)
				return -1;
		}
	}
	return 0;
}

/* Is the column in the value (--columns, --exclude-columns)? */
static int
col_wanted(struct canal *c, const struct jval *name)
{
	const struct canal_conf *cf = c->conf;
	const char *s = name->p;
	size_t n = name->n;

	if (cf->cols.n == 0 && cf->xcols.n == 0)
		return 1;
	if (name->esc) {
		c->tmp2.len = 0;
		if (json_decode(&c->tmp2, name->p, name->n) < 0)
			return cf->cols.n == 0;
		s = c->tmp2.p;
		n = c->tmp2.len;
	}
	if (cf->cols.n > 0 && !namelist_has(&cf->cols, s, n))
		return 0;
	return !namelist_has(&cf->xcols, s, n);
}

void
put_cmd(struct buf *out, const char *cmd, const struct buf *key)
{
	buf_adds(out, cmd);
	ops_put_arg(out, key->p, key->len);
}

/* SET key row-as-JSON [EX ttl] */
void
put_set(struct canal *c, const struct image *im, struct buf *out)
{
	struct buf *v = &c->val;
	size_t i;
	int first = 1;

	v->len = 0;
	buf_addc(v, '{');
	for (i = 0; i < im->ncol; i++) {
		const struct col *k = &im->col[i];

		if (!col_wanted(c, &k->name))
			continue;
		if (!first)
			buf_addc(v, ',');
		first = 0;
		json_reencode(v, &k->name);
		buf_addc(v, ':');
		if (fix_value(c, im->r, k, i))
			json_encode(v, c->fix.p, c->fix.len);
		else if (k->val.type == J_STR)
			json_reencode(v, &k->val);
		else
			buf_add(v, k->val.p, k->val.n);
	}
	buf_addc(v, '}');
	put_cmd(out, "SET ", &c->key);
	buf_addc(out, ' ');
	ops_put_arg(out, v->p, v->len);
	if (c->conf->ttl > 0) {
		buf_adds(out, " EX ");
		buf_addi(out, c->conf->ttl);
	}
	buf_addc(out, '\n');
}

/* Append a decoded string or raw value as one argument. */
static int
put_val_arg(struct canal *c, const struct jval *v, struct buf *out)
{
	if (v->type != J_STR || !v->esc) {
		ops_put_arg(out, v->p, v->n);
		return 0;
	}
	c->tmp.len = 0;
	buf_grow(&c->tmp, v->n);
	if (json_decode(&c->tmp, v->p, v->n) < 0)
		return -1;
	ops_put_arg(out, c->tmp.p, c->tmp.len);
	return 0;
}

/*
 * --hash: HSET key f v ... for the non-NULL columns, then HDEL key f ...
 * for the NULL ones; DEL key when no column is non-NULL, unless the image
 * is partial (it has only some of the row's columns). Returns the number
 * of ops, or -1 with c->why set.
 */
int
put_hash(struct canal *c, const struct image *im, int partial, struct buf *out)
{
	struct buf *hdel = &c->val;
	size_t i, mark = out->len;
	int nset = 0, ndel = 0;

	hdel->len = 0;
	for (i = 0; i < im->ncol; i++) {
		const struct col *k = &im->col[i];
		struct buf *b = out;

		if (!col_wanted(c, &k->name))
			continue;
		if (k->val.type == J_NULL) {
			b = hdel;
			if (ndel++ == 0)
				put_cmd(b, "HDEL ", &c->key);
		} else if (nset++ == 0)
			put_cmd(b, "HSET ", &c->key);
		buf_addc(b, ' ');
		if (put_val_arg(c, &k->name, b) < 0)
			goto surrogate;
		if (k->val.type != J_NULL) {
			buf_addc(b, ' ');
			if (fix_value(c, im->r, k, i))
				ops_put_arg(b, c->fix.p, c->fix.len);
			else if (put_val_arg(c, &k->val, b) < 0)
				goto surrogate;
		}
	}
	if (nset == 0 && partial) {	/* only the fields it has */
		if (ndel == 0)
			return 0;
		buf_add(out, hdel->p, hdel->len);
		buf_addc(out, '\n');
		return 1;
	}
	if (nset == 0) {
		put_cmd(out, "DEL ", &c->key);
		buf_addc(out, '\n');
		return 1;
	}
	buf_addc(out, '\n');
	if (ndel > 0) {
		buf_add(out, hdel->p, hdel->len);
		buf_addc(out, '\n');
	}
	return ndel > 0 ? 2 : 1;
surrogate:
	out->len = mark;
	return canal_why(c, -1, "a column holds an unpaired surrogate: no bytes "
	    "stand for it in a hash field");
}

