/* The Canal rules: flat message -> SET/DEL (or HSET/HDEL) ops. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "canal.h"
#include "ops.h"
#include "row.h"

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
	buf_free(&c->vtsrc);
	buf_free(&c->vdec);
	buf_free(&c->fix);
}

int
canal_why(struct canal *c, int rc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->why, sizeof(c->why), fmt, ap);
	va_end(ap);
	return rc;
}

#define TYPE_IS(v, s)	((v)->n == sizeof(s) - 1 && memcmp((v)->p, s, sizeof(s) - 1) == 0)

/* Decode a string member (database, table) into b; absent is "". */
static int
get_name(struct canal *c, const struct jval *v, const char *what, struct buf *b)
{
	b->len = 0;
	if (v->type == J_STR) {
		if (json_decode(b, v->p, v->n) < 0)
			return canal_why(c, -1, "%s holds an unpaired surrogate", what);
	} else if (v->type != J_NONE && v->type != J_NULL)
		return canal_why(c, -1, "%s is not a string", what);
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
				return canal_why(c, -1, "pkNames holds an unpaired surrogate");
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
		return canal_why(c, -1, "%scolumn \"%.*s\" appears twice",
		    i < 0 ? "mysqlType: " : "", (int)c->missing.len,
		    c->missing.p);
	if (miss == 0 || i < 0 || kind == 'D')
		return 0;
	if (c->conf->hash)
		return 1;
	return canal_why(c, -1, "a partial row image: it lacks column%s %.*s, which "
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
	return canal_why(c, -1, "rows of %s.%s after those of %.*s: under the default "
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
	return canal_why(c, -1, "row %zu: %s", i + 1, rowwhy);
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
			canal_why(c, -1, "a partial row image without the columns of "
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
				canal_why(c, -1, "a partial row image that changes the "
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
		return canal_why(c, CANAL_BAD, t->type == J_NONE ? "no type" :
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
		return canal_why(c, CANAL_WARN, "type %.*s of %s.%s with %zu data "
		    "rows: not known, skipped", (int)t->n, t->p, c->db.p,
		    c->table.p, r->data.nrow);
	if (filter_active(&c->conf->filter) &&
	    !filter_pass(&c->conf->filter, c->db.p, c->table.p)) {
		c->n.filtered++;
		return CANAL_SKIP;
	}
	if (kind == 'T') {
		c->n.truncate++;
		return canal_why(c, CANAL_WARN, "%.*s of %s.%s: keys of its rows in "
		    "Redis are now stale", (int)t->n, t->p, c->db.p, c->table.p);
	}
	if (r->data.type != J_ARR)
		return canal_why(c, CANAL_BAD, "%.*s without data rows%s", (int)t->n,
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
