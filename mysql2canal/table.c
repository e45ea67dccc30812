/*
 * Columns, types and the primary key from information_schema, and the
 * SELECT statements that read a table in key order, chunk by chunk.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conn.h"
#include "json.h"
#include "table.h"

static const struct {
	const char	*type;
	enum kind	 kind;
} kinds[] = {
	{ "tinyint", K_TINYINT }, { "smallint", K_SMALLINT },
	{ "mediumint", K_MEDIUMINT }, { "int", K_INT }, { "bigint", K_BIGINT },
	{ "decimal", K_DECIMAL }, { "float", K_FLOAT }, { "double", K_DOUBLE },
	{ "date", K_DATE }, { "datetime", K_DATETIME },
	{ "timestamp", K_TIMESTAMP }, { "time", K_TIME }, { "year", K_YEAR },
	{ "char", K_CHAR }, { "varchar", K_VARCHAR }, { "tinytext", K_TEXT },
	{ "text", K_TEXT }, { "mediumtext", K_TEXT }, { "longtext", K_TEXT },
	{ "binary", K_BINARY }, { "varbinary", K_VARBINARY },
	{ "tinyblob", K_BLOB }, { "blob", K_BLOB }, { "mediumblob", K_BLOB },
	{ "longblob", K_BLOB }, { "bit", K_BIT }, { "enum", K_ENUM },
	{ "set", K_SET }, { "json", K_JSON }, { "geometry", K_GEOMETRY },
	{ "point", K_GEOMETRY }, { "linestring", K_GEOMETRY },
	{ "polygon", K_GEOMETRY }, { "multipoint", K_GEOMETRY },
	{ "multilinestring", K_GEOMETRY }, { "multipolygon", K_GEOMETRY },
	{ "geometrycollection", K_GEOMETRY }, { NULL, K_OTHER }
};

static enum kind
kind_of(const char *data_type)
{
	int i;

	for (i = 0; kinds[i].type != NULL; i++)
		if (strcmp(kinds[i].type, data_type) == 0)
			return kinds[i].kind;
	return K_OTHER;
}

/*
 * Canal's mysqlType of an ENUM or SET: information_schema doubles a
 * backslash in a label, Canal's table parser does not. Sets c->numeric
 * when a label reads like a number Canal writes (0, or 1-9 then digits).
 */
static char *
labels(struct column *c, const char *t)
{
	struct buf b = { 0 }, lab = { 0 };
	const char *p = strchr(t, '(');
	size_t i;

	if (p == NULL)
		return cmn_xstrdup(t);
	buf_add(&b, t, (size_t)(p - t) + 1);
	for (p++; *p != '\0'; p++) {
		if (*p != '\'') {
			buf_addc(&b, *p);
			continue;
		}
		buf_addc(&b, '\'');
		lab.len = 0;
		for (p++; *p != '\0'; p++) {
			if (*p == '\'' && p[1] == '\'') {
				buf_add(&b, "''", 2);
				buf_addc(&lab, '\'');
				p++;
			} else if (*p == '\'')
				break;
			else if (*p == '\\' && p[1] != '\0') {
				p++;
				buf_addc(&b, *p);
				buf_addc(&lab, *p);
			} else {
				buf_addc(&b, *p);
				buf_addc(&lab, *p);
			}
		}
		if (*p == '\0')
			break;
		buf_addc(&b, '\'');
		if (lab.len > 0 && (lab.len == 1 || lab.p[0] != '0')) {
			for (i = 0; i < lab.len && lab.p[i] >= '0' &&
			    lab.p[i] <= '9'; i++)
				;
			if (i == lab.len)
				c->numeric = 1;
		}
	}
	buf_addc(&b, '\0');
	buf_free(&lab);
	return b.p;
}

/* A query whose rows are read with a callback; 0 or the exit status. */
static int
query(MYSQL *m, const char *sql, void (*row)(void *, MYSQL_ROW), void *arg)
{
	MYSQL_RES *r;
	MYSQL_ROW v;

	if (mysql_real_query(m, sql, strlen(sql)) != 0 ||
	    (r = mysql_store_result(m)) == NULL)
		return conn_status(mysql_errno(m));
	while ((v = mysql_fetch_row(r)) != NULL)
		row(arg, v);
	mysql_free_result(r);
	return 0;
}

struct load {
	struct table	*t;
	char *const	*cols;
	size_t		 ncols;
	char		**keyname;
	size_t		 nkeyname;
};

static void
key_row(void *arg, MYSQL_ROW v)
{
	struct load *l = arg;

	l->keyname = cmn_xrealloc(l->keyname, (l->nkeyname + 1) *
	    sizeof(*l->keyname));
	l->keyname[l->nkeyname++] = cmn_xstrdup(v[0]);
}

