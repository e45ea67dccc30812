/* The Canal rules: flat message -> SET/DEL (or HSET/HDEL) ops. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "canal.h"
#include "ops.h"

void
canal_init(struct canal *c, const struct canal_conf *conf)
{
	memset(c, 0, sizeof(*c));
	c->conf = conf;
}

void
canal_free(struct canal *c)
{
	buf_free(&c->key);
	buf_free(&c->oldkey);
	buf_free(&c->val);
	buf_free(&c->tmp);
	buf_free(&c->tmp2);
	buf_free(&c->db);
	buf_free(&c->table);
	buf_free(&c->names);
	free(c->pkname);
	free(c->pklen);
	colmem_free(&c->cols);
	buf_free(&c->missing);
	buf_free(&c->first);
	while (c->capvt > 0)
		vtype_free(&c->vt[--c->capvt]);
	free(c->vt);
	buf_free(&c->vdec);
	buf_free(&c->fix);
}

static int __attribute__((format(printf, 3, 4)))
why(struct canal *c, int rc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->why, sizeof(c->why), fmt, ap);
	va_end(ap);
	return rc;
}

#define TYPE_IS(v, s)	((v)->n == sizeof(s) - 1 && memcmp((v)->p, s, sizeof(s) - 1) == 0)

/* The key columns: pkNames, or --key-columns when it is null or empty. */
struct keycols {
	const char	**name;
	size_t		 *len;
	size_t		  n;
};

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
 * Canal's value quirks (value.c): read the rules of the record's columns
 * from its mysqlType, unless --raw-values.
 */
static void
types_prepare(struct canal *c, const struct record *r)
{
	const struct rows *ty = &r->types;
	const struct col *k;
	size_t i, n;

	c->nvt = 0;
	c->anyfix = 0;
	if (c->conf->raw_values || ty->type != J_OBJ || ty->nrow == 0)
		return;
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

/* A row: its columns, and the old image's columns (UPDATE) laid over it. */
struct image {
	const struct col *col, *old;
	size_t		  ncol, nold;
	const struct record *r;
};

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
		return why(c, -1, "row lacks key column \"%.*s\"", (int)len, name);
	pos = k >= im->col && k < im->col + im->ncol ? (size_t)(k - im->col) :
	    (size_t)-1;
	if (fix_value(c, im->r, k, pos)) {
		buf_add(b, c->fix.p, c->fix.len);
		return 0;
	}
	switch (k->val.type) {
	case J_NULL:
		return why(c, -1, "key column \"%.*s\" is NULL", (int)len, name);
	case J_OBJ:
	case J_ARR:
	case J_TRUE:
	case J_FALSE:
		return why(c, -1, "key column \"%.*s\" holds %s, not a string "
		    "or a number", (int)len, name, k->val.type == J_OBJ ?
		    "an object" : k->val.type == J_ARR ? "an array" : "a boolean");
	case J_STR:
		if (json_decode(b, k->val.p, k->val.n) < 0)
			return why(c, -1, "key column \"%.*s\" holds an unpaired "
			    "surrogate", (int)len, name);
		return 0;
	default:
		buf_add(b, k->val.p, k->val.n);
		return 0;
	}
}

static int
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

static void
put_cmd(struct buf *out, const char *cmd, const struct buf *key)
{
	buf_adds(out, cmd);
	ops_put_arg(out, key->p, key->len);
}

/* SET key row-as-JSON [EX ttl] */
static void
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
static int
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
	return why(c, -1, "a column holds an unpaired surrogate: no bytes "
	    "stand for it in a hash field");
}

/* Decode a string member (database, table) into b; absent is "". */
static int
get_name(struct canal *c, const struct jval *v, const char *what, struct buf *b)
{
	b->len = 0;
	if (v->type == J_STR) {
		if (json_decode(b, v->p, v->n) < 0)
			return why(c, -1, "%s holds an unpaired surrogate", what);
	} else if (v->type != J_NONE && v->type != J_NULL)
		return why(c, -1, "%s is not a string", what);
	buf_addc(b, '\0');
	b->len--;
	return 0;
}

static int
get_keycols(struct canal *c, const struct record *r, struct keycols *kc)
{
	size_t i, off;

	if (r->pktype == J_ARR && r->npk > 0) {
		if (r->npk > c->pkcap) {
			c->pkcap = r->npk;
			c->pkname = cmn_xrealloc(c->pkname, c->pkcap * sizeof(*c->pkname));
			c->pklen = cmn_xrealloc(c->pklen, c->pkcap * sizeof(*c->pklen));
		}
		c->names.len = 0;
		buf_grow(&c->names, 64);	/* never NULL: names may be "" */
		for (i = 0; i < r->npk; i++) {
			off = c->names.len;
			if (json_decode(&c->names, r->pk[i].p, r->pk[i].n) < 0)
				return why(c, -1, "pkNames holds an unpaired surrogate");
			c->pklen[i] = c->names.len - off;
		}
		for (i = off = 0; i < r->npk; off += c->pklen[i++])
			c->pkname[i] = c->names.p + off;
		kc->name = c->pkname;
		kc->len = c->pklen;
		kc->n = r->npk;
		return 0;
	}
	kc->name = (const char **)c->conf->keycols.name;
	kc->len = c->conf->keycols.len;
	kc->n = c->conf->keycols.n;
	return 0;
}

