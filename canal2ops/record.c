/* Finding the members of a Canal flat message or kcat -J envelope. */
#include <stdlib.h>
#include <string.h>

#include "record.h"

static void
rows_reset(struct rows *r, int type)
{
	r->ncol = r->nrow = 0;
	r->type = type;
}

static void
rows_push_col(struct rows *r, const struct jval *name, const struct jval *val)
{
	if (r->ncol == r->capcol) {
		r->capcol = r->capcol ? r->capcol * 2 : 64;
		r->col = cmn_xrealloc(r->col, r->capcol * sizeof(*r->col));
	}
	r->col[r->ncol].name = *name;
	r->col[r->ncol].val = *val;
	r->ncol++;
}

static void
rows_push_row(struct rows *r)
{
	if (r->nrow + 2 > r->caprow) {
		r->caprow = r->caprow ? r->caprow * 2 : 16;
		r->first = cmn_xrealloc(r->first, r->caprow * sizeof(*r->first));
	}
	r->first[r->nrow++] = r->ncol;
	r->first[r->nrow] = r->ncol;
}

/* Fail at p: the position for the message, the reason in *why. */
#define FAIL(at, msg) \
	(json_err_at = (at), *why = (msg), (const char *)NULL)

/* One object of string/scalar members as a row of r (p at its '{'). */
static const char *
row_parse(struct rows *r, const char *p, const char *e, const char **why)
{
	struct jval name, val;

	rows_push_row(r);
	p = json_ws(p + 1, e);
	if (p < e && *p == '}')
		return p + 1;
	for (;;) {
		if (p == e || *p != '"')
			return FAIL(p, p == e ? "truncated JSON" :
			    "expected a member name");
		if ((p = json_string(p, e, &name, why)) == NULL)
			return NULL;
		p = json_ws(p, e);
		if (p == e || *p != ':')
			return FAIL(p, p == e ? "truncated JSON" : "expected ':'");
		p = json_ws(p + 1, e);
		if ((p = json_value(p, e, &val, 3, why)) == NULL)
			return NULL;
		rows_push_col(r, &name, &val);
		r->first[r->nrow] = r->ncol;
		p = json_ws(p, e);
		if (p < e && *p == ',') {
			p = json_ws(p + 1, e);
			continue;
		}
		if (p < e && *p == '}')
			return p + 1;
		return FAIL(p, p == e ? "truncated JSON" : "expected ',' or '}'");
	}
}

/* A value that must be null or of the expected kind: which it is. */
static const char *
other_value(const char *p, const char *e, const char **why, const char *what)
{
	struct jval val;
	const char *at = p;

	if ((p = json_value(p, e, &val, 1, why)) != NULL)
		p = FAIL(at, what);
	return p;
}

/* "data" or "old": null, or an array of objects. */
static const char *
rows_parse(struct rows *r, const char *p, const char *e, const char **why,
    const char *what)
{
	struct jval val;

	if (p < e && *p == 'n') {
		rows_reset(r, J_NULL);
		return json_value(p, e, &val, 1, why);
	}
	if (p == e || *p != '[')
		return other_value(p, e, why, what);
	rows_reset(r, J_ARR);
	p = json_ws(p + 1, e);
	if (p < e && *p == ']')
		return p + 1;
	for (;;) {
		if (p == e || *p != '{')
			return other_value(p, e, why, what);
		if ((p = row_parse(r, p, e, why)) == NULL)
			return NULL;
		p = json_ws(p, e);
		if (p < e && *p == ',') {
			p = json_ws(p + 1, e);
			continue;
		}
		if (p < e && *p == ']')
			return p + 1;
		return FAIL(p, p == e ? "truncated JSON" : "expected ',' or ']'");
	}
}

/*
 * "mysqlType": null, or one object (kept as a row of column -> type, its
 * text in *text).
 */
static const char *
types_parse(struct rows *r, struct jval *text, const char *p, const char *e,
    const char **why)
{
	struct jval val;
	const char *q;

	if (p < e && *p == '{') {
		rows_reset(r, J_OBJ);
		if ((q = row_parse(r, p, e, why)) != NULL) {
			text->type = J_OBJ;
			text->esc = 0;
			text->p = p;
			text->n = (size_t)(q - p);
		}
		return q;
	}
	if ((p = json_value(p, e, &val, 1, why)) == NULL)
		return NULL;
	rows_reset(r, val.type == J_NULL ? J_NULL : J_NONE);
	text->type = J_NONE;
	return p;
}