static void
col_row(void *arg, MYSQL_ROW v)
{
	struct load *l = arg;
	struct table *t = l->t;
	struct column *c;
	size_t i;
	/* no list: every column; an empty one (--keys-only): the key's, or
	   every column of a table without a key */
	int pk = 0, wanted = l->cols == NULL || (l->ncols == 0 &&
	    l->nkeyname == 0);

	for (i = 0; i < l->nkeyname; i++)
		if (strcmp(l->keyname[i], v[0]) == 0)
			pk = 1;
	for (i = 0; i < l->ncols; i++)
		if (strcmp(l->cols[i], v[0]) == 0)
			wanted = 1;
	if (!pk && !wanted)
		return;
	t->col = cmn_xrealloc(t->col, (t->ncol + 1) * sizeof(*t->col));
	c = &t->col[t->ncol++];
	memset(c, 0, sizeof(*c));
	c->name = cmn_xstrdup(v[0]);
	c->kind = kind_of(v[2]);
	c->is_unsigned = strstr(v[1], " unsigned") != NULL;
	c->tiny = strcmp(v[2], "tinytext") == 0 || strcmp(v[2], "tinyblob") == 0;
	c->pk = pk;
	c->bytes = c->kind == K_BINARY || c->kind == K_VARBINARY ||
	    c->kind == K_BLOB || c->kind == K_GEOMETRY;
	if (c->kind == K_ENUM || c->kind == K_SET)
		c->mysqltype = labels(c, v[1]);
	else
		c->mysqltype = cmn_xstrdup(v[1]);
	json_str(&c->jname, c->name);
	buf_addc(&c->jname, ':');
}

static void
lit(MYSQL *m, struct buf *b, const char *s)
{
	conn_quote(m, b, s, strlen(s));
}

/* Can a key of this kind continue after a value? (Its order and a
 * literal's comparison agree.) */
static int
chunkable(enum kind k)
{
	switch (k) {
	case K_ENUM: case K_SET: case K_JSON: case K_GEOMETRY: case K_OTHER:
	case K_FLOAT: case K_TEXT: case K_BLOB:
		return 0;
	default:
		return 1;
	}
}

/* The static parts of the table's messages. */
static void
heads(struct table *t)
{
	size_t i;
	int first = 1;

	buf_adds(&t->jhead, "\"database\":");
	json_str(&t->jhead, t->db);
	buf_adds(&t->jtypes, "\"mysqlType\":{");
	for (i = 0; i < t->ncol; i++) {
		if (i > 0)
			buf_addc(&t->jtypes, ',');
		buf_add(&t->jtypes, t->col[i].jname.p, t->col[i].jname.len);
		json_str(&t->jtypes, t->col[i].mysqltype);
	}
	buf_addc(&t->jtypes, '}');
	/* Canal lists the key's columns in table order, null without one */
	buf_adds(&t->jpk, "\"pkNames\":");
	if (t->nkey == 0)
		buf_adds(&t->jpk, "null");
	else {
		buf_addc(&t->jpk, '[');
		for (i = 0; i < t->ncol; i++) {
			if (!t->col[i].pk)
				continue;
			if (!first)
				buf_addc(&t->jpk, ',');
			first = 0;
			json_str(&t->jpk, t->col[i].name);
		}
		buf_addc(&t->jpk, ']');
	}
	buf_adds(&t->jtable, "\"table\":");
	json_str(&t->jtable, t->name);
}