/*
 * The kind of message: 'I', 'U', 'D' (rows to write), 'T' (TRUNCATE or
 * ERASE), 'S' (DDL: the table's columns may have changed), '?' (a type
 * not known here that carries data rows), or 0 for one skipped on
 * purpose; skipped ones are counted here.
 */
static int
classify(struct canal *c, const struct record *r)
{
	const struct jval *t = &r->type;

	if (TYPE_IS(t, "TRUNCATE") || TYPE_IS(t, "ERASE"))
		return 'T';
	if (r->isddl.type != J_TRUE) {
		/* INIT: the initial rows of snapshot tools (Flink reads INSERT) */
		if (TYPE_IS(t, "INSERT") || TYPE_IS(t, "INIT"))
			return 'I';
		if (TYPE_IS(t, "UPDATE"))
			return 'U';
		if (TYPE_IS(t, "DELETE"))
			return 'D';
	}
	if (TYPE_IS(t, "QUERY"))
		c->n.query++;
	else if (r->isddl.type == J_TRUE || TYPE_IS(t, "CREATE") ||
	    TYPE_IS(t, "ALTER") || TYPE_IS(t, "RENAME") ||
	    TYPE_IS(t, "CINDEX") || TYPE_IS(t, "DINDEX")) {
		c->n.ddl++;
		return 'S';
	} else if (t->n >= 2 && memcmp(t->p, "XA", 2) == 0)
		c->n.xa++;
	else {
		c->n.other++;
		if (r->data.type == J_ARR && r->data.nrow > 0)
			return '?';
	}
	return 0;
}

/*
 * Check row i (or, i == -1, the names of mysqlType) against the table's
 * columns: a column named twice is bad (-1); for INSERT and UPDATE, a row
 * lacking columns is a partial image: bad in the string layout (-1), a
 * merge of the columns it has with --hash (1). Else 0.
 */
static int
check_cols(struct canal *c, struct tcols *t, int kind, const struct record *r,
    long i)
{
	const struct rows *rw = i < 0 ? &r->types : &r->data;
	size_t k = i < 0 ? 0 : (size_t)i;
	long miss;

	c->missing.len = 0;
	miss = tcols_check(&c->cols, t, rw->col + rw->first[k],
	    rw->first[k + 1] - rw->first[k], &c->missing);
	if (miss < 0)
		return why(c, -1, "%scolumn \"%.*s\" appears twice",
		    i < 0 ? "mysqlType: " : "", (int)c->missing.len,
		    c->missing.p);
	if (miss == 0 || i < 0 || kind == 'D')
		return 0;
	if (c->conf->hash)
		return 1;
	return why(c, -1, "a partial row image: it lacks column%s %.*s, which "
	    "%s.%s has (binlog_row_image is not FULL?); use --hash to merge "
	    "the columns it has", miss > 1 ? "s" : "", (int)c->missing.len,
	    c->missing.p, c->db.p, c->table.p);
}

/*
 * With the default key template, the rows of one table only: a second
 * one would write its rows under the same keys. 0, or -1 with c->why set.
 */
static int
one_table(struct canal *c)
{
	struct buf *f = &c->first;
	size_t n = c->db.len + 1 + c->table.len;

	if (f->len == 0) {
		buf_add(f, c->db.p, c->db.len);
		buf_addc(f, '.');
		buf_add(f, c->table.p, c->table.len);
		return 0;
	}
	if (f->len == n && memcmp(f->p, c->db.p, c->db.len) == 0 &&
	    f->p[c->db.len] == '.' &&
	    memcmp(f->p + c->db.len + 1, c->table.p, c->table.len) == 0)
		return 0;
	return why(c, -1, "rows of %s.%s after those of %.*s: under the default "
	    "key template {pk} both tables' rows would share keys and overwrite "
	    "each other; pass -k '{table}:{pk}' (or -k '{pk}' to share keys on "
	    "purpose)", c->db.p, c->table.p, (int)f->len, f->p);
}

/* Prefix c->why with the row number. */
static int
row_bad(struct canal *c, size_t i)
{
	char rowwhy[sizeof(c->why) - 32];

	memcpy(rowwhy, c->why, sizeof(rowwhy) - 1);
	rowwhy[sizeof(rowwhy) - 1] = '\0';
	return why(c, -1, "row %zu: %s", i + 1, rowwhy);
}