static const char *
pk_parse(struct record *r, const char *p, const char *e, const char **why)
{
	struct jval v;
	const char *q;

	if ((q = json_value(p, e, &v, 1, why)) == NULL)
		return NULL;
	r->npk = 0;
	r->pktype = v.type;
	if (v.type == J_NULL)
		return q;
	if (v.type != J_ARR)
		return FAIL(p, "pkNames is not an array");
	p = json_ws(p + 1, e);
	while (*p != ']') {
		p = json_value(p, e, &v, 2, why);	/* validated above */
		if (v.type != J_STR)
			return FAIL(v.p, "pkNames holds a non-string");
		if (r->npk == r->cappk) {
			r->cappk = r->cappk ? r->cappk * 2 : 8;
			r->pk = cmn_xrealloc(r->pk, r->cappk * sizeof(*r->pk));
		}
		r->pk[r->npk++] = v;
		p = json_ws(p, e);
		if (*p == ',')
			p = json_ws(p + 1, e);
	}
	return q;
}

/* Member names are compared as written; escaped names never match. */
#define IS(s)	(name.n == sizeof(s) - 1 && memcmp(name.p, s, sizeof(s) - 1) == 0)

const char *
record_parse(struct record *r, const char *line, size_t len)
{
	const char *p, *e = line + len, *why = NULL;
	struct jval name, *slot, skip;

	r->type.type = r->database.type = r->table.type = r->isddl.type = J_NONE;
	r->es.type = r->types_text.type = J_NONE;
	r->payload.type = r->payload_enc.type = r->topic.type = J_NONE;
	r->partition.type = r->offset.type = J_NONE;
	rows_reset(&r->data, J_NONE);
	rows_reset(&r->old, J_NONE);
	rows_reset(&r->types, J_NONE);
	r->npk = 0;
	r->pktype = J_NONE;

	p = json_ws(line, e);
	json_err_at = p;
	if (p == e || *p != '{')
		return "not a JSON object";
	p = json_ws(p + 1, e);
	if (p < e && *p == '}')
		goto end;
	for (;;) {
		json_err_at = p;
		if (p == e || *p != '"')
			return p == e ? "truncated JSON" : "expected a member name";
		if ((p = json_string(p, e, &name, &why)) == NULL)
			return why;
		p = json_ws(p, e);
		json_err_at = p;
		if (p == e || *p != ':')
			return p == e ? "truncated JSON" : "expected ':'";
		p = json_ws(p + 1, e);
		slot = &skip;
		if (name.esc)
			;
		else if (IS("data"))
			slot = NULL, p = rows_parse(&r->data, p, e, &why,
			    "data is not an array of objects");
		else if (IS("old"))
			slot = NULL, p = rows_parse(&r->old, p, e, &why,
			    "old is not an array of objects");
		else if (IS("pkNames"))
			slot = NULL, p = pk_parse(r, p, e, &why);
		else if (IS("mysqlType"))
			slot = NULL, p = types_parse(&r->types,
			    &r->types_text, p, e, &why);
		else if (IS("type"))
			slot = &r->type;
		else if (IS("database"))
			slot = &r->database;
		else if (IS("table"))
			slot = &r->table;
		else if (IS("isDdl"))
			slot = &r->isddl;
		else if (IS("es"))
			slot = &r->es;
		else if (IS("payload"))
			slot = &r->payload;
		else if (IS("payload_encoding"))
			slot = &r->payload_enc;
		else if (IS("topic"))
			slot = &r->topic;
		else if (IS("partition"))
			slot = &r->partition;
		else if (IS("offset"))
			slot = &r->offset;
		if (slot != NULL)
			p = json_value(p, e, slot, 1, &why);
		if (p == NULL)
			return why;
		p = json_ws(p, e);
		if (p < e && *p == ',') {
			p = json_ws(p + 1, e);
			continue;
		}
		if (p < e && *p == '}')
			break;
		json_err_at = p;
		return p == e ? "truncated JSON" : "expected ',' or '}'";
	}
end:
	p = json_ws(p + 1, e);
	json_err_at = p;
	if (p != e)
		return "text after the JSON object";
	return NULL;
}

long long
record_es(const struct record *r)
{
	long long v = 0;
	size_t i;

	if (r->es.type != J_NUM || r->es.n > 15)
		return 0;
	for (i = 0; i < r->es.n; i++) {
		if (r->es.p[i] < '0' || r->es.p[i] > '9')
			return 0;	/* negative, fractions, exponents */
		v = v * 10 + (r->es.p[i] - '0');
	}
	return v;
}

void
record_free(struct record *r)
{
	free(r->data.col);
	free(r->data.first);
	free(r->old.col);
	free(r->old.first);
	free(r->types.col);
	free(r->types.first);
	free(r->pk);
	memset(r, 0, sizeof(*r));
}