int
table_load(struct table *t, MYSQL *m, const char *db, const char *name,
    char *const *cols, size_t ncols, char *why, size_t whylen)
{
	struct load l = { t, cols, ncols, NULL, 0 };
	struct buf sql = { 0 };
	size_t i, j;
	int rc;

	memset(t, 0, sizeof(*t));
	t->db = cmn_xstrdup(db);
	t->name = cmn_xstrdup(name);
	buf_adds(&sql, "SELECT COLUMN_NAME FROM information_schema.STATISTICS "
	    "WHERE TABLE_SCHEMA = ");
	lit(m, &sql, db);
	buf_adds(&sql, " AND TABLE_NAME = ");
	lit(m, &sql, name);
	buf_adds(&sql, " AND INDEX_NAME = 'PRIMARY' ORDER BY SEQ_IN_INDEX");
	buf_addc(&sql, '\0');
	if ((rc = query(m, sql.p, key_row, &l)) != 0)
		goto bad;
	sql.len = 0;
	buf_adds(&sql, "SELECT COLUMN_NAME, COLUMN_TYPE, DATA_TYPE FROM "
	    "information_schema.COLUMNS WHERE TABLE_SCHEMA = ");
	lit(m, &sql, db);
	buf_adds(&sql, " AND TABLE_NAME = ");
	lit(m, &sql, name);
	buf_adds(&sql, " ORDER BY ORDINAL_POSITION");
	buf_addc(&sql, '\0');
	if ((rc = query(m, sql.p, col_row, &l)) != 0)
		goto bad;
	if (t->ncol == 0) {
		/* no such table, or no privilege: the server says which */
		sql.len = 0;
		buf_adds(&sql, "SELECT 1 FROM ");
		conn_ident(&sql, db);
		buf_addc(&sql, '.');
		conn_ident(&sql, name);
		buf_adds(&sql, " LIMIT 0");
		buf_addc(&sql, '\0');
		if ((rc = conn_exec(m, sql.p)) != 0)
			goto bad;
		snprintf(why, whylen, "%s.%s: no column %s", db, name,
		    cols != NULL ? "of --columns" : "can be read");
		rc = EX_NOTABLE;
		goto out;
	}
	for (i = 0; i < ncols; i++) {
		for (j = 0; j < t->ncol; j++)
			if (strcmp(cols[i], t->col[j].name) == 0)
				break;
		if (j == t->ncol) {
			snprintf(why, whylen, "%s.%s: no column \"%s\"", db,
			    name, cols[i]);
			rc = EX_DATA;
			goto out;
		}
	}
	t->key = cmn_xmalloc((l.nkeyname + 1) * sizeof(*t->key));
	t->chunked = l.nkeyname > 0;
	for (i = 0; i < l.nkeyname; i++) {
		for (j = 0; j < t->ncol; j++)
			if (strcmp(l.keyname[i], t->col[j].name) == 0)
				break;
		if (j == t->ncol) {	/* a key column we may not read */
			t->chunked = 0;
			continue;
		}
		t->key[t->nkey++] = j;
		if (!chunkable(t->col[j].kind))
			t->chunked = 0;
	}
	heads(t);
	rc = 0;
	goto out;
bad:
	snprintf(why, whylen, "%s.%s: %s (%u)", db, name, mysql_error(m),
	    mysql_errno(m));
out:
	for (i = 0; i < l.nkeyname; i++)
		free(l.keyname[i]);
	free(l.keyname);
	buf_free(&sql);
	return rc;
}

void
table_free(struct table *t)
{
	size_t i;

	for (i = 0; i < t->ncol; i++) {
		free(t->col[i].name);
		free(t->col[i].mysqltype);
		buf_free(&t->col[i].jname);
	}
	free(t->col);
	free(t->key);
	free(t->db);
	free(t->name);
	buf_free(&t->jhead);
	buf_free(&t->jtypes);
	buf_free(&t->jpk);
	buf_free(&t->jtable);
	memset(t, 0, sizeof(*t));
}

/* The select item of column c. */
static void
item(struct buf *b, const struct column *c)
{
	switch (c->kind) {
	case K_FLOAT:		/* its full precision, not six digits */
		buf_addc(b, '(');
		conn_ident(b, c->name);
		buf_adds(b, " * 1e0)");
		return;
	case K_TIMESTAMP:	/* to be written in the chosen time zone */
		buf_adds(b, "UNIX_TIMESTAMP(");
		conn_ident(b, c->name);
		buf_addc(b, ')');
		return;
	case K_ENUM:
	case K_SET:
		if (c->numeric) {	/* index or mask, as Canal */
			buf_addc(b, '(');
			conn_ident(b, c->name);
			buf_adds(b, " + 0)");
			return;
		}
		break;
	default:
		break;
	}
	conn_ident(b, c->name);
}

/* A literal equal to a key value read by its select item. */
static void
key_lit(MYSQL *m, struct buf *b, const struct column *c, const char *v,
    unsigned long n)
{
	static const char hex[] = "0123456789ABCDEF";
	unsigned long long u = 0;
	unsigned long i;

	switch (c->kind) {
	case K_TINYINT: case K_SMALLINT: case K_MEDIUMINT: case K_INT:
	case K_BIGINT: case K_DECIMAL: case K_DOUBLE: case K_YEAR:
		buf_add(b, v, n);
		return;
	case K_BIT:
		for (i = 0; i < n; i++)
			u = u << 8 | (unsigned char)v[i];
		buf_addu(b, u);
		return;
	case K_TIMESTAMP:
		if (strspn(v, "0.") == n)
			buf_adds(b, "'0000-00-00 00:00:00'");
		else {
			buf_adds(b, "FROM_UNIXTIME(");
			buf_add(b, v, n);
			buf_addc(b, ')');
		}
		return;
	case K_BINARY: case K_VARBINARY:
		buf_adds(b, "X'");
		for (i = 0; i < n; i++) {
			buf_addc(b, hex[(unsigned char)v[i] >> 4]);
			buf_addc(b, hex[(unsigned char)v[i] & 15]);
		}
		buf_addc(b, '\'');
		return;
	default:
		conn_quote(m, b, v, n);
	}
}