/* The ops of row i. Returns their number, or -1 with c->why set. */
static int
row_ops(struct canal *c, int kind, const struct keycols *kc,
    const struct record *r, size_t i, int partial, struct buf *out)
{
	struct image im = { 0 };
	int n = 0;

	im.r = r;
	im.col = r->data.col + r->data.first[i];
	im.ncol = r->data.first[i + 1] - r->data.first[i];
	if (build_key(c, kc, &c->db, &c->table, &im, &c->key) < 0) {
		if (partial)	/* MINIMAL leaves the key out of UPDATEs */
			why(c, -1, "a partial row image without the columns of "
			    "its key: it lacks %.*s (binlog_row_image is not "
			    "FULL?)", (int)c->missing.len, c->missing.p);
		return row_bad(c, i);
	}
	if (kind == 'D') {
		put_cmd(out, "DEL ", &c->key);
		buf_addc(out, '\n');
		return 1;
	}
	/* an UPDATE whose old image gives another key: DEL that first */
	if (kind == 'U' && r->old.type == J_ARR && i < r->old.nrow) {
		im.old = r->old.col + r->old.first[i];
		im.nold = r->old.first[i + 1] - r->old.first[i];
		if (im.nold > 0 && build_key(c, kc, &c->db, &c->table, &im,
		    &c->oldkey) == 0 && (c->oldkey.len != c->key.len ||
		    memcmp(c->oldkey.p, c->key.p, c->key.len) != 0)) {
			if (partial) {	/* what it lacks stays under the old key */
				why(c, -1, "a partial row image that changes the "
				    "key: it lacks %.*s, which the new key would "
				    "not get (binlog_row_image is not FULL?)",
				    (int)c->missing.len, c->missing.p);
				return row_bad(c, i);
			}
			put_cmd(out, "DEL ", &c->oldkey);
			buf_addc(out, '\n');
			n++;
		}
		im.old = NULL;
		im.nold = 0;
	}
	if (!c->conf->hash) {
		put_set(c, &im, out);
		return n + 1;
	}
	if ((kind = put_hash(c, &im, partial, out)) < 0)
		return row_bad(c, i);
	c->n.partial += (unsigned long long)partial;
	return n + kind;
}

int
canal_record(struct canal *c, const struct record *r, struct buf *out)
{
	const struct jval *t = &r->type;
	struct keycols kc;
	struct tcols *tc;
	size_t i, mark = out->len;
	unsigned long long ops = 0;
	int kind, n, partial;

	c->n.records++;
	if (t->type != J_STR)
		return why(c, CANAL_BAD, t->type == J_NONE ? "no type" :
		    "type is not a string");
	if ((kind = classify(c, r)) == 0)
		return CANAL_SKIP;
	if (get_name(c, &r->database, "database", &c->db) < 0 ||
	    get_name(c, &r->table, "table", &c->table) < 0)
		return kind == 'I' || kind == 'U' || kind == 'D' || kind == 'T' ?
		    CANAL_BAD : CANAL_SKIP;
	if (kind == 'S') {	/* columns may have been added or dropped */
		colmem_forget(&c->cols, c->db.p, c->db.len, c->table.p,
		    c->table.len);
		return CANAL_SKIP;
	}
	if (kind == '?')
		return why(c, CANAL_WARN, "type %.*s of %s.%s with %zu data "
		    "rows: not known, skipped", (int)t->n, t->p, c->db.p,
		    c->table.p, r->data.nrow);
	if (filter_active(&c->conf->filter) &&
	    !filter_pass(&c->conf->filter, c->db.p, c->table.p)) {
		c->n.filtered++;
		return CANAL_SKIP;
	}
	if (kind == 'T') {
		c->n.truncate++;
		return why(c, CANAL_WARN, "%.*s of %s.%s: keys of its rows in "
		    "Redis are now stale", (int)t->n, t->p, c->db.p, c->table.p);
	}
	if (r->data.type != J_ARR)
		return why(c, CANAL_BAD, "%.*s without data rows%s", (int)t->n,
		    t->p, r->data.type == J_NULL ? " (data is null: statement "
		    "or mixed binlog format?)" : "");
	if (get_keycols(c, r, &kc) < 0)
		return CANAL_BAD;
	if (c->conf->as_deletes)	/* only the keys of the rows */
		kind = 'D';
	if (c->conf->key_default && one_table(c) < 0)
		return CANAL_STOP;
	tc = colmem_table(&c->cols, c->db.p, c->db.len, c->table.p,
	    c->table.len);
	if (r->types.type == J_OBJ && check_cols(c, tc, kind, r, -1) < 0)
		return CANAL_BAD;
	types_prepare(c, r);
	for (i = 0; i < r->data.nrow; i++) {
		if ((partial = check_cols(c, tc, kind, r, (long)i)) < 0 ||
		    (n = row_ops(c, kind, &kc, r, i, partial, out)) < 0) {
			if (partial < 0)
				row_bad(c, i);
			out->len = mark;	/* nothing of a bad record */
			return CANAL_BAD;
		}
		ops += (unsigned long long)n;
	}
	c->n.rows += r->data.nrow;
	c->n.ops += ops;
	return CANAL_OK;
}