void
table_select(const struct table *t, MYSQL *m, struct buf *sql,
    const char *where, char *const *last, const unsigned long *lastlen,
    unsigned long long limit)
{
	size_t i, j, k;
	const struct column *c;

	sql->len = 0;
	buf_adds(sql, "SELECT ");
	for (i = 0; i < t->ncol; i++) {
		if (i > 0)
			buf_adds(sql, ", ");
		item(sql, &t->col[i]);
	}
	buf_adds(sql, " FROM ");
	conn_ident(sql, t->db);
	buf_addc(sql, '.');
	conn_ident(sql, t->name);
	if (where != NULL || last != NULL)
		buf_adds(sql, " WHERE ");
	if (where != NULL) {
		buf_addc(sql, '(');
		buf_adds(sql, where);
		buf_addc(sql, ')');
		if (last != NULL)
			buf_adds(sql, " AND ");
	}
	if (last != NULL) {
		/*
		 * After the last key read: k1 >= v1 AND (k1 > v1 OR (k1 = v1
		 * AND k2 > v2) OR ...), a range on the key's index.
		 */
		c = &t->col[t->key[0]];
		conn_ident(sql, c->name);
		buf_adds(sql, " >= ");
		key_lit(m, sql, c, last[0], lastlen[0]);
		buf_adds(sql, " AND (");
		for (i = 0; i < t->nkey; i++) {
			if (i > 0)
				buf_adds(sql, " OR ");
			buf_addc(sql, '(');
			for (j = 0; j <= i; j++) {
				k = t->key[j];
				c = &t->col[k];
				if (j > 0)
					buf_adds(sql, " AND ");
				conn_ident(sql, c->name);
				buf_adds(sql, j < i ? " = " : " > ");
				key_lit(m, sql, c, last[j], lastlen[j]);
			}
			buf_addc(sql, ')');
		}
		buf_addc(sql, ')');
	}
	if (t->chunked && limit > 0) {
		buf_adds(sql, " ORDER BY ");
		for (i = 0; i < t->nkey; i++) {
			if (i > 0)
				buf_adds(sql, ", ");
			conn_ident(sql, t->col[t->key[i]].name);
		}
		buf_adds(sql, " LIMIT ");
		buf_addu(sql, limit);
	}
	buf_addc(sql, '\0');
	sql->len--;
}

struct list {
	char	**name;
	size_t	  n;
};

static void
list_row(void *arg, MYSQL_ROW v)
{
	struct list *l = arg;

	l->name = cmn_xrealloc(l->name, (l->n + 1) * sizeof(*l->name));
	l->name[l->n++] = cmn_xstrdup(v[0]);
}

int
table_list(MYSQL *m, const char *db, char ***names, size_t *n, char *why,
    size_t whylen)
{
	struct buf sql = { 0 };
	struct list l = { NULL, 0 }, s = { NULL, 0 };
	size_t i;
	int rc;

	buf_adds(&sql, "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA "
	    "WHERE SCHEMA_NAME = ");
	lit(m, &sql, db);
	buf_addc(&sql, '\0');
	if ((rc = query(m, sql.p, list_row, &s)) != 0)
		goto bad;
	if (s.n == 0) {
		snprintf(why, whylen, "%s: no such database (or no privilege "
		    "on it)", db);
		rc = EX_NOTABLE;
		goto out;
	}
	sql.len = 0;
	buf_adds(&sql, "SELECT TABLE_NAME FROM information_schema.TABLES "
	    "WHERE TABLE_SCHEMA = ");
	lit(m, &sql, db);
	buf_adds(&sql, " AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME");
	buf_addc(&sql, '\0');
	if ((rc = query(m, sql.p, list_row, &l)) != 0)
		goto bad;
	*names = l.name;
	*n = l.n;
	goto out;
bad:
	snprintf(why, whylen, "%s: %s (%u)", db, mysql_error(m),
	    mysql_errno(m));
out:
	for (i = 0; i < s.n; i++)
		free(s.name[i]);
	free(s.name);
	buf_free(&sql);
	return rc;
}
